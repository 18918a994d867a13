/*
 * html-normalize.c -- puts HTML in a normal form for comparison, with the
 * effect of cmark's test/normalize.py (which runs Python's HTMLParser):
 *
 *  - white space runs in text become one space, except inside <pre>;
 *  - white space is dropped before and after block-level tags, and after
 *    a <br>'s line end;
 *  - tag and attribute names are lower-cased, attributes sorted by name,
 *    values written in double quotes with & < > " ' escaped;
 *    "<br />" and "<br>" are the same;
 *  - character references (&#65; &#x41; and the named ones of HTML 4) are
 *    replaced by the characters, except that & < > " stay escaped;
 *  - comments, declarations, processing instructions and CDATA are kept.
 *
 * This is a reading of what normalize.py does, written afresh; both the
 * expected and the actual HTML go through the same function, so where it
 * differs from Python in corner cases both sides are affected alike.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html-normalize.h"

static void *norm_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("html-normalize: out of memory\n", stderr);
		abort();
	}
	return p;
}

void norm_buf_add(norm_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->data = norm_xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void norm_buf_adds(norm_buf *b, const char *s)
{
	norm_buf_add(b, s, strlen(s));
}

void norm_buf_free(norm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* The named character references Python's html.entities.name2codepoint
 * knows (HTML 4), sorted for bsearch. */
static const struct norm_entity {
	const char *name;
	unsigned cp;
} norm_entities[] = {
	{"AElig", 198}, {"Aacute", 193}, {"Acirc", 194}, {"Agrave", 192}, {"Alpha", 913},
	{"Aring", 197}, {"Atilde", 195}, {"Auml", 196}, {"Beta", 914}, {"Ccedil", 199}, {"Chi", 935},
	{"Dagger", 8225}, {"Delta", 916}, {"ETH", 208}, {"Eacute", 201}, {"Ecirc", 202},
	{"Egrave", 200}, {"Epsilon", 917}, {"Eta", 919}, {"Euml", 203}, {"Gamma", 915},
	{"Iacute", 205}, {"Icirc", 206}, {"Igrave", 204}, {"Iota", 921}, {"Iuml", 207},
	{"Kappa", 922}, {"Lambda", 923}, {"Mu", 924}, {"Ntilde", 209}, {"Nu", 925}, {"OElig", 338},
	{"Oacute", 211}, {"Ocirc", 212}, {"Ograve", 210}, {"Omega", 937}, {"Omicron", 927},
	{"Oslash", 216}, {"Otilde", 213}, {"Ouml", 214}, {"Phi", 934}, {"Pi", 928}, {"Prime", 8243},
	{"Psi", 936}, {"Rho", 929}, {"Scaron", 352}, {"Sigma", 931}, {"THORN", 222}, {"Tau", 932},
	{"Theta", 920}, {"Uacute", 218}, {"Ucirc", 219}, {"Ugrave", 217}, {"Upsilon", 933},
	{"Uuml", 220}, {"Xi", 926}, {"Yacute", 221}, {"Yuml", 376}, {"Zeta", 918}, {"aacute", 225},
	{"acirc", 226}, {"acute", 180}, {"aelig", 230}, {"agrave", 224}, {"alefsym", 8501},
	{"alpha", 945}, {"amp", 38}, {"and", 8743}, {"ang", 8736}, {"aring", 229}, {"asymp", 8776},
	{"atilde", 227}, {"auml", 228}, {"bdquo", 8222}, {"beta", 946}, {"brvbar", 166},
	{"bull", 8226}, {"cap", 8745}, {"ccedil", 231}, {"cedil", 184}, {"cent", 162}, {"chi", 967},
	{"circ", 710}, {"clubs", 9827}, {"cong", 8773}, {"copy", 169}, {"crarr", 8629}, {"cup", 8746},
	{"curren", 164}, {"dArr", 8659}, {"dagger", 8224}, {"darr", 8595}, {"deg", 176},
	{"delta", 948}, {"diams", 9830}, {"divide", 247}, {"eacute", 233}, {"ecirc", 234},
	{"egrave", 232}, {"empty", 8709}, {"emsp", 8195}, {"ensp", 8194}, {"epsilon", 949},
	{"equiv", 8801}, {"eta", 951}, {"eth", 240}, {"euml", 235}, {"euro", 8364}, {"exist", 8707},
	{"fnof", 402}, {"forall", 8704}, {"frac12", 189}, {"frac14", 188}, {"frac34", 190},
	{"frasl", 8260}, {"gamma", 947}, {"ge", 8805}, {"gt", 62}, {"hArr", 8660}, {"harr", 8596},
	{"hearts", 9829}, {"hellip", 8230}, {"iacute", 237}, {"icirc", 238}, {"iexcl", 161},
	{"igrave", 236}, {"image", 8465}, {"infin", 8734}, {"int", 8747}, {"iota", 953},
	{"iquest", 191}, {"isin", 8712}, {"iuml", 239}, {"kappa", 954}, {"lArr", 8656},
	{"lambda", 955}, {"lang", 9001}, {"laquo", 171}, {"larr", 8592}, {"lceil", 8968},
	{"ldquo", 8220}, {"le", 8804}, {"lfloor", 8970}, {"lowast", 8727}, {"loz", 9674},
	{"lrm", 8206}, {"lsaquo", 8249}, {"lsquo", 8216}, {"lt", 60}, {"macr", 175}, {"mdash", 8212},
	{"micro", 181}, {"middot", 183}, {"minus", 8722}, {"mu", 956}, {"nabla", 8711}, {"nbsp", 160},
	{"ndash", 8211}, {"ne", 8800}, {"ni", 8715}, {"not", 172}, {"notin", 8713}, {"nsub", 8836},
	{"ntilde", 241}, {"nu", 957}, {"oacute", 243}, {"ocirc", 244}, {"oelig", 339},
	{"ograve", 242}, {"oline", 8254}, {"omega", 969}, {"omicron", 959}, {"oplus", 8853},
	{"or", 8744}, {"ordf", 170}, {"ordm", 186}, {"oslash", 248}, {"otilde", 245},
	{"otimes", 8855}, {"ouml", 246}, {"para", 182}, {"part", 8706}, {"permil", 8240},
	{"perp", 8869}, {"phi", 966}, {"pi", 960}, {"piv", 982}, {"plusmn", 177}, {"pound", 163},
	{"prime", 8242}, {"prod", 8719}, {"prop", 8733}, {"psi", 968}, {"quot", 34}, {"rArr", 8658},
	{"radic", 8730}, {"rang", 9002}, {"raquo", 187}, {"rarr", 8594}, {"rceil", 8969},
	{"rdquo", 8221}, {"real", 8476}, {"reg", 174}, {"rfloor", 8971}, {"rho", 961}, {"rlm", 8207},
	{"rsaquo", 8250}, {"rsquo", 8217}, {"sbquo", 8218}, {"scaron", 353}, {"sdot", 8901},
	{"sect", 167}, {"shy", 173}, {"sigma", 963}, {"sigmaf", 962}, {"sim", 8764}, {"spades", 9824},
	{"sub", 8834}, {"sube", 8838}, {"sum", 8721}, {"sup", 8835}, {"sup1", 185}, {"sup2", 178},
	{"sup3", 179}, {"supe", 8839}, {"szlig", 223}, {"tau", 964}, {"there4", 8756}, {"theta", 952},
	{"thetasym", 977}, {"thinsp", 8201}, {"thorn", 254}, {"tilde", 732}, {"times", 215},
	{"trade", 8482}, {"uArr", 8657}, {"uacute", 250}, {"uarr", 8593}, {"ucirc", 251},
	{"ugrave", 249}, {"uml", 168}, {"upsih", 978}, {"upsilon", 965}, {"uuml", 252},
	{"weierp", 8472}, {"xi", 958}, {"yacute", 253}, {"yen", 165}, {"yuml", 255}, {"zeta", 950},
	{"zwj", 8205}, {"zwnj", 8204},
};

static int norm_entity_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct norm_entity *)e)->name);
}

static long norm_entity(const char *name)
{
	const struct norm_entity *e =
		bsearch(name, norm_entities, sizeof norm_entities / sizeof *norm_entities,
		        sizeof *norm_entities, norm_entity_cmp);
	return e ? (long)e->cp : -1;
}

static void norm_utf8(norm_buf *b, unsigned long c)
{
	char s[4];

	if (c < 0x80) {
		s[0] = (char)c;
		norm_buf_add(b, s, 1);
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		norm_buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		norm_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		norm_buf_add(b, s, 4);
	}
}

/* Length of the white-space character at s (Python's str.isspace), or 0. */
static size_t norm_space(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!len)
		return 0;
	if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r') || (u[0] >= 0x1C && u[0] <= 0x1F))
		return 1;
	if (len >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (len >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;
	if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* Length of trailing white space of s. */
static size_t norm_trailing_space(const char *s, size_t len)
{
	size_t n = 0;

	for (;;) {
		size_t k;

		for (k = 1; k <= 3 && k <= len - n; k++)
			if (norm_space(s + len - n - k, k) == k)
				break;
		if (k > 3 || k > len - n)
			return n;
		n += k;
	}
}

static void norm_rstrip(norm_buf *b)
{
	b->len -= norm_trailing_space(b->data, b->len);
	if (b->data)
		b->data[b->len] = '\0';
}

enum norm_last { LAST_STARTTAG, LAST_ENDTAG, LAST_DATA, LAST_REF, LAST_OTHER };

typedef struct norm_state {
	norm_buf *out;
	enum norm_last last;
	char last_tag[32];
	int in_pre;
} norm_state;

static int norm_is_block(const char *tag)
{
	static const char *const blocks[] = {
		"article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li",
		"map", "button", "object", "canvas", "ol", "caption", "output", "col", "p",
		"colgroup", "pre", "dd", "progress", "section", "dir", "table", "dl", "tbody", "dt",
		"td", "div", "tfoot", "embed", "fieldset", "th", "figcaption", "thead", "figure",
		"tr", "footer", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "video", "script",
		"style", NULL
	};

	for (const char *const *b = blocks; *b; b++)
		if (strcmp(*b, tag) == 0)
			return 1;
	return 0;
}

/* One piece of text, as handle_data sees it. */
static void norm_data(norm_state *st, const char *s, size_t len)
{
	int after_tag = st->last == LAST_STARTTAG || st->last == LAST_ENDTAG;
	int after_block = after_tag && norm_is_block(st->last_tag);
	norm_buf tmp = {0};
	size_t i = 0, k;

	if (after_tag && strcmp(st->last_tag, "br") == 0)
		while (len && *s == '\n') {
			s++;
			len--;
		}
	if (!st->in_pre) {
		while (i < len) {
			if ((k = norm_space(s + i, len - i)) != 0) {
				while ((k = norm_space(s + i, len - i)) != 0)
					i += k;
				norm_buf_add(&tmp, " ", 1);
			} else {
				norm_buf_add(&tmp, s + i, 1);
				i++;
			}
		}
	} else {
		norm_buf_add(&tmp, s, len);
	}
	s = tmp.data ? tmp.data : "";
	len = tmp.len;
	if (after_block && !st->in_pre) {
		while ((k = norm_space(s, len)) != 0) {
			s += k;
			len -= k;
		}
		if (st->last == LAST_ENDTAG)
			len -= norm_trailing_space(s, len);
	}
	norm_buf_add(st->out, s, len);
	norm_buf_free(&tmp);
	st->last = LAST_DATA;
}

static void norm_char(norm_buf *b, unsigned long c)
{
	switch (c) {
	case '<':
		norm_buf_adds(b, "&lt;");
		break;
	case '>':
		norm_buf_adds(b, "&gt;");
		break;
	case '&':
		norm_buf_adds(b, "&amp;");
		break;
	case '"':
		norm_buf_adds(b, "&quot;");
		break;
	default:
		norm_utf8(b, c);
	}
}

/* A character reference at s[0] == '&': its code point in *cp (-1 when it
 * names nothing known), returns its length, or 0 when it is none. */
static size_t norm_ref(const char *s, size_t len, long *cp)
{
	size_t i = 1;

	if (len >= 3 && s[1] == '#') {
		unsigned long v = 0;
		int hex = s[2] == 'x' || s[2] == 'X';
		size_t d0;

		i = hex ? 3 : 2;
		d0 = i;
		while (i < len && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]))) {
			if (v < 0x110000)
				v = v * (hex ? 16 : 10) +
				    (unsigned long)(isdigit((unsigned char)s[i]) ? s[i] - '0' :
				                                                   tolower((unsigned char)s[i]) - 'a' + 10);
			i++;
		}
		if (i == d0)
			return 0;
		*cp = v < 0x110000 && !(v >= 0xD800 && v <= 0xDFFF) ? (long)v : -1;
		return i < len && s[i] == ';' ? i + 1 : i;
	}
	if (len < 2 || !isalpha((unsigned char)s[1]))
		return 0;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.'))
		i++;
	{
		char name[40];
		size_t n = i - 1 < sizeof name - 1 ? i - 1 : sizeof name - 1;

		memcpy(name, s + 1, n);
		name[n] = '\0';
		*cp = i - 1 < sizeof name - 1 ? norm_entity(name) : -1;
	}
	return i < len && s[i] == ';' ? i + 1 : i;
}

/* Text up to the next tag: data pieces split at references. */
static void norm_text(norm_state *st, const char *s, size_t len)
{
	size_t i = 0, start = 0;

	while (i < len) {
		size_t n;
		long cp;

		if (s[i] != '&') {
			i++;
			continue;
		}
		if (i > start)
			norm_data(st, s + start, i - start);
		n = norm_ref(s + i, len - i, &cp);
		if (!n) {
			norm_data(st, "&", 1);
			i = start = i + 1;
			continue;
		}
		if (cp >= 0) {
			norm_char(st->out, (unsigned long)cp);
		} else {
			/* unknown: kept, written with its ';' as normalize.py does */
			norm_buf_add(st->out, s + i, n);
			if (s[i + n - 1] != ';')
				norm_buf_add(st->out, ";", 1);
		}
		st->last = LAST_REF;
		i = start = i + n;
	}
	if (len > start)
		norm_data(st, s + start, len - start);
}

typedef struct norm_attr {
	char *name;
	char *value;  /* NULL: no value */
} norm_attr;

static int norm_attr_cmp(const void *a, const void *b)
{
	const norm_attr *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (!x->value || !y->value)
		return !x->value ? (y->value ? -1 : 0) : 1;
	return strcmp(x->value, y->value);
}

/* An attribute value with references replaced, then escaped the way
 * Python's html.escape(quote=True) does. */
static void norm_attr_value(norm_buf *b, const char *s, size_t len)
{
	norm_buf raw = {0};
	size_t i = 0;

	while (i < len) {
		long cp;
		size_t n;

		if (s[i] == '&' && (n = norm_ref(s + i, len - i, &cp)) != 0 && cp >= 0) {
			norm_utf8(&raw, (unsigned long)cp);
			i += n;
		} else {
			norm_buf_add(&raw, s + i, 1);
			i++;
		}
	}
	for (i = 0; i < raw.len; i++) {
		switch (raw.data[i]) {
		case '&':
			norm_buf_adds(b, "&amp;");
			break;
		case '<':
			norm_buf_adds(b, "&lt;");
			break;
		case '>':
			norm_buf_adds(b, "&gt;");
			break;
		case '"':
			norm_buf_adds(b, "&quot;");
			break;
		case '\'':
			norm_buf_adds(b, "&#x27;");
			break;
		default:
			norm_buf_add(b, raw.data + i, 1);
		}
	}
	norm_buf_free(&raw);
}

static char *norm_lower(const char *s, size_t len)
{
	char *r = norm_xrealloc(NULL, len + 1);

	for (size_t i = 0; i < len; i++)
		r[i] = (char)tolower((unsigned char)s[i]);
	r[len] = '\0';
	return r;
}

static int norm_name_end(char c)
{
	return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ' ' || c == '/' ||
	       c == '>' || c == '\0';
}

/* A start tag s[0..len) (from '<' to '>' included). */
static void norm_starttag(norm_state *st, const char *s, size_t len)
{
	norm_attr *attrs = NULL;
	size_t nattrs = 0, i = 1, k;
	int selfclose = len >= 3 && s[len - 2] == '/';
	char *tag;

	while (i < len && !norm_name_end(s[i]))
		i++;
	tag = norm_lower(s + 1, i - 1);
	while (i < len - 1) {
		size_t a0, a1, v0 = 0, v1 = 0;
		int hasval = 0;

		while (i < len - 1 && (isspace((unsigned char)s[i]) || s[i] == '/'))
			i++;
		if (i >= len - 1)
			break;
		a0 = i;
		while (i < len - 1 && !isspace((unsigned char)s[i]) && s[i] != '/' && s[i] != '=')
			i++;
		if (i == a0)
			i++;
		a1 = i;
		k = i;
		while (k < len - 1 && isspace((unsigned char)s[k]))
			k++;
		if (k < len - 1 && s[k] == '=') {
			hasval = 1;
			i = k + 1;
			while (i < len - 1 && isspace((unsigned char)s[i]))
				i++;
			if (i < len - 1 && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];

				v0 = i;
				while (i < len - 1 && s[i] != q)
					i++;
				v1 = i;
				if (i < len - 1)
					i++;
			} else {
				v0 = i;
				while (i < len - 1 && !isspace((unsigned char)s[i]))
					i++;
				v1 = i;
			}
		}
		attrs = norm_xrealloc(attrs, (nattrs + 1) * sizeof *attrs);
		attrs[nattrs].name = norm_lower(s + a0, a1 - a0);
		attrs[nattrs].value = NULL;
		if (hasval) {
			norm_buf v = {0};

			norm_attr_value(&v, s + v0, v1 - v0);
			attrs[nattrs].value = v.data ? v.data : norm_lower("", 0);
		}
		nattrs++;
	}
	if (strcmp(tag, "pre") == 0)
		st->in_pre = 1;
	if (norm_is_block(tag))
		norm_rstrip(st->out);
	norm_buf_adds(st->out, "<");
	norm_buf_adds(st->out, tag);
	if (nattrs)
		qsort(attrs, nattrs, sizeof *attrs, norm_attr_cmp);
	for (k = 0; k < nattrs; k++) {
		norm_buf_adds(st->out, " ");
		norm_buf_adds(st->out, attrs[k].name);
		if (attrs[k].value) {
			norm_buf_adds(st->out, "=\"");
			norm_buf_adds(st->out, attrs[k].value);
			norm_buf_adds(st->out, "\"");
		}
		free(attrs[k].name);
		free(attrs[k].value);
	}
	free(attrs);
	norm_buf_adds(st->out, ">");
	snprintf(st->last_tag, sizeof st->last_tag, "%s", tag);
	st->last = selfclose ? LAST_ENDTAG : LAST_STARTTAG;
	free(tag);
}

static void norm_endtag(norm_state *st, const char *name, size_t len)
{
	char *tag = norm_lower(name, len);

	if (strcmp(tag, "pre") == 0)
		st->in_pre = 0;
	else if (norm_is_block(tag))
		norm_rstrip(st->out);
	norm_buf_adds(st->out, "</");
	norm_buf_adds(st->out, tag);
	norm_buf_adds(st->out, ">");
	snprintf(st->last_tag, sizeof st->last_tag, "%s", tag);
	st->last = LAST_ENDTAG;
	free(tag);
}

static const char *norm_find(const char *s, size_t len, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, what, n) == 0)
			return s + i;
	return NULL;
}

/* The end of a start tag at s[0] == '<' (index after '>'), quotes
 * respected, or 0. */
static size_t norm_tag_end(const char *s, size_t len)
{
	char quote = 0;
	size_t i = 1;

	while (i < len && !norm_name_end(s[i]))
		i++;
	for (; i < len; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if ((s[i] == '"' || s[i] == '\'') && s[i - 1] == '=') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return 0;
}

void html_normalize(const char *s, size_t len, norm_buf *out)
{
	norm_state st = {out, LAST_STARTTAG, "", 0};
	size_t i = 0;

	norm_buf_add(out, "", 0);
	while (i < len) {
		const char *e;
		size_t j;

		if (s[i] != '<') {
			for (j = i; j < len && s[j] != '<'; j++)
				;
			norm_text(&st, s + i, j - i);
			i = j;
			continue;
		}
		if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0 &&
		    (e = norm_find(s + i, len - i, "]]>")) != NULL) {
			j = (size_t)(e - s) + 3;
			norm_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0 &&
		    (e = norm_find(s + i + 4, len - i - 4, "-->")) != NULL) {
			j = (size_t)(e - s) + 3;
			norm_buf_add(out, s + i, j - i);
			st.last = LAST_OTHER;
			i = j;
			continue;
		}
		if (!memchr(s + i, '>', len - i)) {
			/* no '>' follows: normalize.py's chunking drops the '<' */
			i++;
			continue;
		}
		if (len - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?') &&
		    (e = memchr(s + i, '>', len - i)) != NULL) {
			j = (size_t)(e - s) + 1;
			if (s[i + 1] == '!' && s[i + 2] != '[' &&
			    !(len - i >= 9 && strncasecmp(s + i + 2, "doctype", 7) == 0)) {
				/* any other <!...> is a bogus comment to HTMLParser */
				norm_buf_add(out, "<!--", 4);
				norm_buf_add(out, s + i + 2, j - i - 3);
				norm_buf_add(out, "-->", 3);
			} else {
				norm_buf_add(out, s + i, j - i);
			}
			st.last = LAST_OTHER;
			i = j;
			continue;
		}
		if (len - i >= 3 && s[i + 1] == '/' && isalpha((unsigned char)s[i + 2]) &&
		    (e = memchr(s + i, '>', len - i)) != NULL) {
			size_t n = 2;

			while (i + n < len && !norm_name_end(s[i + n]))
				n++;
			norm_endtag(&st, s + i + 2, n - 2);
			i = (size_t)(e - s) + 1;
			continue;
		}
		if (len - i >= 2 && isalpha((unsigned char)s[i + 1]) &&
		    (j = norm_tag_end(s + i, len - i)) != 0) {
			norm_starttag(&st, s + i, j);
			i += j;
			/* script and style hold raw text up to their end tag */
			if (st.last == LAST_STARTTAG &&
			    (strcmp(st.last_tag, "script") == 0 || strcmp(st.last_tag, "style") == 0)) {
				char close[40];
				size_t k;

				snprintf(close, sizeof close, "</%s", st.last_tag);
				for (k = i; k + strlen(close) <= len; k++)
					if (strncasecmp(s + k, close, strlen(close)) == 0)
						break;
				if (k + strlen(close) > len) {
					/* never closed: HTMLParser keeps waiting, and drops it */
					i = len;
					continue;
				}
				if (k > i)
					norm_data(&st, s + i, k - i);
				i = k;
			}
			continue;
		}
		norm_data(&st, "<", 1);
		i++;
	}
}
