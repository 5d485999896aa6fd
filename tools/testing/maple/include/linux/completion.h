/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: a completion is a counter under a mutex and a condvar. */
#ifndef _SHIM_LINUX_COMPLETION_H
#define _SHIM_LINUX_COMPLETION_H

#include <pthread.h>

struct completion {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int done;
};

static inline void init_completion(struct completion *c)
{
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->done = 0;
}

static inline void complete(struct completion *c)
{
	pthread_mutex_lock(&c->lock);
	c->done++;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static inline void wait_for_completion(struct completion *c)
{
	pthread_mutex_lock(&c->lock);
	while (!c->done)
		pthread_cond_wait(&c->cond, &c->lock);
	c->done--;
	pthread_mutex_unlock(&c->lock);
}

#endif /* _SHIM_LINUX_COMPLETION_H */
