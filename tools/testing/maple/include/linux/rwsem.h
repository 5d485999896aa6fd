/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a read-write semaphore (pthread rwlock) with a lockdep
 * map, for trees with an external lock (as mm->mmap_lock is for the VMA
 * tree).  Readers are tracked as shared holders, writers as exclusive.
 */
#ifndef _SHIM_LINUX_RWSEM_H
#define _SHIM_LINUX_RWSEM_H

#include <pthread.h>
#include <linux/lockdep.h>

struct rw_semaphore {
	pthread_rwlock_t rwlock;
	struct lockdep_map dep_map;
};

static inline void init_rwsem(struct rw_semaphore *sem)
{
	pthread_rwlock_init(&sem->rwlock, NULL);
	sem->dep_map.name = "rw_semaphore";
}

static inline void down_read(struct rw_semaphore *sem)
{
	pthread_rwlock_rdlock(&sem->rwlock);
	shim_lock_acquire(&sem->dep_map, 1);
}

static inline void up_read(struct rw_semaphore *sem)
{
	shim_lock_release(&sem->dep_map);
	pthread_rwlock_unlock(&sem->rwlock);
}

static inline void down_write(struct rw_semaphore *sem)
{
	pthread_rwlock_wrlock(&sem->rwlock);
	shim_lock_acquire(&sem->dep_map, 0);
}

static inline void up_write(struct rw_semaphore *sem)
{
	shim_lock_release(&sem->dep_map);
	pthread_rwlock_unlock(&sem->rwlock);
}

#endif /* _SHIM_LINUX_RWSEM_H */
