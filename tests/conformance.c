/*
 * conformance.c -- runs the GFM spec's examples through paissconv and
 * through libcmark-gfm, and compares both with the expected HTML.
 *
 * For every example of gfm-spec/spec.txt, extensions.txt and regression.txt
 * (in $PCV_CORPUS), the Markdown goes
 *   - through the markdown reader and the html writer, loaded by the real
 *     loader from the build tree (html.heading-ids=false), and
 *   - through libcmark-gfm's own parser and HTML renderer, with the
 *     extensions the example's header names (all of them for
 *     extensions.txt) and raw HTML allowed,
 * and each result is compared with the expected HTML after both are put in
 * the normal form of cmark's normalize.py (html-normalize.c).
 *
 * The test passes when paissconv passes every example libcmark-gfm passes,
 * save the few listed below where math syntax and GFM genuinely disagree.
 *
 *   conformance [-v] [FILE...]   FILE defaults to the three spec files;
 *                                -v shows each failing example in full
 * Exit status: 0 pass, 1 fail, 77 when the corpus is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "html-normalize.h"
#include "paissconv.h"

/*
 * Examples paissconv may fail although libcmark-gfm passes them: where the
 * notes' syntax (math, front matter) and GFM genuinely disagree.  Keep the
 * list short; every entry says why.  An entry that passes is reported, so
 * that it is removed.
 */
#define AUTOLINK_ALWAYS_ON                                                                    \
	"the markdown reader always enables GFM's autolink extension (it has no "              \
	"markdown.extensions option to turn it off); this CommonMark example assumes it off, " \
	"and libcmark-gfm runs it without"

static const struct conformance_exception {
	const char *file;
	int example;
	int extension_switch;  /* excused only while the reader cannot switch extensions */
	const char *reason;
} conformance_exceptions[] = {
	{"spec.txt", 610, 1, AUTOLINK_ALWAYS_ON},
	{"spec.txt", 614, 1, AUTOLINK_ALWAYS_ON},
	{"spec.txt", 616, 1, AUTOLINK_ALWAYS_ON},
	{"spec.txt", 619, 1, AUTOLINK_ALWAYS_ON},
	{"spec.txt", 620, 1, AUTOLINK_ALWAYS_ON},
	{NULL, 0, 0, NULL}
};

typedef struct example {
	int number;         /* 1.. in its file */
	int line;           /* line of the opening fence */
	char *markdown;
	char *html;
	char extensions[128];
} example;

typedef struct run {
	pcv_ctx *ctx;
	const pcv_reader *reader;
	const pcv_writer *writer;
	int verbose;
	int switch_extensions;  /* the reader has markdown.extensions */
	int messages;       /* diagnostics paissconv reported for this example */
	char last_message[256];
} run;

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("conformance: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			cap = (n + 65536) * 2;
			data = xrealloc(data, cap);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

/* Appends a line, with each "→" made a tab. */
static void add_line(norm_buf *b, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "\xe2\x86\x92", 3) == 0) {
			norm_buf_add(b, s + start, i - start);
			norm_buf_add(b, "\t", 1);
			start = i + 3;
			i += 2;
		}
	norm_buf_add(b, s + start, len - start);
	norm_buf_add(b, "\n", 1);
}

#define FENCE "````````````````````````````````"

/* The examples of a spec file, in order. */
static example *parse_examples(const char *text, size_t len, size_t *count)
{
	example *ex = NULL;
	size_t n = 0, pos = 0;
	int line = 0, state = 0;  /* 0 prose, 1 markdown, 2 html */
	norm_buf md = {0}, html = {0};

	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;

		pos += l + (nl != NULL);
		line++;
		if (state == 0) {
			if (l >= 40 && strncmp(s, FENCE " example", 40) == 0) {
				ex = xrealloc(ex, (n + 1) * sizeof *ex);
				memset(&ex[n], 0, sizeof ex[n]);
				ex[n].number = (int)n + 1;
				ex[n].line = line;
				snprintf(ex[n].extensions, sizeof ex[n].extensions, "%.*s",
				         (int)(l - 40), s + 40);
				md.len = html.len = 0;
				norm_buf_add(&md, "", 0);
				norm_buf_add(&html, "", 0);
				state = 1;
			}
		} else if (state == 1) {
			if (l == 1 && s[0] == '.')
				state = 2;
			else
				add_line(&md, s, l);
		} else {
			if (l == 32 && strncmp(s, FENCE, 32) == 0) {
				ex[n].markdown = strdup(md.data);
				ex[n].html = strdup(html.data);
				n++;
				state = 0;
			} else {
				add_line(&html, s, l);
			}
		}
	}
	norm_buf_free(&md);
	norm_buf_free(&html);
	*count = n;
	return ex;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/* libcmark-gfm's HTML for an example, malloc'd. */
static char *cmark_html(const example *ex, int all_extensions)
{
	static const char *const names[] = {"table", "strikethrough", "autolink", "tagfilter",
	                                    "tasklist"};
	int options = CMARK_OPT_UNSAFE;
	cmark_parser *parser;
	cmark_node *doc;
	char *html;
	size_t i;

	if (all_extensions || has_word(ex->extensions, "footnotes"))
		options |= CMARK_OPT_FOOTNOTES;
	parser = cmark_parser_new(options);
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		int want = all_extensions || has_word(ex->extensions, names[i]) ||
		           (strcmp(names[i], "tasklist") == 0 && has_word(ex->extensions, "disabled"));
		if (want)
			cmark_parser_attach_syntax_extension(parser,
			                                     cmark_find_syntax_extension(names[i]));
	}
	cmark_parser_feed(parser, ex->markdown, strlen(ex->markdown));
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return html;
}

/* The example's extensions as a value for markdown.extensions. */
static const char *reader_extensions(const example *ex, int all)
{
	static const char *const names[] = {"table", "strikethrough", "autolink", "tasklist",
	                                    "footnotes"};
	static char list[128];
	size_t i;

	if (all)
		return "table,strikethrough,autolink,tasklist,footnotes";
	list[0] = '\0';
	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (has_word(ex->extensions, names[i]) ||
		    (strcmp(names[i], "tasklist") == 0 && has_word(ex->extensions, "disabled"))) {
			if (list[0])
				strcat(list, ",");
			strcat(list, names[i]);
		}
	return list[0] ? list : "none";
}

static void on_message(pcv_severity sev, const char *line, void *data)
{
	run *r = data;

	(void)sev;
	r->messages++;
	snprintf(r->last_message, sizeof r->last_message, "%s", line);
}

/* paissconv's HTML for an example, malloc'd; NULL when a step failed. */
static char *paissconv_html(run *r, const example *ex, const char *file, int tagfilter, int all)
{
	char name[64];
	pcv_doc *doc;
	pcv_out *out;
	const char *bytes;
	char *html = NULL;
	size_t len;

	snprintf(name, sizeof name, "%s#%d", file, ex->number);
	pcv_set_option(r->ctx, "html.raw", tagfilter ? "gfm" : "keep");
	if (r->switch_extensions)
		pcv_set_option(r->ctx, "markdown.extensions", reader_extensions(ex, all));
	r->messages = 0;
	doc = pcv_read_memory(r->ctx, r->reader, name, ex->markdown, strlen(ex->markdown));
	if (!doc)
		return NULL;
	out = pcv_out_new_memory();
	if (pcv_write_out(r->ctx, r->writer, doc, out) == 0) {
		bytes = pcv_out_memory(out, &len);
		html = xrealloc(NULL, len + 1);
		memcpy(html, bytes, len);
		html[len] = '\0';
	}
	pcv_out_free(out);
	pcv_doc_free(doc);
	return html;
}

static int matches(const char *actual, const char *expected_norm)
{
	norm_buf a = {0};
	int ok;

	if (!actual)
		return 0;
	html_normalize(actual, strlen(actual), &a);
	ok = strcmp(a.data, expected_norm) == 0;
	norm_buf_free(&a);
	return ok;
}

static const struct conformance_exception *find_exception(const run *r, const char *file,
                                                          int number)
{
	const struct conformance_exception *e;

	for (e = conformance_exceptions; e->file; e++)
		if (strcmp(e->file, file) == 0 && e->example == number)
			return e->extension_switch && r->switch_extensions ? NULL : e;
	return NULL;
}

static void show(const char *what, const char *s)
{
	printf("  --- %s:\n", what);
	for (const char *p = s ? s : "(none)\n"; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		printf("  | %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
}

/* Runs one spec file; returns the number of unexpected failures, or -1. */
static int run_file(run *r, const char *path)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int all = strcmp(file, "extensions.txt") == 0;
	size_t len, count, i;
	char *text = read_file(path, &len);
	example *ex;
	int ours = 0, theirs = 0, same = 0, bad = 0, excused = 0;

	if (!text) {
		printf("%s: cannot read\n", path);
		return -1;
	}
	ex = parse_examples(text, len, &count);
	for (i = 0; i < count; i++) {
		int tagfilter = all || has_word(ex[i].extensions, "tagfilter");
		char *mine = paissconv_html(r, &ex[i], file, tagfilter, all);
		char *cm = cmark_html(&ex[i], all);
		norm_buf want = {0};
		int ok_mine, ok_cm;
		const struct conformance_exception *exc;

		html_normalize(ex[i].html, strlen(ex[i].html), &want);
		ok_mine = matches(mine, want.data);
		ok_cm = matches(cm, want.data);
		ours += ok_mine;
		theirs += ok_cm;
		same += mine && strcmp(mine, cm) == 0;
		exc = find_exception(r, file, ex[i].number);
		if (ok_cm && !ok_mine) {
			if (exc) {
				excused++;
				if (r->verbose)
					printf("%s: example %d (line %d): excused: %s\n", file,
					       ex[i].number, ex[i].line, exc->reason);
			} else {
				bad++;
				printf("%s: example %d (line %d) fails in paissconv, passes in "
				       "libcmark-gfm%s%s\n",
				       file, ex[i].number, ex[i].line, r->messages ? "; said: " : "",
				       r->messages ? r->last_message : "");
				if (r->verbose) {
					show("markdown", ex[i].markdown);
					show("expected", ex[i].html);
					show("paissconv", mine);
				}
			}
		} else if (exc && ok_mine) {
			printf("%s: example %d passes now: remove it from the exceptions\n", file,
			       ex[i].number);
		}
		norm_buf_free(&want);
		free(mine);
		free(cm);
	}
	printf("%s: paissconv %d/%zu, libcmark-gfm %d/%zu (output identical to libcmark-gfm's: "
	       "%d; excused: %d)\n",
	       file, ours, count, theirs, count, same, excused);
	for (i = 0; i < count; i++) {
		free(ex[i].markdown);
		free(ex[i].html);
	}
	free(ex);
	free(text);
	return bad;
}

int main(int argc, char **argv)
{
	const char *corpus = getenv("PCV_CORPUS");
	const char *builddir = getenv("top_builddir");
	char spec[4096], ext[4096], reg[4096];
	const char *defaults[3];
	const char **files = defaults;
	int nfiles = 3, i, bad = 0;
	run r;

	memset(&r, 0, sizeof r);
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		r.verbose = 1;
		argc--;
		argv++;
	}
	if (argc > 1) {
		files = (const char **)argv + 1;
		nfiles = argc - 1;
	} else {
		if (!corpus || !*corpus)
			corpus = "../shared/corpus";
		snprintf(spec, sizeof spec, "%s/gfm-spec/spec.txt", corpus);
		snprintf(ext, sizeof ext, "%s/gfm-spec/extensions.txt", corpus);
		snprintf(reg, sizeof reg, "%s/gfm-spec/regression.txt", corpus);
		defaults[0] = spec;
		defaults[1] = ext;
		defaults[2] = reg;
		{
			FILE *f = fopen(spec, "rb");

			if (!f) {
				printf("SKIP: GFM spec not found at %s (set PCV_CORPUS)\n", spec);
				return 77;
			}
			fclose(f);
			if ((f = fopen(reg, "rb")) != NULL)
				fclose(f);
			else
				nfiles = 2;
		}
	}
	/* outside the build tree's own detection, point the loader at it */
	if (!getenv("PAISSCONV_PLUGIN_PATH") && builddir && *builddir) {
		char path[4096];

		snprintf(path, sizeof path, "%s/plugins/.libs", builddir);
		setenv("PAISSCONV_PLUGIN_PATH", path, 1);
	}

	cmark_gfm_core_extensions_ensure_registered();
	r.ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(r.ctx, on_message, &r);
	r.reader = pcv_find_reader(r.ctx, "markdown");
	r.writer = pcv_find_writer(r.ctx, "html");
	if (!r.reader || !r.writer) {
		printf("FAIL: markdown reader or html writer not found (plugin path: %s)\n",
		       pcv_plugin_path(r.ctx));
		pcv_ctx_free(r.ctx);
		return 1;
	}
	for (const pcv_option *o = r.reader->options; o && o->name; o++)
		if (strcmp(o->name, "extensions") == 0)
			r.switch_extensions = 1;
	if (!r.switch_extensions)
		printf("note: the markdown reader has no 'extensions' option: GFM extensions stay "
		       "on for every example\n");
	if (pcv_set_option(r.ctx, "html.heading-ids", "false") != 0) {
		pcv_ctx_free(r.ctx);
		return 1;
	}
	for (i = 0; i < nfiles; i++) {
		int n = run_file(&r, files[i]);

		bad += n < 0 ? 1 : n;
	}
	pcv_ctx_free(r.ctx);
	if (bad)
		printf("FAIL: %d example(s) libcmark-gfm passes fail in paissconv\n", bad);
	return bad ? 1 : 0;
}
