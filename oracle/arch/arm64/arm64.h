/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between arch/arm64/glue.c (kernel side) and arch/arm64/user.c (user
 * side): plain C types only, as in glue.h. The user side emulates the
 * system registers the kernel code reads with mrs/msr (qemu-user refuses
 * them at EL0) and the linear map (__va) the kernel code loads through; the
 * kernel side tells it what a booted kernel would hold.
 */
#ifndef ORACLE_ARM64_H
#define ORACLE_ARM64_H

/* TCR_EL1 as the boot CPU leaves it: T1SZ (vabits_actual) and DS (LPA2). */
extern unsigned long oracle_arm64_tcr;
/* PAGE_OFFSET and memstart_addr (PHYS_OFFSET): __va(pa) = (pa - memstart) | PAGE_OFFSET. */
extern unsigned long oracle_arm64_page_offset;
extern unsigned long oracle_arm64_memstart;

#endif
