/* Tests of engagement sanity (include/kol/sanity.h). */
#include <float.h>
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
    /* non-finite is small, +inf included (it used to be mega) */
    assert_int_equal(kol_size_band_of(INFINITY), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(-INFINITY), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(DBL_MAX), KOL_SIZE_MEGA);
    assert_int_equal(kol_size_band_of(4.9406564584124654e-324),
                     KOL_SIZE_SMALL);
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
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE,
                      "spike_window = 7.5 is not an integer");
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_Z, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_sanity_set_param(s, 99, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    /* the comments-per-like range cannot be turned inside out (every
     * account from 100 likes up would be judged implausible); refused,
     * the value left alone, and possible in the other order */
    {
        double v;
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, 0.6),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE,
                          "comment_like_min = 0.6 is above comment_like_max "
                          "= 0.5");
        assert_status(ctx, kol_sanity_get_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, &v),
                      KOL_STATUS_OK);
        assert_true(v == 0.002);
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, 0.3),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MAX, 0.2),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE,
                          "comment_like_max = 0.2 is below "
                          "comment_like_min = 0.3");
        assert_status(ctx, kol_sanity_get_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MAX, &v),
                      KOL_STATUS_OK);
        assert_true(v == 0.5);
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MAX, 0.8),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, 0.6),
                      KOL_STATUS_OK);
        /* equal ends are a range too */
        assert_status(ctx, kol_sanity_set_param(
                               s, KOL_SANITY_PARAM_COMMENT_LIKE_MAX, 0.6),
                      KOL_STATUS_OK);
    }
    kol_sanity_free(s);
    kol_sanity_free(NULL);
    kol_ctx_free(ctx);
}

/* Each rule at its edges: which metrics it needs, the thresholds, what it
 * reports as observed and expected. */
static void test_check_rules(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    kol_record *r;
    int32_t codes[8];
    double obs[8], ex[8];
    size_t n;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);

    /* engagement from likes alone (micro band, median 2.28%); from
     * comments alone it is not judged (test_engagement_needs_likes) */
    r = account(ctx, "likes only", 10000, -1, -1, 215, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "comments only", 10000, -1, -1, -1, 1);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    kol_record_free(r);
    /* no engagement at all: far too low (observed 0), and 0 likes with 0
     * comments say nothing about comments */
    r = account(ctx, "silent", 5000, -1, -1, 0, 0);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_LOW);
    assert_true(obs[0] == 0);
    assert_double_near(ex[0], 0.0228, 0);
    kol_record_free(r);
    /* no followers: no engagement check (the following one is made) */
    r = account(ctx, "new", 0, 10, -1, 30, 2);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    /* likes against views: no views at all and some likes is flagged
     * with the likes as observed value; none of either is not */
    r = account(ctx, "no views", -1, -1, 0, 5, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_LIKES_ABOVE_VIEWS);
    assert_true(obs[0] == 5);
    assert_true(ex[0] == 0.5);
    kol_record_free(r);
    r = account(ctx, "nothing seen", -1, -1, 0, 0, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "half", -1, -1, 1000, 500, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    /* comments against likes: from 100 likes up, both limits */
    r = account(ctx, "no comments", -1, -1, -1, 150, 0);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_FEW);
    assert_true(obs[0] == 0);
    assert_true(ex[0] == 0.002);
    kol_record_free(r);
    r = account(ctx, "chatty", -1, -1, -1, 200, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    /* below 100 likes: only 50 comments and more, above half the likes */
    r = account(ctx, "pod small", -1, -1, -1, 40, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    assert_true(obs[0] == 1.5);
    assert_true(ex[0] == 0.5);
    kol_record_free(r);
    r = account(ctx, "pod no likes", -1, -1, -1, 0, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    assert_true(obs[0] == 60);
    kol_record_free(r);
    r = account(ctx, "few comments", -1, -1, -1, 40, 49);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "pod 99", -1, -1, -1, 99, 50);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    assert_true(obs[0] == 50.0 / 99.0);
    kol_record_free(r);
    r = account(ctx, "at the limit", -1, -1, -1, 100, 50);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    /* the limit is a parameter: at 2 comments a like, 60 on 40 likes
     * pass, and so do 150 on 100 */
    assert_status(ctx, kol_sanity_set_param(s,
                                            KOL_SANITY_PARAM_COMMENT_LIKE_MAX,
                                            2),
                  KOL_STATUS_OK);
    r = account(ctx, "pod small", -1, -1, -1, 40, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "talkative", -1, -1, -1, 100, 150);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "pod", -1, -1, -1, 20, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    assert_true(obs[0] == 3 && ex[0] == 2);
    kol_record_free(r);
    assert_status(ctx, kol_sanity_set_param(s,
                                            KOL_SANITY_PARAM_COMMENT_LIKE_MAX,
                                            0.5),
                  KOL_STATUS_OK);

    /* views against followers: only from 1,000 followers up */
    r = account(ctx, "tiny", 999, -1, 1, -1, -1);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    assert_last_error(ctx, KOL_STATUS_MISSING, "tiny");
    kol_record_free(r);
    r = account(ctx, "nano", 1000, -1, 9, -1, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_VIEWS_TOO_LOW);
    assert_true(obs[0] == 0.009);
    assert_true(ex[0] == 0.01);
    kol_record_free(r);

    /* following against followers: from 100 following up; no followers
     * count as one */
    r = account(ctx, "f4f zero", 0, 150, -1, -1, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_FOLLOWING_TOO_HIGH);
    assert_true(obs[0] == 150);
    assert_true(ex[0] == 2);
    kol_record_free(r);
    r = account(ctx, "f4f one", 1, 150, -1, -1, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_true(obs[0] == 150);
    kol_record_free(r);
    r = account(ctx, "starting", 0, 99, -1, -1, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);
    r = account(ctx, "following only", -1, 5000, -1, -1, -1);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    kol_record_free(r);

    /* ratios over a denormal count overflow: reported as the largest
     * double, never as infinity (they used to be inf) */
    r = account(ctx, "den followers", 4.9406564584124654e-324, -1, -1, 1e6,
                -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_HIGH);
    assert_true(obs[0] == DBL_MAX);
    assert_double_near(ex[0], 0.1058, 0);
    kol_record_free(r);
    r = account(ctx, "den views", -1, -1, 4.9406564584124654e-324, 1e6, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_LIKES_ABOVE_VIEWS);
    assert_true(obs[0] == DBL_MAX);
    kol_record_free(r);
    r = account(ctx, "den likes", -1, -1, -1, 4.9406564584124654e-324, 60);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_COMMENTS_TOO_MANY);
    assert_true(obs[0] == DBL_MAX);
    kol_record_free(r);
    /* a small ratio over a tiny count stays exact */
    r = account(ctx, "tiny views", -1, -1, 1e-300, 1e-299, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_true(obs[0] == 1e-299 / 1e-300);
    kol_record_free(r);

    /* a record without id */
    assert_status(ctx, kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    assert_last_error(ctx, KOL_STATUS_MISSING, "record (no id):");

    /* arguments: capacity 0 needs no arrays; count and, with room, the
     * verdicts are required */
    kol_record_free(r);
    r = account(ctx, "likes", 8000, 400, 2000, 3000, 2);
    n = 0;
    assert_status(ctx, kol_sanity_check(s, r, NULL, NULL, NULL, 0, &n),
                  KOL_STATUS_OK);
    assert_int_equal(n, 3u);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "count is NULL");
    assert_status(ctx, kol_sanity_check(s, r, NULL, obs, ex, 2, &n),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "verdicts is NULL");
    assert_status(ctx, kol_sanity_check(s, NULL, codes, obs, ex, 8, &n),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "record is NULL");
    assert_int_equal(kol_sanity_check(NULL, r, codes, obs, ex, 8, &n),
                     KOL_STATUS_INVALID_ARGUMENT);
    /* both NULL: no context to report in, the status alone */
    assert_int_equal(kol_sanity_check(NULL, NULL, codes, obs, ex, 8, &n),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_record_free(r);
    kol_sanity_free(s);
    kol_ctx_free(ctx);
}

/* The engagement rate needs followers and likes; comments are added when
 * present. With the likes missing it is not computed from the comments
 * alone (it used to be: 10 comments on 10,000 followers read as an
 * engagement of 0.1%, "far too low" against 2.28%). */
static void test_engagement_needs_likes(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    kol_record *r;
    int32_t codes[8];
    double obs[8], ex[8];
    size_t n = 99;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);

    /* likes missing, comments present, nothing else: no check is made */
    r = account(ctx, "no likes", 10000, -1, -1, -1, 10);
    assert_status(ctx, kol_sanity_check(s, r, codes, obs, ex, 8, &n),
                  KOL_STATUS_MISSING);
    assert_last_error(ctx, KOL_STATUS_MISSING, "no likes");
    kol_record_free(r);
    /* the same with following too: that check is made, the engagement
     * check is not (no ENGAGEMENT_TOO_LOW) */
    r = account(ctx, "no likes, following", 10000, 50, -1, -1, 10);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    /* likes present, comments missing: the rate of the likes alone,
     * 10 / 10,000 against the micro band's 2.28% */
    r = account(ctx, "no comments", 10000, -1, -1, 10, -1);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_LOW);
    assert_true(obs[0] == 10.0 / 10000.0);
    assert_true(ex[0] == 0.0228);
    kol_record_free(r);
    /* both present: their sum, (20 + 10) / 10,000 */
    r = account(ctx, "both", 10000, -1, -1, 20, 10);
    assert_int_equal(check(s, r, codes, obs, ex), 1u);
    assert_int_equal(codes[0], KOL_SANITY_ENGAGEMENT_TOO_LOW);
    assert_true(obs[0] == 30.0 / 10000.0);
    kol_record_free(r);
    /* the comments can decide: 25 likes alone would be too low (0.25%),
     * with 10 comments (0.35%, ln(0.35 / 2.28) = -1.87 > -2) they pass */
    r = account(ctx, "comments help", 10000, -1, -1, 25, 10);
    assert_int_equal(check(s, r, codes, obs, ex), 0u);
    kol_record_free(r);

    kol_sanity_free(s);
    kol_ctx_free(ctx);
}

/* Parameters and benchmarks: bounds, defaults, every refusal. */
static void test_params(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    double v, lo, hi, def;
    int p;
    (void)state;
    assert_int_equal(kol_sanity_param_bounds(-1, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_sanity_param_bounds(KOL_SANITY_PARAM_SPIKE_WINDOW,
                                             NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_sanity_param_bounds(KOL_SANITY_PARAM_SPIKE_WINDOW,
                                             &lo, &hi, &def),
                     KOL_STATUS_OK);
    assert_true(lo == 3 && hi == 365 && def == 14);

    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    s = (kol_sanity *)&v; /* must be set to NULL */
    assert_int_equal(kol_sanity_new(NULL, &s), KOL_STATUS_INVALID_ARGUMENT);
    assert_null(s);
    assert_status(ctx, kol_sanity_new(ctx, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "out is NULL");
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);

    /* a new rule set holds the defaults */
    for (p = 0; p < KOL_SANITY_PARAM_COUNT; p++) {
        assert_int_equal(kol_sanity_param_bounds(p, NULL, NULL, &def),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_sanity_get_param(s, p, &v), KOL_STATUS_OK);
        assert_true(v == def);
    }
    /* set and read back; the bounds themselves are accepted */
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            2.75),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_get_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            &v),
                  KOL_STATUS_OK);
    assert_true(v == 2.75);
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_WINDOW,
                                            365),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_WINDOW,
                                            3),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_set_param(s,
                                            KOL_SANITY_PARAM_COMMENT_LIKE_MIN,
                                            0),
                  KOL_STATUS_OK);
    /* refusals leave the value alone */
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            20.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "engagement_z");
    assert_msg_number(ctx, 20);
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            NAN),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "engagement_z");
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            -INFINITY),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_sanity_set_param(s, -1, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(ctx, -1);
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_COUNT, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_sanity_get_param(s, KOL_SANITY_PARAM_ENGAGEMENT_Z,
                                            &v),
                  KOL_STATUS_OK);
    assert_true(v == 2.75);
    assert_int_equal(kol_sanity_set_param(NULL, 0, 2),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_get_param(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_get_param(s, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_get_param(s, -1, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_sanity_get_param(s, KOL_SANITY_PARAM_COUNT, &v),
                     KOL_STATUS_UNKNOWN_ENUM);

    /* benchmarks: defaults, the bounds, refusals */
    assert_status(ctx, kol_sanity_benchmark(s, KOL_SIZE_SMALL, &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.1058);
    assert_status(ctx, kol_sanity_benchmark(s, KOL_SIZE_MEGA, &v),
                  KOL_STATUS_OK);
    assert_true(v == 0.0154);
    assert_status(ctx, kol_sanity_set_benchmark(s, KOL_SIZE_MEGA, 1e-6),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_set_benchmark(s, KOL_SIZE_SMALL, 10),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_set_benchmark(s, KOL_SIZE_SMALL, 10.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "band 0");
    assert_status(ctx, kol_sanity_set_benchmark(s, -1, 0.1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(ctx, -1);
    assert_status(ctx, kol_sanity_set_benchmark(s, KOL_SIZE_MICRO, INFINITY),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "band 2");
    assert_status(ctx, kol_sanity_benchmark(s, KOL_SIZE_SMALL, &v),
                  KOL_STATUS_OK);
    assert_true(v == 10);
    assert_int_equal(kol_sanity_set_benchmark(NULL, 0, 0.1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_benchmark(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_benchmark(s, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_sanity_benchmark(s, -1, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_sanity_benchmark(s, KOL_SIZE_BAND_COUNT, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    kol_sanity_free(s);
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
    f[3] = 9007199254740994.0; /* above 2^53 */
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, NULL, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "2^53");
    f[3] = 9007199254740992.0; /* 2^53 itself is accepted */
    assert_status(ctx, kol_sanity_follower_spikes(s, f, 4, v, NULL, NULL),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, NULL, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "verdicts is NULL");
    assert_int_equal(kol_sanity_follower_spikes(NULL, f, N, v, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_sanity_free(s);
    kol_ctx_free(ctx);
}

/* The history needed before a day is judged is at most the window; a
 * spike or drop must also exceed the smallest absolute excess. */
static void test_spike_history_and_excess(void **state)
{
    kol_ctx *ctx = NULL;
    kol_sanity *s = NULL;
    enum { N = 40 };
    double f[N], z[N];
    int32_t v[N];
    size_t spikes = 0, i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_new(ctx, &s), KOL_STATUS_OK);
    /* 100 a day, then 5,000 on day 6, after five known growths */
    f[0] = 20000;
    for (i = 1; i < N; i++)
        f[i] = f[i - 1] + (i == 6 ? 5000 : 100);
    /* window 14, 30 days of history asked: 14 needed, day 6 not judged */
    assert_status(ctx, kol_sanity_set_param(s,
                                            KOL_SANITY_PARAM_SPIKE_MIN_HISTORY,
                                            30),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, z, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 0u);
    assert_int_equal(v[6], KOL_SANITY_NONE);
    assert_true(z[6] == 0);
    /* window 5: five growths are the whole window, day 6 is judged */
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_WINDOW,
                                            5),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, z, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 1u);
    assert_int_equal(v[6], KOL_SANITY_FOLLOWER_SPIKE);
    /* growth 100 a day: median 100, MAD 0, scale sqrt(101) */
    assert_double_near(z[6], 4900.0 / sqrt(101.0), 1e-9);
    for (i = 0; i < 5; i++)
        assert_true(z[i] == 0);

    /* a drop of 3,000 and a spike of 3,000 below an absolute excess of
     * 10,000: scored, not flagged */
    for (i = 1; i < N; i++)
        f[i] = f[i - 1] + (i == 20 ? -3000 : (i == 30 ? 3100 : 100));
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_MIN_ABS,
                                            10000),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, z, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 0u);
    assert_int_equal(v[20], KOL_SANITY_NONE);
    assert_int_equal(v[30], KOL_SANITY_NONE);
    assert_true(z[20] < -100);
    assert_true(z[30] > 100);
    /* with the default excess (50 or 1% of the day before) both are */
    assert_status(ctx, kol_sanity_set_param(s, KOL_SANITY_PARAM_SPIKE_MIN_ABS,
                                            50),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_sanity_follower_spikes(s, f, N, v, z, &spikes),
                  KOL_STATUS_OK);
    assert_int_equal(spikes, 2u);
    assert_int_equal(v[20], KOL_SANITY_FOLLOWER_DROP);
    assert_int_equal(v[30], KOL_SANITY_FOLLOWER_SPIKE);
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
        op.name = mode ? "kol_sanity_follower_spikes" : "kol_sanity_new";
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
        cmocka_unit_test(test_check_rules),
        cmocka_unit_test(test_engagement_needs_likes),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_spikes),
        cmocka_unit_test(test_spike_history_and_excess),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
