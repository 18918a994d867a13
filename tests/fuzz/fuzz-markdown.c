/*
 * fuzz-markdown.c -- the Markdown reader on arbitrary bytes, then a walk of
 * the tree it built.
 */
#include "fuzz-common.h"

static const pcv_reader *reader;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	reader = fuzz_need(pcv_find_reader(fuzz_ctx, "markdown"), "reader", "markdown");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pcv_doc *doc = pcv_read_memory(fuzz_ctx, reader, "fuzz.md", (const char *)data, size);

	if (doc) {
		fuzz_walk(doc);
		(void)pcv_node_text(pcv_doc_root(doc));
		pcv_doc_free(doc);
	}
	return 0;
}
