plugin_LTLIBRARIES += plugins/epub.la
plugins_epub_la_SOURCES = plugins/epub/epub.c plugins/epub/xhtml.c plugins/epub/math.c \
	plugins/epub/raw.c plugins/epub/media.c plugins/epub/package.c plugins/epub/style.c \
	plugins/epub/legend.c plugins/epub/save.c plugins/epub/zip.c plugins/epub/deflate.c \
	plugins/epub/page.c \
	plugins/epub/epub.h
plugins_epub_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(ZLIB_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_epub_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_epub_la_LIBADD = plugins/common/libpcvcommon.la $(PLUGIN_LIBADD) $(XML_LIBS) $(ZLIB_LIBS) $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/epub/README.md
TESTS += tests/epub-check.sh tests/epub-structure.sh tests/epub-repro.sh tests/epub-pages.sh
EXTRA_DIST += tests/epub-check.sh tests/epub-structure.sh tests/epub-repro.sh \
	tests/epub/hostile.md tests/epub/features.md tests/epub-pages.sh tests/epub/pages.md \
	tests/epub/pages.golden
TESTS += tests/legend-epub.sh
EXTRA_DIST += tests/legend-epub.sh
# the writer's deflate encoder, read back by zlib (deflate.c built in)
check_PROGRAMS += tests/test-epub-deflate
TESTS += tests/test-epub-deflate
tests_test_epub_deflate_SOURCES = tests/test-epub-deflate.c tests/check.h
tests_test_epub_deflate_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(ZLIB_CFLAGS)
tests_test_epub_deflate_LDADD = $(ZLIB_LIBS)
