/*
 * emoji-legend.c -- the "emoji-legend" filter: finds emoji markers, reads
 * what they mean from a legend, and tags the blocks they mark.
 *
 * One run:
 *   1. a walk collects the runs of adjacent TEXT nodes and the headings
 *      that name a legend;
 *   2. the legend is gathered, first hit per emoji: the -O file, the front
 *      matter's `legend:`, tables and lists in legend sections, the
 *      built-in default;
 *   3. each text run holding emoji (or, when asked, :shortcodes:) is
 *      replaced by TEXT and EMOJI nodes -- a run without any stays as it is;
 *   4. a second walk counts the legend's emoji, tags the paragraphs,
 *      headings, items and quotes they mark, then sections of tagged
 *      headings get "section-tag";
 *   5. the legend actually used goes to the metadata as "legend-used".
 * No step recurses; every walk is a pcv_iter.  README.md tells writers what
 * the tree holds afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "paissconv.h"
#include "emoji-legend.h"
#include "emoji-unicode.h"

#define EL_MAX_CPS 32
#define EL_KEY_SIZE (4 * (EL_MAX_CPS + 1) + 1)
#define EL_MAX_SLUG 64
#define EL_MAX_BLOCK_SLUGS 8
#define EL_MAX_SHORTCODE 64

enum { EL_SRC_FILE, EL_SRC_FRONT, EL_SRC_NOTES, EL_SRC_DEFAULT };
static const char *const el_source_names[] = {"file", "front-matter", "notes", "default"};

static const pcv_option el_options[] = {
	{"file", PCV_OPT_FILE, NULL,
	 "a YAML legend (emoji: meaning, or emoji: {meaning: ..., colour: ...}); "
	 "it wins over the front matter, the notes' legend table and the default"},
	{"shortcodes", PCV_OPT_BOOL, "false",
	 "turn :name: shortcodes (Unicode CLDR short names, e.g. :thumbs_up:) into emoji"},
	{NULL, 0, NULL, NULL}
};

/* The built-in legend: emoji, meaning, colour. */
static const struct {
	const char *emoji, *meaning, *colour;
} el_default[] = {
	{"\360\237\223\221", "paper", "#1f77b4"},          /* U+1F4D1 bookmark tabs */
	{"\342\235\223", "question", "#d62728"},            /* U+2753 */
	{"\360\237\222\254", "quote", "#8c564b"},          /* U+1F4AC speech balloon */
	{"\342\255\220", "key idea", "#e6a100"},            /* U+2B50 star */
	{"\360\237\221\200", "look into", "#9467bd"},      /* U+1F440 eyes */
	{"\360\237\233\240\357\270\217", "practical", "#2ca02c"}, /* U+1F6E0 U+FE0F */
	{"\360\237\222\241", "idea", "#bcbd22"},           /* U+1F4A1 light bulb */
	{"\342\232\240\357\270\217", "caution", "#ff7f0e"}, /* U+26A0 U+FE0F */
	{"\342\234\205", "done", "#17becf"},                /* U+2705 */
};

/* Colours for meanings the default does not know, in turn. */
static const char *const el_palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                         "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};

static const struct {
	const char *name, *hex;
} el_colour_names[] = {
	{"black", "#000000"}, {"blue", "#0000ff"},   {"brown", "#a52a2a"},  {"cyan", "#00ffff"},
	{"gold", "#ffd700"},  {"gray", "#808080"},   {"green", "#008000"},  {"grey", "#808080"},
	{"lime", "#00ff00"},  {"magenta", "#ff00ff"}, {"maroon", "#800000"}, {"navy", "#000080"},
	{"olive", "#808000"}, {"orange", "#ffa500"}, {"pink", "#ffc0cb"},   {"purple", "#800080"},
	{"red", "#ff0000"},   {"silver", "#c0c0c0"}, {"teal", "#008080"},   {"violet", "#ee82ee"},
	{"white", "#ffffff"}, {"yellow", "#ffff00"},
};

typedef struct el_entry {
	const char *emoji;    /* as its source wrote it */
	const char *key;      /* without selectors and skin tones */
	const char *meaning;
	const char *slug;
	const char *colour;   /* "#rrggbb" */
	int source;           /* EL_SRC_* */
	int shadowed;         /* an earlier source had this emoji */
	size_t count;
} el_entry;

typedef struct el_nodes {
	pcv_node **v;
	size_t n, cap;
} el_nodes;

typedef struct el_state {
	pcv_ctx *ctx;
	pcv_doc *doc;
	el_entry *entries;
	size_t n, cap;
	el_entry **by_key;    /* entries not shadowed, sorted by key */
	size_t nkey;
	el_nodes legends;     /* tables and lists read as legends */
	el_nodes section;     /* the blocks of legend sections (sorted) */
	emoji_names *names;
	int shortcodes;
} el_state;

static void *el_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: emoji-legend: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void el_push(el_nodes *list, pcv_node *node)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 32;
		list->v = el_xrealloc(list->v, list->cap * sizeof *list->v);
	}
	list->v[list->n++] = node;
}

static int el_contains(const el_nodes *list, const pcv_node *node)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i] == node)
			return 1;
	return 0;
}

static int el_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Where s holds word (ASCII letters, any case) first, or NULL. */
static const char *el_find_word(const char *s, const char *word)
{
	size_t wl = strlen(word);
	for (; s && *s; s++) {
		size_t i = 0;
		while (i < wl && s[i] && (s[i] | 0x20) == word[i])
			i++;
		if (i == wl)
			return s;
	}
	return NULL;
}

static int el_has_word(const char *s, const char *word)
{
	return el_find_word(s, word) != NULL;
}

/* A trimmed copy of s in the arena. */
static const char *el_trim(pcv_doc *doc, const char *s)
{
	size_t len;
	if (!s)
		return NULL;
	while (el_is_space((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && el_is_space((unsigned char)s[len - 1]))
		len--;
	return pcv_doc_strndup(doc, s, len);
}

/* The meaning as a slug: case and accents folded, letters and digits kept,
 * every other run one '-'.  "Key idea" -> "key-idea". */
static const char *el_slug(pcv_doc *doc, const char *meaning)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)meaning, -1, &m,
	                                  UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	                                      UTF8PROC_COMPOSE);
	char buf[EL_MAX_SLUG + 8];
	size_t j = 0;
	int sep = 0;

	if (n < 0)
		return "marker";
	for (utf8proc_ssize_t i = 0; i < n && j < EL_MAX_SLUG;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &c);
		if (k <= 0)
			break;
		utf8proc_category_t cat = utf8proc_category(c);
		int keep = (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) ||
		           (c >= 0x80 && cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
		            !(cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME));
		if (keep) {
			if (j + (size_t)k > EL_MAX_SLUG)
				break;
			if (sep && j > 0)
				buf[j++] = '-';
			sep = 0;
			memcpy(buf + j, m + i, (size_t)k);
			j += (size_t)k;
		} else {
			sep = 1;
		}
		i += k;
	}
	free(m);
	buf[j] = '\0';
	return j ? pcv_doc_strdup(doc, buf) : "marker";
}

/* A colour as "#rrggbb" from "#rgb", "#rrggbb" or a basic colour name. */
static const char *el_colour(pcv_doc *doc, const char *s)
{
	char buf[8];
	size_t len;
	if (!s)
		return NULL;
	while (el_is_space((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && el_is_space((unsigned char)s[len - 1]))
		len--;
	if (len > 0 && s[0] == '#') {
		const char *h = s + 1;
		size_t hl = len - 1;
		for (size_t i = 0; i < hl; i++)
			if (!strchr("0123456789abcdefABCDEF", h[i]) || !h[i])
				return NULL;
		if (hl == 3)
			snprintf(buf, sizeof buf, "#%c%c%c%c%c%c", h[0], h[0], h[1], h[1], h[2], h[2]);
		else if (hl == 6)
			snprintf(buf, sizeof buf, "#%.6s", h);
		else
			return NULL;
		for (char *p = buf; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		return pcv_doc_strdup(doc, buf);
	}
	for (size_t i = 0; i < sizeof el_colour_names / sizeof *el_colour_names; i++) {
		size_t nl = strlen(el_colour_names[i].name);
		size_t k = 0;
		if (nl != len)
			continue;
		while (k < len && (s[k] | 0x20) == el_colour_names[i].name[k])
			k++;
		if (k == len)
			return el_colour_names[i].hex;
	}
	return NULL;
}

/* The first emoji cluster of s (loose: text-default emoji count too):
 * copies it to the arena in *emoji and its key into key.  0 when none. */
static int el_first_emoji(pcv_doc *doc, const char *s, const char **emoji, char *key)
{
	size_t len = s ? strlen(s) : 0, pos = 0;
	uint32_t cps[EL_MAX_CPS];
	while (pos < len) {
		size_t n, k = emoji_cluster(s + pos, len - pos, cps, EL_MAX_CPS, &n);
		if (n > 0 && n <= EL_MAX_CPS && emoji_is_emoji(cps, n, 1) &&
		    (cps[0] >= 0x80 || n > 1)) {
			*emoji = pcv_doc_strndup(doc, s + pos, k);
			emoji_key(cps, n, key);
			return 1;
		}
		pos += k;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The legend                                                          */
/* ------------------------------------------------------------------ */

typedef struct el_where {
	const char *file;       /* for the file source */
	const pcv_node *node;   /* for the table source */
} el_where;

static void el_warn(el_state *st, const el_where *w, const char *fmt, const char *arg)
{
	if (w->node)
		pcv_report_node(st->ctx, PCV_WARNING, w->node, fmt, arg);
	else if (w->file)
		pcv_report(st->ctx, PCV_WARNING, w->file, 0, 0, fmt, arg);
	else
		pcv_report_at(st->ctx, PCV_WARNING, st->doc, 1, 1, fmt, arg);
}

static void el_add(el_state *st, int source, const el_where *w, const char *marker,
                   const char *meaning, const char *colour)
{
	char key[EL_KEY_SIZE];
	const char *emoji;
	el_entry *e;

	meaning = el_trim(st->doc, meaning);
	if (!marker || !el_first_emoji(st->doc, marker, &emoji, key)) {
		el_warn(st, w, "legend entry '%s' names no emoji; it is ignored", marker ? marker : "");
		return;
	}
	if (!meaning || !*meaning) {
		el_warn(st, w, "legend entry %s has no meaning; it is ignored", emoji);
		return;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 16;
		st->entries = el_xrealloc(st->entries, st->cap * sizeof *st->entries);
	}
	e = &st->entries[st->n++];
	e->emoji = emoji;
	e->key = pcv_doc_strdup(st->doc, key);
	e->meaning = meaning;
	e->slug = el_slug(st->doc, meaning);
	e->colour = NULL;
	if (colour && *colour && !(e->colour = el_colour(st->doc, colour)))
		el_warn(st, w, "legend colour '%s' is not #rgb, #rrggbb or a colour name; a default is used",
		        colour);
	e->source = source;
	e->shadowed = 0;
	e->count = 0;
}

/* The string of a map's key among a few spellings, or NULL. */
static const char *el_meta_field(const pcv_meta *map, const char *const *keys)
{
	for (; *keys; keys++) {
		const pcv_meta *v = pcv_meta_get(map, *keys);
		if (v && pcv_meta_kind_of(v) == PCV_META_STRING)
			return pcv_meta_string(v);
	}
	return NULL;
}

static const char *const el_meaning_keys[] = {"meaning", "label", "name", NULL};
static const char *const el_colour_keys[] = {"colour", "color", NULL};
static const char *const el_emoji_keys[] = {"emoji", "marker", NULL};

/* A legend as metadata: a map emoji -> meaning or emoji -> {meaning,
 * colour}, or a list of {emoji, meaning, colour}; a map whose only key is
 * "legend" holds one. */
static void el_add_meta(el_state *st, int source, const el_where *w, const pcv_meta *legend)
{
	const char *key;
	pcv_meta *inner;

	if (!legend)
		return;
	if (pcv_meta_kind_of(legend) == PCV_META_MAP && pcv_meta_count(legend) == 1 &&
	    (inner = pcv_meta_get(legend, "legend")) && pcv_meta_kind_of(inner) != PCV_META_STRING)
		legend = inner;
	switch (pcv_meta_kind_of(legend)) {
	case PCV_META_MAP:
		for (size_t i = 0; i < pcv_meta_count(legend); i++) {
			const pcv_meta *v = pcv_meta_at(legend, i, &key);
			if (pcv_meta_kind_of(v) == PCV_META_STRING)
				el_add(st, source, w, key, pcv_meta_string(v), NULL);
			else if (pcv_meta_kind_of(v) == PCV_META_MAP)
				el_add(st, source, w, key, el_meta_field(v, el_meaning_keys),
				       el_meta_field(v, el_colour_keys));
			else
				el_warn(st, w, "legend entry '%s' is a list; give a meaning", key);
		}
		break;
	case PCV_META_LIST:
		for (size_t i = 0; i < pcv_meta_count(legend); i++) {
			const pcv_meta *v = pcv_meta_at(legend, i, NULL);
			if (pcv_meta_kind_of(v) != PCV_META_MAP) {
				el_warn(st, w, "%s", "a legend list holds maps {emoji, meaning, colour}; an entry is ignored");
				continue;
			}
			el_add(st, source, w, el_meta_field(v, el_emoji_keys),
			       el_meta_field(v, el_meaning_keys), el_meta_field(v, el_colour_keys));
		}
		break;
	default:
		el_warn(st, w, "%s", "the legend is not a map of emoji to meanings; it is ignored");
		break;
	}
}

/* Marks a block read as a legend: class "legend" (appended to a class it
 * has). */
static void el_mark_legend(el_state *st, pcv_node *block)
{
	const char *cls = pcv_node_get_attr(block, "class");
	if (!cls) {
		pcv_node_set_attr(block, "class", "legend");
	} else if (!el_has_word(cls, "legend")) {
		size_t len = strlen(cls);
		char *v = pcv_doc_alloc(st->doc, len + 8);
		memcpy(v, cls, len);
		memcpy(v + len, " legend", 8);
		pcv_node_set_attr(block, "class", v);
	}
	el_push(&st->legends, block);
}

/* Reads one table of a legend section.  The first column holds the emoji;
 * the meaning is the column whose header says "meaning", else the second;
 * a column whose header says "colour" or "color" gives colours. */
static void el_add_table(el_state *st, pcv_node *table)
{
	int meaning_col = 1, colour_col = -1, col;
	size_t before = st->n;
	pcv_node *row = pcv_node_first_child(table);

	if (row && pcv_node_is_header(row)) {
		int found = 0;
		col = 0;
		for (pcv_node *c = pcv_node_first_child(row); c; c = pcv_node_next(c), col++) {
			const char *t = pcv_node_text(c);
			if (!found && el_has_word(t, "meaning")) {
				meaning_col = col;
				found = 1;
			} else if (colour_col < 0 && (el_has_word(t, "colour") || el_has_word(t, "color"))) {
				colour_col = col;
			}
		}
		row = pcv_node_next(row);
	}
	for (; row; row = pcv_node_next(row)) {
		const char *marker = NULL, *meaning = NULL, *colour = NULL, *e;
		char key[EL_KEY_SIZE];
		el_where w = {NULL, row};
		col = 0;
		for (pcv_node *c = pcv_node_first_child(row); c; c = pcv_node_next(c), col++) {
			if (col == 0)
				marker = pcv_node_text(c);
			if (col == meaning_col)
				meaning = pcv_node_text(c);
			if (col == colour_col)
				colour = pcv_node_text(c);
		}
		/* Rows without an emoji are prose, not entries: no warning. */
		if (!marker || !el_first_emoji(st->doc, marker, &e, key))
			continue;
		el_add(st, EL_SRC_NOTES, &w, marker, meaning, colour);
	}
	if (st->n > before)
		el_mark_legend(st, table);
}

/* The meaning that follows a marker: separators skipped (spaces, ':',
 * '=', '-', dashes), cut at the first stop; NULL when empty. */
static const char *el_meaning_after(pcv_doc *doc, const char *text, size_t len, int sentence)
{
	static const char *const stops[] = {" \342\200\224", " \342\200\223", " - ", ":", ";",
	                                    ",", " (", NULL};
	const char *end = text + len;
	char *meaning;
	for (;;) {
		if (text < end && (el_is_space((unsigned char)*text) || *text == ':' || *text == '=' ||
		                   *text == '-'))
			text++;
		else if (end - text >= 3 && (strncmp(text, "\342\200\224", 3) == 0 ||
		                             strncmp(text, "\342\200\223", 3) == 0))
			text += 3; /* em and en dashes */
		else
			break;
	}
	meaning = pcv_doc_strndup(doc, text, (size_t)(end - text));
	for (size_t i = 0; stops[i]; i++) {
		char *cut = strstr(meaning, stops[i]);
		if (cut && cut > meaning)
			*cut = '\0';
	}
	if (sentence) {
		char *dot = strstr(meaning, ". ");
		size_t ml = strlen(meaning);
		if (dot)
			*dot = '\0';
		else if (ml > 0 && meaning[ml - 1] == '.')
			meaning[ml - 1] = '\0';
	}
	meaning = (char *)el_trim(doc, meaning);
	return *meaning ? meaning : NULL;
}

/* A list of a legend section: items that begin with an emoji, the meaning
 * after it ("⭐️ key idea", "❓: question", "📑 — paper, to read"), up to a
 * dash, colon, semicolon, comma or parenthesis that follows. */
static void el_add_list(el_state *st, pcv_node *list)
{
	size_t before = st->n;
	for (pcv_node *item = pcv_node_first_child(list); item; item = pcv_node_next(item)) {
		pcv_node *para = pcv_node_first_child(item);
		const char *text, *emoji, *meaning;
		char key[EL_KEY_SIZE];
		el_where w = {NULL, item};
		size_t k, n, len;
		uint32_t cps[EL_MAX_CPS];

		if (!para || pcv_node_type(para) != PCV_NODE_PARAGRAPH)
			continue;
		text = el_trim(st->doc, pcv_node_text(para));
		len = strlen(text);
		if (len == 0)
			continue;
		k = emoji_cluster(text, len, cps, EL_MAX_CPS, &n);
		if (!emoji_is_emoji(cps, n, 1) || (cps[0] < 0x80 && n == 1) ||
		    !el_first_emoji(st->doc, text, &emoji, key))
			continue;
		text += k;
		meaning = el_meaning_after(st->doc, text, strlen(text), 0);
		if (!meaning)
			continue;
		el_add(st, EL_SRC_NOTES, &w, emoji, meaning, NULL);
	}
	if (st->n > before)
		el_mark_legend(st, list);
}

/* A paragraph that says "legend" and then pairs markers with meanings:
 * "Legend as usual: 📑 paper, ❓ question, ⭐️ key idea."  With two pairs
 * or more it is read as a legend and, like a legend section, not counted. */
static void el_add_inline(el_state *st, pcv_node *para)
{
	const char *text = pcv_node_text(para), *p;
	size_t len, pos, nfound = 0;
	struct {
		const char *emoji, *meaning;
	} found[64];
	uint32_t cps[EL_MAX_CPS];
	el_where w = {NULL, para};

	p = el_find_word(text, "legend");
	if (!p)
		return;
	p += 6;
	len = strlen(p);
	pos = 0;
	while (pos < len && nfound < sizeof found / sizeof *found) {
		size_t n, k = emoji_cluster(p + pos, len - pos, cps, EL_MAX_CPS, &n);
		if (n > 0 && n <= EL_MAX_CPS && emoji_is_emoji(cps, n, 1) && (cps[0] >= 0x80 || n > 1)) {
			/* The meaning runs to the next emoji. */
			size_t start = pos + k, end = start;
			while (end < len) {
				size_t m, kk = emoji_cluster(p + end, len - end, cps, EL_MAX_CPS, &m);
				if (m > 0 && m <= EL_MAX_CPS && emoji_is_emoji(cps, m, 1) &&
				    (cps[0] >= 0x80 || m > 1))
					break;
				end += kk;
			}
			found[nfound].emoji = pcv_doc_strndup(st->doc, p + pos, k);
			found[nfound].meaning = el_meaning_after(st->doc, p + start, end - start, 1);
			if (found[nfound].meaning)
				nfound++;
			pos = end;
			continue;
		}
		pos += k;
	}
	if (nfound < 2)
		return;
	for (size_t i = 0; i < nfound; i++)
		el_add(st, EL_SRC_NOTES, &w, found[i].emoji, found[i].meaning, NULL);
	el_mark_legend(st, para);
	el_push(&st->section, para);
}

/* The tables and lists among the blocks that follow a legend heading, up
 * to the next heading of the same or a higher level.  When they give
 * entries, the heading and the blocks up to the last of them describe the
 * markers rather than use them: their emoji are not counted and tag
 * nothing. */
static void el_add_section(el_state *st, pcv_node *heading)
{
	int level = pcv_node_heading_level(heading);
	size_t mark = st->section.n, last = mark;
	el_push(&st->section, heading);
	for (pcv_node *n = pcv_node_next(heading); n; n = pcv_node_next(n)) {
		int t = pcv_node_type(n);
		size_t before = st->n;
		if (t == PCV_NODE_HEADING && pcv_node_heading_level(n) <= level)
			break;
		el_push(&st->section, n);
		if (t == PCV_NODE_TABLE && !el_contains(&st->legends, n))
			el_add_table(st, n);
		else if (t == PCV_NODE_LIST && !el_contains(&st->legends, n))
			el_add_list(st, n);
		if (st->n > before)
			last = st->section.n;
	}
	st->section.n = last;
}

static int el_ptr_cmp(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t) * (pcv_node *const *)pa, b = (uintptr_t) * (pcv_node *const *)pb;
	return a < b ? -1 : a > b;
}

static int el_in_section(const el_state *st, pcv_node *node)
{
	return st->section.n > 0 &&
	       bsearch(&node, st->section.v, st->section.n, sizeof *st->section.v, el_ptr_cmp) != NULL;
}

static int el_key_cmp(const void *pa, const void *pb)
{
	const el_entry *a = *(el_entry *const *)pa, *b = *(el_entry *const *)pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a < b ? -1 : a > b);
}

/* Sorts the entries by key; of equal keys the first added (the source of
 * higher precedence) wins and the others are shadowed. */
static void el_finish_legend(el_state *st)
{
	size_t unknown = 0;
	st->by_key = el_xrealloc(NULL, st->n * sizeof *st->by_key);
	for (size_t i = 0; i < st->n; i++)
		st->by_key[i] = &st->entries[i];
	qsort(st->by_key, st->n, sizeof *st->by_key, el_key_cmp);
	st->nkey = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (st->nkey > 0 && strcmp(st->by_key[st->nkey - 1]->key, st->by_key[i]->key) == 0) {
			st->by_key[i]->shadowed = 1;
			continue;
		}
		st->by_key[st->nkey++] = st->by_key[i];
	}
	/* Colours: the source's, else the default's for its meaning, else the
	 * palette in turn. */
	for (size_t i = 0; i < st->n; i++) {
		el_entry *e = &st->entries[i];
		if (e->colour || e->shadowed)
			continue;
		for (size_t d = 0; d < sizeof el_default / sizeof *el_default && !e->colour; d++)
			if (strcmp(e->slug, el_slug(st->doc, el_default[d].meaning)) == 0)
				e->colour = el_default[d].colour;
		if (!e->colour)
			e->colour = el_palette[unknown++ % (sizeof el_palette / sizeof *el_palette)];
	}
}

static el_entry *el_lookup(el_state *st, const char *key)
{
	size_t lo = 0, hi = st->nkey;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, st->by_key[mid]->key);
		if (c < 0)
			hi = mid;
		else if (c > 0)
			lo = mid + 1;
		else
			return st->by_key[mid];
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Text runs -> TEXT and EMOJI nodes                                   */
/* ------------------------------------------------------------------ */

typedef struct el_run {
	char *buf;
	size_t len, cap;
	pcv_node **nodes;     /* the run's TEXT nodes */
	size_t *starts;       /* where each begins in buf */
	size_t n, ncap;
	int changed;
} el_run;

static void el_run_add(el_run *r, pcv_node *text)
{
	size_t len = pcv_node_literal_len(text);
	const char *s = pcv_node_literal(text);
	if (r->n == r->ncap) {
		r->ncap = r->ncap ? 2 * r->ncap : 8;
		r->nodes = el_xrealloc(r->nodes, r->ncap * sizeof *r->nodes);
		r->starts = el_xrealloc(r->starts, r->ncap * sizeof *r->starts);
	}
	r->nodes[r->n] = text;
	r->starts[r->n++] = r->len;
	if (r->len + len + 1 > r->cap) {
		r->cap = 2 * (r->len + len + 1);
		r->buf = el_xrealloc(r->buf, r->cap);
	}
	if (len)
		memcpy(r->buf + r->len, s, len);
	r->len += len;
	r->buf[r->len] = '\0';
}

/* Gives node the source position of byte off of the run. */
static void el_run_position(el_run *r, size_t off, pcv_node *node)
{
	size_t i = r->n;
	while (i > 1 && r->starts[i - 1] > off)
		i--;
	pcv_node *orig = r->nodes[i - 1];
	unsigned line = pcv_node_line(orig), col = pcv_node_column(orig);
	if (line && col)
		pcv_node_set_position(node, line, col + (unsigned)(off - r->starts[i - 1]));
	else if (line)
		pcv_node_set_position(node, line, 0);
}

/* Inserts before the run's first node: the text from `from` to `to`. */
static void el_emit_text(el_state *st, el_run *r, size_t from, size_t to)
{
	pcv_node *t;
	if (to <= from)
		return;
	t = pcv_node_new(st->doc, PCV_NODE_TEXT);
	pcv_node_set_literal_len(t, r->buf + from, to - from);
	el_run_position(r, from, t);
	pcv_node_insert_before(r->nodes[0], t);
}

static void el_emit_emoji(el_state *st, el_run *r, size_t at, const char *emoji, size_t len,
                          const uint32_t *cps, size_t n, const char *shortcode)
{
	pcv_node *e = pcv_node_new(st->doc, PCV_NODE_EMOJI);
	const char *name = emoji_name(st->names, cps, n);
	pcv_node_set_literal_len(e, emoji, len);
	if (name)
		pcv_node_set_attr(e, "name", name);
	if (shortcode)
		pcv_node_set_attr(e, "shortcode", shortcode);
	el_run_position(r, at, e);
	pcv_node_insert_before(r->nodes[0], e);
	r->changed = 1;
}

static int el_shortcode_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '+' || c >= 0x80;
}

/* A :shortcode: at pos: its length, with the emoji in buf; 0 when none. */
static size_t el_shortcode(el_state *st, const el_run *r, size_t pos, char *buf)
{
	size_t j = pos + 1;
	while (j < r->len && j - pos <= EL_MAX_SHORTCODE && el_shortcode_char((unsigned char)r->buf[j]))
		j++;
	if (j >= r->len || r->buf[j] != ':' || j - pos < 3)
		return 0;
	if (!emoji_from_shortcode(st->names, r->buf + pos + 1, j - pos - 1, buf))
		return 0;
	return j + 1 - pos;
}

/* Splits the run at its emoji.  A run without any is left untouched. */
static void el_convert_run(el_state *st, el_run *r)
{
	size_t pos = 0, seg = 0;
	uint32_t cps[EL_MAX_CPS];
	char key[EL_KEY_SIZE], sc[64];

	r->changed = 0;
	while (pos < r->len) {
		size_t n, k;
		unsigned char c = (unsigned char)r->buf[pos];
		if (c < 0x80 && c != '#' && c != '*' && !(c >= '0' && c <= '9') && c != ':') {
			pos++; /* fast path: ASCII that starts no emoji */
			continue;
		}
		if (c == ':' && st->shortcodes && (k = el_shortcode(st, r, pos, sc))) {
			size_t sl = strlen(sc);
			const char *p = sc;
			size_t m = 0;
			while (p < sc + sl && m < EL_MAX_CPS) {
				utf8proc_int32_t cp;
				utf8proc_ssize_t b = utf8proc_iterate((const utf8proc_uint8_t *)p, sc + sl - p, &cp);
				if (b <= 0)
					break;
				cps[m++] = (uint32_t)cp;
				p += b;
			}
			el_emit_text(st, r, seg, pos);
			char *code = pcv_doc_strndup(st->doc, r->buf + pos, k);
			el_emit_emoji(st, r, pos, sc, sl, cps, m, code);
			pos += k;
			seg = pos;
			continue;
		}
		k = emoji_cluster(r->buf + pos, r->len - pos, cps, EL_MAX_CPS, &n);
		int is = emoji_is_emoji(cps, n, 0);
		if (!is && n > 0 && n <= EL_MAX_CPS && cps[0] >= 0x80 && emoji_is_emoji(cps, n, 1)) {
			/* A text-default character the legend declares a marker. */
			emoji_key(cps, n, key);
			is = el_lookup(st, key) != NULL;
		}
		if (is) {
			el_emit_text(st, r, seg, pos);
			el_emit_emoji(st, r, pos, r->buf + pos, k, cps, n, NULL);
			seg = pos + k;
		}
		pos += k;
	}
	if (!r->changed)
		return;
	el_emit_text(st, r, seg, r->len);
	for (size_t i = 0; i < r->n; i++)
		pcv_node_unlink(r->nodes[i]);
}

/* ------------------------------------------------------------------ */
/* Tagging                                                             */
/* ------------------------------------------------------------------ */

typedef struct el_block {
	pcv_node *node;       /* the PARAGRAPH or HEADING being walked */
	int content;          /* something other than a marker came first */
	int begins;           /* it begins with a legend emoji */
	const char *slugs[EL_MAX_BLOCK_SLUGS];
	size_t nslugs;
} el_block;

static void el_block_slug(el_block *b, const char *slug)
{
	for (size_t i = 0; i < b->nslugs; i++)
		if (strcmp(b->slugs[i], slug) == 0)
			return;
	if (b->nslugs < EL_MAX_BLOCK_SLUGS)
		b->slugs[b->nslugs++] = slug;
}

static int el_blank(const char *s)
{
	for (; s && *s; s++)
		if (!el_is_space((unsigned char)*s))
			return 0;
	return 1;
}

/* Tags what a paragraph or heading marks: a heading itself; a paragraph
 * that begins with a marker, the outermost item or quote it begins; any
 * other paragraph holding a marker, itself. */
static void el_tag_block(el_state *st, el_block *b, el_nodes *headings)
{
	pcv_node *target = b->node;
	if (b->nslugs == 0)
		return;
	if (pcv_node_type(target) == PCV_NODE_PARAGRAPH && b->begins) {
		for (;;) {
			pcv_node *parent = pcv_node_parent(target);
			int pt = parent ? pcv_node_type(parent) : 0;
			if ((pt != PCV_NODE_ITEM && pt != PCV_NODE_BLOCK_QUOTE) ||
			    pcv_node_first_child(parent) != target)
				break;
			target = parent;
		}
	}
	pcv_node_set_attr(target, "tag", b->slugs[0]);
	if (b->nslugs > 1) {
		size_t len = 0;
		for (size_t i = 0; i < b->nslugs; i++)
			len += strlen(b->slugs[i]) + 1;
		char *all = pcv_doc_alloc(st->doc, len), *p = all;
		for (size_t i = 0; i < b->nslugs; i++) {
			size_t l = strlen(b->slugs[i]);
			if (i)
				*p++ = ' ';
			memcpy(p, b->slugs[i], l);
			p += l;
		}
		*p = '\0';
		pcv_node_set_attr(target, "tags", all);
	}
	if (pcv_node_type(target) == PCV_NODE_HEADING)
		el_push(headings, target);
}

/* The legend entry of an EMOJI node, or NULL. */
static el_entry *el_emoji_entry(el_state *st, pcv_node *node)
{
	uint32_t cps[EL_MAX_CPS];
	char key[EL_KEY_SIZE];
	size_t len = pcv_node_literal_len(node), n;
	const char *s = pcv_node_literal(node);
	if (!s || len == 0)
		return NULL;
	if (emoji_cluster(s, len, cps, EL_MAX_CPS, &n) != len || n == 0 || n > EL_MAX_CPS)
		return NULL;
	emoji_key(cps, n, key);
	return el_lookup(st, key);
}

static void el_tag(el_state *st)
{
	pcv_iter it;
	pcv_event ev;
	el_block b = {0};
	el_nodes headings = {0};
	pcv_node *legend_part = NULL;   /* a block of a legend section */

	pcv_iter_init(&it, pcv_doc_root(st->doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *node = it.node;
		int type = pcv_node_type(node);
		if (ev == PCV_EVENT_EXIT) {
			if (node == legend_part)
				legend_part = NULL;
			if (node == b.node) {
				el_tag_block(st, &b, &headings);
				b.node = NULL;
			}
			continue;
		}
		if (!legend_part && PCV_NODE_IS_BLOCK(type) && el_in_section(st, node))
			legend_part = node;
		if (type == PCV_NODE_INLINE_MATH || type == PCV_NODE_DISPLAY_MATH)
			pcv_iter_skip_children(&it); /* a math tree: no text, no emoji */
		switch (type) {
		case PCV_NODE_PARAGRAPH:
		case PCV_NODE_HEADING:
			memset(&b, 0, sizeof b);
			b.node = node;
			break;
		case PCV_NODE_EMOJI: {
			el_entry *e = el_emoji_entry(st, node);
			if (e) {
				pcv_node_set_attr(node, "tag", e->slug);
				if (!legend_part) {
					e->count++;
					if (b.node) {
						if (!b.content && b.nslugs == 0)
							b.begins = 1;
						el_block_slug(&b, e->slug);
					}
				}
			}
			b.content = 1;
			break;
		}
		case PCV_NODE_TEXT:
			if (!el_blank(pcv_node_literal(node)))
				b.content = 1;
			break;
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
		case PCV_NODE_LINK:
		case PCV_NODE_EMPH:
		case PCV_NODE_STRONG:
		case PCV_NODE_STRIKETHROUGH:
		case PCV_NODE_SPAN:
			break;
		default:
			if (PCV_NODE_IS_INLINE(type))
				b.content = 1;
			break;
		}
	}
	/* Sections: from the last tagged heading to the first, so that a
	 * nearer heading's tag is set before an enclosing one's. */
	for (size_t i = headings.n; i-- > 0;) {
		pcv_node *h = headings.v[i];
		int level = pcv_node_heading_level(h);
		const char *slug = pcv_node_get_attr(h, "tag");
		for (pcv_node *n = pcv_node_next(h); n; n = pcv_node_next(n)) {
			if (pcv_node_type(n) == PCV_NODE_HEADING && pcv_node_heading_level(n) <= level)
				break;
			if (!pcv_node_get_attr(n, "section-tag"))
				pcv_node_set_attr(n, "section-tag", slug);
		}
	}
	free(headings.v);
}

/* The legend used, in legend order, as "legend-used" metadata. */
static void el_write_used(el_state *st)
{
	pcv_meta *list = NULL;
	char num[32];
	for (size_t i = 0; i < st->n; i++) {
		el_entry *e = &st->entries[i];
		if (e->shadowed || e->count == 0)
			continue;
		if (!list)
			list = pcv_meta_new(st->doc, PCV_META_LIST, NULL);
		pcv_meta *m = pcv_meta_new(st->doc, PCV_META_MAP, NULL);
		snprintf(num, sizeof num, "%zu", e->count);
		pcv_meta_put(m, "emoji", pcv_meta_new(st->doc, PCV_META_STRING, e->emoji));
		pcv_meta_put(m, "meaning", pcv_meta_new(st->doc, PCV_META_STRING, e->meaning));
		pcv_meta_put(m, "slug", pcv_meta_new(st->doc, PCV_META_STRING, e->slug));
		pcv_meta_put(m, "count", pcv_meta_new(st->doc, PCV_META_STRING, num));
		pcv_meta_put(m, "colour", pcv_meta_new(st->doc, PCV_META_STRING, e->colour));
		pcv_meta_put(m, "source", pcv_meta_new(st->doc, PCV_META_STRING, el_source_names[e->source]));
		pcv_meta_put(list, NULL, m);
	}
	if (list)
		pcv_meta_put(pcv_doc_meta(st->doc), "legend-used", list);
}

/* ------------------------------------------------------------------ */
/* The filter                                                          */
/* ------------------------------------------------------------------ */

static int el_filter_run(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	el_state st = {0};
	el_nodes runs = {0}, legend_headings = {0}, legend_paras = {0};
	pcv_node *para = NULL;  /* the paragraph being walked */
	el_run run = {0};
	pcv_iter it;
	pcv_event ev;
	const char *file = pcv_option_string(ctx, "emoji-legend.file");

	st.ctx = ctx;
	st.doc = doc;
	st.shortcodes = pcv_option_bool(ctx, "emoji-legend.shortcodes");

	/* 1. Text runs and legend headings. */
	pcv_iter_init(&it, pcv_doc_root(doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *node = it.node;
		if (ev != PCV_EVENT_ENTER)
			continue;
		switch (pcv_node_type(node)) {
		case PCV_NODE_INLINE_MATH:
		case PCV_NODE_DISPLAY_MATH:
			/* The math filter's tree holds only math nodes: most of the
			 * nodes of a document with math, and never a marker. */
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_TEXT: {
			pcv_node *prev = pcv_node_prev(node);
			if (!prev || pcv_node_type(prev) != PCV_NODE_TEXT)
				el_push(&runs, node);
			break;
		}
		case PCV_NODE_HEADING:
			if (el_has_word(pcv_node_text(node), "legend"))
				el_push(&legend_headings, node);
			break;
		default:
			break;
		}
		if (pcv_node_type(node) == PCV_NODE_PARAGRAPH)
			para = node;
		else if (PCV_NODE_IS_BLOCK(pcv_node_type(node)))
			para = NULL;
		if (para && pcv_node_type(node) == PCV_NODE_TEXT &&
		    el_has_word(pcv_node_literal(node), "legend") &&
		    (legend_paras.n == 0 || legend_paras.v[legend_paras.n - 1] != para))
			el_push(&legend_paras, para);
	}

	/* 2. The legend, in the order of precedence. */
	if (file && *file) {
		el_where w = {file, NULL};
		el_add_meta(&st, EL_SRC_FILE, &w, emoji_yaml_load(ctx, doc, file));
	}
	{
		el_where w = {NULL, NULL};
		el_add_meta(&st, EL_SRC_FRONT, &w, pcv_meta_get(pcv_doc_meta(doc), "legend"));
	}
	for (size_t i = 0; i < legend_headings.n; i++)
		el_add_section(&st, legend_headings.v[i]);
	if (st.section.n > 1)
		qsort(st.section.v, st.section.n, sizeof *st.section.v, el_ptr_cmp);
	{
		size_t nsorted = st.section.n;
		for (size_t i = 0; i < legend_paras.n; i++) {
			pcv_node *p = legend_paras.v[i];
			if (nsorted == 0 ||
			    !bsearch(&p, st.section.v, nsorted, sizeof *st.section.v, el_ptr_cmp))
				el_add_inline(&st, p);
		}
		if (st.section.n > nsorted)
			qsort(st.section.v, st.section.n, sizeof *st.section.v, el_ptr_cmp);
	}
	for (size_t i = 0; i < sizeof el_default / sizeof *el_default; i++) {
		el_where w = {NULL, NULL};
		el_add(&st, EL_SRC_DEFAULT, &w, el_default[i].emoji, el_default[i].meaning,
		       el_default[i].colour);
	}
	el_finish_legend(&st);

	/* 3. Emoji nodes. */
	if (runs.n > 0)
		st.names = emoji_names_new();
	for (size_t i = 0; i < runs.n; i++) {
		run.len = 0;
		run.n = 0;
		for (pcv_node *t = runs.v[i]; t && pcv_node_type(t) == PCV_NODE_TEXT; t = pcv_node_next(t))
			el_run_add(&run, t);
		el_convert_run(&st, &run);
	}

	/* 4. Counts and tags; 5. the legend used. */
	el_tag(&st);
	el_write_used(&st);

	emoji_names_free(st.names);
	free(run.buf);
	free(run.nodes);
	free(run.starts);
	free(runs.v);
	free(legend_headings.v);
	free(legend_paras.v);
	free(st.legends.v);
	free(st.section.v);
	free(st.by_key);
	free(st.entries);
	return 0;
}

static const pcv_filter el_filter = {
	.size = sizeof(pcv_filter),
	.name = "emoji-legend",
	.summary = "find emoji markers, read their legend, tag what they mark",
	.options = el_options,
	.run = el_filter_run,
	.data = NULL,
};

static int el_init(pcv_registry *reg)
{
	return pcv_register_filter(reg, &el_filter) ? 0 : 1;
}

PCV_PLUGIN("emoji-legend", "1.0", "Emoji legend filter: markers, their meaning, tagged blocks",
           el_init);
