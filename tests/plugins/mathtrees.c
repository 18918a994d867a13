/* mathtrees.c -- a test filter that appends a paragraph of formulas whose
 * trees the math filter never makes: elements with too few or too many
 * children, markup characters in tokens and attributes, a text node
 * inside math.  The writers must still write valid MathML. */
#include "paissconv.h"

static pcv_node *node(pcv_doc *doc, pcv_node *parent, int type, const char *lit)
{
	pcv_node *n = pcv_node_new(doc, type);
	if (lit)
		pcv_node_set_literal(n, lit);
	pcv_node_append_child(parent, n);
	return n;
}

/* An inline formula of TeX tex in paragraph p. */
static pcv_node *formula(pcv_doc *doc, pcv_node *p, const char *tex)
{
	node(doc, p, PCV_NODE_TEXT, " ");
	return node(doc, p, PCV_NODE_INLINE_MATH, tex);
}

static int trees_run(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	pcv_node *p = node(doc, pcv_doc_root(doc), PCV_NODE_PARAGRAPH, NULL), *m, *e;
	(void)ctx;
	(void)data;
	node(doc, p, PCV_NODE_TEXT, "Trees:");
	/* a fraction without children, with one, with four */
	node(doc, formula(doc, p, "f0"), PCV_NODE_MATH_FRACTION, NULL);
	e = node(doc, formula(doc, p, "f1"), PCV_NODE_MATH_FRACTION, NULL);
	node(doc, e, PCV_NODE_MATH_IDENT, "a");
	e = node(doc, formula(doc, p, "f4"), PCV_NODE_MATH_FRACTION, NULL);
	node(doc, e, PCV_NODE_MATH_IDENT, "a");
	node(doc, e, PCV_NODE_MATH_IDENT, "b");
	node(doc, e, PCV_NODE_MATH_NUMBER, "1");
	node(doc, e, PCV_NODE_MATH_OPERATOR, "+");
	/* scripts: base, sub, sup and one more; a radical with index and more */
	e = node(doc, formula(doc, p, "s4"), PCV_NODE_MATH_SCRIPTS, NULL);
	node(doc, e, PCV_NODE_MATH_IDENT, "x");
	node(doc, e, PCV_NODE_MATH_NUMBER, "1");
	node(doc, e, PCV_NODE_MATH_NUMBER, "2");
	node(doc, e, PCV_NODE_MATH_IDENT, "y");
	e = node(doc, formula(doc, p, "r3"), PCV_NODE_MATH_RADICAL, NULL);
	node(doc, e, PCV_NODE_MATH_IDENT, "z");
	node(doc, e, PCV_NODE_MATH_NUMBER, "3");
	node(doc, e, PCV_NODE_MATH_IDENT, "w");
	/* markup in tokens, in an attribute and in the TeX; text inside */
	m = formula(doc, p, "a<b & \"c\"\n");
	e = node(doc, m, PCV_NODE_MATH_STYLE, NULL);
	pcv_node_set_attr(e, "mathcolor", "#a\"<&>");
	node(doc, e, PCV_NODE_MATH_IDENT, "<&>");
	node(doc, m, PCV_NODE_TEXT, "t & <u>");
	node(doc, m, PCV_NODE_MATH_OPERATOR, "");
	return 0;
}

static const pcv_filter filter = {
	sizeof(pcv_filter), "mathtrees", "appends formulas of odd shapes", NULL, trees_run, NULL,
};

static int init(pcv_registry *reg)
{
	return pcv_register_filter(reg, &filter) ? 0 : -1;
}

PCV_PLUGIN("mathtrees", "1.0", "A test filter of odd formulas", init);
