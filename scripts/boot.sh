#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a built kernel in QEMU (TCG) and check its console log:
#   boot.sh VARIANT ARCH FLAVOUR RUN_DIR
# Environment: VMTEST (wb.vmtest list, see guest/init.c), ROUNDS, KUNIT=0|1,
# TIMEOUT (seconds), SMP, MEM, ICOUNT=0|1, PROFILE=0|1, VMA_ARGS.
# VMA_ARGS: the VMA workload's options (guest/vma_workload.c), e.g.
# "-n 2000 -r 5": the guest runs it once, before test_vmalloc (wb.vma, see
# guest/init.c); empty (the default): it does not run.
# ICOUNT=1 adds -icount shift=0,sleep=off: guest time then counts executed
# guest instructions (1 ns each; when every vCPU idles, it jumps to the
# next timer event), so test_vmalloc's usec are thousands of instructions,
# whatever the host's load.  QEMU then runs the vCPUs in turn on one host
# thread (no MTTCG): nr_threads=2 interleaves two threads on two vCPUs, not
# in parallel.
# PROFILE=1 boots with profile=2 (the kernel's profiler, CONFIG_PROFILING:
# the prof flavour) and wb.profile=1: the guest then prints /proc/profile's
# counters after each test_vmalloc run (see guest/init.c).
# Fault injection (guest/init.c): FAILSLAB=CACHE[+CACHE...]:PERCENT:nowait|all
# boots with slab_nomerge and wb.failslab (the debug flavour has
# CONFIG_FAILSLAB); HOG=1 holds free memory near the low watermark
# (wb.hog); KMEMLEAK=1 boots with kmemleak=on and scans at the end
# (wb.kmemleak).  LABEL names the boot instead of the flavour in the log's
# name (<variant>-<arch>-<label>.console.log), for boots of one kernel
# with different settings.  OBJ boots the kernel built in OBJ instead of
# the variant's (make v1-check).
# MMSEL=1 puts upstream's mm selftests (scripts/mm-selftests.sh,
# guest/mm_selftests.list; MMSEL_TESTS="NAME ...": only those) in the
# initramfs and runs them after the VMA workload, each killed after
# MMSEL_TIMEOUT seconds (default 600) (wb.mmsel, guest/mm_selftests.c);
# MMSEL_LONG=0: without the ones the list marks "long" (make test).
# Such a boot has 3 GB of memory by default, not 2: mremap_test maps 2 GB
# at once, which the kernel's heuristic overcommit refuses in a guest of
# 2 GB (more than all its RAM).
# Fails on a timeout, a guest that does not finish, or any kernel report
# (WARNING, BUG, KASAN, UBSAN, lockdep, RCU, Oops, panic); the console log is
# kept and its path printed.
source "$(dirname "$0")/lib.sh"

variant=$1 arch=$2 flavour=$3 run_dir=$4
VMTEST=${VMTEST:-} ROUNDS=${ROUNDS:-1} KUNIT=${KUNIT:-1}
SMP=${SMP:-2} MEM=${MEM:-$([ "${MMSEL:-0}" = 1 ] && echo 3G || echo 2G)} TIMEOUT=${TIMEOUT:-900} ICOUNT=${ICOUNT:-0}
PROFILE=${PROFILE:-0} VMA_ARGS=${VMA_ARGS:-}
FAILSLAB=${FAILSLAB:-} HOG=${HOG:-0} KMEMLEAK=${KMEMLEAK:-0}
MMSEL=${MMSEL:-0} MMSEL_TIMEOUT=${MMSEL_TIMEOUT:-600}
case $MMSEL in 0|1) ;; *) die "MMSEL must be 0 or 1, not '$MMSEL'";; esac
[[ $MMSEL_TIMEOUT =~ ^[1-9][0-9]*$ ]] ||
	die "MMSEL_TIMEOUT must be a number of seconds, not '$MMSEL_TIMEOUT'"
case $HOG in 0|1) ;; *) die "HOG must be 0 or 1, not '$HOG'";; esac
case $KMEMLEAK in 0|1) ;; *) die "KMEMLEAK must be 0 or 1, not '$KMEMLEAK'";; esac
[[ $FAILSLAB =~ ^([A-Za-z0-9_.-]+(\+[A-Za-z0-9_.-]+)*:[0-9]+:(nowait|all))?$ ]] ||
	die "FAILSLAB must be CACHE[+CACHE...]:PERCENT:nowait|all, not '$FAILSLAB'"
case $ICOUNT in 0|1) ;; *) die "ICOUNT must be 0 or 1, not '$ICOUNT'";; esac
case $PROFILE in 0|1) ;; *) die "PROFILE must be 0 or 1, not '$PROFILE'";; esac
case $VMA_ARGS in *'"'*) die "VMA_ARGS cannot hold a '\"': $VMA_ARGS";; esac
obj=${OBJ:-$(obj_dir "$variant" "$arch" "$flavour")}
name=$variant-$arch-${LABEL:-$flavour}
log=$run_dir/$name.console.log
img=$obj/$(kernel_image "$arch")

[ -f "$img" ] || die "$img missing: build $name first"
initrd=$(OBJ=$obj MMSEL=$MMSEL MMSEL_LONG=${MMSEL_LONG:-1} "$TOP/scripts/initramfs.sh" "$variant" "$arch" "$flavour")
mkdir -p "$run_dir"

append="panic=-1 printk.devkmsg=on"
[ -n "$VMTEST" ] && append="$append wb.vmtest=$VMTEST wb.rounds=$ROUNDS"
[ "$KUNIT" = 1 ] || append="$append kunit.enable=0"
[ "$PROFILE" = 1 ] && append="$append profile=2 wb.profile=1"
[ -n "$VMA_ARGS" ] && append="$append wb.vma=\"$VMA_ARGS\""
[ -n "$FAILSLAB" ] && append="$append slab_nomerge wb.failslab=$FAILSLAB"
# A hang under memory pressure is what the hog is there to find: panic
# (and so end the boot) on a task blocked for 3 minutes rather than wait
# for TIMEOUT.  Each test_vmalloc run of a fault boot is shorter than that.
[ "$HOG" = 1 ] &&
	append="$append wb.hog=1 hung_task_panic=1 sysctl.kernel.hung_task_timeout_secs=180"
[ "$KMEMLEAK" = 1 ] && append="$append kmemleak=on wb.kmemleak=1"
[ "$MMSEL" = 1 ] && append="$append wb.mmsel=$MMSEL_TIMEOUT"
read -ra qemu <<<"$(arch_field "$arch" qemu)"
append="console=$(arch_field "$arch" console) $append"
qemu+=(-accel tcg -smp "$SMP" -m "$MEM" -display none -monitor none
       -serial stdio -no-reboot -kernel "$img" -initrd "$initrd"
       -append "$append")
[ "$ICOUNT" = 1 ] && qemu+=(-icount shift=0,sleep=off)

nsets=$(awk -F, '{ print NF }' <<<"$VMTEST")
total=$(( ${nsets:-0} * ROUNDS ))
say "$name: booting ($([ -n "$FAILSLAB" ] && echo "failslab $FAILSLAB, ")$([ "$HOG" = 1 ] && echo "memory hog, ")$([ "$KMEMLEAK" = 1 ] && echo "kmemleak, ")$([ -n "$VMA_ARGS" ] && echo "VMA workload '$VMA_ARGS', ")$([ "$MMSEL" = 1 ] && echo "mm selftests, ")${total} test_vmalloc runs, KUnit $([ "$KUNIT" = 1 ] && echo on || echo off)$([ "$ICOUNT" = 1 ] && echo ", icount clock")$([ "$PROFILE" = 1 ] && echo ", profiled"), timeout ${TIMEOUT}s; log: $log)"
echo "${qemu[*]}" >"$log.cmd"
start=$(date +%s)
timeout --kill-after=10 "$TIMEOUT" "${qemu[@]}" </dev/null >"$log" 2>&1 &
pid=$!
# timeout puts QEMU in a process group of its own, out of reach of a
# Ctrl-C or a kill of the command that runs this script: pass them on
# (timeout hands the signal to QEMU).
trap 'kill "$pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM HUP
shown=-1
while kill -0 "$pid" 2>/dev/null; do
	sleep 5
	progress="$(grep -c '^WB-VMTEST ' "$log" || true)/$total runs"
	[ -n "$VMA_ARGS" ] &&
		progress="$(grep -c '^WB-VMA vma: phase=' "$log" || true) VMA phases, $progress"
	[ "$MMSEL" = 1 ] &&
		progress="$(grep -c '^WB-MMSEL test=' "$log" || true) mm selftests, $progress"
	if [ "$progress" != "$shown" ] && { [ "$total" -gt 0 ] || [ -n "$VMA_ARGS" ] || [ "$MMSEL" = 1 ]; }; then
		say "$name: $progress done, $(( $(date +%s) - start ))s"
		shown=$progress
	fi
done
rc=0
wait "$pid" || rc=$?
trap - EXIT INT TERM HUP	# its pid may be another process's now
elapsed=$(( $(date +%s) - start ))

# results.py check prints a line per problem and exits 1 if it found any;
# exiting non-zero without a word is its own failure (a traceback), never
# a clean boot.
check_rc=0
problems=$(python3 "$TOP/scripts/results.py" check "$log") || check_rc=$?
[ "$check_rc" -ne 0 ] && [ -z "$problems" ] &&
	problems="scripts/results.py check failed (exit $check_rc) on the log"
[ "$rc" -eq 124 ] && problems="timeout after ${TIMEOUT}s (hang?)
$problems"
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && problems="qemu exited with $rc
$problems"
if [ -n "$problems" ]; then
	printf '%s\n' "$problems" | sed 's/^/  /' >&2
	die "$name: boot failed after ${elapsed}s; console log: $log"
fi
say "$name: clean boot in ${elapsed}s"
