#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The symbols whose ticks differ most between two variants of a make
profile run, per subtest: what RESULTS.md's random_size profile quotes.

    scripts/profile-diff.py RUN_DIR [BASE [OTHER [N]]]

RUN_DIR is a build/results/profile-* directory; BASE and OTHER are
variants (default rb and mt); N lines each way (default 30, 10).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wbresults.profile import profile_results, symbol_label


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    run_dir = argv[1]
    base = argv[2] if len(argv) > 2 else "rb"
    other = argv[3] if len(argv) > 3 else "mt"
    top = int(argv[4]) if len(argv) > 4 else 30
    problems = []
    by = {}
    for arch, v, test, fig in profile_results(run_dir, problems):
        by[(arch, test, v)] = {symbol_label(s): n
                               for s, n in fig["per_sym"].items()}
    for p in problems:
        print(f"warning: {p}")
    for arch, test in sorted({(a, t) for a, t, _ in by}):
        a, b = by.get((arch, test, base)), by.get((arch, test, other))
        if a is None or b is None:
            continue
        syms = sorted(set(a) | set(b),
                      key=lambda s: (-(b.get(s, 0) - a.get(s, 0)), s))
        print(f"== {arch} {test}: ticks of {base} and {other}, by difference")
        for s in syms[:top] + ["..."] + syms[-(top // 3):]:
            if s == "...":
                print("...")
                continue
            print(f"{s:45s} {base} {a.get(s, 0):6d} {other} {b.get(s, 0):6d}"
                  f" {b.get(s, 0) - a.get(s, 0):+6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
