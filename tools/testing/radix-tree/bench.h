/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the maple tree benchmark and its rb-tree + list baseline (which
 * is compiled apart, against the kernel's tools/include).
 */
#ifndef _MAPLE_BENCH_H
#define _MAPLE_BENCH_H

#include <stdio.h>
#include <time.h>

/* Entry i covers [i * BENCH_STEP, i * BENCH_STEP + BENCH_LEN - 1]. */
#define BENCH_STEP	16UL
#define BENCH_LEN	8UL
/* Cap on the number of timed operations of the per-operation benchmarks. */
#define BENCH_MAX_OPS	200000UL

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline unsigned long bench_rand(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (unsigned long)(*s * 0x2545f4914f6cdd1dULL);
}

/* One result line: row, operation, entries, nanoseconds per operation. */
static inline void bench_report(const char *row, const char *op,
				unsigned long n, double ns)
{
	printf("%s\t%s\t%lu\t%.2f\n", row, op, n, ns);
}

void bench_rb(unsigned long n);

#endif /* _MAPLE_BENCH_H */
