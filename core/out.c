/* out.c -- the byte sink writers write to: a file the core owns, or memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A file output gathers up to this much before one fwrite: writers hand
 * over a few bytes at a time, and each fwrite locks the stream. */
#define OUT_PENDING 65536

static void out_fwrite(pcv_out *out, const void *data, size_t len)
{
	if (!out->failed && len && fwrite(data, 1, len, out->fp) != len) {
		out->failed = 1;
		out->err = errno ? errno : EIO;
	}
}

void pcv_out_write(pcv_out *out, const void *data, size_t len)
{
	if (!out || out->failed || !len)
		return;
	if (out->fp && len > OUT_PENDING - out->mem.len) {
		out_fwrite(out, out->mem.data, out->mem.len);
		out->mem.len = 0;
		if (len >= OUT_PENDING) {
			out_fwrite(out, data, len);
			return;
		}
	}
	pcv_buf_add(&out->mem, data, len);
}

void pcv_out_flush(pcv_out *out)
{
	if (out->fp)
		out_fwrite(out, out->mem.data, out->mem.len);
	pcv_buf_free(&out->mem);
}

void pcv_out_puts(pcv_out *out, const char *s)
{
	pcv_out_write(out, s, strlen(s));
}

void pcv_out_putc(pcv_out *out, int c)
{
	char ch = (char)c;
	pcv_out_write(out, &ch, 1);
}

void pcv_out_printf(pcv_out *out, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		pcv_out_write(out, small, (size_t)n);
		return;
	}
	char *big = pcv_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pcv_out_write(out, big, (size_t)n);
	free(big);
}

int pcv_out_failed(const pcv_out *out)
{
	return out ? out->failed : 1;
}

pcv_out *pcv_out_new_memory(void)
{
	return pcv_xcalloc(1, sizeof(pcv_out));
}

const char *pcv_out_memory(const pcv_out *out, size_t *len)
{
	if (len)
		*len = out ? out->mem.len : 0;
	return out && out->mem.data ? out->mem.data : "";
}

void pcv_out_free(pcv_out *out)
{
	if (!out)
		return;
	pcv_buf_free(&out->mem);
	free(out);
}
