#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare rb/mt speed across make bench runs: bench-compare.py LABEL=RESULT_DIR ...
Prints a markdown table, one column per run: rb/mt (rb usec / mt usec), medians.
RESULTS.md stop 22 tables were made with it."""
import csv, statistics, sys
runs=[a.split('=') for a in sys.argv[1:]]
data={}
for label,d in runs:
    for r in csv.DictReader(open(d+'/results.tsv'),delimiter='\t'):
        if r['kind']!='vmalloc' or r['outcome']!='pass': continue
        data.setdefault((label,r['arch'],r['threads'],r['test'],r['variant']),[]).append(int(r['usec']))
keys=sorted({(k[1],k[2],k[3]) for k in data})
labels=[l for l,_ in runs]
print('| arch | threads | subtest | '+' | '.join(labels)+' |')
print('| --- | --- | --- | '+' | '.join(['---:']*len(labels))+' |')
for a,t,s in keys:
    cells=[]
    for l in labels:
        rb=data.get((l,a,t,s,'rb')); mt=data.get((l,a,t,s,'mt'))
        if rb and mt:
            R=statistics.median(rb); M=statistics.median(mt)
            cells.append(f"{R/M:.2f} ({R:.0f} / {M:.0f})")
        else: cells.append('')
    if any(cells): print(f"| {a} | {t} | {s} | "+' | '.join(cells)+' |')
