/*
 * math.c -- math in the book.
 *
 * Math the math filter has parsed (an INLINE_MATH or DISPLAY_MATH node
 * with PCV_NODE_MATH_* children) is written as MathML:
 *
 *   <math xmlns=MathML alttext=TeX [display="block"]>
 *     <semantics><mrow>...</mrow>
 *       <annotation encoding="application/x-tex">TeX</annotation>
 *     </semantics></math>
 *
 * and the chapter is marked as holding MathML (manifest property
 * "mathml").  Math without children is written as its TeX in the styled
 * span or div the caller made.
 *
 * The walk is iterative with a stack of elements, like the chapter's.
 * Elements with a fixed number of children (mfrac, mroot, msub, ...) are
 * checked at their exit and padded with <mrow/> or have their surplus
 * grouped, so that the MathML is valid whatever tree it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "../common/mathml.h"

static int epub_math_absent(const pcv_node *c)
{
	const pcv_node *p = pcv_node_parent(c);
	int t = pcv_node_type(p);

	if (t != PCV_NODE_MATH_SCRIPTS && t != PCV_NODE_MATH_UNDEROVER &&
	    t != PCV_NODE_MATH_RADICAL)
		return 0;
	if (pcv_node_first_child(p) == c)
		return 0;
	return pcvc_math_slot_empty(c);
}

/* The element of a math node and the number of children it must have
 * (0: any). */
static const char *epub_math_tag(const pcv_node *node, int *arity)
{
	const pcv_node *c1, *c2;

	*arity = 0;
	switch (pcv_node_type(node)) {
	case PCV_NODE_MATH_FRACTION:
		*arity = 2;
		return "mfrac";
	case PCV_NODE_MATH_RADICAL:
		c1 = pcv_node_first_child(node);
		c2 = c1 ? pcv_node_next(c1) : NULL;
		if (pcvc_math_slot_empty(c2))
			return "msqrt";
		*arity = 2;
		return "mroot";
	case PCV_NODE_MATH_SCRIPTS:
	case PCV_NODE_MATH_UNDEROVER: {
		int under, over, s = pcv_node_type(node) == PCV_NODE_MATH_SCRIPTS;

		c1 = pcv_node_first_child(node);
		c1 = c1 ? pcv_node_next(c1) : NULL;
		c2 = c1 ? pcv_node_next(c1) : NULL;
		under = !pcvc_math_slot_empty(c1);
		over = !pcvc_math_slot_empty(c2);
		if (under && over) {
			*arity = 3;
			return s ? "msubsup" : "munderover";
		}
		if (!under && !over)
			return "mrow";
		*arity = 2;
		return under ? (s ? "msub" : "munder") : (s ? "msup" : "mover");
	}
	case PCV_NODE_MATH_ROW:
		return pcv_node_get_attr(node, "notation") ? "menclose" : "mrow";
	default: {
		const char *el = pcvc_mathml_element(pcv_node_type(node));

		return el ? el : "mrow";
	}
	}
}

/* MathML attributes the math filter sets, and the elements they may go on
 * ("*": any token element). */
static const struct {
	const char *attr, *elements;
} epub_math_passed[] = {
	{"mathvariant", " mi mn mo mtext mstyle "},
	{"stretchy", " mo "}, {"minsize", " mo "}, {"maxsize", " mo "},
	{"linethickness", " mfrac "},
	{"columnalign", " mtable mtr mtd "}, {"columnlines", " mtable "},
	{"rowspacing", " mtable "}, {"columnspacing", " mtable "},
	{"displaystyle", " mstyle mtable "}, {"scriptlevel", " mstyle "},
	{"mathcolor", " mstyle mi mn mo mtext mrow "},
	{"accent", " mover munderover "}, {"accentunder", " munder munderover "},
	{"linebreak", " mspace "},
};

static void epub_math_attrs(xmlNodePtr el, const pcv_node *node)
{
	/* MathML's names of the math filter's variants (mathvariant.h), 1.. */
	static const char *const variants[] = {
		"normal", "bold", "italic", "bold-italic", "double-struck", "script",
		"fraktur", "sans-serif", "monospace", "bold-script", "bold-fraktur",
		"bold-sans-serif"
	};
	const char *tag = (const char *)el->name;
	char pat[24], buf[32];
	long v = pcv_node_int(node);
	size_t k, tl = strlen(tag);

	/* most math nodes have no attributes */
	if (pcv_node_attr_count(node) && tl + 3 <= sizeof pat) {
		pat[0] = ' ';
		memcpy(pat + 1, tag, tl);
		pat[tl + 1] = ' ';
		pat[tl + 2] = 0;
		for (k = 0; k < sizeof epub_math_passed / sizeof *epub_math_passed; k++) {
			const char *val = pcv_node_get_attr(node, epub_math_passed[k].attr);

			if (val && *val && strstr(epub_math_passed[k].elements, pat))
				epub_attr(el, epub_math_passed[k].attr, val);
		}
	}
	switch (pcv_node_type(node)) {
	case PCV_NODE_MATH_OPERATOR: {
		/* the flags, where the filter's attributes passed above have not
		 * set the same already */
		pcvc_mattr f[5];
		size_t nf = pcvc_mathml_op_flags(v, f);

		for (k = 0; k < nf; k++)
			if (!xmlHasProp(el, (const xmlChar *)f[k].name))
				epub_attr(el, f[k].name, f[k].value);
		break;
	}
	case PCV_NODE_MATH_SPACE:
		if (v < -1000 || v > 1000)
			v = 0;
		snprintf(buf, sizeof buf, "%.3fem", (double)v / 18.0);
		epub_attr(el, "width", buf);
		break;
	case PCV_NODE_MATH_STYLE:
		if (v >= 1 && (size_t)v <= sizeof variants / sizeof *variants &&
		    !xmlHasProp(el, (const xmlChar *)"mathvariant"))
			epub_attr(el, "mathvariant", variants[v - 1]);
		break;
	default:
		break;
	}
}

/* An element with a fixed number of children: pad or group the surplus. */
static void epub_math_fix(xmlNodePtr el, int arity)
{
	xmlNodePtr c, row;
	int n = 0;

	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			n++;
	while (n < arity) {
		xmlNewChild(el, NULL, (const xmlChar *)"mrow", NULL);
		n++;
	}
	if (n == arity)
		return;
	/* group children arity..n into one mrow in the last slot */
	n = 0;
	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && ++n == arity)
			break;
	row = xmlNewDocNode(el->doc, NULL, (const xmlChar *)"mrow", NULL);
	xmlAddPrevSibling(c, row);
	while (row->next) {
		xmlNodePtr m = row->next;

		xmlUnlinkNode(m);
		xmlAddChild(row, m);
	}
}

typedef struct epub_mframe {
	xmlNodePtr el;
	int arity;
} epub_mframe;

static void epub_mathml(epub_writer *w, xmlNodePtr parent, pcv_node *math, int display)
{
	xmlNodePtr m, sem, row, ann;
	epub_mframe *stack;
	size_t depth = 0, cap = 64;
	const char *tex = pcv_node_literal(math);
	pcv_iter it;
	pcv_event ev;

	m = epub_el(parent, "math");
	xmlSetNs(m, xmlNewNs(m, (const xmlChar *)EPUB_MATHML_NS, NULL));
	{
		/* the TeX without the blank lines around it */
		size_t len = tex ? pcv_node_literal_len(math) : 0;
		const char *t = tex ? tex : "";
		char *alt;

		while (len && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r'))
			t++, len--;
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\n' || t[len - 1] == '\t' ||
		               t[len - 1] == '\r'))
			len--;
		alt = epub_clean(t, len);
		xmlSetProp(m, (const xmlChar *)"alttext", (const xmlChar *)alt);
		free(alt);
	}
	if (display)
		epub_attr(m, "display", "block");
	sem = epub_el(m, "semantics");
	row = epub_el(sem, "mrow");

	stack = epub_xmalloc(cap * sizeof *stack);
	stack[depth].el = row;
	stack[depth++].arity = 0;
	pcv_iter_init(&it, math);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);

		if (n == math)
			continue;
		if (ev == PCV_EVENT_EXIT) {
			if (PCV_NODE_IS_MATH(t) && !epub_math_absent(n)) {
				depth--;
				if (stack[depth].arity)
					epub_math_fix(stack[depth].el, stack[depth].arity);
			}
			continue;
		}
		if (epub_math_absent(n)) {
			pcv_iter_skip_children(&it);
			continue;
		}
		if (!PCV_NODE_IS_MATH(t)) {
			/* not math: its text, as mtext */
			const char *s = pcv_node_text(n);
			xmlNodePtr mt = epub_el(stack[depth - 1].el, "mtext");

			pcv_iter_skip_children(&it);
			if (s)
				epub_add_text(mt, s, strlen(s));
			continue;
		}
		{
			int arity;
			const char *tag = epub_math_tag(n, &arity);
			xmlNodePtr el = epub_el(stack[depth - 1].el, tag);
			const char *lit = pcv_node_literal(n);

			epub_math_attrs(el, n);
			if (!strcmp(tag, "menclose"))
				epub_attr(el, "notation", pcv_node_get_attr(n, "notation"));
			if (lit && (t == PCV_NODE_MATH_IDENT || t == PCV_NODE_MATH_NUMBER ||
			            t == PCV_NODE_MATH_OPERATOR || t == PCV_NODE_MATH_TEXT))
				epub_add_text(el, lit, pcv_node_literal_len(n));
			if (depth == cap) {
				cap *= 2;
				stack = epub_xrealloc(stack, cap * sizeof *stack);
			}
			stack[depth].el = el;
			stack[depth++].arity = arity;
		}
	}
	free(stack);
	ann = epub_el(sem, "annotation");
	epub_attr(ann, "encoding", "application/x-tex");
	if (tex)
		epub_add_text(ann, tex, pcv_node_literal_len(math));
}

void epub_math(epub_writer *w, xmlNodePtr parent, pcv_node *math, int display)
{
	const char *tex = pcv_node_literal(math);

	if (pcv_node_first_child(math)) {
		epub_mathml(w, parent, math, display);
		w->chapters[w->cur].has_mathml = 1;
		return;
	}
	if (!tex)
		return;
	/* TeX, delimited as written in the notes' conventional form */
	epub_add_text(parent, display ? "\\[" : "\\(", 2);
	epub_add_text(parent, tex, pcv_node_literal_len(math));
	epub_add_text(parent, display ? "\\]" : "\\)", 2);
}
