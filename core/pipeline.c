/* pipeline.c -- reading inputs, running filters, writing outputs safely. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "internal.h"

const char *pcv_version(void)
{
	return PACKAGE_VERSION;
}

/*
 * The inputs' text, NUL-terminated, in memory mapped for it rather than
 * malloc'd: glibc answers the free() of a block this big by serving every
 * later allocation smaller than it from the heap, where the growing
 * arrays of a writer then leave holes (4 MB more at the peak of the pdf
 * writer on a 2.7 MB input).
 */
typedef struct input_text {
	char *data;
	size_t len, cap; /* cap: the mapping's size */
} input_text;

static void text_reserve(input_text *t, size_t more)
{
	if (more < t->cap - t->len && t->data)
		return;
	if (more > SIZE_MAX / 2 - t->len) {
		fprintf(stderr, "paissconv: out of memory (asked for %zu bytes)\n", more);
		abort();
	}
	long page = sysconf(_SC_PAGESIZE);
	size_t want = t->len + more + 1, cap = t->cap ? t->cap : (size_t)(page > 0 ? page : 4096);
	while (cap < want)
		cap *= 2;
	char *d = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d == MAP_FAILED) {
		fprintf(stderr, "paissconv: out of memory (asked for %zu bytes)\n", cap);
		abort();
	}
	if (t->data) {
		memcpy(d, t->data, t->len);
		munmap(t->data, t->cap);
	}
	t->data = d;
	t->cap = cap;
	t->data[t->len] = '\0';
}

static void text_add(input_text *t, const char *s, size_t n)
{
	text_reserve(t, n);
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
}

static void text_free(input_text *t)
{
	if (t->data)
		munmap(t->data, t->cap);
	t->data = NULL;
	t->len = t->cap = 0;
}

/* Appends a whole stream to t (sized beforehand when its size is known);
 * returns 0 or an errno value. */
static int slurp(FILE *fp, input_text *t)
{
	for (;;) {
		if (!t->data || t->cap - t->len < 2)
			text_reserve(t, 65536);
		size_t n = fread(t->data + t->len, 1, t->cap - t->len - 1, fp);
		if (!n)
			break;
		t->len += n;
		t->data[t->len] = '\0';
	}
	return ferror(fp) ? (errno ? errno : EIO) : 0;
}

static unsigned count_lines(const char *s, size_t len)
{
	unsigned n = 0;
	for (const char *p = s, *end = s + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	return n;
}

/* Inputs are separated by a blank line so that their blocks never merge:
 * before one, records where it starts; after it (its text from start),
 * counts its lines. */
static void input_begin(pcv_doc *doc, input_text *text, unsigned *line, const char *name)
{
	if (text->len) {
		text_add(text, "\n", 1);
		(*line)++;
	}
	pcv_doc_add_source(doc, name, *line);
}

static void input_end(input_text *text, unsigned *line, size_t start)
{
	size_t len = text->len - start;
	if (!len) /* an empty input: its text may not even be allocated */
		return;
	*line += count_lines(text->data + start, len);
	if (text->data[text->len - 1] != '\n') {
		text_add(text, "\n", 1);
		(*line)++;
	}
}

static pcv_doc *run_reader(pcv_ctx *ctx, const pcv_reader *reader, pcv_doc *doc,
                           input_text *text)
{
	text_reserve(text, 0);
	int rc = reader->read(ctx, doc, text->data, text->len, reader->data);
	text_free(text);
	if (rc != 0) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "the %s reader failed", reader->name);
		pcv_doc_free(doc);
		return NULL;
	}
	return doc;
}

static const char *stdin_name = "<stdin>";

pcv_doc *pcv_read_files(pcv_ctx *ctx, const pcv_reader *reader, const char *const *paths,
                        size_t npaths)
{
	if (!ctx || !reader)
		return NULL;
	static const char *const dash[] = {"-"};
	if (!paths || !npaths) {
		paths = dash;
		npaths = 1;
	}
	pcv_doc *doc = pcv_doc_new();
	input_text text = {0};
	unsigned line = 1;
	int stdin_used = 0;
	for (size_t i = 0; i < npaths; i++) {
		const char *path = paths[i] ? paths[i] : "-";
		int is_stdin = strcmp(path, "-") == 0;
		const char *name = is_stdin ? stdin_name : path;
		int err = 0;
		if (is_stdin && stdin_used++) {
			pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "standard input given twice");
			goto fail;
		}
		input_begin(doc, &text, &line, name);
		size_t start = text.len;
		if (is_stdin) {
			err = slurp(stdin, &text);
		} else {
			struct stat st;
			FILE *fp = NULL;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				err = EISDIR;
			else if (!(fp = fopen(path, "rb")))
				err = errno;
			else {
				struct stat fst;
				/* its size and a final newline: no copy as it grows */
				if (fstat(fileno(fp), &fst) == 0 && S_ISREG(fst.st_mode) && fst.st_size > 0 &&
				    (unsigned long long)fst.st_size < SIZE_MAX / 4)
					text_reserve(&text, (size_t)fst.st_size + 1);
				err = slurp(fp, &text);
				fclose(fp);
			}
		}
		if (err) {
			pcv_report(ctx, PCV_ERROR, name, 0, 0, "cannot read: %s", strerror(err));
			goto fail;
		}
		if (text.len == start)
			pcv_report(ctx, PCV_WARNING, name, 0, 0, "input is empty");
		if (i == 0 && !is_stdin) {
			const char *slash = strrchr(path, '/');
			if (slash) {
				char *dir = pcv_doc_strndup(doc, path, slash == path ? 1 : (size_t)(slash - path));
				pcv_doc_set_base_dir(doc, dir);
			}
		}
		input_end(&text, &line, start);
	}
	return run_reader(ctx, reader, doc, &text);
fail:
	text_free(&text);
	pcv_doc_free(doc);
	return NULL;
}

pcv_doc *pcv_read_memory(pcv_ctx *ctx, const pcv_reader *reader, const char *name,
                         const char *data, size_t len)
{
	if (!ctx || !reader || (!data && len))
		return NULL;
	pcv_doc *doc = pcv_doc_new();
	input_text text = {0};
	unsigned line = 1;
	input_begin(doc, &text, &line, name ? name : "<memory>");
	if (len)
		text_add(&text, data, len);
	input_end(&text, &line, 0);
	return run_reader(ctx, reader, doc, &text);
}

int pcv_run_filter(pcv_ctx *ctx, const pcv_filter *filter, pcv_doc *doc)
{
	if (!ctx || !filter || !doc)
		return -1;
	if (filter->run(ctx, doc, filter->data) != 0) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "the %s filter failed", filter->name);
		return -1;
	}
	return 0;
}

int pcv_write_out(pcv_ctx *ctx, const pcv_writer *writer, pcv_doc *doc, pcv_out *out)
{
	if (!ctx || !writer || !doc || !out)
		return -1;
	if (writer->write(ctx, doc, out, writer->data) != 0) {
		/* A writer that stopped because its output failed needs no line of
		 * its own: the write error is the reason, reported by the caller. */
		if (!out->failed)
			pcv_report(ctx, PCV_ERROR, NULL, 0, 0, "the %s writer failed", writer->name);
		return -1;
	}
	return out->failed ? -1 : 0;
}

/* The temporary file being written, removed if a signal ends the run. */
static char *volatile pending_tmp;

static void on_signal(int sig)
{
	char *tmp = pending_tmp;
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_signals(void)
{
	static int done;
	if (done++)
		return;
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			signal(sigs[i], on_signal);
	}
}

/* Whether the output path names one of the document's inputs. */
static int is_an_input(pcv_doc *doc, const char *path, const struct stat *st)
{
	for (size_t i = 0; i < doc->nsources; i++) {
		struct stat in;
		if (doc->sources[i].name != stdin_name && stat(doc->sources[i].name, &in) == 0 &&
		    in.st_dev == st->st_dev && in.st_ino == st->st_ino)
			return 1;
	}
	(void)path;
	return 0;
}

/* Finishes a stream: flush, sync for files; returns 0 or an errno. */
static int finish_stream(FILE *fp, pcv_out *out, int sync)
{
	pcv_out_flush(out);
	int err = out->failed ? out->err : 0;
	if (fflush(fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (!err && sync && fsync(fileno(fp)) != 0 && errno != EINVAL && errno != EROFS)
		err = errno;
	return err;
}

static int write_stdout(pcv_ctx *ctx, const pcv_writer *writer, pcv_doc *doc)
{
	if ((writer->flags & PCV_WRITER_BINARY) && isatty(STDOUT_FILENO)) {
		pcv_report(ctx, PCV_ERROR, NULL, 0, 0,
		           "not writing %s to a terminal: give an output file with -o", writer->name);
		return -1;
	}
	pcv_out out = {stdout, {0}, 0, 0};
	if (pcv_write_out(ctx, writer, doc, &out) != 0 && !out.failed)
		return -1;
	int err = finish_stream(stdout, &out, 0);
	if (err) {
		pcv_report(ctx, PCV_ERROR, "<stdout>", 0, 0, "cannot write: %s", strerror(err));
		return -1;
	}
	return 0;
}

int pcv_write_file(pcv_ctx *ctx, const pcv_writer *writer, pcv_doc *doc, const char *path)
{
	if (!ctx || !writer || !doc)
		return -1;
	if (!path || strcmp(path, "-") == 0)
		return write_stdout(ctx, writer, doc);

	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && is_an_input(doc, path, &st)) {
		pcv_report(ctx, PCV_ERROR, path, 0, 0, "refusing to overwrite an input file");
		return -1;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		pcv_report(ctx, PCV_ERROR, path, 0, 0, "cannot write: %s", strerror(EISDIR));
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		/* A device or pipe: nothing to replace, write straight to it. */
		FILE *fp = fopen(path, "wb");
		if (!fp) {
			pcv_report(ctx, PCV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
			return -1;
		}
		pcv_out out = {fp, {0}, 0, 0};
		int rc = pcv_write_out(ctx, writer, doc, &out);
		int err = finish_stream(fp, &out, 0);
		if (fclose(fp) != 0 && !err)
			err = errno;
		if (err) {
			pcv_report(ctx, PCV_ERROR, path, 0, 0, "cannot write: %s", strerror(err));
			return -1;
		}
		return rc;
	}

	/* A temporary file beside the target, renamed into place at the end. */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	pcv_buf tmp = {0};
	pcv_buf_add(&tmp, path, dirlen);
	pcv_buf_adds(&tmp, ".");
	pcv_buf_adds(&tmp, path + dirlen);
	pcv_buf_adds(&tmp, ".XXXXXX");
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		int err = errno;
		pcv_report(ctx, PCV_ERROR, path, 0, 0, "cannot create the output%s%.*s: %s",
		           dirlen ? " in " : "", (int)(dirlen > 1 ? dirlen - 1 : dirlen), path,
		           strerror(err));
		pcv_buf_free(&tmp);
		return -1;
	}
	guard_signals();
	pending_tmp = tmp.data;
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~mask));

	FILE *fp = fdopen(fd, "wb");
	int rc = -1, err = 0;
	if (!fp) {
		err = errno;
		close(fd);
	} else {
		pcv_out out = {fp, {0}, 0, 0};
		rc = pcv_write_out(ctx, writer, doc, &out);
		err = finish_stream(fp, &out, 1);
		if (fclose(fp) != 0 && !err)
			err = errno;
	}
	if (!err && rc == 0 && rename(tmp.data, path) != 0)
		err = errno;
	if (err || rc != 0) {
		unlink(tmp.data);
		if (err)
			pcv_report(ctx, PCV_ERROR, path, 0, 0, "cannot write: %s", strerror(err));
		rc = -1;
	}
	pending_tmp = NULL;
	pcv_buf_free(&tmp);
	return rc;
}
