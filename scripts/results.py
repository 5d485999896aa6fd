#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read guest console logs and turn them into verdicts and tables.

  results.py check LOG            kernel reports in a console log; exit 1 if any
  results.py collect RUN_DIR      parse every RUN_DIR/*.console.log into
                                  RUN_DIR/results.tsv (KUnit via kunit.py parse)
  results.py test-report [--no-judge] RUN_DIR
                                  table arch x test, judged against rb (the
                                  VMA workload must pass everywhere); exit 1
                                  on any failure
  results.py mmsel-list [ARCH]  the mm selftests the guest runs on ARCH
                                  (guest/mm_selftests.list), one a line
  results.py bench-report RUN_DIR [--clock real|icount] [--command CMD]
                                  medians and ratios against rb, as markdown,
                                  for test_vmalloc and the VMA workload (the
                                  clock is read from the QEMU command lines
                                  beside the logs unless given)
  results.py sweep-report RUN_DIR [--clock real|icount] [--command CMD]
                                  make bench-sweep's table: per arch, -smp,
                                  subtest and nr_threads, medians and ratios
                                  against rb, as markdown in RUN_DIR/sweep.md
  results.py profile-save RUN_DIR VARIANT ARCH FLAVOUR
                                  keep what profile-report needs of a built
                                  kernel in RUN_DIR: its System.map, HZ, the
                                  tree's summary, the symbols of the objects
                                  that define the groups
  results.py profile-report RUN_DIR [--clock real|icount] [--command CMD]
                                  the guest's /proc/profile dumps mapped to
                                  symbols: per arch, variant and subtest the
                                  top 25 symbols and the groups, as markdown
                                  in RUN_DIR/profile.md
"""
# The command line only: the work is done by the modules of
# scripts/wbresults/ (see its __init__.py), one per job.
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wbresults.bench import CLOCK_NAMES, bench_report  # noqa: E402
from wbresults.checks import check  # noqa: E402
from wbresults.mmsel import mmsel_list  # noqa: E402
from wbresults.profile import profile_report, profile_save  # noqa: E402
from wbresults.rows import collect  # noqa: E402
from wbresults.sweep import sweep_report  # noqa: E402
from wbresults.test_report import test_report  # noqa: E402


def add_timed_report(sub, name):
    """A report of a timed run: RUN_DIR, the command that made it, its clock."""
    r = sub.add_parser(name)
    r.add_argument("run_dir")
    r.add_argument("--command", default="")
    r.add_argument("--clock", choices=sorted(CLOCK_NAMES),
                   help="the clock of the run (default: from the QEMU "
                   "command lines in RUN_DIR)")
    return r


def parser():
    """The command line: one subcommand per job."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").add_argument("log")
    sub.add_parser("collect").add_argument("run_dir")
    sub.add_parser("mmsel-list").add_argument("arch", nargs="?")
    t = sub.add_parser("test-report")
    t.add_argument("run_dir")
    t.add_argument("--no-judge", action="store_true",
                   help="show test_vmalloc outcomes without judging them")
    t.add_argument("--boot-failed", action="append", default=[],
                   metavar="NAME", help="a boot that failed: counted as a failure")
    t.add_argument("--mmsel", action="append", default=[], metavar="VARIANT",
                   help="a variant whose boots were to run the mm selftests")
    add_timed_report(sub, "bench-report")
    add_timed_report(sub, "sweep-report")
    s = sub.add_parser("profile-save")
    for arg in ("run_dir", "variant", "arch", "flavour"):
        s.add_argument(arg)
    p = add_timed_report(sub, "profile-report")
    p.add_argument("--boot-failed", action="append", default=[],
                   metavar="NAME", help="a boot that failed")
    return ap


def main():
    """Run the subcommand; its exit status."""
    a = parser().parse_args()
    if a.cmd == "check":
        return check(a.log)
    if a.cmd == "collect":
        return collect(a.run_dir)
    if a.cmd == "mmsel-list":
        print("\n".join(mmsel_list(a.arch)[0]))
        return 0
    if a.cmd == "test-report":
        return test_report(a.run_dir, not a.no_judge, a.boot_failed,
                           a.mmsel)
    if a.cmd == "profile-save":
        return profile_save(a.run_dir, a.variant, a.arch, a.flavour)
    if a.cmd == "profile-report":
        return profile_report(a.run_dir, a.command, a.clock, a.boot_failed)
    if a.cmd == "sweep-report":
        return sweep_report(a.run_dir, a.command, a.clock)
    return bench_report(a.run_dir, a.command, a.clock)


if __name__ == "__main__":
    sys.exit(main())
