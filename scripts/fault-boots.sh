#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The two fault-injection boots of one variant's debug kernel (already
# built) on one arch, reclaim then enomem (scripts/suite.sh says what each
# does and why):
#
#   fault-boots.sh VARIANT ARCH RUN_DIR [KINDS]
#
# KINDS: "reclaim", "enomem" or both (the default), the boots to make.
# Environment: VMA_ARGS (the VMA workload's options, to which the enomem
# boot adds -E; empty: no workload), TIMEOUT (seconds per boot, default
# 1800), TEST_LOOPS (test_loop_count of the reclaim boot's runs, default
# 50), FAULT_REPEAT (boots of each kind, default 1: more catch what an
# injected failure breaks only sometimes; the n-th pair is labelled
# reclaim<n> and enomem<n> from the second on).
#
# Prints the name of each boot that failed (VARIANT-ARCH-LABEL) on stdout,
# one a line, and exits 1 if any did; boot.sh says why on stderr.
source "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || [ $# -eq 4 ] ||
	die "usage: fault-boots.sh VARIANT ARCH RUN_DIR [reclaim|enomem|'reclaim enomem']"
variant=$1 arch=$2 run_dir=$3 kinds=${4:-reclaim enomem}
for kind in $kinds; do
	case $kind in reclaim|enomem) ;; *) die "fault-boots.sh: no '$kind' boot (reclaim, enomem)";; esac
done
has() { case " $kinds " in *" $1 "*) true;; *) false;; esac; }
repeat=${FAULT_REPEAT:-1} timeout=${TIMEOUT:-1800} loops=${TEST_LOOPS:-50}
[[ $repeat =~ ^[1-9][0-9]*$ ]] ||
	die "FAULT_REPEAT must be a positive number, not '$repeat'"

failed=0
for ((n = 1; n <= repeat; n++)); do
	suffix= of=
	if [ "$repeat" -gt 1 ]; then
		of=", $n of $repeat"
		[ "$n" -gt 1 ] && suffix=$n
	fi
	say "$variant-$arch: fault-injection boots (${kinds// /, })$of"
	if has reclaim; then
		VMTEST=$(MASKS="1 2" sets 2 "$loops") KUNIT=0 TIMEOUT=$timeout \
		LABEL=reclaim$suffix FAILSLAB=$FAULT_RECLAIM HOG=1 VMA_ARGS='' \
			"$TOP/scripts/boot.sh" "$variant" "$arch" debug "$run_dir" ||
			{ echo "$variant-$arch-reclaim$suffix"; failed=1; }
	fi
	if has enomem; then
		VMTEST=$(MASKS=$FAULT_ENOMEM_MASKS sets 2 "$FAULT_ENOMEM_LOOPS") KUNIT=0 \
		VMA_ARGS=${VMA_ARGS:+$VMA_ARGS -E} TIMEOUT=$timeout \
		LABEL=enomem$suffix FAILSLAB=$FAULT_ENOMEM KMEMLEAK=1 \
			"$TOP/scripts/boot.sh" "$variant" "$arch" debug "$run_dir" ||
			{ echo "$variant-$arch-enomem$suffix"; failed=1; }
	fi
done
exit "$failed"
