#!/usr/bin/env python3
"""Evaluate a campaign's ROI: deliveries of a launch across tiers and
platforms, metrics reported and net of false traffic, key accounts, cost
outliers, incrementality against a baseline, and whether a new quote is
fair against the cost history.

    KOL_LIBRARY=build/lib/libkol.so python3 campaign_roi.py
"""

import sys

import _path  # noqa: F401
import kol

DELIVERIES = [
    # kol, tier, platform, cost, views, likes, comments, clicks, orders, revenue, restored views
    ("head-a", "head", "douyin", 120000, 5200000, 210000, 9000, 52000, 2600, 390000, 4100000),
    ("head-b", "head", "xiaohongshu", 90000, 1800000, 95000, 5200, 21000, 1500, 210000, None),
    ("waist-a", "waist", "douyin", 15000, 600000, 31000, 1800, 9000, 610, 61000, None),
    ("waist-b", "waist", "douyin", 14000, 250000, 9000, 300, 2100, 90, 8100, 140000),
    ("waist-c", "waist", "xiaohongshu", 12000, 420000, 27000, 2600, 7400, 520, 52000, None),
    ("tail-a", "tail", "xiaohongshu", 2000, 90000, 6100, 700, 1900, 150, 13500, None),
    ("tail-b", "tail", "douyin", 2500, 110000, 5200, 410, 1500, 95, 8500, None),
    ("koc-a", "koc", "xiaohongshu", 300, 15000, 1900, 260, 600, 55, 4400, None),
    ("koc-b", "koc", "xiaohongshu", 300, 12000, 1500, 190, 420, 31, 2500, None),
]


def deliveries():
    for i, (kid, tier, platform, cost, views, likes, comments, clicks, orders, revenue,
            restored) in enumerate(DELIVERIES):
        d = {"campaign": "spring-launch", "kol_id": kid, "tier": tier, "platform": platform,
             "post_id": "post-%d" % i, "cost": cost, "views": views, "likes": likes,
             "comments": comments, "clicks": clicks, "orders": orders, "revenue": revenue}
        if restored is not None:
            d["restored_views"] = restored
        yield d


def fmt(v, pattern="%.3f"):
    return "-" if v is None else pattern % v


def main():
    with kol.Context() as ctx:
        roi = kol.Roi(ctx)
        roi.set_param("bootstrap", 2000)
        print("%d deliveries" % roi.fill(deliveries()))

        total = roi.report("all")
        for basis in ("reported", "net"):
            r = total.row(0, basis)
            print("%-8s cost %.0f revenue %.0f ROI %s ROAS %s CPM %s CPE %s CTR %s" % (
                basis, r["cost"], r["revenue"], fmt(r["roi"]), fmt(r["roas"]),
                fmt(r["cpm"], "%.2f"), fmt(r["cpe"], "%.2f"), fmt(r["ctr"], "%.4f")))
        lo, hi = total.interval(0, "roi")
        print("ROI 95%% interval (bootstrap): [%.3f, %.3f]" % (lo, hi))

        by_tier = roi.report("tier")
        print("\nby tier:")
        for i, key in enumerate(by_tier.keys()):
            print("  %-6s ROI %7s  CPM %8s  CVR %s" % (
                key, fmt(by_tier.get(i, "roi", default=None)),
                fmt(by_tier.get(i, "cpm", default=None), "%.2f"),
                fmt(by_tier.get(i, "cvr", default=None), "%.4f")))

        by_kol = roi.report("kol")
        order, share, key_count = by_kol.rank("revenue")
        print("\nkey accounts (%d make %.0f%% of revenue):" % (
            key_count, 100 * roi.get_param("key_share")))
        for k in range(key_count):
            print("  %-8s %.1f%%" % (by_kol.key(int(order[k])), 100 * share[k]))
        score, flag, n_out = by_kol.outliers("cpm", "net")
        for i in range(len(by_kol)):
            if flag[i]:
                print("  cost outlier: %s (%s, robust z %.2f)" % (
                    by_kol.key(i), "expensive" if flag[i] > 0 else "cheap", score[i]))

        inc = roi.incrementality([40000, 42000, 39000, 41000, 40500, 39500, 40800],
                                 [95000, 120000, 88000], cost=sum(d[3] for d in DELIVERIES))
        print("\nincremental revenue %.0f [%.0f, %.0f], incremental ROI %.3f" % (
            inc.incremental, inc.low, inc.high, inc.roi))

        history = kol.CostHistory(ctx)
        roi.feed_cost(history)
        q = history.quote("douyin", "waist", None, 20000, exposure=400000)
        print("quote 20000 for 400k views on a douyin waist KOL: percentile %.2f, "
              "fair %.0f-%.0f (median %.0f, from %s)" % (q.percentile, q.low, q.high, q.mid,
                                                          q.basis))
    return 0


if __name__ == "__main__":
    sys.exit(main())
