# SPDX-License-Identifier: GPL-2.0
# Read after upstream's own tools/testing/radix-tree/Makefile (run.sh passes
# both with -f): prints the flags that Makefile builds its programs with.
print-repro-cflags:
	@echo $(CFLAGS)
print-repro-ldflags:
	@echo $(LDFLAGS)
print-repro-ldlibs:
	@echo $(LDLIBS)
print-repro-objs:
	@echo $(SHARED_OFILES) maple-shim.o
