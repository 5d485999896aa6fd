qemu-system-x86_64 -smp 4 -icount shift=0,sleep=off
