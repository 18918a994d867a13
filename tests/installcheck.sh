#!/bin/sh
# installcheck.sh -- after `make install`: build the sample plugins from
# outside the source tree with nothing but pkg-config, and run them through
# the installed paissconv, by PAISSCONV_PLUGIN_PATH and by --plugin.
# Called by `make installcheck` with: srcdir bindir libdir mandir.
set -u
srcdir=$1 bindir=$2 libdir=$3 mandir=$4
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcvinstall.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
check() { d=$1; shift; if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; failures=$((failures + 1)); fi; }
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
unset PAISSCONV_PLUGIN_PATH
PCV="$bindir/paissconv"

check "pkg-config finds paissconv" pkg-config --exists paissconv
check "the header is installed" test -f "$(pkg-config --variable=includedir paissconv)/paissconv/paissconv.h"
check "the man pages are installed" test -f "$mandir/man1/paissconv.1" -a -f "$mandir/man7/paissconv-plugins.7"
"$PCV" --list-plugins > "$TMP/list"
check "the installed plugins are listed from the plugin folder" \
	grep -qE "^markdown +reader .*$(pkg-config --variable=plugindir paissconv)/markdown.so" "$TMP/list"

mkdir "$TMP/build"
cp "$srcdir/samples/plugins/Makefile" "$srcdir/samples/plugins/"*.c "$TMP/build/"
check "the sample plugins build with pkg-config alone" make -s -C "$TMP/build"

cat > "$TMP/notes.md" <<'NOTES'
# Kernels

❓ What does the length scale control?

How fast the correlation decays with distance.

⭐ A kernel encodes what we believe about the function.

## 🔒 Private

My own reminders: call the supervisor.

## Public

🔒 Do not share this paragraph.

Shared text stays.
NOTES
"$PCV" --plugin "$TMP/build/flashcards.so" "$TMP/notes.md" -t flashcards -o "$TMP/cards.tsv"
check "flashcards by --plugin: a question card with its answer" \
	grep -q "What does the length scale control?	How fast the correlation decays with distance.	question" "$TMP/cards.tsv"
check "flashcards: a key idea card with its section" \
	grep -q "Key idea: Kernels	.*A kernel encodes what we believe about the function.	key-idea" "$TMP/cards.tsv"
check "flashcards: two cards" [ "$(wc -l < "$TMP/cards.tsv")" -eq 2 ]

PAISSCONV_PLUGIN_PATH="$TMP/build" "$PCV" "$TMP/notes.md" --filter strip-private -t text -o "$TMP/shared.txt"
check "strip-private by PAISSCONV_PLUGIN_PATH: private section gone" sh -c "! grep -q 'supervisor' '$TMP/shared.txt'"
check "strip-private: marked paragraph gone" sh -c "! grep -q 'Do not share' '$TMP/shared.txt'"
check "strip-private: the rest stays" grep -q "Shared text stays" "$TMP/shared.txt"
check "strip-private: a section's heading goes with it" sh -c "! grep -q 'Private' '$TMP/shared.txt'"
PAISSCONV_PLUGIN_PATH="$TMP/build" "$PCV" --list-plugins > "$TMP/list2"
check "plugins found by path are listed with their file" grep -qE "^flashcards +writer .*$TMP/build/flashcards.so" "$TMP/list2"

[ "$failures" -eq 0 ] || { echo "$failures installcheck failure(s)"; exit 1; }
echo "installcheck: all passed"
