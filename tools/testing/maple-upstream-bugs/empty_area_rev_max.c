// SPDX-License-Identifier: GPL-2.0
/*
 * UB_EMPTY_AREA_REV_MAX: mas_empty_area_rev() finds the highest gap of at
 * least @size indices within [@min, @max].  With @max == ULONG_MAX upstream
 * misses a fitting gap that lies in a slot starting at index 0 and reports
 * -EBUSY; the same search with @max == ULONG_MAX - 1 finds it.
 */
#include "repro.h"

const struct repro repro = {
	.name = "UB_EMPTY_AREA_REV_MAX",
	.what = "mas_empty_area_rev(0, ULONG_MAX, size) with the gap at 0",
	.timeout = 10,
};

/* One search; prints it and returns the index found, or ~0 with ret. */
static int search(struct maple_tree *mt, unsigned long max,
		  unsigned long size, unsigned long *index)
{
	MA_STATE(mas, mt, 0, 0);
	int ret;

	rcu_read_lock();
	ret = mas_empty_area_rev(&mas, 0, max, size);
	rcu_read_unlock();
	*index = mas.index;
	printf("  mas_empty_area_rev(0, %#lx, %#lx) = %d, index %#lx\n",
	       max, size, ret, ret ? 0 : mas.index);
	return ret;
}

/* The tree of @nr ranges @r; a gap of @size must be found at @want. */
static bool check(const unsigned long (*r)[2], size_t nr, unsigned long size,
		  unsigned long want)
{
	struct maple_tree mt;
	unsigned long index;
	bool bug = false;
	size_t i;
	int ret;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	printf("alloc-range tree:");
	for (i = 0; i < nr; i++) {
		printf(" [%#lx, %#lx]", r[i][0], r[i][1]);
		if (mtree_store_range(&mt, r[i][0], r[i][1], V(i), GFP_KERNEL))
			return false;
	}
	printf("\n  highest gap of %#lx: at %#lx\n", size, want);
	ret = search(&mt, ULONG_MAX, size, &index);
	if (ret || index != want) {
		repro_note("max ULONG_MAX: %d; the gap at %#lx was missed",
			   ret, want);
		bug = true;
	}
	ret = search(&mt, ULONG_MAX - 1, size, &index);
	bug |= ret || index != want;
	mtree_destroy(&mt);
	return bug;
}

int repro_run(unsigned int c)
{
	/* Everything but [0, 0xfff] is taken. */
	static const unsigned long one[][2] = {
		{ 0x1000, ULONG_MAX },
	};
	bool bug = false;

	bug |= check(one, 1, 0x100, 0xf00);
	return bug ? REPRO_BUG : REPRO_OK;
}
