# What the bundled writers share (html, epub, pdf): a convenience library
# linked into each of their modules, its names hidden there.
noinst_LTLIBRARIES += plugins/common/libpcvcommon.la
plugins_common_libpcvcommon_la_SOURCES = plugins/common/legend.c plugins/common/legend.h \
	plugins/common/slug.c plugins/common/slug.h \
	plugins/common/mathml.c plugins/common/mathml.h
plugins_common_libpcvcommon_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
plugins_common_libpcvcommon_la_LIBADD = $(UTF8PROC_LIBS)
EXTRA_DIST += plugins/common/README.md
