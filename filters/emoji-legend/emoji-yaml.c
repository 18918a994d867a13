/*
 * emoji-yaml.c -- reads a YAML legend file into document metadata values,
 * so that a legend file and a front matter `legend:` are read by the same
 * code.  Built on libyaml's event parser with an explicit stack: no input
 * makes it recurse, and nesting deeper than EMOJI_YAML_MAX_DEPTH or more
 * than EMOJI_YAML_MAX_NODES values are refused with a warning.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "emoji-legend.h"

#define EMOJI_YAML_MAX_DEPTH 64
#define EMOJI_YAML_MAX_NODES 5000

typedef struct yaml_frame {
	pcv_meta *value;
	const char *key;   /* a map's key waiting for its value */
} yaml_frame;

/* Puts value into the innermost container (or makes it the root).  Returns
 * 0 when a map key is not a scalar. */
static int emoji_yaml_attach(pcv_doc *doc, yaml_frame *stack, size_t depth, pcv_meta **root,
                             pcv_meta *value, const char *scalar)
{
	yaml_frame *top;

	if (depth == 0) {
		if (!*root)
			*root = value;
		return 1;
	}
	top = &stack[depth - 1];
	if (pcv_meta_kind_of(top->value) == PCV_META_LIST) {
		pcv_meta_put(top->value, NULL, value);
		return 1;
	}
	if (!top->key) {
		if (!scalar)
			return 0;
		top->key = pcv_doc_strdup(doc, scalar);
		return 1;
	}
	pcv_meta_put(top->value, top->key, value);
	top->key = NULL;
	return 1;
}

pcv_meta *emoji_yaml_load(pcv_ctx *ctx, pcv_doc *doc, const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_frame stack[EMOJI_YAML_MAX_DEPTH];
	size_t depth = 0, nodes = 0;
	pcv_meta *root = NULL;
	int done = 0, ok = 1;

	if (!f) {
		pcv_report(ctx, PCV_WARNING, path, 0, 0, "cannot read the legend file: %s; it is ignored",
		           strerror(errno));
		return NULL;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		pcv_report(ctx, PCV_WARNING, path, 0, 0, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_file(&parser, f);
	while (!done && ok) {
		if (!yaml_parser_parse(&parser, &ev)) {
			pcv_report(ctx, PCV_WARNING, path, (unsigned)parser.problem_mark.line + 1,
			           (unsigned)parser.problem_mark.column + 1,
			           "bad YAML in the legend file: %s; it is ignored",
			           parser.problem ? parser.problem : "syntax error");
			ok = 0;
			break;
		}
		unsigned line = (unsigned)ev.start_mark.line + 1, col = (unsigned)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			done = 1; /* only the first document counts */
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT: {
			const char *s = ev.type == YAML_SCALAR_EVENT
			                    ? pcv_doc_strndup(doc, (const char *)ev.data.scalar.value,
			                                      ev.data.scalar.length)
			                    : "";
			if (++nodes > EMOJI_YAML_MAX_NODES) {
				pcv_report(ctx, PCV_WARNING, path, line, col,
				           "legend file too large (over %d values); it is ignored",
				           EMOJI_YAML_MAX_NODES);
				ok = 0;
				break;
			}
			emoji_yaml_attach(doc, stack, depth, &root, pcv_meta_new(doc, PCV_META_STRING, s), s);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			pcv_meta *v = pcv_meta_new(
			    doc, ev.type == YAML_SEQUENCE_START_EVENT ? PCV_META_LIST : PCV_META_MAP, NULL);
			if (depth == EMOJI_YAML_MAX_DEPTH || ++nodes > EMOJI_YAML_MAX_NODES) {
				pcv_report(ctx, PCV_WARNING, path, line, col,
				           "legend file nested too deeply or too large; it is ignored");
				ok = 0;
				break;
			}
			if (!emoji_yaml_attach(doc, stack, depth, &root, v, NULL)) {
				pcv_report(ctx, PCV_WARNING, path, line, col,
				           "a map key must be a plain value; the legend file is ignored");
				ok = 0;
				break;
			}
			stack[depth].value = v;
			stack[depth].key = NULL;
			depth++;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return ok ? root : NULL;
}
