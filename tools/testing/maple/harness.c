// SPDX-License-Identifier: GPL-2.0
/*
 * Test runner of the maple tree harness.
 *
 * It prints KTAP, as the kernel's KUnit suites do, so that the kernel's
 * tools/testing/kunit/kunit.py parse reads the harness's results the way
 * it reads a boot's: a subtest per suite (maple_tree, the kernel's KUnit
 * suite run by kunit.c, then maple_nomem, maple_rcu, maple_fuzz), a
 * result line per case.  After each case the
 * RCU callbacks are flushed and the maple node count must be back to
 * where it started, and no WARN() may have fired unless the case allowed
 * it.  What a failed check says goes to stderr, the case's time and the
 * known upstream bugs it hit to "# " diagnostic lines.
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

static unsigned long h_passed, h_failed, h_xfailed, h_skipped;

/* The KTAP subtest being printed: the suite running and its cases so far. */
static struct {
	const char *suite;
	unsigned long cases;
	bool failed;
} h_ktap;

static void h_ktap_suite_begin(const char *suite)
{
	printf("    KTAP version 1\n    # Subtest: maple_%s\n", suite);
	h_ktap.suite = suite;
	h_ktap.cases = 0;
	h_ktap.failed = false;
}

/*
 * The suite's result line, numbered @nr in the top-level plan.  A suite
 * does not know its number of cases before it runs (the fuzz and nomem
 * suites make theirs as they go), so its subtest has no plan: kunit.py
 * reads its cases up to this line, which names it.
 */
static void h_ktap_suite_end(size_t nr)
{
	printf("%s %zu maple_%s\n", h_ktap.failed ? "not ok" : "ok", nr,
	       h_ktap.suite);
	h_ktap.suite = NULL;
}

/*
 * A case's result line.  Its name without the "<suite>: " that every
 * case name starts with; a case that hit only known upstream bugs (the
 * harness run against upstream's tree) is a skip, counted neither way.
 */
static void h_ktap_case(const char *name, bool failed, bool xfail,
			const char *skip, double ms)
{
	size_t len = h_ktap.suite ? strlen(h_ktap.suite) : 0;

	if (len && !strncmp(name, h_ktap.suite, len) && !strncmp(name + len, ": ", 2))
		name += len + 2;
	printf("    # %s: %.0f ms\n", name, ms);
	if (!failed && skip)
		printf("    ok %lu %s # SKIP %s\n", ++h_ktap.cases, name, skip);
	else
		printf("    %s %lu %s%s\n", failed ? "not ok" : "ok",
		       ++h_ktap.cases, name,
		       !failed && xfail ? " # SKIP known upstream bug" : "");
	h_ktap.failed |= failed;
}

static const char * const h_ub_what[UB_NR] = {
	[UB_RCU_FREE_WALK] = "RCU-mode free of a maple_range_64 subtree (mt_destroy_walk/mt_free_walk) clobbers or misreads slot 15",
	[UB_INSERT_ALL] = "mtree_insert_range(0, ULONG_MAX) into a tree whose root is a leaf overwrites it and returns 0",
	[UB_EMPTY_AREA_REV_MAX] = "reverse gap search with max ULONG_MAX misses a fitting gap in a slot starting at 0",
	[UB_ROOT_PREV_MIN] = "mas_find_rev()/mas_prev() on a tree holding only index 0 return it below min",
	[UB_NOMEM_RETRY] = "mas_nomem() keeps retrying failed allocations while the state holds any node",
	[UB_ROOT_STORE_AGAIN] = "after mas_store() over the root-pointer entry at index 0, mas_find()/mas_find_rev() return it again",
	[UB_LOST_LEAF] = "a lockless iterator whose leaf died while the tree lost all its nodes dereferences NULL (case skipped)",
	[UB_BULK_RCU] = "in RCU mode mas_expected_entries() reserves too few nodes and the store that runs out dereferences NULL (RCU trees skipped)",
	[UB_STORE_RETURN] = "mas_store() returns something other than the entry that was at the index (NULL or a node pointer; seen for NULL stores through a walked state and spanning stores after mas_nomem())",
	[UB_PREALLOC_STALE] = "mas_store_prealloc() of a store mas_preallocate() did not prepare follows the stale store type: NULL ranges are left unmerged (for another range, or after a write through another state, it walks a reset state or a replaced node: those parts skipped)",
};
static unsigned long h_ub_cases[UB_NR];	/* cases that hit each bug */

static struct {
	char name[160];
	bool open;
	bool failed;
	bool allow_warn;
	bool skipped;
	char skip[128];
	unsigned long ub_hits[UB_NR];
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

void h_case_skip(const char *reason)
{
	h_case.skipped = true;
	snprintf(h_case.skip, sizeof(h_case.skip), "%s", reason);
}

static int h_bug_on_failures(void)
{
#ifdef CONFIG_DEBUG_MAPLE_TREE
	return atomic_read(&maple_tree_tests_run) -
	       atomic_read(&maple_tree_tests_passed);
#else
	return 0;
#endif
}

unsigned long shim_report_count(void)
{
	return shim_warn_count + shim_pr_err_count + shim_dump_stack_count +
	       h_bug_on_failures();
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
	h_case.skipped = false;
	memset(h_case.ub_hits, 0, sizeof(h_case.ub_hits));
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
	bool xfail = false;
	int b;

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
	for (b = 0; b < UB_NR; b++)
		xfail |= h_case.ub_hits[b] != 0;
	for (b = 0; b < UB_NR; b++) {
		if (!h_case.ub_hits[b])
			continue;
		printf("    # known upstream bug hit %lu times: %s\n",
		       h_case.ub_hits[b], h_ub_what[b]);
		h_ub_cases[b]++;
	}
	h_ktap_case(h_case.name, h_case.failed, xfail,
		    h_case.skipped ? h_case.skip : NULL, ms);
	fflush(stdout);
	if (h_case.failed)
		h_failed++;
	else if (h_case.skipped)
		h_skipped++;
	else if (xfail)
		h_xfailed++;
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

bool h_upstream_bug(enum h_upstream_bug bug)
{
#ifdef MAPLE_UPSTREAM
	if (!h_case.open) {
		fprintf(stderr, "harness: upstream bug %d outside a case\n", bug);
		h_failed++;
		return false;
	}
	h_case.ub_hits[bug]++;
	return true;
#else
	return false;
#endif
}

#ifdef MAPLE_UPSTREAM
/*
 * UB_RCU_FREE_WALK, read off the node layout of upstream's public header.
 * In RCU mode, mtree_destroy() runs mt_destroy_walk(.., free = false), which
 * turns the child slots of every inner node into bare node pointers and then
 * clears the metadata of the top node, and defers mt_free_walk(), which
 * frees the children of each node and then descends into the next slot of
 * its parent if that slot is non-zero.  In a maple_range_64 node of fewer
 * than 16 children the node metadata shares slot 15, so:
 *  - a top node with 16 children has the low two bytes of its last child
 *    pointer cleared (a wild or double free, and a leak);
 *  - any inner node of 15 children whose children are inner nodes too has
 *    slot 15 = its metadata (non-zero), taken for a 16th child.
 * Alloc-range trees use maple_arange_64 inner nodes, whose metadata has its
 * own field, and are not affected.
 */
static struct maple_node *h_ub_node(const void *entry)
{
	return (struct maple_node *)((unsigned long)entry & ~MAPLE_NODE_MASK);
}

static unsigned int h_ub_type(const void *entry)
{
	return ((unsigned long)entry >> MAPLE_NODE_TYPE_SHIFT) &
	       MAPLE_NODE_TYPE_MASK;
}

/* Is slot entry @e a child node pointer (as mte_dead_leaves() counts)? */
static bool h_ub_is_child(const void *e)
{
	return h_ub_node(e) && h_ub_type(e);
}

static bool h_ub_free_walk_trips(const void *enode, bool top)
{
	struct maple_node *node = h_ub_node(enode);
	void **slots = (void **)node->mr64.slot;
	unsigned int n = 0, i;

	if (h_ub_type(enode) != maple_range_64)
		return false;	/* leaves, and arange_64 with its own meta */
	while (n < MAPLE_RANGE64_SLOTS && h_ub_is_child(slots[n]))
		n++;
	if (top && n == MAPLE_RANGE64_SLOTS)
		return true;
	if (!n || h_ub_type(slots[0]) != maple_range_64)
		return false;	/* children are leaves: never looked past */
	if (n < MAPLE_RANGE64_SLOTS) {
		unsigned long next = (unsigned long)slots[n];

		if (top && n == MAPLE_RANGE64_SLOTS - 1)
			next &= ~0xffffUL;	/* the metadata gets cleared */
		if (next)
			return true;
	}
	for (i = 0; i < n; i++)
		if (h_ub_free_walk_trips(slots[i], false))
			return true;
	return false;
}
#endif

void h_destroy(struct maple_tree *mt)
{
#ifdef MAPLE_UPSTREAM
	void *root = mt->ma_root;

	if (mt_in_rcu(mt) && xa_is_node(root) &&
	    h_ub_free_walk_trips(root, true) &&
	    h_upstream_bug(UB_RCU_FREE_WALK))
		mt_clear_in_rcu(mt);
#endif
	mtree_destroy(mt);
}

/*
 * The shared suite's validity check and model comparison (in
 * lib/maple_tree_kunit.c), for the harness's own tests: the caller holds
 * the tree's lock, or not (an external lock is always the caller's).
 */
static bool h_lock_held(struct maple_tree *mt)
{
	return mt_external_lock(mt) || lockdep_is_held(&mt->ma_lock);
}

bool h_validate(struct maple_tree *mt)
{
	return tree_valid(NULL, mt, NULL, h_lock_held(mt));
}

bool h_check_model(struct maple_tree *mt, const struct model *m)
{
	return model_matches(NULL, mt, m, h_lock_held(mt));
}

static const struct {
	const char *name;
	void (*fn)(void);
} h_suites[] = {
	{ "tree", kunit_run_suites },	/* lib/maple_tree_kunit.c */
	{ "nomem", maple_nomem_tests },
	{ "rcu", maple_rcu_tests },
	{ "fuzz", maple_fuzz_tests },
};

/* With no arguments every suite runs, else those named. */
static bool h_suite_wanted(size_t i, int argc, char **argv)
{
	int a;

	for (a = 1; a < argc; a++)
		if (!strcmp(argv[a], h_suites[i].name))
			return true;
	return argc < 2;
}

int main(int argc, char **argv)
{
	size_t i, nr = 0;
	int a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rcu_register_thread();
	maple_tree_init();

	printf("KTAP version 1\n");
	for (i = 0; i < ARRAY_SIZE(h_suites); i++)
		nr += h_suite_wanted(i, argc, argv);
	printf("1..%zu\n", nr);
	for (i = 0, nr = 0; i < ARRAY_SIZE(h_suites); i++) {
		if (!h_suite_wanted(i, argc, argv))
			continue;
		h_ktap_suite_begin(h_suites[i].name);
		h_suites[i].fn();
		h_ktap_suite_end(++nr);
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
		printf("# FAIL harness: the tree never allocated through kmem_cache/kmalloc, leaks are not counted\n");
		h_failed++;
	}

	rcu_barrier();
	rcu_unregister_thread();
	if (h_xfailed) {
		printf("# xfail (known upstream bugs only, not counted): %lu cases\n",
		       h_xfailed);
		for (i = 0; i < UB_NR; i++)
			if (h_ub_cases[i])
				printf("#   %lu cases: %s\n", h_ub_cases[i],
				       h_ub_what[i]);
	}
	if (h_skipped)
		printf("# skipped: %lu cases\n", h_skipped);
	printf("# summary: %lu passed, %lu failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
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
