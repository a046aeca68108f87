// SPDX-License-Identifier: GPL-2.0-only
/*
 * User side, arm64: what qemu-user refuses the kernel code at EL0.
 *
 * - mrs/msr of system registers raise SIGILL with the pc on the
 *   instruction: we perform the few the page-table code uses on software
 *   registers and step over it. sp_el0 is `current` (&ko_task), tpidr_el1
 *   the per-cpu offset (0), tcr_el1 what arch/arm64/glue.c chose for the
 *   mm, daif the interrupt mask (msr daifset/daifclr/daif); any other
 *   register is reported as the signal.
 * - __va() always sets the bits of PAGE_OFFSET, a kernel address an x86-64
 *   host cannot give qemu-user. A load or store through it faults
 *   (SIGSEGV): if the instruction is
 *   a load/store whose base (Rn) or, in the register-offset forms, index
 *   (Rm) register holds such an address, that register is moved to the
 *   table it names, __pa() of it, and the instruction runs again. Any
 *   other fault, or one whose registers hold no linear-map address, is
 *   reported. Which register held the address changes (to its user
 *   address): the kernel code never compares a linear-map
 *   pointer it loaded through with another, so nothing it computes differs.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "../../user.h"
#include "arm64.h"

extern char ko_task[];

unsigned long oracle_arm64_tcr;
unsigned long oracle_arm64_page_offset;
unsigned long oracle_arm64_memstart;
static unsigned long daif;

/* op0:op1:CRn:CRm:op2 of the system registers, as MRS/MSR encode them */
#define SYSREG(op0, op1, crn, crm, op2) \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
#define SP_EL0		SYSREG(3, 0, 4, 1, 0)
#define TCR_EL1		SYSREG(3, 0, 2, 0, 2)
#define TPIDR_EL1	SYSREG(3, 0, 13, 0, 4)
#define DAIF		SYSREG(3, 3, 4, 2, 1)
#define DAIF_BITS	0x3c0UL

unsigned long arch_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.pc;
}

static unsigned long *reg(ucontext_t *uc, unsigned int r)
{
	static unsigned long zr;

	zr = 0;                 /* register 31 is xzr for mrs/msr */
	return r == 31 ? &zr : (unsigned long *)&uc->uc_mcontext.regs[r];
}

static int sysreg(ucontext_t *uc, uint32_t insn)
{
	unsigned int sr = (insn >> 5) & 0xffff, rt = insn & 31;
	int read = insn & (1u << 21);
	unsigned long *x = reg(uc, rt);

	if ((insn & 0xfffff01f) == 0xd503401f) {        /* MSR (immediate) */
		unsigned int op1 = (insn >> 16) & 7, op2 = (insn >> 5) & 7;
		unsigned long imm = (insn >> 8) & 15;

		if (op1 == 3 && op2 == 6)               /* daifset */
			daif |= imm << 6;
		else if (op1 == 3 && op2 == 7)          /* daifclr */
			daif &= ~(imm << 6);
		else
			return 0;
		return 1;
	}
	if ((insn & 0xffd00000) != 0xd5100000)          /* MRS/MSR (register) */
		return 0;
	switch (sr) {
	case SP_EL0:
		if (!read)
			return 0;
		*x = (unsigned long)ko_task;
		return 1;
	case TPIDR_EL1:
		if (!read)
			return 0;
		*x = 0;
		return 1;
	case TCR_EL1:
		if (!read)
			return 0;
		*x = oracle_arm64_tcr;
		return 1;
	case DAIF:
		if (read)
			*x = daif;
		else
			daif = *x & DAIF_BITS;
		return 1;
	}
	return 0;
}

/* The table-window address of a linear-map address (see arch/arm64/glue.c):
 * pa = va - PAGE_OFFSET + memstart modulo 2^VA_BITS, and the window
 * (ORACLE_TABLE_LO, 2^40 bytes, 2^40-aligned) holds it; else 0. */
static unsigned long linear_to_table(unsigned long va)
{
	unsigned long off;

	if (!oracle_arm64_page_offset || va < oracle_arm64_page_offset)
		return 0;
	off = (va - oracle_arm64_page_offset + oracle_arm64_memstart -
	       ORACLE_TABLE_LO) & (ORACLE_TABLE_BYTES - 1);
	return ORACLE_TABLE_LO + off;
}

unsigned long arch_pointer(unsigned long value)
{
	unsigned long t = linear_to_table(value);

	return t ? t : value;
}

/*
 * A load/store (A64 encoding class x1x0) through a linear-map register.
 * qemu 7.2 reports si_addr 0 for an address beyond the guest's address
 * space (top byte ignored, as TBI0 makes it for user space), so the
 * registers tell, not the signal.
 */
static int linear(ucontext_t *uc, uint32_t insn)
{
	unsigned int rn = (insn >> 5) & 31, rm = (insn >> 16) & 31;
	unsigned long t;

	if ((insn & 0x0a000000) != 0x08000000)
		return 0;
	if (rn != 31 && (t = linear_to_table(uc->uc_mcontext.regs[rn]))) {
		uc->uc_mcontext.regs[rn] = t;
		return 1;
	}
	/* LDR/STR (register offset): bits 29:27 = 111, 24 = 0, 21 = 1, 11:10 = 10 */
	if ((insn & 0x3b200c00) == 0x38200800 && rm != 31 &&
	    (t = linear_to_table(uc->uc_mcontext.regs[rm]))) {
		uc->uc_mcontext.regs[rm] = t;
		return 1;
	}
	return 0;
}

int arch_emulate(int sig, siginfo_t *si, ucontext_t *uc)
{
	const uint32_t *pc = (const uint32_t *)uc->uc_mcontext.pc;

	if (sig == SIGILL && sysreg(uc, *pc)) {
		uc->uc_mcontext.pc += 4;
		return 1;
	}
	if (sig == SIGSEGV && linear(uc, *pc))
		return 1;
	return 0;
}
