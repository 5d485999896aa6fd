#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build upstream's mm selftests for the guest: mm-selftests.sh ARCH
#
# Builds the tests that guest/mm_selftests.list marks "run" or "long" for
# ARCH from
# the base tree's tools/testing/selftests/mm, each linked statically, as
# upstream's Makefile compiles them (its CFLAGS, vm_util.c and
# thp_settings.c with every test, the extra sources and libraries the list
# names), against the base tree's own UAPI headers (make headers_install,
# in build/, so the host's older linux-libc-dev does not matter).  The
# compiler is the one the guest programs use (scripts/lib.sh's guest_cc).
# Output: build/mm-selftests/ARCH/bin/NAME; a test is built again when its
# sources, the list or this script are newer than its binary.  Prints the
# paths of the tests' binaries, one a line.  MMSEL_TESTS="NAME ...": only
# those (they must be in the list for ARCH); else MMSEL_LONG=0: only the
# "run" ones (make test).  On a failure the log is kept: build/logs/mm-selftests-ARCH.log.
source "$(dirname "$0")/lib.sh"

arch=${1:?usage: mm-selftests.sh ARCH}
check_arch "$arch"
list=$TOP/guest/mm_selftests.list
src=$BASE_TREE/tools/testing/selftests/mm
out=$BUILD/mm-selftests/$arch
bin=$out/bin
log=$BUILD/logs/mm-selftests-$arch.log
cc=$(guest_cc "$arch")

[ -d "$src" ] || die "$src missing: make base first"
mkdir -p "$bin" "$out/inc/sys" "$(dirname "$log")"
# Two boots of one arch may start at once (scripts/suite.sh): one builds,
# the other waits for it and then finds the tests up to date.
exec {lock_fd}>"$out/.lock"
flock "$lock_fd"
: >"$log"

# mm_selftests_list ARCH: the "run" and "long" lines for ARCH, without the
# keyword: NAME [SOURCE.c ...] [-lLIB ...]
mm_selftests_list() {
	awk -v arch="$1" '
		/^[[:space:]]*(#|$)/ { next }
		$1 == "run" || $1 == "run:" arch || $1 == "long" || $1 == "long:" arch {
			$1 = ""; sub(/^ /, ""); print
		}
	' "$list"
}

# The base tree's UAPI headers for the arch, once (the base does not change
# under a build/ directory).
hdr=$out/usr
if [ ! -f "$hdr/.done" ]; then
	say "mm selftests ($arch): the base tree's UAPI headers"
	rm -rf "$hdr" "$out/khdr"
	run_logged "$log" make -C "$BASE_TREE" O="$out/khdr" ARCH="$arch" \
		HOSTCC=gcc INSTALL_HDR_PATH="$hdr" headers_install
	touch "$hdr/.done"
fi
# mlock-random-test's <sys/capability.h> (libcap-dev, arch independent):
# the cross compiler does not search the host's /usr/include, and must not
# get all of it, so it sees this one header through a directory of its own.
ln -sfn /usr/include/sys/capability.h "$out/inc/sys/capability.h"
# upstream's check_config.sh writes local_config.h (liburing or not) into
# the source tree; the tests built here do not use liburing.
echo "/* no liburing: see scripts/mm-selftests.sh */" >"$out/inc/local_config.h"

libdir=$(arch_field "$arch" libdir)
cflags=(-static -Wall -O2 -D_GNU_SOURCE= -U_FORTIFY_SOURCE
	-Wno-address-of-packed-member -I "$BASE_TREE" -I "$out/inc"
	-isystem "$hdr/include" -isystem "$BASE_TREE/tools/include/uapi")

mapfile -t lines < <(mm_selftests_list "$arch")
want=${MMSEL_TESTS:-}
if [ -n "$want" ]; then
	for t in $want; do
		printf '%s\n' "${lines[@]}" | awk -v t="$t" '$1 == t { f = 1 } END { exit !f }' ||
			die "MMSEL_TESTS: $t is not a test guest/mm_selftests.list runs on $arch"
	done
elif [ "${MMSEL_LONG:-1}" = 0 ]; then	# make test: the "run" ones only
	want=$(awk -v arch="$arch" '$1 == "run" || $1 == "run:" arch { print $2 }' "$list" | tr '\n' ' ')
fi
n=0 built=0 paths=()
for line in "${lines[@]}"; do
	read -r name extra <<<"$line"
	[ -n "$want" ] && case " $want " in *" $name "*) ;; *) continue;; esac
	n=$((n + 1))
	srcs=("$src/$name.c" "$src/vm_util.c" "$src/thp_settings.c")
	libs=()
	for x in $extra; do
		case $x in
		-lcap)	libs+=("$libdir/libcap.a") ;;	# by path: see -L below
		-l*)	libs+=("$x") ;;
		*.c)	srcs+=("$src/$x") ;;
		*)	die "guest/mm_selftests.list: '$x' (of $name) is neither SOURCE.c nor -lLIB" ;;
		esac
	done
	target=$bin/$name
	paths+=("$target")
	if [ -x "$target" ]; then
		stale=0
		for f in "${srcs[@]}" "$list" "$0"; do
			[ "$f" -nt "$target" ] && stale=1
		done
		[ "$stale" = 0 ] && continue
	fi
	[ -f "$src/$name.c" ] || die "$src/$name.c missing (guest/mm_selftests.list names $name)"
	say "mm selftests ($arch): building $name"
	# -L of the host's multiarch directory would also offer its libc;
	# libcap.a is named by its path instead, the libc stays the compiler's.
	echo "+ $cc ${cflags[*]} ${srcs[*]} ${libs[*]} -lrt -lpthread -lm -o $target" >>"$log"
	if ! "$cc" "${cflags[@]}" "${srcs[@]}" "${libs[@]}" -lrt -lpthread -lm \
			-o "$target.$$" >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "mm selftests ($arch): building $name failed; log: $log"
	fi
	mv "$target.$$" "$target"	# another boot may build it too
	built=$((built + 1))
done
[ "$n" -gt 0 ] || die "no mm selftests to build for $arch"
say "mm selftests ($arch): $n tests, $built built now, $((n - built)) up to date (in $bin)"
printf '%s\n' "${paths[@]}"
