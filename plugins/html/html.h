/*
 * html.h -- shared between the files of the html writer plugin.
 *
 * html.c   the writer: the walk over the tree, one switch on (type, event),
 *          mirroring libcmark-gfm's HTML renderer byte for byte
 * ids.c    heading ids (GitHub style) and footnote numbering, worked out
 *          in one pass before the walk
 * raw.c    raw HTML: passed through, GFM's tag filter, or sanitised
 * page.c   the standalone page: head, title block, stylesheet
 * legend.c the emoji legend box and the index of tagged blocks
 */
#ifndef PCV_HTML_H
#define PCV_HTML_H

#include <stddef.h>

#include "paissconv.h"
#include "../common/slug.h"

/* What happens to raw HTML (option html.raw). */
enum html_raw_mode {
	HTML_RAW_KEEP,  /* as written */
	HTML_RAW_GFM,   /* GFM's tag filter: <script>, <title>, ... made inert */
	HTML_RAW_SAFE,  /* dangerous elements, on* attributes, script URLs dropped */
	HTML_RAW_DROP   /* left out, as libcmark-gfm does without --unsafe */
};

/* A footnote definition and what the walk needs to know of it. */
typedef struct html_note {
	pcv_node *def;
	const char *label;  /* the label written in ids */
	int number;         /* 1.. in order of first reference; 0: unreferenced */
	int refs;           /* number of references to it */
} html_note;

/* A node the pre-pass gave something to: a heading its id, a footnote
 * reference its definition and its rank among the references to it. */
typedef struct html_mark {
	const pcv_node *node;
	const char *id;     /* heading id (arena), or NULL */
	int note;           /* index in notes[] of a reference's definition, or -1 */
	int ref_ix;         /* 1 for the first reference to that note, 2, ... */
} html_mark;

/* A set of strings, for ids already taken. */
typedef struct html_set {
	char **slots;
	size_t cap, count;
} html_set;

typedef struct html_writer {
	pcv_ctx *ctx;
	pcv_doc *doc;
	pcv_out *out;
	char last;              /* last byte written; 0 when none yet */
	int raw;                /* enum html_raw_mode */
	int heading_ids;
	int math_mathml;        /* write MathML for parsed math */
	const pcv_node *plain;  /* image whose alt text is being written */
	const pcv_node *title_heading; /* first heading, written as the page title */
	int mathjax;            /* standalone: load MathJax for the TeX */

	html_note *notes;       /* in number order after ids.c is done */
	size_t nnotes;
	html_mark *marks;       /* sorted by node address */
	size_t nmarks, capmarks;
	html_set ids;
	pcvc_suffixes id_suffixes; /* where each heading slug's search resumes */

	/* raw.c: state of the sanitiser, which may span several raw nodes */
	char drop[16];          /* element whose content is being dropped, or "" */
	int warned_raw;

	struct html_legend *legend; /* legend.c: NULL without a legend used */
} html_writer;

void *html_xmalloc(size_t size);
void *html_xrealloc(void *p, size_t size);

/* Output.  Every byte goes through html_put so that html_cr() knows the
 * last one. */
void html_put(html_writer *w, const char *s, size_t len);
void html_puts(html_writer *w, const char *s);
/* A newline unless the output is empty or already ends with one. */
void html_cr(html_writer *w);
/* Text with & < > " escaped, as libcmark-gfm does. */
void html_escape(html_writer *w, const char *s, size_t len);
/* The same for a string (nothing for NULL). */
void html_escape_str(html_writer *w, const char *s);
/* A URL: bytes outside a safe set %-encoded, & and ' as entities. */
void html_escape_href(html_writer *w, const char *s, size_t len);

/* ids.c */
void html_prepare(html_writer *w, pcv_node *root);
const html_mark *html_find_mark(const html_writer *w, const pcv_node *node);
void html_cleanup(html_writer *w);
int html_set_add(html_set *set, const char *s);
int html_set_has(const html_set *set, const char *s);

/* raw.c */
void html_raw(html_writer *w, const pcv_node *node, const char *s, size_t len);
/* Whether the sanitiser is inside an element whose content it drops. */
int html_raw_dropping(const html_writer *w);
void html_raw_end_block(html_writer *w);
/* Adds the ids (and <a name>s) the raw HTML s[0..len) defines to ids. */
void html_raw_ids(html_set *ids, const char *s, size_t len);
/* Whether url may be written as a link in safe mode. */
int html_url_safe(const char *url, int image);

/* page.c */
void html_page_begin(html_writer *w);
void html_page_end(html_writer *w);

/* legend.c: after html_prepare(), reads the legend used and, with
 * html.index, gives the indexed blocks ids; the rest write nothing when
 * the document has no legend. */
void html_legend_prepare(html_writer *w);
/* The id the index gave node, or NULL. */
const char *html_legend_id(const html_writer *w, const pcv_node *node);
void html_legend_style(html_writer *w);
void html_legend_box(html_writer *w);
void html_legend_index(html_writer *w);
void html_legend_free(html_writer *w);

/* html.c: the fragment for the subtree at root. */
void html_render(html_writer *w, pcv_node *root);

#endif
