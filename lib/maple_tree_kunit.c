// SPDX-License-Identifier: GPL-2.0+
/*
 * KUnit suite for the maple tree.
 *
 * The cases use <linux/maple_tree.h> the way its callers do and hold the
 * tree to what the interface promises: exact ranges for present entries,
 * error codes for requests that cannot be met, free-space searches that
 * find the lowest or highest fit, iterators that return every entry once
 * and in order, copies equal to their source, and RCU readers that only
 * see values the tree held.  Many cases compare the whole tree with a
 * reference model, a plain sorted array of ranges; two replay a fixed
 * pseudo-random series of operations on a tree and on the model.
 *
 * Writers hold the tree lock (or the mutex of a tree with an external
 * lock), readers the RCU read lock, and nothing that may sleep runs under
 * a spinlock or the RCU read lock.  A failed expectation allocates, so
 * most cases record what they see and check it after unlocking; where a
 * case checks under a lock, only a failure (which fails the case anyway)
 * can add a report of sleeping in atomic context.
 *
 * The same file is the unit test suite of the userspace harness in
 * tools/testing/maple, built there on a small KUnit shim.  The few things
 * only that harness can do (count maple nodes and allocations, name the
 * known bugs of upstream's tree when it is built against that one) are
 * the hooks of the block below; in the kernel they do nothing.
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
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#ifdef __KERNEL__
static bool warn_tests;
module_param(warn_tests, bool, 0444);
MODULE_PARM_DESC(warn_tests, "Also run the cases that make the tree WARN by design");

/* The reports mt_validate() makes taint the kernel: seen as a 0 -> 1. */
static unsigned long report_count(void)
{
	return test_taint(TAINT_WARN);
}

/*
 * Only our tree runs this suite in the kernel: no known bug of upstream's
 * applies, and their names (the harness's) are not even evaluated.
 */
#define upstream_bug(bug)		(!sizeof(#bug))
#define MT_TEST_API			static
#define allow_warnings()		do { } while (0)
#define destroy_tree(mt)		mtree_destroy(mt)
/* Node and allocation counts are not known here: checks that need them pass. */
#define NO_COUNT			(-1L)
#define nodes_outstanding()		NO_COUNT
#define alloc_attempts()		NO_COUNT
/*
 * The largest tree rcu_destroy_deep() builds, 40,000 entries, is built
 * only in userspace: in a debug kernel under QEMU (KASAN, lockdep) its
 * stores took half a minute, and the smaller trees already reach the
 * heights and the deferred walk it checks.
 */
#define MT_TEST_BIG_TREES		0
#else
#include "harness.h"
/* The model's types and prototypes, shared with the harness's other files. */
#include "model.h"

#define MT_TEST_BIG_TREES		1

/* The harness counts WARN()s as failures unless the case allows them. */
static bool warn_tests = true;
#define report_count()			shim_report_count()
#define upstream_bug(bug)		h_upstream_bug(bug)
#define MT_TEST_API
#define allow_warnings()		h_allow_warnings()
#define destroy_tree(mt)		h_destroy(mt)
#define NO_COUNT			(-1L)
#define nodes_outstanding()		h_nodes_outstanding()
#define alloc_attempts()		((long)shim_alloc_attempts())
#endif

/* KUNIT_EXPECT_*() that also tell the caller whether they held. */
#define check_true(test, cond) ({					\
	bool __ok = !!(cond);						\
	KUNIT_EXPECT_TRUE_MSG(test, __ok, "%s", #cond);			\
	__ok; })

#define check_eq(test, a, b) ({						\
	unsigned long __a = (unsigned long)(a);				\
	unsigned long __b = (unsigned long)(b);				\
	KUNIT_EXPECT_EQ_MSG(test, __a, __b, "%s == %s", #a, #b);	\
	__a == __b; })

#define check_ptr(test, a, b) ({					\
	const void *__a = (a), *__b = (b);				\
	KUNIT_EXPECT_PTR_EQ_MSG(test, __a, __b, "%s == %s", #a, #b);	\
	__a == __b; })

/*
 * Expectations that upstream's tree is known to miss as @bug (see
 * upstream_bug()): a miss of that kind is recorded, not failed.
 */
#define check_known(test, bug, cond) ({					\
	bool __ok = !!(cond);						\
	if (!__ok && !upstream_bug(bug))				\
		KUNIT_FAIL(test, "%s", #cond);				\
	__ok; })

#define check_known_ptr(test, bug, a, b) ({				\
	const void *__a = (a), *__b = (b);				\
	if (__a != __b && !upstream_bug(bug))				\
		KUNIT_FAIL(test, "%s == %s (%#lx != %#lx)", #a, #b,	\
			   (unsigned long)__a, (unsigned long)__b);	\
	__a == __b; })

#define check_known_eq(test, bug, a, b) ({				\
	long __a = (long)(a), __b = (long)(b);				\
	if (__a != __b && !upstream_bug(bug))				\
		KUNIT_FAIL(test, "%s == %s (%ld != %ld)", #a, #b, __a, __b); \
	__a == __b; })

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
	destroy_tree(mt);
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

#ifdef CONFIG_DEBUG_MAPLE_TREE
static void validate_rcu(struct maple_tree *mt)
{
	rcu_read_lock();
	mt_validate(mt);
	rcu_read_unlock();
}
#endif

/*
 * The one validity check: the tree's own consistency check, mt_validate().
 * It reports a broken tree with WARN_ON() or pr_err() rather than a return
 * value, so a new report is how the case learns that the check failed (in
 * the kernel, the TAINT_WARN that the first one sets; once anything else
 * has warned, only the boot log tells).  @ext is the external lock to take,
 * if any; @held says the caller already holds the tree's lock.
 */
MT_TEST_API bool tree_valid(struct kunit *test, struct maple_tree *mt,
			    struct mutex *ext, bool held)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	unsigned long before = report_count();
	bool ok;

	if (ext) {
		mutex_lock(ext);
		validate_rcu(mt);
		mutex_unlock(ext);
	} else if (held) {
		validate_rcu(mt);
	} else {
		mtree_lock(mt);
		validate_rcu(mt);
		mtree_unlock(mt);
	}
	ok = report_count() == before;
	KUNIT_EXPECT_TRUE_MSG(test, ok, "mt_validate() found a problem");
	return ok;
#else
	return true;
#endif
}

static bool expect_valid(struct kunit *test, struct maple_tree *mt,
			 struct mutex *ext)
{
	return tree_valid(test, mt, ext, false);
}

/*
 * The reference model: a sorted array of disjoint [first, last] -> entry
 * ranges, absent ranges being NULL.  Every operation is a plain search, so
 * that it is obviously right rather than fast.  The harness's fuzzer and
 * stress tests use it too: in userspace its types and prototypes come from
 * tools/testing/maple/model.h, which every file of the harness includes, so
 * that the compiler checks these definitions against them.  A model that
 * could not grow is marked and fails the next comparison.
 */
#ifdef __KERNEL__
struct model_range {
	unsigned long first;
	unsigned long last;
	void *entry;
};

struct model {
	struct model_range *r;
	size_t nr;
	size_t cap;
	bool nomem;
};
#endif

MT_TEST_API void model_init(struct model *m)
{
	m->r = NULL;
	m->nr = 0;
	m->cap = 0;
	m->nomem = false;
}

MT_TEST_API void model_free(struct model *m)
{
	kvfree(m->r);
	model_init(m);
}

/*
 * Room for @nr ranges.  The model grows with GFP_KERNEL: a case that
 * stores into it under the tree's spinlock reserves room beforehand.
 */
static bool model_reserve(struct model *m, size_t nr)
{
	size_t cap = nr < 64 ? 64 : nr * 2;
	struct model_range *r;

	if (nr <= m->cap)
		return true;
	r = kvmalloc_array(cap, sizeof(*r), GFP_KERNEL);
	if (!r) {
		m->nomem = true;
		return false;
	}
	if (m->nr)
		memcpy(r, m->r, m->nr * sizeof(*r));
	kvfree(m->r);
	m->r = r;
	m->cap = cap;
	return true;
}

MT_TEST_API __maybe_unused void model_copy(struct model *dst, const struct model *src)
{
	if (!model_reserve(dst, src->nr))
		return;
	if (src->nr)
		memcpy(dst->r, src->r, src->nr * sizeof(*src->r));
	dst->nr = src->nr;
	dst->nomem |= src->nomem;
}

/* Index of the first range with last >= index (== nr if none). */
static size_t model_bound(const struct model *m, unsigned long index)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->r[mid].last < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void model_insert_at(struct model *m, size_t pos,
			    const struct model_range *range)
{
	if (!model_reserve(m, m->nr + 1))
		return;
	memmove(&m->r[pos + 1], &m->r[pos], (m->nr - pos) * sizeof(*m->r));
	m->r[pos] = *range;
	m->nr++;
}

/* Overwrite [first, last]; a NULL entry erases. */
MT_TEST_API void model_store(struct model *m, unsigned long first,
			     unsigned long last, void *entry)
{
	size_t pos = model_bound(m, first);
	size_t end;
	struct model_range head = { 0 }, tail = { 0 }, mine;
	bool has_head = false, has_tail = false;

	/* Ranges [pos, end) overlap [first, last]. */
	for (end = pos; end < m->nr && m->r[end].first <= last; end++)
		;
	if (end > pos && m->r[pos].first < first) {
		head = m->r[pos];
		head.last = first - 1;
		has_head = true;
	}
	if (end > pos && m->r[end - 1].last > last) {
		tail = m->r[end - 1];
		tail.first = last + 1;
		has_tail = true;
	}
	if (end > pos) {
		memmove(&m->r[pos], &m->r[end], (m->nr - end) * sizeof(*m->r));
		m->nr -= end - pos;
	}

	if (has_tail)
		model_insert_at(m, pos, &tail);
	if (entry) {
		mine.first = first;
		mine.last = last;
		mine.entry = entry;
		model_insert_at(m, pos, &mine);
	}
	if (has_head)
		model_insert_at(m, pos, &head);
}

/* Index of the range holding @index, or -1. */
MT_TEST_API long model_lookup(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	if (pos < m->nr && m->r[pos].first <= index)
		return pos;
	return -1;
}

MT_TEST_API void *model_load(const struct model *m, unsigned long index)
{
	long pos = model_lookup(m, index);

	return pos < 0 ? NULL : m->r[pos].entry;
}

/* First range that ends at or after @index (-1 if none). */
MT_TEST_API long model_next(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	return pos < m->nr ? (long)pos : -1;
}

/* Last range that starts at or before @index (-1 if none). */
MT_TEST_API __maybe_unused long model_prev(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	if (pos < m->nr && m->r[pos].first <= index)
		return pos;
	return (long)pos - 1;
}

/* True if nothing is stored in [first, last]. */
MT_TEST_API bool model_is_empty(const struct model *m, unsigned long first,
				unsigned long last)
{
	long pos = model_next(m, first);

	return pos < 0 || m->r[pos].first > last;
}

/* The NULL range around @index: [*first, *last]; @index must be empty. */
MT_TEST_API void model_gap(const struct model *m, unsigned long index,
			   unsigned long *first, unsigned long *last)
{
	size_t pos = model_bound(m, index);

	*first = pos ? m->r[pos - 1].last + 1 : 0;
	*last = pos < m->nr ? m->r[pos].first - 1 : ULONG_MAX;
}

/*
 * Gaps are visited in order; gap g spans from the end of range g - 1 to the
 * start of range g.  Each is clipped to [min, max] and checked for @size.
 */
static bool model_gap_at(const struct model *m, size_t g,
			 unsigned long *first, unsigned long *last)
{
	if (g > 0 && m->r[g - 1].last == ULONG_MAX)
		return false;
	*first = g ? m->r[g - 1].last + 1 : 0;
	if (g < m->nr) {
		if (m->r[g].first == 0)
			return false;
		*last = m->r[g].first - 1;
	} else {
		*last = ULONG_MAX;
	}
	return *first <= *last;
}

static bool model_clip_fits(unsigned long *first, unsigned long *last,
			    unsigned long min, unsigned long max,
			    unsigned long size)
{
	if (*last < min || *first > max)
		return false;
	if (*first < min)
		*first = min;
	if (*last > max)
		*last = max;
	return *last - *first >= size - 1;
}

/*
 * Lowest (rev: highest) start of a run of @size empty indices that lies in
 * [min, max].
 */
MT_TEST_API bool model_empty_area(const struct model *m, unsigned long min,
				  unsigned long max, unsigned long size,
				  unsigned long *startp)
{
	unsigned long first, last;
	size_t g;

	for (g = 0; g <= m->nr; g++) {
		if (!model_gap_at(m, g, &first, &last))
			continue;
		if (model_clip_fits(&first, &last, min, max, size)) {
			*startp = first;
			return true;
		}
	}
	return false;
}

MT_TEST_API bool model_empty_area_rev(const struct model *m, unsigned long min,
				      unsigned long max, unsigned long size,
				      unsigned long *startp)
{
	unsigned long first, last;
	size_t g;

	for (g = m->nr + 1; g-- > 0;) {
		if (!model_gap_at(m, g, &first, &last))
			continue;
		if (model_clip_fits(&first, &last, min, max, size)) {
			*startp = last - size + 1;
			return true;
		}
	}
	return false;
}

/* Forward and backward iteration must see exactly the model's ranges. */
static bool model_iterate(struct kunit *test, struct maple_tree *mt,
			  const struct model *m)
{
	MA_STATE(mas, mt, 0, 0);
	unsigned long index = 0, last = 0;
	void *entry = NULL, *want = NULL;
	bool ok = true, extra = false;
	size_t i = 0, fwd;

	rcu_read_lock();
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (i >= m->nr || entry != m->r[i].entry ||
		    mas.index != m->r[i].first || mas.last != m->r[i].last) {
			ok = false;
			extra = i >= m->nr;
			index = mas.index;
			last = mas.last;
			break;
		}
		i++;
	}
	fwd = i;
	if (ok && fwd == m->nr) {
		i = m->nr;
		mas_set(&mas, ULONG_MAX);
		while ((entry = mas_find_rev(&mas, 0)) != NULL) {
			if (i == 0 || entry != m->r[i - 1].entry ||
			    mas.index != m->r[i - 1].first ||
			    mas.last != m->r[i - 1].last) {
				ok = false;
				extra = i == 0;
				index = mas.index;
				last = mas.last;
				break;
			}
			i--;
		}
		if (ok && i)
			ok = false;
		fwd = m->nr + 1;
	}
	rcu_read_unlock();

	if (ok)
		return true;
	if (fwd <= m->nr) {
		want = fwd < m->nr ? m->r[fwd].entry : NULL;
		KUNIT_FAIL(test, "forward #%zu: tree %#lx at %#lx-%#lx%s, model %#lx",
			   fwd, (unsigned long)entry, index, last,
			   extra ? " (extra)" : "", (unsigned long)want);
	} else {
		KUNIT_FAIL(test, "backward at #%zu: tree %#lx at %#lx-%#lx%s",
			   i, (unsigned long)entry, index, last,
			   extra ? " (extra)" : "");
	}
	return false;
}

/*
 * Compare the whole tree with @m: iteration both ways, and mtree_load() at
 * and next to every range boundary.  Validates the tree too (@held: the
 * caller holds the tree's lock).
 */
MT_TEST_API bool model_matches(struct kunit *test, struct maple_tree *mt,
			       const struct model *m, bool held)
{
	bool ok;
	size_t i;
	int p;

	if (m->nomem) {
		KUNIT_FAIL(test, "the model ran out of memory");
		return false;
	}
	ok = model_iterate(test, mt, m);
	for (i = 0; ok && i < m->nr; i++) {
		const struct model_range *r = &m->r[i];
		unsigned long probe[4] = { r->first, r->last, r->first - 1,
					   r->last + 1 };

		if (!held && i % 256 == 255)
			cond_resched();
		for (p = 0; ok && p < 4; p++) {
			void *want = model_load(m, probe[p]);
			void *got = mtree_load(mt, probe[p]);

			if (got == want)
				continue;
			KUNIT_FAIL(test, "mtree_load(%#lx) = %#lx, model %#lx",
				   probe[p], (unsigned long)got,
				   (unsigned long)want);
			ok = false;
		}
	}
	if (ok && m->nr == 0) {
		ok = !mtree_load(mt, 0) && !mtree_load(mt, ULONG_MAX);
		KUNIT_EXPECT_TRUE_MSG(test, ok, "an empty model, but the tree loads");
	}
	return tree_valid(test, mt, NULL, held) && ok;
}

static bool expect_model(struct kunit *test, struct maple_tree *mt,
			 const struct model *m)
{
	return model_matches(test, mt, m, false);
}

/*
 * Store val(i) over [i * step, i * step + len - 1] for each i < @nr, with
 * mtree_store_range(), and into @m too if it is set.  Returns the first
 * error.
 */
static int fill_spaced(struct maple_tree *mt, struct model *m,
		       unsigned long nr, unsigned long step, unsigned long len)
{
	unsigned long i;
	int ret;

	for (i = 0; i < nr; i++) {
		ret = store(mt, i * step, i * step + len - 1, val(i));
		if (ret)
			return ret;
		cond_resched();
		if (m)
			model_store(m, i * step, i * step + len - 1, val(i));
	}
	return 0;
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

/* Index 0 alone lives in the root pointer, without any node. */
static void root_entry_at_zero(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0, rev_index;
	void *rev, *fwd, *after;

	MA_STATE(mas, mt, 0, 0);

	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mt_height(mt), 0U);
	KUNIT_EXPECT_FALSE(test, mtree_empty(mt));
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX));
	expect_walk(test, mt, 0, val(1), 0, 0);
	expect_walk(test, mt, 7, NULL, 1, ULONG_MAX);
	/* Found once from either side. */
	rcu_read_lock();
	mas_set(&mas, 9);
	rev = mas_find_rev(&mas, 0);
	rev_index = mas.index;
	mas_set(&mas, 0);
	fwd = mas_find(&mas, ULONG_MAX);
	after = mas_find(&mas, ULONG_MAX);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, rev, val(1));
	KUNIT_EXPECT_EQ(test, rev_index, 0);
	KUNIT_EXPECT_PTR_EQ(test, fwd, val(1));
	KUNIT_EXPECT_NULL(test, after);
	expect_valid(test, mt, NULL);

	/* Replacing it keeps it there; a second entry needs a node. */
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(2), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mt_height(mt), 0U);
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 1, val(3), GFP_KERNEL), 0);
	KUNIT_EXPECT_GT(test, mt_height(mt), 0U);
	expect_walk(test, mt, 0, val(2), 0, 0);
	expect_walk(test, mt, 1, val(3), 1, 1);
	expect_walk(test, mt, 2, NULL, 2, ULONG_MAX);

	/* Out of the root pointer and back. */
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 1), val(3));
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(2));
	expect_valid(test, mt, NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 0), val(2));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 0));
	KUNIT_EXPECT_NULL(test, mt_find(mt, &index, ULONG_MAX));
	expect_valid(test, mt, NULL);
}

static void entry_at_ulong_max(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long index = 0, top_index, top_last, prev_index, gap_index, gap_last;
	void *top, *next, *prev, *before, *gap;

	MA_STATE(mas, mt, 0, 0);

	KUNIT_ASSERT_EQ(test, mtree_store(mt, ULONG_MAX, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, ULONG_MAX), val(1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX - 1));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 0));
	expect_walk(test, mt, ULONG_MAX, val(1), ULONG_MAX, ULONG_MAX);
	expect_walk(test, mt, 0, NULL, 0, ULONG_MAX - 1);
	/* mt_find() steps past an entry that ends the space by wrapping... */
	KUNIT_EXPECT_PTR_EQ(test, mt_find(mt, &index, ULONG_MAX), val(1));
	KUNIT_EXPECT_EQ(test, index, 0);
	/* ...so that the next search ends there. */
	KUNIT_EXPECT_NULL(test, mt_find_after(mt, &index, ULONG_MAX));
	KUNIT_EXPECT_NULL(test, mt_prev(mt, ULONG_MAX, 0));
	KUNIT_EXPECT_PTR_EQ(test, mt_next(mt, 0, ULONG_MAX), val(1));
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, ULONG_MAX, val(2), GFP_KERNEL), -EEXIST);

	/* With index 0 in use too, each end is the other's neighbour. */
	KUNIT_ASSERT_EQ(test, mtree_store(mt, 0, val(2), GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(mt, ULONG_MAX, 0), val(2));
	KUNIT_EXPECT_PTR_EQ(test, mt_next(mt, 0, ULONG_MAX), val(1));
	rcu_read_lock();
	mas_set(&mas, ULONG_MAX);
	top = mas_walk(&mas);
	top_index = mas.index;
	top_last = mas.last;
	next = mas_next(&mas, ULONG_MAX);
	mas_set(&mas, ULONG_MAX);
	mas_walk(&mas);
	prev = mas_prev(&mas, 0);
	prev_index = mas.index;
	before = mas_prev(&mas, 0);
	mas_set(&mas, 1);
	gap = mas_walk(&mas);
	gap_index = mas.index;
	gap_last = mas.last;
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, top, val(1));
	KUNIT_EXPECT_EQ(test, top_index, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, top_last, ULONG_MAX);
	KUNIT_EXPECT_NULL(test, next);
	KUNIT_EXPECT_PTR_EQ(test, prev, val(2));
	KUNIT_EXPECT_EQ(test, prev_index, 0);
	KUNIT_EXPECT_NULL(test, before);
	/* The one gap between them is one range. */
	KUNIT_EXPECT_NULL(test, gap);
	KUNIT_EXPECT_EQ(test, gap_index, 1);
	KUNIT_EXPECT_EQ(test, gap_last, ULONG_MAX - 1);

	/* The whole index space as one range, and erased as one. */
	KUNIT_ASSERT_EQ(test, store(mt, 0, ULONG_MAX, val(3)), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(3));
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, ULONG_MAX / 2), val(3));
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, ULONG_MAX), val(3));
	expect_walk(test, mt, 77, val(3), 0, ULONG_MAX);
	expect_valid(test, mt, NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, 1234), val(3));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 0));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX));
	expect_valid(test, mt, NULL);

	/* A range that ends the space. */
	KUNIT_ASSERT_EQ(test, store(mt, ULONG_MAX - 9, ULONG_MAX, val(4)), 0);
	expect_walk(test, mt, ULONG_MAX - 5, val(4), ULONG_MAX - 9, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(mt, ULONG_MAX), val(4));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX - 9));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, ULONG_MAX));
}

/* Holes, spanning stores and erases, checked against the model. */
static void overwrite_against_model(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;

	mt_init(&mt);
	model_init(&m);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 10, 20, val(1), GFP_KERNEL), 0);
	model_store(&m, 10, 20, val(1));
	/* Punch a hole: the two remains keep the old entry. */
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 15, 16, NULL, GFP_KERNEL), 0);
	model_store(&m, 15, 16, NULL);
	expect_model(test, &mt, &m);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 12), val(1));
	model_store(&m, 10, 14, NULL);
	expect_model(test, &mt, &m);

	/* Overwrite a run of many ranges with one spanning range. */
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 200, 10, 5), 0);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 333, 1555, val(999), GFP_KERNEL), 0);
	model_store(&m, 333, 1555, val(999));
	expect_model(test, &mt, &m);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 1000), val(999));
	model_store(&m, 333, 1555, NULL);
	expect_model(test, &mt, &m);
	KUNIT_EXPECT_EQ(test, mtree_store(&mt, 1001, val(5), GFP_KERNEL), 0);
	model_store(&m, 1001, 1001, val(5));
	KUNIT_EXPECT_EQ(test, mtree_store(&mt, 1001, NULL, GFP_KERNEL), 0);
	model_store(&m, 1001, 1001, NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 1001), NULL);
	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	KUNIT_EXPECT_TRUE(test, mtree_empty(&mt));
	model_free(&m);
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

	/* Holes, spanning stores and erases, checked against the model. */
	overwrite_against_model(test);
}

static void inverted_range_einval(struct kunit *test)
{
	struct maple_tree *mt = new_tree(test, 0);
	unsigned long start, next = 0;

	KUNIT_EXPECT_EQ(test, store(mt, 20, 10, val(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, store(mt, 10, 9, val(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, store(mt, ULONG_MAX, 0, val(1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 20, 10, val(1), GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 10, 9, val(1), GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, mtree_empty(mt));
	/* Refused before it can touch what is there. */
	KUNIT_ASSERT_EQ(test, store(mt, 0, 100, val(2)), 0);
	KUNIT_EXPECT_EQ(test, store(mt, 60, 50, NULL), -EINVAL);
	expect_walk(test, mt, 55, val(2), 0, 100);
	/* Allocating needs a tree that tracks its gaps. */
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(mt, &start, val(3), 1, 0, ULONG_MAX,
						GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_alloc_rrange(mt, &start, val(3), 1, 0, ULONG_MAX,
						 GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cyclic(mt, &start, val(3), 0, ULONG_MAX, &next), -EINVAL);
	expect_walk(test, mt, 101, NULL, 101, ULONG_MAX);
}

/*
 * Reserved values (internal entries below 4096) are a caller bug that the
 * normal API answers with WARN_ON_ONCE() and -EINVAL.  The storing calls
 * refuse the advanced ones (up to 1026, the retry entry; the others are
 * stored, see zero_entry_stored()); the allocating calls refuse the whole
 * reserved range.  The warning fails a boot that is checked for kernel
 * reports, so in the kernel this case only runs when asked for with
 * maple_tree_kunit.warn_tests=1.
 */
static void reserved_entry_einval(struct kunit *test)
{
	static const unsigned long bad[] = { 2, 6, 10, 18, 1026, 1030, 4094 };
	unsigned long start, next = 0;
	struct maple_tree *mt, *amt;
	size_t i;

	if (!warn_tests)
		kunit_skip(test, "WARNs by design; boot with maple_tree_kunit.warn_tests=1");
	allow_warnings();
	mt = new_tree(test, 0);
	amt = new_tree(test, MT_FLAGS_ALLOC_RANGE);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		void *e = (void *)bad[i];

		if (bad[i] <= 1026) {
			KUNIT_EXPECT_EQ(test, mtree_store(mt, 1, e, GFP_KERNEL), -EINVAL);
			KUNIT_EXPECT_EQ(test, store(mt, 1, 9, e), -EINVAL);
			KUNIT_EXPECT_EQ(test, mtree_insert(mt, 1, e, GFP_KERNEL), -EINVAL);
			KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 1, 9, e, GFP_KERNEL),
					-EINVAL);
		}
		KUNIT_EXPECT_EQ(test, mtree_alloc_range(amt, &start, e, 1, 0, 100,
							GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, mtree_alloc_rrange(amt, &start, e, 1, 0, 100,
							 GFP_KERNEL), -EINVAL);
		KUNIT_EXPECT_EQ(test, cyclic(amt, &start, e, 0, 100, &next), -EINVAL);
	}
	KUNIT_EXPECT_TRUE(test, mtree_empty(mt));
	KUNIT_EXPECT_TRUE(test, mtree_empty(amt));

	/* Values that merely look odd are fine: 4100 and value entries. */
	KUNIT_EXPECT_EQ(test, mtree_store(mt, 1, (void *)4100, GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 1), (void *)4100);
	KUNIT_EXPECT_EQ(test, mtree_store(mt, 2, xa_mk_value(0), GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 2), xa_mk_value(0));
	expect_valid(test, mt, NULL);
}

static void insert_overlap_eexist(struct kunit *test)
{
	static const unsigned long clash[][2] = {
		{ 50, 100 }, { 199, 250 }, { 199, 300 }, { 120, 130 },
		{ 100, 199 }, { 0, ULONG_MAX }, { 150, 150 }, { 199, 199 },
	};
	struct maple_tree *mt = new_tree(test, 0);
	struct model m;
	unsigned int i;
	int ret;

	KUNIT_ASSERT_EQ(test, mtree_insert_range(mt, 100, 199, val(1), GFP_KERNEL), 0);
	for (i = 0; i < ARRAY_SIZE(clash); i++) {
		ret = mtree_insert_range(mt, clash[i][0], clash[i][1], val(2), GFP_KERNEL);
		/* Upstream's overwrites a leaf root: nothing else to check. */
		if (ret == 0 && !clash[i][0] && clash[i][1] == ULONG_MAX &&
		    upstream_bug(UB_INSERT_ALL))
			return;
		KUNIT_EXPECT_EQ_MSG(test, ret, -EEXIST, "insert %lu-%lu",
				    clash[i][0], clash[i][1]);
	}
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
	/* And at the top of the space. */
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, ULONG_MAX, val(7), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, ULONG_MAX, val(8), GFP_KERNEL), -EEXIST);
	model_init(&m);
	model_store(&m, 50, 99, val(3));
	model_store(&m, 100, 199, val(1));
	model_store(&m, 200, 250, val(4));
	model_store(&m, ULONG_MAX, ULONG_MAX, val(7));
	expect_model(test, mt, &m);
	model_free(&m);

	/* The same at index 0 while the entry sits in the root pointer. */
	mt = new_tree(test, 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 0, val(5), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert(mt, 0, val(6), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(mt, 0, 3, val(6), GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(mt, 0), val(5));
	KUNIT_EXPECT_NULL(test, mtree_load(mt, 1));
}

/* The edges of the gap search: bad arguments, an empty tree, the limits. */
static void gap_search_edges(struct kunit *test)
{
	struct maple_tree mt;

	MA_STATE(mas, &mt, 0, 0);

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	mtree_lock(&mt);

	/* Empty tree: the lowest and the highest possible windows. */
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, 10), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 0);
	KUNIT_EXPECT_EQ(test, mas.last, 9);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, ULONG_MAX, 10), 0);
	KUNIT_EXPECT_EQ(test, mas.index, ULONG_MAX - 9);
	KUNIT_EXPECT_EQ(test, mas.last, ULONG_MAX);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, ULONG_MAX), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 0);

	/* Bad arguments. */
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 10, 5, 1), -EINVAL);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, 100, 0), -EINVAL);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, 9, 11), -EINVAL);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 10, 5, 1), -EINVAL);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, 100, 0), -EINVAL);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, 9, 11), -EINVAL);

	/* Occupy [0, 99], [200, 299], [ULONG_MAX - 99, ULONG_MAX]. */
	mas_set_range(&mas, 0, 99);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, val(1), GFP_KERNEL), 0);
	mas_set_range(&mas, 200, 299);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, val(2), GFP_KERNEL), 0);
	mas_set_range(&mas, ULONG_MAX - 99, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, val(3), GFP_KERNEL), 0);

	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, 100), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 100);
	KUNIT_EXPECT_EQ(test, mas.last, 199);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, 101), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 300);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 150, 199, 50), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 150);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 150, 250, 51), -EBUSY);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, 99, 1), -EBUSY);

	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, ULONG_MAX, 100), 0);
	KUNIT_EXPECT_EQ(test, mas.last, ULONG_MAX - 100);
	KUNIT_EXPECT_EQ(test, mas.index, ULONG_MAX - 199);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, 299, 100), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 100);
	KUNIT_EXPECT_EQ(test, mas.last, 199);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, 299, 101), -EBUSY);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 120, 180, 10), 0);
	KUNIT_EXPECT_EQ(test, mas.last, 180);
	KUNIT_EXPECT_EQ(test, mas.index, 171);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, ULONG_MAX - 99, ULONG_MAX, 1),
			-EBUSY);

	mas_destroy(&mas);
	mtree_unlock(&mt);
	expect_valid(test, &mt, NULL);
	mtree_destroy(&mt);
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

	/* The edges of the gap search: bad arguments, an empty tree, the limits. */
	gap_search_edges(test);
}

/* Gaps at both ends of a tree with many nodes. */
static void gap_search_many_nodes(struct kunit *test)
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

		KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, first, last, val(i), GFP_KERNEL),
				0);
		model_store(&m, first, last, val(i));
	}
	expect_model(test, &mt, &m);

	mtree_lock(&mt);
	for (i = 1; i <= 9; i++) {
		bool found = model_empty_area(&m, 0, ULONG_MAX, i, &want);

		mas_reset(&mas);
		KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, i), found ? 0 : -EBUSY);
		if (found)
			KUNIT_EXPECT_EQ(test, mas.index, want);
		found = model_empty_area_rev(&m, 0, 29990, i, &want);
		mas_reset(&mas);
		KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, 29990, i),
				found ? 0 : -EBUSY);
		if (found)
			KUNIT_EXPECT_EQ(test, mas.index, want);
	}
	/* Index 0 is free, and so is the top. */
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area(&mas, 0, ULONG_MAX, 1), 0);
	KUNIT_EXPECT_EQ(test, mas.index, 0);
	mas_reset(&mas);
	KUNIT_EXPECT_EQ(test, mas_empty_area_rev(&mas, 0, ULONG_MAX, 1), 0);
	KUNIT_EXPECT_EQ(test, mas.index, ULONG_MAX);
	mas_destroy(&mas);
	mtree_unlock(&mt);
	mtree_destroy(&mt);
	model_free(&m);
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

	/* Gaps of every size across many nodes, against the model. */
	gap_search_many_nodes(test);
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

/* Walk forwards and backwards over node boundaries, pausing at each step. */
static void iterate_pausing_each_step(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;
	unsigned long i, n;
	void *entry;

	MA_STATE(mas, &mt, 0, 0);
	int pause;

	mt_init(&mt);
	model_init(&m);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 1000, 10, 3), 0);

	for (pause = 0; pause < 2; pause++) {
		/* mas_find() from an empty index finds the next range. */
		n = 0;
		mas_set(&mas, 5);
		rcu_read_lock();
		while ((entry = mas_find(&mas, 5004)) != NULL) {
			i = n + 1;
			if (!check_ptr(test, entry, val(i)) ||
			    !check_eq(test, mas.index, i * 10) ||
			    !check_eq(test, mas.last, i * 10 + 2))
				break;
			n++;
			if (pause) {
				mas_pause(&mas);
				rcu_read_unlock();
				rcu_read_lock();
			}
		}
		rcu_read_unlock();
		KUNIT_EXPECT_EQ(test, n, 500);	/* ranges 1 .. 500 start below 5004 */

		/* mas_find_rev() from the middle of a range finds it first. */
		n = 0;
		mas_set(&mas, 5001);
		rcu_read_lock();
		while ((entry = mas_find_rev(&mas, 12)) != NULL) {
			i = 500 - n;
			if (!check_ptr(test, entry, val(i)) || !check_eq(test, mas.index, i * 10))
				break;
			n++;
			if (pause) {
				mas_pause(&mas);
				rcu_read_unlock();
				rcu_read_lock();
			}
		}
		rcu_read_unlock();
		KUNIT_EXPECT_EQ(test, n, 500);	/* ranges 500 down to 1, which ends at 12 */

		/* mas_next()/mas_prev() step over the gaps between ranges. */
		mas_set(&mas, 3000);
		rcu_read_lock();
		KUNIT_EXPECT_PTR_EQ(test, mas_walk(&mas), val(300));
		for (i = 301; i < 1000; i++) {
			if (!check_ptr(test, mas_next(&mas, ULONG_MAX), val(i)))
				break;
			if (pause)
				mas_pause(&mas);
		}
		KUNIT_EXPECT_PTR_EQ(test, mas_next(&mas, ULONG_MAX), NULL);
		mas_set(&mas, 9992);
		KUNIT_EXPECT_PTR_EQ(test, mas_walk(&mas), val(999));
		for (i = 999; i-- > 0;) {
			if (!check_ptr(test, mas_prev(&mas, 0), val(i)) ||
			    !check_eq(test, mas.index, i * 10))
				break;
			if (pause)
				mas_pause(&mas);
		}
		KUNIT_EXPECT_PTR_EQ(test, mas_prev(&mas, 0), NULL);
		rcu_read_unlock();
	}

	/* A max/min limit stops iteration inside a range's span. */
	rcu_read_lock();
	mas_set(&mas, 0);
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, 0), val(0));
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, 9), NULL);
	mas_set(&mas, 9);
	KUNIT_EXPECT_PTR_EQ(test, mas_next(&mas, 10), val(1));
	KUNIT_EXPECT_PTR_EQ(test, mas_next(&mas, 15), NULL);
	mas_set(&mas, 25);
	KUNIT_EXPECT_PTR_EQ(test, mas_prev(&mas, 23), NULL);
	mas_set(&mas, 25);
	KUNIT_EXPECT_PTR_EQ(test, mas_prev(&mas, 20), val(2));
	rcu_read_unlock();

	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	model_free(&m);
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

	/* Both ways over node boundaries, pausing at each step, and the limits. */
	iterate_pausing_each_step(test);
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

/* Forty preallocated stores under the tree lock, none allocating. */
static void prealloc_under_spinlock(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;
	long nodes = nodes_outstanding();
	unsigned long before, i;

	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);
	model_reserve(&m, 1024);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 300, 10, 5), 0);

	mtree_lock(&mt);
	for (i = 0; i < 40; i++) {
		unsigned long first = i * 73, last = first + i * 11;

		mas_set_range(&mas, first, last);
		if (!check_eq(test, mas_preallocate(&mas, val(1000 + i),
						    GFP_NOWAIT | __GFP_NOWARN), 0))
			break;
		before = alloc_attempts();
		mas_store_prealloc(&mas, val(1000 + i));
		KUNIT_EXPECT_EQ(test, alloc_attempts(), before);
		model_store(&m, first, last, val(1000 + i));
	}
	/* An unused preallocation is released by mas_destroy(). */
	mas_set_range(&mas, 5, 6);
	KUNIT_EXPECT_EQ(test, mas_preallocate(&mas, val(1), GFP_NOWAIT | __GFP_NOWARN), 0);
	mas_destroy(&mas);
	mtree_unlock(&mt);
	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	KUNIT_EXPECT_EQ(test, nodes_outstanding(), nodes);
	model_free(&m);
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

	/* Forty preallocated stores under the tree lock, none allocating. */
	prealloc_under_spinlock(test);
}

/* The hint after each allocation, the top of the space, mas_alloc_cyclic(). */
static void alloc_cyclic_next_and_advanced(struct kunit *test)
{
	struct maple_tree mt;
	unsigned long id, next = 0, i;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	for (i = 0; i < 10; i++) {
		if (!check_eq(test, mtree_alloc_cyclic(&mt, &id, val(i), 5, 14, &next,
						       GFP_KERNEL), 0))
			break;
		KUNIT_EXPECT_EQ(test, id, 5 + i);
		KUNIT_EXPECT_EQ(test, next, id + 1);
	}
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(&mt, &id, val(1), 5, 14, &next, GFP_KERNEL),
			-EBUSY);
	/* Free two; the search goes on from @next, wrapping around. */
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 7), val(2));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 12), val(7));
	next = 10;
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(&mt, &id, val(20), 5, 14, &next, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, id, 12);
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(&mt, &id, val(21), 5, 14, &next, GFP_KERNEL),
			1);	/* wrapped */
	KUNIT_EXPECT_EQ(test, id, 7);
	KUNIT_EXPECT_EQ(test, next, 8);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 7), val(21));

	/* Right at the top of the index space. */
	mtree_destroy(&mt);
	next = ULONG_MAX;
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(&mt, &id, val(30), 0, ULONG_MAX, &next,
						 GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, id, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, next, 0);
	KUNIT_EXPECT_EQ(test, mtree_alloc_cyclic(&mt, &id, val(31), 0, ULONG_MAX, &next,
						 GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, id, 0);
	expect_valid(test, &mt, NULL);
	mtree_destroy(&mt);

	/* The advanced form, under the lock. */
	{
		MA_STATE(mas, &mt, 0, 0);

		next = 3;
		mtree_lock(&mt);
		KUNIT_EXPECT_EQ(test, mas_alloc_cyclic(&mas, &id, val(40), 1, 100, &next,
						       GFP_NOWAIT | __GFP_NOWARN), 0);
		mtree_unlock(&mt);
		KUNIT_EXPECT_EQ(test, id, 3);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 3), val(40));
	}
	mtree_destroy(&mt);
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

	/* The hint after each allocation, the top of the space, mas_alloc_cyclic(). */
	alloc_cyclic_next_and_advanced(test);
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

static void check_dup(struct kunit *test, unsigned int flags, unsigned long nr, bool locked)
{
	struct maple_tree mt, copy;
	struct model m;
	long nodes;

	mt_init_flags(&mt, flags);
	mt_init_flags(&copy, flags);
	model_init(&m);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, nr, 13, 6), 0);
	nodes = nodes_outstanding();
	if (locked) {
		mtree_lock(&mt);
		spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
		KUNIT_EXPECT_EQ(test, __mt_dup(&mt, &copy, GFP_NOWAIT | __GFP_NOWARN), 0);
		mtree_unlock(&copy);
		mtree_unlock(&mt);
	} else {
		KUNIT_EXPECT_EQ(test, mtree_dup(&mt, &copy, GFP_NOWAIT | __GFP_NOWARN), 0);
	}
	expect_model(test, &copy, &m);
	expect_model(test, &mt, &m);
	/* A copy costs as many nodes as the original (or fewer). */
	if (nodes != NO_COUNT)
		KUNIT_EXPECT_LE(test, nodes_outstanding() - nodes, nodes);

	/* The two trees are independent. */
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 0, 100, val(77), GFP_KERNEL), 0);
	if (nr) {
		KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&copy, 13 * (nr / 2)), val(nr / 2));
		model_store(&m, 13 * (nr / 2), 13 * (nr / 2) + 5, NULL);
	}
	expect_model(test, &copy, &m);
	destroy_tree(&copy);
	if (nr)
		model_store(&m, 13 * (nr / 2), 13 * (nr / 2) + 5, val(nr / 2));
	model_store(&m, 0, 100, val(77));
	expect_model(test, &mt, &m);
	destroy_tree(&mt);
	model_free(&m);
}

/* Copies of trees of every size and kind, against the model. */
static void dup_every_size(struct kunit *test)
{
	static const unsigned long sizes[] = { 0, 1, 15, 16, 100, 5000 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		check_dup(test, 0, sizes[i], false);
		check_dup(test, MT_FLAGS_ALLOC_RANGE, sizes[i], true);
		check_dup(test, MT_FLAGS_USE_RCU, sizes[i], false);
		cond_resched();
	}
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

	/* Copies of trees of every size and kind, against the model. */
	dup_every_size(test);
}

/* A copy into a tree of other flags or that is not empty is refused. */
static void dup_refused(struct kunit *test)
{
	struct maple_tree mt, copy;

	mt_init(&mt);
	mt_init_flags(&copy, MT_FLAGS_ALLOC_RANGE);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 50, 5, 2), 0);
	KUNIT_EXPECT_EQ(test, mtree_dup(&mt, &copy, GFP_NOWAIT | __GFP_NOWARN), -EINVAL);
	KUNIT_EXPECT_TRUE(test, mtree_empty(&copy));
	mtree_destroy(&copy);

	mt_init(&copy);
	KUNIT_EXPECT_EQ(test, mtree_store(&copy, 3, val(3), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_dup(&mt, &copy, GFP_NOWAIT | __GFP_NOWARN), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&copy, 3), val(3));
	mtree_destroy(&copy);
	mtree_destroy(&mt);
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

	/* A copy into a tree of other flags or that is not empty is refused. */
	dup_refused(test);
}

/* Enough entries for a tree of height three and more, then thin it out. */
static void grow_and_shrink(struct kunit *test)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_ALLOC_RANGE };
	unsigned int f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct maple_tree mt;
		struct model m;
		unsigned long i;

		mt_init_flags(&mt, flags[f]);
		model_init(&m);
		KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 5000, 4, 2), 0);
		KUNIT_EXPECT_TRUE(test, mt_height(&mt) >= 3);
		expect_model(test, &mt, &m);
		for (i = 0; i < 5000; i++) {
			cond_resched();
			if (i % 3 == 0)
				continue;
			KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, i * 4 + 1), val(i));
			model_store(&m, i * 4, i * 4 + 1, NULL);
		}
		expect_model(test, &mt, &m);
		for (i = 0; i < 5000; i += 3) {
			KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, i * 4), val(i));
			model_store(&m, i * 4, i * 4 + 1, NULL);
		}
		expect_model(test, &mt, &m);
		KUNIT_EXPECT_TRUE(test, mtree_empty(&mt) || !mtree_load(&mt, 0));
		mtree_destroy(&mt);
		model_free(&m);
	}
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
 * The differential cases: a fixed pseudo-random series of operations on a
 * tree and on the model.  The indices used are the lowest and the highest
 * DIFF_HALF of the space, so that both ends get exercised; no operation
 * crosses from one half to the other, and every store uses a new value.
 */
#define DIFF_HALF	256
#define DIFF_SLOTS	(2 * DIFF_HALF)
#define DIFF_OPS	3000

struct diff {
	struct kunit *test;
	struct maple_tree *mt;
	struct model m;
	struct rnd_state rnd;
	unsigned long next_val;
};

static void diff_free_action(void *data)
{
	struct diff *d = data;

	model_free(&d->m);
}

/* The index that slot @k of the two halves stands for. */
static unsigned long diff_index(unsigned int k)
{
	return k < DIFF_HALF ? k : ULONG_MAX - (DIFF_SLOTS - 1 - k);
}

static unsigned int rnd(struct diff *d, unsigned int n)
{
	return prandom_u32_state(&d->rnd) % n;
}

/* Check the range of the tree that holds @index against the model. */
static bool diff_check_at(struct diff *d, unsigned long index)
{
	long pos = model_lookup(&d->m, index);
	unsigned long first, last;

	if (pos < 0) {
		model_gap(&d->m, index, &first, &last);
		return expect_walk(d->test, d->mt, index, NULL, first, last);
	}
	return expect_walk(d->test, d->mt, index, d->m.r[pos].entry,
			   d->m.r[pos].first, d->m.r[pos].last);
}

/* One random operation, checked against the model.  False on a mismatch. */
static bool diff_step(struct diff *d, bool gap_tree)
{
	unsigned int half = rnd(d, 2) * DIFF_HALF, top = half + DIFF_HALF - 1;
	unsigned int a = half + rnd(d, DIFF_HALF);
	unsigned int b = min(a + rnd(d, rnd(d, 4) ? 8 : 64), top);
	unsigned long first = diff_index(a), last = diff_index(b), start = 0;
	unsigned int op = rnd(d, 8), size;
	void *entry = val(d->next_val++);
	unsigned long want_start = 0;
	int ret, want = 0;
	bool rev, found;
	long pos;

	switch (op) {
	case 0 ... 3:			/* store over a range, or erase it */
		if (op == 3)
			entry = NULL;
		ret = store(d->mt, first, last, entry);
		break;
	case 4:				/* insert: only into an empty range */
		if (!model_is_empty(&d->m, first, last))
			want = -EEXIST;
		ret = mtree_insert_range(d->mt, first, last, entry, GFP_KERNEL);
		break;
	case 5:				/* erase the whole range holding first */
		pos = model_lookup(&d->m, first);
		entry = mtree_erase(d->mt, first);
		KUNIT_EXPECT_PTR_EQ_MSG(d->test, entry, model_load(&d->m, first),
					"erase at %#lx", first);
		if (entry != model_load(&d->m, first))
			return false;
		if (pos >= 0) {
			first = d->m.r[pos].first;
			last = d->m.r[pos].last;
		} else {
			last = first;
		}
		entry = NULL;
		ret = 0;
		break;
	case 6:
		if (!gap_tree) {	/* a single index */
			last = first;
			ret = mtree_store(d->mt, first, entry, GFP_KERNEL);
			break;
		}
		/* The lowest or the highest fit in [first, the half's top]. */
		rev = rnd(d, 2);
		size = 1 + rnd(d, 8);
		last = diff_index(top);
		if (rev) {
			ret = mtree_alloc_rrange(d->mt, &start, entry, size,
						 first, last, GFP_KERNEL);
			found = model_empty_area_rev(&d->m, first, last, size,
						     &want_start);
		} else {
			ret = mtree_alloc_range(d->mt, &start, entry, size,
						first, last, GFP_KERNEL);
			found = model_empty_area(&d->m, first, last, size,
						 &want_start);
		}
		want = last - first + 1 < size ? -EINVAL : !found ? -EBUSY : 0;
		if (!ret && !want && start != want_start) {
			KUNIT_FAIL(d->test, "%u free in %#lx-%#lx, rev %d: got %#lx, want %#lx",
				   size, first, last, rev, start, want_start);
			return false;
		}
		first = start;
		last = start + size - 1;
		break;
	default:			/* look an index up */
		return diff_check_at(d, first);
	}

	KUNIT_EXPECT_EQ_MSG(d->test, ret, want, "op %u on %#lx-%#lx", op, first, last);
	if (ret != want)
		return false;
	if (ret)
		return true;
	model_store(&d->m, first, last, entry);
	return diff_check_at(d, first) && diff_check_at(d, last);
}

static void run_diff(struct kunit *test, unsigned int flags, u64 seed)
{
	struct diff *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	unsigned int i, k;
	bool ok = true;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->test = test;
	d->mt = new_tree(test, flags);
	model_init(&d->m);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, diff_free_action, d), 0);
	prandom_seed_state(&d->rnd, seed);

	for (i = 0; i < DIFF_OPS && ok; i++) {
		ok = diff_step(d, flags & MT_FLAGS_ALLOC_RANGE);
		/* Every so often, and at the end, compare everything. */
		if (i % 500 == 499 || i == DIFF_OPS - 1) {
			for (k = 0; k < DIFF_SLOTS && ok; k++)
				ok = diff_check_at(d, diff_index(k));
			ok = expect_model(test, d->mt, &d->m) && ok;
		}
	}
	KUNIT_EXPECT_TRUE_MSG(test, ok, "mismatch at operation %u", i - 1);
}

static void random_ops_match_model(struct kunit *test)
{
	run_diff(test, 0, 0x6d61706c65ULL);
}

static void random_alloc_ops_match_model(struct kunit *test)
{
	run_diff(test, MT_FLAGS_ALLOC_RANGE, 0x72616e6765ULL);
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

static void empty_tree(struct kunit *test)
{
	struct maple_tree mt;
	unsigned long index = 0;

	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	KUNIT_EXPECT_TRUE(test, mtree_empty(&mt));
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 12345), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, ULONG_MAX), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, ULONG_MAX), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mt_next(&mt, 0, ULONG_MAX), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(&mt, ULONG_MAX, 0), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 7), NULL);

	rcu_read_lock();
	mas_set(&mas, 500);
	KUNIT_EXPECT_PTR_EQ(test, mas_walk(&mas), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), NULL);
	mas_set(&mas, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, mas_find_rev(&mas, 0), NULL);
	rcu_read_unlock();

	expect_valid(test, &mt, NULL);
	mtree_destroy(&mt);
	KUNIT_EXPECT_TRUE(test, mtree_empty(&mt));
}

/* Limits apply to a tree whose only entry lives in the root pointer too. */
static void root_entry_limits(struct kunit *test)
{
	struct maple_tree mt;

	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, mtree_store(&mt, 0, val(1), GFP_KERNEL), 0);
	rcu_read_lock();
	/* Index 0 is below @min: nothing is found. */
	mas_set(&mas, 100);
	check_known_ptr(test, UB_ROOT_PREV_MIN, mas_find_rev(&mas, 50), NULL);
	mas_set(&mas, ULONG_MAX);
	check_known_ptr(test, UB_ROOT_PREV_MIN, mas_find_rev(&mas, ULONG_MAX - 1),
			NULL);
	mas_set(&mas, 100);
	KUNIT_EXPECT_PTR_EQ(test, mas_find_rev(&mas, 0), val(1));
	KUNIT_EXPECT_EQ(test, mas.index, 0);
	mas_set(&mas, 100);
	check_known_ptr(test, UB_ROOT_PREV_MIN, mas_find_rev(&mas, 1), NULL);
	mas_set(&mas, 100);
	check_known_ptr(test, UB_ROOT_PREV_MIN, mas_prev(&mas, 50), NULL);
	mas_set(&mas, 0);
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, 0), val(1));
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), NULL);
	rcu_read_unlock();
	check_known_ptr(test, UB_ROOT_PREV_MIN, mt_prev(&mt, 100, 50), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(&mt, 100, 0), val(1));
	mtree_destroy(&mt);
}

/*
 * Rewrite every entry of @mt from inside a write-locked mas_find() loop (or
 * a mas_find_rev() loop), as fork does with the copy __mt_dup() made: val(x)
 * becomes val(@base + x % 1000).  After a store the state stands on the range
 * written, so the loop moves on: each of the @nr entries is visited once.
 */
static void check_rewrite_loop(struct kunit *test, struct maple_tree *mt, unsigned long nr,
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
		mas_store(&mas, val(base + xa_to_value(entry) % 1000));
		if (!check_true(test, !mas_is_err(&mas)))
			break;
	}
	mtree_unlock(mt);
	check_known_eq(test, UB_ROOT_STORE_AGAIN, seen, nr);
}

/* The same loops over a tree whose only entry is index 0, in the root. */
static void rewrite_loop_root_entry(struct kunit *test)
{
	static const unsigned int flags[] = { 0, MT_FLAGS_USE_RCU };
	struct maple_tree mt, copy;
	size_t f;
	int rev;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (rev = 0; rev < 2; rev++) {
			mt_init_flags(&mt, flags[f]);
			KUNIT_EXPECT_EQ(test, mtree_store(&mt, 0, val(1), GFP_KERNEL), 0);
			check_rewrite_loop(test, &mt, 1, 1000, rev);
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), val(1001));
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 1), NULL);

			/* fork: copy with __mt_dup(), then rewrite the copy. */
			mt_init_flags(&copy, flags[f]);
			mtree_lock(&mt);
			spin_lock_nested(&copy.ma_lock, SINGLE_DEPTH_NESTING);
			KUNIT_EXPECT_EQ(test, __mt_dup(&mt, &copy, GFP_NOWAIT | __GFP_NOWARN), 0);
			mtree_unlock(&copy);
			mtree_unlock(&mt);
			check_rewrite_loop(test, &copy, 1, 2000, rev);
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&copy, 0), val(2001));
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), val(1001));
			destroy_tree(&copy);

			/* With nodes, index 0 and a few more. */
			KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 6, 10, 2), 0);
			check_rewrite_loop(test, &mt, 6, 1000, rev);
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), val(1000));
			KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 51), val(1005));
			expect_valid(test, &mt, NULL);
			destroy_tree(&mt);
		}
	}

	/* Stepping on from the entry just rewritten finds nothing either. */
	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, mtree_store(&mt, 0, val(1), GFP_KERNEL), 0);
	{
		MA_STATE(mas, &mt, 0, 0);

		mtree_lock(&mt);
		KUNIT_EXPECT_PTR_EQ(test, mas_walk(&mas), val(1));
		mas_store(&mas, val(2));
		KUNIT_EXPECT_TRUE(test, !mas_is_err(&mas));
		KUNIT_EXPECT_EQ(test, mas.index, 0);
		KUNIT_EXPECT_EQ(test, mas.last, 0);
		KUNIT_EXPECT_PTR_EQ(test, mas_next(&mas, ULONG_MAX), NULL);
		mas_set(&mas, 0);
		mas_store(&mas, val(3));
		KUNIT_EXPECT_PTR_EQ(test, mas_prev(&mas, 0), NULL);
		mtree_unlock(&mt);
	}
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), val(3));
	mtree_destroy(&mt);
}

/*
 * The storing calls of the normal API refuse only the advanced entries
 * (internal values up to XA_RETRY_ENTRY, xa_is_advanced()), as v6.12 does:
 * the zero entry and the other internal values below 4096 are stored
 * without a warning.  The zero entry reads back as NULL through
 * mtree_load() and mt_find() but keeps its range in use.
 */
static void zero_entry_stored(struct kunit *test)
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
		KUNIT_EXPECT_EQ(test, mtree_store(&mt, 0, e, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, mtree_store(&mt, 5, e, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 10, 19, e, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, mtree_insert(&mt, 30, e, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, mtree_insert_range(&mt, 40, 49, e, GFP_KERNEL), 0);
		/* The ranges are in use, whatever they read back as. */
		KUNIT_EXPECT_EQ(test, mtree_insert(&mt, 45, val(1), GFP_KERNEL), -EEXIST);
		KUNIT_EXPECT_EQ(test, mtree_insert(&mt, 15, val(1), GFP_KERNEL), -EEXIST);
		KUNIT_EXPECT_EQ(test, mtree_insert_range(&mt, 25, 30, val(1), GFP_KERNEL),
				-EEXIST);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), read);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 15), read);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 30), read);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 49), read);
		KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 50), NULL);
		index = 1;
		KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, ULONG_MAX), read);
		rcu_read_lock();
		mas_set(&mas, 12);
		KUNIT_EXPECT_PTR_EQ(test, mas_walk(&mas), e);
		KUNIT_EXPECT_EQ(test, mas.index, 10);
		KUNIT_EXPECT_EQ(test, mas.last, 19);
		rcu_read_unlock();
		expect_walk(test, &mt, 30, e, 30, 30);
		expect_valid(test, &mt, NULL);
		mtree_destroy(&mt);
	}
}

/* [0, ULONG_MAX] overlaps anything: -EEXIST whatever the tree's shape. */
static void insert_everything(struct kunit *test)
{
	static const unsigned long sizes[] = { 1, 2, 10, 300 };
	struct maple_tree mt;
	struct model m;
	size_t i;

	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(&mt, 0, ULONG_MAX, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 12345), val(1));
	KUNIT_EXPECT_EQ(test, mtree_insert_range(&mt, 0, ULONG_MAX, val(2), GFP_KERNEL),
			-EEXIST);
	mtree_destroy(&mt);

	/* Index 0 alone lives in the root pointer. */
	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, mtree_insert(&mt, 0, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_insert_range(&mt, 0, ULONG_MAX, val(2), GFP_KERNEL),
			-EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 0), val(1));
	mtree_destroy(&mt);

	/* One leaf (the root), then trees of several levels. */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bool leaf_root;
		int ret;

		mt_init(&mt);
		model_init(&m);
		KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, sizes[i], 100, 50), 0);
		leaf_root = mt_height(&mt) == 1;
		ret = mtree_insert_range(&mt, 0, ULONG_MAX, val(9), GFP_KERNEL);
		if (!(ret == 0 && leaf_root && upstream_bug(UB_INSERT_ALL)) &&
		    check_eq(test, ret, -EEXIST))
			expect_model(test, &mt, &m);
		mtree_destroy(&mt);
		model_free(&m);
	}
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
 * A lockless iterator stands on val(20) when the writer empties the tree, or
 * leaves nothing but a root entry val(7) at index 0: its leaf is dead and the
 * tree has no nodes left.  @how: 0 steps forward first, 1 steps backward
 * at once, 2 steps forward and then finds an entry stored since.  Forward
 * there is nothing; backward there is val(7) (or nothing).
 */
static void check_lost_leaf(struct kunit *test, unsigned int flags, bool root, int op, int how)
{
	struct maple_tree mt;

	MA_STATE(mas, &mt, 200, 200);
	unsigned long i;
	void *entry;

	mt_init_flags(&mt, flags);
	for (i = 1; i <= 40; i++)
		KUNIT_EXPECT_EQ(test, mtree_store(&mt, i * 10, val(i), GFP_KERNEL), 0);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), val(20));
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 0, ULONG_MAX, NULL, GFP_NOWAIT), 0);
	if (root)
		KUNIT_EXPECT_EQ(test, mtree_store(&mt, 0, val(7), GFP_NOWAIT), 0);
	/* Upstream dereferences NULL in any of the steps below. */
	if (upstream_bug(UB_LOST_LEAF))
		goto out;

	if (how != 1)
		KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), NULL);
	if (how == 2) {
		KUNIT_EXPECT_EQ(test, mtree_store(&mt, 1000, val(100),
						  GFP_NOWAIT | __GFP_NOWARN), 0);
		KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), val(100));
		KUNIT_EXPECT_EQ(test, mas.index, 1000);
		KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), NULL);
		goto out;
	}
	entry = lost_leaf_back(&mas, op);
	if (root && check_ptr(test, entry, val(7))) {
		KUNIT_EXPECT_EQ(test, mas.index, 0);
		KUNIT_EXPECT_EQ(test, mas.last, 0);
		entry = lost_leaf_back(&mas, op);
	}
	KUNIT_EXPECT_PTR_EQ(test, entry, NULL);
	if (!root)
		KUNIT_EXPECT_PTR_EQ(test, mas_find(&mas, ULONG_MAX), NULL);
out:
	rcu_read_unlock();
	expect_valid(test, &mt, NULL);
	mtree_destroy(&mt);
}

static void lockless_reader_loses_leaf(struct kunit *test)
{
	static const unsigned int flags[] = {
		MT_FLAGS_USE_RCU, MT_FLAGS_USE_RCU | MT_FLAGS_ALLOC_RANGE
	};
	size_t f;
	int op, how;

	for (f = 0; f < ARRAY_SIZE(flags); f++)
		for (op = 0; op < 4; op++)
			for (how = 0; how < 3; how++) {
				check_lost_leaf(test, flags[f], false, op, how);
				check_lost_leaf(test, flags[f], true, op, how);
			}
}

/* Ranges, NULL ones included, must tile the whole index space. */
static void check_range_tiling(struct kunit *test, struct maple_tree *mt, const struct model *m,
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
			if (!check_true(test, pos >= 0) ||
			    !check_ptr(test, entry, m->r[pos].entry) ||
			    !check_eq(test, mas.index, m->r[pos].first) ||
			    !check_eq(test, mas.last, m->r[pos].last))
				break;
		} else {
			if (!check_true(test, pos < 0) ||
			    !check_true(test, model_is_empty(m, mas.index, mas.last)))
				break;
		}
		if (forward ? mas.last == ULONG_MAX : mas.index == 0)
			break;
		expect = forward ? mas.last + 1 : mas.index - 1;
		if (steps++ > 2 * m->nr + 2 && !check_true(test, !"too many ranges"))
			break;
		entry = forward ? mas_next_range(&mas, ULONG_MAX) :
				  mas_prev_range(&mas, 0);
		if (!check_eq(test, forward ? mas.index : mas.last, expect))
			break;
	}
	rcu_read_unlock();
}

static void range_iteration(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;

	MA_STATE(mas, &mt, 0, 0);
	void *entry;

	mt_init(&mt);
	model_init(&m);
	check_range_tiling(test, &mt, &m, true);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 700, 7, 3), 0);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, ULONG_MAX - 5, ULONG_MAX, val(9),
						GFP_KERNEL), 0);
	model_store(&m, ULONG_MAX - 5, ULONG_MAX, val(9));
	check_range_tiling(test, &mt, &m, true);
	check_range_tiling(test, &mt, &m, false);

	/* mas_find_range(): entries, then every following slot in turn. */
	rcu_read_lock();
	mas_set(&mas, 4);
	entry = mas_find_range(&mas, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, entry, val(1));
	KUNIT_EXPECT_EQ(test, mas.index, 7);
	entry = mas_find_range(&mas, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, entry, NULL);
	KUNIT_EXPECT_EQ(test, mas.index, 10);
	KUNIT_EXPECT_EQ(test, mas.last, 13);
	entry = mas_find_range(&mas, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, entry, val(2));
	KUNIT_EXPECT_EQ(test, mas.index, 14);
	/* and backwards */
	mas_set(&mas, 16);
	entry = mas_find_range_rev(&mas, 0);
	KUNIT_EXPECT_PTR_EQ(test, entry, val(2));
	KUNIT_EXPECT_EQ(test, mas.index, 14);
	entry = mas_find_range_rev(&mas, 0);
	KUNIT_EXPECT_PTR_EQ(test, entry, NULL);
	KUNIT_EXPECT_EQ(test, mas.index, 10);
	KUNIT_EXPECT_EQ(test, mas.last, 13);
	entry = mas_find_range_rev(&mas, 0);
	KUNIT_EXPECT_PTR_EQ(test, entry, val(1));
	KUNIT_EXPECT_EQ(test, mas.last, 9);
	rcu_read_unlock();

	mtree_destroy(&mt);
	model_free(&m);
}

static void find_next_prev(struct kunit *test)
{
	struct maple_tree mt;
	unsigned long index, seen;
	void *entry;

	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 10, 19, val(1), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 30, 30, val(2), GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, 40, ULONG_MAX, val(3), GFP_KERNEL), 0);

	index = 15;
	KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, ULONG_MAX), val(1));
	KUNIT_EXPECT_EQ(test, index, 20);	/* the next possible entry */
	KUNIT_EXPECT_PTR_EQ(test, mt_find_after(&mt, &index, ULONG_MAX), val(2));
	KUNIT_EXPECT_EQ(test, index, 31);
	KUNIT_EXPECT_PTR_EQ(test, mt_find_after(&mt, &index, 39), NULL);
	index = 31;
	KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, ULONG_MAX), val(3));
	/* The last range ends at ULONG_MAX: the cursor wraps to 0 and stops. */
	KUNIT_EXPECT_PTR_EQ(test, mt_find_after(&mt, &index, ULONG_MAX), NULL);
	index = 0;
	KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, 9), NULL);
	index = 20;
	KUNIT_EXPECT_PTR_EQ(test, mt_find(&mt, &index, 29), NULL);

	seen = 0;
	index = 0;
	mt_for_each(&mt, entry, index, ULONG_MAX) {
		seen++;
		if (!check_ptr(test, entry, val(seen)) || seen > 3)
			break;
	}
	KUNIT_EXPECT_EQ(test, seen, 3);

	KUNIT_EXPECT_PTR_EQ(test, mt_next(&mt, 15, ULONG_MAX), val(2));
	KUNIT_EXPECT_PTR_EQ(test, mt_next(&mt, 30, ULONG_MAX), val(3));
	KUNIT_EXPECT_PTR_EQ(test, mt_next(&mt, 30, 35), NULL);
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(&mt, 35, 0), val(2));
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(&mt, 30, 0), val(1));
	KUNIT_EXPECT_PTR_EQ(test, mt_prev(&mt, 30, 20), NULL);
	mtree_destroy(&mt);
}

static void mas_store_and_erase(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;

	MA_STATE(mas, &mt, 0, 0);

	mt_init(&mt);
	model_init(&m);
	model_reserve(&m, 64);
	mtree_lock(&mt);
	mas_set_range(&mas, 100, 200);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, val(1), GFP_KERNEL), 0);
	model_store(&m, 100, 200, val(1));
	mas_set_range(&mas, 300, 400);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, val(2), GFP_KERNEL), 0);
	model_store(&m, 300, 400, val(2));

	/* mas_store() returns the first entry it overwrote. */
	mas_set_range(&mas, 150, 350);
	KUNIT_EXPECT_PTR_EQ(test, mas_store(&mas, val(3)), val(1));
	KUNIT_EXPECT_TRUE(test, !mas_is_err(&mas));
	model_store(&m, 150, 350, val(3));
	mas_set_range(&mas, 50, 60);
	KUNIT_EXPECT_PTR_EQ(test, mas_store(&mas, val(4)), NULL);
	model_store(&m, 50, 60, val(4));

	/* mas_erase() erases the whole range containing the index. */
	mas_set(&mas, 200);
	KUNIT_EXPECT_PTR_EQ(test, mas_erase(&mas), val(3));
	KUNIT_EXPECT_EQ(test, mas.index, 150);
	KUNIT_EXPECT_EQ(test, mas.last, 350);
	model_store(&m, 150, 350, NULL);
	mas_set(&mas, 1000);
	KUNIT_EXPECT_PTR_EQ(test, mas_erase(&mas), NULL);

	/* Storing NULL through the advanced API. */
	mas_set_range(&mas, 55, 56);
	KUNIT_EXPECT_EQ(test, mas_store_gfp(&mas, NULL, GFP_KERNEL), 0);
	model_store(&m, 55, 56, NULL);
	mas_destroy(&mas);
	mtree_unlock(&mt);

	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	model_free(&m);
}

/*
 * After a store, @mas must stand where a walk to the range written puts
 * it: the next step finds the range after it, and (in our tree) the leaf,
 * its bounds and the slot are those a walk from the root finds.
 */
static bool check_store_position(struct kunit *test, struct ma_state *mas, struct model *m,
				 unsigned long lo, unsigned long hi)
{
	MA_STATE(walk, mas->tree, lo, lo);
	long next = hi == ULONG_MAX ? -1 : model_next(m, hi + 1);
	bool ok = check_true(test, mas->index == lo && mas->last == hi);

	mas_walk(&walk);
#ifndef MAPLE_UPSTREAM
	ok &= check_true(test, mas->node == walk.node && mas->min == walk.min &&
		    mas->max == walk.max && mas->offset == walk.offset &&
		    mas->end == walk.end && mas->depth == walk.depth);
#endif
	ok &= check_ptr(test, mas_next(mas, ULONG_MAX),
			next < 0 ? NULL : m->r[next].entry);
	if (next >= 0)
		ok &= check_eq(test, mas->index, m->r[next].first);
	return ok;
}

/* The four tree modes the store cases run in. */
static const unsigned int store_modes[] = {
	0, MT_FLAGS_ALLOC_RANGE, MT_FLAGS_USE_RCU,
	MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU,
};

/*
 * Store @entry over [@first, @last] through @mas and the model; the tree
 * must match the model (and be valid) and @mas stand on the range written.
 */
static bool store_checked(struct kunit *test, struct ma_state *mas,
			  struct model *m, unsigned long first,
			  unsigned long last, void *entry)
{
	unsigned long lo = first, hi = last;
	bool ok;

	mas_set_range(mas, first, last);
	mas_store(mas, entry);
	ok = check_true(test, !mas_is_err(mas));
	model_store(m, first, last, entry);
	if (!entry)
		model_gap(m, first, &lo, &hi);
	ok &= check_store_position(test, mas, m, lo, hi);
	return model_matches(test, mas->tree, m, true) && ok;
}

/*
 * Stores of every shape at every position of a few leaves: inside one slot,
 * over several, growing and shrinking the leaf, at its ends, %NULL and not.
 * Outside RCU mode most stay within their leaf and rewrite it in place; in
 * RCU mode each builds new nodes.  Each is checked against the model, by
 * mt_validate() and by where it leaves the maple state.
 */
static void store_shapes(struct kunit *test)
{
	static const unsigned long lens[] = { 1, 2, 4, 6, 11, 23 };
	unsigned long first;
	size_t f, l;

	for (f = 0; f < ARRAY_SIZE(store_modes); f++) {
		struct maple_tree mt;
		struct model m;
		unsigned int i = 0;
		bool ok = true;

		MA_STATE(mas, &mt, 0, 0);

		mt_init_flags(&mt, store_modes[f]);
		model_init(&m);
		model_reserve(&m, 512);
		KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 40, 10, 5), 0);
		mtree_lock(&mt);
		for (first = 0; ok && first < 160; first++) {
			for (l = 0; ok && l < ARRAY_SIZE(lens); l++) {
				void *entry = i++ % 3 ? val(1000 + i) : NULL;

				ok &= store_checked(test, &mas, &m, first,
						    first + lens[l] - 1, entry);
				/* Refill now and then, so leaves keep growing. */
				if (first % 40 == 39 && l == 0) {
					mtree_unlock(&mt);
					KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 40, 10, 5), 0);
					mtree_lock(&mt);
				}
			}
		}
		mas_destroy(&mas);
		mtree_unlock(&mt);
		if (!ok)
			kunit_info(test, "flags %#x, store %u at %lu\n",
				   store_modes[f], i, first - 1);
		mtree_destroy(&mt);
		model_free(&m);
	}
}

/* Are the indices just outside [@first, @last] in one leaf? */
static bool one_leaf_around(struct maple_tree *mt, unsigned long first,
			    unsigned long last)
{
	MA_STATE(l, mt, first ? first - 1 : 0, 0);
	MA_STATE(r, mt, last + 1, 0);

	mas_walk(&l);
	mas_walk(&r);
	return l.node == r.node;
}

/*
 * One store of pivot_moves(), as store_checked() checks it.  With @moves,
 * the store only moves the boundary between two neighbouring ranges, which
 * takes no new node, in RCU mode too, when both ranges are in one leaf.
 */
static bool pivot_move_store(struct kunit *test, struct ma_state *mas,
			     struct model *m, unsigned long first,
			     unsigned long last, void *entry, bool moves)
{
	long before = alloc_attempts();
	bool ok;

	moves = moves && one_leaf_around(mas->tree, first, last);
	ok = store_checked(test, mas, m, first, last, entry);
	if (moves && before != NO_COUNT)
		ok &= check_eq(test, alloc_attempts(), before);
	if (!ok)
		kunit_info(test, "store %#lx over [%lu, %lu]\n",
			   (unsigned long)entry, first, last);
	return ok;
}

/*
 * Stores that cover the end of one range and the start of the next and
 * store what one of them holds over the whole of that one's range only
 * move the boundary between them: brk() growing the heap, a VMA taking
 * over part of its neighbour, the tail of a range given back to the gap
 * after it.  Each block of the tree is an entry A of five indices and a
 * gap of five before the next entry B; every shape is made on every block,
 * so at every position of the leaves, and the block restored.  A store of
 * A that starts inside A's range, or of B that ends inside B's, must keep
 * two ranges, not merge them.
 */
static void pivot_moves(struct kunit *test)
{
	size_t f;

	for (f = 0; f < ARRAY_SIZE(store_modes); f++) {
		struct maple_tree mt;
		struct model m;
		unsigned long i;
		bool ok = true;

		MA_STATE(mas, &mt, 0, 0);

		mt_init_flags(&mt, store_modes[f]);
		model_init(&m);
		model_reserve(&m, 512);
		KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 100, 10, 5), 0);
		mtree_lock(&mt);
		for (i = 0; ok && i < 99; i++) {
			unsigned long b = 10 * i;
			void *a = val(i), *next = val(i + 1);

			/* A grows into the gap, then gives part back. */
			ok &= pivot_move_store(test, &mas, &m, b, b + 7, a, true);
			ok &= pivot_move_store(test, &mas, &m, b + 6, b + 7, NULL, true);
			/* B grows down into the gap, then gives it back. */
			ok &= pivot_move_store(test, &mas, &m, b + 8, b + 14, next, true);
			ok &= pivot_move_store(test, &mas, &m, b + 8, b + 9, NULL, true);
			/* A and B next to each other: their boundary moves. */
			ok &= pivot_move_store(test, &mas, &m, b, b + 9, a, false);
			ok &= pivot_move_store(test, &mas, &m, b + 7, b + 14, next, true);
			ok &= pivot_move_store(test, &mas, &m, b, b + 8, a, true);
			ok &= pivot_move_store(test, &mas, &m, b + 5, b + 9, NULL, false);
			/* A stored again from inside its range: two ranges. */
			ok &= pivot_move_store(test, &mas, &m, b + 2, b + 7, a, false);
			ok &= pivot_move_store(test, &mas, &m, b, b + 4, a, true);
			ok &= pivot_move_store(test, &mas, &m, b + 5, b + 7, NULL, false);
			/* B stored again to end inside its range: two ranges. */
			ok &= pivot_move_store(test, &mas, &m, b + 8, b + 12, next, false);
			ok &= pivot_move_store(test, &mas, &m, b + 10, b + 14, next, true);
			ok &= pivot_move_store(test, &mas, &m, b + 8, b + 9, NULL, false);
			if (!ok)
				kunit_info(test, "flags %#x, block %lu\n",
					   store_modes[f], i);
		}
		mas_destroy(&mas);
		mtree_unlock(&mt);
		destroy_tree(&mt);
		model_free(&m);
	}
}

/*
 * mas_preallocate() keeps the plan of a write that needs new nodes for
 * mas_store_prealloc().  The plan must be followed only for the write it
 * was made for: not for another range or a %NULL entry instead of a value,
 * and not once a write through another maple state changed its leaf
 * (rewritten in place outside RCU mode, replaced in RCU mode).
 */
static void prealloc_plan(struct kunit *test)
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
		model_reserve(&m, 1024);
		/* A store inside a gap adds two slots to its leaf. */
		KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 200, 4, 1), 0);
		mtree_lock(&mt);
		for (i = 0; i < 40; i++) {
			unsigned long first = 16 * i + 2;
			void *entry = val(500 + i);

			MA_STATE(other, &mt, first - 2, first - 1);

			mas_set_range(&mas, first, first);
			if (!check_eq(test, mas_preallocate(&mas, entry, GFP_NOWAIT | __GFP_NOWARN),
				      0))
				break;
			/*
			 * Upstream's tree follows the plan whatever the store
			 * (UB_PREALLOC_STALE): from a reset state or into a
			 * replaced node it crashes, so only the planned
			 * write is made there.
			 */
			if (i % 4 && upstream_bug(UB_PREALLOC_STALE)) {
				mas_destroy(&mas);
				continue;
			}
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
				mas_store(&other, val(900 + i));
				KUNIT_EXPECT_TRUE(test, !mas_is_err(&other));
				mas_destroy(&other);
				model_store(&m, first - 2, first - 1,
					    val(900 + i));
				break;
			}
			before = alloc_attempts();
			mas_store_prealloc(&mas, entry);
			KUNIT_EXPECT_TRUE(test, !mas_is_err(&mas));
			if (i % 4 == 0)
				KUNIT_EXPECT_EQ(test, alloc_attempts(), before);
			model_store(&m, mas.index, mas.last, entry);
			if (!tree_valid(test, &mt, NULL, true) ||
			    !model_matches(test, &mt, &m, true)) {
				kunit_info(test, "flags %#x, store %lu\n",
					   flags[f], i);
				break;
			}
		}
		mtree_unlock(&mt);
		mtree_destroy(&mt);
		model_free(&m);
	}
}

/*
 * mas_expected_entries() reserves, with GFP_KERNEL, every node of a run of
 * ascending stores; the tree's writers hold a mutex, as fork's do.
 */
static void expected_entries(struct kunit *test)
{
	static const unsigned long counts[] = { 1, 17, 1000, 20000 };
	size_t c;

	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		struct ext_tree *t = new_ext_tree(test, MT_FLAGS_ALLOC_RANGE);
		struct model m;
		unsigned long i;

		MA_STATE(mas, &t->mt, 0, 0);

		model_init(&m);
		mutex_lock(&t->lock);
		KUNIT_EXPECT_EQ(test, mas_expected_entries(&mas, counts[c]), 0);
		for (i = 0; i < counts[c]; i++) {
			mas_set_range(&mas, i * 3 + 1, i * 3 + 2);
			mas_store(&mas, val(i));
			if (!check_true(test, !mas_is_err(&mas)))
				break;
			model_store(&m, i * 3 + 1, i * 3 + 2, val(i));
		}
		mas_destroy(&mas);
		model_matches(test, &t->mt, &m, true);
		mutex_unlock(&t->lock);
		model_free(&m);
	}
}

/*
 * The result of a reverse gap search up to @max that the model says should
 * (@found) or should not find a gap.  Upstream's miss of a gap in a slot
 * starting at 0 when @max is ULONG_MAX is UB_EMPTY_AREA_REV_MAX.
 */
static bool rev_gap_ret_ok(struct kunit *test, int ret, bool found, unsigned long max)
{
	if (found && ret == -EBUSY && max == ULONG_MAX &&
	    upstream_bug(UB_EMPTY_AREA_REV_MAX))
		return false;
	return check_eq(test, ret, found ? 0 : -EBUSY);
}

/*
 * A reverse search for a large gap: the highest fitting gap lies in the
 * first of two leaves, the second leaf's gaps are all too small.
 */
static void empty_area_rev_large(struct kunit *test)
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
		KUNIT_EXPECT_EQ(test, mtree_store_range(&mt, r[i][0], r[i][1], val(i),
							GFP_KERNEL), 0);
		model_store(&m, r[i][0], r[i][1], val(i));
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bool found = model_empty_area_rev(&m, 0, ULONG_MAX, sizes[i],
						  &want);
		int ret;

		mas_reset(&mas);
		rcu_read_lock();
		ret = mas_empty_area_rev(&mas, 0, ULONG_MAX, sizes[i]);
		if (rev_gap_ret_ok(test, ret, found, ULONG_MAX) && found)
			KUNIT_EXPECT_EQ(test, mas.index, want);
		rcu_read_unlock();
		/* The same searches stopping just short of ULONG_MAX. */
		found = model_empty_area_rev(&m, 0, ULONG_MAX - 1, sizes[i],
					     &want);
		mas_reset(&mas);
		rcu_read_lock();
		if (check_eq(test, mas_empty_area_rev(&mas, 0, ULONG_MAX - 1,
						      sizes[i]),
			      found ? 0 : -EBUSY) && found)
			KUNIT_EXPECT_EQ(test, mas.index, want);
		rcu_read_unlock();
		found = model_empty_area(&m, 0, ULONG_MAX, sizes[i], &want);
		mas_reset(&mas);
		rcu_read_lock();
		if (check_eq(test, mas_empty_area(&mas, 0, ULONG_MAX, sizes[i]),
			     found ? 0 : -EBUSY) && found)
			KUNIT_EXPECT_EQ(test, mas.index, want);
		rcu_read_unlock();
	}
	mtree_destroy(&mt);
	model_free(&m);
}

static void alloc_range_both_ways(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;
	unsigned long start, i;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	model_init(&m);

	for (i = 0; i < 100; i++) {
		if (!check_eq(test, mtree_alloc_range(&mt, &start, val(i), 10, 1000,
						      1999, GFP_KERNEL), 0))
			break;
		KUNIT_EXPECT_EQ(test, start, 1000 + i * 10);
		model_store(&m, start, start + 9, val(i));
	}
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(&mt, &start, val(1), 1, 1000, 1999,
						GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(&mt, &start, val(1), 1, 1000, 999,
						GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(&mt, &start, val(1), 0, 0, 999, GFP_KERNEL),
			-EINVAL);

	for (i = 0; i < 50; i++) {
		if (!check_eq(test, mtree_alloc_rrange(&mt, &start, val(500 + i), 7,
						       0, ULONG_MAX, GFP_KERNEL), 0))
			break;
		KUNIT_EXPECT_EQ(test, start, ULONG_MAX - 7 * (i + 1) + 1);
		model_store(&m, start, start + 6, val(500 + i));
	}
	KUNIT_EXPECT_EQ(test, mtree_alloc_rrange(&mt, &start, val(1), 6, 0, 4, GFP_KERNEL),
			-EINVAL);

	/* Free one in the middle: both directions find exactly it. */
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 1555), val(55));
	model_store(&m, 1550, 1559, NULL);
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(&mt, &start, val(700), 10, 1000, 1999,
						GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, start, 1550);
	model_store(&m, 1550, 1559, val(700));
	KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, 1555), val(700));
	KUNIT_EXPECT_EQ(test, mtree_alloc_rrange(&mt, &start, val(701), 10, 1000, 1999,
						 GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, start, 1550);
	model_store(&m, 1550, 1559, val(701));
	KUNIT_EXPECT_EQ(test, mtree_alloc_rrange(&mt, &start, val(1), 1, 1000, 1999,
						 GFP_KERNEL), -EBUSY);
	/* Index 0 itself can be allocated. */
	KUNIT_EXPECT_EQ(test, mtree_alloc_range(&mt, &start, val(702), 1, 0, ULONG_MAX,
						GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, start, 0);
	model_store(&m, 0, 0, val(702));
	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	model_free(&m);
}

static void destroy_and_reuse(struct kunit *test)
{
	struct maple_tree mt;
	long before = nodes_outstanding();

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 3000, 3, 1), 0);
	if (before != NO_COUNT)
		KUNIT_EXPECT_GT(test, nodes_outstanding(), before);
	mtree_lock(&mt);
	__mt_destroy(&mt);
	mtree_unlock(&mt);
	KUNIT_EXPECT_TRUE(test, mtree_empty(&mt));
	KUNIT_EXPECT_EQ(test, nodes_outstanding(), before);

	/* A destroyed tree is ready for use again. */
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 100, 3, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, mtree_load(&mt, 30), val(10));
	mtree_destroy(&mt);
	mtree_destroy(&mt);
	KUNIT_EXPECT_EQ(test, nodes_outstanding(), before);
}

/* Deep trees in RCU mode are freed by a walk deferred to an RCU callback. */
static void rcu_destroy_deep(struct kunit *test)
{
	static const unsigned long sizes[] = {
		120, 192, 2768, 3000, 6000, 40000
	};
	static const unsigned int flags[] = {
		MT_FLAGS_USE_RCU, MT_FLAGS_USE_RCU | MT_FLAGS_ALLOC_RANGE
	};
	size_t i, f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct maple_tree mt;
			long before = nodes_outstanding();

			if (sizes[i] > 6000 && !MT_TEST_BIG_TREES)
				continue;
			mt_init_flags(&mt, flags[f]);
			/* 120, 192 and 2768: full or 15-child inner nodes. */
			if (sizes[i] < 3000)
				KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, sizes[i], 10, 1), 0);
			else
				KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, sizes[i], 13, 6), 0);
			KUNIT_EXPECT_TRUE(test, mt_height(&mt) >= (sizes[i] < 3000 ? 2 : 3));
			destroy_tree(&mt);
			cond_resched();
			KUNIT_EXPECT_TRUE(test, mtree_empty(&mt));
			KUNIT_EXPECT_EQ(test, nodes_outstanding(), before);
		}
	}
}

static void rcu_mode_on_off(struct kunit *test)
{
	struct maple_tree mt;
	struct model m;
	unsigned long i;

	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	KUNIT_EXPECT_TRUE(test, mt_in_rcu(&mt));
	model_init(&m);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 2000, 5, 3), 0);
	for (i = 0; i < 2000; i += 2) {
		KUNIT_EXPECT_PTR_EQ(test, mtree_erase(&mt, i * 5), val(i));
		model_store(&m, i * 5, i * 5 + 2, NULL);
	}
	expect_model(test, &mt, &m);
	mt_clear_in_rcu(&mt);
	KUNIT_EXPECT_TRUE(test, !mt_in_rcu(&mt));
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, &m, 2000, 5, 1), 0);
	mt_set_in_rcu(&mt);
	KUNIT_EXPECT_TRUE(test, mt_in_rcu(&mt));
	expect_model(test, &mt, &m);
	mtree_destroy(&mt);
	model_free(&m);
}

static void dump_tree(struct kunit *test)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	struct maple_tree mt;

	MA_STATE(mas, &mt, 5, 5);

	mt_init(&mt);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 20, 3, 1), 0);
	mtree_lock(&mt);
	mt_dump(&mt, mt_dump_hex);
	mt_dump(&mt, mt_dump_dec);
	mtree_unlock(&mt);
	rcu_read_lock();
	mas_walk(&mas);
	mas_dump(&mas);
	rcu_read_unlock();
	expect_valid(test, &mt, NULL);
	mtree_destroy(&mt);
#else
	kunit_skip(test, "mt_dump() and mas_dump() need CONFIG_DEBUG_MAPLE_TREE");
#endif
}

/*
 * Upstream's lib/test_maple_tree.c calls mt_validate() holding no lock (no
 * writer runs then): under PROVE_RCU that must not warn, and a sound tree
 * must not be reported.  A lockdep warning fails the case.
 */
static void validate_unlocked(struct kunit *test)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	struct maple_tree mt;
	unsigned long reports;

	mt_init_flags(&mt, MT_FLAGS_ALLOC_RANGE);
	KUNIT_EXPECT_EQ(test, fill_spaced(&mt, NULL, 300, 3, 1), 0);
	reports = report_count();
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
	KUNIT_EXPECT_EQ(test, report_count(), reports);
	mtree_destroy(&mt);
#else
	kunit_skip(test, "mt_validate() needs CONFIG_DEBUG_MAPLE_TREE");
#endif
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
	KUNIT_CASE(empty_tree),
	KUNIT_CASE(root_entry_limits),
	KUNIT_CASE(insert_everything),
	KUNIT_CASE(grow_and_shrink),
	KUNIT_CASE(range_iteration),
	KUNIT_CASE(find_next_prev),
	KUNIT_CASE(mas_store_and_erase),
	KUNIT_CASE(store_shapes),
	KUNIT_CASE(pivot_moves),
	KUNIT_CASE(prealloc_plan),
	KUNIT_CASE(expected_entries),
	KUNIT_CASE(empty_area_rev_large),
	KUNIT_CASE(alloc_range_both_ways),
	KUNIT_CASE(destroy_and_reuse),
	KUNIT_CASE(rcu_destroy_deep),
	KUNIT_CASE(rcu_mode_on_off),
	KUNIT_CASE(dump_tree),
	KUNIT_CASE(validate_unlocked),
	{}
};

static struct kunit_suite maple_tree_suite = {
	.name = "maple_tree",
	.test_cases = maple_tree_cases,
};

kunit_test_suite(maple_tree_suite);

MODULE_DESCRIPTION("KUnit tests for the maple tree");
MODULE_LICENSE("GPL");
