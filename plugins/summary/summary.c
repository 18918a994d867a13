/*
 * summary.c -- the "summary" writer: a plain-text digest of the notes, to
 * be read in two minutes.
 *
 *   title, subtitle, authors, date
 *   At a glance: words and reading time, what the notes hold, the markers
 *   Outline: the sections
 *   one part per meaning (key ideas, questions, papers, quotes, things to
 *   look into, practicals, then any other), each item with its section
 *
 * The parts come from the "tag" attributes the emoji-legend filter leaves
 * on blocks and from the "legend-used" metadata; without them the summary
 * holds the outline and the counts.  Lines are wrapped at summary.columns
 * by display width (grapheme clusters measured with utf8proc).  Every walk
 * is a pcv_iter, and item texts stop growing at a fixed size, so no input
 * makes this file recurse or go quadratic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "paissconv.h"

#define SUM_MIN_COLUMNS 20
#define SUM_MAX_COLUMNS 10000
#define SUM_ITEM_WIDTH 200   /* an item's text is shortened beyond this */
#define SUM_ITEM_MIN 60      /* ... at a sentence end at least this far in */
#define SUM_TEXT_LIMIT 2000  /* bytes gathered for one item at most */
#define SUM_GLUE '\x1f'       /* in text to wrap: a space that never breaks */

static const pcv_option sum_options[] = {
	{"columns", PCV_OPT_INT, "72", "wrap lines at this display width (20 or more)"},
	{"wpm", PCV_OPT_INT, "200", "reading speed for the reading time, in words a minute"},
	{NULL, 0, NULL, NULL}
};

/* The parts the summary knows, in their order, with their titles. */
static const struct {
	const char *slug, *title;
} sum_known[] = {
	{"key-idea", "Key ideas"},   {"question", "Questions"},  {"paper", "Papers"},
	{"quote", "Quotes"},         {"look-into", "To look into"}, {"practical", "Practicals"},
	{"idea", "Ideas"},           {"caution", "Cautions"},   {"done", "Done"},
};

typedef struct sum_buf {
	char *s;
	size_t len, cap;
} sum_buf;

typedef struct sum_item {
	const char *text;
	const char *section;
} sum_item;

typedef struct sum_part {
	const char *slug;
	const char *title;
	sum_item *items;
	size_t n, cap;
} sum_part;

typedef struct sum_writer {
	pcv_ctx *ctx;
	pcv_doc *doc;
	pcv_out *out;
	int columns;
	sum_part *parts;
	size_t nparts, pcap;
	sum_buf line;
} sum_writer;

static void *sum_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: summary: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void sum_put(sum_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = 2 * (b->len + len + 1);
		b->s = sum_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static void sum_puts(sum_buf *b, const char *s)
{
	sum_put(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* Appends s cleaned: whitespace and control characters become one space
 * (none at the start), bytes that are not UTF-8 become U+FFFD. */
static void sum_put_clean(sum_buf *b, const char *s, size_t len)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			sum_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029 ||
		    c == ' ' || c == 0xA0) {
			if (b->len > 0 && b->s[b->len - 1] != ' ')
				sum_put(b, " ", 1);
		} else {
			sum_put(b, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
}

/* The text of a subtree, whitespace collapsed.  markers: keep the emoji
 * that carry a legend tag.  own: for an item, leave out nested lists. */
static char *sum_text(pcv_node *root, int markers, int own)
{
	sum_buf b = {0};
	pcv_iter it;
	pcv_event ev;

	sum_put(&b, "", 0);
	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE && b.len < SUM_TEXT_LIMIT) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (ev == PCV_EVENT_EXIT) {
			if (PCV_NODE_IS_BLOCK(t) && b.len > 0 && b.s[b.len - 1] != ' ')
				sum_put(&b, " ", 1);
			continue;
		}
		switch (t) {
		case PCV_NODE_LIST:
			if (own && n != root)
				pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
			sum_put_clean(&b, pcv_node_literal(n), pcv_node_literal_len(n));
			break;
		case PCV_NODE_EMOJI:
			if (markers || !pcv_node_get_attr(n, "tag"))
				sum_put_clean(&b, pcv_node_literal(n), pcv_node_literal_len(n));
			break;
		case PCV_NODE_INLINE_MATH: {
			/* The math filter's Unicode form when it parsed the TeX. */
			const char *lin = pcv_node_get_attr(n, "text");
			if (lin) {
				sum_put_clean(&b, lin, strlen(lin));
			} else {
				sum_put(&b, "$", 1);
				sum_put_clean(&b, pcv_node_literal(n), pcv_node_literal_len(n));
				sum_put(&b, "$", 1);
			}
			pcv_iter_skip_children(&it);
			break;
		}
		case PCV_NODE_DISPLAY_MATH:
		case PCV_NODE_CODE_BLOCK:
		case PCV_NODE_RAW_BLOCK:
		case PCV_NODE_RAW_INLINE:
		case PCV_NODE_FOOTNOTE_REF:
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			if (b.len > 0 && b.s[b.len - 1] != ' ')
				sum_put(&b, " ", 1);
			break;
		default:
			break;
		}
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	/* Trim the start, and a colon a removed marker left ("⭐: ..."). */
	size_t start = 0;
	while (start < b.len && strchr(" :", b.s[start]))
		start++;
	memmove(b.s, b.s + start, b.len - start + 1);
	return b.s;
}

/* The display width of the grapheme cluster at s, and its length. */
static size_t sum_cluster(const char *s, size_t len, int *width)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c, first, prev, state = 0;
	utf8proc_ssize_t k = utf8proc_iterate(u, (utf8proc_ssize_t)len, &c);
	size_t pos;
	int w, emoji = 0;

	if (k <= 0) {
		*width = 1;
		return 1;
	}
	first = prev = c;
	pos = (size_t)k;
	while (pos < len) {
		k = utf8proc_iterate(u + pos, (utf8proc_ssize_t)(len - pos), &c);
		if (k <= 0 || utf8proc_grapheme_break_stateful(prev, c, &state))
			break;
		if (c == 0xFE0F)
			emoji = 1;
		pos += (size_t)k;
		prev = c;
	}
	w = utf8proc_charwidth(first);
	if (w < 0)
		w = 0;
	if ((emoji || (first >= 0x1F1E6 && first <= 0x1F1FF)) && w < 2)
		w = 2;
	*width = w;
	return pos;
}

static int sum_width(const char *s, size_t len)
{
	int total = 0, w;
	size_t i = 0;
	while (i < len) {
		i += sum_cluster(s + i, len - i, &w);
		total += w;
	}
	return total;
}

/* Shortens text to about SUM_ITEM_WIDTH columns: at the last sentence end
 * that fits (when not too early), else at the last space, with "…".  The
 * result is in the arena. */
static const char *sum_shorten(pcv_doc *doc, const char *text)
{
	size_t len = strlen(text), i = 0, sentence = 0, space = 0;
	int width = 0, w;
	char *out;

	if (sum_width(text, len) <= SUM_ITEM_WIDTH)
		return pcv_doc_strdup(doc, text);
	while (i < len) {
		size_t k = sum_cluster(text + i, len - i, &w);
		if (width + w > SUM_ITEM_WIDTH - 1)
			break;
		width += w;
		if (text[i] == ' ') {
			space = i;
			if (i > 0 && strchr(".?!", text[i - 1]) && width >= SUM_ITEM_MIN)
				sentence = i;
		}
		i += k;
	}
	if (sentence)
		return pcv_doc_strndup(doc, text, sentence);
	if (!space)
		space = i;
	while (space > 0 && strchr(" ,;:", text[space - 1]))
		space--;
	out = pcv_doc_alloc(doc, space + 4);
	memcpy(out, text, space);
	memcpy(out + space, "\xE2\x80\xA6", 4); /* … */
	return out;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

/* Writes text wrapped at the width, the first line after `first`, the
 * others after `rest` (ASCII prefixes).  Lines break at spaces, never at
 * SUM_GLUE; a word wider than the line stands alone on its line. */
static void sum_wrap(sum_writer *w, const char *text, const char *first, const char *rest)
{
	const char *prefix = first;
	size_t len = strlen(text), i = 0;
	int indent = (int)strlen(first), col = 0, cw;

	w->line.len = 0;
	while (i < len) {
		size_t j = i;
		int ww = 0;
		while (j < len && text[j] == ' ')
			j++;
		i = j;
		if (i >= len)
			break;
		while (j < len && text[j] != ' ') {
			if (text[j] == SUM_GLUE) {
				j++;
				ww++;
				continue;
			}
			j += sum_cluster(text + j, len - j, &cw);
			ww += cw;
		}
		if (col > 0 && indent + col + 1 + ww > w->columns) {
			pcv_out_puts(w->out, prefix);
			pcv_out_write(w->out, w->line.s, w->line.len);
			pcv_out_putc(w->out, '\n');
			prefix = rest;
			indent = (int)strlen(rest);
			w->line.len = 0;
			col = 0;
		}
		if (col > 0) {
			sum_put(&w->line, " ", 1);
			col++;
		}
		for (size_t k = i; k < j; k++)
			sum_put(&w->line, text[k] == SUM_GLUE ? " " : text + k, 1);
		col += ww;
		i = j;
	}
	if (col > 0 || prefix == first) {
		pcv_out_puts(w->out, prefix);
		pcv_out_write(w->out, w->line.s, w->line.len);
		pcv_out_putc(w->out, '\n');
	}
}

/* A part title with a rule under it as wide as the title (at most the
 * width). */
static void sum_title(sum_writer *w, const char *title, char rule)
{
	int width = sum_width(title, strlen(title));
	sum_wrap(w, title, "", "");
	if (width > w->columns)
		width = w->columns;
	for (int i = 0; i < width; i++)
		pcv_out_putc(w->out, rule);
	pcv_out_putc(w->out, '\n');
}

/* ------------------------------------------------------------------ */
/* Gathering                                                           */
/* ------------------------------------------------------------------ */

static sum_part *sum_part_for(sum_writer *w, const char *slug)
{
	for (size_t i = 0; i < w->nparts; i++)
		if (strcmp(w->parts[i].slug, slug) == 0)
			return &w->parts[i];
	if (w->nparts == w->pcap) {
		w->pcap = w->pcap ? 2 * w->pcap : 16;
		w->parts = sum_xrealloc(w->parts, w->pcap * sizeof *w->parts);
	}
	sum_part *p = &w->parts[w->nparts++];
	memset(p, 0, sizeof *p);
	p->slug = pcv_doc_strdup(w->doc, slug);
	return p;
}

static void sum_add_item(sum_writer *w, const char *slug, const char *text, const char *section)
{
	sum_part *p = sum_part_for(w, slug);
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->items = sum_xrealloc(p->items, p->cap * sizeof *p->items);
	}
	p->items[p->n].text = text;
	p->items[p->n++].section = section;
}

/* Adds the block to the part of each of its tags. */
static void sum_add_block(sum_writer *w, pcv_node *node, const char *section)
{
	const char *tag = pcv_node_get_attr(node, "tag");
	const char *tags = pcv_node_get_attr(node, "tags");
	char *raw = sum_text(node, 0, pcv_node_type(node) == PCV_NODE_ITEM);
	const char *text = sum_shorten(w->doc, raw);
	free(raw);
	if (!*text)
		return;
	sum_add_item(w, tag, text, section);
	if (!tags)
		return;
	for (const char *p = tags; *p;) {
		size_t n = strcspn(p, " ");
		if (n > 0) {
			char *one = pcv_doc_strndup(w->doc, p, n);
			if (strcmp(one, tag) != 0)
				sum_add_item(w, one, text, section);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

typedef struct sum_counts {
	unsigned long words, headings, tables, images, equations, code, notes;
} sum_counts;

/* Word counting state, carried across the inline nodes of a block. */
enum { SUM_GAP = 0, SUM_TOKEN, SUM_WORD };

/* Counts the words of s: runs of non-space characters holding a letter or
 * a digit (so dashes, bullets and emoji are not words). */
static void sum_count_words(sum_counts *c, const char *s, size_t len, int *state)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += (size_t)k;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
		    cp == 0xA0 || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) {
			*state = SUM_GAP;
			continue;
		}
		if (*state == SUM_GAP)
			*state = SUM_TOKEN;
		if (*state == SUM_TOKEN) {
			utf8proc_category_t cat = utf8proc_category(cp);
			if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
			    !(cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)) {
				c->words++;
				*state = SUM_WORD;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */
/* ------------------------------------------------------------------ */

static const char *sum_meaning_of(pcv_meta *used, const char *slug)
{
	for (size_t i = 0; i < pcv_meta_count(used); i++) {
		pcv_meta *e = pcv_meta_at(used, i, NULL);
		const pcv_meta *s = pcv_meta_get(e, "slug"), *m = pcv_meta_get(e, "meaning");
		if (s && m && pcv_meta_string(s) && strcmp(pcv_meta_string(s), slug) == 0)
			return pcv_meta_string(m);
	}
	return NULL;
}

static const char *sum_part_title(sum_writer *w, pcv_meta *used, const char *slug)
{
	for (size_t i = 0; i < sizeof sum_known / sizeof *sum_known; i++)
		if (strcmp(sum_known[i].slug, slug) == 0)
			return sum_known[i].title;
	const char *m = sum_meaning_of(used, slug);
	char *t = pcv_doc_strdup(w->doc, m ? m : slug);
	if (!m)
		for (char *p = t; *p; p++)
			if (*p == '-')
				*p = ' ';
	if (*t >= 'a' && *t <= 'z')
		*t = (char)(*t - 'a' + 'A');
	return t;
}

/* The rank of a part: known parts first in their order, then the others
 * in legend order, then the rest as met. */
static size_t sum_rank(pcv_meta *used, const char *slug, size_t met)
{
	size_t nk = sizeof sum_known / sizeof *sum_known;
	for (size_t i = 0; i < nk; i++)
		if (strcmp(sum_known[i].slug, slug) == 0)
			return i;
	for (size_t i = 0; i < pcv_meta_count(used); i++) {
		const pcv_meta *s = pcv_meta_get(pcv_meta_at(used, i, NULL), "slug");
		if (s && pcv_meta_string(s) && strcmp(pcv_meta_string(s), slug) == 0)
			return nk + i;
	}
	return nk + pcv_meta_count(used) + met;
}

static void sum_write_glance(sum_writer *w, const sum_counts *c, pcv_meta *used, long wpm)
{
	char line[512];
	sum_buf b = {0};
	unsigned long minutes = (c->words + (unsigned long)wpm / 2) / (unsigned long)wpm;

	sum_title(w, "At a glance", '-');
	if (c->words == 0)
		snprintf(line, sizeof line, "No words to read.");
	else
		snprintf(line, sizeof line, "%lu word%s, about %lu minute%s to read.", c->words,
		         c->words == 1 ? "" : "s", minutes ? minutes : 1, minutes > 1 ? "s" : "");
	sum_wrap(w, line, "", "");

	{
		static const char *const what[][2] = {{"section", "sections"}, {"table", "tables"},
		                                      {"figure", "figures"},  {"equation", "equations"},
		                                      {"code block", "code blocks"}, {"note", "notes"}};
		unsigned long v[] = {c->headings, c->tables, c->images, c->equations, c->code, c->notes};
		int any = 0;
		for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
			if (!v[i])
				continue;
			snprintf(line, sizeof line, "%s%lu %s", any ? ", " : "", v[i], what[i][v[i] != 1]);
			sum_puts(&b, line);
			any = 1;
		}
		if (any) {
			sum_puts(&b, ".");
			sum_wrap(w, b.s, "", "");
		}
	}
	if (pcv_meta_count(used) > 0) {
		b.len = 0;
		sum_puts(&b, "Markers:");
		for (size_t i = 0; i < pcv_meta_count(used); i++) {
			pcv_meta *e = pcv_meta_at(used, i, NULL);
			const char *emoji = pcv_meta_string(pcv_meta_get(e, "emoji"));
			const char *meaning = pcv_meta_string(pcv_meta_get(e, "meaning"));
			const char *count = pcv_meta_string(pcv_meta_get(e, "count"));
			if (!emoji || !meaning)
				continue;
			sum_puts(&b, i ? ", " : " ");
			size_t from = b.len;
			sum_put_clean(&b, emoji, strlen(emoji));
			sum_puts(&b, " ");
			sum_put_clean(&b, meaning, strlen(meaning));
			if (count) {
				sum_puts(&b, " ");
				sum_put_clean(&b, count, strlen(count));
			}
			for (size_t k = from; k < b.len; k++) /* one entry, one line */
				if (b.s[k] == ' ')
					b.s[k] = SUM_GLUE;
		}
		sum_puts(&b, ".");
		sum_wrap(w, b.s, "", "  ");
	}
	free(b.s);
}

static int sum_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	sum_writer w = {0};
	sum_counts counts = {0};
	pcv_meta *used = pcv_meta_get(pcv_doc_meta(doc), "legend-used");
	const char *title = pcv_doc_meta_string(doc, "title");
	const char *sections[7] = {0};
	pcv_node **outline = NULL, *title_heading = NULL;
	size_t noutline = 0, ocap = 0, *order;
	long wpm = pcv_option_int(ctx, "summary.wpm");
	int in_word = 0, min_level = 7;
	pcv_iter it;
	pcv_event ev;

	w.ctx = ctx;
	w.doc = doc;
	w.out = out;
	w.columns = (int)pcv_option_int(ctx, "summary.columns");
	if (w.columns < SUM_MIN_COLUMNS || w.columns > SUM_MAX_COLUMNS) {
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0, "summary.columns=%d is out of range (%d to %d); using 72",
		           w.columns, SUM_MIN_COLUMNS, SUM_MAX_COLUMNS);
		w.columns = 72;
	}
	if (wpm < 1)
		wpm = 200;
	if (used && pcv_meta_kind_of(used) != PCV_META_LIST)
		used = NULL;

	/* The title heading: the first heading, when it is of level 1 and
	 * there is no title or it says the title. */
	for (pcv_node *n = pcv_node_first_child(pcv_doc_root(doc)); n; n = pcv_node_next(n)) {
		if (pcv_node_type(n) != PCV_NODE_HEADING)
			continue;
		if (pcv_node_heading_level(n) == 1) {
			char *t = sum_text(n, 1, 0);
			if (!title || strcmp(t, title) == 0) {
				title_heading = n;
				if (!title)
					title = pcv_doc_strdup(doc, t);
			}
			free(t);
		}
		break;
	}

	pcv_iter_init(&it, pcv_doc_root(doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (ev == PCV_EVENT_EXIT) {
			if (PCV_NODE_IS_BLOCK(t))
				in_word = SUM_GAP;
			continue;
		}
		if (PCV_NODE_IS_BLOCK(t))
			in_word = SUM_GAP;
		switch (t) {
		case PCV_NODE_HEADING: {
			int level = pcv_node_heading_level(n);
			char *text;
			if (level < 1 || level > 6)
				level = 6;
			text = sum_text(n, 1, 0);
			if (pcv_node_get_attr(n, "tag")) {
				const char *sec = NULL;
				for (int l = level - 1; l >= 1 && !sec; l--)
					sec = sections[l];
				sum_add_block(&w, n, sec);
			}
			sections[level] = pcv_doc_strdup(doc, text);
			for (int l = level + 1; l <= 6; l++)
				sections[l] = NULL;
			free(text);
			if (n != title_heading) {
				counts.headings++;
				if (noutline == ocap) {
					ocap = ocap ? 2 * ocap : 32;
					outline = sum_xrealloc(outline, ocap * sizeof *outline);
				}
				outline[noutline++] = n;
				if (level < min_level)
					min_level = level;
			}
			break;
		}
		case PCV_NODE_PARAGRAPH:
		case PCV_NODE_ITEM:
		case PCV_NODE_BLOCK_QUOTE:
		case PCV_NODE_DIV:
		case PCV_NODE_LIST:
			if (pcv_node_get_attr(n, "tag")) {
				const char *sec = NULL;
				for (int l = 6; l >= 1 && !sec; l--)
					sec = sections[l];
				sum_add_block(&w, n, sec);
			}
			break;
		case PCV_NODE_TABLE:
			counts.tables++;
			break;
		case PCV_NODE_IMAGE:
			counts.images++;
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_DISPLAY_MATH:
			counts.equations++;
			counts.words++;
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_INLINE_MATH:
			if (in_word != SUM_WORD)
				counts.words++;
			in_word = SUM_WORD;
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_CODE_BLOCK:
			counts.code++;
			break;
		case PCV_NODE_FOOTNOTE_DEF:
			counts.notes++;
			break;
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
			sum_count_words(&counts, pcv_node_literal(n), pcv_node_literal_len(n), &in_word);
			break;
		case PCV_NODE_EMOJI: /* not a word, but not a gap either */
			if (in_word == SUM_GAP)
				in_word = SUM_TOKEN;
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			in_word = SUM_GAP;
			break;
		default:
			break;
		}
	}

	/* Title block. */
	if (title && *title) {
		sum_buf b = {0};
		sum_put_clean(&b, title, strlen(title));
		sum_title(&w, b.s, '=');
		free(b.s);
	}
	{
		static const char *const keys[] = {"subtitle", "author", "date"};
		for (size_t i = 0; i < 3; i++) {
			const char *v = pcv_doc_meta_string(doc, keys[i]);
			if (v && *v) {
				sum_buf b = {0};
				sum_put_clean(&b, v, strlen(v));
				sum_wrap(&w, b.s, "", "");
				free(b.s);
			}
		}
	}
	pcv_out_putc(out, '\n');
	sum_write_glance(&w, &counts, used, wpm);

	if (noutline > 0) {
		pcv_out_putc(out, '\n');
		sum_title(&w, "Outline", '-');
		for (size_t i = 0; i < noutline; i++) {
			char pre[16], *text = sum_text(outline[i], 1, 0);
			int depth = pcv_node_heading_level(outline[i]) - min_level;
			if (depth < 0)
				depth = 0;
			snprintf(pre, sizeof pre, "%*s", 2 * depth, "");
			char rest[20];
			snprintf(rest, sizeof rest, "%s  ", pre);
			sum_wrap(&w, *text ? text : "(untitled)", pre, rest);
			free(text);
		}
	}

	/* The parts, in their order. */
	order = sum_xrealloc(NULL, (w.nparts ? w.nparts : 1) * sizeof *order);
	for (size_t i = 0; i < w.nparts; i++)
		order[i] = i;
	for (size_t i = 1; i < w.nparts; i++) { /* insertion sort: few parts */
		size_t k = order[i], j = i;
		size_t rk = sum_rank(used, w.parts[k].slug, k);
		while (j > 0 && sum_rank(used, w.parts[order[j - 1]].slug, order[j - 1]) > rk) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	for (size_t i = 0; i < w.nparts; i++) {
		sum_part *p = &w.parts[order[i]];
		char head[256];
		snprintf(head, sizeof head, "%s (%zu)", sum_part_title(&w, used, p->slug), p->n);
		pcv_out_putc(out, '\n');
		sum_title(&w, head, '-');
		for (size_t j = 0; j < p->n; j++) {
			sum_wrap(&w, p->items[j].text, "* ", "  ");
			if (p->items[j].section) {
				sum_buf b = {0};
				sum_puts(&b, "in: ");
				sum_puts(&b, p->items[j].section);
				sum_wrap(&w, b.s, "  ", "      ");
				free(b.s);
			}
		}
	}

	for (size_t i = 0; i < w.nparts; i++)
		free(w.parts[i].items);
	free(w.parts);
	free(order);
	free(outline);
	free(w.line.s);
	return 0;
}

static const pcv_writer sum_writer_cap = {
	.size = sizeof(pcv_writer),
	.name = "summary",
	.extensions = "summary.txt",
	.summary = "a plain-text digest: outline, key ideas, questions, papers, quotes, counts",
	.options = sum_options,
	.write = sum_write,
	.data = NULL,
	.flags = 0,
};

static int sum_init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &sum_writer_cap) ? 0 : 1;
}

PCV_PLUGIN("summary", "1.0", "Summary writer: a two-minute plain-text digest of the notes", sum_init);
