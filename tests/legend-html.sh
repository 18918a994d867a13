#!/bin/sh
# html writer and the emoji legend: the sample notes' page has the legend
# box after the title block (markers, meanings and counts of legend-used),
# tag classes and colours, and with html.index an index whose links land on
# tagged blocks, one per tagged block; a document without markers comes out
# exactly as without the emoji-legend filter.
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
check_py="$top_srcdir/tests/legend/check.py"
sample=$top_srcdir/samples/lecture-notes.md
plain=$top_srcdir/tests/legend/plain.md

"$PAISSCONV" "$sample" -t json -o "$TMP/notes.json" || fail "json of the sample"
if "$PAISSCONV" "$sample" -s -O html.index=true -o "$TMP/index.html"; then
	check "sample, html.index: box, classes, index" \
		python3 "$check_py" html "$TMP/notes.json" "$TMP/index.html" index
else
	fail "sample, html.index: conversion failed"
fi
if "$PAISSCONV" "$sample" -s -o "$TMP/page.html"; then
	check "sample: box and classes, no index" \
		python3 "$check_py" html "$TMP/notes.json" "$TMP/page.html"
else
	fail "sample: conversion failed"
fi
"$PAISSCONV" "$sample" -s -O html.legend=false -o "$TMP/nobox.html" &&
	check "html.legend=false: no box" sh -c "! grep -q 'legend-box\"' '$TMP/nobox.html'"
# a fragment is what libcmark-gfm would write, plus classes: no box
"$PAISSCONV" "$sample" -t html -o "$TMP/fragment.html" &&
	check "fragment: no box, no index" sh -c "! grep -q 'legend-box\\|legend-index' '$TMP/fragment.html'"

# without markers: the same bytes with and without the filter
for opts in "-s -O html.index=true" "-O html.index=true"; do
	# shellcheck disable=SC2086
	"$PAISSCONV" "$plain" $opts -t html -o "$TMP/plain-a.html" &&
	"$PAISSCONV" "$plain" $opts -t html --no-filter emoji-legend -o "$TMP/plain-b.html" &&
	check "no markers ($opts): unchanged by the filter" cmp "$TMP/plain-a.html" "$TMP/plain-b.html"
	check "no markers ($opts): no box, no index" \
		sh -c "! grep -q 'legend-box\\|legend-index\\|class=\"[^\"]*tag-' '$TMP/plain-a.html'"
done
finish
