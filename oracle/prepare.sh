#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# prepare.sh [--no-build]
#
# Prepares what the real-code tests need on a Debian machine: the packages
# (s390x, aarch64 and riscv64 cross compilers, qemu-user, kbuild's tools,
# Debian's linux-source-6.1 and linux-source-6.12), the two trees unpacked
# into the cache without what no oracle build reads (other architectures,
# Documentation, driver, network, file-system and sound sources), and the
# oracle builds of both trees for s390, x86-64 and riscv64, and of 6.12 for
# arm64 (its models begin with 6.8). Every step is skipped when already done.
# Needs root for apt-get only. Prints one line per step on stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/pgtable-invariants
trees=$cache/trees
build=yes
[ "${1-}" = --no-build ] && build=no

say() { echo "prepare.sh: $*" >&2; }

# ---- packages ---------------------------------------------------------------
packages=(make gcc bc bison flex libelf-dev libssl-dev xz-utils
	gcc-s390x-linux-gnu libc6-dev-s390x-cross gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	qemu-user linux-source-6.1 linux-source-6.12)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages: ${missing[*]}: run as root, or apt-get install them"
		exit 2
	fi
	say "installing ${missing[*]}"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- trees ------------------------------------------------------------------
# The builds configure from arch/{s390,x86,arm64,riscv}, read every Kconfig and Makefile
# (crypto/Kconfig sources every arch's), the headers, scripts/, tools/
# (objtool) and the mm/, kernel/, lib/ and init/ sources they compile or take
# offsets from; nothing else.
mkdir -p "$trees"
unpack() {
	local v=$1 dest=$trees/linux-$1
	[ -f "$dest/.unpacked" ] && return 0
	say "unpacking linux-source-$v into $dest"
	rm -rf "$dest" "$dest.tmp"
	mkdir -p "$dest.tmp"
	tar -xf "/usr/src/linux-source-$v.tar.xz" -C "$dest.tmp" --strip-components=1 \
		--exclude='*/Documentation/*/*' --exclude='*/samples/*.c' --exclude='*/tools/testing/*' \
		--exclude='*/LICENSES/*' --exclude='*/sound/*.c' --exclude='*/net/*.c' \
		--exclude='*/drivers/*.c' --exclude='*/fs/*.c' --exclude='*/crypto/*.c' \
		--exclude='*/drivers/gpu/drm/amd/include/*' \
		$(for a in alpha arc arm csky hexagon ia64 loongarch m68k microblaze mips nios2 \
			openrisc parisc powerpc sh sparc um xtensa; do
			printf -- "--exclude=*/arch/%s/*.[chS] --exclude=*/arch/%s/boot/* " "$a" "$a"
		done) || { say "could not unpack /usr/src/linux-source-$v.tar.xz"; return 1; }
	mv "$dest.tmp" "$dest" && touch "$dest/.unpacked"
}
# Both at once: xz decompression is one core's work.
unpack 6.1 & first=$!
unpack 6.12 || exit 1
wait "$first" || exit 1

[ "$build" = yes ] || exit 0

# ---- oracle builds -----------------------------------------------------------
# One tree's builds after another, the trees side by side: their serial
# steps (configuration, helper probes, link) overlap the other's make. The
# arm64 builds of 6.12 (one per granule and VA size) are a third line.
build_tree() {
	local v=$1 target
	shift
	for target in "$@"; do
		set -- $target
		bash "$here/build.sh" --tree "$trees/linux-$v" --arch "$1" --variant "$2" >/dev/null || return 1
	done
}
pids=()
for v in 6.1 6.12; do
	build_tree "$v" "s390 default" "x86-64 4level" "x86-64 5level" "riscv64 default" &
	pids+=($!)
done
build_tree 6.12 "arm64 16k-52" "arm64 4k-52" "arm64 4k-48" "arm64 16k-47" "arm64 64k-42" "arm64 64k-52" &
pids+=($!)
for pid in "${pids[@]}"; do
	wait "$pid" || { say "an oracle build failed (build.sh named the step and its log above)"; exit 1; }
done
say "ready: $(ls -d "$trees"/linux-* | tr '\n' ' ')"
