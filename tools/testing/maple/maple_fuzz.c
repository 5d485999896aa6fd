// SPDX-License-Identifier: GPL-2.0
/*
 * Differential fuzzer: random operation sequences applied both to a maple
 * tree and to the reference model, every result compared.
 *
 * The run is split in rounds; round r uses seed FUZZ_SEED + r and picks its
 * own tree flags (plain or allocation-range, with or without RCU), index
 * space profile and target size from that seed.  A failing round prints the
 * command that replays exactly that round.
 *
 *   FUZZ_SEED		first round's seed (default 1)
 *   FUZZ_OPS		operations in this run (default 100000)
 *   FUZZ_ROUND_OPS	operations per round (default 20000)
 *   FUZZ_CHECK_EVERY	full tree/model comparison period (default 500)
 *
 * In the debug build mt_validate() runs after every operation.
 */
#include <stdlib.h>
#include "harness.h"
#include "model.h"

enum fuzz_profile {
	PROFILE_DENSE,		/* [0, 4096): many exact fits and neighbours */
	PROFILE_WIDE,		/* [0, 2^24) */
	PROFILE_EXTREMES,	/* clustered at 0, at ULONG_MAX and anywhere */
	PROFILE_NR
};

static const char * const profile_names[] = { "dense", "wide", "extremes" };

struct fuzz {
	struct maple_tree mt;
	struct model m;
	struct h_rng rng;
	unsigned int flags;
	enum fuzz_profile profile;
	unsigned long target;	/* rough number of ranges to aim for */
	unsigned long next_val;
	unsigned long op;
	const char *op_name;
	unsigned long peak_nr;
	unsigned long sum_nr;
	unsigned int peak_height;
};

/*
 * A reverse gap search up to ULONG_MAX that failed although the model has a
 * gap ending below ULONG_MAX: upstream's UB_EMPTY_AREA_REV_MAX.  Built
 * against upstream, the caller then repeats the search up to ULONG_MAX - 1,
 * which has the same answer, and checks that one instead.
 */
static bool fuzz_rev_max_miss(bool rev, int ret, int expect,
			      unsigned long size, unsigned long want,
			      unsigned long *max)
{
	if (!rev || ret != -EBUSY || expect != 0 || *max != ULONG_MAX ||
	    want + size - 1 == ULONG_MAX || !h_upstream_bug(UB_EMPTY_AREA_REV_MAX))
		return false;
	*max = ULONG_MAX - 1;
	return true;
}

static unsigned long fuzz_rand(struct fuzz *f, unsigned long n)
{
	return h_rand_below(&f->rng, n);
}

static bool fuzz_chance(struct fuzz *f, unsigned int percent)
{
	return fuzz_rand(f, 100) < percent;
}

static void *fuzz_new_entry(struct fuzz *f)
{
	return h_val(++f->next_val);
}

/* An index drawn from the profile, often right at an existing boundary. */
static unsigned long fuzz_index(struct fuzz *f)
{
	unsigned long x;

	if (f->m.nr && fuzz_chance(f, 40)) {
		const struct model_range *r = &f->m.r[fuzz_rand(f, f->m.nr)];

		switch (fuzz_rand(f, 4)) {
		case 0: return r->first;
		case 1: return r->last;
		case 2: return r->first - 1;
		default: return r->last + 1;
		}
	}
	switch (f->profile) {
	case PROFILE_DENSE:
		return fuzz_rand(f, 4096);
	case PROFILE_WIDE:
		return fuzz_rand(f, 1UL << 24);
	default:
		x = fuzz_rand(f, 1UL << 16);
		switch (fuzz_rand(f, 4)) {
		case 0: return x;
		case 1: return ULONG_MAX - x;
		case 2: return fuzz_rand(f, 8) ? x * 1000 : 0;
		default: return h_rand(&f->rng);
		}
	}
}

/* A range length: mostly short, sometimes spanning many ranges. */
static unsigned long fuzz_len(struct fuzz *f)
{
	unsigned long scale = f->profile == PROFILE_DENSE ? 4096 :
			      f->profile == PROFILE_WIDE ? 1UL << 24 : ULONG_MAX;

	unsigned long r = fuzz_rand(f, 1000);

	if (r < 400)
		return 1;
	if (r < 750)
		return 1 + fuzz_rand(f, 8);
	if (r < 900)
		return 1 + fuzz_rand(f, 64);
	if (r < 970)
		return 1 + fuzz_rand(f, scale / 512);
	if (r < 990)
		return 1 + fuzz_rand(f, scale / 32);
	return 1 + fuzz_rand(f, scale / 4);
}

static void fuzz_range(struct fuzz *f, unsigned long *first,
		       unsigned long *last)
{
	unsigned long a = fuzz_index(f), len = fuzz_len(f);

	if (fuzz_chance(f, 50)) {
		*first = a;
		*last = a + len - 1 < a ? ULONG_MAX : a + len - 1;
	} else {
		*last = a;
		*first = a - (len - 1) > a ? 0 : a - (len - 1);
	}
}

/* Shrink or grow towards the target size. */
static bool fuzz_want_erase(struct fuzz *f)
{
	if (f->m.nr > f->target)
		return fuzz_chance(f, 60);
	return fuzz_chance(f, 5);
}

static bool fuzz_check_entry(struct fuzz *f, unsigned long index, void *got,
			     unsigned long first, unsigned long last)
{
	long pos = model_lookup(&f->m, index);

	if (pos >= 0) {
		const struct model_range *r = &f->m.r[pos];

		return CHECK_PTR(got, r->entry) && CHECK_EQ(first, r->first) &&
		       CHECK_EQ(last, r->last);
	}
	return CHECK_PTR(got, NULL) && CHECK(first <= index && index <= last) &&
	       CHECK(model_is_empty(&f->m, first, last));
}

static void op_store(struct fuzz *f)
{
	unsigned long first, last;
	void *entry = fuzz_want_erase(f) ? NULL : fuzz_new_entry(f);

	fuzz_range(f, &first, &last);
	if (first == last && fuzz_chance(f, 50)) {
		f->op_name = "mtree_store";
		CHECK_INT(mtree_store(&f->mt, first, entry, GFP_KERNEL), 0);
	} else {
		f->op_name = "mtree_store_range";
		CHECK_INT(mtree_store_range(&f->mt, first, last, entry,
					    GFP_KERNEL), 0);
	}
	model_store(&f->m, first, last, entry);
}

static void op_insert(struct fuzz *f)
{
	unsigned long first, last;
	void *entry = fuzz_new_entry(f);
	bool empty, leaf_root = mt_height(&f->mt) == 1;
	int ret;

	f->op_name = "mtree_insert_range";
	fuzz_range(f, &first, &last);
	empty = model_is_empty(&f->m, first, last);
	ret = mtree_insert_range(&f->mt, first, last, entry, GFP_KERNEL);
	if (!empty && ret == 0 && first == 0 && last == ULONG_MAX &&
	    leaf_root && h_upstream_bug(UB_INSERT_ALL)) {
		/* It stored anyway: follow the tree. */
		model_store(&f->m, first, last, entry);
		return;
	}
	if (CHECK_INT(ret, empty ? 0 : -EEXIST) && empty)
		model_store(&f->m, first, last, entry);
}

static void op_erase(struct fuzz *f)
{
	unsigned long index = fuzz_index(f);
	long pos = model_lookup(&f->m, index);
	void *want = pos >= 0 ? f->m.r[pos].entry : NULL;

	f->op_name = "mtree_erase";
	CHECK_PTR(mtree_erase(&f->mt, index), want);
	if (pos >= 0)
		model_store(&f->m, f->m.r[pos].first, f->m.r[pos].last, NULL);
}

/* The advanced API: mas_store_gfp, mas_preallocate/mas_store_prealloc, mas_erase. */
static void op_mas_write(struct fuzz *f)
{
	unsigned long first, last, before;
	void *entry = fuzz_want_erase(f) ? NULL : fuzz_new_entry(f);
	MA_STATE(mas, &f->mt, 0, 0);

	fuzz_range(f, &first, &last);
	mtree_lock(&f->mt);
	mas_set_range(&mas, first, last);
	switch (fuzz_rand(f, 3)) {
	case 0:
		f->op_name = "mas_store_gfp";
		CHECK_INT(mas_store_gfp(&mas, entry, GFP_KERNEL), 0);
		model_store(&f->m, first, last, entry);
		break;
	case 1:
		f->op_name = "mas_preallocate+mas_store_prealloc";
		if (!CHECK_INT(mas_preallocate(&mas, entry, GFP_KERNEL), 0))
			break;
		before = shim_alloc_attempts();
		mas_store_prealloc(&mas, entry);
		CHECK_EQ(shim_alloc_attempts(), before);
		model_store(&f->m, first, last, entry);
		break;
	default: {
		long pos = model_lookup(&f->m, first);

		f->op_name = "mas_erase";
		mas_set(&mas, first);
		if (pos >= 0) {
			unsigned long a = f->m.r[pos].first;
			unsigned long b = f->m.r[pos].last;

			CHECK_PTR(mas_erase(&mas), f->m.r[pos].entry);
			model_store(&f->m, a, b, NULL);
			/*
			 * The state is left on the erased range, or on the
			 * whole empty range it merged into.
			 */
			CHECK(mas.index <= a && mas.last >= b);
			CHECK(model_is_empty(&f->m, mas.index, mas.last));
		} else {
			CHECK_PTR(mas_erase(&mas), NULL);
		}
		break;
	}
	}
	mas_destroy(&mas);
	mtree_unlock(&f->mt);
}

static void fuzz_gap_args(struct fuzz *f, unsigned long *min,
			  unsigned long *max, unsigned long *size)
{
	unsigned long a = fuzz_index(f), b = fuzz_index(f);

	if (fuzz_chance(f, 30)) {
		a = 0;
		b = ULONG_MAX;
	}
	*min = a < b ? a : b;
	*max = a < b ? b : a;
	*size = fuzz_chance(f, 70) ? 1 + fuzz_rand(f, 16) : fuzz_len(f);
}

static int gap_errno(unsigned long min, unsigned long max, unsigned long size,
		     bool found)
{
	if (size == 0 || max - min < size - 1)
		return -EINVAL;
	return found ? 0 : -EBUSY;
}

static void op_alloc(struct fuzz *f)
{
	unsigned long min, max, size, want = 0, got = 0;
	bool rev = fuzz_chance(f, 50), found;
	void *entry = fuzz_new_entry(f);
	int expect, ret;

	fuzz_gap_args(f, &min, &max, &size);
	found = rev ? model_empty_area_rev(&f->m, min, max, size, &want) :
		      model_empty_area(&f->m, min, max, size, &want);
	expect = gap_errno(min, max, size, found);
	if (!(f->flags & MT_FLAGS_ALLOC_RANGE))
		expect = -EINVAL;
	if (rev) {
		f->op_name = "mtree_alloc_rrange";
		ret = mtree_alloc_rrange(&f->mt, &got, entry, size, min, max,
					 GFP_KERNEL);
		if (fuzz_rev_max_miss(rev, ret, expect, size, want, &max)) {
			found = model_empty_area_rev(&f->m, min, max, size,
						     &want);
			expect = gap_errno(min, max, size, found);
			ret = mtree_alloc_rrange(&f->mt, &got, entry, size, min,
						 max, GFP_KERNEL);
		}
	} else {
		f->op_name = "mtree_alloc_range";
		ret = mtree_alloc_range(&f->mt, &got, entry, size, min, max,
					GFP_KERNEL);
	}
	if (!CHECK_INT(ret, expect))
		fprintf(stderr, "  %s(size %lx, min %lx, max %lx)\n",
			f->op_name, size, min, max);
	if (ret == 0) {
		CHECK_EQ(got, want);
		model_store(&f->m, got, got + size - 1, entry);
	}
}

static void op_empty_area(struct fuzz *f)
{
	unsigned long min, max, size, want = 0;
	bool rev = fuzz_chance(f, 50), found;
	MA_STATE(mas, &f->mt, 0, 0);
	int expect, ret;

	if (!(f->flags & MT_FLAGS_ALLOC_RANGE))
		return;
	fuzz_gap_args(f, &min, &max, &size);
	found = rev ? model_empty_area_rev(&f->m, min, max, size, &want) :
		      model_empty_area(&f->m, min, max, size, &want);
	expect = gap_errno(min, max, size, found);
	f->op_name = rev ? "mas_empty_area_rev" : "mas_empty_area";
	rcu_read_lock();
	ret = rev ? mas_empty_area_rev(&mas, min, max, size) :
		    mas_empty_area(&mas, min, max, size);
	if (fuzz_rev_max_miss(rev, ret, expect, size, want, &max)) {
		found = model_empty_area_rev(&f->m, min, max, size, &want);
		expect = gap_errno(min, max, size, found);
		mas_reset(&mas);
		ret = mas_empty_area_rev(&mas, min, max, size);
	}
	rcu_read_unlock();
	if (!CHECK_INT(ret, expect))
		fprintf(stderr, "  %s(min %lx, max %lx, size %lx)\n",
			f->op_name, min, max, size);
	if (ret == 0 && expect == 0) {
		CHECK_EQ(mas.index, want);
		CHECK_EQ(mas.last, want + size - 1);
	}
}

static void op_read(struct fuzz *f)
{
	unsigned long index = fuzz_index(f), cursor, limit;
	MA_STATE(mas, &f->mt, index, index);
	long pos;
	void *entry;
	int i;

	switch (fuzz_rand(f, 6)) {
	case 0:
		f->op_name = "mtree_load";
		CHECK_PTR(mtree_load(&f->mt, index), model_load(&f->m, index));
		break;
	case 1:
		f->op_name = "mas_walk";
		rcu_read_lock();
		entry = mas_walk(&mas);
		fuzz_check_entry(f, index, entry, mas.index, mas.last);
		rcu_read_unlock();
		break;
	case 2:
		f->op_name = "mt_find";
		limit = fuzz_chance(f, 50) ? ULONG_MAX : index + fuzz_len(f);
		if (limit < index)
			limit = ULONG_MAX;
		cursor = index;
		for (i = 0; i < 4; i++) {
			pos = model_next(&f->m, cursor);
			if (pos >= 0 && f->m.r[pos].first > limit)
				pos = -1;
			entry = i ? mt_find_after(&f->mt, &cursor, limit) :
				    mt_find(&f->mt, &cursor, limit);
			if (!CHECK_PTR(entry, pos < 0 ? NULL : f->m.r[pos].entry) ||
			    pos < 0)
				break;
			if (!CHECK_EQ(cursor, f->m.r[pos].last + 1))
				break;
			if (!cursor)
				break;
		}
		break;
	case 3:
		f->op_name = "mas_find";
		limit = fuzz_chance(f, 50) ? ULONG_MAX : index + fuzz_len(f);
		if (limit < index)
			limit = ULONG_MAX;
		rcu_read_lock();
		pos = model_next(&f->m, index);
		for (i = 0; i < 6; i++) {
			if (pos >= 0 && (size_t)pos < f->m.nr &&
			    f->m.r[pos].first > limit)
				pos = f->m.nr;
			entry = mas_find(&mas, limit);
			if (pos < 0 || (size_t)pos >= f->m.nr) {
				CHECK_PTR(entry, NULL);
				break;
			}
			if (!CHECK_PTR(entry, f->m.r[pos].entry) ||
			    !CHECK_EQ(mas.index, f->m.r[pos].first))
				break;
			pos++;
			if (fuzz_chance(f, 20))
				mas_pause(&mas);
		}
		rcu_read_unlock();
		break;
	case 4:
		f->op_name = "mas_find_rev";
		limit = fuzz_chance(f, 50) ? 0 : index - fuzz_len(f);
		if (limit > index)
			limit = 0;
		rcu_read_lock();
		pos = model_prev(&f->m, index);
		for (i = 0; i < 6; i++) {
			if (pos >= 0 && f->m.r[pos].last < limit)
				pos = -1;
			entry = mas_find_rev(&mas, limit);
			/* Index 0 alone, below the limit: UB_ROOT_PREV_MIN. */
			if (pos < 0 && entry && f->m.nr == 1 &&
			    f->m.r[0].first == 0 && f->m.r[0].last == 0 &&
			    entry == f->m.r[0].entry && mas.index == 0 &&
			    limit > 0 && h_upstream_bug(UB_ROOT_PREV_MIN))
				break;
			if (pos < 0) {
				if (!CHECK_PTR(entry, NULL))
					fprintf(stderr, "  mas_find_rev from %lx down to %lx, call %d: [%lx, %lx]\n",
						index, limit, i + 1, mas.index,
						mas.last);
				break;
			}
			if (!CHECK_PTR(entry, f->m.r[pos].entry) ||
			    !CHECK_EQ(mas.index, f->m.r[pos].first))
				break;
			pos--;
			if (fuzz_chance(f, 20))
				mas_pause(&mas);
		}
		rcu_read_unlock();
		break;
	default:
		/* mas_next_range()/mas_prev_range() step over every slot. */
		f->op_name = fuzz_chance(f, 50) ? "mas_next_range" :
						   "mas_prev_range";
		rcu_read_lock();
		entry = mas_walk(&mas);
		for (i = 0; i < 6; i++) {
			unsigned long expect;

			if (!fuzz_check_entry(f, mas.index, entry, mas.index,
					      mas.last))
				break;
			if (f->op_name[4] == 'n') {
				if (mas.last == ULONG_MAX)
					break;
				expect = mas.last + 1;
				entry = mas_next_range(&mas, ULONG_MAX);
				if (!CHECK_EQ(mas.index, expect))
					break;
			} else {
				if (mas.index == 0)
					break;
				expect = mas.index - 1;
				entry = mas_prev_range(&mas, 0);
				if (!CHECK_EQ(mas.last, expect))
					break;
			}
		}
		rcu_read_unlock();
		break;
	}
}

/*
 * Where the model says a maple state stands after mas_walk(), mas_next()
 * and mas_prev(): on a range (present or empty), and whether the last step
 * stopped at a limit.
 */
struct fuzz_pos {
	unsigned long first, last;
	enum { POS_ACTIVE, POS_OVER, POS_UNDER } st;
};

/* The range, present or empty, that holds @index. */
static void *fuzz_range_at(struct fuzz *f, unsigned long index,
			   struct fuzz_pos *p)
{
	long pos = model_lookup(&f->m, index);

	if (pos >= 0) {
		p->first = f->m.r[pos].first;
		p->last = f->m.r[pos].last;
		return f->m.r[pos].entry;
	}
	model_gap(&f->m, index, &p->first, &p->last);
	return NULL;
}

/*
 * The contract of mas_next(@max): nothing if the state's range reaches
 * @max (overflow, the state stays); after an underflow, the entry of the
 * state's range if it holds one; else the first entry after the range that
 * starts at or below @max, or nothing, the state then on the range that
 * holds @max (overflow).
 */
static void *fuzz_model_next(struct fuzz *f, struct fuzz_pos *p,
			     unsigned long max)
{
	bool was_under = p->st == POS_UNDER;
	void *entry;
	long pos;

	if (p->last >= max) {
		p->st = POS_OVER;
		return NULL;
	}
	p->st = POS_ACTIVE;
	if (was_under) {
		entry = fuzz_range_at(f, p->first, p);
		if (entry)
			return entry;
	}
	pos = model_next(&f->m, p->last + 1);
	if (pos >= 0 && f->m.r[pos].first <= max)
		return fuzz_range_at(f, f->m.r[pos].first, p);
	fuzz_range_at(f, max, p);
	p->st = POS_OVER;
	return NULL;
}

/* The mirror image of fuzz_model_next() for mas_prev(@min). */
static void *fuzz_model_prev(struct fuzz *f, struct fuzz_pos *p,
			     unsigned long min)
{
	bool was_over = p->st == POS_OVER;
	void *entry;
	long pos;

	if (p->first <= min) {
		p->st = POS_UNDER;
		return NULL;
	}
	p->st = POS_ACTIVE;
	if (was_over) {
		entry = fuzz_range_at(f, p->first, p);
		if (entry)
			return entry;
	}
	pos = model_prev(&f->m, p->first - 1);
	if (pos >= 0 && f->m.r[pos].last >= min)
		return fuzz_range_at(f, f->m.r[pos].first, p);
	fuzz_range_at(f, min, p);
	p->st = POS_UNDER;
	return NULL;
}

/* A limit for a step: none, near the state, or at a boundary. */
static unsigned long fuzz_limit(struct fuzz *f, unsigned long at, bool up)
{
	unsigned long len = fuzz_len(f);

	switch (fuzz_rand(f, 4)) {
	case 0:
		return up ? ULONG_MAX : 0;
	case 1:
		return fuzz_index(f);
	default:
		if (up)
			return at + len < at ? ULONG_MAX : at + len;
		return at < len ? 0 : at - len;
	}
}

/*
 * mas_next()/mas_prev() with limits, in both directions in turn, resuming
 * after the limit stopped them: every step against fuzz_model_next/prev.
 */
static void op_step(struct fuzz *f)
{
	unsigned long index = fuzz_index(f), limit;
	struct fuzz_pos p = { .st = POS_ACTIVE };
	MA_STATE(mas, &f->mt, index, index);
	void *entry, *want;
	int i;

	/* A tree without nodes has its own rules for index 0. */
	if (mt_height(&f->mt) == 0)
		return;
	f->op_name = "mas_next/mas_prev";
	rcu_read_lock();
	entry = mas_walk(&mas);
	want = fuzz_range_at(f, index, &p);
	if (!CHECK_PTR(entry, want) || !CHECK_EQ(mas.index, p.first) ||
	    !CHECK_EQ(mas.last, p.last))
		goto out;
	for (i = 0; i < 12; i++) {
		bool up = fuzz_chance(f, 50);

		limit = fuzz_limit(f, up ? p.last : p.first, up);
		if (up) {
			entry = mas_next(&mas, limit);
			want = fuzz_model_next(f, &p, limit);
		} else {
			entry = mas_prev(&mas, limit);
			want = fuzz_model_prev(f, &p, limit);
		}
		if (!CHECK_PTR(entry, want) ||
		    (entry && (!CHECK_EQ(mas.index, p.first) ||
			       !CHECK_EQ(mas.last, p.last)))) {
			fprintf(stderr, "  step %d: %s(%lx) from the walk to %lx\n",
				i + 1, up ? "mas_next" : "mas_prev", limit,
				index);
			break;
		}
	}
out:
	rcu_read_unlock();
}

/*
 * A store through a state that a walk or a search has positioned: over the
 * range it found, or part of it.  mas_store() returns what was at the
 * state's index, and leaves the state on the range written (or the whole
 * empty range for NULL), from where mas_find() and mas_prev() go on.
 */
static void op_positioned_store(struct fuzz *f)
{
	unsigned long index = fuzz_index(f), first, last;
	void *entry = fuzz_want_erase(f) ? NULL : fuzz_new_entry(f);
	MA_STATE(mas, &f->mt, index, index);
	struct fuzz_pos p;
	void *old, *want;
	const char *how;
	long pos;

	f->op_name = "positioned mas_store";
	mtree_lock(&f->mt);
	if (fuzz_chance(f, 50) || mt_height(&f->mt) == 0) {
		mas_walk(&mas);
	} else if (!mas_find(&mas, ULONG_MAX)) {
		mtree_unlock(&f->mt);
		return;
	}
	first = mas.index;
	last = mas.last;
	if (fuzz_chance(f, 30) && last > first) {
		/* Part of it: one end stays. */
		if (fuzz_chance(f, 50))
			first += fuzz_rand(f, last - first) + 1;
		else
			last -= fuzz_rand(f, last - first) + 1;
		mas_set_range(&mas, first, last);
	}
	want = model_load(&f->m, first);
	how = mas.status == ma_start ? "part of a range" : "a whole range";
	old = mas_store(&mas, entry);
	if (mas_is_err(&mas)) {
		/* No preallocation: it may only fail for want of memory. */
		CHECK_INT(xa_err(mas.node), -ENOMEM);
		mas_destroy(&mas);
		mtree_unlock(&f->mt);
		return;
	}
	if (old != want && !entry && h_upstream_bug(UB_STORE_RETURN))
		;	/* the state is still right: go on */
	else if (!CHECK_PTR(old, want))
		fprintf(stderr, "  mas_store(%p) over %s, [%lx, %lx]\n", entry,
			how, first, last);
	model_store(&f->m, first, last, entry);
	fuzz_range_at(f, first, &p);
	if (entry)
		CHECK(mas.index == first && mas.last == last);
	else
		CHECK(mas.index == p.first && mas.last == p.last);
	if (fuzz_chance(f, 50)) {
		pos = model_next(&f->m, mas.last + 1);
		want = pos >= 0 && mas.last != ULONG_MAX ? f->m.r[pos].entry :
							   NULL;
		CHECK_PTR(mas_find(&mas, ULONG_MAX), want);
	} else {
		pos = mas.index ? model_prev(&f->m, mas.index - 1) : -1;
		CHECK_PTR(mas_prev(&mas, 0), pos >= 0 ? f->m.r[pos].entry :
							NULL);
	}
	mas_destroy(&mas);
	mtree_unlock(&f->mt);
}

/*
 * The tree rebuilt by a bulk load: mas_expected_entries(), ascending
 * mas_store()s (each returning NULL: nothing was there), mas_destroy().
 */
static void op_bulk(struct fuzz *f)
{
	unsigned long n = 1 + fuzz_rand(f, f->target * 2), at = fuzz_index(f);
	unsigned long i, len;
	MA_STATE(mas, &f->mt, 0, 0);
	void *entry;

	/* Upstream runs out in RCU mode and then dereferences NULL. */
	if (f->flags & MT_FLAGS_USE_RCU && h_upstream_bug(UB_BULK_RCU))
		return;
	f->op_name = "mas_expected_entries+mas_store";
	h_destroy(&f->mt);
	f->m.nr = 0;
	mt_init_flags(&f->mt, f->flags);
	mtree_lock(&f->mt);
	if (!CHECK_INT(mas_expected_entries(&mas, n), 0))
		goto out;
	for (i = 0; i < n; i++) {
		len = fuzz_len(f);
		if (at + len - 1 < at)
			break;
		entry = fuzz_chance(f, 10) ? NULL : fuzz_new_entry(f);
		mas_set_range(&mas, at, at + len - 1);
		if (!CHECK_PTR(mas_store(&mas, entry), NULL) ||
		    !CHECK(!mas_is_err(&mas)))
			break;
		model_store(&f->m, at, at + len - 1, entry);
		at += len + fuzz_rand(f, 3);
		if (at < len)
			break;
	}
out:
	mas_destroy(&mas);
	mtree_unlock(&f->mt);
}

static void fuzz_tree_init(struct fuzz *f)
{
	mt_init_flags(&f->mt, f->flags);
}

static void op_dup(struct fuzz *f)
{
	struct maple_tree copy;

	f->op_name = "mtree_dup";
	mt_init_flags(&copy, f->flags);
	if (CHECK_INT(mtree_dup(&f->mt, &copy, GFP_KERNEL), 0))
		CHECK(h_check_model(&copy, &f->m));
	h_destroy(&copy);
}

static void op_recreate(struct fuzz *f)
{
	f->op_name = "mtree_destroy";
	h_destroy(&f->mt);
	CHECK(mtree_empty(&f->mt));
	f->m.nr = 0;
	fuzz_tree_init(f);
}

static void fuzz_one(struct fuzz *f)
{
	unsigned long r = fuzz_rand(f, 1000);

	if (r < 300)
		op_store(f);
	else if (r < 380)
		op_insert(f);
	else if (r < 470)
		f->m.nr > f->target || fuzz_chance(f, 30) ? op_erase(f) : op_store(f);
	else if (r < 570)
		op_mas_write(f);
	else if (r < 640)
		op_alloc(f);
	else if (r < 720)
		op_empty_area(f);
	else if (r < 900)
		op_read(f);
	else if (r < 960)
		op_step(f);
	else if (r < 997)
		op_positioned_store(f);
	else if (r < 998)
		op_bulk(f);
	else if (r < 999)
		op_dup(f);
	else
		op_recreate(f);
}

static const char *flags_name(unsigned int flags)
{
	static const char * const names[] = {
		"plain", "alloc", "plain+rcu", "alloc+rcu"
	};

	return names[flags & 3];
}

static void fuzz_round(unsigned long long seed, unsigned long ops,
		       unsigned long check_every)
{
	static const unsigned long targets[] = { 8, 40, 300, 2000, 6000 };
	struct fuzz f = { 0 };
	bool rcu_off = false;

	h_srand(&f.rng, seed);
	f.flags = fuzz_rand(&f, 4);
#ifdef MAPLE_UPSTREAM
	/*
	 * In RCU mode, upstream frees the subtrees that a spanning store
	 * replaces, and destroyed trees, through mt_destroy_walk() and
	 * mt_free_walk(), which go wrong on maple_range_64 inner nodes
	 * (UB_RCU_FREE_WALK: double or wild frees, e.g. FUZZ_SEED=34 under
	 * ASan).  A plain tree has such nodes, so its RCU rounds run without
	 * RCU mode and are reported as hitting the bug, unless
	 * FUZZ_UPSTREAM_RCU=1.  Alloc-range trees (maple_arange_64 inner
	 * nodes) run in RCU mode.
	 */
	if ((f.flags & MT_FLAGS_USE_RCU) && !(f.flags & MT_FLAGS_ALLOC_RANGE) &&
	    !h_env_ull("FUZZ_UPSTREAM_RCU", 0)) {
		f.flags &= ~MT_FLAGS_USE_RCU;
		rcu_off = true;
	}
#endif
	f.profile = fuzz_rand(&f, PROFILE_NR);
	f.target = targets[fuzz_rand(&f, ARRAY_SIZE(targets))];
	model_init(&f.m);
	fuzz_tree_init(&f);

	h_case_begin("fuzz: seed %llu, %s tree, %s indices, ~%lu ranges, %lu ops",
		     seed, rcu_off ? "plain+rcu (run without RCU)" :
		     flags_name(f.flags), profile_names[f.profile],
		     f.target, ops);
	if (rcu_off)
		h_upstream_bug(UB_RCU_FREE_WALK);
	for (f.op = 0; f.op < ops; f.op++) {
		f.op_name = "?";
		fuzz_one(&f);
		if (!h_case_failed() && !h_validate(&f.mt))
			fprintf(stderr, "  mt_validate() after %s\n", f.op_name);
		if (!h_case_failed() && (f.op % check_every == check_every - 1))
			h_check_model(&f.mt, &f.m);
		if (h_case_failed())
			break;
		f.sum_nr += f.m.nr;
		if (f.m.nr > f.peak_nr)
			f.peak_nr = f.m.nr;
		if (mt_height(&f.mt) > f.peak_height)
			f.peak_height = mt_height(&f.mt);
		/* Now and then swing the target to force merges and splits. */
		if (f.op % 4096 == 4095)
			f.target = targets[fuzz_rand(&f, ARRAY_SIZE(targets))];
	}
	if (h_case_failed()) {
		fprintf(stderr, "  failed at op #%lu (%s); tree has %zu ranges\n",
			f.op, f.op_name, f.m.nr);
		if (f.m.nr <= 64) {
			size_t i;

			for (i = 0; i < f.m.nr; i++)
				fprintf(stderr, "    model [%lx, %lx] %p\n",
					f.m.r[i].first, f.m.r[i].last,
					f.m.r[i].entry);
		}
		fprintf(stderr, "  reproduce: FUZZ_SEED=%llu FUZZ_OPS=%lu FUZZ_ROUND_OPS=%lu <maple_test> fuzz\n",
			seed, f.op + 1, f.op + 1);
	} else {
		h_check_model(&f.mt, &f.m);
	}
	printf("     ranges: mean %lu, peak %lu; peak height %u\n",
	       f.op ? f.sum_nr / f.op : 0, f.peak_nr, f.peak_height);
	h_destroy(&f.mt);
	model_free(&f.m);
	h_case_end();
}

void maple_fuzz_tests(void)
{
	unsigned long long seed = h_env_ull("FUZZ_SEED", 1);
	unsigned long ops = h_env_ull("FUZZ_OPS", 100000);
	unsigned long round_ops = h_env_ull("FUZZ_ROUND_OPS", 20000);
	unsigned long check_every = h_env_ull("FUZZ_CHECK_EVERY", 500);
	unsigned long done = 0;

	if (!round_ops)
		round_ops = 1;
	if (!check_every)
		check_every = 1;
	printf("fuzz: FUZZ_SEED=%llu FUZZ_OPS=%lu FUZZ_ROUND_OPS=%lu, mt_validate %s\n",
	       seed, ops, round_ops,
	       h_have_validate ? "after every op" : "not built in (fast build)");
#ifdef MAPLE_UPSTREAM
	if (!h_env_ull("FUZZ_UPSTREAM_RCU", 0))
		printf("fuzz: upstream build: plain trees' RCU rounds run without RCU mode (known upstream bug; FUZZ_UPSTREAM_RCU=1 runs them)\n");
#endif
	while (done < ops) {
		unsigned long n = ops - done < round_ops ? ops - done : round_ops;

		fuzz_round(seed++, n, check_every);
		done += n;
	}
}
