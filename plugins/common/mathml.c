/*
 * mathml.c -- MathML elements and operator flags (see mathml.h).
 */
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
