/* Unit tests of include/kol/record.h: metric codes, names and bounds; the
 * bad-input table of metric values; "missing" as a state of its own; batch
 * setters and getters; text fields and UTF-8 validation; the audience
 * portrait; clones; allocation failure of every allocating call. */
#include "testalloc.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO53 9007199254740992.0 /* 2^53 */
#define N_METRICS 23             /* KOL_METRIC_FOLLOWERS .. FAN_LOYALTY */

/* A fresh context and an empty record for each test. */
struct fixture {
    kol_ctx *ctx;
    kol_record *rec;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    if (kol_ctx_new(&f->ctx) != KOL_STATUS_OK ||
        kol_record_new(f->ctx, &f->rec) != KOL_STATUS_OK) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    kol_record_free(f->rec);
    kol_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void snap(testbuf *b, const kol_record *rec)
{
    testbuf_reset(b);
    testbuf_record(b, rec);
}

/* ------------------------------------------------------------------ */
/* Codes, names, bounds                                               */
/* ------------------------------------------------------------------ */

enum domain { COUNT, SIGNED, AMOUNT, RATIO };

static const struct {
    int code;
    const char *name;
    enum domain domain;
} metric_table[N_METRICS] = {
    {KOL_METRIC_FOLLOWERS, "followers", COUNT},
    {KOL_METRIC_FOLLOWING, "following", COUNT},
    {KOL_METRIC_POSTS, "posts", COUNT},
    {KOL_METRIC_POSTS_30D, "posts_30d", COUNT},
    {KOL_METRIC_AVG_VIEWS, "avg_views", COUNT},
    {KOL_METRIC_AVG_LIKES, "avg_likes", COUNT},
    {KOL_METRIC_AVG_COMMENTS, "avg_comments", COUNT},
    {KOL_METRIC_AVG_SHARES, "avg_shares", COUNT},
    {KOL_METRIC_AVG_SAVES, "avg_saves", COUNT},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, "follower_growth_30d", SIGNED},
    {KOL_METRIC_PRICE, "price", AMOUNT},
    {KOL_METRIC_CLICKS, "clicks", COUNT},
    {KOL_METRIC_ORDERS, "orders", COUNT},
    {KOL_METRIC_REVENUE, "revenue", AMOUNT},
    {KOL_METRIC_CONTENT_QUALITY, "content_quality", RATIO},
    {KOL_METRIC_ACCOUNT_AGE_DAYS, "account_age_days", COUNT},
    {KOL_METRIC_REAL_FOLLOWER_RATIO, "real_follower_ratio", RATIO},
    {KOL_METRIC_ON_TIME_RATE, "on_time_rate", RATIO},
    {KOL_METRIC_HIST_VIEWS, "hist_views", COUNT},
    {KOL_METRIC_HIST_COST, "hist_cost", AMOUNT},
    {KOL_METRIC_COOPERATIONS, "cooperations", COUNT},
    {KOL_METRIC_DISPUTES, "disputes", COUNT},
    {KOL_METRIC_FAN_LOYALTY, "fan_loyalty", RATIO},
};

static void test_metric_codes_fixed(void **state)
{
    int i;
    (void)state;
    for (i = 0; i < N_METRICS; i++)
        assert_int_equal(metric_table[i].code, i);
    assert_int_equal(kol_metric_count(), N_METRICS);
    assert_int_equal(KOL_TEXT_ID, 0);
    assert_int_equal(KOL_TEXT_CATEGORY, 3);
    assert_int_equal(KOL_DIMENSION_GENDER, 0);
    assert_int_equal(KOL_DIMENSION_INTEREST, 3);
    assert_int_equal(KOL_TEXT_MAX_BYTES, 1024);
    assert_int_equal(KOL_PORTRAIT_MAX_CATEGORIES, 4096);
}

static void test_metric_names_round_trip(void **state)
{
    uint32_t i, j, n = kol_metric_count();
    (void)state;
    for (i = 0; i < n; i++) {
        const char *name = kol_metric_name((int)i);
        int32_t code = -99;
        assert_non_null(name);
        assert_string_equal(name, metric_table[i].name);
        assert_int_equal(kol_metric_from_name(name, &code), KOL_STATUS_OK);
        assert_int_equal(code, (int32_t)i);
        for (j = 0; j < i; j++)
            assert_string_not_equal(name, kol_metric_name((int)j));
    }
    assert_null(kol_metric_name(-1));
    assert_null(kol_metric_name((int)n));
    assert_null(kol_metric_name(1000));
    assert_null(kol_metric_name(INT_MAX));
    assert_null(kol_metric_name(INT_MIN));
}

static void test_metric_from_name_refusals(void **state)
{
    static const char *const unknown[] = {"", "follower", "followers ",
                                          " followers", "fans", "price_",
                                          "posts_30", "avg-views"};
    size_t i;
    int32_t code;
    (void)state;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        code = 1234;
        assert_int_equal(kol_metric_from_name(unknown[i], &code),
                         KOL_STATUS_NOT_FOUND);
        assert_int_equal(code, 1234); /* left as it was */
    }
    code = 1234;
    assert_int_equal(kol_metric_from_name(NULL, &code),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(code, 1234);
    assert_int_equal(kol_metric_from_name("followers", NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
}

static void test_metric_bounds(void **state)
{
    int i;
    double lo, hi;
    (void)state;
    for (i = 0; i < N_METRICS; i++) {
        double want_lo = 0.0, want_hi = TWO53;
        lo = hi = -12345.0;
        assert_int_equal(kol_metric_bounds(i, &lo, &hi), KOL_STATUS_OK);
        switch (metric_table[i].domain) {
        case COUNT:
        case AMOUNT:
            break;
        case SIGNED:
            want_lo = -TWO53;
            break;
        case RATIO:
            want_hi = 1.0;
            break;
        }
        if (lo != want_lo || hi != want_hi) {
            print_error("bounds of %s: [%g, %g], want [%g, %g]\n",
                        metric_table[i].name, lo, hi, want_lo, want_hi);
            fail();
        }
    }
    assert_int_equal(kol_metric_bounds(-1, &lo, &hi),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_metric_bounds(N_METRICS, &lo, &hi),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_metric_bounds(1000, &lo, &hi),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_metric_bounds(0, NULL, &hi),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_metric_bounds(0, &lo, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
}

static void test_text_and_dimension_names(void **state)
{
    (void)state;
    assert_string_equal(kol_text_name(KOL_TEXT_ID), "id");
    assert_string_equal(kol_text_name(KOL_TEXT_NAME), "name");
    assert_string_equal(kol_text_name(KOL_TEXT_PLATFORM), "platform");
    assert_string_equal(kol_text_name(KOL_TEXT_CATEGORY), "category");
    assert_null(kol_text_name(4));
    assert_null(kol_text_name(-1));
    assert_null(kol_text_name(1000));

    assert_int_equal(kol_dimension_count(), 4);
    assert_string_equal(kol_dimension_name(KOL_DIMENSION_GENDER), "gender");
    assert_string_equal(kol_dimension_name(KOL_DIMENSION_AGE), "age");
    assert_string_equal(kol_dimension_name(KOL_DIMENSION_REGION), "region");
    assert_string_equal(kol_dimension_name(KOL_DIMENSION_INTEREST),
                        "interest");
    assert_null(kol_dimension_name(4));
    assert_null(kol_dimension_name(-1));
    assert_null(kol_dimension_name(1000));
}

/* ------------------------------------------------------------------ */
/* Record basics                                                      */
/* ------------------------------------------------------------------ */

static void test_record_new_refusals(void **state)
{
    struct fixture *f = *state;
    kol_record *rec = (kol_record *)(void *)f;
    assert_int_equal(kol_record_new(NULL, &rec), KOL_STATUS_INVALID_ARGUMENT);
    assert_null(rec);
    assert_status(f->ctx, kol_record_new(f->ctx, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    kol_record_free(NULL); /* accepted */
}

/* Refusals with every pointer NULL, dimension codes on both sides of the
 * range, and the sign of zero. */
static void test_record_edge_refusals(void **state)
{
    struct fixture *f = *state;
    kol_record *out = (kol_record *)(void *)f;
    static const int32_t codes[2] = {KOL_METRIC_FOLLOWERS,
                                     KOL_METRIC_FOLLOWER_GROWTH_30D};
    const double values[2] = {-0.0, -0.0};
    double v = 1.0, share = 7.0;
    const char *label = "untouched";
    static const char *const labels[2] = {"f", "m"};
    static const double w[2] = {1.0, 3.0};
    static const int bad_dims[2] = {-1, 4};
    size_t i;

    assert_int_equal(kol_record_new(NULL, NULL), KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_clone(NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_clone(NULL, &out),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(out);
    assert_status(f->ctx, kol_record_clone(f->rec, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "out is NULL");

    /* a negative zero is stored as +0, one at a time or in a batch */
    assert_status(f->ctx, kol_record_set_metrics(f->rec, codes, values, 2),
                  KOL_STATUS_OK);
    for (i = 0; i < 2; i++) {
        v = 1.0;
        assert_status(f->ctx, kol_record_get_metric(f->rec, codes[i], &v),
                      KOL_STATUS_OK);
        assert_true(v == 0.0 && !signbit(v));
    }
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_PRICE, -0.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_PRICE, &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.0 && !signbit(v));

    /* unknown dimension codes below and above the range */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_GENDER,
                                          labels, w, 2),
                  KOL_STATUS_OK);
    for (i = 0; i < 2; i++) {
        assert_status(f->ctx,
                      kol_record_portrait_at(f->rec, bad_dims[i], 0, &label,
                                             &share),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_msg_number(f->ctx, bad_dims[i]);
        assert_status(f->ctx,
                      kol_record_portrait_share(f->rec, bad_dims[i], "f",
                                                &share),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_msg_number(f->ctx, bad_dims[i]);
    }
    assert_string_equal(label, "untouched");
    assert_true(share == 7.0);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_GENDER, "m",
                                            &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.75);
}

static void test_record_new_is_empty(void **state)
{
    struct fixture *f = *state;
    int i;
    for (i = 0; i < 4; i++)
        assert_null(kol_record_text(f->rec, i));
    for (i = 0; i < N_METRICS; i++) {
        double v = 77.0;
        assert_int_equal(kol_record_has_metric(f->rec, i), 0);
        assert_status(f->ctx, kol_record_get_metric(f->rec, i, &v),
                      KOL_STATUS_MISSING);
        assert_true(v == 77.0);
    }
    for (i = 0; i < 4; i++)
        assert_int_equal(kol_record_portrait_size(f->rec, i), 0);
}

/* ------------------------------------------------------------------ */
/* Metric values: the bad-input table                                 */
/* ------------------------------------------------------------------ */

struct metric_case {
    int metric;
    double value;
    kol_status want;
    /* '|'-separated alternatives the message must contain (the value as
     * printed); NULL: nothing beyond the metric's name. */
    const char *value_alts;
};

static const struct metric_case bad_metric_cases[] = {
    /* NaN and infinities, in every domain */
    {KOL_METRIC_FOLLOWERS, NAN, KOL_STATUS_NOT_FINITE, "nan"},
    {KOL_METRIC_FOLLOWERS, INFINITY, KOL_STATUS_NOT_FINITE, "inf"},
    {KOL_METRIC_FOLLOWERS, -INFINITY, KOL_STATUS_NOT_FINITE, "-inf"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, NAN, KOL_STATUS_NOT_FINITE, "nan"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, -INFINITY, KOL_STATUS_NOT_FINITE,
     "-inf"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, INFINITY, KOL_STATUS_NOT_FINITE, "inf"},
    {KOL_METRIC_REVENUE, NAN, KOL_STATUS_NOT_FINITE, "nan"},
    {KOL_METRIC_PRICE, INFINITY, KOL_STATUS_NOT_FINITE, "inf"},
    {KOL_METRIC_CONTENT_QUALITY, NAN, KOL_STATUS_NOT_FINITE, "nan"},
    {KOL_METRIC_FAN_LOYALTY, -INFINITY, KOL_STATUS_NOT_FINITE, "-inf"},
    /* negative counts and amounts */
    {KOL_METRIC_FOLLOWERS, -1.0, KOL_STATUS_OUT_OF_RANGE, "-1"},
    {KOL_METRIC_AVG_VIEWS, -3.0, KOL_STATUS_OUT_OF_RANGE, "-3"},
    {KOL_METRIC_POSTS, -0.5, KOL_STATUS_OUT_OF_RANGE, "-0.5"},
    {KOL_METRIC_DISPUTES, -250.0, KOL_STATUS_OUT_OF_RANGE, "-250"},
    {KOL_METRIC_PRICE, -0.01, KOL_STATUS_OUT_OF_RANGE, "-0.01"},
    {KOL_METRIC_HIST_COST, -100.0, KOL_STATUS_OUT_OF_RANGE, "-100"},
    {KOL_METRIC_ACCOUNT_AGE_DAYS, -DBL_MAX, KOL_STATUS_OUT_OF_RANGE,
     "-1.797|e+308"},
    {KOL_METRIC_FOLLOWERS, -DBL_MIN, KOL_STATUS_OUT_OF_RANGE, "e-308|-2.22"},
    /* above 2^53 */
    {KOL_METRIC_FOLLOWERS, TWO53 + 2.0, KOL_STATUS_OUT_OF_RANGE,
     "9.007|9007199254740994"},
    {KOL_METRIC_CLICKS, 1e16, KOL_STATUS_OUT_OF_RANGE,
     "1e+16|1e16|10000000000000000"},
    {KOL_METRIC_REVENUE, 1e300, KOL_STATUS_OUT_OF_RANGE, "1e+300|1e300"},
    {KOL_METRIC_ACCOUNT_AGE_DAYS, DBL_MAX, KOL_STATUS_OUT_OF_RANGE,
     "1.797|e+308"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, 1e16, KOL_STATUS_OUT_OF_RANGE,
     "1e+16|1e16|10000000000000000"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, -1e16, KOL_STATUS_OUT_OF_RANGE,
     "-1e+16|-1e16|-10000000000000000"},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, -(TWO53 + 2.0), KOL_STATUS_OUT_OF_RANGE,
     "-9.007|-9007199254740994"},
    /* ratios above 1 and below 0 */
    {KOL_METRIC_CONTENT_QUALITY, 1.5, KOL_STATUS_OUT_OF_RANGE, "1.5"},
    {KOL_METRIC_REAL_FOLLOWER_RATIO, -0.25, KOL_STATUS_OUT_OF_RANGE,
     "-0.25"},
    {KOL_METRIC_ON_TIME_RATE, 1.0000001, KOL_STATUS_OUT_OF_RANGE,
     "1.0000001"},
    {KOL_METRIC_FAN_LOYALTY, 100.0, KOL_STATUS_OUT_OF_RANGE, "100"},
    {KOL_METRIC_REAL_FOLLOWER_RATIO, -1e-9, KOL_STATUS_OUT_OF_RANGE,
     "-1e-09|-1e-9|-0.000000001"},
};

/* Unknown metric codes: the message names the code. */
static const int unknown_metrics[] = {-1, N_METRICS, N_METRICS + 1, 64, 1000,
                                      INT_MAX, INT_MIN};

static const struct metric_case good_metric_cases[] = {
    {KOL_METRIC_FOLLOWERS, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWERS, TWO53, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWERS, 1.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWERS, DBL_MIN, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWERS, -0.0, KOL_STATUS_OK, NULL}, /* == 0, in [0, 2^53] */
    {KOL_METRIC_AVG_VIEWS, 1234.5, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, -5.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, -TWO53, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, TWO53, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FOLLOWER_GROWTH_30D, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_PRICE, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_PRICE, 4999.99, KOL_STATUS_OK, NULL},
    {KOL_METRIC_PRICE, TWO53, KOL_STATUS_OK, NULL},
    {KOL_METRIC_REVENUE, TWO53, KOL_STATUS_OK, NULL},
    {KOL_METRIC_CONTENT_QUALITY, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_CONTENT_QUALITY, 1.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_REAL_FOLLOWER_RATIO, 1.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_ON_TIME_RATE, 0.999, KOL_STATUS_OK, NULL},
    {KOL_METRIC_FAN_LOYALTY, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_HIST_COST, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_DISPUTES, 0.0, KOL_STATUS_OK, NULL},
    {KOL_METRIC_ACCOUNT_AGE_DAYS, 3650.0, KOL_STATUS_OK, NULL},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void check_refused_metric(struct fixture *f, int metric, double value,
                                 kol_status want, const char *value_alts,
                                 size_t row)
{
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    snap(&before, f->rec);
    kol_ctx_clear_error(f->ctx);
    {
        kol_status got = kol_record_set_metric(f->rec, metric, value);
        if (got != want) {
            print_error("row %zu: set_metric(%d, %g) returned %d (%s), want "
                        "%d (%s): %s\n",
                        row, metric, value, (int)got, kol_status_str(got),
                        (int)want, kol_status_str(want),
                        kol_ctx_last_error(f->ctx));
            fail();
        }
    }
    if (kol_metric_name(metric) != NULL)
        assert_last_error(f->ctx, want, kol_metric_name(metric));
    else
        assert_msg_number(f->ctx, metric);
    if (value_alts != NULL)
        assert_last_error(f->ctx, want, value_alts);
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_metric_bad_input_table(void **state)
{
    struct fixture *f = *state;
    size_t i, j;
    /* Twice: once with every metric missing, once with every metric set to
     * a value valid in every domain. The refused call must leave both the
     * missing state and the previous value intact. */
    for (j = 0; j < 2; j++) {
        if (j == 1) {
            int m;
            for (m = 0; m < N_METRICS; m++)
                assert_status(f->ctx, kol_record_set_metric(f->rec, m, 0.5),
                              KOL_STATUS_OK);
        }
        for (i = 0; i < COUNT_OF(bad_metric_cases); i++) {
            const struct metric_case *c = &bad_metric_cases[i];
            check_refused_metric(f, c->metric, c->value, c->want,
                                 c->value_alts, i);
            if (j == 0) {
                assert_int_equal(kol_record_has_metric(f->rec, c->metric), 0);
            } else {
                double v = 0.0;
                assert_status(f->ctx,
                              kol_record_get_metric(f->rec, c->metric, &v),
                              KOL_STATUS_OK);
                assert_true(v == 0.5);
            }
        }
        for (i = 0; i < COUNT_OF(unknown_metrics); i++)
            check_refused_metric(f, unknown_metrics[i], 1.0,
                                 KOL_STATUS_UNKNOWN_ENUM, NULL, i);
    }
    assert_int_equal(kol_record_set_metric(NULL, KOL_METRIC_FOLLOWERS, 1.0),
                     KOL_STATUS_INVALID_ARGUMENT);
}

static void test_metric_good_values(void **state)
{
    struct fixture *f = *state;
    size_t i;
    for (i = 0; i < COUNT_OF(good_metric_cases); i++) {
        const struct metric_case *c = &good_metric_cases[i];
        double v = -99.0;
        kol_status st = kol_record_set_metric(f->rec, c->metric, c->value);
        if (st != KOL_STATUS_OK) {
            print_error("row %zu: set_metric(%s, %a) returned %d (%s): %s\n",
                        i, kol_metric_name(c->metric), c->value, (int)st,
                        kol_status_str(st), kol_ctx_last_error(f->ctx));
            fail();
        }
        assert_int_equal(kol_record_has_metric(f->rec, c->metric), 1);
        assert_status(f->ctx, kol_record_get_metric(f->rec, c->metric, &v),
                      KOL_STATUS_OK);
        assert_true(v == c->value); /* stored exactly */
    }
    /* A good value within a metric's bounds, for every metric. */
    for (i = 0; i < N_METRICS; i++) {
        double lo, hi, v = -1.0;
        assert_int_equal(kol_metric_bounds((int)i, &lo, &hi), KOL_STATUS_OK);
        assert_status(f->ctx, kol_record_set_metric(f->rec, (int)i, lo),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_record_set_metric(f->rec, (int)i, hi),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_record_get_metric(f->rec, (int)i, &v),
                      KOL_STATUS_OK);
        assert_true(v == hi);
    }
}

static void test_metric_missing_is_not_zero(void **state)
{
    struct fixture *f = *state;
    double v = 55.0;

    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_ORDERS), 0);
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_ORDERS, &v),
                  KOL_STATUS_MISSING);
    assert_true(v == 55.0); /* left as it was */
    assert_last_error(f->ctx, KOL_STATUS_MISSING, "orders");

    assert_status(f->ctx, kol_record_set_metric(f->rec, KOL_METRIC_ORDERS, 0.0),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_ORDERS), 1);
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_ORDERS, &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.0);

    /* Setting one metric leaves the others missing. */
    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_CLICKS), 0);

    /* Replacing a value. */
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_ORDERS, 12.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_ORDERS, &v),
                  KOL_STATUS_OK);
    assert_true(v == 12.0);

    /* Clearing: missing again. */
    assert_status(f->ctx, kol_record_clear_metric(f->rec, KOL_METRIC_ORDERS),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_ORDERS), 0);
    v = 55.0;
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_ORDERS, &v),
                  KOL_STATUS_MISSING);
    assert_true(v == 55.0);
    /* Clearing a missing metric is fine. */
    assert_status(f->ctx, kol_record_clear_metric(f->rec, KOL_METRIC_ORDERS),
                  KOL_STATUS_OK);
    /* Set again after clearing. */
    assert_status(f->ctx, kol_record_set_metric(f->rec, KOL_METRIC_ORDERS, 3.0),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_ORDERS), 1);
}

static void test_metric_get_clear_has_refusals(void **state)
{
    struct fixture *f = *state;
    double v = 5.0;
    size_t i;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWERS, 10.0),
                  KOL_STATUS_OK);
    snap(&before, f->rec);
    for (i = 0; i < COUNT_OF(unknown_metrics); i++) {
        int m = unknown_metrics[i];
        assert_int_equal(kol_record_has_metric(f->rec, m), 0);
        assert_status(f->ctx, kol_record_get_metric(f->rec, m, &v),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_true(v == 5.0);
        assert_last_error(f->ctx, KOL_STATUS_UNKNOWN_ENUM, NULL);
        assert_msg_number(f->ctx, m);
        assert_status(f->ctx, kol_record_clear_metric(f->rec, m),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_last_error(f->ctx, KOL_STATUS_UNKNOWN_ENUM, NULL);
        assert_msg_number(f->ctx, m);
    }
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);

    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx,
                  kol_record_get_metric(f->rec, KOL_METRIC_FOLLOWERS, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    assert_int_equal(kol_record_get_metric(NULL, KOL_METRIC_FOLLOWERS, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_true(v == 5.0);
    assert_int_equal(kol_record_clear_metric(NULL, KOL_METRIC_FOLLOWERS),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_has_metric(NULL, KOL_METRIC_FOLLOWERS), 0);
    testbuf_free(&before);
    testbuf_free(&after);
}

/* ------------------------------------------------------------------ */
/* Batch setters and getters                                          */
/* ------------------------------------------------------------------ */

static void test_set_metrics_batch(void **state)
{
    struct fixture *f = *state;
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_PRICE,
                                    KOL_METRIC_CONTENT_QUALITY,
                                    KOL_METRIC_FOLLOWER_GROWTH_30D,
                                    KOL_METRIC_FOLLOWERS};
    static const double values[] = {1000.0, 250.0, 0.8, -40.0, 2000.0};
    double v = 0.0;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);

    /* n = 0 does nothing. */
    snap(&before, f->rec);
    assert_status(f->ctx, kol_record_set_metrics(f->rec, codes, values, 0),
                  KOL_STATUS_OK);
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);

    assert_status(f->ctx, kol_record_set_metrics(f->rec, codes, values, 5),
                  KOL_STATUS_OK);
    /* A code given twice takes the later value. */
    assert_status(f->ctx,
                  kol_record_get_metric(f->rec, KOL_METRIC_FOLLOWERS, &v),
                  KOL_STATUS_OK);
    assert_true(v == 2000.0);
    assert_status(f->ctx, kol_record_get_metric(f->rec, KOL_METRIC_PRICE, &v),
                  KOL_STATUS_OK);
    assert_true(v == 250.0);
    assert_status(f->ctx,
                  kol_record_get_metric(f->rec, KOL_METRIC_CONTENT_QUALITY,
                                        &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.8);
    assert_status(f->ctx,
                  kol_record_get_metric(f->rec,
                                        KOL_METRIC_FOLLOWER_GROWTH_30D, &v),
                  KOL_STATUS_OK);
    assert_true(v == -40.0);
    assert_int_equal(kol_record_has_metric(f->rec, KOL_METRIC_ORDERS), 0);

    /* NULL arrays with n > 0, NULL record. */
    snap(&before, f->rec);
    assert_status(f->ctx, kol_record_set_metrics(f->rec, NULL, values, 2),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    assert_status(f->ctx, kol_record_set_metrics(f->rec, codes, NULL, 2),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_set_metrics(NULL, codes, values, 2),
                     KOL_STATUS_INVALID_ARGUMENT);
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    testbuf_free(&before);
    testbuf_free(&after);
}

/* A bad pair at position k leaves the record unchanged; the message names
 * position k (0-based). Good values are multi-digit and the bad pairs use
 * metrics whose codes are above 11, so that the number k can only come
 * from the position. */
static void test_set_metrics_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    enum { N = 12 };
    static const int32_t good_codes[N] = {
        KOL_METRIC_FOLLOWERS,  KOL_METRIC_FOLLOWING,    KOL_METRIC_POSTS,
        KOL_METRIC_POSTS_30D,  KOL_METRIC_AVG_VIEWS,    KOL_METRIC_AVG_LIKES,
        KOL_METRIC_AVG_COMMENTS, KOL_METRIC_AVG_SHARES, KOL_METRIC_AVG_SAVES,
        KOL_METRIC_PRICE,      KOL_METRIC_REVENUE,      KOL_METRIC_HIST_COST};
    static const struct {
        int32_t metric;
        double value;
        kol_status want;
        const char *alts;
    } bad[] = {
        {KOL_METRIC_CONTENT_QUALITY, 250.0, KOL_STATUS_OUT_OF_RANGE,
         "content_quality"},
        {KOL_METRIC_ORDERS, NAN, KOL_STATUS_NOT_FINITE, "orders"},
        {KOL_METRIC_DISPUTES, -250.0, KOL_STATUS_OUT_OF_RANGE, "disputes"},
        {KOL_METRIC_ON_TIME_RATE, INFINITY, KOL_STATUS_NOT_FINITE,
         "on_time_rate"},
        {1000, 300.0, KOL_STATUS_UNKNOWN_ENUM, "1000"},
        {-1, 300.0, KOL_STATUS_UNKNOWN_ENUM, "-1"},
    };
    int32_t codes[N];
    double values[N];
    size_t k, b, i;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);

    /* Some metrics set, some missing, a text field. */
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, "kol-9"),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWERS, 777.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_set_metric(f->rec, KOL_METRIC_PRICE, 3.0),
                  KOL_STATUS_OK);
    snap(&before, f->rec);

    for (b = 0; b < COUNT_OF(bad); b++) {
        for (k = 0; k < N; k++) {
            for (i = 0; i < N; i++) {
                codes[i] = good_codes[i];
                values[i] = 100.0 * (double)(i + 1);
            }
            codes[k] = bad[b].metric;
            values[k] = bad[b].value;
            kol_ctx_clear_error(f->ctx);
            assert_status(f->ctx,
                          kol_record_set_metrics(f->rec, codes, values, N),
                          bad[b].want);
            assert_last_error(f->ctx, bad[b].want, bad[b].alts);
            if (!testmsg_has_number(kol_ctx_last_error(f->ctx),
                                    (long long)k)) {
                print_error("bad pair %zu at position %zu: message \"%s\" "
                            "does not name position %zu\n",
                            b, k, kol_ctx_last_error(f->ctx), k);
                fail();
            }
            snap(&after, f->rec);
            assert_snap_equal(before.text, after.text);
        }
    }

    /* A code given twice, the first value bad: refused, unchanged. */
    codes[0] = KOL_METRIC_FOLLOWERS;
    values[0] = -1.0;
    codes[1] = KOL_METRIC_FOLLOWERS;
    values[1] = 5.0;
    assert_status(f->ctx, kol_record_set_metrics(f->rec, codes, values, 2),
                  KOL_STATUS_OUT_OF_RANGE);
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_get_metrics(void **state)
{
    struct fixture *f = *state;
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_PRICE,
                                    KOL_METRIC_CONTENT_QUALITY,
                                    KOL_METRIC_FOLLOWERS,
                                    KOL_METRIC_FOLLOWER_GROWTH_30D};
    double values[5];
    int32_t bad_codes[5];
    size_t i, k;

    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWERS, 42.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWER_GROWTH_30D,
                                        -3.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_CONTENT_QUALITY,
                                        0.0),
                  KOL_STATUS_OK);
    for (i = 0; i < 5; i++)
        values[i] = -7.0;
    assert_status(f->ctx, kol_record_get_metrics(f->rec, codes, values, 5),
                  KOL_STATUS_OK);
    assert_true(values[0] == 42.0);
    assert_true(isnan(values[1])); /* missing price */
    assert_true(values[2] == 0.0); /* zero, not missing */
    assert_true(values[3] == 42.0);
    assert_true(values[4] == -3.0);

    /* n = 0 */
    assert_status(f->ctx, kol_record_get_metrics(f->rec, codes, values, 0),
                  KOL_STATUS_OK);

    /* An unknown code anywhere: refused, values left as they were. */
    for (k = 0; k < 5; k++) {
        for (i = 0; i < 5; i++) {
            bad_codes[i] = codes[i];
            values[i] = -7.0;
        }
        bad_codes[k] = (k % 2) ? 1000 : -1;
        assert_status(f->ctx,
                      kol_record_get_metrics(f->rec, bad_codes, values, 5),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_last_error(f->ctx, KOL_STATUS_UNKNOWN_ENUM, NULL);
        assert_msg_number(f->ctx, bad_codes[k]);
        for (i = 0; i < 5; i++)
            assert_true(values[i] == -7.0);
    }

    assert_status(f->ctx, kol_record_get_metrics(f->rec, NULL, values, 2),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(f->ctx, kol_record_get_metrics(f->rec, codes, NULL, 2),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_get_metrics(NULL, codes, values, 2),
                     KOL_STATUS_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* Text fields                                                        */
/* ------------------------------------------------------------------ */

static void test_text_set_replace_clear(void **state)
{
    struct fixture *f = *state;
    int field;
    for (field = 0; field < 4; field++) {
        assert_null(kol_record_text(f->rec, field));
        assert_status(f->ctx, kol_record_set_text(f->rec, field, "first"),
                      KOL_STATUS_OK);
        assert_string_equal(kol_record_text(f->rec, field), "first");
        assert_status(f->ctx,
                      kol_record_set_text(f->rec, field, "second value"),
                      KOL_STATUS_OK);
        assert_string_equal(kol_record_text(f->rec, field), "second value");
    }
    /* Fields are independent. */
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, "N"),
                  KOL_STATUS_OK);
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_ID), "second value");
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_NAME), "N");
    /* NULL clears; clearing an unset field is fine. */
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, NULL),
                  KOL_STATUS_OK);
    assert_null(kol_record_text(f->rec, KOL_TEXT_NAME));
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, NULL),
                  KOL_STATUS_OK);
    assert_null(kol_record_text(f->rec, KOL_TEXT_NAME));
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_PLATFORM),
                        "second value");
    /* Set again after clearing. */
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, "back"),
                  KOL_STATUS_OK);
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_NAME), "back");
}

static void test_text_copied_in(void **state)
{
    struct fixture *f = *state;
    char buf[32];
    char *heap = malloc(16);
    const char *stored;
    assert_non_null(heap);
    strcpy(buf, "alice");
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, buf),
                  KOL_STATUS_OK);
    stored = kol_record_text(f->rec, KOL_TEXT_ID);
    assert_ptr_not_equal(stored, buf);
    buf[0] = 'X';
    strcpy(buf + 1, "changed");
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_ID), "alice");

    strcpy(heap, "douyin");
    assert_status(f->ctx,
                  kol_record_set_text(f->rec, KOL_TEXT_PLATFORM, heap),
                  KOL_STATUS_OK);
    memset(heap, 'Z', 15);
    heap[15] = '\0';
    free(heap);
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_PLATFORM), "douyin");

    /* Setting a field from its own current text. */
    assert_status(f->ctx,
                  kol_record_set_text(f->rec, KOL_TEXT_ID,
                                      kol_record_text(f->rec, KOL_TEXT_ID)),
                  KOL_STATUS_OK);
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_ID), "alice");
}

static const struct {
    const char *text;
    const char *what;
} bad_texts[] = {
    {"", "empty"},
    {"\x80", "lone continuation byte"},
    {"abc\xBF", "continuation byte at the end"},
    {"a\x80z", "continuation byte inside"},
    {"\xC0\xAF", "overlong 2-byte '/'"},
    {"\xC1\xBF", "overlong 2-byte"},
    {"\xE0\x80\xAF", "overlong 3-byte"},
    {"\xF0\x80\x80\xAF", "overlong 4-byte"},
    {"\xE0\x9F\xBF", "overlong 3-byte U+07FF"},
    {"\xF0\x8F\xBF\xBF", "overlong 4-byte U+FFFF"},
    {"\xC2", "2-byte lead at the end"},
    {"\xE2\x82", "3-byte sequence cut after 2"},
    {"\xF0\x9F\x98" "x", "4-byte sequence cut by ASCII"},
    {"\xE2\x28\xA1", "bad second byte"},
    {"\xF8\x88\x80\x80\x80", "5-byte form"},
    {"\xED\xA0\x80", "surrogate U+D800"},
    {"\xED\xBF\xBF", "surrogate U+DFFF"},
    {"\xF4\x90\x80\x80", "above U+10FFFF"},
    {"\xF5\x80\x80\x80", "lead byte F5"},
    {"\xFF", "byte FF"},
    {"\xFE", "byte FE"},
    {"\xE6\x9D", "truncated 3-byte sequence"},
    {"abc\xF0\x9F\x98", "truncated 4-byte sequence at the end"},
    {"\xE6\x9D" "a", "truncated sequence followed by ASCII"},
    {"\xC3", "lone lead byte"},
    {"\n", "newline"},
    {"a\nb", "newline inside"},
    {"\x7f", "DEL"},
    {"name\x7f", "DEL at the end"},
    {"\x01", "SOH"},
    {"\t", "tab"},
    {"\x1f", "unit separator"},
    {"\r", "carriage return"},
};

static void test_text_refused(void **state)
{
    struct fixture *f = *state;
    size_t i;
    int field, pass;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    for (pass = 0; pass < 2; pass++) {
        /* Pass 0: fields unset. Pass 1: fields set. */
        if (pass == 1) {
            for (field = 0; field < 4; field++)
                assert_status(f->ctx,
                              kol_record_set_text(f->rec, field, "previous"),
                              KOL_STATUS_OK);
        }
        for (field = 0; field < 4; field++) {
            for (i = 0; i < COUNT_OF(bad_texts); i++) {
                kol_status st;
                snap(&before, f->rec);
                kol_ctx_clear_error(f->ctx);
                st = kol_record_set_text(f->rec, field, bad_texts[i].text);
                if (st != KOL_STATUS_BAD_TEXT) {
                    print_error("%s (%s): status %d (%s), want BAD_TEXT\n",
                                bad_texts[i].what, kol_text_name(field),
                                (int)st, kol_status_str(st));
                    fail();
                }
                /* The message names the field. */
                assert_last_error(f->ctx, KOL_STATUS_BAD_TEXT,
                                  kol_text_name(field));
                snap(&after, f->rec);
                assert_snap_equal(before.text, after.text);
            }
        }
    }
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_text_length_limit(void **state)
{
    struct fixture *f = *state;
    char *buf = malloc(KOL_TEXT_MAX_BYTES + 16);
    testbuf before, after;
    assert_non_null(buf);
    testbuf_init(&before);
    testbuf_init(&after);

    /* Exactly the limit: accepted. */
    memset(buf, 'a', KOL_TEXT_MAX_BYTES);
    buf[KOL_TEXT_MAX_BYTES] = '\0';
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, buf),
                  KOL_STATUS_OK);
    assert_int_equal(strlen(kol_record_text(f->rec, KOL_TEXT_NAME)),
                     KOL_TEXT_MAX_BYTES);

    /* One byte over: refused, the previous value kept. */
    snap(&before, f->rec);
    memset(buf, 'b', KOL_TEXT_MAX_BYTES + 1);
    buf[KOL_TEXT_MAX_BYTES + 1] = '\0';
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, buf),
                  KOL_STATUS_BAD_TEXT);
    assert_last_error(f->ctx, KOL_STATUS_BAD_TEXT, "name");
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);

    /* Multi-byte characters count in bytes. */
    memset(buf, 'c', KOL_TEXT_MAX_BYTES - 3);
    memcpy(buf + KOL_TEXT_MAX_BYTES - 3, "\xE6\x9D\x8E", 4); /* 李 */
    assert_int_equal(strlen(buf), KOL_TEXT_MAX_BYTES);
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, buf),
                  KOL_STATUS_OK);
    memset(buf, 'c', KOL_TEXT_MAX_BYTES - 2);
    memcpy(buf + KOL_TEXT_MAX_BYTES - 2, "\xE6\x9D\x8E", 4);
    assert_int_equal(strlen(buf), KOL_TEXT_MAX_BYTES + 1);
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, buf),
                  KOL_STATUS_BAD_TEXT);
    assert_last_error(f->ctx, KOL_STATUS_BAD_TEXT, "id");

    /* Far too long. */
    {
        size_t big = 100000;
        char *huge = malloc(big + 1);
        assert_non_null(huge);
        memset(huge, 'h', big);
        huge[big] = '\0';
        assert_status(f->ctx,
                      kol_record_set_text(f->rec, KOL_TEXT_CATEGORY, huge),
                      KOL_STATUS_BAD_TEXT);
        assert_null(kol_record_text(f->rec, KOL_TEXT_CATEGORY));
        free(huge);
    }
    free(buf);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_text_valid_utf8(void **state)
{
    struct fixture *f = *state;
    static const char *const good[] = {
        "李佳琦",                 /* Chinese name */
        "薇娅 Viya",              /* mixed */
        "\xF0\x9F\x98\x80",       /* 😀 U+1F600 */
        "beauty \xF0\x9F\x92\x84 & more", /* 💄 inside */
        "Ünïcødé",
        "\xF4\x8F\xBF\xBF",       /* U+10FFFF, the largest */
        "\xEF\xBF\xBF",           /* U+FFFF */
        "\xED\x9F\xBF",           /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",           /* U+E000, just above them */
        "\xC2\x80",               /* U+0080, smallest 2-byte */
        "\xE0\xA0\x80",           /* U+0800, smallest 3-byte */
        "\xF0\x90\x80\x80",       /* U+10000, smallest 4-byte */
        " ",                      /* a space is not a control character */
        "~",
        "a b c",
        "x",
    };
    size_t i;
    for (i = 0; i < COUNT_OF(good); i++) {
        kol_status st = kol_record_set_text(f->rec, KOL_TEXT_NAME, good[i]);
        if (st != KOL_STATUS_OK) {
            print_error("valid text #%zu refused: %s\n", i,
                        kol_ctx_last_error(f->ctx));
            fail();
        }
        assert_string_equal(kol_record_text(f->rec, KOL_TEXT_NAME), good[i]);
    }
}

static void test_text_refusals_other(void **state)
{
    struct fixture *f = *state;
    static const int bad_fields[] = {-1, 4, 5, 1000, INT_MIN, INT_MAX};
    size_t i;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, "x1"),
                  KOL_STATUS_OK);
    snap(&before, f->rec);
    for (i = 0; i < COUNT_OF(bad_fields); i++) {
        assert_status(f->ctx,
                      kol_record_set_text(f->rec, bad_fields[i], "value"),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_last_error(f->ctx, KOL_STATUS_UNKNOWN_ENUM, NULL);
        assert_msg_number(f->ctx, bad_fields[i]);
        assert_null(kol_record_text(f->rec, bad_fields[i]));
    }
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    assert_int_equal(kol_record_set_text(NULL, KOL_TEXT_ID, "x"),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(kol_record_text(NULL, KOL_TEXT_ID));
    testbuf_free(&before);
    testbuf_free(&after);
}

/* ------------------------------------------------------------------ */
/* Audience portrait                                                  */
/* ------------------------------------------------------------------ */

static double portrait_sum(const kol_record *rec, int dim)
{
    size_t i, n = kol_record_portrait_size(rec, dim);
    double sum = 0.0;
    for (i = 0; i < n; i++) {
        double share = -1.0;
        assert_int_equal(kol_record_portrait_at(rec, dim, i, NULL, &share),
                         KOL_STATUS_OK);
        assert_true(share >= 0.0 && share <= 1.0);
        sum += share;
    }
    return sum;
}

static void test_portrait_normalization(void **state)
{
    struct fixture *f = *state;
    static const char *const age_labels[] = {"18-24", "25-30", "31-35",
                                             "36-40", "41+"};
    static const double age_pct[] = {12.5, 30.0, 27.5, 20.0, 10.0};
    static const char *const gender[] = {"female", "male"};
    static const double counts[] = {3.0, 1.0};
    static const double fractions[] = {0.6, 0.4};
    static const char *const region[] = {"上海", "北京", "广东"};
    static const double with_zero[] = {0.0, 5.0, 5.0};
    size_t i;
    double share;
    const char *label;

    /* Percentages summing to 100. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE,
                                          age_labels, age_pct, 5),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_AGE), 5);
    for (i = 0; i < 5; i++) {
        label = NULL;
        share = -1.0;
        assert_status(f->ctx,
                      kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, i,
                                             &label, &share),
                      KOL_STATUS_OK);
        assert_string_equal(label, age_labels[i]); /* order kept */
        assert_double_near(share, age_pct[i] / 100.0, 1e-15);
        share = -1.0;
        assert_status(f->ctx,
                      kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE,
                                                age_labels[i], &share),
                      KOL_STATUS_OK);
        assert_double_near(share, age_pct[i] / 100.0, 1e-15);
    }
    assert_double_near(portrait_sum(f->rec, KOL_DIMENSION_AGE), 1.0, 1e-12);

    /* Counts. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_GENDER,
                                          gender, counts, 2),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_GENDER,
                                            "female", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.75);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_GENDER,
                                            "male", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.25);

    /* Fractions already summing to 1 (replacing the dimension). */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_GENDER,
                                          gender, fractions, 2),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_GENDER,
                                            "female", &share),
                  KOL_STATUS_OK);
    assert_double_near(share, 0.6, 1e-15);
    assert_double_near(portrait_sum(f->rec, KOL_DIMENSION_GENDER), 1.0,
                       1e-15);

    /* A zero weight is a share of 0; UTF-8 labels. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION,
                                          region, with_zero, 3),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_REGION,
                                            "上海", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.0);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_REGION,
                                            "广东", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.5);

    /* Dimensions are independent. */
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_AGE), 5);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_GENDER),
                     2);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_INTEREST),
                     0);
}

static void test_portrait_extreme_weights(void **state)
{
    struct fixture *f = *state;
    static const char *const two[] = {"a", "b"};
    static const char *const three[] = {"a", "b", "c"};
    static const double tiny[] = {4.9406564584124654e-324,
                                  4.9406564584124654e-324};
    static const double one_positive[] = {0.0, 0.0, 1e-300};
    double share = -1.0;

    /* Subnormal weights. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST, two,
                                          tiny, 2),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "a", &share),
                  KOL_STATUS_OK);
    assert_double_near(share, 0.5, 1e-15);

    /* One tiny positive weight among zeros takes everything. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          three, one_positive, 3),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "c", &share),
                  KOL_STATUS_OK);
    assert_true(share == 1.0);
}

/* Finite weights whose floating-point sum overflows: each is finite and
 * >= 0 and their sum is positive, which is all the header asks, so they
 * are accepted; the shares are 1/2 (1/3) and never NaN. */
static void test_portrait_overflowing_sum(void **state)
{
    struct fixture *f = *state;
    static const char *const two[] = {"a", "b"};
    static const char *const three[] = {"a", "b", "c"};
    static const double huge2[] = {DBL_MAX, DBL_MAX};
    static const double huge3[] = {1e308, 1e308, 1e308};
    double share = -1.0;

    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST, two,
                                          huge2, 2),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "b", &share),
                  KOL_STATUS_OK);
    assert_double_near(share, 0.5, 1e-15);

    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          three, huge3, 3),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "c", &share),
                  KOL_STATUS_OK);
    assert_double_near(share, 1.0 / 3.0, 1e-15);
    assert_double_near(portrait_sum(f->rec, KOL_DIMENSION_INTEREST), 1.0,
                       1e-15);
}

static void test_portrait_clear_and_replace(void **state)
{
    struct fixture *f = *state;
    static const char *const three[] = {"east", "west", "north"};
    static const double w3[] = {1.0, 2.0, 1.0};
    static const char *const two[] = {"south", "east"};
    static const double w2[] = {1.0, 1.0};
    double share = 9.0;

    /* Clearing an unset dimension is fine, with NULL arrays. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION, NULL,
                                          NULL, 0),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_REGION),
                     0);

    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION, three,
                                          w3, 3),
                  KOL_STATUS_OK);
    /* Replace: the old categories are gone. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION, two,
                                          w2, 2),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_REGION),
                     2);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_REGION,
                                            "west", &share),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, "west");
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_REGION,
                                            "east", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.5);

    /* n = 0 clears (with non-NULL arrays too). */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION, two,
                                          w2, 0),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_REGION),
                     0);
    share = 9.0;
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_REGION,
                                            "east", &share),
                  KOL_STATUS_MISSING);
    assert_last_error(f->ctx, KOL_STATUS_MISSING, "region");
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_REGION, 0, NULL,
                                         &share),
                  KOL_STATUS_NOT_FOUND);
    assert_true(share == 9.0);
}

static void test_portrait_labels_copied_in(void **state)
{
    struct fixture *f = *state;
    char a[16], b[16];
    const char *labels[2];
    static const double w[] = {1.0, 3.0};
    const char *got = NULL;
    double share;
    strcpy(a, "gaming");
    strcpy(b, "music");
    labels[0] = a;
    labels[1] = b;
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          labels, w, 2),
                  KOL_STATUS_OK);
    strcpy(a, "XXXXXX");
    strcpy(b, "YYYYY");
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_INTEREST, 1,
                                         &got, &share),
                  KOL_STATUS_OK);
    assert_string_equal(got, "music");
    assert_true(share == 0.75);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "gaming", &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.25);
}

struct portrait_case {
    const char *what;
    int dimension;
    const char *const *labels;
    const double *weights;
    size_t n;
    kol_status want; /* 0 (OK) here means "any refusal" */
    const char *alts;
};

static const char *const L2[] = {"female", "male"};
static const char *const L3[] = {"female", "male", "other"};
static const char *const LDUP[] = {"female", "male", "female"};
static const char *const LEMPTY[] = {"female", ""};
static const char *const LCTRL[] = {"fe\nmale", "male"};
static const char *const LBADUTF[] = {"female", "\xC0\xAF"};
static const char *const LSURR[] = {"\xED\xA0\x80", "male"};
static const char *const LNULL[] = {"female", NULL};
static const double W2[] = {55.0, 45.0};
static const double W3[] = {50.0, 45.0, 5.0};
static const double WNEG[] = {1.0, -1.0};
static const double WNEG3[] = {50.0, 60.0, -10.0};
static const double WNAN[] = {NAN, 1.0};
static const double WINF[] = {1.0, INFINITY};
static const double WMINF[] = {-INFINITY, 1.0};
static const double WZERO[] = {0.0, 0.0};
static const double WZERO3[] = {0.0, 0.0, 0.0};
static const double WNEGZ[] = {-0.0, 0.0};

static const struct portrait_case bad_portraits[] = {
    {"duplicate label", KOL_DIMENSION_REGION, LDUP, W3, 3,
     KOL_STATUS_DUPLICATE, "female"},
    {"negative weight", KOL_DIMENSION_REGION, L2, WNEG, 2,
     KOL_STATUS_OUT_OF_RANGE, "-1"},
    {"negative weight, positive sum", KOL_DIMENSION_REGION, L3, WNEG3, 3,
     KOL_STATUS_OUT_OF_RANGE, "-10"},
    {"NaN weight", KOL_DIMENSION_REGION, L2, WNAN, 2, KOL_STATUS_NOT_FINITE,
     "nan"},
    {"infinite weight", KOL_DIMENSION_REGION, L2, WINF, 2,
     KOL_STATUS_NOT_FINITE, "inf"},
    {"-inf weight", KOL_DIMENSION_REGION, L2, WMINF, 2,
     KOL_STATUS_NOT_FINITE, "-inf"},
    {"all-zero weights", KOL_DIMENSION_REGION, L2, WZERO, 2,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"all-zero weights (3)", KOL_DIMENSION_REGION, L3, WZERO3, 3,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"signed zeros", KOL_DIMENSION_REGION, L2, WNEGZ, 2,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"empty label", KOL_DIMENSION_REGION, LEMPTY, W2, 2, KOL_STATUS_BAD_TEXT,
     NULL},
    {"control character in label", KOL_DIMENSION_REGION, LCTRL, W2, 2,
     KOL_STATUS_BAD_TEXT, NULL},
    {"overlong UTF-8 label", KOL_DIMENSION_REGION, LBADUTF, W2, 2,
     KOL_STATUS_BAD_TEXT, NULL},
    {"surrogate label", KOL_DIMENSION_REGION, LSURR, W2, 2,
     KOL_STATUS_BAD_TEXT, NULL},
    {"NULL label", KOL_DIMENSION_REGION, LNULL, W2, 2, KOL_STATUS_OK, NULL},
    {"NULL labels", KOL_DIMENSION_REGION, NULL, W2, 2,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"NULL weights", KOL_DIMENSION_REGION, L2, NULL, 2,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"unknown dimension -1", -1, L2, W2, 2, KOL_STATUS_UNKNOWN_ENUM, "-1"},
    {"unknown dimension 4", 4, L2, W2, 2, KOL_STATUS_UNKNOWN_ENUM, "4"},
    {"unknown dimension 1000", 1000, L2, W2, 2, KOL_STATUS_UNKNOWN_ENUM,
     "1000"},
    /* the same refusals on a dimension already set */
    {"duplicate label (set dimension)", KOL_DIMENSION_GENDER, LDUP, W3, 3,
     KOL_STATUS_DUPLICATE, "female"},
    {"NaN weight (set dimension)", KOL_DIMENSION_GENDER, L2, WNAN, 2,
     KOL_STATUS_NOT_FINITE, "nan"},
    {"all-zero (set dimension)", KOL_DIMENSION_GENDER, L2, WZERO, 2,
     KOL_STATUS_INVALID_ARGUMENT, NULL},
    {"bad label (set dimension)", KOL_DIMENSION_GENDER, LBADUTF, W2, 2,
     KOL_STATUS_BAD_TEXT, NULL},
};

static void test_portrait_refused(void **state)
{
    struct fixture *f = *state;
    static const char *const prior[] = {"f", "m"};
    static const double pw[] = {2.0, 1.0};
    size_t i;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_GENDER, prior,
                                          pw, 2),
                  KOL_STATUS_OK);
    for (i = 0; i < COUNT_OF(bad_portraits); i++) {
        const struct portrait_case *c = &bad_portraits[i];
        kol_status st;
        snap(&before, f->rec);
        kol_ctx_clear_error(f->ctx);
        st = kol_record_set_portrait(f->rec, c->dimension, c->labels,
                                     c->weights, c->n);
        if ((c->want != KOL_STATUS_OK && st != c->want) ||
            (c->want == KOL_STATUS_OK && st == KOL_STATUS_OK)) {
            print_error("%s: status %d (%s), want %d (%s): %s\n", c->what,
                        (int)st, kol_status_str(st), (int)c->want,
                        c->want == KOL_STATUS_OK ? "a refusal"
                                                 : kol_status_str(c->want),
                        kol_ctx_last_error(f->ctx));
            fail();
        }
        assert_last_error(f->ctx, st, c->alts);
        /* The message names the dimension (when it is a known one and the
         * arrays were given). */
        if (kol_dimension_name(c->dimension) != NULL && c->labels != NULL &&
            c->weights != NULL)
            assert_last_error(f->ctx, st, kol_dimension_name(c->dimension));
        snap(&after, f->rec);
        assert_snap_equal(before.text, after.text);
    }
    /* A label longer than KOL_TEXT_MAX_BYTES. */
    {
        char *longl = malloc(KOL_TEXT_MAX_BYTES + 2);
        const char *labels[2];
        assert_non_null(longl);
        memset(longl, 'l', KOL_TEXT_MAX_BYTES + 1);
        longl[KOL_TEXT_MAX_BYTES + 1] = '\0';
        labels[0] = "female";
        labels[1] = longl;
        snap(&before, f->rec);
        assert_status(f->ctx,
                      kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE,
                                              labels, W2, 2),
                      KOL_STATUS_BAD_TEXT);
        assert_last_error(f->ctx, KOL_STATUS_BAD_TEXT, "age");
        /* ... and one of exactly KOL_TEXT_MAX_BYTES is fine. */
        longl[KOL_TEXT_MAX_BYTES] = '\0';
        snap(&after, f->rec);
        assert_snap_equal(before.text, after.text);
        assert_status(f->ctx,
                      kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE,
                                              labels, W2, 2),
                      KOL_STATUS_OK);
        free(longl);
    }
    assert_int_equal(kol_record_set_portrait(NULL, KOL_DIMENSION_GENDER, L2,
                                             W2, 2),
                     KOL_STATUS_INVALID_ARGUMENT);
    testbuf_free(&before);
    testbuf_free(&after);
}

/* The duplicate named is the pair the pairwise definition finds first:
 * the smallest position whose label occurs earlier, with that label's
 * first position (the check sorts labels, so the order of the input must
 * not leak into the message). */
static void test_portrait_duplicate_positions(void **state)
{
    struct fixture *f = *state;
    static const char *const swapped[] = {"b", "a", "b", "a"};
    static const char *const three[] = {"x", "y", "x", "x"};
    static const char *const later[] = {"m", "z", "a", "k", "a", "z"};
    static const double w[] = {1, 1, 1, 1, 1, 1};
    struct {
        const char *const *labels;
        size_t n;
        const char *want;
    } cases[] = {
        {swapped, 4, "label 'b' is given twice (positions 0 and 2)"},
        {three, 4, "label 'x' is given twice (positions 0 and 2)"},
        {later, 6, "label 'a' is given twice (positions 2 and 4)"},
    };
    size_t c;
    for (c = 0; c < COUNT_OF(cases); c++) {
        assert_status(f->ctx,
                      kol_record_set_portrait(f->rec, KOL_DIMENSION_REGION,
                                              cases[c].labels, w, cases[c].n),
                      KOL_STATUS_DUPLICATE);
        if (strstr(kol_ctx_last_error(f->ctx), cases[c].want) == NULL)
            fail_msg("case %zu: message %s lacks %s", c,
                     kol_ctx_last_error(f->ctx), cases[c].want);
    }
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_REGION),
                     0);
}

/* At the category limit, the only duplicate being the last pair (4094 and
 * 4095) is found, named, and leaves the record unchanged. */
static void test_portrait_duplicate_at_limit(void **state)
{
    struct fixture *f = *state;
    size_t n = KOL_PORTRAIT_MAX_CATEGORIES, i;
    char *names = malloc(n * 8);
    const char **labels = malloc(n * sizeof *labels);
    double *weights = malloc(n * sizeof *weights);
    testbuf before, after;
    static const char *const prior[] = {"c1", "c0"};
    static const double pw[] = {1.0, 3.0};
    assert_non_null(names);
    assert_non_null(labels);
    assert_non_null(weights);
    testbuf_init(&before);
    testbuf_init(&after);
    /* descending names, so that sorting has work to do */
    for (i = 0; i < n; i++) {
        snprintf(names + i * 8, 8, "c%zu", n - 1 - i);
        labels[i] = names + i * 8;
        weights[i] = (double)(i % 7) + 1.0;
    }
    labels[n - 1] = labels[n - 2];
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          prior, pw, 2),
                  KOL_STATUS_OK);
    snap(&before, f->rec);
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          labels, weights, n),
                  KOL_STATUS_DUPLICATE);
    if (strstr(kol_ctx_last_error(f->ctx),
               "label 'c1' is given twice (positions 4094 and 4095)") ==
        NULL)
        fail_msg("message: %s", kol_ctx_last_error(f->ctx));
    assert_last_error(f->ctx, KOL_STATUS_DUPLICATE, "interest");
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    /* without the duplicate, accepted */
    labels[n - 1] = "c-last";
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          labels, weights, n),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_INTEREST),
                     n);
    testbuf_free(&before);
    testbuf_free(&after);
    free(weights);
    free(labels);
    free(names);
}

static void test_portrait_size_limit(void **state)
{
    struct fixture *f = *state;
    size_t n = KOL_PORTRAIT_MAX_CATEGORIES + 1, i;
    char *names = malloc(n * 8);
    const char **labels = malloc(n * sizeof *labels);
    double *weights = malloc(n * sizeof *weights);
    double share;
    const char *label;
    testbuf before, after;
    assert_non_null(names);
    assert_non_null(labels);
    assert_non_null(weights);
    testbuf_init(&before);
    testbuf_init(&after);
    for (i = 0; i < n; i++) {
        snprintf(names + i * 8, 8, "c%zu", i);
        labels[i] = names + i * 8;
        weights[i] = 1.0;
    }
    /* The limit itself is accepted. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          labels, weights,
                                          KOL_PORTRAIT_MAX_CATEGORIES),
                  KOL_STATUS_OK);
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_INTEREST),
                     KOL_PORTRAIT_MAX_CATEGORIES);
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_INTEREST,
                                         KOL_PORTRAIT_MAX_CATEGORIES - 1,
                                         &label, &share),
                  KOL_STATUS_OK);
    assert_string_equal(label, "c4095");
    assert_true(share == 1.0 / 4096.0);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_INTEREST,
                                            "c2000", &share),
                  KOL_STATUS_OK);
    assert_true(share == 1.0 / 4096.0);
    assert_double_near(portrait_sum(f->rec, KOL_DIMENSION_INTEREST), 1.0,
                       1e-12);

    /* One more: too large, unchanged. */
    snap(&before, f->rec);
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_INTEREST,
                                          labels, weights, n),
                  KOL_STATUS_TOO_LARGE);
    assert_last_error(f->ctx, KOL_STATUS_TOO_LARGE, "4096|4097");
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE, labels,
                                          weights, n),
                  KOL_STATUS_TOO_LARGE);
    /* Absurd sizes are refused before the arrays are read. */
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE, labels,
                                          weights, SIZE_MAX),
                  KOL_STATUS_TOO_LARGE);
    snap(&after, f->rec);
    assert_snap_equal(before.text, after.text);
    free(names);
    free(labels);
    free(weights);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_portrait_queries(void **state)
{
    struct fixture *f = *state;
    static const double w[] = {2.0, 2.0};
    const char *label = "untouched";
    double share = 7.0;

    /* Unset dimension. */
    assert_int_equal(kol_record_portrait_size(f->rec, KOL_DIMENSION_AGE), 0);
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 0, &label,
                                         &share),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, NULL);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE, "18-24",
                                            &share),
                  KOL_STATUS_MISSING);
    assert_last_error(f->ctx, KOL_STATUS_MISSING, "age");

    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE, L2, w, 2),
                  KOL_STATUS_OK);
    /* In range, with NULL outputs allowed. */
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 1, NULL,
                                         NULL),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 1, &label,
                                         NULL),
                  KOL_STATUS_OK);
    assert_string_equal(label, "male");
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 0, NULL,
                                         &share),
                  KOL_STATUS_OK);
    assert_true(share == 0.5);
    /* Out of range. */
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 2, &label,
                                         &share),
                  KOL_STATUS_NOT_FOUND);
    assert_msg_number(f->ctx, 2);
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, SIZE_MAX,
                                         &label, &share),
                  KOL_STATUS_NOT_FOUND);
    /* Absent label of a set dimension: NOT_FOUND, not MISSING. */
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE, "other",
                                            &share),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, "other");
    /* Labels are compared exactly. */
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE,
                                            "Female", &share),
                  KOL_STATUS_NOT_FOUND);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE, "fem",
                                            &share),
                  KOL_STATUS_NOT_FOUND);

    /* Unknown dimensions. */
    assert_int_equal(kol_record_portrait_size(f->rec, 4), 0);
    assert_int_equal(kol_record_portrait_size(f->rec, -1), 0);
    assert_status(f->ctx,
                  kol_record_portrait_at(f->rec, 4, 0, &label, &share),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(f->ctx, 4);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, -1, "female", &share),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(f->ctx, -1);

    /* NULL arguments. */
    assert_int_equal(kol_record_portrait_size(NULL, KOL_DIMENSION_AGE), 0);
    assert_int_equal(kol_record_portrait_at(NULL, KOL_DIMENSION_AGE, 0, &label,
                                            &share),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_portrait_share(NULL, KOL_DIMENSION_AGE,
                                               "female", &share),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE, NULL,
                                            &share),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    assert_status(f->ctx,
                  kol_record_portrait_share(f->rec, KOL_DIMENSION_AGE,
                                            "female", NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* Clone                                                              */
/* ------------------------------------------------------------------ */

static void fill_full_record(kol_ctx *ctx, kol_record *rec)
{
    static const char *const gender[] = {"female", "male"};
    static const double gw[] = {80.0, 20.0};
    static const char *const age[] = {"18-24", "25-30", "31+"};
    static const double aw[] = {5.0, 3.0, 2.0};
    static const char *const interest[] = {"美妆", "护肤", "穿搭", "美食"};
    static const double iw[] = {0.4, 0.3, 0.2, 0.1};
    int m;
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_ID, "kol-0001"),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_NAME, "李佳琦"),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_PLATFORM, "douyin"),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_CATEGORY, "beauty"),
                  KOL_STATUS_OK);
    for (m = 0; m < N_METRICS; m += 2) {
        double lo, hi;
        assert_int_equal(kol_metric_bounds(m, &lo, &hi), KOL_STATUS_OK);
        assert_status(ctx,
                      kol_record_set_metric(rec, m,
                                            hi == 1.0 ? 0.125 * (m % 8)
                                                      : 1000.0 * m + 0.5),
                      KOL_STATUS_OK);
    }
    assert_status(ctx,
                  kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, gender,
                                          gw, 2),
                  KOL_STATUS_OK);
    assert_status(ctx,
                  kol_record_set_portrait(rec, KOL_DIMENSION_AGE, age, aw, 3),
                  KOL_STATUS_OK);
    assert_status(ctx,
                  kol_record_set_portrait(rec, KOL_DIMENSION_INTEREST,
                                          interest, iw, 4),
                  KOL_STATUS_OK);
}

static void test_clone_deep_and_independent(void **state)
{
    struct fixture *f = *state;
    kol_record *copy = (kol_record *)(void *)f, *empty_copy = NULL;
    static const char *const other[] = {"x", "y"};
    static const double ow[] = {1.0, 1.0};
    testbuf a, b;
    const char *label;
    testbuf_init(&a);
    testbuf_init(&b);

    /* An empty record clones to an empty record. */
    assert_status(f->ctx, kol_record_clone(f->rec, &empty_copy),
                  KOL_STATUS_OK);
    snap(&a, f->rec);
    snap(&b, empty_copy);
    assert_snap_equal(a.text, b.text);
    kol_record_free(empty_copy);

    fill_full_record(f->ctx, f->rec);
    assert_status(f->ctx, kol_record_clone(f->rec, &copy), KOL_STATUS_OK);
    assert_non_null(copy);
    assert_ptr_not_equal(copy, f->rec);
    snap(&a, f->rec);
    snap(&b, copy);
    assert_snap_equal(a.text, b.text);
    /* Deep: its own text and labels. */
    assert_ptr_not_equal(kol_record_text(copy, KOL_TEXT_ID),
                         kol_record_text(f->rec, KOL_TEXT_ID));
    {
        const char *l1 = NULL, *l2 = NULL;
        assert_int_equal(kol_record_portrait_at(copy, KOL_DIMENSION_AGE, 0,
                                                &l1, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(kol_record_portrait_at(f->rec, KOL_DIMENSION_AGE, 0,
                                                &l2, NULL),
                         KOL_STATUS_OK);
        assert_ptr_not_equal(l1, l2);
    }

    /* Changing the original leaves the copy alone, and the reverse. */
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_NAME, "other"),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_set_text(f->rec, KOL_TEXT_ID, NULL),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWERS, 1.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_clear_metric(f->rec, KOL_METRIC_POSTS),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(f->rec, KOL_METRIC_FOLLOWING, 1.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_AGE, other,
                                          ow, 2),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_portrait(f->rec, KOL_DIMENSION_GENDER, NULL,
                                          NULL, 0),
                  KOL_STATUS_OK);
    snap(&a, copy);
    assert_snap_equal(b.text, a.text);

    assert_status(f->ctx, kol_record_set_text(copy, KOL_TEXT_CATEGORY, "c2"),
                  KOL_STATUS_OK);
    assert_string_equal(kol_record_text(f->rec, KOL_TEXT_CATEGORY), "beauty");

    /* The copy outlives the original. */
    kol_record_free(f->rec);
    f->rec = NULL;
    assert_string_equal(kol_record_text(copy, KOL_TEXT_NAME), "李佳琦");
    assert_int_equal(kol_record_portrait_at(copy, KOL_DIMENSION_INTEREST, 3,
                                            &label, NULL),
                     KOL_STATUS_OK);
    assert_string_equal(label, "美食");
    kol_record_free(copy);

    /* Refusals. */
    copy = (kol_record *)(void *)f;
    assert_int_equal(kol_record_clone(NULL, &copy),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(copy);
    assert_int_equal(kol_record_new(f->ctx, &f->rec), KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_clone(f->rec, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    testbuf_free(&a);
    testbuf_free(&b);
}

/* Calls whose documented statuses do not include KOL_STATUS_NOMEM must
 * work with every allocation failing. */
static void test_calls_without_nomem_do_not_allocate(void **state)
{
    testalloc ta;
    kol_ctx *ctx = NULL;
    kol_record *rec = NULL;
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_PRICE,
                                    KOL_METRIC_CONTENT_QUALITY};
    static const double values[] = {10.0, 20.0, 0.5};
    double out[3], v;
    const char *label;
    int32_t code;
    (void)state;
    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);
    fill_full_record(ctx, rec);

    testalloc_fail_from(&ta, 1);
    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_ORDERS, 5.0),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_ORDERS, NAN),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_record_set_metrics(rec, codes, values, 3),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_clear_metric(rec, KOL_METRIC_PRICE),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &v),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_get_metric(rec, KOL_METRIC_PRICE, &v),
                  KOL_STATUS_MISSING);
    assert_status(ctx, kol_record_get_metrics(rec, codes, out, 3),
                  KOL_STATUS_OK);
    assert_true(isnan(out[1]));
    assert_int_equal(kol_record_has_metric(rec, KOL_METRIC_ORDERS), 1);
    assert_status(ctx,
                  kol_record_portrait_at(rec, KOL_DIMENSION_AGE, 1, &label,
                                         &v),
                  KOL_STATUS_OK);
    assert_status(ctx,
                  kol_record_portrait_share(rec, KOL_DIMENSION_GENDER,
                                            "female", &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.8);
    assert_int_equal(kol_record_portrait_size(rec, KOL_DIMENSION_INTEREST),
                     4);
    assert_string_equal(kol_record_text(rec, KOL_TEXT_ID), "kol-0001");
    assert_int_equal(kol_metric_from_name("fan_loyalty", &code),
                     KOL_STATUS_OK);
    assert_int_equal(ta.injected, 0); /* nothing even tried to allocate */
    testalloc_disarm(&ta);

    kol_record_free(rec);
    kol_ctx_free(ctx);
    testalloc_assert_clean(&ta);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                 */
/* ------------------------------------------------------------------ */

struct rec_op {
    kol_ctx *ctx;
    kol_record *rec;
    kol_record *out;
    int variant;
    kol_status (*call)(void *user); /* the operation run_named() makes */
    char fn[64];                    /* the public call it makes */
};

static kol_ctx *op_ctx_only(void *user, testalloc *ta)
{
    struct rec_op *o = user;
    o->rec = NULL;
    o->out = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &o->ctx), KOL_STATUS_OK);
    return o->ctx;
}

static kol_ctx *op_ctx_record(void *user, testalloc *ta)
{
    struct rec_op *o = user;
    op_ctx_only(user, ta);
    assert_int_equal(kol_record_new(o->ctx, &o->rec), KOL_STATUS_OK);
    if (o->variant >= 1)
        fill_full_record(o->ctx, o->rec);
    return o->ctx;
}

static void op_snapshot(void *user, testbuf *out)
{
    struct rec_op *o = user;
    if (o->rec != NULL)
        testbuf_record(out, o->rec);
    if (o->out != NULL) {
        testbuf_printf(out, "out: ");
        testbuf_record(out, o->out);
    } else {
        testbuf_printf(out, "no out\n");
    }
}

static void op_out_null(void *user)
{
    struct rec_op *o = user;
    assert_null(o->out);
}

static void op_teardown(void *user)
{
    struct rec_op *o = user;
    kol_record_free(o->out);
    kol_record_free(o->rec);
    o->out = o->rec = NULL;
}

static kol_status run_record_new(void *user)
{
    struct rec_op *o = user;
    kol_record_free(o->out);
    o->out = (kol_record *)(void *)o; /* must be overwritten */
    return kol_record_new(o->ctx, &o->out);
}

static kol_status run_clone(void *user)
{
    struct rec_op *o = user;
    kol_record_free(o->out);
    o->out = (kol_record *)(void *)o;
    return kol_record_clone(o->rec, &o->out);
}

/* Each run is one call, so that a failure leaves the state of before. */
static kol_status run_set_text(void *user)
{
    struct rec_op *o = user;
    /* variant 0: the field is unset; variant 1: it replaces "李佳琦" */
    return kol_record_set_text(o->rec, KOL_TEXT_NAME, "薇娅 Viya");
}

static kol_status run_set_portrait_region(void *user)
{
    struct rec_op *o = user;
    static const char *const labels[] = {"华东", "华南", "华北", "西南",
                                         "东北", "海外"};
    static const double w[] = {30.0, 25.0, 20.0, 15.0, 5.0, 5.0};
    return kol_record_set_portrait(o->rec, KOL_DIMENSION_REGION, labels, w,
                                   6);
}

static kol_status run_set_portrait_gender(void *user)
{
    struct rec_op *o = user;
    static const char *const labels[] = {"female", "male", "other"};
    static const double w[] = {48.0, 50.0, 2.0};
    /* variant 1: replaces a set dimension */
    return kol_record_set_portrait(o->rec, KOL_DIMENSION_GENDER, labels, w,
                                   3);
}

/* The operation, whose refused allocation must be reported under the
 * public call's name. */
static kol_status run_named(void *user)
{
    struct rec_op *o = user;
    return assert_nomem_named(o->ctx, o->call(user), o->fn);
}

/* name: the public call, then (after a space) the case. */
static void run_loop(const char *name, kol_ctx *(*setup_fn)(void *, testalloc *),
                     kol_status (*run)(void *), int variant, int out_null)
{
    struct rec_op o;
    testalloc_op op;
    unsigned nomem;
    memset(&o, 0, sizeof o);
    memset(&op, 0, sizeof op);
    o.variant = variant;
    o.call = run;
    snprintf(o.fn, sizeof o.fn, "%.*s", (int)strcspn(name, " "), name);
    op.name = name;
    op.user = &o;
    op.setup = setup_fn;
    op.run = run_named;
    op.snapshot = op_snapshot;
    op.check_failed = out_null ? op_out_null : NULL;
    op.teardown = op_teardown;
    nomem = testalloc_loop(&op, 0);
    if (nomem == 0) {
        print_error("%s never failed: it does not allocate?\n", name);
        fail();
    }
}

static void test_alloc_fail_record_new(void **state)
{
    (void)state;
    run_loop("kol_record_new", op_ctx_only, run_record_new, 0, 1);
}

static void test_alloc_fail_record_clone(void **state)
{
    (void)state;
    run_loop("kol_record_clone (empty)", op_ctx_record, run_clone, 0, 1);
    run_loop("kol_record_clone (full)", op_ctx_record, run_clone, 1, 1);
}

static void test_alloc_fail_set_text(void **state)
{
    (void)state;
    run_loop("kol_record_set_text (unset field)", op_ctx_record,
             run_set_text, 0, 0);
    run_loop("kol_record_set_text (replacing)", op_ctx_record, run_set_text,
             1, 0);
}

static void test_alloc_fail_set_portrait(void **state)
{
    (void)state;
    run_loop("kol_record_set_portrait (unset)", op_ctx_record,
             run_set_portrait_region, 0, 0);
    run_loop("kol_record_set_portrait (unset, full record)", op_ctx_record,
             run_set_portrait_region, 1, 0);
    run_loop("kol_record_set_portrait (replacing)", op_ctx_record,
             run_set_portrait_gender, 1, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metric_codes_fixed),
        cmocka_unit_test(test_metric_names_round_trip),
        cmocka_unit_test(test_metric_from_name_refusals),
        cmocka_unit_test(test_metric_bounds),
        cmocka_unit_test(test_text_and_dimension_names),
        T(test_record_new_refusals),
        T(test_record_edge_refusals),
        T(test_record_new_is_empty),
        T(test_metric_bad_input_table),
        T(test_metric_good_values),
        T(test_metric_missing_is_not_zero),
        T(test_metric_get_clear_has_refusals),
        T(test_set_metrics_batch),
        T(test_set_metrics_all_or_nothing),
        T(test_get_metrics),
        T(test_text_set_replace_clear),
        T(test_text_copied_in),
        T(test_text_refused),
        T(test_text_length_limit),
        T(test_text_valid_utf8),
        T(test_text_refusals_other),
        T(test_portrait_normalization),
        T(test_portrait_extreme_weights),
        T(test_portrait_overflowing_sum),
        T(test_portrait_clear_and_replace),
        T(test_portrait_labels_copied_in),
        T(test_portrait_refused),
        T(test_portrait_size_limit),
        T(test_portrait_duplicate_positions),
        T(test_portrait_duplicate_at_limit),
        T(test_portrait_queries),
        T(test_clone_deep_and_independent),
        cmocka_unit_test(test_calls_without_nomem_do_not_allocate),
        cmocka_unit_test(test_alloc_fail_record_new),
        cmocka_unit_test(test_alloc_fail_record_clone),
        cmocka_unit_test(test_alloc_fail_set_text),
        cmocka_unit_test(test_alloc_fail_set_portrait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
