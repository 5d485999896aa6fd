#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: the kernel suite (scripts/suite.sh test) and, beside it, the
# userspace tests (make test-userspace) followed by the series check
# (scripts/check-series.sh with CHECK_COMMITS=none: checkpatch --strict
# on every patch, W=1, sparse and pahole on the files the series touches;
# the suite builds the series' head on both arches anyway, make
# check-series builds every commit).
#
# The userspace tests take about 3 minutes but half a core (builds,
# waits of the RCU stress): run after the boots, they made a warm make
# test 3 minutes longer; beside them, about one.  Each side job's output
# goes to its log (build/logs/test-userspace.log, test-series.log); when
# all are done, their summary lines are printed under the kernel's table
# (and a failed one's log tail).  The verdict is all three's.
source "$(dirname "$0")/lib.sh"

ulog=$BUILD/logs/test-userspace.log slog=$BUILD/logs/test-series.log
mkdir -p "$(dirname "$ulog")"
"$TOP/scripts/base.sh"	# all need it: made once, before they start

# side_job NAME LOG COMMAND...: run it with its output in LOG, ending with
# "NAME: N s"; its exit status is the command's.
side_job() {
	local name=$1 log=$2 start=$SECONDS rc=0

	shift 2
	"$@" >"$log" 2>&1 || rc=$?
	echo "$name: $((SECONDS - start)) s" >>"$log"
	return "$rc"
}

say "userspace tests, then the series check: started beside the kernels' (logs: $ulog, $slog)"
{
	urc=0 src=0
	side_job "userspace tests" "$ulog" \
		make -C "$TOP" --no-print-directory test-userspace || urc=1
	side_job "series check" "$slog" env CHECK_COMMITS=none \
		CHECK_FLAVOURS=debug "$TOP/scripts/check-series.sh" || src=2
	exit $((urc + src))
} &
pid=$!

krc=0
"$TOP/scripts/suite.sh" test || krc=$?
if kill -0 "$pid" 2>/dev/null; then
	say "waiting for the userspace tests and the series check (logs: $ulog, $slog)"
fi
brc=0
wait "$pid" || brc=$?

# report NAME LOG FAILED: its verdict, its summary lines, a failure's tail.
report() {
	say "$1: $([ "$3" = 0 ] && echo passed || echo FAILED) in $(sed -n "s/^$1: //p" "$2") (log: $2)"
	grep -E '^[a-z][^:]*: [0-9]+ passed, [0-9]+ failed|^Ran [0-9]+ tests|^(OK|FAILED)' "$2" || true
	if [ "$3" != 0 ]; then
		echo "--- the last 40 lines of $2:"
		tail -n 40 "$2"
	fi
}
report "userspace tests" "$ulog" $((brc & 1))
report "series check" "$slog" $((brc & 2))
what=
[ "$krc" -ne 0 ] && what="$what the kernel boots,"
[ $((brc & 1)) -ne 0 ] && what="$what the userspace tests,"
[ $((brc & 2)) -ne 0 ] && what="$what the series check,"
[ -z "$what" ] || die "make test failed:${what%,}"
say "make test: passed"
