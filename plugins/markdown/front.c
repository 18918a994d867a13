/*
 * front.c -- YAML front matter, read with libyaml into document metadata.
 *
 * A front matter block is a "---" line at the very top, a line that is not
 * blank, and everything up to a "---" or "..." line.  Its YAML is read
 * event by event with an explicit stack (no recursion on its nesting):
 * scalars become strings (as written), sequences lists, mappings maps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "markdown.h"

/* Limits that keep hostile front matter cheap (map keys are looked up
 * linearly by pcv_meta_put). */
#define MARKDOWN_FRONT_MAX_ENTRIES 10000
#define MARKDOWN_FRONT_MAX_DEPTH 1000

typedef struct markdown_front_frame {
	pcv_meta *container;
	const char *key;   /* a map's key waiting for its value */
} markdown_front_frame;

/* Length of the line at s (n bytes), without its end; *next gets where the
 * next line begins. */
static size_t markdown_front_line(const char *s, size_t n, size_t *next)
{
	size_t i = 0;

	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	*next = i;
	if (*next < n && s[*next] == '\r')
		(*next)++;
	if (*next < n && s[*next] == '\n' && (*next == 0 || s[*next - 1] != '\n'))
		(*next)++;
	return i;
}

/* Whether the line (len bytes) is `mark` followed only by blanks. */
static int markdown_front_is(const char *s, size_t len, const char *mark)
{
	size_t m = strlen(mark);

	if (len < m || memcmp(s, mark, m) != 0)
		return 0;
	for (; m < len; m++)
		if (s[m] != ' ' && s[m] != '\t')
			return 0;
	return 1;
}

static int markdown_front_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Adds value to the frame on top of the stack; returns 0 when the
 * container is full. */
static int markdown_front_add(pcv_doc *doc, markdown_front_frame *top, pcv_meta *value,
                              const char *scalar)
{
	if (pcv_meta_count(top->container) >= MARKDOWN_FRONT_MAX_ENTRIES)
		return 0;
	if (pcv_meta_kind_of(top->container) == PCV_META_LIST) {
		pcv_meta_put(top->container, NULL, value);
		return 1;
	}
	if (!top->key) {
		/* a key: a scalar as written; other keys are kept as "" */
		top->key = pcv_doc_strdup(doc, scalar ? scalar : "");
		return 1;
	}
	pcv_meta_put(top->container, top->key, value);
	top->key = NULL;
	return 1;
}

/* Parses the YAML into a new map; NULL after a warning when it is not
 * valid, or silently when it is valid but not a mapping. */
static pcv_meta *markdown_front_parse(pcv_ctx *ctx, pcv_doc *doc, const char *yaml, size_t len,
                                      unsigned first_line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	markdown_front_frame *stack = NULL;
	size_t depth = 0, cap = 0, dropped = 0;
	pcv_meta *root = NULL;
	int done = 0, ok = 1, full = 0;

	if (!yaml_parser_initialize(&parser))
		return NULL;
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	while (!done) {
		pcv_meta *value = NULL;
		const char *scalar = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			const yaml_mark_t *mark =
			        parser.problem_mark.line || parser.problem_mark.column ? &parser.problem_mark
			                                                               : &parser.context_mark;

			pcv_report_at(ctx, PCV_WARNING, doc, first_line + (unsigned)mark->line,
			              (unsigned)mark->column + 1,
			              "invalid YAML front matter (%s); kept as text",
			              parser.problem ? parser.problem : "syntax error");
			ok = 0;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			scalar = (const char *)ev.data.scalar.value;
			value = pcv_meta_new(doc, PCV_META_STRING, scalar);
			break;
		case YAML_ALIAS_EVENT:
			/* anchors are not followed; the alias stays as written */
			value = pcv_meta_new(doc, PCV_META_STRING, "");
			break;
		case YAML_SEQUENCE_START_EVENT:
			value = pcv_meta_new(doc, PCV_META_LIST, NULL);
			break;
		case YAML_MAPPING_START_EVENT:
			value = pcv_meta_new(doc, PCV_META_MAP, NULL);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth)
				depth--;
			break;
		default:
			break;
		}
		if (value) {
			if (!depth) {
				if (root) /* a second top-level node: stop */
					done = 1;
				else if (pcv_meta_kind_of(value) != PCV_META_MAP)
					done = 1, ok = 0;
				root = value;
			} else if (!markdown_front_add(doc, &stack[depth - 1], value, scalar)) {
				dropped++;
				full = 1;
			}
			if (!done && (ev.type == YAML_SEQUENCE_START_EVENT ||
			              ev.type == YAML_MAPPING_START_EVENT)) {
				if (depth >= MARKDOWN_FRONT_MAX_DEPTH) {
					pcv_report_at(ctx, PCV_WARNING, doc, first_line + (unsigned)ev.start_mark.line,
					              (unsigned)ev.start_mark.column + 1,
					              "YAML front matter nested deeper than %d levels; kept as text",
					              MARKDOWN_FRONT_MAX_DEPTH);
					ok = 0;
					done = 1;
				} else {
					if (depth == cap) {
						cap = cap ? 2 * cap : 16;
						stack = markdown_xrealloc(stack, cap * sizeof *stack);
					}
					stack[depth].container = value;
					stack[depth].key = NULL;
					depth++;
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(stack);
	if (full)
		pcv_report_at(ctx, PCV_WARNING, doc, first_line, 1,
		              "YAML front matter: %zu entries beyond %d per list or map dropped", dropped,
		              MARKDOWN_FRONT_MAX_ENTRIES);
	if (!ok)
		return NULL;
	return root ? root : pcv_meta_new(doc, PCV_META_MAP, NULL);
}

size_t markdown_front_matter(pcv_ctx *ctx, pcv_doc *doc, const char *text, size_t len,
                             unsigned *lines)
{
	size_t start = 0, pos, next, linelen, yaml_start;
	unsigned nlines = 1;
	pcv_meta *map, *meta;
	const char *key;

	*lines = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	linelen = markdown_front_line(text + start, len - start, &next);
	if (!markdown_front_is(text + start, linelen, "---"))
		return 0;
	pos = start + next;
	yaml_start = pos;
	/* the line after the opening one must be neither blank nor a closing
	 * line: "---" then a blank line, or two "---", are thematic breaks */
	linelen = markdown_front_line(text + pos, len - pos, &next);
	if (pos >= len || markdown_front_blank(text + pos, linelen) ||
	    markdown_front_is(text + pos, linelen, "---") || markdown_front_is(text + pos, linelen, "..."))
		return 0;
	while (pos < len) {
		linelen = markdown_front_line(text + pos, len - pos, &next);
		nlines++;
		if (markdown_front_is(text + pos, linelen, "---") ||
		    markdown_front_is(text + pos, linelen, "...")) {
			map = markdown_front_parse(ctx, doc, text + yaml_start, pos - yaml_start, 2);
			if (!map)
				return 0;
			meta = pcv_doc_meta(doc);
			for (size_t i = 0; i < pcv_meta_count(map); i++) {
				pcv_meta *v = pcv_meta_at(map, i, &key);

				if (key && v)
					pcv_meta_put(meta, key, v);
			}
			*lines = nlines;
			return pos + next;
		}
		if (!next)
			break;
		pos += next;
	}
	return 0;
}
