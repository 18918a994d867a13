/* nosym.c -- a shared object without the descriptor symbol. */
#include "paissconv.h"

PCV_EXPORT int nosym_something(void);

int nosym_something(void)
{
	return 42;
}
