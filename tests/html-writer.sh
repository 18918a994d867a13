#!/bin/sh
# The html writer: a golden fragment (heading ids, footnotes, tables, task
# lists, raw HTML, links and images), the raw HTML modes, and the
# standalone page's head and title block.
. "$top_srcdir/tests/lib.sh"
G=$top_srcdir/tests/golden/html

# 1. the golden fragment, byte for byte (the writer alone: no filters)
if "$PAISSCONV" "$G/writer.md" -t html --no-filter all -o "$TMP/writer.html"; then
	check "fragment matches tests/golden/html/writer.html" diff -u "$G/writer.html" "$TMP/writer.html"
else
	fail "paissconv writer.md -t html exited non-zero"
fi
check "a fragment has no <html> or <head>" sh -c "! grep -qi -e '<html' -e '<head' '$TMP/writer.html'"

# filters' tags become classes
if "$PAISSCONV" "$G/writer.md" -t json 2>/dev/null | grep -q '"tag": *"key-idea"'; then
	"$PAISSCONV" "$G/writer.md" -t html -o "$TMP/tagged.html"
	check "a tagged heading gets class tag-<value>" \
		grep -qF '<h2 id="-key-idea-the-kernel-trick" class="tag-key-idea">' "$TMP/tagged.html"
else
	echo "note: no emoji-legend filter loaded; tag classes not checked"
fi

# 2. heading-ids=false leaves headings bare
"$PAISSCONV" "$G/writer.md" -t html -O html.heading-ids=false -o "$TMP/noids.html"
check "html.heading-ids=false: no id on headings" sh -c "! grep -q '<h[1-6] id=' '$TMP/noids.html'"

# 3. raw HTML modes
cat >"$TMP/raw.md" <<'MD'
Hello <script>alert("inline")</script> there <img src="x.png" onerror="alert(1)" alt="x">.

<div onclick="steal()"><b>kept</b></div>

<style>body { display: none }</style>

<iframe src="https://example.com/"></iframe>

Text <title>t</title> [click](javascript:alert(1)) ![pic](data:image/png;base64,AAAA) [ok](https://example.com/)
MD
"$PAISSCONV" "$TMP/raw.md" -t html -O html.raw=safe -o "$TMP/safe.html" 2>"$TMP/safe.err"
for bad in '<script' 'alert("inline")' onerror onclick '<style' 'display: none' '<iframe' \
	'<title' 'javascript:'; do
	check "raw=safe drops '$bad'" sh -c "! grep -qiF '$bad' '$TMP/safe.html'"
done
for good in '<b>kept</b>' '<img src="x.png" alt="x">' 'href="https://example.com/"' \
	'src="data:image/png;base64,AAAA"' 'Hello  there'; do
	check "raw=safe keeps '$good'" grep -qF "$good" "$TMP/safe.html"
done
check "raw=safe warns" grep -q 'warning: html: raw HTML' "$TMP/safe.err"
check "raw=safe warns about the javascript: link" grep -q "unsafe link URL" "$TMP/safe.err"

"$PAISSCONV" "$TMP/raw.md" -t html -O html.raw=gfm -o "$TMP/gfm.html"
check "raw=gfm filters <script>" grep -qF '&lt;script>alert' "$TMP/gfm.html"
check "raw=gfm filters <iframe>" grep -qF '&lt;iframe src' "$TMP/gfm.html"
check "raw=gfm keeps <b>" grep -qF '<b>kept</b>' "$TMP/gfm.html"

"$PAISSCONV" "$TMP/raw.md" -t html -O html.raw=drop -o "$TMP/drop.html"
check "raw=drop omits raw HTML" sh -c "! grep -qi -e '<script' -e '<b>' '$TMP/drop.html'"
check "raw=drop says so" grep -qF '<!-- raw HTML omitted -->' "$TMP/drop.html"

"$PAISSCONV" "$TMP/raw.md" -t html -O html.raw=keep -o "$TMP/keep.html"
check "raw=keep keeps raw HTML as written" grep -qF '<div onclick="steal()">' "$TMP/keep.html"
"$PAISSCONV" "$TMP/raw.md" -t html -o "$TMP/default.html" 2>/dev/null
check "the default is raw=safe" sh -c "! grep -qF 'onclick' '$TMP/default.html'"

# 4. the standalone page: head, title block, metadata
"$PAISSCONV" "$G/writer.md" -s -M 'title=A <title> & more' -M subtitle=Sub -M author=Ada \
	-M date=2024-07-10 -M lang=en-GB -M keywords=gp -o "$TMP/page.html"
check "standalone starts with the doctype" sh -c "head -1 '$TMP/page.html' | grep -qx '<!DOCTYPE html>'"
check "standalone: lang" grep -qF '<html lang="en-GB">' "$TMP/page.html"
check "standalone: escaped <title>" grep -qF '<title>A &lt;title&gt; &amp; more</title>' "$TMP/page.html"
check "standalone: author meta" grep -qF '<meta name="author" content="Ada" />' "$TMP/page.html"
check "standalone: date meta" grep -qF '<meta name="dcterms.date" content="2024-07-10" />' "$TMP/page.html"
check "standalone: keywords meta" grep -qF '<meta name="keywords" content="gp" />' "$TMP/page.html"
check "standalone: title block" grep -qF '<h1 class="title">A &lt;title&gt; &amp; more</h1>' "$TMP/page.html"
check "standalone: subtitle" grep -qF '<p class="subtitle">Sub</p>' "$TMP/page.html"
check "standalone: stylesheet" grep -qF '@media print' "$TMP/page.html"
check "standalone: ends the document" sh -c "tail -1 '$TMP/page.html' | grep -qx '</html>'"
"$PAISSCONV" "$G/writer.md" -s -o "$TMP/notitle.html"
check "standalone: title from the first heading" grep -qF '<title>Notes</title>' "$TMP/notitle.html"
check "standalone: no title block without a title" sh -c "! grep -qF '<header id=\"title-block-header\"' '$TMP/notitle.html'"
"$PAISSCONV" "$G/writer.md" -s -M title=Notes -o "$TMP/merged.html"
check "standalone: a first heading equal to the title becomes the title, keeping its id" \
	grep -qF '<h1 class="title" id="notes">Notes</h1>' "$TMP/merged.html"
check "standalone: ... and is not written twice" sh -c "! grep -qF '<h1 id=\"notes\">' '$TMP/merged.html'"
"$PAISSCONV" "$G/writer.md" -s -O html.math=mathjax -o "$TMP/mathjax.html"
check "html.math=mathjax loads MathJax" grep -qF '<script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/' "$TMP/mathjax.html"
"$PAISSCONV" "$G/writer.md" -s -O html.style=false -O html.css=print.css -o "$TMP/css.html"
check "html.style=false, html.css links" sh -c \
	"grep -qF '<link rel=\"stylesheet\" href=\"print.css\" />' '$TMP/css.html' && ! grep -q '<style>' '$TMP/css.html'"

# 5. math: TeX in pandoc's markup without the math filter, MathML with it
printf 'Inline $a_1 < b$ and\n\n$$\nx^2\n$$\n' >"$TMP/math.md"
"$PAISSCONV" "$TMP/math.md" -t html --no-filter all -o "$TMP/tex.html"
check "math without the filter: inline TeX, escaped" \
	grep -qF '<span class="math inline">\(a_1 &lt; b\)</span>' "$TMP/tex.html"
check "math without the filter: display TeX" \
	sh -c "tr '\n' ' ' <'$TMP/tex.html' | grep -qF '<div class=\"math display\">\[ x^2 \]</div>'"
if "$PAISSCONV" "$TMP/math.md" -t json 2>/dev/null | grep -q '"math_row"\|"math_ident"'; then
	"$PAISSCONV" "$TMP/math.md" -t html -o "$TMP/mml.html"
	check "math with the filter: MathML in the math span" \
		grep -qF '<span class="math inline"><math><semantics>' "$TMP/mml.html"
	check "math with the filter: block MathML" grep -qF '<math display="block">' "$TMP/mml.html"
	check "math with the filter: TeX kept as annotation" \
		grep -qF '<annotation encoding="application/x-tex">a_1 &lt; b</annotation>' "$TMP/mml.html"
	"$PAISSCONV" "$TMP/math.md" -t html -O html.math=tex -o "$TMP/tex2.html"
	check "html.math=tex: TeX even where the filter parsed it" \
		grep -qF '<span class="math inline">\(a_1 &lt; b\)</span>' "$TMP/tex2.html"
else
	echo "note: no math filter loaded; MathML output not checked"
fi

# 6. deep nesting costs no stack
awk 'BEGIN { for (i = 0; i < 100000; i++) printf ">"; print " deep" }' >"$TMP/deep.md"
if "$PAISSCONV" "$TMP/deep.md" -t html -o "$TMP/deep.html"; then
	check "100000 nested block quotes" test "$(grep -c '<blockquote>' "$TMP/deep.html")" -eq 100000
else
	fail "paissconv on 100000 nested block quotes"
fi
finish
