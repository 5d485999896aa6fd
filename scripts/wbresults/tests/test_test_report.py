# SPDX-License-Identifier: GPL-2.0
"""results.py test-report over small run dirs: the count and exit
status."""
import unittest

from wbresults.rows import collect
from wbresults.test_report import test_report

from .helpers import RunDirCopy, captured


def report_of(name, **kwargs):
    """(exit status, output) of collect then test-report on a copy of
    tests/data/NAME."""
    run = RunDirCopy(name)
    try:
        collect(run.path)
        return captured(test_report, run.path, **kwargs)
    finally:
        run.cleanup()


def last_line(out):
    return out.rstrip("\n").split("\n")[-1]


class TestReport(unittest.TestCase):

    def test_run_with_a_failed_vma_workload(self):
        # rb and ours: 2 test_vmalloc subtests (align_shift xfail on
        # both), VMA phases mmap and fault and the workload; ours fails
        # the fault phase and so the workload: 8 passed, 2 failed.
        rc, out = report_of("run")
        self.assertEqual(last_line(out), "workbench: 8 passed, 2 failed")
        self.assertEqual(rc, 1)
        self.assertIn("| xfail 0.0 ms ", out)
        self.assertIn("VMA workload failed: x86_64 ours: exit status 1",
                      out)

    def test_failed_boots_count_as_failures(self):
        rc, out = report_of("run", boot_failed=["mt-x86_64-debug"])
        self.assertEqual(last_line(out), "workbench: 8 passed, 3 failed")
        self.assertIn("boot failed: mt-x86_64-debug", out)
        self.assertIn("  (no console log)", out)
        self.assertEqual(rc, 1)

    def test_failed_boot_shows_its_evidence(self):
        # ours's log in "run" reports a failed VMA workload: the summary
        # repeats it and the log's last lines, for a reader of CI's
        # transcript who cannot open the log.
        rc, out = report_of("run", boot_failed=["ours-x86_64-debug"])
        self.assertIn("boot failed: ours-x86_64-debug", out)
        self.assertIn("  VMA workload: vma: result=fail", out)
        self.assertIn("  last 11 lines of the console log:", out)
        self.assertIn("  | WB-DONE", out)
        self.assertEqual(rc, 1)

    def test_mm_selftest_that_differs_from_rb(self):
        # ours skips (exit status 4) what rb passes: a skip is fine on
        # its own, but not when rb ran the test.
        rc, out = report_of("mmsel")
        self.assertIn("| skip (rb: pass) MISMATCH 0.5 s, 9/9 cases passed",
                      out)
        self.assertEqual(last_line(out), "workbench: 1 passed, 1 failed")
        self.assertEqual(rc, 1)

    def test_mm_selftests_asked_for_and_not_run(self):
        # "run" has no mm selftest lines: a boot of a variant that was to
        # run them (suite.sh's --mmsel) is a failure, one per arch.
        rc, out = report_of("run", mmsel=["rb", "ours"])
        self.assertIn("mm selftests missing: rb-x86_64 was to run them", out)
        self.assertIn("mm selftests missing: ours-x86_64 was to run them",
                      out)
        self.assertEqual(last_line(out), "workbench: 8 passed, 4 failed")
        self.assertEqual(rc, 1)

    def test_mm_selftests_asked_for_and_run(self):
        # Both boots of "mmsel" ran them: the count is the plain run's.
        rc, out = report_of("mmsel", mmsel=["rb", "ours"])
        self.assertNotIn("mm selftests missing", out)
        self.assertEqual(last_line(out), "workbench: 1 passed, 1 failed")

    def test_run_where_everything_passes(self):
        # ours's log is rb's: the 5 tests of "run" pass on both.
        rc, out = report_of("good-run")
        self.assertEqual(last_line(out), "workbench: 10 passed, 0 failed")
        self.assertEqual(rc, 0)


if __name__ == "__main__":
    unittest.main()
