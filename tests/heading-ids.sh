#!/bin/sh
# html, epub and pdf give the headings the same GitHub-style ids (one slug
# function, plugins/common/slug.c): emoji with U+FE0F, accents, CJK,
# Greek, numbers such as ² and ½, punctuation, repeats and a heading with
# nothing left.  The html page names the ids; the epub's headings carry
# them and its "#..." links land on them; every "#..." link of the pdf
# goes to its heading's destination.  Also the sample notes' ⭐️ heading.
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
need_tool qpdf qpdf
check_py="$top_srcdir/tests/ids/check.py"
in=$top_srcdir/tests/ids/headings.md
export SOURCE_DATE_EPOCH=0

"$PAISSCONV" "$in" -t html -o "$TMP/ids.html" 2>"$TMP/html.err" || fail "html: conversion failed"
"$PAISSCONV" "$in" -t epub -o "$TMP/ids.epub" 2>"$TMP/epub.err" || fail "epub: conversion failed"
"$PAISSCONV" "$in" -t pdf -o "$TMP/ids.pdf" 2>"$TMP/pdf.err" || fail "pdf: conversion failed"
for f in html epub pdf; do
	check "$f: no warning (every #link found its heading)" test ! -s "$TMP/$f.err"
	[ -s "$TMP/$f.err" ] && cat "$TMP/$f.err"
done
qpdf --json "$TMP/ids.pdf" >"$TMP/ids.qpdf.json" || fail "qpdf --json"
check "the same ids and links in html, epub and pdf" \
	python3 "$check_py" "$TMP/ids.html" "$TMP/ids.epub" "$TMP/ids.qpdf.json"
# the expected ids, spelled out (the html page is the reference above)
check "html: ids as GitHub gives them" sh -c "grep -o '<h[1-6] id=\"[^\"]*\"' '$TMP/ids.html' |
	sed 's/.*id=\"//; s/\"\$//' | diff - '$top_srcdir/tests/ids/headings.ids'"

# the sample notes: their ⭐️ heading, in the html page and in the book
sample=$top_srcdir/samples/lecture-notes.md
"$PAISSCONV" "$sample" -t html -o "$TMP/notes.html" 2>/dev/null
"$PAISSCONV" "$sample" -t epub -o "$TMP/notes.epub" 2>/dev/null
check "sample html: id -the-predictive-distribution" \
	grep -q 'id="-the-predictive-distribution"' "$TMP/notes.html"
check "sample epub: id -the-predictive-distribution, no U+FE0F in ids" python3 -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".ncx")))
sys.exit(not ("id=\"-the-predictive-distribution\"" in text and
              "#-the-predictive-distribution\"" in text and
              not re.search("(id=\"|#)(\ufe0f|%EF%B8%8F)", text)))' "$TMP/notes.epub"
finish
