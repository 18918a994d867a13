/*
 * markdown.h -- shared between the files of the markdown reader plugin.
 *
 * markdown.c  input cleaning, the cmark parse and the cmark -> tree mapping
 */
#ifndef PCV_MARKDOWN_H
#define PCV_MARKDOWN_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "paissconv.h"

/* A growable byte buffer for scratch work (malloc'd, never fails). */
typedef struct markdown_buf {
	char *data;
	size_t len, cap;
} markdown_buf;

void *markdown_xmalloc(size_t size);
void *markdown_xrealloc(void *p, size_t size);
void markdown_buf_add(markdown_buf *b, const char *s, size_t len);
void markdown_buf_free(markdown_buf *b);

#endif
