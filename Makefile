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
# Variables: configs/workbench.def defines them (and the arches and
# variants); `make help` lists them with what each does.

SHELL := /bin/bash
ARCHES ?= x86_64 arm64
VARIANT ?= ours
FLAVOUR ?= debug
# Pass on only what the user set: an empty KERNEL_SRC is not a kernel tree.
WB_VARS := $(shell python3 scripts/wbdef.py vars)
ifeq ($(WB_VARS)$(filter-out deps,$(MAKECMDGOALS)),)
else ifeq ($(WB_VARS),)
$(error configs/workbench.def cannot be read: python3 scripts/wbdef.py vars (make deps installs python3))
endif
$(foreach v,$(WB_VARS),$(if $($(v)),$(eval export $(v))))

HARNESS := tools/testing/maple

.PHONY: help deps base tree build boot run test test-userspace test-results test-kernel test-mm-selftests test-fault upstream-bugs bench bench-sweep profile v1-check check-maple check-series series-boots export series clean

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
	@echo "  v1-check        v2's vmalloc_index cases against v1's code"
	@echo "                  (patches/v1/ + patches/v1-check/): they must fail;"
	@echo "                  with V1_FAULT=1 also make test's reclaim fault"
	@echo "                  boot on v1 as posted (patches/v1/): lockdep must"
	@echo "                  report its vmap_purge_lock/fs_reclaim deadlock"
	@echo "  check-maple     our maple tree under the kernel's checks: W=1 and"
	@echo "                  sparse on lib/maple_tree.c (ours, debug, ARCHES),"
	@echo "                  checkpatch --strict on its files"
	@echo "  check-series    checkpatch --strict on every patch; every commit of"
	@echo "                  the series built on ARCHES in CHECK_FLAVOURS (debug"
	@echo "                  perf); W=1 and sparse on the touched files: no new"
	@echo "                  warnings (CHECK_COMMITS=head: the last commit only)"
	@echo "  series-boots    every commit of the series (SERIES_BOOTS) built in"
	@echo "                  the debug flavour and booted on ARCHES with KUnit:"
	@echo "                  a clean boot and every KUnit case passing"
	@echo "  export          write build/mt/linux's commits (base..HEAD) to patches/"
	@echo "  series          the series with a cover letter in build/series/"
	@echo "  clean           remove build/ (the ccache stays)"
	@echo
	@python3 scripts/wbdef.py help

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

# The userspace tests run beside the kernels' builds and boots
# (scripts/test.sh); test-userspace and test-kernel run one of them each.
test: deps
	@scripts/test.sh

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

series-boots: base
	@scripts/series-boots.sh

export: base
	@scripts/series.sh export

series: base
	@scripts/series.sh mail

clean:
	rm -rf build
