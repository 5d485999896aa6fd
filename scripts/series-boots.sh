#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot every commit of the vmalloc series, so that a bisect meets no commit
# that builds but fails its tests:
#   series-boots.sh
#
# For each k in SERIES_BOOTS (default: every patch, 1 to N) and each arch
# in ARCHES, the mt variant with the first k patches (SERIES_UPTO=k) is
# built in the debug flavour (KASAN, lockdep, PROVE_RCU, ...) and booted
# with KUnit and no test_vmalloc (scripts/boot.sh: a panic, a hang or any
# WARNING/BUG/lockdep/KASAN report fails the boot; so do a KUnit case that
# the kernel's kunit.py parse (through results.py collect, as in make test)
# reports neither passed nor skipped and, from patch 2 on, a missing
# vmalloc_index suite).  Prints one line per boot with the vmalloc_index suite's summary
# (from patch 2 on), then a table; the console logs stay in
# build/results/series-boots-<time>/<k>/.  The mt tree is left with the
# whole series again.  Last line: "series-boots: N passed, N failed".
source "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-$ALL_ARCHES}
for a in $ARCHES; do check_arch "$a"; done
total=$(series_patches | wc -l)
[ "$total" -gt 0 ] || die "no patches in $TOP/patches"
ks=${SERIES_BOOTS:-$(seq 1 "$total")}
for k in $ks; do
	[[ $k =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$total" ] ||
		die "SERIES_BOOTS: '$k' is not a patch number from 1 to $total"
done

out=$RESULTS/series-boots-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
passed=0 failed=0 rows=()
say "series-boots: commits '$(echo $ks)' of $total, arches '$ARCHES'; logs in $out"

# Judge the KUnit cases of ARCH's boot in DIR as make test does: the logs
# go through results.py collect (the kernel's kunit.py parse).  NEED=1: the
# vmalloc_index suite must be there.  Prints the verdict, a tab and the
# suite's summary ("P/T passed", or "-").
kunit_verdict() {
	local arch=$1 dir=$2 need=$3

	python3 "$TOP/scripts/results.py" collect "$dir" >/dev/null || {
		printf 'results.py collect failed\t-\n'; return; }
	awk -F'\t' -v arch="$arch" -v need="$need" '
		$1 == arch && $4 == "kunit" {
			if ($8 != "pass" && $8 != "skip") bad = bad " " $5
			if ($5 ~ /^vmalloc_index\./) { n++; if ($8 == "pass") p++ }
		}
		END {
			sum = n ? p "/" n " passed" : "-"
			if (bad != "") v = "KUnit failed:" bad
			else if (need && !n) v = "no vmalloc_index results"
			else v = "pass"
			printf "%s\t%s\n", v, sum
		}' "$dir/results.tsv"
}

for k in $ks; do
	subject=$(series_patches | sed -n "${k}p" | xargs basename | cut -c6-)
	for a in $ARCHES; do
		dir=$out/$k
		mkdir -p "$dir"
		verdict=pass
		if ! SERIES_UPTO=$k "$TOP/scripts/build.sh" mt "$a" debug; then
			verdict="build failed"
		elif ! SERIES_UPTO=$k "$TOP/scripts/boot.sh" mt "$a" debug "$dir"; then
			verdict="boot failed"
		fi
		# The vmalloc_index suite comes with patch 2.
		IFS=$'\t' read -r judged kunit < <(kunit_verdict "$a" "$dir" \
			"$([ "$k" -ge 2 ] && echo 1)")
		[ "$verdict" = pass ] && verdict=$judged
		if [ "$verdict" = pass ]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
		say "series-boots: $k/$total $a: $verdict (vmalloc_index: $kunit)"
		rows+=("| $k | $a | $verdict | $kunit | $subject |")
	done
done

# Leave the mt tree with the whole series, as every other target expects.
"$TOP/scripts/variant.sh" mt >/dev/null

{
	echo "| patch | arch | boot (debug, KUnit) | vmalloc_index | patch file |"
	echo "| ---: | --- | --- | --- | --- |"
	printf '%s\n' "${rows[@]}"
} | tee "$out/series-boots.md"
echo "series-boots: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
