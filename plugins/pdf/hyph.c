/*
 * hyph.c -- soft hyphens from libhyphen, so that justified text need not
 * stretch its spaces into rivers.  Pango breaks at U+00AD and shows a
 * hyphen there.  Dictionaries are the hyphen-* packages' (for example
 * hyphen-en-us): /usr/share/hyphen/hyph_LL_CC.dic.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "pdf.h"

#define HYPH_MIN_WORD 6
#define HYPH_LEFT 2
#define HYPH_RIGHT 3

/* The dictionary is found when the writer starts but read (libhyphen
 * parses all of its patterns, some milliseconds) only when the first word
 * worth hyphenating comes. */
struct pdf_hyph {
	HyphenDict *dict;
	int failed;       /* the file would not load: no hyphens */
	pcv_ctx *ctx;
	char path[256];
};

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
		if (!h->dict && !h->failed) {
			h->dict = hnj_hyphen_load(h->path);
			if (!h->dict) {
				h->failed = 1;
				pcv_report(h->ctx, PCV_INFO, NULL, 0, 0,
				           "hyphenation dictionary %s unreadable: no hyphenation", h->path);
			}
		}
		if (!h->dict) {
			hyph_put(buf, len, cap, s + i, wl);
			i = j;
			continue;
		}
		for (size_t k = 0; k < wl; k++)
			word[k] = (char)tolower((unsigned char)s[i + k]);
		word[wl] = 0;
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		memset(hy, 0, sizeof hy);
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
		for (size_t k = 0; k < wl; k++) {
			hyph_put(buf, len, cap, s + i + k, 1);
			if ((hy[k] & 1) && k + 1 >= HYPH_LEFT && wl - (k + 1) >= HYPH_RIGHT)
				hyph_put(buf, len, cap, "\xc2\xad", 2);
		}
		i = j;
	}
}

void pdf_hyph_close(pdf_hyph *h)
{
	if (!h)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	free(h);
}
