// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_shapes: which kind of maple tree store each allocation and each
 * purge of a vmalloc-shaped workload takes, in an RCU-mode tree of
 * occupied areas whose gaps are the free space (the series' index, without
 * its pools and batches).  Built against either maple tree:
 *
 *   make -C tools/testing/maple MAPLE=upstream vmap-shapes
 *
 *   vmap_shapes [random_size|random_size_align|fix_size] [LOOPS]
 *
 * Allocations take the lowest gap that fits above VS (mas_empty_area(), a
 * bigger alignment asks for size + align - 1), as the series does; frees
 * are lazy, and a purge erases the sorted runs of adjacent freed areas
 * once more than 16384 pages are lazy (lazy_max_pages() with two CPUs).
 * Sizes and alignments are test_vmalloc's, plus the guard page.
 *
 * For each allocation, before its store, the gap it lands in is
 * classified by where the area lies in the gap (at its start, at its end,
 * both: an exact fit, or neither) and whether the gap is the last range of
 * its leaf.  Upstream's store types after each store are counted too
 * (upstream only: our tree has no store_type).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/maple_tree.h>

#define PS	4096UL
#define VS	(1UL << 40)
#define VE	(VS + (1UL << 35))
#define LAZY_MAX_PAGES	16384

static DEFINE_MTREE(mt);
static long shape[8];
#ifdef MAPLE_UPSTREAM
static const char *const types[] = {
	"invalid", "new_root", "store_root", "exact_fit", "spanning_store",
	"split_store", "rebalance", "append", "node_store", "slot_store",
};
static long alloc_type[16], erase_type[16];
#endif

static struct lz { unsigned long s, e; } *lazy;
static int nr_lazy;
static unsigned long lazy_pages;

static int lz_cmp(const void *a, const void *b)
{
	const struct lz *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

static void purge(void)
{
	MA_STATE(mas, &mt, 0, 0);
	unsigned long s, e;
	int i = 0;

	qsort(lazy, nr_lazy, sizeof(*lazy), lz_cmp);
	while (i < nr_lazy) {
		s = lazy[i].s;
		e = lazy[i].e;
		while (i + 1 < nr_lazy && lazy[i + 1].s == e)
			e = lazy[++i].e;
		i++;
		mas_set_range(&mas, s, e - 1);
		if (mas_store_gfp(&mas, NULL, GFP_KERNEL))
			abort();
#ifdef MAPLE_UPSTREAM
		erase_type[mas.store_type]++;
#endif
	}
	nr_lazy = 0;
	lazy_pages = 0;
}

static void one(unsigned long size, unsigned long align)
{
	MA_STATE(mas, &mt, 0, 0);
	MA_STATE(w, &mt, 0, 0);
	unsigned long len = align > PS ? size + align - 1 : size, addr;
	int k;

	if (mas_empty_area(&mas, VS, VE - 1, len))
		abort();
	addr = (mas.index + align - 1) & ~(align - 1);

	mas_set(&w, addr);
	if (mas_walk(&w))
		abort();
	k = (addr == w.index) | (addr + size - 1 == w.last) << 1 |
	    (w.offset == w.end) << 2;
	shape[k]++;

	mas_set_range(&mas, addr, addr + size - 1);
	if (mas_store_gfp(&mas, (void *)0x1000, GFP_KERNEL))
		abort();
#ifdef MAPLE_UPSTREAM
	alloc_type[mas.store_type]++;
#endif
	lazy[nr_lazy].s = addr;
	lazy[nr_lazy++].e = addr + size;
	lazy_pages += size / PS;
	if (lazy_pages > LAZY_MAX_PAGES)
		purge();
}

int main(int argc, char **argv)
{
	const char *wl = argc > 1 ? argv[1] : "random_size";
	long loops = argc > 2 ? atol(argv[2]) : 200000, i;
	unsigned long rnd, align;
	int k;

	rcu_register_thread();
	maple_tree_init();
	lazy = calloc(LAZY_MAX_PAGES + 1, sizeof(*lazy));
	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU);
	srand(1);
	mtree_lock(&mt);
	/* The series keeps the space below the vmalloc range occupied. */
	{
		MA_STATE(mas, &mt, 0, VS - 1);

		if (mas_store_gfp(&mas, (void *)0x2000, GFP_KERNEL))
			abort();
	}
	for (i = 0; i < loops; i++) {
		rnd = rand();
		if (!strcmp(wl, "random_size")) {
			one((rnd % 100 + 1 + 1) * PS, PS);
		} else if (!strcmp(wl, "random_size_align")) {
			rnd &= 0xff;
			align = 1UL << (rnd % 23);
			one((rnd % 10 + 1 + 1) * PS, align < PS ? PS : align);
		} else if (!strcmp(wl, "fix_size")) {
			one(2 * PS, PS);
		} else {
			fprintf(stderr, "unknown workload %s\n", wl);
			return 1;
		}
	}
	mtree_unlock(&mt);

	printf("%s, %ld allocations: where the area lies in its gap\n", wl, loops);
	printf("| at start | at end | gap is the leaf's last range | allocations |\n");
	printf("| --- | --- | --- | ---: |\n");
	for (k = 0; k < 8; k++)
		if (shape[k])
			printf("| %s | %s | %s | %ld |\n", k & 1 ? "yes" : "no",
			       k & 2 ? "yes" : "no", k & 4 ? "yes" : "no",
			       shape[k]);
#ifdef MAPLE_UPSTREAM
	printf("upstream's store types, allocations:");
	for (k = 0; k < 10; k++)
		if (alloc_type[k])
			printf(" %s %ld", types[k], alloc_type[k]);
	printf("\nupstream's store types, purge erases:");
	for (k = 0; k < 10; k++)
		if (erase_type[k])
			printf(" %s %ld", types[k], erase_type[k]);
	printf("\n");
#endif
	return 0;
}
