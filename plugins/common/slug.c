/*
 * slug.c -- heading ids (see slug.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "slug.h"

static void *pcvc_slug_alloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		abort();
	return p;
}

char *pcvc_slug(const char *text)
{
	size_t len = strlen(text), n = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	/* lower-casing never takes a character past 4 bytes, nor 1 byte past 3 */
	char *out = pcvc_slug_alloc(len * 4 + 1);

	while (len > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		utf8proc_category_t cat;

		if (k <= 0) {  /* a byte that is not UTF-8: dropped */
			p++;
			len--;
			continue;
		}
		p += k;
		len -= (size_t)k;
		cat = utf8proc_category(c);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			out[n++] = '-';
		} else if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) {
			/* variation selectors (emoji presentation): marks, but they
			 * belong to the symbol before them, which was dropped */
		} else if (c == '-' || c == '_' || (cat >= UTF8PROC_CATEGORY_LU &&
		                                      cat <= UTF8PROC_CATEGORY_NO)) {
			/* letters L*, marks M*, numbers N* are contiguous in utf8proc */
			n += (size_t)utf8proc_encode_char(utf8proc_tolower(c), (utf8proc_uint8_t *)out + n);
		}
	}
	out[n] = '\0';
	return out;
}

struct pcvc_suffix {
	char *stem;         /* NULL: a free slot */
	unsigned long next; /* stem-1 ... stem-(next - 1) are taken */
};

static size_t pcvc_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The memo's entry for stem, made with next = 1 when it is new. */
static unsigned long *pcvc_suffix_at(pcvc_suffixes *m, const char *stem)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct pcvc_suffix *slot = calloc(cap, sizeof *slot);

		if (!slot)
			abort();
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].stem)
				continue;
			size_t j = pcvc_hash(m->slot[i].stem) & (cap - 1);
			while (slot[j].stem)
				j = (j + 1) & (cap - 1);
			slot[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = slot;
		m->cap = cap;
	}
	size_t j = pcvc_hash(stem) & (m->cap - 1);
	while (m->slot[j].stem && strcmp(m->slot[j].stem, stem) != 0)
		j = (j + 1) & (m->cap - 1);
	if (!m->slot[j].stem) {
		size_t len = strlen(stem) + 1;

		m->slot[j].stem = memcpy(pcvc_slug_alloc(len), stem, len);
		m->slot[j].next = 1;
		m->n++;
	}
	return &m->slot[j].next;
}

void pcvc_suffixes_free(pcvc_suffixes *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].stem);
	free(m->slot);
	m->slot = NULL;
	m->n = m->cap = 0;
}

char *pcvc_heading_id(const char *text, int (*taken)(void *arg, const char *id), void *arg,
                      pcvc_suffixes *memo)
{
	char *base = pcvc_slug(text), *id;
	const char *stem = *base ? base : "section";
	size_t size = strlen(stem) + 24;

	id = pcvc_slug_alloc(size);
	snprintf(id, size, "%s", stem);
	if (taken(arg, id)) {
		/* Ids are only ever added, so every suffix below the memo's
		 * stays taken: the search resumes there. */
		unsigned long *next = memo ? pcvc_suffix_at(memo, stem) : NULL;
		unsigned long k = next ? *next : 1;

		do
			snprintf(id, size, "%s-%lu", stem, k++);
		while (taken(arg, id));
		if (next)
			*next = k;
	}
	free(base);
	return id;
}
