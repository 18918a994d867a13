/* html-normalize.h -- HTML in a normal form for comparison (see the .c). */
#ifndef PCV_HTML_NORMALIZE_H
#define PCV_HTML_NORMALIZE_H

#include <stddef.h>

typedef struct norm_buf {
	char *data;  /* NUL-terminated */
	size_t len, cap;
} norm_buf;

void norm_buf_add(norm_buf *b, const char *s, size_t len);
void norm_buf_free(norm_buf *b);
/* Appends the normal form of s[0..len) to out. */
void html_normalize(const char *s, size_t len, norm_buf *out);

#endif
