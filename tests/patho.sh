#!/bin/sh
# patho.sh -- pathological inputs (after cmark's pathological tests) convert
# to every format without a crash and in time that grows linearly: each is
# timed (CPU seconds) at two sizes, n and 4n, and the growth beyond a
# trivial document's time must stay under 8x (linear is 4x; quadratic 16x).
# A case over 8x runs again at both sizes and fails only if the faster
# runs grow that much too: one run slowed by a busy machine is not a
# verdict on the program.
#   PATHO_SIZES=full    the issue's sizes (100 000 deep, 10 MB, 1 000 000
#                       items, ...) as 4n: slow, PDF most of all
#   PATHO_SIZES=small   quarter sizes, for sanitizer and valgrind runs;
#                       under valgrind (PCV_VALGRIND) no timing is checked
#   PATHO_KINDS, PATHO_FORMATS  restrict the cases
#   PATHO_OPEN=1        only the known super-linear cases (patho-open.sh)
. "$top_srcdir/tests/lib.sh"
need_tool python3 python3
gen() { python3 "$top_srcdir/tests/patho-gen.py" "$@"; }
cd "$TMP"

# KIND n: the smaller size (the larger is 4n).  Default sizes keep the
# whole test within about three minutes on a 2-core machine.
# The larger sizes are the issue's: 100 000 deep, 100 000 references, 10 MB,
# 10 000 braces and columns, 20 000 headings of one text; the list has
# 100 000 items (1 000 000 with PATHO_SIZES=full).
sizes_normal="quotes:25000 lists:25000 brackets:25000 emphasis:12500 linkrefs:25000
	longline:2500000 mathbraces:2500 table:2500 widerows:250 biglist:25000 headings:5000
	cdata:10000 pi:10000 decl:10000 piclosed:10000 pilazy:10000"
# Known super-linear cases (FORMAT:KIND, see tests/patho-open.sh) are left
# out here; patho-open.sh runs them alone, at these smaller sizes.
open_cases=""
sizes_open="brackets:10000 linkrefs:10000"
# Under valgrind or the sanitizers the allocator is not glibc's (ASan
# copies on every realloc and quarantines what is freed), so times say
# nothing about the program: those runs use the small sizes and check only
# that every conversion succeeds.  The plain build checks the growth.
[ -z "${PCV_VALGRIND-}${PCV_SANITIZED-}" ] || : "${PATHO_SIZES:=small}"
case ${PATHO_SIZES:-normal} in
full) sizes=$(echo $sizes_normal | sed 's/biglist:25000/biglist:250000/') ;;
small) sizes=$(echo $sizes_normal | tr ' ' '\n' | awk -F: '{printf "%s:%d ", $1, $2 / 4}') ;;
*) sizes=$sizes_normal ;;
esac
[ -z "${PATHO_OPEN-}" ] || sizes=$sizes_open
formats=${PATHO_FORMATS:-text json html html-s epub pdf summary}
timed=1
[ -z "${PCV_VALGRIND-}${PCV_SANITIZED-}" ] || timed=0

# run FORMAT FILE: prints "CPU-SECONDS EXIT-STATUS"; the output is OUT.
run() {
	local fmt=$1 f=$2
	rm -f out err
	case $fmt in
	html-s) set -- -t html -s ;;
	*) set -- -t "$fmt" ;;
	esac
	gen --cpu timeout 600 "$PAISSCONV" "$f" "$@" -o out 2>err
}

# min A B: the smaller of two times.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

# The time of a trivial document, per format: start-up, plugins, fonts;
# the least of three runs, as one slow run would make every growth look
# larger.
printf '# A\n\nb\n' > base.md
for fmt in $formats; do
	t=$(run "$fmt" base.md | cut -d' ' -f1)
	for i in 2 3; do
		t=$(min "$t" "$(run "$fmt" base.md | cut -d' ' -f1)")
	done
	eval "base_$(echo $fmt | tr - _)=$t"
done

# growth T1 T4 T0: "ok R" or "slow R", R the growth of the time beyond
# start-up from n to 4n; below 50 ms the small run is noise.
growth() {
	awk -v a="$1" -v b="$2" -v z="$3" 'BEGIN {
		d1 = a - z; if (d1 < 0.05) d1 = 0.05
		d4 = b - z; if (d4 < 0) d4 = 0
		r = d4 / d1
		printf "%s %.1f", (r <= 8 ? "ok" : "slow"), r }'
}

for ks in $sizes; do
	kind=${ks%%:*} n=${ks#*:}
	case " ${PATHO_KINDS:-$kind} " in *" $kind "*) ;; *) continue ;; esac
	gen "$kind" "$n" > small.md
	gen "$kind" $((4 * n)) > big.md
	for fmt in $formats; do
		case " $open_cases " in
		*" $fmt:$kind "*) [ -n "${PATHO_OPEN-}" ] || continue ;;
		*) [ -z "${PATHO_OPEN-}" ] || continue ;;
		esac
		set -- $(run "$fmt" small.md); t1=$1 rc1=$2
		set -- $(run "$fmt" big.md); t4=$1 rc4=$2
		what="$kind $n/$((4 * n)) -> $fmt"
		if [ "$rc1" -ne 0 ] || [ "$rc4" -ne 0 ]; then
			fail "$what: exit $rc1/$rc4: $(grep -v ': warning:' err | head -3)"
			continue
		fi
		if [ ! -s out ]; then
			fail "$what: no output"
			continue
		fi
		if [ $timed -eq 0 ]; then
			pass "$what"
			continue
		fi
		t0=$(eval echo "\$base_$(echo $fmt | tr - _)")
		verdict=$(growth "$t1" "$t4" "$t0")
		case $verdict in
		slow*)
			# A run slowed by the machine is not the program's: both
			# sizes run again and the faster of each pair counts, so
			# that only a growth seen twice fails
			t1=$(min "$t1" "$(run "$fmt" small.md | cut -d' ' -f1)")
			t4=$(min "$t4" "$(run "$fmt" big.md | cut -d' ' -f1)")
			verdict=$(growth "$t1" "$t4" "$t0")
			;;
		esac
		msg="$what: ${t1}s, ${t4}s (base ${t0}s): x${verdict#* }"
		case $verdict in
		ok*) pass "$msg" ;;
		*) fail "$msg: super-linear" ;;
		esac
	done
done
finish
