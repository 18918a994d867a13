/* option.c -- plugin options: declared by capabilities, set with -O. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int parse_int(const char *v, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end)
		return -1;
	*out = n;
	return 0;
}

int pcv_option_check(const pcv_option *opt, const char *value)
{
	long n;
	int b;
	switch (opt->type) {
	case PCV_OPT_INT:
		return parse_int(value, &n);
	case PCV_OPT_BOOL:
		return parse_bool(value, &b);
	default:
		return 0;
	}
}

/* Splits "cap.name" at its first dot; returns the capability part's length
 * or 0 when there is no dot. */
static size_t split_key(const char *key)
{
	const char *dot = strchr(key, '.');
	return dot && dot != key && dot[1] ? (size_t)(dot - key) : 0;
}

/* The option `key` ("cap.name") of the capabilities named cap (a reader and
 * a writer may share a name).  Only setting an option may load plugins:
 * reading one looks among those loaded, which include the one asking. */
static const pcv_option *lookup(pcv_ctx *ctx, const char *key, int *cap_found, int load)
{
	size_t n = split_key(key);
	*cap_found = 0;
	if (!n)
		return NULL;
	char *cap = pcv_xmalloc(n + 1);
	memcpy(cap, key, n);
	cap[n] = '\0';
	const pcv_option *opt = NULL;
	for (int pass = 0; pass < (load ? 2 : 1) && !*cap_found; pass++) {
		for (pcv_cap_kind k = CAP_READER; k <= CAP_WRITER && !opt; k++) {
			pcv_cap *c = pass ? pcv_find_cap(ctx, k, cap) : pcv_lookup_cap(ctx, k, cap);
			if (c) {
				*cap_found = 1;
				opt = pcv_cap_option(c, key + n + 1);
			}
		}
	}
	free(cap);
	return opt;
}

static pcv_optval *find_value(pcv_ctx *ctx, const char *key)
{
	for (pcv_optval *v = ctx->options; v; v = v->next)
		if (strcmp(v->key, key) == 0)
			return v;
	return NULL;
}

/* Lists the options of every capability called cap into b. */
static void known_options(pcv_ctx *ctx, const char *cap, size_t caplen, pcv_buf *b)
{
	for (pcv_cap *c = ctx->caps; c; c = c->next) {
		if (strlen(c->name) != caplen || strncmp(c->name, cap, caplen) != 0 || !c->options)
			continue;
		for (const pcv_option *o = c->options; o->name; o++) {
			pcv_buf_adds(b, b->len ? ", " : "");
			pcv_buf_adds(b, o->name);
		}
	}
}

int pcv_set_option(pcv_ctx *ctx, const char *key, const char *value)
{
	if (!ctx || !key || !value)
		return -1;
	int cap_found;
	const pcv_option *opt = lookup(ctx, key, &cap_found, 1);
	if (!opt) {
		size_t n = split_key(key);
		if (!n) {
			pcv_report(ctx, PCV_ERROR, NULL, 0, 0,
			           "option '%s' must be written PLUGIN.KEY=VALUE", key);
		} else if (!cap_found) {
			pcv_report(ctx, PCV_ERROR, NULL, 0, 0,
			           "option '%s': no plugin offers '%.*s' (see --list-plugins)", key,
			           (int)n, key);
		} else {
			pcv_buf b = {0};
			known_options(ctx, key, n, &b);
			pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "unknown option '%s'; %.*s has %s", key,
			           (int)n, key, b.len ? b.data : "no options");
			pcv_buf_free(&b);
		}
		return -1;
	}
	if (pcv_option_check(opt, value) != 0) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "option '%s': '%s' is not %s", key, value,
		           opt->type == PCV_OPT_INT ? "a whole number" : "true or false");
		return -1;
	}
	pcv_optval *v = find_value(ctx, key);
	if (!v) {
		v = pcv_xcalloc(1, sizeof *v);
		v->key = pcv_xstrdup(key);
		v->next = ctx->options;
		ctx->options = v;
	}
	free(v->value);
	v->value = pcv_xstrdup(value);
	return 0;
}

const char *pcv_option_string(pcv_ctx *ctx, const char *key)
{
	if (!ctx || !key)
		return NULL;
	pcv_optval *v = find_value(ctx, key);
	if (v)
		return v->value;
	int cap_found;
	const pcv_option *opt = lookup(ctx, key, &cap_found, 0);
	return opt ? opt->default_value : NULL;
}

long pcv_option_int(pcv_ctx *ctx, const char *key)
{
	const char *s = pcv_option_string(ctx, key);
	long n;
	return s && parse_int(s, &n) == 0 ? n : 0;
}

int pcv_option_bool(pcv_ctx *ctx, const char *key)
{
	const char *s = pcv_option_string(ctx, key);
	int b;
	return s && parse_bool(s, &b) == 0 ? b : 0;
}

int pcv_option_is_set(pcv_ctx *ctx, const char *key)
{
	return ctx && key && find_value(ctx, key) != NULL;
}
