/*
 * hyph.c -- soft hyphens by the patterns of a hyphenation dictionary, so
 * that justified text need not stretch its spaces into rivers.  Pango
 * breaks at U+00AD and shows a hyphen there.  Dictionaries are the
 * hyphen-* packages' (for example hyphen-en-us):
 * /usr/share/hyphen/hyph_LL_CC.dic.
 *
 * libhyphen builds an automaton from every line of the file, which costs
 * some milliseconds.  Only ASCII words are hyphenated here, so a plain
 * dictionary (patterns, LEFTHYPHENMIN, RIGHTHYPHENMIN) is read by this
 * file into a hash table of the strings of ASCII letters and dots that
 * are patterns or beginnings of patterns: the states of libhyphen's
 * automaton that an ASCII word can reach.  At each letter of a word the
 * state is, as in libhyphen, the longest such string that ends there, and
 * its pattern's values are applied if it is a pattern, so the points are
 * those of libhyphen's hnj_hyphen_hyphenate2().  Other dictionaries
 * (NEXTLEVEL, NOHYPHEN, non-standard hyphenation, long lines) go to
 * libhyphen.  Either way the file is read at the first word worth
 * hyphenating, not when the writer starts.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hyphen.h>

#include "pdf.h"

#define HYPH_MIN_WORD 6
#define HYPH_LEFT 2
#define HYPH_RIGHT 3
#define HYPH_LINE 98     /* libhyphen reads lines in pieces of 99 bytes */
#define HYPH_NO_VALUES UINT32_MAX
#define HYPH_MAX_FILE ((size_t)4 << 20) /* larger dictionaries go to libhyphen */

/* A state: its string, in the table's pool, and, when it is a pattern,
 * the values of the len + 1 places around its letters. */
typedef struct hyph_slot {
	uint32_t key : 24; /* the pool holds at most 2 * HYPH_MAX_FILE + 2 bytes */
	uint32_t len : 8;  /* 0: empty slot */
	uint32_t values;
} hyph_slot;

typedef struct hyph_table {
	hyph_slot *slots;
	size_t mask;
	size_t count;    /* states: at most half the slots */
	char *pool;
	int maxlen;      /* longest state */
	int lmin, rmin;  /* the dictionary's LEFTHYPHENMIN, RIGHTHYPHENMIN */
} hyph_table;

struct pdf_hyph {
	hyph_table *table; /* a plain dictionary, or NULL */
	HyphenDict *dict;  /* any other, through libhyphen */
	int failed;        /* the file would not load: no hyphens */
	pcv_ctx *ctx;
	char path[256];
};

static uint32_t hyph_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of the state s[0, n), of hash hash: its own, or the empty
 * one where it would go. */
static hyph_slot *hyph_probe(const hyph_table *t, const char *s, size_t n, uint32_t hash)
{
	size_t h = hash & t->mask;
	for (; t->slots[h].len; h = (h + 1) & t->mask)
		if (t->slots[h].len == n && !memcmp(t->pool + t->slots[h].key, s, n))
			break;
	return &t->slots[h];
}

static hyph_slot *hyph_find(const hyph_table *t, const char *s, size_t n)
{
	hyph_slot *slot = hyph_probe(t, s, n, hyph_hash(s, n));
	return slot->len ? slot : NULL;
}

static void hyph_table_free(hyph_table *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t->pool);
	free(t);
}

/* The table with size slots, its states moved there. */
static void hyph_rehash(hyph_table *t, size_t size)
{
	hyph_table old = *t;
	t->slots = calloc(size, sizeof *t->slots);
	if (!t->slots)
		abort();
	t->mask = size - 1;
	for (size_t i = 0; i <= old.mask; i++) {
		const hyph_slot *o = &old.slots[i];
		const char *k = t->pool + o->key;
		if (o->len)
			*hyph_probe(t, k, o->len, hyph_hash(k, o->len)) = *o;
	}
	free(old.slots);
}

/* Adds the state key[0, n) (already in the pool), of hash hash, if new;
 * returns it.  The table grows as the states come: sized for one state
 * per letter of the file it would be several times too big. */
static hyph_slot *hyph_add(hyph_table *t, uint32_t key, size_t n, uint32_t hash)
{
	hyph_slot *slot = hyph_probe(t, t->pool + key, n, hash);
	if (slot->len)
		return slot;
	if (2 * (t->count + 1) > t->mask + 1) {
		hyph_rehash(t, 2 * (t->mask + 1));
		slot = hyph_probe(t, t->pool + key, n, hash);
	}
	slot->key = key;
	slot->values = HYPH_NO_VALUES;
	slot->len = (uint8_t)n;
	t->count++;
	if ((int)n > t->maxlen)
		t->maxlen = (int)n;
	return slot;
}

/* A line "KEYn" (LEFTHYPHENMIN 2): sets *v to n, 2 when it is not a
 * positive number, as libhyphen does. */
static int hyph_min(const char *l, size_t ll, const char *key, int *v)
{
	size_t k = strlen(key);
	char num[HYPH_LINE + 1];

	if (ll < k || memcmp(l, key, k) != 0)
		return 0;
	memcpy(num, l + k, ll - k);
	num[ll - k] = 0;
	*v = atoi(num) > 0 ? atoi(num) : 2;
	return 1;
}

/* Reads a plain dictionary; NULL when the file cannot be read or needs
 * libhyphen (*plain set to 0 then). */
static hyph_table *hyph_table_load(const char *path, int *plain)
{
	*plain = 1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	/* read whole, in one piece when the file says its size */
	struct stat st;
	size_t cap = fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
	                     (uintmax_t)st.st_size < HYPH_MAX_FILE
	                 ? (size_t)st.st_size + 1
	                 : (size_t)1 << 16,
	       n = 0, got;
	char *text = pdf_xmalloc(cap);
	while ((got = fread(text + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (cap > HYPH_MAX_FILE)
				break;
			cap *= 2;
			text = pdf_xrealloc(text, cap);
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(text);
		return NULL;
	}
	if (n > HYPH_MAX_FILE) {
		free(text);
		*plain = 0;
		return NULL;
	}
	/* about one state for every eight bytes of a pattern file: sized for
	 * that at half load, the table seldom grows */
	size_t size = 4096;
	while (size < n / 4)
		size *= 2;
	hyph_table *t = pdf_xmalloc(sizeof *t);
	t->slots = calloc(size, sizeof *t->slots);
	if (!t->slots)
		abort();
	t->mask = size - 1;
	t->count = 0;
	t->pool = pdf_xmalloc(2 * n + 2);
	t->maxlen = 0;
	t->lmin = t->rmin = 2;
	size_t used = 0;
	int first = 1;
	const char *prev = NULL; /* the letters of the last pattern, in the pool */
	size_t prevlen = 0;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - text) : n;
		const char *l = text + i;
		size_t ll = e - i;
		i = e + 1;
		if (first) { /* the character set: libhyphen reads 19 bytes */
			first = 0;
			if (ll >= 19)
				goto libhyphen;
			continue;
		}
		if (ll > HYPH_LINE)
			goto libhyphen;
		if (!ll || l[0] == '%')
			continue;
		/* keywords are capitals, patterns lower case */
		if (l[0] >= 'A' && l[0] <= 'Z') {
			if (hyph_min(l, ll, "LEFTHYPHENMIN", &t->lmin) ||
			    hyph_min(l, ll, "RIGHTHYPHENMIN", &t->rmin))
				continue;
			if ((ll >= 8 && !memcmp(l, "COMPOUND", 8)) ||
			    (ll >= 8 && !memcmp(l, "NOHYPHEN", 8)) || (ll >= 9 && !memcmp(l, "NEXTLEVEL", 9)))
				goto libhyphen;
		}
		if (memchr(l, '/', ll))
			goto libhyphen;
		/* a pattern: the bytes up to the first space or control; its
		 * beginnings are states; only those of ASCII letters and dots
		 * can be reached */
		char *key = t->pool + used;
		uint8_t values[HYPH_LINE + 2];
		size_t len = 0;
		int ascii = 1;
		uint32_t hash = 2166136261u; /* hyph_hash(), letter by letter */
		int shared = 1; /* key so far begins the last pattern too */
		hyph_slot *state = NULL; /* the state of the key so far, once added */
		values[0] = 0; /* values[0, len] are set: the places so far */
		for (size_t k = 0; k < ll && (unsigned char)l[k] > ' '; k++) {
			unsigned char c = (unsigned char)l[k];
			if (c >= '0' && c <= '9') {
				values[len] = (uint8_t)(c - '0');
			} else if (ascii && ((c >= 'a' && c <= 'z') || c == '.')) {
				key[len++] = (char)c;
				values[len] = 0;
				hash = (hash ^ c) * 16777619u;
				/* the beginnings of the last pattern are states already
				 * (files list patterns in order: most are) */
				shared = shared && len <= prevlen && prev[len - 1] == (char)c;
				if (!shared)
					state = hyph_add(t, (uint32_t)used, len, hash);
			} else {
				ascii = 0;
			}
		}
		if (!len)
			continue;
		prev = key;
		prevlen = len;
		used += len;
		if (!ascii)
			continue;
		/* a pattern given twice: the last one holds, as in libhyphen */
		if (!state)
			state = hyph_add(t, (uint32_t)(key - t->pool), len, hash);
		memcpy(t->pool + used, values, len + 1);
		state->values = (uint32_t)used;
		used += len + 1;
	}
	free(text);
	t->pool = pdf_xrealloc(t->pool, used ? used : 1);
	return t;
libhyphen:
	free(text);
	hyph_table_free(t);
	*plain = 0;
	return NULL;
}

/* The value of each place of the word w (lower case ASCII, n letters),
 * hy[k] for the place after letter k. */
static void hyph_table_points(const hyph_table *t, const char *w, size_t n, char *hy)
{
	char d[128 + 2];
	uint8_t v[128 + 3];
	size_t dn = n + 2, state = 0;
	d[0] = '.';
	memcpy(d + 1, w, n);
	d[n + 1] = '.';
	memset(v, 0, dn + 1);
	for (size_t i = 0; i < dn; i++) {
		/* the longest state ending at i is at most one longer than the
		 * one ending at i - 1 */
		size_t l = state + 1;
		if (l > (size_t)t->maxlen)
			l = (size_t)t->maxlen;
		const hyph_slot *e = NULL;
		for (; l > 0 && !(e = hyph_find(t, d + i + 1 - l, l)); l--)
			;
		state = l;
		if (!e || e->values == HYPH_NO_VALUES)
			continue;
		const uint8_t *val = (const uint8_t *)t->pool + e->values;
		for (size_t j = 0; j <= l; j++)
			if (val[j] > v[i + 1 - l + j])
				v[i + 1 - l + j] = val[j];
	}
	for (size_t k = 0; k < n; k++)
		hy[k] = (char)v[k + 2];
	/* libhyphen's hyphenmins (LEFTHYPHENMIN, RIGHTHYPHENMIN, default 2) */
	for (size_t k = 0; k < n; k++)
		if ((int)k + 1 < t->lmin || (int)(n - k - 1) < t->rmin)
			hy[k] = 0;
}

static const char *hyph_dirs[] = {"/usr/share/hyphen", "/usr/local/share/hyphen", NULL};

pdf_hyph *pdf_hyph_open(pdf_ctx *P, const char *lang)
{
	char tag[32], path[256];
	if (!lang || !*lang)
		lang = "en-US";
	snprintf(tag, sizeof tag, "%s", lang);
	for (char *p = tag; *p; p++)
		if (*p == '-')
			*p = '_';
	char *cands[3];
	char lang_only[32];
	snprintf(lang_only, sizeof lang_only, "%s", tag);
	char *u = strchr(lang_only, '_');
	if (u)
		*u = 0;
	char with_cc[80];
	snprintf(with_cc, sizeof with_cc, "%s_%s", lang_only, lang_only);
	for (char *p = with_cc + strlen(lang_only) + 1; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	cands[0] = tag;
	cands[1] = lang_only;
	cands[2] = with_cc;
	for (int d = 0; hyph_dirs[d]; d++)
		for (int c = 0; c < 3; c++) {
			snprintf(path, sizeof path, "%s/hyph_%s.dic", hyph_dirs[d], cands[c]);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			fclose(f);
			pdf_hyph *h = pdf_xmalloc(sizeof *h);
			h->table = NULL;
			h->dict = NULL;
			h->failed = 0;
			h->ctx = P->ctx;
			memcpy(h->path, path, sizeof path);
			return h;
		}
	pcv_report(P->ctx, PCV_INFO, NULL, 0, 0,
	           "no hyphenation dictionary for language %s (install hyphen-%s)", lang, lang_only);
	return NULL;
}

static void hyph_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t nc = *cap ? *cap : 256;
		while (nc < *len + n + 1)
			nc *= 2;
		*buf = pdf_xrealloc(*buf, nc);
		*cap = nc;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
}

static int hyph_letter(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

void pdf_hyph_text(pdf_hyph *h, const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
	size_t i = 0;
	char word[128], hy[128 + 5];
	while (i < n) {
		if (!hyph_letter((unsigned char)s[i])) {
			size_t j = i;
			while (j < n && !hyph_letter((unsigned char)s[j]))
				j++;
			hyph_put(buf, len, cap, s + i, j - i);
			i = j;
			continue;
		}
		size_t j = i;
		int upper = 0, nonascii = 0;
		while (j < n && hyph_letter((unsigned char)s[j])) {
			upper += isupper((unsigned char)s[j]) != 0;
			nonascii |= (unsigned char)s[j] >= 0x80;
			j++;
		}
		size_t wl = j - i;
		/* words glued to digits, '_' or '/' are names, not words */
		int glued = (i > 0 && (isdigit((unsigned char)s[i - 1]) || s[i - 1] == '_' ||
		                       s[i - 1] == '/' || s[i - 1] == '.')) ||
		            (j < n && (isdigit((unsigned char)s[j]) || s[j] == '_' || s[j] == '/' ||
		                       (s[j] == '.' && j + 1 < n && hyph_letter((unsigned char)s[j + 1]))));
		if (wl < HYPH_MIN_WORD || wl >= sizeof word || upper > 1 || glued || nonascii) {
			hyph_put(buf, len, cap, s + i, wl);
			i = j;
			continue;
		}
		if (!h->table && !h->dict && !h->failed) {
			int plain;
			h->table = hyph_table_load(h->path, &plain);
			if (!plain)
				h->dict = hnj_hyphen_load(h->path);
			if (!h->table && !h->dict) {
				h->failed = 1;
				pcv_report(h->ctx, PCV_INFO, NULL, 0, 0,
				           "hyphenation dictionary %s unreadable: no hyphenation", h->path);
			}
		}
		if (h->failed) {
			hyph_put(buf, len, cap, s + i, wl);
			i = j;
			continue;
		}
		for (size_t k = 0; k < wl; k++)
			word[k] = (char)tolower((unsigned char)s[i + k]);
		word[wl] = 0;
		memset(hy, 0, sizeof hy);
		if (h->table) {
			hyph_table_points(h->table, word, wl, hy);
		} else {
			char **rep = NULL;
			int *pos = NULL, *cut = NULL;
			if (hnj_hyphen_hyphenate2(h->dict, word, (int)wl, hy, NULL, &rep, &pos, &cut) != 0)
				memset(hy, 0, sizeof hy);
			if (rep) {
				for (size_t k = 0; k < wl; k++)
					free(rep[k]);
				free(rep);
				free(pos);
				free(cut);
				memset(hy, 0, sizeof hy);
			}
		}
		size_t from = 0; /* the word's letters up to each point, then a soft hyphen */
		for (size_t k = 0; k < wl; k++)
			if ((hy[k] & 1) && k + 1 >= HYPH_LEFT && wl - (k + 1) >= HYPH_RIGHT) {
				hyph_put(buf, len, cap, s + i + from, k + 1 - from);
				hyph_put(buf, len, cap, "\xc2\xad", 2);
				from = k + 1;
			}
		hyph_put(buf, len, cap, s + i + from, wl - from);
		i = j;
	}
}

void pdf_hyph_close(pdf_hyph *h)
{
	if (!h)
		return;
	hyph_table_free(h->table);
	if (h->dict)
		hnj_hyphen_free(h->dict);
	free(h);
}
