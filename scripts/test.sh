#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: the userspace tests (make test-userspace) and the kernel suite
# (scripts/suite.sh test) side by side.
#
# The userspace tests take about 3 minutes but half a core (builds,
# waits of the RCU stress): run after the boots, they made a warm make
# test 3 minutes longer; beside them, about one.  Their output goes to
# build/logs/test-userspace.log; when both are done, their summary lines
# are printed under the kernel's table (and the log's tail if they
# failed).  The verdict is both's.
source "$(dirname "$0")/lib.sh"

log=$BUILD/logs/test-userspace.log
mkdir -p "$(dirname "$log")"
"$TOP/scripts/base.sh"	# both need it: made once, before they start

say "userspace tests: started beside the kernels' (log: $log)"
{
	start=$SECONDS rc=0
	make -C "$TOP" --no-print-directory test-userspace || rc=$?
	echo "userspace tests: $((SECONDS - start)) s"
	exit "$rc"
} >"$log" 2>&1 &
pid=$!

krc=0
"$TOP/scripts/suite.sh" test || krc=$?
if kill -0 "$pid" 2>/dev/null; then
	say "userspace tests: waiting for them (log: $log)"
fi
urc=0
wait "$pid" || urc=$?

say "userspace tests: $([ "$urc" -eq 0 ] && echo passed || echo FAILED) in $(sed -n 's/^userspace tests: //p' "$log") (log: $log)"
# Each suite's summary line, and the report tests' unittest verdict.
grep -E '^[a-z][^:]*: [0-9]+ passed, [0-9]+ failed|^Ran [0-9]+ tests|^(OK|FAILED)' "$log" || true
if [ "$urc" -ne 0 ]; then
	echo "--- the last 40 lines of $log:"
	tail -n 40 "$log"
fi
if [ "$krc" -ne 0 ] || [ "$urc" -ne 0 ]; then
	die "make test failed:$([ "$urc" -ne 0 ] && echo " the userspace tests")$([ "$krc" -ne 0 ] && echo " the kernel boots")"
fi
say "make test: passed"
