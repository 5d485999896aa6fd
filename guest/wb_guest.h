/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the guest programs: guest/init.c, guest/mm_selftests.c
 * and guest/vma_workload.c, each one file built on its own by
 * scripts/initramfs.sh (which rebuilds them when this file changes).
 *
 * They are static inline so that a program that uses only some of them
 * still builds with -Wall -Werror (no unused-function warnings).  None
 * prints a format of its own: scripts/results.py parses what the programs
 * print, and each program keeps its own prefixes (fail()'s too, below).
 */
#ifndef WB_GUEST_H
#define WB_GUEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

/*
 * printf() to stdout, flushed at once: a line must not wait in the buffer
 * while a child writes to the same console or pipe, nor be lost when the
 * program ends with _exit() or the guest powers off.
 */
static inline void out(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/*
 * A program that counts its errors defines WB_ERROR_PREFIX, the tag its
 * error lines start with ("WB-ERROR" for /init, "WB-MMSEL error" for
 * mm_selftests, as scripts/results.py expects), before it includes this
 * file; it then has errors, the count it exits or reports with, and
 * fail().  The prefix is a macro, not an argument, so that no call can
 * get it wrong.
 */
#ifdef WB_ERROR_PREFIX
static int errors;

/* Report the call that just failed, "PREFIX WHAT: ERRNO TEXT", and count it. */
static inline void fail(const char *what)
{
	out(WB_ERROR_PREFIX " %s: %s\n", what, strerror(errno));
	errors++;
}
#endif

/* CLOCK_MONOTONIC: times of runs must not jump with the wall clock. */
static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Exactly tv_sec * 1000000 + tv_nsec / 1000, as the _us fields always were. */
static inline uint64_t now_us(void)
{
	return now_ns() / 1000;
}

/*
 * waitpid(pid, status, 0), made again when a signal handler interrupts it;
 * the pid, or -1 on an error.
 */
static inline pid_t wait_for(pid_t pid, int *status)
{
	pid_t got;

	do
		got = waitpid(pid, status, 0);
	while (got < 0 && errno == EINTR);
	return got;
}

#endif /* WB_GUEST_H */
