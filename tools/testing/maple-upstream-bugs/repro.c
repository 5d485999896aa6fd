// SPDX-License-Identifier: GPL-2.0
/*
 * The runner shared by every reproducer, and the harness controls of
 * repro.h for both harnesses.
 *
 * Each case of the reproducer's body runs in a child process of its own (a
 * bug may crash it or never return), with an alarm.  The parent passes the
 * child's output through (stderr lines prefixed with "  | "), then prints
 * one verdict line for the program:
 *
 *   RESULT <bug> <impl> bug|ok|setup <detail>
 *
 * "bug": a case's repro_run() said so, or its child died of a signal (a
 * crash, a sanitizer report or a failed assertion, or the alarm: it did not
 * return in time).
 *
 * Exit status: 0 when the result is the expected one for this build (the
 * bug shown on upstream, the contract kept on ours), 1 otherwise.
 */
#include "repro.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef REPRO_UPSTREAM
#define REPRO_IMPL	"upstream"

/* Upstream's test-only hook into its slab shim. */
void mt_set_non_kernel(unsigned int val);

/*
 * Failed allocations are counted by wrapping the shim's two allocators at
 * link time (run.sh links with --wrap for both), as upstream's shim keeps
 * no count of them.
 */
static unsigned long repro_failures;

void *__real_kmem_cache_alloc_lru(struct kmem_cache *cachep,
				  struct list_lru *lru, int gfp);
int __real_kmem_cache_alloc_bulk(struct kmem_cache *cachep, gfp_t gfp,
				 size_t size, void **list);

void *__wrap_kmem_cache_alloc_lru(struct kmem_cache *cachep,
				  struct list_lru *lru, int gfp)
{
	void *p = __real_kmem_cache_alloc_lru(cachep, lru, gfp);

	if (!p)
		__atomic_add_fetch(&repro_failures, 1, __ATOMIC_RELAXED);
	return p;
}

int __wrap_kmem_cache_alloc_bulk(struct kmem_cache *cachep, gfp_t gfp,
				 size_t size, void **list)
{
	int n = __real_kmem_cache_alloc_bulk(cachep, gfp, size, list);

	if (!n)
		__atomic_add_fetch(&repro_failures, 1, __ATOMIC_RELAXED);
	return n;
}

void repro_nowait_budget(unsigned int n)
{
	mt_set_non_kernel(n);
}

void repro_nowait_reset(void)
{
	mt_set_non_kernel(0);
}

unsigned long repro_alloc_failures(void)
{
	return repro_failures;
}
#else
#include <linux/slab.h>
#define REPRO_IMPL	"ours"

/* Our shim counts attempts, one per call; no budget means none fail. */
void repro_nowait_budget(unsigned int n)
{
	shim_alloc_fail_reset();
	shim_alloc_fail_nth(n + 1UL, ~0UL);
}

void repro_nowait_reset(void)
{
	shim_alloc_fail_reset();
}

unsigned long repro_alloc_failures(void)
{
	return shim_alloc_failures();
}
#endif

#ifdef __SANITIZE_ADDRESS__
/* A sanitizer report ends the child with SIGABRT, never with exit(1). */
const char *__asan_default_options(void)
{
	return "abort_on_error=1:detect_leaks=0";
}
#endif

static const char *signame(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	default: return "another signal";
	}
}

static int child(int err_fd, unsigned int c)
{
	int ret;

	dup2(err_fd, STDERR_FILENO);
	close(err_fd);
	/* Keep stdout and stderr lines in the order they were written. */
	setvbuf(stdout, NULL, _IONBF, 0);
	alarm(repro.timeout);
	rcu_register_thread();
	maple_tree_init();
	ret = repro_run(c);
	fflush(stdout);
	fflush(stderr);
	_exit(ret);
}

/*
 * Copy the child's stderr through.  Keep in @report a summary of its first
 * sanitizer report (the kind of error and the innermost frame in
 * lib/maple_tree.c), and in @note its last repro_note().
 */
static void relay(int fd, char *report, size_t size, char *note, size_t nsize)
{
	static const char tag[] = "SUMMARY: AddressSanitizer: ";
	char line[512], kind[64] = "", frame[128] = "";
	FILE *in = fdopen(fd, "r");
	bool done = false;

	report[0] = '\0';
	note[0] = '\0';
	while (in && fgets(line, sizeof(line), in)) {
		char *p;

		fprintf(stderr, "  | %s", line);
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "repro: ", 7))
			snprintf(note, nsize, "%s", line + 7);
		if (done)
			continue;
		/* "    #3 0x55.. in mt_free_walk ../shared/../../../lib/maple_tree.c:5285" */
		p = strstr(line, "lib/maple_tree.c:");
		if (!frame[0] && strstr(line, " in ") && p && strstr(line, "#")) {
			char *fn = strstr(line, " in ") + 4;

			fn[strcspn(fn, " ")] = '\0';
			snprintf(frame, sizeof(frame), "%s, %s", fn, p);
		}
		/* "...lib/maple_tree.c:7571: mt_validate_nulls: Assertion `0' failed." */
		p = strstr(line, ": Assertion `");
		if (p && strstr(line, "lib/maple_tree.c:")) {
			char *file = strstr(line, "lib/maple_tree.c:");
			char *fn = strchr(file, ' ');

			if (fn) {
				*p = '\0';
				fn[-1] = '\0';
				snprintf(kind, sizeof(kind), "assertion");
				snprintf(frame, sizeof(frame), "%s, %s", fn + 1, file);
				done = true;
			}
			continue;
		}
		p = strstr(line, tag);
		if (p) {
			p += strlen(tag);
			p[strcspn(p, " ")] = '\0';
			snprintf(kind, sizeof(kind), "%s", p);
			done = true;
		}
	}
	if (kind[0])
		snprintf(report, size, " (%s%s%s%s)",
			 strcmp(kind, "assertion") ? "ASan: " : "", kind,
			 frame[0] ? " in " : "", frame);
	if (in)
		fclose(in);
}

/* Run case @c in a child; its verdict ("bug", "ok", "setup") and detail. */
static const char *run_case(unsigned int c, char *detail, size_t size)
{
	char report[128], note[128];
	int fds[2], status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds)) {
		snprintf(detail, size, "pipe: %s", strerror(errno));
		return "setup";
	}
	pid = fork();
	if (pid < 0) {
		snprintf(detail, size, "fork: %s", strerror(errno));
		return "setup";
	}
	if (!pid) {
		close(fds[0]);
		child(fds[1], c);
	}
	close(fds[1]);
	relay(fds[0], report, sizeof(report), note, sizeof(note));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;

	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		if (sig == SIGALRM)
			snprintf(detail, size, "no return within %u s (SIGALRM)",
				 repro.timeout);
		else
			/* With a report, the signal is its abort(). */
			snprintf(detail, size, "%s%scrash%s%s",
				 note, note[0] ? "; then " : "",
				 report[0] ? "" : ", ",
				 report[0] ? report : signame(sig));
		return "bug";
	}
	switch (WEXITSTATUS(status)) {
	case REPRO_OK:
		snprintf(detail, size, "contract kept");
		return "ok";
	case REPRO_BUG:
		snprintf(detail, size, "%s",
			 note[0] ? note : "wrong result (see the log)");
		return "bug";
	default:
		snprintf(detail, size, "could not set the scene: exit status %d",
			 WEXITSTATUS(status));
		return "setup";
	}
}

int main(void)
{
	char detail[256], all[600] = "";
	unsigned int c, cases = repro.cases;
	const char *verdict = "ok";
	bool want_bug;

	if (!cases)
		cases = 1;

#ifdef REPRO_UPSTREAM
	want_bug = true;
#else
	want_bug = false;
#endif
	printf("%s against %s: %s\n", repro.name, REPRO_IMPL, repro.what);
	/*
	 * Several cases: each in a child of its own, so that a crash in one
	 * does not hide the others.  The program's verdict is "bug" if any
	 * case showed the bug, else "setup" if any could not run, else "ok".
	 */
	for (c = 0; c < cases; c++) {
		const char *v;
		size_t len = strlen(all);

		if (cases > 1)
			printf("-- case %u of %u\n", c + 1, cases);
		v = run_case(c, detail, sizeof(detail));
		if (cases > 1)
			printf("-- case %u: %s, %s\n", c + 1, v, detail);
		if (!strcmp(v, "bug") ||
		    (!strcmp(v, "setup") && strcmp(verdict, "bug")))
			verdict = v;
		if (strcmp(v, "ok") || cases == 1) {
			char tag[16] = "";

			if (cases > 1)
				snprintf(tag, sizeof(tag), "case %u: ", c + 1);
			snprintf(all + len, sizeof(all) - len, "%s%s%s",
				 len ? "; " : "", tag, detail);
		}
	}
	if (!all[0])
		snprintf(all, sizeof(all), "contract kept");
	printf("RESULT %s %s %s %s\n", repro.name, REPRO_IMPL, verdict, all);
	return strcmp(verdict, want_bug ? "bug" : "ok") != 0;
}
