/*
 * flashcards.c -- a sample writer: the notes' questions (❓) and key ideas
 * (⭐) as a tab-separated file that Anki imports (File > Import, fields
 * separated by tabs).
 *
 * A question becomes a card whose back is the text that follows it, up to
 * the next heading or marked block.  A key idea becomes a card whose front
 * names the section it stands in and whose back is the idea.  Blocks are
 * found by the tags the emoji-legend filter sets (tag=question,
 * tag=key-idea) or, without the filter, by the marker they begin with.
 */
#include <string.h>

#include <paissconv.h>

/* Whether the block is marked kind ("question" or "key-idea"). */
static int marked(pcv_node *block, const char *kind)
{
	const char *tag = pcv_node_get_attr(block, "tag");
	if (tag)
		return strcmp(tag, kind) == 0;
	const char *marker = strcmp(kind, "question") == 0 ? "\u2753" : "\u2b50";
	const char *text = pcv_node_text(block);
	while (*text == ' ')
		text++;
	return strncmp(text, marker, strlen(marker)) == 0;
}

/* Writes text as one TSV field: tabs and newlines become spaces. */
static void field(pcv_out *out, const char *text, size_t max)
{
	size_t n = 0;
	for (const char *p = text; *p && n < max; p++, n++)
		pcv_out_putc(out, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static int is_marked(pcv_node *n)
{
	return marked(n, "question") || marked(n, "key-idea");
}

static int write_cards(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	(void)data;
	long max = pcv_option_int(ctx, "flashcards.max-length");
	const char *section = "Notes";
	for (pcv_node *b = pcv_node_first_child(pcv_doc_root(doc)); b; b = pcv_node_next(b)) {
		int type = pcv_node_type(b);
		if (type == PCV_NODE_HEADING && !is_marked(b)) {
			section = pcv_node_text(b);
			continue;
		}
		/* Items of a list are blocks of their own. */
		pcv_node *first = type == PCV_NODE_LIST ? pcv_node_first_child(b) : b;
		for (pcv_node *n = first; n; n = type == PCV_NODE_LIST ? pcv_node_next(n) : NULL) {
			if (marked(n, "question")) {
				field(out, pcv_node_text(n), (size_t)max);
				pcv_out_putc(out, '\t');
				pcv_node *next = type == PCV_NODE_LIST ? NULL : pcv_node_next(n);
				int any = 0;
				for (; next && pcv_node_type(next) != PCV_NODE_HEADING && !is_marked(next);
				     next = pcv_node_next(next), any = 1) {
					if (any)
						pcv_out_putc(out, ' ');
					field(out, pcv_node_text(next), (size_t)max);
				}
				if (!any)
					pcv_out_puts(out, "(no answer in the notes)");
				pcv_out_puts(out, "\tquestion\n");
			} else if (marked(n, "key-idea")) {
				pcv_out_puts(out, "Key idea: ");
				field(out, section, (size_t)max);
				pcv_out_putc(out, '\t');
				field(out, pcv_node_text(n), (size_t)max);
				pcv_out_puts(out, "\tkey-idea\n");
			}
		}
	}
	return 0;
}

static const pcv_option options[] = {
	{"max-length", PCV_OPT_INT, "2000", "longest text of a field, in bytes"},
	{NULL, 0, NULL, NULL},
};

static const pcv_writer writer = {
	.size = sizeof(pcv_writer),
	.name = "flashcards",
	.extensions = "cards.tsv",
	.summary = "questions and key ideas as Anki flash cards (TSV)",
	.options = options,
	.write = write_cards,
};

static int init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &writer) ? 0 : -1;
}

PCV_PLUGIN("flashcards", "1.0", "Anki flash cards from marked notes", init);
