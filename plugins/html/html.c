/*
 * html.c -- the "html" writer.
 *
 * Without html.standalone an HTML fragment, written the way libcmark-gfm's
 * own renderer writes it (the same escaping, the same newlines, the same
 * markup for tables, task items and footnotes), so that the GFM spec's
 * expected HTML applies to it unchanged.  With html.standalone a complete
 * HTML5 page around it (page.c).
 *
 * The walk is one switch on (node type, enter/exit) over pcv_iter: no input
 * can make it recurse.  A node type it does not know is transparent: its
 * children are written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "../common/mathml.h"

static const pcv_option html_options[] = {
	{"standalone", PCV_OPT_BOOL, "false",
	 "a complete HTML5 page (head, title block, stylesheet) rather than a fragment"},
	{"heading-ids", PCV_OPT_BOOL, "true",
	 "give headings GitHub-style ids (\"my-title\", \"my-title-1\") so #anchors work"},
	{"raw", PCV_OPT_STRING, "safe",
	 "raw HTML: keep (as written), gfm (GFM tag filter), safe (drop scripts, "
	 "frames, forms, on* attributes and script URLs, with a warning), drop"},
	{"css", PCV_OPT_STRING, NULL,
	 "standalone: a stylesheet URL or path to link after the built-in one"},
	{"style", PCV_OPT_BOOL, "true", "standalone: embed the built-in stylesheet"},
	{"math", PCV_OPT_STRING, "mathml",
	 "mathml: MathML where the math filter parsed the TeX, TeX otherwise; "
	 "tex: always TeX, in <span class=\"math inline\">\\(..\\)</span> (for MathJax or "
	 "KaTeX); mathjax: TeX, and a standalone page loads MathJax to typeset it"},
	{"legend", PCV_OPT_BOOL, "true",
	 "standalone: a box after the title block with the emoji markers used, their "
	 "meaning and count (from the emoji-legend filter)"},
	{"index", PCV_OPT_BOOL, "false",
	 "a section at the end listing the blocks tagged with html.index-tags, linked"},
	{"index-tags", PCV_OPT_STRING, "question paper quote key-idea",
	 "the meanings (slugs, space-separated, or all) html.index lists, in this order"},
	{"mathjax-url", PCV_OPT_STRING,
	 "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml-full.js",
	 "with html.math=mathjax: the MathJax script to load"},
	{NULL, 0, NULL, NULL}
};

/* ------------------------------------------------------------------ */
/* Output and escaping                                                 */
/* ------------------------------------------------------------------ */

void *html_xmalloc(size_t size)
{
	return html_xrealloc(NULL, size);
}

void *html_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: html: out of memory\n", stderr);
		abort();
	}
	return p;
}

void html_put(html_writer *w, const char *s, size_t len)
{
	if (len == 0)
		return;
	pcv_out_write(w->out, s, len);
	w->last = s[len - 1];
}

void html_puts(html_writer *w, const char *s)
{
	html_put(w, s, strlen(s));
}

void html_cr(html_writer *w)
{
	if (w->last && w->last != '\n')
		html_put(w, "\n", 1);
}

void html_escape(html_writer *w, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			continue;
		}
		html_put(w, s + start, i - start);
		html_puts(w, rep);
		start = i + 1;
	}
	html_put(w, s + start, len - start);
}

void html_escape_str(html_writer *w, const char *s)
{
	if (s)
		html_escape(w, s, strlen(s));
}

/* The bytes a URL keeps as they are (libcmark-gfm's set). */
static int html_href_safe(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("-_.+!*(),%#@?=;:/$~", c) != NULL;
}

void html_escape_href(html_writer *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char enc[3];

		if (html_href_safe(c))
			continue;
		html_put(w, s + start, i - start);
		start = i + 1;
		if (c == '&') {
			html_puts(w, "&amp;");
		} else if (c == '\'') {
			html_puts(w, "&#x27;");
		} else {
			enc[0] = '%';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			html_put(w, enc, 3);
		}
	}
	html_put(w, s + start, len - start);
}

static void html_escape_href_str(html_writer *w, const char *s)
{
	if (s)
		html_escape_href(w, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

/* Whether the node's attribute key is written as an HTML attribute of
 * its own: data-* and lang pass; id, class and tag are handled apart. */
static int html_attr_passes(const char *key)
{
	if (strncmp(key, "data-", 5) == 0 && key[5]) {
		for (const char *p = key + 5; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			      *p == '_'))
				return 0;
		return 1;
	}
	return strcmp(key, "lang") == 0;
}

/* Writes the node's attributes as HTML attributes: id (the "id" attribute,
 * else the heading id the pre-pass gave), class (base, then the "class"
 * attribute, then "tag-" and the "tag" attribute), then data-* and lang. */
static void html_attrs(html_writer *w, const pcv_node *node, const char *base)
{
	const char *id = pcv_node_get_attr(node, "id");
	const char *cls = pcv_node_get_attr(node, "class");
	const char *tag = pcv_node_get_attr(node, "tag");
	size_t i, n = pcv_node_attr_count(node);

	if (!id && pcv_node_type(node) == PCV_NODE_HEADING) {
		const html_mark *m = html_find_mark(w, node);
		if (m)
			id = m->id;
	}
	if (!id)
		id = html_legend_id(w, node);
	if (id && *id) {
		html_puts(w, " id=\"");
		html_escape_str(w, id);
		html_puts(w, "\"");
	}
	if ((base && *base) || (cls && *cls) || (tag && *tag)) {
		int sep = 0;

		html_puts(w, " class=\"");
		if (base && *base) {
			html_escape_str(w, base);
			sep = 1;
		}
		if (cls && *cls) {
			html_puts(w, sep ? " " : "");
			html_escape_str(w, cls);
			sep = 1;
		}
		if (tag && *tag) {
			html_puts(w, sep ? " tag-" : "tag-");
			for (const char *p = tag; *p; p++)
				html_escape(w, *p == ' ' ? "-" : p, 1);
		}
		html_puts(w, "\"");
	}
	for (i = 0; i < n; i++) {
		const char *key, *value;

		if (!pcv_node_attr_at(node, i, &key, NULL) || !key || !html_attr_passes(key) ||
		    !pcv_node_attr_at(node, i, NULL, &value))
			continue;
		html_puts(w, " ");
		html_puts(w, key);
		html_puts(w, "=\"");
		html_escape_str(w, value ? value : "");
		html_puts(w, "\"");
	}
}

/* Whether the node carries anything html_attrs() would write. */
static int html_has_attrs(const pcv_node *node)
{
	size_t i, n = pcv_node_attr_count(node);

	for (i = 0; i < n; i++) {
		const char *key;

		if (pcv_node_attr_at(node, i, &key, NULL) && key &&
		    (strcmp(key, "id") == 0 || strcmp(key, "class") == 0 || strcmp(key, "tag") == 0 ||
		     html_attr_passes(key)))
			return 1;
	}
	return 0;
}

static void html_open(html_writer *w, const char *tag, const pcv_node *node, const char *base)
{
	html_puts(w, "<");
	html_puts(w, tag);
	html_attrs(w, node, base);
	html_puts(w, ">");
}

/* ------------------------------------------------------------------ */
/* Pieces                                                              */
/* ------------------------------------------------------------------ */

static int html_is_html_format(const pcv_node *node)
{
	const char *f = pcv_node_info(node);

	return !f || !*f || strcasecmp(f, "html") == 0 || strcasecmp(f, "html5") == 0;
}

/* Whether paragraphs in this item's list are written without <p>. */
static int html_tight(const pcv_node *para)
{
	const pcv_node *parent = pcv_node_parent(para);
	const pcv_node *grand = parent ? pcv_node_parent(parent) : NULL;

	return grand && pcv_node_type(grand) == PCV_NODE_LIST && pcv_node_list_tight(grand);
}

static void html_literal(html_writer *w, const pcv_node *node)
{
	const char *s = pcv_node_literal(node);

	if (s)
		html_escape(w, s, pcv_node_literal_len(node));
}

static void html_text(html_writer *w, const pcv_node *node)
{
	if (html_raw_dropping(w))
		return;
	html_literal(w, node);
}

/* The "back to the text" links at the end of a footnote. */
static void html_backrefs(html_writer *w, const html_note *note)
{
	char num[64];
	int k;

	for (k = 1; k <= note->refs; k++) {
		if (k > 1)
			html_puts(w, " ");
		html_puts(w, "<a href=\"#fnref-");
		html_escape_href_str(w, note->label);
		if (k > 1) {
			snprintf(num, sizeof num, "-%d", k);
			html_puts(w, num);
		}
		html_puts(w, "\" class=\"footnote-backref\" data-footnote-backref "
		             "aria-label=\"Back to content\">\xe2\x86\xa9");
		if (k > 1) {
			snprintf(num, sizeof num, "<sup class=\"footnote-ref\">%d</sup>", k);
			html_puts(w, num);
		}
		html_puts(w, "</a>");
	}
}

static const html_note *html_note_of(const html_writer *w, const pcv_node *def)
{
	const html_mark *m = html_find_mark(w, def);

	return m && m->note >= 0 ? &w->notes[m->note] : NULL;
}

static void html_footnote_ref(html_writer *w, const pcv_node *node)
{
	const html_mark *m = html_find_mark(w, node);
	const html_note *note;
	char num[32];

	if (!m || m->note < 0) {
		html_puts(w, "[^");
		html_escape_str(w, pcv_node_label(node));
		html_puts(w, "]");
		return;
	}
	note = &w->notes[m->note];
	html_puts(w, "<sup class=\"footnote-ref\"><a href=\"#fn-");
	html_escape_href_str(w, note->label);
	html_puts(w, "\" id=\"fnref-");
	html_escape_href_str(w, note->label);
	if (m->ref_ix > 1) {
		snprintf(num, sizeof num, "-%d", m->ref_ix);
		html_puts(w, num);
	}
	snprintf(num, sizeof num, "\" data-footnote-ref>%d</a></sup>", note->number);
	html_puts(w, num);
}

/* TeX in pandoc's markup: \(..\) or \[..\] inside a span or div. */
static void html_math_tex(html_writer *w, const pcv_node *node, int display, int block)
{
	html_puts(w, block ? "<div" : "<span");
	html_attrs(w, node, display ? "math display" : "math inline");
	html_puts(w, display ? ">\\[" : ">\\(");
	html_literal(w, node);
	html_puts(w, display ? "\\]" : "\\)");
	html_puts(w, block ? "</div>" : "</span>");
}

/* ------------------------------------------------------------------ */
/* MathML, for math the math filter parsed                             */
/* ------------------------------------------------------------------ */

/* An element being written: one with a fixed number of children (mfrac,
 * msub, ...) is padded with <mrow></mrow> or has its children from the
 * arity-th on grouped in one <mrow>, as the epub writer does, so that the
 * MathML is valid whatever tree it is given. */
typedef struct html_mframe {
	const char *tag;
	int arity;   /* the children it must have, 0: any */
	int kids;    /* the children it has, empty slots left out */
	int written; /* those written so far */
} html_mframe;

/* A child of f starts. */
static void html_mchild(html_writer *w, html_mframe *f)
{
	if (f->arity && ++f->written == f->arity && f->kids > f->arity)
		html_puts(w, "<mrow>");
}

static void html_mend(html_writer *w, html_mframe *f)
{
	if (f->arity && f->kids > f->arity)
		html_puts(w, "</mrow>");
	for (int k = f->written; k < f->arity; k++)
		html_puts(w, "<mrow></mrow>");
	html_puts(w, "</");
	html_puts(w, f->tag);
	html_puts(w, ">");
}

static void html_mathml_open(html_writer *w, const pcv_node *node, html_mframe *f)
{
	pcvc_mattr a[PCVC_MATH_ATTRS];
	char buf[32];

	f->tag = pcvc_math_tag(node, &f->arity);
	f->kids = 0;
	f->written = 0;
	for (const pcv_node *c = pcv_node_first_child(node); c; c = pcv_node_next(c))
		f->kids += !pcvc_math_absent(c);
	html_puts(w, "<");
	html_puts(w, f->tag);
	for (size_t i = 0, n = pcvc_math_attrs(node, f->tag, a, buf); i < n; i++) {
		html_puts(w, " ");
		html_puts(w, a[i].name);
		html_puts(w, "=\"");
		html_escape_str(w, a[i].value);
		html_puts(w, "\"");
	}
	html_puts(w, ">");
}

/* Math with parsed children as <math>, its TeX as annotation. */
static void html_mathml(html_writer *w, pcv_node *math, int display, int block)
{
	pcv_iter it;
	pcv_event ev;
	size_t depth = 1, cap = 64;
	html_mframe *stack = html_xmalloc(cap * sizeof *stack);

	html_puts(w, block ? "<div" : "<span");
	html_attrs(w, math, display ? "math display" : "math inline");
	html_puts(w, ">");
	html_puts(w, display ? "<math display=\"block\"><semantics><mrow>" : "<math><semantics><mrow>");
	stack[0] = (html_mframe){"mrow", 0, 0, 0};
	pcv_iter_init(&it, math);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;

		if (n == math)
			continue;
		if (pcvc_math_absent(n)) {
			/* msub, msup, munder, mover, msqrt: the empty slot is left out */
			if (ev == PCV_EVENT_ENTER)
				pcv_iter_skip_children(&it);
			continue;
		}
		if (!PCV_NODE_IS_MATH(pcv_node_type(n))) {
			/* not math: write its text, as mtext */
			if (ev == PCV_EVENT_ENTER) {
				pcv_iter_skip_children(&it);
				html_mchild(w, &stack[depth - 1]);
				html_puts(w, "<mtext>");
				html_escape_str(w, pcv_node_text(n));
				html_puts(w, "</mtext>");
			}
			continue;
		}
		if (ev == PCV_EVENT_ENTER) {
			html_mchild(w, &stack[depth - 1]);
			if (depth == cap) {
				cap *= 2;
				stack = html_xrealloc(stack, cap * sizeof *stack);
			}
			html_mathml_open(w, n, &stack[depth++]);
			html_literal(w, n);
		} else {
			html_mend(w, &stack[--depth]);
		}
	}
	free(stack);
	html_puts(w, "</mrow><annotation encoding=\"application/x-tex\">");
	html_literal(w, math);
	html_puts(w, "</annotation></semantics></math>");
	html_puts(w, block ? "</div>" : "</span>");
}

static void html_math(html_writer *w, pcv_node *node, int display, int block)
{
	if (w->math_mathml && pcv_node_first_child(node))
		html_mathml(w, node, display, block);
	else
		html_math_tex(w, node, display, block);
}

static int html_inline_math_display(const pcv_node *node)
{
	const char *d = pcv_node_get_attr(node, "display");

	return d && (strcmp(d, "true") == 0 || strcmp(d, "block") == 0);
}

/* Inside an image's alt attribute: text only. */
static void html_plain(html_writer *w, pcv_iter *it)
{
	pcv_node *node = it->node;

	switch (pcv_node_type(node)) {
	case PCV_NODE_TEXT:
	case PCV_NODE_CODE:
	case PCV_NODE_RAW_INLINE:
	case PCV_NODE_EMOJI:
		html_literal(w, node);
		break;
	case PCV_NODE_INLINE_MATH:
	case PCV_NODE_DISPLAY_MATH:
		html_literal(w, node);
		pcv_iter_skip_children(it);
		break;
	case PCV_NODE_SOFTBREAK:
	case PCV_NODE_LINEBREAK:
		html_puts(w, " ");
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

static void html_table_row(html_writer *w, const pcv_node *row, int entering)
{
	const pcv_node *prev = pcv_node_prev(row);

	if (entering) {
		html_cr(w);
		if (pcv_node_is_header(row)) {
			html_puts(w, "<thead>");
			html_cr(w);
		} else if (!prev || pcv_node_is_header(prev)) {
			html_puts(w, "<tbody>");
			html_cr(w);
		}
		html_open(w, "tr", row, NULL);
	} else {
		html_cr(w);
		html_puts(w, "</tr>");
		if (pcv_node_is_header(row)) {
			html_cr(w);
			html_puts(w, "</thead>");
		}
	}
}

static void html_table_cell(html_writer *w, const pcv_node *cell, int entering)
{
	const pcv_node *row = pcv_node_parent(cell);
	int head = row && pcv_node_type(row) == PCV_NODE_TABLE_ROW && pcv_node_is_header(row);

	if (!entering) {
		html_raw_end_block(w);
		html_puts(w, head ? "</th>" : "</td>");
		return;
	}
	html_cr(w);
	html_puts(w, head ? "<th" : "<td");
	switch (pcv_node_align(cell)) {
	case PCV_ALIGN_LEFT:
		html_puts(w, " align=\"left\"");
		break;
	case PCV_ALIGN_CENTER:
		html_puts(w, " align=\"center\"");
		break;
	case PCV_ALIGN_RIGHT:
		html_puts(w, " align=\"right\"");
		break;
	default:
		break;
	}
	html_attrs(w, cell, NULL);
	html_puts(w, ">");
}

static void html_table(html_writer *w, const pcv_node *table, int entering)
{
	if (entering) {
		html_cr(w);
		html_open(w, "table", table, NULL);
		return;
	}
	for (const pcv_node *r = pcv_node_first_child(table); r; r = pcv_node_next(r))
		if (pcv_node_type(r) == PCV_NODE_TABLE_ROW && !pcv_node_is_header(r)) {
			html_cr(w);
			html_puts(w, "</tbody>");
			html_cr(w);
			break;
		}
	html_cr(w);
	html_puts(w, "</table>");
	html_cr(w);
}

static void html_list(html_writer *w, const pcv_node *node, int entering)
{
	int ordered = pcv_node_list_type(node) == PCV_LIST_ORDERED;
	char buf[48];

	if (!entering) {
		html_puts(w, ordered ? "</ol>\n" : "</ul>\n");
		return;
	}
	html_cr(w);
	if (!ordered) {
		html_puts(w, "<ul");
	} else if (pcv_node_list_start(node) == 1) {
		html_puts(w, "<ol");
	} else {
		snprintf(buf, sizeof buf, "<ol start=\"%d\"", pcv_node_list_start(node));
		html_puts(w, buf);
	}
	html_attrs(w, node, NULL);
	html_puts(w, ">\n");
}

static void html_code_block(html_writer *w, const pcv_node *node)
{
	const char *info = pcv_node_info(node);
	size_t n = 0;

	html_cr(w);
	html_open(w, "pre", node, NULL);
	if (info)
		while (info[n] && !strchr(" \t\n\v\f\r", info[n]))
			n++;
	if (n) {
		html_puts(w, "<code class=\"language-");
		html_escape(w, info, n);
		html_puts(w, "\">");
	} else {
		html_puts(w, "<code>");
	}
	html_literal(w, node);
	html_puts(w, "</code></pre>\n");
}

static void html_heading(html_writer *w, const pcv_node *node, int entering)
{
	int level = pcv_node_heading_level(node);
	char tag[4] = "h1";

	if (level < 1 || level > 6)
		level = level < 1 ? 1 : 6;
	tag[1] = (char)('0' + level);
	if (node == w->title_heading)
		return;
	if (entering) {
		html_cr(w);
		html_open(w, tag, node, NULL);
	} else {
		html_raw_end_block(w);
		html_puts(w, "</");
		html_puts(w, tag);
		html_puts(w, ">\n");
	}
}

static void html_paragraph(html_writer *w, const pcv_node *node, int entering)
{
	const pcv_node *parent = pcv_node_parent(node);

	if (!entering)
		html_raw_end_block(w);
	if (html_tight(node))
		return;
	if (entering) {
		html_cr(w);
		html_open(w, "p", node, NULL);
		return;
	}
	if (parent && pcv_node_type(parent) == PCV_NODE_FOOTNOTE_DEF && !pcv_node_next(node)) {
		const html_note *note = html_note_of(w, parent);

		if (note && note->refs) {
			html_puts(w, " ");
			html_backrefs(w, note);
		}
	}
	html_puts(w, "</p>\n");
}

static void html_link(html_writer *w, const pcv_node *node, int entering)
{
	const char *url = pcv_node_url(node);
	const char *title = pcv_node_title(node);
	int image = pcv_node_type(node) == PCV_NODE_IMAGE;

	if (w->raw == HTML_RAW_SAFE && url && !html_url_safe(url, image)) {
		if (entering)
			pcv_report_node(w->ctx, PCV_WARNING, node,
			                "html: unsafe %s URL '%.40s' left out (html.raw=safe)",
			                image ? "image" : "link", url);
		url = NULL;
	}
	if (!image) {
		if (!entering) {
			html_puts(w, "</a>");
			return;
		}
		html_puts(w, "<a href=\"");
		html_escape_href_str(w, url);
		if (title && *title) {
			html_puts(w, "\" title=\"");
			html_escape_str(w, title);
		}
		html_puts(w, "\"");
		html_attrs(w, node, NULL);
		html_puts(w, ">");
		return;
	}
	if (entering) {
		html_puts(w, "<img src=\"");
		html_escape_href_str(w, url);
		html_puts(w, "\" alt=\"");
		w->plain = node;
		return;
	}
	w->plain = NULL;
	if (title && *title) {
		html_puts(w, "\" title=\"");
		html_escape_str(w, title);
	}
	html_puts(w, "\"");
	html_attrs(w, node, NULL);
	html_puts(w, " />");
}

/* One event of the walk. */
static void html_event(html_writer *w, pcv_iter *it, int entering, int notes)
{
	pcv_node *node = it->node;
	int type = pcv_node_type(node);
	const html_note *note;

	switch (type) {
	case PCV_NODE_DOCUMENT:
		break;
	case PCV_NODE_HEADING:
		if (node == w->title_heading && entering)
			pcv_iter_skip_children(it);
		html_heading(w, node, entering);
		break;
	case PCV_NODE_PARAGRAPH:
		html_paragraph(w, node, entering);
		break;
	case PCV_NODE_BLOCK_QUOTE:
		html_cr(w);
		if (entering) {
			html_open(w, "blockquote", node, NULL);
			html_puts(w, "\n");
		} else {
			html_puts(w, "</blockquote>\n");
		}
		break;
	case PCV_NODE_LIST:
		html_list(w, node, entering);
		break;
	case PCV_NODE_ITEM:
		if (!entering) {
			html_puts(w, "</li>\n");
			break;
		}
		html_cr(w);
		html_open(w, "li", node, NULL);
		if (pcv_node_task(node) == PCV_TASK_DONE)
			html_puts(w, "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ");
		else if (pcv_node_task(node) == PCV_TASK_OPEN)
			html_puts(w, "<input type=\"checkbox\" disabled=\"\" /> ");
		break;
	case PCV_NODE_CODE_BLOCK:
		if (entering) {
			pcv_iter_skip_children(it);
			html_code_block(w, node);
		}
		break;
	case PCV_NODE_RAW_BLOCK:
		if (entering) {
			pcv_iter_skip_children(it);
			if (!html_is_html_format(node))
				break;
			html_cr(w);
			html_raw(w, node, pcv_node_literal(node), pcv_node_literal_len(node));
			html_raw_end_block(w);
			html_cr(w);
		}
		break;
	case PCV_NODE_THEMATIC_BREAK:
		if (entering) {
			html_cr(w);
			html_puts(w, "<hr");
			html_attrs(w, node, NULL);
			html_puts(w, " />\n");
		}
		break;
	case PCV_NODE_TABLE:
		html_table(w, node, entering);
		break;
	case PCV_NODE_TABLE_ROW:
		html_table_row(w, node, entering);
		break;
	case PCV_NODE_TABLE_CELL:
		html_table_cell(w, node, entering);
		break;
	case PCV_NODE_DISPLAY_MATH:
		if (entering) {
			pcv_iter_skip_children(it);
			html_cr(w);
			html_math(w, node, 1, 1);
			html_puts(w, "\n");
		}
		break;
	case PCV_NODE_FOOTNOTE_DEF:
		if (!notes) {
			/* written at the end, in the footnotes section */
			if (entering)
				pcv_iter_skip_children(it);
			break;
		}
		note = html_note_of(w, node);
		if (entering) {
			html_puts(w, "<li id=\"fn-");
			html_escape_href_str(w, note ? note->label : pcv_node_label(node));
			html_puts(w, "\">\n");
			break;
		}
		if (note && note->refs) {
			const pcv_node *lastc = pcv_node_last_child(node);

			if (!lastc || pcv_node_type(lastc) != PCV_NODE_PARAGRAPH ||
			    html_tight(lastc)) {
				html_backrefs(w, note);
				html_puts(w, "\n");
			}
		}
		html_puts(w, "</li>\n");
		break;
	case PCV_NODE_DIV:
		html_cr(w);
		if (entering) {
			html_open(w, "div", node, NULL);
			html_puts(w, "\n");
		} else {
			html_puts(w, "</div>\n");
		}
		break;

	case PCV_NODE_TEXT:
		if (!entering)
			break;
		if (html_has_attrs(node)) {
			html_open(w, "span", node, NULL);
			html_text(w, node);
			html_puts(w, "</span>");
		} else {
			html_text(w, node);
		}
		break;
	case PCV_NODE_SOFTBREAK:
		if (entering)
			html_puts(w, "\n");
		break;
	case PCV_NODE_LINEBREAK:
		if (entering)
			html_puts(w, "<br />\n");
		break;
	case PCV_NODE_CODE:
		if (entering) {
			html_open(w, "code", node, NULL);
			html_literal(w, node);
			html_puts(w, "</code>");
		}
		break;
	case PCV_NODE_RAW_INLINE:
		if (entering && html_is_html_format(node))
			html_raw(w, node, pcv_node_literal(node), pcv_node_literal_len(node));
		break;
	case PCV_NODE_EMPH:
		if (entering)
			html_open(w, "em", node, NULL);
		else
			html_puts(w, "</em>");
		break;
	case PCV_NODE_STRONG:
		if (entering)
			html_open(w, "strong", node, NULL);
		else
			html_puts(w, "</strong>");
		break;
	case PCV_NODE_STRIKETHROUGH:
		if (entering)
			html_open(w, "del", node, NULL);
		else
			html_puts(w, "</del>");
		break;
	case PCV_NODE_LINK:
	case PCV_NODE_IMAGE:
		html_link(w, node, entering);
		break;
	case PCV_NODE_INLINE_MATH:
		if (entering) {
			pcv_iter_skip_children(it);
			html_math(w, node, html_inline_math_display(node), 0);
		}
		break;
	case PCV_NODE_FOOTNOTE_REF:
		if (entering)
			html_footnote_ref(w, node);
		break;
	case PCV_NODE_EMOJI:
		if (!entering)
			break;
		if (html_has_attrs(node)) {
			html_open(w, "span", node, "emoji");
			html_text(w, node);
			html_puts(w, "</span>");
		} else {
			html_text(w, node);
		}
		break;
	case PCV_NODE_SPAN:
		if (entering)
			html_open(w, "span", node, NULL);
		else
			html_puts(w, "</span>");
		break;
	default:
		/* math outside math, unknown and user types: their text, if any,
		 * and their children */
		if (entering && PCV_NODE_IS_MATH(type))
			html_text(w, node);
		break;
	}
}

static void html_walk(html_writer *w, pcv_node *root, int notes)
{
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (w->plain && it.node != w->plain) {
			if (ev == PCV_EVENT_ENTER)
				html_plain(w, &it);
			continue;
		}
		html_event(w, &it, ev == PCV_EVENT_ENTER, notes);
	}
}

void html_render(html_writer *w, pcv_node *root)
{
	size_t i;

	html_walk(w, root, 0);
	if (w->nnotes == 0)
		return;
	html_cr(w);
	html_puts(w, "<section class=\"footnotes\" data-footnotes>\n<ol>\n");
	for (i = 0; i < w->nnotes; i++)
		html_walk(w, w->notes[i].def, 1);
	html_puts(w, "</ol>\n</section>\n");
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */
/* ------------------------------------------------------------------ */

static int html_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	html_writer w;
	const char *raw = pcv_option_string(ctx, "html.raw");
	const char *math = pcv_option_string(ctx, "html.math");
	int standalone = pcv_option_bool(ctx, "html.standalone");

	(void)data;
	memset(&w, 0, sizeof w);
	w.ctx = ctx;
	w.doc = doc;
	w.out = out;
	w.heading_ids = pcv_option_bool(ctx, "html.heading-ids");
	w.raw = HTML_RAW_KEEP;
	w.math_mathml = 1;
	if (raw && strcmp(raw, "gfm") == 0)
		w.raw = HTML_RAW_GFM;
	else if (raw && strcmp(raw, "safe") == 0)
		w.raw = HTML_RAW_SAFE;
	else if (raw && strcmp(raw, "drop") == 0)
		w.raw = HTML_RAW_DROP;
	else if (raw && strcmp(raw, "keep") != 0)
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0,
		           "html: html.raw=%s is not keep, gfm, safe or drop; keeping raw HTML", raw);
	if (math && strcmp(math, "tex") == 0) {
		w.math_mathml = 0;
	} else if (math && strcmp(math, "mathjax") == 0) {
		w.math_mathml = 0;
		w.mathjax = 1;
	} else if (math && strcmp(math, "mathml") != 0) {
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0,
		           "html: html.math=%s is not mathml, tex or mathjax; writing MathML", math);
	}

	if (standalone)
		html_set_add(&w.ids, "title-block-header");
	html_prepare(&w, pcv_doc_root(doc));
	html_legend_prepare(&w);
	if (standalone)
		html_page_begin(&w);
	html_render(&w, pcv_doc_root(doc));
	html_legend_index(&w);
	if (standalone)
		html_page_end(&w);
	html_legend_free(&w);
	html_cleanup(&w);
	return 0;
}

static const pcv_writer html_writer_cap = {
	sizeof(pcv_writer),
	"html",
	"html htm",
	"HTML: a fragment as libcmark-gfm writes it, or a standalone HTML5 page",
	html_options,
	html_write,
	NULL,
	0
};

static int html_init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &html_writer_cap) ? 0 : 1;
}

PCV_PLUGIN("html", "1.0", "HTML writer", html_init);
