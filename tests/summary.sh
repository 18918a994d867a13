#!/bin/sh
# The summary writer: the digest of the sample notes (golden), -o
# NAME.summary.txt, wrapping by display width, and a summary without the
# emoji-legend filter (outline and counts only).
. "$top_srcdir/tests/lib.sh"
export LC_ALL=C.UTF-8
NOTES="$top_srcdir/samples/lecture-notes.md"
GOLDEN="$top_srcdir/tests/golden/summary/lecture-notes.summary.txt"

"$PAISSCONV" "$NOTES" -o "$TMP/notes.summary.txt" 2>"$TMP/err"
check "-o NAME.summary.txt picks the summary writer" [ $? -eq 0 ]
check "no messages" [ ! -s "$TMP/err" ]
if diff -u "$GOLDEN" "$TMP/notes.summary.txt"; then pass "sample notes: summary as in the golden file"
else fail "sample notes: summary differs from $GOLDEN"; fi
"$PAISSCONV" "$top_srcdir/samples/reading-group.md" -o "$TMP/rg.summary.txt"
if diff -u "$top_srcdir/tests/golden/summary/reading-group.summary.txt" "$TMP/rg.summary.txt"; then
	pass "reading group: summary as in the golden file"
else fail "reading group: summary differs from the golden file"; fi
"$PAISSCONV" "$NOTES" -t summary >"$TMP/stdout.txt"
check "-t summary to standard output, same bytes" cmp -s "$TMP/stdout.txt" "$TMP/notes.summary.txt"

# Wrapped by display width: no line wider than the columns (wc -L counts
# display columns), none but a lone long word.
for cols in 20 40 100; do
	"$PAISSCONV" "$NOTES" -t summary -O summary.columns=$cols -o "$TMP/c$cols.summary.txt"
	over=0
	while IFS= read -r line; do
		[ "$(printf '%s\n' "$line" | wc -L)" -le $cols ] && continue
		# Wider than the columns: must be one word after its indent.
		case "$(printf '%s' "$line" | sed 's/^ *\(\* \)\{0,1\}//')" in
		*" "*) echo "too wide: $line"; over=$((over + 1)) ;;
		esac
	done <"$TMP/c$cols.summary.txt"
	check "columns=$cols: no line wider, but for a lone long word" [ "$over" -eq 0 ]
done
# The same words whatever the width.
tr -s ' \n' '\n\n' <"$TMP/c20.summary.txt" | grep -v '^[-=]*$' | sort >"$TMP/w20"
tr -s ' \n' '\n\n' <"$TMP/c100.summary.txt" | grep -v '^[-=]*$' | sort >"$TMP/w100"
check "wrapping keeps every word" cmp -s "$TMP/w20" "$TMP/w100"
"$PAISSCONV" "$NOTES" -t summary -O summary.columns=5 -o "$TMP/c5.summary.txt" 2>"$TMP/c5.err"
check "columns out of range: a warning" grep -q warning "$TMP/c5.err"

# Without the filter: outline and counts, no parts, the same word count.
"$PAISSCONV" "$NOTES" -t summary --no-filter emoji-legend -o "$TMP/plain.summary.txt"
check "without the filter: outline" grep -q '^Outline$' "$TMP/plain.summary.txt"
check "without the filter: no parts" [ -z "$(grep -E '^(Key ideas|Questions|Papers) \(' "$TMP/plain.summary.txt")" ]
check "without the filter: the same word count" \
	[ "$(grep ' words, about' "$TMP/plain.summary.txt")" = "$(grep ' words, about' "$TMP/notes.summary.txt")" ]

# Odd documents: empty, no headings, a first heading as the title.
printf '' >"$TMP/empty.md"
"$PAISSCONV" "$TMP/empty.md" -t summary -o "$TMP/empty.txt"
check "empty document: written" grep -q 'No words to read' "$TMP/empty.txt"
printf '# Only a heading\n\n⭐ The idea.\n\n## Part\n\n❓ Why?\n' >"$TMP/h.md"
"$PAISSCONV" "$TMP/h.md" -t summary -o "$TMP/h.txt"
cat >"$TMP/h.want" <<'OUT'
Only a heading
==============

At a glance
-----------
7 words, about 1 minute to read.
1 section.
Markers: ❓ question 1, ⭐ key idea 1.

Outline
-------
Part

Key ideas (1)
-------------
* The idea.
  in: Only a heading

Questions (1)
-------------
* Why?
  in: Part
OUT
if diff -u "$TMP/h.want" "$TMP/h.txt"; then pass "first heading as the title"; else fail "first heading as the title"; fi

finish
