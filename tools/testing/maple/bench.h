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

/* The same, with the repetition it belongs to (the interleaved benchmark). */
static inline void bench_report_rep(const char *row, const char *op,
				    unsigned long n, double v, unsigned long rep)
{
	printf("%s\t%s\t%lu\t%.2f\t%lu\n", row, op, n, v, rep);
}

void bench_rb(unsigned long n);

/*
 * The interleaved benchmark (maple_bench.c, built once per implementation,
 * and bench_main.c, the driver that links both).  Each build of
 * maple_bench.c exports one struct bench_impl; the Makefile renames every
 * symbol it defines with the implementation's prefix (ours_bench_impl,
 * upstream_bench_impl, ours_mtree_load, ...), so the two maple trees, their
 * shims and their slab counters live side by side in one process.
 *
 * An operation sets up its trees, brackets only the measured part with
 * bench_begin()/bench_end() (as often as it needs: small trees run several
 * rounds), and returns how many operations the brackets held.  The driver
 * times the brackets, or under callgrind switches collection on inside them.
 */
struct bench_op {
	const char *name;
	unsigned long (*run)(void *ctx, unsigned long long seed);
};

struct bench_impl {
	const char *name;
	void (*init)(void);
	/* The read-only trees that several operations share. */
	void *(*setup)(unsigned long n);
	void (*teardown)(void *ctx);
	/* Slab bytes per entry of a tree of n ascending ranges. */
	double (*node_bytes)(unsigned long n, int mm);
	const struct bench_op *ops;
	unsigned int nr_ops;
};

/* Provided by the driver: its clock (bench_rb.c times with it too). */
extern unsigned long bench_target_ops;
double bench_clock(void);
void bench_begin(void);
void bench_end(void);

#endif /* _MAPLE_BENCH_H */
