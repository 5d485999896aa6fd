#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# soak.sh [ROUNDS]: make test-kernel twice at once, ROUNDS times (default
# 4), to shake out what fails only under load: with both arches in each,
# four debug guests share the machine's cores.  TEST_VARIANTS and the other
# make test variables pass through (default here: TEST_VARIANTS=rb,
# TEST_FAULT=off, the unpatched kernel as the reference).  Each run's log
# is build/logs/soak-R-{a,b}.log; the script prints each run's verdict and
# exits 1 if any failed.
source "$(dirname "$0")/lib.sh"

rounds=${1:-4}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "usage: soak.sh [ROUNDS]"
export TEST_VARIANTS=${TEST_VARIANTS:-rb} TEST_FAULT=${TEST_FAULT:-off}
mkdir -p "$BUILD/logs"
rc=0
for r in $(seq "$rounds"); do
	say "soak: round $r of $rounds (TEST_VARIANTS='$TEST_VARIANTS', two runs at once)"
	pids=()
	for run in a b; do
		make -C "$TOP" --no-print-directory test-kernel \
			>"$BUILD/logs/soak-$r-$run.log" 2>&1 &
		pids+=($!)
		sleep 3	# results directories are named by the second
	done
	for i in 0 1; do
		run=$([ "$i" = 0 ] && echo a || echo b)
		if wait "${pids[$i]}"; then
			say "soak: round $r run $run passed"
		else
			rc=1
			warn "soak: round $r run $run failed (log: $BUILD/logs/soak-$r-$run.log)"
			grep -E "^(boot failed|  )" "$BUILD/logs/soak-$r-$run.log" | head -20 >&2 || true
		fi
	done
done
exit "$rc"
