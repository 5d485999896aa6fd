// SPDX-License-Identifier: GPL-2.0
/*
 * The pre-6.1 way of tracking VMAs, as a benchmark baseline: an rb-tree
 * (the kernel's lib/rbtree.c, from KERNEL_SRC at build time) keyed by start,
 * augmented with the largest gap below each subtree, plus a doubly linked
 * list in address order for iteration and neighbours.
 *
 * Built against the kernel's tools/include, apart from the maple tree shims.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <linux/rbtree_augmented.h>
#include "bench.h"

struct area {
	unsigned long start;
	unsigned long end;		/* exclusive */
	struct rb_node rb;
	unsigned long subtree_gap;	/* largest gap in this subtree */
	struct area *next, *prev;
	void *payload;
};

struct area_tree {
	struct rb_root root;
	struct area *head, *tail;
};

static unsigned long area_gap(struct area *a)
{
	return a->start - (a->prev ? a->prev->end : 0);
}

RB_DECLARE_CALLBACKS_MAX(static, area_gap_cb, struct area, rb, unsigned long,
			 subtree_gap, area_gap)

/* Append after the current last area (starts only grow). */
static void area_append(struct area_tree *t, struct area *a)
{
	struct rb_node **link = &t->root.rb_node, *parent = NULL;

	a->prev = t->tail;
	a->next = NULL;
	if (t->tail)
		t->tail->next = a;
	else
		t->head = a;
	t->tail = a;
	a->subtree_gap = area_gap(a);
	while (*link) {
		struct area *p = rb_entry(*link, struct area, rb);

		parent = *link;
		if (p->subtree_gap < a->subtree_gap)
			p->subtree_gap = a->subtree_gap;
		link = &(*link)->rb_right;
	}
	rb_link_node(&a->rb, parent, link);
	rb_insert_augmented(&a->rb, &t->root, &area_gap_cb);
}

static void area_erase(struct area_tree *t, struct area *a)
{
	struct area *next = a->next;

	rb_erase_augmented(&a->rb, &t->root, &area_gap_cb);
	if (a->prev)
		a->prev->next = next;
	else
		t->head = next;
	if (next)
		next->prev = a->prev;
	else
		t->tail = a->prev;
	/* The following area's gap grew. */
	if (next)
		area_gap_cb_propagate(&next->rb, NULL);
}

/* find_vma(): the first area ending above @addr. */
static struct area *area_find(struct area_tree *t, unsigned long addr)
{
	struct rb_node *n = t->root.rb_node;
	struct area *found = NULL;

	while (n) {
		struct area *a = rb_entry(n, struct area, rb);

		if (a->end > addr) {
			found = a;
			if (a->start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return found;
}

/* The lowest gap of @size at or above @low that ends before an area. */
static struct area *area_gap_search(struct rb_node *n, unsigned long low,
				    unsigned long size)
{
	struct area *a, *r;
	unsigned long gs;

	if (!n)
		return NULL;
	a = rb_entry(n, struct area, rb);
	if (a->subtree_gap < size)
		return NULL;
	if (a->start > low) {
		r = area_gap_search(n->rb_left, low, size);
		if (r)
			return r;
	}
	gs = a->prev ? a->prev->end : 0;
	if (gs < low)
		gs = low;
	if (a->start >= gs && a->start - gs >= size)
		return a;
	return area_gap_search(n->rb_right, low, size);
}

static void area_build(struct area_tree *t, unsigned long n)
{
	unsigned long i;

	t->root = RB_ROOT;
	t->head = t->tail = NULL;
	for (i = 0; i < n; i++) {
		struct area *a = malloc(sizeof(*a));

		/* Leave a gap before the first one too, like the maple rows. */
		a->start = i * BENCH_STEP + BENCH_STEP;
		a->end = a->start + BENCH_LEN;
		a->payload = a;
		area_append(t, a);
	}
}

static void area_free_all(struct area_tree *t)
{
	struct area *a = t->head, *next;

	for (; a; a = next) {
		next = a->next;
		free(a);
	}
	t->root = RB_ROOT;
	t->head = t->tail = NULL;
}

void bench_rb(unsigned long n)
{
	unsigned long long seed = 42;
	unsigned long i, ops, sum = 0;
	struct area_tree t, copy;
	struct area *a, **all;
	double t0;

	ops = n < BENCH_MAX_OPS ? (n < 10000 ? 100000 : n) : BENCH_MAX_OPS;

	t0 = bench_clock();
	area_build(&t, n);
	bench_report("rbtree+list", "append store", n, (bench_clock() - t0) / n);
	/* Tree and list linkage on top of the payload. */
	bench_report("rbtree+list", "node bytes/entry", n,
		     sizeof(struct rb_node) + 3 * sizeof(void *));

	t0 = bench_clock();
	for (i = 0; i < ops; i++) {
		a = area_find(&t, BENCH_STEP + bench_rand(&seed) % n * BENCH_STEP + 1);
		sum += (unsigned long)a->payload;
	}
	bench_report("rbtree+list", "mtree_load hit", n, (bench_clock() - t0) / ops);

	t0 = bench_clock();
	for (a = t.head; a; a = a->next)
		sum += (unsigned long)a->payload;
	bench_report("rbtree+list", "mas_find iteration", n,
		     (bench_clock() - t0) / n);

	t0 = bench_clock();
	for (a = t.head; a->next; a = a->next)
		sum += (unsigned long)a->next->payload;
	bench_report("rbtree+list", "mas_next step", n,
		     n > 1 ? (bench_clock() - t0) / (n - 1) : 0);
	t0 = bench_clock();
	for (; a->prev; a = a->prev)
		sum += (unsigned long)a->prev->payload;
	bench_report("rbtree+list", "mas_prev step", n,
		     n > 1 ? (bench_clock() - t0) / (n - 1) : 0);

	/* fork() before 6.1: walk the list, append a copy of each area. */
	t0 = bench_clock();
	copy.root = RB_ROOT;
	copy.head = copy.tail = NULL;
	for (a = t.head; a; a = a->next) {
		struct area *c = malloc(sizeof(*c));

		*c = *a;
		area_append(&copy, c);
	}
	bench_report("rbtree+list", "__mt_dup (per entry)", n,
		     (bench_clock() - t0) / n);
	t0 = bench_clock();
	area_free_all(&copy);
	bench_report("rbtree+list", "mtree_destroy (per entry)", n,
		     (bench_clock() - t0) / n);

	t0 = bench_clock();
	for (i = 0; i < ops; i++) {
		a = area_gap_search(t.root.rb_node,
				    bench_rand(&seed) % (n * BENCH_STEP),
				    BENCH_STEP - BENCH_LEN);
		sum += a ? a->start : 0;
	}
	bench_report("rbtree+list", "mas_empty_area", n,
		     (bench_clock() - t0) / ops);

	all = malloc(n * sizeof(*all));
	for (i = 0, a = t.head; a; a = a->next)
		all[i++] = a;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = bench_rand(&seed) % (i + 1);

		a = all[i];
		all[i] = all[j];
		all[j] = a;
	}
	t0 = bench_clock();
	for (i = 0; i < n; i++) {
		area_erase(&t, all[i]);
		free(all[i]);
	}
	bench_report("rbtree+list", "mtree_erase", n, (bench_clock() - t0) / n);
	free(all);

	if (sum == 42)
		fprintf(stderr, "(unlikely)\n");
}
