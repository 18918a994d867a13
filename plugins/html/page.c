/*
 * page.c -- the standalone page of the html writer (html.standalone).
 *
 * An HTML5 document: <title> from the metadata title, else the first
 * heading, else the input's file name; lang from the metadata; author,
 * date and keywords as <meta>; a title block (title, subtitle, authors,
 * date) when the metadata has a title; a small stylesheet for screen and
 * paper, or none (html.style=false), and html.css linked after it.
 */
#include <string.h>

#include "html.h"

static const char html_stylesheet[] =
	":root {\n"
	"  --text: #1d1f21; --muted: #5c6166; --rule: #d0d4d9; --accent: #1f5fa8;\n"
	"  --code-bg: #f4f5f7; --quote: #8a949e; --mark: #fff4c2;\n"
	"}\n"
	"html { font-size: 100%; -webkit-text-size-adjust: 100%; }\n"
	"body {\n"
	"  margin: 0 auto; max-width: 44em; padding: 2em 1.5em 4em;\n"
	"  font-family: Georgia, \"DejaVu Serif\", \"Noto Serif\", serif;\n"
	"  font-size: 1.05rem; line-height: 1.55; color: var(--text); background: #fff;\n"
	"  hyphens: auto; overflow-wrap: break-word;\n"
	"}\n"
	"h1, h2, h3, h4, h5, h6 {\n"
	"  font-family: \"Helvetica Neue\", Arial, \"DejaVu Sans\", sans-serif;\n"
	"  line-height: 1.25; margin: 1.6em 0 0.6em; break-after: avoid; page-break-after: avoid;\n"
	"}\n"
	"h1 { font-size: 1.9em; } h2 { font-size: 1.5em; border-bottom: 1px solid var(--rule);\n"
	"  padding-bottom: 0.2em; }\n"
	"h3 { font-size: 1.25em; } h4 { font-size: 1.1em; } h5, h6 { font-size: 1em; }\n"
	"h6 { color: var(--muted); }\n"
	"p, ul, ol, dl, table, pre, blockquote, figure { margin: 0 0 1em; }\n"
	"a { color: var(--accent); text-decoration: none; }\n"
	"a:hover, a:focus { text-decoration: underline; }\n"
	"img, svg, video { max-width: 100%; height: auto; }\n"
	"hr { border: 0; border-top: 1px solid var(--rule); margin: 2em 0; }\n"
	"ul, ol { padding-left: 1.8em; }\n"
	"li > ul, li > ol { margin-bottom: 0; }\n"
	"li > p { margin: 0.3em 0; }\n"
	"li:has(> input[type=checkbox]) { list-style: none; }\n"
	"li > input[type=checkbox] {\n"
	"  appearance: none; -webkit-appearance: none; position: relative;\n"
	"  width: 0.95em; height: 0.95em; margin: 0 0.45em 0 -1.4em; vertical-align: -0.12em;\n"
	"  border: 1.5px solid #6b737b; border-radius: 3px; background: #fff;\n"
	"  print-color-adjust: exact; -webkit-print-color-adjust: exact;\n"
	"}\n"
	"li > input[type=checkbox]:checked { background: #2f7d45; border-color: #2f7d45; }\n"
	"li > input[type=checkbox]:checked::after {\n"
	"  content: \"\"; position: absolute; left: 0.27em; top: 0.06em; width: 0.25em;\n"
	"  height: 0.5em; border: solid #fff; border-width: 0 0.13em 0.13em 0; transform: rotate(45deg);\n"
	"}\n"
	"blockquote {\n"
	"  margin-left: 0; padding: 0.1em 1em; border-left: 4px solid var(--rule);\n"
	"  color: #3b4046;\n"
	"}\n"
	"blockquote > :last-child { margin-bottom: 0; }\n"
	"code, kbd, samp, pre {\n"
	"  font-family: \"DejaVu Sans Mono\", Menlo, Consolas, \"Liberation Mono\", monospace;\n"
	"  font-size: 0.88em;\n"
	"}\n"
	"code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }\n"
	"pre {\n"
	"  background: var(--code-bg); padding: 0.8em 1em; border-radius: 4px;\n"
	"  overflow-x: auto; line-height: 1.4; tab-size: 4;\n"
	"}\n"
	"pre code { background: none; padding: 0; font-size: 1em; white-space: pre; }\n"
	"table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%;\n"
	"  font-size: 0.95em; }\n"
	"th, td { border: 1px solid var(--rule); padding: 0.35em 0.7em; vertical-align: top; }\n"
	"th:not([align]) { text-align: left; }\n"
	"thead th { background: var(--code-bg); border-bottom: 2px solid #b8bec5; }\n"
	"tbody tr:nth-child(even) { background: #fafbfc; }\n"
	"del { color: var(--muted); }\n"
	".math.display { display: block; margin: 1em 0 1em 1.5em; overflow-x: auto;\n"
	"  overflow-y: hidden; }\n"
	"div.math.display { white-space: pre-wrap; }\n"
	"span.math:not(:has(> math)), div.math:not(:has(> math)) {\n"
	"  font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace; font-size: 0.86em;\n"
	"  color: #2b3a4a; }\n"
	"div.math:has(> math) { margin-left: 0; padding: 0.2em 0; }\n"
	"math { font-family: \"Latin Modern Math\", \"STIX Two Math\", \"Cambria Math\", math; }\n"
	"sup.footnote-ref { line-height: 0; }\n"
	"sup.footnote-ref a { padding: 0 0.1em; }\n"
	"section.footnotes {\n"
	"  margin-top: 3em; padding-top: 1em; border-top: 1px solid var(--rule);\n"
	"  font-size: 0.9em; color: #33383d;\n"
	"}\n"
	"section.footnotes ol { padding-left: 1.5em; }\n"
	"a.footnote-backref { margin-left: 0.2em; font-family: sans-serif; }\n"
	":target { background: var(--mark); }\n"
	"header#title-block-header { margin-bottom: 2.5em; text-align: center; }\n"
	"header#title-block-header .title { margin: 0.2em 0; font-size: 2.2em; border: 0; }\n"
	"header#title-block-header .subtitle { margin: 0.2em 0; font-size: 1.25em;\n"
	"  color: var(--muted); }\n"
	"header#title-block-header .author, header#title-block-header .date {\n"
	"  margin: 0.2em 0; color: var(--muted); }\n"
	"[class^=\"tag-\"], [class*=\" tag-\"] { border-left: 3px solid var(--rule);\n"
	"  padding-left: 0.6em; }\n"
	"p[class^=\"tag-\"], p[class*=\" tag-\"], li[class^=\"tag-\"], li[class*=\" tag-\"] {\n"
	"  margin-left: -0.9em; }\n"
	".tag-paper { border-left-color: #6c8ebf; }\n"
	".tag-question { border-left-color: #d79b00; }\n"
	".tag-quote { border-left-color: #9673a6; font-style: italic; }\n"
	".tag-key-idea, .tag-key, .tag-idea { border-left-color: #d6b656; background: #fffbe6; }\n"
	".tag-look-into, .tag-todo { border-left-color: #82b366; }\n"
	".tag-practical { border-left-color: #b85450; }\n"
	"span[class^=\"tag-\"], span[class*=\" tag-\"], .emoji { border: 0; padding: 0;\n"
	"  margin: 0; background: none; }\n"
	".legend table { font-size: 0.9em; }\n"
	"@media (max-width: 600px) {\n"
	"  body { padding: 1em 0.9em 3em; font-size: 1rem; }\n"
	"}\n"
	"@media print {\n"
	"  @page { margin: 2cm 1.8cm; }\n"
	"  body { max-width: none; padding: 0; font-size: 11pt; line-height: 1.4;\n"
	"    color: #000; background: #fff; }\n"
	"  a { color: inherit; text-decoration: underline; text-decoration-color: #999; }\n"
	"  a[href^=\"http\"]::after { content: \" <\" attr(href) \">\"; font-size: 0.8em;\n"
	"    color: #555; overflow-wrap: anywhere; }\n"
	"  a.footnote-backref { display: none; }\n"
	"  pre, code, thead th { background: #f6f6f6; }\n"
	"  pre { white-space: pre-wrap; border: 1px solid #ddd; }\n"
	"  pre, blockquote, table, figure, img, .math.display { break-inside: avoid;\n"
	"    page-break-inside: avoid; }\n"
	"  table { display: table; overflow: visible; }\n"
	"  tr, li { break-inside: avoid; page-break-inside: avoid; }\n"
	"  p, li { orphans: 3; widows: 3; }\n"
	"  :target { background: none; }\n"
	"}\n";

/* Each string of a metadata value (a string, or the strings of a list). */
static size_t html_meta_strings(pcv_doc *doc, const char *key, const char **out, size_t max)
{
	pcv_meta *v = pcv_meta_get(pcv_doc_meta(doc), key);
	size_t i, n = 0;

	if (!v)
		return 0;
	if (pcv_meta_kind_of(v) == PCV_META_STRING) {
		if (max && pcv_meta_string(v) && *pcv_meta_string(v))
			out[n++] = pcv_meta_string(v);
		return n;
	}
	if (pcv_meta_kind_of(v) != PCV_META_LIST)
		return 0;
	for (i = 0; i < pcv_meta_count(v) && n < max; i++) {
		pcv_meta *e = pcv_meta_at(v, i, NULL);
		const char *s = NULL;

		if (pcv_meta_kind_of(e) == PCV_META_STRING)
			s = pcv_meta_string(e);
		else if (pcv_meta_kind_of(e) == PCV_META_MAP && pcv_meta_get(e, "name"))
			s = pcv_meta_string(pcv_meta_get(e, "name"));
		if (s && *s)
			out[n++] = s;
	}
	return n;
}

static const char *html_meta(pcv_doc *doc, const char *key)
{
	const char *s = pcv_doc_meta_string(doc, key);

	return s && *s ? s : NULL;
}

/* The page title when the metadata has none. */
static const char *html_fallback_title(html_writer *w)
{
	pcv_iter it;
	pcv_event ev;
	const char *name, *base, *dot;

	pcv_iter_init(&it, pcv_doc_root(w->doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev != PCV_EVENT_ENTER)
			continue;
		if (pcv_node_type(it.node) == PCV_NODE_HEADING) {
			const char *t = pcv_node_text(it.node);
			if (t && *t)
				return t;
		}
		if (pcv_node_type(it.node) == PCV_NODE_FOOTNOTE_DEF)
			pcv_iter_skip_children(&it);
	}
	name = pcv_doc_source_at(w->doc, 1, NULL);
	if (!name || !*name || strcmp(name, "-") == 0 || strcmp(name, "<stdin>") == 0)
		return "Untitled";
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	return pcv_doc_strndup(w->doc, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

void html_page_begin(html_writer *w)
{
	pcv_doc *doc = w->doc;
	const char *title = html_meta(doc, "title");
	const char *subtitle = html_meta(doc, "subtitle");
	const char *lang = html_meta(doc, "lang");
	const char *date = html_meta(doc, "date");
	const char *keywords = html_meta(doc, "keywords");
	const char *desc = html_meta(doc, "description");
	const char *css = pcv_option_string(w->ctx, "html.css");
	const char *authors[64], *id = NULL;
	pcv_node *first;
	size_t nauthors = html_meta_strings(doc, "author", authors, 64), i;

	if (!lang)
		lang = html_meta(doc, "language");
	html_puts(w, "<!DOCTYPE html>\n<html");
	if (lang) {
		html_puts(w, " lang=\"");
		html_escape_str(w, lang);
		html_puts(w, "\"");
	}
	html_puts(w, ">\n<head>\n<meta charset=\"utf-8\" />\n");
	html_puts(w, "<meta name=\"generator\" content=\"paissconv ");
	html_escape_str(w, pcv_version());
	html_puts(w, "\" />\n");
	html_puts(w, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
	for (i = 0; i < nauthors; i++) {
		html_puts(w, "<meta name=\"author\" content=\"");
		html_escape_str(w, authors[i]);
		html_puts(w, "\" />\n");
	}
	if (date) {
		html_puts(w, "<meta name=\"dcterms.date\" content=\"");
		html_escape_str(w, date);
		html_puts(w, "\" />\n");
	}
	if (keywords) {
		html_puts(w, "<meta name=\"keywords\" content=\"");
		html_escape_str(w, keywords);
		html_puts(w, "\" />\n");
	}
	if (desc) {
		html_puts(w, "<meta name=\"description\" content=\"");
		html_escape_str(w, desc);
		html_puts(w, "\" />\n");
	}
	html_puts(w, "<title>");
	html_escape_str(w, title ? title : html_fallback_title(w));
	html_puts(w, "</title>\n");
	if (pcv_option_bool(w->ctx, "html.style")) {
		html_puts(w, "<style>\n");
		html_puts(w, html_stylesheet);
		html_puts(w, "</style>\n");
		html_legend_style(w);
	}
	if (w->mathjax) {
		const char *url = pcv_option_string(w->ctx, "html.mathjax-url");

		html_puts(w, "<script defer src=\"");
		html_escape_href(w, url ? url : "", url ? strlen(url) : 0);
		html_puts(w, "\"></script>\n");
	}
	if (css && *css) {
		html_puts(w, "<link rel=\"stylesheet\" href=\"");
		html_escape_href(w, css, strlen(css));
		html_puts(w, "\" />\n");
	}
	html_puts(w, "</head>\n<body>\n");
	if (!title) {
		html_legend_box(w);
		return;
	}
	/* a first heading that repeats the title becomes the title, so that
	 * the page does not say it twice; its id stays for #anchors */
	first = pcv_node_first_child(pcv_doc_root(doc));
	if (first && pcv_node_type(first) == PCV_NODE_HEADING &&
	    pcv_node_heading_level(first) == 1 && pcv_node_text(first) &&
	    strcmp(pcv_node_text(first), title) == 0) {
		const html_mark *m = html_find_mark(w, first);

		w->title_heading = first;
		id = pcv_node_get_attr(first, "id");
		if (!id && m)
			id = m->id;
	}
	html_puts(w, "<header id=\"title-block-header\">\n<h1 class=\"title\"");
	if (id && *id) {
		html_puts(w, " id=\"");
		html_escape_str(w, id);
		html_puts(w, "\"");
	}
	html_puts(w, ">");
	html_escape_str(w, title);
	html_puts(w, "</h1>\n");
	if (subtitle) {
		html_puts(w, "<p class=\"subtitle\">");
		html_escape_str(w, subtitle);
		html_puts(w, "</p>\n");
	}
	for (i = 0; i < nauthors; i++) {
		html_puts(w, "<p class=\"author\">");
		html_escape_str(w, authors[i]);
		html_puts(w, "</p>\n");
	}
	if (date) {
		html_puts(w, "<p class=\"date\">");
		html_escape_str(w, date);
		html_puts(w, "</p>\n");
	}
	html_puts(w, "</header>\n");
	html_legend_box(w);
}

void html_page_end(html_writer *w)
{
	html_cr(w);
	html_puts(w, "</body>\n</html>\n");
}
