// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side, s390: the lowcore that `current` is read from, and the
 * mm's depth as the tree's own init_new_context() (asm/mmu_context.h)
 * derives asce_limit, the top table's type and the ASCE from it.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <asm/lowcore.h>
#include <asm/setup.h>
#include <asm/mmu_context.h>
#include <asm/pgalloc.h>
#include "glue.h"

extern struct task_struct ko_task;
extern struct mm_struct *const ko_mmp;

/* init_new_context() fills mm->pgd: a top table of our own until `pgd`. */
static unsigned long ko_crst[_CRST_ENTRIES] __aligned(PAGE_SIZE);

static struct lowcore *ko_lowcore(void)
{
#ifdef S390_lowcore
	return &S390_lowcore;           /* absolute address 0 */
#else
	return get_lowcore();           /* unpatched ALTERNATIVE: also 0 */
#endif
}

unsigned long ko_low_size(void)
{
	return sizeof(struct lowcore);
}

const char *ko_arch_levels(void)
{
	return "3,4,5";
}

void ko_arch_setup(unsigned long vmemmap_base)
{
	ko_lowcore()->current_task = (unsigned long)&ko_task;
	/*
	 * Facility bits read as zero in user space. The one the page-table
	 * helpers test is no-execute (MACHINE_HAS_NX, z14 on): without it
	 * vm_get_page_prot() and pte_mkexec() drop _PAGE_NOEXEC. It is set,
	 * as on every machine a distribution kernel runs on today.
	 */
	ko_lowcore()->machine_flags |= MACHINE_FLAG_NX;
	preempt_count_set(PREEMPT_ENABLED);
	/* vmemmap is a plain variable on s390 (arch/s390/kernel/setup.c). */
	vmemmap = (struct page *)vmemmap_base;
#ifdef __identity_base
	/* 6.10+: __va/__pa add the identity base: 0 keeps them identities. */
	__identity_base = 0;
#endif
}

int ko_arch_mm(int levels)
{
	switch (levels) {
	case 3:
		ko_mmp->context.asce_limit = 0;  /* as after exec: 3 levels */
		break;
	case 4:
		ko_mmp->context.asce_limit = _REGION1_SIZE;
		break;
	case 5:
		ko_mmp->context.asce_limit = TASK_SIZE_MAX;
		break;
	default:
		return -1;
	}
	ko_mmp->pgd = (pgd_t *)ko_crst;
	return init_new_context(&ko_task, ko_mmp);
}

void ko_arch_set_pgd(unsigned long table)
{
	ko_mmp->pgd = (pgd_t *)table;
	ko_mmp->context.asce = (ko_mmp->context.asce & ~_ASCE_ORIGIN) |
			       __pa(table);
}

/*
 * gup_fast's pin path asks the Ultravisor to make a secure page accessible
 * (arch/s390/kernel/uv.c). Its first test is PG_arch_1, which only a
 * protected-virtualization guest sets and the oracle never does: it answers
 * 0 as the real one then does. A page with the bit set is beyond the oracle.
 */
#ifdef HAVE_ARCH_MAKE_FOLIO_ACCESSIBLE
int arch_make_folio_accessible(struct folio *folio)
{
	if (test_bit(PG_arch_1, &folio->flags))
		oracle_stub("arch_make_folio_accessible");
	return 0;
}
#endif
#ifdef HAVE_ARCH_MAKE_PAGE_ACCESSIBLE
int arch_make_page_accessible(struct page *page)
{
	if (test_bit(PG_arch_1, &page->flags))
		oracle_stub("arch_make_page_accessible");
	return 0;
}
#endif
