/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of KUnit: enough of <kunit/test.h> for the maple tree's
 * KUnit suite (lib/maple_tree_kunit.c) to build and run in the harness.
 *
 * A failed expectation is reported through the harness's check (file,
 * line and message on stderr) and fails the case; a failed assertion or
 * kunit_skip() also ends the case at once, by a longjmp() back to the
 * runner (kunit.c), which then runs the case's deferred actions.  Cases run
 * through the harness's case machinery, so that the node leak count and
 * the WARN() count of every case are checked as for the harness's own.
 */
#ifndef _SHIM_KUNIT_TEST_H
#define _SHIM_KUNIT_TEST_H

#include <setjmp.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/slab.h>

struct kunit_resource_action;

struct kunit {
	const char *name;
	void *priv;
	bool skipped;
	char skip_reason[128];
	jmp_buf *abort;
	struct kunit_resource_action *actions;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	struct kunit_case *test_cases;
	struct kunit_suite *next;	/* the runner's list */
};

#define KUNIT_CASE(fn)	{ .run_case = fn, .name = #fn }

void kunit_register_suite(struct kunit_suite *suite);
/* Run every registered suite's cases in the current KTAP subtest. */
void kunit_run_suites(void);

#define kunit_test_suite(suite)						\
	static void __attribute__((constructor)) kunit_reg_##suite(void) \
	{								\
		kunit_register_suite(&suite);				\
	}

/* Test-managed memory and deferred actions, undone when the case ends. */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp);
#define kunit_kmalloc(test, size, gfp)	kunit_kmalloc_array(test, 1, size, gfp)
#define kunit_kzalloc(test, size, gfp)					\
	kunit_kmalloc_array(test, 1, size, (gfp) | __GFP_ZERO)
#define kunit_kcalloc(test, n, size, gfp)				\
	kunit_kmalloc_array(test, n, size, (gfp) | __GFP_ZERO)
typedef void (kunit_action_t)(void *);
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx);

/*
 * Report a failure at @file:@line: @what (the comparison, or NULL), then
 * the caller's message; @fatal ends the case.
 */
void kunit_shim_fail(struct kunit *test, bool fatal, const char *file,
		     int line, const char *what, const char *fmt, ...)
	__printf(6, 7);
void kunit_shim_skip(struct kunit *test, const char *fmt, ...) __printf(2, 3)
	__attribute__((noreturn));

#define kunit_skip(test, ...)		kunit_shim_skip(test, __VA_ARGS__)
#define kunit_mark_skipped(test, ...)	kunit_shim_skip(test, __VA_ARGS__)

#define kunit_info(test, fmt, ...)	printf("    # " fmt, ##__VA_ARGS__)

#define KUNIT_FAIL(test, ...)						\
	kunit_shim_fail(test, false, __FILE__, __LINE__, NULL, __VA_ARGS__)

#define KUNIT_SHIM_INT(test, fatal, l, op, r, ...) do {			\
	const typeof(l) __l = (l);					\
	const typeof(r) __r = (r);					\
	char __what[256];						\
	if (!(__l op __r)) {						\
		snprintf(__what, sizeof(__what),			\
			 "expected %s %s %s, but %lld (%#llx) vs %lld (%#llx)", \
			 #l, #op, #r, (long long)__l,			\
			 (unsigned long long)__l, (long long)__r,	\
			 (unsigned long long)__r);			\
		kunit_shim_fail(test, fatal, __FILE__, __LINE__, __what, \
				" " __VA_ARGS__);			\
	}								\
} while (0)

#define KUNIT_SHIM_PTR(test, fatal, l, op, r, ...) do {			\
	const void *__l = (l), *__r = (r);				\
	char __what[256];						\
	if (!(__l op __r)) {						\
		snprintf(__what, sizeof(__what),			\
			 "expected %s %s %s, but %p vs %p", #l, #op, #r, \
			 __l, __r);					\
		kunit_shim_fail(test, fatal, __FILE__, __LINE__, __what, \
				" " __VA_ARGS__);			\
	}								\
} while (0)

#define KUNIT_SHIM_BOOL(test, fatal, cond, want, ...) do {		\
	if ((!!(cond)) != (want))					\
		kunit_shim_fail(test, fatal, __FILE__, __LINE__,	\
				"expected " #cond " to be " #want,	\
				" " __VA_ARGS__);			\
} while (0)

/* One family of macros per kind of check, EXPECT and ASSERT, _MSG or not. */
#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_SHIM_INT(t, false, l, ==, r)
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_SHIM_INT(t, false, l, !=, r)
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_SHIM_INT(t, false, l, <, r)
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_SHIM_INT(t, false, l, <=, r)
#define KUNIT_EXPECT_GT(t, l, r)	KUNIT_SHIM_INT(t, false, l, >, r)
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_SHIM_INT(t, false, l, >=, r)
#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_SHIM_INT(t, true, l, ==, r)
#define KUNIT_ASSERT_NE(t, l, r)	KUNIT_SHIM_INT(t, true, l, !=, r)
#define KUNIT_ASSERT_LT(t, l, r)	KUNIT_SHIM_INT(t, true, l, <, r)
#define KUNIT_ASSERT_LE(t, l, r)	KUNIT_SHIM_INT(t, true, l, <=, r)
#define KUNIT_ASSERT_GT(t, l, r)	KUNIT_SHIM_INT(t, true, l, >, r)
#define KUNIT_ASSERT_GE(t, l, r)	KUNIT_SHIM_INT(t, true, l, >=, r)
#define KUNIT_EXPECT_EQ_MSG(t, l, r, fmt, ...)				\
	KUNIT_SHIM_INT(t, false, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, l, r, fmt, ...)				\
	KUNIT_SHIM_INT(t, false, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, l, r, fmt, ...)				\
	KUNIT_SHIM_INT(t, false, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, l, r, fmt, ...)				\
	KUNIT_SHIM_INT(t, false, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...)				\
	KUNIT_SHIM_INT(t, true, l, ==, r, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_PTR_EQ(t, l, r)	KUNIT_SHIM_PTR(t, false, l, ==, r)
#define KUNIT_EXPECT_PTR_NE(t, l, r)	KUNIT_SHIM_PTR(t, false, l, !=, r)
#define KUNIT_ASSERT_PTR_EQ(t, l, r)	KUNIT_SHIM_PTR(t, true, l, ==, r)
#define KUNIT_EXPECT_PTR_EQ_MSG(t, l, r, fmt, ...)			\
	KUNIT_SHIM_PTR(t, false, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL(t, p)		KUNIT_SHIM_PTR(t, false, p, ==, NULL)
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_SHIM_PTR(t, false, p, !=, NULL)
#define KUNIT_ASSERT_NULL(t, p)		KUNIT_SHIM_PTR(t, true, p, ==, NULL)
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_SHIM_PTR(t, true, p, !=, NULL)
#define KUNIT_EXPECT_NULL_MSG(t, p, fmt, ...)				\
	KUNIT_SHIM_PTR(t, false, p, ==, NULL, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_SHIM_BOOL(t, false, c, true)
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_SHIM_BOOL(t, false, c, false)
#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_SHIM_BOOL(t, true, c, true)
#define KUNIT_ASSERT_FALSE(t, c)	KUNIT_SHIM_BOOL(t, true, c, false)
#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...)				\
	KUNIT_SHIM_BOOL(t, false, c, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...)				\
	KUNIT_SHIM_BOOL(t, false, c, false, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...)				\
	KUNIT_SHIM_BOOL(t, true, c, true, fmt, ##__VA_ARGS__)

#endif /* _SHIM_KUNIT_TEST_H */
