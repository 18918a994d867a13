plugin_LTLIBRARIES += plugins/text.la
plugins_text_la_SOURCES = plugins/text/text.c
plugins_text_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_text_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_text_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/text/README.md
