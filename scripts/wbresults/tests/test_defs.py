# SPDX-License-Identifier: GPL-2.0
"""configs/workbench.def, read by scripts/wbdef.py: what the scripts and
the reports get from it, and the README's table of variables."""
import os
import re
import subprocess
import tempfile
import textwrap
import unittest

import wbdef

SCRIPTS = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def load_text(text):
    """wbdef.load of a definition file holding text."""
    with tempfile.NamedTemporaryFile("w", suffix=".def") as f:
        f.write(textwrap.dedent(text))
        f.flush()
        return wbdef.load(f.name)


GOOD = """
    [arch a1]
    kernel_arch = a1
    cross_compile = a1-linux-
    image = boot/Image
    console = ttyX0
    qemu = qemu-system-a1 -machine m
    libdir = /usr/lib/a1
    packages = qemu-system-a1

    [variant base]
    maple = upstream
    series = no
    config =
    kunit =
    about = the baseline

    [variant new]
    maple = ours
    series = yes
    config = new.config
    kunit = suite_a suite_b
    about = ours
      on two lines

    [var LOOPS]
    default = `5`
    help = loops,
    	on two lines
    """


class Definitions(unittest.TestCase):

    def test_the_repository_file_loads(self):
        defs = wbdef.load()
        self.assertEqual(wbdef.variant_order(defs)[0], "rb")
        self.assertIn("x86_64", defs["arch"])
        self.assertIn("arm64", defs["arch"])

    def test_fields_and_order(self):
        defs = load_text(GOOD)
        self.assertEqual(wbdef.variant_order(defs), ["base", "new"])
        self.assertEqual(defs["variant"]["new"]["about"], "ours on two lines")
        self.assertEqual(defs["var"]["LOOPS"]["help"], "loops, on two lines")
        self.assertEqual(wbdef.variant_suites(defs),
                         {"suite_a": {"new"}, "suite_b": {"new"}})

    def test_missing_field_is_an_error(self):
        with self.assertRaisesRegex(wbdef.DefError, "missing.*libdir"):
            load_text(GOOD.replace("libdir = /usr/lib/a1", ""))

    def test_unknown_field_is_an_error(self):
        with self.assertRaisesRegex(wbdef.DefError, "unknown.*colour"):
            load_text(GOOD + "colour = red\n")

    def test_bad_maple_is_an_error(self):
        with self.assertRaisesRegex(wbdef.DefError, "upstream or ours"):
            load_text(GOOD.replace("maple = ours", "maple = theirs"))

    def test_unknown_kind_is_an_error(self):
        with self.assertRaisesRegex(wbdef.DefError, "not \\[arch NAME\\]"):
            load_text(GOOD + "[machine m]\nx = 1\n")

    def test_shell_reads_back_in_bash(self):
        code = wbdef.shell(load_text(GOOD))
        out = subprocess.run(
            ["bash", "-c", code + 'echo "$ALL_ARCHES|$ALL_VARIANTS|'
             '$WB_BASELINE|${WB_ARCH[a1.qemu]}|${WB_VARIANT[new.kunit]}|'
             '${WB_ARCH[a1.cross_compile]}"'],
            capture_output=True, text=True, check=True).stdout
        self.assertEqual(out, "a1|base new|base|qemu-system-a1 -machine m|"
                         "suite_a suite_b|a1-linux-\n")

    def test_help_has_every_variable_without_markdown(self):
        defs = load_text(GOOD)
        text = wbdef.make_help(defs)
        self.assertIn("LOOPS", text)
        self.assertIn("(default: 5)", text)
        self.assertNotIn("`", text)

    def test_readme_table_is_the_definitions(self):
        # The README's table of variables is written from the file:
        # a variable added, renamed or redocumented there must be so here.
        self.assertEqual(wbdef.check_readme(wbdef.load()),
                         wbdef.readme_table(wbdef.load()))

    def test_readme_check_catches_a_stale_table(self):
        defs = load_text(GOOD)
        with tempfile.NamedTemporaryFile("w", suffix=".md") as f:
            f.write("# x\n\n" + wbdef.readme_table(defs).replace(
                "loops, on two lines", "loops") + "\nmore\n")
            f.flush()
            self.assertNotEqual(wbdef.check_readme(defs, f.name),
                                wbdef.readme_table(defs))

    def test_every_make_variable_the_scripts_read_is_defined(self):
        # A variable a script takes from make's environment with a default
        # (${NAME:-...}) and that the Makefile passes on is documented.
        names = set(wbdef.load()["var"])
        found = set()
        for f in os.listdir(SCRIPTS):
            if f.endswith(".sh"):
                with open(os.path.join(SCRIPTS, f)) as fh:
                    found |= set(re.findall(
                        r"\$\{((?:TEST|BENCH|FAULT|MMSEL|CHECK|PROFILE|"
                        r"RUN|UPSTREAM)_[A-Z_]+):-", fh.read()))
        # MMSEL_LONG is suite.sh's word to boot.sh, not the user's.
        self.assertEqual(found - names - {"MMSEL_LONG"}, set())


if __name__ == "__main__":
    unittest.main()
