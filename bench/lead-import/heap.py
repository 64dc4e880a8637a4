"""Max heap used after and before GC (MB) within each import's time window, from `jfr print --json`."""
import json
import sys
from datetime import datetime

events = json.load(open(sys.argv[1]))["recording"]["events"]
samples = []
for e in events:
    v = e["values"]
    t = datetime.fromisoformat(v["startTime"].replace("Z", "+00:00")).timestamp() * 1000
    samples.append((t, v["when"], v["heapUsed"]))
for window in sys.argv[2:]:
    n, start, end = window.split(":")
    start, end = float(start), float(end)
    inside = [s for s in samples if start <= s[0] <= end]
    after = max((s[2] for s in inside if s[1] == "After GC"), default=0)
    before = max((s[2] for s in inside if s[1] == "Before GC"), default=0)
    print(n, round(after / 1048576), round(before / 1048576))
