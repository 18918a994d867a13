/* undef.c -- a writer that calls a function no library defines.  Built
 * twice, plainly (opened RTLD_NOW) and with -z now (opened RTLD_LAZY): both
 * must be refused at load, never stop in the middle of a conversion. */
#include "paissconv.h"

#ifndef UNDEF_NAME
#define UNDEF_NAME "undef"
#endif

void pcv_test_defined_nowhere(void);

static int write_it(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	pcv_test_defined_nowhere();
	return 0;
}

static const pcv_writer writer = {
	sizeof(pcv_writer), UNDEF_NAME, UNDEF_NAME, "must not load", NULL, write_it, NULL, 0,
};

static int init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &writer) ? 0 : -1;
}

PCV_PLUGIN(UNDEF_NAME, "1.0", "A plugin with a symbol no library defines", init);
