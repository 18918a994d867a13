/*
 * legend.c -- the emoji legend box and the index of tagged blocks.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and a
 * "tag" (and "tags") attribute on the blocks its markers mark.  From them:
 *
 *  - a standalone page gets, after its title block, a small box with one
 *    row per marker used (marker, meaning, count, colour swatch), and a
 *    stylesheet that gives each tag its colour (html.legend);
 *  - with html.index, a section at the end lists the blocks tagged with
 *    the meanings of html.index-tags, each linking to an id given to the
 *    block (its own id when it has one).
 *
 * A document without "legend-used" gets none of this: its page is written
 * exactly as before.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "../common/legend.h"

#define HTML_EXCERPT 80 /* bytes of an index entry's text, about */

struct html_legend {
	pcvc_legend base;
	const pcvc_litem **byaddr; /* items sorted by node address, for lookups */
};

/* ------------------------------------------------------------------ */
/* Reading the legend and the blocks to index                          */
/* ------------------------------------------------------------------ */

/* The id a block has: given as an attribute, else the heading's. */
static const char *html_legend_own_id(void *arg, pcv_node *n)
{
	html_writer *w = arg;
	const char *id = pcv_node_get_attr(n, "id");

	if (id && *id)
		return id;
	if (pcv_node_type(n) == PCV_NODE_HEADING) {
		const html_mark *m = html_find_mark(w, n);

		if (m && m->id)
			return m->id;
	}
	return NULL;
}

static const char *html_legend_claim_id(void *arg, pcv_node *n, const char *id)
{
	html_writer *w = arg;

	(void)n;
	return html_set_add(&w->ids, id) ? pcv_doc_strdup(w->doc, id) : NULL;
}

static int html_legend_cmp_addr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const pcvc_litem *const *)a)->node;
	uintptr_t y = (uintptr_t)(*(const pcvc_litem *const *)b)->node;

	return x < y ? -1 : x > y;
}

void html_legend_prepare(html_writer *w)
{
	struct html_legend *L;
	pcvc_legend_ids ids = {html_legend_own_id, html_legend_claim_id, w};
	size_t i;

	L = html_xmalloc(sizeof *L);
	memset(L, 0, sizeof *L);
	if (!pcvc_legend_read(&L->base, w->ctx, w->doc, "html.index-tags")) {
		free(L);
		return;
	}
	w->legend = L;
	if (!pcv_option_bool(w->ctx, "html.index"))
		return;
	pcvc_legend_collect(&L->base, w->doc, pcv_doc_root(w->doc), HTML_EXCERPT, &ids);
	if (!L->base.nitems)
		return;
	L->byaddr = html_xmalloc(L->base.nitems * sizeof *L->byaddr);
	for (i = 0; i < L->base.nitems; i++)
		L->byaddr[i] = &L->base.items[i];
	qsort(L->byaddr, L->base.nitems, sizeof *L->byaddr, html_legend_cmp_addr);
	html_set_add(&w->ids, "legend-index");
}

const char *html_legend_id(const html_writer *w, const pcv_node *node)
{
	const struct html_legend *L = w->legend;
	size_t lo = 0, hi;

	if (!L || !L->byaddr)
		return NULL;
	hi = L->base.nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uintptr_t a = (uintptr_t)L->byaddr[mid]->node;

		if (a == (uintptr_t)node)
			return L->byaddr[mid]->id;
		if (a < (uintptr_t)node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static const char html_legend_css[] =
	".legend-box { margin: 0 auto 2em; padding: 0.5em 0.9em; width: fit-content; min-width: 14em;\n"
	"  border: 1px solid var(--rule, #d0d4d9); border-radius: 4px; font-size: 0.92em;\n"
	"  break-inside: avoid; page-break-inside: avoid; }\n"
	".legend-box h2 { margin: 0 0 0.3em; padding: 0; border: 0; font-size: 1em;\n"
	"  text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted, #5c6166); }\n"
	".legend-box table { display: table; margin: 0; border: 0; font-size: 1em; width: 100%; }\n"
	".legend-box td { border: 0; padding: 0.12em 0.5em 0.12em 0; background: none; }\n"
	".legend-box tr { background: none !important; }\n"
	".legend-box .legend-marker { width: 1.8em; text-align: center; padding-left: 0.5em;\n"
	"  border-left: 4px solid var(--rule, #d0d4d9); }\n"
	".legend-box .legend-count { text-align: right; color: var(--muted, #5c6166);\n"
	"  font-variant-numeric: tabular-nums; }\n"
	"section.legend-index { margin-top: 3em; padding-top: 1em;\n"
	"  border-top: 1px solid var(--rule, #d0d4d9); }\n"
	"section.legend-index h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }\n"
	"section.legend-index ul { list-style: none; padding-left: 0.9em;\n"
	"  border-left: 3px solid var(--rule, #d0d4d9); }\n"
	"section.legend-index li { margin: 0.2em 0; }\n";

void html_legend_style(html_writer *w)
{
	const pcvc_legend *L = w->legend ? &w->legend->base : NULL;
	size_t i;

	if (!L)
		return;
	html_puts(w, "<style>\n");
	html_puts(w, html_legend_css);
	for (i = 0; i < L->nentries; i++) {
		const pcvc_lentry *e = &L->entries[i];

		if (!e->colour || !pcvc_legend_slug_ok(e->slug))
			continue;
		html_puts(w, ".tag-");
		html_puts(w, e->slug);
		html_puts(w, ", .legend-box .legend-");
		html_puts(w, e->slug);
		html_puts(w, " .legend-marker, section.legend-index ul.legend-");
		html_puts(w, e->slug);
		html_puts(w, " { border-left-color: ");
		html_puts(w, e->colour);
		html_puts(w, "; }\n");
	}
	html_puts(w, "</style>\n");
}

void html_legend_box(html_writer *w)
{
	const pcvc_legend *L = w->legend ? &w->legend->base : NULL;
	size_t i;

	if (!L || !pcv_option_bool(w->ctx, "html.legend"))
		return;
	html_cr(w);
	html_puts(w, "<aside class=\"legend-box\" aria-label=\"Legend\">\n<h2>Legend</h2>\n"
	             "<table>\n<tbody>\n");
	for (i = 0; i < L->nentries; i++) {
		const pcvc_lentry *e = &L->entries[i];

		html_puts(w, "<tr");
		if (pcvc_legend_slug_ok(e->slug)) {
			html_puts(w, " class=\"legend-");
			html_puts(w, e->slug);
			html_puts(w, "\"");
		}
		html_puts(w, "><td class=\"legend-marker\">");
		html_escape_str(w, e->emoji);
		html_puts(w, "</td><td class=\"legend-meaning\">");
		html_escape_str(w, e->meaning);
		html_puts(w, "</td><td class=\"legend-count\">");
		html_escape_str(w, e->count ? e->count : "");
		html_puts(w, "</td></tr>\n");
	}
	html_puts(w, "</tbody>\n</table>\n</aside>\n");
}

void html_legend_index(html_writer *w)
{
	const pcvc_legend *L = w->legend ? &w->legend->base : NULL;
	const int *o;
	size_t i;

	if (!L || !L->nitems)
		return;
	html_cr(w);
	html_puts(w, "<section class=\"legend-index\" id=\"legend-index\">\n<h2>Index</h2>\n");
	for (o = L->order; *o >= 0; o++) {
		const pcvc_lentry *e = &L->entries[*o];
		int any = 0;

		for (i = 0; i < L->nitems; i++) {
			const pcvc_litem *x = &L->items[i];

			if (x->entry != *o)
				continue;
			if (!any) {
				html_puts(w, "<h3>");
				html_escape_str(w, e->emoji);
				html_puts(w, " ");
				html_escape_str(w, e->meaning);
				html_puts(w, "</h3>\n<ul");
				if (pcvc_legend_slug_ok(e->slug)) {
					html_puts(w, " class=\"legend-");
					html_puts(w, e->slug);
					html_puts(w, "\"");
				}
				html_puts(w, ">\n");
				any = 1;
			}
			html_puts(w, "<li><a href=\"#");
			html_escape_href(w, x->id, strlen(x->id));
			html_puts(w, "\">");
			html_escape_str(w, *x->text ? x->text : e->meaning);
			html_puts(w, "</a></li>\n");
		}
		if (any)
			html_puts(w, "</ul>\n");
	}
	html_puts(w, "</section>\n");
}

void html_legend_free(html_writer *w)
{
	struct html_legend *L = w->legend;

	if (!L)
		return;
	pcvc_legend_free(&L->base);
	free(L->byaddr);
	free(L);
	w->legend = NULL;
}
