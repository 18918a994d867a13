/*
 * mathml.c -- MathML elements and operator flags (see mathml.h).
 */
#include <stdio.h>
#include <string.h>

#include "mathml.h"

const char *pcvc_mathml_element(int type)
{
	switch (type) {
	case PCV_NODE_MATH_IDENT:
		return "mi";
	case PCV_NODE_MATH_NUMBER:
		return "mn";
	case PCV_NODE_MATH_OPERATOR:
		return "mo";
	case PCV_NODE_MATH_TEXT:
		return "mtext";
	case PCV_NODE_MATH_FRACTION:
		return "mfrac";
	case PCV_NODE_MATH_TABLE:
		return "mtable";
	case PCV_NODE_MATH_TABLE_ROW:
		return "mtr";
	case PCV_NODE_MATH_TABLE_CELL:
		return "mtd";
	case PCV_NODE_MATH_SPACE:
		return "mspace";
	case PCV_NODE_MATH_STYLE:
		return "mstyle";
	default:
		return NULL;
	}
}

int pcvc_math_slot_empty(const pcv_node *c)
{
	return !c || pcv_node_type(c) == PCV_NODE_NONE ||
	       (pcv_node_type(c) == PCV_NODE_MATH_ROW && !pcv_node_first_child(c));
}

size_t pcvc_mathml_op_flags(long flags, pcvc_mattr out[5])
{
	size_t n = 0;

	if (flags & PCV_MATH_STRETCHY)
		out[n++] = (pcvc_mattr){"stretchy", "true"};
	if (flags & PCV_MATH_LARGE)
		out[n++] = (pcvc_mattr){"largeop", "true"};
	if (flags & PCV_MATH_LIMITS)
		out[n++] = (pcvc_mattr){"movablelimits", "true"};
	if (flags & PCV_MATH_PREFIX)
		out[n++] = (pcvc_mattr){"form", "prefix"};
	else if (flags & PCV_MATH_POSTFIX)
		out[n++] = (pcvc_mattr){"form", "postfix"};
	if (flags & PCV_MATH_FENCE)
		out[n++] = (pcvc_mattr){"fence", "true"};
	return n;
}

const char *pcvc_math_tag(const pcv_node *node, int *arity)
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
	case PCV_NODE_MATH_STYLE:
		return pcv_node_get_attr(node, "phantom") ? "mphantom" : "mstyle";
	default: {
		const char *el = pcvc_mathml_element(pcv_node_type(node));

		return el ? el : "mrow";
	}
	}
}

int pcvc_math_absent(const pcv_node *c)
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

/* MathML attributes the math filter sets, and the elements they may go on
 * in MathML 3. */
static const struct {
	const char *attr, *elements;
} pcvc_math_passed[] = {
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

_Static_assert(sizeof pcvc_math_passed / sizeof *pcvc_math_passed + 5 + 3 <= PCVC_MATH_ATTRS,
               "pcvc_math_attrs has room for every attribute");

static int pcvc_math_has(const pcvc_mattr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].name, name))
			return 1;
	return 0;
}

size_t pcvc_math_attrs(const pcv_node *node, const char *tag, pcvc_mattr out[PCVC_MATH_ATTRS],
                       char buf[32])
{
	/* MathML's names of the math filter's variants (mathvariant.h), 1.. */
	static const char *const variants[] = {
		"normal", "bold", "italic", "bold-italic", "double-struck", "script",
		"fraktur", "sans-serif", "monospace", "bold-script", "bold-fraktur",
		"bold-sans-serif"
	};
	char pat[24];
	long v = pcv_node_int(node);
	size_t k, n = 0, tl = strlen(tag);

	/* most math nodes have no attributes */
	if (pcv_node_attr_count(node) && tl + 3 <= sizeof pat) {
		pat[0] = ' ';
		memcpy(pat + 1, tag, tl);
		pat[tl + 1] = ' ';
		pat[tl + 2] = 0;
		for (k = 0; k < sizeof pcvc_math_passed / sizeof *pcvc_math_passed; k++) {
			const char *val = pcv_node_get_attr(node, pcvc_math_passed[k].attr);

			if (val && *val && strstr(pcvc_math_passed[k].elements, pat))
				out[n++] = (pcvc_mattr){pcvc_math_passed[k].attr, val};
		}
	}
	switch (pcv_node_type(node)) {
	case PCV_NODE_MATH_OPERATOR: {
		/* the flags, where the filter's attributes have not set the same */
		pcvc_mattr f[5];
		size_t nf = pcvc_mathml_op_flags(v, f), np = n;

		for (k = 0; k < nf; k++)
			if (!pcvc_math_has(out, np, f[k].name))
				out[n++] = f[k];
		break;
	}
	case PCV_NODE_MATH_SPACE:
		if (v < -1000 || v > 1000)
			v = 0;
		snprintf(buf, 32, "%.3fem", (double)v / 18.0);
		out[n++] = (pcvc_mattr){"width", buf};
		break;
	case PCV_NODE_MATH_STYLE:
		if (v >= 1 && (size_t)v <= sizeof variants / sizeof *variants &&
		    !strcmp(tag, "mstyle") && !pcvc_math_has(out, n, "mathvariant"))
			out[n++] = (pcvc_mattr){"mathvariant", variants[v - 1]};
		break;
	default:
		break;
	}
	if (!strcmp(tag, "menclose"))
		out[n++] = (pcvc_mattr){"notation", pcv_node_get_attr(node, "notation")};
	return n;
}
