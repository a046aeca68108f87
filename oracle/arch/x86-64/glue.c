// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side, x86-64: the boot-time state the tree's page-table code reads,
 * set the way a booted kernel has it, with user-space addresses.
 *
 * - `current` is a per-cpu load through %gs (current_task; 6.12
 *   pcpu_hot.current_task). A user process has gs base 0, so %gs:var reads
 *   var itself at its link address: the per-cpu variables are ordinary
 *   variables of this program (this_cpu_off stays 0 as well).
 * - __va()/__pa() add/subtract page_offset_base, a variable with
 *   DYNAMIC_MEMORY_LAYOUT: 0 makes them identities, so table origins in
 *   entries are table-window addresses (PROTOCOL.md). vmemmap is
 *   vmemmap_base.
 * - LA57: a 5level build folds p4d at run time. check_la57_support()
 *   (arch/x86/kernel/head64.c) sets __pgtable_l5_enabled, pgdir_shift and
 *   ptrs_per_p4d; X86_FEATURE_LA57 in boot_cpu_data answers the dynamic
 *   path of cpu_feature_enabled(); and apply_alternatives() patches the
 *   LA57 alternatives (task_size_max()'s movabs in 6.1 and 6.12, and the
 *   static_cpu_has() sites): we patch exactly those, in both directions,
 *   since `mm 4` and `mm 5` alternate in one process. Every other
 *   alternative keeps its unpatched default, i.e. the other feature bits
 *   read as clear (no OSPKE: protection keys are not checked; no PTI: no
 *   user copy of the pgd; no LAM: no address tags; no SMAP: stac/clac
 *   stay NOPs).
 * - 6.12 access_ok() reads USER_PTR_MAX as a runtime constant, which boot
 *   sets from TASK_SIZE_MAX (runtime_const_init(), arch/x86/kernel/cpu/
 *   common.c): we do the same on every depth change, with the tree's own
 *   runtime_const_fixup() over the runtime_ptr_USER_PTR_MAX section.
 * The sections are found in this program's own ELF headers (user side):
 * after `ld -r` and the final link, no linker-made __start_ symbol exists
 * for them.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/percpu.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/bug.h>
#ifdef KO_X86_USER_PTR_MAX
#include <asm/runtime-const.h>
#endif
#ifdef KO_X86_ADDR_LIMIT
#include <linux/uaccess.h>
#endif
#include "features.h"
#include "glue.h"
#include "arch/x86-64/x86.h"

extern struct task_struct ko_task;
extern struct mm_struct *const ko_mmp;

#ifdef KO_X86_PCPU_HOT
DEFINE_PER_CPU_ALIGNED(struct pcpu_hot, pcpu_hot);
/* arch/x86/kernel/vmlinux.lds.S: const_pcpu_hot = pcpu_hot (an alias) */
asm(".globl const_pcpu_hot\n.set const_pcpu_hot, pcpu_hot");
#else
DEFINE_PER_CPU(struct task_struct *, current_task);
#endif

struct cpuinfo_x86 boot_cpu_data;
unsigned long page_offset_base;
unsigned long vmemmap_base;
unsigned long phys_base;
/* As arch/x86/mm/init_64.c leaves it on a CPU with NX and PGE. */
pteval_t __supported_pte_mask = ~0ULL;
#ifdef CONFIG_X86_5LEVEL
unsigned int __pgtable_l5_enabled;
unsigned int pgdir_shift = 39;
unsigned int ptrs_per_p4d = 1;
#endif
#ifdef KO_X86_USER_PTR_MAX
unsigned long USER_PTR_MAX;
#endif

/* A top table for an mm before its first `pgd`: every entry none. */
static pgd_t ko_empty_pgd[PTRS_PER_PGD] __aligned(PAGE_SIZE);

/*
 * Retpolines and return thunks (CONFIG_RETPOLINE/RETHUNK, 6.12
 * MITIGATION_*): compiled code calls these instead of `jmp *%reg` and
 * `ret`; boot would patch them back in. Ours do just that.
 */
#define KO_THUNK(reg)							\
	asm(".pushsection .text, \"ax\"\n"				\
	    ".globl __x86_indirect_thunk_" #reg "\n"			\
	    "__x86_indirect_thunk_" #reg ": jmp *%" #reg "\n"		\
	    ".popsection")
KO_THUNK(rax); KO_THUNK(rbx); KO_THUNK(rcx); KO_THUNK(rdx);
KO_THUNK(rsi); KO_THUNK(rdi); KO_THUNK(rbp); KO_THUNK(r8);
KO_THUNK(r9); KO_THUNK(r10); KO_THUNK(r11); KO_THUNK(r12);
KO_THUNK(r13); KO_THUNK(r14); KO_THUNK(r15);
asm(".pushsection .text, \"ax\"\n"
    ".globl __x86_return_thunk\n"
    "__x86_return_thunk: ret\n"
    "int3\n"
    ".popsection");

unsigned long ko_low_size(void)
{
	return 0;               /* nothing at guest page 0 on x86 */
}

const char *ko_arch_levels(void)
{
#ifdef CONFIG_X86_5LEVEL
	return "4,5";
#else
	return "4";
#endif
}

/* ---- LA57 alternatives ------------------------------------------------ */

static struct alt_instr *ko_alt, *ko_alt_end;
#define KO_ALT_SITES 256
#define KO_ALT_LEN 16
static u8 ko_alt_orig[KO_ALT_SITES][KO_ALT_LEN];

/*
 * The replacements LA57 has in mm/ and arch/x86/mm/: empty (the "yes" leg
 * of _static_cpu_has()) or one `movabs $imm64, %reg` (task_size_max()).
 * Neither holds a relative operand, so a copy is the whole of what
 * apply_alternatives() does with them; anything else makes `mm` refuse.
 */
static bool ko_alt_plain(const u8 *r, unsigned int len)
{
	return len == 0 ||
	       (len == 10 && (r[0] & 0xf8) == 0x48 && (r[1] & 0xf8) == 0xb8);
}

/* Patches (on) or restores (!on) every LA57 site; -1: one we cannot. */
static int ko_alt_la57(bool on)
{
	struct alt_instr *a;
	int n = 0;

	for (a = ko_alt; a < ko_alt_end; a++) {
		u8 *instr = (u8 *)&a->instr_offset + a->instr_offset;
		u8 *repl = (u8 *)&a->repl_offset + a->repl_offset;
		bool want = on;
		unsigned int i;

		if (a->cpuid != X86_FEATURE_LA57)
			continue;
#ifdef ALT_FLAG_NOT
		if (a->flags & ALT_FLAG_NOT)
			want = !on;
#endif
		if (n >= KO_ALT_SITES || a->instrlen > KO_ALT_LEN ||
		    a->replacementlen > a->instrlen ||
		    !ko_alt_plain(repl, a->replacementlen))
			return -1;
		/* ko_arch_setup() saved the original bytes before any patch. */
		for (i = 0; i < a->instrlen; i++)
			instr[i] = !want ? ko_alt_orig[n][i] :
				   i < a->replacementlen ? repl[i] : 0x90;
		n++;
	}
	return n;
}

#ifdef KO_X86_USER_PTR_MAX
static s32 *ko_user_ptr_max, *ko_user_ptr_max_end;
#endif

void ko_arch_setup(unsigned long vmemmap_base_)
{
	unsigned long start, size;
	struct alt_instr *a;
	int n = 0;

#ifdef KO_X86_PCPU_HOT
	this_cpu_write(pcpu_hot.current_task, &ko_task);
#else
	this_cpu_write(current_task, &ko_task);
#endif
	page_offset_base = 0;
	vmemmap_base = vmemmap_base_;
	phys_base = 0;

	/* The section the kernel's own alt_instr entries are in. */
	start = oracle_x86_section(".altinstructions", &size);
	ko_alt = (struct alt_instr *)start;
	ko_alt_end = (struct alt_instr *)(start + size);
	for (a = ko_alt; a < ko_alt_end; a++) {
		u8 *instr = (u8 *)&a->instr_offset + a->instr_offset;

		if (a->cpuid != X86_FEATURE_LA57)
			continue;
		if (n >= KO_ALT_SITES || a->instrlen > KO_ALT_LEN) {
			pr_err("oracle: too many or too long LA57 alternatives\n");
			ko_alt_end = ko_alt;    /* `mm` then refuses every depth */
			break;
		}
		memcpy(ko_alt_orig[n++], instr, a->instrlen);
	}
#ifdef KO_X86_USER_PTR_MAX
	start = oracle_x86_section("runtime_ptr_USER_PTR_MAX", &size);
	ko_user_ptr_max = (s32 *)start;
	ko_user_ptr_max_end = (s32 *)(start + size);
#endif
}

int ko_arch_mm(int levels)
{
	bool l5 = levels == 5;

#ifdef CONFIG_X86_5LEVEL
	if (levels != 4 && levels != 5)
		return -1;
	/* check_la57_support(): the boot CPU's CR4.LA57, here the request. */
	__pgtable_l5_enabled = l5;
	pgdir_shift = l5 ? 48 : 39;
	ptrs_per_p4d = l5 ? 512 : 1;
	if (l5)
		set_bit(X86_FEATURE_LA57,
			(unsigned long *)boot_cpu_data.x86_capability);
	else
		clear_bit(X86_FEATURE_LA57,
			  (unsigned long *)boot_cpu_data.x86_capability);
#else
	if (levels != 4)
		return -1;
#endif
	if (ko_alt_la57(l5) < 0) {
		pr_err("oracle: an LA57 alternative we cannot apply\n");
		return -1;
	}
#ifdef KO_X86_USER_PTR_MAX
	USER_PTR_MAX = TASK_SIZE_MAX;   /* after the alternatives, as at boot */
	runtime_const_fixup(__runtime_fixup_ptr, USER_PTR_MAX,
			    ko_user_ptr_max, ko_user_ptr_max_end);
#endif
#ifdef KO_X86_ADDR_LIMIT
	/* A user task's limit: set_fs(USER_DS) at exec (5.9 and before). */
	ko_task.thread.addr_limit = USER_DS;
#endif
	ko_mmp->pgd = ko_empty_pgd;
	return 0;
}

void ko_arch_set_pgd(unsigned long table)
{
	ko_mmp->pgd = (pgd_t *)table;
}

/*
 * For the user side's SIGILL handler: the flags of the BUG()/WARN() whose
 * ud2 is at pc (asm/bug.h _BUG_FLAGS, __bug_table), or -1.
 */
int ko_x86_bug_flags(unsigned long pc)
{
	static struct bug_entry *start, *end;
	unsigned long size;
	struct bug_entry *b;

	if (!start) {
		start = (struct bug_entry *)oracle_x86_section("__bug_table",
							       &size);
		end = (struct bug_entry *)((char *)start + size);
	}
	for (b = start; b < end; b++)
		if ((unsigned long)&b->bug_addr_disp + b->bug_addr_disp == pc)
			return b->flags;
	return -1;
}
