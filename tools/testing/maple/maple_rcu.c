// SPDX-License-Identifier: GPL-2.0
/*
 * RCU stress: reader threads look up and iterate without the lock while a
 * writer stores, erases, splits and merges ranges in an RCU-mode tree.
 *
 * Every entry points to an item that records the range it was stored for
 * and is never freed or reused during the run.  Whatever a reader sees must
 * be consistent with that: an entry found at index i was stored for a range
 * containing i, and the range the maple state reports for it lies within
 * the stored one (later stores may have shrunk it, never grown it).
 *
 * The index space has two regions.  In the sparse one, [0, RCU_SPACE), the
 * writer also erases and stores NULL, so a reader may meet NULL there.  The
 * dense one, [RCU_DENSE, RCU_DENSE + RCU_SPACE), is filled before the
 * readers start and the writer only ever overwrites it with new items, so
 * at every moment each of its indices holds some item: a reader that gets
 * NULL there, whose first range does not hold the index it started from,
 * or whose iteration stops before its limit, has lost an entry (for example
 * by answering NULL on meeting a dead node instead of walking again).
 *
 * The third region, from RCU_MOVE, is made of RCU_BLOCKS blocks of
 * RCU_BLOCK indices where the writer only moves boundaries between ranges
 * (the maple tree does that in place, without new nodes).  In the first
 * half of a block two items A and B always cover all of it, and the writer
 * stores A from its start to a new end or B from a new start to its end;
 * in the second half an item C starts at the half's start and grows and
 * shrinks against the %NULL range after it, as the heap does under brk().
 * Each of these items records the most it can ever cover, so a reader
 * checks it as any other, and the first halves are never %NULL either.
 *
 * Between two steps of an iteration a lockless reader may skip indices of
 * the dense region: when its leaf dies it walks again to the end of the
 * range it returned last, and if a concurrent store made that range reach
 * further, it steps past the store's new entry, which it never returns.
 * Upstream's tree does the same, so this is counted and printed, not
 * failed.
 *
 *   RCU_MS	milliseconds per case (default 1500)
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <linux/rwsem.h>
#include "harness.h"

#define RCU_SPACE	200000UL	/* each region is this long */
#define RCU_DENSE	(1UL << 22)	/* start of the dense region */
#define RCU_DENSE_END	(RCU_DENSE + RCU_SPACE - 1)
#define RCU_MOVE	(RCU_DENSE + 2 * RCU_SPACE)	/* the moving region */
#define RCU_BLOCK	128UL
#define RCU_BLOCKS	16UL		/* few, for readers to meet moves */
#define RCU_HALF	(RCU_BLOCK / 2)
#define RCU_READERS	3
#define RCU_MAGIC	0x6d61706c65UL

struct rcu_item {
	unsigned long first;
	unsigned long last;
	unsigned long magic;
};

struct rcu_stress {
	struct maple_tree mt;
	struct rcu_item *items;
	unsigned long nr_items;
	unsigned long max_items;
	bool stop;
	unsigned long errors;
	unsigned long reads;
	unsigned long dense_reads;
	unsigned long skips;
	unsigned long writes;
	unsigned int seed;
	/* The moving region: items A, B, C of each block, and where they end. */
	struct rcu_item *move;
	unsigned long a_end[RCU_BLOCKS], c_end[RCU_BLOCKS];
};

static bool rcu_dense(unsigned long index)
{
	return index >= RCU_DENSE && index <= RCU_DENSE_END;
}

/* The dense region, and the first half of each block of the moving one. */
static bool rcu_never_null(unsigned long index)
{
	return rcu_dense(index) ||
	       (index >= RCU_MOVE && index < RCU_MOVE + RCU_BLOCKS * RCU_BLOCK &&
		(index - RCU_MOVE) % RCU_BLOCK < RCU_HALF);
}

static void rcu_error(struct rcu_stress *s, const char *what, const char *why,
		      unsigned long index, const struct rcu_item *it,
		      unsigned long first, unsigned long last)
{
	unsigned long n = __atomic_add_fetch(&s->errors, 1, __ATOMIC_RELAXED);

	if (n > 5)
		return;
	if (it)
		fprintf(stderr, "  reader: %s at %lu: %s: item [%lu, %lu] magic %lx, state range [%lu, %lu]\n",
			what, index, why, it->first, it->last, it->magic,
			first, last);
	else
		fprintf(stderr, "  reader: %s at %lu: %s: state range [%lu, %lu]\n",
			what, index, why, first, last);
}

/* Check one entry seen at @index with the state's range [first, last]. */
static bool rcu_check(struct rcu_stress *s, const char *what, void *entry,
		      unsigned long index, unsigned long first,
		      unsigned long last)
{
	const struct rcu_item *it = entry;

	if (!entry) {
		if (!rcu_never_null(index))
			return true;
		rcu_error(s, what, "NULL where an item must be", index, NULL,
			  first, last);
		return false;
	}
	if (it < s->items || it >= s->items + s->max_items ||
	    it->magic != RCU_MAGIC) {
		rcu_error(s, what, "not an item", index, NULL, first, last);
		return false;
	}
	if (index < it->first || index > it->last || first < it->first ||
	    last > it->last || first > index || last < index) {
		rcu_error(s, what, "outside the item's range", index, it, first,
			  last);
		return false;
	}
	return true;
}

/*
 * From @index up to 5000 further, by mas_find() or, with @step, by
 * mas_walk() then mas_next(), at most 64 entries.  The ranges must be
 * strictly increasing; in the dense region the first one must hold @index
 * and the walk may not end before its limit (a range that does not start
 * right after the one before is counted in @s->skips).
 */
static void rcu_read_forward(struct rcu_stress *s, struct ma_state *mas,
			     unsigned long index, bool step)
{
	const char *what = step ? "mas_next" : "mas_find";
	bool dense = rcu_dense(index), first_seen = true;
	unsigned long limit = index + 5000, prev_last = 0, n = 0;
	void *entry;

	if (dense && limit > RCU_DENSE_END)
		limit = RCU_DENSE_END;
	mas_set(mas, index);
	if (step) {
		entry = mas_walk(mas);
		if (!rcu_check(s, "mas_walk", entry, index, mas->index,
			       mas->last))
			return;
		if (!entry)
			entry = mas_next(mas, limit);
	} else {
		entry = mas_find(mas, limit);
	}
	for (; entry; entry = step ? mas_next(mas, limit) :
					  mas_find(mas, limit)) {
		if (!rcu_check(s, what, entry, mas->index, mas->index,
			       mas->last))
			return;
		if (!first_seen && mas->index <= prev_last) {
			rcu_error(s, what, "went back", prev_last, entry,
				  mas->index, mas->last);
			return;
		}
		if (rcu_never_null(index) && first_seen && mas->index > index) {
			rcu_error(s, what, "first range misses the start",
				  index, entry, mas->index, mas->last);
			return;
		}
		if (dense && !first_seen && mas->index != prev_last + 1)
			__atomic_add_fetch(&s->skips, 1, __ATOMIC_RELAXED);
		first_seen = false;
		prev_last = mas->last;
		if (++n == 64 || prev_last >= limit)
			return;
	}
	if (dense)
		rcu_error(s, what, "stopped early in the dense region",
			  first_seen ? index : prev_last + 1, NULL, mas->index,
			  mas->last);
}

/* The same backwards: mas_find_rev(), or mas_walk() then mas_prev(). */
static void rcu_read_backward(struct rcu_stress *s, struct ma_state *mas,
			      unsigned long index, bool step)
{
	const char *what = step ? "mas_prev" : "mas_find_rev";
	bool dense = rcu_dense(index), first_seen = true;
	unsigned long limit = index > 5000 ? index - 5000 : 0;
	unsigned long prev_first = 0, n = 0;
	void *entry;

	if (dense && limit < RCU_DENSE)
		limit = RCU_DENSE;
	mas_set(mas, index);
	if (step) {
		entry = mas_walk(mas);
		if (!rcu_check(s, "mas_walk", entry, index, mas->index,
			       mas->last))
			return;
		if (!entry)
			entry = mas_prev(mas, limit);
	} else {
		entry = mas_find_rev(mas, limit);
	}
	for (; entry; entry = step ? mas_prev(mas, limit) :
					  mas_find_rev(mas, limit)) {
		if (!rcu_check(s, what, entry, mas->last, mas->index,
			       mas->last))
			return;
		if (!first_seen && mas->last >= prev_first) {
			rcu_error(s, what, "went forward", prev_first, entry,
				  mas->index, mas->last);
			return;
		}
		if (rcu_never_null(index) && first_seen && mas->last < index) {
			rcu_error(s, what, "first range misses the start",
				  index, entry, mas->index, mas->last);
			return;
		}
		if (dense && !first_seen && mas->last != prev_first - 1)
			__atomic_add_fetch(&s->skips, 1, __ATOMIC_RELAXED);
		first_seen = false;
		prev_first = mas->index;
		if (++n == 64 || prev_first <= limit)
			return;
	}
	if (dense)
		rcu_error(s, what, "stopped early in the dense region",
			  first_seen ? index : prev_first - 1, NULL, mas->index,
			  mas->last);
}

static void *rcu_reader(void *arg)
{
	struct rcu_stress *s = arg;
	struct h_rng rng;
	unsigned long reads = 0, dense_reads = 0;
	MA_STATE(mas, &s->mt, 0, 0);

	h_srand(&rng, (unsigned long)pthread_self());
	rcu_register_thread();
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		unsigned int region = h_rand_below(&rng, 3);
		unsigned long index;
		void *entry;

		if (region == 1) {
			index = RCU_DENSE + h_rand_below(&rng, RCU_SPACE);
			dense_reads++;
		} else if (region == 2) {
			index = RCU_MOVE +
				h_rand_below(&rng, RCU_BLOCKS * RCU_BLOCK);
		} else {
			index = h_rand_below(&rng, RCU_SPACE + 100);
		}
		rcu_read_lock();
		switch (h_rand_below(&rng, 6)) {
		case 0:
			entry = mtree_load(&s->mt, index);
			rcu_check(s, "mtree_load", entry, index, index, index);
			break;
		case 1:
			mas_set(&mas, index);
			entry = mas_walk(&mas);
			rcu_check(s, "mas_walk", entry, index, mas.index,
				  mas.last);
			break;
		case 2:
		case 3:
			rcu_read_forward(s, &mas, index, h_rand_below(&rng, 2));
			break;
		default:
			rcu_read_backward(s, &mas, index, h_rand_below(&rng, 2));
			break;
		}
		rcu_read_unlock();
		reads++;
	}
	rcu_unregister_thread();
	__atomic_add_fetch(&s->reads, reads, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->dense_reads, dense_reads, __ATOMIC_RELAXED);
	return NULL;
}

static struct rcu_item *rcu_new_item(struct rcu_stress *s, unsigned long first,
				     unsigned long last)
{
	struct rcu_item *it;

	if (s->nr_items == s->max_items)
		return NULL;
	it = &s->items[s->nr_items++];
	it->first = first;
	it->last = last;
	it->magic = RCU_MAGIC;
	return it;
}

/* The sparse region: stores, erases, NULL stores and allocations. */
static bool rcu_sparse_step(struct rcu_stress *s, struct h_rng *rng)
{
	unsigned long first = h_rand_below(rng, RCU_SPACE), len, i, start;
	unsigned int op = h_rand_below(rng, 100);
	struct rcu_item *it;
	int ret;

	if (op < 45) {
		/* Small stores: splits when the tree grows. */
		len = 1 + h_rand_below(rng, 20);
		it = rcu_new_item(s, first, first + len - 1);
		if (!it)
			return false;
		ret = mtree_store_range(&s->mt, first, first + len - 1, it,
					GFP_KERNEL);
	} else if (op < 75) {
		/* Erase ranges: merges. */
		mtree_erase(&s->mt, first);
		ret = 0;
	} else if (op < 85) {
		/* A run of neighbours, then one spanning store over them. */
		for (i = 0; i < 40; i++) {
			it = rcu_new_item(s, first + i * 3, first + i * 3 + 1);
			if (!it)
				return false;
			if (mtree_store_range(&s->mt, first + i * 3,
					      first + i * 3 + 1, it, GFP_KERNEL))
				return false;
		}
		it = rcu_new_item(s, first + 10, first + 100);
		if (!it)
			return false;
		ret = mtree_store_range(&s->mt, first + 10, first + 100, it,
					GFP_KERNEL);
	} else if (op < 95) {
		/* Wide NULL store: removes many ranges at once. */
		len = 1 + h_rand_below(rng, 3000);
		ret = mtree_store_range(&s->mt, first, first + len, NULL,
					GFP_KERNEL);
	} else {
		/* Gap search and allocation (allocation-range trees). */
		if (!(s->mt.ma_flags & MT_FLAGS_ALLOC_RANGE))
			return true;
		len = 1 + h_rand_below(rng, 50);
		/*
		 * Readers may see the entry as soon as it is stored, before
		 * we learn where: record the whole window it must land in.
		 */
		it = rcu_new_item(s, first, RCU_SPACE + len);
		if (!it)
			return false;
		ret = mtree_alloc_range(&s->mt, &start, it, len, first,
					RCU_SPACE + len, GFP_KERNEL);
		if (ret == -EBUSY)
			ret = 0;
	}
	return CHECK_INT(ret, 0);
}

static bool rcu_dense_store(struct rcu_stress *s, unsigned long first,
			    unsigned long last)
{
	struct rcu_item *it;

	if (first > RCU_DENSE_END)
		return true;
	if (last > RCU_DENSE_END)
		last = RCU_DENSE_END;
	it = rcu_new_item(s, first, last);
	return it && CHECK_INT(mtree_store_range(&s->mt, first, last, it,
						 GFP_KERNEL), 0);
}

/*
 * The dense region: only new items over ranges already full, so that every
 * index keeps holding some item.  Small stores split ranges, wide ones
 * replace many at once, and exact overwrites through a walked state
 * replace one entry in place.
 */
static bool rcu_dense_step(struct rcu_stress *s, struct h_rng *rng)
{
	unsigned long first = RCU_DENSE + h_rand_below(rng, RCU_SPACE), i;
	unsigned int op = h_rand_below(rng, 100);
	struct rcu_item *it;
	MA_STATE(mas, &s->mt, first, first);
	int ret;

	if (op < 45)
		return rcu_dense_store(s, first, first + h_rand_below(rng, 20));
	if (op < 60)
		return rcu_dense_store(s, first,
				       first + h_rand_below(rng, 3000));
	if (op < 75) {
		for (i = 0; i < 40; i++)
			if (!rcu_dense_store(s, first + i * 3, first + i * 3 + 1))
				return false;
		return rcu_dense_store(s, first + 10, first + 100);
	}
	mtree_lock(&s->mt);
	mas_walk(&mas);
	it = rcu_new_item(s, mas.index, mas.last);
	ret = it ? mas_store_gfp(&mas, it, GFP_KERNEL) : 0;
	mtree_unlock(&s->mt);
	return it && CHECK_INT(ret, 0);
}

/* Fill the moving region: A, B and C of every block, C one index long. */
static bool rcu_move_fill(struct rcu_stress *s)
{
	unsigned long k, b;
	struct rcu_item *a, *bi, *c;

	s->move = &s->items[s->nr_items];
	for (k = 0; k < RCU_BLOCKS; k++) {
		b = RCU_MOVE + k * RCU_BLOCK;
		a = rcu_new_item(s, b, b + RCU_HALF - 17);
		bi = rcu_new_item(s, b + 16, b + RCU_HALF - 1);
		c = rcu_new_item(s, b + RCU_HALF, b + RCU_BLOCK - 1);
		s->a_end[k] = b + RCU_HALF / 2 - 1;
		s->c_end[k] = b + RCU_HALF;
		if (!a || !bi || !c ||
		    !CHECK_INT(mtree_store_range(&s->mt, b, s->a_end[k], a,
						 GFP_KERNEL), 0) ||
		    !CHECK_INT(mtree_store_range(&s->mt, s->a_end[k] + 1,
						 b + RCU_HALF - 1, bi,
						 GFP_KERNEL), 0) ||
		    !CHECK_INT(mtree_store_range(&s->mt, b + RCU_HALF,
						 s->c_end[k], c, GFP_KERNEL), 0))
			return false;
	}
	return true;
}

/*
 * The moving region: move the boundary between A and B of a block to
 * somewhere in [b + 16, b + 47], or the end of C to somewhere in its half.
 */
static bool rcu_move_step(struct rcu_stress *s, struct h_rng *rng)
{
	unsigned long k = h_rand_below(rng, RCU_BLOCKS);
	unsigned long b = RCU_MOVE + k * RCU_BLOCK, end;
	struct rcu_item *items = s->move + 3 * k;
	int ret = 0;

	if (h_rand_below(rng, 2)) {
		end = b + 15 + h_rand_below(rng, RCU_HALF - 32);
		if (end > s->a_end[k])
			ret = mtree_store_range(&s->mt, b, end, &items[0],
						GFP_KERNEL);
		else if (end < s->a_end[k])
			ret = mtree_store_range(&s->mt, end + 1,
						b + RCU_HALF - 1, &items[1],
						GFP_KERNEL);
		s->a_end[k] = end;
	} else {
		end = b + RCU_HALF + h_rand_below(rng, RCU_HALF - 1);
		if (end > s->c_end[k])
			ret = mtree_store_range(&s->mt, b + RCU_HALF, end,
						&items[2], GFP_KERNEL);
		else if (end < s->c_end[k])
			ret = mtree_store_range(&s->mt, end + 1, s->c_end[k],
						NULL, GFP_KERNEL);
		s->c_end[k] = end;
	}
	return CHECK_INT(ret, 0);
}

static bool rcu_writer_step(struct rcu_stress *s, struct h_rng *rng)
{
	switch (h_rand_below(rng, 3)) {
	case 0:
		return rcu_dense_step(s, rng);
	case 1:
		return rcu_move_step(s, rng);
	default:
		return rcu_sparse_step(s, rng);
	}
}

/* With the readers stopped: the first halves of the blocks still whole. */
static void rcu_check_move(struct rcu_stress *s)
{
	unsigned long k, i;

	rcu_read_lock();
	for (k = 0; k < RCU_BLOCKS; k++) {
		unsigned long b = RCU_MOVE + k * RCU_BLOCK;

		for (i = b; i < b + RCU_BLOCK; i++) {
			void *want = i <= s->a_end[k] ? &s->move[3 * k] :
				     i < b + RCU_HALF ? &s->move[3 * k + 1] :
				     i <= s->c_end[k] ? &s->move[3 * k + 2] :
				     NULL;

			if (!CHECK_PTR(mtree_load(&s->mt, i), want))
				goto out;
		}
	}
out:
	rcu_read_unlock();
}

/* With the readers stopped: the dense region must still be whole. */
static void rcu_check_dense(struct rcu_stress *s)
{
	unsigned long next = RCU_DENSE;
	MA_STATE(mas, &s->mt, RCU_DENSE, RCU_DENSE);
	void *entry;

	rcu_read_lock();
	mas_for_each(&mas, entry, RCU_DENSE_END) {
		if (!CHECK_EQ(mas.index, next) ||
		    !CHECK(rcu_check(s, "final check", entry, mas.index,
				     mas.index, mas.last)))
			break;
		next = mas.last + 1;
	}
	rcu_read_unlock();
	CHECK(next > RCU_DENSE_END);
}

static void rcu_case(unsigned int flags, unsigned long ms)
{
	struct rcu_stress s = { 0 };
	pthread_t readers[RCU_READERS];
	struct timespec start, now;
	struct h_rng rng;
	unsigned long at;
	int i;

	h_case_begin("rcu: %s tree, %d readers, 1 writer, %lu ms",
		     flags & MT_FLAGS_ALLOC_RANGE ? "alloc" : "plain",
		     RCU_READERS, ms);
	s.max_items = 4000000;
	s.items = calloc(s.max_items, sizeof(*s.items));
	if (!CHECK(s.items != NULL))
		goto out;
	mt_init_flags(&s.mt, flags | MT_FLAGS_USE_RCU);
	h_srand(&rng, flags + 7);

	/* The sparse region half full, the dense one full. */
	for (i = 0; i < 20000; i++)
		rcu_sparse_step(&s, &rng);
	for (at = RCU_DENSE; at <= RCU_DENSE_END; at = s.nr_items ?
	     s.items[s.nr_items - 1].last + 1 : RCU_DENSE_END + 1)
		if (!rcu_dense_store(&s, at, at + h_rand_below(&rng, 20)))
			break;
	rcu_check_dense(&s);
	if (rcu_move_fill(&s))
		rcu_check_move(&s);
	for (i = 0; i < RCU_READERS; i++)
		pthread_create(&readers[i], NULL, rcu_reader, &s);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (!rcu_writer_step(&s, &rng))
			break;
		s.writes++;
		if ((s.writes & 255) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((now.tv_sec - start.tv_sec) * 1000 +
			    (now.tv_nsec - start.tv_nsec) / 1000000 >= (long)ms)
				break;
		}
	}
	__atomic_store_n(&s.stop, true, __ATOMIC_RELEASE);
	for (i = 0; i < RCU_READERS; i++)
		pthread_join(readers[i], NULL);

	CHECK_EQ(s.errors, 0);
	CHECK(s.reads > 0);
	CHECK(s.dense_reads > 0);
	rcu_check_dense(&s);
	rcu_check_move(&s);
	CHECK(s.writes > 0);
	CHECK(h_validate(&s.mt));
	printf("     %lu writes, %lu reader operations (%lu in the dense region), %lu items\n",
	       s.writes, s.reads, s.dense_reads, s.nr_items);
	printf("     iterations that stepped over a concurrently stored range: %lu\n",
	       s.skips);
	h_destroy(&s.mt);
	synchronize_rcu();
out:
	free(s.items);
	h_case_end();
}

#ifdef CONFIG_LOCKDEP
/* How many WARN()s (lockdep's included) @fn fired. */
static unsigned long rcu_warns(void (*fn)(struct maple_tree *mt),
			       struct maple_tree *mt)
{
	unsigned long before = shim_warn_count;

	fn(mt);
	return shim_warn_count - before;
}

static struct rw_semaphore rcu_sem;

static void store_write_locked(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 10, 19);

	down_write(&rcu_sem);
	CHECK_INT(mas_store_gfp(&mas, h_val(1), GFP_KERNEL), 0);
	up_write(&rcu_sem);
}

static void store_read_locked(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 30, 39);

	down_read(&rcu_sem);
	CHECK_INT(mas_store_gfp(&mas, h_val(2), GFP_KERNEL), 0);
	up_read(&rcu_sem);
}

static void walk_read_locked(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 15, 15);

	down_read(&rcu_sem);
	CHECK_PTR(mas_walk(&mas), h_val(1));
	up_read(&rcu_sem);
}

static void walk_unlocked(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 15, 15);

	CHECK_PTR(mas_walk(&mas), h_val(1));
}

static void walk_rcu(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 15, 15);

	rcu_read_lock();
	CHECK_PTR(mas_walk(&mas), h_val(1));
	rcu_read_unlock();
}

static void load_unlocked(struct maple_tree *mt)
{
	CHECK_PTR(mtree_load(mt, 15), h_val(1));
}

static void destroy_write_locked(struct maple_tree *mt)
{
	down_write(&rcu_sem);
	__mt_destroy(mt);
	up_write(&rcu_sem);
}

/*
 * The tree's lock conditions, as lockdep and PROVE_RCU check them: with an
 * external lock (an rw_semaphore, as the VMA tree's mmap_lock) a write
 * needs it held for writing and a read needs it held or the RCU read lock;
 * with the internal lock a read needs the lock or the RCU read lock.
 * Grown enough to have nodes, so that slots are dereferenced.
 */
static void rcu_lock_conditions(void)
{
	struct maple_tree mt;
	unsigned long i;

	h_case_begin("rcu: lock conditions of external-lock and internal-lock trees");
	h_allow_warnings();
	init_rwsem(&rcu_sem);
	mt_init_flags(&mt, MT_FLAGS_LOCK_EXTERN | MT_FLAGS_USE_RCU);
	mt_set_external_lock(&mt, &rcu_sem);
	CHECK_EQ(rcu_warns(store_write_locked, &mt), 0);
	down_write(&rcu_sem);
	for (i = 0; i < 100; i++) {
		MA_STATE(mas, &mt, 1000 + 10 * i, 1000 + 10 * i + 4);

		CHECK_INT(mas_store_gfp(&mas, h_val(i), GFP_KERNEL), 0);
	}
	up_write(&rcu_sem);
	CHECK(mt_height(&mt) > 1);
	CHECK(rcu_warns(store_read_locked, &mt) > 0);
	CHECK_EQ(rcu_warns(walk_read_locked, &mt), 0);
	CHECK_EQ(rcu_warns(walk_rcu, &mt), 0);
	CHECK(rcu_warns(walk_unlocked, &mt) > 0);
	CHECK_EQ(rcu_warns(load_unlocked, &mt), 0);
	CHECK_EQ(rcu_warns(destroy_write_locked, &mt), 0);

	mt_init_flags(&mt, 0);
	for (i = 0; i < 100; i++)
		CHECK_INT(mtree_store_range(&mt, 10 * i + 10, 10 * i + 19,
					    h_val(i + 1), GFP_KERNEL), 0);
	CHECK(mt_height(&mt) > 1);
	CHECK(rcu_warns(walk_unlocked, &mt) > 0);
	CHECK_EQ(rcu_warns(walk_rcu, &mt), 0);
	CHECK_EQ(rcu_warns(load_unlocked, &mt), 0);
	h_destroy(&mt);
	h_case_end();
}
#endif

void maple_rcu_tests(void)
{
	unsigned long ms = h_env_ull("RCU_MS", 1500);

	rcu_case(0, ms);
	rcu_case(MT_FLAGS_ALLOC_RANGE, ms);
#ifdef CONFIG_LOCKDEP
	rcu_lock_conditions();
#endif
}
