#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the workbench needs.  Cheap when all are there.
source "$(dirname "$0")/lib.sh"

PKGS=(linux-source-6.12 qemu-system-x86 qemu-system-arm
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross libc6-dev
      gcc make flex bison bc libelf-dev libssl-dev dwarves ccache cpio
      liburcu-dev python3 git xz-utils rsync kmod perl sparse valgrind
      # upstream's mm selftests (scripts/mm-selftests.sh): mlock-random-test
      # links libcap statically, on both arches; the arm64 library comes
      # from Debian's arm64 archive (multiarch, added below)
      libcap-dev libcap-dev:arm64)

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
case " ${missing[*]} " in *:arm64\ *)
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		addarch="dpkg --add-architecture arm64" ;;
esac
if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run:
  ${addarch:+$addarch && }apt-get update && $cmd"
fi
say "installing: ${missing[*]}"
log=$BUILD/logs/deps.log
mkdir -p "$BUILD/logs"
[ -n "$addarch" ] && run_logged "$log.arch" $addarch
run_logged "$log" apt-get update
DEBIAN_FRONTEND=noninteractive run_logged "$log.install" $cmd
say "packages installed (log: $log.install)"
