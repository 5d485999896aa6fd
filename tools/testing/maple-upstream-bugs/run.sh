#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build every reproducer of this directory against upstream's own userspace
# harness and against ours, run each, and print a table:
#
#   bug | upstream | ours
#
# upstream: "reproduced" when the bug showed (a wrong result, a crash, or no
# return before the alarm), ours: "ok" when the documented contract held.
# The last line is the summary; the exit status is 0 when every bug was
# reproduced on upstream and every reproducer passed on ours.
#
# Upstream's files are only read from KERNEL_SRC: its harness
# (tools/testing/radix-tree and tools/testing/shared) and the lib/ files
# that harness compiles are copied under $O/upstream-harness and built
# there with that harness's own Makefile and flags; the header trees are
# linked, not copied.  Ours is built by tools/testing/maple's Makefile
# (make lib print-cflags MAPLE=ours) into $O/ours-harness.
#
# Usage: run.sh [bug ...]      (names as the .c files: insert_all, ...)
# Environment: KERNEL_SRC, O (default build/upstream-bugs), CC.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
KERNEL_SRC=${KERNEL_SRC:-$TOP/build/base/linux}
O=${O:-$TOP/build/upstream-bugs}
CC=${CC:-gcc}
export CC

# In the order of enum h_upstream_bug.
ALL_BUGS="rcu_free_walk insert_all empty_area_rev_max root_prev_min
	  nomem_retry root_store_again lost_leaf bulk_rcu prealloc_stale"
BUGS=${*:-$ALL_BUGS}

die() { echo "upstream-bugs: $*" >&2; echo "upstream-bugs: 0 reproduced, setup failed"; exit 1; }

[ -f "$KERNEL_SRC/lib/maple_tree.c" ] &&
[ -d "$KERNEL_SRC/tools/testing/radix-tree" ] ||
	die "no upstream kernel tree with its harness at KERNEL_SRC=$KERNEL_SRC"

# ---- upstream's own harness, copied and built under $O ---------------------
UP=$O/upstream-harness
UPH=$UP/tools/testing/radix-tree
prepare_upstream() {
	local f
	if [ ! -f "$UP/.copied" ] || [ "$UP/.copied" -ot "$KERNEL_SRC/lib/maple_tree.c" ]; then
		rm -rf "$UP"
		mkdir -p "$UP/tools/testing" "$UP/lib"
		cp -r "$KERNEL_SRC/tools/testing/radix-tree" \
		      "$KERNEL_SRC/tools/testing/shared" "$UP/tools/testing/"
		for f in maple_tree.c test_maple_tree.c xarray.c test_xarray.c \
			 radix-tree.c radix-tree.h idr.c test_ida.c; do
			cp "$KERNEL_SRC/lib/$f" "$UP/lib/"
		done
		ln -s "$KERNEL_SRC/include" "$UP/include"
		ln -s "$KERNEL_SRC/tools/include" "$UP/tools/include"
		ln -s "$KERNEL_SRC/tools/lib" "$UP/tools/lib"
		touch "$UP/.copied"
	fi
	UPMAKE=(make -s -C "$UPH" -f Makefile -f "$HERE/print-flags.mk")
	UP_OBJS=$("${UPMAKE[@]}" print-repro-objs)
	"${UPMAKE[@]}" generated/map-shift.h generated/bit-length.h \
		generated/autoconf.h $UP_OBJS >"$O/upstream-build.log" 2>&1 ||
		{ cat "$O/upstream-build.log" >&2; die "upstream's harness did not build"; }
	UP_CFLAGS=$("${UPMAKE[@]}" print-repro-cflags)
	UP_LDFLAGS=$("${UPMAKE[@]}" print-repro-ldflags)
	UP_LDLIBS=$("${UPMAKE[@]}" print-repro-ldlibs)
}

build_upstream() {	# bug
	local out=$O/upstream/$1
	mkdir -p "$O/upstream"
	# Upstream's flags use paths relative to its harness directory.
	(cd "$UPH" &&
	 $CC $UP_CFLAGS -DREPRO_UPSTREAM -I"$HERE" -c -o "$out.o" "$HERE/$1.c" &&
	 $CC $UP_CFLAGS -DREPRO_UPSTREAM -I"$HERE" -c -o "$O/upstream/repro.o" "$HERE/repro.c" &&
	 $CC $UP_LDFLAGS -Wl,--wrap=kmem_cache_alloc_lru \
		-Wl,--wrap=kmem_cache_alloc_bulk \
		-o "$out" "$out.o" "$O/upstream/repro.o" $UP_OBJS $UP_LDLIBS)
}

# ---- ours ------------------------------------------------------------------
prepare_ours() {
	local flags
	flags=$(make -s -C "$TOP/tools/testing/maple" lib print-cflags \
		MAPLE=ours O="$O/ours-harness" KERNEL_SRC="$KERNEL_SRC" |
		tail -n 1) || die "our harness's libmaple.a did not build"
	OURS_CFLAGS= OURS_LIBS=
	for f in $flags; do
		case $f in
		*.a|-l*) OURS_LIBS="$OURS_LIBS $f" ;;
		*) OURS_CFLAGS="$OURS_CFLAGS $f" ;;
		esac
	done
	# The same sanitizers as upstream's harness uses, for the reproducer.
	OURS_SAN="-fsanitize=address -fsanitize=undefined"
}

build_ours() {	# bug
	local out=$O/ours/$1
	mkdir -p "$O/ours"
	$CC $OURS_CFLAGS $OURS_SAN -I"$HERE" -c -o "$out.o" "$HERE/$1.c" &&
	$CC $OURS_CFLAGS $OURS_SAN -I"$HERE" -c -o "$O/ours/repro.o" "$HERE/repro.c" &&
	$CC $OURS_SAN -o "$out" "$out.o" "$O/ours/repro.o" $OURS_LIBS
}

# ---- run -------------------------------------------------------------------
mkdir -p "$O"
prepare_upstream
prepare_ours

# result line -> table cell
cell() {	# impl result-line
	local verdict detail
	verdict=$(echo "$2" | awk '{ print $4 }')
	detail=$(echo "$2" | cut -d' ' -f5-)
	case $1/$verdict in
	upstream/bug) echo "reproduced: $detail" ;;
	upstream/ok) echo "NOT reproduced" ;;
	ours/ok) echo "ok" ;;
	ours/bug) echo "NOT ok: $detail" ;;
	*) echo "$verdict: $detail" ;;
	esac
}

rows=() reproduced=0 ours_ok=0 n=0
for bug in $BUGS; do
	[ -f "$HERE/$bug.c" ] || die "no reproducer $bug.c"
	n=$((n + 1))
	for impl in upstream ours; do
		log=$O/$impl/$bug.log
		mkdir -p "$O/$impl"
		if ! build_$impl "$bug" >"$log" 2>&1; then
			echo "RESULT $bug $impl setup build failed" >>"$log"
		else
			"$O/$impl/$bug" >"$log" 2>&1 || true
		fi
		echo "== $bug, $impl (log: $log)"
		sed -n '1,40p' "$log"
		line=$(grep '^RESULT ' "$log" | tail -n 1)
		[ -n "$line" ] || line="RESULT $bug $impl setup no verdict"
		eval "res_$impl=\$line"
	done
	name=$(echo "$res_upstream" | awk '{ print $2 }')
	[ "$(echo "$res_upstream" | awk '{ print $4 }')" = bug ] && reproduced=$((reproduced + 1))
	[ "$(echo "$res_ours" | awk '{ print $4 }')" = ok ] && ours_ok=$((ours_ok + 1))
	rows+=("| $name | $(cell upstream "$res_upstream") | $(cell ours "$res_ours") |")
done

echo
echo "| bug | upstream | ours |"
echo "| --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "upstream-bugs: $reproduced of $n reproduced on upstream, $ours_ok of $n ok on ours"
[ "$reproduced" -eq "$n" ] && [ "$ours_ok" -eq "$n" ]
