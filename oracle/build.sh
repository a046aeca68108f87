#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build.sh --tree DIR --arch s390|x86-64|arm64|riscv64 [--variant NAME] [--cache DIR]
#
# Builds the oracle server for one kernel tree: configures the tree out of
# tree (O=, the tree itself is never written), builds the tree's own mm
# objects, compiles our kernel-side glue with the exact command kbuild used
# for mm/gup.o, stubs every symbol left undefined and links one static
# program with the user-side server. Architecture specifics live in
# arch/ARCH/arch.sh. Builds are cached; on success prints one line:
#   run=PATH/run server=PATH version=X.Y.Z arch=ARCH variant=NAME
# Exit 2: bad input (one line on stderr saying what to pass or install);
# exit 1: a build step failed (one line naming the step and the log).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tree= arch= variant=default cache=

fail2() { echo "build.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=${2-}; shift 2 || fail2 "--tree needs a directory" ;;
	--arch) arch=${2-}; shift 2 || fail2 "--arch needs s390, x86-64, arm64 or riscv64" ;;
	--variant) variant=${2-}; shift 2 || fail2 "--variant needs a name" ;;
	--cache) cache=${2-}; shift 2 || fail2 "--cache needs a directory" ;;
	*) fail2 "unknown argument '$1' (usage: build.sh --tree DIR --arch s390|x86-64|arm64|riscv64 [--variant NAME] [--cache DIR])" ;;
	esac
done

# ---- input ----------------------------------------------------------------
[ -n "$tree" ] || fail2 "pass --tree DIR, a Linux source tree (5.8 or later)"
[ -d "$tree" ] || fail2 "no such directory: $tree (pass --tree DIR, a Linux source tree)"
tree=$(realpath "$tree")
mkv() { sed -n "s/^$1 *= *//p" "$tree/Makefile" | head -1; }
[ -f "$tree/Makefile" ] && [ -f "$tree/mm/gup.c" ] && [ -n "$(mkv VERSION)" ] ||
	fail2 "$tree is not a Linux kernel tree (no Makefile VERSION or mm/gup.c)"
version="$(mkv VERSION).$(mkv PATCHLEVEL).$(mkv SUBLEVEL)$(mkv EXTRAVERSION)"
[ "$(mkv VERSION)" -gt 5 ] || { [ "$(mkv VERSION)" -eq 5 ] && [ "$(mkv PATCHLEVEL)" -ge 8 ]; } ||
	fail2 "kernel $version is too old: the oracle needs 5.8 or later"
[ -n "$arch" ] || fail2 "pass --arch s390, x86-64, arm64 or riscv64"
[ -f "$here/arch/$arch/arch.sh" ] || fail2 "unsupported arch '$arch' (pass s390, x86-64, arm64 or riscv64)"
# shellcheck source=arch/s390/arch.sh
. "$here/arch/$arch/arch.sh"        # sets karch, cross, call_reloc; arch_* hooks
arch_check_tools                    # fail2 naming the package to install
arch_check_variant "$variant"
# kbuild refuses O= builds from a tree that was configured in place.
if [ -e "$tree/.config" ] || [ -d "$tree/include/config" ] ||
	[ -d "$tree/arch/$karch/include/generated" ]; then
	fail2 "$tree is not clean for O= builds (it has .config or generated files): run 'make mrproper' there or pass a clean copy"
fi
for t in make bc bison flex; do
	command -v $t >/dev/null || fail2 "$t not found: install make bc bison flex libelf-dev libssl-dev"
done

# ---- cache ----------------------------------------------------------------
root=${cache:-${PGTABLE_ORACLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pgtable-invariants/oracle}}
key=$( {
	echo "$tree $version $arch $variant"
	"${cross}gcc" --version | head -1
	# What this build compiles: the common glue and this architecture's, not
	# the other architectures' nor the documents (an edit there rebuilds nothing).
	(cd "$here" && find . "arch/$arch" -maxdepth 1 -type f ! -name '*~' ! -name '*.md' ! -name COPYING ! -name prepare.sh |
		LC_ALL=C sort | xargs sha256sum)
} | sha256sum | cut -c1-24)
dir=$root/$version-$arch-$variant-$key
result() { echo "run=$dir/run server=$dir/server version=$version arch=$arch variant=$variant"; }
[ -f "$dir/ok" ] && { result; exit 0; }
mkdir -p "$dir"
exec 9>"$dir.lock"
flock 9                             # a concurrent build of the same key
[ -f "$dir/ok" ] && { result; exit 0; }

log=$dir/build.log
: >"$log"
step() { cur=$1; echo "build.sh: [$version $arch $variant] $1" >&2; echo "=== $1" >>"$log"; }
run() { "$@" >>"$log" 2>&1 || { echo "build.sh: step '$cur' failed, see $log" >&2; exit 1; }; }
kb=$dir/kbuild
K=(make -C "$tree" O="$kb" ARCH="$karch" CROSS_COMPILE="$cross" -j2 WERROR=0)
kconfig() { run "$tree/scripts/config" --file "$kb/.config" "$@"; }
has() { grep -qx "$1" "$kb/.config"; }

# ---- kernel objects -------------------------------------------------------
step config
run "${K[@]}" defconfig
# What the walk needs: hugetlbfs (pud/pmd leaves) and THP.
kconfig -e HUGETLBFS -e TRANSPARENT_HUGEPAGE
arch_config "$variant"
run "${K[@]}" olddefconfig
has CONFIG_HUGETLB_PAGE=y && has CONFIG_TRANSPARENT_HUGEPAGE=y ||
	{ echo "build.sh: step 'config' failed: no HUGETLB_PAGE/THP in $kb/.config, see $log" >&2; exit 1; }

step modules_prepare
run "${K[@]}" modules_prepare

step objects
# page_alloc.o: the real prep_compound_page() for folios and huge leaves.
common="mm/gup.o mm/pagewalk.o mm/pgtable-generic.o mm/page_alloc.o"
objs="$common $(arch_objects)"
run "${K[@]}" $common $(arch_targets)

# The exact command kbuild ran for mm/gup.o (6.x: a savedcmd_ line), minus
# its dependency file, output and source; cut before any appended tool run.
cmd=$(sed -n 's/^\(saved\)\{0,1\}cmd_mm\/gup\.o := //p' "$kb/mm/.gup.o.cmd" | head -1)
cmd=${cmd%%;*}
cmd=$(echo "$cmd" | sed -e 's/-Wp,-MMD,[^ ]*//' -e 's/ -c -o mm\/gup\.o .*$//')
[ -n "$cmd" ] || { echo "build.sh: step 'features' failed: no command in $kb/mm/.gup.o.cmd" >&2; exit 1; }
# kcc OUT SRC [FLAG...]: that command, on our source (extra flags last).
kcc() { (cd "$kb" && eval "$cmd -I$dir -I$here ${*:3} -c -o $1 $2"); }

# ---- what the tree has (by symbol, not by version) -------------------------
step features
# The fast walk when GCC inlined it: the same mm/gup.c, compiled with the
# same command plus -fno-inline-small-functions, keeps it a function; only
# that function is used from this copy (renamed ko_fast_walk, everything
# else local). Sets walk and extra_objs.
fast_walk_apart() {
	local sym
	kcc "$dir/gup-walk.o" "$tree/mm/gup.c" -fno-inline-small-functions >>"$log" 2>&1 || return 1
	for sym in gup_fast_pgd_range gup_pgd_range; do
		"${cross}nm" "$dir/gup-walk.o" | awk -v s=$sym '$3 == s' | grep -q . || continue
		"${cross}objcopy" --redefine-sym $sym=ko_fast_walk \
			--globalize-symbol=ko_fast_walk "$dir/gup-walk.o" &&
		"${cross}objcopy" --keep-global-symbol=ko_fast_walk "$dir/gup-walk.o" ||
			return 1
		walk=ko_fast_walk
		extra_objs="$dir/gup-walk.o"
		return 0
	done
	return 1
}
nmd() { "${cross}nm" "$kb/$1" | awk -v s="$2" '$3 == s && $2 ~ /[TtDdBbRr]/' | grep -q .; }
{
	echo "/* generated by build.sh */"
	if nmd mm/gup.o gup_fast_pgd_range; then walk=gup_fast_pgd_range
	elif nmd mm/gup.o gup_pgd_range; then walk=gup_pgd_range
	# GCC may inline it into its only caller (x86-64 and arm64 6.12 with
	# the p4d folded at build time: gup_fast_pgd_range is small then).
	elif fast_walk_apart; then :
	# An architecture that selects no HAVE_FAST_GUP (6.12: HAVE_GUP_FAST)
	# has no fast walk at all (riscv before 3f910b7a522e, 6.8):
	# get_user_pages_fast() goes straight to the slow path.
	elif ! grep -qE '^CONFIG_HAVE_(FAST_GUP|GUP_FAST)=y' "$kb/.config"; then walk=
	else echo "build.sh: step 'features' failed: no gup_pgd_range in mm/gup.o" >&2; exit 1; fi
	globals=
	if [ -n "$walk" ]; then
		echo "#define KO_FAST_WALK $walk"
		globals="--globalize-symbol=$walk"
	fi
	if nmd mm/gup.o pin_user_pages_fast_only; then echo "#define KO_HAVE_PIN_FAST_ONLY 1"
	else globals="$globals --globalize-symbol=gup_fast_fallback"; fi
	if nmd mm/pagewalk.o walk_page_range_novma; then echo "#define KO_HAVE_WALK_NOVMA 1"
	else echo "#define KO_HAVE_WALK_DEBUG 1"; fi
	grep -q 'static inline bool hpage_pincount_available' "$tree/include/linux/mm.h" &&
		echo "#define KO_HAVE_HPAGE_PINCOUNT 1"
	grep -q 'atomic_t \*folio_pincount_ptr(' "$tree/include/linux/mm.h" &&
		echo "#define KO_HAVE_FOLIO_PINCOUNT_PTR 1"
	[ "$(type -t arch_features)" != function ] || arch_features
} >"$dir/features.h"    # a group, not a subshell: $globals stays set
cat "$dir/features.h" >>"$log"

step helpers
"$here/helpers.sh" forms "$here/helpers.def" >"$dir/forms"
# An implicit declaration is an error only at its first use in a file, so
# compile the surviving forms again until none fails.
cut -d' ' -f1 "$dir/forms" >"$dir/forms.good"
: >"$dir/forms.bad"
for round in 1 2 3 4 5 6 7 8; do
	awk 'NR == FNR { ok[$1]; next } $1 in ok' "$dir/forms.good" "$dir/forms" >"$dir/forms.try"
	"$here/helpers.sh" probe "$dir/forms.try" >"$dir/probe.c"
	kcc "$dir/probe.o" "$dir/probe.c" >"$dir/probe.log" 2>&1 && break
	LC_ALL=C awk '/In function .*ko_probe_[0-9]+/ { match($0, /ko_probe_[0-9]+/); f = substr($0, RSTART + 9, RLENGTH - 9) }
	     / error: / && f != "" { bad[f] = 1 }
	     END { for (f in bad) print f }' "$dir/probe.log" >"$dir/forms.new"
	[ -s "$dir/forms.new" ] || { echo "build.sh: step 'helpers' failed: the probe does not compile, see $dir/probe.log" >&2; exit 1; }
	cat "$dir/forms.new" >>"$dir/forms.bad"
	grep -vxFf "$dir/forms.new" "$dir/forms.good" >"$dir/forms.tmp" || true
	mv "$dir/forms.tmp" "$dir/forms.good"
done
[ -s "$dir/forms.good" ] || { echo "build.sh: step 'helpers' failed: no helper compiled, see $dir/probe.log" >&2; exit 1; }
"$here/helpers.sh" emit "$dir/forms" "$dir/forms.good" >"$dir/helpers.c"
echo "helpers: $(wc -l <"$dir/forms.good") forms kept, $(wc -l <"$dir/forms.bad") dropped" >>"$log"

step glue
run kcc "$dir/glue.o" "$here/glue.c"
run kcc "$dir/arch-glue.o" "$here/arch/$arch/glue.c"
run kcc "$dir/helpers.o" "$dir/helpers.c"

# ---- stubs and link --------------------------------------------------------
step stubs
run "${cross}objcopy" $globals "$kb/mm/gup.o" "$dir/gup.o"
kobjs="$dir/gup.o ${extra_objs-}"
# Copies, so that arch_fixup may rewrite them without touching kbuild's.
for o in $objs; do
	[ "$o" = mm/gup.o ] && continue
	mkdir -p "$dir/k/${o%/*}"
	cp "$kb/$o" "$dir/k/$o"
	kobjs="$kobjs $dir/k/$o"
done
[ "$(type -t arch_fixup)" != function ] ||
	run arch_fixup $kobjs "$dir/glue.o" "$dir/arch-glue.o" "$dir/helpers.o"
run "${cross}ld" -r -o "$dir/kernel-r.o" $kobjs "$dir/glue.o" "$dir/arch-glue.o" "$dir/helpers.o"
# Left to libc on purpose (same contract in the kernel); the rest is stubbed.
libc="memcpy memmove memset memcmp strlen strnlen strcmp strncmp strcpy _GLOBAL_OFFSET_TABLE_ oracle_stub oracle_vlog"
# oracle_*: the user side's entry points for kernel-side code (arch ones too).
"${cross}nm" -u "$dir/kernel-r.o" | awk '{print $2}' | grep -vxF -f <(tr ' ' '\n' <<<"$libc") |
	grep -v '^oracle_' >"$dir/undefined" || true
"${cross}readelf" -rW "$dir/kernel-r.o" | awk -v re="$call_reloc" '$3 ~ re {print $5}' | sort -u >"$dir/called"
{
	echo "// SPDX-License-Identifier: GPL-2.0-only"
	echo "/* Generated by build.sh: every symbol the kernel objects leave undefined. */"
	echo "void oracle_stub(const char *name) __attribute__((noreturn));"
	while read -r s; do
		if grep -qxF "$s" "$dir/called"; then
			echo "void ko_stub_$s(void); void ko_stub_$s(void) { oracle_stub(\"$s\"); }"
		else
			echo "char ko_stub_$s[65536] __attribute__((aligned(4096)));"
		fi
	done <"$dir/undefined"
} >"$dir/stubs.c"
sed 's/.*/& ko_stub_&/' "$dir/undefined" >"$dir/redefine"
# Only the glue interface stays global: no kernel name can meet libc's.
"${cross}nm" "$dir/kernel-r.o" | awk '$2 ~ /[A-Z]/ && $2 != "U" && $3 ~ /^ko_/ {print $3}' >"$dir/keep"
run "${cross}objcopy" --redefine-syms="$dir/redefine" --keep-global-symbols="$dir/keep" \
	"$dir/kernel-r.o" "$dir/kernel.o"
echo "stubs: $(grep -c '(void) {' "$dir/stubs.c") functions, $(grep -c '^char' "$dir/stubs.c") data" >>"$log"

step link
run "${cross}gcc" -static -O2 -Wall -I"$here" -DKO_VERSION="\"$version\"" -DKO_ARCH="\"$arch\"" \
	-DKO_VARIANT="\"$variant\"" -o "$dir/server" "$here/server.c" "$here/arch/$arch/user.c" \
	"$dir/stubs.c" "$dir/kernel.o"

step run-script
arch_run_script "$dir/server" >"$dir/run"
chmod 755 "$dir/run"
chmod -R a+rX "$dir"
touch "$dir/ok"
result
