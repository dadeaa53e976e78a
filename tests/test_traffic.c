/* Tests of the streaming traffic monitor (include/kol/traffic.h).
 *
 * Real data: organic retweet cascades (tideh) with bought traffic injected
 * on top, and the NAB series with their labelled windows. Both are read
 * from KOL_DATA_DIR; the tests that need them skip when it is absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testalloc.h"

#ifndef KOL_DATA_DIR
#define KOL_DATA_DIR "../shared/data"
#endif

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* splitmix64: the tests' own deterministic generator */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_unif(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Poisson draw: Knuth's product method below 60, a rounded normal above. */
static double rng_poisson(uint64_t *s, double lambda)
{
    double l, p = 1.0;
    int k = 0;
    if (lambda <= 0)
        return 0;
    if (lambda > 60) {
        double u1 = rng_unif(s), u2 = rng_unif(s);
        double z = sqrt(-2.0 * log(u1 + 1e-300)) * cos(6.283185307179586 * u2);
        double v = floor(lambda + sqrt(lambda) * z + 0.5);
        return v < 0 ? 0 : v;
    }
    l = exp(-lambda);
    do {
        k++;
        p *= rng_unif(s);
    } while (p > l);
    return (double)(k - 1);
}

/* One emitted result, kept by the collector. */
typedef struct {
    int64_t ts;
    uint32_t n_samples;
    double score;
    uint32_t reasons;
    double obs[KOL_CHANNEL_COUNT];
    double res[KOL_CHANNEL_COUNT];
    uint32_t cre[KOL_CHANNEL_COUNT];
} result;

typedef struct {
    result *r;
    size_t n, cap;
    size_t nch;
    int stop_at;   /* stop (return stop_code) at this result; -1 never */
    int stop_code;
    int bad;       /* a property of a result was broken */
} collector;

static void collector_init(collector *c, size_t cap)
{
    memset(c, 0, sizeof *c);
    c->r = calloc(cap ? cap : 1, sizeof *c->r);
    assert_non_null(c->r);
    c->cap = cap;
    c->stop_at = -1;
}

static void collector_free(collector *c)
{
    free(c->r);
    c->r = NULL;
}

static int collect(void *user, int64_t ts, uint32_t n_samples, double score,
                   uint32_t reasons, const double *observed,
                   const double *restored, const uint32_t *channel_reasons,
                   size_t n_channels)
{
    collector *c = user;
    size_t k;
    if (!(score >= 0.0 && score <= 1.0))
        c->bad = 1;
    if ((reasons & 31u) != 0 && score < 0.5)
        c->bad = 1;
    if ((reasons & 31u) == 0 && score > 0.49) /* clamped (1.5) */
        c->bad = 1;
    for (k = 0; k < n_channels; k++) {
        if (!isfinite(observed[k]) || !isfinite(restored[k]))
            c->bad = 1;
        if (restored[k] < 0 || restored[k] > observed[k])
            c->bad = 1;
        if ((channel_reasons[k] & ~reasons) != 0)
            c->bad = 1;
    }
    if (c->n < c->cap) {
        result *r = &c->r[c->n];
        r->ts = ts;
        r->n_samples = n_samples;
        r->score = score;
        r->reasons = reasons;
        for (k = 0; k < n_channels && k < KOL_CHANNEL_COUNT; k++) {
            r->obs[k] = observed[k];
            r->res[k] = restored[k];
            r->cre[k] = channel_reasons[k];
        }
    }
    c->nch = n_channels;
    c->n++;
    if (c->stop_at >= 0 && (int)c->n - 1 == c->stop_at)
        return c->stop_code;
    return 0;
}

/* Push a whole series (n samples) into t and finish it, each result into
 * a fresh collector of cap results, every property of every result held
 * (collect). */
static void run_series(kol_ctx *ctx, kol_traffic *t, const int64_t *ts,
                       const double *v, size_t n, size_t cap, collector *col)
{
    collector_init(col, cap);
    assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, col),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, collect, col), KOL_STATUS_OK);
    assert_false(col->bad);
}

static int results_equal(const collector *a, const collector *b)
{
    size_t i, k;
    if (a->n != b->n || a->nch != b->nch)
        return 0;
    for (i = 0; i < a->n && i < a->cap; i++) {
        const result *x = &a->r[i], *y = &b->r[i];
        if (x->ts != y->ts || x->n_samples != y->n_samples ||
            memcmp(&x->score, &y->score, sizeof(double)) != 0 ||
            x->reasons != y->reasons)
            return 0;
        for (k = 0; k < a->nch; k++)
            if (memcmp(&x->obs[k], &y->obs[k], sizeof(double)) != 0 ||
                memcmp(&x->res[k], &y->res[k], sizeof(double)) != 0 ||
                x->cre[k] != y->cre[k])
                return 0;
    }
    return 1;
}

static kol_traffic *make(kol_ctx *ctx, const int32_t *ch, size_t n)
{
    kol_traffic *t = NULL;
    assert_status(ctx, kol_traffic_new(ctx, ch, n, &t), KOL_STATUS_OK);
    assert_non_null(t);
    return t;
}

/* A synthetic organic series: Poisson around a rise-and-decay curve. */
static double organic_rate(int i)
{
    double m = (double)i;
    return 4.0 + 60.0 * (m / 5.0) * exp(1.0 - m / 5.0) * (m < 5 ? 1 : 0) +
           60.0 * exp(-(m - 5.0) / 80.0) * (m >= 5 ? 1 : 0);
}

/* ------------------------------------------------------------------ */
/* Unit tests                                                          */

static void test_names_and_bounds(void **state)
{
    int32_t code = -1;
    double lo, hi, def;
    int p;
    (void)state;
    assert_string_equal(kol_channel_name(KOL_CHANNEL_VIEWS), "views");
    assert_string_equal(kol_channel_name(KOL_CHANNEL_ORDERS), "orders");
    assert_null(kol_channel_name(7));
    assert_null(kol_channel_name(-1));
    assert_int_equal(kol_channel_from_name("follows", &code), KOL_STATUS_OK);
    assert_int_equal(code, KOL_CHANNEL_FOLLOWS);
    assert_int_equal(kol_channel_from_name("plays", &code),
                     KOL_STATUS_NOT_FOUND);
    assert_int_equal(kol_channel_from_name(NULL, &code),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_DRIP),
                        "drip");
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_MISSING),
                        "missing");
    assert_null(kol_traffic_reason_name(3));
    assert_null(kol_traffic_reason_name(0));
    for (p = 0; p < KOL_TRAFFIC_PARAM_COUNT; p++) {
        assert_int_equal(kol_traffic_param_bounds(p, &lo, &hi, &def),
                         KOL_STATUS_OK);
        assert_true(lo <= def && def <= hi);
    }
    assert_int_equal(kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_COUNT, &lo,
                                              &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_STEP, NULL,
                                              NULL, &def),
                     KOL_STATUS_OK);
    assert_true(def == 60.0);
}

static void test_params(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    kol_traffic *t;
    double v = 0;
    int64_t ts = 0;
    double row[2] = {1, 1};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 2);
    assert_int_equal(kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_BURST_Z, &v),
                     KOL_STATUS_OK);
    assert_true(v == 4.0);
    assert_int_equal(kol_traffic_delay(t), 19u);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DRIP_WINDOW,
                                             8),
                  KOL_STATUS_OK);
    assert_int_equal(kol_traffic_delay(t), 7u);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 1.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE,
                      "step = 1.5 is not an integer");
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "step");
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA,
                                             NAN),
                  KOL_STATUS_NOT_FINITE);
    /* The smallest values the header gives: a positive value below them
     * is refused, so the ranges are closed, not (0, 1]. */
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA,
                                             1e-6),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA,
                                             9e-7),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx,
                  kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DRIP_DISPERSION,
                                        1e-9),
                  KOL_STATUS_OK);
    assert_status(ctx,
                  kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DRIP_DISPERSION,
                                        9e-10),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA, 0.1),
                  KOL_STATUS_OK);
    assert_status(ctx,
                  kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_DRIP_DISPERSION,
                                        0.2),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, 99, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_REFERENCE,
                                             KOL_CHANNEL_ORDERS),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "orders");
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_REFERENCE,
                                             KOL_CHANNEL_LIKES),
                  KOL_STATUS_OK);
    assert_int_equal(kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_STEP, &v),
                     KOL_STATUS_OK);
    assert_true(v == 60.0);
    assert_status(ctx, kol_traffic_feed(t, &ts, row, 1, NULL, NULL),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 30),
                  KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "already|reset");
    assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 30),
                  KOL_STATUS_OK);
    kol_traffic_free(t);
    kol_traffic_free(NULL);
    kol_ctx_free(ctx);
}

/* A burst of bought likes on a smooth organic series is flagged and
 * restored. */
static void test_burst_and_restore(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    kol_traffic *t;
    enum { N = 300 };
    int64_t ts[N];
    double v[N * 2], org_likes = 0, obs, res, lo, hi, dropped;
    uint64_t seed = 42, slots, flagged, total;
    collector col;
    int i, hit = 0;
    int64_t s0, s1;
    uint32_t reasons;
    double peak, infl[2];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 2);
    for (i = 0; i < N; i++) {
        double lam = organic_rate(i);
        ts[i] = 1700000000 + (int64_t)i * 60;
        v[2 * i] = rng_poisson(&seed, 20 * lam);
        v[2 * i + 1] = rng_poisson(&seed, lam);
        org_likes += v[2 * i + 1];
        if (i >= 150 && i < 152) {
            v[2 * i + 1] += 400; /* bought likes */
            v[2 * i] += 8000;    /* with bought views */
        }
    }
    collector_init(&col, N + 10);
    assert_status(ctx, kol_traffic_feed(t, ts, v, N, collect, &col),
                  KOL_STATUS_OK);
    /* results lag by the delay */
    assert_int_equal(col.n, (size_t)(N - 1 - kol_traffic_delay(t)));
    assert_status(ctx, kol_traffic_finish(t, collect, &col), KOL_STATUS_OK);
    assert_int_equal(col.n, (size_t)N);
    assert_false(col.bad);
    for (i = 150; i < 152; i++) {
        assert_true(col.r[i].score >= 0.9);
        assert_true(col.r[i].cre[1] & KOL_TRAFFIC_REASON_BURST);
        assert_true(col.r[i].res[1] < 100);
        hit++;
    }
    assert_int_equal(hit, 2);
    assert_int_equal(col.r[10].ts, 1700000000 + 600);
    assert_int_equal(col.r[10].n_samples, 1u);
    assert_status(ctx, kol_traffic_totals(t, 1, &obs, &res, &lo, &hi,
                                          &dropped),
                  KOL_STATUS_OK);
    assert_true(obs == org_likes + 800);
    assert_true(fabs(res - org_likes) < 0.05 * org_likes);
    assert_true(lo <= res && res <= hi && hi <= obs);
    assert_true(dropped == 0);
    assert_status(ctx, kol_traffic_counts(t, &slots, &flagged, NULL),
                  KOL_STATUS_OK);
    assert_true(slots == N);
    assert_true(flagged >= 2 && flagged < 20);
    assert_true(kol_traffic_interval_count(t, &total) >= 1);
    /* the interval that holds the burst */
    {
        size_t k, n = kol_traffic_interval_count(t, NULL);
        int found = 0;
        for (k = 0; k < n; k++) {
            assert_status(ctx, kol_traffic_interval_at(t, k, &s0, &s1,
                                                       &reasons, &peak, infl),
                          KOL_STATUS_OK);
            if (s0 <= ts[150] && s1 >= ts[151]) {
                found = 1;
                assert_true(reasons & KOL_TRAFFIC_REASON_BURST);
                if (!(infl[1] > 740 && infl[1] < 860))
                    fail_msg("inflated likes %g", infl[1]);
                assert_true(peak >= 0.9);
            }
        }
        assert_true(found);
        assert_status(ctx, kol_traffic_interval_at(t, n, &s0, &s1, NULL,
                                                   NULL, NULL),
                      KOL_STATUS_NOT_FOUND);
    }
    assert_status(ctx, kol_traffic_totals(t, 2, &obs, NULL, NULL, NULL, NULL),
                  KOL_STATUS_NOT_FOUND);
    assert_status(ctx, kol_traffic_feed(t, ts, v, 1, NULL, NULL),
                  KOL_STATUS_BAD_STATE);
    assert_status(ctx, kol_traffic_finish(t, NULL, NULL),
                  KOL_STATUS_BAD_STATE);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* Likes delivered at a constant rate are a drip; the restored value
 * removes the rate. */
static void test_drip(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_LIKES};
    kol_traffic *t;
    enum { N = 400 };
    int64_t ts[N];
    double v[N], org = 0, res;
    uint64_t seed = 7;
    collector col;
    int i, flagged_in = 0, flagged_out = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v[i] = rng_poisson(&seed, 3.0);
        org += v[i];
        if (i >= 200 && i < 260)
            v[i] += 25; /* 25 likes every minute for an hour */
    }
    run_series(ctx, t, ts, v, N, N, &col);
    for (i = 0; i < N; i++) {
        int f = (col.r[i].cre[0] & KOL_TRAFFIC_REASON_DRIP) != 0;
        if (i >= 200 && i < 260)
            flagged_in += f;
        else
            flagged_out += f;
    }
    assert_true(flagged_in >= 55);
    assert_true(flagged_out <= 10);
    assert_status(ctx, kol_traffic_totals(t, 0, NULL, &res, NULL, NULL, NULL),
                  KOL_STATUS_OK);
    assert_true(fabs(res - org) < 0.1 * org);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* No signal fires in the warm-up (traffic.h, WARMUP), the drip included:
 * a drip marks its whole window, so it fires only once the window's
 * oldest slot is past the warm-up. A series that drips from its first
 * slot (30, 31, 30, ... likes a minute) is flagged from slot WARMUP on,
 * never before; it used to mark slots 0 to 19 with WARMUP 10, and slot
 * 81 with WARMUP 100. */
static void test_drip_after_warmup(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_LIKES};
    enum { N = 300 };
    static const double warmups[3] = {10, 37, 100};
    int64_t ts[N];
    double v[N];
    size_t i, w;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v[i] = 30 + (double)(i % 2);
    }
    for (w = 0; w < 3; w++) {
        kol_traffic *t = make(ctx, ch, 1);
        collector col;
        size_t first = N;
        assert_status(ctx,
                      kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP,
                                            warmups[w]),
                      KOL_STATUS_OK);
        run_series(ctx, t, ts, v, N, N, &col);
        assert_int_equal(col.n, N);
        for (i = 0; i < N; i++)
            if (col.r[i].reasons & 31u) {
                first = i;
                break;
            }
        /* the first window wholly past the warm-up ends at slot
         * WARMUP + 19 (drip_window 20) and marks slots WARMUP to it */
        assert_int_equal(first, (size_t)warmups[w]);
        assert_true(col.r[first].cre[0] & KOL_TRAFFIC_REASON_DRIP);
        assert_true(col.r[N - 1].cre[0] & KOL_TRAFFIC_REASON_DRIP);
        collector_free(&col);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* Counters: a step then a flat counter is a plateau; a counter going
 * backwards is a drop; gaps are spread. */
/* The dropped total counts, like the observed and restored ones, the
 * results emitted so far: a drop in a slot still in the delay line is not
 * in it yet. (It was added when the slot closed, about 19 slots before
 * its result, so a series stopped early kept a drop nobody was told of.) */
static void test_dropped_when_emitted(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_LIKES};
    kol_traffic *t;
    int64_t ts[5] = {0, 60, 120, 180, 240};
    double v[5] = {100, 110, 50, 60, 70}; /* back by 60 in slot 2 */
    double o, r, lo, hi, d;
    uint64_t slots;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE,
                                             1),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_feed(t, ts, v, 5, NULL, NULL),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_counts(t, &slots, NULL, NULL),
                  KOL_STATUS_OK);
    assert_true(slots == 0);
    assert_status(ctx, kol_traffic_totals(t, 0, &o, &r, &lo, &hi, &d),
                  KOL_STATUS_OK);
    assert_true(o == 0 && r == 0 && d == 0);
    assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_counts(t, &slots, NULL, NULL),
                  KOL_STATUS_OK);
    assert_true(slots == 5);
    assert_status(ctx, kol_traffic_totals(t, 0, &o, &r, &lo, &hi, &d),
                  KOL_STATUS_OK);
    assert_true(d == 60);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* A negative increment in a channel's first slot is a drop marked from
 * that slot on (traffic model 1.3: a fact of the data, no baseline
 * needed), its strength taken against an expected increment of 0:
 * 0.5 + 0.5 A / (A + 0 + 1). */
static void test_drop_in_first_slot(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_VIEWS};
    kol_traffic *t;
    int64_t ts[3] = {0, 60, 120};
    double v[3] = {-5, 10, 10};
    double o, r, lo, hi, d;
    collector col;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    run_series(ctx, t, ts, v, 3, 3, &col);
    assert_int_equal(col.n, 3);
    assert_true(col.r[0].reasons == KOL_TRAFFIC_REASON_DROP);
    assert_true(col.r[0].cre[0] == KOL_TRAFFIC_REASON_DROP);
    assert_true(col.r[0].obs[0] == 0);
    assert_true(col.r[0].score == 0.5 + 0.5 * 5.0 / (5.0 + 0.0 + 1.0));
    assert_status(ctx, kol_traffic_totals(t, 0, &o, &r, &lo, &hi, &d),
                  KOL_STATUS_OK);
    assert_true(d == 5 && o == 20);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* A decrease adds nothing to its slot's increment, but the slot's other
 * readings still add theirs (traffic.h, traffic model 1.1): +10 then -3
 * in one slot is an increment of 10 and a drop of 3, and so is a counter
 * read 100, 110, 107 with the last two in one slot. One channel and four
 * (the row handled four lanes at a time). */
static void test_drop_keeps_slot_increase(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[4] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS, KOL_CHANNEL_SHARES};
    static const int64_t ts[3] = {0, 60, 90};
    static const double inc[3] = {5, 10, -3}, ctr[3] = {100, 110, 107};
    double v[3 * 4], o, r, lo, hi, d;
    collector col;
    size_t nch, i, c;
    int cum;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (nch = 1; nch <= 4; nch += 3)
        for (cum = 0; cum <= 1; cum++) {
            kol_traffic *t = make(ctx, ch, nch);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_CUMULATIVE, cum),
                          KOL_STATUS_OK);
            for (i = 0; i < 3; i++)
                for (c = 0; c < nch; c++)
                    v[i * nch + c] = cum ? ctr[i] : inc[i];
            run_series(ctx, t, ts, v, 3, 3, &col);
            assert_int_equal(col.n, 2);
            for (c = 0; c < nch; c++) {
                assert_true(col.r[1].obs[c] == 10);
                assert_true(col.r[1].cre[c] & KOL_TRAFFIC_REASON_DROP);
                assert_status(ctx,
                              kol_traffic_totals(t, c, &o, &r, &lo, &hi, &d),
                              KOL_STATUS_OK);
                assert_true(d == 3 && o == (cum ? 10 : 15));
            }
            collector_free(&col);
            kol_traffic_free(t);
        }
    kol_ctx_free(ctx);
}

/* After a gap longer than MAX_GAP a counter is re-anchored: the reading
 * that re-anchors gives no increment, so steady traffic flags nothing,
 * with counters as with the same traffic in increments. (The anchoring
 * reading used to count as an increment of 0, a collapse: DROP.) */
/* After a gap longer than MAX_GAP an anchored counter only re-anchors,
 * but a channel never read before the gap takes its first reading as any
 * first reading (traffic model 1.1: present, increment 0): the slot where
 * likes first appear has a value, so it is not MISSING, and the next one
 * counts the likes' increase. Before, that reading re-anchored too and
 * the slot was MISSING. */
static void test_first_reading_after_long_gap(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    int64_t ts[4] = {0, 60, 300, 360};
    double v[8] = {100, NAN, 110, NAN, 200, 5, 210, 7};
    kol_traffic *t;
    collector col;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 2);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE,
                                             1),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_GAP, 1),
                  KOL_STATUS_OK);
    run_series(ctx, t, ts, v, 4, 8, &col);
    assert_int_equal(col.n, 4); /* slots 0, 1, 5, 6 */
    assert_int_equal(col.r[2].ts, 300);
    assert_int_equal(col.r[2].reasons & KOL_TRAFFIC_REASON_MISSING, 0);
    assert_true(col.r[2].obs[0] == 0 && col.r[2].obs[1] == 0);
    assert_int_equal(col.r[3].ts, 360);
    assert_true(col.r[3].obs[0] == 10 && col.r[3].obs[1] == 2);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

static void test_reanchor_no_drop(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_VIEWS};
    int64_t ts[250];
    double v[250], ctr = 0;
    uint64_t flagged;
    int cum, i, n;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (cum = 0; cum <= 1; cum++) {
        kol_traffic *t = make(ctx, ch, 1);
        collector col;
        size_t k;
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_CUMULATIVE, cum),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_GAP,
                                                 5),
                      KOL_STATUS_OK);
        n = 0;
        ctr = 0;
        for (i = 0; i < 260; i++) {
            double x = 100 + (i % 3) * 7;
            ctr += x;
            if (i >= 230 && i < 240)
                continue; /* a gap of 10 slots */
            ts[n] = 60 * (int64_t)i;
            v[n++] = cum ? ctr : x;
        }
        collector_init(&col, 300);
        assert_status(ctx, kol_traffic_feed(t, ts, v, (size_t)n, collect,
                                            &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_false(col.bad);
        assert_status(ctx, kol_traffic_counts(t, NULL, &flagged, NULL),
                      KOL_STATUS_OK);
        assert_true(flagged == 0);
        for (k = 0; k < col.n; k++)
            if (col.r[k].ts == 240 * 60)
                assert_int_equal(col.r[k].reasons,
                                 cum ? KOL_TRAFFIC_REASON_MISSING : 0);
        collector_free(&col);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* A plateau after a high level: the expected volume of the flat run,
 * lambda * PLATEAU_LENGTH = 200 * 5, is far above 700, where the
 * plateau's strength 1 - e^-expected is 1 exactly (e^x is taken only on
 * its domain, down to -700), and so is the score of the flat slots. */
static void test_plateau_high_level(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_VIEWS};
    kol_traffic *t;
    enum { N = 160 };
    int64_t ts[N];
    double v[N];
    uint64_t seed = 21;
    collector col;
    int i, j;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v[i] = i == 100 ? 5000.0
                        : (i > 100 && i < 108 ? 0.0 : rng_poisson(&seed, 200.0));
    }
    run_series(ctx, t, ts, v, N, N, &col);
    assert_int_equal(col.n, (size_t)N);
    for (j = 101; j < 108; j++) {
        assert_true(col.r[j].reasons & KOL_TRAFFIC_REASON_PLATEAU);
        assert_true(col.r[j].score == 1.0);
    }
    assert_true(col.r[100].reasons & KOL_TRAFFIC_REASON_PLATEAU);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* A channel absent from a slot is never marked there: a step at slot
 * 100, four flat slots (one short of PLATEAU_LENGTH) and a slot whose
 * value is missing. The missing slot ended the run without a plateau:
 * the flat-run test counted it as a fifth flat slot and marked it. */
static void test_plateau_not_on_missing(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_VIEWS};
    kol_traffic *t;
    enum { N = 160 };
    int64_t ts[N];
    double v[N];
    uint64_t seed = 21;
    collector col;
    int i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v[i] = i == 100 ? 5000.0
               : i == 105 ? NAN
               : (i > 100 && i < 105 ? 0.0 : rng_poisson(&seed, 200.0));
    }
    run_series(ctx, t, ts, v, N, N, &col);
    assert_int_equal(col.n, (size_t)N);
    assert_true(col.r[105].reasons & KOL_TRAFFIC_REASON_MISSING);
    for (i = 100; i < 110; i++)
        assert_false(col.r[i].reasons & KOL_TRAFFIC_REASON_PLATEAU);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

static void test_counters(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[1] = {KOL_CHANNEL_FOLLOWS};
    kol_traffic *t;
    enum { N = 200 };
    int64_t ts[N];
    double v[N], counter = 1000, dropped, obs;
    uint64_t seed = 9;
    collector col;
    int i, j, n = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 1);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE,
                                             1),
                  KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        if (i >= 100 && i < 108) {
            if (i == 100)
                counter += 500; /* step, then flat */
        } else if (i == 150) {
            counter -= 300; /* removed follows */
        } else {
            counter += rng_poisson(&seed, 8.0);
        }
        if (i == 60 || i == 61 || i == 62)
            continue; /* three missing minutes */
        ts[n] = (int64_t)i * 60;
        v[n] = counter;
        n++;
    }
    run_series(ctx, t, ts, v, (size_t)n, N, &col);
    assert_int_equal(col.n, (size_t)N);
    /* the first reading only anchors the counter */
    assert_true(col.r[0].obs[0] == 0);
    /* the gap: the increase over 60..63 is spread evenly */
    assert_int_equal(col.r[60].n_samples, 0u);
    assert_true(col.r[60].obs[0] == col.r[61].obs[0]);
    assert_true(col.r[61].obs[0] == col.r[62].obs[0]);
    assert_true(col.r[62].obs[0] == col.r[63].obs[0]);
    /* plateau: the step and the flat minutes */
    assert_true(col.r[100].cre[0] & KOL_TRAFFIC_REASON_PLATEAU);
    for (j = 101; j < 108; j++)
        assert_true(col.r[j].cre[0] & KOL_TRAFFIC_REASON_PLATEAU);
    assert_true(col.r[100].res[0] < 40);
    /* drop */
    assert_true(col.r[150].cre[0] & KOL_TRAFFIC_REASON_DROP);
    assert_true(col.r[150].obs[0] == 0);
    assert_status(ctx, kol_traffic_totals(t, 0, &obs, NULL, NULL, NULL,
                                          &dropped),
                  KOL_STATUS_OK);
    assert_true(dropped == 300);
    assert_true(obs == v[n - 1] - v[0] + 300);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* Increments: missing minutes are emitted as missing; repeated
 * timestamps are merged; out-of-order timestamps are refused or skipped. */
static void test_time_policy(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    kol_traffic *t;
    int64_t ts[6] = {0, 60, 60, 90, 300, 360};
    double v[12] = {10, 1, 10, 1, 5, NAN, 5, 2, 10, 1, 10, 1};
    int64_t late_ts[2] = {420, 100};
    double late_v[4] = {10, 1, 10, 1};
    uint64_t skipped = 0;
    collector col;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 2);
    collector_init(&col, 32);
    assert_status(ctx, kol_traffic_feed(t, ts, v, 6, collect, &col),
                  KOL_STATUS_OK);
    /* refused: nothing of the call applied */
    assert_status(ctx, kol_traffic_feed(t, late_ts, late_v, 2, collect, &col),
                  KOL_STATUS_ORDER);
    assert_last_error(ctx, KOL_STATUS_ORDER, "out of order");
    assert_msg_number(ctx, 100);
    assert_status(ctx, kol_traffic_finish(t, collect, &col), KOL_STATUS_OK);
    assert_int_equal(col.n, 7u);
    assert_int_equal(col.r[1].n_samples, 3u);
    assert_true(col.r[1].obs[0] == 20 && col.r[1].obs[1] == 3);
    assert_true(col.r[2].reasons == KOL_TRAFFIC_REASON_MISSING);
    assert_true(col.r[2].score == 0);
    assert_int_equal(col.r[2].n_samples, 0u);
    assert_int_equal(col.r[2].ts, 120);
    assert_int_equal(col.r[6].ts, 360);
    kol_traffic_free(t);

    /* the skip policy */
    t = make(ctx, ch, 2);
    assert_status(ctx, kol_traffic_set_param(t,
                                             KOL_TRAFFIC_PARAM_ORDER_POLICY,
                                             1),
                  KOL_STATUS_OK);
    col.n = 0;
    assert_status(ctx, kol_traffic_feed(t, ts, v, 6, collect, &col),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_feed(t, late_ts, late_v, 2, collect, &col),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, collect, &col), KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_counts(t, NULL, NULL, &skipped),
                  KOL_STATUS_OK);
    assert_true(skipped == 1);
    assert_int_equal(col.n, 8u);
    kol_traffic_free(t);

    /* a gap longer than max_gap is not emitted slot by slot */
    t = make(ctx, ch, 2);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_GAP, 2),
                  KOL_STATUS_OK);
    col.n = 0;
    {
        int64_t g[3] = {0, 60, 6000};
        double gv[6] = {1, 1, 1, 1, 1, 1};
        assert_status(ctx, kol_traffic_feed(t, g, gv, 3, collect, &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_int_equal(col.n, 3u);
        assert_int_equal(col.r[2].ts, 6000);
    }
    kol_traffic_free(t);
    collector_free(&col);
    kol_ctx_free(ctx);
}

/* Views inflated without likes: the ratio break is put on views and the
 * restored views follow the likes; the signal mask and the interval cap
 * work. */
static void test_ratio_and_options(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_LIKES, KOL_CHANNEL_VIEWS};
    kol_traffic *t;
    enum { N = 400 };
    int64_t ts[N];
    double v[N * 2], views_org = 0, res, lo, hi, infl[2];
    uint64_t seed = 77, total = 0;
    collector col;
    int i, hit = 0, round;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        double lam = 30.0;
        ts[i] = (int64_t)i * 60;
        v[2 * i] = rng_poisson(&seed, lam);          /* likes */
        v[2 * i + 1] = rng_poisson(&seed, 20 * lam); /* views */
        views_org += v[2 * i + 1];
        if (i % 40 == 20)
            v[2 * i + 1] += 1500; /* bought views, likes untouched */
    }
    for (round = 0; round < 3; round++) {
        t = make(ctx, ch, 2);
        if (round == 1)
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_SIGNALS,
                                   KOL_TRAFFIC_REASON_DRIP),
                          KOL_STATUS_OK);
        if (round == 2)
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_MAX_INTERVALS, 3),
                          KOL_STATUS_OK);
        collector_init(&col, N);
        assert_status(ctx, kol_traffic_feed(t, ts, v, N, collect, &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_false(col.bad);
        hit = 0;
        for (i = 20; i < N; i += 40) {
            if (round == 1) {
                assert_true(col.r[i].reasons == 0);
                continue;
            }
            assert_true(col.r[i].cre[1] & KOL_TRAFFIC_REASON_RATIO);
            assert_true(col.r[i].cre[1] & KOL_TRAFFIC_REASON_BURST);
            assert_true((col.r[i].cre[0] & KOL_TRAFFIC_REASON_RATIO) == 0);
            assert_true(col.r[i].res[1] < 900);
            assert_true(col.r[i].res[0] == col.r[i].obs[0]);
            hit++;
        }
        if (round != 1) {
            assert_int_equal(hit, 10);
            assert_status(ctx, kol_traffic_totals(t, 1, NULL, &res, &lo, &hi,
                                                  NULL),
                          KOL_STATUS_OK);
            assert_true(fabs(res - views_org) < 0.01 * views_org);
            assert_true(lo <= res && res <= hi);
        }
        if (round == 2) {
            assert_int_equal(kol_traffic_interval_count(t, &total), 3u);
            assert_true(total >= 10);
            assert_status(ctx, kol_traffic_interval_at(t, 2, NULL, NULL, NULL,
                                                       NULL, infl),
                          KOL_STATUS_OK);
            assert_true(infl[1] > 1000);
            assert_status(ctx, kol_traffic_interval_at(t, 3, NULL, NULL, NULL,
                                                       NULL, infl),
                          KOL_STATUS_NOT_FOUND);
        }
        collector_free(&col);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

typedef struct {
    const char *what;
    int cumulative;
    int64_t ts[3];
    double v[3];
    size_t n;
    int want;
    const char *msg;
} bad_case;

static void test_bad_input(void **state)
{
    static const bad_case cases[] = {
        {"nan is missing, not an error", 0, {0, 60, 120}, {1, NAN, 2}, 3,
         KOL_STATUS_OK, NULL},
        {"inf", 0, {0, 60, 120}, {1, INFINITY, 2}, 3, KOL_STATUS_NOT_FINITE,
         "not finite|row 1"},
        {"-inf", 0, {0, 60, 120}, {1, -INFINITY, 2}, 3,
         KOL_STATUS_NOT_FINITE, "not finite"},
        {"negative counter", 1, {0, 60, 120}, {1, -3, 2}, 3,
         KOL_STATUS_OUT_OF_RANGE, "negative counter"},
        {"negative increment is a drop", 0, {0, 60, 120}, {1, -3, 2}, 3,
         KOL_STATUS_OK, NULL},
        {"absurd size", 0, {0, 60, 120}, {1, 1e300, 2}, 3,
         KOL_STATUS_OUT_OF_RANGE, "2^53"},
        {"out of order", 0, {0, 120, 60}, {1, 1, 1}, 3, KOL_STATUS_ORDER,
         "out of order|row 2"},
        {"before the first", 0, {600, 0, 660}, {1, 1, 1}, 3,
         KOL_STATUS_ORDER, "before the first"},
        {"repeated is merged", 0, {0, 0, 0}, {1, 1, 1}, 3, KOL_STATUS_OK,
         NULL},
        {"empty", 0, {0, 0, 0}, {0, 0, 0}, 0, KOL_STATUS_OK, NULL},
        {"extreme timestamps", 0, {INT64_MIN, 0, INT64_MAX}, {1, 2, 3}, 3,
         KOL_STATUS_OK, NULL},
        {"extreme, out of order", 0, {INT64_MAX, INT64_MIN, 0}, {1, 2, 3}, 3,
         KOL_STATUS_ORDER, "out of order|before the first"},
    };
    size_t i;
    kol_ctx *ctx = NULL;
    int32_t ch = KOL_CHANNEL_VIEWS;
    int32_t dup[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_VIEWS};
    int32_t unk[1] = {12};
    kol_traffic *t = NULL;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        uint64_t slots = 99;
        t = make(ctx, &ch, 1);
        assert_status(ctx, kol_traffic_set_param(t,
                                                 KOL_TRAFFIC_PARAM_CUMULATIVE,
                                                 c->cumulative),
                      KOL_STATUS_OK);
        kol_ctx_clear_error(ctx);
        if (kol_traffic_feed(t, c->ts, c->v, c->n, NULL, NULL) !=
            (kol_status)c->want)
            fail_msg("case %s: got %s (%s)", c->what,
                     kol_status_str(kol_ctx_last_status(ctx)),
                     kol_ctx_last_error(ctx));
        if (c->msg)
            assert_last_error(ctx, c->want, c->msg);
        if (c->want != KOL_STATUS_OK) {
            /* nothing applied: parameters may still be set */
            assert_status(ctx, kol_traffic_set_param(t,
                                                     KOL_TRAFFIC_PARAM_STEP,
                                                     30),
                          KOL_STATUS_OK);
        }
        assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_counts(t, &slots, NULL, NULL),
                      KOL_STATUS_OK);
        if (c->want != KOL_STATUS_OK)
            assert_true(slots == 0);
        kol_traffic_free(t);
    }
    /* construction */
    assert_status(ctx, kol_traffic_new(ctx, dup, 2, &t), KOL_STATUS_DUPLICATE);
    assert_null(t);
    assert_last_error(ctx, KOL_STATUS_DUPLICATE, "views|twice");
    assert_status(ctx, kol_traffic_new(ctx, unk, 1, &t),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(ctx, 12);
    assert_status(ctx, kol_traffic_new(ctx, &ch, 0, &t),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_new(ctx, &ch, 8, &t),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_new(ctx, NULL, 1, &t),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_new(NULL, &ch, 1, &t),
                     KOL_STATUS_INVALID_ARGUMENT);
    /* NULL arrays */
    t = make(ctx, &ch, 1);
    assert_status(ctx, kol_traffic_feed(t, NULL, NULL, 3, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "timestamps");
    assert_int_equal(kol_traffic_feed(NULL, NULL, NULL, 0, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_run(t, NULL, NULL, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_totals(NULL, 0, NULL, NULL, NULL, NULL,
                                        NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_interval_count(NULL, NULL), 0u);
    assert_int_equal(kol_traffic_delay(NULL), 0u);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Pull input, chunk sizes, callbacks that stop                        */

typedef struct {
    const int64_t *ts;
    const double *v;
    size_t n, pos, nch;
    size_t chunk;      /* rows per call (capped by the capacity) */
    int fail_at_call;  /* return fail_code at this call; -1 never */
    int fail_code;
    size_t overfill;   /* report this many rows more than capacity */
    int calls;
} reader;

static int read_rows(void *user, int64_t *ts, double *values, size_t cap,
                     size_t *count)
{
    reader *r = user;
    size_t k = r->chunk;
    if (r->fail_at_call >= 0 && r->calls == r->fail_at_call)
        return r->fail_code;
    r->calls++;
    if (r->overfill) {
        *count = cap + r->overfill;
        return 0;
    }
    if (k > cap)
        k = cap;
    if (k > r->n - r->pos)
        k = r->n - r->pos;
    memcpy(ts, r->ts + r->pos, k * sizeof *ts);
    memcpy(values, r->v + r->pos * r->nch, k * r->nch * sizeof *values);
    r->pos += k;
    *count = k;
    return 0;
}

/* A test series with everything in it: organic counts, a burst, a drip,
 * repeated timestamps, a gap, a decrease. */
static size_t build_mixed(int64_t *ts, double *v, size_t cap)
{
    uint64_t seed = 1234;
    size_t n = 0;
    int i;
    for (i = 0; i < 700 && n < cap; i++) {
        double lam = organic_rate(i);
        if (i >= 300 && i < 310)
            continue; /* a gap */
        ts[n] = (int64_t)i * 60 + (i % 7 == 3 ? 59 : 0);
        v[3 * n] = rng_poisson(&seed, 20 * lam);
        v[3 * n + 1] = rng_poisson(&seed, lam);
        v[3 * n + 2] = rng_poisson(&seed, 0.3 * lam);
        if (i == 200)
            v[3 * n + 1] += 300;
        if (i >= 400 && i < 460)
            v[3 * n + 1] += 20;
        if (i == 500)
            v[3 * n] = -50;
        n++;
        if (i % 50 == 0 && n < cap) { /* a repeated timestamp */
            ts[n] = ts[n - 1];
            v[3 * n] = 3;
            v[3 * n + 1] = NAN;
            v[3 * n + 2] = 1;
            n++;
        }
    }
    return n;
}

static void test_chunk_sweep(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS};
    enum { CAP = 900 };
    int64_t *ts = malloc(CAP * sizeof *ts);
    double *v = malloc(CAP * 3 * sizeof *v);
    size_t n, chunk;
    collector ref, got;
    kol_traffic *t;
    (void)state;
    assert_non_null(ts);
    assert_non_null(v);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    n = build_mixed(ts, v, CAP);
    collector_init(&ref, 2 * CAP);
    collector_init(&got, 2 * CAP);
    t = make(ctx, ch, 3);
    assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, &ref),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, collect, &ref), KOL_STATUS_OK);
    assert_false(ref.bad);
    assert_true(ref.n == 700);
    kol_traffic_free(t);
    for (chunk = 1; chunk <= 300; chunk += (chunk < 20 ? 1 : 37)) {
        size_t pos;
        /* push */
        t = make(ctx, ch, 3);
        got.n = 0;
        for (pos = 0; pos < n; pos += chunk) {
            size_t k = n - pos < chunk ? n - pos : chunk;
            assert_status(ctx, kol_traffic_feed(t, ts + pos, v + 3 * pos, k,
                                                collect, &got),
                          KOL_STATUS_OK);
        }
        assert_status(ctx, kol_traffic_finish(t, collect, &got),
                      KOL_STATUS_OK);
        if (!results_equal(&ref, &got))
            fail_msg("push in chunks of %zu differs", chunk);
        kol_traffic_free(t);
        /* pull */
        {
            reader r = {ts, v, n, 0, 3, chunk, -1, 0, 0, 0};
            t = make(ctx, ch, 3);
            got.n = 0;
            assert_status(ctx, kol_traffic_run(t, read_rows, &r, collect,
                                               &got),
                          KOL_STATUS_OK);
            if (!results_equal(&ref, &got))
                fail_msg("pull in chunks of %zu differs", chunk);
            kol_traffic_free(t);
        }
    }
    collector_free(&ref);
    collector_free(&got);
    free(ts);
    free(v);
    kol_ctx_free(ctx);
}

static int count_progress(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (void)done;
    (void)total;
    (*calls)++;
    return *calls >= 2 ? 77 : 0;
}

/* Cancels only the report that says the input has ended (total > 0). */
static int cancel_at_end(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (*calls)++;
    return total > 0 && done == total ? 78 : 0;
}

static void test_callbacks_stop(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS};
    enum { CAP = 900 };
    int64_t *ts = malloc(CAP * sizeof *ts);
    double *v = malloc(CAP * 3 * sizeof *v);
    size_t n;
    collector col;
    kol_traffic *t;
    uint64_t slots;
    (void)state;
    assert_non_null(ts);
    assert_non_null(v);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    n = build_mixed(ts, v, CAP);
    collector_init(&col, 2 * CAP);
    /* the emit callback stops */
    t = make(ctx, ch, 3);
    col.stop_at = 100;
    col.stop_code = 5;
    assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, &col),
                  KOL_STATUS_CALLBACK);
    assert_int_equal(kol_ctx_callback_code(ctx), 5);
    assert_last_error(ctx, KOL_STATUS_CALLBACK, "emit callback");
    assert_int_equal(col.n, 101u);
    assert_status(ctx, kol_traffic_counts(t, &slots, NULL, NULL),
                  KOL_STATUS_OK);
    assert_true(slots == 101);
    assert_status(ctx, kol_traffic_feed(t, ts, v, 1, collect, &col),
                  KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "stopped");
    assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
    col.stop_at = -1;
    col.n = 0;
    assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, &col),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, collect, &col), KOL_STATUS_OK);
    assert_int_equal(col.n, 700u);
    kol_traffic_free(t);

    /* the read callback stops: the chunks before stay applied */
    {
        reader r = {ts, v, n, 0, 3, 10, 3, 9, 0, 0};
        t = make(ctx, ch, 3);
        col.n = 0;
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, collect, &col),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(kol_ctx_callback_code(ctx), 9);
        assert_last_error(ctx, KOL_STATUS_CALLBACK, "read callback");
        /* the series goes on by push */
        assert_status(ctx, kol_traffic_feed(t, ts + 30, v + 90, n - 30,
                                            collect, &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_int_equal(col.n, 700u);
        kol_traffic_free(t);
    }
    /* the read callback lies about its count */
    {
        reader r = {ts, v, n, 0, 3, 10, -1, 0, 5, 0};
        t = make(ctx, ch, 3);
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, NULL, NULL),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "capacity");
        kol_traffic_free(t);
    }
    /* a bad value in a later chunk of a run: the message names the run and
     * counts rows from its first row, not from the chunk's */
    {
        static const size_t bad = 300; /* in the second chunk of 256 */
        double keep = v[bad * 3 + 1];
        reader r = {ts, v, n, 0, 3, 256, -1, 0, 0, 0};
        v[bad * 3 + 1] = INFINITY;
        t = make(ctx, ch, 3);
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, NULL, NULL),
                      KOL_STATUS_NOT_FINITE);
        assert_last_error(ctx, KOL_STATUS_NOT_FINITE,
                          "kol_traffic_run: row 300, channel ");
        kol_traffic_free(t);
        t = make(ctx, ch, 3);
        assert_status(ctx, kol_traffic_feed(t, ts + 256, v + 256 * 3,
                                            n - 256, NULL, NULL),
                      KOL_STATUS_NOT_FINITE);
        assert_last_error(ctx, KOL_STATUS_NOT_FINITE,
                          "kol_traffic_feed: row 44, channel ");
        kol_traffic_free(t);
        v[bad * 3 + 1] = keep;
    }
    /* progress cancels a long pull */
    {
        enum { BIG = 200000 };
        int64_t *bts = malloc(BIG * sizeof *bts);
        double *bv = malloc(BIG * sizeof *bv);
        int32_t one = KOL_CHANNEL_VIEWS;
        int calls = 0;
        size_t i;
        reader r;
        assert_non_null(bts);
        assert_non_null(bv);
        for (i = 0; i < BIG; i++) {
            bts[i] = (int64_t)i * 60;
            bv[i] = (double)(i % 13);
        }
        memset(&r, 0, sizeof r);
        r.ts = bts;
        r.v = bv;
        r.n = BIG;
        r.nch = 1;
        r.chunk = 1000;
        r.fail_at_call = -1;
        assert_status(ctx, kol_ctx_set_progress(ctx, count_progress, &calls),
                      KOL_STATUS_OK);
        t = make(ctx, &one, 1);
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, NULL, NULL),
                      KOL_STATUS_CANCELLED);
        assert_int_equal(kol_ctx_callback_code(ctx), 77);
        assert_int_equal(calls, 2);
        kol_traffic_free(t);
        /* a cancel at the last report (the input has ended) leaves the
         * series unfinished, as a cancel mid-run does: finish then
         * emits its last results. (It used to come after the finish, so
         * CANCELLED was returned for a finished series.) */
        {
            uint64_t emitted = 0;
            collector c2;
            r.pos = 0;
            r.n = 3000;
            calls = 0;
            assert_status(ctx,
                          kol_ctx_set_progress(ctx, cancel_at_end, &calls),
                          KOL_STATUS_OK);
            t = make(ctx, &one, 1);
            collector_init(&c2, 4000);
            assert_status(ctx, kol_traffic_run(t, read_rows, &r, collect,
                                               &c2),
                          KOL_STATUS_CANCELLED);
            assert_int_equal(kol_ctx_callback_code(ctx), 78);
            assert_int_equal(calls, 1);
            assert_true(c2.n < 3000);
            assert_status(ctx, kol_ctx_set_progress(ctx, NULL, NULL),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_finish(t, collect, &c2),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_counts(t, &emitted, NULL, NULL),
                          KOL_STATUS_OK);
            assert_true(emitted == 3000 && c2.n == 3000);
            collector_free(&c2);
            kol_traffic_free(t);
        }
        assert_status(ctx, kol_ctx_set_progress(ctx, NULL, NULL),
                      KOL_STATUS_OK);
        free(bts);
        free(bv);
    }
    collector_free(&col);
    free(ts);
    free(v);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Allocation failures and bounded memory                              */

typedef struct {
    kol_ctx *ctx;
    kol_traffic *t;
    int64_t ts[64];
    double v[128];
    int mode; /* 0 new, 1 feed, 2 run, 3 feed_blocks, 4 run_blocks */
    kol_status last;
    uint64_t block_slots; /* slots handed over in blocks */
} alloc_fixture;

static kol_ctx *alloc_setup(void *user, testalloc *ta)
{
    alloc_fixture *f = user;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    int i;
    f->ctx = NULL;
    f->t = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &f->ctx), KOL_STATUS_OK);
    for (i = 0; i < 64; i++) {
        f->ts[i] = i * 60;
        f->v[2 * i] = 10 + i % 5;
        f->v[2 * i + 1] = 1 + i % 3;
    }
    if (f->mode != 0)
        assert_int_equal(kol_traffic_new(f->ctx, ch, 2, &f->t),
                         KOL_STATUS_OK);
    return f->ctx;
}

static int alloc_read(void *user, int64_t *ts, double *values, size_t cap,
                      size_t *count)
{
    alloc_fixture *f = user;
    (void)cap;
    (void)ts;
    (void)values;
    (void)f;
    *count = 0;
    return 0;
}

static int alloc_block(void *user, size_t n, const int64_t *timestamps,
                       const uint32_t *n_samples, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    alloc_fixture *f = user;
    (void)timestamps;
    (void)n_samples;
    (void)scores;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    assert_true(n >= 1 && n <= 128);
    assert_int_equal(n_channels, 2);
    f->block_slots += n;
    return 0;
}

static kol_status alloc_run_call(alloc_fixture *f);

/* A refused allocation is reported under the public call's name. */
static kol_status alloc_run(void *user)
{
    static const char *const fn[5] = {
        "kol_traffic_new", "kol_traffic_feed", "kol_traffic_run",
        "kol_traffic_feed_blocks", "kol_traffic_run_blocks"};
    alloc_fixture *f = user;
    return assert_nomem_named(f->ctx, alloc_run_call(f), fn[f->mode]);
}

static kol_status alloc_run_call(alloc_fixture *f)
{
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    if (f->mode == 0) {
        kol_traffic *t = NULL;
        kol_status st = kol_traffic_new(f->ctx, ch, 2, &t);
        if (st == KOL_STATUS_OK) {
            if (f->t)
                kol_traffic_free(f->t);
            f->t = t;
        } else {
            assert_null(t);
        }
        return st;
    }
    if (f->mode == 1) {
        if (f->t && kol_traffic_delay(f->t) > 0) {
            uint64_t slots = 0;
            kol_status st = kol_traffic_feed(f->t, f->ts, f->v, 64, NULL,
                                             NULL);
            if (st == KOL_STATUS_OK) {
                kol_traffic_counts(f->t, &slots, NULL, NULL);
                assert_true(slots == 64u - 1u - kol_traffic_delay(f->t));
                st = kol_traffic_reset(f->t);
            }
            return st;
        }
        return KOL_STATUS_INVALID_ARGUMENT;
    }
    if (f->mode == 3) {
        uint64_t slots = 0;
        kol_status st;
        f->block_slots = 0;
        st = kol_traffic_feed_blocks(f->t, f->ts, f->v, 64, alloc_block, f);
        if (st == KOL_STATUS_OK) {
            kol_traffic_counts(f->t, &slots, NULL, NULL);
            assert_true(slots == 64u - 1u - kol_traffic_delay(f->t));
            assert_true(f->block_slots == slots);
            st = kol_traffic_reset(f->t);
        }
        return st;
    }
    if (f->mode == 4)
        return kol_traffic_run_blocks(f->t, alloc_read, f, alloc_block, f);
    return kol_traffic_run(f->t, alloc_read, f, NULL, NULL);
}

static void alloc_snapshot(void *user, testbuf *out)
{
    alloc_fixture *f = user;
    uint64_t slots = 0, flagged = 0;
    if (!f->t) {
        testbuf_printf(out, "no monitor");
        return;
    }
    kol_traffic_counts(f->t, &slots, &flagged, NULL);
    testbuf_printf(out, "slots %llu flagged %llu",
                   (unsigned long long)slots, (unsigned long long)flagged);
}

static void alloc_teardown(void *user)
{
    alloc_fixture *f = user;
    kol_traffic_free(f->t);
    f->t = NULL;
}

static void test_alloc_failures(void **state)
{
    alloc_fixture f;
    testalloc_op op;
    int mode;
    (void)state;
    static const char *const names[5] = {"traffic new", "traffic feed",
                                         "traffic run", "traffic feed_blocks",
                                         "traffic run_blocks"};
    for (mode = 0; mode < 5; mode++) {
        memset(&f, 0, sizeof f);
        f.mode = mode;
        memset(&op, 0, sizeof op);
        op.name = names[mode];
        op.user = &f;
        op.setup = alloc_setup;
        op.run = alloc_run;
        op.snapshot = alloc_snapshot;
        op.teardown = alloc_teardown;
        assert_true(testalloc_loop(&op, 0) > 0);
    }
}

static void test_bounded_memory(void **state)
{
    testalloc ta;
    kol_ctx *ctx = NULL;
    int32_t ch[4] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS, KOL_CHANNEL_SHARES};
    kol_traffic *t = NULL;
    enum { CH = 4096 };
    int64_t ts[CH];
    double v[CH * 4];
    uint64_t seed = 3;
    size_t bytes_after_first = 0, blocks_after_first = 0;
    int round, i;
    (void)state;
    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &ctx), KOL_STATUS_OK);
    assert_int_equal(kol_traffic_new(ctx, ch, 4, &t), KOL_STATUS_OK);
    for (round = 0; round < 100; round++) {
        for (i = 0; i < CH; i++) {
            int64_t m = (int64_t)round * CH + i;
            int k;
            ts[i] = m * 60;
            for (k = 0; k < 4; k++)
                v[4 * i + k] = rng_poisson(&seed, 5.0 + 3.0 * k) +
                               (m % 997 == 0 ? 500 : 0);
        }
        assert_status(ctx, kol_traffic_feed(t, ts, v, CH, NULL, NULL),
                      KOL_STATUS_OK);
        if (round == 0) {
            bytes_after_first = ta.live_bytes;
            blocks_after_first = ta.live_blocks;
        } else {
            assert_int_equal(ta.live_bytes, bytes_after_first);
            assert_int_equal(ta.live_blocks, blocks_after_first);
        }
    }
    assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
    assert_int_equal(ta.live_bytes, bytes_after_first);
    print_message("monitor memory, 4 channels: %zu bytes in %zu blocks\n",
                  bytes_after_first, blocks_after_first);
    /* 409600 samples; memory stays below 64 KiB */
    assert_true(bytes_after_first < 65536);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
    testalloc_assert_clean(&ta);
}

/* ------------------------------------------------------------------ */
/* Real organic cascades with injected bought traffic                  */

#define CASCADE_MINUTES 720
#define CASCADES 50

/* Retweets per minute of cascade k over its first 12 hours; returns 0
 * when the file is absent. */
static int load_cascade(int k, double *shares)
{
    char path[512];
    char line[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/tideh/RT%d.txt", KOL_DATA_DIR, k);
    f = fopen(path, "r");
    if (!f)
        return 0;
    memset(shares, 0, CASCADE_MINUTES * sizeof *shares);
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        double sec, followers;
        if (sscanf(line, "%lf %lf", &sec, &followers) == 2 && sec >= 0) {
            long m = (long)(sec / 60.0);
            if (m < CASCADE_MINUTES)
                shares[m] += 1;
        }
    }
    fclose(f);
    return 1;
}

typedef struct {
    long tp, fp, fn, clean_flagged, clean_minutes;
    double err_sum, err_max;
    int series;
} inject_stats;

/* Scenario 0: none; 1: bursts on views and likes (not shares); 2: a drip
 * on likes; 3: likes inflated alone. */
static void run_injection(int scenario, inject_stats *st)
{
    static double shares[CASCADE_MINUTES];
    static double org[CASCADE_MINUTES][3], val[CASCADE_MINUTES][3];
    static int inj[CASCADE_MINUTES];
    static int64_t ts[CASCADE_MINUTES];
    int32_t ch[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_SHARES};
    kol_ctx *ctx = NULL;
    collector col;
    int k, i;
    memset(st, 0, sizeof *st);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    collector_init(&col, CASCADE_MINUTES);
    for (k = 1; k <= CASCADES; k++) {
        uint64_t seed = (uint64_t)k * 7919u + (uint64_t)scenario;
        double exposure = 0, org_total = 0, restored;
        kol_traffic *t;
        if (!load_cascade(k, shares))
            continue;
        /* Organic companions of the real shares: views and likes come
         * from the audience the shares reached, smoothed over minutes. */
        for (i = 0; i < CASCADE_MINUTES; i++) {
            exposure = 0.8 * exposure + 0.2 * shares[i];
            org[i][0] = rng_poisson(&seed, 40.0 * exposure);
            org[i][1] = rng_poisson(&seed, 3.0 * exposure);
            org[i][2] = shares[i];
            inj[i] = 0;
            ts[i] = (int64_t)i * 60;
        }
        memcpy(val, org, sizeof org);
        if (scenario == 1) {
            int b;
            for (b = 0; b < 3; b++) {
                int s0 = 30 + (int)(rng_unif(&seed) * (CASCADE_MINUTES - 60));
                int len = 1 + (int)(rng_unif(&seed) * 3);
                double lev = 0, a;
                int j;
                for (j = 1; j <= 10; j++)
                    lev += org[s0 - j][1];
                a = 20.0 + 0.5 * lev;
                for (j = 0; j < len; j++) {
                    val[s0 + j][1] += a;
                    val[s0 + j][0] += floor(10.0 * a);
                    inj[s0 + j] = 1;
                }
            }
        } else if (scenario == 2) {
            int s0 = 180 + (int)(rng_unif(&seed) * 400), j;
            for (j = 0; j < 60; j++) {
                val[s0 + j][1] += 30;
                inj[s0 + j] = 1;
            }
        } else if (scenario == 3) {
            int b;
            for (b = 0; b < 3; b++) {
                int s0 = 30 + (int)(rng_unif(&seed) * (CASCADE_MINUTES - 60));
                int len = 5 + (int)(rng_unif(&seed) * 10), j;
                for (j = 0; j < len && s0 + j < CASCADE_MINUTES; j++) {
                    val[s0 + j][1] += 10.0 + 3.0 * org[s0 + j][1];
                    inj[s0 + j] = 1;
                }
            }
        }
        t = make(ctx, ch, 3);
        col.n = 0;
        assert_status(ctx, kol_traffic_feed(t, ts, &val[0][0],
                                            CASCADE_MINUTES, collect, &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_false(col.bad);
        assert_int_equal(col.n, (size_t)CASCADE_MINUTES);
        for (i = 0; i < CASCADE_MINUTES; i++) {
            int fl = col.r[i].score >= 0.5;
            org_total += org[i][1];
            if (scenario == 0) {
                st->clean_minutes++;
                st->clean_flagged += fl;
            } else if (fl && inj[i]) {
                st->tp++;
            } else if (fl) {
                st->fp++;
            } else if (inj[i]) {
                st->fn++;
            }
        }
        assert_status(ctx, kol_traffic_totals(t, 1, NULL, &restored, NULL,
                                              NULL, NULL),
                      KOL_STATUS_OK);
        {
            double e = fabs(restored - org_total) /
                       (org_total > 0 ? org_total : 1);
            st->err_sum += e;
            if (e > st->err_max)
                st->err_max = e;
        }
        st->series++;
        kol_traffic_free(t);
    }
    collector_free(&col);
    kol_ctx_free(ctx);
}

static void test_tideh_injection(void **state)
{
    inject_stats s;
    double p, r;
    int sc;
    (void)state;
    {
        double probe[CASCADE_MINUTES];
        if (!load_cascade(1, probe)) {
            print_message("SKIP: tideh data not found under %s\n",
                          KOL_DATA_DIR);
            skip();
            return;
        }
    }
    run_injection(0, &s);
    assert_int_equal(s.series, CASCADES);
    print_message("tideh clean: %ld of %ld minutes flagged (%.4f); restored "
                  "likes mean |err| %.4f, max %.4f\n",
                  s.clean_flagged, s.clean_minutes,
                  (double)s.clean_flagged / (double)s.clean_minutes,
                  s.err_sum / s.series, s.err_max);
    /* organic series: at most 1.2% of minutes flagged (0.68% measured),
     * restored totals within 0.5% on average (0.17% measured) */
    assert_true((double)s.clean_flagged < 0.012 * (double)s.clean_minutes);
    assert_true(s.err_sum / s.series < 0.005);
    for (sc = 1; sc <= 3; sc++) {
        static const char *const names[4] = {"", "bursts", "drip",
                                             "likes alone"};
        /* floors of precision and recall per scenario, and the tolerance
         * on restored like totals (mean and worst relative error) */
        static const double min_p[4] = {0, 0.45, 0.80, 0.75};
        static const double min_r[4] = {0, 0.95, 0.80, 0.80};
        static const double max_mean[4] = {0, 0.006, 0.04, 0.03};
        static const double max_worst[4] = {0, 0.05, 0.35, 0.20};
        run_injection(sc, &s);
        p = (double)s.tp / (double)(s.tp + s.fp);
        r = (double)s.tp / (double)(s.tp + s.fn);
        print_message("tideh %s: precision %.3f recall %.3f; restored likes "
                      "mean |err| %.4f, max %.4f\n",
                      names[sc], p, r, s.err_sum / s.series, s.err_max);
        assert_true(p >= min_p[sc]);
        assert_true(r >= min_r[sc]);
        assert_true(s.err_sum / s.series <= max_mean[sc]);
        assert_true(s.err_max <= max_worst[sc]);
    }
}

/* ------------------------------------------------------------------ */
/* Seasonal baseline and the drip reference of measurements            */

/* Hourly counts with a strong daily cycle (quiet nights, busy evenings),
 * 30 days, a bought burst at a fixed hour on days 20 and 25. Returns the
 * slots flagged outside the bursts and whether both bursts were found. */
static void run_daily(double season_period, uint64_t *false_flags,
                      int *found)
{
    kol_ctx *ctx = NULL;
    int32_t ch = KOL_CHANNEL_VIEWS;
    kol_traffic *t;
    enum { DAYS = 30, N = DAYS * 24 };
    int64_t ts[N];
    double v[N];
    uint64_t seed = 21;
    collector col;
    size_t i;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, &ch, 1);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 3600),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t,
                                             KOL_TRAFFIC_PARAM_SEASON_PERIOD,
                                             season_period),
                  KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        int hour = (int)(i % 24);
        double rate = 5.0 + 95.0 * (hour >= 17 && hour <= 22 ? 1.0 : 0.0) +
                      30.0 * (hour >= 8 && hour <= 16 ? 1.0 : 0.0);
        ts[i] = 1700000000 - 1700000000 % 86400 + (int64_t)i * 3600;
        v[i] = rng_poisson(&seed, rate);
        if ((i == 20 * 24 + 3) || (i == 25 * 24 + 3))
            v[i] += 120; /* bought, at 3 in the night */
    }
    run_series(ctx, t, ts, v, N, N + 64, &col);
    assert_int_equal(col.n, N);
    *false_flags = 0;
    *found = 0;
    for (i = 3 * 24; i < N; i++) { /* after three days */
        int bought = (i == 20 * 24 + 3) || (i == 25 * 24 + 3);
        if (bought)
            *found += (col.r[i].reasons & KOL_TRAFFIC_REASON_BURST) != 0;
        else if (col.r[i].reasons & 31u)
            (*false_flags)++;
    }
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

static void test_seasonal_baseline(void **state)
{
    uint64_t ff_season, ff_flat;
    int found_season, found_flat;
    double lo, hi, def;
    kol_ctx *ctx = NULL;
    int32_t ch = KOL_CHANNEL_VIEWS;
    kol_traffic *t;
    (void)state;
    assert_int_equal(kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_SEASON_PERIOD,
                                              &lo, &hi, &def),
                     KOL_STATUS_OK);
    assert_true(lo == 0 && def == 86400);
    assert_int_equal(kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_SEASON_GAMMA,
                                              &lo, &hi, &def),
                     KOL_STATUS_OK);
    assert_true(def == 0.2 && hi == 1);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, &ch, 1);
    assert_status(ctx, kol_traffic_set_param(t,
                                             KOL_TRAFFIC_PARAM_SEASON_PERIOD,
                                             3600.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_SEASON_GAMMA,
                                             0),
                  KOL_STATUS_OUT_OF_RANGE);
    kol_traffic_free(t);
    kol_ctx_free(ctx);

    run_daily(86400, &ff_season, &found_season);
    run_daily(0, &ff_flat, &found_flat);
    print_message("daily cycle: %llu organic hours flagged with the seasonal "
                  "profile, %llu without; bursts found %d / %d\n",
                  (unsigned long long)ff_season, (unsigned long long)ff_flat,
                  found_season, found_flat);
    /* with the profile the evening rise is expected, so the dispersion is
     * not inflated by it and a night-time burst stands out; without it
     * the same bursts hide in the daily swing */
    assert_int_equal(found_season, 2);
    assert_true(found_flat < found_season);
    assert_true(ff_season <= 10); /* of 646 organic hours */

    /* before a whole season has passed the profile is not used: a post
     * watched for less than a day scores exactly as without it */
    {
        enum { M = 1400 };
        static int64_t ts2[M];
        static double v2[M * 2];
        int32_t ch2[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
        collector a, b;
        uint64_t seed = 8;
        size_t i;
        kol_traffic *t1, *t2;
        assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
        for (i = 0; i < M; i++) {
            double lvl = 5.0 + 200.0 * exp(-(double)i / 300.0);
            ts2[i] = 1700000000 + (int64_t)i * 60;
            v2[2 * i] = rng_poisson(&seed, lvl);
            v2[2 * i + 1] = rng_poisson(&seed, 0.1 * lvl) +
                            (i % 211 == 0 ? 40 : 0);
        }
        t1 = make(ctx, ch2, 2);
        t2 = make(ctx, ch2, 2);
        assert_status(ctx, kol_traffic_set_param(
                               t2, KOL_TRAFFIC_PARAM_SEASON_PERIOD, 0),
                      KOL_STATUS_OK);
        collector_init(&a, M + 64);
        collector_init(&b, M + 64);
        assert_status(ctx, kol_traffic_feed(t1, ts2, v2, M, collect, &a),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t1, collect, &a),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_feed(t2, ts2, v2, M, collect, &b),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t2, collect, &b),
                      KOL_STATUS_OK);
        assert_int_equal(a.n, M);
        assert_true(results_equal(&a, &b));
        collector_free(&a);
        collector_free(&b);
        kol_traffic_free(t1);
        kol_traffic_free(t2);
        kol_ctx_free(ctx);
    }
}

/* A gauge (not counts, DISPERSION_FLOOR 0) that alternates between two
 * levels every 12 hours with uniform noise: its windows are as regular as
 * usual, so the drip test must stay quiet, although the windows that
 * straddle a level change have a far larger dispersion index. */
static void test_drip_reference_measurements(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch = KOL_CHANNEL_VIEWS;
    kol_traffic *t;
    enum { N = 4032 };
    static int64_t ts[N];
    static double v[N];
    uint64_t seed = 5, drip = 0;
    collector col;
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, &ch, 1);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 300),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(
                           t, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR, 0),
                  KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        int high = (i / 144) % 2 == 1;
        ts[i] = (int64_t)i * 300;
        v[i] = (high ? 80.0 : 20.0) + 4.0 * (rng_unif(&seed) - 0.5) *
                                        (high ? 3.0 : 1.0);
    }
    run_series(ctx, t, ts, v, N, N + 64, &col);
    for (i = 0; i < col.n; i++)
        drip += (col.r[i].reasons & KOL_TRAFFIC_REASON_DRIP) != 0;
    print_message("two-level gauge: %llu of %d slots flagged as drip\n",
                  (unsigned long long)drip, N);
    assert_true(drip * 10 <= N);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* NAB                                                                 */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, se;
    if (sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
        return 0;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 1;
}

typedef struct {
    const char *file;
    int64_t step;
    const char *win[4][2];
    int nwin;
} nab_file;

static void test_nab(void **state)
{
    /* Windows copied from nab/labels.json. */
    static const nab_file files[] = {
        {"artificialNoAnomaly/art_daily_no_noise.csv", 300, {{0}}, 0},
        {"artificialNoAnomaly/art_daily_perfect_square_wave.csv", 300, {{0}},
         0},
        {"artificialNoAnomaly/art_daily_small_noise.csv", 300, {{0}}, 0},
        {"artificialNoAnomaly/art_flatline.csv", 300, {{0}}, 0},
        {"artificialNoAnomaly/art_noisy.csv", 300, {{0}}, 0},
        {"artificialWithAnomaly/art_daily_flatmiddle.csv", 300,
         {{"2014-04-10 07:15:00", "2014-04-11 16:45:00"}}, 1},
        {"artificialWithAnomaly/art_daily_jumpsdown.csv", 300,
         {{"2014-04-10 16:15:00", "2014-04-12 01:45:00"}}, 1},
        {"artificialWithAnomaly/art_daily_jumpsup.csv", 300,
         {{"2014-04-10 16:15:00", "2014-04-12 01:45:00"}}, 1},
        {"artificialWithAnomaly/art_daily_nojump.csv", 300,
         {{"2014-04-10 16:15:00", "2014-04-12 01:45:00"}}, 1},
        {"artificialWithAnomaly/art_increase_spike_density.csv", 300,
         {{"2014-04-07 06:25:00", "2014-04-08 15:55:00"}}, 1},
        {"artificialWithAnomaly/art_load_balancer_spikes.csv", 300,
         {{"2014-04-10 11:50:00", "2014-04-11 21:20:00"}}, 1},
        {"realAdExchange/exchange-2_cpc_results.csv", 3600,
         {{"2011-07-11 04:00:01", "2011-07-17 22:00:01"}},
         1},
        {"realAdExchange/exchange-2_cpm_results.csv", 3600,
         {{"2011-07-24 14:00:01", "2011-07-27 22:00:01"}, {"2011-08-09 00:00:01", "2011-08-12 09:00:01"}},
         2},
        {"realAdExchange/exchange-3_cpc_results.csv", 3600,
         {{"2011-07-13 09:15:01", "2011-07-15 11:15:01"}, {"2011-07-19 09:15:01", "2011-07-21 11:15:01"}, {"2011-08-12 07:15:01", "2011-08-14 13:15:01"}},
         3},
        {"realAdExchange/exchange-3_cpm_results.csv", 3600,
         {{"2011-08-16 10:15:01", "2011-08-23 00:15:01"}},
         1},
        {"realAdExchange/exchange-4_cpc_results.csv", 3600,
         {{"2011-07-15 06:15:01", "2011-07-17 12:15:01"}, {"2011-08-01 07:15:01", "2011-08-03 15:15:01"}, {"2011-08-22 05:15:01", "2011-08-24 11:15:01"}},
         3},
        {"realAdExchange/exchange-4_cpm_results.csv", 3600,
         {{"2011-07-15 13:15:01", "2011-07-17 05:15:01"}, {"2011-07-31 11:15:01", "2011-08-02 05:15:01"}, {"2011-08-22 12:15:01", "2011-08-24 04:15:01"}, {"2011-08-27 17:15:01", "2011-08-29 09:15:01"}},
         4},
        {"realTraffic/TravelTime_387.csv", 600,
         {{"2015-07-27 10:56:00", "2015-07-31 18:01:00"}, {"2015-08-17 11:51:00", "2015-08-20 01:54:00"}, {"2015-08-31 15:44:00", "2015-09-01 13:06:00"}},
         3},
        {"realTraffic/TravelTime_451.csv", 600,
         {{"2015-08-09 17:57:00", "2015-08-12 20:01:00"}},
         1},
        {"realTraffic/occupancy_6005.csv", 300,
         {{"2015-09-14 17:45:00", "2015-09-15 17:24:00"}},
         1},
        {"realTraffic/occupancy_t4013.csv", 300,
         {{"2015-09-16 00:59:00", "2015-09-16 13:19:00"}, {"2015-09-17 00:20:00", "2015-09-17 13:10:00"}},
         2},
        {"realTraffic/speed_6005.csv", 300,
         {{"2015-09-16 18:40:00", "2015-09-17 16:24:00"}},
         1},
        {"realTraffic/speed_7578.csv", 300,
         {{"2015-09-11 15:34:00", "2015-09-11 17:54:00"}, {"2015-09-15 13:26:00", "2015-09-15 15:54:00"}, {"2015-09-16 13:04:00", "2015-09-16 15:20:00"}, {"2015-09-16 16:00:00", "2015-09-16 18:20:00"}},
         4},
        {"realTraffic/speed_t4013.csv", 300,
         {{"2015-09-16 00:44:00", "2015-09-16 13:14:00"}, {"2015-09-17 00:30:00", "2015-09-17 13:30:00"}},
         2},
    };
    char path[512], line[256];
    size_t fi;
    int64_t *ts = malloc(20000 * sizeof *ts);
    double *v = malloc(20000 * sizeof *v);
    kol_ctx *ctx = NULL;
    int32_t ch = KOL_CHANNEL_VIEWS;
    double sum_in = 0, sum_out = 0;
    long n_in = 0, n_out = 0;
    int scored = 0, labelled = 0, rising = 0;
    (void)state;
    assert_non_null(ts);
    assert_non_null(v);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    snprintf(path, sizeof path, "%s/nab/labels.json", KOL_DATA_DIR);
    {
        FILE *probe = fopen(path, "r");
        if (!probe) {
            print_message("SKIP: NAB data not found under %s\n",
                          KOL_DATA_DIR);
            free(ts);
            free(v);
            kol_ctx_free(ctx);
            skip();
            return;
        }
        fclose(probe);
    }
    for (fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        const nab_file *nf = &files[fi];
        FILE *f;
        size_t n = 0, i;
        kol_traffic *t;
        collector col;
        int64_t w0[4] = {0, 0, 0, 0}, w1[4] = {0, 0, 0, 0};
        double fin = 0, fout = 0;
        long cin = 0, cout = 0;
        int w;
        snprintf(path, sizeof path, "%s/nab/%s", KOL_DATA_DIR, nf->file);
        f = fopen(path, "r");
        assert_non_null(f);
        assert_non_null(fgets(line, sizeof line, f));
        while (n < 20000 && fgets(line, sizeof line, f)) {
            char *comma = strchr(line, ',');
            if (!comma)
                continue;
            *comma = 0;
            assert_true(parse_time(line, &ts[n]));
            v[n] = strtod(comma + 1, NULL);
            n++;
        }
        fclose(f);
        for (w = 0; w < nf->nwin; w++) {
            assert_true(parse_time(nf->win[w][0], &w0[w]));
            assert_true(parse_time(nf->win[w][1], &w1[w]));
        }
        t = make(ctx, &ch, 1);
        /* NAB values are measurements, not counts (documented use of the
         * two parameters) */
        assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP,
                                                 (double)nf->step),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR, 0),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_MIN_EXCESS, 0),
                      KOL_STATUS_OK);
        collector_init(&col, 2 * n + 16);
        assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, &col),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &col),
                      KOL_STATUS_OK);
        assert_false(col.bad);
        assert_true(col.n >= n);
        scored++;
        for (i = 0; i < col.n && i < col.cap; i++) {
            int in = 0;
            for (w = 0; w < nf->nwin; w++)
                if (col.r[i].ts >= w0[w] && col.r[i].ts <= w1[w])
                    in = 1;
            if (in) {
                fin += col.r[i].score;
                cin++;
            } else {
                fout += col.r[i].score;
                cout++;
            }
        }
        if (nf->nwin > 0 && cin > 0 && cout > 0) {
            labelled++;
            rising += fin / (double)cin > fout / (double)cout;
            sum_in += fin / (double)cin;
            sum_out += fout / (double)cout;
            n_in++;
            n_out++;
            print_message("NAB %s: mean score inside %.4f, outside %.4f\n",
                          nf->file, fin / (double)cin, fout / (double)cout);
        }
        collector_free(&col);
        kol_traffic_free(t);
    }
    assert_int_equal(scored, (int)(sizeof files / sizeof files[0]));
    print_message("NAB: %d of %d labelled files score higher inside their "
                  "windows; mean over files %.4f inside, %.4f outside\n",
                  rising, labelled, sum_in / (double)n_in,
                  sum_out / (double)n_out);
    assert_true(sum_in / (double)n_in > 1.2 * (sum_out / (double)n_out));
    assert_true(2 * rising >= labelled);
    assert_true(rising >= 11); /* 12 of 19 measured */
    free(ts);
    free(v);
    kol_ctx_free(ctx);
}


/* ------------------------------------------------------------------ */
/* Results in blocks                                                   */

typedef struct {
    collector *col;
    int calls;
    int stop_at_call; /* stop (return 7) on this call; 0 never */
    size_t max_n;
} block_sink;

static int collect_block(void *user, size_t n, const int64_t *timestamps,
                         const uint32_t *n_samples, const double *scores,
                         const uint32_t *reasons, const double *observed,
                         const double *restored,
                         const uint32_t *channel_reasons, size_t n_channels)
{
    block_sink *b = user;
    size_t i;
    int rc = 0;
    b->calls++;
    if (n > b->max_n)
        b->max_n = n;
    if (n == 0 || n > 128)
        b->col->bad = 1;
    for (i = 0; i < n; i++)
        (void)collect(b->col, timestamps[i], n_samples[i], scores[i],
                      reasons[i], observed + i * n_channels,
                      restored + i * n_channels,
                      channel_reasons + i * n_channels, n_channels);
    if (b->stop_at_call > 0 && b->calls == b->stop_at_call)
        rc = 7;
    return rc;
}

/* A series with bursts, a drip, missing slots and repeated slots. */
static void make_series(int64_t *ts, double *v, size_t n, size_t nch,
                        uint64_t seed)
{
    size_t i, c;
    for (i = 0; i < n; i++) {
        ts[i] = (int64_t)(i + i / 50) * 60; /* a missing slot every 50 */
        for (c = 0; c < nch; c++) {
            double lvl = organic_rate((int)(i % 400)) * (c == 0 ? 10 : 1);
            v[i * nch + c] = rng_poisson(&seed, lvl) +
                             (i % 333 == 100 ? 60.0 * (double)(c + 1) : 0) +
                             (c == 1 && i >= 600 && i < 660 ? 25 : 0);
        }
    }
}

static void test_blocks(void **state)
{
    enum { N = 1500 };
    static int64_t ts[N];
    static double v[N * 6];
    static const size_t chunks[] = {1, 7, 128, 129, 400, N};
    int32_t ch[6] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS, KOL_CHANNEL_SHARES,
                     KOL_CHANNEL_SAVES, KOL_CHANNEL_FOLLOWS};
    kol_ctx *ctx = NULL;
    size_t nch;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (nch = 1; nch <= 6; nch += 5) {
        collector ref;
        kol_traffic *t = make(ctx, ch, nch);
        size_t k;
        make_series(ts, v, N, nch, 77 + nch);
        collector_init(&ref, 2 * N);
        assert_status(ctx, kol_traffic_feed(t, ts, v, N, collect, &ref),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, collect, &ref),
                      KOL_STATUS_OK);
        assert_false(ref.bad);
        assert_true(ref.n > N);
        for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
            collector got;
            block_sink b;
            size_t i;
            memset(&b, 0, sizeof b);
            collector_init(&got, 2 * N);
            b.col = &got;
            assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
            for (i = 0; i < N; i += chunks[k]) {
                size_t m = N - i < chunks[k] ? N - i : chunks[k];
                assert_status(ctx,
                              kol_traffic_feed_blocks(t, ts + i, v + i * nch,
                                                      m, collect_block, &b),
                              KOL_STATUS_OK);
            }
            assert_status(ctx, kol_traffic_finish_blocks(t, collect_block, &b),
                          KOL_STATUS_OK);
            assert_false(got.bad);
            assert_true(b.max_n <= 128);
            assert_true(results_equal(&ref, &got));
            /* pull, blocks spanning the read chunks */
            {
                reader r;
                collector pulled;
                block_sink pb;
                memset(&pb, 0, sizeof pb);
                collector_init(&pulled, 2 * N);
                pb.col = &pulled;
                r.ts = ts;
                r.v = v;
                r.n = N;
                r.pos = 0;
                r.nch = nch;
                r.chunk = chunks[k];
                r.fail_at_call = -1;
                r.fail_code = 0;
                r.overfill = 0;
                r.calls = 0;
                assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
                assert_status(ctx, kol_traffic_run_blocks(t, read_rows, &r,
                                                          collect_block, &pb),
                              KOL_STATUS_OK);
                assert_true(results_equal(&ref, &pulled));
                if (chunks[k] == 1)
                    assert_int_equal(pb.max_n, 128);
                collector_free(&pulled);
            }
            collector_free(&got);
        }
        /* NULL block callback: results discarded, totals kept */
        {
            double o1, o2;
            assert_status(ctx, kol_traffic_totals(t, 0, &o1, NULL, NULL, NULL,
                                                  NULL),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_feed_blocks(t, ts, v, N, NULL,
                                                       NULL),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_finish_blocks(t, NULL, NULL),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_totals(t, 0, &o2, NULL, NULL, NULL,
                                                  NULL),
                          KOL_STATUS_OK);
            assert_true(o1 == o2);
        }
        collector_free(&ref);
        kol_traffic_free(t);
    }

    /* a block callback that stops: in a feed, in a finish, in a run */
    {
        kol_traffic *t = make(ctx, ch, 2);
        collector got;
        block_sink b;
        uint64_t slots;
        make_series(ts, v, N, 2, 5);
        memset(&b, 0, sizeof b);
        collector_init(&got, 2 * N);
        b.col = &got;
        b.stop_at_call = 2;
        assert_status(ctx, kol_traffic_feed_blocks(t, ts, v, N, collect_block,
                                                   &b),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(kol_ctx_callback_code(ctx), 7);
        assert_true(testmsg_has(kol_ctx_last_error(ctx), "block callback"));
        assert_status(ctx, kol_traffic_counts(t, &slots, NULL, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(slots, got.n); /* the getters cover the blocks */
        assert_status(ctx, kol_traffic_feed_blocks(t, ts, v, 1, collect_block,
                                                   &b),
                      KOL_STATUS_BAD_STATE);
        assert_true(testmsg_has(kol_ctx_last_error(ctx), "stopped"));
        assert_status(ctx, kol_traffic_finish_blocks(t, collect_block, &b),
                      KOL_STATUS_BAD_STATE);
        assert_status(ctx, kol_traffic_finish(t, collect, &got),
                      KOL_STATUS_BAD_STATE);
        {
            reader r;
            memset(&r, 0, sizeof r);
            r.fail_at_call = -1;
            assert_status(ctx, kol_traffic_run_blocks(t, read_rows, &r,
                                                      collect_block, &b),
                          KOL_STATUS_BAD_STATE);
        }
        /* stop in finish (the last block) */
        assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
        b.calls = 0;
        b.stop_at_call = 1;
        assert_status(ctx, kol_traffic_feed_blocks(t, ts, v, 100, NULL, NULL),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish_blocks(t, collect_block, &b),
                      KOL_STATUS_CALLBACK);
        /* a read callback that fails: the results of the chunks applied
         * are handed over before the run returns */
        {
            reader r;
            uint64_t emitted;
            r.ts = ts;
            r.v = v;
            r.n = N;
            r.pos = 0;
            r.nch = 2;
            r.chunk = 100;
            r.fail_at_call = 3;
            r.fail_code = 3;
            r.overfill = 0;
            r.calls = 0;
            assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
            got.n = 0;
            b.calls = 0;
            b.stop_at_call = 0;
            assert_status(ctx, kol_traffic_run_blocks(t, read_rows, &r,
                                                      collect_block, &b),
                          KOL_STATUS_CALLBACK);
            assert_int_equal(kol_ctx_callback_code(ctx), 3);
            assert_status(ctx, kol_traffic_counts(t, &emitted, NULL, NULL),
                          KOL_STATUS_OK);
            assert_true(emitted > 200);
            assert_int_equal(got.n, emitted);
            /* the same, with the block callback stopping in that last
             * hand-over */
            r.pos = 0;
            r.calls = 0;
            assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
            b.calls = 0;
            b.stop_at_call = 3;
            assert_status(ctx, kol_traffic_run_blocks(t, read_rows, &r,
                                                      collect_block, &b),
                          KOL_STATUS_CALLBACK);
            assert_int_equal(b.calls, 3);
            assert_status(ctx, kol_traffic_feed(t, ts, v, 1, NULL, NULL),
                          KOL_STATUS_BAD_STATE);
        }
        collector_free(&got);
        kol_traffic_free(t);
    }
    /* NULL handles and callbacks */
    assert_int_equal(kol_traffic_feed_blocks(NULL, ts, v, 1, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_finish_blocks(NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_run_blocks(NULL, read_rows, NULL, NULL,
                                            NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_run(NULL, read_rows, NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    {
        kol_traffic *t = make(ctx, ch, 1);
        assert_status(ctx, kol_traffic_run_blocks(t, NULL, NULL, NULL, NULL),
                      KOL_STATUS_INVALID_ARGUMENT);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Edges of the API and of the detectors                               */

/* Feed n rows of one channel (increments), return the results. */
static void run_one(kol_ctx *ctx, kol_traffic *t, const int64_t *ts,
                    const double *v, size_t n, collector *col)
{
    assert_status(ctx, kol_traffic_feed(t, ts, v, n, collect, col),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, collect, col), KOL_STATUS_OK);
    assert_false(col->bad);
}

/* Without the ratio test, channels do not interact below three channels
 * (no coherence test either): each channel's results in a two-channel
 * monitor are those of a monitor of that channel alone, bit for bit,
 * with bursts, a drip, NaN samples on one channel and the seasonal
 * profile in play. (The ratio slots are not counted without the ratio
 * test, and the monitor's constant-input path must not wait for them.) */
static void test_channels_apart_without_ratio(void **state)
{
    enum { N = 4000 };
    static int64_t ts[N];
    static double v2[2 * N], v1[2][N];
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    static const double sigs[3] = {31 - KOL_TRAFFIC_REASON_RATIO,
                                   KOL_TRAFFIC_REASON_BURST, 0};
    kol_ctx *ctx = NULL;
    uint64_t seed = 77;
    collector both, one[2];
    size_t i, c;
    int k;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v2[2 * i] = rng_poisson(&seed, 80 + 40 * sin((double)i / 229.0));
        v2[2 * i + 1] = rng_poisson(&seed, 8);
        if (i % 97 == 50)
            v2[2 * i] += 900; /* bought views */
        if (i >= 2000 && i < 2100)
            v2[2 * i + 1] = 8; /* a drip of likes */
        if (i % 31 == 7)
            v2[2 * i + 1] = NAN; /* likes not reported */
        v1[0][i] = v2[2 * i];
        v1[1][i] = v2[2 * i + 1];
    }
    for (k = 0; k < 3; k++) {
        kol_traffic *t = make(ctx, ch, 2);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_SIGNALS, sigs[k]),
                      KOL_STATUS_OK);
        collector_init(&both, N);
        run_one(ctx, t, ts, v2, N, &both);
        kol_traffic_free(t);
        for (c = 0; c < 2; c++) {
            t = make(ctx, &ch[c], 1);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_SIGNALS, sigs[k]),
                          KOL_STATUS_OK);
            collector_init(&one[c], N);
            run_one(ctx, t, ts, v1[c], N, &one[c]);
            kol_traffic_free(t);
            assert_int_equal(one[c].n, both.n);
        }
        for (i = 0; i < both.n; i++)
            for (c = 0; c < 2; c++) {
                const result *a = &both.r[i], *b = &one[c].r[i];
                assert_true(a->ts == b->ts);
                assert_memory_equal(&a->obs[c], &b->obs[0], sizeof(double));
                assert_memory_equal(&a->res[c], &b->res[0], sizeof(double));
                assert_int_equal(a->cre[c], b->cre[0]);
            }
        if (k == 0) {
            /* the signals did fire on both channels */
            uint32_t seen[2] = {0, 0};
            for (i = 0; i < both.n; i++)
                for (c = 0; c < 2; c++)
                    seen[c] |= both.r[i].cre[c];
            assert_true(seen[0] & KOL_TRAFFIC_REASON_BURST);
            assert_true(seen[1] & KOL_TRAFFIC_REASON_DRIP);
        }
        collector_free(&both);
        collector_free(&one[0]);
        collector_free(&one[1]);
    }
    kol_ctx_free(ctx);
}

/* The ratio test of a lane waits for its own first ratio slots (slots
 * where the lane and the reference are both present), even when every
 * lane's level has long passed its warm-up: views missing for the first
 * 50 slots, likes for the next 30, so that when the levels have grown
 * (slot 78) likes have had no ratio slot yet. Likes inflated without
 * views at slot 83 (three ratio slots) are no ratio break yet; at slot
 * 300 they are. */
static void test_ratio_warmup_after_level(void **state)
{
    enum { N = 400 };
    static int64_t ts[N];
    static double v[2 * N];
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    kol_ctx *ctx = NULL;
    kol_traffic *t;
    uint64_t seed = 5;
    collector col;
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 60;
        v[2 * i] = i < 50 ? NAN : rng_poisson(&seed, 600);
        v[2 * i + 1] = i >= 50 && i < 80 ? NAN : rng_poisson(&seed, 30);
        if (i == 83 || i == 300)
            v[2 * i + 1] += 300;
    }
    t = make(ctx, ch, 2);
    collector_init(&col, N);
    run_one(ctx, t, ts, v, N, &col);
    assert_int_equal(col.n, N);
    assert_int_equal(col.r[83].cre[0] & KOL_TRAFFIC_REASON_RATIO, 0);
    assert_int_equal(col.r[83].cre[1] & KOL_TRAFFIC_REASON_RATIO, 0);
    assert_true(col.r[300].cre[1] & KOL_TRAFFIC_REASON_RATIO);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

/* A channel first present long after the others (the others' levels
 * have grown, so the monitor runs its faster path until then) starts as
 * a new channel: its first slot takes its value as the level and is not
 * flagged, nor are the slots of its warm-up, and a bought burst later on
 * is flagged on it. Two cases: comments (compared with the views) first
 * present at slot 1000, and the views themselves (the reference of the
 * ratio test) first present at slot 1000, so that the ratio test too
 * starts then. */
static void test_channel_appears_late(void **state)
{
    enum { N = 2000, LATE = 1000, BURST = 1500 };
    static int64_t ts[N];
    static double v[3 * N];
    int32_t ch[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS};
    static const double rate[3] = {600, 30, 5};
    kol_ctx *ctx = NULL;
    double warmup;
    size_t i, c;
    int k;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (k = 0; k < 2; k++) {
        const size_t late = k == 0 ? 2 : 0; /* comments, then views */
        uint64_t seed = 41;
        kol_traffic *t = make(ctx, ch, 3);
        collector col;
        assert_status(ctx, kol_traffic_get_param(
                               t, KOL_TRAFFIC_PARAM_WARMUP, &warmup),
                      KOL_STATUS_OK);
        for (i = 0; i < N; i++) {
            ts[i] = (int64_t)i * 60;
            for (c = 0; c < 3; c++)
                v[3 * i + c] = c == late && i < LATE
                                   ? NAN
                                   : rng_poisson(&seed, rate[c]);
            if (i == BURST)
                v[3 * i + late] += 20 * rate[late]; /* bought */
        }
        collector_init(&col, N);
        run_one(ctx, t, ts, v, N, &col);
        assert_int_equal(col.n, N);
        /* its first slot and its warm-up: no reason, nothing restored */
        for (i = LATE; i < LATE + (size_t)warmup; i++) {
            assert_int_equal(col.r[i].cre[late], 0);
            assert_memory_equal(&col.r[i].res[late], &col.r[i].obs[late],
                                sizeof(double));
        }
        assert_true(col.r[BURST].cre[late] & KOL_TRAFFIC_REASON_BURST);
        assert_true(col.r[BURST].res[late] < 2 * rate[late]);
        collector_free(&col);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* A ratio reference (views) at 2e-289 in its first slot against likes
 * and comments in units (from fuzzing: fuzz_traffic's regression input
 * ratio-reference-var-underflow, through the public API): in the slot
 * where the views burst and the other channels break down, the views
 * restored to x_c / rho (rho near 1e289) have a variance that underflows
 * to 0, and the reference's restored value, the precision-weighted mean
 * of the burst's estimate and that one, was NaN. Every result must be
 * finite, with 0 <= restored <= observed (the collector checks both). */
static void test_ratio_reference_tiny(void **state)
{
    static const int32_t ch[7] = {KOL_CHANNEL_FOLLOWS, KOL_CHANNEL_ORDERS,
                                  KOL_CHANNEL_VIEWS,   KOL_CHANNEL_LIKES,
                                  KOL_CHANNEL_COMMENTS, KOL_CHANNEL_SHARES,
                                  KOL_CHANNEL_SAVES};
    static const int64_t ts[12] = {
        7567835238, 7567835244, 7567835250, 7567835256,
        7567835262, 7567835268, 7567835268, 7567835274,
        7567835280, 7567835286, 7567835292, 7567835298};
    static const double v[12 * 7] = {
        22, NAN, 2.0527694427096755e-289, 0, 0, 0, 20,
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 1, 0,
        0, 0, NAN, 3.8734120495672393e-304, 0, 0, 0,
        0, 0, 0, 36, 0, 4.9406564584124654e-324, 3,
        2, 3, 1, 0, 20, 0, 17,
        5, 14, 37, 16, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0};
    kol_ctx *ctx = NULL;
    kol_traffic *t;
    collector col;
    double res, lo, hi;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    t = make(ctx, ch, 7);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP, 1),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_RATIO_Z, 1),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP, 6),
                  KOL_STATUS_OK);
    run_series(ctx, t, ts, v, 12, 16, &col);
    assert_int_equal(col.n, 11);
    /* the slot of the two rows at ...268: the views burst (38 against a
     * level near 0) and break against the likes and comments; restored
     * to the break's estimate, finite and below the observed 38 */
    assert_true(col.r[5].cre[2] & KOL_TRAFFIC_REASON_RATIO);
    assert_true(col.r[5].cre[2] & KOL_TRAFFIC_REASON_BURST);
    assert_true(col.r[5].obs[2] == 38);
    assert_true(isfinite(col.r[5].res[2]) && col.r[5].res[2] >= 0 &&
                col.r[5].res[2] < 38);
    assert_status(ctx, kol_traffic_totals(t, 2, NULL, &res, &lo, &hi, NULL),
                  KOL_STATUS_OK);
    assert_true(isfinite(res) && isfinite(lo) && isfinite(hi));
    assert_true(lo <= res && res <= hi);
    collector_free(&col);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
}

static void test_edges(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch3[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                      KOL_CHANNEL_SHARES};
    int32_t bad[2] = {KOL_CHANNEL_VIEWS, -1};
    int32_t code = 0;
    kol_traffic *t = NULL;
    double lo, v1;
    enum { N = 400 };
    static int64_t ts[N];
    static double v[N * 3];
    collector col;
    size_t i;
    uint64_t seed = 12;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    /* names */
    assert_int_equal(kol_channel_from_name(NULL, &code),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_channel_from_name("views", NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_DRIP),
                        "drip");
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_PLATEAU),
                        "plateau");
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_DROP),
                        "drop");
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_MISSING),
                        "missing");
    assert_null(kol_traffic_reason_name(3));
    assert_int_equal(kol_traffic_param_bounds(-1, NULL, NULL, NULL),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_STEP, &lo,
                                              NULL, NULL),
                     KOL_STATUS_OK);
    assert_true(lo == 1);
    /* new */
    assert_int_equal(kol_traffic_new(NULL, ch3, 3, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_new(ctx, ch3, 3, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_new(ctx, NULL, 3, &t),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_true(testmsg_has(kol_ctx_last_error(ctx), "channels"));
    assert_status(ctx, kol_traffic_new(ctx, bad, 2, &t),
                  KOL_STATUS_UNKNOWN_ENUM);
    /* parameters */
    t = make(ctx, ch3, 3);
    assert_int_equal(kol_traffic_set_param(NULL, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_set_param(t, -1, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_REFERENCE,
                                             -1),
                  KOL_STATUS_OK);
    assert_int_equal(kol_traffic_get_param(NULL, 0, &v1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_get_param(t, 0, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_traffic_get_param(t, -1, &v1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_COUNT, &v1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_true(testmsg_has(kol_ctx_last_error(ctx), "unknown parameter"));
    /* feed: NULL arrays, finish twice, set_param after finish */
    assert_status(ctx, kol_traffic_feed(t, NULL, v, 1, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_true(testmsg_has(kol_ctx_last_error(ctx), "timestamps"));
    assert_status(ctx, kol_traffic_feed(t, ts, NULL, 1, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_true(testmsg_has(kol_ctx_last_error(ctx), "values"));
    assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(t, NULL, NULL),
                  KOL_STATUS_BAD_STATE);
    assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP, 5),
                  KOL_STATUS_BAD_STATE);
    assert_int_equal(kol_traffic_finish(NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_counts(NULL, NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_traffic_interval_count(NULL, NULL), 0);
    assert_int_equal(kol_traffic_interval_at(NULL, 0, NULL, NULL, NULL, NULL,
                                             NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_traffic_free(t);

    /* a channel missing at first keeps the lanes young while the ratio
     * of the others passes its warm-up; the season is not a multiple of
     * the step (no profile); alpha 1; thresholds below 2 */
    for (i = 0; i < N; i++) {
        ts[i] = (int64_t)i * 7;
        v[3 * i] = rng_poisson(&seed, 100);
        v[3 * i + 1] = rng_poisson(&seed, 10) + (i == 300 ? 80 : 0);
        v[3 * i + 2] = i < 40 ? NAN : rng_poisson(&seed, 5);
    }
    {
        static const double periods[3] = {100, 7, 7e7};
        int k;
        for (k = 0; k < 3; k++) {
            t = make(ctx, ch3, 3);
            assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP,
                                                     7),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_SEASON_PERIOD,
                                   periods[k]),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_ALPHA,
                                                     k == 0 ? 1.0 : 0.1),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_BURST_Z, 1.5),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_RATIO_Z, 1.5),
                          KOL_STATUS_OK);
            collector_init(&col, N + 64);
            run_one(ctx, t, ts, v, N, &col);
            assert_int_equal(col.n, N);
            /* the likes burst is found */
            assert_true(col.r[300].cre[1] != 0);
            collector_free(&col);
            kol_traffic_free(t);
        }
    }

    /* one flagged run kept, the second continuing beyond MAX_INTERVALS;
     * a flagged slot after a gap longer than MAX_GAP starts a new run */
    {
        int32_t one = KOL_CHANNEL_LIKES;
        uint64_t total = 0;
        double inf[1];
        int64_t a, b;
        t = make(ctx, &one, 1);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_MAX_INTERVALS, 1),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_MAX_GAP,
                                                 0),
                      KOL_STATUS_OK);
        for (i = 0; i < N; i++) {
            ts[i] = (int64_t)i * 60 + (i >= 200 ? 60 : 0); /* gap at 200 */
            v[i] = rng_poisson(&seed, 20) +
                   ((i >= 100 && i < 102) || (i >= 150 && i < 153) ||
                            i == 199 || i == 200
                        ? 300
                        : 0);
        }
        collector_init(&col, N + 64);
        run_one(ctx, t, ts, v, N, &col);
        assert_int_equal(kol_traffic_interval_count(t, &total), 1);
        assert_true(total >= 3);
        assert_status(ctx, kol_traffic_interval_at(t, 0, &a, &b, NULL, NULL,
                                                   inf),
                      KOL_STATUS_OK);
        assert_true(a == 100 * 60 && b == 101 * 60);
        assert_true(inf[0] > 500);
        assert_status(ctx, kol_traffic_interval_at(t, 0, NULL, NULL, NULL,
                                                   NULL, NULL),
                      KOL_STATUS_OK);
        collector_free(&col);
        kol_traffic_free(t);
    }

    /* signals switched off one at a time; a plateau whose step no burst
     * restored; a tiny expected volume (strength below 0.5 raised) */
    {
        int32_t one = KOL_CHANNEL_LIKES;
        int k;
        for (i = 0; i < N; i++) {
            ts[i] = (int64_t)i * 60;
            v[i] = i < 200 ? 1.0 + (double)(i % 2) : (i == 200 ? 60 : 0);
        }
        for (k = 0; k < 3; k++) {
            t = make(ctx, &one, 1);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_SIGNALS,
                                   k == 0 ? KOL_TRAFFIC_REASON_PLATEAU
                                          : (k == 1 ? 31 - 4 : 31)),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_PLATEAU_MIN_EXPECTED,
                                   0),
                          KOL_STATUS_OK);
            if (k == 2)
                assert_status(ctx, kol_traffic_set_param(
                                       t, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR,
                                       0),
                              KOL_STATUS_OK);
            collector_init(&col, N + 64);
            run_one(ctx, t, ts, v, N, &col);
            if (k == 0) {
                /* the step is flagged as a plateau and restored to the
                 * baseline */
                assert_true(col.r[200].reasons & KOL_TRAFFIC_REASON_PLATEAU);
                assert_true(col.r[200].res[0] < 5);
                assert_true(col.r[203].reasons & KOL_TRAFFIC_REASON_PLATEAU);
            } else if (k == 2) {
                /* a gauge of 1, 2, 1, 2 ...: no dispersion to speak of */
                assert_true(col.r[200].reasons & KOL_TRAFFIC_REASON_BURST);
            }
            collector_free(&col);
            kol_traffic_free(t);
        }
    }

    /* counters: a gap that ends on a channel without a reading, on one
     * going backwards, and on one never read before; a drop with the DROP
     * signal off; a timestamp before the first under the skip policy */
    {
        int32_t ch2[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
        static const int64_t cts[9] = {100, 160, 400, 460, 520,
                                       580, 40,  640, 820};
        static const double cv[18] = {10, NAN, 20, NAN, 50, 5,  45, 9, 70,
                                      12, 90,  3,  95,  4,  99, 5,  90, NAN};
        uint64_t skipped = 0;
        double dropped = 0;
        int k;
        for (k = 0; k < 2; k++) {
            t = make(ctx, ch2, 2);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_CUMULATIVE, 1),
                          KOL_STATUS_OK);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_ORDER_POLICY, 1),
                          KOL_STATUS_OK);
            if (k == 1)
                assert_status(ctx, kol_traffic_set_param(
                                       t, KOL_TRAFFIC_PARAM_SIGNALS, 15),
                              KOL_STATUS_OK);
            collector_init(&col, 64);
            run_one(ctx, t, cts, cv, 9, &col);
            assert_status(ctx, kol_traffic_counts(t, NULL, NULL, &skipped),
                          KOL_STATUS_OK);
            assert_int_equal(skipped, 1);
            assert_status(ctx, kol_traffic_totals(t, 1, NULL, NULL, NULL, NULL,
                                                  &dropped),
                          KOL_STATUS_OK);
            assert_true(dropped == 9); /* 12 -> 3 */
            assert_int_equal(col.n, 13);
            assert_int_equal(col.r[8].reasons & KOL_TRAFFIC_REASON_DROP,
                             k == 0 ? KOL_TRAFFIC_REASON_DROP : 0);
            collector_free(&col);
            kol_traffic_free(t);
        }
    }

    /* names of the remaining reason bits, a parameter above its bound,
     * an empty push in blocks, reset of NULL */
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_BURST),
                        "burst");
    assert_string_equal(kol_traffic_reason_name(KOL_TRAFFIC_REASON_RATIO),
                        "ratio");
    assert_int_equal(kol_traffic_reset(NULL), KOL_STATUS_INVALID_ARGUMENT);
    {
        int32_t one = KOL_CHANNEL_LIKES;
        collector c2;
        block_sink b;
        t = make(ctx, &one, 1);
        assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_STEP,
                                                 2e12),
                      KOL_STATUS_OUT_OF_RANGE);
        memset(&b, 0, sizeof b);
        collector_init(&c2, 4);
        b.col = &c2;
        assert_status(ctx, kol_traffic_feed_blocks(t, ts, v, 0, collect_block,
                                                   &b),
                      KOL_STATUS_OK);
        assert_int_equal(b.calls, 0);
        collector_free(&c2);
        kol_traffic_free(t);
    }

    /* the reference inflated without the other channel, by less than
     * MIN_EXCESS: a soft strength only */
    {
        int32_t ch2[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
        t = make(ctx, ch2, 2);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_MIN_EXCESS, 1000),
                      KOL_STATUS_OK);
        for (i = 0; i < 200; i++) {
            ts[i] = (int64_t)i * 60;
            v[2 * i] = rng_poisson(&seed, 100) + (i == 150 ? 400 : 0);
            v[2 * i + 1] = rng_poisson(&seed, 10);
        }
        collector_init(&col, 264);
        run_one(ctx, t, ts, v, 200, &col);
        assert_true(col.r[150].score > 0 && col.r[150].score < 0.5);
        collector_free(&col);
        kol_traffic_free(t);
    }

    /* plateaus: a gauge without dispersion (no expected volume, nothing
     * flagged as a plateau), and a step over a tiny level (expected volume
     * below ln 2, strength raised to 0.5) */
    {
        int32_t one = KOL_CHANNEL_LIKES;
        int k;
        for (k = 0; k < 2; k++) {
            t = make(ctx, &one, 1);
            assert_status(ctx, kol_traffic_set_param(
                                   t, KOL_TRAFFIC_PARAM_PLATEAU_MIN_EXPECTED,
                                   0),
                          KOL_STATUS_OK);
            if (k == 0)
                assert_status(ctx, kol_traffic_set_param(
                                       t, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR,
                                       0),
                              KOL_STATUS_OK);
            for (i = 0; i < 300; i++) {
                ts[i] = (int64_t)i * 60;
                v[i] = i < 250 ? (k == 0 ? 5.0 : (i % 10 == 0 ? 1.0 : 0.0))
                               : (i == 250 ? 60.0 : 0.0);
            }
            collector_init(&col, 364);
            run_one(ctx, t, ts, v, 300, &col);
            assert_true(col.r[250].reasons & KOL_TRAFFIC_REASON_BURST);
            if (k == 0)
                assert_false(col.r[253].reasons & KOL_TRAFFIC_REASON_PLATEAU);
            else
                assert_true(col.r[253].reasons & KOL_TRAFFIC_REASON_PLATEAU);
            collector_free(&col);
            kol_traffic_free(t);
        }
    }

    /* no interval kept at all, a run of several flagged slots */
    {
        int32_t one = KOL_CHANNEL_LIKES;
        uint64_t total = 0;
        t = make(ctx, &one, 1);
        assert_status(ctx, kol_traffic_set_param(
                               t, KOL_TRAFFIC_PARAM_MAX_INTERVALS, 0),
                      KOL_STATUS_OK);
        for (i = 0; i < 200; i++) {
            ts[i] = (int64_t)i * 60;
            v[i] = rng_poisson(&seed, 20) + (i >= 100 && i < 103 ? 300 : 0);
        }
        collector_init(&col, 264);
        run_one(ctx, t, ts, v, 200, &col);
        assert_int_equal(kol_traffic_interval_count(t, &total), 0);
        assert_true(total >= 1);
        collector_free(&col);
        kol_traffic_free(t);
    }

    /* run: after finish; a chunk refused (out of order); a read callback
     * that fails before any sample; the emit callback stopping in the
     * finish of a run, and in the finish of a push */
    {
        int32_t one = KOL_CHANNEL_VIEWS;
        reader r;
        collector c2;
        for (i = 0; i < 100; i++) {
            ts[i] = (int64_t)(i < 60 ? i : 200 - i) * 60;
            v[i] = 5;
        }
        memset(&r, 0, sizeof r);
        r.ts = ts;
        r.v = v;
        r.n = 100;
        r.nch = 1;
        r.chunk = 30;
        r.fail_at_call = -1;
        t = make(ctx, &one, 1);
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, NULL, NULL),
                      KOL_STATUS_ORDER);
        assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
        r.pos = 0;
        r.calls = 0;
        r.fail_at_call = 0;
        r.fail_code = 4;
        assert_status(ctx, kol_traffic_run_blocks(t, read_rows, &r, NULL,
                                                  NULL),
                      KOL_STATUS_CALLBACK);
        assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, NULL, NULL),
                      KOL_STATUS_BAD_STATE);
        assert_true(testmsg_has(kol_ctx_last_error(ctx), "finished"));
        /* stop in the finish of a run: 50 rows, delay 19 */
        assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
        r.pos = 0;
        r.calls = 0;
        r.n = 50;
        r.fail_at_call = -1;
        collector_init(&c2, 64);
        c2.stop_at = 40;
        c2.stop_code = 5;
        assert_status(ctx, kol_traffic_run(t, read_rows, &r, collect, &c2),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(c2.n, 41);
        /* stop in the close of the last slot of a push's finish */
        assert_status(ctx, kol_traffic_reset(t), KOL_STATUS_OK);
        c2.n = 0;
        c2.stop_at = 30;
        assert_status(ctx, kol_traffic_feed(t, ts, v, 50, collect, &c2),
                      KOL_STATUS_OK);
        assert_int_equal(c2.n, 30); /* 49 closed slots, 19 held back */
        assert_status(ctx, kol_traffic_finish(t, collect, &c2),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(c2.n, 31);
        assert_status(ctx, kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP,
                                                 5),
                      KOL_STATUS_BAD_STATE);
        collector_free(&c2);
        kol_traffic_free(t);
    }

    /* the emit callback stops inside a gap (missing slots) */
    {
        int32_t one = KOL_CHANNEL_VIEWS;
        collector c2;
        t = make(ctx, &one, 1);
        for (i = 0; i < 40; i++) {
            ts[i] = (int64_t)(i < 30 ? i : i + 60) * 60;
            v[i] = 5;
        }
        collector_init(&c2, 128);
        c2.stop_at = 30;
        c2.stop_code = 9;
        assert_status(ctx, kol_traffic_feed(t, ts, v, 40, collect, &c2),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(c2.n, 31);
        collector_free(&c2);
        kol_traffic_free(t);
    }

    /* totals: a band within [0, observed] on both sides, and the count
     * of intervals of no monitor */
    {
        uint64_t total = 5;
        int32_t one = KOL_CHANNEL_LIKES;
        double obs, res, blo, bhi;
        int k;
        assert_int_equal(kol_traffic_interval_count(NULL, &total), 0);
        assert_int_equal(total, 0);
        for (k = 0; k < 2; k++) {
            t = make(ctx, &one, 1);
            for (i = 0; i < 100; i++) {
                ts[i] = (int64_t)i * 60;
                v[i] = k == 0 ? rng_poisson(&seed, 2) + (i == 50 ? 40 : 0)
                              : rng_poisson(&seed, 200) +
                                    (i == 50 ? 4000 : 0);
            }
            collector_init(&col, 164);
            run_one(ctx, t, ts, v, 100, &col);
            assert_status(ctx, kol_traffic_totals(t, 0, &obs, &res, &blo,
                                                  &bhi, NULL),
                          KOL_STATUS_OK);
            assert_true(blo >= 0 && blo <= res && res <= bhi && bhi <= obs);
            assert_true(res < obs);
            collector_free(&col);
            kol_traffic_free(t);
        }
    }

    /* totals whose band is clipped: at 0 (a burst over an empty
     * baseline, restored 0) and at the observed total (a drip whose
     * removal is small against the dispersion the channel learned before
     * it); and the band of a ratio break, which carries the variance of
     * the ratio's estimate (not clipped: a break's excess is at least
     * RATIO_Z of its sd) */
    {
        int32_t one = KOL_CHANNEL_LIKES;
        int32_t ch2[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
        double obs, res, blo, bhi;
        t = make(ctx, &one, 1);
        for (i = 0; i < 100; i++) {
            ts[i] = (int64_t)i * 60;
            v[i] = i == 50 ? 50 : 0;
        }
        collector_init(&col, 164);
        run_one(ctx, t, ts, v, 100, &col);
        assert_status(ctx, kol_traffic_totals(t, 0, &obs, &res, &blo, &bhi,
                                              NULL),
                      KOL_STATUS_OK);
        assert_true(obs == 50 && res == 0 && blo == 0 && bhi > 0);
        collector_free(&col);
        kol_traffic_free(t);
        t = make(ctx, ch2, 2);
        for (i = 0; i < 100; i++) {
            ts[i] = (int64_t)i * 60;
            v[2 * i] = i % 2 ? 1000 : 10;
            v[2 * i + 1] = i % 2 ? 100 : 1;
            if (i == 61)
                v[2 * i + 1] = 160;
        }
        collector_init(&col, 164);
        run_one(ctx, t, ts, v, 100, &col);
        assert_true(col.r[61].cre[1] & KOL_TRAFFIC_REASON_RATIO);
        assert_status(ctx, kol_traffic_totals(t, 1, &obs, &res, &blo, &bhi,
                                              NULL),
                      KOL_STATUS_OK);
        /* slot 61 restored to rho x_r = 0.1 * 1000 = 100, the estimate of
         * a count of variance max(psi, d0) (e + d0) = 101 (psi has fallen
         * below d0 = 1 on the exact ratios): the band is 5050 +- 1.96
         * sqrt(101); before, it took the likes' own dispersion (the
         * alternating series), which reached the observed total */
        assert_true(res == 5050);
        assert_true(fabs((bhi - res) - 1.96 * sqrt(101.0)) < 1e-9 &&
                    fabs((res - blo) - 1.96 * sqrt(101.0)) < 1e-9);
        collector_free(&col);
        kol_traffic_free(t);
        t = make(ctx, &one, 1);
        {
            uint64_t x = 88172645463325252u;
            for (i = 0; i < 130; i++) {
                ts[i] = (int64_t)i * 60;
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                /* 100 slots of likes uniform in [0, 2e5), then a drip of
                 * 30 and 31 */
                v[i] = i < 100 ? (double)(int64_t)(2e5 * (double)(x >> 11) *
                                                   0x1p-53)
                               : (double)(30 + i % 2);
            }
        }
        collector_init(&col, 164);
        run_one(ctx, t, ts, v, 130, &col);
        assert_true(col.r[129].cre[0] & KOL_TRAFFIC_REASON_DRIP);
        assert_status(ctx, kol_traffic_totals(t, 0, &obs, &res, &blo, &bhi,
                                              NULL),
                      KOL_STATUS_OK);
        assert_true(res < obs && bhi == obs && blo < res);
        collector_free(&col);
        kol_traffic_free(t);
    }

    /* the emit callback stops while a new slot is being opened */
    {
        int32_t one = KOL_CHANNEL_VIEWS;
        collector c2;
        t = make(ctx, &one, 1);
        for (i = 0; i < 60; i++) {
            ts[i] = (int64_t)i * 60;
            v[i] = 5;
        }
        collector_init(&c2, 64);
        c2.stop_at = 0;
        c2.stop_code = 9;
        assert_status(ctx, kol_traffic_feed(t, ts, v, 60, collect, &c2),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(c2.n, 1);
        collector_free(&c2);
        kol_traffic_free(t);
    }
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Calls on the monitor from inside its own callbacks                  */

/* What a callback that calls back into its own monitor keeps. */
typedef struct {
    kol_ctx *ctx;
    kol_traffic *t;
    size_t nch;
    const char *running;  /* the public call whose callback pokes */
    collector *col;       /* where reent_emit forwards the results */
    block_sink *bs;       /* where reent_block forwards the blocks */
    reader *rd;           /* where reent_read reads from */
    int pokes;            /* callback calls that made the inner calls */
    int errors;           /* inner calls that did not behave */
    int inner_callbacks;  /* callbacks given to a refused call that ran */
    char first_error[256];
} reent;

static void reent_error(reent *in, const char *fn, kol_status st)
{
    if (in->errors++ == 0)
        snprintf(in->first_error, sizeof in->first_error,
                 "%s from a callback of %s: status %d, message \"%s\"", fn,
                 in->running, (int)st, kol_ctx_last_error(in->ctx));
}

/* The inner call must be refused with BAD_STATE and a message naming
 * both calls. */
static void expect_refused(reent *in, kol_status st, const char *fn)
{
    if (!testmsg_refused(in->ctx, st, fn, in->running))
        reent_error(in, fn, st);
}

static int never_emit(void *user, int64_t ts, uint32_t n_samples,
                      double score, uint32_t reasons, const double *observed,
                      const double *restored,
                      const uint32_t *channel_reasons, size_t n_channels)
{
    reent *in = user;
    (void)ts;
    (void)n_samples;
    (void)score;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    in->inner_callbacks++;
    return 0;
}

static int never_block(void *user, size_t n, const int64_t *timestamps,
                       const uint32_t *n_samples, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    reent *in = user;
    (void)n;
    (void)timestamps;
    (void)n_samples;
    (void)scores;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    in->inner_callbacks++;
    return 0;
}

static int never_read(void *user, int64_t *ts, double *values, size_t cap,
                      size_t *count)
{
    reent *in = user;
    (void)ts;
    (void)values;
    (void)cap;
    *count = 0;
    in->inner_callbacks++;
    return 0;
}

/* From inside a callback: every changing call on the monitor is refused,
 * a getter still answers. The inner feeds carry a valid sample far after
 * the series, which would be applied without the guard. */
static void poke(reent *in)
{
    int64_t ts1[1] = {4000000000};
    double v1[KOL_CHANNEL_COUNT] = {0};
    uint64_t slots = 0;
    kol_status st;
    in->pokes++;
    st = kol_traffic_set_param(in->t, KOL_TRAFFIC_PARAM_WARMUP, 5);
    expect_refused(in, st, "kol_traffic_set_param");
    st = kol_traffic_feed(in->t, ts1, v1, 1, never_emit, in);
    expect_refused(in, st, "kol_traffic_feed");
    st = kol_traffic_feed_blocks(in->t, ts1, v1, 1, never_block, in);
    expect_refused(in, st, "kol_traffic_feed_blocks");
    st = kol_traffic_finish(in->t, never_emit, in);
    expect_refused(in, st, "kol_traffic_finish");
    st = kol_traffic_finish_blocks(in->t, never_block, in);
    expect_refused(in, st, "kol_traffic_finish_blocks");
    st = kol_traffic_run(in->t, never_read, in, never_emit, in);
    expect_refused(in, st, "kol_traffic_run");
    st = kol_traffic_run_blocks(in->t, never_read, in, never_block, in);
    expect_refused(in, st, "kol_traffic_run_blocks");
    st = kol_traffic_reset(in->t);
    expect_refused(in, st, "kol_traffic_reset");
    /* getters stay allowed */
    st = kol_traffic_counts(in->t, &slots, NULL, NULL);
    if (st != KOL_STATUS_OK)
        reent_error(in, "kol_traffic_counts", st);
}

static int reent_emit(void *user, int64_t ts, uint32_t n_samples,
                      double score, uint32_t reasons, const double *observed,
                      const double *restored,
                      const uint32_t *channel_reasons, size_t n_channels)
{
    reent *in = user;
    poke(in);
    return collect(in->col, ts, n_samples, score, reasons, observed,
                   restored, channel_reasons, n_channels);
}

static int reent_block(void *user, size_t n, const int64_t *timestamps,
                       const uint32_t *n_samples, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    reent *in = user;
    poke(in);
    return collect_block(in->bs, n, timestamps, n_samples, scores, reasons,
                         observed, restored, channel_reasons, n_channels);
}

static int reent_read(void *user, int64_t *ts, double *values, size_t cap,
                      size_t *count)
{
    reent *in = user;
    poke(in);
    return read_rows(in->rd, ts, values, cap, count);
}

static int reent_progress(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    poke(user);
    return 0;
}

/* Everything the getters say about two monitors is the same, bit for
 * bit. */
static void assert_same_monitor(kol_ctx *ctx, const kol_traffic *a,
                                const kol_traffic *b, size_t nch)
{
    uint64_t sa[3], sb[3], ta, tb;
    size_t c, i, na, nb;
    assert_status(ctx, kol_traffic_counts(a, &sa[0], &sa[1], &sa[2]),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_counts(b, &sb[0], &sb[1], &sb[2]),
                  KOL_STATUS_OK);
    assert_memory_equal(sa, sb, sizeof sa);
    for (c = 0; c < nch; c++) {
        double xa[5], xb[5];
        assert_status(ctx, kol_traffic_totals(a, c, &xa[0], &xa[1], &xa[2],
                                              &xa[3], &xa[4]),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_totals(b, c, &xb[0], &xb[1], &xb[2],
                                              &xb[3], &xb[4]),
                      KOL_STATUS_OK);
        assert_memory_equal(xa, xb, sizeof xa);
    }
    na = kol_traffic_interval_count(a, &ta);
    nb = kol_traffic_interval_count(b, &tb);
    assert_int_equal(na, nb);
    assert_true(ta == tb);
    for (i = 0; i < na; i++) {
        int64_t s[2][2];
        uint32_t r[2];
        double pk[2], inf[2][KOL_CHANNEL_COUNT];
        assert_status(ctx, kol_traffic_interval_at(a, i, &s[0][0], &s[0][1],
                                                   &r[0], &pk[0], inf[0]),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_interval_at(b, i, &s[1][0], &s[1][1],
                                                   &r[1], &pk[1], inf[1]),
                      KOL_STATUS_OK);
        assert_memory_equal(s[0], s[1], sizeof s[0]);
        assert_int_equal(r[0], r[1]);
        assert_memory_equal(&pk[0], &pk[1], sizeof pk[0]);
        assert_memory_equal(inf[0], inf[1], nch * sizeof inf[0][0]);
    }
}

/* After the outer call: every inner call was refused, the outer call
 * completed with its normal results, and the monitor is usable again. */
static void check_reent(reent *in, int expect_pokes, const collector *ref,
                        const collector *got, const kol_traffic *ref_t)
{
    if (in->errors)
        fail_msg("%d inner calls misbehaved; first: %s", in->errors,
                 in->first_error);
    assert_int_equal(in->inner_callbacks, 0);
    if (expect_pokes > 0)
        assert_int_equal(in->pokes, expect_pokes);
    else
        assert_true(in->pokes > 0);
    assert_false(got->bad);
    if (!results_equal(ref, got))
        fail_msg("results after calls from a callback of %s differ",
                 in->running);
    assert_same_monitor(in->ctx, ref_t, in->t, in->nch);
    /* the outer call is over: the monitor takes changing calls again */
    assert_status(in->ctx, kol_traffic_set_param(in->t,
                                                 KOL_TRAFFIC_PARAM_WARMUP,
                                                 5),
                  KOL_STATUS_BAD_STATE);
    assert_last_error(in->ctx, KOL_STATUS_BAD_STATE, "already fed");
    assert_status(in->ctx, kol_traffic_reset(in->t), KOL_STATUS_OK);
    assert_status(in->ctx, kol_traffic_set_param(in->t,
                                                 KOL_TRAFFIC_PARAM_WARMUP,
                                                 5),
                  KOL_STATUS_OK);
}

enum {
    RE_EMIT_FEED,
    RE_EMIT_FINISH,
    RE_BLOCK_FEED,
    RE_BLOCK_FINISH,
    RE_READ_RUN,
    RE_READ_RUN_BLOCKS,
    RE_EMIT_RUN,
    RE_BLOCK_RUN_BLOCKS,
    RE_KINDS
};

static void test_reentry(void **state)
{
    static const char *const running[RE_KINDS] = {
        "kol_traffic_feed",        "kol_traffic_finish",
        "kol_traffic_feed_blocks", "kol_traffic_finish_blocks",
        "kol_traffic_run",         "kol_traffic_run_blocks",
        "kol_traffic_run",         "kol_traffic_run_blocks"};
    kol_ctx *ctx = NULL;
    int32_t ch[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                     KOL_CHANNEL_COMMENTS};
    enum { CAP = 900 };
    int64_t *ts = malloc(CAP * sizeof *ts);
    double *v = malloc(CAP * 3 * sizeof *v);
    size_t n;
    int kind;
    collector ref, got;
    kol_traffic *ref_t;
    (void)state;
    assert_non_null(ts);
    assert_non_null(v);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    n = build_mixed(ts, v, CAP);
    collector_init(&ref, 2 * CAP);
    collector_init(&got, 2 * CAP);
    /* the reference: callbacks that make no calls */
    ref_t = make(ctx, ch, 3);
    assert_status(ctx, kol_traffic_feed(ref_t, ts, v, n, collect, &ref),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(ref_t, collect, &ref),
                  KOL_STATUS_OK);
    assert_true(ref.n == 700);
    assert_true(kol_traffic_interval_count(ref_t, NULL) > 0);
    for (kind = 0; kind < RE_KINDS; kind++) {
        reader r = {ts, v, n, 0, 3, 100, -1, 0, 0, 0};
        block_sink bs;
        reent in;
        kol_status st;
        int want_pokes = 0;
        memset(&bs, 0, sizeof bs);
        memset(&in, 0, sizeof in);
        bs.col = &got;
        got.n = 0;
        in.ctx = ctx;
        in.t = make(ctx, ch, 3);
        in.nch = 3;
        in.running = running[kind];
        in.col = &got;
        in.bs = &bs;
        in.rd = &r;
        switch (kind) {
        case RE_EMIT_FEED:
            /* the probe of the bug report: kol_traffic_reset() from an
             * emit callback of kol_traffic_feed() */
            st = kol_traffic_feed(in.t, ts, v, n, reent_emit, &in);
            want_pokes = (int)got.n;
            if (st == KOL_STATUS_OK)
                st = kol_traffic_finish(in.t, collect, &got);
            break;
        case RE_EMIT_FINISH:
            st = kol_traffic_feed(in.t, ts, v, n, collect, &got);
            want_pokes = -(int)got.n;
            if (st == KOL_STATUS_OK)
                st = kol_traffic_finish(in.t, reent_emit, &in);
            want_pokes += (int)got.n;
            break;
        case RE_BLOCK_FEED:
            st = kol_traffic_feed_blocks(in.t, ts, v, n, reent_block, &in);
            want_pokes = bs.calls;
            if (st == KOL_STATUS_OK)
                st = kol_traffic_finish_blocks(in.t, collect_block, &bs);
            break;
        case RE_BLOCK_FINISH:
            st = kol_traffic_feed_blocks(in.t, ts, v, n, collect_block, &bs);
            want_pokes = -bs.calls;
            if (st == KOL_STATUS_OK)
                st = kol_traffic_finish_blocks(in.t, reent_block, &in);
            want_pokes += bs.calls;
            break;
        case RE_READ_RUN:
            st = kol_traffic_run(in.t, reent_read, &in, collect, &got);
            want_pokes = r.calls;
            break;
        case RE_READ_RUN_BLOCKS:
            st = kol_traffic_run_blocks(in.t, reent_read, &in, collect_block,
                                        &bs);
            want_pokes = r.calls;
            break;
        case RE_EMIT_RUN:
            st = kol_traffic_run(in.t, read_rows, &r, reent_emit, &in);
            want_pokes = (int)got.n;
            break;
        default: /* RE_BLOCK_RUN_BLOCKS */
            st = kol_traffic_run_blocks(in.t, read_rows, &r, reent_block,
                                        &in);
            want_pokes = bs.calls;
            break;
        }
        assert_status(ctx, st, KOL_STATUS_OK);
        assert_true(want_pokes > 0);
        check_reent(&in, want_pokes, &ref, &got, ref_t);
        kol_traffic_free(in.t);
    }
    kol_traffic_free(ref_t);
    collector_free(&ref);
    collector_free(&got);
    free(ts);
    free(v);
    kol_ctx_free(ctx);
}

/* The context's progress callback of a long run calls back into the
 * monitor: refused the same way, the run's results unchanged. */
static void test_reentry_progress(void **state)
{
    enum { BIG = 70000 };
    int64_t *bts = malloc(BIG * sizeof *bts);
    double *bv = malloc(BIG * sizeof *bv);
    int32_t one = KOL_CHANNEL_VIEWS;
    kol_ctx *ctx = NULL;
    collector ref, got;
    kol_traffic *ref_t;
    uint64_t seed = 99;
    size_t i;
    int blocks;
    (void)state;
    assert_non_null(bts);
    assert_non_null(bv);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < BIG; i++) {
        bts[i] = (int64_t)i * 60;
        bv[i] = rng_poisson(&seed, 30) + (i % 5000 == 4000 ? 400 : 0);
    }
    collector_init(&ref, BIG);
    collector_init(&got, BIG);
    ref_t = make(ctx, &one, 1);
    assert_status(ctx, kol_traffic_feed(ref_t, bts, bv, BIG, collect, &ref),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_traffic_finish(ref_t, collect, &ref),
                  KOL_STATUS_OK);
    assert_true(ref.n == BIG);
    for (blocks = 0; blocks < 2; blocks++) {
        reader r;
        block_sink bs;
        reent in;
        memset(&r, 0, sizeof r);
        r.ts = bts;
        r.v = bv;
        r.n = BIG;
        r.nch = 1;
        r.chunk = 1000;
        r.fail_at_call = -1;
        memset(&bs, 0, sizeof bs);
        bs.col = &got;
        got.n = 0;
        memset(&in, 0, sizeof in);
        in.ctx = ctx;
        in.t = make(ctx, &one, 1);
        in.nch = 1;
        in.running = blocks ? "kol_traffic_run_blocks" : "kol_traffic_run";
        assert_status(ctx, kol_ctx_set_progress(ctx, reent_progress, &in),
                      KOL_STATUS_OK);
        if (blocks)
            assert_status(ctx, kol_traffic_run_blocks(in.t, read_rows, &r,
                                                      collect_block, &bs),
                          KOL_STATUS_OK);
        else
            assert_status(ctx, kol_traffic_run(in.t, read_rows, &r, collect,
                                               &got),
                          KOL_STATUS_OK);
        assert_status(ctx, kol_ctx_set_progress(ctx, NULL, NULL),
                      KOL_STATUS_OK);
        /* after 65536 rows (reads of 256 rows), then once at the end */
        check_reent(&in, 2, &ref, &got, ref_t);
        kol_traffic_free(in.t);
    }
    kol_traffic_free(ref_t);
    collector_free(&ref);
    collector_free(&got);
    free(bts);
    free(bv);
    kol_ctx_free(ctx);
}

/* A slot's n_samples past 2^32 (audit of the public API, item 3): the
 * count was a 32-bit counter and wrapped, so that 2^32 + 3 samples in one
 * slot were reported as 3, and exactly 2^32 as 0, "no sample". It is
 * counted in 64 bits and reported saturated at UINT32_MAX (the type of
 * the callbacks' n_samples). Feeding 2^32 samples takes some 30 s in an
 * optimised build, two minutes at -O0: this test runs alone, with
 * KOL_TEST_LONG set (ctest traffic_n_samples, registered for optimised
 * builds only by tests/module_traffic.cmake). */
struct ns_seen {
    uint64_t slots;
    uint32_t first;
    double observed;
};

static int ns_emit(void *user, int64_t timestamp, uint32_t n_samples,
                   double score, uint32_t reasons, const double *observed,
                   const double *restored, const uint32_t *channel_reasons,
                   size_t n_channels)
{
    struct ns_seen *s = user;
    (void)score;
    (void)reasons;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    if (timestamp == 0) {
        s->first = n_samples;
        s->observed = observed[0];
    }
    s->slots++;
    return 0;
}

static void test_n_samples_past_2_32(void **state)
{
    enum { CHUNK = 1 << 20 };
    const uint64_t total = (UINT64_C(1) << 32) + 3;
    kol_ctx *ctx;
    kol_traffic *t;
    int32_t ch[1] = {KOL_CHANNEL_VIEWS};
    int64_t *ts = calloc(CHUNK, sizeof *ts), later = 60;
    double *v = malloc(CHUNK * sizeof *v), one = 1.0;
    struct ns_seen s;
    uint64_t done = 0;
    size_t i;
    (void)state;
    assert_non_null(ts);
    assert_non_null(v);
    for (i = 0; i < CHUNK; i++)
        v[i] = 1.0;
    memset(&s, 0, sizeof s);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_traffic_new(ctx, ch, 1, &t), KOL_STATUS_OK);
    while (done < total) {
        size_t k = total - done < CHUNK ? (size_t)(total - done) : CHUNK;
        assert_int_equal(kol_traffic_feed(t, ts, v, k, ns_emit, &s),
                         KOL_STATUS_OK);
        done += k;
    }
    assert_int_equal(kol_traffic_feed(t, &later, &one, 1, ns_emit, &s),
                     KOL_STATUS_OK);
    assert_int_equal(kol_traffic_finish(t, ns_emit, &s), KOL_STATUS_OK);
    assert_true(s.slots == 2);
    assert_true(s.observed == (double)total);
    assert_true(s.first == UINT32_MAX);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
    free(ts);
    free(v);
}

/* The band of the restored total where the ratio test sees the bursts
 * too. Views Poisson(50) and likes Poisson(5) a minute for 120 minutes,
 * 600 bought views in each of minutes 80 to 82, 400 series: the burst
 * and the ratio (views without likes) both restore the bought minutes.
 * When the restored value was the smaller of the two estimates (the
 * burst's baseline b and x_likes / rho, a noisy one from a count of
 * about 5) it was biased low (233 views over 33 bought minutes in ten
 * bursts), and the band, with the baseline's variance only, held the
 * organic total in 57% of the series. With the precision-weighted mean
 * and its variance (traffic model 1.5) the band holds it in 91% (one
 * channel alone: 94%; the shortfall is the false alarms the band does
 * not cover). */
static double band_poisson(uint64_t *x, double m)
{
    double l = exp(-m), p = 1;
    int k = 0;
    do {
        k++;
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        p *= ((double)(*x >> 11) + 0.5) * 0x1p-53;
    } while (p > l);
    return k - 1;
}

static void test_band_two_channels(void **state)
{
    kol_ctx *ctx = NULL;
    int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    enum { T = 120, SERIES = 400 };
    static int64_t ts[T];
    static double v[2 * T];
    uint64_t x = 12345;
    int in = 0, k, i;
    double bias = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (k = 0; k < SERIES; k++) {
        kol_traffic *t = make(ctx, ch, 2);
        double org = 0, o, r, lo, hi;
        for (i = 0; i < T; i++) {
            double views = band_poisson(&x, 50), likes = band_poisson(&x, 5);
            ts[i] = (int64_t)i * 60;
            org += views;
            v[2 * i] = views + (i >= 80 && i < 83 ? 600 : 0);
            v[2 * i + 1] = likes;
        }
        assert_status(ctx, kol_traffic_feed(t, ts, v, T, NULL, NULL),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_finish(t, NULL, NULL), KOL_STATUS_OK);
        assert_status(ctx, kol_traffic_totals(t, 0, &o, &r, &lo, &hi, NULL),
                      KOL_STATUS_OK);
        in += org >= lo && org <= hi;
        bias += org - r;
        kol_traffic_free(t);
    }
    print_message("two channels, one burst: organic total inside the band "
                  "in %d of %d series; mean organic - restored %.1f\n",
                  in, SERIES, bias / SERIES);
    assert_true(in >= SERIES * 85 / 100);
    assert_true(fabs(bias / SERIES) < 30);
    kol_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest long_tests[] = {
        cmocka_unit_test(test_n_samples_past_2_32),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_bounds),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_burst_and_restore),
        cmocka_unit_test(test_drip),
        cmocka_unit_test(test_drip_after_warmup),
        cmocka_unit_test(test_counters),
        cmocka_unit_test(test_plateau_high_level),
        cmocka_unit_test(test_plateau_not_on_missing),
        cmocka_unit_test(test_dropped_when_emitted),
        cmocka_unit_test(test_drop_in_first_slot),
        cmocka_unit_test(test_drop_keeps_slot_increase),
        cmocka_unit_test(test_reanchor_no_drop),
        cmocka_unit_test(test_first_reading_after_long_gap),
        cmocka_unit_test(test_time_policy),
        cmocka_unit_test(test_ratio_and_options),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_chunk_sweep),
        cmocka_unit_test(test_callbacks_stop),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_bounded_memory),
        cmocka_unit_test(test_tideh_injection),
        cmocka_unit_test(test_seasonal_baseline),
        cmocka_unit_test(test_drip_reference_measurements),
        cmocka_unit_test(test_nab),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_channels_apart_without_ratio),
        cmocka_unit_test(test_ratio_warmup_after_level),
        cmocka_unit_test(test_channel_appears_late),
        cmocka_unit_test(test_ratio_reference_tiny),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_reentry),
        cmocka_unit_test(test_reentry_progress),
        cmocka_unit_test(test_band_two_channels),
    };
    /* KOL_TEST_LONG set: the long tests, alone */
    if (getenv("KOL_TEST_LONG") != NULL)
        return cmocka_run_group_tests(long_tests, NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
