/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: slab caches on top of posix_memalign().
 *
 * Every cache counts its outstanding objects so that tests can prove that
 * nothing leaked, and allocations can be made to fail on demand (see the
 * shim_alloc_*() controls below, implemented in shim.c).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

#define SLAB_PANIC		0x00040000u
#define SLAB_HWCACHE_ALIGN	0x00002000u
#define SLAB_ACCOUNT		0x04000000u
#define SLAB_RECLAIM_ACCOUNT	0x00020000u

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);
int kmem_cache_alloc_bulk(struct kmem_cache *cache, gfp_t gfp, size_t nr,
			  void **objs);
void kmem_cache_free_bulk(struct kmem_cache *cache, size_t nr, void **objs);
int kmem_cache_shrink(struct kmem_cache *cache);

#define kmem_cache_zalloc(c, gfp)	kmem_cache_alloc(c, (gfp) | __GFP_ZERO)
#define KMEM_CACHE(s, flags)	\
	kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), flags, NULL)

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
#define kzalloc(size, gfp)	kmalloc(size, (gfp) | __GFP_ZERO)
#define kcalloc(n, size, gfp)	kzalloc((n) * (size), gfp)

/*
 * Large buffers of test code (the reference model): plain memory, not
 * counted with what the tree allocates.
 */
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);
void kvfree(const void *p);

/* Test-only hooks that upstream's lib/maple_tree.c calls in userspace. */
void kmem_cache_set_non_kernel(struct kmem_cache *cache, unsigned int val);
void kmem_cache_set_callback(struct kmem_cache *cache, void (*cb)(void *));
void kmem_cache_set_private(struct kmem_cache *cache, void *private);
unsigned long kmem_cache_get_alloc(struct kmem_cache *cache);
void kmem_cache_zero_nr_tallocated(struct kmem_cache *cache);
unsigned int kmem_cache_nr_tallocated(struct kmem_cache *cache);
unsigned int kmem_cache_nr_allocated(struct kmem_cache *cache);

/* Harness controls and counters. */
struct kmem_cache *shim_cache_find(const char *name);
long shim_cache_outstanding(const struct kmem_cache *cache);
unsigned long shim_cache_total(const struct kmem_cache *cache);
unsigned int shim_cache_size(const struct kmem_cache *cache);
long shim_outstanding_all(void);
long shim_outstanding_bytes(void);	/* in caches and kmalloc() */
unsigned long shim_alloc_attempts(void);	/* every call, failed or not */
void shim_alloc_fail_nth(unsigned long nth, unsigned long count);
void shim_alloc_fail_nowait(bool on);
void shim_alloc_fail_reset(void);
unsigned long shim_alloc_failures(void);	/* injected failures so far */

#endif /* _SHIM_LINUX_SLAB_H */
