#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
#   kmod.sh VARIANT ARCH FLAVOUR
#
# Build upstream's lib/test_maple_tree.c, read from the variant's tree, with
# test_maple_tree-shape.patch (the expected differences), as a module
# against that variant's built kernel (scripts/build.sh VARIANT ARCH FLAVOUR):
# build/upstream-tests/kmod/VARIANT-ARCH-FLAVOUR/test_maple_tree.ko.
# It is kbuild's external-module build of the file that CONFIG_TEST_MAPLE_TREE
# builds, with the kernel's own config (CONFIG_DEBUG_MAPLE_TREE or not), so
# the kernel need not be rebuilt with another config.
source "$(dirname "$0")/../../../scripts/lib.sh"

variant=${1:?usage: kmod.sh VARIANT ARCH FLAVOUR}
arch=${2:?usage: kmod.sh VARIANT ARCH FLAVOUR}
flavour=${3:?usage: kmod.sh VARIANT ARCH FLAVOUR}
check_variant "$variant"; check_arch "$arch"; check_flavour "$flavour"
here=$TOP/tools/testing/upstream
tree=$(variant_tree "$variant")
obj=$(obj_dir "$variant" "$arch" "$flavour")
[ -f "$obj/Module.symvers" ] ||
	die "kmod: $obj is not a built kernel: run scripts/build.sh $variant $arch $flavour first"

dir=$BUILD/upstream-tests/kmod/$variant-$arch-$flavour
log=$dir/build.log
rm -rf "$dir"
mkdir -p "$dir"
cp "$tree/lib/test_maple_tree.c" "$dir/test_maple_tree.c"
patch -s -d "$dir" test_maple_tree.c <"$here/test_maple_tree-shape.patch" ||
	die "kmod: test_maple_tree-shape.patch does not apply to $tree/lib/test_maple_tree.c"
echo 'obj-m := test_maple_tree.o' >"$dir/Kbuild"
run_logged "$log" kmake "$arch" "$tree" "$obj" M="$dir" modules
say "kmod: $dir/test_maple_tree.ko ($(grep -c . "$log") lines of build log: $log)"
