/*
 * build.c -- the document tree becomes a flat array of blocks.
 *
 * One walk with pcv_iter (no recursion).  Inline nodes are collected into a
 * text buffer while a PangoAttrList records their styles; containers (block
 * quotes, lists, items) live on an explicit stack that gives indentation,
 * quote rules and list markers to the blocks made inside them.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "pdf.h"
#include "../common/slug.h"

/* ------------------------------------------------------------------ */
/* A link attribute: an int attribute of our own type, so that every run
 * of a laid-out line carries the link it belongs to in its extra_attrs. */

typedef struct pdf_attr_int {
	PangoAttribute attr;
	int value;
} pdf_attr_int;

static PangoAttribute *build_attr_copy(const PangoAttribute *a);
static void build_attr_destroy(PangoAttribute *a);
static gboolean build_attr_equal(const PangoAttribute *a, const PangoAttribute *b);

static PangoAttrClass build_link_class = {0, build_attr_copy, build_attr_destroy,
                                          build_attr_equal};

PangoAttrType pdf_attr_link_type(void)
{
	if (!build_link_class.type)
		build_link_class.type = pango_attr_type_register("paissconv-link");
	return build_link_class.type;
}

PangoAttribute *pdf_attr_link_new(int link)
{
	pdf_attr_int *a = g_new(pdf_attr_int, 1);
	pdf_attr_link_type();
	pango_attribute_init(&a->attr, &build_link_class);
	a->value = link;
	return &a->attr;
}

int pdf_attr_link_value(const PangoAttribute *a)
{
	return ((const pdf_attr_int *)a)->value;
}

static PangoAttribute *build_attr_copy(const PangoAttribute *a)
{
	PangoAttribute *n = pdf_attr_link_new(pdf_attr_link_value(a));
	n->start_index = a->start_index;
	n->end_index = a->end_index;
	return n;
}

static void build_attr_destroy(PangoAttribute *a)
{
	g_free(a);
}

static gboolean build_attr_equal(const PangoAttribute *a, const PangoAttribute *b)
{
	return pdf_attr_link_value(a) == pdf_attr_link_value(b);
}

/* ------------------------------------------------------------------ */
/* Anchors: name -> anchor id.  A table of open addressing. */

typedef struct pdf_anchor {
	char *name;
	int id;
	const pcv_node *node; /* the node that defined it first */
} pdf_anchor;

typedef struct build_map {
	pdf_anchor *slots;
	size_t cap, count;
} build_map;

static size_t build_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static pdf_anchor *build_map_find(build_map *m, const char *name)
{
	if (!m->cap)
		return NULL;
	size_t i = build_hash(name) & (m->cap - 1);
	while (m->slots[i].name) {
		if (!strcmp(m->slots[i].name, name))
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Adds name unless present; returns the entry. */
static pdf_anchor *build_map_add(build_map *m, const char *name, int id, const pcv_node *node)
{
	pdf_anchor *e = build_map_find(m, name);
	if (e)
		return e;
	if ((m->count + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		pdf_anchor *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			abort();
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].name)
				continue;
			size_t j = build_hash(m->slots[i].name) & (ncap - 1);
			while (ns[j].name)
				j = (j + 1) & (ncap - 1);
			ns[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	size_t i = build_hash(name) & (m->cap - 1);
	while (m->slots[i].name)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].name = pdf_xstrndup(name, strlen(name));
	m->slots[i].id = id;
	m->slots[i].node = node;
	m->count++;
	return &m->slots[i];
}

static void build_map_free(build_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].name);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

/* ------------------------------------------------------------------ */
/* The builder's state. */

typedef struct build_inline {
	const pcv_node *node;
	size_t start;
	int type;
	int link; /* link index or -1 */
} build_inline;

typedef struct build_cont {
	int type;
	double indent;
	int nbars;
	double bars[PDF_MAX_BARS];
	int list_type, counter, tight, depth; /* lists */
	char delim;
} build_cont;

typedef struct build_row {
	pdf_block *cells;
	int n, cap;
	int header; /* one of the table's leading header rows */
} build_row;

/* A heading's generated id: the anchor it defines. */
typedef struct build_head {
	const pcv_node *node;
	int anchor;
} build_head;

typedef struct build {
	pdf_ctx *P;
	build_map anchors;  /* anchor name -> id */
	size_t first_block;  /* the first block after the title block */
	int title_block;     /* the block of the title line, or -1 */
	pcvc_suffixes anchor_suffixes; /* where each heading slug's search resumes */
	build_head *heads;  /* headings without an "id": sorted by node address */
	size_t nheads, capheads;
	build_map fnlabels; /* footnote label -> footnote def (id = -1 until numbered) */
	int nanchors;
	int *adest;         /* anchor id -> dest, -1 until attached */

	/* the text being collected */
	int active, style;
	char *buf;
	size_t len, cap;
	PangoAttrList *attrs;
	pdf_ref *refs;
	size_t nrefs, caprefs;
	int in_link;
	const pcv_node *text_node;

	build_inline *is;
	size_t nis, capis;
	build_cont *cs;
	size_t ncs, capcs;

	char *marker;           /* pending list marker */
	double marker_right;
	int *pending;           /* anchor ids waiting for the next block */
	size_t npending, cappending;

	int table_depth, in_cell;
	build_row *rows;
	int nrows, caprows;
	const pcv_node *table_node;
	int fn_body;            /* building a footnote body */
	int trim;               /* drop the spaces that begin the text */
} build;

static double build_indent(const build *B)
{
	return B->ncs ? B->cs[B->ncs - 1].indent : 0;
}

/* ------------------------------------------------------------------ */
/* Text collection. */

static void build_reserve(build *B, size_t more)
{
	if (B->len + more + 1 <= B->cap)
		return;
	size_t ncap = B->cap ? B->cap : 256;
	while (ncap < B->len + more + 1)
		ncap *= 2;
	B->buf = pdf_xrealloc(B->buf, ncap);
	B->cap = ncap;
}

static void build_raw(build *B, const char *s, size_t n)
{
	build_reserve(B, n);
	memcpy(B->buf + B->len, s, n);
	B->len += n;
	B->buf[B->len] = 0;
}

/* Appends text made valid UTF-8 without control characters.  In code
 * (keep_lines) newlines and tabs stay; elsewhere they become spaces. */
static void build_text(build *B, const char *s, size_t n, int keep_lines)
{
	const char *p = s, *end = s + n, *run = s;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c < 0x7f) {
			p++;
			continue;
		}
		if (c >= 0x80) {
			gunichar u = g_utf8_get_char_validated(p, end - p);
			if (u != (gunichar)-1 && u != (gunichar)-2 && u >= 0xa0 && u != 0x2028 &&
			    u != 0x2029 && u != 0xfeff) {
				p = g_utf8_next_char(p);
				continue;
			}
			build_raw(B, run, p - run);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				build_raw(B, "\xef\xbf\xbd", 3);
				p++;
			} else {
				if (u != 0xfeff)
					build_raw(B, " ", 1);
				p = g_utf8_next_char(p);
			}
			run = p;
			continue;
		}
		build_raw(B, run, p - run);
		if (keep_lines && c == '\n')
			build_raw(B, "\n", 1);
		else if (keep_lines && c == '\t')
			build_raw(B, "    ", 4);
		else if (c != '\r')
			build_raw(B, " ", 1);
		p++;
		run = p;
	}
	build_raw(B, run, p - run);
}

void pdf_attr_add(PangoAttrList **list, PangoAttribute *a, size_t start, size_t end)
{
	if (start >= end) {
		pango_attribute_destroy(a);
		return;
	}
	if (!*list)
		*list = pango_attr_list_new();
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(*list, a);
}

static void build_attr(build *B, PangoAttribute *a, size_t start)
{
	pdf_attr_add(&B->attrs, a, start, B->len);
}

static void build_begin(build *B, int style, const pcv_node *node)
{
	B->active = 1;
	B->style = style;
	B->len = 0;
	if (B->buf)
		B->buf[0] = 0;
	B->attrs = NULL;
	B->refs = NULL;
	B->nrefs = B->caprefs = 0;
	B->text_node = node;
}

void pdf_block_init(pdf_block *b, int kind, int style, const pcv_node *node)
{
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->style = style;
	b->node = node;
	b->dest = -1;
	b->target = -1;
	b->align = PANGO_ALIGN_LEFT;
}

pdf_block *pdf_block_add(pdf_ctx *P, int kind, int style, const pcv_node *node)
{
	if (P->nblocks == P->capblocks) {
		P->capblocks = P->capblocks ? P->capblocks * 2 : 256;
		P->blocks = pdf_xrealloc(P->blocks, P->capblocks * sizeof *P->blocks);
	}
	pdf_block *b = &P->blocks[P->nblocks++];
	pdf_block_init(b, kind, style, node);
	return b;
}

static pdf_block *build_new_block(build *B, int kind, int style, const pcv_node *node)
{
	pdf_ctx *P = B->P;
	pdf_block *b = pdf_block_add(P, kind, style, node);
	b->indent = build_indent(B);
	if (B->ncs && B->cs[B->ncs - 1].nbars) {
		const build_cont *c = &B->cs[B->ncs - 1];
		b->nbars = (unsigned char)c->nbars;
		/* the blocks of a quote share its rules */
		if (!P->nbarsets || memcmp(P->barsets[P->nbarsets - 1], c->bars, sizeof c->bars)) {
			if (P->nbarsets == P->capbarsets) {
				P->capbarsets = P->capbarsets ? P->capbarsets * 2 : 16;
				P->barsets = pdf_xrealloc(P->barsets, P->capbarsets * sizeof *P->barsets);
			}
			memcpy(P->barsets[P->nbarsets++], c->bars, sizeof c->bars);
		}
		b->barset = (int)P->nbarsets - 1;
	}
	if (B->marker) {
		b->marker = B->marker;
		b->marker_right = B->marker_right;
		B->marker = NULL;
	}
	if (B->npending) {
		b->dest = P->ndests++;
		for (size_t i = 0; i < B->npending; i++)
			B->adest[B->pending[i]] = b->dest;
		B->npending = 0;
	}
	return b;
}

/* Attaches anchors defined by node (heading slug, "id" attribute). */
static void build_pending(build *B, int id)
{
	if (B->npending == B->cappending) {
		B->cappending = B->cappending ? B->cappending * 2 : 8;
		B->pending = pdf_xrealloc(B->pending, B->cappending * sizeof *B->pending);
	}
	B->pending[B->npending++] = id;
}

static int build_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n')
			return 0;
	return 1;
}

/* Closes open inline attributes at the current end (they continue at 0 in
 * the next buffer). */
static void build_close_inlines(build *B);

/* Gives b the collected text with its attributes and footnote marks. */
static void build_take_text(build *B, pdf_block *b)
{
	b->text = pdf_xstrndup(B->buf ? B->buf : "", B->len);
	b->len = B->len;
	b->attrs = B->attrs;
	b->refs = B->refs;
	b->nrefs = B->nrefs;
	B->attrs = NULL;
	B->refs = NULL;
}

/* Turns the collected text into a block; NULL when it was empty. */
static pdf_block *build_finish(build *B, int kind)
{
	if (!B->active)
		return NULL;
	build_close_inlines(B);
	B->active = 0;
	if (build_is_blank(B->buf ? B->buf : "", B->len) && !B->marker) {
		if (B->attrs)
			pango_attr_list_unref(B->attrs);
		free(B->refs);
		B->attrs = NULL;
		return NULL;
	}
	pdf_block *b = build_new_block(B, kind, B->style, B->text_node);
	build_take_text(B, b);
	return b;
}

/* ------------------------------------------------------------------ */
/* Anchors from nodes. */

/* Calls fn for each name="..." / id="..." in raw HTML. */
static void build_html_anchors(build *B, const pcv_node *node, const char *html, int define)
{
	if (!html)
		return;
	for (const char *p = html; *p; p++) {
		size_t kl;
		if (!strncmp(p, "name=", 5) || !strncmp(p, "NAME=", 5))
			kl = 5;
		else if (!strncmp(p, "id=", 3) || !strncmp(p, "ID=", 3))
			kl = 3;
		else
			continue;
		if (p > html && (isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_'))
			continue;
		const char *v = p + kl;
		char q = (*v == '"' || *v == '\'') ? *v++ : 0;
		const char *e = v;
		while (*e && (q ? *e != q : !isspace((unsigned char)*e) && *e != '>'))
			e++;
		if (e > v && e - v < 256) {
			char name[256];
			memcpy(name, v, e - v);
			name[e - v] = 0;
			if (define) {
				build_map_add(&B->anchors, name, B->nanchors, node);
				if (build_map_find(&B->anchors, name)->id == B->nanchors)
					B->nanchors++;
			} else {
				pdf_anchor *a = build_map_find(&B->anchors, name);
				if (a && a->node == node)
					build_pending(B, a->id);
			}
		}
		p = *e ? e : e - 1;
	}
}

static int build_head_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const build_head *)a)->node;
	uintptr_t y = (uintptr_t)((const build_head *)b)->node;
	return x < y ? -1 : x > y;
}

static int build_anchor_taken(void *anchors, const char *name)
{
	return build_map_find(anchors, name) != NULL;
}

/* After the pre-pass: the headings' GitHub-style ids, in document order,
 * clear of the ids given and of each other (as the html and epub writers
 * make them: plugins/common/slug.h). */
static void build_head_anchors(build *B)
{
	for (size_t i = 0; i < B->nheads; i++) {
		build_head *h = &B->heads[i];
		char *id = pcvc_heading_id(pcv_node_text((pcv_node *)h->node), build_anchor_taken,
		                           &B->anchors, &B->anchor_suffixes);
		build_map_add(&B->anchors, id, B->nanchors, h->node);
		h->anchor = B->nanchors++;
		free(id);
	}
	if (B->nheads > 1)
		qsort(B->heads, B->nheads, sizeof *B->heads, build_head_cmp);
}

/* Defines (pre-pass) or attaches (build) the anchors of a node: its "id"
 * attribute, or a heading's generated id. */
static void build_node_anchors(build *B, pcv_node *node, int define)
{
	const char *id = pcv_node_get_attr(node, "id");
	if (pcv_node_type(node) == PCV_NODE_HEADING && !id) {
		if (define) {
			if (B->nheads == B->capheads) {
				B->capheads = B->capheads ? B->capheads * 2 : 32;
				B->heads = pdf_xrealloc(B->heads, B->capheads * sizeof *B->heads);
			}
			B->heads[B->nheads].node = node;
			B->heads[B->nheads++].anchor = -1;
		} else if (B->nheads) {
			build_head key = {node, -1};
			build_head *h = bsearch(&key, B->heads, B->nheads, sizeof *B->heads,
			                        build_head_cmp);
			if (h)
				build_pending(B, h->anchor);
		}
		return;
	}
	if (!id || !*id)
		return;
	if (define) {
		pdf_anchor *a = build_map_add(&B->anchors, id, B->nanchors, node);
		if (a->id == B->nanchors)
			B->nanchors++;
	} else {
		pdf_anchor *a = build_map_find(&B->anchors, id);
		if (a && a->node == node)
			build_pending(B, a->id);
	}
}

/* Pre-pass: anchors and footnote definitions. */
static void build_prepass(build *B, pcv_node *root)
{
	pcv_iter it;
	pcv_iter_init(&it, root);
	pcv_event ev;
	int min_level = 7, count[8] = {0};
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev != PCV_EVENT_ENTER)
			continue;
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		switch (t) {
		case PCV_NODE_HEADING:
			if (pcv_node_heading_level(n) < min_level)
				min_level = pcv_node_heading_level(n);
			count[pcv_node_heading_level(n)]++;
			build_node_anchors(B, n, 1);
			break;
		case PCV_NODE_RAW_BLOCK:
		case PCV_NODE_RAW_INLINE:
			build_html_anchors(B, n, pcv_node_literal(n), 1);
			break;
		case PCV_NODE_FOOTNOTE_DEF: {
			const char *l = pcv_node_label(n);
			if (l)
				build_map_add(&B->fnlabels, l, -1, n);
			break;
		}
		default:
			if (pcv_node_get_attr(n, "id"))
				build_node_anchors(B, n, 1);
			break;
		}
	}
	build_head_anchors(B);
	B->P->top_level = min_level > 6 ? 1 : min_level;
	/* The running header names the current section; when the only heading
	 * of the top level is the notes' title, the sections are one level
	 * down. */
	B->P->header_level = B->P->top_level;
	if (min_level <= 6 && count[min_level] == 1)
		for (int l = min_level + 1; l <= 6; l++)
			if (count[l]) {
				B->P->header_level = l;
				break;
			}
	B->adest = pdf_xmalloc((B->nanchors + 1) * sizeof *B->adest);
	for (int i = 0; i < B->nanchors; i++)
		B->adest[i] = -1;
}

/* ------------------------------------------------------------------ */
/* Links and footnotes. */

static int build_link(build *B, int kind, const char *uri, int target)
{
	pdf_ctx *P = B->P;
	if (P->nlinks == P->caplinks) {
		P->caplinks = P->caplinks ? P->caplinks * 2 : 64;
		P->links = pdf_xrealloc(P->links, P->caplinks * sizeof *P->links);
	}
	pdf_link *l = &P->links[P->nlinks];
	l->kind = kind;
	l->uri = uri ? pdf_escape_attr(uri) : NULL;
	l->target = target;
	return (int)P->nlinks++;
}

/* The footnote index of a label, numbering it on first use; -1 if unknown. */
static int build_footnote(build *B, const char *label)
{
	pdf_ctx *P = B->P;
	pdf_anchor *a = label ? build_map_find(&B->fnlabels, label) : NULL;
	if (!a)
		return -1;
	if (a->id >= 0)
		return a->id;
	if (P->nfns == P->capfns) {
		P->capfns = P->capfns ? P->capfns * 2 : 16;
		P->fns = pdf_xrealloc(P->fns, P->capfns * sizeof *P->fns);
	}
	pdf_fn *f = &P->fns[P->nfns];
	memset(f, 0, sizeof *f);
	f->label = a->name;
	f->def = a->node;
	f->ref_dest = -1;
	a->id = (int)P->nfns++;
	return a->id;
}

static void build_add_ref(build *B, int fn)
{
	if (B->nrefs == B->caprefs) {
		B->caprefs = B->caprefs ? B->caprefs * 2 : 4;
		B->refs = pdf_xrealloc(B->refs, B->caprefs * sizeof *B->refs);
	}
	B->refs[B->nrefs].offset = B->len;
	B->refs[B->nrefs].fn = fn;
	B->nrefs++;
}

static void build_warn_raw(build *B, const pcv_node *n)
{
	if (!B->P->raw_dropped++)
		pcv_report_node(B->P->ctx, PCV_WARNING, n,
		                "raw %s dropped: the PDF writer does not render it",
		                pcv_node_info(n) ? pcv_node_info(n) : "content");
}

/* ------------------------------------------------------------------ */
/* Inline events. */

#define BUILD_MAX_ATTR_DEPTH 64

static void build_push_inline(build *B, const pcv_node *n, int type, int link)
{
	if (B->nis == B->capis) {
		B->capis = B->capis ? B->capis * 2 : 32;
		B->is = pdf_xrealloc(B->is, B->capis * sizeof *B->is);
	}
	B->is[B->nis].node = n;
	B->is[B->nis].start = B->len;
	B->is[B->nis].type = type;
	B->is[B->nis].link = link;
	B->nis++;
	if (type == PCV_NODE_LINK)
		B->in_link++;
}

static void build_apply_inline(build *B, const build_inline *e, size_t depth)
{
	if (depth >= BUILD_MAX_ATTR_DEPTH)
		return;
	switch (e->type) {
	case PCV_NODE_EMPH:
		build_attr(B, pango_attr_style_new(PANGO_STYLE_ITALIC), e->start);
		break;
	case PCV_NODE_STRONG:
		build_attr(B, pango_attr_weight_new(PANGO_WEIGHT_BOLD), e->start);
		break;
	case PCV_NODE_STRIKETHROUGH:
		build_attr(B, pango_attr_strikethrough_new(TRUE), e->start);
		break;
	case PCV_NODE_LINK:
		if (e->link >= 0) {
			build_attr(B, pango_attr_foreground_new(0x1a00, 0x4a00, 0x9000), e->start);
			build_attr(B, pdf_attr_link_new(e->link), e->start);
		}
		break;
	default:
		break;
	}
}

static void build_pop_inline(build *B)
{
	build_inline *e = &B->is[--B->nis];
	if (B->active)
		build_apply_inline(B, e, B->nis);
	if (e->type == PCV_NODE_LINK)
		B->in_link--;
}

static void build_close_inlines(build *B)
{
	for (size_t i = 0; i < B->nis; i++) {
		build_apply_inline(B, &B->is[i], i);
		B->is[i].start = 0;
	}
}

static void build_mono(build *B, const char *s, size_t n, int background)
{
	size_t start = B->len;
	build_text(B, s, n, 0);
	build_attr(B, pango_attr_family_new(B->P->o.mono_font), start);
	build_attr(B, pango_attr_scale_new(PDF_MONO_INLINE), start);
	if (background)
		build_attr(B, pango_attr_background_new(0xeeee, 0xeeee, 0xeeee), start);
}

static int build_hyphenated_style(int style)
{
	return style == PDF_ST_BODY || style == PDF_ST_FOOT;
}

/* Characters shown as emoji by default (Emoji_Presentation) in the BMP. */
static int build_emoji_bmp(gunichar u)
{
	static const unsigned short r[][2] = {
	    {0x231a, 0x231b}, {0x23e9, 0x23ec}, {0x23f0, 0x23f0}, {0x23f3, 0x23f3},
	    {0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267f, 0x267f},
	    {0x2693, 0x2693}, {0x26a1, 0x26a1}, {0x26aa, 0x26ab}, {0x26bd, 0x26be},
	    {0x26c4, 0x26c5}, {0x26ce, 0x26ce}, {0x26d4, 0x26d4}, {0x26ea, 0x26ea},
	    {0x26f2, 0x26f3}, {0x26f5, 0x26f5}, {0x26fa, 0x26fa}, {0x26fd, 0x26fd},
	    {0x2705, 0x2705}, {0x270a, 0x270b}, {0x2728, 0x2728}, {0x274c, 0x274c},
	    {0x274e, 0x274e}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	    {0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c}, {0x2b50, 0x2b50},
	    {0x2b55, 0x2b55}};
	if (u < r[0][0] || u > r[sizeof r / sizeof r[0] - 1][1])
		return 0;
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		if (u >= r[i][0] && u <= r[i][1])
			return 1;
	return 0;
}

static int build_emoji_mod(gunichar u)
{
	return u == 0xfe0f || u == 0x20e3 || (u >= 0x1f3fb && u <= 0x1f3ff) ||
	       (u >= 0xe0020 && u <= 0xe007f);
}

/* Makes the emoji sequence buf[s0, e0) an emoji object (one U+FFFC) or
 * gives it the emoji font, so that pictographs with a text default (🛠)
 * come in colour too.  Returns the sequence's new end. */
static size_t build_emoji_seq(build *B, size_t s0, size_t e0)
{
	/* U+FFFC takes 3 bytes: a shorter sequence keeps its text */
	PangoAttribute *a =
	    e0 - s0 >= 3 ? pdf_emoji_attr(B->P, B->buf + s0, e0 - s0, B->style) : NULL;
	size_t keep = B->len;
	if (a) {
		/* the rest of the text moves back */
		memcpy(B->buf + s0, "\xef\xbf\xbc", 3);
		memmove(B->buf + s0 + 3, B->buf + e0, B->len - e0 + 1);
		keep = B->len - (e0 - s0 - 3);
		e0 = s0 + 3;
	} else {
		a = pango_attr_family_new(B->P->o.emoji_font);
	}
	B->len = e0;
	build_attr(B, a, s0);
	B->len = keep;
	return e0;
}

/* The emoji sequences in buf[start, len) to build_emoji_seq. */
static void build_emoji_runs(build *B, size_t start)
{
	size_t i = start;
	while (i < B->len) {
		const char *p = B->buf + i, *end = B->buf + B->len;
		/* ASCII starts no emoji but a keycap's (a digit, # or * before
		 * U+FE0F) */
		if ((unsigned char)*p < 0x80 && !(end - p >= 4 && (unsigned char)p[1] == 0xef &&
		                                  (unsigned char)p[2] == 0xb8 && (unsigned char)p[3] == 0x8f)) {
			i++;
			continue;
		}
		gunichar u = g_utf8_get_char(p);
		const char *next = g_utf8_next_char(p);
		gunichar nu = next < end ? g_utf8_get_char(next) : 0;
		if (!((u >= 0x1f000 && u <= 0x1faff) || build_emoji_bmp(u) || (nu == 0xfe0f && u > 0x20))) {
			i = (size_t)(next - B->buf);
			continue;
		}
		const char *e = next;
		while (e < end) {
			gunichar c = g_utf8_get_char(e);
			if (build_emoji_mod(c) || (c >= 0x1f1e6 && c <= 0x1f1ff)) {
				e = g_utf8_next_char(e);
			} else if (c == 0x200d && g_utf8_next_char(e) < end) {
				e = g_utf8_next_char(g_utf8_next_char(e));
			} else {
				break;
			}
		}
		i = build_emoji_seq(B, i, (size_t)(e - B->buf));
	}
}

/* Text with zero-width spaces after the separators of URLs in it, so that
 * a long URL breaks at a slash rather than anywhere.  NULL when none. */
static char *build_url_breaks(const char *s, size_t n, size_t *outn)
{
	if (!memmem(s, n, "://", 3) && !memmem(s, n, "www.", 4))
		return NULL;
	char *o = pdf_xmalloc(n * 4 + 1);
	size_t k = 0, i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		int url = memmem(s + i, j - i, "://", 3) || (j - i > 4 && !memcmp(s + i, "www.", 4));
		for (size_t m = i; m < j; m++) {
			o[k++] = s[m];
			if (url && m + 1 < j && strchr("/.?&=-_#", s[m]) && s[m + 1] != '/')
				memcpy(o + k, "\xe2\x80\x8b", 3), k += 3;
		}
		while (j < n && s[j] == ' ')
			o[k++] = s[j++];
		i = j;
	}
	o[k] = 0;
	*outn = k;
	return o;
}

static void build_plain(build *B, const char *s, size_t n)
{
	size_t start = B->len;
	size_t un;
	char *u = build_url_breaks(s, n, &un);
	if (u) {
		s = u;
		n = un;
	}
	if (B->P->hyph && !B->in_link && build_hyphenated_style(B->style)) {
		build_text(B, s, n, 0);
		/* hyphenate the sanitised text in place */
		char *tmp = pdf_xstrndup(B->buf + start, B->len - start);
		size_t tn = B->len - start;
		B->len = start;
		pdf_hyph_text(B->P->hyph, tmp, tn, &B->buf, &B->len, &B->cap);
		build_reserve(B, 0);
		B->buf[B->len] = 0;
		free(tmp);
	} else {
		build_text(B, s, n, 0);
	}
	free(u);
	build_emoji_runs(B, start);
}

/* Handles an inline ENTER.  Returns 1 when the children must be skipped. */
static int build_inline_enter(build *B, pcv_iter *it)
{
	pcv_node *n = it->node;
	int t = pcv_node_type(n);
	const char *lit = pcv_node_literal(n);
	size_t ll = pcv_node_literal_len(n);
	int trim = B->trim && B->len == 0;
	B->trim = 0;
	switch (t) {
	case PCV_NODE_TEXT:
		while (trim && ll && (*lit == ' ' || *lit == '\t'))
			lit++, ll--;
		B->trim = trim && !ll;
		if (lit)
			build_plain(B, lit, ll);
		return 1;
	case PCV_NODE_SOFTBREAK:
		if (trim)
			B->trim = 1;
		else
			build_raw(B, " ", 1);
		return 1;
	case PCV_NODE_LINEBREAK:
		build_raw(B, "\xe2\x80\xa8", 3);
		return 1;
	case PCV_NODE_CODE:
		if (lit)
			build_mono(B, lit, ll, 1);
		return 1;
	case PCV_NODE_INLINE_MATH:
	case PCV_NODE_DISPLAY_MATH: {
		/* typeset: one inline object per piece, a break allowed between */
		PangoAttribute *pieces[64];
		int k = pdf_math_inline(B->P, n, B->style, B->P->col_w - build_indent(B), pieces, 64);
		for (int i = 0; i < k; i++) {
			if (i)
				build_raw(B, "\xe2\x80\x8b", 3);
			size_t start = B->len;
			build_raw(B, "\xef\xbf\xbc", 3);
			build_attr(B, pieces[i], start);
		}
		if (!k && lit)
			build_mono(B, lit, ll, 0);
		return 1;
	}
	case PCV_NODE_EMOJI: {
		size_t start = B->len;
		if (lit)
			build_text(B, lit, ll, 0);
		build_emoji_seq(B, start, B->len);
		return 1;
	}
	case PCV_NODE_RAW_INLINE:
		build_html_anchors(B, n, lit, 0);
		build_warn_raw(B, n);
		return 1;
	case PCV_NODE_FOOTNOTE_REF: {
		int fn = build_footnote(B, pcv_node_label(n));
		size_t start = B->len;
		if (fn < 0) {
			pcv_report_node(B->P->ctx, PCV_WARNING, n, "footnote [^%s] is not defined",
			                pcv_node_label(n) ? pcv_node_label(n) : "");
			build_raw(B, "[", 1);
			build_text(B, pcv_node_label(n) ? pcv_node_label(n) : "?",
			           strlen(pcv_node_label(n) ? pcv_node_label(n) : "?"), 0);
			build_raw(B, "]", 1);
			return 1;
		}
		char num[16];
		snprintf(num, sizeof num, "%d", fn + 1);
		build_add_ref(B, fn);
		build_raw(B, num, strlen(num));
		if (pdf_fonts_sups(B->P, B->style)) {
			/* the font's own superscript figures */
			build_attr(B, pango_attr_font_features_new("sups"), start);
		} else {
			/* figures scaled down (a font of that size) and raised as
			 * far in any style: in the layout's units */
			build_attr(B, pango_attr_rise_new((int)(B->P->o.font_size * 0.35 /
			                                        B->P->kscale[B->style] * PANGO_SCALE)),
			           start);
			build_attr(B, pango_attr_scale_new(0.68), start);
		}
		build_attr(B, pango_attr_foreground_new(0x1a00, 0x4a00, 0x9000), start);
		build_attr(B, pdf_attr_link_new(build_link(B, PDF_LINK_FNREF, NULL, fn)), start);
		return 1;
	}
	case PCV_NODE_IMAGE: {
		/* where no block may go: the alt text, in brackets */
		const char *alt = pcv_node_text(n);
		size_t start = B->len;
		build_raw(B, "[", 1);
		build_text(B, alt, strlen(alt), 0);
		build_raw(B, "]", 1);
		build_attr(B, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
		return 1;
	}
	case PCV_NODE_LINK: {
		const char *url = pcv_node_url(n);
		int link = -1;
		if (url && url[0] == '#') {
			pdf_anchor *a = build_map_find(&B->anchors, url + 1);
			if (a)
				link = build_link(B, PDF_LINK_DEST, NULL, a->id);
			else
				pcv_report_node(B->P->ctx, PCV_WARNING, n,
				                "link to %s: no such anchor in the document", url);
		} else if (url && *url) {
			link = build_link(B, PDF_LINK_URI, url, 0);
		}
		build_push_inline(B, n, t, link);
		return 0;
	}
	default:
		build_push_inline(B, n, t, -1);
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Containers. */

static build_cont *build_push_cont(build *B, int type, double add)
{
	if (B->ncs == B->capcs) {
		B->capcs = B->capcs ? B->capcs * 2 : 16;
		B->cs = pdf_xrealloc(B->cs, B->capcs * sizeof *B->cs);
	}
	build_cont *c = &B->cs[B->ncs];
	if (B->ncs)
		*c = B->cs[B->ncs - 1];
	else
		memset(c, 0, sizeof *c);
	B->ncs++;
	c->type = type;
	double cap = B->P->col_w * 0.45;
	if (c->indent + add <= cap)
		c->indent += add;
	return c;
}

static int build_list_depth(const build *B)
{
	for (size_t i = B->ncs; i-- > 0;)
		if (B->cs[i].type == PCV_NODE_LIST)
			return B->cs[i].depth;
	return 0;
}

static build_cont *build_parent_list(build *B)
{
	return B->ncs && B->cs[B->ncs - 1].type == PCV_NODE_LIST ? &B->cs[B->ncs - 1] : NULL;
}

static int build_in_tight_item(const build *B)
{
	for (size_t i = B->ncs; i-- > 0;) {
		if (B->cs[i].type == PCV_NODE_ITEM)
			return B->cs[i].tight;
		if (B->cs[i].type == PCV_NODE_BLOCK_QUOTE)
			return 0;
	}
	return 0;
}

static void build_item(build *B, pcv_node *n)
{
	double fs = B->P->o.font_size;
	build_cont *l = build_parent_list(B);
	char m[32];
	pcv_task task = pcv_node_task(n);
	if (task == PCV_TASK_OPEN)
		strcpy(m, PDF_TASK_OPEN);
	else if (task == PCV_TASK_DONE)
		strcpy(m, PDF_TASK_DONE);
	else if (l && l->list_type == PCV_LIST_ORDERED)
		snprintf(m, sizeof m, "%d%c", l->counter, l->delim ? l->delim : '.');
	else {
		/* • – ‣: characters most text fonts have */
		static const char *bullets[] = {"\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x80\xa3"};
		strcpy(m, bullets[(build_list_depth(B) + 2) % 3]);
	}
	if (l)
		l->counter++;
	int tight = l ? l->tight : 1;
	double before = build_indent(B);
	build_cont *c = build_push_cont(B, PCV_NODE_ITEM, 1.6 * fs);
	c->tight = tight;
	free(B->marker);
	B->marker = pdf_xstrndup(m, strlen(m));
	B->marker_right = before + 1.6 * fs - 0.45 * fs;
	if (B->marker_right < 0.5 * fs)
		B->marker_right = 0.5 * fs;
}

/* ------------------------------------------------------------------ */
/* Tables. */

static void build_table_begin(build *B, const pcv_node *n)
{
	B->nrows = 0;
	B->table_node = n;
}

static void build_row_begin(build *B, const pcv_node *n)
{
	if (B->nrows == B->caprows) {
		B->caprows = B->caprows ? B->caprows * 2 : 16;
		B->rows = pdf_xrealloc(B->rows, B->caprows * sizeof *B->rows);
	}
	build_row *r = &B->rows[B->nrows++];
	memset(r, 0, sizeof *r);
	r->header = pcv_node_is_header(n) && (B->nrows == 1 || r[-1].header);
}

/* The style of the cells of the row begun last: its inline formulas and
 * emoji are made for it. */
static int build_cell_style(const build *B)
{
	return B->nrows && B->rows[B->nrows - 1].header ? PDF_ST_HEADCELL : PDF_ST_CELL;
}

static void build_cell_end(build *B, const pcv_node *n)
{
	build_close_inlines(B);
	B->active = 0;
	if (!B->nrows)
		build_row_begin(B, n);
	build_row *r = &B->rows[B->nrows - 1];
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->cells = pdf_xrealloc(r->cells, r->cap * sizeof *r->cells);
	}
	pdf_block *c = &r->cells[r->n++];
	pdf_block_init(c, PDF_BK_TEXT, B->style, n);
	build_take_text(B, c);
	switch (pcv_node_align(n)) {
	case PCV_ALIGN_CENTER:
		c->align = PANGO_ALIGN_CENTER;
		break;
	case PCV_ALIGN_RIGHT:
		c->align = PANGO_ALIGN_RIGHT;
		break;
	default:
		c->align = PANGO_ALIGN_LEFT;
	}
}

static void build_table_end(build *B)
{
	int ncols = 0, hdr = 0;
	for (int i = 0; i < B->nrows; i++)
		if (B->rows[i].n > ncols)
			ncols = B->rows[i].n;
	while (hdr < B->nrows && B->rows[hdr].header)
		hdr++;
	/* a table of header rows only is drawn as they are */
	if (ncols == 0 || B->nrows == 0) {
		for (int i = 0; i < B->nrows; i++)
			free(B->rows[i].cells);
		B->nrows = 0;
		return;
	}
	pdf_table *t = pdf_xmalloc(sizeof *t);
	t->nrows = B->nrows;
	t->ncols = ncols;
	t->header_rows = hdr;
	t->cells = pdf_xmalloc((size_t)ncols * B->nrows * sizeof *t->cells);
	t->widths = pdf_xmalloc(ncols * sizeof *t->widths);
	t->row_h = pdf_xmalloc((size_t)B->nrows * sizeof *t->row_h);
	t->measured = 0;
	for (int i = 0; i < B->nrows; i++) {
		build_row *r = &B->rows[i];
		for (int j = 0; j < ncols; j++) {
			pdf_block *c = &t->cells[(size_t)i * ncols + j];
			if (j < r->n) {
				*c = r->cells[j];
			} else {
				pdf_block_init(c, PDF_BK_TEXT, i < hdr ? PDF_ST_HEADCELL : PDF_ST_CELL, NULL);
				c->text = pdf_xstrndup("", 0);
			}
		}
		free(r->cells);
	}
	B->nrows = 0;
	pdf_block *b = build_new_block(B, PDF_BK_TABLE, PDF_ST_CELL, B->table_node);
	b->table = t;
	b->before = b->after = 0.7 * B->P->o.font_size;
}

/* ------------------------------------------------------------------ */
/* Blocks. */

static void build_space(pdf_block *b, double before, double after)
{
	if (b) {
		b->before = before;
		b->after = after;
	}
}

/* Long paragraphs are laid out in pieces, consecutive blocks without space
 * between them: pango's line breaking of a long word and its attribute
 * iterator grow faster than linearly with the text and the attributes of
 * one layout. */
#define BUILD_PIECE_BYTES 8192
#define BUILD_PIECE_ATTRS 512

/* The end of the piece of t[0, len) that starts at s and may reach limit:
 * before the spaces at the last space, else at a character boundary.
 * *next: where the next piece starts (past those spaces). */
static size_t build_piece_end(const char *t, size_t len, size_t s, size_t limit, size_t *next)
{
	if (limit >= len) {
		*next = len;
		return len;
	}
	size_t p = limit;
	while (p > s && t[p] != ' ')
		p--;
	if (p > s) {
		size_t n = p;
		while (n < len && t[n] == ' ')
			n++;
		if (n >= len) {
			*next = len;
			return len;
		}
		while (p > s + 1 && t[p - 1] == ' ')
			p--;
		*next = n;
		return p;
	}
	/* a word longer than a piece: pango breaks it anywhere anyway */
	p = limit;
	while (p > s && ((unsigned char)t[p] & 0xc0) == 0x80)
		p--;
	if (p == s) {
		p = s + 1;
		while (p < len && ((unsigned char)t[p] & 0xc0) == 0x80)
			p++;
	}
	*next = p;
	return p;
}

/* Cuts the text block at P->blocks[bi] (the last one) into pieces when its
 * text or its attributes exceed the bounds.  Each piece gets its share of
 * the attributes (those across a cut go to both sides) and footnote marks;
 * the first keeps the destination, the marker and the space above, the
 * last the space below; all but the last justify their last line too. */
static void build_split(build *B, size_t bi)
{
	pdf_ctx *P = B->P;
	pdf_block *b = &P->blocks[bi];
	GSList *all = b->attrs ? pango_attr_list_get_attributes(b->attrs) : NULL;
	size_t na = g_slist_length(all);
	if (b->len <= BUILD_PIECE_BYTES && na <= BUILD_PIECE_ATTRS) {
		g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
		return;
	}
	PangoAttribute **as = pdf_xmalloc((na + 1) * sizeof *as);
	size_t k = 0;
	for (GSList *l = all; l; l = l->next)
		as[k++] = l->data;
	g_slist_free(all);
	PangoAttribute **open = pdf_xmalloc((na + 1) * sizeof *open);
	size_t nopen = 0, ai = 0, ri = 0;

	pdf_block whole = *b;
	double after = b->after;
	size_t s = 0, first = bi;
	while (s < whole.len) {
		size_t limit = s + BUILD_PIECE_BYTES, next;
		if (ai + BUILD_PIECE_ATTRS < na && as[ai + BUILD_PIECE_ATTRS]->start_index < limit)
			limit = as[ai + BUILD_PIECE_ATTRS]->start_index;
		size_t e = build_piece_end(whole.text, whole.len, s, limit, &next);
		pdf_block *pc;
		if (s == 0) {
			pc = &P->blocks[first];
		} else {
			pc = pdf_block_add(P, PDF_BK_TEXT, whole.style, whole.node);
			*pc = whole;
			pc->dest = -1;
			pc->marker = NULL;
			pc->before = 0;
		}
		pc->after = 0;
		pc->justify_last = whole.justify;
		pc->text = pdf_xstrndup(whole.text + s, e - s);
		pc->len = e - s;
		pc->attrs = NULL;
		/* attributes across the cut before s, then those starting before e */
		size_t keep = 0;
		for (size_t i = 0; i < nopen; i++) {
			PangoAttribute *a = open[i];
			if (a->end_index > s)
				pdf_attr_add(&pc->attrs, pango_attribute_copy(a), 0,
				             (a->end_index < e ? a->end_index : e) - s);
			if (a->end_index > e)
				open[keep++] = a;
		}
		nopen = keep;
		while (ai < na && as[ai]->start_index < e) {
			PangoAttribute *a = as[ai++];
			if (a->end_index > s) {
				size_t from = a->start_index > s ? a->start_index : s;
				size_t to = a->end_index < e ? a->end_index : e;
				pdf_attr_add(&pc->attrs, pango_attribute_copy(a), from - s, to - s);
			}
			if (a->end_index > e)
				open[nopen++] = a;
		}
		/* footnote marks */
		size_t r0 = ri;
		while (ri < whole.nrefs && whole.refs[ri].offset < e)
			ri++;
		while (r0 < ri && whole.refs[r0].offset < s)
			r0++;
		pc->nrefs = ri - r0;
		pc->refs = NULL;
		if (pc->nrefs) {
			pc->refs = pdf_xmalloc(pc->nrefs * sizeof *pc->refs);
			for (size_t i = 0; i < pc->nrefs; i++) {
				pc->refs[i] = whole.refs[r0 + i];
				pc->refs[i].offset -= s;
			}
		}
		s = next;
	}
	pdf_block *last = &P->blocks[P->nblocks - 1];
	last->after = after;
	last->justify_last = 0;
	for (size_t i = 0; i < na; i++)
		pango_attribute_destroy(as[i]);
	free(as);
	free(open);
	free(whole.text);
	if (whole.attrs)
		pango_attr_list_unref(whole.attrs);
	free(whole.refs);
}

static void build_para_finish(build *B)
{
	double fs = B->P->o.font_size;
	int style = B->style;
	pdf_block *b = build_finish(B, PDF_BK_TEXT);
	if (!b)
		return;
	if (style == PDF_ST_BODY) {
		b->justify = 1;
		build_space(b, 0, build_in_tight_item(B) ? 0.25 * fs : 0.65 * fs);
	}
	build_split(B, (size_t)(b - B->P->blocks));
}

static void build_image_block(build *B, pcv_node *n)
{
	double fs = B->P->o.font_size;
	const char *alt = pcv_node_text(n);
	pdf_block *b = build_new_block(B, PDF_BK_IMAGE, PDF_ST_CAPTION, n);
	b->image = pdf_image_load(B->P, n, pcv_node_url(n));
	b->text = pdf_xstrndup("", 0);
	build_space(b, 0.4 * fs, 0.5 * fs);
	if (!pdf_image_ok(b->image)) {
		/* the framed box shows the alt text itself */
		free(b->text);
		build_begin(B, PDF_ST_CAPTION, n);
		build_text(B, *alt ? alt : pcv_node_url(n) ? pcv_node_url(n) : "image",
		           strlen(*alt ? alt : pcv_node_url(n) ? pcv_node_url(n) : "image"), 0);
		b->text = pdf_xstrndup(B->buf, B->len);
		b->len = B->len;
		B->active = 0;
		return;
	}
	if (*alt) {
		b->keep_next = 1;
		build_begin(B, PDF_ST_CAPTION, n);
		build_text(B, alt, strlen(alt), 0);
		pdf_block *c = build_finish(B, PDF_BK_TEXT);
		if (c) {
			c->align = PANGO_ALIGN_CENTER;
			build_space(c, 0.2 * fs, 0.8 * fs);
			b->after = 0.2 * fs;
		}
	}
}

static void build_literal_block(build *B, pcv_node *n, int kind)
{
	double fs = B->P->o.font_size;
	const char *lit = pcv_node_literal(n);
	size_t ll = pcv_node_literal_len(n);
	if (!lit)
		lit = "", ll = 0;
	while (ll && (lit[ll - 1] == '\n' || lit[ll - 1] == '\r'))
		ll--;
	if (kind == PDF_BK_MATH)
		while (ll && isspace((unsigned char)*lit))
			lit++, ll--;
	build_begin(B, kind == PDF_BK_CODE ? PDF_ST_CODE : PDF_ST_MATH, n);
	build_text(B, lit, ll, 1);
	if (!B->len)
		build_raw(B, " ", 1);
	pdf_block *b = build_finish(B, kind);
	if (!b)
		return;
	if (kind == PDF_BK_CODE) {
		b->pad = 0.45 * fs;
		build_space(b, 0.3 * fs, 0.8 * fs);
	} else {
		b->align = PANGO_ALIGN_CENTER;
		build_space(b, 0.3 * fs, 0.7 * fs);
	}
}

/* Display math typeset as one centred object (its TeX when it cannot be). */
static void build_math_block(build *B, pcv_node *n)
{
	double fs = B->P->o.font_size;
	PangoAttribute *a = pdf_math_display(B->P, n, B->P->col_w - build_indent(B));
	if (!a) {
		build_literal_block(B, n, PDF_BK_MATH);
		return;
	}
	build_begin(B, PDF_ST_BODY, n);
	build_raw(B, "\xef\xbf\xbc", 3);
	build_attr(B, a, 0);
	pdf_block *b = build_finish(B, PDF_BK_MATH);
	if (!b)
		return;
	b->align = PANGO_ALIGN_CENTER;
	build_space(b, 0.75 * fs, 0.75 * fs);
}

/* The text of a block with its footnote numbers left out, its formulas as
 * their linear text and its emoji objects as their emoji (for the toc and
 * the running header); NULL when it holds no such thing. */
static char *build_plain_of(pdf_ctx *P, const pdf_block *b)
{
	if (!b->text || (!b->nrefs && (!b->attrs || !memmem(b->text, b->len, "\xef\xbf\xbc", 3))))
		return NULL;
	GSList *all = b->attrs ? pango_attr_list_get_attributes(b->attrs) : NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	size_t r = 0;
	for (size_t i = 0; i < b->len;) {
		const char *add = NULL;
		size_t alen = 0, skip = 0;
		if (r < b->nrefs && b->refs[r].offset == i) {
			r++;
			while (i + skip < b->len && isdigit((unsigned char)b->text[i + skip]))
				skip++;
		} else if (i + 3 <= b->len && !memcmp(b->text + i, "\xef\xbf\xbc", 3)) {
			skip = 3;
			for (GSList *l = all; l; l = l->next) {
				PangoAttribute *a = l->data;
				if (a->start_index != i)
					continue;
				if (pdf_math_is_shape(a))
					add = pdf_math_plain(P, a);
				else if (!(add = pdf_emoji_text(P, a)))
					continue;
				alen = strlen(add);
				break;
			}
		} else {
			add = b->text + i;
			alen = skip = 1;
		}
		if (len + alen + 1 > cap) {
			cap = (len + alen + 1) * 2;
			buf = pdf_xrealloc(buf, cap);
		}
		if (alen)
			memcpy(buf + len, add, alen);
		len += alen;
		i += skip ? skip : 1;
	}
	g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
	if (!buf)
		buf = pdf_xmalloc(1);
	buf[len] = 0;
	return buf;
}

/* Notes often begin with a heading that repeats their title: the title
 * line then stands for it (in the outline, the contents and as the target
 * of links to it) instead of printing it twice.  Only a heading of plain
 * text: one with a link or a footnote keeps its block. */
static void build_heading_as_title(build *B, pcv_node *n, pdf_block *b)
{
	pdf_ctx *P = B->P;
	if (B->title_block < 0 || (size_t)(b - P->blocks) != B->first_block || b->nrefs)
		return;
	for (pcv_node *c = pcv_node_first_child(n); c; c = pcv_node_next(c))
		if (pcv_node_type(c) != PCV_NODE_TEXT)
			return;
	if (strcmp(pcv_node_text(n), P->title) != 0)
		return;
	pdf_block *t = &P->blocks[B->title_block];
	t->level = b->level;
	t->toc_level = b->toc_level;
	t->dest = b->dest;
	t->node = b->node;
	b->dest = -1;
	pdf_block_free(b);
	P->nblocks--;
}

static void build_heading(build *B, pcv_node *n)
{
	double fs = B->P->o.font_size;
	int level = pcv_node_heading_level(n);
	if (level < 1 || level > 6)
		level = 1;
	pdf_block *b = build_finish(B, PDF_BK_TEXT);
	if (!b)
		return;
	static const double before[] = {0, 1.9, 1.5, 1.2, 1.0, 0.9, 0.9};
	static const double after[] = {0, 0.6, 0.5, 0.4, 0.35, 0.3, 0.3};
	build_space(b, before[level] * fs, after[level] * fs);
	b->plain = build_plain_of(B->P, b);
	b->keep_next = 1;
	b->level = level;
	b->toc_level = level;
	if (b->dest < 0)
		b->dest = B->P->ndests++;
	build_heading_as_title(B, n, b);
}

/* Ensures an inline collection is open for loose inlines. */
static void build_need_text(build *B, const pcv_node *n)
{
	if (!B->active)
		build_begin(B, PDF_ST_BODY, n);
}

static void build_flush(build *B)
{
	if (B->active && !B->in_cell)
		build_para_finish(B);
}

static void build_title(build *B)
{
	pdf_ctx *P = B->P;
	double fs = P->o.font_size;
	struct {
		const char *s;
		int style;
		double after;
	} lines[] = {{P->title, PDF_ST_TITLE, 0.5},
	             {P->subtitle, PDF_ST_SUBTITLE, 0.6},
	             {P->author, PDF_ST_AUTHOR, 0.2},
	             {P->date, PDF_ST_AUTHOR, 0.2}};
	pdf_block *last = NULL;
	B->title_block = -1;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (!lines[i].s || !*lines[i].s)
			continue;
		build_begin(B, lines[i].style, pcv_doc_root(P->doc));
		build_text(B, lines[i].s, strlen(lines[i].s), 0);
		pdf_block *b = build_finish(B, PDF_BK_TEXT);
		if (!b)
			continue;
		if (i == 0)
			B->title_block = (int)(b - P->blocks);
		b->align = PANGO_ALIGN_CENTER;
		build_space(b, 0, lines[i].after * fs);
		b->keep_next = 1;
		last = b;
	}
	if (last) {
		last->after = 2.0 * fs;
		last->keep_next = 0;
	}
}

/* Inserts the table of contents at position at. */
static void build_toc(build *B, size_t at)
{
	pdf_ctx *P = B->P;
	double fs = P->o.font_size;
	size_t n = 0;
	for (size_t i = at; i < P->nblocks; i++)
		if (P->blocks[i].toc_level && P->blocks[i].toc_level <= P->o.toc_depth)
			n++;
	if (!n)
		return;
	size_t add = n + 1;
	size_t old = P->nblocks;
	for (size_t k = 0; k < add; k++)
		build_new_block(B, PDF_BK_TOC, PDF_ST_TOC, NULL); /* grow */
	memmove(P->blocks + at + add, P->blocks + at, (old - at) * sizeof *P->blocks);
	pdf_block *h = &P->blocks[at];
	memset(h, 0, sizeof *h);
	h->kind = PDF_BK_TEXT;
	h->style = PDF_ST_TOCHEAD;
	h->dest = -1;
	h->target = -1;
	h->keep_next = 1;
	h->text = pdf_xstrndup("Contents", 8);
	h->len = 8;
	build_space(h, 0, 0.6 * fs);
	size_t k = at + 1;
	for (size_t i = at + add; i < P->nblocks; i++) {
		pdf_block *hb = &P->blocks[i];
		if (!hb->toc_level || hb->toc_level > P->o.toc_depth)
			continue;
		pdf_block *e = &P->blocks[k++];
		memset(e, 0, sizeof *e);
		e->kind = PDF_BK_TOC;
		e->style = hb->toc_level == P->top_level ? PDF_ST_TOCHEAD : PDF_ST_TOC;
		e->dest = -1;
		e->target = (int)i;
		e->node = hb->node;
		int rel = hb->toc_level - P->top_level;
		e->indent = (rel > 0 ? rel : 0) * 1.4 * fs;
		e->text = pdf_xstrndup(hb->plain ? hb->plain : hb->text,
		                       hb->plain ? strlen(hb->plain) : hb->len);
		e->len = hb->plain ? strlen(hb->plain) : hb->len;
		/* footnote marks and soft hyphens are not wanted in the toc */
		for (size_t r = hb->plain ? 0 : hb->nrefs; r-- > 0;) {
			size_t off = hb->refs[r].offset, end = off;
			while (end < e->len && isdigit((unsigned char)e->text[end]))
				end++;
			memmove(e->text + off, e->text + end, e->len - end + 1);
			e->len -= end - off;
		}
		build_space(e, rel <= 0 ? 0.5 * fs : 0.1 * fs, 0.1 * fs);
	}
	P->blocks[k - 1].after = 1.8 * fs;
}

/* Builds one footnote's body: its blocks flattened into paragraphs. */
static void build_fn_body(build *B, int index)
{
	pdf_ctx *P = B->P;
	const pcv_node *def = P->fns[index].def;
	build_begin(B, PDF_ST_FOOT, def);
	char num[24];
	snprintf(num, sizeof num, "%d", index + 1);
	build_raw(B, num, strlen(num));
	build_attr(B, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
	build_attr(B, pdf_attr_link_new(build_link(B, PDF_LINK_FNBACK, NULL, index)), 0);
	build_raw(B, "\xe2\x80\x82", 3); /* en space */
	size_t base_is = B->nis;
	int first = 1;
	pcv_iter it;
	pcv_iter_init(&it, (pcv_node *)def);
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (n == def)
			continue;
		if (ev == PCV_EVENT_EXIT) {
			if (B->nis > base_is && B->is[B->nis - 1].node == n)
				build_pop_inline(B);
			continue;
		}
		if (PCV_NODE_IS_BLOCK(t) && t != PCV_NODE_DISPLAY_MATH) {
			if (t == PCV_NODE_CODE_BLOCK) {
				if (!first)
					build_raw(B, "\n", 1);
				const char *lit = pcv_node_literal(n);
				if (lit)
					build_mono(B, lit, pcv_node_literal_len(n), 0);
				pcv_iter_skip_children(&it);
				first = 0;
				continue;
			}
			if (t == PCV_NODE_RAW_BLOCK) {
				build_warn_raw(B, n);
				pcv_iter_skip_children(&it);
				continue;
			}
			if ((t == PCV_NODE_PARAGRAPH || t == PCV_NODE_HEADING) && !first)
				build_raw(B, "\n", 1);
			if (t == PCV_NODE_TABLE_CELL)
				build_raw(B, " ", 1);
			if (t == PCV_NODE_PARAGRAPH || t == PCV_NODE_HEADING)
				first = 0;
			continue;
		}
		if (build_inline_enter(B, &it))
			pcv_iter_skip_children(&it);
	}
	while (B->nis > base_is)
		build_pop_inline(B);
	build_close_inlines(B);
	B->active = 0;
	pdf_block *b = &P->fns[index].body; /* fns may have grown */
	pdf_block_init(b, PDF_BK_TEXT, PDF_ST_FOOT, def);
	b->justify = 1;
	build_take_text(B, b);
}

/* ------------------------------------------------------------------ */

void pdf_build(pdf_ctx *P)
{
	build B;
	memset(&B, 0, sizeof B);
	B.P = P;
	pcv_node *root = pcv_doc_root(P->doc);
	build_prepass(&B, root);
	double fs = P->o.font_size;

	build_title(&B);
	size_t toc_at = P->nblocks;
	B.first_block = P->nblocks;

	pcv_iter it;
	pcv_iter_init(&it, root);
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (ev == PCV_EVENT_EXIT) {
			if (B.nis && B.is[B.nis - 1].node == n) {
				build_pop_inline(&B);
				continue;
			}
			if (B.in_cell && t != PCV_NODE_TABLE_CELL && t != PCV_NODE_TABLE)
				continue;
			switch (t) {
			case PCV_NODE_HEADING:
				if (!B.in_cell)
					build_heading(&B, n);
				break;
			case PCV_NODE_PARAGRAPH:
				build_flush(&B);
				break;
			case PCV_NODE_BLOCK_QUOTE:
			case PCV_NODE_LIST:
			case PCV_NODE_ITEM:
				build_flush(&B);
				if (B.ncs && B.cs[B.ncs - 1].type == t)
					B.ncs--;
				if (t == PCV_NODE_ITEM && B.marker) {
					/* an empty item still shows its marker */
					build_begin(&B, PDF_ST_BODY, n);
					build_raw(&B, " ", 1);
					B.active = 1;
					pdf_block *b = build_finish(&B, PDF_BK_TEXT);
					build_space(b, 0, 0.25 * fs);
					if (B.ncs && B.cs[B.ncs - 1].type == PCV_NODE_LIST)
						b->indent = B.cs[B.ncs - 1].indent + 1.6 * fs;
				}
				if (t == PCV_NODE_LIST && B.ncs == 0 && P->nblocks)
					P->blocks[P->nblocks - 1].after =
					    P->blocks[P->nblocks - 1].after > 0.65 * fs
					        ? P->blocks[P->nblocks - 1].after
					        : 0.65 * fs;
				break;
			case PCV_NODE_TABLE_CELL:
				if (B.table_depth == 1 && B.in_cell) {
					build_cell_end(&B, n);
					B.in_cell = 0;
				}
				break;
			case PCV_NODE_TABLE:
				if (B.table_depth == 1)
					build_table_end(&B);
				B.table_depth--;
				break;
			default:
				if (PCV_NODE_IS_BLOCK(t))
					build_flush(&B);
				break;
			}
			continue;
		}
		/* ENTER */
		if (B.in_cell) {
			/* inside a table cell: everything is inline */
			if (PCV_NODE_IS_BLOCK(t)) {
				if (t == PCV_NODE_CODE_BLOCK) {
					const char *lit = pcv_node_literal(n);
					if (lit)
						build_mono(&B, lit, pcv_node_literal_len(n), 1);
					pcv_iter_skip_children(&it);
				} else if (t == PCV_NODE_TABLE) {
					B.table_depth++;
				} else if (t == PCV_NODE_RAW_BLOCK) {
					build_warn_raw(&B, n);
					pcv_iter_skip_children(&it);
				} else if (t == PCV_NODE_FOOTNOTE_DEF) {
					pcv_iter_skip_children(&it);
				} else if (t == PCV_NODE_DISPLAY_MATH) {
					if (build_inline_enter(&B, &it))
						pcv_iter_skip_children(&it);
				} else if (B.len && t != PCV_NODE_TABLE_ROW) {
					build_raw(&B, " ", 1);
				}
				continue;
			}
			if (build_inline_enter(&B, &it))
				pcv_iter_skip_children(&it);
			continue;
		}
		switch (t) {
		case PCV_NODE_DOCUMENT:
			break;
		case PCV_NODE_HEADING: {
			build_flush(&B);
			int level = pcv_node_heading_level(n);
			build_node_anchors(&B, n, 0);
			build_begin(&B, PDF_ST_H1 + (level >= 1 && level <= 6 ? level - 1 : 0), n);
			break;
		}
		case PCV_NODE_PARAGRAPH:
			build_flush(&B);
			build_begin(&B, PDF_ST_BODY, n);
			break;
		case PCV_NODE_BLOCK_QUOTE: {
			build_flush(&B);
			double x = build_indent(&B);
			build_cont *c = build_push_cont(&B, t, 1.3 * fs);
			if (c->nbars < PDF_MAX_BARS && c->indent > x)
				c->bars[c->nbars++] = x + 0.3 * fs;
			break;
		}
		case PCV_NODE_LIST: {
			build_flush(&B);
			int depth = build_list_depth(&B) + 1;
			build_cont *c = build_push_cont(&B, t, 0);
			c->depth = depth;
			c->list_type = pcv_node_list_type(n);
			c->counter = pcv_node_list_start(n);
			c->tight = pcv_node_list_tight(n);
			c->delim = pcv_node_list_delim(n);
			if (c->list_type == PCV_LIST_ORDERED && c->counter < 0)
				c->counter = 0;
			break;
		}
		case PCV_NODE_ITEM:
			build_flush(&B);
			build_item(&B, n);
			break;
		case PCV_NODE_CODE_BLOCK:
			build_flush(&B);
			build_literal_block(&B, n, PDF_BK_CODE);
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_DISPLAY_MATH:
			build_flush(&B);
			build_math_block(&B, n);
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_INLINE_MATH: {
			/* $$..$$ inside a paragraph: the paragraph breaks around it */
			const char *d = pcv_node_get_attr(n, "display");
			if (d && !strcmp(d, "true") && pcv_node_first_child(n) && B.active &&
			    B.style == PDF_ST_BODY) {
				build_flush(&B);
				build_math_block(&B, n);
				build_begin(&B, PDF_ST_BODY, n);
				B.trim = 1;
			} else {
				build_need_text(&B, n);
				build_inline_enter(&B, &it);
			}
			pcv_iter_skip_children(&it);
			break;
		}
		case PCV_NODE_RAW_BLOCK:
			build_flush(&B);
			build_html_anchors(&B, n, pcv_node_literal(n), 0);
			build_warn_raw(&B, n);
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_THEMATIC_BREAK: {
			build_flush(&B);
			pdf_block *b = build_new_block(&B, PDF_BK_RULE, PDF_ST_BODY, n);
			build_space(b, 0.8 * fs, 0.8 * fs);
			pcv_iter_skip_children(&it);
			break;
		}
		case PCV_NODE_TABLE:
			build_flush(&B);
			if (++B.table_depth == 1)
				build_table_begin(&B, n);
			break;
		case PCV_NODE_TABLE_ROW:
			if (B.table_depth == 1)
				build_row_begin(&B, n);
			break;
		case PCV_NODE_TABLE_CELL:
			if (B.table_depth == 1) {
				build_begin(&B, build_cell_style(&B), n);
				B.in_cell = 1;
			}
			break;
		case PCV_NODE_FOOTNOTE_DEF:
			build_flush(&B);
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_IMAGE:
			if (B.active && B.style != PDF_ST_BODY) {
				if (build_inline_enter(&B, &it))
					pcv_iter_skip_children(&it);
				break;
			}
			build_flush(&B);
			build_image_block(&B, n);
			pcv_iter_skip_children(&it);
			/* the rest of the paragraph continues in a new block */
			if (pcv_node_parent(n) && pcv_node_type(pcv_node_parent(n)) != PCV_NODE_DOCUMENT)
				build_begin(&B, PDF_ST_BODY, n);
			break;
		default:
			if (PCV_NODE_IS_BLOCK(t)) {
				build_flush(&B);
				if (pcv_node_get_attr(n, "id"))
					build_node_anchors(&B, n, 0);
				break;
			}
			if (PCV_NODE_IS_INLINE(t) || PCV_NODE_IS_MATH(t)) {
				build_need_text(&B, n);
				if (build_inline_enter(&B, &it))
					pcv_iter_skip_children(&it);
				break;
			}
			/* user types: inline inside text, a container elsewhere */
			if (B.active)
				build_push_inline(&B, n, t, -1);
			break;
		}
	}
	build_flush(&B);
	while (B.nis)
		build_pop_inline(&B);

	/* footnote bodies (numbering may grow while they are built) */
	for (size_t i = 0; i < P->nfns; i++)
		build_fn_body(&B, (int)i);

	B.npending = 0; /* anchors at the very end point nowhere */
	if (P->o.toc)
		build_toc(&B, toc_at);

	/* resolve anchor ids of links to dest numbers */
	for (size_t i = 0; i < P->nlinks; i++)
		if (P->links[i].kind == PDF_LINK_DEST)
			P->links[i].target = B.adest[P->links[i].target];

	free(B.adest);
	free(B.buf);
	free(B.is);
	free(B.cs);
	free(B.rows);
	free(B.pending);
	free(B.marker);
	if (B.attrs)
		pango_attr_list_unref(B.attrs);
	free(B.refs);
	build_map_free(&B.anchors);
	pcvc_suffixes_free(&B.anchor_suffixes);
	build_map_free(&B.fnlabels);
	free(B.heads);
	if (P->raw_dropped > 1)
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0, "%d raw HTML fragments dropped in all",
		           P->raw_dropped);
}

void pdf_block_free(pdf_block *b)
{
	if (b->lay)
		g_object_unref(b->lay);
	free(b->text);
	free(b->plain);
	if (b->attrs)
		pango_attr_list_unref(b->attrs);
	free(b->marker);
	free(b->refs);
	if (b->table) {
		size_t n = (size_t)b->table->nrows * b->table->ncols;
		for (size_t i = 0; i < n; i++)
			pdf_block_free(&b->table->cells[i]);
		free(b->table->cells);
		free(b->table->widths);
		free(b->table->row_h);
		free(b->table);
	}
	if (b->image)
		pdf_image_free(b->image);
}
