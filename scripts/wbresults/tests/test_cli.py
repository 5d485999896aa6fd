# SPDX-License-Identifier: GPL-2.0
"""scripts/results.py as its callers run it (boot.sh: check LOG; suite.sh:
collect, then test-report): the exit status is the verdict."""
import os
import subprocess
import sys
import unittest

from .helpers import RunDirCopy, data

RESULTS_PY = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "results.py")


def results_py(*args):
    """(exit status, stdout) of scripts/results.py ARGS."""
    proc = subprocess.run([sys.executable, RESULTS_PY, *args],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout


class CommandLine(unittest.TestCase):

    def test_check_good_boot(self):
        self.assertEqual(results_py("check", data("boots",
                                                  "good.console.log")),
                         (0, ""))

    def test_check_hung_boot(self):
        self.assertEqual(results_py("check", data("boots",
                                                  "hung.console.log")),
                         (1, "the guest did not finish (no WB-DONE "
                             "line)\n"))

    def test_collect_then_test_report(self):
        run = RunDirCopy("run")
        try:
            self.assertEqual(results_py("collect", run.path), (0, ""))
            rc, out = results_py("test-report", run.path)
        finally:
            run.cleanup()
        self.assertEqual(rc, 1)
        self.assertTrue(out.endswith("workbench: 8 passed, 2 failed\n"), out)


if __name__ == "__main__":
    unittest.main()
