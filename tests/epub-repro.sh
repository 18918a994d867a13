#!/bin/sh
# Reproducible books: the same notes with the same SOURCE_DATE_EPOCH give a
# byte-identical .epub; another date changes only the dates, not the
# content-derived identifier; -M identifier= overrides it.
. "${top_srcdir:?}/tests/lib.sh"
need_tool unzip unzip
for md in "$top_srcdir"/samples/*.md; do
	name=$(basename "$md" .md)
	SOURCE_DATE_EPOCH=1700000000 "$PAISSCONV" "$md" -o "$TMP/$name-1.epub" 2> /dev/null
	sleep 1
	SOURCE_DATE_EPOCH=1700000000 "$PAISSCONV" "$md" -o "$TMP/$name-2.epub" 2> /dev/null
	SOURCE_DATE_EPOCH=1800000000 "$PAISSCONV" "$md" -o "$TMP/$name-3.epub" 2> /dev/null
	check "$name: byte-identical rebuild" cmp "$TMP/$name-1.epub" "$TMP/$name-2.epub"
	check "$name: another date, another file" sh -c "! cmp -s '$TMP/$name-1.epub' '$TMP/$name-3.epub'"
	id1=$(unzip -p "$TMP/$name-1.epub" OEBPS/content.opf | grep -o 'urn:uuid:[0-9a-f-]*')
	id3=$(unzip -p "$TMP/$name-3.epub" OEBPS/content.opf | grep -o 'urn:uuid:[0-9a-f-]*')
	check "$name: identifier from the content ($id1)" test -n "$id1" -a "$id1" = "$id3"
	mod=$(unzip -p "$TMP/$name-3.epub" OEBPS/content.opf | grep -o '2027-01-15T08:00:00Z')
	check "$name: dcterms:modified from SOURCE_DATE_EPOCH" test -n "$mod"
done
# one letter more in a chapter, or one byte more in a stylesheet: another book
uid() { unzip -p "$1" OEBPS/content.opf | grep -o 'urn:uuid:[0-9a-f-]*'; }
sed '$s/$/x/' "$top_srcdir/samples/reading-group.md" > "$TMP/edited.md"
SOURCE_DATE_EPOCH=1700000000 "$PAISSCONV" "$TMP/edited.md" -o "$TMP/edited.epub" 2> /dev/null
printf 'p { }\n' > "$TMP/extra.css"
SOURCE_DATE_EPOCH=1700000000 "$PAISSCONV" "$top_srcdir/samples/reading-group.md" \
	-O epub.css="$TMP/extra.css" -o "$TMP/styled.epub" 2> /dev/null
id0=$(uid "$TMP/reading-group-1.epub")
id1=$(uid "$TMP/edited.epub")
id2=$(uid "$TMP/styled.epub")
check "an edited chapter, another identifier ($id1)" test -n "$id1" -a "$id1" != "$id0"
check "another stylesheet, another identifier ($id2)" test -n "$id2" -a "$id2" != "$id0" -a "$id2" != "$id1"
SOURCE_DATE_EPOCH=1700000000 "$PAISSCONV" "$top_srcdir/samples/reading-group.md" \
	-M identifier=urn:isbn:9780000000002 -o "$TMP/isbn.epub" 2> /dev/null
check "-M identifier= overrides" sh -c "unzip -p '$TMP/isbn.epub' OEBPS/content.opf | grep -q 'urn:isbn:9780000000002' && unzip -p '$TMP/isbn.epub' OEBPS/toc.ncx | grep -q 'urn:isbn:9780000000002'"
finish
