/*
 * mathml.h -- what the html and epub writers share of writing the math
 * filter's trees as MathML: the element of each kind of node, the empty
 * slots of scripts, and the attributes an operator's flags stand for.
 * Each writer still chooses which attributes it passes on and how it
 * mends a node with the wrong number of children.
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

#endif
