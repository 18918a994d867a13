/*
 * strip-private.c -- a sample filter: drops what is marked private, so a
 * handout can be shared.  A block beginning with 🔒, or tagged "private",
 * is removed; a heading so marked removes its whole section (up to the
 * next heading of the same or a higher level); a list left empty goes too.
 */
#include <string.h>

#include <paissconv.h>

static int is_private(pcv_node *n)
{
	const char *tag = pcv_node_get_attr(n, "tag");
	if (tag && strcmp(tag, "private") == 0)
		return 1;
	/* The first piece of text inside the block. */
	pcv_iter it;
	pcv_iter_init(&it, n);
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		int type = pcv_node_type(it.node);
		if (it.event != PCV_EVENT_ENTER || (type != PCV_NODE_TEXT && type != PCV_NODE_EMOJI))
			continue;
		const char *text = pcv_node_literal(it.node);
		while (text && *text == ' ')
			text++;
		return text && strncmp(text, "\U0001F512", 4) == 0;
	}
	return 0;
}

/* The blocks judged by the text they begin with. */
static int judged(int type)
{
	return type == PCV_NODE_PARAGRAPH || type == PCV_NODE_ITEM ||
	       type == PCV_NODE_BLOCK_QUOTE || type == PCV_NODE_TABLE ||
	       type == PCV_NODE_CODE_BLOCK || type == PCV_NODE_DISPLAY_MATH;
}

static int strip(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	(void)data;
	/* Sections: walk the top level, dropping from a private heading to the
	 * next heading of the same or a higher level. */
	int dropping = 0; /* level of the private heading, or 0 */
	long removed = 0;
	for (pcv_node *b = pcv_node_first_child(pcv_doc_root(doc)), *next; b; b = next) {
		next = pcv_node_next(b);
		if (pcv_node_type(b) == PCV_NODE_HEADING) {
			int level = pcv_node_heading_level(b);
			if (dropping && level <= dropping)
				dropping = 0;
			if (!dropping && is_private(b))
				dropping = level;
		}
		if (dropping) {
			pcv_node_unlink(b);
			removed++;
		}
	}
	/* Blocks anywhere: collected during the walk, removed after it. */
	pcv_node **doomed = NULL;
	size_t n = 0, cap = 0;
	pcv_iter it;
	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event != PCV_EVENT_ENTER || !judged(pcv_node_type(it.node)))
			continue;
		if (is_private(it.node)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				pcv_node **grown = pcv_doc_alloc(doc, cap * sizeof *grown);
				if (n)
					memcpy(grown, doomed, n * sizeof *grown);
				doomed = grown;
			}
			doomed[n++] = it.node;
			pcv_iter_skip_children(&it);
		}
	}
	for (size_t i = 0; i < n; i++) {
		pcv_node *parent = pcv_node_parent(doomed[i]);
		pcv_node_unlink(doomed[i]);
		if (pcv_node_type(parent) == PCV_NODE_LIST && !pcv_node_first_child(parent))
			pcv_node_unlink(parent);
		removed++;
	}
	if (removed)
		pcv_report(ctx, PCV_INFO, NULL, 0, 0, "strip-private: removed %ld private blocks",
		           removed);
	return 0;
}

static const pcv_filter filter = {
	.size = sizeof(pcv_filter),
	.name = "strip-private",
	.summary = "drop blocks marked \U0001F512 or tagged private",
	.run = strip,
};

static int init(pcv_registry *reg)
{
	return pcv_register_filter(reg, &filter) ? 0 : -1;
}

PCV_PLUGIN("strip-private", "1.0", "Drop what is marked private", init);
