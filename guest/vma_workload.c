// SPDX-License-Identifier: GPL-2.0
/*
 * vma_workload: a workload for a process's VMA tree (mm->mm_mt), to run in
 * the guest as a child of /init.  It maps, faults, splits, merges, moves,
 * forks and unmaps many small VMAs, times each phase and checks every byte
 * it relies on.  It needs only /proc (for /proc/self/maps and
 * /proc/sys/vm/max_map_count) and a kernel with MAP_FIXED_NOREPLACE (4.17
 * or later); it builds static:
 *
 *   gcc -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
 *       -o vma_workload vma_workload.c
 *
 * Usage:
 *   vma_workload [-n VMAS] [-t THREADS] [-s SEED] [-r ROUNDS] [-f FORKS]
 *                [-i ITERS] [-m READS] [-p PHASE[,PHASE...]] [-M] [-E] [-h]
 *
 *   -n VMAS     single-page VMAs in the pool (default 10000); the mprotect,
 *               mremap and brk phases use VMAS/10 (at least 16) pages
 *   -t THREADS  faulting threads in the threads phase (default 2)
 *   -s SEED     xorshift seed, decimal or 0x-hex (default 1); every round
 *               uses the same seed, so rounds do the same work
 *   -r ROUNDS   run the selected phases this many times (default 1)
 *   -f FORKS    fork+exit cycles in the fork phase (default 4)
 *   -i ITERS    DONTNEED+refault passes per thread in the threads phase
 *               (default 32, over 32 pages per thread)
 *   -m READS    whole-file reads of /proc/self/maps in the maps phase
 *               (default 4)
 *   -p LIST     comma-separated phases to run (default all); they always
 *               run in the order below, and a phase that needs the pool in
 *               some state (mapped, written) gets it from untimed set-up
 *   -M          map the pool (untimed) before the first round, so that the
 *               phases selected run against a tree of VMAS entries even
 *               when none of them needs the pool (brk alone, for a
 *               profile of it that looks as in a run of every phase)
 *   -E          a call that fails for want of memory (ENOMEM; EAGAIN from
 *               fork and thread creation; a refused brk) failed cleanly:
 *               it changed nothing, so it is made again, up to
 *               ENOMEM_STREAK times in a row; every check stays, so what
 *               succeeded is verified as always, and a call that had
 *               changed something before failing shows up as a failure
 *               of its retry (EEXIST, a placement) or of a check.  For
 *               kernels that fail allocations on purpose (failslab); the
 *               phase lines then carry enomem=N (calls made again) and
 *               the last line before the result is "vma: enomem total=N"
 *
 * Phases, in the order they run.  The pool is VMAS one-page anonymous VMAs,
 * one every other page of a hole (so no two can merge), and it stays mapped
 * from mmap to munmap, so that the mprotect, mremap, brk and fork phases
 * work on a tree holding VMAS entries:
 *   mmap      map the pool with MAP_FIXED_NOREPLACE, slots in random order,
 *             in a hole found by mapping a PROT_NONE range and unmapping it
 *   fault     first write to each pool page, in random order
 *   dontneed  per pool page: MADV_DONTNEED, read back zero, write, read back
 *   maps      read /proc/self/maps whole, READS times; every pool VMA must
 *             be listed, one page each, rw-p
 *   mprotect  a VMA of 2K+1 pages: mprotect every odd page read-only in
 *             random order (splits, to 2K+1 VMAs), then back (merges, to 1)
 *   mremap    K one-page VMAs: move away (MREMAP_MAYMOVE|MREMAP_FIXED),
 *             grow in place to two pages, shrink to one, move back
 *   brk       grow the heap by K pages one page at a time (raw brk
 *             syscall), writing each, then shrink it one page at a time
 *   fork      fork with the pool mapped; the child checks and rewrites a
 *             sample of 64 pool pages and exits 0; the parent checks that
 *             its pages did not change (copy-on-write)
 *   munmap    unmap the pool's VMAs one by one, in random order
 *   threads   THREADS threads each own 32 one-page VMAs and DONTNEED +
 *             refault them ITERS times (the per-VMA-lock fault path), while
 *             the main thread maps, mprotects and unmaps VMAs in the gaps
 *             between theirs (merging with and splitting from theirs)
 *             until they are done
 *
 * A page's contents are a value derived from its address (the first and
 * last 8 bytes of the page); every phase reads back what it wrote, and the
 * layout phases also check /proc/self/maps.  SIGSEGV and SIGBUS are caught
 * and reported as failures.
 *
 * Output, on stdout, one line per event, key=value fields separated by
 * spaces (parse by key, not by position):
 *   vma: start n=N threads=T seed=S rounds=R forks=F iters=I reads=M
 *        side=K page=P max_map_count=C phases=LIST premap=0|1
 *   vma: phase=NAME round=R ops=OPS ns_per_op=NS [extra fields] result=pass
 *   vma: median phase=NAME rounds=R ops=OPS ns_per_op=NS min=NS max=NS
 *   vma: result=pass
 * or, on the first failure, which ends the run:
 *   vma: result=fail phase=NAME round=R reason=WORD [details]
 * WORD is one of: syscall (details: call= addr= errno=), mismatch (what=
 * addr= expected= got=), maps (what= and counts or the unexpected VMA),
 * signal (sig= addr= code=), child (pid= and status= or signal=),
 * placement (a kernel put a mapping elsewhere than asked), config (VMAS
 * too large for vm.max_map_count) or usage (bad arguments: the usage text
 * then goes to stderr).  A forked child that fails prints
 * "vma: child-fail pid=PID phase=fork round=R reason=WORD ..." with the same
 * fields, and then its parent fails with reason=child.
 *
 * ns_per_op is the time of the phase's timed loops (CLOCK_MONOTONIC) over
 * its operation count; untimed set-up, tear-down and full read-back passes
 * are left out, checks done inside the loops are counted.  Operations:
 * mmap/fault/dontneed/munmap one per pool page; maps one per whole-file
 * read (lines= is the file's length; only the read is timed, not the
 * parse and check of what it read); mprotect one per call (2K); mremap
 * one per call (4K); brk one per brk call (2K); fork one per
 * fork+exit+wait; threads one per page refault by a faulting thread plus
 * one per map-mprotect-unmap cycle of the main thread (fault_ops= and
 * map_ops= give the parts).  The median lines follow the last round when
 * ROUNDS > 1; their ops= is the last round's (it varies only for threads).
 *
 * At the defaults it runs in about 0.5 s natively (most of it in fork:
 * copying 10000 VMAs), so in well under a minute under TCG.
 *
 * Exit status: 0 if every phase passed, 1 on a failure, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wb_guest.h"

#define FORK_SAMPLE	64	/* pool pages a forked child checks */
#define THREAD_VMAS	32	/* one-page VMAs per faulting thread */
#define MREMAP_STRIDE	8	/* pages per mremap slot: never adjacent */
#define MAX_THREADS	256
#define MAX_ROUNDS	10000
#define DEFAULT_MAX_MAP_COUNT 65530
#define ENOMEM_STREAK	1000	/* -E: tries of one call failing ENOMEM */

static struct {
	unsigned long n;	/* pool VMAs */
	unsigned long threads;
	unsigned long rounds;
	unsigned long forks;
	unsigned long iters;
	unsigned long reads;
	uint64_t seed;
	unsigned int phases;	/* bit i: phases[i] is selected */
	int enomem;		/* -E */
	int premap;		/* -M */
} cfg = {
	.n = 10000, .threads = 2, .rounds = 1, .forks = 4, .iters = 32,
	.reads = 4, .seed = 1, .phases = ~0u,
};

static size_t page;		/* bytes */
static unsigned long side;	/* K: pages for mprotect, mremap and brk */
static uint64_t salt;		/* from the seed, mixed into page values */
static uint64_t rng;		/* the main thread's xorshift state */
static uint32_t *order;		/* a permutation of the pool's slots */

/* For failure reports; also read by the signal handler. */
static const char *volatile cur_phase = "setup";
static volatile int cur_round;
static volatile int in_child;
static int dying;
static unsigned long enomem_seen;	/* -E: calls made again (all threads) */

struct result {
	unsigned long ops;
	uint64_t ns;		/* time of the timed loops */
	char extra[96];		/* more " key=value" fields for the line */
};

/* ------------------------------------------------------------------ */
/* Reporting */

/*
 * Report the first failure and end the process (every thread of it).  A
 * second thread failing at the same time waits for the first to exit, so
 * that exactly one failure line is printed.
 */
static void die(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
static void die(const char *reason, const char *fmt, ...)
{
	va_list ap;

	if (__atomic_exchange_n(&dying, 1, __ATOMIC_SEQ_CST))
		for (;;)
			pause();
	if (in_child)
		printf("vma: child-fail pid=%d phase=%s round=%d reason=%s ",
		       getpid(), cur_phase, cur_round, reason);
	else
		printf("vma: result=fail phase=%s round=%d reason=%s ",
		       cur_phase, cur_round, reason);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	_exit(1);
}

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "unknown";
}

static void die_err(const char *call, const void *addr, int err)
	__attribute__((noreturn));
static void die_err(const char *call, const void *addr, int err)
{
	die("syscall", "call=%s addr=0x%" PRIxPTR " errno=%s", call,
	    (uintptr_t)addr, errname(err));
}

static void die_sys(const char *call, const void *addr) __attribute__((noreturn));
static void die_sys(const char *call, const void *addr)
{
	die_err(call, addr, errno);
}

/*
 * -E: true if a call that failed with err is to be made again (a clean
 * failure for want of memory); *tries counts the tries of this call.
 */
static int again(int err, unsigned int *tries, const char *call,
		 const void *addr)
{
	if (!cfg.enomem || (err != ENOMEM && err != EAGAIN))
		return 0;
	if (++*tries >= ENOMEM_STREAK)
		die("syscall", "call=%s addr=0x%" PRIxPTR " errno=%s tries=%u",
		    call, (uintptr_t)addr, errname(err), *tries);
	__atomic_add_fetch(&enomem_seen, 1, __ATOMIC_RELAXED);
	return 1;
}

/* Async-signal-safe formatting for the signal handler. */
static size_t put_str(char *buf, size_t len, const char *s)
{
	while (*s && len < 255)
		buf[len++] = *s++;
	return len;
}

static size_t put_num(char *buf, size_t len, uint64_t v, unsigned int base)
{
	char digits[24];
	int i = 0;

	do {
		digits[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		len = put_str(buf, len, "0x");
	while (i && len < 255)
		buf[len++] = digits[--i];
	return len;
}

/* A fault we did not ask for: report where and leave. */
static void on_fault_signal(int sig, siginfo_t *si, void *uc)
{
	char buf[256];
	size_t len;

	(void)uc;
	if (__atomic_exchange_n(&dying, 1, __ATOMIC_SEQ_CST))
		for (;;)
			pause();
	if (in_child) {
		len = put_str(buf, 0, "vma: child-fail pid=");
		len = put_num(buf, len, getpid(), 10);
		len = put_str(buf, len, " phase=");
	} else {
		len = put_str(buf, 0, "vma: result=fail phase=");
	}
	len = put_str(buf, len, cur_phase);
	len = put_str(buf, len, " round=");
	len = put_num(buf, len, cur_round, 10);
	len = put_str(buf, len, " reason=signal sig=");
	len = put_str(buf, len, sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
	len = put_str(buf, len, " addr=");
	len = put_num(buf, len, (uintptr_t)si->si_addr, 16);
	len = put_str(buf, len, " code=");
	len = put_num(buf, len, (unsigned int)si->si_code, 10);
	buf[len++] = '\n';
	if (write(STDOUT_FILENO, buf, len) < 0)
		_exit(1);
	_exit(1);
}

static void catch_fault_signals(void)
{
	struct sigaction sa = {
		.sa_sigaction = on_fault_signal,
		.sa_flags = SA_SIGINFO,
	};

	if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL))
		die_sys("sigaction", NULL);
}

/* ------------------------------------------------------------------ */
/* Randomness and page contents */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Marsaglia's xorshift64; the state must never be zero. */
static uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* The PRNG's state at the start of every round. */
static uint64_t seed_state(void)
{
	uint64_t s = mix64(cfg.seed + 0x9e3779b97f4a7c15ULL);

	return s ? s : 1;
}

static unsigned long rand_below(uint64_t *state, unsigned long n)
{
	return xorshift64(state) % n;
}

/* Fill a[] with 0..n-1 in random order (Fisher-Yates). */
static void shuffle(uint32_t *a, unsigned long n)
{
	unsigned long i, j;
	uint32_t t;

	for (i = 0; i < n; i++)
		a[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rand_below(&rng, i + 1);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/*
 * The value a word holds: derived from its address (the key: the address
 * the page had when written, so it follows a page that mremap moves) and
 * from a generation, so a stale page from an earlier write is told apart.
 * Never zero, so that it differs from a fresh page.
 */
static uint64_t pattern(uintptr_t key, unsigned int gen)
{
	return mix64(mix64(key ^ salt) + gen) | 1;
}

static void page_fill(char *p, uintptr_t key, unsigned int gen)
{
	*(volatile uint64_t *)p = pattern(key, gen);
	*(volatile uint64_t *)(p + page - 8) = pattern(key + page - 8, gen);
}

static void check_word(const char *p, uint64_t want, const char *what)
{
	uint64_t got = *(const volatile uint64_t *)p;

	if (got != want)
		die("mismatch", "what=%s addr=0x%" PRIxPTR " expected=0x%016" PRIx64
		    " got=0x%016" PRIx64, what, (uintptr_t)p, want, got);
}

static void page_verify(const char *p, uintptr_t key, unsigned int gen,
			const char *what)
{
	check_word(p, pattern(key, gen), what);
	check_word(p + page - 8, pattern(key + page - 8, gen), what);
}

static void page_verify_zero(const char *p, const char *what)
{
	check_word(p, 0, what);
	check_word(p + page - 8, 0, what);
}

/* ------------------------------------------------------------------ */
/* Mappings */

static void unmap(void *addr, size_t len, const char *call);

/*
 * Find a free range of len bytes and leave it free, for MAP_FIXED_NOREPLACE,
 * between two PROT_NONE guard pages that stay until unmap_hole(): without
 * them the kernel puts the next mapping (a thread stack, say) against the
 * range's first slot, in the free pages we mean to use.  Between here and
 * the mapping of its slots nothing else may be mapped either: the kernel
 * would put a small mapping in the range, its last pick.
 */
static char *find_hole(size_t len)
{
	unsigned int tries = 0;
	char *p;

	do
		p = mmap(NULL, len + 2 * page, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	while (p == MAP_FAILED && again(errno, &tries, "mmap(hole)", NULL));
	if (p == MAP_FAILED)
		die_sys("mmap(hole)", NULL);
	unmap(p + page, len, "munmap(hole)");
	return p + page;
}

static void unmap_hole(char *base, size_t len, const char *call)
{
	unmap(base - page, len + 2 * page, call);
}

static void map_at(char *addr, size_t len, int prot, const char *call)
{
	unsigned int tries = 0;
	char *p;

	do
		p = mmap(addr, len, prot,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	while (p == MAP_FAILED && again(errno, &tries, call, addr));
	if (p == MAP_FAILED)
		die_sys(call, addr);
	if (p != addr)		/* a kernel older than 4.17 took it as a hint */
		die("placement", "call=%s addr=0x%" PRIxPTR " got=0x%" PRIxPTR,
		    call, (uintptr_t)addr, (uintptr_t)p);
}

static void unmap(void *addr, size_t len, const char *call)
{
	unsigned int tries = 0;
	int ret;

	do
		ret = munmap(addr, len);
	while (ret && again(errno, &tries, call, addr));
	if (ret)
		die_sys(call, addr);
}

static void protect(void *addr, size_t len, int prot, const char *call)
{
	unsigned int tries = 0;
	int ret;

	do
		ret = mprotect(addr, len, prot);
	while (ret && again(errno, &tries, call, addr));
	if (ret)
		die_sys(call, addr);
}

static void dontneed(void *addr, size_t len)
{
	unsigned int tries = 0;
	int ret;

	do
		ret = madvise(addr, len, MADV_DONTNEED);
	while (ret && again(errno, &tries, "madvise(MADV_DONTNEED)", addr));
	if (ret)
		die_sys("madvise(MADV_DONTNEED)", addr);
}

/* A buffer of ours, away from the regions under test. */
static void *buffer(size_t len)
{
	unsigned int tries = 0;
	void *p;

	do
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	while (p == MAP_FAILED && again(errno, &tries, "mmap(buffer)", NULL));
	if (p == MAP_FAILED)
		die_sys("mmap(buffer)", NULL);
	return p;
}

/* ------------------------------------------------------------------ */
/* /proc/self/maps */

static char *maps_buf;
static size_t maps_cap;

/* What a region of the address space must look like in /proc/self/maps. */
struct maps_check {
	const char *what;
	uintptr_t lo, hi;	/* the region */
	unsigned long want;	/* VMAs expected to overlap it */
	/* If stride: each is len bytes, rw-p, at lo + off + k * stride ... */
	size_t stride, off, len;
	/* ... and if group, k % group != group - 1 (those slots are not ours) */
	unsigned long group;
	unsigned long lines;	/* out: lines in the file */
	unsigned long hits;	/* out: VMAs overlapping the region */
};

static int maps_open(void)
{
	unsigned int tries = 0;
	int fd;

	do
		fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	while (fd < 0 && again(errno, &tries, "open(/proc/self/maps)", NULL));
	if (fd < 0)
		die_sys("open(/proc/self/maps)", NULL);
	return fd;
}

static size_t maps_read(void)
{
	int fd = maps_open();
	unsigned int tries = 0;
	size_t len = 0;
	ssize_t n;

	for (;;) {
		if (len == maps_cap) {
			unsigned int grow_tries = 0;
			void *p;

			do
				p = mremap(maps_buf, maps_cap, 2 * maps_cap,
					   MREMAP_MAYMOVE);
			while (p == MAP_FAILED &&
			       again(errno, &grow_tries, "mremap(maps buffer)",
				     maps_buf));
			if (p == MAP_FAILED)
				die_sys("mremap(maps buffer)", maps_buf);
			maps_buf = p;
			maps_cap *= 2;
		}
		n = read(fd, maps_buf + len, maps_cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && again(errno, &tries, "read(/proc/self/maps)", NULL)) {
			close(fd);	/* from the start again */
			fd = maps_open();
			len = 0;
			continue;
		}
		if (n < 0)
			die_sys("read(/proc/self/maps)", NULL);
		if (!n)
			break;
		len += n;
	}
	close(fd);
	return len;
}

static uintptr_t parse_hex(const char **pp)
{
	const char *p = *pp;
	uintptr_t v = 0;

	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			v = v * 16 + (*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			v = v * 16 + (*p - 'a' + 10);
		else
			break;
	}
	*pp = p;
	return v;
}

static void maps_check_vma(const struct maps_check *c, uintptr_t start,
			   uintptr_t end, const char *perms)
{
	uintptr_t rel = start - c->lo;
	unsigned long k = (rel - c->off) / c->stride;

	if (start < c->lo || rel < c->off || (rel - c->off) % c->stride ||
	    end - start != c->len || strncmp(perms, "rw-p", 4) ||
	    (c->group && k % c->group == c->group - 1))
		die("maps", "what=%s unexpected-vma start=0x%" PRIxPTR
		    " end=0x%" PRIxPTR " perms=%.4s", c->what, start, end, perms);
}

static void maps_parse(const char *buf, size_t len, struct maps_check *c)
{
	const char *p = buf, *end = buf + len;

	c->lines = c->hits = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		uintptr_t start, stop;

		if (!nl)
			die("maps", "what=%s unterminated-line", c->what);
		start = parse_hex(&p);
		if (*p++ != '-')
			die("maps", "what=%s bad-line", c->what);
		stop = parse_hex(&p);
		if (*p++ != ' ')
			die("maps", "what=%s bad-line", c->what);
		c->lines++;
		if (start < c->hi && stop > c->lo) {
			c->hits++;
			if (c->stride)
				maps_check_vma(c, start, stop, p);
		}
		p = nl + 1;
	}
	if (c->hits != c->want)
		die("maps", "what=%s region=0x%" PRIxPTR "-0x%" PRIxPTR
		    " expected=%lu got=%lu", c->what, c->lo, c->hi, c->want,
		    c->hits);
}

static void maps_check(struct maps_check *c)
{
	maps_parse(maps_buf, maps_read(), c);
}

/* ------------------------------------------------------------------ */
/* The pool: cfg.n one-page VMAs, slot i at page 2i+1 of its region */

static struct {
	char *base;
	enum { POOL_NONE, POOL_MAPPED, POOL_WRITTEN } state;
	unsigned int gen;	/* of the values written, if POOL_WRITTEN */
} pool;

static size_t pool_len(void)
{
	return (2 * cfg.n + 1) * page;
}

static char *pool_slot(unsigned long i)
{
	return pool.base + (2 * i + 1) * page;
}

static void pool_map_slots(void)
{
	unsigned long i;

	for (i = 0; i < cfg.n; i++)
		map_at(pool_slot(order[i]), page, PROT_READ | PROT_WRITE, "mmap");
}

static void pool_check_maps(const char *what, unsigned long want)
{
	struct maps_check c = {
		.what = what, .want = want,
		.lo = (uintptr_t)pool.base,
		.hi = (uintptr_t)pool.base + pool_len(),
		.stride = 2 * page, .off = page, .len = page,
	};

	maps_check(&c);
}

static void pool_write(unsigned int gen, const char *what)
{
	unsigned long i;

	for (i = 0; i < cfg.n; i++)
		page_fill(pool_slot(i), (uintptr_t)pool_slot(i), gen);
	for (i = 0; i < cfg.n; i++)
		page_verify(pool_slot(i), (uintptr_t)pool_slot(i), gen, what);
	pool.state = POOL_WRITTEN;
	pool.gen = gen;
}

static void pool_verify(const char *what)
{
	unsigned long i;

	for (i = 0; i < cfg.n; i++)
		page_verify(pool_slot(i), (uintptr_t)pool_slot(i), pool.gen, what);
}

/* Untimed set-up and tear-down, for phases run without their elders. */
static void pool_unmap(void)
{
	if (pool.state != POOL_NONE)
		unmap_hole(pool.base, pool_len(), "munmap(pool)");
	pool.state = POOL_NONE;
}

static void pool_need_mapped(void)
{
	if (pool.state != POOL_NONE)
		return;
	pool.base = find_hole(pool_len());
	shuffle(order, cfg.n);
	pool_map_slots();
	pool.state = POOL_MAPPED;
}

static void pool_need_written(void)
{
	pool_need_mapped();
	if (pool.state != POOL_WRITTEN)
		pool_write(0, "setup");
}

/* ------------------------------------------------------------------ */
/* Phases */

static void phase_mmap(struct result *r)
{
	uint64_t t0;

	pool_unmap();
	pool.base = find_hole(pool_len());
	shuffle(order, cfg.n);
	t0 = now_ns();
	pool_map_slots();
	r->ns = now_ns() - t0;
	r->ops = cfg.n;
	pool.state = POOL_MAPPED;
	pool_check_maps("after-mmap", cfg.n);
}

static void phase_fault(struct result *r)
{
	unsigned long i;
	uint64_t t0;

	if (pool.state == POOL_WRITTEN)
		pool_unmap();	/* first touches need untouched pages */
	pool_need_mapped();
	shuffle(order, cfg.n);
	t0 = now_ns();
	for (i = 0; i < cfg.n; i++) {
		char *p = pool_slot(order[i]);

		page_fill(p, (uintptr_t)p, 0);
	}
	r->ns = now_ns() - t0;
	r->ops = cfg.n;
	pool.state = POOL_WRITTEN;
	pool.gen = 0;
	pool_verify("after-fault");
}

static void phase_dontneed(struct result *r)
{
	unsigned int gen;
	unsigned long i;
	uint64_t t0;

	pool_need_written();
	gen = pool.gen + 1;
	shuffle(order, cfg.n);
	t0 = now_ns();
	for (i = 0; i < cfg.n; i++) {
		char *p = pool_slot(order[i]);

		dontneed(p, page);
		page_verify_zero(p, "after-dontneed");
		page_fill(p, (uintptr_t)p, gen);
		page_verify(p, (uintptr_t)p, gen, "refault");
	}
	r->ns = now_ns() - t0;
	r->ops = cfg.n;
	pool.gen = gen;
	pool_verify("after-dontneed-pass");
}

static void phase_maps(struct result *r)
{
	struct maps_check c = {
		.what = "pool", .want = cfg.n,
		.stride = 2 * page, .off = page, .len = page,
	};
	unsigned long i;
	uint64_t t0;
	size_t len;

	pool_need_mapped();
	c.lo = (uintptr_t)pool.base;
	c.hi = (uintptr_t)pool.base + pool_len();
	for (i = 0; i < cfg.reads; i++) {
		t0 = now_ns();
		len = maps_read();
		r->ns += now_ns() - t0;
		maps_parse(maps_buf, len, &c);
		if (c.lines < cfg.n)
			die("maps", "what=line-count expected>=%lu got=%lu",
			    cfg.n, c.lines);
	}
	r->ops = cfg.reads;
	snprintf(r->extra, sizeof(r->extra), " lines=%lu", c.lines);
	if (pool.state == POOL_WRITTEN)
		pool_verify("after-maps");
}

/*
 * One VMA of 2K+1 pages between two PROT_NONE guard pages (so that it
 * cannot merge with whatever the kernel put next to it): making each odd
 * page read-only splits it into 2K+1 VMAs, making them writable again
 * merges them back into one.
 */
static void phase_mprotect(struct result *r)
{
	unsigned long i, pages = 2 * side + 1;
	char *guard, *base, *p;
	struct maps_check c = { .what = "mprotect" };
	unsigned int tries = 0;
	uint64_t t0;

	do
		guard = mmap(NULL, (pages + 2) * page, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	while (guard == MAP_FAILED &&
	       again(errno, &tries, "mmap(guarded)", NULL));
	if (guard == MAP_FAILED)
		die_sys("mmap(guarded)", NULL);
	base = guard + page;
	tries = 0;
	do
		p = mmap(base, pages * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	while (p == MAP_FAILED && again(errno, &tries, "mmap(MAP_FIXED)", base));
	if (p != base)
		die_sys("mmap(MAP_FIXED)", base);
	for (i = 0; i < pages; i++)
		page_fill(base + i * page, (uintptr_t)(base + i * page), 0);
	c.lo = (uintptr_t)base;
	c.hi = (uintptr_t)(base + pages * page);

	shuffle(order, side);
	t0 = now_ns();
	for (i = 0; i < side; i++)
		protect(base + (2 * order[i] + 1) * page, page, PROT_READ,
			"mprotect(PROT_READ)");
	r->ns = now_ns() - t0;
	c.want = pages;
	maps_check(&c);

	shuffle(order, side);
	t0 = now_ns();
	for (i = 0; i < side; i++)
		protect(base + (2 * order[i] + 1) * page, page,
			PROT_READ | PROT_WRITE, "mprotect(PROT_READ|PROT_WRITE)");
	r->ns += now_ns() - t0;
	c.want = 1;
	maps_check(&c);

	for (i = 0; i < pages; i++)
		page_verify(base + i * page, (uintptr_t)(base + i * page), 0,
			    "after-merge");
	for (i = 0; i < pages; i++)	/* writable again, all of it */
		page_fill(base + i * page, (uintptr_t)(base + i * page), 1);
	for (i = 0; i < pages; i++)
		page_verify(base + i * page, (uintptr_t)(base + i * page), 1,
			    "rewrite");
	unmap(guard, (pages + 2) * page, "munmap(guarded)");
	r->ops = 2 * side;
}

static char *mremap_checked(char *old, size_t old_len, size_t new_len,
			    int flags, char *new, char *want, const char *call)
{
	unsigned int tries = 0;
	char *p;

	do
		p = mremap(old, old_len, new_len, flags, new);
	while (p == MAP_FAILED && again(errno, &tries, call, old));
	if (p == MAP_FAILED)
		die_sys(call, old);
	if (p != want)
		die("placement", "call=%s addr=0x%" PRIxPTR " expected=0x%" PRIxPTR
		    " got=0x%" PRIxPTR, call, (uintptr_t)old, (uintptr_t)want,
		    (uintptr_t)p);
	return p;
}

/*
 * K one-page VMAs, slot k at page 8k+1 of a hole.  Each, in random order,
 * moves two pages up, grows in place to two pages, shrinks back to one and
 * moves home.  Eight pages per slot keep every VMA away from the others at
 * every step, so nothing merges.  The page keeps the value written at its
 * home address wherever it goes.
 */
static void phase_mremap(struct result *r)
{
	const int move = MREMAP_MAYMOVE | MREMAP_FIXED;
	size_t len = (MREMAP_STRIDE * side + 1) * page;
	char *base = find_hole(len);
	struct maps_check c = {
		.what = "mremap", .want = side,
		.lo = (uintptr_t)base, .hi = (uintptr_t)base + len,
		.stride = MREMAP_STRIDE * page, .off = page, .len = page,
	};
	unsigned long i;
	uint64_t t0;

	for (i = 0; i < side; i++) {
		char *home = base + (MREMAP_STRIDE * i + 1) * page;

		map_at(home, page, PROT_READ | PROT_WRITE, "mmap");
		page_fill(home, (uintptr_t)home, 0);
	}
	shuffle(order, side);
	t0 = now_ns();
	for (i = 0; i < side; i++) {
		char *home = base + (MREMAP_STRIDE * order[i] + 1) * page;
		char *away = home + 2 * page;
		uintptr_t key = (uintptr_t)home;

		mremap_checked(home, page, page, move, away, away, "mremap(move)");
		page_verify(away, key, 0, "moved");
		mremap_checked(away, page, 2 * page, 0, NULL, away, "mremap(grow)");
		page_verify(away, key, 0, "grown");
		page_verify_zero(away + page, "grown-tail");
		page_fill(away + page, (uintptr_t)(away + page), 0);
		mremap_checked(away, 2 * page, page, 0, NULL, away, "mremap(shrink)");
		page_verify(away, key, 0, "shrunk");
		mremap_checked(away, page, page, move, home, home, "mremap(move back)");
		page_verify(home, key, 0, "moved-back");
	}
	r->ns = now_ns() - t0;
	r->ops = 4 * side;
	maps_check(&c);
	unmap_hole(base, len, "munmap(mremap region)");
}

static uintptr_t brk_to(uintptr_t want, const char *call)
{
	unsigned int tries = 0;
	uintptr_t got;

	/* brk returns the old break on failure, for want of memory. */
	do
		got = (uintptr_t)syscall(SYS_brk, want);
	while (want && got != want && again(ENOMEM, &tries, call, (void *)want));
	if (want && got != want)
		die("syscall", "call=%s expected=0x%" PRIxPTR " got=0x%" PRIxPTR,
		    call, want, got);
	return got;
}

/*
 * Grow the heap page by page and shrink it back, by the brk syscall
 * itself: the break ends where it started, so malloc's idea of it (glibc
 * caches it) stays right.  Nothing here may call malloc.
 */
static void phase_brk(struct result *r)
{
	uintptr_t start = brk_to(0, "brk(0)");
	char *base = (char *)((start + page - 1) & ~(uintptr_t)(page - 1));
	unsigned long i;
	uint64_t t0;

	t0 = now_ns();
	for (i = 0; i < side; i++) {
		char *p = base + i * page;

		brk_to((uintptr_t)(p + page), "brk(grow)");
		page_fill(p, (uintptr_t)p, 0);
	}
	r->ns = now_ns() - t0;
	for (i = 0; i < side; i++)
		page_verify(base + i * page, (uintptr_t)(base + i * page), 0,
			    "after-grow");
	t0 = now_ns();
	for (i = side; i-- > 0;) {
		char *p = base + i * page;

		page_verify(p, (uintptr_t)p, 0, "before-shrink");
		brk_to((uintptr_t)p, "brk(shrink)");
	}
	r->ns += now_ns() - t0;
	/* What was given back must come back as fresh zeroed pages. */
	brk_to((uintptr_t)(base + side * page), "brk(regrow)");
	for (i = 0; i < side; i++)
		page_verify_zero(base + i * page, "after-regrow");
	brk_to(start, "brk(restore)");
	r->ops = 2 * side;
}

static void wait_child(pid_t pid)
{
	int status;

	if (wait_for(pid, &status) != pid)
		die_sys("waitpid", NULL);
	if (WIFSIGNALED(status))
		die("child", "pid=%d signal=SIG%s", pid,
		    sigabbrev_np(WTERMSIG(status)) ?: "?");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("child", "pid=%d status=0x%x", pid, status);
}

/* The child sees the parent's values, then writes its own (copy on write). */
static void __attribute__((noreturn)) fork_child(const uint32_t *sample)
{
	unsigned int i;

	in_child = 1;
	/* All checks before any write: the sample may name a page twice. */
	for (i = 0; i < FORK_SAMPLE; i++) {
		char *p = pool_slot(sample[i]);

		page_verify(p, (uintptr_t)p, pool.gen, "child-inherited");
	}
	for (i = 0; i < FORK_SAMPLE; i++) {
		char *p = pool_slot(sample[i]);

		page_fill(p, (uintptr_t)p, pool.gen + 2);
	}
	for (i = 0; i < FORK_SAMPLE; i++) {
		char *p = pool_slot(sample[i]);

		page_verify(p, (uintptr_t)p, pool.gen + 2, "child-written");
	}
	_exit(0);
}

static void phase_fork(struct result *r)
{
	uint32_t sample[FORK_SAMPLE];
	unsigned int i, tries;
	unsigned long k;
	uint64_t t0;
	pid_t pid;

	pool_need_written();
	for (k = 0; k < cfg.forks; k++) {
		for (i = 0; i < FORK_SAMPLE; i++)
			sample[i] = rand_below(&rng, cfg.n);
		t0 = now_ns();
		tries = 0;
		do
			pid = fork();
		while (pid < 0 && again(errno, &tries, "fork", NULL));
		if (pid < 0)
			die_sys("fork", NULL);
		if (!pid)
			fork_child(sample);
		wait_child(pid);
		r->ns += now_ns() - t0;
		for (i = 0; i < FORK_SAMPLE; i++) {
			char *p = pool_slot(sample[i]);

			page_verify(p, (uintptr_t)p, pool.gen, "parent-after-child");
		}
	}
	r->ops = cfg.forks;
}

static void phase_munmap(struct result *r)
{
	unsigned long i;
	uint64_t t0;

	pool_need_mapped();
	shuffle(order, cfg.n);
	t0 = now_ns();
	for (i = 0; i < cfg.n; i++)
		unmap(pool_slot(order[i]), page, "munmap");
	r->ns = now_ns() - t0;
	r->ops = cfg.n;
	pool.state = POOL_NONE;
	pool_check_maps("after-munmap", 0);
	unmap_hole(pool.base, pool_len(), "munmap(pool guards)");
}

/*
 * The threads phase's region: THREAD_VMAS groups of THREADS+1 slots, slot s
 * at page 2s+1, with a free page between slots.  Slot k of a group belongs
 * to faulting thread k, the last one to the main thread.
 */
static struct {
	char *base;
	unsigned long slots;
	pthread_barrier_t start;
	int running;		/* faulting threads not yet done */
} tp;

static struct faulter {
	pthread_t tid;
	unsigned long id;
	unsigned long ops;
} faulters[MAX_THREADS];	/* static: a small mmap would land in the hole */

static char *tp_slot(unsigned long s)
{
	return tp.base + (2 * s + 1) * page;
}

static char *faulter_page(unsigned long id, unsigned long g)
{
	return tp_slot(g * (cfg.threads + 1) + id);
}

static void *faulter_main(void *arg)
{
	struct faulter *f = arg;
	unsigned long it, g;

	pthread_barrier_wait(&tp.start);
	for (it = 1; it <= cfg.iters; it++) {
		for (g = 0; g < THREAD_VMAS; g++) {
			char *p = faulter_page(f->id, g);

			dontneed(p, page);
			page_verify_zero(p, "thread-after-dontneed");
			page_fill(p, (uintptr_t)p, it);
			page_verify(p, (uintptr_t)p, it, "thread-refault");
		}
		for (g = 0; g < THREAD_VMAS; g++) {
			char *p = faulter_page(f->id, g);

			page_verify(p, (uintptr_t)p, it, "thread-after-pass");
		}
		f->ops += THREAD_VMAS;
	}
	__atomic_sub_fetch(&tp.running, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Map the free page beside a faulting thread's VMA: writable, so the kernel
 * merges it into that VMA; then make it read-only (a split) and unmap it.
 */
static void mapper_gap_cycle(unsigned long s, int after)
{
	char *p = after ? tp_slot(s) + page : tp_slot(s) - page;

	map_at(p, page, PROT_READ | PROT_WRITE, "mmap(gap)");
	page_fill(p, (uintptr_t)p, 0);
	page_verify(p, (uintptr_t)p, 0, "mapper-gap");
	protect(p, page, PROT_READ, "mprotect(gap)");
	page_verify(p, (uintptr_t)p, 0, "mapper-gap-ro");
	unmap(p, page, "munmap(gap)");
}

/*
 * Map our own slot with the free pages on both sides: three pages that
 * touch two faulting threads' VMAs; split the middle off read-only, unmap.
 */
static void mapper_own_cycle(unsigned long s)
{
	char *p = tp_slot(s) - page;
	unsigned int i;

	map_at(p, 3 * page, PROT_READ | PROT_WRITE, "mmap(own)");
	for (i = 0; i < 3; i++)
		page_fill(p + i * page, (uintptr_t)(p + i * page), 1);
	protect(p + page, page, PROT_READ, "mprotect(own)");
	for (i = 0; i < 3; i++)
		page_verify(p + i * page, (uintptr_t)(p + i * page), 1,
			    "mapper-own");
	unmap(p, 3 * page, "munmap(own)");
}

static unsigned long mapper_run(void)
{
	unsigned long ops = 0, s;

	do {
		s = rand_below(&rng, tp.slots);
		if (s % (cfg.threads + 1) == cfg.threads)
			mapper_own_cycle(s);
		else
			mapper_gap_cycle(s, xorshift64(&rng) & 1);
		ops++;
	} while (__atomic_load_n(&tp.running, __ATOMIC_ACQUIRE));
	return ops;
}

static void phase_threads(struct result *r)
{
	size_t len;
	struct maps_check c = {
		.what = "threads", .want = cfg.threads * THREAD_VMAS,
		.stride = 2 * page, .off = page, .len = page,
		.group = cfg.threads + 1,
	};
	struct faulter *f = faulters;
	unsigned long i, g, map_ops, fault_ops = 0;
	uint64_t t0;
	int err;

	tp.slots = THREAD_VMAS * (cfg.threads + 1);
	len = (2 * tp.slots + 1) * page;
	tp.base = find_hole(len);
	for (i = 0; i < cfg.threads; i++) {
		f[i].id = i;
		f[i].ops = 0;
		for (g = 0; g < THREAD_VMAS; g++) {
			char *p = faulter_page(i, g);

			map_at(p, page, PROT_READ | PROT_WRITE, "mmap");
			page_fill(p, (uintptr_t)p, 0);
		}
	}
	tp.running = cfg.threads;
	err = pthread_barrier_init(&tp.start, NULL, cfg.threads + 1);
	if (err)
		die_err("pthread_barrier_init", NULL, err);
	for (i = 0; i < cfg.threads; i++) {
		unsigned int tries = 0;

		do
			err = pthread_create(&f[i].tid, NULL, faulter_main, &f[i]);
		while (err && again(err, &tries, "pthread_create", NULL));
		if (err)
			die_err("pthread_create", NULL, err);
	}
	pthread_barrier_wait(&tp.start);
	t0 = now_ns();
	map_ops = mapper_run();
	for (i = 0; i < cfg.threads; i++) {
		err = pthread_join(f[i].tid, NULL);
		if (err)
			die_err("pthread_join", NULL, err);
		fault_ops += f[i].ops;
	}
	r->ns = now_ns() - t0;
	r->ops = fault_ops + map_ops;
	snprintf(r->extra, sizeof(r->extra), " fault_ops=%lu map_ops=%lu",
		 fault_ops, map_ops);
	pthread_barrier_destroy(&tp.start);

	for (i = 0; i < cfg.threads; i++)
		for (g = 0; g < THREAD_VMAS; g++) {
			char *p = faulter_page(i, g);

			page_verify(p, (uintptr_t)p, cfg.iters, "threads-end");
		}
	c.lo = (uintptr_t)tp.base;
	c.hi = (uintptr_t)tp.base + len;
	maps_check(&c);
	unmap_hole(tp.base, len, "munmap(threads region)");
}

static const struct phase {
	const char *name;
	void (*run)(struct result *r);
} phases[] = {
	{ "mmap", phase_mmap },
	{ "fault", phase_fault },
	{ "dontneed", phase_dontneed },
	{ "maps", phase_maps },
	{ "mprotect", phase_mprotect },
	{ "mremap", phase_mremap },
	{ "brk", phase_brk },
	{ "fork", phase_fork },
	{ "munmap", phase_munmap },
	{ "threads", phase_threads },
};
#define NR_PHASES (sizeof(phases) / sizeof(phases[0]))

/* ------------------------------------------------------------------ */
/* Set-up and the main loop */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vma_workload [-n VMAS] [-t THREADS] [-s SEED] [-r ROUNDS] [-f FORKS]\n"
		"                    [-i ITERS] [-m READS] [-p PHASE[,PHASE...]] [-M] [-E] [-h]\n"
		"  -n VMAS     one-page VMAs in the pool (default 10000)\n"
		"  -t THREADS  faulting threads in the threads phase (default 2)\n"
		"  -s SEED     xorshift seed (default 1)\n"
		"  -r ROUNDS   times to run the phases (default 1)\n"
		"  -f FORKS    fork+exit cycles (default 4)\n"
		"  -i ITERS    refault passes per thread (default 32)\n"
		"  -m READS    whole reads of /proc/self/maps (default 4)\n"
		"  -p LIST     phases, comma-separated (default all):\n"
		"              mmap,fault,dontneed,maps,mprotect,mremap,brk,fork,munmap,threads\n"
		"  -M          map the pool before the first round, whatever the phases\n"
		"  -E          make a call failing ENOMEM (EAGAIN: fork, threads) again\n");
}

static void bad_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void bad_usage(const char *fmt, ...)
{
	va_list ap;

	usage(stderr);
	printf("vma: result=fail phase=args round=0 reason=usage ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(2);
}

static unsigned long parse_num(const char *arg, unsigned long min,
			       unsigned long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || v < min || v > max)
		bad_usage("bad-number=%s", arg);
	return v;
}

static unsigned int parse_phases(char *list)
{
	unsigned int mask = 0, i;
	char *save = NULL, *tok;

	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			mask = ~0u;
			continue;
		}
		for (i = 0; i < NR_PHASES; i++)
			if (!strcmp(tok, phases[i].name))
				break;
		if (i == NR_PHASES)
			bad_usage("bad-phase=%s", tok);
		mask |= 1u << i;
	}
	if (!mask)
		bad_usage("no-phases");
	return mask;
}

static void parse_args(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "n:t:s:r:f:i:m:p:MEh")) != -1) {
		switch (opt) {
		case 'n':
			cfg.n = parse_num(optarg, 1, 1UL << 24);
			break;
		case 't':
			cfg.threads = parse_num(optarg, 1, MAX_THREADS);
			break;
		case 's':
			cfg.seed = parse_num(optarg, 0, ~0UL);
			break;
		case 'r':
			cfg.rounds = parse_num(optarg, 1, MAX_ROUNDS);
			break;
		case 'f':
			cfg.forks = parse_num(optarg, 1, 1UL << 20);
			break;
		case 'i':
			cfg.iters = parse_num(optarg, 1, 1UL << 20);
			break;
		case 'm':
			cfg.reads = parse_num(optarg, 1, 1UL << 20);
			break;
		case 'p':
			cfg.phases = parse_phases(optarg);
			break;
		case 'M':
			cfg.premap = 1;
			break;
		case 'E':
			cfg.enomem = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			bad_usage("bad-option");
		}
	}
	if (optind < argc)
		bad_usage("extra-argument=%s", argv[optind]);
}

static unsigned long read_max_map_count(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "re");
	unsigned long v = DEFAULT_MAX_MAP_COUNT;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = DEFAULT_MAX_MAP_COUNT;
		fclose(f);
	}
	return v;
}

/*
 * The most VMAs alive at once: the pool, plus the largest of the other
 * phases' (the split mprotect VMA, the mremap slots, the threads' VMAs
 * with the mapper's three and two per thread stack), plus room for the
 * program itself.
 */
static void check_max_map_count(unsigned long max)
{
	unsigned long others = 2 * side + 1, need;

	if (others < cfg.threads * (THREAD_VMAS + 2) + 3)
		others = cfg.threads * (THREAD_VMAS + 2) + 3;
	need = cfg.n + others + 128;
	if (need > max)
		die("config", "n=%lu needs=%lu max_map_count=%lu", cfg.n, need, max);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void print_medians(uint64_t *ns_per_op, const unsigned long *ops)
{
	unsigned int i;

	for (i = 0; i < NR_PHASES; i++) {
		uint64_t *v = ns_per_op + i * cfg.rounds;

		if (!(cfg.phases & (1u << i)))
			continue;
		qsort(v, cfg.rounds, sizeof(*v), cmp_u64);
		out("vma: median phase=%s rounds=%lu ops=%lu ns_per_op=%" PRIu64
		    " min=%" PRIu64 " max=%" PRIu64 "\n", phases[i].name,
		    cfg.rounds, ops[i], v[cfg.rounds / 2], v[0],
		    v[cfg.rounds - 1]);
	}
}

static void print_start(unsigned long max)
{
	char names[128] = "";
	unsigned int i;

	for (i = 0; i < NR_PHASES; i++)
		if (cfg.phases & (1u << i))
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
				 "%s%s", names[0] ? "," : "", phases[i].name);
	out("vma: start n=%lu threads=%lu seed=0x%" PRIx64 " rounds=%lu forks=%lu iters=%lu reads=%lu side=%lu page=%zu max_map_count=%lu phases=%s premap=%d enomem=%s\n",
	    cfg.n, cfg.threads, cfg.seed, cfg.rounds, cfg.forks, cfg.iters,
	    cfg.reads, side, page, max, names, cfg.premap,
	    cfg.enomem ? "retry" : "fail");
}

int main(int argc, char **argv)
{
	unsigned long ops[NR_PHASES] = { 0 }, max;
	uint64_t *ns_per_op;
	unsigned int i;
	int round;

	parse_args(argc, argv);
	catch_fault_signals();
	page = sysconf(_SC_PAGESIZE);
	side = cfg.n / 10 < 16 ? 16 : cfg.n / 10;
	salt = mix64(cfg.seed);
	max = read_max_map_count();
	print_start(max);
	check_max_map_count(max);

	/* Everything is allocated up front, outside the regions under test. */
	order = buffer((cfg.n > side ? cfg.n : side) * sizeof(*order));
	ns_per_op = buffer(NR_PHASES * cfg.rounds * sizeof(*ns_per_op));
	maps_cap = ((cfg.n + 2 * side + 1024) * 96 + page - 1) & ~(page - 1);
	maps_buf = buffer(maps_cap);

	if (cfg.premap)
		pool_need_mapped();
	for (round = 0; round < (int)cfg.rounds; round++) {
		cur_round = round;
		rng = seed_state();
		for (i = 0; i < NR_PHASES; i++) {
			struct result r = { 0 };
			unsigned long seen = enomem_seen;
			char retried[32] = "";

			if (!(cfg.phases & (1u << i)))
				continue;
			cur_phase = phases[i].name;
			phases[i].run(&r);
			ops[i] = r.ops;
			ns_per_op[i * cfg.rounds + round] = r.ns / r.ops;
			if (cfg.enomem)
				snprintf(retried, sizeof(retried), " enomem=%lu",
					 enomem_seen - seen);
			out("vma: phase=%s round=%d ops=%lu ns_per_op=%" PRIu64
			    "%s%s result=pass\n", phases[i].name, round, r.ops,
			    r.ns / r.ops, r.extra, retried);
		}
		cur_phase = "teardown";
		pool_unmap();
	}
	if (cfg.rounds > 1)
		print_medians(ns_per_op, ops);
	if (cfg.enomem)
		out("vma: enomem total=%lu\n", enomem_seen);
	out("vma: result=pass\n");
	return 0;
}
