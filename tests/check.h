/* check.h -- a tiny assertion kit for the C unit tests (TAP-like output). */
#ifndef PCV_CHECK_H
#define PCV_CHECK_H

#include <stdio.h>

static int check_failures, check_count;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		check_count++;                                                             \
		if (!(cond)) {                                                             \
			check_failures++;                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                                    \
	do {                                                                               \
		const char *a_ = (a), *b_ = (b);                                           \
		check_count++;                                                             \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                   \
			check_failures++;                                                  \
			fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__,        \
			        a_ ? a_ : "(null)", b_ ? b_ : "(null)");                   \
		}                                                                          \
	} while (0)

#ifdef CHECK_MESSAGES
#include <string.h>

/* The diagnostics of a context, one a line, gathered by check_on_message
 * (given to pcv_ctx_set_message_fn); check_messages[0] = '\0' empties them.
 * A test that wants them defines CHECK_MESSAGES to the buffer's size and
 * includes paissconv.h first. */
static char check_messages[CHECK_MESSAGES];

static void check_on_message(pcv_severity sev, const char *line, void *data)
{
	size_t n = strlen(check_messages);

	(void)sev;
	(void)data;
	snprintf(check_messages + n, sizeof check_messages - n, "%s\n", line);
}
#endif

static int check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
