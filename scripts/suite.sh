#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build, boot and report one of the workbench's suites:
#   suite.sh test|fault|mmsel|run|bench|sweep|profile
#
#   test   debug flavour, every variant in TEST_VARIANTS, KUnit on, the VMA
#          workload (TEST_VMA options) once, upstream's mm selftests in the
#          boots of the variants in TEST_MMSEL (default rb ours; not those
#          guest/mm_selftests.list marks "long"), each
#          test_vmalloc subtest loaded on its own; judged against rb (the
#          VMA workload must pass everywhere, each mm selftest must pass or
#          skip, the same way as on rb); then, per arch, two
#          fault-injection boots of each variant in TEST_FAULT (default
#          ours; see FAULT_* below)
#   fault  debug flavour, only the fault-injection boots of the variants in
#          FAULT_VARIANTS (default ours), FAULT_REPEAT times each
#          (scripts/fault-boots.sh), judged as in test
#   mmsel  debug flavour, every variant in MMSEL_VARIANTS (default rb
#          ours), KUnit off, only upstream's mm selftests, all of
#          guest/mm_selftests.list (scripts/mm-selftests.sh), each given
#          MMSEL_TIMEOUT seconds (default 3600 here), judged as in test
#   run    perf flavour, ours, KUnit on, each subtest once; a table
#   bench  perf flavour, every variant in BENCH_VARIANTS, KUnit off, the
#          VMA workload (BENCH_VMA options) with BENCH_ROUNDS rounds, each
#          subtest at nr_threads 1 and 2, BENCH_ROUNDS rounds; medians and
#          ratios against rb; BENCH_CLOCK=icount times in guest
#          instructions (QEMU -icount, see scripts/boot.sh) instead of
#          host real time
#   sweep  the contention sweep: perf flavour, every variant in
#          BENCH_VARIANTS booted at each -smp in BENCH_SMP (default 4 8,
#          logs labelled smpN), full_fit, long_busy_list and random_size
#          at nr_threads 1, 2, 4 and 8, BENCH_SWEEP_LOOPS loops (default
#          200), BENCH_SWEEP_ROUNDS rounds (default 3); BENCH_CLOCK
#          icount by default; medians and ratios against rb
#   profile  prof flavour (perf + the kernel's profiler), every variant in
#          PROFILE_VARIANTS, KUnit off, each subtest once at nr_threads=1,
#          booted with profile=2: the guest dumps /proc/profile after each
#          subtest, and results.py profile-report maps the ticks to the
#          kernel's symbols (top 25 and groups per subtest); BENCH_LOOPS
#          and BENCH_CLOCK as for bench, but icount by default;
#          PROFILE_VMA (the VMA workload's options, default off) profiles
#          the VMA workload as one more run
#
# Environment: ARCHES, TEST_VARIANTS, BENCH_VARIANTS, PROFILE_VARIANTS,
# TEST_LOOPS, TEST_BASE_LOOPS, BENCH_LOOPS, BENCH_ROUNDS, BENCH_CLOCK=real|icount,
# SERIES_UPTO (mt and ours with only the first N patches of the series),
# TEST_VMA and BENCH_VMA (guest/vma_workload.c's options, "off": it does
# not run; bench adds -r BENCH_ROUNDS before them), TEST_FAULT (variants
# that get the fault-injection boots in make test, e.g. "ours mt"; default
# "ours"; "off": none), TEST_MMSEL and MMSEL_VARIANTS (above; "off": none),
# MMSEL_TESTS (only those mm selftests), MMSEL_TIMEOUT (seconds a selftest
# may take, scripts/boot.sh), FAULT_VARIANTS and FAULT_REPEAT (above).
# Results and console logs go to
# build/results/<mode>-<time>/ (bench-icount-<time>/ with the icount clock),
# and build/results/latest-<mode> (latest-bench-icount) points at the newest.
# A bench with SERIES_UPTO goes to bench[-icount]-uptoN-<time>/ and
# latest-bench[-icount]-uptoN: latest-bench, which make series puts in the
# cover letter, stays a run of the whole series.  A profile goes to
# profile-<clock>-<time>/profile.md, and latest-profile points at it.
source "$(dirname "$0")/lib.sh"

mode=${1:?usage: suite.sh test|fault|mmsel|run|bench|sweep|profile}
upto=$(series_upto)	# checked before anything is built
upto_arg=${upto:+ SERIES_UPTO=$upto}	# for the printed command
ARCHES=${ARCHES:-$ALL_ARCHES}
MASKS="1 2 4 8 16 32 64 128 256 512 1024"
# make bench and make profile: only these subtests (test_vmalloc masks), if
# BENCH_MASKS is set.
case $mode in bench|profile) MASKS=${BENCH_MASKS:-$MASKS} ;; esac
# The VMA workload's options by default.  make test: small, for the debug
# kernel checks the whole VMA tree at every change of it
# (DEBUG_VM_MAPLE_TREE), so a phase's time grows with the square of -n
# (about 6 s of a debug boot here, -n 10000 did not finish its first phase
# in 5 minutes).  make bench: the workload's default pool, fewer refault
# passes in the threads phase (4-7 s a round on a perf kernel).
TEST_VMA_DEFAULT="-n 300 -i 4 -f 2"
BENCH_VMA_DEFAULT="-n 10000 -i 8"
# make test's fault-injection boots (scripts/boot.sh's FAILSLAB, HOG,
# KMEMLEAK, LABEL), of the debug kernels already built, KUnit off:
#   reclaim  maple nodes' non-blocking allocations fail half the time, a
#            hog holds free memory in a band below the low watermark so
#            that kswapd and direct reclaim run the shrinkers (vmalloc's
#            takes vmap_purge_lock), while test_vmalloc's fix_size and
#            full_fit (2 threads) run: an erase that falls back to
#            GFP_KERNEL under vmap_purge_lock is a circular dependency
#            lockdep reports, and a hang the hung-task detector turns
#            into a panic (v1 of the series: make v1-check V1_FAULT=1)
#   enomem   all allocations, blocking ones too, fail at 5 % in the maple
#            node and vmap_area caches and the kmalloc caches of the
#            series' batches, while the VMA workload (-E: it makes a call
#            that failed with ENOMEM again, and checks everything) and
#            the test_vmalloc subtests of FAULT_ENOMEM_MASKS run; kmemleak
#            then scans
# Each must boot clean (no kernel report), inject failures, and the
# reclaim boot must see reclaim (scripts/results.py).  FAULT_RECLAIM and
# FAULT_ENOMEM (scripts/lib.sh) are their failslab settings.  By default
# ours gets them (TEST_FAULT): our maple tree and the series both.
clock=real	# only make bench has a choice (BENCH_CLOCK)
sweep_smp=	# make bench-sweep's -smp values (BENCH_SMP)
mmsel=		# variants whose boots run the mm selftests
base_vmtest=	# rb's wb.vmtest in make test, if not $vmtest
vma=off		# the VMA workload's options (boot.sh's VMA_ARGS)
loops=${BENCH_LOOPS:-5000}	# test_loop_count of bench and profile

case $mode in
test)	variants=${TEST_VARIANTS:-$ALL_VARIANTS} flavour=debug kunit=1 rounds=1
	vma=${TEST_VMA:-$TEST_VMA_DEFAULT}
	fault=${TEST_FAULT:-ours}
	vmtest=$(sets 2 "${TEST_LOOPS:-50}") timeout=1800
	# rb's outcomes are the reference the others are judged against
	# (which subtests fail by design on the unpatched kernel); what is
	# tested runs TEST_LOOPS.
	base_vmtest=$(sets 2 "${TEST_BASE_LOOPS:-10}")
	# By default those of rb and ours that this run boots.
	# (A list, one line: the boots look a variant up in " $mmsel ".)
	mmsel=${TEST_MMSEL:-$(for v in rb ours; do
		case " $variants " in *" $v "*) printf '%s ' "$v";; esac; done)} ;;
fault)	variants=${FAULT_VARIANTS:-ours} flavour=debug fault=$variants
	vma=${TEST_VMA:-$TEST_VMA_DEFAULT} ;;
mmsel)	variants=${MMSEL_VARIANTS:-rb ours} flavour=debug kunit=0 rounds=1
	# uffd-unit-tests did not finish in 1800 s on x86_64 (debug, TCG, a
	# loaded 2-core host): it was in the 58th of its 66 cases.
	export MMSEL_TIMEOUT=${MMSEL_TIMEOUT:-3600}
	vmtest= timeout=$((3 * MMSEL_TIMEOUT)) mmsel=$variants ;;
run)	variants=ours flavour=perf kunit=1 rounds=1
	vmtest=$(sets 1 "${RUN_LOOPS:-5000}") timeout=900 ;;
bench)	variants=${BENCH_VARIANTS:-$ALL_VARIANTS} flavour=perf kunit=0
	rounds=${BENCH_ROUNDS:-5} clock=${BENCH_CLOCK:-real}
	vma=${BENCH_VMA:-$BENCH_VMA_DEFAULT}
	vmtest=$(sets "1 2" "$loops") timeout=3600 ;;
sweep)	variants=${BENCH_VARIANTS:-$ALL_VARIANTS} flavour=perf kunit=0
	rounds=${BENCH_SWEEP_ROUNDS:-3} clock=${BENCH_CLOCK:-icount}
	sweep_smp=${BENCH_SMP:-4 8} loops=${BENCH_SWEEP_LOOPS:-200}
	# full_fit, long_busy_list, random_size: the subtests that contend
	# on the allocator's locks; 4 threads need an -smp 8 boot 4 times
	# as long as one thread does under icount (one host thread).
	sweep=$(MASKS="2 4 8" sets "1 2 4 8" "$loops") timeout=7200
	# 2G ran out at nr_threads=8 (the OOM killer found nothing to kill:
	# rb and mt at -smp 8, arm64 and x86_64).
	sweep_mem=4G ;;
profile) variants=${PROFILE_VARIANTS:-rb mt} flavour=prof kunit=0 rounds=1
	clock=${BENCH_CLOCK:-icount} vma=${PROFILE_VMA:-off}
	vmtest=$(sets 1 "$loops") timeout=3600 ;;
*)	die "unknown suite '$mode'" ;;
esac
case $clock in
real|icount) ;;
*) die "unknown BENCH_CLOCK '$clock' (real: host time; icount: guest instructions)" ;;
esac
[ -n "${variants// /}" ] || die "$mode: no variants given"
for smp in $sweep_smp; do
	[[ $smp =~ ^[1-9][0-9]*$ ]] && [ "$smp" -le 16 ] ||
		die "BENCH_SMP takes CPU counts from 1 to 16, not '$smp'"
done
vma_opts=$vma	# for the printed command
[ "$vma" = off ] && vma=
[ "$mode" = bench ] && [ -n "$vma" ] && vma="-r $rounds $vma"
for v in $variants; do check_variant "$v"; done
fault=${fault:-off}
[ "$fault" = off ] && fault=
[ "$mmsel" = off ] && mmsel=
check_subset() {	# check_subset VARIABLE-NAME VARIANTS: all among $variants
	local v
	for v in $2; do
		check_variant "$v"
		case " $variants " in *" $v "*) ;; *)
			die "$1 names $v, which is not among the variants built ('$variants')";;
		esac
	done
}
check_subset TEST_MMSEL "$mmsel"
check_subset TEST_FAULT "$fault"
# An icount run is kept apart from the real-time ones: latest-bench feeds
# the cover letter (scripts/cover.py).
icount=0 name=$mode
if [ "$clock" = icount ]; then
	icount=1 name=$mode-icount
fi
[ "$mode" = bench ] && [ -n "$upto" ] && name=$name-upto$upto
latest=latest-$name
if [ "$mode" = profile ]; then
	name=profile-$clock latest=latest-profile
fi
case $mode in run|profile|fault) ;; *)
	case " $variants " in *" rb "*) ;; *)
		die "$mode needs the rb variant to judge against";;
	esac ;;
esac

run_dir=$RESULTS/$name-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir"
ln -sfn "$(basename "$run_dir")" "$RESULTS/$latest"
say "$mode: variants '$variants', arches '$ARCHES', $flavour flavour, $clock clock$([ -n "$upto" ] && echo ", SERIES_UPTO=$upto")$([ -n "$vma" ] && echo ", VMA workload '$vma'"); results in $run_dir"
"$TOP/scripts/base.sh"

# A figure of host time would count another guest's load: real-clock
# runs make one thing at a time unless JOBS says otherwise; icount figures
# count instructions.
jobs=${JOBS:-2}
case $mode in run|bench|sweep|profile)
	[ "$clock" = icount ] || jobs=${JOBS:-1} ;;
esac
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS takes a count, not '$jobs'"
for arch in $ARCHES; do check_arch "$arch"; done

# --- The work: builds and boots, JOBS at once --------------------------------
# A task is a kernel's build or one boot: build:V:A, boot:V:A (the mode's
# boot), sweep:V:A:SMP (make bench-sweep's) or fault:V:A:KIND (make test's
# and make test-fault's, scripts/fault-boots.sh).  Up to $jobs run at once:
# builds first, for the boots wait for them, then the boots, longest first,
# on whichever slot is free.  "Longest" is the time the same task took in
# the last run of this mode ($RESULTS/.task-seconds-MODE); one never timed
# counts as longest.  Two builds of one arch, from an empty ccache, would
# both compile what the second could take from the first's (rb and mt
# share most objects): they are not started together.  Two of one variant
# are (they share its tree, scripts/lib.sh's lock_variant).  The names
# of the boots that fail go to $run_dir/.failed, one a line.

# run_task TASK: do it; false only if a build or a script fails.
run_task() {
	local kind v arch arg names rc=0 vt=$vmtest

	IFS=: read -r kind v arch arg <<<"$1"
	if [ "$v" = "$WB_BASELINE" ] && [ -n "$base_vmtest" ]; then
		vt=$base_vmtest
	fi
	case $kind in
	build)	"$TOP/scripts/build.sh" "$v" "$arch" "$flavour" ;;
	boot)	if [ "$mode" = profile ]; then	# what the report maps ticks with
			python3 "$TOP/scripts/results.py" profile-save "$run_dir" \
				"$v" "$arch" "$flavour"
		fi
		VMTEST=$vt ROUNDS=$rounds KUNIT=$kunit TIMEOUT=$timeout ICOUNT=$icount \
		VMA_ARGS=$vma \
		MMSEL=$(case " $mmsel " in *" $v "*) echo 1;; *) echo 0;; esac) \
		MMSEL_LONG=$([ "$mode" = mmsel ] && echo 1 || echo 0) \
		PROFILE=$([ "$mode" = profile ] && echo 1 || echo 0) \
			"$TOP/scripts/boot.sh" "$v" "$arch" "$flavour" "$run_dir" ||
			echo "$v-$arch-$flavour" >>"$run_dir/.failed" ;;
	sweep)	VMTEST=$sweep ROUNDS=$rounds KUNIT=0 TIMEOUT=$timeout \
		ICOUNT=$icount SMP=$arg MEM=$sweep_mem LABEL=smp$arg \
			"$TOP/scripts/boot.sh" "$v" "$arch" "$flavour" "$run_dir" ||
			echo "$v-$arch-smp$arg" >>"$run_dir/.failed" ;;
	fault)	names=$(VMA_ARGS=$vma TIMEOUT=1800 \
			"$TOP/scripts/fault-boots.sh" "$v" "$arch" "$run_dir" "$arg") || rc=$?
		# A failure that names no boot is the script's own.
		[ "$rc" -ne 0 ] && [ -z "$names" ] && return 1
		# shellcheck disable=SC2086	# one boot's name a word
		[ -z "$names" ] || printf '%s\n' $names >>"$run_dir/.failed" ;;
	esac
}

# The tasks: the builds, then the boots in the order they are declared.
tasks=()
for v in $variants; do
	for arch in $ARCHES; do tasks+=("build:$v:$arch"); done
done
boots=()
for v in $variants; do
	for arch in $ARCHES; do
		case $mode in fault|sweep) ;; *) boots+=("boot:$v:$arch");; esac
		for smp in $sweep_smp; do boots+=("sweep:$v:$arch:$smp"); done
	done
done
for v in $fault; do
	for arch in $ARCHES; do
		boots+=("fault:$v:$arch:reclaim" "fault:$v:$arch:enomem")
	done
done
history=$RESULTS/.task-seconds-$mode
declare -A secs=()
if [ -f "$history" ]; then
	while read -r t s; do secs[$t]=$s; done <"$history"
fi
nbuilds=${#tasks[@]}
# Longest first; a task never timed before the others, in declared order.
mapfile -t -O ${#tasks[@]} tasks < <(
	for i in "${!boots[@]}"; do
		printf '%s %s %s\n' "${secs[${boots[$i]}]:-999999}" "$i" "${boots[$i]}"
	done | sort -k1,1nr -k2,2n | cut -d' ' -f3)

# Each task runs as a job of its own: errexit holds in a job, where a
# function called as "run_task || ..." would lose it.
declare -A state=() task_of=() start_of=()
failed_tasks=() running=0
: >"$run_dir/.failed"

# next_task: the first pending task that may start now, in $next ("" if
# none); a boot whose build failed is skipped.
next_task() {
	local t kind v arch dep busy

	next=
	for t in "${tasks[@]}"; do
		[ -z "${state[$t]:-}" ] || continue
		IFS=: read -r kind v arch _ <<<"$t"
		if [ "$kind" = build ]; then
			busy=0
			for dep in "${!state[@]}"; do
				case $dep in build:*:"$arch")
					[ "${state[$dep]}" = running ] && busy=1;;
				esac
			done
			[ "$busy" -eq 0 ] || continue
		else
			dep=${state[build:$v:$arch]:-}
			if [ "$dep" = failed ] || [ "$dep" = skipped ]; then
				state[$t]=skipped
				continue
			fi
			[ "$dep" = ok ] || continue
		fi
		next=$t
		return
	done
}

# task_ended PID STATUS: the bookkeeping of a task that ended.
task_ended() {
	local t=${task_of[$1]}

	unset "task_of[$1]"
	if [ "$2" -eq 0 ]; then
		state[$t]=ok
		secs[$t]=$((SECONDS - start_of[$t]))
	else
		state[$t]=failed
		failed_tasks+=("$t")
	fi
	running=$((running - 1))
}

# reap_tasks: wait for a task to end.  Bash 5.2's "wait -n" now and then
# returns without a status when two jobs end together, so each task that
# is no longer running is also waited for by its PID.
reap_tasks() {
	local pid= rc=0 before=$running

	wait -n -p pid || rc=$?
	[ -z "$pid" ] || task_ended "$pid" "$rc"
	for pid in "${!task_of[@]}"; do
		kill -0 "$pid" 2>/dev/null && continue
		rc=0
		wait "$pid" || rc=$?
		task_ended "$pid" "$rc"
	done
	[ "$running" -lt "$before" ] || sleep 1
}

say "$mode: ${#tasks[@]} builds and boots, $jobs at once; the boots in this order: ${tasks[*]:nbuilds}"
while :; do
	while [ "$running" -lt "$jobs" ]; do
		next_task
		[ -n "$next" ] || break
		run_task "$next" &
		task_of[$!]=$next
		start_of[$next]=$SECONDS
		state[$next]=running
		running=$((running + 1))
	done
	[ "$running" -gt 0 ] || break
	reap_tasks
done
# What this run timed replaces what the last one did; the rest stays.
for t in "${!secs[@]}"; do printf '%s %s\n' "$t" "${secs[$t]}"; done |
	sort >"$history"
skipped=()
for t in "${tasks[@]}"; do
	[ "${state[$t]}" = skipped ] && skipped+=("$t")
done
[ ${#failed_tasks[@]} -eq 0 ] ||
	die "${failed_tasks[*]}: a build or a script failed (the messages above say which)${skipped:+; not run: ${skipped[*]}}"
mapfile -t failed <"$run_dir/.failed"
rm -f "$run_dir/.failed"

python3 "$TOP/scripts/results.py" collect "$run_dir"
rc=0
report_args=()	# the failed boots, the variants that ran mm selftests
for f in "${failed[@]}"; do
	report_args+=(--boot-failed "$f")
done
case $mode in
test|mmsel|fault)
	for v in $mmsel; do report_args+=(--mmsel "$v"); done
	python3 "$TOP/scripts/results.py" test-report "${report_args[@]}" "$run_dir" || rc=1 ;;
run)	python3 "$TOP/scripts/results.py" test-report --no-judge "${report_args[@]}" "$run_dir" || rc=1 ;;
bench)	cmd="make bench ARCHES='$ARCHES' BENCH_VARIANTS='$variants' BENCH_ROUNDS=$rounds BENCH_LOOPS=$loops BENCH_VMA='$vma_opts'"
	[ -n "${BENCH_MASKS:-}" ] && cmd="$cmd BENCH_MASKS='$BENCH_MASKS'"
	[ "$clock" = icount ] && cmd="$cmd BENCH_CLOCK=icount"
	cmd="$cmd$upto_arg"
	python3 "$TOP/scripts/results.py" bench-report "$run_dir" \
		--clock "$clock" --command "$cmd" || rc=1 ;;
sweep)	cmd="make bench-sweep ARCHES='$ARCHES' BENCH_VARIANTS='$variants' BENCH_SMP='$sweep_smp' BENCH_SWEEP_ROUNDS=$rounds BENCH_SWEEP_LOOPS=$loops BENCH_CLOCK=$clock$upto_arg"
	python3 "$TOP/scripts/results.py" sweep-report "$run_dir" \
		--clock "$clock" --command "$cmd" || rc=1 ;;
profile) cmd="make profile ARCHES='$ARCHES' PROFILE_VARIANTS='$variants' BENCH_LOOPS=$loops BENCH_CLOCK=$clock$upto_arg"
	[ -n "${BENCH_MASKS:-}" ] && cmd="$cmd BENCH_MASKS='$BENCH_MASKS'"
	[ -n "$vma" ] && cmd="$cmd PROFILE_VMA='$vma_opts'"
	python3 "$TOP/scripts/results.py" profile-report "${report_args[@]}" \
		"$run_dir" --clock "$clock" --command "$cmd" || rc=1 ;;
esac
[ ${#failed[@]} -eq 0 ] || rc=1
exit $rc
