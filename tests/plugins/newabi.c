/* newabi.c -- a plugin built for a newer ABI major: must be refused. */
#include "paissconv.h"

static int init(pcv_registry *reg)
{
	return 0;
}

PCV_EXPORT const pcv_plugin_info paissconv_plugin = {
	PCV_ABI_MAJOR + 1, 0, "newabi", "1.0", "from the future", init,
};
