#!/usr/bin/env python3
"""furniture.py SRCDIR -- every character the PDF writer itself draws is
listed in fonts_furniture (plugins/pdf/fonts.c).

The font narrowing of fonts.c checks the document's characters and that
list against the handout's families; a mark added to the writer but not to
the list would print as a missing-glyph box whenever the families lack it.
This reads the string literals of the writer's sources (comments and the
classification lists of math.c's m_in() aside) and reports each non-ASCII
character that is neither listed nor one that never needs a glyph."""
import re
import sys
import unicodedata

# Characters that never need a glyph of the handout's fonts: the object
# replacement character (holds a formula or picture drawn by the writer),
# the line separator (a line break), no-break space (in every text font).
NO_GLYPH = {0xFFFC, 0x2028, 0x00A0}


def strip_comments(src):
    """The source with comments blanked, line numbers kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src[i] in "\"'":
            m = re.compile(r"%s(?:\\.|[^\\%s\n])*%s" % (src[i], src[i], src[i])).match(src, i)
            j = m.end() if m else i + 1
            out.append(src[i:j])
            i = j
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def literal_bytes(body):
    """The bytes of a C string literal's body."""
    out, i = bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        m = re.compile(r"x([0-9a-fA-F]{1,2})|([0-7]{1,3})|(.)").match(body, i + 1)
        if m.group(1):
            out.append(int(m.group(1), 16))
        elif m.group(2):
            out.append(int(m.group(2), 8) & 0xFF)
        else:
            out += {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0"}.get(m.group(3), m.group(3).encode())
        i = m.end()
    return bytes(out)


def main():
    src = sys.argv[1].rstrip("/") + "/plugins/pdf/"
    fonts = open(src + "fonts.c", encoding="utf-8").read()
    m = re.search(r"fonts_furniture\[\]\s*=\s*\{([^}]*)\}", fonts)
    if not m:
        print("fonts_furniture not found in fonts.c")
        return 1
    listed = {int(x, 16) for x in re.findall(r"0x([0-9a-fA-F]+)", m.group(1))}
    bad = 0
    files = ("build.c", "draw.c", "hyph.c", "image.c", "layout.c", "legend.c", "math.c", "pdf.c")
    for name in files:
        code = strip_comments(open(src + name, encoding="utf-8").read())
        code = re.sub(r'\bm_in\s*\([^;"]*"(?:\\.|[^"\\\n])*"', lambda t: re.sub(r"[^\n]", " ", t.group(0)), code)
        for lit in re.finditer(r'"((?:\\.|[^"\\\n])*)"', code):
            line = code.count("\n", 0, lit.start()) + 1
            text = literal_bytes(lit.group(1)).decode("utf-8", "replace")
            for ch in text:
                c = ord(ch)
                if c < 0x80 or c in listed or c in NO_GLYPH:
                    continue
                if unicodedata.category(ch) in ("Cc", "Cf"):
                    continue
                print("plugins/pdf/%s:%d: U+%04X %s is drawn by the writer but not in "
                      "fonts_furniture (fonts.c)" % (name, line, c, unicodedata.name(ch, "?")))
                bad += 1
    print("%d unlisted character(s); %d listed" % (bad, len(listed)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
