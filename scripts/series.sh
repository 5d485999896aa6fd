#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The vmalloc series, edited as a git branch in build/mt/linux:
#   series.sh export   write the commits base..HEAD of build/mt/linux to
#                      patches/ (byte-stable: re-exporting an unchanged
#                      branch gives the same files)
#   series.sh mail     make build/mt/linux (scripts/variant.sh mt) and write
#                      build/series/: the series with a cover letter (base,
#                      summary, latest results, how to reproduce)
# Both work on the whole series: they refuse to run with SERIES_UPTO set,
# and export refuses a tree made with part of the series.
source "$(dirname "$0")/lib.sh"

cmd=${1:?usage: series.sh export|mail}
[ -z "${SERIES_UPTO:-}" ] ||
	die "make export and make series work on the whole series: run them without SERIES_UPTO (set to '$SERIES_UPTO')"
case $cmd in mail) "$TOP/scripts/variant.sh" mt ;; esac
tree=$(variant_tree mt)
[ -d "$tree" ] || die "no $tree: run 'make tree VARIANT=mt' first"
if [ -f "$BUILD/mt/series-upto" ]; then
	read -r upto total <"$BUILD/mt/series-upto"
	die "$tree holds only the first $upto of the series' $total patches (made with SERIES_UPTO=$upto): exporting it would drop the others from patches/.
  'make tree VARIANT=mt' (no SERIES_UPTO) restores the whole series; a tree with work of its own is kept, so save that work first."
fi
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes: commit them first"

format_patch() {
	git -C "$tree" -c core.abbrev=12 format-patch -q --zero-commit \
		--no-signature "$@" base..HEAD
}

case $cmd in
export)
	rm -f "$TOP"/patches/*.patch
	mkdir -p "$TOP/patches"
	format_patch -o "$TOP/patches"
	n=$(ls "$TOP"/patches/*.patch 2>/dev/null | wc -l)
	# The tree now is exactly base + patches/: record that, so the next
	# build does not take it for local work.
	"$TOP/scripts/variant.sh" --adopt mt
	say "exported $n patches to patches/"
	;;
mail)
	out=$BUILD/series
	rm -rf "$out"
	# The cover letter is from the series' author, not from whoever runs
	# this: format-patch takes the local git identity for it.
	name=$(git -C "$tree" log -1 --format=%an base..HEAD)
	email=$(git -C "$tree" log -1 --format=%ae base..HEAD)
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
		format_patch --cover-letter --thread=shallow -o "$out"
	cover=$out/0000-cover-letter.patch
	python3 "$TOP/scripts/cover.py" "$cover"
	say "series with cover letter in $out/ ($(ls "$out" | wc -l) files)"
	;;
*)	die "unknown command '$cmd'" ;;
esac
