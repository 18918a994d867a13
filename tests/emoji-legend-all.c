/*
 * emoji-legend-all -- every fully-qualified emoji of Unicode's
 * emoji-test.txt, read as Markdown and run through the emoji-legend filter
 * with the real plugins, must come out as exactly one emoji node holding
 * exactly that emoji (with its CLDR name), the text around it untouched.
 * Then all of them at once, written one after the other without spaces:
 * as many emoji nodes, in order.  Minimally-qualified and unqualified
 * forms must come out as one emoji node each too.
 *
 *   emoji-legend-all [emoji-test.txt]   (exit 77 when the file is missing)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paissconv.h"

#define DEFAULT_DATA "/usr/share/unicode/emoji/emoji-test.txt"

typedef struct emoji {
	char utf8[64];
	char name[128];
	int fully;
	int text;   /* a lone text-default character of the BMP: stays text */
} emoji;

static size_t put_utf8(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Parses "1F469 200D 1F4BB ; fully-qualified # 👩‍💻 E4.0 woman technologist". */
static int parse_line(const char *line, emoji *e)
{
	const char *semi = strchr(line, ';'), *hash = strchr(line, '#');
	size_t n = 0, ncp = 0;
	char *end;
	const char *p = line;

	if (line[0] == '#' || !semi || !hash)
		return 0;
	{
		char status[32];
		size_t sl = (size_t)(hash - semi - 1);
		const char *st = semi + 1;
		while (sl > 0 && *st == ' ') {
			st++;
			sl--;
		}
		while (sl > 0 && st[sl - 1] == ' ')
			sl--;
		if (sl >= sizeof status)
			return 0;
		memcpy(status, st, sl);
		status[sl] = '\0';
		if (strcmp(status, "fully-qualified") == 0)
			e->fully = 1;
		else if (strcmp(status, "minimally-qualified") == 0 || strcmp(status, "unqualified") == 0)
			e->fully = 0;
		else
			return 0;
	}
	while (p < semi) {
		unsigned long cp = strtoul(p, &end, 16);
		if (end == p)
			break;
		if (n + 4 >= sizeof e->utf8)
			return 0;
		n += put_utf8(cp, e->utf8 + n);
		ncp++;
		p = end;
		while (*p == ' ')
			p++;
	}
	e->utf8[n] = '\0';
	/* U+26A0 is a marker of the built-in legend: declared markers are
	 * emoji in either presentation. */
	e->text = !e->fully && ncp == 1 && strtoul(line, NULL, 16) < 0x1F000 &&
	          strtoul(line, NULL, 16) != 0x26A0;
	/* The name: after the emoji and "E<version> ". */
	p = strchr(hash + 2, ' ');
	if (p)
		p = strchr(p + 1, ' ');
	snprintf(e->name, sizeof e->name, "%s", p ? p + 1 : "");
	e->name[strcspn(e->name, "\r\n")] = '\0';
	return n > 0;
}

typedef struct found {
	size_t emoji, other_inline;
	const char *literal, *name;
	size_t literal_len;
	char text[256];
	size_t text_len;
} found;

static void walk(pcv_doc *doc, found *f, const char **seq, size_t nseq, size_t *mismatch)
{
	pcv_iter it;
	pcv_event ev;
	memset(f, 0, sizeof *f);
	pcv_iter_init(&it, pcv_doc_root(doc));
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);
		if (ev != PCV_EVENT_ENTER)
			continue;
		if (t == PCV_NODE_EMOJI) {
			if (seq && (f->emoji >= nseq || strcmp(seq[f->emoji], pcv_node_literal(n)) != 0))
				(*mismatch)++;
			f->emoji++;
			f->literal = pcv_node_literal(n);
			f->literal_len = pcv_node_literal_len(n);
			f->name = pcv_node_get_attr(n, "name");
		} else if (t == PCV_NODE_TEXT) {
			size_t l = pcv_node_literal_len(n);
			if (f->text_len + l < sizeof f->text) {
				memcpy(f->text + f->text_len, pcv_node_literal(n), l);
				f->text_len += l;
			}
		} else if (PCV_NODE_IS_INLINE(t)) {
			f->other_inline++;
		}
	}
	f->text[f->text_len] = '\0';
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_DATA;
	FILE *in = fopen(path, "r");
	pcv_ctx *ctx;
	const pcv_reader *reader;
	const pcv_filter *filter;
	emoji *all = NULL;
	size_t n = 0, cap = 0, nfully = 0, bad = 0, noname = 0, ntext = 0;
	char line[1024];

	if (!in) {
		printf("SKIP: %s not found (apt-get install unicode-data)\n", path);
		return 77;
	}
	while (fgets(line, sizeof line, in)) {
		emoji e;
		if (!parse_line(line, &e))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			all = realloc(all, cap * sizeof *all);
			if (!all)
				return 99;
		}
		all[n++] = e;
		nfully += e.fully;
	}
	fclose(in);

	ctx = pcv_ctx_new();
	reader = pcv_find_reader(ctx, "markdown");
	filter = pcv_find_filter(ctx, "emoji-legend");
	if (!reader || !filter) {
		printf("FAIL: markdown reader or emoji-legend filter not found\n");
		return 1;
	}

	/* One at a time, between two words. */
	for (size_t i = 0; i < n; i++) {
		char text[128];
		found f;
		size_t mismatch = 0;
		int len = snprintf(text, sizeof text, "x %s y\n", all[i].utf8);
		pcv_doc *doc = pcv_read_memory(ctx, reader, "emoji", text, (size_t)len);
		if (!doc || pcv_run_filter(ctx, filter, doc) != 0) {
			printf("FAIL: %s (%s): read or filter failed\n", all[i].utf8, all[i].name);
			bad++;
			pcv_doc_free(doc);
			continue;
		}
		walk(doc, &f, NULL, 0, &mismatch);
		if (all[i].text) {
			/* Text presentation: no emoji node, the text as it was. */
			char want[128];
			snprintf(want, sizeof want, "x %s y", all[i].utf8);
			if (f.emoji != 0 || strcmp(f.text, want) != 0) {
				printf("FAIL: %s (%s, text presentation): %zu emoji nodes, text \"%s\"\n",
				       all[i].utf8, all[i].name, f.emoji, f.text);
				bad++;
			}
			ntext++;
		} else if (f.emoji != 1 || f.literal_len != strlen(all[i].utf8) ||
		    memcmp(f.literal, all[i].utf8, f.literal_len) != 0 || strcmp(f.text, "x  y") != 0 ||
		    f.other_inline != 0) {
			printf("FAIL: %s (%s, %s): %zu emoji nodes, text \"%s\"\n", all[i].utf8,
				       all[i].name, all[i].fully ? "fully-qualified" : "not fully-qualified",
				       f.emoji, f.text);
			bad++;
		} else if (all[i].fully && (!f.name || strcmp(f.name, all[i].name) != 0)) {
			printf("FAIL: %s: name \"%s\", expected \"%s\"\n", all[i].utf8, f.name ? f.name : "",
			       all[i].name);
			noname++;
		}
		pcv_doc_free(doc);
	}

	/* All fully-qualified ones in one line, without separators. */
	{
		size_t size = 16, k = 0, mismatch = 0;
		const char **seq = malloc(nfully * sizeof *seq);
		char *text;
		found f;
		pcv_doc *doc;
		for (size_t i = 0; i < n; i++)
			size += strlen(all[i].utf8);
		text = malloc(size);
		if (!seq || !text)
			return 99;
		text[0] = '\0';
		strcat(text, "x ");
		for (size_t i = 0; i < n; i++)
			if (all[i].fully) {
				strcat(text, all[i].utf8);
				seq[k++] = all[i].utf8;
			}
		strcat(text, "\n");
		doc = pcv_read_memory(ctx, reader, "all", text, strlen(text));
		if (!doc || pcv_run_filter(ctx, filter, doc) != 0) {
			printf("FAIL: all in one: read or filter failed\n");
			bad++;
		} else {
			walk(doc, &f, seq, k, &mismatch);
			if (f.emoji != k || mismatch) {
				printf("FAIL: all in one: %zu emoji nodes for %zu emoji, %zu out of place\n",
				       f.emoji, k, mismatch);
				bad++;
			}
		}
		pcv_doc_free(doc);
		free(text);
		free(seq);
	}

	printf("%zu sequences (%zu fully-qualified, %zu text-presentation characters) of %s: "
	       "%zu failed, %zu with a wrong name\n", n, nfully, ntext, path, bad, noname);
	free(all);
	pcv_ctx_free(ctx);
	return bad || noname ? 1 : 0;
}
