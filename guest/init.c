// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's /init: run the VMA workload and test_vmalloc parameter sets,
 * and power off.
 *
 * Kernel command line:
 *   wb.vmtest=MASK:THREADS:LOOPS:REPEAT[,MASK:THREADS:LOOPS:REPEAT...]
 *   wb.rounds=N          run the whole list N times (default 1)
 *   wb.profile=1         profile each run with the kernel's profiler (the
 *                        kernel booted with profile=N, CONFIG_PROFILING),
 *                        and the VMA workload as one run, set=vma mask=0
 *   wb.vma="ARGS"        run /bin/vma_workload (guest/vma_workload.c) once,
 *                        with ARGS split at spaces as its options, e.g.
 *                        wb.vma="-n 2000 -r 5 -p mmap,munmap"; the quotes
 *                        are the kernel's own (see next_arg()), so ARGS
 *                        may hold spaces, and a one-word ARGS needs none;
 *                        wb.vma= alone runs it with its defaults
 *   wb.hog=1             hold free memory near the low watermark, from
 *                        before the VMA workload to the end of the last
 *                        test_vmalloc run (see hog_main())
 *   wb.failslab=CACHE[+CACHE...]:PERCENT:nowait|all
 *                        fail PERCENT % of the slab allocations from the
 *                        named caches (e.g. maple_node+vmap_area), only
 *                        non-blocking ones (nowait: failslab's
 *                        ignore-gfp-wait) or all; on over the same span as
 *                        the hog.  Needs CONFIG_FAILSLAB,
 *                        CONFIG_FAULT_INJECTION_DEBUG_FS and slab_nomerge
 *                        (a merged cache refuses the per-cache flag)
 *   wb.kmemleak=1        at the end, with the hog and failslab off, scan
 *                        for leaks twice (kmemleak=on,
 *                        CONFIG_DEBUG_KMEMLEAK) and print what it found
 *
 * The VMA workload runs first, before any test_vmalloc run: it then meets
 * a kernel that has just booted, not one still busy with what test_vmalloc
 * leaves behind (lazily freed vmap areas purged from a workqueue, the
 * kvfree_rcu subtests' RCU batches), which would blur its times.  It needs
 * /proc only (mounted below).  Its stdout and stderr come through a pipe,
 * and each line it prints goes to the console after a prefix; a failure to
 * start it, an exit status other than 0 or a signal counts as an error:
 *   WB-VMA LINE          a line it printed, as it printed it ("vma: ...",
 *                        see guest/vma_workload.c)
 *   WB-VMAEXIT status=N signal=SIG wall_us=U
 *                        its end: exit status N (-1 if a signal killed it)
 *                        and the signal's name (0 if none)
 *
 * Each parameter set loads /lib/modules/test_vmalloc.ko with finit_module().
 * The module runs the selected subtests, logs a "Summary:" line per worker
 * and subtest, and then fails its own load on purpose (-EAGAIN) so that it
 * is unloaded; the return code is recorded but the verdict is the module's
 * own lines, which this program reads back from /dev/kmsg.
 *
 * One line per result goes to the console, for the host to parse:
 *   WB-VMTEST set=S round=R mask=M threads=T loops=L repeat=P rc=RC
 *             errno=E wall_us=U
 *   WB-VMRESULT set=S round=R mask=M threads=T worker=W test=NAME
 *             passed=N failed=N avg_usec=U
 *   WB-VMALLOCINFO lines=N
 *   WB-HOG ...           the hog's watermarks (kB) when it starts, and what
 *                        it did when it stops (see hog_main())
 *   WB-RECLAIM pageoutrun=N allocstall=N slabs_scanned=N ...
 *                        /proc/vmstat's reclaim counters, over the hog's
 *                        span: kswapd runs, direct reclaims, objects the
 *                        shrinkers were asked to scan
 *   WB-FAILSLAB caches=LIST probability=P ignore_gfp_wait=Y|N
 *   WB-FAILSLAB injected=N
 *                        failslab set up, and the failures it injected
 *   WB-KMEMLEAK LINE     a line of /sys/kernel/debug/kmemleak
 *   WB-KMEMLEAK leaks=N  unreferenced objects it reported
 *   WB-DONE runs=N errors=N
 *
 * With wb.profile=1, /proc/profile is reset (written to) before each run
 * and read right after it, and its non-zero counters follow the run's
 * WB-VMRESULT lines:
 *   WB-PROFILE set=S round=R mask=M threads=T step=B buckets=N nonzero=K
 *             ticks=SUM
 *   WB-PROFDATA set=S round=R mask=M threads=T IDX:COUNT IDX:COUNT ...
 * /proc/profile is one unsigned int B (the bucket size in bytes, 1 <<
 * the profile= shift) and then one counter of timer ticks per B-byte
 * bucket of kernel text from _stext; IDX is the bucket's index in hex, so
 * the bucket starts at _stext + IDX * B.  K and SUM let the host check
 * that it read every WB-PROFDATA pair.  Then what the run cost in
 * interrupts and softirqs, per CPU (the rows of /proc/interrupts and
 * /proc/softirqs that changed, as NAME=CPU0/CPU1/...):
 *   WB-IRQS set=S round=R mask=M threads=T file=interrupts|softirqs ...
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define WB_ERROR_PREFIX	"WB-ERROR"
#include "wb_guest.h"

#define MODULE_PATH	"/lib/modules/test_vmalloc.ko"
#define MAX_SETS	64
#define CMDLINE_MAX	4096
#define PROFILE_PATH	"/proc/profile"
#define PROFILE_PER_LINE 32
#define VMA_PATH	"/bin/vma_workload"
#define VMA_MAX_ARGS	32
#define FAILSLAB_DIR	"/sys/kernel/debug/failslab"
#define FAILSLAB_TIMES	2000000000	/* counted down by each failure */
#define KMEMLEAK_PATH	"/sys/kernel/debug/kmemleak"
#define HOG_CHUNK	(128 << 10)	/* bytes the hog takes or gives at once */
#define HOG_MAX_CHUNKS	65536
#define HOG_POLL_US	2000
#define HOG_DENTRIES	32	/* negative dentries made per poll */
#define HOG_DENTRIES_FIRST 30000	/* and before the first take */
#define HOG_SCALE_PATH	"/proc/sys/vm/watermark_scale_factor"
#define HOG_SCALE	"1000"	/* min to low: 10 % of memory */
/*
 * No watermark boost while the hog runs: a boost (after a fragmentation
 * event) raised min by 219 MB, above the whole band the hog holds, and
 * the OOM killer then shot the hog (2 reclaim boots of about 12).
 */
#define HOG_BOOST_PATH	"/proc/sys/vm/watermark_boost_factor"
#define ENOMEM_RETRIES	100	/* of a fork or module load failing ENOMEM */

struct param_set {
	unsigned long mask;
	unsigned long threads;
	unsigned long loops;
	unsigned long repeat;
};

static int profiling;		/* wb.profile=1 */
static char failslab_spec[256];	/* wb.failslab, until failslab_start() */
static int failslab_on;
static pid_t hog_pid;

/* The last /proc/profile read: prof[0] is the bucket size, then counters. */
static unsigned int *prof;
static size_t prof_words, prof_cap;

static void mount_or_complain(const char *src, const char *dst,
			      const char *type)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, NULL) && errno != EBUSY)
		fail(dst);
}

/* Write a string to a sysfs or debugfs file; 0, or -1 with errno set. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;
	ssize_t len = strlen(val);

	if (fd < 0)
		return -1;
	if (write(fd, val, len) != len)
		ret = -1;
	close(fd);
	return ret;
}

static int write_or_complain(const char *path, const char *val)
{
	if (!write_file(path, val))
		return 0;
	out("WB-ERROR cannot write '%s' to %s: %s\n", val, path,
	    strerror(errno));
	errors++;
	return -1;
}

/* A small file's first line, without its newline: 0, or -1 on error. */
static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* fork(), tried again while it fails for want of memory (failslab). */
static pid_t fork_retry(void)
{
	pid_t pid;
	int tries = 0;

	do
		pid = fork();
	while (pid < 0 && (errno == ENOMEM || errno == EAGAIN) &&
	       failslab_on && tries++ < ENOMEM_RETRIES);
	return pid;
}

/*
 * The address range of the kernel function NAME, from /proc/kallsyms: its
 * start, and the lowest text address above it.  0, or -1 if it is not
 * there (or the addresses are hidden).
 */
static int kallsyms_range(const char *name, unsigned long long *start,
			  unsigned long long *end)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	unsigned long long addr, lo = 0, hi = ~0ULL;
	char type, sym[256], line[512];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    (type == 't' || type == 'T') && !strcmp(sym, name))
			lo = addr;
	}
	rewind(f);
	while (lo && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c", &addr, &type) == 2 &&
		    (type == 't' || type == 'T') && addr > lo && addr < hi)
			hi = addr;
	}
	fclose(f);
	if (!lo || hi == ~0ULL)
		return -1;
	*start = lo;
	*end = hi;
	return 0;
}

/*
 * Never fail an allocation made by kthreadd, whatever the caches: 6.12's
 * test_vmalloc counts only the worker kthreads that started and then
 * waits, with no way out, for them to finish, so a boot in which every
 * worker of one run failed to be created (1 in 15 enomem boots) hung
 * until its timeout.  failslab's stack-trace filter (reject-start/end)
 * spares any allocation with kthreadd's code on its stack: kthread
 * creation only.  Forks of user tasks, kthreads' own work and vmalloc
 * for user stacks still fail.
 */
static int failslab_spare_kthreadd(void)
{
	unsigned long long start, end;
	char val[32];

	if (kallsyms_range("kthreadd", &start, &end)) {
		out("WB-ERROR failslab: no kthreadd in /proc/kallsyms\n");
		errors++;
		return -1;
	}
	snprintf(val, sizeof(val), "%llu", start);
	if (write_or_complain(FAILSLAB_DIR "/reject-start", val))
		return -1;
	snprintf(val, sizeof(val), "%llu", end);
	if (write_or_complain(FAILSLAB_DIR "/reject-end", val) ||
	    write_or_complain(FAILSLAB_DIR "/stacktrace-depth", "32"))
		return -1;
	out("WB-FAILSLAB spared=kthreadd range=%llx-%llx\n", start, end);
	return 0;
}

/*
 * wb.failslab=CACHE[+CACHE...]:PERCENT:nowait|all: flag each cache for
 * failslab, then set failslab's knobs, the probability last.  Only the
 * flagged caches fail (cache-filter); "times" starts at FAILSLAB_TIMES
 * and each injected failure counts it down, so failslab_stop() can tell
 * how many there were.  kthread creation is spared (see
 * failslab_spare_kthreadd()).  Called when the VMA workload has started (after
 * its exec, which must not fail half-way) and before the first
 * test_vmalloc run; once.
 */
static void failslab_start(void)
{
	char spec[sizeof(failslab_spec)], path[256], pct[16], *caches, *mode;
	char *save = NULL, *c;
	char times[16];

	if (!failslab_spec[0] || failslab_on)
		return;
	strcpy(spec, failslab_spec);
	failslab_spec[0] = '\0';
	caches = strtok_r(spec, ":", &save);
	c = strtok_r(NULL, ":", &save);
	mode = strtok_r(NULL, ":", &save);
	if (!caches || !c || !mode || strtok_r(NULL, ":", &save) ||
	    strspn(c, "0123456789") != strlen(c) || atoi(c) < 1 ||
	    atoi(c) > 100 || (strcmp(mode, "nowait") && strcmp(mode, "all"))) {
		out("WB-ERROR bad wb.failslab (CACHE[+CACHE...]:PERCENT:nowait|all)\n");
		errors++;
		return;
	}
	snprintf(pct, sizeof(pct), "%d", atoi(c));
	out("WB-FAILSLAB caches=%s probability=%s ignore_gfp_wait=%c\n",
	    caches, pct, strcmp(mode, "nowait") ? 'N' : 'Y');
	for (c = strtok_r(caches, "+", &save); c; c = strtok_r(NULL, "+", &save)) {
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/failslab", c);
		if (write_or_complain(path, "1"))
			return;
	}
	snprintf(times, sizeof(times), "%d", FAILSLAB_TIMES);
	if (failslab_spare_kthreadd() ||
	    write_or_complain(FAILSLAB_DIR "/cache-filter", "Y") ||
	    write_or_complain(FAILSLAB_DIR "/ignore-gfp-wait",
			      strcmp(mode, "nowait") ? "N" : "Y") ||
	    write_or_complain(FAILSLAB_DIR "/verbose", "0") ||
	    write_or_complain(FAILSLAB_DIR "/interval", "1") ||
	    write_or_complain(FAILSLAB_DIR "/space", "0") ||
	    write_or_complain(FAILSLAB_DIR "/times", times) ||
	    write_or_complain(FAILSLAB_DIR "/probability", pct))
		return;
	failslab_on = 1;
}

/* Turn failslab off and say how many failures it injected. */
static void failslab_stop(void)
{
	char buf[32] = "";
	int fd, tries = 0, off;

	if (!failslab_on)
		return;
	failslab_on = 0;
	/*
	 * The write allocates, and failslab may fail it: its own switch is
	 * not exempt.  Try again while it fails for want of memory.
	 */
	do
		off = !write_file(FAILSLAB_DIR "/probability", "0");
	while (!off && errno == ENOMEM && ++tries < ENOMEM_RETRIES);
	if (!off) {
		out("WB-ERROR cannot turn failslab off: %s\n", strerror(errno));
		errors++;
	} else if (tries) {
		out("WB-FAILSLAB off_retries=%d\n", tries);
	}
	fd = open(FAILSLAB_DIR "/times", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0) {
		fail(FAILSLAB_DIR "/times");
	} else {
		out("WB-FAILSLAB injected=%ld\n",
		    (long)FAILSLAB_TIMES - strtol(buf, NULL, 10));
	}
	if (fd >= 0)
		close(fd);
}

/* A zone's free pages and watermarks, in kB. */
struct zone_mem {
	long free, min, low, high, managed;
};

/*
 * The zone with the most managed pages in /proc/zoneinfo: the one user
 * memory comes from (ZONE_DMA keeps its pages from user allocations by
 * its lowmem reserve, so the sum over zones would never reach the low
 * watermark).  0, or -1 if there is none.
 */
static int zone_read(struct zone_mem *z)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	struct zone_mem cur = { -1, -1, -1, -1, -1 };
	long kb = sysconf(_SC_PAGESIZE) / 1024, v;
	char line[256], name[32];

	z->managed = -1;
	if (!f)
		return -1;
	for (;;) {
		char *got = fgets(line, sizeof(line), f);

		if (!got || !strncmp(line, "Node ", 5)) {
			if (cur.managed > z->managed && cur.free >= 0 &&
			    cur.min > 0 && cur.low > cur.min)
				*z = cur;
			cur = (struct zone_mem){ -1, -1, -1, -1, -1 };
			if (!got)
				break;
			continue;
		}
		if (sscanf(line, " pages free %ld", &v) == 1)
			cur.free = v * kb;
		else if (sscanf(line, " %31s %ld", name, &v) == 2) {
			if (!strcmp(name, "min"))
				cur.min = v * kb;
			else if (!strcmp(name, "low"))
				cur.low = v * kb;
			else if (!strcmp(name, "high"))
				cur.high = v * kb;
			else if (!strcmp(name, "managed"))
				cur.managed = v * kb;
		}
	}
	fclose(f);
	return z->managed > 0 ? 0 : -1;
}

/* The reclaim counters of /proc/vmstat that WB-RECLAIM reports. */
static const char *const reclaim_keys[] = {
	"pageoutrun", "allocstall", "slabs_scanned", "pgscan_kswapd",
	"pgscan_direct", "oom_kill",
};
#define NR_RECLAIM_KEYS (sizeof(reclaim_keys) / sizeof(reclaim_keys[0]))
static long reclaim_at_start[NR_RECLAIM_KEYS];

/* vmstat's counters; "allocstall" sums allocstall_<zone>. */
static void reclaim_read(long *v)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char name[64];
	unsigned int i;
	long n;

	memset(v, 0, NR_RECLAIM_KEYS * sizeof(*v));
	if (!f) {
		fail("/proc/vmstat");
		return;
	}
	while (fscanf(f, "%63s %ld", name, &n) == 2)
		for (i = 0; i < NR_RECLAIM_KEYS; i++)
			if (!strcmp(name, reclaim_keys[i]) ||
			    (!strcmp(reclaim_keys[i], "allocstall") &&
			     !strncmp(name, "allocstall_", 11)))
				v[i] += n;
	fclose(f);
}

static volatile sig_atomic_t hog_stop;

static void on_hog_stop(int sig)
{
	(void)sig;
	hog_stop = 1;
}

/*
 * The memory hog, a child of init.  Without swap nothing it holds can be
 * reclaimed, so it must never take free memory below min: the OOM killer
 * would pick it (oom_score_adj 1000).  At the default watermark scale the
 * band between min and low is a few MB, narrower than one test_vmalloc
 * run allocates, so it first widens the band to a tenth of memory
 * (vm.watermark_scale_factor, restored when it stops) and then holds the
 * main zone's (zone_read()) free memory in the middle half of it: it takes
 * populated anonymous chunks while free memory is above the upper quarter
 * mark and gives back its newest chunk while it is below the lower one.
 * Below low, every allocation wakes kswapd, whose reclaim runs the
 * shrinkers (vmalloc's among them) under the fs_reclaim lockdep map.
 *
 * kswapd gives up on a node after MAX_RECLAIM_RETRIES runs that reclaim
 * nothing, and nothing here is reclaimable but slab.  So the hog also
 * looks up names that do not exist in sysfs: kernfs keeps a negative
 * dentry for each, which the dcache shrinker can free, and kswapd keeps
 * making progress and keeps running.  A first batch of them is made before
 * the hog takes anything: kswapd's first runs would otherwise find
 * nothing and it would give up before test_vmalloc starts.
 *
 * It writes a byte to ready_fd once free memory is first below low, and
 * stops on SIGTERM.
 */
static void hog_churn_dentries(int count)
{
	static unsigned long name;
	struct stat st;
	char path[64];
	int i;

	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "/sys/wb-hog-%lu", name++);
		stat(path, &st);
	}
}

/*
 * Take @len bytes of populated anonymous memory for the hog.  @huge: back
 * them with transparent huge pages where it can.  A debug kernel under
 * TCG populated small pages at about 170 us each, and the ramp from a
 * free guest to the band took over a minute of each reclaim boot; with
 * huge pages it is a few seconds.  Near the band the takes stay small
 * pages: a huge page fault in an madvised range compacts memory directly,
 * which would add stalls that are not the reclaim under test.
 */
static char *hog_take(size_t len, int huge)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | (huge ? 0 : MAP_POPULATE);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);

	if (p == MAP_FAILED || !huge)
		return p;
	/* A hint: without THP the range is populated with small pages. */
	madvise(p, len, MADV_HUGEPAGE);
	if (madvise(p, len, MADV_POPULATE_WRITE)) {
		munmap(p, len);
		return MAP_FAILED;
	}
	return p;
}

static void __attribute__((noreturn)) hog_main(int ready_fd)
{
	static char *chunk[HOG_MAX_CHUNKS];
	static size_t size[HOG_MAX_CHUNKS];
	struct sigaction sa = { .sa_handler = on_hog_stop };
	long free, top, bottom, mid, quarter;
	long held = 0, most = 0, takes = 0, gives = 0;
	uint64_t first_us;
	char scale[32] = "", boost[32] = "", dentries[128] = "", *c;
	struct zone_mem z;
	int n = 0;

	sigaction(SIGTERM, &sa, NULL);
	write_or_complain("/proc/self/oom_score_adj", "1000");
	if (read_small(HOG_SCALE_PATH, scale, sizeof(scale)) ||
	    read_small(HOG_BOOST_PATH, boost, sizeof(boost)) ||
	    write_or_complain(HOG_BOOST_PATH, "0") ||
	    write_or_complain(HOG_SCALE_PATH, HOG_SCALE)) {
		out("WB-ERROR hog: cannot widen the watermarks (%s)\n",
		    HOG_SCALE_PATH);
		_exit(1);
	}
	if (zone_read(&z)) {
		out("WB-ERROR hog: no zone with watermarks in /proc/zoneinfo\n");
		_exit(1);
	}
	first_us = now_us();
	hog_churn_dentries(HOG_DENTRIES_FIRST);
	first_us = now_us() - first_us;
	quarter = (z.low - z.min) / 4;
	top = z.low - quarter;
	bottom = z.min + quarter;
	mid = z.min + 2 * quarter;
	out("WB-HOG start zone_managed_kb=%ld min_kb=%ld low_kb=%ld high_kb=%ld free_kb=%ld band_kb=%ld-%ld dentries=%d dentries_us=%" PRIu64 "\n",
	    z.managed, z.min, z.low, z.high, z.free, bottom, top,
	    HOG_DENTRIES_FIRST, first_us);
	while (!hog_stop) {
		if (zone_read(&z)) {
			out("WB-ERROR hog: /proc/zoneinfo lost its zone\n");
			_exit(1);
		}
		free = z.free;
		if (free > top && n < HOG_MAX_CHUNKS) {
			/*
			 * Half the way to the middle at once, 16 MB at most:
			 * when a test_vmalloc run ends, free memory jumps, and
			 * a 64 MB take raced the kernel's own allocations below
			 * min (the OOM killer shot the hog, 1 reclaim boot in
			 * about 9).  Smaller takes look at free memory again
			 * sooner.
			 */
			size_t len = (size_t)(free - mid) / 2 * 1024;
			char *p;

			len = len < HOG_CHUNK ? HOG_CHUNK :
			      len > (16 << 20) ? (16 << 20) :
			      len & ~(size_t)(HOG_CHUNK - 1);
			p = hog_take(len, ready_fd >= 0);
			if (p != MAP_FAILED) {
				chunk[n] = p;
				size[n++] = len;
				held += len >> 10;
				most = held > most ? held : most;
				takes++;
				continue;
			}
		} else if (free < bottom && n) {
			n--;
			munmap(chunk[n], size[n]);
			held -= size[n] >> 10;
			gives++;
			continue;
		}
		if (ready_fd >= 0 && free <= z.low) {
			if (write(ready_fd, "r", 1) != 1)
				out("WB-ERROR hog: cannot say it is ready\n");
			close(ready_fd);
			ready_fd = -1;
		}
		hog_churn_dentries(HOG_DENTRIES);
		usleep(HOG_POLL_US);
	}
	zone_read(&z);
	/* nr_dentry,nr_unused,age_limit,want_pages,nr_negative,dummy */
	read_small("/proc/sys/fs/dentry-state", dentries, sizeof(dentries));
	for (c = dentries; *c; c++)
		if (*c == ' ' || *c == '\t')
			*c = ',';
	out("WB-HOG stop held_kb=%ld held_max_kb=%ld takes=%ld gives=%ld free_kb=%ld dentry_state=%s\n",
	    held, most, takes, gives, z.free, dentries);
	if (write_or_complain(HOG_SCALE_PATH, scale) ||
	    write_or_complain(HOG_BOOST_PATH, boost))
		_exit(1);
	_exit(0);
}

/* Start the hog and wait (up to 5 minutes) until it holds its ground. */
static void on_alarm(int sig)
{
	(void)sig;
}

static void hog_start(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int pipefd[2];
	char c;

	reclaim_read(reclaim_at_start);
	if (pipe2(pipefd, O_CLOEXEC)) {
		fail("pipe (wb.hog)");
		return;
	}
	hog_pid = fork();
	if (hog_pid < 0) {
		fail("fork (wb.hog)");
		hog_pid = 0;
		return;
	}
	if (!hog_pid) {
		close(pipefd[0]);
		hog_main(pipefd[1]);
	}
	close(pipefd[1]);
	sigaction(SIGALRM, &sa, NULL);	/* only to interrupt the read */
	alarm(300);
	if (read(pipefd[0], &c, 1) != 1) {
		out("WB-ERROR hog: it did not reach the low watermark\n");
		errors++;
	}
	alarm(0);
	close(pipefd[0]);
}

/* Stop the hog and report what reclaim did meanwhile. */
static void hog_stop_and_report(void)
{
	long now[NR_RECLAIM_KEYS];
	char line[512];
	unsigned int i;
	int status, len;

	if (!hog_pid)
		return;
	kill(hog_pid, SIGTERM);
	if (wait_for(hog_pid, &status) != hog_pid) {
		fail("waitpid (wb.hog)");
	} else if (WIFSIGNALED(status)) {
		out("WB-ERROR hog: killed by signal %d (the OOM killer?)\n",
		    WTERMSIG(status));
		errors++;
	} else if (WEXITSTATUS(status)) {
		out("WB-ERROR hog: exited with status %d\n", WEXITSTATUS(status));
		errors++;
	}
	hog_pid = 0;
	reclaim_read(now);
	len = snprintf(line, sizeof(line), "WB-RECLAIM");
	for (i = 0; i < NR_RECLAIM_KEYS; i++)
		len += snprintf(line + len, sizeof(line) - len, " %s=%ld",
				reclaim_keys[i], now[i] - reclaim_at_start[i]);
	out("%s\n", line);
}

/*
 * Ask kmemleak for a scan, wait past its minimum object age (5 s) and
 * scan again, then print its report, which lists each unreferenced object
 * with its backtrace.
 */
static void kmemleak_report(void)
{
	char line[512];
	int leaks = 0, lines = 0;
	FILE *f;

	if (write_or_complain(KMEMLEAK_PATH, "scan"))
		return;
	sleep(6);
	if (write_or_complain(KMEMLEAK_PATH, "scan"))
		return;
	f = fopen(KMEMLEAK_PATH, "r");
	if (!f) {
		fail(KMEMLEAK_PATH);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "unreferenced object"))
			leaks++;
		if (lines++ < 400)
			out("WB-KMEMLEAK %s\n", line);
	}
	fclose(f);
	out("WB-KMEMLEAK leaks=%d\n", leaks);
}

/* The end of the command-line word at p: quotes protect spaces. */
static const char *word_end(const char *p)
{
	int quoted = 0;

	for (; *p && (quoted || (*p != ' ' && *p != '\n')); p++)
		if (*p == '"')
			quoted = !quoted;
	return p;
}

/*
 * Copy the value of "key=" from the command line into buf, without its
 * quotes; 0 if found.
 */
static int cmdline_value(const char *cmdline, const char *key, char *buf,
			 size_t size)
{
	size_t klen = strlen(key), n;
	const char *p = cmdline, *end;

	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		end = word_end(p);
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			for (p += klen + 1, n = 0; p < end && n < size - 1; p++)
				if (*p != '"')
					buf[n++] = *p;
			buf[n] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

static int parse_sets(char *list, struct param_set *sets)
{
	char *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		struct param_set *s = &sets[n];

		if (n == MAX_SETS) {
			out("WB-ERROR more than %d parameter sets\n", MAX_SETS);
			errors++;
			break;
		}
		if (sscanf(tok, "%lu:%lu:%lu:%lu", &s->mask, &s->threads,
			   &s->loops, &s->repeat) != 4) {
			out("WB-ERROR bad parameter set '%s'\n", tok);
			errors++;
			continue;
		}
		n++;
	}
	return n;
}

/*
 * Turn the module's log lines into result lines.  The module prints, for
 * each worker in turn, one Summary line per subtest and then the worker's
 * "All test took" line, so the count of the latter names the worker.
 */
static void report_kmsg(int kmsg, const char *tag)
{
	char rec[1024], name[128];
	int worker = 0;
	ssize_t len;

	while ((len = read(kmsg, rec, sizeof(rec) - 1)) > 0 || errno == EPIPE) {
		unsigned int passed, failed, repeat, loops;
		unsigned long long avg;
		char *msg;

		if (len <= 0)
			continue;	/* EPIPE: records were overwritten */
		rec[len] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		if (strstr(msg, "All test took worker")) {
			worker++;
			continue;
		}
		msg = strstr(msg, "Summary: ");
		if (!msg || sscanf(msg, "Summary: %127s passed: %u failed: %u repeat: %u loops: %u avg: %llu usec",
				   name, &passed, &failed, &repeat, &loops,
				   &avg) != 6)
			continue;
		out("WB-VMRESULT %s worker=%d test=%s passed=%u failed=%u avg_usec=%llu\n",
		    tag, worker, name, passed, failed, avg);
	}
}

/*
 * Counts of /proc/interrupts or /proc/softirqs: per row, its name and the
 * count of each CPU.  A profiled run prints what changed over it.
 */
#define IRQ_ROWS	64
#define IRQ_CPUS	16

struct irq_counts {
	int rows, cpus;
	char name[IRQ_ROWS][16];
	unsigned long long n[IRQ_ROWS][IRQ_CPUS];
};

static struct irq_counts irq_before[2], irq_after[2];
static const char *const irq_files[2] = { "interrupts", "softirqs" };

static void irq_read(const char *file, struct irq_counts *c)
{
	char path[64], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s", file);
	c->rows = 0;
	c->cpus = 0;
	f = fopen(path, "re");
	if (!f)
		return;
	/* The first line names the CPUs. */
	if (fgets(line, sizeof(line), f))
		for (char *t = strtok(line, " \t\n"); t; t = strtok(NULL, " \t\n"))
			c->cpus += c->cpus < IRQ_CPUS;
	while (c->rows < IRQ_ROWS && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *p, *end;
		char *name = line;
		int i;

		if (!colon)
			continue;
		*colon = '\0';
		name += strspn(name, " ");
		snprintf(c->name[c->rows], sizeof(c->name[0]), "%s", name);
		p = colon + 1;
		for (i = 0; i < c->cpus; i++) {
			c->n[c->rows][i] = strtoull(p, &end, 10);
			if (end == p)
				break;
			p = end;
		}
		c->rows++;
	}
	fclose(f);
}

static void irq_snapshot(struct irq_counts *c)
{
	irq_read(irq_files[0], &c[0]);
	irq_read(irq_files[1], &c[1]);
}

/* Print the rows that changed between irq_before and irq_after. */
static void irq_print(const char *tag)
{
	char line[4096];
	int f, r, i, len;

	for (f = 0; f < 2; f++) {
		struct irq_counts *a = &irq_before[f], *b = &irq_after[f];

		len = snprintf(line, sizeof(line), "WB-IRQS %s file=%s", tag,
			       irq_files[f]);
		for (r = 0; r < b->rows && r < a->rows; r++) {
			int changed = 0;

			for (i = 0; i < b->cpus; i++)
				changed |= b->n[r][i] != a->n[r][i];
			if (!changed || len > (int)sizeof(line) - 256)
				continue;
			len += snprintf(line + len, sizeof(line) - len, " %s=",
					b->name[r]);
			for (i = 0; i < b->cpus; i++)
				len += snprintf(line + len, sizeof(line) - len,
						"%s%llu", i ? "/" : "",
						b->n[r][i] - a->n[r][i]);
		}
		out("%s\n", line);
	}
}

/* Zero the kernel's profile counters (a write of any length but 4 does). */
static void profile_reset(void)
{
	int fd = open(PROFILE_PATH, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, "0", 1) != 1)
		fail(PROFILE_PATH " (reset)");
	if (fd >= 0)
		close(fd);
}

/* Read all of /proc/profile into prof[]; 0 on success. */
static int profile_read(void)
{
	int fd = open(PROFILE_PATH, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t n;

	prof_words = 0;
	if (fd < 0) {
		fail(PROFILE_PATH);
		return -1;
	}
	for (;;) {
		if (have == prof_cap) {
			size_t cap = prof_cap ? 2 * prof_cap : 1 << 20;
			void *p = realloc(prof, cap);

			if (!p) {
				fail("profile buffer");
				close(fd);
				return -1;
			}
			prof = p;
			prof_cap = cap;
		}
		n = read(fd, (char *)prof + have, prof_cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += n;
	}
	close(fd);
	if (n < 0 || have < 2 * sizeof(*prof)) {
		if (n >= 0)
			errno = ENODATA;
		fail(PROFILE_PATH " (read)");
		return -1;
	}
	prof_words = have / sizeof(*prof);
	return 0;
}

/* Print the non-zero counters of the last profile_read(). */
static void profile_print(const char *tag)
{
	unsigned long long ticks = 0;
	size_t i, nonzero = 0;
	char line[PROFILE_PER_LINE * 32 + 1024];	/* tag <= 160 */
	int len = 0, in_line = 0;

	if (!prof_words)
		return;
	for (i = 1; i < prof_words; i++) {
		if (prof[i]) {
			nonzero++;
			ticks += prof[i];
		}
	}
	out("WB-PROFILE %s step=%u buckets=%zu nonzero=%zu ticks=%llu\n",
	    tag, prof[0], prof_words - 1, nonzero, ticks);
	for (i = 1; i < prof_words; i++) {
		if (!prof[i])
			continue;
		if (!in_line)
			len = snprintf(line, sizeof(line), "WB-PROFDATA %s", tag);
		len += snprintf(line + len, sizeof(line) - len, " %zx:%u",
				i - 1, prof[i]);
		if (++in_line == PROFILE_PER_LINE) {
			out("%s\n", line);
			in_line = 0;
		}
	}
	if (in_line)
		out("%s\n", line);
}

static void run_set(int fd, int kmsg, int set, int round,
		    const struct param_set *s)
{
	char params[256], tag[160];
	uint64_t start, wall;
	int rc, err, tries;

	snprintf(params, sizeof(params),
		 "run_test_mask=%lu nr_threads=%lu test_loop_count=%lu test_repeat_count=%lu sequential_test_order=1",
		 s->mask, s->threads, s->loops, s->repeat);
	snprintf(tag, sizeof(tag), "set=%d round=%d mask=%lu threads=%lu",
		 set, round, s->mask, s->threads);

	lseek(kmsg, 0, SEEK_END);
	if (profiling) {
		irq_snapshot(irq_before);
		profile_reset();
	}
	start = now_us();
	/* Under failslab, a load may fail before the module runs: again. */
	for (tries = 0;; tries++) {
		rc = syscall(SYS_finit_module, fd, params, 0);
		err = rc ? errno : 0;
		if (err != ENOMEM || !failslab_on || tries == ENOMEM_RETRIES)
			break;
	}
	wall = now_us() - start;
	if (profiling) {	/* before any printing of ours */
		profile_read();
		irq_snapshot(irq_after);
	}

	out("WB-VMTEST %s loops=%lu repeat=%lu rc=%d errno=%s wall_us=%" PRIu64 " enomem_retries=%d\n",
	    tag, s->loops, s->repeat, rc, err ? strerrorname_np(err) : "0",
	    wall, tries);
	report_kmsg(kmsg, tag);
	if (profiling) {
		profile_print(tag);
		irq_print(tag);
	}
}

/* Copy the workload's output to the console, a line at a time. */
static void relay_vma(int fd)
{
	FILE *f = fdopen(fd, "r");
	char line[1024];

	if (!f) {
		fail("fdopen (wb.vma)");
		close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		out("WB-VMA %s\n", line);
		if (!strncmp(line, "vma: start ", 11))
			failslab_start();
	}
	fclose(f);
}

/* Run /bin/vma_workload with args (its options, split at spaces). */
static void run_vma(char *args)
{
	char *argv[VMA_MAX_ARGS + 2], *save = NULL, *tok;
	int pipefd[2], status, argc = 0;
	const char *sig;
	uint64_t start, wall;
	pid_t pid;

	argv[argc++] = "vma_workload";
	for (tok = strtok_r(args, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		if (argc > VMA_MAX_ARGS) {
			out("WB-ERROR wb.vma: more than %d arguments\n",
			    VMA_MAX_ARGS);
			errors++;
			return;
		}
		argv[argc++] = tok;
	}
	argv[argc] = NULL;

	if (pipe2(pipefd, O_CLOEXEC)) {
		fail("pipe (wb.vma)");
		return;
	}
	if (profiling)
		profile_reset();
	start = now_us();
	pid = fork_retry();
	if (pid < 0) {
		fail("fork (wb.vma)");
		close(pipefd[0]);
		close(pipefd[1]);
		return;
	}
	if (!pid) {	/* dup2() leaves O_CLOEXEC off the copies */
		if (dup2(pipefd[1], STDOUT_FILENO) >= 0 &&
		    dup2(pipefd[1], STDERR_FILENO) >= 0)
			execv(VMA_PATH, argv);
		dprintf(pipefd[1], "init: cannot run %s: %s\n", VMA_PATH,
			strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	relay_vma(pipefd[0]);
	if (wait_for(pid, &status) != pid) {
		fail("waitpid (wb.vma)");
		return;
	}
	wall = now_us() - start;
	/* The whole workload as one profiled run, mask 0 (no subtest). */
	if (profiling && !profile_read())
		profile_print("set=vma round=0 mask=0 threads=1");
	if (WIFSIGNALED(status)) {
		sig = sigabbrev_np(WTERMSIG(status));
		out("WB-VMAEXIT status=-1 signal=SIG%s wall_us=%" PRIu64 "\n",
		    sig ? sig : "?", wall);
		out("WB-ERROR " VMA_PATH " killed by signal %d\n",
		    WTERMSIG(status));
		errors++;
		return;
	}
	out("WB-VMAEXIT status=%d signal=0 wall_us=%" PRIu64 "\n",
	    WEXITSTATUS(status), wall);
	if (WEXITSTATUS(status)) {
		out("WB-ERROR " VMA_PATH " exited with status %d\n",
		    WEXITSTATUS(status));
		errors++;
	}
}

static void count_vmallocinfo(void)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	char line[512];
	int lines = 0;

	if (!f) {
		fail("/proc/vmallocinfo");
		return;
	}
	while (fgets(line, sizeof(line), f))
		lines++;
	fclose(f);
	out("WB-VMALLOCINFO lines=%d\n", lines);
}

/*
 * wb.mmsel=TIMEOUT: run upstream's mm selftests with /bin/mm_selftests
 * (guest/mm_selftests.c, which prints their WB-MMSEL lines), each test
 * killed after TIMEOUT seconds; after the VMA workload, before
 * test_vmalloc.  Its failure to run them all is an error; the tests'
 * results are the host's to judge.
 */
static void run_mm_selftests(char *timeout)
{
	char *argv[] = { "mm_selftests", timeout, NULL };
	int status;
	pid_t pid = fork();

	if (!pid) {
		execv("/bin/mm_selftests", argv);
		out("WB-ERROR cannot run /bin/mm_selftests: %s\n", strerror(errno));
		_exit(127);
	}
	if (pid < 0 || wait_for(pid, &status) != pid)
		fail("fork or waitpid (wb.mmsel)");
	else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		out("WB-ERROR /bin/mm_selftests failed (status 0x%x)\n", status);
		errors++;
	}
}

static void read_cmdline(char *buf, size_t size)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (n < 0) {
		fail("/proc/cmdline");
		n = 0;
	}
	buf[n] = '\0';
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	static char cmdline[CMDLINE_MAX], list[CMDLINE_MAX], value[32];
	static char vma_args[CMDLINE_MAX];
	struct param_set sets[MAX_SETS];
	int nsets = 0, rounds = 1, runs = 0, fd, kmsg, r, i;
	int hog = 0, kmemleak = 0;

	mount_or_complain("proc", "/proc", "proc");
	mount_or_complain("sysfs", "/sys", "sysfs");
	mount_or_complain("devtmpfs", "/dev", "devtmpfs");
	read_cmdline(cmdline, sizeof(cmdline));
	out("WB-START\n");

	if (!cmdline_value(cmdline, "wb.rounds", value, sizeof(value)))
		rounds = atoi(value);
	if (!cmdline_value(cmdline, "wb.vmtest", list, sizeof(list)))
		nsets = parse_sets(list, sets);
	if (!cmdline_value(cmdline, "wb.profile", value, sizeof(value)))
		profiling = atoi(value) != 0;
	if (!cmdline_value(cmdline, "wb.hog", value, sizeof(value)))
		hog = atoi(value) != 0;
	if (!cmdline_value(cmdline, "wb.kmemleak", value, sizeof(value)))
		kmemleak = atoi(value) != 0;
	cmdline_value(cmdline, "wb.failslab", failslab_spec,
		      sizeof(failslab_spec));
	if (failslab_spec[0] || kmemleak)
		mount_or_complain("debugfs", "/sys/kernel/debug", "debugfs");
	if (hog)
		hog_start();
	if (!cmdline_value(cmdline, "wb.vma", vma_args, sizeof(vma_args)))
		run_vma(vma_args);
	if (!cmdline_value(cmdline, "wb.mmsel", value, sizeof(value)))
		run_mm_selftests(value);
	failslab_start();	/* if the VMA workload did not start it */

	fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (nsets && fd < 0)
		fail(MODULE_PATH);
	else if (nsets && kmsg < 0)
		fail("/dev/kmsg");
	else
		for (r = 0; r < rounds; r++)
			for (i = 0; i < nsets; i++, runs++)
				run_set(fd, kmsg, i, r, &sets[i]);

	failslab_stop();
	hog_stop_and_report();
	if (kmemleak)
		kmemleak_report();
	count_vmallocinfo();
	out("WB-DONE runs=%d errors=%d\n", runs, errors);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
