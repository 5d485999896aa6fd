#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Our maple tree against the kernel's own checks, in the ours variant's
# debug trees (built first if needed), on every arch of ARCHES:
#   - lib/maple_tree.c compiled with W=1 and checked with sparse (C=1):
#     no warning may name lib/maple_tree.c or include/linux/maple_tree.h;
#   - scripts/checkpatch.pl --strict -f on those two files and the KUnit
#     suite: no error, warning or check, except those the v6.12 API itself
#     causes in the header, each listed once in API_FINDINGS below.
# Prints one summary line, "check-maple: N passed, M failed", and exits 1
# on any failure; the full compiler output stays in build/logs/.
source "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-$ALL_ARCHES}
FILES=(lib/maple_tree.c include/linux/maple_tree.h lib/maple_tree_kunit.c)
passed=0 failed=0
# checkpatch findings in include/linux/maple_tree.h that the API fixes: the
# macros' names and parameters are v6.12's, which callers use.
API_FINDINGS=(
	# MTREE_INIT_EXT(name, flags, lock): with lockdep the tree points at
	# the lock and needs no name, without lockdep the lock is not used.
	"Argument 'name' is not used in function-like macro"
	"Argument '__lock' is not used in function-like macro"
	# DEFINE_MTREE(name) both declares and initialises name.
	"Macro argument reuse 'name' - possible side-effects?"
	# MT_BUG_ON()/MAS_BUG_ON() are BUG_ON() by their contract.
	"Do not crash the kernel unless it is absolutely unavoidable"
	# mt_for_each(tree, entry, index, max) steps with them each time.
	"Macro argument reuse '__mt' - possible side-effects?"
	"Macro argument reuse '__e' - possible side-effects?"
	"Macro argument reuse '__i' - possible side-effects?"
	"Macro argument reuse '__limit' - possible side-effects?"
)

# checkpatch's findings in file $1 that are not API_FINDINGS of the header.
checkpatch_findings() {
	local out pattern
	out=$("$BASE_TREE/scripts/checkpatch.pl" --strict --no-tree --terse \
		--show-types -f "$TOP/$1" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):' || true)
	if [ "$1" = include/linux/maple_tree.h ]; then
		for pattern in "${API_FINDINGS[@]}"; do
			out=$(printf '%s\n' "$out" | grep -vF "$pattern" || true)
		done
	fi
	printf '%s' "$out"
}

for arch in $ARCHES; do
	check_arch "$arch"
	"$TOP/scripts/build.sh" ours "$arch" debug
	obj=$(obj_dir ours "$arch" debug)
	lock_kernel "ours-$arch-debug"
	log=$BUILD/logs/check-maple-$arch.log
	say "ours-$arch: W=1 and sparse on lib/maple_tree.c (log: $log)"
	# Compiled again whatever make thinks: its warnings are what we want.
	rm -f "$obj/lib/maple_tree.o"
	if ! kmake "$arch" "$BUILD/ours/linux" "$obj" W=1 C=1 lib/maple_tree.o \
			>"$log" 2>&1; then
		warn "ours-$arch: the W=1 build of lib/maple_tree.o failed"
		failed=$((failed + 1))
		continue
	fi
	if grep -q "CHECK   .*lib/maple_tree.c" "$log" &&
	   ! grep -E "maple_tree\.[ch]:[0-9]+:[0-9]+: (warning|error)" "$log"; then
		passed=$((passed + 1))
	else
		warn "ours-$arch: warnings in our files, or sparse did not run"
		failed=$((failed + 1))
	fi
done

for f in "${FILES[@]}"; do
	out=$(checkpatch_findings "$f")
	if [ -z "$out" ]; then
		passed=$((passed + 1))
	else
		printf '%s\n' "$out"
		warn "checkpatch --strict: $f"
		failed=$((failed + 1))
	fi
done
echo "check-maple: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
