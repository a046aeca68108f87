// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel side of the oracle, common to every architecture. Compiled with
 * the exact command kbuild used for mm/gup.o, so every type, inline helper
 * and config option below is the tree's own. features.h is written by
 * build.sh from what the tree's objects define (nm), not from versions.
 */
#include <linux/version.h>
#include <linux/mm.h>
#include <linux/pagewalk.h>
#include <linux/sched.h>
#include <linux/hugetlb.h>
#include <linux/mm_types.h>
#include <linux/rwsem.h>
#include "features.h"
/* mm/internal.h (through the -I $(srctree)/mm every mm/ object gets):
 * prep_compound_page, and on Debian 6.12 walk_page_range_debug. */
#include "internal.h"
#include "glue.h"

/*
 * The task whose mm gup_fast reads through `current`, and that mm. Static
 * storage: the mm's flexible cpu bitmap (6.x) gets room after it.
 */
struct task_struct ko_task;
static union {
	struct mm_struct mm;
	char room[sizeof(struct mm_struct) + 512];
} ko_mm_room;
struct mm_struct *const ko_mmp = &ko_mm_room.mm;

/*
 * mm/memory.c's zero_pfn and mm/huge_memory.c's huge_zero_pfn are not
 * linked; as zeroed data stubs they would make pfn 0 the shared zero page
 * (is_zero_pfn: FOLL_PIN takes no pin on it). No frame is ~0UL.
 */
unsigned long zero_pfn = ~0UL;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
unsigned long huge_zero_pfn = ~0UL;
#endif

#ifdef KO_FAST_WALK
/* The static fast walk of the era, made global by objcopy in build.sh. */
void KO_FAST_WALK(unsigned long addr, unsigned long end, unsigned int flags,
		  struct page **pages, int *nr);
#endif
#ifndef KO_HAVE_PIN_FAST_ONLY
/* 6.12 has no pin_user_pages_fast_only: its body is this static one. */
int gup_fast_fallback(unsigned long start, unsigned long nr_pages,
		      unsigned int gup_flags, struct page **pages);
#endif

/*
 * Another CPU's stores, made when the walker calls rcu_read_lock() for the
 * n-th time since the last `mm` or `disarm`: the one place inside the fast
 * walk where the oracle can stop the kernel's code (6.12's pte_offset_map(),
 * between its caller's pmd read and the pte reads, and page_ref_add_unless(),
 * just before each grab of references).
 */
static struct {
	long calls, made, n;
	struct { long at; unsigned long addr, val; } store[KO_ARM_MAX];
} ko_armed;

unsigned long ko_struct_page_size(void)
{
	return sizeof(struct page);
}

int ko_setup(unsigned long vmemmap_base)
{
	ko_task.mm = ko_mmp;
	ko_task.active_mm = ko_mmp;
	ko_arch_setup(vmemmap_base);
	return 0;
}

int ko_mm(int levels)
{
	memset(&ko_mm_room, 0, sizeof(ko_mm_room));
	ko_armed.calls = ko_armed.made = ko_armed.n = 0;
	atomic_set(&ko_mmp->mm_users, 1);
	atomic_set(&ko_mmp->mm_count, 1);
#ifdef RWSEM_WRITER_LOCKED
	/*
	 * 6.12 walk_page_range_debug() asserts the mmap lock of the mm and of
	 * init_mm held for write (its caller, ptdump, takes both): without
	 * lockdep that reads RWSEM_WRITER_LOCKED in the count, which we set.
	 */
	atomic_long_set(&ko_mmp->mmap_lock.count, RWSEM_WRITER_LOCKED);
	atomic_long_set(&init_mm.mmap_lock.count, RWSEM_WRITER_LOCKED);
#endif
	return ko_arch_mm(levels);
}

#ifdef CONFIG_PREEMPT_RCU
/*
 * The reader side of preemptible RCU (kernel/rcu/tree_plugin.h), which
 * 6.12's pte_offset_map() takes (x86-64 and arm64 defconfigs): one task, never preempted, so the
 * nesting count is all there is to it.
 */
void __rcu_read_lock(void)
{
	long i;

	current->rcu_read_lock_nesting++;
	barrier();
	ko_armed.calls++;
	for (i = 0; i < ko_armed.n; i++)
		if (ko_armed.store[i].at == ko_armed.calls) {
			WRITE_ONCE(*(unsigned long *)ko_armed.store[i].addr,
				   ko_armed.store[i].val);
			ko_armed.made++;
		}
}

void __rcu_read_unlock(void)
{
	barrier();
	current->rcu_read_lock_nesting--;
}
#endif

int ko_arm(long at, unsigned long addr, unsigned long val)
{
#ifdef CONFIG_PREEMPT_RCU
	if (ko_armed.n == KO_ARM_MAX)
		return -1;
	ko_armed.store[ko_armed.n].at = at;
	ko_armed.store[ko_armed.n].addr = addr;
	ko_armed.store[ko_armed.n].val = val;
	ko_armed.n++;
	return 0;
#else
	/* rcu_read_lock() is inline here: nowhere to stop the walk. */
	return 1;
#endif
}

long ko_disarm(long *made)
{
	long calls = ko_armed.calls;

	*made = ko_armed.made;
	ko_armed.calls = ko_armed.made = ko_armed.n = 0;
	return calls;
}

void ko_set_pgd(unsigned long table)
{
	ko_arch_set_pgd(table);
}

/*
 * Struct pages as the page allocator leaves them for an anonymous page:
 * refcount 1 on the head, the tree's own prep_compound_page() (page_alloc.o,
 * linked unchanged) for the compound metadata of every era, tails at 0.
 */
void ko_page_init(unsigned long pfn, unsigned long frames, int order)
{
	unsigned long i, n = 1UL << order;

	for (i = 0; i < frames; i++) {
		struct page *p = pfn_to_page(pfn + i);

		memset(p, 0, sizeof(*p));
		set_page_count(p, (i % n) ? 0 : 1);
	}
	for (i = 0; i < frames; i += n) {
		struct page *head = pfn_to_page(pfn + i);

		if (order)
			prep_compound_page(head, order);
		/* PageAnon(): gup_fast's secretmem/file-backed tests pass. */
		head->mapping = (void *)PAGE_MAPPING_ANON;
	}
}

/* Where the era's try_grab_* counts exact pins of a compound page. */
static atomic_t *ko_pincount(struct page *head)
{
#if defined(KO_HAVE_HPAGE_PINCOUNT)
	/* 5.7+: page[1] when order > 1 (hpage_pincount_available) */
	return hpage_pincount_available(head) ? compound_pincount_ptr(head)
					      : NULL;
#elif defined(KO_HAVE_FOLIO_PINCOUNT_PTR)
	/* folio era, still in page[1] (folio_pincount_ptr) */
	return PageHead(head) ? folio_pincount_ptr(page_folio(head)) : NULL;
#else
	/* folio->_pincount of any large folio */
	return PageHead(head) ? &page_folio(head)->_pincount : NULL;
#endif
}

void ko_page_take(unsigned long pfn, long *ref, long *pin)
{
	struct page *head = pfn_to_page(pfn);
	atomic_t *pc = ko_pincount(head);

	*ref = page_ref_count(head);
	*pin = pc ? atomic_read(pc) : 0;
	set_page_count(head, 1);
	if (pc)
		atomic_set(pc, 0);
}

/* get_user_pages_fast / pin_user_pages_fast, for oracle_until_fallback. */
struct ko_full_call {
	unsigned long start;
	long nr;
	unsigned int foll;
	int pin;
	struct page **pages;
	long ret;
};

static void ko_full(void *arg)
{
	struct ko_full_call *c = arg;

	c->ret = c->pin ? pin_user_pages_fast(c->start, c->nr, c->foll, c->pages) :
		 get_user_pages_fast(c->start, c->nr, c->foll, c->pages);
}

long ko_gup(int kind, unsigned long start, long nr, unsigned long flags,
	    unsigned long *pfns, int *fell)
{
	static struct page *pages[KO_GUP_MAX];
	unsigned int foll = (flags & KO_FLAG_WRITE) ? FOLL_WRITE : 0;
	unsigned long irq;
	long i, ret;
	int got = 0;

	if (nr < 0 || nr > KO_GUP_MAX)
		return -EINVAL;
	if (kind == KO_GUP_FAST) {
		unsigned long end = start + (nr << PAGE_SHIFT);

		/*
		 * Every era's caller masks start and refuses an empty or
		 * wrapping range before the walk (whose do/while would
		 * otherwise run round the whole address space).
		 */
		start &= PAGE_MASK;
		end = start + (nr << PAGE_SHIFT);
		if (end <= start)
			return 0;
		foll |= (flags & KO_FLAG_PIN) ? FOLL_PIN : FOLL_GET;
		/* As get_user_pages_fast: interrupts off around the walk. */
		local_irq_save(irq);
#ifdef KO_FAST_WALK
		KO_FAST_WALK(start, end, foll, pages, &got);
#endif
		local_irq_restore(irq);
		ret = got;
	} else if (kind == KO_GUP_FULL) {
		struct ko_full_call c = { start, nr, foll, !!(flags & KO_FLAG_PIN), pages, 0 };

		/*
		 * The fast path fills pages[0..nr_pinned) before the fallback
		 * takes the mmap lock, where the call is abandoned: what it
		 * took is at most the leading run of pages written (the server
		 * cuts it to the references left, see req_gup).
		 */
		memset(pages, 0, nr * sizeof(*pages));
		*fell = oracle_until_fallback(ko_full, &c);
		for (ret = c.ret; *fell && ret < nr && pages[ret]; ret++)
			;
	} else if (flags & KO_FLAG_PIN) {
#ifdef KO_HAVE_PIN_FAST_ONLY
		ret = pin_user_pages_fast_only(start, nr, foll, pages);
#else
		ret = gup_fast_fallback(start, nr, foll | FOLL_PIN |
					FOLL_FAST_ONLY, pages);
#endif
	} else {
		ret = get_user_pages_fast_only(start, nr, foll, pages);
	}
	for (i = 0; i < ret && i < nr; i++)
		pfns[i] = page_to_pfn(pages[i]);
	return ret;
}

/* walk: records every callback; a full buffer stops the walk. */
struct ko_walk_buf {
	unsigned long *rec;
	long cap, count;
};

static int ko_record(struct mm_walk *walk, unsigned long a, unsigned long b,
		     unsigned long c, unsigned long d, unsigned long e,
		     unsigned long f)
{
	struct ko_walk_buf *buf = walk->private;
	unsigned long *r;

	if (buf->count >= buf->cap)
		return -ENOSPC;
	r = buf->rec + buf->count++ * KO_WALK_WORDS;
	r[0] = a; r[1] = b; r[2] = c; r[3] = d; r[4] = e; r[5] = f;
	return 0;
}

static int ko_pud_entry(pud_t *pud, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	pud_t v = READ_ONCE(*pud);

	if (!pud_leaf(v))
		return 0;
	walk->action = ACTION_CONTINUE;
	return ko_record(walk, KO_WALK_LEAF, KO_PUD, addr, next, pud_val(v),
			 pud_pfn(v));
}

static int ko_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	pmd_t v = READ_ONCE(*pmd);

	if (!pmd_leaf(v))
		return 0;
	walk->action = ACTION_CONTINUE;
	return ko_record(walk, KO_WALK_LEAF, KO_PMD, addr, next, pmd_val(v),
			 pmd_pfn(v));
}

static int ko_pte_entry(pte_t *pte, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	pte_t v = READ_ONCE(*pte);

	if (!pte_present(v))
		return 0;
	return ko_record(walk, KO_WALK_LEAF, KO_PTE, addr, next, pte_val(v),
			 pte_pfn(v));
}

static int ko_pte_hole(unsigned long addr, unsigned long next, int depth,
		       struct mm_walk *walk)
{
	return ko_record(walk, KO_WALK_HOLE, addr, next, (long)depth, 0, 0);
}

static const struct mm_walk_ops ko_walk_ops = {
	.pud_entry = ko_pud_entry,
	.pmd_entry = ko_pmd_entry,
	.pte_entry = ko_pte_entry,
	.pte_hole = ko_pte_hole,
};

long ko_walk(unsigned long start, unsigned long end, unsigned long *rec,
	     long cap, long *count)
{
	struct ko_walk_buf buf = { .rec = rec, .cap = cap };
	long ret;

#ifdef KO_HAVE_WALK_NOVMA
	ret = walk_page_range_novma(ko_mmp, start, end, &ko_walk_ops, NULL,
				    &buf);
#else
	/* Debian 6.12 backports the split of walk_page_range_novma into
	 * walk_kernel_page_table_range (init_mm only) and this one. */
	ret = walk_page_range_debug(ko_mmp, start, end, &ko_walk_ops, NULL,
				    &buf);
#endif
	*count = buf.count;
	return ret;
}

const char *const ko_info_keys[] = {
	"PGDIR_SHIFT", "P4D_SHIFT", "PUD_SHIFT", "PMD_SHIFT", "PAGE_SHIFT",
	"PTRS_PER_PGD", "PTRS_PER_P4D", "PTRS_PER_PUD", "PTRS_PER_PMD",
	"PTRS_PER_PTE", "page_size", "struct_page_size", NULL
};

int ko_info(unsigned long *v, int max)
{
	unsigned long all[] = {
		PGDIR_SHIFT, P4D_SHIFT, PUD_SHIFT, PMD_SHIFT, PAGE_SHIFT,
		PTRS_PER_PGD, PTRS_PER_P4D, PTRS_PER_PUD, PTRS_PER_PMD,
		PTRS_PER_PTE, PAGE_SIZE, sizeof(struct page)
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(all) && i < max; i++)
		v[i] = all[i];
	return i;
}

/* printk reached from the real code (e.g. pgd_clear_bad's pgd_ERROR). */
#ifdef printk
asmlinkage int _printk(const char *fmt, ...)
#else
asmlinkage int printk(const char *fmt, ...)
#endif
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = oracle_vlog(printk_skip_level(fmt), ap);
	va_end(ap);
	return n;
}

/*
 * Statistics only (NR_FOLL_PIN_ACQUIRED on the pin path, 3faa52c03f44):
 * no verdict depends on it, so it is a no-op rather than a stub.
 */
void mod_node_page_state(struct pglist_data *pgdat, enum node_stat_item item,
			 long delta)
{
}
