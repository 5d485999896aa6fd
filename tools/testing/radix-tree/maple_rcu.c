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
 *   RCU_MS	milliseconds per case (default 1500)
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "harness.h"

#define RCU_SPACE	200000UL	/* writes land in [0, RCU_SPACE) */
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
	unsigned long writes;
	unsigned int seed;
};

static void rcu_error(struct rcu_stress *s, const char *what, unsigned long index,
		      const struct rcu_item *it, unsigned long first,
		      unsigned long last)
{
	unsigned long n = __atomic_add_fetch(&s->errors, 1, __ATOMIC_RELAXED);

	if (n <= 5)
		fprintf(stderr, "  reader: %s at %lu: item [%lu, %lu] magic %lx, state range [%lu, %lu]\n",
			what, index, it ? it->first : 0, it ? it->last : 0,
			it ? it->magic : 0, first, last);
}

/* Check one entry seen at @index with the state's range [first, last]. */
static bool rcu_check(struct rcu_stress *s, const char *what, void *entry,
		      unsigned long index, unsigned long first,
		      unsigned long last)
{
	const struct rcu_item *it = entry;

	if (!entry)
		return true;
	if (it < s->items || it >= s->items + s->max_items ||
	    it->magic != RCU_MAGIC) {
		rcu_error(s, what, index, NULL, first, last);
		return false;
	}
	if (index < it->first || index > it->last || first < it->first ||
	    last > it->last || first > index || last < index) {
		rcu_error(s, what, index, it, first, last);
		return false;
	}
	return true;
}

static void *rcu_reader(void *arg)
{
	struct rcu_stress *s = arg;
	struct h_rng rng;
	unsigned long reads = 0;
	MA_STATE(mas, &s->mt, 0, 0);

	h_srand(&rng, (unsigned long)pthread_self());
	rcu_register_thread();
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		unsigned long index = h_rand_below(&rng, RCU_SPACE + 100);
		unsigned long prev_last = 0, n = 0;
		bool first_seen = true;
		void *entry;

		rcu_read_lock();
		switch (h_rand_below(&rng, 4)) {
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
			/* Forward: ranges strictly increasing. */
			mas_set(&mas, index);
			mas_for_each(&mas, entry, index + 5000) {
				if (!rcu_check(s, "mas_find", entry, mas.index,
					       mas.index, mas.last))
					break;
				if (!first_seen && mas.index <= prev_last) {
					rcu_error(s, "mas_find went back, previous last",
						  prev_last, entry, mas.index,
						  mas.last);
					break;
				}
				first_seen = false;
				prev_last = mas.last;
				if (++n == 64)
					break;
			}
			break;
		default:
			/* Backward: ranges strictly decreasing. */
			mas_set(&mas, index);
			while ((entry = mas_find_rev(&mas, 0)) != NULL) {
				if (!rcu_check(s, "mas_find_rev", entry,
					       mas.last, mas.index, mas.last))
					break;
				if (!first_seen && mas.last >= prev_last) {
					rcu_error(s, "mas_find_rev went forward, previous first",
						  prev_last, entry, mas.index,
						  mas.last);
					break;
				}
				first_seen = false;
				prev_last = mas.index;
				if (++n == 64)
					break;
			}
			break;
		}
		rcu_read_unlock();
		reads++;
	}
	rcu_unregister_thread();
	__atomic_add_fetch(&s->reads, reads, __ATOMIC_RELAXED);
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

static bool rcu_writer_step(struct rcu_stress *s, struct h_rng *rng)
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

static void rcu_case(unsigned int flags, unsigned long ms)
{
	struct rcu_stress s = { 0 };
	pthread_t readers[RCU_READERS];
	struct timespec start, now;
	struct h_rng rng;
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

	/* Start half full. */
	for (i = 0; i < 20000; i++)
		rcu_writer_step(&s, &rng);
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
	CHECK(s.writes > 0);
	CHECK(h_validate(&s.mt));
	printf("     %lu writes, %lu reader operations, %lu items\n", s.writes,
	       s.reads, s.nr_items);
	h_destroy(&s.mt);
	synchronize_rcu();
out:
	free(s.items);
	h_case_end();
}

void maple_rcu_tests(void)
{
	unsigned long ms = h_env_ull("RCU_MS", 1500);

	rcu_case(0, ms);
	rcu_case(MT_FLAGS_ALLOC_RANGE, ms);
}
