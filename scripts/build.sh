#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel: build.sh VARIANT ARCH FLAVOUR
# Out of tree (O=) in build/<variant>/linux/obj-<arch>-<flavour>, with ccache.  The
# config is tinyconfig + configs/{base,<arch>,kunit,<flavour>}.config (the
# prof flavour: perf.config then prof.config; see flavour_configs), plus
# configs/<variant>.config if there is one (options only that variant's tree
# has), and every option the fragments ask for is checked in the result.
# CONFIG_ONLY=1: only make the tree and the .config (make check-series
# needs mt's config, not a kernel it would build beside make test's).
source "$(dirname "$0")/lib.sh"

variant=${1:?usage: build.sh VARIANT ARCH FLAVOUR}
arch=${2:?usage: build.sh VARIANT ARCH FLAVOUR}
flavour=${3:?usage: build.sh VARIANT ARCH FLAVOUR}
check_variant "$variant"; check_arch "$arch"; check_flavour "$flavour"
# The tree is compiled under its lock held shared and remade (variant.sh)
# under it held exclusively; the lock is let go in between, so the tree is
# checked again once shared.
while lock_variant "$variant" -s && ! "$TOP/scripts/variant.sh" --check "$variant"; do
	unlock_variant "$variant"
	"$TOP/scripts/variant.sh" "$variant"
done
tree=$(variant_tree "$variant")
obj=$(obj_dir "$variant" "$arch" "$flavour")
name=$variant-$arch-$flavour
log=$BUILD/logs/build-$name.log
frags=("$TOP/configs/base.config" "$TOP/configs/$arch.config"
       "$TOP/configs/kunit.config")
for f in $(flavour_configs "$flavour"); do
	frags+=("$TOP/configs/$f.config")
done
mkdir -p "$obj" "$BUILD/logs"
lock_kernel "$name"
# A variant's own fragment (configs/workbench.def's "config") joins the
# list, and so the config_id below, which hashes every fragment.  With
# SERIES_UPTO, the tree may lack options that the series adds (patch 2 adds
# the vmalloc_index suite): those are left out, and said so, instead of
# failing the check.
vconfig=$(variant_field "$variant" config)
if [ -n "$vconfig" ]; then
	[ -f "$TOP/configs/$vconfig" ] ||
		die "configs/workbench.def: variant $variant's config configs/$vconfig is missing"
	vfrag=$TOP/configs/$vconfig
	if [ -n "$(series_upto)" ]; then
		vfrag=$obj/wb-$variant.config
		: >"$vfrag"
		while IFS= read -r line; do
			sym=$(sed -n 's/^\(# \)\{0,1\}CONFIG_\([A-Za-z0-9_]*\)[= ].*/\2/p' <<<"$line")
			if [ -n "$sym" ] && ! git -C "$tree" grep -qE "^[[:space:]]*(menu)?config $sym\$" -- '*Kconfig*'; then
				say "$name: leaving out CONFIG_$sym of configs/$vconfig: not in this tree (SERIES_UPTO=$SERIES_UPTO)"
				continue
			fi
			printf '%s\n' "$line" >>"$vfrag"
		done <"$TOP/configs/$vconfig"
	fi
	frags+=("$vfrag")
fi
: >"$log"

# Options that the fragments set, last one wins: "CONFIG_X=y" or "CONFIG_X=n".
wanted_options() {
	sed -n 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)$/\1/p; s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' \
		"${frags[@]}" | awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }' | sort
}

check_config() {
	local bad=() opt want have
	while IFS='=' read -r opt want; do
		have=$(sed -n "s/^$opt=\(.*\)$/\1/p" "$obj/.config")
		[ -z "$have" ] && have=n
		[ "$have" = "$want" ] || bad+=("$opt: asked $want, got $have")
	done < <(wanted_options)
	if [ ${#bad[@]} -gt 0 ]; then
		printf '  %s\n' "${bad[@]}" >&2
		die "$name: the config does not have what configs/ asks for (log: $log)"
	fi
}

config_id=$( (cat "${frags[@]}"; git -C "$tree" rev-parse HEAD) | sha256sum | cut -c1-16)
if [ "$(cat "$obj/.config-id" 2>/dev/null)" != "$config_id" ]; then
	say "$name: configuring"
	run_logged "$log" kmake "$arch" "$tree" "$obj" tinyconfig
	run_logged "$log.merge" "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${frags[@]}"
	run_logged "$log" kmake "$arch" "$tree" "$obj" olddefconfig
	check_config
	echo "$config_id" >"$obj/.config-id"
fi
[ "${CONFIG_ONLY:-0}" = 1 ] && exit 0

say "$name: building $(cat "$BUILD/$variant/contents") (log: $log)"
start=$(date +%s)
run_progress "$log" "building $name" kmake "$arch" "$tree" "$obj" all
say "$name: built in $(( $(date +%s) - start ))s: $obj/$(kernel_image "$arch")"
