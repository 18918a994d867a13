#!/bin/sh
# patho-open.sh -- the pathological cases known to be super-linear (listed
# in patho.sh as open_cases): an expected failure until they are fixed.
PATHO_OPEN=1
# Under valgrind nothing is timed, so there is nothing to expect.
if [ -n "${PCV_VALGRIND-}" ]; then echo "SKIP: not timed under valgrind"; exit 77; fi
. "$top_srcdir/tests/patho.sh"
