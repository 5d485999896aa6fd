/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-side shim: upstream's tools/testing/shared/linux/rcupdate.h with what
 * our <linux/maple_tree.h> also uses.
 */
#include_next <linux/rcupdate.h>

#ifndef rcu_access_pointer
#define rcu_access_pointer(p)	READ_ONCE(p)
#endif
