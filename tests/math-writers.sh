#!/bin/sh
# The epub writer's MathML for formulas of shapes the math filter never
# makes (tests/plugins/mathtrees.c): elements with too few children
# padded, too many grouped, markup escaped.  The page is read back as XML
# and its paragraph of formulas compared with tests/golden/math/trees.epub.
# MATH_WRITERS_REGEN=1 rewrites the golden file.
. "${top_srcdir:?}/tests/lib.sh"
need_tool python3 python3
export SOURCE_DATE_EPOCH=1700000000
P="$top_builddir/tests/plugins/.libs/mathtrees.so"
golden=$top_srcdir/tests/golden/math
printf '# Formulas\n\nNo math here.\n' > "$TMP/t.md"

# the paragraph that holds "Trees:" in FILE (an epub's first chapter, or a page)
trees() {
	python3 - "$1" <<'PY'
import sys, re, zipfile
import xml.etree.ElementTree as ET
path = sys.argv[1]
if path.endswith(".epub"):
    text = zipfile.ZipFile(path).read("OEBPS/ch001.xhtml").decode()
    ET.fromstring(text)  # the whole page is well-formed XML
else:
    text = open(path, encoding="utf-8").read()
m = re.search(r"<p>Trees:.*?</p>", text, re.S)
if not m:
    sys.exit("no paragraph of formulas")
ET.fromstring(m.group(0).replace("<p>", '<p xmlns:m="x">', 1))
print(m.group(0))
PY
}

for fmt in epub; do
	if ! "$PAISSCONV" --plugin "$P" --filter mathtrees "$TMP/t.md" -t $fmt -o "$TMP/t.$fmt" \
		2> "$TMP/$fmt.err"; then
		fail "$fmt: conversion failed: $(cat "$TMP/$fmt.err")"
		continue
	fi
	if ! trees "$TMP/t.$fmt" > "$TMP/trees.$fmt"; then
		fail "$fmt: the formulas are not well-formed XML"
		continue
	fi
	[ "${MATH_WRITERS_REGEN:-0}" = 1 ] && cp "$TMP/trees.$fmt" "$golden/trees.$fmt"
	if diff -u "$golden/trees.$fmt" "$TMP/trees.$fmt"; then
		pass "$fmt: MathML of odd trees"
	else
		fail "$fmt: MathML differs from tests/golden/math/trees.$fmt"
	fi
done
finish
