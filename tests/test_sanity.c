/* Tests of engagement sanity (include/kol/sanity.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testalloc.h"

static kol_record *account(kol_ctx *ctx, const char *id, double followers,
                           double following, double views, double likes,
                           double comments)
{
    kol_record *r = NULL;
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, id), KOL_STATUS_OK);
    if (followers >= 0)
        assert_int_equal(kol_record_set_metric(r, KOL_METRIC_FOLLOWERS,
                                               followers),
                         KOL_STATUS_OK);
    if (following >= 0)
        assert_int_equal(kol_record_set_metric(r, KOL_METRIC_FOLLOWING,
                                               following),
                         KOL_STATUS_OK);
    if (views >= 0)
        assert_int_equal(kol_record_set_metric(r, KOL_METRIC_AVG_VIEWS, views),
                         KOL_STATUS_OK);
    if (likes >= 0)
        assert_int_equal(kol_record_set_metric(r, KOL_METRIC_AVG_LIKES, likes),
                         KOL_STATUS_OK);
    if (comments >= 0)
        assert_int_equal(kol_record_set_metric(r, KOL_METRIC_AVG_COMMENTS,
                                               comments),
                         KOL_STATUS_OK);
    return r;
}

static void test_reasons_and_bands(void **state)
{
    int v;
    double lo, hi, def;
    (void)state;
    for (v = 0; v <= KOL_SANITY_FOLLOWER_DROP; v++)
        assert_non_null(kol_sanity_reason(v));
    assert_null(kol_sanity_reason(10));
    assert_null(kol_sanity_reason(-1));
    assert_string_equal(kol_sanity_reason(KOL_SANITY_ENGAGEMENT_TOO_LOW),
                        "engagement far too low for its size: inactive or "
                        "bought followers");
    assert_non_null(strstr(kol_sanity_reason(KOL_SANITY_LIKES_ABOVE_VIEWS),
                           "likes far above views"));
    assert_int_equal(kol_size_band_of(0), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(999), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(1000), KOL_SIZE_NANO);
    assert_int_equal(kol_size_band_of(4999), KOL_SIZE_NANO);
    assert_int_equal(kol_size_band_of(5000), KOL_SIZE_MICRO);
    assert_int_equal(kol_size_band_of(20000), KOL_SIZE_MID);
    assert_int_equal(kol_size_band_of(100000), KOL_SIZE_MACRO);
    assert_int_equal(kol_size_band_of(1e6), KOL_SIZE_MEGA);
    assert_int_equal(kol_size_band_of(-5), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(NAN), KOL_SIZE_SMALL);
    for (v = 0; v < KOL_SANITY_PARAM_COUNT; v++) {
        assert_int_equal(kol_sanity_param_bounds(v, &lo, &hi, &def),
                         KOL_STATUS_OK);
        assert_true(lo <= def && def <= hi);
    }
    assert_int_equal(kol_sanity_param_bounds(KOL_SANITY_PARAM_COUNT, &lo, &hi,
                                             &def),
                     KOL_STATUS_UNKNOWN_ENUM);
}

/* Check one account; return the number of findings and the first code. */
static size_t check(kol_sanity *s, kol_record *r, int32_t *codes,
                    double *obs, double *ex)
{
    size_t n = 99;
    assert_int_equal(kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                     KOL_STATUS_OK);
    return n;
}

static void test_engagement(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    kol_record *r;
    int32_t codes[8];
    double obs[8], ex[8], bench;
    size_t n;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);

    /* plausible: 10k followers, 2.28% engagement, views 30% of followers */
    r = account(ctx, "ok", 10000, 500, 3000, 215, 13);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    /* bought followers: 200k followers, 150 likes a post */
    r = account(ctx, "ghost", 200000, 300, 5000, 150, 5);
    n = check(s, r, codes, obs, ex);
    assert_int_equal(n, 1u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_LOW);
    assert_double_near(obs[0], 155.0 / 200000.0, 1e-15);
    assert_double_near(ex[0], 0.0155, 1e-15);
    kol_record_free(r);

    /* bought likes: 8k followers, 3000 likes, 2 comments, 2000 views */
    r = account(ctx, "likes", 8000, 400, 2000, 3000, 2);
    n = check(s, r, codes, obs, ex);
    assert_int_equal(n, 3u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_HIGH);
    assert_int_equal(codes[1], KOL_SANITY_LIKES_ABOVE_VIEWS);
    assert_double_near(obs[1], 1.5, 1e-15);
    assert_int_equal(codes[2], KOL_SANITY_COMMENTS_TOO_FEW);
    /* capacity 1: the count still says 3 */
    {
        int32_t one = -1;
        size_t count = 0;
        assert_status(ctx, kol_sanity_check(s, r, &one, NULL, NULL, 1,
                                            &count),
                      KOL_STATUS_OK);
        assert_int_equal(count, 3u);
        assert_int_equal(one, KOL_SANITY_ENGAGEMENT_TOO_HIGH);
    }
    kol_record_free(r);

    /* comment pods: comments above half the likes */
    r = account(ctx, "pod", 50000, 900, 20000, 600, 450);
    n = check(s, r, codes, obs, ex);
    assert_int_equal(n, 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    kol_record_free(r);

    /* views far below followers, follow-for-follow */
    r = account(ctx, "f4f", 30000, 7500, 120, -1, -1);
    n = check(s, r, codes, obs, ex);
    assert_int_equal(n, 1u);
    assert_int_equal(codes[0], KOL_SANITY_VIEWS_TOO_LOW);
    kol_record_free(r);
    r = account(ctx, "f4f2", 3000, 7500, -1, -1, -1);
    n = check(s, r, codes, obs, ex);
    assert_int_equal(n, 1u);
    assert_int_equal(codes[0], KOL_SANITY_FOLLOWING_TOO_HIGH);
    assert_double_near(obs[0], 2.5, 1e-15);
    kol_record_free(r);

    /* a benchmark of the host's own */
    assert_status(ctx, kol_sanity_set_benchmark(s, KOL_SIZE_MACRO, 0.0005),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_benchmark(s, KOL_SIZE_MACRO, &bench),
                  KOL_STATUS_OK);
    assert_true(bench == 0.0005);
    r = account(ctx, "ghost", 200000, 300, 5000, 150, 5);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    /* nothing to check */
    r = account(ctx, "empty", -1, -1, -1, -1, -1);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    assert_last_error(ctx, KOL_STATUS_MISSING, "empty");
    kol_record_free(r);

    /* bad arguments */
    assert_status(ctx, kol_sanity_check(s, NULL, codes, obs, ex, 8, &n),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_sanity_set_benchmark(s, 9, 0.1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_sanity_set_benchmark(s, 1, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_sanity_set_benchmark(s, 1, NAN),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_WINDOW,
                                            7.5),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "spike_window");
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_Z, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_sanity_set_param(s, 99, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    kol_sanity_free(s);
    kol_sanity_free(NULL);
    kol_ctx_free(ctx);
}

static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void test_spikes(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    enum { N = 120 };
    double f[N], z[N];
    int32_t v[N];
    uint64_t seed = 5;
    size_t spikes = 0, i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);
    f[0] = 50000;
    for (i = 1; i < N; i++) {
        double g = 100 + (double)(rng(&seed) % 61) - 30; /* 70 .. 130 a day */
        if (i == 40)
            g += 5000; /* bought followers */
        if (i == 80)
            g -= 3000; /* purge */
        f[i] = f[i - 1] + g;
    }
    f[60] = NAN; /* a day without a count */
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, z, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 2u);
    assert_int_equal(v[40], KOL_SANITY_FOLLOWER_SPIKE);
    assert_int_equal(v[80], KOL_SANITY_FOLLOWER_DROP);
    assert_true(z[40] > 50);
    assert_true(z[80] < -50);
    assert_int_equal(v[60], KOL_SANITY_NONE);
    assert_int_equal(v[61], KOL_SANITY_NONE);
    assert_true(z[60] == 0 && z[61] == 0);
    for (i = 0; i < N; i++)
        assert_true(isfinite(z[i]));
    /* too little history: nothing judged */
    assert_status(ctx, kol_sanity_follower_spikes(s, f, 5, v, NULL, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 0u);
    /* a lasting faster pace is learned, not flagged day after day */
    for (i = 1; i < N; i++)
        f[i] = f[i - 1] + (i < 50 ? 100 : 400);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, NULL, &spikes),
                  KOL_STATUS_OK);
    assert_true(spikes < 20);
    assert_int_equal(v[N - 1], KOL_SANITY_NONE);
    /* bad input */
    f[3] = INFINITY;
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, NULL, NULL),
                  KOL_STATUS_NOT_FINITE);
    assert_msg_number(ctx, 3);
    f[3] = -1;
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, NULL, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "day 3");
    assert_status(ctx, kol_sanity_follower_spikes(s, NULL, N, v, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, 0, NULL, NULL,
                                                  &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 0u);
    kol_sanity_free(s);
    kol_ctx_free(ctx);
}

typedef struct {
    kol_ctx *ctx;
    kol_sanity *s;
    int mode;
    double f[40];
    int32_t v[40];
} alloc_fx;

static kol_ctx *alloc_setup(void *user, testalloc *ta)
{
    alloc_fx *x = user;
    size_t i;
    x->s = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &x->ctx), KOL_STATUS_OK);
    for (i = 0; i < 40; i++)
        x->f[i] = 1000 + 10.0 * (double)i + (i == 30 ? 900 : 0);
    if (x->mode == 1)
        assert_int_equal(kol_sanity_new(x->ctx, &x->s), KOL_STATUS_OK);
    return x->ctx;
}

static kol_status alloc_run(void *user)
{
    alloc_fx *x = user;
    if (x->mode == 0) {
        kol_sanity *s = NULL;
        kol_status st = kol_sanity_new(x->ctx, &s);
        if (st == KOL_STATUS_OK) {
            kol_sanity_free(x->s);
            x->s = s;
        } else {
            assert_null(s);
        }
        return st;
    }
    return kol_sanity_follower_spikes(x->s, x->f, 40, x->v, NULL, NULL);
}

static void alloc_teardown(void *user)
{
    alloc_fx *x = user;
    kol_sanity_free(x->s);
    x->s = NULL;
}

static void test_alloc_failures(void **state)
{
    alloc_fx x;
    testalloc_op op;
    int mode;
    (void)state;
    for (mode = 0; mode < 2; mode++) {
        memset(&x, 0, sizeof x);
        x.mode = mode;
        memset(&op, 0, sizeof op);
        op.name = mode ? "sanity follower_spikes" : "sanity new";
        op.user = &x;
        op.setup = alloc_setup;
        op.run = alloc_run;
        op.teardown = alloc_teardown;
        assert_true(testalloc_loop(&op, 0) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reasons_and_bands),
        cmocka_unit_test(test_engagement),
        cmocka_unit_test(test_spikes),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
