/*
 * test-epub-deflate.c -- the EPUB writer's deflate encoder, read back by
 * zlib's inflate.
 *
 * Inputs that reach each corner of the encoder: nothing, a byte, every
 * byte value, long runs (matches of 258), random bytes (blocks full of
 * literals, several blocks), repeats just inside and just beyond the 32
 * KiB window, and files that follow one another through one encoder (its
 * hash table holds positions from the earlier ones).  Each stream must
 * inflate to exactly its input.  The code lengths are checked alone too
 * (complete codes, within their limits, heavier symbols never on longer
 * codes), and one block of literals whose best code is deeper than 15
 * bits is written and read back: whole documents rarely need the limit,
 * as matches take the frequent letters.
 */
#include "../plugins/epub/deflate.c"

#include <stdio.h>
#include <zlib.h>

#include "check.h"

void *epub_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *epub_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* Deflates in through d, inflates the result; returns whether it is in. */
static int round_trip(epub_deflater *d, const unsigned char *in, size_t len, const char *what)
{
	epub_buf out = {0};
	unsigned char *back = malloc(len + 1);
	z_stream z = {0};
	int ok;

	epub_deflate(d, in, len, &out);
	if (!back || inflateInit2(&z, -15) != Z_OK)
		abort();
	z.next_in = (unsigned char *)out.s;
	z.avail_in = (uInt)out.len;
	z.next_out = back;
	z.avail_out = (uInt)len + 1;
	int rc = inflate(&z, Z_FINISH);
	ok = rc == Z_STREAM_END && z.total_out == len && z.avail_in == 0 && !memcmp(back, in, len);
	if (!ok)
		fprintf(stderr, "%s: %zu bytes, inflate %d (%s), %lu out\n", what, len, rc,
		        z.msg ? z.msg : "no message", z.total_out);
	inflateEnd(&z);
	free(back);
	free(out.s);
	return ok;
}

static int fresh(const unsigned char *in, size_t len, const char *what)
{
	epub_deflater *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	int ok = round_trip(d, in, len, what);
	epub_deflater_free(d);
	free(d);
	return ok;
}

/* Whether len[0..n) is a complete prefix code (Kraft's sum is 1) of no
 * length above limit, with a length for each symbol of non-zero freq. */
static int code_ok(const uint32_t *freq, const uint8_t *len, int n, unsigned limit)
{
	uint64_t kraft = 0;
	for (int i = 0; i < n; i++) {
		if (len[i] > limit || (freq[i] && !len[i]))
			return 0;
		if (len[i])
			kraft += 1ull << (32 - len[i]);
	}
	return kraft == 1ull << 32;
}

/* Whether no symbol has a longer code than a lighter one. */
static int ordered(const uint32_t *freq, const uint8_t *len, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (freq[j] && freq[i] > freq[j] && len[i] > len[j])
				return 0;
	return 1;
}

/* The code lengths alone: Fibonacci weights want codes deeper than the
 * limits of 15 (literals and lengths, distances) and 7 (code lengths). */
static void lengths(void)
{
	uint32_t freq[DF_NLITLEN] = {0};
	uint8_t len[DF_NLITLEN];
	uint32_t a = 1, b = 1;

	for (int i = 0; i < DF_NLITLEN; i++) {
		freq[i] = i < 24 ? a : 0;
		uint32_t c = a + b;
		a = b;
		b = c;
	}
	df_lengths(freq, DF_NLITLEN, 15, len);
	CHECK(code_ok(freq, len, DF_NLITLEN, 15));
	CHECK(ordered(freq, len, DF_NLITLEN) && len[0] > len[23]);
	df_lengths(freq, DF_NDIST, 15, len);
	CHECK(code_ok(freq, len, DF_NDIST, 15));
	df_lengths(freq, DF_NCLEN, 7, len);
	CHECK(code_ok(freq, len, DF_NCLEN, 7));

	/* one symbol, or none: two lengths of 1 */
	memset(freq, 0, sizeof freq);
	freq[40] = 9;
	df_lengths(freq, DF_NLITLEN, 15, len);
	CHECK(code_ok(freq, len, DF_NLITLEN, 15) && len[40] == 1);
	freq[40] = 0;
	df_lengths(freq, DF_NDIST, 15, len);
	CHECK(code_ok(freq, len, DF_NDIST, 15));

	/* more than 32 leaves (the radix sort) that must be flattened, with
	 * ties; and 32 and 33 leaves of one shape, on either side of the
	 * insertion sort's bound */
	for (int m = 32; m <= 40; m += 1) {
		memset(freq, 0, sizeof freq);
		a = 1;
		b = 1;
		for (int i = 0; i < m; i++) {
			freq[i * 7] = i < 24 ? a : 1 + (uint32_t)i % 3;
			uint32_t c = a + b;
			a = b;
			b = c;
		}
		df_lengths(freq, DF_NLITLEN, 15, len);
		CHECK(code_ok(freq, len, DF_NLITLEN, 15) && ordered(freq, len, DF_NLITLEN));
	}

	/* every symbol, weights up to a full block's: more than 32 of them,
	 * sorted by the radix sort */
	for (int i = 0; i < DF_NLITLEN; i++)
		freq[i] = (uint32_t)(i * 977 % DF_BLOCK_SYMS) + 1;
	df_lengths(freq, DF_NLITLEN, 15, len);
	CHECK(code_ok(freq, len, DF_NLITLEN, 15));
	CHECK(ordered(freq, len, DF_NLITLEN));
}

/* One block of literals only, weighted 1, 2, 3, 5, ... 4181 (with the
 * end of the block's 1, a code 18 deep): limited to 15 bits, written,
 * and read back. */
static void deep_block(void)
{
	static uint32_t sym[DF_BLOCK_SYMS];
	static unsigned char in[DF_BLOCK_SYMS], out[DF_BLOCK_SYMS * 6 + 1024], back[DF_BLOCK_SYMS + 1];
	uint32_t lfreq[DF_NLITLEN] = {0}, dfreq[DF_NDIST] = {0}, a = 1, c = 2;
	uint8_t len[DF_NLITLEN];
	size_t n = 0;

	df_tables();
	for (int i = 0; i < 18; i++) {
		for (uint32_t k = 0; k < a; k++) {
			in[n] = (unsigned char)('A' + i);
			sym[n++] = (uint32_t)('A' + i);
			lfreq['A' + i]++;
		}
		uint32_t t = a + c;
		a = c;
		c = t;
	}
	/* the code wanted is deeper than the limit */
	lfreq[256] = 1;
	df_lengths(lfreq, DF_NLITLEN, 40, len);
	CHECK(len['A'] > 15);

	df_bits bits = {out, 0, 0};
	df_block(&bits, sym, n, 1, lfreq, dfreq);
	df_put(&bits, 0, 7);
	df_flush(&bits);
	z_stream z = {0};
	if (inflateInit2(&z, -15) != Z_OK)
		abort();
	z.next_in = out;
	z.avail_in = (uInt)(bits.p - out);
	z.next_out = back;
	z.avail_out = sizeof back;
	int rc = inflate(&z, Z_FINISH);
	CHECK(rc == Z_STREAM_END && z.total_out == n && !memcmp(back, in, n));
	inflateEnd(&z);
}

int main(void)
{
	enum { BIG = 200000 };
	unsigned char *b = malloc(BIG);
	size_t i, n;

	if (!b)
		abort();
	lengths();
	deep_block();

	CHECK(fresh((const unsigned char *)"", 0, "empty"));
	CHECK(fresh((const unsigned char *)"a", 1, "one byte"));
	CHECK(fresh((const unsigned char *)"abc", 3, "three bytes"));
	CHECK(fresh((const unsigned char *)"abcabcabcabcabc", 15, "a short repeat"));

	for (i = 0; i < 256; i++)
		b[i] = (unsigned char)i;
	CHECK(fresh(b, 256, "every byte"));
	for (i = 0; i < 4096; i++)
		b[i] = (unsigned char)(i * 7 + (i >> 8));
	CHECK(fresh(b, 4096, "every byte, in turns"));

	memset(b, 'x', BIG);
	CHECK(fresh(b, BIG, "one byte repeated"));
	for (i = 0; i < BIG; i++)
		b[i] = "ab"[(i / 1000) & 1];
	CHECK(fresh(b, BIG, "runs"));

	for (i = 0; i < BIG; i++)
		b[i] = (unsigned char)rnd();
	CHECK(fresh(b, BIG, "random bytes"));
	for (i = 0; i < BIG; i++)
		b[i] = (unsigned char)(rnd() % 3);
	CHECK(fresh(b, BIG, "three random values"));

	/* letters 1, 1, 2, 3, 5, ... times, shuffled: skewed literal codes
	 * (matches take most of the frequent letters) */
	{
		size_t fib[24] = {1, 1};
		for (i = 2; i < 24; i++)
			fib[i] = fib[i - 1] + fib[i - 2];
		n = 0;
		for (i = 0; i < 24 && n < BIG; i++)
			for (size_t k = 0; k < fib[i] && n < BIG; k++)
				b[n++] = (unsigned char)('A' + i);
		for (i = n; i > 1; i--) {
			size_t j = rnd() % i;
			unsigned char t = b[i - 1];
			b[i - 1] = b[j];
			b[j] = t;
		}
		CHECK(fresh(b, n, "Fibonacci frequencies"));
		CHECK(fresh(b, 16000, "Fibonacci frequencies, one block"));
	}

	/* a random stretch repeated at distances of 32768 and 32769: the
	 * first can be matched, the second lies beyond the window */
	for (size_t gap = 32766; gap <= 32770; gap++) {
		for (i = 0; i < gap; i++)
			b[i] = (unsigned char)rnd();
		memcpy(b + gap, b, 4000);
		char what[64];
		snprintf(what, sizeof what, "a repeat %zu bytes back", gap);
		CHECK(fresh(b, gap + 4000, what));
	}

	/* files one after another through one encoder, each the start of
	 * the one before: nothing of an earlier file may be matched */
	{
		epub_deflater *d = calloc(1, sizeof *d);
		if (!d)
			abort();
		for (i = 0; i < 30000; i++)
			b[i] = (unsigned char)("<p>Notes on kernels, $k(x, y)$.</p>\n"[i % 36] ^ (rnd() % 7 == 0));
		for (int k = 0; k < 5; k++) {
			char what[64];
			snprintf(what, sizeof what, "file %d of a book", k + 1);
			CHECK(round_trip(d, b, 30000 - (size_t)k * 5000, what));
		}
		CHECK(round_trip(d, b, 0, "an empty file in a book"));
		CHECK(round_trip(d, b + 7, 100, "a small file in a book"));
		epub_deflater_free(d);
		free(d);
	}

	free(b);
	return check_done("test-epub-deflate");
}
