// SPDX-License-Identifier: GPL-2.0
/*
 * UB_INSERT_ALL: mtree_insert_range(0, ULONG_MAX) into a tree whose root is
 * a leaf overwrites the entries and returns 0.  An insert must fail with
 * -EEXIST when any index of the range holds an entry.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_INSERT_ALL",
	.what = "mtree_insert_range(0, ULONG_MAX) over a one-leaf tree",
	.timeout = 10,
};

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	unsigned long i;
	bool bug = false;
	int ret;

	mt_init(&mt);
	for (i = 1; i <= 3; i++)
		if (mtree_store(&mt, i * 10, V(i), GFP_KERNEL))
			return REPRO_SETUP;
	/* Three entries: the root is one leaf node. */
	ret = mtree_insert_range(&mt, 0, ULONG_MAX, V(99), GFP_KERNEL);
	printf("insert [0, ULONG_MAX] into {10, 20, 30}: %d (want %d)\n",
	       ret, -EEXIST);
	bug |= ret != -EEXIST;
	for (i = 1; i <= 3; i++) {
		void *entry = mtree_load(&mt, i * 10);

		printf("  load(%lu) = %p (want %p)\n", i * 10, entry, V(i));
		bug |= entry != V(i);
	}
	if (bug)
		repro_note("returned %d, entries at 10, 20, 30 now %s", ret,
			   mtree_load(&mt, 10) == V(99) ? "overwritten" : "kept");
	mtree_destroy(&mt);
	return bug ? REPRO_BUG : REPRO_OK;
}
