// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime part of the kernel shims: slab caches with leak counters and
 * failure injection, and the WARN/pr_err counters.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>

unsigned long shim_warn_count;
unsigned long shim_pr_err_count;
unsigned long shim_dump_stack_count;

void shim_warn(const char *file, int line, const char *cond)
{
	__atomic_add_fetch(&shim_warn_count, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "WARNING: %s at %s:%d\n", cond, file, line);
}

void shim_dump_stack(void)
{
	__atomic_add_fetch(&shim_dump_stack_count, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "dump_stack() called\n");
}

#ifdef __SANITIZE_THREAD__
int shim_rcu_readers;
#endif

#ifdef CONFIG_PROVE_RCU
struct lockdep_map rcu_callback_map = { "rcu_callback" };
#endif

#ifdef SHIM_WRAP_CALL_RCU
struct shim_rcu_cb {
	struct rcu_head head;
	struct rcu_head *orig;
	void (*func)(struct rcu_head *head);
};

static void shim_rcu_trampoline(struct rcu_head *head)
{
	struct shim_rcu_cb *cb = container_of(head, struct shim_rcu_cb, head);

	/* The call_rcu() and every reader that ended before the callback. */
	shim_tsan_acquire(cb);
	shim_tsan_acquire(&shim_rcu_readers);
#ifdef CONFIG_PROVE_RCU
	shim_lock_acquire(&rcu_callback_map, 0);
#endif
	cb->func(cb->orig);
#ifdef CONFIG_PROVE_RCU
	shim_lock_release(&rcu_callback_map);
#endif
	free(cb);
}

void shim_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *))
{
	struct shim_rcu_cb *cb = malloc(sizeof(*cb));

	if (!cb) {
		fprintf(stderr, "shim: out of memory in call_rcu()\n");
		abort();
	}
	cb->orig = head;
	cb->func = func;
	shim_tsan_release(cb);
	urcu_memb_call_rcu(&cb->head, shim_rcu_trampoline);
}
#endif

#ifdef CONFIG_LOCKDEP
/*
 * The locks each thread holds, innermost last, as lockdep's held_locks.
 * Locks are released in any order; a release of a lock the thread does not
 * hold, or more locks than fit, is reported as a lockdep warning.
 */
#define SHIM_MAX_HELD	16

struct shim_held_lock {
	const struct lockdep_map *map;
	int read;
};

static __thread struct shim_held_lock shim_held[SHIM_MAX_HELD];
static __thread unsigned int shim_nr_held;

void shim_lockdep_warn(const char *file, int line, const char *what)
{
	__atomic_add_fetch(&shim_warn_count, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "WARNING: lockdep: %s at %s:%d\n", what, file, line);
}

void shim_lock_acquire(const struct lockdep_map *map, int read)
{
	if (shim_nr_held == SHIM_MAX_HELD) {
		shim_lockdep_warn(__FILE__, __LINE__, "too many held locks");
		return;
	}
	shim_held[shim_nr_held].map = map;
	shim_held[shim_nr_held].read = read;
	shim_nr_held++;
}

void shim_lock_release(const struct lockdep_map *map)
{
	unsigned int i = shim_nr_held;

	while (i--) {
		if (shim_held[i].map != map)
			continue;
		memmove(&shim_held[i], &shim_held[i + 1],
			(shim_nr_held - i - 1) * sizeof(shim_held[0]));
		shim_nr_held--;
		return;
	}
	shim_lockdep_warn(__FILE__, __LINE__, "releasing a lock not held");
}

int lock_is_held_type(const struct lockdep_map *map, int read)
{
	unsigned int i;

	for (i = 0; i < shim_nr_held; i++) {
		if (shim_held[i].map == map &&
		    (read == -1 || shim_held[i].read == read))
			return 1;
	}
	return 0;
}
#endif

#define SHIM_MAX_CACHES		16
#define SHIM_POISON		0xa5

struct kmem_cache {
	const char *name;
	unsigned int size;
	unsigned int align;
	slab_flags_t flags;
	void (*ctor)(void *);
	long outstanding;
	unsigned long total;
	unsigned int non_kernel;
	void (*callback)(void *);
	void *private;
};

static struct kmem_cache shim_caches[SHIM_MAX_CACHES];
static unsigned int shim_nr_caches;
static struct kmem_cache shim_kmalloc_cache = { .name = "kmalloc" };
static long shim_kmalloc_bytes;

/* Failure injection state; see shim_alloc_fail_nth(). */
static unsigned long shim_attempts;
static unsigned long shim_fail_at;	/* attempt number that fails first */
static unsigned long shim_fail_count;	/* how many attempts fail from there */
static bool shim_fail_nowait;
static unsigned long shim_failures;

static bool shim_should_fail(gfp_t gfp)
{
	unsigned long n = __atomic_add_fetch(&shim_attempts, 1,
					     __ATOMIC_RELAXED);

	if (shim_fail_nowait && !gfpflags_allow_blocking(gfp))
		goto fail;
	if (shim_fail_at && n >= shim_fail_at && n - shim_fail_at < shim_fail_count)
		goto fail;
	return false;
fail:
	__atomic_add_fetch(&shim_failures, 1, __ATOMIC_RELAXED);
	return true;
}

void shim_alloc_fail_nth(unsigned long nth, unsigned long count)
{
	unsigned long now = __atomic_load_n(&shim_attempts, __ATOMIC_RELAXED);

	shim_fail_at = nth ? now + nth : 0;
	shim_fail_count = count;
}

void shim_alloc_fail_nowait(bool on)
{
	shim_fail_nowait = on;
}

void shim_alloc_fail_reset(void)
{
	shim_fail_at = 0;
	shim_fail_count = 0;
	shim_fail_nowait = false;
}

unsigned long shim_alloc_attempts(void)
{
	return __atomic_load_n(&shim_attempts, __ATOMIC_RELAXED);
}

unsigned long shim_alloc_failures(void)
{
	return __atomic_load_n(&shim_failures, __ATOMIC_RELAXED);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *c;
	unsigned int i;

	/* Re-creating a cache of the same name reuses it (and its counts). */
	for (i = 0; i < shim_nr_caches; i++) {
		if (!strcmp(shim_caches[i].name, name))
			return &shim_caches[i];
	}
	if (shim_nr_caches == SHIM_MAX_CACHES) {
		fprintf(stderr, "shim: too many kmem caches\n");
		abort();
	}
	c = &shim_caches[shim_nr_caches++];
	c->name = name;
	c->size = size;
	c->align = align < sizeof(void *) ? sizeof(void *) : align;
	if (flags & SLAB_HWCACHE_ALIGN && c->align < 64)
		c->align = 64;
	c->flags = flags;
	c->ctor = ctor;
	return c;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (cache && cache->outstanding)
		fprintf(stderr, "shim: destroying cache %s with %ld objects\n",
			cache->name, cache->outstanding);
}

int kmem_cache_shrink(struct kmem_cache *cache)
{
	return 0;
}

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	void *obj;

	if (shim_should_fail(gfp))
		return NULL;
	if (posix_memalign(&obj, cache->align, cache->size))
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(obj, 0, cache->size);
	else
		memset(obj, SHIM_POISON, cache->size);
	if (cache->ctor)
		cache->ctor(obj);
	__atomic_add_fetch(&cache->outstanding, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&cache->total, 1, __ATOMIC_RELAXED);
	return obj;
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	if (!obj)
		return;
	memset(obj, SHIM_POISON + 1, cache->size);
	__atomic_sub_fetch(&cache->outstanding, 1, __ATOMIC_RELAXED);
	free(obj);
}

/* All or nothing, like the kernel's; each object is one allocation attempt. */
int kmem_cache_alloc_bulk(struct kmem_cache *cache, gfp_t gfp, size_t nr,
			  void **objs)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		objs[i] = kmem_cache_alloc(cache, gfp);
		if (!objs[i]) {
			kmem_cache_free_bulk(cache, i, objs);
			return 0;
		}
	}
	return nr;
}

void kmem_cache_free_bulk(struct kmem_cache *cache, size_t nr, void **objs)
{
	size_t i;

	for (i = 0; i < nr; i++)
		kmem_cache_free(cache, objs[i]);
}

/* kmalloc() keeps its size in a header so that kfree() can account it. */
void *kmalloc(size_t size, gfp_t gfp)
{
	size_t *p;

	if (shim_should_fail(gfp))
		return NULL;
	p = malloc(size + 16);
	if (!p)
		return NULL;
	p[0] = size;
	__atomic_add_fetch(&shim_kmalloc_bytes, size, __ATOMIC_RELAXED);
	memset(p + 2, gfp & __GFP_ZERO ? 0 : SHIM_POISON, size);
	__atomic_add_fetch(&shim_kmalloc_cache.outstanding, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&shim_kmalloc_cache.total, 1, __ATOMIC_RELAXED);
	return p + 2;
}

void kfree(const void *obj)
{
	size_t *p = (size_t *)obj;

	if (!obj)
		return;
	__atomic_sub_fetch(&shim_kmalloc_cache.outstanding, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&shim_kmalloc_bytes, p[-2], __ATOMIC_RELAXED);
	free(p - 2);
}

struct kmem_cache *shim_cache_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < shim_nr_caches; i++) {
		if (!strcmp(shim_caches[i].name, name))
			return &shim_caches[i];
	}
	return NULL;
}

long shim_cache_outstanding(const struct kmem_cache *cache)
{
	return __atomic_load_n(&cache->outstanding, __ATOMIC_RELAXED);
}

unsigned long shim_cache_total(const struct kmem_cache *cache)
{
	return __atomic_load_n(&cache->total, __ATOMIC_RELAXED);
}

unsigned int shim_cache_size(const struct kmem_cache *cache)
{
	return cache->size;
}

long shim_outstanding_all(void)
{
	long sum = shim_cache_outstanding(&shim_kmalloc_cache);
	unsigned int i;

	for (i = 0; i < shim_nr_caches; i++)
		sum += shim_cache_outstanding(&shim_caches[i]);
	return sum;
}

long shim_outstanding_bytes(void)
{
	long sum = __atomic_load_n(&shim_kmalloc_bytes, __ATOMIC_RELAXED);
	unsigned int i;

	for (i = 0; i < shim_nr_caches; i++)
		sum += shim_cache_outstanding(&shim_caches[i]) *
		       (long)shim_caches[i].size;
	return sum;
}

void kmem_cache_set_non_kernel(struct kmem_cache *cache, unsigned int val)
{
	cache->non_kernel = val;
}

void kmem_cache_set_callback(struct kmem_cache *cache, void (*cb)(void *))
{
	cache->callback = cb;
}

void kmem_cache_set_private(struct kmem_cache *cache, void *private)
{
	cache->private = private;
}

unsigned long kmem_cache_get_alloc(struct kmem_cache *cache)
{
	return (unsigned long)shim_cache_outstanding(cache) * cache->size;
}

void kmem_cache_zero_nr_tallocated(struct kmem_cache *cache)
{
	cache->total = 0;
}

unsigned int kmem_cache_nr_tallocated(struct kmem_cache *cache)
{
	return shim_cache_total(cache);
}

unsigned int kmem_cache_nr_allocated(struct kmem_cache *cache)
{
	return shim_cache_outstanding(cache);
}
