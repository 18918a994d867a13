#!/bin/sh
# badinput-json-full.sh -- on a full disk the json writer's run fails with
# one line, like every other writer's (badinput.sh): a writer stopped by
# its own failed output adds no "the json writer failed" to the reason.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to mount a small tmpfs"
FULL=$TMP/full
mkdir -p "$FULL" && mount -t tmpfs -o size=4k tmpfs "$FULL" 2>/dev/null || skip "cannot mount a tmpfs"
trap 'umount "$FULL" 2>/dev/null; rm -rf "$TMP"' EXIT
echo keep > "$FULL/target"
"$PAISSCONV" "$top_srcdir/samples/lecture-notes.md" -t json -o "$FULL/target" >/dev/null 2>"$TMP/err"; rc=$?
grep -v ': warning: ' "$TMP/err" > "$TMP/errs"
check "json: full disk: exit 1" [ $rc -eq 1 ]
check "json: full disk: one line" \
	[ "$(cat "$TMP/errs")" = "paissconv: $FULL/target: error: cannot write: No space left on device" ]
check "json: full disk: the target is untouched" [ "$(cat "$FULL/target")" = keep ]
check "json: full disk: no temporary file left" [ -z "$(ls -A "$FULL" | grep -v '^target$')" ]
finish
