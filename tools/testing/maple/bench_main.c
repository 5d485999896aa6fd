// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree benchmark driver: ours and upstream's in one process.
 *
 *   maple_bench [--reps N] [--ops N] [--only TEXT] [--no-rb] [--callgrind]
 *               SIZE...
 *
 * Each repetition, for each size, runs every operation of maple_bench.c on
 * both implementations back to back (ours first in odd repetitions,
 * upstream's first in even ones), then the rb-tree + list baseline.  Prints
 * "row <tab> op <tab> entries <tab> value <tab> repetition" lines: ns per
 * operation, or bytes per entry for the node bytes rows; progress goes to
 * stderr.  Time is the benchmark thread's CPU time (CLOCK_THREAD_CPUTIME_ID:
 * time spent preempted on a shared machine is not counted), or with --wall
 * CLOCK_MONOTONIC; the cost of the clock reads is measured and subtracted.
 * --ops N sets how many operations (at least) each measurement holds.
 *
 * --callgrind: run under valgrind --tool=callgrind --collect-atstart=no.
 * Collection is switched on only inside the measured brackets (in the
 * benchmark's thread: liburcu's call_rcu thread, which frees nodes after a
 * grace period, is not counted), and after each operation the counts are
 * dumped with the description "impl <tab> op <tab> entries <tab> count";
 * bench_callgrind.sh reads the dumps.  The rb-tree baseline is skipped.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <urcu/urcu-memb.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#else
#define HAVE_CALLGRIND 0
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#define CALLGRIND_DUMP_STATS_AT(s) do { (void)(s); } while (0)
#define RUNNING_ON_VALGRIND 0
#endif
#include "bench.h"

extern const struct bench_impl ours_bench_impl, upstream_bench_impl;

unsigned long bench_target_ops = 100000;
static bool callgrind;
static clockid_t clock_id = CLOCK_THREAD_CPUTIME_ID;
static double t_start, t_sum, t_bracket;
static unsigned long t_brackets;

static double now(void)
{
	struct timespec ts;

	clock_gettime(clock_id, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

double bench_clock(void)
{
	return now();
}

void bench_begin(void)
{
	if (callgrind)
		CALLGRIND_TOGGLE_COLLECT;
	else
		t_start = now();
}

void bench_end(void)
{
	if (callgrind) {
		CALLGRIND_TOGGLE_COLLECT;
	} else {
		t_sum += now() - t_start;
		t_brackets++;
	}
}

/*
 * The cost of an empty bracket (two clock reads; CLOCK_THREAD_CPUTIME_ID is
 * a system call), the median of 101 samples of 1000: subtracted from every
 * bracket, so that operations measured in many short rounds are not charged
 * for the clock.
 */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void calibrate(void)
{
	double sample[101];
	unsigned int i, j;

	for (i = 0; i < 101; i++) {
		t_sum = 0;
		for (j = 0; j < 1000; j++) {
			bench_begin();
			bench_end();
		}
		sample[i] = t_sum / 1000;
	}
	qsort(sample, 101, sizeof(sample[0]), cmp_double);
	t_bracket = sample[50];
	fprintf(stderr, "bench: clock %s, empty bracket %.1f ns (subtracted)\n",
		clock_id == CLOCK_MONOTONIC ? "monotonic" : "thread CPU time",
		t_bracket);
}

static void usage(void)
{
	fprintf(stderr, "usage: maple_bench [--reps N] [--ops N] [--only TEXT] "
		"[--no-rb] [--wall] [--callgrind] SIZE...\n");
	exit(2);
}

static unsigned long number(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || !v) {
		fprintf(stderr, "maple_bench: bad %s \"%s\"\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const struct bench_impl *impls[2] = { &ours_bench_impl,
					      &upstream_bench_impl };
	unsigned long sizes[16], reps = 1, rep;
	unsigned int nr_sizes = 0, s, i, o;
	const char *only = NULL;
	bool rb = true;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < (unsigned int)argc)
			reps = number(argv[++i], "--reps");
		else if (!strcmp(argv[i], "--ops") && i + 1 < (unsigned int)argc)
			bench_target_ops = number(argv[++i], "--ops");
		else if (!strcmp(argv[i], "--only") && i + 1 < (unsigned int)argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--no-rb"))
			rb = false;
		else if (!strcmp(argv[i], "--callgrind"))
			callgrind = true;
		else if (!strcmp(argv[i], "--wall"))
			clock_id = CLOCK_MONOTONIC;
		else if (argv[i][0] == '-')
			usage();
		else if (nr_sizes == sizeof(sizes) / sizeof(sizes[0]))
			usage();
		else if ((sizes[nr_sizes++] = number(argv[i], "size")) < 2) {
			fprintf(stderr, "maple_bench: sizes start at 2\n");
			exit(2);
		}
	}
	if (!nr_sizes)
		usage();
	if (callgrind) {
		if (!HAVE_CALLGRIND || !RUNNING_ON_VALGRIND) {
			fprintf(stderr, "maple_bench: --callgrind needs valgrind "
				"--tool=callgrind --collect-atstart=no (and "
				"<valgrind/callgrind.h> at build time)\n");
			exit(2);
		}
		rb = false;
	}

	if (!callgrind)
		calibrate();
	urcu_memb_register_thread();
	for (i = 0; i < 2; i++)
		impls[i]->init();

	for (rep = 1; rep <= reps; rep++) {
		/* Odd repetitions run ours first, even ones upstream's. */
		unsigned int first = (rep - 1) % 2;

		for (s = 0; s < nr_sizes; s++) {
			unsigned long n = sizes[s];
			void *ctx[2];

			fprintf(stderr, "bench: repetition %lu of %lu, %lu entries: "
				"setting up\n", rep, reps, n);
			for (i = 0; i < 2; i++)
				ctx[i] = impls[i]->setup(n);
			for (o = 0; o < impls[0]->nr_ops; o++) {
				const char *name = impls[0]->ops[o].name;

				if (only && !strstr(name, only))
					continue;
				fprintf(stderr, "bench: repetition %lu of %lu, %lu entries: %s\n",
					rep, reps, n, name);
				for (i = 0; i < 2; i++) {
					const struct bench_impl *im = impls[(first + i) % 2];
					void *c = ctx[(first + i) % 2];
					unsigned long count;
					char desc[256];

					if (strcmp(im->ops[o].name, name)) {
						fprintf(stderr, "maple_bench: operation lists differ\n");
						return 1;
					}
					/* Leave no deferred frees to the other side. */
					urcu_memb_barrier();
					t_sum = 0;
					t_brackets = 0;
					count = im->ops[o].run(c, 42 + o);
					t_sum -= t_brackets * t_bracket;
					if (callgrind) {
						snprintf(desc, sizeof(desc), "%s\t%s\t%lu\t%lu",
							 im->name, name, n, count);
						CALLGRIND_DUMP_STATS_AT(desc);
					}
					bench_report_rep(im->name, name, n,
							 count ? t_sum / count : 0, rep);
				}
			}
			for (i = 0; i < 2; i++) {
				const struct bench_impl *im = impls[(first + i) % 2];

				impls[(first + i) % 2]->teardown(ctx[(first + i) % 2]);
				bench_report_rep(im->name, "node bytes/entry", n,
						 im->node_bytes(n, 0), rep);
				bench_report_rep(im->name, "node bytes/entry, mm tree", n,
						 im->node_bytes(n, 1), rep);
			}
			if (rb)
				bench_rb(n);
			fflush(stdout);
		}
	}
	urcu_memb_barrier();
	urcu_memb_unregister_thread();
	return 0;
}
