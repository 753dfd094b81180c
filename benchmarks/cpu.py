#!/usr/bin/env python3
"""CPU seconds (user + system) used so far by each process given and all its descendants, live ones and waited-for
ones alike. Usage: cpu.py NAME=PID [NAME=PID ...]  prints NAME=SECONDS ... on one line."""
import os, sys

tick = os.sysconf('SC_CLK_TCK')
stats = {}
for entry in os.listdir('/proc'):
    if entry.isdigit():
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            # after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based from state
            stats[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
        except (OSError, IndexError, ValueError):
            pass
children = {}
for pid, (ppid, _) in stats.items():
    children.setdefault(ppid, []).append(pid)

def total(pid):
    return stats.get(pid, (0, 0))[1] + sum(total(child) for child in children.get(pid, []))

print(' '.join(f'{name}={total(int(pid)) / tick:.1f}' for name, pid in (arg.split('=') for arg in sys.argv[1:])))
