// SPDX-License-Identifier: GPL-2.0+
/*
 * KUnit suite for the maple tree.
 *
 * The cases use <linux/maple_tree.h> the way its callers do and hold the
 * tree to what the interface promises: exact ranges for present entries,
 * error codes for requests that cannot be met, free-space searches that
 * find the lowest or highest fit, iterators that return every entry once
 * and in order, copies equal to their source, and RCU readers that only
 * see values the tree held.  Two cases replay a fixed pseudo-random series
 * of operations on a tree and on a plain array and compare the two.
 *
 * Writers hold the tree lock (or the mutex of a tree with an external
 * lock), readers the RCU read lock.  Nothing is checked with a spinlock or
 * the RCU read lock held, because a failed expectation allocates: the
 * cases record what they see and check it after unlocking.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/maple_tree.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>

static bool warn_tests;
module_param(warn_tests, bool, 0444);
MODULE_PARM_DESC(warn_tests, "Also run the cases that make the tree WARN by design");

/* Entries are xarray value entries: never taken for pointers or nodes. */
static void *val(unsigned long n)
{
	return xa_mk_value(n);
}

static int store(struct maple_tree *mt, unsigned long first,
		 unsigned long last, void *entry)
{
	return mtree_store_range(mt, first, last, entry, GFP_KERNEL);
}

static int cyclic(struct maple_tree *mt, unsigned long *start, void *entry,
		  unsigned long lo, unsigned long hi, unsigned long *next)
{
	return mtree_alloc_cyclic(mt, start, entry, lo, hi, next, GFP_KERNEL);
}

/* Trees live in test-managed memory and are emptied when the case ends. */
static void tree_destroy_action(void *mt)
{
	mtree_destroy(mt);
}

static struct maple_tree *new_tree(struct kunit *test, unsigned int flags)
{
	struct maple_tree *mt = kunit_kzalloc(test, sizeof(*mt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mt);
	mt_init_flags(mt, flags);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tree_destroy_action, mt), 0);
	return mt;
}

/* A tree whose writers serialise on a mutex of their own, as mm's do. */
struct ext_tree {
	struct maple_tree mt;
	struct mutex lock;	/* serialises the writers of @mt */
};

static void ext_tree_destroy_action(void *data)
{
	struct ext_tree *t = data;

	mutex_lock(&t->lock);
	__mt_destroy(&t->mt);
	mutex_unlock(&t->lock);
	mutex_destroy(&t->lock);
}

static struct ext_tree *new_ext_tree(struct kunit *test, unsigned int flags)
{
	struct ext_tree *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	mutex_init(&t->lock);
	mt_init_flags(&t->mt, flags | MT_FLAGS_LOCK_EXTERN);
	mt_set_external_lock(&t->mt, &t->lock);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ext_tree_destroy_action, t), 0);
	return t;
}

/*
 * Run the tree's own consistency check.  mt_validate() reports a broken
 * tree with WARN_ON() rather than a return value, so a new TAINT_WARN is
 * how the case learns that the check failed (once anything else has
 * warned, only the boot log tells).
 */
static void expect_valid(struct kunit *test, struct maple_tree *mt,
			 struct mutex *ext)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	bool tainted = test_taint(TAINT_WARN);

	if (ext) {
		mutex_lock(ext);
		mt_validate(mt);
		mutex_unlock(ext);
	} else {
		mtree_lock(mt);
		mt_validate(mt);
		mtree_unlock(mt);
	}
	KUNIT_EXPECT_FALSE_MSG(test, !tainted && test_taint(TAINT_WARN),
			       "mt_validate() found a problem");
#endif
}

/* Store val(i) over [i * stride, i * stride + len - 1] for each i < n. */
static int fill_locked(struct maple_tree *mt, unsigned long n,
		       unsigned long stride, unsigned long len)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		mas_set_range(&mas, i * stride, i * stride + len - 1);
		ret = mas_store_gfp(&mas, val(i), GFP_KERNEL);
	}
	return ret;
}

/* fill_locked() under the tree's spinlock, or under @ext if that is set. */
static int fill(struct maple_tree *mt, struct mutex *ext, unsigned long n,
		unsigned long stride, unsigned long len)
{
	int ret;

	if (ext) {
		mutex_lock(ext);
		ret = fill_locked(mt, n, stride, len);
		mutex_unlock(ext);
	} else {
		mtree_lock(mt);
		ret = fill_locked(mt, n, stride, len);
		mtree_unlock(mt);
	}
	return ret;
}

/*
 * Look @index up with mas_walk() and check the entry and its range.  A
 * present entry must span exactly [@first, @last].  An empty range only
 * has to hold @index and stay within [@first, @last]: the interface does
 * not promise that neighbouring empty ranges are reported as one.
 */
static bool expect_walk(struct kunit *test, struct maple_tree *mt,
			unsigned long index, void *entry,
			unsigned long first, unsigned long last)
{
	MA_STATE(mas, mt, index, index);
	void *found;
	bool ok;

	rcu_read_lock();
	found = mas_walk(&mas);
	rcu_read_unlock();

	if (entry)
		ok = found == entry && mas.index == first && mas.last == last;
	else
		ok = !found && mas.index >= first && mas.index <= index &&
		     mas.last >= index && mas.last <= last;
	if (!ok)
		KUNIT_FAIL(test, "walk to %#lx: got %#lx at %#lx-%#lx, want %#lx at %#lx-%#lx",
			   index, (unsigned long)found, mas.index, mas.last,
			   (unsigned long)entry, first, last);
	return ok;
}

/* What expect_gap() expects when there is no room: -EBUSY. */
#define NO_GAP	ULONG_MAX

/*
 * Search for @size free indices in [@min, @max], from the bottom or (@rev)
 * the top, and expect them to start at @want.
 */
static void expect_gap(struct kunit *test, struct maple_tree *mt, bool rev,
		       unsigned long min, unsigned long max,
		       unsigned long size, unsigned long want)
{
	MA_STATE(mas, mt, 0, 0);
	int ret;

	mas_lock(&mas);
	ret = rev ? mas_empty_area_rev(&mas, min, max, size) :
		    mas_empty_area(&mas, min, max, size);
	mas_unlock(&mas);
	KUNIT_EXPECT_EQ_MSG(test, ret, want == NO_GAP ? -EBUSY : 0,
			    "%lu free in %#lx-%#lx, rev %d", size, min, max, rev);
	if (!ret)
		KUNIT_EXPECT_TRUE_MSG(test, mas.index == want && mas.last == want + size - 1,
				      "%lu free in %#lx-%#lx, rev %d: at %#lx-%#lx, want %#lx",
				      size, min, max, rev, mas.index, mas.last, want);
}

/* Store @entry in the lowest (or highest) @size free indices. */
static int alloc(struct maple_tree *mt, unsigned long *start, void *entry,
		 unsigned long size, unsigned long min, unsigned long max, bool rev)
{
	if (rev)
		return mtree_alloc_rrange(mt, start, entry, size, min, max, GFP_KERNEL);
	return mtree_alloc_range(mt, start, entry, size, min, max, GFP_KERNEL);
}

static void root_entry_at_zero(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0;

	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(1), GFP_KERNEL), 0);
	/* A lone entry at index 0 lives in the root pointer: no node. */
	KUNIT_EXPECT_EQ(test, mt_height(mt), 0U);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX));
	expect_walk(test, mt, 0, val(1), 0, 0);
	expect_walk(test, mt, 7, NULL, 1, ULONG_MAX);

	/* Replacing it keeps it there; a second entry needs a node. */
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(2), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mt_height(mt), 0U);
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 1, val(3), GFP_KERNEL), 0);
	KUNIT_EXPECT_GT(test, mt_height(mt), 0U);
	expect_walk(test, mt, 0, val(2), 0, 0);
	expect_walk(test, mt, 1, val(3), 1, 1);
	expect_walk(test, mt, 2, NULL, 2, ULONG_MAX);

	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 1), val(3));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 0), val(2));
	KUNIT_EXPECT_NULL(test, mt_find(mt, &index, ULONG_MAX));
}

static void entry_at_ulong_max(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0;

	KUNIT_ASSERT_EQ(test, mtree_store(mt, ULONG_MAX, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, ULONG_MAX), val(1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX - 1));
	expect_walk(test, mt, ULONG_MAX, val(1), ULONG_MAX, ULONG_MAX);
	expect_walk(test, mt, 0, NULL, 0, ULONG_MAX - 1);
	/* mt_find() steps past an entry that ends the space by wrapping. */
	KUNIT_EXPECT_PTR_EQ(test, mt_find(mt, &index, ULONG_MAX), val(1));
	KUNIT_EXPECT_EQ(test, index, 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, ULONG_MAX, val(2), GFP_KERNEL), -EEXIST);

	KUNIT_ASSERT_EQ(test, store(mt, ULONG_MAX - 9, ULONG_MAX, val(3)), 0);
	expect_walk(test, mt, ULONG_MAX - 5, val(3), ULONG_MAX - 9, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, ULONG_MAX), val(3));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX - 9));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX));
}

static void range_overwrite(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0, n = 0;
	void *entry;

	KUNIT_ASSERT_EQ(test, store(mt, 10, 19, val(1)), 0);
	KUNIT_ASSERT_EQ(test, store(mt, 20, 29, val(2)), 0);
	KUNIT_ASSERT_EQ(test, store(mt, 30, 39, val(3)), 0);
	/* Over three ranges: the outer two are cut, the middle one goes. */
	KUNIT_ASSERT_EQ(test, store(mt, 15, 34, val(4)), 0);
	expect_walk(test, mt, 9, NULL, 0, 9);
	expect_walk(test, mt, 12, val(1), 10, 14);
	expect_walk(test, mt, 20, val(4), 15, 34);
	expect_walk(test, mt, 39, val(3), 35, 39);
	expect_walk(test, mt, 40, NULL, 40, ULONG_MAX);
	/* Inside one range: it is split in three. */
	KUNIT_ASSERT_EQ(test, store(mt, 20, 24, val(5)), 0);
	expect_walk(test, mt, 15, val(4), 15, 19);
	expect_walk(test, mt, 22, val(5), 20, 24);
	expect_walk(test, mt, 34, val(4), 25, 34);
	/* Erasing across ranges leaves their outer stubs. */
	KUNIT_ASSERT_EQ(test, store(mt, 12, 37, NULL), 0);
	expect_walk(test, mt, 11, val(1), 10, 11);
	expect_walk(test, mt, 25, NULL, 12, 37);
	expect_walk(test, mt, 38, val(3), 38, 39);
	/* Exactly over one range, then over the whole space. */
	KUNIT_ASSERT_EQ(test, store(mt, 38, 39, val(6)), 0);
	expect_walk(test, mt, 38, val(6), 38, 39);
	KUNIT_ASSERT_EQ(test, store(mt, 0, ULONG_MAX, val(7)), 0);
	expect_walk(test, mt, 12345, val(7), 0, ULONG_MAX);

	/* Over hundreds of ranges in many leaves, cutting the end ones. */
	KUNIT_ASSERT_EQ(test, store(mt, 0, ULONG_MAX, NULL), 0);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 1000, 10, 6), 0);
	KUNIT_ASSERT_EQ(test, store(mt, 1234, 8762, val(5000)), 0);
	expect_walk(test, mt, 1230, val(123), 1230, 1233);
	expect_walk(test, mt, 5000, val(5000), 1234, 8762);
	expect_walk(test, mt, 8765, val(876), 8763, 8765);
	mt_for_each(mt, entry, index, ULONG_MAX)
		if (++n > 1000)
			break;
	KUNIT_EXPECT_EQ(test, n, 124 + 1 + 124);
	expect_valid(test, mt, NULL);
}

static void inverted_range_einval(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long start, next = 0;

	KUNIT_EXPECT_EQ(test, store(mt, 20, 10, val(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, store(mt, ULONG_MAX, 0, val(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 20, 10, val(1), GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, mtree_empty(mt));
	/* Refused before it can touch what is there. */
	KUNIT_ASSERT_EQ(test, store(mt, 0, 100, val(2)), 0);
	KUNIT_EXPECT_EQ(test, store(mt, 60, 50, NULL), -EINVAL);
	expect_walk(test, mt, 55, val(2), 0, 100);
	/* Allocating needs a tree that tracks its gaps. */
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(mt, &start, val(3), 1, 0, ULONG_MAX,
						GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(3), 0, ULONG_MAX, &next), -EINVAL);
	expect_walk(test, mt, 101, NULL, 101, ULONG_MAX);
}

/*
 * A value the tree reserves for itself, stored through the normal API, is
 * a caller bug answered with WARN_ON_ONCE() and -EINVAL.  The warning
 * fails a boot that is checked for kernel reports, so this case only runs
 * when asked for with maple_tree_kunit.warn_tests=1.
 */
static void reserved_entry_einval(struct kunit *test)
{
	void *reserved = xa_mk_internal(4);
	unsigned long start, next = 0;
	struct maple_tree *mt, *amt;

	if (!warn_tests)
		kunit_skip(test, "WARNs by design; boot with maple_tree_kunit.warn_tests=1");
	mt = new_tree(test, 0);
	amt = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	KUNIT_EXPECT_EQ(test, mtree_store(mt, 5, reserved, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, store(mt, 5, 9, reserved), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 5, reserved, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 5, 9, reserved, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(amt, &start, reserved, 1, 0, ULONG_MAX,
						GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(amt, &start, reserved, 0, ULONG_MAX,
						 &next, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, mtree_empty(mt));
	KUNIT_EXPECT_TRUE(test, mtree_empty(amt));
}

/*
 * The storing calls of the normal API refuse only the advanced entries:
 * %XA_ZERO_ENTRY is stored, keeps its range in use and reads back as NULL
 * through mtree_load() (mas_walk() sees it as it is).
 */
static void zero_entry_stored(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0;

	KUNIT_EXPECT_EQ(test, store(mt, 10, 19, XA_ZERO_ENTRY), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 30, XA_ZERO_ENTRY, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 15, val(1), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 25, 30, val(1), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 15));
	KUNIT_EXPECT_NULL(test, mt_find(mt, &index, ULONG_MAX));
	expect_walk(test, mt, 15, XA_ZERO_ENTRY, 10, 19);
	expect_walk(test, mt, 30, XA_ZERO_ENTRY, 30, 30);
	expect_valid(test, mt, NULL);
}

static void insert_overlap_eexist(struct kunit *test)
{
	static const unsigned long clash[][2] = {
		{ 50, 100 }, { 199, 250 }, { 120, 130 }, { 100, 199 },
		{ 0, ULONG_MAX }, { 150, 150 },
	};
	struct maple_tree *mt = new_tree(test, 0);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, mtree_insert_range(mt, 100, 199, val(1), GFP_KERNEL), 0);
	for (i = 0; i < ARRAY_SIZE(clash); i++)
		KUNIT_EXPECT_EQ_MSG(test, mtree_insert_range(mt, clash[i][0], clash[i][1],
							     val(2), GFP_KERNEL),
				    -EEXIST, "insert %lu-%lu", clash[i][0], clash[i][1]);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 100, val(2), GFP_KERNEL), -EEXIST);
	/* The refused inserts left nothing behind. */
	expect_walk(test, mt, 150, val(1), 100, 199);
	expect_walk(test, mt, 99, NULL, 0, 99);
	expect_walk(test, mt, 200, NULL, 200, ULONG_MAX);
	/* Neighbours that only touch do not overlap. */
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 50, 99, val(3), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 200, 250, val(4), GFP_KERNEL), 0);
	expect_walk(test, mt, 99, val(3), 50, 99);
	expect_walk(test, mt, 199, val(1), 100, 199);
	expect_walk(test, mt, 200, val(4), 200, 250);

	/* The same at index 0 while the entry sits in the root pointer. */
	mt = new_tree(test, 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 0, val(5), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 0, val(6), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 0, 3, val(6), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(5));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 1));
}

static void no_gap_ebusy(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	unsigned long start = 0;

	/* The even indices of 0..999 in use: every hole is one index. */
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 500, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(1000), 2, 0, 999, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(1000), 2, 0, 999, true), -EBUSY);
	expect_gap(test, mt, false, 0, 999, 2, NO_GAP);
	expect_gap(test, mt, true, 0, 999, 2, NO_GAP);
	expect_gap(test, mt, false, 0, 999, 1, 1);
	expect_gap(test, mt, true, 0, 999, 1, 999);

	/* A full tree has no room at all, and a refusal stores nothing. */
	KUNIT_ASSERT_EQ(test, store(mt, 0, ULONG_MAX, val(1)), 0);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(2), 1, 0, ULONG_MAX, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(2), 1, 0, ULONG_MAX, true), -EBUSY);
	expect_gap(test, mt, false, 0, ULONG_MAX, 1, NO_GAP);
	expect_gap(test, mt, true, 0, ULONG_MAX, 1, NO_GAP);
	expect_walk(test, mt, 5, val(1), 0, ULONG_MAX);
}

static void gap_search_both_ends(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	unsigned long start = 0;

	/* 0..29999 in use as 3000 ranges: deep enough to cross internal nodes. */
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 3000, 10, 10), 0);
	KUNIT_EXPECT_GE(test, mt_height(mt), 3U);
	expect_gap(test, mt, false, 0, ULONG_MAX, 1, 30000);
	expect_gap(test, mt, true, 0, ULONG_MAX, 100, ULONG_MAX - 99);

	/* Fill the top, then open holes at the bottom, middle and top. */
	KUNIT_ASSERT_EQ(test, store(mt, 30000, ULONG_MAX, val(9999)), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 0), val(0));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 15000), val(1500));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 15010), val(1501));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 29999), val(2999));
	expect_valid(test, mt, NULL);
	expect_gap(test, mt, false, 0, ULONG_MAX, 10, 0);
	expect_gap(test, mt, false, 3, ULONG_MAX, 5, 3);
	expect_gap(test, mt, false, 1, ULONG_MAX, 10, 15000);
	expect_gap(test, mt, false, 0, ULONG_MAX, 11, 15000);
	expect_gap(test, mt, true, 0, ULONG_MAX, 10, 29990);
	expect_gap(test, mt, true, 0, ULONG_MAX, 11, 15009);
	expect_gap(test, mt, true, 0, 29989, 10, 15010);
	expect_gap(test, mt, true, 0, 9, 5, 5);
	expect_gap(test, mt, false, 0, ULONG_MAX, 21, NO_GAP);
	expect_gap(test, mt, true, 0, ULONG_MAX, 21, NO_GAP);

	/* The allocators fill the holes from the matching end. */
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(1), 10, 0, ULONG_MAX, false), 0);
	KUNIT_EXPECT_EQ(test, start, 0);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(2), 10, 0, ULONG_MAX, true), 0);
	KUNIT_EXPECT_EQ(test, start, 29990);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(3), 10, 0, ULONG_MAX, false), 0);
	KUNIT_EXPECT_EQ(test, start, 15000);
	KUNIT_EXPECT_EQ(test, alloc(mt, &start, val(4), 10, 0, ULONG_MAX, true), 0);
	KUNIT_EXPECT_EQ(test, start, 15010);
	expect_walk(test, mt, 29995, val(2), 29990, 29999);
	expect_gap(test, mt, false, 0, ULONG_MAX, 1, NO_GAP);
	expect_valid(test, mt, NULL);
}

/* The iteration cases walk ITER_N entries, val(i) at [4i, 4i + 1]. */
#define ITER_N		4000
#define ITER_STRIDE	4

struct seen {
	unsigned long index, last;
	void *entry;
};

static struct seen *new_seen(struct kunit *test)
{
	struct seen *s = kunit_kmalloc_array(test, ITER_N, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/*
 * Note what a walk returned.  False once the walk has returned more than
 * ITER_N entries: a broken iterator is to fail the case, not hang it.
 */
static bool record(struct seen *s, unsigned long *n, const struct ma_state *mas,
		   void *entry)
{
	if (*n < ITER_N)
		s[*n] = (struct seen) { mas->index, mas->last, entry };
	return ++*n <= ITER_N;
}

/* Did the walk see @want entries, from entry @first on, in @step order? */
static bool expect_seen(struct kunit *test, const struct seen *s,
			unsigned long n, unsigned long want,
			unsigned long first, int step)
{
	unsigned long k, i;

	KUNIT_EXPECT_EQ(test, n, want);
	for (k = 0; k < min(n, want); k++) {
		i = step > 0 ? first + k : first - k;
		if (s[k].entry == val(i) && s[k].index == i * ITER_STRIDE &&
		    s[k].last == i * ITER_STRIDE + 1)
			continue;
		KUNIT_FAIL(test, "step %lu: got %#lx at %#lx-%#lx, want entry %lu",
			   k, (unsigned long)s[k].entry, s[k].index, s[k].last, i);
		return false;
	}
	return n == want;
}

static void iterate_forward(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	struct seen *s = new_seen(test);
	unsigned long n = 0, index = 0;
	struct ma_state mas;
	void *entry;

	mas_init(&mas, mt, 0);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, ITER_N, ITER_STRIDE, 2), 0);
	expect_valid(test, mt, NULL);
	rcu_read_lock();
	mas_for_each(&mas, entry, ULONG_MAX)
		if (!record(s, &n, &mas, entry))
			break;
	rcu_read_unlock();
	expect_seen(test, s, n, ITER_N, 0, 1);

	n = 0;
	mas_set(&mas, 0);
	mas_lock(&mas);
	for (entry = mas_find(&mas, ULONG_MAX); entry; entry = mas_next(&mas, ULONG_MAX))
		if (!record(s, &n, &mas, entry))
			break;
	mas_unlock(&mas);
	expect_seen(test, s, n, ITER_N, 0, 1);

	/* From inside a gap to a limit inside a gap. */
	n = 0;
	mas_set(&mas, 1001 * ITER_STRIDE + 2);
	rcu_read_lock();
	mas_for_each(&mas, entry, ITER_N / 2 * ITER_STRIDE - 1)
		if (!record(s, &n, &mas, entry))
			break;
	rcu_read_unlock();
	expect_seen(test, s, n, ITER_N / 2 - 1002, 1002, 1);

	/* mt_for_each() locks per step, so its body may check as it goes. */
	KUNIT_ASSERT_EQ(test, mtree_store(mt, ULONG_MAX, val(ITER_N), GFP_KERNEL), 0);
	n = 0;
	mt_for_each(mt, entry, index, ULONG_MAX) {
		if (n > ITER_N || entry != val(n) ||
		    index != (n < ITER_N ? n * ITER_STRIDE + 2 : 0)) {
			KUNIT_FAIL(test, "mt_for_each: %#lx, then index %#lx at step %lu",
				   (unsigned long)entry, index, n);
			break;
		}
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, ITER_N + 1);
}

static void iterate_backward(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	struct seen *s = new_seen(test);
	unsigned long n = 0;
	struct ma_state mas;
	void *entry;

	mas_init(&mas, mt, ULONG_MAX);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, ITER_N, ITER_STRIDE, 2), 0);
	rcu_read_lock();
	while ((entry = mas_find_rev(&mas, 0)))
		if (!record(s, &n, &mas, entry))
			break;
	rcu_read_unlock();
	expect_seen(test, s, n, ITER_N, ITER_N - 1, -1);

	n = 0;
	mas_set(&mas, ULONG_MAX);
	mas_lock(&mas);
	for (entry = mas_find_rev(&mas, 0); entry; entry = mas_prev(&mas, 0))
		if (!record(s, &n, &mas, entry))
			break;
	mas_unlock(&mas);
	expect_seen(test, s, n, ITER_N, ITER_N - 1, -1);

	/* A lower limit inside a gap. */
	n = 0;
	mas_set(&mas, ULONG_MAX);
	rcu_read_lock();
	while ((entry = mas_find_rev(&mas, ITER_N / 2 * ITER_STRIDE - 1)))
		if (!record(s, &n, &mas, entry))
			break;
	rcu_read_unlock();
	expect_seen(test, s, n, ITER_N / 2, ITER_N - 1, -1);
}

/*
 * A write-locked mas_find() loop that rewrites each entry it finds, as fork
 * does with the copy __mt_dup() made, visits each entry once, also when the
 * only entry is index 0 and lives in the root pointer.
 */
static void rewrite_loop_root_entry(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long seen = 0;
	struct ma_state mas;
	void *entry;

	mas_init(&mas, mt, 0);
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(1), GFP_KERNEL), 0);
	mas_lock(&mas);
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (++seen > 3)
			break;
		mas_store(&mas, val(2));
	}
	mas_unlock(&mas);
	KUNIT_EXPECT_EQ(test, seen, 1);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(2));
}

/*
 * An RCU reader stands on an entry while the writer empties the tree and
 * then stores an entry at index 0, which lives in the root pointer: the
 * reader's leaf is dead and the tree has no node left.  Ahead of the reader
 * there is nothing, behind it the new entry.  Neither write needs a node,
 * so GFP_NOWAIT never sleeps inside the read-side section.
 */
static void lockless_reader_loses_leaf(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_USE_RCU);
	void *first, *ahead, *behind;
	struct ma_state mas;
	int emptied, stored;

	mas_init(&mas, mt, 200);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 40, 10, 1), 0);
	rcu_read_lock();
	first = mas_find(&mas, ULONG_MAX);
	emptied = mtree_store_range(mt, 0, ULONG_MAX, NULL, GFP_NOWAIT);
	stored = mtree_store(mt, 0, val(7), GFP_NOWAIT);
	ahead = mas_find(&mas, ULONG_MAX);
	behind = mas_prev(&mas, 0);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, first, val(20));
	KUNIT_EXPECT_EQ(test, emptied, 0);
	KUNIT_EXPECT_EQ(test, stored, 0);
	KUNIT_EXPECT_NULL(test, ahead);
	KUNIT_EXPECT_PTR_EQ(test, behind, val(7));
}

static void pause_and_resume(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	struct seen *s = new_seen(test);
	unsigned long n = 0, i, k;
	struct ma_state mas;
	void *entry;
	int ret = 0;

	mas_init(&mas, mt, 0);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, ITER_N, ITER_STRIDE, 2), 0);
	mas_lock(&mas);
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (!record(s, &n, &mas, entry))
			break;
		i = mas.index / ITER_STRIDE;
		if (i % 100 != 99)
			continue;
		/*
		 * Give up the position and the lock and change the tree on
		 * both sides: the walk must go on right after the entry it
		 * returned last, seeing the erase ahead but not the store
		 * behind.
		 */
		mas_pause(&mas);
		mas_unlock(&mas);
		mtree_erase(mt, (i + 2) * ITER_STRIDE);
		ret |= store(mt, i * ITER_STRIDE - 2, i * ITER_STRIDE - 1, val(ITER_N + i));
		mas_lock(&mas);
	}
	mas_unlock(&mas);
	KUNIT_EXPECT_EQ(test, ret, 0);

	/* Every entry once, but for 101, 201, ... erased ahead of the walk. */
	for (i = 0, k = 0; i < ITER_N; i++) {
		if (i > 100 && i % 100 == 1)
			continue;
		if (k >= n || k >= ITER_N || !expect_seen(test, s + k, 1, 1, i, 1))
			break;
		k++;
	}
	KUNIT_EXPECT_EQ(test, n, ITER_N - 39);
	KUNIT_EXPECT_EQ(test, k, n);
}

/* Reserve the nodes for a store, then make it or give them back. */
static int prealloc_store(struct ext_tree *t, unsigned long first,
			  unsigned long last, void *entry, bool abandon)
{
	MA_STATE(mas, &t->mt, first, last);
	int ret;

	mutex_lock(&t->lock);
	ret = mas_preallocate(&mas, entry, GFP_KERNEL);
	if (!ret && abandon)
		mas_destroy(&mas);
	else if (!ret)
		mas_store_prealloc(&mas, entry);
	if (!ret && mas_is_err(&mas))
		ret = xa_err(mas.node);
	mutex_unlock(&t->lock);
	return ret;
}

static void prealloc_then_store(struct kunit *test)
{
	struct ext_tree *t = new_ext_tree(test, 0);
	struct maple_tree *mt = &t->mt;

	KUNIT_ASSERT_EQ(test, fill(mt, &t->lock, 200, 10, 5), 0);
	/* Over parts of six entries. */
	KUNIT_ASSERT_EQ(test, prealloc_store(t, 3, 57, val(1000), false), 0);
	expect_walk(test, mt, 0, val(0), 0, 2);
	expect_walk(test, mt, 30, val(1000), 3, 57);
	expect_walk(test, mt, 58, NULL, 58, 59);
	expect_walk(test, mt, 60, val(6), 60, 64);
	/* Erasing a hundred entries. */
	KUNIT_ASSERT_EQ(test, prealloc_store(t, 100, 1000, NULL, false), 0);
	expect_walk(test, mt, 500, NULL, 95, 1000);
	expect_walk(test, mt, 1002, val(100), 1001, 1004);
	/* Exactly into a gap, then across many leaves. */
	KUNIT_ASSERT_EQ(test, prealloc_store(t, 1005, 1009, val(1001), false), 0);
	expect_walk(test, mt, 1005, val(1001), 1005, 1009);
	KUNIT_ASSERT_EQ(test, prealloc_store(t, 1234, 1876, val(1002), false), 0);
	expect_walk(test, mt, 1230, val(123), 1230, 1233);
	expect_walk(test, mt, 1500, val(1002), 1234, 1876);
	expect_walk(test, mt, 1877, NULL, 1877, 1879);
	/* Nodes reserved and given back leave the tree as it was. */
	KUNIT_ASSERT_EQ(test, prealloc_store(t, 1900, 1999, val(1003), true), 0);
	expect_walk(test, mt, 1990, val(199), 1990, 1994);
	expect_valid(test, mt, &t->lock);
}

static void alloc_cyclic_wraps(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	unsigned long next = 0, start = 0, i;

	/* Hands out 10, 11, ..., 20 in turn, then runs out. */
	for (i = 10; i <= 20; i++) {
		KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(i), 10, 20, &next), 0);
		KUNIT_EXPECT_EQ(test, start, i);
		KUNIT_EXPECT_EQ(test, next, i + 1);
	}
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(99), 10, 20, &next), -EBUSY);
	/* Indices freed behind the hint are found by wrapping round: 1. */
	mtree_erase(mt, 15);
	mtree_erase(mt, 12);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(21), 10, 20, &next), 1);
	KUNIT_EXPECT_EQ(test, start, 12);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(22), 10, 20, &next), 0);
	KUNIT_EXPECT_EQ(test, start, 15);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(23), 10, 20, &next), -EBUSY);
	expect_walk(test, mt, 9, NULL, 0, 9);
	expect_walk(test, mt, 21, NULL, 21, ULONG_MAX);

	/* At the top of the space the hint wraps to 0; the next call says so. */
	next = 0;
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(30 + i), ULONG_MAX - 2, ULONG_MAX,
					     &next), 0);
		KUNIT_EXPECT_EQ(test, start, ULONG_MAX - 2 + i);
	}
	KUNIT_EXPECT_EQ(test, next, 0);
	mtree_erase(mt, ULONG_MAX - 1);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(33), ULONG_MAX - 2, ULONG_MAX, &next), 1);
	KUNIT_EXPECT_EQ(test, start, ULONG_MAX - 1);
	expect_valid(test, mt, NULL);
}

/* The same entries over the same ranges, in the same order? */
static void expect_same(struct kunit *test, struct maple_tree *a,
			struct maple_tree *b)
{
	MA_STATE(ma, a, 0, 0);
	MA_STATE(mb, b, 0, 0);
	unsigned long n = 0;
	void *ea, *eb;
	bool same;

	rcu_read_lock();
	do {
		ea = mas_find(&ma, ULONG_MAX);
		eb = mas_find(&mb, ULONG_MAX);
		same = ea == eb && (!ea || (ma.index == mb.index && ma.last == mb.last));
	} while (same && ea && ++n < 100000);
	rcu_read_unlock();
	if (!same)
		KUNIT_FAIL(test, "copy differs: %#lx at %#lx-%#lx, %#lx at %#lx-%#lx",
			   (unsigned long)ea, ma.index, ma.last,
			   (unsigned long)eb, mb.index, mb.last);
}

/* __mt_dup() with the external locks of both trees held, as fork does. */
static void dup_copies_tree(struct kunit *test)
{
	struct ext_tree *src = new_ext_tree(test, MT_FLAGS_ALLOC_RANGE);
	struct ext_tree *dst = new_ext_tree(test, MT_FLAGS_ALLOC_RANGE);
	struct ma_state mas;
	int ret, again;

	KUNIT_ASSERT_EQ(test, fill(&src->mt, &src->lock, 3000, 10, 7), 0);
	mutex_lock(&src->lock);
	mutex_lock_nested(&dst->lock, SINGLE_DEPTH_NESTING);
	ret = __mt_dup(&src->mt, &dst->mt, GFP_KERNEL);
	/* A destination that is not empty is refused. */
	again = __mt_dup(&src->mt, &dst->mt, GFP_KERNEL);
	mutex_unlock(&dst->lock);
	mutex_unlock(&src->lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, again, -EINVAL);
	expect_same(test, &src->mt, &dst->mt);
	expect_valid(test, &dst->mt, &dst->lock);

	/* The copy tracks its gaps, and changing it leaves the source be. */
	mas_init(&mas, &dst->mt, 0);
	mas_set_range(&mas, 0, 9999);
	mutex_lock(&dst->lock);
	ret = mas_store_gfp(&mas, NULL, GFP_KERNEL);
	mas_reset(&mas);
	again = mas_empty_area(&mas, 0, ULONG_MAX, 10000);
	mutex_unlock(&dst->lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, again, 0);
	KUNIT_EXPECT_EQ(test, mas.index, 0);
	expect_walk(test, &src->mt, 5000, val(500), 5000, 5006);
	expect_walk(test, &dst->mt, 5000, NULL, 0, 9999);
	expect_walk(test, &dst->mt, 10000, val(1000), 10000, 10006);
	expect_valid(test, &src->mt, &src->lock);
}

/* mtree_dup() takes both spinlocks itself, so it must not sleep. */
static void mtree_dup_copies_tree(struct kunit *test)
{
	struct maple_tree *src = new_tree(test, 0), *dst = new_tree(test, 0);
	struct maple_tree *other = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	gfp_t gfp = GFP_NOWAIT | __GFP_NOWARN;

	KUNIT_ASSERT_EQ(test, fill(src, NULL, 2000, 3, 2), 0);
	KUNIT_ASSERT_EQ(test, mtree_dup(src, dst, gfp), 0);
	expect_same(test, src, dst);
	expect_valid(test, dst, NULL);
	/* Not into a tree that is not empty, nor one with other flags. */
	KUNIT_EXPECT_EQ(test, mtree_dup(src, dst, gfp), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_dup(src, other, gfp), -EINVAL);
	KUNIT_EXPECT_TRUE(test, mtree_empty(other));
	KUNIT_ASSERT_EQ(test, store(src, 0, 2999, val(7)), 0);
	expect_walk(test, dst, 1500, val(500), 1500, 1501);

	/* A tree that is a single root entry. */
	src = new_tree(test, 0);
	dst = new_tree(test, 0);
	KUNIT_ASSERT_EQ(test, mtree_store(src, 0, val(1), GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, mtree_dup(src, dst, gfp), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(dst, 0), val(1));
	expect_same(test, src, dst);
}

static void erase_whole_range(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long i, index = 0, bad = 0;

	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 1000, 8, 5), 0);
	/* Any index of a range erases all of it and returns its entry. */
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 83), val(10));
	expect_walk(test, mt, 80, NULL, 77, 87);
	KUNIT_EXPECT_NULL(test, mtree_erase(mt, 80));
	KUNIT_EXPECT_NULL(test, mtree_erase(mt, 86));
	expect_walk(test, mt, 76, val(9), 72, 76);
	expect_walk(test, mt, 88, val(11), 88, 92);

	/* The rest from both ends at once, emptying leaves as it goes. */
	for (i = 0; i < 500; i++) {
		bad += mtree_erase(mt, i * 8 + 4) != (i == 10 ? NULL : val(i));
		bad += mtree_erase(mt, (999 - i) * 8) != val(999 - i);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_NULL(test, mt_find(mt, &index, ULONG_MAX));
	expect_valid(test, mt, NULL);
}

/*
 * The differential cases.  The model is an array of MODEL_SIZE slots: the
 * lower half stands for indices 0..MODEL_HALF - 1, the upper half for the
 * top MODEL_HALF indices, so both ends of the space get exercised.  No
 * operation crosses from one half to the other and every store uses a new
 * value, so each range of the tree is a run of equal slots in the model.
 */
#define MODEL_HALF	256
#define MODEL_SIZE	(2 * MODEL_HALF)
#define MODEL_OPS	3000

struct model {
	struct kunit *test;
	struct maple_tree *mt;
	struct rnd_state rnd;
	unsigned long next_val;
	void *slot[MODEL_SIZE];
};

static unsigned long model_index(unsigned int k)
{
	return k < MODEL_HALF ? k : ULONG_MAX - (MODEL_SIZE - 1 - k);
}

static unsigned int rnd(struct model *m, unsigned int n)
{
	return prandom_u32_state(&m->rnd) % n;
}

/* Check the range of the tree that holds slot @k against the model. */
static bool model_check_at(struct model *m, unsigned int k)
{
	unsigned int lo = k, hi = k;
	unsigned long first, last;

	while (lo > 0 && m->slot[lo - 1] == m->slot[k])
		lo--;
	while (hi < MODEL_SIZE - 1 && m->slot[hi + 1] == m->slot[k])
		hi++;
	if (m->slot[k]) {
		first = model_index(lo);
		last = model_index(hi);
	} else {
		/* An empty run reaches to the entries on either side. */
		first = lo ? model_index(lo - 1) + 1 : 0;
		last = hi < MODEL_SIZE - 1 ? model_index(hi + 1) - 1 : ULONG_MAX;
	}
	return expect_walk(m->test, m->mt, model_index(k), m->slot[k], first, last);
}

/* Lowest (or highest) start of @size free slots in [@lo, @hi], or -1. */
static int model_fit(const struct model *m, unsigned int lo, unsigned int hi,
		     unsigned int size, bool rev)
{
	unsigned int j, s, i;

	for (j = 0; lo + j + size - 1 <= hi; j++) {
		s = rev ? hi - size + 1 - j : lo + j;
		for (i = 0; i < size && !m->slot[s + i]; i++)
			continue;
		if (i == size)
			return s;
	}
	return -1;
}

/* One random operation, checked against the model.  False on a mismatch. */
static bool model_step(struct model *m, bool gap_tree)
{
	unsigned int half = rnd(m, 2) * MODEL_HALF, top = half + MODEL_HALF - 1;
	unsigned int a = half + rnd(m, MODEL_HALF);
	unsigned int b = min(a + rnd(m, rnd(m, 4) ? 8 : 64), top);
	unsigned long first = model_index(a), last = model_index(b), start = 0;
	unsigned int op = rnd(m, 8), k, size;
	void *entry = val(m->next_val++);
	int ret, want = 0, fit;
	bool rev;

	switch (op) {
	case 0 ... 3:			/* store over a range, or erase it */
		if (op == 3)
			entry = NULL;
		ret = store(m->mt, first, last, entry);
		break;
	case 4:				/* insert: only into empty slots */
		for (k = a; k <= b; k++)
			if (m->slot[k])
				want = -EEXIST;
		ret = mtree_insert_range(m->mt, first, last, entry, GFP_KERNEL);
		break;
	case 5:				/* erase the whole range holding a */
		entry = mtree_erase(m->mt, first);
		KUNIT_EXPECT_PTR_EQ_MSG(m->test, entry, m->slot[a], "erase at %#lx", first);
		if (entry != m->slot[a])
			return false;
		for (b = a; b < top && m->slot[b + 1] == entry; b++)
			continue;
		while (a > half && m->slot[a - 1] == entry)
			a--;
		entry = NULL;
		ret = 0;
		break;
	case 6:
		if (!gap_tree) {	/* a single index */
			b = a;
			ret = mtree_store(m->mt, first, entry, GFP_KERNEL);
			break;
		}
		/* The lowest or the highest fit in [a, top]. */
		rev = rnd(m, 2);
		size = 1 + rnd(m, 8);
		last = model_index(top);
		ret = alloc(m->mt, &start, entry, size, first, last, rev);
		fit = model_fit(m, a, top, size, rev);
		want = top - a + 1 < size ? -EINVAL : fit < 0 ? -EBUSY : 0;
		if (!ret && !want && start != model_index(fit)) {
			KUNIT_FAIL(m->test, "%u free in %#lx-%#lx, rev %d: got %#lx, want %#lx",
				   size, first, last, rev, start, model_index(fit));
			return false;
		}
		a = fit;
		b = fit + size - 1;
		break;
	default:			/* look a slot up */
		return model_check_at(m, a);
	}

	KUNIT_EXPECT_EQ_MSG(m->test, ret, want, "op %u on %#lx-%#lx", op, first, last);
	if (ret != want)
		return false;
	if (ret)
		return true;
	for (k = a; k <= b; k++)
		m->slot[k] = entry;
	return model_check_at(m, a) && model_check_at(m, b);
}

static void run_model(struct kunit *test, unsigned int flags, u64 seed)
{
	struct model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned int i, k;
	bool ok = true;

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->test = test;
	m->mt = new_tree(test, flags);
	prandom_seed_state(&m->rnd, seed);

	for (i = 0; i < MODEL_OPS && ok; i++) {
		ok = model_step(m, flags & MT_FLAGS_ALLOC_RANGE);
		/* Every so often, and at the end, compare everything. */
		if (i % 500 == 499 || i == MODEL_OPS - 1) {
			for (k = 0; k < MODEL_SIZE && ok; k++)
				ok = model_check_at(m, k);
			expect_valid(test, m->mt, NULL);
		}
	}
	KUNIT_EXPECT_TRUE_MSG(test, ok, "mismatch at operation %u", i - 1);
}

static void random_ops_match_model(struct kunit *test)
{
	run_model(test, 0, 0x6d61706c65ULL);
}

static void random_alloc_ops_match_model(struct kunit *test)
{
	run_model(test, MT_FLAGS_ALLOC_RANGE, 0x72616e6765ULL);
}

/*
 * A reader standing on a leaf goes on after a writer replaced that leaf.
 * In RCU mode the old leaf must stay allocated until the read section ends
 * (KASAN would report the use otherwise), and the next step must notice
 * that it is dead and carry on in the tree as it is now.
 */
static void rcu_reader_survives_rewrite(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_USE_RCU);
	gfp_t gfp = GFP_NOWAIT | __GFP_NOWARN;
	unsigned long n = 0;
	struct ma_state mas;
	struct seen s[4];
	int ret;

	mas_init(&mas, mt, 0);
	KUNIT_ASSERT_EQ(test, fill(mt, NULL, 1000, ITER_STRIDE, 2), 0);
	rcu_read_lock();
	record(s, &n, &mas, mas_find(&mas, ULONG_MAX));
	ret = mtree_store_range(mt, 4, 401, val(5000), gfp);
	ret |= mtree_store_range(mt, 404, 405, NULL, gfp);
	if (!ret) {
		record(s, &n, &mas, mas_next(&mas, ULONG_MAX));
		record(s, &n, &mas, mas_next(&mas, ULONG_MAX));
		record(s, &n, &mas, mas_prev(&mas, 0));
	}
	rcu_read_unlock();

	KUNIT_ASSERT_EQ(test, ret, 0);
	expect_seen(test, s, 1, 1, 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, s[1].entry, val(5000));
	KUNIT_EXPECT_EQ(test, s[1].index, 4);
	KUNIT_EXPECT_EQ(test, s[1].last, 401);
	expect_seen(test, s + 2, 1, 1, 102, 1);
	KUNIT_EXPECT_PTR_EQ(test, s[3].entry, val(5000));
	expect_valid(test, mt, NULL);
}

/*
 * Concurrent readers.  Entry k sits alone at RCU_STRIDE * k and is never
 * written again; the writer only changes the indices between them.  A
 * reader must always find every fixed entry, in order and with its exact
 * one-index range, and any other range within the gap it belongs to.
 */
#define RCU_FIXED	200
#define RCU_STRIDE	16
#define RCU_WRITES	2000

struct rcu_reader {
	struct maple_tree *mt;
	struct completion swept;
	atomic_t sweeps, errors;
};

static bool rcu_sweep(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long k = 0, n = 0;
	bool ok = true;
	void *entry;

	rcu_read_lock();
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (++n > RCU_FIXED * RCU_STRIDE) {
			ok = false;
			break;
		}
		if (mas.index % RCU_STRIDE) {
			/* The writer's: a value inside one gap. */
			ok &= xa_is_value(entry) && xa_to_value(entry) >= RCU_FIXED &&
			      mas.index / RCU_STRIDE == mas.last / RCU_STRIDE;
			continue;
		}
		ok &= entry == val(k) && mas.index == k * RCU_STRIDE && mas.last == mas.index;
		k++;
	}
	rcu_read_unlock();
	ok &= k == RCU_FIXED;
	for (k = 0; k < RCU_FIXED; k += 7)
		ok &= mtree_load(mt, k * RCU_STRIDE) == val(k);
	return ok;
}

static int rcu_reader_fn(void *data)
{
	struct rcu_reader *r = data;

	while (!kthread_should_stop()) {
		if (!rcu_sweep(r->mt))
			atomic_inc(&r->errors);
		atomic_inc(&r->sweeps);
		complete(&r->swept);
		cond_resched();
	}
	return 0;
}

static void rcu_concurrent_reader(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, MT_FLAGS_USE_RCU);
	struct rcu_reader r = { .mt = mt };
	unsigned long i, k, a, b;
	int ret = 0, sweeps, waited;
	struct task_struct *task;
	struct rnd_state rs;

	KUNIT_ASSERT_EQ(test, fill(mt, NULL, RCU_FIXED, RCU_STRIDE, 1), 0);
	init_completion(&r.swept);
	atomic_set(&r.sweeps, 0);
	atomic_set(&r.errors, 0);
	prandom_seed_state(&rs, 0x726375ULL);
	task = kthread_run(rcu_reader_fn, &r, "maple_kunit_rd");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&r.swept);

	/* No assertions until the reader is stopped: it uses the tree. */
	for (i = 0; i < RCU_WRITES && !ret; i++) {
		k = prandom_u32_state(&rs) % RCU_FIXED;
		a = 1 + prandom_u32_state(&rs) % (RCU_STRIDE - 1);
		b = a + prandom_u32_state(&rs) % (RCU_STRIDE - a);
		ret = store(mt, k * RCU_STRIDE + a, k * RCU_STRIDE + b,
			    i % 4 ? val(RCU_FIXED + i) : NULL);
	}
	/* Let the reader sweep the final tree twice more. */
	sweeps = atomic_read(&r.sweeps);
	for (waited = 0; atomic_read(&r.sweeps) < sweeps + 2 && waited < 1000; waited++)
		usleep_range(5000, 10000);
	kthread_stop(task);

	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GE(test, atomic_read(&r.sweeps), sweeps + 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.errors), 0);
	expect_valid(test, mt, NULL);
}

static struct kunit_case maple_tree_cases[] = {
	KUNIT_CASE(root_entry_at_zero),
	KUNIT_CASE(entry_at_ulong_max),
	KUNIT_CASE(range_overwrite),
	KUNIT_CASE(inverted_range_einval),
	KUNIT_CASE(reserved_entry_einval),
	KUNIT_CASE(zero_entry_stored),
	KUNIT_CASE(insert_overlap_eexist),
	KUNIT_CASE(no_gap_ebusy),
	KUNIT_CASE(gap_search_both_ends),
	KUNIT_CASE(iterate_forward),
	KUNIT_CASE(iterate_backward),
	KUNIT_CASE(pause_and_resume),
	KUNIT_CASE(rewrite_loop_root_entry),
	KUNIT_CASE(lockless_reader_loses_leaf),
	KUNIT_CASE(prealloc_then_store),
	KUNIT_CASE(alloc_cyclic_wraps),
	KUNIT_CASE(dup_copies_tree),
	KUNIT_CASE(mtree_dup_copies_tree),
	KUNIT_CASE(erase_whole_range),
	KUNIT_CASE(random_ops_match_model),
	KUNIT_CASE(random_alloc_ops_match_model),
	KUNIT_CASE(rcu_reader_survives_rewrite),
	KUNIT_CASE(rcu_concurrent_reader),
	{}
};

static struct kunit_suite maple_tree_suite = {
	.name = "maple_tree",
	.test_cases = maple_tree_cases,
};

kunit_test_suite(maple_tree_suite);

MODULE_DESCRIPTION("KUnit tests for the maple tree");
MODULE_LICENSE("GPL");
