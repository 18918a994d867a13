#!/usr/bin/env python3
"""Checks of the pdf writer's output, used by tests/pdf-*.sh.

  check.py words TREE.json PDF.txt      every word of the document is in the PDF
  check.py bbox BBOX.html W H L R T B    no word outside the text area and bands
  check.py outline TREE.json QPDF.json   one outline entry per heading, nested
  check.py toc QPDF.json TOC.txt         toc page numbers == outline pages
  check.py formulas TREE.json PDF.txt N  the characters of every simple formula
                                         (no fractions, scripts, radicals...)
                                         come back in order; at least N of them
  check.py glyphs QDF.pdf FONT CHARS     every character of CHARS has a glyph of
                                         its own in the font FONT (a ToUnicode
                                         entry), in a PDF written by qpdf --qdf
"""
import collections
import json
import re
import sys

WORD = re.compile(r"[A-Za-z0-9]+")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def walk(node):
    """Yields nodes in document order without recursion."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.get("children", [])))


MATH_LEAVES = ("math_ident", "math_number", "math_operator", "math_text")


def math_words(node):
    """Words a typeset formula gives back: its leaves' characters (the PDF
    draws them, not the TeX) and its tag, phantoms left out."""
    words = []
    stack = [node]
    while stack:
        n = stack.pop()
        attrs = n.get("attrs", {})
        if attrs.get("phantom") == "true":
            continue
        if n.get("type") in MATH_LEAVES:
            words += WORD.findall(n.get("text", ""))
        words += WORD.findall(attrs.get("tag", ""))
        stack.extend(reversed(n.get("children", [])))
    return words


def tree_words(tree, math=None):
    """The words of the document; those of typeset formulas also go to the
    list math when one is given."""
    words = []
    stack = [tree]
    while stack:
        n = stack.pop()
        t = n.get("type")
        if t in ("inline_math", "display_math") and n.get("children"):
            for c in n["children"]:
                mw = math_words(c)
                words += mw
                if math is not None:
                    math += mw
            continue
        if t in ("text", "code", "code_block", "inline_math", "display_math", "emoji"):
            words += WORD.findall(n.get("text", ""))
        stack.extend(reversed(n.get("children", [])))
    return words


def dangling(text):
    """Word starts hyphenated at the end of a page (the rest of the word
    comes after the footer and the next page's header)."""
    return set(m.group(1) for m in re.finditer(r"([A-Za-z0-9]+)\u00ad-?\n", text))


def pdf_words(text):
    # words hyphenated at a line end come back whole
    text = re.sub("\u00ad-?\n(?=[^\n\f])", "", text)
    text = text.replace("\u00ad", "").replace("\u200b", "")
    return WORD.findall(text)


def covered(word, tokens, starts, heads=(), tokset=()):
    """Whether word comes back broken over lines: joined with its neighbour
    (a line-end hyphen dropped by pdftotext), split into pieces (a long
    word or URL broken inside) or hyphenated across a page break."""
    for h in heads:
        if word.startswith(h) and word[len(h):] in tokset:
            return True
    for i in starts.get(word[:1], ()):
        t = tokens[i]
        if word in t:
            return True
        if word.startswith(t):
            acc, j = t, i + 1
            while len(acc) < len(word) and j < len(tokens) and word.startswith(acc + tokens[j]):
                acc += tokens[j]
                j += 1
            if acc == word:
                return True
    return len(word) >= 4 and any(word in t for t in tokens if len(t) > len(word))


def cmd_words(tree_path, txt_path):
    tree = json.load(open(tree_path, encoding="utf-8"))
    math = []
    want = collections.Counter(tree_words(tree, math))
    math = set(math)
    text = open(txt_path, encoding="utf-8").read()
    tokens = pdf_words(text)
    heads = dangling(text)
    tokset = set(tokens)
    have = collections.Counter(tokens)
    missing = want - have
    starts = collections.defaultdict(list)
    for i, t in enumerate(tokens):
        starts[t[:1]].append(i)
    # a formula's scripts join their base in the text layer (a_{13} reads
    # "a13"): its words may sit anywhere inside a token
    glued = {w for w in missing if w in math and any(w in t for t in tokset)}
    missing = collections.Counter({w: c for w, c in missing.items()
                                   if w not in glued and
                                   not covered(w, tokens, starts, heads, tokset)})
    if missing:
        fail("%d word(s) lost, e.g. %s" % (sum(missing.values()), list(missing.items())[:12]))
    print("ok: %d words, all in the PDF" % sum(want.values()))


def cmd_bbox(path, w, h, left, right, top, bottom, band):
    w, h, left, right, top, bottom, band = map(float, (w, h, left, right, top, bottom, band))
    eps = 1.0
    pages = 0
    bad = []
    page = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
    word = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')
    for line in open(path, encoding="utf-8"):
        if page.search(line):
            pages += 1
            continue
        m = word.search(line)
        if not m:
            continue
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        ok = x0 >= left - eps and x1 <= w - right + eps
        ok = ok and y0 >= top - band - eps and y1 <= h - bottom + band + eps
        if not ok:
            bad.append("page %d: %r at (%.1f,%.1f)-(%.1f,%.1f)" % (pages, m.group(5), x0, y0, x1, y1))
    if not pages:
        fail("no pages in " + path)
    if bad:
        fail("%d word(s) outside the text area: %s" % (len(bad), bad[:8]))
    print("ok: %d pages, every word inside the text area" % pages)


def outline_of(qpdf_json):
    return json.load(open(qpdf_json, encoding="utf-8")).get("outlines", [])


def cmd_outline(tree_path, qpdf_json):
    tree = json.load(open(tree_path, encoding="utf-8"))
    # expected: each heading under the nearest earlier heading of a lower level
    root = {"kids": [], "level": 0}
    stack = [root]
    count = 0
    for n in walk(tree):
        if n.get("type") != "heading":
            continue
        title = "".join(c.get("text", "") if c.get("type") != "softbreak" else " "
                        for c in walk(n) if c is not n)
        lv = n.get("level", 1)
        while stack[-1]["level"] >= lv:
            stack.pop()
        e = {"title": title, "level": lv, "kids": []}
        stack[-1]["kids"].append(e)
        stack.append(e)
        count += 1

    def norm(s):
        return " ".join(s.split())

    def compare(want, have, path):
        if len(want) != len(have):
            fail("%s: %d outline entries, expected %d (%s)" % (
                path or "top", len(have), len(want), [norm(x["title"]) for x in have]))
        for a, b in zip(want, have):
            if norm(a["title"]) != norm(b.get("title", "")):
                fail("%s: outline entry %r, expected %r" % (path or "top", b.get("title"), a["title"]))
            compare(a["kids"], b.get("kids", []), path + "/" + norm(a["title"]))

    compare(root["kids"], outline_of(qpdf_json), "")
    print("ok: %d headings, outline nested like them" % count)


def cmd_toc(qpdf_json, toc_txt):
    pages = []
    stack = list(reversed(outline_of(qpdf_json)))
    while stack:
        e = stack.pop()
        pages.append((" ".join(e["title"].split()), e.get("destpageposfrom1")))
        stack.extend(reversed(e.get("kids", [])))
    lines = [" ".join(l.split()) for l in open(toc_txt, encoding="utf-8")]
    lines = [l.replace("\u00ad", "") for l in lines if l]
    checked = 0
    for title, page in pages:
        for l in lines:
            m = re.match(r"^(.*\S)\s+(\d+)$", l)
            if m and m.group(1) == title:
                if int(m.group(2)) != page:
                    fail("toc says %r is on page %s; it is on page %s" % (title, m.group(2), page))
                checked += 1
                break
    if checked == 0:
        fail("no toc entry found")
    print("ok: %d toc entries match the pages of their headings" % checked)


SIMPLE = ("math_row", "math_style", "math_space") + MATH_LEAVES


def cmd_formulas(tree_path, txt_path, least):
    tree = json.load(open(tree_path, encoding="utf-8"))
    text = "".join(open(txt_path, encoding="utf-8").read().split())
    checked = 0
    for n in walk(tree):
        if n.get("type") not in ("inline_math", "display_math") or not n.get("children"):
            continue
        sub = list(walk(n))[1:]
        if any(c.get("type") not in SIMPLE for c in sub):
            continue
        want = "".join("".join(c.get("text", "").split()) for c in sub
                       if c.get("type") in MATH_LEAVES)
        if not want:
            continue
        if want not in text:
            fail("formula %r: %r is not in the PDF's text" % (n.get("text"), want))
        checked += 1
    if checked < int(least):
        fail("only %d simple formulas checked, expected at least %s" % (checked, least))
    print("ok: %d simple formulas give back their characters in order" % checked)


def cmd_glyphs(qdf_path, font, chars):
    pdf = open(qdf_path, "rb").read().decode("latin-1")
    objects = {}
    for m in re.finditer(r"(?m)^(\d+) 0 obj\n(.*?)\nendobj", pdf, re.S):
        objects[m.group(1)] = m.group(2)
    mapped = set()
    fonts = 0
    for body in objects.values():
        name = re.search(r"/BaseFont /[A-Z]{6}\+(\S+)", body)
        ref = re.search(r"/ToUnicode (\d+) 0 R", body)
        if not name or not ref or name.group(1) != font or ref.group(1) not in objects:
            continue
        fonts += 1
        cmap = objects[ref.group(1)]
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for _, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                mapped.add(bytes.fromhex(uni).decode("utf-16-be"))
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for lo, hi, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                first = ord(bytes.fromhex(uni).decode("utf-16-be"))
                for k in range(int(hi, 16) - int(lo, 16) + 1):
                    mapped.add(chr(first + k))
    if not fonts:
        fail("no font %s with a ToUnicode map" % font)
    missing = [c for c in chars if c not in mapped]
    if missing:
        fail("%s: no glyph of its own for %s" % (font, " ".join("U+%04X" % ord(c) for c in missing)))
    print("ok: %d characters, each with its glyph in %s" % (len(chars), font))


def main():
    cmds = {"words": cmd_words, "bbox": cmd_bbox, "outline": cmd_outline, "toc": cmd_toc,
            "formulas": cmd_formulas, "glyphs": cmd_glyphs}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        fail(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
