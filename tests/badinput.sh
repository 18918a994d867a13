#!/bin/sh
# badinput.sh -- the bad-input matrix through the real plugins: every case
# has its exact message; a failing run exits non-zero with a one-line
# reason, leaves an existing target byte for byte, and leaves no temporary
# file -- for every writer.  (cli.sh covers the same paths through the test
# plugins; this is what a user meets.)
. "$top_srcdir/tests/lib.sh"
need_tool unzip unzip
need_tool iconv libc-bin
TP="$top_builddir/tests/plugins/.libs"
FORMATS="text json html html-s epub pdf summary"
cd "$TMP"

# fmt_args FORMAT: the CLI arguments selecting it.
fmt_args() { case $1 in html-s) echo "-t html -s" ;; *) echo "-t $1" ;; esac; }

# known_options PLUGIN: its option names as the error lists them.
known_options() {
	"$PAISSCONV" --help-plugin "$1" | sed -n "s/^ *-O $1\.\([^=]*\)=.*/\1/p" | paste -sd, | sed 's/,/, /g'
}
version=$("$PAISSCONV" --version | sed -n '1s/^paissconv \([0-9][0-9.]*\).*/\1/p')
abi=$("$PAISSCONV" --version | sed -n '1s/.*plugin ABI \([0-9]*\.[0-9]*\)).*/\1/p')

# fails DESC RC MESSAGE CMD...: CMD exits RC, its standard error is one
# line equal to MESSAGE (a usage error may add the --help hint), the
# target "target" still holds "keep", and no temporary file is left.
fails() {
	local d=$1 want_rc=$2 msg=$3 rc lines
	shift 3
	echo keep > target
	"$@" >out 2>err; rc=$?
	lines=$(grep -vc "^Try 'paissconv --help'" err)
	if [ $rc -ne "$want_rc" ]; then
		fail "$d: exit $rc, not $want_rc: $(head -2 err)"
	elif [ "$lines" -ne 1 ] || [ "$(head -1 err)" != "$msg" ]; then
		fail "$d: message '$(head -3 err)', not '$msg'"
	elif [ "$(cat target)" != keep ]; then
		fail "$d: the target was changed"
	elif ls -A | grep -q '^\.target\.'; then
		fail "$d: a temporary file was left: $(ls -A | grep '^\.target\.')"
	else
		pass "$d"
	fi
}

# warns FILE DESC MESSAGE: every writer converts FILE (exit 0, an output)
# and says MESSAGE, and nothing else, on its standard error.
warns() {
	local f=$1 d=$2 msg=$3 fmt rc
	for fmt in $FORMATS; do
		"$PAISSCONV" "$f" $(fmt_args $fmt) -o warns.out 2>err; rc=$?
		if [ $rc -ne 0 ] || [ ! -s warns.out ] || [ "$(cat err)" != "$msg" ]; then
			fail "$fmt: $d: exit $rc, message '$(head -3 err)'"
		else
			pass "$fmt: $d"
		fi
	done
}

printf '# Notes\n\nSome text.\n' > ok.md
mkdir folder.md
: > empty.md

for fmt in $FORMATS; do
	a=$(fmt_args $fmt)
	fails "$fmt: missing input" 1 "paissconv: nosuch.md: error: cannot read: No such file or directory" \
		"$PAISSCONV" nosuch.md $a -o target
	fails "$fmt: a folder as input" 1 "paissconv: folder.md: error: cannot read: Is a directory" \
		"$PAISSCONV" folder.md $a -o target
	if [ "$(id -u)" != 0 ]; then
		printf 'x\n' > noread.md && chmod 000 noread.md
		fails "$fmt: unreadable input" 1 "paissconv: noread.md: error: cannot read: Permission denied" \
			"$PAISSCONV" noread.md $a -o target
	fi
	fails "$fmt: -o /dev/full" 1 "paissconv: /dev/full: error: cannot write: No space left on device" \
		"$PAISSCONV" ok.md $a -o /dev/full
	fails "$fmt: missing output folder" 1 \
		"paissconv: no/such/out: error: cannot create the output in no/such: No such file or directory" \
		"$PAISSCONV" ok.md $a -o no/such/out
	if [ "$(id -u)" != 0 ]; then
		mkdir -p ro && chmod 555 ro
		fails "$fmt: unwritable output folder" 1 \
			"paissconv: ro/out: error: cannot create the output in ro: Permission denied" \
			"$PAISSCONV" ok.md $a -o ro/out
	elif [ -d /sys/kernel ] && ! touch /sys/pcv-probe 2>/dev/null; then
		# root writes anywhere but in sysfs.
		fails "$fmt: unwritable output folder" 1 \
			"paissconv: /sys/out: error: cannot create the output in /sys: Permission denied" \
			"$PAISSCONV" ok.md $a -o /sys/out
	fi
	cp ok.md same.md
	fails "$fmt: output equal to the input" 1 "paissconv: same.md: error: refusing to overwrite an input file" \
		"$PAISSCONV" same.md $a -o same.md
	check "$fmt: ... the input is untouched" cmp -s ok.md same.md
	fails "$fmt: output equal to the input, spelled otherwise" 1 \
		"paissconv: ./same.md: error: refusing to overwrite an input file" \
		"$PAISSCONV" same.md $a -o ./same.md
	fails "$fmt: unknown option" 2 \
		"paissconv: error: unknown option '${fmt%-s}.nosuch'; ${fmt%-s} has $(known_options ${fmt%-s})" \
		"$PAISSCONV" ok.md $a -O "${fmt%-s}.nosuch=1" -o target
	fails "$fmt: wrong-ABI plugin" 1 \
		"paissconv: error: plugin $TP/newabi.so: built for plugin ABI $((${abi%.*} + 1)).0 but this paissconv has $abi: rebuild the plugin against paissconv $version" \
		"$PAISSCONV" --plugin "$TP/newabi.so" ok.md $a -o target
	fails "$fmt: unknown plugin file" 1 "paissconv: error: plugin $TMP/nosuch.so: No such file or directory" \
		"$PAISSCONV" --plugin "$TMP/nosuch.so" ok.md $a -o target

	# Empty input: a warning, and still a valid (empty) document.
	rm -f out.empty
	"$PAISSCONV" empty.md $a -o out.empty 2>err; rc=$?
	check "$fmt: empty input converts with a warning" \
		sh -c "[ $rc -eq 0 ] && [ -e out.empty ] && [ \"\$(cat err)\" = 'paissconv: empty.md: warning: input is empty' ]"
done

# A full disk (a 4 kB tmpfs, when we may mount one): the writer's bytes
# fail to reach the temporary file; the target stays, nothing is left.
# (json: badinput-json-full.sh.)
FULL=$TMP/full
if [ "$(id -u)" = 0 ] && mkdir -p "$FULL" && mount -t tmpfs -o size=4k tmpfs "$FULL" 2>/dev/null; then
	trap 'umount "$FULL" 2>/dev/null; rm -rf "$TMP"' EXIT
	for fmt in $FORMATS; do
		[ $fmt = json ] && continue
		a=$(fmt_args $fmt)
		rm -f "$FULL"/.target.* "$FULL/target"
		echo keep > "$FULL/target"
		"$PAISSCONV" "$top_srcdir/samples/lecture-notes.md" $a -o "$FULL/target" >/dev/null 2>err; rc=$?
		grep -v ': warning: ' err > errs
		check "$fmt: full disk: exit 1 and one line" sh -c \
			"[ $rc -eq 1 ] && [ \"\$(cat errs)\" = 'paissconv: $FULL/target: error: cannot write: No space left on device' ]"
		check "$fmt: full disk: the target is untouched" [ "$(cat "$FULL/target")" = keep ]
		check "$fmt: full disk: no temporary file left" [ -z "$(ls -A "$FULL" | grep -v '^target$')" ]
	done
	umount "$FULL"
	trap 'rm -rf "$TMP"' EXIT
fi

# Format and plugin names.
fails "unknown output format" 2 "paissconv: unknown output format 'docx' (see --list-plugins)" \
	"$PAISSCONV" ok.md -t docx -o target
fails "unknown input format" 2 "paissconv: unknown input format 'docx' (see --list-plugins)" \
	"$PAISSCONV" ok.md -f docx -t text -o target
fails "output format not guessable" 2 \
	"paissconv: cannot tell the output format of 'out.docx': name it with -t (see --list-plugins)" \
	"$PAISSCONV" ok.md -o out.docx
fails "unknown plugin in an option" 2 "paissconv: error: option 'nosuch.x': no plugin offers 'nosuch' (see --list-plugins)" \
	"$PAISSCONV" ok.md -O nosuch.x=1 -t text -o target
fails "unknown plugin for --help-plugin" 2 "paissconv: no plugin called 'nosuch' (see --list-plugins)" \
	"$PAISSCONV" --help-plugin nosuch
fails "mistyped option value" 2 "paissconv: error: option 'text.columns': 'wide' is not a whole number" \
	"$PAISSCONV" ok.md -O text.columns=wide -t text -o target

# Invalid UTF-8 and NUL bytes: U+FFFD with a warning at each position.
printf 'caf\303\251 ok\nbad \377\376 here\nand \303\050 too\n' > bad.md
"$PAISSCONV" bad.md -t text -o bad.txt 2>err; rc=$?
check "invalid UTF-8: exit 0" [ $rc -eq 0 ]
printf '%s\n' "paissconv: bad.md:2:5: warning: invalid UTF-8 replaced by U+FFFD" \
	"paissconv: bad.md:2:6: warning: invalid UTF-8 replaced by U+FFFD" \
	"paissconv: bad.md:3:5: warning: invalid UTF-8 replaced by U+FFFD" > want
check "invalid UTF-8: a warning at each bad byte" cmp -s err want
check "invalid UTF-8: replaced by U+FFFD, the good text kept" \
	grep -q "^café ok bad $(printf '\357\277\275\357\277\275') here and $(printf '\357\277\275')( too" bad.txt
printf 'a\000b\nline two\000\n' > nul.md
"$PAISSCONV" nul.md -t text -o nul.txt 2>err; rc=$?
printf '%s\n' "paissconv: nul.md:1:2: warning: NUL byte replaced by U+FFFD" \
	"paissconv: nul.md:2:9: warning: NUL byte replaced by U+FFFD" > want
check "NUL bytes: exit 0, a warning at each" sh -c "[ $rc -eq 0 ] && cmp -s err want"
check "NUL bytes: replaced by U+FFFD" grep -q "^a$(printf '\357\277\275')b line two$(printf '\357\277\275')" nul.txt
for fmt in $FORMATS; do
	a=$(fmt_args $fmt)
	cat bad.md nul.md > both.md
	"$PAISSCONV" both.md $a -o both.out 2>err; rc=$?
	check "$fmt: invalid UTF-8 and NUL bytes convert with 5 warnings" \
		sh -c "[ $rc -eq 0 ] && [ -s both.out ] && [ \$(grep -c 'replaced by U+FFFD' err) -eq 5 ]"
	case $fmt in
	json|html*|epub) check "$fmt: no invalid UTF-8 in the output" sh -c \
		"if [ $fmt = epub ]; then unzip -p both.out; else cat both.out; fi | iconv -f UTF-8 -t UTF-8 >/dev/null" ;;
	esac
done

# Images: missing, or outside the notes' folder (by path or by link).
mkdir -p notes/sub
cp "$top_srcdir/samples/images/gp-posterior.png" secret.png
ln -s ../../secret.png notes/sub/link.png
printf '# T\n\n![gone](missing.png)\n\n![up](../../secret.png)\n\n![abs](%s)\n\n![link](link.png)\n' \
	"$TMP/secret.png" > notes/sub/img.md
"$PAISSCONV" notes/sub/img.md -t epub -o img.epub 2>err; rc=$?
printf '%s\n' "paissconv: notes/sub/img.md:3:1: warning: image 'missing.png' not found: its alt text is written" \
	"paissconv: notes/sub/img.md:5:1: warning: image '../../secret.png' is outside the notes' folder and the resource folders: not embedded" \
	"paissconv: notes/sub/img.md:7:1: warning: image '$TMP/secret.png' is outside the notes' folder and the resource folders: not embedded" \
	"paissconv: notes/sub/img.md:9:1: warning: image 'link.png' is outside the notes' folder and the resource folders: not embedded" > want
check "epub: missing and escaping images: exit 0" [ $rc -eq 0 ]
check "epub: a warning for each image" cmp -s err want
check "epub: no image embedded" sh -c "! unzip -l img.epub | grep -qi 'png'"
"$PAISSCONV" notes/sub/img.md -t pdf -o img.pdf 2>err; rc=$?
printf '%s\n' "paissconv: notes/sub/img.md:3:1: warning: image missing.png not found: its alt text is shown" \
	"paissconv: notes/sub/img.md:5:1: warning: image ../../secret.png lies outside the notes' folder and the resource folders: its alt text is shown" \
	"paissconv: notes/sub/img.md:7:1: warning: image $TMP/secret.png lies outside the notes' folder and the resource folders: its alt text is shown" \
	"paissconv: notes/sub/img.md:9:1: warning: image link.png lies outside the notes' folder and the resource folders: its alt text is shown" > want
check "pdf: missing and escaping images: exit 0" [ $rc -eq 0 ]
check "pdf: a warning for each image" cmp -s err want
if command -v pdfimages >/dev/null 2>&1; then
	check "pdf: no image embedded" sh -c "[ \$(pdfimages -list img.pdf | tail -n +3 | wc -l) -eq 0 ]"
fi

# Raw HTML with scripts and event handlers: dropped from the EPUB with a
# warning (HTML: see badinput-html.sh).
printf '# T\n\n<script>alert(1)</script>\n\n<p onclick="x()">hi <img src="x" onerror="y()"></p>\n\nInline <b onmouseover="z()">b</b> and <script>bad()</script> end.\n\n[l](javascript:alert(1))\n' > raw.md
"$PAISSCONV" raw.md -t epub -o raw.epub 2>err; rc=$?
check "epub: raw HTML: exit 0" [ $rc -eq 0 ]
for w in "raw.md:3:1: warning: raw HTML: <script> dropped from the book" \
	"raw.md:5:1: warning: raw HTML: event handler onclick dropped from the book" \
	"raw.md:7:8: warning: raw HTML: event handler onmouseover dropped from the book" \
	"raw.md:7:39: warning: raw HTML: <script> dropped from the book" \
	"raw.md:9:1: warning: javascript: link dropped from the book: written as text"; do
	check "epub: warns '$w'" grep -qxF "paissconv: $w" err
done
check "epub: no script, handler or javascript: URL left" \
	sh -c "! unzip -p raw.epub '*.xhtml' | grep -Eiq '<script|[[:space:]]on[a-z]+=|javascript:'"

# A table row of more than 128 cells: cmark-gfm's table extension takes
# time in the square of a row's cells, so the document's tables are read
# as text, with a warning at the widest row.  128 cells are a table.
# row N CELL: a table row of N cells.
row() { awk -v n="$1" -v c="$2" 'BEGIN { s = "|"; for (i = 0; i < n; i++) s = s c "|"; print s }'; }
{ printf '# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'; row 200 c; row 200 -; row 129 x; } > wide.md
{ row 128 c; row 128 -; row 128 x; } > wide128.md
warns wide.md "a 200-cell table row converts, with one warning" \
	"paissconv: wide.md:7:1: warning: a table row of 200 cells (more than 128): the document's tables are read as text"
"$PAISSCONV" wide.md -t html -o wide.html 2>/dev/null
check "a 200-cell row: no table, the rows kept as text" sh -c \
	"! grep -q '<table' wide.html && grep -qF '| a | b |' wide.html && grep -qF '|c|c|c|' wide.html"
"$PAISSCONV" wide128.md -t html -o wide128.html 2>err
check "a 128-cell row: a table of 128 columns, no warning" sh -c \
	"[ ! -s err ] && [ \$(grep -c '<th>' wide128.html) -eq 128 ] && [ \$(grep -c '<td>' wide128.html) -eq 128 ]"

# Raw HTML openers without an end ("<?", "<!" before a letter,
# "<![CDATA["), which cmark looks for to the end of the paragraph each
# time: the reader hides them from that search, and they read as before.
printf 'a <?x b <!A c <![CDATA[ d\n\n<?php\n\n?>\n\nmail <?a@b.c> and [l](<?u>)\n' > html.md
"$PAISSCONV" html.md -t html -o html.html 2>err; rc=$?
printf '%s\n' '<p>a &lt;?x b &lt;!A c &lt;![CDATA[ d</p>' '<?php' '' '?>' \
	'<p>mail <a href="mailto:?a@b.c">?a@b.c</a> and <a href="?u">l</a></p>' > want
check "raw HTML openers without an end: text, the block, the links as they were" \
	sh -c "[ $rc -eq 0 ] && [ ! -s err ] && cmp -s html.html want"
# 200 of them before a "?>" in a heading: cmark would look for their end
# to the end of their paragraph, each; over 128, they are text, with a
# warning.
awk 'BEGIN { for (i = 0; i < 200; i++) printf "a <? "; print ""; print "# ?>" }' > manypi.md
warns manypi.md "200 '<?' before a '?>': read as text, one warning" \
	"paissconv: manypi.md:1:1: warning: raw HTML: 200 '<?' in one block of lines (more than 128): read as text"
"$PAISSCONV" manypi.md -t text -o manypi.txt 2>/dev/null
check "200 '<?': the text kept" grep -q '^a <? a <? a <?' manypi.txt
finish
