#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make the guest initramfs for a built kernel: initramfs.sh VARIANT ARCH FLAVOUR
# It holds our static /init and the kernel's test_vmalloc.ko, packed with the
# kernel's own usr/gen_init_cpio.
source "$(dirname "$0")/lib.sh"

variant=$1 arch=$2 flavour=$3
obj=$(obj_dir "$variant" "$arch" "$flavour")
tree=$(variant_tree "$variant")
out=$obj/wb-initramfs.cpio
ko=$obj/lib/test_vmalloc.ko
init=$BUILD/guest/$arch/init
gen=$BUILD/guest/gen_init_cpio

[ -f "$ko" ] || die "$ko missing: was $variant-$arch-$flavour built with CONFIG_TEST_VMALLOC=m?"

mkdir -p "$BUILD/guest/$arch"
if [ ! -x "$gen" ] || [ "$tree/usr/gen_init_cpio.c" -nt "$gen" ]; then
	gcc -O2 -o "$gen" "$tree/usr/gen_init_cpio.c" || die "building gen_init_cpio failed"
fi
if [ ! -x "$init" ] || [ "$TOP/guest/init.c" -nt "$init" ]; then
	"$(guest_cc "$arch")" -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
		-o "$init" "$TOP/guest/init.c" || die "building the $arch guest /init failed"
fi

cat >"$obj/wb-initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /lib 0755 0 0
dir /lib/modules 0755 0 0
file /init $init 0755 0 0
file /lib/modules/test_vmalloc.ko $ko 0644 0 0
LIST
"$gen" "$obj/wb-initramfs.list" >"$out" || die "gen_init_cpio failed"
echo "$out"
