/*
 * pdf.c -- the pdf writer plugin: options, fonts, the two passes and the
 * PDF surface (document information, structure, outline).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>

#include "math.h"
#include "pdf.h"

void *pdf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("paissconv: pdf: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *pdf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("paissconv: pdf: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *pdf_xstrndup(const char *s, size_t n)
{
	char *p = pdf_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

#define PDF_MATH_FONT "Latin Modern Math" /* also when pdf.math-font is empty */

static const pcv_option pdf_options[] = {
	{"paper", PCV_OPT_STRING, "a4", "paper size: a4, a5, letter or legal"},
	{"margin", PCV_OPT_STRING, "20", "page margins in millimetres"},
	{"font-size", PCV_OPT_STRING, "10.5", "body text size in points (6 to 24)"},
	{"columns", PCV_OPT_INT, "1", "text columns per page: 1 or 2"},
	{"font", PCV_OPT_STRING, "Noto Serif",
	 "body font family (fontconfig name), also of the subtitle, running header and footer"},
	{"heading-font", PCV_OPT_STRING, "Noto Sans", "heading font family, also of the title and table headers"},
	{"mono-font", PCV_OPT_STRING, "Noto Sans Mono", "monospace font family for code (and math left as TeX)"},
	{"emoji-font", PCV_OPT_STRING, "Noto Color Emoji", "colour emoji font family"},
	{"math-font", PCV_OPT_STRING, PDF_MATH_FONT, "OpenType math font family for formulas"},
	{"font-fallback", PCV_OPT_STRING, "handout",
	 "handout: fall back among the five families and DejaVu Sans, on every font only for a "
	 "character none of them has; system: on every installed font, in fontconfig's order"},
	{"math-scale", PCV_OPT_STRING, "1", "math size relative to the text: a number, or match (equal x-heights)"},
	{"toc", PCV_OPT_BOOL, "false", "insert a table of contents (--toc)"},
	{"toc-depth", PCV_OPT_INT, "3", "heading levels in the table of contents (--toc-depth)"},
	{"hyphenate", PCV_OPT_BOOL, "true", "hyphenate justified text by the document's lang"},
	{"legend", PCV_OPT_BOOL, "true",
	 "a box after the title block with the emoji markers used, their meaning and count"},
	{"index", PCV_OPT_BOOL, "false",
	 "an index at the end of the blocks tagged with pdf.index-tags, with their pages"},
	{"index-tags", PCV_OPT_STRING, "question paper quote key-idea",
	 "the meanings (slugs, space-separated, or all) pdf.index lists, in this order"},
	{NULL, 0, NULL, NULL}};

static double pdf_number(pdf_ctx *P, const char *key, double def, double lo, double hi)
{
	const char *s = pcv_option_string(P->ctx, key);
	if (!s)
		return def;
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi)) {
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0, "%s=%s: expected a number from %g to %g; using %g",
		           key, s, lo, hi, def);
		return def;
	}
	return v;
}

static void pdf_read_options(pdf_ctx *P)
{
	pdf_opts *o = &P->o;
	static const struct {
		const char *name;
		double w, h;
	} papers[] = {{"a4", 595.28, 841.89},
	              {"a5", 419.53, 595.28},
	              {"letter", 612, 792},
	              {"legal", 612, 1008}};
	const char *paper = pcv_option_string(P->ctx, "pdf.paper");
	o->page_w = papers[0].w;
	o->page_h = papers[0].h;
	int found = 0;
	for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
		if (paper && !g_ascii_strcasecmp(paper, papers[i].name)) {
			o->page_w = papers[i].w;
			o->page_h = papers[i].h;
			found = 1;
		}
	if (!found)
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0,
		           "pdf.paper=%s: expected a4, a5, letter or legal; using a4", paper ? paper : "");
	double mm = pdf_number(P, "pdf.margin", 20, 5, 60);
	o->margin_l = o->margin_r = mm * 72 / 25.4;
	o->margin_t = o->margin_b = mm * 72 / 25.4 + 6;
	o->font_size = pdf_number(P, "pdf.font-size", 10.5, 6, 24);
	o->columns = (int)pcv_option_int(P->ctx, "pdf.columns");
	if (o->columns != 1 && o->columns != 2) {
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0, "pdf.columns=%d: expected 1 or 2; using 1",
		           o->columns);
		o->columns = 1;
	}
	o->col_gap = 1.8 * o->font_size;
	o->font = pcv_option_string(P->ctx, "pdf.font");
	o->heading_font = pcv_option_string(P->ctx, "pdf.heading-font");
	o->mono_font = pcv_option_string(P->ctx, "pdf.mono-font");
	o->emoji_font = pcv_option_string(P->ctx, "pdf.emoji-font");
	o->math_font = pcv_option_string(P->ctx, "pdf.math-font");
	if (!o->math_font || !*o->math_font)
		o->math_font = PDF_MATH_FONT;
	o->toc = pcv_option_bool(P->ctx, "pdf.toc");
	o->toc_depth = (int)pcv_option_int(P->ctx, "pdf.toc-depth");
	if (o->toc_depth < 1)
		o->toc_depth = 1;
	if (o->toc_depth > 6)
		o->toc_depth = 6;
	o->hyphenate = pcv_option_bool(P->ctx, "pdf.hyphenate");
	double tw = o->page_w - o->margin_l - o->margin_r;
	P->col_w = (tw - o->col_gap * (o->columns - 1)) / o->columns;
	P->text_h = o->page_h - o->margin_t - o->margin_b;
}

/* Style st: a face of family at size times the body's, laid out at
 * layout times it and drawn scaled (see pdf_ctx.kscale). */
static void pdf_font_at(pdf_ctx *P, int st, const char *family, double size, double layout,
                        PangoWeight w, PangoStyle slant)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, family);
	pango_font_description_set_size(d, (int)(P->o.font_size * layout * PANGO_SCALE));
	pango_font_description_set_weight(d, w);
	pango_font_description_set_style(d, slant);
	P->fonts[st] = d;
	P->kscale[st] = size / layout;
}

/* Style st, laid out at the body's size. */
static void pdf_font(pdf_ctx *P, int st, const char *family, double size, PangoWeight w,
                     PangoStyle slant)
{
	pdf_font_at(P, st, family, size, 1, w, slant);
}

static void pdf_fonts(pdf_ctx *P)
{
	const char *body = P->o.font, *head = P->o.heading_font, *mono = P->o.mono_font;
	PangoWeight B = PANGO_WEIGHT_BOLD, N = PANGO_WEIGHT_NORMAL, SB = PANGO_WEIGHT_SEMIBOLD;
	PangoStyle R = PANGO_STYLE_NORMAL, I = PANGO_STYLE_ITALIC;
	pdf_font(P, PDF_ST_BODY, body, 1, N, R);
	pdf_font(P, PDF_ST_H1, head, 1.75, B, R);
	pdf_font(P, PDF_ST_H2, head, 1.4, B, R);
	pdf_font(P, PDF_ST_H3, head, 1.18, B, R);
	pdf_font(P, PDF_ST_H4, head, 1.05, B, R);
	pdf_font(P, PDF_ST_H5, head, 1, SB, R);
	pdf_font(P, PDF_ST_H6, head, 1, SB, I);
	pdf_font_at(P, PDF_ST_CODE, mono, 0.86, PDF_MONO_INLINE, N, R);
	pdf_font_at(P, PDF_ST_MATH, mono, 0.92, PDF_MONO_INLINE, N, R);
	pdf_font(P, PDF_ST_FOOT, body, 0.82, N, R);
	pdf_font(P, PDF_ST_TITLE, head, 2.2, B, R);
	pdf_font(P, PDF_ST_SUBTITLE, body, 1.35, N, I);
	pdf_font(P, PDF_ST_AUTHOR, body, 1.1, N, R);
	pdf_font(P, PDF_ST_CAPTION, body, 0.88, N, I);
	pdf_font(P, PDF_ST_CELL, body, 0.92, N, R);
	pdf_font(P, PDF_ST_HEADCELL, head, 0.9, B, R);
	pdf_font(P, PDF_ST_TOC, body, 1, N, R);
	pdf_font(P, PDF_ST_TOCHEAD, head, 1.05, B, R);
	pdf_font(P, PDF_ST_MARKER, body, 1, N, R);
	pdf_font(P, PDF_ST_FURNITURE, body, 0.78, N, R);
}

static cairo_status_t pdf_write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	pcv_out_write(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void pdf_metadata(pdf_ctx *P)
{
	struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} m[] = {{CAIRO_PDF_METADATA_TITLE, P->title},
	         {CAIRO_PDF_METADATA_AUTHOR, P->author},
	         {CAIRO_PDF_METADATA_SUBJECT, pcv_doc_meta_string(P->doc, "subject")},
	         {CAIRO_PDF_METADATA_KEYWORDS, pcv_doc_meta_string(P->doc, "keywords")},
	         {CAIRO_PDF_METADATA_CREATOR, "paissconv " PACKAGE_VERSION}};
	if (!m[2].value)
		m[2].value = pcv_doc_meta_string(P->doc, "description");
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i].value && *m[i].value) {
			char *v = g_utf8_make_valid(m[i].value, -1);
			cairo_pdf_surface_set_metadata(P->surface, m[i].key, v);
			g_free(v);
		}
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			t = (time_t)v;
	}
	struct tm tm;
	char date[64];
	if (gmtime_r(&t, &tm) && strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		cairo_pdf_surface_set_metadata(P->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
		cairo_pdf_surface_set_metadata(P->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	}
}

static void pdf_free_fonts(pdf_ctx *P)
{
	for (int i = 0; i < PDF_ST_COUNT; i++)
		pango_font_description_free(P->fonts[i]);
	g_object_unref(P->pango);
	g_object_unref(P->fontmap);
}

static int pdf_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	pdf_ctx P;
	memset(&P, 0, sizeof P);
	P.ctx = ctx;
	P.doc = doc;
	pdf_read_options(&P);
	P.title = pcv_doc_meta_string(doc, "title");
	P.subtitle = pcv_doc_meta_string(doc, "subtitle");
	P.author = pcv_doc_meta_string(doc, "author");
	if (!P.author)
		P.author = pcv_doc_meta_string(doc, "authors");
	P.date = pcv_doc_meta_string(doc, "date");
	P.lang = pcv_doc_meta_string(doc, "lang");

	int narrowed = pdf_fonts_narrow(&P);
	P.fontmap = pango_cairo_font_map_new();
	if (narrowed)
		pdf_fonts_trim(P.fontmap);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(P.fontmap), 72);
	P.pango = pango_font_map_create_context(P.fontmap);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(P.pango, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(P.pango, FALSE);
	if (P.lang)
		pango_context_set_language(P.pango, pango_language_from_string(P.lang));
	pdf_fonts(&P);
	PangoFont *body = pango_font_map_load_font(P.fontmap, P.pango, P.fonts[PDF_ST_BODY]);
	if (!body) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0,
		           "pdf: fontconfig finds no font at all (not even for pdf.font=%s); install "
		           "fonts-noto-core, or fonts-dejavu-core", P.o.font);
		pdf_free_fonts(&P);
		return 1;
	}
	g_object_unref(body);
	if (P.o.hyphenate)
		P.hyph = pdf_hyph_open(&P, P.lang);

	pdf_build(&P);
	pdf_legend_build(&P);

	/* pass 1: count pages, find the pages of headings */
	P.npages = pdf_paginate(&P, 0);

	/* pass 2: draw */
	P.surface = cairo_pdf_surface_create_for_stream(pdf_write_cb, out, P.o.page_w, P.o.page_h);
	pdf_metadata(&P);
	P.cr = cairo_create(P.surface);
	cairo_tag_begin(P.cr, "Document", NULL);
	int pages = pdf_paginate(&P, 1);
	cairo_tag_end(P.cr, "Document");
	cairo_status_t st = cairo_status(P.cr);
	cairo_destroy(P.cr);
	cairo_surface_finish(P.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(P.surface);
	cairo_surface_destroy(P.surface);
	int rc = 0;
	if (st != CAIRO_STATUS_SUCCESS) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "cairo could not make the PDF: %s",
		           cairo_status_to_string(st));
		rc = 1;
	} else if (pages != P.npages) {
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0, "page count changed between passes (%d, %d)",
		           P.npages, pages);
	}

	pdf_draw_free(&P);
	pdf_math_free(&P);
	pdf_legend_free(&P);
	for (size_t i = 0; i < P.nblocks; i++)
		pdf_block_free(&P.blocks[i]);
	free(P.blocks);
	for (size_t i = 0; i < P.nlinks; i++)
		free(P.links[i].uri);
	free(P.links);
	for (size_t i = 0; i < P.nfns; i++)
		pdf_block_free(&P.fns[i].body);
	free(P.fns);
	pdf_hyph_close(P.hyph);
	pdf_free_fonts(&P);
	(void)data;
	return rc;
}

static const pcv_writer pdf_writer = {
	sizeof(pcv_writer),
	"pdf",
	"pdf",
	"PDF handout typeset with cairo and pango",
	pdf_options,
	pdf_write,
	NULL,
	PCV_WRITER_BINARY,
};

static int pdf_init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &pdf_writer) ? 0 : 1;
}

PCV_PLUGIN("pdf", "0.1", "PDF writer (cairo, pango)", pdf_init);
