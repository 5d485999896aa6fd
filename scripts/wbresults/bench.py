# SPDX-License-Identifier: GPL-2.0
"""results.py bench-report: each variant's median times of a timed run and
its speed against rb, as markdown (printed and kept in RUN_DIR/bench.md)."""
import glob
import os
import sys

from .consolelog import SUBTESTS, VARIANT_ORDER, VMA_PHASES
from .rows import load
from .stats import median
from .table import md_table
from .templates import text

CLOCK_NAMES = ["real", "icount"]


def clock_text(clock):
    """The sentence that says how a clock's times read."""
    return text(f"clock-{clock}")


def run_clock(run_dir):
    """The clock of a run, from the QEMU command lines beside its logs."""
    clocks = set()
    for path in glob.glob(os.path.join(run_dir, "*.console.log.cmd")):
        with open(path) as f:
            clocks.add("icount" if "-icount" in f.read().split() else "real")
    if len(clocks) > 1:
        sys.exit(f"error: {run_dir} mixes boots with and without -icount")
    return clocks.pop() if clocks else "real"


def format_medians(k, med, variants):
    """A median table's line: the key, each variant's median ("(fail)" if
    one of its rows failed), then each variant's speed against rb's."""
    line = list(k)
    for v in variants:
        m, bad = med[v]
        line.append(("-" if m is None else f"{m:.0f}") +
                    (" (fail)" if bad else ""))
    for v in variants:
        if v == "rb":
            continue
        a, b = med["rb"][0], med[v][0]
        line.append(f"{a / b:.2f}" if a and b else "-")
    return line


def median_table(rows, keys, key_of, variants, scale=1.0):
    """A line per key: the key, each variant's median of usec * scale over
    its rows ("(fail)" if one failed), then each variant's speed against
    rb's (rb / variant)."""
    table = []
    for k in keys:
        med = {}
        for v in variants:
            mine = [r for r in rows if r["variant"] == v and key_of(r) == k]
            vals = [float(r["usec"]) * scale for r in mine if r["usec"]]
            med[v] = (median(vals) if vals else None,
                      any(r["outcome"] != "pass" for r in mine))
        table.append(format_medians(k, med, variants))
    return table


def speed_header(first, variants, unit):
    """The header of a median table: the key's columns, a time column and
    a speed column a variant."""
    return (first + [f"{v} {unit}" for v in variants] +
            [f"{v}/rb speed" for v in variants if v != "rb"])


def vmalloc_section(every, variants, unit):
    """The test_vmalloc part of the report: its intro and table."""
    rows = [r for r in every if r["kind"] == "vmalloc"]
    keys = sorted({(r["arch"], r["threads"], r["test"]) for r in rows},
                  key=lambda k: (k[0], int(k[1]), SUBTESTS.index(k[2])))
    reps = {len([r for r in rows if (r["arch"], r["threads"], r["test"],
                                     r["variant"]) == k + (v,)])
            for k in keys for v in variants}
    out = [text("bench-vmalloc", reps=min(reps) if reps else 0, unit=unit) +
           "\n"]
    out += md_table(speed_header(["arch", "threads", "subtest"], variants,
                                 unit),
                    median_table(rows, keys,
                                 lambda r: (r["arch"], r["threads"],
                                            r["test"]), variants))
    return out


def vma_section(every, variants, clock):
    """The VMA workload part of the report (nothing if it did not run):
    its intro and table, a phase a line, in ns or instructions per op."""
    vma = [r for r in every if r["kind"] == "vma" and r["test"] != "workload"]
    if not vma:
        return []
    vunit = "ns/op" if clock == "real" else "insn/op"
    keys = sorted({(r["arch"], r["test"]) for r in vma},
                  key=lambda k: (k[0], VMA_PHASES.index(k[1])))
    rounds = {len([r for r in vma if r["usec"] and
                   (r["arch"], r["test"], r["variant"]) == k + (v,)])
              for k in keys for v in variants}
    settings = sorted({r.get("note", "") for r in every
                       if r["kind"] == "vma" and r["test"] == "workload"
                       and r["outcome"] == "pass"})
    out = ["", text("bench-vma", settings="; ".join(settings) or "?",
                    rounds=max(rounds),
                    unit=text(f"bench-vma-unit-{clock}")) + "\n"]
    out += md_table(speed_header(["arch", "phase"], variants, vunit),
                    median_table(vma, keys, lambda r: (r["arch"], r["test"]),
                                 variants, 1000))
    return out


def bench_report(run_dir, command, clock=None):
    """Print the report and write it to RUN_DIR/bench.md."""
    clock = clock or run_clock(run_dir)
    unit = "usec" if clock == "real" else "usec (icount)"
    every = load(run_dir)
    variants = [v for v in VARIANT_ORDER
                if any(r["variant"] == v for r in every)]
    out = []
    if command:
        out.append(f"Command: `{command}`  ")
    out.append(clock_text(clock) + "  ")
    out += vmalloc_section(every, variants, unit)
    out += vma_section(every, variants, clock)
    report = "\n".join(out) + "\n"
    with open(os.path.join(run_dir, "bench.md"), "w") as f:
        f.write(report)
    print(report)
    return 0
