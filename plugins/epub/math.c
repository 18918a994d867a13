/*
 * math.c -- math in the book.
 *
 * Math the math filter has parsed (an INLINE_MATH or DISPLAY_MATH node
 * with PCV_NODE_MATH_* children) is written as MathML:
 *
 *   <math xmlns=MathML alttext=TeX [display="block"]>
 *     <semantics><mrow>...</mrow>
 *       <annotation encoding="application/x-tex">TeX</annotation>
 *     </semantics></math>
 *
 * and the chapter is marked as holding MathML (manifest property
 * "mathml").  Math without children is written as its TeX in the styled
 * span or div the caller made.
 *
 * The MathML is written straight into the chapter's bytes (page.c), in
 * the caller's element.  The walk is iterative with a
 * stack of elements, like the chapter's.  Elements with a fixed number of
 * children (mfrac, mroot, msub, ...) are checked at their exit and padded
 * with <mrow/> or have their surplus grouped, so that the MathML is valid
 * whatever tree it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "../common/mathml.h"

/* An element being written. */
typedef struct epub_mframe {
	const char *tag;
	int arity;      /* the children it must have, 0: any */
	int pending;    /* its start tag still open: no child yet */
	int nkids;      /* its element children so far */
	size_t nth_at;  /* where its arity-th child starts */
} epub_mframe;

/* Something goes into f: its start tag is closed. */
static void epub_mfill(epub_buf *b, epub_mframe *f)
{
	if (f->pending) {
		epub_buf_put(b, ">", 1);
		f->pending = 0;
	}
}

/* Starts element tag as the next child of f (NULL: none); its start tag
 * is left open for attributes. */
static void epub_mstart(epub_buf *b, epub_mframe *f, epub_mframe *el, const char *tag, int arity)
{
	if (f) {
		epub_mfill(b, f);
		if (++f->nkids == f->arity)
			f->nth_at = b->len;
	}
	epub_buf_put(b, "<", 1);
	epub_buf_puts(b, tag);
	el->tag = tag;
	el->arity = arity;
	el->pending = 1;
	el->nkids = 0;
	el->nth_at = 0;
}

/* An attribute; value made valid and escaped. */
static void epub_mattr(epub_buf *b, const char *name, const char *value)
{
	epub_buf_put(b, " ", 1);
	epub_buf_puts(b, name);
	epub_buf_put(b, "=\"", 2);
	epub_buf_text(b, value, strlen(value), 1);
	epub_buf_put(b, "\"", 1);
}

static void epub_mtext(epub_buf *b, epub_mframe *f, const char *s, size_t len)
{
	if (!len)
		return;
	epub_mfill(b, f);
	epub_buf_text(b, s, len, 0);
}

/* Ends element f: one with a fixed number of children is padded with
 * <mrow/>, or has its children from the arity-th on grouped in one. */
static void epub_mend(epub_buf *b, epub_mframe *f)
{
	if (f->arity && f->nkids > f->arity) {
		static const char row[] = "<mrow>";
		size_t at = f->nth_at, n = sizeof row - 1;

		epub_buf_put(b, row, n); /* room */
		memmove(b->s + at + n, b->s + at, b->len - n - at);
		memcpy(b->s + at, row, n);
		epub_buf_put(b, "</mrow>", 7);
	}
	for (; f->nkids < f->arity; f->nkids++) {
		epub_mfill(b, f);
		epub_buf_put(b, "<mrow/>", 7);
	}
	if (f->pending) {
		epub_buf_put(b, "/>", 2);
		return;
	}
	epub_buf_put(b, "</", 2);
	epub_buf_puts(b, f->tag);
	epub_buf_put(b, ">", 1);
}

/* The attributes of node's element tag (pcvc_math_attrs). */
static void epub_math_attrs(epub_buf *b, const char *tag, const pcv_node *node)
{
	pcvc_mattr a[PCVC_MATH_ATTRS];
	char buf[32];
	size_t n = pcvc_math_attrs(node, tag, a, buf);

	for (size_t i = 0; i < n; i++)
		epub_mattr(b, a[i].name, a[i].value);
}

static void epub_mathml(epub_writer *w, epub_xel parent, pcv_node *math, int display)
{
	epub_buf *b = epub_page_at(w, parent); /* written in place */
	epub_mframe *stack, top;
	size_t depth = 0, cap = 64;
	const char *tex = pcv_node_literal(math);
	pcv_iter it;
	pcv_event ev;

	epub_buf_puts(b, "<math xmlns=\"" EPUB_MATHML_NS "\"");
	{
		/* the TeX without the blank lines around it */
		size_t len = tex ? pcv_node_literal_len(math) : 0;
		const char *t = tex ? tex : "";

		while (len && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r'))
			t++, len--;
		while (len && (t[len - 1] == ' ' || t[len - 1] == '\n' || t[len - 1] == '\t' ||
		               t[len - 1] == '\r'))
			len--;
		epub_buf_put(b, " alttext=\"", 10);
		epub_buf_text(b, t, len, 1);
		epub_buf_put(b, "\"", 1);
	}
	if (display)
		epub_buf_puts(b, " display=\"block\"");
	epub_buf_puts(b, "><semantics>");

	stack = epub_xmalloc(cap * sizeof *stack);
	epub_mstart(b, NULL, &top, "mrow", 0);
	stack[depth++] = top;
	pcv_iter_init(&it, math);
	while ((ev = pcv_iter_next(&it)) != PCV_EVENT_DONE) {
		pcv_node *n = it.node;
		int t = pcv_node_type(n);

		if (n == math)
			continue;
		if (ev == PCV_EVENT_EXIT) {
			if (PCV_NODE_IS_MATH(t) && !pcvc_math_absent(n))
				epub_mend(b, &stack[--depth]);
			continue;
		}
		if (pcvc_math_absent(n)) {
			pcv_iter_skip_children(&it);
			continue;
		}
		if (!PCV_NODE_IS_MATH(t)) {
			/* not math: its text, as mtext */
			const char *s = pcv_node_text(n);
			epub_mframe mt;

			pcv_iter_skip_children(&it);
			epub_mstart(b, &stack[depth - 1], &mt, "mtext", 0);
			if (s)
				epub_mtext(b, &mt, s, strlen(s));
			epub_mend(b, &mt);
			continue;
		}
		{
			int arity;
			const char *tag = pcvc_math_tag(n, &arity);
			const char *lit = pcv_node_literal(n);

			if (depth == cap) {
				cap *= 2;
				stack = epub_xrealloc(stack, cap * sizeof *stack);
			}
			epub_mstart(b, &stack[depth - 1], &stack[depth], tag, arity);
			epub_math_attrs(b, tag, n);
			if (lit && (t == PCV_NODE_MATH_IDENT || t == PCV_NODE_MATH_NUMBER ||
			            t == PCV_NODE_MATH_OPERATOR || t == PCV_NODE_MATH_TEXT))
				epub_mtext(b, &stack[depth], lit, pcv_node_literal_len(n));
			depth++;
		}
	}
	while (depth)
		epub_mend(b, &stack[--depth]);
	free(stack);
	epub_buf_puts(b, "<annotation encoding=\"application/x-tex\"");
	if (tex && pcv_node_literal_len(math)) {
		epub_buf_put(b, ">", 1);
		epub_buf_text(b, tex, pcv_node_literal_len(math), 0);
		epub_buf_puts(b, "</annotation>");
	} else {
		epub_buf_put(b, "/>", 2);
	}
	epub_buf_puts(b, "</semantics></math>");
}

void epub_math(epub_writer *w, epub_xel parent, pcv_node *math, int display)
{
	const char *tex = pcv_node_literal(math);

	if (pcv_node_first_child(math)) {
		epub_mathml(w, parent, math, display);
		w->chapters[w->cur].has_mathml = 1;
		return;
	}
	if (!tex)
		return;
	/* TeX, delimited as written in the notes' conventional form */
	epub_page_text(w, parent, display ? "\\[" : "\\(", 2);
	epub_page_text(w, parent, tex, pcv_node_literal_len(math));
	epub_page_text(w, parent, display ? "\\]" : "\\)", 2);
}
