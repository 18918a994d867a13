/*
 * math.c -- the math filter: parses the TeX of every INLINE_MATH and
 * DISPLAY_MATH node into a math subtree (children of the node; the TeX
 * literal stays) and sets the node's "text" attribute to a linear Unicode
 * form for plain-text writers.  A formula that does not parse is reported
 * at the exact line and column of the fault and left without children, so
 * every writer shows its TeX as written.
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

/*
 * The line and column of byte `off` of a math node's TeX.  The node's
 * position is that of its opening delimiter; the TeX begins after it.  The
 * delimiter is the node's "delimiter" attribute when the reader set one,
 * else "$$" for display math and "$" for inline math.  On the lines after
 * the first, columns count from the start of the TeX's line (exact outside
 * block quotes and lists, whose markers the reader strips).
 */
static void math_position(const pcv_node *node, size_t off, unsigned *line, unsigned *column)
{
	const char *tex = pcv_node_literal(node);
	const char *delim = pcv_node_get_attr(node, "delimiter");
	size_t dlen = delim ? strlen(delim) : math_is_display(node) ? 2 : 1;
	size_t i, nl = 0, line_start = 0;

	*line = pcv_node_line(node);
	*column = pcv_node_column(node);
	for (i = 0; i < off && tex[i]; i++)
		if (tex[i] == '\n') {
			nl++;
			line_start = i + 1;
		}
	if (*line == 0)
		return;
	if (nl == 0) {
		if (*column)
			*column += (unsigned)(dlen + off);
		return;
	}
	*line += (unsigned)nl;
	*column = (unsigned)(off - line_start + 1);
}

/* Parses one math node; returns whether it parsed. */
static int math_node_parse(pcv_ctx *ctx, pcv_doc *doc, pcv_node *node)
{
	const char *tex = pcv_node_literal(node), *tag = NULL;
	size_t len = pcv_node_literal_len(node), off = 0;
	char msg[256];
	unsigned line, column;
	pcv_node *row;

	if (!tex)
		return 0;
	msg[0] = '\0';
	row = math_parse(doc, tex, len, msg, sizeof msg, &off, &tag);
	if (!row) {
		math_position(node, off, &line, &column);
		pcv_report_at(ctx, PCV_WARNING, doc, line, column, "math: %s; the formula is kept as TeX", msg);
		return 0;
	}
	if (tag)
		pcv_node_set_attr(row, "tag", tag);
	pcv_node_append_child(node, row);
	pcv_node_set_attr(node, "text", math_linear(node, math_is_display(node)));
	return 1;
}

static int math_run(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	pcv_node **todo = NULL;
	size_t n = 0, cap = 0, i, bad = 0;
	pcv_iter it;
	pcv_event ev;

	(void)data;
	math_symbols_init();
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
	for (i = 0; i < n; i++)
		if (!math_node_parse(ctx, doc, todo[i]))
			bad++;
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
	math_symbols_init();
	return pcv_register_filter(reg, &math_filter) ? 0 : -1;
}

PCV_PLUGIN("math", "1.0", "TeX math parser", math_init);
