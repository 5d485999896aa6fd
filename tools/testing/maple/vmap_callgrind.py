#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a callgrind.out file of vmap_bench.

    vmap_callgrind.py [--top N] [--tables] [--depth D] [--min PCT]
                      [--summary LABEL] FILE

Prints, for each function of interest, how often it was called, its
inclusive instruction count and that count per call.  Then each operation
of the benchmark (rbm_alloc, mtm_alloc, ..., the functions vmap_bench calls
through struct vb_impl) as a tree of callees, in instructions per operation
(a purge: per area given back), down to D levels and leaving out callees
below PCT percent of the operation.  The tree needs a profile recorded with
callgrind's --separate-callers=N (N > D): every function name then carries
its N callers, so the cost of mas_store() under an allocation is told apart
from its cost under a purge.  With --tables, also the top N functions by
self and by inclusive count, every context of a function summed (what
callgrind_annotate prints, by function rather than by file and function).

Each operation also gets what it spent in the allocator (the shim's slab
caches, malloc/free, liburcu's call_rcu(): stand-ins whose cost differs
from the kernel's) and the rest.  --summary LABEL prints these numbers
as "#sum" lines for vmap_callgrind.sh's table.

Inclusive counts are self plus the cost callgrind recorded for each call
made; recursive functions are counted more than once, as callgrind_annotate
does.
"""
import collections
import re
import sys

# (function, what it stands for); absent ones are skipped.
INTEREST = [
    ("rbm_alloc", "rb: alloc (search + clip + busy insert)"),
    ("rbm_lowest_fit", "rb: lowest-fit search"),
    ("rbm_clip", "rb: clip the free block"),
    ("set_insert", "rb: busy/lazy tree insert"),
    ("rbm_vfree", "rb: vfree (busy erase + lazy insert)"),
    ("rbm_purge", "rb: purge (whole batch)"),
    ("rbm_merge", "rb: merge one area"),
    ("rbm_lookup", "rb: lookup"),
    ("mtm_alloc", "maple: alloc (search + store)"),
    ("mas_empty_area", "maple: mas_empty_area"),
    ("mas_store", "maple: mas_store"),
    ("mas_nomem", "maple: mas_nomem"),
    ("mas_destroy", "maple: mas_destroy"),
    ("mtm_vfree", "maple: vfree (load + lazy list)"),
    ("mtree_load", "maple: mtree_load"),
    ("mtm_purge", "maple: purge (whole batch)"),
    ("mas_walk", "maple: mas_walk"),
    ("mtm_lookup", "maple: lookup"),
    ("kmem_cache_alloc", "shim: node allocation (all of them)"),
    ("kmem_cache_alloc_bulk", "shim: bulk node allocation"),
    ("kmem_cache_free", "shim: node free (all of them)"),
    ("kmem_cache_free_bulk", "shim: bulk node free"),
    ("urcu_memb_call_rcu", "liburcu: call_rcu"),
    ("mt_free_rcu", "RCU callback freeing a node"),
]

# The operations, in the order they are printed.
OPS = ["rbm_alloc", "mtm_alloc", "rbm_vfree", "mtm_vfree", "rbm_purge",
       "mtm_purge", "rbm_lookup", "mtm_lookup"]
PER_AREA = ("rbm_purge", "mtm_purge")
# What an operation spends in the shim's slab caches (posix_memalign(),
# memset(), free()) and in liburcu's call_rcu(): the harness's stand-ins
# for SLUB and the kernel's RCU, whose costs differ.
ALLOCATOR = ("kmem_cache_alloc", "kmem_cache_alloc_bulk", "kmem_cache_free",
             "kmem_cache_free_bulk", "urcu_memb_call_rcu", "malloc", "free")

NAME_RE = re.compile(r"^\((\d+)\)(?: (.*))?$")


SUFFIX_RE = re.compile(r"\.(constprop|isra|part|cold)\.\d+")


def base(name):
    """The function without the callers --separate-callers appends and
    without the suffixes of gcc's clones (foo.constprop.0 is foo)."""
    return SUFFIX_RE.sub("", name.split("'", 1)[0])


class Profile:
    def __init__(self, path):
        self.self_cost = collections.Counter()
        self.calls = collections.Counter()      # qualified callee -> calls
        self.edges = collections.Counter()      # (caller, callee) -> calls
        self.edge_cost = collections.Counter()  # (caller, callee) -> incl
        self.children = collections.defaultdict(set)
        self.total = 0
        self._parse(path)

    def _parse(self, path):
        names = {}
        fn = callee = None
        pending = False

        def name_of(value):
            m = NAME_RE.match(value)
            if not m:
                return value
            if m.group(2) is not None:
                names[m.group(1)] = m.group(2)
            return names.get(m.group(1), value)

        # fn= and cfn= share one table of compressed names.
        with open(path, errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line:
                    continue
                c = line[0]
                if c.isdigit() or c in "+-*":
                    parts = line.split()
                    if len(parts) < 2:
                        continue
                    cost = int(parts[1])
                    if pending:
                        self.edge_cost[fn, callee] += cost
                        pending = False
                    else:
                        self.self_cost[fn] += cost
                elif line.startswith("fn="):
                    fn = name_of(line[3:])
                elif line.startswith("cfn="):
                    callee = name_of(line[4:])
                elif line.startswith("calls="):
                    n = int(line[6:].split()[0])
                    self.calls[callee] += n
                    self.edges[fn, callee] += n
                    self.children[fn].add(callee)
                    pending = True
                elif line.startswith(("summary:", "totals:")):
                    self.total = max(self.total, int(line.split()[1]))
        if not self.total:
            self.total = sum(self.self_cost.values())

    def incl(self, name):
        return self.self_cost[name] + sum(self.edge_cost[name, c]
                                          for c in self.children[name])

    def flat(self):
        """Self, inclusive and calls per function, contexts summed."""
        self_b = collections.Counter()
        incl_b = collections.Counter()
        calls_b = collections.Counter()
        for name in set(self.self_cost) | set(self.children):
            self_b[base(name)] += self.self_cost[name]
            incl_b[base(name)] += self.incl(name)
        for name, n in self.calls.items():
            calls_b[base(name)] += n
        return self_b, incl_b, calls_b

    def contexts(self, op, section=None):
        """The names of @op's contexts; with @section, those under it."""
        return [n for n in set(self.self_cost) | set(self.children)
                if base(n) == op and
                (section is None or section in self.chain(n)[1:])]

    @staticmethod
    def chain(name):
        """@name and its callers, each without clone suffixes."""
        return [SUFFIX_RE.sub("", f) for f in name.split("'")]

    def sections(self, op):
        """Calls of @op per workload section (vb_ff_*) in its contexts."""
        per = collections.Counter()
        for name, n in self.calls.items():
            chain = self.chain(name)
            if chain[0] == op:
                for s in chain[1:]:
                    if s.startswith("vb_ff_"):
                        per[s] += n
                        break
        return per

    def allocator(self, op, section=None):
        """Inclusive cost of the allocator calls made under @op."""
        cost = 0
        for name in set(self.self_cost) | set(self.children):
            chain = self.chain(name)
            if chain[0] not in ALLOCATOR or op not in chain[1:]:
                continue
            if section is not None and section not in chain:
                continue
            inner = chain[1:chain.index(op)]
            # Count the outermost allocator call only.
            if not any(c in ALLOCATOR for c in inner):
                cost += self.incl(name)
        return cost

    def tree(self, nodes, div, depth, floor):
        """Print the callees of the contexts @nodes, merged by name."""
        self._expand(nodes, div, depth, floor, 1)

    def _expand(self, nodes, div, depth, floor, level):
        selfc = sum(self.self_cost[n] for n in nodes)
        groups = collections.defaultdict(lambda: [0, 0, []])
        for n in nodes:
            for c in self.children[n]:
                g = groups[base(c)]
                g[0] += self.edge_cost[n, c]
                g[1] += self.edges[n, c]
                g[2].append(c)
        pad = "  " * level
        if selfc / div >= floor:
            print(f"{pad}{selfc / div:>9,.0f}  (self)")
        for name, (cost, n, kids) in sorted(groups.items(),
                                            key=lambda x: -x[1][0]):
            if cost / div < floor:
                continue
            print(f"{pad}{cost / div:>9,.0f}  {name}  "
                  f"[{n / div:.2f} calls]")
            if level < depth:
                self._expand(kids, div, depth, floor, level + 1)


def main():
    args = sys.argv[1:]
    top, depth, pct = 15, 4, 2.0
    tables = False
    label = None
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--tables":
            tables = True
        elif opt == "--summary" and args:
            label = args.pop(0)
        elif opt in ("--top", "--depth", "--min") and args:
            value = args.pop(0)
            if opt == "--top":
                top = int(value)
            elif opt == "--depth":
                depth = int(value)
            else:
                pct = float(value)
        else:
            sys.exit(__doc__)
    if len(args) != 1:
        sys.exit(__doc__)
    prof = Profile(args[0])
    self_b, incl_b, calls_b = prof.flat()

    print(f"total instructions: {prof.total:,}")
    print(f"\n{'function':<24} {'calls':>10} {'inclusive Ir':>15} "
          f"{'Ir/call':>9}  what")
    for f, what in INTEREST:
        if f not in incl_b:
            continue
        n = calls_b.get(f, 0)
        per = incl_b[f] / n if n else 0
        print(f"{f:<24} {n:>10,} {incl_b[f]:>15,} {per:>9.0f}  {what}")

    areas = calls_b.get("rbm_vfree", 0) or calls_b.get("mtm_vfree", 0)
    summary = []
    for op in OPS:
        n = calls_b.get(op, 0)
        if not n:
            continue
        div = areas if op in PER_AREA and areas else n
        unit = "area given back" if op in PER_AREA and areas else "call"
        print(f"\n{op}: {incl_b[op] / div:,.0f} instructions per {unit} "
              f"({div:,}); callees of {pct:g}% or more, {depth} levels:")
        prof.tree(prof.contexts(op), div, depth, incl_b[op] / div * pct / 100)
        alloc = prof.allocator(op)
        print(f"  of which allocator and call_rcu(): {alloc / div:,.0f}; "
              f"without them: {(incl_b[op] - alloc) / div:,.0f}")
        summary.append((op, "all", unit, div, incl_b[op], alloc))
        # full_fit: the same per section of the workload; a purge per
        # area given back, where each area was merged or erased apart.
        for section, n in sorted(prof.sections(op).items()):
            unit = "call"
            if op in PER_AREA:
                n = sum(prof.sections(f).get(section, 0)
                        for f in ("rbm_merge", "mtm_erase_one"))
                unit = "area given back"
            elif not op.endswith("_alloc"):
                continue
            if not n:
                continue
            nodes = prof.contexts(op, section)
            cost = sum(prof.incl(x) for x in nodes)
            print(f"\n{op} in {section}: {cost / n:,.0f} instructions per "
                  f"{unit} ({n:,}):")
            prof.tree(nodes, n, depth, cost / n * pct / 100)
            alloc = prof.allocator(op, section)
            print(f"  of which allocator and call_rcu(): {alloc / n:,.0f}; "
                  f"without them: {(cost - alloc) / n:,.0f}")
            summary.append((op, section, unit, n, cost, alloc))

    rcu = incl_b.get("mt_free_rcu", 0)
    if rcu and areas:
        print(f"\nRCU callbacks freeing nodes (liburcu's thread): {rcu:,} "
              f"instructions, {rcu / areas:,.0f} per area freed")

    if label:
        for op, section, unit, n, cost, alloc in summary:
            print(f"#sum\t{label}\t{op}\t{section}\t{unit}\t{n}\t"
                  f"{cost / n:.0f}\t{(cost - alloc) / n:.0f}")
        if rcu and areas:
            print(f"#sum\t{label}\tmt_free_rcu\tall\tarea\t{areas}\t"
                  f"{rcu / areas:.0f}\t0")

    if tables:
        boring = re.compile(r"^(\(below main\)|main|__libc_start.*|0x[0-9a-f]+"
                            r"|start_thread|clone3?|vb_[a-z_]+)$")
        for title, table in (("inclusive", incl_b), ("self", self_b)):
            print(f"\ntop {top} by {title} count:")
            shown = 0
            for f, cost in table.most_common():
                if boring.match(f):
                    continue
                print(f"{cost:>14,} {100.0 * cost / prof.total:6.2f}%  {f}")
                shown += 1
                if shown == top:
                    break


if __name__ == "__main__":
    main()
