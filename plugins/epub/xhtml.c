/*
 * xhtml.c -- one chapter of the book as an XHTML document.
 *
 * The chapter's top-level blocks are walked with pcv_iter; each node's
 * ENTER pushes a frame on an explicit stack (the element its children go
 * into: a new one, or its parent's for nodes that make none) and its EXIT
 * pops it, so depth costs heap, never C stack.  Raw HTML may push frames
 * of its own (an element opened by "<div>" in one raw node and closed by
 * "</div>" in a later one); those are closed at the latest when the node
 * that holds them ends.
 *
 * Every string that reaches the tree goes through epub_clean(): invalid
 * UTF-8 and the control characters XML forbids become U+FFFD.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "epub.h"

/* ------------------------------------------------------------------ */
/* Text and elements                                                   */
/* ------------------------------------------------------------------ */

static int epub_xml_char(utf8proc_int32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* The length of the start of s that an XML document may hold as it is:
 * valid UTF-8, no controls but tab, newline and return. */
static size_t epub_clean_prefix(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t u;
		utf8proc_ssize_t n;

		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				break;
			i++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &u);
		if (n <= 0 || !epub_xml_char(u))
			break;
		i += (size_t)n;
	}
	return i;
}

char *epub_clean(const char *s, size_t len)
{
	size_t i = epub_clean_prefix(s, len);
	epub_buf b = {0};

	if (i == len) {
		char *r = epub_xmalloc(len + 1);

		memcpy(r, s, len);
		r[len] = 0;
		return r;
	}
	epub_buf_put(&b, s, i);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);

		if (n <= 0) {
			epub_buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		} else if (!epub_xml_char(c)) {
			epub_buf_puts(&b, "\xEF\xBF\xBD");
			i += (size_t)n;
		} else {
			epub_buf_put(&b, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
	if (!b.s)
		b.s = epub_xstrdup("");
	return b.s;
}

void epub_add_text(xmlNodePtr parent, const char *s, size_t len)
{
	char *c;

	if (!len)
		return;
	/* most text is clean: no copy */
	if (len <= INT_MAX && epub_clean_prefix(s, len) == len) {
		xmlNodeAddContentLen(parent, (const xmlChar *)s, (int)len);
		return;
	}
	c = epub_clean(s, len);
	xmlNodeAddContent(parent, (const xmlChar *)c);
	free(c);
}

void epub_buf_text(epub_buf *b, const char *s, size_t len, int attr)
{
	char *c;

	if (epub_clean_prefix(s, len) == len) {
		epub_buf_escaped(b, s, len, attr);
		return;
	}
	c = epub_clean(s, len);
	epub_buf_escaped(b, c, strlen(c), attr);
	free(c);
}

xmlNodePtr epub_el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

void epub_attr(xmlNodePtr el, const char *name, const char *value)
{
	size_t len = strlen(value);
	char *c;

	if (epub_clean_prefix(value, len) == len) {
		xmlSetProp(el, (const xmlChar *)name, (const xmlChar *)value);
		return;
	}
	c = epub_clean(value, len);
	xmlSetProp(el, (const xmlChar *)name, (const xmlChar *)c);
	free(c);
}

/* A link to the stylesheet css/file, from a document css_up below the top. */
static void epub_css_link(xmlNodePtr head, const char *css_up, const char *file)
{
	xmlNodePtr el = epub_el(head, "link");
	char href[64];

	epub_attr(el, "rel", "stylesheet");
	epub_attr(el, "type", "text/css");
	snprintf(href, sizeof href, "%scss/%s", css_up, file);
	epub_attr(el, "href", href);
}

xmlDocPtr epub_doc_new(epub_writer *w)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");

	/* names from the book's dictionary: no copy of each */
	if (doc && w->dict && !doc->dict && xmlDictReference(w->dict) == 0)
		doc->dict = w->dict;
	return doc;
}

xmlDocPtr epub_xhtml_new(epub_writer *w, const char *title, xmlNodePtr *body, const char *css_up)
{
	xmlDocPtr doc = epub_doc_new(w);
	xmlNodePtr html, head, el;

	xmlCreateIntSubset(doc, (const xmlChar *)"html", NULL, NULL);
	html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
	xmlDocSetRootElement(doc, html);
	xmlSetNs(html, xmlNewNs(html, (const xmlChar *)EPUB_XHTML_NS, NULL));
	w->ops_ns = xmlNewNs(html, (const xmlChar *)EPUB_OPS_NS, (const xmlChar *)"epub");
	epub_attr(html, "lang", w->lang);
	xmlNodeSetLang(html, (const xmlChar *)w->lang);
	head = epub_el(html, "head");
	el = epub_el(head, "meta");
	epub_attr(el, "charset", "utf-8");
	el = epub_el(head, "title");
	epub_add_text(el, title, strlen(title));
	epub_css_link(head, css_up, "style.css");
	if (w->user_css)
		epub_css_link(head, css_up, "user.css");
	if (w->legend_css)
		epub_css_link(head, css_up, "legend.css");
	*body = epub_el(html, "body");
	return doc;
}

/* ------------------------------------------------------------------ */
/* The element stack                                                   */
/* ------------------------------------------------------------------ */

static void epub_push(epub_writer *w, epub_xel el, const pcv_node *owner, int phrasing)
{
	epub_frame *f;

	if (w->depth == w->capstack) {
		w->capstack = w->capstack ? w->capstack * 2 : 64;
		w->stack = epub_xrealloc(w->stack, w->capstack * sizeof *w->stack);
	}
	f = &w->stack[w->depth++];
	f->el = el;
	f->owner = owner;
	f->raw = 0;
	f->phrasing = phrasing;
}

static epub_xel epub_top(epub_writer *w)
{
	return w->stack[w->depth - 1].el;
}

static int epub_top_phrasing(epub_writer *w)
{
	return w->stack[w->depth - 1].phrasing;
}

/* Pops the frame of owner and the raw frames above it. */
static void epub_pop(epub_writer *w, const pcv_node *owner)
{
	while (w->depth > 1) {
		epub_frame *f = &w->stack[--w->depth];

		if (!f->raw && f->owner == owner)
			break;
	}
}

/* ------------------------------------------------------------------ */
/* Links                                                               */
/* ------------------------------------------------------------------ */

static int epub_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* url %-encoded where a URL may not hold the byte as it is. */
static void epub_encode_url(epub_buf *b, const char *url)
{
	static const char safe[] = "-._~:/?[]@!$&'()*+,;=";
	const unsigned char *s = (const unsigned char *)url;
	int hash = 0;

	for (; *s; s++) {
		char tmp[4];

		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    (*s && strchr(safe, *s)) || (*s == '%' && epub_hex(s[1]) && epub_hex(s[2])) ||
		    (*s == '#' && !hash)) {
			if (*s == '#')
				hash = 1;
			epub_buf_put(b, s, 1);
			continue;
		}
		snprintf(tmp, sizeof tmp, "%%%02X", *s);
		epub_buf_put(b, tmp, 3);
	}
}

/* The length of url's scheme (before ':'), or 0 when it has none. */
static size_t epub_scheme_len(const char *url)
{
	size_t i = 0;

	if (!((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')))
		return 0;
	while ((url[i] >= 'a' && url[i] <= 'z') || (url[i] >= 'A' && url[i] <= 'Z') ||
	       (url[i] >= '0' && url[i] <= '9') || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	return url[i] == ':' ? i : 0;
}

const char *epub_link_href(epub_writer *w, const pcv_node *at, const char *url, char *buf,
                           size_t size)
{
	epub_buf b = {0};
	size_t sl;
	int ch;

	while (*url == ' ' || *url == '\t' || *url == '\n')
		url++;
	if (!*url)
		return NULL;
	if (url[0] == '#') {
		if (!epub_map_get(&w->idset, url + 1, &ch) || ch < 0) {
			pcv_report_node(w->ctx, PCV_WARNING, at,
			                "link target '%s' not found: written as text", url);
			return NULL;
		}
		if (ch != w->cur)
			epub_buf_puts(&b, w->chapters[ch].file);
		epub_buf_puts(&b, "#");
		epub_encode_url(&b, url + 1);
	} else if ((sl = epub_scheme_len(url)) > 0) {
		static const char *const bad[] = {"javascript", "vbscript", "data", "file", NULL};
		size_t k;

		for (k = 0; bad[k]; k++)
			if (sl == strlen(bad[k]) && strncasecmp(url, bad[k], sl) == 0) {
				pcv_report_node(w->ctx, PCV_WARNING, at,
				                "%s: link dropped from the book: written as text", bad[k]);
				return NULL;
			}
		epub_encode_url(&b, url);
	} else if (url[0] == '/' && url[1] == '/') {
		epub_buf_puts(&b, "https:");
		epub_encode_url(&b, url);
	} else {
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                "link to '%s' is not in the book: written as text", url);
		return NULL;
	}
	if (b.len >= size) {
		free(b.s);
		pcv_report_node(w->ctx, PCV_WARNING, at, "link too long: written as text");
		return NULL;
	}
	memcpy(buf, b.s, b.len + 1);
	free(b.s);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Attributes of nodes                                                 */
/* ------------------------------------------------------------------ */

/* id, class (with "tag-X" for tag=X and the extra class), lang. */
static void epub_node_attrs(epub_writer *w, epub_xel el, const pcv_node *node, const char *extra)
{
	const char *id = epub_pmap_get(&w->ids, node);
	const char *cls = pcv_node_get_attr(node, "class");
	const char *tag = pcv_node_get_attr(node, "tag");
	const char *lang = pcv_node_get_attr(node, "lang");
	epub_buf b = {0};

	if (id)
		epub_page_attr(w, el, "id", id);
	if (extra)
		epub_buf_puts(&b, extra);
	if (cls && *cls) {
		if (b.len)
			epub_buf_puts(&b, " ");
		epub_buf_puts(&b, cls);
	}
	if (tag && *tag) {
		const char *p;

		if (b.len)
			epub_buf_puts(&b, " ");
		epub_buf_puts(&b, "tag-");
		for (p = tag; *p; p++) {
			char c = *p;

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '-'))
				c = '-';
			epub_buf_put(&b, &c, 1);
		}
	}
	if (b.len)
		epub_page_attr(w, el, "class", b.s);
	free(b.s);
	if (lang && *lang && !strpbrk(lang, " \t\n")) {
		epub_page_attr(w, el, "lang", lang);
		epub_page_attr_as_is(w, el, "xml:lang", lang);
	}
}

static int epub_has_attrs(const pcv_node *node)
{
	return pcv_node_get_attr(node, "id") || pcv_node_get_attr(node, "class") ||
	       pcv_node_get_attr(node, "tag") || pcv_node_get_attr(node, "lang");
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

static int epub_tight_paragraph(const pcv_node *node)
{
	const pcv_node *item = pcv_node_parent(node), *list;

	if (!item || pcv_node_type(item) != PCV_NODE_ITEM || epub_has_attrs(node))
		return 0;
	list = pcv_node_parent(item);
	return list && pcv_node_type(list) == PCV_NODE_LIST && pcv_node_list_tight(list);
}

static int epub_list_has_tasks(const pcv_node *list)
{
	const pcv_node *c;

	for (c = pcv_node_first_child(list); c; c = pcv_node_next(c))
		if (pcv_node_type(c) == PCV_NODE_ITEM && pcv_node_task(c) != PCV_TASK_NONE)
			return 1;
	return 0;
}

/* The row group (thead, tbody) for a row of table: the open one when it
 * is of that name, else a new one. */
static epub_xel epub_table_section(epub_writer *w, epub_xel table, const char *name)
{
	epub_xel last = epub_page_child(w, table);

	if (last && strcmp(epub_page_name(w, last), name) == 0)
		return last;
	return epub_page_el(w, table, name);
}

static void epub_ops_type(epub_writer *w, epub_xel el, const char *value)
{
	epub_page_attr_as_is(w, el, "epub:type", value);
}

static void epub_footnote_ref(epub_writer *w, pcv_node *node)
{
	epub_xel parent = epub_top(w), sup, a;
	int ix = epub_note_of(w, node);
	char buf[64], num[24];
	int n;

	if (ix < 0) {
		const char *label = pcv_node_label(node);

		pcv_report_node(w->ctx, PCV_WARNING, node, "footnote [^%s] has no definition",
		                label ? label : "");
		snprintf(buf, sizeof buf, "[^%.40s]", label ? label : "");
		epub_page_text(w, parent, buf, strlen(buf));
		return;
	}
	if (!w->notes[ix].number)
		w->notes[ix].number = ++w->next_note;
	n = w->notes[ix].number;
	if (!w->refcount[ix]++) {
		if (w->nchnotes == w->capchnotes) {
			w->capchnotes = w->capchnotes ? w->capchnotes * 2 : 16;
			w->chnotes = epub_xrealloc(w->chnotes, w->capchnotes * sizeof *w->chnotes);
		}
		w->chnotes[w->nchnotes++] = ix;
	}
	snprintf(num, sizeof num, "%d", n);
	sup = epub_page_el(w, parent, "sup");
	epub_page_attr(w, sup, "class", "noteref");
	if (w->in_link) {
		epub_page_text(w, sup, num, strlen(num));
		return;
	}
	a = epub_page_el(w, sup, "a");
	if (w->refcount[ix] == 1)
		snprintf(buf, sizeof buf, "fnref.%d", n);
	else
		snprintf(buf, sizeof buf, "fnref.%d.%d", n, w->refcount[ix]);
	epub_page_attr(w, a, "id", buf);
	snprintf(buf, sizeof buf, "#fn.%d", n);
	epub_page_attr(w, a, "href", buf);
	epub_ops_type(w, a, "noteref");
	epub_page_attr(w, a, "role", "doc-noteref");
	epub_page_text(w, a, num, strlen(num));
}

static void epub_image_node(epub_writer *w, pcv_node *node)
{
	epub_xel parent = epub_top(w), img;
	const char *url = pcv_node_url(node);
	const char *alt = pcv_node_text(node);
	const char *title = pcv_node_title(node);
	const char *src = url && *url ? epub_image(w, node, url) : NULL;

	if (!alt)
		alt = "";
	if (!src) {
		epub_xel span = epub_page_el(w, parent, "span");

		epub_node_attrs(w, span, node, "image-missing");
		epub_page_text(w, span, *alt ? alt : "[image]", strlen(*alt ? alt : "[image]"));
		return;
	}
	img = epub_page_el(w, parent, "img");
	epub_node_attrs(w, img, node, NULL);
	epub_page_attr(w, img, "src", src);
	epub_page_attr(w, img, "alt", alt);
	if (title && *title)
		epub_page_attr(w, img, "title", title);
}

static void epub_code_block(epub_writer *w, pcv_node *node)
{
	epub_xel pre = epub_page_el(w, epub_top(w), "pre"), code;
	const char *info = pcv_node_info(node);
	const char *lit = pcv_node_literal(node);

	epub_node_attrs(w, pre, node, NULL);
	code = epub_page_el(w, pre, "code");
	if (info && *info) {
		epub_buf b = {0};
		const char *p;

		epub_buf_puts(&b, "language-");
		for (p = info; *p && *p != ' ' && *p != '\t' && *p != '{'; p++) {
			char c = *p;

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '-' || c == '+' || c == '#'))
				c = '-';
			epub_buf_put(&b, &c, 1);
		}
		if (b.len > 9)
			epub_page_attr(w, code, "class", b.s);
		free(b.s);
	}
	if (lit)
		epub_page_text(w, code, lit, pcv_node_literal_len(node));
}

/* ENTER of a node: makes its element (or none) and pushes its frame. */
static void epub_enter(epub_writer *w, pcv_iter *it)
{
	pcv_node *node = it->node;
	epub_xel parent = epub_top(w), el = 0;
	int t = pcv_node_type(node), phrasing = epub_top_phrasing(w);
	char name[8], buf[64];

	switch (t) {
	case PCV_NODE_HEADING:
		snprintf(name, sizeof name, "h%d", pcv_node_heading_level(node));
		el = epub_page_el(w, parent, name);
		epub_node_attrs(w, el, node, NULL);
		phrasing = 1;
		break;
	case PCV_NODE_PARAGRAPH:
		if (!epub_tight_paragraph(node)) {
			el = epub_page_el(w, parent, "p");
			epub_node_attrs(w, el, node, NULL);
		}
		phrasing = 1;
		break;
	case PCV_NODE_BLOCK_QUOTE:
		el = epub_page_el(w, parent, "blockquote");
		epub_node_attrs(w, el, node, NULL);
		break;
	case PCV_NODE_LIST: {
		int ordered = pcv_node_list_type(node) == PCV_LIST_ORDERED;

		el = epub_page_el(w, parent, ordered ? "ol" : "ul");
		epub_node_attrs(w, el, node, epub_list_has_tasks(node) ? "task-list" : NULL);
		if (ordered && pcv_node_list_start(node) != 1) {
			snprintf(buf, sizeof buf, "%d", pcv_node_list_start(node));
			epub_page_attr(w, el, "start", buf);
		}
		break;
	}
	case PCV_NODE_ITEM: {
		pcv_task task = pcv_node_task(node);

		el = epub_page_el(w, parent, "li");
		epub_node_attrs(w, el, node,
		                task == PCV_TASK_DONE ? "task done"
		                                      : task == PCV_TASK_OPEN ? "task open" : NULL);
		if (task != PCV_TASK_NONE) {
			epub_xel box = epub_page_el(w, el, "span");

			epub_page_attr(w, box, "class", "task-box");
			epub_page_attr(w, box, "role", "checkbox");
			epub_page_attr(w, box, "aria-checked", task == PCV_TASK_DONE ? "true" : "false");
			epub_page_text(w, box, task == PCV_TASK_DONE ? "\xE2\x98\x91" : "\xE2\x98\x90", 3);
			epub_page_text(w, el, " ", 1);
		}
		break;
	}
	case PCV_NODE_CODE_BLOCK:
		epub_code_block(w, node);
		break;
	case PCV_NODE_RAW_BLOCK:
	case PCV_NODE_RAW_INLINE: {
		const char *fmt = pcv_node_info(node);

		if (!fmt || !*fmt || strcmp(fmt, "html") == 0)
			epub_raw(w, node, t == PCV_NODE_RAW_BLOCK);
		/* epub_raw may push frames: this node's own goes above them */
		parent = epub_top(w);
		phrasing = epub_top_phrasing(w);
		break;
	}
	case PCV_NODE_THEMATIC_BREAK:
		el = epub_page_el(w, parent, "hr");
		epub_node_attrs(w, el, node, NULL);
		break;
	case PCV_NODE_TABLE: {
		epub_xel wrap = epub_page_el(w, parent, "div");

		epub_page_attr(w, wrap, "class", "table-wrap");
		el = epub_page_el(w, wrap, "table");
		epub_node_attrs(w, el, node, NULL);
		break;
	}
	case PCV_NODE_TABLE_ROW:
		el = epub_page_el(
		    w, epub_table_section(w, parent, pcv_node_is_header(node) ? "thead" : "tbody"), "tr");
		epub_node_attrs(w, el, node, NULL);
		break;
	case PCV_NODE_TABLE_CELL: {
		const pcv_node *row = pcv_node_parent(node);
		pcv_align a = pcv_node_align(node);

		el = epub_page_el(w, parent, row && pcv_node_is_header(row) ? "th" : "td");
		epub_node_attrs(w, el, node, NULL);
		if (a != PCV_ALIGN_NONE)
			epub_page_attr(w, el, "style",
			          a == PCV_ALIGN_LEFT ? "text-align: left"
			                              : a == PCV_ALIGN_CENTER ? "text-align: center"
			                                                      : "text-align: right");
		phrasing = 1;
		break;
	}
	case PCV_NODE_DISPLAY_MATH:
	case PCV_NODE_INLINE_MATH: {
		const char *d = pcv_node_get_attr(node, "display");
		int display = t == PCV_NODE_DISPLAY_MATH ||
		              (d && (strcmp(d, "true") == 0 || strcmp(d, "block") == 0));

		el = epub_page_el(w, parent, phrasing ? "span" : "div");
		epub_node_attrs(w, el, node, display ? "math display" : "math inline");
		epub_math(w, el, node, display);
		pcv_iter_skip_children(it);
		break;
	}
	case PCV_NODE_FOOTNOTE_DEF:
		pcv_iter_skip_children(it);
		break;
	case PCV_NODE_DIV:
		el = epub_page_el(w, parent, phrasing ? "span" : "div");
		epub_node_attrs(w, el, node, NULL);
		break;
	case PCV_NODE_TEXT:
	case PCV_NODE_EMOJI: {
		const char *lit = pcv_node_literal(node);

		if (epub_has_attrs(node)) {
			el = epub_page_el(w, parent, "span");
			epub_node_attrs(w, el, node, t == PCV_NODE_EMOJI ? "emoji" : NULL);
			parent = el;
		}
		if (lit)
			epub_page_text(w, parent, lit, pcv_node_literal_len(node));
		break;
	}
	case PCV_NODE_SOFTBREAK:
		epub_page_text(w, parent, "\n", 1);
		break;
	case PCV_NODE_LINEBREAK:
		el = epub_page_el(w, parent, "br");
		epub_node_attrs(w, el, node, NULL);
		break;
	case PCV_NODE_CODE: {
		const char *lit = pcv_node_literal(node);

		el = epub_page_el(w, parent, "code");
		epub_node_attrs(w, el, node, NULL);
		if (lit)
			epub_page_text(w, el, lit, pcv_node_literal_len(node));
		break;
	}
	case PCV_NODE_EMPH:
	case PCV_NODE_STRONG:
	case PCV_NODE_STRIKETHROUGH:
	case PCV_NODE_SPAN:
		el = epub_page_el(w, parent, t == PCV_NODE_EMPH     ? "em"
		                     : t == PCV_NODE_STRONG ? "strong"
		                     : t == PCV_NODE_SPAN   ? "span"
		                                            : "del");
		epub_node_attrs(w, el, node, NULL);
		phrasing = 1;
		break;
	case PCV_NODE_LINK: {
		const char *url = pcv_node_url(node);
		const char *title = pcv_node_title(node);
		const char *href = NULL;
		char hb[8192];

		if (!w->in_link && url)
			href = epub_link_href(w, node, url, hb, sizeof hb);
		el = epub_page_el(w, parent, href ? "a" : "span");
		epub_node_attrs(w, el, node, NULL);
		if (href) {
			epub_page_attr(w, el, "href", href);
			if (title && *title)
				epub_page_attr(w, el, "title", title);
		}
		w->in_link++;
		phrasing = 1;
		break;
	}
	case PCV_NODE_IMAGE:
		epub_image_node(w, node);
		pcv_iter_skip_children(it);
		break;
	case PCV_NODE_FOOTNOTE_REF:
		epub_footnote_ref(w, node);
		break;
	default:
		/* a math node outside math, or a type of a plugin: its text, if
		 * any, then its children */
		if (PCV_NODE_IS_MATH(t) && pcv_node_literal(node))
			epub_page_text(w, parent, pcv_node_literal(node), pcv_node_literal_len(node));
		break;
	}
	epub_push(w, el ? el : parent, node, phrasing);
}

static void epub_exit(epub_writer *w, pcv_node *node)
{
	if (pcv_node_type(node) == PCV_NODE_LINK)
		w->in_link--;
	epub_pop(w, node);
}

/* Renders the subtree at root into the top of the stack. */
static void epub_walk(epub_writer *w, pcv_node *root)
{
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev == PCV_EVENT_ENTER)
			epub_enter(w, &it);
		else
			epub_exit(w, it.node);
	}
}

/* Inserts s[0, len) into b at offset at. */
static void epub_buf_insert(epub_buf *b, size_t at, const char *s, size_t len)
{
	epub_buf_put(b, s, len); /* room */
	memmove(b->s + at + len, b->s + at, b->len - len - at);
	memcpy(b->s + at, s, len);
}

/* The note's aside: its blocks, with the number linking back first, at
 * the start of its first element when that is a paragraph, else in a
 * paragraph of its own before them. */
static void epub_write_note(epub_writer *w, epub_xel parent, int ix)
{
	pcv_node *def = w->notes[ix].def, *c;
	epub_xel aside = epub_page_el(w, parent, "aside");
	char buf[160];
	int n = w->notes[ix].number, len;

	snprintf(buf, sizeof buf, "fn.%d", n);
	epub_page_attr(w, aside, "id", buf);
	epub_ops_type(w, aside, "footnote");
	epub_page_attr(w, aside, "role", "doc-footnote");
	size_t mark = epub_page_at(w, aside)->len;
	epub_push(w, aside, def, 0);
	for (c = pcv_node_first_child(def); c; c = pcv_node_next(c))
		epub_walk(w, c);
	epub_pop(w, def);

	/* the note as written: text is escaped, so its first '<' starts its
	 * first element, and the first '>' after it ends that start tag */
	epub_buf *b = epub_page_at(w, aside);
	const char *lt = memchr(b->s + mark, '<', b->len - mark), *end = NULL;
	len = snprintf(buf, sizeof buf,
	               "<a href=\"#fnref.%d\" class=\"note-back\" role=\"doc-backlink\">%d</a>", n, n);
	if (lt && lt[1] == 'p' && (lt[2] == '>' || lt[2] == ' ' || lt[2] == '/'))
		end = memchr(lt, '>', (size_t)(b->s + b->len - lt)); /* written whole: found */
	if (end) {
		size_t gt = (size_t)(end - b->s);

		if (b->s[gt - 1] == '/') { /* <p/>: the number alone */
			b->s[gt - 1] = '>';
			memcpy(buf + len, "</p", 4);
			epub_buf_insert(b, gt, buf, (size_t)len + 3);
		} else {
			memcpy(buf + len, ". ", 3);
			epub_buf_insert(b, gt + 1, buf, (size_t)len + 2);
		}
	} else {
		char p[200];
		int plen = snprintf(p, sizeof p, "<p>%s</p>", buf);

		epub_buf_insert(b, mark, p, (size_t)plen);
	}
}

void epub_render_chapter(epub_writer *w, int ch)
{
	epub_chapter *c = &w->chapters[ch];
	epub_xel body, section;
	pcv_node *n;
	size_t i;
	char path[48];

	w->cur = ch;
	/* only the notes the last chapter referred to have a count */
	for (i = 0; i < w->nchnotes; i++)
		w->refcount[w->chnotes[i]] = 0;
	w->nchnotes = 0;
	body = epub_page_begin(w, c->title && *c->title ? c->title : w->title);
	section = epub_page_el(w, body, "section");
	epub_ops_type(w, section, ch == 0 ? "bodymatter chapter" : "chapter");
	w->depth = 0;
	epub_push(w, section, w->root, 0);
	for (n = c->first; n && n != c->end; n = pcv_node_next(n))
		if (pcv_node_type(n) != PCV_NODE_FOOTNOTE_DEF)
			epub_walk(w, n);
	w->depth = 1;
	if (w->nchnotes) {
		epub_xel notes = epub_page_el(w, section, "section");

		epub_page_attr(w, notes, "class", "footnotes");
		epub_ops_type(w, notes, "footnotes");
		/* a note may refer to further notes: the list grows as we go */
		for (i = 0; i < w->nchnotes; i++) {
			w->depth = 1;
			epub_push(w, notes, w->root, 0);
			epub_write_note(w, notes, w->chnotes[i]);
		}
	}
	w->depth = 0;
	snprintf(path, sizeof path, "OEBPS/%s", c->file);
	epub_buf *page = epub_page_end(w);
	epub_book_page_bytes(w, path, page->s, page->len, 1);
}
