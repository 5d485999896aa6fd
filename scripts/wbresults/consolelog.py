# SPDX-License-Identifier: GPL-2.0
"""Reading a guest console log: the WB-* lines our /init (guest/init.c)
prints, the kernel's command line, and the names of the logs."""
import os
import re

import wbdef

WB_RE = re.compile(r"^(WB-[A-Z]+)\s*(.*)$")
TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\]\s*")
# test_vmalloc's subtests, in the order of the bits of its run_test_mask.
SUBTESTS = [
    "fix_size_alloc_test", "full_fit_alloc_test", "long_busy_list_alloc_test",
    "random_size_alloc_test", "fix_align_alloc_test",
    "random_size_align_alloc_test", "align_shift_alloc_test", "pcpu_alloc_test",
    "kvfree_rcu_1_arg_vmalloc_test", "kvfree_rcu_2_arg_vmalloc_test",
    "vm_map_ram_test",
]
# The variants, in the order every report shows them
# (configs/workbench.def): the baseline first.
VARIANT_ORDER = wbdef.variant_order()
# The VMA workload's phases (guest/vma_workload.c), in the order they run.
VMA_PHASES = ["mmap", "fault", "dontneed", "maps", "mprotect", "mremap",
              "brk", "fork", "munmap", "threads"]


def strip_ts(line):
    """A console line without its line end and printk timestamp."""
    return TIMESTAMP_RE.sub("", line.rstrip("\r\n"))


def wb_messages(path):
    """Yield (tag, text after the tag) for every line our /init printed."""
    with open(path, errors="replace") as f:
        for raw in f:
            m = WB_RE.match(strip_ts(raw))
            if m:
                yield m.group(1), m.group(2)


def fields_of(text):
    """The key=value words of a WB line, as a dict."""
    return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)


def wb_lines(path):
    """Yield (tag, fields) for every line our /init printed."""
    for tag, text in wb_messages(path):
        yield tag, fields_of(text)


def runs_asked(path):
    """The number of test_vmalloc runs the boot's command line asks for
    (wb.vmtest=SET,SET,... times wb.rounds), 0 if it asks for none."""
    with open(path, errors="replace") as f:
        for raw in f:
            m = re.search(r"[Cc]ommand line: .*?\bwb\.vmtest=(\S+)", raw)
            if m:
                r = re.search(r"\bwb\.rounds=(\d+)", raw)
                return len(m.group(1).split(",")) * int(r.group(1) if r
                                                         else 1)
    return 0


def log_name(path):
    """variant, arch, flavour of RUN_DIR/<variant>-<arch>-<flavour>.console.log"""
    base = os.path.basename(path)[:-len(".console.log")]
    variant, arch, flavour = base.split("-")
    return variant, arch, flavour


def subtests_of_mask(mask):
    """The test_vmalloc subtests a run_test_mask selects, in order."""
    return [name for i, name in enumerate(SUBTESTS) if mask & (1 << i)]
