#!/bin/sh
# patho-open.sh -- the pathological cases known to be super-linear (listed
# in patho.sh as open_cases): an expected failure until they are fixed.
PATHO_OPEN=1
. "$top_srcdir/tests/patho.sh"
