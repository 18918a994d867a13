# Helpers of regress.sh and regress-open.sh: convert one reproducer to every
# format through the CLI; it must succeed (warnings allowed), produce
# output, and no sanitizer may speak.
FORMATS="text json html html-s epub pdf summary"
R="$top_srcdir/tests/regress"

# open_list KIND...: the reproducers listed in regress/OPEN with those kinds.
open_list() {
	sed -e 's/#.*//' "$R/OPEN" | while read -r name kind; do
		[ -n "$name" ] || continue
		for k in "$@"; do [ "$k" = "$kind" ] && echo "$name"; done
	done
}

# convert FILE: every format.
convert() {
	local f=$1 fmt out rc
	for fmt in $FORMATS; do
		case $fmt in
		html-s) set -- -t html -s ;;
		*) set -- -t "$fmt" ;;
		esac
		out="$TMP/out.$fmt"
		rm -f "$out"
		"$PAISSCONV" "$f" "$@" -o "$out" 2>"$TMP/err"; rc=$?
		if [ $rc -ne 0 ] || [ ! -s "$out" ] || grep -qE 'runtime error|Sanitizer|==[0-9]+==' "$TMP/err"; then
			fail "$(basename "$f") -> $fmt (exit $rc): $(grep -v warning "$TMP/err" | head -3)"
		else
			pass "$(basename "$f") -> $fmt"
		fi
	done
}
