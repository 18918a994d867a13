/* diag.c -- the one reporting function; the worst severity sets the exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const level_names[] = {"debug", "info", "warning", "error"};

void pcv_vreport(pcv_ctx *ctx, pcv_severity sev, const char *file, unsigned line,
                 unsigned column, const char *fmt, va_list ap)
{
	if (sev < PCV_DEBUG || sev > PCV_ERROR)
		sev = PCV_ERROR;
	if (ctx && (int)sev > ctx->worst)
		ctx->worst = sev;
	if (ctx && sev < ctx->least_shown && !ctx->message_fn)
		return;

	pcv_buf b = {0};
	pcv_buf_adds(&b, "paissconv: ");
	if (file && *file) {
		char pos[48] = "";
		if (line && column)
			snprintf(pos, sizeof pos, ":%u:%u", line, column);
		else if (line)
			snprintf(pos, sizeof pos, ":%u", line);
		pcv_buf_adds(&b, file);
		pcv_buf_adds(&b, pos);
		pcv_buf_adds(&b, ": ");
	}
	pcv_buf_adds(&b, level_names[sev]);
	pcv_buf_adds(&b, ": ");
	char small[512];
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(small, sizeof small, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	size_t start = b.len;
	if ((size_t)n < sizeof small) {
		pcv_buf_add(&b, small, (size_t)n);
	} else {
		char *big = pcv_xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		pcv_buf_add(&b, big, (size_t)n);
		free(big);
	}
	/* One message, one line: control characters from the input are shown
	 * as spaces. */
	for (size_t i = start; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			b.data[i] = ' ';

	if (ctx && ctx->message_fn) {
		if (sev >= ctx->least_shown)
			ctx->message_fn(sev, b.data, ctx->message_data);
	} else {
		pcv_buf_add(&b, "\n", 1);
		fwrite(b.data, 1, b.len, stderr);
	}
	pcv_buf_free(&b);
}

void pcv_report(pcv_ctx *ctx, pcv_severity sev, const char *file, unsigned line, unsigned column,
                const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pcv_vreport(ctx, sev, file, line, column, fmt, ap);
	va_end(ap);
}

void pcv_report_at(pcv_ctx *ctx, pcv_severity sev, const pcv_doc *doc, unsigned line,
                   unsigned column, const char *fmt, ...)
{
	unsigned file_line = line;
	const char *file = pcv_doc_source_at(doc, line, &file_line);
	va_list ap;
	va_start(ap, fmt);
	pcv_vreport(ctx, sev, file, line ? file_line : 0, column, fmt, ap);
	va_end(ap);
}

void pcv_report_node(pcv_ctx *ctx, pcv_severity sev, const pcv_node *node, const char *fmt, ...)
{
	/* A node without a position borrows its nearest ancestor's. */
	const pcv_node *p = node;
	while (p && !p->line)
		p = p->parent;
	unsigned line = p ? p->line : 0, column = p ? p->column : 0;
	unsigned file_line = line;
	const char *file = node ? pcv_doc_source_at(pcv_node_doc(node), line, &file_line) : NULL;
	va_list ap;
	va_start(ap, fmt);
	pcv_vreport(ctx, sev, file, line ? file_line : 0, column, fmt, ap);
	va_end(ap);
}

int pcv_ctx_worst(const pcv_ctx *ctx)
{
	return ctx ? ctx->worst : -1;
}

void pcv_ctx_set_verbosity(pcv_ctx *ctx, pcv_severity least_shown)
{
	if (ctx)
		ctx->least_shown = least_shown;
}

void pcv_ctx_set_message_fn(pcv_ctx *ctx, pcv_message_fn fn, void *data)
{
	if (ctx) {
		ctx->message_fn = fn;
		ctx->message_data = data;
	}
}
