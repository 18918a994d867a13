#!/bin/sh
# Every formula of the samples and of the corpus notes parses with no
# warning, and the number of formulas read is pinned; hostile math (deep
# nesting, runaway commands) gives warnings, never a crash.
. "$top_srcdir/tests/lib.sh"
need_corpus

pin() { # FILE FORMULAS
	"$PAISSCONV" "$1" -t json --no-filter all --filter math -o "$TMP/out.json" 2>"$TMP/err"
	check "$(basename "$1"): converts" test $? -eq 0
	if grep 'math:' "$TMP/err"; then
		fail "$(basename "$1"): math warnings"
	else
		pass "$(basename "$1"): no math warning"
	fi
	n=$(grep -c '"type": "\(inline\|display\)_math"' "$TMP/out.json")
	check "$(basename "$1"): $2 formulas (read $n)" test "$n" -eq "$2"
	# every formula parsed: each has a math_row child
	r=$(grep -c '"type": "math_row"' "$TMP/out.json")
	check "$(basename "$1"): every formula has a tree" test "$r" -ge "$n"
}
pin "$top_srcdir/samples/lecture-notes.md" 121
pin "$top_srcdir/samples/reading-group.md" 3
pin "$top_srcdir/samples/math-specimen.md" 33
pin "$PCV_CORPUS/notes/cs231n-optimization-1.md" 39
pin "$PCV_CORPUS/notes/cs231n-rnn.md" 115

# hostile input: deep nesting is refused with a warning, not a stack overflow
awk 'BEGIN {
	s = "$"; for (i = 0; i < 10000; i++) s = s "{"; s = s "x";
	for (i = 0; i < 10000; i++) s = s "}"; print s "$\n";
	s = "$"; for (i = 0; i < 5000; i++) s = s "\\left("; s = s "x";
	for (i = 0; i < 5000; i++) s = s "\\right)"; print s "$\n";
	s = "$"; for (i = 0; i < 100000; i++) s = s "\\frac"; print s "$\n";
	s = "$"; for (i = 0; i < 3000; i++) s = s "\\sqrt["; print s "$\n";
	s = "$$"; for (i = 0; i < 20000; i++) s = s "a_{i}^{2} + \\frac{1}{2} "; print s "$$\n";
	print "$\\\\$ $\\$ $^$ $_$ $\\left$ $\\begin{pmatrix}$ $\\end{x}$ $&$ $\\right)$ $x^$ $}{$\n"
}' >"$TMP/hostile.md"
"$PAISSCONV" "$TMP/hostile.md" -t json -o "$TMP/hostile.json" 2>"$TMP/hostile.err"
check "hostile math: exit 0" test $? -eq 0
check "hostile math: nesting warned at the 200th brace" \
	grep -q 'hostile.md:1:201: warning: math: formula nested more than 200 deep' "$TMP/hostile.err"
check "hostile math: the long formula parsed" \
	test "$(grep -c '"type": "math_fraction"' "$TMP/hostile.json")" -eq 20000
finish
