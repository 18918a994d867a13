#!/bin/sh
# The emoji-legend filter through the CLI and the real plugins: the tags of
# the sample notes (golden), legend precedence, emoji recognition, shortcodes,
# bad legends, documents without markers left exactly as they were, and deep
# nesting.
. "$top_srcdir/tests/lib.sh"
DUMP="$top_builddir/tests/emoji-legend-dump"
GOLDEN="$top_srcdir/tests/golden/emoji-legend"
export LC_ALL=C.UTF-8

# 1. The sample notes: legend used, emoji nodes, tags and section tags
# (lecture-notes.md has a legend table, reading-group.md a legend sentence).
for name in lecture-notes reading-group; do
	"$DUMP" "$top_srcdir/samples/$name.md" >"$TMP/$name.tags" 2>"$TMP/$name.err"
	check "$name: filter runs" [ $? -eq 0 ]
	check "$name: no messages" [ ! -s "$TMP/$name.err" ]
	if diff -u "$GOLDEN/$name.tags" "$TMP/$name.tags"; then
		pass "$name: tags as in the golden file"
	else
		fail "$name: tags differ from $GOLDEN/$name.tags"
	fi
done
# The same through the JSON writer: the tags are in the tree it writes.
"$PAISSCONV" "$top_srcdir/samples/lecture-notes.md" -t json -o "$TMP/notes.json"
check "json: legend-used in the metadata" grep -q '"legend-used"' "$TMP/notes.json"
check "json: 6 key-idea emoji in the legend" grep -q '"count": "6"' "$TMP/notes.json"
check "json: quotes tagged" [ "$(grep -c '"tag": "quote"' "$TMP/notes.json")" -ge 4 ]

# 2. Precedence: file > front matter > legend table > default.
cat >"$TMP/prec.md" <<'MD'
---
legend:
  "⭐": highlight
  "🧪": {meaning: experiment, colour: teal}
---

## Our legend

| Emoji | Colour | Meaning |
|-------|--------|---------|
| ⭐️ | red | star thing |
| ❓ | | query |
| 🦄 | #abc | rare find |

⭐ one. ❓ two. 💬 three. 🧪 four. 🦄 five. 👍🏽 six.
MD
printf '"❓": open problem\n"👍": {meaning: agree, color: "#0a0"}\n' >"$TMP/legend.yaml"
"$DUMP" "$TMP/prec.md" emoji-legend.file="$TMP/legend.yaml" >"$TMP/prec.out" 2>"$TMP/prec.err"
cat >"$TMP/prec.want" <<'OUT'
legend-used: emoji=❓ meaning=open problem slug=open-problem count=1 colour=#1f77b4 source=file
legend-used: emoji=👍 meaning=agree slug=agree count=1 colour=#00aa00 source=file
legend-used: emoji=⭐ meaning=highlight slug=highlight count=1 colour=#d62728 source=front-matter
legend-used: emoji=🧪 meaning=experiment slug=experiment count=1 colour=#008080 source=front-matter
legend-used: emoji=🦄 meaning=rare find slug=rare-find count=1 colour=#aabbcc source=notes
legend-used: emoji=💬 meaning=quote slug=quote count=1 colour=#8c564b source=default
OUT
grep '^legend-used' "$TMP/prec.out" >"$TMP/prec.got"
if diff -u "$TMP/prec.want" "$TMP/prec.got"; then pass "precedence: file, front matter, table, default"
else fail "precedence"; fi
check "precedence: the legend table is marked" grep -q ' table class=legend ' "$TMP/prec.out"
check "precedence: the paragraph's tags, in order" \
	grep -q 'paragraph tag=highlight tags=highlight open-problem quote experiment rare-find agree ' "$TMP/prec.out"
# Without the file, the table's meaning for ❓ applies; without the front
# matter, the table's for ⭐.
"$DUMP" "$TMP/prec.md" | grep -q 'emoji=❓ meaning=query slug=query count=1 .* source=notes'
check "precedence: table over default" [ $? -eq 0 ]
sed '1,5d' "$TMP/prec.md" >"$TMP/prec-nofm.md"
"$DUMP" "$TMP/prec-nofm.md" | grep -q 'emoji=⭐️ meaning=star thing slug=star-thing count=1 colour=#ff0000 source=notes'
check "precedence: table colour names, ⭐️ in the table matches ⭐ in the text" [ $? -eq 0 ]
# A legend as a list; the legend section describes the markers and does
# not use them.
cat >"$TMP/list.md" <<'MD'
## Legend

We use ⭐ for what matters.

- ⭐️ key point — the thing to remember
- 🧪: experiment
- 🦄 = rare, really
- plain item

## Body

⭐ one. 🧪 two. 🦄 three.
MD
"$DUMP" "$TMP/list.md" | grep -v ' emoji ' | sed 's/ | .*//' >"$TMP/list.out"
cat >"$TMP/list.want" <<'OUT'
legend-used: emoji=⭐️ meaning=key point slug=key-point count=1 colour=#1f77b4 source=notes
legend-used: emoji=🧪 meaning=experiment slug=experiment count=1 colour=#d62728 source=notes
legend-used: emoji=🦄 meaning=rare slug=rare count=1 colour=#2ca02c source=notes
5:1 list class=legend
12:1 paragraph tag=key-point tags=key-point experiment rare
OUT
if diff -u "$TMP/list.want" "$TMP/list.out"; then pass "a legend list; the legend section is not counted"
else fail "legend list"; fi
printf 'no emoji here\n' >"$TMP/plain.md"
"$DUMP" "$TMP/plain.md" emoji-legend.file="$TMP/legend.yaml" >"$TMP/plain.out"
check "a legend with no marker used adds nothing" [ ! -s "$TMP/plain.out" ]

# 3. Recognition: whole clusters; text presentation is not emoji.
printf 'a ⭐ b ⭐️ c 👍🏽 d 👩‍👩‍👧‍👦 e 🇫🇷 f 🏴󠁧󠁢󠁳󠁣󠁴󠁿 g © h ©️ i 1 j 1️⃣ k ™ l ↔︎ m 🛠 n ☺ o\n' >"$TMP/rec.md"
"$DUMP" "$TMP/rec.md" | grep ' emoji ' | sed 's/^[0-9]*:[0-9]* emoji //' >"$TMP/rec.out"
cat >"$TMP/rec.want" <<'OUT'
⭐ name=star tag=key-idea
⭐️ name=star tag=key-idea
👍🏽 name=thumbs up: medium skin tone
👩‍👩‍👧‍👦 name=family: woman, woman, girl, boy
🇫🇷 name=flag: France
🏴󠁧󠁢󠁳󠁣󠁴󠁿 name=flag: Scotland
©️ name=copyright
1️⃣ name=keycap: 1
🛠 name=hammer and wrench tag=practical
OUT
if diff -u "$TMP/rec.want" "$TMP/rec.out"; then pass "recognition: clusters, selectors, text presentation"
else fail "recognition"; fi
printf '👍🏿 agreed\n' >"$TMP/skin.md"
printf '"👍": agree\n' >"$TMP/skin.yaml"
"$DUMP" "$TMP/skin.md" emoji-legend.file="$TMP/skin.yaml" | grep -q '^1:1 paragraph tag=agree '
check "a skin-tone variant matches its base in the legend" [ $? -eq 0 ]
printf 'Use `⭐ in code` and $⭐$ here.\n\n```\n⭐\n```\n' >"$TMP/code.md"
check "no emoji nodes in code and math" [ -z "$("$DUMP" "$TMP/code.md")" ]

# 4. Shortcodes, only when asked.
printf 'Good :thumbs_up: and :Star: but not :nosuchname: or 10:30:00.\n' >"$TMP/sc.md"
"$DUMP" "$TMP/sc.md" emoji-legend.shortcodes=true | grep ' emoji ' | sed 's/^[0-9]*:[0-9]* //' >"$TMP/sc.out"
printf '%s\n' 'emoji 👍 name=thumbs up shortcode=:thumbs_up:' 'emoji ⭐ name=star shortcode=:Star: tag=key-idea' >"$TMP/sc.want"
if diff -u "$TMP/sc.want" "$TMP/sc.out"; then pass "shortcodes: CLDR short names"; else fail "shortcodes"; fi
check "shortcodes: off by default" [ -z "$("$DUMP" "$TMP/sc.md")" ]

# 5. Tagging rules: items and quotes that begin with a marker, headings and
# their sections, markers in the middle of a paragraph.
cat >"$TMP/tags.md" <<'MD'
## ❓ Open questions

First paragraph.

### Sub

Second paragraph.

## Next

- plain item with a ❓ in the middle
- ❓ item that begins with one
  - 📑 nested item

> 💬 quoted
>
> more

Text 👀 here.
MD
"$DUMP" "$TMP/tags.md" | grep -v ' emoji ' | sed 's/ | .*//' >"$TMP/tags.out"
cat >"$TMP/tags.want" <<'OUT'
legend-used: emoji=📑 meaning=paper slug=paper count=1 colour=#1f77b4 source=default
legend-used: emoji=❓ meaning=question slug=question count=3 colour=#d62728 source=default
legend-used: emoji=💬 meaning=quote slug=quote count=1 colour=#8c564b source=default
legend-used: emoji=👀 meaning=look into slug=look-into count=1 colour=#9467bd source=default
1:1 heading tag=question
3:1 paragraph section-tag=question
5:1 heading section-tag=question
7:1 paragraph section-tag=question
11:3 paragraph tag=question
12:1 item tag=question
13:3 item tag=paper
15:1 block_quote tag=quote
19:1 paragraph tag=look-into
OUT
if diff -u "$TMP/tags.want" "$TMP/tags.out"; then pass "tagging rules"; else fail "tagging rules"; fi

# 6. Bad legends: a warning, and the output still comes.
printf '"⭐": [unclosed\n' >"$TMP/bad.yaml"
"$PAISSCONV" "$TMP/tags.md" -t json -o "$TMP/bad.json" -O emoji-legend.file="$TMP/bad.yaml" 2>"$TMP/bad.err"
check "bad YAML: exit status 0" [ $? -eq 0 ]
check "bad YAML: a warning with the file's name" grep -q 'bad.yaml.*warning' "$TMP/bad.err"
check "bad YAML: output written" [ -s "$TMP/bad.json" ]
printf 'x: not an emoji\n"⭐": ""\n"❓": {colour: plaid, meaning: q}\n' >"$TMP/bad2.yaml"
"$PAISSCONV" "$TMP/tags.md" -t json -o "$TMP/bad2.json" -O emoji-legend.file="$TMP/bad2.yaml" 2>"$TMP/bad2.err"
check "bad entries: exit status 0" [ $? -eq 0 ]
check "bad entries: three warnings" [ "$(grep -c warning "$TMP/bad2.err")" -eq 3 ]
"$PAISSCONV" "$TMP/tags.md" -t json -o "$TMP/missing.json" -O emoji-legend.file="$TMP/nonexistent.yaml" 2>"$TMP/missing.err"
check "missing legend file: warning, output written" [ $? -eq 0 -a -s "$TMP/missing.json" ]

# 7. A document without markers converts exactly as without the filter.
unchanged() {
	"$PAISSCONV" "$1" -f markdown -t json -o "$TMP/with.json" 2>/dev/null || return 1
	"$PAISSCONV" "$1" -f markdown -t json -o "$TMP/without.json" --no-filter emoji-legend 2>/dev/null || return 1
	cmp -s "$TMP/with.json" "$TMP/without.json"
}
cat >"$TMP/nomarkers.md" <<'MD'
# Legend

| Sign | Meaning |
|------|---------|
| *    | footnote |
| #1   | first |

Text with © 2024, ™, 1 2 3, #hashtag, *emphasis* and _more_, `⭐ in code`,
$x^2$ math, :thumbs_up: as text, a [link](https://example.org), 10:30:00,
and CJK 漢字 and combining é and arrows ↔ ← →.

- [ ] a task
- [x] done

> a quote
MD
check "no markers: json identical with and without the filter" unchanged "$TMP/nomarkers.md"
n=0
for f in "$top_srcdir"/samples/*.md "$PCV_CORPUS"/notes/*.md; do
	[ -f "$f" ] || continue
	"$PAISSCONV" "$f" -f markdown -t json -o "$TMP/c.json" 2>/dev/null || { fail "$f: conversion failed"; continue; }
	grep -q '"type": "emoji"' "$TMP/c.json" && continue
	check "no markers: $(basename "$f") unchanged by the filter" unchanged "$f"
	n=$((n + 1))
done
echo "($n marker-free documents compared)"

# 8. Deep nesting: 100 000 block quotes with a marker at the bottom.
awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) s = s ">"; print s " ❓ deep"; print ""; print "⭐ top" }' >"$TMP/deep.md"
"$PAISSCONV" "$TMP/deep.md" -t summary -o "$TMP/deep.txt" 2>"$TMP/deep.err"
check "100 000-deep quotes: converts" [ $? -eq 0 ]
check "100 000-deep quotes: the marker is found" grep -q 'deep' "$TMP/deep.txt"

# 9. The committed tables are what the generator makes of Unicode's data
# (when the installed data is of the same version).
data=/usr/share/unicode/emoji
if [ -f "$data/emoji-data.txt" ] && [ -f "$data/emoji-test.txt" ]; then
	LC_ALL=C awk -f "$top_srcdir/filters/emoji-legend/gen-emoji-tables.awk" \
		"$data/emoji-data.txt" "$data/emoji-test.txt" >"$TMP/tables.h"
	check "generator runs" [ $? -eq 0 ]
	have=$(grep '^#define EMOJI_DATA_VERSION' "$top_srcdir/filters/emoji-legend/emoji-tables.h")
	if [ "$have" = "$(grep '^#define EMOJI_DATA_VERSION' "$TMP/tables.h")" ]; then
		check "emoji-tables.h matches the installed data" \
			cmp -s "$TMP/tables.h" "$top_srcdir/filters/emoji-legend/emoji-tables.h"
	else
		echo "(installed emoji data is another version than emoji-tables.h: $have)"
	fi
else
	echo "(no Unicode emoji data in $data: generator not checked; apt-get install unicode-data)"
fi

finish
