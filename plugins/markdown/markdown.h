/*
 * markdown.h -- shared between the files of the markdown reader plugin.
 *
 * markdown.c  input cleaning, the cmark parse and the cmark -> tree mapping
 * math.c      math spans: a cmark inline extension plus the tree pass that
 *             turns display math alone in a paragraph into a block
 * guard.c     wide tables and unclosed raw HTML, which cmark-gfm would read
 *             in time in the square of their size
 * front.c     YAML front matter -> document metadata
 */
#ifndef PCV_MARKDOWN_H
#define PCV_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>

#include "paissconv.h"

/* A growable byte buffer for scratch work (malloc'd, never fails). */
typedef struct markdown_buf {
	char *data;
	size_t len, cap;
} markdown_buf;

/* Up to n C0 controls that cmark reads as ordinary characters and that
 * seen (bytes of the text) does not hold, other than avoid, into out;
 * how many. */
size_t markdown_free_controls(const unsigned char seen[256], unsigned char avoid,
                              unsigned char *out, size_t n);

void *markdown_xmalloc(size_t size);
void *markdown_xrealloc(void *p, size_t size);
void markdown_buf_add(markdown_buf *b, const char *s, size_t len);
void markdown_buf_free(markdown_buf *b);

/* One math span recognised by the inline extension (math = 1), or a text
 * piece it made where a delimiter was not one (math = 0). */
typedef struct markdown_math {
	const char *open;  /* the opening delimiter as written in the source */
	uint32_t tex;      /* offset of the TeX in the math state's text buffer */
	uint32_t tex_len;  /* (the reader takes inputs below 1 GiB) */
	unsigned line;     /* position of the opening delimiter in the text given */
	unsigned column;   /* to cmark (0: unknown) */
	unsigned char math;
	unsigned char display; /* $$..$$, \[..\], \\[..\\] */
} markdown_math;

/* guard.c: what keeps cmark-gfm 0.29.0.gfm.6 linear (see there). */
#define MARKDOWN_TABLE_MAX_CELLS 128
#define MARKDOWN_GUARD_KINDS 3 /* "<?", "<!" before a letter, "<![CDATA[" */
#define MARKDOWN_HTML_MAX_OPENERS 128

typedef struct markdown_guard {
	/* stand-ins for '?', '!', 'C'; all 0 when nothing is masked */
	unsigned char mark[MARKDOWN_GUARD_KINDS];
	/* a block of more than MARKDOWN_HTML_MAX_OPENERS openers of a kind
	 * left to cmark, all read as text: how many in the first, and its line */
	size_t over[MARKDOWN_GUARD_KINDS];
	unsigned over_line[MARKDOWN_GUARD_KINDS];
} markdown_guard;

/* Whether text holds a table row of more than MARKDOWN_TABLE_MAX_CELLS
 * cells in a block with a line that could be a delimiter row; then *line
 * (1-based) and *cells tell the widest such row. */
int markdown_table_too_wide(const char *text, size_t len, unsigned *line, size_t *cells);
/* Masks in text (what cmark will parse) the raw HTML openers cmark would
 * scan a paragraph for in vain; avoid: a byte not to use (the math mark). */
void markdown_guard_html(markdown_guard *g, char *text, size_t len, unsigned char avoid);
/* The opener of a kind, as the warning names it. */
const char *markdown_guard_opener(int kind);
/* Puts the masked characters back in s (the same length). */
void markdown_guard_restore(const markdown_guard *g, char *s, size_t len);
/* The character c stands for (c itself but for a mask); whether s[0, len)
 * holds a mask. */
unsigned char markdown_guard_orig(const markdown_guard *g, unsigned char c);
int markdown_guard_masks(const markdown_guard *g, const void *s, size_t len);

/* State of the math pass over one input. */
typedef struct markdown_math_state {
	pcv_ctx *ctx;
	pcv_doc *doc;
	int enabled;
	unsigned char mark;      /* byte standing for a '\' before ( ) [ ] (0: none) */
	const markdown_guard *guard; /* the raw HTML masks, put back in the TeX */
	void *ext;               /* the cmark syntax extension */
	const char *src;         /* the text given to cmark, and its line starts */
	size_t src_len;
	unsigned char *marks;    /* when src is the input: where the text given
	                          * to cmark has the mark (a bit a byte) */
	uint32_t *lines;         /* (the reader takes inputs below 1 GiB) */
	size_t nlines;
	markdown_math *spans;
	size_t nspans, cap;
	markdown_buf texts;
	/* unclosed delimiters found by the extension, reported after the
	 * parse with positions mapped to the whole text */
	struct markdown_unclosed {
		unsigned line, column;
		const char *delim;
	} *unclosed;
	size_t nunclosed, capunclosed;
} markdown_math_state;

/*
 * Math, in three steps around the cmark parse:
 *  markdown_math_prepare() marks, in the cleaned text, each '\' or '\\'
 *    that comes before ( ) [ ] with a byte the text does not otherwise hold,
 *    so that cmark's backslash escapes leave them alone and the extension
 *    sees them; markdown_math_restore() undoes it in every string copied out.
 *  markdown_math_attach() adds the inline extension to a parser.
 *  markdown_math_node() tells whether a cmark node is a math span.
 */
void markdown_math_init(markdown_math_state *ms, pcv_ctx *ctx, pcv_doc *doc, int enabled);
void markdown_math_free(markdown_math_state *ms);
void markdown_math_prepare(markdown_math_state *ms, char *text, size_t len);
int markdown_math_attach(markdown_math_state *ms, cmark_parser *parser);
/* After cmark has taken the text: reads it from now on as `input` (the
 * same text before the marks were made) and a bitmap of the marks, so
 * that the caller may free the marked copy. */
void markdown_math_rebase(markdown_math_state *ms, const char *input);
/* The record of a node the extension made, math span or text piece. */
const markdown_math *markdown_math_node(markdown_math_state *ms, cmark_node *node);
/* Undoes the marks of prepare() in s (len bytes) in place: how a literal
 * read back from cmark looks in the source.  Returns the new length. */
size_t markdown_math_restore(const markdown_math_state *ms, char *s, size_t len, int unescape);
/* After the tree is built: display math alone in a paragraph becomes a
 * DISPLAY_MATH block; a paragraph with display math among text is split. */
void markdown_math_blocks(markdown_math_state *ms, pcv_node *root);

/*
 * Front matter: when text begins with a YAML block ("---" line ... "---" or
 * "..." line) that parses, fills the metadata and returns the number of
 * bytes it spans (the closing line included); *lines gets the number of
 * lines.  Returns 0 when there is none or it is invalid (warned).
 */
size_t markdown_front_matter(pcv_ctx *ctx, pcv_doc *doc, const char *text, size_t len,
                             unsigned *lines);

#endif
