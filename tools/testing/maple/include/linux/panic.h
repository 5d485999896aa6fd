/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the taint the KUnit cases look at.  TAINT_WARN is set
 * once anything that would taint a kernel with a report happened since the
 * runner last cleared it (at the start of each case): a WARN(), a
 * dump_stack(), a pr_err() or a failed MT_BUG_ON() of the debug checks.
 */
#ifndef _SHIM_LINUX_PANIC_H
#define _SHIM_LINUX_PANIC_H

#include <stdbool.h>

#define TAINT_WARN	9

bool test_taint(unsigned int flag);

#endif /* _SHIM_LINUX_PANIC_H */
