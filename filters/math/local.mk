plugin_LTLIBRARIES += filters/math.la
filters_math_la_SOURCES = filters/math/math.c filters/math/parse.c filters/math/symbols.c \
	filters/math/linear.c filters/math/math.h filters/math/mathvariant.h
filters_math_la_LDFLAGS = $(PLUGIN_LDFLAGS)
filters_math_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += filters/math/README.md

# Tests: golden trees and warnings, the samples and corpus parse cleanly,
# hostile input, and the comparison with pandoc's MathML.
TESTS += tests/math-golden.sh tests/math-corpus.sh tests/math-pandoc.sh
EXTRA_DIST += tests/math-golden.sh tests/math-corpus.sh tests/math-pandoc.sh \
	tests/math-pandoc.py tests/golden/math/formulas.md tests/golden/math/formulas.json \
	tests/golden/math/errors.md tests/golden/math/errors.err samples/math-specimen.md
