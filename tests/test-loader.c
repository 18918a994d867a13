/* test-loader.c -- the plugin loader, through real plugin files. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "paissconv.h"

static char last[2048];
static int nmessages;

static void catch_message(pcv_severity sev, const char *line, void *data)
{
	snprintf(last, sizeof last, "%s", line);
	nmessages++;
	fprintf(stderr, "  [%s]\n", line);
}

static pcv_ctx *new_ctx(void)
{
	pcv_ctx *ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(ctx, catch_message, NULL);
	pcv_ctx_set_verbosity(ctx, PCV_WARNING);
	last[0] = '\0';
	nmessages = 0;
	return ctx;
}

static char libs[1024];

static const char *plugin(const char *name)
{
	static char path[1200];
	snprintf(path, sizeof path, "%s/%s.so", libs, name);
	return path;
}

static void count_caps(const char *kind, const void *cap, const pcv_plugin_info *info,
                       const char *file, void *data)
{
	if (strcmp(info->name, "initfail") == 0)
		++*(int *)data;
}

static int copy_file(const char *from, const char *to)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
	return system(cmd);
}

int main(void)
{
	const char *builddir = getenv("top_builddir");
	if (!builddir) {
		fprintf(stderr, "run through make check\n");
		return 99;
	}
	snprintf(libs, sizeof libs, "%s/tests/plugins/.libs", builddir);
	setenv("PAISSCONV_PLUGIN_PATH", "", 1);

	/* A good plugin registers, and its options are typed and known. */
	pcv_ctx *ctx = new_ctx();
	CHECK(pcv_load_plugin(ctx, plugin("good")) == 0);
	CHECK(nmessages == 0);
	CHECK(pcv_find_writer(ctx, "good") != NULL);
	CHECK(pcv_find_filter(ctx, "good-tag") != NULL);
	CHECK(pcv_set_option(ctx, "good.width", "5") == 0);
	CHECK(pcv_option_int(ctx, "good.width") == 5);
	CHECK_STR(pcv_option_string(ctx, "good.prefix"), "");
	CHECK(pcv_set_option(ctx, "good.width", "wide") == -1);
	CHECK(strstr(last, "'wide' is not a whole number") != NULL);
	CHECK(pcv_set_option(ctx, "good.colour", "red") == -1);
	CHECK(strstr(last, "unknown option 'good.colour'; good has prefix, width") != NULL);
	CHECK(pcv_set_option(ctx, "nosuch.key", "1") == -1);
	CHECK(strstr(last, "no plugin offers 'nosuch'") != NULL);
	/* Loading the same name again is a no-op. */
	CHECK(pcv_load_plugin(ctx, plugin("good")) == 0);
	pcv_ctx_free(ctx);

	/* Each bad plugin: -1 and one line naming the file and the reason. */
	char newabi[96], newminor[96];
	snprintf(newabi, sizeof newabi, "built for plugin ABI %d.0 but this paissconv has %d.%d",
	         PCV_ABI_MAJOR + 1, PCV_ABI_MAJOR, PCV_ABI_MINOR);
	snprintf(newminor, sizeof newminor, "needs plugin ABI %d.%d but this paissconv has %d.%d",
	         PCV_ABI_MAJOR, PCV_ABI_MINOR + 1, PCV_ABI_MAJOR, PCV_ABI_MINOR);
	const struct {
		const char *name, *reason;
	} bad[] = {
		{"newabi", newabi},
		{"newminor", newminor},
		{"nosym", "no 'paissconv_plugin' symbol"},
		{"initfail", "its init failed"},
		{"undef", "undefined symbol: pcv_test_defined_nowhere"},
		{"undefnow", "undefined symbol: pcv_test_defined_nowhere"},
		{"missing", "No such file or directory"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ctx = new_ctx();
		CHECK(pcv_load_plugin(ctx, plugin(bad[i].name)) == -1);
		CHECK(strstr(last, plugin(bad[i].name)) != NULL);
		CHECK(strstr(last, bad[i].reason) != NULL);
		CHECK(strstr(last, "error: plugin ") != NULL);
		CHECK(strchr(last, '\n') == NULL);
		int left = 0;
		pcv_visit_capabilities(ctx, count_caps, &left);
		CHECK(left == 0);
		CHECK(pcv_ctx_worst(ctx) == PCV_ERROR);
		pcv_ctx_free(ctx);
	}

	/* A file that is not a shared object. */
	char dir[] = "/tmp/pcvloader.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char notso[256];
	snprintf(notso, sizeof notso, "%s/notso.so", dir);
	FILE *fp = fopen(notso, "w");
	fputs("this is text, not a shared object\n", fp);
	fclose(fp);
	ctx = new_ctx();
	CHECK(pcv_load_plugin(ctx, notso) == -1);
	CHECK(strstr(last, notso) != NULL && strstr(last, "cannot be loaded") != NULL);
	pcv_ctx_free(ctx);

	/* The current directory is never searched implicitly, even when the
	 * path has empty entries. */
	char cwdcopy[256];
	snprintf(cwdcopy, sizeof cwdcopy, "%s/good.so", dir);
	CHECK(copy_file(plugin("good"), cwdcopy) == 0);
	char oldcwd[1024];
	CHECK(getcwd(oldcwd, sizeof oldcwd) != NULL);
	CHECK(chdir(dir) == 0);
	setenv("PAISSCONV_PLUGIN_PATH", "::", 1);
	ctx = new_ctx();
	CHECK(pcv_find_writer(ctx, "good") == NULL);
	CHECK(strstr(pcv_plugin_path(ctx), "::") == NULL && pcv_plugin_path(ctx)[0] != ':');
	pcv_ctx_free(ctx);
	CHECK(chdir(oldcwd) == 0);

	/* First hit wins: two folders hold a plugin of the same name. */
	char first[256], second[256], path[600], a[300], b[300];
	snprintf(first, sizeof first, "%s/first", dir);
	snprintf(second, sizeof second, "%s/second", dir);
	CHECK(mkdir(first, 0755) == 0 && mkdir(second, 0755) == 0);
	snprintf(a, sizeof a, "%s/good.so", first);
	snprintf(b, sizeof b, "%s/good.so", second);
	CHECK(copy_file(plugin("good"), a) == 0 && copy_file(plugin("good"), b) == 0);
	snprintf(path, sizeof path, "%s:%s", first, second);
	setenv("PAISSCONV_PLUGIN_PATH", path, 1);
	ctx = new_ctx();
	CHECK(pcv_find_writer(ctx, "good") != NULL);
	CHECK(pcv_load_all_plugins(ctx) == 0);
	CHECK(nmessages == 0);
	pcv_ctx_free(ctx);

	/* A broken plugin in the search path is a warning, not a failure of
	 * the plugins beside it. */
	char broken[300];
	snprintf(broken, sizeof broken, "%s/zbroken.so", first);
	CHECK(copy_file(notso, broken) == 0);
	ctx = new_ctx();
	CHECK(pcv_load_all_plugins(ctx) == 1);
	CHECK(strstr(last, "warning: plugin ") && strstr(last, "zbroken.so"));
	CHECK(pcv_find_writer(ctx, "good") != NULL);
	pcv_ctx_free(ctx);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return check_done("test-loader");
}
