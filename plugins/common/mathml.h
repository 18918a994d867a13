/*
 * mathml.h -- what the html and epub writers share of writing the math
 * filter's trees as MathML: the element of each node and the number of
 * children it must have, the empty slots that are left out, and the
 * attributes each element gets.  Each writer escapes and writes them its
 * own way, and mends an element with the wrong number of children (pads
 * it with <mrow/>, or groups its surplus in one <mrow>).
 *
 * Part of libpcvcommon (see README.md).
 */
#ifndef PCV_COMMON_MATHML_H
#define PCV_COMMON_MATHML_H

#include <stddef.h>

#include "paissconv.h"

/* The element of a math node of this type when it depends on nothing else
 * ("mi", "mn", "mo", "mtext", "mfrac", "mtable", "mtr", "mtd", "mspace",
 * "mstyle"); NULL for rows, radicals, scripts and under/over, whose
 * element the writer works out, and for other types. */
const char *pcvc_mathml_element(int type);

/* Whether a child of a scripts, under/over or radical node is an empty
 * slot: missing, a NONE node, or a row without children. */
int pcvc_math_slot_empty(const pcv_node *c);

/* An attribute of an element. */
typedef struct pcvc_mattr {
	const char *name, *value;
} pcvc_mattr;

/* The attributes an operator's flags (PCV_MATH_*) stand for, in this
 * order: stretchy, largeop, movablelimits, form, fence.  Fills out[] and
 * returns how many; an attribute the node sets itself should win. */
size_t pcvc_mathml_op_flags(long flags, pcvc_mattr out[5]);

/* The element of a math node, and the number of children it must have (0:
 * any): a radical with an empty index is msqrt; scripts and limits are
 * msub, msup or msubsup (munder, mover, munderover) by their slots that
 * are not empty, mrow when both are; a row with a "notation" is menclose;
 * a style the filter marked "phantom" is mphantom (MathML 3 has no
 * transparent colour); other nodes as pcvc_mathml_element(), else mrow. */
const char *pcvc_math_tag(const pcv_node *node, int *arity);

/* Whether math node c is an empty slot its parent's element leaves out:
 * a script, limit or root index, never the base. */
int pcvc_math_absent(const pcv_node *c);

/* The most attributes pcvc_math_attrs() gives. */
#define PCVC_MATH_ATTRS 24

/* The attributes of node written as element tag, in this order: the
 * filter's MathML attributes that tag takes (MathML 3), the operator's
 * flags those do not set already, a space's width, a style's variant, an
 * enclosure's notation.  Values point into the node, static strings or
 * buf (valid while buf is).  Returns how many. */
size_t pcvc_math_attrs(const pcv_node *node, const char *tag, pcvc_mattr out[PCVC_MATH_ATTRS],
                       char buf[32]);

#endif
