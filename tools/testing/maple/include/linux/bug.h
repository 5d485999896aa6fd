/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: BUG() aborts; WARN() prints and is counted, so that the
 * harness can fail any test during which the code under test warned.
 */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>
#include <linux/compiler.h>

extern unsigned long shim_warn_count;
void shim_warn(const char *file, int line, const char *cond);
void shim_dump_stack(void);

#define BUG() do {							\
	fprintf(stderr, "BUG at %s:%d\n", __FILE__, __LINE__);		\
	abort();							\
} while (0)

#define BUG_ON(cond) do {						\
	if (unlikely(cond)) {						\
		fprintf(stderr, "BUG_ON(%s) at %s:%d\n", #cond,		\
			__FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

#define WARN_ON(cond) ({						\
	int __w = !!(cond);						\
	if (unlikely(__w))						\
		shim_warn(__FILE__, __LINE__, #cond);			\
	unlikely(__w); })

#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN(cond, ...) ({						\
	int __w = !!(cond);						\
	if (unlikely(__w)) {						\
		fprintf(stderr, __VA_ARGS__);				\
		shim_warn(__FILE__, __LINE__, #cond);			\
	}								\
	unlikely(__w); })
#define WARN_ONCE(cond, ...)	WARN(cond, __VA_ARGS__)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define dump_stack()		shim_dump_stack()

#endif /* _SHIM_LINUX_BUG_H */
