# Tests: unit programs, plugins for the loader, and shell scripts that drive
# the CLI.  Scripts exit 77 (a visible SKIP) when a tool they need is missing.
AM_TESTS_ENVIRONMENT += PCV_CORPUS='$(PCV_CORPUS)'; export PCV_CORPUS;
AM_DISTCHECK_CONFIGURE_FLAGS = --with-corpus='$(PCV_CORPUS)'
EXTRA_DIST += tests/lib.sh

check_PROGRAMS += tests/test-tree tests/test-loader
TESTS += tests/test-tree tests/test-loader
tests_test_tree_SOURCES = tests/test-tree.c tests/check.h
tests_test_tree_LDADD = libpaissconv.la
tests_test_loader_SOURCES = tests/test-loader.c tests/check.h
tests_test_loader_LDADD = libpaissconv.la

# Plugins for the loader tests; -rpath makes libtool build them shared.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -no-undefined -rpath /nowhere
check_LTLIBRARIES += tests/plugins/good.la tests/plugins/newabi.la tests/plugins/newminor.la \
	tests/plugins/nosym.la tests/plugins/initfail.la tests/plugins/failwrite.la
tests_plugins_good_la_SOURCES = tests/plugins/good.c
tests_plugins_good_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_good_la_LIBADD = libpaissconv.la
tests_plugins_newabi_la_SOURCES = tests/plugins/newabi.c
tests_plugins_newabi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_newminor_la_SOURCES = tests/plugins/newminor.c
tests_plugins_newminor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_nosym_la_SOURCES = tests/plugins/nosym.c
tests_plugins_nosym_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_initfail_la_SOURCES = tests/plugins/initfail.c
tests_plugins_initfail_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_initfail_la_LIBADD = libpaissconv.la
tests_plugins_failwrite_la_SOURCES = tests/plugins/failwrite.c
tests_plugins_failwrite_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_failwrite_la_LIBADD = libpaissconv.la
# the same plugin with a symbol defined nowhere, opened RTLD_NOW and (-z now) RTLD_LAZY
check_LTLIBRARIES += tests/plugins/undef.la tests/plugins/undefnow.la
tests_plugins_undef_la_SOURCES = tests/plugins/undef.c
tests_plugins_undef_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_undef_la_LIBADD = libpaissconv.la
tests_plugins_undefnow_la_SOURCES = tests/plugins/undef.c
tests_plugins_undefnow_la_CPPFLAGS = $(AM_CPPFLAGS) -DUNDEF_NAME='"undefnow"'
tests_plugins_undefnow_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS) -Wl,-z,now
tests_plugins_undefnow_la_LIBADD = libpaissconv.la
# formulas of shapes the math filter never makes, for the writers' MathML
check_LTLIBRARIES += tests/plugins/mathtrees.la
tests_plugins_mathtrees_la_SOURCES = tests/plugins/mathtrees.c
tests_plugins_mathtrees_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_mathtrees_la_LIBADD = libpaissconv.la
TESTS += tests/math-writers.sh
EXTRA_DIST += tests/math-writers.sh tests/golden/math/trees.epub tests/golden/math/shapes.md
EXTRA_DIST += tests/lsan.supp
TESTS += tests/cli.sh
EXTRA_DIST += tests/cli.sh

# After installation: the SDK works from outside the source tree.
EXTRA_DIST += tests/installcheck.sh
installcheck-local:
	$(SHELL) $(srcdir)/tests/installcheck.sh '$(abs_srcdir)' '$(bindir)' '$(libdir)' '$(mandir)'
TESTS += tests/doc.sh
EXTRA_DIST += tests/doc.sh
