/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: spinlock_t is a pthread mutex plus a lockdep map; the
 * irq/bh variants are plain.  With CONFIG_LOCKDEP the holder is tracked
 * (see <linux/lockdep.h>).
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/lockdep.h>

typedef struct {
	pthread_mutex_t mutex;
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)					\
	{ .mutex = PTHREAD_MUTEX_INITIALIZER, .dep_map = { #name } }
#define DEFINE_SPINLOCK(x)		spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *l)
{
	pthread_mutex_init(&l->mutex, NULL);
	l->dep_map.name = "spinlock";
}

static inline void spin_lock(spinlock_t *l)
{
	pthread_mutex_lock(&l->mutex);
	shim_lock_acquire(&l->dep_map, 0);
}

static inline void spin_unlock(spinlock_t *l)
{
	shim_lock_release(&l->dep_map);
	pthread_mutex_unlock(&l->mutex);
}

static inline int spin_trylock(spinlock_t *l)
{
	if (pthread_mutex_trylock(&l->mutex))
		return 0;
	shim_lock_acquire(&l->dep_map, 0);
	return 1;
}

#define spin_lock_nested(l, sub)	spin_lock(l)
#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)
#define assert_spin_locked(l)		lockdep_assert_held(l)

#endif /* _SHIM_LINUX_SPINLOCK_H */
