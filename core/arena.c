/* arena.c -- allocation that never fails, byte buffers, document arenas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void oom(size_t size)
{
	fprintf(stderr, "paissconv: out of memory (asked for %zu bytes)\n", size);
	abort();
}

void *pcv_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		oom(size);
	return p;
}

void *pcv_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *pcv_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		oom(size);
	return p;
}

char *pcv_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(pcv_xmalloc(n), s, n);
}

void pcv_buf_add(pcv_buf *b, const void *data, size_t len)
{
	if (len >= b->cap - b->len || !b->data) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len <= len) {
			if (cap > SIZE_MAX / 2)
				oom(SIZE_MAX);
			cap *= 2;
		}
		b->data = pcv_xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void pcv_buf_adds(pcv_buf *b, const char *s)
{
	pcv_buf_add(b, s, strlen(s));
}

void pcv_buf_free(pcv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

struct pcv_chunk {
	pcv_chunk *next;
	max_align_t data[];
};

#define CHUNK_SIZE (64 * 1024 - sizeof(pcv_chunk))
#define ALIGN(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

/* Bytes from the arena, aligned for any object when `aligned`, else packed
 * (strings need no alignment, and most of a document's bytes are strings). */
static void *arena_take(pcv_arena *a, size_t size, int aligned)
{
	if (!size)
		size = 1;
	if (aligned && a->head) {
		size_t pad = ALIGN(a->used) - a->used;
		if (pad <= a->avail) {
			a->used += pad;
			a->avail -= pad;
		} else {
			a->avail = 0;
		}
	}
	if (size > a->avail) {
		size = ALIGN(size);
		if (size > CHUNK_SIZE / 4) {
			/* A chunk of its own, kept behind the current one. */
			pcv_chunk *c = pcv_xmalloc(sizeof *c + size);
			if (a->head) {
				c->next = a->head->next;
				a->head->next = c;
			} else {
				c->next = NULL;
				a->head = c;
				a->used = a->avail = 0;
			}
			return c->data;
		}
		pcv_chunk *c = pcv_xmalloc(sizeof *c + CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->avail = CHUNK_SIZE;
	}
	char *p = (char *)a->head->data + a->used;
	a->used += size;
	a->avail -= size;
	return p;
}

void *pcv_arena_alloc(pcv_arena *a, size_t size)
{
	void *p = arena_take(a, size, 1);
	memset(p, 0, size ? size : 1);
	return p;
}

void pcv_arena_free(pcv_arena *a)
{
	pcv_chunk *c = a->head;
	while (c) {
		pcv_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = a->avail = 0;
}

void *pcv_doc_alloc(pcv_doc *doc, size_t size)
{
	return pcv_arena_alloc(&doc->arena, size);
}

char *pcv_doc_strndup(pcv_doc *doc, const char *s, size_t len)
{
	char *p = arena_take(&doc->arena, len + 1, 0);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *pcv_doc_strdup(pcv_doc *doc, const char *s)
{
	return s ? pcv_doc_strndup(doc, s, strlen(s)) : NULL;
}
