/*
 * markdown.c -- the Markdown reader: CommonMark + GFM through libcmark-gfm.
 *
 * The input is first cleaned (invalid UTF-8 and NUL bytes become U+FFFD,
 * each with a warning), then parsed by cmark-gfm with the table,
 * strikethrough, autolink and tasklist extensions and footnotes, and cmark's
 * tree is mapped node by node onto the document tree with cmark's iterator.
 * Positions count in the whole text: lines of a front matter block are
 * added back, and columns are mapped back to the uncleaned input.
 */
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "markdown.h"

/* The cmark-gfm extensions the reader can use, all on by default. */
static const char *const markdown_extensions[] = {"table", "strikethrough", "autolink", "tasklist"};
#define MARKDOWN_EXTENSIONS "table,strikethrough,autolink,tasklist,footnotes"

/* From this input size on, the memory cmark used is given back at once. */
#define MARKDOWN_TRIM_INPUT (1024 * 1024)

/* At most this many input-quality warnings are reported one by one. */
#define MARKDOWN_MAX_WARNINGS 20

/* ------------------------------------------------------------------ */
/* Scratch memory                                                      */
/* ------------------------------------------------------------------ */

size_t markdown_free_controls(const unsigned char seen[256], unsigned char avoid,
                              unsigned char *out, size_t n)
{
	size_t k = 0;

	for (int c = 0x01; c < 0x20 && k < n; c++)
		if (c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != avoid &&
		    !seen[c])
			out[k++] = (unsigned char)c;
	return k;
}

void *markdown_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fputs("paissconv: markdown: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *markdown_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: markdown: out of memory\n", stderr);
		abort();
	}
	return p;
}

void markdown_buf_add(markdown_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = markdown_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void markdown_buf_free(markdown_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Input cleaning                                                      */
/* ------------------------------------------------------------------ */

/* Where cleaning changed a line's length: from byte column `column` of
 * the cleaned line on, columns of the input are `delta` less, summed. */
typedef struct markdown_fix {
	unsigned line;
	unsigned column;  /* in the cleaned text */
	long delta;       /* cumulated over the line up to and with this fix */
} markdown_fix;

typedef struct markdown_clean {
	markdown_buf text;
	markdown_fix *fixes;
	size_t nfixes, capfixes;
	size_t warnings;
} markdown_clean;

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when the
 * bytes there are not one; *bad gets the length of the maximal invalid
 * prefix to replace. */
static size_t markdown_utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
	size_t need, i;
	unsigned char lo = 0x80, hi = 0xBF;

	*bad = 1;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (i = 1; i < need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need;
}

static void markdown_clean_fix(markdown_clean *c, unsigned line, unsigned column, long delta)
{
	if (c->nfixes == c->capfixes) {
		c->capfixes = c->capfixes ? 2 * c->capfixes : 16;
		c->fixes = markdown_xrealloc(c->fixes, c->capfixes * sizeof *c->fixes);
	}
	if (c->nfixes && c->fixes[c->nfixes - 1].line == line)
		delta += c->fixes[c->nfixes - 1].delta;
	c->fixes[c->nfixes].line = line;
	c->fixes[c->nfixes].column = column;
	c->fixes[c->nfixes].delta = delta;
	c->nfixes++;
}

/* Copies text into c->text, replacing NUL bytes and invalid UTF-8 with
 * U+FFFD and warning at each (line:column of the input). */
static void markdown_clean_text(pcv_ctx *ctx, pcv_doc *doc, markdown_clean *c, const char *text,
                                size_t len)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run = 0, line_start = 0;
	long line_delta;
	unsigned line = 1;

	c->text.cap = len + len / 8 + 16;
	c->text.data = markdown_xmalloc(c->text.cap);
	c->text.len = 0;
	while (i < len) {
		size_t good, bad;
		unsigned column;
		const char *what;

		if (s[i] == '\n' || s[i] == '\r') {
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			i++;
			line++;
			line_start = i;
			continue;
		}
		if (s[i] != 0) {
			good = markdown_utf8_len(s + i, len - i, &bad);
			if (good) {
				i += good;
				continue;
			}
			what = "invalid UTF-8";
		} else {
			bad = 1;
			what = "NUL byte";
		}
		/* copy the good run before, then the replacement */
		markdown_buf_add(&c->text, text + run, i - run);
		column = (unsigned)(i - line_start + 1);
		if (c->warnings++ < MARKDOWN_MAX_WARNINGS)
			pcv_report_at(ctx, PCV_WARNING, doc, line, column, "%s replaced by U+FFFD", what);
		markdown_buf_add(&c->text, fffd, 3);
		/* cleaned columns from the byte after the replacement on are
		 * 3 - bad further right than the input's */
		line_delta = c->nfixes && c->fixes[c->nfixes - 1].line == line ?
		                     c->fixes[c->nfixes - 1].delta : 0;
		markdown_clean_fix(c, line, (unsigned)(column + line_delta + 3), 3 - (long)bad);
		i += bad;
		run = i;
	}
	markdown_buf_add(&c->text, text + run, len - run);
	if (c->warnings > MARKDOWN_MAX_WARNINGS)
		pcv_report_at(ctx, PCV_WARNING, doc, 0, 0,
		              "%zu more NUL bytes or invalid UTF-8 sequences replaced by U+FFFD",
		              c->warnings - MARKDOWN_MAX_WARNINGS);
}

/* The input column of cleaned column `column` on line `line`. */
static unsigned markdown_input_column(const markdown_clean *c, unsigned line, unsigned column)
{
	size_t lo = 0, hi = c->nfixes;

	if (!c->nfixes || column == 0)
		return column;
	/* the last fix with (line, column) <= the position */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const markdown_fix *f = &c->fixes[mid];

		if (f->line < line || (f->line == line && f->column <= column))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || c->fixes[lo - 1].line != line)
		return column;
	if ((long)column <= c->fixes[lo - 1].delta)
		return 1;
	return (unsigned)((long)column - c->fixes[lo - 1].delta);
}

/* ------------------------------------------------------------------ */
/* cmark tree -> document tree                                         */
/* ------------------------------------------------------------------ */

/*
 * A container entered.  It is added to its parent only when it is left:
 * a node not yet in the tree makes each append under it cost O(1) (the
 * tree's cycle check walks the ancestors of the parent), so a 100000-deep
 * document is built in linear time.
 */
typedef struct markdown_frame {
	cmark_node *cnode;  /* the cmark node entered */
	pcv_node *parent;   /* where its children go */
	pcv_node *attach;   /* where `parent` goes when left; NULL: nowhere */
} markdown_frame;

typedef struct markdown_conv {
	pcv_ctx *ctx;
	pcv_doc *doc;
	markdown_clean *clean;
	markdown_math_state *math;  /* NULL: math is off */
	const markdown_guard *guard; /* the raw HTML masks to put back */
	unsigned line_offset;   /* lines of the front matter */
	markdown_frame *stack;
	size_t depth, cap;
	/* adjacent TEXT nodes are gathered here and added as one */
	markdown_buf text;
	pcv_node *text_parent;
	unsigned text_line, text_column;
	/* the table being read */
	cmark_node *table;
	uint8_t *aligns;
	unsigned ncols, cell;
	int refused;            /* containments the tree refused */
	/* the text given to cmark, by lines, to read back what cmark's nodes
	 * do not keep (footnote labels, code span openings) */
	const char *src;
	size_t src_len;
	uint32_t *lines;        /* start of each line; lines[0] is line 1 */
	size_t nlines;
	int own_lines;          /* lines is not the math state's */
	/* footnote labels as written, in cmark's numbering */
	const char **labels;
	size_t nlabels, ndefs;
} markdown_conv;

/* Indexes the starts of the lines of the text given to cmark (the math
 * state has done it when math is on). */
static void markdown_index_lines(markdown_conv *cv, const char *text, size_t len)
{
	size_t i, cap = 64;

	cv->src = text;
	cv->src_len = len;
	if (cv->math && cv->math->lines) {
		cv->lines = cv->math->lines;
		cv->nlines = cv->math->nlines;
		return;
	}
	cv->own_lines = 1;
	cv->lines = markdown_xmalloc(cap * sizeof *cv->lines);
	cv->lines[0] = 0;
	cv->nlines = 1;
	for (i = 0; i < len; i++) {
		if (text[i] != '\n' && text[i] != '\r')
			continue;
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		if (cv->nlines == cap) {
			cap *= 2;
			cv->lines = markdown_xrealloc(cv->lines, cap * sizeof *cv->lines);
		}
		cv->lines[cv->nlines++] = (uint32_t)(i + 1);
	}
}

/* Line `line` (1-based) of the text given to cmark, without its end;
 * NULL when there is no such line. */
static const char *markdown_line(const markdown_conv *cv, int line, size_t *len)
{
	size_t start, end;

	if (line < 1 || (size_t)line > cv->nlines)
		return NULL;
	start = cv->lines[line - 1];
	end = (size_t)line < cv->nlines ? cv->lines[line] : cv->src_len;
	while (end > start && (cv->src[end - 1] == '\n' || cv->src[end - 1] == '\r'))
		end--;
	*len = end - start;
	return cv->src + start;
}

static pcv_node *markdown_top(markdown_conv *cv)
{
	return cv->stack[cv->depth - 1].parent;
}

static void markdown_push(markdown_conv *cv, cmark_node *cnode, pcv_node *parent,
                          pcv_node *attach)
{
	if (cv->depth == cv->cap) {
		cv->cap = cv->cap ? 2 * cv->cap : 64;
		cv->stack = markdown_xrealloc(cv->stack, cv->cap * sizeof *cv->stack);
	}
	cv->stack[cv->depth].cnode = cnode;
	cv->stack[cv->depth].parent = parent;
	cv->stack[cv->depth].attach = attach;
	cv->depth++;
}

/* A copy of s in the arena, as it reads in the source. */
static char *markdown_copy(markdown_conv *cv, const char *s, size_t len, int unescape)
{
	char *p = pcv_doc_alloc(cv->doc, len + 1);

	memcpy(p, s, len);
	markdown_guard_restore(cv->guard, p, len);
	if (cv->math)
		len = markdown_math_restore(cv->math, p, len, unescape);
	p[len] = '\0';
	return p;
}

static char *markdown_cstr(markdown_conv *cv, const char *s, int unescape)
{
	return s ? markdown_copy(cv, s, strlen(s), unescape) : NULL;
}

static void markdown_position(markdown_conv *cv, pcv_node *node, cmark_node *cnode)
{
	int line = cmark_node_get_start_line(cnode);
	int column = cmark_node_get_start_column(cnode);

	if (line <= 0)
		return;
	if (column < 0)
		column = 0;
	pcv_node_set_position(node, (unsigned)line + cv->line_offset,
	                      markdown_input_column(cv->clean, (unsigned)line, (unsigned)column));
}

static void markdown_flush_text(markdown_conv *cv)
{
	pcv_node *node;

	if (!cv->text_parent)
		return;
	node = pcv_node_new(cv->doc, PCV_NODE_TEXT);
	pcv_node_set_literal_len(node, cv->text.data, cv->text.len);
	pcv_node_set_position(node, cv->text_line, cv->text_column);
	if (!pcv_node_append_child(cv->text_parent, node))
		cv->refused++;
	cv->text_parent = NULL;
	cv->text.len = 0;
}

static void markdown_add_text(markdown_conv *cv, cmark_node *cnode)
{
	const char *lit = cmark_node_get_literal(cnode);
	const markdown_math *rec = cv->math ? markdown_math_node(cv->math, cnode) : NULL;
	pcv_node *parent = markdown_top(cv);
	size_t start;

	if (!lit)
		return;
	if (cv->text_parent != parent) {
		markdown_flush_text(cv);
		cv->text_parent = parent;
		cv->text_line = cv->text_column = 0;
	}
	start = cv->text.len;
	markdown_buf_add(&cv->text, lit, strlen(lit));
	markdown_guard_restore(cv->guard, cv->text.data + start, cv->text.len - start);
	if (cv->math)
		cv->text.len = start + markdown_math_restore(cv->math, cv->text.data + start,
		                                             cv->text.len - start, 0);
	if (!cv->text_line && rec && rec->line) {
		cv->text_line = rec->line + cv->line_offset;
		cv->text_column = markdown_input_column(cv->clean, rec->line, rec->column);
	}
	if (!cv->text_line && cmark_node_get_start_line(cnode) > 0) {
		int line = cmark_node_get_start_line(cnode);
		int column = cmark_node_get_start_column(cnode);

		cv->text_line = (unsigned)line + cv->line_offset;
		cv->text_column = markdown_input_column(cv->clean, (unsigned)line,
		                                        column > 0 ? (unsigned)column : 0);
	}
}

/* Adds a leaf under the current parent. */
static void markdown_add_leaf(markdown_conv *cv, pcv_node *node)
{
	if (!pcv_node_append_child(markdown_top(cv), node))
		cv->refused++;
}

/* Enters a container: node goes under the current parent when left; when
 * the tree would refuse it there, its children go to the current parent
 * instead. */
static void markdown_enter(markdown_conv *cv, cmark_node *cnode, pcv_node *node)
{
	pcv_node *parent = markdown_top(cv);

	if (node && pcv_node_can_contain(pcv_node_type(parent), pcv_node_type(node))) {
		markdown_push(cv, cnode, node, parent);
		return;
	}
	if (node)
		cv->refused++;
	markdown_push(cv, cnode, parent, NULL);
}

static void markdown_leave(markdown_conv *cv)
{
	markdown_frame *f = &cv->stack[--cv->depth];

	if (f->attach && !pcv_node_append_child(f->attach, f->parent))
		cv->refused++;
}

static int markdown_is_leaf(cmark_node *cnode)
{
	switch (cmark_node_get_type(cnode)) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_TEXT:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		return 1;
	default:
		return 0;
	}
}

static pcv_node *markdown_new_literal(markdown_conv *cv, int type, const char *lit)
{
	pcv_node *node = pcv_node_new(cv->doc, type);

	if (lit) {
		size_t len = strlen(lit);
		char *copy = markdown_copy(cv, lit, len, 0);

		pcv_node_set_literal(node, copy);
	}
	return node;
}

static pcv_align markdown_align(uint8_t a)
{
	switch (a) {
	case 'l':
		return PCV_ALIGN_LEFT;
	case 'c':
		return PCV_ALIGN_CENTER;
	case 'r':
		return PCV_ALIGN_RIGHT;
	default:
		return PCV_ALIGN_NONE;
	}
}

/* The label of the footnote definition at line:column as written: cmark
 * numbers its footnotes and keeps no label.  NULL when not found. */
static const char *markdown_def_label(markdown_conv *cv, int line, int column)
{
	size_t len, i, start, end;
	const char *s = markdown_line(cv, line, &len);

	if (!s || column < 1)
		return NULL;
	i = (size_t)column - 1 < len ? (size_t)column - 1 : len;
	/* the column is that of "[^" or of the text after "]:" */
	if (i + 1 < len && s[i] == '[' && s[i + 1] == '^') {
		for (end = i + 2; end + 1 < len; end++)
			if (s[end] == ']' && s[end + 1] == ':')
				break;
		if (end + 1 >= len)
			return NULL;
		start = i + 2;
	} else {
		for (end = i; end > 1; end--)
			if (s[end - 2] == ']' && s[end - 1] == ':')
				break;
		if (end <= 1)
			return NULL;
		end -= 2;
		for (start = end; start > 1; start--)
			if (s[start - 2] == '[' && s[start - 1] == '^')
				break;
		if (start <= 1)
			return NULL;
	}
	if (end <= start)
		return NULL;
	return markdown_copy(cv, s + start, end - start, 0);
}

/* cmark moves the footnote definitions that are referenced to the end of
 * the document, in the order of their numbers: read their labels. */
static void markdown_footnote_labels(markdown_conv *cv, cmark_node *croot)
{
	cmark_node *c, *first = NULL;
	size_t n = 0, i = 0;

	for (c = cmark_node_last_child(croot);
	     c && cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION; c = cmark_node_previous(c)) {
		first = c;
		n++;
	}
	if (!n)
		return;
	cv->labels = pcv_doc_alloc(cv->doc, n * sizeof *cv->labels);
	cv->nlabels = n;
	for (c = first; c; c = cmark_node_next(c), i++) {
		const char *label = markdown_def_label(cv, cmark_node_get_start_line(c),
		                                       cmark_node_get_start_column(c));
		char num[32];

		if (!label) {
			snprintf(num, sizeof num, "%zu", i + 1);
			label = pcv_doc_strdup(cv->doc, num);
		}
		cv->labels[i] = label;
	}
}

/* The label of a footnote reference, from cmark's number for it. */
static const char *markdown_ref_label(markdown_conv *cv, const char *num)
{
	char *end;
	unsigned long k;

	if (!num)
		return NULL;
	k = strtoul(num, &end, 10);
	if (*end == '\0' && k >= 1 && k <= cv->nlabels)
		return cv->labels[k - 1];
	return pcv_doc_strdup(cv->doc, num);
}

/* Code spans: cmark gives the column of the code; the node starts at the
 * opening backticks. */
static void markdown_code_position(markdown_conv *cv, pcv_node *node)
{
	unsigned line = pcv_node_line(node), column = pcv_node_column(node);
	size_t len, i;
	const char *s;

	if (!line || line <= cv->line_offset || column < 2)
		return;
	s = markdown_line(cv, (int)(line - cv->line_offset), &len);
	if (!s)
		return;
	i = column - 1;
	if (i > len)
		return;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	if (i == 0 || s[i - 1] != '`')
		return;
	while (i > 0 && s[i - 1] == '`')
		i--;
	pcv_node_set_position(node, line, (unsigned)i + 1);
}

/* Nodes of the cmark-gfm extensions, told apart by their type strings
 * (the extensions' node type numbers are not in the public headers). */
static pcv_node *markdown_map_extension(markdown_conv *cv, cmark_node *cnode)
{
	const char *s = cmark_node_get_type_string(cnode);
	pcv_node *node;

	if (!s)
		return NULL;
	if (strcmp(s, "table") == 0) {
		cv->ncols = cmark_gfm_extensions_get_table_columns(cnode);
		cv->aligns = cmark_gfm_extensions_get_table_alignments(cnode);
		cv->table = cnode;
		return pcv_node_new(cv->doc, PCV_NODE_TABLE);
	}
	if (strcmp(s, "table_row") == 0 || strcmp(s, "table_header") == 0) {
		node = pcv_node_new(cv->doc, PCV_NODE_TABLE_ROW);
		pcv_node_set_header(node, cmark_gfm_extensions_get_table_row_is_header(cnode));
		cv->cell = 0;
		return node;
	}
	if (strcmp(s, "table_cell") == 0) {
		node = pcv_node_new(cv->doc, PCV_NODE_TABLE_CELL);
		if (cv->aligns && cv->cell < cv->ncols)
			pcv_node_set_align(node, markdown_align(cv->aligns[cv->cell]));
		cv->cell++;
		return node;
	}
	if (strcmp(s, "strikethrough") == 0)
		return pcv_node_new(cv->doc, PCV_NODE_STRIKETHROUGH);
	return NULL;
}

/* The document node for cnode, or NULL when its children simply go to the
 * current parent (an unknown cmark type). */
static pcv_node *markdown_map(markdown_conv *cv, cmark_node *cnode)
{
	cmark_node_type t = cmark_node_get_type(cnode);
	const markdown_math *m;
	pcv_node *node;
	const char *s;

	/* math spans come from the math extension as CODE nodes */
	if (cv->math && (m = markdown_math_node(cv->math, cnode)) != NULL && m->math &&
	    t == CMARK_NODE_CODE) {
		node = pcv_node_new(cv->doc, PCV_NODE_INLINE_MATH);
		pcv_node_set_literal_len(node, cv->math->texts.data + m->tex, m->tex_len);
		if (m->display)
			pcv_node_set_attr(node, "display", "true");
		if (m->line)
			pcv_node_set_position(node, m->line + cv->line_offset,
			                      markdown_input_column(cv->clean, m->line, m->column));
		return node;
	}

	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		return pcv_node_new(cv->doc, PCV_NODE_BLOCK_QUOTE);
	case CMARK_NODE_LIST:
		node = pcv_node_new(cv->doc, PCV_NODE_LIST);
		if (cmark_node_get_list_type(cnode) == CMARK_ORDERED_LIST) {
			pcv_node_set_list_type(node, PCV_LIST_ORDERED);
			pcv_node_set_list_start(node, cmark_node_get_list_start(cnode));
			pcv_node_set_list_delim(node, cmark_node_get_list_delim(cnode) == CMARK_PAREN_DELIM ?
			                                      ')' : '.');
		} else
			pcv_node_set_list_type(node, PCV_LIST_BULLET);
		pcv_node_set_list_tight(node, cmark_node_get_list_tight(cnode));
		return node;
	case CMARK_NODE_ITEM:
		node = pcv_node_new(cv->doc, PCV_NODE_ITEM);
		s = cmark_node_get_type_string(cnode);
		if (s && strcmp(s, "tasklist") == 0)
			pcv_node_set_task(node, cmark_gfm_extensions_get_tasklist_item_checked(cnode) ?
			                                PCV_TASK_DONE : PCV_TASK_OPEN);
		return node;
	case CMARK_NODE_CODE_BLOCK:
		node = markdown_new_literal(cv, PCV_NODE_CODE_BLOCK, cmark_node_get_literal(cnode));
		s = cmark_node_get_fence_info(cnode);
		if (s && *s)
			pcv_node_set_info(node, markdown_cstr(cv, s, 1));
		return node;
	case CMARK_NODE_HTML_BLOCK:
		node = markdown_new_literal(cv, PCV_NODE_RAW_BLOCK, cmark_node_get_literal(cnode));
		pcv_node_set_info(node, "html");
		return node;
	case CMARK_NODE_PARAGRAPH:
		return pcv_node_new(cv->doc, PCV_NODE_PARAGRAPH);
	case CMARK_NODE_HEADING:
		node = pcv_node_new(cv->doc, PCV_NODE_HEADING);
		pcv_node_set_heading_level(node, cmark_node_get_heading_level(cnode));
		return node;
	case CMARK_NODE_THEMATIC_BREAK:
		return pcv_node_new(cv->doc, PCV_NODE_THEMATIC_BREAK);
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		node = pcv_node_new(cv->doc, PCV_NODE_FOOTNOTE_DEF);
		if (cv->ndefs < cv->nlabels)
			pcv_node_set_label(node, cv->labels[cv->ndefs]);
		cv->ndefs++;
		return node;
	case CMARK_NODE_SOFTBREAK:
		return pcv_node_new(cv->doc, PCV_NODE_SOFTBREAK);
	case CMARK_NODE_LINEBREAK:
		return pcv_node_new(cv->doc, PCV_NODE_LINEBREAK);
	case CMARK_NODE_CODE:
		return markdown_new_literal(cv, PCV_NODE_CODE, cmark_node_get_literal(cnode));
	case CMARK_NODE_HTML_INLINE:
		node = markdown_new_literal(cv, PCV_NODE_RAW_INLINE, cmark_node_get_literal(cnode));
		pcv_node_set_info(node, "html");
		return node;
	case CMARK_NODE_EMPH:
		return pcv_node_new(cv->doc, PCV_NODE_EMPH);
	case CMARK_NODE_STRONG:
		return pcv_node_new(cv->doc, PCV_NODE_STRONG);
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		node = pcv_node_new(cv->doc, t == CMARK_NODE_LINK ? PCV_NODE_LINK : PCV_NODE_IMAGE);
		pcv_node_set_url(node, markdown_cstr(cv, cmark_node_get_url(cnode), 1));
		s = cmark_node_get_title(cnode);
		if (s && *s)
			pcv_node_set_title(node, markdown_cstr(cv, s, 1));
		return node;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		node = pcv_node_new(cv->doc, PCV_NODE_FOOTNOTE_REF);
		pcv_node_set_label(node, markdown_ref_label(cv, cmark_node_get_literal(cnode)));
		return node;
	default:
		return markdown_map_extension(cv, cnode);
	}
}

/* Walks the subtree of one top-level block of cmark's tree with cmark's
 * iterator and builds the document's. */
static void markdown_convert_block(markdown_conv *cv, cmark_node *block)
{
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cnode = cmark_iter_get_node(it);
		pcv_node *node;

		if (ev == CMARK_EVENT_EXIT) {
			if (cv->depth > 1 && cv->stack[cv->depth - 1].cnode == cnode) {
				markdown_flush_text(cv);
				markdown_leave(cv);
			}
			if (cv->aligns && cv->table == cnode) {
				cv->aligns = NULL;
				cv->ncols = 0;
			}
			continue;
		}
		if (cmark_node_get_type(cnode) == CMARK_NODE_TEXT) {
			markdown_add_text(cv, cnode);
			continue;
		}
		markdown_flush_text(cv);
		node = markdown_map(cv, cnode);
		if (node) {
			markdown_position(cv, node, cnode);
			if (pcv_node_type(node) == PCV_NODE_CODE)
				markdown_code_position(cv, node);
		}
		if (markdown_is_leaf(cnode)) {
			if (node)
				markdown_add_leaf(cv, node);
		} else
			markdown_enter(cv, cnode, node);
	}
	cmark_iter_free(it);
}

/* Builds the document's tree from cmark's, freeing each top-level block
 * of cmark's once it is mapped: the two trees are never whole together. */
static void markdown_convert(markdown_conv *cv, cmark_node *croot)
{
	cmark_node *block, *next;

	markdown_footnote_labels(cv, croot);
	markdown_push(cv, croot, pcv_doc_root(cv->doc), NULL);
	pcv_node_set_position(pcv_doc_root(cv->doc), 1, 1);
	for (block = cmark_node_first_child(croot); block; block = next) {
		next = cmark_node_next(block);
		markdown_convert_block(cv, block);
		markdown_flush_text(cv);
		cmark_node_free(block);
	}
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

static int markdown_attach(cmark_parser *parser, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);

	return ext && cmark_parser_attach_syntax_extension(parser, ext);
}

/* Whether `name` is in the comma- or space-separated list. */
static int markdown_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list && *list) {
		size_t w = strcspn(list, ", ");

		if (w == n && strncmp(list, name, n) == 0)
			return 1;
		list += w;
		list += strspn(list, ", ");
	}
	return 0;
}

static int markdown_read(pcv_ctx *ctx, pcv_doc *doc, const char *text, size_t len, void *data)
{
	markdown_clean clean = {0};
	markdown_math_state math;
	markdown_conv cv = {0};
	markdown_guard guard;
	const char *src;
	size_t src_len;
	cmark_parser *parser;
	cmark_node *croot;
	size_t i, skip;
	unsigned fm_lines = 0;
	const char *exts;
	int table = 1;

	(void)data;
	if (len > INT32_MAX / 2) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "markdown: input of %zu bytes is too large", len);
		return 1;
	}
	markdown_clean_text(ctx, doc, &clean, text, len);
	markdown_math_init(&math, ctx, doc, pcv_option_bool(ctx, "markdown.math"));
	skip = markdown_front_matter(ctx, doc, clean.text.data, clean.text.len, &fm_lines);
	if (math.enabled)
		markdown_math_prepare(&math, clean.text.data + skip, clean.text.len - skip);
	markdown_guard_html(&guard, clean.text.data + skip, clean.text.len - skip, math.mark);
	math.guard = &guard;
	for (i = 0; i < MARKDOWN_GUARD_KINDS; i++)
		if (guard.over[i])
			pcv_report_at(ctx, PCV_WARNING, doc, guard.over_line[i] + fm_lines, 1,
			              "raw HTML: %zu '%s' in one block of lines (more than %d): read "
			              "as text",
			              guard.over[i], markdown_guard_opener((int)i),
			              MARKDOWN_HTML_MAX_OPENERS);

	cmark_gfm_core_extensions_ensure_registered();
	exts = pcv_option_string(ctx, "markdown.extensions");
	if (!exts)
		exts = MARKDOWN_EXTENSIONS;
	parser = cmark_parser_new(CMARK_OPT_UNSAFE |
	                          (markdown_listed(exts, "footnotes") ? CMARK_OPT_FOOTNOTES : 0));
	if (!parser) {
		fputs("paissconv: markdown: out of memory\n", stderr);
		abort();
	}
	if (markdown_listed(exts, "table")) {
		unsigned wide_line;
		size_t cells;

		if (markdown_table_too_wide(clean.text.data + skip, clean.text.len - skip, &wide_line,
		                            &cells)) {
			pcv_report_at(ctx, PCV_WARNING, doc, wide_line + fm_lines, 1,
			              "a table row of %zu cells (more than %d): the document's tables "
			              "are read as text",
			              cells, MARKDOWN_TABLE_MAX_CELLS);
			table = 0;
		}
	}
	for (i = 0; i < sizeof markdown_extensions / sizeof *markdown_extensions; i++)
		if ((table || strcmp(markdown_extensions[i], "table") != 0) &&
		    markdown_listed(exts, markdown_extensions[i]) &&
		    !markdown_attach(parser, markdown_extensions[i]))
			pcv_report(ctx, PCV_WARNING, NULL, 0, 0,
			           "markdown: the cmark-gfm extension '%s' is not available",
			           markdown_extensions[i]);
	if (math.enabled && !markdown_math_attach(&math, parser))
		math.enabled = 0;
	cmark_parser_feed(parser, clean.text.data + skip, clean.text.len - skip);
	src = clean.text.data;
	src_len = clean.text.len;
	if (!clean.nfixes) {
		/* cmark has its copy: the input, the same text but for the
		 * marks, stands for the cleaned one from now on */
		src = text;
		if (math.enabled)
			markdown_math_rebase(&math, src + skip);
		markdown_buf_free(&clean.text);
	}
	croot = cmark_parser_finish(parser);

	cv.ctx = ctx;
	cv.doc = doc;
	cv.guard = &guard;
	cv.clean = &clean;
	cv.math = math.enabled ? &math : NULL;
	cv.line_offset = fm_lines;
	markdown_index_lines(&cv, src + skip, src_len - skip);
	markdown_convert(&cv, croot);
	if (cv.refused)
		pcv_report(ctx, PCV_DEBUG, NULL, 0, 0,
		           "markdown: %d node(s) the document tree refused were flattened", cv.refused);
	if (cv.math) {
		for (i = 0; i < math.nunclosed; i++) {
			unsigned line = math.unclosed[i].line;

			pcv_report_at(ctx, PCV_WARNING, doc, line + fm_lines,
			              markdown_input_column(&clean, line, math.unclosed[i].column),
			              "unclosed math delimiter '%s' left as text", math.unclosed[i].delim);
		}
		markdown_math_blocks(&math, pcv_doc_root(doc));
	}
	cmark_node_free(croot);
	cmark_parser_free(parser);
	free(cv.stack);
	if (cv.own_lines)
		free(cv.lines);
	markdown_math_free(&math);
	markdown_buf_free(&cv.text);
	markdown_buf_free(&clean.text);
	free(clean.fixes);
#ifdef __GLIBC__
	/* cmark's tree, freed block by block, left holes all over the heap:
	 * give their pages back rather than keep them resident while the
	 * filters and the writer run.  (For a small input they are few, and
	 * the call would cost more than it saves.) */
	if (len >= MARKDOWN_TRIM_INPUT)
		malloc_trim(0);
#endif
	return 0;
}

static const pcv_option markdown_options[] = {
	{"math", PCV_OPT_BOOL, "true",
	 "recognise math: $..$, $$..$$, \\(..\\), \\[..\\] and the doubled \\\\(..\\\\), \\\\[..\\\\]"},
	{"extensions", PCV_OPT_STRING, MARKDOWN_EXTENSIONS,
	 "GFM extensions to use, comma-separated (table, strikethrough, autolink, tasklist, "
	 "footnotes), or none"},
	{NULL, 0, NULL, NULL}
};

static const pcv_reader markdown_reader = {
	sizeof(pcv_reader),
	"markdown",
	"md markdown",
	"CommonMark + GitHub-flavoured Markdown with math and YAML front matter",
	markdown_options,
	markdown_read,
	NULL
};

static int markdown_init(pcv_registry *reg)
{
	return pcv_register_reader(reg, &markdown_reader) ? 0 : 1;
}

PCV_PLUGIN("markdown", "1.0", "Markdown reader (libcmark-gfm)", markdown_init);
