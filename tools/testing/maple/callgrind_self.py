#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""callgrind_self.py DUMP [N]: the N (default 10) functions of one
callgrind dump of bench-callgrind with the most instructions of their own
(self cost, calls excluded), most first.

bench_callgrind.sh writes uncompressed dumps that switch collection on
and off around each measured bracket; callgrind_annotate then credits
everything to the program's entry, so this reads the dump itself: a cost
line after "fn=" is that function's own, a cost line after "calls=" is the
inclusive cost of a call and is skipped."""
import collections
import re
import sys

COST = re.compile(r"^(?:[+-]?\d+|\*) (\d+)$")


def self_costs(path):
    """Counter of function name -> instructions of its own."""
    cost, fn, call_line = collections.Counter(), None, False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("fn="):
                fn, call_line = line[3:], False
            elif line.startswith("calls="):
                call_line = True
            else:
                m = COST.match(line)
                if m and fn:
                    if call_line:
                        call_line = False
                    else:
                        cost[fn] += int(m.group(1))
    return cost


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: callgrind_self.py DUMP [N]")
    n = int(sys.argv[2]) if len(sys.argv) == 3 else 10
    cost = self_costs(sys.argv[1])
    print(f"{sum(cost.values()):>14,}  total")
    for name, ir in cost.most_common(n):
        print(f"{ir:>14,}  {name}")


if __name__ == "__main__":
    main()
