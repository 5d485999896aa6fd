# SPDX-License-Identifier: GPL-2.0
"""Where the workbench's tree, build and lists are."""
import os

# scripts/wbresults/paths.py: the tree is two levels up.
TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
CONFIGS = os.path.join(TOP, "configs")
MMSEL_LIST = os.path.join(TOP, "guest", "mm_selftests.list")
