plugin_LTLIBRARIES += plugins/html.la
plugins_html_la_SOURCES = plugins/html/html.c plugins/html/ids.c plugins/html/raw.c \
	plugins/html/page.c plugins/html/legend.c plugins/html/html.h
plugins_html_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_html_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_html_la_LIBADD = plugins/common/libpcvcommon.la $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/html/README.md

# The GFM spec conformance runner: paissconv and libcmark-gfm side by side.
check_PROGRAMS += tests/conformance
TESTS += tests/conformance
tests_conformance_SOURCES = tests/conformance.c tests/html-normalize.c tests/html-normalize.h
tests_conformance_CFLAGS = $(AM_CFLAGS) $(CMARK_CFLAGS)
tests_conformance_LDADD = libpaissconv.la $(CMARK_LIBS)

TESTS += tests/html-writer.sh tests/html-page.sh
EXTRA_DIST += tests/html-writer.sh tests/html-page.sh \
	tests/golden/html/writer.md tests/golden/html/writer.html

# the emoji legend in the outputs (the checker and sample are shared by
# tests/legend-{html,epub,pdf}.sh)
TESTS += tests/legend-html.sh
EXTRA_DIST += tests/legend-html.sh tests/legend/check.py tests/legend/plain.md

# html, epub and pdf give headings the same ids (plugins/common/slug.c)
TESTS += tests/heading-ids.sh
EXTRA_DIST += tests/heading-ids.sh tests/ids/check.py tests/ids/headings.md tests/ids/headings.ids
