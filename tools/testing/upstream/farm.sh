#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
#   farm.sh KERNEL_SRC IMPL_C IMPL_H DEST
#
# Make DEST a tree of real directories whose files are symbolic links to
# KERNEL_SRC's (only the parts upstream's tests read), then point
# lib/maple_tree.c and include/linux/maple_tree.h at the implementation under
# test and add our test-side files.  Upstream's tests reach the kernel's
# sources through relative paths ("../../../lib/maple_tree.c"), which resolve
# inside DEST because its directories are real.  Nothing in KERNEL_SRC is
# written: a file that must change is copied first (lib/test_maple_tree.c,
# which gets test_maple_tree-shape.patch).
# DEST is rebuilt when its recipe (base commit, implementation) changes.

set -eu
src=$1 impl_c=$2 impl_h=$3 dest=$4
here=$(cd "$(dirname "$0")" && pwd)

for f in "$src/lib/maple_tree.c" "$impl_c" "$impl_h"; do
	[ -f "$f" ] || { echo "farm.sh: missing $f" >&2; exit 1; }
done

head=$(git -C "$src" rev-parse HEAD 2>/dev/null || echo "no-git")
recipe="4 $head $impl_c $impl_h $(cksum <"$here/test_maple_tree-shape.patch")"
if [ -f "$dest/.recipe" ] && [ "$(cat "$dest/.recipe")" = "$recipe" ]; then
	exit 0
fi

rm -rf "$dest"
mkdir -p "$dest/tools/testing"
for d in lib include mm tools/include tools/arch tools/lib tools/testing/shared \
	 tools/testing/vma tools/testing/radix-tree; do
	[ -d "$src/$d" ] || continue
	mkdir -p "$dest/$(dirname "$d")"
	cp -rs "$(cd "$src/$d" && pwd)" "$dest/$(dirname "$d")/"
done
ln -sf "$impl_c" "$dest/lib/maple_tree.c"
ln -sf "$impl_h" "$dest/include/linux/maple_tree.h"
ln -sf "$here/vma_test.c" "$dest/tools/testing/vma/vma_test.c"
mkdir -p "$dest/tools/testing/maple-upstream"
for f in Makefile test_maple_tree_main.c; do
	ln -sf "$here/maple/$f" "$dest/tools/testing/maple-upstream/$f"
done
# The expected differences (checks of upstream's tree shape), counted apart.
rm -f "$dest/lib/test_maple_tree.c"
cp "$src/lib/test_maple_tree.c" "$dest/lib/test_maple_tree.c"
patch -s -p1 -d "$dest" <"$here/test_maple_tree-shape.patch"
echo "$recipe" > "$dest/.recipe"
