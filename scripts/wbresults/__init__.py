# SPDX-License-Identifier: GPL-2.0
"""The workbench's results: guest console logs turned into verdicts,
tables and reports.  scripts/results.py is the command line; the jobs are
split by module:

  paths       where the tree, the build and the lists are
  consolelog  reading a console log: the WB-* lines our /init prints
  checks      results.py check: the verdict on one boot
  mmsel       upstream's mm selftests: the list, their problems and rows
  rows        results.py collect: console logs -> results.tsv
  table       the one table writer (markdown tables)
  stats       the one median
  templates   report prose, kept in templates.txt
  test_report results.py test-report
  bench       results.py bench-report
  sweep       results.py sweep-report (make bench-sweep)
  profile     results.py profile-save and profile-report

tests/ holds their tests and sample console logs (make test-results), and
tests/mutate.py, which breaks the code on purpose to show the tests fail.
"""
