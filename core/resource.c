/* resource.c -- finding the files notes refer to (images), safely. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void pcv_doc_add_resource_dir(pcv_doc *doc, const char *dir)
{
	if (!doc || !dir || !*dir)
		return;
	if (doc->nres == doc->rescap) {
		doc->rescap = doc->rescap ? 2 * doc->rescap : 4;
		const char **dirs = pcv_doc_alloc(doc, doc->rescap * sizeof *dirs);
		if (doc->nres)
			memcpy(dirs, doc->resdirs, doc->nres * sizeof *dirs);
		doc->resdirs = dirs;
	}
	doc->resdirs[doc->nres++] = pcv_doc_strdup(doc, dir);
}

size_t pcv_doc_resource_dir_count(const pcv_doc *doc)
{
	return doc ? doc->nres : 0;
}

const char *pcv_doc_resource_dir_get(const pcv_doc *doc, size_t i)
{
	return doc && i < doc->nres ? doc->resdirs[i] : NULL;
}

/* Whether url names another machine: a scheme ("https:", "data:") or "//". */
static int is_remote(const char *url)
{
	if (url[0] == '/' && url[1] == '/')
		return 1;
	const char *p = url;
	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	/* "c:" alone is not a scheme worth naming; "file:" is local. */
	return *p == ':' && p - url > 1 && strncmp(url, "file:", 5) != 0;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* The path of a local URL: "file://" dropped, %XX decoded, query and
 * fragment cut.  NULL when it decodes to nothing or holds a NUL. */
static char *url_path(const char *url)
{
	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	else if (strncmp(url, "file:", 5) == 0)
		url += 5;
	size_t n = strcspn(url, "?#");
	char *s = pcv_xmalloc(n + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (url[i] == '%' && i + 2 < n + 1 && (hi = hexval((unsigned char)url[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)url[i + 2])) >= 0) {
			*o = (char)(hi * 16 + lo);
			if (!*o) {
				free(s);
				return NULL;
			}
			o++;
			i += 2;
		} else {
			*o++ = url[i];
		}
	}
	*o = '\0';
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* Whether the real path `real` lies in the folder `dir` (resolved too). */
static int inside(const char *real, const char *dir)
{
	char rdir[PATH_MAX];
	if (!realpath(dir, rdir))
		return 0;
	size_t n = strlen(rdir);
	if (n == 1 && rdir[0] == '/')
		return 1;
	return strncmp(real, rdir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

pcv_resource pcv_doc_find_resource(pcv_doc *doc, const char *url, const char **path)
{
	if (path)
		*path = NULL;
	if (!doc || !url || !*url)
		return PCV_RESOURCE_MISSING;
	if (is_remote(url))
		return PCV_RESOURCE_REMOTE;
	char *rel = url_path(url);
	if (!rel)
		return PCV_RESOURCE_MISSING;
	pcv_resource result = PCV_RESOURCE_MISSING;
	size_t ndirs = doc->nres + 1;
	for (size_t i = 0; i < ndirs && result != PCV_RESOURCE_FOUND; i++) {
		const char *dir = i == 0 ? doc->base_dir : doc->resdirs[i - 1];
		pcv_buf b = {0};
		if (rel[0] != '/') {
			pcv_buf_adds(&b, dir);
			pcv_buf_adds(&b, "/");
		}
		pcv_buf_adds(&b, rel);
		char real[PATH_MAX];
		if (realpath(b.data, real)) {
			/* It exists: it must lie in one of the allowed folders. */
			int ok = inside(real, doc->base_dir);
			for (size_t j = 0; j < doc->nres && !ok; j++)
				ok = inside(real, doc->resdirs[j]);
			if (ok) {
				if (path)
					*path = pcv_doc_strdup(doc, real);
				result = PCV_RESOURCE_FOUND;
			} else {
				result = PCV_RESOURCE_ESCAPES;
			}
		}
		pcv_buf_free(&b);
	}
	free(rel);
	return result;
}
