#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the workbench needs.  Cheap when all are there.
# It runs before python3 may be there: lib.sh must not read
# configs/workbench.def through scripts/wbdef.py, and each arch's
# "packages" line is read here with awk.
WB_NO_DEFS=1
source "$(dirname "$0")/lib.sh"

PKGS=(linux-source-6.12
      gcc make flex bison bc libelf-dev libssl-dev dwarves ccache cpio
      liburcu-dev python3 git xz-utils rsync kmod perl sparse valgrind)
# Each arch's: QEMU, its compiler and C library, and libcap for upstream's
# mm selftests (mlock-random-test links it statically; arm64's comes from
# Debian's arm64 archive, multiarch, added below).
read -ra arch_pkgs <<<"$(awk '/^\[/ { arch = ($1 == "[arch") }
	arch && sub(/^packages *= */, "") { printf "%s ", $0 }' \
	"$TOP/configs/workbench.def")"
[ ${#arch_pkgs[@]} -gt 0 ] || die "configs/workbench.def: no arch has packages"
PKGS+=("${arch_pkgs[@]}")

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
# A package of another architecture (libcap-dev:arm64) needs that
# architecture in dpkg's list first.
addarch=
for p in "${missing[@]}"; do
	a=${p#*:}
	[ "$a" = "$p" ] && continue
	dpkg --print-foreign-architectures | grep -qx "$a" ||
		addarch="${addarch:+$addarch && }dpkg --add-architecture $a"
done
if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run:
  ${addarch:+$addarch && }apt-get update && $cmd"
fi
say "installing: ${missing[*]}"
log=$BUILD/logs/deps.log
mkdir -p "$BUILD/logs"
[ -n "$addarch" ] && run_logged "$log.arch" bash -c "$addarch"
run_logged "$log" apt-get update
DEBIAN_FRONTEND=noninteractive run_logged "$log.install" $cmd
say "packages installed (log: $log.install)"
