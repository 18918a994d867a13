plugin_LTLIBRARIES += filters/math.la
filters_math_la_SOURCES = filters/math/math.c filters/math/parse.c filters/math/symbols.c \
	filters/math/linear.c filters/math/math.h filters/math/mathvariant.h
filters_math_la_LDFLAGS = $(PLUGIN_LDFLAGS)
filters_math_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += filters/math/README.md
