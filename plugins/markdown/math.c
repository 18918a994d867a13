/*
 * math.c -- math spans in Markdown.
 *
 * `$..$` and `$$..$$` are recognised by a cmark-gfm inline syntax
 * extension on '$': cmark's inline parser calls it where a '$' is not
 * inside a code span (code spans are parsed when their backticks are
 * reached, so `$` in code never gets here), and the whole span becomes one
 * node, so '_' and '*' inside math never take part in emphasis.  That node
 * is a cmark CODE node carrying the span's record as user data: table
 * cells accept only cmark's own inline types, so a node type of our own
 * would be dropped there.
 *
 * cmark resolves backslash escapes before any extension sees the text, so
 * "\(" would reach the extension as "(".  Before the parse, each '\' or
 * '\\' directly before ( ) [ ] is replaced with one byte the text does not
 * hold (a C0 control, the "mark"); the extension is registered on the mark
 * too.  Where the marks open math, the extension takes the span; where
 * they do not, it gives back what cmark's escape would have given ("(" for
 * "\(", "\" for "\\").  Every string read back from cmark has the marks
 * turned back into backslashes, so code spans, code blocks and raw HTML
 * keep their "\(" exactly.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "markdown.h"

/* cmark's inline subject text, as cmark_inline_parser_get_chunk() gives
 * it (the layout of cmark-gfm's struct cmark_chunk, which the public
 * headers leave opaque). */
typedef struct markdown_chunk {
	unsigned char *data;
	int32_t len;
	int32_t alloc;
} markdown_chunk;

/* How far from cmark's column estimate a delimiter is looked for. */
#define MARKDOWN_MATH_WINDOW 512

void markdown_math_init(markdown_math_state *ms, pcv_ctx *ctx, pcv_doc *doc, int enabled)
{
	memset(ms, 0, sizeof *ms);
	ms->ctx = ctx;
	ms->doc = doc;
	ms->enabled = enabled;
}

void markdown_math_free(markdown_math_state *ms)
{
	if (ms->ext)
		cmark_syntax_extension_free(cmark_get_default_mem_allocator(), ms->ext);
	free(ms->spans);
	free(ms->unclosed);
	free(ms->lines);
	free(ms->marks);
	markdown_buf_free(&ms->texts);
	memset(ms, 0, sizeof *ms);
}

/* ------------------------------------------------------------------ */
/* Before the parse: marks                                             */
/* ------------------------------------------------------------------ */

static int markdown_is_bracket(int c)
{
	return c == '(' || c == ')' || c == '[' || c == ']';
}

/* Whether the line at text[i] holds only blanks and quote marks. */
static int markdown_blank_line(const char *text, size_t len, size_t i)
{
	for (; i < len && text[i] != '\n' && text[i] != '\r'; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '>')
			return 0;
	return 1;
}

/* Where the run of n characters c that closes the one ending at `from`
 * begins (a run of exactly n, before a blank line); 0 when none, with
 * *stop set to where the search ended. */
static size_t markdown_find_run(const char *text, size_t len, size_t from, char c, size_t n,
                                size_t *stop)
{
	size_t i = from;

	while (i < len) {
		size_t r = 0;

		if (text[i] == '\n' || text[i] == '\r') {
			i++;
			if (i < len && text[i - 1] == '\r' && text[i] == '\n')
				i++;
			if (markdown_blank_line(text, len, i)) {
				*stop = i;
				return 0;
			}
			continue;
		}
		if (text[i] == '\\' && c == '$') {
			i += 2;
			continue;
		}
		while (i + r < len && text[i + r] == c)
			r++;
		if (r == n)
			return i;
		i += r ? r : 1;
	}
	*stop = len;
	return 0;
}

/* Opening backslash delimiters waiting for their closing partner, one per
 * kind: \( \[ \\( \\[ */
typedef struct markdown_pending {
	size_t at;
	unsigned line, column;
	int open;
} markdown_pending;

static void markdown_math_flush(markdown_math_state *ms, markdown_pending *pend)
{
	static const char *const names[4] = {"\\(", "\\[", "\\\\(", "\\\\["};
	int kind;

	for (kind = 0; kind < 4; kind++) {
		/* "\[" alone is the usual escape of a bracket: no warning */
		if (pend[kind].open && kind != 1) {
			struct markdown_unclosed *u;

			if (ms->nunclosed == ms->capunclosed) {
				ms->capunclosed = ms->capunclosed ? 2 * ms->capunclosed : 16;
				ms->unclosed = markdown_xrealloc(ms->unclosed,
				                                 ms->capunclosed * sizeof *ms->unclosed);
			}
			u = &ms->unclosed[ms->nunclosed++];
			u->line = pend[kind].line;
			u->column = pend[kind].column;
			u->delim = names[kind];
		}
		pend[kind].open = 0;
	}
}

/*
 * Marks the backslashes of \( \) \[ \] \\( \\) \\[ \\] that pair up within
 * a paragraph (up to a blank line), outside fenced code, code spans and
 * $$..$$.  Unpaired ones keep their backslashes, so cmark reads them as it
 * always does (link labels, destinations, autolinks); unpaired openers
 * other than \[ are warned about.
 */
static void markdown_math_mark(markdown_math_state *ms, char *text, size_t len)
{
	markdown_pending pend[4] = {{0}};
	size_t nofind[33] = {0}, nodollar = 0, l, i;
	size_t fence = 0;
	char fchar = 0;

	for (l = 0; l < ms->nlines; l++) {
		size_t start = ms->lines[l];
		size_t end = l + 1 < ms->nlines ? ms->lines[l + 1] : len;
		size_t r = 0;

		while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
			end--;
		if (markdown_blank_line(text, len, start)) {
			markdown_math_flush(ms, pend);
			continue;
		}
		for (i = start; i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '>'); i++)
			;
		while (i + r < end && (text[i + r] == '`' || text[i + r] == '~') && text[i + r] == text[i])
			r++;
		if (r >= 3 && (!fence || (text[i] == fchar && r >= fence))) {
			markdown_math_flush(ms, pend);
			if (fence) {
				fence = 0;
			} else {
				fence = r;
				fchar = text[i];
			}
			continue;
		}
		if (fence)
			continue;
		for (i = start; i < end;) {
			size_t k = 0, f, stop = 0;
			int kind;

			if (text[i] == '`' || (text[i] == '$' && i + 1 < end && text[i + 1] == '$')) {
				char c = text[i];

				while (i + k < end && text[i + k] == c)
					k++;
				if (c == '$')
					k = 2;
				/* a code span or $$..$$: nothing inside is marked */
				if ((c == '$' && i + k < nodollar) || (c == '`' && (k > 32 || i + k < nofind[k]))) {
					i += k;
					continue;
				}
				f = markdown_find_run(text, len, i + k, c, k, &stop);
				if (!f) {
					if (c == '$')
						nodollar = stop;
					else
						nofind[k] = stop;
					i += k;
					continue;
				}
				/* continue after the closing run, on its line */
				i = f + k;
				while (l + 1 < ms->nlines && ms->lines[l + 1] <= f) {
					l++;
					end = l + 1 < ms->nlines ? ms->lines[l + 1] : len;
					while (end > ms->lines[l] && (text[end - 1] == '\n' || text[end - 1] == '\r'))
						end--;
				}
				continue;
			}
			if (text[i] != '\\') {
				i++;
				continue;
			}
			while (i + k < end && text[i + k] == '\\')
				k++;
			if (k > 2 || i + k >= end || !markdown_is_bracket((unsigned char)text[i + k])) {
				i += k;
				continue;
			}
			kind = (int)(k - 1) * 2 + (text[i + k] == '[' || text[i + k] == ']');
			if (text[i + k] == '(' || text[i + k] == '[') {
				if (!pend[kind].open) {
					pend[kind].open = 1;
					pend[kind].at = i;
					pend[kind].line = (unsigned)l + 1;
					pend[kind].column = (unsigned)(i - ms->lines[l]) + 1;
				}
			} else if (pend[kind].open) {
				memset(text + pend[kind].at, ms->mark, k);
				memset(text + i, ms->mark, k);
				pend[kind].open = 0;
			}
			i += k + 1;
		}
	}
	markdown_math_flush(ms, pend);
}

void markdown_math_prepare(markdown_math_state *ms, char *text, size_t len)
{
	unsigned char seen[256] = {0};
	size_t i, cap = 64;

	ms->src = text;
	ms->src_len = len;
	ms->lines = markdown_xmalloc(cap * sizeof *ms->lines);
	ms->lines[0] = 0;
	ms->nlines = 1;
	for (i = 0; i < len; i++) {
		seen[(unsigned char)text[i]] = 1;
		if (text[i] != '\n' && text[i] != '\r')
			continue;
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		if (ms->nlines == cap) {
			cap *= 2;
			ms->lines = markdown_xrealloc(ms->lines, cap * sizeof *ms->lines);
		}
		ms->lines[ms->nlines++] = (uint32_t)(i + 1);
	}
	if (!markdown_free_controls(seen, 0, &ms->mark, 1)) {
		pcv_report(ms->ctx, PCV_INFO, NULL, 0, 0,
		           "markdown: the input holds every control character; "
		           "\\( and \\[ math is not recognised");
		return;
	}
	markdown_math_mark(ms, text, len);
}

void markdown_math_rebase(markdown_math_state *ms, const char *input)
{
	const char *m;

	if (!ms->src)
		return;
	m = ms->mark ? memchr(ms->src, ms->mark, ms->src_len) : NULL;
	if (m) {
		ms->marks = markdown_xmalloc(ms->src_len / 8 + 1);
		memset(ms->marks, 0, ms->src_len / 8 + 1);
		for (; m; m = memchr(m + 1, ms->mark, ms->src_len - (size_t)(m + 1 - ms->src))) {
			size_t i = (size_t)(m - ms->src);

			ms->marks[i / 8] |= (unsigned char)(1u << (i % 8));
		}
	}
	ms->src = input;
}

/* The byte at i of the text given to cmark. */
static inline unsigned char markdown_math_src_at(const markdown_math_state *ms, size_t i)
{
	if (ms->marks && (ms->marks[i / 8] >> (i % 8) & 1))
		return ms->mark;
	return (unsigned char)ms->src[i];
}

/* Whether the n bytes of the text given to cmark at i are s; `plain`: s
 * holds no mark. */
static int markdown_math_src_is(const markdown_math_state *ms, size_t i, const void *s, size_t n,
                                int plain)
{
	const unsigned char *t = s;
	size_t j;

	if (markdown_guard_masks(ms->guard, s, n)) {
		/* raw HTML masked in what cmark read, maybe not in the source */
		for (j = 0; j < n; j++)
			if (markdown_guard_orig(ms->guard, markdown_math_src_at(ms, i + j)) !=
			    markdown_guard_orig(ms->guard, t[j]))
				return 0;
		return 1;
	}
	if (!ms->marks)
		return memcmp(ms->src + i, s, n) == 0;
	if (plain) {
		/* the input's bytes, and no mark under them */
		if (memcmp(ms->src + i, s, n) != 0)
			return 0;
		for (j = i; j < i + n; j++)
			if (ms->marks[j / 8] & (1u << (j % 8)))
				return 0;
		return 1;
	}
	for (j = 0; j < n; j++)
		if (markdown_math_src_at(ms, i + j) != t[j])
			return 0;
	return 1;
}

size_t markdown_math_restore(const markdown_math_state *ms, char *s, size_t len, int unescape)
{
	size_t i, o = 0;

	if (!ms->mark || !memchr(s, ms->mark, len))
		return len;
	for (i = 0; i < len;) {
		size_t run = 0;

		if ((unsigned char)s[i] != ms->mark) {
			s[o++] = s[i++];
			continue;
		}
		while (i + run < len && (unsigned char)s[i + run] == ms->mark)
			run++;
		i += run;
		/* where cmark unescapes (urls, titles, info strings), "\(" was
		 * "(" and "\\(" was "\(" */
		if (unescape && run <= 2)
			run--;
		while (run--)
			s[o++] = '\\';
	}
	return o;
}

/* ------------------------------------------------------------------ */
/* During the parse: the inline extension                              */
/* ------------------------------------------------------------------ */

/* Where in its source line the delimiter `open` followed by `tex` begins,
 * nearest to cmark's estimate `column` (cmark's inline columns drift on
 * continuation lines); `column` itself when not found. */
static unsigned markdown_math_column(const markdown_math_state *ms, unsigned line, unsigned column,
                                     const char *open, size_t olen, const unsigned char *tex,
                                     size_t tlen)
{
	size_t start, end, lo, hi, i, best = 0, bestd = (size_t)-1;
	int oplain, tplain;

	if (line < 1 || line > ms->nlines || column < 1)
		return column;
	start = ms->lines[line - 1];
	end = line < ms->nlines ? ms->lines[line] : ms->src_len;
	if (tlen > 16)
		tlen = 16;
	for (i = 0; i < tlen; i++)
		if (tex[i] == '\n' || tex[i] == '\r')
			break;
	tlen = i;
	oplain = !ms->mark || !memchr(open, ms->mark, olen);
	tplain = !ms->mark || !tlen || !memchr(tex, ms->mark, tlen);
	lo = column - 1 > MARKDOWN_MATH_WINDOW ? start + column - 1 - MARKDOWN_MATH_WINDOW : start;
	hi = start + column - 1 + MARKDOWN_MATH_WINDOW;
	if (hi > end)
		hi = end;
	for (i = lo; i + olen <= hi; i++) {
		size_t d;

		if (olen && markdown_math_src_at(ms, i) != (unsigned char)open[0])
			continue;
		if (!markdown_math_src_is(ms, i, open, olen, oplain))
			continue;
		if (tlen && (i + olen + tlen > end ||
		             !markdown_math_src_is(ms, i + olen, tex, tlen, tplain)))
			continue;
		d = i - start + 1 > column ? i - start + 1 - column : column - (i - start + 1);
		if (d < bestd) {
			bestd = d;
			best = i - start + 1;
		}
	}
	return best ? (unsigned)best : column;
}

static size_t markdown_math_record(markdown_math_state *ms, cmark_inline_parser *ip, int math,
                                   const char *open, size_t olen, const unsigned char *tex,
                                   size_t tlen)
{
	markdown_math *m;
	int line = cmark_inline_parser_get_line(ip);
	int column = cmark_inline_parser_get_column(ip);

	if (ms->nspans == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 64;
		ms->spans = markdown_xrealloc(ms->spans, ms->cap * sizeof *ms->spans);
	}
	m = &ms->spans[ms->nspans];
	memset(m, 0, sizeof *m);
	m->math = math != 0;
	if (line > 0 && column > 0) {
		m->line = (unsigned)line;
		m->column = markdown_math_column(ms, m->line, (unsigned)column, open, olen, tex, tlen);
	}
	return ++ms->nspans;
}

/* A text node standing for `s` where the delimiter at the parser's
 * position turned out not to open math. */
static cmark_node *markdown_math_text(markdown_math_state *ms, cmark_inline_parser *ip,
                                      const char *s, const char *open, size_t advance)
{
	cmark_node *node = cmark_node_new_with_mem(CMARK_NODE_TEXT, cmark_get_default_mem_allocator());
	size_t rec = markdown_math_record(ms, ip, 0, open, strlen(open), NULL, 0);

	cmark_node_set_literal(node, s);
	cmark_node_set_user_data(node, (void *)(uintptr_t)rec);
	cmark_inline_parser_set_offset(ip, cmark_inline_parser_get_offset(ip) + (int)advance);
	return node;
}

static void markdown_math_unclosed(markdown_math_state *ms, cmark_inline_parser *ip,
                                   const char *delim, const char *open)
{
	struct markdown_unclosed *u;
	int line = cmark_inline_parser_get_line(ip);
	int column = cmark_inline_parser_get_column(ip);

	if (ms->nunclosed == ms->capunclosed) {
		ms->capunclosed = ms->capunclosed ? 2 * ms->capunclosed : 16;
		ms->unclosed = markdown_xrealloc(ms->unclosed, ms->capunclosed * sizeof *ms->unclosed);
	}
	u = &ms->unclosed[ms->nunclosed++];
	u->line = line > 0 ? (unsigned)line : 0;
	u->column = column > 0 ? markdown_math_column(ms, u->line, (unsigned)column, open,
	                                              strlen(open), NULL, 0) : 0;
	u->delim = delim;
}

/* A math node for s[from, to) opened by `open` (as in the subject). */
static cmark_node *markdown_math_span(markdown_math_state *ms, cmark_inline_parser *ip,
                                      const unsigned char *s, size_t from, size_t to, int display,
                                      const char *open, const char *written, size_t end)
{
	cmark_node *node = cmark_node_new_with_mem(CMARK_NODE_CODE, cmark_get_default_mem_allocator());
	size_t rec = markdown_math_record(ms, ip, 1, open, strlen(open), s + from, to - from);
	markdown_math *m = &ms->spans[rec - 1];

	size_t at = ms->texts.len;

	markdown_buf_add(&ms->texts, (const char *)s + from, to - from);
	markdown_guard_restore(ms->guard, ms->texts.data + at, to - from);
	ms->texts.len = at + markdown_math_restore(ms, ms->texts.data + at, to - from, 0);
	ms->texts.data[ms->texts.len] = '\0';
	/* the TeX is read from the text buffer: cmark's node keeps none */
	m->tex = (uint32_t)at;
	m->tex_len = (uint32_t)(ms->texts.len - at);
	m->display = display != 0;
	m->open = written;
	cmark_node_set_user_data(node, (void *)(uintptr_t)rec);
	cmark_inline_parser_set_offset(ip, (int)end);
	return node;
}

static int markdown_math_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* After a backslash at s[j] inside math: where scanning goes on.  Skips
 * the escaped character, and the balanced braces of \text{..}, which may
 * hold '$'. */
static size_t markdown_math_escape(const unsigned char *s, size_t n, size_t j)
{
	int depth = 0;

	if (j + 6 <= n && memcmp(s + j, "\\text{", 6) == 0) {
		for (j += 5; j < n; j++) {
			if (s[j] == '\\' && j + 1 < n)
				j++;
			else if (s[j] == '{')
				depth++;
			else if (s[j] == '}' && --depth == 0)
				return j + 1;
		}
		return n;
	}
	return j + 2;
}

static cmark_node *markdown_math_dollar(markdown_math_state *ms, cmark_inline_parser *ip,
                                        const unsigned char *s, size_t n, size_t pos)
{
	size_t j;

	if (pos + 1 < n && s[pos + 1] == '$') {
		/* $$..$$: anything up to the next unescaped $$ */
		for (j = pos + 2; j + 1 < n;) {
			if (s[j] == '\\' || s[j] == ms->mark)
				j = markdown_math_escape(s, n, j);
			else if (s[j] == '$' && s[j + 1] == '$')
				break;
			else
				j++;
		}
		if (j + 1 < n && j > pos + 2)
			return markdown_math_span(ms, ip, s, pos + 2, j, 1, "$$", "$$", j + 2);
		if (j + 1 < n)
			return markdown_math_text(ms, ip, "$$$$", "$$", 4);
		markdown_math_unclosed(ms, ip, "$$", "$$");
		return markdown_math_text(ms, ip, "$$", "$$", 2);
	}
	/* $..$, pandoc's rule: no space after the opening $, none before the
	 * closing one, and no digit right after it */
	if (pos + 1 >= n || markdown_math_space(s[pos + 1]))
		return NULL;
	for (j = pos + 1; j < n && s[j] != '$';) {
		if (s[j] == '\\' || s[j] == ms->mark)
			j = markdown_math_escape(s, n, j);
		else if (markdown_math_space(s[j])) {
			while (j < n && markdown_math_space(s[j]))
				j++;
			if (j < n && s[j] == '$')
				return NULL;
		} else
			j++;
	}
	if (j >= n || (j + 1 < n && isdigit(s[j + 1])))
		return NULL;
	return markdown_math_span(ms, ip, s, pos + 1, j, 0, "$", "$", j + 1);
}

static cmark_node *markdown_math_backslash(markdown_math_state *ms, cmark_inline_parser *ip,
                                           const unsigned char *s, size_t n, size_t pos)
{
	static const char *const written[2][2] = {{"\\(", "\\["}, {"\\\\(", "\\\\["}};
	size_t k = 0, j;
	unsigned char b, close;
	char open[4];
	int display;

	while (pos + k < n && s[pos + k] == ms->mark)
		k++;
	if (k > 2 || pos + k >= n || !markdown_is_bracket(s[pos + k]))
		return markdown_math_text(ms, ip, "\\", "", 1);
	b = s[pos + k];
	memset(open, ms->mark, k);
	open[k] = (char)b;
	open[k + 1] = '\0';
	if (b == '(' || b == '[') {
		close = b == '(' ? ')' : ']';
		display = b == '[';
		for (j = pos + k + 1; j < n;) {
			size_t r = 0;

			if (s[j] != ms->mark) {
				j++;
				continue;
			}
			while (j + r < n && s[j + r] == ms->mark)
				r++;
			if (r == k && j + r < n && s[j + r] == close)
				break;
			j += r;
		}
		if (j < n && j > pos + k + 1)
			return markdown_math_span(ms, ip, s, pos + k + 1, j, display, open,
			                          written[k - 1][display], j + k + 1);
		if (j >= n)
			markdown_math_unclosed(ms, ip, written[k - 1][display], open);
	}
	/* not math: what cmark's backslash escape would have made */
	if (k == 1) {
		char lit[2] = {(char)b, '\0'};

		return markdown_math_text(ms, ip, lit, open, 2);
	}
	return markdown_math_text(ms, ip, "\\", open, 2);
}

static cmark_node *markdown_math_match(cmark_syntax_extension *ext, cmark_parser *parser,
                                       cmark_node *parent, unsigned char c,
                                       cmark_inline_parser *ip)
{
	markdown_math_state *ms = cmark_syntax_extension_get_private(ext);
	const markdown_chunk *chunk = (const markdown_chunk *)cmark_inline_parser_get_chunk(ip);
	int pos = cmark_inline_parser_get_offset(ip);

	(void)parser;
	(void)parent;
	if (!ms || !chunk || pos < 0 || pos >= chunk->len)
		return NULL;
	if (c == '$')
		return markdown_math_dollar(ms, ip, chunk->data, (size_t)chunk->len, (size_t)pos);
	if (ms->mark && c == ms->mark)
		return markdown_math_backslash(ms, ip, chunk->data, (size_t)chunk->len, (size_t)pos);
	return NULL;
}

int markdown_math_attach(markdown_math_state *ms, cmark_parser *parser)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_syntax_extension *ext;
	cmark_llist *chars;

	ext = cmark_syntax_extension_new("paissconv-math");
	cmark_syntax_extension_set_match_inline_func(ext, markdown_math_match);
	cmark_syntax_extension_set_private(ext, ms, NULL);
	chars = cmark_llist_append(mem, NULL, (void *)(uintptr_t)'$');
	if (ms->mark)
		chars = cmark_llist_append(mem, chars, (void *)(uintptr_t)ms->mark);
	cmark_syntax_extension_set_special_inline_chars(ext, chars);
	ms->ext = ext;
	return cmark_parser_attach_syntax_extension(parser, ext);
}

const markdown_math *markdown_math_node(markdown_math_state *ms, cmark_node *node)
{
	uintptr_t i = (uintptr_t)cmark_node_get_user_data(node);

	if (!i || i > ms->nspans)
		return NULL;
	return &ms->spans[i - 1];
}

/* ------------------------------------------------------------------ */
/* After the parse: display math blocks                                */
/* ------------------------------------------------------------------ */

static int markdown_is_display(const pcv_node *n)
{
	const char *d;

	if (pcv_node_type(n) != PCV_NODE_INLINE_MATH)
		return 0;
	d = pcv_node_get_attr(n, "display");
	return d && strcmp(d, "true") == 0;
}

static int markdown_is_break(const pcv_node *n)
{
	int t = pcv_node_type(n);

	return t == PCV_NODE_SOFTBREAK || t == PCV_NODE_LINEBREAK;
}

static int markdown_is_blank_text(const pcv_node *n)
{
	size_t i, len;
	const char *s;

	if (pcv_node_type(n) != PCV_NODE_TEXT)
		return 0;
	s = pcv_node_literal(n);
	len = pcv_node_literal_len(n);
	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Drops breaks and blank text at the end of a paragraph, and the
 * paragraph when nothing is left. */
static void markdown_trim_paragraph(pcv_node *para)
{
	pcv_node *last;

	while ((last = pcv_node_last_child(para)) &&
	       (markdown_is_break(last) || markdown_is_blank_text(last)))
		pcv_node_unlink(last);
	if (!pcv_node_first_child(para))
		pcv_node_unlink(para);
}

/*
 * A line of a paragraph (the children between two breaks) that holds only
 * display math and blank text is taken out of the paragraph: each display
 * math on it becomes a DISPLAY_MATH block, and the paragraph is split
 * around it.  Display math among text on its line stays inline.
 */
static void markdown_split_paragraph(pcv_doc *doc, pcv_node *para)
{
	pcv_node *parent = pcv_node_parent(para), *c, *target, *anchor;
	pcv_node **kids, **made;
	unsigned char *own;
	size_t n = 0, i, s, nmade = 0;

	if (!parent || !pcv_node_can_contain(pcv_node_type(parent), PCV_NODE_DISPLAY_MATH))
		return;
	for (c = pcv_node_first_child(para); c; c = pcv_node_next(c))
		n++;
	kids = markdown_xmalloc(n * sizeof *kids);
	own = markdown_xmalloc(n);
	made = markdown_xmalloc((n + 1) * sizeof *made);
	for (i = 0, c = pcv_node_first_child(para); c; c = pcv_node_next(c))
		kids[i++] = c;
	/* mark the lines that hold nothing but display math */
	for (s = 0; s < n;) {
		size_t e = s, shown = 0, other = 0;

		while (e < n && !markdown_is_break(kids[e])) {
			if (markdown_is_display(kids[e]))
				shown++;
			else if (!markdown_is_blank_text(kids[e]))
				other++;
			e++;
		}
		for (i = s; i < e; i++)
			own[i] = shown && !other;
		if (e < n)
			own[e] = 0;
		s = e + 1;
	}
	target = para;
	anchor = para;
	made[nmade++] = para;
	for (i = 0; i < n; i++) {
		c = kids[i];
		if (own[i]) {
			if (markdown_is_display(c)) {
				pcv_node *d = pcv_node_new(doc, PCV_NODE_DISPLAY_MATH);

				pcv_node_set_literal_len(d, pcv_node_literal(c), pcv_node_literal_len(c));
				pcv_node_set_position(d, pcv_node_line(c), pcv_node_column(c));
				if (!pcv_node_insert_after(anchor, d))
					continue; /* stays inline */
				anchor = d;
				target = NULL;
			}
			pcv_node_unlink(c);
			continue;
		}
		if (target == para)
			continue;
		if (!target) {
			if (markdown_is_break(c) || markdown_is_blank_text(c)) {
				pcv_node_unlink(c);
				continue;
			}
			target = pcv_node_new(doc, PCV_NODE_PARAGRAPH);
			pcv_node_set_position(target, pcv_node_line(c), pcv_node_column(c));
			if (!pcv_node_insert_after(anchor, target)) {
				target = NULL;
				continue;
			}
			anchor = target;
			made[nmade++] = target;
		}
		pcv_node_append_child(target, c);
	}
	for (i = 0; i < nmade; i++)
		markdown_trim_paragraph(made[i]);
	free(kids);
	free(own);
	free(made);
}

void markdown_math_blocks(markdown_math_state *ms, pcv_node *root)
{
	pcv_node **paras = NULL, *last = NULL;
	size_t n = 0, cap = 0, i;
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *parent;

		if (ev != PCV_EVENT_ENTER || !markdown_is_display(it.node))
			continue;
		parent = pcv_node_parent(it.node);
		if (!parent || pcv_node_type(parent) != PCV_NODE_PARAGRAPH || parent == last)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			paras = markdown_xrealloc(paras, cap * sizeof *paras);
		}
		paras[n++] = last = parent;
	}
	for (i = 0; i < n; i++)
		markdown_split_paragraph(ms->doc, paras[i]);
	free(paras);
}
