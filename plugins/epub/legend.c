/*
 * legend.c -- the emoji legend on the title page, the tags' colours, and
 * the index of tagged blocks.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and a
 * "tag" (and "tags") attribute on the blocks its markers mark.  From them:
 *
 *  - the title page gets a small table of the markers used, with their
 *    meaning and count (epub.legend);
 *  - a stylesheet css/legend.css gives each tag class its colour (a rule
 *    at the left of the tagged block) and styles the box and the index;
 *  - with epub.index, a last chapter index.xhtml, in the spine and the
 *    table of contents, lists the blocks tagged with the meanings of
 *    epub.index-tags, each linking to an id given to the block in its
 *    chapter.
 *
 * A book whose document has no "legend-used" gets none of this: its files
 * are exactly what they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

#define EPUB_EXCERPT 80 /* bytes of an index entry's text, about */

typedef struct epub_lentry {
	const char *emoji, *meaning, *slug, *colour, *count;
} epub_lentry;

typedef struct epub_indexed {
	const char *id;
	const char *text;
	int entry;
} epub_indexed;

struct epub_legend {
	epub_lentry *entries;
	size_t nentries;
	epub_indexed *items;
	size_t nitems, capitems;
	int *order;             /* entries in index order, -1 ended */
};

/* ------------------------------------------------------------------ */
/* Reading the metadata                                                */
/* ------------------------------------------------------------------ */

static const char *epub_legend_field(pcv_meta *m, const char *key)
{
	pcv_meta *v = pcv_meta_get(m, key);
	const char *s = v && pcv_meta_kind_of(v) == PCV_META_STRING ? pcv_meta_string(v) : NULL;

	return s && *s ? s : NULL;
}

static const char *epub_legend_colour(const char *c)
{
	size_t n;

	if (!c || c[0] != '#')
		return NULL;
	n = strspn(c + 1, "0123456789abcdefABCDEF");
	return (n == 3 || n == 6) && !c[1 + n] ? c : NULL;
}

static int epub_legend_slug_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int epub_legend_find(const struct epub_legend *L, const char *slug, size_t len)
{
	size_t i;

	for (i = 0; i < L->nentries; i++)
		if (strlen(L->entries[i].slug) == len && strncmp(L->entries[i].slug, slug, len) == 0)
			return (int)i;
	return -1;
}

static void epub_legend_order(epub_writer *w, struct epub_legend *L)
{
	const char *spec = pcv_option_string(w->ctx, "epub.index-tags");
	size_t n = 0, i;

	L->order = epub_xmalloc((L->nentries + 1) * sizeof *L->order);
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
			e = epub_legend_find(L, p, len);
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

static int epub_legend_indexed(const struct epub_legend *L, int e)
{
	const int *o;

	for (o = L->order; *o >= 0; o++)
		if (*o == e)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Index entries                                                       */
/* ------------------------------------------------------------------ */

static void epub_legend_text(epub_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && b->len < EPUB_EXCERPT + 8; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (b->len && b->s[b->len - 1] != ' ')
				epub_buf_put(b, " ", 1);
		} else if (c) {
			epub_buf_put(b, &c, 1);
		}
	}
}

/* The text the index shows for a tagged block: its first paragraph or
 * heading without the legend's markers, cut at a space after about
 * EPUB_EXCERPT bytes. */
static const char *epub_legend_excerpt(epub_writer *w, pcv_node *block)
{
	epub_buf b = {0};
	pcv_iter it;
	pcv_event ev;
	const char *r, *s;
	size_t len;
	int blocks = 0;
	long budget = 512; /* events looked at: bounded even over a deep list of bare markers */

	pcv_iter_init(&it, block);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE && b.len < EPUB_EXCERPT + 8 &&
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
				epub_legend_text(&b, lin, strlen(lin));
			else if (lit)
				epub_legend_text(&b, lit, pcv_node_literal_len(n));
			break;
		}
		case PCV_NODE_EMOJI:
			if (pcv_node_get_attr(n, "tag"))
				break;
			/* fall through */
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
			if (lit)
				epub_legend_text(&b, lit, pcv_node_literal_len(n));
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			epub_legend_text(&b, " ", 1);
			break;
		default:
			break;
		}
	}
	if (!b.s)
		return "";
	if (b.len > EPUB_EXCERPT) {
		size_t cut = EPUB_EXCERPT;

		while (cut > EPUB_EXCERPT / 2 && b.s[cut] != ' ')
			cut--;
		if (b.s[cut] != ' ') {
			cut = EPUB_EXCERPT;
			while (cut > 0 && ((unsigned char)b.s[cut] & 0xC0) == 0x80)
				cut--;
		}
		b.len = cut;
		while (b.len && strchr(" ,;:-", b.s[b.len - 1]))
			b.len--;
		b.s[b.len] = 0;
		epub_buf_put(&b, "\xE2\x80\xA6", 3);
	}
	s = b.s;
	len = b.len;
	while (len && (*s == ' ' || *s == ':' || *s == '-'))
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	r = pcv_doc_strndup(w->doc, s, len);
	free(b.s);
	return r;
}

static void epub_legend_add(struct epub_legend *L, int e, const char *id, const char *text)
{
	epub_indexed *x;

	if (L->nitems == L->capitems) {
		L->capitems = L->capitems ? L->capitems * 2 : 32;
		L->items = epub_xrealloc(L->items, L->capitems * sizeof *L->items);
	}
	x = &L->items[L->nitems++];
	x->entry = e;
	x->id = id;
	x->text = text;
}

/* The block's id: the one the plan gave it, else a new "tag-SLUG-N". */
static const char *epub_legend_block_id(epub_writer *w, pcv_node *n, const char *slug,
                                        int *counter)
{
	const char *id = epub_pmap_get(&w->ids, n);
	char buf[96];

	if (id)
		return id;
	do
		snprintf(buf, sizeof buf, "tag-%.60s-%d", slug, ++*counter);
	while (epub_map_get(&w->idset, buf, NULL));
	epub_map_put(&w->idset, buf, -1);
	id = pcv_doc_strdup(w->doc, buf);
	epub_pmap_put(&w->ids, n, id);
	return id;
}

static void epub_legend_collect(epub_writer *w, struct epub_legend *L)
{
	pcv_iter it;
	pcv_event ev;
	int counter = 0;

	pcv_iter_init(&it, w->root);
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
			e = epub_legend_find(L, p, len);
			p += len;
			if (e < 0 || !epub_legend_indexed(L, e))
				continue;
			if (!id) {
				id = epub_legend_block_id(w, n, L->entries[e].slug, &counter);
				text = epub_legend_excerpt(w, n);
			}
			epub_legend_add(L, e, id, text);
		}
	}
}

/* ------------------------------------------------------------------ */
/* The stylesheet                                                      */
/* ------------------------------------------------------------------ */

static const char epub_legend_css[] =
	"@charset \"utf-8\";\n"
	"span.emoji { border: 0; padding: 0; }\n"
	".legend-box { margin: 2em auto 0; text-align: left; display: table;\n"
	"  border: 1px solid currentColor; padding: 0.3em 0.8em; font-size: 0.9em;\n"
	"  page-break-inside: avoid; break-inside: avoid; }\n"
	".legend-box p.legend-title { margin: 0 0 0.2em; font-weight: bold; text-align: center; }\n"
	".legend-box table { border: 0; margin: 0; font-size: 1em; }\n"
	".legend-box td { border: 0; padding: 0.1em 0.5em 0.1em 0; }\n"
	".legend-box td.legend-marker { border-left: 0.3em solid currentColor;\n"
	"  padding-left: 0.4em; text-align: center; }\n"
	".legend-box td.legend-count { text-align: right; }\n"
	"section.legend-index ul { list-style-type: none; padding-left: 0.6em;\n"
	"  border-left: 0.2em solid currentColor; }\n"
	"section.legend-index li { margin: 0.25em 0; }\n";

/* css/legend.css: the rules above, then per tag a rule at the left of the
 * tagged blocks, in the tag's colour. */
static void epub_legend_stylesheet(epub_writer *w, struct epub_legend *L)
{
	epub_buf b = {0};
	size_t i;

	epub_buf_puts(&b, epub_legend_css);
	for (i = 0; i < L->nentries; i++) {
		const epub_lentry *e = &L->entries[i];
		const char *c = e->colour ? e->colour : "currentColor";

		if (!epub_legend_slug_ok(e->slug))
			continue;
		epub_buf_puts(&b, ".tag-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " { border-left: 0.25em solid ");
		epub_buf_puts(&b, c);
		epub_buf_puts(&b, "; padding-left: 0.6em; }\n.legend-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " td.legend-marker, section.legend-index ul.legend-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " { border-left-color: ");
		epub_buf_puts(&b, c);
		epub_buf_puts(&b, "; }\n");
	}
	epub_add_item(w, "css-legend", "css/legend.css", "text/css", b.s, b.len);
	w->legend_css = 1;
}

/* ------------------------------------------------------------------ */
/* The plugin's hooks                                                  */
/* ------------------------------------------------------------------ */

void epub_legend_prepare(epub_writer *w)
{
	pcv_meta *used = pcv_meta_get(pcv_doc_meta(w->doc), "legend-used");
	struct epub_legend *L;
	size_t i, n;

	if (!used || pcv_meta_kind_of(used) != PCV_META_LIST || !pcv_meta_count(used))
		return;
	L = epub_xmalloc(sizeof *L);
	memset(L, 0, sizeof *L);
	n = pcv_meta_count(used);
	L->entries = epub_xmalloc(n * sizeof *L->entries);
	for (i = 0; i < n; i++) {
		pcv_meta *m = pcv_meta_at(used, i, NULL);
		epub_lentry *e = &L->entries[L->nentries];

		if (!m || pcv_meta_kind_of(m) != PCV_META_MAP)
			continue;
		e->emoji = epub_legend_field(m, "emoji");
		e->meaning = epub_legend_field(m, "meaning");
		e->slug = epub_legend_field(m, "slug");
		e->count = epub_legend_field(m, "count");
		e->colour = epub_legend_colour(epub_legend_field(m, "colour"));
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
	epub_legend_order(w, L);
	if (pcv_option_bool(w->ctx, "epub.index"))
		epub_legend_collect(w, L);
}

void epub_legend_assets(epub_writer *w)
{
	if (w->legend)
		epub_legend_stylesheet(w, w->legend);
}

void epub_legend_box(epub_writer *w, xmlNodePtr parent)
{
	const struct epub_legend *L = w->legend;
	xmlNodePtr box, p, tbody;
	size_t i;

	if (!L || !pcv_option_bool(w->ctx, "epub.legend"))
		return;
	box = epub_el(parent, "div");
	epub_attr(box, "class", "legend-box");
	p = epub_el(box, "p");
	epub_attr(p, "class", "legend-title");
	epub_add_text(p, "Legend", 6);
	tbody = epub_el(epub_el(box, "table"), "tbody");
	for (i = 0; i < L->nentries; i++) {
		const epub_lentry *e = &L->entries[i];
		xmlNodePtr tr = epub_el(tbody, "tr"), td;

		if (epub_legend_slug_ok(e->slug)) {
			char cls[96];

			snprintf(cls, sizeof cls, "legend-%.80s", e->slug);
			epub_attr(tr, "class", cls);
		}
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-marker");
		epub_add_text(td, e->emoji, strlen(e->emoji));
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-meaning");
		epub_add_text(td, e->meaning, strlen(e->meaning));
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-count");
		if (e->count)
			epub_add_text(td, e->count, strlen(e->count));
	}
}

void epub_legend_index(epub_writer *w)
{
	const struct epub_legend *L = w->legend;
	xmlNodePtr body, sec, h, ul = NULL, li, a;
	xmlDocPtr doc;
	epub_chapter *c;
	const int *o;
	size_t i;
	int any = 0, ch, top = 7;

	if (!L || !L->nitems)
		return;
	doc = epub_xhtml_new(w, "Index", &body, "");
	sec = epub_el(body, "section");
	xmlSetNsProp(sec, w->ops_ns, (const xmlChar *)"type", (const xmlChar *)"backmatter");
	epub_attr(sec, "class", "legend-index");
	epub_attr(sec, "id", "legend-index");
	h = epub_el(sec, "h1");
	epub_add_text(h, "Index", 5);
	for (o = L->order; *o >= 0; o++) {
		const epub_lentry *e = &L->entries[*o];
		int group = 0;

		for (i = 0; i < L->nitems; i++) {
			const epub_indexed *x = &L->items[i];
			char href[256];
			epub_buf b = {0};

			if (x->entry != *o || !epub_map_get(&w->idset, x->id, &ch) || ch < 0 ||
			    (size_t)ch >= w->nchapters)
				continue;
			if (!group) {
				h = epub_el(sec, "h2");
				epub_buf_puts(&b, e->emoji);
				epub_buf_puts(&b, " ");
				epub_buf_puts(&b, e->meaning);
				epub_add_text(h, b.s, b.len);
				free(b.s);
				b.s = NULL;
				b.len = b.cap = 0;
				ul = epub_el(sec, "ul");
				if (epub_legend_slug_ok(e->slug)) {
					char cls[96];

					snprintf(cls, sizeof cls, "legend-%.80s", e->slug);
					epub_attr(ul, "class", cls);
				}
				group = 1;
			}
			/* ids are made of characters a URL fragment may hold as
			 * they are, but for '%' and the like: encode those */
			epub_buf_puts(&b, w->chapters[ch].file);
			epub_buf_puts(&b, "#");
			for (const char *p = x->id; *p; p++) {
				unsigned char u = (unsigned char)*p;

				if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
				    (u >= '0' && u <= '9') || strchr("-._~", u)) {
					epub_buf_put(&b, p, 1);
				} else {
					char enc[4];

					snprintf(enc, sizeof enc, "%%%02X", u);
					epub_buf_put(&b, enc, 3);
				}
			}
			snprintf(href, sizeof href, "%s", b.s);
			free(b.s);
			if (strlen(href) + 1 >= sizeof href)
				continue;
			li = epub_el(ul, "li");
			a = epub_el(li, "a");
			epub_attr(a, "href", href);
			epub_add_text(a, *x->text ? x->text : e->meaning,
			              strlen(*x->text ? x->text : e->meaning));
			any = 1;
		}
	}
	if (!any) {
		xmlFreeDoc(doc);
		return;
	}
	w->chapters = epub_xrealloc(w->chapters, (w->nchapters + 1) * sizeof *w->chapters);
	c = &w->chapters[w->nchapters++];
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "index");
	snprintf(c->file, sizeof c->file, "index.xhtml");
	c->title = "Index";
	c->xhtml = epub_xhtml_dump(doc, &c->len);
	xmlFreeDoc(doc);
	/* in the table of contents at its top level (without headings, the
	 * chapters fill it, this one with them) */
	if (!w->ntoc)
		return;
	for (i = 0; i < w->ntoc; i++)
		if (w->toc[i].level < top)
			top = w->toc[i].level;
	if (w->ntoc == w->captoc) {
		w->captoc = w->captoc * 2;
		w->toc = epub_xrealloc(w->toc, w->captoc * sizeof *w->toc);
	}
	w->toc[w->ntoc].level = top;
	w->toc[w->ntoc].chapter = (int)w->nchapters - 1;
	w->toc[w->ntoc].id = NULL;
	w->toc[w->ntoc].text = "Index";
	w->ntoc++;
}

void epub_legend_free(epub_writer *w)
{
	struct epub_legend *L = w->legend;

	if (!L)
		return;
	free(L->entries);
	free(L->items);
	free(L->order);
	free(L);
	w->legend = NULL;
}
