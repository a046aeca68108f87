// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle server, user side: the wire protocol of PROTOCOL.md, the guest
 * address map, signals and the per-request alarm. It never sees a kernel
 * type: everything kernel-shaped goes through glue.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>
#include "glue.h"
#include "user.h"

#ifndef KO_VERSION
#define KO_VERSION "unknown"
#endif
#ifndef KO_ARCH
#define KO_ARCH "unknown"
#endif
#ifndef KO_VARIANT
#define KO_VARIANT "default"
#endif

/* The guest address map (PROTOCOL.md, Addresses). */
#define TABLE_LO	ORACLE_TABLE_LO
#define TABLE_HI	(ORACLE_TABLE_LO + ORACLE_TABLE_BYTES)
#define TABLE_CHUNK	(64UL << 10)
#define VMEMMAP_BASE	0x0000100000000000UL
#define VMEMMAP_CHUNK	(2UL << 20)
#define PFN_LIMIT	(1UL << 40)
#define WALK_CAP	(1L << 18)      /* callbacks one walk may make */
#define FRAMES_MAX	(1UL << 24)     /* struct pages one `page` may make */
#define TICK_MS		100             /* the alarm's period */
#define TIMEOUT_MS	2000

/* ---- output ---------------------------------------------------------- */

static char *out;
static size_t out_len, out_cap;

static void out_reserve(size_t n)
{
	if (out_len + n <= out_cap)
		return;
	while (out_len + n > out_cap)
		out_cap = out_cap ? 2 * out_cap : 1 << 20;
	out = realloc(out, out_cap);
	if (!out)
		abort();
}

static void outf(const char *fmt, ...)
{
	va_list ap;
	int n;

	out_reserve(256);
	va_start(ap, fmt);
	n = vsnprintf(out + out_len, out_cap - out_len, fmt, ap);
	va_end(ap);
	if ((size_t)n >= out_cap - out_len) {
		out_reserve(n + 1);
		va_start(ap, fmt);
		vsnprintf(out + out_len, out_cap - out_len, fmt, ap);
		va_end(ap);
	}
	out_len += n;
}

/* Hex without leading zeros, the protocol's number format. */
static void outx(unsigned long v)
{
	static const char dig[] = "0123456789abcdef";
	char tmp[17];
	int i = 16;

	out_reserve(18);
	tmp[i] = 0;
	do {
		tmp[--i] = dig[v & 15];
		v >>= 4;
	} while (v);
	memcpy(out + out_len, tmp + i, 16 - i);
	out_len += 16 - i;
}

static void out_flush(void)
{
	size_t done = 0;

	while (done < out_len) {
		ssize_t n = write(1, out + done, out_len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			exit(0);        /* the client went away */
		done += n;
	}
	out_len = 0;
}

/* ---- faults, stubs and the alarm -------------------------------------- */

/*
 * The kernel's code runs between arch_kernel_enter() and
 * arch_kernel_leave(), and every way back here from it (a signal handler, a
 * stub, a printk) starts with arch_kernel_leave(): riscv's `current` is the
 * tp register, which the C library keeps as its thread pointer
 * (arch/riscv64/user.c). Elsewhere both do nothing.
 */
__attribute__((weak)) void arch_kernel_enter(void)
{
}

__attribute__((weak)) void arch_kernel_leave(void)
{
}

#define KERNEL(call) ({ arch_kernel_enter(); __auto_type k_ = (call); \
			arch_kernel_leave(); k_; })
#define KERNEL_VOID(call) do { arch_kernel_enter(); call; \
			       arch_kernel_leave(); } while (0)

static sigjmp_buf request_jmp;
static volatile sig_atomic_t armed;     /* inside a request */
static volatile unsigned long seq, seen_seq, seen_ticks;
static unsigned long timeout_ticks = TIMEOUT_MS / TICK_MS;
static char err[160];

static const char *signame(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGTRAP: return "SIGTRAP";
	}
	return "SIG?";
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	arch_kernel_leave();    /* sigreturn restores the interrupted tp */
	if (arch_emulate(sig, si, uc))
		return;
	if (!armed) {
		/* A fault outside the kernel code is our own bug. */
		signal(sig, SIG_DFL);
		return;
	}
	snprintf(err, sizeof(err), "error signal %s pc=%lx addr=%lx",
		 signame(sig), arch_pc(uc), (unsigned long)si->si_addr);
	armed = 0;
	siglongjmp(request_jmp, 1);
}

/*
 * One interval timer for the whole run (no system call per request): a
 * request seen running at timeout_ticks consecutive ticks is abandoned.
 */
static void on_tick(int sig)
{
	arch_kernel_leave();
	if (!armed || seq != seen_seq) {
		seen_seq = seq;
		seen_ticks = 0;
		return;
	}
	if (++seen_ticks < timeout_ticks)
		return;
	snprintf(err, sizeof(err), "error timeout");
	armed = 0;
	siglongjmp(request_jmp, 1);
}

/*
 * get_user_pages_fast() falls back to the slow path, which this program
 * does not link, when its fast walk did not take every page; the slow path
 * starts by taking the mmap lock. Inside oracle_until_fallback() that first
 * stub ends the call instead of the request.
 */
static sigjmp_buf fallback_jmp;
static volatile sig_atomic_t fallback_armed;

int oracle_until_fallback(void (*fn)(void *), void *arg)
{
	if (sigsetjmp(fallback_jmp, 0)) {
		fallback_armed = 0;
		arch_kernel_enter();    /* back to the kernel's caller */
		return 1;
	}
	fallback_armed = 1;
	fn(arg);
	fallback_armed = 0;
	return 0;
}

void oracle_stub(const char *name)
{
	arch_kernel_leave();
	if (armed && fallback_armed && !strncmp(name, "down_read", 9))
		siglongjmp(fallback_jmp, 1);
	if (!armed) {
		fprintf(stderr, "oracle: stub %s reached outside a request\n",
			name);
		abort();
	}
	snprintf(err, sizeof(err), "error stub %s", name);
	armed = 0;
	siglongjmp(request_jmp, 1);
}

int oracle_vlog(const char *fmt, __builtin_va_list ap)
{
	int n;

	arch_kernel_leave();
	n = vfprintf(stderr, fmt, ap);
	arch_kernel_enter();
	return n;
}

static sigset_t tick_only;

/*
 * SA_NODEFER: we leave by siglongjmp without restoring a mask. The tick,
 * when there is one, is held off while a fault handler runs (an emulated
 * privileged instruction: several per gup on s390) so that it never lands
 * on the alternate stack in the middle of one; handle() unblocks it after
 * a siglongjmp out of a handler.
 */
static void setup_faults(void)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				      SIGTRAP };
	struct sigaction sa = { 0 };
	stack_t ss = { .ss_size = 1 << 16 };
	unsigned int i;

	ss.ss_sp = malloc(ss.ss_size);
	sigaltstack(&ss, NULL);
	sigemptyset(&tick_only);
	sigaddset(&tick_only, SIGALRM);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sa.sa_mask = tick_only;
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		sigaction(faults[i], &sa, NULL);
}

/*
 * The alarm is opt-in (ORACLE_TIMEOUT_MS): an asynchronous signal landing
 * in the middle of the kernel's code under qemu-s390x was seen to resume
 * it at address 0 now and then, which made answers depend on timing. The
 * client's own timeout (it kills and restarts the server) covers a hang.
 */
static void setup_alarm(void)
{
	struct sigaction sa = { 0 };
	struct itimerval tick = { { 0, TICK_MS * 1000 }, { 0, TICK_MS * 1000 } };
	const char *env = getenv("ORACLE_TIMEOUT_MS");

	if (!env || atol(env) < TICK_MS)
		return;
	timeout_ticks = atol(env) / TICK_MS;
	/* On the interrupted stack: never nested on the alternate one. */
	sa.sa_flags = SA_NODEFER | SA_RESTART;
	sa.sa_handler = on_tick;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &tick, NULL);
}

static void setup_signals(void)
{
	setup_faults();
	setup_alarm();
}

/* ---- the guest address map ------------------------------------------ */

/* Chunks mapped on demand, so that `mm` can drop them: a hash set. */
static unsigned long *chunks;
static size_t nchunks, chunk_cap;       /* chunk_cap: a power of two */

static size_t chunk_slot(unsigned long a)
{
	return (a >> 16) * 0x9e3779b97f4a7c15UL >> 20 & (chunk_cap - 1);
}

static int chunk_has(unsigned long a)
{
	size_t i;

	if (!chunk_cap)
		return 0;
	for (i = chunk_slot(a); chunks[i]; i = (i + 1) & (chunk_cap - 1))
		if (chunks[i] == a)
			return 1;
	return 0;
}

static void chunk_add(unsigned long a)
{
	size_t i;

	if (2 * (nchunks + 1) > chunk_cap) {
		unsigned long *old = chunks;
		size_t j, oldcap = chunk_cap;

		chunk_cap = chunk_cap ? 2 * chunk_cap : 1024;
		chunks = calloc(chunk_cap, sizeof(*chunks));
		nchunks = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				chunk_add(old[j]);
		free(old);
	}
	for (i = chunk_slot(a); chunks[i]; i = (i + 1) & (chunk_cap - 1))
		;
	chunks[i] = a;
	nchunks++;
}

static void chunks_drop(void)
{
	size_t i;

	for (i = 0; i < chunk_cap; i++) {
		if (!chunks[i])
			continue;
		munmap((void *)chunks[i], chunks[i] >= VMEMMAP_BASE ?
		       VMEMMAP_CHUNK : TABLE_CHUNK);
		chunks[i] = 0;
	}
	nchunks = 0;
}

/*
 * Map [lo, hi) by chunks of `size`. MAP_FIXED_NOREPLACE and the address
 * check keep us from ever replacing a mapping we did not make.
 */
static int map_range(unsigned long lo, unsigned long hi, unsigned long size)
{
	unsigned long a;

	for (a = lo & ~(size - 1); a < hi; a += size) {
		void *p;

		if (chunk_has(a))
			continue;
		p = mmap((void *)a, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			 MAP_FIXED_NOREPLACE, -1, 0);
		if (p != (void *)a) {
			if (p != MAP_FAILED)
				munmap(p, size);
			return -1;
		}
		chunk_add(a);
	}
	return 0;
}

static int table_mapped(unsigned long a, unsigned long bytes)
{
	if (a < TABLE_LO || a >= TABLE_HI || bytes > TABLE_HI - a || a & 7)
		return 0;
	return chunk_has(a & ~(TABLE_CHUNK - 1)) &&
	       chunk_has((a + bytes - 1) & ~(TABLE_CHUNK - 1));
}

/* Struct pages registered by `page`: the heads are checked after gup. */
struct range {
	unsigned long pfn, frames;
	int order;
};
static struct range *ranges;
static size_t nranges, ranges_cap;

static void ranges_add(unsigned long pfn, unsigned long frames, int order)
{
	size_t i, j;

	/* A new registration replaces every one it overlaps. */
	for (i = j = 0; i < nranges; i++)
		if (ranges[i].pfn + ranges[i].frames <= pfn ||
		    pfn + frames <= ranges[i].pfn)
			ranges[j++] = ranges[i];
	nranges = j;
	if (nranges == ranges_cap) {
		ranges_cap = ranges_cap ? 2 * ranges_cap : 64;
		ranges = realloc(ranges, ranges_cap * sizeof(*ranges));
	}
	ranges[nranges++] = (struct range){ pfn, frames, order };
}

/* ---- requests -------------------------------------------------------- */

#define MAXTOK 16
static char *tok[MAXTOK];
static int ntok;

static int bad(const char *why)
{
	snprintf(err, sizeof(err), "error request %s", why);
	return -1;
}

static int hex(const char *s, unsigned long *v)
{
	unsigned long x = 0;
	int n = 0;

	for (; *s; s++, n++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (n == 16)
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return n ? 0 : -1;
}

/* Parses tok[first..ntok) as hex into v[]; the count must be exact. */
static int args(int first, int count, unsigned long *v)
{
	int i;

	if (ntok - first != count)
		return bad("wrong number of fields");
	for (i = 0; i < count; i++)
		if (hex(tok[first + i], &v[i]))
			return bad("malformed number");
	return 0;
}

static int levels_ok(int levels)
{
	const char *s = KERNEL(ko_arch_levels());

	for (; *s; s++)
		if (*s - '0' == levels)
			return 1;
	return 0;
}

static int req_mm(void)
{
	unsigned long v;

	if (args(1, 1, &v))
		return -1;
	if (v > 9 || !levels_ok(v))
		return bad("unsupported depth");
	chunks_drop();
	nranges = 0;
	if (KERNEL(ko_mm(v)))
		return bad("unsupported depth");
	outf("ok");
	return 0;
}

static int req_table(void)
{
	unsigned long v[3], i;

	if (args(1, 3, v))
		return -1;
	if (v[0] < TABLE_LO || v[0] >= TABLE_HI || v[0] & 7 || !v[1] ||
	    v[1] & 7 || v[1] > TABLE_HI - v[0])
		return bad("table outside the table window or misaligned");
	if (map_range(v[0], v[0] + v[1], TABLE_CHUNK))
		return bad("cannot map the table window there");
	for (i = 0; i < v[1]; i += 8)
		*(unsigned long *)(v[0] + i) = v[2];
	outf("ok");
	return 0;
}

static int req_store(void)
{
	unsigned long v[2];

	if (args(1, 2, v))
		return -1;
	if (!table_mapped(v[0], 8))
		return bad("store outside any table");
	*(volatile unsigned long *)v[0] = v[1];
	outf("ok");
	return 0;
}

static int req_load(void)
{
	unsigned long a;

	if (args(1, 1, &a))
		return -1;
	if (!table_mapped(a, 8))
		return bad("load outside any table");
	outf("ok ");
	outx(*(volatile unsigned long *)a);
	return 0;
}

static int req_pgd(void)
{
	unsigned long a;

	if (args(1, 1, &a))
		return -1;
	if (!table_mapped(a, 8))
		return bad("pgd outside any table");
	KERNEL_VOID(ko_set_pgd(a));
	outf("ok");
	return 0;
}

static int req_page(void)
{
	unsigned long v[3], sz = KERNEL(ko_struct_page_size());

	if (args(1, 3, v))
		return -1;
	if (v[2] > 30 || !v[1] || v[0] >= PFN_LIMIT ||
	    v[1] > PFN_LIMIT - v[0] || v[1] > FRAMES_MAX)
		return bad("pfn range out of bounds");
	if ((v[0] | v[1]) & ((1UL << v[2]) - 1))
		return bad("pfn and frames must be multiples of 2^order");
	if (map_range(VMEMMAP_BASE + sz * v[0],
		      VMEMMAP_BASE + sz * (v[0] + v[1]), VMEMMAP_CHUNK))
		return bad("cannot map vmemmap there");
	KERNEL_VOID(ko_page_init(v[0], v[1], v[2]));
	ranges_add(v[0], v[1], v[2]);
	outf("ok");
	return 0;
}

static int req_gup(void)
{
	static unsigned long *pfns;
	static struct moved {
		unsigned long pfn;
		long ref, pin;
	} *moved;
	static size_t moved_cap;
	unsigned long v[3];
	long ret, i, taken;
	size_t r, m, nmoved;
	int kind, fell = 0;

	if (ntok < 2)
		return bad("wrong number of fields");
	if (!strcmp(tok[1], "fast"))
		kind = KO_GUP_FAST;
	else if (!strcmp(tok[1], "fast-only"))
		kind = KO_GUP_FAST_ONLY;
	else if (!strcmp(tok[1], "full"))
		kind = KO_GUP_FULL;
	else
		return bad("unknown gup kind");
	if (args(2, 3, v))
		return -1;
	if (v[1] > KO_GUP_MAX)
		return bad("too many pages");
	if (v[2] & ~(KO_FLAG_WRITE | KO_FLAG_PIN))
		return bad("unknown flags");
	if (!pfns)
		pfns = malloc(KO_GUP_MAX * sizeof(*pfns));
	ret = KERNEL(ko_gup(kind, v[0], v[1], v[2], pfns, &fell));
	/* Every head whose count moved, then all of them back to 1. */
	nmoved = 0;
	taken = 0;
	for (r = 0; r < nranges; r++) {
		unsigned long p, step = 1UL << ranges[r].order;

		for (p = ranges[r].pfn; p < ranges[r].pfn + ranges[r].frames;
		     p += step) {
			long ref, pin;

			KERNEL_VOID(ko_page_take(p, &ref, &pin));
			if (ref == 1 && !pin)
				continue;
			if (nmoved == moved_cap) {
				moved_cap = moved_cap ? 2 * moved_cap : 64;
				moved = realloc(moved, moved_cap * sizeof(*moved));
			}
			moved[nmoved++] = (struct moved){ p, ref, pin };
			/* A pin a large folio does not count in its pincount is
			 * GUP_PIN_COUNTING_BIAS references, as one of a small page. */
			taken += !(v[2] & KO_FLAG_PIN) ? ref - 1 : pin ? pin : (ref - 1) / 1024;
		}
	}
	/*
	 * The slow path is abandoned at its first stub, before it takes a page:
	 * every reference left is the fast path's, one a page it took. (The pages
	 * written are not: gup_fast_pmd_leaf() records subpages before its grab
	 * and its re-check, and a failed re-check puts them back.)
	 */
	if (fell && ret > taken)
		ret = taken;
	outf(fell ? "ok fell:%ld" : "ok %ld", ret);
	for (i = 0; i < ret && i < (long)v[1]; i++) {
		outf(" ");
		outx(pfns[i]);
	}
	outf(" ;");
	for (m = 0; m < nmoved; m++) {
		outf(" ");
		outx(moved[m].pfn);
		outf(moved[m].pin ? ":%ld:%ld" : ":%ld", moved[m].ref, moved[m].pin);
	}
	return 0;
}

static int req_arm(void)
{
	unsigned long v[3];
	int r;

	if (args(1, 3, v))
		return -1;
	if (!v[0] || v[0] > LONG_MAX)
		return bad("the call to stop at counts from 1");
	if (!table_mapped(v[1], 8))
		return bad("arm a store outside any table");
	r = KERNEL(ko_arm(v[0], v[1], v[2]));
	if (r < 0)
		return bad("too many stores armed");
	outf(r ? "none" : "ok");
	return 0;
}

static int req_disarm(void)
{
	long calls, made;

	if (args(1, 0, NULL))
		return -1;
	calls = KERNEL(ko_disarm(&made));
	outf("ok ");
	outx(calls);
	outf(" ");
	outx(made);
	return 0;
}

static int req_walk(void)
{
	static const char *const lv[] = { "pgd", "p4d", "pud", "pmd", "pte" };
	static unsigned long *rec;
	unsigned long v[2];
	long ret, n, i;

	if (args(1, 2, v))
		return -1;
	if (!rec)
		rec = malloc(WALK_CAP * KO_WALK_WORDS * sizeof(*rec));
	ret = KERNEL(ko_walk(v[0], v[1], rec, WALK_CAP, &n));
	if (n == WALK_CAP)
		return bad("walk made too many callbacks");
	outf("ok %ld", ret);
	for (i = 0; i < n; i++) {
		unsigned long *r = rec + i * KO_WALK_WORDS;

		if (r[0] == KO_WALK_HOLE) {
			outf(" hole:");
			outx(r[1]);
			outf(":");
			outx(r[2]);
			outf(":%ld", (long)r[3]);
			continue;
		}
		outf(" leaf:%s:", lv[r[1]]);
		outx(r[2]);
		outf(":");
		outx(r[3]);
		outf(":");
		outx(r[4]);
		outf(":");
		outx(r[5]);
	}
	return 0;
}

static int level_of(const char *s)
{
	static const char *const names[] = { "pgd", "p4d", "pud", "pmd",
					     "pte" };
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* Where no architecture needs more (user.h). */
__attribute__((weak)) unsigned long arch_pointer(unsigned long value)
{
	return value;
}

static int req_helper(void)
{
	const struct ko_helper *h = NULL;
	unsigned long a[4], val, slot;
	int i, level, known = 0;

	if (ntok < 3)
		return bad("wrong number of fields");
	level = level_of(tok[2]);
	if (level < 0)
		return bad("unknown level");
	for (i = 0; i < ko_nhelpers; i++) {
		if (strcmp(ko_helpers[i].name, tok[1]))
			continue;
		known = 1;
		if (ko_helpers[i].level == level)
			h = &ko_helpers[i];
	}
	if (!known)
		return bad("unknown helper");
	if (!h) {
		outf("none");
		return 0;
	}
	if (args(3, h->nargs, a))
		return -1;
	if (h->id < 0) {
		outf("none");
		return 0;
	}
	KERNEL_VOID(ko_helper(h->id, a, &val));
	if (h->pointer)
		val = arch_pointer(val);
	slot = KERNEL(ko_copy_slot());
	if (h->pointer && val - slot < KO_COPY_SLOT_BYTES) {
		outf("ok copy+");
		outx(val - slot);
	} else {
		outf("ok ");
		outx(val);
	}
	return 0;
}

static int req_info(void)
{
	unsigned long v[32];
	int i, n;

	if (args(1, 0, v))
		return -1;
	n = KERNEL(ko_info(v, 32));
	outf("ok");
	for (i = 0; i < n && ko_info_keys[i]; i++) {
		outf(" %s=", ko_info_keys[i]);
		outx(v[i]);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} requests[] = {
	{ "mm", req_mm }, { "table", req_table }, { "store", req_store },
	{ "load", req_load }, { "pgd", req_pgd }, { "page", req_page },
	{ "gup", req_gup }, { "walk", req_walk }, { "helper", req_helper },
	{ "info", req_info }, { "arm", req_arm }, { "disarm", req_disarm },
};

static int dispatch(void)
{
	unsigned int i;

	if (!ntok)
		return bad("empty line");
	for (i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (!strcmp(tok[0], requests[i].name))
			return requests[i].fn();
	return bad("unknown request");
}

/* One line in, exactly one line out, whatever happens in between. */
static void handle(char *line)
{
	size_t mark = out_len;
	char *s;

	for (ntok = 0, s = strtok(line, " \t\r"); s && ntok < MAXTOK;
	     s = strtok(NULL, " \t\r"))
		tok[ntok++] = s;
	if (s) {
		bad("too many fields");
		goto fail;
	}
	seq++;
	if (sigsetjmp(request_jmp, 0))
		goto fail;      /* a fault, a stub or the alarm: err is set */
	armed = 1;
	if (dispatch()) {
		armed = 0;
		goto fail;
	}
	armed = 0;
	outf("\n");
	return;
fail:
	sigprocmask(SIG_UNBLOCK, &tick_only, NULL);
	out_len = mark;
	outf("%s\n", err);
}

int main(void)
{
	static char in[1 << 20];
	size_t len = 0, skip = 0;
	unsigned long low;
	const char *levels;

	setup_signals();
	/* The lowcore (s390) the kernel code reads; x86 needs none. */
	low = KERNEL(ko_low_size());
	if (low && mmap(NULL + 0, low, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != NULL) {
		fprintf(stderr, "oracle: cannot map guest page 0 (%s); run "
			"under qemu with a guest base (-B) or as root\n",
			strerror(errno));
		return 1;
	}
	levels = KERNEL(ko_arch_levels());
	KERNEL_VOID(ko_setup(VMEMMAP_BASE));
	KERNEL_VOID(ko_mm(levels[0] - '0'));
	outf("ready version=%s arch=%s config=%s levels=%s\n", KO_VERSION,
	     KO_ARCH, KO_VARIANT, levels);
	out_flush();
	for (;;) {
		char *nl, *start;
		ssize_t n;

		n = read(0, in + len, sizeof(in) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		start = in;
		while ((nl = memchr(start, '\n', in + len - start))) {
			*nl = 0;
			if (skip)
				skip = 0;
			else
				handle(start);
			start = nl + 1;
		}
		len -= start - in;
		memmove(in, start, len);
		if (len == sizeof(in) - 1) {
			/* A line longer than the buffer: answer, drop it. */
			bad("line too long");
			outf("%s\n", err);
			len = 0;
			skip = 1;
		}
		out_flush();
	}
	out_flush();
	return 0;
}
