/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-side shim: our lib/maple_tree.c includes <linux/minmax.h>, which the
 * tools headers do not have; min()/max() come from tools' <linux/kernel.h>.
 * Its min_t()/max_t() cast the arguments without parentheses, so they are
 * redefined here to cast the whole expression, as the kernel's do.
 */
#ifndef _UPSTREAM_TESTS_LINUX_MINMAX_H
#define _UPSTREAM_TESTS_LINUX_MINMAX_H

#include <linux/kernel.h>

#undef min_t
#undef max_t
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

#endif
