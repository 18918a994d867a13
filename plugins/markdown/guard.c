/*
 * guard.c -- inputs on which cmark-gfm 0.29.0.gfm.6 would take time in the
 * square of their size, made linear before cmark sees them.
 *
 * Tables: the table extension appends each cell of a row to a list it
 * walks from the start, so a row of n cells costs n * n / 2 steps.  A
 * document with a row of more than MARKDOWN_TABLE_MAX_CELLS cells has its
 * tables read as text (markdown_table_too_wide, the caller warns).
 *
 * Raw HTML: at each "<?", "<!" before a letter and "<![CDATA[", cmark
 * scans the rest of the paragraph for "?>", ">" or "]]>"; when that is not
 * there the opener is text, and the next opener scans again.  An opener
 * with no closer after it in its block of lines (a paragraph never spans a
 * blank line) can only be text: one of its characters -- the '?', the '!'
 * or the 'C' -- is masked with a control byte the text does not hold,
 * which cmark takes as text at once, and markdown_guard_restore() puts it
 * back in every string copied out.  Where it stands the character means
 * nothing else to cmark: "<!" before a letter is no image and "<![" stays
 * one, and only a '?' can stand next to a run of * _ or ~, whose reading
 * depends on punctuation beside it; such a '?' is not masked.  So the
 * document reads as it would have.  Other openers are left to cmark:
 * those with a closer after them (it may lie beyond their paragraph), those
 * '?', those where an HTML block may start (the block parser's, unless the
 * line turns out to be a paragraph's) and those that may open an email
 * autolink ("<?a@b.c>").  A block with more than MARKDOWN_HTML_MAX_OPENERS
 * of them of one kind has them all masked, read as text, with a warning.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "markdown.h"

/* The openers (see markdown_opener), their closers, and the place of the
 * character masked in each. */
static const struct {
	const char *open, *close;
	size_t clen, at;
} markdown_html[MARKDOWN_GUARD_KINDS] = {
	{"<?", "?>", 2, 1},
	{"<!", ">", 1, 1},
	{"<![CDATA[", "]]>", 3, 3},
};

const char *markdown_guard_opener(int kind)
{
	return markdown_html[kind].open;
}

/* Whether the line s[0, n) could be a table's delimiter row ("| --- | :-: |"),
 * maybe inside block quotes or list items: a bar, a dash, and nothing but
 * those, colons, spaces and the markers of quotes and lists. */
static int markdown_delimiter_like(const char *s, size_t n)
{
	int bar = 0, dash = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '|')
			bar = 1;
		else if (c == '-')
			dash = 1;
		else if (c == '\0' || !strchr(" \t>:*+.)0123456789", c))
			return 0;
	}
	return bar && dash;
}

/* The end of the line that starts at p, and whether it is blank. */
static const char *markdown_line_end(const char *p, const char *end, int *blank)
{
	const char *e = p;

	*blank = 1;
	while (e < end && *e != '\n' && *e != '\r') {
		if (*e != ' ' && *e != '\t')
			*blank = 0;
		e++;
	}
	return e;
}

/* The start of the line after the one that ends at e (end at the end). */
static const char *markdown_next_line(const char *e, const char *end)
{
	if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
		e++;
	return e < end ? e + 1 : end;
}

int markdown_table_too_wide(const char *text, size_t len, unsigned *line, size_t *cells)
{
	const char *p = text, *end = text + len;
	size_t widest = 0;
	unsigned ln = 0, widest_line = 0;
	int delimiter = 0;

	for (;;) {
		int blank;
		const char *e = markdown_line_end(p, end, &blank);

		ln++;
		if (blank) {
			if (delimiter && widest > MARKDOWN_TABLE_MAX_CELLS)
				break;
			delimiter = 0;
			widest = 0;
		} else {
			/* a row of more cells than that is longer than that */
			if ((size_t)(e - p) > MARKDOWN_TABLE_MAX_CELLS) {
				const char *a = p, *z = e;
				size_t bars = 0, n;
				int escaped = 0;

				for (const char *q = p; q < e; q++) {
					bars += *q == '|' && !escaped;
					escaped = *q == '\\' && !escaped;
				}
				/* the cells between the bars, and beside them but
				 * for an outer bar (after any block quote marks) */
				while (a < e && (*a == ' ' || *a == '\t' || *a == '>'))
					a++;
				while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
					z--;
				n = bars + 1 - (a < z && *a == '|') -
				    (z - a > 1 && z[-1] == '|' && z[-2] != '\\');
				if (n > widest && n > MARKDOWN_TABLE_MAX_CELLS) {
					widest = n;
					widest_line = ln;
				}
			}
			if (!delimiter && memchr(p, '|', (size_t)(e - p)))
				delimiter = markdown_delimiter_like(p, (size_t)(e - p));
		}
		if (e == end)
			break;
		p = markdown_next_line(e, end);
	}
	if (!delimiter || widest <= MARKDOWN_TABLE_MAX_CELLS)
		return 0;
	*line = widest_line;
	*cells = widest;
	return 1;
}

/* The kind of raw HTML opener at s[0, n), or -1. */
static int markdown_opener(const char *s, size_t n)
{
	if (n < 2 || s[0] != '<')
		return -1;
	if (s[1] == '?')
		return 0;
	if (s[1] != '!' || n < 3)
		return -1;
	if ((s[2] >= 'A' && s[2] <= 'Z') || (s[2] >= 'a' && s[2] <= 'z'))
		return 1;
	return n >= 9 && memcmp(s, "<![CDATA[", 9) == 0 ? 2 : -1;
}

/* Whether s[0, n), which starts with '<', may be an email autolink
 * ("<?a@b.c>": the local part may hold '?' and '!'): that is for cmark to
 * read. */
static int markdown_email_like(const char *s, size_t n)
{
	size_t i = 1, at;

	while (i < n && (strchr(".!#$%&'*+/=?^_`{|}~-", s[i]) || (s[i] >= '0' && s[i] <= '9') ||
	                 ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) && s[i] != '\0')
		i++;
	if (i == 1 || i >= n || s[i] != '@')
		return 0;
	at = ++i;
	while (i < n && (s[i] == '.' || s[i] == '-' || (s[i] >= '0' && s[i] <= '9') ||
	                 ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
		i++;
	return i > at && i < n && s[i] == '>';
}

/* Where an HTML block could start on the line that starts at text[l]:
 * after its indentation and the markers of block quotes and list items.
 * How far a list item's content is indented depends on the lines before,
 * so any indentation is taken; a guess too far in only leaves an opener to
 * cmark. */
static size_t markdown_content_start(const char *text, size_t l, size_t e)
{
	size_t i = l, j;

	for (;;) {
		while (i < e && (text[i] == ' ' || text[i] == '\t' || text[i] == '>'))
			i++;
		if (i + 1 < e && (text[i] == '-' || text[i] == '*' || text[i] == '+') &&
		    (text[i + 1] == ' ' || text[i + 1] == '\t')) {
			i++;
			continue;
		}
		for (j = i; j < e && j - i < 9 && text[j] >= '0' && text[j] <= '9'; j++)
			;
		if (j > i && j + 1 < e && (text[j] == '.' || text[j] == ')') &&
		    (text[j + 1] == ' ' || text[j + 1] == '\t')) {
			i = j + 1;
			continue;
		}
		return i;
	}
}

/* Masks the openers of block [b, e) of text, whose first line is line. */
static void markdown_guard_block(markdown_guard *g, char *text, size_t b, size_t e, unsigned line)
{
	for (int k = 0; k < MARKDOWN_GUARD_KINDS; k++) {
		const char *close = markdown_html[k].close;
		size_t clen = markdown_html[k].clen, last = b, i, n = 0, l = b, start, seen = b;
		int closed = 0;

		/* the end of the last closer; openers before it may be closed */
		for (i = e; i >= b + clen; i--)
			if (text[i - 1] == close[clen - 1] && memcmp(text + i - clen, close, clen) == 0) {
				last = i;
				closed = 1;
				break;
			}
		start = markdown_content_start(text, l, e);
		for (i = b; i + 1 < e; i++) {
			const char *lt = memchr(text + i, '<', e - i);

			if (!lt)
				break;
			i = (size_t)(lt - text);
			if (markdown_opener(text + i, e - i) != k)
				continue;
			/* the line it is on, and where an HTML block could
			 * start on it */
			size_t l0 = l;

			for (; seen < i; seen++)
				if (text[seen] == '\n' || text[seen] == '\r')
					l = seen + 1;
			if (l != l0)
				start = markdown_content_start(text, l, e);
			/* left to cmark, and counted: those that may close,
			 * those where an HTML block may start or an autolink,
			 * and a '?' before * _ or ~ (a delimiter run after
			 * punctuation, which the mark is not) */
			if ((closed && i < last) || i == start || markdown_email_like(text + i, e - i) ||
			    (k == 0 && i + 2 < e && strchr("*_~", text[i + 2]) && text[i + 2])) {
				n++;
				continue;
			}
			text[i + markdown_html[k].at] = (char)g->mark[k];
		}
		if (n <= MARKDOWN_HTML_MAX_OPENERS)
			continue;
		/* too many for cmark to look for their ends: all read as text */
		for (i = b; i + 1 < e; i++)
			if (text[i] == '<' && markdown_opener(text + i, e - i) == k)
				text[i + markdown_html[k].at] = (char)g->mark[k];
		if (!g->over[k]) {
			g->over[k] = n;
			g->over_line[k] = line;
		}
	}
}

void markdown_guard_html(markdown_guard *g, char *text, size_t len, unsigned char avoid)
{
	unsigned char seen[256] = {0};
	const char *p = text, *end = text + len;
	size_t b = 0;
	unsigned ln = 0, first = 1;

	memset(g, 0, sizeof *g);
	if (!memmem(text, len, "<?", 2) && !memmem(text, len, "<!", 2))
		return;
	/* three bytes the text does not hold, other than the math mark */
	for (size_t i = 0; i < len; i++)
		seen[(unsigned char)text[i]] = 1;
	if (markdown_free_controls(seen, avoid, g->mark, MARKDOWN_GUARD_KINDS) <
	    MARKDOWN_GUARD_KINDS) {
		memset(g->mark, 0, sizeof g->mark);
		return;
	}
	for (;;) {
		int blank;
		const char *e = markdown_line_end(p, end, &blank);

		ln++;
		if (blank || e == end) {
			size_t stop = blank ? (size_t)(p - text) : len;

			if (stop > b)
				markdown_guard_block(g, text, b, stop, first);
			b = (size_t)(markdown_next_line(e, end) - text);
			first = ln + 1;
		}
		if (e == end)
			break;
		p = markdown_next_line(e, end);
	}
}

unsigned char markdown_guard_orig(const markdown_guard *g, unsigned char c)
{
	static const char orig[MARKDOWN_GUARD_KINDS] = {'?', '!', 'C'};

	if (g && g->mark[0] && c < 0x20)
		for (int k = 0; k < MARKDOWN_GUARD_KINDS; k++)
			if (c == g->mark[k])
				return (unsigned char)orig[k];
	return c;
}

int markdown_guard_masks(const markdown_guard *g, const void *s, size_t len)
{
	const unsigned char *p = s;

	if (!g || !g->mark[0])
		return 0;
	for (size_t i = 0; i < len; i++)
		if (p[i] < 0x20 && markdown_guard_orig(g, p[i]) != p[i])
			return 1;
	return 0;
}

void markdown_guard_restore(const markdown_guard *g, char *s, size_t len)
{
	if (!g || !g->mark[0])
		return;
	for (size_t i = 0; i < len; i++)
		s[i] = (char)markdown_guard_orig(g, (unsigned char)s[i]);
}
