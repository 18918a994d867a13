/*
 * epub.h -- shared between the files of the epub writer plugin.
 *
 * epub.c    the plugin, its options, and the plan of the book: heading
 *           ids, chapters, which chapter holds which id, footnotes
 * xhtml.c   one chapter's XHTML, written by a walk over the document with
 *           an explicit stack of elements; the helpers of the pages
 *           built as libxml2 trees (title page, navigation, index)
 * page.c    a chapter's bytes, written element by element
 * math.c    math: MathML from the math filter's nodes, else TeX
 * raw.c     raw HTML parsed by libxml2's HTML parser, sanitised, imported
 * media.c   images: resolution under the notes' folder, content sniffing
 * package.c the package: OPF, NCX, nav, title page, container, the zip
 * style.c   the built-in stylesheet
 * save.c    a page's document written as XML
 * zip.c     the zip, written straight to the output
 * deflate.c the zip's compression
 * legend.c  the emoji legend box, the tags' colours, the index chapter
 */
#ifndef PCV_EPUB_H
#define PCV_EPUB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */
#include <libxml/tree.h>
#include <zlib.h>

#include "paissconv.h"
#include "../common/slug.h"

#define EPUB_XHTML_NS "http://www.w3.org/1999/xhtml"
#define EPUB_OPS_NS "http://www.idpf.org/2007/ops"
#define EPUB_MATHML_NS "http://www.w3.org/1998/Math/MathML"

/* A growable byte buffer. */
typedef struct epub_buf {
	char *s;
	size_t len, cap;
} epub_buf;

/* A string -> int map (open addressing); keys are copied. */
typedef struct epub_map {
	char **keys;
	int *vals;
	size_t cap, count;
} epub_map;

/* A pointer -> string map, for the ids the plan gives nodes. */
typedef struct epub_pmap {
	const void **keys;
	const char **vals;
	size_t cap, count;
} epub_pmap;

/* A file of the book other than the XHTML built per chapter. */
typedef struct epub_item {
	char *id;          /* manifest id */
	char *href;        /* path inside OEBPS/ */
	const char *type;  /* media type */
	char *props;       /* manifest properties or NULL */
	char *data;        /* malloc'd contents */
	size_t len;
	char *key;         /* images: the real path, to embed a file once */
} epub_item;

/* The deflate encoder's state (deflate.c), kept from file to file: zeroed
 * before the first, freed with epub_deflater_free. */
#define EPUB_DEFLATE_HASH_BITS 13
typedef struct epub_deflater {
	uint32_t head[1u << EPUB_DEFLATE_HASH_BITS]; /* last position of each hash */
	uint32_t pos;                                 /* bytes compressed so far */
	uint32_t *sym;                                /* a block's symbols */
} epub_deflater;

/* The zip being written (zip.c). */
typedef struct epub_zip {
	pcv_out *out;
	epub_deflater *df;    /* allocated on the first deflated file */
	const char *failed;   /* why the zip failed, or NULL */
	unsigned dos_time, dos_date;
	uint64_t offset;      /* bytes written so far */
	unsigned count;       /* files written */
	epub_buf cd;          /* the central directory so far */
	/* the file being added */
	const char *name;
	unsigned method;      /* 0 stored, 8 deflated */
	unsigned long crc;
	uint64_t size;
	epub_buf raw;         /* a file to deflate: its data, deflated at its end */
	epub_buf comp;        /* its data, as written in the zip */
} epub_zip;

typedef struct epub_chapter {
	pcv_node *first;   /* first top-level block */
	pcv_node *end;     /* the block after the last one, or NULL */
	char file[32];     /* "ch001.xhtml" */
	char id[16];       /* manifest id "ch001" */
	const char *title; /* text of its opening heading, or NULL */
	int has_mathml;
} epub_chapter;

typedef struct epub_note {
	pcv_node *def;
	int number;        /* 1.. in order of first reference; 0 unreferenced */
} epub_note;

/* A heading of the table of contents. */
typedef struct epub_toc {
	int level;
	int chapter;
	const char *id;
	const char *text;
} epub_toc;

/* An element of the chapter being written (page.c): its serial number. */
typedef size_t epub_xel;

typedef struct epub_xopen {
	epub_xel id;
	char name[32];
} epub_xopen;

/* The chapter being written (page.c). */
typedef struct epub_page {
	epub_buf out;         /* its bytes so far */
	epub_xopen *open;     /* the open elements, outermost first */
	size_t nopen, capopen;
	epub_xel serial;      /* the last element's */
	int pending;          /* the top one's start tag is not written yet */
	struct epub_xattr {   /* its attributes: name and value (escaped) in abuf */
		size_t name, nlen, value, vlen;
	} *attrs;
	size_t nattrs, capattrs;
	epub_buf abuf;
} epub_page;

/* A frame of the walk's element stack. */
typedef struct epub_frame {
	epub_xel el;          /* where children go */
	const pcv_node *owner;
	int raw;              /* opened by raw HTML (closed by </x> or owner's exit) */
	int phrasing;         /* only phrasing content may go here */
} epub_frame;

typedef struct epub_writer {
	pcv_ctx *ctx;
	pcv_doc *doc;
	pcv_node *root;
	int split;
	int toc_depth;
	const char *title;
	const char *lang;

	epub_pmap ids;        /* node -> its id (headings, id attributes) */
	epub_map idset;       /* every id given, -> chapter index */
	pcvc_suffixes id_suffixes; /* where each heading slug's search resumes */
	epub_chapter *chapters;
	size_t nchapters;
	epub_note *notes;
	size_t nnotes;
	epub_map notelabels;  /* label -> index in notes */
	epub_map rawids;      /* ids found in raw HTML -> chapter */
	epub_map rawused;     /* raw ids already written */
	int next_note;
	epub_toc *toc;
	size_t ntoc, captoc;

	epub_item *items;     /* images, styles, cover */
	size_t nitems, capitems;
	int nimages;
	int user_css;         /* an item css/user.css exists */
	int cover;            /* index of the cover item + 1, or 0 */

	/* the chapter being written */
	int cur;
	epub_page pg;
	xmlNsPtr ops_ns;      /* of the pages made as libxml2 trees */
	epub_frame *stack;
	size_t depth, capstack;
	int *chnotes;         /* notes referenced in this chapter, in order */
	size_t nchnotes, capchnotes;
	int *refcount;        /* per note: references so far in this chapter */
	int in_link;          /* depth of links being written (no nested <a>) */

	struct pcvc_legend *legend; /* legend.c: NULL without a legend used */
	int legend_css;       /* an item css/legend.css exists */

	/* the book being written (package.c) */
	epub_zip zip;
	time_t now;           /* SOURCE_DATE_EPOCH, else the time of the run */
	int hash_content;     /* the identifier is made from the content */
	uint64_t hash[2];
	epub_buf page;        /* save.c's buffer, kept from page to page */
	xmlDictPtr dict;      /* names of elements and attributes, for every page */
} epub_writer;

/* epub.c */
void *epub_xmalloc(size_t size);
void *epub_xrealloc(void *p, size_t size);
char *epub_xstrdup(const char *s);
void epub_buf_put(epub_buf *b, const void *s, size_t len);
void epub_buf_puts(epub_buf *b, const char *s);
int epub_map_get(const epub_map *m, const char *key, int *val);
int epub_map_put(epub_map *m, const char *key, int val);
void epub_map_free(epub_map *m);
const char *epub_pmap_get(const epub_pmap *m, const void *key);
void epub_pmap_put(epub_pmap *m, const void *key, const char *val);
int epub_note_of(epub_writer *w, const pcv_node *ref);
/* Reads a whole file; NULL (errno set) when it cannot. */
char *epub_read_file(const char *path, size_t *len);

/* xhtml.c */
/* Valid UTF-8 without the controls XML refuses, as a malloc'd string. */
char *epub_clean(const char *s, size_t len);
void epub_add_text(xmlNodePtr parent, const char *s, size_t len);
/* Appends s[0, len) made valid (epub_clean) and escaped (attr: as an
 * attribute value) to b. */
void epub_buf_text(epub_buf *b, const char *s, size_t len, int attr);
xmlNodePtr epub_el(xmlNodePtr parent, const char *name);
void epub_attr(xmlNodePtr el, const char *name, const char *value);
/* An empty document using the book's dictionary. */
xmlDocPtr epub_doc_new(epub_writer *w);
xmlDocPtr epub_xhtml_new(epub_writer *w, const char *title, xmlNodePtr *body, const char *css_up);
/* Writes chapter ch into the book. */
void epub_render_chapter(epub_writer *w, int ch);
/* The href a link's url becomes, or NULL when it cannot be kept (warned). */
const char *epub_link_href(epub_writer *w, const pcv_node *at, const char *url, char *buf,
                           size_t size);

/* page.c: the chapter's bytes.  begin starts a page (prolog, head) and
 * returns its body; el makes an element under parent (0: none); attr sets
 * an attribute of the element just made, before its first child (made
 * valid and escaped; as_is: escaped only); text adds text (made valid,
 * escaped); at makes parent the place where bytes go next and returns the
 * buffer to append them to (well-formed XML, as it is); name and child
 * (the open element just inside el, or 0) are for open elements only; end
 * closes the page and returns its bytes. */
epub_xel epub_page_begin(epub_writer *w, const char *title);
epub_xel epub_page_el(epub_writer *w, epub_xel parent, const char *name);
void epub_page_attr(epub_writer *w, epub_xel el, const char *name, const char *value);
void epub_page_attr_as_is(epub_writer *w, epub_xel el, const char *name, const char *value);
int epub_page_has_attr(epub_writer *w, epub_xel el, const char *name);
void epub_page_text(epub_writer *w, epub_xel parent, const char *s, size_t len);
epub_buf *epub_page_at(epub_writer *w, epub_xel parent);
const char *epub_page_name(epub_writer *w, epub_xel el);
epub_xel epub_page_child(epub_writer *w, epub_xel el);
/* Takes back the element just made, with its attributes: nothing of it is
 * written. */
void epub_page_drop(epub_writer *w, epub_xel el);
epub_buf *epub_page_end(epub_writer *w);
void epub_page_free(epub_writer *w);

/* math.c */
void epub_math(epub_writer *w, epub_xel parent, pcv_node *math, int display);

/* raw.c */
void epub_raw(epub_writer *w, const pcv_node *node, int block);
void epub_raw_ids(epub_writer *w, const pcv_node *node, int ch);
/* Whether an element name may stand in phrasing content. */
int epub_phrasing(const char *name);

/* media.c */
/* The manifest href of the image at url (relative to the notes), embedding
 * it on first use; NULL after a warning when it cannot be embedded. */
const char *epub_image(epub_writer *w, const pcv_node *at, const char *url);
/* The media type of an image's bytes, or NULL. */
const char *epub_sniff(const char *data, size_t len, const char **ext);
epub_item *epub_add_item(epub_writer *w, const char *id, const char *href, const char *type,
                         char *data, size_t len);

/* package.c */
/* The stylesheets and the cover: before the chapters, which link them. */
void epub_load_assets(epub_writer *w);
/* The book: open starts the zip (mimetype, container); each chapter is
 * then written with epub_book_page (content 1: part of the identifier),
 * which frees its doc; close adds the package, navigation, title page,
 * stylesheets and images and ends the zip: -1 (reported) when the zip
 * failed on the way. */
void epub_book_open(epub_writer *w, pcv_out *out);
void epub_book_page(epub_writer *w, const char *name, xmlDocPtr doc, int content);
/* The same for a page already written as bytes. */
void epub_book_page_bytes(epub_writer *w, const char *name, const char *data, size_t len,
                          int content);
int epub_book_close(epub_writer *w);

/* legend.c: the legend used (metadata legend-used) and the index of
 * tagged blocks.  prepare: after the ids, before the chapters are planned
 * (gives indexed blocks ids); assets: with the other stylesheets; box: on
 * the title page; index: after the chapters are written, adds the index
 * chapter.  All do nothing when the document has no legend. */
void epub_legend_prepare(epub_writer *w);
void epub_legend_assets(epub_writer *w);
void epub_legend_box(epub_writer *w, xmlNodePtr parent);
void epub_legend_index(epub_writer *w);
void epub_legend_free(epub_writer *w);

/* zip.c: open, then each file with add (whole) or begin, write..., end
 * (its bytes as they come), then close: -1 when the zip failed (z->failed
 * says why; the output may then hold part of it).  Names are not copied:
 * they must live until the file's end. */
void epub_zip_open(epub_zip *z, pcv_out *out, time_t mtime);
void epub_zip_add(epub_zip *z, const char *name, const void *data, size_t len, int deflate);
void epub_zip_begin(epub_zip *z, const char *name, int deflate);
void epub_zip_write(epub_zip *z, const void *data, size_t len);
void epub_zip_end(epub_zip *z);
int epub_zip_close(epub_zip *z);

/* deflate.c: appends the raw deflate stream of in[0..len) to out. */
void epub_deflate(epub_deflater *d, const unsigned char *in, size_t len, epub_buf *out);
void epub_deflater_free(epub_deflater *d);

/* save.c: whether doc holds only elements, text, attributes, namespace
 * declarations and a plain DOCTYPE; then epub_save writes it as
 * xmlSaveDoc would (UTF-8), through sink in chunks, with buf as its
 * buffer (kept for the next call; free buf->s at the end). */
int epub_save_ok(xmlDocPtr doc);
void epub_save(xmlDocPtr doc, epub_buf *buf, void (*sink)(void *, const char *, size_t),
               void *arg);
/* Appends p[0, len) escaped as XML text, or as an attribute value (attr). */
void epub_buf_escaped(epub_buf *b, const char *p, size_t len, int attr);

/* style.c */
extern const char epub_stylesheet[];

#endif
