// SPDX-License-Identifier: GPL-2.0
/*
 * UB_ROOT_PREV_MIN: a tree whose only entry is index 0 keeps it in the root
 * pointer, without a node.  Searching backwards from 100 with a lower limit
 * of 50 must find nothing, since 0 is below the limit; upstream returns the
 * entry at 0.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_ROOT_PREV_MIN",
	.what = "backward search with min 50 on a tree holding only index 0",
	.timeout = 10,
};

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);
	bool bug = false;
	void *entry;

	mt_init(&mt);
	if (mtree_store(&mt, 0, V(1), GFP_KERNEL))
		return REPRO_SETUP;

	rcu_read_lock();
	mas_set(&mas, 100);
	entry = mas_find_rev(&mas, 50);
	printf("mas_find_rev(min 50) from 100: %p, index %lu (want (nil))\n",
	       entry, mas.index);
	bug |= entry != NULL;

	mas_set(&mas, 100);
	entry = mas_prev(&mas, 50);
	printf("mas_prev(min 50) from 100:     %p, index %lu (want (nil))\n",
	       entry, mas.index);
	bug |= entry != NULL;
	rcu_read_unlock();

	entry = mt_prev(&mt, 100, 50);
	printf("mt_prev(100, min 50):          %p (want (nil))\n", entry);
	bug |= entry != NULL;

	/* Control: with min 0 the entry is found. */
	entry = mt_prev(&mt, 100, 0);
	printf("mt_prev(100, min 0):           %p (want %p)\n", entry, V(1));
	bug |= entry != V(1);

	if (bug)
		repro_note("index 0 returned below min 50");
	mtree_destroy(&mt);
	return bug ? REPRO_BUG : REPRO_OK;
}
