/* Thread and stack test of libkol.
 *
 * Without arguments (tests/threads/run.sh builds it with
 * -fsanitize=thread): the thread rules (core.h, docs/reliability.md):
 * objects made from one context are used by one thread at a time;
 * different contexts share nothing and may be used from different
 * threads at once. This program checks the second half under
 * ThreadSanitizer and the first half's "handoff" case:
 *
 *  - pipelines (roster, ROI with cost history, sketches, planner,
 *    traffic monitor with two and with seven channels, value model with
 *    tiers and on columns, audience quality and engagement sanity):
 *    every pipeline below runs first on the main thread, giving a digest
 *    (a hash of every number it produced); then KOL_THREADS threads
 *    (default 4) each run every pipeline KOL_THREAD_ROUNDS times
 *    (default 2), each with its own context (half of them with a host
 *    allocator of their own), all at once. Every digest must equal the
 *    main thread's: the results do not depend on what other threads do,
 *    and TSan must see no race;
 *  - handoff: objects made on one thread, used and freed on another after
 *    a join (one thread at a time, in sequence).
 *
 * With --stack LIMIT (the ctest test "stack", built without sanitizers):
 * each pipeline alone on a thread whose stack the test paints, and the
 * stack its library calls used below the pipeline's own frame (the test's
 * callbacks that the library calls included), which must not exceed LIMIT
 * bytes (docs/reliability.md, "Stack").
 *
 * Each pipeline is one function; a new module adds one to the table.
 * Prints "ok NAME" or "FAIL NAME: why" per check; exit status 1 on any
 * failure. Test code: stdio, pthreads, mmap. */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS, pthread_attr_setstack */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kol.h"

/* ------------------------------------------------------------------ */
/* Stack mode (--stack): how much stack the library's calls use        */
/* ------------------------------------------------------------------ */

/* In stack mode each pipeline runs alone on a thread whose stack the
 * test maps itself (with a guard page below it). Each pipeline calls
 * stack_mark() once its own locals exist: the part of the stack below
 * stack_mark()'s frame, where the frames of the library's calls (and of
 * the test's callbacks that they call) will go, is painted with a
 * pattern. After the pipeline, the lowest byte that no longer holds the
 * pattern tells how deep the calls went below the mark. Outside stack
 * mode stack_mark() does nothing. */
#define STACK_PAINT 0xA5u
#define STACK_SIZE ((size_t)1 << 20) /* each pipeline's thread stack */
static int stack_mode;                 /* set once, before any thread */
static volatile unsigned char *stack_lo; /* the running thread's stack */
static uintptr_t stack_mark_at;        /* where the pipeline's calls start */

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void stack_mark(void)
{
    volatile unsigned char *p;
    uintptr_t end;
    if (!stack_mode)
        return;
#if defined(__GNUC__)
    /* the frame itself (a local's address would be on AddressSanitizer's
     * heap-allocated fake stack with detect_stack_use_after_return) */
    stack_mark_at = (uintptr_t)__builtin_frame_address(0);
#else
    {
        volatile unsigned char here = 0;
        stack_mark_at = (uintptr_t)&here;
    }
#endif
    /* a mark off the thread's stack paints nothing; the caller says so */
    if (stack_mark_at < (uintptr_t)stack_lo + 4096u ||
        stack_mark_at > (uintptr_t)stack_lo + STACK_SIZE)
        return;
    /* 512 bytes below this frame stay unpainted: the frame itself, and
     * room below the stack pointer that a leaf may use (the red zone) */
    end = stack_mark_at - 512u;
    for (p = stack_lo; (uintptr_t)p < end; p++)
        *p = (unsigned char)STACK_PAINT;
}

/* ------------------------------------------------------------------ */
/* Digest and failure reporting                                       */
/* ------------------------------------------------------------------ */

typedef struct run {
    kol_ctx *ctx;
    uint64_t digest;
    char why[256];
    int failed;
    uint64_t progress;
} run;

static void mix(run *r, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        r->digest ^= b[i];
        r->digest *= 0x100000001b3ULL;
    }
}

static void mixd(run *r, double d)
{
    if (!isfinite(d) && !r->failed) {
        r->failed = 1;
        snprintf(r->why, sizeof r->why, "a result is not finite");
    }
    mix(r, &d, sizeof d);
}

#define REQUIRE(r, call)                                                   \
    do {                                                                   \
        kol_status st_ = (call);                                           \
        if (st_ != KOL_STATUS_OK) {                                        \
            if (!(r)->failed)                                              \
                snprintf((r)->why, sizeof (r)->why, "%s:%d: %s: %s (%s)",  \
                         __FILE__, __LINE__, #call, kol_status_str(st_),   \
                         kol_ctx_last_error((r)->ctx));                    \
            (r)->failed = 1;                                               \
            goto done;                                                     \
        }                                                                  \
    } while (0)

static int progress(void *user, uint64_t done, uint64_t total)
{
    run *r = (run *)user;
    (void)done;
    (void)total;
    r->progress++;
    return 0;
}

/* A host allocator of the thread's own (counts its blocks). */
typedef struct counting {
    long live;
} counting;

static void *c_malloc(void *u, size_t n)
{
    ((counting *)u)->live++;
    return malloc(n);
}
static void *c_realloc(void *u, void *p, size_t n)
{
    (void)u;
    return realloc(p, n);
}
static void c_free(void *u, void *p)
{
    ((counting *)u)->live--;
    free(p);
}

/* ------------------------------------------------------------------ */
/* Pipelines                                                          */
/* ------------------------------------------------------------------ */

/* Roster: fill 3000 records through the read callback (some skipped, some
 * duplicates rejected), then look each one up. */
typedef struct roster_feed {
    int i, n;
    char id[32];
} roster_feed;

static int roster_read(void *user, kol_record *rec, int32_t *what)
{
    roster_feed *f = (roster_feed *)user;
    static const char *const labels[3] = {"female", "male", "other"};
    double w[3];
    int i = f->i++;
    if (i >= f->n) {
        *what = KOL_READ_END;
        return 0;
    }
    if (i % 97 == 5) {
        *what = KOL_READ_SKIP;
        return 0;
    }
    /* every 50th record repeats an earlier id: rejected */
    snprintf(f->id, sizeof f->id, "kol-%d", i % 50 == 49 ? i - 10 : i);
    kol_record_set_text(rec, KOL_TEXT_ID, f->id);
    kol_record_set_text(rec, KOL_TEXT_PLATFORM, i % 2 ? "douyin" : "xhs");
    kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 1000.0 + i * 37.0);
    kol_record_set_metric(rec, KOL_METRIC_AVG_VIEWS, 100.0 + i % 300);
    kol_record_set_metric(rec, KOL_METRIC_PRICE, 50.0 + (i % 13) * 10.0);
    w[0] = 1 + i % 5;
    w[1] = 2;
    w[2] = 0.5;
    kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, labels, w, 3);
    return 0;
}

static int roster_reject(void *user, uint64_t index, int status,
                         const char *message)
{
    (void)user;
    (void)index;
    (void)message;
    return status == KOL_STATUS_DUPLICATE ? 0 : 1;
}

static void pipe_roster(run *r)
{
    kol_roster *roster = NULL;
    roster_feed feed = {0, 3000, {0}};
    uint64_t added = 0;
    size_t i, n;
    stack_mark();
    REQUIRE(r, kol_roster_new(r->ctx, &roster));
    REQUIRE(r, kol_roster_fill(roster, roster_read, roster_reject, &feed,
                               &added));
    n = kol_roster_size(roster);
    mix(r, &added, sizeof added);
    mix(r, &n, sizeof n);
    for (i = 0; i < n; i++) {
        const kol_record *rec = NULL, *found = NULL;
        double v = 0, share = 0;
        REQUIRE(r, kol_roster_at(roster, i, &rec));
        REQUIRE(r, kol_roster_find(roster, kol_record_text(rec, KOL_TEXT_ID),
                                   &found));
        if (found != rec) {
            r->failed = 1;
            snprintf(r->why, sizeof r->why, "find gave another record");
            goto done;
        }
        REQUIRE(r, kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &v));
        mixd(r, v);
        REQUIRE(r, kol_record_portrait_share(rec, KOL_DIMENSION_GENDER,
                                             "female", &share));
        mixd(r, share);
    }
    REQUIRE(r, kol_roster_remove(roster, "kol-7"));
    n = kol_roster_size(roster);
    mix(r, &n, sizeof n);
done:
    kol_roster_free(roster);
}

/* ROI: fill 1500 deliveries, reports by KOL and for all, every metric,
 * intervals (bootstrap), key accounts, outliers, feed a cost history. */
typedef struct roi_feed {
    int i, n;
    char buf[32];
} roi_feed;

static int roi_read(void *user, kol_delivery *d, int32_t *what)
{
    roi_feed *f = (roi_feed *)user;
    static const char *const tiers[4] = {"head", "waist", "tail", "koc"};
    int i = f->i++;
    if (i >= f->n) {
        *what = KOL_ROI_READ_END;
        return 0;
    }
    snprintf(f->buf, sizeof f->buf, "kol-%d", i % 120);
    kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, f->buf);
    kol_delivery_set_key(d, KOL_DELIVERY_KEY_CAMPAIGN, i % 3 ? "c1" : "c2");
    kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM,
                         i % 2 ? "douyin" : "xhs");
    kol_delivery_set_key(d, KOL_DELIVERY_KEY_TIER, tiers[i % 4]);
    kol_delivery_set(d, KOL_DELIVERY_COST, 100.0 + (i % 17) * 25.0);
    kol_delivery_set(d, KOL_DELIVERY_IMPRESSIONS, 10000.0 + i * 13.0);
    kol_delivery_set(d, KOL_DELIVERY_VIEWS, 5000.0 + i * 7.0);
    kol_delivery_set(d, KOL_DELIVERY_LIKES, 100.0 + i % 50);
    kol_delivery_set(d, KOL_DELIVERY_COMMENTS, 10.0 + i % 9);
    kol_delivery_set(d, KOL_DELIVERY_CLICKS, 50.0 + i % 31);
    kol_delivery_set(d, KOL_DELIVERY_ORDERS, (double)(i % 7));
    kol_delivery_set(d, KOL_DELIVERY_REVENUE, (i % 11) * 40.0 - 30.0);
    kol_delivery_set(d, KOL_DELIVERY_RESTORED_VIEWS, 4000.0 + i * 5.0);
    return 0;
}

static void pipe_roi(run *r)
{
    kol_roi *roi = NULL;
    kol_roi_report *rep = NULL;
    kol_cost_history *hist = NULL, *back = NULL;
    roi_feed feed = {0, 1500, {0}};
    uint64_t added = 0;
    uint8_t *bytes = NULL;
    size_t need = 0, i;
    int g, metric, basis;
    static const int groups[3] = {KOL_ROI_GROUP_KOL, KOL_ROI_GROUP_TIER,
                                  KOL_ROI_GROUP_ALL};
    stack_mark();
    REQUIRE(r, kol_roi_new(r->ctx, &roi));
    REQUIRE(r, kol_roi_set_param(roi, KOL_ROI_PARAM_BOOTSTRAP, 200));
    REQUIRE(r, kol_roi_set_param(roi, KOL_ROI_PARAM_SEED, 7));
    REQUIRE(r, kol_roi_fill(roi, roi_read, &feed, &added));
    mix(r, &added, sizeof added);
    for (g = 0; g < 3; g++) {
        size_t rows;
        uint32_t order[200];
        double share[200], score[200];
        int32_t flag[200];
        size_t key = 0, outl = 0;
        REQUIRE(r, kol_roi_report_new(roi, groups[g], &rep));
        rows = kol_roi_report_size(rep);
        mix(r, &rows, sizeof rows);
        for (i = 0; i < rows; i++) {
            mix(r, kol_roi_report_key(rep, i),
                strlen(kol_roi_report_key(rep, i)));
            for (metric = 0; metric <= KOL_ROI_CONTENT_QUALITY; metric++)
                for (basis = 0; basis < 2; basis++) {
                    double v = -1, lo = -1, hi = -1;
                    kol_status st =
                        kol_roi_report_get(rep, i, metric, basis, &v);
                    mix(r, &st, sizeof st);
                    mixd(r, v);
                    st = kol_roi_report_interval(rep, i, metric, basis, &lo,
                                                 &hi);
                    mix(r, &st, sizeof st);
                    if (st == KOL_STATUS_OK) {
                        mixd(r, lo);
                        mixd(r, hi);
                    }
                }
        }
        if (rows <= 200) {
            REQUIRE(r, kol_roi_report_rank(rep, KOL_ROI_REVENUE,
                                           KOL_ROI_BASIS_NET, order, share,
                                           rows, &key));
            mix(r, order, rows * sizeof order[0]);
            mix(r, &key, sizeof key);
            REQUIRE(r, kol_roi_report_outliers(rep, KOL_ROI_CPM,
                                               KOL_ROI_BASIS_REPORTED, score,
                                               flag, rows, &outl));
            for (i = 0; i < rows; i++)
                mixd(r, score[i]);
            mix(r, &outl, sizeof outl);
        }
        kol_roi_report_free(rep);
        rep = NULL;
    }
    REQUIRE(r, kol_cost_history_new(r->ctx, KOL_COST_ALPHA_DEFAULT, &hist));
    REQUIRE(r, kol_roi_feed_cost(roi, hist, &added));
    REQUIRE(r, kol_cost_history_serialize(hist, NULL, 0, &need));
    bytes = (uint8_t *)malloc(need);
    if (!bytes)
        goto done;
    REQUIRE(r, kol_cost_history_serialize(hist, bytes, need, &need));
    mix(r, bytes, need);
    REQUIRE(r, kol_cost_history_deserialize(r->ctx, bytes, need, &back));
    REQUIRE(r, kol_cost_history_merge(back, hist));
    {
        double pct = 0, lo = 0, mid = 0, hi = 0;
        int32_t b = 0;
        REQUIRE(r, kol_cost_history_quote(back, "douyin", "waist", NULL, 300.0,
                                          20000.0, 0.25, 0.75, &pct, &lo,
                                          &mid, &hi, &b));
        mixd(r, pct);
        mixd(r, lo);
        mixd(r, mid);
        mixd(r, hi);
    }
done:
    free(bytes);
    kol_roi_report_free(rep);
    kol_cost_history_free(hist);
    kol_cost_history_free(back);
    kol_roi_free(roi);
}

/* Sketches: 12 audiences of 20000 ids with overlaps, merge, round trip,
 * pairwise overlap, union. */
static void pipe_sketch(run *r)
{
    enum { N = 12 };
    kol_sketch *s[N] = {0}, *u = NULL, *back = NULL;
    uint64_t ids[1000];
    uint8_t *bytes = NULL;
    size_t need = 0;
    int k, j, b;
    double est;
    stack_mark();
    for (k = 0; k < N; k++) {
        REQUIRE(r, kol_sketch_new(r->ctx, 12, KOL_SKETCH_DEFAULT_SEED, &s[k]));
        for (b = 0; b < 20; b++) {
            for (j = 0; j < 1000; j++)
                ids[j] = (uint64_t)(k * 7000 + b * 1000 + j);
            REQUIRE(r, kol_sketch_add_ids(s[k], ids, 1000));
        }
    }
    REQUIRE(r, kol_sketch_new(r->ctx, 12, KOL_SKETCH_DEFAULT_SEED, &u));
    for (k = 0; k < N; k++)
        REQUIRE(r, kol_sketch_merge(u, s[k]));
    REQUIRE(r, kol_sketch_estimate(u, &est));
    mixd(r, est);
    REQUIRE(r, kol_sketch_union_estimate((const kol_sketch *const *)s, N,
                                         &est));
    mixd(r, est);
    for (k = 0; k + 1 < N; k++) {
        double ov = 0, jac = 0, un = 0;
        REQUIRE(r, kol_sketch_overlap(s[k], s[k + 1], &ov, &jac, &un));
        mixd(r, ov);
        mixd(r, jac);
        mixd(r, un);
    }
    REQUIRE(r, kol_sketch_serialized_size(u, &need));
    bytes = (uint8_t *)malloc(need);
    if (!bytes)
        goto done;
    REQUIRE(r, kol_sketch_serialize(u, bytes, need, &need));
    mix(r, bytes, need);
    REQUIRE(r, kol_sketch_deserialize(r->ctx, bytes, need, &back));
    REQUIRE(r, kol_sketch_estimate(back, &est));
    mixd(r, est);
done:
    free(bytes);
    for (k = 0; k < N; k++)
        kol_sketch_free(s[k]);
    kol_sketch_free(u);
    kol_sketch_free(back);
}

/* Planner: 40 candidates, value objective (greedy) and reach (sketches),
 * with tier limits. */
static void pipe_planner(run *r)
{
    enum { N = 40 };
    kol_planner *pl = NULL;
    kol_plan *plan = NULL;
    kol_sketch *s[N] = {0};
    double cost[N], value[N];
    int32_t tier[N];
    int k, obj;
    size_t i;
    stack_mark();
    for (k = 0; k < N; k++) {
        uint64_t ids[300];
        int j;
        cost[k] = 100.0 + (k * 37) % 400;
        value[k] = 10.0 + (k * 53) % 90;
        tier[k] = k % 3;
        REQUIRE(r, kol_sketch_new(r->ctx, 10, KOL_SKETCH_DEFAULT_SEED, &s[k]));
        for (j = 0; j < 300; j++)
            ids[j] = (uint64_t)((k % 10) * 150 + j + k);
        REQUIRE(r, kol_sketch_add_ids(s[k], ids, 300));
    }
    REQUIRE(r, kol_planner_new(r->ctx, &pl));
    REQUIRE(r, kol_planner_set_candidates(pl, cost, value, NULL, tier, NULL,
                                          NULL, N));
    REQUIRE(r, kol_planner_set_audiences(pl, (const kol_sketch *const *)s,
                                         N));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 2000));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e8));
    REQUIRE(r, kol_planner_set_tier_limit(pl, 0, 0, 2));
    for (obj = 0; obj <= KOL_PLAN_OBJECTIVE_REACH; obj += 2) {
        REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, obj));
        REQUIRE(r, kol_planner_run(pl, &plan));
        mixd(r, kol_plan_objective(plan));
        mixd(r, kol_plan_spend(plan));
        for (i = 0; i < kol_plan_size(plan); i++) {
            size_t c = 0;
            double gain = 0;
            REQUIRE(r, kol_plan_pick(plan, i, &c, &gain));
            mix(r, &c, sizeof c);
            mixd(r, gain);
        }
        kol_plan_free(plan);
        plan = NULL;
    }
done:
    kol_plan_free(plan);
    kol_planner_free(pl);
    for (k = 0; k < N; k++)
        kol_sketch_free(s[k]);
}

/* Traffic: two channels, 20000 minutes fed in chunks of 1000 with a
 * burst of bought likes; every emitted slot goes into the digest. */
static int traffic_emit(void *user, int64_t timestamp, uint32_t n_samples,
                        double score, uint32_t reasons,
                        const double *observed, const double *restored,
                        const uint32_t *channel_reasons, size_t n_channels)
{
    run *r = (run *)user;
    (void)channel_reasons;
    mix(r, &timestamp, sizeof timestamp);
    mix(r, &n_samples, sizeof n_samples);
    mix(r, &reasons, sizeof reasons);
    mixd(r, score);
    mix(r, observed, n_channels * sizeof *observed);
    mix(r, restored, n_channels * sizeof *restored);
    return 0;
}

static void pipe_traffic(run *r)
{
    kol_traffic *t = NULL;
    static const int32_t ch[2] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    int64_t ts[1000];
    double v[2000];
    int chunk, i;
    stack_mark();
    REQUIRE(r, kol_traffic_new(r->ctx, ch, 2, &t));
    for (chunk = 0; chunk < 20; chunk++) {
        for (i = 0; i < 1000; i++) {
            int k = chunk * 1000 + i;
            ts[i] = 1700000000 + (int64_t)k * 60;
            v[2 * i] = 200.0 + (k * 7919) % 41;
            v[2 * i + 1] = 10.0 + (k * 104729) % 7 +
                           (k >= 9000 && k < 9030 ? 400.0 : 0.0);
        }
        REQUIRE(r, kol_traffic_feed(t, ts, v, 1000, traffic_emit, r));
    }
    REQUIRE(r, kol_traffic_finish(t, traffic_emit, r));
    for (i = 0; i < 2; i++) {
        double obs = 0, res = 0, lo = 0, hi = 0, drop = 0;
        REQUIRE(r, kol_traffic_totals(t, (size_t)i, &obs, &res, &lo, &hi,
                                      &drop));
        mixd(r, obs);
        mixd(r, res);
        mixd(r, lo);
        mixd(r, hi);
    }
done:
    kol_traffic_free(t);
}

/* Traffic, seven channels (two vectors of lanes), pulled by a read
 * callback in chunks of 500, results in blocks: 12000 minutes with a
 * drip of likes and a burst of views. */
typedef struct traffic_src {
    int next, total;
} traffic_src;

static int traffic_read7(void *user, int64_t *timestamps, double *values,
                         size_t capacity, size_t *count)
{
    traffic_src *src = (traffic_src *)user;
    size_t i, n = 0;
    for (i = 0; i < capacity && i < 500 && src->next < src->total; i++) {
        int k = src->next++, c;
        timestamps[i] = 1700000000 + (int64_t)k * 60;
        for (c = 0; c < 7; c++)
            values[i * 7 + (size_t)c] =
                (double)(5 + 3 * c) + (double)((k * (7919 + 104 * c)) % 9);
        if (k >= 4000 && k < 4060)
            values[i * 7 + 1] += 30.0; /* likes: a drip */
        if (k >= 8000 && k < 8003)
            values[i * 7] += 400.0; /* views: a burst */
        n++;
    }
    *count = n;
    return 0;
}

static int traffic_block(void *user, size_t n, const int64_t *timestamps,
                         const uint32_t *n_samples, const double *scores,
                         const uint32_t *reasons, const double *observed,
                         const double *restored,
                         const uint32_t *channel_reasons, size_t n_channels)
{
    run *r = (run *)user;
    mix(r, timestamps, n * sizeof *timestamps);
    mix(r, n_samples, n * sizeof *n_samples);
    mix(r, scores, n * sizeof *scores);
    mix(r, reasons, n * sizeof *reasons);
    mix(r, observed, n * n_channels * sizeof *observed);
    mix(r, restored, n * n_channels * sizeof *restored);
    mix(r, channel_reasons, n * n_channels * sizeof *channel_reasons);
    return 0;
}

static void pipe_traffic7(run *r)
{
    kol_traffic *t = NULL;
    static const int32_t ch[7] = {
        KOL_CHANNEL_VIEWS,  KOL_CHANNEL_LIKES,   KOL_CHANNEL_COMMENTS,
        KOL_CHANNEL_SHARES, KOL_CHANNEL_SAVES,   KOL_CHANNEL_FOLLOWS,
        KOL_CHANNEL_ORDERS};
    traffic_src src = {0, 12000};
    uint64_t slots = 0, flagged = 0, skipped = 0;
    stack_mark();
    REQUIRE(r, kol_traffic_new(r->ctx, ch, 7, &t));
    REQUIRE(r, kol_traffic_run_blocks(t, traffic_read7, &src, traffic_block,
                                      r));
    REQUIRE(r, kol_traffic_counts(t, &slots, &flagged, &skipped));
    mix(r, &slots, sizeof slots);
    mix(r, &flagged, sizeof flagged);
done:
    kol_traffic_free(t);
}

/* Value model and tiers over a roster of 2000 records. */
static void pipe_value(run *r)
{
    kol_roster *roster = NULL;
    kol_value_model *model = NULL;
    kol_value_result *res = NULL;
    kol_tiers *tiers = NULL;
    roster_feed feed = {0, 2000, {0}};
    size_t i, n;
    stack_mark();
    REQUIRE(r, kol_roster_new(r->ctx, &roster));
    REQUIRE(r, kol_roster_fill(roster, roster_read, roster_reject, &feed,
                               NULL));
    REQUIRE(r, kol_value_model_new(r->ctx, KOL_VALUE_GOAL_BALANCED, &model));
    REQUIRE(r, kol_value_score_roster(model, roster, &res));
    REQUIRE(r, kol_tiers_new(r->ctx, KOL_TIER_SCHEME_CN, &tiers));
    n = kol_value_result_size(res);
    for (i = 0; i < n; i++) {
        const kol_record *rec = NULL;
        double total = 0;
        size_t idx = 0;
        int32_t level = -1;
        REQUIRE(r, kol_value_result_get(res, i, KOL_VALUE_OUT_TOTAL, &total));
        mixd(r, total);
        REQUIRE(r, kol_value_result_rank(res, i, &idx));
        mix(r, &idx, sizeof idx);
        REQUIRE(r, kol_roster_at(roster, i, &rec));
        REQUIRE(r, kol_tiers_classify(tiers, rec, &level));
        mix(r, &level, sizeof level);
    }
done:
    kol_tiers_free(tiers);
    kol_value_result_free(res);
    kol_value_model_free(model);
    kol_roster_free(roster);
}

/* Value model on 20000 rows of columns (the statistics' selections by
 * sampling and histograms), against the cohort and then against a stored
 * reference of 6000 rows. */
static void pipe_value_columns(run *r)
{
    enum { N = 20000, NREF = 6000, NCOL = 23 };
    kol_value_model *model = NULL;
    double *data = (double *)malloc((size_t)N * NCOL * sizeof(double));
    double *out = (double *)malloc((size_t)N * KOL_VALUE_OUT_COUNT *
                                   sizeof(double));
    const double *cols[NCOL];
    size_t i, c;
    stack_mark();
    if (!data || !out) {
        r->failed = 1;
        snprintf(r->why, sizeof r->why, "out of memory in the test");
        goto done;
    }
    for (c = 0; c < NCOL; c++)
        cols[c] = data + c * N;
    for (i = 0; i < N; i++) {
        double f = 500.0 + (double)((i * 7919) % 2000000);
        for (c = 0; c < NCOL; c++)
            data[c * N + i] = NAN;
        data[KOL_METRIC_FOLLOWERS * N + i] = f;
        data[KOL_METRIC_POSTS * N + i] = (double)(3 + i % 200);
        data[KOL_METRIC_POSTS_30D * N + i] = (double)(i % 31);
        data[KOL_METRIC_AVG_VIEWS * N + i] = f * (0.05 + (double)(i % 97) / 200.0);
        data[KOL_METRIC_AVG_LIKES * N + i] = f * (0.001 + (double)(i % 89) / 2000.0);
        data[KOL_METRIC_AVG_COMMENTS * N + i] = (double)(i % 300);
        data[KOL_METRIC_PRICE * N + i] = 10.0 + f / 100.0;
        data[KOL_METRIC_CLICKS * N + i] = (double)((i * 31) % 5000);
        data[KOL_METRIC_ORDERS * N + i] = (double)((i * 17) % 50);
    }
    REQUIRE(r, kol_value_model_new(r->ctx, KOL_VALUE_GOAL_BALANCED, &model));
    REQUIRE(r, kol_value_score_columns(model, cols, NCOL, N, out, NULL));
    mix(r, out, (size_t)N * KOL_VALUE_OUT_COUNT * sizeof *out);
    REQUIRE(r, kol_value_model_set_reference_columns(model, cols, NCOL,
                                                     NREF));
    REQUIRE(r, kol_value_score_columns(model, cols, NCOL, N, out, NULL));
    mix(r, out, (size_t)N * KOL_VALUE_OUT_COUNT * sizeof *out);
done:
    kol_value_model_free(model);
    free(data);
    free(out);
}

/* Audience quality of 3000 followers, engagement sanity of a record and
 * follower spikes over 400 days. */
typedef struct aud_data {
    double cells[3000 * 5], prob[3000], days[400], z[400];
    int32_t verdict[3000], dv[400];
} aud_data;

static void pipe_audience_sanity(run *r)
{
    enum { N = 3000, DAYS = 400 };
    static const int32_t cols[5] = {
        KOL_FOLLOWER_FOLLOWERS, KOL_FOLLOWER_FOLLOWING, KOL_FOLLOWER_POSTS,
        KOL_FOLLOWER_HAS_AVATAR, KOL_FOLLOWER_USERNAME_DIGITS};
    aud_data *d = (aud_data *)malloc(sizeof *d);
    kol_audience *au = NULL;
    kol_sanity *sa = NULL;
    kol_record *rec = NULL;
    double ratio = 0, lo = 0, hi = 0, obs[8], expd[8];
    int32_t sv[8];
    size_t i, used = 0, spikes = 0, found = 0;
    stack_mark();
    if (!d) {
        r->failed = 1;
        snprintf(r->why, sizeof r->why, "out of memory in the test");
        return;
    }
    for (i = 0; i < N; i++) {
        d->cells[i * 5] = (double)((i * 37) % 5000);
        d->cells[i * 5 + 1] = (double)((i * 53) % 3000);
        d->cells[i * 5 + 2] = (double)((i * 11) % 400);
        d->cells[i * 5 + 3] = (double)(i % 7 != 0);
        d->cells[i * 5 + 4] = (double)(i % 5);
    }
    for (i = 0; i < DAYS; i++)
        d->days[i] = 10000.0 + 30.0 * (double)i + (double)((i * 7) % 11) +
                     (i == 300 ? 5000.0 : 0.0);
    REQUIRE(r, kol_audience_new(r->ctx, &au));
    REQUIRE(r, kol_audience_score(au, cols, 5, d->cells, N, d->prob,
                                  d->verdict));
    REQUIRE(r, kol_audience_real_ratio(au, d->prob, d->verdict, N, &ratio,
                                       &lo, &hi, &used));
    mix(r, d->prob, sizeof d->prob);
    mixd(r, ratio);
    mixd(r, lo);
    mixd(r, hi);
    REQUIRE(r, kol_sanity_new(r->ctx, &sa));
    REQUIRE(r, kol_sanity_follower_spikes(sa, d->days, DAYS, d->dv, d->z,
                                          &spikes));
    mix(r, d->z, sizeof d->z);
    mix(r, &spikes, sizeof spikes);
    REQUIRE(r, kol_record_new(r->ctx, &rec));
    REQUIRE(r, kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 200000));
    REQUIRE(r, kol_record_set_metric(rec, KOL_METRIC_AVG_VIEWS, 1000));
    REQUIRE(r, kol_record_set_metric(rec, KOL_METRIC_AVG_LIKES, 5000));
    REQUIRE(r, kol_record_set_metric(rec, KOL_METRIC_AVG_COMMENTS, 3));
    REQUIRE(r, kol_sanity_check(sa, rec, sv, obs, expd, 8, &found));
    mix(r, &found, sizeof found);
    mix(r, obs, (found < 8 ? found : 8) * sizeof *obs);
done:
    kol_record_free(rec);
    kol_sanity_free(sa);
    kol_audience_free(au);
    free(d);
}

/* Planner: the search for a plan meeting the minimums, deep. 2,001
 * candidates of tier 0, which needs 2,000, within a budget of 2,000: the
 * greedy method takes the one of cost 2 first (its value is the best by
 * far) and falls short, and the search finds the plan 2,000 picks deep.
 * Then 1,000 candidates of cost 22/7 on one platform, which must receive
 * exactly 500 (159 of them 499.7, 160 of them 502.9, never 500): the
 * search goes about 160 picks deep, again and again, to its work limit.
 * The depth of either must not reach the stack. */
static void pipe_planner_minimums(run *r)
{
    enum { N = 2001 };
    kol_planner *pl = NULL;
    kol_plan *plan = NULL;
    double *cost = malloc(N * sizeof *cost), *value = malloc(N * sizeof *value);
    int32_t *tier = malloc(N * sizeof *tier), *plat = malloc(N * sizeof *plat);
    kol_status st;
    size_t i;
    stack_mark();
    if (!cost || !value || !tier || !plat) {
        snprintf(r->why, sizeof r->why, "out of memory");
        r->failed = 1;
        goto done;
    }
    for (i = 0; i < N; i++) {
        cost[i] = i == 0 ? 2 : 1;
        value[i] = i == 0 ? 1000 : 1;
        tier[i] = 0;
        plat[i] = 0;
    }
    REQUIRE(r, kol_planner_new(r->ctx, &pl));
    REQUIRE(r, kol_planner_set_candidates(pl, cost, value, NULL, tier, NULL,
                                          NULL, N));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, N - 1));
    REQUIRE(r, kol_planner_set_tier_limit(pl, 0, N - 1, N));
    REQUIRE(r, kol_planner_run(pl, &plan));
    mixd(r, kol_plan_spend(plan));
    mixd(r, (double)kol_plan_size(plan));
    kol_plan_free(plan);
    plan = NULL;
    kol_planner_free(pl);
    pl = NULL;
    for (i = 0; i < 1000; i++)
        cost[i] = 22.0 / 7.0;
    REQUIRE(r, kol_planner_new(r->ctx, &pl));
    REQUIRE(r, kol_planner_set_candidates(pl, cost, value, NULL, NULL, plat,
                                          NULL, 1000));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 1000));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0));
    REQUIRE(r, kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e6));
    REQUIRE(r, kol_planner_set_platform_share(pl, 0, 0.5, 0.5));
    st = kol_planner_run(pl, &plan);
    if (st != KOL_STATUS_INFEASIBLE ||
        !strstr(kol_ctx_last_error(r->ctx), "work limit")) {
        snprintf(r->why, sizeof r->why, "exact share: %s (%s)",
                 kol_status_str(st), kol_ctx_last_error(r->ctx));
        r->failed = 1;
    }
done:
    kol_plan_free(plan);
    kol_planner_free(pl);
    free(cost);
    free(value);
    free(tier);
    free(plat);
}

typedef struct pipeline {
    const char *name;
    void (*fn)(run *r);
} pipeline;

static const pipeline pipelines[] = {
    {"roster", pipe_roster},
    {"roi", pipe_roi},
    {"sketch", pipe_sketch},
    {"planner", pipe_planner},
    {"planner_minimums", pipe_planner_minimums},
    {"traffic", pipe_traffic},
    {"traffic7", pipe_traffic7},
    {"value", pipe_value},
    {"value_columns", pipe_value_columns},
    {"audience_sanity", pipe_audience_sanity},
};
#define NPIPE (sizeof pipelines / sizeof pipelines[0])

/* Run one pipeline in a fresh context; returns 0 on success. */
static int run_one(const pipeline *p, int own_allocator, uint64_t *digest,
                   char *why, size_t whylen)
{
    run r;
    counting cnt = {0};
    kol_status st;
    memset(&r, 0, sizeof r);
    r.digest = 0xcbf29ce484222325ULL;
    st = own_allocator ? kol_ctx_new_with_allocator(&r.ctx, c_malloc,
                                                    c_realloc, c_free, &cnt)
                       : kol_ctx_new(&r.ctx);
    if (st != KOL_STATUS_OK) {
        snprintf(why, whylen, "kol_ctx_new: %s", kol_status_str(st));
        return 1;
    }
    kol_ctx_set_progress(r.ctx, progress, &r);
    p->fn(&r);
    kol_ctx_free(r.ctx);
    if (!r.failed && own_allocator && cnt.live != 0) {
        r.failed = 1;
        snprintf(r.why, sizeof r.why, "%ld blocks leaked", cnt.live);
    }
    *digest = r.digest;
    if (r.failed)
        snprintf(why, whylen, "%s", r.why);
    return r.failed;
}

/* ------------------------------------------------------------------ */
/* Threads                                                            */
/* ------------------------------------------------------------------ */

static uint64_t expected[NPIPE];
static int rounds = 2;

typedef struct worker {
    pthread_t th;
    int index;
    int failures;
    char why[320];
} worker;

static void *work(void *arg)
{
    worker *w = (worker *)arg;
    int round;
    size_t p;
    for (round = 0; round < rounds; round++) {
        for (p = 0; p < NPIPE; p++) {
            /* Threads start on different pipelines so that all of them
             * run at the same time. */
            const pipeline *pl = &pipelines[(p + (size_t)w->index) % NPIPE];
            uint64_t d = 0;
            char why[256] = "";
            if (run_one(pl, (w->index + round) % 2, &d, why, sizeof why)) {
                w->failures++;
                snprintf(w->why, sizeof w->why, "%s: %s", pl->name, why);
            } else if (d != expected[pl - pipelines]) {
                w->failures++;
                snprintf(w->why, sizeof w->why,
                         "%s: digest %016" PRIx64 " differs from the "
                         "single-thread run", pl->name, d);
            }
        }
    }
    return NULL;
}

/* Handoff: a sketch and a roster made on one thread, used on a second,
 * freed on a third; the context goes with them. */
typedef struct handoff {
    kol_ctx *ctx;
    kol_sketch *s;
    kol_roster *roster;
    int stage;
    int ok;
} handoff;

static void *handoff_step(void *arg)
{
    handoff *h = (handoff *)arg;
    if (h->stage == 0) {
        uint64_t ids[100];
        int j;
        kol_record *rec = NULL;
        h->ok = kol_ctx_new(&h->ctx) == KOL_STATUS_OK &&
                kol_sketch_new(h->ctx, 10, KOL_SKETCH_DEFAULT_SEED, &h->s) ==
                    KOL_STATUS_OK &&
                kol_roster_new(h->ctx, &h->roster) == KOL_STATUS_OK &&
                kol_record_new(h->ctx, &rec) == KOL_STATUS_OK &&
                kol_record_set_text(rec, KOL_TEXT_ID, "a") == KOL_STATUS_OK &&
                kol_roster_add(h->roster, rec) == KOL_STATUS_OK;
        kol_record_free(rec);
        for (j = 0; j < 100; j++)
            ids[j] = (uint64_t)j;
        if (h->ok)
            h->ok = kol_sketch_add_ids(h->s, ids, 100) == KOL_STATUS_OK;
    } else if (h->stage == 1) {
        double est = 0;
        const kol_record *rec = NULL;
        h->ok = kol_sketch_estimate(h->s, &est) == KOL_STATUS_OK &&
                est > 90 && est < 110 &&
                kol_roster_find(h->roster, "a", &rec) == KOL_STATUS_OK &&
                kol_roster_remove(h->roster, "a") == KOL_STATUS_OK &&
                kol_roster_size(h->roster) == 0;
    } else {
        kol_sketch_free(h->s);
        kol_roster_free(h->roster);
        kol_ctx_free(h->ctx);
        h->ok = 1;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Stack mode                                                         */
/* ------------------------------------------------------------------ */


typedef struct stack_job {
    const pipeline *p;
    int failed;
    char why[256];
} stack_job;

static void *stack_job_run(void *arg)
{
    stack_job *j = (stack_job *)arg;
    uint64_t d = 0;
    j->failed = run_one(j->p, 0, &d, j->why, sizeof j->why);
    return NULL;
}

/* Runs p alone on a thread with a mapped stack; returns how many bytes of
 * stack its calls used below its mark (512 when they stayed within the
 * unpainted 512 bytes), or -1 (why says why). */
static long stack_depth(const pipeline *p, char *why, size_t whylen)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *base;
    pthread_attr_t attr;
    pthread_t th;
    stack_job job;
    size_t i;
    long depth = -1;
    memset(&job, 0, sizeof job);
    job.p = p;
    base = (unsigned char *)mmap(NULL, STACK_SIZE + page,
                                 PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        snprintf(why, whylen, "mmap of the thread stack failed");
        return -1;
    }
    /* a guard page below the stack: an overflow faults */
    if (mprotect(base, page, PROT_NONE) != 0 ||
        pthread_attr_init(&attr) != 0) {
        snprintf(why, whylen, "mprotect or pthread_attr_init failed");
        munmap(base, STACK_SIZE + page);
        return -1;
    }
    stack_lo = base + page;
    stack_mark_at = 0;
    if (pthread_attr_setstack(&attr, base + page, STACK_SIZE) != 0 ||
        pthread_create(&th, &attr, stack_job_run, &job) != 0) {
        snprintf(why, whylen, "could not start a thread on the stack");
    } else {
        pthread_join(th, NULL);
        if (job.failed) {
            snprintf(why, whylen, "%s", job.why);
        } else if (stack_mark_at == 0) {
            snprintf(why, whylen, "the pipeline does not call stack_mark()");
        } else if (stack_mark_at < (uintptr_t)stack_lo + 4096u ||
                   stack_mark_at > (uintptr_t)stack_lo + STACK_SIZE) {
            snprintf(why, whylen, "the mark is not on the thread's stack");
        } else {
            for (i = 0; i < STACK_SIZE && stack_lo[i] == STACK_PAINT; i++)
                ;
            depth = (long)(stack_mark_at - ((uintptr_t)(base + page) + i));
        }
    }
    pthread_attr_destroy(&attr);
    munmap(base, STACK_SIZE + page);
    return depth;
}

/* --stack LIMIT: every pipeline alone, with the depth of its calls'
 * stack; fails when one is above LIMIT bytes (0: report only). */
static int stack_main(long limit)
{
    size_t p;
    int failed = 0;
    long most = 0;
    stack_mode = 1;
    for (p = 0; p < NPIPE; p++) {
        char why[256] = "";
        long d = stack_depth(&pipelines[p], why, sizeof why);
        if (d < 0) {
            printf("FAIL stack %s: %s\n", pipelines[p].name, why);
            failed++;
        } else if (limit > 0 && d > limit) {
            printf("FAIL stack %s: %ld bytes below the caller's frame, "
                   "above the bound of %ld\n", pipelines[p].name, d, limit);
            failed++;
        } else {
            printf("ok   stack %s: %ld bytes below the caller's frame\n",
                   pipelines[p].name, d);
        }
        most = d > most ? d : most;
    }
    if (limit > 0)
        printf("deepest: %ld bytes, bound %ld\n", most, limit);
    else
        printf("deepest: %ld bytes (no bound: report only)\n", most);
    printf("%d passed, %d failed\n", (int)NPIPE - failed, failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    int nthreads = 4, i, passed = 0, failed = 0;
    size_t p;
    const char *env;
    worker *ws;

    if (argc == 3 && strcmp(argv[1], "--stack") == 0)
        return stack_main(atol(argv[2]));
    if (argc != 1) {
        fprintf(stderr, "usage: %s [--stack LIMIT_BYTES]\n", argv[0]);
        return 2;
    }
    env = getenv("KOL_THREADS");
    if (env && atoi(env) > 0)
        nthreads = atoi(env);
    env = getenv("KOL_THREAD_ROUNDS");
    if (env && atoi(env) > 0)
        rounds = atoi(env);

    /* 1. Single-thread reference digests, with both allocators. */
    for (p = 0; p < NPIPE; p++) {
        uint64_t d1 = 0, d2 = 0;
        char why[256] = "";
        int bad = run_one(&pipelines[p], 0, &d1, why, sizeof why);
        if (!bad)
            bad = run_one(&pipelines[p], 1, &d2, why, sizeof why);
        if (!bad && d1 != d2) {
            bad = 1;
            snprintf(why, sizeof why, "allocator changes the result");
        }
        expected[p] = d1;
        if (bad) {
            printf("FAIL single-thread %s: %s\n", pipelines[p].name, why);
            failed++;
        } else {
            printf("ok   single-thread %s (digest %016" PRIx64 ")\n",
                   pipelines[p].name, d1);
            passed++;
        }
    }
    fflush(stdout);

    /* 2. All pipelines in nthreads threads at once. */
    ws = (worker *)calloc((size_t)nthreads, sizeof *ws);
    if (!ws)
        return 2;
    for (i = 0; i < nthreads; i++) {
        ws[i].index = i;
        if (pthread_create(&ws[i].th, NULL, work, &ws[i]) != 0) {
            printf("FAIL pthread_create\n");
            return 2;
        }
    }
    for (i = 0; i < nthreads; i++) {
        pthread_join(ws[i].th, NULL);
        if (ws[i].failures) {
            printf("FAIL thread %d: %d pipeline runs failed; last: %s\n", i,
                   ws[i].failures, ws[i].why);
            failed++;
        } else {
            printf("ok   thread %d: %d rounds of %zu pipelines, results "
                   "equal to the single-thread run\n", i, rounds, NPIPE);
            passed++;
        }
    }
    free(ws);

    /* 3. Handoff between threads, one at a time. */
    {
        handoff h;
        int stage, ok = 1;
        memset(&h, 0, sizeof h);
        for (stage = 0; stage < 3 && ok; stage++) {
            pthread_t th;
            h.stage = stage;
            h.ok = 0;
            if (pthread_create(&th, NULL, handoff_step, &h) != 0)
                return 2;
            pthread_join(th, NULL);
            ok = h.ok;
        }
        if (ok) {
            printf("ok   handoff of a context and its objects across "
                   "threads\n");
            passed++;
        } else {
            printf("FAIL handoff at stage %d\n", stage - 1);
            failed++;
        }
    }

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
