/*
 * legend.c -- the emoji legend box and the index of tagged blocks.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and a
 * "tag" (and "tags") attribute on the blocks its markers mark.  From them:
 *
 *  - a standalone page gets, after its title block, a small box with one
 *    row per marker used (marker, meaning, count, colour swatch), and a
 *    stylesheet that gives each tag its colour (html.legend);
 *  - with html.index, a section at the end lists the blocks tagged with
 *    the meanings of html.index-tags, each linking to an id given to the
 *    block (its own id when it has one).
 *
 * A document without "legend-used" gets none of this: its page is written
 * exactly as before.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define HTML_EXCERPT 80 /* bytes of an index entry's text, about */

typedef struct html_lentry {
	const char *emoji, *meaning, *slug, *colour; /* colour: "#rrggbb" or NULL */
	const char *count;
} html_lentry;

typedef struct html_indexed {
	const pcv_node *node;
	const char *id;
	const char *text;
	int entry;          /* index in entries[] */
} html_indexed;

struct html_legend {
	html_lentry *entries;
	size_t nentries;
	html_indexed *items;    /* in document order, grouped later */
	size_t nitems, capitems;
	const html_indexed **byaddr; /* sorted by node address, for lookups */
	int *order;             /* entries in index order, -1 ended */
};

/* ------------------------------------------------------------------ */
/* Reading the metadata                                                */
/* ------------------------------------------------------------------ */

static const char *html_legend_field(pcv_meta *m, const char *key)
{
	pcv_meta *v = pcv_meta_get(m, key);
	const char *s = v && pcv_meta_kind_of(v) == PCV_META_STRING ? pcv_meta_string(v) : NULL;

	return s && *s ? s : NULL;
}

/* "#rgb" or "#rrggbb", else NULL: nothing else reaches the style sheet. */
static const char *html_legend_colour(const char *c)
{
	size_t n;

	if (!c || c[0] != '#')
		return NULL;
	n = strspn(c + 1, "0123456789abcdefABCDEF");
	return (n == 3 || n == 6) && !c[1 + n] ? c : NULL;
}

/* Whether s is a slug that can stand in a class name as it is. */
static int html_legend_slug_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int html_legend_find(const struct html_legend *L, const char *slug, size_t len)
{
	size_t i;

	for (i = 0; i < L->nentries; i++)
		if (strlen(L->entries[i].slug) == len && strncmp(L->entries[i].slug, slug, len) == 0)
			return (int)i;
	return -1;
}

/* The entries to index, in the order html.index-tags names them ("all":
 * every entry, in legend order). */
static void html_legend_order(html_writer *w, struct html_legend *L)
{
	const char *spec = pcv_option_string(w->ctx, "html.index-tags");
	size_t n = 0, i;

	L->order = html_xmalloc((L->nentries + 1) * sizeof *L->order);
	if (spec && strcmp(spec, "all") == 0) {
		for (i = 0; i < L->nentries; i++)
			L->order[n++] = (int)i;
	} else if (spec) {
		const char *p = spec;

		while (*p) {
			size_t len;
			int e;

			p += strspn(p, " ,\t");
			len = strcspn(p, " ,\t");
			if (!len)
				break;
			e = html_legend_find(L, p, len);
			for (i = 0; i < n && e >= 0; i++)
				if (L->order[i] == e)
					e = -1;
			if (e >= 0)
				L->order[n++] = e;
			p += len;
		}
	}
	L->order[n] = -1;
}

/* ------------------------------------------------------------------ */
/* Index entries                                                       */
/* ------------------------------------------------------------------ */

typedef struct html_lbuf {
	char *s;
	size_t len, cap;
} html_lbuf;

static void html_lbuf_put(html_lbuf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->s = html_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = 0;
}

/* Appends text with runs of white space made one space. */
static void html_lbuf_text(html_lbuf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && b->len < HTML_EXCERPT + 8; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (b->len && b->s[b->len - 1] != ' ')
				html_lbuf_put(b, " ", 1);
		} else if (c) {
			html_lbuf_put(b, &c, 1);
		}
	}
}

/* The text an index shows for a tagged block: its first paragraph or
 * heading, without the legend's markers, cut after about HTML_EXCERPT
 * bytes at a space (never inside a UTF-8 sequence). */
static const char *html_legend_excerpt(html_writer *w, pcv_node *block)
{
	html_lbuf b = {0};
	pcv_iter it;
	pcv_event ev;
	const char *r;
	int blocks = 0;
	long budget = 512; /* events looked at: bounded even over a deep list of bare markers */

	pcv_iter_init(&it, block);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE && b.len < HTML_EXCERPT + 8 &&
	       budget-- > 0) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		const char *lit = pcv_node_literal(n);

		if (ev != PCV_EVENT_ENTER)
			continue;
		if (PCV_NODE_IS_BLOCK(t) && t != PCV_NODE_ITEM && t != PCV_NODE_LIST &&
		    t != PCV_NODE_BLOCK_QUOTE && n != block) {
			if (b.len && blocks)
				break;
			blocks = 1;
		}
		switch (t) {
		case PCV_NODE_CODE_BLOCK:
		case PCV_NODE_RAW_BLOCK:
		case PCV_NODE_RAW_INLINE:
		case PCV_NODE_FOOTNOTE_REF:
		case PCV_NODE_TABLE:
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_INLINE_MATH:
		case PCV_NODE_DISPLAY_MATH: {
			const char *lin = pcv_node_get_attr(n, "text");

			pcv_iter_skip_children(&it);
			if (lin)
				html_lbuf_text(&b, lin, strlen(lin));
			else if (lit)
				html_lbuf_text(&b, lit, pcv_node_literal_len(n));
			break;
		}
		case PCV_NODE_EMOJI:
			if (pcv_node_get_attr(n, "tag"))
				break;
			/* fall through */
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
			if (lit)
				html_lbuf_text(&b, lit, pcv_node_literal_len(n));
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			html_lbuf_text(&b, " ", 1);
			break;
		default:
			break;
		}
	}
	if (!b.s)
		return "";
	/* trim, and cut a long text at a space */
	if (b.len > HTML_EXCERPT) {
		size_t cut = HTML_EXCERPT;

		while (cut > HTML_EXCERPT / 2 && b.s[cut] != ' ')
			cut--;
		if (b.s[cut] != ' ') {
			cut = HTML_EXCERPT;
			while (cut > 0 && ((unsigned char)b.s[cut] & 0xC0) == 0x80)
				cut--;
		}
		b.len = cut;
		while (b.len && strchr(" ,;:-", b.s[b.len - 1]))
			b.len--;
		b.s[b.len] = 0;
		html_lbuf_put(&b, "\xE2\x80\xA6", 3);
	}
	{
		const char *s = b.s;
		size_t len = b.len;

		while (len && (*s == ' ' || *s == ':' || *s == '-'))
			s++, len--;
		while (len && s[len - 1] == ' ')
			len--;
		r = pcv_doc_strndup(w->doc, s, len);
	}
	free(b.s);
	return r;
}

static int html_legend_cmp_addr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const html_indexed *const *)a)->node;
	uintptr_t y = (uintptr_t)(*(const html_indexed *const *)b)->node;

	return x < y ? -1 : x > y;
}

static void html_legend_add(struct html_legend *L, pcv_node *n, int e, const char *id,
                            const char *text)
{
	html_indexed *x;

	if (L->nitems == L->capitems) {
		L->capitems = L->capitems ? L->capitems * 2 : 32;
		L->items = html_xrealloc(L->items, L->capitems * sizeof *L->items);
	}
	x = &L->items[L->nitems++];
	x->node = n;
	x->entry = e;
	x->id = id;
	x->text = text;
}

/* Whether the entry is among those indexed. */
static int html_legend_indexed(const struct html_legend *L, int e)
{
	const int *o;

	for (o = L->order; *o >= 0; o++)
		if (*o == e)
			return 1;
	return 0;
}

/* An id for a block the index links to: its own, else "tag-SLUG-N". */
static const char *html_legend_block_id(html_writer *w, pcv_node *n, const char *slug,
                                        int *counter)
{
	const char *id = pcv_node_get_attr(n, "id");
	char buf[96];

	if (id && *id)
		return id;
	if (pcv_node_type(n) == PCV_NODE_HEADING) {
		const html_mark *m = html_find_mark(w, n);

		if (m && m->id)
			return m->id;
	}
	do
		snprintf(buf, sizeof buf, "tag-%.60s-%d", slug, ++*counter);
	while (!html_set_add(&w->ids, buf));
	return pcv_doc_strdup(w->doc, buf);
}

static void html_legend_collect(html_writer *w, struct html_legend *L)
{
	pcv_iter it;
	pcv_event ev;
	int counter = 0;

	pcv_iter_init(&it, pcv_doc_root(w->doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		const char *tags, *p, *id = NULL, *text = NULL;

		if (ev != PCV_EVENT_ENTER)
			continue;
		if (t == PCV_NODE_FOOTNOTE_DEF || t == PCV_NODE_TABLE || t == PCV_NODE_CODE_BLOCK ||
		    PCV_NODE_IS_INLINE(t) || PCV_NODE_IS_MATH(t)) {
			pcv_iter_skip_children(&it);
			continue;
		}
		if (t != PCV_NODE_HEADING && t != PCV_NODE_PARAGRAPH && t != PCV_NODE_ITEM &&
		    t != PCV_NODE_BLOCK_QUOTE)
			continue;
		tags = pcv_node_get_attr(n, "tags");
		if (!tags)
			tags = pcv_node_get_attr(n, "tag");
		for (p = tags; p && *p;) {
			size_t len;
			int e;

			p += strspn(p, " ");
			len = strcspn(p, " ");
			if (!len)
				break;
			e = html_legend_find(L, p, len);
			p += len;
			if (e < 0 || !html_legend_indexed(L, e))
				continue;
			if (!id) {
				id = html_legend_block_id(w, n, L->entries[e].slug, &counter);
				text = html_legend_excerpt(w, n);
			}
			html_legend_add(L, n, e, id, text);
		}
	}
}

void html_legend_prepare(html_writer *w)
{
	pcv_meta *used = pcv_meta_get(pcv_doc_meta(w->doc), "legend-used");
	struct html_legend *L;
	size_t i, n;

	if (!used || pcv_meta_kind_of(used) != PCV_META_LIST || !pcv_meta_count(used))
		return;
	L = html_xmalloc(sizeof *L);
	memset(L, 0, sizeof *L);
	n = pcv_meta_count(used);
	L->entries = html_xmalloc(n * sizeof *L->entries);
	for (i = 0; i < n; i++) {
		pcv_meta *m = pcv_meta_at(used, i, NULL);
		html_lentry *e = &L->entries[L->nentries];

		if (!m || pcv_meta_kind_of(m) != PCV_META_MAP)
			continue;
		e->emoji = html_legend_field(m, "emoji");
		e->meaning = html_legend_field(m, "meaning");
		e->slug = html_legend_field(m, "slug");
		e->count = html_legend_field(m, "count");
		e->colour = html_legend_colour(html_legend_field(m, "colour"));
		if (!e->emoji || !e->meaning || !e->slug)
			continue;
		if (e->count && strspn(e->count, "0123456789") != strlen(e->count))
			e->count = NULL;
		L->nentries++;
	}
	if (!L->nentries) {
		free(L->entries);
		free(L);
		return;
	}
	w->legend = L;
	html_legend_order(w, L);
	if (!pcv_option_bool(w->ctx, "html.index"))
		return;
	html_legend_collect(w, L);
	if (!L->nitems)
		return;
	L->byaddr = html_xmalloc(L->nitems * sizeof *L->byaddr);
	for (i = 0; i < L->nitems; i++)
		L->byaddr[i] = &L->items[i];
	qsort(L->byaddr, L->nitems, sizeof *L->byaddr, html_legend_cmp_addr);
	html_set_add(&w->ids, "legend-index");
}

const char *html_legend_id(const html_writer *w, const pcv_node *node)
{
	const struct html_legend *L = w->legend;
	size_t lo = 0, hi;

	if (!L || !L->byaddr)
		return NULL;
	hi = L->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uintptr_t a = (uintptr_t)L->byaddr[mid]->node;

		if (a == (uintptr_t)node)
			return L->byaddr[mid]->id;
		if (a < (uintptr_t)node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static const char html_legend_css[] =
	".legend-box { margin: 0 auto 2em; padding: 0.5em 0.9em; width: fit-content; min-width: 14em;\n"
	"  border: 1px solid var(--rule, #d0d4d9); border-radius: 4px; font-size: 0.92em;\n"
	"  break-inside: avoid; page-break-inside: avoid; }\n"
	".legend-box h2 { margin: 0 0 0.3em; padding: 0; border: 0; font-size: 1em;\n"
	"  text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted, #5c6166); }\n"
	".legend-box table { display: table; margin: 0; border: 0; font-size: 1em; width: 100%; }\n"
	".legend-box td { border: 0; padding: 0.12em 0.5em 0.12em 0; background: none; }\n"
	".legend-box tr { background: none !important; }\n"
	".legend-box .legend-marker { width: 1.8em; text-align: center; padding-left: 0.5em;\n"
	"  border-left: 4px solid var(--rule, #d0d4d9); }\n"
	".legend-box .legend-count { text-align: right; color: var(--muted, #5c6166);\n"
	"  font-variant-numeric: tabular-nums; }\n"
	"section.legend-index { margin-top: 3em; padding-top: 1em;\n"
	"  border-top: 1px solid var(--rule, #d0d4d9); }\n"
	"section.legend-index h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }\n"
	"section.legend-index ul { list-style: none; padding-left: 0.9em;\n"
	"  border-left: 3px solid var(--rule, #d0d4d9); }\n"
	"section.legend-index li { margin: 0.2em 0; }\n";

static void html_legend_text(html_writer *w, const char *s)
{
	html_escape(w, s, strlen(s));
}

void html_legend_style(html_writer *w)
{
	const struct html_legend *L = w->legend;
	size_t i;

	if (!L)
		return;
	html_puts(w, "<style>\n");
	html_puts(w, html_legend_css);
	for (i = 0; i < L->nentries; i++) {
		const html_lentry *e = &L->entries[i];

		if (!e->colour || !html_legend_slug_ok(e->slug))
			continue;
		html_puts(w, ".tag-");
		html_puts(w, e->slug);
		html_puts(w, ", .legend-box .legend-");
		html_puts(w, e->slug);
		html_puts(w, " .legend-marker, section.legend-index ul.legend-");
		html_puts(w, e->slug);
		html_puts(w, " { border-left-color: ");
		html_puts(w, e->colour);
		html_puts(w, "; }\n");
	}
	html_puts(w, "</style>\n");
}

void html_legend_box(html_writer *w)
{
	const struct html_legend *L = w->legend;
	size_t i;

	if (!L || !pcv_option_bool(w->ctx, "html.legend"))
		return;
	html_cr(w);
	html_puts(w, "<aside class=\"legend-box\" aria-label=\"Legend\">\n<h2>Legend</h2>\n"
	             "<table>\n<tbody>\n");
	for (i = 0; i < L->nentries; i++) {
		const html_lentry *e = &L->entries[i];

		html_puts(w, "<tr");
		if (html_legend_slug_ok(e->slug)) {
			html_puts(w, " class=\"legend-");
			html_puts(w, e->slug);
			html_puts(w, "\"");
		}
		html_puts(w, "><td class=\"legend-marker\">");
		html_legend_text(w, e->emoji);
		html_puts(w, "</td><td class=\"legend-meaning\">");
		html_legend_text(w, e->meaning);
		html_puts(w, "</td><td class=\"legend-count\">");
		html_legend_text(w, e->count ? e->count : "");
		html_puts(w, "</td></tr>\n");
	}
	html_puts(w, "</tbody>\n</table>\n</aside>\n");
}

void html_legend_index(html_writer *w)
{
	const struct html_legend *L = w->legend;
	const int *o;
	size_t i;

	if (!L || !L->nitems)
		return;
	html_cr(w);
	html_puts(w, "<section class=\"legend-index\" id=\"legend-index\">\n<h2>Index</h2>\n");
	for (o = L->order; *o >= 0; o++) {
		const html_lentry *e = &L->entries[*o];
		int any = 0;

		for (i = 0; i < L->nitems; i++) {
			const html_indexed *x = &L->items[i];

			if (x->entry != *o)
				continue;
			if (!any) {
				html_puts(w, "<h3>");
				html_legend_text(w, e->emoji);
				html_puts(w, " ");
				html_legend_text(w, e->meaning);
				html_puts(w, "</h3>\n<ul");
				if (html_legend_slug_ok(e->slug)) {
					html_puts(w, " class=\"legend-");
					html_puts(w, e->slug);
					html_puts(w, "\"");
				}
				html_puts(w, ">\n");
				any = 1;
			}
			html_puts(w, "<li><a href=\"#");
			html_escape_href(w, x->id, strlen(x->id));
			html_puts(w, "\">");
			html_legend_text(w, *x->text ? x->text : e->meaning);
			html_puts(w, "</a></li>\n");
		}
		if (any)
			html_puts(w, "</ul>\n");
	}
	html_puts(w, "</section>\n");
}

void html_legend_free(html_writer *w)
{
	struct html_legend *L = w->legend;

	if (!L)
		return;
	free(L->entries);
	free(L->items);
	free(L->byaddr);
	free(L->order);
	free(L);
	w->legend = NULL;
}
