#!/bin/sh
# epubcheck on the EPUB of every sample, every note of the corpus and a few
# hostile inputs: each must report 0 fatals, 0 errors and 0 warnings.
. "${top_srcdir:?}/tests/lib.sh"
need_tool java default-jre-headless
need_tool python3 python3
jar=/usr/share/java/epubcheck.jar
[ -f "$jar" ] || skip "epubcheck not installed (apt-get install epubcheck)"
export SOURCE_DATE_EPOCH=1700000000

set -- "$top_srcdir"/samples/*.md "$top_srcdir"/tests/epub/*.md
[ -d "$PCV_CORPUS/notes" ] && set -- "$@" "$PCV_CORPUS"/notes/*.md

# one more book with a cover and a user stylesheet
printf 'p { text-indent: 1em; }\n' > "$TMP/user.css"
cp "$top_srcdir/samples/lecture-notes.md" "$TMP/with-cover.md"
cp -r "$top_srcdir/samples/images" "$TMP/images"
set -- "$@" "$TMP/with-cover.md"

for md in "$@"; do
	name=$(basename "$md" .md)
	set -- -o "$TMP/$name.epub"
	[ "$name" = with-cover ] &&
		set -- "$@" -O epub.cover="$top_srcdir/samples/images/gp-posterior.png" -O epub.css="$TMP/user.css"
	if ! "$PAISSCONV" "$md" "$@" 2> "$TMP/$name.err"; then
		fail "$name: conversion failed: $(cat "$TMP/$name.err")"
		continue
	fi
	java -jar "$jar" --json "$TMP/$name.json" "$TMP/$name.epub" > "$TMP/$name.out" 2>&1
	if python3 - "$TMP/$name.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [m for m in d.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING")]
for m in bad:
    loc = (m.get("locations") or [{}])[0]
    print("  %s %s %s at %s:%s" % (m["severity"], m["ID"], m["message"][:200], loc.get("path"), loc.get("line")))
sys.exit(1 if bad else 0)
PY
	then
		pass "$name: epubcheck clean"
	else
		fail "$name: epubcheck reported problems"
	fi
done
finish
