#!/bin/sh
# The text writer against golden outputs: tests/golden/text/NAME.md is
# converted (with the arguments of NAME.opts, one a line, if present) and
# compared with NAME.txt.  TEXT_GOLDEN_REGEN=1 rewrites the golden files.
. "${top_srcdir:?}/tests/lib.sh"

dir=$top_srcdir/tests/golden/text
for md in "$dir"/*.md; do
	name=$(basename "$md" .md)
	set --
	if [ -f "$dir/$name.opts" ]; then
		while IFS= read -r arg; do set -- "$@" "$arg"; done < "$dir/$name.opts"
	fi
	if ! "$PAISSCONV" "$md" -t text "$@" -o "$TMP/$name.txt" 2> "$TMP/$name.err"; then
		fail "$name: conversion failed: $(cat "$TMP/$name.err")"
		continue
	fi
	if [ "${TEXT_GOLDEN_REGEN:-0}" = 1 ]; then
		cp "$TMP/$name.txt" "$dir/$name.txt"
	fi
	if diff -u "$dir/$name.txt" "$TMP/$name.txt"; then
		pass "$name"
	else
		fail "$name: output differs from $name.txt"
	fi
	check "$name: no warnings" test ! -s "$TMP/$name.err"
	check "$name: no trailing spaces" sh -c "! grep -q ' \$' '$TMP/$name.txt'"
	check "$name: ends with exactly one newline" \
		sh -c "[ \"\$(tail -c 1 '$TMP/$name.txt' | od -An -c | tr -d ' ')\" = '\\n' ] && [ -n \"\$(tail -n 1 '$TMP/$name.txt')\" ]"
done
finish
