/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmalloc-pattern benchmark: what the driver (vmap_bench.c) and the index
 * models share.  The rb-tree model (vmap_bench_rb.c) is compiled against the
 * kernel's tools/include, the maple tree one against the harness shims, so
 * this header only uses the C library.
 */
#ifndef _VMAP_BENCH_H
#define _VMAP_BENCH_H

#include <stdbool.h>
#include <stdlib.h>
#include "bench.h"

/* The x86_64 vmalloc range (4-level paging); VB_END is its last byte. */
#define VB_START	0xffffc90000000000UL
#define VB_END		0xffffe8ffffffffffUL
#define VB_PAGE		4096UL
/* Every area carries one guard page. */
#define VB_AREA(pages)	(((pages) + 1) * VB_PAGE)

/*
 * Lazily freed areas stay indexed until this many have piled up (2 CPUs:
 * 32 MiB * fls(2) of lazy pages, 2 pages per one-page vmalloc()).
 */
#define VB_LAZY_MAX	8192

/* The stand-in for the percpu chunk at the top of the range. */
#define VB_PCPU_SIZE	(2UL << 20)
#define VB_PCPU_START	(VB_END + 1 - 2 * VB_PCPU_SIZE)

/*
 * One index under test.  alloc() returns the lowest fitting address, or 0.
 * vfree() is vmalloc's free path up to the lazy list: look the area up by
 * address, take it out of the busy set and queue it; the area keeps its
 * range.  purge() gives every queued area's range back to the free space;
 * with @runs the maple model erases runs of adjacent areas with one store.
 */
struct vb_impl {
	const char *name;
	void (*setup)(void);
	void (*teardown)(void);
	unsigned long (*alloc)(unsigned long size);
	void (*place)(unsigned long start, unsigned long size);
	void (*vfree)(unsigned long addr);
	void (*purge)(bool runs);
	bool (*lookup)(unsigned long addr);
	/* Index objects allocated so far (maple nodes, rb-tree free blocks). */
	unsigned long (*objects)(void);
	/* Full consistency check of the index; false on corruption. */
	bool (*check)(void);
};

extern const struct vb_impl vb_rb_impl;

/*
 * Split timing.  With vb_split set, an operation is cut into phases: the
 * driver calls vb_begin() before it, the index calls vb_mark(phase) at the
 * end of each phase, and the time since the previous mark goes to that
 * phase.  The counter is the TSC where there is one; vmap_bench.c converts
 * it to nanoseconds and subtracts the cost of a mark.
 */
enum vb_phase {
	VB_SEARCH,	/* find the lowest fitting free range */
	VB_CLIP,	/* rb: shrink, split or drop the free block */
	VB_INSERT,	/* rb: link into the busy tree; maple: the store */
	VB_FREE,	/* the vfree() path up to the lazy list */
	VB_PURGE,	/* giving lazily freed ranges back */
	VB_LOOKUP,	/* address to area */
	VB_NR_PHASES
};

struct vb_clock {
	bool split;
	unsigned long long last;
	unsigned long long ticks[VB_NR_PHASES];
	unsigned long marks[VB_NR_PHASES];
};

extern struct vb_clock vb_clock;

static inline unsigned long long vb_ticks(void)
{
#if __has_builtin(__builtin_ia32_rdtsc)
	return __builtin_ia32_rdtsc();
#else
	return (unsigned long long)bench_now();
#endif
}

static inline void vb_begin(void)
{
	if (vb_clock.split)
		vb_clock.last = vb_ticks();
}

static inline void vb_mark(enum vb_phase phase)
{
	unsigned long long now;

	if (!vb_clock.split)
		return;
	now = vb_ticks();
	vb_clock.ticks[phase] += now - vb_clock.last;
	vb_clock.marks[phase]++;
	vb_clock.last = now;
}

/*
 * A free list of fixed-size objects, for the vmap_area stand-ins of both
 * models: neither index is charged for the C library's allocator.
 */
struct vb_pool {
	void *free;
	size_t size;
	unsigned long allocated;	/* objects handed out so far */
};

static inline void *vb_pool_get(struct vb_pool *pool)
{
	void *obj = pool->free;

	if (obj)
		pool->free = *(void **)obj;
	else
		obj = malloc(pool->size);
	pool->allocated++;
	return obj;
}

static inline void vb_pool_put(struct vb_pool *pool, void *obj)
{
	*(void **)obj = pool->free;
	pool->free = obj;
}

static inline void vb_pool_drain(struct vb_pool *pool)
{
	while (pool->free) {
		void *obj = pool->free;

		pool->free = *(void **)obj;
		free(obj);
	}
}

#endif /* _VMAP_BENCH_H */
