# Reliability: libFuzzer harnesses (make fuzz, with configure --enable-fuzz),
# pathological inputs, the bad-input matrix, and the CLI tests under
# valgrind memcheck (make check-valgrind).

# --- Fuzzing ---------------------------------------------------------------
# The harnesses are built only on request; configure --enable-fuzz CC=clang
# instruments the library and every plugin too.
FUZZ_PROGS = tests/fuzz/fuzz-markdown tests/fuzz/fuzz-math tests/fuzz/fuzz-pipeline
EXTRA_PROGRAMS = $(FUZZ_PROGS)
CLEANFILES += $(FUZZ_PROGS)
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_PLUGIN_PATH='"$(abs_top_builddir)/plugins/.libs:$(abs_top_builddir)/filters/.libs"'
FUZZ_LINK_FLAGS = -fsanitize=fuzzer -no-install
tests_fuzz_fuzz_markdown_SOURCES = tests/fuzz/fuzz-markdown.c tests/fuzz/fuzz-common.h
tests_fuzz_fuzz_markdown_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_fuzz_markdown_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_markdown_LDADD = libpaissconv.la
tests_fuzz_fuzz_math_SOURCES = tests/fuzz/fuzz-math.c tests/fuzz/fuzz-common.h
tests_fuzz_fuzz_math_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_fuzz_math_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_math_LDADD = libpaissconv.la
tests_fuzz_fuzz_pipeline_SOURCES = tests/fuzz/fuzz-pipeline.c tests/fuzz/fuzz-common.h
tests_fuzz_fuzz_pipeline_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_fuzz_pipeline_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_pipeline_LDADD = libpaissconv.la
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/seeds.sh tests/fuzz/markdown.dict \
	tests/fuzz/README.md

if FUZZ
# The harnesses need the plugins they load.
fuzz: $(FUZZ_PROGS) $(plugin_LTLIBRARIES)
# Bounded runs of every harness (FUZZ_SECONDS each, default 60).
fuzz-run: fuzz
	$(SHELL) $(srcdir)/tests/fuzz/run.sh $${FUZZ_SECONDS:-60}
else
fuzz fuzz-run:
	@echo "make $@: configure with --enable-fuzz CC=clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1
endif
.PHONY: fuzz fuzz-run

# --- Regressions, pathological inputs, bad input ---------------------------
TESTS += tests/badinput.sh tests/badinput-html.sh tests/badinput-json-full.sh tests/patho.sh tests/regress.sh
EXTRA_DIST += tests/badinput.sh tests/badinput-html.sh tests/badinput-json-full.sh tests/patho.sh tests/patho-gen.py tests/patho-open.sh tests/regress.sh \
	tests/regress-open.sh tests/regress-lib.sh tests/regress tests/valgrind.sh tests/valgrind.supp
# Reproducers of open bugs (tests/regress/OPEN) fail until the bugs are fixed.
# No bug is open (tests/regress/OPEN lists none), so tests/regress-open.sh and
# tests/patho-open.sh are not run; when one is, add its script to TESTS and
# to XFAIL_TESTS here.
XFAIL_TESTS =
if SANITIZERS
AM_TESTS_ENVIRONMENT += PCV_SANITIZED=1; export PCV_SANITIZED;
endif

# --- Valgrind --------------------------------------------------------------
# The whole suite under memcheck: every paissconv run of the shell tests and
# every test program; any error or a definite leak makes that run exit 99 and
# the test fail (tests/valgrind.sh).  VALGRIND_TESTS='tests/cli.sh ...' picks
# tests; the default is every one.
VALGRIND_TESTS = $(TESTS)
AM_TESTS_ENVIRONMENT += if test -n "$${PCV_VALGRIND-}"; then \
	PCV_REAL_PAISSCONV=$$PAISSCONV; PAISSCONV='$(abs_srcdir)/tests/valgrind.sh'; \
	PCV_LIBTOOL='$(abs_top_builddir)/libtool'; PCV_VALGRIND_SUPP='$(abs_srcdir)/tests/valgrind.supp'; \
	export PCV_REAL_PAISSCONV PAISSCONV PCV_LIBTOOL PCV_VALGRIND_SUPP; fi;
check-valgrind: all $(check_LTLIBRARIES) $(check_PROGRAMS)
	@command -v valgrind >/dev/null || { echo "check-valgrind: apt-get install valgrind" >&2; exit 1; }
	rm -rf valgrind-reports
	PCV_VALGRIND=1 PCV_VALGRIND_LOGS='$(abs_top_builddir)/valgrind-reports' \
		$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(VALGRIND_TESTS)' TEST_SUITE_LOG=test-suite-valgrind.log \
		LOG_COMPILER='$(SHELL) $(abs_srcdir)/tests/valgrind.sh --program'; \
	rc=$$?; \
	if [ -d valgrind-reports ]; then \
		echo "check-valgrind: memcheck reports in valgrind-reports/:"; head -40 valgrind-reports/*; exit 1; \
	fi; exit $$rc
.PHONY: check-valgrind
