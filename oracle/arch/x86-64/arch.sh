# SPDX-License-Identifier: GPL-2.0-only
# x86-64 hooks for build.sh (sourced). The server is a native static
# program; the kernel objects are those of x86_64_defconfig plus what the
# variant asks for:
#   5level  CONFIG_X86_5LEVEL=y: p4d folded at run time. `mm 5` runs with
#           LA57 on (pgdir_shift 48, ptrs_per_p4d 512), `mm 4` with LA57
#           off (pgdir_shift 39, ptrs_per_p4d 1), as check_la57_support()
#           in arch/x86/kernel/head64.c leaves them on either kind of CPU.
#   4level  CONFIG_X86_5LEVEL=n: p4d folded at build time (pgtable-nop4d.h).
karch=x86_64
cross=
call_reloc='^R_X86_64_PLT32$'   # call/jmp rel32: how kernel code calls a function

arch_check_tools() {
	[ "$(uname -m)" = x86_64 ] ||
		fail2 "the x86-64 oracle runs natively: build it on an x86-64 host"
	command -v gcc >/dev/null || fail2 "no gcc: install gcc"
}

arch_check_variant() {
	case $1 in
	5level|4level) ;;
	*) fail2 "unknown x86-64 variant '$1' (pass --variant 5level or --variant 4level)" ;;
	esac
	# Both variants need the choice; trees that made 5-level paging
	# unconditional no longer have it.
	grep -q '^config X86_5LEVEL$' "$tree/arch/x86/Kconfig" ||
		fail2 "$tree has no CONFIG_X86_5LEVEL choice: the x86-64 variants need it"
}

# x86_64_defconfig, and:
# - STACKPROTECTOR off: the canary is %gs:40 (fixed_percpu_data), and with
#   the user gs base 0 that is guest page 0, which a non-root user cannot
#   map (vm.mmap_min_addr). It only adds a canary check to each frame.
# - DEBUG_SECTION_MISMATCH on: its only effect on code is
#   -fno-inline-functions-called-once, which keeps the fast walk
#   (gup_pgd_range, 6.12 gup_fast_pgd_range) a function of its own, as the
#   s390 defconfig does.
# - the variant's X86_5LEVEL.
# Left as they are: PARAVIRT (without PARAVIRT_XXL irq flags and page-table
# accessors are the native ones), retpolines and return thunks (the glue
# gives the thunks their plain meaning), PREEMPT_RCU (the glue provides the
# read side), PAGE_TABLE_ISOLATION (X86_FEATURE_PTI stays clear at run time).
arch_config() {
	kconfig -d STACKPROTECTOR -d STACKPROTECTOR_STRONG -e DEBUG_SECTION_MISMATCH
	if [ "$1" = 5level ]; then kconfig -e X86_5LEVEL; else kconfig -d X86_5LEVEL; fi
	run "${K[@]}" olddefconfig
	local want=5; [ "$1" = 4level ] && want=4
	has CONFIG_PGTABLE_LEVELS=$want ||
		{ echo "build.sh: step 'config' failed: variant $1 did not give CONFIG_PGTABLE_LEVELS=$want, see $kb/.config" >&2; exit 1; }
	has CONFIG_DYNAMIC_MEMORY_LAYOUT=y ||
		{ echo "build.sh: step 'config' failed: no DYNAMIC_MEMORY_LAYOUT (page_offset_base must be a variable), see $kb/.config" >&2; exit 1; }
}

# hugetlbpage.o: the out-of-line pud_huge/pmd_huge of gup_fast (5.9, 6.1;
# 6.12 has none, its gup uses pud_leaf/pmd_leaf, and the object holds only
# the unmapped-area code, never reached).
# vm_get_page_prot (pfn_entry): arch/x86/mm/pgprot.o since the arch took
# protection_map over (6.0), mm/mmap.o before.
arch_objects() {
	local o="arch/x86/mm/hugetlbpage.o"
	if [ -f "$tree/arch/x86/mm/pgprot.c" ]; then
		o="$o arch/x86/mm/pgprot.o"
	else
		o="$o mm/mmap.o"
	fi
	echo "$o"
}

arch_targets() {
	arch_objects
}

# What the glue needs to know about this tree, from its objects and headers.
arch_features() {
	# current in struct pcpu_hot (6.12; read through its const_pcpu_hot
	# alias), not in the per-cpu current_task (5.9, 6.1).
	if nm -u "$kb/mm/gup.o" | grep -qE ' (const_)?pcpu_hot$'; then
		echo "#define KO_X86_PCPU_HOT 1"
	fi
	# set_fs() era (5.9): access_ok() compares with thread.addr_limit.
	grep -q 'mm_segment_t[[:space:]]*addr_limit;' "$tree/arch/x86/include/asm/processor.h" &&
		echo "#define KO_X86_ADDR_LIMIT 1"
	# 6.12: access_ok() reads USER_PTR_MAX as a runtime constant.
	objdump -h "$kb/mm/gup.o" | grep -q ' runtime_ptr_USER_PTR_MAX ' &&
		echo "#define KO_X86_USER_PTR_MAX 1"
	return 0
}

# kbuild runs objtool on each object (6.1: in the .o.cmd) or, with
# X86_KERNEL_IBT (6.12 defconfig), once on vmlinux.o. Its jump_label hack
# turns every default-off static branch the compiler emitted as `jmp` into a
# NOP; an object that missed it would run every static key as enabled. Run
# that pass (idempotent) on every object we link, the glue included.
arch_fixup() {
	grep -qx 'CONFIG_HAVE_JUMP_LABEL_HACK=y' "$kb/.config" || return 0
	local o
	for o in "$@"; do
		"$kb/tools/objtool/objtool" --hacks=jump_label "$o" || return 1
	done
}

# The fast walk when GCC inlined it into its only caller (6.12 with 4
# levels: gup_fast_pgd_range is small once p4d is folded at build time).
# The same mm/gup.c, compiled with the same command plus
# -fno-inline-small-functions, keeps it a function; only that function is
# used from this copy (renamed ko_x86_fast_walk, everything else local).
arch_fast_walk() {
	local sym
	kcc "$dir/gup-walk.o" "$tree/mm/gup.c" -fno-inline-small-functions >>"$log" 2>&1 || return 1
	for sym in gup_fast_pgd_range gup_pgd_range; do
		nm "$dir/gup-walk.o" | awk -v s=$sym '$3 == s' | grep -q . || continue
		objcopy --redefine-sym $sym=ko_x86_fast_walk \
			--globalize-symbol=ko_x86_fast_walk "$dir/gup-walk.o" &&
		objcopy --keep-global-symbol=ko_x86_fast_walk "$dir/gup-walk.o" ||
			return 1
		walk=ko_x86_fast_walk
		extra_objs="$dir/gup-walk.o"
		return 0
	done
	return 1
}

arch_run_script() {
	cat <<SH
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Generated by oracle/build.sh: the x86-64 oracle server, native.
exec $1 "\$@"
SH
}
