/*
 * mathvariant.h -- kept for writers that included it: the font variants
 * of MATH_STYLE nodes are now part of the public header (enum
 * pcv_mathvariant in paissconv.h).
 */
#ifndef PCV_MATHVARIANT_H
#define PCV_MATHVARIANT_H

#include "paissconv.h"

#endif
