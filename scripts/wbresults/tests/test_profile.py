# SPDX-License-Identifier: GPL-2.0
"""results.py profile-report's reading of a console log: the profiled
test_vmalloc runs, and the VMA workload's run (make profile PROFILE_VMA)."""
import os
import tempfile
import unittest

from wbresults.profile import profile_runs, set_order

LOG = """\
[    1.0] WB-PROFILE set=vma round=0 mask=0 threads=1 step=4 buckets=9 nonzero=2 ticks=7
[    1.0] WB-PROFDATA set=vma round=0 mask=0 threads=1 1a:3 2b:4
[    2.0] WB-VMTEST set=0 round=0 mask=1 threads=1 loops=1 repeat=1 rc=0 errno=0 wall_us=5 enomem_retries=0
[    2.0] WB-PROFILE set=0 round=0 mask=1 threads=1 step=4 buckets=9 nonzero=1 ticks=2
[    2.0] WB-PROFDATA set=0 round=0 mask=1 threads=1 1a:2
"""


class ProfileRuns(unittest.TestCase):

    def runs(self):
        with tempfile.NamedTemporaryFile("w", suffix=".console.log",
                                         delete=False) as f:
            f.write(LOG)
        try:
            return profile_runs(f.name)
        finally:
            os.unlink(f.name)

    def test_the_vma_workload_is_a_run_of_its_own(self):
        runs = self.runs()
        self.assertEqual(sorted(runs, key=lambda k: set_order(k[0])),
                         [("vma", "0"), ("0", "0")])
        vma = runs[("vma", "0")]
        self.assertEqual(vma["mask"], 0)
        self.assertEqual(vma["data"], {0x1a: 3, 0x2b: 4})
        self.assertEqual(vma["head"]["ticks"], 7)
        self.assertIsNone(vma["wall_us"])
        self.assertEqual(runs[("0", "0")]["data"], {0x1a: 2})

    def test_sets_sort_with_the_vma_workload_first(self):
        self.assertEqual(sorted(["0", "2", "vma", "10"], key=set_order),
                         ["vma", "0", "2", "10"])


if __name__ == "__main__":
    unittest.main()
