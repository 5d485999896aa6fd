# SPDX-License-Identifier: GPL-2.0
"""results.py check: the verdict on one boot's console log."""
import unittest

from wbresults.checks import boot_problems, check

from .helpers import captured, data


def problems_of(name):
    """boot_problems of tests/data/boots/NAME.console.log."""
    return boot_problems(data("boots", name + ".console.log"))


class CheckVerdicts(unittest.TestCase):

    def assert_one_problem(self, name, expected):
        """The log has exactly one problem, and it contains expected."""
        problems = problems_of(name)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn(expected, problems[0])

    def test_good_boot_has_no_problem(self):
        self.assertEqual(problems_of("good"), [])

    def test_good_boot_exits_0_and_prints_nothing(self):
        rc, out = captured(check, data("boots", "good.console.log"))
        self.assertEqual((rc, out), (0, ""))

    def test_warning(self):
        self.assert_one_problem("warning", "line 7: WARNING: CPU: 0 PID: 1")

    def test_bug(self):
        self.assert_one_problem("bug", "line 7: BUG: sleeping function")

    def test_kasan(self):
        self.assert_one_problem("kasan", "line 7: KASAN: null-ptr-deref")

    def test_lockdep(self):
        self.assert_one_problem(
            "lockdep", "line 8: WARNING: possible circular locking "
            "dependency detected")

    def test_lockdep_report_without_warning_prefix(self):
        # Older lockdep headers have no "WARNING:": the lockdep
        # patterns themselves must catch them.
        self.assert_one_problem(
            "lockdep-info", "line 8: [ INFO: possible recursive locking "
            "detected ]")

    def test_report_quoted_by_our_init_is_not_a_kernel_report(self):
        self.assertEqual(problems_of("quoted"), [])

    def test_worker_that_did_not_start(self):
        self.assert_one_problem("fault-kthread",
                                "line 7: Failed to start 1 kthread")

    def test_hung_boot_did_not_finish(self):
        self.assert_one_problem(
            "hung", "the guest did not finish (no WB-DONE line)")

    def test_guest_error(self):
        self.assert_one_problem(
            "guest-error", "guest error: insmod test_vmalloc: File exists")

    def test_errors_counted_but_not_printed(self):
        self.assert_one_problem("silent-errors", "guest reported errors")

    def test_problem_exits_1_and_prints_it(self):
        rc, out = captured(check, data("boots", "kasan.console.log"))
        self.assertEqual(rc, 1)
        self.assertIn("KASAN: null-ptr-deref", out)


class FaultBootChecks(unittest.TestCase):

    def test_fault_boot_that_tested_everything(self):
        self.assertEqual(problems_of("fault-good"), [])

    def test_failslab_injected_nothing(self):
        self.assertEqual(problems_of("fault-noinject"),
                         ["failslab injected no failure: nothing was "
                          "tested"])

    def test_kmemleak_found_leaks(self):
        self.assertEqual(problems_of("fault-leaks"),
                         ["kmemleak: 3 suspected leaks (WB-KMEMLEAK lines "
                          "in the log)"])

    def test_memory_hog_caused_no_reclaim(self):
        problems = problems_of("fault-noreclaim")
        self.assertEqual(len(problems), 1, problems)
        self.assertTrue(problems[0].startswith(
            "the memory hog caused no reclaim"), problems)


if __name__ == "__main__":
    unittest.main()
