plugin_LTLIBRARIES += plugins/pdf.la
plugins_pdf_la_SOURCES = plugins/pdf/pdf.c plugins/pdf/pdf.h plugins/pdf/build.c \
	plugins/pdf/layout.c plugins/pdf/draw.c plugins/pdf/image.c plugins/pdf/hyph.c \
	plugins/pdf/math.c plugins/pdf/math.h plugins/pdf/legend.c \
	plugins/pdf/fonts.c
plugins_pdf_la_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS) $(PIXBUF_CFLAGS) $(RSVG_CFLAGS)
plugins_pdf_la_LDFLAGS = $(PLUGIN_LDFLAGS)
# gdk-pixbuf and librsvg: only their headers; image.c opens them when needed
plugins_pdf_la_LIBADD = plugins/common/libpcvcommon.la $(PLUGIN_LIBADD) $(PANGO_LIBS) $(HYPHEN_LIBS) \
	$(UTF8PROC_LIBS) -lm
EXTRA_DIST += plugins/pdf/README.md

PDF_TESTS = tests/pdf-emoji.sh tests/pdf-valid.sh tests/pdf-text.sh tests/pdf-outline.sh tests/pdf-math.sh \
	tests/pdf-fonts.sh tests/pdf-furniture.sh tests/pdf-hyph.sh
TESTS += $(PDF_TESTS)
EXTRA_DIST += $(PDF_TESTS) tests/pdf/check.py tests/pdf/furniture.py tests/pdf/features.md tests/pdf/hostile.md \
	tests/pdf/gradient.png tests/pdf/diagram.svg tests/pdf/math.md tests/pdf/math-hostile.md \
	tests/pdf/hyph-awkward.dic tests/pdf/hyph-awkward.txt bench/pdf.sh
check_PROGRAMS += tests/test-pdf-fonts
TESTS += tests/test-pdf-fonts
tests_test_pdf_fonts_SOURCES = tests/test-pdf-fonts.c tests/check.h
tests_test_pdf_fonts_LDADD = libpaissconv.la
# the writer's hyphenation table against libhyphen (hyph.c built in)
check_PROGRAMS += tests/test-pdf-hyph
tests_test_pdf_hyph_SOURCES = tests/test-pdf-hyph.c
tests_test_pdf_hyph_CFLAGS = $(AM_CFLAGS) $(PANGO_CFLAGS)
tests_test_pdf_hyph_LDADD = libpaissconv.la $(PANGO_LIBS) $(HYPHEN_LIBS)
TESTS += tests/legend-pdf.sh
EXTRA_DIST += tests/legend-pdf.sh
