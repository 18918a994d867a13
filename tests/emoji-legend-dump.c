/*
 * emoji-legend-dump -- reads Markdown through the real plugins, runs the
 * emoji-legend filter and prints what it left: the "legend-used" metadata,
 * every emoji node and every node with attributes.  For golden tests that
 * pin the filter's work and nothing else.
 *
 *   emoji-legend-dump FILE [cap.key=value ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

static void print_value(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\n' ? ' ' : *s);
}

/* The first bytes of the text, cut at a character boundary. */
static void print_preview(const char *s)
{
	size_t n = strlen(s), max = 40;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	fputs(" | ", stdout);
	for (size_t i = 0; i < n; i++)
		putchar(s[i] == '\n' ? ' ' : s[i]);
	fputs(strlen(s) > n ? "..." : "", stdout);
}

int main(int argc, char **argv)
{
	pcv_ctx *ctx;
	const pcv_reader *reader;
	const pcv_filter *filter;
	pcv_doc *doc;
	pcv_iter it;
	pcv_event ev;
	pcv_meta *used;

	if (argc < 2) {
		fprintf(stderr, "usage: emoji-legend-dump FILE [cap.key=value ...]\n");
		return 2;
	}
	ctx = pcv_ctx_new();
	reader = pcv_find_reader(ctx, "markdown");
	filter = pcv_find_filter(ctx, "emoji-legend");
	if (!reader || !filter) {
		fprintf(stderr, "emoji-legend-dump: markdown reader or emoji-legend filter not found\n");
		return 99;
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return 2;
		*eq = '\0';
		if (pcv_set_option(ctx, argv[i], eq + 1) != 0)
			return 2;
	}
	doc = pcv_read_files(ctx, reader, (const char *const *)&argv[1], 1);
	if (!doc || pcv_run_filter(ctx, filter, doc) != 0)
		return 1;

	used = pcv_meta_get(pcv_doc_meta(doc), "legend-used");
	for (size_t i = 0; i < pcv_meta_count(used); i++) {
		pcv_meta *e = pcv_meta_at(used, i, NULL);
		const char *key;
		printf("legend-used:");
		for (size_t k = 0; k < pcv_meta_count(e); k++) {
			pcv_meta *v = pcv_meta_at(e, k, &key);
			printf(" %s=", key);
			print_value(pcv_meta_string(v));
		}
		putchar('\n');
	}
	pcv_iter_init(&it, pcv_doc_root(doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		const char *key, *value;
		if (ev != PCV_EVENT_ENTER)
			continue;
		if (pcv_node_attr_count(n) == 0 && pcv_node_type(n) != PCV_NODE_EMOJI)
			continue;
		printf("%u:%u %s", pcv_node_line(n), pcv_node_column(n), pcv_node_type_name(pcv_node_type(n)));
		if (pcv_node_type(n) == PCV_NODE_EMOJI)
			printf(" %s", pcv_node_literal(n));
		for (size_t k = 0; pcv_node_attr_at(n, k, &key, &value); k++) {
			printf(" %s=", key);
			print_value(value);
		}
		if (pcv_node_type(n) != PCV_NODE_EMOJI)
			print_preview(pcv_node_text(n));
		putchar('\n');
	}
	pcv_doc_free(doc);
	{
		int worst = pcv_ctx_worst(ctx);
		pcv_ctx_free(ctx);
		return worst >= PCV_ERROR;
	}
}
