#!/usr/bin/python3
"""numpy implementation of the libkol value model (docs/model-value.md).

The same formula as lib/value.c, written independently with numpy, used
two ways:

* by bench/value_bench.c, which writes a cohort to a file, runs this script
  on it in the same invocation and prints both throughputs side by side;
  the script also reports the largest difference from the library's scores;
* as an oracle for the worked example of the model reference:
  ``value_numpy.py --worked-example`` prints the numbers the reference
  shows (and tests/test_value.c checks against the library).

Run it with Debian's /usr/bin/python3 (which has numpy).
"""
import argparse
import sys
import time

import numpy as np

NM = 23
(FOLLOWERS, FOLLOWING, POSTS, POSTS_30D, AVG_VIEWS, AVG_LIKES, AVG_COMMENTS,
 AVG_SHARES, AVG_SAVES, GROWTH, PRICE, CLICKS, ORDERS, REVENUE, QUALITY,
 AGE, REAL, ON_TIME, HIST_VIEWS, HIST_COST, COOPS, DISPUTES, LOYALTY) = range(NM)

# name, component, norm (0 cohort, 1 band, 2 absolute), shrunk
MDEFS = [
    ("reach", 0, 0, 0), ("avg_views", 0, 0, 1), ("view_rate", 0, 1, 1),
    ("share_rate", 0, 1, 1), ("activity", 0, 0, 0), ("growth", 0, 1, 0),
    ("er_view", 1, 1, 1), ("er_follower", 1, 1, 1),
    ("comment_depth", 1, 1, 1), ("authenticity", 1, 2, 0),
    ("portrait_match", 1, 2, 0), ("loyalty", 1, 2, 0),
    ("ctr", 2, 1, 0), ("cvr", 2, 0, 0), ("rpm", 2, 0, 0), ("roi", 2, 0, 0),
    ("cost_effectiveness", 2, 0, 1), ("credit", 2, 2, 0),
]
DEFAULT_W = [0.25, 0.25, 0.15, 0.15, 0.10, 0.10,
             0.25, 0.25, 0.15, 0.15, 0.10, 0.10,
             0.15, 0.15, 0.15, 0.20, 0.20, 0.15]
GOALS = {"balanced": (1.0, 1.0, 1.0), "acquisition": (0.60, 0.25, 0.15),
         "activation": (0.15, 0.70, 0.15), "conversion": (0.10, 0.25, 0.65)}
MAD_NORMAL = 1.482602218505602
BIG = 1e300


class Model:
    def __init__(self, goal="balanced"):
        self.wc = list(GOALS[goal])
        self.w = list(DEFAULT_W)
        self.norm = [d[2] for d in MDEFS]
        self.edges = [1e3, 1e4, 5e4, 5e5, 1e6]
        self.k = 20.0          # band_prior_n
        self.sigma_w = 1.5     # post_log_sd
        self.tau_floor = 0.1
        self.eps = 1e-6


def sdiv(a, b):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = a / b
    return np.minimum(r, BIG)


def features(mo, c, n):
    """Transformed sub-metrics (NaN = missing), posts variance, bands."""
    g = lambda m: c[m] if c.get(m) is not None else np.full(n, np.nan)
    F, V, L, C, S, SV = (g(FOLLOWERS), g(AVG_VIEWS), g(AVG_LIKES),
                         g(AVG_COMMENTS), g(AVG_SHARES), g(AVG_SAVES))
    p30, posts, G = g(POSTS_30D), g(POSTS), g(GROWTH)
    price, clk, ordr, rev = g(PRICE), g(CLICKS), g(ORDERS), g(REVENUE)
    hv, hc, ot, coop, disp = (g(HIST_VIEWS), g(HIST_COST), g(ON_TIME),
                              g(COOPS), g(DISPUTES))
    eps = mo.eps
    anyE = ~(np.isnan(L) & np.isnan(C) & np.isnan(S) & np.isnan(SV))
    E = np.where(anyE, np.nan_to_num(L) + np.nan_to_num(C) +
                 np.nan_to_num(S) + np.nan_to_num(SV), np.nan)
    nan = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        f = [None] * 18
        f[0] = np.log1p(F)
        f[1] = np.log1p(V)
        f[2] = np.where(F > 0, np.log(sdiv(V, F) + eps), nan)
        f[3] = np.where(V > 0, np.log(sdiv(S, V) + eps), nan)
        f[4] = np.log1p(p30)
        f[5] = np.where(~np.isnan(F), G / np.maximum(F - G, 1.0), nan)
        f[6] = np.where(V > 0, np.log(sdiv(E, V) + eps), nan)
        f[7] = np.where(F > 0, np.log(sdiv(E, F) + eps), nan)
        f[8] = np.where(L > 0, np.log(sdiv(C, L) + eps), nan)
        f[9] = g(REAL)
        f[10] = g(64)
        f[11] = g(LOYALTY)
        f[12] = np.where(hv > 0, np.log(sdiv(clk, hv) + eps), nan)
        f[13] = np.where(clk > 0, np.log(sdiv(ordr, clk) + eps), nan)
        f[14] = np.where(hv > 0, np.log1p(sdiv(1000.0 * rev, hv)), nan)
        f[15] = np.where(hc > 0, sdiv(rev - hc, hc), nan)
        f[16] = np.where(price > 0, np.log(sdiv(V, price) + eps), nan)
        a = np.where(np.isnan(ot), 1.0, ot)
        b = np.where(np.isnan(coop), 1.0,
                     (coop - np.nan_to_num(disp) + 1.0) / (coop + 2.0))
        f[17] = np.where(np.isnan(ot) & np.isnan(coop), nan, a * b)
    npost = np.where(posts >= 1, posts, np.where(p30 >= 1, p30, 1.0))
    vpost = np.log1p(np.expm1(mo.sigma_w ** 2) / npost)
    nb = len(mo.edges) + 1
    band = np.where(np.isnan(F), nb,
                    np.searchsorted(np.array(mo.edges), np.nan_to_num(F),
                                    side="right"))
    return f, vpost, band


def robust(x):
    """Median and robust scale (1.4826 MAD, with the documented fallbacks)."""
    med = np.median(x)
    dev = np.abs(x - med)
    mad = np.median(dev)
    if mad > 0:
        return med, MAD_NORMAL * mad
    q = np.quantile(dev, 0.9)
    if q > 0:
        return med, q / 1.6448536269514722
    return med, dev.max() / 3.0


def loc_scale(col, band, nb, k, bsel=None):
    ok = ~np.isnan(col)
    if not ok.any():
        return None
    ma, sa = robust(col[ok])
    loc = np.full(nb + 1, ma)
    sc = np.full(nb + 1, sa)
    for b in range(nb):
        sel = ok & (bsel[b] if bsel is not None else band == b)
        nbd = np.count_nonzero(sel)
        if nbd == 0:
            continue
        mb, sb = robust(col[sel])
        loc[b] = (nbd * mb + k * ma) / (nbd + k)
        sc[b] = (nbd * sb + k * sa) / (nbd + k)
    return loc, sc


def score(mo, c, n):
    f, vpost, band = features(mo, c, n)
    nb = len(mo.edges) + 1
    # the band masks, computed once (not once per metric)
    bsel = [band == b for b in range(nb)]
    vbar = np.full(nb + 1, np.median(vpost))
    for b in range(nb):
        sel = bsel[b]
        if sel.any():
            vbar[b] = np.median(vpost[sel])
    use = [mo.w[m] > 0 and mo.wc[MDEFS[m][1]] > 0 for m in range(18)]
    u = [None] * 18
    for m in range(18):
        if not use[m]:
            continue
        col = f[m]
        if MDEFS[m][3]:
            ls = loc_scale(col, band, nb, mo.k, bsel)
            if ls is None:
                continue
            loc, sc = ls
            tau2 = np.maximum(sc * sc - vbar, mo.tau_floor * sc * sc)
            pr = loc[band]
            t2 = tau2[band]
            col = pr + t2 / (t2 + vpost) * (col - pr)
            f[m] = col
        if mo.norm[m] == 2:
            u[m] = np.clip(col, 0.0, 1.0)
            continue
        ls = loc_scale(col, band, nb, mo.k, bsel)
        if ls is None:
            continue
        loc, sc = ls
        if mo.norm[m] == 1:
            lo, s = loc[band], sc[band]
        else:
            lo, s = loc[nb], sc[nb]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            u[m] = np.where(s > 0, 1.0 / (1.0 + np.exp(-(col - lo) / s)), 0.5)
    wsum_c = np.zeros(3)
    for m in range(18):
        if mo.w[m] > 0:
            wsum_c[MDEFS[m][1]] += mo.w[m]
    pw = np.zeros((3, n))
    ps = np.zeros((3, n))
    for m in range(18):
        if u[m] is None or not (mo.w[m] > 0 and mo.wc[MDEFS[m][1]] > 0):
            continue
        cm = MDEFS[m][1]
        have = ~np.isnan(u[m])
        pw[cm] += np.where(have, mo.w[m], 0.0)
        ps[cm] += np.where(have, mo.w[m] * np.nan_to_num(u[m]), 0.0)
    wc = np.array(mo.wc)[:, None]
    wpres = (np.where(pw > 0, wc, 0.0)).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sub = np.where(pw > 0, 100.0 * (ps / pw), 0.0)
        total = np.where(wpres > 0,
                         (np.where(pw > 0, wc * sub, 0.0)).sum(axis=0) / wpres,
                         0.0)
    return total, sub


def worked_example():
    mo = Model("activation")
    mo.w = [0.0] * 18
    mo.w[0] = 0.25
    mo.w[7] = 0.25
    mo.edges = [50000.0]
    mo.k = 2.0
    F = np.array([8000, 20000, 40000, 300000, 1200000], float)
    L = np.array([900, 1000, 1500, 6000, 9000], float)
    P = np.array([40, 5, 120, 200, 300], float)
    c = {FOLLOWERS: F, AVG_LIKES: L, POSTS: P}
    total, sub = score(mo, c, 5)
    for i in range(5):
        print("%.4f %.4f %.4f" % (total[i], sub[0][i], sub[1][i]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="raw float64 file: 23 columns of n rows")
    ap.add_argument("--n", type=int)
    ap.add_argument("--lib-scores", help="raw float64 totals from libkol")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worked-example", action="store_true")
    a = ap.parse_args()
    if a.worked_example:
        worked_example()
        return 0
    raw = np.fromfile(a.data, dtype=np.float64).reshape(NM, a.n)
    c = {m: raw[m] for m in range(NM)}
    mo = Model("balanced")
    best = None
    for _ in range(a.repeat):
        t0 = time.process_time()
        total, _ = score(mo, c, a.n)
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    print("numpy  (same formula, full pipeline): %10.0f records/s "
          "(%d rows, CPU time, best of %d: %.3f s)" % (a.n / best, a.n, a.repeat, best))
    if a.lib_scores:
        lib = np.fromfile(a.lib_scores, dtype=np.float64)
        print("largest |numpy - libkol| total score: %.3g"
              % np.max(np.abs(lib - total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
