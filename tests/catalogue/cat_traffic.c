/* Bad-input catalogue: include/kol/traffic.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const int32_t two_channels[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};

static kol_traffic *make_traffic(cat_env *env, int counters)
{
    kol_traffic *t = NULL;
    if (kol_traffic_new(env->ctx, two_channels, 2, &t) != KOL_STATUS_OK ||
        (counters &&
         kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE, 1) !=
             KOL_STATUS_OK))
        fail_msg("cat_traffic: cannot make the monitor");
    return t;
}

/* 40 ordinary rows, one a minute: enough for results to come out. */
static void ordinary_rows(int64_t *ts, double *v)
{
    size_t i;
    for (i = 0; i < 40; i++) {
        ts[i] = 1700000000 + (int64_t)i * 60;
        v[2 * i] = 100.0 + (double)(i % 7);
        v[2 * i + 1] = 10.0 + (double)(i % 3);
    }
}

static int stop_emit(void *user, int64_t timestamp, uint32_t n_samples,
                     double score, uint32_t reasons, const double *observed,
                     const double *restored, const uint32_t *channel_reasons,
                     size_t n_channels)
{
    (void)user;
    (void)timestamp;
    (void)n_samples;
    (void)score;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    return 5;
}

static int stop_block(void *user, size_t n, const int64_t *timestamps,
                      const uint32_t *n_samples, const double *scores,
                      const uint32_t *reasons, const double *observed,
                      const double *restored,
                      const uint32_t *channel_reasons, size_t n_channels)
{
    (void)user;
    (void)n;
    (void)timestamps;
    (void)n_samples;
    (void)scores;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    return 6;
}

/* ---- names and bounds ---------------------------------------------- */

static kol_status from_name_null(cat_env *env)
{
    int32_t code;
    (void)env;
    return kol_channel_from_name(NULL, &code);
}

static kol_status from_name_unknown(cat_env *env)
{
    int32_t code;
    (void)env;
    return kol_channel_from_name("retweets", &code);
}

static kol_status bounds_unknown(cat_env *env)
{
    double lo;
    (void)env;
    return kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_COUNT, &lo, NULL, NULL);
}

/* ---- new ------------------------------------------------------------ */

static kol_status new_call(cat_env *env, const int32_t *ch, size_t n)
{
    kol_traffic *t = NULL;
    kol_status st = kol_traffic_new(env->ctx, ch, n, &t);
    kol_traffic_free(t);
    return st;
}

static kol_status new_null_channels(cat_env *env)
{
    return new_call(env, NULL, 2);
}

static kol_status new_unknown_channel(cat_env *env)
{
    static const int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_COUNT};
    return new_call(env, ch, 2);
}

static kol_status new_duplicate(cat_env *env)
{
    static const int32_t ch[2] = {KOL_CHANNEL_LIKES, KOL_CHANNEL_LIKES};
    return new_call(env, ch, 2);
}

static kol_status new_nomem(cat_env *env)
{
    kol_traffic *t = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_traffic_new(env->ctx, two_channels, 2, &t);
    testalloc_disarm(env->ta);
    kol_traffic_free(t);
    return st;
}

/* ---- parameters ----------------------------------------------------- */

static kol_status set_call(cat_env *env, int param, double value, int fed)
{
    kol_traffic *t = make_traffic(env, 0);
    kol_status st;
    if (fed) {
        int64_t ts[40];
        double v[80];
        ordinary_rows(ts, v);
        if (kol_traffic_feed(t, ts, v, 1, NULL, NULL) != KOL_STATUS_OK)
            fail_msg("cat_traffic: cannot feed");
    }
    st = kol_traffic_set_param(t, param, value);
    kol_traffic_free(t);
    return st;
}

static kol_status set_not_integral(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_WARMUP, 2.5, 0);
}

static kol_status set_reference_absent(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_REFERENCE, KOL_CHANNEL_ORDERS, 0);
}

static kol_status set_unknown(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_COUNT, 1.0, 0);
}

static kol_status set_nan(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_BURST_Z, NAN, 0);
}

static kol_status set_out_of_range(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_ALPHA, 2.0, 0);
}

static kol_status set_after_finish(cat_env *env)
{
    kol_traffic *t = make_traffic(env, 0);
    kol_status st;
    if (kol_traffic_finish(t, NULL, NULL) != KOL_STATUS_OK)
        fail_msg("cat_traffic: cannot finish");
    st = kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP, 5);
    kol_traffic_free(t);
    return st;
}

static kol_status set_after_feed(cat_env *env)
{
    return set_call(env, KOL_TRAFFIC_PARAM_WARMUP, 5.0, 1);
}

static kol_status get_null_value(cat_env *env)
{
    kol_traffic *t = make_traffic(env, 0);
    kol_status st = kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_STEP, NULL);
    kol_traffic_free(t);
    return st;
}

static kol_status get_unknown(cat_env *env)
{
    kol_traffic *t = make_traffic(env, 0);
    double v;
    kol_status st = kol_traffic_get_param(t, -1, &v);
    kol_traffic_free(t);
    return st;
}

/* ---- feed, push ----------------------------------------------------- */

enum feed_case {
    FEED_NULL,
    FEED_INF,
    FEED_NEG_COUNTER,
    FEED_HUGE_NEG,
    FEED_HUGE,
    FEED_ORDER,
    FEED_FINISHED,
    FEED_STOP,
    FEED_NOMEM
};

static kol_status feed_case(cat_env *env, int blocks, enum feed_case k)
{
    kol_traffic *t = make_traffic(env, k == FEED_NEG_COUNTER);
    int64_t ts[40];
    double v[80];
    size_t n = 40;
    kol_status st;
    ordinary_rows(ts, v);
    if (k == FEED_INF) {
        /* a negative increment before it is accepted (a drop), so the
         * refusal names the infinity */
        v[18] = -3;
        v[21] = INFINITY;
    }
    else if (k == FEED_NEG_COUNTER)
        v[20] = -3;
    else if (k == FEED_HUGE_NEG)
        v[20] = -1e16; /* an increment (a drop) beyond -2^53 */
    else if (k == FEED_HUGE)
        v[20] = 1e16;
    else if (k == FEED_ORDER)
        ts[30] = ts[10];
    else if (k == FEED_FINISHED &&
             kol_traffic_finish(t, NULL, NULL) != KOL_STATUS_OK)
        fail_msg("cat_traffic: cannot finish");
    if (k == FEED_NOMEM)
        testalloc_fail_from(env->ta, 1);
    if (blocks)
        st = kol_traffic_feed_blocks(t, ts, k == FEED_NULL ? NULL : v, n,
                                     k == FEED_STOP ? stop_block : NULL,
                                     NULL);
    else
        st = kol_traffic_feed(t, ts, k == FEED_NULL ? NULL : v, n,
                              k == FEED_STOP ? stop_emit : NULL, NULL);
    testalloc_disarm(env->ta);
    kol_traffic_free(t);
    return st;
}

static kol_status feed_null(cat_env *env)
{
    return feed_case(env, 0, FEED_NULL);
}
static kol_status feed_inf(cat_env *env)
{
    return feed_case(env, 0, FEED_INF);
}
static kol_status feed_neg(cat_env *env)
{
    return feed_case(env, 0, FEED_NEG_COUNTER);
}
static kol_status feed_huge_neg(cat_env *env)
{
    return feed_case(env, 0, FEED_HUGE_NEG);
}
static kol_status feed_huge(cat_env *env)
{
    return feed_case(env, 0, FEED_HUGE);
}
static kol_status feed_order(cat_env *env)
{
    return feed_case(env, 0, FEED_ORDER);
}
static kol_status feed_finished(cat_env *env)
{
    return feed_case(env, 0, FEED_FINISHED);
}
static kol_status feed_stop(cat_env *env)
{
    return feed_case(env, 0, FEED_STOP);
}
static kol_status feed_nomem(cat_env *env)
{
    return feed_case(env, 0, FEED_NOMEM);
}
static kol_status fblk_null(cat_env *env)
{
    return feed_case(env, 1, FEED_NULL);
}
static kol_status fblk_inf(cat_env *env)
{
    return feed_case(env, 1, FEED_INF);
}
static kol_status fblk_neg(cat_env *env)
{
    return feed_case(env, 1, FEED_NEG_COUNTER);
}
static kol_status fblk_order(cat_env *env)
{
    return feed_case(env, 1, FEED_ORDER);
}
static kol_status fblk_finished(cat_env *env)
{
    return feed_case(env, 1, FEED_FINISHED);
}
static kol_status fblk_stop(cat_env *env)
{
    return feed_case(env, 1, FEED_STOP);
}
static kol_status fblk_nomem(cat_env *env)
{
    return feed_case(env, 1, FEED_NOMEM);
}

/* ---- finish --------------------------------------------------------- */

static kol_status finish_null(cat_env *env)
{
    (void)env;
    return kol_traffic_finish(NULL, NULL, NULL);
}

static kol_status finish_blocks_null(cat_env *env)
{
    (void)env;
    return kol_traffic_finish_blocks(NULL, NULL, NULL);
}

static kol_status finish_case(cat_env *env, int blocks, int stop)
{
    kol_traffic *t = make_traffic(env, 0);
    int64_t ts[40];
    double v[80];
    kol_status st;
    ordinary_rows(ts, v);
    if (kol_traffic_feed(t, ts, v, 40, NULL, NULL) != KOL_STATUS_OK ||
        (!stop && kol_traffic_finish(t, NULL, NULL) != KOL_STATUS_OK))
        fail_msg("cat_traffic: cannot feed");
    st = blocks ? kol_traffic_finish_blocks(t, stop ? stop_block : NULL, NULL)
                : kol_traffic_finish(t, stop ? stop_emit : NULL, NULL);
    kol_traffic_free(t);
    return st;
}

static kol_status finish_twice(cat_env *env)
{
    return finish_case(env, 0, 0);
}

static kol_status finish_stop(cat_env *env)
{
    return finish_case(env, 0, 1);
}

static kol_status finish_blocks_twice(cat_env *env)
{
    return finish_case(env, 1, 0);
}
static kol_status finish_blocks_stop(cat_env *env)
{
    return finish_case(env, 1, 1);
}

/* ---- run, pull ------------------------------------------------------ */

enum run_case {
    RUN_NULL_READ,
    RUN_OVERFILL,
    RUN_INF,
    RUN_NEG_COUNTER,
    RUN_ORDER,
    RUN_FINISHED,
    RUN_READ_STOP,
    RUN_EMIT_STOP,
    RUN_CANCEL,
    RUN_NOMEM
};

typedef struct pull {
    enum run_case k;
    uint64_t rows;
} pull;

static int pull_rows(void *user, int64_t *timestamps, double *values,
                     size_t capacity, size_t *count)
{
    pull *p = user;
    size_t i, n = capacity;
    if (p->k == RUN_READ_STOP)
        return 8;
    if (p->k == RUN_OVERFILL) {
        *count = capacity + 1;
        return 0;
    }
    if (p->rows >= (p->k == RUN_CANCEL ? 70000u : 40u)) {
        *count = 0;
        return 0;
    }
    for (i = 0; i < n; i++) {
        uint64_t r = p->rows + i;
        timestamps[i] = 1700000000 + (int64_t)r * 60;
        values[2 * i] = 100.0 + (double)(r % 7);
        values[2 * i + 1] = 10.0 + (double)(r % 3);
    }
    if (p->k == RUN_INF)
        values[3] = INFINITY;
    else if (p->k == RUN_NEG_COUNTER)
        values[2] = -1;
    else if (p->k == RUN_ORDER)
        timestamps[n - 1] = timestamps[0] - 60;
    p->rows += n;
    *count = n;
    return 0;
}

static kol_status run_case(cat_env *env, int blocks, enum run_case k)
{
    kol_traffic *t = make_traffic(env, k == RUN_NEG_COUNTER);
    pull p;
    kol_status st;
    p.k = k;
    p.rows = 0;
    if (k == RUN_FINISHED &&
        kol_traffic_finish(t, NULL, NULL) != KOL_STATUS_OK)
        fail_msg("cat_traffic: cannot finish");
    if (k == RUN_CANCEL)
        cat_cancel_after(env, 1);
    if (k == RUN_NOMEM)
        testalloc_fail_from(env->ta, 1);
    if (blocks)
        st = kol_traffic_run_blocks(t, k == RUN_NULL_READ ? NULL : pull_rows,
                                    &p,
                                    k == RUN_EMIT_STOP ? stop_block : NULL,
                                    NULL);
    else
        st = kol_traffic_run(t, k == RUN_NULL_READ ? NULL : pull_rows, &p,
                             k == RUN_EMIT_STOP ? stop_emit : NULL, NULL);
    testalloc_disarm(env->ta);
    kol_traffic_free(t);
    return st;
}

#define RUN_ROWS(name, k)                                                   \
    static kol_status run_##name(cat_env *env)                              \
    {                                                                       \
        return run_case(env, 0, k);                                         \
    }                                                                       \
    static kol_status rblk_##name(cat_env *env)                             \
    {                                                                       \
        return run_case(env, 1, k);                                         \
    }
RUN_ROWS(null_read, RUN_NULL_READ)
RUN_ROWS(overfill, RUN_OVERFILL)
RUN_ROWS(inf, RUN_INF)
RUN_ROWS(neg, RUN_NEG_COUNTER)
RUN_ROWS(order, RUN_ORDER)
RUN_ROWS(finished, RUN_FINISHED)
RUN_ROWS(read_stop, RUN_READ_STOP)
RUN_ROWS(emit_stop, RUN_EMIT_STOP)
RUN_ROWS(cancel, RUN_CANCEL)
RUN_ROWS(nomem, RUN_NOMEM)

/* ---- reset and getters ---------------------------------------------- */

static kol_status reset_null(cat_env *env)
{
    (void)env;
    return kol_traffic_reset(NULL);
}

static kol_status totals_null(cat_env *env)
{
    double o;
    (void)env;
    return kol_traffic_totals(NULL, 0, &o, NULL, NULL, NULL, NULL);
}

static kol_status totals_index(cat_env *env)
{
    kol_traffic *t = make_traffic(env, 0);
    double o;
    kol_status st = kol_traffic_totals(t, 2, &o, NULL, NULL, NULL, NULL);
    kol_traffic_free(t);
    return st;
}

static kol_status counts_null(cat_env *env)
{
    uint64_t s;
    (void)env;
    return kol_traffic_counts(NULL, &s, NULL, NULL);
}

static kol_status interval_null(cat_env *env)
{
    int64_t a;
    (void)env;
    return kol_traffic_interval_at(NULL, 0, &a, NULL, NULL, NULL, NULL);
}

static kol_status interval_index(cat_env *env)
{
    kol_traffic *t = make_traffic(env, 0);
    int64_t a;
    kol_status st = kol_traffic_interval_at(t, 0, &a, NULL, NULL, NULL, NULL);
    kol_traffic_free(t);
    return st;
}

/* ---- calls from a callback of the same monitor ---------------------- */

enum reent_call {
    RE_SET_PARAM,
    RE_FEED,
    RE_FEED_BLOCKS,
    RE_FINISH,
    RE_FINISH_BLOCKS,
    RE_RUN,
    RE_RUN_BLOCKS,
    RE_RESET
};

/* The outer call's callback makes the call under test once and keeps its
 * status. */
typedef struct reent {
    kol_traffic *t;
    enum reent_call call;
    int done;
    kol_status inner;
    pull src;     /* the rows of the outer run */
} reent;

static void reent_inner(reent *r)
{
    int64_t ts[1] = {1800000000};
    double v[2] = {5, 1};
    pull p;
    if (r->done)
        return;
    r->done = 1;
    p.k = RUN_NULL_READ;
    p.rows = 0;
    switch (r->call) {
    case RE_SET_PARAM:
        r->inner = kol_traffic_set_param(r->t, KOL_TRAFFIC_PARAM_WARMUP, 5);
        break;
    case RE_FEED:
        r->inner = kol_traffic_feed(r->t, ts, v, 1, NULL, NULL);
        break;
    case RE_FEED_BLOCKS:
        r->inner = kol_traffic_feed_blocks(r->t, ts, v, 1, NULL, NULL);
        break;
    case RE_FINISH:
        r->inner = kol_traffic_finish(r->t, NULL, NULL);
        break;
    case RE_FINISH_BLOCKS:
        r->inner = kol_traffic_finish_blocks(r->t, NULL, NULL);
        break;
    case RE_RUN:
        r->inner = kol_traffic_run(r->t, pull_rows, &p, NULL, NULL);
        break;
    case RE_RUN_BLOCKS:
        r->inner = kol_traffic_run_blocks(r->t, pull_rows, &p, NULL, NULL);
        break;
    default: /* RE_RESET */
        r->inner = kol_traffic_reset(r->t);
        break;
    }
}

static int reent_emit(void *user, int64_t timestamp, uint32_t n_samples,
                      double score, uint32_t reasons, const double *observed,
                      const double *restored,
                      const uint32_t *channel_reasons, size_t n_channels)
{
    (void)timestamp;
    (void)n_samples;
    (void)score;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    reent_inner(user);
    return 0;
}

static int reent_block(void *user, size_t n, const int64_t *timestamps,
                       const uint32_t *n_samples, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    (void)n;
    (void)timestamps;
    (void)n_samples;
    (void)scores;
    (void)reasons;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    reent_inner(user);
    return 0;
}

static int reent_read(void *user, int64_t *timestamps, double *values,
                      size_t capacity, size_t *count)
{
    reent *r = user;
    reent_inner(r);
    return pull_rows(&r->src, timestamps, values, capacity, count);
}

/* The outer call: a feed with an emit callback for the plain calls, a
 * feed in blocks for the block calls, a run (read callback) for the
 * runs. The outer call itself completes normally. */
static kol_status reent_case(cat_env *env, enum reent_call call)
{
    kol_traffic *t = make_traffic(env, 0);
    int64_t ts[40];
    double v[80];
    reent r;
    kol_status outer;
    memset(&r, 0, sizeof r);
    r.t = t;
    r.call = call;
    r.inner = KOL_STATUS_OK;
    r.src.k = RUN_FINISHED; /* for pull_rows: one chunk of ordinary rows */
    r.src.rows = 0;
    ordinary_rows(ts, v);
    if (call == RE_FEED_BLOCKS || call == RE_FINISH_BLOCKS)
        outer = kol_traffic_feed_blocks(t, ts, v, 40, reent_block, &r);
    else if (call == RE_RUN || call == RE_RUN_BLOCKS)
        outer = kol_traffic_run(t, reent_read, &r, NULL, NULL);
    else
        outer = kol_traffic_feed(t, ts, v, 40, reent_emit, &r);
    if (outer != KOL_STATUS_OK || !r.done)
        fail_msg("cat_traffic: the outer call failed (%d) or made no "
                 "callback",
                 (int)outer);
    kol_traffic_free(t);
    return r.inner;
}

static kol_status reent_set_param(cat_env *env)
{
    return reent_case(env, RE_SET_PARAM);
}
static kol_status reent_feed(cat_env *env)
{
    return reent_case(env, RE_FEED);
}
static kol_status reent_feed_blocks(cat_env *env)
{
    return reent_case(env, RE_FEED_BLOCKS);
}
static kol_status reent_finish(cat_env *env)
{
    return reent_case(env, RE_FINISH);
}
static kol_status reent_finish_blocks(cat_env *env)
{
    return reent_case(env, RE_FINISH_BLOCKS);
}
static kol_status reent_run(cat_env *env)
{
    return reent_case(env, RE_RUN);
}
static kol_status reent_run_blocks(cat_env *env)
{
    return reent_case(env, RE_RUN_BLOCKS);
}
static kol_status reent_reset(cat_env *env)
{
    return reent_case(env, RE_RESET);
}

const cat_row cat_rows_traffic[] = {
    CAT_ROW("kol_channel_from_name", KOL_STATUS_INVALID_ARGUMENT, "a NULL name (no context to report to)",
            NULL, from_name_null),
    CAT_ROW("kol_channel_from_name", KOL_STATUS_NOT_FOUND, "a name that is no channel (no context to report to)",
            NULL, from_name_unknown),
    CAT_ROW("kol_traffic_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code KOL_TRAFFIC_PARAM_COUNT (no context to report to)",
            NULL, bounds_unknown),
    CAT_ROW("kol_traffic_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL channel list",
            "channels", new_null_channels),
    CAT_ROW("kol_traffic_new", KOL_STATUS_UNKNOWN_ENUM, "a channel code out of range",
            "unknown code", new_unknown_channel),
    CAT_ROW("kol_traffic_new", KOL_STATUS_DUPLICATE, "likes given twice",
            "given twice", new_duplicate),
    CAT_ROW("kol_traffic_new", KOL_STATUS_NOMEM, "the allocator refuses the monitor",
            "out of memory", new_nomem),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_OUT_OF_RANGE, "WARMUP 2.5 (not an integer)",
            "kol_traffic_set_param: warmup = 2.5 is not an integer in [1, 100000]", set_not_integral),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_INVALID_ARGUMENT, "REFERENCE set to the orders channel of a views + likes monitor",
            "kol_traffic_set_param: reference: channel orders is not one of the monitor's channels", set_reference_absent),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code KOL_TRAFFIC_PARAM_COUNT",
            "unknown parameter", set_unknown),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_NOT_FINITE, "BURST_Z NaN",
            "not finite", set_nan),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_OUT_OF_RANGE, "ALPHA 2",
            "outside", set_out_of_range),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_BAD_STATE, "WARMUP set after the first sample",
            "already fed", set_after_feed),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_BAD_STATE, "WARMUP set after kol_traffic_finish() of a series never fed",
            "kol_traffic_set_param: warmup: the series was finished (reset the monitor first)", set_after_finish),
    CAT_ROW("kol_traffic_set_param", KOL_STATUS_BAD_STATE, "WARMUP set from an emit callback of kol_traffic_feed on the same monitor",
            "called from a callback", reent_set_param),
    CAT_ROW("kol_traffic_get_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL value pointer",
            "value is NULL", get_null_value),
    CAT_ROW("kol_traffic_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code -1",
            "unknown parameter", get_unknown),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_INVALID_ARGUMENT, "NULL values with 40 rows",
            "is NULL", feed_null),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_NOT_FINITE, "an infinite likes value in row 10, after a negative increment in row 9",
            "not finite", feed_inf),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_OUT_OF_RANGE, "a negative counter reading",
            "negative counter", feed_neg),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_OUT_OF_RANGE, "an increment of 1e16 (above 2^53)",
            "row 10, channel views: value 1e+16 above 2^53", feed_huge),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_OUT_OF_RANGE, "an increment of -1e16 (below -2^53)",
            "row 10, channel views: value -1e+16 below -2^53", feed_huge_neg),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_ORDER, "row 30 back at the time of row 10",
            "out of order", feed_order),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_BAD_STATE, "a feed after kol_traffic_finish()",
            "already finished", feed_finished),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_CALLBACK, "an emit callback that returns 5",
            "emit callback", feed_stop),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_NOMEM, "the allocator refuses the first feed's state",
            "out of memory", feed_nomem),
    CAT_ROW("kol_traffic_feed", KOL_STATUS_BAD_STATE, "a feed from an emit callback of kol_traffic_feed on the same monitor",
            "called from a callback", reent_feed),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_INVALID_ARGUMENT, "NULL values with 40 rows",
            "is NULL", fblk_null),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_NOT_FINITE, "an infinite likes value in row 10, after a negative increment in row 9",
            "not finite", fblk_inf),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_OUT_OF_RANGE, "a negative counter reading",
            "negative counter", fblk_neg),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_ORDER, "row 30 back at the time of row 10",
            "out of order", fblk_order),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_BAD_STATE, "a feed after kol_traffic_finish()",
            "already finished", fblk_finished),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_CALLBACK, "a block callback that returns 6",
            "block callback", fblk_stop),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_NOMEM, "the allocator refuses the first feed's state",
            "out of memory", fblk_nomem),
    CAT_ROW("kol_traffic_feed_blocks", KOL_STATUS_BAD_STATE, "a feed in blocks from a block callback of kol_traffic_feed_blocks on the same monitor",
            "called from a callback", reent_feed_blocks),
    CAT_ROW("kol_traffic_finish", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, finish_null),
    CAT_ROW("kol_traffic_finish", KOL_STATUS_BAD_STATE, "a second finish",
            "already finished", finish_twice),
    CAT_ROW("kol_traffic_finish", KOL_STATUS_CALLBACK, "an emit callback that returns 5",
            "emit callback", finish_stop),
    CAT_ROW("kol_traffic_finish", KOL_STATUS_BAD_STATE, "a finish from an emit callback of kol_traffic_feed on the same monitor",
            "called from a callback", reent_finish),
    CAT_ROW("kol_traffic_finish_blocks", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, finish_blocks_null),
    CAT_ROW("kol_traffic_finish_blocks", KOL_STATUS_BAD_STATE, "a second finish",
            "already finished", finish_blocks_twice),
    CAT_ROW("kol_traffic_finish_blocks", KOL_STATUS_CALLBACK, "a block callback that returns 6",
            "block callback", finish_blocks_stop),
    CAT_ROW("kol_traffic_finish_blocks", KOL_STATUS_BAD_STATE, "a finish in blocks from a block callback of kol_traffic_feed_blocks on the same monitor",
            "called from a callback", reent_finish_blocks),
    CAT_ROW("kol_traffic_run", KOL_STATUS_INVALID_ARGUMENT, "a NULL read callback",
            "read callback is NULL", run_null_read),
    CAT_ROW("kol_traffic_run", KOL_STATUS_INVALID_ARGUMENT, "a read callback reporting more rows than the capacity",
            "for a capacity", run_overfill),
    CAT_ROW("kol_traffic_run", KOL_STATUS_NOT_FINITE, "an infinite value from the read callback",
            "not finite", run_inf),
    CAT_ROW("kol_traffic_run", KOL_STATUS_OUT_OF_RANGE, "a negative counter from the read callback",
            "negative counter", run_neg),
    CAT_ROW("kol_traffic_run", KOL_STATUS_ORDER, "a timestamp going back within a chunk",
            "out of order", run_order),
    CAT_ROW("kol_traffic_run", KOL_STATUS_BAD_STATE, "a run after kol_traffic_finish()",
            "already finished", run_finished),
    CAT_ROW("kol_traffic_run", KOL_STATUS_CALLBACK, "a read callback that returns 8",
            "read callback", run_read_stop),
    CAT_ROW("kol_traffic_run", KOL_STATUS_CALLBACK, "an emit callback that returns 5",
            "emit callback", run_emit_stop),
    CAT_ROW("kol_traffic_run", KOL_STATUS_CANCELLED, "a progress callback that cancels after 65536 rows",
            "cancelled", run_cancel),
    CAT_ROW("kol_traffic_run", KOL_STATUS_NOMEM, "the allocator refuses the read buffers",
            "out of memory", run_nomem),
    CAT_ROW("kol_traffic_run", KOL_STATUS_BAD_STATE, "a run from a read callback of kol_traffic_run on the same monitor",
            "called from a callback", reent_run),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_INVALID_ARGUMENT, "a NULL read callback",
            "read callback is NULL", rblk_null_read),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_INVALID_ARGUMENT, "a read callback reporting more rows than the capacity",
            "for a capacity", rblk_overfill),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_NOT_FINITE, "an infinite value from the read callback",
            "not finite", rblk_inf),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_OUT_OF_RANGE, "a negative counter from the read callback",
            "negative counter", rblk_neg),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_ORDER, "a timestamp going back within a chunk",
            "out of order", rblk_order),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_BAD_STATE, "a run after kol_traffic_finish()",
            "already finished", rblk_finished),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_CALLBACK, "a read callback that returns 8",
            "read callback", rblk_read_stop),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_CALLBACK, "a block callback that returns 6",
            "block callback", rblk_emit_stop),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_CANCELLED, "a progress callback that cancels after 65536 rows",
            "cancelled", rblk_cancel),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_NOMEM, "the allocator refuses the read buffers",
            "out of memory", rblk_nomem),
    CAT_ROW("kol_traffic_run_blocks", KOL_STATUS_BAD_STATE, "a run in blocks from a read callback of kol_traffic_run on the same monitor",
            "called from a callback", reent_run_blocks),
    CAT_ROW("kol_traffic_reset", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, reset_null),
    CAT_ROW("kol_traffic_reset", KOL_STATUS_BAD_STATE, "a reset from an emit callback of kol_traffic_feed on the same monitor (the probe that divided by zero)",
            "called from a callback", reent_reset),
    CAT_ROW("kol_traffic_totals", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, totals_null),
    CAT_ROW("kol_traffic_totals", KOL_STATUS_NOT_FOUND, "channel index 2 of a two-channel monitor",
            "channel index", totals_index),
    CAT_ROW("kol_traffic_counts", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, counts_null),
    CAT_ROW("kol_traffic_interval_at", KOL_STATUS_INVALID_ARGUMENT, "a NULL monitor (no context to report to)",
            NULL, interval_null),
    CAT_ROW("kol_traffic_interval_at", KOL_STATUS_NOT_FOUND, "interval 0 of a monitor with none",
            "intervals kept", interval_index),
    CAT_END
};
