/*
 * test-markdown.c -- the markdown reader through the real loader: math
 * spans (corpus counts, positions, edge cases), front matter, positions,
 * bad bytes and 100 000-deep nesting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"
#define CHECK_MESSAGES 65536
#include "check.h"

static pcv_ctx *ctx;
static const pcv_reader *reader;

static pcv_doc *read_text(const char *text)
{
	check_messages[0] = '\0';
	return pcv_read_memory(ctx, reader, "t.md", text, strlen(text));
}

typedef struct counts {
	int inline_math, display_math, emph, strong, text, code, code_block;
} counts;

static counts count(pcv_doc *doc)
{
	counts c = {0};
	pcv_iter it;

	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event != PCV_EVENT_ENTER)
			continue;
		switch (pcv_node_type(it.node)) {
		case PCV_NODE_INLINE_MATH: c.inline_math++; break;
		case PCV_NODE_DISPLAY_MATH: c.display_math++; break;
		case PCV_NODE_EMPH: c.emph++; break;
		case PCV_NODE_STRONG: c.strong++; break;
		case PCV_NODE_TEXT: c.text++; break;
		case PCV_NODE_CODE: c.code++; break;
		case PCV_NODE_CODE_BLOCK: c.code_block++; break;
		default: break;
		}
	}
	return c;
}

/* The n-th (from 0) node of a type, in document order. */
static pcv_node *nth(pcv_doc *doc, int type, int n)
{
	pcv_iter it;

	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE)
		if (it.event == PCV_EVENT_ENTER && pcv_node_type(it.node) == type && n-- == 0)
			return it.node;
	return NULL;
}

static int at(const pcv_node *n, unsigned line, unsigned column)
{
	if (n && pcv_node_line(n) == line && pcv_node_column(n) == column)
		return 1;
	fprintf(stderr, "  node at %u:%u, expected %u:%u\n", n ? pcv_node_line(n) : 0,
	        n ? pcv_node_column(n) : 0, line, column);
	return 0;
}

static int has_message(const char *s)
{
	if (strstr(check_messages, s))
		return 1;
	fprintf(stderr, "  no message '%s' in:\n%s", s, check_messages);
	return 0;
}

/* All text of the TEXT nodes, concatenated. */
static void all_text(pcv_doc *doc, char *out, size_t size)
{
	pcv_iter it;
	size_t n = 0;

	out[0] = '\0';
	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE)
		if (it.event == PCV_EVENT_ENTER && pcv_node_type(it.node) == PCV_NODE_TEXT && n < size)
			n += (size_t)snprintf(out + n, size - n, "%s", pcv_node_literal(it.node));
}

static void test_math_edges(void)
{
	char buf[4096];
	pcv_doc *doc;
	counts c;

	doc = read_text("It costs $20 and $30, or \\$5 and $ 6$.\n");
	c = count(doc);
	CHECK(c.inline_math == 0 && c.display_math == 0);
	all_text(doc, buf, sizeof buf);
	CHECK_STR(buf, "It costs $20 and $30, or $5 and $ 6$.");
	CHECK(check_messages[0] == '\0');
	pcv_doc_free(doc);

	doc = read_text("$x$5 is not math; $y$ is.\n");
	c = count(doc);
	CHECK(c.inline_math == 1);
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 0)), "y");
	pcv_doc_free(doc);

	doc = read_text("Code `$x$` and `\\(y\\)` stay code.\n\n```\n$a$ \\(b\\) \\\\[c\\\\]\n```\n\n"
	                "    $d$ \\(e\\)\n");
	c = count(doc);
	CHECK(c.inline_math == 0 && c.display_math == 0);
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_CODE, 0)), "$x$");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_CODE, 1)), "\\(y\\)");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_CODE_BLOCK, 0)), "$a$ \\(b\\) \\\\[c\\\\]\n");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_CODE_BLOCK, 1)), "$d$ \\(e\\)\n");
	pcv_doc_free(doc);

	/* no emphasis inside math, whatever the delimiter */
	doc = read_text("$a_1 b_2$ and $c*d*e$ and \\(f_1 g_2\\) and \\\\(h*i*j\\\\) and "
	                "$$k_1 l_2$$ and \\[m*n*o\\] and \\\\[p_1 q_2\\\\] *em*\n");
	c = count(doc);
	CHECK(c.inline_math == 7);
	CHECK(c.emph == 1 && c.strong == 0);
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 0)), "a_1 b_2");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 1)), "c*d*e");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 2)), "f_1 g_2");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 3)), "h*i*j");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 4)), "k_1 l_2");
	CHECK_STR(pcv_node_get_attr(nth(doc, PCV_NODE_INLINE_MATH, 4), "display"), "true");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 6)), "p_1 q_2");
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 0), 1, 1));
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 1), 1, 15));
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 2), 1, 27));
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 3), 1, 43));
	pcv_doc_free(doc);

	/* the TeX exactly as written, escapes and \text{$} included */
	doc = read_text("$\\$ \\{a\\} \\text{a $ b}$ and \\(\\left( x \\right)\\)\n");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 0)), "\\$ \\{a\\} \\text{a $ b}");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 1)), "\\left( x \\right)");
	pcv_doc_free(doc);

	/* unclosed delimiters stay text, with a warning at their place */
	doc = read_text("First line\nsee \\(oops and $$more and \\\\[again\n");
	c = count(doc);
	CHECK(c.inline_math == 0 && c.display_math == 0);
	all_text(doc, buf, sizeof buf);
	CHECK_STR(buf, "First linesee (oops and $$more and \\[again");
	CHECK(has_message("t.md:2:5: warning: unclosed math delimiter '\\('"));
	CHECK(has_message("t.md:2:16: warning: unclosed math delimiter '$$'"));
	CHECK(has_message("t.md:2:27: warning: unclosed math delimiter '\\\\['"));
	pcv_doc_free(doc);

	/* display math alone in a paragraph, in a list item, in a quote */
	doc = read_text("$$\na = b\n$$\n\n- item\n\n  $$\n  c_1\n  $$\n\n> $$ d $$\n>\n> \\[e\\]\n\n"
	                "Text\n$$f$$\nand $$g$$ inline.\n");
	c = count(doc);
	CHECK(c.display_math == 5 && c.inline_math == 1);
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 0)), "\na = b\n");
	CHECK(at(nth(doc, PCV_NODE_DISPLAY_MATH, 0), 1, 1));
	CHECK(pcv_node_type(pcv_node_parent(nth(doc, PCV_NODE_DISPLAY_MATH, 0))) == PCV_NODE_DOCUMENT);
	/* container prefixes (here the item's indent) are not part of the TeX */
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 1)), "\nc_1\n");
	CHECK(pcv_node_type(pcv_node_parent(nth(doc, PCV_NODE_DISPLAY_MATH, 1))) == PCV_NODE_ITEM);
	CHECK(at(nth(doc, PCV_NODE_DISPLAY_MATH, 1), 7, 3));
	CHECK(pcv_node_type(pcv_node_parent(nth(doc, PCV_NODE_DISPLAY_MATH, 2))) ==
	      PCV_NODE_BLOCK_QUOTE);
	CHECK(at(nth(doc, PCV_NODE_DISPLAY_MATH, 2), 11, 3));
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 2)), " d ");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 3)), "e");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 4)), "f");
	CHECK(at(nth(doc, PCV_NODE_DISPLAY_MATH, 4), 16, 1));
	CHECK(at(nth(doc, PCV_NODE_DISPLAY_MATH, 3), 13, 3));
	/* "Text" / $$f$$ / "and $$g$$ inline.": the paragraph is split */
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_INLINE_MATH, 0)), "g");
	CHECK(pcv_node_type(pcv_node_prev(pcv_node_parent(nth(doc, PCV_NODE_INLINE_MATH, 0)))) ==
	      PCV_NODE_DISPLAY_MATH);
	pcv_doc_free(doc);

	/* $$ spanning lines in a quote keeps the TeX without the quote marks */
	doc = read_text("> $$\n> x^2\n> $$\n");
	CHECK_STR(pcv_node_literal(nth(doc, PCV_NODE_DISPLAY_MATH, 0)), "\nx^2\n");
	pcv_doc_free(doc);

	/* math in tables; links keep cmark's escapes */
	doc = read_text("| a | $b_1$ |\n|---|---|\n| \\(c\\) | `$d$` |\n\n[x](http://e/\\(f\\) \"g\\(h\")\n");
	c = count(doc);
	CHECK(c.inline_math == 2);
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 1), 3, 3));
	CHECK_STR(pcv_node_url(nth(doc, PCV_NODE_LINK, 0)), "http://e/(f)");
	CHECK_STR(pcv_node_title(nth(doc, PCV_NODE_LINK, 0)), "g(h");
	pcv_doc_free(doc);

	/* escapes that open nothing read as cmark reads them */
	doc = read_text("a \\) b \\\\) c \\] d \\\\\\(e\\) f\n");
	all_text(doc, buf, sizeof buf);
	CHECK(count(doc).inline_math == 0);
	CHECK_STR(buf, "a ) b \\) c ] d \\(e) f");
	pcv_doc_free(doc);

	/* unpaired backslash brackets keep cmark's meaning: labels, link
	 * destinations, autolinks */
	doc = read_text("[Foo*bar\\]]:my_(url) 'title'\n\n[Foo*bar\\]] [l](foo\\(and\\(bar\\)) "
	                "<http://e.com/\\[\\>\n");
	CHECK(count(doc).inline_math == 0);
	CHECK_STR(pcv_node_url(nth(doc, PCV_NODE_LINK, 0)), "my_(url)");
	CHECK_STR(pcv_node_url(nth(doc, PCV_NODE_LINK, 1)), "foo(and(bar)");
	CHECK_STR(pcv_node_url(nth(doc, PCV_NODE_LINK, 2)), "http://e.com/\\[\\");
	CHECK(check_messages[0] == '\0');
	pcv_doc_free(doc);

	/* the option turns math off */
	CHECK(pcv_set_option(ctx, "markdown.math", "false") == 0);
	doc = read_text("$a_1$ and \\(b\\) and \\\\(c\\\\)\n");
	c = count(doc);
	CHECK(c.inline_math == 0);
	all_text(doc, buf, sizeof buf);
	CHECK_STR(buf, "$a_1$ and (b) and \\(c\\)");
	pcv_doc_free(doc);
	CHECK(pcv_set_option(ctx, "markdown.math", "true") == 0);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(s);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

/* Each math node's position points at its opening delimiter, followed by
 * the first line of its TeX exactly as written. */
static int math_positions_ok(pcv_doc *doc, const char *src)
{
	pcv_iter it;
	int ok = 1;

	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		int t = pcv_node_type(it.node);
		const char *p = src, *tex, *nl;
		unsigned line;
		size_t n;

		if (it.event != PCV_EVENT_ENTER || (t != PCV_NODE_INLINE_MATH && t != PCV_NODE_DISPLAY_MATH))
			continue;
		for (line = 1; line < pcv_node_line(it.node) && p; line++) {
			p = strchr(p, '\n');
			if (p)
				p++;
		}
		if (!p || pcv_node_column(it.node) < 1) {
			ok = 0;
			continue;
		}
		p += pcv_node_column(it.node) - 1;
		if (strncmp(p, "$$", 2) == 0 || strncmp(p, "\\\\(", 3) == 0 || strncmp(p, "\\\\[", 3) == 0)
			p += p[0] == '$' ? 2 : 3;
		else if (*p == '$')
			p += 1;
		else if (strncmp(p, "\\(", 2) == 0 || strncmp(p, "\\[", 2) == 0)
			p += 2;
		else {
			fprintf(stderr, "  math at %u:%u does not start with a delimiter\n",
			        pcv_node_line(it.node), pcv_node_column(it.node));
			ok = 0;
			continue;
		}
		tex = pcv_node_literal(it.node);
		nl = strchr(tex, '\n');
		n = nl ? (size_t)(nl - tex) : strlen(tex);
		if (strncmp(p, tex, n) != 0) {
			fprintf(stderr, "  math at %u:%u is not '%.*s'\n", pcv_node_line(it.node),
			        pcv_node_column(it.node), (int)n, tex);
			ok = 0;
		}
	}
	return ok;
}

/* The math spans of the corpus notes, counted by reading them: every
 * $$..$$ pair and every \\(..\\) pair outside code. */
static int test_corpus(const char *corpus)
{
	static const struct {
		const char *file;
		int inline_math, display_math;
	} notes[] = {
		/* 32 \\(..\\); 7 $$..$$ each alone in its paragraph */
		{"cs231n-optimization-1.md", 32, 7},
		/* math-free: $ and \( appear only in code */
		{"cs231n-python-numpy-tutorial.md", 0, 0},
		/* 115 $$..$$: 12 on lines of their own (10 spanning lines, the
		 * lines 221 and 225), 103 within sentences */
		{"cs231n-rnn.md", 103, 12},
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof notes / sizeof *notes; i++) {
		size_t len;
		char *src;
		pcv_doc *doc;
		counts c;
		char *text = malloc(1 << 20);

		snprintf(path, sizeof path, "%s/notes/%s", corpus, notes[i].file);
		src = slurp(path, &len);
		if (!src) {
			free(text);
			return 0;
		}
		check_messages[0] = '\0';
		doc = pcv_read_memory(ctx, reader, notes[i].file, src, len);
		CHECK(doc != NULL);
		if (!doc) {
			free(src);
			free(text);
			continue;
		}
		c = count(doc);
		printf("%s: %d inline, %d display math\n", notes[i].file, c.inline_math, c.display_math);
		CHECK(c.inline_math == notes[i].inline_math);
		CHECK(c.display_math == notes[i].display_math);
		CHECK(math_positions_ok(doc, src));
		/* nothing of the math is left in the text */
		all_text(doc, text, 1 << 20);
		CHECK(strstr(text, "$$") == NULL && strstr(text, "\\(") == NULL);
		/* front matter read, not printed */
		CHECK(pcv_meta_get(pcv_doc_meta(doc), "layout") != NULL);
		CHECK(strstr(text, "layout:") == NULL && strstr(text, "permalink") == NULL);
		CHECK(check_messages[0] == '\0');
		pcv_doc_free(doc);
		free(src);
		free(text);
	}
	return 1;
}

static void test_front_matter(void)
{
	pcv_doc *doc;
	pcv_meta *m, *v;
	const char *key;
	char buf[1024];

	doc = read_text("---\ntitle: Notes\nauthor:\n  - Ada\n  - Tom\nkeywords: [a, b]\n"
	                "legend:\n  \"📑\": paper\n  nested: {x: 1}\nlang: en\n...\n\n# Head\n\ntext $x$\n");
	m = pcv_doc_meta(doc);
	CHECK_STR(pcv_meta_string(pcv_meta_get(m, "title")), "Notes");
	v = pcv_meta_get(m, "author");
	CHECK(pcv_meta_kind_of(v) == PCV_META_LIST && pcv_meta_count(v) == 2);
	CHECK_STR(pcv_meta_string(pcv_meta_at(v, 1, &key)), "Tom");
	CHECK_STR(pcv_doc_meta_string(doc, "keywords"), "a, b");
	v = pcv_meta_get(m, "legend");
	CHECK(pcv_meta_kind_of(v) == PCV_META_MAP);
	CHECK_STR(pcv_meta_string(pcv_meta_get(v, "📑")), "paper");
	CHECK_STR(pcv_meta_string(pcv_meta_get(pcv_meta_get(v, "nested"), "x")), "1");
	CHECK_STR(pcv_doc_meta_string(doc, "lang"), "en");
	CHECK(at(nth(doc, PCV_NODE_HEADING, 0), 13, 1));
	CHECK(at(nth(doc, PCV_NODE_INLINE_MATH, 0), 15, 6));
	CHECK(nth(doc, PCV_NODE_THEMATIC_BREAK, 0) == NULL);
	all_text(doc, buf, sizeof buf);
	CHECK_STR(buf, "Headtext ");
	CHECK(check_messages[0] == '\0');
	pcv_doc_free(doc);

	/* invalid YAML: a warning with its line, the block kept as text */
	doc = read_text("---\ntitle: ok\nbad: [unclosed\nmore: x\n---\n\nBody\n");
	CHECK(pcv_meta_get(pcv_doc_meta(doc), "title") == NULL);
	CHECK(has_message("t.md:4:5:"));
	CHECK(has_message("warning: invalid YAML front matter"));
	all_text(doc, buf, sizeof buf);
	CHECK(strstr(buf, "title: ok") != NULL);
	CHECK(at(nth(doc, PCV_NODE_PARAGRAPH, 0), 7, 1));
	pcv_doc_free(doc);

	doc = read_text("---\na: [1, 2]\nb: {c: d\n---\n");
	CHECK(has_message("t.md:4:"));
	pcv_doc_free(doc);

	/* not front matter: a rule then a blank line; no closing line; not at
	 * the top */
	doc = read_text("---\n\ntitle: x\n---\n");
	CHECK(pcv_meta_count(pcv_doc_meta(doc)) == 0 && nth(doc, PCV_NODE_THEMATIC_BREAK, 0));
	pcv_doc_free(doc);
	doc = read_text("---\ntitle: x\n\nmore\n");
	CHECK(pcv_meta_count(pcv_doc_meta(doc)) == 0);
	pcv_doc_free(doc);
	doc = read_text("text\n\n---\ntitle: x\n---\n");
	CHECK(pcv_meta_count(pcv_doc_meta(doc)) == 0);
	pcv_doc_free(doc);
	/* a YAML scalar is not metadata: kept as Markdown, silently */
	doc = read_text("---\njust words\n---\n");
	CHECK(pcv_meta_count(pcv_doc_meta(doc)) == 0 && check_messages[0] == '\0');
	pcv_doc_free(doc);
}

static void test_positions(void)
{
	pcv_doc *doc = read_text("# Title *x*\n\nSome `code` and [a](u \"t\")\nnext ~~s~~\n\n"
	                         "- [x] done\n  1) sub\n\n> | a | b |\n> |:-:|--:|\n> | c | d |\n\n"
	                         "Note[^lab].\n\n[^lab]: Body.\n\n<div>\nraw\n</div>\n\n```py\ncode\n```\n");
	pcv_node *n;

	CHECK(at(pcv_doc_root(doc), 1, 1));
	n = nth(doc, PCV_NODE_HEADING, 0);
	CHECK(at(n, 1, 1) && pcv_node_heading_level(n) == 1);
	CHECK(at(nth(doc, PCV_NODE_EMPH, 0), 1, 9));
	CHECK(at(nth(doc, PCV_NODE_CODE, 0), 3, 6));
	n = nth(doc, PCV_NODE_LINK, 0);
	CHECK(at(n, 3, 17));
	CHECK_STR(pcv_node_url(n), "u");
	CHECK_STR(pcv_node_title(n), "t");
	CHECK(at(nth(doc, PCV_NODE_STRIKETHROUGH, 0), 4, 6));
	n = nth(doc, PCV_NODE_ITEM, 0);
	CHECK(at(n, 6, 1) && pcv_node_task(n) == PCV_TASK_DONE);
	n = nth(doc, PCV_NODE_LIST, 1);
	CHECK(at(n, 7, 3) && pcv_node_list_type(n) == PCV_LIST_ORDERED &&
	      pcv_node_list_delim(n) == ')' && pcv_node_list_start(n) == 1);
	n = nth(doc, PCV_NODE_TABLE, 0);
	CHECK(at(n, 9, 3));
	CHECK(pcv_node_is_header(nth(doc, PCV_NODE_TABLE_ROW, 0)));
	CHECK(!pcv_node_is_header(nth(doc, PCV_NODE_TABLE_ROW, 1)));
	CHECK(pcv_node_align(nth(doc, PCV_NODE_TABLE_CELL, 0)) == PCV_ALIGN_CENTER);
	CHECK(pcv_node_align(nth(doc, PCV_NODE_TABLE_CELL, 3)) == PCV_ALIGN_RIGHT);
	CHECK(at(nth(doc, PCV_NODE_TABLE_CELL, 2), 11, 4));
	n = nth(doc, PCV_NODE_FOOTNOTE_REF, 0);
	CHECK(at(n, 13, 5));
	CHECK_STR(pcv_node_label(n), "lab");
	CHECK_STR(pcv_node_label(nth(doc, PCV_NODE_FOOTNOTE_DEF, 0)), "lab");
	n = nth(doc, PCV_NODE_RAW_BLOCK, 0);
	CHECK(at(n, 17, 1));
	CHECK_STR(pcv_node_info(n), "html");
	n = nth(doc, PCV_NODE_CODE_BLOCK, 0);
	CHECK(at(n, 21, 1));
	CHECK_STR(pcv_node_info(n), "py");
	CHECK_STR(pcv_node_literal(n), "code\n");
	/* text pieces are merged */
	CHECK_STR(pcv_node_literal(pcv_node_first_child(nth(doc, PCV_NODE_PARAGRAPH, 0))), "Some ");
	pcv_doc_free(doc);
}

static void test_bad_bytes(void)
{
	static const char text[] = "ok \xff x\n\0y \xe2\x82 *z*\n";
	pcv_doc *doc;
	char buf[256];

	check_messages[0] = '\0';
	doc = pcv_read_memory(ctx, reader, "t.md", text, sizeof text - 1);
	CHECK(doc != NULL);
	all_text(doc, buf, sizeof buf);
	CHECK_STR(buf, "ok \xEF\xBF\xBD x\xEF\xBF\xBDy \xEF\xBF\xBD z");
	CHECK(has_message("t.md:1:4: warning: invalid UTF-8"));
	CHECK(has_message("t.md:2:1: warning: NUL byte"));
	CHECK(has_message("t.md:2:4: warning: invalid UTF-8"));
	/* columns after a replacement still count in the input's bytes */
	CHECK(at(nth(doc, PCV_NODE_EMPH, 0), 2, 7));
	pcv_doc_free(doc);
}

/* 100 000 levels of block quotes and of lists, and a long emphasis run. */
static void test_deep(void)
{
	size_t n = 100000, i, depth, max;
	char *s = malloc(2 * n + 8);
	pcv_doc *doc;
	pcv_iter it;

	for (i = 0; i < n; i++)
		s[i] = '>';
	strcpy(s + n, " x\n");
	doc = read_text(s);
	CHECK(doc != NULL);
	depth = max = 0;
	pcv_iter_init(&it, pcv_doc_root(doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event == PCV_EVENT_ENTER && ++depth > max)
			max = depth;
		else if (it.event == PCV_EVENT_EXIT)
			depth--;
	}
	CHECK(max >= n);
	pcv_doc_free(doc);

	for (i = 0; i < n; i++) {
		s[2 * i] = '-';
		s[2 * i + 1] = ' ';
	}
	strcpy(s + 2 * n, "x\n");
	doc = read_text(s);
	CHECK(doc != NULL && nth(doc, PCV_NODE_ITEM, 0) != NULL);
	pcv_doc_free(doc);

	for (i = 0; i < n; i++)
		s[i] = i % 2 ? '$' : '\\';
	s[n] = '\0';
	doc = read_text(s);
	CHECK(doc != NULL);
	pcv_doc_free(doc);
	free(s);
}

int main(void)
{
	const char *corpus = getenv("PCV_CORPUS");
	int have_corpus = 0;

	ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(ctx, check_on_message, NULL);
	reader = pcv_find_reader(ctx, "markdown");
	if (!reader) {
		fprintf(stderr, "the markdown reader is not found on %s\n", pcv_plugin_path(ctx));
		return 1;
	}
	test_math_edges();
	test_front_matter();
	test_positions();
	test_bad_bytes();
	test_deep();
	if (corpus)
		have_corpus = test_corpus(corpus);
	pcv_ctx_free(ctx);
	if (!have_corpus && !check_failures) {
		printf("SKIP: corpus not found at %s\n", corpus ? corpus : "(PCV_CORPUS unset)");
		check_done("test-markdown");
		return 77;
	}
	return check_done("test-markdown");
}
