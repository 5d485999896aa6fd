# SPDX-License-Identifier: GPL-2.0
"""results.py collect: every console log of a run dir turned into rows of
RUN_DIR/results.tsv, and load() to read them back."""
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

from . import paths
from .consolelog import (VMA_PHASES, fields_of, log_name, runs_asked,
                         subtests_of_mask, wb_lines, wb_messages)
from .mmsel import mmsel_rows

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


def read_vmalloc_runs(path):
    """{(set, round): {mask, threads, results: {subtest: [worker fields]}}}
    of a log's test_vmalloc runs."""
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
    return runs


def vmalloc_rows(path, ident):
    """One row per test_vmalloc subtest and run: it passes if each of its
    threads reported a result, none failed and each passed something."""
    rows = []
    for (_, rnd), run in sorted(read_vmalloc_runs(path).items()):
        for name in subtests_of_mask(run["mask"]):
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
    rows.append(vma_workload_row(ident, settings, failure, passed, end))
    return rows


def vma_workload_row(ident, settings, failure, passed, end):
    """The "workload" row: pass with the settings as its note, or fail
    with why."""
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
    return ident + ["vma", "workload", "", "", "pass" if ok else "fail",
                    wall, note]


def kunit_rows(path, ident):
    """One row per KUnit case, by the variant's own kunit.py parse (its
    output kept beside the log as .kunit.txt); nothing if the log has no
    KTAP."""
    variant = ident[1]
    kunit = os.path.join(paths.BUILD, variant, "linux", "tools", "testing",
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


def fault_vma_rows(path, ident, label):
    """A fault boot's VMA workload: its workload row, of kind fault; the
    note counts the calls it made again after ENOMEM."""
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
    return rows


def fault_vmalloc_rows(path, ident, label):
    """One row for all of a fault boot's test_vmalloc runs: pass when it
    finished every run its command line asked for (subtests may fail
    under failslab: counted in the note, not judged)."""
    vm = vmalloc_rows(path, ident)
    runs = [f for tag, f in wb_lines(path) if tag == "WB-VMTEST"]
    asked = runs_asked(path)
    if not (runs or asked):
        return []
    ok = sum(r[7] == "pass" for r in vm)
    retries = sum(int(f.get("enomem_retries", 0)) for f in runs)
    done = vm and len(runs) == asked
    return [ident[:2] + [label, "fault", f"{label} test_vmalloc", "",
                         "", "pass" if done else "fail", "",
                         f"{len(runs)} of {asked} runs, {ok} of "
                         f"{len(vm)} "
                         f"subtests passed, {retries} loads "
                         "retried after ENOMEM"]]


def fault_injection_rows(path, ident, label):
    """failslab's count of injected failures, reclaim and kmemleak: each
    fails if the boot did not test what it was for."""
    rows = []
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


def fault_rows(path, ident):
    """The rows of a fault-injection boot, of kind "fault": its VMA
    workload, one row for all its test_vmalloc runs (pass when every run
    finished; subtests may fail under failslab, counted in the note),
    failslab's count of injected failures, reclaim and kmemleak."""
    label = ident[2]
    return (fault_vma_rows(path, ident, label) +
            fault_vmalloc_rows(path, ident, label) +
            fault_injection_rows(path, ident, label))


def is_fault_boot(flavour):
    """A fault boot's log carries its label (and repeat) as its flavour."""
    return flavour.rstrip("0123456789") in FAULT_LABELS


def log_rows(path):
    """All rows of one console log."""
    variant, arch, flavour = log_name(path)
    ident = [arch, variant, flavour]
    if is_fault_boot(flavour):
        return fault_rows(path, ident)
    return (kunit_rows(path, ident) + vmalloc_rows(path, ident) +
            vma_rows(path, ident) + mmsel_rows(path, ident))


def write_tsv(path, rows):
    """results.tsv: the COLUMNS, a row a line, short rows padded; a tab in
    a cell would split it, so it is made a space."""
    with open(path, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            r = r + [""] * (len(COLUMNS) - len(r))
            f.write("\t".join(str(c).replace("\t", " ") for c in r) + "\n")


def collect(run_dir):
    """Parse every RUN_DIR/*.console.log into RUN_DIR/results.tsv."""
    rows = []
    for path in sorted(glob.glob(os.path.join(os.path.abspath(run_dir),
                                              "*.console.log"))):
        rows += log_rows(path)
    write_tsv(os.path.join(run_dir, "results.tsv"), rows)
    return 0


def load(run_dir):
    """The rows of RUN_DIR/results.tsv, as dicts by column."""
    with open(os.path.join(run_dir, "results.tsv")) as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f]
