# SPDX-License-Identifier: GPL-2.0
#
# The workbench's front door.  `make help` lists the targets.
#
#   make run     build our kernel for x86_64 and arm64, boot it, print results
#   make test    userspace maple tree tests + debug boots of every variant on
#                both arches (KUnit, the VMA workload, every test_vmalloc
#                subtest; upstream's mm selftests on rb and ours), and with
#                TEST_FAULT fault-injection boots (failslab, memory
#                pressure, kmemleak); fails on any failure
#
# Variables: ARCHES="x86_64 arm64", VARIANT=rb|mt|ours, FLAVOUR=debug|perf,
# KERNEL_SRC=<kernel git tree> (instead of Debian's linux-source-6.12),
# TEST_VARIANTS, TEST_LOOPS, TEST_VMA, TEST_FAULT, RUN_LOOPS, BENCH_VARIANTS,
# BENCH_ROUNDS, BENCH_LOOPS, BENCH_VMA, BENCH_CLOCK=real|icount,
# SERIES_UPTO=N, PROFILE_VARIANTS, TEST_MMSEL, MMSEL_VARIANTS, MMSEL_TESTS,
# MMSEL_TIMEOUT, FAULT_VARIANTS, FAULT_REPEAT, BENCH_SMP,
# BENCH_SWEEP_LOOPS, BENCH_SWEEP_ROUNDS; `make help` says what each does.

SHELL := /bin/bash
ARCHES ?= x86_64 arm64
VARIANT ?= ours
FLAVOUR ?= debug
# Pass on only what the user set: an empty KERNEL_SRC is not a kernel tree.
$(foreach v,ARCHES KERNEL_SRC TEST_VARIANTS BENCH_VARIANTS BENCH_ROUNDS \
	BENCH_LOOPS BENCH_CLOCK TEST_LOOPS TEST_VMA TEST_FAULT BENCH_VMA RUN_LOOPS \
	SERIES_UPTO PROFILE_VARIANTS CHECK_FLAVOURS CHECK_COMMITS TEST_MMSEL \
	MMSEL_VARIANTS MMSEL_TESTS MMSEL_TIMEOUT FAULT_VARIANTS FAULT_REPEAT BENCH_SMP BENCH_SWEEP_LOOPS \
	BENCH_SWEEP_ROUNDS BENCH_MASKS,$(if $($(v)),$(eval export $(v))))

HARNESS := tools/testing/radix-tree

.PHONY: help deps base tree build boot run test test-userspace test-results test-kernel test-mm-selftests test-fault upstream-bugs bench bench-sweep profile v1-check check-maple check-series export series clean

help:
	@sed -n 's/^#   //p' Makefile
	@echo
	@echo "Other targets:"
	@echo "  deps            install what the workbench needs (apt-get)"
	@echo "  base            unpack the base kernel into build/base/linux"
	@echo "  tree            make build/\$$VARIANT/linux (rb, mt or ours)"
	@echo "  build           build VARIANT for every arch in ARCHES (FLAVOUR=debug|perf|prof)"
	@echo "  boot            boot VARIANT/FLAVOUR on ARCHES with KUnit, no test_vmalloc"
	@echo "  test-userspace  only the userspace maple tree tests (and test-results)"
	@echo "  test-results    the tests of scripts/results.py (scripts/wbresults/tests)"
	@echo "  test-kernel     only the kernel boots of make test"
	@echo "  test-mm-selftests  only upstream's mm selftests (map_fixed_noreplace,"
	@echo "                  mremap_test, mseal_test, uffd-unit-tests, ...: see"
	@echo "                  guest/mm_selftests.list), built static from the base"
	@echo "                  tree, in debug boots of MMSEL_VARIANTS on ARCHES"
	@echo "  test-fault      only make test's fault-injection boots (reclaim,"
	@echo "                  enomem), of FAULT_VARIANTS on ARCHES, each"
	@echo "                  FAULT_REPEAT times: for what fails only sometimes"
	@echo "  test-upstream-module  upstream's lib/test_maple_tree.c as a module"
	@echo "                  in perf boots of rb and ours (UPSTREAM_VARIANTS) on"
	@echo "                  ARCHES, see tools/testing/upstream/README.md"
	@echo "  upstream-bugs   each known bug of upstream's maple tree shown on"
	@echo "                  upstream's own userspace harness and checked on"
	@echo "                  ours: a table (tools/testing/maple-upstream-bugs/)"
	@echo "  bench           perf test_vmalloc and VMA workload timings of rb, mt,"
	@echo "                  ours; medians, ratios"
	@echo "  bench-sweep     the contention sweep: full_fit, long_busy_list and"
	@echo "                  random_size at nr_threads 1, 2, 4, 8 in boots of"
	@echo "                  rb, mt, ours at -smp 4 and 8 (BENCH_SMP), icount"
	@echo "  profile         where the kernel's time goes per test_vmalloc subtest"
	@echo "                  (the kernel's profiler, profile=2): top symbols and"
	@echo "                  groups in build/results/profile-<clock>-<time>/"
	@echo "  v1-check        v2's vmalloc_index cases against v1's code (patches"
	@echo "                  1-11 + patches/v1-check/): they must fail there;"
	@echo "                  with V1_FAULT=1 also make test's reclaim fault"
	@echo "                  boot on v1 as posted (patches 1-11): lockdep must"
	@echo "                  report its vmap_purge_lock/fs_reclaim deadlock"
	@echo "  check-maple     our maple tree under the kernel's checks: W=1 and"
	@echo "                  sparse on lib/maple_tree.c (ours, debug, ARCHES),"
	@echo "                  checkpatch --strict on its files"
	@echo "  check-series    checkpatch --strict on every patch; every commit of"
	@echo "                  the series built on ARCHES in CHECK_FLAVOURS (debug"
	@echo "                  perf); W=1 and sparse on the touched files: no new"
	@echo "                  warnings (CHECK_COMMITS=head: the last commit only)"
	@echo "  export          write build/mt/linux's commits (base..HEAD) to patches/"
	@echo "  series          the series with a cover letter in build/series/"
	@echo "  clean           remove build/ (the ccache stays)"
	@echo
	@echo "Variables (make TARGET VAR=value):"
	@echo "  ARCHES          arches to build and boot (default: x86_64 arm64)"
	@echo "  VARIANT         rb, mt or ours for tree, build, boot (default: ours)"
	@echo "  FLAVOUR         debug, perf or prof (perf + profiler) for build, boot"
	@echo "                  (default: debug)"
	@echo "  KERNEL_SRC      a kernel git tree whose HEAD is the base"
	@echo "                  (default: Debian's linux-source-6.12)"
	@echo "  TEST_VARIANTS   variants make test boots (default: rb mt ours)"
	@echo "  TEST_LOOPS      test_vmalloc test_loop_count in make test (default: 50)"
	@echo "  TEST_VMA        the VMA workload's options in make test (default:"
	@echo "                  '-n 300 -i 4 -f 2'; off: not run), see guest/vma_workload.c"
	@echo "  TEST_FAULT      variants that get make test's two fault-injection"
	@echo "                  boots per arch, reclaim and enomem (default: ours;"
	@echo "                  off: none), see scripts/suite.sh"
	@echo "  TEST_MMSEL      variants whose make test boots also run upstream's"
	@echo "                  mm selftests (default: rb ours; off: none)"
	@echo "  FAULT_VARIANTS  variants make test-fault boots (default: ours)"
	@echo "  FAULT_REPEAT    fault-injection boots of each kind per variant and"
	@echo "                  arch (default: 1)"
	@echo "  MMSEL_VARIANTS  variants make test-mm-selftests boots (default: rb ours)"
	@echo "  MMSEL_TESTS     only these mm selftests (default: all of the list)"
	@echo "  MMSEL_TIMEOUT   seconds an mm selftest may run (default: 600 in make"
	@echo "                  test, 3600 in make test-mm-selftests)"
	@echo "  RUN_LOOPS       test_loop_count in make run (default: 5000)"
	@echo "  BENCH_VARIANTS  variants make bench times (default: rb mt ours)"
	@echo "  BENCH_ROUNDS    rounds per boot in make bench (default: 5)"
	@echo "  BENCH_MASKS     only these test_vmalloc masks in make bench"
	@echo "                  (default: all eleven subtests, 1 to 1024)"
	@echo "  BENCH_VMA       the VMA workload's options in make bench, after"
	@echo "                  -r BENCH_ROUNDS (default: '-n 10000 -i 8'; off: not run)"
	@echo "  BENCH_LOOPS     test_loop_count in make bench and make profile"
	@echo "                  (default: 5000); it changes what a subtest"
	@echo "                  measures, see README"
	@echo "  BENCH_CLOCK     real: host time (bench's default; noisy under TCG),"
	@echo "                  or icount: guest instructions (QEMU -icount; the"
	@echo "                  default of make profile), results in"
	@echo "                  build/results/bench-icount-*"
	@echo "  BENCH_SMP       the -smp values of make bench-sweep (default: 4 8)"
	@echo "  BENCH_SWEEP_LOOPS  test_loop_count in make bench-sweep (default: 200)"
	@echo "  BENCH_SWEEP_ROUNDS rounds per boot in make bench-sweep (default: 3)"
	@echo "  PROFILE_VARIANTS variants make profile profiles (default: rb mt)"
	@echo "  SERIES_UPTO     N: the mt and ours trees carry only the first N"
	@echo "                  patches of patches/ (default: all), to measure"
	@echo "                  the series patch by patch (make export and"
	@echo "                  make series refuse it)"

deps:
	@scripts/deps.sh

base: deps
	@scripts/base.sh

tree: base
	@scripts/variant.sh $(VARIANT)

build: base
	@for a in $(ARCHES); do scripts/build.sh $(VARIANT) $$a $(FLAVOUR) || exit 1; done

boot: build
	@d=build/results/boot-$$(date +%Y%m%d-%H%M%S); \
	for a in $(ARCHES); do scripts/boot.sh $(VARIANT) $$a $(FLAVOUR) $$d || exit 1; done

run: deps
	@scripts/suite.sh run

test: deps
	@$(MAKE) --no-print-directory test-userspace
	@scripts/suite.sh test

# The harness judges our maple tree once lib/maple_tree.c is in the tree;
# until then it runs against upstream's, which checks the harness itself.
test-userspace: base
	@if [ -f lib/maple_tree.c ]; then impl=ours; else \
		impl=upstream; \
		echo "==> lib/maple_tree.c is not in the tree yet: the harness runs against upstream's maple tree"; \
	fi; \
	rc=0; $(MAKE) --no-print-directory -C $(HARNESS) test MAPLE=$$impl \
		KERNEL_SRC=$(CURDIR)/build/base/linux || rc=1; \
	$(MAKE) --no-print-directory -C tools/testing/upstream test \
		KERNEL_SRC=$(CURDIR)/build/base/linux || rc=1; \
	$(MAKE) --no-print-directory test-results || rc=1; \
	exit $$rc

# The tests of scripts/results.py: sample console logs in, verdicts out.
test-results:
	@cd scripts && python3 -m unittest discover -s wbresults/tests -t .

test-kernel: deps
	@scripts/suite.sh test

test-mm-selftests: deps
	@scripts/suite.sh mmsel

test-fault: deps
	@scripts/suite.sh fault

# Upstream's lib/test_maple_tree.c as a module, in perf boots: under TCG the
# debug flavour's soft-lockup detector fires in its long loops.
test-upstream-module: base
	@rc=0; for v in $(or $(UPSTREAM_VARIANTS),rb ours); do \
		for a in $(ARCHES); do \
			scripts/build.sh $$v $$a perf && \
			tools/testing/upstream/kmod-boot.sh $$v $$a perf || rc=1; \
		done; \
	done; exit $$rc

# The reproducers of upstream's maple tree bugs that the harness names
# (tools/testing/maple-upstream-bugs/NOTES.md), on both harnesses.
upstream-bugs: base
	@$(MAKE) --no-print-directory -C tools/testing/maple-upstream-bugs \
		KERNEL_SRC=$(CURDIR)/build/base/linux

bench-sweep: deps
	@scripts/suite.sh sweep

bench: deps
	@scripts/suite.sh bench

profile: deps
	@scripts/suite.sh profile

v1-check: base
	@for a in $(ARCHES); do scripts/build.sh mt $$a debug && \
		scripts/v1-check.sh $$a || exit 1; done

check-maple: base
	@scripts/check-maple.sh

check-series: base
	@scripts/check-series.sh

export: base
	@scripts/series.sh export

series: base
	@scripts/series.sh mail

clean:
	rm -rf build
