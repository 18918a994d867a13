#!/bin/sh
# regress-open.sh -- the reproducers of bugs still open (tests/regress/OPEN):
# an expected failure (XFAIL) until they are fixed.  Bugs that only a
# sanitizer sees are run only in a sanitizer build; with nothing to run the
# test is skipped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/regress-lib.sh"
if [ -n "${PCV_SANITIZED-}" ]; then
	list=$(open_list ub crash)
else
	list=$(open_list crash)
fi
[ -n "$list" ] || skip "no open bug shows in this build"
for name in $list; do
	convert "$R/$name"
done
finish
