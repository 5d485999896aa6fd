#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vmap_bench.sh OURS_BIN UPSTREAM_BIN
# Runs vmap_bench VMAP_REPS times (the rb-tree model and our maple tree from
# OURS_BIN, upstream's maple tree from UPSTREAM_BIN), each time once with
# whole-loop timings and once with --split, interleaved, and prints a
# markdown table of the medians.  Fails if the implementations did not hand
# out the same addresses.

ours=$1
upstream=$2
reps=${VMAP_REPS:-5}
workloads=${VMAP_WORKLOADS:-frontier frontier_runs full_fit full_fit_runs lookup}
args=${VMAP_ARGS:-}
here=$(dirname "$0")
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

for bin in "$ours" "$upstream"; do
	[ -x "$bin" ] || { echo "vmap-bench: missing $bin" >&2; exit 1; }
done

rep=1
while [ "$rep" -le "$reps" ]; do
	echo "vmap-bench: repetition $rep of $reps" >&2
	for split in "" --split; do
		# shellcheck disable=SC2086
		"$ours" $split $args --impl rb --impl ours-rcu --impl ours-norcu \
			$workloads >> "$raw" || exit 1
		# shellcheck disable=SC2086
		"$upstream" $split $args --impl upstream-rcu --impl upstream-norcu \
			$workloads >> "$raw" || exit 1
	done
	rep=$((rep + 1))
done

# Every implementation must have handed out the same addresses.
bad=$(awk -F '\t' '$1 == "#hash" {
	if (!($3 in h)) h[$3] = $4
	else if (h[$3] != $4) print $3
}' "$raw" | sort -u)
if [ -n "$bad" ]; then
	echo "vmap-bench: implementations disagree on the addresses of: $bad" >&2
	exit 1
fi

echo "Command: make -C tools/testing/maple vmap-bench VMAP_REPS=$reps${args:+ VMAP_ARGS=\"$args\"}"
echo "Medians of $reps runs; ns per operation unless the row says (count)."
echo "Split rows (search, clip, insert/store, vfree, purge per area, lookup)"
echo "come from --split runs (TSC marks around each phase, mark cost"
echo "subtracted); the other rows time whole loops.  Every implementation"
echo "handed out the same addresses."
echo
awk -F '\t' -f "$here/median.awk" -f /dev/stdin "$raw" <<'AWK'
function cell(x) {
	if (x == "")
		return "-"
	return (x < 10) ? sprintf("%.2f", x) : sprintf("%.0f", x)
}
function ratio(x, y) {
	return (x != "" && y > 0) ? sprintf("%.1f", x / y) : "-"
}
/^#/ { next }
{
	key = $1 SUBSEP $2 SUBSEP $3
	val[key, ++cnt[key]] = $5
	if (!($2 in wseen)) {
		wseen[$2] = 1
		worder[++nw] = $2
	}
	if (!(($2, $3) in seen)) {
		seen[$2, $3] = 1
		rows[$2, ++nrows[$2]] = $3
	}
}
END {
	n = split("rb ours-rcu ours-norcu upstream-rcu upstream-norcu", impl, " ")
	printf "| workload | row |"
	for (i = 1; i <= n; i++)
		printf " %s |", impl[i]
	print " ours-rcu/rb | upstream-rcu/rb |"
	printf "| --- | --- |"
	for (i = 1; i <= n + 2; i++)
		printf " ---: |"
	print ""
	for (w = 1; w <= nw; w++) for (r = 1; r <= nrows[worder[w]]; r++) {
		k[1] = worder[w]
		k[2] = rows[k[1], r]
		printf "| %s | %s |", k[1], k[2]
		for (i = 1; i <= n; i++) {
			m[i] = median(impl[i] SUBSEP k[1] SUBSEP k[2])
			printf " %s |", cell(m[i])
		}
		if (k[2] ~ /\(count\)/)
			print " | |"
		else
			printf " %s | %s |\n", ratio(m[2], m[1]), ratio(m[4], m[1])
	}
}
AWK
