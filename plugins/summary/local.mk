plugin_LTLIBRARIES += plugins/summary.la
plugins_summary_la_SOURCES = plugins/summary/summary.c
plugins_summary_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_summary_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_summary_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/summary/README.md

# Tests: the digest of the sample notes (golden), wrapping, no filter.
TESTS += tests/summary.sh
EXTRA_DIST += tests/summary.sh tests/golden/summary/lecture-notes.summary.txt \
	tests/golden/summary/reading-group.summary.txt
