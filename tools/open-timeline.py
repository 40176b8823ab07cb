#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: GPL-2.0-or-later
"""Per-thread timeline of an open, from OKB_OPEN_TRACE=1 output (one file per run).

    for i in 1 2 3 4 5; do
        OKB_OPEN_TRACE=1 OKB_BENCH_EXIT=1 okb-bench --single FILE --generator ours 2> run$i.txt
    done
    tools/open-timeline.py run*.txt

Prints each phase's median start and end (ms since the open began), wall and thread CPU time
(ms) and minor faults over the runs; threads are numbered in the order they first report (T0:
the thread that opened the document, usually the caller), so runs line up."""
import collections
import statistics
import sys

phases = collections.defaultdict(list)
thread_of = {}
opens = []
for name in sys.argv[1:]:
    tids = {}
    for line in open(name, encoding='utf-8', errors='replace'):
        p = line.split()
        if line.startswith('{') and '"open_ms"' in line:
            import json
            d = json.loads(line)
            opens.append((d.get('open_ms', 0), d.get('open_cpu_ms', 0)))
        if len(p) != 8 or p[0] != 'okb-trace':
            continue
        tids.setdefault(p[1], 'T%d' % len(tids))
        thread_of[p[2]] = tids[p[1]]
        phases[p[2]].append([float(x) for x in p[3:7]] + [int(p[7])])
if opens:
    print('open: wall %.2f ms, CPU %.2f ms (medians of %d)' % (statistics.median(o[0] for o in opens), statistics.median(o[1] for o in opens), len(opens)))
rows = []
for phase, runs in phases.items():
    med = [statistics.median(r[k] for r in runs) for k in range(5)]
    rows.append((med[0], med[1], thread_of[phase], phase, med, len(runs)))
print('%-4s %-30s %8s %8s %8s %8s %7s %5s' % ('', 'phase', 'start', 'end', 'wall', 'cpu', 'faults', 'runs'))
for start, end, thread, phase, med, n in sorted(rows):
    print('%-4s %-30s %8.2f %8.2f %8.2f %8.2f %7d %5d' % (thread, phase, med[0], med[1], med[2], med[3], med[4], n))
