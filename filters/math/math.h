/*
 * math.h -- shared between the files of the math filter plugin.
 *
 * math.c     the filter: finds math nodes, runs the parser, reports
 * parse.c    TeX -> math subtree (iterative, with an explicit frame stack)
 * symbols.c  the command table and the Unicode math alphanumerics
 * linear.c   the math subtree -> a linear Unicode string
 */
#ifndef PCV_MATH_H
#define PCV_MATH_H

#include <stddef.h>

#include "paissconv.h"
#include "mathvariant.h"

/* Deepest nesting of groups, arguments, \left..\right and environments a
 * formula may have; deeper is a warning and the formula's TeX is kept. */
#define MATH_MAX_DEPTH 200

void *math_xmalloc(size_t size);
void *math_xrealloc(void *p, size_t size);

/* What a command is to the parser. */
enum math_kind {
	MK_IDENT = 1,  /* mi, italic when one letter: text */
	MK_UPRIGHT,    /* mi with mathvariant=normal (capital Greek, ...) */
	MK_FUNC,       /* mi of several letters: sin, log */
	MK_OP,         /* mo: text; num: PCV_MATH_* flags */
	MK_OPEN,       /* mo, opening fence */
	MK_CLOSE,      /* mo, closing fence */
	MK_FENCE,      /* mo, fence used on both sides: | and ‖ */
	MK_BIGOP,      /* mo, large; num: PCV_MATH_LIMITS or 0 */
	MK_NAMEDOP,    /* mo of letters taking limits: lim, max */
	MK_SPACE,      /* mspace; num: width in 1/18 em */
	MK_FRAC,       /* num: 0 \frac, 1 \dfrac, 2 \tfrac, 3 \cfrac */
	MK_BINOM,      /* num: as MK_FRAC */
	MK_SQRT,
	MK_ACCENT,     /* text: the mark; num: MATH_ACC_* */
	MK_FONT,       /* num: variant */
	MK_TEXT,       /* \text; num: variant */
	MK_OPNAME,     /* \operatorname */
	MK_MATHOP,     /* \mathop */
	MK_OVERSET,    /* \overset, \stackrel */
	MK_UNDERSET,
	MK_LEFT,
	MK_RIGHT,
	MK_MIDDLE,
	MK_BIG,        /* num: size 1..4, plus 16 for l, 32 for r, 64 for m */
	MK_BEGIN,
	MK_END,
	MK_LIMITS,
	MK_NOLIMITS,
	MK_TAG,
	MK_COLOR,
	MK_TEXTCOLOR,
	MK_MSTYLE,     /* num: 0 display, 1 text, 2 script, 3 scriptscript */
	MK_OLDFONT,    /* \rm \bf \it \cal: num: variant */
	MK_NOT,
	MK_INFIX,      /* num: 0 \over, 1 \choose, 2 \atop, 3 \brace, 4 \brack */
	MK_NEWLINE,    /* \\ \cr */
	MK_HSPACE,
	MK_XARROW,     /* text: the arrow */
	MK_IGNORE,     /* \nonumber, \displaybreak, \relax */
	MK_IGNORE_ARG, /* \label{..} */
	MK_PMOD,
	MK_SUBSTACK,
	MK_BOXED,
	MK_PHANTOM
};

#define MATH_ACC_STRETCHY 0x1  /* grows with its base (\widehat, \overline) */
#define MATH_ACC_UNDER 0x2     /* below the base */
#define MATH_ACC_BRACE 0x4     /* \overbrace: not an accent; takes limits */

/* A command.  The strings are arrays, not pointers, so that the table
 * needs no relocation when the plugin is loaded.  name fills its array
 * with NULs (it may fill it whole); text is at
 * most 11 bytes and NUL-terminated. */
typedef struct math_sym {
	char name[20];     /* without the backslash */
	int kind;          /* enum math_kind */
	int num;
	char text[12];     /* UTF-8; "" for none */
} math_sym;

/* Indexes the tables (call once before math_lookup). */
void math_symbols_init(void);
/* The command \name (len bytes), or NULL when unknown. */
const math_sym *math_lookup(const char *name, size_t len);
/* The delimiter after \left, \big..: a character or a command.  NULL when
 * it is none; "" for '.' (no delimiter). */
const char *math_delimiter(const char *tok, size_t len, int *kind);
/* Code point c in a font variant (Unicode mathematical alphanumerics);
 * c itself when the variant has no form of it. */
unsigned long math_variant_char(int variant, unsigned long c);
/* MathML's name of a variant ("bold"), or NULL for none. */
const char *math_variant_name(int variant);
/* The negated relation (\not=), as UTF-8, or NULL. */
const char *math_negate(const char *op);

/* Empty MATH_ROWs that no one holds any more (a slot a script replaced, a
 * group's row its only child left), made again into new rows: a filter
 * run keeps them from one formula to the next. */
typedef struct math_spares {
	pcv_node **v;
	size_t n, cap;
} math_spares;

/* Parses tex (len bytes) into a MATH_ROW of doc.  On success returns the
 * row and sets *tag to the \tag text or NULL.  On a syntax error returns
 * NULL and stores the message (in msg, size msgsize) and the byte offset
 * in tex where it was found. */
pcv_node *math_parse(pcv_doc *doc, math_spares *spares, const char *tex, size_t len, char *msg,
                     size_t msgsize, size_t *err_off, const char **tag);

/* The linear Unicode form of a parsed formula (the children of an
 * INLINE_MATH or DISPLAY_MATH node), in the document's arena. */
const char *math_linear(pcv_node *math, int display);

/* UTF-8 helpers. */
size_t math_utf8_put(char *out, unsigned long c);
unsigned long math_utf8_get(const char *s, size_t len, size_t *used);

#endif
