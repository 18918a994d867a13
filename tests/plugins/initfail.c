/* initfail.c -- registers a writer, then fails: nothing may stay. */
#include "paissconv.h"

static int never(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	return 0;
}

static const pcv_writer writer = {
	sizeof(pcv_writer), "initfail", "initfail", "must not stay", NULL, never, NULL, 0,
};

static int init(pcv_registry *reg)
{
	pcv_register_writer(reg, &writer);
	pcv_report(pcv_registry_ctx(reg), PCV_WARNING, NULL, 0, 0, "initfail: giving up on purpose");
	return -1;
}

PCV_PLUGIN("initfail", "1.0", "A plugin whose init fails", init);
