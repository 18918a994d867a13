plugin_LTLIBRARIES += plugins/json.la
plugins_json_la_SOURCES = plugins/json/json.c
plugins_json_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_json_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += plugins/json/README.md

# Tests: a tree built through the API (every node type, hostile strings,
# 100 000-deep nesting) and golden outputs of the Markdown reader.
check_PROGRAMS += tests/json-tree
tests_json_tree_SOURCES = tests/json-tree.c
tests_json_tree_LDADD = libpaissconv.la
TESTS += tests/json-tree.sh tests/json-markdown.sh
JSON_GOLDEN = blocks bytes footnotes frontmatter headings inline lists math tables
EXTRA_DIST += tests/json-tree.sh tests/json-markdown.sh tests/golden/json/tree-all.json \
	$(JSON_GOLDEN:%=tests/golden/json/%.md) $(JSON_GOLDEN:%=tests/golden/json/%.json)
