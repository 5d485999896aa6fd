/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference model: a sorted array of disjoint [first, last] -> entry
 * ranges.  Absent ranges are NULL.  Deliberately simple and slow.
 */
#ifndef _MAPLE_MODEL_H
#define _MAPLE_MODEL_H

#include <linux/kernel.h>

struct model_range {
	unsigned long first;
	unsigned long last;
	void *entry;
};

struct model {
	struct model_range *r;
	size_t nr;
	size_t cap;
};

void model_init(struct model *m);
void model_free(struct model *m);
void model_copy(struct model *dst, const struct model *src);
/* Overwrite [first, last]; a NULL entry erases. */
void model_store(struct model *m, unsigned long first, unsigned long last,
		 void *entry);
/* Index of the range holding @index, or -1. */
long model_lookup(const struct model *m, unsigned long index);
void *model_load(const struct model *m, unsigned long index);
/* First range that ends at or after @index (-1 if none). */
long model_next(const struct model *m, unsigned long index);
/* Last range that starts at or before @index (-1 if none). */
long model_prev(const struct model *m, unsigned long index);
/* True if nothing is stored in [first, last]. */
bool model_is_empty(const struct model *m, unsigned long first,
		    unsigned long last);
/*
 * Lowest (rev: highest) start of a run of @size empty indices that lies in
 * [min, max]; the rev variant reports the end of the run in *@endp.
 */
bool model_empty_area(const struct model *m, unsigned long min,
		      unsigned long max, unsigned long size,
		      unsigned long *startp);
bool model_empty_area_rev(const struct model *m, unsigned long min,
			  unsigned long max, unsigned long size,
			  unsigned long *startp);
/* The NULL range around @index: [*first, *last]; @index must be empty. */
void model_gap(const struct model *m, unsigned long index,
	       unsigned long *first, unsigned long *last);

#endif /* _MAPLE_MODEL_H */
