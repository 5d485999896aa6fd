# SPDX-License-Identifier: GPL-2.0
"""results.py collect: the rows of a fault boot, of test_vmalloc and of
the VMA workload."""
import unittest

from wbresults.rows import fault_rows, vma_rows, vmalloc_rows

from .helpers import data

IDENT = ["x86_64", "ours", "enomem"]


def fault_row(name, what):
    """(outcome, note) of the fault row "enomem WHAT" of boots/NAME."""
    rows = fault_rows(data("boots", name + ".console.log"), IDENT)
    got = [r for r in rows if r[4] == f"enomem {what}"]
    if len(got) != 1:
        raise AssertionError(f"{len(got)} rows 'enomem {what}' in {rows}")
    return got[0][7], got[0][9]


class FaultRows(unittest.TestCase):

    def test_fault_boot_that_tested_everything_passes(self):
        rows = fault_rows(data("boots", "fault-good.console.log"), IDENT)
        self.assertEqual([(r[4], r[7]) for r in rows], [
            ("enomem test_vmalloc", "pass"), ("enomem failslab", "pass"),
            ("enomem reclaim", "pass"), ("enomem kmemleak", "pass")])

    def test_failslab_injected_nothing_fails(self):
        self.assertEqual(fault_row("fault-noinject", "failslab"),
                         ("fail", "0 failures injected"))

    def test_kmemleak_leaks_fail(self):
        self.assertEqual(fault_row("fault-leaks", "kmemleak"),
                         ("fail", "3 leaks"))

    def test_no_reclaim_fails(self):
        self.assertEqual(fault_row("fault-noreclaim", "reclaim")[0], "fail")

    def test_fewer_test_vmalloc_runs_than_asked_fails(self):
        outcome, note = fault_row("fault-shortruns", "test_vmalloc")
        self.assertEqual(outcome, "fail")
        self.assertTrue(note.startswith("1 of 4 runs"), note)

    def test_all_test_vmalloc_runs_pass(self):
        outcome, note = fault_row("fault-good", "test_vmalloc")
        self.assertEqual(outcome, "pass")
        self.assertTrue(note.startswith("1 of 1 runs, 1 of 1 subtests "
                                        "passed"), note)

    def test_arm64_log_gives_the_runs_asked_too(self):
        # arm64 prints only "Kernel command line:", x86_64 both forms.
        outcome, note = fault_row("fault-arm64", "test_vmalloc")
        self.assertEqual(outcome, "pass")
        self.assertTrue(note.startswith("1 of 1 runs"), note)


class BootRows(unittest.TestCase):
    IDENT = ["x86_64", "rb", "debug"]

    def test_vmalloc_subtests(self):
        rows = vmalloc_rows(data("run", "rb-x86_64-debug.console.log"),
                            self.IDENT)
        self.assertEqual([(r[4], r[7], r[8]) for r in rows], [
            ("fix_size_alloc_test", "pass", "100"),
            ("align_shift_alloc_test", "fail", "5")])

    def test_vma_workload_that_failed_in_a_phase(self):
        rows = vma_rows(data("run", "ours-x86_64-debug.console.log"),
                        self.IDENT)
        self.assertEqual([(r[4], r[7]) for r in rows], [
            ("mmap", "pass"), ("fault", "fail"), ("workload", "fail")])
        # The phase it failed in says why, not merely "not run".
        self.assertEqual(rows[1][9], "phase=fault round=0 reason=bad-fault")
        self.assertEqual(rows[-1][9], "exit status 1: phase=fault round=0 "
                         "reason=bad-fault")


if __name__ == "__main__":
    unittest.main()
