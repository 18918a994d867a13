/*
 * package.c -- the package around the chapters: stylesheets and cover,
 * the title page, the navigation document (EPUB 3) and the NCX (EPUB 2),
 * the package document, META-INF/container.xml, and the zip.
 *
 * The zip (zip.c) is written straight to pcv_out as the book is made:
 * "mimetype" first, stored, with no extra field, the container, then each
 * chapter as soon as it is written (its document freed), then the package
 * document, the NCX, the navigation, cover and title pages, stylesheets
 * and images.  Every file is deflated but images already compressed (PNG,
 * JPEG, GIF), all with one fixed time (SOURCE_DATE_EPOCH when set), so
 * that the same notes give the same bytes.  The identifier made from the
 * content is hashed from the title, language and authors, and the CRC-32
 * and size of each chapter and other file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlsave.h>

#include "epub.h"

#define EPUB_OPF_NS "http://www.idpf.org/2007/opf"
#define EPUB_DC_NS "http://purl.org/dc/elements/1.1/"
#define EPUB_NCX_NS "http://www.daisy.org/z3986/2005/ncx/"
#define EPUB_CONTAINER_NS "urn:oasis:names:tc:opendocument:xmlns:container"

/* ------------------------------------------------------------------ */
/* Stylesheets and cover, loaded before the chapters are written        */
/* ------------------------------------------------------------------ */

void epub_load_assets(epub_writer *w)
{
	const char *css = pcv_option_string(w->ctx, "epub.css");
	const char *cover = pcv_option_string(w->ctx, "epub.cover");
	size_t len;
	char *data;

	epub_add_item(w, "css", "css/style.css", "text/css", epub_xstrdup(epub_stylesheet),
	              strlen(epub_stylesheet));
	if (css && *css) {
		if (!(data = epub_read_file(css, &len)))
			pcv_report(w->ctx, PCV_WARNING, NULL, 0, 0, "epub.css: cannot read %s: %s", css,
			           strerror(errno));
		else {
			epub_add_item(w, "css-user", "css/user.css", "text/css", data, len);
			w->user_css = 1;
		}
	}
	if (cover && *cover) {
		const char *type, *ext;
		char href[32];

		if (!(data = epub_read_file(cover, &len))) {
			pcv_report(w->ctx, PCV_WARNING, NULL, 0, 0, "epub.cover: cannot read %s: %s",
			           cover, strerror(errno));
		} else if (!(type = epub_sniff(data, len, &ext)) || !strcmp(ext, "webp")) {
			pcv_report(w->ctx, PCV_WARNING, NULL, 0, 0,
			           "epub.cover: %s is not a PNG, JPEG, GIF or SVG image: no cover", cover);
			free(data);
		} else {
			epub_item *it;

			snprintf(href, sizeof href, "img/cover.%s", ext);
			it = epub_add_item(w, "cover-image", href, type, data, len);
			it->props = epub_xstrdup("cover-image");
			w->cover = (int)w->nitems;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static xmlNodePtr epub_text_el(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	xmlNodePtr el = xmlNewChild(parent, ns, (const xmlChar *)name, NULL);

	if (text)
		epub_add_text(el, text, strlen(text));
	return el;
}

static void epub_epub_type(xmlNodePtr el, xmlNsPtr ops, const char *value)
{
	xmlSetNsProp(el, ops, (const xmlChar *)"type", (const xmlChar *)value);
}

/* The authors: metadata "author" as a string or a list (of strings, or of
 * maps with a "name"). */
static size_t epub_authors(epub_writer *w, const char **out, size_t max)
{
	pcv_meta *m = pcv_meta_get(pcv_doc_meta(w->doc), "author");
	size_t n = 0, i;

	if (!m)
		return 0;
	if (pcv_meta_kind_of(m) == PCV_META_STRING) {
		if (*pcv_meta_string(m))
			out[n++] = pcv_meta_string(m);
		return n;
	}
	if (pcv_meta_kind_of(m) != PCV_META_LIST)
		return 0;
	for (i = 0; i < pcv_meta_count(m) && n < max; i++) {
		pcv_meta *e = pcv_meta_at(m, i, NULL);

		if (pcv_meta_kind_of(e) == PCV_META_MAP)
			e = pcv_meta_get(e, "name");
		if (e && pcv_meta_kind_of(e) == PCV_META_STRING && *pcv_meta_string(e))
			out[n++] = pcv_meta_string(e);
	}
	return n;
}

/* Whether s is a W3CDTF date: YYYY[-MM[-DD[Thh:mm[:ss][Z|+hh:mm]]]]. */
static int epub_date_ok(const char *s)
{
	const char *pat = "dddd-dd-ddTdd:dd";
	size_t i;

	if (!s)
		return 0;
	for (i = 0; pat[i] && s[i]; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	}
	if (!s[i])
		return i == 4 || i == 7 || i == 10;
	if (i < 16)
		return 0;
	s += 16;
	if (s[0] == ':' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9')
		s += 3;
	if (!*s || !strcmp(s, "Z"))
		return 1;
	return (s[0] == '+' || s[0] == '-') && strlen(s) == 6 && s[3] == ':';
}

static time_t epub_build_time(epub_writer *w)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (!*end && !errno && v >= 0 && v < 253402300800LL)
			return (time_t)v;
		pcv_report(w->ctx, PCV_WARNING, NULL, 0, 0,
		           "SOURCE_DATE_EPOCH '%s' is not a number of seconds: using the current time",
		           sde);
	}
	return time(NULL);
}

/* The hash behind the identifier: a part's bytes, then a separator. */
static void epub_hash_bytes(uint64_t h[2], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a = h[0], b = h[1];

	for (size_t i = 0; i < len; i++) {
		a = (a ^ p[i]) * 0x100000001b3ULL;
		b = (b ^ p[i]) * 0x100000001b3ULL;
		b ^= b >> 29;
	}
	h[0] = (a ^ 0xff) * 0x100000001b3ULL;
	h[1] = (b ^ 0xfe) * 0x100000001b3ULL;
}

/* ------------------------------------------------------------------ */
/* Writing a page into the zip                                         */
/* ------------------------------------------------------------------ */

/* Adds a file of the book to the identifier's hash: its CRC-32 and size,
 * which the zip computes anyway, stand for its bytes. */
static void epub_hash_file(uint64_t h[2], unsigned long crc, uint64_t size)
{
	unsigned char rec[12];

	for (int i = 0; i < 4; i++)
		rec[i] = (unsigned char)(crc >> 8 * i);
	for (int i = 0; i < 8; i++)
		rec[4 + i] = (unsigned char)(size >> 8 * i);
	epub_hash_bytes(h, rec, sizeof rec);
}

static void epub_page_put(void *arg, const char *buf, size_t len)
{
	epub_writer *w = arg;

	epub_zip_write(&w->zip, buf, len);
}

static int epub_page_write(void *arg, const char *buf, int len)
{
	if (len <= 0)
		return len < 0 ? -1 : 0;
	epub_page_put(arg, buf, (size_t)len);
	return len;
}

/* Ends a page of the book; a content page goes into the identifier. */
static void epub_book_page_end(epub_writer *w, int content)
{
	if (content && w->hash_content)
		epub_hash_file(w->hash, w->zip.crc, w->zip.size);
	epub_zip_end(&w->zip);
}

void epub_book_page(epub_writer *w, const char *name, xmlDocPtr doc, int content)
{
	xmlSaveCtxtPtr save;

	epub_zip_begin(&w->zip, name, 1);
	if (epub_save_ok(doc)) {
		epub_save(doc, &w->page, epub_page_put, w);
	} else if ((save = xmlSaveToIO(epub_page_write, NULL, w, "UTF-8", 0))) {
		xmlSaveDoc(save, doc);
		xmlSaveClose(save);
	} else if (!w->zip.failed) {
		w->zip.failed = "libxml2 cannot write a page";
	}
	epub_book_page_end(w, content);
	xmlFreeDoc(doc);
}

void epub_book_page_bytes(epub_writer *w, const char *name, const char *data, size_t len,
                          int content)
{
	epub_zip_begin(&w->zip, name, 1);
	epub_zip_write(&w->zip, data, len);
	epub_book_page_end(w, content);
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

static xmlDocPtr epub_title_page(epub_writer *w)
{
	const char *authors[64];
	size_t n = epub_authors(w, authors, 64), i;
	const char *subtitle = pcv_doc_meta_string(w->doc, "subtitle");
	const char *date = pcv_doc_meta_string(w->doc, "date");
	xmlNodePtr body, sec, el;
	xmlDocPtr doc = epub_xhtml_new(w, w->title, &body, "");

	sec = epub_el(body, "section");
	epub_epub_type(sec, w->ops_ns, "titlepage");
	epub_attr(sec, "class", "titlepage");
	el = epub_el(sec, "h1");
	epub_attr(el, "class", "title");
	epub_add_text(el, w->title, strlen(w->title));
	if (subtitle && *subtitle) {
		el = epub_el(sec, "p");
		epub_attr(el, "class", "subtitle");
		epub_add_text(el, subtitle, strlen(subtitle));
	}
	for (i = 0; i < n; i++) {
		el = epub_el(sec, "p");
		epub_attr(el, "class", "author");
		epub_add_text(el, authors[i], strlen(authors[i]));
	}
	if (date && *date) {
		el = epub_el(sec, "p");
		epub_attr(el, "class", "date");
		epub_add_text(el, date, strlen(date));
	}
	epub_legend_box(w, sec);
	return doc;
}

static xmlDocPtr epub_cover_page(epub_writer *w)
{
	xmlNodePtr body, sec, img;
	xmlDocPtr doc = epub_xhtml_new(w, w->title, &body, "");

	sec = epub_el(body, "section");
	epub_epub_type(sec, w->ops_ns, "cover");
	epub_attr(sec, "class", "cover");
	img = epub_el(sec, "img");
	epub_attr(img, "src", w->items[w->cover - 1].href);
	epub_attr(img, "alt", w->title);
	return doc;
}

/* One entry of the table of contents: its href and label. */
static void epub_toc_entry(epub_writer *w, size_t i, char *href, size_t size, const char **label)
{
	const epub_toc *t = &w->toc[i];

	if (t->id)
		snprintf(href, size, "%s#%s", w->chapters[t->chapter].file, t->id);
	else
		snprintf(href, size, "%s", w->chapters[t->chapter].file);
	*label = t->text && *t->text ? t->text : "Section";
}

/*
 * The nested table of contents, for nav (ncx == 0: ol/li/a) or for the
 * NCX (navPoint/navLabel/content).  A stack of open lists, each with the
 * heading level of its entries; a deeper heading opens a list inside the
 * last entry, a shallower one closes lists.
 */
typedef struct epub_tframe {
	xmlNodePtr list;
	xmlNodePtr last;
	int level;
} epub_tframe;

static void epub_toc_tree(epub_writer *w, xmlNodePtr root, int ncx, xmlNsPtr ns)
{
	epub_tframe *st = epub_xmalloc((w->ntoc + 2) * sizeof *st);
	size_t depth = 1, i;
	char href[512], id[32], order[24];
	int play = 0;

	st[0].list = root;
	st[0].last = NULL;
	st[0].level = w->ntoc ? w->toc[0].level : 1;
	for (i = 0; i < w->ntoc; i++) {
		int level = w->toc[i].level;
		const char *label;
		xmlNodePtr item, el;

		while (depth > 1 && level < st[depth - 1].level)
			depth--;
		if (level > st[depth - 1].level && st[depth - 1].last) {
			xmlNodePtr list = ncx ? st[depth - 1].last : epub_el(st[depth - 1].last, "ol");

			st[depth].list = list;
			st[depth].last = NULL;
			st[depth].level = level;
			depth++;
		} else if (level < st[depth - 1].level) {
			st[depth - 1].level = level;
		}
		epub_toc_entry(w, i, href, sizeof href, &label);
		if (ncx) {
			item = xmlNewChild(st[depth - 1].list, ns, (const xmlChar *)"navPoint", NULL);
			snprintf(id, sizeof id, "np-%zu", i + 1);
			snprintf(order, sizeof order, "%d", ++play);
			epub_attr(item, "id", id);
			epub_attr(item, "playOrder", order);
			el = xmlNewChild(item, ns, (const xmlChar *)"navLabel", NULL);
			epub_text_el(el, ns, "text", label);
			el = xmlNewChild(item, ns, (const xmlChar *)"content", NULL);
			epub_attr(el, "src", href);
		} else {
			item = epub_el(st[depth - 1].list, "li");
			el = epub_el(item, "a");
			epub_attr(el, "href", href);
			epub_add_text(el, label, strlen(label));
		}
		st[depth - 1].last = item;
	}
	free(st);
}

/* Headings fill the table of contents; without any, chapters do. */
static void epub_toc_fallback(epub_writer *w)
{
	size_t i;

	if (w->ntoc)
		return;
	w->toc = epub_xmalloc(w->nchapters * sizeof *w->toc);
	for (i = 0; i < w->nchapters; i++) {
		w->toc[i].level = 1;
		w->toc[i].chapter = (int)i;
		w->toc[i].id = NULL;
		w->toc[i].text = w->chapters[i].title ? w->chapters[i].title : w->title;
	}
	w->ntoc = w->nchapters;
}

/* One entry of the landmarks. */
static void epub_landmark(epub_writer *w, xmlNodePtr ol, const char *type, const char *href,
                          const char *text)
{
	xmlNodePtr a = epub_el(epub_el(ol, "li"), "a");

	epub_epub_type(a, w->ops_ns, type);
	epub_attr(a, "href", href);
	epub_add_text(a, text, strlen(text));
}

static xmlDocPtr epub_nav(epub_writer *w)
{
	xmlNodePtr body, nav, ol, h;
	xmlDocPtr doc = epub_xhtml_new(w, "Contents", &body, "");

	nav = epub_el(body, "nav");
	epub_epub_type(nav, w->ops_ns, "toc");
	epub_attr(nav, "id", "toc");
	epub_attr(nav, "role", "doc-toc");
	h = epub_el(nav, "h1");
	epub_add_text(h, "Contents", 8);
	ol = epub_el(nav, "ol");
	epub_toc_tree(w, ol, 0, NULL);

	nav = epub_el(body, "nav");
	epub_epub_type(nav, w->ops_ns, "landmarks");
	epub_attr(nav, "id", "landmarks");
	epub_attr(nav, "hidden", "hidden");
	h = epub_el(nav, "h2");
	epub_add_text(h, "Landmarks", 9);
	ol = epub_el(nav, "ol");
	if (w->cover)
		epub_landmark(w, ol, "cover", "cover.xhtml", "Cover");
	epub_landmark(w, ol, "titlepage", "titlepage.xhtml", "Title page");
	epub_landmark(w, ol, "toc", "nav.xhtml#toc", "Contents");
	epub_landmark(w, ol, "bodymatter", w->chapters[0].file, "Start of content");

	return doc;
}

static xmlDocPtr epub_ncx(epub_writer *w, const char *uid)
{
	xmlDocPtr doc = epub_doc_new(w);
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"ncx", NULL), head, m, el, map;
	xmlNsPtr ns;
	char depth[16];
	size_t i;
	int d = 1;

	xmlDocSetRootElement(doc, root);
	ns = xmlNewNs(root, (const xmlChar *)EPUB_NCX_NS, NULL);
	xmlSetNs(root, ns);
	epub_attr(root, "version", "2005-1");
	xmlNodeSetLang(root, (const xmlChar *)w->lang);
	head = xmlNewChild(root, ns, (const xmlChar *)"head", NULL);
	for (i = 0; i < w->ntoc; i++)
		if (w->toc[i].level - w->toc[0].level + 1 > d)
			d = w->toc[i].level - w->toc[0].level + 1;
	snprintf(depth, sizeof depth, "%d", d > 0 ? d : 1);
	{
		const char *const metas[][2] = {{"dtb:uid", uid},
		                                {"dtb:depth", depth},
		                                {"dtb:totalPageCount", "0"},
		                                {"dtb:maxPageNumber", "0"}};

		for (i = 0; i < 4; i++) {
			m = xmlNewChild(head, ns, (const xmlChar *)"meta", NULL);
			epub_attr(m, "name", metas[i][0]);
			epub_attr(m, "content", metas[i][1]);
		}
	}
	el = xmlNewChild(root, ns, (const xmlChar *)"docTitle", NULL);
	epub_text_el(el, ns, "text", w->title);
	map = xmlNewChild(root, ns, (const xmlChar *)"navMap", NULL);
	epub_toc_tree(w, map, 1, ns);
	return doc;
}

static void epub_opf_item(xmlNodePtr manifest, const char *id, const char *href, const char *type,
                          const char *props)
{
	xmlNodePtr it = epub_el(manifest, "item");

	epub_attr(it, "id", id);
	epub_attr(it, "href", href);
	epub_attr(it, "media-type", type);
	if (props)
		epub_attr(it, "properties", props);
}

static void epub_meta_prop(xmlNodePtr md, const char *prop, const char *value)
{
	xmlNodePtr m = epub_el(md, "meta");

	epub_attr(m, "property", prop);
	epub_add_text(m, value, strlen(value));
}

static xmlDocPtr epub_opf(epub_writer *w, const char *uid)
{
	xmlDocPtr doc = epub_doc_new(w);
	xmlNodePtr pkg = xmlNewDocNode(doc, NULL, (const xmlChar *)"package", NULL);
	xmlNodePtr md, man, spine, el;
	xmlNsPtr dc;
	const char *authors[64], *date = pcv_doc_meta_string(w->doc, "date");
	size_t n = epub_authors(w, authors, 64), i;
	char buf[64];
	struct tm tm;
	int math = 0;

	xmlDocSetRootElement(doc, pkg);
	xmlSetNs(pkg, xmlNewNs(pkg, (const xmlChar *)EPUB_OPF_NS, NULL));
	epub_attr(pkg, "version", "3.0");
	epub_attr(pkg, "unique-identifier", "bookid");
	xmlNodeSetLang(pkg, (const xmlChar *)w->lang);
	md = epub_el(pkg, "metadata");
	dc = xmlNewNs(md, (const xmlChar *)EPUB_DC_NS, (const xmlChar *)"dc");
	el = epub_text_el(md, dc, "identifier", uid);
	epub_attr(el, "id", "bookid");
	epub_text_el(md, dc, "title", w->title);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "creator%zu", i + 1);
		el = epub_text_el(md, dc, "creator", authors[i]);
		epub_attr(el, "id", buf);
		el = epub_el(md, "meta");
		snprintf(buf, sizeof buf, "#creator%zu", i + 1);
		epub_attr(el, "refines", buf);
		epub_attr(el, "property", "role");
		epub_attr(el, "scheme", "marc:relators");
		epub_add_text(el, "aut", 3);
	}
	epub_text_el(md, dc, "language", w->lang);
	gmtime_r(&w->now, &tm);
	if (date && epub_date_ok(date)) {
		epub_text_el(md, dc, "date", date);
	} else {
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
		epub_text_el(md, dc, "date", buf);
	}
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	epub_meta_prop(md, "dcterms:modified", buf);

	for (i = 0; i < w->nchapters; i++)
		math |= w->chapters[i].has_mathml;
	epub_meta_prop(md, "schema:accessMode", "textual");
	if (w->nimages || w->cover)
		epub_meta_prop(md, "schema:accessMode", "visual");
	epub_meta_prop(md, "schema:accessModeSufficient", "textual");
	epub_meta_prop(md, "schema:accessibilityFeature", "structuralNavigation");
	epub_meta_prop(md, "schema:accessibilityFeature", "tableOfContents");
	epub_meta_prop(md, "schema:accessibilityFeature", "readingOrder");
	if (w->nimages)
		epub_meta_prop(md, "schema:accessibilityFeature", "alternativeText");
	if (math)
		epub_meta_prop(md, "schema:accessibilityFeature", "MathML");
	epub_meta_prop(md, "schema:accessibilityHazard", "none");
	epub_meta_prop(md, "schema:accessibilitySummary",
	               math ? "Lecture notes with headings, a table of contents, footnotes and "
	                      "MathML; images carry their text alternative."
	                    : "Lecture notes with headings, a table of contents and footnotes; "
	                      "math is given as TeX text; images carry their text alternative.");
	if (w->cover) {
		el = epub_el(md, "meta");
		epub_attr(el, "name", "cover");
		epub_attr(el, "content", "cover-image");
	}

	man = epub_el(pkg, "manifest");
	epub_opf_item(man, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	epub_opf_item(man, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	if (w->cover)
		epub_opf_item(man, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
	epub_opf_item(man, "titlepage", "titlepage.xhtml", "application/xhtml+xml", NULL);
	for (i = 0; i < w->nchapters; i++)
		epub_opf_item(man, w->chapters[i].id, w->chapters[i].file, "application/xhtml+xml",
		              w->chapters[i].has_mathml ? "mathml" : NULL);
	for (i = 0; i < w->nitems; i++)
		epub_opf_item(man, w->items[i].id, w->items[i].href, w->items[i].type,
		              w->items[i].props);

	spine = epub_el(pkg, "spine");
	epub_attr(spine, "toc", "ncx");
	if (w->cover) {
		el = epub_el(spine, "itemref");
		epub_attr(el, "idref", "cover");
	}
	el = epub_el(spine, "itemref");
	epub_attr(el, "idref", "titlepage");
	el = epub_el(spine, "itemref");
	epub_attr(el, "idref", "nav");
	for (i = 0; i < w->nchapters; i++) {
		el = epub_el(spine, "itemref");
		epub_attr(el, "idref", w->chapters[i].id);
	}
	return doc;
}

static xmlDocPtr epub_container(epub_writer *w)
{
	xmlDocPtr doc = epub_doc_new(w);
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"container", NULL), rf;

	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)EPUB_CONTAINER_NS, NULL));
	epub_attr(root, "version", "1.0");
	rf = epub_el(epub_el(root, "rootfiles"), "rootfile");
	epub_attr(rf, "full-path", "OEBPS/content.opf");
	epub_attr(rf, "media-type", "application/oebps-package+xml");
	return doc;
}

/* ------------------------------------------------------------------ */
/* The book                                                            */
/* ------------------------------------------------------------------ */

void epub_book_open(epub_writer *w, pcv_out *out)
{
	const char *given = pcv_doc_meta_string(w->doc, "identifier");

	w->now = epub_build_time(w);
	epub_zip_open(&w->zip, out, w->now);
	epub_zip_add(&w->zip, "mimetype", "application/epub+zip", 20, 0);
	epub_book_page(w, "META-INF/container.xml", epub_container(w), 0);
	/* without a given identifier, one made from the content: the title,
	 * language and authors, each chapter as written, each other file */
	if (!given || !*given) {
		const char *authors[64];
		size_t n = epub_authors(w, authors, 64), i;

		w->hash_content = 1;
		w->hash[0] = 0xcbf29ce484222325ULL;
		w->hash[1] = 0x84222325cbf29ce4ULL;
		epub_hash_bytes(w->hash, w->title, strlen(w->title));
		epub_hash_bytes(w->hash, w->lang, strlen(w->lang));
		for (i = 0; i < n; i++)
			epub_hash_bytes(w->hash, authors[i], strlen(authors[i]));
	}
}

int epub_book_close(epub_writer *w)
{
	const char *given = pcv_doc_meta_string(w->doc, "identifier");
	char uid[128], path[96];
	size_t i;

	epub_toc_fallback(w);
	if (!w->hash_content) {
		char *c = epub_clean(given, strlen(given));

		snprintf(uid, sizeof uid, "%.120s", c);
		free(c);
	} else {
		uint64_t *h = w->hash;

		for (i = 0; i < w->nitems; i++)
			epub_hash_file(h, crc32_z(0, (const Bytef *)w->items[i].data, w->items[i].len),
			               w->items[i].len);
		/* a UUID (version 5 layout) */
		snprintf(uid, sizeof uid, "urn:uuid:%08x-%04x-5%03x-%04x-%012llx",
		         (unsigned)(h[0] >> 32), (unsigned)(h[0] >> 16) & 0xffff,
		         (unsigned)h[0] & 0xfff, (unsigned)((h[1] >> 48) & 0x3fff) | 0x8000,
		         (unsigned long long)(h[1] & 0xffffffffffffULL));
	}
	epub_book_page(w, "OEBPS/content.opf", epub_opf(w, uid), 0);
	epub_book_page(w, "OEBPS/toc.ncx", epub_ncx(w, uid), 0);
	epub_book_page(w, "OEBPS/nav.xhtml", epub_nav(w), 0);
	if (w->cover)
		epub_book_page(w, "OEBPS/cover.xhtml", epub_cover_page(w), 0);
	epub_book_page(w, "OEBPS/titlepage.xhtml", epub_title_page(w), 0);
	for (i = 0; i < w->nitems; i++) {
		const char *type = w->items[i].type;

		snprintf(path, sizeof path, "OEBPS/%s", w->items[i].href);
		/* PNG, JPEG and GIF are compressed already: stored */
		epub_zip_add(&w->zip, path, w->items[i].data, w->items[i].len,
		             strcmp(type, "image/png") && strcmp(type, "image/jpeg") &&
		                     strcmp(type, "image/gif"));
	}
	if (epub_zip_close(&w->zip) < 0) {
		pcv_report(w->ctx, PCV_ERROR, NULL, 0, 0, "epub: cannot make the zip: %s",
		           w->zip.failed);
		return -1;
	}
	return 0;
}
