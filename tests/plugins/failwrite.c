/* failwrite.c -- a writer that writes half its output, then fails: the
 * target must stay untouched. */
#include "paissconv.h"

static int half(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	pcv_out_puts(out, "half an output\n");
	pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "failwrite: failing on purpose");
	return -1;
}

static const pcv_writer writer = {
	sizeof(pcv_writer), "failwrite", "failwrite", "fails halfway", NULL, half, NULL, 0,
};

static int init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &writer) ? 0 : -1;
}

PCV_PLUGIN("failwrite", "1.0", "A writer that fails halfway", init);
