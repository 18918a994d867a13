/* node.c -- documents, nodes, tree edits and attributes. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A node's document: the one whose arena holds it. */
static pcv_doc *node_doc(const pcv_node *n)
{
	return (pcv_doc *)((char *)pcv_arena_of(n) - offsetof(pcv_doc, arena));
}

pcv_doc *pcv_doc_new(void)
{
	pcv_doc *doc = pcv_xcalloc(1, sizeof *doc);
	doc->root = pcv_node_new(doc, PCV_NODE_DOCUMENT);
	doc->meta = pcv_meta_new(doc, PCV_META_MAP, NULL);
	doc->base_dir = ".";
	return doc;
}

void pcv_doc_free(pcv_doc *doc)
{
	if (!doc)
		return;
	free(doc->sources);
	free(doc->keys);
	free(doc->keyvals);
	free(doc->keyfns);
	free(doc->keydata);
	pcv_arena_free(&doc->arena);
	free(doc);
}

pcv_node *pcv_doc_root(const pcv_doc *doc)
{
	return doc ? doc->root : NULL;
}

void pcv_doc_add_source(pcv_doc *doc, const char *name, unsigned first_line)
{
	if (!doc || !name)
		return;
	if (doc->nsources == doc->srccap) {
		doc->srccap = doc->srccap ? 2 * doc->srccap : 4;
		doc->sources = pcv_xrealloc(doc->sources, doc->srccap * sizeof *doc->sources);
	}
	doc->sources[doc->nsources].name = pcv_doc_strdup(doc, name);
	doc->sources[doc->nsources].first_line = first_line ? first_line : 1;
	doc->nsources++;
}

const char *pcv_doc_source_at(const pcv_doc *doc, unsigned line, unsigned *file_line)
{
	if (file_line)
		*file_line = line;
	if (!doc || !doc->nsources)
		return NULL;
	/* Binary search for the last source starting at or before line. */
	size_t lo = 0, hi = doc->nsources;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->sources[mid].first_line <= line)
			lo = mid;
		else
			hi = mid;
	}
	const pcv_source *s = &doc->sources[lo];
	if (file_line && line >= s->first_line)
		*file_line = line - s->first_line + 1;
	return s->name;
}

size_t pcv_doc_source_count(const pcv_doc *doc)
{
	return doc ? doc->nsources : 0;
}

const char *pcv_doc_source_get(const pcv_doc *doc, size_t i, unsigned *first_line)
{
	if (!doc || i >= doc->nsources)
		return NULL;
	if (first_line)
		*first_line = doc->sources[i].first_line;
	return doc->sources[i].name;
}

const char *pcv_doc_base_dir(const pcv_doc *doc)
{
	return doc ? doc->base_dir : ".";
}

void pcv_doc_set_base_dir(pcv_doc *doc, const char *dir)
{
	if (doc && dir)
		doc->base_dir = pcv_doc_strdup(doc, dir);
}

static const char *const block_names[] = {
	"document", "heading", "paragraph", "block_quote", "list", "item", "code_block",
	"raw_block", "thematic_break", "table", "table_row", "table_cell", "display_math",
	"footnote_def", "div",
};
static const char *const inline_names[] = {
	"text", "softbreak", "linebreak", "code", "raw_inline", "emph", "strong",
	"strikethrough", "link", "image", "inline_math", "footnote_ref", "emoji", "span",
};
static const char *const math_names[] = {
	"math_row", "math_ident", "math_number", "math_operator", "math_text",
	"math_fraction", "math_radical", "math_scripts", "math_underover", "math_table",
	"math_table_row", "math_table_cell", "math_space", "math_style",
};

const char *pcv_node_type_name(int type)
{
	if (PCV_NODE_IS_BLOCK(type))
		return block_names[type - PCV_NODE_FIRST_BLOCK];
	if (PCV_NODE_IS_INLINE(type))
		return inline_names[type - PCV_NODE_FIRST_INLINE];
	if (PCV_NODE_IS_MATH(type))
		return math_names[type - PCV_NODE_FIRST_MATH];
	if (PCV_NODE_IS_USER(type))
		return "user";
	return "unknown";
}

static int type_known(int type)
{
	return PCV_NODE_IS_BLOCK(type) || PCV_NODE_IS_INLINE(type) || PCV_NODE_IS_MATH(type) ||
	       PCV_NODE_IS_USER(type);
}

/* The place of the rare fields' pointer in an ext, or NULL. */
static pcv_node_rare **ext_rare(const pcv_node_ext *e)
{
	if (!e || !(e->attrcap & PCV_EXT_RARE))
		return NULL;
	return (pcv_node_rare **)(void *)&e->attrs[e->attrcap & ~PCV_EXT_RARE];
}

/* A new ext for n with room for cap attributes, and for the rare fields'
 * pointer when rare: the old one's content is copied, and the old one
 * abandoned (arena memory). */
static pcv_node_ext *ext_remake(pcv_node *n, uint32_t cap, int rare)
{
	pcv_node_ext *old = n->ext, *e;
	pcv_node_rare **oldr = ext_rare(old);

	e = pcv_arena_alloc_small(pcv_arena_of(n), sizeof *e + cap * sizeof *e->attrs +
	                                                  (rare ? sizeof(pcv_node_rare *) : 0));
	e->attrcap = cap | (rare ? PCV_EXT_RARE : 0);
	if (old) {
		e->nattrs = old->nattrs;
		memcpy(e->attrs, old->attrs, old->nattrs * sizeof *e->attrs);
	}
	if (rare && oldr)
		*ext_rare(e) = *oldr;
	n->ext = e;
	return e;
}

static pcv_node_rare *node_rare(pcv_node *n)
{
	pcv_node_rare **r = ext_rare(n->ext);

	if (!r)
		r = ext_rare(ext_remake(n, n->ext ? n->ext->attrcap : 0, 1));
	if (!*r)
		*r = pcv_arena_alloc_small(pcv_arena_of(n), sizeof **r);
	return *r;
}

static const pcv_node_rare *node_rare_get(const pcv_node *n)
{
	pcv_node_rare **r = ext_rare(n->ext);
	return r ? *r : NULL;
}

static int node_type(const pcv_node *n)
{
	return n->type != PCV_NODE_TYPE_BIG ? n->type : node_rare_get(n)->type;
}

static long node_num(const pcv_node *n)
{
	return n->num != PCV_NODE_NUM_BIG ? n->num : node_rare_get(n)->num;
}

static void node_set_num(pcv_node *n, long value)
{
	if (value > INT16_MIN && value <= INT16_MAX) {
		n->num = (int16_t)value;
	} else {
		node_rare(n)->num = value;
		n->num = PCV_NODE_NUM_BIG;
	}
}

/* Whether nodes of the type are long: have room for a literal. */
static int type_is_long(int type)
{
	switch (type) {
	case PCV_NODE_CODE_BLOCK:
	case PCV_NODE_RAW_BLOCK:
	case PCV_NODE_DISPLAY_MATH:
	case PCV_NODE_TEXT:
	case PCV_NODE_CODE:
	case PCV_NODE_RAW_INLINE:
	case PCV_NODE_LINK:
	case PCV_NODE_IMAGE:
	case PCV_NODE_INLINE_MATH:
	case PCV_NODE_EMOJI:
	case PCV_NODE_MATH_IDENT:
	case PCV_NODE_MATH_NUMBER:
	case PCV_NODE_MATH_OPERATOR:
	case PCV_NODE_MATH_TEXT:
		return 1;
	}
	return PCV_NODE_IS_USER(type);
}

static const char *node_literal(const pcv_node *n)
{
	const pcv_node_rare *r;

	if (type_is_long(node_type(n)))
		return n->literal;
	r = node_rare_get(n);
	return r ? r->literal : NULL;
}

static size_t node_literal_len(const pcv_node *n)
{
	return n->literal_len != PCV_NODE_LEN_BIG ? n->literal_len : node_rare_get(n)->literal_len;
}

/* The literals of one byte (a third of a document's with math: x, 2, +)
 * take no arena. */
#define B1(c) {(char)(c), 0}
#define B4(c) B1(c), B1((c) + 1), B1((c) + 2), B1((c) + 3)
#define B16(c) B4(c), B4((c) + 4), B4((c) + 8), B4((c) + 12)
#define B64(c) B16(c), B16((c) + 16), B16((c) + 32), B16((c) + 48)
static const char one_byte[256][2] = {B64(0), B64(64), B64(128), B64(192)};

static void node_set_literal(pcv_node *n, const char *text, size_t len)
{
	const char *copy = NULL;

	if (text)
		copy = len <= 1 ? one_byte[len ? (unsigned char)text[0] : 0]
		                : pcv_doc_strndup(node_doc(n), text, len);

	if (type_is_long(node_type(n)))
		n->literal = copy;
	else if (copy || node_rare_get(n))
		node_rare(n)->literal = copy;
	if (!text)
		len = 0;
	if (len < PCV_NODE_LEN_BIG) {
		n->literal_len = (uint32_t)len;
	} else {
		node_rare(n)->literal_len = len;
		n->literal_len = PCV_NODE_LEN_BIG;
	}
}

pcv_node *pcv_node_new(pcv_doc *doc, int type)
{
	if (!type_known(type))
		type = PCV_NODE_FIRST_USER;
	pcv_node *n = pcv_arena_alloc_small(&doc->arena, type_is_long(type) ? sizeof *n
	                                                                   : PCV_NODE_SHORT_SIZE);
	if (type < PCV_NODE_TYPE_BIG) {
		n->type = (uint16_t)type;
	} else {
		node_rare(n)->type = type;
		n->type = PCV_NODE_TYPE_BIG;
	}
	if (type == PCV_NODE_HEADING)
		n->num = 1;
	return n;
}

int pcv_node_type(const pcv_node *n) { return n ? node_type(n) : PCV_NODE_NONE; }
pcv_doc *pcv_node_doc(const pcv_node *n) { return n ? node_doc(n) : NULL; }
pcv_node *pcv_node_parent(const pcv_node *n) { return n ? n->parent : NULL; }
pcv_node *pcv_node_first_child(const pcv_node *n) { return n ? n->first : NULL; }
pcv_node *pcv_node_last_child(const pcv_node *n) { return n && n->first ? n->first->prev : NULL; }
pcv_node *pcv_node_next(const pcv_node *n) { return n ? n->next : NULL; }

/* The first child's prev is the last child, not a sibling. */
pcv_node *pcv_node_prev(const pcv_node *n)
{
	return n && n->parent && n->parent->first != n ? n->prev : NULL;
}

/* Types that hold blocks. */
static int holds_blocks(int t)
{
	return t == PCV_NODE_DOCUMENT || t == PCV_NODE_BLOCK_QUOTE || t == PCV_NODE_ITEM ||
	       t == PCV_NODE_FOOTNOTE_DEF || t == PCV_NODE_DIV;
}

/* Types that hold inlines. */
static int holds_inlines(int t)
{
	switch (t) {
	case PCV_NODE_HEADING:
	case PCV_NODE_PARAGRAPH:
	case PCV_NODE_TABLE_CELL:
	case PCV_NODE_EMPH:
	case PCV_NODE_STRONG:
	case PCV_NODE_STRIKETHROUGH:
	case PCV_NODE_LINK:
	case PCV_NODE_IMAGE:
	case PCV_NODE_SPAN:
		return 1;
	}
	return 0;
}

static int holds_math(int t)
{
	switch (t) {
	case PCV_NODE_INLINE_MATH:
	case PCV_NODE_DISPLAY_MATH:
	case PCV_NODE_MATH_ROW:
	case PCV_NODE_MATH_FRACTION:
	case PCV_NODE_MATH_RADICAL:
	case PCV_NODE_MATH_SCRIPTS:
	case PCV_NODE_MATH_UNDEROVER:
	case PCV_NODE_MATH_TABLE_CELL:
	case PCV_NODE_MATH_STYLE:
		return 1;
	}
	return 0;
}

int pcv_node_can_contain(int parent, int child)
{
	if (!type_known(parent) || !type_known(child))
		return 0;
	if (child == PCV_NODE_DOCUMENT)
		return 0;
	if (PCV_NODE_IS_USER(parent) || PCV_NODE_IS_USER(child))
		return 1;
	switch (parent) {
	case PCV_NODE_LIST:
		return child == PCV_NODE_ITEM;
	case PCV_NODE_TABLE:
		return child == PCV_NODE_TABLE_ROW;
	case PCV_NODE_TABLE_ROW:
		return child == PCV_NODE_TABLE_CELL;
	case PCV_NODE_MATH_TABLE:
		return child == PCV_NODE_MATH_TABLE_ROW;
	case PCV_NODE_MATH_TABLE_ROW:
		return child == PCV_NODE_MATH_TABLE_CELL;
	}
	if (holds_blocks(parent))
		return PCV_NODE_IS_BLOCK(child) && child != PCV_NODE_ITEM &&
		       child != PCV_NODE_TABLE_ROW && child != PCV_NODE_TABLE_CELL;
	if (holds_inlines(parent))
		return PCV_NODE_IS_INLINE(child);
	if (holds_math(parent))
		return PCV_NODE_IS_MATH(child) && child != PCV_NODE_MATH_TABLE_ROW &&
		       child != PCV_NODE_MATH_TABLE_CELL;
	return 0;
}

/* Whether `node` may go under `parent`: same document, allowed type, and
 * `node` not `parent` itself nor one of its ancestors. */
static int may_attach(const pcv_node *parent, const pcv_node *node)
{
	if (!parent || !node || pcv_arena_of(parent) != pcv_arena_of(node))
		return 0;
	if (!pcv_node_can_contain(node_type(parent), node_type(node)))
		return 0;
	if (parent == node)
		return 0;
	/* Only a node with children can be an ancestor of another: readers
	 * that attach leaves and empty containers pay nothing for this. */
	if (node->first)
		for (const pcv_node *p = parent; p; p = p->parent)
			if (p == node)
				return 0;
	return 1;
}

void pcv_node_unlink(pcv_node *n)
{
	if (!n)
		return;
	pcv_node *p = n->parent;
	if (p) {
		if (p->first == n)
			p->first = n->next;
		else
			n->prev->next = n->next;
		if (n->next)
			n->next->prev = n->prev;
		else if (p->first)
			p->first->prev = n->prev; /* the new last */
	}
	n->parent = n->prev = n->next = NULL;
}

/* Links an unlinked child as the last of parent's children. */
static void node_append(pcv_node *parent, pcv_node *child)
{
	pcv_node *first = parent->first;
	child->parent = parent;
	if (first) {
		child->prev = first->prev;
		first->prev->next = child;
		first->prev = child;
	} else {
		parent->first = child;
		child->prev = child;
	}
}

int pcv_node_append_child(pcv_node *parent, pcv_node *child)
{
	if (!may_attach(parent, child))
		return 0;
	pcv_node_unlink(child);
	node_append(parent, child);
	return 1;
}

int pcv_node_prepend_child(pcv_node *parent, pcv_node *child)
{
	if (!may_attach(parent, child))
		return 0;
	pcv_node_unlink(child);
	pcv_node *first = parent->first;
	if (!first) {
		node_append(parent, child);
		return 1;
	}
	child->parent = parent;
	child->next = first;
	child->prev = first->prev;
	first->prev = child;
	parent->first = child;
	return 1;
}

int pcv_node_insert_before(pcv_node *node, pcv_node *sibling)
{
	if (!node || !sibling || node == sibling || !may_attach(node->parent, sibling))
		return 0;
	pcv_node_unlink(sibling);
	pcv_node *p = node->parent;
	sibling->parent = p;
	sibling->prev = node->prev;
	sibling->next = node;
	if (p->first == node)
		p->first = sibling;
	else
		node->prev->next = sibling;
	node->prev = sibling;
	return 1;
}

int pcv_node_insert_after(pcv_node *node, pcv_node *sibling)
{
	if (!node || !sibling || node == sibling || !may_attach(node->parent, sibling))
		return 0;
	pcv_node_unlink(sibling);
	pcv_node *p = node->parent;
	sibling->parent = p;
	sibling->next = node->next;
	sibling->prev = node;
	if (node->next)
		node->next->prev = sibling;
	else
		p->first->prev = sibling;
	node->next = sibling;
	return 1;
}

int pcv_node_replace(pcv_node *node, pcv_node *with)
{
	if (!node || !with || node == with)
		return 0;
	/* `with` must not contain `node`: may_attach checks the ancestors of
	 * node's parent, which include node's ancestors only. */
	for (const pcv_node *p = node; p; p = p->parent)
		if (p == with)
			return 0;
	if (!pcv_node_insert_before(node, with))
		return 0;
	pcv_node_unlink(node);
	return 1;
}

unsigned pcv_node_line(const pcv_node *n) { return n ? n->line : 0; }
unsigned pcv_node_column(const pcv_node *n) { return n ? n->column : 0; }

void pcv_node_set_position(pcv_node *n, unsigned line, unsigned column)
{
	if (n) {
		n->line = line;
		n->column = column;
	}
}

#define IS(n, t) ((n) && node_type(n) == (t))

/* Links and images have children, not text: their title lives in the
 * literal's place. */
static int has_title(const pcv_node *n)
{
	return IS(n, PCV_NODE_LINK) || IS(n, PCV_NODE_IMAGE);
}

const char *pcv_node_literal(const pcv_node *n) { return n && !has_title(n) ? node_literal(n) : NULL; }
size_t pcv_node_literal_len(const pcv_node *n)
{
	return n && !has_title(n) && node_literal(n) ? node_literal_len(n) : 0;
}

int pcv_node_set_literal_len(pcv_node *n, const char *text, size_t len)
{
	if (!n || has_title(n))
		return 0;
	node_set_literal(n, text, len);
	return 1;
}

int pcv_node_set_literal(pcv_node *n, const char *text)
{
	return pcv_node_set_literal_len(n, text, text ? strlen(text) : 0);
}

int pcv_node_heading_level(const pcv_node *n) { return IS(n, PCV_NODE_HEADING) ? (int)node_num(n) : 0; }

int pcv_node_set_heading_level(pcv_node *n, int level)
{
	if (!IS(n, PCV_NODE_HEADING) || level < 1 || level > 6)
		return 0;
	node_set_num(n, level);
	return 1;
}

pcv_list_type pcv_node_list_type(const pcv_node *n)
{
	return IS(n, PCV_NODE_LIST) && node_rare_get(n) ? (pcv_list_type)node_rare_get(n)->list_type
	                                                : PCV_LIST_NONE;
}

int pcv_node_set_list_type(pcv_node *n, pcv_list_type type)
{
	if (!IS(n, PCV_NODE_LIST) || (type != PCV_LIST_BULLET && type != PCV_LIST_ORDERED))
		return 0;
	node_rare(n)->list_type = type;
	return 1;
}

int pcv_node_list_start(const pcv_node *n) { return IS(n, PCV_NODE_LIST) ? (int)node_num(n) : 0; }

int pcv_node_set_list_start(pcv_node *n, int start)
{
	if (!IS(n, PCV_NODE_LIST) || start < 0)
		return 0;
	node_set_num(n, start);
	return 1;
}

int pcv_node_list_tight(const pcv_node *n)
{
	return IS(n, PCV_NODE_LIST) && node_rare_get(n) ? node_rare_get(n)->tight : 0;
}

int pcv_node_set_list_tight(pcv_node *n, int tight)
{
	if (!IS(n, PCV_NODE_LIST))
		return 0;
	node_rare(n)->tight = tight != 0;
	return 1;
}

char pcv_node_list_delim(const pcv_node *n)
{
	return IS(n, PCV_NODE_LIST) && node_rare_get(n) ? node_rare_get(n)->delim : 0;
}

int pcv_node_set_list_delim(pcv_node *n, char delim)
{
	if (!IS(n, PCV_NODE_LIST) || (delim != '.' && delim != ')' && delim != 0))
		return 0;
	node_rare(n)->delim = delim;
	return 1;
}

pcv_task pcv_node_task(const pcv_node *n)
{
	return IS(n, PCV_NODE_ITEM) ? (pcv_task)node_num(n) : PCV_TASK_NONE;
}

int pcv_node_set_task(pcv_node *n, pcv_task task)
{
	if (!IS(n, PCV_NODE_ITEM) || task < PCV_TASK_NONE || task > PCV_TASK_DONE)
		return 0;
	node_set_num(n, task);
	return 1;
}

pcv_align pcv_node_align(const pcv_node *n)
{
	return IS(n, PCV_NODE_TABLE_CELL) ? (pcv_align)node_num(n) : PCV_ALIGN_NONE;
}

int pcv_node_set_align(pcv_node *n, pcv_align align)
{
	if (!IS(n, PCV_NODE_TABLE_CELL) || align < PCV_ALIGN_NONE || align > PCV_ALIGN_RIGHT)
		return 0;
	node_set_num(n, align);
	return 1;
}

int pcv_node_is_header(const pcv_node *n) { return IS(n, PCV_NODE_TABLE_ROW) ? node_num(n) != 0 : 0; }

int pcv_node_set_header(pcv_node *n, int header)
{
	if (!IS(n, PCV_NODE_TABLE_ROW))
		return 0;
	node_set_num(n, header != 0);
	return 1;
}

/* The url, info and label share the rare url field. */
static const char *node_url(const pcv_node *n)
{
	const pcv_node_rare *r = node_rare_get(n);
	return r ? r->url : NULL;
}

static void node_set_url(pcv_node *n, const char *url)
{
	if (url || node_rare_get(n))
		node_rare(n)->url = pcv_doc_strdup(node_doc(n), url);
}

static int is_linkish(const pcv_node *n)
{
	return has_title(n) || (n && PCV_NODE_IS_USER(node_type(n)));
}

const char *pcv_node_url(const pcv_node *n) { return is_linkish(n) ? node_url(n) : NULL; }

int pcv_node_set_url(pcv_node *n, const char *url)
{
	if (!is_linkish(n))
		return 0;
	node_set_url(n, url);
	return 1;
}

const char *pcv_node_title(const pcv_node *n) { return has_title(n) ? n->literal : NULL; }

int pcv_node_set_title(pcv_node *n, const char *title)
{
	if (!has_title(n))
		return 0;
	node_set_literal(n, title, title ? strlen(title) : 0);
	return 1;
}

static int has_info(const pcv_node *n)
{
	if (!n)
		return 0;
	int t = node_type(n);
	return t == PCV_NODE_CODE_BLOCK || t == PCV_NODE_RAW_BLOCK || t == PCV_NODE_RAW_INLINE ||
	       PCV_NODE_IS_USER(t);
}

const char *pcv_node_info(const pcv_node *n) { return has_info(n) ? node_url(n) : NULL; }

int pcv_node_set_info(pcv_node *n, const char *info)
{
	if (!has_info(n))
		return 0;
	node_set_url(n, info);
	return 1;
}

static int has_label(const pcv_node *n)
{
	return IS(n, PCV_NODE_FOOTNOTE_DEF) || IS(n, PCV_NODE_FOOTNOTE_REF);
}

const char *pcv_node_label(const pcv_node *n) { return has_label(n) ? node_url(n) : NULL; }

int pcv_node_set_label(pcv_node *n, const char *label)
{
	if (!has_label(n))
		return 0;
	node_set_url(n, label);
	return 1;
}

static int has_int(const pcv_node *n)
{
	if (!n)
		return 0;
	int t = node_type(n);
	return PCV_NODE_IS_MATH(t) || PCV_NODE_IS_USER(t);
}

long pcv_node_int(const pcv_node *n) { return has_int(n) ? node_num(n) : 0; }

int pcv_node_set_int(pcv_node *n, long value)
{
	if (!has_int(n))
		return 0;
	node_set_num(n, value);
	return 1;
}

/* The value of a computed attribute not read yet, told by its address. */
static const char attr_pending[] = "";

static const char *intern_value(pcv_doc *doc, size_t i, const char *value);

/* The value of n's i-th attribute, computed first when it is pending. */
static const char *attr_value(const pcv_node *cn, size_t i)
{
	pcv_node *n = (pcv_node *)cn;
	const char *key = n->ext->attrs[i].key;
	if (n->ext->attrs[i].value != attr_pending)
		return n->ext->attrs[i].value;
	/* pending keys are in the key table (pcv_node_set_attr_fn) */
	pcv_doc *doc = node_doc(n);
	size_t ki = 0;
	while (doc->keys[ki] != key)
		ki++;
	n->ext->attrs[i].value = ""; /* what fn meets if it reads its own key */
	const char *v = doc->keyfns[ki](n, doc->keydata[ki]);
	v = intern_value(doc, ki, v ? v : "");
	/* fn may have set attributes of n: the ext may have moved */
	pcv_node_ext *e = n->ext;
	for (size_t j = 0; j < e->nattrs; j++)
		if (e->attrs[j].key == key)
			e->attrs[j].value = v;
	return v;
}

const char *pcv_node_get_attr(const pcv_node *n, const char *key)
{
	if (!n || !key || !n->ext)
		return NULL;
	const pcv_node_ext *e = n->ext;
	for (size_t i = 0; i < e->nattrs; i++)
		if (strcmp(e->attrs[i].key, key) == 0)
			return attr_value(n, i);
	return NULL;
}

/* Attribute keys are few ("tag", "class", "text", "mathvariant"...) and
 * set on many nodes: the document keeps one copy of each.  Returns the
 * key's index in doc->keys, or doc->nkeys when the table is full. */
static size_t intern_key(pcv_doc *doc, const char *key, const char **copy)
{
	size_t i;

	for (i = 0; i < doc->nkeys; i++)
		if (strcmp(doc->keys[i], key) == 0) {
			*copy = doc->keys[i];
			return i;
		}
	*copy = pcv_doc_strdup(doc, key);
	if (doc->nkeys == 64)
		return i;
	if (doc->nkeys == doc->keycap) {
		doc->keycap = doc->keycap ? 2 * doc->keycap : 8;
		doc->keys = pcv_xrealloc(doc->keys, doc->keycap * sizeof *doc->keys);
		doc->keyvals = pcv_xrealloc(doc->keyvals, doc->keycap * sizeof *doc->keyvals);
		doc->keyfns = pcv_xrealloc(doc->keyfns, doc->keycap * sizeof *doc->keyfns);
		doc->keydata = pcv_xrealloc(doc->keydata, doc->keycap * sizeof *doc->keydata);
	}
	doc->keys[i] = *copy;
	doc->keyvals[i] = NULL;
	doc->keyfns[i] = NULL;
	doc->keydata[i] = NULL;
	doc->nkeys++;
	return i;
}

/* A copy of the value of key i: the same as the key's last value shares
 * its copy ("mathvariant" is "normal" on run after run of nodes). */
static const char *intern_value(pcv_doc *doc, size_t i, const char *value)
{
	if (i < doc->nkeys && doc->keyvals[i] && strcmp(doc->keyvals[i], value) == 0)
		return doc->keyvals[i];
	const char *copy = pcv_doc_strdup(doc, value);
	if (i < doc->nkeys)
		doc->keyvals[i] = copy;
	return copy;
}

/* Sets n's attribute key to value, both already the document's copies. */
static int attr_put(pcv_node *n, const char *key, const char *value)
{
	pcv_node_ext *e = n->ext;
	for (size_t i = 0; e && i < e->nattrs; i++)
		if (strcmp(e->attrs[i].key, key) == 0) {
			e->attrs[i].value = value;
			return 1;
		}
	if (!e || e->nattrs == (e->attrcap & ~PCV_EXT_RARE)) {
		/* Most nodes that have attributes have one. */
		uint32_t cap = e ? e->attrcap & ~PCV_EXT_RARE : 0;
		if (cap >= PCV_EXT_RARE / 2)
			return 0;
		e = ext_remake(n, cap ? 2 * cap : 1, ext_rare(e) != NULL);
	}
	e->attrs[e->nattrs].key = key;
	e->attrs[e->nattrs].value = value;
	e->nattrs++;
	return 1;
}

int pcv_node_set_attr(pcv_node *n, const char *key, const char *value)
{
	if (!n || !key || !*key)
		return 0;
	pcv_node_ext *e = n->ext;
	if (!value) {
		for (size_t i = 0; e && i < e->nattrs; i++)
			if (strcmp(e->attrs[i].key, key) == 0) {
				memmove(&e->attrs[i], &e->attrs[i + 1], (e->nattrs - i - 1) * sizeof *e->attrs);
				e->nattrs--;
				break;
			}
		return 1;
	}
	pcv_doc *doc = node_doc(n);
	const char *k;
	size_t ki = intern_key(doc, key, &k);
	return attr_put(n, k, intern_value(doc, ki, value));
}

int pcv_node_set_attr_fn(pcv_node *n, const char *key, pcv_attr_fn fn, void *data)
{
	if (!n || !key || !*key || !fn)
		return 0;
	pcv_doc *doc = node_doc(n);
	const char *k;
	size_t ki = intern_key(doc, key, &k);
	if (ki == doc->nkeys) { /* the key table is full: computed now */
		const char *v = fn(n, data);
		return pcv_node_set_attr(n, key, v ? v : "");
	}
	doc->keyfns[ki] = fn;
	doc->keydata[ki] = data;
	return attr_put(n, k, attr_pending);
}

size_t pcv_node_attr_count(const pcv_node *n) { return n && n->ext ? n->ext->nattrs : 0; }

int pcv_node_attr_at(const pcv_node *n, size_t i, const char **key, const char **value)
{
	if (!n || !n->ext || i >= n->ext->nattrs)
		return 0;
	if (key)
		*key = n->ext->attrs[i].key;
	if (value)
		*value = attr_value(n, i);
	return 1;
}

const char *pcv_node_text(pcv_node *node)
{
	if (!node)
		return NULL;
	pcv_buf b = {0};
	pcv_iter it;
	pcv_iter_init(&it, node);
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		if (ev != PCV_EVENT_ENTER)
			continue;
		switch (node_type(n)) {
		case PCV_NODE_SOFTBREAK:
		case PCV_NODE_LINEBREAK:
			pcv_buf_add(&b, " ", 1);
			break;
		case PCV_NODE_INLINE_MATH:
		case PCV_NODE_DISPLAY_MATH:
			if (node_literal(n))
				pcv_buf_add(&b, node_literal(n), node_literal_len(n));
			pcv_iter_skip_children(&it);
			break;
		case PCV_NODE_TEXT:
		case PCV_NODE_CODE:
		case PCV_NODE_EMOJI:
			if (node_literal(n))
				pcv_buf_add(&b, node_literal(n), node_literal_len(n));
			break;
		}
	}
	const char *s = pcv_doc_strndup(node_doc(node), b.data ? b.data : "", b.len);
	pcv_buf_free(&b);
	return s;
}
