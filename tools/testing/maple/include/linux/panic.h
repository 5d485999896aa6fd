/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: TAINT_WARN is set once anything happened that would
 * taint a kernel with a report: a WARN(), a dump_stack(), a pr_err() or a
 * failed MT_BUG_ON() of the debug checks.
 */
#ifndef _SHIM_LINUX_PANIC_H
#define _SHIM_LINUX_PANIC_H

#include <stdbool.h>

#define TAINT_WARN	9

bool test_taint(unsigned int flag);

#endif /* _SHIM_LINUX_PANIC_H */
