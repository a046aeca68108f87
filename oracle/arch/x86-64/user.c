// SPDX-License-Identifier: GPL-2.0-only
/*
 * User side, x86-64: the privileged instructions the kernel code executes.
 * local_irq_save()/local_irq_restore() are native pushf/cli and sti
 * (PARAVIRT without PARAVIRT_XXL): in ring 3 cli and sti raise #GP, which
 * arrives as SIGSEGV (SI_KERNEL) with rip on the 1-byte instruction; we
 * step over it. Interrupts never reach this process, so nothing else is
 * needed; pushf keeps showing IF set (irqs_disabled() reads 0 here).
 * A WARN() (ud2 with a BUGFLAG_WARNING entry in __bug_table) is stepped
 * over as handle_bug() does after report_bug(); BUG() is reported.
 * Also: our own ELF section headers, for the kernel side.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "../../user.h"
#include "x86.h"

#define BUGFLAG_WARNING 1       /* include/asm-generic/bug.h */

unsigned long arch_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.gregs[REG_RIP];
}

int arch_emulate(int sig, siginfo_t *si, ucontext_t *uc)
{
	const uint8_t *ip = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
	int flags;

	if (sig == SIGSEGV && si->si_code == SI_KERNEL &&
	    (ip[0] == 0xfa || ip[0] == 0xfb)) {        /* cli, sti */
		uc->uc_mcontext.gregs[REG_RIP] += 1;
		return 1;
	}
	if (sig == SIGILL && ip[0] == 0x0f && ip[1] == 0x0b) {  /* ud2 */
		flags = ko_x86_bug_flags((unsigned long)ip);
		if (flags >= 0 && (flags & BUGFLAG_WARNING)) {
			fprintf(stderr, "oracle: WARN at pc=%lx\n",
				(unsigned long)ip);
			uc->uc_mcontext.gregs[REG_RIP] += 2;
			return 1;
		}
	}
	return 0;
}

/* ---- our own sections -------------------------------------------------- */

static Elf64_Shdr *shdr;
static const char *shstr;
static int nshdr;

static void load_sections(void)
{
	extern char __executable_start[], etext[];
	unsigned long lo, hi;
	Elf64_Ehdr eh;
	int fd;

	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr))
		goto fail;
	nshdr = eh.e_shnum;
	shdr = calloc(nshdr, sizeof(*shdr));
	if (pread(fd, shdr, nshdr * sizeof(*shdr), eh.e_shoff) !=
	    (ssize_t)(nshdr * sizeof(*shdr)))
		goto fail;
	shstr = malloc(shdr[eh.e_shstrndx].sh_size);
	if (pread(fd, (char *)shstr, shdr[eh.e_shstrndx].sh_size,
		  shdr[eh.e_shstrndx].sh_offset) !=
	    (ssize_t)shdr[eh.e_shstrndx].sh_size)
		goto fail;
	close(fd);
	/* apply_alternatives()/runtime_const_init() write into the text. */
	lo = (unsigned long)__executable_start & ~4095UL;
	hi = ((unsigned long)etext + 4095) & ~4095UL;
	if (mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE | PROT_EXEC))
		goto fail;
	return;
fail:
	fprintf(stderr, "oracle: cannot read this program's sections from "
		"/proc/self/exe or make its text writable\n");
	exit(1);
}

unsigned long oracle_x86_section(const char *name, unsigned long *size)
{
	int i;

	if (!shdr)
		load_sections();
	for (i = 0; i < nshdr; i++) {
		if (strcmp(shstr + shdr[i].sh_name, name) ||
		    !(shdr[i].sh_flags & SHF_ALLOC))
			continue;
		*size = shdr[i].sh_size;
		return shdr[i].sh_addr;
	}
	*size = 0;
	return 0;
}
