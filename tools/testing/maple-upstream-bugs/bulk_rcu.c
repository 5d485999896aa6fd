// SPDX-License-Identifier: GPL-2.0
/*
 * UB_BULK_RCU: mas_expected_entries() reserves the nodes for a number of
 * stores in ascending order, after which each mas_store() takes its nodes
 * from the reserve.  In RCU mode replaced nodes cannot be reused, so more
 * nodes are needed; upstream reserves as if they could be, and the store
 * that finds the reserve empty does not allocate: it warns and dereferences
 * NULL.  17 stores are enough.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_BULK_RCU",
	.what = "17 ascending mas_store()s after mas_expected_entries(17), RCU mode",
	.timeout = 10,
};

#define NR	17

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);
	unsigned long i, at = 0;
	bool bug = false;

	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	mtree_lock(&mt);
	if (mas_expected_entries(&mas, NR))
		return REPRO_SETUP;
	for (i = 0; i < NR; i++) {
		at += 1;
		mas_set_range(&mas, at, at + i % 3);
		printf("store #%lu: [%lu, %lu]\n", i + 1, at, at + i % 3);
		fflush(stdout);
		mas_store(&mas, V(i + 1));
		if (mas_is_err(&mas)) {
			printf("  error %d\n", xa_err(mas.node));
			bug = true;
			break;
		}
		at += i % 3 + 1;
	}
	mas_destroy(&mas);
	mtree_unlock(&mt);

	/* Everything stored must be there. */
	for (at = 0, i = 0; i < NR && !bug; i++) {
		at += 1;
		if (mtree_load(&mt, at) != V(i + 1)) {
			printf("load(%lu) = %p (want %p)\n", at,
			       mtree_load(&mt, at), V(i + 1));
			bug = true;
		}
		at += i % 3 + 1;
	}
	printf("%lu stores done\n", i);
	mtree_destroy(&mt);
	return bug ? REPRO_BUG : REPRO_OK;
}
