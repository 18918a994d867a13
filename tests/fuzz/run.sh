#!/bin/sh
# run.sh [SECONDS] -- runs every libFuzzer harness for SECONDS (default 60)
# from its seed corpus, and fails on any crash, leak, timeout (10 s for one
# input) or memory blow-up (2 GB).  Run it in a build configured with
# --enable-fuzz CC=clang after make fuzz (or give FUZZ_BUILDDIR).
#   FUZZ_HARNESSES  which ones (default: markdown math pipeline)
#   FUZZ_WORKDIR    keeps the grown corpora and crash files there (default:
#                   a temporary folder, removed unless something failed)
#   PCV_CORPUS      the shared corpus (default: SRCDIR/../shared/corpus)
set -u
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILDDIR:-.}
corpus=${PCV_CORPUS:-$srcdir/../shared/corpus}
work=${FUZZ_WORKDIR:-}
keep=1
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/pcvfuzz.XXXXXX")
	keep=0
fi
mkdir -p "$work"
"$here/seeds.sh" "$srcdir" "$corpus" "$work/seeds" || exit 1

export LSAN_OPTIONS="suppressions=$srcdir/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
failed=0
for h in ${FUZZ_HARNESSES:-markdown math pipeline}; do
	bin=$build/tests/fuzz/fuzz-$h
	if [ ! -x "$bin" ]; then
		echo "run.sh: $bin not built (configure --enable-fuzz CC=clang; make fuzz)" >&2
		exit 1
	fi
	mkdir -p "$work/corpus-$h" "$work/artifacts-$h"
	echo "== fuzz-$h: $secs s"
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-dict="$here/markdown.dict" -artifact_prefix="$work/artifacts-$h/" \
		-print_final_stats=1 "$work/corpus-$h" "$work/seeds/$h" >"$work/fuzz-$h.log" 2>&1
	rc=$?
	grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/fuzz-$h.log"
	grep -E '^#[0-9]+' "$work/fuzz-$h.log" | tail -1
	if [ $rc -ne 0 ] || [ -n "$(ls -A "$work/artifacts-$h")" ]; then
		echo "FAIL: fuzz-$h (exit $rc); log $work/fuzz-$h.log; inputs:"
		ls "$work/artifacts-$h"
		grep -E 'ERROR|SUMMARY|runtime error' "$work/fuzz-$h.log" | head -5
		failed=1
	else
		echo "ok: fuzz-$h"
	fi
done
if [ $failed -eq 0 ] && [ $keep -eq 0 ]; then
	rm -rf "$work"
fi
exit $failed
