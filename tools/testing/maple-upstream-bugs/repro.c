// SPDX-License-Identifier: GPL-2.0
/*
 * The runner shared by every reproducer, and the harness controls of
 * repro.h for both harnesses.
 *
 * The reproducer's body runs in a child process (a bug may crash it or never
 * return), with an alarm.  The parent passes the child's output through
 * (stderr lines prefixed with "  | "), then prints one verdict line:
 *
 *   RESULT <bug> <impl> bug|ok|setup <detail>
 *
 * "bug": repro_run() said so, or the child died of a signal (a crash, an
 * ASan report, or the alarm: it did not return in time).
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

void mt_set_non_kernel(unsigned int val);	/* upstream's, test-only */

/*
 * Upstream's slab shim fails every non-sleeping allocation unless a budget
 * was set; that is its default, so the reset restores it.
 */
void repro_nowait_budget(unsigned int n)
{
	mt_set_non_kernel(n);
}

void repro_nowait_reset(void)
{
	mt_set_non_kernel(0);
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

static int child(int err_fd)
{
	int ret;

	dup2(err_fd, STDERR_FILENO);
	close(err_fd);
	alarm(repro.timeout);
	rcu_register_thread();
	maple_tree_init();
	ret = repro_run();
	fflush(stdout);
	fflush(stderr);
	_exit(ret);
}

/* Copy the child's stderr through; keep its first sanitizer report line. */
static void relay(int fd, char *report, size_t size)
{
	FILE *in = fdopen(fd, "r");
	char line[512];

	report[0] = '\0';
	while (in && fgets(line, sizeof(line), in)) {
		static const char tag[] = "SUMMARY: AddressSanitizer: ";
		char *san = strstr(line, tag);

		fprintf(stderr, "  | %s", line);
		if (san && !report[0]) {
			san += strlen(tag);
			san[strcspn(san, "\n")] = '\0';
			/* Upstream's harness reaches lib/ through ../shared. */
			if (!strncmp(san, "SEGV ../shared/../../../", 24))
				memmove(san + 5, san + 24, strlen(san + 24) + 1);
			snprintf(report, size, " (ASan: %.90s)", san);
		}
	}
	if (in)
		fclose(in);
}

int main(void)
{
	const char *verdict, *what = "";
	char detail[160], report[128];
	int fds[2], status;
	bool want_bug;
	pid_t pid;

#ifdef REPRO_UPSTREAM
	want_bug = true;
#else
	want_bug = false;
#endif
	printf("%s against %s: %s\n", repro.name, REPRO_IMPL, repro.what);
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds)) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		close(fds[0]);
		child(fds[1]);
	}
	close(fds[1]);
	relay(fds[0], report, sizeof(report));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;

	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		verdict = "bug";
		if (sig == SIGALRM)
			snprintf(detail, sizeof(detail),
				 "no return within %u s (SIGALRM)",
				 repro.timeout);
		else
			snprintf(detail, sizeof(detail), "crash, %s%s",
				 signame(sig), report);
	} else if (WEXITSTATUS(status) == REPRO_OK) {
		verdict = "ok";
		snprintf(detail, sizeof(detail), "contract kept");
	} else if (WEXITSTATUS(status) == REPRO_BUG) {
		verdict = "bug";
		snprintf(detail, sizeof(detail), "wrong result (see above)");
	} else {
		verdict = "setup";
		what = "could not set the scene: ";
		snprintf(detail, sizeof(detail), "exit status %d",
			 WEXITSTATUS(status));
	}
	printf("RESULT %s %s %s %s%s\n", repro.name, REPRO_IMPL, verdict,
	       what, detail);
	return strcmp(verdict, want_bug ? "bug" : "ok") != 0;
}
