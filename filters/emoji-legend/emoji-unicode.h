/*
 * emoji-unicode.h -- emoji properties, grapheme clusters and CLDR names
 * for the emoji-legend filter, from the tables generated out of Unicode's
 * emoji data files (emoji-tables.h).
 */
#ifndef EMOJI_UNICODE_H
#define EMOJI_UNICODE_H

#include <stddef.h>
#include <stdint.h>

#define EMOJI_VS15 0xFE0E /* text presentation selector */
#define EMOJI_VS16 0xFE0F /* emoji presentation selector */
#define EMOJI_ZWJ 0x200D
#define EMOJI_KEYCAP 0x20E3

/* Property bits of a code point. */
enum {
	EMOJI_P_EMOJI = 0x1,
	EMOJI_P_PRESENTATION = 0x2,
	EMOJI_P_MODIFIER = 0x4,
	EMOJI_P_MODIFIER_BASE = 0x8,
	EMOJI_P_COMPONENT = 0x10,
	EMOJI_P_PICTOGRAPHIC = 0x20
};

unsigned emoji_props(uint32_t cp);

/* The grapheme cluster starting at s[0] (len > 0 bytes): its length in
 * bytes; its code points go to cps (at most max of them, *ncps set to the
 * number stored).  Bytes that are not UTF-8 make a cluster of one byte
 * with no code points. */
size_t emoji_cluster(const char *s, size_t len, uint32_t *cps, size_t max, size_t *ncps);

/* Whether a cluster is shown as an emoji (see README.md for the rules).
 * `loose` also accepts text-default characters that are Emoji=Yes (used for
 * legend markers the user declared). */
int emoji_is_emoji(const uint32_t *cps, size_t n, int loose);

/* The matching key of a cluster: its code points without presentation
 * selectors and skin-tone modifiers, as UTF-8 into buf (NUL-terminated;
 * buf holds at least 4 * n + 1 bytes).  Returns the key's length. */
size_t emoji_key(const uint32_t *cps, size_t n, char *buf);

/* A name index; NULL-safe.  emoji_names_new is cheap: the sequences are
 * searched in a sorted table, the shortcode index is built on first use. */
typedef struct emoji_names emoji_names;
emoji_names *emoji_names_new(void);
void emoji_names_free(emoji_names *names);
/* The CLDR short name of a cluster: exact sequence, else without VS16,
 * else the first code point.  NULL when unknown. */
const char *emoji_name(emoji_names *names, const uint32_t *cps, size_t n);
/* The fully-qualified emoji (UTF-8, static storage: written into buf of at
 * least 64 bytes) whose short name matches `code` (len bytes, without the
 * colons); names are compared case-, accent- and separator-insensitively:
 * "thumbs_up", "Thumbs-Up" and "thumbs up" are one.  NULL when none. */
const char *emoji_from_shortcode(emoji_names *names, const char *code, size_t len, char *buf);

/* Encodes cp as UTF-8 into buf; returns the byte count (1..4). */
size_t emoji_utf8(uint32_t cp, char *buf);

const char *emoji_data_version(void);

#endif
