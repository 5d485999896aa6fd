/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of the lock validator's "is it held?" questions.
 *
 * With CONFIG_LOCKDEP (the debug, asan and tsan builds) every thread keeps
 * the stack of locks it holds, as lockdep does, and lock_is_held() and
 * friends answer from it: a maple tree whose lock conditions are wrong, or
 * a caller that forgets a lock, gets the WARN()s that a kernel built with
 * CONFIG_PROVE_LOCKING would print.  Without it, every "is it held?"
 * question says yes and nothing is tracked.
 */
#ifndef _SHIM_LINUX_LOCKDEP_H
#define _SHIM_LINUX_LOCKDEP_H

struct lockdep_map {
	const char *name;
};

struct lock_class_key {
	int unused;
};

#define SINGLE_DEPTH_NESTING		1
#define lockdep_set_class(lock, key)	do { } while (0)

#ifdef CONFIG_LOCKDEP
/* @read: 0 exclusive, 1 shared. */
void shim_lock_acquire(const struct lockdep_map *map, int read);
void shim_lock_release(const struct lockdep_map *map);
/* @read: 0 held exclusively, 1 held shared, -1 held either way. */
int lock_is_held_type(const struct lockdep_map *map, int read);
void shim_lockdep_warn(const char *file, int line, const char *what);

#define lock_is_held(map)		lock_is_held_type(map, -1)
#define lockdep_is_held(lock)		lock_is_held(&(lock)->dep_map)
#define lockdep_is_held_type(lock, r)	lock_is_held_type(&(lock)->dep_map, r)
#define lockdep_assert_held(lock) do {					\
	if (!lockdep_is_held(lock))					\
		shim_lockdep_warn(__FILE__, __LINE__,			\
				  "lockdep_assert_held(" #lock ")");	\
} while (0)
#define lockdep_assert_held_write(lock) do {				\
	if (!lockdep_is_held_type(lock, 0))				\
		shim_lockdep_warn(__FILE__, __LINE__,			\
				  "lockdep_assert_held_write(" #lock ")"); \
} while (0)
#else
#define shim_lock_acquire(map, read)	do { } while (0)
#define shim_lock_release(map)		do { } while (0)
#define lockdep_is_held(lock)		((void)(lock), 1)
#define lockdep_is_held_type(lock, r)	((void)(lock), 1)
#define lock_is_held(map)		1
#define lock_is_held_type(map, t)	1
#define lockdep_assert_held(lock)	do { (void)(lock); } while (0)
#define lockdep_assert_held_write(lock)	do { (void)(lock); } while (0)
#endif

#endif /* _SHIM_LINUX_LOCKDEP_H */
