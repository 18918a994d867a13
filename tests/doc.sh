#!/bin/sh
# doc.sh -- the manual pages: every option of --help is in paissconv(1),
# and both pages render without warnings.
. "$top_srcdir/tests/lib.sh"
page="$top_srcdir/doc/paissconv.1"
for opt in $("$PAISSCONV" --help | grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' | sort -u); do
	roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	check "paissconv(1) documents $opt" grep -q -- "$roff" "$page"
done
plugins7="$top_builddir/doc/paissconv-plugins.7"
[ -f "$plugins7" ] || plugins7="$top_srcdir/doc/paissconv-plugins.7"
check "the guide's man page was generated" test -s "$plugins7"
awk -v section=7 -v name=paissconv-plugins -v date=2026-11-27 -f "$top_srcdir/doc/md2man.awk" \
	"$top_srcdir/doc/plugins.md" > "$TMP/plugins.7"
check "the distributed paissconv-plugins.7 is made from the guide as it is" \
	cmp -s "$TMP/plugins.7" "$top_srcdir/doc/paissconv-plugins.7"
check "the guide's example writer is in its man page" grep -q 'write_outline' "$plugins7"
if command -v man >/dev/null 2>&1; then
	for p in "$page" "$plugins7"; do
		MANWIDTH=80 man --warnings -l "$p" > /dev/null 2> "$TMP/warn"
		check "$(basename "$p") renders without warnings" test ! -s "$TMP/warn"
	done
else
	echo "note: man not installed, rendering not checked"
fi
finish
