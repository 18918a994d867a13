#!/bin/sh
# The text writer on documents nested 100 000 deep: no crash, and output
# whose size does not grow with the depth (indentation stops at half the
# width).
. "${top_srcdir:?}/tests/lib.sh"
need_tool python3 python3

depth=${TEXT_DEEP_DEPTH:-100000}
python3 -c "print('> ' * $depth + 'deep quote')" > "$TMP/quote.md"
python3 -c "print('- ' * $depth + 'deep list')" > "$TMP/list.md"
python3 -c "print('*' * $depth + 'deep emphasis' + '*' * $depth)" > "$TMP/emph.md"
python3 -c "print('[' * $depth + 'deep brackets')" > "$TMP/brackets.md"

for name in quote list emph brackets; do
	if "$PAISSCONV" "$TMP/$name.md" -t text -o "$TMP/$name.txt"; then
		pass "$name: converted"
	else
		fail "$name: conversion failed"
		continue
	fi
	check "$name: the text is there" grep -q "deep" "$TMP/$name.txt"
	size=$(wc -c < "$TMP/$name.txt")
	case $name in
	quote | list) limit=200 ;;        # the prefix stops at 36 columns
	*) limit=$((2 * depth + 200)) ;;  # the markup is kept, once
	esac
	check "$name: $size bytes, at most $limit" test "$size" -le "$limit"
done
finish
