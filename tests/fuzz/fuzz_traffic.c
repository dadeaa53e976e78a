/* libFuzzer target: the traffic monitor's sample stream
 * (include/kol/traffic.h): channels, parameters, then chunks of samples
 * fed (push) or pulled through kol_traffic_run()'s read callback, with
 * results taken one slot at a time or in blocks (kol_traffic_feed_blocks(),
 * kol_traffic_run_blocks(), kol_traffic_finish_blocks()), with
 * timestamps that repeat, go backwards, jump far ahead, and values that are
 * NaN, infinite, negative, huge; the emit callback may stop the series.
 *
 * Checks:
 *  - a block holds 1 to 128 results;
 *  - every slot emitted has a score in [0, 1], finite observed and
 *    restored values with 0 <= restored <= max(observed, 0), known reason
 *    bits, and slot timestamps strictly increasing;
 *  - a refused feed (bad value, order, state) emits nothing and changes
 *    no counter;
 *  - totals are finite with low <= restored <= high; intervals have
 *    start <= end, a peak in [0, 1] and finite inflation.
 * Harness limits, for speed: MAX_GAP at most 200 slots, MAX_INTERVALS at
 * most 1000, at most 64 rows per chunk. */
#include "fuzz_common.h"

typedef struct emit_state {
    fz *f;
    size_t nch;
    uint64_t emitted;
    int64_t last_ts;
    int have_last;
    int stop_after;  /* stop when emitted reaches this (0: never) */
} emit_state;

static int emit_cb(void *user, int64_t timestamp, uint32_t n_samples,
                   double score, uint32_t reasons, const double *observed,
                   const double *restored, const uint32_t *channel_reasons,
                   size_t n_channels)
{
    emit_state *s = (emit_state *)user;
    size_t c;
    (void)n_samples;
    FZ_CHECK(n_channels == s->nch);
    FZ_FINITE(score);
    FZ_CHECK(score >= 0.0 && score <= 1.0);
    FZ_CHECK((reasons & ~63u) == 0);
    if (s->have_last)
        FZ_CHECK(timestamp > s->last_ts);
    s->last_ts = timestamp;
    s->have_last = 1;
    for (c = 0; c < n_channels; c++) {
        FZ_FINITE(observed[c]);
        FZ_FINITE(restored[c]);
        FZ_CHECK(restored[c] >= 0.0);
        FZ_CHECK(restored[c] <= (observed[c] > 0.0 ? observed[c] : 0.0));
        FZ_CHECK((channel_reasons[c] & ~63u) == 0);
    }
    s->emitted++;
    if (s->stop_after && s->emitted >= (uint64_t)s->stop_after)
        return 3;
    return 0;
}

/* The block callback: each row checked as emit_cb checks a slot. */
static int block_cb(void *user, size_t n, const int64_t *timestamps,
                    const uint32_t *n_samples, const double *scores,
                    const uint32_t *reasons, const double *observed,
                    const double *restored, const uint32_t *channel_reasons,
                    size_t n_channels)
{
    emit_state *s = (emit_state *)user;
    int stop = s->stop_after, rc = 0;
    size_t i;
    FZ_CHECK(n >= 1 && n <= 128);
    s->stop_after = 0; /* the rows of a block are all taken */
    for (i = 0; i < n; i++)
        (void)emit_cb(user, timestamps[i], n_samples[i], scores[i],
                      reasons[i], observed + i * n_channels,
                      restored + i * n_channels,
                      channel_reasons + i * n_channels, n_channels);
    s->stop_after = stop;
    if (stop && s->emitted >= (uint64_t)stop)
        rc = 4;
    return rc;
}

#define MAXROWS 64

typedef struct series {
    int64_t ts[MAXROWS];
    double v[MAXROWS * KOL_CHANNEL_COUNT];
    int64_t clock;
} series;

/* Wrapping addition (the harness must not overflow itself). */
static int64_t wrap_add(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* Rows from the bytes: timestamps mostly one step apart. */
static size_t make_rows(fz *f, series *s, size_t nch, int64_t step)
{
    size_t n = fz_u8(f) % (MAXROWS + 1), i, c;
    for (i = 0; i < n; i++) {
        uint8_t d = fz_u8(f);
        if (d < 160)
            s->clock = wrap_add(s->clock, step);
        else if (d < 180)
            ; /* repeated */
        else if (d < 200)
            s->clock = wrap_add(s->clock, step * (int64_t)(fz_u8(f) % 50u));
        else if (d < 215)
            s->clock = wrap_add(s->clock, -step * (int64_t)(1 + fz_u8(f) % 5u));
        else if (d < 230)
            s->clock = wrap_add(s->clock, (int64_t)fz_u8(f)); /* off grid */
        else if (d < 245)
            s->clock = (int64_t)fz_u64(f);  /* anywhere */
        else
            s->clock = d & 1 ? INT64_MAX - (int64_t)fz_u8(f)
                             : INT64_MIN + (int64_t)fz_u8(f);
        s->ts[i] = s->clock;
        for (c = 0; c < nch; c++) {
            uint8_t k = fz_u8(f);
            s->v[i * nch + c] = k < 220 ? (double)(k % 40u) : fz_double(f);
        }
    }
    return n;
}

typedef struct read_state {
    fz *f;
    series *s;
    size_t nch;
    int64_t step;
    int calls;
} read_state;

static int read_cb(void *user, int64_t *timestamps, double *values,
                   size_t capacity, size_t *count)
{
    read_state *r = (read_state *)user;
    size_t n, i;
    uint8_t c;
    FZ_CHECK(capacity >= 1);
    if (r->f->n == 0 || ++r->calls > 16) {
        *count = 0;
        return 0;
    }
    c = fz_u8(r->f);
    if (c >= 250)
        return (int)c; /* stop */
    n = make_rows(r->f, r->s, r->nch, r->step);
    if (c >= 240) {
        *count = capacity + 1; /* more than asked: refused */
        return 0;
    }
    if (n > capacity)
        n = capacity;
    for (i = 0; i < n; i++) {
        timestamps[i] = r->s->ts[i];
        memcpy(values + i * r->nch, r->s->v + i * r->nch,
               r->nch * sizeof(double));
    }
    *count = n;
    return 0;
}

static void check_results(fz_env *e, const kol_traffic *t, size_t nch)
{
    size_t c, k, n;
    uint64_t total = 0;
    double inflated[KOL_CHANNEL_COUNT];
    for (c = 0; c < nch; c++) {
        double obs = -1, res = -1, lo = -1, hi = -1, drop = -1;
        FZ_CHECK(fz_status(e, kol_traffic_totals(t, c, &obs, &res, &lo, &hi,
                                                 &drop)) == KOL_STATUS_OK);
        FZ_FINITE(obs);
        FZ_FINITE(res);
        FZ_FINITE(lo);
        FZ_FINITE(hi);
        FZ_FINITE(drop);
        FZ_CHECK(lo <= res && res <= hi);
    }
    FZ_CHECK(kol_traffic_totals(t, nch, NULL, NULL, NULL, NULL, NULL) ==
             KOL_STATUS_NOT_FOUND);
    n = kol_traffic_interval_count(t, &total);
    FZ_CHECK(n <= total);
    for (k = 0; k < n; k++) {
        int64_t a = 0, b = -1;
        uint32_t reasons = 0;
        double peak = -1;
        FZ_CHECK(kol_traffic_interval_at(t, k, &a, &b, &reasons, &peak,
                                         inflated) == KOL_STATUS_OK);
        FZ_CHECK(a <= b);
        FZ_FINITE(peak);
        FZ_CHECK(peak >= 0.0 && peak <= 1.0);
        for (c = 0; c < nch; c++)
            FZ_FINITE(inflated[c]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_traffic *t = NULL;
    int32_t channels[KOL_CHANNEL_COUNT + 1];
    size_t nch, i;
    kol_status st;
    static series s;
    emit_state es;
    int steps = 0;
    double stepd = 60;
    int64_t step = 60;

    if (!fz_env_init(&env, &f))
        return 0;
    memset(&s, 0, sizeof s);
    memset(&es, 0, sizeof es);
    es.f = &f;

    /* Channels: a rotation of the codes (distinct), or anything. */
    nch = fz_u8(&f) % (KOL_CHANNEL_COUNT + 2);
    {
        uint8_t rot = fz_u8(&f);
        int any = rot >= 240;
        for (i = 0; i < nch; i++)
            channels[i] = any ? fz_code(&f, KOL_CHANNEL_COUNT)
                              : (int32_t)((i + rot) % KOL_CHANNEL_COUNT);
    }
    st = fz_status(&env, kol_traffic_new(env.ctx, nch ? channels : NULL, nch,
                                         &t));
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(t == NULL);
        fz_env_done(&env);
        return 0;
    }
    es.nch = nch;

    /* Parameters, before the first sample. */
    {
        int k, np = fz_u8(&f) % 6;
        for (k = 0; k < np; k++) {
            int param = fz_code(&f, KOL_TRAFFIC_PARAM_COUNT);
            double v = fz_u8(&f) < 128 ? (double)(fz_u8(&f) % 32u)
                                       : fz_double(&f);
            if (param == KOL_TRAFFIC_PARAM_MAX_GAP && !(v <= 200.0))
                v = 200.0;
            if (param == KOL_TRAFFIC_PARAM_MAX_INTERVALS && !(v <= 1000.0))
                v = 1000.0;
            (void)fz_status(&env, kol_traffic_set_param(t, param, v));
        }
        FZ_CHECK(kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_STEP, &stepd) ==
                 KOL_STATUS_OK);
        FZ_CHECK(stepd >= 1.0);
        step = stepd > 1e6 ? 1000000 : (int64_t)stepd;
        s.clock = (int64_t)fz_u32(&f) * step;
    }

    while (f.n > 0 && steps++ < 32) {
        uint8_t op = fz_u8(&f) % 10;
        uint64_t slots0 = 0, flagged0 = 0, skipped0 = 0;
        uint64_t em0 = es.emitted;
        FZ_CHECK(kol_traffic_counts(t, &slots0, &flagged0, &skipped0) ==
                 KOL_STATUS_OK);
        es.stop_after = fz_u8(&f) >= 250 ? (int)(es.emitted + 1 +
                                                 fz_u8(&f) % 8u)
                                         : 0;
        if (op <= 4 || op == 8) { /* feed a chunk */
            size_t n = make_rows(&f, &s, nch, step);
            st = op == 8 ? fz_status(&env, kol_traffic_feed_blocks(
                                               t, s.ts, s.v, n,
                                               fz_u8(&f) < 32 ? NULL
                                                              : block_cb,
                                               &es))
                         : fz_status(&env, kol_traffic_feed(
                                               t, s.ts, s.v, n,
                                               op == 4 ? NULL : emit_cb,
                                               &es));
            if (st != KOL_STATUS_OK && st != KOL_STATUS_CALLBACK) {
                uint64_t a = 0, b = 0, c = 0;
                FZ_CHECK(kol_traffic_counts(t, &a, &b, &c) == KOL_STATUS_OK);
                FZ_CHECK(a == slots0 && b == flagged0 && c == skipped0);
                FZ_CHECK(es.emitted == em0);
            }
        } else if (op == 5 || op == 9) { /* pull */
            read_state rs;
            rs.f = &f;
            rs.s = &s;
            rs.nch = nch;
            rs.step = step;
            rs.calls = 0;
            if (op == 9)
                (void)fz_status(&env, kol_traffic_run_blocks(
                                          t, read_cb, &rs, block_cb, &es));
            else
                (void)fz_status(&env, kol_traffic_run(t, read_cb, &rs,
                                                      emit_cb, &es));
        } else if (op == 6) { /* finish */
            (void)fz_status(&env, fz_u8(&f) & 1
                                      ? kol_traffic_finish_blocks(t, block_cb,
                                                                  &es)
                                      : kol_traffic_finish(t, emit_cb, &es));
        } else { /* reset */
            FZ_CHECK(fz_status(&env, kol_traffic_reset(t)) == KOL_STATUS_OK);
            es.have_last = 0;
        }
        {
            uint64_t a = 0, b = 0, c = 0;
            FZ_CHECK(kol_traffic_counts(t, &a, &b, &c) == KOL_STATUS_OK);
            FZ_CHECK(b <= a);
            /* every result counted was handed over (the NULL callbacks
             * aside, which discard them) */
            if (op != 4 && op != 7 && op != 8)
                FZ_CHECK(a - slots0 == es.emitted - em0);
        }
        check_results(&env, t, nch);
    }
    (void)kol_traffic_finish(t, emit_cb, &es);
    check_results(&env, t, nch);

    kol_traffic_free(t);
    fz_env_done(&env);
    return 0;
}
