/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a mutex is a pthread mutex with a lockdep map, so that
 * a tree whose external lock is a mutex gets its lock checks answered.
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <pthread.h>
#include <linux/lockdep.h>

struct mutex {
	pthread_mutex_t mutex;
	struct lockdep_map dep_map;
};

static inline void mutex_init(struct mutex *m)
{
	pthread_mutex_init(&m->mutex, NULL);
	m->dep_map.name = "mutex";
}

static inline void mutex_destroy(struct mutex *m)
{
	pthread_mutex_destroy(&m->mutex);
}

static inline void mutex_lock(struct mutex *m)
{
	pthread_mutex_lock(&m->mutex);
	shim_lock_acquire(&m->dep_map, 0);
}

static inline void mutex_unlock(struct mutex *m)
{
	shim_lock_release(&m->dep_map);
	pthread_mutex_unlock(&m->mutex);
}

#define mutex_lock_nested(m, subclass)	mutex_lock(m)

#endif /* _SHIM_LINUX_MUTEX_H */
