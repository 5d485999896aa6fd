#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per operation from maple_bench's callgrind dumps.

    bench_callgrind.py DUMP...
    bench_callgrind.py --self DUMP [N]


Each dump (valgrind --tool=callgrind --collect-atstart=no
--compress-strings=no, maple_bench --callgrind) holds one operation of one
implementation; its description is "impl <tab> op <tab> entries <tab> count".
Prints a markdown table: instructions per operation, ours, upstream's and
ours/upstream (and after it the same as upstream/ours, a row per operation
and a cell per size, as the README quotes it), all of them and without the
allocator (the shim's slab caches, malloc/free and liburcu's call_rcu():
stand-ins for SLUB and the kernel's RCU whose instruction counts also move a
little from run to run with glibc's heap state), which is the tree code
alone.

With --self: the N (default 10) functions of one dump with the most
instructions of their own (calls excluded), most first.  callgrind_annotate
credits everything in these dumps to the program's entry, because
collection is switched on and off around each measured bracket.
"""
import re
import sys

# Callees whose inclusive cost is the allocator's.  Symbols of the two
# implementations carry the prefix "ours_" or "upstream_".
ALLOCATOR = {"kmem_cache_alloc", "kmem_cache_alloc_bulk", "kmem_cache_free",
             "kmem_cache_free_bulk", "kmalloc", "kzalloc", "kfree",
             "__kmalloc", "urcu_memb_call_rcu", "malloc", "free", "calloc",
             "realloc", "posix_memalign", "aligned_alloc"}


def base(name):
    name = re.sub(r"^(ours|upstream)_", "", name)
    name = re.sub(r"@.*$", "", name)
    return re.sub(r"\.(constprop|isra|part|cold)\.\d+.*$", "", name)


def parse(path):
    """(impl, op, entries, count, total, allocator) of one dump."""
    desc = None
    total = alloc = 0
    fn = cfn = None
    call_cost_next = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("desc: Trigger: Client Request: "):
                desc = line[len("desc: Trigger: Client Request: "):]
            elif line.startswith("summary:"):
                total = int(line.split()[1])
            elif line.startswith("fn="):
                fn = base(line[3:])
            elif line.startswith("cfn="):
                cfn = base(line[4:])
            elif line.startswith("calls="):
                call_cost_next = True
            elif call_cost_next and line and (line[0].isdigit() or line[0] in "+-*"):
                call_cost_next = False
                # The outermost allocator call only.
                if cfn in ALLOCATOR and fn not in ALLOCATOR:
                    parts = line.split()
                    if len(parts) > 1:
                        alloc += int(parts[1])
    if desc is None:
        return None
    fields = desc.split("\t")
    if len(fields) != 4:
        sys.exit(f"bench_callgrind: {path}: unexpected description {desc!r}")
    impl, op, entries, count = fields
    return impl, op, int(entries), int(count), total, alloc


def self_costs(path):
    """{function: instructions of its own} of one dump: a cost line after
    "fn=" is the function's own, the one after "calls=" is a call's
    inclusive cost."""
    cost, fn, call_cost_next = {}, None, False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                fn, call_cost_next = line[3:], False
            elif line.startswith("calls="):
                call_cost_next = True
            elif fn and line and (line[0].isdigit() or line[0] in "+-*"):
                parts = line.split()
                if call_cost_next:
                    call_cost_next = False
                elif len(parts) > 1:
                    cost[fn] = cost.get(fn, 0) + int(parts[1])
    return cost


def print_self(path, n):
    cost = self_costs(path)
    print(f"{sum(cost.values()):>14,}  total")
    for name, ir in sorted(cost.items(), key=lambda kv: -kv[1])[:n]:
        print(f"{ir:>14,}  {name}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--self":
        if len(sys.argv) not in (3, 4):
            sys.exit("usage: bench_callgrind.py --self DUMP [N]")
        print_self(sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 10)
        return
    if len(sys.argv) < 2:
        sys.exit("usage: bench_callgrind.py DUMP... | --self DUMP [N]")
    rows = {}
    order = []
    for path in sys.argv[1:]:
        r = parse(path)
        if r is None:
            continue
        impl, op, entries, count, total, alloc = r
        key = (op, entries)
        if key not in rows:
            rows[key] = {}
            order.append(key)
        if count:
            rows[key][impl] = (total / count, (total - alloc) / count)
    if not order:
        sys.exit("bench_callgrind: no operation dumps found")
    order.sort(key=lambda k: k[1])

    def cell(v):
        return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"

    def ratio(a, b):
        return f"{a / b:.2f}" if b > 0 else "-"

    print("| operation | entries | ours | upstream | ours/upstream "
          "| ours, no alloc | upstream, no alloc | ours/upstream, no alloc |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key in order:
        r = rows[key]
        if "ours" not in r or "upstream" not in r:
            continue
        (o, on), (u, un) = r["ours"], r["upstream"]
        print(f"| {key[0]} | {key[1]} | {cell(o)} | {cell(u)} | {ratio(o, u)} "
              f"| {cell(on)} | {cell(un)} | {ratio(on, un)} |")
    print_speedups(rows, order)


def print_speedups(rows, order):
    """The same as upstream / ours, one row per operation and one cell per
    size: above 1.00 ours is faster, **bold** where it is slower."""
    sizes = sorted({k[1] for k in order}, key=int)
    ops = list(dict.fromkeys(k[0] for k in order))

    def speedups(op, which):
        out = []
        for size in sizes:
            r = rows.get((op, size), {})
            if "ours" not in r or "upstream" not in r or not r["ours"][which]:
                out.append("-")
                continue
            v = r["upstream"][which] / r["ours"][which]
            out.append(f"**{v:.2f}**" if v < 1 else f"{v:.2f}")
        return " / ".join(out)

    names = [str(s) for s in sizes]
    label = " / ".join(f"10^{len(s) - 1}" if s[0] == "1" and
                       set(s[1:]) <= {"0"} and len(s) > 1 else s
                       for s in names)
    print()
    print("Upstream's instructions / ours (above 1.00: ours is faster):")
    print()
    print(f"| operation | all: {label} | no alloc: {label} |")
    print("| --- | --- | --- |")
    for op in ops:
        a, n = speedups(op, 0), speedups(op, 1)
        print(f"| {op} | {a} | {'same' if n == a else n} |")


if __name__ == "__main__":
    main()
