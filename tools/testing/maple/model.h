/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference model of the maple tree tests: a sorted array of disjoint
 * [first, last] -> entry ranges, absent ranges being NULL.  It is defined
 * in lib/maple_tree_kunit.c, the one test source of both runners, which the
 * harness builds with MT_TEST_API empty so that the harness's fuzzer and
 * stress tests can use it too; the structures here must match it.
 */
#ifndef _MAPLE_MODEL_H
#define _MAPLE_MODEL_H

#include <linux/kernel.h>

struct kunit;
struct maple_tree;

struct model_range {
	unsigned long first;
	unsigned long last;
	void *entry;
};

struct model {
	struct model_range *r;
	size_t nr;
	size_t cap;
	bool nomem;		/* could not grow: fails the next comparison */
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
 * [min, max].
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

/*
 * The whole tree against @m (iteration both ways, loads at every range
 * boundary) and mt_validate(); @held: the caller holds the tree's lock.
 * With a NULL @test, a difference fails the current harness case.
 */
bool model_matches(struct kunit *test, struct maple_tree *mt,
		   const struct model *m, bool held);
/* mt_validate(), any report it makes failing the case. */
struct mutex;
bool tree_valid(struct kunit *test, struct maple_tree *mt, struct mutex *ext,
		bool held);

#endif /* _MAPLE_MODEL_H */
