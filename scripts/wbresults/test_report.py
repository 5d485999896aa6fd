# SPDX-License-Identifier: GPL-2.0
"""results.py test-report: a table arch x test of a run's results.tsv,
each variant's outcome judged, and the workbench's pass/fail count."""
import os

import wbdef

from . import paths
from .checks import boot_problems
from .consolelog import SUBTESTS, VARIANT_ORDER, VMA_PHASES, fields_of
from .mmsel import mmsel_list
from .rows import load
from .stats import median
from .table import print_table
from .templates import text

# test_vmalloc subtests that fail on the unpatched kernel, and why: marked
# xfail (the reason printed once under the table), never a plain fail.
BASE_FAILURES = {
    "align_shift_alloc_test": "asks for alignments up to 2^63, larger "
                              "than the vmalloc range: it fails on the "
                              "unpatched 6.12 kernel too",
}
KINDS = ("kunit", "vmalloc", "vma", "fault", "mmsel")
# The order of a kind's tests in the table; the rest sort by name.
TEST_ORDER = {"vmalloc": SUBTESTS, "vma": VMA_PHASES + ["workload"]}


def vma_time(test, vals):
    """A VMA cell's figure: the whole run's time, or a phase's median
    time per operation in a readable unit."""
    if test == "workload":
        return f"{vals[0] / 1e6:.1f} s"
    ns = median(vals) * 1000
    return (f"{ns / 1e6:.1f} ms/op" if ns >= 1e6 else
            f"{ns / 1e3:.1f} µs/op" if ns >= 1e3 else
            f"{ns:.0f} ns/op")


def outcome(rows, arch, variant, kind, test):
    """(verdict, figure) of a test on one variant: pass if every row passed
    or skipped and one passed, skip if all skipped, else fail; (None, "")
    if it has no rows."""
    got = [r for r in rows if (r["arch"], r["variant"], r["kind"],
                               r["test"]) == (arch, variant, kind, test)]
    if not got:
        return None, ""
    usec = sum(float(r["usec"]) for r in got if r["usec"])
    npass = sum(r["outcome"] == "pass" for r in got)
    nskip = sum(r["outcome"] == "skip" for r in got)
    verdict = ("pass" if npass + nskip == len(got) and npass else
               "skip" if nskip == len(got) else "fail")
    if kind == "kunit":
        return verdict, (f"{npass}/{len(got)} cases" +
                         (f", {nskip} skipped" if nskip else ""))
    if kind == "fault":
        return verdict, "; ".join(r["note"] for r in got if r["note"])
    if kind == "mmsel":	# one row: its time and what it counted
        secs = (f"{float(got[0]['usec']) / 1e6:.1f} s"
                if got[0]["usec"] else "")
        return verdict, ", ".join(x for x in (secs, got[0]["note"]) if x)
    if kind == "vma":	# ns per operation; the whole run's time
        vals = [float(r["usec"]) for r in got if r["usec"]]
        return verdict, vma_time(test, vals) if vals else ""
    return verdict, f"{usec / 1000:.1f} ms" if usec else ""


def vma_notes(rows, arch, variant, test):
    """The notes of a VMA test's rows that did not pass."""
    return [r.get("note", "") for r in rows
            if (r["arch"], r["variant"], r["kind"], r["test"]) ==
            (arch, variant, "vma", test) and r["outcome"] != "pass"]


class Tally:
    """What the table adds up: passes, failures, skips, the xfail subtests
    seen and the VMA workload's failures (printed under the table)."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.xfails = set()
        self.vma_failures = []


def ordered_tests(rows, arch, kind):
    """The tests of a kind on arch, in table order."""
    names = TEST_ORDER.get(kind, [])
    return sorted({r["test"] for r in rows
                   if r["arch"] == arch and r["kind"] == kind},
                  key=lambda t: (names.index(t) if t in names else 0, t))


def absent_cell(rows, only_in, arch, v, kind, test, tally):
    """The cell of a test a variant has no rows of: n/a if the variant
    does not have it (a KUnit suite of other trees, a boot it did not
    make), else missing, a failure."""
    if kind == "kunit" and v not in only_in.get(test, {v}):
        return "n/a"
    if kind in ("fault", "mmsel") and not any(
            r["variant"] == v and r["kind"] == kind and r["arch"] == arch
            for r in rows):
        return "n/a"	# no such boot of v
    tally.failed += 1
    return "missing"


def judge_vmalloc(got, ref, test, v, judge, tally):
    """(good, mark) of a test_vmalloc subtest: judged against rb in the
    same run (align_shift_alloc_test fails on rb by design)."""
    xfail = got == "fail" and test in BASE_FAILURES
    if xfail:
        tally.xfails.add(test)
    if not judge or v == "rb":
        return True, "xfail" if xfail else got
    good = ref is not None and got == ref
    return good, ("xfail" if good and xfail else got if good
                  else f"{got} (rb: {ref}) MISMATCH")


def judge_vma(rows, arch, v, test, got, tally):
    """(good, mark) of a VMA workload phase: it must pass everywhere, rb
    too; the mark says why it failed."""
    notes = vma_notes(rows, arch, v, test)
    mark = got
    if notes and test == "workload":
        mark += f" ({notes[0].split(':')[0]})"
        tally.vma_failures.append(f"{arch} {v}: {notes[0]}")
    elif notes:
        mark += " (" + ", ".join(sorted(
            {fields_of(n).get("reason", n) for n in notes})) + ")"
    return got == "pass", mark


def judge_mmsel(got, ref, v):
    """(good, mark) of an mm selftest: it must pass (or skip) everywhere,
    and do the same on every variant as on rb."""
    good, mark = got in ("pass", "skip"), got
    if v != "rb" and got != ref:
        good = False
        mark = f"{got} (rb: {ref}) MISMATCH"
    return good, mark


def table_line(rows, only_in, arch, kind, test, variants, judge, tally):
    """The table's line of one test: arch, kind, test, a cell a variant."""
    ref, _ = outcome(rows, arch, "rb", kind, test)
    line = [arch, kind, test]
    for v in variants:
        got, when = outcome(rows, arch, v, kind, test)
        if got is None:
            line.append(absent_cell(rows, only_in, arch, v, kind, test,
                                    tally))
            continue
        if kind == "vmalloc":
            good, mark = judge_vmalloc(got, ref, test, v, judge, tally)
        elif kind == "vma":
            good, mark = judge_vma(rows, arch, v, test, got, tally)
        elif kind == "mmsel":
            good, mark = judge_mmsel(got, ref, v)
            if good and got == "skip":
                tally.skipped += 1	# neither a pass nor a failure
                line.append(f"{mark} {when}".strip())
                continue
        else:			# KUnit: every case must pass
            good, mark = got in ("pass", "skip"), got
        tally.passed += good
        tally.failed += not good
        line.append(f"{mark} {when}".strip())
    return line


def report_rows(run_dir):
    """results.tsv's rows, a KUnit suite's cases under the suite's name
    (one line per suite in the table)."""
    rows = load(run_dir)
    for r in rows:
        if r["kind"] == "kunit":
            r["test"] = r["test"].split(".")[0]
    return rows


def print_notes(rows, run_dir, tally, boot_failed):
    """What goes under the table: the xfails' reasons, the VMA workload's
    failures, the mm selftests that cannot run, the failed boots."""
    for test in sorted(tally.xfails):
        print(f"xfail: {test} {BASE_FAILURES[test]}")
    for line in tally.vma_failures:
        print(f"VMA workload failed: {line}")
    if any(r["kind"] == "mmsel" for r in rows):
        _, cannot = mmsel_list()
        print("\n" + text("mmsel-cannot-run"))
        for test, where, reason in cannot:
            print(f"  {test} ({where}): {reason}")
    print(f"\nresults: {os.path.join(run_dir, 'results.tsv')}")
    for name in boot_failed:	# each failed boot is a failure of its own
        log = os.path.join(run_dir, name + ".console.log")
        print(f"boot failed: {name} (console log: {log})")
        for line in failure_evidence(log):
            print(f"  {line}")


# A failed boot's evidence printed under the table: enough to see the
# cause in a CI transcript, where the console log itself is out of reach.
EVIDENCE_PROBLEMS = 5
EVIDENCE_TAIL = 15


def failure_evidence(log):
    """What a failed boot's console log says went wrong: its first
    problems as results.py check finds them, and then its last lines
    (where a hang or a timeout shows what the guest was doing)."""
    if not os.path.exists(log):
        return ["(no console log)"]
    problems = boot_problems(log)
    lines = problems[:EVIDENCE_PROBLEMS]
    if len(problems) > EVIDENCE_PROBLEMS:
        lines.append(f"... and {len(problems) - EVIDENCE_PROBLEMS} more")
    with open(log, errors="replace") as f:
        tail = f.read().rstrip("\n").split("\n")[-EVIDENCE_TAIL:]
    lines.append(f"last {len(tail)} lines of the console log:")
    return lines + [f"| {t.rstrip()}" for t in tail]


def missing_mmsel(rows, mmsel):
    """The boots that were to run upstream's mm selftests (variants in
    @mmsel, on each arch of the run) and reported none of them, as
    VARIANT-ARCH."""
    return [f"{v}-{arch}" for arch in sorted({r["arch"] for r in rows})
            for v in mmsel
            if any(r["variant"] == v and r["arch"] == arch for r in rows) and
            not any(r["variant"] == v and r["arch"] == arch and
                    r["kind"] == "mmsel" for r in rows)]


def test_report(run_dir, judge=True, boot_failed=(), mmsel=()):
    """Print the table and the count; exit status 1 on any failure (or no
    results at all).  @mmsel: the variants whose boots were to run
    upstream's mm selftests; one that ran none is a failure."""
    rows = report_rows(run_dir)
    only_in = wbdef.variant_suites()
    variants = sorted({r["variant"] for r in rows}, key=VARIANT_ORDER.index)
    tally = Tally()
    table = [table_line(rows, only_in, arch, kind, test, variants, judge,
                        tally)
             for arch in sorted({r["arch"] for r in rows})
             for kind in KINDS
             for test in ordered_tests(rows, arch, kind)]
    print_table(["arch", "kind", "test"] + variants, table)
    print_notes(rows, run_dir, tally, boot_failed)
    tally.failed += len(boot_failed)
    for name in missing_mmsel(rows, mmsel):
        print(f"mm selftests missing: {name} was to run them and reported "
              "none")
        tally.failed += 1
    print(f"workbench: {tally.passed} passed, {tally.failed} failed" +
          (f", {tally.skipped} skipped" if tally.skipped else ""))
    return 1 if tally.failed or not rows else 0
