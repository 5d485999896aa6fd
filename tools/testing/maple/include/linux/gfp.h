/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: allocation flags.  Only their blocking bit matters here. */
#ifndef _SHIM_LINUX_GFP_H
#define _SHIM_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_DIRECT_RECLAIM	0x0400u
#define __GFP_KSWAPD_RECLAIM	0x0800u
#define __GFP_IO		0x0040u
#define __GFP_FS		0x0080u
#define __GFP_ZERO		0x0100u
#define __GFP_NOWARN		0x2000u
#define __GFP_NOFAIL		0x8000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_NOIO		(__GFP_RECLAIM)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return !!(gfp & __GFP_DIRECT_RECLAIM);
}

#endif /* _SHIM_LINUX_GFP_H */
