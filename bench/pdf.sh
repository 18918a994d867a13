#!/bin/sh
# bench/pdf.sh -- how fast paissconv makes a PDF handout, against the usual
# route: pandoc -s (Markdown to HTML) then weasyprint (HTML to PDF).
#
#   bench/pdf.sh [NOTES.md ...]
#
# Default notes: the corpus notes (../shared/corpus/notes/*.md).  Prints the
# time of each tool on the same notes, the ratio (the target is >= 20), and
# the time for the notes concatenated 100 times against 100 x the time for
# the notes once (growth must be no worse than linear: a ratio <= ~1).
# Needs: pandoc, weasyprint (Debian packages of the same names).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
PAISSCONV=${PAISSCONV:-$here/paissconv}
[ -x "$PAISSCONV" ] || PAISSCONV=$(command -v paissconv || true)
[ -n "$PAISSCONV" ] && [ -x "$PAISSCONV" ] || { echo "paissconv not found: set PAISSCONV" >&2; exit 2; }
if [ $# -eq 0 ]; then
	set -- "$here"/../shared/corpus/notes/*.md
fi
for t in pandoc weasyprint; do
	command -v $t >/dev/null || { echo "$t not installed (apt-get install $t)" >&2; exit 77; }
done
# In a build tree ./paissconv is a libtool wrapper script: time the program
# itself, not the shell around it.
if [ -x "$(dirname "$PAISSCONV")/.libs/paissconv" ] && head -c 2 "$PAISSCONV" | grep -q '#!'; then
	LD_LIBRARY_PATH="$(dirname "$PAISSCONV")/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
	PAISSCONV="$(dirname "$PAISSCONV")/.libs/paissconv"
fi
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time not installed (apt-get install time)" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcvbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run CMD...: adds the command's wall-clock and CPU (user + system) seconds
# to $wall and $cpu.  CPU time is the fair figure on a busy machine.
run() {
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
	set -- $(cat "$tmp/time")
	wall=$(echo "$wall + $1" | bc -l)
	cpu=$(echo "$cpu + $2 + $3" | bc -l)
}

ours() { for f in "$@"; do run "$PAISSCONV" "$f" -o "$tmp/out.pdf"; done; }
theirs() {
	for f in "$@"; do
		run pandoc -s "$f" -o "$tmp/out.html" --metadata title=notes
		run weasyprint "$tmp/out.html" "$tmp/out-w.pdf"
	done
}

# best CPU of three runs of a function; sets best_wall and best_cpu
best() {
	best_cpu= best_wall=
	for i in 1 2 3; do
		wall=0 cpu=0
		"$@"
		if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then
			best_cpu=$cpu best_wall=$wall
		fi
	done
}

n=$#
best ours "$@"; o_cpu=$best_cpu o_wall=$best_wall
best theirs "$@"; t_cpu=$best_cpu t_wall=$best_wall
printf 'notes: %d file(s), %d bytes; load average %s\n' "$n" "$(cat "$@" | wc -c)" \
	"$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
printf '                     %8s  %8s\n' 'cpu s' 'wall s'
printf 'paissconv            %8.3f  %8.3f\n' "$o_cpu" "$o_wall"
printf 'pandoc + weasyprint  %8.3f  %8.3f\n' "$t_cpu" "$t_wall"
printf 'ratio                %8.1f  %8.1f  x faster (target >= 20)\n' \
	"$(echo "$t_cpu / $o_cpu" | bc -l)" "$(echo "$t_wall / $o_wall" | bc -l)"

cat "$@" >"$tmp/once.md"
i=0
: >"$tmp/100.md"
while [ $i -lt 100 ]; do cat "$tmp/once.md" >>"$tmp/100.md"; i=$((i + 1)); done
one() { run "$PAISSCONV" "$tmp/once.md" -o "$tmp/once.pdf"; }
hundred() { run "$PAISSCONV" "$tmp/100.md" -o "$tmp/100.pdf"; }
best one; c1=$best_cpu w1=$best_wall
best hundred; c100=$best_cpu w100=$best_wall
pages1=$(pdfinfo "$tmp/once.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
pages100=$(pdfinfo "$tmp/100.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
printf 'notes once           %8.3f  %8.3f  (%s pages)\n' "$c1" "$w1" "${pages1:-?}"
printf 'notes x 100          %8.3f  %8.3f  (%s pages)\n' "$c100" "$w100" "${pages100:-?}"
printf 'x100 / (100 x once)  %8.2f  %8.2f  (<= 1: linear or better)\n' \
	"$(echo "$c100 / (100 * $c1)" | bc -l)" "$(echo "$w100 / (100 * $w1)" | bc -l)"
