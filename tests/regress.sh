#!/bin/sh
# regress.sh -- every reproducer of tests/regress/ (inputs that once crashed
# or misbehaved, many found by fuzzing) converts to every format, except
# the open bugs listed in tests/regress/OPEN (see regress-open.sh).
# A reproducer NAME.md that needs options has them in NAME.args, one line
# of command-line options split at white space (e.g. --toc -O pdf.columns=2),
# given to every conversion of it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/regress-lib.sh"
open=$(open_list ub crash)  # "clang" ones pass here
regress_cli=$PAISSCONV
regress_args=
# the CLI with the reproducer's options after convert's own
regress_run() {
	"$regress_cli" "$@" $regress_args
}
set -- "$R"/*.md
set -f # options are split, never globbed
for f; do
	case " $(echo $open) " in *" $(basename "$f") "*) continue ;; esac
	if [ -f "${f%.md}.args" ]; then
		regress_args=$(cat "${f%.md}.args")
		PAISSCONV=regress_run
	else
		regress_args=
		PAISSCONV=$regress_cli
	fi
	convert "$f"
done
finish
