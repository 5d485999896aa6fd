/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: scheduling; cond_resched() is in <linux/kernel.h>. */
#ifndef _SHIM_LINUX_SCHED_H
#define _SHIM_LINUX_SCHED_H

#include <linux/kernel.h>

#endif /* _SHIM_LINUX_SCHED_H */
