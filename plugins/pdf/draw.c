/*
 * draw.c -- laid-out lines to cairo.
 *
 * Lines are drawn run by run so that each run can carry what pango's own
 * line drawing does not know: the link it belongs to (a cairo link tag
 * around it), code-span backgrounds, strike-through, and colour emoji,
 * which are rasterised at print resolution and painted scaled so that they
 * stay sharp on paper.
 *
 * A run's text goes to cairo with its glyphs, for the PDF's text layer.
 * cairo gives a character that has no glyph a marked-content span of its
 * own, and ends the text operator before and after it; the soft hyphens
 * of hyphenation points made a hyphenated paragraph's run one operator per
 * syllable.  So the soft hyphens and zero-width spaces the writer adds for
 * line breaking stay out of the text layer where no line breaks.
 */
#include <hb-ot.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "pdf.h"

#define DRAW_EMOJI_DPI 300.0
#define DRAW_EMOJI_CLIP 4.0 /* pt */

/* A glyph of an emoji object: its id and its pen offset, in font units. */
typedef struct emoji_glyph {
	hb_codepoint_t id;
	int x, y;
} emoji_glyph;

typedef struct pdf_emoji {
	char *key;        /* the run's text */
	double size;      /* font size, pt */
	cairo_surface_t *img;
	double ox, oy;    /* image origin relative to the pen, pt */
	int page;         /* last page it was painted on */
	pdf_groups groups; /* repeats on a page (draw_emoji) */
	emoji_glyph *gl;  /* an emoji object's glyphs (pdf_emoji_attr); */
	unsigned ng;      /* none for a run pango laid out in the emoji font */
	int adv;          /* an emoji object's advance, font units */
	size_t owner;     /* index + 1 of the entry whose picture it paints
	                     scaled down, 0: its own */
} pdf_emoji;

typedef struct draw_font {
	PangoFont *font;
	int color;
} draw_font;

typedef struct draw_fonts {
	draw_font *v;
	size_t n, cap;
} draw_fonts;

char *pdf_escape_attr(const char *s)
{
	size_t n = strlen(s);
	char *o = pdf_xmalloc(2 * n + 1), *p = o;
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p = 0;
	return o;
}

PangoLayout *pdf_simple_layout(pdf_ctx *P, int style, const char *text, double width)
{
	PangoLayout *lay = pango_layout_new(P->pango);
	pango_layout_set_font_description(lay, P->fonts[style]);
	pdf_layout_tag(P, lay, style);
	if (width > 0) {
		pango_layout_set_width(lay, (int)(width / P->kscale[style] * PANGO_SCALE));
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(lay, text, -1);
	return lay;
}

static GQuark draw_scale_quark(void)
{
	static GQuark q;
	if (!q)
		q = g_quark_from_static_string("pdf-scale");
	return q;
}

void pdf_layout_set_scale(PangoLayout *lay, const double *k)
{
	g_object_set_qdata(G_OBJECT(lay), draw_scale_quark(), (gpointer)k);
}

void pdf_layout_tag(pdf_ctx *P, PangoLayout *lay, int style)
{
	if (P->kscale[style] != 1)
		pdf_layout_set_scale(lay, &P->kscale[style]);
}

double pdf_layout_scale(PangoLayout *lay)
{
	const double *k = g_object_get_qdata(G_OBJECT(lay), draw_scale_quark());
	return k ? *k : 1;
}

static void draw_scale_rect(PangoRectangle *r, double k)
{
	if (!r)
		return;
	r->x = (int)lround(r->x * k);
	r->y = (int)lround(r->y * k);
	r->width = (int)lround(r->width * k);
	r->height = (int)lround(r->height * k);
}

void pdf_layout_extents(PangoLayout *lay, PangoRectangle *ink, PangoRectangle *log)
{
	pango_layout_get_extents(lay, ink, log);
	double k = pdf_layout_scale(lay);
	if (k != 1) {
		draw_scale_rect(ink, k);
		draw_scale_rect(log, k);
	}
}

int pdf_layout_baseline(PangoLayout *lay)
{
	return (int)lround(pango_layout_get_baseline(lay) * pdf_layout_scale(lay));
}

double pdf_layout_enter(cairo_t *cr, PangoLayout *lay, double *x, double *y)
{
	double k = pdf_layout_scale(lay);
	if (k != 1) {
		cairo_save(cr);
		cairo_translate(cr, *x, *y);
		cairo_scale(cr, k, k);
		*x = *y = 0;
	}
	return k;
}

void pdf_layout_leave(cairo_t *cr, double k)
{
	if (k != 1)
		cairo_restore(cr);
}

void pdf_show_layout(pdf_ctx *P, PangoLayout *lay)
{
	cairo_t *cr = P->cr;
	double x, y;
	cairo_get_current_point(cr, &x, &y);
	double k = pdf_layout_enter(cr, lay, &x, &y);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, lay);
	pdf_layout_leave(cr, k);
}

void pdf_draw_dest(pdf_ctx *P, const char *name, double x, double y)
{
	char attrs[96];
	snprintf(attrs, sizeof attrs, "name='%s' x=%.2f y=%.2f", name, x, y > 0 ? y : 0);
	cairo_tag_begin(P->cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(P->cr, CAIRO_TAG_DEST);
}

void pdf_link_dest_begin(pdf_ctx *P, const char *dest)
{
	char attrs[64];
	snprintf(attrs, sizeof attrs, "dest='%s'", dest);
	cairo_tag_begin(P->cr, CAIRO_TAG_LINK, attrs);
}

void pdf_link_begin(pdf_ctx *P, int link)
{
	const pdf_link *l = &P->links[link];
	char name[32];
	switch (l->kind) {
	case PDF_LINK_URI: {
		size_t n = strlen(l->uri) + 16;
		char *a = pdf_xmalloc(n);
		snprintf(a, n, "uri='%s'", l->uri);
		cairo_tag_begin(P->cr, CAIRO_TAG_LINK, a);
		free(a);
		return;
	}
	case PDF_LINK_DEST:
		snprintf(name, sizeof name, "d%d", l->target);
		break;
	case PDF_LINK_FNREF:
		snprintf(name, sizeof name, "f%d", l->target);
		break;
	default:
		snprintf(name, sizeof name, "r%d", l->target);
		break;
	}
	pdf_link_dest_begin(P, name);
}

void pdf_link_end(pdf_ctx *P)
{
	cairo_tag_end(P->cr, CAIRO_TAG_LINK);
}

/* Whether a link can be drawn now (its destination exists). */
static int draw_link_ok(pdf_ctx *P, int link)
{
	if (link < 0 || (size_t)link >= P->nlinks)
		return 0;
	const pdf_link *l = &P->links[link];
	switch (l->kind) {
	case PDF_LINK_DEST:
		return l->target >= 0;
	case PDF_LINK_FNBACK:
		return l->target >= 0 && (size_t)l->target < P->nfns && P->fns[l->target].ref_dest;
	default:
		return 1;
	}
}

static int draw_is_color(pdf_ctx *P, PangoFont *font)
{
	draw_fonts *c = P->color_fonts;
	if (!c) {
		c = calloc(1, sizeof *c);
		if (!c)
			abort();
		P->color_fonts = c;
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].font == font)
			return c->v[i].color;
	hb_font_t *hf = pango_font_get_hb_font(font);
	hb_face_t *face = hf ? hb_font_get_face(hf) : NULL;
	int color = face && (hb_ot_color_has_png(face) || hb_ot_color_has_layers(face) ||
	                     hb_ot_color_has_svg(face));
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = pdf_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n].font = g_object_ref(font);
	c->v[c->n].color = color;
	c->n++;
	return color;
}

/* A new entry at the end of the emoji cache, without picture. */
static pdf_emoji *draw_emoji_add(pdf_ctx *P, const char *key, size_t klen, double size)
{
	if (P->nemoji == P->capemoji) {
		P->capemoji = P->capemoji ? P->capemoji * 2 : 16;
		P->emoji = pdf_xrealloc(P->emoji, P->capemoji * sizeof *P->emoji);
	}
	pdf_emoji *e = &P->emoji[P->nemoji++];
	e->key = pdf_xstrndup(key, klen);
	e->size = size;
	e->img = NULL;
	e->page = 0;
	memset(&e->groups, 0, sizeof e->groups);
	e->gl = NULL;
	e->ng = 0;
	e->adv = 0;
	e->owner = 0;
	return e;
}

typedef struct draw_blob {
	const unsigned char *p;
	unsigned int left;
} draw_blob;

static cairo_status_t draw_blob_read(void *closure, unsigned char *data, unsigned int len)
{
	draw_blob *b = closure;
	if (len > b->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, b->p, len);
	b->p += len;
	b->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

/* Paints glyphs gl[0, n) of face, at size pt, from the font's own PNG
 * pictures (CBDT, sbix) into c, whose user space is in points with the
 * pen at 0, 0 and which is resolution pixels a point.  That is what cairo
 * does through FreeType for such glyphs, less its second decoding and
 * scaling of each picture (for the mask it also makes).  Decoded pictures
 * are kept in cache (the PNG's place in the font -> surface) when there
 * is one: a picture serves every size it is chosen for.  Returns 0,
 * having painted nothing, when a glyph has no picture. */
static int draw_emoji_png(cairo_t *c, hb_face_t *face, const emoji_glyph *gl, unsigned n,
                          double size, double resolution, GHashTable *cache)
{
	if (!face || !hb_ot_color_has_png(face))
		return 0;
	double unit = size / hb_face_get_upem(face); /* points a font unit */
	hb_font_t *f = hb_font_create(face);         /* scale: font units */
	int ppem = (int)lround(size * resolution);
	hb_font_set_ppem(f, ppem, ppem); /* picks the picture's size */
	cairo_surface_t **pics = calloc((size_t)n + 1, sizeof *pics);
	if (!pics)
		abort();
	int ok = 1;
	for (unsigned i = 0; i < n && ok; i++) {
		hb_glyph_extents_t ext;
		ok = hb_font_get_glyph_extents(f, gl[i].id, &ext);
		if (ok && ext.width > 0 && ext.height < 0) {
			hb_blob_t *blob = hb_ot_color_glyph_reference_png(f, gl[i].id);
			unsigned int len;
			const char *data = hb_blob_get_data(blob, &len);
			cairo_surface_t *kept = cache && len ? g_hash_table_lookup(cache, data) : NULL;
			if (kept) {
				pics[i] = cairo_surface_reference(kept);
				hb_blob_destroy(blob);
				continue;
			}
			draw_blob rd = {(const unsigned char *)data, len};
			pics[i] = len ? cairo_image_surface_create_from_png_stream(draw_blob_read, &rd) : NULL;
			ok = pics[i] && cairo_surface_status(pics[i]) == CAIRO_STATUS_SUCCESS &&
			     cairo_image_surface_get_width(pics[i]) > 0 &&
			     cairo_image_surface_get_height(pics[i]) > 0;
			hb_blob_destroy(blob);
			if (ok && cache)
				g_hash_table_insert(cache, (gpointer)data, cairo_surface_reference(pics[i]));
		}
	}
	for (unsigned i = 0; i < n && ok; i++) {
		hb_glyph_extents_t ext;
		if (pics[i] && hb_font_get_glyph_extents(f, gl[i].id, &ext)) {
			double w = cairo_image_surface_get_width(pics[i]);
			double h = cairo_image_surface_get_height(pics[i]);
			cairo_save(c);
			cairo_translate(c, (gl[i].x + ext.x_bearing) * unit, (gl[i].y - ext.y_bearing) * unit);
			cairo_scale(c, ext.width * unit / w, -ext.height * unit / h);
			cairo_set_source_surface(c, pics[i], 0, 0);
			cairo_pattern_set_filter(cairo_get_source(c), CAIRO_FILTER_GOOD);
			cairo_paint(c);
			cairo_restore(c);
		}
	}
	for (unsigned i = 0; i < n; i++)
		if (pics[i])
			cairo_surface_destroy(pics[i]);
	free(pics);
	hb_font_destroy(f);
	return ok;
}

/* The glyphs of a run pango laid out at size pt, in font units of face,
 * *n of them; NULL when one is unknown to the font. */
static emoji_glyph *draw_run_glyphs(PangoGlyphItem *run, hb_face_t *face, double size,
                                    unsigned *np)
{
	PangoGlyphString *gs = run->glyphs;
	emoji_glyph *gl = pdf_xmalloc(((size_t)gs->num_glyphs + 1) * sizeof *gl);
	double k = hb_face_get_upem(face) / (size * PANGO_SCALE); /* font units a pango unit */
	int pen = 0;
	unsigned n = 0;
	for (int i = 0; i < gs->num_glyphs; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			free(gl);
			return NULL;
		}
		if (g->glyph != PANGO_GLYPH_EMPTY) {
			gl[n].id = g->glyph;
			gl[n].x = (int)lround((pen + g->geometry.x_offset) * k);
			gl[n].y = (int)lround(g->geometry.y_offset * k);
			n++;
		}
		pen += g->geometry.width;
	}
	*np = n;
	return gl;
}

/* Rasterises emoji e (of face, an object's glyphs) at DRAW_EMOJI_DPI:
 * its picture and origin.  Returns 0 when a glyph has no picture. */
static int draw_emoji_object_image(pdf_emoji *e, hb_face_t *face, GHashTable *cache)
{
	double s = DRAW_EMOJI_DPI / 72.0;
	double unit = e->size / hb_face_get_upem(face);
	hb_font_t *f = hb_font_create(face);
	int ppem = (int)lround(e->size * s);
	hb_font_set_ppem(f, ppem, ppem);
	double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
	int any = 0;
	for (unsigned i = 0; i < e->ng; i++) {
		hb_glyph_extents_t ext;
		if (!hb_font_get_glyph_extents(f, e->gl[i].id, &ext) || ext.width <= 0 || ext.height >= 0)
			continue;
		double gx0 = (e->gl[i].x + ext.x_bearing) * unit;
		double gy0 = (e->gl[i].y - ext.y_bearing) * unit;
		double gx1 = gx0 + ext.width * unit, gy1 = gy0 - ext.height * unit;
		if (!any || gx0 < x0)
			x0 = gx0;
		if (!any || gy0 < y0)
			y0 = gy0;
		if (!any || gx1 > x1)
			x1 = gx1;
		if (!any || gy1 > y1)
			y1 = gy1;
		any = 1;
	}
	hb_font_destroy(f);
	if (!any)
		return 0;
	int w = (int)ceil((x1 - x0) * s) + 2;
	int h = (int)ceil((y1 - y0) * s) + 2;
	if (w < 1 || h < 1 || w > 8192 || h > 8192)
		return 0;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *c = cairo_create(img);
	cairo_scale(c, s, s);
	cairo_translate(c, -x0 + 1 / s, -y0 + 1 / s);
	int ok = draw_emoji_png(c, face, e->gl, e->ng, e->size, s, cache);
	cairo_destroy(c);
	if (!ok) {
		cairo_surface_destroy(img);
		return 0;
	}
	e->img = img;
	e->ox = x0 - 1 / s;
	e->oy = y0 - 1 / s;
	return 1;
}

/* Paints emoji e's picture with the pen at (x, y): its own, or its
 * owner's scaled down to e's size. */
static void draw_emoji_paint(pdf_ctx *P, pdf_emoji *e, double x, double y)
{
	pdf_emoji *pic = e->owner ? &P->emoji[e->owner - 1] : e;
	double k = e->size / pic->size; /* 1 for its own picture */
	/* Each picture goes into the PDF once.  cairo 1.16 lists an image
	 * twice in a page's resources when it is painted twice on the page,
	 * which qpdf rightly flags: a second painting on a page goes through
	 * a group holding the picture (a form XObject, which lists the image
	 * in its own resources).  Groups are shared across pages like the
	 * pictures, so that there are only as many as the most paintings of
	 * the picture on one page */
	cairo_t *cr = P->cr;
	double s = DRAW_EMOJI_DPI / 72.0;
	cairo_save(cr);
	cairo_translate(cr, x + pic->ox * k, y + pic->oy * k);
	/* The paint is clipped: an unclipped paint on a page with nothing
	 * drawn yet makes cairo 1.16's recording surface forget what it
	 * recorded of the page, tags begun there included, so that a link
	 * begun just before the picture (a toc entry at the top of a page)
	 * ends unopened and cairo_show_page fails with a tag error.  The clip
	 * leaves DRAW_EMOJI_CLIP around the picture, more than its filter
	 * reaches, so that cairo finds it holds the painting and writes none */
	cairo_rectangle(cr, -DRAW_EMOJI_CLIP, -DRAW_EMOJI_CLIP,
	                cairo_image_surface_get_width(pic->img) / s * k + 2 * DRAW_EMOJI_CLIP,
	                cairo_image_surface_get_height(pic->img) / s * k + 2 * DRAW_EMOJI_CLIP);
	cairo_clip(cr);
	cairo_scale(cr, k, k);
	if (pic->page != P->page) {
		pic->page = P->page;
		pic->groups.used = 0;
		cairo_scale(cr, 1 / s, 1 / s);
		cairo_set_source_surface(cr, pic->img, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	} else {
		cairo_set_source_surface(cr, pdf_groups_next(&pic->groups, pic->img, s), 0, 0);
	}
	cairo_paint(cr);
	cairo_restore(cr);
}

/* Paints emoji e, whose sizes are in points, with the pen at (x, y) of a
 * line drawn at scale k. */
static void draw_emoji_paint_at(pdf_ctx *P, pdf_emoji *e, double x, double y, double k)
{
	if (k == 1) {
		draw_emoji_paint(P, e, x, y);
		return;
	}
	cairo_save(P->cr);
	cairo_translate(P->cr, x, y);
	cairo_scale(P->cr, 1 / k, 1 / k);
	draw_emoji_paint(P, e, 0, 0);
	cairo_restore(P->cr);
}

/* A run pango laid out in a colour font (emoji in code, or that the emoji
 * font has no picture for), with the pen at (x, y) of a line drawn at
 * scale k.  The picture is made for the size the run is drawn at. */
static void draw_emoji(pdf_ctx *P, const char *text, PangoGlyphItem *run, double x, double y,
                       double k)
{
	PangoItem *item = run->item;
	PangoFontDescription *d = pango_font_describe(item->analysis.font);
	double size = (double)pango_font_description_get_size(d) / PANGO_SCALE;
	pango_font_description_free(d);
	const char *key = text + item->offset;
	size_t klen = item->length;
	pdf_emoji *e = NULL;
	for (size_t i = 0; i < P->nemoji && !e; i++)
		if (!P->emoji[i].ng && P->emoji[i].size == size * k &&
		    strlen(P->emoji[i].key) == klen && !memcmp(P->emoji[i].key, key, klen))
			e = &P->emoji[i];
	if (!e) {
		double s = DRAW_EMOJI_DPI / 72.0;
		PangoRectangle ink;
		pango_glyph_string_extents(run->glyphs, item->analysis.font, &ink, NULL);
		double ix = k * ink.x / PANGO_SCALE, iy = k * ink.y / PANGO_SCALE;
		int w = (int)ceil(k * ink.width / PANGO_SCALE * s) + 2;
		int h = (int)ceil(k * ink.height / PANGO_SCALE * s) + 2;
		if (w < 1 || h < 1 || w > 8192 || h > 8192)
			return;
		cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
		cairo_t *c = cairo_create(img);
		cairo_scale(c, s, s);
		cairo_translate(c, -ix + 1 / s, -iy + 1 / s);
		cairo_scale(c, k, k);
		hb_font_t *pf = pango_font_get_hb_font(item->analysis.font);
		hb_face_t *face = pf ? hb_font_get_face(pf) : NULL;
		unsigned n = 0;
		emoji_glyph *gl = face ? draw_run_glyphs(run, face, size, &n) : NULL;
		if (!gl || !draw_emoji_png(c, face, gl, n, size, s * k, NULL)) {
			cairo_move_to(c, 0, 0);
			/* show the glyphs at the pen position 0 */
			int yoff = run->y_offset;
			run->y_offset = 0;
			pango_cairo_show_glyph_item(c, text, run);
			run->y_offset = yoff;
		}
		free(gl);
		cairo_destroy(c);
		e = draw_emoji_add(P, key, klen, size * k);
		e->img = img;
		e->ox = ix - 1 / s;
		e->oy = iy - 1 / s;
	}
	draw_emoji_paint_at(P, e, x, y, k);
}

/* ------------------------------------------------------------------ */
/* Emoji objects.
 *
 * An emoji sequence that the emoji font draws from its own pictures goes
 * into a layout as one U+FFFC under a shape attribute as wide as the
 * sequence's glyphs and as tall as the emoji font's line.  pango then
 * never loads the emoji font: no fontconfig sort per size, and no
 * decoding of every picture, at every size, for its ink extents.  The
 * sequence is shaped here, once, by HarfBuzz in the font pango would
 * have chosen, and drawn from the same pictures as above. */

typedef struct emoji_objects {
	hb_font_t *font;    /* the emoji font at its em size, NULL: none */
	unsigned upem;
	int asc, desc;      /* its line above and below the baseline, font units */
	GHashTable *index;  /* "size text" -> index in P->emoji + 1 */
	GHashTable *pictures; /* a PNG in the font -> the picture decoded */
	GHashTable *by_text;  /* text -> its emoji_text */
} emoji_objects;

/* The objects of one emoji sequence, at every size: until the first of
 * them is drawn, the largest; then the one whose picture those no larger
 * paint scaled down (a picture at 300 dpi of the largest size is sharp at
 * any smaller one, and one image in the file stands for all). */
typedef struct emoji_text {
	size_t largest; /* index + 1 in P->emoji */
	int drawn;
} emoji_text;

static gpointer emoji_attr_copy(gconstpointer data)
{
	return (gpointer)data;
}

static emoji_objects *emoji_objects_of(pdf_ctx *P)
{
	emoji_objects *o = P->emoji_objects;
	if (o)
		return o;
	o = calloc(1, sizeof *o);
	if (!o)
		abort();
	P->emoji_objects = o;
	o->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	o->pictures = g_hash_table_new_full(NULL, NULL, NULL,
	                                    (GDestroyNotify)cairo_surface_destroy);
	o->by_text = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	hb_face_t *face;
	FcPattern *m = pdf_fonts_match(P->o.emoji_font, &face);
	if (m)
		FcPatternDestroy(m);
	if (face && hb_ot_color_has_png(face) && hb_face_get_upem(face)) {
		o->font = hb_font_create(face); /* at the em size: font units */
		o->upem = hb_face_get_upem(face);
		hb_position_t asc = 0, desc = 0;
		hb_ot_metrics_get_position(o->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &asc);
		hb_ot_metrics_get_position(o->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &desc);
		o->asc = asc;
		o->desc = -desc;
		/* the picture of the largest strike answers for any glyph */
		hb_font_set_ppem(o->font, 1024, 1024);
	}
	if (face)
		hb_face_destroy(face); /* o->font holds it */
	return o;
}

/* Shapes text[0, len) in the emoji font into a new entry at size pt; NULL
 * when a glyph is missing or has no picture, or when the sequence is not
 * one picture. */
static pdf_emoji *emoji_object_new(pdf_ctx *P, emoji_objects *o, const char *text, size_t len,
                                   double size)
{
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, text, (int)len, 0, (int)len);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(o->font, buf, NULL, 0);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
	emoji_glyph *gl = pdf_xmalloc(((size_t)n + 1) * sizeof *gl);
	int pen = 0, ok = n > 0, pictures = 0;
	for (unsigned i = 0; i < n && ok; i++) {
		hb_glyph_extents_t ext;
		gl[i].id = info[i].codepoint;
		gl[i].x = pen + pos[i].x_offset;
		gl[i].y = -pos[i].y_offset;
		pen += pos[i].x_advance;
		ok = gl[i].id != 0;
		if (ok && hb_font_get_glyph_extents(o->font, gl[i].id, &ext) && ext.width > 0) {
			hb_blob_t *png = hb_ot_color_glyph_reference_png(o->font, gl[i].id);
			ok = hb_blob_get_length(png) > 0;
			hb_blob_destroy(png);
			pictures++;
		}
	}
	hb_buffer_destroy(buf);
	/* one picture: what the font draws as several (a run of flags, a
	 * sequence it does not join) keeps the breaks pango finds in it */
	if (!ok || pen <= 0 || pictures != 1) {
		free(gl);
		return NULL;
	}
	pdf_emoji *e = draw_emoji_add(P, text, len, size);
	e->gl = gl;
	e->ng = n;
	e->adv = pen;
	return e;
}

PangoAttribute *pdf_emoji_attr(pdf_ctx *P, const char *text, size_t len, int style)
{
	/* the entry is at the size drawn, the object in the layout's units */
	double lsize = (double)pango_font_description_get_size(P->fonts[style]) / PANGO_SCALE;
	double size = lsize * P->kscale[style];
	emoji_objects *o = emoji_objects_of(P);
	if (!o->font || !len || size <= 0)
		return NULL;
	char *key = g_strdup_printf("%.4f %.*s", size, (int)len, text);
	size_t idx = GPOINTER_TO_SIZE(g_hash_table_lookup(o->index, key));
	if (!idx) {
		pdf_emoji *e = emoji_object_new(P, o, text, len, size);
		if (!e) {
			g_free(key);
			return NULL;
		}
		idx = (size_t)(e - P->emoji) + 1;
		g_hash_table_insert(o->index, key, GSIZE_TO_POINTER(idx));
		emoji_text *t = g_hash_table_lookup(o->by_text, e->key);
		if (!t) {
			t = g_new0(emoji_text, 1);
			g_hash_table_insert(o->by_text, g_strdup(e->key), t);
		}
		if (!t->drawn && (!t->largest || P->emoji[t->largest - 1].size < size))
			t->largest = idx;
	} else {
		g_free(key);
	}
	const pdf_emoji *e = &P->emoji[idx - 1];
	double k = lsize * PANGO_SCALE / o->upem; /* pango units a font unit */
	PangoRectangle r;
	r.x = 0;
	r.y = -(int)floor(o->asc * k + 0.5);
	r.height = (int)floor((o->asc + o->desc) * k + 0.5);
	r.width = (int)floor(e->adv * k + 0.5);
	return pango_attr_shape_new_with_data(&r, &r, GSIZE_TO_POINTER(idx), emoji_attr_copy, NULL);
}

/* The entry of an emoji object's attribute, or NULL. */
static pdf_emoji *draw_emoji_object_of(pdf_ctx *P, const PangoAttribute *a)
{
	if (a->klass->type != PANGO_ATTR_SHAPE || ((const PangoAttrShape *)a)->copy_func != emoji_attr_copy)
		return NULL;
	size_t idx = GPOINTER_TO_SIZE(((const PangoAttrShape *)a)->data);
	return idx && idx <= P->nemoji ? &P->emoji[idx - 1] : NULL;
}

const char *pdf_emoji_text(pdf_ctx *P, const PangoAttribute *a)
{
	const pdf_emoji *e = draw_emoji_object_of(P, a);
	return e ? e->key : NULL;
}

/* Draws the emoji objects of a run (one glyph each) from the pen at (x, y)
 * of a line drawn at scale k. */
static void draw_emoji_objects(pdf_ctx *P, pdf_emoji *e, PangoGlyphItem *run, double x, double y,
                               double k)
{
	if (!e->img && !e->owner) {
		emoji_objects *o = emoji_objects_of(P);
		emoji_text *t = g_hash_table_lookup(o->by_text, e->key);
		if (!o->font || !t)
			return;
		t->drawn = 1;
		pdf_emoji *big = &P->emoji[t->largest - 1];
		hb_face_t *face = hb_font_get_face(o->font);
		if (big != e && big->size > e->size &&
		    (big->img || draw_emoji_object_image(big, face, o->pictures)))
			e->owner = t->largest;
		else if (!draw_emoji_object_image(e, face, o->pictures))
			return;
	}
	PangoGlyphString *gs = run->glyphs;
	for (int i = 0; i < gs->num_glyphs; i++) {
		draw_emoji_paint_at(P, e, x, y, k);
		x += (double)gs->glyphs[i].geometry.width / PANGO_SCALE;
	}
}

/* The length of the break-only character s starts with (a soft hyphen or
 * a zero-width space), or 0. */
static size_t draw_break_only(const char *s, size_t n)
{
	if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xad)
		return 2;
	if (n >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x8b)
		return 3;
	return 0;
}

/* The length of the wide blank space s starts with, or 0: no-break, en,
 * em, three-, four-per-em, figure and ideographic spaces.  Their glyphs
 * draw nothing and are not in the fonts' WinAnsi encoding: cairo would
 * embed a second subset of a font for them alone.  Left out, they leave
 * the same gap, which text extraction reads as a space (narrower spaces
 * stay: a gap that small may not read as one). */
static size_t draw_blank_space(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] <= 0x85 || u[2] == 0x87) && u[2] >= 0x80)
		return 3;
	if (n >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* The length of a character left out of a run's text, or 0. */
static size_t draw_left_out(const char *s, size_t n)
{
	size_t b = draw_break_only(s, n);
	return b ? b : draw_blank_space(s, n);
}

/* Whether the cluster text c[0, nb) is wide blank spaces only. */
static int draw_all_blank(const char *c, size_t nb)
{
	size_t k = 0, b;
	while (k < nb && (b = draw_blank_space(c + k, nb - k)))
		k += b;
	return nb && k == nb;
}

/* Shows a run from the current point as pango_cairo_show_glyph_item does,
 * the same glyphs at the same places, but with the break-only characters
 * that have no glyph left out of its text and clusters (one that shows a
 * hyphen at a line's end keeps its character), and the wide blank spaces
 * left out with their glyphs.  Runs without any, and the odd cases (a
 * glyph the font lacks, no current point), are pango's. */
static void draw_glyph_item(cairo_t *cr, const char *text, PangoGlyphItem *run)
{
	PangoItem *item = run->item;
	PangoGlyphString *gs = run->glyphs;
	const char *s = text + item->offset;
	size_t len = (size_t)item->length, i = 0;
	while (i < len && !draw_left_out(s + i, len - i))
		i++;
	PangoFont *font = item->analysis.font;
	cairo_scaled_font_t *sf = i < len && PANGO_IS_CAIRO_FONT(font)
	                              ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font))
	                              : NULL;
	int plain = !sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS ||
	            !cairo_has_current_point(cr) ||
	            !cairo_surface_has_show_text_glyphs(cairo_get_target(cr));
	for (int k = 0; !plain && k < gs->num_glyphs; k++)
		plain = (gs->glyphs[k].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
	if (plain) {
		pango_cairo_show_glyph_item(cr, text, run);
		return;
	}
	double x0, y0;
	cairo_get_current_point(cr, &x0, &y0);
	int backward = (item->analysis.level & 1) != 0;
	/* the glyphs of clusters of blank spaces are left out */
	char *out = g_malloc0((size_t)gs->num_glyphs + 1);
	PangoGlyphItemIter it;
	for (int more = pango_glyph_item_iter_init_start(&it, run, text); more;
	     more = pango_glyph_item_iter_next_cluster(&it))
		if (draw_all_blank(text + it.start_index, (size_t)(it.end_index - it.start_index)))
			for (int k = MIN(it.start_glyph, it.end_glyph + 1);
			     k < MAX(it.start_glyph + 1, it.end_glyph); k++)
				out[k] = 1;
	for (int k = 0; k < gs->num_glyphs; k++)
		out[k] |= gs->glyphs[k].glyph == PANGO_GLYPH_EMPTY;
	cairo_glyph_t *g = g_new(cairo_glyph_t, gs->num_glyphs);
	cairo_text_cluster_t *cl = g_new(cairo_text_cluster_t, gs->num_glyphs);
	char *t = g_malloc(len);
	int ng = 0, ncl = 0, xpos = 0;
	for (int k = 0; k < gs->num_glyphs; k++) {
		const PangoGlyphInfo *gi = &gs->glyphs[k];
		if (!out[k]) {
			g[ng].index = gi->glyph;
			g[ng].x = x0 + (double)(xpos + gi->geometry.x_offset) / PANGO_SCALE;
			g[ng].y = gi->geometry.y_offset == 0 ? y0 : y0 + (double)gi->geometry.y_offset / PANGO_SCALE;
			ng++;
		}
		xpos += gi->geometry.width;
	}
	size_t tlen = 0;
	for (int more = pango_glyph_item_iter_init_start(&it, run, text); more;
	     more = pango_glyph_item_iter_next_cluster(&it)) {
		int nglyphs = 0;
		for (int k = MIN(it.start_glyph, it.end_glyph + 1); k < MAX(it.start_glyph + 1, it.end_glyph); k++)
			nglyphs += !out[k];
		const char *c = text + it.start_index;
		size_t nb = (size_t)(it.end_index - it.start_index), kept = 0;
		for (size_t k = 0; k < nb;) {
			size_t b = draw_left_out(c + k, nb - k);
			if (b)
				k += b;
			else
				t[tlen + kept++] = c[k++];
		}
		if (!kept && !nglyphs)
			continue;
		if (!kept) {
			memcpy(t + tlen, c, nb);
			kept = nb;
		}
		cl[ncl].num_bytes = (int)kept;
		cl[ncl].num_glyphs = nglyphs;
		ncl++;
		tlen += kept;
	}
	if (ng || tlen) {
		cairo_save(cr);
		cairo_set_scaled_font(cr, sf);
		cairo_show_text_glyphs(cr, t, (int)tlen, g, ng, cl, ncl,
		                       backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
		cairo_restore(cr);
	}
	g_free(t);
	g_free(cl);
	g_free(g);
	g_free(out);
}

void pdf_draw_line(pdf_ctx *P, PangoLayout *lay, PangoLayoutLine *line, double x, double baseline)
{
	cairo_t *cr = P->cr;
	const char *text = pango_layout_get_text(lay);
	double k = pdf_layout_enter(cr, lay, &x, &baseline); /* units of k points */
	PangoAttrType ltype = pdf_attr_link_type();
	double rx = x;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		PangoItem *item = run->item;
		double w = (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
		int link = -1, strike = 0;
		const PangoColor *fg = NULL, *bg = NULL;
		const PangoAttribute *formula = NULL;
		pdf_emoji *object = NULL;
		for (GSList *a = item->analysis.extra_attrs; a; a = a->next) {
			PangoAttribute *at = a->data;
			if (pdf_math_is_shape(at))
				formula = at;
			else if (at->klass->type == PANGO_ATTR_SHAPE)
				object = draw_emoji_object_of(P, at);
			else if (at->klass->type == ltype)
				link = pdf_attr_link_value(at);
			else if (at->klass->type == PANGO_ATTR_STRIKETHROUGH)
				strike = ((PangoAttrInt *)at)->value;
			else if (at->klass->type == PANGO_ATTR_FOREGROUND)
				fg = &((PangoAttrColor *)at)->color;
			else if (at->klass->type == PANGO_ATTR_BACKGROUND)
				bg = &((PangoAttrColor *)at)->color;
		}
		double by = baseline - (double)run->y_offset / PANGO_SCALE;
		PangoRectangle log;
		pango_glyph_string_extents(run->glyphs, item->analysis.font, NULL, &log);
		double asc = -(double)log.y / PANGO_SCALE;
		if (bg) {
			cairo_set_source_rgb(cr, bg->red / 65535.0, bg->green / 65535.0, bg->blue / 65535.0);
			cairo_rectangle(cr, rx - 0.6 / k, by - asc, w + 1.2 / k, (double)log.height / PANGO_SCALE);
			cairo_fill(cr);
		}
		int linked = draw_link_ok(P, link);
		if (linked)
			pdf_link_begin(P, link);
		if (fg)
			cairo_set_source_rgb(cr, fg->red / 65535.0, fg->green / 65535.0, fg->blue / 65535.0);
		else
			cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
		if (formula) {
			pdf_math_draw(P, formula, rx, by);
		} else if (object) {
			draw_emoji_objects(P, object, run, rx, by, k);
		} else if (draw_is_color(P, item->analysis.font)) {
			draw_emoji(P, text, run, rx, by, k);
		} else {
			cairo_move_to(cr, rx, by);
			draw_glyph_item(cr, text, run);
		}
		if (strike) {
			cairo_set_line_width(cr, 0.6 / k);
			cairo_move_to(cr, rx, by - 0.26 * asc);
			cairo_line_to(cr, rx + w, by - 0.26 * asc);
			cairo_stroke(cr);
		}
		if (linked)
			pdf_link_end(P);
		rx += w;
	}
	pdf_layout_leave(cr, k);
}

void pdf_draw_furniture(pdf_ctx *P, int page, int header, const char *section)
{
	cairo_t *cr = P->cr;
	double fs = P->o.font_size;
	double left = P->o.margin_l;
	double tw = P->o.page_w - P->o.margin_l - P->o.margin_r;
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	if (header && (P->title || section)) {
		double base = P->o.margin_t - 1.3 * fs;
		if (P->title) {
			PangoLayout *t = pdf_simple_layout(P, PDF_ST_FURNITURE, P->title,
			                                   section ? tw * 0.48 : tw);
			cairo_move_to(cr, left, base - (double)pdf_layout_baseline(t) / PANGO_SCALE);
			pdf_show_layout(P, t);
			g_object_unref(t);
		}
		if (section) {
			char *s = g_utf8_make_valid(section, -1);
			/* no soft hyphens or footnote numbers here: the section's text */
			PangoLayout *t = pdf_simple_layout(P, PDF_ST_FURNITURE, s, P->title ? tw * 0.48 : tw);
			PangoRectangle log;
			pdf_layout_extents(t, NULL, &log);
			cairo_move_to(cr, left + tw - (double)log.width / PANGO_SCALE,
			              base - (double)pdf_layout_baseline(t) / PANGO_SCALE);
			pdf_show_layout(P, t);
			g_object_unref(t);
			g_free(s);
		}
		cairo_set_line_width(cr, 0.4);
		cairo_move_to(cr, left, base + 0.45 * fs);
		cairo_line_to(cr, left + tw, base + 0.45 * fs);
		cairo_stroke(cr);
	}
	char num[48];
	snprintf(num, sizeof num, "%d / %d", page, P->npages > 0 ? P->npages : page);
	PangoLayout *t = pdf_simple_layout(P, PDF_ST_FURNITURE, num, -1);
	PangoRectangle log;
	pdf_layout_extents(t, NULL, &log);
	double base = P->o.page_h - P->o.margin_b + 2.0 * fs;
	cairo_move_to(cr, left + (tw - (double)log.width / PANGO_SCALE) / 2,
	              base - (double)pdf_layout_baseline(t) / PANGO_SCALE);
	pdf_show_layout(P, t);
	g_object_unref(t);
}

cairo_surface_t *pdf_groups_next(pdf_groups *g, cairo_surface_t *img, double scale)
{
	if (g->used == g->n) {
		cairo_rectangle_t r = {0, 0, cairo_image_surface_get_width(img) / scale,
		                       cairo_image_surface_get_height(img) / scale};
		cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
		cairo_t *c = cairo_create(rec);
		cairo_scale(c, 1 / scale, 1 / scale);
		cairo_set_source_surface(c, img, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(c), CAIRO_FILTER_GOOD);
		cairo_paint(c);
		cairo_destroy(c);
		if (g->n == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 4;
			g->v = pdf_xrealloc(g->v, g->cap * sizeof *g->v);
		}
		g->v[g->n++] = rec;
	}
	return g->v[g->used++];
}

void pdf_groups_free(pdf_groups *g)
{
	for (size_t i = 0; i < g->n; i++)
		cairo_surface_destroy(g->v[i]);
	free(g->v);
	memset(g, 0, sizeof *g);
}

void pdf_draw_free(pdf_ctx *P)
{
	for (size_t i = 0; i < P->nemoji; i++) {
		free(P->emoji[i].key);
		free(P->emoji[i].gl);
		cairo_surface_destroy(P->emoji[i].img);
		pdf_groups_free(&P->emoji[i].groups);
	}
	free(P->emoji);
	P->emoji = NULL;
	P->nemoji = P->capemoji = 0;
	emoji_objects *o = P->emoji_objects;
	if (o) {
		if (o->font)
			hb_font_destroy(o->font);
		g_hash_table_destroy(o->index);
		g_hash_table_destroy(o->pictures);
		g_hash_table_destroy(o->by_text);
		free(o);
		P->emoji_objects = NULL;
	}
	draw_fonts *c = P->color_fonts;
	if (c) {
		for (size_t i = 0; i < c->n; i++)
			g_object_unref(c->v[i].font);
		free(c->v);
		free(c);
		P->color_fonts = NULL;
	}
	/* the blocks' quote rules, drawn last in the second pass */
	free(P->barsets);
	P->barsets = NULL;
	P->nbarsets = P->capbarsets = 0;
}
