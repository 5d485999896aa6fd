/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Common helpers of the maple tree harness: test cases, checks, leak and
 * warning accounting, tree validation and the reference model.
 */
#ifndef _MAPLE_HARNESS_H
#define _MAPLE_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/xarray.h>

/* ---- test cases ---------------------------------------------------- */

struct h_test {
	const char *name;
	void (*fn)(void);
};

/* Run every test of a suite; each prints one "ok"/"FAIL" line. */
void h_run_suite(const char *suite, const struct h_test *tests, size_t nr);

/* Open and close a case by hand (for cases generated at run time). */
void h_case_begin(const char *fmt, ...) __printf(1, 2);
bool h_case_end(void);
/* Report the current case as skipped, with @reason (KTAP "# SKIP"). */
void h_case_skip(const char *reason);
/* True when the current case has already failed. */
bool h_case_failed(void);
/* The current case is allowed to trigger WARN()s (e.g. misuse tests). */
void h_allow_warnings(void);

bool h_check(bool ok, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);

#define CHECK(cond)							\
	h_check(!!(cond), __FILE__, __LINE__, "%s", #cond)

#define CHECK_EQ(a, b) ({						\
	unsigned long __a = (unsigned long)(a);				\
	unsigned long __b = (unsigned long)(b);				\
	h_check(__a == __b, __FILE__, __LINE__,				\
		"%s == %s (0x%lx != 0x%lx)", #a, #b, __a, __b); })

#define CHECK_PTR(a, b) ({						\
	const void *__a = (a), *__b = (b);				\
	h_check(__a == __b, __FILE__, __LINE__,				\
		"%s == %s (%p != %p)", #a, #b, __a, __b); })

#define CHECK_INT(a, b) ({						\
	long __a = (long)(a), __b = (long)(b);				\
	h_check(__a == __b, __FILE__, __LINE__,				\
		"%s == %s (%ld != %ld)", #a, #b, __a, __b); })

/* Give up on the current test function after a failed check. */
#define REQUIRE(cond) do { if (!CHECK(cond)) return; } while (0)

/* ---- known bugs of upstream's maple tree --------------------------- */

/*
 * Bugs of upstream v6.12's lib/maple_tree.c that these tests run into.  Each
 * one is reproduced by a standalone program of its own, built against
 * upstream's own userspace harness and against ours (make upstream-bugs):
 * tools/testing/maple-upstream-bugs/, whose NOTES.md has the output and the
 * analysis.
 */
enum h_upstream_bug {
	UB_RCU_FREE_WALK,	/* RCU-mode freeing of range_64 subtrees */
	UB_INSERT_ALL,		/* insert of [0, ULONG_MAX] into a leaf root */
	UB_EMPTY_AREA_REV_MAX,	/* reverse gap search up to ULONG_MAX */
	UB_ROOT_PREV_MIN,	/* reverse search on a root-pointer tree */
	UB_NOMEM_RETRY,		/* mas_nomem() retries while holding a node */
	UB_ROOT_STORE_AGAIN,	/* mas_find() after a store into the root */
	UB_LOST_LEAF,		/* lockless iterator whose leaf went away */
	UB_BULK_RCU,		/* mas_expected_entries() short in RCU mode */
	UB_PREALLOC_STALE,	/* mas_store_prealloc() of an unprepared store */
	UB_STORE_RETURN,	/* mas_store() returns another entry */
	UB_NR
};

/*
 * Call only where a result has just differed from the documented contract in
 * exactly the way @bug does.  Built against upstream (MAPLE_UPSTREAM) it
 * records a hit of @bug in the current case and returns true: the caller
 * skips that one check, every other check still counts, and the case is
 * reported as "xfail" (counted apart) unless something else failed.  Built
 * against ours it returns false, so the caller's ordinary check fails.
 */
bool h_upstream_bug(enum h_upstream_bug bug);

/*
 * Checks that upstream is known to fail as @bug.  Like CHECK*() they
 * evaluate to true only when the values matched.
 */
#define CHECK_KNOWN(bug, cond) ({					\
	bool __ok = !!(cond);						\
	if (!__ok && !h_upstream_bug(bug))				\
		h_check(false, __FILE__, __LINE__, "%s", #cond);	\
	__ok; })

#define CHECK_KNOWN_PTR(bug, a, b) ({					\
	const void *__a = (a), *__b = (b);				\
	if (__a != __b && !h_upstream_bug(bug))				\
		h_check(false, __FILE__, __LINE__,			\
			"%s == %s (%p != %p)", #a, #b, __a, __b);	\
	__a == __b; })

#define CHECK_KNOWN_INT(bug, a, b) ({					\
	long __a = (long)(a), __b = (long)(b);				\
	if (__a != __b && !h_upstream_bug(bug))				\
		h_check(false, __FILE__, __LINE__,			\
			"%s == %s (%ld != %ld)", #a, #b, __a, __b);	\
	__a == __b; })

/*
 * mtree_destroy().  Built against upstream, an RCU-mode tree whose shape
 * makes the RCU-deferred free walk go wrong (UB_RCU_FREE_WALK) leaves RCU
 * mode first, and the hit is recorded; every other tree, RCU-mode or not, is
 * destroyed as it is.
 */
void h_destroy(struct maple_tree *mt);

/* ---- memory -------------------------------------------------------- */

/* Maple nodes currently allocated (after waiting for RCU callbacks). */
long h_nodes_outstanding(void);
/* The same, but only waits for RCU callbacks if the count is not @expect. */
long h_nodes_settle(long expect);
/* Size of one maple node as allocated from the cache. */
unsigned int h_node_size(void);

/* ---- validation ---------------------------------------------------- */

/*
 * mt_validate() in the debug build, with any complaint it prints counted as
 * a failure; in the optimised build this does nothing and returns true.
 */
bool h_validate(struct maple_tree *mt);
extern bool h_have_validate;

/*
 * The reports so far that would taint a kernel: WARN()s, dump_stack()s,
 * pr_err()s and failed MT_BUG_ON()s.  A check is sound when it adds none.
 */
unsigned long shim_report_count(void);

/* ---- values -------------------------------------------------------- */

/* A storable entry made of @v: never NULL nor reserved. */
static inline void *h_val(unsigned long v)
{
	return xa_mk_value(v);
}

/*
 * Random numbers, seeded per test for reproducibility: the generator of
 * the KUnit cases, prandom_u32_state(), two draws a number.
 */
struct h_rng {
	struct rnd_state s;
};

static inline unsigned long long h_rand(struct h_rng *r)
{
	unsigned long long hi = prandom_u32_state(&r->s);

	return hi << 32 | prandom_u32_state(&r->s);
}

static inline unsigned long h_rand_below(struct h_rng *r, unsigned long n)
{
	return n ? h_rand(r) % n : 0;
}

static inline void h_srand(struct h_rng *r, unsigned long long seed)
{
	prandom_seed_state(&r->s, seed);
}

unsigned long long h_env_ull(const char *name, unsigned long long def);

/* ---- suites -------------------------------------------------------- */

void kunit_run_suites(void);
void maple_fuzz_tests(void);
void maple_nomem_tests(void);
void maple_rcu_tests(void);


/* ---- model comparison ---------------------------------------------- */

struct model;
/*
 * Compare the whole tree with @m: forward and backward iteration must see
 * exactly the model's ranges, and mtree_load() must agree at every range
 * boundary.  Validates the tree too.  Returns false (and fails the current
 * case) on any difference.
 */
bool h_check_model(struct maple_tree *mt, const struct model *m);
/* Store every range of @m into the empty tree @mt (mtree_store_range). */
int h_fill_from_model(struct maple_tree *mt, const struct model *m);

#endif /* _MAPLE_HARNESS_H */
