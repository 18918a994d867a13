/* internal.h -- libpaissconv's private structures, shared by the core. */
#ifndef PCV_INTERNAL_H
#define PCV_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "paissconv.h"

/* Allocation that never fails: on exhaustion the process says so and exits. */
void *pcv_xmalloc(size_t size);
void *pcv_xcalloc(size_t n, size_t size);
void *pcv_xrealloc(void *p, size_t size);
char *pcv_xstrdup(const char *s);

/* A growable byte buffer (heap). */
typedef struct pcv_buf {
	char *data;
	size_t len, cap;
} pcv_buf;
void pcv_buf_add(pcv_buf *b, const void *data, size_t len);
void pcv_buf_adds(pcv_buf *b, const char *s);
void pcv_buf_free(pcv_buf *b);

/* Arena: chunks chained; big requests get a chunk of their own.  Objects
 * and strings fill two different chunks, so that strings need no padding
 * and objects need none after a string.  The chunks of objects are
 * PCV_CHUNK_BYTES long and aligned on that size (cut from slabs of a few,
 * since an aligned allocation wastes up to its alignment), and begin with
 * their arena's address: a small object (a node) finds its arena from its
 * own address (pcv_arena_of), so that a node need not hold its
 * document. */
typedef struct pcv_chunk pcv_chunk;
typedef struct pcv_arena {
	pcv_chunk *head;       /* every chunk but the slabs', to free them */
	pcv_chunk *slabs;      /* the chunks of objects come from these */
	size_t slab_left;      /* chunks of the first slab not yet used */
	char *obj, *str;       /* the free bytes of the current chunks */
	size_t oavail, savail; /* how many */
} pcv_arena;
void *pcv_arena_alloc(pcv_arena *a, size_t size);
/* Zeroed bytes aligned for pointers and longs only (nodes). */
void *pcv_arena_alloc_small(pcv_arena *a, size_t size);
void pcv_arena_free(pcv_arena *a);
#define PCV_CHUNK_BYTES ((size_t)64 * 1024)
/* The arena of an object from pcv_arena_alloc_small() of at most
 * PCV_CHUNK_BYTES / 8 bytes. */
pcv_arena *pcv_arena_of(const void *obj);

typedef struct pcv_attr {
	const char *key, *value;
} pcv_attr;

/* What few nodes need: kept beside the node, found through its ext. */
typedef struct pcv_node_rare {
	const char *url;     /* LINK, IMAGE url; CODE_BLOCK/RAW info; FOOTNOTE label */
	const char *literal; /* of a short node */
	long num;            /* when it does not fit the node's short */
	size_t literal_len;  /* when it does not fit the node's 32 bits */
	int type;            /* when it does not fit the node's 16 bits */
	unsigned char list_type, tight;
	char delim;
} pcv_node_rare;

/* A node's attributes, and its rare fields when it has any: with
 * PCV_EXT_RARE in attrcap, a pointer to them follows the attributes'
 * room. */
typedef struct pcv_node_ext {
	uint32_t nattrs, attrcap;
	pcv_attr attrs[];
} pcv_node_ext;
#define PCV_EXT_RARE 0x80000000u

#define PCV_NODE_TYPE_BIG 0xffff    /* type in the rare fields */
#define PCV_NODE_NUM_BIG INT16_MIN  /* num in the rare fields */
#define PCV_NODE_LEN_BIG UINT32_MAX /* literal_len in the rare fields */

/*
 * 64 bytes on LP64: a document of notes with math holds hundreds of
 * thousands of nodes.  Nodes of the types that cannot hold text (rows,
 * paragraphs, scripts, breaks...) are short: they end before `literal`,
 * which they keep, if ever given one, in the ext.  Fields only some types
 * use live in the ext too.  The children form a list whose first's prev is
 * the last child (the list is circular backwards only), so a parent needs
 * no last pointer.
 */
struct pcv_node {
	pcv_node *parent, *first, *next, *prev; /* the document: node_doc() */
	pcv_node_ext *ext;    /* NULL: no attributes, no rare fields */
	unsigned line, column;
	uint16_t type;        /* PCV_NODE_TYPE_BIG: see the rare fields */
	int16_t num;          /* heading level, list start, task, align, header, int */
	uint32_t literal_len;
	const char *literal;  /* long nodes only.  LINK, IMAGE: the title */
};
#define PCV_NODE_SHORT_SIZE offsetof(struct pcv_node, literal)

typedef struct pcv_source {
	const char *name;
	unsigned first_line;
} pcv_source;

struct pcv_meta {
	pcv_meta_kind kind;
	pcv_doc *doc;
	const char *string;
	const char **keys;  /* MAP */
	pcv_meta **values;  /* LIST, MAP */
	size_t count, cap;
};

struct pcv_doc {
	pcv_arena arena;     /* first: a node's document is its arena's */
	pcv_node *root;
	pcv_meta *meta;
	pcv_source *sources;
	size_t nsources, srccap;
	const char *base_dir;
	const char **resdirs;
	size_t nres, rescap;
	const char **keys;   /* attribute keys, each stored once */
	const char **keyvals; /* the value last given to each key */
	pcv_attr_fn *keyfns;  /* what computes each key's pending values */
	void **keydata;
	size_t nkeys, keycap;
};

/* Output. */
struct pcv_out {
	FILE *fp;      /* NULL for memory */
	pcv_buf mem;   /* the output in memory, or the file's bytes not yet written */
	int failed;
	int err;       /* errno of the first failure */
};

/* Hands a file output's pending bytes to its stream and frees them. */
void pcv_out_flush(pcv_out *out);

/* One loaded plugin file. */
typedef struct pcv_plugin {
	void *handle;
	char *path;
	const pcv_plugin_info *info;
	struct pcv_plugin *next;
} pcv_plugin;

typedef enum { CAP_READER, CAP_FILTER, CAP_WRITER } pcv_cap_kind;

typedef struct pcv_cap {
	pcv_cap_kind kind;
	const char *name;
	const char *extensions; /* NULL for filters */
	const pcv_option *options;
	const void *ptr;        /* the plugin's struct */
	pcv_plugin *plugin;
	struct pcv_cap *next;
} pcv_cap;

typedef struct pcv_optval {
	char *key;   /* "cap.name" */
	char *value;
	struct pcv_optval *next;
} pcv_optval;

struct pcv_registry {
	pcv_ctx *ctx;
	pcv_plugin *plugin; /* being initialised */
	int failed;
};

struct pcv_ctx {
	pcv_plugin *plugins;
	pcv_cap *caps;
	pcv_optval *options;
	char *path;          /* plugin search path */
	int all_loaded;
	int worst;
	pcv_severity least_shown;
	pcv_message_fn message_fn;
	void *message_data;
};

/* Loader helpers used by the pipeline.  find loads the plugin named like
 * the capability (then all) when needed; lookup looks among the loaded. */
pcv_cap *pcv_lookup_cap(pcv_ctx *ctx, pcv_cap_kind kind, const char *name);
pcv_cap *pcv_find_cap(pcv_ctx *ctx, pcv_cap_kind kind, const char *name);
const pcv_option *pcv_cap_option(const pcv_cap *cap, const char *name);
/* Checks a value against an option's type; returns 0 when valid. */
int pcv_option_check(const pcv_option *opt, const char *value);

#endif
