/*
 * media.c -- images embedded in the book.
 *
 * An image is embedded when its file lies under the notes' folder or a
 * --resource-path folder (pcv_doc_find_resource: neither "../" nor a
 * symbolic link can reach outside them) and its content is PNG, JPEG, GIF
 * or SVG, whatever its name says.  Remote images, missing files, paths
 * that escape the folder and other formats are reported as warnings; the
 * caller then writes the image's alt text.  Each file is embedded once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "epub.h"

epub_item *epub_add_item(epub_writer *w, const char *id, const char *href, const char *type,
                         char *data, size_t len)
{
	epub_item *it;

	if (w->nitems == w->capitems) {
		w->capitems = w->capitems ? w->capitems * 2 : 16;
		w->items = epub_xrealloc(w->items, w->capitems * sizeof *w->items);
	}
	it = &w->items[w->nitems++];
	memset(it, 0, sizeof *it);
	it->id = epub_xstrdup(id);
	it->href = epub_xstrdup(href);
	it->type = type;
	it->data = data;
	it->len = len;
	return it;
}

const char *epub_sniff(const char *data, size_t len, const char **ext)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t i = 0, lim;

	if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) {
		*ext = "png";
		return "image/png";
	}
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
		*ext = "jpg";
		return "image/jpeg";
	}
	if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
		*ext = "gif";
		return "image/gif";
	}
	if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) {
		*ext = "webp";
		return "image/webp";
	}
	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
		i++;
	lim = len < 4096 ? len : 4096;
	if (i < len && d[i] == '<') {
		for (; i + 4 <= lim; i++)
			if (!memcmp(d + i, "<svg", 4)) {
				*ext = "svg";
				return "image/svg+xml";
			}
	}
	return NULL;
}

const char *epub_image(epub_writer *w, const pcv_node *at, const char *url)
{
	char *real, *data, href[64], id[32];
	const char *found, *type, *ext;
	size_t i, len;

	switch (pcv_doc_find_resource(w->doc, url, &found)) {
	case PCV_RESOURCE_FOUND:
		break;
	case PCV_RESOURCE_REMOTE:
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                "remote image '%.200s' not embedded: its alt text is written", url);
		return NULL;
	case PCV_RESOURCE_ESCAPES:
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                "image '%.200s' is outside the notes' folder and the resource "
		                "folders: not embedded", url);
		return NULL;
	default:
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                "image '%.200s' not found: its alt text is written", url);
		return NULL;
	}
	real = epub_xstrdup(found);
	for (i = 0; i < w->nitems; i++)
		if (w->items[i].key && strcmp(w->items[i].key, real) == 0) {
			free(real);
			return w->items[i].href;
		}
	data = epub_read_file(real, &len);
	if (!data) {
		pcv_report_node(w->ctx, PCV_WARNING, at, "image '%.200s' cannot be read: %s", url,
		                strerror(errno));
		free(real);
		return NULL;
	}
	type = epub_sniff(data, len, &ext);
	if (!type || !strcmp(ext, "webp")) {
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                type ? "image '%.200s' is WebP, which EPUB 3.2 readers need not show: "
		                       "its alt text is written"
		                     : "image '%.200s' is not PNG, JPEG, GIF or SVG: its alt text is "
		                       "written",
		                url);
		free(data);
		free(real);
		return NULL;
	}
	if (!strcmp(ext, "svg") && (strstr(data, "<script") || strstr(data, "href=\"http") ||
	                            strlen(data) != len)) {
		pcv_report_node(w->ctx, PCV_WARNING, at,
		                "SVG image '%.200s' holds scripts or remote links: not embedded", url);
		free(data);
		free(real);
		return NULL;
	}
	w->nimages++;
	snprintf(id, sizeof id, "img%03d", w->nimages);
	snprintf(href, sizeof href, "img/%s.%s", id, ext);
	epub_add_item(w, id, href, type, data, len)->key = real;
	return w->items[w->nitems - 1].href;
}
