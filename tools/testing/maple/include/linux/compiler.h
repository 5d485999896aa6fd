/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: compiler attributes and annotations. */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif

#define __rcu
#define __iomem
#define __user
#define __force
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __init
#define __exit
#define __read_mostly
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define noinline_for_stack	noinline
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#if __has_attribute(__uninitialized__)
#define __uninitialized		__attribute__((__uninitialized__))
#else
#define __uninitialized
#endif
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#ifndef fallthrough
#define fallthrough		__attribute__((__fallthrough__))
#endif

#define barrier()		__asm__ __volatile__("" ::: "memory")

#ifdef __SANITIZE_THREAD__
/* Marked accesses, as the kernel's KCSAN treats them: relaxed atomics. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val) do {						\
	__typeof__(x) __wo = (val);					\
	__atomic_store_n(&(x), __wo, __ATOMIC_RELAXED);			\
} while (0)
#else
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)
#endif

#endif /* _SHIM_LINUX_COMPILER_H */
