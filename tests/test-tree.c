/* test-tree.c -- the document tree, iterator, attributes, metadata and output. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paissconv.h"
#define CHECK_MESSAGES 4096
#include "check.h"

static pcv_node *add(pcv_node *parent, int type, const char *text)
{
	pcv_node *n = pcv_node_new(pcv_node_doc(parent), type);
	if (text)
		pcv_node_set_literal(n, text);
	CHECK(pcv_node_append_child(parent, n));
	return n;
}

static void test_build_and_walk(void)
{
	pcv_doc *doc = pcv_doc_new();
	pcv_node *root = pcv_doc_root(doc);
	CHECK(pcv_node_type(root) == PCV_NODE_DOCUMENT);
	pcv_node *h = add(root, PCV_NODE_HEADING, NULL);
	CHECK(pcv_node_set_heading_level(h, 2));
	CHECK(!pcv_node_set_heading_level(h, 7));
	CHECK(pcv_node_heading_level(h) == 2);
	add(h, PCV_NODE_TEXT, "Title");
	pcv_node *p = add(root, PCV_NODE_PARAGRAPH, NULL);
	add(p, PCV_NODE_TEXT, "a ");
	pcv_node *em = add(p, PCV_NODE_EMPH, NULL);
	add(em, PCV_NODE_TEXT, "b");
	add(p, PCV_NODE_SOFTBREAK, NULL);
	add(p, PCV_NODE_INLINE_MATH, "x_1");

	/* Every node gets an enter and an exit, in document order. */
	static const char *const want[] = {
		"+document", "+heading", "+text", "-text", "-heading", "+paragraph", "+text",
		"-text", "+emph", "+text", "-text", "-emph", "+softbreak", "-softbreak",
		"+inline_math", "-inline_math", "-paragraph", "-document",
	};
	pcv_iter it;
	pcv_iter_init(&it, root);
	size_t i = 0;
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		char got[64];
		snprintf(got, sizeof got, "%c%s", ev == PCV_EVENT_ENTER ? '+' : '-',
		         pcv_node_type_name(pcv_node_type(it.node)));
		CHECK(i < sizeof want / sizeof *want);
		if (i < sizeof want / sizeof *want)
			CHECK_STR(got, want[i]);
		i++;
	}
	CHECK(i == sizeof want / sizeof *want);
	CHECK_STR(pcv_node_text(p), "a b x_1");

	/* Skipping a subtree: its exit comes next. */
	pcv_iter_init(&it, root);
	int entered_text_in_heading = 0;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev == PCV_EVENT_ENTER && pcv_node_type(it.node) == PCV_NODE_HEADING) {
			pcv_iter_skip_children(&it);
			CHECK(pcv_iter_next(&it) == PCV_EVENT_EXIT);
			CHECK(it.node == h);
		}
		if (ev == PCV_EVENT_ENTER && pcv_node_parent(it.node) == h)
			entered_text_in_heading = 1;
	}
	CHECK(!entered_text_in_heading);

	/* A walk of a subtree stays in it. */
	pcv_iter_init(&it, em);
	int n = 0;
	while (pcv_iter_next(&it) != PCV_EVENT_DONE)
		n++;
	CHECK(n == 4);
	pcv_doc_free(doc);
}

static void test_refused_edits(void)
{
	pcv_doc *doc = pcv_doc_new(), *other = pcv_doc_new();
	pcv_node *root = pcv_doc_root(doc);
	pcv_node *list = add(root, PCV_NODE_LIST, NULL);
	pcv_node *para = pcv_node_new(doc, PCV_NODE_PARAGRAPH);
	CHECK(!pcv_node_append_child(list, para));           /* lists hold items only */
	CHECK(!pcv_node_append_child(root, pcv_node_new(doc, PCV_NODE_TEXT))); /* no inline in doc */
	CHECK(!pcv_node_append_child(root, pcv_node_new(other, PCV_NODE_PARAGRAPH)));
	CHECK(!pcv_node_append_child(root, pcv_node_new(doc, PCV_NODE_DOCUMENT)));
	pcv_node *item = add(list, PCV_NODE_ITEM, NULL);
	pcv_node *quote = add(item, PCV_NODE_BLOCK_QUOTE, NULL);
	CHECK(!pcv_node_append_child(quote, quote));          /* itself */
	CHECK(!pcv_node_append_child(quote, list));           /* an ancestor */
	CHECK(pcv_node_parent(list) == root);
	CHECK(!pcv_node_append_child(NULL, para) && !pcv_node_append_child(root, NULL));
	CHECK(!pcv_node_insert_before(root, para));           /* the root has no parent */
	CHECK(!pcv_node_append_child(add(root, PCV_NODE_PARAGRAPH, NULL),
	                             pcv_node_new(doc, PCV_NODE_MATH_FRACTION)));
	/* User types go anywhere, and hold anything. */
	pcv_node *user = pcv_node_new(doc, PCV_NODE_FIRST_USER + 7);
	CHECK(pcv_node_type(user) == PCV_NODE_FIRST_USER + 7);
	CHECK(pcv_node_append_child(quote, user));
	CHECK(pcv_node_append_child(user, pcv_node_new(doc, PCV_NODE_TEXT)));
	CHECK_STR(pcv_node_type_name(PCV_NODE_FIRST_USER + 7), "user");
	/* Accessors of the wrong type give neutral values and refuse. */
	CHECK(pcv_node_heading_level(list) == 0);
	CHECK(!pcv_node_set_url(list, "x"));
	CHECK(pcv_node_url(list) == NULL);
	CHECK(!pcv_node_set_task(list, PCV_TASK_DONE));
	CHECK(pcv_node_set_task(item, PCV_TASK_DONE) && pcv_node_task(item) == PCV_TASK_DONE);
	/* Moves: inserting a node that is elsewhere moves it. */
	pcv_node *a = add(root, PCV_NODE_PARAGRAPH, NULL), *b = add(root, PCV_NODE_PARAGRAPH, NULL);
	CHECK(pcv_node_insert_before(a, b));
	CHECK(pcv_node_next(b) == a && pcv_node_last_child(root) == a);
	CHECK(pcv_node_replace(a, para));
	CHECK(pcv_node_parent(a) == NULL && pcv_node_last_child(root) == para);
	pcv_doc_free(doc);
	pcv_doc_free(other);
}

static void test_attrs_and_meta(void)
{
	pcv_doc *doc = pcv_doc_new();
	pcv_node *p = add(pcv_doc_root(doc), PCV_NODE_PARAGRAPH, NULL);
	CHECK(pcv_node_get_attr(p, "tag") == NULL);
	for (int i = 0; i < 20; i++) {
		char k[16];
		snprintf(k, sizeof k, "k%d", i);
		CHECK(pcv_node_set_attr(p, k, k));
	}
	CHECK(pcv_node_set_attr(p, "k3", "three"));
	CHECK_STR(pcv_node_get_attr(p, "k3"), "three");
	CHECK(pcv_node_set_attr(p, "k0", NULL));
	CHECK(pcv_node_attr_count(p) == 19);
	const char *k, *v;
	CHECK(pcv_node_attr_at(p, 0, &k, &v));
	CHECK_STR(k, "k1");
	CHECK(!pcv_node_attr_at(p, 19, &k, &v));

	pcv_meta *m = pcv_doc_meta(doc);
	pcv_doc_set_meta_string(doc, "title", "Notes");
	pcv_meta *authors = pcv_meta_new(doc, PCV_META_LIST, NULL);
	pcv_meta_put(authors, NULL, pcv_meta_new(doc, PCV_META_STRING, "Ada"));
	pcv_meta_put(authors, NULL, pcv_meta_new(doc, PCV_META_STRING, "Alan"));
	CHECK(pcv_meta_put(m, "author", authors));
	CHECK_STR(pcv_doc_meta_string(doc, "author"), "Ada, Alan");
	CHECK_STR(pcv_doc_meta_string(doc, "title"), "Notes");
	pcv_doc_set_meta_string(doc, "title", "Other");
	CHECK(pcv_meta_count(m) == 2);
	CHECK_STR(pcv_doc_meta_string(doc, "title"), "Other");
	CHECK(pcv_meta_remove(m, "title") && pcv_meta_count(m) == 1);
	CHECK(pcv_doc_meta_string(doc, "title") == NULL);

	/* Sources map whole-text lines back to files. */
	pcv_doc_add_source(doc, "a.md", 1);
	pcv_doc_add_source(doc, "b.md", 11);
	unsigned line;
	CHECK_STR(pcv_doc_source_at(doc, 10, &line), "a.md");
	CHECK(line == 10);
	CHECK_STR(pcv_doc_source_at(doc, 12, &line), "b.md");
	CHECK(line == 2);
	pcv_doc_free(doc);
}

/* A computed attribute: its function's calls, and what it saw. */
static int computed_calls;

static const char *computed_text(pcv_node *node, void *data)
{
	computed_calls++;
	/* it reads its own key (""), sets another attribute (the node's
	 * attributes may move), and sees the tree as it is when read */
	CHECK_STR(pcv_node_get_attr(node, "text"), "");
	for (int i = 0; i < 4; i++) {
		char k[8];
		snprintf(k, sizeof k, "x%d", i);
		pcv_node_set_attr(node, k, (const char *)data);
	}
	return pcv_node_text(node);
}

static const char *computed_null(pcv_node *node, void *data)
{
	(void)node;
	(void)data;
	computed_calls++;
	return NULL;
}

static void test_computed_attrs(void)
{
	pcv_doc *doc = pcv_doc_new();
	pcv_node *p = add(pcv_doc_root(doc), PCV_NODE_PARAGRAPH, NULL);
	pcv_node *q = add(pcv_doc_root(doc), PCV_NODE_PARAGRAPH, NULL);
	add(p, PCV_NODE_TEXT, "before");
	CHECK(!pcv_node_set_attr_fn(p, "text", NULL, NULL));
	CHECK(pcv_node_set_attr(p, "class", "c"));
	CHECK(pcv_node_set_attr_fn(p, "text", computed_text, "d"));
	CHECK(pcv_node_set_attr_fn(q, "text", computed_text, "d"));
	CHECK(pcv_node_attr_count(p) == 2 && computed_calls == 0);
	/* keys alone, and other keys, compute nothing */
	const char *k, *v;
	CHECK(pcv_node_attr_at(p, 1, &k, NULL));
	CHECK_STR(k, "text");
	CHECK_STR(pcv_node_get_attr(p, "class"), "c");
	CHECK(computed_calls == 0);
	/* computed once, from the tree as it is when first read */
	pcv_node_set_literal(pcv_node_first_child(p), "after");
	CHECK_STR(pcv_node_get_attr(p, "text"), "after");
	CHECK_STR(pcv_node_get_attr(p, "text"), "after");
	CHECK(computed_calls == 1);
	CHECK(pcv_node_attr_count(p) == 6);
	CHECK_STR(pcv_node_get_attr(p, "x3"), "d");
	/* through attr_at too; a value set replaces the function */
	CHECK(pcv_node_attr_at(q, 0, &k, &v));
	CHECK_STR(k, "text");
	CHECK_STR(v, "");
	CHECK(computed_calls == 2);
	pcv_node *r = add(pcv_doc_root(doc), PCV_NODE_PARAGRAPH, NULL);
	CHECK(pcv_node_set_attr_fn(r, "text", computed_null, NULL));
	CHECK(pcv_node_set_attr(r, "text", "set"));
	CHECK_STR(pcv_node_get_attr(r, "text"), "set");
	CHECK(computed_calls == 2);
	/* NULL counts as "" */
	CHECK(pcv_node_set_attr_fn(r, "text", computed_null, NULL));
	CHECK_STR(pcv_node_get_attr(r, "text"), "");
	CHECK(computed_calls == 3);
	/* removed before being read: never computed */
	CHECK(pcv_node_set_attr_fn(r, "text", computed_null, NULL));
	CHECK(pcv_node_set_attr(r, "text", NULL));
	CHECK(pcv_node_get_attr(r, "text") == NULL && computed_calls == 3);
	/* with the document's key table full, computed at once */
	for (int i = 0; i < 64; i++) {
		char key[16];
		snprintf(key, sizeof key, "full%d", i);
		pcv_node_set_attr(r, key, "v");
	}
	CHECK(pcv_node_set_attr_fn(r, "late", computed_null, NULL));
	CHECK(computed_calls == 4);
	CHECK_STR(pcv_node_get_attr(r, "late"), "");
	pcv_doc_free(doc);
}

/* 100 000 levels: built, walked and freed without recursion. */
static void test_deep(void)
{
	enum { DEPTH = 100000 };
	pcv_doc *doc = pcv_doc_new();
	pcv_node *n = pcv_doc_root(doc);
	for (int i = 0; i < DEPTH; i++)
		n = add(n, PCV_NODE_BLOCK_QUOTE, NULL);
	pcv_node *p = add(n, PCV_NODE_PARAGRAPH, NULL);
	add(p, PCV_NODE_TEXT, "deep");
	pcv_iter it;
	pcv_iter_init(&it, pcv_doc_root(doc));
	long enters = 0, exits = 0, depth = 0, maxdepth = 0;
	pcv_event ev;
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		if (ev == PCV_EVENT_ENTER) {
			enters++;
			if (++depth > maxdepth)
				maxdepth = depth;
		} else {
			exits++;
			depth--;
		}
	}
	CHECK(enters == DEPTH + 3 && exits == enters && maxdepth == DEPTH + 3);
	CHECK_STR(pcv_node_text(pcv_doc_root(doc)), "deep");
	pcv_doc_free(doc);
}

static void test_resources(void)
{
	char dir[] = "/tmp/pcvres.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], sub[256], other[256];
	snprintf(sub, sizeof sub, "%s/notes", dir);
	snprintf(other, sizeof other, "%s/figs", dir);
	CHECK(mkdir(sub, 0755) == 0 && mkdir(other, 0755) == 0);
	snprintf(path, sizeof path, "%s/notes/a b.png", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/secret.png", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/figs/f.png", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/notes/link.png", dir);
	CHECK(symlink("../secret.png", path) == 0);

	pcv_doc *doc = pcv_doc_new();
	pcv_doc_set_base_dir(doc, sub);
	const char *found;
	CHECK(pcv_doc_find_resource(doc, "a%20b.png", &found) == PCV_RESOURCE_FOUND);
	CHECK(found && strstr(found, "/notes/a b.png") != NULL);
	CHECK(pcv_doc_find_resource(doc, "a b.png?x=1#top", &found) == PCV_RESOURCE_FOUND);
	CHECK(pcv_doc_find_resource(doc, "../secret.png", &found) == PCV_RESOURCE_ESCAPES);
	CHECK(found == NULL);
	CHECK(pcv_doc_find_resource(doc, "link.png", &found) == PCV_RESOURCE_ESCAPES);
	CHECK(pcv_doc_find_resource(doc, "/etc/passwd", &found) == PCV_RESOURCE_ESCAPES);
	CHECK(pcv_doc_find_resource(doc, "nothere.png", &found) == PCV_RESOURCE_MISSING);
	CHECK(pcv_doc_find_resource(doc, "https://example.org/x.png", &found) == PCV_RESOURCE_REMOTE);
	CHECK(pcv_doc_find_resource(doc, "//example.org/x.png", &found) == PCV_RESOURCE_REMOTE);
	CHECK(pcv_doc_find_resource(doc, "data:image/png;base64,AAAA", &found) == PCV_RESOURCE_REMOTE);
	CHECK(pcv_doc_find_resource(doc, "x%00.png", &found) == PCV_RESOURCE_MISSING);
	CHECK(pcv_doc_find_resource(doc, "f.png", &found) == PCV_RESOURCE_MISSING);
	pcv_doc_add_resource_dir(doc, other);
	CHECK(pcv_doc_find_resource(doc, "f.png", &found) == PCV_RESOURCE_FOUND);
	CHECK(pcv_doc_resource_dir_count(doc) == 1);
	CHECK_STR(pcv_doc_resource_dir_get(doc, 0), other);
	pcv_doc_free(doc);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

/* A writer of pieces of every size around the output's 64 KiB buffer:
 * bytes one at a time, short runs, one piece larger than the buffer, and
 * pieces that end exactly on it, each byte telling its place. */
static int pieces_write(pcv_ctx *ctx, pcv_doc *doc, pcv_out *out, void *data)
{
	static char big[200000];
	static const size_t sizes[] = {1, 7, 65535, 1, 65536, 3, 200000, 65536, 65535, 2, 1000};
	size_t at = 0;
	(void)ctx;
	(void)doc;
	(void)data;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		for (size_t k = 0; k < sizes[i]; k++)
			big[k] = (char)('a' + (at + k) % 23);
		if (sizes[i] == 1)
			pcv_out_putc(out, big[0]);
		else
			pcv_out_write(out, big, sizes[i]);
		at += sizes[i];
	}
	return 0;
}

static void test_output(void)
{
	static const pcv_writer w = {sizeof w, "pieces", "", "test pieces", NULL, pieces_write,
	                             NULL, 0};
	pcv_ctx *ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(ctx, check_on_message, NULL);
	pcv_doc *doc = pcv_doc_new();
	pcv_out *mem = pcv_out_new_memory();
	CHECK(pcv_write_out(ctx, &w, doc, mem) == 0);
	size_t len;
	const char *want = pcv_out_memory(mem, &len);
	CHECK(len == 463156);
	for (size_t i = 0; i < len; i++)
		if (want[i] != (char)('a' + i % 23)) {
			CHECK(!"the memory output is in order");
			break;
		}

	char path[] = "/tmp/pcvout.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	CHECK(pcv_write_file(ctx, &w, doc, path) == 0);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	char *got = malloc(len + 1);
	size_t n = f ? fread(got, 1, len + 1, f) : 0;
	if (f)
		fclose(f);
	CHECK(n == len && memcmp(got, want, len) == 0);
	free(got);
	unlink(path);

	/* a full device: the error comes at a flush, and the run fails */
	if (access("/dev/full", W_OK) == 0) {
		check_messages[0] = '\0';
		CHECK(pcv_write_file(ctx, &w, doc, "/dev/full") == -1);
		CHECK(strstr(check_messages, "/dev/full: error: cannot write") != NULL);
	}
	pcv_out_free(mem);
	pcv_doc_free(doc);
	pcv_ctx_free(ctx);
}

int main(void)
{
	test_resources();
	test_build_and_walk();
	test_refused_edits();
	test_attrs_and_meta();
	test_computed_attrs();
	test_deep();
	test_output();
	return check_done("test-tree");
}
