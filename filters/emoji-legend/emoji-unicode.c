/*
 * emoji-unicode.c -- emoji properties, clusters and CLDR names.
 *
 * The property ranges and the sequences with their names come from
 * emoji-tables.h, generated from Unicode's emoji-data.txt and
 * emoji-test.txt by gen-emoji-tables.awk.  Grapheme clusters come from
 * utf8proc (extended grapheme clusters of UAX #29, so ZWJ sequences, flags,
 * keycaps and tag sequences stay whole).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "emoji-unicode.h"

typedef struct emoji_range {
	uint32_t lo, hi;
} emoji_range;

enum { EMOJI_FULLY = 1, EMOJI_MINIMALLY, EMOJI_UNQUALIFIED, EMOJI_COMPONENT };

/* A sequence of emoji-test.txt.  Offsets, not pointers, so that the table
 * stays read-only and needs no relocation when the plugin is loaded. */
typedef struct emoji_seq {
	uint16_t off;    /* its code points: emoji_seq_pool[off..off + len) */
	uint8_t len, status;
	uint32_t name;   /* offset of its CLDR short name in emoji_name_pool */
} emoji_seq;

#include "emoji-tables.h"

#define EMOJI_NSEQS (sizeof emoji_seqs / sizeof *emoji_seqs)
#define EMOJI_SEQ_NAME(e) (emoji_name_pool + (e)->name)
#define EMOJI_MAX_CPS 32

static void *emoji_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("paissconv: emoji-legend: out of memory\n", stderr);
		abort();
	}
	return p;
}

static int emoji_in(const emoji_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define EMOJI_IN(table, cp) emoji_in(table, sizeof table / sizeof *table, cp)

unsigned emoji_props(uint32_t cp)
{
	unsigned p = 0;
	if (cp < 0x23)
		return 0;
	if (EMOJI_IN(emoji_ranges_Emoji, cp))
		p |= EMOJI_P_EMOJI;
	if (EMOJI_IN(emoji_ranges_Emoji_Presentation, cp))
		p |= EMOJI_P_PRESENTATION;
	if (EMOJI_IN(emoji_ranges_Emoji_Modifier, cp))
		p |= EMOJI_P_MODIFIER;
	if (EMOJI_IN(emoji_ranges_Emoji_Modifier_Base, cp))
		p |= EMOJI_P_MODIFIER_BASE;
	if (EMOJI_IN(emoji_ranges_Emoji_Component, cp))
		p |= EMOJI_P_COMPONENT;
	if (EMOJI_IN(emoji_ranges_Extended_Pictographic, cp))
		p |= EMOJI_P_PICTOGRAPHIC;
	return p;
}

const char *emoji_data_version(void)
{
	return EMOJI_DATA_VERSION;
}

size_t emoji_cluster(const char *s, size_t len, uint32_t *cps, size_t max, size_t *ncps)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c, prev, state = 0;
	utf8proc_ssize_t k = utf8proc_iterate(u, (utf8proc_ssize_t)len, &c);
	size_t pos, n = 0;

	*ncps = 0;
	if (k <= 0)
		return 1;
	if (max > 0)
		cps[0] = (uint32_t)c;
	n = 1;
	pos = (size_t)k;
	prev = c;
	while (pos < len) {
		k = utf8proc_iterate(u + pos, (utf8proc_ssize_t)(len - pos), &c);
		if (k <= 0 || utf8proc_grapheme_break_stateful(prev, c, &state))
			break;
		if (n < max)
			cps[n] = (uint32_t)c;
		n++;
		pos += (size_t)k;
		prev = c;
	}
	*ncps = n;
	return pos;
}

static int emoji_is_ri(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

int emoji_is_emoji(const uint32_t *cps, size_t n, int loose)
{
	uint32_t c0;
	unsigned p;

	if (n == 0 || n > EMOJI_MAX_CPS)
		return 0;
	c0 = cps[0];
	if (emoji_is_ri(c0))
		return 1;
	p = emoji_props(c0);
	if (!(p & EMOJI_P_EMOJI))
		return 0;
	if (n > 1 && cps[1] == EMOJI_VS15)
		return 0;
	if (p & EMOJI_P_PRESENTATION)
		return 1;
	for (size_t i = 1; i < n; i++) {
		if (cps[i] == EMOJI_VS16 || cps[i] == EMOJI_KEYCAP)
			return 1;
		if (cps[i] == EMOJI_ZWJ && i + 1 < n && (emoji_props(cps[i + 1]) & EMOJI_P_PICTOGRAPHIC))
			return 1;
	}
	if ((p & EMOJI_P_MODIFIER_BASE) && n > 1 && (emoji_props(cps[1]) & EMOJI_P_MODIFIER))
		return 1;
	/* Text-default pictographs outside the BMP (U+1F6E0 hammer and wrench,
	 * U+1F441 eye, ...) are seldom meant as text: written bare, they are
	 * emoji.  Those of the BMP (©, ™, ↔, digits) need U+FE0F. */
	if (c0 >= 0x1F000)
		return 1;
	return loose && c0 >= 0x80;
}

size_t emoji_utf8(uint32_t cp, char *buf)
{
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)buf);
	if (n <= 0) {
		buf[0] = '?';
		return 1;
	}
	return (size_t)n;
}

static int emoji_dropped(uint32_t cp)
{
	return cp == EMOJI_VS15 || cp == EMOJI_VS16 || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

size_t emoji_key(const uint32_t *cps, size_t n, char *buf)
{
	size_t len = 0, kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!emoji_dropped(cps[i])) {
			len += emoji_utf8(cps[i], buf + len);
			kept++;
		}
	if (kept == 0) /* a lone modifier or selector is its own key */
		for (size_t i = 0; i < n; i++)
			len += emoji_utf8(cps[i], buf + len);
	buf[len] = '\0';
	return len;
}

/* ------------------------------------------------------------------ */
/* Names                                                              */
/* ------------------------------------------------------------------ */

typedef struct emoji_named {
	char *folded;       /* the folded name */
	unsigned seq;       /* index into emoji_seqs */
} emoji_named;

struct emoji_names {
	emoji_named *by_name; /* fully-qualified and components, by folded name */
	size_t nname;
	int indexed;        /* by_name built */
};

/* The sequences are found by a binary search of emoji_seq_order, which
 * the generator sorts: nothing to build at run time. */
_Static_assert(sizeof emoji_seqs / sizeof *emoji_seqs ==
                   sizeof emoji_seq_order / sizeof *emoji_seq_order,
               "emoji_seq_order does not list every sequence");
_Static_assert(sizeof emoji_seqs / sizeof *emoji_seqs <= 65536,
               "too many sequences for emoji_seq_order");
_Static_assert(sizeof emoji_seq_pool / sizeof *emoji_seq_pool <= 65536,
               "too many code points for emoji_seq's offsets");

emoji_names *emoji_names_new(void)
{
	emoji_names *names = emoji_xmalloc(sizeof *names);
	names->by_name = NULL;
	names->nname = 0;
	names->indexed = 0;
	return names;
}

void emoji_names_free(emoji_names *names)
{
	if (!names)
		return;
	for (size_t i = 0; i < names->nname; i++)
		free(names->by_name[i].folded);
	free(names->by_name);
	free(names);
}

/* Compares sequence e with cps[0..n): <0, 0, >0, in emoji_seq_order's
 * order. */
static int emoji_seq_cmp(const emoji_seq *e, const uint32_t *cps, size_t n)
{
	const uint32_t *a = emoji_seq_pool + e->off;
	size_t m = e->len < n ? e->len : n;
	for (size_t i = 0; i < m; i++)
		if (a[i] != cps[i])
			return a[i] < cps[i] ? -1 : 1;
	return e->len < n ? -1 : e->len > n;
}

static const emoji_seq *emoji_lookup(emoji_names *names, const uint32_t *cps, size_t n)
{
	size_t lo = 0, hi = EMOJI_NSEQS;
	(void)names;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const emoji_seq *e = &emoji_seqs[emoji_seq_order[mid]];
		int c = emoji_seq_cmp(e, cps, n);
		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *emoji_name(emoji_names *names, const uint32_t *cps, size_t n)
{
	const emoji_seq *e;
	uint32_t tmp[EMOJI_MAX_CPS];
	size_t m = 0;

	if (!names || n == 0 || n > EMOJI_MAX_CPS)
		return NULL;
	if ((e = emoji_lookup(names, cps, n)))
		return EMOJI_SEQ_NAME(e);
	for (size_t i = 0; i < n; i++)
		if (cps[i] != EMOJI_VS16 && cps[i] != EMOJI_VS15)
			tmp[m++] = cps[i];
	if (m > 0 && (e = emoji_lookup(names, tmp, m)))
		return EMOJI_SEQ_NAME(e);
	if ((e = emoji_lookup(names, cps, 1)))
		return EMOJI_SEQ_NAME(e);
	tmp[0] = cps[0];
	tmp[1] = EMOJI_VS16;
	if ((e = emoji_lookup(names, tmp, 2)))
		return EMOJI_SEQ_NAME(e);
	return NULL;
}

/* Folds a name for shortcode matching: case and accents removed, every run
 * of other characters than letters and digits one '_'.  malloc'd. */
static char *emoji_fold(const char *s, size_t len)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
	                                  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
	char *out;
	size_t j = 0;
	int sep = 0;

	if (n < 0) {
		/* Not UTF-8: fold ASCII only. */
		m = emoji_xmalloc(len + 1);
		for (size_t i = 0; i < len; i++)
			m[i] = (utf8proc_uint8_t)s[i];
		m[len] = 0;
		n = (utf8proc_ssize_t)len;
	}
	out = emoji_xmalloc((size_t)n + 1);
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		unsigned char c = m[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (sep && j > 0)
				out[j++] = '_';
			sep = 0;
			out[j++] = (char)c;
		} else {
			sep = 1;
		}
	}
	out[j] = '\0';
	free(m);
	return out;
}

static int emoji_by_name_cmp(const void *pa, const void *pb)
{
	const emoji_named *a = pa, *b = pb;
	int c = strcmp(a->folded, b->folded);
	/* The earlier entry (CLDR order) first, so that it wins. */
	return c ? c : (a->seq < b->seq ? -1 : 1);
}

static void emoji_build_name_index(emoji_names *names)
{
	names->by_name = emoji_xmalloc(EMOJI_NSEQS * sizeof *names->by_name);
	for (unsigned i = 0; i < EMOJI_NSEQS; i++) {
		const emoji_seq *e = &emoji_seqs[i];
		if (e->status != EMOJI_FULLY && e->status != EMOJI_COMPONENT)
			continue;
		const char *name = EMOJI_SEQ_NAME(e);
		names->by_name[names->nname].folded = emoji_fold(name, strlen(name));
		names->by_name[names->nname++].seq = i;
	}
	qsort(names->by_name, names->nname, sizeof *names->by_name, emoji_by_name_cmp);
	names->indexed = 1;
}

const char *emoji_from_shortcode(emoji_names *names, const char *code, size_t len, char *buf)
{
	char *key;
	size_t lo = 0, hi;
	const emoji_seq *found = NULL;

	if (!names || len == 0 || len > 100)
		return NULL;
	if (!names->indexed)
		emoji_build_name_index(names);
	key = emoji_fold(code, len);
	hi = names->nname;
	while (lo < hi) { /* the first entry not below key */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(names->by_name[mid].folded, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < names->nname && strcmp(names->by_name[lo].folded, key) == 0)
		found = &emoji_seqs[names->by_name[lo].seq];
	free(key);
	if (!found || found->len > 12)
		return NULL;
	{
		size_t n = 0;
		for (unsigned i = 0; i < found->len; i++)
			n += emoji_utf8(emoji_seq_pool[found->off + i], buf + n);
		buf[n] = '\0';
	}
	return buf;
}
