#!/usr/bin/env python3
"""Monitor a traffic series: a post's minute-by-minute views and likes with
bought views injected; find the false traffic and restore the organic
figures.

    KOL_LIBRARY=build/lib/libkol.so python3 monitor_traffic.py
"""

import math
import random
import sys

import _path  # noqa: F401  (the package of this source tree)
import kol


def make_series(minutes=360, seed=7):
    """Organic traffic that rises and decays, plus a bought burst of views
    at minute 120 and a drip of bought likes from minute 200 to 260."""
    rng = random.Random(seed)

    def poisson(lam):
        # Knuth's method: organic counts are Poisson-like.
        limit, k, p = math.exp(-lam), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    ts, rows = [], []
    for m in range(minutes):
        rate = 400.0 * math.exp(-m / 180.0) + 40.0
        views = poisson(rate)
        likes = poisson(rate * 0.08)
        if m == 120:
            views += 6000
        if 200 <= m < 260:
            likes = 60.0  # exactly regular: a bot
        ts.append(1700000000 + 60 * m)
        rows.append([float(views), float(likes)])
    return ts, rows


def main():
    ts, rows = make_series()
    with kol.Context() as ctx:
        monitor = kol.Traffic(ctx, ["views", "likes"], step=60)
        flagged = []

        def on_result(slot):
            if slot.reasons and not slot.reasons & 32:
                flagged.append(slot)
        # Feed in chunks of 50 minutes, as a host would as data arrives.
        for i in range(0, len(ts), 50):
            monitor.feed(ts[i:i + 50], rows[i:i + 50], on_result)
        monitor.finish(on_result)

        slots, n_flagged, skipped = monitor.counts()
        print("%d slots, %d flagged, %d samples skipped" % (slots, n_flagged, skipped))
        for iv in monitor.intervals():
            print("  flagged %d..%d (minute %d-%d): %s, peak score %.2f, inflated %s" % (
                iv.start, iv.end, (iv.start - ts[0]) // 60, (iv.end - ts[0]) // 60,
                "+".join(kol.traffic.reason_names(iv.reasons)), iv.peak,
                ", ".join("%.0f" % x for x in iv.inflated)))
        for name in ("views", "likes"):
            t = monitor.totals(name)
            print("%-6s observed %9.0f  restored %9.0f  [%.0f, %.0f]  false %.1f%%" % (
                name, t.observed, t.restored, t.low, t.high,
                100.0 * (t.observed - t.restored) / t.observed if t.observed else 0.0))
        assert any(120 == (s.timestamp - ts[0]) // 60 for s in flagged), "burst not found"
    return 0


if __name__ == "__main__":
    sys.exit(main())
