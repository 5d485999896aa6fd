#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
#   run.sh NAME LOG COMMAND...
#
# Run one of upstream's test programs, keep its output in LOG and print
#   upstream NAME: P passed, F failed
# from the program's own summary line.  The run fails if the program exits
# non-zero, prints no summary, reports a failed test, or prints a warning,
# a sanitizer report or a maple tree check failure on the way (the tests
# would not notice a WARN that the tree printed and recovered from).

name=$1 log=$2
shift 2
mkdir -p "$(dirname "$log")"
"$@" >"$log" 2>&1
rc=$?

# tools/testing/vma: "15 tests run, 15 passed, 0 failed."
# lib/test_maple_tree.c: "maple_tree: 3803402 of 3803402 tests passed"
set -- $(sed -n \
	-e 's/^\([0-9]*\) tests run, \([0-9]*\) passed, \([0-9]*\) failed\.$/\2 \3/p' \
	-e 's/^maple_tree: \([0-9]*\) of \([0-9]*\) tests passed$/\1 \2 of/p' "$log" | tail -n 1)
if [ $# -eq 3 ]; then
	set -- "$1" $(($2 - $1))
fi
pass=${1:-0} fail=${2:-1}
reports=$(grep -c -E 'assertion failed|^(WARN|BUG) at |WARNING|AddressSanitizer|LeakSanitizer|runtime error:' "$log")

# lib/test_maple_tree.c with test_maple_tree-shape.patch:
# "maple_tree: 1522 shape checks, 207 differ from upstream's tree (...)"
shape=$(sed -n 's/^maple_tree: \([0-9]*\) shape checks, \([0-9]*\) differ.*/; \1 shape checks, \2 differ (expected)/p' "$log" | tail -n 1)

status=0
why=
if [ $# -eq 0 ]; then
	why="no summary line"; status=1
elif [ "$fail" -ne 0 ]; then
	status=1
fi
[ "$rc" -ne 0 ] && { why="${why:+$why, }exit status $rc"; status=1; }
[ "$reports" -ne 0 ] && { why="${why:+$why, }$reports warning/sanitizer lines"; status=1; }

if [ $status -ne 0 ]; then
	grep -E 'FAILED|assertion failed|^(WARN|BUG) at |WARNING|Sanitizer|runtime error:|failed' "$log" | head -n 20
	echo "upstream $name: $pass passed, $fail failed${why:+ ($why)}; log: $log"
else
	echo "upstream $name: $pass passed, $fail failed$shape"
fi
exit $status
