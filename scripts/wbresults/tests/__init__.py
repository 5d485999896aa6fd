# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/wbresults (python3 unittest, standard library only):
make test-results, or from scripts/:
python3 -m unittest discover -s wbresults/tests -t ."""
