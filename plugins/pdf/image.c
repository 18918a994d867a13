/*
 * image.c -- pictures for the PDF: PNG, JPEG, GIF and the rest of what
 * gdk-pixbuf reads, SVG through librsvg (kept as vectors).  A missing,
 * unreadable or remote picture becomes NULL-backed and is drawn by the
 * layout as a framed box holding its alt text, with a warning.  Each file
 * is decoded once per document, however often the notes show it.
 *
 * gdk-pixbuf and librsvg (with libxml2, ICU and the C++ library behind
 * it: fourteen libraries) are opened with dlopen() when the first picture
 * of their kind comes, not linked: most documents have none, and loading
 * and relocating them cost every run some milliseconds.  They stay loaded
 * (they register GObject types and cannot be unloaded).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>

#include "pdf.h"

#define IMAGE_MAX_PIXELS 3000 /* longest side kept; bigger pictures are scaled */

/* The functions used from gdk-pixbuf. */
static struct {
	GdkPixbufFormat *(*get_file_info)(const gchar *, gint *, gint *);
	GdkPixbuf *(*new_from_file)(const char *, GError **);
	GdkPixbuf *(*new_from_file_at_scale)(const char *, int, int, gboolean, GError **);
	int (*get_width)(const GdkPixbuf *);
	int (*get_height)(const GdkPixbuf *);
	int (*get_n_channels)(const GdkPixbuf *);
	int (*get_rowstride)(const GdkPixbuf *);
	gboolean (*get_has_alpha)(const GdkPixbuf *);
	const guint8 *(*read_pixels)(const GdkPixbuf *);
} pixbuf;

/* The functions used from librsvg. */
static struct {
	RsvgHandle *(*new_from_file)(const gchar *, GError **);
	gboolean (*get_intrinsic_size_in_pixels)(RsvgHandle *, gdouble *, gdouble *);
	gboolean (*get_geometry_for_layer)(RsvgHandle *, const char *, const RsvgRectangle *,
	                                   RsvgRectangle *, RsvgRectangle *, GError **);
	gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
} rsvg;

/* The first of the libraries names that opens, or NULL. */
static void *image_dlopen(const char *const *names)
{
	void *h = NULL;
	for (; *names && !h; names++)
		h = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
	return h;
}

/* Sets the function pointer at fn to the symbol name of h: 0 if missing. */
static int image_sym(void *h, const char *name, void *fn)
{
	void *f = dlsym(h, name);
	if (!f)
		return 0;
	/* POSIX: function pointers have the size and form of void * */
	memcpy(fn, &f, sizeof f);
	return 1;
}

/* 1 once gdk-pixbuf is loaded, 0 when it cannot be. */
static int image_pixbuf_ready(void)
{
	static gsize once;
	static int ok;
	if (g_once_init_enter(&once)) {
		static const char *const names[] = {"libgdk_pixbuf-2.0.so.0", "libgdk_pixbuf-2.0.so",
		                                    NULL};
		void *h = image_dlopen(names);
		ok = h && image_sym(h, "gdk_pixbuf_get_file_info", &pixbuf.get_file_info) &&
		     image_sym(h, "gdk_pixbuf_new_from_file", &pixbuf.new_from_file) &&
		     image_sym(h, "gdk_pixbuf_new_from_file_at_scale", &pixbuf.new_from_file_at_scale) &&
		     image_sym(h, "gdk_pixbuf_get_width", &pixbuf.get_width) &&
		     image_sym(h, "gdk_pixbuf_get_height", &pixbuf.get_height) &&
		     image_sym(h, "gdk_pixbuf_get_n_channels", &pixbuf.get_n_channels) &&
		     image_sym(h, "gdk_pixbuf_get_rowstride", &pixbuf.get_rowstride) &&
		     image_sym(h, "gdk_pixbuf_get_has_alpha", &pixbuf.get_has_alpha) &&
		     image_sym(h, "gdk_pixbuf_read_pixels", &pixbuf.read_pixels);
		g_once_init_leave(&once, 1);
	}
	return ok;
}

/* 1 once librsvg is loaded, 0 when it cannot be. */
static int image_rsvg_ready(void)
{
	static gsize once;
	static int ok;
	if (g_once_init_enter(&once)) {
		static const char *const names[] = {"librsvg-2.so.2", "librsvg-2.so", NULL};
		void *h = image_dlopen(names);
		ok = h && image_sym(h, "rsvg_handle_new_from_file", &rsvg.new_from_file) &&
		     image_sym(h, "rsvg_handle_get_intrinsic_size_in_pixels",
		               &rsvg.get_intrinsic_size_in_pixels) &&
		     image_sym(h, "rsvg_handle_get_geometry_for_layer", &rsvg.get_geometry_for_layer) &&
		     image_sym(h, "rsvg_handle_render_document", &rsvg.render_document);
		g_once_init_leave(&once, 1);
	}
	return ok;
}

static GQuark image_error_quark(void)
{
	return g_quark_from_static_string("pdf-image-error");
}

/* A picture, decoded once per document: every use of the same file
 * shares one (P->images maps its real path to it), so that it is held in
 * memory once and cairo writes it into the PDF once. */
struct pdf_image {
	cairo_surface_t *surface; /* raster pictures */
	RsvgHandle *svg;          /* vector pictures */
	double w, h;              /* natural size, pt */
	char *path;               /* key in P->images, or NULL: not shared */
	char *error;              /* why it could not be loaded, or NULL */
	size_t refs;              /* uses */
	pdf_ctx *P;               /* owner of the table holding it */
	/* drawing (pdf_image_draw) */
	int page;                 /* last page it was painted on */
	pdf_groups groups;        /* repeats on a page (image_source) */
};

static int image_has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !g_ascii_strcasecmp(s + n - m, suf);
}

/* The local file an image URL names (see pcv_doc_find_resource: only files
 * inside the notes' folder or the --resource-path folders), or NULL after
 * a warning. */
static char *image_path(pdf_ctx *P, const pcv_node *node, const char *url)
{
	const char *path;
	switch (pcv_doc_find_resource(P->doc, url, &path)) {
	case PCV_RESOURCE_FOUND:
		return g_strdup(path);
	case PCV_RESOURCE_REMOTE:
		pcv_report_node(P->ctx, PCV_WARNING, node,
		                "remote image %s is not fetched: its alt text is shown", url);
		break;
	case PCV_RESOURCE_ESCAPES:
		pcv_report_node(P->ctx, PCV_WARNING, node,
		                "image %s lies outside the notes' folder and the resource folders: "
		                "its alt text is shown", url);
		break;
	default:
		pcv_report_node(P->ctx, PCV_WARNING, node,
		                "image %s not found: its alt text is shown", url);
		break;
	}
	return NULL;
}

static cairo_surface_t *image_from_pixbuf(GdkPixbuf *pb)
{
	int w = pixbuf.get_width(pb), h = pixbuf.get_height(pb);
	int nc = pixbuf.get_n_channels(pb), stride = pixbuf.get_rowstride(pb);
	int alpha = pixbuf.get_has_alpha(pb);
	const guchar *src = pixbuf.read_pixels(pb);
	cairo_surface_t *s =
	    cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return s;
	cairo_surface_flush(s);
	unsigned char *dst = cairo_image_surface_get_data(s);
	int dstride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		const guchar *p = src + (size_t)y * stride;
		uint32_t *d = (uint32_t *)(dst + (size_t)y * dstride);
		for (int x = 0; x < w; x++, p += nc) {
			unsigned a = alpha ? p[3] : 255;
			unsigned r = p[0] * a / 255, g = p[1] * a / 255, b = p[2] * a / 255;
			d[x] = (a << 24) | (r << 16) | (g << 8) | b;
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

/* An opaque PNG file no bigger than IMAGE_MAX_PIXELS a side, read by
 * cairo's own PNG reader: cairo links libpng anyway, and gdk-pixbuf would
 * be loaded, with its loader modules and MIME database, for it.  NULL for
 * anything else, which goes to gdk-pixbuf: pictures with transparency too,
 * since cairo rounds where image_from_pixbuf() truncates when it
 * premultiplies the colours by the alpha. */
static cairo_surface_t *image_png(const char *path, int *w, int *h)
{
	unsigned char head[26];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n < sizeof head || memcmp(head, "\x89PNG\r\n\x1a\n", 8) || memcmp(head + 12, "IHDR", 4))
		return NULL;
	unsigned long pw = (unsigned long)head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
	unsigned long ph = (unsigned long)head[20] << 24 | head[21] << 16 | head[22] << 8 | head[23];
	int alpha = head[25] == 4 || head[25] == 6; /* grey or colour with alpha */
	if (!pw || !ph || pw > IMAGE_MAX_PIXELS || ph > IMAGE_MAX_PIXELS || alpha)
		return NULL;
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	/* RGB24 unless a tRNS chunk made some colour transparent */
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24 ||
	    cairo_image_surface_get_width(s) != (int)pw || cairo_image_surface_get_height(s) != (int)ph) {
		cairo_surface_destroy(s);
		return NULL;
	}
	*w = (int)pw;
	*h = (int)ph;
	return s;
}

static void image_free_bytes(void *p)
{
	g_free(p);
}

/* Decodes the picture at path into img; on failure sets img->error. */
static void image_decode(pdf_image *img, const char *path)
{
	GError *err = NULL;
	if (image_has_suffix(path, ".svg") || image_has_suffix(path, ".svgz")) {
		if (!image_rsvg_ready())
			g_set_error_literal(&err, image_error_quark(), 0, "librsvg could not be loaded");
		else
			img->svg = rsvg.new_from_file(path, &err);
		if (img->svg) {
			gdouble w = 0, h = 0;
			if (!rsvg.get_intrinsic_size_in_pixels(img->svg, &w, &h) || w <= 0 || h <= 0) {
				RsvgRectangle ink, log;
				RsvgRectangle vp = {0, 0, 400, 300};
				if (rsvg.get_geometry_for_layer(img->svg, NULL, &vp, &ink, &log, NULL))
					w = log.width, h = log.height;
				if (w <= 0 || h <= 0)
					w = 400, h = 300;
			}
			img->w = w * 0.75;
			img->h = h * 0.75;
		}
	} else {
		int fw = 0, fh = 0;
		GdkPixbuf *pb = NULL;
		img->surface = image_png(path, &fw, &fh);
		if (img->surface) {
			img->w = fw * 0.75;
			img->h = fh * 0.75;
		} else if (!image_pixbuf_ready()) {
			g_set_error_literal(&err, image_error_quark(), 0, "gdk-pixbuf could not be loaded");
		} else if (pixbuf.get_file_info(path, &fw, &fh)) {
			if (fw > IMAGE_MAX_PIXELS || fh > IMAGE_MAX_PIXELS)
				pb = pixbuf.new_from_file_at_scale(path, IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS, TRUE,
				                                   &err);
			else
				pb = pixbuf.new_from_file(path, &err);
		} else {
			g_set_error(&err, image_error_quark(), 0, "%s",
			            g_file_test(path, G_FILE_TEST_EXISTS) ? "unknown image format"
			                                                  : "no such file");
		}
		if (pb) {
			img->surface = image_from_pixbuf(pb);
			img->w = fw * 0.75;
			img->h = fh * 0.75;
			gchar *data;
			gsize len;
			/* a JPEG goes into the PDF as it is */
			if ((image_has_suffix(path, ".jpg") || image_has_suffix(path, ".jpeg")) &&
			    fw <= IMAGE_MAX_PIXELS && fh <= IMAGE_MAX_PIXELS &&
			    g_file_get_contents(path, &data, &len, NULL))
				cairo_surface_set_mime_data(img->surface, CAIRO_MIME_TYPE_JPEG,
				                            (unsigned char *)data, len, image_free_bytes, data);
			g_object_unref(pb);
		}
	}
	if (!img->surface && !img->svg) {
		img->error = g_strdup(err ? err->message : "unreadable");
		img->w = img->h = 0;
	}
	if (err)
		g_error_free(err);
}

static pdf_image *image_new(pdf_ctx *P)
{
	pdf_image *img = pdf_xmalloc(sizeof *img);
	memset(img, 0, sizeof *img);
	img->refs = 1;
	img->P = P;
	img->page = -1;
	return img;
}

pdf_image *pdf_image_load(pdf_ctx *P, const pcv_node *node, const char *url)
{
	if (!url || !*url) {
		pcv_report_node(P->ctx, PCV_WARNING, node, "image without a source: its text is shown");
		return image_new(P);
	}
	char *path = image_path(P, node, url);
	if (!path)
		return image_new(P);
	if (!P->images)
		P->images = g_hash_table_new(g_str_hash, g_str_equal);
	pdf_image *img = g_hash_table_lookup(P->images, path);
	if (img) {
		img->refs++;
		g_free(path);
	} else {
		img = image_new(P);
		img->path = path;
		image_decode(img, path);
		g_hash_table_insert(P->images, img->path, img);
	}
	/* a failure is told at each use, as the first time */
	if (img->error)
		pcv_report_node(P->ctx, PCV_WARNING, node, "image %s not loaded (%s): its alt text is shown",
		                url, img->error);
	return img;
}

int pdf_image_ok(const pdf_image *img)
{
	return img && (img->surface || img->svg);
}

void pdf_image_size(const pdf_image *img, double *w, double *h)
{
	*w = img ? img->w : 0;
	*h = img ? img->h : 0;
}

/* The source that paints img at its pixel size: the surface itself the
 * first time on a page, then a group holding it (pdf_groups). */
static cairo_surface_t *image_source(pdf_image *img, int page)
{
	if (img->page != page) {
		img->page = page;
		img->groups.used = 0;
		return img->surface;
	}
	return pdf_groups_next(&img->groups, img->surface, 1);
}

void pdf_image_draw(pdf_ctx *P, const pdf_image *img, double x, double y, double w, double h)
{
	cairo_t *cr = P->cr;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	if (img->svg) {
		RsvgRectangle vp = {x, y, w, h};
		rsvg.render_document(img->svg, cr, &vp, NULL);
	} else {
		double sw = cairo_image_surface_get_width(img->surface);
		double sh = cairo_image_surface_get_height(img->surface);
		cairo_translate(cr, x, y);
		cairo_scale(cr, w / sw, h / sh);
		/* the drawing state of a shared picture changes as it is drawn */
		cairo_set_source_surface(cr, image_source((pdf_image *)img, P->page), 0, 0);
		cairo_paint(cr);
	}
	cairo_restore(cr);
}

/* Drops one use of img; the last frees it, and the last picture in
 * P->images frees the table. */
void pdf_image_free(pdf_image *img)
{
	if (--img->refs)
		return;
	pdf_ctx *P = img->P;
	if (img->path && P->images) {
		g_hash_table_remove(P->images, img->path);
		if (!g_hash_table_size(P->images)) {
			g_hash_table_destroy(P->images);
			P->images = NULL;
		}
	}
	pdf_groups_free(&img->groups);
	if (img->surface)
		cairo_surface_destroy(img->surface);
	if (img->svg)
		g_object_unref(img->svg);
	g_free(img->error);
	g_free(img->path);
	free(img);
}
