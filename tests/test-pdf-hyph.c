/*
 * test-pdf-hyph.c -- the PDF writer's own reading of a hyphenation
 * dictionary finds the points libhyphen finds, word for word.
 *
 *   test-pdf-hyph DICTIONARY FILE...
 *
 * Every word of ASCII letters in the files that the writer would
 * hyphenate (pdf_hyph_text: six letters or more, lower case but perhaps
 * its first letter) is hyphenated through the writer's table and through
 * libhyphen (hnj_hyphen_hyphenate2 with the dictionary's LEFTHYPHENMIN
 * and RIGHTHYPHENMIN), and the odd values, the points, must agree.
 * Exits 77 when the dictionary cannot be read, 1 on any difference.
 */
#include "../plugins/pdf/hyph.c"

void *pdf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *pdf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static size_t words, differ;

/* Compares the points of one word (lower case, NUL-terminated). */
static void check_word(const hyph_table *t, HyphenDict *d, const char *w, size_t n)
{
	char mine[128 + 5], theirs[128 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

	memset(mine, 0, sizeof mine);
	memset(theirs, 0, sizeof theirs);
	hyph_table_points(t, w, n, mine);
	if (hnj_hyphen_hyphenate2(d, w, (int)n, theirs, NULL, &rep, &pos, &cut) != 0 || rep) {
		fprintf(stderr, "libhyphen fails on '%s'\n", w);
		differ++;
		return;
	}
	for (size_t k = 0; k < n; k++)
		if ((int)k + 1 < d->lhmin || (int)(n - k - 1) < d->rhmin)
			theirs[k] = '0';
	words++;
	for (size_t k = 0; k < n; k++)
		if ((mine[k] & 1) != ((theirs[k] - '0') & 1)) {
			fprintf(stderr, "'%s': the table's points ", w);
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, "%c%s", w[i], (mine[i] & 1) ? "-" : "");
			fprintf(stderr, ", libhyphen's ");
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, "%c%s", w[i], ((theirs[i] - '0') & 1) ? "-" : "");
			fputc('\n', stderr);
			differ++;
			return;
		}
}

static void check_file(const hyph_table *t, HyphenDict *d, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		differ++;
		return;
	}
	char w[128];
	size_t n = 0;
	int upper = 0, c;
	do {
		c = getc(f);
		if (c != EOF && isalpha(c)) {
			if (n < sizeof w - 1)
				w[n] = (char)tolower(c);
			n++;
			upper += isupper(c) != 0;
			continue;
		}
		if (n >= HYPH_MIN_WORD && n < sizeof w && upper <= 1) {
			w[n] = '\0';
			check_word(t, d, w, n);
		}
		n = 0;
		upper = 0;
	} while (c != EOF);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: test-pdf-hyph DICTIONARY FILE...\n");
		return 2;
	}
	int plain;
	hyph_table *t = hyph_table_load(argv[1], &plain);
	HyphenDict *d = hnj_hyphen_load(argv[1]);
	if (!t || !d) {
		printf("SKIP: %s cannot be read %s\n", argv[1],
		       !plain ? "as a plain dictionary" : "");
		return 77;
	}
	for (int i = 2; i < argc; i++)
		check_file(t, d, argv[i]);
	printf("%zu words, %zu with other points (%zu states, longest %d)\n", words, differ,
	       t->count, t->maxlen);
	hyph_table_free(t);
	hnj_hyphen_free(d);
	return differ || !words ? 1 : 0;
}
