/*
 * floor.c -- the least a program on paissconv's stack pays for one run,
 * for bench/run to time beside paissconv.
 *
 *   cc -O2 -DFLOOR_EPUB floor.c $(pkg-config --cflags --libs libxml-2.0) -o floor-epub
 *   cc -O2 -DFLOOR_PDF floor.c $(pkg-config --cflags --libs pangocairo) -o floor-pdf
 *
 * floor-epub starts with libxml2 loaded (and what it brings: ICU, the C++
 * library) and writes a one-element XML document to the file named by its
 * argument.  floor-pdf writes a one-word page to a PDF file through pango
 * and cairo, with the system's fontconfig configuration, as any pango
 * program does.  Neither reads notes: what they cost, any converter on
 * that stack costs before it does its own work.
 */
#include <stdio.h>

#ifdef FLOOR_EPUB
#include <libxml/tree.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlDocSetRootElement(doc, xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL));
	int ok = xmlSaveFile(argv[1], doc) > 0;
	xmlFreeDoc(doc);
	return ok ? 0 : 1;
}
#endif

#ifdef FLOOR_PDF
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	cairo_surface_t *s = cairo_pdf_surface_create(argv[1], 595, 842);
	cairo_t *cr = cairo_create(s);
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string("Serif 11");
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_text(lay, "Notes", -1);
	cairo_move_to(cr, 72, 72);
	pango_cairo_show_layout(cr, lay);
	cairo_show_page(cr);
	pango_font_description_free(fd);
	g_object_unref(lay);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	return ok ? 0 : 1;
}
#endif
