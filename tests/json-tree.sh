#!/bin/sh
# The json writer on trees built through the API (tests/json-tree.c):
# every node type and field against a golden file, string escaping checked
# by a real JSON parser, options, and a 100 000-deep document.
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
TREE=$top_builddir/tests/json-tree
GOLDEN=$top_srcdir/tests/golden/json

"$TREE" all >"$TMP/all.json" 2>"$TMP/all.err" || fail "json-tree all exits 0"
check "every node type matches tree-all.json" diff -u "$GOLDEN/tree-all.json" "$TMP/all.json"
check "the output parses (python3 -m json.tool)" \
	python3 -m json.tool "$TMP/all.json" /dev/null
check "the output ends with a newline" test "$(tail -c 1 "$TMP/all.json" | od -An -c | tr -d ' ')" = '\n'
# The strings decode to what was stored: controls escaped, NUL kept, valid
# UTF-8 kept, each maximal ill-formed subsequence replaced by U+FFFD (the
# same rule as Python's decoder).
check "strings round-trip through a JSON parser" python3 - "$TMP/all.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
tricky = (b"q\" b\\ n\n t\t r\r b\b f\f x01\x01 x1f\x1f del\x7f nul\0 "
          + "é € 😀 | ".encode()
          + b"\x80 \xE2\x82 \xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xFF end")
got = doc["children"][1]["children"][0]["text"]
want = tricky.decode("utf-8", "replace")
assert got == want, (got, want)
assert doc["meta"]["author"] == ["Ada Lindqvist", "Tomás Ferreira"]
assert list(doc["meta"]["x-map"]) == ["zeta", "alpha", "empty-list", "empty-map", "nested"]
assert doc["sources"] == [{"name": "first.md", "line": 1}, {"name": "second.md", "line": 40}]
PY
# Non-ASCII text stays UTF-8, not \u escapes.
check "valid UTF-8 is written as is" grep -q 'Tomás Ferreira' "$TMP/all.json"

# Options: one line, no positions; same tree.
"$TREE" opts json.indent=0 json.positions=false >"$TMP/flat.json" 2>/dev/null ||
	fail "json-tree opts exits 0"
check "json.indent=0 writes one line" test "$(wc -l <"$TMP/flat.json")" -eq 1
check "json.positions=false drops pos, and the tree is the same" python3 - "$TMP/all.json" "$TMP/flat.json" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k != "pos"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
assert '"pos"' not in open(sys.argv[2]).read()
assert strip(a) == b
PY

# Deep nesting: a moderately deep tree parses; a 100 000-deep one is
# written without recursion, its indentation capped so that the size stays
# linear, and its brackets balance.
# (Python's parser recurses: 200 block quotes are already 400 JSON levels.)
"$TREE" deep 200 >"$TMP/deep200.json" 2>/dev/null || fail "json-tree deep 200 exits 0"
check "a 200-deep tree parses" python3 -m json.tool "$TMP/deep200.json" /dev/null
if "$TREE" deep 100000 >"$TMP/deep.json" 2>/dev/null; then
	pass "a 100000-deep tree is written"
else
	fail "a 100000-deep tree is written"
fi
check "indentation is capped at 40 levels" \
	awk 'length($0) > m { m = length($0) } END { exit !(m <= 2 * 40 + 30) }' "$TMP/deep.json"
check "the deep output is linear in size (< 80 MB)" \
	test "$(wc -c <"$TMP/deep.json")" -lt 80000000
check "the deep output's brackets balance and nest" python3 - "$TMP/deep.json" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
stack, in_str, esc, maxd = [], False, False, 0
for ch in data:
    if in_str:
        if esc: esc = False
        elif ch == 0x5C: esc = True
        elif ch == 0x22: in_str = False
    elif ch == 0x22: in_str = True
    elif ch in (0x7B, 0x5B): stack.append(ch); maxd = max(maxd, len(stack))
    elif ch in (0x7D, 0x5D):
        assert stack and stack.pop() == ch - 2, "mismatched bracket"
assert not stack and not in_str
assert maxd > 200000, maxd
assert data.count(b'"type": "block_quote"') == 100000
assert data.endswith(b"}\n")
PY
finish
