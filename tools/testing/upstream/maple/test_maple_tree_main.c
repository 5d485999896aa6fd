// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream's lib/test_maple_tree.c in userspace, on upstream's own harness
 * (tools/testing/shared), against the maple tree under test.  Both are
 * read from the build-time tree; this file only supplies the test-side
 * hooks that the module's userspace paths call and a main().
 *
 * A failed check prints and is counted, and the run goes on, as in the
 * kernel (there dump_stack() prints a trace and returns).
 */
#define dump_stack()	do { } while (0)
#include "maple-shared.h"
#include "../../../lib/maple_tree.c"

#ifndef MAPLE_UPSTREAM
/* Upstream's tree defines these itself when built outside the kernel. */
void kmem_cache_set_non_kernel(struct kmem_cache *cachep, unsigned int val);
unsigned long kmem_cache_get_alloc(struct kmem_cache *cachep);
void kmem_cache_zero_nr_tallocated(struct kmem_cache *cachep);
unsigned long kmem_cache_nr_tallocated(struct kmem_cache *cachep);
unsigned long kmem_cache_nr_allocated(struct kmem_cache *cachep);

/* Let this many allocations without __GFP_DIRECT_RECLAIM succeed. */
static void mt_set_non_kernel(unsigned int val)
{
	kmem_cache_set_non_kernel(maple_node_cache, val);
}

static unsigned long mt_get_alloc_size(void)
{
	return kmem_cache_get_alloc(maple_node_cache);
}

static void mt_zero_nr_tallocated(void)
{
	kmem_cache_zero_nr_tallocated(maple_node_cache);
}

static unsigned int mt_nr_tallocated(void)
{
	return kmem_cache_nr_tallocated(maple_node_cache);
}

static unsigned int mt_nr_allocated(void)
{
	return kmem_cache_nr_allocated(maple_node_cache);
}
#endif

#include "../../../lib/test_maple_tree.c"

int main(void)
{
	int ret;

	maple_tree_init();
	ret = maple_tree_seed();
	rcu_barrier();
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
