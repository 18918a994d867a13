#!/bin/sh
# pdf writer: the feature sample and every note of the corpus convert without
# error; qpdf finds no problem; every font is embedded; two runs with the same
# SOURCE_DATE_EPOCH give the same bytes.
. "$top_srcdir/tests/lib.sh"
need_tool qpdf qpdf
need_tool pdffonts poppler-utils
export SOURCE_DATE_EPOCH=1700000000

one() { # NAME INPUT OPTIONS...
	name=$1 in=$2; shift 2
	out="$TMP/$name.pdf"
	if ! "$PAISSCONV" "$in" -o "$out" "$@" 2>"$TMP/$name.err"; then
		fail "$name: conversion failed: $(cat "$TMP/$name.err")"
		return
	fi
	if grep -q ': error:' "$TMP/$name.err"; then
		fail "$name: error reported: $(grep ': error:' "$TMP/$name.err")"
	fi
	if qpdf --check "$out" >"$TMP/$name.qpdf" 2>&1; then
		pass "$name: qpdf --check"
	else
		fail "$name: qpdf --check: $(tail -3 "$TMP/$name.qpdf")"
	fi
	pdffonts "$out" >"$TMP/$name.fonts" 2>&1
	nf=$(awk 'NR > 2' "$TMP/$name.fonts" | wc -l)
	ne=$(awk 'NR > 2 && $(NF-4) != "yes"' "$TMP/$name.fonts" | wc -l)
	if [ "$nf" -gt 0 ] && [ "$ne" -eq 0 ]; then
		pass "$name: $nf fonts, all embedded"
	else
		fail "$name: fonts not embedded: $(cat "$TMP/$name.fonts")"
	fi
}

src="$top_srcdir/tests/pdf"
one features "$src/features.md"
one features-2col "$src/features.md" -O pdf.columns=2 -O pdf.paper=a5
one features-toc "$src/features.md" -O pdf.toc=true -O pdf.paper=letter
one hostile "$src/hostile.md"
for f in "$top_srcdir"/samples/*.md; do
	[ -f "$f" ] && one "sample-$(basename "$f" .md)" "$f"
done
need_corpus
for f in "$PCV_CORPUS"/notes/*.md; do
	one "$(basename "$f" .md)" "$f"
done

"$PAISSCONV" "$src/features.md" -o "$TMP/again.pdf" 2>/dev/null
check "same bytes from two runs (SOURCE_DATE_EPOCH)" cmp -s "$TMP/features.pdf" "$TMP/again.pdf"
finish
