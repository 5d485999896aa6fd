# SPDX-License-Identifier: GPL-2.0
"""What the tests share: where their sample logs are, and running a
report with its printed output captured."""
import contextlib
import io
import os
import shutil
import tempfile

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def data(*parts):
    """The path of a sample file or dir under tests/data."""
    return os.path.join(DATA, *parts)


def captured(fn, *args, **kwargs):
    """(fn's return value, what it printed)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = fn(*args, **kwargs)
    return rc, out.getvalue()


class RunDirCopy:
    """A sample run dir copied to a temporary dir (collect writes
    results.tsv into the run dir: the samples stay as they are)."""

    def __init__(self, name):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, name)
        shutil.copytree(data(name), self.path)

    def cleanup(self):
        self.tmp.cleanup()
