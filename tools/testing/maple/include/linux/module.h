/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: module metadata and parameters mean nothing here. */
#ifndef _SHIM_LINUX_MODULE_H
#define _SHIM_LINUX_MODULE_H

#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
#define MODULE_AUTHOR(s)
#define MODULE_PARM_DESC(name, s)
#define module_param(name, type, perm)

#endif /* _SHIM_LINUX_MODULE_H */
