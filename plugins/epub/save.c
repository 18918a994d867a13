/*
 * save.c -- a page's libxml2 document written out as XML, without the
 * cost of libxml2's general serialiser.  (The chapters are written as
 * bytes by page.c, with the same rules.)
 *
 * The pages of the book hold only elements, text, attributes and
 * namespace declarations, under the XML declaration and a DOCTYPE with a
 * name alone.  For those this writes the bytes xmlSaveDoc() writes with
 * the encoding "UTF-8" and no formatting options:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html ...>...</html>\n
 *
 * text with & < > and CR escaped (but libxml2's text not to be escaped
 * as it is), attribute values with " tab and newline
 * too, UTF-8 as it is, an element without children closed with "/>",
 * namespace declarations before attributes.  epub_save_ok() tells
 * whether a document holds only such nodes; the caller gives any other to
 * xmlSaveDoc().  The walk is iterative; the bytes go out in chunks.
 */
#include <string.h>

#include "epub.h"

#define EPUB_SAVE_CHUNK 32768

typedef struct epub_saver {
	epub_buf b;
	void (*sink)(void *arg, const char *s, size_t len);
	void *arg;
} epub_saver;

/* Bytes to escape: 1 in text and attributes, 2 in attributes only. */
static const unsigned char epub_save_esc[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['\r'] = 1, ['"'] = 2, ['\t'] = 2, ['\n'] = 2,
};

static void epub_save_flush(epub_saver *s)
{
	if (s->b.len)
		s->sink(s->arg, s->b.s, s->b.len);
	s->b.len = 0;
}

static inline void epub_save_bput(epub_buf *b, const char *p, size_t len)
{
	if (len < b->cap - b->len) {
		memcpy(b->s + b->len, p, len);
		b->len += len;
	} else {
		epub_buf_put(b, p, len);
	}
}

static inline void epub_save_put(epub_saver *s, const char *p, size_t len)
{
	epub_save_bput(&s->b, p, len);
}

static void epub_save_puts(epub_saver *s, const char *p)
{
	epub_buf_put(&s->b, p, strlen(p));
}

void epub_buf_escaped(epub_buf *b, const char *p, size_t len, int attr)
{
	const char *end = p + len;
	unsigned max = attr ? 2 : 1;

	for (;;) {
		const char *run = p;

		for (; p < end; p++) {
			unsigned e = epub_save_esc[(unsigned char)*p];

			if (e && e <= max)
				break;
		}
		epub_save_bput(b, run, (size_t)(p - run));
		if (p == end)
			return;
		switch (*p) {
		case '&':
			epub_save_bput(b, "&amp;", 5);
			break;
		case '<':
			epub_save_bput(b, "&lt;", 4);
			break;
		case '>':
			epub_save_bput(b, "&gt;", 4);
			break;
		case '\r':
			epub_save_bput(b, "&#13;", 5);
			break;
		case '"':
			epub_save_bput(b, "&quot;", 6);
			break;
		case '\t':
			epub_save_bput(b, "&#9;", 4);
			break;
		default: /* '\n' */
			epub_save_bput(b, "&#10;", 5);
			break;
		}
		p++;
	}
}

/* p escaped; attr: as an attribute value. */
static void epub_save_escaped(epub_saver *s, const char *p, int attr)
{
	epub_buf_escaped(&s->b, p, strlen(p), attr);
}

static void epub_save_name(epub_saver *s, xmlNsPtr ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		epub_save_puts(s, (const char *)ns->prefix);
		epub_save_put(s, ":", 1);
	}
	epub_save_puts(s, (const char *)name);
}

static void epub_save_open(epub_saver *s, xmlNodePtr el)
{
	xmlNsPtr ns;
	xmlAttrPtr a;

	epub_save_put(s, "<", 1);
	epub_save_name(s, el->ns, el->name);
	for (ns = el->nsDef; ns; ns = ns->next) {
		epub_save_put(s, " xmlns", 6);
		if (ns->prefix) {
			epub_save_put(s, ":", 1);
			epub_save_puts(s, (const char *)ns->prefix);
		}
		epub_save_put(s, "=\"", 2);
		epub_save_puts(s, (const char *)ns->href);
		epub_save_put(s, "\"", 1);
	}
	for (a = el->properties; a; a = a->next) {
		xmlNodePtr t;

		epub_save_put(s, " ", 1);
		epub_save_name(s, a->ns, a->name);
		epub_save_put(s, "=\"", 2);
		for (t = a->children; t; t = t->next)
			if (t->content)
				epub_save_escaped(s, (const char *)t->content, 1);
		epub_save_put(s, "\"", 1);
	}
	epub_save_put(s, el->children ? ">" : "/>", el->children ? 1 : 2);
}

static void epub_save_close(epub_saver *s, xmlNodePtr el)
{
	epub_save_put(s, "</", 2);
	epub_save_name(s, el->ns, el->name);
	epub_save_put(s, ">", 1);
}

/* Whether the subtree at root holds only what epub_save() writes. */
static int epub_save_tree_ok(xmlNodePtr root)
{
	xmlNodePtr n = root;

	while (n) {
		if (n->type == XML_TEXT_NODE) {
			/* text, escaped or not */
		} else if (n->type == XML_ELEMENT_NODE) {
			xmlNsPtr ns;
			xmlAttrPtr a;

			for (ns = n->nsDef; ns; ns = ns->next)
				if (ns->type != XML_NAMESPACE_DECL || !ns->href ||
				    strchr((const char *)ns->href, '"') ||
				    (ns->prefix && !strcmp((const char *)ns->prefix, "xml")))
					return 0;
			for (a = n->properties; a; a = a->next) {
				xmlNodePtr t;

				for (t = a->children; t; t = t->next)
					if (t->type != XML_TEXT_NODE)
						return 0;
			}
			if (n->children) {
				n = n->children;
				continue;
			}
		} else {
			return 0;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	return 1;
}

int epub_save_ok(xmlDocPtr doc)
{
	xmlNodePtr c;

	if (!doc->version || strcmp((const char *)doc->version, "1.0") != 0 || doc->standalone >= 0)
		return 0;
	for (c = doc->children; c; c = c->next) {
		if (c->type == XML_DTD_NODE) {
			xmlDtdPtr d = (xmlDtdPtr)c;

			if (!d->name || d->ExternalID || d->SystemID || d->children || d->entities ||
			    d->elements || d->attributes || d->notations || d->pentities)
				return 0;
		} else if (c->type != XML_ELEMENT_NODE || !epub_save_tree_ok(c)) {
			return 0;
		}
	}
	return 1;
}

void epub_save(xmlDocPtr doc, epub_buf *buf, void (*sink)(void *, const char *, size_t),
               void *arg)
{
	epub_saver s = {*buf, sink, arg};
	xmlNodePtr c;

	s.b.len = 0;
	if (s.b.cap < 2 * EPUB_SAVE_CHUNK) {
		s.b.cap = 2 * EPUB_SAVE_CHUNK;
		s.b.s = epub_xrealloc(s.b.s, s.b.cap);
	}
	epub_save_puts(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	for (c = doc->children; c; c = c->next) {
		xmlNodePtr n = c;

		if (c->type == XML_DTD_NODE) {
			epub_save_puts(&s, "<!DOCTYPE ");
			epub_save_puts(&s, (const char *)c->name);
			epub_save_puts(&s, ">\n");
			continue;
		}
		/* enter n, then its children, then leave it */
		while (n) {
			if (n->type == XML_TEXT_NODE) {
				if (n->content && n->name == xmlStringTextNoenc)
					epub_save_puts(&s, (const char *)n->content);
				else if (n->content)
					epub_save_escaped(&s, (const char *)n->content, 0);
			} else {
				epub_save_open(&s, n);
				if (n->children) {
					n = n->children;
					continue;
				}
			}
			if (s.b.len >= EPUB_SAVE_CHUNK)
				epub_save_flush(&s);
			while (n != c && !n->next) {
				n = n->parent;
				epub_save_close(&s, n);
			}
			n = n == c ? NULL : n->next;
		}
		epub_save_put(&s, "\n", 1);
	}
	epub_save_flush(&s);
	*buf = s.b;
}
