/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: pr_*() go to stderr.  Errors are counted so that a debug
 * check (mt_validate) that only prints its complaint is still noticed.
 */
#ifndef _SHIM_LINUX_PRINTK_H
#define _SHIM_LINUX_PRINTK_H

#include <stdio.h>

extern unsigned long shim_pr_err_count;

#define KERN_ERR		""
#define KERN_WARNING		""
#define KERN_INFO		""
#define KERN_DEBUG		""
#define KERN_CONT		""

#define printk(...)		fprintf(stderr, __VA_ARGS__)
#define pr_err(...)		(shim_pr_err_count++, fprintf(stderr, __VA_ARGS__))
#define pr_warn(...)		fprintf(stderr, __VA_ARGS__)
#define pr_notice(...)		fprintf(stderr, __VA_ARGS__)
#define pr_info(...)		fprintf(stderr, __VA_ARGS__)
#define pr_cont(...)		fprintf(stderr, __VA_ARGS__)
#define pr_debug(...)		do { } while (0)
#define pr_devel(...)		do { } while (0)

#endif /* _SHIM_LINUX_PRINTK_H */
