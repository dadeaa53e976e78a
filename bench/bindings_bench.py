#!/usr/bin/env python3
"""Python side of the bindings benchmark (bench/bindings_bench.c runs it):
score the rows the C twin wrote, through the ctypes binding with numpy
arrays (no copy), time the call the same way (CPU time, best of the same
number of repetitions) and print the ratio to the C call. Prints only."""

import argparse
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--c-seconds", type=float, required=True)
    ap.add_argument("--c-checksum", type=float, required=True)
    ap.add_argument("--package", required=True, help="bindings/python of the tree")
    args = ap.parse_args()
    sys.path.insert(0, args.package)
    import numpy as np
    import kol

    names = ["followers", "avg_views", "avg_likes", "avg_comments", "avg_shares",
             "posts_30d", "follower_growth_30d", "price"]
    n = args.rows
    block = np.fromfile(args.data, dtype=np.float64)
    if block.size != n * len(names):
        print("bindings_bench.py: %s holds %d values, expected %d"
              % (args.data, block.size, n * len(names)), file=sys.stderr)
        return 1
    # Column k is a view of the block: C-contiguous, float64, no copy.
    columns = {name: block[k * n:(k + 1) * n] for k, name in enumerate(names)}
    out = np.empty((n, 6), dtype=np.float64)
    best = float("inf")
    with kol.Context() as ctx:
        model = kol.ValueModel(ctx, "balanced")
        for _ in range(args.reps):
            t0 = time.process_time()
            model.score_columns(columns, out=out)
            best = min(best, time.process_time() - t0)
    checksum = float(out[:, 0].sum())
    same = abs(checksum - args.c_checksum) <= 1e-9 * max(1.0, abs(args.c_checksum))
    print("  Python  ValueModel.score_columns  %8.3f s  %12.0f records/s  (sum of totals %.6e%s)"
          % (best, n / best, checksum, "" if same else ", DIFFERS from C"))
    print("  Python / C = %.3f  (target: at most 1.2)" % (best / args.c_seconds))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
