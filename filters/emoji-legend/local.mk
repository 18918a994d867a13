plugin_LTLIBRARIES += filters/emoji-legend.la
filters_emoji_legend_la_SOURCES = filters/emoji-legend/emoji-legend.c \
	filters/emoji-legend/emoji-legend.h filters/emoji-legend/emoji-unicode.c \
	filters/emoji-legend/emoji-unicode.h filters/emoji-legend/emoji-tables.h \
	filters/emoji-legend/emoji-yaml.c
filters_emoji_legend_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) $(YAML_CFLAGS)
filters_emoji_legend_la_LDFLAGS = $(PLUGIN_LDFLAGS)
filters_emoji_legend_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS) $(YAML_LIBS)
EXTRA_DIST += filters/emoji-legend/README.md filters/emoji-legend/gen-emoji-tables.awk

# emoji-tables.h is generated from Unicode's emoji data and kept in the
# source tree, so that building needs no data files.  To regenerate it
# (after a Unicode update: apt-get install unicode-data):
#   make emoji-legend-tables [UNICODE_EMOJI_DIR=/usr/share/unicode/emoji]
UNICODE_EMOJI_DIR = /usr/share/unicode/emoji
emoji-legend-tables:
	LC_ALL=C $(AWK) -f $(srcdir)/filters/emoji-legend/gen-emoji-tables.awk \
		$(UNICODE_EMOJI_DIR)/emoji-data.txt $(UNICODE_EMOJI_DIR)/emoji-test.txt \
		> $(srcdir)/filters/emoji-legend/emoji-tables.h.tmp
	mv $(srcdir)/filters/emoji-legend/emoji-tables.h.tmp $(srcdir)/filters/emoji-legend/emoji-tables.h
.PHONY: emoji-legend-tables

# Tests: every emoji of Unicode's emoji-test.txt through the real plugins;
# tags and summary of the sample notes; legend precedence; documents
# without markers unchanged.
check_PROGRAMS += tests/emoji-legend-all tests/emoji-legend-dump
tests_emoji_legend_all_SOURCES = tests/emoji-legend-all.c
tests_emoji_legend_all_LDADD = libpaissconv.la
tests_emoji_legend_dump_SOURCES = tests/emoji-legend-dump.c
tests_emoji_legend_dump_LDADD = libpaissconv.la
TESTS += tests/emoji-legend-all
TESTS += tests/emoji-legend.sh
EXTRA_DIST += tests/emoji-legend.sh tests/golden/emoji-legend/lecture-notes.tags \
	tests/golden/emoji-legend/reading-group.tags
