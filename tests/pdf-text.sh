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
