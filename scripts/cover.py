#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fill in a git format-patch cover letter for the vmalloc series.

cover.py COVER_LETTER: replaces the subject and blurb placeholders with
patches/cover.txt (first line: subject; the rest: the blurb), the base, the
latest make bench and make test tables, and how to reproduce them.
"""
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def main(cover):
    text = read(os.path.join(TOP, "patches", "cover.txt"))
    if not text.strip():
        sys.exit("error: patches/cover.txt is missing: its first line is "
                 "the subject, the rest the cover letter's text")
    subject, _, blurb = text.partition("\n")
    base = read(os.path.join(BUILD, "base", "VERSION")).split("\t")
    parts = [blurb.strip(), ""]
    if len(base) >= 3:
        parts += [f"Base: Linux {base[0]} ({base[2].strip()}).", ""]
    bench = read(os.path.join(BUILD, "results", "latest-bench", "bench.md"))
    parts += ["Results (make bench):", "", bench.strip() or "(no bench run yet)",
              ""]
    parts += ["To reproduce: with the workbench at the project's top,",
              "`make test` (debug kernels, KUnit, every test_vmalloc subtest,",
              "x86_64 and arm64) and `make bench`.", ""]
    body = read(cover)
    body = body.replace("*** SUBJECT HERE ***", subject.strip())
    body = body.replace("*** BLURB HERE ***", "\n".join(parts).rstrip())
    with open(cover, "w") as f:
        f.write(body)


if __name__ == "__main__":
    main(sys.argv[1])
