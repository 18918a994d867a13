#!/bin/sh
# No lost text: the words of the text output of every real GFM input of the
# corpus (the lecture notes and the examples of the GFM spec files) are the
# words of the input, markup aside (see text-words.py).
. "${top_srcdir:?}/tests/lib.sh"
need_corpus
need_tool python3 python3
need_tool cmark-gfm cmark-gfm

set -- "$PCV_CORPUS"/notes/*.md
for spec in spec extensions regression smart_punct; do
	[ -f "$PCV_CORPUS/gfm-spec/$spec.txt" ] && set -- "$@" --spec "$PCV_CORPUS/gfm-spec/$spec.txt"
done
check "every word of the corpus survives" python3 "$top_srcdir/tests/text-words.py" "$PAISSCONV" cmark-gfm "$@"

# The check itself must be able to fail: a table cell and a footnote whose
# words the output lacks.
printf '| a | b |\n|---|---|\n| kept | cell |\n' > "$TMP/cell.md"
printf 'Text[^n].\n\n[^n]: A note.\n' > "$TMP/note.md"
cat > "$TMP/lossy" <<EOS
#!/bin/sh
"$PAISSCONV" "\$@" | sed -e 's/cell/    /' -e 's/A note\\./       /'
EOS
chmod +x "$TMP/lossy"
check "a lost table cell is caught" sh -c "! python3 '$top_srcdir/tests/text-words.py' '$TMP/lossy' cmark-gfm '$TMP/cell.md' >/dev/null"
check "a lost note is caught" sh -c "! python3 '$top_srcdir/tests/text-words.py' '$TMP/lossy' cmark-gfm '$TMP/note.md' >/dev/null"
check "unchanged output passes" python3 "$top_srcdir/tests/text-words.py" "$PAISSCONV" cmark-gfm "$TMP/cell.md" "$TMP/note.md"
finish
