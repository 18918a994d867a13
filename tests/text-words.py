#!/usr/bin/env python3
"""Word preservation of the text writer.

For each Markdown input, the conversion must succeed (warnings allowed) and
the words of the text output must be the words of
the input, markup aside.  The input's words come from an independent parse:
cmark-gfm's XML (with the GFM extensions), taking the text of text, code and
code block nodes -- so raw HTML, URLs and reference definitions are markup --
plus the title, author and date of the front matter.  A word is a run of
letters and digits; a CJK character or a symbol (emoji) is a word by itself.

Every input word must appear in the output as often as in the input (no lost
text), and the output may add only the words the writer adds itself: the
"Links" list (cut off before counting), "Notes", "image", and the numbers of
references.

usage: text-words.py PAISSCONV CMARK-GFM [--spec FILE]... [FILE.md]...
"""
import collections
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

NS = "{http://commonmark.org/xml/1.0}"
EXTENSIONS = ["table", "strikethrough", "autolink", "tasklist", "footnotes"]
ALLOWED_EXTRA = {"image", "Notes", "Links"}


def words(text):
    out = []
    cur = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F"):
            cur.append(ch)
            continue
        if cur:
            out.append("".join(cur))
            cur = []
        if ch.isalnum() or cat == "So":
            out.append(ch)
    if cur:
        out.append("".join(cur))
    return out


def split_front_matter(md):
    """Returns (front matter words, body) when md starts with a YAML map."""
    m = re.match(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", md, re.S)
    if not m:
        return [], md
    lines = m.group(1).splitlines()
    for line in lines:
        if line.strip() and not line.startswith((" ", "\t", "#")) and not re.match(r"[\w-]+\s*:", line):
            return [], md
    found = []
    for line in lines:
        kv = re.match(r"(title|author|date)\s*:\s*(.*)$", line)
        if kv:
            found += words(kv.group(2))
    return found, md[m.end():]


INLINE_JOINED = {"text", "html_inline", "softbreak", "linebreak"}


def is_marked_link(el):
    """Whether the writer follows this link with a reference mark."""
    url = el.get("destination") or ""
    if url == "" or url.startswith("#"):
        return False
    text = "".join(el.itertext())
    if text == "":
        return False
    return url not in (text, "mailto:" + text, "http://" + text, "https://" + text)


def collect(el, out):
    """Appends the text of el to out: inline text joined as the writer joins
    it; blocks, and inlines the writer marks (emphasis, code, images...),
    set apart."""
    tag = el.tag[len(NS):] if el.tag.startswith(NS) else el.tag
    if tag in ("html_block", "html_inline"):
        return
    joined = tag in INLINE_JOINED or tag == "link"
    if not joined:
        out.append(" ")
    if tag == "tasklist" and el.get("completed") == "true":
        out.append(" x ")
    if tag in ("text", "code", "code_block") and el.text:
        out.append(el.text)
    elif tag in ("softbreak", "linebreak"):
        out.append(" ")
    if tag == "link" and "".join(el.itertext()) == "":
        out.append(" " + (el.get("destination") or "") + " ")
    for child in el:
        collect(child, out)
    if not joined or (tag == "link" and is_marked_link(el)):
        out.append(" ")


def reference_words(cmark, md):
    front, body = split_front_matter(md)
    args = [cmark, "-t", "xml"]
    for e in EXTENSIONS:
        args += ["-e", e]
    xml = subprocess.run(args, input=body.encode(), capture_output=True, check=True).stdout.decode()
    # This cmark-gfm's XML renderer does not name footnote nodes.
    xml = xml.replace("<<unknown> />", "<footnote_reference />")
    xml = xml.replace("</<unknown>>", "</footnote_definition>")
    xml = xml.replace("<<unknown>>", "<footnote_definition>")
    out = []
    collect(ET.fromstring(xml), out)
    return list(front) + words("".join(out))


def output_words(paissconv, md, name):
    r = subprocess.run([paissconv, "-f", "markdown", "-t", "text", "--no-filter", "math", "-"], input=md.encode(),
                       capture_output=True)
    err = r.stderr.decode(errors="replace")
    # Warnings (bad math, say) are allowed: the output is still made.
    if r.returncode != 0 or ": error:" in err:
        return None, err or "exit status %d" % r.returncode
    text = r.stdout.decode()
    cut = text.rfind("\nLinks\n-----\n")
    if cut >= 0:
        text = text[:cut]
    return words(text), None


def compare(paissconv, cmark, name, md):
    ref = collections.Counter(reference_words(cmark, md))
    got, err = output_words(paissconv, md, name)
    if got is None:
        return "%s: conversion failed: %s" % (name, err.strip())
    got = collections.Counter(got)
    lost = ref - got
    extra = got - ref
    extra = {w: n for w, n in extra.items() if w not in ALLOWED_EXTRA and not w.isdigit()}
    problems = []
    if lost:
        problems.append("lost %s" % dict(lost.most_common(12)))
    if extra:
        problems.append("added %s" % dict(collections.Counter(extra).most_common(12)))
    if problems:
        return "%s: %s" % (name, "; ".join(problems))
    return None


def spec_examples(path):
    """The Markdown of each example of a cmark-style spec file."""
    fence = "`" * 32
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith(fence + " example"):
            start = i + 1
            j = start
            while j < len(lines) and lines[j] != ".":
                j += 1
            md = "\n".join(lines[start:j]) + "\n"
            out.append(("%s:%d" % (os.path.basename(path), i + 1), md.replace("\u2192", "\t")))
            while j < len(lines) and not lines[j].startswith(fence):
                j += 1
            i = j
        i += 1
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    paissconv, cmark = argv[1], argv[2]
    cases = []
    args = argv[3:]
    while args:
        a = args.pop(0)
        if a == "--spec":
            cases += spec_examples(args.pop(0))
        else:
            cases.append((os.path.basename(a), open(a, encoding="utf-8").read()))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda c: compare(paissconv, cmark, c[0], c[1]), cases))
    failed = [r for r in results if r]
    for r in failed:
        print("FAIL:", r)
    print("%d inputs, %d kept every word, %d did not" % (len(cases), len(cases) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
