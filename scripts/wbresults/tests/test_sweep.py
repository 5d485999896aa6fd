# SPDX-License-Identifier: GPL-2.0
"""results.py sweep-report (make bench-sweep): a line per arch, -smp,
subtest and nr_threads, and its exit status."""
import unittest

from wbresults.rows import collect
from wbresults.sweep import sweep_report, sweep_smp

from .helpers import RunDirCopy, captured


def sweep_of(name):
    """(exit status, output) of collect then sweep-report on a copy of
    tests/data/NAME."""
    run = RunDirCopy(name)
    try:
        collect(run.path)
        return captured(sweep_report, run.path, "make bench-sweep")
    finally:
        run.cleanup()


def table_lines(out):
    return [line for line in out.split("\n") if line.startswith("| x86_64")]


class Sweep(unittest.TestCase):

    def test_label_gives_the_smp(self):
        self.assertEqual(sweep_smp("smp8"), 8)
        self.assertIsNone(sweep_smp("perf"))
        self.assertIsNone(sweep_smp("smp"))

    def test_a_line_per_smp_subtest_and_thread_count(self):
        rc, out = sweep_of("sweep")
        self.assertEqual(rc, 0)
        lines = [[c.strip() for c in line.strip("|").split("|")]
                 for line in table_lines(out)]
        # arch, smp, subtest, threads, rb, mt, mt/rb speed; nr_threads=2
        # is the median of its two workers.
        self.assertEqual(lines, [
            ["x86_64", "4", "full_fit_alloc_test", "1", "1000", "800",
             "1.25"],
            ["x86_64", "4", "full_fit_alloc_test", "2", "3000", "2000",
             "1.50"]])
        self.assertIn("icount", out)

    def test_a_failed_worker_fails_the_report(self):
        rc, out = sweep_of("sweep-fail")
        self.assertEqual(rc, 1)
        self.assertIn("failed: mt-x86_64-smp4 full_fit_alloc_test "
                      "nr_threads=2", out)
        self.assertIn("2000 (fail)", out)


if __name__ == "__main__":
    unittest.main()
