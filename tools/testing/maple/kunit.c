// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace runner of KUnit suites (see include/kunit/test.h), and the
 * few kernel services their cases use that no other shim provides: kernel
 * threads, the seeded random generator and the taint flag.
 *
 * Each case runs as a harness case (h_case_begin()/h_case_end()), so it
 * prints the same KTAP result line and gets the same end-of-case checks:
 * maple nodes back to their count before the case, no WARN() unless the
 * case allowed it.  The deferred actions of a case (its trees' destroy
 * actions among them) run before those checks.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/panic.h>
#include <linux/prandom.h>
#include "harness.h"

struct kunit_resource_action {
	struct kunit_resource_action *next;
	kunit_action_t *fn;	/* NULL: @ctx is memory to free() */
	void *ctx;
};

static struct kunit_suite *kunit_suites, **kunit_suites_tail = &kunit_suites;

void kunit_register_suite(struct kunit_suite *suite)
{
	suite->next = NULL;
	*kunit_suites_tail = suite;
	kunit_suites_tail = &suite->next;
}

static void kunit_push(struct kunit *test, kunit_action_t *fn, void *ctx)
{
	struct kunit_resource_action *a = malloc(sizeof(*a));

	if (!a)
		abort();
	a->fn = fn;
	a->ctx = ctx;
	a->next = test->actions;
	test->actions = a;
}

/* Undo what the case set up, last first. */
static void kunit_cleanup(struct kunit *test)
{
	struct kunit_resource_action *a;

	while ((a = test->actions)) {
		test->actions = a->next;
		if (a->fn)
			a->fn(a->ctx);
		else
			free(a->ctx);
		free(a);
	}
}

/*
 * Test-managed memory comes from calloc(), not from the kmalloc() shim:
 * it is the case's, not the tree's, and must not count as maple nodes.
 */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p)
		kunit_push(test, NULL, p);
	return p;
}

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	kunit_push(test, action, ctx);
	return 0;
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx)
{
	return kunit_add_action(test, action, ctx);
}

void kunit_shim_fail(struct kunit *test, bool fatal, const char *file,
		     int line, const char *what, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h_check(false, file, line, "%s%s%s", what ? what : "",
		what && msg[0] && msg[1] ? ":" : "", msg);
	if (fatal && test->abort)
		longjmp(*test->abort, 1);
}

void kunit_shim_skip(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(test->skip_reason, sizeof(test->skip_reason), fmt, ap);
	va_end(ap);
	test->skipped = true;
	if (!test->abort)
		abort();
	longjmp(*test->abort, 1);
}

static void kunit_run_case(struct kunit_suite *suite, struct kunit_case *c)
{
	struct kunit test = { .name = c->name };
	jmp_buf abort_case;

	h_case_begin("tree: %s", c->name);
	test.abort = &abort_case;
	if (!setjmp(abort_case))
		c->run_case(&test);
	test.abort = NULL;
	kunit_cleanup(&test);
	if (test.skipped)
		h_case_skip(test.skip_reason);
	h_case_end();
}

void kunit_run_suites(void)
{
	struct kunit_suite *suite;
	struct kunit_case *c;

	for (suite = kunit_suites; suite; suite = suite->next)
		for (c = suite->test_cases; c->run_case; c++)
			kunit_run_case(suite, c);
}

/* ---- kernel threads ------------------------------------------------- */

struct task_struct {
	pthread_t thread;
	int (*fn)(void *data);
	void *data;
	int ret;
	bool stop;
};

static __thread struct task_struct *kthread_current;

static void *kthread_trampoline(void *arg)
{
	struct task_struct *task = arg;

	kthread_current = task;
	rcu_register_thread();
	task->ret = task->fn(task->data);
	rcu_unregister_thread();
	return NULL;
}

struct task_struct *kthread_run(int (*fn)(void *data), void *data,
				const char *name)
{
	struct task_struct *task = calloc(1, sizeof(*task));

	if (!task)
		return ERR_PTR(-ENOMEM);
	task->fn = fn;
	task->data = data;
	if (pthread_create(&task->thread, NULL, kthread_trampoline, task)) {
		free(task);
		return ERR_PTR(-EAGAIN);
	}
	return task;
}

bool kthread_should_stop(void)
{
	return kthread_current &&
	       __atomic_load_n(&kthread_current->stop, __ATOMIC_ACQUIRE);
}

int kthread_stop(struct task_struct *task)
{
	int ret;

	__atomic_store_n(&task->stop, true, __ATOMIC_RELEASE);
	pthread_join(task->thread, NULL);
	ret = task->ret;
	free(task);
	return ret;
}

/* ---- the seeded generator ------------------------------------------ */

/* One Tausworthe step: shift by @q, keep the top bits of @mask, etc. */
static u32 taus_step(u32 z, unsigned int q, unsigned int s, unsigned int k,
		     u32 mask)
{
	u32 b = ((z << q) ^ z) >> s;

	return ((z & mask) << k) ^ b;
}

u32 prandom_u32_state(struct rnd_state *st)
{
	st->s1 = taus_step(st->s1, 6, 13, 18, 0xfffffffeU);
	st->s2 = taus_step(st->s2, 2, 27, 2, 0xfffffff8U);
	st->s3 = taus_step(st->s3, 13, 21, 7, 0xfffffff0U);
	st->s4 = taus_step(st->s4, 3, 12, 13, 0xffffff80U);
	return st->s1 ^ st->s2 ^ st->s3 ^ st->s4;
}

/* Each component needs a seed above a minimum, or it degenerates. */
static u32 taus_seed(u32 x, u32 min)
{
	return x < min ? x + min : x;
}

void prandom_seed_state(struct rnd_state *st, u64 seed)
{
	u32 x = (u32)(seed ^ (seed >> 32) ^ (seed << 10));
	int i;

	st->s1 = taus_seed(x, 2);
	st->s2 = taus_seed(x, 8);
	st->s3 = taus_seed(x, 16);
	st->s4 = taus_seed(x, 128);
	for (i = 0; i < 10; i++)
		prandom_u32_state(st);
}

/* ---- taint ---------------------------------------------------------- */

bool test_taint(unsigned int flag)
{
	return flag == TAINT_WARN && shim_report_count();
}

/* ---- memory of test code -------------------------------------------- */

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return (gfp & __GFP_ZERO) ? calloc(n, size) : malloc(n * size);
}

void kvfree(const void *p)
{
	free((void *)p);
}
