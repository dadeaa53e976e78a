#!/usr/bin/python3
"""numpy baseline for bench/roi_bench.c (issue 5).

Reads the rows the C program wrote (kol, cell, cost, exposure, engagements,
clicks, orders, revenue as float64), times the group-by-KOL sums and ratios
with np.bincount, and the exact per-cell CPM quantiles with np.quantile
(method "linear", numpy's default and the library's definition: between
the order statistics of ranks floor(q (n - 1)) and the next, interpolated);
then prints the largest relative error of the sketch's quantiles (written
by the C program) against them.
"""
import sys
import time

import numpy as np


def main():
    data, qfile, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rows = np.fromfile(data, dtype=np.float64).reshape(n, 8)
    kol = rows[:, 0].astype(np.int64)
    cell = rows[:, 1].astype(np.int64)
    cost, expo, eng, clicks, orders, rev = (rows[:, j] for j in range(2, 8))

    t0 = time.process_time()
    s = {name: np.bincount(kol, weights=col, minlength=10000)
         for name, col in (("cost", cost), ("expo", expo), ("eng", eng),
                           ("clicks", clicks), ("orders", orders),
                           ("rev", rev))}
    with np.errstate(divide="ignore", invalid="ignore"):
        cpm = np.where(s["expo"] > 0, 1000 * s["cost"] / s["expo"], 0)
        cpe = np.where(s["eng"] > 0, s["cost"] / s["eng"], 0)
        ctr = np.where(s["expo"] > 0, s["clicks"] / s["expo"], 0)
        roi = np.where(s["cost"] > 0, (s["rev"] - s["cost"]) / s["cost"], 0)
    t_group = time.process_time() - t0
    del cpm, cpe, ctr, roi

    t0 = time.process_time()
    qs = [0.1, 0.25, 0.5, 0.75, 0.9]
    exact = np.zeros((36, 5))
    cpm_rows = 1000 * cost / expo
    for k in range(36):
        exact[k] = np.quantile(cpm_rows[cell == k], qs, method="linear")
    t_quant = time.process_time() - t0
    sketch = np.fromfile(qfile, dtype=np.float64).reshape(36, 5)
    err = np.max(np.abs(sketch - exact) / exact)
    print("  numpy group-by KOL (bincount)      %8.3f s  %10.0f deliveries/s"
          % (t_group, n / t_group))
    print("  numpy exact CPM quantiles by cell  %8.3f s  %10.0f deliveries/s"
          "  (keeps every value)" % (t_quant, n / t_quant))
    print("  sketch CPM quantiles vs exact: max relative error %.5f "
          "(guarantee 0.01)" % err)


if __name__ == "__main__":
    main()
