/*
 * fonts.c -- the handout's fonts: fontconfig narrowed to the families the
 * PDF asks for, when they cover every character of the document.
 *
 * pango sorts every installed font once per font description it meets
 * (a few hundred fonts, dozens of descriptions: sizes, weights, emoji),
 * which is a large part of a handout's time.  When the body, heading,
 * monospace, emoji and math families -- plus DejaVu Sans, the usual home
 * of symbols they lack -- hold a glyph for every character the document
 * and the writer's furniture can show, the current configuration becomes
 * the system's one with only those families accepted: same rules, same
 * choices among them, a short list to sort.  Otherwise (a character none
 * of them has, a family that is not installed and left to fontconfig's
 * substitution, an SVG picture whose text may want any font, or
 * pdf.font-fallback=system) nothing changes.
 *
 * In a narrowed conversion, fontconfig's rules still give each pattern
 * pango makes (one per family, weight, style and size) a hundred or so
 * fallback families, and pango matches and sorts the fonts against that
 * list twice for each.  Only the handful the narrowed fonts belong to can
 * match anything, so a hook drops the others after the rules have run:
 * the families kept are in the same order with the same binding, so every
 * font ranks as it did.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "pdf.h"

/* Characters the writer adds itself: list bullets, the wrap mark of
 * code, the legend's multiplication sign and spaces, the replacement
 * character, hyphens, the minus and radical sign of formulas.  (Task
 * boxes are drawn.)  tests/pdf/furniture.py checks the writer's sources
 * against this list. */
static const uint32_t fonts_furniture[] = {
	0x00d7, 0x2002, 0x2003, 0x2010, 0x2013, 0x2022, 0x2023, 0x21aa, 0x2212, 0x221a, 0xfffd,
};

#define FONTS_FALLBACK "DejaVu Sans"
#define FONTS_META_DEPTH 32

/* The distinct characters to check: a bit set over the BMP, a short list
 * beyond it. */
typedef struct {
	uint8_t bmp[0x10000 / 8];
	uint32_t *astral;
	size_t nastral, capastral;
	const char *giveup; /* why narrowing is off the table */
} fonts_need;

/* Characters that never need a glyph: controls, format characters
 * (joiners, tags, soft hyphen), variation selectors. */
static int fonts_ignorable(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 1;
	if ((c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef))
		return 1;
	GUnicodeType t = g_unichar_type(c);
	return t == G_UNICODE_FORMAT || t == G_UNICODE_CONTROL || t == G_UNICODE_SURROGATE ||
	       t == G_UNICODE_UNASSIGNED || t == G_UNICODE_PRIVATE_USE;
}

static void fonts_add(fonts_need *N, uint32_t c)
{
	if (c < 0x10000) {
		N->bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
		return;
	}
	for (size_t i = 0; i < N->nastral; i++)
		if (N->astral[i] == c)
			return;
	if (N->nastral == 4096) { /* a script of its own: leave it to fontconfig */
		N->giveup = "too many distinct characters";
		return;
	}
	if (N->nastral == N->capastral) {
		N->capastral = N->capastral ? N->capastral * 2 : 32;
		N->astral = pdf_xrealloc(N->astral, N->capastral * sizeof *N->astral);
	}
	N->astral[N->nastral++] = c;
}

/* Every character of s (UTF-8, invalid bytes stand for U+FFFD). */
static void fonts_scan(fonts_need *N, const char *s)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		gunichar c = g_utf8_get_char_validated((const char *)p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			fonts_add(N, 0xfffd);
			p++;
			continue;
		}
		p = (const unsigned char *)g_utf8_next_char(p);
		fonts_add(N, c);
	}
}

/* The strings of the metadata (keys aside), walked with a bounded stack. */
static void fonts_scan_meta(fonts_need *N, pcv_meta *root)
{
	struct {
		pcv_meta *m;
		size_t i;
	} st[FONTS_META_DEPTH];
	int top = 0;
	if (!root)
		return;
	st[0].m = root;
	st[0].i = 0;
	while (top >= 0) {
		pcv_meta *m = st[top].m;
		if (pcv_meta_kind_of(m) == PCV_META_STRING) {
			fonts_scan(N, pcv_meta_string(m));
			top--;
			continue;
		}
		if (st[top].i >= pcv_meta_count(m)) {
			top--;
			continue;
		}
		pcv_meta *child = pcv_meta_at(m, st[top].i++, NULL);
		if (!child)
			continue;
		if (top + 1 == FONTS_META_DEPTH) {
			N->giveup = "metadata nested too deep to read";
			return;
		}
		top++;
		st[top].m = child;
		st[top].i = 0;
	}
}

/* Does the picture's address (query and fragment aside) name an SVG? */
static int fonts_is_svg(const char *url)
{
	if (!url)
		return 0;
	size_t n = strcspn(url, "?#");
	return (n >= 4 && !g_ascii_strncasecmp(url + n - 4, ".svg", 4)) ||
	       (n >= 5 && !g_ascii_strncasecmp(url + n - 5, ".svgz", 5));
}

/* Collects what the document can show; NULL, or why narrowing is off the
 * table. */
static const char *fonts_collect(pdf_ctx *P, fonts_need *N)
{
	pcv_iter it;
	pcv_iter_init(&it, pcv_doc_root(P->doc));
	while (pcv_iter_next(&it) != PCV_EVENT_DONE) {
		if (it.event != PCV_EVENT_ENTER)
			continue;
		const pcv_node *n = it.node;
		if (pcv_node_type(n) == PCV_NODE_IMAGE && fonts_is_svg(pcv_node_url(n)))
			return "an SVG picture's text may want any font";
		fonts_scan(N, pcv_node_literal(n));
		fonts_scan(N, pcv_node_info(n));
		fonts_scan(N, pcv_node_label(n));
		fonts_scan(N, pcv_node_url(n));
		fonts_scan(N, pcv_node_title(n));
		if (N->giveup)
			break;
	}
	fonts_scan_meta(N, pcv_doc_meta(P->doc));
	for (uint32_t c = 0x20; c < 0x7f; c++)
		fonts_add(N, c);
	for (size_t i = 0; i < sizeof fonts_furniture / sizeof *fonts_furniture; i++)
		fonts_add(N, fonts_furniture[i]);
	return N->giveup;
}

/* Appends s to the XML buffer, escaped; 0 when it does not fit. */
static int fonts_xml(char *buf, size_t cap, size_t *len, const char *s, int escape)
{
	for (; *s; s++) {
		const char *r = NULL;
		if (escape && *s == '<')
			r = "&lt;";
		else if (escape && *s == '>')
			r = "&gt;";
		else if (escape && *s == '&')
			r = "&amp;";
		size_t n = r ? strlen(r) : 1;
		if (*len + n + 1 > cap)
			return 0;
		memcpy(buf + *len, r ? r : s, n);
		*len += n;
	}
	buf[*len] = 0;
	return 1;
}

/* Family names compare as fontconfig does: case and spaces aside. */
static int fonts_family_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

/* Does some font of the set belong to family? */
static int fonts_has_family(FcFontSet *set, const char *family)
{
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *f;
		for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &f) == FcResultMatch; k++)
			if (fonts_family_eq((const char *)f, family))
				return 1;
	}
	return 0;
}

/* Is c in some font of the set? */
static int fonts_covers(FcFontSet *set, uint32_t c)
{
	for (int i = 0; set && i < set->nfont; i++) {
		FcCharSet *cs;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
		    FcCharSetHasChar(cs, c))
			return 1;
	}
	return 0;
}

/* The first character no font of the set has, or 0. */
static uint32_t fonts_uncovered(FcFontSet *set, const fonts_need *N)
{
	for (uint32_t b = 0; b < 0x10000 / 8; b++) {
		if (!N->bmp[b])
			continue;
		for (uint32_t k = 0; k < 8; k++) {
			uint32_t c = b * 8 + k;
			if ((N->bmp[b] >> k & 1) && !fonts_ignorable(c) && !fonts_covers(set, c))
				return c;
		}
	}
	for (size_t i = 0; i < N->nastral; i++)
		if (!fonts_ignorable(N->astral[i]) && !fonts_covers(set, N->astral[i]))
			return N->astral[i];
	return 0;
}

/* The system's configuration with its fonts, plus the rules of the XML
 * text rules when not NULL; NULL when fontconfig fails.  It is read as
 * FcInitLoadConfig reads it less its second pass, over every file of the
 * folder of available configuration files (conf.avail), which only
 * gathers their descriptions for fc-conflist and costs nearly as much as
 * the configuration itself.  A system without a configuration file or a
 * cache folder is left to FcInitLoadConfig, which has a fallback and a
 * default for each. */
static FcConfig *fonts_load_config(const char *rules)
{
	FcConfig *cfg = FcConfigCreate();
	int cached = 0;
	if (cfg && FcConfigParseAndLoad(cfg, NULL, FcTrue)) {
		FcStrList *dirs = FcConfigGetCacheDirs(cfg);
		cached = dirs && FcStrListNext(dirs);
		if (dirs)
			FcStrListDone(dirs);
	}
	if (!cached) {
		if (cfg)
			FcConfigDestroy(cfg);
		cfg = FcInitLoadConfig();
	}
	if (cfg && ((rules && !FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)rules, FcFalse)) ||
	            !FcConfigBuildFonts(cfg))) {
		FcConfigDestroy(cfg);
		cfg = NULL;
	}
	return cfg;
}

/* The system's configuration with only families accepted, or NULL. */
static FcConfig *fonts_config(const char *const *families, size_t n)
{
	char xml[4096];
	size_t len = 0;
	int ok = fonts_xml(xml, sizeof xml, &len,
	                   "<?xml version=\"1.0\"?><fontconfig><selectfont><acceptfont>", 0);
	for (size_t i = 0; ok && i < n; i++)
		ok = fonts_xml(xml, sizeof xml, &len, "<pattern><patelt name=\"family\"><string>", 0) &&
		     fonts_xml(xml, sizeof xml, &len, families[i], 1) &&
		     fonts_xml(xml, sizeof xml, &len, "</string></patelt></pattern>", 0);
	ok = ok && fonts_xml(xml, sizeof xml, &len,
	                     "</acceptfont><rejectfont><pattern/></rejectfont></selectfont></fontconfig>", 0);
	return ok ? fonts_load_config(xml) : NULL;
}

/* The configurations this file makes, kept for the later conversions of
 * the process (a program using libpaissconv, a fuzzer): the narrowed one
 * with the families it was made for, and the system's full one, made only
 * to replace a narrowed one that is current.  fontconfig's current
 * configuration is the process's, so PDF conversions of one process must
 * not run at the same time. */
static struct {
	FcConfig *narrowed, *full, *current; /* current: the one of ours set last */
	char *key;                           /* the families of narrowed */
} fonts_state;

/* Makes the system's full configuration current again after a narrowed
 * one; a process that never narrowed keeps whatever is current. */
static void fonts_use_full(void)
{
	if (!fonts_state.current || fonts_state.current == fonts_state.full)
		return;
	if (!fonts_state.full)
		fonts_state.full = fonts_load_config(NULL);
	if (fonts_state.full && FcConfigSetCurrent(fonts_state.full))
		fonts_state.current = fonts_state.full;
}

/* The narrowed configuration for these families: the one made before when
 * they are the same, else a new one; NULL when fontconfig fails. */
static FcConfig *fonts_narrowed(const char *const *fam, size_t nfam)
{
	char key[1024];
	size_t len = 0;
	key[0] = 0;
	for (size_t i = 0; i < nfam; i++)
		if (!fonts_xml(key, sizeof key, &len, fam[i], 0) || !fonts_xml(key, sizeof key, &len, "\n", 0))
			return NULL;
	if (fonts_state.narrowed && !strcmp(fonts_state.key, key))
		return fonts_state.narrowed;
	FcConfig *cfg = fonts_config(fam, nfam);
	if (!cfg)
		return NULL;
	char *k = strdup(key);
	if (!k) {
		FcConfigDestroy(cfg);
		return NULL;
	}
	if (fonts_state.narrowed) {
		/* when current, it lives on as such until another is set */
		FcConfigDestroy(fonts_state.narrowed);
		free(fonts_state.key);
	}
	fonts_state.narrowed = cfg;
	fonts_state.key = k;
	return cfg;
}

int pdf_fonts_narrow(pdf_ctx *P)
{
	const char *mode = pcv_option_string(P->ctx, "pdf.font-fallback");
	if (mode && strcmp(mode, "system") && strcmp(mode, "handout"))
		pcv_report(P->ctx, PCV_WARNING, NULL, 0, 0,
		           "pdf.font-fallback=%s: expected handout or system; using handout", mode);
	const char *fam[] = {P->o.font, P->o.heading_font, P->o.mono_font, P->o.emoji_font,
	                     P->o.math_font, FONTS_FALLBACK};
	const size_t nfam = sizeof fam / sizeof *fam;
	const char *why = NULL, *absent = NULL;
	uint32_t miss = 0;
	FcConfig *cfg = NULL;
	FcFontSet *set = NULL;
	fonts_need *N = NULL;
	if (mode && !strcmp(mode, "system"))
		why = "pdf.font-fallback=system";
	for (size_t i = 0; !why && i < nfam; i++)
		if (!fam[i] || !*fam[i])
			why = "a font family option is empty";
	if (!why && !(N = calloc(1, sizeof *N)))
		why = "out of memory";
	if (!why)
		why = fonts_collect(P, N);
	if (!why && (!(cfg = fonts_narrowed(fam, nfam)) || !(set = FcConfigGetFonts(cfg, FcSetSystem))))
		why = "fontconfig could not make the narrowed configuration";
	for (size_t i = 0; !why && !absent && i + 1 < nfam; i++)
		if (!fonts_has_family(set, fam[i]))
			absent = fam[i];
	if (!why && !absent)
		miss = fonts_uncovered(set, N);
	if (N)
		free(N->astral);
	free(N);
	if (!why && !absent && !miss &&
	    (fonts_state.current == cfg || FcConfigSetCurrent(cfg))) {
		fonts_state.current = cfg;
		pcv_report(P->ctx, PCV_INFO, NULL, 0, 0,
		           "pdf: fonts: searching only the handout's families (%d fonts)", set->nfont);
		return 1;
	}
	fonts_use_full();
	if (absent)
		pcv_report(P->ctx, PCV_INFO, NULL, 0, 0,
		           "pdf: fonts: no font of the family %s; searching every installed font", absent);
	else if (miss)
		pcv_report(P->ctx, PCV_INFO, NULL, 0, 0,
		           "pdf: fonts: U+%04X is in none of the handout's families; searching every "
		           "installed font", (unsigned)miss);
	else
		pcv_report(P->ctx, PCV_INFO, NULL, 0, 0, "pdf: fonts: searching every installed font (%s)",
		           why ? why : "fontconfig refused the narrowed configuration");
	return 0;
}

/* The families of the current narrowed configuration's fonts. */
typedef struct {
	char **name;
	size_t n;
	int wide; /* a name beyond ASCII, which fonts_family_eq cannot fold */
} fonts_families;

static int fonts_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void fonts_families_free(gpointer data)
{
	fonts_families *F = data;
	for (size_t i = 0; i < F->n; i++)
		g_free(F->name[i]);
	g_free(F->name);
	g_free(F);
}

/* Could family match a font of F?  Yes unless both are ASCII and differ
 * as fontconfig compares family names. */
static int fonts_may_match(const fonts_families *F, const char *family)
{
	if (F->wide || !fonts_ascii(family))
		return 1;
	for (size_t i = 0; i < F->n; i++)
		if (fonts_family_eq(family, F->name[i]))
			return 1;
	return 0;
}

/* pango's hook, run on each pattern after the configuration's rules. */
static void fonts_trim(FcPattern *pat, gpointer data)
{
	FcChar8 *f;
	for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &f) == FcResultMatch;)
		if (fonts_may_match(data, (const char *)f))
			i++;
		else
			FcPatternRemove(pat, FC_FAMILY, i);
}

FcPattern *pdf_fonts_match(const char *family, hb_face_t **face)
{
	*face = NULL;
	FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, (char *)0);
	if (!pat)
		return NULL;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	FcChar8 *file = NULL;
	int index = 0;
	if (!m || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
		return m;
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
	if (blob) {
		*face = hb_face_create(blob, (unsigned)index);
		hb_blob_destroy(blob);
	}
	return m;
}

void pdf_fonts_trim(PangoFontMap *fontmap)
{
	FcFontSet *set = fonts_state.current ? FcConfigGetFonts(fonts_state.current, FcSetSystem) : NULL;
	if (!set || !PANGO_IS_FC_FONT_MAP(fontmap))
		return;
	fonts_families *F = g_new0(fonts_families, 1);
	for (int i = 0; i < set->nfont; i++) {
		FcChar8 *f;
		for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &f) == FcResultMatch; k++) {
			const char *name = (const char *)f;
			size_t j = 0;
			while (j < F->n && strcmp(F->name[j], name))
				j++;
			if (j < F->n)
				continue;
			F->name = g_renew(char *, F->name, F->n + 1);
			F->name[F->n++] = g_strdup(name);
			F->wide |= !fonts_ascii(name);
		}
	}
	pango_fc_font_map_set_default_substitute(PANGO_FC_FONT_MAP(fontmap), fonts_trim, F,
	                                         fonts_families_free);
}

/* Whether hf draws every figure differently with the feature sups on. */
static int fonts_sups_figures(hb_font_t *hf)
{
	hb_feature_t sups = {HB_TAG('s', 'u', 'p', 's'), 1, HB_FEATURE_GLOBAL_START,
	                     HB_FEATURE_GLOBAL_END};
	hb_codepoint_t plain[10];
	int ok = 1;
	hb_buffer_t *buf = hb_buffer_create();
	for (int pass = 0; pass < 2 && ok; pass++) {
		hb_buffer_clear_contents(buf);
		hb_buffer_add_utf8(buf, "0123456789", 10, 0, 10);
		hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
		hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
		hb_shape(hf, buf, pass ? &sups : NULL, pass ? 1 : 0);
		unsigned n;
		hb_glyph_info_t *g = hb_buffer_get_glyph_infos(buf, &n);
		ok = n == 10;
		for (unsigned i = 0; ok && i < n; i++)
			if (pass)
				ok = g[i].codepoint && g[i].codepoint != plain[i];
			else
				plain[i] = g[i].codepoint;
	}
	hb_buffer_destroy(buf);
	return ok;
}

int pdf_fonts_sups(pdf_ctx *P, int style)
{
	if (!P->sups[style]) {
		PangoFont *pf = pango_font_map_load_font(P->fontmap, P->pango, P->fonts[style]);
		hb_font_t *hf = pf ? pango_font_get_hb_font(pf) : NULL;
		P->sups[style] = hf && fonts_sups_figures(hf) ? 1 : -1;
		if (pf)
			g_object_unref(pf);
	}
	return P->sups[style] > 0;
}
