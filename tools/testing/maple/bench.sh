#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh MAPLE_BENCH
# Runs the interleaved benchmark (ours and upstream's in one process, each
# operation on both back to back, the order alternating between
# repetitions; then the rb-tree + list baseline) for BENCH_REPS repetitions
# and prints a markdown table: medians of the ns per operation, and the
# median of the per-repetition ratios ours/upstream (each ratio taken from
# one repetition of one process).  BENCH_ARGS passes more options to the
# binary (e.g. --wall, --ops N, --only TEXT).

bin=$1
reps=${BENCH_REPS:-5}
sizes=${BENCH_SIZES:-100 10000 1000000}
args=${BENCH_ARGS:-}
here=$(dirname "$0")

[ -x "$bin" ] || { echo "bench: missing $bin (make bench-bin)" >&2; exit 1; }
raw=$(mktemp) || exit 1
trap 'rm -f "$raw"' EXIT

echo "bench: $bin --reps $reps $args $sizes" >&2
# shellcheck disable=SC2086
"$bin" --reps "$reps" $args $sizes > "$raw" || {
	echo "bench: $bin failed" >&2
	exit 1
}

rev=$(git -C "$here" log -1 --format=%h -- ../../../lib/maple_tree.c 2>/dev/null)
dirty=$(git -C "$here" status --porcelain -- ../../../lib/maple_tree.c 2>/dev/null)
echo "Command: make -C tools/testing/maple bench BENCH_REPS=$reps BENCH_SIZES=\"$sizes\"${args:+ BENCH_ARGS=\"$args\"}"
echo "(ours: lib/maple_tree.c at ${rev:-?}${dirty:+ with uncommitted changes};" \
	"upstream: ${KERNEL_SRC:-KERNEL_SRC}/lib/maple_tree.c)"
echo
echo "ns per operation (per entry for append, iteration, steps, erase, dup,"
echo "destroy and the fork rows): medians of $reps repetitions in one process,"
echo "ours and upstream's back to back.  ours/upstream: median of the"
echo "per-repetition ratios (below 1: ours faster).  Node bytes: slab bytes per"
echo "entry (rb: linkage only)."
echo
awk -F '\t' -f "$here/median.awk" -f /dev/stdin "$raw" <<'AWK'
{
	key = $1 SUBSEP $2 SUBSEP $3
	val[key, ++cnt[key]] = $4
	if ($5 != "")
		byrep[$1, $2, $3, $5] = $4
	if ($5 != "")
		reps[$5] = 1
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
		rk = "ratio" SUBSEP k[1] SUBSEP k[2]
		for (rep in reps) {
			ok = ("ours", k[1], k[2], rep) in byrep
			uk = ("upstream", k[1], k[2], rep) in byrep
			if (ok && uk && byrep["upstream", k[1], k[2], rep] > 0)
				val[rk, ++cnt[rk]] = byrep["ours", k[1], k[2], rep] / \
						     byrep["upstream", k[1], k[2], rep]
		}
		ratio = median(rk)
		printf "| %s | %s | %s | %s | %s | %s |\n", k[1], k[2],
		       o == "" ? "-" : sprintf("%.1f", o),
		       u == "" ? "-" : sprintf("%.1f", u),
		       ratio == "" ? "-" : sprintf("%.2f", ratio),
		       r == "" ? "-" : sprintf("%.1f", r)
	}
}
AWK
