// SPDX-License-Identifier: GPL-2.0-only
/*
 * User side, riscv64: what qemu-user refuses the kernel code in U-mode, and
 * the one register both sides claim.
 *
 * - tp: the kernel's `current` (asm/current.h) and the C library's thread
 *   pointer (TLS: errno, the locale, malloc's cache). arch_kernel_enter()
 *   puts &ko_task in it before each call into the kernel side and
 *   arch_kernel_leave() the library's back after it, and at the start of
 *   every way back here from kernel code: a signal handler, a stub, a
 *   printk (server.c). A handler that resumes the kernel code returns
 *   through sigreturn, which restores tp from the signal frame.
 * - CSR instructions on sstatus raise SIGILL in U-mode with the pc on the
 *   instruction: local_irq_save()/restore() (csrrc/csrs of SR_SIE) are
 *   performed on a software sstatus and stepped over, as is sfence.vma (a
 *   local TLB flush: there is no TLB to flush). Any other CSR, and every
 *   other signal, is reported. BUG() and WARN() are ebreak: SIGTRAP.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "../../user.h"

extern char ko_task[];

#define CSR_SSTATUS	0x100
#define SR_SIE		0x2UL
#define OP_SYSTEM	0x73

static unsigned long sstatus = SR_SIE;  /* process context: interrupts on */
static unsigned long libc_tp;

__attribute__((constructor)) static void save_libc_tp(void)
{
	asm volatile("mv %0, tp" : "=r"(libc_tp));
}

void arch_kernel_enter(void)
{
	asm volatile("mv tp, %0" : : "r"(ko_task) : "memory");
}

void arch_kernel_leave(void)
{
	asm volatile("mv tp, %0" : : "r"(libc_tp) : "memory");
}

unsigned long arch_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.__gregs[REG_PC];
}

/* One SYSTEM instruction: a CSR access to sstatus, or sfence.vma. */
static int csr_or_fence(ucontext_t *uc, uint32_t insn)
{
	unsigned int f3 = (insn >> 12) & 7, rd = (insn >> 7) & 31;
	unsigned int rs1 = (insn >> 15) & 31, csr = insn >> 20;
	unsigned long *x = (unsigned long *)uc->uc_mcontext.__gregs;
	unsigned long old = sstatus, v;

	if ((insn & 0x7f) != OP_SYSTEM)
		return 0;
	if (f3 == 0 && (insn >> 25) == 0x09 && rd == 0)        /* sfence.vma */
		return 1;
	if (f3 == 0 || f3 == 4 || csr != CSR_SSTATUS)
		return 0;
	v = f3 >= 5 ? rs1 : x[rs1];             /* csrr?i: rs1 is the immediate */
	if (rs1 == 0 && f3 >= 5)
		v = 0;
	switch (f3 & 3) {
	case 1:                                 /* csrrw */
		sstatus = v & SR_SIE;
		break;
	case 2:                                 /* csrrs: no write from x0 */
		if (rs1)
			sstatus |= v & SR_SIE;
		break;
	case 3:                                 /* csrrc */
		if (rs1)
			sstatus &= ~(v & SR_SIE);
		break;
	}
	if (rd)
		x[rd] = old;
	return 1;
}

int arch_emulate(int sig, siginfo_t *si, ucontext_t *uc)
{
	/* 2-byte aligned with compressed code: two halves, low first */
	const uint16_t *pc = (const uint16_t *)uc->uc_mcontext.__gregs[REG_PC];

	(void)si;
	if (sig == SIGILL && csr_or_fence(uc, pc[0] | (uint32_t)pc[1] << 16)) {
		uc->uc_mcontext.__gregs[REG_PC] += 4;
		return 1;
	}
	return 0;
}
