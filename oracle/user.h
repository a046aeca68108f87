/* SPDX-License-Identifier: GPL-2.0-only */
/* User side: what server.c needs from arch/ARCH/user.c. */
#ifndef ORACLE_USER_H
#define ORACLE_USER_H
#include <signal.h>
#include <ucontext.h>

/* The faulting pc of a signal, for `error signal NAME pc=…`. */
unsigned long arch_pc(const ucontext_t *uc);
/* 1 if the signal was an instruction emulated in place: resume. */
int arch_emulate(int sig, siginfo_t *si, ucontext_t *uc);
/*
 * A pointer a helper answered, as the client knows it: the table-window
 * address of one the kernel code made through a linear map the server
 * cannot map (arm64). server.c's default returns it unchanged.
 */
unsigned long arch_pointer(unsigned long value);

/*
 * Around every call into the kernel side, and first thing on every way back
 * from it (server.c): where the kernel's `current` is a register the C
 * library also uses (riscv64: tp). server.c's defaults do nothing.
 */
void arch_kernel_enter(void);
void arch_kernel_leave(void);

/* The table window (PROTOCOL.md, Addresses). */
#define ORACLE_TABLE_LO		0x0000080000000000UL
#define ORACLE_TABLE_BYTES	(1UL << 40)

#endif
