#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vmap_callgrind.sh OURS_BIN UPSTREAM_BIN
# Runs each of VMAP_CG_WORKLOADS once per implementation under
# valgrind --tool=callgrind --separate-callers=12 (profiles kept in
# VMAP_CG_OUT) and prints, per run, the instructions of each operation as a
# tree of callees and the top 15 functions by inclusive and by self count
# (vmap_callgrind.py: callgrind_annotate's numbers, but summed per function
# over the caller contexts that --separate-callers records), then a table of
# instructions per operation for every run.

ours=$1
upstream=$2
workloads=${VMAP_CG_WORKLOADS:-frontier full_fit}
impls=${VMAP_CG_IMPLS:-rb ours-rcu ours-norcu upstream-rcu upstream-norcu}
args=${VMAP_CG_ARGS:---ops 32768 --loops 5000 --lookups 200000}
out=${VMAP_CG_OUT:-callgrind-out}
here=$(dirname "$0")

command -v valgrind > /dev/null || { echo "vmap-callgrind: no valgrind" >&2; exit 1; }
mkdir -p "$out" || exit 1
sums=$(mktemp)
trap 'rm -f "$sums"' EXIT

for wl in $workloads; do
	for impl in $impls; do
		case $impl in
		upstream-*) bin=$upstream ;;
		*) bin=$ours ;;
		esac
		[ -x "$bin" ] || { echo "vmap-callgrind: missing $bin" >&2; exit 1; }
		file=$out/callgrind.$wl.$impl
		echo "=== $wl / $impl"
		echo "valgrind --tool=callgrind --separate-callers=12 --callgrind-out-file=$file $bin --impl $impl $args $wl"
		# shellcheck disable=SC2086
		valgrind -q --tool=callgrind --separate-callers=12 \
			--callgrind-out-file="$file" \
			"$bin" --impl "$impl" $args "$wl" > /dev/null || exit 1
		python3 "$here/vmap_callgrind.py" --tables --summary "$wl	$impl" \
			"$file" > "$file.txt" || exit 1
		grep -v '^#sum' "$file.txt"
		grep '^#sum' "$file.txt" >> "$sums"
		echo
	done
done

echo "Instructions per operation under callgrind: all of them / without the"
echo "allocator (shim slab caches, malloc/free) and liburcu's call_rcu()."
echo "Arguments: $args"
echo
awk -F '\t' '
{
	kind = $4
	sub(/^(rbm|mtm)_/, "", kind)
	if (kind == "purge")
		kind = "purge, per area"
	if (kind == "mt_free_rcu")
		kind = "RCU callbacks, per area"
	row = $2 ": " kind ($5 == "all" ? "" : " (" $5 ")")
	if (!(row in seen)) {
		seen[row] = 1
		order[++nr] = row
	}
	cell[row, $3] = ($9 == 0 && kind ~ /RCU/) ? $8 : $8 " / " $9
}
END {
	n = split("rb ours-rcu ours-norcu upstream-rcu upstream-norcu", impl, " ")
	printf "| operation |"
	for (i = 1; i <= n; i++)
		printf " %s |", impl[i]
	print ""
	printf "| --- |"
	for (i = 1; i <= n; i++)
		printf " ---: |"
	print ""
	for (r = 1; r <= nr; r++) {
		printf "| %s |", order[r]
		for (i = 1; i <= n; i++)
			printf " %s |", ((order[r], impl[i]) in cell) ? \
				cell[order[r], impl[i]] : "-"
		print ""
	}
}' "$sums"
