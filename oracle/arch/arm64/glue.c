// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side, arm64: the boot-time state the tree's page-table code reads,
 * set the way a booted kernel has it, with user-space addresses.
 *
 * - `current` is `mrs sp_el0`, the per-cpu offset `mrs tpidr_el1`, the
 *   interrupt mask `mrs/msr daif`: qemu-user refuses them at EL0 and the
 *   user side (arch/arm64/user.c) performs them on software registers
 *   (sp_el0 = &ko_task, tpidr_el1 = 0: the per-cpu variables are this
 *   program's own).
 * - The CPU: a 52-bit build decides at run time. vabits_actual is read from
 *   TCR_EL1.T1SZ and lpa2_is_enabled() from TCR_EL1.DS (asm/memory.h,
 *   asm/pgtable-prot.h), each a `mrs tcr_el1` the user side answers from
 *   oracle_arm64_tcr; pgtable_l4_enabled()/pgtable_l5_enabled() test
 *   `vabits_actual == VA_BITS` because their ARM64_ALWAYS_BOOT alternative
 *   stays unpatched (the branch a kernel takes before its capabilities are
 *   final). `mm LEVELS` sets TCR as early_map_kernel()
 *   (arch/arm64/kernel/pi/map_kernel.c) leaves it: the build's full depth
 *   is a CPU with LPA2 (4K, 16K: T1SZ = 64 - VA_BITS, DS = 1) or LVA (64K:
 *   T1SZ = 64 - 52, DS = 0); one level fewer is a CPU without LPA2
 *   (T1SZ = 64 - VA_BITS_MIN, DS = 0), which folds the top level at run
 *   time. Every other capability reads as absent (no EPAN, no MTE, no POE,
 *   no pseudo-NMI, no HAFT).
 * - protection_map: adjust_protection_map() (an arch_initcall that clears
 *   PTE_SHARED when LPA2 is enabled) is the tree's own, run again on each
 *   `mm` over the map as the object holds it.
 * - The linear map: __va(pa) = (pa - memstart_addr) | PAGE_OFFSET, and
 *   vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT). memstart_addr
 *   is chosen so that vmemmap is the server's; PAGE_OFFSET stays a kernel
 *   address qemu-user cannot map, and the user side moves a load or store
 *   through it to the table it names (see user.c). kimage_voffset 0 makes
 *   __pa() of a table-window address that address.
 * - 6.12 walk_page_range_debug() asserts the mmap lock held for write: the
 *   common glue marks it so.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <asm/memory.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include "glue.h"
#include "arch/arm64/arm64.h"

extern struct task_struct ko_task;
extern struct mm_struct *const ko_mmp;

s64 memstart_addr;
u64 kimage_voffset;
bool arm64_use_ng_mappings;

/* mm/pgd.c: a whole page when a level is folded into the pgd at run time. */
static pgd_t ko_empty_pgd[PAGE_SIZE / sizeof(pgd_t)] __aligned(PAGE_SIZE);

/* The object's protection_map, made global by build.sh (arch_fixup). */
extern pgprot_t protection_map[16];
int adjust_protection_map(void);
static pgprot_t ko_protection_map[16];

unsigned long ko_low_size(void)
{
	return 0;
}

const char *ko_arch_levels(void)
{
	/* The build's depth first; with LPA2 built in, also one fewer. */
#ifdef CONFIG_ARM64_LPA2
	return CONFIG_PGTABLE_LEVELS == 5 ? "5,4" : "4,3";
#else
	return CONFIG_PGTABLE_LEVELS == 4 ? "4" : CONFIG_PGTABLE_LEVELS == 3 ? "3" : "2";
#endif
}

void ko_arch_setup(unsigned long vmemmap_base)
{
	preempt_count_set(PREEMPT_ENABLED);
	/* vmemmap == vmemmap_base: memstart_addr >> PAGE_SHIFT struct pages apart. */
	memstart_addr = (s64)((struct page *)VMEMMAP_START - (struct page *)vmemmap_base) << PAGE_SHIFT;
	kimage_voffset = 0;
	if (vmemmap != (struct page *)vmemmap_base)
		pr_err("oracle: vmemmap %px is not %lx\n", vmemmap, vmemmap_base);
	oracle_arm64_page_offset = PAGE_OFFSET;
	oracle_arm64_memstart = memstart_addr;
	memcpy(ko_protection_map, protection_map, sizeof(ko_protection_map));
}

int ko_arch_mm(int levels)
{
	int va;
	unsigned long ds = 0;

	if (levels == CONFIG_PGTABLE_LEVELS) {
		va = VA_BITS;
#ifdef CONFIG_ARM64_LPA2
		ds = TCR_DS;
#endif
#ifdef CONFIG_ARM64_LPA2
	} else if (levels == CONFIG_PGTABLE_LEVELS - 1) {
		va = VA_BITS_MIN;
#endif
	} else {
		return -1;
	}
	oracle_arm64_tcr = ((unsigned long)(64 - va) << TCR_T1SZ_OFFSET) |
			   ((unsigned long)(64 - va) << TCR_T0SZ_OFFSET) | ds;
	memcpy(protection_map, ko_protection_map, sizeof(ko_protection_map));
	adjust_protection_map();
	ko_mmp->pgd = ko_empty_pgd;
	return 0;
}

void ko_arch_set_pgd(unsigned long table)
{
	ko_mmp->pgd = (pgd_t *)table;
}
