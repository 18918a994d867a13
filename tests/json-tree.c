/*
 * json-tree.c -- builds documents through the API and writes them with the
 * json writer found through the real loader, for tests/json-tree.sh.
 *
 *   json-tree all        every node type, field, attribute and metadata
 *                        kind, strings with every escape and bad UTF-8
 *   json-tree deep N     a block quote nested N deep holding a paragraph,
 *                        and a metadata list nested N deep
 *   json-tree opts K=V.. the "all" document with options set
 *
 * Writes the JSON to standard output; exits 1 when something fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

static pcv_node *add(pcv_node *parent, int type, unsigned line, unsigned col)
{
	pcv_node *n = pcv_node_new(pcv_node_doc(parent), type);

	pcv_node_set_position(n, line, col);
	if (!pcv_node_append_child(parent, n)) {
		fprintf(stderr, "json-tree: %s refused in %s\n", pcv_node_type_name(type),
		        pcv_node_type_name(pcv_node_type(parent)));
		exit(1);
	}
	return n;
}

static pcv_node *add_lit(pcv_node *parent, int type, unsigned line, unsigned col, const char *lit)
{
	pcv_node *n = add(parent, type, line, col);

	pcv_node_set_literal(n, lit);
	return n;
}

static void build_meta(pcv_doc *doc)
{
	pcv_meta *meta = pcv_doc_meta(doc);
	pcv_meta *authors = pcv_meta_new(doc, PCV_META_LIST, NULL);
	pcv_meta *map = pcv_meta_new(doc, PCV_META_MAP, NULL);
	pcv_meta *inner = pcv_meta_new(doc, PCV_META_LIST, NULL);

	pcv_doc_set_meta_string(doc, "title", "Notes \"on\" JSON");
	pcv_meta_put(authors, NULL, pcv_meta_new(doc, PCV_META_STRING, "Ada Lindqvist"));
	pcv_meta_put(authors, NULL, pcv_meta_new(doc, PCV_META_STRING, "Tomás Ferreira"));
	pcv_meta_put(meta, "author", authors);
	pcv_meta_put(map, "zeta", pcv_meta_new(doc, PCV_META_STRING, "last letter, first key"));
	pcv_meta_put(map, "alpha", pcv_meta_new(doc, PCV_META_STRING, "tab\there"));
	pcv_meta_put(map, "empty-list", pcv_meta_new(doc, PCV_META_LIST, NULL));
	pcv_meta_put(map, "empty-map", pcv_meta_new(doc, PCV_META_MAP, NULL));
	pcv_meta_put(inner, NULL, pcv_meta_new(doc, PCV_META_STRING, "a"));
	pcv_meta_put(inner, NULL, pcv_meta_new(doc, PCV_META_MAP, NULL));
	pcv_meta_put(map, "nested", inner);
	pcv_meta_put(meta, "x-map", map);
	pcv_doc_set_meta_string(doc, "lang", "en");
}

static void build_all(pcv_doc *doc)
{
	pcv_node *root = pcv_doc_root(doc), *n, *p, *l, *it, *t, *r, *c, *m, *s;
	/* Quotes, backslash, every escape, DEL, a NUL, valid 2/3/4-byte
	 * UTF-8, then bad bytes: a lone continuation, a truncated sequence, an
	 * overlong form, a surrogate, a code point above U+10FFFF, 0xFF. */
	static const char tricky[] = "q\" b\\ n\n t\t r\r b\b f\f x01\x01 x1f\x1f del\x7f nul\0 "
	                             "é € 😀 | \x80 \xE2\x82 \xC0\xAF \xED\xA0\x80 "
	                             "\xF4\x90\x80\x80 \xFF end";

	pcv_node_set_position(root, 1, 1);
	pcv_doc_add_source(doc, "first.md", 1);
	pcv_doc_add_source(doc, "second.md", 40);
	build_meta(doc);
	pcv_node_set_attr(root, "id", "top");

	n = add(root, PCV_NODE_HEADING, 2, 1);
	pcv_node_set_heading_level(n, 2);
	pcv_node_set_attr(n, "id", "a-heading");
	pcv_node_set_attr(n, "tag", "key-idea");
	add_lit(n, PCV_NODE_EMOJI, 2, 4, "⭐️");
	add_lit(n, PCV_NODE_TEXT, 2, 11, " A heading");

	p = add(root, PCV_NODE_PARAGRAPH, 4, 1);
	n = add(p, PCV_NODE_TEXT, 4, 1);
	pcv_node_set_literal_len(n, tricky, sizeof tricky - 1);
	add(p, PCV_NODE_SOFTBREAK, 4, 80);
	n = add(add(p, PCV_NODE_EMPH, 5, 1), PCV_NODE_STRONG, 5, 2);
	add_lit(n, PCV_NODE_TEXT, 5, 4, "bold");
	add_lit(add(p, PCV_NODE_STRIKETHROUGH, 5, 10), PCV_NODE_TEXT, 5, 12, "gone");
	add(p, PCV_NODE_LINEBREAK, 5, 20);
	add_lit(p, PCV_NODE_CODE, 6, 1, "x < y");
	n = add_lit(p, PCV_NODE_RAW_INLINE, 6, 10, "<kbd>");
	pcv_node_set_info(n, "html");
	n = add(p, PCV_NODE_LINK, 6, 20);
	pcv_node_set_url(n, "https://example.org/?a=1&b=\"2\"");
	pcv_node_set_title(n, "Example");
	add_lit(n, PCV_NODE_TEXT, 6, 21, "a link");
	n = add(p, PCV_NODE_LINK, 6, 40);
	pcv_node_set_url(n, "#a-heading");
	add_lit(n, PCV_NODE_TEXT, 6, 41, "internal");
	n = add(p, PCV_NODE_IMAGE, 7, 1);
	pcv_node_set_url(n, "images/fig.png");
	add_lit(n, PCV_NODE_TEXT, 7, 3, "alt");
	m = add_lit(p, PCV_NODE_INLINE_MATH, 7, 20, "\\sum_{i=1}^n x_i");
	s = add(m, PCV_NODE_MATH_UNDEROVER, 7, 21);
	n = add_lit(s, PCV_NODE_MATH_OPERATOR, 7, 21, "∑");
	pcv_node_set_int(n, PCV_MATH_LARGE | PCV_MATH_LIMITS);
	add(s, PCV_NODE_MATH_ROW, 7, 26);
	add_lit(s, PCV_NODE_MATH_IDENT, 7, 32, "n");
	n = add(m, PCV_NODE_MATH_STYLE, 7, 34);
	pcv_node_set_int(n, 3);
	add_lit(n, PCV_NODE_MATH_IDENT, 7, 34, "x");
	n = add(p, PCV_NODE_FOOTNOTE_REF, 7, 40);
	pcv_node_set_label(n, "note");
	n = add(p, PCV_NODE_SPAN, 7, 50);
	pcv_node_set_attr(n, "class", "marker");
	add_lit(n, PCV_NODE_EMOJI, 7, 50, "📑");

	l = add(root, PCV_NODE_LIST, 9, 1);
	pcv_node_set_list_type(l, PCV_LIST_ORDERED);
	pcv_node_set_list_start(l, 3);
	pcv_node_set_list_delim(l, ')');
	pcv_node_set_list_tight(l, 1);
	it = add(l, PCV_NODE_ITEM, 9, 1);
	pcv_node_set_task(it, PCV_TASK_DONE);
	add_lit(add(it, PCV_NODE_PARAGRAPH, 9, 8), PCV_NODE_TEXT, 9, 8, "done");
	it = add(l, PCV_NODE_ITEM, 10, 1);
	pcv_node_set_task(it, PCV_TASK_OPEN);
	add_lit(add(it, PCV_NODE_PARAGRAPH, 10, 8), PCV_NODE_TEXT, 10, 8, "open");
	l = add(root, PCV_NODE_LIST, 12, 1);
	pcv_node_set_list_type(l, PCV_LIST_BULLET);
	pcv_node_set_list_tight(l, 0);
	add(l, PCV_NODE_ITEM, 12, 1);

	n = add_lit(root, PCV_NODE_CODE_BLOCK, 14, 1, "print(\"hi\")\n");
	pcv_node_set_info(n, "python");
	add_lit(root, PCV_NODE_CODE_BLOCK, 17, 1, "plain\n");
	n = add_lit(root, PCV_NODE_RAW_BLOCK, 20, 1, "<div>\n</div>\n");
	pcv_node_set_info(n, "html");
	add(root, PCV_NODE_THEMATIC_BREAK, 23, 1);

	t = add(root, PCV_NODE_TABLE, 25, 1);
	r = add(t, PCV_NODE_TABLE_ROW, 25, 1);
	pcv_node_set_header(r, 1);
	c = add(r, PCV_NODE_TABLE_CELL, 25, 2);
	pcv_node_set_align(c, PCV_ALIGN_LEFT);
	add_lit(c, PCV_NODE_TEXT, 25, 3, "L");
	c = add(r, PCV_NODE_TABLE_CELL, 25, 6);
	pcv_node_set_align(c, PCV_ALIGN_CENTER);
	c = add(r, PCV_NODE_TABLE_CELL, 25, 10);
	pcv_node_set_align(c, PCV_ALIGN_RIGHT);
	c = add(r, PCV_NODE_TABLE_CELL, 25, 14);
	r = add(t, PCV_NODE_TABLE_ROW, 27, 1);
	add(r, PCV_NODE_TABLE_CELL, 27, 2);

	add_lit(root, PCV_NODE_DISPLAY_MATH, 29, 1, "\\frac{a}{b}");
	n = add(root, PCV_NODE_FOOTNOTE_DEF, 40, 1);
	pcv_node_set_label(n, "note");
	add_lit(add(n, PCV_NODE_PARAGRAPH, 40, 10), PCV_NODE_TEXT, 40, 10, "A footnote.");
	n = add(root, PCV_NODE_DIV, 42, 1);
	pcv_node_set_attr(n, "class", "legend");
	pcv_node_set_attr(n, "data-\"odd\"", "v\\al");
	n = add(add(n, PCV_NODE_BLOCK_QUOTE, 43, 1), PCV_NODE_FIRST_USER + 7, 43, 3);
	pcv_node_set_int(n, -42);
	pcv_node_set_literal(n, "user literal");
	pcv_node_set_attr(n, "k", "");
	add_lit(add(n, PCV_NODE_PARAGRAPH, 43, 5), PCV_NODE_TEXT, 43, 5, "inside");
	add(root, PCV_NODE_PARAGRAPH, 0, 0);
}

static void build_deep(pcv_doc *doc, long depth)
{
	pcv_node *inner = pcv_node_new(doc, PCV_NODE_PARAGRAPH), *q;
	pcv_meta *list = pcv_meta_new(doc, PCV_META_STRING, "bottom"), *outer;
	long i;

	pcv_node_set_position(inner, (unsigned)depth + 1, (unsigned)depth * 2 + 1);
	q = pcv_node_new(doc, PCV_NODE_TEXT);
	pcv_node_set_literal(q, "deep");
	pcv_node_append_child(inner, q);
	/* Built from the inside out so that each append is O(1). */
	for (i = depth; i > 0; i--) {
		q = pcv_node_new(doc, PCV_NODE_BLOCK_QUOTE);
		pcv_node_set_position(q, (unsigned)i, (unsigned)i * 2 - 1);
		if (!pcv_node_append_child(q, inner))
			exit(1);
		inner = q;
		outer = pcv_meta_new(doc, PCV_META_LIST, NULL);
		pcv_meta_put(outer, NULL, list);
		list = outer;
	}
	pcv_node_append_child(pcv_doc_root(doc), inner);
	pcv_meta_put(pcv_doc_meta(doc), "deep", list);
	pcv_doc_add_source(doc, "deep.md", 1);
}

int main(int argc, char **argv)
{
	pcv_ctx *ctx = pcv_ctx_new();
	pcv_doc *doc = pcv_doc_new();
	const pcv_writer *w;
	int i, rc;

	if (argc < 2) {
		fputs("usage: json-tree all | deep N | opts KEY=VALUE...\n", stderr);
		return 2;
	}
	w = pcv_find_writer(ctx, "json");
	if (!w) {
		fputs("json-tree: no json writer\n", stderr);
		return 1;
	}
	if (strcmp(argv[1], "deep") == 0 && argc == 3) {
		build_deep(doc, strtol(argv[2], NULL, 10));
	} else {
		build_all(doc);
		for (i = 2; i < argc; i++) {
			char *eq = strchr(argv[i], '=');
			if (!eq)
				return 2;
			*eq = '\0';
			if (pcv_set_option(ctx, argv[i], eq + 1) != 0)
				return 1;
		}
	}
	rc = pcv_write_file(ctx, w, doc, "-");
	pcv_doc_free(doc);
	pcv_ctx_free(ctx);
	return rc == 0 ? 0 : 1;
}
