// SPDX-License-Identifier: GPL-2.0
/*
 * UB_NOMEM_RETRY: a store that may not sleep (GFP_NOWAIT) must either
 * succeed or fail with -ENOMEM when its node allocations fail.  Upstream's
 * mas_nomem() asks for another try whenever the state holds at least one
 * node, so once one allocation succeeded and the rest keep failing, the
 * store never returns.  After a few seconds an alarm stops it and tells how
 * many allocations failed meanwhile.
 */
#include "repro.h"

#include <signal.h>
#include <unistd.h>

const struct repro repro = {
	.name = "UB_NOMEM_RETRY",
	.what = "GFP_NOWAIT spanning store; only its first node allocation succeeds",
	.timeout = 10,
};

#define PATIENCE	3	/* seconds */

static unsigned long failures_before;

/* Still inside the store after PATIENCE seconds: say how far it got. */
static void give_up(int sig)
{
	char line[160];
	int n;

	n = snprintf(line, sizeof(line),
		     "repro: no return in %d s, %lu failed node allocations retried\n",
		     PATIENCE, repro_alloc_failures() - failures_before);
	if (write(STDERR_FILENO, line, n) != n)
		_exit(REPRO_SETUP);
	_exit(REPRO_BUG);
}

int repro_run(unsigned int c)
{
	struct maple_tree mt;
	unsigned long i;
	bool bug = false;
	int ret;

	mt_init(&mt);
	/* 300 ranges [10i, 10i + 5]: a tree of several levels. */
	for (i = 0; i < 300; i++)
		if (mtree_store_range(&mt, i * 10, i * 10 + 5, V(i), GFP_KERNEL))
			return REPRO_SETUP;
	printf("tree of 300 ranges, height %u\n", mt_height(&mt));
	printf("GFP_NOWAIT store over [200, 2000], one node allocation allowed...\n");
	fflush(stdout);
	failures_before = repro_alloc_failures();
	signal(SIGALRM, give_up);
	alarm(PATIENCE);
	repro_nowait_budget(1);
	ret = mtree_store_range(&mt, 200, 2000, V(1000), GFP_NOWAIT);
	alarm(0);
	repro_nowait_reset();
	printf("returned %d (want %d, or 0)\n", ret, -ENOMEM);
	if (ret == -ENOMEM) {
		/* Nothing was stored. */
		bug |= mtree_load(&mt, 200) != V(20);
		bug |= mtree_load(&mt, 2000) != V(200);
	} else if (ret == 0) {
		bug |= mtree_load(&mt, 1000) != V(1000);
	} else {
		bug = true;
	}
	if (bug)
		repro_note("returned %d, tree changed wrongly", ret);
	printf("load(200) = %p, load(2000) = %p\n", mtree_load(&mt, 200),
	       mtree_load(&mt, 2000));
	mtree_destroy(&mt);
	return bug ? REPRO_BUG : REPRO_OK;
}
