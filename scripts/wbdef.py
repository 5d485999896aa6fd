#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The workbench's definitions (configs/workbench.def): arches, variants
and make variables, for the shell scripts and for wbresults.

    wbdef.py shell          bash code that scripts/lib.sh evaluates
    wbdef.py vars           the make variables' names, one line
    wbdef.py help           make help's list of variables
    wbdef.py readme-table   the README's table of variables (markdown)
    wbdef.py check-readme [README]
                            exit 1 if the README's table is not that one
"""
import configparser
import os
import re
import shlex
import sys
import textwrap

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(TOP, "configs", "workbench.def")
README = os.path.join(TOP, "README.md")
ARCH_KEYS = ("kernel_arch", "cross_compile", "image", "console", "qemu",
             "libdir", "packages")
VARIANT_KEYS = ("maple", "series", "config", "kunit", "about")
VAR_KEYS = ("default", "help")
README_HEADER = "| variable | default | what |\n| --- | --- | --- |\n"


class DefError(Exception):
    """configs/workbench.def says something the workbench cannot use."""


def _section(parser, name, keys):
    """The keys of one section, each present and no other; values with
    their continuation lines joined by single spaces."""
    sec = parser[name]
    missing = [k for k in keys if k not in sec]
    extra = [k for k in sec if k not in keys]
    if missing or extra:
        raise DefError(f"[{name}]: missing {missing}, unknown {extra}")
    return {k: " ".join(sec[k].split()) for k in keys}


def load(path=DEF):
    """{"arch": {name: fields}, "variant": {...}, "var": {...}}, each in
    the file's order."""
    parser = configparser.ConfigParser(interpolation=None,
                                       empty_lines_in_values=False)
    parser.optionxform = str
    with open(path) as f:
        parser.read_file(f)
    defs = {"arch": {}, "variant": {}, "var": {}}
    keys = {"arch": ARCH_KEYS, "variant": VARIANT_KEYS, "var": VAR_KEYS}
    for name in parser.sections():
        kind, _, what = name.partition(" ")
        if kind not in defs or not re.fullmatch(r"[A-Za-z0-9_]+", what):
            raise DefError(f"[{name}]: not [arch NAME], [variant NAME] "
                           "or [var NAME]")
        defs[kind][what] = _section(parser, name, keys[kind])
    for v, f in defs["variant"].items():
        if f["maple"] not in ("upstream", "ours"):
            raise DefError(f"[variant {v}]: maple is upstream or ours")
        if f["series"] not in ("yes", "no"):
            raise DefError(f"[variant {v}]: series is yes or no")
    if not defs["arch"] or not defs["variant"]:
        raise DefError("no arch or no variant")
    return defs


def variant_order(defs=None):
    """The variants, the baseline first."""
    return list((defs or load())["variant"])


def variant_suites(defs=None):
    """KUnit suites that only some variants' trees have: {suite: {variant}}."""
    suites = {}
    for v, f in (defs or load())["variant"].items():
        for s in f["kunit"].split():
            suites.setdefault(s, set()).add(v)
    return suites


def shell(defs):
    """bash: ALL_ARCHES, ALL_VARIANTS and an associative array per kind
    keyed NAME.FIELD (WB_ARCH[arm64.image], WB_VARIANT[ours.maple])."""
    out = [f"ALL_ARCHES={shlex.quote(' '.join(defs['arch']))}",
           f"ALL_VARIANTS={shlex.quote(' '.join(defs['variant']))}",
           f"WB_BASELINE={shlex.quote(next(iter(defs['variant'])))}"]
    for kind, var in (("arch", "WB_ARCH"), ("variant", "WB_VARIANT")):
        out.append(f"declare -gA {var}=(")
        for name, fields in defs[kind].items():
            for k, v in fields.items():
                out.append(f"\t[{name}.{k}]={shlex.quote(v)}")
        out.append(")")
    return "\n".join(out) + "\n"


def plain(text):
    """Help text as make help prints it: no markdown backquotes."""
    return text.replace("`", "")


def make_help(defs):
    """make help's variables, wrapped as the rest of it is."""
    lines = ["Variables (make TARGET VAR=value; the README has them too):"]
    for name, f in defs["var"].items():
        text = f"{plain(f['help'])} (default: {plain(f['default'])})"
        lines += textwrap.wrap(text, 78, initial_indent=f"  {name:<18}",
                               subsequent_indent=" " * 20)
    return "\n".join(lines) + "\n"


def readme_table(defs):
    """The README's table of variables."""
    rows = [f"| `{name}` | {f['default']} | {f['help']} |"
            for name, f in defs["var"].items()]
    return README_HEADER + "\n".join(rows) + "\n"


def check_readme(defs, path=README):
    """The README's table of variables, or None if it has none."""
    with open(path) as f:
        text = f.read()
    start = text.find(README_HEADER)
    if start < 0:
        return None
    end = text.find("\n\n", start)
    return text[start:end + 1 if end >= 0 else len(text)]


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    try:
        defs = load()
    except (DefError, configparser.Error) as e:
        sys.exit(f"configs/workbench.def: {e}")
    cmd = argv[1]
    if cmd == "shell":
        sys.stdout.write(shell(defs))
    elif cmd == "vars":
        print(" ".join(defs["var"]))
    elif cmd == "help":
        sys.stdout.write(make_help(defs))
    elif cmd == "readme-table":
        sys.stdout.write(readme_table(defs))
    elif cmd == "check-readme":
        path = argv[2] if len(argv) > 2 else README
        have, want = check_readme(defs, path), readme_table(defs)
        if have != want:
            sys.exit(f"{path}: its table of variables is not configs/"
                     "workbench.def's: replace it with the output of "
                     "python3 scripts/wbdef.py readme-table")
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
