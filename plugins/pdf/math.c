/*
 * math.c -- formulas typeset with the OpenType MATH table of a math font.
 *
 * A formula (the math filter's MathML-shaped tree) is laid out bottom-up
 * into boxes -- width, height above the baseline, depth below, italic
 * correction -- in one walk of pcv_iter: a node's box is made at its EXIT
 * from the boxes of its children, which wait on an explicit stack, and the
 * TeX style (display, text, script, scriptscript; cramped or not) flows
 * down at ENTER.  The rules are TeX's (The TeXbook, appendix G) with the
 * font's own constants in place of TeX's font parameters, as MathML Core
 * describes them: fractions on the math axis, scripts shifted by the
 * superscript/subscript constants, limits with their gaps, radicals with
 * their rule and degree, delimiters and radical signs grown from the font's
 * size variants and glyph assemblies, accents at their attachment points,
 * the inter-atom spacing table, tables centred on the axis.
 *
 * Glyphs are shaped with HarfBuzz on the math font and drawn with cairo
 * from a FreeType face of the same file, with cairo_show_text_glyphs and
 * the character each glyph stands for, so the PDF's text layer keeps the
 * formula's characters (size variants and assembly pieces included).
 * Words in \text{} use the body font through pango.
 */
#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"

#define M_NONE ((size_t)-1)
#define M_STRUTS 8 /* text fonts whose metrics are held */
#define M_DEFAULT_RGB 0x141414u /* the colour of body text */

/* Atom classes, TeX's. */
enum { C_ORD, C_OP, C_BIN, C_REL, C_OPEN, C_CLOSE, C_PUNCT, C_INNER };

/* Box kinds. */
enum { MB_LIST, MB_GLYPHS, MB_RULE, MB_TEXT, MB_KERN };

/* Box flags. */
enum {
	MF_CHAR = 1,      /* one glyph of one character leaf */
	MF_LARGE = 2,     /* a large operator */
	MF_LIMITS = 4,    /* limits above and below in display style */
	MF_STRETCHV = 8,  /* a fence that grows with its row */
	MF_FIXED = 16,    /* a fence of fixed size (\big) */
	MF_HIDDEN = 32,   /* \phantom: takes room, not drawn */
	MF_SPACE = 64,    /* a space: no atom of its own */
	MF_BREAK = 128,   /* a line may break after it (top-level rel/bin) */
	MF_PRIME = 256,   /* a prime as superscript: full size, not raised */
	MF_ACC = 512      /* acc holds the glyph's top accent attachment */
};

typedef struct mglyph {
	unsigned id;
	double x, y; /* origin relative to the box's, pt, y upwards */
} mglyph;

typedef struct mbox {
	int kind, flags;
	int lc, rc;         /* atom class at the left and right edge */
	double w, h, d, ic; /* pt */
	double acc;         /* top accent attachment x (with MF_ACC) */
	double size;        /* font size of glyphs */
	unsigned rgb;
	size_t first, last; /* MB_LIST: places; MB_GLYPHS: glyph range [first, last) */
	size_t text, tlen;  /* MB_GLYPHS: source text in the pool */
	unsigned base;      /* MB_GLYPHS from one character: its glyph */
	double minsize;     /* MF_FIXED: height wanted, pt */
	PangoLayout *lay;   /* MB_TEXT */
} mbox;

typedef struct mplace {
	size_t box;
	double x, y; /* y upwards */
	size_t next;
} mplace;

/* What a formula draws, kept from its layout for the first megabyte of
 * formulas and made again when it is drawn for the others (keeping it for
 * every formula of a long document took more memory than the rest of the
 * writer's blocks): the boxes that draw something in drawing order, in
 * coordinates relative to the piece's origin (y downwards, as cairo's),
 * packed in a byte stream.  A record starts with a byte: the kind
 * (MB_GLYPHS, MB_RULE, MB_TEXT) in the low bits, then flags for the fields
 * that differ from the piece's running values:
 *   MD_RGB    4 bytes, the colour
 *   MD_SIZE   a double, the font size of glyphs
 * MB_GLYPHS: varint glyph count, varint text length, the text, then per
 *            glyph a varint (id << 1 | y unchanged), x (double), y (double)
 *            unless unchanged;
 * MB_RULE:   x, y, width, height (doubles);
 * MB_TEXT:   x, y (doubles), the PangoLayout (a reference in the store's
 *            lays).
 * Doubles are copied as they are: the drawing is the same as from the
 * boxes. */
enum { MD_KIND = 3, MD_RGB = 4, MD_SIZE = 8 };

#define M_PIECES 64 /* pieces of one formula at most */
#define M_KEEP ((size_t)1 << 20) /* bytes of drawings kept from the layout */
#define M_KEEP_LAY 4096          /* what a layout of text in a formula counts for */

/* One inline object: a formula or a piece of one.  What it needs to be
 * laid out again: the node, the size, display style, and how many pieces
 * the formula could be cut into. */
typedef struct mpiece {
	const pcv_node *node;
	double size;        /* font size of the layout, pt */
	double scale;
	double x;           /* the formula's left edge inside the object */
	unsigned tag;       /* display math: 1 + the index of its \tag in M->tags */
	uint32_t d0, d1;    /* kept: its drawing, [d0, d1) of M->kept */
	unsigned char k;    /* its index among its formula's pieces */
	unsigned char max;  /* the formula's pieces at most */
	unsigned char display;
	unsigned char kept;
} mpiece;

/* A piece while its formula is made: its logical extents. */
typedef struct mwork {
	double w, h, d;
} mwork;

/* A store of drawings: their bytes, and the layouts they hold a
 * reference to. */
typedef struct mdrawing {
	unsigned char *bytes;
	size_t n, cap;
	PangoLayout **lays;
	size_t nlays, caplays;
} mdrawing;

/* Texts shaped so far, with their script level (the ssty feature): a
 * formula's leaves are mostly the same few characters, shaped again for
 * every formula and for its drawing.  Glyphs are in font units, as
 * HarfBuzz gives them, so a text's boxes are the same at every size. */
#define M_SHAPE_TEXT 16     /* longer texts are shaped each time */
#define M_SHAPE_SLOTS 1024  /* at most half of them used */

typedef struct mshaped {
	unsigned id;
	int dx, dy, adv;
} mshaped;

typedef struct mshape_slot {
	char text[M_SHAPE_TEXT];
	unsigned char len;   /* 0: empty */
	unsigned char level;
	unsigned n;          /* glyphs */
	size_t first;        /* in mshapes.glyphs */
} mshape_slot;

typedef struct mshapes {
	mshape_slot *slots; /* M_SHAPE_SLOTS of them, made at the first text */
	size_t used;
	mshaped *glyphs;
	size_t nglyphs, capglyphs;
} mshapes;

/* The \tag of a display formula, drawn at x. */
typedef struct mtag {
	PangoLayout *lay;
	double x;
} mtag;

/* Glyph records waiting to be drawn: the consecutive records of a
 * formula in one size and colour go to cairo in one call, each record's
 * text a cluster of its glyphs.  Each call is an operation that cairo's
 * PDF surface records, analyses and replays, and most records hold one
 * or two glyphs: one call for a run of them saves a few percent of a
 * handout with formulas. */
typedef struct mbatch {
	cairo_glyph_t *g;
	size_t n, cap;
	char *text;
	size_t tlen, tcap;
	cairo_text_cluster_t *cl;
	size_t ncl, capcl;
	unsigned rgb;
	double size;
	int texted; /* the records have text (else they are drawn without) */
} mbatch;

struct pdf_math {
	int tried, ok;
	hb_font_t *font;
	hb_face_t *face;
	cairo_font_face_t *cface;
	double upem;
	int consts[HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT + 1];
	double s1, s2;      /* script and scriptscript scale */
	double scale;       /* math size / text size: the x-heights matched */

	mbox *boxes;
	size_t nboxes, capboxes;
	mplace *places;
	size_t nplaces, capplaces;
	mglyph *glyphs;
	size_t nglyphs, capglyphs;
	char *pool;
	size_t npool, cappool;
	mpiece *pieces;
	size_t npieces, cappieces;
	mwork work[M_PIECES]; /* the pieces of the formula being made */
	mtag *tags;
	size_t ntags, captags;
	/* The boxes, places, glyphs and text above are working storage for
	 * the formula being made or drawn.  The drawing of the formula drawn
	 * last, of all its pieces: */
	size_t drawn;       /* 1 + the index of its first piece, or 0 */
	mdrawing last;
	size_t at[M_PIECES + 1]; /* piece k: [at[k], at[k + 1]) */
	/* The drawings of the pieces made when they were laid out, kept while
	 * they take at most M_KEEP bytes (M_KEEP_LAY for each layout they
	 * hold); the others are made again when drawn (m_redo). */
	mdrawing kept;
	hb_buffer_t *buf;
	mshapes shapes; /* the glyphs of the texts shaped so far */
	cairo_font_options_t *fo;
	mbatch batch;
	/* glyph extents, asked once per glyph (the font's CFF outlines make
	 * each answer cost thousands of instructions) */
	hb_glyph_extents_t *ext;
	unsigned char *ext_known; /* 0: not asked, 1: ext holds it, 2: none */
	unsigned nglyph_ids;
	/* ascent and descent of the text fonts inline math sat in */
	struct {
		PangoFontDescription *font;
		double ascent, descent;
	} struts[M_STRUTS];
	int nstruts;
};

/* ------------------------------------------------------------------ */
/* Storage. */

#define M_GROW(arr, n, cap, init)                                                   \
	do {                                                                        \
		if ((n) == (cap)) {                                                 \
			(cap) = (cap) ? (cap) * 2 : (init);                         \
			(arr) = pdf_xrealloc((arr), (cap) * sizeof *(arr));         \
		}                                                                   \
	} while (0)

static size_t m_box(pdf_math *M, int kind)
{
	M_GROW(M->boxes, M->nboxes, M->capboxes, 256);
	mbox *b = &M->boxes[M->nboxes];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->first = b->last = M_NONE;
	b->rgb = M_DEFAULT_RGB;
	return M->nboxes++;
}

#define BX(i) (&M->boxes[(i)])

static void m_place(pdf_math *M, size_t list, size_t box, double x, double y)
{
	M_GROW(M->places, M->nplaces, M->capplaces, 256);
	mplace *p = &M->places[M->nplaces];
	p->box = box;
	p->x = x;
	p->y = y;
	p->next = M_NONE;
	mbox *l = BX(list);
	if (l->last == M_NONE)
		l->first = M->nplaces;
	else
		M->places[l->last].next = M->nplaces;
	l->last = M->nplaces++;
}

static size_t m_text(pdf_math *M, const char *s, size_t n)
{
	while (M->npool + n + 1 > M->cappool) {
		M->cappool = M->cappool ? M->cappool * 2 : 4096;
		M->pool = pdf_xrealloc(M->pool, M->cappool);
	}
	memcpy(M->pool + M->npool, s, n);
	M->pool[M->npool + n] = 0;
	size_t at = M->npool;
	M->npool += n + 1;
	return at;
}

static void m_glyph(pdf_math *M, unsigned id, double x, double y)
{
	M_GROW(M->glyphs, M->nglyphs, M->capglyphs, 256);
	M->glyphs[M->nglyphs].id = id;
	M->glyphs[M->nglyphs].x = x;
	M->glyphs[M->nglyphs].y = y;
	M->nglyphs++;
}

/* ------------------------------------------------------------------ */
/* The font. */

static double m_scale(pdf_ctx *P, pdf_math *M);

/* The math font's cairo face, made from a FreeType face of the writer's
 * own with no character map selected.  cairo looks up the character of
 * each glyph it puts in the PDF: in the font's BMP table, else by walking
 * FreeType's current map from its first entry -- the whole of it (2045
 * entries in Latin Modern Math) for a glyph the map lacks, which is every
 * mathematical italic letter (beyond the BMP) and every size variant of a
 * formula: some 0.03 ms a glyph, a twentieth of a math handout's time.
 * Without a map that walk ends at once, and the text of such a glyph is
 * the one the writer gives with it (cairo_show_text_glyphs).  FreeType
 * reads the file HarfBuzz has already mapped (face's blob); the face and
 * the blob live as long as cairo's face, whose user data lets them go.
 * NULL when FreeType cannot read it. */
typedef struct m_ft_face {
	FT_Face face;
	hb_blob_t *blob; /* the file, which face reads */
} m_ft_face;

static void m_ft_face_done(void *data)
{
	m_ft_face *f = data;
	FT_Done_Face(f->face);
	hb_blob_destroy(f->blob);
	free(f);
}

static cairo_font_face_t *m_cairo_face(hb_face_t *face)
{
	static FT_Library lib; /* the process's, kept: faces may outlive a conversion */
	static const cairo_user_data_key_t key;
	m_ft_face *f = malloc(sizeof *f);
	if (!f || (!lib && FT_Init_FreeType(&lib))) {
		free(f);
		return NULL;
	}
	f->blob = hb_face_reference_blob(face);
	unsigned int len;
	const char *data = hb_blob_get_data(f->blob, &len);
	if (!len || FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len,
	                               (FT_Long)hb_face_get_index(face), &f->face)) {
		hb_blob_destroy(f->blob);
		free(f);
		return NULL;
	}
	f->face->charmap = NULL;
	cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(f->face, 0);
	if (cairo_font_face_set_user_data(cf, &key, f, m_ft_face_done)) {
		cairo_font_face_destroy(cf);
		m_ft_face_done(f);
		return NULL;
	}
	return cf;
}

static pdf_math *m_get(pdf_ctx *P, const pcv_node *n)
{
	if (!P->math) {
		P->math = calloc(1, sizeof *P->math);
		if (!P->math)
			abort();
	}
	pdf_math *M = P->math;
	if (M->tried)
		return M->ok ? M : NULL;
	M->tried = 1;
	const char *family = P->o.math_font;
	hb_face_t *face;
	FcPattern *m = pdf_fonts_match(family, &face);
	FcChar8 *fam = NULL;
	if (m)
		FcPatternGetString(m, FC_FAMILY, 0, &fam);
	if (!face || !hb_ot_math_has_data(face)) {
		pcv_report_node(P->ctx, PCV_WARNING, n,
		                "pdf.math-font=%s: no OpenType math font of that family is installed "
		                "(fontconfig gave %s); math is shown as TeX (install fonts-lmodern "
		                "for Latin Modern Math)",
		                family, fam ? (const char *)fam : "nothing");
		if (face)
			hb_face_destroy(face);
		if (m)
			FcPatternDestroy(m);
		return NULL;
	}
	if (fam && g_ascii_strcasecmp((const char *)fam, family))
		pcv_report_node(P->ctx, PCV_WARNING, n,
		                "pdf.math-font=%s is not installed; using %s, the math font fontconfig chose",
		                family, (const char *)fam);
	M->face = face;
	M->font = hb_font_create(face);
	M->upem = hb_face_get_upem(face);
	hb_font_set_scale(M->font, (int)M->upem, (int)M->upem);
	M->cface = m_cairo_face(face);
	if (!M->cface)
		M->cface = cairo_ft_font_face_create_for_pattern(m);
	FcPatternDestroy(m);
	for (int c = 0; c <= HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT; c++)
		M->consts[c] = hb_ot_math_get_constant(M->font, (hb_ot_math_constant_t)c);
	int p1 = M->consts[HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN];
	int p2 = M->consts[HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN];
	M->s1 = (p1 > 0 && p1 <= 100 ? p1 : 70) / 100.0;
	M->s2 = (p2 > 0 && p2 <= 100 ? p2 : 50) / 100.0;
	M->scale = m_scale(P, M);
	M->buf = hb_buffer_create();
	M->nglyph_ids = hb_face_get_glyph_count(face);
	M->ext = pdf_xmalloc((M->nglyph_ids + 1) * sizeof *M->ext);
	M->ext_known = calloc(M->nglyph_ids + 1, 1);
	if (!M->ext_known)
		abort();
	M->fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(M->fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(M->fo, CAIRO_HINT_METRICS_OFF);
	M->ok = 1;
	return M;
}

/* pdf.math-scale: the math font's size relative to the text's, a number,
 * or "match" to give the math font's lower case the height of the body
 * font's (unicode-math's Scale=MatchLowercase). */
static double m_scale(pdf_ctx *P, pdf_math *M)
{
	const char *opt = pcv_option_string(P->ctx, "pdf.math-scale");
	if (!opt || !*opt)
		return 1;
	if (strcmp(opt, "match")) {
		char *end;
		double v = strtod(opt, &end);
		if (end != opt && !*end && v >= 0.5 && v <= 2)
			return v;
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0,
		           "pdf.math-scale=%s: expected match or a number from 0.5 to 2; using 1", opt);
		return 1;
	}
	double scale = 1;
	hb_position_t mxh = 0, bxh = 0;
	PangoFont *pf = pango_font_map_load_font(P->fontmap, P->pango, P->fonts[PDF_ST_BODY]);
	hb_font_t *hf = pf ? pango_font_get_hb_font(pf) : NULL;
	if (hf && hb_ot_metrics_get_position(M->font, HB_OT_METRICS_TAG_X_HEIGHT, &mxh) && mxh > 0 &&
	    hb_ot_metrics_get_position(hf, HB_OT_METRICS_TAG_X_HEIGHT, &bxh) && bxh > 0) {
		int xs, ys;
		hb_font_get_scale(hf, &xs, &ys);
		if (ys > 0)
			scale = ((double)bxh / ys) / (mxh / M->upem);
		if (scale < 0.8)
			scale = 0.8;
		if (scale > 1.3)
			scale = 1.3;
	}
	if (pf)
		g_object_unref(pf);
	return scale;
}

/* A constant of the MATH table in points at a size. */
static double K(const pdf_math *M, hb_ot_math_constant_t c, double size)
{
	return M->consts[c] * size / M->upem;
}

static double m_u(const pdf_math *M, double v, double size)
{
	return v * size / M->upem;
}

/* ------------------------------------------------------------------ */
/* Styles. */

typedef struct mstyle {
	int level;   /* 0 text/display, 1 script, 2 scriptscript */
	int display;
	int cramped;
	int upright; /* inside mathvariant="normal" */
	int hidden;
	unsigned rgb;
	double base; /* the formula's text size */
} mstyle;

static double m_size(const pdf_math *M, const mstyle *st)
{
	return st->base * (st->level <= 0 ? 1 : st->level == 1 ? M->s1 : M->s2);
}

static void m_smaller(mstyle *st)
{
	if (st->display)
		st->display = 0;
	else if (st->level < 2)
		st->level++;
}

static void m_script(mstyle *st)
{
	st->display = 0;
	if (st->level < 2)
		st->level++;
}

static unsigned m_color(const char *s, unsigned def)
{
	static const struct {
		const char *name;
		unsigned rgb;
	} names[] = {{"black", 0x000000}, {"blue", 0x0000ff}, {"brown", 0xbf8040},
	             {"cyan", 0x00ffff}, {"darkgray", 0x404040}, {"gray", 0x808080},
	             {"green", 0x00a000}, {"lightgray", 0xbfbfbf}, {"lime", 0xbfff00},
	             {"magenta", 0xff00ff}, {"olive", 0x808000}, {"orange", 0xff8000},
	             {"pink", 0xffbfbf}, {"purple", 0xbf0040}, {"red", 0xff0000},
	             {"teal", 0x008080}, {"violet", 0x800080}, {"white", 0xffffff},
	             {"yellow", 0xe0e000}};
	if (!s)
		return def;
	while (*s == ' ')
		s++;
	if (*s == '#') {
		char *end;
		unsigned long v = strtoul(s + 1, &end, 16);
		if (end - (s + 1) == 6)
			return (unsigned)v;
		if (end - (s + 1) == 3)
			return (unsigned)(((v >> 8 & 15) * 0x110000) | ((v >> 4 & 15) * 0x1100) |
			                  ((v & 15) * 0x11));
		return def;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!g_ascii_strcasecmp(s, names[i].name))
			return names[i].rgb;
	return def;
}

/* ------------------------------------------------------------------ */
/* Characters. */

static gunichar m_italic(gunichar c)
{
	if (c >= 'A' && c <= 'Z')
		return 0x1d434 + (c - 'A');
	if (c == 'h')
		return 0x210e;
	if (c >= 'a' && c <= 'z')
		return 0x1d44e + (c - 'a');
	if (c >= 0x3b1 && c <= 0x3c9)
		return 0x1d6fc + (c - 0x3b1);
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return 0x1d6e2 + (c - 0x391);
	switch (c) {
	case 0x131: return 0x1d6a4;
	case 0x237: return 0x1d6a5;
	case 0x3f5: return 0x1d716;
	case 0x3d1: return 0x1d717;
	case 0x3f0: return 0x1d718;
	case 0x3d5: return 0x1d719;
	case 0x3f1: return 0x1d71a;
	case 0x3d6: return 0x1d71b;
	}
	return 0;
}

/* The combining form of an accent character, as math fonts carry them. */
static gunichar m_accent_char(gunichar c)
{
	switch (c) {
	case '^': case 0x2c6: return 0x302;
	case '~': case 0x2dc: return 0x303;
	case 0x203e: case 0xaf: return 0x304;
	case 0x2d9: return 0x307;
	case 0xa8: return 0x308;
	case 0x2c7: return 0x30c;
	case 0xb4: return 0x301;
	case '`': return 0x300;
	case 0x2d8: return 0x306;
	case 0x2da: return 0x30a;
	case 0x2192: return 0x20d7;
	case 0x2190: return 0x20d6;
	case 0x2194: return 0x20e1;
	}
	return 0;
}

static int m_in(gunichar c, const char *set)
{
	for (const char *p = set; *p; p = g_utf8_next_char(p))
		if (g_utf8_get_char(p) == c)
			return 1;
	return 0;
}

static int m_op_class(const char *lit, long flags)
{
	if (flags & (PCV_MATH_LARGE | PCV_MATH_LIMITS))
		return C_OP;
	if (flags & PCV_MATH_FENCE)
		return flags & PCV_MATH_PREFIX ? C_OPEN : flags & PCV_MATH_POSTFIX ? C_CLOSE : C_ORD;
	if (!lit || !*lit)
		return C_ORD;
	if (g_utf8_strlen(lit, -1) > 1)
		return !strcmp(lit, "mod") ? C_BIN : C_OP;
	gunichar c = g_utf8_get_char(lit);
	if ((c >= 0x2190 && c <= 0x21ff) || (c >= 0x27f0 && c <= 0x27ff) ||
	    (c >= 0x2900 && c <= 0x297f))
		return C_REL;
	if (m_in(c, "=<>:≤≥≠≈≊∼≃≅≡∝∈∉∋⊂⊃⊆⊇⊊⊋⊈⊉⊏⊐⊑⊒≪≫⋘⋙≺≻⪯⪰⊥∥∦∣∤⊨⊢⊣≍≐⋈⩽⩾≲≳≶≷≦≧≮≯≰≱≁≇≜≔≕≖≗⌣⌢∴∵⋐⋑⊲⊳⊴⊵≺≻∌≏≎≑≒≓≔≙≚≟"))
		return C_REL;
	if (m_in(c, "+−-±∓×÷⋅∗*⋆∘∙⊕⊖⊗⊘⊙∪∩∖∧∨⊔⊓⊎⨿†‡≀⋄◃▹△▽◯∔⋉⋊⊞⊠"))
		return C_BIN;
	if (m_in(c, ",;"))
		return C_PUNCT;
	if (m_in(c, "([{⟨⌈⌊⟮⌜⌞"))
		return C_OPEN;
	if (m_in(c, ")]}⟩⌉⌋⟯⌝⌟!?"))
		return C_CLOSE;
	if (m_in(c, "…⋯"))
		return C_INNER;
	return C_ORD;
}

/* ------------------------------------------------------------------ */
/* Glyph boxes. */

static int m_has(pdf_math *M, gunichar c)
{
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(M->font, c, &g);
}

/* hb_font_get_glyph_extents() of the math font, remembered. */
static int m_glyph_extents(pdf_math *M, hb_codepoint_t g, hb_glyph_extents_t *e)
{
	if (g >= M->nglyph_ids)
		return hb_font_get_glyph_extents(M->font, g, e);
	if (!M->ext_known[g])
		M->ext_known[g] = hb_font_get_glyph_extents(M->font, g, &M->ext[g]) ? 1 : 2;
	if (M->ext_known[g] != 1)
		return 0;
	*e = M->ext[g];
	return 1;
}

/* Ink extents of a glyph box from its glyphs. */
static void m_extents(pdf_math *M, mbox *b)
{
	double h = 0, d = 0;
	for (size_t i = b->first; i < b->last; i++) {
		hb_glyph_extents_t e;
		if (!m_glyph_extents(M, M->glyphs[i].id, &e))
			continue;
		double top = m_u(M, e.y_bearing, b->size) + M->glyphs[i].y;
		double bot = m_u(M, e.y_bearing + e.height, b->size) + M->glyphs[i].y;
		if (top > h)
			h = top;
		if (-bot > d)
			d = -bot;
	}
	b->h = h;
	b->d = d;
}

/* Shapes text (UTF-8) in the math font; src is the text the PDF's text
 * layer gets for it. */
/* The slot of text[0, len) at level in the table: its own, or the empty
 * one where it would go; NULL when the text is too long to be kept. */
static mshape_slot *m_shape_slot(pdf_math *M, const char *text, size_t len, int level)
{
	mshapes *S = &M->shapes;
	if (len == 0 || len > M_SHAPE_TEXT)
		return NULL;
	if (!S->slots && !(S->slots = calloc(M_SHAPE_SLOTS, sizeof *S->slots)))
		abort();
	uint32_t h = 2166136261u ^ (unsigned)level;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 16777619u;
	for (size_t i = h & (M_SHAPE_SLOTS - 1);; i = (i + 1) & (M_SHAPE_SLOTS - 1)) {
		mshape_slot *sl = &S->slots[i];
		if (!sl->len || (sl->len == len && sl->level == level && !memcmp(sl->text, text, len)))
			return sl;
	}
}

/* The glyphs of text[0, len) at script level, shaped by HarfBuzz once;
 * *n of them. */
static const mshaped *m_shaped(pdf_math *M, const char *text, size_t len, int level, unsigned *n)
{
	mshapes *S = &M->shapes;
	mshape_slot *sl = m_shape_slot(M, text, len, level);
	if (sl && sl->len) {
		*n = sl->n;
		return S->glyphs + sl->first;
	}
	hb_buffer_clear_contents(M->buf);
	hb_buffer_add_utf8(M->buf, text, (int)len, 0, (int)len);
	hb_buffer_set_direction(M->buf, HB_DIRECTION_LTR);
	hb_buffer_guess_segment_properties(M->buf);
	hb_feature_t ssty = {HB_TAG('s', 's', 't', 'y'), (unsigned)(level > 2 ? 2 : level), 0,
	                     (unsigned)-1};
	hb_shape(M->font, M->buf, level > 0 ? &ssty : NULL, level > 0 ? 1 : 0);
	unsigned count;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(M->buf, &count);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(M->buf, &count);
	/* a text kept is added after the glyphs of the texts before it; one
	 * that is not goes after them too, for this call only */
	size_t first = S->nglyphs;
	if (S->capglyphs - first < count) {
		size_t cap = S->capglyphs ? S->capglyphs : 256;
		while (cap - first < count)
			cap *= 2;
		S->glyphs = pdf_xrealloc(S->glyphs, cap * sizeof *S->glyphs);
		S->capglyphs = cap;
	}
	for (unsigned i = 0; i < count; i++) {
		S->glyphs[first + i].id = info[i].codepoint;
		S->glyphs[first + i].dx = pos[i].x_offset;
		S->glyphs[first + i].dy = pos[i].y_offset;
		S->glyphs[first + i].adv = pos[i].x_advance;
	}
	if (sl && 2 * (S->used + 1) <= M_SHAPE_SLOTS) {
		memcpy(sl->text, text, len);
		sl->len = (unsigned char)len;
		sl->level = (unsigned char)level;
		sl->n = count;
		sl->first = first;
		S->nglyphs += count;
		S->used++;
	}
	*n = count;
	return S->glyphs + first;
}

static size_t m_shape(pdf_math *M, const char *text, size_t len, const char *src, size_t srclen,
                      double size, int level)
{
	size_t bi = m_box(M, MB_GLYPHS);
	unsigned n;
	const mshaped *g = m_shaped(M, text, len, level, &n);
	mbox *b = BX(bi);
	b->size = size;
	b->first = M->nglyphs;
	double x = 0;
	for (unsigned i = 0; i < n; i++) {
		m_glyph(M, g[i].id, x + m_u(M, g[i].dx, size), m_u(M, g[i].dy, size));
		x += m_u(M, g[i].adv, size);
	}
	b = BX(bi);
	b->last = M->nglyphs;
	b->w = x;
	b->text = m_text(M, src, srclen);
	b->tlen = srclen;
	m_extents(M, b);
	if (n == 1) {
		b->base = g[0].id;
		b->ic = m_u(M, hb_ot_math_get_glyph_italics_correction(M->font, g[0].id), size);
		b->acc = m_u(M, hb_ot_math_get_glyph_top_accent_attachment(M->font, g[0].id), size);
		b->flags |= MF_ACC;
	}
	return bi;
}

/* Replaces the glyphs of box bi by glyph g (a size variant). */
static void m_set_glyph(pdf_math *M, size_t bi, unsigned g)
{
	mbox *b = BX(bi);
	b->first = M->nglyphs;
	m_glyph(M, g, 0, 0);
	b = BX(bi);
	b->last = M->nglyphs;
	b->w = m_u(M, hb_font_get_glyph_h_advance(M->font, g), b->size);
	b->ic = m_u(M, hb_ot_math_get_glyph_italics_correction(M->font, g), b->size);
	b->acc = m_u(M, hb_ot_math_get_glyph_top_accent_attachment(M->font, g), b->size);
	b->flags |= MF_ACC;
	m_extents(M, b);
}

/* Moves the glyphs of a box up by dy. */
static void m_raise(pdf_math *M, size_t bi, double dy)
{
	mbox *b = BX(bi);
	for (size_t i = b->first; i < b->last; i++)
		M->glyphs[i].y += dy;
	b->h += dy;
	b->d -= dy;
}

/* Centres a box's glyphs on the math axis. */
static void m_center(pdf_math *M, size_t bi)
{
	mbox *b = BX(bi);
	double a = K(M, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, b->size);
	m_raise(M, bi, a - (b->h - b->d) / 2);
}

/*
 * Grows the glyph of box bi to at least `target` points along dir (BTT:
 * height + depth; LTR: width) from the font's variants, else its glyph
 * assembly.  With `fit` (wide accents) the largest variant not longer than
 * target is taken instead and no assembly is built.
 */
static void m_stretch(pdf_math *M, size_t bi, double target, hb_direction_t dir, int fit)
{
	mbox *b = BX(bi);
	if (!b->base || b->kind != MB_GLYPHS)
		return;
	double size = b->size;
	unsigned base = b->base;
	hb_ot_math_glyph_variant_t var[64];
	unsigned nv = 64;
	hb_ot_math_get_glyph_variants(M->font, base, dir, 0, &nv, var);
	if (fit) {
		unsigned pick = base;
		for (unsigned i = 0; i < nv; i++)
			if (m_u(M, var[i].advance, size) <= target)
				pick = var[i].glyph;
		m_set_glyph(M, bi, pick);
		BX(bi)->base = base;
		return;
	}
	hb_ot_math_glyph_part_t parts[32];
	unsigned np = 32;
	hb_position_t aic = 0;
	hb_ot_math_get_glyph_assembly(M->font, base, dir, 0, &np, parts, &aic);
	for (unsigned i = 0; i < nv; i++)
		if (m_u(M, var[i].advance, size) >= target) {
			m_set_glyph(M, bi, var[i].glyph);
			BX(bi)->base = base;
			return;
		}
	if (np == 0 || np > 32) {
		if (nv)
			m_set_glyph(M, bi, var[nv - 1].glyph);
		BX(bi)->base = base;
		return;
	}
	double o = m_u(M, hb_ot_math_get_min_connector_overlap(M->font, dir), size);
	double fixed = 0, ext = 0;
	int nfix = 0, next = 0;
	for (unsigned i = 0; i < np; i++) {
		double a = m_u(M, parts[i].full_advance, size);
		if (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER)
			ext += a, next++;
		else
			fixed += a, nfix++;
	}
	int reps = 0;
	if (next > 0 && ext - next * o > 0.01) {
		while (reps < 400 && fixed + reps * ext - (nfix + reps * next - 1) * o < target)
			reps++;
	}
	int count = nfix + reps * next;
	double len = fixed + reps * ext - (count - 1) * o;
	/* spread what is too long over the joints, as far as the connectors allow */
	double ov = o;
	if (count > 1 && len > target) {
		double maxov = 1e9;
		for (unsigned i = 0; i + 1 < np; i++) {
			double c = m_u(M, parts[i].end_connector_length < parts[i + 1].start_connector_length
			                      ? parts[i].end_connector_length
			                      : parts[i + 1].start_connector_length,
			               size);
			if (c < maxov)
				maxov = c;
		}
		ov = o + (len - target) / (count - 1);
		if (ov > maxov && maxov >= o)
			ov = maxov;
	}
	b = BX(bi);
	b->first = M->nglyphs;
	double at = 0;
	for (unsigned i = 0; i < np; i++) {
		int times = (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) ? reps : 1;
		for (int r = 0; r < times; r++) {
			unsigned g = parts[i].glyph;
			if (dir == HB_DIRECTION_BTT) {
				hb_glyph_extents_t e;
				double bottom = 0;
				if (m_glyph_extents(M, g, &e))
					bottom = m_u(M, e.y_bearing + e.height, size);
				m_glyph(M, g, 0, at - bottom);
			} else {
				m_glyph(M, g, at, 0);
			}
			at += m_u(M, parts[i].full_advance, size) - ov;
		}
	}
	b = BX(bi);
	b->last = M->nglyphs;
	at += ov;
	if (dir == HB_DIRECTION_BTT) {
		double w = 0;
		for (size_t i = b->first; i < b->last; i++) {
			double a = m_u(M, hb_font_get_glyph_h_advance(M->font, M->glyphs[i].id), size);
			if (a > w)
				w = a;
		}
		b->w = w;
	} else {
		b->w = at;
	}
	b->ic = m_u(M, aic, size);
	b->flags &= ~MF_ACC;
	m_extents(M, b);
	b->base = base;
}

/* A vertical fence grown to cover a row of height h and depth d around
 * the axis, as TeX sizes \left and \right (delimiterfactor 901,
 * delimitershortfall 5pt), and centred on the axis. */
static void m_fence(pdf_math *M, size_t bi, double h, double d)
{
	mbox *b = BX(bi);
	double size = b->size;
	double target;
	if (b->flags & MF_FIXED) {
		target = b->minsize;
	} else {
		double a = K(M, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, size);
		double delta = h - a > d + a ? h - a : d + a;
		double t1 = 2 * delta * 0.901, t2 = 2 * delta - 0.5 * size;
		target = t1 > t2 ? t1 : t2;
	}
	if (target > b->h + b->d)
		m_stretch(M, bi, target, HB_DIRECTION_BTT, 0);
	m_center(M, bi);
}

static size_t m_rule(pdf_math *M, double w, double h, double d, const mstyle *st)
{
	size_t bi = m_box(M, MB_RULE);
	mbox *b = BX(bi);
	b->w = w;
	b->h = h;
	b->d = d;
	b->rgb = st->rgb;
	if (st->hidden)
		b->flags |= MF_HIDDEN;
	return bi;
}

static size_t m_kern(pdf_math *M, double w)
{
	size_t bi = m_box(M, MB_KERN);
	BX(bi)->w = w;
	BX(bi)->flags = MF_SPACE;
	return bi;
}

static size_t m_list(pdf_math *M)
{
	return m_box(M, MB_LIST);
}

/* Grows list box l's extents over a box placed at (x, y). */
static void m_cover(pdf_math *M, size_t l, size_t c, double x, double y)
{
	mbox *b = BX(c);
	mbox *L = BX(l);
	if (y + b->h > L->h)
		L->h = y + b->h;
	if (b->d - y > L->d)
		L->d = b->d - y;
	if (x + b->w > L->w)
		L->w = x + b->w;
}

static void m_add(pdf_math *M, size_t l, size_t c, double x, double y)
{
	m_place(M, l, c, x, y);
	m_cover(M, l, c, x, y);
}

/* ------------------------------------------------------------------ */
/* Leaves. */

static size_t m_leaf_text(pdf_ctx *P, pdf_math *M, const pcv_node *n, const mstyle *st)
{
	const char *lit = pcv_node_literal(n);
	if (!lit)
		lit = "";
	size_t bi = m_box(M, MB_TEXT);
	PangoLayout *lay = pango_layout_new(P->pango);
	/* at the formula's text size, drawn at its script's: the fonts of
	 * scripts are those of the text (pdf_ctx.kscale) */
	if (st->level > 0)
		pdf_layout_set_scale(lay, st->level == 1 ? &M->s1 : &M->s2);
	PangoFontDescription *fd = pango_font_description_copy(P->fonts[PDF_ST_BODY]);
	pango_font_description_set_size(fd, (int)(st->base / M->scale * PANGO_SCALE));
	const char *v = pcv_node_get_attr(n, "mathvariant");
	if (v && strstr(v, "bold"))
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (v && strstr(v, "italic"))
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	if (v && strstr(v, "monospace"))
		pango_font_description_set_family(fd, P->o.mono_font);
	else if (v && strstr(v, "sans"))
		pango_font_description_set_family(fd, P->o.heading_font);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	char *valid = g_utf8_make_valid(lit, -1);
	for (char *p = valid; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	pango_layout_set_text(lay, valid, -1);
	g_free(valid);
	PangoRectangle ink, log;
	pdf_layout_extents(lay, &ink, &log);
	double base = (double)pdf_layout_baseline(lay) / PANGO_SCALE;
	mbox *b = BX(bi);
	b->lay = lay;
	b->w = (double)log.width / PANGO_SCALE;
	b->h = base - (double)ink.y / PANGO_SCALE;
	b->d = (double)(ink.y + ink.height) / PANGO_SCALE - base;
	if (ink.height == 0)
		b->h = b->d = 0;
	if (b->h < 0)
		b->h = 0;
	if (b->d < 0)
		b->d = 0;
	b->size = m_size(M, st);
	b->rgb = st->rgb;
	if (st->hidden)
		b->flags |= MF_HIDDEN;
	return bi;
}

/* An identifier, number or operator.  accent: the node is an accent of
 * an UNDEROVER (its combining form is used). */
static size_t m_leaf(pdf_ctx *P, pdf_math *M, const pcv_node *n, const mstyle *st, int accent)
{
	int t = pcv_node_type(n);
	if (t == PCV_NODE_MATH_TEXT)
		return m_leaf_text(P, M, n, st);
	const char *lit = pcv_node_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (!lit)
		lit = "";
	char tmp[8];
	const char *shape = lit;
	size_t slen = len;
	long flags = t == PCV_NODE_MATH_OPERATOR ? pcv_node_int(n) : 0;
	int one = len && g_utf8_next_char(lit) == lit + len;
	gunichar c = one ? g_utf8_get_char(lit) : 0;
	if (t == PCV_NODE_MATH_IDENT && one && !st->upright && !pcv_node_get_attr(n, "mathvariant")) {
		gunichar it = m_italic(c);
		if (it && m_has(M, it)) {
			slen = (size_t)g_unichar_to_utf8(it, tmp);
			shape = tmp;
		}
	} else if (accent && one) {
		gunichar a = m_accent_char(c);
		if (a && m_has(M, a)) {
			slen = (size_t)g_unichar_to_utf8(a, tmp);
			shape = tmp;
		}
	} else if (t == PCV_NODE_MATH_OPERATOR && one && c == '-') {
		shape = "\xe2\x88\x92";
		slen = 3;
	}
	double size = m_size(M, st);
	size_t bi = m_shape(M, shape, slen, lit, len, size, st->level);
	mbox *b = BX(bi);
	b->rgb = st->rgb;
	if (st->hidden)
		b->flags |= MF_HIDDEN;
	if (one && b->last - b->first == 1)
		b->flags |= MF_CHAR;
	b->lc = b->rc = C_ORD;
	if (t == PCV_NODE_MATH_IDENT && !one && !st->upright)
		b->lc = b->rc = C_OP; /* \sin, \operatorname{tr}: mathop */
	if (t != PCV_NODE_MATH_OPERATOR)
		return bi;
	b->lc = b->rc = m_op_class(lit, flags);
	if (flags & PCV_MATH_LIMITS)
		b->flags |= MF_LIMITS;
	if ((flags & PCV_MATH_LARGE) && one) {
		b->flags |= MF_LARGE;
		if (st->display) {
			double minh = K(M, HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT, size);
			if (minh < b->h + b->d)
				minh = (b->h + b->d) * 1.01;
			m_stretch(M, bi, minh, HB_DIRECTION_BTT, 0);
		}
		m_center(M, bi);
	}
	if ((flags & PCV_MATH_STRETCHY) && (flags & PCV_MATH_FENCE) && one) {
		const char *ms = pcv_node_get_attr(n, "minsize");
		b = BX(bi);
		if (ms) {
			double v = strtod(ms, NULL);
			if (v > 0 && v < 20) {
				/* \big..\Bigg: TeX's 1.2, 1.8, 2.4 and 3 times the size
				 * (the filter writes MathJax's em values) */
				v = v < 1.4 ? 1.2 : v < 1.8 ? 1.8 : v < 2.2 ? 2.4 : v < 2.7 ? 3.0 : v;
				b->flags |= MF_FIXED;
				b->minsize = v * size * 0.98;
				m_fence(M, bi, 0, 0);
			}
		} else {
			b->flags |= MF_STRETCHV;
		}
	}
	return bi;
}

/* ------------------------------------------------------------------ */
/* Rows. */

static const unsigned char m_spacing[8][8] = {
	/*           ORD OP BIN REL OPEN CLOSE PUNCT INNER */
	/* ORD   */ {0, 1, 6, 7, 0, 0, 0, 5},
	/* OP    */ {1, 1, 0, 7, 0, 0, 0, 5},
	/* BIN   */ {6, 6, 0, 0, 6, 0, 0, 6},
	/* REL   */ {7, 7, 0, 0, 7, 0, 0, 7},
	/* OPEN  */ {0, 0, 0, 0, 0, 0, 0, 0},
	/* CLOSE */ {0, 1, 6, 7, 0, 0, 0, 5},
	/* PUNCT */ {5, 5, 0, 5, 5, 5, 5, 5},
	/* INNER */ {5, 1, 6, 7, 5, 0, 5, 5},
};

/* The space between two atoms, in points. */
static double m_space(const pdf_math *M, int l, int r, const mstyle *st)
{
	int v = m_spacing[l & 7][r & 7];
	if ((v & 4) && st->level > 0)
		return 0;
	static const double mu[] = {0, 3, 4, 5};
	return mu[v & 3] * m_size(M, st) / 18.0;
}

/*
 * Lays kids out side by side with TeX's spacing.  prev: the class of an
 * atom before the first one (-1: none).  top: marks where a line may break
 * (after relations and binary operators).
 */
static size_t m_hlist(pdf_math *M, size_t *kids, size_t n, const mstyle *st, int prev, int top)
{
	/* binary operators in a place where they cannot be binary become ordinary */
	int last = prev;
	ptrdiff_t lastk = -1;
	for (size_t i = 0; i < n; i++) {
		mbox *b = BX(kids[i]);
		if (b->flags & MF_SPACE)
			continue;
		if (b->lc == C_BIN && (last < 0 || last == C_BIN || last == C_OP || last == C_REL ||
		                       last == C_OPEN || last == C_PUNCT))
			b->lc = b->rc = C_ORD;
		if ((b->lc == C_REL || b->lc == C_CLOSE || b->lc == C_PUNCT) && lastk >= 0 &&
		    BX(kids[lastk])->rc == C_BIN)
			BX(kids[lastk])->lc = BX(kids[lastk])->rc = C_ORD;
		last = BX(kids[i])->rc;
		lastk = (ptrdiff_t)i;
	}
	if (lastk >= 0 && BX(kids[lastk])->rc == C_BIN)
		BX(kids[lastk])->lc = BX(kids[lastk])->rc = C_ORD;
	/* fences grow to the height of the rest */
	double h = 0, d = 0;
	int any = 0, fences = 0;
	for (size_t i = 0; i < n; i++) {
		mbox *b = BX(kids[i]);
		if (b->flags & MF_STRETCHV) {
			fences = 1;
			continue;
		}
		if (b->flags & MF_SPACE)
			continue;
		any = 1;
		if (b->h > h)
			h = b->h;
		if (b->d > d)
			d = b->d;
	}
	if (fences)
		for (size_t i = 0; i < n; i++)
			if (BX(kids[i])->flags & MF_STRETCHV) {
				BX(kids[i])->flags &= ~MF_STRETCHV;
				if (any)
					m_fence(M, kids[i], h, d);
				else
					m_center(M, kids[i]);
			}
	size_t l = m_list(M);
	double x = 0;
	last = prev;
	ptrdiff_t lastatom = -1;
	for (size_t i = 0; i < n; i++) {
		mbox *b = BX(kids[i]);
		if (!(b->flags & MF_SPACE)) {
			/* (after a break point the space goes with the piece before) */
			x += last >= 0 ? m_space(M, last, b->lc, st) : 0;
			last = b->rc;
			lastatom = (ptrdiff_t)i;
		}
		m_add(M, l, kids[i], x, 0);
		b = BX(kids[i]);
		x += b->w;
		if ((b->flags & MF_CHAR) && !(b->flags & MF_LARGE) && b->kind == MB_GLYPHS)
			x += b->ic;
		if (top && !(b->flags & MF_SPACE) && (b->rc == C_REL || b->rc == C_BIN)) {
			/* a break after a relation only when no relation follows */
			size_t j = i + 1;
			while (j < n && (BX(kids[j])->flags & MF_SPACE))
				j++;
			if (j < n && !(b->rc == C_REL && BX(kids[j])->lc == C_REL))
				b->flags |= MF_BREAK;
		}
	}
	mbox *L = BX(l);
	L->w = x;
	for (size_t i = 0; i < n; i++) {
		if (!(BX(kids[i])->flags & MF_SPACE)) {
			L->lc = BX(kids[i])->lc;
			break;
		}
	}
	L->rc = last >= 0 && lastatom >= 0 ? BX(kids[lastatom])->rc : C_ORD;
	if (lastatom < 0)
		L->lc = L->rc = C_ORD;
	return l;
}

/* ------------------------------------------------------------------ */
/* Constructions. */

static int m_empty(const pcv_node *n)
{
	return pcv_node_type(n) == PCV_NODE_MATH_ROW && !pcv_node_first_child(n);
}

static size_t m_fraction(pdf_math *M, size_t num, size_t den, const pcv_node *n, const mstyle *st)
{
	double size = m_size(M, st);
	double a = K(M, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, size);
	double t = K(M, HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS, size);
	const char *lt = pcv_node_get_attr(n, "linethickness");
	if (lt) {
		char *end;
		double v = strtod(lt, &end);
		if (end != lt && v >= 0) {
			if (!strncmp(end, "em", 2))
				t = v * size;
			else if (!strncmp(end, "pt", 2) || !strncmp(end, "px", 2))
				t = v;
			else if (*end == 0 && v == 0)
				t = 0;
		}
	}
	mbox *N = BX(num), *D = BX(den);
	double up, down;
	if (t > 0) {
		double gn, gd;
		if (st->display) {
			up = K(M, HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP, size);
			down = K(M, HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN, size);
			gn = K(M, HB_OT_MATH_CONSTANT_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN, size);
			gd = K(M, HB_OT_MATH_CONSTANT_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN, size);
		} else {
			up = K(M, HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_SHIFT_UP, size);
			down = K(M, HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_SHIFT_DOWN, size);
			gn = K(M, HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_GAP_MIN, size);
			gd = K(M, HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_GAP_MIN, size);
		}
		if (up < a + t / 2 + gn + N->d)
			up = a + t / 2 + gn + N->d;
		if (down < D->h + gd + t / 2 - a)
			down = D->h + gd + t / 2 - a;
	} else {
		double gap;
		if (st->display) {
			up = K(M, HB_OT_MATH_CONSTANT_STACK_TOP_DISPLAY_STYLE_SHIFT_UP, size);
			down = K(M, HB_OT_MATH_CONSTANT_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN, size);
			gap = K(M, HB_OT_MATH_CONSTANT_STACK_DISPLAY_STYLE_GAP_MIN, size);
		} else {
			up = K(M, HB_OT_MATH_CONSTANT_STACK_TOP_SHIFT_UP, size);
			down = K(M, HB_OT_MATH_CONSTANT_STACK_BOTTOM_SHIFT_DOWN, size);
			gap = K(M, HB_OT_MATH_CONSTANT_STACK_GAP_MIN, size);
		}
		double have = (up - N->d) - (D->h - down);
		if (have < gap) {
			up += (gap - have) / 2;
			down += (gap - have) / 2;
		}
	}
	double pad = 0.12 * size; /* TeX's \nulldelimiterspace */
	double w = N->w > D->w ? N->w : D->w;
	size_t l = m_list(M);
	m_add(M, l, num, pad + (w - BX(num)->w) / 2, up);
	m_add(M, l, den, pad + (w - BX(den)->w) / 2, -down);
	if (t > 0) {
		size_t r = m_rule(M, w, a + t / 2, t / 2 - a, st);
		m_add(M, l, r, pad, 0);
	}
	mbox *L = BX(l);
	L->w = w + 2 * pad;
	L->lc = L->rc = C_INNER;
	return l;
}

static size_t m_radical(pdf_math *M, size_t body, size_t index, const mstyle *st)
{
	double size = m_size(M, st);
	double t = K(M, HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS, size);
	double gap = K(M, st->display ? HB_OT_MATH_CONSTANT_RADICAL_DISPLAY_STYLE_VERTICAL_GAP
	                              : HB_OT_MATH_CONSTANT_RADICAL_VERTICAL_GAP,
	               size);
	double extra = K(M, HB_OT_MATH_CONSTANT_RADICAL_EXTRA_ASCENDER, size);
	size_t sign = m_shape(M, "\xe2\x88\x9a", 3, "\xe2\x88\x9a", 3, size, st->level);
	BX(sign)->rgb = st->rgb;
	if (st->hidden)
		BX(sign)->flags |= MF_HIDDEN;
	mbox *B = BX(body);
	double need = B->h + B->d + gap + t;
	if (BX(sign)->h + BX(sign)->d < need)
		m_stretch(M, sign, need, HB_DIRECTION_BTT, 0);
	mbox *S = BX(sign);
	B = BX(body);
	double total = S->h + S->d;
	if (total > need)
		gap += (total - need) / 2; /* centre the radicand in the sign */
	/* the sign's top at the rule's top */
	double top = B->h + gap + t;
	m_raise(M, sign, top - BX(sign)->h);
	size_t l = m_list(M);
	double x = 0;
	if (index != M_NONE) {
		double kb = K(M, HB_OT_MATH_CONSTANT_RADICAL_KERN_BEFORE_DEGREE, size);
		double ka = K(M, HB_OT_MATH_CONSTANT_RADICAL_KERN_AFTER_DEGREE, size);
		double raise = M->consts[HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT] / 100.0;
		S = BX(sign);
		double y = -S->d + raise * (S->h + S->d) + BX(index)->d;
		m_add(M, l, index, kb, y);
		x = kb + BX(index)->w + ka;
		if (x < 0) {
			/* a wide degree would stick out at the left */
			BX(l)->w = 0;
			M->places[BX(l)->last].x -= x;
			x = 0;
		}
	}
	m_add(M, l, sign, x, 0);
	x += BX(sign)->w;
	size_t rule = m_rule(M, BX(body)->w, top, t - top, st);
	m_add(M, l, rule, x, 0);
	m_add(M, l, body, x, 0);
	mbox *L = BX(l);
	if (L->h < top + extra)
		L->h = top + extra;
	L->lc = L->rc = C_ORD;
	return l;
}

static size_t m_scripts(pdf_math *M, size_t base, size_t sub, size_t sup, const mstyle *st)
{
	double size = m_size(M, st);
	mbox *B = BX(base);
	int ischar = (B->flags & MF_CHAR) && !(B->flags & MF_LARGE) && B->kind == MB_GLYPHS;
	double u = 0, v = 0;
	if (!ischar) {
		u = B->h - K(M, HB_OT_MATH_CONSTANT_SUPERSCRIPT_BASELINE_DROP_MAX, size);
		v = B->d + K(M, HB_OT_MATH_CONSTANT_SUBSCRIPT_BASELINE_DROP_MIN, size);
	}
	if (sub != M_NONE) {
		double s = K(M, HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN, size);
		double m = BX(sub)->h - K(M, HB_OT_MATH_CONSTANT_SUBSCRIPT_TOP_MAX, size);
		if (v < s)
			v = s;
		if (v < m)
			v = m;
	}
	if (sup != M_NONE) {
		double s = K(M, st->cramped ? HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP_CRAMPED
		                            : HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP,
		             size);
		double m = BX(sup)->d + K(M, HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MIN, size);
		if (u < s)
			u = s;
		if (u < m)
			u = m;
	}
	if (sub != M_NONE && sup != M_NONE && !(BX(sup)->flags & MF_PRIME)) {
		double gapmin = K(M, HB_OT_MATH_CONSTANT_SUB_SUPERSCRIPT_GAP_MIN, size);
		double gap = (u - BX(sup)->d) - (BX(sub)->h - v);
		if (gap < gapmin) {
			v += gapmin - gap;
			double psi = K(M, HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT, size) -
			             (u - BX(sup)->d);
			if (psi > 0) {
				u += psi;
				v -= psi;
			}
		}
	}
	B = BX(base);
	double ic = B->kind == MB_GLYPHS ? B->ic : 0;
	size_t l = m_list(M);
	m_add(M, l, base, 0, 0);
	double w = BX(base)->w;
	double after = K(M, HB_OT_MATH_CONSTANT_SPACE_AFTER_SCRIPT, size);
	double right = w;
	/* a large operator's advance takes in its slant: the subscript moves
	 * in by the italic correction; other bases push the superscript out */
	int large = (BX(base)->flags & MF_LARGE) != 0;
	if (sup != M_NONE) {
		double sx = large ? w : w + ic;
		if (BX(sup)->flags & MF_PRIME)
			u = 0;
		m_add(M, l, sup, sx, u);
		if (sx + BX(sup)->w > right)
			right = sx + BX(sup)->w;
	}
	if (sub != M_NONE) {
		double sx = large ? w - ic : w;
		if (sx < 0)
			sx = 0;
		m_add(M, l, sub, sx, -v);
		if (sx + BX(sub)->w > right)
			right = sx + BX(sub)->w;
	}
	mbox *L = BX(l);
	L->w = right + after;
	L->lc = BX(base)->lc;
	L->rc = BX(base)->rc;
	return l;
}

/* Stacks over and under a base (limits, \overset, \xrightarrow, braces). */
static size_t m_stack(pdf_math *M, size_t base, size_t under, size_t over, const mstyle *st,
                      int limits)
{
	double size = m_size(M, st);
	mbox *B = BX(base);
	double ic = (B->flags & MF_LARGE) ? B->ic : 0;
	double w = B->w;
	if (over != M_NONE && BX(over)->w > w)
		w = BX(over)->w;
	if (under != M_NONE && BX(under)->w > w)
		w = BX(under)->w;
	size_t l = m_list(M);
	m_add(M, l, base, (w - BX(base)->w) / 2, 0);
	double gu = K(M, HB_OT_MATH_CONSTANT_UPPER_LIMIT_GAP_MIN, size);
	double ru = K(M, HB_OT_MATH_CONSTANT_UPPER_LIMIT_BASELINE_RISE_MIN, size);
	double gl = K(M, HB_OT_MATH_CONSTANT_LOWER_LIMIT_GAP_MIN, size);
	double dl = K(M, HB_OT_MATH_CONSTANT_LOWER_LIMIT_BASELINE_DROP_MIN, size);
	if (!limits) {
		/* \overset and friends: TeX's \mathop\limits with 3pt-ish gaps */
		gu = gl = K(M, HB_OT_MATH_CONSTANT_STACK_GAP_MIN, size) / 2;
		ru = dl = 0;
	}
	B = BX(base);
	if (over != M_NONE) {
		double shift = gu + BX(over)->d;
		if (shift < ru)
			shift = ru;
		m_add(M, l, over, (w - BX(over)->w) / 2 + ic / 2, B->h + shift);
	}
	if (under != M_NONE) {
		double shift = gl + BX(under)->h;
		if (shift < dl)
			shift = dl;
		m_add(M, l, under, (w - BX(under)->w) / 2 - ic / 2, -(B->d + shift));
	}
	mbox *L = BX(l);
	L->w = w;
	L->lc = BX(base)->lc;
	L->rc = BX(base)->rc;
	return l;
}

static int m_char_of(pdf_math *M, size_t bi)
{
	mbox *b = BX(bi);
	if (b->kind != MB_GLYPHS || !b->tlen)
		return 0;
	return (int)g_utf8_get_char(M->pool + b->text);
}

/* An accent over (or under) a base. */
static size_t m_accent(pdf_math *M, size_t base, size_t acc, const pcv_node *accnode, int under,
                       const mstyle *st)
{
	double size = m_size(M, st);
	int stretchy = pcv_node_int(accnode) & PCV_MATH_STRETCHY;
	gunichar c = (gunichar)m_char_of(M, acc);
	size_t l = m_list(M); /* may move the boxes: take pointers after it */
	mbox *B = BX(base);
	if (stretchy && ((!under && c == 0x203e) || (under && c == '_'))) {
		/* \overline, \underline: rules */
		double t, gap, pad;
		if (!under) {
			t = K(M, HB_OT_MATH_CONSTANT_OVERBAR_RULE_THICKNESS, size);
			gap = K(M, HB_OT_MATH_CONSTANT_OVERBAR_VERTICAL_GAP, size);
			pad = K(M, HB_OT_MATH_CONSTANT_OVERBAR_EXTRA_ASCENDER, size);
		} else {
			t = K(M, HB_OT_MATH_CONSTANT_UNDERBAR_RULE_THICKNESS, size);
			gap = K(M, HB_OT_MATH_CONSTANT_UNDERBAR_VERTICAL_GAP, size);
			pad = K(M, HB_OT_MATH_CONSTANT_UNDERBAR_EXTRA_DESCENDER, size);
		}
		double w = B->w, h = B->h, d = B->d;
		m_add(M, l, base, 0, 0);
		mstyle rs = *st;
		rs.rgb = BX(acc)->rgb;
		size_t r = under ? m_rule(M, w, -(d + gap), d + gap + t, &rs)
		                 : m_rule(M, w, h + gap + t, -(h + gap), &rs);
		m_add(M, l, r, 0, 0);
		mbox *L = BX(l);
		if (under)
			L->d = d + gap + t + pad;
		else
			L->h = h + gap + t + pad;
		L->lc = L->rc = C_ORD;
		return l;
	}
	int brace = c == 0x23de || c == 0x23df || c == 0x23dc || c == 0x23dd || c == 0x23b4 ||
	            c == 0x23b5;
	int arrow = c >= 0x2190 && c <= 0x21ff;
	if (stretchy) {
		double target = B->w;
		if (brace || arrow)
			m_stretch(M, acc, target, HB_DIRECTION_LTR, 0);
		else
			m_stretch(M, acc, target * 1.05, HB_DIRECTION_LTR, 1);
	}
	B = BX(base);
	mbox *A = BX(acc);
	if (brace || (stretchy && arrow) || under) {
		/* stacked with a small gap */
		double gap = K(M, HB_OT_MATH_CONSTANT_STACK_GAP_MIN, size) / 2;
		double w = B->w > A->w ? B->w : A->w;
		m_add(M, l, base, (w - B->w) / 2, 0);
		A = BX(acc);
		B = BX(base);
		if (under)
			m_add(M, l, acc, (w - A->w) / 2, -(B->d + gap + A->h));
		else
			m_add(M, l, acc, (w - A->w) / 2, B->h + gap + A->d);
		mbox *L = BX(l);
		L->w = w;
		L->lc = L->rc = C_ORD;
		return l;
	}
	/* an accent glyph: attachment points, raised over tall bases */
	double ab = K(M, HB_OT_MATH_CONSTANT_ACCENT_BASE_HEIGHT, size);
	double battach = (B->flags & MF_ACC) ? B->acc : B->w / 2;
	double aattach = (A->flags & MF_ACC) ? A->acc : A->w / 2;
	double dy = B->h > ab ? B->h - ab : 0;
	double ax = battach - aattach;
	double shift = ax < 0 ? -ax : 0;
	m_add(M, l, base, shift, 0);
	m_add(M, l, acc, ax + shift, dy);
	mbox *L = BX(l);
	if (L->w < BX(base)->w + shift)
		L->w = BX(base)->w + shift;
	L->lc = L->rc = C_ORD;
	L->ic = BX(base)->kind == MB_GLYPHS ? BX(base)->ic : 0;
	return l;
}

/* ------------------------------------------------------------------ */
/* Tables. */

static double m_length(const char *s, double em, double def)
{
	if (!s)
		return def;
	char *end;
	double v = strtod(s, &end);
	if (end == s)
		return def;
	if (!strncmp(end, "em", 2))
		return v * em;
	if (!strncmp(end, "ex", 2))
		return v * em * 0.43;
	if (!strncmp(end, "pt", 2) || !strncmp(end, "px", 2))
		return v;
	if (!strncmp(end, "mu", 2))
		return v * em / 18;
	return v * em;
}

/* The i-th word of a space-separated list, the last one repeating. */
static const char *m_word(const char *list, int i, char *out, size_t cap)
{
	if (!list)
		return NULL;
	const char *p = list, *w = NULL;
	size_t wl = 0;
	for (int k = 0; k <= i; k++) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ')
			p++;
		wl = (size_t)(p - w);
	}
	if (!w || wl >= cap)
		return NULL;
	memcpy(out, w, wl);
	out[wl] = 0;
	return out;
}

static size_t m_table(pdf_math *M, size_t *rows, size_t nrows, const pcv_node *n, const mstyle *st)
{
	double size = m_size(M, st);
	int ncols = 0;
	for (size_t r = 0; r < nrows; r++) {
		int c = 0;
		for (size_t p = BX(rows[r])->first; p != M_NONE; p = M->places[p].next)
			c++;
		if (c > ncols)
			ncols = c;
	}
	size_t l = m_list(M);
	BX(l)->lc = BX(l)->rc = C_ORD;
	if (!nrows || !ncols)
		return l;
	double *cw = calloc((size_t)ncols, sizeof *cw);
	double *rh = calloc(nrows, sizeof *rh), *rd = calloc(nrows, sizeof *rd);
	if (!cw || !rh || !rd)
		abort();
	const char *rsp = pcv_node_get_attr(n, "rowspacing");
	int display = pcv_node_get_attr(n, "displaystyle") &&
	              !strcmp(pcv_node_get_attr(n, "displaystyle"), "true");
	/* rows at least as tall as TeX's strut (baselineskip 1.2em, 70/30) */
	double strut_h = rsp ? 0 : 0.84 * size, strut_d = rsp ? 0 : 0.36 * size;
	double rowgap = rsp ? m_length(rsp, size, 0) : display ? 0.3 * size : 0;
	for (size_t r = 0; r < nrows; r++) {
		int c = 0;
		rh[r] = strut_h;
		rd[r] = strut_d;
		for (size_t p = BX(rows[r])->first; p != M_NONE; p = M->places[p].next, c++) {
			mbox *b = BX(M->places[p].box);
			if (b->w > cw[c])
				cw[c] = b->w;
			if (b->h > rh[r])
				rh[r] = b->h;
			if (b->d > rd[r])
				rd[r] = b->d;
		}
	}
	const char *aligns = pcv_node_get_attr(n, "columnalign");
	const char *spacing = pcv_node_get_attr(n, "columnspacing");
	const char *lines = pcv_node_get_attr(n, "columnlines");
	double *cx = calloc((size_t)ncols, sizeof *cx);
	if (!cx)
		abort();
	double x = 0;
	for (int c = 0; c < ncols; c++) {
		cx[c] = x;
		x += cw[c];
		if (c + 1 < ncols) {
			char wbuf[32];
			double gap = size;
			if (spacing) {
				/* the list repeats as a whole (align*: 0em 2em 0em 2em ...) */
				int k = 0;
				for (const char *p = spacing; *p; p++)
					if (*p != ' ' && (p == spacing || p[-1] == ' '))
						k++;
				const char *wd = m_word(spacing, k ? c % k : 0, wbuf, sizeof wbuf);
				gap = m_length(wd, size, size);
			}
			x += gap;
		}
	}
	double total = 0;
	for (size_t r = 0; r < nrows; r++)
		total += rh[r] + rd[r] + (r ? rowgap : 0);
	double a = K(M, HB_OT_MATH_CONSTANT_AXIS_HEIGHT, size);
	double top = total / 2 + a;
	double y = top;
	for (size_t r = 0; r < nrows; r++) {
		if (r)
			y -= rowgap;
		y -= rh[r];
		int c = 0;
		for (size_t p = BX(rows[r])->first; p != M_NONE; p = M->places[p].next, c++) {
			size_t cb = M->places[p].box;
			char wbuf[16];
			const char *al = m_word(aligns, c, wbuf, sizeof wbuf);
			double off = (cw[c] - BX(cb)->w) / 2;
			if (al && !strcmp(al, "left"))
				off = 0;
			else if (al && !strcmp(al, "right"))
				off = cw[c] - BX(cb)->w;
			m_add(M, l, cb, cx[c] + off, y);
		}
		y -= rd[r];
	}
	if (lines) {
		double t = K(M, HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS, size);
		for (int c = 0; c + 1 < ncols; c++) {
			char wbuf[16];
			const char *ln = m_word(lines, c, wbuf, sizeof wbuf);
			if (!ln || strcmp(ln, "none") == 0)
				continue;
			double mid = (cx[c] + cw[c] + cx[c + 1]) / 2;
			size_t rb = m_rule(M, t, top, total - top, st);
			m_add(M, l, rb, mid - t / 2, 0);
		}
	}
	mbox *L = BX(l);
	L->w = x;
	L->h = top;
	L->d = total - top;
	free(cw);
	free(cx);
	free(rh);
	free(rd);
	return l;
}

/* ------------------------------------------------------------------ */
/* The walk. */

typedef struct mframe {
	const pcv_node *node;
	int type;
	mstyle st;
	size_t base; /* first of its children's results */
	int nth;     /* children entered so far */
	int idx;     /* its index among its siblings */
} mframe;

typedef struct mres {
	size_t box;
	const pcv_node *node;
} mres;

static int m_attr_is(const pcv_node *n, const char *key, const char *value)
{
	const char *v = pcv_node_get_attr(n, key);
	return v && !strcmp(v, value);
}

/* The style of the k-th child of a frame. */
static int m_stretchy_op(const pcv_node *n)
{
	return pcv_node_type(n) == PCV_NODE_MATH_OPERATOR && (pcv_node_int(n) & PCV_MATH_STRETCHY);
}

static mstyle m_child_style(const mframe *f, int k, const pcv_node *n)
{
	mstyle s = f->st;
	switch (f->type) {
	case PCV_NODE_MATH_FRACTION:
		m_smaller(&s);
		if (k == 1)
			s.cramped = 1;
		break;
	case PCV_NODE_MATH_RADICAL:
		if (k == 0) {
			s.cramped = 1;
		} else {
			s.level = 2;
			s.display = 0;
			s.cramped = 0;
		}
		break;
	case PCV_NODE_MATH_SCRIPTS:
		if (k == 1) {
			m_script(&s);
			s.cramped = 1;
		} else if (k == 2) {
			m_script(&s);
		}
		break;
	case PCV_NODE_MATH_UNDEROVER:
		if (k == 0) {
			if (m_attr_is(f->node, "accent", "true"))
				s.cramped = 1;
		} else if (k == 1) {
			if (!m_attr_is(f->node, "accentunder", "true") && !m_stretchy_op(n))
				m_script(&s);
			s.cramped = 1;
		} else if (k == 2) {
			if (!m_attr_is(f->node, "accent", "true") && !m_stretchy_op(n))
				m_script(&s);
		}
		break;
	}
	return s;
}

static void m_apply_style(const pcv_node *n, mstyle *s)
{
	const char *v;
	if ((v = pcv_node_get_attr(n, "displaystyle")) != NULL)
		s->display = !strcmp(v, "true");
	if ((v = pcv_node_get_attr(n, "scriptlevel")) != NULL) {
		int lv = atoi(v);
		if (*v == '+' || *v == '-')
			lv += s->level;
		s->level = lv < 0 ? 0 : lv > 2 ? 2 : lv;
	}
	if ((v = pcv_node_get_attr(n, "mathcolor")) != NULL) {
		if (!strcmp(v, "transparent"))
			s->hidden = 1;
		else
			s->rgb = m_color(v, s->rgb);
	}
	if (pcv_node_get_attr(n, "phantom"))
		s->hidden = 1;
	if ((v = pcv_node_get_attr(n, "mathvariant")) != NULL)
		s->upright = !strcmp(v, "normal");
}

/* Whether a frame is an accent's slot of an UNDEROVER. */
static int m_is_accent_slot(const mframe *parent, int k)
{
	if (!parent || parent->type != PCV_NODE_MATH_UNDEROVER)
		return 0;
	return (k == 2 && m_attr_is(parent->node, "accent", "true")) ||
	       (k == 1 && m_attr_is(parent->node, "accentunder", "true"));
}

/* A box around a row (\boxed). */
static size_t m_frame_box(pdf_math *M, size_t in, const mstyle *st)
{
	double size = m_size(M, st);
	double pad = 0.3 * size, t = 0.04 * size;
	mbox *B = BX(in);
	double w = B->w + 2 * pad + 2 * t, h = B->h + pad + t, d = B->d + pad + t;
	size_t l = m_list(M);
	m_add(M, l, in, pad + t, 0);
	m_add(M, l, m_rule(M, w, h, t - h, st), 0, 0);
	m_add(M, l, m_rule(M, w, t - d, d, st), 0, 0);
	m_add(M, l, m_rule(M, t, h, d, st), 0, 0);
	m_add(M, l, m_rule(M, t, h, d, st), w - t, 0);
	BX(l)->lc = BX(l)->rc = C_ORD;
	return l;
}

/* Composes a node's box from its children's. */
static size_t m_compose(pdf_ctx *P, pdf_math *M, mframe *f, const mframe *parent,
                        const mframe *grand, mres *kids, size_t n, int top)
{
	const pcv_node *node = f->node;
	mstyle *st = &f->st;
	size_t *k = pdf_xmalloc((n ? n : 1) * sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = kids[i].box;
	size_t r = M_NONE;
	switch (f->type) {
	case PCV_NODE_MATH_IDENT:
	case PCV_NODE_MATH_NUMBER:
	case PCV_NODE_MATH_OPERATOR:
	case PCV_NODE_MATH_TEXT:
		if (parent && parent->type == PCV_NODE_MATH_SCRIPTS && f->idx == 2 &&
		    f->type == PCV_NODE_MATH_OPERATOR && pcv_node_literal(node) &&
		    m_in(g_utf8_get_char(pcv_node_literal(node)), "′″‴⁗‵")) {
			/* the font's prime is a raised glyph: it needs no shift */
			r = m_leaf(P, M, node, &parent->st, 0);
			BX(r)->flags |= MF_PRIME;
			break;
		}
		r = m_leaf(P, M, node, st, m_is_accent_slot(parent, f->idx));
		break;
	case PCV_NODE_MATH_SPACE: {
		long v = pcv_node_int(node);
		if (v < -360)
			v = -360;
		if (v > 3600)
			v = 3600;
		r = m_kern(M, v * m_size(M, st) / 18.0);
		break;
	}
	case PCV_NODE_MATH_FRACTION:
		if (n == 2) {
			r = m_fraction(M, k[0], k[1], node, st);
			break;
		}
		goto row;
	case PCV_NODE_MATH_RADICAL:
		if (n == 1 || n == 2) {
			r = m_radical(M, k[0], n == 2 ? k[1] : M_NONE, st);
			break;
		}
		goto row;
	case PCV_NODE_MATH_SCRIPTS:
		if (n == 3) {
			r = m_scripts(M, k[0], m_empty(kids[1].node) ? M_NONE : k[1],
			              m_empty(kids[2].node) ? M_NONE : k[2], st);
			break;
		}
		goto row;
	case PCV_NODE_MATH_UNDEROVER:
		if (n == 3) {
			size_t under = m_empty(kids[1].node) ? M_NONE : k[1];
			size_t over = m_empty(kids[2].node) ? M_NONE : k[2];
			mbox *B = BX(k[0]);
			if (m_attr_is(node, "accent", "true") && over != M_NONE) {
				r = m_accent(M, k[0], over, kids[2].node, 0, st);
				if (under != M_NONE)
					r = m_stack(M, r, under, M_NONE, st, 0);
			} else if (m_attr_is(node, "accentunder", "true") && under != M_NONE) {
				r = m_accent(M, k[0], under, kids[1].node, 1, st);
				if (over != M_NONE)
					r = m_stack(M, r, M_NONE, over, st, 0);
			} else if (over != M_NONE && under == M_NONE && m_stretchy_op(kids[2].node) &&
			           !m_stretchy_op(kids[0].node)) {
				/* \overbrace, \overrightarrow without the accent mark */
				r = m_accent(M, k[0], over, kids[2].node, 0, st);
			} else if (under != M_NONE && over == M_NONE && m_stretchy_op(kids[1].node) &&
			           !m_stretchy_op(kids[0].node)) {
				r = m_accent(M, k[0], under, kids[1].node, 1, st);
			} else if ((B->flags & MF_LIMITS) && !st->display) {
				r = m_scripts(M, k[0], under, over, st);
			} else {
				int limits = (B->flags & (MF_LIMITS | MF_LARGE)) != 0;
				if (B->kind == MB_GLYPHS && pcv_node_type(kids[0].node) == PCV_NODE_MATH_OPERATOR &&
				    (pcv_node_int(kids[0].node) & PCV_MATH_STRETCHY)) {
					/* \xrightarrow: the arrow grows under its labels */
					double w = 0;
					if (under != M_NONE && BX(under)->w > w)
						w = BX(under)->w;
					if (over != M_NONE && BX(over)->w > w)
						w = BX(over)->w;
					w += 0.8 * m_size(M, st);
					if (w > BX(k[0])->w)
						m_stretch(M, k[0], w, HB_DIRECTION_LTR, 0);
				}
				r = m_stack(M, k[0], under, over, st, limits);
			}
			break;
		}
		goto row;
	case PCV_NODE_MATH_TABLE_ROW:
		r = m_list(M);
		for (size_t i = 0; i < n; i++)
			m_place(M, r, k[i], 0, 0);
		break;
	case PCV_NODE_MATH_TABLE:
		r = m_table(M, k, n, node, st);
		break;
	case PCV_NODE_MATH_TABLE_CELL: {
		/* aligned: "&=" sets the relation as after an empty atom */
		int prev = -1;
		if (grand && f->idx % 2 == 1 && grand->type == PCV_NODE_MATH_TABLE &&
		    m_attr_is(grand->node, "displaystyle", "true"))
			prev = C_ORD;
		r = m_hlist(M, k, n, st, prev, 0);
		break;
	}
	default:
	row:
		if (n == 1 && f->type != PCV_NODE_MATH_STYLE && !top) {
			r = k[0];
			mbox *b = BX(r);
			if (f->type == PCV_NODE_MATH_ROW && !(b->flags & (MF_STRETCHV | MF_FIXED)))
				b->lc = b->rc = C_ORD;
		} else {
			r = m_hlist(M, k, n, st, -1, top);
			if (f->type == PCV_NODE_MATH_ROW) {
				/* \left..\right makes an inner atom, a group an ordinary one */
				int fenced = n >= 2 && (pcv_node_int(kids[0].node) & PCV_MATH_FENCE) &&
				             pcv_node_type(kids[0].node) == PCV_NODE_MATH_OPERATOR &&
				             (pcv_node_int(kids[0].node) & PCV_MATH_STRETCHY);
				if (!top)
					BX(r)->lc = BX(r)->rc = fenced ? C_INNER : C_ORD;
			}
		}
		if (f->type == PCV_NODE_MATH_ROW && m_attr_is(node, "notation", "box"))
			r = m_frame_box(M, r, st);
		break;
	}
	free(k);
	return r;
}

/* Lays out the formula under node (its first child, the MATH_ROW) at a
 * text size, in display or text style.  Returns the box, or M_NONE. */
static size_t m_layout(pdf_ctx *P, pdf_math *M, const pcv_node *node, double size, int display)
{
	pcv_node *root = pcv_node_first_child(node);
	if (!root)
		return M_NONE;
	mframe *fs = NULL;
	size_t nf = 0, capf = 0;
	mres *rs = NULL;
	size_t nr = 0, capr = 0;
	pcv_iter it;
	pcv_iter_init(&it, root);
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		const pcv_node *n = it.node;
		if (ev == PCV_EVENT_ENTER) {
			M_GROW(fs, nf, capf, 64);
			mframe *f = &fs[nf];
			f->node = n;
			f->type = pcv_node_type(n);
			f->base = nr;
			f->nth = 0;
			if (nf == 0) {
				memset(&f->st, 0, sizeof f->st);
				f->st.display = display;
				f->st.rgb = M_DEFAULT_RGB;
				f->st.base = size;
				f->idx = 0;
			} else {
				mframe *p = &fs[nf - 1];
				f->idx = p->nth++;
				f->st = m_child_style(p, f->idx, n);
			}
			if (f->type == PCV_NODE_MATH_STYLE || f->type == PCV_NODE_MATH_ROW)
				m_apply_style(n, &f->st);
			if (f->type == PCV_NODE_MATH_TABLE)
				f->st.display = m_attr_is(n, "displaystyle", "true");
			if (!PCV_NODE_IS_MATH(f->type) && !PCV_NODE_IS_USER(f->type)) {
				/* no other nodes belong in a formula: leave them out */
				pcv_iter_skip_children(&it);
			}
			nf++;
			continue;
		}
		mframe f = fs[--nf];
		size_t box;
		if (!PCV_NODE_IS_MATH(f.type) && !PCV_NODE_IS_USER(f.type))
			box = m_kern(M, 0);
		else
			box = m_compose(P, M, &f, nf ? &fs[nf - 1] : NULL, nf >= 2 ? &fs[nf - 2] : NULL,
			                rs ? rs + f.base : NULL, nr - f.base, nf == 0);
		nr = f.base;
		M_GROW(rs, nr, capr, 64);
		rs[nr].box = box;
		rs[nr].node = n;
		nr++;
	}
	size_t top = nr ? rs[0].box : M_NONE;
	free(fs);
	free(rs);
	return top;
}

/* ------------------------------------------------------------------ */
/* Objects. */

/* The shape attribute of piece pi (the k-th of its formula). */
static PangoAttribute *m_object(pdf_math *M, size_t pi, int k)
{
	const mwork *w = &M->work[k];
	PangoRectangle r;
	r.x = 0;
	r.y = (int)floor(-w->h * PANGO_SCALE);
	r.width = (int)ceil(w->w * PANGO_SCALE);
	r.height = (int)ceil((w->h + w->d) * PANGO_SCALE);
	return pango_attr_shape_new_with_data(&r, &r, GSIZE_TO_POINTER(pi + 1), NULL, NULL);
}

/* A new piece, the k-th of at most max of the formula of node n laid out
 * at size (display: in display style), from box. */
static size_t m_piece(pdf_math *M, size_t box, const pcv_node *n, double size, int display,
                      int k, int max)
{
	M_GROW(M->pieces, M->npieces, M->cappieces, 64);
	mpiece *p = &M->pieces[M->npieces];
	memset(p, 0, sizeof *p);
	p->scale = 1;
	p->node = n;
	p->size = size;
	p->display = (unsigned char)display;
	p->k = (unsigned char)k;
	p->max = (unsigned char)max;
	mwork *w = &M->work[k];
	mbox *b = BX(box);
	w->w = b->w;
	w->h = b->h;
	w->d = b->d;
	return M->npieces++;
}

/* Scales piece pi down, with a warning, when it is wider than avail
 * points or taller than most of a page, its units being k points. */
static void m_fit(pdf_ctx *P, pdf_math *M, size_t pi, double avail, double k, int *warned)
{
	mpiece *p = &M->pieces[pi];
	mwork *w = &M->work[p->k];
	double tall = P->text_h * 0.9 / k;
	avail /= k;
	double s = 1;
	if (w->w > avail && avail > 0)
		s = avail / w->w;
	if ((w->h + w->d) * s > tall)
		s = tall / (w->h + w->d);
	if (s >= 1)
		return;
	if (s < 0.05)
		s = 0.05;
	if (!*warned) {
		*warned = 1;
		pcv_report_node(P->ctx, PCV_WARNING, p->node,
		                "formula too large for the column: scaled down to %.0f%%", s * 100);
	}
	p->scale *= s;
	w->w *= s;
	w->h *= s;
	w->d *= s;
	p->x *= s;
}

static void m_strut(pdf_math *M, int k, double h, double d)
{
	mwork *w = &M->work[k];
	if (w->h < h)
		w->h = h;
	if (w->d < d)
		w->d = d;
}

/* Room for n more bytes of drawing in d. */
static unsigned char *m_dput(mdrawing *d, size_t n)
{
	if (d->cap - d->n < n) {
		size_t cap = d->cap ? d->cap : 4096;
		while (cap - d->n < n)
			cap *= 2;
		d->bytes = pdf_xrealloc(d->bytes, cap);
		d->cap = cap;
	}
	unsigned char *at = d->bytes + d->n;
	d->n += n;
	return at;
}

static void m_dbytes(mdrawing *d, const void *s, size_t n)
{
	memcpy(m_dput(d, n), s, n);
}

/* Empties d, letting its layouts go. */
static void m_dreset(mdrawing *d)
{
	for (size_t i = 0; i < d->nlays; i++)
		g_object_unref(d->lays[i]);
	d->nlays = 0;
	d->n = 0;
}

/* Frees what d holds. */
static void m_dfree(mdrawing *d)
{
	m_dreset(d);
	free(d->lays);
	free(d->bytes);
}

static void m_dvarint(mdrawing *d, size_t v)
{
	unsigned char b[10];
	size_t n = 0;
	do {
		b[n++] = (unsigned char)((v & 127) | (v > 127 ? 128 : 0));
		v >>= 7;
	} while (v);
	m_dbytes(d, b, n);
}

static size_t m_getvarint(const unsigned char **p)
{
	size_t v = 0;
	int shift = 0;
	const unsigned char *d = *p;
	for (;; d++, shift += 7) {
		v |= (size_t)(*d & 127) << shift;
		if (!(*d & 128))
			break;
	}
	*p = d + 1;
	return v;
}

static double m_getdouble(const unsigned char **p)
{
	double v;
	memcpy(&v, *p, sizeof v);
	*p += sizeof v;
	return v;
}

/* Appends to out the drawing of the box tree at top: a walk in the order the
 * boxes are drawn, with an explicit stack. */
static void m_flatten(pdf_math *M, mdrawing *out, size_t top)
{
	typedef struct mwalk {
		size_t box;
		double x, y;   /* the box's origin, y downwards */
		size_t cursor; /* next place of a list */
	} mwalk;
	mwalk *st = NULL;
	size_t n = 0, cap = 0;
	unsigned rgb = M_DEFAULT_RGB;
	double size = 0, gy = 0;
	M_GROW(st, n, cap, 32);
	st[n++] = (mwalk){top, 0, 0, BX(top)->first};
	while (n) {
		mwalk *d = &st[n - 1];
		const mbox *b = BX(d->box);
		if (b->kind == MB_LIST) {
			if (d->cursor == M_NONE) {
				n--;
				continue;
			}
			const mplace *p = &M->places[d->cursor];
			d->cursor = p->next;
			mwalk c = {p->box, d->x + p->x, d->y - p->y, BX(p->box)->first};
			M_GROW(st, n, cap, 32);
			st[n++] = c;
			continue;
		}
		double x = d->x, y = d->y;
		n--;
		if (b->flags & MF_HIDDEN)
			continue;
		if (b->kind == MB_GLYPHS && b->last == b->first)
			continue;
		if (b->kind == MB_RULE && !(b->w > 0 && b->h + b->d > 0))
			continue;
		if (b->kind != MB_GLYPHS && b->kind != MB_RULE && b->kind != MB_TEXT)
			continue;
		unsigned char head = (unsigned char)b->kind;
		if (b->rgb != rgb)
			head |= MD_RGB;
		if (b->kind == MB_GLYPHS && memcmp(&b->size, &size, sizeof size))
			head |= MD_SIZE;
		m_dbytes(out, &head, 1);
		if (head & MD_RGB) {
			rgb = b->rgb;
			m_dbytes(out, &rgb, sizeof rgb);
		}
		if (head & MD_SIZE) {
			size = b->size;
			m_dbytes(out, &size, sizeof size);
		}
		if (b->kind == MB_RULE) {
			double r[4] = {x, y - b->h, b->w, b->h + b->d};
			m_dbytes(out, r, sizeof r);
		} else if (b->kind == MB_TEXT) {
			PangoLayout *lay = b->lay ? g_object_ref(b->lay) : NULL;
			m_dbytes(out, &x, sizeof x);
			m_dbytes(out, &y, sizeof y);
			m_dbytes(out, &lay, sizeof lay);
			if (lay) {
				M_GROW(out->lays, out->nlays, out->caplays, 64);
				out->lays[out->nlays++] = lay;
			}
		} else {
			if (b->last - b->first > INT_MAX || b->tlen > INT_MAX)
				abort(); /* not within any memory */
			m_dvarint(out, b->last - b->first);
			m_dvarint(out, b->tlen);
			if (b->tlen)
				m_dbytes(out, M->pool + b->text, b->tlen);
			for (size_t g = b->first; g < b->last; g++) {
				double gx = x + M->glyphs[g].x, ny = y - M->glyphs[g].y;
				int same = !memcmp(&ny, &gy, sizeof gy);
				m_dvarint(out, (size_t)M->glyphs[g].id << 1 | (size_t)same);
				m_dbytes(out, &gx, sizeof gx);
				if (!same) {
					gy = ny;
					m_dbytes(out, &gy, sizeof gy);
				}
			}
		}
	}
	free(st);
}

/* Working storage at the start of a formula. */
typedef struct mmark {
	size_t boxes, places, glyphs, pool;
} mmark;

static mmark m_mark(const pdf_math *M)
{
	return (mmark){M->nboxes, M->nplaces, M->nglyphs, M->npool};
}

/* The formula begun at mark is made (or drawn): the boxes it was made of
 * go. */
static void m_finish(pdf_math *M, mmark mk)
{
	for (size_t i = mk.boxes; i < M->nboxes; i++)
		if (M->boxes[i].lay)
			g_object_unref(M->boxes[i].lay);
	M->nboxes = mk.boxes;
	M->nplaces = mk.places;
	M->nglyphs = mk.glyphs;
	M->npool = mk.pool;
}

/* The ascent and descent of a text font: its first font's, as pango's
 * metrics give them, from HarfBuzz (pango_context_get_metrics would lay
 * out a sample sentence for them). */
static void m_strut_of(pdf_ctx *P, pdf_math *M, const PangoFontDescription *font, double *h,
                       double *d)
{
	for (int i = 0; i < M->nstruts; i++)
		if (pango_font_description_equal(M->struts[i].font, font)) {
			*h = M->struts[i].ascent;
			*d = M->struts[i].descent;
			return;
		}
	PangoFont *pf = pango_font_map_load_font(P->fontmap, P->pango, font);
	hb_font_t *hf = pf ? pango_font_get_hb_font(pf) : NULL;
	hb_font_extents_t ext = {0};
	if (hf)
		hb_font_get_h_extents(hf, &ext);
	if (pf)
		g_object_unref(pf);
	*h = (double)ext.ascender / PANGO_SCALE;
	*d = (double)-ext.descender / PANGO_SCALE;
	int i = M->nstruts < M_STRUTS ? M->nstruts++ : M_STRUTS - 1;
	if (M->struts[i].font)
		pango_font_description_free(M->struts[i].font);
	M->struts[i].font = pango_font_description_copy(font);
	M->struts[i].ascent = *h;
	M->struts[i].descent = *d;
}

static int m_display_attr(const pcv_node *n)
{
	return pcv_node_type(n) == PCV_NODE_DISPLAY_MATH || m_attr_is(n, "display", "true");
}

/* Keeps the drawings of the pieces pis[0, count) of a formula just laid
 * out, made of boxes[0, count), while the kept ones are within budget. */
static void m_keep(pdf_math *M, const size_t *boxes, const size_t *pis, int count)
{
	mdrawing *d = &M->kept;
	if (d->n + d->nlays * M_KEEP_LAY >= M_KEEP)
		return;
	for (int k = 0; k < count; k++) {
		size_t d0 = d->n;
		m_flatten(M, d, boxes[k]);
		mpiece *p = &M->pieces[pis[k]];
		p->d0 = (uint32_t)d0;
		p->d1 = (uint32_t)d->n;
		p->kept = 1;
	}
}

/* The boxes of the pieces of the formula laid out in box (display: in
 * display style), at most max: its top row cut after its break points.
 * Returns how many.  The boxes grow (realloc) as pieces are made: keep
 * indices and values, not pointers. */
static int m_cut(pdf_math *M, size_t box, int display, int max, size_t *boxes)
{
	int count = 0;
	if (BX(box)->kind == MB_LIST && !display) {
		size_t start = BX(box)->first;
		double top_w = BX(box)->w;
		double x0 = 0;
		for (size_t p = BX(box)->first; p != M_NONE; p = M->places[p].next) {
			size_t next = M->places[p].next;
			int cut = (BX(M->places[p].box)->flags & MF_BREAK) && next != M_NONE &&
			          count + 1 < max;
			if (!cut && next != M_NONE)
				continue;
			double x1 = next != M_NONE ? M->places[next].x : top_w;
			size_t l = m_list(M);
			for (size_t q = start;; q = M->places[q].next) {
				m_add(M, l, M->places[q].box, M->places[q].x - x0, M->places[q].y);
				if (q == p)
					break;
			}
			BX(l)->w = x1 - x0;
			boxes[count++] = l;
			start = next;
			x0 = x1;
		}
	}
	if (!count)
		boxes[count++] = box;
	return count;
}

int pdf_math_inline(pdf_ctx *P, const pcv_node *n, int style, double avail,
                    PangoAttribute **attrs, int max)
{
	const PangoFontDescription *font = P->fonts[style];
	double scale = P->kscale[style]; /* points a unit of the layout */
	if (!pcv_node_first_child(n) || max < 1)
		return 0;
	if (max > M_PIECES)
		max = M_PIECES;
	pdf_math *M = m_get(P, n);
	if (!M)
		return 0;
	double size = (double)pango_font_description_get_size(font) / PANGO_SCALE;
	/* a line holding only math is as tall as one of text */
	double strut_h, strut_d;
	m_strut_of(P, M, font, &strut_h, &strut_d);
	mmark mk = m_mark(M);
	int display = m_display_attr(n);
	size_t box = m_layout(P, M, n, size * M->scale, display);
	if (box == M_NONE) {
		m_finish(M, mk);
		return 0;
	}
	int warned = 0;
	size_t boxes[M_PIECES], pis[M_PIECES];
	int count = m_cut(M, box, display, max, boxes);
	for (int k = 0; k < count; k++) {
		size_t pi = m_piece(M, boxes[k], n, size * M->scale, display, k, max);
		m_fit(P, M, pi, avail, scale, &warned);
		m_strut(M, k, strut_h, strut_d);
		attrs[k] = m_object(M, pi, k);
		pis[k] = pi;
	}
	m_keep(M, boxes, pis, count);
	m_finish(M, mk);
	return count;
}

PangoAttribute *pdf_math_display(pdf_ctx *P, const pcv_node *n, double avail)
{
	if (!pcv_node_first_child(n))
		return NULL;
	pdf_math *M = m_get(P, n);
	if (!M)
		return NULL;
	double size = P->o.font_size;
	mmark mk = m_mark(M);
	size_t box = m_layout(P, M, n, size * M->scale, 1);
	if (box == M_NONE) {
		m_finish(M, mk);
		return NULL;
	}
	size_t pi = m_piece(M, box, n, size * M->scale, 1, 0, 1);
	m_keep(M, &box, &pi, 1);
	m_finish(M, mk);
	const char *tag = pcv_node_get_attr(pcv_node_first_child(n), "tag");
	int warned = 0;
	if (tag && *tag) {
		PangoLayout *t = pango_layout_new(P->pango);
		pango_layout_set_font_description(t, P->fonts[PDF_ST_BODY]);
		char *v = g_utf8_make_valid(tag, -1);
		pango_layout_set_text(t, v, -1);
		g_free(v);
		PangoRectangle log;
		pango_layout_get_extents(t, NULL, &log);
		double tw = (double)log.width / PANGO_SCALE;
		double base = (double)pango_layout_get_baseline(t) / PANGO_SCALE;
		double gap = 1.0 * size;
		/* the formula keeps clear of its tag */
		m_fit(P, M, pi, avail - 2 * (tw + gap), 1, &warned);
		M_GROW(M->tags, M->ntags, M->captags, 16);
		M->tags[M->ntags].lay = t;
		M->tags[M->ntags].x = avail - tw;
		mpiece *p = &M->pieces[pi];
		mwork *w = &M->work[0];
		p->tag = (unsigned)++M->ntags;
		p->x = (avail - w->w) / 2;
		w->w = avail;
		if (w->h < base)
			w->h = base;
		double td = (double)log.height / PANGO_SCALE - base;
		if (w->d < td)
			w->d = td;
	} else {
		m_fit(P, M, pi, avail, 1, &warned);
	}
	return m_object(M, pi, 0);
}

int pdf_math_is_shape(const PangoAttribute *a)
{
	return a->klass->type == PANGO_ATTR_SHAPE && ((const PangoAttrShape *)a)->data != NULL &&
	       ((const PangoAttrShape *)a)->copy_func == NULL;
}

static mpiece *m_piece_of(pdf_ctx *P, const PangoAttribute *a)
{
	pdf_math *M = P->math;
	size_t i = GPOINTER_TO_SIZE(((const PangoAttrShape *)a)->data);
	if (!M || i == 0 || i > M->npieces)
		return NULL;
	return &M->pieces[i - 1];
}

const char *pdf_math_plain(pdf_ctx *P, const PangoAttribute *a)
{
	mpiece *p = m_piece_of(P, a);
	if (!p || p->k)
		return "";
	const char *t = pcv_node_get_attr(p->node, "text");
	if (!t)
		t = pcv_node_literal(p->node);
	return t ? t : "";
}

/* ------------------------------------------------------------------ */
/* Drawing. */

static void m_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0,
	                     (rgb & 255) / 255.0);
}

/* Draws the glyph records waiting in b, in one call. */
static void m_batch_flush(pdf_math *M, cairo_t *cr, mbatch *b)
{
	if (!b->ncl)
		return;
	cairo_set_font_face(cr, M->cface);
	cairo_set_font_size(cr, b->size);
	cairo_set_font_options(cr, M->fo);
	m_rgb(cr, b->rgb);
	if (b->texted)
		cairo_show_text_glyphs(cr, b->text, (int)b->tlen, b->g, (int)b->n, b->cl, (int)b->ncl, 0);
	else
		cairo_show_glyphs(cr, b->g, (int)b->n);
	b->n = b->tlen = b->ncl = 0;
}

/* Adds a glyph record (after its head) to b, drawing what b holds first
 * when the record cannot join it; moves *p past the record. */
static void m_draw_glyphs(pdf_math *M, cairo_t *cr, mbatch *b, const unsigned char **p,
                          unsigned rgb, double size, double *gy)
{
	size_t n = m_getvarint(p);
	size_t tlen = m_getvarint(p);
	const char *text = (const char *)*p;
	*p += tlen;
	if (b->ncl && (b->rgb != rgb || b->size != size || b->texted != (tlen > 0)))
		m_batch_flush(M, cr, b);
	b->rgb = rgb;
	b->size = size;
	b->texted = tlen > 0;
	M_GROW(b->cl, b->ncl, b->capcl, 32);
	b->cl[b->ncl++] = (cairo_text_cluster_t){(int)tlen, (int)n};
	while (b->tlen + tlen > b->tcap) {
		b->tcap = b->tcap ? 2 * b->tcap : 256;
		b->text = pdf_xrealloc(b->text, b->tcap);
	}
	memcpy(b->text + b->tlen, text, tlen);
	b->tlen += tlen;
	for (size_t i = 0; i < n; i++) {
		M_GROW(b->g, b->n, b->cap, 64);
		cairo_glyph_t *g = &b->g[b->n++];
		size_t v = m_getvarint(p);
		g->index = v >> 1;
		g->x = m_getdouble(p);
		if (!(v & 1))
			*gy = m_getdouble(p);
		g->y = *gy;
	}
}

/* Draws the bytes [from, to) of the drawings d. */
static void m_draw_items(pdf_ctx *P, pdf_math *M, const mdrawing *d, size_t from, size_t to)
{
	if (from >= to)
		return; /* nothing drawn (and no drawing made: d->bytes may be NULL) */
	cairo_t *cr = P->cr;
	const unsigned char *p = d->bytes + from, *end = d->bytes + to;
	unsigned rgb = M_DEFAULT_RGB;
	double size = 0, gy = 0;
	mbatch *b = &M->batch;
	while (p < end) {
		unsigned char head = *p++;
		if (head & MD_RGB) {
			memcpy(&rgb, p, sizeof rgb);
			p += sizeof rgb;
		}
		if (head & MD_SIZE)
			size = m_getdouble(&p);
		if ((head & MD_KIND) != MB_GLYPHS)
			m_batch_flush(M, cr, b); /* what comes next is drawn over it */
		switch (head & MD_KIND) {
		case MB_GLYPHS:
			m_draw_glyphs(M, cr, b, &p, rgb, size, &gy);
			break;
		case MB_RULE: {
			double r[4];
			m_rgb(cr, rgb);
			memcpy(r, p, sizeof r);
			p += sizeof r;
			cairo_rectangle(cr, r[0], r[1], r[2], r[3]);
			cairo_fill(cr);
			break;
		}
		case MB_TEXT: {
			double x = m_getdouble(&p), y = m_getdouble(&p);
			PangoLayout *lay;
			memcpy(&lay, p, sizeof lay);
			p += sizeof lay;
			m_rgb(cr, rgb);
			PangoLayoutLine *line = lay ? pango_layout_get_line_readonly(lay, 0) : NULL;
			if (line) {
				double k = pdf_layout_enter(cr, lay, &x, &y);
				cairo_move_to(cr, x, y);
				pango_cairo_show_layout_line(cr, line);
				pdf_layout_leave(cr, k);
			}
			break;
		}
		default:
			return; /* not made here */
		}
	}
	m_batch_flush(M, cr, b);
}

/* Makes the drawing of the formula whose first piece is first, unless it
 * is the one made last (its pieces are drawn one after the other);
 * returns 0 when it cannot be laid out. */
static int m_redo(pdf_ctx *P, pdf_math *M, size_t first)
{
	if (M->drawn == first + 1)
		return 1;
	m_dreset(&M->last);
	M->drawn = 0;
	const mpiece *f = &M->pieces[first];
	mmark mk = m_mark(M);
	size_t box = m_layout(P, M, f->node, f->size, f->display);
	if (box == M_NONE) {
		m_finish(M, mk);
		return 0;
	}
	size_t boxes[M_PIECES];
	int count = m_cut(M, box, f->display, f->max, boxes);
	for (int k = 0; k < count; k++) {
		M->at[k] = M->last.n;
		m_flatten(M, &M->last, boxes[k]);
	}
	for (int k = count; k <= M_PIECES; k++)
		M->at[k] = M->last.n;
	m_finish(M, mk);
	M->drawn = first + 1;
	return 1;
}

void pdf_math_draw(pdf_ctx *P, const PangoAttribute *a, double x, double baseline)
{
	mpiece *p = m_piece_of(P, a);
	if (!p)
		return;
	pdf_math *M = P->math;
	size_t pi = (size_t)(p - M->pieces), from, to;
	if (p->kept) {
		from = p->d0;
		to = p->d1;
	} else {
		if (p->k > pi || !m_redo(P, M, pi - p->k))
			return;
		p = &M->pieces[pi];
		from = M->at[p->k];
		to = M->at[p->k + 1];
	}
	cairo_t *cr = P->cr;
	cairo_save(cr);
	if (p->tag) {
		const mtag *t = &M->tags[p->tag - 1];
		cairo_move_to(cr, x + t->x,
		              baseline - (double)pango_layout_get_baseline(t->lay) / PANGO_SCALE);
		cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
		pango_cairo_show_layout(cr, t->lay);
	}
	cairo_translate(cr, x + p->x, baseline);
	if (p->scale != 1)
		cairo_scale(cr, p->scale, p->scale);
	m_draw_items(P, M, p->kept ? &M->kept : &M->last, from, to);
	cairo_restore(cr);
}

void pdf_math_trim(pdf_ctx *P)
{
	pdf_math *M = P->math;
	if (!M)
		return;
	free(M->boxes);
	free(M->places);
	free(M->glyphs);
	free(M->pool);
	M->boxes = NULL;
	M->places = NULL;
	M->glyphs = NULL;
	M->pool = NULL;
	M->nboxes = M->capboxes = M->nplaces = M->capplaces = 0;
	M->nglyphs = M->capglyphs = M->npool = M->cappool = 0;
	if (M->npieces) {
		M->pieces = pdf_xrealloc(M->pieces, M->npieces * sizeof *M->pieces);
		M->cappieces = M->npieces;
	}
}

void pdf_math_free(pdf_ctx *P)
{
	pdf_math *M = P->math;
	if (!M)
		return;
	for (size_t i = 0; i < M->nboxes; i++)
		if (M->boxes[i].lay)
			g_object_unref(M->boxes[i].lay);
	for (size_t i = 0; i < M->ntags; i++)
		g_object_unref(M->tags[i].lay);
	free(M->tags);
	m_dfree(&M->last);
	m_dfree(&M->kept);
	free(M->boxes);
	free(M->places);
	free(M->glyphs);
	free(M->pool);
	free(M->pieces);
	for (int i = 0; i < M->nstruts; i++)
		pango_font_description_free(M->struts[i].font);
	if (M->buf)
		hb_buffer_destroy(M->buf);
	free(M->shapes.slots);
	free(M->shapes.glyphs);
	if (M->font)
		hb_font_destroy(M->font);
	if (M->face)
		hb_face_destroy(M->face);
	if (M->cface)
		cairo_font_face_destroy(M->cface);
	if (M->fo)
		cairo_font_options_destroy(M->fo);
	free(M->batch.g);
	free(M->batch.text);
	free(M->batch.cl);
	free(M->ext);
	free(M->ext_known);
	free(M);
	P->math = NULL;
}
