# Tests: unit programs, plugins for the loader, and shell scripts that drive
# the CLI.  Scripts exit 77 (a visible SKIP) when a tool they need is missing.
AM_TESTS_ENVIRONMENT += PCV_CORPUS='$(PCV_CORPUS)'; export PCV_CORPUS;
AM_DISTCHECK_CONFIGURE_FLAGS = --with-corpus='$(PCV_CORPUS)'
EXTRA_DIST += tests/lib.sh
