#!/bin/sh
# The math filter: golden trees (with the linear "text" form) for a set of
# formulas, and golden warnings, at exact lines and columns, for bad math.
. "$top_srcdir/tests/lib.sh"
G=$top_srcdir/tests/golden/math

cd "$G" || exit 1
"$PAISSCONV" formulas.md -t json -O json.positions=false --no-filter all --filter math \
	-o "$TMP/formulas.json" 2>"$TMP/formulas.err"
check "golden formulas parse without warnings" test ! -s "$TMP/formulas.err"
check "golden math trees" diff -u "$G/formulas.json" "$TMP/formulas.json"

"$PAISSCONV" errors.md -t json --no-filter all --filter math -o "$TMP/errors.json" \
	2>"$TMP/errors.raw"
check "bad math is a warning, not a failure (exit 0)" test $? -eq 0
cp "$TMP/errors.raw" "$TMP/errors.err"
check "warnings at the exact line and column" diff -u "$G/errors.err" "$TMP/errors.err"
# the fallback: bad formulas keep their TeX and get no children; good ones do
check "six formulas kept as TeX, one parsed" \
	test "$(grep -c '"type": "math_scripts"' "$TMP/errors.json")" -eq 1
finish
