#!/bin/sh
# bench/epub.sh -- how fast paissconv makes an EPUB, against pandoc -t epub3,
# on the same notes in one run.
#
#   bench/epub.sh [NOTES.md ...]        (BENCH_RUNS=N, default 5)
#
# Default notes: the samples and the corpus notes.  Each round converts every
# file with each tool, the tools alternating; the figures are the medians
# over the rounds of wall-clock and CPU (user + system) seconds, so a busy
# machine hurts both alike.  Prints the ratio (target >= 10) and the time
# for the notes concatenated 100 times against 100 x the time for them once
# (growth no worse than linear: a ratio <= ~1).
# Needs: pandoc, python3.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
PAISSCONV=${PAISSCONV:-$here/paissconv}
[ -x "$PAISSCONV" ] || PAISSCONV=$(command -v paissconv || true)
[ -n "$PAISSCONV" ] && [ -x "$PAISSCONV" ] || { echo "paissconv not found: set PAISSCONV" >&2; exit 2; }
if [ $# -eq 0 ]; then
	set -- "$here"/samples/lecture-notes.md "$here"/samples/reading-group.md "$here"/../shared/corpus/notes/*.md
fi
for t in pandoc python3; do
	command -v $t >/dev/null || { echo "$t not installed (apt-get install $t)" >&2; exit 77; }
done
# In a build tree ./paissconv is a libtool wrapper script: time the program.
if [ -x "$(dirname "$PAISSCONV")/.libs/paissconv" ] && head -c 2 "$PAISSCONV" | grep -q '#!'; then
	LD_LIBRARY_PATH="$(dirname "$PAISSCONV")/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
	PAISSCONV_PLUGIN_PATH="$(dirname "$PAISSCONV")/plugins/.libs:$(dirname "$PAISSCONV")/filters/.libs"
	export PAISSCONV_PLUGIN_PATH
	PAISSCONV="$(dirname "$PAISSCONV")/.libs/paissconv"
fi
export PAISSCONV SOURCE_DATE_EPOCH=1700000000
exec python3 - "$@" <<'PY'
import os, resource, subprocess, sys, tempfile, time, statistics, shutil

runs = int(os.environ.get("BENCH_RUNS", "5"))
pcv = os.environ["PAISSCONV"]
files = sys.argv[1:]
tmp = tempfile.mkdtemp(prefix="pcvbench.")

def timed(cmd):
    """Wall and CPU seconds of one command (its children included)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    wall = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        print("failed:", " ".join(cmd), file=sys.stderr)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

def ours(f, out="out.epub"):
    return timed([pcv, f, "-o", os.path.join(tmp, out)])

def theirs(f, out="pandoc.epub"):
    return timed(["pandoc", f, "-t", "epub3", "-o", os.path.join(tmp, out), "--metadata", "title=notes"])

def rounds(fns):
    res = {name: ([], []) for name, _ in fns}
    for r in range(runs):
        for name, fn in (fns if r % 2 == 0 else fns[::-1]):
            w = c = 0.0
            for f in files:
                dw, dc = fn(f)
                w += dw; c += dc
            res[name][0].append(w); res[name][1].append(c)
    return {k: (statistics.median(v[0]), statistics.median(v[1])) for k, v in res.items()}

print("notes: %d files, %d bytes; %d alternating rounds, medians" %
      (len(files), sum(os.path.getsize(f) for f in files), runs))
m = rounds([("paissconv", ours), ("pandoc", theirs)])
for k in ("paissconv", "pandoc"):
    print("  %-10s wall %8.3f s   cpu %8.3f s" % (k, m[k][0], m[k][1]))
print("  ratio      wall %8.1f x   cpu %8.1f x   (target >= 10)" %
      (m["pandoc"][0] / max(m["paissconv"][0], 1e-9), m["pandoc"][1] / max(m["paissconv"][1], 1e-9)))

# linearity: the notes concatenated 100 times (each file's images stay
# relative to its folder, so the copy lives beside the first note)
big = os.path.join(os.path.dirname(os.path.abspath(files[0])), ".pcvbench-100x.md")
try:
    with open(big, "wb") as out:
        for i in range(100):
            for f in files:
                data = open(f, "rb").read()
                if data.startswith(b"---\n") and i + files.index(f) > 0:
                    end = data.find(b"\n---\n", 4)
                    if end >= 0:
                        data = data[end + 5:]
                out.write(data + b"\n\n")
    single = []
    hundred = []
    for r in range(max(3, runs // 2)):
        c = 0.0
        for f in files:
            c += ours(f)[1]
        single.append(c)
        hundred.append(ours(big, "big.epub")[1])
    s, h = statistics.median(single), statistics.median(hundred)
    print("100x concatenated (%d bytes): cpu %.3f s; 100 x once = %.3f s; ratio %.2f (<= ~1: linear)" %
          (os.path.getsize(big), h, 100 * s, h / (100 * s) if s else float("nan")))
finally:
    os.unlink(big)
    shutil.rmtree(tmp)
PY
