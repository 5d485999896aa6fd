/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a seeded pseudo-random generator with the kernel's
 * interface, built from four Tausworthe generators (after L'Ecuyer's
 * combined generator of 1999).
 */
#ifndef _SHIM_LINUX_PRANDOM_H
#define _SHIM_LINUX_PRANDOM_H

#include <linux/types.h>

struct rnd_state {
	u32 s1, s2, s3, s4;
};

u32 prandom_u32_state(struct rnd_state *state);
void prandom_seed_state(struct rnd_state *state, u64 seed);

#endif /* _SHIM_LINUX_PRANDOM_H */
