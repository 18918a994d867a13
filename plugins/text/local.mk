plugin_LTLIBRARIES += plugins/text.la
plugins_text_la_SOURCES = plugins/text/text.c
plugins_text_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_text_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_text_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/text/README.md

TESTS += tests/text-golden.sh tests/text-words.sh tests/text-deep.sh
EXTRA_DIST += tests/text-golden.sh tests/text-words.sh tests/text-deep.sh tests/text-words.py \
	tests/golden/text/code.md \
	tests/golden/text/code.txt \
	tests/golden/text/footnotes.md \
	tests/golden/text/footnotes.txt \
	tests/golden/text/links.md \
	tests/golden/text/links.txt \
	tests/golden/text/lists.md \
	tests/golden/text/lists.txt \
	tests/golden/text/math.md \
	tests/golden/text/math.txt \
	tests/golden/text/meta.md \
	tests/golden/text/meta.opts \
	tests/golden/text/meta.txt \
	tests/golden/text/quotes.md \
	tests/golden/text/quotes.txt \
	tests/golden/text/table.md \
	tests/golden/text/table.txt \
	tests/golden/text/wrap.md \
	tests/golden/text/wrap.opts \
	tests/golden/text/wrap.txt
TESTS += tests/legend-text.sh
EXTRA_DIST += tests/legend-text.sh
