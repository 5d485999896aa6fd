/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: sleeping. */
#ifndef _SHIM_LINUX_DELAY_H
#define _SHIM_LINUX_DELAY_H

#include <unistd.h>

static inline void usleep_range(unsigned long min, unsigned long max)
{
	usleep((min + max) / 2);
}

static inline void msleep(unsigned int ms)
{
	usleep(ms * 1000UL);
}

#endif /* _SHIM_LINUX_DELAY_H */
