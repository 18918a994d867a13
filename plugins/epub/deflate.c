/*
 * deflate.c -- a small, fast deflate (RFC 1951) encoder for the zip.
 *
 * The book's files are XHTML and CSS of a few KiB each, written once:
 * zlib at its fastest level spent most of its time on set-up and on
 * searching chains of candidates.  This encoder makes one pass of greedy
 * matching with one candidate per hash of four bytes, then writes blocks
 * of dynamic Huffman codes (fixed ones when smaller).
 *
 * The hash table is kept from file to file and never cleared: it holds
 * positions counted over all the files, and a candidate is used only
 * when its distance lies within the current file and the window and its
 * first four bytes are compared equal, so a stale entry can only cost a
 * miss, never a wrong match.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

#define DF_MIN_MATCH 4
#define DF_MAX_MATCH 258
#define DF_WINDOW 32768u
#define DF_BLOCK_SYMS 16384 /* symbols per block */
#define DF_NLITLEN 286
#define DF_NDIST 30
#define DF_NCLEN 19

/* Base and extra bits of the length codes 257..285 and distance codes. */
static const uint16_t df_len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
                                         15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
                                         67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t df_len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t df_dist_base[30] = {1,    2,    3,    4,    5,    7,     9,     13,
                                          17,   25,   33,   49,   65,   97,    129,   193,
                                          257,  385,  513,  769,  1025, 1537,  2049,  3073,
                                          4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t df_dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                          6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* The order in which the code length code's lengths are sent. */
static const uint8_t df_clen_order[DF_NCLEN] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                11, 4,  12, 3, 13, 2, 14, 1, 15};

/* Length code (0..28) of each match length 3..258, and distance code of
 * each distance - 1 below 256 and of (distance - 1) >> 7 above. */
static uint8_t df_len_code[DF_MAX_MATCH + 1];
static uint8_t df_dist_lo[256], df_dist_hi[256];
static uint8_t df_rev8[256]; /* each byte with its bits reversed */
static int df_tables_ready;

static void df_tables(void)
{
	if (df_tables_ready)
		return;
	for (int c = 0; c < 29; c++) {
		int end = c + 1 < 29 ? df_len_base[c + 1] : DF_MAX_MATCH + 1;
		for (int l = df_len_base[c]; l < end; l++)
			df_len_code[l] = (uint8_t)c;
	}
	df_len_code[DF_MAX_MATCH] = 28;
	for (unsigned v = 0; v < 256; v++) {
		unsigned r = 0;
		for (unsigned k = 0; k < 8; k++)
			r |= (v >> k & 1) << (7 - k);
		df_rev8[v] = (uint8_t)r;
	}
	for (int c = 0; c < 30; c++) {
		unsigned lo = df_dist_base[c] - 1u, hi = lo + (1u << df_dist_extra[c]);
		/* the codes from 256 on cover whole multiples of 128 */
		for (unsigned d = lo; d < hi; d += d < 256 ? 1 : 128) {
			if (d < 256)
				df_dist_lo[d] = (uint8_t)c;
			else
				df_dist_hi[d >> 7] = (uint8_t)c;
		}
	}
	df_tables_ready = 1;
}

static unsigned df_dist_code(unsigned d) /* d = distance - 1 */
{
	return d < 256 ? df_dist_lo[d] : df_dist_hi[d >> 7];
}

/* The output: bits gathered least significant first. */
typedef struct df_bits {
	unsigned char *p; /* next byte; room was made before the block */
	uint64_t acc;
	unsigned n;       /* bits in acc */
} df_bits;

/* Adds the n low bits of v; n + the bits pending stay within 64. */
static inline void df_put(df_bits *b, uint64_t v, unsigned n)
{
	b->acc |= v << b->n;
	b->n += n;
	if (b->n >= 32) {
		b->p[0] = (unsigned char)b->acc;
		b->p[1] = (unsigned char)(b->acc >> 8);
		b->p[2] = (unsigned char)(b->acc >> 16);
		b->p[3] = (unsigned char)(b->acc >> 24);
		b->p += 4;
		b->acc >>= 32;
		b->n -= 32;
	}
}

/* Writes out the whole bytes pending. */
static void df_flush(df_bits *b)
{
	while (b->n >= 8) {
		*b->p++ = (unsigned char)b->acc;
		b->acc >>= 8;
		b->n -= 8;
	}
}

/* A leaf of a Huffman code as a sort key: weight << DF_SYM_BITS | symbol.
 * A weight counts one symbol of a block (literals and lengths, distances)
 * or of its code lengths' run-length code: at most DF_BLOCK_SYMS. */
#define DF_SYM_BITS 9
_Static_assert(DF_NLITLEN <= 1 << DF_SYM_BITS, "a symbol fits its bits of a key");
_Static_assert(DF_BLOCK_SYMS < 1 << 16, "a weight fits the radix sort's two bytes");

/* Sorts the m keys by weight, equal weights in the order given: by
 * insertion when they are few, else by a radix sort on the weight's two
 * bytes. */
static void df_sort(uint32_t *k, int m)
{
	uint32_t tmp[DF_NLITLEN], *from = k, *to = tmp;

	if (m <= 32) {
		for (int i = 1; i < m; i++) {
			uint32_t v = k[i];
			int j = i;
			while (j > 0 && k[j - 1] >> DF_SYM_BITS > v >> DF_SYM_BITS) {
				k[j] = k[j - 1];
				j--;
			}
			k[j] = v;
		}
		return;
	}
	/* two passes, from k to tmp and back */
	for (unsigned shift = DF_SYM_BITS; shift < DF_SYM_BITS + 16; shift += 8) {
		unsigned at[256] = {0}, sum = 0;
		for (int i = 0; i < m; i++)
			at[from[i] >> shift & 255]++;
		for (unsigned b = 0; b < 256; b++) {
			unsigned c = at[b];
			at[b] = sum;
			sum += c;
		}
		for (int i = 0; i < m; i++)
			to[at[from[i] >> shift & 255]++] = from[i];
		uint32_t *t = from;
		from = to;
		to = t;
	}
}

/* Huffman code lengths for freq[0..n), n >= 2, none above limit, into
 * len; a code with fewer than two used symbols gets two, so that every
 * code is complete (some inflaters refuse other ones). */
static void df_lengths(const uint32_t *freq, int n, unsigned limit, uint8_t *len)
{
	/* nodes: leaves 0..m-1 (sorted by weight), internal ones after */
	uint32_t key[DF_NLITLEN], w[2 * DF_NLITLEN];
	int parent[2 * DF_NLITLEN];
	uint8_t depth[2 * DF_NLITLEN];
	int m = 0;

	memset(len, 0, (size_t)n);
	for (int i = 0; i < n; i++)
		if (freq[i])
			key[m++] = freq[i] << DF_SYM_BITS | (uint32_t)i;
	for (int i = 0; m < 2 && i < n; i++)
		if (!freq[i])
			key[m++] = 1u << DF_SYM_BITS | (uint32_t)i;
	df_sort(key, m);
	for (int i = 0; i < m; i++)
		w[i] = key[i] >> DF_SYM_BITS;
	for (;;) {
		unsigned maxlen = 0;
		/* two queues: the sorted leaves and the internal nodes, made in
		 * order of weight */
		int leaf = 0, node = m, made = m;
		for (int k = 0; k < m - 1; k++) {
			int pick[2];
			for (int t = 0; t < 2; t++) {
				if (leaf < m && (node >= made || w[leaf] <= w[node]))
					pick[t] = leaf++;
				else
					pick[t] = node++;
			}
			w[made] = w[pick[0]] + w[pick[1]];
			parent[pick[0]] = parent[pick[1]] = made;
			made++;
		}
		/* depths from the root (the last node) down */
		depth[made - 1] = 0;
		for (int i = made - 2; i >= 0; i--) {
			depth[i] = (uint8_t)(depth[parent[i]] + 1);
			if (i < m && depth[i] > maxlen)
				maxlen = depth[i];
		}
		if (maxlen <= limit) {
			for (int i = 0; i < m; i++)
				len[key[i] & ((1u << DF_SYM_BITS) - 1)] = depth[i];
			return;
		}
		/* too deep: flatten the weights, which stay sorted, and build
		 * again */
		for (int i = 0; i < m; i++)
			w[i] = w[i] / 2 + 1;
	}
}

/* Canonical codes of lengths len[0..n), bit-reversed for sending. */
static void df_codes(const uint8_t *len, int n, uint16_t *code)
{
	/* two counts, for even and odd symbols: runs of one length then do
	 * not wait on each other's stores */
	unsigned count[2][16] = {{0}}, next[16];
	unsigned c = 0;
	int i;

	for (i = 0; i + 1 < n; i += 2) {
		count[0][len[i]]++;
		count[1][len[i + 1]]++;
	}
	if (i < n)
		count[0][len[i]]++;
	count[0][0] = count[1][0] = 0;
	for (int b = 1; b < 16; b++) {
		c = (c + count[0][b - 1] + count[1][b - 1]) << 1;
		next[b] = c;
	}
	for (i = 0; i < n; i++) {
		unsigned l = len[i], v;
		if (!l)
			continue;
		v = next[l]++;
		v = (unsigned)df_rev8[v & 0xff] << 8 | df_rev8[v >> 8];
		code[i] = (uint16_t)(v >> (16 - l));
	}
}

/* Extra bits after code length symbol c: 16 repeats, 17 and 18 zeros. */
static unsigned df_clen_extra(unsigned c)
{
	return c == 16 ? 2 : c == 17 ? 3 : c == 18 ? 7 : 0;
}

/* One block of the symbols sym[0..nsym): a literal is its byte, a match
 * (length << 16 | distance).  lfreq and dfreq count its literals and
 * length codes, and its distance codes; lfreq[256] (the end of the block)
 * is set here. */
static void df_block(df_bits *b, const uint32_t *sym, size_t nsym, int last, uint32_t *lfreq,
                     const uint32_t *dfreq)
{
	uint32_t cfreq[DF_NCLEN] = {0};
	/* 288 and 32: the fixed codes' canonical order counts codes 286, 287,
	 * 30 and 31, which are never sent */
	uint8_t llen[DF_NLITLEN + 2], dlen[DF_NDIST + 2], clen[DF_NCLEN];
	uint16_t lcode[DF_NLITLEN + 2], dcode[DF_NDIST + 2], ccode[DF_NCLEN];
	int nl = DF_NLITLEN, nd = DF_NDIST;
	uint8_t all[DF_NLITLEN + DF_NDIST];
	uint8_t rle[DF_NLITLEN + DF_NDIST], rle_extra[DF_NLITLEN + DF_NDIST];
	size_t nrle = 0;
	uint64_t dyn_bits, fixed_bits = 0;
	int hlit, hdist, hclen;

	lfreq[256] = 1;
	df_lengths(lfreq, DF_NLITLEN, 15, llen);
	df_lengths(dfreq, DF_NDIST, 15, dlen);
	for (hlit = DF_NLITLEN; hlit > 257 && !llen[hlit - 1]; hlit--)
		;
	for (hdist = DF_NDIST; hdist > 1 && !dlen[hdist - 1]; hdist--)
		;
	/* the code lengths, run-length coded */
	memcpy(all, llen, (size_t)hlit);
	memcpy(all + hlit, dlen, (size_t)hdist);
	for (int i = 0, n = hlit + hdist; i < n;) {
		int v = all[i], run = 1;
		while (i + run < n && all[i + run] == v)
			run++;
		if (v == 0 && run >= 3) {
			int r = run > 138 ? 138 : run;
			rle[nrle] = r >= 11 ? 18 : 17;
			rle_extra[nrle++] = (uint8_t)(r >= 11 ? r - 11 : r - 3);
			i += r;
		} else if (v != 0 && run >= 4) {
			int r = run - 1 > 6 ? 6 : run - 1;
			rle[nrle] = (uint8_t)v;
			rle_extra[nrle++] = 0;
			rle[nrle] = 16;
			rle_extra[nrle++] = (uint8_t)(r - 3);
			i += 1 + r;
		} else {
			rle[nrle] = (uint8_t)v;
			rle_extra[nrle++] = 0;
			i++;
		}
	}
	for (size_t i = 0; i < nrle; i++)
		cfreq[rle[i]]++;
	df_lengths(cfreq, DF_NCLEN, 7, clen);
	for (hclen = DF_NCLEN; hclen > 4 && !clen[df_clen_order[hclen - 1]]; hclen--)
		;

	/* sizes of the block with these codes and with the fixed ones */
	dyn_bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)hclen;
	for (size_t i = 0; i < nrle; i++)
		dyn_bits += clen[rle[i]] + df_clen_extra(rle[i]);
	for (int s = 0; s < DF_NLITLEN; s++) {
		unsigned extra = s > 256 ? df_len_extra[s - 257] : 0;
		unsigned fl = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
		dyn_bits += (uint64_t)lfreq[s] * (llen[s] + extra);
		fixed_bits += (uint64_t)lfreq[s] * (fl + extra);
	}
	for (int s = 0; s < DF_NDIST; s++) {
		dyn_bits += (uint64_t)dfreq[s] * (dlen[s] + df_dist_extra[s]);
		fixed_bits += (uint64_t)dfreq[s] * (5 + df_dist_extra[s]);
	}
	fixed_bits += 3;

	df_put(b, (unsigned)last, 1);
	if (fixed_bits <= dyn_bits) {
		nl = DF_NLITLEN + 2;
		nd = DF_NDIST + 2;
		for (int s = 0; s < nl; s++)
			llen[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
		memset(dlen, 5, sizeof dlen);
		df_put(b, 1, 2);
	} else {
		df_put(b, 2, 2);
		df_put(b, (uint32_t)(hlit - 257), 5);
		df_put(b, (uint32_t)(hdist - 1), 5);
		df_put(b, (uint32_t)(hclen - 4), 4);
		for (int i = 0; i < hclen; i++)
			df_put(b, clen[df_clen_order[i]], 3);
		df_codes(clen, DF_NCLEN, ccode);
		for (size_t i = 0; i < nrle; i++) {
			df_put(b, ccode[rle[i]], clen[rle[i]]);
			if (rle[i] >= 16)
				df_put(b, rle_extra[i], df_clen_extra(rle[i]));
		}
	}
	df_codes(llen, nl, lcode);
	df_codes(dlen, nd, dcode);
	df_flush(b);
	/* Each symbol at most 48 bits (length code and extra 20, distance code
	 * and extra 28) onto the fewer than 8 pending: the whole bytes go out
	 * with one 8-byte store, which the room made before the block allows */
	uint64_t acc = b->acc;
	unsigned n = b->n;
	unsigned char *out = b->p;
	for (size_t i = 0; i < nsym; i++) {
		uint32_t s = sym[i];
		if (s < 256) {
			acc |= (uint64_t)lcode[s] << n;
			n += llen[s];
		} else {
			unsigned l = s >> 16, d = (s & 0xffff) - 1;
			unsigned lc = df_len_code[l], dc = df_dist_code(d);
			unsigned k = llen[257 + lc];
			acc |= (lcode[257 + lc] | (uint64_t)(l - df_len_base[lc]) << k) << n;
			n += k + df_len_extra[lc];
			k = dlen[dc];
			acc |= (dcode[dc] | (uint64_t)(d + 1 - df_dist_base[dc]) << k) << n;
			n += k + df_dist_extra[dc];
		}
		memcpy(out, &acc, 8);
		out += n >> 3;
		acc >>= n & ~7u;
		n &= 7;
	}
	b->acc = acc;
	b->n = n;
	b->p = out;
	df_put(b, lcode[256], llen[256]);
}

static uint32_t df_load32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* How many bytes a and c have the same, up to max. */
static unsigned df_same(const unsigned char *a, const unsigned char *c, unsigned n, unsigned max)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (n + 8 <= max) {
		uint64_t x, y;
		memcpy(&x, a + n, 8);
		memcpy(&y, c + n, 8);
		if (x != y)
			return n + (unsigned)__builtin_ctzll(x ^ y) / 8;
		n += 8;
	}
#endif
	while (n < max && a[n] == c[n])
		n++;
	return n;
}

static unsigned df_hash(uint32_t v)
{
	return (v * 2654435761u) >> (32 - EPUB_DEFLATE_HASH_BITS);
}

void epub_deflate(epub_deflater *d, const unsigned char *in, size_t len, epub_buf *out)
{
	df_bits b = {NULL, 0, 0};
	size_t p = 0;
	uint32_t lfreq[DF_NLITLEN], dfreq[DF_NDIST];
	/* in locals: the symbols' stores cannot then alias the table or pos */
	uint32_t *head = d->head, *sym = d->sym;
	const uint32_t base = d->pos;
	/* the positions from which four bytes can be read */
	const size_t end4 = len >= DF_MIN_MATCH ? len - DF_MIN_MATCH + 1 : 0;

	df_tables();
	if (!sym)
		sym = d->sym = epub_xmalloc(DF_BLOCK_SYMS * sizeof *sym);
	do {
		size_t nsym = 0;
		memset(lfreq, 0, sizeof lfreq);
		memset(dfreq, 0, sizeof dfreq);
		/* a block: match greedily until its symbols are full */
		while (p < end4 && nsym < DF_BLOCK_SYMS) {
			uint32_t v = df_load32(in + p);
			unsigned h = df_hash(v);
			uint32_t dist = base + (uint32_t)p - head[h];
			head[h] = base + (uint32_t)p;
			if (dist - 1 < DF_WINDOW && dist <= p && df_load32(in + p - dist) == v) {
				size_t left = len - p;
				unsigned max = left < DF_MAX_MATCH ? (unsigned)left : DF_MAX_MATCH;
				unsigned mlen = df_same(in + p - dist, in + p, DF_MIN_MATCH, max);
				sym[nsym++] = (uint32_t)mlen << 16 | dist;
				lfreq[257 + df_len_code[mlen]]++;
				dfreq[df_dist_code(dist - 1)]++;
				/* the match's last position, for the next ones */
				p += mlen;
				if (p - 1 < end4)
					head[df_hash(df_load32(in + p - 1))] = base + (uint32_t)(p - 1);
			} else {
				lfreq[in[p]]++;
				sym[nsym++] = in[p++];
			}
		}
		while (p < len && nsym < DF_BLOCK_SYMS) {
			lfreq[in[p]]++;
			sym[nsym++] = in[p++];
		}
		/* room for the block: at most 48 bits a symbol, and its header */
		if (out->cap - out->len < nsym * 6 + 1024) {
			size_t need = out->len + nsym * 6 + 1024;
			out->cap = need > out->cap * 2 ? need : out->cap * 2;
			out->s = epub_xrealloc(out->s, out->cap);
		}
		b.p = (unsigned char *)out->s + out->len;
		df_block(&b, sym, nsym, p == len, lfreq, dfreq);
		if (p == len)
			df_put(&b, 0, 7); /* the last byte's padding */
		df_flush(&b);
		/* whole bytes are out; the odd bits stay in b for the next block */
		out->len = (size_t)(b.p - (unsigned char *)out->s);
	} while (p < len);
	d->pos += (uint32_t)len;
}

void epub_deflater_free(epub_deflater *d)
{
	free(d->sym);
	d->sym = NULL;
}
