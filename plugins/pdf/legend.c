/*
 * legend.c -- the emoji legend in the PDF: a legend box after the title
 * block, tagged blocks set as callouts, and (pdf.index) an index of tagged
 * blocks with their pages.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and
 * a "tag" (and "tags") attribute on the headings, paragraphs, list items
 * and block quotes its markers mark.  After build.c has made the blocks,
 * pdf_legend_build():
 *
 *  - inserts the legend box: one text block after the title block, the
 *    markers used with their meaning (in the legend's colour) and count,
 *    drawn in a light frame inside the column;
 *  - finds, with one walk of the tree and two node maps, the blocks made
 *    inside each outermost tagged node (its callout) and the first block
 *    of every tagged node (where the index points);
 *  - with pdf.index, appends the index: a heading (in the outline), then
 *    per meaning of pdf.index-tags its marker and meaning and one entry per
 *    block -- an excerpt, a dotted leader and the page, linked to a named
 *    destination at the block (toc entries of layout.c's kind).
 *
 * While the pages are drawn, layout.c calls pdf_legend_draw() for every
 * run of lines of a text block: it draws the frame of the legend box, or a
 * callout's thin rule in the tag's colour in the margin beside the lines
 * (joined across the gaps between the blocks of one callout) and, at the
 * callout's first line, its marker in the margin when there is room.
 * Nothing here draws text outside the text area: the marker is a colour
 * emoji, painted as an image.
 *
 * A document without "legend-used" is left alone: no block is added or
 * changed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "../common/legend.h"

#define LEGEND_EXCERPT 72 /* bytes of an index entry's text, about */

/* A pointer -> value map (open addressing). */
typedef struct legend_slot {
	const void *key;
	int first;   /* first block made for the node, or -1 */
	int group;   /* callout group + 1 of the node, 0: none */
} legend_slot;

typedef struct legend_map {
	legend_slot *slots;
	size_t cap, count;
} legend_map;

/* An outermost tagged node: its callout. */
typedef struct legend_group {
	int entry;
	int first_block;
} legend_group;

/* A tagged node the index lists. */
typedef struct legend_item {
	const pcv_node *node;
	int entry;
	int block;   /* its first block, -1 while unknown */
} legend_item;

struct pdf_legend {
	pcvc_legend base;    /* the entries and the index's order */
	int box;             /* index of the legend box block, -1: none */
	int *group_of;       /* per block: callout group + 1, 0: none */
	size_t nblocks;      /* blocks group_of covers */
	legend_group *groups;
	size_t ngroups, capgroups;
	legend_item *items;
	size_t nitems, capitems;
	/* drawing: the last callout run drawn, to join the rule across gaps */
	int last_group, last_page;
	double last_x, last_bottom;
};

/* ------------------------------------------------------------------ */
/* The node map                                                        */
/* ------------------------------------------------------------------ */

static size_t legend_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= (uintptr_t)0x9E3779B97F4A7C15ull;
	return (size_t)(x ^ (x >> 29));
}

static legend_slot *legend_map_get(legend_map *m, const void *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = legend_hash(key) & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].key == key)
			return &m->slots[i];
	return NULL;
}

static legend_slot *legend_map_put(legend_map *m, const void *key)
{
	legend_slot *s = legend_map_get(m, key);

	if (s)
		return s;
	if ((m->count + 1) * 2 > m->cap) {
		legend_map old = *m;

		m->cap = old.cap ? old.cap * 2 : 256;
		m->slots = calloc(m->cap, sizeof *m->slots);
		if (!m->slots)
			abort();
		m->count = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*legend_map_put(m, old.slots[i].key) = old.slots[i];
		free(old.slots);
	}
	size_t i = legend_hash(key) & (m->cap - 1);
	while (m->slots[i].key)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].key = key;
	m->slots[i].first = -1;
	m->slots[i].group = 0;
	m->count++;
	return &m->slots[i];
}

/* ------------------------------------------------------------------ */
/* The legend used                                                     */
/* ------------------------------------------------------------------ */

static struct pdf_legend *legend_read(pdf_ctx *P)
{
	struct pdf_legend *L = pdf_xmalloc(sizeof *L);

	memset(L, 0, sizeof *L);
	if (!pcvc_legend_read(&L->base, P->ctx, P->doc, "pdf.index-tags")) {
		free(L);
		return NULL;
	}
	L->box = -1;
	L->last_group = -1;
	return L;
}

/* ------------------------------------------------------------------ */
/* Text of the blocks made here                                        */
/* ------------------------------------------------------------------ */

typedef struct legend_text {
	char *s;
	size_t len, cap;
	PangoAttrList *attrs;
} legend_text;

static void legend_put(legend_text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = pdf_xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = 0;
}

/* Appends s as valid UTF-8 without controls; spaces made no-break when
 * nbsp (so that an entry of the legend stays on one line). */
static void legend_put_clean(legend_text *t, const char *s, int nbsp)
{
	char *v = g_utf8_make_valid(s, -1);

	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029 || u == ' ')
			legend_put(t, nbsp && u == ' ' ? "\xc2\xa0" : " ", nbsp && u == ' ' ? 2 : 1);
		else
			legend_put(t, p, (size_t)(g_utf8_next_char(p) - p));
	}
	g_free(v);
}

static void legend_attr(legend_text *t, PangoAttribute *a, size_t start)
{
	pdf_attr_add(&t->attrs, a, start, t->len);
}

/* The emoji as an emoji object at the size of style, or in the emoji font. */
static void legend_emoji(pdf_ctx *P, legend_text *t, const char *emoji, int style)
{
	size_t start = t->len;
	PangoAttribute *a = g_utf8_validate(emoji, -1, NULL)
	                        ? pdf_emoji_attr(P, emoji, strlen(emoji), style)
	                        : NULL;

	if (a) {
		legend_put(t, "\xef\xbf\xbc", 3);
		legend_attr(t, a, start);
		return;
	}
	legend_put_clean(t, emoji, 0);
	legend_attr(t, pango_attr_family_new(P->o.emoji_font), start);
}

/* A colour dark enough to read as text on white. */
static PangoAttribute *legend_fg(const double c[3])
{
	double k = 1;
	double lum = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];

	if (lum > 0.45)
		k = 0.45 / lum;
	return pango_attr_foreground_new((guint16)(c[0] * k * 65535), (guint16)(c[1] * k * 65535),
	                                 (guint16)(c[2] * k * 65535));
}

/* A new block at the end of P->blocks, made as build.c makes them. */
static pdf_block *legend_block(pdf_ctx *P, int kind, int style)
{
	return pdf_block_add(P, kind, style, pcv_doc_root(P->doc));
}

static void legend_take(pdf_block *b, legend_text *t)
{
	b->text = t->s ? t->s : pdf_xstrndup("", 0);
	b->len = t->len;
	b->attrs = t->attrs;
	memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ */
/* The legend box                                                      */
/* ------------------------------------------------------------------ */

static void legend_box(pdf_ctx *P, struct pdf_legend *L)
{
	double fs = P->o.font_size;
	legend_text t = {0};

	legend_put(&t, "Legend", 6);
	legend_attr(&t, pango_attr_family_new(P->o.heading_font), 0);
	legend_attr(&t, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
	for (size_t i = 0; i < L->base.nentries; i++) {
		const pcvc_lentry *e = &L->base.entries[i];
		double rgb[3];
		legend_put(&t, i ? "\xe2\x80\x83 " : "\xe2\x80\x83\xe2\x80\x83", i ? 4 : 6);
		legend_emoji(P, &t, e->emoji, PDF_ST_CELL);
		legend_put(&t, "\xc2\xa0", 2);
		size_t start = t.len;
		legend_put_clean(&t, e->meaning, 1);
		if (pcvc_legend_rgb(e->colour, rgb))
			legend_attr(&t, legend_fg(rgb), start);
		legend_attr(&t, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
		if (e->count) {
			legend_put(&t, "\xc2\xa0", 2);
			start = t.len;
			legend_put(&t, "\xc3\x97", 2); /* × */
			legend_put(&t, e->count, strlen(e->count));
			legend_attr(&t, pango_attr_foreground_new(0x5500, 0x5500, 0x5500), start);
		}
	}
	/* after the title block: the blocks of the title's styles at the start */
	size_t at = 0;
	while (at < P->nblocks && P->blocks[at].kind == PDF_BK_TEXT &&
	       (P->blocks[at].style == PDF_ST_TITLE || P->blocks[at].style == PDF_ST_SUBTITLE ||
	        P->blocks[at].style == PDF_ST_AUTHOR))
		at++;
	pdf_block *nb = legend_block(P, PDF_BK_TEXT, PDF_ST_CELL);
	legend_take(nb, &t);
	nb->indent = 0.8 * fs;
	nb->pad = 0.55 * fs;
	nb->before = 0.6 * fs;
	nb->after = 1.6 * fs;
	pdf_block box = *nb;
	memmove(P->blocks + at + 1, P->blocks + at, (P->nblocks - 1 - at) * sizeof *P->blocks);
	P->blocks[at] = box;
	/* table of contents entries point at blocks by index */
	for (size_t i = 0; i < P->nblocks; i++)
		if (P->blocks[i].kind == PDF_BK_TOC && P->blocks[i].target >= (int)at)
			P->blocks[i].target++;
	L->box = (int)at;
}

/* ------------------------------------------------------------------ */
/* Callouts and the first blocks of tagged nodes                       */
/* ------------------------------------------------------------------ */

/* The legend entry of a tagged block (its first tag), or -1. */
static int legend_entry_of(const struct pdf_legend *L, const pcv_node *n)
{
	const char *tag;

	if (!pcvc_legend_taggable(n))
		return -1;
	tag = pcv_node_get_attr(n, "tag");
	return tag ? pcvc_legend_find(&L->base, tag, strlen(tag)) : -1;
}

static void legend_add_item(struct pdf_legend *L, const pcv_node *n, int e)
{
	if (L->nitems == L->capitems) {
		L->capitems = L->capitems ? L->capitems * 2 : 32;
		L->items = pdf_xrealloc(L->items, L->capitems * sizeof *L->items);
	}
	L->items[L->nitems].node = n;
	L->items[L->nitems].entry = e;
	L->items[L->nitems].block = -1;
	L->nitems++;
}

static void legend_callouts(pdf_ctx *P, struct pdf_legend *L, int index)
{
	legend_map map = {0};
	size_t *pending = NULL, npending = 0, cappending = 0;

	/* the first block of each node that made one */
	for (size_t i = 0; i < P->nblocks; i++) {
		const pdf_block *b = &P->blocks[i];
		if (!b->node || b->kind == PDF_BK_TOC || (int)i == L->box)
			continue;
		legend_slot *s = legend_map_put(&map, b->node);
		if (s->first < 0)
			s->first = (int)i;
	}
	pcv_iter it;
	pcv_event ev;
	const pcv_node *outer = NULL;
	int group = 0;
	pcv_iter_init(&it, pcv_doc_root(P->doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (ev == PCV_EVENT_EXIT) {
			if (n == outer)
				outer = NULL;
			while (npending && L->items[pending[npending - 1]].node == n)
				npending--; /* made no block */
			continue;
		}
		if (t == PCV_NODE_FOOTNOTE_DEF || PCV_NODE_IS_MATH(t) ||
		    (PCV_NODE_IS_INLINE(t) && t != PCV_NODE_IMAGE)) {
			pcv_iter_skip_children(&it);
			continue;
		}
		int e = legend_entry_of(L, n);
		if (e >= 0 && !outer) {
			outer = n;
			if (L->ngroups == L->capgroups) {
				L->capgroups = L->capgroups ? L->capgroups * 2 : 32;
				L->groups = pdf_xrealloc(L->groups, L->capgroups * sizeof *L->groups);
			}
			L->groups[L->ngroups].entry = e;
			L->groups[L->ngroups].first_block = -1;
			group = (int)++L->ngroups;
		}
		if (index && e >= 0) {
			/* every tag of the block that the index lists */
			const char *pos = NULL;
			int k;
			while ((k = pcvc_legend_next_indexed(&L->base, n, &pos)) >= 0) {
				legend_add_item(L, n, k);
				if (npending == cappending) {
					cappending = cappending ? cappending * 2 : 16;
					pending = pdf_xrealloc(pending, cappending * sizeof *pending);
				}
				pending[npending++] = L->nitems - 1;
			}
		}
		legend_slot *s = legend_map_get(&map, n);
		if (!s || s->first < 0)
			continue;
		if (outer) {
			s->group = group;
			if (L->groups[group - 1].first_block < 0)
				L->groups[group - 1].first_block = s->first;
		}
		while (npending)
			L->items[pending[--npending]].block = s->first;
	}
	L->nblocks = P->nblocks;
	L->group_of = calloc(P->nblocks + 1, sizeof *L->group_of);
	if (!L->group_of)
		abort();
	for (size_t i = 0; i < P->nblocks; i++) {
		const pdf_block *b = &P->blocks[i];
		if (!b->node || b->kind == PDF_BK_TOC || (int)i == L->box)
			continue;
		legend_slot *s = legend_map_get(&map, b->node);
		if (s)
			L->group_of[i] = s->group;
	}
	free(map.slots);
	free(pending);
}

/* ------------------------------------------------------------------ */
/* The index                                                           */
/* ------------------------------------------------------------------ */

static void legend_index(pdf_ctx *P, struct pdf_legend *L)
{
	double fs = P->o.font_size;
	int any = 0;

	for (size_t i = 0; i < L->nitems; i++)
		if (L->items[i].block >= 0)
			any = 1;
	if (!any)
		return;
	int level = P->top_level >= 1 && P->top_level <= 6 ? P->top_level : 1;
	pdf_block *h = legend_block(P, PDF_BK_TEXT, PDF_ST_H1 + level - 1);
	legend_text t = {0};
	legend_put(&t, "Index", 5);
	legend_take(h, &t);
	h->node = NULL;
	h->level = level;
	h->toc_level = level;
	h->keep_next = 1;
	h->dest = P->ndests++;
	h->before = 1.9 * fs;
	h->after = 0.6 * fs;
	for (const int *o = L->base.order; *o >= 0; o++) {
		const pcvc_lentry *e = &L->base.entries[*o];
		double rgb[3];
		int group = 0;
		for (size_t i = 0; i < L->nitems; i++) {
			legend_item *x = &L->items[i];
			if (x->entry != *o || x->block < 0)
				continue;
			if (!group) {
				pdf_block *g = legend_block(P, PDF_BK_TEXT, PDF_ST_TOCHEAD);
				legend_emoji(P, &t, e->emoji, PDF_ST_TOCHEAD);
				legend_put(&t, " ", 1);
				size_t start = t.len;
				legend_put_clean(&t, e->meaning, 0);
				if (pcvc_legend_rgb(e->colour, rgb))
					legend_attr(&t, legend_fg(rgb), start);
				legend_take(g, &t);
				g->keep_next = 1;
				g->before = 0.9 * fs;
				g->after = 0.3 * fs;
				group = 1;
			}
			pdf_block *tb = &P->blocks[x->block];
			if (tb->dest < 0)
				tb->dest = P->ndests++;
			pdf_block *b = legend_block(P, PDF_BK_TOC, PDF_ST_TOC);
			char *ex = pcvc_legend_excerpt(x->node, LEGEND_EXCERPT);
			legend_put_clean(&t, *ex ? ex : e->meaning, 0);
			free(ex);
			legend_take(b, &t);
			b->node = x->node;
			b->target = x->block;
			b->indent = 1.2 * fs;
			b->before = b->after = 0.12 * fs;
		}
	}
}

/* ------------------------------------------------------------------ */
/* The hooks                                                           */
/* ------------------------------------------------------------------ */

void pdf_legend_build(pdf_ctx *P)
{
	struct pdf_legend *L = legend_read(P);

	if (!L)
		return;
	P->legend = L;
	if (pcv_option_bool(P->ctx, "pdf.legend"))
		legend_box(P, L);
	int index = pcv_option_bool(P->ctx, "pdf.index");
	legend_callouts(P, L, index);
	if (index)
		legend_index(P, L);
}

double pdf_legend_inset(const pdf_ctx *P, const pdf_block *b)
{
	const struct pdf_legend *L = P->legend;

	if (!L || L->box < 0 || b != &P->blocks[L->box])
		return 0;
	return 0.8 * P->o.font_size;
}

static void legend_set_colour(cairo_t *cr, const pcvc_lentry *e)
{
	double rgb[3];

	if (pcvc_legend_rgb(e->colour, rgb))
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	else
		cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
}

/* The marker of a callout in the margin, right-aligned at x_right. */
static void legend_marker(pdf_ctx *P, const pcvc_lentry *e, double x_right, double baseline,
                          double room)
{
	legend_text t = {0};
	legend_emoji(P, &t, e->emoji, PDF_ST_MARKER);
	PangoLayout *lay = pango_layout_new(P->pango);
	pango_layout_set_font_description(lay, P->fonts[PDF_ST_MARKER]);
	pdf_layout_tag(P, lay, PDF_ST_MARKER);
	pango_layout_set_text(lay, t.s, (int)t.len);
	pango_layout_set_attributes(lay, t.attrs);
	PangoRectangle log;
	pdf_layout_extents(lay, NULL, &log);
	double w = (double)log.width / PANGO_SCALE;
	if (w <= room) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
		if (line)
			pdf_draw_line(P, lay, line, x_right - w, baseline);
	}
	g_object_unref(lay);
	pango_attr_list_unref(t.attrs);
	free(t.s);
}

void pdf_legend_draw(pdf_ctx *P, const pdf_block *b, double x0, double top, double bottom,
                     double gap, int first, double baseline)
{
	struct pdf_legend *L = P->legend;
	double fs = P->o.font_size;

	if (!L || b < P->blocks || b >= P->blocks + L->nblocks)
		return;
	size_t i = (size_t)(b - P->blocks);
	cairo_t *cr = P->cr;
	if ((int)i == L->box) {
		cairo_save(cr);
		cairo_rectangle(cr, x0 + 0.5, top + 0.5, P->col_w - 1, bottom - top - 1);
		cairo_set_source_rgb(cr, 0.975, 0.975, 0.97);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 0.72, 0.72, 0.72);
		cairo_set_line_width(cr, 0.8);
		cairo_stroke(cr);
		cairo_restore(cr);
		return;
	}
	int g = L->group_of[i];
	if (!g)
		return;
	const legend_group *grp = &L->groups[g - 1];
	const pcvc_lentry *e = &L->base.entries[grp->entry];
	/* the rule, in the margin (in the gap between columns, on the right
	 * one); joined to the last run of the same callout in this frame */
	double rx = x0 - 0.55 * fs;
	double t = top;
	if (L->last_group == g && L->last_page == P->page && L->last_x == x0 && L->last_bottom < top &&
	    top - L->last_bottom <= gap + 0.01)
		t = L->last_bottom;
	cairo_save(cr);
	legend_set_colour(cr, e);
	cairo_set_line_width(cr, 1.8);
	cairo_move_to(cr, rx, t);
	cairo_line_to(cr, rx, bottom);
	cairo_stroke(cr);
	cairo_restore(cr);
	L->last_group = g;
	L->last_page = P->page;
	L->last_x = x0;
	L->last_bottom = bottom;
	if (first && grp->first_block == (int)i) {
		/* the margin left of the rule: the page's margin, or half the gap
		 * between the columns */
		double room = x0 - P->o.margin_l > 1 ? P->o.col_gap / 2 - 0.55 * fs - 0.2 * fs
		                                     : P->o.margin_l - 0.55 * fs - 0.4 * fs;
		legend_marker(P, e, rx - 0.45 * fs, baseline, room - 0.15 * fs);
	}
}

void pdf_legend_free(pdf_ctx *P)
{
	struct pdf_legend *L = P->legend;

	if (!L)
		return;
	pcvc_legend_free(&L->base);
	free(L->group_of);
	free(L->groups);
	free(L->items);
	free(L);
	P->legend = NULL;
}
