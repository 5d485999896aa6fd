#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read guest console logs and turn them into verdicts and tables.

  results.py check LOG            kernel reports in a console log; exit 1 if any
  results.py collect RUN_DIR      parse every RUN_DIR/*.console.log into
                                  RUN_DIR/results.tsv (KUnit via kunit.py parse)
  results.py test-report [--no-judge] RUN_DIR
                                  table arch x test, judged against rb; exit 1
                                  on any failure
  results.py bench-report RUN_DIR [--clock real|icount] [--command CMD]
                                  medians and ratios against rb, as markdown
                                  (the clock is read from the QEMU command
                                  lines beside the logs unless given)
"""
import argparse
import glob
import json
import os
import re
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
    r"hung_task",
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
CONFIGS = os.path.join(TOP, "configs")
KUNIT_SUITES_RE = re.compile(r"^#\s*kunit-suites:\s*(.*)$")
COLUMNS = ["arch", "variant", "flavour", "kind", "test", "threads", "round",
           "outcome", "usec"]


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


def wb_lines(path):
    """Yield (tag, fields) for every line our /init printed."""
    with open(path, errors="replace") as f:
        for raw in f:
            m = WB_RE.match(strip_ts(raw))
            if not m:
                continue
            fields = dict(kv.split("=", 1) for kv in m.group(2).split()
                          if "=" in kv)
            yield m.group(1), fields


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
    for tag, f in wb_lines(path):
        if tag == "WB-ERROR":
            problems.append(f"guest error: {f}")
    if done and done[-1].get("errors") != "0" and not errors:
        problems.append(f"guest reported errors: {done[-1]}")
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print(f"... and {len(problems) - 20} more")
    return 1 if problems else 0


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
        rows += kunit_rows(path, ident)
        rows += vmalloc_rows(path, ident)
    with open(os.path.join(run_dir, "results.tsv"), "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(c) for c in r) + "\n")
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
    passed = failed = 0
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
        return verdict, f"{usec / 1000:.1f} ms" if usec else ""

    for arch in arches:
        for kind in ("kunit", "vmalloc"):
            tests = sorted({r["test"] for r in rows
                            if r["arch"] == arch and r["kind"] == kind},
                           key=lambda t: (SUBTESTS.index(t)
                                          if t in SUBTESTS else 0, t))
            for test in tests:
                ref, _ = outcome(arch, "rb", kind, test)
                line = [arch, kind, test]
                for v in variants:
                    got, when = outcome(arch, v, kind, test)
                    if (got is None and kind == "kunit" and
                            v not in only_in.get(test, {v})):
                        line.append("n/a")
                        continue
                    if got is None:
                        line.append("missing")
                        failed += 1
                        continue
                    # test_vmalloc: judged against rb in the same run
                    # (align_shift_alloc_test fails on rb by design).
                    # KUnit: every case must pass.
                    if kind == "vmalloc" and not judge:
                        good, mark = True, got
                    elif kind == "vmalloc" and v != "rb":
                        good = ref is not None and got == ref
                        mark = got if good else f"{got} (rb: {ref}) MISMATCH"
                    elif kind == "vmalloc":
                        good, mark = True, got + (" (expected)" if got == "fail"
                                                  else "")
                    else:
                        good, mark = got in ("pass", "skip"), got
                    passed += good
                    failed += not good
                    line.append(f"{mark} {when}".strip())
                table.append(line)
    print_table(["arch", "kind", "test"] + variants, table)
    print(f"\nresults: {os.path.join(run_dir, 'results.tsv')}")
    for name in boot_failed:	# each failed boot is a failure of its own
        print(f"boot failed: {name} (console log: "
              f"{os.path.join(run_dir, name + '.console.log')})")
    failed += len(boot_failed)
    print(f"workbench: {passed} passed, {failed} failed")
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


def bench_report(run_dir, command, clock=None):
    clock = clock or run_clock(run_dir)
    unit = "usec" if clock == "real" else "usec (icount)"
    rows = [r for r in load(run_dir) if r["kind"] == "vmalloc"]
    variants = [v for v in ("rb", "mt", "ours")
                if any(r["variant"] == v for r in rows)]
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
    table = []
    for k in keys:
        med = {}
        for v in variants:
            vals = [float(r["usec"]) for r in rows if r["usec"] and
                    (r["arch"], r["threads"], r["test"], r["variant"]) ==
                    k + (v,)]
            fails = [r for r in rows if r["outcome"] != "pass" and
                     (r["arch"], r["threads"], r["test"], r["variant"]) ==
                     k + (v,)]
            med[v] = (statistics.median(vals) if vals else None, bool(fails))
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
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    out.append(fmt.format(*header))
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += [fmt.format(*r) for r in table]
    text = "\n".join(out) + "\n"
    with open(os.path.join(run_dir, "bench.md"), "w") as f:
        f.write(text)
    print(text)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").add_argument("log")
    sub.add_parser("collect").add_argument("run_dir")
    t = sub.add_parser("test-report")
    t.add_argument("run_dir")
    t.add_argument("--no-judge", action="store_true",
                   help="show test_vmalloc outcomes without judging them")
    t.add_argument("--boot-failed", action="append", default=[],
                   metavar="NAME", help="a boot that failed: counted as a failure")
    b = sub.add_parser("bench-report")
    b.add_argument("run_dir")
    b.add_argument("--command", default="")
    b.add_argument("--clock", choices=sorted(CLOCKS),
                   help="the clock of the run (default: from the QEMU "
                   "command lines in RUN_DIR)")
    a = ap.parse_args()
    if a.cmd == "check":
        return check(a.log)
    if a.cmd == "collect":
        return collect(a.run_dir)
    if a.cmd == "test-report":
        return test_report(a.run_dir, not a.no_judge, a.boot_failed)
    return bench_report(a.run_dir, a.command, a.clock)


if __name__ == "__main__":
    sys.exit(main())
