#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test as on a new machine, timed: cold-test.sh [DIR]
#
# Clones this checkout's HEAD into DIR (default /tmp/wb-cold; it must not
# exist) and runs "time make test" there with an empty ccache
# (CCACHE_DIR=DIR/ccache) and no build/: every kernel, tool and test is
# built from nothing.  The Debian packages are not removed: make deps then
# only checks them.  The log is DIR/cold-make-test.log; the last lines are
# make test's verdict and the time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/wb-cold}

[ ! -e "$dir" ] || { echo "error: $dir exists: give a new directory" >&2; exit 1; }
mkdir -p "$dir/ccache"
git clone -q "$top" "$dir/main"
git -C "$dir/main" log --oneline -1
log=$dir/cold-make-test.log
echo "==> time make test in $dir/main, CCACHE_DIR=$dir/ccache (log: $log)"
rc=0
( cd "$dir/main" && export CCACHE_DIR=$dir/ccache &&
  { time make test; } ) >"$log" 2>&1 || rc=$?
tail -n 6 "$log"
exit "$rc"
