/*
 * raw.c -- raw HTML in the html writer (option html.raw).
 *
 * keep  as written.
 * gfm   GFM's tag filter: the '<' of <title>, <textarea>, <style>, <xmp>,
 *       <iframe>, <noembed>, <noframes>, <script> and <plaintext> (opening
 *       or closing, any case) is written "&lt;", as libcmark-gfm's tagfilter
 *       extension does.
 * safe  a sanitiser for notes from elsewhere: <script>, <style>, <iframe>,
 *       <object>, <embed>, <form> and their kin are dropped with what they
 *       hold, on* attributes and javascript:/vbscript:/data: URLs are
 *       dropped from the tags kept; each drop is warned about once per raw
 *       node.  An element opened in one raw node and closed in a later one
 *       (<script> and </script> around Markdown text) has everything between
 *       dropped, up to the end of the enclosing block at most.
 * drop  every piece of raw HTML is replaced by "<!-- raw HTML omitted -->",
 *       as libcmark-gfm writes it without its --unsafe option.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* ------------------------------------------------------------------ */
/* GFM's tag filter                                                    */
/* ------------------------------------------------------------------ */

/* Whether s (len bytes, starting at '<') opens or closes a filtered tag. */
static int html_filtered_tag(const char *s, size_t len)
{
	static const char *const names[] = {"title", "textarea", "style", "xmp", "iframe",
	                                    "noembed", "noframes", "script", "plaintext"};
	size_t k;

	if (len < 3 || s[0] != '<')
		return 0;
	for (k = 0; k < sizeof names / sizeof *names; k++) {
		const char *name = names[k];
		size_t i = s[1] == '/' ? 2 : 1;

		for (; i < len && *name; i++, name++)
			if (tolower((unsigned char)s[i]) != *name)
				break;
		if (*name || i == len)
			continue;
		if (isspace((unsigned char)s[i]) || s[i] == '>')
			return 1;
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '>')
			return 1;
	}
	return 0;
}

static void html_tagfilter(html_writer *w, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '<' || !html_filtered_tag(s + i, len - i))
			continue;
		html_put(w, s + start, i - start);
		html_puts(w, "&lt;");
		start = i + 1;
	}
	html_put(w, s + start, len - start);
}

/* ------------------------------------------------------------------ */
/* The sanitiser                                                       */
/* ------------------------------------------------------------------ */

/* Elements dropped with their content. */
static const char *const html_drop_content[] = {
	"script", "style", "iframe", "object", "form", "frameset", "applet", "noembed",
	"noframes", "template", "textarea", "select", "xmp", "plaintext", "title", NULL
};
/* Elements dropped alone (void or harmless content). */
static const char *const html_drop_tag[] = {
	"embed", "frame", "base", "meta", "link", "input", "button", "param", NULL
};

static int html_in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int html_url_safe(const char *url, int image)
{
	char scheme[16];
	size_t n = 0;
	const char *p = url;

	/* browsers ignore control characters and spaces in the scheme */
	for (; *p && *p != ':' && n < sizeof scheme - 1; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ')
			continue;
		if (c == '/' || c == '?' || c == '#')
			return 1;
		scheme[n++] = (char)tolower(c);
	}
	if (*p != ':')
		return 1;
	scheme[n] = '\0';
	if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0 ||
	    strcmp(scheme, "file") == 0)
		return 0;
	if (strcmp(scheme, "data") == 0) {
		p++;
		return image && (strncasecmp(p, "image/png", 9) == 0 ||
		                 strncasecmp(p, "image/gif", 9) == 0 ||
		                 strncasecmp(p, "image/jpeg", 10) == 0 ||
		                 strncasecmp(p, "image/webp", 10) == 0);
	}
	return 1;
}

static void html_raw_warn(html_writer *w, const pcv_node *node, const char *what)
{
	if (w->warned_raw)
		return;
	w->warned_raw = 1;
	pcv_report_node(w->ctx, PCV_WARNING, node, "html: raw HTML %s dropped (html.raw=safe)", what);
}

/* The end of the tag starting at s[0] == '<' (the index after '>'), quotes
 * respected; 0 when it does not end. */
static size_t html_tag_end(const char *s, size_t len)
{
	char quote = 0;
	size_t i;

	for (i = 1; i < len; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return 0;
}

/* Writes the tag s[0..len) without on* attributes and unsafe URLs. */
static void html_clean_tag(html_writer *w, const pcv_node *node, const char *s, size_t len,
                           size_t name_end)
{
	size_t i = name_end;

	html_put(w, s, name_end);
	while (i < len) {
		size_t a0, n0, n1, v0 = 0, v1 = 0;
		char name[16];
		size_t nlen;
		int drop = 0;

		a0 = i;
		while (i < len && (isspace((unsigned char)s[i]) || s[i] == '/'))
			i++;
		if (i >= len || s[i] == '>') {
			html_put(w, s + a0, len - a0);
			return;
		}
		n0 = i;
		while (i < len && !isspace((unsigned char)s[i]) && s[i] != '=' && s[i] != '>' &&
		       s[i] != '/')
			i++;
		n1 = i;
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				v0 = i;
				while (i < len && s[i] != q)
					i++;
				v1 = i;
				if (i < len)
					i++;
			} else {
				v0 = i;
				while (i < len && !isspace((unsigned char)s[i]) && s[i] != '>')
					i++;
				v1 = i;
			}
		} else {
			i = n1;
		}
		if (n1 == n0) {  /* a stray character: keep it */
			html_put(w, s + a0, n0 + 1 - a0);
			i = n0 + 1;
			continue;
		}
		nlen = n1 - n0 < sizeof name - 1 ? n1 - n0 : sizeof name - 1;
		for (size_t k = 0; k < nlen; k++)
			name[k] = (char)tolower((unsigned char)s[n0 + k]);
		name[nlen] = '\0';
		if (name[0] == 'o' && name[1] == 'n') {
			drop = 1;
		} else if (v1 > v0 && (strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
		                       strcmp(name, "action") == 0 || strcmp(name, "formaction") == 0 ||
		                       strcmp(name, "xlink:href") == 0 || strcmp(name, "poster") == 0 ||
		                       strcmp(name, "srcdoc") == 0)) {
			char url[64];
			size_t ul = v1 - v0 < sizeof url - 1 ? v1 - v0 : sizeof url - 1;

			memcpy(url, s + v0, ul);
			url[ul] = '\0';
			drop = strcmp(name, "srcdoc") == 0 || !html_url_safe(url, strcmp(name, "src") == 0);
		}
		if (drop)
			html_raw_warn(w, node, "attribute");
		else
			html_put(w, s + a0, i - a0);
	}
}

static void html_sanitise(html_writer *w, const pcv_node *node, const char *s, size_t len)
{
	size_t i = 0, start = 0;

	while (i < len) {
		size_t end, n0, n1, k;
		char name[16];
		char c0;
		int closing;

		if (s[i] != '<') {
			i++;
			continue;
		}
		if (!w->drop[0])
			html_put(w, s + start, i - start);
		start = i;
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			const char *e = NULL;

			for (k = i + 4; k + 3 <= len; k++)
				if (memcmp(s + k, "-->", 3) == 0) {
					e = s + k + 3;
					break;
				}
			end = e ? (size_t)(e - s) : len;
			if (!w->drop[0])
				html_put(w, s + i, end - i);
			i = start = end;
			continue;
		}
		end = html_tag_end(s + i, len - i);
		closing = i + 1 < len && s[i + 1] == '/';
		n0 = i + 1 + (size_t)closing;
		n1 = n0;
		while (n1 < len && (isalnum((unsigned char)s[n1]) || s[n1] == '-' || s[n1] == ':'))
			n1++;
		c0 = n0 < len ? s[n0] : '\0';
		if (!end || n1 == n0 || !isalpha((unsigned char)c0)) {
			/* not a tag: a declaration kept, or a '<' that is text */
			int decl = end && !closing && (c0 == '!' || c0 == '?');

			if (!w->drop[0]) {
				if (decl)
					html_put(w, s + i, end);
				else
					html_puts(w, "&lt;");
			}
			i = start = decl ? i + end : i + 1;
			continue;
		}
		end += i;
		for (k = 0; k < n1 - n0 && k < sizeof name - 1; k++)
			name[k] = (char)tolower((unsigned char)s[n0 + k]);
		name[k] = '\0';
		if (w->drop[0]) {
			if (closing && strcmp(name, w->drop) == 0)
				w->drop[0] = '\0';
		} else if (html_in_list(html_drop_content, name)) {
			html_raw_warn(w, node, "element");
			if (!closing && s[end - 2] != '/')
				memcpy(w->drop, name, strlen(name) + 1);
		} else if (html_in_list(html_drop_tag, name)) {
			html_raw_warn(w, node, "element");
		} else if (closing) {
			html_put(w, s + i, end - i);
		} else {
			html_clean_tag(w, node, s + i, end - i, n1 - i);
		}
		i = start = end;
	}
	if (!w->drop[0])
		html_put(w, s + start, len - start);
}

/* ------------------------------------------------------------------ */
/* Ids in raw HTML                                                     */
/* ------------------------------------------------------------------ */

void html_raw_ids(html_set *ids, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t end, n0, n1;
		int is_a;

		if (s[i] != '<' || i + 1 >= len || !isalpha((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		end = html_tag_end(s + i, len - i);
		if (!end) {
			i++;
			continue;
		}
		end += i;
		n0 = i + 1;
		n1 = n0;
		while (n1 < end && isalnum((unsigned char)s[n1]))
			n1++;
		is_a = n1 - n0 == 1 && (s[n0] == 'a' || s[n0] == 'A');
		i = n1;
		while (i < end - 1) {
			size_t a0, a1, v0, v1;

			while (i < end - 1 && (isspace((unsigned char)s[i]) || s[i] == '/'))
				i++;
			a0 = i;
			while (i < end - 1 && !isspace((unsigned char)s[i]) && s[i] != '=' && s[i] != '/')
				i++;
			a1 = i;
			if (a1 == a0) {
				i++;
				continue;
			}
			while (i < end - 1 && isspace((unsigned char)s[i]))
				i++;
			if (i >= end - 1 || s[i] != '=')
				continue;
			i++;
			while (i < end - 1 && isspace((unsigned char)s[i]))
				i++;
			if (i < end - 1 && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];

				v0 = i;
				while (i < end - 1 && s[i] != q)
					i++;
				v1 = i;
				if (i < end - 1)
					i++;
			} else {
				v0 = i;
				while (i < end - 1 && !isspace((unsigned char)s[i]))
					i++;
				v1 = i;
			}
			if ((a1 - a0 == 2 && strncasecmp(s + a0, "id", 2) == 0) ||
			    (is_a && a1 - a0 == 4 && strncasecmp(s + a0, "name", 4) == 0)) {
				char value[256];
				size_t vl = v1 - v0 < sizeof value - 1 ? v1 - v0 : sizeof value - 1;

				memcpy(value, s + v0, vl);
				value[vl] = '\0';
				if (vl)
					html_set_add(ids, value);
			}
		}
		i = end;
	}
}

/* ------------------------------------------------------------------ */

void html_raw(html_writer *w, const pcv_node *node, const char *s, size_t len)
{
	if (!s)
		return;
	switch (w->raw) {
	case HTML_RAW_GFM:
		html_tagfilter(w, s, len);
		break;
	case HTML_RAW_SAFE:
		w->warned_raw = 0;
		html_sanitise(w, node, s, len);
		break;
	case HTML_RAW_DROP:
		html_puts(w, "<!-- raw HTML omitted -->");
		break;
	default:
		html_put(w, s, len);
		break;
	}
}

int html_raw_dropping(const html_writer *w)
{
	return w->drop[0] != '\0';
}

void html_raw_end_block(html_writer *w)
{
	w->drop[0] = '\0';
}
