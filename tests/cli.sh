#!/bin/sh
# cli.sh -- the command line and safe output, through the test plugins.
. "$top_srcdir/tests/lib.sh"
P="$top_builddir/tests/plugins/.libs"
run() { "$PAISSCONV" --plugin "$P/good.so" "$@"; }
cd "$TMP"
printf 'one\ntwo WARN\n' > a.good
printf 'three\nfour WARN\n' > b.good

# Formats from extensions; several inputs are one document.
out=$(run a.good b.good -t good 2>err); rc=$?
check "two inputs convert" [ $rc -eq 0 ]
check "four paragraphs, 9 nodes" [ "$out" = "9 nodes, 72 wide" ]
check "warnings name each file's own line and column" \
	grep -qx 'paissconv: a.good:2:5: warning: a warning' err
check "the second file's lines count from 1" grep -qx 'paissconv: b.good:2:6: warning: a warning' err

# Options: typed, known, listed when wrong.
check "-O sets an option" [ "$(run a.good -t good -O good.width=9 -O good.prefix=n= 2>/dev/null)" = "n=5 nodes, 9 wide" ]
run a.good -t good -O good.colour=red >/dev/null 2>err; rc=$?
check "unknown option key: exit 2" [ $rc -eq 2 ]
check "unknown option key lists the known ones" grep -q "unknown option 'good.colour'; good has prefix, width" err
run a.good -t good -O good.width=wide >/dev/null 2>err
check "mistyped option value" grep -q "'wide' is not a whole number" err
run a.good -t nosuch >/dev/null 2>err; rc=$?
check "unknown format: exit 2" [ $rc -eq 2 ]
check "unknown format named" grep -q "unknown output format 'nosuch'" err
run a.good -o out.unknownext >/dev/null 2>err; rc=$?
check "output format not guessable: exit 2" [ $rc -eq 2 ]
"$PAISSCONV" --no-such-option 2>err; rc=$?
check "unknown CLI option: exit 2" [ $rc -eq 2 ]
run a.good -t good --filter nosuch >/dev/null 2>err; rc=$?
check "unknown filter: exit 2" [ $rc -eq 2 ]

# Listing and help.
run --list-plugins >list 2>&1
check "--list-plugins shows the reader, writer and filter with the file" \
	grep -qE "^good +reader +good +1.0 +$P/good.so" list
check "--list-plugins shows the filter" grep -qE "^good-tag +filter" list
run --help-plugin good >help 2>&1
check "--help-plugin shows options with defaults" grep -q -- "-O good.width=int  (default: 72)" help
check "--help" sh -c "'$PAISSCONV' --help | grep -q -- '--list-plugins'"
check "--version" sh -c "'$PAISSCONV' --version | grep -q 'plugin ABI 1.1'"

# Standard input and output.
check "stdin to stdout" [ "$(printf 'x\n' | run -f good -t good -)" = "3 nodes, 72 wide" ]
check "-o - is stdout" [ "$(run a.good -t good -o - 2>/dev/null)" = "5 nodes, 72 wide" ]

# Bad inputs.
run missing.good -t good >/dev/null 2>err; rc=$?
check "missing input: exit 1" [ $rc -eq 1 ]
check "missing input message" grep -qx "paissconv: missing.good: error: cannot read: No such file or directory" err
mkdir folder.good
run folder.good -t good >/dev/null 2>err; rc=$?
check "folder as input" sh -c "[ $rc -eq 1 ] && grep -qx 'paissconv: folder.good: error: cannot read: Is a directory' err"
: > empty.good
run empty.good -t good >/dev/null 2>err; rc=$?
check "empty input is a warning" sh -c "[ $rc -eq 0 ] && grep -qx 'paissconv: empty.good: warning: input is empty' err"
printf 'ok\nFAIL\n' > fail.good
echo keep > target.txt
run fail.good -t good -o target.txt 2>err; rc=$?
check "reader failure: exit 1 with position" sh -c "[ $rc -eq 1 ] && grep -q 'fail.good:2:1: error: asked to fail' err"
check "reader failure leaves the target" [ "$(cat target.txt)" = keep ]

# Safe output.
run a.good --plugin "$P/failwrite.so" -t failwrite -o target.txt 2>err; rc=$?
check "failing writer: exit 1" [ $rc -eq 1 ]
check "failing writer leaves the target byte for byte" [ "$(cat target.txt)" = keep ]
check "failing writer leaves no temporary file" [ -z "$(ls -A | grep '^\.target')" ]
chmod 640 target.txt
run a.good -t good -o target.txt 2>/dev/null
check "success replaces the target" [ "$(cat target.txt)" = "5 nodes, 72 wide" ]
check "the target keeps its mode" [ "$(stat -c %a target.txt)" = 640 ]
check "no temporary file after success" [ -z "$(ls -A | grep '^\.target')" ]
run a.good -t good -o /dev/full 2>err; rc=$?
check "-o /dev/full: exit 1" [ $rc -eq 1 ]
check "-o /dev/full: message" grep -qx "paissconv: /dev/full: error: cannot write: No space left on device" err
run a.good -t good -o no/such/dir/out.txt 2>err; rc=$?
check "missing output folder: exit 1" [ $rc -eq 1 ]
check "missing output folder: message" grep -q "cannot create the output in no/such/dir: No such file or directory" err
run a.good -t good -o folder.good 2>err; rc=$?
check "output is a folder" sh -c "[ $rc -eq 1 ] && grep -q 'cannot write: Is a directory' err"
cp a.good a.copy
run a.good -t good -o a.good 2>err; rc=$?
check "output equal to input is refused" sh -c "[ $rc -eq 1 ] && grep -q 'refusing to overwrite an input file' err"
check "the input is untouched" cmp -s a.good a.copy
run a.good -t good -o ./a.good 2>/dev/null; rc=$?
check "... also through another spelling of the path" [ $rc -eq 1 ]
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	run a.good -t good -o ro/x.txt 2>err; rc=$?
	check "unwritable folder" sh -c "[ $rc -eq 1 ] && grep -q 'Permission denied' err"
fi

# A conversion loads only the plugins it needs, and reading an option does
# not load the plugins of other formats.
if [ -f "$top_builddir/plugins/.libs/markdown.so" ] && [ -f "$top_builddir/plugins/.libs/json.so" ]; then
	printf '# Hi\n' > lazy.md
	"$PAISSCONV" -vv lazy.md -t json -o lazy.json 2>err
	check "lazy loading: the markdown reader and json writer are loaded" \
		sh -c "grep -q 'loaded plugin markdown' err && grep -q 'loaded plugin json' err"
	check "lazy loading: no other writer is loaded" sh -c "! grep -qE 'loaded plugin (pdf|epub|html|text)' err"
fi
finish
