# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the workbench scripts.  Source it; do not run it.

set -euo pipefail
# errexit ends a script without a word: say where.  (Not in functions and
# command substitutions, where the caller's line is the one that fails.)
trap 'echo "error: ${0##*/}: line $LINENO: a command failed (exit status $?)" >&2' ERR

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE_DIR=$BUILD/base
BASE_TREE=$BASE_DIR/linux
RESULTS=${RESULTS:-$BUILD/results}
ALL_FLAVOURS="debug perf prof"

# The arches and variants (configs/workbench.def, read by scripts/wbdef.py):
# ALL_ARCHES, ALL_VARIANTS, WB_BASELINE and the arrays WB_ARCH[ARCH.FIELD]
# and WB_VARIANT[VARIANT.FIELD]; arch_field and variant_field read them.
# scripts/deps.sh, which installs python3, sets WB_NO_DEFS=1.
if [ -z "${WB_NO_DEFS:-}" ]; then
	WB_DEFS_SH=$(python3 "$TOP/scripts/wbdef.py" shell) ||
		{ echo "error: configs/workbench.def cannot be read" >&2; exit 1; }
	eval "$WB_DEFS_SH"
fi
arch_field()    { echo "${WB_ARCH[$1.$2]}"; }
variant_field() { echo "${WB_VARIANT[$1.$2]}"; }

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache-kernel}
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

# Kernel builds have deterministic identities so that ccache hits across
# variants and runs.
export KBUILD_BUILD_USER=workbench KBUILD_BUILD_HOST=workbench
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 1970"

GIT_ID=(-c user.name="Workbench" -c user.email="workbench@localhost"
	-c commit.gpgsign=false)

# The fault-injection boots' failslab settings (boot.sh's FAILSLAB), for
# make test (scripts/suite.sh says what each boot does) and make v1-check.
FAULT_RECLAIM="maple_node:50:nowait"
FAULT_ENOMEM="maple_node+vmap_area+kmalloc-256+kmalloc-512+kmalloc-1k:5:all"
# The enomem boot's test_vmalloc subtests (masks) and loops: not full_fit,
# long_busy_list (minutes each with kmemleak tracking every allocation),
# align_shift (it fails on every kernel, see scripts/results.py),
# pcpu_alloc (128: with kmemleak tracking each of its 35,000 per-CPU
# allocations, its loop, which never sleeps, held both vCPUs for 20 to
# 110 s under TCG: soft-lockup and RCU-stall reports from the test itself)
# nor vm_map_ram (1024): 6.12's vm_map_ram_test writes through what
# vm_map_ram() returns without checking it for NULL, so an injected
# failure there oopses in the test itself, on any kernel.
FAULT_ENOMEM_MASKS="1 8 16 32 256 512"
FAULT_ENOMEM_LOOPS=50

# sets THREADS-LIST LOOPS: boot.sh's VMTEST, each test_vmalloc mask of
# $MASKS at each thread count, LOOPS loops, one repeat.
sets() {	# sets THREADS-LIST LOOPS
	local m t out=()
	for t in $1; do
		for m in $MASKS; do
			out+=("$m:$t:$2:1")
		done
	done
	local IFS=,
	echo "${out[*]}"
}

say()  { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a long command with its output in a log; on failure show the tail of
# the log and its path.
run_logged() {
	local log=$1; shift
	mkdir -p "$(dirname "$log")"
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2 || true
		die "'$*' failed; full log: $log"
	fi
}

# run_logged with a progress line every PROGRESS seconds (default 60):
# elapsed time and the last line of the log.
run_progress() {
	local log=$1 what=$2 pid start rc=0
	shift 2
	mkdir -p "$(dirname "$log")"
	start=$(date +%s)
	"$@" >>"$log" 2>&1 &
	pid=$!
	while ! wait_or_tick "$pid" "${PROGRESS:-60}"; do
		printf '    %s: %ds, %s\n' "$what" "$(( $(date +%s) - start ))" \
			"$(tail -n 1 "$log" | cut -c1-70 | sed 's/^ *//')" >&2
	done
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$log" >&2 || true
		die "$what failed; full log: $log"
	fi
}

# Wait up to $2 seconds for process $1; true once it has ended.
wait_or_tick() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

check_variant() {
	case " $ALL_VARIANTS " in *" $1 "*) ;; *) die "unknown variant '$1' (one of: $ALL_VARIANTS)";; esac
}

check_arch() {
	case " $ALL_ARCHES " in *" $1 "*) ;; *) die "unknown arch '$1' (one of: $ALL_ARCHES)";; esac
}

check_flavour() {
	case " $ALL_FLAVOURS " in *" $1 "*) ;; *) die "unknown flavour '$1' (one of: $ALL_FLAVOURS)";; esac
}

# The vmalloc series: patches/*.patch (or DIR/*.patch: v1 in patches/v1),
# in sorted order.
series_patches() { ls "${1:-$TOP/patches}"/*.patch 2>/dev/null | sort || true; }

# SERIES_UPTO=N: the mt and ours trees carry only the first N patches of the
# series (to measure the series patch by patch).  Prints N if SERIES_UPTO is
# set, nothing if it is unset or empty (the whole series); dies on a value
# that is not a whole number from 0 to the number of patches.
series_upto() {
	local total n
	[ -n "${SERIES_UPTO:-}" ] || return 0
	total=$(series_patches | wc -l)
	[[ $SERIES_UPTO =~ ^[0-9]+$ ]] ||
		die "SERIES_UPTO must be a number of patches from 0 to $total (patches/ holds $total), not '$SERIES_UPTO'"
	n=$(sed 's/^0*//' <<<"$SERIES_UPTO")
	n=${n:-0}
	[ ${#n} -le 6 ] && [ "$n" -le "$total" ] ||
		die "SERIES_UPTO=$SERIES_UPTO, but patches/ holds only $total patches"
	echo "$n"
}

# The flavour's config fragments, merged in this order after base, arch and
# kunit: prof (make profile) is perf plus the profiler (configs/prof.config).
flavour_configs() {
	case $1 in
	prof)	echo perf prof ;;
	*)	echo "$1" ;;
	esac
}

variant_tree() { echo "$BUILD/$1/linux"; }

# A branch of the base repository for this build directory's trees: every
# checkout of the workbench (each with its own build/) makes its trees as
# worktrees of one base repository, where a plain name would be shared and
# one checkout's tree would move another's.
own_branch() { echo "$1-$(printf %s "$BUILD" | sha1sum | cut -c1-8)"; }

# Hold build/<variant>.lock until the script exits (or unlock_variant):
# lock_variant VARIANT [-s].  A variant's tree is remade under the lock
# held exclusively (variant.sh) and compiled under it held shared
# (build.sh): the builds of one variant for two arches or flavours, each
# in its own object directory, then compile beside each other, while two
# workbench commands (make test in one shell, make bench in another) never
# remake a tree under each other's builds.  Nested calls (build.sh runs
# variant.sh) already hold it.
# flock_saying FD MODE MESSAGE: take the lock on FD (MODE -x or -s), and
# if it must wait for it, say MESSAGE first.
flock_saying() {
	flock -n "$2" "$1" && return 0
	say "$3"
	flock "$2" "$1"
}

lock_variant() {
	local var=WB_LOCKED_$1
	[ -n "${!var:-}" ] && return 0
	mkdir -p "$BUILD"
	exec {lock_fd}>"$BUILD/$1.lock"
	flock_saying "$lock_fd" "${2:--x}" \
		"$1: waiting for its tree (another build, or another workbench command, has it)"
	export "$var"=1
}
unlock_variant() {
	exec {lock_fd}>&-
	unset "WB_LOCKED_$1"
}

# Hold build/<variant>-<arch>-<flavour>.lock until the script exits: the
# variant's lock is shared by its builds, so two workbench commands that
# build or recompile the same kernel (make test in one shell, make bench
# or make check-maple in another) take turns at its object directory here.
lock_kernel() {
	mkdir -p "$BUILD"
	exec {kernel_lock_fd}>"$BUILD/$1.lock"
	flock_saying "$kernel_lock_fd" -x "$1: waiting for another build of this kernel"
}
# Object trees are direct subdirectories of the source tree: the kernel then
# uses relative paths (srctree := ..), so compiler command lines, and with
# them ccache's hashes, are the same in every variant's tree.
obj_dir()      { echo "$BUILD/$1/linux/obj-$2-$3"; }

# Run the kernel's make for one arch: kmake ARCH TREE OBJDIR [make args...]
kmake() {
	local arch=$1 tree=$2 obj=$3 cross
	local -a args

	shift 3
	args=("ARCH=$(arch_field "$arch" kernel_arch)" "HOSTCC=ccache gcc"
	      "CC=ccache $(guest_cc "$arch")")
	cross=$(arch_field "$arch" cross_compile)
	[ -n "$cross" ] && args+=("CROSS_COMPILE=$cross")
	make -C "$tree" O="$obj" "${args[@]}" -j"$(nproc)" "$@"
}

kernel_image() { arch_field "$1" image; }

# The arch's C compiler: for the kernel and the guest's static programs.
guest_cc()     { echo "$(arch_field "$1" cross_compile)gcc"; }

