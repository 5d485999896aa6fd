// SPDX-License-Identifier: GPL-2.0
/*
 * UB_ROOT_STORE_AGAIN: rewriting every entry from inside a mas_find() loop
 * (as fork does over the copy __mt_dup() made) must visit each entry once:
 * after mas_store() the state stands on the range it wrote and the next
 * mas_find() moves past it.  On a tree whose only entry is index 0 (kept in
 * the root pointer) upstream's mas_store() leaves the state at the start,
 * and mas_find() returns the entry just written again.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_ROOT_STORE_AGAIN",
	.what = "mas_find() loop rewriting the one entry, index 0, of a tree",
	.timeout = 10,
};

/* How many times the loop saw an entry; stops at 5. */
static unsigned long rewrite_loop(struct maple_tree *mt, bool rev)
{
	MA_STATE(mas, mt, rev ? ULONG_MAX : 0, rev ? ULONG_MAX : 0);
	unsigned long seen = 0;
	void *entry;

	mtree_lock(mt);
	while (seen < 5) {
		entry = rev ? mas_find_rev(&mas, 0) : mas_find(&mas, ULONG_MAX);
		if (!entry)
			break;
		seen++;
		mas_store(&mas, V(xa_to_value(entry) + 1));
		if (mas_is_err(&mas))
			break;
	}
	mtree_unlock(mt);
	return seen;
}

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	unsigned long seen, times[2];
	bool bug = false;
	int rev;

	for (rev = 0; rev < 2; rev++) {
		mt_init(&mt);
		if (mtree_store(&mt, 0, V(1), GFP_KERNEL))
			return REPRO_SETUP;
		seen = rewrite_loop(&mt, rev);
		printf("%s loop over {0}: entry visited %lu times (want 1), now %p\n",
		       rev ? "mas_find_rev()" : "mas_find()", seen,
		       mtree_load(&mt, 0));
		times[rev] = seen;
		bug |= seen != 1;
		mtree_destroy(&mt);
	}
	if (bug)
		repro_note("the one entry seen %lu times by mas_find(), %lu by mas_find_rev() (loops stop at 5)",
			   times[0], times[1]);
	return bug ? REPRO_BUG : REPRO_OK;
}
