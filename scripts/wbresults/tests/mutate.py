# SPDX-License-Identifier: GPL-2.0
"""Show that the tests can fail: break scripts/wbresults on purpose, one
mutation at a time, run the tests, print which of them failed, and put
the file back.  Exit status 1 if a mutation went unnoticed or a test
never failed.

Run it on a clean tree only: it rewrites the package's files in place
(each is restored at once, also if the tests crash).

  python3 scripts/wbresults/tests/mutate.py
"""
import os
import re
import subprocess
import sys

SCRIPTS = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TESTS = ["-m", "unittest", "discover", "-s", "wbresults/tests", "-t", "."]
# (file of wbresults, text, replacement, what the replacement breaks)
M = [
 ("checks.py", 'r"WARNING:",', '', "drop WARNING: from REPORTS"),
 ("checks.py", 'r"BUG:",', '', "drop BUG: from REPORTS"),
 ("checks.py", 'r"KASAN:",', '', "drop KASAN: from REPORTS"),
 ("checks.py", 'r"possible recursive locking",', '', "drop lockdep's recursive locking from REPORTS"),
 ("checks.py", 'and not line.startswith("WB-")', '', "count WB lines as kernel reports"),
 ("checks.py", 'if not done:', 'if False:', "no 'did not finish' problem"),
 ("checks.py", 'if tag == "WB-ERROR":\n            problems.append', 'if tag == "WB-ERRORX":\n            problems.append', "ignore WB-ERROR"),
 ("checks.py", 'f.get("injected") == "0"', 'f.get("injected") == "-1"', "failslab count ignored"),
 ("checks.py", 'f.get("leaks", "0") != "0"', 'False', "kmemleak ignored"),
 ("checks.py", 'elif tag == "WB-RECLAIM" and not', 'elif tag == "WB-RECLAIMX" and not', "reclaim ignored"),
 ("checks.py", 'return 1 if problems else 0', 'return 0', "check always exits 0"),
 ("rows.py", 'done = vm and len(runs) == asked', 'done = vm', "fault test_vmalloc row ignores runs asked"),
 ("rows.py", '"pass" if f["leaks"] == "0" else', '"pass" if True else', "kmemleak row always passes"),
 ("rows.py", '"pass" if f["injected"] != "0"', '"pass" if True', "failslab row always passes"),
 ("rows.py", '"pass" if n else "fail"', '"pass"', "reclaim row always passes"),
 ("test_report.py", 'if v != "rb" and got != ref:', 'if False:', "mm selftest not compared to rb"),
 ("test_report.py", 'tally.failed += len(boot_failed)', 'pass', "failed boots not counted"),
 ("test_report.py", 'return got == "pass", mark', 'return True, mark', "VMA must-pass dropped"),
 ("test_report.py", 'return 1 if tally.failed or not rows else 0', 'return 0', "test-report always exits 0"),
 ("test_report.py", 'xfail = got == "fail" and test in BASE_FAILURES', 'xfail = False', "no xfail"),
 ("stats.py", 'statistics.median(values)', 'statistics.median_low(values)', "median_low"),
 ("table.py", '"-" * (w + 2)', '"-" * (w + 1)', "table rule too short"),
 ("templates.py", 'return {n: " ".join(lines)', 'return {n: "\\n".join(lines)', "templates keep line breaks"),
 ("consolelog.py", 'return len(m.group(1).split(",")) * int(r.group(1) if r', 'return len(m.group(1).split(",")) * int(1 if r', "runs_asked ignores wb.rounds"),
 ("checks.py", 'r"Attempted to kill init",', 'r"Attempted to kill init", r"Run /init",', "a pattern that matches a good boot"),
 ("rows.py", 'int(w["passed"]) > 0 for w', 'int(w["passed"]) > 1 for w', "a subtest must pass twice"),
 ("rows.py", 'if f.get("phase") in VMA_PHASES:', 'if False:', "failed VMA phase gets no row"),
 ("test_report.py", 'good = ref is not None and got == ref', 'good = ref is None', "vmalloc judged wrong way round"),
 ("stats.py", 'statistics.median(values)', 'statistics.mean(values)', "mean for median"),
 ("templates.py", 'name = m.group(1)', 'name = m.group(1).upper()', "section names mangled"),
 ("rows.py", '"pass" if f["injected"] != "0"', '"pass" if f["injected"] == "0"', "failslab row verdict inverted"),
]



def failed_tests(stderr):
    """The names of the tests unittest reports FAIL or ERROR."""
    return sorted({m.group(1) for m in
                   re.finditer(r"^(?:FAIL|ERROR): (\S+)", stderr, re.M)})


def all_tests():
    """The names of all the tests."""
    out = subprocess.run([sys.executable, *TESTS, "-v"], cwd=SCRIPTS,
                         capture_output=True, text=True).stderr
    return set(re.findall(r"^(test_\w+) ", out, re.M))


def run_mutation(f, old, new):
    """The tests that fail with old replaced by new in wbresults/f."""
    path = os.path.join(SCRIPTS, "wbresults", f)
    with open(path) as fh:
        src = fh.read()
    if src.count(old) != 1:
        sys.exit(f"error: {f}: the text to break is not there once: {old}")
    try:
        with open(path, "w") as fh:
            fh.write(src.replace(old, new))
        proc = subprocess.run([sys.executable, *TESTS], cwd=SCRIPTS,
                              capture_output=True, text=True)
    finally:
        with open(path, "w") as fh:
            fh.write(src)
    return failed_tests(proc.stderr)


def main():
    caught, unnoticed = set(), 0
    for f, old, new, what in M:
        failed = run_mutation(f, old, new)
        caught.update(failed)
        unnoticed += not failed
        print(f"{what}: {len(failed)} failed: "
              f"{', '.join(failed) or 'NONE CAUGHT'}")
    never = sorted(all_tests() - caught)
    for t in never:
        print(f"never failed: {t}")
    print(f"{len(M)} mutations, {unnoticed} unnoticed; "
          f"{len(never)} tests never failed")
    return 1 if unnoticed or never else 0


if __name__ == "__main__":
    sys.exit(main())
