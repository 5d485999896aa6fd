# SPDX-License-Identifier: GPL-2.0
# median(key): the median of val[key, 1..cnt[key]], "" if there are none.
# Shared by bench.sh and vmap_bench.sh (awk -f median.awk -f ...).
function median(key,   n, i, j, t, v) {
	n = cnt[key]
	if (!n)
		return ""
	for (i = 1; i <= n; i++)
		v[i] = val[key, i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
