/* SPDX-License-Identifier: GPL-2.0+ */
#ifndef _LINUX_MAPLE_TREE_H
#define _LINUX_MAPLE_TREE_H
/*
 * Maple tree: a B-tree that maps non-overlapping ranges of unsigned long
 * indices to pointers, readable under RCU while a single writer (holding the
 * tree lock or an external lock) modifies it.
 *
 * Only the declarations that users of the tree need live here; the node
 * format, the write strategy and the rules for RCU readers are described at
 * the top of lib/maple_tree.c.
 */

#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

/*
 * Every node is 256 bytes long and 256-byte aligned, so the low eight bits
 * of a node address are free to carry a node type (in pointers to a node)
 * or a slot number (in a node's pointer to its parent).
 *
 * Slot counts, chosen so that each node layout fills exactly 256 bytes:
 *   MAPLE_NODE_SLOTS     - pointer-sized words after the parent pointer
 *   MAPLE_RANGE64_SLOTS  - children or entries of a range node or a leaf
 *   MAPLE_ARANGE64_SLOTS - children of an internal node of a gap-tracking tree
 */
#if defined(CONFIG_64BIT) || defined(BUILD_VDSO32_64)
#define MAPLE_NODE_SLOTS	31
#define MAPLE_RANGE64_SLOTS	16
#define MAPLE_ARANGE64_SLOTS	10
#define MAPLE_ALLOC_SLOTS	30
#else
#define MAPLE_NODE_SLOTS	63
#define MAPLE_RANGE64_SLOTS	32
#define MAPLE_ARANGE64_SLOTS	21
#define MAPLE_ALLOC_SLOTS	61
#endif

#define MAPLE_NODE_MASK		0xffUL

/* Pointers to nodes and to parents are encoded; never dereference them. */
struct maple_enode;
struct maple_pnode;

/*
 * The number of the last used slot of a node and, in internal nodes of a
 * gap-tracking tree, the slot whose child holds the largest gap.
 */
struct maple_metadata {
	unsigned char end;	/* last used slot */
	unsigned char gap;	/* slot with the largest gap */
};

/*
 * Leaves and the internal nodes of ordinary trees.  Slot i holds the range
 * that ends at pivot[i] (inclusive) and starts one past pivot[i - 1], or at
 * the node's own minimum for slot 0.  The last used slot ends at the node's
 * maximum, which the parent knows, so its pivot is not stored.  While the
 * last slot is unused it carries the metadata instead.
 */
struct maple_range_64 {
	struct maple_pnode *parent;			/* encoded parent */
	unsigned long pivot[MAPLE_RANGE64_SLOTS - 1];	/* inclusive range ends */
	union {
		void __rcu *slot[MAPLE_RANGE64_SLOTS];	/* entries or children */
		struct {
			void __rcu *slot_area[MAPLE_RANGE64_SLOTS - 1];
			struct maple_metadata meta;	/* only while not full */
		};
	};
};

/*
 * Internal nodes of trees created with MT_FLAGS_ALLOC_RANGE: fewer children,
 * but each child also records the size of the largest run of empty indices
 * below it, which makes searching for free space logarithmic.
 */
struct maple_arange_64 {
	struct maple_pnode *parent;			/* encoded parent */
	unsigned long pivot[MAPLE_ARANGE64_SLOTS - 1];	/* inclusive range ends */
	void __rcu *slot[MAPLE_ARANGE64_SLOTS];		/* children */
	unsigned long gap[MAPLE_ARANGE64_SLOTS];	/* largest gap per child */
	struct maple_metadata meta;			/* always valid */
};

/* A node waiting in a maple state's private pool of preallocated nodes. */
struct maple_alloc {
	struct maple_alloc *next;	/* next pooled node */
	unsigned long total;		/* nodes in the pool from here on */
};

/* Kind of node, kept in the low bits of every pointer to a node. */
enum maple_type {
	maple_dense,		/* unused by this implementation */
	maple_leaf_64,		/* leaf: slots hold user entries */
	maple_range_64,		/* internal node of an ordinary tree */
	maple_arange_64,	/* internal node of a gap-tracking tree */
};

/**
 * DOC: Maple tree flags
 *
 * * MT_FLAGS_ALLOC_RANGE	- Record free space so gap searches are fast
 * * MT_FLAGS_USE_RCU		- Readers may run concurrently with the writer
 * * MT_FLAGS_HEIGHT_OFFSET	- Shift of the height field within the flags
 * * MT_FLAGS_HEIGHT_MASK	- Bits of the flags that hold the height
 * * MT_FLAGS_LOCK_MASK		- Bits that describe how the lock is taken
 * * MT_FLAGS_LOCK_IRQ		- The internal lock is taken with irqs off
 * * MT_FLAGS_LOCK_BH		- The internal lock is taken with softirqs off
 * * MT_FLAGS_LOCK_EXTERN	- The user serialises writers with its own lock
 * * MT_FLAGS_ALLOC_WRAPPED	- A cyclic allocation has wrapped around
 *
 * MAPLE_HEIGHT_MAX is the largest height the height field can express.
 * Bits 12 and up belong to the implementation (it counts writes there):
 * compare flags only through the masks above.
 */
#define MT_FLAGS_ALLOC_RANGE	0x0001U
#define MT_FLAGS_USE_RCU	0x0002U
#define MT_FLAGS_HEIGHT_OFFSET	0x0002U
#define MT_FLAGS_HEIGHT_MASK	0x007CU
#define MT_FLAGS_LOCK_MASK	0x0300U
#define MT_FLAGS_LOCK_IRQ	0x0100U
#define MT_FLAGS_LOCK_BH	0x0200U
#define MT_FLAGS_LOCK_EXTERN	0x0300U
#define MT_FLAGS_ALLOC_WRAPPED	0x0800U

#define MAPLE_HEIGHT_MAX	31

#define MAPLE_NODE_TYPE_MASK	0x0FUL
#define MAPLE_NODE_TYPE_SHIFT	3

/* Values of the form 4n + 2 below this bound are for internal use. */
#define MAPLE_RESERVED_RANGE	4096

#ifdef CONFIG_LOCKDEP
#define mt_set_external_lock(mt, lock)					\
	((mt)->ma_external_lock = &(lock)->dep_map)
#define mt_on_stack(mt)		((mt).ma_external_lock = NULL)
#else
#define mt_set_external_lock(mt, lock)	((void)(mt), (void)(lock))
#define mt_on_stack(mt)			((void)(mt))
#endif

/*
 * The tree itself.  @ma_root is NULL for an empty tree, an encoded node
 * pointer for a tree with nodes, or, as a shortcut, the entry itself when
 * the only entry of the tree sits at index 0 and cannot be mistaken for a
 * node pointer.  @ma_flags holds MT_FLAGS_* bits, the current height and
 * a count of writes.
 */
struct maple_tree {
	void __rcu	*ma_root;	/* see above */
	unsigned int	ma_flags;	/* MT_FLAGS_* and the height */
	union {
		spinlock_t	ma_lock;		/* the internal lock */
#ifdef CONFIG_LOCKDEP
		struct lockdep_map *ma_external_lock;	/* or the user's */
#else
		struct { } ma_external_lock;		/* (lockdep only) */
#endif
	};
};

/*
 * mt_lock_is_held() - With an external lock, is it held (for reading or
 * writing)?  Trees using the internal lock always answer %true.
 */
static inline bool mt_lock_is_held(const struct maple_tree *mt)
{
#ifdef CONFIG_LOCKDEP
	return !mt->ma_external_lock || lock_is_held(mt->ma_external_lock);
#else
	return true;
#endif
}

/* mt_write_lock_is_held() - Like mt_lock_is_held(), but held for writing. */
static inline bool mt_write_lock_is_held(const struct maple_tree *mt)
{
#ifdef CONFIG_LOCKDEP
	return !mt->ma_external_lock ||
		lock_is_held_type(mt->ma_external_lock, 0);
#else
	return true;
#endif
}

/**
 * MTREE_INIT() - Static initialiser for a maple tree.
 * @name: The variable being initialised.
 * @__flags: MT_FLAGS_* for the tree.
 */
#define MTREE_INIT(name, __flags) {					\
	.ma_root = NULL, .ma_flags = (__flags),				\
	.ma_lock = __SPIN_LOCK_UNLOCKED((name).ma_lock),		\
}

/**
 * MTREE_INIT_EXT() - Static initialiser for a tree with an external lock.
 * @name: The variable being initialised.
 * @__flags: MT_FLAGS_* for the tree, normally including MT_FLAGS_LOCK_EXTERN.
 * @__lock: The lock that serialises writers (only used by lockdep).
 */
#ifdef CONFIG_LOCKDEP
#define MTREE_INIT_EXT(name, __flags, __lock) {				\
	.ma_root = NULL, .ma_flags = (__flags),				\
	.ma_external_lock = &(__lock).dep_map,				\
}
#else
#define MTREE_INIT_EXT(name, __flags, __lock)	MTREE_INIT(name, __flags)
#endif

#define DEFINE_MTREE(name)						\
	struct maple_tree name = MTREE_INIT(name, 0)

#define mtree_lock(mt)		spin_lock(&(mt)->ma_lock)
#define mtree_lock_nested(mt, subclass)					\
	spin_lock_nested(&(mt)->ma_lock, subclass)
#define mtree_unlock(mt)	spin_unlock(&(mt)->ma_lock)

/*
 * A maple node.  The union gives the views of the 256 bytes: the generic
 * one, the two node layouts, the rcu_head used once the node is dead (it
 * leaves ->parent alone, which then marks the node dead), and the view used
 * while the node sits in a maple state's pool.
 */
struct maple_node {
	union {
		struct {
			struct maple_pnode *parent;	/* encoded parent */
			void __rcu *slot[MAPLE_NODE_SLOTS];
		};
		struct {
			void *parent_word;		/* dead marker stays */
			struct rcu_head rcu;		/* deferred free */
		};
		struct maple_range_64 mr64;
		struct maple_arange_64 ma64;
		struct maple_alloc alloc;
	};
};

/* Normal API: each call takes the lock it needs. */
void *mtree_load(struct maple_tree *mt, unsigned long index);
void *mtree_erase(struct maple_tree *mt, unsigned long index);

/* Storing, with or without overwriting what is there. */
int mtree_store(struct maple_tree *mt, unsigned long index, void *entry,
		gfp_t gfp);
int mtree_store_range(struct maple_tree *mt, unsigned long first,
		      unsigned long last, void *entry, gfp_t gfp);
int mtree_insert(struct maple_tree *mt, unsigned long index, void *entry,
		 gfp_t gfp);
int mtree_insert_range(struct maple_tree *mt, unsigned long first,
		       unsigned long last, void *entry, gfp_t gfp);

/* Storing into free space found by the tree (MT_FLAGS_ALLOC_RANGE). */
int mtree_alloc_range(struct maple_tree *mt, unsigned long *startp,
		      void *entry, unsigned long size, unsigned long min,
		      unsigned long max, gfp_t gfp);
int mtree_alloc_rrange(struct maple_tree *mt, unsigned long *startp,
		       void *entry, unsigned long size, unsigned long min,
		       unsigned long max, gfp_t gfp);
int mtree_alloc_cyclic(struct maple_tree *mt, unsigned long *startp,
		       void *entry, unsigned long range_lo,
		       unsigned long range_hi, unsigned long *next, gfp_t gfp);

/* Whole trees; the __ versions expect the caller to hold the locks. */
void mtree_destroy(struct maple_tree *mt);
int mtree_dup(struct maple_tree *mt, struct maple_tree *new, gfp_t gfp);
void __mt_destroy(struct maple_tree *mt);
int __mt_dup(struct maple_tree *mt, struct maple_tree *new, gfp_t gfp);

/**
 * mtree_empty() - Tell whether a tree holds no entries at all.
 * @mt: The tree.
 *
 * Context: Any context.
 * Return: %true when every index of @mt maps to %NULL.
 */
static inline bool mtree_empty(const struct maple_tree *mt)
{
	return !rcu_access_pointer(mt->ma_root);
}

/* Advanced API */

/*
 * Where a maple state stands:
 *   ma_active    - on a slot of a leaf: node, min, max, offset and end valid
 *   ma_start     - not walked yet; the next operation starts at the root
 *   ma_root      - the tree is a single entry kept in the root pointer
 *   ma_none      - the tree (or the walked part of it) holds nothing
 *   ma_pause     - the position was given up, e.g. to drop a lock
 *   ma_overflow  - a forward search hit its upper limit
 *   ma_underflow - a backward search hit its lower limit
 *   ma_error     - an operation failed; ->node encodes the errno
 */
enum maple_status {
	ma_active,	/* positioned on a leaf slot */
	ma_start,	/* walk from the root next time */
	ma_root,	/* the entry lives in the root pointer */
	ma_none,	/* nothing found */
	ma_pause,	/* position abandoned */
	ma_overflow,	/* passed the upper limit */
	ma_underflow,	/* passed the lower limit */
	ma_error,	/* see ->node */
};

/*
 * The maple state: a cursor into a tree plus the resources a write needs.
 *
 * @index and @last are the range being operated on; after a lookup they
 * hold the bounds of the range that was found.  While @status is ma_active,
 * @node is the leaf the cursor is in, @min and @max are the bounds of that
 * leaf, @offset the slot and @end the last used slot.  @alloc is a private
 * pool of nodes reserved for writes and @node_request the number a failed
 * write asked for.
 */
struct ma_state {
	struct maple_tree *tree;	/* the tree operated on */
	unsigned long index;		/* first index of the range */
	unsigned long last;		/* last index of the range */
	struct maple_enode *node;	/* current leaf, or an error */
	unsigned long min;		/* lowest index under @node */
	unsigned long max;		/* highest index under @node */
	struct maple_alloc *alloc;	/* pool of reserved nodes */
	unsigned long node_request;	/* nodes wanted after -ENOMEM */
	enum maple_status status;	/* see enum maple_status */
	unsigned char depth;		/* levels walked down to @node */
	unsigned char offset;		/* slot within @node */
	unsigned char mas_flags;	/* private MA_STATE_* bits */
	unsigned char end;		/* last used slot of @node */
};

#define mas_lock(mas)		spin_lock(&(mas)->tree->ma_lock)
#define mas_lock_irqsave(mas, flags)					\
	spin_lock_irqsave(&(mas)->tree->ma_lock, flags)
#define mas_lock_nested(mas, subclass)					\
	spin_lock_nested(&(mas)->tree->ma_lock, subclass)
#define mas_unlock(mas)		spin_unlock(&(mas)->tree->ma_lock)
#define mas_unlock_irqrestore(mas, flags)				\
	spin_unlock_irqrestore(&(mas)->tree->ma_lock, flags)

/* An errno stored in ma_state->node, in the format xa_err() decodes. */
#define MA_ERROR(err)							\
	((struct maple_enode *)((((unsigned long)(err)) << 2) | 2UL))

#define MA_STATE(name, mt, first, end)					\
	struct ma_state name = {					\
		.tree = (mt), .index = (first), .last = (end),		\
		.status = ma_start, .min = 0, .max = ULONG_MAX,		\
	}

void maple_tree_init(void);

/* Lookups and iteration; the caller holds the RCU read lock or the lock. */
void *mas_walk(struct ma_state *mas);
void *mas_find(struct ma_state *mas, unsigned long max);
void *mas_find_rev(struct ma_state *mas, unsigned long min);
void *mas_find_range(struct ma_state *mas, unsigned long max);
void *mas_find_range_rev(struct ma_state *mas, unsigned long min);
void *mas_next(struct ma_state *mas, unsigned long max);
void *mas_prev(struct ma_state *mas, unsigned long min);
void *mas_next_range(struct ma_state *mas, unsigned long max);
void *mas_prev_range(struct ma_state *mas, unsigned long min);
void mas_pause(struct ma_state *mas);

/* Writes; the caller holds the write lock. */
void *mas_store(struct ma_state *mas, void *entry);
int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp);
void *mas_erase(struct ma_state *mas);
int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp);
void mas_store_prealloc(struct ma_state *mas, void *entry);
int mas_expected_entries(struct ma_state *mas, unsigned long nr_entries);
bool mas_nomem(struct ma_state *mas, gfp_t gfp);
void mas_destroy(struct ma_state *mas);

/* Free space, lowest first or highest first (MT_FLAGS_ALLOC_RANGE). */
int mas_empty_area(struct ma_state *mas, unsigned long min,
		   unsigned long max, unsigned long size);
int mas_empty_area_rev(struct ma_state *mas, unsigned long min,
		       unsigned long max, unsigned long size);
int mas_alloc_cyclic(struct ma_state *mas, unsigned long *startp,
		     void *entry, unsigned long range_lo,
		     unsigned long range_hi, unsigned long *next, gfp_t gfp);

/**
 * mas_init() - Set up a maple state on the stack or in a structure.
 * @mas: The maple state.
 * @tree: The tree it will operate on.
 * @addr: The index it starts at.
 */
static inline void mas_init(struct ma_state *mas, struct maple_tree *tree,
			    unsigned long addr)
{
	*mas = (struct ma_state) {
		.tree = tree,
		.index = addr,
		.last = addr,
		.max = ULONG_MAX,
		.status = ma_start,
	};
}

/**
 * mas_is_active() - Is the maple state positioned on a leaf slot?
 * @mas: The maple state.
 *
 * Return: %true when @mas->status is ma_active.
 */
static inline bool mas_is_active(struct ma_state *mas)
{
	return mas->status == ma_active;
}

/**
 * mas_is_err() - Did the last operation on the maple state fail?
 * @mas: The maple state.
 *
 * Return: %true when @mas holds an error; xa_err(@mas->node) gives it.
 */
static inline bool mas_is_err(struct ma_state *mas)
{
	return mas->status == ma_error;
}

/**
 * mas_reset() - Forget the position of a maple state.
 * @mas: The maple state.
 *
 * The next operation walks from the root again.  Needed after the lock that
 * protected the position was dropped, and to clear an error.
 *
 * Context: Any context.
 */
static __always_inline void mas_reset(struct ma_state *mas)
{
	mas->node = NULL;
	mas->status = ma_start;
}

/**
 * mas_for_each() - Loop over the present entries of a tree.
 * @__mas: The maple state, set to where the loop starts.
 * @__entry: Receives each entry; @__mas->index and @__mas->last its range.
 * @__max: The last index the loop may look at.
 *
 * Entries stored with the advanced API that read back as %NULL through the
 * normal API (the zero entry) are returned too.
 */
#define mas_for_each(__mas, __entry, __max)				\
	for (; ((__entry) = mas_find((__mas), (__max))) != NULL;)

#ifdef CONFIG_DEBUG_MAPLE_TREE
enum mt_dump_format {
	mt_dump_dec,	/* print indices in decimal */
	mt_dump_hex,	/* print indices in hexadecimal */
};

extern atomic_t maple_tree_tests_run, maple_tree_tests_passed;

void mt_validate(struct maple_tree *mt);
void mt_dump(const struct maple_tree *mt, enum mt_dump_format format);
void mas_dump(const struct ma_state *mas);
void mt_cache_shrink(void);
void mt_check_failed(const struct maple_tree *mt, const struct ma_state *mas,
		     const char *func, int line, bool warn);

/* Count a check; on failure print where, dump the tree and the state. */
#define MT_CHECK(__tree, __mas, __x, __warn) ({				\
	bool __failed = !!(__x);					\
									\
	atomic_inc(&maple_tree_tests_run);				\
	if (__failed)							\
		mt_check_failed(__tree, __mas, __func__, __LINE__,	\
				__warn);				\
	else								\
		atomic_inc(&maple_tree_tests_passed);			\
	unlikely(__failed);						\
})

#define MT_BUG_ON(__tree, __x)	((void)MT_CHECK(__tree, NULL, __x, false))
#define MAS_BUG_ON(__mas, __x)	((void)MT_CHECK(NULL, __mas, __x, false))
#define MT_WARN_ON(__tree, __x)	MT_CHECK(__tree, NULL, __x, true)
#define MAS_WARN_ON(__mas, __x)	MT_CHECK(NULL, __mas, __x, true)
#else
#define MT_BUG_ON(__tree, __x)		BUG_ON(((void)(__tree), (__x)))
#define MAS_BUG_ON(__mas, __x)		BUG_ON(((void)(__mas), (__x)))
#define MT_WARN_ON(__tree, __x)		WARN_ON(((void)(__tree), (__x)))
#define MAS_WARN_ON(__mas, __x)		WARN_ON(((void)(__mas), (__x)))
#endif /* CONFIG_DEBUG_MAPLE_TREE */

/**
 * __mas_set_range() - Narrow the range of a positioned maple state.
 * @mas: The maple state.
 * @start: First index of the new range.
 * @last: Last index of the new range.
 *
 * Unlike mas_set_range() the position is kept, so @start must lie within the
 * range the state currently points at.
 */
static inline void __mas_set_range(struct ma_state *mas, unsigned long start,
				   unsigned long last)
{
	MAS_WARN_ON(mas, mas_is_active(mas) &&
		    (start < mas->index || start > mas->last));
	mas->index = start;
	mas->last = last;
}

/**
 * mas_set_range() - Point a maple state at a new range.
 * @mas: The maple state.
 * @start: First index of the range.
 * @last: Last index of the range.
 *
 * The position is forgotten; the next operation walks from the root.
 */
static inline void mas_set_range(struct ma_state *mas, unsigned long start,
				 unsigned long last)
{
	mas_reset(mas);
	__mas_set_range(mas, start, last);
}

/**
 * mas_set() - Point a maple state at a single index.
 * @mas: The maple state.
 * @index: The index.
 *
 * The position is forgotten; the next operation walks from the root.
 */
static inline void mas_set(struct ma_state *mas, unsigned long index)
{
	mas_reset(mas);
	__mas_set_range(mas, index, index);
}

/* mt_external_lock() - Do writers use a lock of the user's own? */
static inline bool mt_external_lock(const struct maple_tree *mt)
{
	unsigned int how = mt->ma_flags & MT_FLAGS_LOCK_MASK;

	return how == MT_FLAGS_LOCK_EXTERN;
}

/**
 * mt_init_flags() - Make @mt an empty tree with the given flags.
 * @mt: The tree.
 * @flags: MT_FLAGS_* bits.
 *
 * Context: Any context.
 */
static inline void mt_init_flags(struct maple_tree *mt, unsigned int flags)
{
	mt->ma_flags = flags;
	/* An external lock is set up by its owner. */
	if (!mt_external_lock(mt))
		spin_lock_init(&mt->ma_lock);
	rcu_assign_pointer(mt->ma_root, NULL);
}

/**
 * mt_init() - Make @mt an empty tree with default flags.
 * @mt: The tree.
 *
 * The tree uses its internal spinlock and does not track gaps.
 */
static inline void mt_init(struct maple_tree *mt)
{
	mt_init_flags(mt, 0);
}

/* mt_in_rcu() - Are nodes freed only after an RCU grace period? */
static inline bool mt_in_rcu(struct maple_tree *mt)
{
#ifdef CONFIG_MAPLE_RCU_DISABLED
	/* A debugging option: behave as if RCU mode were never set. */
	return false;
#else
	return mt->ma_flags & MT_FLAGS_USE_RCU;
#endif
}

static inline void mt_change_flag_locked(struct maple_tree *mt,
					 unsigned int flag, bool set)
{
	/* Lockless readers look at the flags (lib/maple_tree.c). */
	WRITE_ONCE(mt->ma_flags, set ? mt->ma_flags | flag :
		   mt->ma_flags & ~flag);
}

static inline void mt_change_rcu_mode(struct maple_tree *mt, bool on)
{
	if (mt_external_lock(mt)) {
		WARN_ON(!mt_lock_is_held(mt));
		mt_change_flag_locked(mt, MT_FLAGS_USE_RCU, on);
		return;
	}
	mtree_lock(mt);
	mt_change_flag_locked(mt, MT_FLAGS_USE_RCU, on);
	mtree_unlock(mt);
}

/**
 * mt_clear_in_rcu() - Leave RCU mode: dead nodes are freed at once.
 * @mt: The tree.
 *
 * Only safe once no reader can be walking @mt without the lock.
 */
static inline void mt_clear_in_rcu(struct maple_tree *mt)
{
	if (mt_in_rcu(mt))
		mt_change_rcu_mode(mt, false);
}

/**
 * mt_set_in_rcu() - Enter RCU mode: dead nodes are freed after a grace period.
 * @mt: The tree.
 */
static inline void mt_set_in_rcu(struct maple_tree *mt)
{
	if (!mt_in_rcu(mt))
		mt_change_rcu_mode(mt, true);
}

/* mt_height() - Levels of nodes in the tree; 0 when it has no nodes. */
static inline unsigned int mt_height(const struct maple_tree *mt)
{
	unsigned int bits = mt->ma_flags & MT_FLAGS_HEIGHT_MASK;

	return bits >> MT_FLAGS_HEIGHT_OFFSET;
}

/* Lookups that take the RCU read lock themselves. */
void *mt_next(struct maple_tree *mt, unsigned long index, unsigned long max);
void *mt_prev(struct maple_tree *mt, unsigned long index, unsigned long min);
void *mt_find(struct maple_tree *mt, unsigned long *index, unsigned long max);
void *mt_find_after(struct maple_tree *mt, unsigned long *index,
		    unsigned long max);

/**
 * mt_for_each - Loop over the present entries of a tree without a state.
 * @__mt: The tree.
 * @__e: Receives each entry.
 * @__i: Where to start; advanced past each entry found.
 * @__limit: The last index the loop may look at.
 *
 * Each step takes the RCU read lock on its own.  Entries that read back as
 * %NULL (such as the zero entry) are skipped.
 */
#define mt_for_each(__mt, __e, __i, __limit)				\
	for ((__e) = mt_find((__mt), &(__i), (__limit)); (__e);		\
	     (__e) = mt_find_after((__mt), &(__i), (__limit)))

#endif /*_LINUX_MAPLE_TREE_H */
