// SPDX-License-Identifier: GPL-2.0
/*
 * Maple tree benchmark: the operations.  This file is compiled once per
 * implementation (against its <linux/maple_tree.h>) and linked, with that
 * implementation and its shims, into one relocatable object whose symbols
 * all carry the implementation's prefix; bench_main.c links both objects and
 * runs each operation on ours and on upstream's in the same repetition.
 *
 * Entry i covers [i * BENCH_STEP, i * BENCH_STEP + BENCH_LEN - 1] and holds
 * xa_mk_value(i); the BENCH_STEP - BENCH_LEN indices after it are a gap.
 * Every operation draws its random numbers from the seed the driver passes,
 * the same for both implementations, so both do exactly the same work.
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

/* The flags of mm->mm_mt, less the external lock (the tree's own is used). */
#define MM_FLAGS	(MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU)

struct ctx {
	unsigned long n;
	struct maple_tree plain;	/* flags 0, built by ascending stores */
	struct maple_tree mm;		/* MM_FLAGS, built the same way */
	struct maple_tree vma;		/* MM_FLAGS, page ranges: vma_build() */
};

static void build(struct maple_tree *mt, unsigned int flags, unsigned long n)
{
	unsigned long i;

	mt_init_flags(mt, flags);
	for (i = 0; i < n; i++) {
		if (mtree_store_range(mt, i * BENCH_STEP,
				      i * BENCH_STEP + BENCH_LEN - 1,
				      xa_mk_value(i), GFP_KERNEL)) {
			fprintf(stderr, "bench: %s: store %lu failed\n",
				BENCH_IMPL, i);
			exit(1);
		}
	}
}

/*
 * A tree shaped like a process's VMA tree: entry i is the one page at
 * VMA_STEP * i, with a gap of two pages after it, so that a random address
 * hits a VMA one time in three, as faults in sparse mappings would.
 */
#define VMA_PAGE	4096UL
#define VMA_STEP	(3 * VMA_PAGE)

static void vma_build(struct maple_tree *mt, unsigned long n)
{
	unsigned long i;

	mt_init_flags(mt, MM_FLAGS);
	for (i = 0; i < n; i++) {
		if (mtree_store_range(mt, i * VMA_STEP,
				      i * VMA_STEP + VMA_PAGE - 1,
				      xa_mk_value(i), GFP_KERNEL)) {
			fprintf(stderr, "bench: %s: vma store %lu failed\n",
				BENCH_IMPL, i);
			exit(1);
		}
	}
}

/* Whole passes over n entries: enough of them to reach the target. */
static unsigned long rounds(unsigned long n)
{
	return n < bench_target_ops ? bench_target_ops / n : 1;
}

/* Distinct positions per round, for operations that consume entries/gaps. */
static unsigned long per_round(unsigned long n)
{
	return n < bench_target_ops ? n : bench_target_ops;
}

/* A random permutation of 0..n-1. */
static unsigned long *shuffle(unsigned long n, unsigned long long *seed)
{
	unsigned long *v = malloc(n * sizeof(*v)), i;

	if (!v) {
		fprintf(stderr, "bench: out of memory (%lu entries)\n", n);
		exit(1);
	}
	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = bench_rand(seed) % (i + 1), t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
	return v;
}

static unsigned long sink;

/* mtree_store_range() of ascending ranges: how a tree of VMAs is built. */
static unsigned long op_append(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree mt;

	for (r = 0; r < nr; r++) {
		bench_begin();
		build(&mt, 0, c->n);
		bench_end();
		mtree_destroy(&mt);
	}
	return nr * c->n;
}

static unsigned long op_load(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;

	bench_begin();
	for (i = 0; i < bench_target_ops; i++)
		sum += (unsigned long)mtree_load(&c->plain,
				bench_rand(&seed) % c->n * BENCH_STEP +
				BENCH_LEN / 2);
	bench_end();
	sink += sum;
	return bench_target_ops;
}

static unsigned long op_walk(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;
	MA_STATE(mas, &c->plain, 0, 0);

	rcu_read_lock();
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		mas_set(&mas, bench_rand(&seed) % c->n * BENCH_STEP + 1);
		sum += (unsigned long)mas_walk(&mas);
	}
	bench_end();
	rcu_read_unlock();
	sink += sum;
	return bench_target_ops;
}

static unsigned long op_iterate(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n), sum = 0;
	void *entry;
	MA_STATE(mas, &c->plain, 0, 0);

	for (r = 0; r < nr; r++) {
		rcu_read_lock();
		bench_begin();
		mas_set(&mas, 0);
		mas_for_each(&mas, entry, ULONG_MAX)
			sum += (unsigned long)entry;
		bench_end();
		rcu_read_unlock();
	}
	sink += sum;
	return nr * c->n;
}

static unsigned long op_next(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, i, nr = rounds(c->n), sum = 0;
	MA_STATE(mas, &c->plain, 0, 0);

	for (r = 0; r < nr; r++) {
		rcu_read_lock();
		mas_set(&mas, 0);
		mas_walk(&mas);
		bench_begin();
		for (i = 1; i < c->n; i++)
			sum += (unsigned long)mas_next(&mas, ULONG_MAX);
		bench_end();
		rcu_read_unlock();
	}
	sink += sum;
	return nr * (c->n - 1);
}

static unsigned long op_prev(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, i, nr = rounds(c->n), sum = 0;
	MA_STATE(mas, &c->plain, 0, 0);

	for (r = 0; r < nr; r++) {
		rcu_read_lock();
		mas_set(&mas, (c->n - 1) * BENCH_STEP);
		mas_walk(&mas);
		bench_begin();
		for (i = 1; i < c->n; i++)
			sum += (unsigned long)mas_prev(&mas, 0);
		bench_end();
		rcu_read_unlock();
	}
	sink += sum;
	return nr * (c->n - 1);
}

/* Lowest gap of BENCH_STEP - BENCH_LEN at or above a random address. */
static unsigned long op_empty_area(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;
	MA_STATE(mas, &c->mm, 0, 0);

	rcu_read_lock();
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		mas_reset(&mas);
		mas_empty_area(&mas, bench_rand(&seed) % (c->n * BENCH_STEP),
			       ULONG_MAX, BENCH_STEP - BENCH_LEN);
		sum += mas.index;
	}
	bench_end();
	rcu_read_unlock();
	sink += sum;
	return bench_target_ops;
}

/* Highest gap below a random address: get_unmapped_area()'s top-down search. */
static unsigned long op_empty_area_rev(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;
	MA_STATE(mas, &c->mm, 0, 0);

	rcu_read_lock();
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		mas_reset(&mas);
		mas_empty_area_rev(&mas, 0, BENCH_STEP +
				   bench_rand(&seed) % (c->n * BENCH_STEP),
				   BENCH_STEP - BENCH_LEN);
		sum += mas.index;
	}
	bench_end();
	rcu_read_unlock();
	sink += sum;
	return bench_target_ops;
}

/* mtree_store_range() inside a gap, leaving NULL on both sides. */
static unsigned long op_store_gap(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, i, nr = rounds(c->n), per = per_round(c->n);
	struct maple_tree mt;

	for (r = 0; r < nr; r++) {
		unsigned long *k = shuffle(c->n, &seed);

		build(&mt, 0, c->n);
		bench_begin();
		for (i = 0; i < per; i++)
			mtree_store_range(&mt, k[i] * BENCH_STEP + BENCH_LEN + 1,
					  k[i] * BENCH_STEP + BENCH_LEN + 4,
					  xa_mk_value(i), GFP_KERNEL);
		bench_end();
		mtree_destroy(&mt);
		free(k);
	}
	return nr * per;
}

/* Random ranges over the start of an entry, some reaching into its gap. */
static unsigned long op_store_random(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i;
	struct maple_tree mt;

	build(&mt, 0, c->n);
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		unsigned long k = bench_rand(&seed) % c->n;

		mtree_store_range(&mt, k * BENCH_STEP, k * BENCH_STEP + 3 +
				  bench_rand(&seed) % 8, xa_mk_value(i),
				  GFP_KERNEL);
	}
	bench_end();
	mtree_destroy(&mt);
	return bench_target_ops;
}

/* mtree_erase() of every entry, in random order. */
static unsigned long op_erase(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, i, nr = rounds(c->n);
	struct maple_tree mt;

	for (r = 0; r < nr; r++) {
		unsigned long *k = shuffle(c->n, &seed);

		build(&mt, 0, c->n);
		bench_begin();
		for (i = 0; i < c->n; i++)
			mtree_erase(&mt, k[i] * BENCH_STEP);
		bench_end();
		mtree_destroy(&mt);
		free(k);
	}
	return nr * c->n;
}

/* The kernel's store of a VMA: mas_preallocate() + mas_store_prealloc(). */
static void prealloc_store(struct ma_state *mas, unsigned long first,
			   unsigned long last, void *entry)
{
	mas_set_range(mas, first, last);
	if (mas_preallocate(mas, entry, GFP_KERNEL)) {
		fprintf(stderr, "bench: %s: mas_preallocate failed\n",
			BENCH_IMPL);
		exit(1);
	}
	mas_store_prealloc(mas, entry);
}

/*
 * mmap()'s store: a new range at the bottom of a gap of an mm-like tree,
 * through mas_preallocate() + mas_store_prealloc() under the tree's lock.
 * @entry NULL is munmap()'s: the whole of an existing entry is cleared.
 */
static unsigned long prealloc_stores(struct ctx *c, unsigned long long seed,
				     bool unmap)
{
	unsigned long r, i, nr = rounds(c->n), per = per_round(c->n);
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	for (r = 0; r < nr; r++) {
		unsigned long *k = shuffle(c->n, &seed);

		build(&mt, MM_FLAGS, c->n);
		bench_begin();
		for (i = 0; i < per; i++) {
			unsigned long start = k[i] * BENCH_STEP;
			void *entry = NULL;

			if (!unmap) {
				start += BENCH_LEN;
				entry = xa_mk_value(i);
			}
			mtree_lock(&mt);
			prealloc_store(&mas, start, start +
				       (unmap ? BENCH_LEN : BENCH_LEN / 2) - 1,
				       entry);
			mtree_unlock(&mt);
		}
		bench_end();
		mtree_destroy(&mt);
		free(k);
	}
	return nr * per;
}

static unsigned long op_mmap(void *p, unsigned long long seed)
{
	return prealloc_stores(p, seed, false);
}

static unsigned long op_munmap(void *p, unsigned long long seed)
{
	return prealloc_stores(p, seed, true);
}

/*
 * brk()'s stores, a page at a time, on a tree built by vma_build(), each
 * under the tree's lock:
 * VMA_GROW        entry k grows into the first page of the gap after it
 *                 (its own entry stored over its range and that page), as
 *                 do_brk_flags() expands the heap;
 * VMA_GIVE_BACK   it gives that page back (%NULL stored over it);
 * VMA_SPLIT_UNMAP it gives it back as do_vmi_align_munmap() does:
 *                 __split_vma() stores the page as an entry of its own,
 *                 then the range is cleared with mas_store_gfp() (the detach
 *                 tree holds one entry at index 0, the root pointer, and
 *                 costs no node).
 * The last two are timed after an untimed pass of growths.
 */
enum vma_page_op { VMA_GROW, VMA_GIVE_BACK, VMA_SPLIT_UNMAP };

static void vma_page(struct maple_tree *mt, struct ma_state *mas,
		     unsigned long k, unsigned long n, enum vma_page_op op)
{
	unsigned long start = k * VMA_STEP, page = start + VMA_PAGE;

	mtree_lock(mt);
	switch (op) {
	case VMA_GROW:
		prealloc_store(mas, start, page + VMA_PAGE - 1, xa_mk_value(k));
		break;
	case VMA_GIVE_BACK:
		prealloc_store(mas, page, page + VMA_PAGE - 1, NULL);
		break;
	case VMA_SPLIT_UNMAP:
		prealloc_store(mas, page, page + VMA_PAGE - 1,
			       xa_mk_value(n + k));
		mas_set_range(mas, page, page + VMA_PAGE - 1);
		if (mas_store_gfp(mas, NULL, GFP_KERNEL)) {
			fprintf(stderr, "bench: %s: mas_store_gfp failed\n",
				BENCH_IMPL);
			exit(1);
		}
		break;
	}
	mtree_unlock(mt);
}

static unsigned long vma_page_stores(struct ctx *c, unsigned long long seed,
				     enum vma_page_op op)
{
	unsigned long r, i, nr = rounds(c->n), per = per_round(c->n);
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	for (r = 0; r < nr; r++) {
		unsigned long *k = shuffle(c->n, &seed);

		vma_build(&mt, c->n);
		for (i = 0; op != VMA_GROW && i < per; i++)
			vma_page(&mt, &mas, k[i], c->n, VMA_GROW);
		bench_begin();
		for (i = 0; i < per; i++)
			vma_page(&mt, &mas, k[i], c->n, op);
		bench_end();
		mtree_destroy(&mt);
		free(k);
	}
	return nr * per;
}

static unsigned long op_vma_grow(void *p, unsigned long long seed)
{
	return vma_page_stores(p, seed, VMA_GROW);
}

static unsigned long op_vma_shrink(void *p, unsigned long long seed)
{
	return vma_page_stores(p, seed, VMA_GIVE_BACK);
}

static unsigned long op_vma_split_unmap(void *p, unsigned long long seed)
{
	return vma_page_stores(p, seed, VMA_SPLIT_UNMAP);
}

static void dup_locked(struct maple_tree *src, struct maple_tree *dst,
		       unsigned int flags, bool timed)
{
	int ret;

	mt_init_flags(dst, flags);
	mtree_lock(src);
	spin_lock_nested(&dst->ma_lock, SINGLE_DEPTH_NESTING);
	if (timed)
		bench_begin();
	ret = __mt_dup(src, dst, GFP_KERNEL);
	if (timed)
		bench_end();
	spin_unlock(&dst->ma_lock);
	mtree_unlock(src);
	if (ret) {
		fprintf(stderr, "bench: %s: __mt_dup failed: %d\n", BENCH_IMPL,
			ret);
		exit(1);
	}
}

/* __mt_dup() of the plain tree, per entry. */
static unsigned long op_dup(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;

	for (r = 0; r < nr; r++) {
		dup_locked(&c->plain, &copy, 0, true);
		mtree_destroy(&copy);
	}
	return nr * c->n;
}

/* mtree_destroy() of a copy of the plain tree, per entry. */
static unsigned long op_destroy(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;

	for (r = 0; r < nr; r++) {
		dup_locked(&c->plain, &copy, 0, false);
		bench_begin();
		mtree_destroy(&copy);
		bench_end();
	}
	return nr * c->n;
}

/* fork(), first half: __mt_dup() of the mm-like tree, per entry. */
static unsigned long op_fork_dup(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;

	for (r = 0; r < nr; r++) {
		dup_locked(&c->mm, &copy, MM_FLAGS, true);
		mtree_destroy(&copy);
	}
	return nr * c->n;
}

/*
 * fork(), second half, as dup_mmap(): out of RCU mode, every entry of the
 * copy is overwritten with the child's through the iterating state.
 */
static unsigned long op_fork_overwrite(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;
	void *entry;
	MA_STATE(mas, &copy, 0, 0);

	for (r = 0; r < nr; r++) {
		dup_locked(&c->mm, &copy, MM_FLAGS, false);
		mt_clear_in_rcu(&copy);
		mtree_lock(&copy);
		mas_set(&mas, 0);
		bench_begin();
		mas_for_each(&mas, entry, ULONG_MAX)
			mas_store(&mas, xa_mk_value(xa_to_value(entry) + 1));
		bench_end();
		mtree_unlock(&copy);
		mt_set_in_rcu(&copy);
		mtree_destroy(&copy);
	}
	return nr * c->n;
}

/*
 * lock_vma_under_rcu(): mas_walk() of a random address of the VMA tree,
 * under the RCU read lock, as every page fault does first.
 */
static unsigned long op_vma_walk(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;
	MA_STATE(mas, &c->vma, 0, 0);

	rcu_read_lock();
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		mas_set(&mas, bench_rand(&seed) % (c->n * VMA_STEP));
		sum += (unsigned long)mas_walk(&mas);
	}
	bench_end();
	rcu_read_unlock();
	sink += sum;
	return bench_target_ops;
}

/* mtree_load() of a random address of the VMA tree (it takes RCU itself). */
static unsigned long op_vma_load(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;

	bench_begin();
	for (i = 0; i < bench_target_ops; i++)
		sum += (unsigned long)mtree_load(&c->vma, bench_rand(&seed) %
						 (c->n * VMA_STEP));
	bench_end();
	sink += sum;
	return bench_target_ops;
}

/*
 * find_vma_prev() of a random address, as madvise() starts its walk (the
 * MADV_DONTNEED phase): mas_walk(), mas_prev(), and mas_next() if the
 * address was in a gap.
 */
static unsigned long op_vma_find_prev(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;
	MA_STATE(mas, &c->vma, 0, 0);

	rcu_read_lock();
	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		void *vma;

		mas_set(&mas, bench_rand(&seed) % (c->n * VMA_STEP));
		vma = mas_walk(&mas);
		sum += (unsigned long)mas_prev(&mas, 0);
		if (!vma)
			vma = mas_next(&mas, ULONG_MAX);
		sum += (unsigned long)vma;
	}
	bench_end();
	rcu_read_unlock();
	sink += sum;
	return bench_target_ops;
}

/* find_vma(): mt_find() of the first VMA ending above a random address. */
static unsigned long op_vma_find(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long i, sum = 0;

	bench_begin();
	for (i = 0; i < bench_target_ops; i++) {
		unsigned long addr = bench_rand(&seed) % (c->n * VMA_STEP);

		sum += (unsigned long)mt_find(&c->vma, &addr, ULONG_MAX);
	}
	bench_end();
	sink += sum;
	return bench_target_ops;
}

/*
 * dup_mmap() on the VMA tree, both halves timed: __mt_dup(), then out of
 * RCU mode every entry of the copy overwritten through the iterating state.
 */
static unsigned long op_vma_fork(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;
	void *entry;
	MA_STATE(mas, &copy, 0, 0);

	for (r = 0; r < nr; r++) {
		dup_locked(&c->vma, &copy, MM_FLAGS, true);
		/* Untimed: the kernel's tree has an external lock for this. */
		mt_clear_in_rcu(&copy);
		mtree_lock(&copy);
		mas_set(&mas, 0);
		bench_begin();
		mas_for_each(&mas, entry, ULONG_MAX)
			mas_store(&mas, xa_mk_value(xa_to_value(entry) + 1));
		bench_end();
		mtree_unlock(&copy);
		mt_set_in_rcu(&copy);
		mtree_destroy(&copy);
	}
	return nr * c->n;
}

/* exit_mmap(): out of RCU mode, __mt_destroy() of a copy of the VMA tree. */
static unsigned long op_vma_exit(void *p, unsigned long long seed)
{
	struct ctx *c = p;
	unsigned long r, nr = rounds(c->n);
	struct maple_tree copy;

	for (r = 0; r < nr; r++) {
		dup_locked(&c->vma, &copy, MM_FLAGS, false);
		mt_clear_in_rcu(&copy);
		mtree_lock(&copy);
		bench_begin();
		__mt_destroy(&copy);
		bench_end();
		mtree_unlock(&copy);
	}
	return nr * c->n;
}

static const struct bench_op ops[] = {
	{ "append store", op_append },
	{ "mtree_load hit", op_load },
	{ "mas_walk", op_walk },
	{ "mas_find iteration", op_iterate },
	{ "mas_next step", op_next },
	{ "mas_prev step", op_prev },
	{ "mas_empty_area", op_empty_area },
	{ "mas_empty_area_rev", op_empty_area_rev },
	{ "store into a gap", op_store_gap },
	{ "random mtree_store_range", op_store_random },
	{ "mtree_erase", op_erase },
	{ "mmap: mas_preallocate + mas_store_prealloc", op_mmap },
	{ "munmap: mas_preallocate + mas_store_prealloc(NULL)", op_munmap },
	{ "__mt_dup (per entry)", op_dup },
	{ "mtree_destroy (per entry)", op_destroy },
	{ "fork: __mt_dup, mm tree (per entry)", op_fork_dup },
	{ "fork: mas_store over each entry (per entry)", op_fork_overwrite },
	{ "VMA tree: mas_walk of a random address (fault)", op_vma_walk },
	{ "VMA tree: mtree_load of a random address", op_vma_load },
	{ "VMA tree: find_vma_prev (madvise)", op_vma_find_prev },
	{ "VMA tree: find_vma (mt_find)", op_vma_find },
	{ "VMA tree: fork, __mt_dup + mas_store each (per entry)", op_vma_fork },
	{ "VMA tree: exit, __mt_destroy (per entry)", op_vma_exit },
	{ "VMA tree: brk, a VMA grows by a page", op_vma_grow },
	{ "VMA tree: brk, a VMA gives a page back", op_vma_shrink },
	{ "VMA tree: brk, munmap of the last page (split, clear)",
	  op_vma_split_unmap },
};

static void *setup(unsigned long n)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	c->n = n;
	build(&c->plain, 0, n);
	build(&c->mm, MM_FLAGS, n);
	vma_build(&c->vma, n);
	return c;
}

static void teardown(void *p)
{
	struct ctx *c = p;

	mtree_destroy(&c->plain);
	mtree_destroy(&c->mm);
	mtree_destroy(&c->vma);
	rcu_barrier();
	free(c);
	if (sink == 42)
		fprintf(stderr, "(unlikely)\n");
}

static double node_bytes(unsigned long n, int mm)
{
	struct maple_tree mt;
	long before, after;

	rcu_barrier();
	before = shim_outstanding_bytes();
	build(&mt, mm ? MM_FLAGS : 0, n);
	rcu_barrier();
	after = shim_outstanding_bytes();
	mtree_destroy(&mt);
	rcu_barrier();
	return (double)(after - before) / n;
}

const struct bench_impl bench_impl = {
	.name = BENCH_IMPL,
	.init = maple_tree_init,
	.setup = setup,
	.teardown = teardown,
	.node_bytes = node_bytes,
	.ops = ops,
	.nr_ops = sizeof(ops) / sizeof(ops[0]),
};
