# SPDX-License-Identifier: GPL-2.0
"""results.py sweep-report: make bench-sweep's table, the subtests at each
-smp and nr_threads, each variant's median and its speed against rb, as
markdown (printed and kept in RUN_DIR/sweep.md)."""
import os
import re

from .bench import clock_text, median_table, run_clock, speed_header
from .consolelog import SUBTESTS, VARIANT_ORDER
from .rows import load
from .table import md_table
from .templates import text


def sweep_smp(flavour):
    """The -smp of a make bench-sweep boot (its label smpN), else None."""
    m = re.fullmatch(r"smp(\d+)", flavour)
    return int(m.group(1)) if m else None


def sweep_rows(run_dir):
    """The test_vmalloc rows of the sweep's boots, each with its smp."""
    return [dict(r, smp=sweep_smp(r["flavour"])) for r in load(run_dir)
            if r["kind"] == "vmalloc" and sweep_smp(r["flavour"])]


def sweep_report(run_dir, command, clock=None):
    """Print the report and write it to RUN_DIR/sweep.md; 1 if a run
    failed or none was found."""
    clock = clock or run_clock(run_dir)
    unit = "usec" if clock == "real" else "usec (icount)"
    rows = sweep_rows(run_dir)
    variants = [v for v in VARIANT_ORDER
                if any(r["variant"] == v for r in rows)]

    def key_of(r):
        return (r["arch"], r["smp"], r["test"], r["threads"])
    keys = sorted({key_of(r) for r in rows},
                  key=lambda k: (k[0], k[1], SUBTESTS.index(k[2]),
                                 int(k[3])))
    reps = {len([r for r in rows if key_of(r) == k and r["variant"] == v])
            for k in keys for v in variants}
    out = [f"Command: `{command}`  "] if command else []
    out.append(clock_text(clock) + "  ")
    out.append(text("sweep-vmalloc", reps=min(reps) if reps else 0,
                    unit=unit) + "\n")
    out += md_table(speed_header(["arch", "smp", "subtest", "threads"],
                                 variants, unit),
                    median_table(rows, keys, key_of, variants))
    report = "\n".join(out) + "\n"
    with open(os.path.join(run_dir, "sweep.md"), "w") as f:
        f.write(report)
    print(report)
    failed = sorted({f"{r['variant']}-{r['arch']}-smp{r['smp']} {r['test']} "
                     f"nr_threads={r['threads']}"
                     for r in rows if r["outcome"] != "pass"})
    for name in failed:
        print(f"failed: {name}")
    return 1 if failed or not rows else 0
