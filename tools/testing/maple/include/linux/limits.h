/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: integer limits. */
#ifndef _SHIM_LINUX_LIMITS_H
#define _SHIM_LINUX_LIMITS_H

#include_next <linux/limits.h>	/* the uapi one */
#include <limits.h>
#include <stdint.h>

#ifndef BITS_PER_LONG
#define BITS_PER_LONG		(8 * (int)sizeof(long))
#endif
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define S32_MAX			((s32)(U32_MAX >> 1))
#define S64_MAX			((s64)(U64_MAX >> 1))

#endif /* _SHIM_LINUX_LIMITS_H */
