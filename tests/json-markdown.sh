#!/bin/sh
# The Markdown reader seen through the json writer: one input per feature
# under tests/golden/json/, each compared with its golden JSON (the reader
# alone: no filters).  Then every sample and corpus file, with the default
# filters, must give JSON that a real parser accepts, and a 100 000-deep
# block quote must convert.  PCV_REGEN=1 rewrites the golden files.
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
GOLDEN=$top_srcdir/tests/golden/json

# Run from the golden folder so that "sources" holds the bare file names.
cd "$GOLDEN" || exit 99
for md in *.md; do
	name=${md%.md}
	if ! "$PAISSCONV" "$md" --no-filter all -t json -o "$TMP/$name.json" 2>"$TMP/$name.err"; then
		fail "$md converts"
		cat "$TMP/$name.err"
		continue
	fi
	if [ "${PCV_REGEN:-}" = 1 ]; then
		cp "$TMP/$name.json" "$GOLDEN/$name.json"
	fi
	check "$md matches $name.json" diff -u "$name.json" "$TMP/$name.json"
	check "$name.json parses" python3 -m json.tool "$TMP/$name.json" /dev/null
done
cd "$TMP" || exit 99

# The writer is chosen by the output's extension; standard input works.
"$PAISSCONV" "$GOLDEN/headings.md" --no-filter all -o "$TMP/ext.json" 2>/dev/null &&
	python3 -m json.tool "$TMP/ext.json" /dev/null && pass ".json selects the json writer" ||
	fail ".json selects the json writer"
"$PAISSCONV" -f markdown -t json --no-filter all <"$GOLDEN/headings.md" >"$TMP/stdin.json" 2>/dev/null &&
	grep -q '"name": "<stdin>"' "$TMP/stdin.json" &&
	sed 's/"<stdin>"/"headings.md"/' "$TMP/stdin.json" | diff -u "$GOLDEN/headings.json" - >/dev/null &&
	pass "standard input gives the same tree" || fail "standard input gives the same tree"

# Several inputs: "sources" says where each begins in the whole text (the
# core puts a blank line between inputs).
"$PAISSCONV" "$GOLDEN/headings.md" "$GOLDEN/footnotes.md" --no-filter all -t json \
	-o "$TMP/two.json" 2>/dev/null || fail "two inputs convert"
check "sources lists both inputs" python3 - "$TMP/two.json" "$GOLDEN" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for _ in open(sys.argv[2] + "/headings.md"))
assert [(s["name"].rsplit("/", 1)[-1], s["line"]) for s in d["sources"]] == \
    [("headings.md", 1), ("footnotes.md", n + 2)], d["sources"]
PY

# Everything we have converts to valid JSON, with the default filters.
for md in "$top_srcdir"/samples/*.md "$PCV_CORPUS"/notes/*.md "$PCV_CORPUS"/gfm-spec/*.txt; do
	[ -f "$md" ] || continue
	base=$(basename "$md")
	if "$PAISSCONV" -f markdown -t json "$md" -o "$TMP/out.json" 2>"$TMP/out.err"; then
		check "$base gives valid JSON" python3 -m json.tool "$TMP/out.json" /dev/null
	else
		fail "$base converts to json"
		head -5 "$TMP/out.err"
	fi
done

# 100 000 nested block quotes: read, written, brackets balanced.
python3 -c 'import sys; sys.stdout.write(">" * 100000 + " deep\n")' >"$TMP/deep.md"
if "$PAISSCONV" "$TMP/deep.md" -t json -o "$TMP/deep.json" 2>"$TMP/deep.err"; then
	check "100 000 nested quotes give balanced JSON" python3 - "$TMP/deep.json" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
depth, in_str, esc = 0, False, False
for ch in data:
    if in_str:
        if esc: esc = False
        elif ch == 0x5C: esc = True
        elif ch == 0x22: in_str = False
    elif ch == 0x22: in_str = True
    elif ch in (0x7B, 0x5B): depth += 1
    elif ch in (0x7D, 0x5D): depth -= 1; assert depth >= 0
assert depth == 0 and not in_str
assert data.count(b'"type": "block_quote"') == 100000
PY
else
	fail "100 000 nested quotes convert"
	head -5 "$TMP/deep.err"
fi
finish
