# SPDX-License-Identifier: GPL-2.0
"""The one table writer, the one median and the report templates."""
import unittest

from wbresults.stats import median
from wbresults.table import md_table
from wbresults.templates import load_templates, text


class Median(unittest.TestCase):

    def test_odd_count(self):
        self.assertEqual(median([9.0, 1.0, 2.0]), 2.0)

    def test_even_count_is_the_mean_of_the_middle_two(self):
        self.assertEqual(median([4.0, 1.0, 2.0, 3.0]), 2.5)


class Table(unittest.TestCase):

    def test_columns_as_wide_as_their_widest_cell(self):
        self.assertEqual(md_table(["a", "bb"], [["xyz", "1"]]), [
            "| a   | bb |",
            "|-----|----|",
            "| xyz | 1  |"])


class Templates(unittest.TestCase):

    def test_wrapped_section_is_one_line(self):
        self.assertEqual(
            text("bench-vmalloc", reps=3, unit="usec"),
            "Median of 3 repetitions, usec per subtest (test_vmalloc's "
            "avg), perf flavour, smp=2; ratio = rb / variant (> 1.00 is "
            "faster).")

    def test_every_section_has_text(self):
        sections = load_templates()
        self.assertIn("profile-how", sections)
        self.assertEqual([n for n, t in sections.items() if not t], [])


if __name__ == "__main__":
    unittest.main()
