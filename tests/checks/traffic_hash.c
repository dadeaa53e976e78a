/* traffic_hash: runs the traffic monitor over seven channel set-ups (1 to 7
 * channels, counters and increments, missing values, jittered, repeated
 * and backward timestamps, gaps, a reference channel, seasonal profiles,
 * bursts, drips, plateaus and drops; ~42,000 slots pushed in chunks of 1 to
 * 700) and prints an FNV-1a hash of every emitted field, the totals, the
 * counts and the intervals of each.
 *
 * The ctest test traffic_portable builds it twice, against the library as
 * built (GCC/Clang vector extensions in lib/traffic.c) and against a copy
 * built with -DKOL_TRAFFIC_PORTABLE (the plain ISO C path used by other
 * compilers), and requires the same output: lib/traffic.c promises
 * bit-identical results on both paths. Test code: stdio is fine here. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kol/core.h"
#include "kol/traffic.h"

static uint64_t H = 1469598103934665603ull;
static void hb(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        H ^= b[i];
        H *= 1099511628211ull;
    }
}
static void hd(double x) { hb(&x, sizeof x); }
static uint64_t rs = 88172645463325252ull;
static double rnd(void) /* [0,1) */
{
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}
static unsigned long nemit, nflag;
static uint32_t rall;
static int emit(void *u, int64_t ts, uint32_t ns, double score, uint32_t rsn,
                const double *obs, const double *res, const uint32_t *cre,
                size_t nch)
{
    (void)u;
    hb(&ts, sizeof ts); hb(&ns, sizeof ns); hd(score); hb(&rsn, sizeof rsn);
    for (size_t c = 0; c < nch; c++) {
        hd(obs[c]); hd(res[c]); hb(&cre[c], sizeof cre[c]);
    }
    nemit++;
    if (rsn) nflag++;
    for (size_t c = 0; c < nch; c++) rall |= cre[c];
    rall |= rsn;
    return 0;
}

struct cfg {
    int nch;
    int cumulative;
    int ref;
    double step, floor, alpha, warmup, season, gamma, order, maxgap, dripw;
    int n;
    double missing; /* probability of a NaN value */
    double jitter;  /* probability of a sample between slot starts */
};

static void run(kol_ctx *ctx, const struct cfg *g, int idx)
{
    static const int32_t chs[7] = {0, 1, 2, 3, 4, 5, 6};
    int32_t ch[7];
    kol_traffic *t = NULL;
    static int64_t ts[20000];
    static double vals[20000 * 7];
    double cum[7] = {0};
    int i, c;
    uint64_t H0 = H;
    rall = 0;
    for (c = 0; c < g->nch; c++) ch[c] = chs[(c + idx) % 7];
    if (kol_traffic_new(ctx, ch, (size_t)g->nch, &t) != KOL_STATUS_OK) {
        printf("new failed\n");
        return;
    }
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, g->step);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE, g->cumulative);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ORDER_POLICY, g->order);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP, g->warmup);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR, g->floor);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA, g->alpha);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_REFERENCE, g->ref);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_GAP, g->maxgap);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DRIP_WINDOW, g->dripw);
    kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_INTERVALS, 1000);
    if (g->season > 0) {
        kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_SEASON_PERIOD, g->season);
        kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_SEASON_GAMMA, g->gamma);
    }
    int64_t now = 1700000000;
    for (i = 0; i < g->n; i++) {
        double day = sin(2 * 3.141592653589793 * (double)i * g->step / 86400.0);
        int burst = (i % 997) > 900 && (i % 997) < 912;
        int drip = (i / 1500) % 2 == 1;
        int plateau = (i % 2311) > 2200 && (i % 2311) < 2260;
        if (g->jitter > 0 && rnd() < g->jitter)
            now += (int64_t)(rnd() * g->step);
        else
            now += (int64_t)g->step;
        if (g->maxgap > 0 && i % 3001 == 3000)
            now += (int64_t)(g->step * 40);
        if (g->order > 0 && i % 503 == 502)
            now -= (int64_t)(g->step * 2);
        ts[i] = now;
        for (c = 0; c < g->nch; c++) {
            double base = (c == 0 ? 200.0 : 200.0 / (3.0 + 4.0 * c)) *
                          (1.0 + 0.5 * day);
            double x = base + sqrt(base) * (rnd() + rnd() + rnd() - 1.5) * 2;
            if (burst && (c == 0 || c == 2)) x *= 6 + 3 * rnd();
            if (drip && c == g->nch - 1) x = floor(base * 0.7) + (i % 2);
            if ((i % 2311) > 2196 && (i % 2311) <= 2200) x = x * 8 + 50;
            if (plateau) x = 0;
            x = floor(x < 0 ? 0 : x);
            if (rnd() < 0.01) x = 0;
            if (g->cumulative) {
                cum[c] += x;
                if (rnd() < 0.002) cum[c] -= 5; /* counter backwards */
                if (cum[c] < 0) cum[c] = 0;
                x = cum[c];
            }
            if (g->missing > 0 && rnd() < g->missing) x = NAN;
            vals[(size_t)i * (size_t)g->nch + (size_t)c] = x;
        }
    }
    for (i = 0; i < g->n;) {
        int k = 1 + (int)(rnd() * (rnd() < 0.2 ? 700 : 13));
        if (i + k > g->n) k = g->n - i;
        kol_status st = kol_traffic_feed(t, ts + i, vals + (size_t)i * (size_t)g->nch,
                                         (size_t)k, emit, NULL);
        hb(&st, sizeof st);
        if (st != KOL_STATUS_OK) printf("cfg %d feed status %d at %d\n", idx, (int)st, i);
        i += k;
    }
    kol_status st = kol_traffic_finish(t, emit, NULL);
    hb(&st, sizeof st);
    for (c = 0; c < g->nch; c++) {
        double o = 0, r = 0, lo = 0, hi = 0, dr = 0;
        kol_traffic_totals(t, (size_t)c, &o, &r, &lo, &hi, &dr);
        hd(o); hd(r); hd(lo); hd(hi); hd(dr);
    }
    uint64_t sl = 0, fl = 0, sk = 0, tot = 0;
    kol_traffic_counts(t, &sl, &fl, &sk);
    hb(&sl, 8); hb(&fl, 8); hb(&sk, 8);
    size_t niv = kol_traffic_interval_count(t, &tot);
    hb(&tot, 8);
    for (size_t k = 0; k < niv; k++) {
        int64_t s0, e0; uint32_t rr; double pk, inf[7];
        kol_traffic_interval_at(t, k, &s0, &e0, &rr, &pk, inf);
        hb(&s0, 8); hb(&e0, 8); hb(&rr, 4); hd(pk);
        for (c = 0; c < g->nch; c++) hd(inf[c]);
    }
    printf("cfg %d: slots %llu flagged %llu skipped %llu intervals %zu/%llu reasons %x hash %016llx\n",
           idx, (unsigned long long)sl, (unsigned long long)fl,
           (unsigned long long)sk, niv, (unsigned long long)tot, rall,
           (unsigned long long)(H ^ H0));
    kol_traffic_free(t);
}

int main(void)
{
    static const struct cfg cfgs[] = {
        /* nch cum ref step floor alpha warm season gamma order maxgap dripw n miss jit */
        {4, 0, 0, 60, 1, 0.1, 10, 0, 0.2, 0, 10080, 20, 6000, 0, 0},
        {7, 1, -1, 60, 1, 0.1, 10, 3600, 0.2, 1, 10080, 20, 8000, 0.01, 0.1},
        {3, 0, 1, 300, 0, 0.3, 3, 0, 0.2, 0, 600, 8, 5000, 0.02, 0},
        {1, 0, -1, 1, 1, 0.05, 20, 0, 0.2, 0, 10080, 30, 5000, 0, 0},
        {5, 1, 2, 60, 0.5, 0.2, 5, 7200, 0.5, 1, 0, 12, 7000, 0, 0.3},
        {6, 0, 3, 120, 2, 1, 1, 86400, 0.1, 0, 10080, 4, 4000, 0.05, 0},
        {2, 0, 1, 60, 1, 0.1, 10, 0, 0.2, 1, 10080, 240, 9000, 0, 0.05},
    };
    kol_ctx *ctx = NULL;
    if (kol_ctx_new(&ctx) != KOL_STATUS_OK) return 1;
    for (size_t k = 0; k < sizeof cfgs / sizeof cfgs[0]; k++)
        run(ctx, &cfgs[k], (int)k);
    printf("emitted %lu flagged %lu total hash %016llx\n", nemit, nflag,
           (unsigned long long)H);
    kol_ctx_free(ctx);
    return 0;
}
