#!/usr/bin/env python3
"""patho-gen.py KIND N -- writes a pathological Markdown document of size N
to standard output (the classics of cmark's pathological tests, and more):

  quotes     N nested block quotes          > > > ... x
  lists      N nested lists                 - - - ... x
  brackets   N nested brackets              [[[ ... a ]]] ...
  emphasis   2N nested emphasis             *a **a ... b ... a** a*
  linkrefs   N link reference definitions, each used once
  longline   one line of N bytes (words)
  mathbraces display math with N nested braces
  table      a table of N columns (header, delimiter row, one body row);
             above 128 the reader takes the document's tables as text
  widerows   a table of 128 columns (the most a table may have) and N rows
  cdata      N "a <![CDATA[" in one paragraph, none closed
  pi         N "a <?" in one paragraph, none closed
  decl       N "a <!A " in one paragraph, none closed
  piclosed   N "a <?" in one paragraph and a "?>" in a heading after it
             (more than 128 are read as text)
  pilazy     a paragraph continued by N lines "2. <?" (no list item there)
  biglist    a list of N items
  headings   N headings of the same text, each with a line below

patho-gen.py --cpu CMD... -- runs CMD and prints the CPU seconds (user +
system) it took, and its exit status.
"""
import resource
import subprocess
import sys

if sys.argv[1] == "--cpu":
    r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL)
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("%.3f %d" % (u.ru_utime + u.ru_stime, r.returncode))
    sys.exit(0)
kind, n = sys.argv[1], int(sys.argv[2])
out = sys.stdout
if kind == "quotes":
    out.write("> " * n + "x\n")
elif kind == "lists":
    out.write("- " * n + "x\n")
elif kind == "brackets":
    out.write("[" * n + "a" + "]" * n + "\n")
elif kind == "emphasis":
    out.write("*a **a " * n + "b" + " a** a*" * n + "\n")
elif kind == "linkrefs":
    out.write("".join("[r%d]: /u%d \"t%d\"\n" % (i, i, i) for i in range(n)))
    out.write("\n")
    out.write("".join("[r%d] " % i for i in range(n)) + "\n")
elif kind == "longline":
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
    out.write((words * (n // len(words) + 1))[:n] + "\n")
elif kind == "mathbraces":
    out.write("$$" + "{" * n + "x" + "}" * n + "$$\n")
elif kind == "table":
    out.write("|" + "".join("c%d|" % i for i in range(n)) + "\n")
    out.write("|" + "-|" * n + "\n")
    out.write("|" + "".join("%d|" % i for i in range(n)) + "\n")
elif kind == "widerows":
    out.write("|" + "".join("h%d|" % i for i in range(128)) + "\n")
    out.write("|" + "-|" * 128 + "\n")
    out.write(("|" + "".join("%d|" % i for i in range(128)) + "\n") * n)
elif kind == "cdata":
    out.write("a <![CDATA[ " * n + "\n")
elif kind == "pi":
    out.write("a <? " * n + "\n")
elif kind == "decl":
    out.write("a <!A " * n + "\n")
elif kind == "piclosed":
    out.write("a <? " * n + "\n# ?>\n")
elif kind == "pilazy":
    out.write("a\n" + "2. <?\n" * n)
elif kind == "headings":
    out.write("# Notes\n\nx\n\n" * n)
elif kind == "biglist":
    out.write("".join("- item %d\n" % i for i in range(n)))
else:
    sys.exit("patho-gen.py: unknown kind " + kind)
