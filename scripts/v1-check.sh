#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Show that v2's vmalloc_index cases catch v1's defects:
#   v1-check.sh [ARCH]      (default x86_64)
# Makes build/v1-check/linux: the base, v1 of the series as posted
# (patches/v1/*.patch, 11 patches; v2 folds its fixes into them) and
# patches/v1-check/*.patch, which adds v2's KUnit cases to v1 with the
# test-only decay hook where v1 detached a pool and v1's erase annotated
# with might_alloc() (what v2's erase declares).  Builds it in the debug
# flavour with the mt variant's config and boots it with only the vmalloc_index
# suite.  Passes when vmalloc_index_pool_refill_race and
# vmalloc_index_purge_vs_reclaim both fail there; the console log is kept.
# The first is a race, widened by a delay but not certain: on x86_64 it
# caught v1 in one boot of two (2026-12-02).
#
# Then make test's reclaim fault-injection boot (scripts/suite.sh) on v1 as
# posted: build/v1-check/plain/linux is the base and patches/v1 only,
# without patches/v1-check/ (so without its might_alloc() annotation: only
# real allocation failures and reclaim can show the deadlock), built
# the same way and booted with failslab failing the maple node cache's
# non-blocking allocations (FAULT_RECLAIM), the memory hog and
# test_vmalloc's fix_size and full_fit.  It passes when lockdep reports the
# circular dependency between vmap_purge_lock and fs_reclaim there.  On
# x86_64 (2026-12-03) it did, during full_fit, and the boot then hung:
# drain_vmap_area_work's kworker, holding vmap_purge_lock, waited for it in
# vmap_node_shrink_scan() under direct reclaim.  Only with V1_FAULT=1 (its
# build and boot take a while); FAULT_ONLY=1 (implies
# V1_FAULT=1) skips the KUnit half; V1_CONFIG=FILE starts both
# builds from FILE instead of mt's debug .config (ours's will do: its one
# extra option, our maple tree's KUnit suite, is not in v1's tree).
source "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
check_arch "$arch"
tree=$BUILD/v1-check/linux
obj=$tree/obj-$arch-debug
log=$BUILD/results/v1-check-$arch.console.log
config=${V1_CONFIG:-$(obj_dir mt "$arch" debug)/.config}

[ -f "$config" ] || die "$config missing: build the mt variant first: make build VARIANT=mt ARCHES=$arch"
[ "${FAULT_ONLY:-0}" = 1 ] && V1_FAULT=1
[ "${V1_FAULT:-0}" != 1 ] || grep -q '^CONFIG_FAILSLAB=y' "$config" ||
	die "$config has no CONFIG_FAILSLAB: build the mt variant again (configs/debug.config has it): make build VARIANT=mt ARCHES=$arch"
mkdir -p "$BUILD/v1-check"
series_patches "$TOP/patches/v1" >"$BUILD/v1-check/patches"
[ -s "$BUILD/v1-check/patches" ] || die "no patches in $TOP/patches/v1"
rc=0

if [ "${FAULT_ONLY:-0}" != 1 ]; then
if [ ! -d "$tree" ]; then
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q --detach "$tree" base
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f -B "$(own_branch v1-check)" base
git -C "$tree" "${GIT_ID[@]}" am -q $(cat "$BUILD/v1-check/patches") \
	"$TOP"/patches/v1-check/*.patch || die "git am failed in $tree"

mkdir -p "$obj" "$BUILD/results"
cp "$config" "$obj/.config"
say "v1-check: building $arch (log: $obj/build.log)"
run_logged "$obj/build.log" kmake "$arch" "$tree" "$obj" olddefconfig all

read -ra qemu <<<"$(arch_field "$arch" qemu)"
con=$(arch_field "$arch" console)
initrd=$("$TOP/scripts/initramfs.sh" mt "$arch" debug)
say "v1-check: booting (log: $log)"
timeout 900 "${qemu[@]}" -accel tcg -smp 2 -m 2G -display none -monitor none \
	-serial stdio -no-reboot -kernel "$obj/$(kernel_image "$arch")" \
	-initrd "$initrd" -append "console=$con panic=-1 kunit.filter_glob=vmalloc_index" \
	</dev/null >"$log" 2>&1 || true

for c in vmalloc_index_pool_refill_race vmalloc_index_purge_vs_reclaim; do
	if grep -aqE "not ok [0-9]+ $c([^_a-z]|$)" "$log"; then
		say "v1-check: $c fails on v1, as it must"
	else
		say "v1-check: $c does not fail on v1 (log: $log)"
		rc=1
	fi
done
fi

# The reclaim fault-injection boot on v1 as posted.
[ "${V1_FAULT:-0}" = 1 ] || exit $rc
plain=$BUILD/v1-check/plain/linux
pobj=$plain/obj-$arch-debug
run_dir=$BUILD/results/v1-check-$arch-fault
if [ ! -d "$plain" ]; then
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q --detach "$plain" base
fi
git -C "$plain" am --abort >/dev/null 2>&1 || true
git -C "$plain" checkout -q -f -B "$(own_branch v1-plain)" base
git -C "$plain" "${GIT_ID[@]}" am -q $(cat "$BUILD/v1-check/patches") ||
	die "git am failed in $plain"
mkdir -p "$pobj" "$run_dir"
cp "$config" "$pobj/.config"
say "v1-check: building v1 as posted, $arch (log: $pobj/build.log)"
run_progress "$pobj/build.log" "building v1 ($arch)" \
	kmake "$arch" "$plain" "$pobj" olddefconfig all
flog=$run_dir/mt-$arch-reclaim.console.log	# boot.sh's name: mt's initramfs
say "v1-check: the reclaim fault-injection boot on v1 (log: $flog); it must fail"
VMTEST="1:2:50:1,2:2:50:1" KUNIT=0 TIMEOUT=900 LABEL=reclaim FAILSLAB=$FAULT_RECLAIM HOG=1 OBJ=$pobj \
	"$TOP/scripts/boot.sh" mt "$arch" debug "$run_dir" || true
if grep -aq 'possible circular locking dependency' "$flog" &&
   grep -aq 'vmap_purge_lock' "$flog" && grep -aq 'fs_reclaim' "$flog"; then
	say "v1-check: lockdep reports the vmap_purge_lock/fs_reclaim circular dependency on v1, as it must:"
	grep -a -A40 'possible circular locking dependency' "$flog" |
		grep -aE 'vmap_purge_lock|fs_reclaim|mas_nomem|shrink|purge' |
		sed 's/^/    /' | head -n 12 >&2
else
	say "v1-check: the reclaim fault-injection boot did not report the circular dependency on v1 (log: $flog)"
	rc=1
fi
exit $rc
