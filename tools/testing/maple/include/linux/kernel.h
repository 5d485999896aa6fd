/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the grab-bag header, pulling in the other shims. */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/atomic.h>
#include <linux/export.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#ifndef container_of
#define container_of(ptr, type, member) ({				\
	const __typeof__(((type *)0)->member) *__mptr = (ptr);		\
	(type *)((char *)__mptr - offsetof(type, member)); })
#endif

#define might_sleep()		do { } while (0)
#define cond_resched()		do { } while (0)
#define in_interrupt()		0

#ifndef CONFIG_64BIT
#if __SIZEOF_LONG__ == 8
#define CONFIG_64BIT 1
#endif
#endif

#endif /* _SHIM_LINUX_KERNEL_H */
