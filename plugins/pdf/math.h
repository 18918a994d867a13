/*
 * math.h -- typeset math for the pdf writer (math.c).
 *
 * The math filter's trees (children of INLINE_MATH and DISPLAY_MATH) are
 * laid out with the OpenType MATH table of a math font (Latin Modern Math
 * by default, pdf.math-font) read through HarfBuzz, and drawn with cairo.
 * A laid-out formula is an inline object of pango's: build.c puts U+FFFC
 * with the shape attribute made here into a paragraph's text, pango breaks
 * lines around it, and draw.c hands the shape back to pdf_math_draw().
 */
#ifndef PDF_MATH_H
#define PDF_MATH_H

#include "pdf.h"

typedef struct pdf_math pdf_math;

/*
 * Inline math: lays out the formula of node n (INLINE_MATH, or DISPLAY_MATH
 * met inside a paragraph or table cell) for a layout of text style `style`
 * (pdf.h), in its units, at the size of its font (whose ascent and descent
 * the objects cover at least), in text style (display style when the node
 * is display math or has display=true), and appends to *attrs one shape
 * attribute per piece: a formula breaks after its top-level relations and
 * binary operators, as in TeX.  `avail` is the line width in points; a
 * piece wider than it, or taller than most of a page, is scaled down with
 * a warning.
 * Returns the number of pieces written to attrs (at most max), 0 when the
 * formula was not parsed or no math font is available: show its TeX then.
 * The attributes' indexes are left for the caller to set.
 */
int pdf_math_inline(pdf_ctx *P, const pcv_node *n, int style, double avail,
                    PangoAttribute **attrs, int max);

/*
 * Display math: lays out the formula of a DISPLAY_MATH node in display
 * style at the body size, centred in `avail` points, its \tag at the right;
 * scaled down (with a warning) when wider than avail.  Returns the shape
 * attribute of one object as wide as needed, or NULL when the TeX must be
 * shown instead.
 */
PangoAttribute *pdf_math_display(pdf_ctx *P, const pcv_node *n, double avail);

/* Whether a pango attribute is one of the math shapes made here. */
int pdf_math_is_shape(const PangoAttribute *a);

/* Draws the formula piece of a shape attribute with its baseline at
 * (x, baseline). */
void pdf_math_draw(pdf_ctx *P, const PangoAttribute *shape, double x, double baseline);

/* The linear text (the filter's "text" attribute, else the TeX) of the
 * formula behind a shape attribute, for places that show plain text (the
 * table of contents, the running header).  Empty for all pieces but the
 * first of a formula. */
const char *pdf_math_plain(pdf_ctx *P, const PangoAttribute *shape);

/* Once every formula is made: frees the working storage, and the unused
 * room of what the formulas keep. */
void pdf_math_trim(pdf_ctx *P);

/* Frees everything (after the PDF surface is finished). */
void pdf_math_free(pdf_ctx *P);

#endif
