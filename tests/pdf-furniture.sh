#!/bin/sh
# The PDF writer's own marks (bullets, task boxes, wrap marks, signs of
# formulas) are all in fonts_furniture, the list the font narrowing checks
# against the handout's families (see tests/pdf/furniture.py).
. "${top_srcdir:?}/tests/lib.sh"
need_tool python3 python3

check "every mark the writer draws is listed" python3 "$top_srcdir/tests/pdf/furniture.py" "$top_srcdir"

# The check must be able to fail: a new mark (a check mark) in a copy of
# the sources, and one written as UTF-8 rather than escapes.
mkdir -p "$TMP/src/plugins"
cp -R "$top_srcdir/plugins/pdf" "$TMP/src/plugins/"
chmod -R u+w "$TMP/src"
printf 'static const char *mark_new = "\\xe2\\x9c\\x93";\n' >> "$TMP/src/plugins/pdf/layout.c"
check "an unlisted escaped mark is caught" sh -c "! python3 '$top_srcdir/tests/pdf/furniture.py' '$TMP/src' >/dev/null"
cp "$top_srcdir/plugins/pdf/layout.c" "$TMP/src/plugins/pdf/layout.c"
printf 'static const char *mark_new = "a \342\230\205 b"; /* \342\234\223 */\n' >> "$TMP/src/plugins/pdf/legend.c"
check "an unlisted UTF-8 mark is caught" sh -c "python3 '$top_srcdir/tests/pdf/furniture.py' '$TMP/src' | grep 'legend.c:.*U+2605' >/dev/null"
finish
