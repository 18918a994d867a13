/*
 * math.c -- the math filter: parses the TeX of every INLINE_MATH and
 * DISPLAY_MATH node into a math subtree (children of the node; the TeX
 * literal stays) and gives the node a "text" attribute: a linear Unicode
 * form for plain-text writers, computed when a writer first reads it.  A
 * formula that does not parse is reported at the exact line and column of
 * the fault and left without children, so every writer shows its TeX as
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"

void *math_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p) {
		fputs("paissconv: math: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *math_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: math: out of memory\n", stderr);
		abort();
	}
	return p;
}

static int math_is_display(const pcv_node *node)
{
	const char *d;
	if (pcv_node_type(node) == PCV_NODE_DISPLAY_MATH)
		return 1;
	d = pcv_node_get_attr(node, "display");
	return d && strcmp(d, "true") == 0;
}

/* The input files, read only when a warning needs an exact column. */
typedef struct math_source {
	char *name;
	char *text;
	size_t len;
} math_source;

static const char *math_source_line(math_source *src, const char *name, unsigned line, size_t *len)
{
	if (!src->name || strcmp(src->name, name) != 0) {
		FILE *fp;
		free(src->name);
		free(src->text);
		memset(src, 0, sizeof *src);
		src->name = math_xmalloc(strlen(name) + 1);
		strcpy(src->name, name);
		if (strcmp(name, "-") != 0 && (fp = fopen(name, "rb")) != NULL) {
			size_t cap = 65536, n;
			src->text = math_xmalloc(cap);
			while ((n = fread(src->text + src->len, 1, cap - src->len, fp)) > 0) {
				src->len += n;
				if (src->len == cap)
					src->text = math_xrealloc(src->text, cap *= 2);
			}
			fclose(fp);
		}
	}
	if (!src->text || line == 0)
		return NULL;
	const char *p = src->text, *end = src->text + src->len;
	for (unsigned l = 1; l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	const char *e = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((e ? e : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

static const char *math_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || nlen > hlen)
		return nlen == 0 ? hay : NULL;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

/*
 * The line and column of byte `off` of a math node's TeX.  The node's
 * position is that of its opening delimiter and the TeX begins after it.
 * The source line is read back from the input file to learn which
 * delimiter it is, and, on the later lines of a multi-line formula, where
 * the TeX's line sits (the reader strips indentation and container
 * markers).  Without the file: "$$" for display math, "$" for inline.
 */
static void math_position(math_source *src, const pcv_node *node, size_t off, unsigned *line,
                          unsigned *column)
{
	static const char *const delims[] = {"\\\\(", "\\\\[", "$$", "\\(", "\\[", "$"};
	const char *tex = pcv_node_literal(node);
	const char *delim = pcv_node_get_attr(node, "delimiter");
	pcv_doc *doc = pcv_node_doc(node);
	size_t dlen = delim ? strlen(delim) : math_is_display(node) ? 2 : 1;
	size_t i, nl = 0, line_start = 0, slen = 0;
	unsigned fline = 0;
	const char *file, *s;

	*line = pcv_node_line(node);
	*column = pcv_node_column(node);
	for (i = 0; i < off && tex[i]; i++)
		if (tex[i] == '\n') {
			nl++;
			line_start = i + 1;
		}
	if (*line == 0)
		return;
	file = pcv_doc_source_at(doc, *line + (unsigned)nl, &fline);
	s = file ? math_source_line(src, file, fline, &slen) : NULL;
	if (nl == 0) {
		if (!*column)
			return;
		if (s && !delim && *column <= slen)
			for (i = 0; i < sizeof delims / sizeof *delims; i++)
				if (strncmp(s + *column - 1, delims[i], strlen(delims[i])) == 0) {
					dlen = strlen(delims[i]);
					break;
				}
		*column += (unsigned)(dlen + off);
		return;
	}
	*line += (unsigned)nl;
	*column = (unsigned)(off - line_start + 1);
	if (s) {
		/* the TeX's line as it is in the source: after what was stripped */
		const char *e = strchr(tex + line_start, '\n');
		size_t tlen = e ? (size_t)(e - tex - line_start) : strlen(tex + line_start);
		while (tlen && (tex[line_start + tlen - 1] == ' ' || tex[line_start + tlen - 1] == '\r'))
			tlen--;
		const char *at = math_find(s, slen, tex + line_start, tlen);
		if (at)
			*column += (unsigned)(at - s);
	}
}

/* The "text" attribute, computed when a writer first reads it: most
 * writers show the math subtree and never do. */
static const char *math_text(pcv_node *node, void *data)
{
	(void)data;
	return math_linear(node, math_is_display(node));
}

/* Parses one math node; returns whether it parsed. */
static int math_node_parse(pcv_ctx *ctx, pcv_doc *doc, pcv_node *node, math_source *src,
                           math_spares *spares)
{
	const char *tex = pcv_node_literal(node), *tag = NULL;
	size_t len = pcv_node_literal_len(node), off = 0;
	char msg[256];
	unsigned line, column;
	pcv_node *row;

	if (!tex)
		return 0;
	msg[0] = '\0';
	row = math_parse(doc, spares, tex, len, msg, sizeof msg, &off, &tag);
	if (!row) {
		math_position(src, node, off, &line, &column);
		pcv_report_at(ctx, PCV_WARNING, doc, line, column, "math: %s; the formula is kept as TeX", msg);
		return 0;
	}
	if (tag)
		pcv_node_set_attr(row, "tag", tag);
	pcv_node_append_child(node, row);
	pcv_node_set_attr_fn(node, "text", math_text, NULL);
	return 1;
}

static int math_run(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	math_source src = {0};
	math_spares spares = {0};
	pcv_node **todo = NULL;
	size_t n = 0, cap = 0, i, bad = 0;
	pcv_iter it;
	pcv_event ev;

	(void)data;
	pcv_iter_init(&it, pcv_doc_root(doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		int t = pcv_node_type(it.node);
		if (ev != PCV_EVENT_ENTER)
			continue;
		if (t != PCV_NODE_INLINE_MATH && t != PCV_NODE_DISPLAY_MATH)
			continue;
		pcv_iter_skip_children(&it);
		if (pcv_node_first_child(it.node))
			continue; /* parsed already */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			todo = math_xrealloc(todo, cap * sizeof *todo);
		}
		todo[n++] = it.node;
	}
	/* the command table is indexed only when there is math to parse */
	if (n)
		math_symbols_init();
	for (i = 0; i < n; i++)
		if (!math_node_parse(ctx, doc, todo[i], &src, &spares))
			bad++;
	free(spares.v);
	free(src.name);
	free(src.text);
	if (n)
		pcv_report(ctx, PCV_INFO, NULL, 0, 0, "math: %zu formulas, %zu kept as TeX", n, bad);
	free(todo);
	return 0;
}

static const pcv_filter math_filter = {
	sizeof(pcv_filter),
	"math",
	"parses the TeX of math into MathML-shaped math nodes, with a Unicode linear form",
	NULL,
	math_run,
	NULL,
};

static int math_init(pcv_registry *reg)
{
	return pcv_register_filter(reg, &math_filter) ? 0 : -1;
}

PCV_PLUGIN("math", "1.0", "TeX math parser", math_init);
