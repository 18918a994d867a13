#!/usr/bin/env python3
"""Checks of the emoji legend in the writers' outputs, used by tests/legend-*.sh.

  check.py html TREE.json PAGE.html [index]    legend box, tag classes, index
  check.py epub TREE.json DIR [index]          the same in an unzipped EPUB
  check.py pdf TREE.json PDF.txt QPDF.json [index]
                                               legend box text, index pages

TREE.json is the document after the filters (-t json): the legend used and
the tagged blocks expected come from it.
"""
import html
import json
import os
import re
import sys

INDEX_TAGS = ["question", "paper", "quote", "key-idea"]
TAGGED = ("heading", "paragraph", "item", "block_quote")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def load(tree_path):
    return json.load(open(tree_path, encoding="utf-8"))


def legend_used(tree):
    used = tree.get("meta", {}).get("legend-used", [])
    if not used:
        fail("the tree has no legend-used")
    return used


def walk(node, skip=("footnote_definition", "footnote_def")):
    """(node, its text) in document order, without recursion; footnote
    definitions left out."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.get("type") in skip:
            continue
        yield n
        stack.extend(reversed(n.get("children", [])))


def tags_of(n):
    a = n.get("attrs", {})
    return (a.get("tags") or a.get("tag") or "").split()


def expected_index(tree):
    """slug -> number of blocks tagged with it (the index's entries)."""
    want = {s: 0 for s in INDEX_TAGS}
    for n in walk(tree):
        if n.get("type") in TAGGED:
            for t in tags_of(n):
                if t in want:
                    want[t] += 1
    return want


def groups_in_order(want, used):
    slugs = [u["slug"] for u in used]
    return [s for s in INDEX_TAGS if s in slugs and want[s]]


# ------------------------------------------------------------------ html

def check_box_rows(box, used, where):
    rows = re.findall(r'<tr[^>]*><td class="legend-marker"[^>]*>(.*?)</td>'
                      r'<td class="legend-meaning"[^>]*>(.*?)</td>'
                      r'<td class="legend-count"[^>]*>(.*?)</td></tr>', box)
    want = [(u["emoji"], u["meaning"], u["count"]) for u in used]
    have = [tuple(html.unescape(c) for c in r) for r in rows]
    if have != want:
        fail("%s: legend rows %r, expected %r" % (where, have, want))
    print("ok: %s: legend box with %d markers, meanings and counts" % (where, len(have)))


def check_index(section, ids_classes, want, used, where, href_file=None):
    order = groups_in_order(want, used)
    heads = [h for h in re.findall(r"<h[123]>(.*?)</h[123]>", section) if h != "Index"]
    by_slug = {u["slug"]: u for u in used}
    exp_heads = ["%s %s" % (by_slug[s]["emoji"], by_slug[s]["meaning"]) for s in order]
    if [html.unescape(h) for h in heads] != exp_heads:
        fail("%s: index groups %r, expected %r" % (where, heads, exp_heads))
    lists = re.findall(r'<ul class="legend-([a-z0-9-]+)">(.*?)</ul>', section, re.S)
    if [s for s, _ in lists] != order:
        fail("%s: index lists %r, expected %r" % (where, [s for s, _ in lists], order))
    total = 0
    for slug, body in lists:
        hrefs = re.findall(r'<a href="([^"]*)"', body)
        if len(hrefs) != want[slug]:
            fail("%s: %d index entries for %s, expected %d" % (where, len(hrefs), slug, want[slug]))
        for h in hrefs:
            target = href_file(h) if href_file else (None, h[1:] if h.startswith("#") else None)
            key = (target[0], target[1])
            if key not in ids_classes:
                fail("%s: index link %s resolves nowhere" % (where, h))
            # the block's first tag gives its class (another tag of the
            # block may be the one indexed here)
            if not any(c.startswith("tag-") for c in ids_classes[key].split()):
                fail("%s: index link %s leads to no tagged block (class %r)"
                     % (where, h, ids_classes[key]))
        total += len(hrefs)
    print("ok: %s: index of %d entries in %d groups, every link on a block of its tag"
          % (where, total, len(lists)))


def ids_of(text, fname=None):
    """(file, id) -> class of the element (the tag name for headings)."""
    out = {}
    for m in re.finditer(r"<(\w+)((?:\s+[\w:-]+=\"[^\"]*\")*)\s*/?>", text):
        attrs = dict(re.findall(r'([\w:-]+)="([^"]*)"', m.group(2)))
        if "id" in attrs:
            cls = attrs.get("class", "")
            out[(fname, html.unescape(attrs["id"]))] = cls
    return out


def cmd_html(tree_path, page_path, index=""):
    tree = load(tree_path)
    used = legend_used(tree)
    page = open(page_path, encoding="utf-8").read()
    m = re.search(r"</header>\n<aside class=\"legend-box\"[^>]*>(.*?)</aside>", page, re.S)
    if not m:
        fail("html: no legend box right after the title block")
    check_box_rows(m.group(1), used, "html")
    if page.count('class="legend-box"') != 1:
        fail("html: more than one legend box")
    # every tagged block carries its class, and the colours are styled
    want_classes = sum(1 for n in walk(tree) if n.get("type") in TAGGED and tags_of(n))
    have = len(re.findall(r'<(?:h\d|p|li|blockquote)\b[^>]*class="[^"]*\btag-', page))
    if have < want_classes:
        fail("html: %d tagged blocks with a tag- class, expected %d" % (have, want_classes))
    for u in used:
        if (".tag-%s," % u["slug"]) not in page or u["colour"] not in page:
            fail("html: no style for tag-%s in %s" % (u["slug"], u["colour"]))
    print("ok: html: %d tagged blocks with classes, %d tag colours styled" % (have, len(used)))
    sec = re.search(r'<section class="legend-index" id="legend-index">(.*?)</section>', page, re.S)
    if not index:
        if sec:
            fail("html: an index without html.index")
        print("ok: html: no index without html.index")
        return
    if not sec:
        fail("html: no index section")
    check_index(sec.group(1), ids_of(page), expected_index(tree), used, "html")


def cmd_epub(tree_path, root, index=""):
    tree = load(tree_path)
    used = legend_used(tree)
    oebps = os.path.join(root, "OEBPS")
    title = open(os.path.join(oebps, "titlepage.xhtml"), encoding="utf-8").read()
    m = re.search(r'<div class="legend-box">(.*?)</div>', title, re.S)
    if not m:
        fail("epub: no legend box on the title page")
    check_box_rows(m.group(1), used, "epub")
    css = open(os.path.join(oebps, "css", "legend.css"), encoding="utf-8").read()
    for u in used:
        if ".tag-%s { border-left: 0.25em solid %s;" % (u["slug"], u["colour"]) not in css:
            fail("epub: css/legend.css has no rule for tag-%s" % u["slug"])
    opf = open(os.path.join(oebps, "content.opf"), encoding="utf-8").read()
    if 'href="css/legend.css"' not in opf:
        fail("epub: css/legend.css not in the manifest")
    chapters = sorted(f for f in os.listdir(oebps) if re.match(r"ch\d+\.xhtml$", f))
    ids = {}
    tagged = 0
    for f in chapters:
        text = open(os.path.join(oebps, f), encoding="utf-8").read()
        if 'href="css/legend.css"' not in text:
            fail("epub: %s does not link css/legend.css" % f)
        ids.update(ids_of(text, f))
        tagged += len(re.findall(r'<(?:h\d|p|li|blockquote)\b[^>]*class="[^"]*\btag-', text))
    want_classes = sum(1 for n in walk(tree) if n.get("type") in TAGGED and tags_of(n))
    if tagged < want_classes:
        fail("epub: %d tagged blocks with a tag- class, expected %d" % (tagged, want_classes))
    print("ok: epub: %d tagged blocks with classes in %d chapters, colours in css/legend.css"
          % (tagged, len(chapters)))
    path = os.path.join(oebps, "index.xhtml")
    if not index:
        if os.path.exists(path) or 'idref="index"' in opf:
            fail("epub: an index without epub.index")
        print("ok: epub: no index without epub.index")
        return
    if not os.path.exists(path):
        fail("epub: no index.xhtml")
    if '<itemref idref="index"/>' not in opf:
        fail("epub: index.xhtml not in the spine")
    nav = open(os.path.join(oebps, "nav.xhtml"), encoding="utf-8").read()
    if '<a href="index.xhtml">Index</a>' not in nav:
        fail("epub: the index is not in the table of contents")
    text = open(path, encoding="utf-8").read()

    def split(h):
        f, _, frag = h.partition("#")
        from urllib.parse import unquote
        return (f, unquote(frag))
    check_index(text, ids, expected_index(tree), used, "epub", split)


# ------------------------------------------------------------------ pdf

def outline_pages(qpdf_json):
    """title -> page of the outline's entries, and the qpdf page list."""
    d = json.load(open(qpdf_json, encoding="utf-8"))
    out = {}
    stack = list(d.get("outlines", []))
    while stack:
        e = stack.pop()
        out[" ".join(e["title"].split())] = e.get("destpageposfrom1")
        stack.extend(e.get("kids", []))
    return out


def cmd_pdf(tree_path, txt_path, pages_path, index=""):
    tree = load(tree_path)
    used = legend_used(tree)
    text = open(txt_path, encoding="utf-8").read().replace("\u00ad", "")
    pages = text.split("\f")
    flat = " ".join(pages[0].split())
    # the box: "Legend", then "meaning ×count" entries (meanings of up to
    # four words); what follows the box is not one
    m = re.search(r"Legend ((?:\S+(?: \S+){0,3} ×\d+(?: |$))+)", flat)
    want = " ".join("%s \u00d7%s" % (u["meaning"], u["count"]) for u in used)
    if not m or " ".join(m.group(1).split()) != want:
        fail("pdf: legend box on page 1 says %r, expected %r"
             % (m.group(1) if m else None, want))
    print("ok: pdf: legend box on page 1: %s" % want)
    if not index:
        if re.search(r"^\s*Index\s*$", text, re.M):
            fail("pdf: an index without pdf.index")
        print("ok: pdf: no index without pdf.index")
        return
    # the pages the tagged blocks are on: where their words are (pages.txt
    # holds, per tagged block, its page as the writer's outline... no: we
    # read the destinations back with qpdf in the shell; here the mapping
    # "excerpt -> page" comes from the index and is checked against the
    # text of that page)
    outline = outline_pages(pages_path)
    if "Index" not in outline:
        fail("pdf: no Index entry in the outline")
    start = outline["Index"]
    lines = []
    for p in pages[start - 1:]:
        lines += [" ".join(l.split()) for l in p.split("\n")]
    entries = []
    pending = ""
    for l in lines:
        if not l:
            continue
        mm = re.match(r"^(.*\S)\s+(\d+)$", l)
        if mm and not re.match(r"^\d+ / \d+$", l):
            entries.append(((pending + " " + mm.group(1)).strip(), int(mm.group(2))))
            pending = ""
        elif re.match(r"^\d+ / \d+$", l) or l.startswith("Index") or \
                any(l == u["meaning"] for u in used) or l == tree.get("meta", {}).get("title"):
            pending = ""
        else:
            pending = (pending + " " + l).strip()
    want = expected_index(tree)
    if len(entries) != sum(want.values()):
        fail("pdf: %d index entries, expected %d: %r" % (len(entries), sum(want.values()), entries))
    norm = lambda s: re.sub(r"[^A-Za-z0-9]+", "", s)
    for title, page in entries:
        words = norm(title.rstrip("\u2026"))[:40]
        if page < 1 or page > len(pages) or words not in norm(pages[page - 1]):
            fail("pdf: index says %r is on page %d; it is not there" % (title, page))
    print("ok: pdf: %d index entries, each on the page the index gives" % len(entries))


def main():
    cmds = {"html": cmd_html, "epub": cmd_epub, "pdf": cmd_pdf}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        fail(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
