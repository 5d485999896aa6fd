// SPDX-License-Identifier: GPL-2.0
/*
 * Test runner of the maple tree harness.
 *
 * Every case prints one line.  After each case the RCU callbacks are
 * flushed and the maple node count must be back to where it started, and
 * no WARN() may have fired unless the case allowed it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"
#include "model.h"

extern unsigned long shim_warn_count;
extern unsigned long shim_pr_err_count;
extern unsigned long shim_dump_stack_count;

#ifdef CONFIG_DEBUG_MAPLE_TREE
/* Defined by an implementation whose MT_BUG_ON() counts checks. */
atomic_t maple_tree_tests_run __attribute__((weak));
atomic_t maple_tree_tests_passed __attribute__((weak));
bool h_have_validate = true;
#else
bool h_have_validate;
#endif

static unsigned long h_passed, h_failed, h_xfailed;

static struct {
	char name[160];
	bool open;
	bool failed;
	bool allow_warn;
	const char *upstream_bug;
	unsigned long warns;
	unsigned long dumps;
	long nodes;
	struct timespec start;
} h_case;

static struct kmem_cache *h_node_cache;
static long h_last_nodes;	/* settled count at the end of the last case */

/* Everything the tree allocated through the kernel API counts as nodes. */
long h_nodes_outstanding(void)
{
	rcu_barrier();
	return shim_outstanding_all();
}

long h_nodes_settle(long expect)
{
	long n = shim_outstanding_all();

	return n == expect ? n : h_nodes_outstanding();
}

unsigned int h_node_size(void)
{
	if (!h_node_cache)
		h_node_cache = shim_cache_find("maple_node");
	return h_node_cache ? shim_cache_size(h_node_cache) : 0;
}

unsigned long long h_env_ull(const char *name, unsigned long long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

bool h_check(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	h_case.failed = true;
	fprintf(stderr, "  check failed at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

bool h_case_failed(void)
{
	return h_case.failed;
}

void h_allow_warnings(void)
{
	h_case.allow_warn = true;
}

void h_case_begin(const char *fmt, ...)
{
	va_list ap;

	if (h_case.open) {
		fprintf(stderr, "harness: case %s left open\n", h_case.name);
		h_case_end();
	}
	va_start(ap, fmt);
	vsnprintf(h_case.name, sizeof(h_case.name), fmt, ap);
	va_end(ap);
	h_case.open = true;
	h_case.failed = false;
	h_case.allow_warn = false;
	h_case.upstream_bug = NULL;
	h_case.warns = shim_warn_count;
	h_case.dumps = shim_dump_stack_count;
	h_case.nodes = h_nodes_settle(h_last_nodes);
	shim_alloc_fail_reset();
	clock_gettime(CLOCK_MONOTONIC, &h_case.start);
}

bool h_case_end(void)
{
	struct timespec now;
	long nodes = h_nodes_settle(h_case.nodes);
	double ms;

	h_last_nodes = nodes;

	shim_alloc_fail_reset();
	if (nodes != h_case.nodes)
		h_check(false, __FILE__, __LINE__,
			"maple nodes outstanding: %ld before, %ld after",
			h_case.nodes, nodes);
	if (!h_case.allow_warn && shim_warn_count != h_case.warns)
		h_check(false, __FILE__, __LINE__, "%lu WARN()s fired",
			shim_warn_count - h_case.warns);
	if (shim_dump_stack_count != h_case.dumps)
		h_check(false, __FILE__, __LINE__, "dump_stack() was called");

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - h_case.start.tv_sec) * 1e3 +
	     (now.tv_nsec - h_case.start.tv_nsec) / 1e6;
	if (h_case.failed && h_case.upstream_bug) {
		printf("xfail %s (%.0f ms): known upstream bug: %s\n",
		       h_case.name, ms, h_case.upstream_bug);
		h_xfailed++;
		h_case.failed = false;
		h_case.open = false;
		return true;
	}
	printf("%s %s (%.0f ms)\n", h_case.failed ? "FAIL" : "ok  ",
	       h_case.name, ms);
	fflush(stdout);
	if (h_case.failed)
		h_failed++;
	else
		h_passed++;
	h_case.open = false;
	return !h_case.failed;
}

void h_run_suite(const char *suite, const struct h_test *tests, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		h_case_begin("%s: %s", suite, tests[i].name);
		tests[i].fn();
		h_case_end();
	}
}

bool h_known_upstream_bug(const char *what)
{
#ifdef MAPLE_UPSTREAM
	h_case.upstream_bug = what;
	return true;
#else
	return false;
#endif
}

void h_destroy(struct maple_tree *mt)
{
#ifdef MAPLE_UPSTREAM
	/*
	 * Upstream v6.12's deferred free walk (mt_free_walk) crashes or frees
	 * wild pointers when some multi-level RCU-mode trees are destroyed
	 * (unit test "destroy a deep tree in RCU mode"); leave RCU mode
	 * first, as mm/ does before it destroys an address space.
	 */
	mt_clear_in_rcu(mt);
#endif
	mtree_destroy(mt);
}

bool h_validate(struct maple_tree *mt)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	unsigned long errs = shim_pr_err_count;
	unsigned long warns = shim_warn_count;
	unsigned long dumps = shim_dump_stack_count;
	int bad = atomic_read(&maple_tree_tests_run) -
		  atomic_read(&maple_tree_tests_passed);
	bool ok;

	mt_validate(mt);
	ok = errs == shim_pr_err_count && warns == shim_warn_count &&
	     dumps == shim_dump_stack_count &&
	     bad == atomic_read(&maple_tree_tests_run) -
		    atomic_read(&maple_tree_tests_passed);
	if (!ok) {
		h_check(false, __FILE__, __LINE__, "mt_validate() complained");
		shim_dump_stack_count = dumps;
		shim_warn_count = warns;
	}
	return ok;
#else
	return true;
#endif
}

static const struct {
	const char *name;
	void (*fn)(void);
} h_suites[] = {
	{ "unit", maple_unit_tests },
	{ "nomem", maple_nomem_tests },
	{ "rcu", maple_rcu_tests },
	{ "fuzz", maple_fuzz_tests },
};

int main(int argc, char **argv)
{
	size_t i;
	int a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rcu_register_thread();
	maple_tree_init();

	for (i = 0; i < ARRAY_SIZE(h_suites); i++) {
		bool run = argc < 2;

		for (a = 1; a < argc; a++)
			run |= !strcmp(argv[a], h_suites[i].name);
		if (run)
			h_suites[i].fn();
	}
	for (a = 1; a < argc; a++) {
		bool known = false;

		for (i = 0; i < ARRAY_SIZE(h_suites); i++)
			known |= !strcmp(argv[a], h_suites[i].name);
		if (!known) {
			fprintf(stderr, "unknown suite %s\n", argv[a]);
			h_failed++;
		}
	}
	if (!shim_alloc_attempts()) {
		printf("FAIL harness: the tree never allocated through kmem_cache/kmalloc, leaks are not counted\n");
		h_failed++;
	}

	rcu_barrier();
	rcu_unregister_thread();
	if (h_xfailed)
		printf("known upstream bugs hit (xfail, not counted): %lu\n",
		       h_xfailed);
	printf("summary: %lu passed, %lu failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}

bool h_check_model(struct maple_tree *mt, const struct model *m)
{
	MA_STATE(mas, mt, 0, 0);
	bool ok = true;
	size_t i = 0;
	void *entry;

	rcu_read_lock();
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (i >= m->nr) {
			ok = h_check(false, __FILE__, __LINE__,
				     "extra entry %p at [%lx, %lx]", entry,
				     mas.index, mas.last);
			break;
		}
		if (entry != m->r[i].entry || mas.index != m->r[i].first ||
		    mas.last != m->r[i].last) {
			ok = h_check(false, __FILE__, __LINE__,
				     "forward #%zu: tree %p [%lx, %lx], model %p [%lx, %lx]",
				     i, entry, mas.index, mas.last,
				     m->r[i].entry, m->r[i].first, m->r[i].last);
			break;
		}
		i++;
	}
	if (ok && i != m->nr)
		ok = h_check(false, __FILE__, __LINE__,
			     "forward iteration saw %zu of %zu ranges", i, m->nr);

	i = m->nr;
	mas_set(&mas, ULONG_MAX);
	while (ok && (entry = mas_find_rev(&mas, 0)) != NULL) {
		if (i == 0) {
			ok = h_check(false, __FILE__, __LINE__,
				     "extra entry %p at [%lx, %lx] backwards",
				     entry, mas.index, mas.last);
			break;
		}
		i--;
		if (entry != m->r[i].entry || mas.index != m->r[i].first ||
		    mas.last != m->r[i].last)
			ok = h_check(false, __FILE__, __LINE__,
				     "backward #%zu: tree %p [%lx, %lx], model %p [%lx, %lx]",
				     i, entry, mas.index, mas.last,
				     m->r[i].entry, m->r[i].first, m->r[i].last);
	}
	if (ok && i != 0)
		ok = h_check(false, __FILE__, __LINE__,
			     "backward iteration missed %zu ranges", i);
	rcu_read_unlock();

	for (i = 0; ok && i < m->nr; i++) {
		const struct model_range *r = &m->r[i];
		unsigned long probe[4] = { r->first, r->last, r->first - 1,
					   r->last + 1 };
		int p;

		for (p = 0; p < 4; p++) {
			void *want = model_load(m, probe[p]);
			void *got = mtree_load(mt, probe[p]);

			if (got != want) {
				ok = h_check(false, __FILE__, __LINE__,
					     "mtree_load(%lx) = %p, model %p",
					     probe[p], got, want);
				break;
			}
		}
	}
	if (ok && m->nr == 0)
		ok = CHECK(mtree_load(mt, 0) == NULL) &&
		     CHECK(mtree_load(mt, ULONG_MAX) == NULL);
	return h_validate(mt) && ok;
}

int h_fill_from_model(struct maple_tree *mt, const struct model *m)
{
	size_t i;
	int ret;

	for (i = 0; i < m->nr; i++) {
		ret = mtree_store_range(mt, m->r[i].first, m->r[i].last,
					m->r[i].entry, GFP_KERNEL);
		if (ret)
			return ret;
	}
	return 0;
}
