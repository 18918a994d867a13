#!/bin/sh
# pdf writer, hyphenation: the writer's own table of a plain dictionary
# gives the points libhyphen gives, on every word of the repository's
# notes and documents with the system's en-US dictionary, and on a small
# dictionary of awkward patterns (out of order, repeated, keywords,
# patterns beyond ASCII).
. "$top_srcdir/tests/lib.sh"
prog="$top_builddir/tests/test-pdf-hyph"
dic=/usr/share/hyphen/hyph_en_US.dic
[ -r "$dic" ] || skip "no $dic (apt-get install hyphen-en-us)"

texts=$(ls "$top_srcdir"/samples/*.md "$top_srcdir"/README.md "$top_srcdir"/doc/*.md \
	"$top_srcdir"/tests/pdf/*.md "$top_srcdir"/plugins/*/README.md 2>/dev/null)
# shellcheck disable=SC2086 # one file per word of $texts
if "$prog" "$dic" $texts >"$TMP/en.out" 2>&1; then
	words=$(sed -n 's/^\([0-9]*\) words.*/\1/p' "$TMP/en.out")
	check "en-US: $(tail -n 1 "$TMP/en.out")" test "${words:-0}" -ge 2000
else
	cat "$TMP/en.out"
	fail "en-US: the table and libhyphen disagree"
fi
if "$prog" "$top_srcdir/tests/pdf/hyph-awkward.dic" "$top_srcdir/tests/pdf/hyph-awkward.txt" \
	>"$TMP/awk.out" 2>&1; then
	pass "awkward patterns: $(tail -n 1 "$TMP/awk.out")"
else
	cat "$TMP/awk.out"
	fail "awkward patterns: the table and libhyphen disagree"
fi
finish
