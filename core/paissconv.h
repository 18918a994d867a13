/*
 * paissconv.h -- the public API of libpaissconv.
 *
 * This header is the plugin author's manual.  It describes the document
 * tree, its iterator, attributes and metadata, diagnostics, options, output
 * and the registration of readers, filters and writers.
 *
 * ABI policy
 * ----------
 * PCV_ABI_MAJOR changes when something a compiled plugin relies on changes
 * meaning: a function is removed or changes signature, a struct field moves,
 * a node type number changes.  A plugin built for another major is refused.
 * PCV_ABI_MINOR grows when something is only added: a function, a node type,
 * an enum value, a field appended at the end of a capability struct.  A
 * plugin built against a newer minor than the host's is refused (it may call
 * what the host lacks); one built against an older minor is accepted.
 * Capability structs (pcv_reader, pcv_filter, pcv_writer) begin with their
 * own size, set by the plugin to sizeof the struct it was compiled with, so
 * the host knows which trailing fields the plugin knows about.  Fields are
 * appended, never reordered or removed.
 *
 * Ownership
 * ---------
 * Every node, string and metadata value of a document lives in the
 * document's arena and is freed with it by pcv_doc_free().  No one frees a
 * node.  Strings returned by accessors stay valid until the document is
 * freed or the same field is set again.  Functions that take a string copy
 * it into the arena.
 *
 * Errors
 * ------
 * Functions that edit the tree return 1 on success and 0 when they refuse
 * (a NULL argument, a node of another document, a containment the tree does
 * not allow, a cycle); a refused edit leaves the tree as it was.
 * Accessors given NULL or a node of the wrong type return 0, NULL or the
 * documented neutral value.  Allocation failure aborts the process with a
 * message: callers never check allocations.
 *
 * Threads
 * -------
 * Run one conversion at a time in a process.  Contexts and documents are
 * separate objects, but a conversion also uses state of the whole process:
 * pcv_write_file() keeps its temporary file where its signal handlers can
 * remove it, the math filter builds its command index once, and the PDF
 * writer makes its font configuration fontconfig's current one.  Several
 * conversions in turn in one process are fine (the test suite and the
 * fuzzers do that); at once in several threads they are not.
 */
#ifndef PAISSCONV_H
#define PAISSCONV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PCV_EXPORT __attribute__((visibility("default")))
#define PCV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PCV_EXPORT
#define PCV_PRINTF(f, a)
#endif

#define PCV_ABI_MAJOR 1
#define PCV_ABI_MINOR 1

/* The library's version string, e.g. "0.1.0". */
PCV_EXPORT const char *pcv_version(void);

/* ------------------------------------------------------------------ */
/* Node types                                                          */
/* ------------------------------------------------------------------ */

/*
 * Node types (plain ints in the API; the enum names them).
 * Types are grouped in ranges so that a kind check is a range check.  The
 * numbers are part of the ABI.  Plugins may make nodes of their own types
 * from PCV_NODE_FIRST_USER upwards; writers render the children of a type
 * they do not know, and never fail on it.
 */
enum pcv_node_type {
	PCV_NODE_NONE = 0,

	/* Blocks. */
	PCV_NODE_DOCUMENT = 0x100,
	PCV_NODE_HEADING,        /* level 1..6 */
	PCV_NODE_PARAGRAPH,
	PCV_NODE_BLOCK_QUOTE,
	PCV_NODE_LIST,           /* children: ITEM */
	PCV_NODE_ITEM,           /* task state: pcv_node_task() */
	PCV_NODE_CODE_BLOCK,     /* literal: code; info: fence info string */
	PCV_NODE_RAW_BLOCK,      /* literal: raw text; info: format ("html") */
	PCV_NODE_THEMATIC_BREAK,
	PCV_NODE_TABLE,          /* children: TABLE_ROW, the first may be a header */
	PCV_NODE_TABLE_ROW,      /* children: TABLE_CELL */
	PCV_NODE_TABLE_CELL,     /* alignment: pcv_node_align() */
	PCV_NODE_DISPLAY_MATH,   /* literal: TeX; children: math nodes, if parsed */
	PCV_NODE_FOOTNOTE_DEF,   /* label: pcv_node_label() */
	PCV_NODE_DIV,            /* generic container; attribute "class" */
	PCV_NODE_FIRST_BLOCK = PCV_NODE_DOCUMENT,
	PCV_NODE_LAST_BLOCK = PCV_NODE_DIV,

	/* Inlines. */
	PCV_NODE_TEXT = 0x200,   /* literal */
	PCV_NODE_SOFTBREAK,
	PCV_NODE_LINEBREAK,
	PCV_NODE_CODE,           /* literal */
	PCV_NODE_RAW_INLINE,     /* literal; info: format */
	PCV_NODE_EMPH,
	PCV_NODE_STRONG,
	PCV_NODE_STRIKETHROUGH,
	PCV_NODE_LINK,           /* url, title; children: link text */
	PCV_NODE_IMAGE,          /* url, title; children: alt text */
	PCV_NODE_INLINE_MATH,    /* literal: TeX; children: math nodes, if parsed */
	PCV_NODE_FOOTNOTE_REF,   /* label */
	PCV_NODE_EMOJI,          /* literal: the emoji as UTF-8 */
	PCV_NODE_SPAN,           /* generic inline container; attribute "class" */
	PCV_NODE_FIRST_INLINE = PCV_NODE_TEXT,
	PCV_NODE_LAST_INLINE = PCV_NODE_SPAN,

	/* Math, MathML-shaped; children of INLINE_MATH and DISPLAY_MATH. */
	PCV_NODE_MATH_ROW = 0x300, /* mrow */
	PCV_NODE_MATH_IDENT,       /* mi; literal */
	PCV_NODE_MATH_NUMBER,      /* mn; literal */
	PCV_NODE_MATH_OPERATOR,    /* mo; literal; flags: PCV_MATH_* */
	PCV_NODE_MATH_TEXT,        /* mtext; literal */
	PCV_NODE_MATH_FRACTION,    /* mfrac: numerator, denominator */
	PCV_NODE_MATH_RADICAL,     /* msqrt / mroot: radicand [, index] */
	PCV_NODE_MATH_SCRIPTS,     /* msub/msup/msubsup: base, sub, sup (an empty MATH_ROW when absent) */
	PCV_NODE_MATH_UNDEROVER,   /* munder/mover/munderover: base, under, over (empty rows when absent) */
	PCV_NODE_MATH_TABLE,       /* mtable: MATH_TABLE_ROW children */
	PCV_NODE_MATH_TABLE_ROW,   /* mtr: MATH_TABLE_CELL children */
	PCV_NODE_MATH_TABLE_CELL,  /* mtd */
	PCV_NODE_MATH_SPACE,       /* mspace; width in 1/18 em: pcv_node_int() */
	PCV_NODE_MATH_STYLE,       /* mstyle; MathML attributes (mathvariant, displaystyle, mathcolor) */
	PCV_NODE_FIRST_MATH = PCV_NODE_MATH_ROW,
	PCV_NODE_LAST_MATH = PCV_NODE_MATH_STYLE,

	PCV_NODE_FIRST_USER = 0x1000
};

#define PCV_NODE_IS_BLOCK(t) ((t) >= PCV_NODE_FIRST_BLOCK && (t) <= PCV_NODE_LAST_BLOCK)
#define PCV_NODE_IS_INLINE(t) ((t) >= PCV_NODE_FIRST_INLINE && (t) <= PCV_NODE_LAST_INLINE)
#define PCV_NODE_IS_MATH(t) ((t) >= PCV_NODE_FIRST_MATH && (t) <= PCV_NODE_LAST_MATH)
#define PCV_NODE_IS_USER(t) ((t) >= PCV_NODE_FIRST_USER)

/* Flags of MATH_OPERATOR nodes (pcv_node_int()). */
#define PCV_MATH_STRETCHY 0x1
#define PCV_MATH_LARGE 0x2
#define PCV_MATH_LIMITS 0x4
#define PCV_MATH_PREFIX 0x8
#define PCV_MATH_POSTFIX 0x10
#define PCV_MATH_FENCE 0x20

/* Font variants of MATH_STYLE nodes (pcv_node_int()); the node's
 * "mathvariant" attribute carries MathML's name of the same variant.  0
 * means the style changes no variant (it sets displaystyle, scriptlevel or
 * mathcolor instead). */
enum pcv_mathvariant {
	PCV_MATHVARIANT_NONE = 0,
	PCV_MATHVARIANT_NORMAL,          /* "normal"            \mathrm \operatorname */
	PCV_MATHVARIANT_BOLD,            /* "bold"              \mathbf */
	PCV_MATHVARIANT_ITALIC,          /* "italic"            \mathit */
	PCV_MATHVARIANT_BOLD_ITALIC,     /* "bold-italic"       \boldsymbol \bm */
	PCV_MATHVARIANT_DOUBLE_STRUCK,   /* "double-struck"     \mathbb */
	PCV_MATHVARIANT_SCRIPT,          /* "script"            \mathcal \mathscr */
	PCV_MATHVARIANT_FRAKTUR,         /* "fraktur"           \mathfrak */
	PCV_MATHVARIANT_SANS_SERIF,      /* "sans-serif"        \mathsf */
	PCV_MATHVARIANT_MONOSPACE,       /* "monospace"         \mathtt */
	PCV_MATHVARIANT_BOLD_SCRIPT,     /* "bold-script"       \mathbfcal */
	PCV_MATHVARIANT_BOLD_FRAKTUR,    /* "bold-fraktur"      \mathbffrak */
	PCV_MATHVARIANT_BOLD_SANS_SERIF  /* "bold-sans-serif"   \mathbfsf */
};

typedef enum pcv_list_type {
	PCV_LIST_NONE = 0,
	PCV_LIST_BULLET,
	PCV_LIST_ORDERED
} pcv_list_type;

typedef enum pcv_task {
	PCV_TASK_NONE = 0,   /* an ordinary item */
	PCV_TASK_OPEN,       /* [ ] */
	PCV_TASK_DONE        /* [x] */
} pcv_task;

typedef enum pcv_align {
	PCV_ALIGN_NONE = 0,
	PCV_ALIGN_LEFT,
	PCV_ALIGN_CENTER,
	PCV_ALIGN_RIGHT
} pcv_align;

/* The type's name in lower case ("heading", "inline_math"), or "user" for
 * plugin types and "unknown" for numbers outside every range. */
PCV_EXPORT const char *pcv_node_type_name(int type);

/* ------------------------------------------------------------------ */
/* Documents and nodes                                                 */
/* ------------------------------------------------------------------ */

typedef struct pcv_doc pcv_doc;
typedef struct pcv_node pcv_node;
typedef struct pcv_meta pcv_meta;

/* A new, empty document whose root is a DOCUMENT node.  Free it with
 * pcv_doc_free(). */
PCV_EXPORT pcv_doc *pcv_doc_new(void);
/* Frees the document and everything in its arena.  NULL is ignored. */
PCV_EXPORT void pcv_doc_free(pcv_doc *doc);
PCV_EXPORT pcv_node *pcv_doc_root(const pcv_doc *doc);

/* Arena memory: lives until pcv_doc_free().  Never NULL. */
PCV_EXPORT void *pcv_doc_alloc(pcv_doc *doc, size_t size);
/* A NUL-terminated copy of the first len bytes of s (s may hold NULs only
 * if the caller accepts the truncation this implies for readers). */
PCV_EXPORT char *pcv_doc_strndup(pcv_doc *doc, const char *s, size_t len);
PCV_EXPORT char *pcv_doc_strdup(pcv_doc *doc, const char *s);

/*
 * Sources.  Several inputs are read as one text; the document records where
 * each begins so that a line of the whole maps back to a file and a line of
 * it.  pcv_doc_add_source() says that line first_line of the whole (1-based)
 * is line 1 of the file name.  Sources must be added in increasing order.
 */
PCV_EXPORT void pcv_doc_add_source(pcv_doc *doc, const char *name, unsigned first_line);
/* The file holding line `line` of the whole text, and the line within it
 * (written to *file_line when not NULL).  NULL when there are no sources. */
PCV_EXPORT const char *pcv_doc_source_at(const pcv_doc *doc, unsigned line, unsigned *file_line);
/* The number of sources, and source i with its first line (NULL when i is
 * out of range). */
PCV_EXPORT size_t pcv_doc_source_count(const pcv_doc *doc);
PCV_EXPORT const char *pcv_doc_source_get(const pcv_doc *doc, size_t i, unsigned *first_line);
/* The folder of the first source ("." for standard input); images and other
 * resources are resolved against it. */
PCV_EXPORT const char *pcv_doc_base_dir(const pcv_doc *doc);
PCV_EXPORT void pcv_doc_set_base_dir(pcv_doc *doc, const char *dir);

/* Resource folders (--resource-path): where images and other files the
 * notes name are looked for after the base folder. */
PCV_EXPORT void pcv_doc_add_resource_dir(pcv_doc *doc, const char *dir);
PCV_EXPORT size_t pcv_doc_resource_dir_count(const pcv_doc *doc);
PCV_EXPORT const char *pcv_doc_resource_dir_get(const pcv_doc *doc, size_t i);

typedef enum pcv_resource {
	PCV_RESOURCE_FOUND = 0,  /* *path is the file's real path */
	PCV_RESOURCE_MISSING,    /* no such file in any folder */
	PCV_RESOURCE_REMOTE,     /* a URL with a scheme (https:, data:) or "//" */
	PCV_RESOURCE_ESCAPES     /* the file lies outside every allowed folder */
} pcv_resource;

/*
 * Finds the local file a URL in the notes names (an image's destination):
 * "file:" and %XX decoded, query and fragment cut, then looked up relative
 * to the base folder and each resource folder in turn.  The file's real
 * path (links resolved) must lie inside the base folder or a resource
 * folder, or it is refused as ESCAPES: notes cannot make a writer embed
 * /etc/passwd.  Remote URLs are never fetched.  *path (when path is not
 * NULL) receives the real path, in the arena, or NULL.
 */
PCV_EXPORT pcv_resource pcv_doc_find_resource(pcv_doc *doc, const char *url, const char **path);

/* A new node of the given type, not yet in the tree.  Never NULL. */
PCV_EXPORT pcv_node *pcv_node_new(pcv_doc *doc, int type);
PCV_EXPORT int pcv_node_type(const pcv_node *node);
PCV_EXPORT pcv_doc *pcv_node_doc(const pcv_node *node);

PCV_EXPORT pcv_node *pcv_node_parent(const pcv_node *node);
PCV_EXPORT pcv_node *pcv_node_first_child(const pcv_node *node);
PCV_EXPORT pcv_node *pcv_node_last_child(const pcv_node *node);
PCV_EXPORT pcv_node *pcv_node_next(const pcv_node *node);
PCV_EXPORT pcv_node *pcv_node_prev(const pcv_node *node);

/* Whether a node of type `child` may be a child of one of type `parent`.
 * User types may hold and be held by anything. */
PCV_EXPORT int pcv_node_can_contain(int parent, int child);

/* Tree edits.  Each returns 1, or 0 and changes nothing when refused.  A
 * node that is already in the tree is first unlinked from where it was. */
PCV_EXPORT int pcv_node_append_child(pcv_node *parent, pcv_node *child);
PCV_EXPORT int pcv_node_prepend_child(pcv_node *parent, pcv_node *child);
PCV_EXPORT int pcv_node_insert_before(pcv_node *node, pcv_node *sibling);
PCV_EXPORT int pcv_node_insert_after(pcv_node *node, pcv_node *sibling);
/* Puts `with` where `node` is and unlinks `node`. */
PCV_EXPORT int pcv_node_replace(pcv_node *node, pcv_node *with);
/* Takes the node (with its subtree) out of the tree; it stays in the arena
 * and may be inserted again. */
PCV_EXPORT void pcv_node_unlink(pcv_node *node);

/* Source position of the node's first character, 1-based; 0 when unknown.
 * The line counts in the whole text: see pcv_doc_source_at(). */
PCV_EXPORT unsigned pcv_node_line(const pcv_node *node);
PCV_EXPORT unsigned pcv_node_column(const pcv_node *node);
PCV_EXPORT void pcv_node_set_position(pcv_node *node, unsigned line, unsigned column);

/* The node's text: TEXT, CODE, CODE_BLOCK, RAW_*, *_MATH (TeX), EMOJI, and
 * the leaf math nodes.  NULL when it has none.  The _len form stores the
 * length; text may then hold NUL bytes. */
PCV_EXPORT const char *pcv_node_literal(const pcv_node *node);
PCV_EXPORT size_t pcv_node_literal_len(const pcv_node *node);
PCV_EXPORT int pcv_node_set_literal(pcv_node *node, const char *text);
PCV_EXPORT int pcv_node_set_literal_len(pcv_node *node, const char *text, size_t len);

/* HEADING: level 1..6 (0 for other nodes).  Setting refuses other levels. */
PCV_EXPORT int pcv_node_heading_level(const pcv_node *node);
PCV_EXPORT int pcv_node_set_heading_level(pcv_node *node, int level);

/* LIST: type, start number (ordered), tightness, delimiter ('.' or ')'). */
PCV_EXPORT pcv_list_type pcv_node_list_type(const pcv_node *node);
PCV_EXPORT int pcv_node_set_list_type(pcv_node *node, pcv_list_type type);
PCV_EXPORT int pcv_node_list_start(const pcv_node *node);
PCV_EXPORT int pcv_node_set_list_start(pcv_node *node, int start);
PCV_EXPORT int pcv_node_list_tight(const pcv_node *node);
PCV_EXPORT int pcv_node_set_list_tight(pcv_node *node, int tight);
PCV_EXPORT char pcv_node_list_delim(const pcv_node *node);
PCV_EXPORT int pcv_node_set_list_delim(pcv_node *node, char delim);

/* ITEM: task state. */
PCV_EXPORT pcv_task pcv_node_task(const pcv_node *node);
PCV_EXPORT int pcv_node_set_task(pcv_node *node, pcv_task task);

/* TABLE_CELL: alignment.  TABLE_ROW: whether it is the header row. */
PCV_EXPORT pcv_align pcv_node_align(const pcv_node *node);
PCV_EXPORT int pcv_node_set_align(pcv_node *node, pcv_align align);
PCV_EXPORT int pcv_node_is_header(const pcv_node *node);
PCV_EXPORT int pcv_node_set_header(pcv_node *node, int header);

/* LINK, IMAGE: destination and title (NULL when none).  These nodes have
 * no literal: their text is their children. */
PCV_EXPORT const char *pcv_node_url(const pcv_node *node);
PCV_EXPORT int pcv_node_set_url(pcv_node *node, const char *url);
PCV_EXPORT const char *pcv_node_title(const pcv_node *node);
PCV_EXPORT int pcv_node_set_title(pcv_node *node, const char *title);

/* CODE_BLOCK: the fence info string; RAW_BLOCK, RAW_INLINE: the format. */
PCV_EXPORT const char *pcv_node_info(const pcv_node *node);
PCV_EXPORT int pcv_node_set_info(pcv_node *node, const char *info);

/* FOOTNOTE_DEF, FOOTNOTE_REF: the label that ties them together. */
PCV_EXPORT const char *pcv_node_label(const pcv_node *node);
PCV_EXPORT int pcv_node_set_label(pcv_node *node, const char *label);

/* An integer whose meaning depends on the type (math flags, variant,
 * space width; free for user types).  0 by default. */
PCV_EXPORT long pcv_node_int(const pcv_node *node);
PCV_EXPORT int pcv_node_set_int(pcv_node *node, long value);

/* Attributes: a small ordered key=value list on every node, the way
 * filters annotate ("tag", "class", "id").  get returns NULL when absent;
 * set replaces an existing key; a NULL value removes the key. */
PCV_EXPORT const char *pcv_node_get_attr(const pcv_node *node, const char *key);
PCV_EXPORT int pcv_node_set_attr(pcv_node *node, const char *key, const char *value);
PCV_EXPORT size_t pcv_node_attr_count(const pcv_node *node);
/* The i-th attribute; returns 0 when i is out of range.  Either of key and
 * value may be NULL: asking for the key alone never computes a value. */
PCV_EXPORT int pcv_node_attr_at(const pcv_node *node, size_t i, const char **key, const char **value);

/* A computed attribute (ABI 1.1): key is set on node now, and its value is
 * fn(node, data), called the first time the value is read (get_attr,
 * attr_at) from the tree as it is then.  The core keeps a copy of what fn
 * returns (NULL counts as "") and never calls fn again for that node.  One
 * fn and data serve a key across a document: the last given is the one
 * called.  fn and data must stay valid until the document is freed, as a
 * plugin's own function and static data do.  For what only some writers
 * read: the math filter's "text" costs nothing in a writer that never
 * asks.  Returns as pcv_node_set_attr(). */
typedef const char *(*pcv_attr_fn)(pcv_node *node, void *data);
PCV_EXPORT int pcv_node_set_attr_fn(pcv_node *node, const char *key, pcv_attr_fn fn, void *data);

/* The concatenated text of a subtree (TEXT, CODE, math TeX, EMOJI; breaks
 * as spaces), in the arena. */
PCV_EXPORT const char *pcv_node_text(pcv_node *node);

/* ------------------------------------------------------------------ */
/* Iterator                                                            */
/* ------------------------------------------------------------------ */

/* Walks a subtree in document order without recursion.  Every node is
 * seen twice: ENTER before its children and EXIT after them (a leaf gets
 * ENTER immediately followed by EXIT). */
typedef enum pcv_event {
	PCV_EVENT_NONE = 0,
	PCV_EVENT_DONE,
	PCV_EVENT_ENTER,
	PCV_EVENT_EXIT
} pcv_event;

typedef struct pcv_iter {
	pcv_node *root;
	pcv_node *node;
	pcv_event event;
	int skip;
} pcv_iter;

/* Starts a walk of the subtree at root. */
PCV_EXPORT void pcv_iter_init(pcv_iter *it, pcv_node *root);
/* Advances; returns the new event (DONE after the root's EXIT). */
PCV_EXPORT pcv_event pcv_iter_next(pcv_iter *it);
/* After an ENTER: skip the node's children, so the next event is its EXIT. */
PCV_EXPORT void pcv_iter_skip_children(pcv_iter *it);
/*
 * Editing during a walk: nodes may be changed, inserted or unlinked, except
 * that the current node's position must stay valid.  To remove the current
 * node at ENTER, call pcv_iter_skip_children() first and unlink it at its
 * EXIT after pcv_iter_next() has moved on -- or collect nodes and edit after
 * the walk, which is always safe.
 */

/* ------------------------------------------------------------------ */
/* Metadata                                                            */
/* ------------------------------------------------------------------ */

/* Metadata values: strings, lists and maps (with keys in insertion order),
 * as front matter gives them.  The document's metadata is a map. */
typedef enum pcv_meta_kind {
	PCV_META_STRING = 1,
	PCV_META_LIST,
	PCV_META_MAP
} pcv_meta_kind;

PCV_EXPORT pcv_meta *pcv_doc_meta(pcv_doc *doc);
PCV_EXPORT pcv_meta *pcv_meta_new(pcv_doc *doc, pcv_meta_kind kind, const char *string);
PCV_EXPORT pcv_meta_kind pcv_meta_kind_of(const pcv_meta *value);
/* STRING: its text; other kinds: NULL. */
PCV_EXPORT const char *pcv_meta_string(const pcv_meta *value);
/* LIST and MAP: number of entries; STRING: 0. */
PCV_EXPORT size_t pcv_meta_count(const pcv_meta *value);
/* LIST or MAP entry i (key stored in *key for maps, NULL for lists). */
PCV_EXPORT pcv_meta *pcv_meta_at(const pcv_meta *value, size_t i, const char **key);
/* MAP: value for key, or NULL. */
PCV_EXPORT pcv_meta *pcv_meta_get(const pcv_meta *map, const char *key);
/* MAP: sets key (replacing); LIST: key is ignored, value appended.
 * Returns 0 when container is not a list or map. */
PCV_EXPORT int pcv_meta_put(pcv_meta *container, const char *key, pcv_meta *value);
/* MAP: removes key; returns whether it was there. */
PCV_EXPORT int pcv_meta_remove(pcv_meta *map, const char *key);

/* Convenience: the top-level key as one string -- a string as is, a list of
 * strings joined with ", " -- or NULL when absent. In the arena. */
PCV_EXPORT const char *pcv_doc_meta_string(pcv_doc *doc, const char *key);
/* Convenience: sets a top-level key to a string. */
PCV_EXPORT void pcv_doc_set_meta_string(pcv_doc *doc, const char *key, const char *value);

/* ------------------------------------------------------------------ */
/* Context, diagnostics, options                                       */
/* ------------------------------------------------------------------ */

/* A conversion context: the plugins loaded, the options set, the messages
 * reported.  Readers, filters and writers receive it. */
typedef struct pcv_ctx pcv_ctx;

typedef enum pcv_severity {
	PCV_DEBUG = 0,   /* shown with -v */
	PCV_INFO,        /* shown with -v */
	PCV_WARNING,     /* bad input; output still made; exit status 0 */
	PCV_ERROR        /* the output cannot be made; exit status 1 */
} pcv_severity;

/*
 * Reports a message: "paissconv: FILE:LINE:COL: LEVEL: message" on standard
 * error (the position parts left out when 0 or NULL).  The worst severity
 * reported sets the exit status.
 */
PCV_EXPORT void pcv_report(pcv_ctx *ctx, pcv_severity sev, const char *file, unsigned line,
                           unsigned column, const char *fmt, ...) PCV_PRINTF(6, 7);
PCV_EXPORT void pcv_vreport(pcv_ctx *ctx, pcv_severity sev, const char *file, unsigned line,
                            unsigned column, const char *fmt, va_list ap);
/* The same at a node's position, mapped to its source file and line. */
PCV_EXPORT void pcv_report_node(pcv_ctx *ctx, pcv_severity sev, const pcv_node *node,
                                const char *fmt, ...) PCV_PRINTF(4, 5);
/* The same at a line and column of the document's whole text. */
PCV_EXPORT void pcv_report_at(pcv_ctx *ctx, pcv_severity sev, const pcv_doc *doc, unsigned line,
                              unsigned column, const char *fmt, ...) PCV_PRINTF(6, 7);
/* The worst severity reported so far, or -1 when none. */
PCV_EXPORT int pcv_ctx_worst(const pcv_ctx *ctx);

typedef enum pcv_option_type {
	PCV_OPT_STRING = 1,
	PCV_OPT_INT,
	PCV_OPT_BOOL,      /* true/false, yes/no, on/off, 1/0 */
	PCV_OPT_FILE       /* a path, resolved by the user's shell as given */
} pcv_option_type;

/* One option of a capability, addressed on the command line as
 * -O CAPABILITY.NAME=VALUE.  Arrays of options end with a zeroed entry. */
typedef struct pcv_option {
	const char *name;
	pcv_option_type type;
	const char *default_value;  /* NULL: no default */
	const char *help;
} pcv_option;

/* The value of option "cap.name" (e.g. "text.columns"): the user's value,
 * else the default, else NULL.  Values were checked against their type when
 * set, so pcv_option_int() and pcv_option_bool() need no error path; they
 * return 0 for an unset option. */
PCV_EXPORT const char *pcv_option_string(pcv_ctx *ctx, const char *key);
PCV_EXPORT long pcv_option_int(pcv_ctx *ctx, const char *key);
PCV_EXPORT int pcv_option_bool(pcv_ctx *ctx, const char *key);
/* Whether the user set the option (rather than its default applying). */
PCV_EXPORT int pcv_option_is_set(pcv_ctx *ctx, const char *key);

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

/* Where a writer writes.  The core owns the file behind it and hands it
 * the bytes 64 KiB at a time, so small writes cost no more than a copy.
 * Write errors are remembered and reported once by the core; writers
 * need not check. */
typedef struct pcv_out pcv_out;

PCV_EXPORT void pcv_out_write(pcv_out *out, const void *data, size_t len);
PCV_EXPORT void pcv_out_puts(pcv_out *out, const char *s);
PCV_EXPORT void pcv_out_putc(pcv_out *out, int c);
PCV_EXPORT void pcv_out_printf(pcv_out *out, const char *fmt, ...) PCV_PRINTF(2, 3);
/* Whether a write has failed so far (a writer may stop early). */
PCV_EXPORT int pcv_out_failed(const pcv_out *out);

/* An output that collects bytes in memory (for tests and fuzzing). */
PCV_EXPORT pcv_out *pcv_out_new_memory(void);
PCV_EXPORT const char *pcv_out_memory(const pcv_out *out, size_t *len);
PCV_EXPORT void pcv_out_free(pcv_out *out);

/* ------------------------------------------------------------------ */
/* Plugins                                                             */
/* ------------------------------------------------------------------ */

typedef struct pcv_registry pcv_registry;

/* A reader turns text into a document.  `text` is the whole input (all
 * files concatenated, NUL-terminated, len bytes); the document already
 * holds its sources.  Returns 0 on success; on failure, having reported
 * why, non-zero. */
typedef struct pcv_reader {
	size_t size;                /* sizeof(pcv_reader) */
	const char *name;           /* the format: "markdown" */
	const char *extensions;     /* space-separated, without dots: "md markdown" */
	const char *summary;
	const pcv_option *options;  /* may be NULL */
	int (*read)(pcv_ctx *ctx, pcv_doc *doc, const char *text, size_t len, void *data);
	void *data;
} pcv_reader;

/* A filter changes a document in place. */
typedef struct pcv_filter {
	size_t size;                /* sizeof(pcv_filter) */
	const char *name;
	const char *summary;
	const pcv_option *options;
	int (*run)(pcv_ctx *ctx, pcv_doc *doc, void *data);
	void *data;
} pcv_filter;

#define PCV_WRITER_BINARY 0x1 /* not for a terminal */

/* A writer turns a document into bytes. */
typedef struct pcv_writer {
	size_t size;                /* sizeof(pcv_writer) */
	const char *name;           /* the format: "text" */
	const char *extensions;     /* "txt" */
	const char *summary;
	const pcv_option *options;
	int (*write)(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data);
	void *data;
	unsigned flags;             /* PCV_WRITER_* */
} pcv_writer;

/* Registration, called from a plugin's init.  The struct and the strings
 * and options it points to must stay valid while the plugin is loaded
 * (static storage is the rule).  Returns 0 and reports why when refused:
 * a missing field, a name already taken, a size smaller than the first
 * version of the struct. */
PCV_EXPORT int pcv_register_reader(pcv_registry *reg, const pcv_reader *reader);
PCV_EXPORT int pcv_register_filter(pcv_registry *reg, const pcv_filter *filter);
PCV_EXPORT int pcv_register_writer(pcv_registry *reg, const pcv_writer *writer);
/* The context being loaded into, for pcv_report() from init. */
PCV_EXPORT pcv_ctx *pcv_registry_ctx(pcv_registry *reg);

/* The descriptor every plugin exports under the name PCV_PLUGIN_SYMBOL.
 * `name` equals the file's base name ("text" for text.so).  `init`
 * registers the plugin's capabilities and returns 0, or non-zero after
 * reporting why; on failure everything it registered is dropped and the
 * file closed. */
typedef struct pcv_plugin_info {
	uint32_t abi_major;         /* PCV_ABI_MAJOR */
	uint32_t abi_minor;         /* PCV_ABI_MINOR */
	const char *name;
	const char *version;
	const char *summary;
	int (*init)(pcv_registry *reg);
} pcv_plugin_info;

#define PCV_PLUGIN_SYMBOL "paissconv_plugin"

/* Defines the descriptor: PCV_PLUGIN("text", "1.0", "Plain text", init); */
#define PCV_PLUGIN(name, version, summary, init)                                                 \
	PCV_EXPORT const pcv_plugin_info paissconv_plugin = {PCV_ABI_MAJOR, PCV_ABI_MINOR, name,  \
	                                                     version, summary, init}

/* ------------------------------------------------------------------ */
/* Host side: contexts and the pipeline (used by the CLI, and by any    */
/* program that embeds the library)                                    */
/* ------------------------------------------------------------------ */

PCV_EXPORT pcv_ctx *pcv_ctx_new(void);
PCV_EXPORT void pcv_ctx_free(pcv_ctx *ctx);
/* Messages below this severity are not printed (default PCV_WARNING). */
PCV_EXPORT void pcv_ctx_set_verbosity(pcv_ctx *ctx, pcv_severity least_shown);
/* Sends messages to a callback instead of standard error (NULL restores). */
typedef void (*pcv_message_fn)(pcv_severity sev, const char *line, void *data);
PCV_EXPORT void pcv_ctx_set_message_fn(pcv_ctx *ctx, pcv_message_fn fn, void *data);

/* Loads one plugin file.  Returns 0, or -1 after reporting an error that
 * names the file and the reason. */
PCV_EXPORT int pcv_load_plugin(pcv_ctx *ctx, const char *path);
/* Loads every plugin of the search path (first hit per name wins).
 * Returns the number of failures, each reported. */
PCV_EXPORT int pcv_load_all_plugins(pcv_ctx *ctx);
/* The folders searched, in order, as a ':'-separated string (in the ctx). */
PCV_EXPORT const char *pcv_plugin_path(pcv_ctx *ctx);

/* Finds a capability by name, loading the plugin of that name from the
 * search path when it is not loaded yet.  NULL when none has it. */
PCV_EXPORT const pcv_reader *pcv_find_reader(pcv_ctx *ctx, const char *name);
PCV_EXPORT const pcv_filter *pcv_find_filter(pcv_ctx *ctx, const char *name);
PCV_EXPORT const pcv_writer *pcv_find_writer(pcv_ctx *ctx, const char *name);
/* The reader or writer name for a file name's extension, or NULL. */
PCV_EXPORT const char *pcv_reader_for_path(pcv_ctx *ctx, const char *path);
PCV_EXPORT const char *pcv_writer_for_path(pcv_ctx *ctx, const char *path);

/* Sets option "cap.name" to value.  Returns 0, or -1 after reporting an
 * unknown capability or key (listing the known ones) or a value of the
 * wrong type. */
PCV_EXPORT int pcv_set_option(pcv_ctx *ctx, const char *key, const char *value);

/* Reads the files (NULL or "-" is standard input) as one text through the
 * reader.  Returns the document, or NULL after reporting an error. */
PCV_EXPORT pcv_doc *pcv_read_files(pcv_ctx *ctx, const pcv_reader *reader, const char *const *paths,
                                   size_t npaths);
/* Reads text from memory; `name` is used in messages. */
PCV_EXPORT pcv_doc *pcv_read_memory(pcv_ctx *ctx, const pcv_reader *reader, const char *name,
                                    const char *text, size_t len);
/* Runs a filter; returns 0 or -1. */
PCV_EXPORT int pcv_run_filter(pcv_ctx *ctx, const pcv_filter *filter, pcv_doc *doc);
/* Writes the document to path (NULL or "-" is standard output) safely: to a
 * temporary file beside the target, renamed into place only when the
 * writer succeeded and every byte reached the disk.  Returns 0 or -1. */
PCV_EXPORT int pcv_write_file(pcv_ctx *ctx, const pcv_writer *writer, pcv_doc *doc, const char *path);
/* Writes into an output made by pcv_out_new_memory(). */
PCV_EXPORT int pcv_write_out(pcv_ctx *ctx, const pcv_writer *writer, pcv_doc *doc, pcv_out *out);

/* Visits every loaded capability (for listings).  kind is "reader",
 * "filter" or "writer"; cap points to the struct.  file is the plugin's path. */
typedef void (*pcv_visit_fn)(const char *kind, const void *cap, const pcv_plugin_info *plugin,
                             const char *file, void *data);
PCV_EXPORT void pcv_visit_capabilities(pcv_ctx *ctx, pcv_visit_fn fn, void *data);

#ifdef __cplusplus
}
#endif

#endif /* PAISSCONV_H */
