#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh OURS_BENCH UPSTREAM_BENCH
# Runs both builds of maple_bench (and the rb-tree + list baseline)
# BENCH_REPS times, interleaved, and prints a markdown table of medians.

ours=$1
upstream=$2
reps=${BENCH_REPS:-5}
sizes=${BENCH_SIZES:-100 10000 1000000}
here=$(dirname "$0")
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

for bin in "$ours" "$upstream"; do
	[ -x "$bin" ] || { echo "bench: missing $bin" >&2; exit 1; }
done

rep=1
while [ "$rep" -le "$reps" ]; do
	echo "bench: repetition $rep of $reps" >&2
	# shellcheck disable=SC2086
	"$ours" $sizes >> "$raw" || exit 1
	# shellcheck disable=SC2086
	"$upstream" $sizes >> "$raw" || exit 1
	# shellcheck disable=SC2086
	"$upstream" --rb $sizes >> "$raw" || exit 1
	rep=$((rep + 1))
done

echo "Command: make -C tools/testing/radix-tree bench BENCH_REPS=$reps BENCH_SIZES=\"$sizes\""
echo "Medians of $reps runs, ns per operation (per entry for iteration, dup and"
echo "destroy); node bytes/entry from the slab counters (rb: linkage only)."
echo
awk -F '\t' -f "$here/median.awk" -f /dev/stdin "$raw" <<'AWK'
{
	key = $1 SUBSEP $2 SUBSEP $3
	val[key, ++cnt[key]] = $4
	if (!(($2, $3) in seen)) {
		seen[$2, $3] = 1
		order[++nr] = $2 SUBSEP $3
	}
}
END {
	print "| operation | entries | ours | upstream | ours/upstream | rbtree+list |"
	print "| --- | ---: | ---: | ---: | ---: | ---: |"
	for (i = 1; i <= nr; i++) {
		split(order[i], k, SUBSEP)
		o = median("ours" SUBSEP k[1] SUBSEP k[2])
		u = median("upstream" SUBSEP k[1] SUBSEP k[2])
		r = median("rbtree+list" SUBSEP k[1] SUBSEP k[2])
		ratio = (o != "" && u > 0) ? sprintf("%.2f", o / u) : "-"
		printf "| %s | %s | %s | %s | %s | %s |\n", k[1], k[2],
		       o == "" ? "-" : sprintf("%.1f", o),
		       u == "" ? "-" : sprintf("%.1f", u), ratio,
		       r == "" ? "-" : sprintf("%.1f", r)
	}
}
AWK
