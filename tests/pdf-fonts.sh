#!/bin/sh
# pdf writer, fonts: searching only the handout's families (the default,
# pdf.font-fallback=handout) gives the very same PDF as searching every
# installed font (pdf.font-fallback=system) when they cover the document;
# a character they lack, or a family that is not installed, brings back
# every installed font, and the character reaches the PDF in a font that
# has it.
. "$top_srcdir/tests/lib.sh"
need_tool pdffonts poppler-utils
need_tool pdftotext poppler-utils
need_tool fc-list fontconfig
SOURCE_DATE_EPOCH=0
export SOURCE_DATE_EPOCH

same() { # NAME INPUT OPTIONS...: narrowed, and identical to the full search
	name=$1 in=$2; shift 2
	if ! "$PAISSCONV" -v "$in" -o "$TMP/$name.pdf" "$@" 2>"$TMP/$name.log" ||
	   ! "$PAISSCONV" "$in" -o "$TMP/$name-system.pdf" -O pdf.font-fallback=system "$@" 2>/dev/null; then
		fail "$name: conversion failed"
		return
	fi
	if grep -q "searching only the handout's families" "$TMP/$name.log"; then
		check "$name: same PDF with every font searched" cmp -s "$TMP/$name.pdf" "$TMP/$name-system.pdf"
	else
		check "$name: not narrowed, so same PDF" cmp -s "$TMP/$name.pdf" "$TMP/$name-system.pdf"
		echo "  (not narrowed: $(grep 'pdf: fonts' "$TMP/$name.log"))"
	fi
}

src="$top_srcdir/tests/pdf"
for f in "$top_srcdir"/samples/*.md; do
	[ -f "$f" ] || continue
	same "sample-$(basename "$f" .md)" "$f"
	check "sample-$(basename "$f" .md): narrowed" \
		grep -q "searching only the handout's families" "$TMP/sample-$(basename "$f" .md).log"
done
same features "$src/features.md"
same features-2col "$src/features.md" -O pdf.columns=2
same hostile "$src/hostile.md"
same math "$src/math.md"

# characters the body font lacks: which fallback family shows each one is
# up to fontconfig's rules, in a narrowed conversion as in a full one
cat >"$TMP/fallback.md" <<'EOF'
# Arrows ⟶ and checks ✓

For all ∀x there is ∃y with x ≈ y ⋅ 2 ⨁ z, ▶ next, ⚒ tools, ✓ done.
**Bold ⟶ ∀ ≈ ✓** and *italic ⟶ ∃ ⋅ ▶*, with `code ⟶ ∀ ≈`.

| sign | name |
|---|---|
| ⟶ | long arrow |
| ✓ | check ⨁ |
EOF
same fallback "$TMP/fallback.md"
# family names compare as fontconfig compares them: case and spaces aside
same spelling "$TMP/fallback.md" -O "pdf.font=noto SERIF" -O "pdf.mono-font=NotoSans Mono"
check "spelling: narrowed" grep -q "searching only the handout's families" "$TMP/spelling.log"
check "fallback: narrowed" grep -q "searching only the handout's families" "$TMP/fallback.log"

# a script none of the handout's families has
if [ -n "$(fc-list :lang=hi family)" ]; then
	printf '# Notes\n\nThe word नमस्ते is Hindi.\n' >"$TMP/hindi.md"
	if "$PAISSCONV" -v "$TMP/hindi.md" -o "$TMP/hindi.pdf" 2>"$TMP/hindi.log"; then
		check "hindi: every font searched" grep -q "U+09[0-9A-F][0-9A-F] is in none of the handout's families" "$TMP/hindi.log"
		pdftotext -enc UTF-8 "$TMP/hindi.pdf" "$TMP/hindi.txt"
		check "hindi: the word is in the text layer" grep -q "नमस्ते" "$TMP/hindi.txt"
		check "hindi: in a font that has it" sh -c "pdffonts '$TMP/hindi.pdf' | grep -q Devanagari"
	else
		fail "hindi: conversion failed"
	fi
else
	echo "SKIP (part): no font for Hindi installed (apt-get install fonts-noto-core)"
fi

# the writer's own marks need no font of their own: list bullets and
# footnote marks in the body font (its superscript figures, OpenType sups),
# task boxes drawn
cat >"$TMP/marks.md" <<'EOF'
Text with a note[^a] and a list:

- one
  - two
    - three
- [ ] open task
- [x] done task

[^a]: The note.
EOF
sizes() { # PDF: the sizes its text is set at, one a line
	qpdf --qdf --object-streams=disable "$1" - |
		sed -n 's/^\([0-9.]*\) 0 0 -[0-9.]* [0-9.]* [0-9.]* Tm$/\1/p' | sort -u
}
if "$PAISSCONV" "$TMP/marks.md" -o "$TMP/marks.pdf" 2>/dev/null &&
   "$PAISSCONV" "$TMP/marks.md" -o "$TMP/marks-dejavu.pdf" -O "pdf.font=DejaVu Serif" 2>/dev/null; then
	pdffonts "$TMP/marks.pdf" >"$TMP/marks.fonts"
	check "marks: only the body's family (no fallback font)" sh -c \
		"grep -q NotoSerif-Regular '$TMP/marks.fonts' && ! tail -n +3 '$TMP/marks.fonts' | grep -v NotoSerif"
	pdftotext -enc UTF-8 "$TMP/marks.pdf" "$TMP/marks.txt"
	check "marks: the footnote mark reads as its number" grep -q "a note1 and" "$TMP/marks.txt"
	check "marks: bullets • – ‣" sh -c \
		"grep -q '^• one' '$TMP/marks.txt' && grep -q '^– two' '$TMP/marks.txt' && grep -q '^‣ three' '$TMP/marks.txt'"
	check "marks: task boxes drawn, not text" sh -c \
		"grep -q '^open task' '$TMP/marks.txt' && ! grep -q '[☐☑]' '$TMP/marks.txt'"
	if command -v qpdf >/dev/null 2>&1; then
		# a mark in a font of its own is set at 0.68 of 10.5 pt, 7.14
		sizes "$TMP/marks.pdf" >"$TMP/marks.sizes"
		sizes "$TMP/marks-dejavu.pdf" >"$TMP/marks-dejavu.sizes"
		check "marks: the footnote mark at the text's size" sh -c \
			"grep -q '^10\.5$' '$TMP/marks.sizes' && ! grep -q '^7\.1' '$TMP/marks.sizes'"
		check "marks: a font without sups gets the figures scaled down" \
			grep -q '^7\.1' "$TMP/marks-dejavu.sizes"
	else
		echo "SKIP (part): qpdf not installed (apt-get install qpdf): footnote mark sizes not checked"
	fi
else
	fail "marks: conversion failed"
fi

# a family that is not installed is left to fontconfig's substitution
if "$PAISSCONV" -v "$src/math.md" -o "$TMP/absent.pdf" -O "pdf.font=No Such Family" 2>"$TMP/absent.log"; then
	check "absent family: every font searched" grep -q "no font of the family No Such Family" "$TMP/absent.log"
else
	fail "absent family: conversion failed"
fi
check "bad pdf.font-fallback is a warning" sh -c \
	"'$PAISSCONV' '$src/features.md' -o '$TMP/bad.pdf' -O pdf.font-fallback=some 2>&1 | grep -q 'expected handout or system'"

# no font at all: an error, and no PDF
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/fc-cache</cachedir></fontconfig>\n' "$TMP" >"$TMP/empty.conf"
if FONTCONFIG_FILE="$TMP/empty.conf" "$PAISSCONV" "$src/math.md" -o "$TMP/nofont.pdf" 2>"$TMP/nofont.log"; then
	fail "no font: the conversion should fail"
else
	check "no font: says so" grep -q "fontconfig finds no font at all" "$TMP/nofont.log"
	check "no font: no PDF left" test ! -e "$TMP/nofont.pdf"
	check "no font: no GLib criticals" sh -c "! grep -q CRITICAL '$TMP/nofont.log'"
fi

need_corpus
for f in "$PCV_CORPUS"/notes/*.md; do
	same "$(basename "$f" .md)" "$f"
done
finish
