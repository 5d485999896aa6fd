// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the boot that loads upstream's test_maple_tree.ko (kmod-boot.sh):
 * load the module once, print how the load ended and how long it took, and
 * end the guest.  The module's verdict is its own "maple_tree: N of M tests
 * passed" line in the kernel log, which kmod-boot.sh reads from the console.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec t0, t1;
	int fd, rc, err = 0;

	fd = open("/lib/modules/test_maple_tree.ko", O_RDONLY);
	if (fd < 0) {
		printf("KMOD-RESULT open failed: %s\n", strerror(errno));
	} else {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = syscall(SYS_finit_module, fd, "", 0);
		if (rc)
			err = errno;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("KMOD-RESULT rc=%d errno=%d (%s) seconds=%.1f\n", rc, err,
		       err ? strerror(err) : "none",
		       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
