#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prepare build/base/linux: a git repository whose first commit is the base
# kernel.  The base is Debian's linux-source-6.12 tarball, or the HEAD of the
# git tree named by KERNEL_SRC.  Redone only when the base changes.
source "$(dirname "$0")/lib.sh"

TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
stamp=$BASE_DIR/source

if [ -n "${KERNEL_SRC:-}" ]; then
	git -C "$KERNEL_SRC" rev-parse --verify -q HEAD^{commit} >/dev/null ||
		die "KERNEL_SRC=$KERNEL_SRC is not a git tree with a commit"
	want="git $(cd "$KERNEL_SRC" && pwd) $(git -C "$KERNEL_SRC" rev-parse HEAD)"
else
	[ -f "$TARBALL" ] || die "$TARBALL not found (run 'make deps')"
	want="tarball $TARBALL $(stat -c '%s %Y' "$TARBALL")"
fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   git -C "$BASE_TREE" rev-parse -q --verify refs/tags/base >/dev/null; then
	exit 0
fi

# A new base invalidates every variant tree made from the old one.
for v in $ALL_VARIANTS; do
	if [ -d "$BUILD/$v/linux" ]; then
		say "removing $v tree made from an older base"
		rm -rf "$BUILD/$v/linux" "$BUILD/$v/inputs"
	fi
done
rm -rf "$BASE_DIR"
mkdir -p "$BASE_DIR"

export GIT_AUTHOR_DATE="1970-01-01T00:00:00Z" GIT_COMMITTER_DATE="1970-01-01T00:00:00Z"
if [ -n "${KERNEL_SRC:-}" ]; then
	say "base: cloning $KERNEL_SRC (shared objects)"
	git clone -q --shared --no-checkout "$KERNEL_SRC" "$BASE_TREE"
	git -C "$BASE_TREE" config gc.auto 0
	git -C "$BASE_TREE" checkout -q --detach "$(git -C "$KERNEL_SRC" rev-parse HEAD)"
	origin="git tree $KERNEL_SRC at $(git -C "$BASE_TREE" rev-parse --short=12 HEAD)"
else
	say "base: unpacking $TARBALL"
	tmp=$BASE_DIR/unpack
	mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp"
	mv "$tmp"/linux-source-* "$BASE_TREE"
	rmdir "$tmp"
	pkg=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	origin="Debian linux-source-6.12 $pkg"
	say "base: committing the unpacked tree"
	git -C "$BASE_TREE" init -q
	# A background auto-gc of 80,000 objects would race the worktrees.
	git -C "$BASE_TREE" config gc.auto 0
	git -C "$BASE_TREE" "${GIT_ID[@]}" add -A -f  # Debian's .gitignore ignores the top level
	version=$(make -s -C "$BASE_TREE" kernelversion)
	git -C "$BASE_TREE" "${GIT_ID[@]}" commit -q \
		-m "Linux $version ($origin)"
fi
git -C "$BASE_TREE" tag -f base >/dev/null
# Build output lives in obj-* inside each worktree; keep it out of status.
# The path is made absolute: rev-parse prints it relative to $BASE_TREE.
info=$(git -C "$BASE_TREE" rev-parse --path-format=absolute --git-common-dir)/info
mkdir -p "$info"
echo "/obj-*/" >>"$info/exclude"
version=$(make -s -C "$BASE_TREE" kernelversion)
printf '%s\t%s\t%s\n' "$version" "$(git -C "$BASE_TREE" rev-parse base)" \
	"$origin" >"$BASE_DIR/VERSION"
echo "$want" >"$stamp"
say "base: Linux $version ($origin)"
