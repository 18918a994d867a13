/*
 * parse.c -- TeX math to the MathML-shaped math subtree.
 *
 * The parser never recurses.  It reads tokens in one loop and keeps an
 * explicit stack of frames, each an open construct:
 *
 *   row frames    the formula itself, a {group}, an [optional argument],
 *                 \left..\right, an environment (one frame per table, its
 *                 current cell being the row it fills);
 *   argument      a command waiting for its arguments (\frac needs two),
 *   frames        or a ^ / _ waiting for its script.
 *
 * A finished atom is delivered to the top frame: a row frame appends it, an
 * argument frame stores it and, when it has all its arguments, builds its
 * node, pops and delivers that in turn (a loop, not a recursion).  The
 * stack is bounded by MATH_MAX_DEPTH; deeper nesting is an error.
 *
 * Tree conventions (see README.md): a formula is one MATH_ROW; SCRIPTS and
 * UNDEROVER always have three children, an absent script being an empty
 * MATH_ROW; RADICAL is radicand [, index]; FRACTION is numerator,
 * denominator.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"

enum {
	F_ROOT, F_GROUP, F_OPT, F_LEFT, F_ENV, F_SUBSTACK, /* row frames */
	F_ARGS, F_SCRIPT                                   /* argument frames */
};

enum { T_END, T_LBRACE, T_RBRACE, T_SUP, T_SUB, T_PRIME, T_AMP, T_CMD, T_CHAR };

/* Environments. */
enum { ENV_MATRIX, ENV_ALIGN, ENV_GATHER, ENV_CASES, ENV_ARRAY, ENV_EQUATION, ENV_SMALL };

/* Arrays, not pointers, in the tables of this file: nothing to relocate
 * when the plugin is loaded. */
typedef struct math_env {
	char name[12];
	int kind;
	char open[4], close[4]; /* fences around the table, or "" */
} math_env;

static const math_env math_envs[] = {
	{"matrix", ENV_MATRIX, "", ""}, {"pmatrix", ENV_MATRIX, "(", ")"},
	{"bmatrix", ENV_MATRIX, "[", "]"}, {"Bmatrix", ENV_MATRIX, "{", "}"},
	{"vmatrix", ENV_MATRIX, "|", "|"}, {"Vmatrix", ENV_MATRIX, "‖", "‖"},
	{"smallmatrix", ENV_SMALL, "", ""}, {"cases", ENV_CASES, "{", ""},
	{"dcases", ENV_CASES, "{", ""}, {"rcases", ENV_CASES, "", "}"},
	{"aligned", ENV_ALIGN, "", ""}, {"align", ENV_ALIGN, "", ""},
	{"align*", ENV_ALIGN, "", ""}, {"alignedat", ENV_ALIGN, "", ""},
	{"alignat", ENV_ALIGN, "", ""}, {"alignat*", ENV_ALIGN, "", ""},
	{"flalign", ENV_ALIGN, "", ""}, {"flalign*", ENV_ALIGN, "", ""},
	{"split", ENV_ALIGN, "", ""}, {"eqnarray", ENV_ALIGN, "", ""},
	{"eqnarray*", ENV_ALIGN, "", ""}, {"gathered", ENV_GATHER, "", ""},
	{"gather", ENV_GATHER, "", ""}, {"gather*", ENV_GATHER, "", ""},
	{"multline", ENV_GATHER, "", ""}, {"multline*", ENV_GATHER, "", ""},
	{"array", ENV_ARRAY, "", ""}, {"subarray", ENV_ARRAY, "", ""},
	{"equation", ENV_EQUATION, "", ""}, {"equation*", ENV_EQUATION, "", ""},
	{"displaymath", ENV_EQUATION, "", ""}, {"math", ENV_EQUATION, "", ""},
};

typedef struct math_tok {
	int type;
	size_t off, len;  /* the token's bytes in the TeX */
	const char *s;    /* T_CMD: the name (without '\'); T_CHAR: the character */
	size_t n;         /* its length */
} math_tok;

typedef struct math_frame {
	int kind;
	size_t off;       /* where it began, for messages */
	int variant;      /* font variant in force */
	/* row frames */
	pcv_node *row;    /* the row (or table cell) the frame fills */
	pcv_node *target; /* where atoms go: row, or the style of a switch */
	pcv_node *last;   /* the last atom, for scripts */
	pcv_node *scripted; /* the SCRIPTS/UNDEROVER made around last */
	int last_limits;  /* last takes limits above and below */
	int primes;       /* the sup of scripted holds only primes */
	int infix;        /* 1 + MK_INFIX num of an \over in this row */
	pcv_node *infix_num;
	const math_env *env;
	char *env_name;
	pcv_node *table, *tr;
	char *colalign;   /* array: column alignments, one letter per column */
	char *collines;   /* array: 's'olid or 'n'one between columns */
	/* argument frames */
	const math_sym *sym;
	int need, got, sup, star;
	pcv_node *args[2];
	pcv_node *opt;    /* \sqrt's index, \xrightarrow's under */
	const char *str;  /* \textcolor's colour */
} math_frame;

typedef struct math_parser {
	pcv_doc *doc;
	math_spares *spares;
	const char *s;
	size_t len, pos;
	math_frame *st;
	size_t n, cap;
	int err;
	size_t err_off;
	char *msg;
	size_t msgsize;
	const char *tag;
	int negate;       /* a \not waits for its relation */
	size_t negate_off;
} math_parser;

/* ------------------------------------------------------------------ */
/* Errors, nodes                                                       */
/* ------------------------------------------------------------------ */

static void math_error(math_parser *p, size_t off, const char *fmt, ...) PCV_PRINTF(3, 4);

static void math_error(math_parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return;
	p->err = 1;
	p->err_off = off;
	va_start(ap, fmt);
	vsnprintf(p->msg, p->msgsize, fmt, ap);
	va_end(ap);
}

static pcv_node *math_node(math_parser *p, int type, const char *lit, size_t len)
{
	pcv_node *n = pcv_node_new(p->doc, type);
	if (lit)
		pcv_node_set_literal_len(n, lit, len);
	return n;
}

static pcv_node *math_op(math_parser *p, const char *text, long flags)
{
	pcv_node *n = math_node(p, PCV_NODE_MATH_OPERATOR, text, strlen(text));
	pcv_node_set_int(n, flags);
	return n;
}

/* A fence that does not grow: ( [ | outside \left..\right. */
static pcv_node *math_fixed_fence(math_parser *p, const char *text, int kind)
{
	long flags = PCV_MATH_FENCE;

	if (kind == MK_OPEN)
		flags |= PCV_MATH_PREFIX;
	else if (kind == MK_CLOSE)
		flags |= PCV_MATH_POSTFIX;
	pcv_node *n = math_op(p, text, flags);
	pcv_node_set_attr(n, "stretchy", "false");
	return n;
}

/* A fence of \left, \right, \middle: grows with the row. */
static pcv_node *math_stretchy_fence(math_parser *p, const char *text, long form)
{
	return math_op(p, text, PCV_MATH_FENCE | PCV_MATH_STRETCHY | form);
}

static pcv_node *math_row(math_parser *p)
{
	if (p->spares->n)
		return p->spares->v[--p->spares->n];
	return pcv_node_new(p->doc, PCV_NODE_MATH_ROW);
}

/* Keeps a row no one holds for math_row(), when it is as a new one is:
 * empty, unlinked, without attributes (rows have no literal, int or
 * position). */
static void math_spare(math_parser *p, pcv_node *row)
{
	math_spares *sp = p->spares;

	if (pcv_node_type(row) != PCV_NODE_MATH_ROW || pcv_node_parent(row) ||
	    pcv_node_first_child(row) || pcv_node_attr_count(row))
		return;
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 64;
		sp->v = math_xrealloc(sp->v, sp->cap * sizeof *sp->v);
	}
	sp->v[sp->n++] = row;
}

static void math_append_all(pcv_node *to, pcv_node *from)
{
	pcv_node *c;
	while ((c = pcv_node_first_child(from)) != NULL)
		pcv_node_append_child(to, c);
}

/* A closed group's row as an argument: its only child, taken out of the
 * row, which is left to math_row(); or the row itself. */
static pcv_node *math_unwrap(math_parser *p, pcv_node *row)
{
	pcv_node *c = pcv_node_first_child(row);
	if (pcv_node_type(row) == PCV_NODE_MATH_ROW && c && !pcv_node_next(c) &&
	    pcv_node_attr_count(row) == 0) {
		pcv_node_unlink(c);
		math_spare(p, row);
		return c;
	}
	return row;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

static int math_is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int math_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Skips white space and % comments. */
static void math_skip_space(math_parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (math_is_space((unsigned char)c))
			p->pos++;
		else if (c == '%') {
			while (p->pos < p->len && p->s[p->pos] != '\n')
				p->pos++;
		} else
			break;
	}
}

static void math_next(math_parser *p, math_tok *t)
{
	size_t used;

	math_skip_space(p);
	t->off = p->pos;
	t->s = p->s + p->pos;
	t->n = 0;
	if (p->pos >= p->len) {
		t->type = T_END;
		t->len = 0;
		return;
	}
	char c = p->s[p->pos];
	switch (c) {
	case '{': t->type = T_LBRACE; p->pos++; break;
	case '}': t->type = T_RBRACE; p->pos++; break;
	case '^': t->type = T_SUP; p->pos++; break;
	case '_': t->type = T_SUB; p->pos++; break;
	case '\'': t->type = T_PRIME; p->pos++; break;
	case '&': t->type = T_AMP; p->pos++; break;
	case '\\':
		t->type = T_CMD;
		p->pos++;
		t->s = p->s + p->pos;
		if (p->pos >= p->len) {
			t->n = 0;
			break;
		}
		if (math_is_letter((unsigned char)p->s[p->pos])) {
			while (p->pos < p->len && math_is_letter((unsigned char)p->s[p->pos]))
				p->pos++;
			t->n = (size_t)(p->s + p->pos - t->s);
		} else {
			math_utf8_get(p->s + p->pos, p->len - p->pos, &used);
			/* "\ " and "\<newline>" are both a control space */
			if (math_is_space((unsigned char)p->s[p->pos]))
				t->s = " ";
			p->pos += used;
			t->n = used;
		}
		break;
	default:
		t->type = T_CHAR;
		math_utf8_get(p->s + p->pos, p->len - p->pos, &used);
		p->pos += used;
		t->n = used;
	}
	t->len = p->pos - t->off;
}

/* Reads a brace-delimited argument as raw text ({...} or one token); the
 * text between the braces is stored in *text, *len.  Returns 0 on error. */
static int math_raw_arg(math_parser *p, const char **text, size_t *len, size_t at)
{
	math_skip_space(p);
	if (p->pos >= p->len) {
		math_error(p, at, "missing argument");
		return 0;
	}
	if (p->s[p->pos] != '{') {
		/* one token */
		math_tok t;
		math_next(p, &t);
		*text = p->s + t.off;
		*len = t.len;
		return 1;
	}
	size_t start = ++p->pos, depth = 1;
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == '\\' && p->pos + 1 < p->len) {
			p->pos += 2;
			continue;
		}
		if (c == '{')
			depth++;
		else if (c == '}' && --depth == 0)
			break;
		p->pos++;
	}
	if (p->pos >= p->len) {
		math_error(p, start - 1, "missing } for this {");
		return 0;
	}
	*text = p->s + start;
	*len = p->pos - start;
	p->pos++;
	return 1;
}

/* Reads an optional [..] argument as raw text when one follows. */
static int math_raw_opt(math_parser *p, const char **text, size_t *len)
{
	size_t save = p->pos;
	math_skip_space(p);
	if (p->pos >= p->len || p->s[p->pos] != '[') {
		p->pos = save;
		return 0;
	}
	size_t start = ++p->pos;
	while (p->pos < p->len && p->s[p->pos] != ']')
		p->pos++;
	*text = p->s + start;
	*len = p->pos - start;
	if (p->pos < p->len)
		p->pos++;
	return 1;
}

/* Whether the next non-space character is c (consumed when it is). */
static int math_peek(math_parser *p, char c)
{
	size_t save = p->pos;
	math_skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == c) {
		p->pos++;
		return 1;
	}
	p->pos = save;
	return 0;
}

/* The text of \text{...}: braces dropped, escapes resolved. */
static pcv_node *math_text_node(math_parser *p, const char *s, size_t len, int variant)
{
	char *out = math_xmalloc(len * 3 + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '{' || c == '}')
			continue;
		if (c == '~') {
			memcpy(out + o, "\xc2\xa0", 2);
			o += 2;
			continue;
		}
		if (c == '\\' && i + 1 < len) {
			char d = s[i + 1];
			if (strchr("{}%$&#_ ", d)) {
				out[o++] = d;
				i++;
				continue;
			}
			if (d == '\\') {
				out[o++] = ' ';
				i++;
				continue;
			}
			/* a command: keep its letters out, e.g. \textbf{\emph{x}} */
			size_t j = i + 1;
			while (j < len && math_is_letter((unsigned char)s[j]))
				j++;
			if (j > i + 1) {
				const math_sym *sym = math_lookup(s + i + 1, j - i - 1);
				if (sym && sym->text[0] && sym->kind != MK_ACCENT && sym->kind != MK_XARROW) {
					size_t tl = strlen(sym->text);
					memcpy(out + o, sym->text, tl);
					o += tl;
				}
				i = j - 1;
				while (i + 1 < len && s[i + 1] == ' ')
					i++;
				continue;
			}
		}
		out[o++] = c;
	}
	pcv_node *n = math_node(p, PCV_NODE_MATH_TEXT, out, o);
	free(out);
	if (variant)
		pcv_node_set_attr(n, "mathvariant", math_variant_name(variant));
	return n;
}

/* A dimension ("4pt", "1em", "-0.5mu") in 1/18 em; mu_default: units of
 * a number without unit. */
static long math_dimension(const char *s, size_t len)
{
	char buf[64];
	double v;
	char *end;

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &end);
	while (*end == ' ')
		end++;
	if (strncmp(end, "em", 2) == 0)
		v *= 18;
	else if (strncmp(end, "ex", 2) == 0)
		v *= 8;
	else if (strncmp(end, "mu", 2) == 0)
		v *= 1;
	else if (strncmp(end, "pt", 2) == 0)
		v *= 1.8;
	else if (strncmp(end, "mm", 2) == 0)
		v *= 5.12;
	else if (strncmp(end, "cm", 2) == 0)
		v *= 51.2;
	else if (strncmp(end, "in", 2) == 0)
		v *= 130;
	else
		v *= 1.8;
	if (v > 1000)
		v = 1000;
	if (v < -1000)
		v = -1000;
	return (long)(v < 0 ? v - 0.5 : v + 0.5);
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

static math_frame *math_top(math_parser *p)
{
	return &p->st[p->n - 1];
}

static int math_is_row_frame(const math_frame *f)
{
	return f->kind < F_ARGS;
}

static math_frame *math_push(math_parser *p, int kind, size_t off)
{
	if (p->n >= MATH_MAX_DEPTH) {
		math_error(p, off, "formula nested more than %d deep", MATH_MAX_DEPTH);
		return NULL;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->st = math_xrealloc(p->st, p->cap * sizeof *p->st);
	}
	math_frame *f = &p->st[p->n];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->off = off;
	f->variant = p->n ? p->st[p->n - 1].variant : 0;
	if (kind < F_ARGS) {
		f->row = math_row(p);
		f->target = f->row;
	}
	p->n++;
	return f;
}

/* Appends an atom to a row frame. */
static void math_append(math_frame *f, pcv_node *atom, int limits)
{
	pcv_node_append_child(f->target, atom);
	f->last = atom;
	f->scripted = NULL;
	f->last_limits = limits;
	f->primes = 0;
}

/* Wraps the frame's last atom for scripts, or returns the wrapper made
 * before; the slot is 1 (sub/under) or 2 (sup/over). */
static pcv_node *math_script_holder(math_parser *p, math_frame *f)
{
	if (f->scripted)
		return f->scripted;
	pcv_node *base = f->last;
	if (!base || pcv_node_parent(base) != f->target || pcv_node_last_child(f->target) != base) {
		base = math_row(p);
		pcv_node_append_child(f->target, base);
		f->last_limits = 0;
	}
	pcv_node *h = pcv_node_new(p->doc, f->last_limits ? PCV_NODE_MATH_UNDEROVER
	                                                  : PCV_NODE_MATH_SCRIPTS);
	pcv_node_insert_before(base, h);
	pcv_node_append_child(h, base);
	pcv_node_append_child(h, math_row(p));
	pcv_node_append_child(h, math_row(p));
	f->last = h;
	f->scripted = h;
	return h;
}

static pcv_node *math_slot(pcv_node *h, int which)
{
	pcv_node *c = pcv_node_first_child(h);
	while (which-- > 0 && c)
		c = pcv_node_next(c);
	return c;
}

static int math_slot_empty(pcv_node *slot)
{
	return pcv_node_type(slot) == PCV_NODE_MATH_ROW && !pcv_node_first_child(slot) &&
	       pcv_node_attr_count(slot) == 0;
}

static void math_attach_script(math_parser *p, math_frame *f, pcv_node *script, int sup,
                               size_t off)
{
	pcv_node *h = math_script_holder(p, f);
	pcv_node *slot = math_slot(h, sup ? 2 : 1);

	if (sup && f->primes) {
		/* x'^2: the primes and the script share the superscript */
		if (pcv_node_type(slot) != PCV_NODE_MATH_ROW) {
			pcv_node *row = math_row(p);
			pcv_node_replace(slot, row);
			pcv_node_append_child(row, slot);
			slot = row;
		}
		pcv_node_append_child(slot, script);
		f->primes = 0;
		return;
	}
	if (!math_slot_empty(slot)) {
		math_error(p, off, sup ? "double superscript" : "double subscript");
		return;
	}
	if (pcv_node_replace(slot, script))
		math_spare(p, slot);
}

static void math_attach_prime(math_parser *p, math_frame *f, size_t off)
{
	static const char primes[][4] = {"′", "″", "‴", "⁗"};
	if (!f->last && !f->primes) {
		/* ^{'}: a prime with nothing before it is the prime itself */
		math_append(f, math_op(p, "′", 0), 0);
		return;
	}
	pcv_node *h = math_script_holder(p, f);
	pcv_node *slot = math_slot(h, 2);

	if (f->primes) {
		/* one more prime: ′ → ″ → ‴ → ⁗, then a row of them */
		pcv_node *last = pcv_node_type(slot) == PCV_NODE_MATH_ROW ? pcv_node_last_child(slot) : slot;
		const char *lit = pcv_node_literal(last);
		for (int i = 0; i < 3; i++)
			if (lit && strcmp(lit, primes[i]) == 0) {
				pcv_node_set_literal(last, primes[i + 1]);
				return;
			}
		if (pcv_node_type(slot) != PCV_NODE_MATH_ROW) {
			pcv_node *row = math_row(p);
			pcv_node_replace(slot, row);
			pcv_node_append_child(row, slot);
			slot = row;
		}
		pcv_node_append_child(slot, math_op(p, "′", 0));
		return;
	}
	if (!math_slot_empty(slot)) {
		math_error(p, off, "double superscript");
		return;
	}
	if (pcv_node_replace(slot, math_op(p, "′", 0)))
		math_spare(p, slot);
	f->primes = 1;
}

/* Resolves an \over in a row: its two halves become a fraction. */
static void math_finish_infix(math_parser *p, math_frame *f)
{
	static const char fences[][2][2] = {{"", ""}, {"(", ")"}, {"", ""}, {"{", "}"}, {"[", "]"}};
	if (!f->infix)
		return;
	int kind = f->infix - 1;
	pcv_node *den = math_row(p);
	math_append_all(den, f->row);
	pcv_node *frac = pcv_node_new(p->doc, PCV_NODE_MATH_FRACTION);
	pcv_node_append_child(frac, math_unwrap(p, f->infix_num));
	pcv_node_append_child(frac, math_unwrap(p, den));
	if (kind != 0)
		pcv_node_set_attr(frac, "linethickness", "0");
	if (fences[kind][0][0]) {
		pcv_node_append_child(f->row, math_stretchy_fence(p, fences[kind][0], PCV_MATH_PREFIX));
		pcv_node_append_child(f->row, frac);
		pcv_node_append_child(f->row, math_stretchy_fence(p, fences[kind][1], PCV_MATH_POSTFIX));
	} else
		pcv_node_append_child(f->row, frac);
	f->infix = 0;
}

/* A new cell (and row when newrow) of an environment frame. */
static void math_env_cell(math_parser *p, math_frame *f, int newrow)
{
	math_finish_infix(p, f);
	if (newrow || !f->tr) {
		f->tr = pcv_node_new(p->doc, PCV_NODE_MATH_TABLE_ROW);
		pcv_node_append_child(f->table, f->tr);
	}
	f->row = pcv_node_new(p->doc, PCV_NODE_MATH_TABLE_CELL);
	pcv_node_append_child(f->tr, f->row);
	f->target = f->row;
	f->last = f->scripted = NULL;
	f->primes = 0;
	f->variant = p->n >= 2 ? p->st[p->n - 2].variant : 0;
}

static void math_deliver(math_parser *p, pcv_node *atom, int limits);

/* ------------------------------------------------------------------ */
/* Building the nodes of commands with arguments                       */
/* ------------------------------------------------------------------ */

static pcv_node *math_style(math_parser *p, const char *key, const char *value)
{
	pcv_node *s = pcv_node_new(p->doc, PCV_NODE_MATH_STYLE);
	if (key)
		pcv_node_set_attr(s, key, value);
	return s;
}

static pcv_node *math_displaystyle(math_parser *p, pcv_node *inner, int style)
{
	if (style != 1 && style != 2 && style != 3)
		return inner;
	pcv_node *s = math_style(p, "displaystyle", style == 2 ? "false" : "true");
	pcv_node_set_attr(s, "scriptlevel", "0");
	pcv_node_append_child(s, inner);
	return s;
}

/* The leaves of a subtree joined, when it holds only identifiers, numbers,
 * text, operators and spaces; NULL otherwise. */
static char *math_flat_text(math_parser *p, pcv_node *node)
{
	size_t cap = 64, len = 0;
	char *buf = math_xmalloc(cap);
	pcv_iter it;
	pcv_event ev;
	int ok = 1;

	pcv_iter_init(&it, node);
	while (ok && (ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev != PCV_EVENT_ENTER)
			continue;
		const char *lit = NULL;
		switch (pcv_node_type(it.node)) {
		case PCV_NODE_MATH_ROW:
		case PCV_NODE_MATH_STYLE:
			continue;
		case PCV_NODE_MATH_IDENT:
		case PCV_NODE_MATH_NUMBER:
		case PCV_NODE_MATH_TEXT:
		case PCV_NODE_MATH_OPERATOR:
			lit = pcv_node_literal(it.node);
			break;
		case PCV_NODE_MATH_SPACE:
			lit = pcv_node_int(it.node) > 0 ? " " : "";
			break;
		default:
			ok = 0;
			continue;
		}
		size_t l = lit ? strlen(lit) : 0;
		if (len + l + 1 > cap) {
			cap = (len + l + 1) * 2;
			buf = math_xrealloc(buf, cap);
		}
		memcpy(buf + len, lit, l);
		len += l;
	}
	buf[len] = '\0';
	if (!ok || !len) {
		free(buf);
		return NULL;
	}
	char *s = pcv_doc_strdup(p->doc, buf);
	free(buf);
	return s;
}

/* Builds the node of a finished argument frame and pops the frame;
 * *limitsp tells whether the node takes limits. */
static pcv_node *math_build(math_parser *p, math_frame *f, int *limitsp)
{
	const math_sym *sym = f->sym;
	pcv_node *a = f->args[0], *b = f->args[1], *n = NULL, *row;
	int limits = 0;

	switch (sym->kind) {
	case MK_FRAC:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_FRACTION);
		pcv_node_append_child(n, a);
		pcv_node_append_child(n, b);
		n = math_displaystyle(p, n, sym->num);
		break;
	case MK_BINOM:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_FRACTION);
		pcv_node_set_attr(n, "linethickness", "0");
		pcv_node_append_child(n, a);
		pcv_node_append_child(n, b);
		row = math_row(p);
		pcv_node_append_child(row, math_stretchy_fence(p, "(", PCV_MATH_PREFIX));
		pcv_node_append_child(row, n);
		pcv_node_append_child(row, math_stretchy_fence(p, ")", PCV_MATH_POSTFIX));
		n = math_displaystyle(p, row, sym->num);
		break;
	case MK_SQRT:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_RADICAL);
		pcv_node_append_child(n, a);
		if (f->opt)
			pcv_node_append_child(n, f->opt);
		break;
	case MK_ACCENT: {
		int under = sym->num & MATH_ACC_UNDER;
		pcv_node *mark = math_op(p, sym->text, sym->num & MATH_ACC_STRETCHY ? PCV_MATH_STRETCHY : 0);
		if (!(sym->num & MATH_ACC_STRETCHY))
			pcv_node_set_attr(mark, "stretchy", "false");
		n = pcv_node_new(p->doc, PCV_NODE_MATH_UNDEROVER);
		pcv_node_append_child(n, a);
		pcv_node_append_child(n, under ? mark : math_row(p));
		pcv_node_append_child(n, under ? math_row(p) : mark);
		if (sym->num & MATH_ACC_BRACE)
			limits = 1;
		else
			pcv_node_set_attr(n, under ? "accentunder" : "accent", "true");
		break;
	}
	case MK_FONT: {
		n = pcv_node_new(p->doc, PCV_NODE_MATH_STYLE);
		pcv_node_set_int(n, sym->num);
		if (math_variant_name(sym->num))
			pcv_node_set_attr(n, "mathvariant", math_variant_name(sym->num));
		if (pcv_node_type(a) == PCV_NODE_MATH_ROW && pcv_node_attr_count(a) == 0) {
			math_append_all(n, a);
			math_spare(p, a);
		} else
			pcv_node_append_child(n, a);
		break;
	}
	case MK_OPNAME:
	case MK_MATHOP: {
		char *text = math_flat_text(p, a);
		if (sym->kind == MK_MATHOP && sym->num != 0) {
			/* \mathbin, \mathrel, ...: a class change only */
			n = text ? math_op(p, text, 0) : a;
			break;
		}
		if (text && sym->kind == MK_OPNAME && !f->star) {
			n = math_node(p, PCV_NODE_MATH_IDENT, text, strlen(text));
			if (strlen(text) == 1 || math_utf8_get(text, strlen(text), &(size_t){0}) > 0x7f)
				pcv_node_set_attr(n, "mathvariant", "normal");
		} else if (text) {
			n = math_op(p, text, PCV_MATH_LIMITS);
			limits = 1;
		} else {
			n = math_style(p, "mathvariant", "normal");
			pcv_node_set_int(n, PCV_MATHVARIANT_NORMAL);
			pcv_node_append_child(n, a);
		}
		break;
	}
	case MK_OVERSET:
	case MK_UNDERSET:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_UNDEROVER);
		pcv_node_append_child(n, b);
		pcv_node_append_child(n, sym->kind == MK_UNDERSET ? a : math_row(p));
		pcv_node_append_child(n, sym->kind == MK_UNDERSET ? math_row(p) : a);
		break;
	case MK_XARROW:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_UNDEROVER);
		pcv_node_append_child(n, math_op(p, sym->text, PCV_MATH_STRETCHY));
		pcv_node_append_child(n, f->opt ? f->opt : math_row(p));
		pcv_node_append_child(n, a);
		break;
	case MK_TEXTCOLOR:
		n = math_style(p, "mathcolor", f->str);
		pcv_node_append_child(n, a);
		break;
	case MK_PMOD:
		n = math_row(p);
		row = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
		pcv_node_set_int(row, 18);
		pcv_node_append_child(n, row);
		pcv_node_append_child(n, math_fixed_fence(p, "(", MK_OPEN));
		pcv_node_append_child(n, math_node(p, PCV_NODE_MATH_IDENT, "mod", 3));
		row = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
		pcv_node_set_int(row, 6);
		pcv_node_append_child(n, row);
		pcv_node_append_child(n, a);
		pcv_node_append_child(n, math_fixed_fence(p, ")", MK_CLOSE));
		break;
	case MK_BOXED:
		n = math_row(p);
		pcv_node_set_attr(n, "notation", "box");
		pcv_node_append_child(n, a);
		break;
	case MK_PHANTOM:
		n = math_style(p, "mathcolor", "transparent");
		pcv_node_set_attr(n, "phantom", "true");
		pcv_node_append_child(n, a);
		break;
	default:
		n = a;
	}
	p->n--;
	*limitsp = limits;
	return n;
}

/* Hands a finished atom to the top frame; finished argument frames build
 * their node and hand it on, in a loop. */
static void math_deliver(math_parser *p, pcv_node *atom, int limits)
{
	if (p->negate && pcv_node_type(atom) == PCV_NODE_MATH_OPERATOR) {
		const char *lit = pcv_node_literal(atom);
		const char *neg = lit ? math_negate(lit) : NULL;
		if (neg)
			pcv_node_set_literal(atom, neg);
		else {
			size_t l = strlen(lit ? lit : "");
			char *s = math_xmalloc(l + 3);
			memcpy(s, lit ? lit : "", l);
			memcpy(s + l, "\xcc\xb8", 3); /* U+0338 COMBINING LONG SOLIDUS OVERLAY */
			pcv_node_set_literal(atom, s);
			free(s);
		}
		p->negate = 0;
	}
	for (;;) {
		math_frame *f = math_top(p);
		if (math_is_row_frame(f)) {
			math_append(f, atom, limits);
			return;
		}
		if (f->kind == F_SCRIPT) {
			p->n--;
			math_attach_script(p, math_top(p), atom, f->sup, f->off);
			return;
		}
		f->args[f->got++] = atom;
		if (f->got < f->need)
			return;
		atom = math_build(p, f, &limits);
	}
}

/* Finishes the top row frame and returns its row. */
static pcv_node *math_close_row(math_parser *p)
{
	math_frame *f = math_top(p);
	math_finish_infix(p, f);
	pcv_node *row = f->row;
	free(f->env_name);
	free(f->colalign);
	free(f->collines);
	p->n--;
	return row;
}

/* ------------------------------------------------------------------ */
/* Environments                                                        */
/* ------------------------------------------------------------------ */

static void math_begin(math_parser *p, size_t at)
{
	const char *name, *spec = NULL;
	size_t len, speclen = 0, i;
	const math_env *env = NULL;

	if (!math_raw_arg(p, &name, &len, at))
		return;
	for (i = 0; i < sizeof math_envs / sizeof *math_envs; i++)
		if (strlen(math_envs[i].name) == len && memcmp(math_envs[i].name, name, len) == 0)
			env = &math_envs[i];
	if (!env) {
		math_error(p, at, "unknown environment '%.*s'", (int)len, name);
		return;
	}
	if (env->kind == ENV_ARRAY && !math_raw_arg(p, &spec, &speclen, at))
		return;
	if (strncmp(env->name, "alignat", 7) == 0 || strcmp(env->name, "alignedat") == 0) {
		const char *skip;
		size_t skiplen;
		if (!math_raw_arg(p, &skip, &skiplen, at))
			return;
	}
	math_frame *f = math_push(p, F_ENV, at);
	if (!f)
		return;
	f->env = env;
	f->env_name = math_xmalloc(len + 1);
	memcpy(f->env_name, name, len);
	f->env_name[len] = '\0';
	if (env->kind == ENV_EQUATION)
		return;
	if (spec) {
		f->colalign = math_xmalloc(speclen + 1);
		f->collines = math_xmalloc(speclen + 1);
		size_t nc = 0, nl = 0;
		int line = 0;
		for (i = 0; i < speclen; i++) {
			char c = spec[i];
			if (c == 'l' || c == 'c' || c == 'r' || c == 'p' || c == 'm' || c == 'b') {
				if (nc)
					f->collines[nl++] = line ? 's' : 'n';
				f->colalign[nc++] = c == 'p' || c == 'm' || c == 'b' ? 'l' : c;
				line = 0;
			} else if (c == '|')
				line = 1;
			if ((c == 'p' || c == 'm' || c == 'b' || c == '@' || c == '*') && i + 1 < speclen &&
			    spec[i + 1] == '{') {
				int depth = 0;
				for (i++; i < speclen; i++) {
					if (spec[i] == '{')
						depth++;
					else if (spec[i] == '}' && --depth == 0)
						break;
				}
			}
		}
		f->colalign[nc] = '\0';
		f->collines[nl] = '\0';
	}
	f->table = pcv_node_new(p->doc, PCV_NODE_MATH_TABLE);
	f->tr = NULL;
	f->row = NULL;
	math_env_cell(p, f, 1);
}

/* The "right left right left" of aligned, or the array's letters, for n
 * columns. */
static char *math_columns(const math_frame *f, size_t ncols)
{
	size_t cap = ncols * 8 + 1, len = 0;
	char *s = math_xmalloc(cap);
	s[0] = '\0';
	for (size_t i = 0; i < ncols; i++) {
		const char *a = "center";
		if (f->env->kind == ENV_ALIGN)
			a = strncmp(f->env->name, "eqnarray", 8) == 0 ? (i == 0 ? "right" : i == 1 ? "center" : "left")
			                                           : (i % 2 == 0 ? "right" : "left");
		else if (f->env->kind == ENV_CASES)
			a = "left";
		else if (f->colalign && f->colalign[0]) {
			size_t k = strlen(f->colalign);
			char c = f->colalign[i < k ? i : k - 1];
			a = c == 'l' ? "left" : c == 'r' ? "right" : "center";
		}
		len += (size_t)snprintf(s + len, cap - len, "%s%s", i ? " " : "", a);
	}
	return s;
}

static void math_end(math_parser *p, size_t at)
{
	const char *name;
	size_t len;
	math_frame *f = math_top(p);

	if (!math_raw_arg(p, &name, &len, at))
		return;
	if (f->kind != F_ENV) {
		math_error(p, at, "\\end{%.*s} without \\begin", (int)len, name);
		return;
	}
	if (strlen(f->env_name) != len || memcmp(f->env_name, name, len) != 0) {
		math_error(p, at, "\\begin{%s} ended by \\end{%.*s}", f->env_name, (int)len, name);
		return;
	}
	const math_env *env = f->env;
	if (env->kind == ENV_EQUATION) {
		math_deliver(p, math_close_row(p), 0);
		return;
	}
	math_finish_infix(p, f);
	pcv_node *table = f->table;
	/* a final \\ leaves an empty last row: drop it */
	pcv_node *lastrow = pcv_node_last_child(table);
	if (lastrow && pcv_node_prev(lastrow) && pcv_node_first_child(lastrow) &&
	    !pcv_node_next(pcv_node_first_child(lastrow)) &&
	    !pcv_node_first_child(pcv_node_first_child(lastrow)))
		pcv_node_unlink(lastrow);
	size_t ncols = 0;
	for (pcv_node *r = pcv_node_first_child(table); r; r = pcv_node_next(r)) {
		size_t k = 0;
		for (pcv_node *c = pcv_node_first_child(r); c; c = pcv_node_next(c))
			k++;
		if (k > ncols)
			ncols = k;
	}
	char *cols = math_columns(f, ncols ? ncols : 1);
	pcv_node_set_attr(table, "columnalign", cols);
	free(cols);
	if (f->collines && strchr(f->collines, 's')) {
		size_t k = strlen(f->collines);
		char *lines = math_xmalloc(k * 6 + 1);
		size_t o = 0;
		for (size_t i = 0; i < k; i++)
			o += (size_t)sprintf(lines + o, "%s%s", i ? " " : "", f->collines[i] == 's' ? "solid" : "none");
		pcv_node_set_attr(table, "columnlines", lines);
		free(lines);
	}
	if (env->kind == ENV_ALIGN || env->kind == ENV_GATHER || strcmp(env->name, "dcases") == 0)
		pcv_node_set_attr(table, "displaystyle", "true");
	if (env->kind == ENV_ALIGN)
		pcv_node_set_attr(table, "columnspacing", "0em 2em");
	pcv_node *result = table;
	if (env->kind == ENV_SMALL) {
		result = math_style(p, "scriptlevel", "1");
		pcv_node_append_child(result, table);
	}
	if (env->open[0] || env->close[0]) {
		result = math_row(p);
		if (env->open[0])
			pcv_node_append_child(result, math_stretchy_fence(p, env->open, PCV_MATH_PREFIX));
		pcv_node_append_child(result, table);
		if (env->close[0])
			pcv_node_append_child(result, math_stretchy_fence(p, env->close, PCV_MATH_POSTFIX));
	}
	free(f->env_name);
	free(f->colalign);
	free(f->collines);
	p->n--;
	math_deliver(p, result, 0);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

/* Reads the delimiter after \left and co.; *kind gets its MK_ kind. */
static const char *math_read_delim(math_parser *p, size_t at, const char *cmd, int *kind)
{
	math_tok t;
	math_next(p, &t);
	const char *d = NULL;
	if (t.type == T_CHAR || t.type == T_CMD)
		d = math_delimiter(p->s + t.off, t.len, kind);
	if (!d)
		math_error(p, t.type == T_END ? at : t.off, "missing or unknown delimiter after \\%s", cmd);
	return d;
}

/* Opens a frame waiting for n arguments of command sym. */
static math_frame *math_args(math_parser *p, const math_sym *sym, int n, size_t at)
{
	math_frame *f = math_push(p, F_ARGS, at);
	if (f) {
		f->sym = sym;
		f->need = n;
	}
	return f;
}

/* A style switch (\color, \displaystyle, \rm): the rest of the current
 * row goes into a new MATH_STYLE. */
static math_frame *math_switch(math_parser *p, pcv_node *style, size_t at, const char *cmd)
{
	math_frame *f = math_top(p);
	if (!math_is_row_frame(f)) {
		math_error(p, at, "\\%s cannot be an argument", cmd);
		return NULL;
	}
	pcv_node_append_child(f->target, style);
	f->target = style;
	f->last = f->scripted = NULL;
	return f;
}

static void math_command(math_parser *p, const math_tok *t)
{
	const math_sym *sym;
	math_frame *f = math_top(p), *g;
	const char *text, *d;
	size_t len;
	int kind;
	pcv_node *n;

	if (t->n == 0) {
		math_error(p, t->off, "a lone \\ at the end");
		return;
	}
	sym = math_lookup(t->s, t->n);
	if (!sym) {
		math_error(p, t->off, "unknown command \\%.*s", (int)t->n, t->s);
		return;
	}
	switch (sym->kind) {
	case MK_IDENT:
	case MK_UPRIGHT: {
		char buf[8];
		size_t used, l = strlen(sym->text);
		unsigned long c = math_utf8_get(sym->text, l, &used);
		if (used == l && f->variant > PCV_MATHVARIANT_NORMAL)
			n = math_node(p, PCV_NODE_MATH_IDENT, buf, math_utf8_put(buf, math_variant_char(f->variant, c)));
		else
			n = math_node(p, PCV_NODE_MATH_IDENT, sym->text, l);
		if (sym->kind == MK_UPRIGHT && f->variant <= PCV_MATHVARIANT_NORMAL)
			pcv_node_set_attr(n, "mathvariant", "normal");
		math_deliver(p, n, 0);
		break;
	}
	case MK_FUNC:
		math_deliver(p, math_node(p, PCV_NODE_MATH_IDENT, sym->text, strlen(sym->text)), 0);
		break;
	case MK_OP:
		math_deliver(p, math_op(p, sym->text, sym->num), 0);
		break;
	case MK_OPEN:
	case MK_CLOSE:
	case MK_FENCE:
		math_deliver(p, math_fixed_fence(p, sym->text, sym->kind), 0);
		break;
	case MK_BIGOP:
		math_deliver(p, math_op(p, sym->text, PCV_MATH_LARGE | sym->num),
		             (sym->num & PCV_MATH_LIMITS) != 0);
		break;
	case MK_NAMEDOP:
		math_deliver(p, math_op(p, sym->text, PCV_MATH_LIMITS), 1);
		break;
	case MK_SPACE:
		n = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
		pcv_node_set_int(n, sym->num);
		math_deliver(p, n, 0);
		break;
	case MK_FRAC:
	case MK_BINOM:
	case MK_OVERSET:
	case MK_UNDERSET:
		math_args(p, sym, 2, t->off);
		break;
	case MK_SQRT:
	case MK_XARROW:
		if (!math_args(p, sym, 1, t->off))
			break;
		if (math_peek(p, '['))
			math_push(p, F_OPT, t->off);
		break;
	case MK_ACCENT:
	case MK_PMOD:
	case MK_BOXED:
	case MK_PHANTOM:
		math_args(p, sym, 1, t->off);
		break;
	case MK_MATHOP:
		if ((g = math_args(p, sym, 1, t->off)) != NULL && sym->num == 0)
			g->variant = PCV_MATHVARIANT_NORMAL;
		break;
	case MK_FONT:
		if ((g = math_args(p, sym, 1, t->off)) != NULL)
			g->variant = sym->num;
		break;
	case MK_OPNAME: {
		int star = p->pos < p->len && p->s[p->pos] == '*';
		if (star)
			p->pos++;
		if ((g = math_args(p, sym, 1, t->off)) != NULL) {
			g->variant = PCV_MATHVARIANT_NORMAL;
			g->star = star;
		}
		break;
	}
	case MK_TEXT:
		if (math_raw_arg(p, &text, &len, t->off))
			math_deliver(p, math_text_node(p, text, len, sym->num), 0);
		break;
	case MK_LEFT:
		if ((d = math_read_delim(p, t->off, "left", &kind)) == NULL)
			break;
		if ((g = math_push(p, F_LEFT, t->off)) != NULL && *d)
			pcv_node_append_child(g->row, math_stretchy_fence(p, d, PCV_MATH_PREFIX));
		break;
	case MK_RIGHT:
		if (f->kind != F_LEFT) {
			math_error(p, t->off, "\\right without \\left");
			break;
		}
		if ((d = math_read_delim(p, t->off, "right", &kind)) == NULL)
			break;
		math_finish_infix(p, f);
		if (*d)
			pcv_node_append_child(f->row, math_stretchy_fence(p, d, PCV_MATH_POSTFIX));
		math_deliver(p, math_close_row(p), 0);
		break;
	case MK_MIDDLE:
		if ((d = math_read_delim(p, t->off, "middle", &kind)) != NULL)
			math_deliver(p, math_stretchy_fence(p, *d ? d : "", 0), 0);
		break;
	case MK_BIG: {
		static const char sizes[][8] = {"1.2em", "1.623em", "2.047em", "2.470em"};
		if ((d = math_read_delim(p, t->off, "big", &kind)) == NULL)
			break;
		long form = sym->num & 16 ? PCV_MATH_PREFIX : sym->num & 32 ? PCV_MATH_POSTFIX : 0;
		if (!(sym->num & (16 | 32 | 64)))
			form = kind == MK_OPEN ? PCV_MATH_PREFIX : kind == MK_CLOSE ? PCV_MATH_POSTFIX : 0;
		n = math_op(p, d, PCV_MATH_STRETCHY | PCV_MATH_FENCE | form);
		pcv_node_set_attr(n, "minsize", sizes[(sym->num & 15) - 1]);
		pcv_node_set_attr(n, "maxsize", sizes[(sym->num & 15) - 1]);
		math_deliver(p, n, 0);
		break;
	}
	case MK_BEGIN:
		math_begin(p, t->off);
		break;
	case MK_END:
		math_end(p, t->off);
		break;
	case MK_LIMITS:
	case MK_NOLIMITS:
		if (!math_is_row_frame(f) || !f->last || f->scripted ||
		    pcv_node_type(f->last) != PCV_NODE_MATH_OPERATOR) {
			math_error(p, t->off, "\\%s must follow a math operator", sym->kind == MK_LIMITS ? "limits" : "nolimits");
			break;
		}
		f->last_limits = sym->kind == MK_LIMITS;
		pcv_node_set_int(f->last, pcv_node_int(f->last) & ~(long)PCV_MATH_LIMITS);
		break;
	case MK_TAG: {
		int star = p->pos < p->len && p->s[p->pos] == '*';
		if (star)
			p->pos++;
		if (!math_raw_arg(p, &text, &len, t->off))
			break;
		char *tag = pcv_doc_alloc(p->doc, len + 3);
		if (star)
			memcpy(tag, text, len), tag[len] = '\0';
		else
			tag[0] = '(', memcpy(tag + 1, text, len), tag[len + 1] = ')', tag[len + 2] = '\0';
		p->tag = tag;
		break;
	}
	case MK_COLOR:
		if (math_raw_arg(p, &text, &len, t->off))
			math_switch(p, math_style(p, "mathcolor", pcv_doc_strndup(p->doc, text, len)), t->off, "color");
		break;
	case MK_TEXTCOLOR:
		if (math_raw_arg(p, &text, &len, t->off) && (g = math_args(p, sym, 1, t->off)) != NULL)
			g->str = pcv_doc_strndup(p->doc, text, len);
		break;
	case MK_MSTYLE: {
		static const char levels[][2] = {"0", "0", "1", "2"};
		n = math_style(p, "displaystyle", sym->num == 0 ? "true" : "false");
		pcv_node_set_attr(n, "scriptlevel", levels[sym->num]);
		math_switch(p, n, t->off, "displaystyle");
		break;
	}
	case MK_OLDFONT:
		n = math_style(p, "mathvariant", math_variant_name(sym->num));
		pcv_node_set_int(n, sym->num);
		if ((g = math_switch(p, n, t->off, "rm")) != NULL)
			g->variant = sym->num;
		break;
	case MK_NOT:
		p->negate = 1;
		p->negate_off = t->off;
		break;
	case MK_INFIX:
		if (!math_is_row_frame(f)) {
			math_error(p, t->off, "\\%.*s cannot be an argument", (int)t->n, t->s);
			break;
		}
		if (f->infix) {
			math_error(p, t->off, "ambiguous: two \\over in one group");
			break;
		}
		f->infix = sym->num + 1;
		f->infix_num = math_row(p);
		math_append_all(f->infix_num, f->row);
		f->target = f->row;
		f->last = f->scripted = NULL;
		break;
	case MK_NEWLINE:
		math_raw_opt(p, &text, &len);
		if ((f->kind == F_ENV && f->table) || f->kind == F_SUBSTACK) {
			math_env_cell(p, f, 1);
		} else if (f->kind == F_ROOT || (f->kind == F_ENV && !f->table)) {
			n = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
			pcv_node_set_attr(n, "linebreak", "newline");
			math_append(f, n, 0);
		} else
			math_error(p, t->off, "misplaced \\\\");
		break;
	case MK_HSPACE:
		if (sym->num == 0 && p->pos < p->len && p->s[p->pos] == '*')
			p->pos++;
		if (sym->num == 0 ? math_raw_arg(p, &text, &len, t->off) : 1) {
			if (sym->num != 0) {
				/* \kern3mu: the dimension up to its unit */
				math_skip_space(p);
				text = p->s + p->pos;
				while (p->pos < p->len && strchr("+-.0123456789 ", p->s[p->pos]))
					p->pos++;
				if (p->pos + 2 <= p->len)
					p->pos += 2;
				len = (size_t)(p->s + p->pos - text);
			}
			n = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
			pcv_node_set_int(n, math_dimension(text, len));
			math_deliver(p, n, 0);
		}
		break;
	case MK_IGNORE:
		break;
	case MK_IGNORE_ARG:
		math_raw_arg(p, &text, &len, t->off);
		break;
	case MK_SUBSTACK:
		if (!math_peek(p, '{')) {
			math_error(p, t->off, "\\substack needs {");
			break;
		}
		if ((g = math_push(p, F_SUBSTACK, t->off)) != NULL) {
			g->table = pcv_node_new(p->doc, PCV_NODE_MATH_TABLE);
			g->row = NULL;
			math_env_cell(p, g, 1);
		}
		break;
	}
}

/* ------------------------------------------------------------------ */
/* The main loop                                                       */
/* ------------------------------------------------------------------ */

/* A character as an atom: letters are identifiers, digits numbers (a run
 * of them when read into a row), the rest operators. */
static void math_char(math_parser *p, const math_tok *t)
{
	math_frame *f = math_top(p);
	unsigned char c = (unsigned char)t->s[0];
	int in_row = math_is_row_frame(f);
	char buf[8];
	pcv_node *n;

	if (c >= '0' && c <= '9') {
		size_t end = t->off + 1;
		if (in_row)
			while (end < p->len && ((p->s[end] >= '0' && p->s[end] <= '9') ||
			                        (p->s[end] == '.' && end + 1 < p->len &&
			                         p->s[end + 1] >= '0' && p->s[end + 1] <= '9')))
				end++;
		p->pos = end;
		if (f->variant > PCV_MATHVARIANT_NORMAL) {
			size_t o = 0;
			char *s = math_xmalloc((end - t->off) * 4 + 1);
			for (size_t i = t->off; i < end; i++)
				o += math_utf8_put(s + o, math_variant_char(f->variant, (unsigned char)p->s[i]));
			n = math_node(p, PCV_NODE_MATH_NUMBER, s, o);
			free(s);
		} else
			n = math_node(p, PCV_NODE_MATH_NUMBER, p->s + t->off, end - t->off);
		math_deliver(p, n, 0);
		return;
	}
	if (math_is_letter(c)) {
		if (f->variant == PCV_MATHVARIANT_NORMAL && in_row) {
			/* \mathrm{EI}, \operatorname{tr}: one upright name */
			size_t end = t->off + 1;
			while (end < p->len && math_is_letter((unsigned char)p->s[end]))
				end++;
			p->pos = end;
			n = math_node(p, PCV_NODE_MATH_IDENT, p->s + t->off, end - t->off);
			if (end - t->off == 1)
				pcv_node_set_attr(n, "mathvariant", "normal");
		} else if (f->variant == PCV_MATHVARIANT_NORMAL) {
			n = math_node(p, PCV_NODE_MATH_IDENT, t->s, 1);
			pcv_node_set_attr(n, "mathvariant", "normal");
		} else
			n = math_node(p, PCV_NODE_MATH_IDENT, buf, math_utf8_put(buf, math_variant_char(f->variant, c)));
		math_deliver(p, n, 0);
		return;
	}
	switch (c) {
	case '(': case '[':
		math_deliver(p, math_fixed_fence(p, c == '(' ? "(" : "[", MK_OPEN), 0);
		return;
	case ')':
		math_deliver(p, math_fixed_fence(p, ")", MK_CLOSE), 0);
		return;
	case ']':
		if (f->kind == F_OPT) {
			pcv_node *row = math_close_row(p);
			math_frame *g = math_top(p);
			g->opt = math_unwrap(p, row);
			return;
		}
		math_deliver(p, math_fixed_fence(p, "]", MK_CLOSE), 0);
		return;
	case '|':
		math_deliver(p, math_fixed_fence(p, "|", MK_FENCE), 0);
		return;
	case '-':
		math_deliver(p, math_op(p, "−", 0), 0);
		return;
	case '*':
		math_deliver(p, math_op(p, "∗", 0), 0);
		return;
	case '~':
		n = pcv_node_new(p->doc, PCV_NODE_MATH_SPACE);
		pcv_node_set_int(n, 6);
		math_deliver(p, n, 0);
		return;
	case '#':
		math_error(p, t->off, "macro parameter character # in math");
		return;
	case '$':
		math_error(p, t->off, "$ inside math");
		return;
	}
	if (c >= 0x80) {
		/* a Unicode character typed as is: a letter is an identifier */
		size_t used;
		unsigned long u = math_utf8_get(t->s, t->n, &used);
		int letter = (u >= 0x370 && u <= 0x3FF) || (u >= 0xC0 && u <= 0x24F && u != 0xD7 && u != 0xF7) ||
		             (u >= 0x1D400 && u <= 0x1D7FF) || (u >= 0x2100 && u <= 0x214F);
		if (letter) {
			math_deliver(p, math_node(p, PCV_NODE_MATH_IDENT, t->s, t->n), 0);
			return;
		}
	}
	math_deliver(p, math_op(p, pcv_doc_strndup(p->doc, t->s, t->n), 0), 0);
}

static const char *math_frame_what(const math_frame *f)
{
	switch (f->kind) {
	case F_GROUP: return "missing } for this {";
	case F_OPT: return "missing ] for this [";
	case F_LEFT: return "\\left without \\right";
	case F_ENV: return "\\begin without \\end";
	case F_SUBSTACK: return "missing } for this \\substack";
	case F_SCRIPT: return "missing script";
	default: return "missing argument";
	}
}

pcv_node *math_parse(pcv_doc *doc, math_spares *spares, const char *tex, size_t len, char *msg,
                     size_t msgsize, size_t *err_off, const char **tag)
{
	math_parser p;
	math_tok t;
	math_frame *f;
	pcv_node *result = NULL;

	memset(&p, 0, sizeof p);
	p.doc = doc;
	p.spares = spares;
	p.s = tex;
	p.len = len;
	p.msg = msg;
	p.msgsize = msgsize;
	math_push(&p, F_ROOT, 0);

	while (!p.err) {
		math_next(&p, &t);
		if (t.type == T_END)
			break;
		f = math_top(&p);
		switch (t.type) {
		case T_LBRACE:
			math_push(&p, F_GROUP, t.off);
			break;
		case T_RBRACE:
			if (f->kind == F_GROUP) {
				pcv_node *row = math_close_row(&p);
				math_deliver(&p, math_is_row_frame(math_top(&p)) ? row : math_unwrap(&p, row), 0);
			} else if (f->kind == F_SUBSTACK) {
				math_finish_infix(&p, f);
				pcv_node *table = f->table;
				pcv_node_set_attr(table, "rowspacing", "0.1em");
				p.n--;
				math_deliver(&p, table, 0);
			} else if (f->kind == F_ROOT)
				math_error(&p, t.off, "unmatched }");
			else
				math_error(&p, f->kind == F_ARGS || f->kind == F_SCRIPT ? t.off : f->off, "%s",
				           math_frame_what(f));
			break;
		case T_SUP:
		case T_SUB:
			if (!math_is_row_frame(f)) {
				math_error(&p, t.off, "missing argument before %c", t.type == T_SUP ? '^' : '_');
				break;
			}
			if ((f = math_push(&p, F_SCRIPT, t.off)) != NULL)
				f->sup = t.type == T_SUP;
			break;
		case T_PRIME:
			if (math_is_row_frame(f))
				math_attach_prime(&p, f, t.off);
			else
				math_deliver(&p, math_op(&p, "′", 0), 0);
			break;
		case T_AMP:
			if (f->kind == F_ENV && f->table)
				math_env_cell(&p, f, 0);
			else
				math_error(&p, t.off, "misplaced &");
			break;
		case T_CMD:
			math_command(&p, &t);
			break;
		case T_CHAR:
			math_char(&p, &t);
			break;
		}
	}
	if (!p.err && p.negate)
		math_error(&p, p.negate_off, "\\not without a relation after it");
	if (!p.err && p.n > 1) {
		f = math_top(&p);
		math_error(&p, f->kind == F_ARGS || f->kind == F_SCRIPT ? len : f->off, "%s",
		           math_frame_what(f));
	}
	if (!p.err) {
		result = math_close_row(&p);
		*tag = p.tag;
	} else {
		*err_off = p.err_off;
		while (p.n > 0) {
			free(p.st[p.n - 1].env_name);
			free(p.st[p.n - 1].colalign);
			free(p.st[p.n - 1].collines);
			p.n--;
		}
	}
	free(p.st);
	return result;
}
