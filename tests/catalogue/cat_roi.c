/* Bad-input catalogue rows of include/kol/roi.h (see catalogue.h). */
#include "catalogue.h"

#include <math.h>
#include <string.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

#define TWO53 9007199254740992.0
/* Seed of the cost history's checksum (cost.c, frozen): "KOLCOSTH". */
#define COST_SEED 0x4B4F4C434F535448ULL

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static kol_delivery *new_delivery(cat_env *env)
{
    kol_delivery *d = NULL;
    assert_int_equal(kol_delivery_new(env->ctx, &d), KOL_STATUS_OK);
    return d;
}

static kol_roi *new_roi(cat_env *env)
{
    kol_roi *r = NULL;
    assert_int_equal(kol_roi_new(env->ctx, &r), KOL_STATUS_OK);
    return r;
}

/* Describe a complete delivery of KOL kol: cost, views, likes, and zero
 * clicks and orders (so that CVR = orders / clicks is undefined); no
 * revenue, follower gain or followers (so that those metrics are
 * missing). */
static void describe(kol_delivery *d, const char *kol, const char *post,
                     double cost, double views, double likes)
{
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, kol),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_POST_ID, post),
                     KOL_STATUS_OK);
    assert_int_equal(
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM, "douyin"),
        KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_TIER, "waist"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST, cost),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_VIEWS, views),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_LIKES, likes),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_CLICKS, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_ORDERS, 0),
                     KOL_STATUS_OK);
}

/* An evaluator with two deliveries, of KOLs k1 and k2. */
static kol_roi *sample_roi(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    describe(d, "k1", "p1", 1000, 50000, 2000);
    assert_int_equal(kol_roi_add(r, d), KOL_STATUS_OK);
    kol_delivery_reset(d);
    describe(d, "k2", "p2", 3000, 90000, 1000);
    assert_int_equal(kol_roi_add(r, d), KOL_STATUS_OK);
    kol_delivery_free(d);
    return r;
}

/* The report by KOL of sample_roi(): two rows, k1 and k2. */
static kol_roi_report *sample_report(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_roi_report *rep = NULL;
    assert_int_equal(kol_roi_report_new(r, KOL_ROI_GROUP_KOL, &rep),
                     KOL_STATUS_OK);
    kol_roi_free(r);
    return rep;
}

static kol_sketch *new_sketch(cat_env *env, int p)
{
    static const uint64_t ids[3] = {11, 12, 13};
    kol_sketch *s = NULL;
    assert_int_equal(kol_sketch_new(env->ctx, p, KOL_SKETCH_DEFAULT_SEED, &s),
                     KOL_STATUS_OK);
    assert_int_equal(kol_sketch_add_ids(s, ids, 3), KOL_STATUS_OK);
    return s;
}

/* ------------------------------------------------------------------ */
/* Deliveries                                                         */
/* ------------------------------------------------------------------ */

static kol_status delivery_new_null_ctx(cat_env *env)
{
    kol_delivery *d = NULL;
    (void)env;
    return kol_delivery_new(NULL, &d);
}

static kol_status delivery_new_null_out(cat_env *env)
{
    return kol_delivery_new(env->ctx, NULL);
}

static kol_status delivery_new_nomem(cat_env *env)
{
    kol_delivery *d = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_delivery_new(env->ctx, &d);
    testalloc_disarm(env->ta);
    kol_delivery_free(d);
    return st;
}

static kol_status set_key_null(cat_env *env)
{
    (void)env;
    return kol_delivery_set_key(NULL, KOL_DELIVERY_KEY_KOL_ID, "k1");
}

static kol_status set_key_unknown(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set_key(d, 6, "x");
    kol_delivery_free(d);
    return st;
}

static kol_status set_key_empty(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "");
    kol_delivery_free(d);
    return st;
}

static kol_status set_key_control(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st =
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM, "dou\tyin");
    kol_delivery_free(d);
    return st;
}

static kol_status set_key_nomem(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k1");
    testalloc_disarm(env->ta);
    kol_delivery_free(d);
    return st;
}

static kol_status set_null(cat_env *env)
{
    (void)env;
    return kol_delivery_set(NULL, KOL_DELIVERY_COST, 100);
}

static kol_status set_unknown(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set(d, 23, 100);
    kol_delivery_free(d);
    return st;
}

static kol_status set_nan(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set(d, KOL_DELIVERY_COST, NAN);
    kol_delivery_free(d);
    return st;
}

static kol_status set_negative_count(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set(d, KOL_DELIVERY_VIEWS, -1);
    kol_delivery_free(d);
    return st;
}

static kol_status set_ratio_high(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_set(d, KOL_DELIVERY_CONTENT_QUALITY, 1.5);
    kol_delivery_free(d);
    return st;
}

static kol_status clear_null(cat_env *env)
{
    (void)env;
    return kol_delivery_clear(NULL, KOL_DELIVERY_COST);
}

static kol_status clear_unknown(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    kol_status st = kol_delivery_clear(d, -1);
    kol_delivery_free(d);
    return st;
}

/* ------------------------------------------------------------------ */
/* Evaluator and parameters                                           */
/* ------------------------------------------------------------------ */

static kol_status roi_new_null_ctx(cat_env *env)
{
    kol_roi *r = NULL;
    (void)env;
    return kol_roi_new(NULL, &r);
}

static kol_status roi_new_null_out(cat_env *env)
{
    return kol_roi_new(env->ctx, NULL);
}

static kol_status roi_new_nomem(cat_env *env)
{
    kol_roi *r = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roi_new(env->ctx, &r);
    testalloc_disarm(env->ta);
    kol_roi_free(r);
    return st;
}

static kol_status bounds_unknown(cat_env *env)
{
    double lo, hi, def;
    (void)env;
    return kol_roi_param_bounds(11, &lo, &hi, &def);
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_roi_set_param(NULL, KOL_ROI_PARAM_CONFIDENCE, 0.9);
}

static kol_status set_param_unknown(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_set_param(r, 11, 1);
    kol_roi_free(r);
    return st;
}

static kol_status set_param_nan(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_set_param(r, KOL_ROI_PARAM_CONFIDENCE, NAN);
    kol_roi_free(r);
    return st;
}

static kol_status set_param_range(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_set_param(r, KOL_ROI_PARAM_CONFIDENCE, 0.3);
    kol_roi_free(r);
    return st;
}

static kol_status set_param_fraction(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_set_param(r, KOL_ROI_PARAM_BOOTSTRAP, 2.5);
    kol_roi_free(r);
    return st;
}

static kol_status get_param_null(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_get_param(r, KOL_ROI_PARAM_SEED, NULL);
    kol_roi_free(r);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_roi *r = new_roi(env);
    double v;
    kol_status st = kol_roi_get_param(r, 99, &v);
    kol_roi_free(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_roi_add                                                        */
/* ------------------------------------------------------------------ */

static kol_status add_null_roi(cat_env *env)
{
    (void)env;
    return kol_roi_add(NULL, NULL);
}

static kol_status add_null_delivery(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_add(r, NULL);
    kol_roi_free(r);
    return st;
}

static kol_status add_other_context(cat_env *env)
{
    kol_ctx *other = NULL;
    kol_delivery *d = NULL;
    kol_roi *r = new_roi(env);
    kol_status st;
    assert_int_equal(kol_ctx_new(&other), KOL_STATUS_OK);
    assert_int_equal(kol_delivery_new(other, &d), KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k1"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST, 100),
                     KOL_STATUS_OK);
    st = kol_roi_add(r, d);
    kol_delivery_free(d);
    kol_ctx_free(other);
    kol_roi_free(r);
    return st;
}

/* kol_delivery_check on d, freed after. */
static kol_status check_delivery(kol_delivery *d)
{
    kol_status st = kol_delivery_check(d);
    kol_delivery_free(d);
    return st;
}

static kol_status check_null(cat_env *env)
{
    (void)env;
    return kol_delivery_check(NULL);
}

static kol_status check_no_kol(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_POST_ID, "p9"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST, 100),
                     KOL_STATUS_OK);
    return check_delivery(d);
}

static kol_status check_no_keys(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST, 100),
                     KOL_STATUS_OK);
    return check_delivery(d);
}

static kol_status check_no_cost(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k7"),
                     KOL_STATUS_OK);
    return check_delivery(d);
}

static kol_status check_restored_above(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    describe(d, "k3", "p3", 1000, 500, 20);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_RESTORED_ORDERS, 2),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_ORDERS, 1),
                     KOL_STATUS_OK);
    return check_delivery(d);
}

/* restored_impressions one step of the double above impressions: the
 * message must not show two equal numbers. */
static kol_status check_restored_just_above(cat_env *env)
{
    kol_delivery *d = new_delivery(env);
    describe(d, "k3", "p3", 1000, 500, 20);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_IMPRESSIONS, 100),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_RESTORED_IMPRESSIONS,
                                      100.00000000000001),
                     KOL_STATUS_OK);
    return check_delivery(d);
}

static kol_status add_no_kol(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_status st;
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_POST_ID, "p9"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST, 100),
                     KOL_STATUS_OK);
    st = kol_roi_add(r, d);
    kol_delivery_free(d);
    kol_roi_free(r);
    return st;
}

static kol_status add_no_cost(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_status st;
    assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k7"),
                     KOL_STATUS_OK);
    st = kol_roi_add(r, d);
    kol_delivery_free(d);
    kol_roi_free(r);
    return st;
}

static kol_status add_restored_above(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_status st;
    describe(d, "k3", "p3", 1000, 500, 20);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_RESTORED_VIEWS, 600),
                     KOL_STATUS_OK);
    st = kol_roi_add(r, d);
    kol_delivery_free(d);
    kol_roi_free(r);
    return st;
}

static kol_status add_nomem(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_status st;
    describe(d, "k1", "p1", 1000, 50000, 2000);
    testalloc_fail_from(env->ta, 1);
    st = kol_roi_add(r, d);
    testalloc_disarm(env->ta);
    kol_delivery_free(d);
    kol_roi_free(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_roi_fill                                                       */
/* ------------------------------------------------------------------ */

/* What the read callback does on its first call; later calls end. */
enum {
    READ_GOOD = 0,      /* a complete delivery */
    READ_NO_COST = 1,   /* a delivery without cost */
    READ_RESTORED = 2,  /* restored clicks above clicks */
    READ_BAD_WHAT = 3,  /* what = 7 */
    READ_FAIL = 4,      /* returns 5 */
    READ_END = 5        /* ends at once */
};

struct reader {
    int mode;
    int calls;
};

static int read_one(void *user, kol_delivery *d, int32_t *what)
{
    struct reader *rd = (struct reader *)user;
    if (rd->calls++ > 0 || rd->mode == READ_END) {
        *what = KOL_ROI_READ_END;
        return 0;
    }
    switch (rd->mode) {
    case READ_NO_COST:
        if (kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k5") !=
            KOL_STATUS_OK)
            return 1;
        return 0;
    case READ_RESTORED:
        if (kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k6") !=
                KOL_STATUS_OK ||
            kol_delivery_set(d, KOL_DELIVERY_COST, 10) != KOL_STATUS_OK ||
            kol_delivery_set(d, KOL_DELIVERY_CLICKS, 40) != KOL_STATUS_OK ||
            kol_delivery_set(d, KOL_DELIVERY_RESTORED_CLICKS, 41) !=
                KOL_STATUS_OK)
            return 1;
        return 0;
    case READ_BAD_WHAT:
        *what = 7;
        return 0;
    case READ_FAIL:
        return 5;
    default:
        if (kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k1") !=
                KOL_STATUS_OK ||
            kol_delivery_set(d, KOL_DELIVERY_COST, 10) != KOL_STATUS_OK)
            return 1;
        return 0;
    }
}

static kol_status fill_mode(cat_env *env, int mode, int nomem, int cancel)
{
    kol_roi *r = new_roi(env);
    struct reader rd;
    uint64_t added = 0;
    kol_status st;
    rd.mode = mode;
    rd.calls = 0;
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_roi_fill(r, read_one, &rd, &added);
    testalloc_disarm(env->ta);
    kol_roi_free(r);
    return st;
}

static kol_status fill_null_roi(cat_env *env)
{
    struct reader rd = {READ_GOOD, 0};
    (void)env;
    return kol_roi_fill(NULL, read_one, &rd, NULL);
}

static kol_status fill_null_read(cat_env *env)
{
    kol_roi *r = new_roi(env);
    kol_status st = kol_roi_fill(r, NULL, NULL, NULL);
    kol_roi_free(r);
    return st;
}

static kol_status fill_bad_what(cat_env *env)
{
    return fill_mode(env, READ_BAD_WHAT, 0, 0);
}

static kol_status fill_no_cost(cat_env *env)
{
    return fill_mode(env, READ_NO_COST, 0, 0);
}

static kol_status fill_restored(cat_env *env)
{
    return fill_mode(env, READ_RESTORED, 0, 0);
}

static kol_status fill_callback(cat_env *env)
{
    return fill_mode(env, READ_FAIL, 0, 0);
}

static kol_status fill_cancel(cat_env *env)
{
    return fill_mode(env, READ_GOOD, 0, 1);
}

static kol_status fill_nomem(cat_env *env)
{
    return fill_mode(env, READ_GOOD, 1, 0);
}

/* ------------------------------------------------------------------ */
/* Changing calls from a callback of a call running on the evaluator  */
/* ------------------------------------------------------------------ */

enum { REENT_ADD = 0, REENT_SET_PARAM = 1, REENT_FILL = 2 };

/* The call under test, made once from the first callback call. */
struct reent {
    kol_roi *roi;
    kol_delivery *d;  /* for kol_roi_add */
    int which;
    int calls;
    kol_status inner;
};

static void reent_call(struct reent *re)
{
    struct reader rd = {READ_GOOD, 0};
    switch (re->which) {
    case REENT_ADD:
        re->inner = kol_roi_add(re->roi, re->d);
        break;
    case REENT_SET_PARAM:
        re->inner = kol_roi_set_param(re->roi, KOL_ROI_PARAM_CONFIDENCE, 0.9);
        break;
    default:
        re->inner = kol_roi_fill(re->roi, read_one, &rd, NULL);
        break;
    }
}

/* Read callback: one delivery (KOL k1, cost 10) after making the call. */
static int reent_read(void *user, kol_delivery *d, int32_t *what)
{
    struct reent *re = (struct reent *)user;
    if (re->calls++ > 0) {
        *what = KOL_ROI_READ_END;
        return 0;
    }
    reent_call(re);
    if (kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, "k1") !=
            KOL_STATUS_OK ||
        kol_delivery_set(d, KOL_DELIVERY_COST, 10) != KOL_STATUS_OK)
        return 1;
    return 0;
}

static int reent_progress(void *user, uint64_t done, uint64_t total)
{
    struct reent *re = (struct reent *)user;
    (void)done;
    (void)total;
    if (re->calls++ == 0)
        reent_call(re);
    return 0;
}

/* Make the outer call (a fill, or a report by KOL when from_report),
 * whose callback makes the call under test; the outer call succeeds.
 * Returns the status of the inner call. */
static kol_status reent_run(cat_env *env, int which, int from_report)
{
    kol_roi *r = sample_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_roi_report *rep = NULL;
    struct reent re;
    kol_status st;
    describe(d, "k3", "p3", 500, 1000, 10);
    re.roi = r;
    re.d = d;
    re.which = which;
    re.calls = 0;
    re.inner = KOL_STATUS_OK;
    if (from_report) {
        if (kol_ctx_set_progress(env->ctx, reent_progress, &re) !=
            KOL_STATUS_OK)
            fail_msg("cat_roi: kol_ctx_set_progress failed");
        st = kol_roi_report_new(r, KOL_ROI_GROUP_KOL, &rep);
        (void)kol_ctx_set_progress(env->ctx, NULL, NULL);
    } else {
        st = kol_roi_fill(r, reent_read, &re, NULL);
    }
    if (st != KOL_STATUS_OK || re.calls < 2)
        fail_msg("cat_roi: the outer call returned %d after %d callback "
                 "calls", (int)st, re.calls);
    kol_roi_report_free(rep);
    kol_delivery_free(d);
    kol_roi_free(r);
    return re.inner;
}

static kol_status reent_add_from_read(cat_env *env)
{
    return reent_run(env, REENT_ADD, 0);
}

static kol_status reent_set_param_from_report(cat_env *env)
{
    return reent_run(env, REENT_SET_PARAM, 1);
}

static kol_status reent_fill_from_read(cat_env *env)
{
    return reent_run(env, REENT_FILL, 0);
}

/* ------------------------------------------------------------------ */
/* Reports                                                            */
/* ------------------------------------------------------------------ */

static kol_status report_null_roi(cat_env *env)
{
    kol_roi_report *rep = NULL;
    (void)env;
    return kol_roi_report_new(NULL, KOL_ROI_GROUP_KOL, &rep);
}

static kol_status report_null_out(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_status st = kol_roi_report_new(r, KOL_ROI_GROUP_KOL, NULL);
    kol_roi_free(r);
    return st;
}

static kol_status report_group(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_roi_report *rep = NULL;
    kol_status st = kol_roi_report_new(r, 7, &rep);
    kol_roi_report_free(rep);
    kol_roi_free(r);
    return st;
}

static kol_status report_cancel(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_roi_report *rep = NULL;
    kol_status st;
    cat_cancel_after(env, 2);
    st = kol_roi_report_new(r, KOL_ROI_GROUP_KOL, &rep);
    kol_roi_report_free(rep);
    kol_roi_free(r);
    return st;
}

static kol_status report_nomem(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_roi_report *rep = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roi_report_new(r, KOL_ROI_GROUP_KOL, &rep);
    testalloc_disarm(env->ta);
    kol_roi_report_free(rep);
    kol_roi_free(r);
    return st;
}

static kol_status get_call(cat_env *env, size_t row, int metric, int basis,
                           int null_out)
{
    kol_roi_report *rep = sample_report(env);
    double v;
    kol_status st = kol_roi_report_get(rep, row, metric, basis,
                                       null_out ? NULL : &v);
    kol_roi_report_free(rep);
    return st;
}

static kol_status get_null_rep(cat_env *env)
{
    double v;
    (void)env;
    return kol_roi_report_get(NULL, 0, KOL_ROI_COST, 0, &v);
}

static kol_status get_null_out(cat_env *env)
{
    return get_call(env, 0, KOL_ROI_COST, KOL_ROI_BASIS_REPORTED, 1);
}

static kol_status get_row(cat_env *env)
{
    return get_call(env, 7, KOL_ROI_COST, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status get_metric(cat_env *env)
{
    return get_call(env, 0, 23, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status get_basis(cat_env *env)
{
    return get_call(env, 0, KOL_ROI_COST, 2, 0);
}

static kol_status get_missing(cat_env *env)
{
    return get_call(env, 0, KOL_ROI_REVENUE, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status get_empty(cat_env *env)
{
    return get_call(env, 1, KOL_ROI_CVR, KOL_ROI_BASIS_NET, 0);
}

static kol_status interval_call(cat_env *env, size_t row, int metric,
                                int basis, int null_out)
{
    kol_roi_report *rep = sample_report(env);
    double lo, hi;
    kol_status st = kol_roi_report_interval(rep, row, metric, basis, &lo,
                                            null_out ? NULL : &hi);
    kol_roi_report_free(rep);
    return st;
}

static kol_status interval_null_rep(cat_env *env)
{
    double lo, hi;
    (void)env;
    return kol_roi_report_interval(NULL, 0, KOL_ROI_CTR, 0, &lo, &hi);
}

static kol_status interval_null_out(cat_env *env)
{
    return interval_call(env, 0, KOL_ROI_CTR, KOL_ROI_BASIS_REPORTED, 1);
}

static kol_status interval_no_interval(cat_env *env)
{
    return interval_call(env, 0, KOL_ROI_CPM, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status interval_row(cat_env *env)
{
    return interval_call(env, 2, KOL_ROI_CTR, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status interval_metric(cat_env *env)
{
    return interval_call(env, 0, 40, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status interval_basis(cat_env *env)
{
    return interval_call(env, 0, KOL_ROI_CTR, -1, 0);
}

static kol_status interval_missing(cat_env *env)
{
    return interval_call(env, 0, KOL_ROI_ROI, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status interval_empty(cat_env *env)
{
    return interval_call(env, 0, KOL_ROI_CVR, KOL_ROI_BASIS_REPORTED, 0);
}

static kol_status rank_call(cat_env *env, int metric, int basis, size_t n,
                            int nomem)
{
    kol_roi_report *rep = sample_report(env);
    uint32_t order[2];
    double share[2];
    size_t kc;
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_roi_report_rank(rep, metric, basis, order, share, n, &kc);
    testalloc_disarm(env->ta);
    kol_roi_report_free(rep);
    return st;
}

static kol_status rank_null_rep(cat_env *env)
{
    uint32_t order[2];
    (void)env;
    return kol_roi_report_rank(NULL, KOL_ROI_COST, 0, order, NULL, 2, NULL);
}

static kol_status rank_ratio(cat_env *env)
{
    return rank_call(env, KOL_ROI_CPM, KOL_ROI_BASIS_REPORTED, 2, 0);
}

static kol_status rank_metric(cat_env *env)
{
    return rank_call(env, 30, KOL_ROI_BASIS_REPORTED, 2, 0);
}

static kol_status rank_basis(cat_env *env)
{
    return rank_call(env, KOL_ROI_VIEWS, 2, 2, 0);
}

static kol_status rank_room(cat_env *env)
{
    return rank_call(env, KOL_ROI_VIEWS, KOL_ROI_BASIS_REPORTED, 1, 0);
}

static kol_status rank_nomem(cat_env *env)
{
    return rank_call(env, KOL_ROI_VIEWS, KOL_ROI_BASIS_REPORTED, 2, 1);
}

static kol_status outliers_call(cat_env *env, int metric, int basis,
                                size_t n, int null_flag, int nomem)
{
    kol_roi_report *rep = sample_report(env);
    double score[2];
    int32_t flag[2];
    size_t k;
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_roi_report_outliers(rep, metric, basis, score,
                                 null_flag ? NULL : flag, n, &k);
    testalloc_disarm(env->ta);
    kol_roi_report_free(rep);
    return st;
}

static kol_status outliers_null_rep(cat_env *env)
{
    double score[2];
    int32_t flag[2];
    (void)env;
    return kol_roi_report_outliers(NULL, KOL_ROI_CPM, 0, score, flag, 2,
                                   NULL);
}

static kol_status outliers_null_flag(cat_env *env)
{
    return outliers_call(env, KOL_ROI_CPM, KOL_ROI_BASIS_REPORTED, 2, 1, 0);
}

static kol_status outliers_sum(cat_env *env)
{
    return outliers_call(env, KOL_ROI_REVENUE, KOL_ROI_BASIS_REPORTED, 2, 0,
                         0);
}

static kol_status outliers_metric(cat_env *env)
{
    return outliers_call(env, 23, KOL_ROI_BASIS_REPORTED, 2, 0, 0);
}

static kol_status outliers_basis(cat_env *env)
{
    return outliers_call(env, KOL_ROI_CPM, 5, 2, 0, 0);
}

static kol_status outliers_room(cat_env *env)
{
    return outliers_call(env, KOL_ROI_CPM, KOL_ROI_BASIS_REPORTED, 1, 0, 0);
}

static kol_status outliers_nomem(cat_env *env)
{
    return outliers_call(env, KOL_ROI_CPM, KOL_ROI_BASIS_REPORTED, 2, 0, 1);
}

/* ------------------------------------------------------------------ */
/* Incrementality                                                     */
/* ------------------------------------------------------------------ */

static kol_status incr_call(cat_env *env, const double *base, size_t nb,
                            const double *during, size_t nd, double cost,
                            int null_out)
{
    kol_roi *r = new_roi(env);
    double out[6];
    int32_t defined;
    kol_status st = kol_roi_incrementality(r, base, nb, during, nd, cost,
                                           null_out ? NULL : out, &defined);
    kol_roi_free(r);
    return st;
}

static const double base3[3] = {100, 120, 110};
static const double during2[2] = {300, 280};

static kol_status incr_null_roi(cat_env *env)
{
    double out[6];
    (void)env;
    return kol_roi_incrementality(NULL, base3, 3, during2, 2, 100, out, NULL);
}

static kol_status incr_null_out(cat_env *env)
{
    return incr_call(env, base3, 3, during2, 2, 100, 1);
}

static kol_status incr_null_baseline(cat_env *env)
{
    return incr_call(env, NULL, 3, during2, 2, 100, 0);
}

static kol_status incr_no_baseline(cat_env *env)
{
    return incr_call(env, base3, 0, during2, 2, 100, 0);
}

static kol_status incr_nan_day(cat_env *env)
{
    const double base[3] = {100, NAN, 110};
    return incr_call(env, base, 3, during2, 2, 100, 0);
}

static kol_status incr_huge_day(cat_env *env)
{
    const double during[2] = {300, -2 * TWO53};
    return incr_call(env, base3, 3, during, 2, 100, 0);
}

static kol_status incr_cost_inf(cat_env *env)
{
    return incr_call(env, base3, 3, during2, 2, INFINITY, 0);
}

static kol_status incr_cost_negative(cat_env *env)
{
    return incr_call(env, base3, 3, during2, 2, -5, 0);
}

/* ------------------------------------------------------------------ */
/* kol_roi_feed_cost                                                  */
/* ------------------------------------------------------------------ */

static kol_cost_history *new_hist(cat_env *env)
{
    kol_cost_history *h = NULL;
    assert_int_equal(kol_cost_history_new(env->ctx, 0.01, &h),
                     KOL_STATUS_OK);
    return h;
}

static void put_le(uint8_t *b, size_t *n, uint64_t v, unsigned bytes)
{
    unsigned i;
    for (i = 0; i < bytes; i++)
        b[(*n)++] = (uint8_t)(v >> (8u * i));
}

/* A cost history read from bytes (format of docs/model-roi.md) with one
 * cell, douyin/waist/no category, whose price summary already holds
 * 2^64 - 1 values (all in its zero bucket). */
static kol_cost_history *full_hist(cat_env *env)
{
    static const char magic[8] = {'K', 'O', 'L', 'C', 'O', 'S', 'T', 'H'};
    static const char *const keys[3] = {"douyin", "waist", ""};
    uint8_t b[256];
    double alpha = 0.01;
    uint64_t u;
    size_t n = 8;
    kol_cost_history *h = NULL;
    int k, m;
    memcpy(b, magic, 8);
    memcpy(&u, &alpha, sizeof u);
    put_le(b, &n, 1, 4); /* version */
    put_le(b, &n, 0, 4); /* flags */
    put_le(b, &n, u, 8);
    put_le(b, &n, 1, 4); /* cells */
    for (k = 0; k < 3; k++) {
        size_t len = strlen(keys[k]);
        put_le(b, &n, (uint64_t)len, 4);
        memcpy(b + n, keys[k], len);
        n += len;
    }
    for (m = 0; m < 4; m++) {
        uint64_t count = m == KOL_COST_MEASURE_PRICE ? UINT64_MAX : 0;
        put_le(b, &n, count, 8); /* n */
        put_le(b, &n, count, 8); /* zero */
        put_le(b, &n, 0, 8);     /* min 0.0 */
        put_le(b, &n, 0, 8);     /* max 0.0 */
        put_le(b, &n, 0, 4);     /* first bucket */
        put_le(b, &n, 0, 4);     /* no bucket */
    }
    put_le(b, &n, XXH3_64bits_withSeed(b, n, COST_SEED), 8);
    assert_int_equal(kol_cost_history_deserialize(env->ctx, b, n, &h),
                     KOL_STATUS_OK);
    return h;
}

static kol_status feed_null_roi(cat_env *env)
{
    (void)env;
    return kol_roi_feed_cost(NULL, NULL, NULL);
}

static kol_status feed_null_hist(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    uint64_t added;
    kol_status st = kol_roi_feed_cost(r, NULL, &added);
    kol_roi_free(r);
    return st;
}

static kol_status feed_engagements_post(cat_env *env, int with_post)
{
    kol_roi *r = new_roi(env);
    kol_delivery *d = new_delivery(env);
    kol_cost_history *h = new_hist(env);
    uint64_t added;
    kol_status st;
    /* Every field in its domain, but likes + comments = 2^54 engagements,
     * above the 2^53 a cost history accepts. */
    describe(d, "k8", "p8", 1000, 50000, TWO53);
    if (!with_post)
        assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_POST_ID,
                                              NULL),
                         KOL_STATUS_OK);
    assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COMMENTS, TWO53),
                     KOL_STATUS_OK);
    assert_int_equal(kol_roi_add(r, d), KOL_STATUS_OK);
    st = kol_roi_feed_cost(r, h, &added);
    kol_cost_history_free(h);
    kol_delivery_free(d);
    kol_roi_free(r);
    return st;
}

static kol_status feed_engagements(cat_env *env)
{
    return feed_engagements_post(env, 1);
}

static kol_status feed_engagements_no_post(cat_env *env)
{
    return feed_engagements_post(env, 0);
}

static kol_status feed_count_overflow(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_cost_history *h = full_hist(env);
    uint64_t added;
    kol_status st = kol_roi_feed_cost(r, h, &added);
    kol_cost_history_free(h);
    kol_roi_free(r);
    return st;
}

static kol_status feed_nomem(cat_env *env)
{
    kol_roi *r = sample_roi(env);
    kol_cost_history *h = new_hist(env);
    uint64_t added;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roi_feed_cost(r, h, &added);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    kol_roi_free(r);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_roi_report_coverage                                            */
/* ------------------------------------------------------------------ */

/* Coverage of the sample report (rows k1, k2) with two sketches; ids and
 * the precision of the second sketch vary by row. */
static kol_status coverage_call(cat_env *env, const char *id0,
                                const char *id1, int p1, int null_sketch,
                                size_t cap, int nomem, int cancel)
{
    kol_roi_report *rep = sample_report(env);
    kol_sketch *a = new_sketch(env, 10), *b = new_sketch(env, p1);
    const char *ids[2];
    const kol_sketch *sk[2];
    double cov[2];
    uint32_t matched[2], kols[2];
    kol_status st;
    ids[0] = id0;
    ids[1] = id1;
    sk[0] = a;
    sk[1] = null_sketch ? NULL : b;
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_roi_report_coverage(rep, ids, sk, 2, cov, matched, kols, cap);
    testalloc_disarm(env->ta);
    kol_sketch_free(a);
    kol_sketch_free(b);
    kol_roi_report_free(rep);
    return st;
}

static kol_status coverage_null_rep(cat_env *env)
{
    double cov[2];
    (void)env;
    return kol_roi_report_coverage(NULL, NULL, NULL, 0, cov, NULL, NULL, 2);
}

static kol_status coverage_null_out(cat_env *env)
{
    kol_roi_report *rep = sample_report(env);
    kol_status st =
        kol_roi_report_coverage(rep, NULL, NULL, 0, NULL, NULL, NULL, 2);
    kol_roi_report_free(rep);
    return st;
}

static kol_status coverage_null_ids(cat_env *env)
{
    kol_roi_report *rep = sample_report(env);
    kol_sketch *a = new_sketch(env, 10);
    const kol_sketch *sk[1];
    double cov[2];
    kol_status st;
    sk[0] = a;
    st = kol_roi_report_coverage(rep, NULL, sk, 1, cov, NULL, NULL, 2);
    kol_sketch_free(a);
    kol_roi_report_free(rep);
    return st;
}

static kol_status coverage_null_id(cat_env *env)
{
    return coverage_call(env, "k1", NULL, 10, 0, 2, 0, 0);
}

static kol_status coverage_null_sketch(cat_env *env)
{
    return coverage_call(env, "k1", "k2", 10, 1, 2, 0, 0);
}

static kol_status coverage_bad_id(cat_env *env)
{
    return coverage_call(env, "", "k2", 10, 0, 2, 0, 0);
}

static kol_status coverage_duplicate(cat_env *env)
{
    return coverage_call(env, "k2", "k2", 10, 0, 2, 0, 0);
}

static kol_status coverage_mismatch(cat_env *env)
{
    return coverage_call(env, "k1", "k2", 11, 0, 2, 0, 0);
}

static kol_status coverage_room(cat_env *env)
{
    return coverage_call(env, "k1", "k2", 10, 0, 1, 0, 0);
}

static kol_status coverage_cancel(cat_env *env)
{
    return coverage_call(env, "k1", "k2", 10, 0, 2, 0, 1);
}

static kol_status coverage_nomem(cat_env *env)
{
    return coverage_call(env, "k1", "k2", 10, 0, 2, 1, 0);
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

/* CAT_UNTESTED kol_roi_add KOL_STATUS_TOO_LARGE: needs an evaluator that
 * already holds KOL_ROI_MAX_DELIVERIES (5 x 10^7) deliveries, at least
 * 240 bytes each plus a copy of each kol_id: over 12 GB. */
/* CAT_UNTESTED kol_roi_fill KOL_STATUS_TOO_LARGE: needs a fill that takes
 * an evaluator past KOL_ROI_MAX_DELIVERIES (5 x 10^7) deliveries: over
 * 12 GB, as for kol_roi_add. */

const cat_row cat_rows_roi[] = {
    CAT_ROW("kol_delivery_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, delivery_new_null_ctx),
    CAT_ROW("kol_delivery_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_delivery_new: out is NULL", delivery_new_null_out),
    CAT_ROW("kol_delivery_new", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", delivery_new_nomem),

    CAT_ROW("kol_delivery_set_key", KOL_STATUS_INVALID_ARGUMENT, "a NULL delivery (no context to report to)",
            NULL, set_key_null),
    CAT_ROW("kol_delivery_set_key", KOL_STATUS_UNKNOWN_ENUM, "key code 6",
            "key 6 unknown", set_key_unknown),
    CAT_ROW("kol_delivery_set_key", KOL_STATUS_BAD_TEXT, "an empty kol_id",
            "kol_id '': is empty", set_key_empty),
    CAT_ROW("kol_delivery_set_key", KOL_STATUS_BAD_TEXT, "a platform holding a tab",
            "platform 'dou\\x09yin': contains a control character", set_key_control),
    CAT_ROW("kol_delivery_set_key", KOL_STATUS_NOMEM, "a kol_id with every allocation refused",
            "out of memory", set_key_nomem),

    CAT_ROW("kol_delivery_set", KOL_STATUS_INVALID_ARGUMENT, "a NULL delivery (no context to report to)",
            NULL, set_null),
    CAT_ROW("kol_delivery_set", KOL_STATUS_UNKNOWN_ENUM, "field code 23",
            "field 23 unknown", set_unknown),
    CAT_ROW("kol_delivery_set", KOL_STATUS_NOT_FINITE, "cost NaN",
            "cost is nan", set_nan),
    CAT_ROW("kol_delivery_set", KOL_STATUS_OUT_OF_RANGE, "views -1",
            "views -1 outside [0, 9007199254740992]", set_negative_count),
    CAT_ROW("kol_delivery_set", KOL_STATUS_OUT_OF_RANGE, "content_quality 1.5",
            "content_quality 1.5 outside [0, 1]", set_ratio_high),

    CAT_ROW("kol_delivery_clear", KOL_STATUS_INVALID_ARGUMENT, "a NULL delivery (no context to report to)",
            NULL, clear_null),
    CAT_ROW("kol_delivery_clear", KOL_STATUS_UNKNOWN_ENUM, "field code -1",
            "field -1 unknown", clear_unknown),

    CAT_ROW("kol_roi_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, roi_new_null_ctx),
    CAT_ROW("kol_roi_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_roi_new: out is NULL", roi_new_null_out),
    CAT_ROW("kol_roi_new", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", roi_new_nomem),

    CAT_ROW("kol_roi_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 11 (no context to report to)",
            NULL, bounds_unknown),

    CAT_ROW("kol_roi_set_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator (no context to report to)",
            NULL, set_param_null),
    CAT_ROW("kol_roi_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 11",
            "kol_roi_set_param: unknown parameter 11", set_param_unknown),
    CAT_ROW("kol_roi_set_param", KOL_STATUS_NOT_FINITE, "confidence NaN",
            "kol_roi_set_param: confidence = nan is not finite", set_param_nan),
    CAT_ROW("kol_roi_set_param", KOL_STATUS_OUT_OF_RANGE, "confidence 0.3",
            "kol_roi_set_param: confidence = 0.3 outside [0.5, 0.9999]", set_param_range),
    CAT_ROW("kol_roi_set_param", KOL_STATUS_OUT_OF_RANGE, "bootstrap 2.5 (not an integer)",
            "kol_roi_set_param: bootstrap = 2.5 is not an integer in [0, 100000]", set_param_fraction),
    CAT_ROW("kol_roi_set_param", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_roi_report_new on the same evaluator",
            "kol_roi_set_param: called from a callback of kol_roi_report_new", reent_set_param_from_report),

    CAT_ROW("kol_roi_get_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL value",
            "kol_roi_get_param: value is NULL", get_param_null),
    CAT_ROW("kol_roi_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 99",
            "kol_roi_get_param: unknown parameter 99", get_param_unknown),

    CAT_ROW("kol_delivery_check", KOL_STATUS_INVALID_ARGUMENT, "a NULL delivery (no context to report to)",
            NULL, check_null),
    CAT_ROW("kol_delivery_check", KOL_STATUS_MISSING, "a delivery without kol_id",
            "delivery (post 'p9'): no kol_id", check_no_kol),
    CAT_ROW("kol_delivery_check", KOL_STATUS_MISSING, "a delivery without kol_id or post_id",
            "delivery: no kol_id", check_no_keys),
    CAT_ROW("kol_delivery_check", KOL_STATUS_MISSING, "a delivery without cost",
            "delivery (kol 'k7'): no cost", check_no_cost),
    CAT_ROW("kol_delivery_check", KOL_STATUS_OUT_OF_RANGE, "restored_orders 2 above orders 1",
            "delivery (kol 'k3'): restored_orders 2 above orders 1", check_restored_above),
    CAT_ROW("kol_delivery_check", KOL_STATUS_OUT_OF_RANGE, "restored_impressions 100.00000000000001 above impressions 100",
            "delivery (kol 'k3'): restored_impressions 100.00000000000001 above impressions 100", check_restored_just_above),

    CAT_ROW("kol_roi_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator and delivery (no context to report to)",
            NULL, add_null_roi),
    CAT_ROW("kol_roi_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL delivery",
            "delivery is NULL or of another context", add_null_delivery),
    CAT_ROW("kol_roi_add", KOL_STATUS_INVALID_ARGUMENT, "a delivery made from another context",
            "delivery is NULL or of another context", add_other_context),
    CAT_ROW("kol_roi_add", KOL_STATUS_MISSING, "a delivery without kol_id",
            "delivery 0 (post 'p9'): no kol_id", add_no_kol),
    CAT_ROW("kol_roi_add", KOL_STATUS_MISSING, "a delivery without cost",
            "delivery 0 (kol 'k7'): no cost", add_no_cost),
    CAT_ROW("kol_roi_add", KOL_STATUS_OUT_OF_RANGE, "restored_views 600 above views 500",
            "restored_views 600 above views 500", add_restored_above),
    CAT_ROW("kol_roi_add", KOL_STATUS_NOMEM, "a valid delivery with every allocation refused",
            "out of memory", add_nomem),
    CAT_ROW("kol_roi_add", KOL_STATUS_BAD_STATE, "called from the read callback of kol_roi_fill on the same evaluator",
            "kol_roi_add: called from a callback of kol_roi_fill", reent_add_from_read),

    CAT_ROW("kol_roi_fill", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator (no context to report to)",
            NULL, fill_null_roi),
    CAT_ROW("kol_roi_fill", KOL_STATUS_INVALID_ARGUMENT, "a NULL read callback",
            "read callback is NULL", fill_null_read),
    CAT_ROW("kol_roi_fill", KOL_STATUS_INVALID_ARGUMENT, "a callback that sets what = 7",
            "read callback set what = 7 at call 0", fill_bad_what),
    CAT_ROW("kol_roi_fill", KOL_STATUS_MISSING, "a callback delivery without cost",
            "delivery 0 (kol 'k5'): no cost", fill_no_cost),
    CAT_ROW("kol_roi_fill", KOL_STATUS_OUT_OF_RANGE, "a callback delivery with restored_clicks 41 above clicks 40",
            "restored_clicks 41 above clicks 40", fill_restored),
    CAT_ROW("kol_roi_fill", KOL_STATUS_CALLBACK, "a read callback returning 5",
            "read callback returned 5 at call 0", fill_callback),
    CAT_ROW("kol_roi_fill", KOL_STATUS_CANCELLED, "progress cancelling at the end of the fill",
            "kol_roi_fill: cancelled by the progress callback", fill_cancel),
    CAT_ROW("kol_roi_fill", KOL_STATUS_NOMEM, "one callback delivery with every allocation refused",
            "out of memory", fill_nomem),
    CAT_ROW("kol_roi_fill", KOL_STATUS_BAD_STATE, "called from the read callback of kol_roi_fill on the same evaluator",
            "kol_roi_fill: called from a callback of kol_roi_fill", reent_fill_from_read),

    CAT_ROW("kol_roi_report_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator (no context to report to)",
            NULL, report_null_roi),
    CAT_ROW("kol_roi_report_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_roi_report_new: out is NULL", report_null_out),
    CAT_ROW("kol_roi_report_new", KOL_STATUS_UNKNOWN_ENUM, "group code 7",
            "group 7 unknown", report_group),
    CAT_ROW("kol_roi_report_new", KOL_STATUS_CANCELLED, "progress cancelling after the second of two rows",
            "kol_roi_report_new: cancelled by the progress callback", report_cancel),
    CAT_ROW("kol_roi_report_new", KOL_STATUS_NOMEM, "two deliveries with every allocation refused",
            "out of memory", report_nomem),

    CAT_ROW("kol_roi_report_get", KOL_STATUS_INVALID_ARGUMENT, "a NULL report (no context to report to)",
            NULL, get_null_rep),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_INVALID_ARGUMENT, "a NULL value",
            "kol_roi_report_get: value is NULL", get_null_out),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_NOT_FOUND, "row 7 of a report of 2 rows",
            "row 7 of 2", get_row),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_UNKNOWN_ENUM, "metric code 23",
            "metric 23 unknown", get_metric),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_UNKNOWN_ENUM, "basis code 2",
            "basis 2 unknown", get_basis),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_MISSING, "revenue of a row whose deliveries have none",
            "row 0 ('k1'): revenue missing", get_missing),
    CAT_ROW("kol_roi_report_get", KOL_STATUS_EMPTY, "CVR of a row with 0 clicks",
            "row 1 ('k2'): cvr undefined", get_empty),

    CAT_ROW("kol_roi_report_interval", KOL_STATUS_INVALID_ARGUMENT, "a NULL report (no context to report to)",
            NULL, interval_null_rep),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_INVALID_ARGUMENT, "a NULL high",
            "low or high is NULL", interval_null_out),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_INVALID_ARGUMENT, "CPM (a metric without interval)",
            "cpm has no interval", interval_no_interval),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_NOT_FOUND, "row 2 of a report of 2 rows",
            "row 2 of 2", interval_row),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_UNKNOWN_ENUM, "metric code 40",
            "metric 40 unknown", interval_metric),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_UNKNOWN_ENUM, "basis code -1",
            "basis -1 unknown", interval_basis),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_MISSING, "ROI of a row whose deliveries have no revenue",
            "row 0 ('k1'): roi missing", interval_missing),
    CAT_ROW("kol_roi_report_interval", KOL_STATUS_EMPTY, "CVR of a row with 0 clicks",
            "row 0 ('k1'): cvr undefined", interval_empty),

    CAT_ROW("kol_roi_report_rank", KOL_STATUS_INVALID_ARGUMENT, "a NULL report (no context to report to)",
            NULL, rank_null_rep),
    CAT_ROW("kol_roi_report_rank", KOL_STATUS_INVALID_ARGUMENT, "CPM (a ratio metric)",
            "metric 11 is not a sum metric", rank_ratio),
    CAT_ROW("kol_roi_report_rank", KOL_STATUS_UNKNOWN_ENUM, "metric code 30",
            "metric 30 is not a sum metric", rank_metric),
    CAT_ROW("kol_roi_report_rank", KOL_STATUS_UNKNOWN_ENUM, "basis code 2",
            "basis 2 unknown", rank_basis),
    CAT_ROW("kol_roi_report_rank", KOL_STATUS_TOO_LARGE, "room for 1 row in a report of 2",
            "room for 1 rows, 2 needed", rank_room),
    CAT_ROW("kol_roi_report_rank", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", rank_nomem),

    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_INVALID_ARGUMENT, "a NULL report (no context to report to)",
            NULL, outliers_null_rep),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_INVALID_ARGUMENT, "a NULL flag array",
            "score or flag is NULL", outliers_null_flag),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_INVALID_ARGUMENT, "revenue (a sum metric)",
            "metric 7 is not a ratio", outliers_sum),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_UNKNOWN_ENUM, "metric code 23",
            "metric 23 is not a ratio", outliers_metric),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_UNKNOWN_ENUM, "basis code 5",
            "basis 5 unknown", outliers_basis),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_TOO_LARGE, "room for 1 row in a report of 2",
            "room for 1 rows, 2 needed", outliers_room),
    CAT_ROW("kol_roi_report_outliers", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", outliers_nomem),

    CAT_ROW("kol_roi_incrementality", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator (no context to report to)",
            NULL, incr_null_roi),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_roi_incrementality: out is NULL", incr_null_out),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_INVALID_ARGUMENT, "a NULL baseline with nb = 3",
            "kol_roi_incrementality: baseline is NULL but nb = 3", incr_null_baseline),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_EMPTY, "nb = 0 baseline days",
            "0 baseline days, 2 campaign days", incr_no_baseline),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_NOT_FINITE, "baseline day 1 NaN",
            "baseline day 1 is nan", incr_nan_day),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_OUT_OF_RANGE, "campaign day 1 of -2^54",
            "campaign day 1 is -1.8014398509481984e+16", incr_huge_day),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_NOT_FINITE, "cost +inf",
            "cost is inf", incr_cost_inf),
    CAT_ROW("kol_roi_incrementality", KOL_STATUS_OUT_OF_RANGE, "cost -5",
            "cost -5 outside [0, 2^53]", incr_cost_negative),

    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_INVALID_ARGUMENT, "a NULL evaluator and history (no context to report to)",
            NULL, feed_null_roi),
    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_INVALID_ARGUMENT, "a NULL history",
            "kol_roi_feed_cost: history is NULL", feed_null_hist),
    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_OUT_OF_RANGE, "a delivery with 2^53 likes and 2^53 comments (2^54 engagements)",
            "kol_roi_feed_cost: delivery 0 (kol 'k8', post 'p8'): cost history: engagements 1.8014398509481984e+16 outside", feed_engagements),
    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_OUT_OF_RANGE, "the same delivery without a post_id",
            "kol_roi_feed_cost: delivery 0 (kol 'k8', no post_id): cost history: engagements", feed_engagements_no_post),
    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_TOO_LARGE, "a history whose douyin/waist price summary already holds 2^64 - 1 values",
            "kol_roi_feed_cost: merging into the history: cost history: 18446744073709551615 + 2 values overflow a summary's count", feed_count_overflow),
    CAT_ROW("kol_roi_feed_cost", KOL_STATUS_NOMEM, "two deliveries with every allocation refused",
            "out of memory", feed_nomem),

    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_INVALID_ARGUMENT, "a NULL report (no context to report to)",
            NULL, coverage_null_rep),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_INVALID_ARGUMENT, "a NULL coverage array",
            "coverage is NULL", coverage_null_out),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_INVALID_ARGUMENT, "a NULL kol_ids array with n = 1",
            "kol_ids or sketches is NULL with n = 1", coverage_null_ids),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_INVALID_ARGUMENT, "kol_ids[1] NULL",
            "kol_ids[1] is NULL", coverage_null_id),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_INVALID_ARGUMENT, "sketches[1] NULL",
            "sketches[1] (kol 'k2') is NULL", coverage_null_sketch),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_BAD_TEXT, "an empty kol_ids[0]",
            "kol_ids[0] '': is empty", coverage_bad_id),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_DUPLICATE, "the id k2 given twice",
            "kol_ids[0] and kol_ids[1] are both 'k2'", coverage_duplicate),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_MISMATCH, "sketches[1] of precision 11 after sketches[0] of precision 10",
            "sketches[1] (kol 'k2'): precision 11", coverage_mismatch),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_TOO_LARGE, "room for 1 row in a report of 2",
            "room for 1 rows, 2 needed", coverage_room),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_CANCELLED, "progress cancelling after the first row",
            "kol_roi_report_coverage: cancelled by the progress callback", coverage_cancel),
    CAT_ROW("kol_roi_report_coverage", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", coverage_nomem),
    CAT_END
};
