#!/bin/sh
# pdf writer, typeset math: the math specimen converts with no warning, the
# PDF is valid and embeds the math font, the text layer gives back the
# characters of simple formulas in order and every word of the document,
# each letter of a formula is drawn with a glyph of its own,
# nothing lies outside the text area (display math is scaled down with a
# warning when too wide), long inline formulas break across lines, the toc
# shows a heading's formula as text, other math fonts work, a family without
# a MATH table or an unparsed formula leaves the TeX visible, and hostile
# formulas (deep nesting, a 40x40 matrix) convert.
. "$top_srcdir/tests/lib.sh"
need_tool qpdf qpdf
need_tool pdffonts poppler-utils
need_tool pdftotext poppler-utils
need_tool python3 python3
check_py="$top_srcdir/tests/pdf/check.py"
src="$top_srcdir/tests/pdf"
fc-list 2>/dev/null | grep -q "Latin Modern Math" || skip "Latin Modern Math not installed (apt-get install fonts-lmodern)"

# convert NAME INPUT OPTIONS...: PDF, its text, its word boxes, the tree
convert() {
	name=$1 in=$2; shift 2
	if ! "$PAISSCONV" "$in" -o "$TMP/$name.pdf" "$@" 2>"$TMP/$name.err" ||
	   ! "$PAISSCONV" "$in" -t json -o "$TMP/$name.json" 2>/dev/null; then
		fail "$name: conversion failed: $(cat "$TMP/$name.err")"
		return 1
	fi
	pdftotext -enc UTF-8 "$TMP/$name.pdf" "$TMP/$name.txt"
	pdftotext -enc UTF-8 -bbox "$TMP/$name.pdf" "$TMP/$name.html"
	if qpdf --check "$TMP/$name.pdf" >"$TMP/$name.qpdf" 2>&1; then
		pass "$name: qpdf --check"
	else
		fail "$name: qpdf --check: $(tail -3 "$TMP/$name.qpdf")"
	fi
	pdffonts "$TMP/$name.pdf" >"$TMP/$name.fonts" 2>&1
	ne=$(awk 'NR > 2 && $(NF-4) != "yes"' "$TMP/$name.fonts" | wc -l)
	[ "$ne" -eq 0 ] || fail "$name: fonts not embedded: $(cat "$TMP/$name.fonts")"
	# A4, margins as in pdf-text.sh
	check "$name: text area" python3 "$check_py" bbox "$TMP/$name.html" 595.28 841.89 \
		56.69 56.69 62.69 62.69 32
	check "$name: words" python3 "$check_py" words "$TMP/$name.json" "$TMP/$name.txt"
	return 0
}

has_font() { # NAME PDF-FONT-NAME
	grep -q "$2" "$TMP/$1.fonts"
}

# the specimen: every construct, no warning, Latin Modern Math embedded
if convert specimen "$top_srcdir/samples/math-specimen.md"; then
	if [ -s "$TMP/specimen.err" ]; then
		fail "specimen: warnings: $(cat "$TMP/specimen.err")"
	else
		pass "specimen: no warning"
	fi
	check "specimen: Latin Modern Math embedded" has_font specimen LatinModernMath-Regular
	check "specimen: simple formulas read back" python3 "$check_py" formulas \
		"$TMP/specimen.json" "$TMP/specimen.txt" 5
	# typeset, not TeX: no command name is left in the text
	if grep -q 'frac\|mathbb\|begin{' "$TMP/specimen.txt"; then
		fail "specimen: TeX source in the PDF: $(grep -m3 'frac\|mathbb\|begin{' "$TMP/specimen.txt")"
	else
		pass "specimen: no TeX source in the PDF"
	fi
fi

# the lecture notes sample: no warning from the writer either
if convert lecture "$top_srcdir/samples/lecture-notes.md"; then
	check "lecture: simple formulas read back" python3 "$check_py" formulas \
		"$TMP/lecture.json" "$TMP/lecture.txt" 3
	if grep -q 'formula\|math' "$TMP/lecture.err"; then
		fail "lecture: math warnings: $(cat "$TMP/lecture.err")"
	else
		pass "lecture: no math warning"
	fi
fi

# math in headings, footnotes, lists, cells; wide and tagged displays
if convert math "$src/math.md" -O pdf.toc=true; then
	check "math: simple formulas read back" python3 "$check_py" formulas \
		"$TMP/math.json" "$TMP/math.txt" 10
	n=$(grep -c 'warning' "$TMP/math.err")
	if [ "$n" -eq 2 ] && grep -q 'math.md:35:1: warning: formula too large for the column: scaled down' "$TMP/math.err" &&
	   grep -q 'math.md:39:.*unknown command' "$TMP/math.err"; then
		pass "math: the wide display scaled with a warning at its line, the bad formula warned"
	else
		fail "math: expected two warnings (line 35 scaled, line 39 unknown command): $(cat "$TMP/math.err")"
	fi
	check "math: the unparsed formula shows its TeX" grep -qF '\foo{bar}' "$TMP/math.txt"
	check "math: the toc shows the heading's formula as text" grep -q 'Energy E = mc² and friends' "$TMP/math.txt"
	check "math: the tag ends at the right margin" python3 -c '
import re, sys
for l in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"xMax=\"([\d.]+)\".*>\(7\)</word>", l)
    if m:
        sys.exit(0 if abs(float(m.group(1)) - (595.28 - 56.69)) < 1.5 else 1)
sys.exit(1)' "$TMP/math.html"
	# the long inline formula is cut after a binary operator, across lines
	check "math: a long inline formula breaks across lines" python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(0 if re.search(r"a\d+ \+\s*\n\s*a\d+", t) else 1)' "$TMP/math.txt"
fi

# each letter its own glyph: formulas of letters whose texts are the same
# length, in every order and in scripts, shaped once per text
cat >"$TMP/glyphs.md" <<'EOF'
Letters: $xy$, $yx$, $ab + ba$, $pq = qp$, $x^{y} y_{x}$, $b^{a^{q}}$.
EOF
if "$PAISSCONV" "$TMP/glyphs.md" -o "$TMP/glyphs.pdf" 2>/dev/null &&
   qpdf --qdf --object-streams=disable "$TMP/glyphs.pdf" "$TMP/glyphs-qdf.pdf"; then
	check "glyphs: a glyph for each letter" python3 "$check_py" glyphs "$TMP/glyphs-qdf.pdf" \
		LatinModernMath-Regular "xyabpq+="
else
	fail "glyphs: conversion failed"
fi

# past the drawings kept from the layout (a megabyte, some 3000 formulas
# here), formulas are laid out again when drawn: the letters at the end
LC_ALL=C awk 'BEGIN {
	for (p = 0; p < 150; p++) {
		for (k = 0; k < 20; k++)
			printf "%s$\\sum_{i=1}^{n} x_i^2 + \\frac{a}{b} = \\sqrt{c_%d}$", (k ? " " : ""), p * 20 + k
		printf "\n\n"
	}
	print "Letters: $yp$, $py$, $uv + vu$, $qw = wq$, $y^{p} p_{y}$, $w^{v^{q}}$."
}' >"$TMP/many.md"
if convert many "$TMP/many.md" &&
   qpdf --qdf --object-streams=disable "$TMP/many.pdf" "$TMP/many-qdf.pdf"; then
	check "many: the last formulas read back" grep -q "Letters: yp, py, uv" "$TMP/many.txt"
	check "many: a glyph for each letter of the last formulas" python3 "$check_py" glyphs \
		"$TMP/many-qdf.pdf" LatinModernMath-Regular "ypquvw"
fi

# another math font, found by family name
if fc-list | grep -q "DejaVu Math TeX Gyre"; then
	if convert dejavu "$src/math.md" -O "pdf.math-font=DejaVu Math TeX Gyre"; then
		check "dejavu: the chosen math font embedded" has_font dejavu DejaVuMathTeXGyre
	fi
else
	echo "note: DejaVu Math TeX Gyre not installed, other-font check left out"
fi
if fc-list | grep -q "STIX Two Math"; then
	if convert stix "$top_srcdir/samples/math-specimen.md" -O "pdf.math-font=STIX Two Math"; then
		check "stix: the chosen math font embedded" has_font stix STIXTwoMath
	fi
fi

# a family with no MATH table: one warning, the TeX shown
if "$PAISSCONV" "$src/math.md" -o "$TMP/nomath.pdf" -O "pdf.math-font=Noto Serif" 2>"$TMP/nomath.err"; then
	pdftotext -enc UTF-8 "$TMP/nomath.pdf" "$TMP/nomath.txt"
	if [ "$(grep -c 'no OpenType math font' "$TMP/nomath.err")" -eq 1 ] &&
	   grep -qF 'mc^2' "$TMP/nomath.txt"; then
		pass "nomath: one warning, the TeX shown"
	else
		fail "nomath: $(cat "$TMP/nomath.err")"
	fi
else
	fail "nomath: conversion failed"
fi

# the match scale
convert matched "$top_srcdir/samples/math-specimen.md" -O pdf.math-scale=match >/dev/null

# hostile formulas
convert hostile "$src/math-hostile.md"
finish
