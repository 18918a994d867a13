/*
 * text.c -- the plain-text writer: readable text wrapped at text.columns.
 *
 * Blocks are walked with pcv_iter.  Containers (block quotes, lists, items,
 * notes) push a frame that appends its prefix ("> ", "- ", " 1. ") to one
 * prefix buffer, so every line is written as prefix + content; an item's
 * marker shows on its first line and turns into spaces after it.  The
 * prefix stops growing at half the width, which keeps deep nesting linear.
 *
 * The inline content of a block is rendered into a byte buffer in which a
 * few control bytes mark spaces and breaks (see TX_*), then wrapped by
 * display width: grapheme clusters measured with utf8proc, breaks only at
 * spaces and between CJK ideographs, a word longer than the line kept whole.
 *
 * Links become numbered references and footnotes numbered marks; both are
 * listed at the end, notes first, in the order of their first reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "paissconv.h"

#define TEXT_MIN_COLUMNS 10
#define TEXT_MAX_COLUMNS 100000

/* Bytes with a meaning in inline buffers (text is cleaned of controls). */
#define TX_SPACE ' '   /* between words: a break, collapsed to one space */
#define TX_KEEP '\x01' /* a space of code or math: a break, kept as is */
#define TX_GLUE '\x02' /* a space that never breaks */
#define TX_BREAK '\n'  /* a hard line break */

/* How text_put_clean treats spaces and newlines. */
enum { TX_PROSE, TX_VERB, TX_CODE };

enum { TX_QUOTE = 1, TX_LIST, TX_ITEM, TX_MARK };

typedef struct text_buf {
	char *s;
	size_t len, cap;
} text_buf;

typedef struct text_line {
	size_t off, len;
	int width;
} text_line;

typedef struct text_lines {
	text_buf buf;
	text_line *v;
	size_t n, cap;
} text_lines;

typedef struct text_frame {
	int kind;
	size_t pfx_len;        /* prefix length before the frame */
	int marked;            /* ITEM, MARK: its marker is in the prefix */
	long long next;        /* LIST: next item number */
	int width;             /* LIST: marker width */
	char bullet;           /* LIST: bullet, 0 when ordered */
	char delim;            /* LIST: '.' or ')' */
	unsigned long nlines;  /* LIST: lines written before it */
} text_frame;

/* A string map (keys in the document's arena) to numbers. */
typedef struct text_map {
	const char **keys;
	size_t *vals;
	size_t n, cap;
} text_map;

typedef struct text_cell {
	size_t off, len;
	pcv_align align;
} text_cell;

typedef struct text_row {
	size_t first, n;
	int header;
} text_row;

typedef struct text_w {
	pcv_ctx *ctx;
	pcv_doc *doc;
	pcv_out *out;
	int columns, cap;

	text_buf pfx;            /* the prefix of the current line */
	text_frame *fr;
	size_t nfr, capfr;
	size_t *pend;            /* markers not yet shown: start, length pairs */
	size_t npend, cappend;
	int list_depth;

	int started;             /* a line was written */
	int want_blank;          /* a blank line goes before the next line */
	size_t blank_at;         /* ... made of this much of the prefix */
	unsigned long nlines;

	text_buf inl;            /* inline rendering of the current block */
	text_buf para;           /* inlines met at block level */
	text_buf line;           /* assembly of table lines */
	text_lines lines;
	size_t *lstack;          /* inline renderer: link and image starts */
	size_t nl, capl;

	text_map link_map;       /* url -> number */
	const char **link_url;
	const char **link_title;
	size_t nlinks, caplinks;

	text_map note_map;       /* label -> definition index + 1 */
	pcv_node **defs;         /* footnote definitions, document order */
	size_t *defnum;          /* their numbers, 0 until referenced */
	size_t ndefs, capdefs;
	size_t *notes;           /* definition indices in number order */
	size_t nnotes, capnotes;
} text_w;

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

static void *text_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL) {
		fputs("paissconv: text: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Makes room for `want` elements of `size` bytes in *v of capacity *cap. */
static void text_reserve(void **v, size_t *cap, size_t want, size_t size)
{
	size_t c = *cap ? *cap : 16;

	if (want <= *cap)
		return;
	while (c < want)
		c *= 2;
	*v = text_xrealloc(*v, c * size);
	*cap = c;
}

#define TEXT_PUSH(v, n, cap) text_reserve((void **)&(v), &(cap), (n) + 1, sizeof *(v))

static void buf_put(text_buf *b, const char *s, size_t n)
{
	text_reserve((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_putc(text_buf *b, int c)
{
	char ch = (char)c;

	buf_put(b, &ch, 1);
}

static void buf_puts(text_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void buf_fill(text_buf *b, int c, long n)
{
	while (n-- > 0)
		buf_putc(b, c);
}

/* Appends s[0..n) valid and free of control characters: invalid UTF-8
 * becomes U+FFFD; tabs and newlines become spaces (TX_PROSE), kept spaces
 * (TX_VERB) or stay (TX_CODE); other controls are dropped. */
static void text_put_clean(text_buf *b, const char *s, size_t n, int mode)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		if (c >= 0x20 && c < 0x7f) {
			buf_putc(b, c == ' ' && mode == TX_VERB ? TX_KEEP : c);
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == '\n' || c == '\t' || c == '\r') {
				if (mode == TX_CODE) {
					if (c != '\r')
						buf_putc(b, c);
				} else {
					buf_putc(b, mode == TX_VERB ? TX_KEEP : ' ');
				}
			}
			i++;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			buf_put(b, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		if (cp >= 0xa0)
			buf_put(b, s + i, (size_t)k);
		i += (size_t)k;
	}
}

/* ------------------------------------------------------------------ */
/* Display width                                                       */
/* ------------------------------------------------------------------ */

/* Finds the grapheme cluster at s[i] and its width in columns: an emoji
 * with U+FE0F, a ZWJ sequence or a flag is 2, otherwise the width of its
 * first character.  Control bytes are clusters of width 0.  Returns its
 * end. */
static size_t text_cluster(const char *s, size_t len, size_t i, int *width)
{
	utf8proc_int32_t cp, prev, first, state = 0;
	utf8proc_ssize_t k;
	int vs16 = 0, vs15 = 0, zwj = 0, count = 1, w;
	const utf8proc_property_t *prop;

	if ((unsigned char)s[i] < 0x80 && (i + 1 == len || (unsigned char)s[i + 1] < 0x80)) {
		*width = (unsigned char)s[i] < 0x20 ? 0 : 1;
		return i + 1;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
	if (k <= 0) {
		*width = 1;
		return i + 1;
	}
	if (cp < 0x20) {
		*width = 0;
		return i + 1;
	}
	first = prev = cp;
	i += (size_t)k;
	w = utf8proc_charwidth(cp);
	while (i < len && (unsigned char)s[i] >= 0x20) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		if (cp == 0xFE0F)
			vs16 = 1;
		else if (cp == 0xFE0E)
			vs15 = 1;
		else if (cp == 0x200D)
			zwj = 1;
		count++;
		prev = cp;
		i += (size_t)k;
	}
	prop = utf8proc_get_property(first);
	if (vs16)
		w = 2;
	else if (vs15 && w > 1)
		w = 1;
	else if (zwj && prop->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
		w = 2;
	else if (count >= 2 && prop->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR)
		w = 2;
	*width = w < 0 ? 0 : w;
	return i;
}

/* Whether a line may break between the wide clusters at p and c (CJK text
 * has no spaces): before an ideograph or kana, unless after an opening
 * bracket. */
static int text_cjk_break(const char *s, size_t len, size_t p, int pw, size_t c, int cw)
{
	utf8proc_int32_t pcp, ccp;

	if (pw != 2 || cw != 2)
		return 0;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + c, (utf8proc_ssize_t)(len - c), &ccp) <= 0 ||
	    utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(len - p), &pcp) <= 0)
		return 0;
	return utf8proc_category(ccp) == UTF8PROC_CATEGORY_LO &&
	       utf8proc_category(pcp) != UTF8PROC_CATEGORY_PS;
}

/* Whether s[i] is a space that separates words (not one that a combining
 * mark is attached to). */
static int text_sep_at(const char *s, size_t len, size_t i)
{
	int w;

	if (s[i] != TX_SPACE && s[i] != TX_KEEP)
		return 0;
	return text_cluster(s, len, i, &w) == i + 1;
}

/* ------------------------------------------------------------------ */
/* Wrapping                                                            */
/* ------------------------------------------------------------------ */

static void text_line_end(text_lines *l, size_t start, int width)
{
	TEXT_PUSH(l->v, l->n, l->cap);
	l->v[l->n].off = start;
	l->v[l->n].len = l->buf.len - start;
	l->v[l->n].width = width;
	l->n++;
}

/* Wraps the inline buffer s[0..len) into lines at most `width` columns
 * wide (0: only hard breaks); a word wider than that has a line of its
 * own.  Lines have no leading or trailing spaces. */
static void text_wrap(text_lines *l, const char *s, size_t len, int width)
{
	size_t i = 0, start = 0;
	int lw = 0, have = 0, spaces = 0, keep = 0, zero = 0;

	l->buf.len = 0;
	l->n = 0;
	while (i < len) {
		size_t ws, pi = 0;
		int ww = 0, pw = 0, split = 0, sep;

		if (text_sep_at(s, len, i)) {
			if (s[i] == TX_KEEP)
				keep++;
			else
				spaces = 1;
			zero = 0;
			i++;
			continue;
		}
		if (s[i] == TX_BREAK) {
			if (have || l->n)
				text_line_end(l, start, lw);
			start = l->buf.len;
			lw = have = spaces = keep = zero = 0;
			i++;
			continue;
		}
		ws = i;
		while (i < len && s[i] != TX_BREAK && !text_sep_at(s, len, i)) {
			int cw;
			size_t e = text_cluster(s, len, i, &cw);

			if (i > ws && text_cjk_break(s, len, pi, pw, i, cw)) {
				split = 1;
				break;
			}
			pi = i;
			pw = cw;
			ww += cw;
			i = e;
		}
		sep = zero ? 0 : keep ? keep : spaces;
		if (have && width > 0 && lw + sep + ww > width) {
			text_line_end(l, start, lw);
			start = l->buf.len;
			lw = have = 0;
		}
		if (have) {
			buf_fill(&l->buf, ' ', sep);
			lw += sep;
		}
		for (; ws < i; ws++)
			buf_putc(&l->buf, s[ws] == TX_GLUE || s[ws] == TX_KEEP ? ' ' : s[ws]);
		lw += ww;
		have = 1;
		spaces = keep = 0;
		zero = split;
	}
	if (have)
		text_line_end(l, start, lw);
	while (l->n && l->v[l->n - 1].len == 0)
		l->n--;
}

/* ------------------------------------------------------------------ */
/* String map                                                          */
/* ------------------------------------------------------------------ */

static size_t text_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The value of key, or 0 when absent (values are never 0). */
static size_t text_map_get(const text_map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	for (i = text_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return 0;
}

/* Adds key (which must be absent) with value val. */
static void text_map_put(text_map *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		text_map old = *m;
		size_t j;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = calloc(m->cap, sizeof *m->keys);
		m->vals = calloc(m->cap, sizeof *m->vals);
		if (m->keys == NULL || m->vals == NULL)
			text_xrealloc(NULL, (size_t)-1);
		m->n = 0;
		for (j = 0; j < old.cap; j++)
			if (old.keys[j])
				text_map_put(m, old.keys[j], old.vals[j]);
		free(old.keys);
		free(old.vals);
	}
	for (i = text_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		;
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

/* ------------------------------------------------------------------ */
/* Lines, prefixes and blank lines                                     */
/* ------------------------------------------------------------------ */

static void text_write_trimmed(text_w *t, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	pcv_out_write(t->out, s, len);
}

/* Writes one line: the prefix, then s[0..len), without trailing spaces;
 * before it the blank line asked for, if any.  Shown markers become
 * spaces. */
static void text_emit(text_w *t, const char *s, size_t len)
{
	size_t i;

	if (t->want_blank && t->started) {
		text_write_trimmed(t, t->pfx.s, t->blank_at);
		pcv_out_putc(t->out, '\n');
	}
	t->want_blank = 0;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len) {
		pcv_out_write(t->out, t->pfx.s, t->pfx.len);
		pcv_out_write(t->out, s, len);
	} else {
		text_write_trimmed(t, t->pfx.s, t->pfx.len);
	}
	pcv_out_putc(t->out, '\n');
	t->started = 1;
	t->nlines++;
	for (i = 0; i < t->npend; i++)
		memset(t->pfx.s + t->pend[2 * i], ' ', t->pend[2 * i + 1]);
	t->npend = 0;
}

static void text_emit_lines(text_w *t, const text_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		text_emit(t, l->buf.s + l->v[i].off, l->v[i].len);
}

/* Asks for a blank line before the next line, unless nothing was written
 * yet or an item's marker waits for its first line. */
static void text_blank(text_w *t)
{
	if (!t->started || t->npend || t->want_blank)
		return;
	t->want_blank = 1;
	t->blank_at = t->pfx.len;
}

/* The width left for content. */
static int text_avail(const text_w *t)
{
	return t->columns - (int)t->pfx.len;
}

static text_frame *text_push(text_w *t, int kind)
{
	text_frame *f;

	TEXT_PUSH(t->fr, t->nfr, t->capfr);
	f = &t->fr[t->nfr++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->pfx_len = t->pfx.len;
	f->nlines = t->nlines;
	return f;
}

/* Adds to the prefix, unless that would pass the cap. */
static int text_push_prefix(text_w *t, const char *s, size_t len)
{
	if (t->pfx.len + len > (size_t)t->cap)
		return 0;
	buf_put(&t->pfx, s, len);
	return 1;
}

/* Pushes a frame whose marker shows on its first line only. */
static void text_push_marker(text_w *t, int kind, const char *marker)
{
	text_frame *f = text_push(t, kind);
	size_t len = strlen(marker);

	if (text_push_prefix(t, marker, len)) {
		f->marked = 1;
		TEXT_PUSH(t->pend, 2 * t->npend + 1, t->cappend);
		t->pend[2 * t->npend] = f->pfx_len;
		t->pend[2 * t->npend + 1] = len;
		t->npend++;
	}
}

static void text_pop(text_w *t)
{
	text_frame *f = &t->fr[t->nfr - 1];

	/* An item with nothing in it still shows its marker. */
	if (f->marked && t->npend && t->pend[2 * (t->npend - 1)] == f->pfx_len)
		text_emit(t, "", 0);
	if (f->kind == TX_LIST)
		t->list_depth--;
	t->pfx.len = f->pfx_len;
	if (t->pfx.s)
		t->pfx.s[t->pfx.len] = '\0';
	if (t->blank_at > t->pfx.len)
		t->blank_at = t->pfx.len;
	t->nfr--;
}

/* ------------------------------------------------------------------ */
/* Inlines                                                             */
/* ------------------------------------------------------------------ */

static void text_lpush(text_w *t, size_t v)
{
	TEXT_PUSH(t->lstack, t->nl, t->capl);
	t->lstack[t->nl++] = v;
}

static size_t text_lpop(text_w *t)
{
	return t->nl ? t->lstack[--t->nl] : 0;
}

/* Whether the link text b[start..] is the URL itself (an autolink). */
static int text_is_autolink(const text_buf *b, size_t start, const char *url)
{
	size_t n = b->len - start;
	const char *s = b->s + start;
	static const char *const schemes[] = {"", "mailto:", "http://", "https://"};
	size_t i, k;

	for (i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		k = strlen(schemes[i]);
		if (strncmp(url, schemes[i], k) == 0 && strlen(url + k) == n && memcmp(url + k, s, n) == 0)
			return 1;
	}
	return 0;
}

static void text_link_end(text_w *t, text_buf *b, pcv_node *n, size_t start)
{
	const char *url = pcv_node_url(n);
	size_t num;
	char mark[32];

	if (url == NULL || *url == '\0' || *url == '#')
		return; /* no destination, or a place in the same page */
	if (b->len == start) {
		text_put_clean(b, url, strlen(url), TX_PROSE);
		return;
	}
	if (text_is_autolink(b, start, url))
		return;
	num = text_map_get(&t->link_map, url);
	if (num == 0) {
		size_t cap = t->caplinks;
		TEXT_PUSH(t->link_url, t->nlinks, t->caplinks);
		if (t->caplinks != cap || !t->link_title) /* grow the titles with the urls */
			t->link_title = text_xrealloc(t->link_title, t->caplinks * sizeof *t->link_title);
		t->link_url[t->nlinks] = url;
		t->link_title[t->nlinks] = pcv_node_title(n);
		num = ++t->nlinks;
		text_map_put(&t->link_map, url, num);
	}
	snprintf(mark, sizeof mark, "%c[%zu]", TX_GLUE, num);
	buf_puts(b, mark);
}

static void text_footnote_ref(text_w *t, text_buf *b, pcv_node *n)
{
	const char *label = pcv_node_label(n);
	size_t d = label ? text_map_get(&t->note_map, label) : 0;
	char mark[32];

	if (d == 0) {
		buf_puts(b, "[^");
		if (label)
			text_put_clean(b, label, strlen(label), TX_PROSE);
		buf_putc(b, ']');
		return;
	}
	d--;
	if (t->defnum[d] == 0) {
		TEXT_PUSH(t->notes, t->nnotes, t->capnotes);
		t->notes[t->nnotes++] = d;
		t->defnum[d] = t->nnotes;
	}
	snprintf(mark, sizeof mark, "[^%zu]", t->defnum[d]);
	buf_puts(b, mark);
}

static void text_put_literal(text_buf *b, const pcv_node *n, int mode)
{
	const char *s = pcv_node_literal(n);

	if (s)
		text_put_clean(b, s, pcv_node_literal_len(n), mode);
}

/* Renders the inline content of root (its children when root is a block)
 * into b, without recursion. */
static void text_inline(text_w *t, pcv_node *root, text_buf *b)
{
	pcv_iter it;
	pcv_event ev;

	t->nl = 0;
	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int type = pcv_node_type(n);
		int enter = ev == PCV_EVENT_ENTER;

		switch (type) {
		case PCV_NODE_TEXT:
		case PCV_NODE_EMOJI:
			if (enter)
				text_put_literal(b, n, TX_PROSE);
			break;
		case PCV_NODE_SOFTBREAK:
			if (enter)
				buf_putc(b, TX_SPACE);
			break;
		case PCV_NODE_LINEBREAK:
			if (enter)
				buf_putc(b, TX_BREAK);
			break;
		case PCV_NODE_CODE:
			if (enter) {
				buf_putc(b, '`');
				text_put_literal(b, n, TX_VERB);
				buf_putc(b, '`');
			}
			break;
		case PCV_NODE_RAW_INLINE:
		case PCV_NODE_RAW_BLOCK:
		case PCV_NODE_FOOTNOTE_DEF:
			if (enter)
				pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_EMPH:
			buf_putc(b, '_');
			break;
		case PCV_NODE_STRONG:
			buf_putc(b, '*');
			break;
		case PCV_NODE_STRIKETHROUGH:
			buf_putc(b, '~');
			break;
		case PCV_NODE_LINK:
			if (enter)
				text_lpush(t, b->len);
			else
				text_link_end(t, b, n, text_lpop(t));
			break;
		case PCV_NODE_IMAGE:
			if (enter) {
				buf_puts(b, "[image:");
				buf_putc(b, TX_GLUE);
				text_lpush(t, b->len);
			} else {
				if (text_lpop(t) == b->len)
					b->len -= 2;
				buf_putc(b, ']');
			}
			break;
		case PCV_NODE_INLINE_MATH:
		case PCV_NODE_DISPLAY_MATH:
			/* The math filter's Unicode form when it parsed the TeX. */
			if (enter && pcv_node_get_attr(n, "text")) {
				const char *lin = pcv_node_get_attr(n, "text");
				text_put_clean(b, lin, strlen(lin), TX_VERB);
				pcv_iter_skip_children(&it);
				break;
			}
			if (!enter && pcv_node_get_attr(n, "text"))
				break;
			/* TeX as written; the math subtree only when there is none. */
			buf_puts(b, type == PCV_NODE_INLINE_MATH ? "$" : "$$");
			if (enter && pcv_node_literal(n)) {
				text_put_literal(b, n, TX_VERB);
				pcv_iter_skip_children(&it);
			}
			break;
		case PCV_NODE_FOOTNOTE_REF:
			if (enter)
				text_footnote_ref(t, b, n);
			break;
		case PCV_NODE_CODE_BLOCK:
			if (enter && n != root) {
				buf_putc(b, TX_SPACE);
				text_put_literal(b, n, TX_VERB);
				buf_putc(b, TX_SPACE);
			}
			break;
		default:
			if (PCV_NODE_IS_MATH(type)) {
				if (enter)
					text_put_literal(b, n, TX_VERB);
			} else if (PCV_NODE_IS_BLOCK(type) && n != root) {
				buf_putc(b, TX_SPACE); /* a block inside inlines */
			}
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Leaf blocks                                                         */
/* ------------------------------------------------------------------ */

/* Whether n is a direct child of an item of a tight list. */
static int text_in_tight(const pcv_node *n)
{
	const pcv_node *item = pcv_node_parent(n), *list;

	if (item == NULL || pcv_node_type(item) != PCV_NODE_ITEM)
		return 0;
	list = pcv_node_parent(item);
	return list && pcv_node_type(list) == PCV_NODE_LIST && pcv_node_list_tight(list);
}

/* Wraps the inline buffer to the width left and writes it. */
static void text_flow(text_w *t, const text_buf *b)
{
	text_wrap(&t->lines, b->s, b->len, text_avail(t));
	text_emit_lines(t, &t->lines);
}

/* Writes the inlines met at block level as a paragraph. */
static void text_flush_para(text_w *t)
{
	if (t->para.len == 0)
		return;
	text_flow(t, &t->para);
	t->para.len = 0;
	text_blank(t);
}

static void text_rule(text_w *t, int c, int width)
{
	t->line.len = 0;
	buf_fill(&t->line, c, width < 1 ? 1 : width);
	text_emit(t, t->line.s, t->line.len);
}

static int text_max_width(const text_lines *l)
{
	size_t i;
	int w = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].width > w)
			w = l->v[i].width;
	return w;
}

static void text_heading(text_w *t, pcv_node *n)
{
	int level = pcv_node_heading_level(n);

	t->inl.len = 0;
	text_inline(t, n, &t->inl);
	text_wrap(&t->lines, t->inl.s, t->inl.len, text_avail(t));
	if (t->lines.n == 0)
		return;
	text_blank(t);
	text_emit_lines(t, &t->lines);
	if (level <= 2)
		text_rule(t, level <= 1 ? '=' : '-', text_max_width(&t->lines));
	text_blank(t);
}

/* Writes literal lines indented by 4, never wrapped, tabs expanded;
 * blank lines at both ends are left out, and with `dedent` the spaces
 * that all lines begin with. */
static void text_verbatim(text_w *t, const char *s, size_t len, int dedent)
{
	size_t i = 0, end, common = (size_t)-1;

	if (s == NULL)
		return;
	t->inl.len = 0;
	text_put_clean(&t->inl, s, len, TX_CODE);
	s = t->inl.s;
	len = t->inl.len;
	/* Trim blank lines at both ends. */
	for (;;) {
		size_t j = i;

		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < len && s[j] == '\n')
			i = j + 1;
		else
			break;
	}
	end = len;
	while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n'))
		end--;
	if (i >= end)
		return;
	if (dedent) {
		size_t j = i;

		while (j < end) {
			size_t k = j;

			while (k < end && s[k] == ' ')
				k++;
			if (k < end && s[k] != '\n' && k - j < common)
				common = k - j;
			while (k < end && s[k] != '\n')
				k++;
			j = k + 1;
		}
	}
	text_blank(t);
	while (i < end) {
		int col = 0;
		size_t skip = dedent ? common : 0;

		t->line.len = 0;
		buf_puts(&t->line, "    ");
		while (skip-- > 0 && i < end && s[i] == ' ')
			i++;
		while (i < end && s[i] != '\n') {
			int w;
			size_t e;

			if (s[i] == '\t') {
				buf_fill(&t->line, ' ', 4 - col % 4);
				col += 4 - col % 4;
				i++;
				continue;
			}
			e = text_cluster(s, end, i, &w);
			buf_put(&t->line, s + i, e - i);
			col += w;
			i = e;
		}
		text_emit(t, t->line.s, t->line.len);
		i++;
	}
	text_blank(t);
}

static void text_thematic_break(text_w *t)
{
	int pad = (text_avail(t) - 5) / 2;

	text_blank(t);
	t->line.len = 0;
	buf_fill(&t->line, ' ', pad);
	buf_puts(&t->line, "* * *");
	text_emit(t, t->line.s, t->line.len);
	text_blank(t);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

static void text_table_rule(text_w *t, const int *w, size_t ncols, int c)
{
	size_t j;

	t->line.len = 0;
	buf_putc(&t->line, '+');
	for (j = 0; j < ncols; j++) {
		buf_fill(&t->line, c, w[j] + 2);
		buf_putc(&t->line, '+');
	}
	text_emit(t, t->line.s, t->line.len);
}

/* Column widths: natural when they fit; else each column keeps its
 * longest word and shares what is left in proportion to what it lacks. */
static void text_table_widths(text_w *t, const text_buf *tb, const text_cell *cells,
                              const text_row *rows, size_t nrows, size_t ncols, int *w)
{
	int *nat = calloc(ncols, sizeof *nat), *minw = calloc(ncols, sizeof *minw);
	long long sum_nat = 0, sum_min = 0, budget, extra, slack, rem;
	size_t r, j;

	if (nat == NULL || minw == NULL)
		text_xrealloc(NULL, (size_t)-1);
	for (r = 0; r < nrows; r++) {
		for (j = 0; j < rows[r].n; j++) {
			const text_cell *c = &cells[rows[r].first + j];
			int m;

			text_wrap(&t->lines, tb->s + c->off, c->len, 0);
			m = text_max_width(&t->lines);
			if (m > nat[j])
				nat[j] = m;
			text_wrap(&t->lines, tb->s + c->off, c->len, 1);
			m = text_max_width(&t->lines);
			if (m > minw[j])
				minw[j] = m;
		}
	}
	for (j = 0; j < ncols; j++) {
		sum_nat += nat[j];
		sum_min += minw[j];
	}
	budget = (long long)text_avail(t) - 3 * (long long)ncols - 1;
	if (sum_nat <= budget || sum_min >= budget) {
		for (j = 0; j < ncols; j++)
			w[j] = sum_nat <= budget ? nat[j] : minw[j];
	} else {
		extra = budget - sum_min;
		slack = sum_nat - sum_min;
		rem = extra;
		for (j = 0; j < ncols; j++) {
			w[j] = minw[j] + (int)(extra * (nat[j] - minw[j]) / slack);
			rem -= w[j] - minw[j];
		}
		for (j = 0; rem > 0 && j < ncols; j++) {
			if (w[j] < nat[j]) {
				w[j]++;
				rem--;
			}
		}
	}
	for (j = 0; j < ncols; j++)
		if (w[j] < 1)
			w[j] = 1;
	free(nat);
	free(minw);
}

static void text_table(text_w *t, pcv_node *table)
{
	text_buf tb = {0};
	text_cell *cells = NULL;
	text_row *rows = NULL;
	size_t ncells = 0, capcells = 0, nrows = 0, caprows = 0, ncols = 0, r, j;
	text_lines *cl;
	int *w, multi = 0;
	pcv_node *row, *c;

	for (row = pcv_node_first_child(table); row; row = pcv_node_next(row)) {
		int is_row = pcv_node_type(row) == PCV_NODE_TABLE_ROW;

		TEXT_PUSH(rows, nrows, caprows);
		rows[nrows].first = ncells;
		rows[nrows].n = 0;
		rows[nrows].header = is_row && pcv_node_is_header(row);
		for (c = is_row ? pcv_node_first_child(row) : row; c; c = is_row ? pcv_node_next(c) : NULL) {
			t->inl.len = 0;
			text_inline(t, c, &t->inl);
			TEXT_PUSH(cells, ncells, capcells);
			cells[ncells].off = tb.len;
			cells[ncells].len = t->inl.len;
			cells[ncells].align = pcv_node_align(c);
			buf_put(&tb, t->inl.s ? t->inl.s : "", t->inl.len);
			ncells++;
			rows[nrows].n++;
		}
		if (rows[nrows].n > ncols)
			ncols = rows[nrows].n;
		nrows++;
	}
	if (ncols == 0)
		goto done;
	w = calloc(ncols, sizeof *w);
	cl = calloc(ncols, sizeof *cl);
	if (w == NULL || cl == NULL)
		text_xrealloc(NULL, (size_t)-1);
	text_table_widths(t, &tb, cells, rows, nrows, ncols, w);
	for (r = 0; r < nrows && !multi; r++) {
		for (j = 0; j < rows[r].n && !multi; j++) {
			const text_cell *x = &cells[rows[r].first + j];

			text_wrap(&t->lines, tb.s + x->off, x->len, w[j]);
			multi = t->lines.n > 1;
		}
	}
	text_blank(t);
	text_table_rule(t, w, ncols, '-');
	for (r = 0; r < nrows; r++) {
		size_t h = 1, k;

		if (r > 0 && rows[r - 1].header && !rows[r].header)
			text_table_rule(t, w, ncols, '=');
		else if (r > 0 && multi)
			text_table_rule(t, w, ncols, '-');
		for (j = 0; j < ncols; j++) {
			cl[j].n = 0;
			if (j < rows[r].n) {
				const text_cell *x = &cells[rows[r].first + j];

				text_wrap(&cl[j], tb.s + x->off, x->len, w[j]);
			}
			if (cl[j].n > h)
				h = cl[j].n;
		}
		for (k = 0; k < h; k++) {
			t->line.len = 0;
			buf_putc(&t->line, '|');
			for (j = 0; j < ncols; j++) {
				pcv_align a = j < rows[r].n ? cells[rows[r].first + j].align : PCV_ALIGN_NONE;
				int lw = k < cl[j].n ? cl[j].v[k].width : 0;
				int room = w[j] > lw ? w[j] - lw : 0;
				int left = a == PCV_ALIGN_RIGHT ? room : a == PCV_ALIGN_CENTER ? room / 2 : 0;

				buf_fill(&t->line, ' ', 1 + left);
				if (k < cl[j].n)
					buf_put(&t->line, cl[j].buf.s + cl[j].v[k].off, cl[j].v[k].len);
				buf_fill(&t->line, ' ', room - left + 1);
				buf_putc(&t->line, '|');
			}
			text_emit(t, t->line.s, t->line.len);
		}
	}
	text_table_rule(t, w, ncols, '-');
	text_blank(t);
	for (j = 0; j < ncols; j++) {
		free(cl[j].buf.s);
		free(cl[j].v);
	}
	free(cl);
	free(w);
done:
	free(tb.s);
	free(cells);
	free(rows);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static int text_digits(long long v)
{
	int d = v < 0 ? 2 : 1;

	while (v >= 10 || v <= -10) {
		v /= 10;
		d++;
	}
	return d;
}

static void text_list_enter(text_w *t, pcv_node *list)
{
	text_frame *f = text_push(t, TX_LIST);
	long long count = 0;
	pcv_node *c;

	for (c = pcv_node_first_child(list); c; c = pcv_node_next(c))
		if (pcv_node_type(c) == PCV_NODE_ITEM)
			count++;
	if (pcv_node_list_type(list) == PCV_LIST_ORDERED) {
		long long first = pcv_node_list_start(list), last = first + (count ? count - 1 : 0);
		int a = text_digits(first), b = text_digits(last);

		f->next = first;
		f->delim = pcv_node_list_delim(list) == ')' ? ')' : '.';
		f->width = (a > b ? a : b) + 2;
	} else {
		f->bullet = "-*+"[t->list_depth % 3];
		f->width = 2;
	}
	t->list_depth++;
}

static void text_item_enter(text_w *t, pcv_node *item)
{
	text_frame *list = t->nfr ? &t->fr[t->nfr - 1] : NULL;
	pcv_node *parent = pcv_node_parent(item);
	char marker[64];
	size_t len;

	if (list && list->kind == TX_LIST && parent && pcv_node_type(parent) == PCV_NODE_LIST) {
		if (list->bullet)
			snprintf(marker, sizeof marker, "%c ", list->bullet);
		else
			snprintf(marker, sizeof marker, "%*lld%c ", list->width - 2, list->next++,
			         list->delim);
	} else {
		snprintf(marker, sizeof marker, "- ");
	}
	len = strlen(marker);
	if (pcv_node_task(item) == PCV_TASK_OPEN)
		snprintf(marker + len, sizeof marker - len, "[ ] ");
	else if (pcv_node_task(item) == PCV_TASK_DONE)
		snprintf(marker + len, sizeof marker - len, "[x] ");
	text_push_marker(t, TX_ITEM, marker);
}

/* Writes the blocks of root; footnote definitions other than root are
 * left for the notes. */
static void text_blocks(text_w *t, pcv_node *root)
{
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int type = pcv_node_type(n);
		int enter = ev == PCV_EVENT_ENTER;

		if (PCV_NODE_IS_INLINE(type) || PCV_NODE_IS_MATH(type)) {
			/* Inlines outside a paragraph make one. */
			if (enter) {
				text_inline(t, n, &t->para);
				pcv_iter_skip_children(&it);
			}
			continue;
		}
		text_flush_para(t);
		switch (type) {
		case PCV_NODE_PARAGRAPH:
			if (enter) {
				pcv_iter_skip_children(&it);
				t->inl.len = 0;
				text_inline(t, n, &t->inl);
				text_flow(t, &t->inl);
				if (t->lines.n && !text_in_tight(n))
					text_blank(t);
			}
			break;
		case PCV_NODE_HEADING:
			if (enter) {
				pcv_iter_skip_children(&it);
				text_heading(t, n);
			}
			break;
		case PCV_NODE_CODE_BLOCK:
		case PCV_NODE_DISPLAY_MATH:
			if (enter) {
				int math = type == PCV_NODE_DISPLAY_MATH;

				pcv_iter_skip_children(&it);
				if (math && pcv_node_get_attr(n, "text")) {
					const char *lin = pcv_node_get_attr(n, "text");
					text_verbatim(t, lin, strlen(lin), math);
				} else if (pcv_node_literal(n))
					text_verbatim(t, pcv_node_literal(n), pcv_node_literal_len(n), math);
				else
					text_verbatim(t, pcv_node_text(n), strlen(pcv_node_text(n)), math);
			}
			break;
		case PCV_NODE_RAW_BLOCK:
			if (enter)
				pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_THEMATIC_BREAK:
			if (enter) {
				pcv_iter_skip_children(&it);
				text_thematic_break(t);
			}
			break;
		case PCV_NODE_TABLE:
			if (enter) {
				pcv_iter_skip_children(&it);
				text_table(t, n);
			}
			break;
		case PCV_NODE_FOOTNOTE_DEF:
			if (enter && n != root)
				pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_BLOCK_QUOTE:
			if (enter) {
				text_frame *f = text_push(t, TX_QUOTE);

				f->marked = 0;
				text_push_prefix(t, "> ", 2);
			} else {
				text_pop(t);
			}
			break;
		case PCV_NODE_LIST:
			if (enter) {
				text_list_enter(t, n);
			} else {
				unsigned long before = t->fr[t->nfr - 1].nlines;

				text_pop(t);
				if (t->nlines > before && !text_in_tight(n))
					text_blank(t);
			}
			break;
		case PCV_NODE_ITEM:
			if (enter) {
				text_item_enter(t, n);
			} else {
				pcv_node *list = pcv_node_parent(n);

				text_pop(t);
				if (!(list && pcv_node_type(list) == PCV_NODE_LIST && pcv_node_list_tight(list)))
					text_blank(t);
			}
			break;
		default:
			/* DOCUMENT, DIV, rows and cells out of a table, types of
			 * other plugins: their children. */
			break;
		}
	}
	text_flush_para(t);
}

/* ------------------------------------------------------------------ */
/* Title block, notes, links                                           */
/* ------------------------------------------------------------------ */

static void text_meta(text_w *t)
{
	static const char *const keys[] = {"author", "date"};
	const char *title = pcv_doc_meta_string(t->doc, "title");
	size_t i;

	if (title && *title) {
		int w;

		t->inl.len = 0;
		text_put_clean(&t->inl, title, strlen(title), TX_PROSE);
		text_wrap(&t->lines, t->inl.s, t->inl.len, text_avail(t));
		if (t->lines.n) {
			w = text_max_width(&t->lines);
			text_rule(t, '=', w);
			text_emit_lines(t, &t->lines);
			text_rule(t, '=', w);
			text_blank(t);
		}
	}
	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = pcv_doc_meta_string(t->doc, keys[i]);

		if (v == NULL)
			continue;
		t->inl.len = 0;
		text_put_clean(&t->inl, v, strlen(v), TX_PROSE);
		text_flow(t, &t->inl);
	}
	text_blank(t);
}

static void text_section(text_w *t, const char *name)
{
	text_blank(t);
	text_emit(t, name, strlen(name));
	text_rule(t, '-', (int)strlen(name));
	text_blank(t);
}

static void text_collect_notes(text_w *t, pcv_node *root)
{
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		const char *label;

		if (ev != PCV_EVENT_ENTER || pcv_node_type(n) != PCV_NODE_FOOTNOTE_DEF)
			continue;
		TEXT_PUSH(t->defs, t->ndefs, t->capdefs);
		t->defnum = text_xrealloc(t->defnum, t->capdefs * sizeof *t->defnum);
		t->defs[t->ndefs] = n;
		t->defnum[t->ndefs] = 0;
		t->ndefs++;
		label = pcv_node_label(n);
		if (label && text_map_get(&t->note_map, label) == 0)
			text_map_put(&t->note_map, label, t->ndefs);
	}
}

static void text_notes(text_w *t)
{
	size_t k = 0, d = 0;
	char mark[32];

	if (t->ndefs == 0)
		return;
	text_section(t, "Notes");
	for (;;) {
		if (k < t->nnotes) {
			snprintf(mark, sizeof mark, "[^%zu] ", t->defnum[t->notes[k]]);
			text_blank(t);
			text_push_marker(t, TX_MARK, mark);
			text_blocks(t, t->defs[t->notes[k]]);
			text_pop(t);
			k++;
			continue;
		}
		/* Then the notes nothing refers to, so that no text is lost. */
		while (d < t->ndefs && t->defnum[d])
			d++;
		if (d == t->ndefs)
			break;
		TEXT_PUSH(t->notes, t->nnotes, t->capnotes);
		t->notes[t->nnotes++] = d;
		t->defnum[d] = t->nnotes;
	}
}

static void text_links(text_w *t)
{
	size_t i;
	char mark[48];
	int width;

	if (t->nlinks == 0)
		return;
	text_section(t, "Links");
	width = snprintf(mark, sizeof mark, "[%zu] ", t->nlinks);
	for (i = 0; i < t->nlinks; i++) {
		int len = snprintf(mark, sizeof mark, "[%zu]", i + 1);

		snprintf(mark + len, sizeof mark - (size_t)len, "%*s", width - len, "");
		text_push_marker(t, TX_MARK, mark);
		t->inl.len = 0;
		text_put_clean(&t->inl, t->link_url[i], strlen(t->link_url[i]), TX_PROSE);
		if (t->link_title[i] && *t->link_title[i]) {
			buf_puts(&t->inl, " \"");
			text_put_clean(&t->inl, t->link_title[i], strlen(t->link_title[i]), TX_PROSE);
			buf_putc(&t->inl, '"');
		}
		text_flow(t, &t->inl);
		text_pop(t);
	}
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */
/* ------------------------------------------------------------------ */

static void text_free(text_w *t)
{
	free(t->pfx.s);
	free(t->fr);
	free(t->pend);
	free(t->inl.s);
	free(t->para.s);
	free(t->line.s);
	free(t->lines.buf.s);
	free(t->lines.v);
	free(t->lstack);
	free(t->link_map.keys);
	free(t->link_map.vals);
	free(t->link_url);
	free(t->link_title);
	free(t->note_map.keys);
	free(t->note_map.vals);
	free(t->defs);
	free(t->defnum);
	free(t->notes);
}

static int text_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	text_w t;
	long columns = pcv_option_int(ctx, "text.columns");

	(void)data;
	memset(&t, 0, sizeof t);
	t.ctx = ctx;
	t.doc = doc;
	t.out = out;
	if (columns < TEXT_MIN_COLUMNS || columns > TEXT_MAX_COLUMNS) {
		long fixed = columns < TEXT_MIN_COLUMNS ? TEXT_MIN_COLUMNS : TEXT_MAX_COLUMNS;

		pcv_report(ctx, PCV_WARNING, NULL, 0, 0, "text.columns=%ld is out of range %d..%d; using %ld",
		           columns, TEXT_MIN_COLUMNS, TEXT_MAX_COLUMNS, fixed);
		columns = fixed;
	}
	t.columns = (int)columns;
	t.cap = t.columns / 2;
	buf_put(&t.pfx, "", 0);

	text_collect_notes(&t, pcv_doc_root(doc));
	text_meta(&t);
	text_blocks(&t, pcv_doc_root(doc));
	text_notes(&t);
	text_links(&t);
	if (!t.started)
		pcv_out_putc(out, '\n');
	text_free(&t);
	return 0;
}

static const pcv_option text_options[] = {
	{"columns", PCV_OPT_INT, "72", "wrap width"},
	{NULL, 0, NULL, NULL},
};

static const pcv_writer text_writer = {
	sizeof(pcv_writer),
	"text",
	"txt",
	"plain text wrapped to a width, links and notes listed at the end",
	text_options,
	text_write,
	NULL,
	0,
};

static int text_init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &text_writer) ? 0 : -1;
}

PCV_PLUGIN("text", "1.0", "plain-text writer", text_init);
