/*
 * linear.c -- a parsed formula as one line of Unicode: x², xᵢ, ∑ᵢ₌₁ⁿ,
 * √(x), (a + b)/(c + d), ℝ, x⃗.  Scripts Unicode cannot write in small
 * characters become _{..} and ^{..}.  Tables (aligned equations, matrices,
 * cases) become rows separated by "; ", or by new lines for equations
 * aligned at the top of display math.
 *
 * The walk uses the tree iterator with an explicit stack: each node's
 * string is made at its EXIT from the strings of its children.
 */
#include <stdlib.h>
#include <string.h>

#include "math.h"

typedef struct lin_buf {
	char *s;
	size_t len, cap;
} lin_buf;

/* The linear text of a finished child: s (NUL-terminated) is set from
 * off, its place in math_linear's text, when its parent is written. */
typedef struct lin_part {
	const char *s;
	size_t off, len;
	pcv_node *node;
} lin_part;

typedef struct lin_frame {
	pcv_node *node;
	int compact;     /* inside a script: no spaces around operators */
	lin_part *parts; /* its finished children, set when it is written */
	size_t first, n; /* where they start in math_linear's parts, how many */
} lin_frame;

static void lin_add(lin_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->s = math_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static void lin_adds(lin_buf *b, const char *s)
{
	lin_add(b, s, strlen(s));
}

static void lin_space(lin_buf *b)
{
	if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
		lin_add(b, " ", 1);
}

/* ------------------------------------------------------------------ */
/* Small scripts                                                       */
/* ------------------------------------------------------------------ */

static const char lin_sup_from[][4] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "−", "-", "=", "(", ")",
	"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s",
	"t", "u", "v", "w", "x", "y", "z", "A", "B", "D", "E", "G", "H", "I", "J", "K", "L", "M",
	"N", "O", "P", "R", "T", "U", "V", "W", "β", "γ", "δ", "θ", "φ", "ϕ", "χ", "⊤", "′", "″", "‴",
	"∗"};
static const char lin_sup_to[][4] = {
	"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁺", "⁻", "⁻", "⁼", "⁽", "⁾",
	"ᵃ", "ᵇ", "ᶜ", "ᵈ", "ᵉ", "ᶠ", "ᵍ", "ʰ", "ⁱ", "ʲ", "ᵏ", "ˡ", "ᵐ", "ⁿ", "ᵒ", "ᵖ", "ʳ", "ˢ",
	"ᵗ", "ᵘ", "ᵛ", "ʷ", "ˣ", "ʸ", "ᶻ", "ᴬ", "ᴮ", "ᴰ", "ᴱ", "ᴳ", "ᴴ", "ᴵ", "ᴶ", "ᴷ", "ᴸ", "ᴹ",
	"ᴺ", "ᴼ", "ᴾ", "ᴿ", "ᵀ", "ᵁ", "ⱽ", "ᵂ", "ᵝ", "ᵞ", "ᵟ", "ᶿ", "ᵠ", "ᵠ", "ᵡ", "ᵀ", "′", "″", "‴",
	"*"};
static const char lin_sub_from[][4] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "−", "-", "=", "(", ")",
	"a", "e", "h", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "v", "x",
	"β", "γ", "ρ", "φ", "ϕ", "χ", "∗"};
static const char lin_sub_to[][4] = {
	"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉", "₊", "₋", "₋", "₌", "₍", "₎",
	"ₐ", "ₑ", "ₕ", "ᵢ", "ⱼ", "ₖ", "ₗ", "ₘ", "ₙ", "ₒ", "ₚ", "ᵣ", "ₛ", "ₜ", "ᵤ", "ᵥ", "ₓ",
	"ᵦ", "ᵧ", "ᵨ", "ᵩ", "ᵩ", "ᵪ", "⁎"};

_Static_assert(sizeof lin_sup_from == sizeof lin_sup_to, "lin_sup_from and lin_sup_to differ");
_Static_assert(sizeof lin_sub_from == sizeof lin_sub_to, "lin_sub_from and lin_sub_to differ");

/* s in small characters into b; returns 0 (b unchanged) when one has no
 * small form. */
static int lin_small(lin_buf *b, const char *s, size_t len, int sup)
{
	const char(*from)[4] = sup ? lin_sup_from : lin_sub_from;
	const char(*to)[4] = sup ? lin_sup_to : lin_sub_to;
	size_t nfrom = sup ? sizeof lin_sup_from / sizeof *lin_sup_from
	                   : sizeof lin_sub_from / sizeof *lin_sub_from;
	size_t i = 0, start = b->len;

	if (!len)
		return 0;
	while (i < len) {
		size_t used, k;
		math_utf8_get(s + i, len - i, &used);
		for (k = 0; k < nfrom; k++)
			if (strlen(from[k]) == used && memcmp(from[k], s + i, used) == 0)
				break;
		if (k == nfrom) {
			b->len = start;
			if (b->s)
				b->s[start] = '\0';
			return 0;
		}
		lin_adds(b, to[k]);
		i += used;
	}
	return 1;
}

static size_t lin_chars(const char *s, size_t len)
{
	size_t n = 0, i = 0, used;
	while (i < len) {
		unsigned long c = math_utf8_get(s + i, len - i, &used);
		if (!((c >= 0x300 && c <= 0x36F) || (c >= 0x20D0 && c <= 0x20FF)))
			n++;
		i += used;
	}
	return n;
}

static void lin_script(lin_buf *b, const lin_part *p, int sup)
{
	if (!p || !p->len)
		return;
	if (lin_small(b, p->s, p->len, sup))
		return;
	lin_adds(b, sup ? "^" : "_");
	if (lin_chars(p->s, p->len) == 1)
		lin_add(b, p->s, p->len);
	else {
		lin_adds(b, "{");
		lin_add(b, p->s, p->len);
		lin_adds(b, "}");
	}
}

/* ------------------------------------------------------------------ */
/* Classes, for spacing in rows                                        */
/* ------------------------------------------------------------------ */

enum { C_ORD, C_REL, C_BIN, C_PUNCT, C_OPEN, C_CLOSE, C_LARGE, C_WORD, C_SPACE, C_FENCED };

static int lin_in(const char *lit, const char *set)
{
	/* set: characters separated by spaces */
	size_t l = strlen(lit);
	char key[16];
	if (l >= 2 && memcmp(lit + l - 2, "\xcc\xb8", 2) == 0)
		l -= 2; /* a \not-ed relation */
	if (l == 0 || memchr(lit, ' ', l))
		return 0; /* no token is empty or holds a space */
	if (l < sizeof key) {
		/* find the literal in the set, then check that it is a whole token */
		memcpy(key, lit, l);
		key[l] = '\0';
		for (const char *p = set; (p = strstr(p, key)) != NULL; p++)
			if ((p == set || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
				return 1;
		return 0;
	}
	while (*set) {
		const char *e = strchr(set, ' ');
		size_t n = e ? (size_t)(e - set) : strlen(set);
		if (n == l && memcmp(set, lit, l) == 0)
			return 1;
		set += n;
		while (*set == ' ')
			set++;
	}
	return 0;
}

/* The node that gives a composite its class: the base of scripts, the
 * single child of a style or row. */
static const pcv_node *lin_core(const pcv_node *n)
{
	for (;;) {
		int t = pcv_node_type(n);
		const pcv_node *c = pcv_node_first_child(n);
		if (!c)
			return n;
		if (t == PCV_NODE_MATH_SCRIPTS || t == PCV_NODE_MATH_UNDEROVER)
			n = c;
		else if ((t == PCV_NODE_MATH_STYLE || t == PCV_NODE_MATH_ROW) && !pcv_node_next(c))
			n = c;
		else
			return n;
	}
}

static int lin_class(const pcv_node *node)
{
	const pcv_node *n = lin_core(node);
	const char *lit = pcv_node_literal(n);
	long flags = pcv_node_int(n);

	switch (pcv_node_type(n)) {
	case PCV_NODE_MATH_OPERATOR:
		if (!lit)
			return C_ORD;
		if (flags & PCV_MATH_LARGE)
			return C_LARGE;
		if ((lit[0] >= 'a' && lit[0] <= 'z') || (lit[0] >= 'A' && lit[0] <= 'Z'))
			return C_WORD;
		if (flags & PCV_MATH_PREFIX && flags & PCV_MATH_FENCE)
			return C_OPEN;
		if (flags & PCV_MATH_POSTFIX && flags & PCV_MATH_FENCE)
			return C_CLOSE;
		if (lin_in(lit, ", ;"))
			return C_PUNCT;
		if (lin_in(lit, "= < > : ≤ ≥ ≠ ≈ ≊ ∼ ≃ ≅ ≡ ∝ ∈ ∉ ∋ ⊂ ⊃ ⊆ ⊇ ⊊ ⊋ ⊈ ⊉ ⊏ ⊐ ⊑ ⊒ ≪ ≫ ≺ ≻ "
		               "⪯ ⪰ ⊥ ∥ ∦ ∣ ∤ ⊨ ⊢ ⊣ ≍ ≐ ⩽ ⩾ ≲ ≳ ≶ ≷ ≦ ≧ ≮ ≯ ≰ ≱ ≁ ≇ ≜ ≔ ≕ → ← ↔ ⇒ ⇐ ⇔ "
		               "⟺ ⟹ ⟸ ↦ ⟼ ⟶ ⟵ ⟷ ↑ ↓ ↕ ⇑ ⇓ ↪ ↩ ⇀ ↼ ⇌ ⇝ ↠ ↛ ↚ ⇏ ⇍ ⇎ ∴ ∵"))
			return C_REL;
		if (lin_in(lit, "+ − ± ∓ × ÷ ⋅ ∗ ⋆ ∘ ∙ ⊕ ⊖ ⊗ ⊘ ⊙ ∪ ∩ ∖ ∧ ∨ ⊔ ⊓ ⊎ ⨿ ⋉ ⋊ mod"))
			return C_BIN;
		return C_ORD;
	case PCV_NODE_MATH_IDENT:
		if (lit && strlen(lit) > 1 && lit[0] >= 'A' && lit[0] <= 'z' && lin_chars(lit, strlen(lit)) > 1)
			return C_WORD;
		return C_ORD;
	case PCV_NODE_MATH_SPACE:
		return C_SPACE;
	case PCV_NODE_MATH_ROW: {
		/* \left( .. \right): reads as an argument after a name */
		const pcv_node *c = pcv_node_first_child(n);
		if (pcv_node_type(c) == PCV_NODE_MATH_OPERATOR && (pcv_node_int(c) & PCV_MATH_FENCE) &&
		    (pcv_node_int(c) & PCV_MATH_PREFIX))
			return C_FENCED;
		break;
	}
	}
	return C_ORD;
}

/* ------------------------------------------------------------------ */
/* Node strings                                                        */
/* ------------------------------------------------------------------ */

/* Children as one row, spaced like typeset math. */
static void lin_row(lin_buf *b, const lin_frame *f, size_t from, size_t to)
{
	int prev = -1, space_after = 0;

	for (size_t i = from; i < to; i++) {
		const lin_part *p = &f->parts[i];
		int cls = lin_class(p->node);
		if (!p->len)
			continue;
		if (f->compact) {
			if (cls != C_SPACE)
				lin_add(b, p->s, p->len);
			prev = cls;
			continue;
		}
		if (space_after && cls != C_CLOSE && cls != C_PUNCT)
			lin_space(b);
		space_after = 0;
		switch (cls) {
		case C_REL:
			if (prev >= 0)
				lin_space(b);
			lin_add(b, p->s, p->len);
			space_after = 1;
			break;
		case C_BIN:
			if (prev >= 0 && prev != C_REL && prev != C_BIN && prev != C_PUNCT &&
			    prev != C_OPEN && prev != C_LARGE) {
				lin_space(b);
				lin_add(b, p->s, p->len);
				space_after = 1;
			} else
				lin_add(b, p->s, p->len);
			break;
		case C_PUNCT:
			lin_add(b, p->s, p->len);
			space_after = 1;
			break;
		case C_SPACE:
			if (p->s[0] == '\n') {
				while (b->len && b->s[b->len - 1] == ' ')
					b->s[--b->len] = '\0';
				lin_add(b, "\n", 1);
			} else
				lin_space(b);
			break;
		case C_LARGE:
			if (prev >= 0 && prev != C_OPEN)
				lin_space(b);
			lin_add(b, p->s, p->len);
			space_after = 1;
			break;
		default:
			if (prev == C_WORD && cls != C_OPEN && cls != C_CLOSE && cls != C_FENCED)
				lin_space(b);
			else if (cls == C_WORD && prev >= 0 && prev != C_OPEN && prev != C_SPACE)
				lin_space(b);
			lin_add(b, p->s, p->len);
		}
		prev = cls;
	}
}

/* Whether a part reads as one unit (no brackets needed around it). */
static int lin_simple(const lin_part *p)
{
	static const char seps[][4] = {" ", "+", "−", "-", "=", "/", ",", "×", "⋅", "±"};
	if (!p->len)
		return 1;
	int opens = p->s[0] == '(' || p->s[0] == '[';
	int closes = p->s[p->len - 1] == ')' || p->s[p->len - 1] == ']';
	if (opens && closes) {
		/* (..) as a whole, not (a)(b) */
		int depth = 0;
		for (size_t i = 0; i < p->len; i++) {
			if (p->s[i] == '(' || p->s[i] == '[')
				depth++;
			else if ((p->s[i] == ')' || p->s[i] == ']') && --depth == 0 && i + 1 < p->len)
				goto scan;
		}
		return 1;
	}
scan:
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
		const char *hit = strstr(p->s, seps[k]);
		/* a leading minus keeps -x simple enough: it is (−x) only in sums */
		if (hit && !(hit == p->s && strcmp(seps[k], "−") == 0 && lin_chars(p->s, p->len) <= 2))
			return 0;
	}
	return 1;
}

static void lin_unit(lin_buf *b, const lin_part *p)
{
	if (lin_simple(p))
		lin_add(b, p->s, p->len);
	else {
		lin_adds(b, "(");
		lin_add(b, p->s, p->len);
		lin_adds(b, ")");
	}
}

static const char *lin_vulgar(const lin_part *num, const lin_part *den)
{
	static const struct {
		char num, den, text[10];
	} v[] = {
		{'1', '2', "½"}, {'1', '3', "⅓"}, {'2', '3', "⅔"}, {'1', '4', "¼"}, {'3', '4', "¾"},
		{'1', '5', "⅕"}, {'1', '6', "⅙"}, {'1', '8', "⅛"}, {'3', '2', "³⁄₂"}, {'5', '2', "⁵⁄₂"}};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (num->len == 1 && den->len == 1 && num->s[0] == v[i].num && den->s[0] == v[i].den)
			return v[i].text;
	return NULL;
}

/* The combining mark for an accent character. */
static const char *lin_combining(const char *mark, int wide)
{
	static const char m[][2][4] = {
		{"^", "\xcc\x82"}, {"ˇ", "\xcc\x8c"}, {"~", "\xcc\x83"}, {"‾", "\xcc\x84"},
		{"_", "\xcc\xb2"}, {"→", "\xe2\x83\x97"}, {"←", "\xe2\x83\x96"}, {"↔", "\xe2\x83\xa1"},
		{"˙", "\xcc\x87"}, {"¨", "\xcc\x88"}, {"⃛", "\xe2\x83\x9b"}, {"´", "\xcc\x81"},
		{"`", "\xcc\x80"}, {"˘", "\xcc\x86"}, {"˚", "\xcc\x8a"}};
	if (wide && strcmp(mark, "‾") == 0)
		return "\xcc\x85";
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (strcmp(m[i][0], mark) == 0)
			return m[i][1];
	return NULL;
}

static int lin_is_brace(const pcv_node *n)
{
	const char *lit = pcv_node_literal(n);
	return pcv_node_type(n) == PCV_NODE_MATH_OPERATOR && lit && lin_in(lit, "⏞ ⏟ ⏜ ⏝ ⎴ ⎵");
}

/* Whether a table should be written one row per line: equations aligned
 * at the top of display math. */
static int lin_table_lines(const pcv_node *table, int display)
{
	const char *ds = pcv_node_get_attr(table, "displaystyle");
	if (!display || !ds || strcmp(ds, "true") != 0)
		return 0;
	if (pcv_node_prev(table) && pcv_node_type(pcv_node_prev(table)) == PCV_NODE_MATH_OPERATOR)
		return 0;
	for (const pcv_node *a = pcv_node_parent(table); a; a = pcv_node_parent(a)) {
		int t = pcv_node_type(a);
		if (t == PCV_NODE_DISPLAY_MATH || t == PCV_NODE_INLINE_MATH)
			return 1;
		if (t != PCV_NODE_MATH_ROW && t != PCV_NODE_MATH_STYLE)
			return 0;
	}
	return 0;
}

static void lin_node(lin_buf *b, const lin_frame *f, int display)
{
	pcv_node *n = f->node;
	const char *lit = pcv_node_literal(n);
	const lin_part *a = f->n > 0 ? &f->parts[0] : NULL;
	const lin_part *c1 = f->n > 1 ? &f->parts[1] : NULL;
	const lin_part *c2 = f->n > 2 ? &f->parts[2] : NULL;
	const char *s;

	switch (pcv_node_type(n)) {
	case PCV_NODE_MATH_IDENT:
	case PCV_NODE_MATH_NUMBER:
	case PCV_NODE_MATH_OPERATOR:
	case PCV_NODE_MATH_TEXT:
		if (lit)
			lin_adds(b, lit);
		break;
	case PCV_NODE_MATH_SPACE:
		if (pcv_node_get_attr(n, "linebreak"))
			lin_adds(b, display ? "\n" : " ");
		else if (pcv_node_int(n) >= 3)
			lin_adds(b, pcv_node_int(n) >= 18 ? "  " : " ");
		break;
	case PCV_NODE_MATH_FRACTION:
		if (!a || !c1)
			break;
		if (pcv_node_get_attr(n, "linethickness")) {
			lin_add(b, a->s, a->len);
			lin_adds(b, "¦");
			lin_add(b, c1->s, c1->len);
		} else if ((s = lin_vulgar(a, c1)) != NULL)
			lin_adds(b, s);
		else {
			lin_unit(b, a);
			lin_adds(b, "/");
			lin_unit(b, c1);
		}
		break;
	case PCV_NODE_MATH_RADICAL:
		if (!a)
			break;
		if (c1 && c1->len == 1 && c1->s[0] == '3')
			lin_adds(b, "∛");
		else if (c1 && c1->len == 1 && c1->s[0] == '4')
			lin_adds(b, "∜");
		else {
			if (c1 && !lin_small(b, c1->s, c1->len, 1)) {
				lin_adds(b, "[");
				lin_add(b, c1->s, c1->len);
				lin_adds(b, "]");
			}
			lin_adds(b, "√");
		}
		if (lin_simple(a) && lin_chars(a->s, a->len) == 1)
			lin_add(b, a->s, a->len);
		else {
			lin_adds(b, "(");
			lin_add(b, a->s, a->len);
			lin_adds(b, ")");
		}
		break;
	case PCV_NODE_MATH_SCRIPTS:
	case PCV_NODE_MATH_UNDEROVER: {
		if (!a)
			break;
		const char *acc = pcv_node_get_attr(n, "accent") ? "over"
		                  : pcv_node_get_attr(n, "accentunder") ? "under" : NULL;
		if (acc) {
			const pcv_node *markn = pcv_node_next(pcv_node_first_child(n));
			if (acc[0] == 'o')
				markn = pcv_node_next(markn);
			const char *comb = lin_combining(pcv_node_literal(markn) ? pcv_node_literal(markn) : "",
			                                 lin_chars(a->s, a->len) > 1);
			if (!comb) {
				lin_add(b, a->s, a->len);
				break;
			}
			if (lin_chars(a->s, a->len) > 1 && (strcmp(comb, "\xcc\x85") == 0 || strcmp(comb, "\xcc\xb2") == 0)) {
				/* a line over or under every character */
				size_t i = 0, used;
				while (i < a->len) {
					unsigned long ch = math_utf8_get(a->s + i, a->len - i, &used);
					lin_add(b, a->s + i, used);
					if (ch != ' ')
						lin_adds(b, comb);
					i += used;
				}
			} else {
				lin_add(b, a->s, a->len);
				lin_adds(b, comb);
			}
			break;
		}
		const pcv_node *under = pcv_node_next(pcv_node_first_child(n));
		const pcv_node *over = under ? pcv_node_next(under) : NULL;
		int brace = (under && lin_is_brace(under)) || (over && lin_is_brace(over));
		int base_class = lin_class(pcv_node_first_child(n));
		const pcv_node *bl = pcv_node_last_child(pcv_node_first_child(n));
		int fenced = pcv_node_type(pcv_node_first_child(n)) == PCV_NODE_MATH_ROW &&
		             pcv_node_type(bl) == PCV_NODE_MATH_OPERATOR && (pcv_node_int(bl) & PCV_MATH_FENCE);
		if (fenced)
			lin_add(b, a->s, a->len);
		else if (brace && !lin_simple(a))
			lin_unit(b, a);
		else if (brace || base_class == C_LARGE || base_class == C_WORD || lin_simple(a) ||
		    lin_chars(a->s, a->len) == 1 ||
		    pcv_node_type(pcv_node_first_child(n)) == PCV_NODE_MATH_SCRIPTS ||
		    pcv_node_type(pcv_node_first_child(n)) == PCV_NODE_MATH_UNDEROVER)
			lin_add(b, a->s, a->len);
		else
			lin_unit(b, a);
		if (!(under && lin_is_brace(under)))
			lin_script(b, c1, 0);
		if (!(over && lin_is_brace(over)))
			lin_script(b, c2, 1);
		break;
	}
	case PCV_NODE_MATH_TABLE: {
		int lines = lin_table_lines(n, display);
		for (size_t i = 0; i < f->n; i++) {
			if (!f->parts[i].len)
				continue; /* an empty row (\\ \\) */
			if (b->len) {
				char last = b->s[b->len - 1];
				lin_adds(b, lines ? "\n" : last == ',' || last == ';' || last == '.' ? " " : "; ");
			}
			lin_add(b, f->parts[i].s, f->parts[i].len);
		}
		break;
	}
	case PCV_NODE_MATH_TABLE_ROW: {
		const char *align = pcv_node_get_attr(pcv_node_parent(n), "columnalign");
		int aligned = align && strncmp(align, "right left", 10) == 0;
		int first = 1;
		for (size_t i = 0; i < f->n; i++) {
			if (!f->parts[i].len)
				continue;
			if (!first)
				lin_adds(b, aligned ? " " : "  ");
			lin_add(b, f->parts[i].s, f->parts[i].len);
			first = 0;
		}
		break;
	}
	case PCV_NODE_MATH_STYLE:
		if (pcv_node_get_attr(n, "phantom")) {
			for (size_t i = lin_chars(a ? a->s : "", a ? a->len : 0); i > 0; i--)
				lin_adds(b, " ");
			break;
		}
		lin_row(b, f, 0, f->n);
		break;
	default:
		lin_row(b, f, 0, f->n);
	}
}

/* The children's texts of the open nodes are kept one after the other
 * in one buffer, each with its NUL, and their parts in one stack: a node
 * written replaces its children's texts and parts with its own. */
const char *math_linear(pcv_node *math, int display)
{
	lin_frame *st = NULL;
	size_t n = 0, cap = 0;
	lin_part *parts = NULL;
	size_t nparts = 0, partcap = 0;
	lin_buf text = {0}, b = {0};
	pcv_iter it;
	pcv_event ev;
	const char *result = "";

	lin_add(&text, "", 0); /* never NULL */
	pcv_iter_init(&it, math);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *node = it.node;
		if (ev == PCV_EVENT_ENTER) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				st = math_xrealloc(st, cap * sizeof *st);
			}
			lin_frame *f = &st[n];
			memset(f, 0, sizeof *f);
			f->node = node;
			f->first = nparts;
			if (n > 0) {
				lin_frame *up = &st[n - 1];
				int t = pcv_node_type(up->node);
				f->compact = up->compact ||
				             ((t == PCV_NODE_MATH_SCRIPTS || t == PCV_NODE_MATH_UNDEROVER) &&
				              up->n > 0 && !pcv_node_get_attr(up->node, "accent") &&
				              !pcv_node_get_attr(up->node, "accentunder"));
			}
			n++;
			continue;
		}
		lin_frame *f = &st[n - 1];
		f->parts = parts ? parts + f->first : NULL; /* none yet: no NULL + 0 */
		for (size_t i = 0; i < f->n; i++)
			f->parts[i].s = text.s + f->parts[i].off;
		b.len = 0;
		if (b.s)
			b.s[0] = '\0';
		lin_node(&b, f, display);
		if (n == 1) {
			/* the math node: trim, add the tag */
			const char *tag = pcv_node_get_attr(pcv_node_first_child(math), "tag");
			size_t s = 0, e = b.len;
			while (s < e && (b.s[s] == ' ' || b.s[s] == '\n'))
				s++;
			while (e > s && (b.s[e - 1] == ' ' || b.s[e - 1] == '\n'))
				e--;
			lin_buf out = {0};
			lin_add(&out, b.s ? b.s + s : "", e - s);
			if (tag) {
				lin_adds(&out, "    ");
				lin_adds(&out, tag);
			}
			result = pcv_doc_strdup(pcv_node_doc(math), out.s ? out.s : "");
			free(out.s);
			break;
		}
		/* its text in place of its children's, a part of its parent */
		if (f->n)
			text.len = f->parts[0].off;
		nparts = f->first;
		n--;
		if (nparts == partcap) {
			partcap = partcap ? partcap * 2 : 32;
			parts = math_xrealloc(parts, partcap * sizeof *parts);
		}
		parts[nparts].s = NULL;
		parts[nparts].off = text.len;
		parts[nparts].len = b.len;
		parts[nparts].node = node;
		nparts++;
		st[n - 1].n++;
		lin_add(&text, b.s ? b.s : "", b.len);
		lin_add(&text, "", 1); /* its NUL, kept */
	}
	free(b.s);
	free(text.s);
	free(parts);
	free(st);
	return result;
}
