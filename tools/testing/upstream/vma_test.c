// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Upstream's tools/testing/vma/vma.c, read from the base tree at build time,
 * with the test-side stubs its v6.12.y headers lack.  Nothing of vma.c is
 * changed: this file only defines what it needs and then includes it.
 */
#include "maple-shared.h"
#include "vma_internal.h"

#ifdef UPSTREAM_TESTS_VMA_CLOSE
/*
 * v6.12.y's mm/vma.c calls vma_close() (mm/internal.h), which the test's
 * vma_internal.h does not stub.  Same contract as the kernel's: run the
 * close hook once, then leave the VMA with the dummy operations.
 */
static inline void vma_close(struct vm_area_struct *vma)
{
	if (!vma->vm_ops || !vma->vm_ops->close)
		return;
	vma->vm_ops->close(vma);
	vma->vm_ops = &vma_dummy_vm_ops;
}
#endif

#include "vma.c"
