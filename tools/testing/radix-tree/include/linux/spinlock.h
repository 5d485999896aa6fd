/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: spinlock_t is a pthread mutex; irq/bh variants are plain. */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/lockdep.h>

typedef pthread_mutex_t spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	PTHREAD_MUTEX_INITIALIZER
#define DEFINE_SPINLOCK(x)		spinlock_t x = PTHREAD_MUTEX_INITIALIZER

#define spin_lock_init(l)		pthread_mutex_init(l, NULL)
#define spin_lock(l)			pthread_mutex_lock(l)
#define spin_unlock(l)			pthread_mutex_unlock(l)
#define spin_trylock(l)			(pthread_mutex_trylock(l) == 0)
#define spin_lock_nested(l, sub)	pthread_mutex_lock(l)
#define spin_lock_irq(l)		pthread_mutex_lock(l)
#define spin_unlock_irq(l)		pthread_mutex_unlock(l)
#define spin_lock_bh(l)			pthread_mutex_lock(l)
#define spin_unlock_bh(l)		pthread_mutex_unlock(l)
#define spin_lock_irqsave(l, f)		do { (f) = 0; pthread_mutex_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); pthread_mutex_unlock(l); } while (0)
#define assert_spin_locked(l)		do { (void)(l); } while (0)

#endif /* _SHIM_LINUX_SPINLOCK_H */
