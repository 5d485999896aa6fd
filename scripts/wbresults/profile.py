# SPDX-License-Identifier: GPL-2.0
"""make profile: where the time goes.  results.py profile-save keeps what
the report needs of a built kernel; results.py profile-report maps the
guest's /proc/profile dumps to symbols and groups, as markdown in
RUN_DIR/profile.md.

A symbol's group: maple tree by name (mas_, mte_, ... or *maple*); then
the object that defines it (a name defined once in the kernel's
System.map, found in one group's objects); then by name."""
import bisect
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys

from . import paths
from .bench import clock_text, run_clock
from .consolelog import (SUBTESTS, VARIANT_ORDER, WB_RE, log_name,
                         strip_ts)
from .rows import vmalloc_rows
from .table import md_table
from .templates import text

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
PROFDATA_RE = re.compile(r"^([0-9a-f]+):(\d+)$")


def read_config(obj):
    """{CONFIG_X: value} of a kernel object tree's .config."""
    config = {}
    with open(os.path.join(obj, ".config")) as f:
        for line in f:
            k, sep, v = line.strip().partition("=")
            if sep and k.startswith("CONFIG_"):
                config[k] = v
    return config


def group_objects_symbols(obj, arch):
    """{text symbol: [groups whose objects define it]}, by nm."""
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
    return objects


def duplicate_local_files(vmlinux):
    """{address in hex: source file} of the local functions whose name is
    not unique."""
    # Static functions of the same name (out-of-line copies of inline
    # helpers, mostly) are told apart by their source file: vmlinux's
    # symbol table names it (STT_FILE) before each file's local symbols.
    local, source = [], None
    out = subprocess.run(["readelf", "-sW", vmlinux],
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
    return {f"{a:x}": src for n, a, src in local if seen[n] > 1 and src}


def profile_save(run_dir, variant, arch, flavour):
    """Keep the System.map, HZ, the tree's summary and the group objects'
    symbols of a built kernel beside its console log: the report must map
    the ticks with the kernel that ran, whatever is rebuilt later."""
    obj = os.path.join(paths.BUILD, variant, "linux", f"obj-{arch}-{flavour}")
    name = os.path.join(run_dir, f"{variant}-{arch}-{flavour}")
    config = read_config(obj)
    if config.get("CONFIG_PROFILING") != "y":
        sys.exit(f"error: {obj} is not built with CONFIG_PROFILING=y")
    shutil.copyfile(os.path.join(obj, "System.map"), name + ".System.map")
    objects = group_objects_symbols(obj, arch)
    files = duplicate_local_files(os.path.join(obj, "vmlinux"))
    contents = ""
    try:
        with open(os.path.join(paths.BUILD, variant, "contents")) as f:
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
    """name, or "name [file.c]" for a name that is not unique."""
    name, source = sym
    return f"{name} [{source}]" if source else name


def symbol_group(sym, objects, symmap):
    """The group of a symbol (see the module's docstring)."""
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


def add_profile_line(runs, tag, rest):
    """Fold one WB-VMTEST, WB-PROFILE or WB-PROFDATA line into runs."""
    tokens = rest.split()
    f = dict(t.split("=", 1) for t in tokens if "=" in t)
    if not {"set", "round", "mask", "threads"} <= f.keys():
        return
    r = runs.setdefault((f["set"], f["round"]), {
        "mask": int(f["mask"]), "threads": f["threads"],
        "wall_us": None, "loops": None, "head": None, "data": {}})
    if tag == "WB-VMTEST":
        r["wall_us"] = int(f.get("wall_us", 0))
        r["loops"] = f.get("loops")
    elif tag == "WB-PROFILE":
        r["head"] = {k: int(f[k]) for k in ("step", "buckets",
                                           "nonzero", "ticks")}
    else:
        for t in tokens:
            d = PROFDATA_RE.match(t)
            if d:
                idx = int(d.group(1), 16)
                r["data"][idx] = r["data"].get(idx, 0) + int(d.group(2))


def set_order(s):
    """Where a run's set= sorts: the VMA workload (set=vma) first."""
    return -1 if s == "vma" else int(s)


def profile_runs(path):
    """The profiled runs of a console log: {(set, round): run}."""
    runs = {}
    with open(path, errors="replace") as fh:
        for raw in fh:
            m = WB_RE.match(strip_ts(raw))
            if m and m.group(1) in ("WB-VMTEST", "WB-PROFILE", "WB-PROFDATA"):
                add_profile_line(runs, m.group(1), m.group(2))
    return runs


def pct(n, total):
    """n as a percentage of total."""
    return f"{100.0 * n / total:.1f} %" if total else "-"


def run_figures(arch, variant, test, r, symmap, info, problems):
    """The figures of one profiled run: its ticks per symbol and group,
    the profiler's own left apart."""
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
    return {"ticks": ticks, "busy": ticks - groups["idle"],
            "profiler": profiler,
            "groups": groups, "per_sym": per_sym, "sym_group": sym_group,
            "wall_us": r["wall_us"], "loops": r["loops"],
            "hz": info["hz"], "step": head["step"],
            "contents": info["contents"]}


def log_profile_results(path, problems):
    """[(arch, variant, subtest, figures)] of one console log's profiled
    runs."""
    variant, arch, flavour = log_name(path)
    name = path[:-len(".console.log")]
    try:
        with open(name + ".profile.json") as f:
            info = json.load(f)
    except OSError:
        problems.append(f"{variant}-{arch}: no {name}.profile.json "
                        "(results.py profile-save)")
        return []
    symmap = SymbolMap(name + ".System.map", info.get("files"))
    outcomes = {(r[6], r[4]): r[7] for r in
                vmalloc_rows(path, [arch, variant, flavour])}
    runs = profile_runs(path)
    if not runs:
        problems.append(f"{arch} {variant}: no profiled runs in {path}")
    results = []
    for (_, rnd), r in sorted(runs.items(),
                              key=lambda kv: (int(kv[0][1]), set_order(kv[0][0]))):
        tests = [t for i, t in enumerate(SUBTESTS) if r["mask"] >> i & 1]
        test = "+".join(tests) or (
            "VMA workload" if r["mask"] == 0 else f"mask {r['mask']}")
        if r["head"] is None:
            problems.append(f"{arch} {variant} {test}: no profile dump "
                            "(is /proc/profile there? see the console "
                            "log)")
            continue
        d = run_figures(arch, variant, test, r, symmap, info, problems)
        d["outcome"] = outcomes.get((rnd, test))
        results.append((arch, variant, test, d))
    return results


def profile_results(run_dir, problems):
    """[(arch, variant, subtest, figures)] of every profiled run."""
    results = []
    for path in sorted(glob.glob(os.path.join(run_dir, "*.console.log"))):
        results += log_profile_results(path, problems)
    return results


def intro(results, command, clock):
    """The report's head: title, command, clock, trees, and how to read
    it."""
    def values(key):
        return ", ".join(sorted({str(d[key]) for _, _, _, d in results},
                                key=lambda x: (len(x), x))) or "?"
    contents = {}
    for _, v, _, d in results:
        contents.setdefault(v, set()).add(d["contents"])
    out = [text("profile-title"), ""]
    if command:
        out.append(f"Command: `{command}`  ")
    out.append(clock_text(clock) + "  ")
    for v in sorted(contents, key=VARIANT_ORDER.index):
        out.append(f"`{v}`: {'; '.join(sorted(contents[v]))}  ")
    return out + [
        "",
        text("profile-how", loops=values("loops"), hz=values("hz"),
             step=values("step"),
             profiler_symbols="`, `".join(sorted(PROFILER_SYMBOLS))),
        "",
        text("profile-attribution"),
        "",
        text("profile-groups"),
        "",
    ]


def top_symbols(d, n=None):
    """A run's symbols by ticks, most first (its first n)."""
    return sorted(d["per_sym"].items(),
                  key=lambda kv: (-kv[1], symbol_label(kv[0])))[:n]


def summary_line(arch, v, test, d):
    """The line the report prints for a run: ticks, groups, top 3."""
    total, busy, wall = d["ticks"], d["busy"], d["wall_us"] or 0
    shares = sorted(((n, g) for g, n in d["groups"].items() if n),
                    key=lambda ng: (-ng[0], GROUPS.index(ng[1])))
    return (f"{arch} {v} {test}: {total} ticks ({busy} non-idle) in "
            f"{wall / 1000:.1f} ms; " +
            ", ".join(f"{GROUP_TITLES[g]} {n} ({pct(n, total)})"
                      for n, g in shares) +
            "; top: " + ", ".join(f"{symbol_label(s)} {n} ({pct(n, total)})"
                                  for s, n in top_symbols(d, 3)))


def coarse_warning(arch, v, test, d):
    """A warning for a run with too few non-idle ticks, with the
    BENCH_LOOPS that would give enough (unless the subtest failed);
    None if it has enough."""
    busy = d["busy"]
    if busy >= PROFILE_COARSE:
        return None
    if d["outcome"] == "fail":
        return (f"{arch} {v} {test}: only {busy} non-idle ticks "
                f"(fewer than {PROFILE_COARSE}): its figures are "
                "too coarse, and as the subtest failed, a larger "
                "BENCH_LOOPS may not give more")
    loops = int(d["loops"] or 5000)
    more = loops * max(2, math.ceil(2 * PROFILE_COARSE / max(busy, 1)))
    more = int(float(f"{more:.1g}"))	# one significant digit
    return (f"{arch} {v} {test}: only {busy} non-idle ticks "
            f"(fewer than {PROFILE_COARSE}): its figures are "
            "too coarse; a larger BENCH_LOOPS gives more "
            f"(e.g. BENCH_LOOPS={more})")


def group_row(v, d):
    """A line of a subtest's table: a variant's ticks, time and groups."""
    total, busy, wall = d["ticks"], d["busy"], d["wall_us"] or 0
    return ([f"`{v}`", str(total), str(busy),
             f"{wall / 1000:.1f} ms (≈ {wall * d['hz'] / 1e6:.0f})"] +
            [f"{d['groups'][g]} ({pct(d['groups'][g], total)})"
             for g in GROUPS] +
            [str(d["profiler"])])


def top_table(v, d):
    """A variant's top PROFILE_TOP symbols of a subtest, with its title."""
    total, busy = d["ticks"], d["busy"]
    top = top_symbols(d, PROFILE_TOP)
    out = [f"Top {len(top)} symbols of `{v}` ({total} ticks, "
           f"{busy} non-idle)" +
           (f", **too coarse** (fewer than {PROFILE_COARSE} "
            "non-idle ticks)" if busy < PROFILE_COARSE else "") +
           ":", ""]
    out += md_table(["#", "symbol", "group", "ticks", "%"], [
        [str(i), f"`{symbol_label(s)}`", GROUP_TITLES[d["sym_group"][s]],
         str(n), pct(n, total)]
        for i, (s, n) in enumerate(top, 1)]) + [""]
    return out


def subtest_section(arch, test, results, summary, warnings):
    """The section of one subtest on one arch: the groups of each variant
    in one table, then each variant's top symbols."""
    rows = sorted(((v, d) for a, v, t, d in results
                   if a == arch and t == test),
                  key=lambda vd: VARIANT_ORDER.index(vd[0]))
    failed = [v for v, d in rows if d["outcome"] == "fail"]
    out = [f"### {arch}: `{test}`" +
           (f" (the subtest failed on {', '.join(failed)})"
            if failed else ""), ""]
    for v, d in rows:
        summary.append(summary_line(arch, v, test, d))
        w = coarse_warning(arch, v, test, d)
        if w:
            warnings.append(w)
    out += md_table(["variant", "ticks", "non-idle",
                     "guest time (≈ ticks)"] +
                    [GROUP_TITLES[g] for g in GROUPS] +
                    ["profiler (left out)"],
                    [group_row(v, d) for v, d in rows]) + [""]
    for v, d in rows:
        out += top_table(v, d)
    return out


def subtest_order(t):
    """Subtests in test_vmalloc's order, combined runs after them."""
    return (SUBTESTS.index(t) if t in SUBTESTS else 99, t)


def profile_report(run_dir, command, clock=None, boot_failed=()):
    """Write RUN_DIR/profile.md, print a line a run and the warnings;
    exit status 1 if something is missing or a boot failed."""
    clock = clock or run_clock(run_dir)
    problems, warnings, summary = [], [], []
    results = profile_results(run_dir, problems)
    out = intro(results, command, clock)
    for arch in sorted({a for a, _, _, _ in results}):
        out += [f"## {arch}", ""]
        for test in sorted({t for a, _, t, _ in results if a == arch},
                           key=subtest_order):
            out += subtest_section(arch, test, results, summary, warnings)
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
