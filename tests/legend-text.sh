#!/bin/sh
# text writer and the emoji legend: emoji come out byte for byte as they
# were written (presentation selectors, skin tones, ZWJ sequences, flags),
# markers of the sample notes included.
. "$top_srcdir/tests/lib.sh"
printf '%s\n' '⭐️ one, ⭐ two, 👍🏽 three, 👨‍👩‍👧 four, 🇫🇷 five, 🛠 six, ❓ seven' >"$TMP/emoji.md"
"$PAISSCONV" "$TMP/emoji.md" -t text -o "$TMP/emoji.txt" &&
	check "emoji kept as written" cmp "$TMP/emoji.md" "$TMP/emoji.txt"
sample=$top_srcdir/samples/lecture-notes.md
"$PAISSCONV" "$sample" -t text -o "$TMP/notes.txt" || fail "sample: conversion failed"
for e in '📑' '❓' '💬' '⭐️' '👀' '🛠'; do
	want=$(grep -o "$e" "$sample" | wc -l)
	have=$(grep -o "$e" "$TMP/notes.txt" | wc -l)
	check "sample: $e $want times in the notes, $have in the text" test "$want" -eq "$have"
done
finish
