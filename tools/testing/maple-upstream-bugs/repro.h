/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One reproducer of one bug of upstream's maple tree (see NOTES.md).
 *
 * Each reproducer is a single source built twice: against upstream's own
 * userspace harness (REPRO_UPSTREAM: upstream's tools/testing shims with
 * upstream's lib/maple_tree.c, compiled with that harness's own flags) and
 * against ours (tools/testing/maple's shims with our lib/maple_tree.c).
 * It uses only the maple tree's public API and the few harness controls
 * declared below, which repro.c implements for each harness.
 */
#ifndef REPRO_H
#define REPRO_H

#ifdef REPRO_UPSTREAM
#include "maple-shared.h"	/* upstream's harness: config and shims */
#endif
#include <linux/gfp.h>
#include <linux/maple_tree.h>
#include <linux/xarray.h>
#include <linux/rcupdate.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

/* What repro_run() returns. */
enum repro_result {
	REPRO_OK = 0,		/* the documented contract held */
	REPRO_BUG = 1,		/* the bug showed */
	REPRO_SETUP = 2,	/* the reproducer could not set the scene */
};

struct repro {
	const char *name;	/* as in enum h_upstream_bug (harness.h) */
	const char *what;	/* one line */
	unsigned int timeout;	/* seconds before the child is stopped */
	unsigned int cases;	/* repro_run() cases, each in its own child; 0: 1 */
};

/* Each reproducer defines both; repro_run() runs case @c. */
extern const struct repro repro;
int repro_run(unsigned int c);

/*
 * Let only the next @n node allocations that may not sleep (GFP_NOWAIT and
 * the like) succeed; every later one fails.  Sleeping (GFP_KERNEL)
 * allocations are not affected.
 */
void repro_nowait_budget(unsigned int n);
/* Back to the harness's default. */
void repro_nowait_reset(void);
/* Node allocation calls that failed so far. */
unsigned long repro_alloc_failures(void);

/*
 * The one-line summary of what went wrong, for the table: printed on
 * stderr as "repro: ..."; the runner keeps the last one.
 */
#define repro_note(fmt, ...)						\
	fprintf(stderr, "repro: " fmt "\n", ##__VA_ARGS__)

#define V(x)	xa_mk_value(x)

#endif /* REPRO_H */
