#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Model of vmalloc's size pools under random_size_alloc_test.

Each iteration takes an area of a random size class from its pool (a miss
when the pool is empty: a gap search and a tree store in the series) and
frees it lazily; every PER iterations a purge first decays each pool by
the rule under test, then puts the lazily freed areas back in their pools
(a decayed area is a tree erase). Batches, alignment and the second node
are left out. Prints, per rule, the misses and the decays per allocation
and the areas left pooled at the end.

  patches/measure/pool-decay-sim.py [CYCLES [PER [SIZES [SEED]]]]

Defaults: 3000 purges, 330 allocations a purge (lazy_max_pages() at 2
CPUs, 16384 pages, over test_vmalloc's 1-100 pages plus a guard page),
100 size classes, seed 1.
"""
import random
import sys


def rb_quarter(length, low):
    """6.12: a quarter of the pool; under four areas, all of it."""
    n = length >> 2
    return length if n == 0 else n


def all_unused(length, low):
    """Patch 7 before 2026-12-05: all that sat unused since the last decay."""
    return length if low is None else low


def quarter_unused(length, low):
    """Patch 7 now: a quarter of the unused, all of an untouched pool."""
    return length if low is None else low // 4


def half_unused(length, low):
    return length if low is None else low // 2


def quarter_unused_round_up(length, low):
    return length if low is None else (low + 3) // 4


RULES = [
    ("6.12: a quarter of the pool", rb_quarter),
    ("all of the unused", all_unused),
    ("half of the unused", half_unused),
    ("a quarter of the unused", quarter_unused),
    ("a quarter of the unused, rounded up", quarter_unused_round_up),
]


def simulate(rule, cycles, per, sizes, seed):
    rng = random.Random(seed)
    pool = [0] * sizes
    low = [None] * sizes  # lowest length since the last decay, None: untouched
    misses = decays = allocs = 0
    for _ in range(cycles):
        freed = [0] * sizes
        for _ in range(per):
            s = rng.randrange(sizes)
            allocs += 1
            if pool[s]:
                pool[s] -= 1
                low[s] = pool[s] if low[s] is None else min(low[s], pool[s])
            else:
                misses += 1
                low[s] = 0
            freed[s] += 1
        for s in range(sizes):
            if pool[s]:
                n = min(rule(pool[s], low[s]), pool[s])
                decays += n
                pool[s] -= n
            low[s] = None
            pool[s] += freed[s]
    return misses / allocs, decays / allocs, sum(pool)


def main():
    args = [int(a) for a in sys.argv[1:]]
    cycles, per, sizes, seed = (args + [3000, 330, 100, 1][len(args):])[:4]
    print(f"{cycles} purges of {per} allocations over {sizes} size classes, seed {seed}\n")
    print("| decay rule | misses / alloc | decays / alloc | pooled at the end |")
    print("| --- | ---: | ---: | ---: |")
    for name, rule in RULES:
        m, d, pooled = simulate(rule, cycles, per, sizes, seed)
        print(f"| {name} | {m:.3f} | {d:.3f} | {pooled} |")


if __name__ == "__main__":
    main()
