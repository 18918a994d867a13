/*
 * fuzz-common.h -- what every libFuzzer harness shares: one context for the
 * whole run, plugins found through the real loader in the build tree,
 * messages swallowed (bad input is expected; only crashes, leaks and hangs
 * are findings).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

#ifndef FUZZ_PLUGIN_PATH
#error "FUZZ_PLUGIN_PATH must name the build's plugin folders"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pcv_ctx *fuzz_ctx;

static void fuzz_quiet(pcv_severity sev, const char *line, void *data)
{
	(void)sev;
	(void)line;
	(void)data;
}

/* A new context whose plugins come from the build tree, unless
 * PAISSCONV_PLUGIN_PATH says otherwise. */
static pcv_ctx *fuzz_setup(void)
{
	setenv("PAISSCONV_PLUGIN_PATH", FUZZ_PLUGIN_PATH, 0);
	fuzz_ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(fuzz_ctx, fuzz_quiet, NULL);
	return fuzz_ctx;
}

/* Aborts with a message: a harness that cannot find its plugins tests
 * nothing. */
static const void *fuzz_need(const void *cap, const char *kind, const char *name)
{
	if (!cap) {
		fprintf(stderr, "fuzz: no %s '%s' in %s\n", kind, name, pcv_plugin_path(fuzz_ctx));
		abort();
	}
	return cap;
}

/* Walks the whole tree and checks the iterator's promises: ENTER and EXIT
 * pair up, the walk ends at the root, every node's parent is the one the
 * walk came from. */
static void fuzz_walk(pcv_doc *doc)
{
	pcv_iter it;
	size_t depth = 0;
	pcv_node *root = pcv_doc_root(doc);

	pcv_iter_init(&it, root);
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event == PCV_EVENT_ENTER) {
			if (it.node != root && !pcv_node_parent(it.node))
				abort();
			/* Touch what writers read. */
			(void)pcv_node_literal_len(it.node);
			(void)pcv_node_attr_count(it.node);
			(void)pcv_node_line(it.node);
			depth++;
		} else if (it.event == PCV_EVENT_EXIT) {
			if (depth == 0)
				abort();
			depth--;
		}
	}
	if (depth != 0)
		abort();
}

#endif
