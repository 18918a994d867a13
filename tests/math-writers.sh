#!/bin/sh
# The epub and html writers' MathML for formulas of shapes the math filter
# never makes (tests/plugins/mathtrees.c): elements with too few children
# padded, too many grouped, markup escaped.  The epub page is read back as
# XML and its paragraph of formulas compared with
# tests/golden/math/trees.epub; the html page's paragraph must be the same
# MathML, read as XML, but for the namespace and alttext that only the
# epub writer writes.  MATH_WRITERS_REGEN=1 rewrites the golden file.
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
# same_mathml BOOK PAGE: each formula's MathML (every <math> of an epub's
# chapters, or of a page or golden file) alike in both, in order: the
# same elements, attributes in the same order, and text, but for the
# namespace and alttext that only the epub writer writes.  Prints the
# count, and the first differences.
same_mathml() {
	python3 - "$1" "$2" <<'PY'
import sys, re, zipfile
import xml.etree.ElementTree as ET
def canon(x):
    root = ET.fromstring(x)
    for el in root.iter():
        el.tag = el.tag.split("}")[-1]
        el.attrib.pop("alttext", None)
    return ET.tostring(root, encoding="unicode")
def formulas(path):
    if zipfile.is_zipfile(path):
        z = zipfile.ZipFile(path)
        pages = sorted(n for n in z.namelist() if re.match(r"OEBPS/ch\d+\.xhtml$", n))
        texts = [z.read(p).decode() for p in pages]
    else:
        texts = [open(path, encoding="utf-8").read()]
    return [canon(m) for t in texts for m in re.findall(r"<math\b.*?</math>", t, re.S)]
book, page = formulas(sys.argv[1]), formulas(sys.argv[2])
if len(book) != len(page) or not book:
    sys.exit("%d formulas in the book, %d in the page" % (len(book), len(page)))
bad = [(a, b) for a, b in zip(book, page) if a != b]
for a, b in bad[:3]:
    print("epub:", a[:400]); print("html:", b[:400])
print("%d formulas, %d differ" % (len(book), len(bad)))
sys.exit(1 if bad else 0)
PY
}

# the html page of the odd trees: the same MathML as the golden epub's
if "$PAISSCONV" --plugin "$P" --filter mathtrees "$TMP/t.md" -t html -o "$TMP/t.html" \
	2> "$TMP/html.err" && trees "$TMP/t.html" > "$TMP/trees.html"; then
	if same_mathml "$golden/trees.epub" "$TMP/trees.html" > "$TMP/trees.same" 2>&1; then
		pass "html: the same MathML as the epub writer's ($(tail -n 1 "$TMP/trees.same"))"
	else
		cat "$TMP/trees.same"
		fail "html: MathML differs from the epub writer's"
	fi
else
	fail "html: conversion failed or not well-formed: $(cat "$TMP/html.err")"
fi
# real formulas (the math filter's trees): each formula's MathML in the
# html page the same as in the book, in order
for f in "$golden/shapes.md" "$golden/formulas.md" "$top_srcdir/samples/math-specimen.md"; do
	name=$(basename "$f" .md)
	if ! "$PAISSCONV" "$f" -o "$TMP/$name.epub" 2>/dev/null ||
	   ! "$PAISSCONV" "$f" -t html -o "$TMP/$name.html" 2>/dev/null; then
		fail "$name: conversion failed"
		continue
	fi
	if same_mathml "$TMP/$name.epub" "$TMP/$name.html" > "$TMP/$name.same" 2>&1; then
		pass "$name: html and epub MathML alike ($(tail -n 1 "$TMP/$name.same"))"
	else
		cat "$TMP/$name.same"
		fail "$name: html and epub MathML differ"
	fi
done
finish
