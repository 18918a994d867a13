/*
 * epub.c -- the epub writer: plugin, options, and the plan of the book.
 *
 * Before anything is written the plan is made in a few walks over the
 * tree (all with pcv_iter, none recursive):
 *
 *  - footnote definitions are found by label;
 *  - ids: an "id" attribute is taken as given (when valid and not taken
 *    already), then every heading without one gets a GitHub-style id,
 *    the same the html and pdf writers give it (plugins/common/slug.h)
 *    -- the text in lower case, letters, digits, marks, '-' and '_' kept,
 *    spaces made '-', the rest dropped, "-1", "-2", ... when repeated;
 *  - chapters: the top-level blocks are cut at each top-level heading of
 *    level <= epub.split-level (default 1, or 2 when the document has at
 *    most one level-1 heading: then it is the title);
 *  - each id is mapped to the chapter that holds it, so that "#id" links
 *    can be rewritten to "chNNN.xhtml#id".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "epub.h"
#include "../common/slug.h"

/* ------------------------------------------------------------------ */
/* Memory and small containers                                         */
/* ------------------------------------------------------------------ */

void *epub_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fputs("paissconv: epub: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *epub_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("paissconv: epub: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *epub_xstrdup(const char *s)
{
	size_t len = strlen(s);
	char *c = epub_xmalloc(len + 1);

	memcpy(c, s, len + 1);
	return c;
}

void epub_buf_put(epub_buf *b, const void *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->s = epub_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = 0;
}

void epub_buf_puts(epub_buf *b, const char *s)
{
	epub_buf_put(b, s, strlen(s));
}

static size_t epub_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int epub_map_get(const epub_map *m, const char *key, int *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = epub_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			if (val)
				*val = m->vals[i];
			return 1;
		}
	return 0;
}

static void epub_map_insert(epub_map *m, char *key, int val)
{
	size_t i = epub_hash(key) & (m->cap - 1);

	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0) {
			free(key);
			m->vals[i] = val;
			return;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
}

/* Sets key to val; returns 0 when the key was there (its value replaced). */
int epub_map_put(epub_map *m, const char *key, int val)
{
	int had = epub_map_get(m, key, NULL);

	if ((m->count + 1) * 2 > m->cap) {
		epub_map old = *m;
		size_t i;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = epub_xmalloc(m->cap * sizeof *m->keys);
		m->vals = epub_xmalloc(m->cap * sizeof *m->vals);
		memset(m->keys, 0, m->cap * sizeof *m->keys);
		m->count = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i])
				epub_map_insert(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	epub_map_insert(m, epub_xstrdup(key), val);
	return !had;
}

void epub_map_free(epub_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static size_t epub_phash(const void *p)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x ^ (x >> 29));
}

const char *epub_pmap_get(const epub_pmap *m, const void *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = epub_phash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return NULL;
}

void epub_pmap_put(epub_pmap *m, const void *key, const char *val)
{
	size_t i;

	if ((m->count + 1) * 2 > m->cap) {
		epub_pmap old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = epub_xmalloc(m->cap * sizeof *m->keys);
		m->vals = epub_xmalloc(m->cap * sizeof *m->vals);
		memset(m->keys, 0, m->cap * sizeof *m->keys);
		m->count = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i])
				epub_pmap_put(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	for (i = epub_phash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
}

char *epub_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	epub_buf b = {0};
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		epub_buf_put(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(b.s);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	if (!b.s)
		b.s = epub_xstrdup("");
	*len = b.len;
	return b.s;
}

/* ------------------------------------------------------------------ */
/* Ids                                                                 */
/* ------------------------------------------------------------------ */

/* Whether the walk writes an element for a node of this type that can
 * carry its id. */
static int epub_has_element(const pcv_node *node)
{
	int t = pcv_node_type(node);

	if (t == PCV_NODE_DOCUMENT || t == PCV_NODE_FOOTNOTE_DEF || t == PCV_NODE_SOFTBREAK ||
	    t == PCV_NODE_FOOTNOTE_REF)
		return 0;
	return PCV_NODE_IS_BLOCK(t) || PCV_NODE_IS_INLINE(t);
}

/* Whether s may be an id: valid UTF-8, not empty, no space. */
static int epub_id_ok(const char *s)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (!s || !*s)
		return 0;
	while (*s) {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		if (n <= 0 || c < 0x21 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			return 0;
		s += n;
	}
	return 1;
}

static int epub_id_taken(void *arg, const char *id)
{
	return epub_map_get(arg, id, NULL);
}

/* Whether n is a formula, whose children the walks over the whole tree
 * leave out: they hold no ids, notes or headings of the book. */
static int epub_is_formula(const pcv_node *n)
{
	int t = pcv_node_type(n);

	return t == PCV_NODE_INLINE_MATH || t == PCV_NODE_DISPLAY_MATH;
}

static void epub_make_ids(epub_writer *w)
{
	pcv_iter it;
	pcv_event ev;

	pcv_iter_init(&it, w->root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		const char *id;

		if (ev != PCV_EVENT_ENTER || !epub_has_element(n))
			continue;
		if (epub_is_formula(n))
			pcv_iter_skip_children(&it);
		id = pcv_node_get_attr(n, "id");
		if (!id)
			continue;
		if (!epub_id_ok(id)) {
			pcv_report_node(w->ctx, PCV_WARNING, n, "id '%s' is not a valid id: left out", id);
			continue;
		}
		if (!epub_map_put(&w->idset, id, -1)) {
			pcv_report_node(w->ctx, PCV_WARNING, n, "id '%s' given twice: the second left out",
			                id);
			continue;
		}
		epub_pmap_put(&w->ids, n, pcv_doc_strdup(w->doc, id));
	}
	pcv_iter_init(&it, w->root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		char *id;

		if (ev != PCV_EVENT_ENTER)
			continue;
		if (epub_is_formula(n))
			pcv_iter_skip_children(&it);
		if (pcv_node_type(n) != PCV_NODE_HEADING)
			continue;
		pcv_iter_skip_children(&it);
		if (epub_pmap_get(&w->ids, n))
			continue;
		id = pcvc_heading_id(pcv_node_text(n), epub_id_taken, &w->idset, &w->id_suffixes);
		epub_map_put(&w->idset, id, -1);
		epub_pmap_put(&w->ids, n, pcv_doc_strdup(w->doc, id));
		free(id);
	}
}

/* ------------------------------------------------------------------ */
/* Footnotes                                                           */
/* ------------------------------------------------------------------ */

static void epub_find_notes(epub_writer *w)
{
	pcv_iter it;
	pcv_event ev;
	size_t cap = 0;

	pcv_iter_init(&it, w->root);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		const char *label;

		if (ev != PCV_EVENT_ENTER)
			continue;
		if (epub_is_formula(n))
			pcv_iter_skip_children(&it);
		if (pcv_node_type(n) != PCV_NODE_FOOTNOTE_DEF)
			continue;
		label = pcv_node_label(n);
		if (!label)
			label = "";
		if (epub_map_get(&w->notelabels, label, NULL)) {
			pcv_report_node(w->ctx, PCV_WARNING, n,
			                "footnote [^%s] defined twice: the second left out", label);
			continue;
		}
		if (w->nnotes == cap) {
			cap = cap ? cap * 2 : 16;
			w->notes = epub_xrealloc(w->notes, cap * sizeof *w->notes);
		}
		w->notes[w->nnotes].def = n;
		w->notes[w->nnotes].number = 0;
		epub_map_put(&w->notelabels, label, (int)w->nnotes);
		w->nnotes++;
	}
}

/* The note a reference points to, or -1.  A label that is a number n and
 * matches no label names the n-th definition (the way libcmark-gfm numbers
 * references). */
int epub_note_of(epub_writer *w, const pcv_node *ref)
{
	const char *label = pcv_node_label(ref);
	int ix;
	char *end;
	long n;

	if (!label)
		return -1;
	if (epub_map_get(&w->notelabels, label, &ix))
		return ix;
	n = strtol(label, &end, 10);
	if (*label && !*end && n >= 1 && (size_t)n <= w->nnotes)
		return (int)n - 1;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Chapters                                                            */
/* ------------------------------------------------------------------ */

static int epub_auto_split(epub_writer *w)
{
	pcv_node *n;
	int h1 = 0;

	for (n = pcv_node_first_child(w->root); n; n = pcv_node_next(n))
		if (pcv_node_type(n) == PCV_NODE_HEADING && pcv_node_heading_level(n) == 1)
			h1++;
	return h1 <= 1 ? 2 : 1;
}

static void epub_add_chapter(epub_writer *w, pcv_node *first, size_t *cap)
{
	epub_chapter *c;

	if (w->nchapters == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		w->chapters = epub_xrealloc(w->chapters, *cap * sizeof *w->chapters);
	}
	c = &w->chapters[w->nchapters];
	memset(c, 0, sizeof *c);
	c->first = first;
	snprintf(c->id, sizeof c->id, "ch%03zu", w->nchapters + 1);
	snprintf(c->file, sizeof c->file, "%s.xhtml", c->id);
	if (w->nchapters)
		w->chapters[w->nchapters - 1].end = first;
	w->nchapters++;
}

static void epub_add_toc(epub_writer *w, pcv_node *h, int ch)
{
	epub_toc *t;

	if (w->ntoc == w->captoc) {
		w->captoc = w->captoc ? w->captoc * 2 : 32;
		w->toc = epub_xrealloc(w->toc, w->captoc * sizeof *w->toc);
	}
	t = &w->toc[w->ntoc++];
	t->level = pcv_node_heading_level(h);
	t->chapter = ch;
	t->id = epub_pmap_get(&w->ids, h);
	t->text = pcv_node_text(h);
}

static void epub_plan_chapters(epub_writer *w)
{
	pcv_node *n;
	size_t cap = 0, i;
	int content = 0;

	for (n = pcv_node_first_child(w->root); n; n = pcv_node_next(n)) {
		int t = pcv_node_type(n);

		if (t == PCV_NODE_FOOTNOTE_DEF)
			continue;
		if (t == PCV_NODE_HEADING && pcv_node_heading_level(n) <= w->split &&
		    (content || !w->nchapters)) {
			epub_add_chapter(w, n, &cap);
			w->chapters[w->nchapters - 1].title = pcv_node_text(n);
			content = 0;
		} else if (!w->nchapters) {
			epub_add_chapter(w, n, &cap);
		}
		content = 1;
		if (t == PCV_NODE_HEADING && pcv_node_heading_level(n) <= w->toc_depth)
			epub_add_toc(w, n, (int)w->nchapters - 1);
	}
	if (!w->nchapters) {
		epub_add_chapter(w, NULL, &cap);
		w->chapters[0].title = w->title;
	}
	/* which chapter holds each id */
	for (i = 0; i < w->nchapters; i++) {
		for (n = w->chapters[i].first; n && n != w->chapters[i].end; n = pcv_node_next(n)) {
			pcv_iter it;
			pcv_event ev;

			if (pcv_node_type(n) == PCV_NODE_FOOTNOTE_DEF)
				continue;
			pcv_iter_init(&it, n);
			while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
				const char *id;

				if (ev != PCV_EVENT_ENTER)
					continue;
				if (pcv_node_type(it.node) == PCV_NODE_FOOTNOTE_DEF) {
					pcv_iter_skip_children(&it);
					continue;
				}
				if (epub_is_formula(it.node))
					pcv_iter_skip_children(&it);
				if ((id = epub_pmap_get(&w->ids, it.node)))
					epub_map_put(&w->idset, id, (int)i);
				if (pcv_node_type(it.node) == PCV_NODE_RAW_BLOCK ||
				    pcv_node_type(it.node) == PCV_NODE_RAW_INLINE)
					epub_raw_ids(w, it.node, (int)i);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */
/* ------------------------------------------------------------------ */

/* Whether s is a well-formed language tag (a practical subset of BCP 47). */
static int epub_lang_ok(const char *s)
{
	size_t n = 0, part = 0;

	if (!s)
		return 0;
	for (;; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (part && *s >= '0' && *s <= '9')) {
			if (++n > 8)
				return 0;
		} else if (*s == '-' || !*s) {
			if (!n || (part == 0 && n < 2))
				return 0;
			if (!*s)
				return 1;
			part++;
			n = 0;
		} else {
			return 0;
		}
	}
}

static const char *epub_base_name(pcv_doc *doc)
{
	const char *src = pcv_doc_source_at(doc, 1, NULL);
	const char *slash, *dot;

	if (!src || !strcmp(src, "-") || !*src)
		return NULL;
	slash = strrchr(src, '/');
	src = slash ? slash + 1 : src;
	dot = strrchr(src, '.');
	if (dot && dot > src)
		return pcv_doc_strndup(doc, src, (size_t)(dot - src));
	return src;
}

static void epub_free(epub_writer *w)
{
	size_t i;

	free(w->chapters);
	free(w->page.s);
	epub_page_free(w);
	if (w->dict)
		xmlDictFree(w->dict);
	for (i = 0; i < w->nitems; i++) {
		free(w->items[i].id);
		free(w->items[i].href);
		free(w->items[i].props);
		free(w->items[i].data);
		free(w->items[i].key);
	}
	free(w->items);
	free(w->notes);
	free(w->toc);
	free(w->stack);
	free(w->chnotes);
	free(w->refcount);
	free(w->ids.keys);
	free(w->ids.vals);
	epub_map_free(&w->idset);
	pcvc_suffixes_free(&w->id_suffixes);
	epub_map_free(&w->notelabels);
	epub_map_free(&w->rawids);
	epub_map_free(&w->rawused);
	epub_legend_free(w);
}

static int epub_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	epub_writer w;
	const char *lang;
	long split;
	size_t i;
	int rc;

	(void)data;
	memset(&w, 0, sizeof w);
	w.ctx = ctx;
	w.doc = doc;
	w.root = pcv_doc_root(doc);
	w.toc_depth = (int)pcv_option_int(ctx, "epub.toc-depth");
	if (w.toc_depth < 1)
		w.toc_depth = 1;
	if (w.toc_depth > 6)
		w.toc_depth = 6;

	lang = pcv_doc_meta_string(doc, "lang");
	if (lang && !epub_lang_ok(lang)) {
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0,
		           "metadata lang '%s' is not a language tag: using 'en'", lang);
		lang = NULL;
	}
	w.lang = lang ? lang : "en";

	epub_find_notes(&w);
	epub_make_ids(&w);
	epub_legend_prepare(&w);
	split = pcv_option_int(ctx, "epub.split-level");
	w.split = split >= 1 && split <= 6 ? (int)split : epub_auto_split(&w);
	if (split < 0 || split > 6)
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0,
		           "epub.split-level must be 1..6 (or 0 for automatic): using %d", w.split);

	w.title = pcv_doc_meta_string(doc, "title");
	if (!w.title || !*w.title) {
		pcv_node *n;

		w.title = NULL;
		for (n = pcv_node_first_child(w.root); n && !w.title; n = pcv_node_next(n))
			if (pcv_node_type(n) == PCV_NODE_HEADING && pcv_node_heading_level(n) == 1)
				w.title = pcv_node_text(n);
		if (!w.title || !*w.title)
			w.title = epub_base_name(doc);
		if (!w.title || !*w.title)
			w.title = "Untitled";
	}
	epub_plan_chapters(&w);

	epub_load_assets(&w);
	epub_legend_assets(&w);
	w.refcount = epub_xmalloc((w.nnotes + 1) * sizeof *w.refcount);
	memset(w.refcount, 0, (w.nnotes + 1) * sizeof *w.refcount);
	w.dict = xmlDictCreate();
	epub_book_open(&w, out);
	for (i = 0; i < w.nchapters && !w.zip.failed && !pcv_out_failed(out); i++)
		epub_render_chapter(&w, (int)i);
	epub_legend_index(&w);
	rc = epub_book_close(&w);
	epub_free(&w);
	return rc;
}

static const pcv_option epub_options[] = {
	{"split-level", PCV_OPT_INT, "0",
	 "heading level that starts a chapter (0: 1, or 2 when level 1 is only the title)"},
	{"toc-depth", PCV_OPT_INT, "3", "deepest heading level in the table of contents"},
	{"css", PCV_OPT_FILE, NULL, "a stylesheet added after the built-in one"},
	{"cover", PCV_OPT_FILE, NULL, "a cover image (PNG, JPEG, GIF or SVG)"},
	{"legend", PCV_OPT_BOOL, "true",
	 "the emoji markers used, their meaning and count, on the title page"},
	{"index", PCV_OPT_BOOL, "false",
	 "a last chapter listing the blocks tagged with epub.index-tags, linked"},
	{"index-tags", PCV_OPT_STRING, "question paper quote key-idea",
	 "the meanings (slugs, space-separated, or all) epub.index lists, in this order"},
	{NULL, 0, NULL, NULL},
};

static const pcv_writer epub_writer_cap = {
	sizeof(pcv_writer),
	"epub",
	"epub",
	"EPUB 3 e-book (with an EPUB 2 NCX)",
	epub_options,
	epub_write,
	NULL,
	PCV_WRITER_BINARY,
};

static int epub_init(pcv_registry *reg)
{
	/* LIBXML_TEST_VERSION's check of the major version, without its
	 * initialisation of the whole library (about 50 us a run, with its
	 * clean-up at exit): the tree and the serializer set up what they
	 * use when first called, and raw.c starts the parser before the one
	 * parse there is. */
	if (atoi(xmlParserVersion) / 10000 != LIBXML_VERSION / 10000) {
		pcv_report(pcv_registry_ctx(reg), PCV_ERROR, NULL, 0, 0,
		           "epub: built with libxml2 %d but running with %s: rebuild the plugin",
		           LIBXML_VERSION, xmlParserVersion);
		return -1;
	}
	return pcv_register_writer(reg, &epub_writer_cap) ? 0 : -1;
}

PCV_PLUGIN("epub", "1.0", "EPUB 3 writer", epub_init);
