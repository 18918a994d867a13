plugin_LTLIBRARIES += plugins/markdown.la
plugins_markdown_la_SOURCES = plugins/markdown/markdown.c plugins/markdown/markdown.h
plugins_markdown_la_CFLAGS = $(AM_CFLAGS) $(CMARK_CFLAGS)
plugins_markdown_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_markdown_la_LIBADD = $(PLUGIN_LIBADD) $(CMARK_LIBS)
EXTRA_DIST += plugins/markdown/README.md
