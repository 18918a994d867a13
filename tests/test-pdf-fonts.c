/*
 * test-pdf-fonts.c -- several PDF conversions in one process, as a program
 * using libpaissconv makes them: the fontconfig configuration narrowed to
 * the handout's families for one document must not stay in the way of the
 * next one's Devanagari, and the PDF of a narrowed conversion is the same
 * as the one with every font searched.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"
#define CHECK_MESSAGES 16384
#include "check.h"

static pcv_ctx *ctx;
static const pcv_reader *reader;
static const pcv_writer *writer;

/* The PDF of text (malloc'd, *len bytes), its messages in check_messages. */
static char *pdf(const char *text, const char *fallback, size_t *len)
{
	check_messages[0] = '\0';
	pcv_set_option(ctx, "pdf.font-fallback", fallback);
	pcv_doc *doc = pcv_read_memory(ctx, reader, "t.md", text, strlen(text));
	pcv_out *out = pcv_out_new_memory();
	char *copy = NULL;
	*len = 0;
	if (doc && pcv_write_out(ctx, writer, doc, out) == 0) {
		const char *bytes = pcv_out_memory(out, len);
		copy = malloc(*len ? *len : 1);
		if (copy)
			memcpy(copy, bytes, *len);
	}
	pcv_out_free(out);
	pcv_doc_free(doc);
	return copy;
}

static int has(const char *bytes, size_t len, const char *what)
{
	return bytes && memmem(bytes, len, what, strlen(what)) != NULL;
}

int main(void)
{
	static const char latin[] = "# Notes\n\nPlain words, *emphasis*, `code` and a list:\n\n"
	                            "- one\n  - two\n";
	static const char hindi[] = "# Notes\n\nThe word नमस्ते is Hindi.\n";
	size_t n1, n2, n3, nh;

	setenv("SOURCE_DATE_EPOCH", "0", 1);
	ctx = pcv_ctx_new();
	pcv_ctx_set_message_fn(ctx, check_on_message, NULL);
	pcv_ctx_set_verbosity(ctx, PCV_INFO);
	reader = pcv_find_reader(ctx, "markdown");
	writer = pcv_find_writer(ctx, "pdf");
	if (!reader || !writer) {
		fprintf(stderr, "the markdown reader or the pdf writer is not found on %s\n",
		        pcv_plugin_path(ctx));
		return 1;
	}

	/* first, before anything was narrowed: is there a font for Hindi? */
	char *h = pdf(hindi, "system", &nh);
	int hindi_font = has(h, nh, "Devanagari");

	char *a = pdf(latin, "handout", &n1);
	CHECK(a != NULL);
	CHECK(strstr(check_messages, "searching only the handout's families") != NULL);
	char *b = pdf(latin, "system", &n2);
	CHECK(strstr(check_messages, "searching every installed font (pdf.font-fallback=system)") != NULL);
	CHECK(a && b && n1 == n2 && !memcmp(a, b, n1));

	if (!hindi_font) {
		printf("SKIP (part): no font for Hindi installed (apt-get install fonts-noto-core)\n");
	} else {
		/* twice after a narrowed conversion: the full search comes back */
		free(h);
		h = pdf(hindi, "system", &nh);
		CHECK(has(h, nh, "Devanagari"));
		for (int round = 0; round < 2; round++) {
			free(a);
			a = pdf(latin, "handout", &n3);
			CHECK(strstr(check_messages, "searching only the handout's families") != NULL);
			CHECK(a && n3 == n1 && !memcmp(a, b, n1));
			free(h);
			h = pdf(hindi, "handout", &nh);
			CHECK(strstr(check_messages, "is in none of the handout's families") != NULL);
			CHECK(has(h, nh, "Devanagari"));
		}
	}
	free(a);
	free(b);
	free(h);
	pcv_ctx_free(ctx);
	return check_done("test-pdf-fonts");
}
