#!/usr/bin/env python3
"""The html, epub and pdf writers give the headings the same ids
(tests/heading-ids.sh).

  check.py PAGE.html BOOK.epub QPDF.json

The html page is the reference: its heading ids in order (H) and the
targets of its "#..." links in order (L; every one is a heading id).
- epub: the headings of the chapters, in spine order, have the ids H; each
  "#..." link of the notes points (file and fragment, %-decoded) at the
  heading with the id it names in the html page.
- pdf (qpdf --json): one link annotation per "#..." link, each going to the
  destination of the outline entry of the heading it names.
"""
import html.parser
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

HEADING = re.compile(r"h[1-6]$")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if HEADING.match(tag) and a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(urllib.parse.unquote(a["href"][1:]))


def local(tag):
    return tag.rsplit("}", 1)[-1]


def epub_check(path, ids, links):
    z = zipfile.ZipFile(path)
    opf_path = ET.fromstring(z.read("META-INF/container.xml")).find(
        ".//{*}rootfile").get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    opf = ET.fromstring(z.read(opf_path))
    manifest = {i.get("id"): i for i in opf.iterfind(".//{*}item")}
    # the chapters in reading order, the table of contents (nav) left out
    spine = [manifest[r.get("idref")].get("href") for r in opf.iterfind(".//{*}itemref")
             if "nav" not in (manifest[r.get("idref")].get("properties") or "").split()]
    got, where, hrefs = [], {}, []
    for f in spine:
        doc = ET.fromstring(z.read(base + f))
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            t = local(el.tag)
            if el.get("id") is not None:
                where[(f, el.get("id"))] = t
            if HEADING.match(t) and el.get("id") is not None and \
                    el.get("class") != "title":
                got.append(el.get("id"))
            href = el.get("href")
            if t == "a" and href and "#" in href and "://" not in href and \
                    "noteref" not in (el.get("{http://www.idpf.org/2007/ops}type") or "") and \
                    "note-back" not in (el.get("class") or ""):
                hrefs.append((f, href))
    if got != ids:
        fail("epub heading ids %r, html %r" % (got, ids))
    if len(hrefs) != len(links):
        fail("epub has %d internal links, html %d" % (len(hrefs), len(links)))
        return
    for (f, href), want in zip(hrefs, links):
        file, frag = href.split("#", 1)
        file = file or f
        frag = urllib.parse.unquote(frag)
        if frag != want:
            fail("epub link %r goes to %r, html to %r" % (href, frag, want))
        elif not HEADING.match(where.get((file, frag), "")):
            fail("epub link %r: no heading with that id in %s" % (href, file))


def pdf_check(path, ids, links):
    q = json.load(open(path))
    objs = {k: (v.get("value", v) if isinstance(v, dict) else v)
            for k, v in q["qpdf"][1].items()}

    def obj(ref):
        return objs.get("obj:" + ref) if isinstance(ref, str) and ref.endswith(" R") else ref

    # outline entries in document order (one per heading: pdf-outline.sh)
    outline, stack = [], list(reversed(q["outlines"]))
    while stack:
        e = stack.pop()
        outline.append(e["dest"])
        stack.extend(reversed(e.get("kids", [])))
    if len(outline) != len(ids):
        fail("pdf outline has %d entries, the html page %d headings" % (len(outline), len(ids)))
        return
    # named destinations
    names = {}
    catalog = next(v for v in objs.values() if isinstance(v, dict) and v.get("/Type") == "/Catalog")
    todo = [obj(obj(catalog.get("/Names", {})).get("/Dests"))] if catalog.get("/Names") else []
    while todo:
        node = obj(todo.pop())
        arr = node.get("/Names", [])
        for i in range(0, len(arr) - 1, 2):
            d = obj(arr[i + 1])
            names[arr[i]] = d.get("/D") if isinstance(d, dict) else d
        todo.extend(node.get("/Kids", []))
    # internal link annotations, page by page
    dests = []
    for page in q["pages"]:
        for ref in obj(page["object"]).get("/Annots", []) or []:
            a = obj(ref)
            if a.get("/Subtype") != "/Link":
                continue
            d = a.get("/Dest")
            if d is None and isinstance(a.get("/A"), dict) and a["/A"].get("/S") == "/GoTo":
                d = a["/A"].get("/D")
            if d is None:
                continue
            dests.append(names.get(d) if isinstance(d, str) else d)
    if len(dests) != len(links):
        fail("pdf has %d internal links, the html page %d" % (len(dests), len(links)))
        return
    for k, (d, want) in enumerate(zip(dests, links)):
        if d != outline[ids.index(want)]:
            fail("pdf link %d (#%s) goes to %r, its heading is at %r"
                 % (k + 1, want, d, outline[ids.index(want)]))


def main():
    page = Page()
    page.feed(open(sys.argv[1], encoding="utf-8").read())
    ids, links = page.ids, page.links
    if not ids or not links:
        fail("no heading ids or links in the html page")
    for l in links:
        if l not in ids:
            fail("html link #%s names no heading" % l)
    epub_check(sys.argv[2], ids, links)
    pdf_check(sys.argv[3], ids, links)
    if failures:
        sys.exit(1)
    print("ok: %d headings, %d links alike in html, epub and pdf" % (len(ids), len(links)))


main()
