/* good.c -- a well-formed test plugin: a writer that counts nodes, and a
 * filter that tags every paragraph. */
#define _GNU_SOURCE
#include <string.h>

#include "paissconv.h"

static int count_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	pcv_iter it;
	long n = 0;
	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE)
		if (it.event == PCV_EVENT_ENTER)
			n++;
	const char *prefix = pcv_option_string(ctx, "good.prefix");
	pcv_out_printf(out, "%s%ld nodes, %ld wide\n", prefix ? prefix : "", n,
	               pcv_option_int(ctx, "good.width"));
	return 0;
}

static int tag_run(pcv_ctx *ctx, pcv_doc *doc, void *data)
{
	pcv_iter it;
	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE)
		if (it.event == PCV_EVENT_ENTER && pcv_node_type(it.node) == PCV_NODE_PARAGRAPH)
			pcv_node_set_attr(it.node, "tag", "good");
	return 0;
}

/* A line reader: each non-empty line a paragraph; "WARN" in a line is
 * reported at its position; a line "FAIL" fails the read. */
static int line_read(pcv_ctx *ctx, pcv_doc *doc, const char *text, size_t len, void *data)
{
	unsigned line = 1;
	for (const char *p = text, *end = text + len; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n == 4 && memcmp(p, "FAIL", 4) == 0) {
			pcv_report_at(ctx, PCV_ERROR, doc, line, 1, "asked to fail");
			return -1;
		}
		const char *w = memmem(p, n, "WARN", 4);
		if (w)
			pcv_report_at(ctx, PCV_WARNING, doc, line, (unsigned)(w - p) + 1, "a warning");
		if (n) {
			pcv_node *para = pcv_node_new(doc, PCV_NODE_PARAGRAPH);
			pcv_node *t = pcv_node_new(doc, PCV_NODE_TEXT);
			pcv_node_set_position(para, line, 1);
			pcv_node_set_literal_len(t, p, n);
			pcv_node_append_child(para, t);
			pcv_node_append_child(pcv_doc_root(doc), para);
		}
		p += n + 1;
	}
	return 0;
}

static const pcv_option options[] = {
	{"prefix", PCV_OPT_STRING, "", "text before the count"},
	{"width", PCV_OPT_INT, "72", "a number"},
	{NULL, 0, NULL, NULL},
};

static const pcv_writer writer = {
	sizeof(pcv_writer), "good", "good", "counts nodes", options, count_write, NULL, 0,
};
static const pcv_reader reader = {
	sizeof(pcv_reader), "good", "good", "one paragraph a line", NULL, line_read, NULL,
};
static const pcv_filter filter = {
	sizeof(pcv_filter), "good-tag", "tags paragraphs", NULL, tag_run, NULL,
};

static int init(pcv_registry *reg)
{
	return pcv_register_reader(reg, &reader) && pcv_register_writer(reg, &writer) &&
	               pcv_register_filter(reg, &filter)
	           ? 0
	           : -1;
}

PCV_PLUGIN("good", "1.0", "A well-formed test plugin", init);
