// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree benchmark.  One source, built against each implementation;
 * bench.sh runs the builds in turn and tabulates the medians.
 *
 *   maple_bench [--rb] SIZE...
 *
 * Prints "row <tab> op <tab> entries <tab> ns" lines.  With --rb it runs the
 * rb-tree + linked list baseline instead.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "bench.h"

#ifndef BENCH_IMPL
#define BENCH_IMPL "maple"
#endif

static void build(struct maple_tree *mt, unsigned int flags, unsigned long n)
{
	unsigned long i;

	mt_init_flags(mt, flags);
	for (i = 0; i < n; i++)
		mtree_store_range(mt, i * BENCH_STEP,
				  i * BENCH_STEP + BENCH_LEN - 1,
				  xa_mk_value(i), GFP_KERNEL);
}

static unsigned long ops_for(unsigned long n)
{
	return n < BENCH_MAX_OPS ? (n < 10000 ? 100000 : n) : BENCH_MAX_OPS;
}

static void bench_maple(unsigned long n)
{
	unsigned long long seed = 42;
	unsigned long i, ops = ops_for(n), sum = 0;
	struct maple_tree mt, copy;
	double t, t0;
	long bytes;
	void *entry;
	MA_STATE(mas, &mt, 0, 0);

	/* Sequential append: the way a tree of VMAs is first built. */
	t0 = bench_now();
	build(&mt, 0, n);
	t = bench_now() - t0;
	bench_report(BENCH_IMPL, "append store", n, t / n);
	bytes = shim_outstanding_bytes();
	bench_report(BENCH_IMPL, "node bytes/entry", n, (double)bytes / n);

	t0 = bench_now();
	for (i = 0; i < ops; i++) {
		unsigned long idx = bench_rand(&seed) % n * BENCH_STEP +
				    BENCH_LEN / 2;

		sum += (unsigned long)mtree_load(&mt, idx);
	}
	bench_report(BENCH_IMPL, "mtree_load hit", n, (bench_now() - t0) / ops);

	t0 = bench_now();
	rcu_read_lock();
	for (i = 0; i < ops; i++) {
		mas_set(&mas, bench_rand(&seed) % n * BENCH_STEP + 1);
		sum += (unsigned long)mas_walk(&mas);
	}
	rcu_read_unlock();
	bench_report(BENCH_IMPL, "mas_walk", n, (bench_now() - t0) / ops);

	t0 = bench_now();
	rcu_read_lock();
	mas_set(&mas, 0);
	mas_for_each(&mas, entry, ULONG_MAX)
		sum += (unsigned long)entry;
	rcu_read_unlock();
	bench_report(BENCH_IMPL, "mas_find iteration", n, (bench_now() - t0) / n);

	t0 = bench_now();
	rcu_read_lock();
	mas_set(&mas, 0);
	mas_walk(&mas);
	for (i = 1; i < n; i++)
		sum += (unsigned long)mas_next(&mas, ULONG_MAX);
	for (i = 1; i < n; i++)
		sum += (unsigned long)mas_prev(&mas, 0);
	rcu_read_unlock();
	bench_report(BENCH_IMPL, "mas_next/mas_prev step", n,
		     n > 1 ? (bench_now() - t0) / (2 * (n - 1)) : 0);

	t0 = bench_now();
	for (i = 0; i < ops; i++) {
		unsigned long k = bench_rand(&seed) % n;

		mtree_store_range(&mt, k * BENCH_STEP, k * BENCH_STEP + 3 +
				  bench_rand(&seed) % 8, xa_mk_value(i),
				  GFP_KERNEL);
	}
	bench_report(BENCH_IMPL, "random mtree_store_range", n,
		     (bench_now() - t0) / ops);
	mtree_destroy(&mt);
	build(&mt, 0, n);

	mt_init(&copy);
	t0 = bench_now();
	mtree_lock(&mt);
	spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
	__mt_dup(&mt, &copy, GFP_KERNEL);
	spin_unlock(&copy.ma_lock);
	mtree_unlock(&mt);
	bench_report(BENCH_IMPL, "__mt_dup (per entry)", n,
		     (bench_now() - t0) / n);

	t0 = bench_now();
	mtree_destroy(&copy);
	bench_report(BENCH_IMPL, "mtree_destroy (per entry)", n,
		     (bench_now() - t0) / n);

	/* Erase every entry, in random order. */
	{
		unsigned long *order = malloc(n * sizeof(*order));

		for (i = 0; i < n; i++)
			order[i] = i;
		for (i = n - 1; i > 0; i--) {
			unsigned long j = bench_rand(&seed) % (i + 1), tmp;

			tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		t0 = bench_now();
		for (i = 0; i < n; i++)
			mtree_erase(&mt, order[i] * BENCH_STEP);
		bench_report(BENCH_IMPL, "mtree_erase", n,
			     (bench_now() - t0) / n);
		free(order);
	}
	mtree_destroy(&mt);

	/* Gap search on an allocation tree full of small gaps. */
	build(&mt, MT_FLAGS_ALLOC_RANGE, n);
	t0 = bench_now();
	rcu_read_lock();
	for (i = 0; i < ops; i++) {
		mas_reset(&mas);
		mas_empty_area(&mas, bench_rand(&seed) % (n * BENCH_STEP),
			       ULONG_MAX, BENCH_STEP - BENCH_LEN);
		sum += mas.index;
	}
	rcu_read_unlock();
	bench_report(BENCH_IMPL, "mas_empty_area", n, (bench_now() - t0) / ops);
	mtree_destroy(&mt);
	rcu_barrier();

	if (sum == 42)
		fprintf(stderr, "(unlikely)\n");
}

int main(int argc, char **argv)
{
	bool rb = false;
	int i;

	rcu_register_thread();
	maple_tree_init();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rb")) {
			rb = true;
			continue;
		}
		if (rb)
			bench_rb(strtoul(argv[i], NULL, 0));
		else
			bench_maple(strtoul(argv[i], NULL, 0));
	}
	rcu_unregister_thread();
	return 0;
}
