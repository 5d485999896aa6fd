#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read guest console logs and turn them into verdicts and tables.

  results.py check LOG            kernel reports in a console log; exit 1 if any
  results.py collect RUN_DIR      parse every RUN_DIR/*.console.log into
                                  RUN_DIR/results.tsv (KUnit via kunit.py parse)
  results.py test-report [--no-judge] RUN_DIR
                                  table arch x test, judged against rb (the
                                  VMA workload must pass everywhere); exit 1
                                  on any failure
  results.py mmsel-list [ARCH]  the mm selftests the guest runs on ARCH
                                  (guest/mm_selftests.list), one a line
  results.py bench-report RUN_DIR [--clock real|icount] [--command CMD]
                                  medians and ratios against rb, as markdown,
                                  for test_vmalloc and the VMA workload (the
                                  clock is read from the QEMU command lines
                                  beside the logs unless given)
  results.py sweep-report RUN_DIR [--clock real|icount] [--command CMD]
                                  make bench-sweep's table: per arch, -smp,
                                  subtest and nr_threads, medians and ratios
                                  against rb, as markdown in RUN_DIR/sweep.md
  results.py profile-save RUN_DIR VARIANT ARCH FLAVOUR
                                  keep what profile-report needs of a built
                                  kernel in RUN_DIR: its System.map, HZ, the
                                  tree's summary, the symbols of the objects
                                  that define the groups
  results.py profile-report RUN_DIR [--clock real|icount] [--command CMD]
                                  the guest's /proc/profile dumps mapped to
                                  symbols: per arch, variant and subtest the
                                  top 25 symbols and the groups, as markdown
                                  in RUN_DIR/profile.md
"""
import argparse
import bisect
import glob
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))

# Lines that mean the kernel reported a problem.  Each is matched anywhere
# in a console line (after the printk timestamp).
REPORTS = [
    r"WARNING:",
    r"BUG:",
    r"KASAN:",
    r"UBSAN:",
    r"Kernel panic",
    r"Oops",
    r"Unable to handle kernel",
    r"general protection fault",
    r"suspicious RCU usage",
    r"possible circular locking dependency",
    r"possible recursive locking",
    r"inconsistent lock state",
    r"INFO: trying to register non-static key",
    r"rcu: INFO: .*detected stall",
    r"self-detected stall",
    r"blocked for more than \d+ seconds",
    r"soft lockup",
    r"hung_task: blocked tasks",  # the panic of hung_task_panic=1
    r"Attempted to kill init",
]
REPORT_RE = re.compile("|".join(REPORTS))
WB_RE = re.compile(r"^(WB-[A-Z]+)\s*(.*)$")
SUBTESTS = [
    "fix_size_alloc_test", "full_fit_alloc_test", "long_busy_list_alloc_test",
    "random_size_alloc_test", "fix_align_alloc_test",
    "random_size_align_alloc_test", "align_shift_alloc_test", "pcpu_alloc_test",
    "kvfree_rcu_1_arg_vmalloc_test", "kvfree_rcu_2_arg_vmalloc_test",
    "vm_map_ram_test",
]
# test_vmalloc subtests that fail on the unpatched kernel, and why: marked
# xfail (the reason printed once under the table), never a plain fail.
BASE_FAILURES = {
    "align_shift_alloc_test": "asks for alignments up to 2^63, larger "
                              "than the vmalloc range: it fails on the "
                              "unpatched 6.12 kernel too",
}
CONFIGS = os.path.join(TOP, "configs")
KUNIT_SUITES_RE = re.compile(r"^#\s*kunit-suites:\s*(.*)$")
# The VMA workload's phases (guest/vma_workload.c), in the order they run.
VMA_PHASES = ["mmap", "fault", "dontneed", "maps", "mprotect", "mremap",
              "brk", "fork", "munmap", "threads"]
# usec: test_vmalloc's avg; for the VMA workload (kind vma) a phase's time
# per operation, and the whole run's guest time in its "workload" row.
# note: kind vma only: why a phase or the workload failed, or the
# workload's settings.
COLUMNS = ["arch", "variant", "flavour", "kind", "test", "threads", "round",
           "outcome", "usec", "note"]
# The fault-injection boots of make test (scripts/suite.sh): their console
# logs are <variant>-<arch>-<label>.console.log, and their rows are of kind
# "fault" (test "<label> <what>"), never judged against rb: under failslab
# test_vmalloc's subtests may fail, so what counts is that the boot is
# clean (boot.sh's check), that failures were injected, that reclaim ran
# (reclaim), that kmemleak found nothing (enomem) and that the VMA
# workload, which retries what fails with ENOMEM, checks out.  A label
# may carry the number of a repeat (make test-fault FAULT_REPEAT=3:
# enomem, enomem2, enomem3).
FAULT_LABELS = ["reclaim", "enomem"]
# Upstream's mm selftests (guest/mm_selftests.c prints WB-MMSEL and
# WB-MMOUT lines): rows of kind "mmsel", one per test, outcome pass, skip
# (exit status 4: the whole test skipped) or fail; the note counts the
# cases the test itself reported skipped.
MMSEL_LIST = os.path.join(TOP, "guest", "mm_selftests.list")


def mmsel_list(arch=None):
    """guest/mm_selftests.list: ([tests run on arch], [(test, arches,
    reason) that cannot run]); arch None: on any arch."""
    run, cannot = [], []
    with open(MMSEL_LIST) as f:
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
            if f.get("result") != "pass" and f.get("result") != "skip":
                problems.append(f"mm selftest {f['test']} failed: exit status "
                                f"{f.get('status')}, signal "
                                f"{f.get('signal')}" +
                                (", timed out" if f.get("timeout") else "") +
                                " (its WB-MMOUT lines in the log)")
    if started is not None and not done:
        problems.append(f"mm selftests: the run did not finish ({ran} of "
                        f"{started.get('tests')} tests ended)")
    return problems


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


def mmsel_rows(path, ident):
    """One row per mm selftest the boot ran, and a failing one for each
    test of its initramfs (the names in its start line) that did not
    end."""
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
    if started is None:
        return []
    rows = []
    for name, f in ends.items():
        note = []
        if f.get("timeout"):
            note.append("timed out")
        if f.get("signal", "0") != "0":
            note.append(f"killed by {f['signal']}")
        elif f.get("result") == "fail":
            note.append(f"exit status {f.get('status')}")
        c = cases.get(name, {})
        nskip = int(c.get("skip", skips.get(name, 0)))
        if "pass" in c:
            total = c.get("total") or sum(int(c.get(k) or 0) for k in
                                          ("pass", "fail", "skip", "error"))
            note.append(f"{c['pass']}/{total} cases passed" +
                        (f", {nskip} skipped" if nskip else ""))
        elif nskip:
            note.append(f"{nskip} cases skipped")
        rows.append(ident + ["mmsel", name, "", "", f.get("result", "fail"),
                             f.get("wall_us", ""), "; ".join(note)])
    rows += [ident + ["mmsel", t, "", "", "fail", "", "did not end"]
             for t in started if t not in ends]
    return rows


def variant_suites(configs=CONFIGS):
    """KUnit suites that only some variants' trees have: {suite: {variant}}.

    configs/<variant>.config turns on the options of the suites only that
    variant's tree has, and names them in a line "# kunit-suites: NAME ...".
    A suite no fragment names is expected in every variant; one that is
    named is expected only in the variants whose fragment names it, and
    reads "n/a", not "missing", in the others.
    """
    suites = {}
    for path in sorted(glob.glob(os.path.join(configs, "*.config"))):
        variant = os.path.basename(path)[:-len(".config")]
        with open(path) as f:
            for line in f:
                m = KUNIT_SUITES_RE.match(line.strip())
                if m:
                    for name in m.group(1).replace(",", " ").split():
                        suites.setdefault(name, set()).add(variant)
    return suites


def strip_ts(line):
    return re.sub(r"^\[\s*\d+\.\d+\]\s*", "", line.rstrip("\r\n"))


def wb_messages(path):
    """Yield (tag, text after the tag) for every line our /init printed."""
    with open(path, errors="replace") as f:
        for raw in f:
            m = WB_RE.match(strip_ts(raw))
            if m:
                yield m.group(1), m.group(2)


def fields_of(text):
    return dict(kv.split("=", 1) for kv in text.split() if "=" in kv)


def wb_lines(path):
    """Yield (tag, fields) for every line our /init printed."""
    for tag, text in wb_messages(path):
        yield tag, fields_of(text)


def check(path):
    problems = []
    with open(path, errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = strip_ts(raw)
            if REPORT_RE.search(line) and not line.startswith("WB-"):
                problems.append(f"line {n}: {line}")
    done = [f for tag, f in wb_lines(path) if tag == "WB-DONE"]
    errors = [f for tag, f in wb_lines(path) if tag == "WB-ERROR"]
    if not done:
        problems.append("the guest did not finish (no WB-DONE line)")
    for tag, text in wb_messages(path):
        if tag == "WB-ERROR":
            problems.append(f"guest error: {text}")
        elif tag == "WB-VMA" and re.match(r"vma: (result=fail|child-fail)",
                                          text):
            problems.append(f"VMA workload: {text}")
    if done and done[-1].get("errors") != "0" and not errors:
        problems.append(f"guest reported errors: {done[-1]}")
    problems += fault_problems(path)
    problems += mmsel_problems(path)
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print(f"... and {len(problems) - 20} more")
    return 1 if problems else 0


def fault_problems(path):
    """What a fault-injection boot must show (guest/init.c's wb.failslab,
    wb.hog, wb.kmemleak): failslab injected failures, the hog's span saw
    reclaim (kswapd runs or direct reclaims), kmemleak reported nothing.
    Nothing for a boot that asked for none of them."""
    problems = []
    for tag, f in wb_lines(path):
        if tag == "WB-FAILSLAB" and f.get("injected") == "0":
            problems.append("failslab injected no failure: nothing was tested")
        elif tag == "WB-RECLAIM" and not (int(f.get("pageoutrun", 0)) +
                                          int(f.get("allocstall", 0))):
            problems.append(f"the memory hog caused no reclaim: {f}")
        elif tag == "WB-KMEMLEAK" and f.get("leaks", "0") != "0":
            problems.append(f"kmemleak: {f['leaks']} suspected leaks "
                            "(WB-KMEMLEAK lines in the log)")
    return problems


def fault_rows(path, ident):
    """The rows of a fault-injection boot, of kind "fault": its VMA
    workload, one row for all its test_vmalloc runs (pass when every run
    finished; subtests may fail under failslab, counted in the note),
    failslab's count of injected failures, reclaim and kmemleak."""
    label = ident[2]
    rows = []
    for r in vma_rows(path, ident):
        if r[4] == "workload":
            enomem = [fields_of(t).get("total") for tag, t in wb_messages(path)
                      if tag == "WB-VMA" and t.startswith("vma: enomem ")]
            outcome, usec, note = r[7], r[8], r[9]
            if enomem and outcome == "pass":
                note = (f"{enomem[0]} calls failed with ENOMEM and were "
                        "made again")
            rows.append(ident[:2] + [label, "fault", f"{label} vma workload",
                                     "", "", outcome, usec, note])
    vm = vmalloc_rows(path, ident)
    runs = [f for tag, f in wb_lines(path) if tag == "WB-VMTEST"]
    asked = runs_asked(path)
    if runs or asked:
        ok = sum(r[7] == "pass" for r in vm)
        retries = sum(int(f.get("enomem_retries", 0)) for f in runs)
        done = vm and len(runs) == asked
        rows.append(ident[:2] + [label, "fault", f"{label} test_vmalloc", "",
                                 "", "pass" if done else "fail", "",
                                 f"{len(runs)} of {asked} runs, {ok} of "
                                 f"{len(vm)} "
                                 f"subtests passed, {retries} loads "
                                 "retried after ENOMEM"])
    for tag, f in wb_lines(path):
        if tag == "WB-FAILSLAB" and "injected" in f:
            rows.append(ident[:2] + [label, "fault", f"{label} failslab", "",
                                     "", "pass" if f["injected"] != "0"
                                     else "fail", "",
                                     f"{f['injected']} failures injected"])
        elif tag == "WB-RECLAIM":
            n = int(f.get("pageoutrun", 0)) + int(f.get("allocstall", 0))
            rows.append(ident[:2] + [label, "fault", f"{label} reclaim", "",
                                     "", "pass" if n else "fail", "",
                                     " ".join(f"{k}={v}" for k, v in
                                              f.items())])
        elif tag == "WB-KMEMLEAK" and "leaks" in f:
            rows.append(ident[:2] + [label, "fault", f"{label} kmemleak", "",
                                     "", "pass" if f["leaks"] == "0" else
                                     "fail", "", f"{f['leaks']} leaks"])
    return rows


def runs_asked(path):
    """The number of test_vmalloc runs the boot's command line asks for
    (wb.vmtest=SET,SET,... times wb.rounds), 0 if it asks for none."""
    with open(path, errors="replace") as f:
        for raw in f:
            m = re.search(r"Command line: .*?\bwb\.vmtest=(\S+)", raw)
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


def vmalloc_rows(path, ident):
    runs = {}
    for tag, f in wb_lines(path):
        if tag == "WB-VMTEST":
            runs[(f["set"], f["round"])] = {"mask": int(f["mask"]),
                                           "threads": f["threads"],
                                           "results": {}}
        elif tag == "WB-VMRESULT":
            run = runs.get((f["set"], f["round"]))
            if run is not None:
                run["results"].setdefault(f["test"], []).append(f)
    rows = []
    for (_, rnd), run in sorted(runs.items()):
        wanted = [name for i, name in enumerate(SUBTESTS)
                  if run["mask"] & (1 << i)]
        for name in wanted:
            workers = run["results"].get(name, [])
            ok = len(workers) == int(run["threads"]) and all(
                w["failed"] == "0" and int(w["passed"]) > 0 for w in workers)
            usec = (statistics.mean(int(w["avg_usec"]) for w in workers)
                    if workers else "")
            rows.append(ident + ["vmalloc", name, run["threads"], rnd,
                                 "pass" if ok else "fail",
                                 f"{usec:.0f}" if workers else ""])
    return rows


def vma_rows(path, ident):
    """The VMA workload's rows: one per phase and round (usec: the phase's
    ns_per_op / 1000), a failing one for the phase it failed in and for each
    phase it did not reach, and a "workload" row for the whole run (usec:
    its guest time; it passes if it printed its final result=pass and exited
    with 0).  Nothing if it did not run."""
    rows, ran, settings, failure, passed, end = [], set(), None, None, False, None
    for tag, text in wb_messages(path):
        f = fields_of(text)
        if tag == "WB-VMAEXIT":
            end = f
        elif tag != "WB-VMA" or not text.startswith("vma: "):
            continue		# not the workload's, or its usage text
        elif text.startswith("vma: start "):
            settings = f
        elif text.startswith("vma: result=fail "):
            failure = text[len("vma: result=fail "):]
            if f.get("phase") in VMA_PHASES:
                ran.add(f["phase"])
                rows.append(ident + ["vma", f["phase"], "", f.get("round", ""),
                                     "fail", "", failure])
        elif text == "vma: result=pass":
            passed = True
        elif text.startswith("vma: phase=") and f.get("result") == "pass":
            ran.add(f["phase"])
            rows.append(ident + ["vma", f["phase"], "", f["round"], "pass",
                                 f"{int(f['ns_per_op']) / 1000:.3f}", ""])
    if settings is None and end is None:
        return []
    phases = (settings or {}).get("phases", ",".join(VMA_PHASES)).split(",")
    rows += [ident + ["vma", p, "", "", "fail", "", "not run"]
             for p in phases if p not in ran]
    ok = passed and end is not None and end.get("status") == "0"
    if end is None:
        why = "it did not end (no WB-VMAEXIT)"
    elif end.get("signal", "0") != "0":
        why = f"killed by {end['signal']}"
    else:
        why = f"exit status {end.get('status')}"
    note = (" ".join(f"{k}={(settings or {}).get(k, '?')}" for k in
                     ("n", "threads", "rounds", "forks", "iters", "reads"))
            if ok else why + (f": {failure}" if failure else ""))
    wall = (end or {}).get("wall_us", "")
    rows.append(ident + ["vma", "workload", "", "", "pass" if ok else "fail",
                         wall, note])
    return rows


def kunit_rows(path, ident):
    variant = ident[1]
    kunit = os.path.join(BUILD, variant, "linux", "tools", "testing",
                         "kunit", "kunit.py")
    with open(path, errors="replace") as f:
        if "KTAP version" not in f.read():
            return []
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        proc = subprocess.run([sys.executable, kunit, "parse",
                               f"--json={js.name}", path],
                              capture_output=True, text=True)
        with open(path[:-len(".console.log")] + ".kunit.txt", "w") as out:
            out.write(proc.stdout + proc.stderr)
        try:
            tree = json.load(open(js.name))
        except (OSError, ValueError):
            return [ident + ["kunit", "kunit.py parse", "", "", "fail", ""]]
    rows = []

    def walk(group, prefix):
        for case in group.get("test_cases", []):
            rows.append(ident + ["kunit", prefix + case["name"], "", "",
                                 case["status"].lower(), ""])
        for sub in group.get("sub_groups", []):
            walk(sub, prefix + sub["name"] + ".")
    walk(tree, "")
    return rows


def collect(run_dir):
    rows = []
    for path in sorted(glob.glob(os.path.join(os.path.abspath(run_dir),
                                              "*.console.log"))):
        variant, arch, flavour = log_name(path)
        ident = [arch, variant, flavour]
        if flavour.rstrip("0123456789") in FAULT_LABELS:
            rows += fault_rows(path, ident)
            continue
        rows += kunit_rows(path, ident)
        rows += vmalloc_rows(path, ident)
        rows += vma_rows(path, ident)
        rows += mmsel_rows(path, ident)
    with open(os.path.join(run_dir, "results.tsv"), "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            r = r + [""] * (len(COLUMNS) - len(r))
            f.write("\t".join(str(c).replace("\t", " ") for c in r) + "\n")
    return 0


def load(run_dir):
    with open(os.path.join(run_dir, "results.tsv")) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f]


def print_table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(fmt.format(*header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(fmt.format(*r))


def test_report(run_dir, judge=True, boot_failed=()):
    rows = load(run_dir)
    only_in = variant_suites()
    for r in rows:		# KUnit: one line per suite in the table
        if r["kind"] == "kunit":
            r["test"] = r["test"].split(".")[0]
    variants = sorted({r["variant"] for r in rows},
                      key=lambda v: ["rb", "mt", "ours"].index(v))
    arches = sorted({r["arch"] for r in rows})
    passed = failed = skipped = 0
    table = []

    def outcome(arch, variant, kind, test):
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
            if not vals:
                return verdict, ""
            if test == "workload":
                return verdict, f"{vals[0] / 1e6:.1f} s"
            ns = statistics.median(vals) * 1000
            return verdict, (f"{ns / 1e6:.1f} ms/op" if ns >= 1e6 else
                             f"{ns / 1e3:.1f} µs/op" if ns >= 1e3 else
                             f"{ns:.0f} ns/op")
        return verdict, f"{usec / 1000:.1f} ms" if usec else ""

    def vma_notes(arch, variant, test):
        return [r.get("note", "") for r in rows
                if (r["arch"], r["variant"], r["kind"], r["test"]) ==
                (arch, variant, "vma", test) and r["outcome"] != "pass"]

    order = {"vmalloc": SUBTESTS, "vma": VMA_PHASES + ["workload"]}
    vma_failures = []
    xfails = set()
    for arch in arches:
        for kind in ("kunit", "vmalloc", "vma", "fault", "mmsel"):
            names = order.get(kind, [])
            tests = sorted({r["test"] for r in rows
                            if r["arch"] == arch and r["kind"] == kind},
                           key=lambda t: (names.index(t)
                                          if t in names else 0, t))
            for test in tests:
                ref, _ = outcome(arch, "rb", kind, test)
                line = [arch, kind, test]
                for v in variants:
                    got, when = outcome(arch, v, kind, test)
                    if (got is None and kind == "kunit" and
                            v not in only_in.get(test, {v})):
                        line.append("n/a")
                        continue
                    if got is None and kind in ("fault", "mmsel") and not any(
                            r["variant"] == v and r["kind"] == kind and
                            r["arch"] == arch for r in rows):
                        line.append("n/a")	# no such boot of v
                        continue
                    if got is None:
                        line.append("missing")
                        failed += 1
                        continue
                    # test_vmalloc: judged against rb in the same run
                    # (align_shift_alloc_test fails on rb by design).
                    # KUnit: every case must pass.
                    xfail = (kind == "vmalloc" and got == "fail" and
                             test in BASE_FAILURES)
                    if xfail:
                        xfails.add(test)
                    if kind == "vmalloc" and not judge:
                        good, mark = True, "xfail" if xfail else got
                    elif kind == "vmalloc" and v != "rb":
                        good = ref is not None and got == ref
                        mark = ("xfail" if good and xfail else got if good
                                else f"{got} (rb: {ref}) MISMATCH")
                    elif kind == "vmalloc":
                        good, mark = True, "xfail" if xfail else got
                    elif kind == "vma":	# must pass everywhere, rb too
                        notes = vma_notes(arch, v, test)
                        good, mark = got == "pass", got
                        if notes and test == "workload":
                            mark += f" ({notes[0].split(':')[0]})"
                            vma_failures.append(f"{arch} {v}: {notes[0]}")
                        elif notes:
                            mark += " (" + ", ".join(sorted(
                                {fields_of(n).get("reason", n)
                                 for n in notes})) + ")"
                    elif kind == "mmsel":
                        # Must pass (or skip) everywhere, and do the
                        # same on every variant as on rb.
                        good, mark = got in ("pass", "skip"), got
                        if v != "rb" and got != ref:
                            good = False
                            mark = f"{got} (rb: {ref}) MISMATCH"
                        if good and got == "skip":
                            skipped += 1	# neither a pass nor a failure
                            line.append(f"{mark} {when}".strip())
                            continue
                    else:
                        good, mark = got in ("pass", "skip"), got
                    passed += good
                    failed += not good
                    line.append(f"{mark} {when}".strip())
                table.append(line)
    print_table(["arch", "kind", "test"] + variants, table)
    for test in sorted(xfails):
        print(f"xfail: {test} {BASE_FAILURES[test]}")
    for line in vma_failures:
        print(f"VMA workload failed: {line}")
    if any(r["kind"] == "mmsel" for r in rows):
        _, cannot = mmsel_list()
        print("\nmm selftests that cannot run in this guest "
              "(guest/mm_selftests.list):")
        for test, where, reason in cannot:
            print(f"  {test} ({where}): {reason}")
    print(f"\nresults: {os.path.join(run_dir, 'results.tsv')}")
    for name in boot_failed:	# each failed boot is a failure of its own
        print(f"boot failed: {name} (console log: "
              f"{os.path.join(run_dir, name + '.console.log')})")
    failed += len(boot_failed)
    print(f"workbench: {passed} passed, {failed} failed" +
          (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or not rows else 0


CLOCKS = {
    "real": "Clock: real time (QEMU TCG on the host's clock; host load "
            "moves the times, and ratios can change by 2x between runs).",
    "icount": "Clock: icount (QEMU `-icount shift=0,sleep=off`): guest time "
              "counts guest instructions, 1 ns each, so a usec here is 1000 "
              "guest instructions, whatever the host's load; the vCPUs take "
              "turns on one host thread, so nr_threads=2 interleaves two "
              "threads on two vCPUs rather than running them in parallel.",
}


def run_clock(run_dir):
    """The clock of a run, from the QEMU command lines beside its logs."""
    clocks = set()
    for path in glob.glob(os.path.join(run_dir, "*.console.log.cmd")):
        with open(path) as f:
            clocks.add("icount" if "-icount" in f.read().split() else "real")
    if len(clocks) > 1:
        sys.exit(f"error: {run_dir} mixes boots with and without -icount")
    return clocks.pop() if clocks else "real"


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
            med[v] = (statistics.median(vals) if vals else None,
                      any(r["outcome"] != "pass" for r in mine))
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
        table.append(line)
    return table


def bench_report(run_dir, command, clock=None):
    clock = clock or run_clock(run_dir)
    unit = "usec" if clock == "real" else "usec (icount)"
    every = load(run_dir)
    rows = [r for r in every if r["kind"] == "vmalloc"]
    variants = [v for v in ("rb", "mt", "ours")
                if any(r["variant"] == v for r in every)]
    keys = sorted({(r["arch"], r["threads"], r["test"]) for r in rows},
                  key=lambda k: (k[0], int(k[1]), SUBTESTS.index(k[2])))
    out = []
    if command:
        out.append(f"Command: `{command}`  ")
    out.append(CLOCKS[clock] + "  ")
    reps = {len([r for r in rows if (r["arch"], r["threads"], r["test"],
                                     r["variant"]) == k + (v,)])
            for k in keys for v in variants}
    out.append(f"Median of {min(reps) if reps else 0} repetitions, {unit} "
               "per subtest (test_vmalloc's avg), perf flavour, smp=2; "
               "ratio = rb / variant (> 1.00 is faster).\n")
    header = ["arch", "threads", "subtest"] + [f"{v} {unit}" for v in variants]
    header += [f"{v}/rb speed" for v in variants if v != "rb"]
    out += md_table(header, median_table(
        rows, keys, lambda r: (r["arch"], r["threads"], r["test"]), variants))
    vma = [r for r in every if r["kind"] == "vma" and r["test"] != "workload"]
    if vma:
        vunit = "ns/op" if clock == "real" else "insn/op"
        keys = sorted({(r["arch"], r["test"]) for r in vma},
                      key=lambda k: (k[0], VMA_PHASES.index(k[1])))
        rounds = {len([r for r in vma if r["usec"] and
                       (r["arch"], r["test"], r["variant"]) == k + (v,)])
                  for k in keys for v in variants}
        settings = sorted({r.get("note", "") for r in every
                           if r["kind"] == "vma" and r["test"] == "workload"
                           and r["outcome"] == "pass"})
        out += ["", "VMA workload (`guest/vma_workload.c`, run once per boot "
                f"before test_vmalloc; {'; '.join(settings) or '?'}): median "
                f"of {max(rounds)} rounds, " +
                ("ns" if clock == "real" else "guest instructions (with "
                 "icount the guest's clock counts them, so its ns_per_op is "
                 "instructions per operation)") +
                " per operation of each phase, perf flavour, smp=2; ratio = "
                "rb / variant (> 1.00 is faster).\n"]
        header = ["arch", "phase"] + [f"{v} {vunit}" for v in variants]
        header += [f"{v}/rb speed" for v in variants if v != "rb"]
        out += md_table(header, median_table(
            vma, keys, lambda r: (r["arch"], r["test"]), variants, 1000))
    text = "\n".join(out) + "\n"
    with open(os.path.join(run_dir, "bench.md"), "w") as f:
        f.write(text)
    print(text)
    return 0


def sweep_smp(flavour):
    """The -smp of a make bench-sweep boot (its label smpN), else None."""
    m = re.fullmatch(r"smp(\d+)", flavour)
    return int(m.group(1)) if m else None


def sweep_report(run_dir, command, clock=None):
    """make bench-sweep: the subtests at each -smp and nr_threads, medians
    of the rounds, rb's figure and each variant's speed against it."""
    clock = clock or run_clock(run_dir)
    unit = "usec" if clock == "real" else "usec (icount)"
    every = load(run_dir)
    rows = [dict(r, smp=sweep_smp(r["flavour"])) for r in every
            if r["kind"] == "vmalloc" and sweep_smp(r["flavour"])]
    variants = [v for v in ("rb", "mt", "ours")
                if any(r["variant"] == v for r in rows)]
    keys = sorted({(r["arch"], r["smp"], r["test"], r["threads"])
                   for r in rows},
                  key=lambda k: (k[0], k[1], SUBTESTS.index(k[2]),
                                 int(k[3])))
    reps = {len([r for r in rows if (r["arch"], r["smp"], r["test"],
                                     r["threads"], r["variant"]) == k + (v,)])
            for k in keys for v in variants}
    out = [f"Command: `{command}`  "] if command else []
    out.append(CLOCKS[clock] + "  ")
    out.append(f"Median of {min(reps) if reps else 0} repetitions, {unit} "
               "per subtest (test_vmalloc's avg per worker), perf flavour; "
               "ratio = rb / variant (> 1.00 is faster).\n")
    header = ["arch", "smp", "subtest", "threads"]
    header += [f"{v} {unit}" for v in variants]
    header += [f"{v}/rb speed" for v in variants if v != "rb"]
    out += md_table(header, median_table(
        rows, keys, lambda r: (r["arch"], r["smp"], r["test"], r["threads"]),
        variants))
    bad = sorted({f"{r['variant']}-{r['arch']}-smp{r['smp']} {r['test']}"
                  for r in rows if r["outcome"] != "pass"})
    text = "\n".join(out) + "\n"
    with open(os.path.join(run_dir, "sweep.md"), "w") as f:
        f.write(text)
    print(text)
    for b in bad:
        print(f"failed: {b}")
    return 1 if bad or not rows else 0


# make profile: where the time goes.  A symbol's group: maple tree by name
# (mas_, mte_, ... or *maple*); then the object that defines it (a name
# defined once in the kernel's System.map, found in one group's objects);
# then by name.
PROFILE_TOP = 25
PROFILE_COARSE = 100	# fewer non-idle ticks than this: figures too coarse
GROUPS = ["maple", "rbtree", "vmalloc", "slab", "rcu", "page", "tlb/ipi",
          "locks", "idle", "other"]
GROUP_TITLES = {
    "maple": "maple tree", "rbtree": "rb-tree", "vmalloc": "vmalloc/vmap",
    "slab": "slab", "rcu": "rcu", "page": "page alloc/tables",
    "tlb/ipi": "tlb/ipi", "locks": "locks", "idle": "idle", "other": "other",
}
# The profiler's own work: the reset clears every counter (write_profile)
# and the read copies them all to user space (read_profile and the copy
# routine); on x86_64 under TCG both take several ms for the 6 MB of
# counters, and the ticks that land meanwhile are counted.  Nothing else in
# these runs copies more than a few bytes to or from user space (the module
# parameters), so these are left out of the figures and shown apart.
PROFILER_SYMBOLS = {"write_profile", "read_profile", "rep_movs_alternative",
                    "_copy_to_user", "__arch_copy_to_user"}
GROUP_OBJECTS = {	# relative to the object tree; globs
    "maple": ["lib/maple_tree.o"],
    "rbtree": ["lib/rbtree.o"],
    "vmalloc": ["mm/vmalloc.o"],
    "slab": ["mm/slub.o", "mm/slab_common.o"],
    "rcu": ["kernel/rcu/*.o"],
    "page": ["mm/page_alloc.o", "mm/pgtable-generic.o", "mm/memory.o",
             "mm/sparse.o", "arch/x86/mm/pgtable.o", "arch/arm64/mm/pgd.o"],
    "tlb/ipi": ["arch/x86/mm/tlb.o", "kernel/smp.o", "arch/x86/kernel/smp.o",
                "arch/x86/kernel/apic/ipi.o", "arch/arm64/kernel/smp.o"],
    "locks": ["kernel/locking/*.o"],
}
MAPLE_NAME_RE = re.compile(r"^(mas|mte|mab|mt|mtree|ma|mast|mn|mat)_|maple")
GROUP_NAMES = [		# by name, in this order, for the rest
    ("idle", r"halt|idle"),
    ("rbtree", r"^_*rb_"),
    ("rcu", r"rcu"),
    ("slab", r"kmem_cache|kmalloc|(^|_)kfree|slab|slub"),
    ("vmalloc", r"vmalloc|vmap|vfree|vunmap|vm_area|vm_map_ram|vm_unmap_ram"
                r"|execmem"),
    ("page", r"alloc_pages|free_pages|free_page|free_unref|rmqueue|freelist"
             r"|(^|_)pcp|buddy|page_alloc|clear_page|(^|_)zone|pgtable"
             r"|(^|_)(pte|pmd|pud|p4d|pgd)(_|s?$)|compound_page"
             r"|prep_new_page|post_alloc_hook|nr_to_section"),
    ("tlb/ipi", r"tlb|(^|_)ipi|call_function|(^|_)csd_|on_each_cpu"),
    ("locks", r"spin_(lock|unlock|trylock)|_raw_|mutex|rwsem"
              r"|(^|_)(down|up)_(read|write)|lock_slowpath|(^|_)osq_"
              r"|(read|write)_(lock|unlock)"),
]
GROUP_NAME_RES = [(g, re.compile(r)) for g, r in GROUP_NAMES]
TEXT_TYPES = set("tTwW")
# Out-of-line copies of interrupt-enabling helpers that the scheduler's idle
# loop (kernel/sched/idle.c, compiled as part of build_policy.c) calls when
# it enables interrupts after the CPU waited for one: on arm64 the idle
# CPU's ticks are taken there (wfi runs with interrupts masked).
IDLE_IRQ_ENABLE = {("arch_local_irq_enable", "build_policy.c")}


def profile_save(run_dir, variant, arch, flavour):
    """Keep the System.map, HZ, the tree's summary and the group objects'
    symbols of a built kernel beside its console log: the report must map
    the ticks with the kernel that ran, whatever is rebuilt later."""
    obj = os.path.join(BUILD, variant, "linux", f"obj-{arch}-{flavour}")
    name = os.path.join(run_dir, f"{variant}-{arch}-{flavour}")
    config = {}
    with open(os.path.join(obj, ".config")) as f:
        for line in f:
            k, sep, v = line.strip().partition("=")
            if sep and k.startswith("CONFIG_"):
                config[k] = v
    if config.get("CONFIG_PROFILING") != "y":
        sys.exit(f"error: {obj} is not built with CONFIG_PROFILING=y")
    shutil.copyfile(os.path.join(obj, "System.map"), name + ".System.map")
    nm = "aarch64-linux-gnu-nm" if arch == "arm64" else "nm"
    objects = {}
    for group, pats in GROUP_OBJECTS.items():
        for pat in pats:
            for path in sorted(glob.glob(os.path.join(obj, pat))):
                out = subprocess.run([nm, "--defined-only", path],
                                     capture_output=True, text=True,
                                     check=True).stdout
                for line in out.splitlines():
                    f = line.split()
                    if len(f) == 3 and f[1] in TEXT_TYPES:
                        groups = objects.setdefault(f[2], [])
                        if group not in groups:
                            groups.append(group)
    # Static functions of the same name (out-of-line copies of inline
    # helpers, mostly) are told apart by their source file: vmlinux's
    # symbol table names it (STT_FILE) before each file's local symbols.
    local, source = [], None
    out = subprocess.run(["readelf", "-sW", os.path.join(obj, "vmlinux")],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == "FILE":
            source = f[7]
        elif len(f) >= 8 and f[3] == "FUNC" and f[4] == "LOCAL":
            local.append((f[7], int(f[1], 16), source))
    seen = {}
    for n, _, _ in local:
        seen[n] = seen.get(n, 0) + 1
    files = {f"{a:x}": src for n, a, src in local if seen[n] > 1 and src}
    contents = ""
    try:
        with open(os.path.join(BUILD, variant, "contents")) as f:
            contents = f.read().strip()
    except OSError:
        pass
    with open(name + ".profile.json", "w") as f:
        json.dump({"variant": variant, "arch": arch, "flavour": flavour,
                   "hz": int(config.get("CONFIG_HZ", "0")),
                   "contents": contents, "objects": objects,
                   "files": files}, f)
    return 0


class SymbolMap:
    """Text symbols of a System.map: address -> nearest preceding symbol."""

    def __init__(self, path, files=None):
        self.files = {int(a, 16): f for a, f in (files or {}).items()}
        by_addr = {}
        self.stext = None
        with open(path) as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                addr, typ, name = int(fields[0], 16), fields[1], fields[2]
                if name == "_stext":
                    self.stext = addr
                if typ in TEXT_TYPES:
                    by_addr.setdefault(addr, []).append(name)
        if self.stext is None:
            sys.exit(f"error: no _stext in {path}")
        self.addrs = sorted(by_addr)
        # Of several names at one address, the first that is not a marker
        # (_stext, __irqentry_text_start, ...).
        self.names = []
        for a in self.addrs:
            names = by_addr[a]
            real = [n for n in names if not n.startswith("_")] or names
            self.names.append(real[0])
        self.count = {}
        for names in by_addr.values():
            for n in names:
                self.count[n] = self.count.get(n, 0) + 1

    def lookup(self, addr):
        """(name, source file if the name is not unique, else None)"""
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0:
            return "(before the first symbol)", None
        return self.names[i], self.files.get(self.addrs[i])


def symbol_label(sym):
    name, source = sym
    return f"{name} [{source}]" if source else name


def symbol_group(sym, objects, symmap):
    name, source = sym
    base = name.split(".")[0]		# foo.constprop.0, foo.cold
    if (name, source) in IDLE_IRQ_ENABLE:
        return "idle"
    if MAPLE_NAME_RE.search(base):
        return "maple"
    groups = objects.get(name) or []
    if len(groups) == 1 and symmap.count.get(name, 0) == 1:
        return groups[0]
    for group, rx in GROUP_NAME_RES:
        if rx.search(base):
            return group
    return "other"


PROFDATA_RE = re.compile(r"^([0-9a-f]+):(\d+)$")


def profile_runs(path):
    """The profiled runs of a console log: {(set, round): run}."""
    runs = {}
    with open(path, errors="replace") as fh:
        for raw in fh:
            m = WB_RE.match(strip_ts(raw))
            if not m or m.group(1) not in ("WB-VMTEST", "WB-PROFILE",
                                           "WB-PROFDATA"):
                continue
            tokens = m.group(2).split()
            f = dict(t.split("=", 1) for t in tokens if "=" in t)
            if not {"set", "round", "mask", "threads"} <= f.keys():
                continue
            r = runs.setdefault((f["set"], f["round"]), {
                "mask": int(f["mask"]), "threads": f["threads"],
                "wall_us": None, "loops": None, "head": None, "data": {}})
            if m.group(1) == "WB-VMTEST":
                r["wall_us"] = int(f.get("wall_us", 0))
                r["loops"] = f.get("loops")
            elif m.group(1) == "WB-PROFILE":
                r["head"] = {k: int(f[k]) for k in ("step", "buckets",
                                                   "nonzero", "ticks")}
            else:
                for t in tokens:
                    d = PROFDATA_RE.match(t)
                    if d:
                        idx = int(d.group(1), 16)
                        r["data"][idx] = (r["data"].get(idx, 0) +
                                          int(d.group(2)))
    return runs


def pct(n, total):
    return f"{100.0 * n / total:.1f} %" if total else "-"


def md_table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    return ([fmt.format(*header),
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"] +
            [fmt.format(*r) for r in rows])


def profile_results(run_dir, problems):
    """[(arch, variant, subtest, figures)] of every profiled run."""
    results = []
    for path in sorted(glob.glob(os.path.join(run_dir, "*.console.log"))):
        variant, arch, flavour = log_name(path)
        name = path[:-len(".console.log")]
        try:
            with open(name + ".profile.json") as f:
                info = json.load(f)
        except OSError:
            problems.append(f"{variant}-{arch}: no {name}.profile.json "
                            "(results.py profile-save)")
            continue
        symmap = SymbolMap(name + ".System.map", info.get("files"))
        outcomes = {(r[6], r[4]): r[7] for r in
                    vmalloc_rows(path, [arch, variant, flavour])}
        runs = profile_runs(path)
        if not runs:
            problems.append(f"{arch} {variant}: no profiled runs in {path}")
        for (_, rnd), r in sorted(runs.items(),
                                  key=lambda kv: (int(kv[0][1]),
                                                  int(kv[0][0]))):
            tests = [t for i, t in enumerate(SUBTESTS) if r["mask"] >> i & 1]
            test = "+".join(tests) or f"mask {r['mask']}"
            if r["head"] is None:
                problems.append(f"{arch} {variant} {test}: no profile dump "
                                "(is /proc/profile there? see the console "
                                "log)")
                continue
            head, data = r["head"], r["data"]
            ticks = sum(data.values())
            if len(data) != head["nonzero"] or ticks != head["ticks"]:
                problems.append(
                    f"{arch} {variant} {test}: read {len(data)} of "
                    f"{head['nonzero']} buckets, {ticks} of {head['ticks']} "
                    "ticks (console lines damaged?)")
            per_sym, profiler = {}, 0
            for idx, n in data.items():
                sym = symmap.lookup(symmap.stext + idx * head["step"])
                if sym[0] in PROFILER_SYMBOLS:
                    profiler += n
                    continue
                per_sym[sym] = per_sym.get(sym, 0) + n
            ticks -= profiler
            groups = dict.fromkeys(GROUPS, 0)
            sym_group = {}
            for sym, n in per_sym.items():
                g = symbol_group(sym, info["objects"], symmap)
                sym_group[sym] = g
                groups[g] += n
            results.append((arch, variant, test, {
                "ticks": ticks, "busy": ticks - groups["idle"],
                "profiler": profiler,
                "groups": groups, "per_sym": per_sym, "sym_group": sym_group,
                "wall_us": r["wall_us"], "loops": r["loops"],
                "hz": info["hz"], "step": head["step"],
                "contents": info["contents"],
                "outcome": outcomes.get((rnd, test)),
            }))
    return results


VARIANT_ORDER = ["rb", "mt", "ours"]


def profile_report(run_dir, command, clock=None, boot_failed=()):
    clock = clock or run_clock(run_dir)
    problems, warnings, summary = [], [], []
    results = profile_results(run_dir, problems)

    def values(key):
        return ", ".join(sorted({str(d[key]) for _, _, _, d in results},
                                key=lambda x: (len(x), x))) or "?"
    contents = {}
    for _, v, _, d in results:
        contents.setdefault(v, set()).add(d["contents"])
    out = ["# make profile: where the kernel's time goes, per test_vmalloc "
           "subtest", ""]
    if command:
        out.append(f"Command: `{command}`  ")
    out.append(CLOCKS[clock] + "  ")
    for v in sorted(contents, key=VARIANT_ORDER.index):
        out.append(f"`{v}`: {'; '.join(sorted(contents[v]))}  ")
    out += [
        "",
        "How: each subtest is loaded on its own (nr_threads=1, "
        f"test_loop_count={values('loops')}, smp=2) in a kernel of the "
        "`prof` flavour (the perf flavour plus `CONFIG_PROFILING`, "
        f"HZ={values('hz')}) booted with `profile=2`. The guest resets "
        "`/proc/profile` before the run and reads it right after: each "
        "timer tick of each CPU that interrupts kernel text adds one to the "
        f"{values('step')}-byte bucket of the interrupted address, and the "
        "buckets are mapped to the nearest preceding text symbol (t/T/w/W) "
        "of the kernel's `System.map`; a static function whose name is not "
        "unique gets its source file from vmlinux's symbol table, as in "
        "`name [file.c]`. Percentages are of the subtest's "
        "ticks. Ticks in user space and outside the kernel's own text (the "
        "test_vmalloc module's own code included) are not counted: "
        "\"guest time\" is the run's wall time in the guest (module load "
        "included) and \"≈ N ticks\" what one CPU busy for all of it would "
        "take, for scale; both CPUs' ticks count, the idle one's as idle. "
        "The profiler's own reset and read (`" +
        "`, `".join(sorted(PROFILER_SYMBOLS)) + "`: clearing and copying "
        "every counter, several ms on x86_64 under TCG) also take ticks; "
        "nothing else in these runs copies more than a few bytes to or from "
        "user space (the module's parameters), so those are "
        "left out of the ticks and percentages and shown in the "
        "\"profiler\" column. A tick is a sample: a symbol with n ticks is "
        "known to about ±√n. Each group cell: ticks (percent).",
        "",
        "Ticks are attributed to where interrupts were next enabled: a tick "
        "that arrives while a CPU has interrupts disabled is taken, and "
        "counted, at the instruction that enables them again (on x86_64 "
        "e.g. `_raw_spin_unlock_irqrestore`, or `handle_softirqs` right "
        "after its `sti`), not in the code that ran with them off. On "
        "arm64 the kernel's `profile_pc()` also gives a tick inside a spin "
        "lock function to its caller, so `locks` reads low there; and an "
        "idle arm64 CPU waits (`wfi`) with interrupts masked, so its ticks "
        "land where the idle loop enables them, `arch_local_irq_enable "
        "[build_policy.c]` (kernel/sched/idle.c is compiled in "
        "build_policy.c): that copy counts as idle, although the rest of "
        "that file's code (rt, deadline, cputime) uses it too.",
        "",
        "Groups: maple tree = `mas_`, `mte_`, `mab_`, `mt_`, `mtree_`, "
        "`ma_`, `mast_`, `mn_`, `mat_` and `*maple*`; the others by the "
        "object that defines the symbol (rb-tree `lib/rbtree.o`, what `rb`'s "
        "vmalloc uses where the series uses the maple tree; vmalloc/vmap "
        "`mm/vmalloc.o`; slab "
        "`mm/slub.o`, `mm/slab_common.o`; rcu `kernel/rcu/`; page "
        "alloc/tables `mm/page_alloc.o`, `mm/memory.o`, `mm/sparse.o`, "
        "`mm/pgtable-generic.o` and the arch's pgtable code; tlb/ipi the "
        "arch's TLB and IPI code and `kernel/smp.o`; locks "
        "`kernel/locking/`), else by name (idle = `*halt*`, `*idle*`; the "
        "patterns of the others are in `scripts/results.py`); the rest is "
        "other.",
        "",
    ]
    for arch in sorted({a for a, _, _, _ in results}):
        out += [f"## {arch}", ""]
        tests = sorted({t for a, _, t, _ in results if a == arch},
                       key=lambda t: (SUBTESTS.index(t)
                                      if t in SUBTESTS else 99, t))
        for test in tests:
            rows = sorted(((v, d) for a, v, t, d in results
                           if a == arch and t == test),
                          key=lambda vd: VARIANT_ORDER.index(vd[0]))
            failed = [v for v, d in rows if d["outcome"] == "fail"]
            out += [f"### {arch}: `{test}`" +
                    (f" (the subtest failed on {', '.join(failed)})"
                     if failed else ""), ""]
            table = []
            for v, d in rows:
                total, busy, wall = d["ticks"], d["busy"], d["wall_us"] or 0
                table.append(
                    [f"`{v}`", str(total), str(busy),
                     f"{wall / 1000:.1f} ms (≈ {wall * d['hz'] / 1e6:.0f})"] +
                    [f"{d['groups'][g]} ({pct(d['groups'][g], total)})"
                     for g in GROUPS] +
                    [str(d["profiler"])])
                shares = sorted(((n, g) for g, n in d["groups"].items() if n),
                                key=lambda ng: (-ng[0], GROUPS.index(ng[1])))
                top = sorted(d["per_sym"].items(),
                             key=lambda kv: (-kv[1], symbol_label(kv[0])))
                summary.append(
                    f"{arch} {v} {test}: {total} ticks ({busy} non-idle) in "
                    f"{wall / 1000:.1f} ms; " +
                    ", ".join(f"{GROUP_TITLES[g]} {n} ({pct(n, total)})"
                              for n, g in shares) +
                    "; top: " + ", ".join(
                        f"{symbol_label(s)} {n} ({pct(n, total)})"
                        for s, n in top[:3]))
                if busy < PROFILE_COARSE and d["outcome"] == "fail":
                    warnings.append(
                        f"{arch} {v} {test}: only {busy} non-idle ticks "
                        f"(fewer than {PROFILE_COARSE}): its figures are "
                        "too coarse, and as the subtest failed, a larger "
                        "BENCH_LOOPS may not give more")
                elif busy < PROFILE_COARSE:
                    loops = int(d["loops"] or 5000)
                    more = loops * max(2, math.ceil(2 * PROFILE_COARSE /
                                                    max(busy, 1)))
                    more = int(float(f"{more:.1g}"))
                    warnings.append(
                        f"{arch} {v} {test}: only {busy} non-idle ticks "
                        f"(fewer than {PROFILE_COARSE}): its figures are "
                        "too coarse; a larger BENCH_LOOPS gives more "
                        f"(e.g. BENCH_LOOPS={more})")
            out += md_table(["variant", "ticks", "non-idle",
                             "guest time (≈ ticks)"] +
                            [GROUP_TITLES[g] for g in GROUPS] +
                            ["profiler (left out)"], table) + [""]
            for v, d in rows:
                total, busy = d["ticks"], d["busy"]
                top = sorted(d["per_sym"].items(),
                             key=lambda kv: (-kv[1], symbol_label(kv[0])))[:PROFILE_TOP]
                out += [f"Top {len(top)} symbols of `{v}` ({total} ticks, "
                        f"{busy} non-idle)" +
                        (f", **too coarse** (fewer than {PROFILE_COARSE} "
                         "non-idle ticks)" if busy < PROFILE_COARSE else "") +
                        ":", ""]
                out += md_table(["#", "symbol", "group", "ticks", "%"], [
                    [str(i), f"`{symbol_label(s)}`",
                     GROUP_TITLES[d["sym_group"][s]],
                     str(n), pct(n, total)]
                    for i, (s, n) in enumerate(top, 1)]) + [""]
    failed_boots = [f"boot failed: {b} (console log: "
                    f"{os.path.join(run_dir, b + '.console.log')})"
                    for b in boot_failed]
    if problems or warnings or failed_boots:
        out += ["## Warnings", ""]
        out += [f"- {w}" for w in problems + failed_boots + warnings] + [""]
    md = os.path.join(run_dir, "profile.md")
    with open(md, "w") as f:
        f.write("\n".join(out))
    for line in summary:
        print(line)
    for w in problems + failed_boots + warnings:
        print(f"warning: {w}")
    print(f"\nprofile: {md}")
    return 1 if problems or failed_boots or not results else 0


def add_timed_report(sub, name):
    """A report of a timed run: RUN_DIR, the command that made it, its clock."""
    r = sub.add_parser(name)
    r.add_argument("run_dir")
    r.add_argument("--command", default="")
    r.add_argument("--clock", choices=sorted(CLOCKS),
                   help="the clock of the run (default: from the QEMU "
                   "command lines in RUN_DIR)")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").add_argument("log")
    sub.add_parser("collect").add_argument("run_dir")
    sub.add_parser("mmsel-list").add_argument("arch", nargs="?")
    t = sub.add_parser("test-report")
    t.add_argument("run_dir")
    t.add_argument("--no-judge", action="store_true",
                   help="show test_vmalloc outcomes without judging them")
    t.add_argument("--boot-failed", action="append", default=[],
                   metavar="NAME", help="a boot that failed: counted as a failure")
    b = add_timed_report(sub, "bench-report")
    add_timed_report(sub, "sweep-report")
    s = sub.add_parser("profile-save")
    for arg in ("run_dir", "variant", "arch", "flavour"):
        s.add_argument(arg)
    p = add_timed_report(sub, "profile-report")
    p.add_argument("--boot-failed", action="append", default=[],
                   metavar="NAME", help="a boot that failed")
    a = ap.parse_args()
    if a.cmd == "check":
        return check(a.log)
    if a.cmd == "collect":
        return collect(a.run_dir)
    if a.cmd == "mmsel-list":
        print("\n".join(mmsel_list(a.arch)[0]))
        return 0
    if a.cmd == "test-report":
        return test_report(a.run_dir, not a.no_judge, a.boot_failed)
    if a.cmd == "profile-save":
        return profile_save(a.run_dir, a.variant, a.arch, a.flavour)
    if a.cmd == "profile-report":
        return profile_report(a.run_dir, a.command, a.clock, a.boot_failed)
    if a.cmd == "sweep-report":
        return sweep_report(a.run_dir, a.command, a.clock)
    return bench_report(a.run_dir, a.command, a.clock)


if __name__ == "__main__":
    sys.exit(main())
