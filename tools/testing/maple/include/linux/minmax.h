/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: min()/max() family, each argument evaluated once. */
#ifndef _SHIM_LINUX_MINMAX_H
#define _SHIM_LINUX_MINMAX_H

#define __shim_cmp(a, b, op) ({			\
	__typeof__(a) __sa = (a);		\
	__typeof__(b) __sb = (b);		\
	__sa op __sb ? __sa : __sb; })

#define min(a, b)		__shim_cmp(a, b, <)
#define max(a, b)		__shim_cmp(a, b, >)
#define min_t(t, a, b)		__shim_cmp((t)(a), (t)(b), <)
#define max_t(t, a, b)		__shim_cmp((t)(a), (t)(b), >)
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define swap(a, b) do {				\
	__typeof__(a) __st = (a);		\
	(a) = (b);				\
	(b) = __st;				\
} while (0)

#endif /* _SHIM_LINUX_MINMAX_H */
