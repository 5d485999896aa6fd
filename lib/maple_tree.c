// SPDX-License-Identifier: GPL-2.0+
/*
 * Maple tree: an RCU-safe B-tree of non-overlapping ranges.
 *
 * A from-scratch implementation of include/linux/maple_tree.h, written to be
 * read top to bottom; this comment is the map.
 *
 * Node format
 * -----------
 * A node is 256 bytes, 256-byte aligned, from the "maple_node" slab cache.
 * Every leaf (type maple_leaf_64) and the internal nodes of ordinary trees
 * are maple_range_64: parent, 15 pivots, 16 slots.  The internal nodes of
 * MT_FLAGS_ALLOC_RANGE trees are maple_arange_64: parent, 9 pivots, 10 slots,
 * and 10 gaps, gap[i] the longest run of NULL indices below slot i.
 *
 * Slot i covers the indices from one past pivot[i - 1] (or the node's minimum
 * if i is 0) to pivot[i]; the last used slot ("end") reaches the node's
 * maximum, known from the parent and not stored.  Pivots from end on are
 * zero.  An arange node keeps its end in its metadata.  A range node with all
 * 16 slots used is "full": its pivot[14] is non-zero (pivots strictly
 * increase, so it is at least 14); otherwise pivot[14] is zero and the
 * metadata overlays the unused slot 15.  The metadata's gap byte names the
 * child with the largest gap in arange nodes and is unused elsewhere.
 *
 * Each leaf slot covers a non-empty range; together they cover 0 .. ULONG_MAX
 * without holes.  No two adjacent ranges are both NULL, even across a leaf
 * boundary: a store of NULL grows to swallow NULL neighbours.  So every
 * maximal run of free indices is one slot, which keeps the gap records exact
 * and lets a lookup of a NULL index report the whole free range.
 *
 * Non-root nodes are at least a third full and an internal root has at least
 * two children; all leaves are at one depth (the height, in the tree flags).
 *
 * Pointer encoding
 * ----------------
 * A node pointer (in the root pointer or an internal slot) is the node
 * address with the type in bits 3-6 and bit 1 set, which xa_is_node()
 * accepts.  The root pointer may instead hold the tree's only entry, if at
 * index 0 and not looking like a node pointer (low two bits not 10).
 *
 * The root node's parent field is the tree address with bit 0 set; other
 * nodes hold the parent's address with the slot number in bits 3-7.  A node
 * that is its own parent is dead: unlinked, to be freed after a grace period.
 *
 * Writing
 * -------
 * Writes serialise on the tree lock (or the user's external lock).  A write
 * first works out, changing nothing, how many new nodes it needs, takes them
 * from the maple state's pool (filling it if needed: the only step that can
 * fail, so a failed allocation leaves the tree untouched), and then changes
 * the tree.  It starts at the maple state's leaf if that is live and covers
 * the first index written (under the write lock it is current), else at the
 * root.  mas_preallocate() leaves what it worked out (the leaf slots and node
 * count, not the nodes) in the first node of the pool it filled, unseen by
 * readers; mas_store_prealloc() follows that if the maple state asks for the
 * same write and those leaf slots are unchanged, else works it out again.
 *
 * Apart from the in-place cases below, a write never modifies a node readers
 * can reach.  It computes the new contents of the leaf (or of the two end
 * leaves of a store spanning several), packs them into new nodes and walks
 * up: at each level the run of old nodes replaced, with the untouched
 * siblings beside it in the old parents, becomes the contents of new parents.
 * A node that would fall under its minimum absorbs a neighbour; one that
 * would overflow is spread over itself and a sibling with room, or else split
 * in two or three.  The walk stops at the first level where one new node
 * replaces one old node of the same range, and publishes it with one
 * rcu_assign_pointer() into the unchanged parent's slot (or, at the top, into
 * the root pointer).  Until that store no reader can see a new node; after it
 * none can reach an old one from the root.  (A write confined to one leaf
 * rewrites it, or in RCU mode a copy of it: case 6 below.)
 *
 * After publication, children moved from an old node into a new one get
 * their parent field rewritten; dropped children and the replaced nodes keep
 * theirs.  Then the old subtree is walked from its top: every node whose
 * parent field still names the node it was reached from is garbage, is marked
 * dead and is freed (after a grace period in RCU mode, at once otherwise).
 *
 * Destroying a tree first empties the root pointer; then every node is freed
 * as garbage is.  Outside RCU mode the leaves under a node are freed in bulk,
 * from its slots rewritten into plain node pointers (the node is unlinked).
 *
 * In-place changes
 * ----------------
 * The only stores into linked nodes, where (in RCU mode) readers may look:
 *
 * 1. A store of exactly one leaf slot's range overwrites that slot.  The
 *    range stays, and a reader loads the slot once, so it sees the old or the
 *    new entry, each the range's value at some moment.
 * 2. The unchanged parent's slot (or the root pointer) that publishes a new
 *    subtree, as above.  Its range stays the same, and the store has release
 *    semantics so the new nodes are complete before they are reachable.
 * 3. The parent field of a child moved into a new node, with release
 *    semantics once that node is published: a reader that climbs to a parent
 *    (mas_next_leaf()) finds the new, complete one or the old one, which is
 *    marked dead only after.
 * 4. The gap array and the gap metadata of arange nodes.  Lookups never read
 *    them; searches for free space must hold the write lock to get an exact
 *    answer (without it they read a hint that may be stale).
 * 5. Dead nodes: the parent field is set to the node itself, then (after a
 *    write barrier) the rcu_head overlaying pivot[0] and pivot[1] is filled
 *    in by call_rcu().
 * 6. Outside RCU mode no reader walks the tree unlocked, so a store within
 *    one leaf that leaves it between its minimum (a root leaf: anything but a
 *    lone %NULL) and its capacity of slots rewrites its pivots and slots in
 *    place, allocating nothing and keeping the tree's shape.  In RCU mode the
 *    same rewrite is made in a copy of the leaf, published by change 2.
 * 7. A store over the end of one leaf slot and the start of the next, of what
 *    one of them holds over the whole of that one's range (brk() growing the
 *    heap, a VMA taking over part of its neighbour, a range's end given back
 *    to the %NULL after it), writes only the pivot between them, with
 *    WRITE_ONCE().  No slot changes: an index the pivot passes over moves
 *    from the slot of its old value to that of its new one.
 *
 * RCU readers
 * -----------
 * A reader walks from the root pointer to a leaf, loading each node's end,
 * pivots and one slot, then checks that the node is not dead; if it is, the
 * reader drops what it read and restarts from the root.  Even without that
 * check a walk would return a value the range held at some moment during it:
 * each node it reaches was reachable at some moment after it began (by
 * induction from the root pointer), unlinked nodes never change, and a slot's
 * range never changes while its node is linked (but see below).  The check is
 * needed as a dead node's rcu_head overwrites two pivots.
 *
 * Pivot moves (change 7) are the one exception to fixed slot ranges.  A
 * reader that finds slot k for index i loaded pivot k - 1 below i and pivot k
 * at or above it; a move changes one pivot and keeps them in order, so i was
 * in slot k at some moment between those loads.  The entry is slot k's when
 * loaded: if a move and an exact overwrite of slot k (change 1) both happen
 * during the walk, i may never have held it; a reader that cares checks, as
 * lock_vma_under_rcu() does.  A walk reports the bounds it decided on, never
 * a pivot loaded again.  An iteration step starts from the range it returned
 * last, never going back (indices a move gave to that range are not returned
 * again), and keeps the slot it steps to around its start (mt_clamp_range()).
 *
 * A maple state kept on a leaf between calls (mas_next() and friends) checks
 * the leaf at each read and walks from the root again if it died.  If that
 * walk finds no node (the tree was emptied, or is down to an entry at index 0
 * in the root pointer), a forward step finds nothing and leaves the state
 * paused; a backward step looks at index 0.  A step to the next leaf goes
 * through the parent if it has a child after the leaf with a pivot above it:
 * the parent field names a published node (change 3), which is checked live
 * after its reads like any node of a walk.  Otherwise the step walks from the
 * root to the first index past the leaf.  If a write merged ranges across that
 * boundary, the range found may reach back over what was returned; it is then
 * reported from one past the last index returned, so an iteration never goes
 * back.  A step whose leaf died walks again to the range it returned last; if
 * a write merged that with its neighbour, the rest (cut at the range
 * returned) is next, so nothing is skipped.
 */

#include <linux/maple_tree.h>
#include <linux/xarray.h>
#include <linux/types.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/barrier.h>

#ifndef __uninitialized		/* tools/include, for tools/testing */
#define __uninitialized
#endif

/* ma_state.mas_flags */
#define MA_STATE_BULK		0x01	/* filled by mas_expected_entries() */
#define MA_STATE_PREALLOC	0x02	/* stores must use the pool only */
#define MA_STATE_PLAN		0x04	/* the first pooled node holds a plan */

/* Parent field encoding. */
#define MAPLE_PARENT_ROOT	0x01UL
#define MAPLE_PARENT_SLOT_SHIFT	3
#define MAPLE_PARENT_SLOT_MASK	0xf8UL

/* Tag bits of an encoded node pointer besides the type. */
#define MAPLE_ENODE_TAG		0x02UL

/* The longest sequence of slots a write has to redistribute at one level. */
#define MT_MAX_ITEMS		(2 * MAPLE_RANGE64_SLOTS + 1)
/* The most nodes a single level of a write creates. */
#define MT_MAX_SPLIT		3

static struct kmem_cache *maple_node_cache;

/* --- Encoded pointers and node fields ----------------------------------- */

/*
 * xa_is_node(), but always inlined for the walks: a kernel built for size
 * (CONFIG_CC_OPTIMIZE_FOR_SIZE) makes the XArray's a call per lookup.
 */
static __always_inline bool mt_is_node(const void *entry)
{
	return xa_is_internal(entry) && (unsigned long)entry > 4096;
}

static __always_inline struct maple_node *mte_to_node(const struct maple_enode *enode)
{
	return (struct maple_node *)((unsigned long)enode & ~MAPLE_NODE_MASK);
}

static __always_inline enum maple_type mte_node_type(const struct maple_enode *enode)
{
	return ((unsigned long)enode >> MAPLE_NODE_TYPE_SHIFT) &
		MAPLE_NODE_TYPE_MASK;
}

static __always_inline struct maple_enode *mt_mk_node(const struct maple_node *node,
						      enum maple_type type)
{
	return (struct maple_enode *)((unsigned long)node |
			((unsigned long)type << MAPLE_NODE_TYPE_SHIFT) |
			MAPLE_ENODE_TAG);
}

static __always_inline bool ma_is_leaf(enum maple_type type)
{
	return type == maple_leaf_64;
}

/* Could @entry be confused with a node pointer if kept in the root? */
static inline bool mt_entry_needs_node(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/* mas_next_leaf() reads the flags locklessly: writers use WRITE_ONCE(). */
static __always_inline bool mt_is_alloc(const struct maple_tree *mt)
{
	return READ_ONCE(mt->ma_flags) & MT_FLAGS_ALLOC_RANGE;
}

/* Type of every internal node of @mt. */
static __always_inline enum maple_type mt_internal_type(const struct maple_tree *mt)
{
	return mt_is_alloc(mt) ? maple_arange_64 : maple_range_64;
}

static inline unsigned char mt_capacity(enum maple_type type)
{
	return type == maple_arange_64 ? MAPLE_ARANGE64_SLOTS :
		MAPLE_RANGE64_SLOTS;
}

/* The fewest slots a non-root node may use. */
static inline unsigned char mt_min_fill(enum maple_type type)
{
	return (mt_capacity(type) + 2) / 3;
}

static __always_inline unsigned long *ma_pivots(struct maple_node *node,
						enum maple_type type)
{
	return type == maple_arange_64 ? node->ma64.pivot : node->mr64.pivot;
}

static __always_inline void __rcu **ma_slots(struct maple_node *node,
					     enum maple_type type)
{
	return type == maple_arange_64 ? node->ma64.slot : node->mr64.slot;
}

/*
 * ma_end() - The last used slot of a node, clamped: a dead node's metadata
 * may be garbage, and a reader must not index outside the node before it
 * notices the node is dead.
 */
static __always_inline unsigned char ma_end(struct maple_node *node,
					    enum maple_type type)
{
	unsigned char end;

	if (type == maple_arange_64) {
		end = READ_ONCE(node->ma64.meta.end);
	} else {
		if (READ_ONCE(node->mr64.pivot[MAPLE_RANGE64_SLOTS - 2]))
			return MAPLE_RANGE64_SLOTS - 1;
		end = READ_ONCE(node->mr64.meta.end);
	}
	return min_t(unsigned char, end, mt_capacity(type) - 1);
}

static inline void ma_set_end(struct maple_node *node, enum maple_type type,
			      unsigned char end)
{
	if (type == maple_arange_64)
		node->ma64.meta.end = end;
	else if (end < MAPLE_RANGE64_SLOTS - 1)
		node->mr64.meta.end = end;
}

/* Upper bound of slot @off of a node whose last used slot is @end. */
static __always_inline unsigned long ma_slot_max(const unsigned long *pivots,
						 unsigned char off, unsigned char end,
						 unsigned long node_max)
{
	return off < end ? READ_ONCE(pivots[off]) : node_max;
}

static __always_inline unsigned long ma_slot_min(const unsigned long *pivots,
						 unsigned char off,
						 unsigned long node_min)
{
	return off ? READ_ONCE(pivots[off - 1]) + 1 : node_min;
}

/*
 * ma_find_range() - The first slot whose range reaches @index: the first
 * pivot at or above it, or @end.  @lo and @hi, set by the caller to the
 * node's bounds, receive the slot's bounds.  Skips four pivots at a time
 * while the fourth is below @index.  A leaf pivot may move under a lockless
 * reader (in-place change 7), so the bounds are the very READ_ONCE() loads
 * the answer was decided on.  A dead node's pivots may be garbage; the answer
 * still stays within @end, and the caller discards it.
 */
static __always_inline unsigned char ma_find_range(const unsigned long *pivots,
						   unsigned char end,
						   unsigned long index,
						   unsigned long *lo,
						   unsigned long *hi)
{
	const unsigned long *p = pivots, *last = pivots + end;
	unsigned long pivot;

	while (p + 3 < last) {
		pivot = READ_ONCE(p[3]);
		if (pivot >= index)
			break;
		*lo = pivot + 1;
		p += 4;
	}
	for (; p < last; p++) {
		pivot = READ_ONCE(*p);
		if (pivot >= index) {
			*hi = pivot;
			break;
		}
		*lo = pivot + 1;
	}
	return p - pivots;
}

/* ma_find_range() without the bounds. */
static __always_inline unsigned char ma_find_slot(const unsigned long *pivots,
						  unsigned char end,
						  unsigned long index)
{
	unsigned long lo = 0, hi = 0;

	return ma_find_range(pivots, end, index, &lo, &hi);
}

static __always_inline bool ma_is_root(const struct maple_node *node)
{
	return (unsigned long)READ_ONCE(node->parent) & MAPLE_PARENT_ROOT;
}

static __always_inline struct maple_node *ma_parent(const struct maple_node *node)
{
	return (struct maple_node *)((unsigned long)node->parent &
				     ~MAPLE_NODE_MASK);
}

static __always_inline unsigned char ma_parent_slot(const struct maple_node *node)
{
	return ((unsigned long)node->parent & MAPLE_PARENT_SLOT_MASK) >>
		MAPLE_PARENT_SLOT_SHIFT;
}

static inline void ma_set_parent(struct maple_node *node,
				 struct maple_node *parent, unsigned char off)
{
	/* Release: a reader may climb to @parent (mas_next_leaf()). */
	smp_store_release(&node->parent, (struct maple_pnode *)
		((unsigned long)parent | (off << MAPLE_PARENT_SLOT_SHIFT)));
}

static inline void ma_set_root_parent(struct maple_node *node,
				      struct maple_tree *mt)
{
	WRITE_ONCE(node->parent, (struct maple_pnode *)((unsigned long)mt |
						       MAPLE_PARENT_ROOT));
}

/*
 * ma_dead() - Has @node been unlinked?  Call after reading from the node;
 * the barrier orders those reads before the check.
 */
static __always_inline bool ma_dead(const struct maple_node *node)
{
	/* Pairs with the barrier in ma_mark_dead(). */
	smp_rmb();
	return READ_ONCE(node->parent) == (const void *)node;
}

static inline void ma_mark_dead(struct maple_node *node)
{
	WRITE_ONCE(node->parent, (struct maple_pnode *)node);
	/* The mark must be visible before call_rcu() reuses the pivots. */
	smp_wmb();
}

static inline bool mt_lock_held(const struct maple_tree *mt)
{
	return mt_external_lock(mt) ? mt_lock_is_held(mt) :
		lockdep_is_held(&mt->ma_lock);
}

static inline bool mt_write_locked(const struct maple_tree *mt)
{
	return mt_external_lock(mt) ? mt_write_lock_is_held(mt) :
		lockdep_is_held(&mt->ma_lock);
}

static __always_inline void *mt_root(const struct maple_tree *mt)
{
	return rcu_dereference_check(mt->ma_root, mt_lock_held(mt));
}

static __always_inline void *mt_root_locked(const struct maple_tree *mt)
{
	return rcu_dereference_protected(mt->ma_root, mt_write_locked(mt));
}

static __always_inline void *mt_slot(const struct maple_tree *mt, void __rcu **slots,
				     unsigned char off)
{
	return rcu_dereference_check(slots[off], mt_lock_held(mt));
}

static __always_inline void *mt_slot_locked(const struct maple_tree *mt,
					    void __rcu **slots, unsigned char off)
{
	return rcu_dereference_protected(slots[off], mt_write_locked(mt));
}

static inline void mt_set_height(struct maple_tree *mt, unsigned int height)
{
	WRITE_ONCE(mt->ma_flags, (mt->ma_flags & ~MT_FLAGS_HEIGHT_MASK) |
		   (height << MT_FLAGS_HEIGHT_OFFSET));
}

/*
 * The bits of ma_flags above every MT_FLAGS_* bit count the writes to the
 * tree, modulo 2^20.  mas_store_prealloc() follows the plan of
 * mas_preallocate() only if no write came in between: one elsewhere can fill
 * the planned leaf's parents, and the plan's node count is then short.
 */
#define MT_WRITES_SHIFT		12
#define MT_WRITES_MASK		(~0U << MT_WRITES_SHIFT)

static inline unsigned int mt_writes(const struct maple_tree *mt)
{
	return mt->ma_flags & MT_WRITES_MASK;
}

static inline void mt_count_write(struct maple_tree *mt)
{
	/* Unsigned wrap-around leaves the bits below the count alone. */
	WRITE_ONCE(mt->ma_flags, mt->ma_flags + (1U << MT_WRITES_SHIFT));
}

/* Flags that describe the kind of tree rather than its current state. */
static inline unsigned int mt_attr(const struct maple_tree *mt)
{
	return mt->ma_flags & ~(MT_FLAGS_HEIGHT_MASK | MT_WRITES_MASK);
}

static inline void mas_set_err(struct ma_state *mas, long err)
{
	mas->node = MA_ERROR(err);
	mas->status = ma_error;
}

/* Lowest (or, with @hi, highest) index a node covers, from its ancestors. */
static unsigned long ma_node_bound(const struct maple_tree *mt,
				   struct maple_node *node, bool hi)
{
	enum maple_type type = mt_internal_type(mt);

	while (!ma_is_root(node)) {
		unsigned char off = ma_parent_slot(node);

		node = ma_parent(node);
		if (hi ? off < ma_end(node, type) : off > 0)
			return hi ? ma_pivots(node, type)[off] :
				ma_pivots(node, type)[off - 1] + 1;
	}
	return hi ? ULONG_MAX : 0;
}

/* --- Node allocation ---------------------------------------------------- */

static void mt_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(maple_node_cache,
			container_of(head, struct maple_node, rcu));
}

/*
 * mt_free_node() - Dispose of a node that is no longer reachable.  In RCU
 * mode readers may still be inside it: mark it dead so that they notice, and
 * free it after a grace period.
 */
static void mt_free_node(struct maple_tree *mt, struct maple_node *node)
{
	if (mt_in_rcu(mt)) {
		ma_mark_dead(node);
		call_rcu(&node->rcu, mt_free_rcu);
	} else {
		kmem_cache_free(maple_node_cache, node);
	}
}

static inline unsigned long mas_pool_count(const struct ma_state *mas)
{
	return mas->alloc ? mas->alloc->total : 0;
}

static void mas_pool_push(struct ma_state *mas, struct maple_node *node)
{
	/* A plan is only good while it sits in the first pooled node. */
	mas->mas_flags &= ~MA_STATE_PLAN;
	node->alloc.next = mas->alloc;
	node->alloc.total = mas_pool_count(mas) + 1;
	mas->alloc = &node->alloc;
}

/* Take a node from the pool; the caller made sure there is one. */
static struct maple_node *mas_pool_pop(struct ma_state *mas)
{
	struct maple_alloc *head = mas->alloc;

	if (WARN_ON_ONCE(!head))
		return NULL;
	mas->mas_flags &= ~MA_STATE_PLAN;
	mas->alloc = head->next;
	return container_of(head, struct maple_node, alloc);
}

/*
 * mas_pool_fill() - Grow the pool of @mas to at least @want nodes.
 *
 * Return: %true if the pool now holds @want nodes.
 */
static bool mas_pool_fill(struct ma_state *mas, unsigned long want, gfp_t gfp)
{
	void *batch[16] __uninitialized;	/* filled by the allocator */

	while (mas_pool_count(mas) < want) {
		unsigned long missing = want - mas_pool_count(mas);
		int nr = min_t(unsigned long, missing, ARRAY_SIZE(batch));
		int got, i;

		got = kmem_cache_alloc_bulk(maple_node_cache, gfp, nr, batch);
		if (!got) {
			batch[0] = kmem_cache_alloc(maple_node_cache, gfp);
			if (!batch[0])
				return false;
			got = 1;
		}
		for (i = 0; i < got; i++)
			mas_pool_push(mas, batch[i]);
	}
	return true;
}

static void mas_pool_drain(struct ma_state *mas)
{
	while (mas->alloc) {
		struct maple_alloc *head = mas->alloc;

		mas->alloc = head->next;
		kmem_cache_free(maple_node_cache,
				container_of(head, struct maple_node, alloc));
	}
}

/* --- Walking down -------------------------------------------------------- */

/*
 * mas_start() - Look at the root pointer.  Sets @mas->status to ma_active
 * (with @mas->node the root node), ma_none (empty tree) or ma_root (single
 * entry in the root pointer).
 *
 * Return: the entry at index 0 when the tree is a single root entry and
 * @mas->index is 0, %NULL otherwise.
 */
static void *mas_start(struct ma_state *mas)
{
	void *root = mt_root(mas->tree);

	mas->min = 0;
	mas->max = ULONG_MAX;
	mas->depth = 0;
	mas->offset = 0;
	mas->end = 0;
	if (likely(mt_is_node(root))) {
		mas->status = ma_active;
		mas->node = root;
		mas->depth = 1;
		return NULL;
	}

	mas->node = NULL;
	mas->offset = MAPLE_NODE_SLOTS;
	if (!root) {
		mas->status = ma_none;
		return NULL;
	}
	mas->status = ma_root;
	return mas->index ? NULL : root;
}

/*
 * Keep @at, an index the slot held, in the range @mas reports: a stepping
 * reader takes the slot's bounds from two pivots loaded at two moments,
 * and two moves in between (in-place change 7) can invert them.
 */
static __always_inline void mt_clamp_range(struct ma_state *mas,
					   unsigned long at)
{
	if (unlikely(mas->index > at))
		mas->index = at;
	if (unlikely(mas->last < at))
		mas->last = at;
}

/*
 * mas_descend() - Walk from the node in @mas down to the leaf slot that holds
 * @mas->index.  On success @mas is positioned on the slot: node, min, max,
 * offset and end describe the leaf, index and last the range of the slot.
 *
 * Return: %false if a dead node was met; the walk must restart.
 */
static __always_inline bool mas_descend(struct ma_state *mas, void **entry)
{
	struct maple_enode *enode = mas->node;
	unsigned long min = mas->min, max = mas->max;
	unsigned long index = mas->index;

	for (;;) {
		struct maple_node *node = mte_to_node(enode);
		enum maple_type type = mte_node_type(enode);
		unsigned long *pivots = ma_pivots(node, type);
		unsigned char end = ma_end(node, type);
		unsigned long lo = min, hi = max;
		unsigned char off = ma_find_range(pivots, end, index, &lo, &hi);
		void *next;

		next = mt_slot(mas->tree, ma_slots(node, type), off);
		if (unlikely(ma_dead(node)))
			return false;

		if (ma_is_leaf(type)) {
			mas->node = enode;
			mas->min = min;
			mas->max = max;
			mas->offset = off;
			mas->end = end;
			mas->index = lo;
			mas->last = hi;
			*entry = next;
			return true;
		}
		enode = next;
		min = lo;
		max = hi;
		mas->depth++;
	}
}

/*
 * mas_state_walk() - Walk from the root to @mas->index.
 *
 * Return: the entry found; @mas->status tells where it came from.
 */
static void *mas_state_walk(struct ma_state *mas)
{
	unsigned long index = mas->index;
	void *entry;

	for (;;) {
		entry = mas_start(mas);
		if (mas->status != ma_active)
			return entry;
		if (likely(mas_descend(mas, &entry)))
			return entry;
		mas->index = index;
	}
}

/* Walk again to @index, e.g. after finding the current leaf dead. */
static void *mas_rewalk(struct ma_state *mas, unsigned long index)
{
	mas->index = index;
	mas->last = index;
	return mas_state_walk(mas);
}

/* The tree is a single entry at 0 and the state looks beyond it. */
static void mas_set_beyond_root(struct ma_state *mas)
{
	mas->index = 1;
	mas->last = ULONG_MAX;
	mas->status = ma_none;
}

/**
 * mas_walk() - Look up the entry at @mas->index.
 * @mas: The maple state, with @mas->index set.
 *
 * On return @mas->index and @mas->last are the bounds of the range that
 * holds @mas->index, whether its entry is present or %NULL.  An empty tree
 * reports the range 0 to %ULONG_MAX.
 *
 * Context: Any context; the caller holds the RCU read lock or the tree lock.
 * Return: the entry, or %NULL.
 */
void *mas_walk(struct ma_state *mas)
{
	void *found;

	mas->status = ma_start;
	found = mas_state_walk(mas);
	if (mas->status == ma_none) {
		/* Empty tree: everything is one NULL range. */
		mas->index = 0;
		mas->last = ULONG_MAX;
	} else if (mas->status == ma_root && mas->index) {
		mas_set_beyond_root(mas);
		found = NULL;
	} else if (mas->status == ma_root) {
		mas->last = 0;
	}
	return found;
}
EXPORT_SYMBOL_GPL(mas_walk);

/*
 * mas_rewalk() found no nodes: a lockless reader raced with a writer that
 * emptied the tree (or left a lone entry at index 0 in the root pointer).
 */
static inline bool mas_lost_leaf(struct ma_state *mas)
{
	return unlikely(mas->status != ma_active);
}

/*
 * mas_lost_forward() - A forward step lost its leaf (see mas_lost_leaf()):
 * nothing can follow @index .. @last.  Pause there, as mas_pause() does.
 */
static void *mas_lost_forward(struct ma_state *mas, unsigned long index,
			      unsigned long last)
{
	mas->index = index;
	mas->last = last;
	mas->node = NULL;
	mas->status = ma_pause;
	return NULL;
}

/*
 * mas_prev_at_zero() - Answer a backward step when the tree has no nodes:
 * step to index 0, the only place an entry can be, unless already there.
 */
static void *mas_prev_at_zero(struct ma_state *mas, unsigned long min)
{
	void *root;

	if (!mas->index) {
		mas->status = ma_none;
		return NULL;
	}
	mas->index = 0;
	mas->last = 0;
	mas->status = ma_root;
	root = mt_root(mas->tree);
	/* Index 0 may be below the limit. */
	if (min || xa_is_node(root))
		return NULL;
	return root;
}

/*
 * mas_next_leaf() - Move @mas from its leaf to the next one through their
 * parent, not the root: the parent is checked live after its reads as in a
 * walk from the root (internal pivots never move while linked).  The root
 * walk steps out of a parent's last child, or past a dead node.  Returns the
 * entry at the first index after the leaf.
 */
static void *mas_next_leaf(struct ma_state *mas)
{
	enum maple_type type = mt_internal_type(mas->tree);
	struct maple_node *node = mte_to_node(mas->node), *parent;
	unsigned long index = mas->max + 1, *pivots;
	/* Pairs with the release in ma_set_parent(). */
	unsigned long link = (unsigned long)smp_load_acquire(&node->parent);
	unsigned char off = (link & MAPLE_PARENT_SLOT_MASK) >>
		MAPLE_PARENT_SLOT_SHIFT;
	void *entry;

	parent = (struct maple_node *)(link & ~MAPLE_NODE_MASK);
	if ((link & MAPLE_PARENT_ROOT) || parent == node ||
	    off + 1 >= ma_end(parent, type))
		goto walk;
	pivots = ma_pivots(parent, type);
	mas->min = READ_ONCE(pivots[off]) + 1;
	mas->max = READ_ONCE(pivots[off + 1]);
	mas->node = mt_slot(mas->tree, ma_slots(parent, type), off + 1);
	mas->index = index;
	if (likely(!ma_dead(parent) && mas->min == index &&
		   mas_descend(mas, &entry)))
		return entry;
walk:
	mas->index = index;
	mas->status = ma_start;
	return mas_state_walk(mas);
}

/*
 * mas_next_slot() - Step to the slot after the current one.
 * @mas: An active maple state.
 * @max: Do not step to a slot that starts beyond @max.
 * @empty: Stop at %NULL slots too.
 *
 * Return: the entry stepped to, or %NULL with @mas->status set to
 * ma_overflow when @max was reached, or to ma_pause when the tree lost
 * all its nodes under a lockless reader.
 */
static void *mas_next_slot(struct ma_state *mas, unsigned long max, bool empty)
{
	unsigned long from = mas->index, save = mas->last;
	void *entry = NULL;

	for (;;) {
		if (mas->offset < mas->end) {
			struct maple_node *node = mte_to_node(mas->node);
			unsigned long *pivots = node->mr64.pivot;
			unsigned char off = mas->offset, end = mas->end;
			unsigned long last = READ_ONCE(pivots[off]), lo = 0, hi;
			bool over;

			/* Never back over the range returned last. */
			if (unlikely(last < save))
				last = save;

			/*
			 * Skip NULL slots in registers; one dead check after
			 * the last load covers all of them.
			 */
			for (;;) {
				over = last >= max;
				if (over)
					break;
				lo = last + 1;
				entry = mt_slot(mas->tree, node->mr64.slot, ++off);
				if (entry || empty || off == end)
					break;
				last = READ_ONCE(pivots[off]);
			}
			hi = ma_slot_max(pivots, off, end, mas->max);
			if (unlikely(ma_dead(node))) {
				entry = mas_rewalk(mas, save);
				if (mas_lost_leaf(mas))
					return mas_lost_forward(mas, from, save);
				if (mas->last <= save)
					continue;
				/*
				 * A concurrent write merged the range returned
				 * last with what follows it: the rest of the
				 * merged range is the next one.
				 */
				mas->index = save + 1;
				if (entry || empty)
					return entry;
				continue;
			}
			if (off != mas->offset) {
				mas->offset = off;
				mas->index = lo;
				mas->last = hi;
				mt_clamp_range(mas, lo);
			}
			if (over)
				break;
		} else {
			if (mas->max >= max)
				break;
			entry = mas_next_leaf(mas);
			if (mas_lost_leaf(mas))
				return mas_lost_forward(mas, from, save);
			/*
			 * A concurrent write may have merged the range we
			 * returned last into this one: never go back.
			 */
			if (unlikely(mas->index <= save))
				mas->index = save + 1;
		}

		if (entry || empty)
			return entry;
	}
	mas->status = ma_overflow;
	return NULL;
}

/*
 * mas_prev_slot() - Step to the slot before the current one.
 * @mas: An active maple state.
 * @min: Do not step to a slot that ends below @min.
 * @empty: Stop at %NULL slots too.
 *
 * Return: the entry stepped to, or %NULL with @mas->status set to
 * ma_underflow when @min was reached.  If the tree lost all its nodes under
 * a lockless reader, the answer of mas_prev_at_zero().
 */
static void *mas_prev_slot(struct ma_state *mas, unsigned long min, bool empty)
{
	unsigned long save = mas->index;
	void *entry = NULL;

	for (;;) {
		if (mas->offset) {
			struct maple_node *node = mte_to_node(mas->node);
			unsigned long *pivots = node->mr64.pivot;
			unsigned char off = mas->offset;
			unsigned long start = READ_ONCE(pivots[off - 1]) + 1;
			unsigned long lo, hi = 0;
			bool under;

			/* Never forward over the range returned last. */
			if (unlikely(start > save))
				start = save;

			/* As in mas_next_slot(), the other way. */
			for (;;) {
				under = start <= min;
				if (under)
					break;
				hi = start - 1;
				entry = mt_slot(mas->tree, node->mr64.slot, --off);
				if (entry || empty || !off)
					break;
				start = READ_ONCE(pivots[off - 1]) + 1;
			}
			lo = ma_slot_min(pivots, off, mas->min);
			if (unlikely(ma_dead(node))) {
				entry = mas_rewalk(mas, save);
				if (mas_lost_leaf(mas))
					goto lost;
				if (mas->index >= save)
					continue;
				/* As in mas_next_slot(), the other way. */
				mas->last = save - 1;
				if (entry || empty)
					return entry;
				continue;
			}
			if (off != mas->offset) {
				mas->offset = off;
				mas->index = lo;
				mas->last = hi;
				mt_clamp_range(mas, hi);
			}
			if (under)
				break;
		} else {
			if (mas->min <= min)
				break;
			mas->index = mas->min - 1;
			mas->status = ma_start;
			entry = mas_state_walk(mas);
			if (mas_lost_leaf(mas))
				goto lost;
			if (unlikely(mas->last >= save))
				mas->last = save - 1;
		}

		if (entry || empty)
			return entry;
	}
	mas->status = ma_underflow;
	return NULL;

lost:
	/* No nodes left: only index 0 can be before us. */
	mas->index = save;
	return mas_prev_at_zero(mas, min);
}

/* --- Iteration API ------------------------------------------------------ */

/*
 * mas_step_forward() - Common part of mas_next() and mas_next_range().  A
 * state not walked yet is first walked to @mas->index; one that stopped at a
 * limit resumes where it stopped.  After an underflow it is one range before
 * where the caller expects, so the range at @mas->index is looked at first.
 */
static void *mas_step_forward(struct ma_state *mas, unsigned long max,
			      bool empty)
{
	enum maple_status was = mas->status;
	void *found;

	if (unlikely(mas->last >= max)) {
		mas->status = ma_overflow;
		return NULL;
	}

	if (was == ma_error)
		return NULL;
	if (was == ma_overflow && mas->node) {
		mas->status = ma_active;
	} else if (was == ma_underflow) {
		mas->status = ma_active;
		found = mas_walk(mas);
		if (found)
			return found;
	} else if (was != ma_active && was != ma_root) {
		mas_walk(mas);
	}

	if (likely(mas_is_active(mas)))
		return mas_next_slot(mas, max, empty);
	if (mas->status == ma_root) {
		/* Only index 0 holds anything, and it is behind us. */
		if (was == ma_none && !mas->index)
			mas->last = 0;
		else
			mas_set_beyond_root(mas);
	}
	return NULL;
}

/**
 * mas_next() - Move to the next present entry.
 * @mas: The maple state.
 * @max: The highest index at which the next entry may start.
 *
 * Finds the first present entry after the range @mas points at (or after
 * @mas->index if the state has not been walked yet).  @mas->index and
 * @mas->last are set to its range.  The zero entry counts as present.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry, or %NULL if there is none up to @max.
 */
void *mas_next(struct ma_state *mas, unsigned long max)
{
	return mas_step_forward(mas, max, false);
}
EXPORT_SYMBOL_GPL(mas_next);

/**
 * mas_next_range() - Move to the next range, present or empty.
 * @mas: The maple state.
 * @max: The highest index at which the next range may start.
 *
 * Like mas_next(), but stops at the very next range even if it holds %NULL.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry of the next range (possibly %NULL).
 */
void *mas_next_range(struct ma_state *mas, unsigned long max)
{
	return mas_step_forward(mas, max, true);
}
EXPORT_SYMBOL_GPL(mas_next_range);

/**
 * mt_next() - Find the first present entry after an index.
 * @mt: The tree.
 * @index: Entries that cover @index are not returned.
 * @max: The highest index at which the entry may start.
 *
 * Takes the RCU read lock only to walk; the entry is not protected on return.
 *
 * Return: the entry, or %NULL.
 */
void *mt_next(struct maple_tree *mt, unsigned long index, unsigned long max)
{
	MA_STATE(mas, mt, index, index);
	void *found;

	rcu_read_lock();
	found = mas_step_forward(&mas, max, false);
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_GPL(mt_next);

/*
 * mas_step_backward() - Common part of mas_prev() and mas_prev_range();
 * the mirror image of mas_step_forward().
 */
static void *mas_step_backward(struct ma_state *mas, unsigned long min,
			       bool empty)
{
	enum maple_status was = mas->status;
	void *found;

	if (unlikely(mas->index <= min)) {
		mas->status = ma_underflow;
		return NULL;
	}

	if (was == ma_error)
		return NULL;
	if (was == ma_underflow && mas->node) {
		mas->status = ma_active;
	} else if (was == ma_overflow) {
		mas->status = ma_active;
		found = mas_walk(mas);
		if (found)
			return found;
	} else if (was != ma_active && was != ma_root) {
		mas_walk(mas);
	}

	if (likely(mas_is_active(mas)))
		return mas_prev_slot(mas, min, empty);
	return mas_prev_at_zero(mas, min);
}

/**
 * mas_prev() - Move to the previous present entry.
 * @mas: The maple state.
 * @min: The lowest index at which the previous entry may end.
 *
 * Finds the last present entry before the range @mas points at and sets
 * @mas->index and @mas->last to its range.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry, or %NULL if there is none down to @min.
 */
void *mas_prev(struct ma_state *mas, unsigned long min)
{
	return mas_step_backward(mas, min, false);
}
EXPORT_SYMBOL_GPL(mas_prev);

/**
 * mas_prev_range() - Move to the previous range, present or empty.
 * @mas: The maple state.
 * @min: The lowest index at which the previous range may end.
 *
 * Like mas_prev(), but stops at the range just before even if it holds %NULL.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry of the previous range (possibly %NULL).
 */
void *mas_prev_range(struct ma_state *mas, unsigned long min)
{
	return mas_step_backward(mas, min, true);
}
EXPORT_SYMBOL_GPL(mas_prev_range);

/**
 * mt_prev() - Find the last present entry before an index.
 * @mt: The tree.
 * @index: Entries that cover @index are not returned.
 * @min: The lowest index at which the entry may end.
 *
 * Takes the RCU read lock only to walk; the entry is not protected on return.
 *
 * Return: the entry, or %NULL.
 */
void *mt_prev(struct maple_tree *mt, unsigned long index, unsigned long min)
{
	MA_STATE(mas, mt, index, index);
	void *found;

	rcu_read_lock();
	found = mas_step_backward(&mas, min, false);
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_GPL(mt_prev);

/**
 * mas_pause() - Give up the position of a maple state.
 * @mas: The maple state.
 *
 * Call this before dropping the lock (or the RCU read lock) in the middle
 * of an iteration.  The next mas_find() or mas_next() continues after the
 * range last returned, walking from the root.
 */
void mas_pause(struct ma_state *mas)
{
	mas->node = NULL;
	mas->status = ma_pause;
}
EXPORT_SYMBOL_GPL(mas_pause);

/*
 * mas_search_forward() - Common part of mas_find() and mas_find_range().
 * Unlike mas_step_forward(), an unwalked state returns what is at @mas->index
 * itself; a paused one resumes one past the range it last returned.
 */
static void *mas_search_forward(struct ma_state *mas, unsigned long max,
				bool empty)
{
	enum maple_status was = mas->status;
	void *found;

	/* The common case: the next step of an iteration. */
	if (likely(was == ma_active && mas->last < max)) {
		found = mas_next_slot(mas, max, empty);
		if (!empty && mas->status == ma_overflow)
			mas->status = ma_active;
		return found;
	}
	if (was == ma_error)
		return NULL;
	if (was == ma_underflow) {
		if (unlikely(mas->index >= max)) {
			mas->status = ma_overflow;
			return NULL;
		}
	} else if (was != ma_start && was != ma_root &&
		   unlikely(mas->last >= max)) {
		return NULL;
	}

	if (was == ma_pause || was == ma_none) {
		if (was == ma_pause)
			mas->last++;
		mas->index = mas->last;
		was = ma_start;
		mas->status = ma_start;
	}

	if (was == ma_start && mas->index > max)
		return NULL;
	if (was == ma_start || was == ma_underflow || was == ma_overflow) {
		found = mas_walk(mas);
		if (found)
			return found;
	}

	if (unlikely(mas->status == ma_root)) {
		mas_set_beyond_root(mas);
		return NULL;
	}
	if (unlikely(mas->status == ma_none) || mas->index == max)
		return NULL;

	found = mas_next_slot(mas, max, empty);
	/* mas_find() keeps an iterator usable even past @max. */
	if (!empty && mas->status == ma_overflow)
		mas->status = ma_active;
	return found;
}

/**
 * mas_find() - Find the next present entry, starting at @mas->index.
 * @mas: The maple state.
 * @max: The highest index at which the entry may start.
 *
 * The first call returns the entry at @mas->index if there is one, or the
 * first present entry after it.  Later calls return the entry after the one
 * returned last.  @mas->index and @mas->last are set to its range.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry, or %NULL when there is none up to @max.
 */
void *mas_find(struct ma_state *mas, unsigned long max)
{
	return mas_search_forward(mas, max, false);
}
EXPORT_SYMBOL_GPL(mas_find);

/**
 * mas_find_range() - Like mas_find(), but stops at empty ranges too.
 * @mas: The maple state.
 * @max: The highest index at which the range may start.
 *
 * The first call returns the range that holds @mas->index; later calls
 * return the range after the one returned last, whether present or not.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry of the range (possibly %NULL).
 */
void *mas_find_range(struct ma_state *mas, unsigned long max)
{
	return mas_search_forward(mas, max, true);
}
EXPORT_SYMBOL_GPL(mas_find_range);

/*
 * mas_search_backward() - Common part of mas_find_rev() and
 * mas_find_range_rev(); the mirror image of mas_search_forward().
 */
static void *mas_search_backward(struct ma_state *mas, unsigned long min,
				 bool empty)
{
	enum maple_status was = mas->status;
	void *found;

	if (was == ma_error)
		return NULL;
	if (was != ma_active && was != ma_start && was != ma_root &&
	    unlikely(mas->index <= min)) {
		/* A state that ran out stays out; others record it. */
		if (was == ma_pause || was == ma_overflow)
			mas->status = ma_underflow;
		return NULL;
	}

	if (was == ma_pause || was == ma_none) {
		if (was == ma_pause)
			mas->index--;
		mas->last = mas->index;
		was = ma_start;
		mas->status = ma_start;
	} else if (was == ma_overflow || was == ma_underflow) {
		/* Without a leaf to resume from, walk to where we stopped. */
		if (mas->node) {
			mas->status = ma_active;
		} else {
			was = ma_start;
			mas->status = ma_start;
		}
	}

	if (was == ma_start) {
		if (mas->index < min)
			return NULL;
		found = mas_walk(mas);
		if (found)
			return found;
	}

	if (unlikely(mas->status == ma_root)) {
		mas->status = ma_none;
		return NULL;
	}
	if (unlikely(mas->status == ma_none)) {
		/* Nothing here, so look at index 0, the only other place. */
		mas->index = 1;
		return mas_prev_at_zero(mas, min);
	}
	if (mas->index < min)
		return NULL;
	return mas_prev_slot(mas, min, empty);
}

/**
 * mas_find_rev() - Find the previous present entry, from @mas->index down.
 * @mas: The maple state.
 * @min: The lowest index at which the entry may end.
 *
 * The first call returns the entry at @mas->index if there is one, or the
 * last present entry before it.  Later calls return the entry before the
 * one returned last.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry, or %NULL when there is none down to @min.
 */
void *mas_find_rev(struct ma_state *mas, unsigned long min)
{
	return mas_search_backward(mas, min, false);
}
EXPORT_SYMBOL_GPL(mas_find_rev);

/**
 * mas_find_range_rev() - Like mas_find_rev(), but stops at empty ranges too.
 * @mas: The maple state.
 * @min: The lowest index at which the range may end.
 *
 * Context: The RCU read lock or the tree lock must be held.
 * Return: the entry of the range (possibly %NULL).
 */
void *mas_find_range_rev(struct ma_state *mas, unsigned long min)
{
	return mas_search_backward(mas, min, true);
}
EXPORT_SYMBOL_GPL(mas_find_range_rev);

/*
 * mt_lookup() - The entry at @index, found as mas_descend() finds it but
 * without tracking the bounds of the nodes and slots on the way.
 */
static void *mt_lookup(struct maple_tree *mt, unsigned long index)
{
	void *next;

restart:
	next = mt_root(mt);
	if (unlikely(!mt_is_node(next)))
		return index ? NULL : next;
	for (;;) {
		struct maple_node *node = mte_to_node(next);
		enum maple_type type = mte_node_type(next);
		unsigned long *pivots = ma_pivots(node, type);
		unsigned char end = ma_end(node, type);
		unsigned char off = ma_find_slot(pivots, end, index);

		next = mt_slot(mt, ma_slots(node, type), off);
		if (unlikely(ma_dead(node)))
			goto restart;
		if (ma_is_leaf(type))
			return next;
	}
}

/**
 * mtree_load() - Read the entry at an index.
 * @mt: The tree.
 * @index: The index.
 *
 * Context: Any context.  Takes the RCU read lock for the walk only.
 * Return: the entry, or %NULL (also for the zero entry).
 */
void *mtree_load(struct maple_tree *mt, unsigned long index)
{
	void *entry;

	rcu_read_lock();
	entry = mt_lookup(mt, index);
	rcu_read_unlock();
	/* The zero entry reserves a range but reads back as empty. */
	return xa_is_zero(entry) ? NULL : entry;
}
EXPORT_SYMBOL(mtree_load);

/**
 * mt_find() - Find the first present entry at or after an index.
 * @mt: The tree.
 * @index: Where to start.  Advanced past the entry found.
 * @max: The highest index at which the entry may start.
 *
 * The zero entry is skipped.  If an entry is found, *@index is set to one
 * past its last index (which wraps to 0 for an entry that reaches
 * %ULONG_MAX).  Takes the RCU read lock for the walk only.
 *
 * Return: the entry, or %NULL.
 */
void *mt_find(struct maple_tree *mt, unsigned long *index, unsigned long max)
{
	MA_STATE(mas, mt, *index, *index);
	void *entry;

	if (*index > max)
		return NULL;

	rcu_read_lock();
	entry = mas_state_walk(&mas);
	while (!entry || xa_is_zero(entry)) {
		entry = NULL;
		if (mas.status != ma_active || mas.last >= max)
			break;
		entry = mas_next_slot(&mas, max, false);
	}
	rcu_read_unlock();

	if (entry)
		*index = mas.last + 1;
	return entry;
}
EXPORT_SYMBOL(mt_find);

/**
 * mt_find_after() - mt_find() for use in loops.
 * @mt: The tree.
 * @index: Where to continue; 0 means the previous entry reached
 *	   %ULONG_MAX and the loop is over.
 * @max: The highest index at which the entry may start.
 *
 * Return: the entry, or %NULL.
 */
void *mt_find_after(struct maple_tree *mt, unsigned long *index,
		    unsigned long max)
{
	if (!*index)
		return NULL;
	return mt_find(mt, index, max);
}
EXPORT_SYMBOL(mt_find_after);

/* --- Writing: finding the leaves ---------------------------------------- */

/* A leaf slot, located by a walk under the write lock. */
struct mt_pos {
	struct maple_node *node;	/* the leaf; NULL without nodes */
	unsigned long min, max;		/* bounds of the leaf */
	unsigned long lo, hi;		/* bounds of the slot */
	void *entry;			/* contents of the slot */
	unsigned char off, end;		/* slot number, last used slot */
};

/* A new node, described as one slot of the level above. */
struct mt_item {
	void *entry;		/* encoded node, or the entry for a root */
	unsigned long last;	/* last index covered */
	unsigned long gap;	/* largest gap below (alloc trees) */
};

/* How a write changes the tree. */
enum mt_wr_how {
	MT_WR_REBUILD,		/* new nodes replace old ones */
	MT_WR_SLOT,		/* one leaf slot is overwritten in place */
	MT_WR_PIVOT,		/* one leaf pivot moves in place */
	MT_WR_LEAF,		/* one leaf is rewritten in place (no RCU) */
	MT_WR_COPY,		/* the same, in a copy that replaces it (RCU) */
};

/*
 * The state of one write: over a kilobyte, mostly item arrays only a rebuild
 * uses.  Every field is set before it is read, so its stack copies are
 * __uninitialized, not cleared for every store (CONFIG_INIT_STACK_ALL_ZERO).
 */
struct mt_wr {
	struct ma_state *mas;
	struct maple_tree *mt;
	void *entry;
	unsigned long index, last;	/* range written, after widening */
	void *content;			/* old entry at the original index */
	struct mt_pos l, r;		/* leaves at index and at last */
	enum mt_wr_how how;		/* how the tree changes */
	bool dry_run;			/* only count the nodes needed */
	unsigned long need;		/* nodes counted or used */
	/* The level being rebuilt. */
	struct maple_node *left, *right;	/* run of old nodes replaced */
	unsigned long min, max;			/* range of that run */
	unsigned char level;
	/*
	 * The slots being redistributed into new nodes, as three arrays
	 * laid out like a node's, so that runs of a node copy with memcpy().
	 * item_gap[] is only kept up to date on the internal levels of alloc
	 * trees.  A dry run counts the slots of runs without copying them.
	 */
	unsigned char nr;			/* slots in use */
	void *item_slot[MT_MAX_ITEMS];		/* entry, or encoded child */
	unsigned long item_last[MT_MAX_ITEMS];	/* last index covered */
	unsigned long item_gap[MT_MAX_ITEMS];	/* largest gap below */
	/* New nodes built at this level. */
	unsigned char nr_new;
	struct mt_item built[MT_MAX_SPLIT];
	/* The new leaf that holds @index, if one was built, and its range. */
	struct maple_node *leaf;
	unsigned long leaf_min, leaf_max;
};

/*
 * mt_wr_find_from() - Find the leaf slot holding @index, with the write lock
 * held, walking down from @enode, which covers @min .. @max.
 */
static void mt_wr_find_from(struct maple_tree *mt, struct maple_enode *enode,
			    unsigned long min, unsigned long max,
			    unsigned long index, struct mt_pos *pos)
{
	for (;;) {
		struct maple_node *node = mte_to_node(enode);
		enum maple_type type = mte_node_type(enode);
		unsigned long *pivots = ma_pivots(node, type);
		unsigned char end = ma_end(node, type);
		unsigned long lo = min, hi = max;
		unsigned char off = ma_find_range(pivots, end, index, &lo, &hi);
		void *next;

		next = mt_slot_locked(mt, ma_slots(node, type), off);
		if (ma_is_leaf(type)) {
			pos->node = node;
			pos->min = min;
			pos->max = max;
			pos->lo = lo;
			pos->hi = hi;
			pos->entry = next;
			pos->off = off;
			pos->end = end;
			return;
		}
		enode = next;
		min = lo;
		max = hi;
	}
}

/* Find the leaf slot holding @index from the root. */
static void mt_wr_find(struct maple_tree *mt, unsigned long index,
		       struct mt_pos *pos)
{
	mt_wr_find_from(mt, mt_root_locked(mt), 0, ULONG_MAX, index, pos);
}

/* Load slot @off of the leaf in @pos into @pos. */
static void mt_pos_load(struct maple_tree *mt, struct mt_pos *pos,
			unsigned char off)
{
	unsigned long *pivots = pos->node->mr64.pivot;

	pos->off = off;
	pos->lo = ma_slot_min(pivots, off, pos->min);
	pos->hi = ma_slot_max(pivots, off, pos->end, pos->max);
	pos->entry = mt_slot_locked(mt, pos->node->mr64.slot, off);
}

/* The slot before (or, with @next, after) the one in @pos; there is one. */
static void mt_pos_step(struct maple_tree *mt, const struct mt_pos *pos,
			struct mt_pos *to, bool next)
{
	if (next ? pos->off < pos->end : pos->off > 0) {
		*to = *pos;
		mt_pos_load(mt, to, next ? pos->off + 1 : pos->off - 1);
	} else {
		mt_wr_find(mt, next ? pos->hi + 1 : pos->lo - 1, to);
	}
}

/*
 * mt_wr_find_leaf() - Find the slot of @wr->index in the leaf of @mas,
 * trying the state's own slot first: it is the one after a lookup or an
 * iteration step over the range being written.
 */
static void mt_wr_find_leaf(struct mt_wr *wr, struct ma_state *mas)
{
	struct maple_node *node = mte_to_node(mas->node);
	struct mt_pos *pos = &wr->l;
	unsigned long *pivots = node->mr64.pivot;
	unsigned char off = mas->offset;

	pos->end = ma_end(node, maple_leaf_64);
	if (off > pos->end)
		goto walk;
	pos->lo = ma_slot_min(pivots, off, mas->min);
	pos->hi = ma_slot_max(pivots, off, pos->end, mas->max);
	if (pos->lo > wr->index || pos->hi < wr->index)
		goto walk;
	pos->node = node;
	pos->min = mas->min;
	pos->max = mas->max;
	pos->off = off;
	pos->entry = mt_slot_locked(wr->mt, node->mr64.slot, off);
	return;
walk:
	mt_wr_find_from(wr->mt, mas->node, mas->min, mas->max, wr->index, pos);
}

/*
 * mt_wr_locate() - Find the leaves a write touches.  A store of %NULL is
 * widened to take in the %NULL ranges next to it, so that no two neighbouring
 * ranges are both %NULL afterwards.
 */
static void mt_wr_locate(struct mt_wr *wr)
{
	struct maple_tree *mt = wr->mt;
	struct ma_state *mas = wr->mas;
	struct mt_pos pos;

	/*
	 * A state positioned on a live leaf that covers the index (as after
	 * mas_walk(), mas_find() or an earlier store) saves the walk from the
	 * root, as it does in v6.12.
	 */
	if (mas_is_active(mas) && mas->min <= wr->index &&
	    wr->index <= mas->max && !ma_dead(mte_to_node(mas->node)))
		mt_wr_find_leaf(wr, mas);
	else
		mt_wr_find(mt, wr->index, &wr->l);
	wr->content = wr->l.entry;
	if (!wr->entry) {
		if (!wr->l.entry) {
			wr->index = wr->l.lo;
		} else if (wr->index == wr->l.lo && wr->index) {
			mt_pos_step(mt, &wr->l, &pos, false);
			if (!pos.entry) {
				wr->l = pos;
				wr->index = pos.lo;
			}
		}
	}

	if (wr->last <= wr->l.hi) {
		wr->r = wr->l;
	} else if (wr->last <= wr->l.max) {
		wr->r = wr->l;
		while (wr->r.hi < wr->last)
			mt_pos_load(mt, &wr->r, wr->r.off + 1);
	} else {
		mt_wr_find(mt, wr->last, &wr->r);
	}

	if (!wr->entry) {
		if (!wr->r.entry) {
			wr->last = wr->r.hi;
		} else if (wr->last == wr->r.hi && wr->last != ULONG_MAX) {
			mt_pos_step(mt, &wr->r, &pos, true);
			if (!pos.entry) {
				wr->r = pos;
				wr->last = pos.hi;
			}
		}
	}
}

/* --- Writing: building new nodes --------------------------------------- */

static inline void mt_push(struct mt_wr *wr, void *entry, unsigned long last,
			   unsigned long gap)
{
	wr->item_slot[wr->nr] = entry;
	wr->item_last[wr->nr] = last;
	wr->item_gap[wr->nr] = gap;
	wr->nr++;
}

/*
 * mt_push_slots() - Append slots @from..@to of @node (covering up to @max)
 * to the items.  The run is copied whole; only the last slot of a node has
 * no pivot of its own.  A dry run only counts the slots: no decision of
 * mt_wr_rebuild() looks at their contents.
 */
static void mt_push_slots(struct mt_wr *wr, struct maple_node *node,
			  enum maple_type type, unsigned char from,
			  unsigned char to, unsigned long max)
{
	unsigned char end = ma_end(node, type);
	unsigned char n, np;

	if (to > end)
		to = end;
	if (from > to)
		return;
	n = to - from + 1;
	if (!wr->dry_run) {
		np = to < end ? n : n - 1;
		memcpy(&wr->item_slot[wr->nr], &ma_slots(node, type)[from],
		       n * sizeof(wr->item_slot[0]));
		memcpy(&wr->item_last[wr->nr], &ma_pivots(node, type)[from],
		       np * sizeof(wr->item_last[0]));
		if (np < n)
			wr->item_last[wr->nr + np] = max;
		if (type == maple_arange_64)
			memcpy(&wr->item_gap[wr->nr], &node->ma64.gap[from],
			       n * sizeof(wr->item_gap[0]));
	}
	wr->nr += n;
}

/* The items of the leaf level: old contents around the new range. */
static void mt_wr_leaf_items(struct mt_wr *wr)
{
	struct mt_pos *l = &wr->l, *r = &wr->r;
	void *root;

	wr->nr = 0;
	wr->level = 0;
	if (!l->node) {
		/* No nodes yet: make up the one leaf the tree would have. */
		root = mt_root_locked(wr->mt);
		wr->left = NULL;
		wr->right = NULL;
		wr->min = 0;
		wr->max = ULONG_MAX;
		if (wr->index) {
			if (root)
				mt_push(wr, root, 0, 0);
			if (!root || wr->index > 1)
				mt_push(wr, NULL, wr->index - 1, 0);
		}
		mt_push(wr, wr->entry, wr->last, 0);
		if (wr->last != ULONG_MAX)
			mt_push(wr, NULL, ULONG_MAX, 0);
	} else {
		wr->left = l->node;
		wr->right = r->node;
		wr->min = l->min;
		wr->max = r->max;
		if (l->off)
			mt_push_slots(wr, l->node, maple_leaf_64, 0,
				      l->off - 1, l->max);
		if (l->lo < wr->index)
			mt_push(wr, l->entry, wr->index - 1, 0);
		mt_push(wr, wr->entry, wr->last, 0);
		if (r->hi > wr->last)
			mt_push(wr, r->entry, r->hi, 0);
		mt_push_slots(wr, r->node, maple_leaf_64, r->off + 1, r->end,
			      r->max);
	}
}

/* Recompute the largest gap of an arange node and its gap metadata. */
static unsigned long ma_max_gap(struct maple_node *node)
{
	unsigned char end = ma_end(node, maple_arange_64);
	unsigned char i, best = 0;

	for (i = 1; i <= end; i++)
		if (node->ma64.gap[i] > node->ma64.gap[best])
			best = i;
	WRITE_ONCE(node->ma64.meta.gap, best);
	return node->ma64.gap[best];
}

/* The largest gap below an encoded node. */
static unsigned long mte_gap(const struct maple_tree *mt,
			     struct maple_enode *enode, unsigned long min,
			     unsigned long max)
{
	struct maple_node *node = mte_to_node(enode);
	enum maple_type type = mte_node_type(enode);
	unsigned long *pivots, gap = 0;
	void __rcu **slots;
	unsigned char end, i;

	if (type == maple_arange_64)
		return node->ma64.gap[node->ma64.meta.gap];

	/* Under the lock the pivots are stable: plain loads, last slot apart. */
	pivots = ma_pivots(node, type);
	slots = ma_slots(node, type);
	end = ma_end(node, type);
	for (i = 0; i < end; i++) {
		if (!mt_slot_locked(mt, slots, i) && pivots[i] - min >= gap)
			gap = pivots[i] - min + 1;
		min = pivots[i] + 1;
	}
	if (!mt_slot_locked(mt, slots, end) && max - min >= gap)
		gap = max - min + 1;
	return gap;
}

/*
 * mt_build() - Pack @count items starting at @first into a new node.
 * @min: The lowest index the node covers.
 *
 * The node is not reachable yet, so its slots are filled with plain copies.
 *
 * Return: the new node, described as an item of the level above.
 */
static struct mt_item mt_build(struct mt_wr *wr, unsigned char first,
			       unsigned char count, unsigned long min)
{
	enum maple_type type = wr->level ? mt_internal_type(wr->mt) :
		maple_leaf_64;
	struct mt_item out = { };
	struct maple_node *node;
	unsigned char i;

	wr->need++;
	if (wr->dry_run)
		return out;

	out.last = wr->item_last[first + count - 1];
	node = mas_pool_pop(wr->mas);
	memset(node, 0, sizeof(*node));		/* and so no parent yet */
	memcpy(ma_slots(node, type), &wr->item_slot[first],
	       count * sizeof(wr->item_slot[0]));
	memcpy(ma_pivots(node, type), &wr->item_last[first],
	       (count - 1) * sizeof(wr->item_last[0]));
	if (type == maple_arange_64)
		memcpy(node->ma64.gap, &wr->item_gap[first],
		       count * sizeof(wr->item_gap[0]));
	/* Children moved from linked nodes are adopted after publication. */
	for (i = 0; !ma_is_leaf(type) && i < count; i++)
		if (!mte_to_node(wr->item_slot[first + i])->parent)
			ma_set_parent(mte_to_node(wr->item_slot[first + i]),
				      node, i);
	ma_set_end(node, type, count - 1);

	out.entry = mt_mk_node(node, type);
	if (type == maple_arange_64)
		out.gap = ma_max_gap(node);
	else if (mt_is_alloc(wr->mt))
		out.gap = mte_gap(wr->mt, out.entry, min, out.last);
	return out;
}

/*
 * mt_build_level() - Split the items of the level over as few new nodes as
 * fit: evenly, except at the right edge of the tree, where ascending stores
 * append.  There every node but the last is filled as far as the minimum
 * of the nodes after it allows, so that appending leaves full nodes behind
 * (the last one fills up before it is split or shares again).
 */
static void mt_build_level(struct mt_wr *wr, unsigned char capacity)
{
	unsigned char k = DIV_ROUND_UP(wr->nr, capacity);
	unsigned char floor = (capacity + 2) / 3;	/* mt_min_fill() */
	unsigned char done = 0, j;
	unsigned long min = wr->min;

	for (j = 0; j < k; j++) {
		unsigned char count = (wr->nr - done) / (k - j);

		if (wr->max == ULONG_MAX && j < k - 1)
			count = min_t(unsigned char, capacity,
				      wr->nr - done - (k - j - 1) * floor);

		wr->built[j] = mt_build(wr, done, count, min);
		if (!wr->level && !wr->dry_run && min <= wr->index &&
		    wr->index <= wr->built[j].last) {
			wr->leaf = mte_to_node(wr->built[j].entry);
			wr->leaf_min = min;
			wr->leaf_max = wr->built[j].last;
		}
		min = wr->built[j].last + 1;
		done += count;
	}
	wr->nr_new = k;
}

/* Propagate a changed gap of child @off of @node towards the root. */
static void mt_update_gaps(struct maple_tree *mt, struct maple_node *node,
			   unsigned char off, unsigned long gap)
{
	while (node->ma64.gap[off] != gap) {
		unsigned long old_max = node->ma64.gap[node->ma64.meta.gap];
		unsigned long new_max;

		WRITE_ONCE(node->ma64.gap[off], gap);
		new_max = ma_max_gap(node);
		if (new_max == old_max || ma_is_root(node))
			return;
		off = ma_parent_slot(node);
		node = ma_parent(node);
		gap = new_max;
	}
}

/* Free @node, or hand it to the pool of @recycle. */
static void mt_dispose(struct maple_tree *mt, struct maple_node *node,
		       struct ma_state *recycle)
{
	if (recycle)
		mas_pool_push(recycle, node);
	else
		mt_free_node(mt, node);
}

/*
 * mt_free_garbage() - Free what a write unlinked, starting at @top.
 * @recycle: If not %NULL, a maple state in bulk mode on a tree outside RCU
 *	     mode, whose pool takes the nodes back for the next stores.
 *
 * A node reached from an unlinked node is unlinked too unless it was moved
 * into a new node, in which case its parent field names the new parent.
 */
static void mt_free_garbage(struct maple_tree *mt, struct maple_enode *top,
			    struct ma_state *recycle)
{
	struct maple_enode *cur = top;
	unsigned char off = 0;

	for (;;) {
		struct maple_node *node = mte_to_node(cur);
		enum maple_type type = mte_node_type(cur);
		struct maple_node *parent;

		if (!ma_is_leaf(type)) {
			void __rcu **slots = ma_slots(node, type);
			unsigned char end = ma_end(node, type);
			struct maple_enode *child = NULL;

			for (; off <= end; off++) {
				struct maple_node *cn;

				child = mt_slot_locked(mt, slots, off);
				cn = mte_to_node(child);
				if (!ma_is_root(cn) && ma_parent(cn) == node)
					break;
			}
			if (off <= end) {
				cur = child;
				off = 0;
				continue;
			}
		}

		if (cur == top) {
			mt_dispose(mt, node, recycle);
			return;
		}
		parent = ma_parent(node);
		off = ma_parent_slot(node) + 1;
		mt_dispose(mt, node, recycle);
		cur = mt_mk_node(parent, mt_internal_type(mt));
	}
}

/*
 * mt_free_leaves() - Free the leaves below @slots[0..@end] of a node of a
 * tree being destroyed.  Outside RCU mode nobody reads the parent any more,
 * so its slots are turned into the array of node pointers that
 * kmem_cache_free_bulk() takes.
 */
static void mt_free_leaves(struct maple_tree *mt, void __rcu **slots,
			   unsigned char end)
{
	void **nodes = (void __force **)slots;
	unsigned char i;

	if (mt_in_rcu(mt)) {
		for (i = 0; i <= end; i++)
			mt_free_node(mt, mte_to_node(nodes[i]));
		return;
	}
	for (i = 0; i <= end; i++)
		nodes[i] = mte_to_node(nodes[i]);
	kmem_cache_free_bulk(maple_node_cache, end + 1, nodes);
}

/*
 * mt_free_all() - Free every node of a tree whose root pointer no longer
 * leads to @top.  Internal nodes are visited depth first, going up through
 * their parent fields; leaves are freed from their parent's slots without
 * being read.
 */
static void mt_free_all(struct maple_tree *mt, struct maple_enode *top)
{
	enum maple_type itype = mt_internal_type(mt);
	struct maple_enode *cur = top;
	unsigned char off = 0;

	if (ma_is_leaf(mte_node_type(top))) {
		mt_free_node(mt, mte_to_node(top));
		return;
	}
	for (;;) {
		struct maple_node *node = mte_to_node(cur);
		void __rcu **slots = ma_slots(node, itype);
		unsigned char end = ma_end(node, itype);
		struct maple_node *parent;

		if (off <= end) {
			struct maple_enode *child;

			child = mt_slot_locked(mt, slots, off);
			if (!ma_is_leaf(mte_node_type(child))) {
				cur = child;
				off = 0;
				continue;
			}
			/* All children of a node are on the same level. */
			mt_free_leaves(mt, slots, end);
		}
		if (cur == top) {
			mt_free_node(mt, node);
			return;
		}
		parent = ma_parent(node);
		off = ma_parent_slot(node) + 1;
		mt_free_node(mt, node);
		cur = mt_mk_node(parent, itype);
	}
}

/* The node next to @node on the same level, to the right or left. */
static struct maple_node *ma_level_neighbour(const struct maple_tree *mt,
					     struct maple_node *node,
					     bool right)
{
	enum maple_type itype = mt_internal_type(mt);
	struct maple_enode *enode;
	unsigned char up = 0, off;

	for (;;) {
		struct maple_node *parent = ma_parent(node);

		off = ma_parent_slot(node);
		node = parent;
		up++;
		if (right ? off < ma_end(node, itype) : off > 0)
			break;
	}
	off = right ? off + 1 : off - 1;
	enode = mt_slot_locked(mt, ma_slots(node, itype), off);
	while (--up) {
		struct maple_node *n = mte_to_node(enode);
		enum maple_type t = mte_node_type(enode);

		off = right ? 0 : ma_end(n, t);
		enode = mt_slot_locked(mt, ma_slots(n, t), off);
	}
	return mte_to_node(enode);
}

/* Add neighbour @y, just right of the run, to the items. */
static void mt_wr_take_right(struct mt_wr *wr, struct maple_node *y,
			     enum maple_type type)
{
	unsigned long ymax = ma_node_bound(wr->mt, y, true);

	mt_push_slots(wr, y, type, 0, mt_capacity(type), ymax);
	wr->right = y;
	wr->max = ymax;
}

/* Add neighbour @y, just left of the run, in front of the items. */
static void mt_wr_take_left(struct mt_wr *wr, struct maple_node *y,
			    enum maple_type type)
{
	unsigned char keep = wr->nr;
	unsigned char nr_y = ma_end(y, type) + 1;

	/* Make room at the front, then fill it with the neighbour. */
	if (!wr->dry_run) {
		memmove(&wr->item_slot[nr_y], &wr->item_slot[0],
			keep * sizeof(wr->item_slot[0]));
		memmove(&wr->item_last[nr_y], &wr->item_last[0],
			keep * sizeof(wr->item_last[0]));
		memmove(&wr->item_gap[nr_y], &wr->item_gap[0],
			keep * sizeof(wr->item_gap[0]));
	}
	wr->nr = 0;
	mt_push_slots(wr, y, type, 0, mt_capacity(type), wr->min - 1);
	wr->nr = keep + nr_y;
	wr->left = y;
	wr->min = ma_node_bound(wr->mt, y, false);
}

/*
 * mt_wr_absorb() - Bring a neighbour of the run into the items, when the
 * level would leave a node below its minimum.  A sibling under the same
 * parent is preferred; otherwise the next node on the level.
 */
static void mt_wr_absorb(struct mt_wr *wr, enum maple_type type)
{
	struct maple_tree *mt = wr->mt;
	enum maple_type itype = mt_internal_type(mt);
	bool right;

	if (wr->max != ULONG_MAX &&
	    ma_parent_slot(wr->right) < ma_end(ma_parent(wr->right), itype))
		right = true;
	else if (wr->min && ma_parent_slot(wr->left))
		right = false;
	else
		right = wr->max != ULONG_MAX;

	if (right)
		mt_wr_take_right(wr, ma_level_neighbour(mt, wr->right, true),
				 type);
	else
		mt_wr_take_left(wr, ma_level_neighbour(mt, wr->left, false),
				type);
}

/*
 * mt_wr_share() - Spread an overfull node over itself and a sibling.
 *
 * Rather than split one overfull node, take in its emptier sibling if both
 * fit in two nodes with a little room to spare: ascending or descending
 * stores then fill nodes almost completely, and the parent does not grow.
 *
 * Return: %true if a sibling was taken in.
 */
static bool mt_wr_share(struct mt_wr *wr, enum maple_type type,
			unsigned char capacity)
{
	enum maple_type itype = mt_internal_type(wr->mt);
	struct maple_node *parent = ma_parent(wr->left);
	void __rcu **slots = ma_slots(parent, itype);
	unsigned char off = ma_parent_slot(wr->left);
	struct maple_node *l = NULL, *r = NULL;
	unsigned char nl = U8_MAX, nr = U8_MAX;

	if (off) {
		l = mte_to_node(mt_slot_locked(wr->mt, slots, off - 1));
		nl = ma_end(l, type) + 1;
	}
	if (off < ma_end(parent, itype)) {
		r = mte_to_node(mt_slot_locked(wr->mt, slots, off + 1));
		nr = ma_end(r, type) + 1;
	}
	if (l && nl <= nr && wr->nr + nl <= 2 * capacity - 2) {
		mt_wr_take_left(wr, l, type);
		return true;
	}
	if (r && wr->nr + nr <= 2 * capacity - 2) {
		mt_wr_take_right(wr, r, type);
		return true;
	}
	return false;
}

/* Append the nodes just built to the items of the level above. */
static void mt_push_built(struct mt_wr *wr)
{
	unsigned char j;

	for (j = 0; j < wr->nr_new; j++)
		mt_push(wr, wr->built[j].entry, wr->built[j].last,
			wr->built[j].gap);
}

/* Make the items of the next level up from the nodes just built. */
static void mt_wr_ascend(struct mt_wr *wr)
{
	enum maple_type itype = mt_internal_type(wr->mt);
	struct maple_node *pl = ma_parent(wr->left);
	struct maple_node *pr = ma_parent(wr->right);
	unsigned char offl = ma_parent_slot(wr->left);
	unsigned char offr = ma_parent_slot(wr->right);

	wr->min = ma_node_bound(wr->mt, pl, false);
	wr->max = ma_node_bound(wr->mt, pr, true);
	wr->nr = 0;
	if (offl)
		mt_push_slots(wr, pl, itype, 0, offl - 1, wr->max);
	mt_push_built(wr);
	mt_push_slots(wr, pr, itype, offr + 1, MAPLE_RANGE64_SLOTS, wr->max);
	wr->left = pl;
	wr->right = pr;
	wr->level++;
}

/*
 * Make @root (a node, or the entry of a tree without nodes) the new root.
 * Return: @root if this write built it (see mt_adopt()), else %NULL.
 */
static void *mt_wr_set_root(struct mt_wr *wr, void *root, unsigned int height)
{
	void *built = xa_is_node(root) && !mte_to_node(root)->parent ?
		root : NULL;

	if (wr->dry_run)
		return NULL;
	if (xa_is_node(root))
		ma_set_root_parent(mte_to_node(root), wr->mt);
	mt_set_height(wr->mt, height);
	rcu_assign_pointer(wr->mt->ma_root, root);
	return built;
}

/*
 * mt_adopt() - Now that @top is published, point the children a write moved
 * into the new nodes under it at them (in-place change 3): a reader climbing
 * to a parent (mas_next_leaf()) must find a published one.  New children
 * name theirs already; only they are looked into, MT_MAX_SPLIT a level.
 */
static void mt_adopt(struct maple_tree *mt, struct maple_enode *top)
{
	struct maple_enode *cur[MT_MAX_SPLIT], *next[MT_MAX_SPLIT];
	unsigned char n = 1, k, i, end, nr;

	for (cur[0] = top; n && !ma_is_leaf(mte_node_type(cur[0])); n = nr) {
		for (k = nr = 0; k < n; k++) {
			struct maple_node *node = mte_to_node(cur[k]);
			enum maple_type type = mte_node_type(cur[k]);

			end = ma_end(node, type);
			for (i = 0; i <= end; i++) {
				struct maple_enode *child = mt_slot_locked(mt,
						ma_slots(node, type), i);

				if (ma_parent(mte_to_node(child)) != node ||
				    ma_parent_slot(mte_to_node(child)) != i)
					ma_set_parent(mte_to_node(child), node, i);
				else if (!WARN_ON_ONCE(nr == MT_MAX_SPLIT))
					next[nr++] = child;
			}
		}
		memcpy(cur, next, nr * sizeof(next[0]));
	}
}

/*
 * mt_wr_rebuild() - Rebuild the tree around the items of the leaf level.
 *
 * With @wr->dry_run set nothing is changed and @wr->need ends up as the
 * number of nodes the write takes.  Otherwise the nodes are taken from the
 * pool, the new subtree is published and the old one freed.
 */
static void mt_wr_rebuild(struct mt_wr *wr)
{
	struct maple_tree *mt = wr->mt;
	void *old_root = mt_root_locked(mt);
	struct maple_enode *garbage = NULL, *top = NULL;

	for (;;) {
		enum maple_type type = wr->level ? mt_internal_type(mt) :
			maple_leaf_64;
		unsigned char capacity = mt_capacity(type);
		bool whole = !wr->min && wr->max == ULONG_MAX;
		bool absorbed = false;

		if (whole && wr->nr == 1 && (wr->level || !wr->item_slot[0])) {
			/* A lone child becomes the root; a lone NULL empties. */
			top = mt_wr_set_root(wr, wr->item_slot[0], wr->level);
			break;
		}
		if (whole && !wr->level && !xa_is_node(old_root) &&
		    wr->nr == 2 && !wr->item_last[0] && wr->item_slot[0] &&
		    !mt_entry_needs_node(wr->item_slot[0])) {
			/* Keep a lone entry at index 0 in the root pointer. */
			mt_wr_set_root(wr, wr->item_slot[0], 0);
			break;
		}
		if (!whole && wr->nr < mt_min_fill(type)) {
			mt_wr_absorb(wr, type);
			absorbed = true;
		} else if (!whole && wr->nr > capacity && wr->left == wr->right) {
			absorbed = mt_wr_share(wr, type, capacity);
		}

		mt_build_level(wr, capacity);

		if (whole && wr->nr_new == 1) {
			top = mt_wr_set_root(wr, wr->built[0].entry,
					     wr->level + 1);
			break;
		}
		if (whole && (!wr->left || ma_is_root(wr->left))) {
			/* The root split: grow a new root above. */
			wr->level++;
			wr->nr = 0;
			mt_push_built(wr);
			continue;
		}
		if (!whole && !absorbed && wr->nr_new == 1 &&
		    wr->left == wr->right) {
			struct maple_node *parent = ma_parent(wr->left);
			unsigned char off = ma_parent_slot(wr->left);
			enum maple_type itype = mt_internal_type(mt);

			if (wr->dry_run)
				return;
			garbage = mt_mk_node(wr->left, type);
			top = wr->built[0].entry;
			ma_set_parent(mte_to_node(top), parent, off);
			rcu_assign_pointer(ma_slots(parent, itype)[off], top);
			if (itype == maple_arange_64)
				mt_update_gaps(mt, parent, off,
					       wr->built[0].gap);
			break;
		}
		mt_wr_ascend(wr);
	}

	if (wr->dry_run)
		return;
	if (top)
		mt_adopt(mt, top);
	if (!garbage && xa_is_node(old_root))
		garbage = old_root;
	if (garbage) {
		/* A reader that sees a dead mark must see the new tree too. */
		smp_wmb();
		mt_free_garbage(mt, garbage, mt_in_rcu(mt) ||
				!(wr->mas->mas_flags & MA_STATE_BULK) ? NULL : wr->mas);
	}
}

/* --- Writing: the store itself ------------------------------------------ */

/* Pass the new largest gap of the leaf of @wr up to its ancestors. */
static void mt_wr_leaf_gap(struct mt_wr *wr)
{
	struct maple_node *leaf = wr->l.node;

	if (mt_is_alloc(wr->mt) && !ma_is_root(leaf))
		mt_update_gaps(wr->mt, ma_parent(leaf), ma_parent_slot(leaf),
			       mte_gap(wr->mt, mt_mk_node(leaf, maple_leaf_64),
				       wr->l.min, wr->l.max));
}

/* Overwrite one leaf slot whose range stays the same (in-place change 1). */
static void mt_wr_in_place(struct mt_wr *wr)
{
	rcu_assign_pointer(wr->l.node->mr64.slot[wr->l.off], wr->entry);
	if (!wr->content != !wr->entry)
		mt_wr_leaf_gap(wr);
}

static bool mt_wr_is_exact(const struct mt_wr *wr)
{
	if (!wr->l.node || wr->l.node != wr->r.node || wr->l.off != wr->r.off)
		return false;
	if (wr->l.lo != wr->index || wr->l.hi != wr->last)
		return false;
	/* Emptying a root leaf's only slot empties the tree instead. */
	return wr->entry || wr->l.end || !ma_is_root(wr->l.node);
}

/* Does the write store the first slot's entry from the start of its range? */
static inline bool mt_wr_grows_left(const struct mt_wr *wr)
{
	return wr->entry == wr->l.entry && wr->index == wr->l.lo;
}

/*
 * mt_wr_is_pivot_move() - Does the write only move the boundary between two
 * neighbouring slots of a leaf (in-place change 7)?  A %NULL store was
 * widened over the %NULL ranges next to it, so a %NULL slot is covered
 * from its start or to its end as that asks.
 */
static bool mt_wr_is_pivot_move(const struct mt_wr *wr)
{
	const struct mt_pos *l = &wr->l, *r = &wr->r;

	if (!l->node || l->node != r->node || r->off != l->off + 1)
		return false;
	if (mt_wr_grows_left(wr))
		return wr->last < r->hi;
	return wr->entry == r->entry && wr->last == r->hi && wr->index > l->lo;
}

/* Move the boundary of a write that mt_wr_is_pivot_move() accepted. */
static void mt_wr_pivot_move(struct mt_wr *wr)
{
	unsigned long pivot;

	pivot = mt_wr_grows_left(wr) ? wr->last : wr->index - 1;
	WRITE_ONCE(wr->l.node->mr64.pivot[wr->l.off], pivot);
	if (!wr->l.entry || !wr->r.entry)
		mt_wr_leaf_gap(wr);
}

/* The slots of a write that stays within one leaf, once it is done. */
static inline unsigned int mt_wr_leaf_slots(const struct mt_wr *wr)
{
	const struct mt_pos *l = &wr->l, *r = &wr->r;

	return l->off + (l->lo < wr->index) + 1 + (r->hi > wr->last) +
		r->end - r->off;
}

/*
 * mt_wr_fits_leaf() - Can the write rewrite its leaf (in place, or in RCU
 * mode in a copy)?  Only if it stays within one leaf, which keeps at least
 * its minimum (or, as the root, anything but a lone %NULL) and at most its
 * capacity of slots: then no other node changes.
 */
static bool mt_wr_fits_leaf(const struct mt_wr *wr)
{
	const struct mt_pos *l = &wr->l, *r = &wr->r;
	unsigned int nr;

	if (!l->node || l->node != r->node)
		return false;
	nr = mt_wr_leaf_slots(wr);
	if (nr > MAPLE_RANGE64_SLOTS)
		return false;
	if (ma_is_root(l->node))
		return nr > 1 || wr->entry;
	return nr >= mt_min_fill(maple_leaf_64);
}

/*
 * Move the slots of the leaf after the write (those after @wr->r.off) so
 * that the first lands in slot @at.  Only the last slot of a leaf has no
 * pivot of its own, so a run of n slots carries n - 1 pivots.
 */
static void mt_wr_leaf_shift(struct mt_wr *wr, unsigned char at)
{
	struct maple_node *leaf = wr->l.node;
	unsigned char from = wr->r.off + 1;
	unsigned char tail = wr->r.end - wr->r.off;

	if (!tail || at == from)
		return;
	memmove(&leaf->mr64.slot[at], &leaf->mr64.slot[from],
		tail * sizeof(leaf->mr64.slot[0]));
	memmove(&leaf->mr64.pivot[at], &leaf->mr64.pivot[from],
		(tail - 1) * sizeof(leaf->mr64.pivot[0]));
}

/*
 * mt_wr_leaf_in_place() - Rewrite the leaf of a write that mt_wr_fits_leaf()
 * accepted, which no reader sees (no RCU mode, or a copy): the slots after
 * the write move over as a block, and only its up to three slots (the old
 * ranges left at either end, and the new one) are stored one by one.  Out of
 * line, as are mas_wr_entry()'s rarer steps, to keep its commonest short.
 */
static noinline void mt_wr_leaf_in_place(struct mt_wr *wr)
{
	struct maple_node *leaf = wr->l.node;
	unsigned long *pivots = leaf->mr64.pivot;
	void __rcu **slots = leaf->mr64.slot;
	unsigned char i = wr->l.off, old_end = wr->r.end;
	unsigned char at = i + (wr->l.lo < wr->index) + 1 +
		(wr->r.hi > wr->last);
	unsigned char end = at + old_end - wr->r.off - 1;

	mt_wr_leaf_shift(wr, at);
	if (wr->l.lo < wr->index) {
		RCU_INIT_POINTER(slots[i], wr->l.entry);
		pivots[i++] = wr->index - 1;
	}
	RCU_INIT_POINTER(slots[i], wr->entry);
	if (i < end)
		pivots[i] = wr->last;
	if (wr->r.hi > wr->last) {
		RCU_INIT_POINTER(slots[++i], wr->r.entry);
		if (i < end)
			pivots[i] = wr->r.hi;
	}
	/* A shrunk leaf: pivots from its end on and slots after it are 0. */
	for (i = end; i < old_end; i++) {
		pivots[i] = 0;
		RCU_INIT_POINTER(slots[i + 1], NULL);
	}
	ma_set_end(leaf, maple_leaf_64, end);
	wr->nr = end + 1;
	mt_wr_leaf_gap(wr);
}

/*
 * mt_wr_leaf_copy() - mt_wr_leaf_in_place() for a tree in RCU mode: rewrite
 * a copy of the leaf, unseen by readers, and publish it in the leaf's place
 * (in-place change 2); the leaf is freed after a grace period.
 */
static noinline void mt_wr_leaf_copy(struct mt_wr *wr)
{
	struct maple_node *old = wr->l.node, *leaf = mas_pool_pop(wr->mas);
	struct maple_enode *enode = mt_mk_node(leaf, maple_leaf_64);
	enum maple_type itype = mt_internal_type(wr->mt);
	struct maple_node *parent = ma_parent(old);

	memcpy(leaf, old, sizeof(*leaf));
	wr->l.node = leaf;
	wr->r.node = leaf;
	mt_wr_leaf_in_place(wr);
	if (ma_is_root(old))
		rcu_assign_pointer(wr->mt->ma_root, enode);
	else
		rcu_assign_pointer(ma_slots(parent, itype)[ma_parent_slot(old)],
				   enode);
	/* A reader that sees the dead mark must see the copy too. */
	smp_wmb();
	mt_free_node(wr->mt, old);
}

/*
 * After a write that kept its leaf (in place), point @mas at the written
 * slot @off of that leaf, whose last used slot is now @end, as mas_walk()
 * would: an iteration then moves on from it rather than finding it again.
 */
static void mas_wr_set_leaf(struct ma_state *mas, const struct mt_wr *wr,
			    unsigned char off, unsigned char end)
{
	mas->node = mt_mk_node(wr->l.node, maple_leaf_64);
	mas->depth = mt_height(wr->mt);
	mas->min = wr->l.min;
	mas->max = wr->l.max;
	mas->offset = off;
	mas->end = end;
	mas->index = wr->index;
	mas->last = wr->last;
	mas->status = ma_active;
}

/*
 * After a rebuild, point @mas at the range written in the new leaf that holds
 * it; without one (no nodes left: ma_root or ma_none) walk.  Out of line for
 * the same reason as mt_wr_leaf_in_place().
 */
static noinline void mas_wr_set_new_leaf(struct ma_state *mas,
					 struct mt_wr *wr)
{
	struct maple_node *leaf = wr->leaf;
	unsigned char end;

	if (!leaf) {
		mas->index = wr->index;
		mas_walk(mas);
		mas->index = wr->index;
		mas->last = wr->last;
		return;
	}
	end = ma_end(leaf, maple_leaf_64);
	wr->l.node = leaf;
	wr->l.min = wr->leaf_min;
	wr->l.max = wr->leaf_max;
	mas_wr_set_leaf(mas, wr, ma_find_slot(leaf->mr64.pivot, end,
					      wr->index), end);
}

/*
 * mas_wr_count() - Work out how a write of @entry over @mas->index ..
 * @mas->last goes and how many nodes it needs.
 *
 * Return: the number of nodes, or -EEXIST for an insert into a used range.
 */
static long mas_wr_count(struct mt_wr *wr, struct ma_state *mas, void *entry,
			 bool insert)
{
	wr->mas = mas;
	wr->mt = mas->tree;
	wr->entry = entry;
	wr->index = mas->index;
	wr->last = mas->last;
	wr->need = 0;

	if (mt_is_node(mt_root_locked(wr->mt))) {
		mt_wr_locate(wr);
	} else {
		void *root = mt_root_locked(wr->mt);

		memset(&wr->l, 0, sizeof(wr->l));
		wr->r = wr->l;
		wr->content = wr->index ? NULL : root;
		if (!entry) {
			/* All but index 0 is NULL already. */
			wr->index = root && wr->index ? 1 : 0;
			wr->last = ULONG_MAX;
		}
	}

	if (insert) {
		if (wr->content)
			return -EEXIST;
		if (wr->l.node && wr->l.hi < mas->last)
			return -EEXIST;
	}

	if (mt_wr_is_exact(wr)) {
		wr->how = MT_WR_SLOT;
		return 0;
	}
	if (mt_wr_is_pivot_move(wr)) {
		wr->how = MT_WR_PIVOT;
		return 0;
	}
	if (mt_wr_fits_leaf(wr)) {
		wr->how = mt_in_rcu(wr->mt) ? MT_WR_COPY : MT_WR_LEAF;
		return wr->how == MT_WR_COPY;
	}
	wr->how = MT_WR_REBUILD;
	wr->dry_run = true;
	mt_wr_leaf_items(wr);
	mt_wr_rebuild(wr);
	return wr->need;
}

/*
 * The plan mas_preallocate() worked out for a write needing new nodes: the
 * leaf slots found and the node count (the store still builds the nodes).  It
 * is kept in the first node of the pool it filled, which no reader can see,
 * so that mas_store_prealloc() of the same range need not work it out again.
 */
struct mt_plan {
	struct maple_alloc alloc;	/* the pool's link, left alone */
	unsigned long index, last;	/* the range of the maple state */
	bool null;			/* planned for a %NULL entry */
	unsigned long w_index, w_last;	/* the range written, widened */
	void *content;
	struct mt_pos l, r;
	enum mt_wr_how how;
	unsigned long need;
	unsigned int writes;		/* mt_writes() of the tree then */
};

static void mt_plan_save(const struct mt_wr *wr, struct ma_state *mas)
{
	struct mt_plan *plan = (struct mt_plan *)mas->alloc;

	BUILD_BUG_ON(sizeof(*plan) > sizeof(struct maple_node));
	BUILD_BUG_ON(offsetof(struct maple_node, alloc) != 0);
	plan->index = mas->index;
	plan->last = mas->last;
	plan->null = !wr->entry;
	plan->w_index = wr->index;
	plan->w_last = wr->last;
	plan->content = wr->content;
	plan->l = wr->l;
	plan->r = wr->r;
	plan->how = wr->how;
	plan->need = wr->need;
	plan->writes = mt_writes(mas->tree);
	mas->mas_flags |= MA_STATE_PLAN;
}

/*
 * mt_plan_load() - Take up the plan mas_preallocate() left for storing
 * @entry over the range of @mas, if the maple state still asks for that
 * write and the tree has not been written since.
 *
 * Return: the number of nodes the write takes, or -1 to work it out anew.
 */
static long mt_plan_load(struct mt_wr *wr, struct ma_state *mas, void *entry)
{
	struct mt_plan *plan = (struct mt_plan *)mas->alloc;

	if (plan->index != mas->index || plan->last != mas->last ||
	    plan->null != !entry || plan->writes != mt_writes(mas->tree))
		return -1;
	wr->mas = mas;
	wr->mt = mas->tree;
	wr->entry = entry;
	wr->index = plan->w_index;
	wr->last = plan->w_last;
	wr->content = plan->content;
	wr->l = plan->l;
	wr->r = plan->r;
	wr->how = plan->how;
	return plan->need;
}

/*
 * mas_wr_planned() - mas_wr_count() for a maple state that holds a plan:
 * follow it if it is for this write, else work the write out again (any
 * write makes it stale).  Out of line, as mt_wr_leaf_in_place() is.
 */
static noinline long mas_wr_planned(struct mt_wr *wr, struct ma_state *mas,
				    void *entry, bool insert)
{
	long need = insert ? -1 : mt_plan_load(wr, mas, entry);

	mas->mas_flags &= ~MA_STATE_PLAN;
	if (need < 0)
		need = mas_wr_count(wr, mas, entry, insert);
	return need;
}

/*
 * mas_wr_entry() - Store @entry over @mas->index .. @mas->last.
 * @gfp: Flags for topping up the pool of @mas if it is short.
 * @insert: Fail with -EEXIST unless the range is empty.
 * @old: Receives the entry that was at @mas->index.
 *
 * On success @mas points at the range written; on failure the tree and @mas
 * are unchanged, but -ENOMEM records in @mas how many nodes the write wanted.
 *
 * Return: 0, -ENOMEM, -EEXIST, or -EINVAL for an inverted range.
 */
static int mas_wr_entry(struct ma_state *mas, void *entry, gfp_t gfp,
			bool insert, void **old)
{
	struct mt_wr wr __uninitialized;	/* see struct mt_wr */
	long need;

	*old = NULL;
	if (unlikely(mas->index > mas->last))
		return -EINVAL;
	if (unlikely(mas->mas_flags & MA_STATE_PLAN))
		need = mas_wr_planned(&wr, mas, entry, insert);
	else
		need = mas_wr_count(&wr, mas, entry, insert);
	*old = wr.content;
	if (need < 0)
		return need;

	if (need > 0 && mas_pool_count(mas) < need &&
	    !mas_pool_fill(mas, need, gfp)) {
		mas->node_request = need;
		return -ENOMEM;
	}
	if (wr.how == MT_WR_SLOT) {
		mt_wr_in_place(&wr);
		mas_wr_set_leaf(mas, &wr, wr.l.off, wr.l.end);
	} else if (wr.how == MT_WR_PIVOT) {
		mt_wr_pivot_move(&wr);
		mas_wr_set_leaf(mas, &wr, wr.l.off + !mt_wr_grows_left(&wr),
				wr.l.end);
	} else if (wr.how != MT_WR_REBUILD) {
		if (wr.how == MT_WR_COPY)
			mt_wr_leaf_copy(&wr);
		else
			mt_wr_leaf_in_place(&wr);
		mas_wr_set_leaf(mas, &wr, wr.l.off + (wr.l.lo < wr.index),
				wr.nr - 1);
	} else {
		wr.dry_run = false;
		wr.need = 0;
		wr.leaf = NULL;
		mt_wr_leaf_items(&wr);
		mt_wr_rebuild(&wr);
		mas_wr_set_new_leaf(mas, &wr);
	}
	mt_count_write(mas->tree);
	return 0;
}

/**
 * mas_store() - Store an entry over the range of a maple state.
 * @mas: The maple state, with @mas->index and @mas->last set.
 * @entry: The entry; may be %NULL to erase the range.
 *
 * Uses nodes preallocated with mas_preallocate() or mas_expected_entries()
 * if there are any; otherwise allocates without sleeping and reports
 * failure through mas_is_err().  On success @mas points at the range
 * written (widened to the whole empty range when @entry is %NULL).
 *
 * Context: The write lock must be held.
 * Return: the entry that was at @mas->index, or %NULL.
 */
void *mas_store(struct ma_state *mas, void *entry)
{
	void *old;
	int err;

	if (unlikely(mas->index > mas->last)) {
		mas_set_err(mas, -EINVAL);
		return NULL;
	}

	err = mas_wr_entry(mas, entry, GFP_NOWAIT | __GFP_NOWARN, false, &old);
	if (err) {
		WARN_ON_ONCE(mas->mas_flags & MA_STATE_PREALLOC &&
			     !(mas->mas_flags & MA_STATE_BULK));
		mas_set_err(mas, err);
		return NULL;
	}
	if (!(mas->mas_flags & MA_STATE_PREALLOC))
		mas_destroy(mas);
	return old;
}
EXPORT_SYMBOL_GPL(mas_store);

/**
 * mas_store_gfp() - Store an entry, allocating as needed.
 * @mas: The maple state, with @mas->index and @mas->last set.
 * @entry: The entry; may be %NULL to erase the range.
 * @gfp: Allocation flags.  If they allow sleeping, the internal lock is
 *	 dropped around the allocation.
 *
 * Context: The write lock must be held.
 * Return: 0, -EINVAL for a range that ends before it starts, or -ENOMEM.
 */
int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp)
{
	void *old;
	int err;

	if (unlikely(mas->index > mas->last)) {
		mas_set_err(mas, -EINVAL);
		return -EINVAL;
	}

	for (;;) {
		err = mas_wr_entry(mas, entry, GFP_NOWAIT | __GFP_NOWARN,
				   false, &old);
		if (err != -ENOMEM)
			break;
		mas_set_err(mas, err);
		if (!mas_nomem(mas, gfp))
			break;
	}
	mas_destroy(mas);
	return err;
}
EXPORT_SYMBOL_GPL(mas_store_gfp);

/**
 * mas_store_prealloc() - Store an entry using preallocated nodes.
 * @mas: The maple state, prepared with mas_preallocate().
 * @entry: The entry; may be %NULL.
 *
 * Cannot fail when the range and the kind of entry (%NULL or not) are the
 * ones given to mas_preallocate(), whose plan of the write it then follows
 * if the leaves it found have not changed since.  A store that moves the
 * boundary between two ranges of a leaf, or outside RCU mode stays within
 * one leaf and leaves it a valid number of slots (such as storing %NULL
 * next to a %NULL range), needs no node at all, prepared for or not.  Any
 * other store that needs more nodes than were reserved allocates them
 * without sleeping and, if that fails, warns and leaves the tree unchanged.
 * The unused nodes are freed.
 *
 * Context: The write lock must be held.
 */
void mas_store_prealloc(struct ma_state *mas, void *entry)
{
	void *old;
	int err;

	err = mas_wr_entry(mas, entry, GFP_NOWAIT | __GFP_NOWARN, false, &old);
	if (WARN_ON_ONCE(err))
		mas_set_err(mas, err);
	mas_destroy(mas);
}
EXPORT_SYMBOL_GPL(mas_store_prealloc);

/**
 * mas_preallocate() - Reserve the nodes a store will need.
 * @mas: The maple state, with the range of the coming store set.
 * @entry: The entry that will be stored (only whether it is %NULL matters).
 * @gfp: Allocation flags.
 *
 * After success, mas_store_prealloc() of the same range cannot fail.  The
 * position of @mas is not changed.  A write that needs new nodes is worked
 * out here once: the plan is kept with the reserved nodes for the store.
 *
 * Context: The write lock must be held; the lock is never dropped.
 * Return: 0, -ENOMEM, or -EINVAL for a range that ends before it starts.
 */
int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp)
{
	struct mt_wr wr __uninitialized;	/* see struct mt_wr */
	long need;

	if (WARN_ON_ONCE(mas->index > mas->last))
		return -EINVAL;
	need = mas_wr_count(&wr, mas, entry, false);
	if (need > 0 && !mas_pool_fill(mas, need, gfp)) {
		mas_destroy(mas);
		mas_reset(mas);
		return -ENOMEM;
	}
	mas->mas_flags |= MA_STATE_PREALLOC;
	/* Writes into a tree without nodes are cheap to work out again. */
	if (need > 0 && wr.l.node && !(mas->mas_flags & MA_STATE_BULK))
		mt_plan_save(&wr, mas);
	return 0;
}
EXPORT_SYMBOL_GPL(mas_preallocate);

/**
 * mas_destroy() - Release the nodes reserved in a maple state.
 * @mas: The maple state.
 *
 * Also ends the bulk mode started by mas_expected_entries().
 */
void mas_destroy(struct ma_state *mas)
{
	mas->mas_flags &= ~(MA_STATE_BULK | MA_STATE_PREALLOC | MA_STATE_PLAN);
	mas->node_request = 0;
	mas_pool_drain(mas);
}
EXPORT_SYMBOL_GPL(mas_destroy);

/**
 * mas_expected_entries() - Reserve nodes for a series of stores.
 * @mas: The maple state.
 * @nr_entries: How many ranges will be stored.
 *
 * Reserves enough nodes for @nr_entries ranges stored in ascending order,
 * each possibly followed by a gap, in RCU mode too.  Later mas_store() calls
 * take nodes from the reserve and such a series allocates nothing more; call
 * mas_destroy() when done to free what is left.
 *
 * Return: 0 or -ENOMEM.
 */
int mas_expected_entries(struct ma_state *mas, unsigned long nr_entries)
{
	unsigned long slots = nr_entries * 2 + 1;
	unsigned long leaves, nodes;

	/* Even splits leave nodes about half full in the worst case. */
	leaves = DIV_ROUND_UP(slots, MAPLE_RANGE64_SLOTS / 2);
	nodes = leaves + DIV_ROUND_UP(leaves, MAPLE_ARANGE64_SLOTS / 2 - 1);
	nodes += 3 * MAPLE_HEIGHT_MAX / 2;
	/*
	 * In RCU mode replaced nodes go away only after a grace period: every
	 * store takes a new leaf, and two more nodes per level where it splits
	 * or shares.  A leaf does so at most three times in seven stores (splits
	 * leave nine slots, shares at most fifteen, and at most two shares
	 * follow a split), the levels above far less: two nodes a store.
	 */
	if (mt_in_rcu(mas->tree))
		nodes += 2 * nr_entries;

	mas->mas_flags |= MA_STATE_BULK | MA_STATE_PREALLOC;
	if (!mas_pool_fill(mas, nodes, GFP_KERNEL)) {
		mas_destroy(mas);
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(mas_expected_entries);

/**
 * mas_nomem() - Allocate what a failed write asked for, then retry.
 * @mas: The maple state that failed with -ENOMEM.
 * @gfp: Allocation flags.  If they allow sleeping and the tree uses its
 *	 internal lock, the lock is dropped while allocating.
 *
 * Return: %true if the nodes were allocated and the write should be tried
 * again, %false if there was no allocation failure or it failed again.
 */
bool mas_nomem(struct ma_state *mas, gfp_t gfp)
	__must_hold(mas->tree->ma_lock)
{
	bool ok;

	if (likely(!mas_is_err(mas) || xa_err(mas->node) != -ENOMEM))
		return false;

	if (gfpflags_allow_blocking(gfp) && !mt_external_lock(mas->tree)) {
		mtree_unlock(mas->tree);
		ok = mas_pool_fill(mas, mas->node_request, gfp);
		mtree_lock(mas->tree);
	} else {
		ok = mas_pool_fill(mas, mas->node_request, gfp);
	}

	if (!ok)
		return false;
	mas->status = ma_start;
	mas->node = NULL;
	return true;
}

/* Store @entry unless something is already stored in the range. */
static void mas_insert(struct ma_state *mas, void *entry)
{
	void *old;
	int err;

	err = mas_wr_entry(mas, entry, GFP_NOWAIT | __GFP_NOWARN, true, &old);
	if (err)
		mas_set_err(mas, err);
}

/**
 * mas_erase() - Erase the whole range that holds @mas->index.
 * @mas: The maple state.
 *
 * On return @mas->index and @mas->last are the range of the entry erased.
 *
 * Context: The write lock must be held; it may be dropped to allocate.
 * Return: the entry that was erased, or %NULL.
 */
void *mas_erase(struct ma_state *mas)
{
	unsigned long index = mas->index, first, last;
	void *entry, *old;
	int err;

	for (;;) {
		mas->index = index;
		mas->last = index;
		entry = mas_walk(mas);
		if (!entry)
			return NULL;

		first = mas->index;
		last = mas->last;
		err = mas_wr_entry(mas, NULL, GFP_NOWAIT | __GFP_NOWARN,
				   false, &old);
		if (!err) {
			/* Report the range erased, not the gap it joined. */
			mas->index = first;
			mas->last = last;
		}
		if (err != -ENOMEM)
			break;
		mas_set_err(mas, err);
		if (!mas_nomem(mas, GFP_KERNEL))
			break;
	}
	mas_destroy(mas);
	return entry;
}
EXPORT_SYMBOL_GPL(mas_erase);

/**
 * mtree_store_range() - Store an entry over a range.
 * @mt: The tree.
 * @index: First index of the range.
 * @last: Last index of the range.
 * @entry: The entry, or %NULL to erase the range.
 * @gfp: Allocation flags.
 *
 * Advanced entries (internal values up to %XA_RETRY_ENTRY, see
 * xa_is_advanced()) are refused with a warning.  Other internal values are
 * stored; %XA_ZERO_ENTRY keeps the range in use but reads back as %NULL.
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EINVAL for an advanced entry or an inverted range, -ENOMEM.
 */
int mtree_store_range(struct maple_tree *mt, unsigned long index,
		      unsigned long last, void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, index, last);
	int err;

	if (WARN_ON_ONCE(xa_is_advanced(entry)) || index > last)
		return -EINVAL;

	mtree_lock(mt);
	err = mas_store_gfp(&mas, entry, gfp);
	mtree_unlock(mt);
	return err;
}
EXPORT_SYMBOL(mtree_store_range);

/**
 * mtree_store() - Store an entry at one index.
 * @mt: The tree.
 * @index: The index.
 * @entry: The entry, or %NULL to erase the index.
 * @gfp: Allocation flags.
 *
 * Refuses the same entries as mtree_store_range().
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EINVAL for an advanced entry, or -ENOMEM.
 */
int mtree_store(struct maple_tree *mt, unsigned long index,
		void *entry, gfp_t gfp)
{
	return mtree_store_range(mt, index, index, entry, gfp);
}
EXPORT_SYMBOL(mtree_store);

/**
 * mtree_insert_range() - Store an entry over a range that must be empty.
 * @mt: The tree.
 * @first: First index of the range.
 * @last: Last index of the range.
 * @entry: The entry (not %NULL).
 * @gfp: Allocation flags.
 *
 * Refuses the same entries as mtree_store_range().  A range that holds
 * %XA_ZERO_ENTRY is in use.
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EEXIST if any index of the range is in use, -EINVAL for an
 * advanced entry or an inverted range, or -ENOMEM.
 */
int mtree_insert_range(struct maple_tree *mt, unsigned long first,
		       unsigned long last, void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, first, last);
	int err = 0;

	if (WARN_ON_ONCE(xa_is_advanced(entry)) || first > last)
		return -EINVAL;

	mtree_lock(mt);
	do {
		mas_insert(&mas, entry);
	} while (mas_nomem(&mas, gfp));
	mtree_unlock(mt);

	if (mas_is_err(&mas))
		err = xa_err(mas.node);
	mas_destroy(&mas);
	return err;
}
EXPORT_SYMBOL(mtree_insert_range);

/**
 * mtree_insert() - Store an entry at an index that must be empty.
 * @mt: The tree.
 * @index: The index.
 * @entry: The entry (not %NULL).
 * @gfp: Allocation flags.
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EEXIST if the index is in use, -EINVAL or -ENOMEM.
 */
int mtree_insert(struct maple_tree *mt, unsigned long index,
		 void *entry, gfp_t gfp)
{
	return mtree_insert_range(mt, index, index, entry, gfp);
}
EXPORT_SYMBOL(mtree_insert);

/**
 * mtree_erase() - Erase the whole range that holds an index.
 * @mt: The tree.
 * @index: Any index of the range.
 *
 * Context: Takes the tree lock; may drop it to sleep.
 * Return: the entry that was erased, or %NULL.
 */
void *mtree_erase(struct maple_tree *mt, unsigned long index)
{
	MA_STATE(mas, mt, index, index);
	void *old;

	mtree_lock(mt);
	old = mas_erase(&mas);
	mtree_unlock(mt);
	return old;
}
EXPORT_SYMBOL(mtree_erase);

/* --- Searching for free space ------------------------------------------ */

/* Largest gap recorded for child @off, or "unknown" in ordinary trees. */
static inline unsigned long ma_child_gap(struct maple_node *node,
					 enum maple_type type,
					 unsigned char off)
{
	return type == maple_arange_64 ? READ_ONCE(node->ma64.gap[off]) :
		ULONG_MAX;
}

/*
 * mas_gap_leaf() - Use %NULL slot @off of leaf @enode, if it is a fitting room.
 *
 * Return: 1 when the range of the slot, cut to @lo .. @hi, holds
 * @size indices (@mas is then positioned on it), 0 if not, -EAGAIN if the
 * leaf died.
 */
static int mas_gap_leaf(struct ma_state *mas, struct maple_enode *enode,
			unsigned char off, unsigned char end, unsigned long s,
			unsigned long e, unsigned long lo, unsigned long hi,
			unsigned long size, bool rev)
{
	struct maple_node *node = mte_to_node(enode);

	s = max(s, lo);
	e = min(e, hi);
	if (e - s < size - 1)
		return 0;
	if (ma_dead(node))
		return -EAGAIN;
	mas->node = enode;
	mas->status = ma_active;
	mas->offset = off;
	mas->end = end;
	mas->index = rev ? e - size + 1 : s;
	mas->last = mas->index + size - 1;
	return 1;
}

/*
 * mas_gap_descend() - Look for room for @size indices within @lo .. @hi.
 * @rev: Prefer the highest room rather than the lowest.
 *
 * At each level the slot holding @lo (@hi when @rev) is found by its pivots;
 * slots are tried in order from there (used leaf slots and children whose gap
 * is too small are passed over without their bounds) until one leaves the
 * window, going down into the first child whose gap is big enough.  A node
 * with no room inside the window shrinks the window past it, and the caller
 * tries again.
 *
 * Return: 1 when found (@mas is positioned on the leaf slot and @mas->index
 * and @mas->last hold the area), 0 to retry with the shrunk window,
 * -EBUSY when the window is exhausted.
 */
static int mas_gap_descend(struct ma_state *mas, unsigned long *lo,
			   unsigned long *hi, unsigned long size, bool rev)
{
	struct maple_enode *enode = mt_root(mas->tree);
	unsigned long min = 0, max = ULONG_MAX;

	for (;;) {
		struct maple_node *node = mte_to_node(enode);
		enum maple_type type = mte_node_type(enode);
		unsigned long *pivots = ma_pivots(node, type);
		unsigned char end = ma_end(node, type);
		unsigned char off = ma_find_slot(pivots, end, rev ? *hi : *lo);
		void *next = NULL;

		for (;; off += rev ? -1 : 1) {
			unsigned long s, e;
			int ret;

			if (ma_is_leaf(type) ?
			    !mt_slot(mas->tree, node->mr64.slot, off) :
			    ma_child_gap(node, type, off) >= size) {
				s = ma_slot_min(pivots, off, min);
				e = ma_slot_max(pivots, off, end, max);
				if (rev ? e < *lo : s > *hi)
					break;
				if (!ma_is_leaf(type)) {
					next = mt_slot(mas->tree,
						       ma_slots(node, type), off);
					min = s;
					max = e;
					break;
				}
				ret = mas_gap_leaf(mas, enode, off, end, s, e,
						   *lo, *hi, size, rev);
				if (ret < 0)
					return 0;
				if (ret) {
					mas->min = min;
					mas->max = max;
					return 1;
				}
			}
			if (rev ? !off : off == end)
				break;
		}
		if (ma_dead(node))
			return 0;
		if (!next) {
			/* Nothing fits in this node: search around it. */
			if (rev) {
				if (!min || min <= *lo)
					return -EBUSY;
				*hi = min - 1;
			} else {
				if (max == ULONG_MAX || max >= *hi)
					return -EBUSY;
				*lo = max + 1;
			}
			if (*hi < *lo || *hi - *lo < size - 1)
				return -EBUSY;
			return 0;
		}
		enode = next;
	}
}

static int mas_empty_area_common(struct ma_state *mas, unsigned long min,
				 unsigned long max, unsigned long size,
				 bool rev)
{
	void *root;
	int ret;

	if (min > max || !size || max - min < size - 1)
		return -EINVAL;

	root = mt_root(mas->tree);
	if (!xa_is_node(root)) {
		/* Only index 0 can be in use. */
		if (root && !min) {
			min = 1;
			if (min > max || max - min < size - 1)
				return -EBUSY;
		}
		mas->status = root ? ma_root : ma_none;
		mas->node = NULL;
		mas->index = rev ? max - size + 1 : min;
		mas->last = mas->index + size - 1;
		return 0;
	}

	do {
		ret = mas_gap_descend(mas, &min, &max, size, rev);
	} while (!ret);
	return ret < 0 ? ret : 0;
}

/**
 * mas_empty_area() - Find the lowest free area of a given size.
 * @mas: The maple state.
 * @min: The lowest index the area may use.
 * @max: The highest index the area may use.
 * @size: The number of indices needed.
 *
 * On success @mas->index and @mas->last are the area, ready for a store.
 * Fast in trees created with MT_FLAGS_ALLOC_RANGE.
 *
 * Context: The write lock must be held for an exact answer.
 * Return: 0, -EBUSY if there is no such area, -EINVAL for bad arguments.
 */
int mas_empty_area(struct ma_state *mas, unsigned long min,
		   unsigned long max, unsigned long size)
{
	return mas_empty_area_common(mas, min, max, size, false);
}
EXPORT_SYMBOL_GPL(mas_empty_area);

/**
 * mas_empty_area_rev() - Find the highest free area of a given size.
 * @mas: The maple state.
 * @min: The lowest index the area may use.
 * @max: The highest index the area may use.
 * @size: The number of indices needed.
 *
 * On success @mas->index and @mas->last are the area, ready for a store.
 *
 * Context: The write lock must be held for an exact answer.
 * Return: 0, -EBUSY if there is no such area, -EINVAL for bad arguments.
 */
int mas_empty_area_rev(struct ma_state *mas, unsigned long min,
		       unsigned long max, unsigned long size)
{
	return mas_empty_area_common(mas, min, max, size, true);
}
EXPORT_SYMBOL_GPL(mas_empty_area_rev);

/**
 * mas_alloc_cyclic() - Store an entry at the first free index after a hint.
 * @mas: The maple state.
 * @startp: Receives the index used.
 * @entry: The entry.
 * @range_lo: The lowest usable index.
 * @range_hi: The highest usable index.
 * @next: The hint: where to start; updated to one past the index used.
 * @gfp: Allocation flags.
 *
 * Searches from *@next to @range_hi, then from @range_lo.  The tree must
 * track gaps (MT_FLAGS_ALLOC_RANGE).
 *
 * Context: The write lock must be held; it may be dropped to allocate.
 * Return: 0 on success, 1 if the search wrapped around since the last
 * success, -EBUSY if the range is full, or -ENOMEM.
 */
int mas_alloc_cyclic(struct ma_state *mas, unsigned long *startp,
		     void *entry, unsigned long range_lo,
		     unsigned long range_hi, unsigned long *next, gfp_t gfp)
{
	unsigned long from = max(range_lo, *next);
	unsigned int *flags = &mas->tree->ma_flags;
	int wrapped;

	for (;;) {
		wrapped = mas_empty_area(mas, from, range_hi, 1);
		if (wrapped && from > range_lo) {
			/* Nothing above the hint: start again from the bottom. */
			mas_reset(mas);
			wrapped = mas_empty_area(mas, range_lo, range_hi, 1);
			if (!wrapped)
				wrapped = 1;
		}
		if (wrapped < 0)
			break;
		mas_insert(mas, entry);
		if (!mas_nomem(mas, gfp))
			break;
	}

	if (wrapped >= 0 && mas_is_err(mas))
		wrapped = xa_err(mas->node);
	if (wrapped >= 0) {
		if (!wrapped && (*flags & MT_FLAGS_ALLOC_WRAPPED)) {
			WRITE_ONCE(*flags, *flags & ~MT_FLAGS_ALLOC_WRAPPED);
			wrapped = 1;
		}
		*startp = mas->index;
		*next = mas->index + 1;
		/* The next search starts over at @range_lo. */
		if (!*next)
			WRITE_ONCE(*flags, *flags | MT_FLAGS_ALLOC_WRAPPED);
	}
	mas_destroy(mas);
	return wrapped;
}
EXPORT_SYMBOL(mas_alloc_cyclic);

/* Internal values below 4096, which the allocating calls refuse. */
static inline bool mt_is_reserved(const void *entry)
{
	return (unsigned long)entry < MAPLE_RESERVED_RANGE &&
		xa_is_internal(entry);
}

/* The normal API allocates only in gap-tracking trees, and no reserved values. */
static bool mt_alloc_args_ok(struct maple_tree *mt, void *entry)
{
	return mt_is_alloc(mt) && !WARN_ON_ONCE(mt_is_reserved(entry));
}

/* Find an area with mas_empty_area{,_rev}() and store @entry there. */
static int mtree_alloc_common(struct maple_tree *mt, unsigned long *startp,
			      void *entry, unsigned long size,
			      unsigned long min, unsigned long max, gfp_t gfp,
			      bool rev)
{
	MA_STATE(mas, mt, 0, 0);
	int err;

	if (!mt_alloc_args_ok(mt, entry))
		return -EINVAL;

	mtree_lock(mt);
	do {
		mas_reset(&mas);
		err = mas_empty_area_common(&mas, min, max, size, rev);
		if (err)
			break;
		mas_insert(&mas, entry);
	} while (mas_nomem(&mas, gfp));
	mtree_unlock(mt);

	if (!err && mas_is_err(&mas))
		err = xa_err(mas.node);
	if (!err)
		*startp = mas.index;
	mas_destroy(&mas);
	return err;
}

/**
 * mtree_alloc_range() - Store an entry in the lowest free area that fits.
 * @mt: The tree; it must track gaps (MT_FLAGS_ALLOC_RANGE).
 * @startp: Receives the first index of the area.
 * @entry: The entry.
 * @size: The number of indices needed.
 * @min: The lowest index the area may use.
 * @max: The highest index the area may use.
 * @gfp: Allocation flags.
 *
 * Internal values below 4096 (%XA_ZERO_ENTRY too) are refused with a warning.
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EBUSY if nothing fits, -EINVAL, or -ENOMEM.
 */
int mtree_alloc_range(struct maple_tree *mt, unsigned long *startp,
		      void *entry, unsigned long size, unsigned long min,
		      unsigned long max, gfp_t gfp)
{
	return mtree_alloc_common(mt, startp, entry, size, min, max, gfp,
				  false);
}
EXPORT_SYMBOL(mtree_alloc_range);

/**
 * mtree_alloc_rrange() - Store an entry in the highest free area that fits.
 * @mt: The tree; it must track gaps (MT_FLAGS_ALLOC_RANGE).
 * @startp: Receives the first index of the area.
 * @entry: The entry.
 * @size: The number of indices needed.
 * @min: The lowest index the area may use.
 * @max: The highest index the area may use.
 * @gfp: Allocation flags.
 *
 * Internal values below 4096 (%XA_ZERO_ENTRY too) are refused with a warning.
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, -EBUSY if nothing fits, -EINVAL, or -ENOMEM.
 */
int mtree_alloc_rrange(struct maple_tree *mt, unsigned long *startp,
		       void *entry, unsigned long size, unsigned long min,
		       unsigned long max, gfp_t gfp)
{
	return mtree_alloc_common(mt, startp, entry, size, min, max, gfp,
				  true);
}
EXPORT_SYMBOL(mtree_alloc_rrange);

/**
 * mtree_alloc_cyclic() - Store an entry at the first free index after a
 * hint, wrapping around.
 * @mt: The tree; it must track gaps (MT_FLAGS_ALLOC_RANGE).
 * @startp: Receives the index used.
 * @entry: The entry.
 * @range_lo: The lowest usable index.
 * @range_hi: The highest usable index.
 * @next: The hint, updated to one past the index used.
 * @gfp: Allocation flags.
 *
 * Refuses the same entries as mtree_alloc_range().
 *
 * Context: Takes the tree lock; may drop it to sleep if @gfp allows.
 * Return: 0, 1 if the search wrapped, -EBUSY, -EINVAL or -ENOMEM.
 */
int mtree_alloc_cyclic(struct maple_tree *mt, unsigned long *startp,
		       void *entry, unsigned long range_lo,
		       unsigned long range_hi, unsigned long *next, gfp_t gfp)
{
	MA_STATE(mas, mt, 0, 0);
	int ret;

	if (!mt_alloc_args_ok(mt, entry))
		return -EINVAL;

	mtree_lock(mt);
	ret = mas_alloc_cyclic(&mas, startp, entry, range_lo, range_hi, next,
			       gfp);
	mtree_unlock(mt);
	return ret;
}
EXPORT_SYMBOL(mtree_alloc_cyclic);

/* --- Duplicating and destroying whole trees ---------------------------- */

/*
 * mt_dup_children() - Replace the slots of the new internal node @node,
 * which still point at the children of the node it was copied from, with
 * copies of those children.
 *
 * Return: 0, or -ENOMEM with @node unchanged.
 */
static int mt_dup_children(struct maple_tree *mt, struct maple_node *node,
			   enum maple_type type, gfp_t gfp)
{
	void *copies[MAPLE_RANGE64_SLOTS] __uninitialized;	/* allocated */
	void __rcu **slots = ma_slots(node, type);
	unsigned char end = ma_end(node, type), i;
	int got;

	got = kmem_cache_alloc_bulk(maple_node_cache, gfp, end + 1, copies);
	if (got < end + 1) {
		if (got > 0)
			kmem_cache_free_bulk(maple_node_cache, got, copies);
		return -ENOMEM;
	}

	for (i = 0; i <= end; i++) {
		struct maple_enode *child = rcu_dereference_raw(slots[i]);
		struct maple_node *copy = copies[i];

		memcpy(copy, mte_to_node(child), sizeof(*copy));
		ma_set_parent(copy, node, i);
		RCU_INIT_POINTER(slots[i],
				 mt_mk_node(copy, mte_node_type(child)));
	}
	return 0;
}

/*
 * mt_dup_build() - Copy the nodes of @mt into a private tree.
 *
 * Works in preorder: a node is copied together with its siblings by its
 * parent, then its own children are copied when the walk reaches it.  The
 * copies that are finished are told apart from the source nodes by their
 * parent fields, so a partial copy can be freed with mt_free_garbage().
 *
 * Return: the new root, or NULL with *@err set.
 */
static struct maple_enode *mt_dup_build(struct maple_tree *mt,
					struct maple_tree *new, gfp_t gfp,
					int *err)
{
	struct maple_enode *src = mt_root_locked(mt);
	struct maple_enode *root, *cur;
	struct maple_node *copy;

	copy = kmem_cache_alloc(maple_node_cache, gfp);
	if (!copy) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(copy, mte_to_node(src), sizeof(*copy));
	ma_set_root_parent(copy, new);
	root = mt_mk_node(copy, mte_node_type(src));

	cur = root;
	for (;;) {
		struct maple_node *node = mte_to_node(cur);
		enum maple_type type = mte_node_type(cur);

		if (!ma_is_leaf(type)) {
			if (mt_dup_children(mt, node, type, gfp)) {
				*err = -ENOMEM;
				mt_free_garbage(new, root, NULL);
				return NULL;
			}
			cur = rcu_dereference_raw(ma_slots(node, type)[0]);
			continue;
		}
		/* Go up until there is a right sibling to visit. */
		for (;;) {
			enum maple_type ptype = mt_internal_type(new);
			struct maple_node *parent;
			void __rcu **pslots;
			unsigned char off;

			if (ma_is_root(node))
				return root;
			parent = ma_parent(node);
			pslots = ma_slots(parent, ptype);
			off = ma_parent_slot(node);
			if (off < ma_end(parent, ptype)) {
				cur = rcu_dereference_raw(pslots[off + 1]);
				break;
			}
			node = parent;
		}
	}
}

/**
 * __mt_dup() - Copy a tree into an empty tree.
 * @mt: The source tree.
 * @new: The destination: empty, with the same flags as @mt.
 * @gfp: Allocation flags.
 *
 * The copy has the same shape and entries as @mt and is built node by
 * node, which is much faster than storing each entry.  The caller holds
 * the locks of both trees.  On failure @new is left empty.
 *
 * Return: 0, -ENOMEM, or -EINVAL if @new is not empty or its flags differ.
 */
int __mt_dup(struct maple_tree *mt, struct maple_tree *new, gfp_t gfp)
{
	struct maple_enode *root;
	void *src;
	int err = 0;

	if (mt_attr(mt) != mt_attr(new) || !mtree_empty(new))
		return -EINVAL;

	src = mt_root_locked(mt);
	if (xa_is_node(src)) {
		root = mt_dup_build(mt, new, gfp, &err);
		if (!root)
			return err;
		src = root;
	}
	new->ma_flags = (mt->ma_flags & ~MT_WRITES_MASK) | mt_writes(new);
	mt_count_write(new);
	rcu_assign_pointer(new->ma_root, src);
	return 0;
}
EXPORT_SYMBOL(__mt_dup);

/**
 * mtree_dup() - Copy a tree into an empty tree, taking both locks.
 * @mt: The source tree.
 * @new: The destination: empty, with the same flags as @mt.
 * @gfp: Allocation flags; the locks are not dropped, so they must not
 *	 allow sleeping unless external locks are used.
 *
 * Return: 0, -ENOMEM, or -EINVAL if @new is not empty or its flags differ.
 */
int mtree_dup(struct maple_tree *mt, struct maple_tree *new, gfp_t gfp)
{
	int ret;

	mtree_lock(new);
	mtree_lock_nested(mt, SINGLE_DEPTH_NESTING);
	ret = __mt_dup(mt, new, gfp);
	mtree_unlock(mt);
	mtree_unlock(new);
	return ret;
}
EXPORT_SYMBOL(mtree_dup);

/**
 * __mt_destroy() - Empty a tree and free its nodes, lock already held.
 * @mt: The tree.
 *
 * The entries themselves are not freed.  In RCU mode the nodes are freed
 * after a grace period.
 */
void __mt_destroy(struct maple_tree *mt)
{
	void *root = mt_root_locked(mt);

	rcu_assign_pointer(mt->ma_root, NULL);
	if (xa_is_node(root)) {
		/* Readers that see a dead node must see the empty root. */
		smp_wmb();
		mt_free_all(mt, root);
	}
	WRITE_ONCE(mt->ma_flags, mt_attr(mt) | mt_writes(mt));
	mt_count_write(mt);
}
EXPORT_SYMBOL_GPL(__mt_destroy);

/**
 * mtree_destroy() - Empty a tree and free its nodes.
 * @mt: The tree.
 *
 * Context: Takes the tree lock.
 */
void mtree_destroy(struct maple_tree *mt)
{
	mtree_lock(mt);
	/* Frees the nodes, after a grace period in RCU mode. */
	__mt_destroy(mt);
	mtree_unlock(mt);
}
EXPORT_SYMBOL(mtree_destroy);

/**
 * maple_tree_init() - Create the slab cache for maple nodes.
 */
void __init maple_tree_init(void)
{
	maple_node_cache = kmem_cache_create("maple_node",
					     sizeof(struct maple_node),
					     sizeof(struct maple_node),
					     SLAB_PANIC, NULL);
}

/* --- Debugging ---------------------------------------------------------- */

#ifdef CONFIG_DEBUG_MAPLE_TREE
/* Counters for the MT_BUG_ON() family of checks. */
atomic_t maple_tree_tests_passed;
EXPORT_SYMBOL_GPL(maple_tree_tests_passed);
atomic_t maple_tree_tests_run;
EXPORT_SYMBOL_GPL(maple_tree_tests_run);

/**
 * mt_check_failed() - Report a failed MT_BUG_ON() style check.
 * @mt: The tree to dump, or %NULL to dump the tree of @mas.
 * @mas: The maple state to dump, if any.
 * @func: The function the check is in.
 * @line: The line of the check.
 * @warn: %true for the WARN variants.
 */
void mt_check_failed(const struct maple_tree *mt, const struct ma_state *mas,
		     const char *func, int line, bool warn)
{
	pr_info("%s at %s:%d\n", warn ? "WARN" : "BUG", func, line);
	if (mas) {
		mas_dump(mas);
		if (!mt)
			mt = mas->tree;
	}
	if (mt)
		mt_dump(mt, mt_dump_hex);
	pr_info("Pass: %u Run:%u\n", atomic_read(&maple_tree_tests_passed),
		atomic_read(&maple_tree_tests_run));
	dump_stack();
}
EXPORT_SYMBOL_GPL(mt_check_failed);

/**
 * mt_cache_shrink() - Give free maple nodes back to the page allocator.
 */
void mt_cache_shrink(void)
{
	kmem_cache_shrink(maple_node_cache);
}
EXPORT_SYMBOL_GPL(mt_cache_shrink);

static void mt_dump_node(const struct maple_tree *mt, struct maple_enode *enode,
			 unsigned long min, unsigned long max,
			 unsigned int depth, enum mt_dump_format format)
{
	struct maple_node *node = mte_to_node(enode);
	enum maple_type type = mte_node_type(enode);
	unsigned long *pivots = ma_pivots(node, type);
	void __rcu **slots = ma_slots(node, type);
	unsigned char end = ma_end(node, type), i;
	bool hex = format == mt_dump_hex;

	if (hex)
		pr_info("%*snode %p type %u end %u parent %p range %lx-%lx\n",
			depth * 2, "", node, type, end, node->parent, min, max);
	else
		pr_info("%*snode %p type %u end %u parent %p range %lu-%lu\n",
			depth * 2, "", node, type, end, node->parent, min, max);

	for (i = 0; i <= end; i++) {
		unsigned long lo = ma_slot_min(pivots, i, min);
		unsigned long hi = ma_slot_max(pivots, i, end, max);
		void *entry = rcu_dereference_raw(slots[i]);

		if (!ma_is_leaf(type)) {
			if (type == maple_arange_64)
				pr_info("%*sgap %lu\n", depth * 2 + 2, "",
					node->ma64.gap[i]);
			mt_dump_node(mt, entry, lo, hi, depth + 1, format);
		} else if (hex) {
			pr_info("%*s%lx-%lx: %p\n", depth * 2 + 2, "", lo, hi,
				entry);
		} else {
			pr_info("%*s%lu-%lu: %p\n", depth * 2 + 2, "", lo, hi,
				entry);
		}
	}
}

/**
 * mt_dump() - Print a tree to the kernel log.
 * @mt: The tree.
 * @format: Whether to print indices in decimal or hexadecimal.
 */
void mt_dump(const struct maple_tree *mt, enum mt_dump_format format)
{
	void *root;

	/* Failed checks dump trees whatever the caller holds. */
	rcu_read_lock();
	root = rcu_dereference_raw(mt->ma_root);
	pr_info("maple_tree(%p) flags %X, height %u root %p\n", mt,
		mt->ma_flags, mt_height(mt), root);
	if (xa_is_node(root))
		mt_dump_node(mt, root, 0, ULONG_MAX, 0, format);
	else if (root)
		pr_info("0: %p\n", root);
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(mt_dump);

/**
 * mas_dump() - Print a maple state to the kernel log.
 * @mas: The maple state.
 */
void mas_dump(const struct ma_state *mas)
{
	pr_info("ma_state %p tree %p status %u node %p\n", mas, mas->tree,
		mas->status, mas->node);
	pr_info("  index %lx last %lx min %lx max %lx\n", mas->index,
		mas->last, mas->min, mas->max);
	pr_info("  offset %u end %u depth %u flags %x pool %lu\n",
		mas->offset, mas->end, mas->depth, mas->mas_flags,
		mas_pool_count(mas));
}
EXPORT_SYMBOL_GPL(mas_dump);

/*
 * mt_validate_shape() - Check a node's fill, type and unused pivots.
 *
 * Return: the number of problems found.
 */
static int mt_validate_shape(struct maple_node *node, enum maple_type type,
			     unsigned char end, unsigned int depth,
			     unsigned int height)
{
	unsigned long *pivots = ma_pivots(node, type);
	bool leaf_level = depth == height;
	unsigned char i;
	int bad = 0;

	if (depth > 1 && end + 1 < mt_min_fill(type)) {
		pr_err("maple: node %p has %u slots, below the minimum\n",
		       node, end + 1);
		bad++;
	}
	if (depth == 1 && !ma_is_leaf(type) && !end) {
		pr_err("maple: internal root %p has one child\n", node);
		bad++;
	}
	if (ma_is_leaf(type) != leaf_level) {
		pr_err("maple: node %p type %u at depth %u of %u\n", node,
		       type, depth, height);
		bad++;
	}
	for (i = end; i < mt_capacity(type) - 1; i++) {
		if (pivots[i]) {
			pr_err("maple: node %p pivot %u set past the end\n",
			       node, i);
			bad++;
			break;
		}
	}
	return bad;
}

/*
 * mt_validate_node() - Check one node and its subtree.
 * @prev_null: Whether the range just before @min holds NULL; updated.
 *
 * Return: the number of problems found.
 */
static int mt_validate_node(struct maple_tree *mt, struct maple_enode *enode,
			    unsigned long min, unsigned long max,
			    unsigned int depth, unsigned int height,
			    bool *prev_null, unsigned long *gap_out)
{
	struct maple_node *node = mte_to_node(enode);
	enum maple_type type = mte_node_type(enode);
	unsigned long *pivots = ma_pivots(node, type);
	void __rcu **slots = ma_slots(node, type);
	unsigned char end = ma_end(node, type), i;
	unsigned long lo = min, gap = 0;
	int bad;

	bad = mt_validate_shape(node, type, end, depth, height);
	for (i = 0; i <= end; i++) {
		unsigned long hi = ma_slot_max(pivots, i, end, max);
		void *entry = rcu_dereference_raw(slots[i]);

		if (hi < lo || (i < end && hi >= max)) {
			pr_err("maple: node %p slot %u range %lx-%lx bad\n",
			       node, i, lo, hi);
			bad++;
		}
		if (ma_is_leaf(type)) {
			if (!entry && *prev_null) {
				pr_err("maple: adjacent NULL ranges at %lx\n",
				       lo);
				bad++;
			}
			*prev_null = !entry;
			if (!entry && hi - lo + 1 > gap)
				gap = hi - lo + 1;
		} else {
			struct maple_node *child = mte_to_node(entry);
			unsigned long cgap = 0;

			if (ma_parent(child) != node ||
			    ma_parent_slot(child) != i || ma_is_root(child)) {
				pr_err("maple: child %p of %p slot %u has parent %p\n",
				       child, node, i, child->parent);
				bad++;
			}
			bad += mt_validate_node(mt, entry, lo, hi, depth + 1,
						height, prev_null, &cgap);
			if (type == maple_arange_64 &&
			    node->ma64.gap[i] != cgap) {
				pr_err("maple: node %p slot %u gap %lu, real %lu\n",
				       node, i, node->ma64.gap[i], cgap);
				bad++;
			}
			gap = max(gap, cgap);
		}
		lo = hi + 1;
	}
	if (type == maple_arange_64 &&
	    node->ma64.gap[node->ma64.meta.gap] != gap) {
		pr_err("maple: node %p gap metadata is wrong\n", node);
		bad++;
	}
	*gap_out = gap;
	return bad;
}

/**
 * mt_validate() - Check the structure of a tree, printing what is wrong.
 * @mt: The tree.
 *
 * The walk runs under rcu_read_lock(), so the nodes it reads cannot be
 * freed under it whatever the caller holds.  A writer that runs at the
 * same time can make it report problems that are not there: callers that
 * want a meaningful answer keep writers out (hold the tree's lock).
 */
void mt_validate(struct maple_tree *mt)
{
	bool prev_null = false;
	unsigned long gap;
	void *root;
	int bad;

	rcu_read_lock();
	root = mt_root(mt);
	bad = xa_is_node(root) && !ma_is_root(mte_to_node(root));
	if (bad)
		pr_err("maple: root node without the root mark\n");
	else if (xa_is_node(root))
		bad = mt_validate_node(mt, root, 0, ULONG_MAX, 1,
				       mt_height(mt), &prev_null, &gap);
	rcu_read_unlock();
	if (bad) {
		pr_err("maple: %d problems in tree %p\n", bad, mt);
		mt_dump(mt, mt_dump_hex);
		WARN_ON(1);
	}
}
EXPORT_SYMBOL_GPL(mt_validate);
#endif /* CONFIG_DEBUG_MAPLE_TREE */
