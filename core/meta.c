/* meta.c -- document metadata: strings, lists and ordered maps. */
#include <string.h>

#include "internal.h"

pcv_meta *pcv_doc_meta(pcv_doc *doc)
{
	return doc ? doc->meta : NULL;
}

pcv_meta *pcv_meta_new(pcv_doc *doc, pcv_meta_kind kind, const char *string)
{
	if (!doc || kind < PCV_META_STRING || kind > PCV_META_MAP)
		return NULL;
	pcv_meta *m = pcv_doc_alloc(doc, sizeof *m);
	m->kind = kind;
	m->doc = doc;
	if (kind == PCV_META_STRING)
		m->string = pcv_doc_strdup(doc, string ? string : "");
	return m;
}

pcv_meta_kind pcv_meta_kind_of(const pcv_meta *m) { return m ? m->kind : 0; }

const char *pcv_meta_string(const pcv_meta *m)
{
	return m && m->kind == PCV_META_STRING ? m->string : NULL;
}

size_t pcv_meta_count(const pcv_meta *m)
{
	return m && m->kind != PCV_META_STRING ? m->count : 0;
}

pcv_meta *pcv_meta_at(const pcv_meta *m, size_t i, const char **key)
{
	if (key)
		*key = NULL;
	if (!m || m->kind == PCV_META_STRING || i >= m->count)
		return NULL;
	if (key && m->kind == PCV_META_MAP)
		*key = m->keys[i];
	return m->values[i];
}

static size_t find_key(const pcv_meta *m, const char *key)
{
	for (size_t i = 0; i < m->count; i++)
		if (strcmp(m->keys[i], key) == 0)
			return i;
	return (size_t)-1;
}

pcv_meta *pcv_meta_get(const pcv_meta *m, const char *key)
{
	if (!m || m->kind != PCV_META_MAP || !key)
		return NULL;
	size_t i = find_key(m, key);
	return i == (size_t)-1 ? NULL : m->values[i];
}

/* Grows the arrays of a list or map; the arena keeps the old ones. */
static void grow(pcv_doc *doc, pcv_meta *m)
{
	size_t cap = m->cap ? 2 * m->cap : 4;
	pcv_meta **values = pcv_doc_alloc(doc, cap * sizeof *values);
	if (m->count)
		memcpy(values, m->values, m->count * sizeof *values);
	m->values = values;
	if (m->kind == PCV_META_MAP) {
		const char **keys = pcv_doc_alloc(doc, cap * sizeof *keys);
		if (m->count)
			memcpy(keys, m->keys, m->count * sizeof *keys);
		m->keys = keys;
	}
	m->cap = cap;
}

int pcv_meta_put(pcv_meta *c, const char *key, pcv_meta *value)
{
	if (!c || !value || c->kind == PCV_META_STRING || (c->kind == PCV_META_MAP && !key))
		return 0;
	if (c->kind == PCV_META_MAP) {
		size_t i = find_key(c, key);
		if (i != (size_t)-1) {
			c->values[i] = value;
			return 1;
		}
	}
	if (c->count == c->cap)
		grow(c->doc, c);
	if (c->kind == PCV_META_MAP)
		c->keys[c->count] = pcv_doc_strdup(c->doc, key);
	c->values[c->count++] = value;
	return 1;
}

int pcv_meta_remove(pcv_meta *m, const char *key)
{
	if (!m || m->kind != PCV_META_MAP || !key)
		return 0;
	size_t i = find_key(m, key);
	if (i == (size_t)-1)
		return 0;
	memmove(&m->keys[i], &m->keys[i + 1], (m->count - i - 1) * sizeof *m->keys);
	memmove(&m->values[i], &m->values[i + 1], (m->count - i - 1) * sizeof *m->values);
	m->count--;
	return 1;
}

const char *pcv_doc_meta_string(pcv_doc *doc, const char *key)
{
	pcv_meta *m = pcv_meta_get(pcv_doc_meta(doc), key);
	if (!m)
		return NULL;
	if (m->kind == PCV_META_STRING)
		return m->string;
	if (m->kind != PCV_META_LIST)
		return NULL;
	pcv_buf b = {0};
	for (size_t i = 0; i < m->count; i++) {
		if (m->values[i]->kind != PCV_META_STRING)
			continue;
		if (b.len)
			pcv_buf_add(&b, ", ", 2);
		pcv_buf_adds(&b, m->values[i]->string);
	}
	const char *s = b.len ? pcv_doc_strndup(doc, b.data, b.len) : NULL;
	pcv_buf_free(&b);
	return s;
}

void pcv_doc_set_meta_string(pcv_doc *doc, const char *key, const char *value)
{
	if (doc && key && value)
		pcv_meta_put(doc->meta, key, pcv_meta_new(doc, PCV_META_STRING, value));
}
