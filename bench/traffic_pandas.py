"""Baseline for bench/traffic_bench.c: what a user would otherwise write,
a pandas rolling-median burst detector over one series of per-minute
counts (median and MAD over a 15-point window, z-score, flag). Prints
points per second. Run by traffic_bench through Debian's /usr/bin/python3
(python3-pandas)."""
import sys
import time

import numpy as np

try:
    import pandas as pd
except ImportError:
    print("pandas baseline: pandas is not installed "
          "(apt-get install python3-pandas)")
    sys.exit(0)

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
rng = np.random.default_rng(11)
values = rng.poisson(20.0, n).astype(float)
s = pd.Series(values)

# CPU time of this process (time.process_time) gives the rate per core,
# which other processes on a shared machine do not inflate; wall clock too.
c0, t0 = time.process_time(), time.perf_counter()
med = s.rolling(15, min_periods=1).median()
mad = (s - med).abs().rolling(15, min_periods=1).median()
z = (s - med) / (1.4826 * mad + 1.0)
flags = int((z > 4.0).sum())
c1, t1 = time.process_time(), time.perf_counter()
print("pandas rolling median (15) + MAD, one channel: %d points: %.3f s CPU, "
      "%.2f million points/s per core (wall clock %.2f million points/s), "
      "%d flagged" % (n, c1 - c0, n / (c1 - c0) / 1e6, n / (t1 - t0) / 1e6,
                      flags))

c0, t0 = time.process_time(), time.perf_counter()
med = s.rolling(15, min_periods=1).median()
c1, t1 = time.process_time(), time.perf_counter()
print("pandas rolling median (15) alone: %.2f million points/s per core "
      "(wall clock %.2f million points/s)"
      % (n / (c1 - c0) / 1e6, n / (t1 - t0) / 1e6))
