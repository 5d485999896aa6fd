/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a kernel thread is a pthread registered with liburcu;
 * kthread_stop() asks it to stop and waits for it.
 */
#ifndef _SHIM_LINUX_KTHREAD_H
#define _SHIM_LINUX_KTHREAD_H

#include <linux/err.h>

struct task_struct;

struct task_struct *kthread_run(int (*fn)(void *data), void *data,
				const char *name);
bool kthread_should_stop(void);
int kthread_stop(struct task_struct *task);

#endif /* _SHIM_LINUX_KTHREAD_H */
