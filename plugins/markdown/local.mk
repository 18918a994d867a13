plugin_LTLIBRARIES += plugins/markdown.la
plugins_markdown_la_SOURCES = plugins/markdown/markdown.c plugins/markdown/markdown.h \
	plugins/markdown/math.c plugins/markdown/front.c plugins/markdown/guard.c
plugins_markdown_la_CFLAGS = $(AM_CFLAGS) $(CMARK_CFLAGS) $(YAML_CFLAGS)
plugins_markdown_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_markdown_la_LIBADD = $(PLUGIN_LIBADD) $(CMARK_LIBS) $(YAML_LIBS)
EXTRA_DIST += plugins/markdown/README.md

# The reader through the real loader: math (corpus counts, positions, edge
# cases), front matter, positions, bad bytes, 100 000-deep nesting.
check_PROGRAMS += tests/test-markdown
TESTS += tests/test-markdown
tests_test_markdown_SOURCES = tests/test-markdown.c tests/check.h
tests_test_markdown_LDADD = libpaissconv.la
