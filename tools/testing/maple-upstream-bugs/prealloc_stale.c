// SPDX-License-Identifier: GPL-2.0
/*
 * UB_PREALLOC_STALE: the VMA code's pattern (vma_iter_clear() after a
 * walk, as in the kernel's tools/testing/vma): an area is split in three by
 * a preallocated store, then the three parts are cleared one after the
 * other with mas_store_prealloc(NULL), each after a mas_walk() to it and
 * without a mas_preallocate() of its own.  Each cleared part must join the
 * empty range before it: no two NULL ranges may lie side by side.  Upstream's
 * mas_store_prealloc() does not work the store out again but follows the
 * store type the last mas_preallocate() left in the state, and leaves the
 * NULL ranges unmerged.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_PREALLOC_STALE",
	.what = "mas_store_prealloc(NULL) after a walk, without its own preallocation",
	.timeout = 10,
};

/* Clear [first, last], the whole of an entry, as vma_iter_clear() does. */
static bool clear(struct ma_state *mas, unsigned long first,
		  unsigned long last, unsigned long lo, unsigned long hi)
{
	struct maple_tree *mt = mas->tree;
	bool ok;

	mtree_lock(mt);
	mas_set_range(mas, first, last);
	mas_walk(mas);
	mas_store_prealloc(mas, NULL);
	mtree_unlock(mt);

	rcu_read_lock();
	mas_set(mas, first);
	mas_walk(mas);
	rcu_read_unlock();
	ok = mas->index == lo && mas->last == hi;
	if (!ok)
		repro_note("NULL [%#lx, %#lx] left beside NULL [%#lx, %#lx]",
			   mas->index, mas->last, lo, mas->index - 1);
	printf("cleared [%#lx, %#lx]: empty range now [%#lx, %#lx] (want [%#lx, %#lx])\n",
	       first, last, mas->index, mas->last, lo, hi);
	return ok;
}

int repro_run(unsigned int c)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_ALLOC_RANGE };
	struct maple_tree mt[2];
	bool bug = false;
	size_t f;

	for (f = 0; f < 2; f++) {
		MA_STATE(mas, &mt[f], 0x1000, 0x1fff);

		printf("%s tree: [0, 0x2fff] = A, [0x3000, 0x3fff] = C; "
		       "B over [0x1000, 0x1fff], preallocated\n",
		       flags[f] ? "alloc-range" : "plain");
		mt_init_flags(&mt[f], flags[f]);
		if (mtree_store_range(&mt[f], 0, 0x2fff, V(1), GFP_KERNEL) ||
		    mtree_store_range(&mt[f], 0x3000, 0x3fff, V(3), GFP_KERNEL))
			return REPRO_SETUP;
		mtree_lock(&mt[f]);
		if (mas_preallocate(&mas, V(2), GFP_KERNEL))
			return REPRO_SETUP;
		mas_store_prealloc(&mas, V(2));
		mtree_unlock(&mt[f]);

		if (!clear(&mas, 0, 0xfff, 0, 0xfff) ||
		    !clear(&mas, 0x1000, 0x1fff, 0, 0x1fff) ||
		    !clear(&mas, 0x2000, 0x2fff, 0, 0x2fff))
			bug = true;
	}
	/* Then the tree's own validator (CONFIG_DEBUG_MAPLE_TREE) on both. */
	for (f = 0; f < 2; f++) {
		printf("mt_validate(%s tree)\n", flags[f] ? "alloc-range" : "plain");
		fflush(stdout);
		mtree_lock(&mt[f]);
		mt_validate(&mt[f]);
		mtree_unlock(&mt[f]);
		mtree_destroy(&mt[f]);
	}
	return bug ? REPRO_BUG : REPRO_OK;
}
