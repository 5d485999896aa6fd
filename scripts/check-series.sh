#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The checks a maintainer runs on the vmalloc series before taking it:
#   check-series.sh
#
#   checkpatch  scripts/checkpatch.pl --strict on every patch of patches/
#   build       every commit of the series (base + patches 1..k, for each
#               k) built for every arch in ARCHES and flavour in
#               CHECK_FLAVOURS, with the mt variant's config: a bisect
#               meets no broken commit
#   w1          the files the series touches compiled with W=1 at the base
#               and at the series' head (debug flavour): no warning that the
#               base does not have
#   sparse      the same files through sparse (C=2), same rule
#   pahole      struct vmap_area at the base and at the series' head
#               (mm/vmalloc.o built again with -g, read by pahole): at
#               most VMAP_AREA_MAX bytes (48) at the head
#
# Environment: ARCHES (default: x86_64 arm64), CHECK_FLAVOURS (default:
# debug perf), CHECK_COMMITS=all|head|none (head: build only the series'
# last commit; none: build no commit, only the checks of the touched files
# at the base and the head, as make test runs it: the series' head is
# built there anyway, by the mt variant).  The worktree is build/check-series/linux; logs go to
# build/results/check-series-<time>/, one per check, and a failed check
# names its log.  Last line: "check-series: N passed, N failed".
source "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-$ALL_ARCHES}
FLAVOURS=${CHECK_FLAVOURS:-debug perf}
COMMITS=${CHECK_COMMITS:-all}
VMAP_AREA_MAX=48
case $COMMITS in all|head|none) ;; *) die "CHECK_COMMITS must be all, head or none, not '$COMMITS'";; esac
for a in $ARCHES; do check_arch "$a"; done
for f in $FLAVOURS; do check_flavour "$f"; done

tree=$BUILD/check-series/linux branch=$(own_branch check-series)
out=$RESULTS/check-series-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
ln -sfn "$(basename "$out")" "$RESULTS/latest-check-series"
passed=0 failed=0 failures=()

pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() {
	failed=$((failed + 1)); failures+=("$1 (log: $2)")
	printf 'FAIL %s (log: %s)\n' "$1" "$2"
}

"$TOP/scripts/base.sh"
mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "no patches in $TOP/patches"
say "check-series: ${#patches[@]} patches, arches '$ARCHES', flavours '$FLAVOURS', commits: $COMMITS; logs in $out"

# --- checkpatch ---
for p in "${patches[@]}"; do
	log=$out/checkpatch-$(basename "$p" .patch).log
	if "$BASE_TREE/scripts/checkpatch.pl" --strict --no-tree -q "$p" >"$log" 2>&1; then
		pass "checkpatch $(basename "$p")"
	else
		fail "checkpatch $(basename "$p")" "$log"
	fi
done

# --- the series as commits, in a worktree of its own ---
if [ ! -d "$tree" ]; then
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q --detach "$tree" base
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f -B "$branch" base
run_logged "$out/git-am.log" git -C "$tree" "${GIT_ID[@]}" am -q "${patches[@]}"
mapfile -t commits < <(git -C "$tree" rev-list --reverse base..HEAD)
[ "$COMMITS" = head ] && commits=("${commits[-1]}")
[ "$COMMITS" = none ] && commits=()
# The C files the series touches that kbuild compiles on their own (a file
# that another one #includes, as mm/vmalloc_kunit.c is, has no object).
touched=
for f in $(git -C "$tree" diff --name-only base..HEAD -- '*.c'); do
	grep -qw "$(basename "${f%.c}").o" "$tree/$(dirname "$f")/Makefile" &&
		touched="$touched$f "
done
[ -n "$touched" ] || die "the series touches no C file that kbuild compiles"
# Warnings are counted in every file the series touches, headers included.
changed=$(git -C "$tree" diff --name-only base..HEAD | tr '\n' '|')
changed=${changed%|}

# The config: the mt variant's (the series' head), made by build.sh.
config_for() {	# ARCH FLAVOUR -> path of a .config
	local cfg
	cfg=$(obj_dir mt "$1" "$2")/.config
	[ -f "$cfg" ] || CONFIG_ONLY=1 "$TOP/scripts/build.sh" mt "$1" "$2" >&2
	echo "$cfg"
}

# Warnings of the touched files, without line numbers: what W=1 or sparse
# says at one commit, comparable with another commit's.
warnings_of() {	# LOG
	{ grep -aE '(warning|error):' "$1" || true; } |
		sed -E 's|^(\.\./)+||' |
		{ grep -aE "^($changed):" || true; } |
		sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | sort
}

# The flags of every check's compile: the same for W=1, sparse and pahole,
# so that the touched files are compiled once per commit checked.
CHECK_FLAGS=(W=1 KCFLAGS=-g)

# Compile the touched files at a commit (W=1, with debug info), then run
# sparse on them (C=2 checks up-to-date objects too).
extra_checks() {	# ARCH OBJ TAG
	local f objs=
	for f in $touched; do	# the ones this commit has
		[ -f "$tree/$f" ] && objs="$objs ${f%.c}.o"
	done
	[ -n "$objs" ] || { : >"$out/w1-$1-$3.log"; : >"$out/sparse-$1-$3.log"; return; }
	# Compiled again whatever their timestamps: an object that make
	# found up to date would show no warning.
	# shellcheck disable=SC2086
	(cd "$2" && rm -f $objs)
	# shellcheck disable=SC2086
	kmake "$1" "$tree" "$2" -k "${CHECK_FLAGS[@]}" $objs >"$out/w1-$1-$3.log" 2>&1 || true
	# shellcheck disable=SC2086
	kmake "$1" "$tree" "$2" -k "${CHECK_FLAGS[@]}" C=2 $objs >"$out/sparse-$1-$3.log" 2>&1 || true
}

# The size in bytes of pahole's last summary line in LOG.
pahole_size() {	# LOG
	sed -n 's|.*/\* size: \([0-9]*\),.*|\1|p' "$1" | tail -n 1
}

# struct vmap_area's size in bytes at the checked-out commit, from
# pahole's summary line; its layout goes to the log.
vmap_area_size() {	# ARCH OBJ TAG
	local log=$out/pahole-$1-$3.log
	kmake "$1" "$tree" "$2" "${CHECK_FLAGS[@]}" mm/vmalloc.o >"$log" 2>&1 &&
		pahole -C vmap_area "$2/mm/vmalloc.o" >>"$log" 2>&1 &&
		pahole_size "$log"
}

# The base's W=1, sparse and pahole logs depend only on the base, the
# config and the flags: they are kept, and a later run copies them
# instead of checking the base again.
base_cache() {	# ARCH CONFIG
	echo "$BUILD/check-series/base-checks/$(git -C "$tree" rev-parse --short base)-$1-$({ cat "$2"; echo "${CHECK_FLAGS[*]} $touched"; } | md5sum | cut -c1-12)"
}

# The base's logs into $out, from the cache or made (and cached).
base_checks() {	# ARCH OBJ CONFIG
	local cache f

	cache=$(base_cache "$1" "$3")
	if [ -f "$cache/done" ]; then
		cp "$cache/w1-$1-base.log" "$cache/sparse-$1-base.log" \
			"$cache/pahole-$1-base.log" "$out/"
		return
	fi
	git -C "$tree" checkout -q -f base
	extra_checks "$1" "$2" base
	vmap_area_size "$1" "$2" base >/dev/null || true
	mkdir -p "$cache"
	for f in w1 sparse pahole; do cp "$out/$f-$1-base.log" "$cache/"; done
	touch "$cache/done"
}

check_vmap_area_size() {	# ARCH OBJ
	local was size
	was=$(pahole_size "$out/pahole-$1-base.log")
	git -C "$tree" checkout -q -f "$branch"
	size=$(vmap_area_size "$1" "$2" head)
	if [ -z "$size" ]; then
		fail "pahole $1: no size for struct vmap_area" "$out/pahole-$1-head.log"
	elif [ "$size" -le "$VMAP_AREA_MAX" ]; then
		pass "pahole $1: struct vmap_area is $size bytes (base: ${was:-?}; at most $VMAP_AREA_MAX)"
	else
		fail "pahole $1: struct vmap_area is $size bytes, more than $VMAP_AREA_MAX" \
			"$out/pahole-$1-head.log"
	fi
}

compare_warnings() {	# KIND ARCH
	local kind=$1 arch=$2 new
	new=$(comm -13 <(warnings_of "$out/$kind-$arch-base.log") \
		<(warnings_of "$out/$kind-$arch-head.log"))
	if [ -z "$new" ]; then
		pass "$kind $arch: no new warnings in the files the series touches"
	else
		printf '%s\n' "$new" >"$out/$kind-$arch-new.txt"
		fail "$kind $arch: $(wc -l <<<"$new") new warnings" "$out/$kind-$arch-new.txt"
	fi
}

for arch in $ARCHES; do
	for flavour in $FLAVOURS; do
		obj=$tree/obj-$arch-$flavour
		config=$(config_for "$arch" "$flavour")
		mkdir -p "$obj"
		cp "$config" "$obj/.config"
		git -C "$tree" checkout -q -f base
		if [ "$COMMITS" = none ]; then	# the touched files only
			say "check-series: $arch $flavour: configuring (log: $out/build-$arch-$flavour-base.log)"
			run_logged "$out/build-$arch-$flavour-base.log" \
				kmake "$arch" "$tree" "$obj" olddefconfig
		else
			say "check-series: $arch $flavour: the base (log: $out/build-$arch-$flavour-base.log)"
			run_progress "$out/build-$arch-$flavour-base.log" "base $arch $flavour" \
				kmake "$arch" "$tree" "$obj" olddefconfig all
		fi
		[ "$flavour" = debug ] && base_checks "$arch" "$obj" "$config"
		k=0
		for c in "${commits[@]}"; do
			k=$((k + 1))
			git -C "$tree" checkout -q -f "$c"
			subject=$(git -C "$tree" log -1 --format=%s "$c")
			n=$(git -C "$tree" rev-list --count base.."$c")
			log=$out/build-$arch-$flavour-$n.log
			say "check-series: $arch $flavour: commit $n of ${#patches[@]}: $subject"
			if kmake "$arch" "$tree" "$obj" olddefconfig all >"$log" 2>&1; then
				pass "build $arch $flavour $n: $subject"
			else
				fail "build $arch $flavour $n: $subject" "$log"
			fi
		done
		if [ "$flavour" = debug ]; then
			git -C "$tree" checkout -q -f "$branch"
			extra_checks "$arch" "$obj" head
			compare_warnings w1 "$arch"
			compare_warnings sparse "$arch"
			check_vmap_area_size "$arch" "$obj"
		fi
	done
done

if [ ${#failures[@]} -gt 0 ]; then
	echo "Failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "check-series: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
