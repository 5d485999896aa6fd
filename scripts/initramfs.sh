#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make the guest initramfs for a built kernel: initramfs.sh VARIANT ARCH FLAVOUR
# It holds our static /init, the VMA workload (/bin/vma_workload) and the
# kernel's test_vmalloc.ko, packed with the kernel's own usr/gen_init_cpio.
# MMSEL=1 adds upstream's mm selftests (scripts/mm-selftests.sh builds
# them; MMSEL_TESTS: only those) in /mmsel and their runner
# (guest/mm_selftests.c) as /bin/mm_selftests.
source "$(dirname "$0")/lib.sh"

variant=$1 arch=$2 flavour=$3
obj=${OBJ:-$(obj_dir "$variant" "$arch" "$flavour")}	# OBJ: see boot.sh
tree=$(variant_tree "$variant")
# Boots of one kernel may run at once (scripts/suite.sh), with and without
# the mm selftests: one initramfs for each, each written whole and renamed.
out=$obj/wb-initramfs.cpio
[ "${MMSEL:-0}" = 1 ] && out=$obj/wb-initramfs-mmsel.cpio
ko=$obj/lib/test_vmalloc.ko
gen=$BUILD/guest/gen_init_cpio

[ -f "$ko" ] || die "$ko missing: was $variant-$arch-$flavour built with CONFIG_TEST_VMALLOC=m?"

mkdir -p "$BUILD/guest/$arch"
if [ ! -x "$gen" ] || [ "$tree/usr/gen_init_cpio.c" -nt "$gen" ]; then
	# Another arch's boot may build it at the same time: the last rename wins.
	gcc -O2 -o "$gen.$$" "$tree/usr/gen_init_cpio.c" || die "building gen_init_cpio failed"
	mv "$gen.$$" "$gen"
fi
# guest_prog NAME [FLAGS...]: build guest/NAME.c static for the arch (once,
# and again when the source or a header in guest/, such as the shared
# wb_guest.h, is newer); print the program's path.  A boot of another
# variant may build it at the same time: each builds its own copy, and the
# last rename wins.
guest_prog() {
	local name=$1 out=$BUILD/guest/$arch/$1 src stale=0
	shift
	for src in "$TOP/guest/$name.c" "$TOP"/guest/*.h; do
		if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
			stale=1
		fi
	done
	if [ "$stale" = 1 ]; then
		"$(guest_cc "$arch")" -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
			"$@" -o "$out.$$" "$TOP/guest/$name.c" && mv "$out.$$" "$out" ||
			die "building the $arch guest program $name failed"
	fi
	echo "$out"
}
init=$(guest_prog init)
vma=$(guest_prog vma_workload -pthread)
mmsel_list=
if [ "${MMSEL:-0}" = 1 ]; then
	mmsel_bins=$("$TOP/scripts/mm-selftests.sh" "$arch") ||
		die "building the $arch mm selftests failed"
	mmsel_list="file /bin/mm_selftests $(guest_prog mm_selftests) 0755 0 0
dir /mmsel 0755 0 0"
	for f in $mmsel_bins; do
		mmsel_list="$mmsel_list
file /mmsel/$(basename "$f") $f 0755 0 0"
	done
fi

cat >"$out.$$.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /bin 0755 0 0
dir /lib 0755 0 0
dir /lib/modules 0755 0 0
file /init $init 0755 0 0
file /bin/vma_workload $vma 0755 0 0
file /lib/modules/test_vmalloc.ko $ko 0644 0 0
${mmsel_list}
LIST
"$gen" "$out.$$.list" >"$out.$$" || die "gen_init_cpio failed"
mv "$out.$$.list" "${out%.cpio}.list"
mv "$out.$$" "$out"
echo "$out"
