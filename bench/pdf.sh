#!/bin/sh
# bench/pdf.sh -- paissconv against pandoc -s + weasyprint, making PDF.
# A thin wrapper: bench/run does the timing, for the PDF format only.
#
#   bench/pdf.sh [bench/run OPTIONS] [NOTES.md ...]
exec "$(dirname "$0")/run" --formats pdf "$@"
