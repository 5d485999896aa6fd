// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline of the vmalloc-pattern benchmark: a model of how Linux 6.12
 * tracks vmalloc's address space, without the per-node pools.
 *
 *  - Free space is a set of blocks in an rb-tree keyed by address, each node
 *    augmented with the size of the largest block in its subtree, and a list
 *    of the blocks in address order.  Allocation takes the lowest block that
 *    fits and shrinks it in place (from the left, from the right), drops it
 *    (exact fit) or splits it in two (a second object).
 *  - Allocated areas sit in a plain rb-tree (and list) of busy areas.
 *  - vfree() moves an area from the busy tree to a tree of lazily freed
 *    areas; a purge empties that tree at once and merges each of its areas
 *    into the free tree, coalescing with the blocks on either side.
 *
 * The rb-tree is the kernel's lib/rbtree.c (tools/lib/rbtree.c from
 * KERNEL_SRC at build time); everything else is written for this harness.
 * Locks are pthread mutexes where the kernel takes spinlocks.
 */
#include <pthread.h>
#include <stdio.h>
#include <linux/list.h>
#include <linux/rbtree_augmented.h>
#include "vmap_bench.h"

struct rva {
	unsigned long va_start;
	unsigned long va_end;			/* exclusive */
	struct rb_node rb_node;
	unsigned long subtree_max_size;		/* free tree only */
	struct list_head list;
	unsigned long flags;
};

static struct rb_root free_root = RB_ROOT;
static LIST_HEAD(free_list);
static struct rb_root busy_root = RB_ROOT;
static LIST_HEAD(busy_list);
static struct rb_root lazy_root = RB_ROOT;
static LIST_HEAD(lazy_list);
static pthread_mutex_t free_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t busy_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static struct vb_pool rva_pool = { .size = sizeof(struct rva) };
/* The spare object for a split, taken before the free lock. */
static struct rva *split_spare;
static unsigned long split_objects;

static inline unsigned long rva_size(const struct rva *va)
{
	return va->va_end - va->va_start;
}

RB_DECLARE_CALLBACKS_MAX(static, free_aug, struct rva, rb_node,
			 unsigned long, subtree_max_size, rva_size)

static inline struct rva *to_rva(struct rb_node *node)
{
	return rb_entry(node, struct rva, rb_node);
}

static inline unsigned long subtree_max(struct rb_node *node)
{
	return node ? to_rva(node)->subtree_max_size : 0;
}

static void rva_overlap(const char *set, unsigned long start,
			unsigned long end)
{
	fprintf(stderr, "vmap_bench: [%#lx, %#lx) overlaps the %s set\n",
		start, end, set);
	abort();
}

/*
 * The link under which [start, end) goes in @root, and its parent; NULL if
 * the range overlaps a node.
 */
static struct rb_node **rva_link(struct rb_root *root, unsigned long start,
				 unsigned long end, struct rb_node **parent)
{
	struct rb_node **link = &root->rb_node;

	*parent = NULL;
	while (*link) {
		struct rva *node = to_rva(*link);

		*parent = *link;
		if (end <= node->va_start)
			link = &(*link)->rb_left;
		else if (start >= node->va_end)
			link = &(*link)->rb_right;
		else
			return NULL;
	}
	return link;
}

/* Keep @head in address order: a left child precedes its parent. */
static void rva_list_link(struct rva *va, struct rb_node *parent,
			  struct rb_node **link, struct list_head *head)
{
	if (!parent)
		list_add(&va->list, head);
	else if (link == &parent->rb_left)
		list_add_tail(&va->list, &to_rva(parent)->list);
	else
		list_add(&va->list, &to_rva(parent)->list);
}

/* The node of @root whose range holds @addr. */
static struct rva *rva_find(struct rb_root *root, unsigned long addr)
{
	struct rb_node *node = root->rb_node;

	while (node) {
		struct rva *va = to_rva(node);

		if (addr < va->va_start)
			node = node->rb_left;
		else if (addr >= va->va_end)
			node = node->rb_right;
		else
			return va;
	}
	return NULL;
}

/* Busy and lazy sets: plain rb-trees. */
static void set_insert(struct rva *va, struct rb_root *root,
		       struct list_head *head, const char *name)
{
	struct rb_node *parent, **link;

	link = rva_link(root, va->va_start, va->va_end, &parent);
	if (!link)
		rva_overlap(name, va->va_start, va->va_end);
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, root);
	rva_list_link(va, parent, link, head);
}

static void set_remove(struct rva *va, struct rb_root *root)
{
	rb_erase(&va->rb_node, root);
	list_del(&va->list);
}

/*
 * Link a new block into the free tree.  Before linking, the ancestors'
 * maxima are raised to the block's size (they only grow, so the walk ends
 * at the first ancestor that is already big enough); the rotations of the
 * rebalance then carry correct values along.
 */
static void free_link(struct rva *va, struct rb_node *parent,
		      struct rb_node **link)
{
	unsigned long size = rva_size(va);
	struct rb_node *up;

	for (up = parent; up; up = rb_parent(up)) {
		if (to_rva(up)->subtree_max_size >= size)
			break;
		to_rva(up)->subtree_max_size = size;
	}
	va->subtree_max_size = size;
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_augmented(&va->rb_node, &free_root, &free_aug);
	rva_list_link(va, parent, link, &free_list);
}

static void free_unlink(struct rva *va)
{
	rb_erase_augmented(&va->rb_node, &free_root, &free_aug);
	list_del(&va->list);
}

/* The block's size changed: fix the maxima from it up, as far as needed. */
static inline void free_resized(struct rva *va)
{
	free_aug_propagate(&va->rb_node, NULL);
}

static inline bool block_fits(const struct rva *va, unsigned long size,
			      unsigned long vstart)
{
	unsigned long start = va->va_start > vstart ? va->va_start : vstart;

	return start + size >= start && start + size <= va->va_end;
}

/*
 * The lowest free block with room for @size at or above @vstart.
 *
 * Go left while the left subtree has a big enough block and this block
 * starts above @vstart; otherwise take this block if it fits, or go right if
 * the right subtree might.  When neither does, climb until the first
 * ancestor entered from its left side (its block and right subtree are the
 * next candidates in address order) and continue from there.
 */
static noinline struct rva *rbm_lowest_fit(unsigned long size,
					   unsigned long vstart)
{
	struct rb_node *node = free_root.rb_node;

	while (node) {
		struct rva *va = to_rva(node);

		if (vstart < va->va_start && subtree_max(node->rb_left) >= size) {
			node = node->rb_left;
			continue;
		}
		if (block_fits(va, size, vstart))
			return va;
		if (subtree_max(node->rb_right) >= size) {
			node = node->rb_right;
			continue;
		}
		for (;;) {
			struct rb_node *child = node;

			node = rb_parent(node);
			if (!node)
				return NULL;
			if (node->rb_left != child)
				continue;
			va = to_rva(node);
			if (block_fits(va, size, vstart))
				return va;
			if (subtree_max(node->rb_right) >= size) {
				node = node->rb_right;
				break;
			}
		}
	}
	return NULL;
}

/* Take [addr, addr + size) out of free block @blk. */
static noinline void rbm_clip(struct rva *blk, unsigned long addr,
			      unsigned long size)
{
	unsigned long end = addr + size;
	struct rb_node *parent, **link;
	struct rva *left;

	if (addr == blk->va_start && end == blk->va_end) {
		free_unlink(blk);
		vb_pool_put(&rva_pool, blk);
		return;
	}
	if (addr == blk->va_start) {
		blk->va_start = end;
		free_resized(blk);
		return;
	}
	if (end == blk->va_end) {
		blk->va_end = addr;
		free_resized(blk);
		return;
	}

	/* In the middle: @blk keeps the right part, a new block the left. */
	left = split_spare;
	split_spare = NULL;
	left->va_start = blk->va_start;
	left->va_end = addr;
	blk->va_start = end;
	free_resized(blk);

	/* @left precedes @blk: the rightmost spot of @blk's left subtree. */
	parent = &blk->rb_node;
	link = &parent->rb_left;
	while (*link) {
		parent = *link;
		link = &parent->rb_right;
	}
	free_link(left, parent, link);
}

static noinline unsigned long rbm_alloc(unsigned long size)
{
	struct rva *va = vb_pool_get(&rva_pool), *blk;
	unsigned long addr;

	/* Like the per-CPU preload: make sure a split has its object. */
	if (!split_spare) {
		split_spare = vb_pool_get(&rva_pool);
		split_objects++;
	}

	pthread_mutex_lock(&free_lock);
	blk = rbm_lowest_fit(size, VB_START);
	vb_mark(VB_SEARCH);
	if (!blk)
		goto fail;
	addr = blk->va_start > VB_START ? blk->va_start : VB_START;
	if (addr + size > VB_END)
		goto fail;
	rbm_clip(blk, addr, size);
	pthread_mutex_unlock(&free_lock);
	vb_mark(VB_CLIP);

	va->va_start = addr;
	va->va_end = addr + size;
	va->flags = 0;
	pthread_mutex_lock(&busy_lock);
	set_insert(va, &busy_root, &busy_list, "busy");
	pthread_mutex_unlock(&busy_lock);
	vb_mark(VB_INSERT);
	return addr;

fail:
	pthread_mutex_unlock(&free_lock);
	vb_pool_put(&rva_pool, va);
	return 0;
}

/* Put an area at a fixed place, as the percpu allocator does. */
static void rbm_place(unsigned long start, unsigned long size)
{
	struct rva *va = vb_pool_get(&rva_pool), *blk;

	if (!split_spare) {
		split_spare = vb_pool_get(&rva_pool);
		split_objects++;
	}
	pthread_mutex_lock(&free_lock);
	blk = rva_find(&free_root, start);
	if (!blk || start + size > blk->va_end)
		rva_overlap("busy", start, start + size);
	rbm_clip(blk, start, size);
	pthread_mutex_unlock(&free_lock);

	va->va_start = start;
	va->va_end = start + size;
	va->flags = 0;
	pthread_mutex_lock(&busy_lock);
	set_insert(va, &busy_root, &busy_list, "busy");
	pthread_mutex_unlock(&busy_lock);
}

static noinline void rbm_vfree(unsigned long addr)
{
	struct rva *va;

	pthread_mutex_lock(&busy_lock);
	va = rva_find(&busy_root, addr);
	if (va)
		set_remove(va, &busy_root);
	pthread_mutex_unlock(&busy_lock);
	if (!va) {
		fprintf(stderr, "vmap_bench: rb: no busy area at %#lx\n", addr);
		abort();
	}

	pthread_mutex_lock(&lazy_lock);
	set_insert(va, &lazy_root, &lazy_list, "lazy");
	pthread_mutex_unlock(&lazy_lock);
	vb_mark(VB_FREE);
}

/* Give the range of @va back, coalescing with the free blocks around it. */
static noinline void rbm_merge(struct rva *va)
{
	struct rva *prev = NULL, *next = NULL;
	struct rb_node *parent, **link;

	link = rva_link(&free_root, va->va_start, va->va_end, &parent);
	if (!link)
		rva_overlap("free", va->va_start, va->va_end);

	/* The neighbours in address order, seen from where @va would go. */
	if (parent) {
		struct rva *p = to_rva(parent);

		if (link == &parent->rb_left) {
			next = p;
			if (p->list.prev != &free_list)
				prev = list_entry(p->list.prev, struct rva, list);
		} else {
			prev = p;
			if (p->list.next != &free_list)
				next = list_entry(p->list.next, struct rva, list);
		}
	}

	if (next && next->va_start == va->va_end) {
		if (prev && prev->va_end == va->va_start) {
			/* @va bridges two blocks: @prev takes all three. */
			free_unlink(next);
			prev->va_end = next->va_end;
			vb_pool_put(&rva_pool, next);
			vb_pool_put(&rva_pool, va);
			free_resized(prev);
			return;
		}
		next->va_start = va->va_start;
		vb_pool_put(&rva_pool, va);
		free_resized(next);
		return;
	}
	if (prev && prev->va_end == va->va_start) {
		prev->va_end = va->va_end;
		vb_pool_put(&rva_pool, va);
		free_resized(prev);
		return;
	}
	free_link(va, parent, link);
}

static noinline void rbm_purge(bool runs)
{
	struct rva *va, *n;
	LIST_HEAD(batch);
	LIST_HEAD(todo);

	pthread_mutex_lock(&lazy_lock);
	lazy_root = RB_ROOT;
	list_splice_init(&lazy_list, &batch);
	pthread_mutex_unlock(&lazy_lock);

	/* 6.12 moves the batch to a local list head first: highest first. */
	list_for_each_entry_safe(va, n, &batch, list)
		list_move(&va->list, &todo);

	pthread_mutex_lock(&free_lock);
	list_for_each_entry_safe(va, n, &todo, list) {
		list_del(&va->list);
		rbm_merge(va);
	}
	pthread_mutex_unlock(&free_lock);
	vb_mark(VB_PURGE);
}

static noinline bool rbm_lookup(unsigned long addr)
{
	struct rva *va;

	pthread_mutex_lock(&busy_lock);
	va = rva_find(&busy_root, addr);
	pthread_mutex_unlock(&busy_lock);
	vb_mark(VB_LOOKUP);
	return va;
}

static void rbm_setup(void)
{
	struct rva *all = vb_pool_get(&rva_pool);

	/* At boot everything above 0 is one free block. */
	all->va_start = 1;
	all->va_end = ~0UL;
	free_root = RB_ROOT;
	busy_root = RB_ROOT;
	lazy_root = RB_ROOT;
	INIT_LIST_HEAD(&free_list);
	INIT_LIST_HEAD(&busy_list);
	INIT_LIST_HEAD(&lazy_list);
	free_link(all, NULL, &free_root.rb_node);
}

static void free_all(struct list_head *head)
{
	struct rva *va, *n;

	list_for_each_entry_safe(va, n, head, list)
		free(va);
	INIT_LIST_HEAD(head);
}

static void rbm_teardown(void)
{
	free_all(&free_list);
	free_all(&busy_list);
	free_all(&lazy_list);
	free_root = RB_ROOT;
	busy_root = RB_ROOT;
	lazy_root = RB_ROOT;
	free(split_spare);
	split_spare = NULL;
	vb_pool_drain(&rva_pool);
}

static unsigned long rbm_objects(void)
{
	return split_objects;
}

/* Check a free subtree's maxima; returns its maximum, ~0UL on error. */
static unsigned long check_max(struct rb_node *node)
{
	unsigned long left, right, max;

	if (!node)
		return 0;
	left = check_max(node->rb_left);
	right = check_max(node->rb_right);
	if (left == ~0UL || right == ~0UL)
		return ~0UL;
	max = rva_size(to_rva(node));
	if (left > max)
		max = left;
	if (right > max)
		max = right;
	return max == to_rva(node)->subtree_max_size ? max : ~0UL;
}

/* Address order, tree order = list order, no adjacent free blocks. */
static bool check_set(struct rb_root *root, struct list_head *head,
		      bool coalesced)
{
	struct rb_node *node = rb_first(root);
	unsigned long end = 0;
	struct rva *va;

	list_for_each_entry(va, head, list) {
		if (!node || to_rva(node) != va)
			return false;
		if (va->va_start >= va->va_end || va->va_start < end)
			return false;
		if (coalesced && end && va->va_start == end)
			return false;
		end = va->va_end;
		node = rb_next(node);
	}
	return !node;
}

static bool rbm_check(void)
{
	return check_max(free_root.rb_node) != ~0UL &&
	       check_set(&free_root, &free_list, true) &&
	       check_set(&busy_root, &busy_list, false) &&
	       check_set(&lazy_root, &lazy_list, false);
}

const struct vb_impl vb_rb_impl = {
	.name = "rb",
	.setup = rbm_setup,
	.teardown = rbm_teardown,
	.alloc = rbm_alloc,
	.place = rbm_place,
	.vfree = rbm_vfree,
	.purge = rbm_purge,
	.lookup = rbm_lookup,
	.objects = rbm_objects,
	.check = rbm_check,
};
