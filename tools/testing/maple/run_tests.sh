#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the maple tree test binaries and print one total summary line.
#   run_tests.sh DEBUG_BIN [FAST_BIN [TSAN_BIN]]
# DEBUG_BIN runs every suite, its fuzzing share being FUZZ_VALIDATE_OPS
# operations with mt_validate() after each; FAST_BIN (optimised, no
# validation) runs the rest of FUZZ_OPS, from the next seeds on; TSAN_BIN
# (ThreadSanitizer) runs the RCU stress for TSAN_RCU_MS (default 500) ms
# per case, and any report fails it.
# Each binary prints KTAP; when KUNIT_PY names the kernel's
# tools/testing/kunit/kunit.py, its "parse" reads each binary's output as
# it reads a boot's, and must agree with the binary's own summary: it
# fails exactly when cases failed, and counts as many passes.

debug=$1
fast=$2
tsan=$3
here=$(cd "$(dirname "$0")" && pwd)
ops=${FUZZ_OPS:-1000000}
vops=${FUZZ_VALIDATE_OPS:-500000}
seed=${FUZZ_SEED:-1}
round=${FUZZ_ROUND_OPS:-20000}
[ "$vops" -gt "$ops" ] && vops=$ops
[ -z "$fast" ] && vops=$ops
fops=$((ops - vops))
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0

run() {
	echo "== $*"
	"$@" 2>&1 | tee "$out.1"
	rc=$?
	# tee hides the binary's exit status; recover it from the summary.
	line=$(grep '^# summary: ' "$out.1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $1 died before its summary (see above)"
		echo "0 1" >> "$out"
		status=1
		return
	fi
	echo "$line" | awk '{print $3, $5}' >> "$out"
	case "$line" in *" 0 failed") ;; *) status=1 ;; esac
	[ -n "${KUNIT_PY:-}" ] && kunit_agrees "$line"
	rm -f "$out.1"
}

# kunit_agrees SUMMARY-LINE: kunit.py parse of $out.1 fails exactly when
# the summary counts failures, and counts the same passes.
kunit_agrees() {
	kunit_rc=0
	python3 "$KUNIT_PY" parse "$out.1" > "$out.kunit" 2>&1 || kunit_rc=$?
	passed=$(echo "$1" | awk '{print $3}')
	failed=$(echo "$1" | awk '{print $5}')
	kpassed=$(sed -n 's/.*Ran [0-9]* tests: passed: \([0-9]*\).*/\1/p' \
		"$out.kunit" | tail -n 1)
	if [ "$passed" != "$kpassed" ] ||
	   { [ "$failed" = 0 ] && [ "$kunit_rc" != 0 ]; } ||
	   { [ "$failed" != 0 ] && [ "$kunit_rc" = 0 ]; }; then
		echo "FAIL kunit.py parse disagrees with the summary" \
			"($passed passed, $failed failed; kunit.py: exit" \
			"$kunit_rc, ${kpassed:-no} passed):"
		cat "$out.kunit"
		echo "0 1" >> "$out"
		status=1
	else
		echo "kunit.py parse: $(grep 'Ran [0-9]* tests' "$out.kunit" |
			tail -n 1 | sed 's/^\[[0-9:]*\] //')"
	fi
	rm -f "$out.kunit"
}

FUZZ_OPS=$vops FUZZ_SEED=$seed FUZZ_ROUND_OPS=$round run "$debug"
if [ -n "$fast" ] && [ "$fops" -gt 0 ]; then
	# The validated part used seeds seed .. seed + rounds - 1.
	next=$((seed + (vops + round - 1) / round))
	FUZZ_OPS=$fops FUZZ_SEED=$next FUZZ_ROUND_OPS=$round run "$fast" fuzz
fi
if [ -n "$tsan" ]; then
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$here/tsan.supp" \
		RCU_MS=${TSAN_RCU_MS:-500} run "$tsan" rcu
fi
awk '{p += $1; f += $2} END {printf "maple: %d passed, %d failed\n", p, f}' "$out"
exit $status
