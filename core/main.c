/* main.c -- the paissconv command: a thin layer over libpaissconv. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage: paissconv [OPTIONS] INPUT... [-o OUTPUT]\n"
    "Convert lecture notes (Markdown with math, emoji markers, tables, footnotes)\n"
    "to another format through reader, filter and writer plugins.\n"
    "\n"
    "  -o, --output FILE        write to FILE ('-' or none: standard output)\n"
    "  -f, --from FORMAT        input format (default: from the input's extension,\n"
    "                           else markdown)\n"
    "  -t, --to FORMAT          output format (default: from the output's extension,\n"
    "                           else text)\n"
    "  -s, --standalone         a complete document, not a fragment (html)\n"
    "      --toc                add a table of contents (pdf, epub, html)\n"
    "      --toc-depth N        heading levels in the table of contents\n"
    "  -M, --metadata KEY=VALUE set document metadata (overrides front matter)\n"
    "  -O, --option CAP.KEY=VALUE\n"
    "                           set an option of a reader, filter or writer\n"
    "      --filter NAME        add a filter to the chain (default chain:\n"
    "                           math,emoji-legend, where installed)\n"
    "      --no-filter NAME     remove a filter from the chain ('all' for every one)\n"
    "      --resource-path DIRS folders (':'-separated) where images are looked for\n"
    "                           after the notes' own folder\n"
    "      --plugin FILE        load a plugin file before searching the plugin path\n"
    "      --list-plugins       list the plugins found, with what they offer\n"
    "      --help-plugin NAME   show a plugin's formats and options\n"
    "  -v, --verbose            say more (repeat for debug messages)\n"
    "  -q, --quiet              show errors only\n"
    "      --version            show the version and exit\n"
    "  -h, --help               show this help and exit\n"
    "\n"
    "Several inputs are read as one document, in order; '-' reads standard input.\n"
    "Plugins are searched in $PAISSCONV_PLUGIN_PATH, $XDG_DATA_HOME/paissconv/plugins\n"
    "and the installed plugin folder; see --list-plugins.\n"
    "\n"
    "Examples:\n"
    "  paissconv notes.md -o handout.pdf\n"
    "  paissconv notes.md -o notes.txt -O text.columns=60\n"
    "  cat notes.md | paissconv -f markdown -t json\n"
    "\n"
    "Exit status: 0 done (perhaps with warnings), 1 the conversion failed,\n"
    "2 the command line is wrong.\n";

static const char *const default_filters[] = {"math", "emoji-legend"};

typedef struct strlist {
	const char **v;
	size_t n, cap;
} strlist;

static void push(strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v) {
			fputs("paissconv: out of memory\n", stderr);
			exit(EXIT_FAIL);
		}
	}
	l->v[l->n++] = s;
}

static void drop(strlist *l, const char *s)
{
	size_t o = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) != 0)
			l->v[o++] = l->v[i];
	l->n = o;
}

static int has(const strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("paissconv: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'paissconv --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* The fields every capability has, whatever its kind. */
typedef struct cap_fields {
	const char *name, *exts, *summary;
	const pcv_option *options;
} cap_fields;

static cap_fields fields_of(const char *kind, const void *cap)
{
	cap_fields f = {NULL, NULL, NULL, NULL};
	if (strcmp(kind, "reader") == 0) {
		const pcv_reader *r = cap;
		f = (cap_fields){r->name, r->extensions, r->summary, r->options};
	} else if (strcmp(kind, "writer") == 0) {
		const pcv_writer *w = cap;
		f = (cap_fields){w->name, w->extensions, w->summary, w->options};
	} else {
		const pcv_filter *fl = cap;
		f = (cap_fields){fl->name, NULL, fl->summary, fl->options};
	}
	return f;
}

typedef struct listing {
	int header_done;
} listing;

static void list_one(const char *kind, const void *cap, const pcv_plugin_info *plugin,
                     const char *file, void *data)
{
	listing *l = data;
	cap_fields f = fields_of(kind, cap);
	const char *name = f.name, *exts = f.exts;
	if (!l->header_done++)
		printf("%-14s %-7s %-18s %-8s %s\n", "NAME", "KIND", "EXTENSIONS", "VERSION", "FILE");
	printf("%-14s %-7s %-18s %-8s %s\n", name, kind, exts && *exts ? exts : "-",
	       plugin->version ? plugin->version : "-", file);
}

typedef struct helpinfo {
	const char *name;
	int found;
} helpinfo;

static void print_options(const pcv_option *opts, const char *cap)
{
	static const char *const types[] = {"", "string", "int", "bool", "file"};
	if (!opts || !opts->name) {
		printf("    (no options)\n");
		return;
	}
	for (const pcv_option *o = opts; o->name; o++) {
		printf("    -O %s.%s=%s", cap, o->name,
		       o->type >= PCV_OPT_STRING && o->type <= PCV_OPT_FILE ? types[o->type] : "?");
		if (o->default_value)
			printf("  (default: %s)", o->default_value);
		printf("\n        %s\n", o->help ? o->help : "");
	}
}

static void help_one(const char *kind, const void *cap, const pcv_plugin_info *plugin,
                     const char *file, void *data)
{
	helpinfo *h = data;
	cap_fields f = fields_of(kind, cap);
	const char *name = f.name, *summary = f.summary, *exts = f.exts;
	const pcv_option *opts = f.options;
	if (strcmp(plugin->name, h->name) != 0 && strcmp(name, h->name) != 0)
		return;
	if (!h->found++)
		printf("%s %s -- %s\n  file: %s\n", plugin->name, plugin->version ? plugin->version : "",
		       plugin->summary ? plugin->summary : "", file);
	printf("\n  %s %s: %s\n", kind, name, summary ? summary : "");
	if (exts && *exts)
		printf("    extensions: %s\n", exts);
	print_options(opts, name);
}

/* Sets option cap.key=value when the capability declares key; returns
 * whether it did. */
static int set_if_declared(pcv_ctx *ctx, const char *cap, const pcv_option *opts, const char *key,
                           const char *value)
{
	for (const pcv_option *o = opts; o && o->name; o++) {
		if (strcmp(o->name, key) == 0) {
			char buf[256];
			snprintf(buf, sizeof buf, "%s.%s", cap, key);
			return pcv_set_option(ctx, buf, value) == 0;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum {
		OPT_FILTER = 256, OPT_NO_FILTER, OPT_PLUGIN, OPT_LIST, OPT_HELP_PLUGIN, OPT_VERSION,
		OPT_TOC, OPT_TOC_DEPTH, OPT_RESOURCE_PATH
	};
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"standalone", no_argument, NULL, 's'},
		{"metadata", required_argument, NULL, 'M'},
		{"option", required_argument, NULL, 'O'},
		{"filter", required_argument, NULL, OPT_FILTER},
		{"no-filter", required_argument, NULL, OPT_NO_FILTER},
		{"plugin", required_argument, NULL, OPT_PLUGIN},
		{"list-plugins", no_argument, NULL, OPT_LIST},
		{"help-plugin", required_argument, NULL, OPT_HELP_PLUGIN},
		{"toc", no_argument, NULL, OPT_TOC},
		{"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
		{"resource-path", required_argument, NULL, OPT_RESOURCE_PATH},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = NULL, *from = NULL, *to = NULL, *help_plugin = NULL;
	const char *toc_depth = NULL, *resource_path = NULL;
	int standalone = 0, toc = 0, list = 0, verbose = 0, quiet = 0;
	strlist meta = {0}, options = {0}, plugins = {0}, filters = {0}, inputs = {0};
	strlist added = {0}, removed = {0};

	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":o:f:t:sM:O:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 's': standalone = 1; break;
		case 'M': push(&meta, optarg); break;
		case 'O': push(&options, optarg); break;
		case OPT_FILTER: push(&added, optarg); drop(&removed, optarg); break;
		case OPT_NO_FILTER: push(&removed, optarg); drop(&added, optarg); break;
		case OPT_PLUGIN: push(&plugins, optarg); break;
		case OPT_LIST: list = 1; break;
		case OPT_HELP_PLUGIN: help_plugin = optarg; break;
		case OPT_TOC: toc = 1; break;
		case OPT_TOC_DEPTH: toc_depth = optarg; toc = 1; break;
		case OPT_RESOURCE_PATH: resource_path = optarg; break;
		case 'v': verbose++; break;
		case 'q': quiet = 1; break;
		case OPT_VERSION:
			printf("paissconv %s (plugin ABI %d.%d)\n", pcv_version(), PCV_ABI_MAJOR,
			       PCV_ABI_MINOR);
			return EXIT_OK;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':': return usage_error("option '%s' needs a value", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		push(&inputs, argv[i]);

	pcv_ctx *ctx = pcv_ctx_new();
	pcv_ctx_set_verbosity(ctx, quiet ? PCV_ERROR : verbose > 1 ? PCV_DEBUG
	                                    : verbose ? PCV_INFO : PCV_WARNING);
	int status = EXIT_OK;

	for (size_t i = 0; i < plugins.n; i++)
		if (pcv_load_plugin(ctx, plugins.v[i]) != 0)
			status = EXIT_FAIL;
	if (status != EXIT_OK)
		goto done;

	if (list || help_plugin) {
		pcv_load_all_plugins(ctx);
		if (list) {
			listing l = {0};
			pcv_visit_capabilities(ctx, list_one, &l);
			if (!l.header_done)
				printf("no plugins found in %s\n", pcv_plugin_path(ctx));
		}
		if (help_plugin) {
			helpinfo h = {help_plugin, 0};
			pcv_visit_capabilities(ctx, help_one, &h);
			if (!h.found) {
				fprintf(stderr, "paissconv: no plugin called '%s' (see --list-plugins)\n",
				        help_plugin);
				status = EXIT_USAGE;
			}
		}
		goto done;
	}

	if (!inputs.n)
		push(&inputs, "-");

	/* The formats. */
	if (!from) {
		const char *first = inputs.v[0];
		from = strcmp(first, "-") == 0 ? "markdown" : pcv_reader_for_path(ctx, first);
		if (!from)
			from = "markdown";
	}
	if (!to) {
		if (output && strcmp(output, "-") != 0) {
			to = pcv_writer_for_path(ctx, output);
			if (!to) {
				status = usage_error("cannot tell the output format of '%s': name it "
				                     "with -t (see --list-plugins)", output);
				goto done;
			}
		} else {
			to = "text";
		}
	}
	const pcv_reader *reader = pcv_find_reader(ctx, from);
	if (!reader) {
		status = usage_error("unknown input format '%s' (see --list-plugins)", from);
		goto done;
	}
	const pcv_writer *writer = pcv_find_writer(ctx, to);
	if (!writer) {
		status = usage_error("unknown output format '%s' (see --list-plugins)", to);
		goto done;
	}

	/* The filter chain: the defaults that exist, then the user's edits. */
	int no_defaults = has(&removed, "all");
	for (size_t i = 0; i < sizeof default_filters / sizeof *default_filters; i++)
		if (!no_defaults && !has(&removed, default_filters[i]) &&
		    pcv_find_filter(ctx, default_filters[i]))
			push(&filters, default_filters[i]);
	for (size_t i = 0; i < added.n; i++) {
		if (!pcv_find_filter(ctx, added.v[i])) {
			status = usage_error("unknown filter '%s' (see --list-plugins)", added.v[i]);
			goto done;
		}
		if (!has(&filters, added.v[i]))
			push(&filters, added.v[i]);
	}

	/* Options: the shorthands, then -O. */
	if (standalone && !set_if_declared(ctx, writer->name, writer->options, "standalone", "true"))
		pcv_report(ctx, PCV_INFO, NULL, 0, 0, "the %s writer has no standalone mode", to);
	if (toc && !set_if_declared(ctx, writer->name, writer->options, "toc", "true"))
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0, "the %s writer has no table of contents", to);
	if (toc_depth && !set_if_declared(ctx, writer->name, writer->options, "toc-depth", toc_depth)) {
		status = usage_error("--toc-depth: '%s' is not a depth this writer takes", toc_depth);
		goto done;
	}
	for (size_t i = 0; i < options.n; i++) {
		const char *eq = strchr(options.v[i], '=');
		if (!eq) {
			status = usage_error("option '%s' must be written CAP.KEY=VALUE", options.v[i]);
			goto done;
		}
		char key[256];
		snprintf(key, sizeof key, "%.*s", (int)(eq - options.v[i]), options.v[i]);
		if (pcv_set_option(ctx, key, eq + 1) != 0) {
			status = EXIT_USAGE;
			goto done;
		}
	}
	for (size_t i = 0; i < meta.n; i++) {
		const char *eq = strchr(meta.v[i], '=');
		if (eq == meta.v[i]) {
			status = usage_error("metadata '%s' must be written KEY=VALUE", meta.v[i]);
			goto done;
		}
	}

	pcv_doc *doc = pcv_read_files(ctx, reader, inputs.v, inputs.n);
	if (!doc) {
		status = EXIT_FAIL;
		goto done;
	}
	for (const char *p = resource_path; p && *p;) {
		size_t n = strcspn(p, ":");
		char dir[4096];
		if (n && n < sizeof dir) {
			memcpy(dir, p, n);
			dir[n] = '\0';
			pcv_doc_add_resource_dir(doc, dir);
		}
		p += n + (p[n] == ':');
	}
	for (size_t i = 0; i < meta.n; i++) {
		const char *eq = strchr(meta.v[i], '=');
		char key[256];
		snprintf(key, sizeof key, "%.*s", (int)(eq ? eq - meta.v[i] : (long)strlen(meta.v[i])),
		         meta.v[i]);
		pcv_doc_set_meta_string(doc, key, eq ? eq + 1 : "true");
	}
	for (size_t i = 0; i < filters.n && status == EXIT_OK; i++) {
		pcv_report(ctx, PCV_DEBUG, NULL, 0, 0, "running filter %s", filters.v[i]);
		if (pcv_run_filter(ctx, pcv_find_filter(ctx, filters.v[i]), doc) != 0)
			status = EXIT_FAIL;
	}
	if (status == EXIT_OK && pcv_write_file(ctx, writer, doc, output) != 0)
		status = EXIT_FAIL;
	pcv_doc_free(doc);

done:
	if (status == EXIT_OK && pcv_ctx_worst(ctx) >= PCV_ERROR)
		status = EXIT_FAIL;
	pcv_ctx_free(ctx);
	free(meta.v);
	free(options.v);
	free(plugins.v);
	free(filters.v);
	free(inputs.v);
	free(added.v);
	free(removed.v);
	return status;
}
