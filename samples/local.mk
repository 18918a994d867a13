# Sample notes and out-of-tree sample plugins (built by make installcheck).
EXTRA_DIST += samples/README.md samples/lecture-notes.md samples/reading-group.md \
	samples/math-specimen.md samples/images/gp-posterior.png \
	samples/plugins/Makefile samples/plugins/flashcards.c samples/plugins/strip-private.c

# The benchmarks (bench/README.md says how to run them).
EXTRA_DIST += bench/run bench/floor.c bench/pdf.sh bench/epub.sh bench/README.md
