/*
 * legend.h -- what the html, epub and pdf writers share of the emoji
 * legend: the legend used, read from the document's metadata, the order of
 * the index, the tags of a block, and the excerpt an index shows.
 *
 * The emoji-legend filter leaves the legend actually used in the metadata
 * "legend-used" (a list of maps: emoji, meaning, slug, count, colour) and a
 * "tag" (and "tags") attribute on the blocks its markers mark.  Nothing
 * here writes anything: each writer draws the box, the colours and the
 * index its own way.
 *
 * Part of libpcvcommon, a convenience library linked into each writer
 * module; its names are hidden inside each module.
 */
#ifndef PCV_COMMON_LEGEND_H
#define PCV_COMMON_LEGEND_H

#include <stddef.h>

#include "paissconv.h"

/* One marker of the legend used.  The strings are the metadata's own. */
typedef struct pcvc_lentry {
	const char *emoji, *meaning, *slug; /* never NULL nor empty */
	const char *count;                  /* digits only, or NULL */
	const char *colour;                 /* "#rgb" or "#rrggbb", or NULL */
} pcvc_lentry;

/* A block the index lists under one of the entries (pcvc_legend_collect). */
typedef struct pcvc_litem {
	const pcv_node *node;
	int entry;          /* index in entries[] */
	const char *id;     /* the block's id (arena) */
	const char *text;   /* its excerpt (arena), perhaps "" */
} pcvc_litem;

typedef struct pcvc_legend {
	pcvc_lentry *entries;   /* in the legend's order */
	size_t nentries;
	int *order;             /* the entries the index lists, in its order, -1 ended */
	pcvc_litem *items;      /* pcvc_legend_collect: in document order */
	size_t nitems, capitems;
} pcvc_legend;

/* Reads the document's "legend-used": the entries with an emoji, a meaning
 * and a slug (a count that is not all digits and a colour that is not
 * "#rgb" or "#rrggbb" are left out), and the order of the index from the
 * string option tags_option ("all": every entry in legend order; else
 * slugs separated by spaces or commas, each once).  Returns 0, with *L
 * empty, when the document has no such entry. */
int pcvc_legend_read(pcvc_legend *L, pcv_ctx *ctx, pcv_doc *doc, const char *tags_option);
void pcvc_legend_free(pcvc_legend *L);

/* The entry whose slug is slug[0..len), or -1. */
int pcvc_legend_find(const pcvc_legend *L, const char *slug, size_t len);
/* Whether the index lists entry e. */
int pcvc_legend_indexed(const pcvc_legend *L, int e);
/* Whether a node of this kind can be tagged: a heading, a paragraph, a
 * list item or a block quote. */
int pcvc_legend_taggable(const pcv_node *n);
/* The next of n's tags ("tags", else "tag") that the index lists: its
 * entry, or -1 when none is left.  *pos is NULL before the first call. */
int pcvc_legend_next_indexed(const pcvc_legend *L, const pcv_node *n, const char **pos);

/* Whether a slug may stand as it is in a class name: [a-z0-9_-]+. */
int pcvc_legend_slug_ok(const char *slug);
/* An entry's colour as red, green, blue in 0..1; 0 when it has none. */
int pcvc_legend_rgb(const char *colour, double rgb[3]);

/* The text an index shows for a tagged block: its first paragraph or
 * heading, without the legend's markers, white space made single spaces,
 * cut after about max bytes at a space (never inside a UTF-8 sequence)
 * and ended by an ellipsis.  Looks at a bounded number of nodes.  The
 * string is malloc'd. */
char *pcvc_legend_excerpt(const pcv_node *block, size_t max);

/* How a writer names the blocks its index links to. */
typedef struct pcvc_legend_ids {
	/* The id the block has already, or NULL. */
	const char *(*own)(void *arg, pcv_node *n);
	/* Gives n the id when nothing has it yet: returns the id kept
	 * (arena), or NULL when it is taken. */
	const char *(*claim)(void *arg, pcv_node *n, const char *id);
	void *arg;
} pcvc_legend_ids;

/* Collects into L->items, in document order, every taggable block under
 * root (not inside footnote definitions, tables, code or math) with one
 * item per tag the index lists; a block gets its own id or else a new
 * "tag-SLUG-N" (its first listed tag's slug), and an excerpt of about
 * excerpt bytes. */
void pcvc_legend_collect(pcvc_legend *L, pcv_doc *doc, pcv_node *root, size_t excerpt,
                         const pcvc_legend_ids *ids);

#endif
