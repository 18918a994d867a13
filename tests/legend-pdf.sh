#!/bin/sh
# pdf writer and the emoji legend: the first page of the sample notes'
# handout shows the legend box (each meaning used with its count); with
# pdf.index the index (in the outline) lists one entry per tagged block with
# the page the block starts on -- its words are on that page -- and links
# there; a handout without markers is byte for byte the one made without
# the emoji-legend filter.
. "$top_srcdir/tests/lib.sh"
need_tool pdftotext poppler-utils
need_tool qpdf qpdf
need_tool python3 python3
check_py="$top_srcdir/tests/legend/check.py"
sample=$top_srcdir/samples/lecture-notes.md
plain=$top_srcdir/tests/legend/plain.md
export SOURCE_DATE_EPOCH=1700000000

"$PAISSCONV" "$sample" -t json -o "$TMP/notes.json" || fail "json of the sample"
for mode in index plain; do
	set --
	[ $mode = index ] && set -- -O pdf.index=true
	if ! "$PAISSCONV" "$sample" "$@" -o "$TMP/$mode.pdf" 2>"$TMP/$mode.err"; then
		fail "sample ($mode): conversion failed: $(cat "$TMP/$mode.err")"
		continue
	fi
	pdftotext -enc UTF-8 -layout "$TMP/$mode.pdf" "$TMP/$mode.txt"
	qpdf --json --json-key=outlines "$TMP/$mode.pdf" >"$TMP/$mode.qpdf.json"
	check "sample ($mode): legend box${1:+, index pages}" python3 "$check_py" pdf \
		"$TMP/notes.json" "$TMP/$mode.txt" "$TMP/$mode.qpdf.json" "$([ $mode = index ] && echo index)"
done
check "sample with index: qpdf --check" qpdf --check "$TMP/index.pdf"
# every index entry is a link to a named destination
links=$(qpdf --qdf --object-streams=disable "$TMP/index.pdf" - | grep -a -c '/Subtype /Link')
plain_links=$(qpdf --qdf --object-streams=disable "$TMP/plain.pdf" - | grep -a -c '/Subtype /Link')
entries=$(python3 -c "
import json, sys
sys.path.insert(0, '$top_srcdir/tests/legend')
import check
print(sum(check.expected_index(json.load(open('$TMP/notes.json'))).values()))")
check "sample with index: $entries more links than without ($links, $plain_links)" \
	test "$links" -ge $((plain_links + entries))

"$PAISSCONV" "$plain" -O pdf.index=true -o "$TMP/plain-a.pdf" &&
"$PAISSCONV" "$plain" -O pdf.index=true --no-filter emoji-legend -o "$TMP/plain-b.pdf" &&
check "no markers: unchanged by the filter" cmp "$TMP/plain-a.pdf" "$TMP/plain-b.pdf"
finish
