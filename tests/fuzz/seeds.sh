#!/bin/sh
# seeds.sh SRCDIR CORPUS OUTDIR -- builds the seed corpora of the harnesses:
#   OUTDIR/markdown  the samples, the reproducers of tests/regress/, the
#                    corpus notes, and every example of the
#                    GFM spec, extension and regression files, one per file;
#   OUTDIR/math      every math span of those, one formula per file;
#   OUTDIR/pipeline  the markdown seeds, each behind a byte that picks the
#                    writer (round robin; the samples and the reproducers
#                    go to every writer).
set -eu
src=$1 corpus=$2 out=$3
mkdir -p "$out/markdown" "$out/math" "$out/pipeline"
exec python3 - "$src" "$corpus" "$out" <<'PY'
import glob, hashlib, os, re, sys

src, corpus, out = sys.argv[1:4]
docs = []
for p in sorted(glob.glob(os.path.join(src, "samples", "*.md")) +
                glob.glob(os.path.join(src, "tests", "regress", "*.md")) +
                glob.glob(os.path.join(corpus, "notes", "*.md"))):
    with open(p, "rb") as f:
        docs.append(f.read())
nregress = len(glob.glob(os.path.join(src, "samples", "*.md"))) + \
    len(glob.glob(os.path.join(src, "tests", "regress", "*.md")))
fence = re.compile(rb"^`{32} example", re.M)
for p in sorted(glob.glob(os.path.join(corpus, "gfm-spec", "*.txt"))):
    with open(p, "rb") as f:
        text = f.read()
    for m in fence.finditer(text):
        rest = text[m.end():]
        body = rest[rest.index(b"\n") + 1:]
        end = body.find(b"\n.\n")
        if end >= 0:
            docs.append(body[:end + 1].replace("\u2192".encode(), b"\t"))

math = set()
span = re.compile(rb"\$\$(.+?)\$\$|\\\\?\((.+?)\\\\?\)|\\\\?\[(.+?)\\\\?\]|\$([^$\n]+)\$", re.S)
for d in docs:
    for m in span.finditer(d):
        f = next(g for g in m.groups() if g is not None).strip()
        if f and len(f) < 4000:
            math.add(f)

def save(folder, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, folder, name), "wb") as f:
        f.write(data)

for i, d in enumerate(docs):
    save("markdown", d)
    if i < nregress:
        # Samples and reproducers go to every writer.
        for w in range(7):
            save("pipeline", bytes([w]) + d)
    elif len(d) < 64 * 1024:
        save("pipeline", bytes([i % 7]) + d)
    else:
        # Big notes go to every writer once.
        for w in range(7):
            save("pipeline", bytes([w]) + d)
for f in sorted(math):
    save("math", f)
print("seeds: %d markdown, %d math" % (len(docs), len(math)), file=sys.stderr)
PY
