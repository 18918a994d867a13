/*
 * pdf.h -- shared declarations of the pdf writer plugin.
 *
 * The writer works in three stages, one file each:
 *   build.c   the document tree becomes a flat array of blocks (text with a
 *             PangoAttrList, code, rules, tables, images, toc entries);
 *   layout.c  the blocks are cut into lines and placed into columns and
 *             pages (twice: once to count pages and find where headings
 *             fall, once to draw);
 *   draw.c    lines, runs, emoji, links and page furniture go to cairo.
 * image.c loads pictures, hyph.c inserts soft hyphens, pdf.c is the plugin.
 */
#ifndef PDF_H
#define PDF_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "paissconv.h"

/* Block kinds. */
enum {
	PDF_BK_TEXT = 1, /* a paragraph, heading, title line, caption */
	PDF_BK_CODE,     /* monospace, light background, wrapped lines marked */
	PDF_BK_MATH,     /* display math as TeX, centred monospace */
	PDF_BK_RULE,     /* thematic break */
	PDF_BK_TABLE,
	PDF_BK_IMAGE,
	PDF_BK_TOC       /* one entry of the table of contents */
};

/* Inline code's size relative to its text's.  The monospace styles are
 * laid out at that size too (pdf_ctx.kscale), so that code blocks and
 * inline code share one font. */
#define PDF_MONO_INLINE 0.88

/* The markers of task list items, which layout.c draws as boxes. */
#define PDF_TASK_OPEN "\xe2\x98\x90" /* ☐ */
#define PDF_TASK_DONE "\xe2\x98\x91" /* ☑ */

/* Text styles: font, size and alignment of a layout. */
enum {
	PDF_ST_BODY = 0,
	PDF_ST_H1, PDF_ST_H2, PDF_ST_H3, PDF_ST_H4, PDF_ST_H5, PDF_ST_H6,
	PDF_ST_CODE,
	PDF_ST_MATH,
	PDF_ST_FOOT,
	PDF_ST_TITLE,
	PDF_ST_SUBTITLE,
	PDF_ST_AUTHOR,
	PDF_ST_CAPTION,
	PDF_ST_CELL,
	PDF_ST_HEADCELL,
	PDF_ST_TOC,
	PDF_ST_TOCHEAD,
	PDF_ST_MARKER,
	PDF_ST_FURNITURE, /* running header and footer */
	PDF_ST_COUNT
};

#define PDF_MAX_BARS 6

/* Targets of links (indexes stored in the link attribute of runs). */
enum { PDF_LINK_URI = 1, PDF_LINK_DEST, PDF_LINK_FNREF, PDF_LINK_FNBACK };

typedef struct pdf_link {
	int kind;
	char *uri;  /* PDF_LINK_URI, escaped for cairo's attribute syntax */
	int target; /* dest index, or footnote index */
} pdf_link;

/* A footnote reference inside a block's text. */
typedef struct pdf_ref {
	size_t offset; /* byte offset in the block's text */
	int fn;        /* footnote index */
} pdf_ref;

typedef struct pdf_image pdf_image;
typedef struct pdf_block pdf_block;

typedef struct pdf_table {
	int nrows, ncols;
	int header_rows;    /* leading rows that are header rows */
	pdf_block *cells;   /* nrows * ncols, row-major */
	double *widths;     /* ncols, filled by layout */
	double *row_h;      /* nrows, filled by layout with widths */
	int measured;       /* widths and row_h are filled */
} pdf_table;

struct pdf_block {
	const pcv_node *node;  /* for messages */
	double indent;         /* left indent from the column's edge, pt */
	double before, after;  /* space above and below, pt */
	double pad;            /* vertical padding inside a background */
	char *text;            /* UTF-8, malloc'd */
	size_t len;
	PangoAttrList *attrs;  /* owned, may be NULL */
	char *marker;          /* list marker, malloc'd, or NULL */
	double marker_right;   /* marker's right edge, from the column's edge */
	pdf_ref *refs;         /* footnote references, by offset */
	size_t nrefs;
	pdf_table *table;
	pdf_image *image;
	PangoLayout *lay;      /* kept from the first pass for the second */
	double lay_w;
	char *plain;           /* headings with math or emoji objects: the text
	                          for the toc and the running header, or NULL
	                          (math.c objects replaced by their linear text,
	                          emoji objects by their emoji) */
	int dest;              /* named destination at the top, or -1 */
	int target;            /* PDF_BK_TOC: the heading block's index */
	int page;              /* page the block starts on (layout) */
	int barset;            /* with nbars: its rules' x in P->barsets */
	/* small values, kept small: a long document has tens of thousands
	 * of blocks and table cells */
	unsigned char kind;
	unsigned char style;
	unsigned char keep_next;    /* keep with the next block (headings, images) */
	unsigned char level;        /* heading level, 0 otherwise */
	unsigned char toc_level;    /* level shown in the toc/outline, 0: none */
	unsigned char align;        /* PangoAlignment */
	unsigned char justify;
	unsigned char justify_last; /* its last line too (a piece of a long paragraph) */
	unsigned char nbars;        /* block quote rules at the left */
};

/* A footnote, numbered in order of first reference. */
typedef struct pdf_fn {
	const char *label;
	const pcv_node *def;
	pdf_block body;        /* PDF_ST_FOOT text, the number in front */
	int placed;            /* layout: placed in the current pass */
	int ref_dest;          /* dest index of the first reference mark */
} pdf_fn;

/* Options and derived geometry. */
typedef struct pdf_opts {
	double page_w, page_h;
	double margin_l, margin_r, margin_t, margin_b;
	double font_size;
	int columns;
	double col_gap;
	const char *font, *heading_font, *mono_font, *emoji_font;
	const char *math_font; /* never NULL nor empty */
	int toc, toc_depth;
	int hyphenate;
} pdf_opts;

typedef struct pdf_hyph pdf_hyph;

/* Everything about one conversion. */
typedef struct pdf_ctx {
	pcv_ctx *ctx;
	pcv_doc *doc;
	pdf_opts o;
	double col_w, text_h;
	PangoFontMap *fontmap;
	PangoContext *pango;
	/* A style's font is its family, weight and slant at the body's size;
	 * its layouts are made so and drawn scaled by kscale[style] (its
	 * size over the body's).  pango then loads one font (a fontconfig
	 * pattern, a sort, metrics) per face rather than per face and size,
	 * and fonts have no hinting, so the lines are the same. */
	PangoFontDescription *fonts[PDF_ST_COUNT];
	double kscale[PDF_ST_COUNT];
	signed char sups[PDF_ST_COUNT]; /* pdf_fonts_sups: 0 not asked yet */

	pdf_block *blocks;
	size_t nblocks, capblocks;
	double (*barsets)[PDF_MAX_BARS]; /* the x of block quote rules */
	size_t nbarsets, capbarsets;
	pdf_link *links;
	size_t nlinks, caplinks;
	pdf_fn *fns;
	size_t nfns, capfns;
	int ndests;            /* dests are named "d0", "d1", ... */
	int nanchor_slots;
	struct pdf_anchor *anchors; /* open-addressing table name -> dest */

	const char *title, *subtitle, *author, *date, *lang;
	int top_level;         /* smallest heading level used */
	int header_level;      /* the level of the sections the running header names */
	pdf_hyph *hyph;
	int raw_dropped;

	/* drawing state (draw.c) */
	cairo_surface_t *surface;
	cairo_t *cr;
	int npages;            /* counted by the first pass */
	int page;              /* the page being drawn */
	size_t kept_bytes;     /* text of the layouts kept between passes */
	struct pdf_emoji *emoji; /* cache of rasterised emoji */
	size_t nemoji, capemoji;
	void *emoji_objects;   /* the emoji font for emoji objects (draw.c) */
	void *color_fonts;     /* cache: PangoFont* -> is colour (draw.c) */
	struct pdf_math *math; /* typeset formulas (math.c) */
	struct pdf_legend *legend; /* legend box, callouts, index (legend.c) */
	GHashTable *images;    /* decoded pictures by real path (image.c) */
} pdf_ctx;

/* alloc.c-like helpers (pdf.c) */
void *pdf_xmalloc(size_t n);
void *pdf_xrealloc(void *p, size_t n);
char *pdf_xstrndup(const char *s, size_t n);

/* build.c */
void pdf_build(pdf_ctx *P);
void pdf_block_free(pdf_block *b);
/* A block zeroed, without destination or target, aligned left. */
void pdf_block_init(pdf_block *b, int kind, int style, const pcv_node *node);
/* A new block so made at the end of P->blocks. */
pdf_block *pdf_block_add(pdf_ctx *P, int kind, int style, const pcv_node *node);
/* Adds a to *list over [start, end); destroys it when that is empty. */
void pdf_attr_add(PangoAttrList **list, PangoAttribute *a, size_t start, size_t end);
int pdf_anchor_find(pdf_ctx *P, const char *name);
PangoAttribute *pdf_attr_link_new(int link);
int pdf_attr_link_value(const PangoAttribute *a);
PangoAttrType pdf_attr_link_type(void);

/* layout.c */
PangoLayout *pdf_layout_new(pdf_ctx *P, const pdf_block *b, double width);
/* Lays out the blocks; draws only when draw is non-zero.  Returns the
 * number of pages. */
int pdf_paginate(pdf_ctx *P, int draw);

/* draw.c */
/* Draws one laid-out line with its baseline at (x, baseline): runs, code
 * backgrounds, strike-through, links, colour emoji. */
void pdf_draw_line(pdf_ctx *P, PangoLayout *lay, PangoLayoutLine *line, double x, double baseline);
/* The attribute that makes the one U+FFFC it goes over stand for the
 * emoji sequence text[0, len) at the size of style's font, drawn in
 * colour; NULL when the emoji font has no picture for the sequence (or
 * there is none). */
PangoAttribute *pdf_emoji_attr(pdf_ctx *P, const char *text, size_t len, int style);
/* The emoji sequence an attribute of pdf_emoji_attr stands for, or NULL. */
const char *pdf_emoji_text(pdf_ctx *P, const PangoAttribute *a);
/* A named destination ("d3", "f1", "r1") at a point. */
void pdf_draw_dest(pdf_ctx *P, const char *name, double x, double y);
void pdf_link_begin(pdf_ctx *P, int link);
void pdf_link_dest_begin(pdf_ctx *P, const char *dest);
void pdf_link_end(pdf_ctx *P);
/* Header (title, section; skipped when header is 0) and footer "3 / 17". */
void pdf_draw_furniture(pdf_ctx *P, int page, int header, const char *section);
/* A plain layout of text in a style (markers, furniture), ellipsized at
 * width points when width > 0; caller unrefs. */
PangoLayout *pdf_simple_layout(pdf_ctx *P, int style, const char *text, double width);
/* Marks a layout as one of style's (pdf_layout_new and pdf_simple_layout
 * do): the helpers below then measure and show it in points. */
void pdf_layout_tag(pdf_ctx *P, PangoLayout *lay, int style);
/* Marks a layout as drawn at scale *k, which must outlive it. */
void pdf_layout_set_scale(PangoLayout *lay, const double *k);
/* The scale a layout is drawn at: its style's kscale, 1 when untagged. */
double pdf_layout_scale(PangoLayout *lay);
/* pango_layout_get_extents and pango_layout_get_baseline, in pango units
 * of points (the layout's units times its scale). */
void pdf_layout_extents(PangoLayout *lay, PangoRectangle *ink, PangoRectangle *log);
int pdf_layout_baseline(PangoLayout *lay);
/* Enters lay's units with (*x, *y) as the origin: when lay is scaled,
 * cairo's state is saved and scaled and (*x, *y) become (0, 0).  Returns
 * the scale, for pdf_layout_leave, which restores the state. */
double pdf_layout_enter(cairo_t *cr, PangoLayout *lay, double *x, double *y);
void pdf_layout_leave(cairo_t *cr, double k);
/* pango_cairo_show_layout at the current point, scaled. */
void pdf_show_layout(pdf_ctx *P, PangoLayout *lay);
/* Frees the drawing's caches and the blocks' quote rules (P->barsets). */
void pdf_draw_free(pdf_ctx *P);

/* legend.c: after pdf_build(), the legend box, the callouts and the index
 * (nothing without the metadata legend-used). */
void pdf_legend_build(pdf_ctx *P);
/* Extra right inset of a block's text (the legend box's padding). */
double pdf_legend_inset(const pdf_ctx *P, const pdf_block *b);
/* For a run of lines of text block b from top to bottom, drawn at column
 * edge x0 after a gap: the legend box's frame, or a callout's rule and (at
 * its first line, whose baseline is given) marker in the margin. */
void pdf_legend_draw(pdf_ctx *P, const pdf_block *b, double x0, double top, double bottom,
                     double gap, int first, double baseline);
void pdf_legend_free(pdf_ctx *P);
char *pdf_escape_attr(const char *s);

/* Groups holding one picture, for its second and later paintings on a
 * page.  cairo 1.16 lists an image twice in a page's resources when it is
 * painted twice on the page, which qpdf rightly flags; a group (a form
 * XObject) lists it in its own resources.  The groups are shared across
 * pages like the picture: as many as its most paintings on one page. */
typedef struct pdf_groups {
	cairo_surface_t **v;
	size_t n, cap;
	size_t used; /* on the current page: the caller zeroes it at a new one */
} pdf_groups;
/* The page's next group holding img, painted scaled by 1/scale. */
cairo_surface_t *pdf_groups_next(pdf_groups *g, cairo_surface_t *img, double scale);
void pdf_groups_free(pdf_groups *g);

/* image.c */
pdf_image *pdf_image_load(pdf_ctx *P, const pcv_node *node, const char *url);
/* Natural size in points; 0x0 for a missing image. */
void pdf_image_size(const pdf_image *img, double *w, double *h);
int pdf_image_ok(const pdf_image *img);
void pdf_image_draw(pdf_ctx *P, const pdf_image *img, double x, double y, double w, double h);
void pdf_image_free(pdf_image *img);

/* hyph.c */
pdf_hyph *pdf_hyph_open(pdf_ctx *P, const char *lang);
/* Appends word-by-word hyphenated text to *buf (soft hyphens inserted). */
void pdf_hyph_text(pdf_hyph *h, const char *s, size_t n, char **buf, size_t *len, size_t *cap);
void pdf_hyph_close(pdf_hyph *h);

/* fonts.c: narrows fontconfig to the handout's fonts when they cover the
 * document (call before the font map is made); 1 when it did. */
int pdf_fonts_narrow(pdf_ctx *P);
/* After a narrowing, spares pango's font searches the fallback families
 * no font of the narrowed configuration belongs to. */
void pdf_fonts_trim(PangoFontMap *fontmap);
/* The font fontconfig matches for family, its rules applied (pango's first
 * choice for it), for a face of the writer's own: without a pango font,
 * no fontset, sort or metrics.  Returns the match (caller destroys it) or
 * NULL; *face is its HarfBuzz face, or NULL when it cannot be read. */
FcPattern *pdf_fonts_match(const char *family, hb_face_t **face);
/* Whether the font of style has superscript figures (the OpenType
 * feature sups), which footnote marks then use. */
int pdf_fonts_sups(pdf_ctx *P, int style);

#endif
