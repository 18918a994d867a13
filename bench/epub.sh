#!/bin/sh
# bench/epub.sh -- paissconv against pandoc -t epub3, making EPUB.
# A thin wrapper: bench/run does the timing, for the EPUB format only.
#
#   bench/epub.sh [bench/run OPTIONS] [NOTES.md ...]
exec "$(dirname "$0")/run" --formats epub "$@"
