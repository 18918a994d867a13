/*
 * ids.c -- what the html writer works out before it writes: the ids of
 * headings and the numbering of footnotes.
 *
 * Heading ids follow GitHub, the same in every writer (pcvc_heading_id in
 * plugins/common/slug.c): the heading's text in lower case, letters,
 * digits, marks, '-' and '_' kept, spaces made '-', everything else
 * dropped; a repeated id gets "-1", "-2", ... appended.  Ids given as
 * attributes and the footnotes' ids are taken first, so a generated id
 * never collides with them.
 *
 * Footnotes are numbered in the order of their first reference, as
 * libcmark-gfm does.  A reference finds its definition by label: the same
 * label, else the same label up to case and spacing, else -- when the
 * label is a number n -- the n-th definition (libcmark-gfm replaces the
 * label of a reference by its number).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "../common/slug.h"

/* ------------------------------------------------------------------ */
/* A string set (open addressing, FNV-1a)                              */
/* ------------------------------------------------------------------ */

static size_t html_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int html_set_has(const html_set *set, const char *s)
{
	size_t i;

	if (!set->cap)
		return 0;
	for (i = html_hash(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slots[i], s) == 0)
			return 1;
	return 0;
}

static void html_set_insert(html_set *set, char *s)
{
	size_t i = html_hash(s) & (set->cap - 1);

	while (set->slots[i])
		i = (i + 1) & (set->cap - 1);
	set->slots[i] = s;
	set->count++;
}

/* Adds a copy of s; returns 0 when it was there already. */
int html_set_add(html_set *set, const char *s)
{
	size_t len;
	char *copy;

	if (html_set_has(set, s))
		return 0;
	if ((set->count + 1) * 2 > set->cap) {
		html_set old = *set;
		size_t i;

		set->cap = old.cap ? old.cap * 2 : 64;
		set->slots = html_xmalloc(set->cap * sizeof *set->slots);
		memset(set->slots, 0, set->cap * sizeof *set->slots);
		set->count = 0;
		for (i = 0; i < old.cap; i++)
			if (old.slots[i])
				html_set_insert(set, old.slots[i]);
		free(old.slots);
	}
	len = strlen(s);
	copy = html_xmalloc(len + 1);
	memcpy(copy, s, len + 1);
	html_set_insert(set, copy);
	return 1;
}

static void html_set_free(html_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof *set);
}

/* ------------------------------------------------------------------ */
/* Marks                                                               */
/* ------------------------------------------------------------------ */

static html_mark *html_add_mark(html_writer *w, const pcv_node *node)
{
	html_mark *m;

	if (w->nmarks == w->capmarks) {
		w->capmarks = w->capmarks ? w->capmarks * 2 : 32;
		w->marks = html_xrealloc(w->marks, w->capmarks * sizeof *w->marks);
	}
	m = &w->marks[w->nmarks++];
	m->node = node;
	m->id = NULL;
	m->note = -1;
	m->ref_ix = 0;
	return m;
}

static int html_mark_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const html_mark *)a)->node;
	uintptr_t y = (uintptr_t)((const html_mark *)b)->node;

	return x < y ? -1 : x > y;
}

const html_mark *html_find_mark(const html_writer *w, const pcv_node *node)
{
	html_mark key;

	if (!w->nmarks)
		return NULL;
	key.node = node;
	return bsearch(&key, w->marks, w->nmarks, sizeof *w->marks, html_mark_cmp);
}

/* ------------------------------------------------------------------ */
/* Heading ids                                                         */
/* ------------------------------------------------------------------ */

static int html_id_taken(void *arg, const char *id)
{
	return html_set_has(arg, id);
}

/* GitHub's id for a heading (plugins/common/slug.h), taken. */
static const char *html_unique_id(html_writer *w, const char *text)
{
	char *id = pcvc_heading_id(text, html_id_taken, &w->ids, &w->id_suffixes);
	const char *result = pcv_doc_strdup(w->doc, id);

	html_set_add(&w->ids, id);
	free(id);
	return result;
}

/* ------------------------------------------------------------------ */
/* Footnotes                                                           */
/* ------------------------------------------------------------------ */

/* Labels equal up to ASCII case and runs of white space. */
static int html_label_eq(const char *a, const char *b)
{
	for (;;) {
		int sa = 0, sb = 0;

		while (*a && isspace((unsigned char)*a)) {
			a++;
			sa = 1;
		}
		while (*b && isspace((unsigned char)*b)) {
			b++;
			sb = 1;
		}
		if (!*a || !*b)
			return !*a && !*b;
		if (sa != sb || tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

static int html_find_note(const html_writer *w, const char *label)
{
	size_t i;
	char *end;
	unsigned long n;

	if (!label)
		return -1;
	for (i = 0; i < w->nnotes; i++)
		if (w->notes[i].label && strcmp(w->notes[i].label, label) == 0)
			return (int)i;
	for (i = 0; i < w->nnotes; i++)
		if (w->notes[i].label && html_label_eq(w->notes[i].label, label))
			return (int)i;
	n = strtoul(label, &end, 10);
	if (*label >= '0' && *label <= '9' && !*end && n >= 1 && n <= w->nnotes)
		return (int)n - 1;
	return -1;
}

/* ------------------------------------------------------------------ */
/* The pass                                                            */
/* ------------------------------------------------------------------ */

void html_prepare(html_writer *w, pcv_node *root)
{
	pcv_iter it;
	pcv_event ev;
	size_t i, capnotes = 0, nheadings = 0;
	size_t *remap;
	int number = 0;
	char buf[48];

	/* 1: explicit ids, definitions, references and headings in order */
	pcv_iter_init(&it, root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		const char *id;

		if (ev != PCV_EVENT_ENTER)
			continue;
		if ((id = pcv_node_get_attr(n, "id")) != NULL && *id)
			html_set_add(&w->ids, id);
		switch (pcv_node_type(n)) {
		case PCV_NODE_RAW_BLOCK:
		case PCV_NODE_RAW_INLINE:
			if (pcv_node_literal(n) && w->raw != HTML_RAW_DROP)
				html_raw_ids(&w->ids, pcv_node_literal(n), pcv_node_literal_len(n));
			break;
		case PCV_NODE_FOOTNOTE_DEF:
			if (w->nnotes == capnotes) {
				capnotes = capnotes ? capnotes * 2 : 16;
				w->notes = html_xrealloc(w->notes, capnotes * sizeof *w->notes);
			}
			w->notes[w->nnotes].def = n;
			w->notes[w->nnotes].label = pcv_node_label(n);
			if (w->notes[w->nnotes].label && !*w->notes[w->nnotes].label)
				w->notes[w->nnotes].label = NULL;
			w->notes[w->nnotes].number = 0;
			w->notes[w->nnotes].refs = 0;
			html_add_mark(w, n)->note = (int)w->nnotes;
			w->nnotes++;
			break;
		case PCV_NODE_FOOTNOTE_REF:
			html_add_mark(w, n);
			break;
		case PCV_NODE_HEADING:
			if (w->heading_ids && !pcv_node_get_attr(n, "id")) {
				html_add_mark(w, n);
				nheadings++;
			}
			break;
		default:
			break;
		}
	}

	/* 2: references in document order number their definitions */
	for (i = 0; i < w->nmarks; i++) {
		html_mark *m = &w->marks[i];
		html_note *note;

		if (pcv_node_type(m->node) != PCV_NODE_FOOTNOTE_REF)
			continue;
		m->note = html_find_note(w, pcv_node_label(m->node));
		if (m->note < 0) {
			pcv_report_node(w->ctx, PCV_WARNING, m->node,
			                "html: footnote [^%s] has no definition; written as text",
			                pcv_node_label(m->node) ? pcv_node_label(m->node) : "");
			continue;
		}
		note = &w->notes[m->note];
		if (!note->number)
			note->number = ++number;
		m->ref_ix = ++note->refs;
	}
	for (i = 0; i < w->nnotes; i++) {
		html_note *note = &w->notes[i];

		if (!note->label) {
			snprintf(buf, sizeof buf, "%d", note->number ? note->number : (int)(number + i + 1));
			note->label = pcv_doc_strdup(w->doc, buf);
		}
	}

	/* 3: notes in number order, unreferenced ones last; marks follow */
	remap = html_xmalloc((w->nnotes + 1) * sizeof *remap);
	{
		html_note *sorted = html_xmalloc((w->nnotes + 1) * sizeof *sorted);
		size_t k = (size_t)number;

		for (i = 0; i < w->nnotes; i++)
			remap[i] = w->notes[i].number ? (size_t)w->notes[i].number - 1 : k++;
		for (i = 0; i < w->nnotes; i++)
			sorted[remap[i]] = w->notes[i];
		free(w->notes);
		w->notes = sorted;
	}
	for (i = 0; i < w->nmarks; i++)
		if (w->marks[i].note >= 0)
			w->marks[i].note = (int)remap[w->marks[i].note];
	free(remap);

	/* footnote ids are fixed; generated heading ids avoid them */
	for (i = 0; i < w->nnotes; i++) {
		char *id = html_xmalloc(strlen(w->notes[i].label) + 32);
		int k;

		sprintf(id, "fn-%s", w->notes[i].label);
		html_set_add(&w->ids, id);
		for (k = 1; k <= w->notes[i].refs; k++) {
			if (k == 1)
				sprintf(id, "fnref-%s", w->notes[i].label);
			else
				sprintf(id, "fnref-%s-%d", w->notes[i].label, k);
			html_set_add(&w->ids, id);
		}
		free(id);
	}

	/* 4: heading ids, in document order */
	for (i = 0; i < w->nmarks && nheadings; i++) {
		html_mark *m = &w->marks[i];

		if (pcv_node_type(m->node) == PCV_NODE_HEADING)
			m->id = html_unique_id(w, pcv_node_text((pcv_node *)m->node));
	}

	if (w->nmarks > 1)
		qsort(w->marks, w->nmarks, sizeof *w->marks, html_mark_cmp);
}

void html_cleanup(html_writer *w)
{
	free(w->notes);
	free(w->marks);
	html_set_free(&w->ids);
	pcvc_suffixes_free(&w->id_suffixes);
	w->notes = NULL;
	w->marks = NULL;
	w->nnotes = w->nmarks = 0;
}
