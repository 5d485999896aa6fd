// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation-failure injection.
 *
 * Each operation is first run once to count the allocations it makes.  Then
 * for every one of those allocations the operation is replayed on an
 * identical tree with that allocation failing, once and then for good.  The
 * operation must either succeed (the tree then equals the model after the
 * operation) or report -ENOMEM (the tree then equals the model before it),
 * the tree must validate, and destroying it must leave no node behind.
 *
 * "For good" is NOMEM_GOOD failed attempts in a row: an operation that is
 * still retrying after that many would never give up (a livelock under
 * memory pressure), which fails the case.  The kernel's page allocator
 * hardly ever fails a small GFP_KERNEL allocation for good, but it does fail
 * GFP_NOWAIT / GFP_ATOMIC ones, so the same operations are also run with a
 * non-blocking gfp.
 */
#include <linux/rwsem.h>
#include "harness.h"
#include "model.h"

enum nomem_op {
	NOMEM_STORE,		/* mtree_store_range */
	NOMEM_STORE_NULL,	/* mtree_store_range(NULL) */
	NOMEM_STORE_NOWAIT,	/* mtree_store_range(GFP_NOWAIT) */
	NOMEM_INSERT,		/* mtree_insert_range */
	NOMEM_ERASE,		/* mtree_erase */
	NOMEM_ALLOC,		/* mtree_alloc_range */
	NOMEM_ALLOC_REV,	/* mtree_alloc_rrange */
	NOMEM_CYCLIC,		/* mtree_alloc_cyclic */
	NOMEM_MAS_STORE,	/* mas_store_gfp */
	NOMEM_PREALLOC,		/* mas_preallocate + mas_store_prealloc */
	NOMEM_DUP,		/* mtree_dup */
	NOMEM_BULK,		/* mas_expected_entries + mas_store */
	NOMEM_MAS_STORE_RETRY,	/* mas_store + mas_nomem, the kernel's loop */
	NOMEM_MAS_ERASE,	/* mas_erase */
	NOMEM_MAS_CYCLIC,	/* mas_alloc_cyclic */
	NOMEM_MT_DUP,		/* __mt_dup, both trees locked */
};

/* Only the advanced API works on a tree with an external lock. */
static bool nomem_op_advanced(enum nomem_op op)
{
	return op == NOMEM_MAS_STORE || op == NOMEM_PREALLOC ||
	       op == NOMEM_BULK || op == NOMEM_MAS_STORE_RETRY ||
	       op == NOMEM_MAS_ERASE || op == NOMEM_MAS_CYCLIC ||
	       op == NOMEM_MT_DUP;
}

/*
 * Trees with MT_FLAGS_LOCK_EXTERN are locked with these (as the VMA tree
 * is with mmap_lock), held for writing; the lockdep shim checks that the
 * tree asks for exactly that.
 */
static struct rw_semaphore nomem_sem, nomem_sem_copy;

static bool nomem_extern(const struct maple_tree *mt)
{
	return mt_external_lock(mt);
}

static void nomem_tree_init(struct maple_tree *mt, unsigned int flags,
			    struct rw_semaphore *sem)
{
	mt_init_flags(mt, flags);
	if (nomem_extern(mt))
		mt_set_external_lock(mt, sem);
}

static void nomem_lock(struct maple_tree *mt, struct rw_semaphore *sem)
{
	if (nomem_extern(mt))
		down_write(sem);
	else
		mtree_lock(mt);
}

static void nomem_unlock(struct maple_tree *mt, struct rw_semaphore *sem)
{
	if (nomem_extern(mt))
		up_write(sem);
	else
		mtree_unlock(mt);
}

/* h_fill_from_model(), with the advanced API under the tree's lock. */
static int nomem_fill(struct maple_tree *mt, const struct model *m)
{
	MA_STATE(mas, mt, 0, 0);
	size_t i;
	int ret = 0;

	if (!nomem_extern(mt))
		return h_fill_from_model(mt, m);
	nomem_lock(mt, &nomem_sem);
	for (i = 0; !ret && i < m->nr; i++) {
		mas_set_range(&mas, m->r[i].first, m->r[i].last);
		ret = mas_store_gfp(&mas, m->r[i].entry, GFP_KERNEL);
	}
	nomem_unlock(mt, &nomem_sem);
	return ret;
}

static void nomem_destroy(struct maple_tree *mt, struct rw_semaphore *sem)
{
	if (!nomem_extern(mt)) {
		h_destroy(mt);
		return;
	}
	down_write(sem);
	__mt_destroy(mt);
	up_write(sem);
}

struct nomem_case {
	const char *name;
	enum nomem_op op;
	unsigned long first, last;	/* or min/max, or index */
	unsigned long size;
};

#define NOMEM_VAL	h_val(0xbeef)
#define NOMEM_GOOD	1000UL

/* The base tree: ranges of varied length and spacing, some at the edges. */
static void nomem_base(struct model *m, unsigned long nr)
{
	struct h_rng rng;
	unsigned long i, at = 0;

	h_srand(&rng, nr);
	model_init(m);
	for (i = 0; i < nr; i++) {
		unsigned long len = 1 + h_rand_below(&rng, 9);

		at += 1 + h_rand_below(&rng, 6);
		model_store(m, at, at + len - 1, h_val(i + 1));
		at += len;
	}
	if (nr) {
		model_store(m, 0, 0, h_val(nr + 1));
		model_store(m, ULONG_MAX - 3, ULONG_MAX, h_val(nr + 2));
	}
}

/*
 * Run @c on @mt (which holds @before).  Returns the error code and fills
 * @after with what the tree must hold on success.
 */
static int nomem_run(const struct nomem_case *c, struct maple_tree *mt,
		     const struct model *before, struct model *after)
{
	unsigned long start = 0, next = c->first;
	MA_STATE(mas, mt, c->first, c->last);
	int ret = 0;
	long pos;

	model_copy(after, before);
	switch (c->op) {
	case NOMEM_STORE:
		ret = mtree_store_range(mt, c->first, c->last, NOMEM_VAL,
					GFP_KERNEL);
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	case NOMEM_STORE_NOWAIT:
		ret = mtree_store_range(mt, c->first, c->last, NOMEM_VAL,
					GFP_NOWAIT);
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	case NOMEM_STORE_NULL:
		ret = mtree_store_range(mt, c->first, c->last, NULL, GFP_KERNEL);
		model_store(after, c->first, c->last, NULL);
		break;
	case NOMEM_INSERT:
		ret = mtree_insert_range(mt, c->first, c->last, NOMEM_VAL,
					 GFP_KERNEL);
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	case NOMEM_ERASE:
		pos = model_lookup(before, c->first);
		if (!CHECK(pos >= 0))
			break;
		CHECK_PTR(mtree_erase(mt, c->first), before->r[pos].entry);
		model_store(after, before->r[pos].first, before->r[pos].last,
			    NULL);
		break;
	case NOMEM_ALLOC:
	case NOMEM_ALLOC_REV:
		if (c->op == NOMEM_ALLOC) {
			ret = mtree_alloc_range(mt, &start, NOMEM_VAL, c->size,
						c->first, c->last, GFP_KERNEL);
			CHECK(model_empty_area(before, c->first, c->last,
					       c->size, &next));
		} else {
			ret = mtree_alloc_rrange(mt, &start, NOMEM_VAL, c->size,
						 c->first, c->last, GFP_KERNEL);
			CHECK(model_empty_area_rev(before, c->first, c->last,
						   c->size, &next));
		}
		if (!ret)
			CHECK_EQ(start, next);
		model_store(after, next, next + c->size - 1, NOMEM_VAL);
		break;
	case NOMEM_CYCLIC:
		ret = mtree_alloc_cyclic(mt, &start, NOMEM_VAL, c->first,
					 c->last, &next, GFP_KERNEL);
		if (ret >= 0) {
			CHECK(model_empty_area(before, c->first, c->last, 1,
					       &next));
			CHECK_EQ(start, next);
			ret = 0;
		}
		CHECK(model_empty_area(before, c->first, c->last, 1, &next));
		model_store(after, next, next, NOMEM_VAL);
		break;
	case NOMEM_MAS_STORE:
		nomem_lock(mt, &nomem_sem);
		ret = mas_store_gfp(&mas, NOMEM_VAL, GFP_KERNEL);
		nomem_unlock(mt, &nomem_sem);
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	case NOMEM_PREALLOC:
		nomem_lock(mt, &nomem_sem);
		ret = mas_preallocate(&mas, NOMEM_VAL, GFP_KERNEL);
		if (!ret)
			mas_store_prealloc(&mas, NOMEM_VAL);
		else
			mas_destroy(&mas);
		nomem_unlock(mt, &nomem_sem);
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	case NOMEM_DUP: {
		struct maple_tree copy;

		mt_init_flags(&copy, mt->ma_flags &
			      (MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU));
		ret = mtree_dup(mt, &copy, GFP_KERNEL);
		if (!ret)
			CHECK(h_check_model(&copy, before));
		else
			CHECK(mtree_empty(&copy));
		h_destroy(&copy);
		/* The source is never changed: @after == @before. */
		break;
	}
	case NOMEM_BULK: {
		unsigned long i;

		/* Bulk loading is meant for an empty tree. */
		nomem_lock(mt, &nomem_sem);
		ret = mas_expected_entries(&mas, c->size);
		for (i = 0; !ret && i < c->size; i++) {
			mas_set_range(&mas, 10 * i + 10, 10 * i + 14);
			mas_store(&mas, h_val(i + 1));
			ret = mas_is_err(&mas) ? xa_err(mas.node) : 0;
			if (!ret)
				model_store(after, 10 * i + 10, 10 * i + 14,
					    h_val(i + 1));
		}
		mas_destroy(&mas);
		nomem_unlock(mt, &nomem_sem);
		break;
	}
	case NOMEM_MAS_STORE_RETRY: {
		void *old;

		nomem_lock(mt, &nomem_sem);
		do {
			old = mas_store(&mas, NOMEM_VAL);
		} while (mas_nomem(&mas, GFP_KERNEL));
		ret = mas_is_err(&mas) ? xa_err(mas.node) : 0;
		mas_destroy(&mas);
		nomem_unlock(mt, &nomem_sem);
		if (!ret)
			CHECK_KNOWN_PTR(UB_STORE_RETURN, old,
					model_load(before, c->first));
		model_store(after, c->first, c->last, NOMEM_VAL);
		break;
	}
	case NOMEM_MAS_ERASE:
		pos = model_lookup(before, c->first);
		if (!CHECK(pos >= 0))
			break;
		nomem_lock(mt, &nomem_sem);
		mas_set(&mas, c->first);
		CHECK_PTR(mas_erase(&mas), before->r[pos].entry);
		nomem_unlock(mt, &nomem_sem);
		model_store(after, before->r[pos].first, before->r[pos].last,
			    NULL);
		break;
	case NOMEM_MAS_CYCLIC:
		nomem_lock(mt, &nomem_sem);
		ret = mas_alloc_cyclic(&mas, &start, NOMEM_VAL, c->first,
				       c->last, &next, GFP_KERNEL);
		nomem_unlock(mt, &nomem_sem);
		CHECK(model_empty_area(before, c->first, c->last, 1, &next));
		if (ret >= 0) {
			CHECK_EQ(start, next);
			ret = 0;
		}
		model_store(after, next, next, NOMEM_VAL);
		break;
	case NOMEM_MT_DUP: {
		struct maple_tree copy;

		nomem_tree_init(&copy, mt->ma_flags & (MT_FLAGS_ALLOC_RANGE |
						       MT_FLAGS_USE_RCU |
						       MT_FLAGS_LOCK_MASK),
				&nomem_sem_copy);
		nomem_lock(mt, &nomem_sem);
		if (nomem_extern(&copy))
			down_write(&nomem_sem_copy);
		else
			spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
		ret = __mt_dup(mt, &copy, GFP_KERNEL);
		nomem_unlock(&copy, &nomem_sem_copy);
		nomem_unlock(mt, &nomem_sem);
		if (!ret)
			CHECK(h_check_model(&copy, before));
		else
			CHECK(mtree_empty(&copy));
		nomem_destroy(&copy, &nomem_sem_copy);
		break;
	}
	}
	return ret;
}

static void nomem_one(const struct nomem_case *c, unsigned int flags,
		      unsigned long nr)
{
	struct model before, after;
	struct maple_tree mt;
	unsigned long allocs, k, base;
	long nodes = h_nodes_outstanding();
	unsigned long livelocks = 0;
	int pass, ret;

	/* Upstream runs out in RCU mode and then dereferences NULL. */
	if (c->op == NOMEM_BULK && flags & MT_FLAGS_USE_RCU &&
	    h_upstream_bug(UB_BULK_RCU))
		return;
	if (c->op == NOMEM_BULK)
		nr = 0;
	nomem_base(&before, nr);
	model_init(&after);

	/* Dry run: count the allocations. */
	nomem_tree_init(&mt, flags, &nomem_sem);
	CHECK_INT(nomem_fill(&mt, &before), 0);
	base = shim_alloc_attempts();
	ret = nomem_run(c, &mt, &before, &after);
	allocs = shim_alloc_attempts() - base;
	CHECK_INT(ret, 0);
	CHECK(h_check_model(&mt, &after));
	nomem_destroy(&mt, &nomem_sem);

	for (pass = 0; pass < 2 && !h_case_failed(); pass++) {
		for (k = 1; k <= allocs && !h_case_failed(); k++) {
			nomem_tree_init(&mt, flags, &nomem_sem);
			CHECK_INT(nomem_fill(&mt, &before), 0);
			base = shim_alloc_failures();
			shim_alloc_fail_nth(k, pass ? NOMEM_GOOD : 1);
			ret = nomem_run(c, &mt, &before, &after);
			shim_alloc_fail_reset();
			if (shim_alloc_failures() - base >= NOMEM_GOOD) {
				livelocks++;
				CHECK_KNOWN(UB_NOMEM_RETRY,
					    !"kept retrying failed allocations");
			}
			if (c->op == NOMEM_ERASE || c->op == NOMEM_MAS_ERASE) {
				/* No error to report: all or nothing. */
				if (mtree_load(&mt, c->first))
					CHECK(h_check_model(&mt, &before));
				else
					CHECK(h_check_model(&mt, &after));
			} else if (ret == 0 || c->op == NOMEM_BULK) {
				/* A bulk load keeps what it stored. */
				CHECK(h_check_model(&mt, &after));
			} else {
				CHECK(h_check_model(&mt, &before));
			}
			if (ret)
				CHECK_INT(ret, -ENOMEM);
			/* Everything failing from the first allocation on. */
			if (pass && k == 1 && c->op != NOMEM_ERASE &&
			    c->op != NOMEM_MAS_ERASE)
				CHECK_INT(ret, -ENOMEM);
			nomem_destroy(&mt, &nomem_sem);
			CHECK_EQ(h_nodes_settle(nodes), nodes);
			if (h_case_failed())
				fprintf(stderr, "  %s allocation #%lu of %lu failing\n",
					pass ? "every allocation from" : "only",
					k, allocs);
		}
	}

	/*
	 * Non-blocking allocations failing: a GFP_KERNEL caller never sees
	 * it, a GFP_NOWAIT one gets -ENOMEM unless nothing was allocated.
	 */
	if (!h_case_failed()) {
		nomem_tree_init(&mt, flags, &nomem_sem);
		CHECK_INT(nomem_fill(&mt, &before), 0);
		shim_alloc_fail_nowait(true);
		ret = nomem_run(c, &mt, &before, &after);
		shim_alloc_fail_reset();
		if (c->op == NOMEM_STORE_NOWAIT && allocs) {
			if (CHECK_INT(ret, -ENOMEM))
				CHECK(h_check_model(&mt, &before));
		} else if (CHECK_INT(ret, 0)) {
			CHECK(h_check_model(&mt, &after));
		}
		nomem_destroy(&mt, &nomem_sem);
	}
	printf("     %lu allocations, each failed once and for good\n", allocs);
	if (livelocks)
		printf("     %lu times the operation retried %lu failed allocations and never gave up\n",
		       livelocks, NOMEM_GOOD);
	model_free(&before);
	model_free(&after);
}

static const struct nomem_case nomem_cases[] = {
	{ "store into a gap", NOMEM_STORE, 301, 301 },
	{ "store splitting a range", NOMEM_STORE, 350, 350 },
	{ "store spanning many nodes", NOMEM_STORE, 200, 3000 },
	{ "store over everything", NOMEM_STORE, 0, ULONG_MAX },
	{ "store at ULONG_MAX", NOMEM_STORE, ULONG_MAX - 10, ULONG_MAX - 5 },
	{ "store NULL punching a hole", NOMEM_STORE_NULL, 100, 2000 },
	{ "GFP_NOWAIT store into a gap", NOMEM_STORE_NOWAIT, 301, 301 },
	{ "GFP_NOWAIT store spanning many nodes", NOMEM_STORE_NOWAIT, 200,
	  3000 },
	{ "insert past the end", NOMEM_INSERT, 1UL << 40, (1UL << 40) + 9 },
	{ "erase", NOMEM_ERASE, 0, 0 },
	{ "alloc_range", NOMEM_ALLOC, 0, ULONG_MAX, 7 },
	{ "alloc_rrange", NOMEM_ALLOC_REV, 0, 1UL << 30, 3 },
	{ "alloc_cyclic", NOMEM_CYCLIC, 1, ULONG_MAX / 2 },
	{ "mas_store_gfp", NOMEM_MAS_STORE, 1000, 1500 },
	{ "mas_preallocate", NOMEM_PREALLOC, 500, 2500 },
	{ "mtree_dup", NOMEM_DUP },
	{ "mas_expected_entries", NOMEM_BULK, 0, 0, 300 },
	{ "mas_store + mas_nomem splitting a range", NOMEM_MAS_STORE_RETRY,
	  351, 351 },
	{ "mas_store + mas_nomem spanning many nodes", NOMEM_MAS_STORE_RETRY,
	  150, 2600 },
	{ "mas_erase", NOMEM_MAS_ERASE, 0, 0 },
	{ "mas_alloc_cyclic", NOMEM_MAS_CYCLIC, 1, ULONG_MAX / 2 },
	{ "__mt_dup", NOMEM_MT_DUP },
};

/*
 * After mas_expected_entries(@nr), @nr ranges stored in ascending order
 * (each @gap indices after the one before) take every node they need from
 * the reserve: with all allocations failing from then on, every store must
 * succeed without trying to allocate.
 */
static void check_bulk_reserve(unsigned int flags, unsigned long nr,
			       unsigned long gap)
{
	unsigned long i, at = 0, attempts, errors = 0;
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);

	/* Upstream runs out in RCU mode and then dereferences NULL. */
	if (flags & MT_FLAGS_USE_RCU && h_upstream_bug(UB_BULK_RCU))
		return;
	mt_init_flags(&mt, flags);
	model_init(&m);
	mtree_lock(&mt);
	CHECK_INT(mas_expected_entries(&mas, nr), 0);
	attempts = shim_alloc_attempts();
	shim_alloc_fail_nth(1, ~0UL);
	for (i = 0; i < nr; i++) {
		at += gap;
		mas_set_range(&mas, at, at + i % 3);
		mas_store(&mas, h_val(i + 1));
		if (mas_is_err(&mas)) {
			errors++;
			break;
		}
		model_store(&m, at, at + i % 3, h_val(i + 1));
		at += i % 3 + 1;
	}
	shim_alloc_fail_reset();
	if (!CHECK_EQ(shim_alloc_attempts() - attempts, 0) ||
	    !CHECK_EQ(errors, 0))
		fprintf(stderr, "  flags %x, %lu stores, gap %lu: store #%lu\n",
			flags, nr, gap, i + 1);
	mas_destroy(&mas);
	mtree_unlock(&mt);
	CHECK(h_check_model(&mt, &m));
	h_destroy(&mt);
	model_free(&m);
}

static void test_bulk_reserve(void)
{
	static const unsigned int flags[] = {
		0, MT_FLAGS_ALLOC_RANGE, MT_FLAGS_USE_RCU,
		MT_FLAGS_USE_RCU | MT_FLAGS_ALLOC_RANGE,
	};
	static const unsigned long counts[] = { 1, 16, 17, 300, 1000, 5000 };
	size_t f, c;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (c = 0; c < ARRAY_SIZE(counts); c++) {
			check_bulk_reserve(flags[f], counts[c], 1);
			check_bulk_reserve(flags[f], counts[c], 0);
		}
	}
}

/*
 * Store NULL over [@first, @last] with mas_store_prealloc() while every
 * allocation fails, after a mas_preallocate() of its own if @own, else
 * with @mas just walked to @first, which must be the start of an entry (as
 * vma_iter_clear() does after vma_iter_load()).  The store changes one leaf
 * only, which keeps enough slots, so it needs no node outside RCU mode.
 * Afterwards the empty range holding @first must be the whole run of NULL
 * indices around it.  Returns false if it is not.
 */
static bool prealloc_null(struct ma_state *mas, struct model *m,
			  unsigned long first, unsigned long last, bool own)
{
	struct maple_tree *mt = mas->tree;
	unsigned long lo, hi;

	mtree_lock(mt);
	mas_set_range(mas, first, last);
	shim_alloc_fail_nth(1, ~0UL);
	if (own) {
		if (CHECK_INT(mas_preallocate(mas, NULL, GFP_NOWAIT), 0))
			mas_store_prealloc(mas, NULL);
	} else {
		mas_walk(mas);
		CHECK(mas->index == first && mas->last == last);
		mas_store_prealloc(mas, NULL);
	}
	shim_alloc_fail_reset();
	CHECK(!mas_is_err(mas));
	mtree_unlock(mt);
	model_store(m, first, last, NULL);
	model_gap(m, first, &lo, &hi);

	rcu_read_lock();
	mas_set(mas, first);
	CHECK_PTR(mas_walk(mas), NULL);
	rcu_read_unlock();
	if (own ? CHECK(mas->index == lo && mas->last == hi) :
	    CHECK_KNOWN(UB_PREALLOC_STALE, mas->index == lo && mas->last == hi))
		return CHECK(h_check_model(mt, m));
	fprintf(stderr, "  NULL store over [%lx, %lx]\n", first, last);
	return false;
}

/*
 * The VMA code's pattern, as in the kernel's tools/testing/vma: an area is
 * split in three with a preallocated store, then the three are cleared
 * with mas_store_prealloc() (vma_iter_clear()), each next to what was
 * cleared before; an area after them stays.  With @own each clear has a
 * preallocation of its own, otherwise only the split had one.
 */
static void check_prealloc_vma(unsigned int flags, bool own)
{
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0x1000, 0x1fff);

	mt_init_flags(&mt, flags);
	model_init(&m);
	CHECK_INT(mtree_store_range(&mt, 0, 0x2fff, h_val(1), GFP_KERNEL), 0);
	model_store(&m, 0, 0x2fff, h_val(1));
	CHECK_INT(mtree_store_range(&mt, 0x3000, 0x3fff, h_val(3), GFP_KERNEL),
		  0);
	model_store(&m, 0x3000, 0x3fff, h_val(3));
	mtree_lock(&mt);
	if (CHECK_INT(mas_preallocate(&mas, h_val(2), GFP_KERNEL), 0)) {
		shim_alloc_fail_nth(1, ~0UL);
		mas_store_prealloc(&mas, h_val(2));
		shim_alloc_fail_reset();
		model_store(&m, 0x1000, 0x1fff, h_val(2));
	}
	mtree_unlock(&mt);
	CHECK(h_check_model(&mt, &m));
	/* Upstream (UB_PREALLOC_STALE) leaves a tree not worth going on with. */
	if (prealloc_null(&mas, &m, 0, 0xfff, own) &&
	    prealloc_null(&mas, &m, 0x1000, 0x1fff, own))
		prealloc_null(&mas, &m, 0x2000, 0x2fff, own);
	h_destroy(&mt);
	model_free(&m);
}

/*
 * Many leaves: NULL stores that keep to one leaf.  Each entry [10i, 10i+4]
 * loses its last two indices to the gap after it, then its first index to
 * the gap before it; some entries well inside a leaf with room to spare
 * are cleared whole.  Where a leaf ends is read from the state after a
 * walk, so that only stores confined to a leaf are made.
 */
static void check_prealloc_leaves(unsigned int flags)
{
	unsigned long i, n = 200;
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, flags);
	model_init(&m);
	for (i = 0; i < n; i++) {
		CHECK_INT(mtree_store_range(&mt, 10 * i, 10 * i + 4, h_val(i + 1),
					    GFP_KERNEL), 0);
		model_store(&m, 10 * i, 10 * i + 4, h_val(i + 1));
	}
	for (i = 0; i < n && !h_case_failed(); i++) {
		bool first_slot, last_slot, roomy;

		mtree_lock(&mt);
		mas_set(&mas, 10 * i);
		mas_walk(&mas);
		first_slot = !mas.offset;
		last_slot = mas.offset == mas.end;
		roomy = mas.end >= 10;
		mtree_unlock(&mt);
		if (!last_slot)
			prealloc_null(&mas, &m, 10 * i + 3, 10 * i + 4, true);
		if (!first_slot)
			prealloc_null(&mas, &m, 10 * i, 10 * i, true);
		if (!first_slot && !last_slot && roomy && i % 8 == 4)
			prealloc_null(&mas, &m, 10 * i + 1, 10 * i + 2, true);
	}
	CHECK(h_check_model(&mt, &m));
	h_destroy(&mt);
	model_free(&m);
}

/*
 * Outside RCU mode a store that only rewrites the contents of one leaf
 * needs no new node, e.g. storing NULL next to a NULL range: it must not
 * fail (nor warn) when no memory can be had.
 */
static void test_prealloc_null(void)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_ALLOC_RANGE };
	size_t f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		check_prealloc_vma(flags[f], true);
		check_prealloc_vma(flags[f], false);
		check_prealloc_leaves(flags[f]);
	}
}

/*
 * The retry loop of the advanced API after a failed allocation.  A range
 * stored into an empty tree always needs a node, so it must allocate.
 */
static void test_mas_nomem(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long failures;
	int loops = 0;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);

	mtree_lock(&mt);
	failures = shim_alloc_failures();
	shim_alloc_fail_nth(1, 1);
	mas_set_range(&mas, 3, 777);
	for (;;) {
		mas_store(&mas, h_val(5000));
		if (!mas_nomem(&mas, GFP_KERNEL))
			break;
		if (loops++ > 10)
			break;
	}
	shim_alloc_fail_reset();
	CHECK(!mas_is_err(&mas));
	mas_destroy(&mas);
	mtree_unlock(&mt);
	/*
	 * The one failure made the first attempt fail and the loop retry
	 * (or the store retried by itself).
	 */
	CHECK_EQ(shim_alloc_failures(), failures + 1);
	CHECK(loops <= 1);
	model_store(&m, 3, 777, h_val(5000));
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);

	/* With nothing failing, mas_nomem() has nothing to do. */
	mtree_lock(&mt);
	mas_set_range(&mas, 2000, 2001);
	mas_store(&mas, h_val(1));
	CHECK(!mas_nomem(&mas, GFP_KERNEL));
	mas_destroy(&mas);
	mtree_unlock(&mt);
	CHECK_PTR(mtree_load(&mt, 2001), h_val(1));
	mtree_destroy(&mt);

	/* mas_store_gfp() reports -ENOMEM and leaves the tree alone. */
	mtree_lock(&mt);
	shim_alloc_fail_nth(1, ~0UL);
	mas_set_range(&mas, 805, 1200);
	CHECK_INT(mas_store_gfp(&mas, h_val(6000), GFP_KERNEL), -ENOMEM);
	mas_set_range(&mas, 0, 1);
	CHECK_INT(mas_store_gfp(&mas, h_val(6000), GFP_KERNEL), -ENOMEM);
	shim_alloc_fail_reset();
	mtree_unlock(&mt);
	CHECK(mtree_empty(&mt));
	mtree_destroy(&mt);
	model_free(&m);
}

/*
 * A plan made by mas_preallocate() may go stale when the same lock holder
 * writes through another maple state before mas_store_prealloc(): splits
 * of the neighbouring leaves can fill the parent, so that the planned
 * write then needs more nodes than were reserved, while its own leaf is
 * untouched.  The store must notice and work the write out again.  Then
 * it allocates what the pool lacks without sleeping; with @starve those
 * allocations fail, and the store must warn, report the error in the
 * maple state and leave the tree as it was.
 *
 * Return: whether the store failed for want of nodes.
 */
static bool check_stale_plan(unsigned int flags, struct h_rng *rng,
			     bool starve)
{
	unsigned long p, k, j, q, first, warns;
	bool failed = false;
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);
	MA_STATE(other, &mt, 0, 0);

	mt_init_flags(&mt, flags);
	model_init(&m);
	/* Full leaves: every gap store adds two slots to its leaf. */
	for (j = 0; j < 600; j++) {
		CHECK_INT(mtree_store_range(&mt, 4 * j, 4 * j, h_val(j),
					    GFP_KERNEL), 0);
		model_store(&m, 4 * j, 4 * j, h_val(j));
	}
	mtree_lock(&mt);
	p = 100 + h_rand_below(rng, 400);
	k = 1 + h_rand_below(rng, 60);
	first = 4 * p + 2;
	mas_set_range(&mas, first, first);
	if (!CHECK_INT(mas_preallocate(&mas, h_val(7000), GFP_KERNEL), 0))
		goto out;
	/* Gap stores into the leaves around, never into the planned gap. */
	for (j = 0; j < k; j++) {
		q = p + 16 + h_rand_below(rng, 64);
		if (h_rand(rng) & 1)
			q = p - 16 - h_rand_below(rng, 64);
		mas_set_range(&other, 4 * q + 2, 4 * q + 3);
		mas_store(&other, h_val(8000 + j));
		if (!CHECK(!mas_is_err(&other)))
			goto out;
		mas_destroy(&other);
		model_store(&m, 4 * q + 2, 4 * q + 3, h_val(8000 + j));
	}
	warns = shim_warn_count;
	shim_alloc_fail_nowait(starve);
	mas_store_prealloc(&mas, h_val(7000));
	shim_alloc_fail_nowait(false);
	failed = mas_is_err(&mas);
	if (failed)
		CHECK(starve && shim_warn_count > warns);
	else
		model_store(&m, first, first, h_val(7000));
	CHECK_EQ(shim_warn_count - warns, failed);
out:
	mtree_unlock(&mt);
	if (!CHECK(h_check_model(&mt, &m)))
		fprintf(stderr, "  flags %#x, planned %lu, %lu stores\n",
			flags, p, k);
	mtree_destroy(&mt);
	CHECK_EQ(h_nodes_outstanding(), 0);
	model_free(&m);
	return failed;
}

static void test_prealloc_stale_plan(void)
{
	static const unsigned int flags[] = {
		0, MT_FLAGS_USE_RCU, MT_FLAGS_ALLOC_RANGE,
		MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
	};
	unsigned long starved = 0;
	struct h_rng rng;
	size_t f;
	int i;

#ifdef MAPLE_UPSTREAM
	/* Upstream's contract forbids the writes in between: not tested. */
	return;
#endif
	h_allow_warnings();
	h_srand(&rng, 31);
	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (i = 0; i < 25 && !h_case_failed(); i++)
			check_stale_plan(flags[f], &rng, false);
		for (i = 0; i < 25 && !h_case_failed(); i++)
			starved += check_stale_plan(flags[f], &rng, true);
	}
	/* The starved stores must have met the short pool sometimes. */
	CHECK(starved > 0);
}

static const struct h_test nomem_tests[] = {
	{ "mas_nomem retry loop", test_mas_nomem },
	{ "mas_expected_entries reserves every node of ascending stores",
	  test_bulk_reserve },
	{ "NULL stores beside NULL need no node outside RCU mode",
	  test_prealloc_null },
	{ "mas_store_prealloc after writes through another state",
	  test_prealloc_stale_plan },
};

void maple_nomem_tests(void)
{
	static const struct {
		unsigned int flags;
		const char *name;
	} trees[] = {
		{ 0, "plain" },
		{ MT_FLAGS_ALLOC_RANGE, "alloc" },
		{ MT_FLAGS_USE_RCU, "rcu" },
		{ MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU, "alloc+rcu" },
		{ MT_FLAGS_LOCK_EXTERN, "external-lock" },
		{ MT_FLAGS_LOCK_EXTERN | MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
		  "external-lock alloc+rcu" },
	};
	static const unsigned long sizes[] = { 0, 1, 400, 1500 };
	size_t i, f, s;

	init_rwsem(&nomem_sem);
	init_rwsem(&nomem_sem_copy);
	for (i = 0; i < ARRAY_SIZE(nomem_cases); i++) {
		const struct nomem_case *c = &nomem_cases[i];

		for (f = 0; f < ARRAY_SIZE(trees); f++) {
			unsigned int flags = trees[f].flags;
			bool alloc = flags & MT_FLAGS_ALLOC_RANGE;

			if ((c->op == NOMEM_ALLOC || c->op == NOMEM_ALLOC_REV ||
			     c->op == NOMEM_CYCLIC || c->op == NOMEM_BULK ||
			     c->op == NOMEM_MAS_CYCLIC) && !alloc)
				continue;
			if ((flags & MT_FLAGS_LOCK_MASK) == MT_FLAGS_LOCK_EXTERN &&
			    !nomem_op_advanced(c->op))
				continue;
			for (s = 0; s < ARRAY_SIZE(sizes); s++) {
				if ((c->op == NOMEM_ERASE ||
				     c->op == NOMEM_MAS_ERASE) && !sizes[s])
					continue;
				if (c->op == NOMEM_BULK && s)
					continue;
				/* Copies replay the whole tree: too slow. */
				if ((c->op == NOMEM_DUP ||
				     c->op == NOMEM_MT_DUP) && sizes[s] > 400)
					continue;
				h_case_begin("nomem: %s, %s tree of %lu ranges",
					     c->name, trees[f].name,
					     c->op == NOMEM_BULK ? 0 : sizes[s]);
				nomem_one(c, flags, sizes[s]);
				h_case_end();
			}
		}
	}
	h_run_suite("nomem", nomem_tests, ARRAY_SIZE(nomem_tests));
}
