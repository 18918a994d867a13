/*
 * legend.c -- the emoji legend on the title page, the tags' colours, and
 * the index of tagged blocks.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and a
 * "tag" (and "tags") attribute on the blocks its markers mark.  From them:
 *
 *  - the title page gets a small table of the markers used, with their
 *    meaning and count (epub.legend);
 *  - a stylesheet css/legend.css gives each tag class its colour (a rule
 *    at the left of the tagged block) and styles the box and the index;
 *  - with epub.index, a last chapter index.xhtml, in the spine and the
 *    table of contents, lists the blocks tagged with the meanings of
 *    epub.index-tags, each linking to an id given to the block in its
 *    chapter.
 *
 * A book whose document has no "legend-used" gets none of this: its files
 * are exactly what they were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "../common/legend.h"

#define EPUB_EXCERPT 80 /* bytes of an index entry's text, about */

/* ------------------------------------------------------------------ */
/* Ids of the blocks the index links to                                */
/* ------------------------------------------------------------------ */

/* The id the plan gave the block, or NULL. */
static const char *epub_legend_own_id(void *arg, pcv_node *n)
{
	epub_writer *w = arg;

	return epub_pmap_get(&w->ids, n);
}

static const char *epub_legend_claim_id(void *arg, pcv_node *n, const char *buf)
{
	epub_writer *w = arg;
	const char *id;

	if (epub_map_get(&w->idset, buf, NULL))
		return NULL;
	epub_map_put(&w->idset, buf, -1);
	id = pcv_doc_strdup(w->doc, buf);
	epub_pmap_put(&w->ids, n, id);
	return id;
}

/* ------------------------------------------------------------------ */
/* The stylesheet                                                      */
/* ------------------------------------------------------------------ */

static const char epub_legend_css[] =
	"@charset \"utf-8\";\n"
	"span.emoji { border: 0; padding: 0; }\n"
	".legend-box { margin: 2em auto 0; text-align: left; display: table;\n"
	"  border: 1px solid currentColor; padding: 0.3em 0.8em; font-size: 0.9em;\n"
	"  page-break-inside: avoid; break-inside: avoid; }\n"
	".legend-box p.legend-title { margin: 0 0 0.2em; font-weight: bold; text-align: center; }\n"
	".legend-box table { border: 0; margin: 0; font-size: 1em; }\n"
	".legend-box td { border: 0; padding: 0.1em 0.5em 0.1em 0; }\n"
	".legend-box td.legend-marker { border-left: 0.3em solid currentColor;\n"
	"  padding-left: 0.4em; text-align: center; }\n"
	".legend-box td.legend-count { text-align: right; }\n"
	"section.legend-index ul { list-style-type: none; padding-left: 0.6em;\n"
	"  border-left: 0.2em solid currentColor; }\n"
	"section.legend-index li { margin: 0.25em 0; }\n";

/* css/legend.css: the rules above, then per tag a rule at the left of the
 * tagged blocks, in the tag's colour. */
static void epub_legend_stylesheet(epub_writer *w, const pcvc_legend *L)
{
	epub_buf b = {0};
	size_t i;

	epub_buf_puts(&b, epub_legend_css);
	for (i = 0; i < L->nentries; i++) {
		const pcvc_lentry *e = &L->entries[i];
		const char *c = e->colour ? e->colour : "currentColor";

		if (!pcvc_legend_slug_ok(e->slug))
			continue;
		epub_buf_puts(&b, ".tag-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " { border-left: 0.25em solid ");
		epub_buf_puts(&b, c);
		epub_buf_puts(&b, "; padding-left: 0.6em; }\n.legend-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " td.legend-marker, section.legend-index ul.legend-");
		epub_buf_puts(&b, e->slug);
		epub_buf_puts(&b, " { border-left-color: ");
		epub_buf_puts(&b, c);
		epub_buf_puts(&b, "; }\n");
	}
	epub_add_item(w, "css-legend", "css/legend.css", "text/css", b.s, b.len);
	w->legend_css = 1;
}

/* ------------------------------------------------------------------ */
/* The plugin's hooks                                                  */
/* ------------------------------------------------------------------ */

void epub_legend_prepare(epub_writer *w)
{
	pcvc_legend *L = epub_xmalloc(sizeof *L);
	pcvc_legend_ids ids = {epub_legend_own_id, epub_legend_claim_id, w};

	if (!pcvc_legend_read(L, w->ctx, w->doc, "epub.index-tags")) {
		free(L);
		return;
	}
	w->legend = L;
	if (pcv_option_bool(w->ctx, "epub.index"))
		pcvc_legend_collect(L, w->doc, w->root, EPUB_EXCERPT, &ids);
}

void epub_legend_assets(epub_writer *w)
{
	if (w->legend)
		epub_legend_stylesheet(w, w->legend);
}

void epub_legend_box(epub_writer *w, xmlNodePtr parent)
{
	const pcvc_legend *L = w->legend;
	xmlNodePtr box, p, tbody;
	size_t i;

	if (!L || !pcv_option_bool(w->ctx, "epub.legend"))
		return;
	box = epub_el(parent, "div");
	epub_attr(box, "class", "legend-box");
	p = epub_el(box, "p");
	epub_attr(p, "class", "legend-title");
	epub_add_text(p, "Legend", 6);
	tbody = epub_el(epub_el(box, "table"), "tbody");
	for (i = 0; i < L->nentries; i++) {
		const pcvc_lentry *e = &L->entries[i];
		xmlNodePtr tr = epub_el(tbody, "tr"), td;

		if (pcvc_legend_slug_ok(e->slug)) {
			char cls[96];

			snprintf(cls, sizeof cls, "legend-%.80s", e->slug);
			epub_attr(tr, "class", cls);
		}
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-marker");
		epub_add_text(td, e->emoji, strlen(e->emoji));
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-meaning");
		epub_add_text(td, e->meaning, strlen(e->meaning));
		td = epub_el(tr, "td");
		epub_attr(td, "class", "legend-count");
		if (e->count)
			epub_add_text(td, e->count, strlen(e->count));
	}
}

void epub_legend_index(epub_writer *w)
{
	const pcvc_legend *L = w->legend;
	xmlNodePtr body, sec, h, ul = NULL, li, a;
	xmlDocPtr doc;
	epub_chapter *c;
	const int *o;
	size_t i;
	int any = 0, ch, top = 7;

	if (!L || !L->nitems)
		return;
	doc = epub_xhtml_new(w, "Index", &body, "");
	sec = epub_el(body, "section");
	xmlSetNsProp(sec, w->ops_ns, (const xmlChar *)"type", (const xmlChar *)"backmatter");
	epub_attr(sec, "class", "legend-index");
	epub_attr(sec, "id", "legend-index");
	h = epub_el(sec, "h1");
	epub_add_text(h, "Index", 5);
	for (o = L->order; *o >= 0; o++) {
		const pcvc_lentry *e = &L->entries[*o];
		int group = 0;

		for (i = 0; i < L->nitems; i++) {
			const pcvc_litem *x = &L->items[i];
			char href[256];
			epub_buf b = {0};

			if (x->entry != *o || !epub_map_get(&w->idset, x->id, &ch) || ch < 0 ||
			    (size_t)ch >= w->nchapters)
				continue;
			if (!group) {
				h = epub_el(sec, "h2");
				epub_buf_puts(&b, e->emoji);
				epub_buf_puts(&b, " ");
				epub_buf_puts(&b, e->meaning);
				epub_add_text(h, b.s, b.len);
				free(b.s);
				b.s = NULL;
				b.len = b.cap = 0;
				ul = epub_el(sec, "ul");
				if (pcvc_legend_slug_ok(e->slug)) {
					char cls[96];

					snprintf(cls, sizeof cls, "legend-%.80s", e->slug);
					epub_attr(ul, "class", cls);
				}
				group = 1;
			}
			/* ids are made of characters a URL fragment may hold as
			 * they are, but for '%' and the like: encode those */
			epub_buf_puts(&b, w->chapters[ch].file);
			epub_buf_puts(&b, "#");
			for (const char *p = x->id; *p; p++) {
				unsigned char u = (unsigned char)*p;

				if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
				    (u >= '0' && u <= '9') || strchr("-._~", u)) {
					epub_buf_put(&b, p, 1);
				} else {
					char enc[4];

					snprintf(enc, sizeof enc, "%%%02X", u);
					epub_buf_put(&b, enc, 3);
				}
			}
			snprintf(href, sizeof href, "%s", b.s);
			free(b.s);
			if (strlen(href) + 1 >= sizeof href)
				continue;
			li = epub_el(ul, "li");
			a = epub_el(li, "a");
			epub_attr(a, "href", href);
			epub_add_text(a, *x->text ? x->text : e->meaning,
			              strlen(*x->text ? x->text : e->meaning));
			any = 1;
		}
	}
	if (!any) {
		xmlFreeDoc(doc);
		return;
	}
	w->chapters = epub_xrealloc(w->chapters, (w->nchapters + 1) * sizeof *w->chapters);
	c = &w->chapters[w->nchapters++];
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "index");
	snprintf(c->file, sizeof c->file, "index.xhtml");
	c->title = "Index";
	epub_book_page(w, "OEBPS/index.xhtml", doc, 1);
	/* in the table of contents at its top level (without headings, the
	 * chapters fill it, this one with them) */
	if (!w->ntoc)
		return;
	for (i = 0; i < w->ntoc; i++)
		if (w->toc[i].level < top)
			top = w->toc[i].level;
	if (w->ntoc == w->captoc) {
		w->captoc = w->captoc * 2;
		w->toc = epub_xrealloc(w->toc, w->captoc * sizeof *w->toc);
	}
	w->toc[w->ntoc].level = top;
	w->toc[w->ntoc].chapter = (int)w->nchapters - 1;
	w->toc[w->ntoc].id = NULL;
	w->toc[w->ntoc].text = "Index";
	w->ntoc++;
}

void epub_legend_free(epub_writer *w)
{
	if (!w->legend)
		return;
	pcvc_legend_free(w->legend);
	free(w->legend);
	w->legend = NULL;
}
