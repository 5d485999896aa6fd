#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench_callgrind.sh MAPLE_BENCH
# Runs the interleaved benchmark once under callgrind, counting only the
# measured brackets of each operation in the benchmark thread (client
# requests; --collect-atstart=no), one dump per operation and implementation
# in BENCH_CG_OUT, and prints instructions per operation, ours/upstream
# (bench_callgrind.py).  The dumps keep the whole call graph: see one with
#   callgrind_annotate --inclusive=yes BENCH_CG_OUT/callgrind.out.N
# (the implementations' functions are named ours_* and upstream_*; static
# ones keep their names, told apart by the source file).
# BENCH_CG_ONLY names one operation to run alone (maple_bench --only), as
# the table names it: BENCH_CG_ONLY="mas_find iteration".

bin=$1
sizes=${BENCH_CG_SIZES:-100 10000 100000}
ops=${BENCH_CG_OPS:-20000}
out=${BENCH_CG_OUT:-bench-callgrind}
args=${BENCH_CG_ARGS:-}
only=${BENCH_CG_ONLY:-}
here=$(dirname "$0")

command -v valgrind > /dev/null || { echo "bench-callgrind: no valgrind" >&2; exit 1; }
[ -x "$bin" ] || { echo "bench-callgrind: missing $bin (make bench-bin)" >&2; exit 1; }
mkdir -p "$out" || exit 1
rm -f "$out"/callgrind.out*

echo "bench-callgrind: valgrind --tool=callgrind --collect-atstart=no" \
	"--compress-strings=no --callgrind-out-file=$out/callgrind.out" \
	"$bin --callgrind --ops $ops${only:+ --only \"$only\"} $args $sizes" >&2
echo "bench-callgrind: (several minutes: every tree is built under valgrind)" >&2
# shellcheck disable=SC2086
valgrind -q --tool=callgrind --collect-atstart=no --compress-strings=no \
	--callgrind-out-file="$out/callgrind.out" \
	"$bin" --callgrind --ops "$ops" ${only:+--only "$only"} $args $sizes \
	> "$out/stdout" || {
	echo "bench-callgrind: valgrind $bin failed" >&2
	exit 1
}

rev=$(git -C "$here" log -1 --format=%h -- ../../../lib/maple_tree.c 2>/dev/null)
dirty=$(git -C "$here" status --porcelain -- ../../../lib/maple_tree.c 2>/dev/null)
echo "Command: make -C tools/testing/maple bench-callgrind BENCH_CG_SIZES=\"$sizes\" BENCH_CG_OPS=$ops${only:+ BENCH_CG_ONLY=\"$only\"}${args:+ BENCH_CG_ARGS=\"$args\"}"
echo "(ours: lib/maple_tree.c at ${rev:-?}${dirty:+ with uncommitted changes};" \
	"upstream: ${KERNEL_SRC:-KERNEL_SRC}/lib/maple_tree.c)"
echo
echo "Instructions per operation under callgrind (benchmark thread only;"
echo "per entry where the time table says so).  \"no alloc\": without the"
echo "calls into the shim's slab caches, malloc/free and call_rcu()."
echo
# Dumps in the order they were written: callgrind.out.1, .2, ...
# shellcheck disable=SC2046
python3 "$here/bench_callgrind.py" $(ls "$out"/callgrind.out.* | sort -t. -k3 -n)
