lib_LTLIBRARIES += libpaissconv.la
pkginclude_HEADERS += core/paissconv.h
pkgconfig_DATA += core/paissconv.pc

libpaissconv_la_SOURCES = \
	core/arena.c core/node.c core/iter.c core/meta.c core/diag.c \
	core/option.c core/out.c core/loader.c core/pipeline.c core/resource.c \
	core/internal.h
libpaissconv_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DPCV_PLUGINDIR='"$(plugindir)"' -DPCV_BUILDDIR='"$(abs_top_builddir)"'
libpaissconv_la_LDFLAGS = -version-info $(PCV_LT_VERSION) -no-undefined
libpaissconv_la_LIBADD = $(LIBS)

bin_PROGRAMS += paissconv
paissconv_SOURCES = core/main.c
paissconv_LDADD = libpaissconv.la
