/*
 * fuzz-math.c -- the math filter on arbitrary TeX: the input becomes the
 * literal of a display formula and of an inline one (in a paragraph), the
 * filter parses both into math subtrees, and the tree is walked.
 */
#include "fuzz-common.h"

static const pcv_filter *math;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	math = fuzz_need(pcv_find_filter(fuzz_ctx, "math"), "filter", "math");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pcv_doc *doc = pcv_doc_new();
	pcv_node *root = pcv_doc_root(doc);
	pcv_node *display = pcv_node_new(doc, PCV_NODE_DISPLAY_MATH);
	pcv_node *para = pcv_node_new(doc, PCV_NODE_PARAGRAPH);
	pcv_node *inl = pcv_node_new(doc, PCV_NODE_INLINE_MATH);

	pcv_doc_add_source(doc, "fuzz.md", 1);
	pcv_node_set_position(display, 1, 1);
	pcv_node_set_position(para, 2, 1);
	pcv_node_set_position(inl, 2, 2);
	pcv_node_set_literal_len(display, (const char *)data, size);
	pcv_node_set_literal_len(inl, (const char *)data, size);
	if (!pcv_node_append_child(root, display) || !pcv_node_append_child(root, para) ||
	    !pcv_node_append_child(para, inl))
		abort();
	pcv_run_filter(fuzz_ctx, math, doc);
	fuzz_walk(doc);
	(void)pcv_node_text(root);
	pcv_doc_free(doc);
	return 0;
}
