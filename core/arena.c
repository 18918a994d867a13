/* arena.c -- allocation that never fails, byte buffers, document arenas. */
#include <stdint.h>
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
	pcv_arena *arena;
	max_align_t data[];
};

#define CHUNK_SIZE (PCV_CHUNK_BYTES - sizeof(pcv_chunk))
#define ALIGN(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))
/* What nodes and their side structures need: pointers, longs, sizes. */
#define SMALL_ALIGN _Alignof(union { void *p; long l; size_t z; })

#define SLAB_CHUNKS 16

static pcv_chunk *arena_chunk(pcv_arena *a, size_t size)
{
	if (size > SIZE_MAX - sizeof(pcv_chunk))
		oom(size);
	pcv_chunk *c = pcv_xmalloc(sizeof *c + size);
	c->next = a->head;
	c->arena = a;
	a->head = c;
	return c;
}

/* A chunk of objects: PCV_CHUNK_BYTES aligned on that size, the next of
 * the current slab.  A slab's first chunk links the slabs. */
static pcv_chunk *arena_obj_chunk(pcv_arena *a)
{
	if (!a->slab_left) {
		pcv_chunk *s = aligned_alloc(PCV_CHUNK_BYTES, SLAB_CHUNKS * PCV_CHUNK_BYTES);
		if (!s)
			oom(SLAB_CHUNKS * PCV_CHUNK_BYTES);
		s->next = a->slabs;
		s->arena = a;
		a->slabs = s;
		a->slab_left = SLAB_CHUNKS - 1;
		return s;
	}
	pcv_chunk *c = (pcv_chunk *)((char *)a->slabs +
	                             (SLAB_CHUNKS - a->slab_left--) * PCV_CHUNK_BYTES);
	c->next = NULL;
	c->arena = a;
	return c;
}

/* When the current chunk of a stream is full: a new one, or a chunk of its
 * own for a big request (the current one stays current). */
static void *arena_refill(pcv_arena *a, char **at, size_t *avail, size_t size)
{
	if (size > CHUNK_SIZE / 4)
		return arena_chunk(a, size)->data;
	pcv_chunk *c = at == &a->obj ? arena_obj_chunk(a) : arena_chunk(a, CHUNK_SIZE);
	*at = (char *)c->data + size;
	*avail = CHUNK_SIZE - size;
	return *at - size;
}

pcv_arena *pcv_arena_of(const void *obj)
{
	uintptr_t c = (uintptr_t)obj & ~(uintptr_t)(PCV_CHUNK_BYTES - 1);
	return ((const pcv_chunk *)c)->arena;
}

/* Bytes from the arena aligned to `align` (a power of two, at most
 * max_align_t's), from the stream of objects or, for align 1, of strings:
 * most of a document's bytes are strings, and they need no padding. */
static inline void *arena_take(pcv_arena *a, size_t size, size_t align)
{
	char **at = align > 1 ? &a->obj : &a->str;
	size_t *avail = align > 1 ? &a->oavail : &a->savail;
	size_t pad = (size_t)-(uintptr_t)*at & (align - 1);

	if (!size)
		size = 1;
	if (!*at || pad > *avail || size > *avail - pad)
		return arena_refill(a, at, avail, size);
	char *p = *at + pad;
	*at = p + size;
	*avail -= pad + size;
	return p;
}

void *pcv_arena_alloc(pcv_arena *a, size_t size)
{
	void *p = arena_take(a, size, sizeof(max_align_t));
	memset(p, 0, size ? size : 1);
	return p;
}

void *pcv_arena_alloc_small(pcv_arena *a, size_t size)
{
	void *p = arena_take(a, size, SMALL_ALIGN);
	memset(p, 0, size ? size : 1);
	return p;
}

void pcv_arena_free(pcv_arena *a)
{
	for (int slabs = 0; slabs < 2; slabs++) {
		pcv_chunk *c = slabs ? a->slabs : a->head;
		while (c) {
			pcv_chunk *next = c->next;
			free(c);
			c = next;
		}
	}
	a->head = a->slabs = NULL;
	a->slab_left = 0;
	a->obj = a->str = NULL;
	a->oavail = a->savail = 0;
}

void *pcv_doc_alloc(pcv_doc *doc, size_t size)
{
	return pcv_arena_alloc(&doc->arena, size);
}

char *pcv_doc_strndup(pcv_doc *doc, const char *s, size_t len)
{
	char *p = arena_take(&doc->arena, len + 1, 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *pcv_doc_strdup(pcv_doc *doc, const char *s)
{
	return s ? pcv_doc_strndup(doc, s, strlen(s)) : NULL;
}
