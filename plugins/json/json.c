/*
 * json.c -- the "json" writer: the whole document tree as JSON.
 *
 * One object per node, keys in a fixed order, so that two runs over the
 * same input give the same bytes and a change in the tree shows as a small
 * diff.  The walk uses pcv_iter and metadata is written with an explicit
 * stack, so no input can make this file recurse.  Indentation stops growing
 * at a fixed depth: a document nested 100 000 levels deep gives output
 * linear in its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

/* Indentation (in steps) beyond which nesting is not indented further. */
#define JSON_MAX_INDENT_STEPS 40
#define JSON_MAX_INDENT_WIDTH 8

static const pcv_option json_options[] = {
	{"indent", PCV_OPT_INT, "2",
	 "spaces per level (0 to 8); 0 writes everything on one line"},
	{"positions", PCV_OPT_BOOL, "true", "write each node's \"pos\": [line, column]"},
	{NULL, 0, NULL, NULL}
};

/* The state of one run of the writer. */
typedef struct json_writer {
	pcv_out *out;
	int indent;     /* spaces per step, 0 for one line */
	int positions;
	int first_key;  /* no key written yet in the innermost open object */
} json_writer;

static void *json_xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fputs("paissconv: json: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* A newline and the indentation of `depth` steps (capped). */
static void json_newline(json_writer *w, size_t depth)
{
	static const char spaces[] = "                                ";
	size_t n;

	if (w->indent == 0)
		return;
	if (depth > JSON_MAX_INDENT_STEPS)
		depth = JSON_MAX_INDENT_STEPS;
	n = depth * (size_t)w->indent;
	pcv_out_putc(w->out, '\n');
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		pcv_out_write(w->out, spaces, k);
		n -= k;
	}
}

/*
 * Length of the well-formed UTF-8 sequence at s (at most len bytes), or 0
 * when it is not one; *skip is then the length of the maximal ill-formed
 * subpart, which becomes one U+FFFD (the Unicode recommendation).
 */
static size_t json_utf8_seq(const unsigned char *s, size_t len, size_t *skip)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80) {
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;       /* no overlong forms */
		else if (c == 0xED)
			hi = 0x9F;       /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;       /* nothing above U+10FFFF */
	} else {
		*skip = 1;
		return 0;
	}
	for (i = 1; i < need; i++) {
		unsigned char b = i < len ? s[i] : 0;
		if (b < lo || b > hi) {
			*skip = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need;
}

/* s (len bytes, may hold NULs) as a JSON string. */
static void json_string_len(json_writer *w, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	pcv_out_putc(w->out, '"');
	while (i < len) {
		unsigned char c = s[i];
		const char *esc = NULL;
		char buf[7];
		size_t n, skip = 1;

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			n = json_utf8_seq(s + i, len - i, &skip);
			if (n) {
				i += n;
				continue;
			}
		}
		/* s[run..i) is clean; write it, then the escape. */
		pcv_out_write(w->out, s + run, i - run);
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c >= 0x80) {
				esc = "\xEF\xBF\xBD";    /* U+FFFD */
			} else {
				snprintf(buf, sizeof buf, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
				esc = buf;
			}
		}
		pcv_out_puts(w->out, esc);
		i += skip;
		run = i;
	}
	pcv_out_write(w->out, s + run, i - run);
	pcv_out_putc(w->out, '"');
}

static void json_string(json_writer *w, const char *s)
{
	json_string_len(w, s ? s : "", s ? strlen(s) : 0);
}

/* Starts a member "key": in the innermost object at `depth`. */
static void json_key(json_writer *w, size_t depth, const char *key)
{
	if (!w->first_key)
		pcv_out_putc(w->out, ',');
	w->first_key = 0;
	json_newline(w, depth);
	json_string(w, key);
	pcv_out_puts(w->out, w->indent ? ": " : ":");
}

static void json_key_string(json_writer *w, size_t depth, const char *key, const char *value)
{
	json_key(w, depth, key);
	json_string(w, value);
}

static void json_key_long(json_writer *w, size_t depth, const char *key, long value)
{
	json_key(w, depth, key);
	pcv_out_printf(w->out, "%ld", value);
}

static void json_key_bool(json_writer *w, size_t depth, const char *key, int value)
{
	json_key(w, depth, key);
	pcv_out_puts(w->out, value ? "true" : "false");
}

/* Closes an object or array opened at `depth`; `empty` when nothing was
 * written into it. */
static void json_close(json_writer *w, size_t depth, int empty, int c)
{
	if (!empty)
		json_newline(w, depth);
	pcv_out_putc(w->out, c);
	w->first_key = 0;
}

/*
 * A metadata value as JSON, opened at `depth`: strings as strings, lists
 * as arrays, maps as objects in insertion order.  Nested values are walked
 * with an explicit stack.
 */
typedef struct json_meta_frame {
	const pcv_meta *value;
	size_t next;
} json_meta_frame;

static void json_meta(json_writer *w, size_t depth, const pcv_meta *root)
{
	json_meta_frame *stack = NULL;
	size_t top = 0, cap = 0;
	const pcv_meta *v = root;

	for (;;) {
		/* Write v: a scalar now (a missing value as ""), a container's
		 * opening and push it. */
		if (!v || pcv_meta_kind_of(v) == PCV_META_STRING) {
			json_string(w, v ? pcv_meta_string(v) : NULL);
		} else {
			pcv_out_putc(w->out, pcv_meta_kind_of(v) == PCV_META_MAP ? '{' : '[');
			if (top == cap) {
				cap = cap ? 2 * cap : 16;
				stack = json_xrealloc(stack, cap * sizeof *stack);
			}
			stack[top].value = v;
			stack[top].next = 0;
			top++;
		}
		/* Find the next value to write, closing finished containers. */
		v = NULL;
		while (top > 0) {
			json_meta_frame *f = &stack[top - 1];
			size_t d = depth + top;
			int map = pcv_meta_kind_of(f->value) == PCV_META_MAP;

			if (f->next < pcv_meta_count(f->value)) {
				const char *key = NULL;
				v = pcv_meta_at(f->value, f->next, &key);
				if (f->next > 0)
					pcv_out_putc(w->out, ',');
				json_newline(w, d);
				if (map) {
					json_string(w, key);
					pcv_out_puts(w->out, w->indent ? ": " : ":");
				}
				f->next++;
				break;
			}
			json_close(w, d - 1, f->next == 0, map ? '}' : ']');
			top--;
		}
		if (top == 0)
			break;
	}
	free(stack);
}

/*
 * "sources": the files the document was read from, each with the line of
 * the whole text where it begins.  The API maps a line to its file, so the
 * files are found by walking lines 1..max_line, jumping over each file's
 * lines with an exponential then binary search (the mapping is monotone).
 */
static int json_same_source(const pcv_doc *doc, unsigned line, const char *name, unsigned first)
{
	unsigned fl = 0;
	const char *n = pcv_doc_source_at(doc, line, &fl);

	return n && (n == name || strcmp(n, name) == 0) && line - fl + 1 == first;
}

static void json_sources(json_writer *w, size_t depth, const pcv_doc *doc, unsigned max_line)
{
	unsigned line = 1;
	int any = 0;

	json_key(w, depth, "sources");
	pcv_out_putc(w->out, '[');
	while (line <= max_line) {
		unsigned fl = 0, first, lo, hi, step;
		const char *name = pcv_doc_source_at(doc, line, &fl);

		if (!name || fl == 0 || fl > line)
			break;
		first = line - fl + 1;
		if (any)
			pcv_out_putc(w->out, ',');
		any = 1;
		json_newline(w, depth + 1);
		pcv_out_putc(w->out, '{');
		json_newline(w, depth + 2);
		pcv_out_puts(w->out, w->indent ? "\"name\": " : "\"name\":");
		json_string(w, name);
		pcv_out_putc(w->out, ',');
		json_newline(w, depth + 2);
		pcv_out_printf(w->out, w->indent ? "\"line\": %u" : "\"line\":%u", first);
		json_newline(w, depth + 1);
		pcv_out_putc(w->out, '}');
		/* The last line of this source: lo is in it, hi is not (or past
		 * max_line). */
		lo = line;
		step = 1;
		for (;;) {
			hi = lo + step;
			if (hi > max_line || hi < lo || !json_same_source(doc, hi, name, first))
				break;
			lo = hi;
			step *= 2;
		}
		if (hi > max_line || hi < lo)
			hi = max_line + 1;
		while (hi - lo > 1) {
			unsigned mid = lo + (hi - lo) / 2;
			if (json_same_source(doc, mid, name, first))
				lo = mid;
			else
				hi = mid;
		}
		if (lo == max_line)
			break;
		line = lo + 1;
	}
	json_close(w, depth, !any, ']');
}

static const char *json_list_type(pcv_list_type t)
{
	switch (t) {
	case PCV_LIST_BULLET: return "bullet";
	case PCV_LIST_ORDERED: return "ordered";
	default: return NULL;
	}
}

static const char *json_align(pcv_align a)
{
	switch (a) {
	case PCV_ALIGN_LEFT: return "left";
	case PCV_ALIGN_CENTER: return "center";
	case PCV_ALIGN_RIGHT: return "right";
	default: return NULL;
	}
}

/* The members of a node other than "attrs" and "children", in their fixed
 * order.  Accessors return neutral values for types they do not apply to,
 * so plugin types get whatever fields they use. */
static void json_fields(json_writer *w, size_t d, pcv_node *node)
{
	int type = pcv_node_type(node);
	const char *name = pcv_node_type_name(type);
	const char *s;
	long n;

	json_key_string(w, d, "type", name);
	if (strcmp(name, "user") == 0 || strcmp(name, "unknown") == 0)
		json_key_long(w, d, "typeid", type);
	if (w->positions) {
		json_key(w, d, "pos");
		pcv_out_printf(w->out, w->indent ? "[%u, %u]" : "[%u,%u]", pcv_node_line(node),
		               pcv_node_column(node));
	}
	if ((n = pcv_node_heading_level(node)) != 0)
		json_key_long(w, d, "level", n);
	if (type == PCV_NODE_LIST) {
		pcv_list_type lt = pcv_node_list_type(node);
		char delim = pcv_node_list_delim(node);

		if ((s = json_list_type(lt)) != NULL)
			json_key_string(w, d, "list", s);
		if (lt == PCV_LIST_ORDERED)
			json_key_long(w, d, "start", pcv_node_list_start(node));
		json_key_bool(w, d, "tight", pcv_node_list_tight(node));
		if (lt == PCV_LIST_ORDERED && delim) {
			char buf[2] = {delim, 0};
			json_key_string(w, d, "delim", buf);
		}
	}
	switch (pcv_node_task(node)) {
	case PCV_TASK_OPEN: json_key_string(w, d, "task", "open"); break;
	case PCV_TASK_DONE: json_key_string(w, d, "task", "done"); break;
	default: break;
	}
	if ((s = json_align(pcv_node_align(node))) != NULL)
		json_key_string(w, d, "align", s);
	if (pcv_node_is_header(node))
		json_key_bool(w, d, "header", 1);
	if (type == PCV_NODE_LINK || type == PCV_NODE_IMAGE || pcv_node_url(node))
		json_key_string(w, d, "url", pcv_node_url(node));
	if ((s = pcv_node_title(node)) != NULL && *s)
		json_key_string(w, d, "title", s);
	if ((s = pcv_node_info(node)) != NULL && *s)
		json_key_string(w, d, "info", s);
	if ((s = pcv_node_label(node)) != NULL)
		json_key_string(w, d, "label", s);
	if ((n = pcv_node_int(node)) != 0)
		json_key_long(w, d, "int", n);
	if ((s = pcv_node_literal(node)) != NULL) {
		json_key(w, d, "text");
		json_string_len(w, s, pcv_node_literal_len(node));
	}
}

static void json_attrs(json_writer *w, size_t d, const pcv_node *node)
{
	size_t i, count = pcv_node_attr_count(node);

	if (count == 0)
		return;
	json_key(w, d, "attrs");
	pcv_out_putc(w->out, '{');
	w->first_key = 1;
	for (i = 0; i < count; i++) {
		const char *key = NULL, *value = NULL;

		if (!pcv_node_attr_at(node, i, &key, &value))
			break;
		json_key_string(w, d + 1, key ? key : "", value);
	}
	json_close(w, d, 0, '}');
}

/* The highest line any node starts on, for "sources". */
static unsigned json_max_line(pcv_node *root)
{
	pcv_iter it;
	unsigned max = 0;

	pcv_iter_init(&it, root);
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event == PCV_EVENT_ENTER && pcv_node_line(it.node) > max)
			max = pcv_node_line(it.node);
	}
	return max;
}

static int json_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	json_writer w;
	pcv_node *root = pcv_doc_root(doc);
	pcv_iter it;
	size_t depth = 0; /* indentation steps of the current node's object */
	long indent = pcv_option_int(ctx, "json.indent");

	(void)data;
	if (indent < 0)
		indent = 0;
	if (indent > JSON_MAX_INDENT_WIDTH)
		indent = JSON_MAX_INDENT_WIDTH;
	w.out = out;
	w.indent = (int)indent;
	w.positions = pcv_option_bool(ctx, "json.positions");
	w.first_key = 1;

	pcv_iter_init(&it, root);
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		pcv_node *node = it.node;

		if (pcv_out_failed(out))
			return 1;
		if (it.event == PCV_EVENT_ENTER) {
			if (node != root) {
				/* An element of the parent's "children" array. */
				if (pcv_node_prev(node))
					pcv_out_putc(out, ',');
				depth += 2;
				json_newline(&w, depth);
			}
			pcv_out_putc(out, '{');
			w.first_key = 1;
			json_fields(&w, depth + 1, node);
			if (node == root) {
				json_key(&w, depth + 1, "meta");
				json_meta(&w, depth + 1, pcv_doc_meta(doc));
				if (pcv_doc_source_at(doc, 1, NULL))
					json_sources(&w, depth + 1, doc, json_max_line(root));
			}
			json_attrs(&w, depth + 1, node);
			if (pcv_node_first_child(node)) {
				json_key(&w, depth + 1, "children");
				pcv_out_putc(out, '[');
			}
		} else if (it.event == PCV_EVENT_EXIT) {
			if (pcv_node_first_child(node))
				json_close(&w, depth + 1, 0, ']');
			json_close(&w, depth, 0, '}');
			if (node != root)
				depth -= 2;
		}
	}
	pcv_out_putc(out, '\n');
	return pcv_out_failed(out) ? 1 : 0;
}

static const pcv_writer json_writer_cap = {
	.size = sizeof(pcv_writer),
	.name = "json",
	.extensions = "json",
	.summary = "the document tree as JSON (for tests and tools)",
	.options = json_options,
	.write = json_write,
	.data = NULL,
	.flags = 0,
};

static int json_init(pcv_registry *reg)
{
	return pcv_register_writer(reg, &json_writer_cap) ? 0 : 1;
}

PCV_PLUGIN("json", "1.0", "JSON writer: the document tree, for tests and tools", json_init);
