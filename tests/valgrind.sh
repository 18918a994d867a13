#!/bin/sh
# valgrind.sh -- stands in for paissconv under make check-valgrind: runs the
# real program (through libtool, which finds the uninstalled library) under
# memcheck.  A memory error or a definite leak makes the run exit 99, which
# no test accepts; the report goes to standard error after the program's
# own messages, and is also kept in $PCV_VALGRIND_LOGS (when set), so that
# make check-valgrind fails even for a test that ignores exit status and
# standard error.  "valgrind.sh --program PROG ARGS..." runs PROG instead:
# make check-valgrind runs the test programs (test-tree, conformance...)
# that way.
: "${PCV_REAL_PAISSCONV:?run through make check-valgrind}" "${PCV_LIBTOOL:?}"
prog=$PCV_REAL_PAISSCONV
if [ "${1-}" = --program ]; then
	prog=$2
	shift 2
fi
log=$(mktemp "${TMPDIR:-/tmp}/pcv-valgrind.XXXXXX")
"$PCV_LIBTOOL" --mode=execute valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--suppressions="${PCV_VALGRIND_SUPP:-/dev/null}" --log-file="$log" \
	"$prog" "$@"
rc=$?
if [ $rc -eq 99 ] || [ -s "$log" ]; then
	{ echo "valgrind: ${prog##*/} $*"; cat "$log"; } >&2
	if [ -n "${PCV_VALGRIND_LOGS-}" ]; then
		mkdir -p "$PCV_VALGRIND_LOGS"
		{ echo "${prog##*/} $*"; cat "$log"; } > "$(mktemp "$PCV_VALGRIND_LOGS/report.XXXXXX")"
	fi
fi
rm -f "$log"
exit $rc
