#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
#   kmod-boot.sh VARIANT ARCH FLAVOUR
#
# Boot VARIANT's built kernel (scripts/build.sh VARIANT ARCH FLAVOUR) with an
# initramfs whose /init (kmod_init.c) loads upstream's test_maple_tree.ko
# (kmod.sh), and judge the console log: the module's "maple_tree: N of M
# tests passed" line must be there with N = M (a missing line is a failure),
# the load must succeed, and the kernel must print no BUG/WARNING/KASAN/
# lockdep/RCU report.  Prints one line:
#   upstream test_maple_tree (VARIANT ARCH FLAVOUR): P passed, F failed; ...
# TIMEOUT (seconds, default 3600), SMP (default 2), MEM (default 1G);
# JUDGE=1 judges the last boot's log again without booting.
source "$(dirname "$0")/../../../scripts/lib.sh"

variant=${1:?usage: kmod-boot.sh VARIANT ARCH FLAVOUR}
arch=${2:?usage: kmod-boot.sh VARIANT ARCH FLAVOUR}
flavour=${3:?usage: kmod-boot.sh VARIANT ARCH FLAVOUR}
check_variant "$variant"; check_arch "$arch"; check_flavour "$flavour"
here=$TOP/tools/testing/upstream
obj=$(obj_dir "$variant" "$arch" "$flavour")
img=$obj/$(kernel_image "$arch")
[ -f "$img" ] || die "$img missing: run scripts/build.sh $variant $arch $flavour first"
name="$variant $arch $flavour"

dir=$BUILD/upstream-tests/kmod/$variant-$arch-$flavour
log=$dir/console.log
if [ "${JUDGE:-0}" != 1 ]; then
"$here/kmod.sh" "$variant" "$arch" "$flavour"
gen=$BUILD/guest/gen_init_cpio
tree=$(variant_tree "$variant")
if [ ! -x "$gen" ]; then
	mkdir -p "$BUILD/guest"
	gcc -O2 -o "$gen" "$tree/usr/gen_init_cpio.c" || die "building gen_init_cpio failed"
fi
"$(guest_cc "$arch")" -static -O2 -Wall -Wextra -Werror -o "$dir/init" \
	"$here/kmod_init.c" || die "building kmod_init.c for $arch failed"
cat >"$dir/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /lib 0755 0 0
dir /lib/modules 0755 0 0
file /init $dir/init 0755 0 0
file /lib/modules/test_maple_tree.ko $dir/test_maple_tree.ko 0644 0 0
LIST
"$gen" "$dir/initramfs.list" >"$dir/initramfs.cpio" || die "gen_init_cpio failed"

append="panic=-1 kunit.enable=0"
case $arch in
x86_64)	qemu=(qemu-system-x86_64 -bios /usr/share/qemu/qboot.rom -cpu max)
	append="console=ttyS0 $append" ;;
arm64)	qemu=(qemu-system-aarch64 -machine virt -cpu cortex-a72)
	append="console=ttyAMA0 $append" ;;
esac
qemu+=(-accel tcg -smp "${SMP:-2}" -m "${MEM:-1G}" -display none -monitor none
       -serial stdio -no-reboot -kernel "$img" -initrd "$dir/initramfs.cpio"
       -append "$append")
say "$name: booting with test_maple_tree.ko (timeout ${TIMEOUT:-3600}s; log: $log)"
start=$(date +%s)
qrc=0
timeout "${TIMEOUT:-3600}" "${qemu[@]}" </dev/null >"$log" 2>&1 || qrc=$?
echo "$qrc $(( $(date +%s) - start ))" >"$dir/qemu.rc"
fi
read -r qrc secs <"$dir/qemu.rc"

status=0 why=()
line=$(sed -n 's/.*maple_tree: \([0-9]*\) of \([0-9]*\) tests passed.*/\1 \2/p' "$log" | tail -n 1)
shape=$(sed -n 's/.*maple_tree: \([0-9]*\) shape checks, \([0-9]*\) differ.*/\1 shape checks, \2 differ (expected)/p' "$log" | tail -n 1)
if [ -z "$line" ]; then
	pass=0 fail=1; why+=("no summary line"); status=1
else
	read -r pass total <<<"$line"
	fail=$((total - pass))
	[ "$fail" -eq 0 ] || status=1
fi
grep -q 'KMOD-RESULT rc=0 ' "$log" || { why+=("load failed: $(grep -o 'KMOD-RESULT.*' "$log" | tr -d '\r')"); status=1; }
[ "$qrc" -eq 0 ] || { why+=("qemu exit $qrc (124: timeout)"); status=1; }
reports=$(grep -c -E 'BUG:|WARNING:|KASAN|UBSAN|Kernel panic|Oops|possible recursive|circular locking|suspicious RCU|stall' "$log" || true)
[ "$reports" -eq 0 ] || { why+=("$reports kernel report lines"); status=1; }
guest=$(sed -n 's/.*KMOD-RESULT .*seconds=\([0-9.]*\).*/\1/p' "$log" | tr -d '\r')
msg="upstream test_maple_tree ($name): $pass passed, $fail failed${shape:+; $shape}; load ${guest:-?} s, boot ${secs} s"
if [ $status -ne 0 ]; then
	grep -E 'BUG at|differs|BUG:|WARNING:|KASAN' "$log" | head -n 20 >&2
	echo "$msg ($(IFS=';'; echo "${why[*]}")); log: $log"
else
	echo "$msg"
fi
exit $status
