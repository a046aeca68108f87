// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side, riscv64: the boot-time state the tree's page-table code reads,
 * set the way a booted kernel has it, with user-space addresses.
 *
 * - `current` is the tp register (asm/current.h), which the C library keeps
 *   as its thread pointer: the user side (arch/riscv64/user.c) puts &ko_task
 *   in tp for every call into this side and its own value back on every way
 *   out (server.c, arch_kernel_enter/leave). The per-cpu offset is
 *   __per_cpu_offset[current_thread_info()->cpu], cpu 0 of a zeroed array:
 *   the per-cpu variables are this program's own.
 * - The satp mode: one CONFIG_PGTABLE_LEVELS=5 kernel folds the p4d and the
 *   pud at run time from the variables set_satp_mode() (arch/riscv/mm/init.c)
 *   leaves behind: `mm 5` is Sv57 (pgtable_l5_enabled, pgtable_l4_enabled),
 *   `mm 4` Sv48 (disable_pgtable_l5(): l5 false), `mm 3` Sv39
 *   (disable_pgtable_l4(): both false), with satp_mode to match. PGDIR_SHIFT,
 *   P4D_SHIFT, VA_BITS, TASK_SIZE and the folded helpers all follow them;
 *   nothing is patched for them (riscv has no alternative or static key on
 *   the mode).
 * - Every ISA extension reads as absent: riscv_has_extension_likely() and
 *   _unlikely() are ALTERNATIVE()s left unpatched, the "no" branch (no
 *   Svnapot, Svpbmt, Svadu, Svvptc, Zicbom).
 * - The linear map: __va(pa) = pa + kernel_map.va_pa_offset, and __pa() of
 *   a linear-map address the reverse. PAGE_OFFSET (kernel_map.page_offset)
 *   and va_pa_offset are 0, so table origins in entries are table-window
 *   addresses (PROTOCOL.md), as x86-64's page_offset_base 0 makes them;
 *   va_kernel_pa_offset 0 makes __pa() the identity for any other address.
 *   vmemmap = VMEMMAP_START - vmemmap_start_pfn, VMEMMAP_START depending on
 *   VA_BITS: vmemmap_start_pfn is chosen on each `mm` so that vmemmap is the
 *   server's.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <asm/csr.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include "features.h"
#include "glue.h"

extern struct task_struct ko_task;
extern struct mm_struct *const ko_mmp;

/* A top table for an mm before its first `pgd`: every entry none. */
static pgd_t ko_empty_pgd[PTRS_PER_PGD] __aligned(PAGE_SIZE);
static unsigned long ko_vmemmap;

unsigned long ko_low_size(void)
{
	return 0;
}

const char *ko_arch_levels(void)
{
	return "3,4,5";
}

void ko_arch_setup(unsigned long vmemmap_base)
{
	preempt_count_set(PREEMPT_ENABLED);
	kernel_map.page_offset = 0;
	kernel_map.va_pa_offset = 0;
	kernel_map.va_kernel_pa_offset = 0;
	phys_ram_base = 0;
	ko_vmemmap = vmemmap_base;
}

int ko_arch_mm(int levels)
{
	if (levels < 3 || levels > 5)
		return -1;
	pgtable_l5_enabled = levels == 5;
	pgtable_l4_enabled = levels >= 4;
	satp_mode = levels == 5 ? SATP_MODE_57 : levels == 4 ? SATP_MODE_48 : SATP_MODE_39;
#ifdef KO_RISCV_VMEMMAP_START_PFN
	/* struct pages apart, in unsigned arithmetic: VMEMMAP_START wraps below 0. */
	vmemmap_start_pfn = (VMEMMAP_START - ko_vmemmap) / sizeof(struct page);
#else
	/*
	 * vmemmap is VMEMMAP_START, a distance below PAGE_OFFSET that follows
	 * VA_BITS: move PAGE_OFFSET so that it lands on ours. The table window
	 * stays below PAGE_OFFSET, where __pa() is kernel_mapping_va_to_pa(),
	 * the identity too (va_kernel_pa_offset 0, no XIP); __va() is
	 * va_pa_offset, still 0.
	 */
	kernel_map.page_offset = 0;
	kernel_map.page_offset = ko_vmemmap - VMEMMAP_START;
#endif
	if (vmemmap != (struct page *)ko_vmemmap) {
		pr_err("oracle: vmemmap %px is not %lx\n", vmemmap, ko_vmemmap);
		return -1;
	}
	ko_mmp->pgd = ko_empty_pgd;
	return 0;
}

void ko_arch_set_pgd(unsigned long table)
{
	ko_mmp->pgd = (pgd_t *)table;
}
