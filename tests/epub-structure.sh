#!/bin/sh
# The book's structure, read back from the zip: mimetype first, stored,
# without extra field; the chapter count for a split level; every internal
# link resolves; every note reference has its note and back; raw HTML
# sanitised; images outside the notes' folder refused; deep nesting.
. "${top_srcdir:?}/tests/lib.sh"
need_tool python3 python3
export SOURCE_DATE_EPOCH=1700000000
dir=$top_srcdir/tests/epub

# check_book EPUB CHAPTERS: the structural checks (CHAPTERS: expected count, or -)
check_book() {
	python3 - "$1" "$2" <<'PY'
import sys, zipfile, re, posixpath
import xml.etree.ElementTree as ET
X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}type"
book, want = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(book)
infos = z.infolist()
errs = []
first = infos[0]
if first.filename != "mimetype": errs.append("mimetype is not the first entry")
if first.compress_type != zipfile.ZIP_STORED: errs.append("mimetype is compressed")
if first.extra: errs.append("mimetype has an extra field")
if z.read("mimetype") != b"application/epub+zip": errs.append("mimetype content")
names = set(z.namelist())
docs = {}
for n in names:
    if n.endswith(".xhtml"):
        docs[n] = ET.fromstring(z.read(n))
ids = {n: {e.get("id") for e in d.iter() if e.get("id")} for n, d in docs.items()}
chapters = sorted(n for n in names if re.match(r"OEBPS/ch\d+\.xhtml$", n))
if want != "-" and len(chapters) != int(want):
    errs.append("%d chapters, expected %s" % (len(chapters), want))
for n, d in docs.items():
    for e in d.iter():
        for attr in ("href", "src"):
            url = e.get(attr)
            if not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
                continue
            path, _, frag = url.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(n), path)) if path else n
            if target not in names:
                errs.append("%s: %s -> missing file %s" % (n, url, target))
            elif frag and target in ids and frag not in ids[target]:
                errs.append("%s: %s -> no id %s" % (n, url, frag))
    asides = {a.get("id"): a for a in d.iter(X + "aside") if a.get(OPS) == "footnote"}
    for a in d.iter(X + "a"):
        if a.get(OPS) == "noteref":
            frag = a.get("href", "").lstrip("#")
            if frag not in asides:
                errs.append("%s: note reference %s has no note" % (n, frag))
    for fid, a in asides.items():
        backs = [b for b in a.iter(X + "a") if b.get("role") == "doc-backlink"]
        if not backs or backs[0].get("href", "").lstrip("#") not in ids[n]:
            errs.append("%s: note %s has no way back" % (n, fid))
for e in errs: print("  " + e)
sys.exit(1 if errs else 0)
PY
}

lecture=$top_srcdir/samples/lecture-notes.md
for split in 1:1 2:9 0:9; do
	level=${split%%:*} want=${split#*:}
	"$PAISSCONV" "$lecture" -o "$TMP/lecture-$level.epub" -O epub.split-level=$level 2> "$TMP/err" ||
		fail "lecture notes, split $level: conversion failed"
	check "lecture notes, split level $level: $want chapters, links, notes" \
		check_book "$TMP/lecture-$level.epub" "$want"
done
for split in 0:2 1:2 2:6; do
	level=${split%%:*} want=${split#*:}
	"$PAISSCONV" "$dir/features.md" -o "$TMP/features-$level.epub" -O epub.split-level=$level 2> "$TMP/err" ||
		fail "features, split $level: conversion failed"
	check "features, split level $level: $want chapters, links, notes" \
		check_book "$TMP/features-$level.epub" "$want"
done
check "features: no warnings" test ! -s "$TMP/err"
# the long note refers to an inner note: both written in the chapters using them
python3 - "$TMP/features-2.epub" <<'PY' && pass "features: nested note and task list written" || fail "features: nested note or task list missing"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
all = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("OEBPS/ch"))
assert all.count('epub:type="footnote"') >= 4, "notes"
assert "The inner note." in all
assert 'aria-checked="true"' in all and 'aria-checked="false"' in all
assert 'id="section-21-1"' in all, "repeated heading id"
assert 'href="ch001.xhtml#part-one"' in all, "cross-chapter link"
PY

for md in "$top_srcdir"/samples/*.md "$PCV_CORPUS"/notes/*.md; do
	[ -f "$md" ] || continue
	name=$(basename "$md" .md)
	"$PAISSCONV" "$md" -o "$TMP/$name.epub" 2> /dev/null || fail "$name: conversion failed"
	check "$name: links and notes" check_book "$TMP/$name.epub" -
done

# hostile raw HTML and paths
mkdir -p "$TMP/notes" && echo secret > "$TMP/secret.txt"
cp "$dir/hostile.md" "$TMP/notes/"
printf '![x](../secret.txt)\n' >> "$TMP/notes/hostile.md"
"$PAISSCONV" "$TMP/notes/hostile.md" -o "$TMP/hostile.epub" 2> "$TMP/hostile.err" ||
	fail "hostile: conversion failed"
check "hostile: links and notes" check_book "$TMP/hostile.epub" -
python3 - "$TMP/hostile.epub" <<'PY' && pass "hostile: dangerous HTML gone" || fail "hostile: dangerous HTML kept"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")).lower()
for bad in ("<script", "onclick", "onerror", "onmouseover", "<iframe", "<form", "<input",
            "<object", "<embed", "javascript:", "secret", "passwd"):
    assert bad not in text, bad
assert "a box holding" in text and "<em>markdown</em>" in text
assert 'id="anchor-in-raw"' in text
assert not any("secret" in n for n in z.namelist())
PY
for what in "raw HTML: <script>" "raw HTML: <iframe>" "raw HTML: <form>" "event handler" \
	"javascript: link dropped" "outside the notes' folder" "not found" "'#no-such-anchor' not found" \
	"'other.md' is not in the book" "not a language tag"; do
	if grep -qF "$what" "$TMP/hostile.err"; then pass "hostile: warned: $what"
	else fail "hostile: no warning: $what"; fi
done

# nesting 100 000 deep costs no stack
depth=${EPUB_DEEP_DEPTH:-100000}
python3 -c "print('> ' * $depth + 'deep quote')" > "$TMP/deep.md"
python3 -c "print('- ' * $depth + 'deep list')" > "$TMP/deeplist.md"
for name in deep deeplist; do
	if "$PAISSCONV" "$TMP/$name.md" -o "$TMP/$name.epub" 2> /dev/null &&
		python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert b'deep' in z.read('OEBPS/ch001.xhtml')" "$TMP/$name.epub"; then
		pass "$name: $depth levels converted"
	else
		fail "$name: $depth levels failed"
	fi
done
finish
