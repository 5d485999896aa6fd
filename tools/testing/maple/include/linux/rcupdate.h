/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: RCU from liburcu, "memb" flavour.  Every thread that reads
 * under rcu_read_lock() must first call rcu_register_thread().
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

/*
 * Under ThreadSanitizer liburcu's fast paths stay in the (uninstrumented)
 * library instead of being inlined, so that its internal synchronisation,
 * which TSan cannot follow, is not reported as races.
 */
#if !defined(_LGPL_SOURCE) && !defined(__SANITIZE_THREAD__)
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>
#include <urcu/pointer.h>
#include <urcu/call-rcu.h>
#include <linux/compiler.h>

/*
 * liburcu's grace periods and its hand-off of callbacks to the call_rcu
 * thread synchronise inside the library, where ThreadSanitizer does not
 * look.  Under TSan, tell it what RCU guarantees: every read-side critical
 * section that has ended happens before the callbacks and synchronize_rcu()
 * returns that come after it (shim_rcu_readers), and a call_rcu() happens
 * before its callback (shim_call_rcu()).
 */
#ifdef __SANITIZE_THREAD__
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
extern int shim_rcu_readers;
#define shim_tsan_acquire(addr)			__tsan_acquire(addr)
#define shim_tsan_release(addr)			__tsan_release(addr)
#define SHIM_WRAP_CALL_RCU			1
#else
#define shim_tsan_acquire(addr)			do { } while (0)
#define shim_tsan_release(addr)			do { } while (0)
#endif

#ifdef CONFIG_PROVE_RCU
#define SHIM_WRAP_CALL_RCU			1
#endif

#define rcu_read_lock()				urcu_memb_read_lock()
#define rcu_read_unlock() do {						\
	shim_tsan_release(&shim_rcu_readers);				\
	urcu_memb_read_unlock();					\
} while (0)
#define synchronize_rcu() do {						\
	urcu_memb_synchronize_rcu();					\
	shim_tsan_acquire(&shim_rcu_readers);				\
} while (0)
#define rcu_barrier()				urcu_memb_barrier()

#ifdef SHIM_WRAP_CALL_RCU
/*
 * call_rcu() through a trampoline that tells TSan about the hand-off and
 * runs the callback with rcu_callback_map held, as the kernel's lockdep
 * sees it.
 */
void shim_call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *));
#define call_rcu(head, func)			shim_call_rcu(head, func)
#else
#define call_rcu(head, func)			urcu_memb_call_rcu(head, func)
#endif
#define rcu_register_thread()			urcu_memb_register_thread()
#define rcu_unregister_thread()			urcu_memb_unregister_thread()

#ifdef __SANITIZE_THREAD__
/*
 * liburcu publishes with a fence and a volatile store, which TSan does not
 * see as ordering: publish with a release store and read with an acquire
 * load (stronger than the consume that RCU needs).
 */
#undef rcu_dereference
#define rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#undef rcu_assign_pointer
#define rcu_assign_pointer(p, v) do {					\
	__typeof__(p) __v = (v);					\
	__atomic_store_n(&(p), __v, __ATOMIC_RELEASE);			\
} while (0)
#endif

#define rcu_dereference_raw(p)			rcu_dereference(p)
#define rcu_access_pointer(p)			READ_ONCE(p)
#define RCU_INIT_POINTER(p, v)			WRITE_ONCE(p, v)

#ifdef CONFIG_PROVE_RCU
/*
 * As the kernel's with CONFIG_PROVE_RCU: a dereference outside an RCU
 * read-side critical section must satisfy its lock condition, a protected
 * one always; otherwise it warns (counted as a WARN() by the harness).
 */
#include <linux/lockdep.h>

/* "Held" while an RCU callback runs. */
extern struct lockdep_map rcu_callback_map;

#define rcu_read_lock_held()			urcu_memb_read_ongoing()
#define rcu_dereference_check(p, c) ({						if (!(rcu_read_lock_held() || (c)))						shim_lockdep_warn(__FILE__, __LINE__,							  "suspicious rcu_dereference_check() usage"); 	rcu_dereference(p); })
#define rcu_dereference_protected(p, c) ({					if (!(c))									shim_lockdep_warn(__FILE__, __LINE__,							  "suspicious rcu_dereference_protected() usage"); 	(p); })
#else
#define rcu_read_lock_held()			1
#define rcu_dereference_check(p, c)		rcu_dereference(p)
#define rcu_dereference_protected(p, c)		((void)(c), (p))
#endif

#endif /* _SHIM_LINUX_RCUPDATE_H */
