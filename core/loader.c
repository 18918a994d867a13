/* loader.c -- finding, opening, checking and registering plugins. */
#define _GNU_SOURCE /* dlinfo */
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#ifndef PCV_PLUGINDIR
#define PCV_PLUGINDIR "/usr/local/lib/paissconv/plugins"
#endif

pcv_ctx *pcv_ctx_new(void)
{
	pcv_ctx *ctx = pcv_xcalloc(1, sizeof *ctx);
	ctx->worst = -1;
	ctx->least_shown = PCV_WARNING;
	return ctx;
}

void pcv_ctx_free(pcv_ctx *ctx)
{
	if (!ctx)
		return;
	/* Plugins stay mapped: libraries they pull in (glib, fontconfig) may
	 * have registered exit handlers that must not point into unmapped
	 * code. */
	for (pcv_plugin *p = ctx->plugins, *next; p; p = next) {
		next = p->next;
		free(p->path);
		free(p);
	}
	for (pcv_cap *c = ctx->caps, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	for (pcv_optval *v = ctx->options, *next; v; v = next) {
		next = v->next;
		free(v->key);
		free(v->value);
		free(v);
	}
	free(ctx->path);
	free(ctx);
}

/* Whether the running program lives in the build tree it was built in. */
static int in_build_tree(void)
{
#ifdef PCV_BUILDDIR
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	size_t len = strlen(PCV_BUILDDIR);
	return strncmp(exe, PCV_BUILDDIR, len) == 0 && exe[len] == '/';
#else
	return 0;
#endif
}

const char *pcv_plugin_path(pcv_ctx *ctx)
{
	if (ctx->path)
		return ctx->path;
	pcv_buf b = {0};
	const char *env = getenv("PAISSCONV_PLUGIN_PATH");
	if (env && *env)
		pcv_buf_adds(&b, env);
	/* An uninstalled program uses the plugins built beside it before any
	 * installed ones, which may be of another version. */
	if (in_build_tree()) {
		pcv_buf_adds(&b, ":" PCV_BUILDDIR "/plugins/.libs:" PCV_BUILDDIR "/filters/.libs");
	}
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/') {
		pcv_buf_adds(&b, ":");
		pcv_buf_adds(&b, xdg);
		pcv_buf_adds(&b, "/paissconv/plugins");
	} else if (home && *home == '/') {
		pcv_buf_adds(&b, ":");
		pcv_buf_adds(&b, home);
		pcv_buf_adds(&b, "/.local/share/paissconv/plugins");
	}
	pcv_buf_adds(&b, ":" PCV_PLUGINDIR);
	/* Drop empty entries: an empty entry must never mean the current
	 * directory. */
	char *s = pcv_xmalloc(b.len + 1);
	size_t o = 0;
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == ':' && (o == 0 || s[o - 1] == ':'))
			continue;
		s[o++] = b.data[i];
	}
	while (o && s[o - 1] == ':')
		o--;
	s[o] = '\0';
	pcv_buf_free(&b);
	return ctx->path = s;
}

/* The plugin name of a path: its base name without ".so". */
static char *plugin_name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".so") == 0)
		n -= 3;
	char *name = pcv_xmalloc(n + 1);
	memcpy(name, base, n);
	name[n] = '\0';
	return name;
}

static pcv_plugin *find_plugin(pcv_ctx *ctx, const char *name)
{
	for (pcv_plugin *p = ctx->plugins; p; p = p->next)
		if (p->info && strcmp(p->info->name, name) == 0)
			return p;
	return NULL;
}

static int load_error(pcv_ctx *ctx, pcv_severity sev, const char *path, const char *fmt, ...)
    PCV_PRINTF(4, 5);

static int load_error(pcv_ctx *ctx, pcv_severity sev, const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pcv_report(ctx, sev, NULL, 0, 0, "plugin %s: %s", path, msg);
	return -1;
}

/* Whether the dynamic entries from d (n of them, or up to DT_NULL) ask
 * for every symbol to be bound at load (ld -z now). */
static int dyn_binds_now(const ElfW(Dyn) *d, size_t n)
{
	for (size_t i = 0; i < n && d[i].d_tag != DT_NULL; i++)
		if (d[i].d_tag == DT_BIND_NOW ||
		    (d[i].d_tag == DT_FLAGS && d[i].d_un.d_val & DF_BIND_NOW) ||
		    (d[i].d_tag == DT_FLAGS_1 && d[i].d_un.d_val & DF_1_NOW))
			return 1;
	return 0;
}

/* Whether the shared object at path, of this machine's class and byte
 * order, was linked with -z now: read from its file, before it is opened.
 * Any doubt says no. */
static int file_binds_now(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ElfW(Ehdr) eh;
	int now = 0;

	if (fd < 0)
		return 0;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
	    eh.e_ident[EI_CLASS] == (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) &&
	    eh.e_ident[EI_DATA] ==
	        (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB) &&
	    eh.e_phentsize == sizeof(ElfW(Phdr))) {
		/* the program headers in one read; PT_DYNAMIC comes early */
		ElfW(Phdr) ph[32];
		size_t nph = eh.e_phnum < 32 ? eh.e_phnum : 32;
		ssize_t got = pread(fd, ph, nph * sizeof *ph, (off_t)eh.e_phoff);
		nph = got > 0 ? (size_t)got / sizeof *ph : 0;
		for (size_t i = 0; i < nph; i++) {
			ElfW(Dyn) d[64];
			if (ph[i].p_type != PT_DYNAMIC)
				continue;
			/* the flags come early; a longer section is read in part */
			size_t len = ph[i].p_filesz < sizeof d ? (size_t)ph[i].p_filesz : sizeof d;
			got = pread(fd, d, len, (off_t)ph[i].p_offset);
			if (got > 0)
				now = dyn_binds_now(d, (size_t)got / sizeof *d);
			break;
		}
	}
	close(fd);
	return now;
}

static int load(pcv_ctx *ctx, const char *path, pcv_severity sev)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return load_error(ctx, sev, path, "%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return load_error(ctx, sev, path, "not a regular file");

	char *name = plugin_name_of(path);
	pcv_plugin *dup = find_plugin(ctx, name);
	if (dup) {
		free(name);
		if (sev == PCV_ERROR)
			pcv_report(ctx, PCV_INFO, NULL, 0, 0,
			           "plugin %s: a plugin of that name is already loaded from %s", path,
			           dup->path);
		return 0;
	}

	/* A plugin that binds its own symbols at load (-z now) is opened
	 * RTLD_LAZY: its missing symbols still fail here, but the libraries it
	 * pulls in (libstdc++ under libxml2 and ICU: thousands of symbols) bind
	 * their functions when first called, as they do in a program.  Any
	 * other plugin is opened RTLD_NOW, so that a symbol it lacks never
	 * stops a conversion halfway. */
	int lazy = file_binds_now(path);
	dlerror();
	void *h = dlopen(path, (lazy ? RTLD_LAZY : RTLD_NOW) | RTLD_LOCAL);
	struct link_map *map = NULL;
	if (h && lazy && (dlinfo(h, RTLD_DI_LINKMAP, &map) != 0 || !map || !map->l_ld ||
	                  !dyn_binds_now(map->l_ld, (size_t)-1))) {
		/* not the file that was read: refused rather than half bound */
		dlclose(h);
		free(name);
		return load_error(ctx, sev, path, "cannot be loaded: it changed while being opened");
	}
	if (!h) {
		const char *why = dlerror();
		/* dlerror() starts with the path; say only what went wrong. */
		const char *colon = why ? strstr(why, ": ") : NULL;
		free(name);
		return load_error(ctx, sev, path, "cannot be loaded: %s",
		                  colon ? colon + 2 : why ? why : "unknown error");
	}
	const pcv_plugin_info *info = dlsym(h, PCV_PLUGIN_SYMBOL);
	if (!info) {
		dlclose(h);
		free(name);
		return load_error(ctx, sev, path,
		                  "no '" PCV_PLUGIN_SYMBOL "' symbol: not a paissconv plugin "
		                  "(a plugin defines it with PCV_PLUGIN)");
	}
	const char *problem = NULL;
	char why[256];
	if (info->abi_major != PCV_ABI_MAJOR) {
		snprintf(why, sizeof why,
		         "built for plugin ABI %u.%u but this paissconv has %d.%d: rebuild the "
		         "plugin against paissconv %s",
		         (unsigned)info->abi_major, (unsigned)info->abi_minor, PCV_ABI_MAJOR,
		         PCV_ABI_MINOR, pcv_version());
		problem = why;
	} else if (info->abi_minor > PCV_ABI_MINOR) {
		snprintf(why, sizeof why,
		         "needs plugin ABI %u.%u but this paissconv has %d.%d: upgrade paissconv",
		         (unsigned)info->abi_major, (unsigned)info->abi_minor, PCV_ABI_MAJOR,
		         PCV_ABI_MINOR);
		problem = why;
	} else if (!info->name || !info->init) {
		problem = "its descriptor has no name or no init function";
	} else if (strcmp(info->name, name) != 0) {
		snprintf(why, sizeof why, "calls itself '%.64s' but its file says '%.64s': rename one",
		         info->name, name);
		problem = why;
	}
	free(name);
	if (problem) {
		dlclose(h);
		return load_error(ctx, sev, path, "%s", problem);
	}

	pcv_plugin *p = pcv_xcalloc(1, sizeof *p);
	p->handle = h;
	p->path = pcv_xstrdup(path);
	p->info = info;

	/* Register into a fresh list, kept only if init succeeds. */
	pcv_cap *saved = ctx->caps;
	pcv_registry reg = {ctx, p, 0};
	int rc = info->init(&reg);
	if (rc != 0 || reg.failed) {
		for (pcv_cap *c = ctx->caps, *next; c != saved; c = next) {
			next = c->next;
			free(c);
		}
		ctx->caps = saved;
		dlclose(h);
		free(p->path);
		free(p);
		return load_error(ctx, sev, path, "its init failed%s",
		                  rc != 0 ? "" : " (a capability was refused)");
	}
	p->next = ctx->plugins;
	ctx->plugins = p;
	pcv_report(ctx, PCV_DEBUG, NULL, 0, 0, "loaded plugin %s from %s", info->name, path);
	return 0;
}

int pcv_load_plugin(pcv_ctx *ctx, const char *path)
{
	if (!ctx || !path)
		return -1;
	return load(ctx, path, PCV_ERROR);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads "only.so" from dir when it is there; without reading the folder,
 * which costs more than the plugin's lookup. */
static int scan_one(pcv_ctx *ctx, const char *dir, const char *only)
{
	struct stat st;
	pcv_buf path = {0};
	int failures = 0;

	/* the names a listing of the folder would not give */
	if (!*only || *only == '.' || strchr(only, '/'))
		return 0;
	pcv_buf_adds(&path, dir);
	pcv_buf_adds(&path, "/");
	pcv_buf_adds(&path, only);
	pcv_buf_adds(&path, ".so");
	if (lstat(path.data, &st) == 0 && load(ctx, path.data, PCV_WARNING) != 0)
		failures++;
	pcv_buf_free(&path);
	return failures;
}

/* Calls fn for each "*.so" in dir, in name order. */
static int scan_dir(pcv_ctx *ctx, const char *dir, const char *only)
{
	if (only)
		return scan_one(ctx, dir, only);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 4 || e->d_name[0] == '.' || strcmp(e->d_name + len - 3, ".so") != 0)
			continue;
		if (only && (len - 3 != strlen(only) || strncmp(e->d_name, only, len - 3) != 0))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = pcv_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = pcv_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		pcv_buf path = {0};
		pcv_buf_adds(&path, dir);
		pcv_buf_adds(&path, "/");
		pcv_buf_adds(&path, names[i]);
		if (load(ctx, path.data, PCV_WARNING) != 0)
			failures++;
		pcv_buf_free(&path);
		free(names[i]);
	}
	free(names);
	return failures;
}

/* Visits each folder of the search path. */
static int scan_path(pcv_ctx *ctx, const char *only)
{
	const char *path = pcv_plugin_path(ctx);
	int failures = 0;
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		char *dir = pcv_xmalloc(len + 1);
		memcpy(dir, path, len);
		dir[len] = '\0';
		failures += scan_dir(ctx, dir, only);
		free(dir);
		path += len + (end ? 1 : 0);
		if (only && find_plugin(ctx, only))
			break;
	}
	return failures;
}

int pcv_load_all_plugins(pcv_ctx *ctx)
{
	if (!ctx)
		return 0;
	int failures = scan_path(ctx, NULL);
	ctx->all_loaded = 1;
	return failures;
}

pcv_cap *pcv_lookup_cap(pcv_ctx *ctx, pcv_cap_kind kind, const char *name)
{
	for (pcv_cap *c = ctx->caps; c; c = c->next)
		if (c->kind == kind && strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

pcv_cap *pcv_find_cap(pcv_ctx *ctx, pcv_cap_kind kind, const char *name)
{
	if (!ctx || !name)
		return NULL;
	pcv_cap *c = pcv_lookup_cap(ctx, kind, name);
	if (c || ctx->all_loaded)
		return c;
	/* The plugin named like the capability usually has it. */
	if (!find_plugin(ctx, name) && !strchr(name, '/')) {
		scan_path(ctx, name);
		if ((c = pcv_lookup_cap(ctx, kind, name)))
			return c;
	}
	pcv_load_all_plugins(ctx);
	return pcv_lookup_cap(ctx, kind, name);
}

const pcv_option *pcv_cap_option(const pcv_cap *cap, const char *name)
{
	if (!cap->options)
		return NULL;
	for (const pcv_option *o = cap->options; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

const pcv_reader *pcv_find_reader(pcv_ctx *ctx, const char *name)
{
	pcv_cap *c = pcv_find_cap(ctx, CAP_READER, name);
	return c ? c->ptr : NULL;
}

const pcv_filter *pcv_find_filter(pcv_ctx *ctx, const char *name)
{
	pcv_cap *c = pcv_find_cap(ctx, CAP_FILTER, name);
	return c ? c->ptr : NULL;
}

const pcv_writer *pcv_find_writer(pcv_ctx *ctx, const char *name)
{
	pcv_cap *c = pcv_find_cap(ctx, CAP_WRITER, name);
	return c ? c->ptr : NULL;
}

/* Length of the longest extension in exts ("md markdown") that path ends
 * with, dot included; 0 when none. */
static size_t ext_match(const char *path, const char *exts)
{
	size_t plen = strlen(path), best = 0;
	while (exts && *exts) {
		while (*exts == ' ')
			exts++;
		size_t n = strcspn(exts, " ");
		if (n && n + 1 < plen && path[plen - n - 1] == '.' &&
		    strncasecmp(path + plen - n, exts, n) == 0 && path[plen - n - 2] != '/' && n + 1 > best)
			best = n + 1;
		exts += n;
	}
	return best;
}

static const char *cap_for_path(pcv_ctx *ctx, pcv_cap_kind kind, const char *path)
{
	/* Formats of the bundled plugins, so that a conversion loads only the
	 * plugins it needs; anything else is found by loading all. */
	static const char *const hints[][2] = {
		{"summary.txt", "summary"}, {"md", "markdown"}, {"markdown", "markdown"},
		{"txt", "text"}, {"json", "json"}, {"html", "html"}, {"htm", "html"},
		{"pdf", "pdf"}, {"epub", "epub"},
	};
	if (!ctx || !path)
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 && !ctx->all_loaded) {
			for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
				if (ext_match(path, hints[i][0])) {
					if (!pcv_lookup_cap(ctx, kind, hints[i][1]) &&
					    !find_plugin(ctx, hints[i][1]))
						scan_path(ctx, hints[i][1]);
					break;
				}
		} else if (pass == 1) {
			if (ctx->all_loaded)
				break;
			pcv_load_all_plugins(ctx);
		}
		const char *best = NULL;
		size_t best_len = 0;
		for (pcv_cap *c = ctx->caps; c; c = c->next) {
			size_t n = c->kind == kind ? ext_match(path, c->extensions) : 0;
			if (n > best_len) {
				best_len = n;
				best = c->name;
			}
		}
		if (best)
			return best;
	}
	return NULL;
}

const char *pcv_reader_for_path(pcv_ctx *ctx, const char *path)
{
	return cap_for_path(ctx, CAP_READER, path);
}

const char *pcv_writer_for_path(pcv_ctx *ctx, const char *path)
{
	return cap_for_path(ctx, CAP_WRITER, path);
}

static int add_cap(pcv_registry *reg, pcv_cap_kind kind, size_t size, size_t min_size,
                   const char *name, const char *exts, const pcv_option *options, int has_fn,
                   const void *ptr)
{
	static const char *const kinds[] = {"reader", "filter", "writer"};
	const char *path = reg->plugin->path;
	pcv_ctx *ctx = reg->ctx;
	const char *problem = NULL;
	if (size < min_size)
		problem = "its size field is smaller than any version of the struct";
	else if (!name || !*name || strchr(name, '.') || strchr(name, '='))
		problem = "its name is missing or holds '.' or '='";
	else if (!has_fn)
		problem = "it has no function";
	else if (pcv_lookup_cap(ctx, kind, name))
		problem = "that name is taken by another plugin";
	if (problem) {
		pcv_report(ctx, PCV_WARNING, NULL, 0, 0, "plugin %s: %s '%s' refused: %s", path,
		           kinds[kind], name ? name : "", problem);
		reg->failed = 1;
		return 0;
	}
	pcv_cap *c = pcv_xcalloc(1, sizeof *c);
	c->kind = kind;
	c->name = name;
	c->extensions = exts;
	c->options = options;
	c->ptr = ptr;
	c->plugin = reg->plugin;
	c->next = ctx->caps;
	ctx->caps = c;
	return 1;
}

/* The first version of each struct ends with its function and data. */
#define V1_SIZE(type, last) (offsetof(type, last) + sizeof(((type *)0)->last))

int pcv_register_reader(pcv_registry *reg, const pcv_reader *r)
{
	if (!reg || !r)
		return 0;
	return add_cap(reg, CAP_READER, r->size, V1_SIZE(pcv_reader, data), r->name, r->extensions,
	               r->options, r->read != NULL, r);
}

int pcv_register_filter(pcv_registry *reg, const pcv_filter *f)
{
	if (!reg || !f)
		return 0;
	return add_cap(reg, CAP_FILTER, f->size, V1_SIZE(pcv_filter, data), f->name, NULL, f->options,
	               f->run != NULL, f);
}

int pcv_register_writer(pcv_registry *reg, const pcv_writer *w)
{
	if (!reg || !w)
		return 0;
	return add_cap(reg, CAP_WRITER, w->size, V1_SIZE(pcv_writer, flags), w->name, w->extensions,
	               w->options, w->write != NULL, w);
}

pcv_ctx *pcv_registry_ctx(pcv_registry *reg)
{
	return reg ? reg->ctx : NULL;
}

void pcv_visit_capabilities(pcv_ctx *ctx, pcv_visit_fn fn, void *data)
{
	static const char *const kinds[] = {"reader", "filter", "writer"};
	if (!ctx || !fn)
		return;
	/* Registration order, reader/filter/writer. */
	size_t n = 0;
	for (pcv_cap *c = ctx->caps; c; c = c->next)
		n++;
	pcv_cap **all = pcv_xmalloc((n ? n : 1) * sizeof *all);
	size_t i = n;
	for (pcv_cap *c = ctx->caps; c; c = c->next)
		all[--i] = c;
	for (int k = CAP_READER; k <= CAP_WRITER; k++)
		for (i = 0; i < n; i++)
			if ((int)all[i]->kind == k)
				fn(kinds[k], all[i]->ptr, all[i]->plugin->info, all[i]->plugin->path, data);
	free(all);
}
