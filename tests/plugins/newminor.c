/* newminor.c -- a plugin needing a newer ABI minor: must be refused. */
#include "paissconv.h"

static int init(pcv_registry *reg)
{
	return 0;
}

PCV_EXPORT const pcv_plugin_info paissconv_plugin = {
	PCV_ABI_MAJOR, PCV_ABI_MINOR + 1, "newminor", "1.0", "needs more", init,
};
