// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: every exported maple tree function and its edge cases, each
 * checked against the reference model where a whole tree is involved.
 */
#include "harness.h"
#include "model.h"

#define V(x)	h_val(x)

/* A tree of @nr ranges [i * step, i * step + len - 1] -> V(i). */
static void fill_spaced(struct maple_tree *mt, struct model *m,
			unsigned long nr, unsigned long step, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		CHECK_INT(mtree_store_range(mt, i * step, i * step + len - 1,
					    V(i), GFP_KERNEL), 0);
		if (m)
			model_store(m, i * step, i * step + len - 1, V(i));
	}
}

static void test_empty_tree(void)
{
	struct maple_tree mt;
	unsigned long index = 0;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	CHECK(mtree_empty(&mt));
	CHECK_PTR(mtree_load(&mt, 0), NULL);
	CHECK_PTR(mtree_load(&mt, 12345), NULL);
	CHECK_PTR(mtree_load(&mt, ULONG_MAX), NULL);
	CHECK_PTR(mt_find(&mt, &index, ULONG_MAX), NULL);
	CHECK_PTR(mt_next(&mt, 0, ULONG_MAX), NULL);
	CHECK_PTR(mt_prev(&mt, ULONG_MAX, 0), NULL);
	CHECK_PTR(mtree_erase(&mt, 7), NULL);

	rcu_read_lock();
	mas_set(&mas, 500);
	CHECK_PTR(mas_walk(&mas), NULL);
	CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
	mas_set(&mas, ULONG_MAX);
	CHECK_PTR(mas_find_rev(&mas, 0), NULL);
	rcu_read_unlock();

	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
	CHECK(mtree_empty(&mt));
}

/* Index 0 alone may live in the root pointer, without any node. */
static void test_single_entry_root(void)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	CHECK_INT(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
	CHECK(!mtree_empty(&mt));
	CHECK_PTR(mtree_load(&mt, 0), V(1));
	CHECK_PTR(mtree_load(&mt, 1), NULL);
	CHECK_PTR(mtree_load(&mt, ULONG_MAX), NULL);

	rcu_read_lock();
	mas_set(&mas, 0);
	CHECK_PTR(mas_walk(&mas), V(1));
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas.last, 0);
	mas_set(&mas, 9);
	CHECK_PTR(mas_walk(&mas), NULL);
	CHECK(mas.index <= 9 && mas.last >= 9);
	mas_set(&mas, 9);
	CHECK_PTR(mas_find_rev(&mas, 0), V(1));
	CHECK_EQ(mas.index, 0);
	mas_set(&mas, 0);
	CHECK_PTR(mas_find(&mas, ULONG_MAX), V(1));
	CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
	rcu_read_unlock();
	CHECK(h_validate(&mt));

	/* Growing out of the root pointer and back. */
	CHECK_INT(mtree_store(&mt, 5, V(5), GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, 0), V(1));
	CHECK_PTR(mtree_load(&mt, 5), V(5));
	CHECK_PTR(mtree_erase(&mt, 5), V(5));
	CHECK_PTR(mtree_load(&mt, 0), V(1));
	CHECK_PTR(mtree_erase(&mt, 0), V(1));
	CHECK_PTR(mtree_load(&mt, 0), NULL);
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
}

/* Limits apply to a tree whose only entry lives in the root pointer too. */
static void test_root_entry_limits(void)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	CHECK_INT(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
	rcu_read_lock();
	/* Index 0 is below @min: nothing is found. */
	mas_set(&mas, 100);
	CHECK_KNOWN_PTR(UB_ROOT_PREV_MIN, mas_find_rev(&mas, 50), NULL);
	mas_set(&mas, ULONG_MAX);
	CHECK_KNOWN_PTR(UB_ROOT_PREV_MIN, mas_find_rev(&mas, ULONG_MAX - 1),
			NULL);
	mas_set(&mas, 100);
	CHECK_PTR(mas_find_rev(&mas, 0), V(1));
	CHECK_EQ(mas.index, 0);
	mas_set(&mas, 100);
	CHECK_KNOWN_PTR(UB_ROOT_PREV_MIN, mas_find_rev(&mas, 1), NULL);
	mas_set(&mas, 100);
	CHECK_KNOWN_PTR(UB_ROOT_PREV_MIN, mas_prev(&mas, 50), NULL);
	mas_set(&mas, 0);
	CHECK_PTR(mas_find(&mas, 0), V(1));
	CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
	rcu_read_unlock();
	CHECK_KNOWN_PTR(UB_ROOT_PREV_MIN, mt_prev(&mt, 100, 50), NULL);
	CHECK_PTR(mt_prev(&mt, 100, 0), V(1));
	mtree_destroy(&mt);
}

/*
 * Rewrite every entry of @mt from inside a write-locked mas_find() loop (or
 * a mas_find_rev() loop), as fork does with the copy __mt_dup() made: V(x)
 * becomes V(@base + x % 1000).  After a store the state stands on the range
 * written, so the loop moves on: each of the @nr entries is visited once.
 */
static void check_rewrite_loop(struct maple_tree *mt, unsigned long nr,
			       unsigned long base, bool rev)
{
	MA_STATE(mas, mt, rev ? ULONG_MAX : 0, rev ? ULONG_MAX : 0);
	unsigned long seen = 0;
	void *entry;

	mtree_lock(mt);
	for (;;) {
		entry = rev ? mas_find_rev(&mas, 0) : mas_find(&mas, ULONG_MAX);
		/* Give up well before looping for ever. */
		if (!entry || seen > nr + 2)
			break;
		seen++;
		mas_store(&mas, V(base + xa_to_value(entry) % 1000));
		if (!CHECK(!mas_is_err(&mas)))
			break;
	}
	mtree_unlock(mt);
	CHECK_KNOWN_INT(UB_ROOT_STORE_AGAIN, seen, nr);
}

/* The same loops over a tree whose only entry is index 0, in the root. */
static void test_rewrite_root_entry(void)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_USE_RCU };
	struct maple_tree mt, copy;
	size_t f;
	int rev;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (rev = 0; rev < 2; rev++) {
			mt_init_flags(&mt, flags[f]);
			CHECK_INT(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
			check_rewrite_loop(&mt, 1, 1000, rev);
			CHECK_PTR(mtree_load(&mt, 0), V(1001));
			CHECK_PTR(mtree_load(&mt, 1), NULL);

			/* fork: copy with __mt_dup(), then rewrite the copy. */
			mt_init_flags(&copy, flags[f]);
			mtree_lock(&mt);
			spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
			CHECK_INT(__mt_dup(&mt, &copy, GFP_KERNEL), 0);
			mtree_unlock(&copy);
			mtree_unlock(&mt);
			check_rewrite_loop(&copy, 1, 2000, rev);
			CHECK_PTR(mtree_load(&copy, 0), V(2001));
			CHECK_PTR(mtree_load(&mt, 0), V(1001));
			h_destroy(&copy);

			/* With nodes, index 0 and a few more. */
			fill_spaced(&mt, NULL, 6, 10, 2);
			check_rewrite_loop(&mt, 6, 1000, rev);
			CHECK_PTR(mtree_load(&mt, 0), V(1000));
			CHECK_PTR(mtree_load(&mt, 51), V(1005));
			CHECK(h_validate(&mt));
			h_destroy(&mt);
		}
	}

	/* Stepping on from the entry just rewritten finds nothing either. */
	mt_init(&mt);
	CHECK_INT(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
	{
		MA_STATE(mas, &mt, 0, 0);

		mtree_lock(&mt);
		CHECK_PTR(mas_walk(&mas), V(1));
		mas_store(&mas, V(2));
		CHECK(!mas_is_err(&mas));
		CHECK_EQ(mas.index, 0);
		CHECK_EQ(mas.last, 0);
		CHECK_PTR(mas_next(&mas, ULONG_MAX), NULL);
		mas_set(&mas, 0);
		mas_store(&mas, V(3));
		CHECK_PTR(mas_prev(&mas, 0), NULL);
		mtree_unlock(&mt);
	}
	CHECK_PTR(mtree_load(&mt, 0), V(3));
	mtree_destroy(&mt);
}

static void test_extremes(void)
{
	struct maple_tree mt;
	unsigned long index;
	MA_STATE(mas, &mt, 0, 0);
	void *entry;

	mt_init(&mt);
	CHECK_INT(mtree_store(&mt, ULONG_MAX, V(2), GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, ULONG_MAX), V(2));
	CHECK_PTR(mtree_load(&mt, ULONG_MAX - 1), NULL);
	CHECK_PTR(mtree_load(&mt, 0), NULL);

	index = 0;
	CHECK_PTR(mt_find(&mt, &index, ULONG_MAX), V(2));
	/* Nothing can follow ULONG_MAX: the next search must end. */
	CHECK_PTR(mt_find_after(&mt, &index, ULONG_MAX), NULL);
	CHECK_PTR(mt_prev(&mt, ULONG_MAX, 0), NULL);
	CHECK_PTR(mt_next(&mt, 0, ULONG_MAX), V(2));

	CHECK_INT(mtree_store(&mt, 0, V(1), GFP_KERNEL), 0);
	CHECK_PTR(mt_prev(&mt, ULONG_MAX, 0), V(1));
	CHECK_PTR(mt_next(&mt, 0, ULONG_MAX), V(2));

	rcu_read_lock();
	mas_set(&mas, ULONG_MAX);
	CHECK_PTR(mas_walk(&mas), V(2));
	CHECK_EQ(mas.index, ULONG_MAX);
	CHECK_EQ(mas.last, ULONG_MAX);
	CHECK_PTR(mas_next(&mas, ULONG_MAX), NULL);
	mas_set(&mas, ULONG_MAX);
	CHECK_PTR(mas_walk(&mas), V(2));
	CHECK_PTR(mas_prev(&mas, 0), V(1));
	CHECK_EQ(mas.index, 0);
	CHECK_PTR(mas_prev(&mas, 0), NULL);
	mas_set(&mas, 1);
	entry = mas_walk(&mas);
	CHECK_PTR(entry, NULL);
	CHECK_EQ(mas.index, 1);
	CHECK_EQ(mas.last, ULONG_MAX - 1);
	rcu_read_unlock();

	/* The whole index space as one range. */
	CHECK_INT(mtree_store_range(&mt, 0, ULONG_MAX, V(3), GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, 0), V(3));
	CHECK_PTR(mtree_load(&mt, ULONG_MAX / 2), V(3));
	CHECK_PTR(mtree_load(&mt, ULONG_MAX), V(3));
	rcu_read_lock();
	mas_set(&mas, 77);
	CHECK_PTR(mas_walk(&mas), V(3));
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas.last, ULONG_MAX);
	rcu_read_unlock();
	CHECK(h_validate(&mt));
	CHECK_PTR(mtree_erase(&mt, 1234), V(3));
	CHECK(mtree_empty(&mt) || mtree_load(&mt, 0) == NULL);
	CHECK_PTR(mtree_load(&mt, ULONG_MAX), NULL);
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
}

/*
 * Reserved values (internal entries below 4096) are refused by the normal
 * API.  The storing calls refuse the advanced ones (up to 1026, which
 * includes retry and errno-free internal values; the others are stored, see
 * test_normal_api_internal_values()); the allocating calls refuse the whole
 * reserved range.  Refusing may WARN.
 */
static void test_reserved_values(void)
{
	static const unsigned long bad[] = { 2, 6, 10, 1026, 1030, 4094 };
	struct maple_tree mt, at;
	unsigned long start, next = 0;
	size_t i;

	h_allow_warnings();
	mt_init(&mt);
	mt_init_flags(&at, MT_FLAGS_ALLOC_RANGE);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		void *e = (void *)bad[i];

		if (bad[i] <= 1026) {
			CHECK_INT(mtree_store(&mt, 1, e, GFP_KERNEL), -EINVAL);
			CHECK_INT(mtree_store_range(&mt, 1, 9, e, GFP_KERNEL),
				  -EINVAL);
			CHECK_INT(mtree_insert(&mt, 1, e, GFP_KERNEL), -EINVAL);
			CHECK_INT(mtree_insert_range(&mt, 1, 9, e, GFP_KERNEL),
				  -EINVAL);
		}
		CHECK_INT(mtree_alloc_range(&at, &start, e, 1, 0, 100,
					    GFP_KERNEL), -EINVAL);
		CHECK_INT(mtree_alloc_rrange(&at, &start, e, 1, 0, 100,
					     GFP_KERNEL), -EINVAL);
		CHECK_INT(mtree_alloc_cyclic(&at, &start, e, 0, 100, &next,
					     GFP_KERNEL), -EINVAL);
	}
	CHECK(mtree_empty(&mt));
	CHECK(mtree_empty(&at));

	/* Values that merely look odd are fine: 4098 and value entries. */
	CHECK_INT(mtree_store(&mt, 1, (void *)4100, GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, 1), (void *)4100);
	CHECK_INT(mtree_store(&mt, 2, xa_mk_value(0), GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, 2), xa_mk_value(0));
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
	mtree_destroy(&at);
}

/*
 * The storing calls of the normal API refuse only the advanced entries
 * (internal values up to XA_RETRY_ENTRY, xa_is_advanced()), as v6.12 does:
 * the zero entry and the other internal values below 4096 are stored
 * without a warning.  The zero entry reads back as NULL through
 * mtree_load() and mt_find() but keeps its range in use.
 */
static void test_normal_api_internal_values(void)
{
	static const unsigned long good[] = { 1030, 1034, 2050, 4094 };
	struct maple_tree mt;
	unsigned long index;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		void *e = (void *)good[i];
		void *read = xa_is_zero(e) ? NULL : e;
		MA_STATE(mas, &mt, 0, 0);

		mt_init(&mt);
		CHECK_INT(mtree_store(&mt, 0, e, GFP_KERNEL), 0);
		CHECK_INT(mtree_store(&mt, 5, e, GFP_KERNEL), 0);
		CHECK_INT(mtree_store_range(&mt, 10, 19, e, GFP_KERNEL), 0);
		CHECK_INT(mtree_insert(&mt, 30, e, GFP_KERNEL), 0);
		CHECK_INT(mtree_insert_range(&mt, 40, 49, e, GFP_KERNEL), 0);
		/* The ranges are in use, whatever they read back as. */
		CHECK_INT(mtree_insert(&mt, 45, V(1), GFP_KERNEL), -EEXIST);
		CHECK_INT(mtree_insert_range(&mt, 25, 30, V(1), GFP_KERNEL),
			  -EEXIST);
		CHECK_PTR(mtree_load(&mt, 0), read);
		CHECK_PTR(mtree_load(&mt, 15), read);
		CHECK_PTR(mtree_load(&mt, 30), read);
		CHECK_PTR(mtree_load(&mt, 49), read);
		CHECK_PTR(mtree_load(&mt, 50), NULL);
		index = 1;
		CHECK_PTR(mt_find(&mt, &index, ULONG_MAX), read);
		rcu_read_lock();
		mas_set(&mas, 12);
		CHECK_PTR(mas_walk(&mas), e);
		CHECK_EQ(mas.index, 10);
		CHECK_EQ(mas.last, 19);
		rcu_read_unlock();
		CHECK(h_validate(&mt));
		mtree_destroy(&mt);
	}
}

static void test_invalid_ranges(void)
{
	struct maple_tree mt;

	mt_init(&mt);
	CHECK_INT(mtree_store_range(&mt, 10, 9, V(1), GFP_KERNEL), -EINVAL);
	CHECK_INT(mtree_insert_range(&mt, 10, 9, V(1), GFP_KERNEL), -EINVAL);
	CHECK_INT(mtree_store_range(&mt, ULONG_MAX, 0, V(1), GFP_KERNEL),
		  -EINVAL);
	CHECK(mtree_empty(&mt));
	/* The normal API refuses an allocation-range call on a plain tree. */
	{
		unsigned long start, next = 0;

		CHECK_INT(mtree_alloc_range(&mt, &start, V(1), 1, 0, 10,
					    GFP_KERNEL), -EINVAL);
		CHECK_INT(mtree_alloc_rrange(&mt, &start, V(1), 1, 0, 10,
					     GFP_KERNEL), -EINVAL);
		CHECK_INT(mtree_alloc_cyclic(&mt, &start, V(1), 0, 10, &next,
					     GFP_KERNEL), -EINVAL);
	}
	CHECK(mtree_empty(&mt));
	mtree_destroy(&mt);
}

static void test_insert_eexist(void)
{
	struct maple_tree mt;
	struct model m;

	mt_init(&mt);
	model_init(&m);
	CHECK_INT(mtree_insert_range(&mt, 100, 199, V(1), GFP_KERNEL), 0);
	model_store(&m, 100, 199, V(1));
	CHECK_INT(mtree_insert(&mt, 100, V(2), GFP_KERNEL), -EEXIST);
	CHECK_INT(mtree_insert(&mt, 199, V(2), GFP_KERNEL), -EEXIST);
	CHECK_INT(mtree_insert_range(&mt, 50, 100, V(2), GFP_KERNEL), -EEXIST);
	CHECK_INT(mtree_insert_range(&mt, 199, 300, V(2), GFP_KERNEL), -EEXIST);
	CHECK_INT(mtree_insert_range(&mt, 120, 130, V(2), GFP_KERNEL), -EEXIST);
	CHECK(h_check_model(&mt, &m));

	CHECK_INT(mtree_insert(&mt, 99, V(3), GFP_KERNEL), 0);
	model_store(&m, 99, 99, V(3));
	CHECK_INT(mtree_insert(&mt, 200, V(4), GFP_KERNEL), 0);
	model_store(&m, 200, 200, V(4));
	CHECK_INT(mtree_insert(&mt, 0, V(5), GFP_KERNEL), 0);
	model_store(&m, 0, 0, V(5));
	CHECK_INT(mtree_insert(&mt, 0, V(6), GFP_KERNEL), -EEXIST);
	CHECK_INT(mtree_insert(&mt, ULONG_MAX, V(7), GFP_KERNEL), 0);
	model_store(&m, ULONG_MAX, ULONG_MAX, V(7));
	CHECK_INT(mtree_insert(&mt, ULONG_MAX, V(8), GFP_KERNEL), -EEXIST);
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	model_free(&m);
}

/* [0, ULONG_MAX] overlaps anything: -EEXIST whatever the tree's shape. */
static void test_insert_everything(void)
{
	static const unsigned long sizes[] = { 1, 2, 10, 300 };
	struct maple_tree mt;
	struct model m;
	size_t i;

	mt_init(&mt);
	CHECK_INT(mtree_insert_range(&mt, 0, ULONG_MAX, V(1), GFP_KERNEL), 0);
	CHECK_PTR(mtree_load(&mt, 12345), V(1));
	CHECK_INT(mtree_insert_range(&mt, 0, ULONG_MAX, V(2), GFP_KERNEL),
		  -EEXIST);
	mtree_destroy(&mt);

	/* Index 0 alone lives in the root pointer. */
	mt_init(&mt);
	CHECK_INT(mtree_insert(&mt, 0, V(1), GFP_KERNEL), 0);
	CHECK_INT(mtree_insert_range(&mt, 0, ULONG_MAX, V(2), GFP_KERNEL),
		  -EEXIST);
	CHECK_PTR(mtree_load(&mt, 0), V(1));
	mtree_destroy(&mt);

	/* One leaf (the root), then trees of several levels. */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bool leaf_root;
		int ret;

		mt_init(&mt);
		model_init(&m);
		fill_spaced(&mt, &m, sizes[i], 100, 50);
		leaf_root = mt_height(&mt) == 1;
		ret = mtree_insert_range(&mt, 0, ULONG_MAX, V(9), GFP_KERNEL);
		if (!(ret == 0 && leaf_root && h_upstream_bug(UB_INSERT_ALL)) &&
		    CHECK_INT(ret, -EEXIST))
			CHECK(h_check_model(&mt, &m));
		mtree_destroy(&mt);
		model_free(&m);
	}
}

static void test_store_overwrite_and_erase(void)
{
	struct maple_tree mt;
	struct model m;

	mt_init(&mt);
	model_init(&m);
	CHECK_INT(mtree_store_range(&mt, 10, 20, V(1), GFP_KERNEL), 0);
	model_store(&m, 10, 20, V(1));
	/* Punch a hole: the two remains keep the old entry. */
	CHECK_INT(mtree_store_range(&mt, 15, 16, NULL, GFP_KERNEL), 0);
	model_store(&m, 15, 16, NULL);
	CHECK(h_check_model(&mt, &m));
	CHECK_PTR(mtree_erase(&mt, 12), V(1));
	model_store(&m, 10, 14, NULL);
	CHECK(h_check_model(&mt, &m));

	/* Overwrite a run of many ranges with one spanning range. */
	fill_spaced(&mt, &m, 200, 10, 5);
	CHECK_INT(mtree_store_range(&mt, 333, 1555, V(999), GFP_KERNEL), 0);
	model_store(&m, 333, 1555, V(999));
	CHECK(h_check_model(&mt, &m));
	CHECK_PTR(mtree_erase(&mt, 1000), V(999));
	model_store(&m, 333, 1555, NULL);
	CHECK(h_check_model(&mt, &m));
	CHECK_INT(mtree_store(&mt, 1001, V(5), GFP_KERNEL), 0);
	model_store(&m, 1001, 1001, V(5));
	CHECK_INT(mtree_store(&mt, 1001, NULL, GFP_KERNEL), 0);
	model_store(&m, 1001, 1001, NULL);
	CHECK_PTR(mtree_erase(&mt, 1001), NULL);
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	CHECK(mtree_empty(&mt));
	model_free(&m);
}

/* Enough entries for a tree of height three and more, then thin it out. */
static void test_grow_and_shrink(void)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_ALLOC_RANGE };
	unsigned int f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct maple_tree mt;
		struct model m;
		unsigned long i;

		mt_init_flags(&mt, flags[f]);
		model_init(&m);
		fill_spaced(&mt, &m, 5000, 4, 2);
		CHECK(mt_height(&mt) >= 3);
		CHECK(h_check_model(&mt, &m));
		for (i = 0; i < 5000; i++) {
			if (i % 3 == 0)
				continue;
			CHECK_PTR(mtree_erase(&mt, i * 4 + 1), V(i));
			model_store(&m, i * 4, i * 4 + 1, NULL);
		}
		CHECK(h_check_model(&mt, &m));
		for (i = 0; i < 5000; i += 3) {
			CHECK_PTR(mtree_erase(&mt, i * 4), V(i));
			model_store(&m, i * 4, i * 4 + 1, NULL);
		}
		CHECK(h_check_model(&mt, &m));
		CHECK(mtree_empty(&mt) || mtree_load(&mt, 0) == NULL);
		mtree_destroy(&mt);
		model_free(&m);
	}
}

/* Walk forwards and backwards over node boundaries, pausing at each step. */
static void test_iterate_and_pause(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long i, n;
	void *entry;
	MA_STATE(mas, &mt, 0, 0);
	int pause;

	mt_init(&mt);
	model_init(&m);
	fill_spaced(&mt, &m, 1000, 10, 3);

	for (pause = 0; pause < 2; pause++) {
		/* mas_find() from an empty index finds the next range. */
		n = 0;
		mas_set(&mas, 5);
		rcu_read_lock();
		while ((entry = mas_find(&mas, 5004)) != NULL) {
			i = n + 1;
			if (!CHECK_PTR(entry, V(i)) ||
			    !CHECK_EQ(mas.index, i * 10) ||
			    !CHECK_EQ(mas.last, i * 10 + 2))
				break;
			n++;
			if (pause) {
				mas_pause(&mas);
				rcu_read_unlock();
				rcu_read_lock();
			}
		}
		rcu_read_unlock();
		CHECK_EQ(n, 500);	/* ranges 1 .. 500 start below 5004 */

		/* mas_find_rev() from the middle of a range finds it first. */
		n = 0;
		mas_set(&mas, 5001);
		rcu_read_lock();
		while ((entry = mas_find_rev(&mas, 12)) != NULL) {
			i = 500 - n;
			if (!CHECK_PTR(entry, V(i)) || !CHECK_EQ(mas.index, i * 10))
				break;
			n++;
			if (pause) {
				mas_pause(&mas);
				rcu_read_unlock();
				rcu_read_lock();
			}
		}
		rcu_read_unlock();
		CHECK_EQ(n, 500);	/* ranges 500 down to 1, which ends at 12 */

		/* mas_next()/mas_prev() step over the gaps between ranges. */
		mas_set(&mas, 3000);
		rcu_read_lock();
		CHECK_PTR(mas_walk(&mas), V(300));
		for (i = 301; i < 1000; i++) {
			if (!CHECK_PTR(mas_next(&mas, ULONG_MAX), V(i)))
				break;
			if (pause)
				mas_pause(&mas);
		}
		CHECK_PTR(mas_next(&mas, ULONG_MAX), NULL);
		mas_set(&mas, 9992);
		CHECK_PTR(mas_walk(&mas), V(999));
		for (i = 999; i-- > 0;) {
			if (!CHECK_PTR(mas_prev(&mas, 0), V(i)) ||
			    !CHECK_EQ(mas.index, i * 10))
				break;
			if (pause)
				mas_pause(&mas);
		}
		CHECK_PTR(mas_prev(&mas, 0), NULL);
		rcu_read_unlock();
	}

	/* A max/min limit stops iteration inside a range's span. */
	rcu_read_lock();
	mas_set(&mas, 0);
	CHECK_PTR(mas_find(&mas, 0), V(0));
	CHECK_PTR(mas_find(&mas, 9), NULL);
	mas_set(&mas, 9);
	CHECK_PTR(mas_next(&mas, 10), V(1));
	CHECK_PTR(mas_next(&mas, 15), NULL);
	mas_set(&mas, 25);
	CHECK_PTR(mas_prev(&mas, 23), NULL);
	mas_set(&mas, 25);
	CHECK_PTR(mas_prev(&mas, 20), V(2));
	rcu_read_unlock();

	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	model_free(&m);
}

/* One backward step of the kind @op: 0 prev, 1 prev_range, 2/3 find_rev. */
static void *lost_leaf_back(struct ma_state *mas, int op)
{
	switch (op) {
	case 0:
		return mas_prev(mas, 0);
	case 1:
		return mas_prev_range(mas, 0);
	case 2:
		return mas_find_rev(mas, 0);
	default:
		return mas_find_range_rev(mas, 0);
	}
}

/*
 * A lockless iterator stands on V(20) when the writer empties the tree, or
 * leaves nothing but a root entry V(7) at index 0: its leaf is dead and the
 * tree has no nodes left.  @how: 0 steps forward first, 1 steps backward
 * at once, 2 steps forward and then finds an entry stored since.  Forward
 * there is nothing; backward there is V(7) (or nothing).
 */
static void check_lost_leaf(unsigned int flags, bool root, int op, int how)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 200, 200);
	unsigned long i;
	void *entry;

	mt_init_flags(&mt, flags);
	for (i = 1; i <= 40; i++)
		CHECK_INT(mtree_store(&mt, i * 10, V(i), GFP_KERNEL), 0);
	rcu_read_lock();
	CHECK_PTR(mas_find(&mas, ULONG_MAX), V(20));
	CHECK_INT(mtree_store_range(&mt, 0, ULONG_MAX, NULL, GFP_KERNEL), 0);
	if (root)
		CHECK_INT(mtree_store(&mt, 0, V(7), GFP_KERNEL), 0);
	/* Upstream dereferences NULL in any of the steps below. */
	if (h_upstream_bug(UB_LOST_LEAF))
		goto out;

	if (how != 1)
		CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
	if (how == 2) {
		CHECK_INT(mtree_store(&mt, 1000, V(100), GFP_KERNEL), 0);
		CHECK_PTR(mas_find(&mas, ULONG_MAX), V(100));
		CHECK_EQ(mas.index, 1000);
		CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
		goto out;
	}
	entry = lost_leaf_back(&mas, op);
	if (root && CHECK_PTR(entry, V(7))) {
		CHECK_EQ(mas.index, 0);
		CHECK_EQ(mas.last, 0);
		entry = lost_leaf_back(&mas, op);
	}
	CHECK_PTR(entry, NULL);
	if (!root)
		CHECK_PTR(mas_find(&mas, ULONG_MAX), NULL);
out:
	rcu_read_unlock();
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
}

static void test_lost_leaf(void)
{
	static const unsigned int flags[] = {
		MT_FLAGS_USE_RCU, MT_FLAGS_USE_RCU | MT_FLAGS_ALLOC_RANGE
	};
	size_t f;
	int op, how;

	for (f = 0; f < ARRAY_SIZE(flags); f++)
		for (op = 0; op < 4; op++)
			for (how = 0; how < 3; how++) {
				check_lost_leaf(flags[f], false, op, how);
				check_lost_leaf(flags[f], true, op, how);
			}
}

/* Ranges, NULL ones included, must tile the whole index space. */
static void check_range_tiling(struct maple_tree *mt, const struct model *m,
			       bool forward)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long expect;
	unsigned long steps = 0;
	void *entry;

	rcu_read_lock();
	mas_set(&mas, forward ? 0 : ULONG_MAX);
	entry = mas_walk(&mas);
	for (;;) {
		long pos = model_lookup(m, forward ? mas.index : mas.last);

		if (entry) {
			if (!CHECK(pos >= 0) ||
			    !CHECK_PTR(entry, m->r[pos].entry) ||
			    !CHECK_EQ(mas.index, m->r[pos].first) ||
			    !CHECK_EQ(mas.last, m->r[pos].last))
				break;
		} else {
			if (!CHECK(pos < 0) ||
			    !CHECK(model_is_empty(m, mas.index, mas.last)))
				break;
		}
		if (forward ? mas.last == ULONG_MAX : mas.index == 0)
			break;
		expect = forward ? mas.last + 1 : mas.index - 1;
		if (steps++ > 2 * m->nr + 2 && !CHECK(!"too many ranges"))
			break;
		entry = forward ? mas_next_range(&mas, ULONG_MAX) :
				  mas_prev_range(&mas, 0);
		if (!CHECK_EQ(forward ? mas.index : mas.last, expect))
			break;
	}
	rcu_read_unlock();
}

static void test_range_iteration(void)
{
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);
	void *entry;

	mt_init(&mt);
	model_init(&m);
	check_range_tiling(&mt, &m, true);
	fill_spaced(&mt, &m, 700, 7, 3);
	CHECK_INT(mtree_store_range(&mt, ULONG_MAX - 5, ULONG_MAX, V(9),
				    GFP_KERNEL), 0);
	model_store(&m, ULONG_MAX - 5, ULONG_MAX, V(9));
	check_range_tiling(&mt, &m, true);
	check_range_tiling(&mt, &m, false);

	/* mas_find_range(): entries, then every following slot in turn. */
	rcu_read_lock();
	mas_set(&mas, 4);
	entry = mas_find_range(&mas, ULONG_MAX);
	CHECK_PTR(entry, V(1));
	CHECK_EQ(mas.index, 7);
	entry = mas_find_range(&mas, ULONG_MAX);
	CHECK_PTR(entry, NULL);
	CHECK_EQ(mas.index, 10);
	CHECK_EQ(mas.last, 13);
	entry = mas_find_range(&mas, ULONG_MAX);
	CHECK_PTR(entry, V(2));
	CHECK_EQ(mas.index, 14);
	/* and backwards */
	mas_set(&mas, 16);
	entry = mas_find_range_rev(&mas, 0);
	CHECK_PTR(entry, V(2));
	CHECK_EQ(mas.index, 14);
	entry = mas_find_range_rev(&mas, 0);
	CHECK_PTR(entry, NULL);
	CHECK_EQ(mas.index, 10);
	CHECK_EQ(mas.last, 13);
	entry = mas_find_range_rev(&mas, 0);
	CHECK_PTR(entry, V(1));
	CHECK_EQ(mas.last, 9);
	rcu_read_unlock();

	mtree_destroy(&mt);
	model_free(&m);
}

static void test_mt_find(void)
{
	struct maple_tree mt;
	unsigned long index, seen;
	void *entry;

	mt_init(&mt);
	CHECK_INT(mtree_store_range(&mt, 10, 19, V(1), GFP_KERNEL), 0);
	CHECK_INT(mtree_store_range(&mt, 30, 30, V(2), GFP_KERNEL), 0);
	CHECK_INT(mtree_store_range(&mt, 40, ULONG_MAX, V(3), GFP_KERNEL), 0);

	index = 15;
	CHECK_PTR(mt_find(&mt, &index, ULONG_MAX), V(1));
	CHECK_EQ(index, 20);	/* the next possible entry */
	CHECK_PTR(mt_find_after(&mt, &index, ULONG_MAX), V(2));
	CHECK_EQ(index, 31);
	CHECK_PTR(mt_find_after(&mt, &index, 39), NULL);
	index = 31;
	CHECK_PTR(mt_find(&mt, &index, ULONG_MAX), V(3));
	/* The last range ends at ULONG_MAX: the cursor wraps to 0 and stops. */
	CHECK_PTR(mt_find_after(&mt, &index, ULONG_MAX), NULL);
	index = 0;
	CHECK_PTR(mt_find(&mt, &index, 9), NULL);
	index = 20;
	CHECK_PTR(mt_find(&mt, &index, 29), NULL);

	seen = 0;
	index = 0;
	mt_for_each(&mt, entry, index, ULONG_MAX) {
		seen++;
		if (!CHECK_PTR(entry, V(seen)) || seen > 3)
			break;
	}
	CHECK_EQ(seen, 3);

	CHECK_PTR(mt_next(&mt, 15, ULONG_MAX), V(2));
	CHECK_PTR(mt_next(&mt, 30, ULONG_MAX), V(3));
	CHECK_PTR(mt_next(&mt, 30, 35), NULL);
	CHECK_PTR(mt_prev(&mt, 35, 0), V(2));
	CHECK_PTR(mt_prev(&mt, 30, 0), V(1));
	CHECK_PTR(mt_prev(&mt, 30, 20), NULL);
	mtree_destroy(&mt);
}

static void test_mas_store_and_erase(void)
{
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);
	mtree_lock(&mt);
	mas_set_range(&mas, 100, 200);
	CHECK_INT(mas_store_gfp(&mas, V(1), GFP_KERNEL), 0);
	model_store(&m, 100, 200, V(1));
	mas_set_range(&mas, 300, 400);
	CHECK_INT(mas_store_gfp(&mas, V(2), GFP_KERNEL), 0);
	model_store(&m, 300, 400, V(2));

	/* mas_store() returns the first entry it overwrote. */
	mas_set_range(&mas, 150, 350);
	CHECK_PTR(mas_store(&mas, V(3)), V(1));
	CHECK(!mas_is_err(&mas));
	model_store(&m, 150, 350, V(3));
	mas_set_range(&mas, 50, 60);
	CHECK_PTR(mas_store(&mas, V(4)), NULL);
	model_store(&m, 50, 60, V(4));

	/* mas_erase() erases the whole range containing the index. */
	mas_set(&mas, 200);
	CHECK_PTR(mas_erase(&mas), V(3));
	CHECK_EQ(mas.index, 150);
	CHECK_EQ(mas.last, 350);
	model_store(&m, 150, 350, NULL);
	mas_set(&mas, 1000);
	CHECK_PTR(mas_erase(&mas), NULL);

	/* Storing NULL through the advanced API. */
	mas_set_range(&mas, 55, 56);
	CHECK_INT(mas_store_gfp(&mas, NULL, GFP_KERNEL), 0);
	model_store(&m, 55, 56, NULL);
	mas_destroy(&mas);
	mtree_unlock(&mt);

	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	model_free(&m);
}

/*
 * After a store, @mas must stand where a walk to the range written puts
 * it: the next step finds the range after it, and (in our tree) the leaf,
 * its bounds and the slot are those a walk from the root finds.
 */
static bool check_store_position(struct ma_state *mas, struct model *m,
				 unsigned long lo, unsigned long hi)
{
	MA_STATE(walk, mas->tree, lo, lo);
	long next = hi == ULONG_MAX ? -1 : model_next(m, hi + 1);
	bool ok = CHECK(mas->index == lo && mas->last == hi);

	mas_walk(&walk);
#ifndef MAPLE_UPSTREAM
	ok &= CHECK(mas->node == walk.node && mas->min == walk.min &&
		    mas->max == walk.max && mas->offset == walk.offset &&
		    mas->end == walk.end && mas->depth == walk.depth);
#endif
	ok &= CHECK_PTR(mas_next(mas, ULONG_MAX),
			next < 0 ? NULL : m->r[next].entry);
	if (next >= 0)
		ok &= CHECK_EQ(mas->index, m->r[next].first);
	return ok;
}

/*
 * Stores of every shape at every position of a few leaves: inside one slot,
 * over several, growing and shrinking the leaf, at its ends, %NULL and not.
 * Outside RCU mode most stay within their leaf and rewrite it in place; in
 * RCU mode each builds new nodes.  Each is checked against the model, by
 * mt_validate() and by where it leaves the maple state.
 */
static void test_store_shapes(void)
{
	static const unsigned int flags[] = {
		0, MT_FLAGS_ALLOC_RANGE, MT_FLAGS_USE_RCU,
		MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
	};
	static const unsigned long lens[] = { 1, 2, 4, 6, 11, 23 };
	unsigned long first, lo, hi;
	size_t f, l;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct maple_tree mt;
		struct model m;
		unsigned int i = 0;
		bool ok = true;
		MA_STATE(mas, &mt, 0, 0);

		mt_init_flags(&mt, flags[f]);
		model_init(&m);
		fill_spaced(&mt, &m, 40, 10, 5);
		mtree_lock(&mt);
		for (first = 0; ok && first < 160; first++) {
			for (l = 0; ok && l < ARRAY_SIZE(lens); l++) {
				void *entry = i++ % 3 ? V(1000 + i) : NULL;

				mas_set_range(&mas, first, first + lens[l] - 1);
				mas_store(&mas, entry);
				ok &= CHECK(!mas_is_err(&mas));
				model_store(&m, first, first + lens[l] - 1,
					    entry);
				lo = first;
				hi = first + lens[l] - 1;
				if (!entry)
					model_gap(&m, first, &lo, &hi);
				ok &= check_store_position(&mas, &m, lo, hi);
				ok &= h_validate(&mt);
				ok &= h_check_model(&mt, &m);
				/* Refill now and then, so leaves keep growing. */
				if (first % 40 == 39 && l == 0) {
					mtree_unlock(&mt);
					fill_spaced(&mt, &m, 40, 10, 5);
					mtree_lock(&mt);
				}
			}
		}
		mas_destroy(&mas);
		mtree_unlock(&mt);
		if (!ok)
			fprintf(stderr, "  flags %#x, store %u at %lu\n",
				flags[f], i, first - 1);
		mtree_destroy(&mt);
		model_free(&m);
	}
}

static void test_preallocate(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long before, i;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);
	fill_spaced(&mt, &m, 300, 10, 5);

	mtree_lock(&mt);
	for (i = 0; i < 40; i++) {
		unsigned long first = i * 73, last = first + i * 11;

		mas_set_range(&mas, first, last);
		if (!CHECK_INT(mas_preallocate(&mas, V(1000 + i), GFP_KERNEL), 0))
			break;
		before = shim_alloc_attempts();
		mas_store_prealloc(&mas, V(1000 + i));
		CHECK_EQ(shim_alloc_attempts(), before);
		model_store(&m, first, last, V(1000 + i));
	}
	/* An unused preallocation is released by mas_destroy(). */
	mas_set_range(&mas, 5, 6);
	CHECK_INT(mas_preallocate(&mas, V(1), GFP_KERNEL), 0);
	mas_destroy(&mas);
	mtree_unlock(&mt);
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	CHECK_EQ(h_nodes_outstanding(), 0);
	model_free(&m);
}

/*
 * mas_preallocate() keeps the plan of a write that needs new nodes for
 * mas_store_prealloc().  The plan must be followed only for the write it
 * was made for: not for another range or a %NULL entry instead of a value,
 * and not once a write through another maple state changed its leaf
 * (rewritten in place outside RCU mode, replaced in RCU mode).
 */
static void test_prealloc_plan(void)
{
	static const unsigned int flags[] = {
		0, MT_FLAGS_USE_RCU, MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
	};
	unsigned long i, before;
	size_t f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct maple_tree mt;
		struct model m;
		MA_STATE(mas, &mt, 0, 0);

		mt_init_flags(&mt, flags[f]);
		model_init(&m);
		/* A store inside a gap adds two slots to its leaf. */
		fill_spaced(&mt, &m, 200, 4, 1);
		mtree_lock(&mt);
		for (i = 0; i < 40; i++) {
			unsigned long first = 16 * i + 2;
			void *entry = V(500 + i);
			MA_STATE(other, &mt, first - 2, first - 1);

			mas_set_range(&mas, first, first);
			if (!CHECK_INT(mas_preallocate(&mas, entry, GFP_KERNEL),
				       0))
				break;
			switch (i % 4) {
			case 0:		/* the write planned */
				break;
			case 1:		/* another range */
				mas_set_range(&mas, first - 1, first);
				break;
			case 2:		/* NULL instead of a value */
				entry = NULL;
				break;
			case 3:		/* the leaf changed meanwhile */
				mas_store(&other, V(900 + i));
				CHECK(!mas_is_err(&other));
				mas_destroy(&other);
				model_store(&m, first - 2, first - 1,
					    V(900 + i));
				break;
			}
			before = shim_alloc_attempts();
			mas_store_prealloc(&mas, entry);
			CHECK(!mas_is_err(&mas));
			if (i % 4 == 0)
				CHECK_EQ(shim_alloc_attempts(), before);
			model_store(&m, mas.index, mas.last, entry);
			if (!CHECK(h_validate(&mt)) ||
			    !CHECK(h_check_model(&mt, &m))) {
				fprintf(stderr, "  flags %#x, store %lu\n",
					flags[f], i);
				break;
			}
		}
		mtree_unlock(&mt);
		mtree_destroy(&mt);
		model_free(&m);
	}
}

static void test_expected_entries(void)
{
	static const unsigned long counts[] = { 1, 17, 1000, 20000 };
	size_t c;

	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		struct maple_tree mt;
		struct model m;
		unsigned long i;
		MA_STATE(mas, &mt, 0, 0);

		mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
		model_init(&m);
		mtree_lock(&mt);
		CHECK_INT(mas_expected_entries(&mas, counts[c]), 0);
		for (i = 0; i < counts[c]; i++) {
			mas_set_range(&mas, i * 3 + 1, i * 3 + 2);
			mas_store(&mas, V(i));
			if (!CHECK(!mas_is_err(&mas)))
				break;
			model_store(&m, i * 3 + 1, i * 3 + 2, V(i));
		}
		mas_destroy(&mas);
		mtree_unlock(&mt);
		CHECK(h_check_model(&mt, &m));
		mtree_destroy(&mt);
		model_free(&m);
	}
}

/*
 * The retry loop of the advanced API after a failed allocation.  A range
 * stored into an empty tree always needs a node, so it must allocate.
 */
static void test_mas_nomem(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long failures;
	int loops = 0;
	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);

	mtree_lock(&mt);
	failures = shim_alloc_failures();
	shim_alloc_fail_nth(1, 1);
	mas_set_range(&mas, 3, 777);
	for (;;) {
		mas_store(&mas, V(5000));
		if (!mas_nomem(&mas, GFP_KERNEL))
			break;
		if (loops++ > 10)
			break;
	}
	shim_alloc_fail_reset();
	CHECK(!mas_is_err(&mas));
	mas_destroy(&mas);
	mtree_unlock(&mt);
	/*
	 * The one failure made the first attempt fail and the loop retry
	 * (or the store retried by itself).
	 */
	CHECK_EQ(shim_alloc_failures(), failures + 1);
	CHECK(loops <= 1);
	model_store(&m, 3, 777, V(5000));
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);

	/* With nothing failing, mas_nomem() has nothing to do. */
	mtree_lock(&mt);
	mas_set_range(&mas, 2000, 2001);
	mas_store(&mas, V(1));
	CHECK(!mas_nomem(&mas, GFP_KERNEL));
	mas_destroy(&mas);
	mtree_unlock(&mt);
	CHECK_PTR(mtree_load(&mt, 2001), V(1));
	mtree_destroy(&mt);

	/* mas_store_gfp() reports -ENOMEM and leaves the tree alone. */
	mtree_lock(&mt);
	shim_alloc_fail_nth(1, ~0UL);
	mas_set_range(&mas, 805, 1200);
	CHECK_INT(mas_store_gfp(&mas, V(6000), GFP_KERNEL), -ENOMEM);
	mas_set_range(&mas, 0, 1);
	CHECK_INT(mas_store_gfp(&mas, V(6000), GFP_KERNEL), -ENOMEM);
	shim_alloc_fail_reset();
	mtree_unlock(&mt);
	CHECK(mtree_empty(&mt));
	mtree_destroy(&mt);
	model_free(&m);
}

static void test_empty_area(void)
{
	struct maple_tree mt;
	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	mtree_lock(&mt);

	/* Empty tree: the lowest and the highest possible windows. */
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, 10), 0);
	CHECK_EQ(mas.index, 0);
	CHECK_EQ(mas.last, 9);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, ULONG_MAX, 10), 0);
	CHECK_EQ(mas.index, ULONG_MAX - 9);
	CHECK_EQ(mas.last, ULONG_MAX);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, ULONG_MAX), 0);
	CHECK_EQ(mas.index, 0);

	/* Bad arguments. */
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 10, 5, 1), -EINVAL);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, 100, 0), -EINVAL);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, 9, 11), -EINVAL);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 10, 5, 1), -EINVAL);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, 100, 0), -EINVAL);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, 9, 11), -EINVAL);

	/* Occupy [0, 99], [200, 299], [ULONG_MAX - 99, ULONG_MAX]. */
	mas_set_range(&mas, 0, 99);
	CHECK_INT(mas_store_gfp(&mas, V(1), GFP_KERNEL), 0);
	mas_set_range(&mas, 200, 299);
	CHECK_INT(mas_store_gfp(&mas, V(2), GFP_KERNEL), 0);
	mas_set_range(&mas, ULONG_MAX - 99, ULONG_MAX);
	CHECK_INT(mas_store_gfp(&mas, V(3), GFP_KERNEL), 0);

	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, 100), 0);
	CHECK_EQ(mas.index, 100);
	CHECK_EQ(mas.last, 199);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, 101), 0);
	CHECK_EQ(mas.index, 300);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 150, 199, 50), 0);
	CHECK_EQ(mas.index, 150);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 150, 250, 51), -EBUSY);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, 99, 1), -EBUSY);

	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, ULONG_MAX, 100), 0);
	CHECK_EQ(mas.last, ULONG_MAX - 100);
	CHECK_EQ(mas.index, ULONG_MAX - 199);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, 299, 100), 0);
	CHECK_EQ(mas.index, 100);
	CHECK_EQ(mas.last, 199);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, 299, 101), -EBUSY);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 120, 180, 10), 0);
	CHECK_EQ(mas.last, 180);
	CHECK_EQ(mas.index, 171);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, ULONG_MAX - 99, ULONG_MAX, 1),
		  -EBUSY);

	mas_destroy(&mas);
	mtree_unlock(&mt);
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
}

/* Gaps at both ends of a tree with many nodes. */
static void test_empty_area_big(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long i, want;
	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	model_init(&m);
	/* Ranges [10 i + 1, 10 i + 9 - (i % 7)], gaps of 1 .. 8. */
	for (i = 0; i < 3000; i++) {
		unsigned long first = 10 * i + 1, last = 10 * i + 9 - i % 7;

		CHECK_INT(mtree_store_range(&mt, first, last, V(i), GFP_KERNEL),
			  0);
		model_store(&m, first, last, V(i));
	}
	CHECK(h_check_model(&mt, &m));

	mtree_lock(&mt);
	for (i = 1; i <= 9; i++) {
		bool found = model_empty_area(&m, 0, ULONG_MAX, i, &want);

		mas_reset(&mas);
		CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, i), found ? 0 : -EBUSY);
		if (found)
			CHECK_EQ(mas.index, want);
		found = model_empty_area_rev(&m, 0, 29990, i, &want);
		mas_reset(&mas);
		CHECK_INT(mas_empty_area_rev(&mas, 0, 29990, i),
			  found ? 0 : -EBUSY);
		if (found)
			CHECK_EQ(mas.index, want);
	}
	/* Index 0 is free, and so is the top. */
	mas_reset(&mas);
	CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, 1), 0);
	CHECK_EQ(mas.index, 0);
	mas_reset(&mas);
	CHECK_INT(mas_empty_area_rev(&mas, 0, ULONG_MAX, 1), 0);
	CHECK_EQ(mas.index, ULONG_MAX);
	mas_destroy(&mas);
	mtree_unlock(&mt);
	mtree_destroy(&mt);
	model_free(&m);
}

/*
 * The result of a reverse gap search up to @max that the model says should
 * (@found) or should not find a gap.  Upstream's miss of a gap in a slot
 * starting at 0 when @max is ULONG_MAX is UB_EMPTY_AREA_REV_MAX.
 */
static bool rev_gap_ret_ok(int ret, bool found, unsigned long max)
{
	if (found && ret == -EBUSY && max == ULONG_MAX &&
	    h_upstream_bug(UB_EMPTY_AREA_REV_MAX))
		return false;
	return CHECK_INT(ret, found ? 0 : -EBUSY);
}

/*
 * A reverse search for a large gap: the highest fitting gap lies in the
 * first of two leaves, the second leaf's gaps are all too small.
 */
static void test_empty_area_rev_large(void)
{
	static const unsigned long r[][2] = {
		{ 0x0, 0xeafe }, { 0xeaff, 0xeb05 }, { 0xeb06, 0x14466e0 },
		{ 0x178f7e8, 0x3fc7e671b419f64 },
		{ 0x9bd4b1dbf4451dc0, 0x9c6bdb5ab4c024fc },
		{ 0xe2aaeaa8378d6309, 0xe2aaeaa8378d6309 },
		{ 0xe2aaeaa8378d630a, 0xe2aaeaa8378d630f },
		{ 0xffffffffffff975e, 0xffffffffffff975e },
		{ 0xffffffffffffc520, 0xffffffffffffc520 },
		{ 0xffffffffffffd6d6, 0xffffffffffffd6d6 },
		{ 0xffffffffffffdb5e, 0xffffffffffffdb5e },
	};
	static const unsigned long sizes[] = {
		0x100, 0x1000000000000000, 0x26fae64f8113b719,
		0x463e000000000000, 0x5000000000000000,
	};
	struct maple_tree mt;
	struct model m;
	unsigned long want;
	size_t i;
	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	model_init(&m);
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		CHECK_INT(mtree_store_range(&mt, r[i][0], r[i][1], V(i),
					    GFP_KERNEL), 0);
		model_store(&m, r[i][0], r[i][1], V(i));
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bool found = model_empty_area_rev(&m, 0, ULONG_MAX, sizes[i],
						  &want);
		int ret;

		mas_reset(&mas);
		rcu_read_lock();
		ret = mas_empty_area_rev(&mas, 0, ULONG_MAX, sizes[i]);
		if (rev_gap_ret_ok(ret, found, ULONG_MAX) && found)
			CHECK_EQ(mas.index, want);
		rcu_read_unlock();
		/* The same searches stopping just short of ULONG_MAX. */
		found = model_empty_area_rev(&m, 0, ULONG_MAX - 1, sizes[i],
					     &want);
		mas_reset(&mas);
		rcu_read_lock();
		if (CHECK_INT(mas_empty_area_rev(&mas, 0, ULONG_MAX - 1,
						 sizes[i]),
			      found ? 0 : -EBUSY) && found)
			CHECK_EQ(mas.index, want);
		rcu_read_unlock();
		found = model_empty_area(&m, 0, ULONG_MAX, sizes[i], &want);
		mas_reset(&mas);
		rcu_read_lock();
		if (CHECK_INT(mas_empty_area(&mas, 0, ULONG_MAX, sizes[i]),
			      found ? 0 : -EBUSY) && found)
			CHECK_EQ(mas.index, want);
		rcu_read_unlock();
	}
	mtree_destroy(&mt);
	model_free(&m);
}

static void test_alloc_range(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long start, i;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	model_init(&m);

	for (i = 0; i < 100; i++) {
		if (!CHECK_INT(mtree_alloc_range(&mt, &start, V(i), 10, 1000,
						 1999, GFP_KERNEL), 0))
			break;
		CHECK_EQ(start, 1000 + i * 10);
		model_store(&m, start, start + 9, V(i));
	}
	CHECK_INT(mtree_alloc_range(&mt, &start, V(1), 1, 1000, 1999,
				    GFP_KERNEL), -EBUSY);
	CHECK_INT(mtree_alloc_range(&mt, &start, V(1), 1, 1000, 999,
				    GFP_KERNEL), -EINVAL);
	CHECK_INT(mtree_alloc_range(&mt, &start, V(1), 0, 0, 999, GFP_KERNEL),
		  -EINVAL);

	for (i = 0; i < 50; i++) {
		if (!CHECK_INT(mtree_alloc_rrange(&mt, &start, V(500 + i), 7,
						  0, ULONG_MAX, GFP_KERNEL), 0))
			break;
		CHECK_EQ(start, ULONG_MAX - 7 * (i + 1) + 1);
		model_store(&m, start, start + 6, V(500 + i));
	}
	CHECK_INT(mtree_alloc_rrange(&mt, &start, V(1), 6, 0, 4, GFP_KERNEL),
		  -EINVAL);

	/* Free one in the middle: both directions find exactly it. */
	CHECK_PTR(mtree_erase(&mt, 1555), V(55));
	model_store(&m, 1550, 1559, NULL);
	CHECK_INT(mtree_alloc_range(&mt, &start, V(700), 10, 1000, 1999,
				    GFP_KERNEL), 0);
	CHECK_EQ(start, 1550);
	model_store(&m, 1550, 1559, V(700));
	CHECK_PTR(mtree_erase(&mt, 1555), V(700));
	CHECK_INT(mtree_alloc_rrange(&mt, &start, V(701), 10, 1000, 1999,
				     GFP_KERNEL), 0);
	CHECK_EQ(start, 1550);
	model_store(&m, 1550, 1559, V(701));
	CHECK_INT(mtree_alloc_rrange(&mt, &start, V(1), 1, 1000, 1999,
				     GFP_KERNEL), -EBUSY);
	/* Index 0 itself can be allocated. */
	CHECK_INT(mtree_alloc_range(&mt, &start, V(702), 1, 0, ULONG_MAX,
				    GFP_KERNEL), 0);
	CHECK_EQ(start, 0);
	model_store(&m, 0, 0, V(702));
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	model_free(&m);
}

static void test_alloc_cyclic(void)
{
	struct maple_tree mt;
	unsigned long id, next = 0, i;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (i = 0; i < 10; i++) {
		if (!CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(i), 5, 14, &next,
						  GFP_KERNEL), 0))
			break;
		CHECK_EQ(id, 5 + i);
		CHECK_EQ(next, id + 1);
	}
	CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(1), 5, 14, &next, GFP_KERNEL),
		  -EBUSY);
	/* Free two; the search goes on from @next, wrapping around. */
	CHECK_PTR(mtree_erase(&mt, 7), V(2));
	CHECK_PTR(mtree_erase(&mt, 12), V(7));
	next = 10;
	CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(20), 5, 14, &next, GFP_KERNEL),
		  0);
	CHECK_EQ(id, 12);
	CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(21), 5, 14, &next, GFP_KERNEL),
		  1);	/* wrapped */
	CHECK_EQ(id, 7);
	CHECK_EQ(next, 8);
	CHECK_PTR(mtree_load(&mt, 7), V(21));

	/* Right at the top of the index space. */
	mtree_destroy(&mt);
	next = ULONG_MAX;
	CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(30), 0, ULONG_MAX, &next,
				     GFP_KERNEL), 0);
	CHECK_EQ(id, ULONG_MAX);
	CHECK_EQ(next, 0);
	CHECK_INT(mtree_alloc_cyclic(&mt, &id, V(31), 0, ULONG_MAX, &next,
				     GFP_KERNEL), 1);
	CHECK_EQ(id, 0);
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);

	/* The advanced form, under the lock. */
	{
		MA_STATE(mas, &mt, 0, 0);

		next = 3;
		mtree_lock(&mt);
		CHECK_INT(mas_alloc_cyclic(&mas, &id, V(40), 1, 100, &next,
					   GFP_KERNEL), 0);
		mtree_unlock(&mt);
		CHECK_EQ(id, 3);
		CHECK_PTR(mtree_load(&mt, 3), V(40));
	}
	mtree_destroy(&mt);
}

static void check_dup(unsigned int flags, unsigned long nr, bool locked)
{
	struct maple_tree mt, copy;
	struct model m;
	long nodes;

	mt_init_flags(&mt, flags);
	mt_init_flags(&copy, flags);
	model_init(&m);
	fill_spaced(&mt, &m, nr, 13, 6);
	nodes = h_nodes_outstanding();
	if (locked) {
		mtree_lock(&mt);
		spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
		CHECK_INT(__mt_dup(&mt, &copy, GFP_KERNEL), 0);
		mtree_unlock(&copy);
		mtree_unlock(&mt);
	} else {
		CHECK_INT(mtree_dup(&mt, &copy, GFP_KERNEL), 0);
	}
	CHECK(h_check_model(&copy, &m));
	CHECK(h_check_model(&mt, &m));
	/* A copy costs as many nodes as the original (or fewer). */
	CHECK(h_nodes_outstanding() - nodes <= nodes);

	/* The two trees are independent. */
	CHECK_INT(mtree_store_range(&mt, 0, 100, V(77), GFP_KERNEL), 0);
	if (nr) {
		CHECK_PTR(mtree_erase(&copy, 13 * (nr / 2)), V(nr / 2));
		model_store(&m, 13 * (nr / 2), 13 * (nr / 2) + 5, NULL);
	}
	CHECK(h_check_model(&copy, &m));
	h_destroy(&copy);
	if (nr)
		model_store(&m, 13 * (nr / 2), 13 * (nr / 2) + 5, V(nr / 2));
	model_store(&m, 0, 100, V(77));
	CHECK(h_check_model(&mt, &m));
	h_destroy(&mt);
	model_free(&m);
}

static void test_dup(void)
{
	static const unsigned long sizes[] = { 0, 1, 15, 16, 100, 5000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		check_dup(0, sizes[i], false);
		check_dup(MT_FLAGS_ALLOC_RANGE, sizes[i], true);
		check_dup(MT_FLAGS_USE_RCU, sizes[i], false);
	}
}

static void test_dup_invalid(void)
{
	struct maple_tree mt, copy;

	mt_init(&mt);
	mt_init_flags(&copy, MT_FLAGS_ALLOC_RANGE);
	fill_spaced(&mt, NULL, 50, 5, 2);
	CHECK_INT(mtree_dup(&mt, &copy, GFP_KERNEL), -EINVAL);
	CHECK(mtree_empty(&copy));
	mtree_destroy(&copy);

	mt_init(&copy);
	CHECK_INT(mtree_store(&copy, 3, V(3), GFP_KERNEL), 0);
	CHECK_INT(mtree_dup(&mt, &copy, GFP_KERNEL), -EINVAL);
	CHECK_PTR(mtree_load(&copy, 3), V(3));
	mtree_destroy(&copy);
	mtree_destroy(&mt);
}

static void test_destroy(void)
{
	struct maple_tree mt;
	long before = h_nodes_outstanding();

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_spaced(&mt, NULL, 3000, 3, 1);
	CHECK(h_nodes_outstanding() > before);
	mtree_lock(&mt);
	__mt_destroy(&mt);
	mtree_unlock(&mt);
	CHECK(mtree_empty(&mt));
	CHECK_EQ(h_nodes_outstanding(), before);

	/* A destroyed tree is ready for use again. */
	fill_spaced(&mt, NULL, 100, 3, 1);
	CHECK_PTR(mtree_load(&mt, 30), V(10));
	mtree_destroy(&mt);
	mtree_destroy(&mt);
	CHECK_EQ(h_nodes_outstanding(), before);
}

/* Deep trees in RCU mode are freed by a walk deferred to an RCU callback. */
static void test_rcu_destroy_deep(void)
{
	static const unsigned long sizes[] = { 120, 192, 2768, 3000, 6000, 40000 };
	static const unsigned int flags[] = {
		MT_FLAGS_USE_RCU, MT_FLAGS_USE_RCU | MT_FLAGS_ALLOC_RANGE
	};
	size_t i, f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct maple_tree mt;
			long before = h_nodes_outstanding();

			mt_init_flags(&mt, flags[f]);
			/* 120, 192 and 2768: full or 15-child inner nodes. */
			if (sizes[i] < 3000)
				fill_spaced(&mt, NULL, sizes[i], 10, 1);
			else
				fill_spaced(&mt, NULL, sizes[i], 13, 6);
			CHECK(mt_height(&mt) >= (sizes[i] < 3000 ? 2 : 3));
			h_destroy(&mt);
			CHECK(mtree_empty(&mt));
			CHECK_EQ(h_nodes_outstanding(), before);
		}
	}
}

static void test_rcu_mode(void)
{
	struct maple_tree mt;
	struct model m;
	unsigned long i;

	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	CHECK(mt_in_rcu(&mt));
	model_init(&m);
	fill_spaced(&mt, &m, 2000, 5, 3);
	for (i = 0; i < 2000; i += 2) {
		CHECK_PTR(mtree_erase(&mt, i * 5), V(i));
		model_store(&m, i * 5, i * 5 + 2, NULL);
	}
	CHECK(h_check_model(&mt, &m));
	mt_clear_in_rcu(&mt);
	CHECK(!mt_in_rcu(&mt));
	fill_spaced(&mt, &m, 2000, 5, 1);
	mt_set_in_rcu(&mt);
	CHECK(mt_in_rcu(&mt));
	CHECK(h_check_model(&mt, &m));
	mtree_destroy(&mt);
	model_free(&m);
}

static void test_dump(void)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	struct maple_tree mt;
	MA_STATE(mas, &mt, 5, 5);

	mt_init(&mt);
	fill_spaced(&mt, NULL, 20, 3, 1);
	mtree_lock(&mt);
	mt_dump(&mt, mt_dump_hex);
	mt_dump(&mt, mt_dump_dec);
	mtree_unlock(&mt);
	rcu_read_lock();
	mas_walk(&mas);
	mas_dump(&mas);
	rcu_read_unlock();
	CHECK(h_validate(&mt));
	mtree_destroy(&mt);
#else
	CHECK(!"mt_dump/mas_dump exist only in the debug build");
#endif
}

/*
 * Upstream's lib/test_maple_tree.c calls mt_validate() holding no lock (no
 * writer runs then): under PROVE_RCU that must not warn, and a sound tree
 * must not be reported.  A lockdep warning fails the case.
 */
static void test_validate_unlocked(void)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	struct maple_tree mt;
	unsigned long errs, warns;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	fill_spaced(&mt, NULL, 300, 3, 1);
	errs = shim_pr_err_count;
	warns = shim_warn_count;
#ifdef MAPLE_UPSTREAM
	/*
	 * Upstream's mt_validate() ends with a pass over the leaves
	 * (mt_validate_nulls()) after its own rcu_read_unlock(), reading
	 * slots with mt_slot(): it needs the caller to hold the lock or the
	 * RCU read lock, so the case gives it the latter.
	 */
	rcu_read_lock();
	mt_validate(&mt);
	rcu_read_unlock();
#else
	mt_validate(&mt);
#endif
	CHECK(errs == shim_pr_err_count);
	CHECK(warns == shim_warn_count);
	mtree_destroy(&mt);
#else
	CHECK(!"mt_validate exists only in the debug build");
#endif
}

/*
 * A plan made by mas_preallocate() may go stale when the same lock holder
 * writes through another maple state before mas_store_prealloc(): splits
 * of the neighbouring leaves can fill the parent, so that the planned
 * write then needs more nodes than were reserved, while its own leaf is
 * untouched.  The store must notice and work the write out again.  Then
 * it allocates what the pool lacks without sleeping; with @starve those
 * allocations fail, and the store must warn, report the error in the
 * maple state and leave the tree as it was.
 *
 * Return: whether the store failed for want of nodes.
 */
static bool check_stale_plan(unsigned int flags, struct h_rng *rng,
			     bool starve)
{
	unsigned long p, k, j, q, first, warns;
	bool failed = false;
	struct maple_tree mt;
	struct model m;
	MA_STATE(mas, &mt, 0, 0);
	MA_STATE(other, &mt, 0, 0);

	mt_init_flags(&mt, flags);
	model_init(&m);
	/* Full leaves: every gap store adds two slots to its leaf. */
	fill_spaced(&mt, &m, 600, 4, 1);
	mtree_lock(&mt);
	p = 100 + h_rand_below(rng, 400);
	k = 1 + h_rand_below(rng, 60);
	first = 4 * p + 2;
	mas_set_range(&mas, first, first);
	if (!CHECK_INT(mas_preallocate(&mas, V(7000), GFP_KERNEL), 0))
		goto out;
	/* Gap stores into the leaves around, never into the planned gap. */
	for (j = 0; j < k; j++) {
		q = p + 16 + h_rand_below(rng, 64);
		if (h_rand(rng) & 1)
			q = p - 16 - h_rand_below(rng, 64);
		mas_set_range(&other, 4 * q + 2, 4 * q + 3);
		mas_store(&other, V(8000 + j));
		if (!CHECK(!mas_is_err(&other)))
			goto out;
		mas_destroy(&other);
		model_store(&m, 4 * q + 2, 4 * q + 3, V(8000 + j));
	}
	warns = shim_warn_count;
	shim_alloc_fail_nowait(starve);
	mas_store_prealloc(&mas, V(7000));
	shim_alloc_fail_nowait(false);
	failed = mas_is_err(&mas);
	if (failed)
		CHECK(starve && shim_warn_count > warns);
	else
		model_store(&m, first, first, V(7000));
	CHECK_EQ(shim_warn_count - warns, failed);
out:
	mtree_unlock(&mt);
	if (!CHECK(h_check_model(&mt, &m)))
		fprintf(stderr, "  flags %#x, planned %lu, %lu stores\n",
			flags, p, k);
	mtree_destroy(&mt);
	CHECK_EQ(h_nodes_outstanding(), 0);
	model_free(&m);
	return failed;
}

static void test_prealloc_stale_plan(void)
{
	static const unsigned int flags[] = {
		0, MT_FLAGS_USE_RCU, MT_FLAGS_ALLOC_RANGE,
		MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
	};
	unsigned long starved = 0;
	struct h_rng rng;
	size_t f;
	int i;

#ifdef MAPLE_UPSTREAM
	/* Upstream's contract forbids the writes in between: not tested. */
	return;
#endif
	h_allow_warnings();
	h_srand(&rng, 31);
	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (i = 0; i < 25 && !h_case_failed(); i++)
			check_stale_plan(flags[f], &rng, false);
		for (i = 0; i < 25 && !h_case_failed(); i++)
			starved += check_stale_plan(flags[f], &rng, true);
	}
	/* The starved stores must have met the short pool sometimes. */
	CHECK(starved > 0);
}

static const struct h_test unit_tests[] = {
	{ "empty tree", test_empty_tree },
	{ "single entry in the root", test_single_entry_root },
	{ "index 0 and ULONG_MAX", test_extremes },
	{ "search limits with only a root entry", test_root_entry_limits },
	{ "mas_find loop rewriting a root entry visits it once",
	  test_rewrite_root_entry },
	{ "reserved values are -EINVAL", test_reserved_values },
	{ "normal API stores the zero entry and other non-advanced values",
	  test_normal_api_internal_values },
	{ "invalid ranges are -EINVAL", test_invalid_ranges },
	{ "insert into occupied range is -EEXIST", test_insert_eexist },
	{ "insert of [0, ULONG_MAX] into any non-empty tree is -EEXIST",
	  test_insert_everything },
	{ "store, overwrite and erase", test_store_overwrite_and_erase },
	{ "grow to height 3 and shrink", test_grow_and_shrink },
	{ "iterate across nodes with mas_pause", test_iterate_and_pause },
	{ "lockless iterator whose leaf went away", test_lost_leaf },
	{ "range iteration tiles the index space", test_range_iteration },
	{ "mt_find, mt_next and mt_prev", test_mt_find },
	{ "mas_store, mas_store_gfp and mas_erase", test_mas_store_and_erase },
	{ "stores of every shape across a few leaves", test_store_shapes },
	{ "mas_preallocate and mas_store_prealloc", test_preallocate },
	{ "mas_store_prealloc follows a plan only for its write",
	  test_prealloc_plan },
	{ "mas_expected_entries bulk load", test_expected_entries },
	{ "mas_nomem retry loop", test_mas_nomem },
	{ "mas_empty_area(_rev) edges", test_empty_area },
	{ "mas_empty_area(_rev) across many nodes", test_empty_area_big },
	{ "reverse gap search finds a fitting gap", test_empty_area_rev_large },
	{ "mtree_alloc_range and mtree_alloc_rrange", test_alloc_range },
	{ "mtree_alloc_cyclic and mas_alloc_cyclic", test_alloc_cyclic },
	{ "mtree_dup and __mt_dup", test_dup },
	{ "mtree_dup into a mismatched tree is -EINVAL", test_dup_invalid },
	{ "mtree_destroy and __mt_destroy", test_destroy },
	{ "MT_FLAGS_USE_RCU on and off", test_rcu_mode },
	{ "destroy a deep tree in RCU mode", test_rcu_destroy_deep },
	{ "mt_dump and mas_dump", test_dump },
	{ "mt_validate without the tree's lock", test_validate_unlocked },
	{ "mas_store_prealloc after writes through another state",
	  test_prealloc_stale_plan },
};

void maple_unit_tests(void)
{
	h_run_suite("unit", unit_tests, ARRAY_SIZE(unit_tests));
}
