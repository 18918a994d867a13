#!/bin/sh
# pdf writer: the outline has one entry per heading, nested like the
# headings; with pdf.toc the table of contents gives the page each heading
# is on (read back from the outline's destinations).
. "$top_srcdir/tests/lib.sh"
need_tool qpdf qpdf
need_tool pdftotext poppler-utils
need_tool python3 python3
check_py="$top_srcdir/tests/pdf/check.py"

one() { # NAME INPUT
	name=$1 in=$2
	"$PAISSCONV" "$in" -o "$TMP/$name.pdf" -O pdf.toc=true 2>/dev/null &&
	"$PAISSCONV" "$in" -t json -o "$TMP/$name.json" 2>/dev/null || {
		fail "$name: conversion failed"
		return
	}
	qpdf --json --json-key=outlines "$TMP/$name.pdf" >"$TMP/$name.qpdf.json"
	check "$name: outline" python3 "$check_py" outline "$TMP/$name.json" "$TMP/$name.qpdf.json"
	pdftotext -enc UTF-8 -layout "$TMP/$name.pdf" "$TMP/$name.txt"
	check "$name: toc pages" python3 "$check_py" toc "$TMP/$name.qpdf.json" "$TMP/$name.txt"
}

one features "$top_srcdir/tests/pdf/features.md"

# The running header names the current section: for notes whose only
# level-1 heading is their title, that is the level-2 section.
"$PAISSCONV" "$top_srcdir/samples/lecture-notes.md" -o "$TMP/header.pdf" 2>/dev/null
pdftotext -enc UTF-8 -layout -f 3 -l 3 "$TMP/header.pdf" - | head -3 > "$TMP/header.txt"
check "running header: the title and a numbered section" \
	grep -qE 'Gaussian Processes and Bayesian Optimisation +[1-5]\. ' "$TMP/header.txt"
# a heading's footnote mark stays out of the running header (and the toc)
printf '# Results[^1]\n\nText.\n\n[^1]: Preliminary.\n' >"$TMP/mark.md"
if "$PAISSCONV" "$TMP/mark.md" -o "$TMP/mark.pdf" -O pdf.toc=true 2>/dev/null; then
	pdftotext -enc UTF-8 -f 1 -l 1 "$TMP/mark.pdf" "$TMP/mark.txt"
	check "running header and toc: no footnote number" sh -c \
		"[ \$(grep -c '^Results\$' '$TMP/mark.txt') = 2 ] && [ \$(grep -c '^Results1\$' '$TMP/mark.txt') = 1 ]"
else
	fail "mark: conversion failed"
fi
need_corpus
for f in "$PCV_CORPUS"/notes/*.md; do
	one "$(basename "$f" .md)" "$f"
done
finish
