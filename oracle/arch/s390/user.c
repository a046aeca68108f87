// SPDX-License-Identifier: GPL-2.0-only
/*
 * User side, s390: the privileged instructions the kernel code executes
 * for local_irq_save/restore. Under qemu-user STNSM/STOSM/SSM raise SIGILL
 * (privileged operation); we perform them on a software system mask and
 * resume after the instruction, so irqs_disabled() reads what the real
 * code set. Everything else is reported by server.c.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "../../user.h"

static unsigned char sysmask = 0x07;    /* DAT, I/O and external on */

unsigned long arch_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.psw.addr;
}

/* Effective address of an S/SI operand: base register + 12-bit disp. */
static unsigned char *operand(const ucontext_t *uc, const uint8_t *insn)
{
	unsigned int b = insn[2] >> 4, d = ((insn[2] & 0xf) << 8) | insn[3];

	return (unsigned char *)((b ? uc->uc_mcontext.gregs[b] : 0) + d);
}

int arch_emulate(int sig, siginfo_t *si, ucontext_t *uc)
{
	const uint8_t *insn = si->si_addr;

	/*
	 * qemu 7.2 reports the instruction in si_addr with the PSW already
	 * after it (all three are 4 bytes long): returning resumes there.
	 */
	if (sig != SIGILL || (unsigned long)insn + 4 != arch_pc(uc))
		return 0;
	switch (insn[0]) {
	case 0xac:                      /* STNSM D1(B1),I2 */
		*operand(uc, insn) = sysmask;
		sysmask &= insn[1];
		return 1;
	case 0xad:                      /* STOSM D1(B1),I2 */
		*operand(uc, insn) = sysmask;
		sysmask |= insn[1];
		return 1;
	case 0x80:                      /* SSM D2(B2) */
		sysmask = *operand(uc, insn);
		return 1;
	}
	return 0;
}
