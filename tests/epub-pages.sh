#!/bin/sh
# The chapters' XHTML, byte for byte: the pages of tests/epub/pages.md
# (footnotes that start with a list, code, raw HTML or nothing; raw HTML
# left open, self-closed, dropped; tables, math, missing images) against
# tests/epub/pages.golden.  Regenerate the golden file with
#   PCV_UPDATE_GOLDEN=1 make check TESTS=tests/epub-pages.sh
. "${top_srcdir:?}/tests/lib.sh"
need_tool python3 python3
export SOURCE_DATE_EPOCH=1700000000
dir=$top_srcdir/tests/epub
"$PAISSCONV" "$dir/pages.md" -o "$TMP/pages.epub" 2> "$TMP/err"
check "pages.md converts" test $? -eq 0
python3 - "$TMP/pages.epub" > "$TMP/pages.txt" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(n for n in z.namelist() if n.startswith("OEBPS/ch")):
    sys.stdout.write("== %s\n" % n)
    sys.stdout.write(z.read(n).decode("utf-8"))
PY
if [ -n "${PCV_UPDATE_GOLDEN:-}" ]; then
	cp "$TMP/pages.txt" "$dir/pages.golden"
fi
check "the chapters are the golden ones" diff -u "$dir/pages.golden" "$TMP/pages.txt"
check "one warning a missing image" sh -c "grep -c 'missing.png\\|x.png\\|nope.png' '$TMP/err' | grep -qx 3"
finish
