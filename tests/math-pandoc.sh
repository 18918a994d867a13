#!/bin/sh
# The math filter's trees against pandoc's MathML (texmath) for every
# formula of the samples and corpus notes: prints the agreement after
# normalising mrow grouping and every remaining disagreement with the
# reason paissconv's answer is right; an unexplained one fails.
. "$top_srcdir/tests/lib.sh"
need_tool pandoc pandoc
need_tool python3 python3
need_corpus
check "math agrees with pandoc --mathml, or differs for a listed reason" \
	python3 "$top_srcdir/tests/math-pandoc.py" "$PAISSCONV" "$top_srcdir"/samples/*.md \
	"$PCV_CORPUS"/notes/*.md "$top_srcdir/tests/golden/math/formulas.md"
finish
