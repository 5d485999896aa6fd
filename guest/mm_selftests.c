// SPDX-License-Identifier: GPL-2.0
/*
 * Run upstream's mm selftests in the guest: /bin/mm_selftests TIMEOUT
 *
 * /init (guest/init.c) execs this when the kernel command line has
 * wb.mmsel=TIMEOUT.  It runs every program in /mmsel (the tests
 * scripts/mm-selftests.sh built, put there by scripts/initramfs.sh), in
 * the order of their names, one at a time, each in a process group of its
 * own, with its stdin on /dev/null and its cwd on a tmpfs (/tmp), and
 * kills the group if the test runs longer than TIMEOUT seconds.  The guest
 * has no shell: the tests are exec'd directly, without arguments (their
 * defaults, as upstream's run_vmtests.sh runs most of them).  Each runs
 * with ADDR_NO_RANDOMIZE: mremap_test places its regions next to where its
 * source mapping landed and maps a 40 MB preamble there with
 * MAP_FIXED_NOREPLACE, which fails with EEXIST ("Failed to map dest
 * preamble region") when a randomized mapping happens to lie there; that
 * was seen on the unpatched kernel.  Without randomization every boot, of
 * every variant, gives the tests the same address space layout.
 *
 * Lines on the console, for scripts/results.py:
 *   WB-MMSEL start tests=N timeout=S names=NAME,NAME,...
 *   WB-MMOUT NAME LINE   a line the test printed (stdout and stderr, in
 *                        order); the prefix keeps its text (e.g. a "BUG"
 *                        in a message) from reading as a kernel report
 *   WB-MMSEL test=NAME status=N signal=SIG result=pass|skip|fail
 *            wall_us=U
 *                        its end: exit status N (-1 if a signal killed it,
 *                        SIG then names the signal, else 0; SIGKILL after
 *                        a timeout adds timeout=1); the kselftest
 *                        convention: 0 is a pass, 4 (KSFT_SKIP) a skip,
 *                        anything else a failure
 *   WB-MMSEL done pass=N skip=N fail=N
 *   WB-MMSEL error WHAT: ERRNO   this program could not do its job
 *   WB-MMSEL note TEXT   something the tests may miss (no debugfs)
 * It exits 0 when it could run every test, whatever their results (the
 * host judges them), else 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define WB_ERROR_PREFIX	"WB-MMSEL error"
#include "wb_guest.h"

#define TEST_DIR	"/mmsel"
#define MAX_TESTS	64
#define LINE_MAX_OUT	1000	/* a longer line is printed in pieces */
#define KSFT_SKIP	4
#define DEBUGFS_MAGIC	0x64626720

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The programs in TEST_DIR, sorted; their number, or -1. */
static int list_tests(char **names)
{
	DIR *d = opendir(TEST_DIR);
	struct dirent *e;
	int n = 0;

	if (!d) {
		fail(TEST_DIR);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == MAX_TESTS) {
			out("WB-MMSEL error more than %d tests in " TEST_DIR "\n",
			    MAX_TESTS);
			errors++;
			break;
		}
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			fail("strdup");
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	return n;
}

/* Print what the test wrote, a line at a time, with its prefix. */
struct relay {
	char buf[LINE_MAX_OUT + 1];
	size_t len;
};

static void relay_flush(struct relay *r, const char *name)
{
	r->buf[r->len] = '\0';
	out("WB-MMOUT %s %s\n", name, r->buf);
	r->len = 0;
}

static void relay_bytes(struct relay *r, const char *name, const char *p,
			size_t n)
{
	for (; n; p++, n--) {
		if (*p == '\n') {
			relay_flush(r, name);
			continue;
		}
		if (*p == '\r')
			continue;
		r->buf[r->len++] = *p;
		if (r->len == LINE_MAX_OUT)
			relay_flush(r, name);
	}
}

/* Run one test; 0 pass, 1 skip, 2 fail. */
static int run_test(const char *name, int timeout)
{
	char path[256], chunk[4096];
	struct relay relay = { .len = 0 };
	struct pollfd pfd;
	uint64_t start, deadline, wall;
	int pipefd[2], status, timed_out = 0, rc;
	const char *sig = "0", *result;
	pid_t pid, got;
	ssize_t n;

	snprintf(path, sizeof(path), TEST_DIR "/%s", name);
	if (pipe2(pipefd, O_CLOEXEC)) {
		fail("pipe");
		return 2;
	}
	start = now_us();
	deadline = start + (uint64_t)timeout * 1000000;
	pid = fork();
	if (pid < 0) {
		fail("fork");
		close(pipefd[0]);
		close(pipefd[1]);
		return 2;
	}
	if (!pid) {
		char *argv[] = { (char *)name, NULL };
		int null = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (personality(PER_LINUX | ADDR_NO_RANDOMIZE) < 0) {
			dprintf(pipefd[1], "mm_selftests: personality: %s\n",
				strerror(errno));
			_exit(127);
		}
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		/* dup2() leaves O_CLOEXEC off the copies */
		if (dup2(pipefd[1], STDOUT_FILENO) >= 0 &&
		    dup2(pipefd[1], STDERR_FILENO) >= 0)
			execv(path, argv);
		dprintf(pipefd[1], "mm_selftests: cannot run %s: %s\n", path,
			strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);	/* also here: no race with the kill below */
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	for (;;) {
		uint64_t t = now_us();
		int wait_ms = t >= deadline ? 0 : (deadline - t + 999) / 1000;

		if (!timed_out && t >= deadline) {
			out("WB-MMOUT %s mm_selftests: timeout after %d s, killing its process group\n",
			    name, timeout);
			kill(-pid, SIGKILL);
			timed_out = 1;
		}
		rc = poll(&pfd, 1, timed_out ? 10000 : wait_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			fail("poll");
			break;
		}
		if (!rc) {
			if (timed_out)	/* killed, but the pipe stays open */
				break;
			continue;
		}
		n = read(pipefd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		relay_bytes(&relay, name, chunk, n);
	}
	if (relay.len)
		relay_flush(&relay, name);
	close(pipefd[0]);
	got = wait_for(pid, &status);
	/* Its own children, if it left any: they are in its group. */
	kill(-pid, SIGKILL);
	wall = now_us() - start;
	if (got != pid) {
		fail("waitpid");
		return 2;
	}
	if (WIFSIGNALED(status)) {
		sig = sigabbrev_np(WTERMSIG(status));
		result = "fail";
		rc = 2;
	} else if (WEXITSTATUS(status) == 0) {
		result = "pass";
		rc = 0;
	} else if (WEXITSTATUS(status) == KSFT_SKIP) {
		result = "skip";
		rc = 1;
	} else {
		result = "fail";
		rc = 2;
	}
	out("WB-MMSEL test=%s status=%d signal=%s%s result=%s wall_us=%" PRIu64 "%s\n",
	    name, WIFSIGNALED(status) ? -1 : WEXITSTATUS(status),
	    WIFSIGNALED(status) ? "SIG" : "", sig ? sig : "?", result, wall,
	    timed_out ? " timeout=1" : "");
	return rc;
}

int main(int argc, char **argv)
{
	char *names[MAX_TESTS];
	int count[3] = { 0, 0, 0 };
	int timeout, n, i;
	struct statfs sfs;

	timeout = argc > 1 ? atoi(argv[1]) : 0;
	if (timeout <= 0)
		timeout = 300;
	/* gup_test (uffd-unit-tests' pin cases) is in debugfs. */
	if ((statfs("/sys/kernel/debug", &sfs) || sfs.f_type != DEBUGFS_MAGIC) &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL))
		out("WB-MMSEL note no debugfs (%s): tests that need it skip\n",
		    strerror(errno));
	mkdir("/tmp", 01777);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) && errno != EBUSY)
		fail("mount /tmp");
	if (chdir("/tmp"))
		fail("chdir /tmp");
	n = list_tests(names);
	if (n < 0)
		return 1;
	printf("WB-MMSEL start tests=%d timeout=%d names=", n, timeout);
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", names[i]);
	out("\n");
	for (i = 0; i < n; i++)
		count[run_test(names[i], timeout)]++;
	out("WB-MMSEL done pass=%d skip=%d fail=%d\n", count[0], count[1],
	    count[2]);
	return errors ? 1 : 0;
}
