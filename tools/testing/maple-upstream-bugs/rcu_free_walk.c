// SPDX-License-Identifier: GPL-2.0
/*
 * UB_RCU_FREE_WALK: mtree_destroy() of a tree in RCU mode must free every
 * node once, after a grace period.  Upstream marks the nodes dead and
 * hands the freeing to an RCU callback that walks the dead subtree again;
 * in the maple_range_64 inner nodes of a tree without MT_FLAGS_ALLOC_RANGE
 * the last slot doubles as node metadata, and the two passes disagree
 * about it.  Two shapes, one case each (NOTES.md):
 *
 *  1. a root with 16 children (a height-2 tree of 496 ranges [10i, 10i + 4]):
 *     the low 16 bits of its last child pointer are cleared, and the
 *     callback frees that wild address;
 *  2. an inner node below the root with 15 children that are inner nodes
 *     (in the height-4 tree of 24931 such ranges): its metadata in slot 15
 *     is taken for a 16th child and walked into.
 *
 * Each case then destroys trees of other sizes too (1 to 700 ranges; 20000
 * to 30000 in steps of 997), which must all be freed as well.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_RCU_FREE_WALK",
	.what = "mtree_destroy() of RCU-mode plain trees, then rcu_barrier()",
	.timeout = 120,
	.cases = 2,
};

/* Store @n ranges, destroy the tree, and wait for the RCU callbacks. */
static int build_and_destroy(unsigned long n, bool verbose)
{
	struct maple_tree mt;
	unsigned long i;

	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	for (i = 0; i < n; i++)
		if (mtree_store_range(&mt, i * 10, i * 10 + 4, V(i + 1),
				      GFP_KERNEL))
			return -1;
	if (verbose)
		printf("destroying an RCU-mode tree of %lu ranges, height %u\n",
		       n, mt_height(&mt));
	mtree_destroy(&mt);
	rcu_barrier();
	if (verbose)
		printf("  freed\n");
	return 0;
}

static const struct {
	unsigned long n;		/* the tree of the shape */
	unsigned long lo, hi, step;	/* then these */
} shapes[] = {
	{ 496, 1, 700, 1 },
	{ 24931, 20000, 30000, 997 },
};

int repro_run(unsigned int c)
{
	unsigned long n;

	if (build_and_destroy(shapes[c].n, true))
		return REPRO_SETUP;
	printf("destroying RCU-mode trees of %lu to %lu ranges, step %lu\n",
	       shapes[c].lo, shapes[c].hi, shapes[c].step);
	for (n = shapes[c].lo; n <= shapes[c].hi; n += shapes[c].step)
		if (build_and_destroy(n, false))
			return REPRO_SETUP;
	printf("  all freed\n");
	return REPRO_OK;
}
