#!/bin/sh
# pdf writer: the PDF's text layer gives back every word of the document
# (pdftotext), and no word lies outside the page's text area, the running
# header and footer bands aside (pdftotext -bbox).
. "$top_srcdir/tests/lib.sh"
need_tool pdftotext poppler-utils
need_tool python3 python3
check_py="$top_srcdir/tests/pdf/check.py"

one() { # NAME INPUT PAPER-W PAPER-H OPTIONS...
	name=$1 in=$2 w=$3 h=$4; shift 4
	if ! "$PAISSCONV" "$in" -o "$TMP/$name.pdf" "$@" 2>/dev/null ||
	   ! "$PAISSCONV" "$in" -t json -o "$TMP/$name.json" 2>/dev/null; then
		fail "$name: conversion failed"
		return
	fi
	pdftotext -enc UTF-8 "$TMP/$name.pdf" "$TMP/$name.txt"
	check "$name: words" python3 "$check_py" words "$TMP/$name.json" "$TMP/$name.txt"
	pdftotext -enc UTF-8 -bbox "$TMP/$name.pdf" "$TMP/$name.html"
	# margins: 20 mm at the sides, 20 mm + 6 pt at top and bottom; header and
	# footer sit in bands of 3 em of 10.5 pt above and below the text area
	check "$name: text area" python3 "$check_py" bbox "$TMP/$name.html" "$w" "$h" \
		56.69 56.69 62.69 62.69 32
}

src="$top_srcdir/tests/pdf"

# the soft hyphens of hyphenation points and the zero-width spaces of
# break opportunities are in the text layer only where a line breaks:
# nowhere a glyphless span of their own, nor inside a word
if command -v qpdf >/dev/null 2>&1; then
	cat >"$TMP/breaks.md" <<'EOF'
A definition of the configuration: the specification of a classification
for the identification of significant differences, with the difficulties
of unification, at <https://example.org/a/very/long/address/that/breaks/somewhere/index.html>.
EOF
	if "$PAISSCONV" "$TMP/breaks.md" -o "$TMP/breaks.pdf" -O pdf.columns=2 -O pdf.paper=a5 2>/dev/null; then
		qpdf --qdf --object-streams=disable "$TMP/breaks.pdf" "$TMP/breaks-qdf.pdf"
		check "breaks: no glyphless soft hyphen or zero-width space" sh -c \
			"! tr '\\n' ' ' <'$TMP/breaks-qdf.pdf' | grep -a -q -E 'ActualText <feff(00ad|200b)> >> BDC EMC'"
		pdftotext -enc UTF-8 "$TMP/breaks.pdf" "$TMP/breaks.txt"
		shy=$(printf '\302\255')
		check "breaks: the text is hyphenated" grep -q "$shy\$" "$TMP/breaks.txt"
		check "breaks: soft hyphens only at line ends" sh -c "! grep -q '$shy.' '$TMP/breaks.txt'"
		check "breaks: whole words" grep -q "A definition of the" "$TMP/breaks.txt"
	else
		fail "breaks: conversion failed"
	fi
else
	echo "SKIP (part): qpdf is missing (apt-get install qpdf)"
fi

# no-break, en and em spaces draw nothing and are outside the fonts'
# WinAnsi encoding: they are left out with their glyphs, the gap reading as
# a space, so that no font is embedded a second time (a CID subset) for them
printf '**Bold\302\240words,\342\200\202en\342\200\203em spaces.**\n\nPlain\302\240text.\n' \
	>"$TMP/spaces.md"
if "$PAISSCONV" "$TMP/spaces.md" -o "$TMP/spaces.pdf" 2>/dev/null &&
   pdftotext -enc UTF-8 "$TMP/spaces.pdf" "$TMP/spaces.txt"; then
	# (pdftotext takes an em's gap for one between blocks, with or without
	# its glyph)
	check "spaces: the gaps read as spaces" grep -q "^Bold words, en$" "$TMP/spaces.txt"
	check "spaces: the em space's too" grep -q "^em spaces\.$" "$TMP/spaces.txt"
	check "spaces: and the no-break one in plain text" grep -q "^Plain text\.$" "$TMP/spaces.txt"
	if command -v pdffonts >/dev/null 2>&1; then
		check "spaces: each font embedded once" sh -c "! pdffonts '$TMP/spaces.pdf' | grep -q Identity-H"
	fi
else
	fail "spaces: conversion failed"
fi

one features "$src/features.md" 595.28 841.89
one features-2col "$src/features.md" 419.53 595.28 -O pdf.columns=2 -O pdf.paper=a5
one hostile "$src/hostile.md" 595.28 841.89
for f in "$top_srcdir"/samples/*.md; do
	[ -f "$f" ] && one "sample-$(basename "$f" .md)" "$f" 595.28 841.89
done
need_corpus
for f in "$PCV_CORPUS"/notes/*.md; do
	one "$(basename "$f" .md)" "$f" 595.28 841.89
done
finish
