/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only interface between the user side (server.c, arch/ARCH/user.c:
 * libc, no kernel headers) and the kernel side (glue.c, arch/ARCH/glue.c,
 * generated helpers.c: compiled with the tree's own flags and headers).
 * Plain C types only, so both sides agree without sharing any kernel type.
 */
#ifndef ORACLE_GLUE_H
#define ORACLE_GLUE_H

#define KO_GUP_MAX (1L << 20)           /* pages one gup request may ask */

/* Kernel side, common (glue.c). */
int ko_setup(unsigned long vmemmap_base); /* once, after low memory is mapped */
int ko_mm(int levels);                  /* 0, or -1: depth not supported */
void ko_set_pgd(unsigned long table);
unsigned long ko_struct_page_size(void);
void ko_page_init(unsigned long pfn, unsigned long frames, int order);
/* Refcount (and pincount) of the head at pfn, then both are reset. */
void ko_page_take(unsigned long pfn, long *ref, long *pin);

#define KO_GUP_FAST      0              /* the era's fast walk alone */
#define KO_GUP_FAST_ONLY 1              /* get_user_pages_fast_only() */
#define KO_GUP_FULL      2              /* get_user_pages_fast() up to its fallback */
#define KO_FLAG_WRITE    1UL            /* protocol FLAGS bit 0 */
#define KO_FLAG_PIN      2UL            /* protocol FLAGS bit 1 */
/*
 * Returns the function's result; pfns[0..ret) get the frames returned.
 * KO_GUP_FULL sets *fell when the call went on into the slow path (which
 * the oracle does not link) and returns the pages the fast path took.
 */
long ko_gup(int kind, unsigned long start, long nr, unsigned long flags,
	    unsigned long *pfns, int *fell);

/*
 * Another CPU's store of val to addr (a table slot), made when the walker
 * calls rcu_read_lock() for the at-th time (from 1) since the last ko_mm()
 * or ko_disarm(). 0, -1 when KO_ARM_MAX stores are armed, 1 when this
 * build's rcu_read_lock() makes no call to stop at. ko_disarm() returns the
 * calls made since then, sets *made to the stores made, and forgets all.
 */
#define KO_ARM_MAX 4096
int ko_arm(long at, unsigned long addr, unsigned long val);
long ko_disarm(long *made);

/* One record per walk callback, KO_WALK_WORDS words each. */
#define KO_WALK_WORDS 6
#define KO_WALK_HOLE  0   /* HOLE, start, end, depth */
#define KO_WALK_LEAF  1   /* LEAF, level, addr, next, value, pfn */
long ko_walk(unsigned long start, unsigned long end, unsigned long *rec,
	     long cap, long *count);

/* Levels as the protocol names them. */
#define KO_PGD 0
#define KO_P4D 1
#define KO_PUD 2
#define KO_PMD 3
#define KO_PTE 4

/* The helper table (generated from helpers.def by build.sh). */
struct ko_helper {
	const char *name;
	int level;
	int nargs;
	int id;         /* -1: the tree has no such helper at that level */
	int pointer;    /* the answer is a pointer (offset_lockless copy) */
};
extern const struct ko_helper ko_helpers[];
extern const int ko_nhelpers;
int ko_helper(int id, const unsigned long *args, unsigned long *out);
unsigned long ko_copy_slot(void);       /* where offset_lockless copies */
#define KO_COPY_SLOT_BYTES 64

/* Key=value list for `info`, written into buf (kernel side). */
int ko_info(unsigned long *vals, int max);
extern const char *const ko_info_keys[];

/* Kernel side, per architecture (arch/ARCH/glue.c). */
unsigned long ko_low_size(void);        /* bytes to map at guest address 0 */
const char *ko_arch_levels(void);       /* "3,4,5" */
void ko_arch_setup(unsigned long vmemmap_base);
int ko_arch_mm(int levels);             /* after the common reset */
void ko_arch_set_pgd(unsigned long table);

/*
 * User side, called from kernel-side code. x86-64 kernel code keeps the
 * stack only 8-byte aligned (-mpreferred-stack-boundary=3) where libc
 * expects 16 (SSE spills): such entry points realign it.
 */
#ifdef __x86_64__
#define ORACLE_ENTRY __attribute__((force_align_arg_pointer))
#else
#define ORACLE_ENTRY
#endif
ORACLE_ENTRY void oracle_stub(const char *name) __attribute__((noreturn));
ORACLE_ENTRY int oracle_vlog(const char *fmt, __builtin_va_list ap);
/*
 * Runs fn(arg); returns 0, or 1 when fn reached the slow path's first stub
 * (the mmap lock it takes: down_read*) and was abandoned there.
 */
ORACLE_ENTRY int oracle_until_fallback(void (*fn)(void *), void *arg);

#endif
