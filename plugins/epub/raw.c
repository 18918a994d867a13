/*
 * raw.c -- raw HTML in the book.
 *
 * Raw HTML is parsed with libxml2's HTML parser and its tree imported into
 * the chapter's XHTML through a sanitiser:
 *
 *  - script, style, iframes, frames, forms and their controls, object,
 *    embed, applet, media and the like are dropped with what they hold,
 *    with a warning at the node's line (once per raw node);
 *  - on* attributes are dropped with a warning, javascript:, vbscript: and
 *    data: links are written as text (epub_link_href warns);
 *  - elements HTML5 no longer has are renamed (center -> div, font -> span,
 *    tt -> code, ...), `align` becomes a text-align style, `<a name>` an id;
 *  - attributes outside a small list per element are left out, unknown
 *    elements are unwrapped (their content kept), and in phrasing content
 *    (a paragraph) block elements are unwrapped too, so the XHTML stays
 *    valid;
 *  - images go through epub_image() like Markdown images; links through
 *    epub_link_href().
 *
 * A raw node that only opens an element ("<div class=fig>", "<b>") opens
 * it for the Markdown that follows: a raw frame is pushed on the chapter's
 * stack and closed by the matching "</div>" or, at the latest, at the end
 * of the block (or inline container) that holds the raw node.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "epub.h"

static const char *const epub_drop_names[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
	"input", "button", "select", "textarea", "option", "optgroup", "noscript", "template",
	"link", "meta", "base", "svg", "math", "canvas", "audio", "video", "source", "track",
	"param", "title", "noembed", "noframes", "xmp", "plaintext", "dialog", "datalist",
	"output", "keygen", "portal", "label", "fieldset", "legend", "map", "area", NULL
};

/* Phrasing elements kept as they are. */
static const char *const epub_phrasing_names[] = {
	"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img",
	"ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
	"sub", "sup", "time", "u", "var", "wbr", NULL
};

/* Flow elements kept as they are. */
static const char *const epub_flow_names[] = {
	"address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd",
	"details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
	"h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
	"table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", NULL
};

/* Elements whose content is phrasing only. */
static const char *const epub_phrasing_content[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary", "dt", NULL
};

/* Containers a raw node may leave open for the Markdown after it. */
static const char *const epub_openable[] = {
	"div", "details", "section", "article", "aside", "figure", "blockquote", "header",
	"footer", "main", NULL
};

static const char *const epub_void[] = {"br", "img", "hr", "wbr", "col", NULL};

static int epub_in(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int epub_phrasing(const char *name)
{
	return epub_in(epub_phrasing_names, name);
}

/* The name an element is written as, or NULL to unwrap it. */
static const char *epub_rename(const char *name, const char **style)
{
	static const struct {
		const char *from, *to;
	} renames[] = {{"center", "div"}, {"font", "span"}, {"big", "span"}, {"tt", "code"},
	               {"strike", "s"}, {"acronym", "abbr"}, {"listing", "pre"}};
	size_t k;

	*style = NULL;
	if (epub_phrasing(name) || epub_in(epub_flow_names, name))
		return name;
	for (k = 0; k < sizeof renames / sizeof *renames; k++)
		if (strcmp(renames[k].from, name) == 0) {
			if (strcmp(name, "center") == 0)
				*style = "text-align: center";
			return renames[k].to;
		}
	return NULL;
}

typedef struct epub_rawctx {
	epub_writer *w;
	const pcv_node *at;
	int warned;
} epub_rawctx;

static void epub_raw_warn(epub_rawctx *rc, const char *what, const char *name)
{
	if (rc->warned++)
		return;
	pcv_report_node(rc->w->ctx, PCV_WARNING, rc->at, "raw HTML: %s%s%s dropped from the book",
	                what, name, strcmp(what, "<") == 0 ? ">" : "");
}

static int epub_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Copies the attributes of src that survive onto dst.  Returns 0 when the
 * element itself must go (an image that cannot be embedded). */
static int epub_raw_attrs(epub_rawctx *rc, xmlNodePtr src, epub_xel dst, const char *name,
                          const char *style)
{
	epub_writer *w = rc->w;
	xmlAttrPtr a;
	epub_buf st = {0};
	int has_id = 0, ok = 1;
	char *anchor = NULL;

	if (style)
		epub_buf_puts(&st, style);
	for (a = src->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		const char *val = v ? (const char *)v : "";

		if (strncasecmp(an, "on", 2) == 0) {
			epub_raw_warn(rc, "event handler ", an);
		} else if (!strcmp(an, "id") || (!strcmp(an, "name") && !strcmp(name, "a"))) {
			if (!has_id && !anchor)
				anchor = epub_xstrdup(val);
		} else if (!strcmp(an, "class") || !strcmp(an, "title") || !strcmp(an, "dir")) {
			if (strcmp(an, "dir") || !strcmp(val, "ltr") || !strcmp(val, "rtl") ||
			    !strcmp(val, "auto"))
				epub_page_attr(w, dst, an, val);
		} else if (!strcmp(an, "lang")) {
			if (*val && !strpbrk(val, " \t\n")) {
				epub_page_attr(w, dst, "lang", val);
				epub_page_attr_as_is(w, dst, "xml:lang", val);
			}
		} else if (!strcmp(an, "style")) {
			if (!strstr(val, "url(") && !strstr(val, "expression") && !strchr(val, '\\')) {
				if (st.len)
					epub_buf_puts(&st, "; ");
				epub_buf_puts(&st, val);
			}
		} else if (!strcmp(an, "align")) {
			if (!strcasecmp(val, "left") || !strcasecmp(val, "right") ||
			    !strcasecmp(val, "center") || !strcasecmp(val, "justify")) {
				char buf[32];
				size_t k;

				snprintf(buf, sizeof buf, "text-align: %s", val);
				for (k = 0; buf[k]; k++)
					buf[k] = (char)tolower((unsigned char)buf[k]);
				if (st.len)
					epub_buf_puts(&st, "; ");
				epub_buf_puts(&st, buf);
			}
		} else if (!strcmp(name, "a") && !strcmp(an, "href")) {
			char hb[8192];
			const char *href = w->in_link ? NULL : epub_link_href(w, rc->at, val, hb, sizeof hb);

			if (href)
				epub_page_attr(w, dst, "href", href);
		} else if (!strcmp(name, "img") && !strcmp(an, "src")) {
			const char *srcp = *val ? epub_image(w, rc->at, val) : NULL;

			if (srcp)
				epub_page_attr(w, dst, "src", srcp);
			else
				ok = 0;
		} else if (!strcmp(name, "img") && !strcmp(an, "alt")) {
			epub_page_attr(w, dst, "alt", val);
		} else if (!strcmp(name, "img") && (!strcmp(an, "width") || !strcmp(an, "height"))) {
			size_t n = strlen(val);

			if (epub_digits(val)) {
				epub_page_attr(w, dst, an, val);
			} else if (n > 1 && val[n - 1] == '%' && n < 8) {
				char buf[32];

				snprintf(buf, sizeof buf, "%s: %s", an, val);
				if (st.len)
					epub_buf_puts(&st, "; ");
				epub_buf_puts(&st, buf);
			}
		} else if ((!strcmp(an, "colspan") || !strcmp(an, "rowspan")) &&
		           (!strcmp(name, "td") || !strcmp(name, "th")) && epub_digits(val) &&
		           atoi(val) > 0) {
			epub_page_attr(w, dst, an, val);
		} else if (((!strcmp(an, "start") && !strcmp(name, "ol")) ||
		            (!strcmp(an, "value") && !strcmp(name, "li")) ||
		            (!strcmp(an, "span") && (!strcmp(name, "col") || !strcmp(name, "colgroup")))) &&
		           epub_digits(val)) {
			epub_page_attr(w, dst, an, val);
		} else if (!strcmp(an, "open") && !strcmp(name, "details")) {
			epub_page_attr(w, dst, "open", "open");
		}
		xmlFree(v);
	}
	if (anchor) {
		int ch;

		/* only ids the plan registered for this chapter, each once */
		if (epub_map_get(&w->rawids, anchor, &ch) && ch == w->cur &&
		    epub_map_put(&w->rawused, anchor, 1))
			epub_page_attr(w, dst, "id", anchor);
		free(anchor);
	}
	if (!strcmp(name, "img") && !epub_page_has_attr(w, dst, "alt"))
		epub_page_attr(w, dst, "alt", "");
	if (st.len)
		epub_page_attr(w, dst, "style", st.s);
	free(st.s);
	return ok;
}

typedef struct epub_iframe {
	epub_xel dst;
	int phrasing;
	int link;
} epub_iframe;

/* Imports the siblings from `first` on (and their subtrees) under dst.
 * Returns the last element made at the top level, or 0. */
static epub_xel epub_import(epub_rawctx *rc, xmlNodePtr first, epub_xel dst, int phrasing)
{
	epub_writer *w = rc->w;
	xmlNodePtr stop = first ? first->parent : NULL, n = first;
	epub_xel last = 0;
	epub_iframe *st;
	size_t depth = 0, cap = 32;

	st = epub_xmalloc(cap * sizeof *st);
	st[0].dst = dst;
	st[0].phrasing = phrasing;
	st[0].link = w->in_link;
	depth = 1;
	while (n) {
		epub_iframe *top = &st[depth - 1];
		int descend = 0;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				epub_page_text(w, top->dst, (const char *)n->content,
				               strlen((const char *)n->content));
		} else if (n->type == XML_ELEMENT_NODE) {
			char name[32];
			const char *to, *style;
			size_t k;

			snprintf(name, sizeof name, "%s", (const char *)n->name);
			for (k = 0; name[k]; k++)
				name[k] = (char)tolower((unsigned char)name[k]);
			if (epub_in(epub_drop_names, name)) {
				epub_raw_warn(rc, "<", name);
			} else {
				epub_iframe f = *top;

				to = epub_rename(name, &style);
				if (to && top->phrasing && !epub_phrasing(to))
					to = NULL;
				if (to && !strcmp(to, "a") && top->link)
					to = NULL;
				if (to) {
					epub_xel el = epub_page_el(w, top->dst, to);

					if (epub_raw_attrs(rc, n, el, to, style)) {
						f.dst = el;
						f.phrasing = top->phrasing || epub_phrasing(to) ||
						             epub_in(epub_phrasing_content, to);
						if (!strcmp(to, "a"))
							f.link = 1;
						if (top->dst == dst)
							last = el;
					} else {
						/* an image that could not be embedded: its alt */
						xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
						epub_xel span;

						epub_page_drop(w, el);
						span = epub_page_el(w, top->dst, "span");
						epub_page_attr(w, span, "class", "image-missing");
						epub_page_text(w, span, alt && *alt ? (const char *)alt : "[image]",
						               strlen(alt && *alt ? (const char *)alt : "[image]"));
						xmlFree(alt);
					}
				}
				if (n->children && strcmp(name, "img") != 0) {
					if (depth == cap) {
						cap *= 2;
						st = epub_xrealloc(st, cap * sizeof *st);
					}
					st[depth++] = f;
					descend = 1;
				}
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == stop || depth <= 1) {
				n = NULL;
				break;
			}
			depth--;
		}
		if (n)
			n = n->next;
	}
	free(st);
	return last;
}

/* Whether s (trimmed) is only a closing tag; its name in name. */
static int epub_close_tag(const char *s, size_t len, char *name, size_t size)
{
	size_t i = 2, k = 0;

	if (len < 4 || s[0] != '<' || s[1] != '/' || s[len - 1] != '>')
		return 0;
	while (i < len && isalnum((unsigned char)s[i]) && k + 1 < size)
		name[k++] = (char)tolower((unsigned char)s[i++]);
	name[k] = 0;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return k && i == len - 1;
}

static int epub_has_close(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (; (s = strchr(s, '<')); s++)
		if (s[1] == '/' && strncasecmp(s + 2, name, n) == 0 && !isalnum((unsigned char)s[2 + n]))
			return 1;
	return 0;
}

void epub_raw(epub_writer *w, const pcv_node *node, int block)
{
	const char *lit = pcv_node_literal(node);
	size_t len = lit ? pcv_node_literal_len(node) : 0;
	const pcv_node *owner = pcv_node_parent(node);
	epub_rawctx rc = {w, node, 0};
	char name[32];
	htmlDocPtr doc;
	xmlNodePtr first = NULL;
	epub_xel last, top;
	int phrasing = w->stack[w->depth - 1].phrasing;

	while (len && isspace((unsigned char)*lit))
		lit++, len--;
	while (len && isspace((unsigned char)lit[len - 1]))
		len--;
	if (!len)
		return;
	if (epub_close_tag(lit, len, name, sizeof name)) {
		size_t d;

		for (d = w->depth; d > 1; d--) {
			epub_frame *f = &w->stack[d - 1];

			if (!f->raw || f->owner != owner)
				break;
			if (strcmp(epub_page_name(w, f->el), name) == 0) {
				w->depth = d - 1;
				break;
			}
		}
		return;
	}
	if (len > (size_t)0x7fffffff)
		return;
	xmlInitParser(); /* once: the writer starts without it (epub.c) */
	doc = htmlReadMemory(lit, (int)len, NULL, "UTF-8",
	                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                         (block ? 0 : HTML_PARSE_NOIMPLIED));
	if (!doc)
		return;
	if (block) {
		/* html > head, body: both walked (a <script> goes to the head) */
		xmlNodePtr html = xmlDocGetRootElement(doc);

		first = html ? html->children : NULL;
	} else {
		first = doc->children;
		while (first && first->type == XML_DTD_NODE)
			first = first->next;
	}
	top = w->stack[w->depth - 1].el;
	last = first ? epub_import(&rc, first, top, phrasing) : 0;
	xmlFreeDoc(doc);

	/* an element left open for the Markdown that follows: the last made
	 * at the top, when nothing came after it */
	const char *kept = last && epub_page_child(w, top) == last ? epub_page_name(w, last) : NULL;
	if (kept && !epub_in(epub_void, kept) &&
	    (block ? epub_in(epub_openable, kept) : epub_phrasing(kept)) && lit[0] == '<' &&
	    !epub_has_close(lit, kept) && !(block == 0 && !strcmp(kept, "a") && w->in_link)) {
		epub_frame *f;

		if (w->depth == w->capstack) {
			w->capstack *= 2;
			w->stack = epub_xrealloc(w->stack, w->capstack * sizeof *w->stack);
		}
		f = &w->stack[w->depth++];
		f->el = last;
		f->owner = owner;
		f->raw = 1;
		f->phrasing = phrasing || epub_phrasing(kept);
	}
}

/* ------------------------------------------------------------------ */
/* Ids in raw HTML, found before the chapters are written              */
/* ------------------------------------------------------------------ */

/* Registers the id= and <a name=> values of a raw node's tags for
 * chapter ch, so that "#id" links to them resolve. */
void epub_raw_ids(epub_writer *w, const pcv_node *node, int ch)
{
	const char *s = pcv_node_literal(node), *end;

	if (!s)
		return;
	end = s + pcv_node_literal_len(node);
	while ((s = memchr(s, '<', (size_t)(end - s)))) {
		const char *gt = memchr(s, '>', (size_t)(end - s));
		int is_a = (s[1] == 'a' || s[1] == 'A') && s + 2 < end && isspace((unsigned char)s[2]);
		const char *p;

		if (!gt)
			break;
		for (p = s + 1; p < gt; p++) {
			size_t kl = 0;
			char q = 0;
			const char *v, *ve;

			if (!isspace((unsigned char)p[-1]))
				continue;
			if (gt - p > 2 && !strncasecmp(p, "id", 2))
				kl = 2;
			else if (is_a && gt - p > 4 && !strncasecmp(p, "name", 4))
				kl = 4;
			if (!kl)
				continue;
			v = p + kl;
			while (v < gt && isspace((unsigned char)*v))
				v++;
			if (v >= gt || *v != '=')
				continue;
			v++;
			while (v < gt && isspace((unsigned char)*v))
				v++;
			if (v < gt && (*v == '"' || *v == '\''))
				q = *v++;
			for (ve = v; ve < gt && (q ? *ve != q : !isspace((unsigned char)*ve)); ve++)
				;
			if (ve > v && ve - v < 200) {
				char id[200];

				memcpy(id, v, (size_t)(ve - v));
				id[ve - v] = 0;
				if (!strpbrk(id, " \t\n&<") && !epub_map_get(&w->idset, id, NULL)) {
					epub_map_put(&w->idset, id, ch);
					epub_map_put(&w->rawids, id, ch);
				}
			}
			p = ve;
		}
		s = gt;
	}
}
