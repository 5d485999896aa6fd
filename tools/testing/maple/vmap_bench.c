// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc-pattern benchmark: the vmap_area index of the vmalloc series (one
 * maple tree of occupied areas, free space = its gaps) against a model of
 * Linux 6.12's augmented rb-trees (vmap_bench_rb.c), per operation.
 *
 *   vmap_bench [--split] [--check] [--fill-below] [--impl NAME]...
 *              [--ops N] [--loops N] [--lookups N] [WORKLOAD]...
 *
 * Implementations: "rb" and, for the maple tree this binary is built
 * against (BENCH_IMPL), "<impl>-rcu" (MT_FLAGS_USE_RCU, as in the series)
 * and "<impl>-norcu".  Workloads:
 *
 *   frontier       one-page vmalloc()/vfree() in a loop; the area always
 *                  lands at the frontier, freed areas are given back 8192 at
 *                  a time (test_vmalloc's fix_size_alloc_test, no pools)
 *   frontier_runs  the same, the maple tree erasing runs of adjacent areas
 *                  with one store
 *   full_fit       2 x 16384 interleaved one-page areas, free one of each
 *                  pair, then --loops alloc+free that fill the holes
 *                  exactly (full_fit_alloc_test)
 *   full_fit_runs  the same with run erasure
 *   lookup         --lookups address lookups among 30000 live areas
 *   random         a self-test, run only when named: random sizes and frees
 *
 * Prints "impl <tab> workload <tab> row <tab> count <tab> value" lines (the
 * value is ns per operation unless the row says otherwise) and one
 * "#hash" line per run: the hash of every address handed out, which must
 * be the same for every implementation.  --split times the phases of each
 * operation apart (TSC marks, their own cost subtracted); --check verifies
 * the index after each workload.  --fill-below is a diagnostic: the maple
 * trees get an entry over [0, VB_START) so that no gap lies below the
 * search window (the rb-tree model does not change).
 */
#include <stdlib.h>
#include <string.h>
#include <asm/barrier.h>
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "vmap_bench.h"

#ifndef BENCH_IMPL
#define BENCH_IMPL "maple"
#endif

struct vb_clock vb_clock;

/* --- The maple tree index, as the series uses it ------------------------ */

struct mva {
	unsigned long va_start;
	unsigned long va_end;		/* exclusive */
	unsigned long flags;
};

#define MVA_BUSY	0x4UL

static struct maple_tree vmt;
static bool vmt_rcu;
static DEFINE_SPINLOCK(vmt_busy_lock);
static DEFINE_SPINLOCK(vmt_lazy_lock);
static struct mva *vmt_lazy[VB_LAZY_MAX];
static struct mva *vmt_purging[VB_LAZY_MAX];
static unsigned int vmt_nr_lazy;
static unsigned long vmt_lazy_start, vmt_lazy_end;
static struct vb_pool mva_pool = { .size = sizeof(struct mva) };
static struct kmem_cache *vmt_node_cache;

static noinline unsigned long mtm_alloc(unsigned long size)
{
	MA_STATE(mas, &vmt, 0, 0);
	struct mva *va = vb_pool_get(&mva_pool);
	unsigned long addr = 0;

	va->flags = 0;
	mtree_lock(&vmt);
retry:
	mas_reset(&mas);
	if (mas_empty_area(&mas, VB_START, VB_END - 1, size)) {
		vb_mark(VB_SEARCH);
		goto out;
	}
	vb_mark(VB_SEARCH);
	addr = mas.index;
	va->va_start = addr;
	va->va_end = addr + size;
	/* The search left @mas on the gap's node: store from there. */
	__mas_set_range(&mas, addr, addr + size - 1);
	mas_store(&mas, va);
	if (mas_nomem(&mas, GFP_KERNEL))
		goto retry;
	if (mas_is_err(&mas))
		addr = 0;
out:
	mas_destroy(&mas);
	mtree_unlock(&vmt);
	if (!addr) {
		vb_pool_put(&mva_pool, va);
		return 0;
	}
	/* Lookups take it from here on; pairs with mtm_lookup(). */
	smp_store_release(&va->flags, MVA_BUSY);
	vb_mark(VB_INSERT);
	return addr;
}

static void mtm_place(unsigned long start, unsigned long size)
{
	struct mva *va = vb_pool_get(&mva_pool);

	va->va_start = start;
	va->va_end = start + size;
	va->flags = MVA_BUSY;
	if (mtree_insert_range(&vmt, start, start + size - 1, va, GFP_KERNEL)) {
		fprintf(stderr, "vmap_bench: cannot place %#lx\n", start);
		abort();
	}
}

static noinline void mtm_vfree(unsigned long addr)
{
	struct mva *va;

	rcu_read_lock();
	va = mtree_load(&vmt, addr);
	if (va) {
		spin_lock(&vmt_busy_lock);
		if (va->flags & MVA_BUSY)
			WRITE_ONCE(va->flags, va->flags & ~MVA_BUSY);
		else
			va = NULL;
		spin_unlock(&vmt_busy_lock);
	}
	rcu_read_unlock();
	if (!va || vmt_nr_lazy == VB_LAZY_MAX) {
		fprintf(stderr, "vmap_bench: %s: cannot free %#lx\n",
			BENCH_IMPL, addr);
		abort();
	}

	spin_lock(&vmt_lazy_lock);
	vmt_lazy[vmt_nr_lazy++] = va;
	vmt_lazy_start = min(vmt_lazy_start, va->va_start);
	vmt_lazy_end = max(vmt_lazy_end, va->va_end);
	spin_unlock(&vmt_lazy_lock);
	vb_mark(VB_FREE);
}

/* Erase exactly @va: walk to it, check it, store NULL over its range. */
static noinline void mtm_erase_one(struct ma_state *mas, struct mva *va)
{
	do {
		mas_set(mas, va->va_start);
		if (mas_walk(mas) != va || mas->index != va->va_start ||
		    mas->last != va->va_end - 1) {
			fprintf(stderr, "vmap_bench: %#lx is not indexed\n",
				va->va_start);
			abort();
		}
		mas_store(mas, NULL);
	} while (mas_nomem(mas, GFP_KERNEL));
	mas_destroy(mas);
}

/* Erase [start, end), which areas cover exactly, with one store. */
static noinline void mtm_erase_run(struct ma_state *mas, unsigned long start,
				   unsigned long end)
{
	do {
		mas_set_range(mas, start, end - 1);
		mas_store(mas, NULL);
	} while (mas_nomem(mas, GFP_KERNEL));
	mas_destroy(mas);
}

static int mva_cmp(const void *a, const void *b)
{
	const struct mva *x = *(const struct mva * const *)a;
	const struct mva *y = *(const struct mva * const *)b;

	return x->va_start > y->va_start ? 1 : -1;
}

static noinline void mtm_purge(bool runs)
{
	MA_STATE(mas, &vmt, 0, 0);
	unsigned int nr, i, first;

	spin_lock(&vmt_lazy_lock);
	nr = vmt_nr_lazy;
	memcpy(vmt_purging, vmt_lazy, nr * sizeof(vmt_lazy[0]));
	vmt_nr_lazy = 0;
	vmt_lazy_start = ULONG_MAX;
	vmt_lazy_end = 0;
	spin_unlock(&vmt_lazy_lock);

	if (runs)
		qsort(vmt_purging, nr, sizeof(vmt_purging[0]), mva_cmp);

	mtree_lock(&vmt);
	if (!runs) {
		/* The series' purge takes the lazy list last freed first. */
		for (i = nr; i-- > 0; )
			mtm_erase_one(&mas, vmt_purging[i]);
	} else {
		for (first = 0; first < nr; first = i) {
			for (i = first + 1; i < nr; i++)
				if (vmt_purging[i]->va_start !=
				    vmt_purging[i - 1]->va_end)
					break;
			mtm_erase_run(&mas, vmt_purging[first]->va_start,
				      vmt_purging[i - 1]->va_end);
		}
	}
	mtree_unlock(&vmt);

	/* The series frees them with kfree_rcu(): not modelled. */
	for (i = 0; i < nr; i++)
		vb_pool_put(&mva_pool, vmt_purging[i]);
	vb_mark(VB_PURGE);
}

static noinline bool mtm_lookup(unsigned long addr)
{
	struct mva *va;
	bool busy;

	rcu_read_lock();
	va = mtree_load(&vmt, addr);
	/* Pairs with the release in mtm_alloc(): the area is set up. */
	busy = va && (smp_load_acquire(&va->flags) & MVA_BUSY);
	rcu_read_unlock();
	vb_mark(VB_LOOKUP);
	return busy;
}

/* Diagnostic: occupy [0, VB_START) so no gap lies below the window. */
static bool vb_fill_below;
static struct mva vmt_below = { .va_start = 0, .va_end = VB_START };

static void mtm_setup(void)
{
	mt_init_flags(&vmt, MT_FLAGS_ALLOC_RANGE |
			    (vmt_rcu ? MT_FLAGS_USE_RCU : 0));
	if (vb_fill_below &&
	    mtree_insert_range(&vmt, 0, VB_START - 1, &vmt_below, GFP_KERNEL))
		abort();
	vmt_nr_lazy = 0;
	vmt_lazy_start = ULONG_MAX;
	vmt_lazy_end = 0;
}

static void mtm_setup_rcu(void)
{
	vmt_rcu = true;
	mtm_setup();
}

static void mtm_setup_norcu(void)
{
	vmt_rcu = false;
	mtm_setup();
}

static void mtm_teardown(void)
{
	MA_STATE(mas, &vmt, 0, 0);
	struct mva *va;

	/* Every area, busy or lazy, is still in the tree. */
	mtree_lock(&vmt);
	mas_for_each(&mas, va, ULONG_MAX)
		if (va != &vmt_below)
			free(va);
	mtree_unlock(&vmt);
	vmt_nr_lazy = 0;
	mtree_destroy(&vmt);
	rcu_barrier();
	vb_pool_drain(&mva_pool);
}

static unsigned long mtm_objects(void)
{
	return vmt_node_cache ? shim_cache_total(vmt_node_cache) : 0;
}

/* Entries are areas that cover exactly their own range, in order. */
static bool mtm_check(void)
{
	MA_STATE(mas, &vmt, 0, 0);
	unsigned long end = 0;
	struct mva *va;
	bool ok = true;

	rcu_read_lock();
	mas_for_each(&mas, va, ULONG_MAX) {
		if (mas.index != va->va_start || mas.last != va->va_end - 1 ||
		    va->va_start < end)
			ok = false;
		end = va->va_end;
	}
	rcu_read_unlock();
	return ok;
}

static const struct vb_impl vb_mt_rcu = {
	.name = BENCH_IMPL "-rcu",
	.setup = mtm_setup_rcu,
	.teardown = mtm_teardown,
	.alloc = mtm_alloc,
	.place = mtm_place,
	.vfree = mtm_vfree,
	.purge = mtm_purge,
	.lookup = mtm_lookup,
	.objects = mtm_objects,
	.check = mtm_check,
};

static const struct vb_impl vb_mt_norcu = {
	.name = BENCH_IMPL "-norcu",
	.setup = mtm_setup_norcu,
	.teardown = mtm_teardown,
	.alloc = mtm_alloc,
	.place = mtm_place,
	.vfree = mtm_vfree,
	.purge = mtm_purge,
	.lookup = mtm_lookup,
	.objects = mtm_objects,
	.check = mtm_check,
};

static const struct vb_impl *const vb_impls[] = {
	&vb_rb_impl, &vb_mt_rcu, &vb_mt_norcu,
};

/* --- The driver ---------------------------------------------------------- */

static unsigned long vb_frontier_ops = 8 * VB_LAZY_MAX;
static unsigned long vb_full_fit_loops = 5000;
static unsigned long vb_lookups = 1000000;
static bool vb_check;
static double vb_ticks_per_ns = 1.0;
static double vb_mark_cost;		/* ticks */

/* State of one workload run. */
struct vb_run {
	const struct vb_impl *im;
	const char *wl;
	bool runs;
	unsigned long long hash;
	unsigned long allocs;
	unsigned int lazy;		/* queued since the last purge */
	unsigned long purged;		/* areas given back */
	double purge_ns;		/* wall time spent purging */
	unsigned long alloc_objs;	/* index objects allocated by alloc() */
	unsigned long purge_objs;	/* and by purge() */
};

static void vb_row(struct vb_run *r, const char *row, unsigned long n,
		   double value)
{
	printf("%s\t%s\t%s\t%lu\t%.2f\n", r->im->name, r->wl, row, n, value);
}

static unsigned long vb_alloc(struct vb_run *r, unsigned long size)
{
	unsigned long addr;

	unsigned long objs = r->im->objects();

	vb_begin();
	addr = r->im->alloc(size);
	r->alloc_objs += r->im->objects() - objs;
	if (!addr) {
		fprintf(stderr, "vmap_bench: %s: %s: allocation failed\n",
			r->im->name, r->wl);
		abort();
	}
	r->hash = (r->hash ^ addr) * 0x100000001b3ULL;
	r->allocs++;
	return addr;
}

static void vb_purge(struct vb_run *r)
{
	unsigned long objs = r->im->objects();
	double t0 = bench_now();

	vb_begin();
	r->im->purge(r->runs);
	r->purge_ns += bench_now() - t0;
	r->purge_objs += r->im->objects() - objs;
	r->purged += r->lazy;
	r->lazy = 0;
}

/* vfree(): the area waits on the lazy list until a batch is complete. */
static void vb_free(struct vb_run *r, unsigned long addr)
{
	vb_begin();
	r->im->vfree(addr);
	if (++r->lazy == VB_LAZY_MAX)
		vb_purge(r);
}

static void vb_split_reset(void)
{
	memset(vb_clock.ticks, 0, sizeof(vb_clock.ticks));
	memset(vb_clock.marks, 0, sizeof(vb_clock.marks));
}

/* Rows of the phases marked since the last reset, in ns per operation. */
static void vb_split_report(struct vb_run *r, const char *section,
			    unsigned long purged)
{
	static const char *const names[VB_NR_PHASES] = {
		[VB_SEARCH] = "search",
		[VB_CLIP] = "clip",
		[VB_INSERT] = "insert/store",
		[VB_FREE] = "vfree",
		[VB_PURGE] = "purge per area",
		[VB_LOOKUP] = "lookup",
	};
	char row[96];
	int p;

	for (p = 0; p < VB_NR_PHASES; p++) {
		unsigned long n = vb_clock.marks[p];
		double ticks = vb_clock.ticks[p] - n * vb_mark_cost;

		if (!n)
			continue;
		if (p == VB_PURGE)
			n = purged;
		if (!n)
			continue;
		snprintf(row, sizeof(row), "%s: %s", section, names[p]);
		vb_row(r, row, n, ticks / vb_ticks_per_ns / n);
	}
	vb_split_reset();
}

static unsigned long vb_height(void)
{
	return (vmt.ma_flags & MT_FLAGS_HEIGHT_MASK) >> MT_FLAGS_HEIGHT_OFFSET;
}

/* Boot: ~300 small areas packed at VB_START, a percpu chunk at the top. */
static void vb_boot(struct vb_run *r)
{
	unsigned long long seed = 1;
	int i;

	r->im->setup();
	for (i = 0; i < 300; i++)
		vb_alloc(r, VB_AREA(1 + bench_rand(&seed) % 8));
	r->im->place(VB_PCPU_START, VB_PCPU_SIZE);
	r->allocs = 0;
}

static void vb_finish(struct vb_run *r)
{
	if (r->lazy)
		vb_purge(r);
	if (vb_check && !r->im->check()) {
		fprintf(stderr, "vmap_bench: %s: %s: index check failed\n",
			r->im->name, r->wl);
		exit(1);
	}
	printf("#hash\t%s\t%s\t%016llx\n", r->im->name, r->wl, r->hash);
	r->im->teardown();
	vb_split_reset();
}

/* Start a section of a workload: its own timings and counts. */
static void vb_section(struct vb_run *r)
{
	r->allocs = 0;
	r->purged = 0;
	r->purge_ns = 0;
	r->alloc_objs = 0;
	r->purge_objs = 0;
	vb_split_reset();
}

/*
 * Close a section of @ops iterations that took @ns: the split rows, or the
 * whole-section rows (@what names one iteration).
 */
static void vb_section_report(struct vb_run *r, const char *section,
			      const char *what, unsigned long ops, double ns)
{
	char row[96];

	if (vb_clock.split) {
		vb_split_report(r, section, r->purged);
		return;
	}
	if (r->purged) {
		snprintf(row, sizeof(row), "%s: %s incl. purges", section, what);
		vb_row(r, row, ops, ns / ops);
	}
	snprintf(row, sizeof(row), "%s: %s", section, what);
	vb_row(r, row, ops, (ns - r->purge_ns) / ops);
	if (r->purged) {
		snprintf(row, sizeof(row), "%s: purge per area", section);
		vb_row(r, row, r->purged, r->purge_ns / r->purged);
	}
	if (r->allocs) {
		snprintf(row, sizeof(row), "%s: index objects per alloc (count)",
			 section);
		vb_row(r, row, r->allocs, (double)r->alloc_objs / r->allocs);
	}
	if (r->purged) {
		snprintf(row, sizeof(row),
			 "%s: index objects per purged area (count)", section);
		vb_row(r, row, r->purged, (double)r->purge_objs / r->purged);
	}
}

static void vb_frontier(struct vb_run *r)
{
	unsigned long i, ops = vb_frontier_ops;
	double t0;

	vb_boot(r);
	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < ops; i++)
		vb_free(r, vb_alloc(r, VB_AREA(1)));
	if (r->lazy)
		vb_purge(r);
	vb_section_report(r, "loop", "alloc+vfree", ops, bench_now() - t0);
	vb_finish(r);
}

#define VB_JUNK		16384

/* The sections of full_fit are functions of their own for callgrind. */
static noinline void vb_ff_fill(struct vb_run *r, unsigned long *ptr,
				unsigned long *junk)
{
	unsigned long i;
	double t0;

	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < VB_JUNK; i++) {
		ptr[i] = vb_alloc(r, VB_AREA(1));
		junk[i] = vb_alloc(r, VB_AREA(1));
	}
	vb_section_report(r, "fill", "alloc", 2 * VB_JUNK, bench_now() - t0);
}

static noinline void vb_ff_free_junk(struct vb_run *r, unsigned long *junk)
{
	unsigned long i;
	double t0;

	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < VB_JUNK; i++)
		vb_free(r, junk[i]);
	vb_section_report(r, "free junk", "vfree", VB_JUNK, bench_now() - t0);
}

/* The measured loop: every allocation fills a two-page hole. */
static noinline void vb_ff_holes(struct vb_run *r)
{
	unsigned long i;
	double t0;

	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < vb_full_fit_loops; i++)
		vb_free(r, vb_alloc(r, VB_AREA(1)));
	vb_section_report(r, "holes", "alloc+vfree", vb_full_fit_loops,
			  bench_now() - t0);
}

static noinline void vb_ff_free_all(struct vb_run *r, unsigned long *ptr,
				    unsigned long *arrays)
{
	unsigned long i;
	double t0;

	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < VB_JUNK; i++)
		vb_free(r, ptr[i]);
	vb_free(r, arrays[0]);
	vb_free(r, arrays[1]);
	if (r->lazy)
		vb_purge(r);
	vb_section_report(r, "free all", "vfree", VB_JUNK + 2,
			  bench_now() - t0);
}

static void vb_full_fit(struct vb_run *r)
{
	unsigned long *ptr = malloc(VB_JUNK * sizeof(*ptr));
	unsigned long *junk = malloc(VB_JUNK * sizeof(*junk));
	unsigned long arrays[2];

	vb_boot(r);
	/* test_vmalloc vmalloc()s its two arrays of pointers first. */
	arrays[0] = vb_alloc(r, VB_AREA(VB_JUNK * sizeof(void *) / VB_PAGE));
	arrays[1] = vb_alloc(r, VB_AREA(VB_JUNK * sizeof(void *) / VB_PAGE));

	vb_ff_fill(r, ptr, junk);
	if (!vb_clock.split && r->im->objects == mtm_objects)
		vb_row(r, "maple tree height (count)", 1, vb_height());
	vb_ff_free_junk(r, junk);
	vb_ff_holes(r);
	vb_ff_free_all(r, ptr, arrays);
	vb_finish(r);
	free(ptr);
	free(junk);
}

#define VB_LIVE		30000

static void vb_lookup(struct vb_run *r)
{
	unsigned long *start = malloc(VB_LIVE * sizeof(*start));
	unsigned long *size = malloc(VB_LIVE * sizeof(*size));
	unsigned long long seed = 7;
	unsigned long i, hits = 0;
	double t0, t;

	vb_boot(r);
	for (i = 0; i < VB_LIVE; i++) {
		size[i] = VB_AREA(1 + bench_rand(&seed) % 8);
		start[i] = vb_alloc(r, size[i]);
	}
	vb_section(r);
	t0 = bench_now();
	for (i = 0; i < vb_lookups; i++) {
		unsigned long k = bench_rand(&seed) % VB_LIVE;

		vb_begin();
		hits += r->im->lookup(start[k] + bench_rand(&seed) % size[k]);
	}
	t = bench_now() - t0;
	if (hits != vb_lookups) {
		fprintf(stderr, "vmap_bench: %s: %lu of %lu lookups missed\n",
			r->im->name, vb_lookups - hits, vb_lookups);
		exit(1);
	}
	vb_section_report(r, "lookup", "lookup", vb_lookups, t);
	vb_finish(r);
	free(start);
	free(size);
}

/*
 * A self-test rather than a benchmark: random sizes (one in 64 of 2 to
 * 10 MiB), random frees, purges in both modes.
 * Every implementation must hand out the same addresses; with --check the
 * indexes are verified after every purge.
 */
static void vb_random(struct vb_run *r)
{
	unsigned long long seed = 3;
	unsigned long *live = calloc(4096, sizeof(*live));
	unsigned long i, k;

	vb_boot(r);
	for (i = 0; i < 200000; i++) {
		unsigned long pages = 1 + bench_rand(&seed) % 16;

		k = bench_rand(&seed) % 4096;
		if (bench_rand(&seed) % 64 == 0)
			pages = 512 + bench_rand(&seed) % 2048;
		if (live[k])
			vb_free(r, live[k]);
		live[k] = vb_alloc(r, VB_AREA(pages));
		r->runs = bench_rand(&seed) & 1;
		if (vb_check && r->lazy == 0 && !r->im->check()) {
			fprintf(stderr, "vmap_bench: %s: random: index check failed at %lu\n",
				r->im->name, i);
			exit(1);
		}
	}
	for (k = 0; k < 4096; k++)
		if (live[k])
			vb_free(r, live[k]);
	vb_finish(r);
	free(live);
}

static const struct {
	const char *name;
	void (*run)(struct vb_run *r);
	bool runs;
	bool self_test;		/* only when named */
} vb_workloads[] = {
	{ "frontier", vb_frontier, false },
	{ "frontier_runs", vb_frontier, true },
	{ "full_fit", vb_full_fit, false },
	{ "full_fit_runs", vb_full_fit, true },
	{ "lookup", vb_lookup, false },
	{ "random", vb_random, false, true },
};

/* Ticks per ns, and what an empty phase costs in ticks. */
static void vb_calibrate(void)
{
	unsigned long long c0, c1;
	double t0, t1;
	int i, batch;

	t0 = bench_now();
	c0 = vb_ticks();
	do {
		t1 = bench_now();
	} while (t1 - t0 < 50e6);
	c1 = vb_ticks();
	vb_ticks_per_ns = (double)(c1 - c0) / (t1 - t0);

	/* The cheapest of 20 batches: other jobs only ever add to it. */
	vb_clock.split = true;
	vb_mark_cost = 1e30;
	for (batch = 0; batch < 20; batch++) {
		vb_split_reset();
		for (i = 0; i < 50000; i++) {
			vb_begin();
			vb_mark(VB_LOOKUP);
		}
		vb_mark_cost = min(vb_mark_cost,
				   (double)vb_clock.ticks[VB_LOOKUP] /
				   vb_clock.marks[VB_LOOKUP]);
	}
	vb_split_reset();
	vb_clock.split = false;
	fprintf(stderr, "vmap_bench: %.3f ticks/ns, a mark costs %.1f ticks\n",
		vb_ticks_per_ns, vb_mark_cost);
}

static void vb_usage(void)
{
	fprintf(stderr,
		"usage: vmap_bench [--split] [--check] [--fill-below] [--impl NAME]...\n"
		"                  [--ops N] [--loops N] [--lookups N] [WORKLOAD]...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *impls[8], *wls[8];
	int nr_impls = 0, nr_wls = 0, i, j, k;
	bool split = false;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--split")) {
			split = true;
		} else if (!strcmp(argv[i], "--check")) {
			vb_check = true;
		} else if (!strcmp(argv[i], "--fill-below")) {
			vb_fill_below = true;
		} else if (i + 1 < argc && !strcmp(argv[i], "--impl")) {
			if (nr_impls == ARRAY_SIZE(impls))
				vb_usage();
			impls[nr_impls++] = argv[++i];
		} else if (i + 1 < argc && !strcmp(argv[i], "--ops")) {
			vb_frontier_ops = strtoul(argv[++i], NULL, 0);
		} else if (i + 1 < argc && !strcmp(argv[i], "--loops")) {
			vb_full_fit_loops = strtoul(argv[++i], NULL, 0);
		} else if (i + 1 < argc && !strcmp(argv[i], "--lookups")) {
			vb_lookups = strtoul(argv[++i], NULL, 0);
		} else if (argv[i][0] == '-' || nr_wls == ARRAY_SIZE(wls)) {
			vb_usage();
		} else {
			wls[nr_wls++] = argv[i];
		}
	}

	/* Names that matched nothing are typos. */
	for (k = 0; k < nr_wls; k++) {
		for (j = 0; j < (int)ARRAY_SIZE(vb_workloads); j++)
			if (!strcmp(wls[k], vb_workloads[j].name))
				break;
		if (j == ARRAY_SIZE(vb_workloads))
			vb_usage();
	}
	for (k = 0; k < nr_impls; k++) {
		for (i = 0; i < (int)ARRAY_SIZE(vb_impls); i++)
			if (!strcmp(impls[k], vb_impls[i]->name))
				break;
		if (i == ARRAY_SIZE(vb_impls))
			vb_usage();
	}

	rcu_register_thread();
	maple_tree_init();
	vmt_node_cache = shim_cache_find("maple_node");
	if (split)
		vb_calibrate();
	vb_clock.split = split;

	for (j = 0; j < (int)ARRAY_SIZE(vb_workloads); j++) {
		bool want = !nr_wls && !vb_workloads[j].self_test;

		for (k = 0; k < nr_wls; k++)
			want |= !strcmp(wls[k], vb_workloads[j].name);
		if (!want)
			continue;
		for (i = 0; i < (int)ARRAY_SIZE(vb_impls); i++) {
			struct vb_run r = {
				.im = vb_impls[i],
				.wl = vb_workloads[j].name,
				.runs = vb_workloads[j].runs,
			};

			want = !nr_impls;
			for (k = 0; k < nr_impls; k++)
				want |= !strcmp(impls[k], vb_impls[i]->name);
			if (want)
				vb_workloads[j].run(&r);
		}
	}
	rcu_barrier();
	rcu_unregister_thread();
	return 0;
}
