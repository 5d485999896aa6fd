# SPDX-License-Identifier: GPL-2.0
"""Upstream's mm selftests in the guest (guest/mm_selftests.c prints
WB-MMSEL and WB-MMOUT lines): the list of what runs, what a boot's lines
say is wrong, and their rows in results.tsv (kind "mmsel", one per test,
outcome pass, skip (exit status 4: the whole test skipped) or fail; the
note counts the cases the test itself reported skipped)."""
import re

from .consolelog import fields_of, wb_messages
from .paths import MMSEL_LIST

# A test's own count of skipped cases: kselftest's totals line, or
# uffd-unit-tests' summary.
MMSEL_TOTALS = [
    re.compile(r"# Totals: pass:(?P<pass>\d+) fail:(?P<fail>\d+) "
               r"xfail:\d+ xpass:\d+ skip:(?P<skip>\d+) error:(?P<error>\d+)"),
    re.compile(r"Userfaults unit tests: pass=(?P<pass>\d+), "
               r"skip=(?P<skip>\d+), fail=(?P<fail>\d+)"),
    # kselftest_harness.h (mdwe_test)
    re.compile(r"# (?:FAILED|PASSED): (?P<pass>\d+) / (?P<total>\d+) tests "
               r"passed"),
]
MMSEL_SKIP_CASE = re.compile(r"^(?:ok \d+ .*# SKIP|.*skipped \[reason)")


def mmsel_list(arch=None, path=MMSEL_LIST):
    """guest/mm_selftests.list: ([tests run on arch], [(test, arches,
    reason) that cannot run]); arch None: on any arch."""
    run, cannot = [], []
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            kind, _, only = words[0].partition(":")
            if (kind in ("run", "long") and
                    (arch is None or not only or only == arch)):
                run.append(words[1])
            elif kind == "cannot":
                cannot.append((words[1], only or "both arches",
                               " ".join(words[2:])))
    return run, cannot


def failed_test_problem(f):
    """The problem line of a test whose WB-MMSEL line says it failed."""
    return (f"mm selftest {f['test']} failed: exit status "
            f"{f.get('status')}, signal {f.get('signal')}" +
            (", timed out" if f.get("timeout") else "") +
            " (its WB-MMOUT lines in the log)")


def mmsel_problems(path):
    """What the mm selftests' lines say is wrong: a test that failed, the
    runner's own errors, a run that did not finish."""
    problems, started, done, ran = [], None, False, 0
    for tag, text in wb_messages(path):
        if tag != "WB-MMSEL":
            continue
        f = fields_of(text)
        if text.startswith("start "):
            started = f
        elif text.startswith("done "):
            done = True
        elif text.startswith("error "):
            problems.append(f"mm selftests: {text}")
        elif "test" in f:
            ran += 1
            if f.get("result") not in ("pass", "skip"):
                problems.append(failed_test_problem(f))
    if started is not None and not done:
        problems.append(f"mm selftests: the run did not finish ({ran} of "
                        f"{started.get('tests')} tests ended)")
    return problems


def read_mmsel_lines(path):
    """(ends, cases, skips, started) of a log's mm selftest lines: each
    test's end fields, its own totals, its count of skipped cases, and
    the names of the start line (None if the selftests did not start)."""
    ends, cases, skips, started = {}, {}, {}, None
    for tag, text in wb_messages(path):
        if tag == "WB-MMSEL":
            f = fields_of(text)
            if text.startswith("start "):
                started = [n for n in f.get("names", "").split(",") if n]
            elif "test" in f:
                ends[f["test"]] = f
        elif tag == "WB-MMOUT":
            name, _, line = text.partition(" ")
            for r in MMSEL_TOTALS:
                m = r.search(line)
                if m:
                    cases[name] = m.groupdict()
            if MMSEL_SKIP_CASE.match(line):
                skips[name] = skips.get(name, 0) + 1
    return ends, cases, skips, started


def mmsel_note(f, c, nskip):
    """The note of a test's row: how it ended, what its cases did."""
    note = []
    if f.get("timeout"):
        note.append("timed out")
    if f.get("signal", "0") != "0":
        note.append(f"killed by {f['signal']}")
    elif f.get("result") == "fail":
        note.append(f"exit status {f.get('status')}")
    if "pass" in c:
        total = c.get("total") or sum(int(c.get(k) or 0) for k in
                                      ("pass", "fail", "skip", "error"))
        note.append(f"{c['pass']}/{total} cases passed" +
                    (f", {nskip} skipped" if nskip else ""))
    elif nskip:
        note.append(f"{nskip} cases skipped")
    return "; ".join(note)


def mmsel_rows(path, ident):
    """One row per mm selftest the boot ran, and a failing one for each
    test of its initramfs (the names in its start line) that did not
    end."""
    ends, cases, skips, started = read_mmsel_lines(path)
    if started is None:
        return []
    rows = []
    for name, f in ends.items():
        c = cases.get(name, {})
        nskip = int(c.get("skip", skips.get(name, 0)))
        rows.append(ident + ["mmsel", name, "", "", f.get("result", "fail"),
                             f.get("wall_us", ""), mmsel_note(f, c, nskip)])
    rows += [ident + ["mmsel", t, "", "", "fail", "", "did not end"]
             for t in started if t not in ends]
    return rows
