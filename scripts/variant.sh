#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make build/<variant>/linux, a git worktree of the base, as
# configs/workbench.def describes the variant: the base; with "maple = ours"
# our overlay files (one commit) and their glue (patches/overlay/*.patch);
# with "series = yes" the series (patches/*.patch).  So rb is the base, mt
# the base + the series, ours the base + the overlay + the series.
# SERIES_UPTO=N (environment): the trees with the series get only its
# first N patches; it is one of the tree's inputs, and unset (or N = all) means
# the whole series.  A tree made with part of the series is marked in
# build/<variant>/series-upto, so that make export does not take it for the
# whole series.
# The tree is remade only when its inputs change.  A tree with local work
# (uncommitted changes or commits the workbench did not make) is never
# overwritten.
# variant.sh --check VARIANT: exit 0 if the tree is up to date, 1 if it
# would be remade; it changes nothing (build.sh asks under a shared lock).
source "$(dirname "$0")/lib.sh"

adopt=0 check=0
case ${1:-} in
--adopt) adopt=1; shift ;;	# the tree's HEAD is base + inputs: record it
--check) check=1; shift ;;
esac
variant=${1:?usage: variant.sh [--adopt|--check] VARIANT}
check_variant "$variant"
maple=$(variant_field "$variant" maple)
with_series=$(variant_field "$variant" series)
lock_variant "$variant"
tree=$(variant_tree "$variant")
state=$BUILD/$variant/inputs
partial=$BUILD/$variant/series-upto
total=$(series_patches | wc -l)
upto=$(series_upto)		# dies on a bad SERIES_UPTO, whatever the variant
[ "$upto" = "$total" ] && upto=	# all of them: the whole series

# Paths of ours that mirror the kernel's: copied into the ours tree.
overlay_files() {
	(cd "$TOP" && git ls-files -co --exclude-standard -- \
		include lib mm Documentation | sort)
}

# The patches the tree gets: the first $upto of the series, or all of it.
series()  { series_patches | head -n "${upto:-$total}"; }
glue()    { ls "$TOP"/patches/overlay/*.patch 2>/dev/null | sort || true; }

inputs_id() {
	{
		git -C "$BASE_TREE" rev-parse base
		echo "$variant"
		if [ "$maple" = ours ]; then
			overlay_files | while read -r f; do
				echo "$f"; cat "$TOP/$f"; done
			glue | xargs -r cat
		fi
		if [ "$with_series" = yes ]; then series | xargs -r cat; fi
		# Part of the series is an input of its own: the first N of
		# a longer series are not the whole series of N patches that
		# patches/ may have held before (make export must know).
		if [ "$with_series" = yes ] && [ -n "$upto" ]; then
			echo "series-upto $upto of $total"
		fi
	} | sha256sum | cut -d' ' -f1
}

want=$(inputs_id)
if [ "$adopt" = 1 ]; then
	[ -z "$upto" ] || die "--adopt records the whole series: unset SERIES_UPTO"
	echo "$want $(git -C "$tree" rev-parse HEAD)" >"$state"
	rm -f "$partial"
	# The export may have added or dropped patches: keep the summary true.
	[ -f "$BUILD/$variant/contents" ] &&
		sed -i "s/series ([0-9]* patches)/series ($(series | wc -l) patches)/" \
			"$BUILD/$variant/contents"
	exit 0
fi
if [ -d "$tree" ] && [ -f "$state" ]; then
	read -r have_inputs have_head <"$state"
	head=$(git -C "$tree" rev-parse HEAD)
	if [ "$have_inputs" = "$want" ] && [ "$head" = "$have_head" ]; then
		exit 0
	fi
	[ "$check" = 0 ] || exit 1
	if [ "$head" != "$have_head" ] ||
	   [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
		die "$tree has local work (commits or changes the workbench did not make).
  Export it (make export) or drop it (rm -rf $tree) and run again."
	fi
fi

[ "$check" = 0 ] || exit 1
if [ -d "$tree" ] && [ ! -f "$state" ]; then
	say "$variant: removing an unfinished tree (no $state)"
	rm -rf "$tree"
fi
if [ ! -d "$tree" ]; then
	mkdir -p "$BUILD/$variant"
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q --detach "$tree" base
fi

log=$BUILD/logs/variant-$variant.log
mkdir -p "$BUILD/logs"
: >"$log"
git -C "$tree" am --abort >/dev/null 2>&1 || true
# Detached, not on a branch: the trees of every checkout of the workbench
# (each with its own build/) are worktrees of one base repository, and a
# branch named after the variant would be shared, so that making the tree
# of one checkout moved the HEAD of another's.
git -C "$tree" checkout -q --detach base
export GIT_AUTHOR_DATE="1970-01-01T00:00:00Z" GIT_COMMITTER_DATE="1970-01-01T00:00:00Z"

apply_patches() {
	local what=$1; shift
	[ $# -eq 0 ] && return 0
	say "$variant: applying $what ($# patches)"
	git -C "$tree" "${GIT_ID[@]}" am -q --committer-date-is-author-date "$@" \
		>>"$log" 2>&1 || die "$variant: git am of $what failed; log: $log"
}

summary="base"
if [ "$maple" = ours ]; then
	mapfile -t files < <(overlay_files)
	if [ ${#files[@]} -gt 0 ]; then
		for f in "${files[@]}"; do
			mkdir -p "$tree/$(dirname "$f")"
			cp "$TOP/$f" "$tree/$f"
		done
		git -C "$tree" add -f -- "${files[@]}"
		git -C "$tree" "${GIT_ID[@]}" commit -q -m "Overlay: our maple tree and its tests" \
			-m "Files copied from the project: ${files[*]}"
		summary="$summary + overlay (${#files[@]} files)"
	else
		summary="$summary + overlay (empty: no files yet)"
	fi
	mapfile -t g < <(glue)
	apply_patches "overlay glue" "${g[@]}"
	[ ${#g[@]} -gt 0 ] && summary="$summary + ${#g[@]} glue patches"
fi
if [ "$with_series" = yes ]; then
	mapfile -t s < <(series)
	if [ -n "$upto" ]; then
		apply_patches "the series up to SERIES_UPTO=$upto of $total" "${s[@]}"
		summary="$summary + series ($upto of $total patches)"
	else
		apply_patches "the series" "${s[@]}"
		summary="$summary + series (${#s[@]} patches)"
		[ ${#s[@]} -eq 0 ] && summary="$summary (empty: no patches yet)"
	fi
fi

if [ "$with_series" = yes ] && [ -n "$upto" ]; then
	echo "$upto $total" >"$partial"
else
	rm -f "$partial"
fi
echo "$want $(git -C "$tree" rev-parse HEAD)" >"$state"
echo "$summary" >"$BUILD/$variant/contents"
say "$variant: $summary"
