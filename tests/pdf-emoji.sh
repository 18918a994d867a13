#!/bin/sh
# pdf writer: colour emoji.  Sequences the emoji font draws as one picture
# (with a variation selector, a skin tone, a ZWJ family, a flag) become
# inline objects; a run of lone regional indicators and emoji in code stay
# with pango.  Each is painted as a picture, and the same emoji at the
# same size is one image in the file however often it is painted.  The
# running header and the contents keep the heading's emoji.
. "$top_srcdir/tests/lib.sh"
need_tool pdfimages poppler-utils
need_tool qpdf qpdf
need_tool fc-match fontconfig
fc-match -f '%{color}' 'Noto Color Emoji' | grep -q True ||
	skip "no colour emoji font (apt-get install fonts-noto-color-emoji)"

cat > "$TMP/e.md" <<'MD'
# Emoji 📑 in a heading

Paper 📑, star ⭐️, thumbs 👍🏽, family 👨‍👩‍👧, flag 🇫🇷, paper again 📑 and 📑.

Lone indicators 🇦🇧🇨 and `code 🛠 span`.
MD
if ! "$PAISSCONV" "$TMP/e.md" -o "$TMP/e.pdf" 2>"$TMP/e.err"; then
	fail "conversion failed: $(cat "$TMP/e.err")"
	finish
fi
check "qpdf --check" qpdf --check "$TMP/e.pdf"
# the heading's emoji is painted in the heading, the running header and
# the contents: three paintings more than with a heading without it
paintings() {
	"$PAISSCONV" --toc --no-filter emoji-legend "$1" -o "$TMP/p.pdf" 2>/dev/null &&
		pdfimages -list "$TMP/p.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l
}
sed '1s/ 📑//' "$TMP/e.md" > "$TMP/plain-heading.md"
with=$(paintings "$TMP/e.md") without=$(paintings "$TMP/plain-heading.md")
check "the heading's emoji in heading, header and contents ($with, $without paintings)" \
	test "${with:-0}" -eq $((${without:-0} + 3))
pdfimages -list "$TMP/e.pdf" | awk 'NR > 2 && $3 == "image"' > "$TMP/images"
paints=$(wc -l < "$TMP/images")
most=$(awk '{print $11}' "$TMP/images" | sort | uniq -c | sort -rn | awk 'NR == 1 {print $1}')
# the heading's 📑; 📑 ⭐️ 👍🏽 family flag 📑 📑 in the paragraph; at least
# one picture for the indicators and one for the code span's 🛠
check "every emoji painted ($paints paintings, at least 11)" test "$paints" -ge 11
check "the paragraph's three 📑 are one image (${most:-0} paintings of the most painted)" \
	test "${most:-0}" -ge 3

# the picture itself, shrunk from the font's: a star, yellow where it is
# opaque, in a mask that goes from clear at the corners to opaque
printf 'A star \342\255\220\357\270\217 here.\n' >"$TMP/star.md"
if "$PAISSCONV" --no-filter emoji-legend "$TMP/star.md" -o "$TMP/star.pdf" 2>/dev/null &&
   pdfimages "$TMP/star.pdf" "$TMP/star" && command -v python3 >/dev/null 2>&1; then
	check "the star's picture: yellow, its mask clear to opaque" python3 - "$TMP/star-000.ppm" "$TMP/star-001.ppm" <<'PY'
import sys
def pnm(path):
    magic, w, h, _, data = open(path, "rb").read().split(None, 4)
    n = 3 if magic == b"P6" else 1
    return int(w), int(h), [data[i::n] for i in range(n)]
w, h, (r, g, b) = pnm(sys.argv[1])
mw, mh, mask = pnm(sys.argv[2])
a = mask[0]
assert (w, h) == (mw, mh) and w > 20, (w, h, mw, mh)
opaque = [i for i in range(w * h) if a[i] >= 250]
yellow = [i for i in opaque if r[i] > 200 and g[i] > 140 and b[i] < 110]
assert min(a) == 0 and a[0] == 0 and a[-1] == 0, "corners not clear"
assert len(opaque) > w * h // 5, "too little of it opaque: %d" % len(opaque)
assert len(yellow) > len(opaque) * 0.6, "not yellow: %d of %d" % (len(yellow), len(opaque))
PY
else
	fail "star: conversion or pdfimages failed"
fi
finish
