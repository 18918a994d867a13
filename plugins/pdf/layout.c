/*
 * layout.c -- blocks into lines, lines into columns and pages.
 *
 * The pager keeps one frame (a column of a page) open.  Each block is laid
 * out with pango at the frame's width and its lines are placed until the
 * frame is full; footnotes referenced by a placed line take room at the
 * bottom of the same frame.  Headings keep with what follows; a paragraph
 * leaves no single line alone at the bottom (orphan) or top (widow) of a
 * frame.  The same code counts pages (draw == 0) and draws (draw == 1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "pdf.h"

/* Layouts made in the first pass are kept for the second while their
 * estimated size stays under a budget: a handout is laid out once, and a
 * longer document in bounded memory (past the budget the second pass lays
 * its blocks out again, one by one).  A document whose layouts would take
 * several budgets keeps none: the share of it the budget would spare is
 * small, and the layouts kept for its first pages would add to the memory
 * its drawing takes.  The second pass lets a block's layout go once the
 * block is drawn. */
#define LAY_KEEP_BUDGET ((size_t)8 << 20)
#define LAY_KEEP_LONGEST (4 * LAY_KEEP_BUDGET)
#define LAY_RING 8   /* look-ahead layouts (keep-with-next chains are shorter) */
#define LAY_MARKS 16 /* distinct list markers held laid out */

typedef struct lay_line {
	PangoLayoutLine *line;
	double top, height, baseline, x, width;
} lay_line;

typedef struct pager {
	pdf_ctx *P;
	int draw;
	int keep;          /* first pass: keep the layouts for the second */
	int page, col;
	double y;          /* used height of the frame */
	int empty;         /* nothing placed in the frame yet */
	double last_after; /* space wanted below the last block */
	double fn_h;       /* height taken by footnotes */
	int *fns;
	size_t nfns, capfns;
	double *fn_height; /* per footnote, -1 until measured */
	const pdf_block *cur_section, *page_section;
	int prev_nbars;
	int outline_ids[8];
	int clip_warned;
	lay_line *lines;
	size_t nlines, caplines;
	lay_line *fn_lines;  /* the footnotes' (drawn while a block's lines wait) */
	size_t fn_caplines;
	/* layouts made for a look-ahead, reused when their block is placed */
	struct {
		const pdf_block *b;
		PangoLayout *lay;
		double w;
	} ring[LAY_RING];
	int ring_next;
	/* list markers and the wrap mark of code lines, laid out once */
	struct {
		char *text;
		PangoLayout *lay;
		double w, baseline;
	} marks[LAY_MARKS];
	int nmarks;
} pager;

static double lay_x0(pager *pg)
{
	pdf_ctx *P = pg->P;
	return P->o.margin_l + pg->col * (P->col_w + P->o.col_gap);
}

static double lay_y0(pager *pg)
{
	return pg->P->o.margin_t;
}

/* Room left in the frame for content. */
static double lay_room(pager *pg)
{
	return pg->P->text_h - pg->fn_h - pg->y;
}

/* ------------------------------------------------------------------ */
/* Layouts. */

#if PANGO_VERSION_CHECK(1, 50, 0)
/* The last line of a piece of a long paragraph (which goes on in the next
 * piece) is justified too when it is a line of words nearly full already:
 * pango would spread the letters of a lone word, or widen the gaps of a
 * short line too much. */
static void lay_justify_last(PangoLayout *lay, const char *text, double width)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(lay, pango_layout_get_line_count(lay) - 1);
	if (!l || !text || l->length <= 0 || !memchr(text + l->start_index, ' ', (size_t)l->length))
		return;
	PangoRectangle log;
	pango_layout_line_get_extents(l, NULL, &log);
	if (log.width >= 0.75 * width * PANGO_SCALE)
		pango_layout_set_justify_last_line(lay, TRUE);
}
#endif

PangoLayout *pdf_layout_new(pdf_ctx *P, const pdf_block *b, double width)
{
	PangoLayout *lay = pango_layout_new(P->pango);
	pango_layout_set_font_description(lay, P->fonts[b->style]);
	pdf_layout_tag(P, lay, b->style);
	if (width < 1)
		width = 1;
	/* in the layout's units; a scaled one's rounded up, so that a width
	 * measured from a layout (pdf_layout_extents, rounded) holds it */
	double k = P->kscale[b->style];
	int units = k == 1 ? (int)(width * PANGO_SCALE) : (int)ceil(width / k * PANGO_SCALE);
	width = (double)units / PANGO_SCALE;
	pango_layout_set_width(lay, units);
	pango_layout_set_wrap(lay, b->kind == PDF_BK_CODE ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, (PangoAlignment)b->align);
	pango_layout_set_justify(lay, b->justify);
	pango_layout_set_text(lay, b->text ? b->text : "", (int)b->len);
	if (b->attrs)
		pango_layout_set_attributes(lay, b->attrs);
#if PANGO_VERSION_CHECK(1, 50, 0)
	if (b->justify && b->justify_last)
		lay_justify_last(lay, b->text, width);
#endif
	return lay;
}

/* The lines of lay, measured in points, into pg->lines. */
static void lay_collect(pager *pg, PangoLayout *lay)
{
	double k = pdf_layout_scale(lay) / PANGO_SCALE;
	pg->nlines = 0;
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	do {
		if (pg->nlines == pg->caplines) {
			pg->caplines = pg->caplines ? pg->caplines * 2 : 64;
			pg->lines = pdf_xrealloc(pg->lines, pg->caplines * sizeof *pg->lines);
		}
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		lay_line *l = &pg->lines[pg->nlines++];
		l->line = pango_layout_iter_get_line_readonly(it);
		l->top = log.y * k;
		l->height = log.height * k;
		l->x = log.x * k;
		/* the runs' own widths: pango's extents may leave out a hyphen */
		int rw = 0;
		for (GSList *r = l->line->runs; r; r = r->next)
			rw += pango_glyph_string_get_width(((PangoGlyphItem *)r->data)->glyphs);
		l->width = rw * k;
		l->baseline = pango_layout_iter_get_baseline(it) * k;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* Horizontal padding of code blocks (left holds the wrap marks). */
static double lay_code_left(const pdf_ctx *P)
{
	return 1.1 * P->o.font_size;
}

static double lay_code_right(const pdf_ctx *P)
{
	return 0.5 * P->o.font_size;
}

static double lay_text_width(pager *pg, const pdf_block *b)
{
	double w = pg->P->col_w - b->indent - pdf_legend_inset(pg->P, b);
	if (b->kind == PDF_BK_CODE)
		w -= lay_code_left(pg->P) + lay_code_right(pg->P);
	return w;
}

/* Estimated memory of a block's layout: glyphs, clusters, log attributes,
 * runs and lines. */
static size_t lay_estimate(const pdf_block *b)
{
	return 48 * b->len + 1024;
}

/* Keeps lay (a reference to it) as b's layout at width w, in the first
 * pass while within the budget. */
static void lay_hold(pager *pg, pdf_block *b, PangoLayout *lay, double w)
{
	size_t est = lay_estimate(b);
	if (!pg->keep || b->lay || pg->P->kept_bytes + est > LAY_KEEP_BUDGET)
		return;
	b->lay = g_object_ref(lay);
	b->lay_w = w;
	pg->P->kept_bytes += est;
}

/* A new layout of b at width w; kept in b->lay in the first pass while
 * within the budget. */
static PangoLayout *lay_make(pager *pg, pdf_block *b, double w)
{
	PangoLayout *l = pdf_layout_new(pg->P, b, w);
	lay_hold(pg, b, l, w);
	return l;
}

/* Whether the layouts of every block, table cell and footnote would take
 * at most LAY_KEEP_LONGEST. */
static int lay_worth_keeping(const pdf_ctx *P)
{
	size_t total = 0;
	for (size_t i = 0; i < P->nfns; i++)
		total += lay_estimate(&P->fns[i].body);
	for (size_t i = 0; i < P->nblocks && total <= LAY_KEEP_LONGEST; i++) {
		const pdf_block *b = &P->blocks[i];
		if (b->table)
			for (size_t c = 0; c < (size_t)b->table->nrows * b->table->ncols; c++)
				total += lay_estimate(&b->table->cells[c]);
		else if (b->kind == PDF_BK_TEXT || b->kind == PDF_BK_CODE || b->kind == PDF_BK_MATH)
			total += lay_estimate(b);
	}
	return total <= LAY_KEEP_LONGEST;
}

/* A layout of b at width w: the one kept, or a new one. */
static PangoLayout *lay_at(pager *pg, pdf_block *b, double w)
{
	if (b->lay && b->lay_w == w)
		return g_object_ref(b->lay);
	return lay_make(pg, b, w);
}

/* Lets the kept layout of a drawn block go. */
static void lay_release(pager *pg, pdf_block *b)
{
	if (pg->draw && b->lay) {
		g_object_unref(b->lay);
		b->lay = NULL;
	}
}

static PangoLayout *lay_get(pager *pg, const pdf_block *cb)
{
	pdf_block *b = (pdf_block *)cb;
	double w = lay_text_width(pg, b);
	if (b->lay && b->lay_w == w)
		return g_object_ref(b->lay);
	for (int i = 0; i < LAY_RING; i++)
		if (pg->ring[i].b == b && pg->ring[i].w == w) {
			PangoLayout *l = pg->ring[i].lay;
			pg->ring[i].b = NULL;
			pg->ring[i].lay = NULL;
			return l;
		}
	return lay_make(pg, b, w);
}

/* Holds a look-ahead's layout (the reference is the ring's) for when its
 * block is placed. */
static void lay_cache(pager *pg, const pdf_block *b, PangoLayout *lay)
{
	if (b->lay == lay) {
		g_object_unref(lay);
		return;
	}
	int i = pg->ring_next;
	pg->ring_next = (i + 1) % LAY_RING;
	if (pg->ring[i].lay)
		g_object_unref(pg->ring[i].lay);
	pg->ring[i].b = b;
	pg->ring[i].lay = lay;
	pg->ring[i].w = lay_text_width(pg, b);
}

/* A list marker (or the wrap mark) laid out in the marker style. */
static PangoLayout *lay_mark(pager *pg, const char *text, double *w, double *baseline)
{
	int i;
	for (i = 0; i < pg->nmarks; i++)
		if (!strcmp(pg->marks[i].text, text))
			break;
	if (i == pg->nmarks) {
		if (pg->nmarks == LAY_MARKS) {
			i = LAY_MARKS - 1; /* the last slot turns over */
			free(pg->marks[i].text);
			g_object_unref(pg->marks[i].lay);
		} else {
			pg->nmarks++;
		}
		PangoLayout *m = pdf_simple_layout(pg->P, PDF_ST_MARKER, text, -1);
		PangoRectangle log;
		pdf_layout_extents(m, NULL, &log);
		pg->marks[i].text = pdf_xstrndup(text, strlen(text));
		pg->marks[i].lay = m;
		pg->marks[i].w = (double)log.width / PANGO_SCALE;
		pg->marks[i].baseline = (double)pdf_layout_baseline(m) / PANGO_SCALE;
	}
	*w = pg->marks[i].w;
	*baseline = pg->marks[i].baseline;
	return pg->marks[i].lay;
}

/* ------------------------------------------------------------------ */
/* Footnotes. */

static double lay_fn_height(pager *pg, int fn)
{
	if (pg->fn_height[fn] < 0) {
		PangoLayout *lay = lay_at(pg, &pg->P->fns[fn].body, pg->P->col_w);
		PangoRectangle log;
		pdf_layout_extents(lay, NULL, &log);
		pg->fn_height[fn] = (double)log.height / PANGO_SCALE + 0.25 * pg->P->o.font_size;
		g_object_unref(lay);
	}
	return pg->fn_height[fn];
}

static double lay_fn_sep(const pdf_ctx *P)
{
	return 1.0 * P->o.font_size;
}

/* Height the footnotes first referenced in [from, to) of b would add. */
static double lay_refs_height(pager *pg, const pdf_block *b, size_t from, size_t to)
{
	double h = 0;
	for (size_t i = 0; i < b->nrefs; i++) {
		const pdf_ref *r = &b->refs[i];
		if (r->offset < from || r->offset >= to || pg->P->fns[r->fn].placed)
			continue;
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			if (b->refs[j].fn == r->fn && b->refs[j].offset >= from)
				dup = 1;
		if (dup)
			continue;
		if (pg->fn_h == 0 && h == 0)
			h += lay_fn_sep(pg->P);
		h += lay_fn_height(pg, r->fn);
	}
	return h;
}

static void lay_reserve_fn(pager *pg, int fn)
{
	pdf_ctx *P = pg->P;
	if (P->fns[fn].placed)
		return;
	size_t k = pg->nfns;
	if (pg->nfns == pg->capfns) {
		pg->capfns = pg->capfns ? pg->capfns * 2 : 8;
		pg->fns = pdf_xrealloc(pg->fns, pg->capfns * sizeof *pg->fns);
	}
	pg->fns[pg->nfns++] = fn;
	P->fns[fn].placed = 1;
	if (pg->fn_h == 0)
		pg->fn_h = lay_fn_sep(P);
	pg->fn_h += lay_fn_height(pg, fn);
	/* notes referenced from this note go into the same frame */
	for (; k < pg->nfns; k++) {
		const pdf_block *body = &P->fns[pg->fns[k]].body;
		for (size_t i = 0; i < body->nrefs; i++) {
			int f = body->refs[i].fn;
			if (P->fns[f].placed)
				continue;
			if (pg->nfns == pg->capfns) {
				pg->capfns *= 2;
				pg->fns = pdf_xrealloc(pg->fns, pg->capfns * sizeof *pg->fns);
			}
			pg->fns[pg->nfns++] = f;
			P->fns[f].placed = 1;
			pg->fn_h += lay_fn_height(pg, f);
		}
	}
}

static void lay_reserve_refs(pager *pg, const pdf_block *b, size_t from, size_t to)
{
	for (size_t i = 0; i < b->nrefs; i++)
		if (b->refs[i].offset >= from && b->refs[i].offset < to)
			lay_reserve_fn(pg, b->refs[i].fn);
}

/* Emits the "r" destinations of the first marks of footnotes. */
static void lay_ref_dests(pager *pg, const pdf_block *b, size_t from, size_t to, double x,
                          double y)
{
	if (!pg->draw)
		return;
	for (size_t i = 0; i < b->nrefs; i++) {
		pdf_fn *f = &pg->P->fns[b->refs[i].fn];
		if (b->refs[i].offset < from || b->refs[i].offset >= to || f->ref_dest)
			continue;
		char name[32];
		snprintf(name, sizeof name, "r%d", b->refs[i].fn);
		pdf_draw_dest(pg->P, name, x, y);
		f->ref_dest = 1;
	}
}

static void lay_draw_lines(pager *pg, const pdf_block *b, PangoLayout *lay, size_t first,
                           size_t count, double x, double top);

static void lay_draw_footnotes(pager *pg)
{
	pdf_ctx *P = pg->P;
	if (!pg->nfns || !pg->draw)
		return;
	cairo_t *cr = P->cr;
	double x = lay_x0(pg);
	double y = lay_y0(pg) + P->text_h - pg->fn_h;
	/* the lines of the block being placed stay as they are */
	lay_line *lines = pg->lines;
	size_t nlines = pg->nlines, caplines = pg->caplines;
	pg->lines = pg->fn_lines;
	pg->caplines = pg->fn_caplines;
	cairo_save(cr);
	cairo_rectangle(cr, x - 1, lay_y0(pg), P->col_w + 2, P->text_h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, x, y + 0.45 * P->o.font_size);
	cairo_line_to(cr, x + P->col_w * 0.3, y + 0.45 * P->o.font_size);
	cairo_stroke(cr);
	y += lay_fn_sep(P);
	for (size_t i = 0; i < pg->nfns; i++) {
		int fn = pg->fns[i];
		pdf_block *b = &P->fns[fn].body;
		char name[32];
		snprintf(name, sizeof name, "f%d", fn);
		pdf_draw_dest(P, name, x, y);
		PangoLayout *lay = lay_at(pg, b, P->col_w);
		lay_collect(pg, lay);
		lay_draw_lines(pg, b, lay, 0, pg->nlines, x, y);
		y += lay_fn_height(pg, fn);
		g_object_unref(lay);
		lay_release(pg, b);
	}
	cairo_restore(cr);
	pg->fn_lines = pg->lines;
	pg->fn_caplines = pg->caplines;
	pg->lines = lines;
	pg->nlines = nlines;
	pg->caplines = caplines;
}

/* ------------------------------------------------------------------ */
/* Frames and pages. */

/* Draws the page's header and footer; the last page is shown by the
 * caller, after the document's structure tag is closed. */
static void lay_finish_page(pager *pg, int last)
{
	pdf_ctx *P = pg->P;
	if (pg->draw) {
		const pdf_block *s = pg->page_section ? pg->page_section : pg->cur_section;
		int header = !(pg->page == 1 && P->title);
		pdf_draw_furniture(P, pg->page, header, s ? (s->plain ? s->plain : s->text) : NULL);
		if (!last)
			cairo_show_page(P->cr);
	}
}

static void lay_new_frame(pager *pg)
{
	pdf_ctx *P = pg->P;
	lay_draw_footnotes(pg);
	pg->nfns = 0;
	pg->fn_h = 0;
	pg->y = 0;
	pg->empty = 1;
	pg->last_after = 0;
	pg->prev_nbars = 0;
	if (++pg->col >= P->o.columns) {
		lay_finish_page(pg, 0);
		pg->col = 0;
		pg->page++;
		P->page = pg->page;
		pg->page_section = NULL;
	}
}

/* The gap before a block placed now. */
static double lay_gap(pager *pg, const pdf_block *b)
{
	if (pg->empty)
		return 0;
	return b->before > pg->last_after ? b->before : pg->last_after;
}

/* ------------------------------------------------------------------ */
/* Drawing helpers. */

static void lay_draw_lines(pager *pg, const pdf_block *b, PangoLayout *lay, size_t first,
                           size_t count, double x, double top)
{
	if (!pg->draw)
		return;
	double y0 = pg->lines[first].top;
	double w = pango_layout_get_width(lay) * pdf_layout_scale(lay) / PANGO_SCALE;
	for (size_t i = first; i < first + count; i++) {
		lay_line *l = &pg->lines[i];
		double bl = top + l->baseline - y0;
		if (b->nrefs)
			lay_ref_dests(pg, b, l->line->start_index,
			              l->line->start_index + l->line->length, x, top + l->top - y0);
		if (w > 0 && l->x + l->width > w + 0.01 && l->width > 0) {
			/* pango 1.50 may justify a line ending in a hyphen without
			 * counting the hyphen: squeeze the line back into the measure */
			cairo_t *cr = pg->P->cr;
			double x0 = x + (l->x > 0 ? l->x : 0);
			cairo_save(cr);
			cairo_translate(cr, x0, 0);
			cairo_scale(cr, (w - (l->x > 0 ? l->x : 0)) / l->width, 1);
			pdf_draw_line(pg->P, lay, l->line, 0, bl);
			cairo_restore(cr);
		} else {
			pdf_draw_line(pg->P, lay, l->line, x + l->x, bl);
		}
	}
}

/* A task's box, its right edge at right: drawn, as few text fonts have
 * the ballot box characters and a fallback font for them would cost more
 * than the rest of the list.  It stands on the baseline like a capital. */
static void lay_draw_task(pager *pg, double right, double baseline, int done)
{
	cairo_t *cr = pg->P->cr;
	double fs = pg->P->o.font_size, s = 0.64 * fs;
	double x = right - s, y = baseline - 0.6 * fs;
	if (x < lay_x0(pg))
		x = lay_x0(pg);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_line_width(cr, 0.055 * fs);
	cairo_rectangle(cr, x, y, s, s);
	cairo_stroke(cr);
	if (done) {
		cairo_set_line_width(cr, 0.1 * fs);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_move_to(cr, x + 0.2 * s, y + 0.5 * s);
		cairo_line_to(cr, x + 0.42 * s, y + 0.74 * s);
		cairo_line_to(cr, x + 0.8 * s, y + 0.22 * s);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

static void lay_draw_marker(pager *pg, const pdf_block *b, double baseline)
{
	if (!pg->draw || !b->marker)
		return;
	int open = !strcmp(b->marker, PDF_TASK_OPEN);
	if (open || !strcmp(b->marker, PDF_TASK_DONE)) {
		lay_draw_task(pg, lay_x0(pg) + b->marker_right, baseline, !open);
		return;
	}
	double w, bl;
	PangoLayout *m = lay_mark(pg, b->marker, &w, &bl);
	double x = lay_x0(pg) + b->marker_right - w;
	if (x < lay_x0(pg))
		x = lay_x0(pg);
	cairo_move_to(pg->P->cr, x, baseline - bl);
	cairo_set_source_rgb(pg->P->cr, 0.2, 0.2, 0.2);
	pdf_show_layout(pg->P, m);
}

static void lay_draw_bars(pager *pg, const pdf_block *b, double top, double bottom, double gap)
{
	if (!pg->draw || !b->nbars)
		return;
	cairo_t *cr = pg->P->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.72, 0.72, 0.72);
	cairo_set_line_width(cr, 1.6);
	for (int i = 0; i < b->nbars; i++) {
		double x = lay_x0(pg) + pg->P->barsets[b->barset][i];
		double t = i < pg->prev_nbars ? top - gap : top;
		cairo_move_to(cr, x, t);
		cairo_line_to(cr, x, bottom);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void lay_block_dest(pager *pg, const pdf_block *b, double y)
{
	pdf_ctx *P = pg->P;
	if (!pg->draw)
		return;
	if (b->dest >= 0) {
		char name[32];
		snprintf(name, sizeof name, "d%d", b->dest);
		pdf_draw_dest(P, name, lay_x0(pg) + b->indent, y);
	}
	if (b->toc_level && b->dest >= 0) {
		int lv = b->toc_level;
		int parent = 0;
		for (int l = lv - 1; l >= 1; l--)
			if (pg->outline_ids[l]) {
				parent = pg->outline_ids[l];
				break;
			}
		char *title = g_utf8_make_valid(b->node ? pcv_node_text((pcv_node *)b->node) : b->text,
		                                -1);
		char attrs[48];
		snprintf(attrs, sizeof attrs, "dest='d%d'", b->dest);
		int id = cairo_pdf_surface_add_outline(P->surface, parent, title, attrs,
		                                       lv <= P->top_level ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		g_free(title);
		pg->outline_ids[lv] = id;
		for (int l = lv + 1; l < 8; l++)
			pg->outline_ids[l] = 0;
	}
}

static void lay_warn_clip(pager *pg, const pdf_block *b, const char *what)
{
	if (pg->draw && !pg->clip_warned++)
		pcv_report_node(pg->P->ctx, PCV_WARNING, b->node,
		                "%s taller than a page: clipped in the PDF", what);
}

/* ------------------------------------------------------------------ */
/* Minimum height of a block at the top of a frame (for keep-with-next). */

static double lay_image_size(pager *pg, const pdf_block *b, double *w, double *h);
static double lay_table_head_height(pager *pg, const pdf_block *b);

static double lay_min_height(pager *pg, size_t i, int depth)
{
	pdf_ctx *P = pg->P;
	if (i >= P->nblocks)
		return 0;
	const pdf_block *b = &P->blocks[i];
	double h = 0;
	switch (b->kind) {
	case PDF_BK_TEXT:
	case PDF_BK_CODE:
	case PDF_BK_MATH:
	case PDF_BK_TOC: {
		PangoLayout *lay = lay_get(pg, b);
		int n = pango_layout_get_line_count(lay);
		PangoLayoutIter *it = pango_layout_get_iter(lay);
		int k = (b->keep_next || n <= 3) ? n : 2;
		double scale = pdf_layout_scale(lay) / PANGO_SCALE;
		PangoRectangle log;
		for (int j = 0; j < k; j++) {
			pango_layout_iter_get_line_extents(it, NULL, &log);
			h = (log.y + log.height) * scale;
			if (!pango_layout_iter_next_line(it))
				break;
		}
		pango_layout_iter_free(it);
		h += 2 * b->pad;
		lay_cache(pg, b, lay);
		break;
	}
	case PDF_BK_IMAGE: {
		double w;
		h = lay_image_size(pg, b, &w, &h);
		break;
	}
	case PDF_BK_TABLE:
		h = lay_table_head_height(pg, b);
		break;
	default:
		h = P->o.font_size;
	}
	if (b->keep_next && depth < 4 && i + 1 < P->nblocks) {
		const pdf_block *n = &P->blocks[i + 1];
		h += (n->before > b->after ? n->before : b->after) + lay_min_height(pg, i + 1, depth + 1);
	}
	return h;
}

/* Before placing block i: moves to a new frame when what must stay
 * together does not fit. */
static void lay_keep(pager *pg, size_t i)
{
	const pdf_block *b = &pg->P->blocks[i];
	if (pg->empty)
		return;
	double need = lay_gap(pg, b) + lay_min_height(pg, i, 0);
	if (need > lay_room(pg) && need <= pg->P->text_h)
		lay_new_frame(pg);
}

/* ------------------------------------------------------------------ */
/* Text blocks. */

static void lay_section(pager *pg, const pdf_block *b)
{
	if (b->level && b->level == pg->P->header_level && b->toc_level) {
		pg->cur_section = b;
		if (!pg->page_section)
			pg->page_section = b;
	}
}

static void lay_place_text(pager *pg, size_t bi)
{
	pdf_ctx *P = pg->P;
	pdf_block *b = &P->blocks[bi];
	lay_keep(pg, bi);
	PangoLayout *lay = lay_get(pg, b);
	lay_collect(pg, lay);
	size_t n = pg->nlines, k = 0;
	double fs = P->o.font_size;
	b->page = pg->page;
	lay_section(pg, b);
	while (k < n) {
		double gap = lay_gap(pg, b);
		double start = pg->y + gap + b->pad;
		double avail = P->text_h - pg->fn_h;
		double base = pg->lines[k].top;
		size_t j = k;
		double fnh = 0;
		while (j < n) {
			lay_line *l = &pg->lines[j];
			double bottom = start + l->top + l->height - base + b->pad;
			double extra = b->nrefs ? lay_refs_height(pg, b, l->line->start_index,
			                                          l->line->start_index + l->line->length)
			                        : 0;
			if (bottom > avail - fnh - extra + 0.01)
				break;
			fnh += extra;
			j++;
		}
		if (j < n) {
			int text = b->kind == PDF_BK_TEXT;
			if (k == 0 && j == 1 && n > 1 && !pg->empty)
				j = 0; /* an orphan: move the paragraph */
			else if (text && n - j == 1 && j - k >= (k == 0 ? 3 : 2))
				j--; /* a widow: take one more line along */
			else if (text && n - j == 1 && k == 0 && !pg->empty)
				j = 0;
			if (j == k) {
				if (!pg->empty) {
					lay_new_frame(pg);
					continue;
				}
				j = k + 1; /* a line taller than the frame */
				lay_warn_clip(pg, b, "a line");
			}
		}
		/* place lines k..j */
		double x = lay_x0(pg) + b->indent;
		double ay = lay_y0(pg);
		double top = start;
		double bottom = start + pg->lines[j - 1].top + pg->lines[j - 1].height - base;
		if (pg->draw) {
			cairo_t *cr = P->cr;
			if (k == 0)
				lay_block_dest(pg, b, ay + top - b->pad);
			if (b->kind == PDF_BK_CODE) {
				cairo_set_source_rgb(cr, 0.955, 0.955, 0.95);
				cairo_rectangle(cr, x, ay + top - b->pad, P->col_w - b->indent,
				                bottom - top + 2 * b->pad);
				cairo_fill(cr);
				cairo_set_source_rgb(cr, 0.82, 0.82, 0.8);
				cairo_rectangle(cr, x, ay + top - b->pad, 1.6, bottom - top + 2 * b->pad);
				cairo_fill(cr);
				for (size_t m = k; m < j; m++) {
					if (pango_layout_line_is_paragraph_start(pg->lines[m].line))
						continue;
					double mw, mb;
					PangoLayout *mk = lay_mark(pg, "\xe2\x86\xaa", &mw, &mb);
					cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
					cairo_move_to(cr, x + 0.25 * fs,
					              ay + top + pg->lines[m].baseline - base - mb);
					pdf_show_layout(P, mk);
				}
				x += lay_code_left(P);
			}
			lay_draw_bars(pg, b, ay + top - b->pad, ay + bottom + b->pad, gap);
			pdf_legend_draw(P, b, lay_x0(pg), ay + top - b->pad, ay + bottom + b->pad, gap,
			                k == 0, ay + top + pg->lines[0].baseline - base);
			if (k == 0)
				lay_draw_marker(pg, b, ay + top + pg->lines[0].baseline - base);
			cairo_save(cr);
			cairo_rectangle(cr, lay_x0(pg) - 2, ay - 2, P->col_w + 4, P->text_h + 4);
			cairo_clip(cr);
			lay_draw_lines(pg, b, lay, k, j - k, x, ay + top);
			cairo_restore(cr);
		}
		if (b->nrefs)
			lay_reserve_refs(pg, b, pg->lines[k].line->start_index,
			                 pg->lines[j - 1].line->start_index + pg->lines[j - 1].line->length);
		pg->y = bottom + b->pad;
		pg->empty = 0;
		pg->prev_nbars = b->nbars;
		pg->last_after = b->after;
		k = j;
		if (k < n)
			lay_new_frame(pg);
	}
	g_object_unref(lay);
	lay_release(pg, b);
}

/* ------------------------------------------------------------------ */
/* Rules, images, toc entries. */

static void lay_place_rule(pager *pg, pdf_block *b)
{
	double gap = lay_gap(pg, b);
	if (!pg->empty && gap + 1 > lay_room(pg)) {
		lay_new_frame(pg);
		gap = 0;
	}
	double y = pg->y + gap;
	b->page = pg->page;
	if (pg->draw) {
		cairo_t *cr = pg->P->cr;
		lay_block_dest(pg, b, lay_y0(pg) + y);
		double x = lay_x0(pg) + b->indent, w = pg->P->col_w - b->indent;
		cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, x + w * 0.3, lay_y0(pg) + y + 0.5);
		cairo_line_to(cr, x + w * 0.7, lay_y0(pg) + y + 0.5);
		cairo_stroke(cr);
	}
	pg->y = y + 1;
	pg->empty = 0;
	pg->last_after = b->after;
	pg->prev_nbars = b->nbars;
}

/* Size of an image block on the page; returns its height. */
static double lay_image_size(pager *pg, const pdf_block *b, double *w, double *h)
{
	pdf_ctx *P = pg->P;
	double avail = P->col_w - b->indent;
	if (!pdf_image_ok(b->image)) {
		PangoLayout *lay = pdf_layout_new(P, b, avail - P->o.font_size);
		PangoRectangle log;
		pdf_layout_extents(lay, NULL, &log);
		g_object_unref(lay);
		*w = avail;
		*h = (double)log.height / PANGO_SCALE + P->o.font_size;
		return *h;
	}
	double iw, ih;
	pdf_image_size(b->image, &iw, &ih);
	if (iw < 1)
		iw = 1;
	if (ih < 1)
		ih = 1;
	double s = 1;
	if (iw * s > avail)
		s = avail / iw;
	if (ih * s > P->text_h * 0.8)
		s = P->text_h * 0.8 / ih;
	*w = iw * s;
	*h = ih * s;
	return *h;
}

static void lay_place_image(pager *pg, size_t bi)
{
	pdf_ctx *P = pg->P;
	pdf_block *b = &P->blocks[bi];
	lay_keep(pg, bi);
	double w, h;
	lay_image_size(pg, b, &w, &h);
	double gap = lay_gap(pg, b);
	if (!pg->empty && gap + h > lay_room(pg)) {
		lay_new_frame(pg);
		gap = 0;
	}
	double top = pg->y + gap;
	b->page = pg->page;
	if (pg->draw) {
		cairo_t *cr = P->cr;
		double avail = P->col_w - b->indent;
		double x = lay_x0(pg) + b->indent + (avail - w) / 2;
		double y = lay_y0(pg) + top;
		lay_block_dest(pg, b, y);
		lay_draw_marker(pg, b, y + P->o.font_size);
		if (pdf_image_ok(b->image)) {
			pdf_image_draw(P, b->image, x, y, w, h);
		} else {
			cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
			cairo_rectangle(cr, x, y, w, h);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
			cairo_set_line_width(cr, 0.8);
			cairo_stroke(cr);
			PangoLayout *lay = pdf_layout_new(P, b, w - P->o.font_size);
			lay_collect(pg, lay);
			lay_draw_lines(pg, b, lay, 0, pg->nlines, x + P->o.font_size / 2,
			               y + P->o.font_size / 2);
			g_object_unref(lay);
		}
	}
	pg->y = top + h;
	pg->empty = 0;
	pg->last_after = b->after;
	pg->prev_nbars = b->nbars;
}

static void lay_place_toc(pager *pg, size_t bi)
{
	pdf_ctx *P = pg->P;
	pdf_block *b = &P->blocks[bi];
	const pdf_block *h = b->target >= 0 ? &P->blocks[b->target] : NULL;
	char num[16];
	snprintf(num, sizeof num, "%d", h ? h->page : 0);
	PangoLayout *nl = pdf_simple_layout(P, b->style, num, -1);
	double numw = 2.5 * P->o.font_size;
	double w = P->col_w - b->indent - numw;
	PangoLayout *lay = pdf_layout_new(P, b, w);
	lay_collect(pg, lay);
	size_t n = pg->nlines;
	double th = pg->lines[n - 1].top + pg->lines[n - 1].height;
	double gap = lay_gap(pg, b);
	if (!pg->empty && gap + th > lay_room(pg)) {
		lay_new_frame(pg);
		gap = 0;
	}
	double top = pg->y + gap;
	b->page = pg->page;
	if (pg->draw && h) {
		cairo_t *cr = P->cr;
		double x = lay_x0(pg) + b->indent;
		double y = lay_y0(pg) + top;
		char dest[32];
		snprintf(dest, sizeof dest, "d%d", h->dest);
		pdf_link_dest_begin(P, dest);
		lay_draw_lines(pg, b, lay, 0, n, x, y);
		double bl = y + pg->lines[n - 1].baseline;
		PangoRectangle log;
		pdf_layout_extents(nl, NULL, &log);
		double nw = (double)log.width / PANGO_SCALE;
		/* dotted leader */
		PangoRectangle ll;
		pango_layout_line_get_extents(pg->lines[n - 1].line, NULL, &ll);
		double lx = x + pg->lines[n - 1].x + ll.width * pdf_layout_scale(lay) / PANGO_SCALE;
		cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
		for (double dx = ceil((lx + 4) / 4) * 4; dx < lay_x0(pg) + P->col_w - nw - 4; dx += 4)
			cairo_rectangle(cr, dx, bl - 0.6, 0.6, 0.6);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_move_to(cr, lay_x0(pg) + P->col_w - nw,
		              bl - (double)pdf_layout_baseline(nl) / PANGO_SCALE);
		pdf_show_layout(P, nl);
		pdf_link_end(P);
	}
	g_object_unref(nl);
	g_object_unref(lay);
	pg->y = top + th;
	pg->empty = 0;
	pg->last_after = b->after;
	pg->prev_nbars = 0;
}

/* ------------------------------------------------------------------ */
/* Tables. */

static double lay_cell_pad(const pdf_ctx *P)
{
	return 0.35 * P->o.font_size;
}

/* The cells' natural layouts (of widths natural_w), made for the column
 * widths: a cell that fits its column unwrapped, aligned left and not
 * justified, is laid out at that width exactly as unwrapped, so its
 * natural layout is held as its layout there (lay_hold).  Unrefs them
 * and frees both arrays. */
static void lay_keep_natural(pager *pg, pdf_block *b, PangoLayout **natural, int *natural_w)
{
	pdf_table *t = b->table;
	double pad = lay_cell_pad(pg->P);
	for (int i = 0; i < t->nrows; i++)
		for (int j = 0; j < t->ncols; j++) {
			size_t k = (size_t)i * t->ncols + j;
			pdf_block *c = &t->cells[k];
			double w = t->widths[j] - 2 * pad;
			if (c->align == PANGO_ALIGN_LEFT && !c->justify && w >= 1 &&
			    natural_w[k] <= (int)(w * PANGO_SCALE))
				lay_hold(pg, c, natural[k], w);
			g_object_unref(natural[k]);
		}
	free(natural);
	free(natural_w);
}

/* Column widths from the cells' natural and narrowest widths. */
static void lay_table_widths(pager *pg, pdf_block *b)
{
	pdf_ctx *P = pg->P;
	pdf_table *t = b->table;
	double pad = lay_cell_pad(P);
	double avail = P->col_w - b->indent;
	double *nat = pdf_xmalloc(t->ncols * sizeof *nat);
	double *min = pdf_xmalloc(t->ncols * sizeof *min);
	size_t ncells = (size_t)t->nrows * t->ncols;
	PangoLayout **natural = pdf_xmalloc((ncells + 1) * sizeof *natural);
	int *natural_w = pdf_xmalloc((ncells + 1) * sizeof *natural_w);
	for (int j = 0; j < t->ncols; j++)
		nat[j] = min[j] = 2 * pad + 1;
	for (int i = 0; i < t->nrows; i++)
		for (int j = 0; j < t->ncols; j++) {
			size_t k = (size_t)i * t->ncols + j;
			PangoLayout *lay = pdf_layout_new(P, &t->cells[k], 1);
			pango_layout_set_width(lay, -1);
			PangoRectangle log;
			pdf_layout_extents(lay, NULL, &log);
			double w = (double)log.width / PANGO_SCALE + 2 * pad;
			if (w > nat[j])
				nat[j] = w;
			natural[k] = lay;
			natural_w[k] = log.width;
		}
	double snat = 0, smin = 0;
	for (int j = 0; j < t->ncols; j++)
		snat += nat[j];
	if (snat <= avail) {
		/* the natural widths fit: the narrowest are not needed */
		for (int j = 0; j < t->ncols; j++)
			t->widths[j] = nat[j];
		lay_keep_natural(pg, b, natural, natural_w);
		free(nat);
		free(min);
		return;
	}
	for (int i = 0; i < t->nrows; i++)
		for (int j = 0; j < t->ncols; j++) {
			/* the longest word: wrap at words only, as narrow as possible */
			pdf_block *c = &t->cells[(size_t)i * t->ncols + j];
			PangoLayout *lay = pdf_layout_new(P, c, 1);
			pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
			PangoRectangle log;
			pdf_layout_extents(lay, NULL, &log);
			double w = (double)log.width / PANGO_SCALE + 2 * pad;
			if (w > min[j])
				min[j] = w;
			g_object_unref(lay);
		}
	for (int j = 0; j < t->ncols; j++) {
		if (min[j] > nat[j])
			min[j] = nat[j];
		smin += min[j];
	}
	for (int j = 0; j < t->ncols; j++) {
		if (smin <= avail && snat > smin)
			t->widths[j] = min[j] + (nat[j] - min[j]) * (avail - smin) / (snat - smin);
		else
			t->widths[j] = min[j] * avail / smin;
	}
	lay_keep_natural(pg, b, natural, natural_w);
	free(nat);
	free(min);
}

/* Widths and row heights, measured once for both passes (the cells'
 * layouts kept, within the budget, for drawing). */
static void lay_table_measure(pager *pg, pdf_block *b)
{
	pdf_table *t = b->table;
	if (t->measured)
		return;
	lay_table_widths(pg, b);
	double pad = lay_cell_pad(pg->P);
	for (int r = 0; r < t->nrows; r++) {
		double h = 0;
		for (int j = 0; j < t->ncols; j++) {
			pdf_block *c = &t->cells[(size_t)r * t->ncols + j];
			PangoLayout *lay = lay_at(pg, c, t->widths[j] - 2 * pad);
			PangoRectangle log;
			pdf_layout_extents(lay, NULL, &log);
			double ch = (double)log.height / PANGO_SCALE;
			if (ch > h)
				h = ch;
			g_object_unref(lay);
		}
		t->row_h[r] = h + 2 * pad;
	}
	t->measured = 1;
}

/* Lays out row r's cells into lays[] for drawing. */
static void lay_row(pager *pg, pdf_block *b, int r, PangoLayout **lays)
{
	pdf_table *t = b->table;
	double pad = lay_cell_pad(pg->P);
	for (int j = 0; j < t->ncols; j++)
		lays[j] = lay_at(pg, &t->cells[(size_t)r * t->ncols + j], t->widths[j] - 2 * pad);
}

static void lay_free_row(pdf_table *t, PangoLayout **lays)
{
	for (int j = 0; j < t->ncols; j++)
		g_object_unref(lays[j]);
}

static double lay_table_head_height(pager *pg, const pdf_block *cb)
{
	pdf_block *b = (pdf_block *)cb;
	pdf_table *t = b->table;
	lay_table_measure(pg, b);
	double h = 0;
	int rows = t->header_rows + 1 < t->nrows ? t->header_rows + 1 : t->nrows;
	for (int r = 0; r < rows; r++)
		h += t->row_h[r];
	return h;
}

static void lay_draw_row(pager *pg, pdf_block *b, int r, PangoLayout **lays, double y,
                         double h)
{
	pdf_ctx *P = pg->P;
	pdf_table *t = b->table;
	if (!pg->draw)
		return;
	cairo_t *cr = P->cr;
	double pad = lay_cell_pad(P);
	double x = lay_x0(pg) + b->indent, tw = 0;
	for (int j = 0; j < t->ncols; j++)
		tw += t->widths[j];
	int head = r < t->header_rows;
	if (head) {
		cairo_set_source_rgb(cr, 0.9, 0.91, 0.93);
		cairo_rectangle(cr, x, y, tw, h);
		cairo_fill(cr);
	} else if ((r - t->header_rows) % 2 == 1) {
		cairo_set_source_rgb(cr, 0.975, 0.975, 0.975);
		cairo_rectangle(cr, x, y, tw, h);
		cairo_fill(cr);
	}
	cairo_save(cr);
	cairo_rectangle(cr, lay_x0(pg) - 2, lay_y0(pg), P->col_w + 4, P->text_h - pg->fn_h);
	cairo_clip(cr);
	double cx = x;
	for (int j = 0; j < t->ncols; j++) {
		pdf_block *c = &t->cells[(size_t)r * t->ncols + j];
		lay_collect(pg, lays[j]);
		lay_draw_lines(pg, c, lays[j], 0, pg->nlines, cx + pad, y + pad);
		cx += t->widths[j];
	}
	cairo_restore(cr);
	cairo_set_source_rgb(cr, head ? 0.45 : 0.8, head ? 0.45 : 0.8, head ? 0.45 : 0.8);
	cairo_set_line_width(cr, head ? 0.8 : 0.4);
	cairo_move_to(cr, x, y + h);
	cairo_line_to(cr, x + tw, y + h);
	cairo_stroke(cr);
}

static void lay_place_table(pager *pg, size_t bi)
{
	pdf_ctx *P = pg->P;
	pdf_block *b = &P->blocks[bi];
	pdf_table *t = b->table;
	lay_keep(pg, bi);
	lay_table_measure(pg, b);
	PangoLayout **lays = pdf_xmalloc(t->ncols * sizeof *lays);
	double gap = lay_gap(pg, b);
	b->page = pg->page;
	int first_in_frame = 1;
	for (int r = 0; r < t->nrows; r++) {
		double h = t->row_h[r];
		/* the header stays with the first body row */
		double need = h;
		if (r < t->header_rows && r + 1 == t->header_rows && r + 1 < t->nrows)
			need += t->row_h[r + 1];
		if (!pg->empty && gap + need > lay_room(pg)) {
			lay_new_frame(pg);
			gap = 0;
			first_in_frame = 1;
			if (r >= t->header_rows) {
				/* repeat the header rows */
				for (int hr = 0; hr < t->header_rows; hr++) {
					double hh = t->row_h[hr];
					if (pg->draw) {
						lay_row(pg, b, hr, lays);
						lay_draw_row(pg, b, hr, lays, lay_y0(pg) + pg->y, hh);
						lay_free_row(t, lays);
					}
					pg->y += hh;
				}
				pg->empty = 0;
			}
		}
		if (h > lay_room(pg) + 0.01)
			lay_warn_clip(pg, b, "a table row");
		if (r == 0 && pg->draw)
			lay_block_dest(pg, b, lay_y0(pg) + pg->y + gap);
		if (first_in_frame && pg->draw && r == 0)
			lay_draw_marker(pg, b, lay_y0(pg) + pg->y + gap + P->o.font_size);
		first_in_frame = 0;
		if (pg->draw) {
			lay_row(pg, b, r, lays);
			lay_draw_row(pg, b, r, lays, lay_y0(pg) + pg->y + gap, h);
			lay_free_row(t, lays);
		}
		for (int j = 0; j < t->ncols; j++) {
			pdf_block *c = &t->cells[(size_t)r * t->ncols + j];
			if (c->nrefs)
				lay_reserve_refs(pg, c, 0, c->len + 1);
		}
		pg->y += gap + h;
		gap = 0;
		pg->empty = 0;
	}
	free(lays);
	if (pg->draw)
		for (size_t i = 0; i < (size_t)t->nrows * t->ncols; i++)
			lay_release(pg, &t->cells[i]);
	pg->last_after = b->after;
	pg->prev_nbars = b->nbars;
}

/* ------------------------------------------------------------------ */

int pdf_paginate(pdf_ctx *P, int draw)
{
	pager pg;
	memset(&pg, 0, sizeof pg);
	pg.P = P;
	pg.draw = draw;
	pg.page = 1;
	P->page = 1;
	pg.empty = 1;
	if (!draw) {
		/* the blocks are all made: give back their arrays' spare room */
		pdf_math_trim(P);
		if (P->nblocks && P->capblocks > P->nblocks) {
			P->blocks = pdf_xrealloc(P->blocks, P->nblocks * sizeof *P->blocks);
			P->capblocks = P->nblocks;
		}
		pg.keep = lay_worth_keeping(P);
	}
	pg.fn_height = pdf_xmalloc((P->nfns + 1) * sizeof *pg.fn_height);
	for (size_t i = 0; i < P->nfns; i++) {
		pg.fn_height[i] = -1;
		P->fns[i].placed = 0;
		P->fns[i].ref_dest = 0;
	}
	for (size_t i = 0; i < P->nblocks; i++) {
		pdf_block *b = &P->blocks[i];
		if (pg.empty && pg.col == 0 && pg.page > 1 && !b->level) {
			/* nothing to do: a page starts with whatever comes */
		}
		switch (b->kind) {
		case PDF_BK_TEXT:
		case PDF_BK_CODE:
		case PDF_BK_MATH:
			lay_place_text(&pg, i);
			break;
		case PDF_BK_RULE:
			lay_place_rule(&pg, b);
			break;
		case PDF_BK_IMAGE:
			lay_place_image(&pg, i);
			break;
		case PDF_BK_TABLE:
			lay_place_table(&pg, i);
			break;
		case PDF_BK_TOC:
			lay_place_toc(&pg, i);
			break;
		}
	}
	/* footnotes never referenced from a placed line cannot be lost */
	lay_draw_footnotes(&pg);
	lay_finish_page(&pg, 1);
	for (int i = 0; i < LAY_RING; i++)
		if (pg.ring[i].lay)
			g_object_unref(pg.ring[i].lay);
	for (int i = 0; i < pg.nmarks; i++) {
		free(pg.marks[i].text);
		g_object_unref(pg.marks[i].lay);
	}
	free(pg.fns);
	free(pg.fn_height);
	free(pg.lines);
	free(pg.fn_lines);
	return pg.page;
}
