#!/bin/sh
# The standalone HTML page of real notes: well-formed for libxml2's HTML
# parser, heading ids unique, and every internal #anchor resolving to an
# id (or a raw <a name=...>) on the page.
. "$top_srcdir/tests/lib.sh"
need_tool xmllint libxml2-utils

# HTML5 elements libxml2's HTML 4 parser does not know; only "Tag X
# invalid" for these is forgiven.
html5='section|header|footer|main|nav|article|aside|figure|figcaption|mark|time|details|summary|math|semantics|annotation|mrow|mi|mn|mo|mtext|mfrac|msqrt|mroot|msub|msup|msubsup|munder|mover|munderover|mtable|mtr|mtd|mspace|mstyle|video|audio|source|picture'

# check_page NAME FILE: the checks for one page.
check_page() {
	name=$1 page=$2
	xmllint --html --noout "$page" 2>"$TMP/lint" || true
	grep -E 'error|warning' "$TMP/lint" | grep -vE "Tag ($html5) invalid" >"$TMP/lint.bad" || true
	if [ -s "$TMP/lint.bad" ]; then
		fail "$name: xmllint --html reports problems"
		head -20 "$TMP/lint.bad"
	else
		pass "$name: xmllint --html is content"
	fi
	xmllint --html --xpath '//@id' "$page" 2>/dev/null |
		sed -n 's/^ *id="\(.*\)"$/\1/p' >"$TMP/ids"
	xmllint --html --xpath '//a/@name' "$page" 2>/dev/null |
		sed -n 's/^ *name="\(.*\)"$/\1/p' >"$TMP/names"
	# an <a name> is an id too, for the HTML DTD
	sort "$TMP/ids" "$TMP/names" | uniq -d >"$TMP/dups"
	if [ -s "$TMP/dups" ]; then
		fail "$name: duplicate ids: $(tr '\n' ' ' <"$TMP/dups")"
	else
		pass "$name: $(cat "$TMP/ids" "$TMP/names" | wc -l) ids and names, all unique"
	fi
	xmllint --html --xpath '//a/@href' "$page" 2>/dev/null |
		sed -n 's/^ *href="#\(.*\)"$/\1/p' >"$TMP/anchors"
	missing=$(sort -u "$TMP/anchors" | while IFS= read -r a; do
		grep -qxF -- "$a" "$TMP/ids" "$TMP/names" 2>/dev/null || printf '#%s ' "$a"
	done)
	if [ -n "$missing" ]; then
		fail "$name: anchors that resolve nowhere: $missing"
	else
		pass "$name: $(wc -l <"$TMP/anchors") internal links, all resolve"
	fi
}

sample=$top_srcdir/samples/lecture-notes.md
if [ -f "$sample" ]; then
	if "$PAISSCONV" "$sample" -s -o "$TMP/lecture-notes.html"; then
		check_page lecture-notes.md "$TMP/lecture-notes.html"
		# the sample's own table of contents links to its headings
		check "lecture-notes.md: the contents link to headings" \
			grep -qF 'href="#1-from-linear-regression-to-gaussian-processes"' "$TMP/lecture-notes.html"
		check "lecture-notes.md: the heading has that id" \
			grep -qF '<h2 id="1-from-linear-regression-to-gaussian-processes">' "$TMP/lecture-notes.html"
	else
		fail "paissconv lecture-notes.md -s"
	fi
else
	fail "samples/lecture-notes.md is missing"
fi

# the corpus notes link to raw <a name=...> anchors
if [ -d "$PCV_CORPUS/notes" ]; then
	for md in "$PCV_CORPUS"/notes/*.md; do
		base=$(basename "$md" .md)
		if "$PAISSCONV" "$md" -s -o "$TMP/$base.html" 2>"$TMP/$base.err"; then
			check_page "$base.md" "$TMP/$base.html"
		else
			fail "paissconv $base.md -s"
		fi
	done
else
	echo "note: corpus not found at $PCV_CORPUS; only the sample was checked"
fi
finish
