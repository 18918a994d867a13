/*
 * zip.c -- the book's zip, written straight to the output.
 *
 * A small writer of the zip format: for each file a local header, then
 * its data, stored or raw deflate (deflate.c; zlib gives the CRC); at the
 * end the central directory and its end record.  The data of a file is
 * gathered and compressed into memory first, so that its local header,
 * which comes before it, can give its CRC and sizes (no data
 * descriptors, no extra fields); a file that deflate does not make
 * smaller is stored.  Every file has one fixed time, given by
 * the caller, in UTC, so that the same notes give the same bytes.
 *
 * No ZIP64: a file, the archive or the count of files too large for the
 * 32- and 16-bit fields fails the zip (and the caller reports it) rather
 * than writing a broken one.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

#define EPUB_ZIP_MAX 0xFFFFFFFFu

static void epub_zip_u16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8 & 0xff);
}

static void epub_zip_u32(unsigned char *p, unsigned long v)
{
	epub_zip_u16(p, (unsigned)(v & 0xffff));
	epub_zip_u16(p + 2, (unsigned)(v >> 16 & 0xffff));
}

void epub_zip_open(epub_zip *z, pcv_out *out, time_t mtime)
{
	struct tm tm;

	memset(z, 0, sizeof *z);
	z->out = out;
	if (!gmtime_r(&mtime, &tm) || tm.tm_year < 80) {
		/* DOS time starts in 1980 */
		tm.tm_year = 80;
		tm.tm_mon = 0;
		tm.tm_mday = 1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	}
	if (tm.tm_year > 207)
		tm.tm_year = 207;
	z->dos_time = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	z->dos_date = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

void epub_zip_begin(epub_zip *z, const char *name, int deflate)
{
	if (z->failed)
		return;
	if (strlen(name) > 0xffff) {
		z->failed = "a file name is too long";
		return;
	}
	z->name = name;
	z->method = deflate ? 8 : 0;
	z->crc = crc32(0, NULL, 0);
	z->size = 0;
	z->raw.len = 0;
	z->comp.len = 0;
}

void epub_zip_write(epub_zip *z, const void *data, size_t len)
{
	if (z->failed || !len)
		return;
	if (len > EPUB_ZIP_MAX || z->size + len > EPUB_ZIP_MAX) {
		z->failed = "a file is larger than 4 GiB";
		return;
	}
	z->size += len;
	z->crc = crc32_z(z->crc, data, len);
	epub_buf_put(z->method ? &z->raw : &z->comp, data, len);
}

/* The header fields a local header and a central entry share, from
 * "version needed" to the name's length. */
static void epub_zip_common(const epub_zip *z, unsigned char *p, size_t namelen, int utf8)
{
	epub_zip_u16(p, z->method ? 20 : 10);
	/* flags: UTF-8 name; for deflate, the "fast" level */
	epub_zip_u16(p + 2, (utf8 ? 0x0800u : 0) | (z->method ? 0x0004u : 0));
	epub_zip_u16(p + 4, z->method);
	epub_zip_u16(p + 6, z->dos_time);
	epub_zip_u16(p + 8, z->dos_date);
	epub_zip_u32(p + 10, z->crc);
	epub_zip_u32(p + 14, (unsigned long)z->comp.len);
	epub_zip_u32(p + 18, (unsigned long)z->size);
	epub_zip_u16(p + 22, (unsigned)namelen);
}

void epub_zip_end(epub_zip *z)
{
	unsigned char h[46];
	size_t namelen, i;
	int utf8 = 0;

	if (z->failed)
		return;
	if (z->method) {
		if (!z->df)
			z->df = calloc(1, sizeof *z->df);
		if (!z->df) {
			z->failed = "out of memory";
			return;
		}
		epub_deflate(z->df, (const unsigned char *)z->raw.s, z->raw.len, &z->comp);
		if (z->comp.len >= z->raw.len) {
			/* stored: smaller */
			epub_buf t = z->comp;
			z->comp = z->raw;
			z->raw = t;
			z->method = 0;
		}
	}
	namelen = strlen(z->name);
	for (i = 0; i < namelen; i++)
		utf8 |= (unsigned char)z->name[i] >= 0x80;
	if (z->comp.len > EPUB_ZIP_MAX || z->offset + 30 + namelen + z->comp.len > EPUB_ZIP_MAX) {
		z->failed = "the book is larger than 4 GiB";
		return;
	}
	if (z->count == 0xffff) {
		z->failed = "the book has more than 65535 files";
		return;
	}
	/* local header */
	epub_zip_u32(h, 0x04034b50);
	epub_zip_common(z, h + 4, namelen, utf8);
	epub_zip_u16(h + 28, 0);
	pcv_out_write(z->out, h, 30);
	pcv_out_write(z->out, z->name, namelen);
	pcv_out_write(z->out, z->comp.s, z->comp.len);
	/* its central directory entry */
	epub_zip_u32(h, 0x02014b50);
	epub_zip_u16(h + 4, 3 << 8 | 20); /* made by: Unix, 2.0 */
	epub_zip_common(z, h + 6, namelen, utf8);
	memset(h + 30, 0, 8);             /* extra, comment, disk, internal attributes */
	epub_zip_u32(h + 38, 0100644ul << 16);
	epub_zip_u32(h + 42, (unsigned long)z->offset);
	epub_buf_put(&z->cd, h, 46);
	epub_buf_put(&z->cd, z->name, namelen);
	z->offset += 30 + namelen + z->comp.len;
	z->count++;
}

void epub_zip_add(epub_zip *z, const char *name, const void *data, size_t len, int deflate)
{
	epub_zip_begin(z, name, deflate);
	epub_zip_write(z, data, len);
	epub_zip_end(z);
}

int epub_zip_close(epub_zip *z)
{
	unsigned char e[22];

	if (!z->failed && z->offset + z->cd.len > EPUB_ZIP_MAX)
		z->failed = "the book is larger than 4 GiB";
	if (!z->failed) {
		pcv_out_write(z->out, z->cd.s, z->cd.len);
		epub_zip_u32(e, 0x06054b50);
		epub_zip_u16(e + 4, 0);
		epub_zip_u16(e + 6, 0);
		epub_zip_u16(e + 8, z->count);
		epub_zip_u16(e + 10, z->count);
		epub_zip_u32(e + 12, (unsigned long)z->cd.len);
		epub_zip_u32(e + 16, (unsigned long)z->offset);
		epub_zip_u16(e + 20, 0);
		pcv_out_write(z->out, e, 22);
	}
	if (z->df) {
		epub_deflater_free(z->df);
		free(z->df);
		z->df = NULL;
	}
	free(z->raw.s);
	free(z->comp.s);
	free(z->cd.s);
	z->raw.s = z->comp.s = z->cd.s = NULL;
	return z->failed ? -1 : 0;
}
