/*
 * legend.c -- the emoji legend as the writers read it (see legend.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "legend.h"

static void *pcvc_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		abort();
	return p;
}

/* ------------------------------------------------------------------ */
/* Reading the metadata                                                */
/* ------------------------------------------------------------------ */

static const char *pcvc_legend_field(pcv_meta *m, const char *key)
{
	pcv_meta *v = pcv_meta_get(m, key);
	const char *s = v && pcv_meta_kind_of(v) == PCV_META_STRING ? pcv_meta_string(v) : NULL;

	return s && *s ? s : NULL;
}

/* "#rgb" or "#rrggbb", else NULL: nothing else reaches a style sheet. */
static const char *pcvc_legend_colour(const char *c)
{
	size_t n;

	if (!c || c[0] != '#')
		return NULL;
	n = strspn(c + 1, "0123456789abcdefABCDEF");
	return (n == 3 || n == 6) && !c[1 + n] ? c : NULL;
}

int pcvc_legend_find(const pcvc_legend *L, const char *slug, size_t len)
{
	size_t i;

	for (i = 0; i < L->nentries; i++)
		if (strlen(L->entries[i].slug) == len && strncmp(L->entries[i].slug, slug, len) == 0)
			return (int)i;
	return -1;
}

int pcvc_legend_indexed(const pcvc_legend *L, int e)
{
	const int *o;

	for (o = L->order; *o >= 0; o++)
		if (*o == e)
			return 1;
	return 0;
}

/* The entries the option spec names, in its order ("all": every entry, in
 * legend order). */
static void pcvc_legend_order(pcvc_legend *L, const char *spec)
{
	size_t n = 0, i;

	L->order = pcvc_xrealloc(NULL, (L->nentries + 1) * sizeof *L->order);
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
			e = pcvc_legend_find(L, p, len);
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

int pcvc_legend_read(pcvc_legend *L, pcv_ctx *ctx, pcv_doc *doc, const char *tags_option)
{
	pcv_meta *used = pcv_meta_get(pcv_doc_meta(doc), "legend-used");
	size_t i, n;

	memset(L, 0, sizeof *L);
	if (!used || pcv_meta_kind_of(used) != PCV_META_LIST || !pcv_meta_count(used))
		return 0;
	n = pcv_meta_count(used);
	L->entries = pcvc_xrealloc(NULL, n * sizeof *L->entries);
	for (i = 0; i < n; i++) {
		pcv_meta *m = pcv_meta_at(used, i, NULL);
		pcvc_lentry *e = &L->entries[L->nentries];

		if (!m || pcv_meta_kind_of(m) != PCV_META_MAP)
			continue;
		e->emoji = pcvc_legend_field(m, "emoji");
		e->meaning = pcvc_legend_field(m, "meaning");
		e->slug = pcvc_legend_field(m, "slug");
		e->count = pcvc_legend_field(m, "count");
		e->colour = pcvc_legend_colour(pcvc_legend_field(m, "colour"));
		if (!e->emoji || !e->meaning || !e->slug)
			continue;
		if (e->count && strspn(e->count, "0123456789") != strlen(e->count))
			e->count = NULL;
		L->nentries++;
	}
	if (!L->nentries) {
		free(L->entries);
		L->entries = NULL;
		return 0;
	}
	pcvc_legend_order(L, pcv_option_string(ctx, tags_option));
	return 1;
}

void pcvc_legend_free(pcvc_legend *L)
{
	free(L->entries);
	free(L->order);
	free(L->items);
	memset(L, 0, sizeof *L);
}

int pcvc_legend_slug_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int pcvc_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                                     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int pcvc_legend_rgb(const char *c, double rgb[3])
{
	int v[6];
	size_t n;

	if (!c || c[0] != '#')
		return 0;
	for (n = 0; n < 6 && c[1 + n] && pcvc_hex((unsigned char)c[1 + n]) >= 0; n++)
		v[n] = pcvc_hex((unsigned char)c[1 + n]);
	if (c[1 + n] || (n != 3 && n != 6))
		return 0;
	for (int i = 0; i < 3; i++)
		rgb[i] = n == 3 ? v[i] * 17 / 255.0 : (v[2 * i] * 16 + v[2 * i + 1]) / 255.0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */
/* ------------------------------------------------------------------ */

int pcvc_legend_taggable(const pcv_node *n)
{
	int t = pcv_node_type(n);

	return t == PCV_NODE_HEADING || t == PCV_NODE_PARAGRAPH || t == PCV_NODE_ITEM ||
	       t == PCV_NODE_BLOCK_QUOTE;
}

int pcvc_legend_next_indexed(const pcvc_legend *L, const pcv_node *n, const char **pos)
{
	const char *p = *pos;

	if (!p) {
		p = pcv_node_get_attr(n, "tags");
		if (!p)
			p = pcv_node_get_attr(n, "tag");
		if (!p)
			return -1;
	}
	while (*p) {
		size_t len;
		int e;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (!len)
			break;
		e = pcvc_legend_find(L, p, len);
		p += len;
		if (e >= 0 && pcvc_legend_indexed(L, e)) {
			*pos = p;
			return e;
		}
	}
	*pos = p;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Excerpts                                                            */
/* ------------------------------------------------------------------ */

typedef struct pcvc_buf {
	char *s;
	size_t len, cap;
} pcvc_buf;

static void pcvc_buf_put(pcvc_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->s = pcvc_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = 0;
}

/* Appends text with runs of white space made one space, up to a little
 * more than max bytes. */
static void pcvc_excerpt_text(pcvc_buf *b, const char *s, size_t len, size_t max)
{
	size_t i;

	for (i = 0; i < len && b->len < max + 8; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (b->len && b->s[b->len - 1] != ' ')
				pcvc_buf_put(b, " ", 1);
		} else if (c) {
			pcvc_buf_put(b, &c, 1);
		}
	}
}

char *pcvc_legend_excerpt(const pcv_node *block, size_t max)
{
	pcvc_buf b = {0};
	pcv_iter it;
	pcv_event ev;
	const char *s;
	char *r;
	size_t len;
	int blocks = 0;
	long budget = 512; /* events looked at: bounded even over a deep list of bare markers */

	pcv_iter_init(&it, (pcv_node *)block);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE && b.len < max + 8 && budget-- > 0) {
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
				pcvc_excerpt_text(&b, lin, strlen(lin), max);
			else if (lit)
				pcvc_excerpt_text(&b, lit, pcv_node_literal_len(n), max);
			break;
		}
		case PCV_NODE_EMOJI:
			if (pcv_node_get_attr(n, "tag"))
				break;
			/* fall through */
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
			if (lit)
				pcvc_excerpt_text(&b, lit, pcv_node_literal_len(n), max);
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			pcvc_excerpt_text(&b, " ", 1, max);
			break;
		default:
			break;
		}
	}
	if (!b.s) {
		r = pcvc_xrealloc(NULL, 1);
		*r = 0;
		return r;
	}
	/* cut a long text at a space */
	if (b.len > max) {
		size_t cut = max;

		while (cut > max / 2 && b.s[cut] != ' ')
			cut--;
		if (b.s[cut] != ' ') {
			cut = max;
			while (cut > 0 && ((unsigned char)b.s[cut] & 0xC0) == 0x80)
				cut--;
		}
		b.len = cut;
		while (b.len && strchr(" ,;:-", b.s[b.len - 1]))
			b.len--;
		b.s[b.len] = 0;
		pcvc_buf_put(&b, "\xE2\x80\xA6", 3);
	}
	/* trim */
	s = b.s;
	len = b.len;
	while (len && (*s == ' ' || *s == ':' || *s == '-'))
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	r = pcvc_xrealloc(NULL, len + 1);
	memcpy(r, s, len);
	r[len] = 0;
	free(b.s);
	return r;
}

/* ------------------------------------------------------------------ */
/* The blocks an index lists                                           */
/* ------------------------------------------------------------------ */

static void pcvc_legend_add(pcvc_legend *L, const pcv_node *n, int e, const char *id,
                            const char *text)
{
	pcvc_litem *x;

	if (L->nitems == L->capitems) {
		L->capitems = L->capitems ? L->capitems * 2 : 32;
		L->items = pcvc_xrealloc(L->items, L->capitems * sizeof *L->items);
	}
	x = &L->items[L->nitems++];
	x->node = n;
	x->entry = e;
	x->id = id;
	x->text = text;
}

/* The block's own id, else a new "tag-SLUG-N". */
static const char *pcvc_legend_block_id(const pcvc_legend_ids *ids, pcv_node *n,
                                        const char *slug, int *counter)
{
	const char *id = ids->own(ids->arg, n);
	char buf[96];

	if (id)
		return id;
	do
		snprintf(buf, sizeof buf, "tag-%.60s-%d", slug, ++*counter);
	while (!(id = ids->claim(ids->arg, n, buf)));
	return id;
}

void pcvc_legend_collect(pcvc_legend *L, pcv_doc *doc, pcv_node *root, size_t excerpt,
                         const pcvc_legend_ids *ids)
{
	pcv_iter it;
	pcv_event ev;
	int counter = 0;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n), e;
		const char *pos = NULL, *id = NULL, *text = NULL;

		if (ev != PCV_EVENT_ENTER)
			continue;
		if (t == PCV_NODE_FOOTNOTE_DEF || t == PCV_NODE_TABLE || t == PCV_NODE_CODE_BLOCK ||
		    PCV_NODE_IS_INLINE(t) || PCV_NODE_IS_MATH(t)) {
			pcv_iter_skip_children(&it);
			continue;
		}
		if (!pcvc_legend_taggable(n))
			continue;
		while ((e = pcvc_legend_next_indexed(L, n, &pos)) >= 0) {
			if (!id) {
				char *ex;

				id = pcvc_legend_block_id(ids, n, L->entries[e].slug, &counter);
				ex = pcvc_legend_excerpt(n, excerpt);
				text = pcv_doc_strdup(doc, ex);
				free(ex);
			}
			pcvc_legend_add(L, n, e, id, text);
		}
	}
}
