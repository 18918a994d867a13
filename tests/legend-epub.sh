#!/bin/sh
# epub writer and the emoji legend: the sample notes' book has the legend
# on its title page, css/legend.css with the tags' colours linked from
# every chapter, and with epub.index an index chapter (spine, table of
# contents) whose links land on tagged blocks of the chapters, one per
# tagged block, epubcheck clean; a book without markers is byte for byte
# the book made without the emoji-legend filter.
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
need_tool unzip unzip
check_py="$top_srcdir/tests/legend/check.py"
sample=$top_srcdir/samples/lecture-notes.md
plain=$top_srcdir/tests/legend/plain.md
export SOURCE_DATE_EPOCH=1700000000

"$PAISSCONV" "$sample" -t json -o "$TMP/notes.json" || fail "json of the sample"
for mode in index plain; do
	set --
	[ $mode = index ] && set -- -O epub.index=true
	if ! "$PAISSCONV" "$sample" "$@" -o "$TMP/$mode.epub"; then
		fail "sample ($mode): conversion failed"
		continue
	fi
	mkdir "$TMP/$mode"
	(cd "$TMP/$mode" && unzip -q "../$mode.epub")
	check "sample ($mode): legend, classes, colours${1:+, index}" \
		python3 "$check_py" epub "$TMP/notes.json" "$TMP/$mode" "$([ $mode = index ] && echo index)"
done

jar=/usr/share/java/epubcheck.jar
if command -v java >/dev/null 2>&1 && [ -f "$jar" ]; then
	java -jar "$jar" --json "$TMP/check.json" "$TMP/index.epub" >/dev/null 2>&1
	check "sample with index: epubcheck 0 errors, 0 warnings" python3 - "$TMP/check.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [m for m in d.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING")]
for m in bad:
    print("  %s %s %s" % (m["severity"], m["ID"], m["message"][:200]))
sys.exit(1 if bad else 0)
PY
else
	echo "epubcheck not installed: the book with an index is not validated"
fi

# without markers: the same bytes with and without the filter
"$PAISSCONV" "$plain" -O epub.index=true -o "$TMP/plain-a.epub" &&
"$PAISSCONV" "$plain" -O epub.index=true --no-filter emoji-legend -o "$TMP/plain-b.epub" &&
check "no markers: unchanged by the filter" cmp "$TMP/plain-a.epub" "$TMP/plain-b.epub"
check "no markers: no legend.css, no index" \
	sh -c "! unzip -l '$TMP/plain-a.epub' | grep -q 'legend.css\\|index.xhtml'"
finish
