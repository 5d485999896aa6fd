// SPDX-License-Identifier: GPL-2.0
/*
 * UB_RCU_FREE_WALK: mtree_destroy() of a tree in RCU mode must free every
 * node once, after a grace period.  Upstream marks the nodes dead and
 * hands the freeing to an RCU callback that walks the dead subtree again;
 * in the maple_range_64 inner nodes of a tree without MT_FLAGS_ALLOC_RANGE
 * the last slot doubles as node metadata, and the two passes disagree
 * about it.  A root with 16 children (a height-2 tree of 496 ranges
 * [10i, 10i + 4]) gets the low 16 bits of its last child pointer cleared,
 * and the callback frees that wild address.  After the tree of 496, trees
 * of every size up to 700 ranges are destroyed as well.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_RCU_FREE_WALK",
	.what = "mtree_destroy() of RCU-mode plain trees, then rcu_barrier()",
	.timeout = 60,
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
	if (verbose) {
		printf("destroying an RCU-mode tree of %lu ranges, height %u\n",
		       n, mt_height(&mt));
		fflush(stdout);
	}
	mtree_destroy(&mt);
	rcu_barrier();
	if (verbose)
		printf("  freed\n");
	return 0;
}

int repro_run(void)
{
	unsigned long n;

	if (build_and_destroy(496, true))
		return REPRO_SETUP;
	printf("destroying RCU-mode trees of 1 to 700 ranges\n");
	fflush(stdout);
	for (n = 1; n <= 700; n++)
		if (build_and_destroy(n, false))
			return REPRO_SETUP;
	printf("  all freed\n");
	return REPRO_OK;
}
