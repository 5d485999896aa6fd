// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's /init: run the VMA workload and test_vmalloc parameter sets,
 * and power off.
 *
 * Kernel command line:
 *   wb.vmtest=MASK:THREADS:LOOPS:REPEAT[,MASK:THREADS:LOOPS:REPEAT...]
 *   wb.rounds=N          run the whole list N times (default 1)
 *   wb.profile=1         profile each run with the kernel's profiler (the
 *                        kernel booted with profile=N, CONFIG_PROFILING)
 *   wb.vma="ARGS"        run /bin/vma_workload (guest/vma_workload.c) once,
 *                        with ARGS split at spaces as its options, e.g.
 *                        wb.vma="-n 2000 -r 5 -p mmap,munmap"; the quotes
 *                        are the kernel's own (see next_arg()), so ARGS
 *                        may hold spaces, and a one-word ARGS needs none;
 *                        wb.vma= alone runs it with its defaults
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
 * that it read every WB-PROFDATA pair.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MODULE_PATH	"/lib/modules/test_vmalloc.ko"
#define MAX_SETS	64
#define CMDLINE_MAX	4096
#define PROFILE_PATH	"/proc/profile"
#define PROFILE_PER_LINE 32
#define VMA_PATH	"/bin/vma_workload"
#define VMA_MAX_ARGS	32

struct param_set {
	unsigned long mask;
	unsigned long threads;
	unsigned long loops;
	unsigned long repeat;
};

static int errors;
static int profiling;		/* wb.profile=1 */

/* The last /proc/profile read: prof[0] is the bucket size, then counters. */
static unsigned int *prof;
static size_t prof_words, prof_cap;

static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void fail(const char *what)
{
	out("WB-ERROR %s: %s\n", what, strerror(errno));
	errors++;
}

static void mount_or_complain(const char *src, const char *dst,
			      const char *type)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, NULL) && errno != EBUSY)
		fail(dst);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
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
	int rc, err;

	snprintf(params, sizeof(params),
		 "run_test_mask=%lu nr_threads=%lu test_loop_count=%lu test_repeat_count=%lu sequential_test_order=1",
		 s->mask, s->threads, s->loops, s->repeat);
	snprintf(tag, sizeof(tag), "set=%d round=%d mask=%lu threads=%lu",
		 set, round, s->mask, s->threads);

	lseek(kmsg, 0, SEEK_END);
	if (profiling)
		profile_reset();
	start = now_us();
	rc = syscall(SYS_finit_module, fd, params, 0);
	err = rc ? errno : 0;
	wall = now_us() - start;
	if (profiling)		/* before any printing of ours */
		profile_read();

	out("WB-VMTEST %s loops=%lu repeat=%lu rc=%d errno=%s wall_us=%" PRIu64 "\n",
	    tag, s->loops, s->repeat, rc, err ? strerrorname_np(err) : "0",
	    wall);
	report_kmsg(kmsg, tag);
	if (profiling)
		profile_print(tag);
}

/* Wait for pid, whatever signals come; the pid, or -1 on an error. */
static pid_t wait_for(pid_t pid, int *status)
{
	pid_t got;

	do
		got = waitpid(pid, status, 0);
	while (got < 0 && errno == EINTR);
	return got;
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
	start = now_us();
	pid = fork();
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
	if (!cmdline_value(cmdline, "wb.vma", vma_args, sizeof(vma_args)))
		run_vma(vma_args);

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

	count_vmallocinfo();
	out("WB-DONE runs=%d errors=%d\n", runs, errors);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
