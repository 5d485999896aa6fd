/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-side shim: tools/testing/shared/linux.c defines kmem_cache_shrink(),
 * which our lib/maple_tree.c calls, but tools' <linux/slab.h> of v6.12 does
 * not declare it.
 */
#include_next <linux/slab.h>

#ifndef _UPSTREAM_TESTS_LINUX_SLAB_H
#define _UPSTREAM_TESTS_LINUX_SLAB_H
void kmem_cache_shrink(struct kmem_cache *cachep);
#endif
