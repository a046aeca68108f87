/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between arch/x86-64/glue.c (kernel side) and arch/x86-64/user.c (user
 * side): plain C types only, as in glue.h.
 */
#ifndef ORACLE_X86_H
#define ORACLE_X86_H

/*
 * User side: address and size of a section of this very program (read
 * from its ELF section headers), 0 if absent. The first call also makes
 * the program text writable, for the LA57 alternatives and the runtime
 * constants. Called from kernel-side code, whose stack is only 8-byte
 * aligned (-mpreferred-stack-boundary=3): realign on entry.
 */
__attribute__((force_align_arg_pointer))
unsigned long oracle_x86_section(const char *name, unsigned long *size);

/* Kernel side: flags of the BUG/WARN entry at pc, or -1. */
int ko_x86_bug_flags(unsigned long pc);

#endif
