/*
 * fuzz-pipeline.c -- the whole pipeline into memory: the first byte picks
 * the writer, the rest is Markdown read by the markdown reader, filtered by
 * math and emoji-legend, and written by text, json, html, html -s, epub,
 * pdf or summary.  FUZZ_WRITER=NAME keeps to one writer, FUZZ_WRITER=-NAME
 * leaves one out.
 */
#include "fuzz-common.h"

static const pcv_reader *reader;
static const pcv_filter *filters[2];
static const char *const filter_names[2] = {"math", "emoji-legend"};

static const struct {
	const char *name;
	const char *standalone; /* html.standalone for the HTML page */
	const pcv_writer *w;
} writers[] = {
	{"text", NULL, NULL},    {"json", NULL, NULL}, {"html", NULL, NULL},
	{"html", "true", NULL},  {"epub", NULL, NULL}, {"pdf", NULL, NULL},
	{"summary", NULL, NULL},
};
#define NWRITERS (sizeof writers / sizeof *writers)
static const pcv_writer *found[NWRITERS];
static volatile unsigned sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	reader = fuzz_need(pcv_find_reader(fuzz_ctx, "markdown"), "reader", "markdown");
	for (size_t i = 0; i < 2; i++)
		filters[i] = fuzz_need(pcv_find_filter(fuzz_ctx, filter_names[i]), "filter",
		                       filter_names[i]);
	for (size_t i = 0; i < NWRITERS; i++)
		found[i] = fuzz_need(pcv_find_writer(fuzz_ctx, writers[i].name), "writer",
		                     writers[i].name);
	/* FUZZ_WRITER=pdf fuzzes the PDF writer alone, FUZZ_WRITER=-pdf every
	 * writer but it (the pick byte is still consumed). */
	const char *only = getenv("FUZZ_WRITER");
	if (only && *only) {
		int except = *only == '-', any = 0;
		for (size_t i = 0; i < NWRITERS; i++) {
			if ((strcmp(writers[i].name, only + except) == 0) == except)
				found[i] = NULL;
			else
				any = 1;
		}
		if (!any) {
			fprintf(stderr, "fuzz: FUZZ_WRITER=%s leaves no writer\n", only);
			abort();
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t pick = data[0] % NWRITERS;
	while (!found[pick])
		pick = (pick + 1) % NWRITERS;
	pcv_doc *doc = pcv_read_memory(fuzz_ctx, reader, "fuzz.md", (const char *)data + 1, size - 1);
	if (!doc)
		return 0;
	for (size_t i = 0; i < 2; i++)
		pcv_run_filter(fuzz_ctx, filters[i], doc);
	fuzz_walk(doc);
	pcv_set_option(fuzz_ctx, "html.standalone", writers[pick].standalone ? "true" : "false");
	pcv_out *out = pcv_out_new_memory();
	pcv_write_out(fuzz_ctx, found[pick], doc, out);
	size_t len;
	const char *bytes = pcv_out_memory(out, &len);
	/* Read every byte, so that ASan sees any uninitialised tail. */
	for (size_t i = 0; i < len; i++)
		sink += (unsigned char)bytes[i];
	pcv_out_free(out);
	pcv_doc_free(doc);
	return 0;
}
