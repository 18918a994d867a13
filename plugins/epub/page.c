/*
 * page.c -- a chapter's XHTML, written as the walk makes it.
 *
 * A chapter is written straight into bytes, without a libxml2 tree: an
 * element is open from when it is made until something is added to one of
 * its ancestors (or it is closed), and its start tag waits, with the
 * attributes given so far, for its first child (then ">") or its end (then
 * "/>").  Attributes go to an element before its first child; giving one
 * again replaces its value in place.  The bytes are the ones epub_save()
 * writes for the same tree (save.c): text escaped (& < > and CR), values
 * escaped as attributes (and " tab newline), namespace declarations first,
 * XML given as XML left as it is.
 *
 * Elements are named by serial numbers (epub_xel), found on the stack of
 * open ones from the top: the walk adds to the top or close under it, so
 * a lookup is short, and each element is closed once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

static epub_page *pg(epub_writer *w) { return &w->pg; }

/* The stack index of the open element id. */
static size_t page_find(epub_page *p, epub_xel id)
{
	size_t i = p->nopen;

	while (i > 0)
		if (p->open[--i].id == id)
			return i;
	/* an element closed already: a bug of the caller's */
	abort();
}

/* Writes the top element's start tag, ended by end (">" or "/>"). */
static void page_start_tag(epub_page *p, const char *end)
{
	epub_xopen *o = &p->open[p->nopen - 1];

	epub_buf_put(&p->out, "<", 1);
	epub_buf_puts(&p->out, o->name);
	for (size_t i = 0; i < p->nattrs; i++) {
		epub_buf_put(&p->out, " ", 1);
		epub_buf_put(&p->out, p->abuf.s + p->attrs[i].name, p->attrs[i].nlen);
		epub_buf_put(&p->out, "=\"", 2);
		epub_buf_put(&p->out, p->abuf.s + p->attrs[i].value, p->attrs[i].vlen);
		epub_buf_put(&p->out, "\"", 1);
	}
	epub_buf_puts(&p->out, end);
	p->nattrs = 0;
	p->abuf.len = 0;
	p->pending = 0;
}

/* Closes the top element. */
static void page_close_top(epub_page *p)
{
	if (p->pending) {
		page_start_tag(p, "/>");
	} else {
		epub_buf_put(&p->out, "</", 2);
		epub_buf_puts(&p->out, p->open[p->nopen - 1].name);
		epub_buf_put(&p->out, ">", 1);
	}
	p->nopen--;
}

/* Makes el the top, its start tag written: what follows is its child. */
static void page_focus(epub_page *p, epub_xel el)
{
	size_t i = page_find(p, el);

	while (p->nopen > i + 1)
		page_close_top(p);
	if (p->pending)
		page_start_tag(p, ">");
}

epub_buf *epub_page_at(epub_writer *w, epub_xel parent)
{
	page_focus(pg(w), parent);
	return &pg(w)->out;
}

epub_xel epub_page_el(epub_writer *w, epub_xel parent, const char *name)
{
	epub_page *p = pg(w);

	if (parent)
		page_focus(p, parent);
	else if (p->nopen)
		abort(); /* a second root: a bug of the caller's */
	if (p->nopen == p->capopen) {
		p->capopen = p->capopen ? 2 * p->capopen : 64;
		p->open = epub_xrealloc(p->open, p->capopen * sizeof *p->open);
	}
	epub_xopen *o = &p->open[p->nopen++];
	size_t n = strlen(name);
	/* names are the writer's and the sanitiser's allowed ones, and raw
	 * HTML's are cut to 31 bytes before they are looked up (raw.c) */
	if (n >= sizeof o->name)
		n = sizeof o->name - 1;
	memcpy(o->name, name, n);
	o->name[n] = 0;
	o->id = ++p->serial;
	p->pending = 1;
	return o->id;
}

/* Whether el is the element just made, its start tag not written. */
static int page_is_new(const epub_page *p, epub_xel el)
{
	return p->pending && p->open[p->nopen - 1].id == el;
}

/* The index of the pending attribute name[0, nlen), or nattrs. */
static size_t page_attr_find(const epub_page *p, const char *name, size_t nlen)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (p->attrs[i].nlen == nlen && !memcmp(p->abuf.s + p->attrs[i].name, name, nlen))
			break;
	return i;
}

/* Sets the attribute name of the pending top element el to value, escaped
 * (made valid first when clean). */
static void page_attr(epub_page *p, epub_xel el, const char *name, const char *value, int clean)
{
	size_t nlen = strlen(name), vlen = strlen(value), i;

	if (!page_is_new(p, el))
		abort(); /* an attribute after a child: a bug of the caller's */
	i = page_attr_find(p, name, nlen);
	if (i == p->nattrs) {
		if (p->nattrs == p->capattrs) {
			p->capattrs = p->capattrs ? 2 * p->capattrs : 8;
			p->attrs = epub_xrealloc(p->attrs, p->capattrs * sizeof *p->attrs);
		}
		p->nattrs++;
		p->attrs[i].name = p->abuf.len;
		p->attrs[i].nlen = nlen;
		epub_buf_put(&p->abuf, name, nlen);
	}
	p->attrs[i].value = p->abuf.len;
	if (clean)
		epub_buf_text(&p->abuf, value, vlen, 1);
	else
		epub_buf_escaped(&p->abuf, value, vlen, 1);
	p->attrs[i].vlen = p->abuf.len - p->attrs[i].value;
}

void epub_page_attr(epub_writer *w, epub_xel el, const char *name, const char *value)
{
	page_attr(pg(w), el, name, value, 1);
}

void epub_page_attr_as_is(epub_writer *w, epub_xel el, const char *name, const char *value)
{
	page_attr(pg(w), el, name, value, 0);
}

int epub_page_has_attr(epub_writer *w, epub_xel el, const char *name)
{
	epub_page *p = pg(w);

	return page_is_new(p, el) && page_attr_find(p, name, strlen(name)) < p->nattrs;
}

void epub_page_text(epub_writer *w, epub_xel parent, const char *s, size_t len)
{
	if (!len)
		return;
	page_focus(pg(w), parent);
	epub_buf_text(&pg(w)->out, s, len, 0);
}

const char *epub_page_name(epub_writer *w, epub_xel el)
{
	epub_page *p = pg(w);
	return p->open[page_find(p, el)].name;
}

epub_xel epub_page_child(epub_writer *w, epub_xel el)
{
	epub_page *p = pg(w);
	size_t i = page_find(p, el);
	return i + 1 < p->nopen ? p->open[i + 1].id : 0;
}

void epub_page_drop(epub_writer *w, epub_xel el)
{
	epub_page *p = pg(w);

	if (!page_is_new(p, el))
		abort(); /* only an element just made can be taken back */
	p->nopen--;
	p->nattrs = 0;
	p->abuf.len = 0;
	p->pending = 0;
}

/* A link to the stylesheet css/file in head. */
static void page_link_css(epub_writer *w, epub_xel head, const char *file)
{
	epub_xel el = epub_page_el(w, head, "link");
	char href[64];

	epub_page_attr(w, el, "rel", "stylesheet");
	epub_page_attr(w, el, "type", "text/css");
	snprintf(href, sizeof href, "css/%s", file);
	epub_page_attr(w, el, "href", href);
}

epub_xel epub_page_begin(epub_writer *w, const char *title)
{
	epub_page *p = pg(w);
	epub_xel html, head, el;

	p->out.len = 0;
	p->nopen = 0;
	p->nattrs = 0;
	p->abuf.len = 0;
	p->pending = 0;
	epub_buf_puts(&p->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
	html = epub_page_el(w, 0, "html");
	page_attr(p, html, "xmlns", EPUB_XHTML_NS, 0);
	page_attr(p, html, "xmlns:epub", EPUB_OPS_NS, 0);
	epub_page_attr(w, html, "lang", w->lang);
	epub_page_attr_as_is(w, html, "xml:lang", w->lang);
	head = epub_page_el(w, html, "head");
	el = epub_page_el(w, head, "meta");
	epub_page_attr(w, el, "charset", "utf-8");
	el = epub_page_el(w, head, "title");
	epub_page_text(w, el, title, strlen(title));
	page_link_css(w, head, "style.css");
	if (w->user_css)
		page_link_css(w, head, "user.css");
	if (w->legend_css)
		page_link_css(w, head, "legend.css");
	return epub_page_el(w, html, "body");
}

epub_buf *epub_page_end(epub_writer *w)
{
	epub_page *p = pg(w);

	while (p->nopen)
		page_close_top(p);
	epub_buf_put(&p->out, "\n", 1);
	return &p->out;
}

void epub_page_free(epub_writer *w)
{
	epub_page *p = pg(w);

	free(p->out.s);
	free(p->open);
	free(p->attrs);
	free(p->abuf.s);
}
