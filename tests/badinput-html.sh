#!/bin/sh
# badinput-html.sh -- raw HTML with <script>, event handlers and javascript:
# URLs is dropped from HTML output (fragment and standalone page) with a
# warning, as from EPUB (badinput.sh): the html writer's default is
# html.raw=safe.
. "$top_srcdir/tests/lib.sh"
cd "$TMP"
printf '# T\n\n<script>alert(1)</script>\n\n<p onclick="x()">hi</p>\n\nInline <b onmouseover="z()">b</b>.\n\n[l](javascript:alert(1))\n' > raw.md
for a in "" "-s"; do
	"$PAISSCONV" raw.md -t html $a -o raw.html 2>err; rc=$?
	check "html $a: exit 0" [ $rc -eq 0 ]
	check "html $a: no script, handler or javascript: URL left" \
		sh -c "! grep -Eiq '<script>alert|[[:space:]]on[a-z]+=|javascript:' raw.html"
	check "html $a: a warning for each" [ "$(grep -c ': warning: ' err)" -ge 4 ]
done
finish
