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

char *pcvc_heading_id(const char *text, int (*taken)(void *arg, const char *id), void *arg)
{
	char *base = pcvc_slug(text), *id;
	const char *stem = *base ? base : "section";
	size_t size = strlen(stem) + 24;
	unsigned long k;

	id = pcvc_slug_alloc(size);
	snprintf(id, size, "%s", stem);
	for (k = 1; taken(arg, id); k++)
		snprintf(id, size, "%s-%lu", stem, k);
	free(base);
	return id;
}
