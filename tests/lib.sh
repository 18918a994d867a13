# Helpers for the shell tests; sourced by each tests/*.sh.
set -u
: "${PAISSCONV:?run through make check}"
: "${top_srcdir:?}" "${top_builddir:?}"
: "${PCV_CORPUS:=$top_srcdir/../shared/corpus}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcvtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0

# skip REASON: the test cannot run here; automake shows it as SKIP.
skip() { echo "SKIP: $*"; exit 77; }
need_tool() { command -v "$1" >/dev/null 2>&1 || skip "$1 not installed${2:+ (apt-get install $2)}"; }
need_corpus() { [ -d "$PCV_CORPUS" ] || skip "corpus not found at $PCV_CORPUS"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# check DESC CMD...: runs CMD, fails the test when it fails.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
finish() { [ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }; exit 0; }
