# SPDX-License-Identifier: GPL-2.0
#
# awk -v LIMIT=80 -f fnlen.awk FILE.c...
# Prints every function longer than LIMIT lines (default 80), counted from
# the first line of its definition to its closing brace, in the kernel's
# layout: the definition starts at column 0, its body's braces are alone
# on their lines at column 0.  Exits 1 if there is any.

BEGIN { if (!LIMIT) LIMIT = 80 }
FNR == 1 { head = 0; body = 0 }
/^[A-Za-z_]/ && !body { head = FNR; name = $0 }
/^\{$/ && head { body = 1 }
/^\}$/ && body {
	n = FNR - head + 1
	if (n > LIMIT) {
		sub(/\(.*/, "", name)
		printf "%s:%d: %s: %d lines, more than %d\n",
		       FILENAME, head, name, n, LIMIT
		bad = 1
	}
	body = 0
	head = 0
}
END { exit bad }
