/*
 * slug.h -- heading ids as GitHub makes them, the same in every writer, so
 * that a link "#some-heading" in the notes finds its heading in the HTML
 * page, the EPUB and the PDF alike.
 *
 * Part of libpcvcommon (see README.md).
 */
#ifndef PCV_COMMON_SLUG_H
#define PCV_COMMON_SLUG_H

/* GitHub's slug of a heading's text, in a malloc'd string (perhaps ""):
 * letters, marks and numbers of any script lower-cased, '-' and '_' kept,
 * each white space character made '-', everything else dropped --
 * punctuation, symbols (emoji among them), controls, variation selectors
 * (they belong to the dropped emoji) and bytes that are not UTF-8. */
char *pcvc_slug(const char *text);

/* Where the search for a free slug-N resumes, per slug: without it, n
 * headings of the same text would cost n * n / 2 lookups.  All zero is
 * empty; pcvc_suffixes_free empties it. */
typedef struct pcvc_suffixes {
	struct pcvc_suffix *slot;
	size_t n, cap;
} pcvc_suffixes;

void pcvc_suffixes_free(pcvc_suffixes *s);

/* The id of a heading whose text is text: its slug ("section" when that is
 * empty), else the first of slug-1, slug-2, ... that taken(arg, id) says is
 * free.  The caller then takes it (ids are never given back), which lets
 * memo (one per set of ids, or NULL) skip the suffixes already taken.
 * malloc'd. */
char *pcvc_heading_id(const char *text, int (*taken)(void *arg, const char *id), void *arg,
                      pcvc_suffixes *memo);

#endif
