// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model for the maple tree tests: a sorted array of disjoint
 * ranges.  Every operation is a plain linear or binary search, so that it is
 * obviously right rather than fast.
 */
#include <stdlib.h>
#include "model.h"

void model_init(struct model *m)
{
	m->r = NULL;
	m->nr = 0;
	m->cap = 0;
}

void model_free(struct model *m)
{
	free(m->r);
	model_init(m);
}

static void model_reserve(struct model *m, size_t nr)
{
	if (nr <= m->cap)
		return;
	m->cap = nr < 64 ? 64 : nr * 2;
	m->r = realloc(m->r, m->cap * sizeof(*m->r));
	if (!m->r)
		abort();
}

void model_copy(struct model *dst, const struct model *src)
{
	model_reserve(dst, src->nr);
	if (src->nr)
		memcpy(dst->r, src->r, src->nr * sizeof(*src->r));
	dst->nr = src->nr;
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
	model_reserve(m, m->nr + 1);
	memmove(&m->r[pos + 1], &m->r[pos], (m->nr - pos) * sizeof(*m->r));
	m->r[pos] = *range;
	m->nr++;
}

void model_store(struct model *m, unsigned long first, unsigned long last,
		 void *entry)
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

long model_lookup(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	if (pos < m->nr && m->r[pos].first <= index)
		return pos;
	return -1;
}

void *model_load(const struct model *m, unsigned long index)
{
	long pos = model_lookup(m, index);

	return pos < 0 ? NULL : m->r[pos].entry;
}

long model_next(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	return pos < m->nr ? (long)pos : -1;
}

long model_prev(const struct model *m, unsigned long index)
{
	size_t pos = model_bound(m, index);

	if (pos < m->nr && m->r[pos].first <= index)
		return pos;
	return (long)pos - 1;
}

bool model_is_empty(const struct model *m, unsigned long first,
		    unsigned long last)
{
	long pos = model_next(m, first);

	return pos < 0 || m->r[pos].first > last;
}

void model_gap(const struct model *m, unsigned long index,
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

bool model_empty_area(const struct model *m, unsigned long min,
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

bool model_empty_area_rev(const struct model *m, unsigned long min,
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
