#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the workbench needs.  Cheap when all are there.
source "$(dirname "$0")/lib.sh"

PKGS=(linux-source-6.12 qemu-system-x86 qemu-system-arm
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross libc6-dev
      gcc make flex bison bc libelf-dev libssl-dev dwarves ccache cpio
      liburcu-dev python3 git xz-utils rsync kmod perl sparse valgrind)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run:
  apt-get update && $cmd"
fi
say "installing: ${missing[*]}"
log=$BUILD/logs/deps.log
mkdir -p "$BUILD/logs"
run_logged "$log" apt-get update
DEBIAN_FRONTEND=noninteractive run_logged "$log.install" $cmd
say "packages installed (log: $log.install)"
