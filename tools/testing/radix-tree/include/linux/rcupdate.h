/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: RCU from liburcu, "memb" flavour.  Every thread that reads
 * under rcu_read_lock() must first call rcu_register_thread().
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>
#include <urcu/pointer.h>
#include <urcu/call-rcu.h>
#include <linux/compiler.h>

#define rcu_read_lock()				urcu_memb_read_lock()
#define rcu_read_unlock()			urcu_memb_read_unlock()
#define synchronize_rcu()			urcu_memb_synchronize_rcu()
#define call_rcu(head, func)			urcu_memb_call_rcu(head, func)
#define rcu_barrier()				urcu_memb_barrier()
#define rcu_register_thread()			urcu_memb_register_thread()
#define rcu_unregister_thread()			urcu_memb_unregister_thread()

#define rcu_dereference_raw(p)			rcu_dereference(p)
#define rcu_dereference_check(p, c)		rcu_dereference(p)
#define rcu_dereference_protected(p, c)		((void)(c), (p))
#define rcu_access_pointer(p)			READ_ONCE(p)
#define RCU_INIT_POINTER(p, v)			WRITE_ONCE(p, v)
#define rcu_read_lock_held()			1

#endif /* _SHIM_LINUX_RCUPDATE_H */
