/*
 * mathvariant.h -- the font variants of MATH_STYLE nodes made by the math
 * filter (the value of pcv_node_int() on a PCV_NODE_MATH_STYLE node).
 *
 * Writers may include this header; they may equally read the node's
 * "mathvariant" attribute, which carries MathML's name of the same variant.
 * 0 means the style node changes no variant (it sets displaystyle,
 * scriptlevel or mathcolor instead).  The numbers never change meaning;
 * new ones are appended.
 */
#ifndef PCV_MATHVARIANT_H
#define PCV_MATHVARIANT_H

enum pcv_mathvariant {
	PCV_MATHVARIANT_NONE = 0,
	PCV_MATHVARIANT_NORMAL,          /* "normal"            \mathrm \operatorname */
	PCV_MATHVARIANT_BOLD,            /* "bold"              \mathbf */
	PCV_MATHVARIANT_ITALIC,          /* "italic"            \mathit */
	PCV_MATHVARIANT_BOLD_ITALIC,     /* "bold-italic"       \boldsymbol \bm */
	PCV_MATHVARIANT_DOUBLE_STRUCK,   /* "double-struck"     \mathbb */
	PCV_MATHVARIANT_SCRIPT,          /* "script"            \mathcal \mathscr */
	PCV_MATHVARIANT_FRAKTUR,         /* "fraktur"           \mathfrak */
	PCV_MATHVARIANT_SANS_SERIF,      /* "sans-serif"        \mathsf */
	PCV_MATHVARIANT_MONOSPACE,       /* "monospace"         \mathtt */
	PCV_MATHVARIANT_BOLD_SCRIPT,     /* "bold-script"       \mathbfcal */
	PCV_MATHVARIANT_BOLD_FRAKTUR,    /* "bold-fraktur"      \mathbffrak */
	PCV_MATHVARIANT_BOLD_SANS_SERIF  /* "bold-sans-serif"   \mathbfsf */
};

#endif
