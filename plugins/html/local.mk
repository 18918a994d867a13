plugin_LTLIBRARIES += plugins/html.la
plugins_html_la_SOURCES = plugins/html/html.c plugins/html/ids.c plugins/html/raw.c \
	plugins/html/page.c plugins/html/html.h
plugins_html_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_html_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_html_la_LIBADD = $(PLUGIN_LIBADD) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/html/README.md
