# SPDX-License-Identifier: GPL-2.0
"""results.py check: the verdict on one boot's console log (scripts/boot.sh
prints what this finds and fails the boot if it finds anything)."""
import re

from .consolelog import strip_ts, wb_lines, wb_messages
from .mmsel import mmsel_problems

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
    # test_vmalloc could not create a worker: that run tested less than
    # it says, and had none of them started, 6.12's test_vmalloc would
    # have waited for them forever (guest/init.c's failslab spares
    # kthread creation for that reason).
    r"Failed to start \d+ kthread",
]
REPORT_RE = re.compile("|".join(REPORTS))
# check prints this many problems, then a count of the rest.
SHOWN = 20


def kernel_reports(path):
    """The console lines where the kernel reported a problem; our /init's
    own WB lines are not the kernel's, whatever they quote."""
    problems = []
    with open(path, errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = strip_ts(raw)
            if REPORT_RE.search(line) and not line.startswith("WB-"):
                problems.append(f"line {n}: {line}")
    return problems


def guest_problems(path):
    """What our /init's lines say is wrong: it did not finish, it reported
    an error, the VMA workload failed."""
    problems = []
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
    # A WB-DONE that counts errors nobody printed is a problem of its own.
    if done and done[-1].get("errors") != "0" and not errors:
        problems.append(f"guest reported errors: {done[-1]}")
    return problems


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


def boot_problems(path):
    """Everything wrong with one boot, in the order check prints it."""
    return (kernel_reports(path) + guest_problems(path) +
            fault_problems(path) + mmsel_problems(path))


def check(path):
    """Print the problems of a console log (the first SHOWN); exit status
    1 if there are any."""
    problems = boot_problems(path)
    for p in problems[:SHOWN]:
        print(p)
    if len(problems) > SHOWN:
        print(f"... and {len(problems) - SHOWN} more")
    return 1 if problems else 0
