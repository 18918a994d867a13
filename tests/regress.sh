#!/bin/sh
# regress.sh -- every reproducer of tests/regress/ (inputs that once crashed
# or misbehaved, many found by fuzzing) converts to every format, except
# the open bugs listed in tests/regress/OPEN (see regress-open.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/regress-lib.sh"
open=$(open_list ub crash)  # "clang" ones pass here
for f in "$R"/*.md; do
	case " $(echo $open) " in *" $(basename "$f") "*) continue ;; esac
	convert "$f"
done
finish
