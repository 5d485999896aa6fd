// SPDX-License-Identifier: GPL-2.0
/*
 * UB_LOST_LEAF: an RCU reader iterates a tree in RCU mode without the lock
 * and stands on an entry while the writer empties the whole tree.  Its leaf
 * is dead; the next mas_find() must notice, walk again and find nothing.
 * Upstream walks again from a root that is no node any more and
 * dereferences NULL.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_LOST_LEAF",
	.what = "lockless mas_find() after the writer emptied the RCU tree",
	.timeout = 10,
};

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 200, 200);
	unsigned long i;
	bool bug = false;
	void *entry;

	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	for (i = 1; i <= 40; i++)
		if (mtree_store(&mt, i * 10, V(i), GFP_KERNEL))
			return REPRO_SETUP;

	rcu_read_lock();
	entry = mas_find(&mas, ULONG_MAX);
	printf("reader: mas_find() from 200: %p (want %p)\n", entry, V(20));
	if (entry != V(20))
		return REPRO_SETUP;
	/* The writer (here the same thread, taking the lock) empties it. */
	if (mtree_store_range(&mt, 0, ULONG_MAX, NULL, GFP_KERNEL))
		return REPRO_SETUP;
	printf("writer: stored NULL over [0, ULONG_MAX]\n");
	fflush(stdout);
	entry = mas_find(&mas, ULONG_MAX);
	printf("reader: next mas_find(): %p (want (nil))\n", entry);
	bug |= entry != NULL;
	rcu_read_unlock();

	mtree_destroy(&mt);
	return bug ? REPRO_BUG : REPRO_OK;
}
