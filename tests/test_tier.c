/* Unit tests of include/kol/tier.h: follower ladders and their presets,
 * custom thresholds, cohort quantile tiers, the KOC rule, lifecycle stages,
 * the bad-input table, allocation failure, and a sanity run on the real
 * follower counts of the instafake data set. */
#include "testalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kol_record *rec_with(kol_ctx *ctx, const char *id, const char *platform,
                            const int *metrics, const double *values,
                            size_t n)
{
    kol_record *r;
    size_t i;
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, id), KOL_STATUS_OK);
    if (platform)
        assert_int_equal(kol_record_set_text(r, KOL_TEXT_PLATFORM, platform),
                         KOL_STATUS_OK);
    for (i = 0; i < n; i++)
        assert_int_equal(kol_record_set_metric(r, metrics[i], values[i]),
                         KOL_STATUS_OK);
    return r;
}

static int32_t level_for(const kol_tiers *t, kol_ctx *ctx,
                         const char *platform, double followers)
{
    int m = KOL_METRIC_FOLLOWERS;
    int32_t lv = -9;
    kol_record *r = rec_with(ctx, "x", platform, &m, &followers, 1);
    assert_int_equal(kol_tiers_classify(t, r, &lv), KOL_STATUS_OK);
    kol_record_free(r);
    return lv;
}

static void test_presets(void **state)
{
    kol_ctx *ctx;
    kol_tiers *cn, *intl;
    double th[8];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &cn),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_INTL, &intl),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_level_count(cn), 5);
    assert_int_equal(kol_tiers_level_count(intl), 6);
    assert_string_equal(kol_tiers_level_name(cn, 0), "koc");
    assert_string_equal(kol_tiers_level_name(cn, 4), "head");
    assert_string_equal(kol_tiers_level_name(intl, 1), "nano");
    assert_string_equal(kol_tiers_level_name(intl, 5), "mega");
    assert_null(kol_tiers_level_name(cn, 5));
    assert_null(kol_tiers_level_name(intl, -1));

    /* generic CN ladder: 100K / 300K / 1M / 3M */
    assert_int_equal(kol_tiers_ladder(cn, NULL, th, 8), KOL_STATUS_OK);
    assert_true(th[0] == 1e5 && th[1] == 3e5 && th[2] == 1e6 && th[3] == 3e6);
    assert_int_equal(level_for(cn, ctx, NULL, 99999), 0);
    assert_int_equal(level_for(cn, ctx, NULL, 100000), 1);
    assert_int_equal(level_for(cn, ctx, NULL, 299999), 1);
    assert_int_equal(level_for(cn, ctx, NULL, 300000), 2);
    assert_int_equal(level_for(cn, ctx, NULL, 1000000), 3);
    assert_int_equal(level_for(cn, ctx, NULL, 2999999), 3);
    assert_int_equal(level_for(cn, ctx, NULL, 3000000), 4);
    assert_int_equal(level_for(cn, ctx, "douyin", 3000000), 4);
    /* Xiaohongshu differs: 5K / 50K / 500K / 1M, aliases and case */
    assert_int_equal(level_for(cn, ctx, "xiaohongshu", 4999), 0);
    assert_int_equal(level_for(cn, ctx, "XiaoHongShu", 5000), 1);
    assert_int_equal(level_for(cn, ctx, "xhs", 50000), 2);
    assert_int_equal(level_for(cn, ctx, "RED", 600000), 3);
    assert_int_equal(level_for(cn, ctx, "redbook", 1000000), 4);
    assert_int_equal(level_for(cn, ctx, "bilibili", 1000000), 4);
    assert_int_equal(level_for(cn, ctx, "bilibili", 10000), 1);
    assert_int_equal(level_for(cn, ctx, "weibo", 5000000), 4);
    assert_int_equal(level_for(cn, ctx, "unknown-platform", 100000), 1);
    /* international: 1K / 10K / 50K / 500K / 1M on every platform */
    assert_int_equal(level_for(intl, ctx, "instagram", 999), 0);
    assert_int_equal(level_for(intl, ctx, "instagram", 1000), 1);
    assert_int_equal(level_for(intl, ctx, "tiktok", 10000), 2);
    assert_int_equal(level_for(intl, ctx, NULL, 49999), 2);
    assert_int_equal(level_for(intl, ctx, NULL, 50000), 3);
    assert_int_equal(level_for(intl, ctx, NULL, 500000), 4);
    assert_int_equal(level_for(intl, ctx, "xiaohongshu", 1000000), 5);
    assert_int_equal(level_for(intl, ctx, NULL, 0), 0);
    kol_tiers_free(cn);
    kol_tiers_free(intl);
    kol_tiers_free(NULL);
    kol_ctx_free(ctx);
}

static void test_custom_ladder_and_batch(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    double mine[4] = {1e3, 1e4, 1e5, 1e6}, th[4], keep[4];
    double f[6] = {0, 999, 1000, NAN, 2e5, 5e6};
    int32_t lv[6], lv_keep[6] = {7, 7, 7, 7, 7, 7};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_set_ladder(t, "Kuaishou", mine, 4),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_ladder(t, "kuaishou", th, 4), KOL_STATUS_OK);
    assert_memory_equal(th, mine, sizeof th);
    assert_int_equal(kol_tiers_ladder(t, "kwai", th, 4), KOL_STATUS_OK);
    assert_memory_equal(th, mine, sizeof th);
    /* douyin keeps its preset */
    assert_int_equal(kol_tiers_ladder(t, "douyin", th, 4), KOL_STATUS_OK);
    assert_true(th[0] == 1e5);
    /* replacing the same platform again does not add a ladder */
    mine[0] = 2e3;
    assert_int_equal(kol_tiers_set_ladder(t, "KUAISHOU", mine, 4),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_ladder(t, "kuaishou", th, 4), KOL_STATUS_OK);
    assert_true(th[0] == 2e3);
    /* the generic ladder */
    assert_int_equal(kol_tiers_set_ladder(t, NULL, mine, 4), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_ladder(t, "anything", th, 4), KOL_STATUS_OK);
    assert_memory_equal(th, mine, sizeof th);

    assert_int_equal(kol_tiers_classify_followers(t, "kuaishou", f, 6, lv),
                     KOL_STATUS_OK);
    assert_int_equal(lv[0], 0);
    assert_int_equal(lv[1], 0);
    assert_int_equal(lv[2], 0);
    assert_int_equal(lv[3], -1);
    assert_int_equal(lv[4], 3);
    assert_int_equal(lv[5], 4);

    /* bad input: the ladder and the levels are left as they were */
    memcpy(keep, mine, sizeof keep);
    {
        double dec[4] = {1, 3, 2, 4}, neg[4] = {-1, 2, 3, 4};
        double nan4[4] = {1, NAN, 3, 4}, big[4] = {1, 2, 3, 1e300};
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, dec, 4),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "threshold 2");
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, neg, 4),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, nan4, 4),
                      KOL_STATUS_NOT_FINITE);
        assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "threshold 1");
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, big, 4),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, mine, 5),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "needs 4");
        assert_status(ctx, kol_tiers_set_ladder(t, NULL, NULL, 4),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_tiers_set_ladder(t, "", mine, 4),
                      KOL_STATUS_BAD_TEXT);
        assert_status(ctx, kol_tiers_set_ladder(t, "a\nb", mine, 4),
                      KOL_STATUS_BAD_TEXT);
        assert_status(ctx, kol_tiers_ladder(t, NULL, th, 3),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_int_equal(kol_tiers_ladder(t, NULL, th, 4), KOL_STATUS_OK);
        assert_memory_equal(th, keep, sizeof th);
    }
    {
        double fi[3] = {1, INFINITY, 2}, fn[3] = {1, -2, 2};
        memcpy(lv, lv_keep, sizeof lv);
        assert_status(ctx, kol_tiers_classify_followers(t, NULL, fi, 3, lv),
                      KOL_STATUS_NOT_FINITE);
        assert_msg_number(ctx, 1);
        assert_memory_equal(lv, lv_keep, sizeof lv);
        assert_status(ctx, kol_tiers_classify_followers(t, NULL, fn, 3, lv),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "negative");
        assert_memory_equal(lv, lv_keep, sizeof lv);
        assert_status(ctx, kol_tiers_classify_followers(t, NULL, NULL, 3, lv),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_int_equal(kol_tiers_classify_followers(t, NULL, NULL, 0, NULL),
                         KOL_STATUS_OK);
    }
    /* too many platform ladders */
    {
        char name[32];
        int i;
        kol_status st = KOL_STATUS_OK;
        for (i = 0; i < KOL_TIER_MAX_LADDERS + 2 && st == KOL_STATUS_OK; i++) {
            snprintf(name, sizeof name, "p%d", i);
            st = kol_tiers_set_ladder(t, name, mine, 4);
        }
        assert_int_equal(st, KOL_STATUS_TOO_LARGE);
        assert_last_error(ctx, KOL_STATUS_TOO_LARGE, "ladders");
    }
    /* a record without followers */
    {
        kol_record *r = rec_with(ctx, "nofans", NULL, NULL, NULL, 0);
        int32_t l = 5;
        assert_status(ctx, kol_tiers_classify(t, r, &l), KOL_STATUS_MISSING);
        assert_last_error(ctx, KOL_STATUS_MISSING, "nofans");
        assert_int_equal(l, 5);
        assert_status(ctx, kol_tiers_classify(t, NULL, &l),
                      KOL_STATUS_INVALID_ARGUMENT);
        kol_record_free(r);
    }
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

/* The platforms with a ladder of their own: the presets of the scheme in
 * their documented order, then the platforms given one, in the order
 * first given; an alias or another case of a preset counts once. */
static void test_platform_list(void **state)
{
    static const char *const cn[5] = {"douyin", "kuaishou", "xiaohongshu",
                                      "bilibili", "weibo"};
    const double th4[4] = {10, 20, 30, 40}, th5[5] = {1, 2, 3, 4, 5};
    kol_ctx *ctx;
    kol_tiers *t;
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(NULL), 0);
    assert_null(kol_tiers_platform(NULL, 0));
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 5);
    for (i = 0; i < 5; i++)
        assert_string_equal(kol_tiers_platform(t, i), cn[i]);
    assert_null(kol_tiers_platform(t, 5));
    assert_null(kol_tiers_platform(t, (size_t)-1));
    /* a preset, through an alias and in another case: still five */
    assert_int_equal(kol_tiers_set_ladder(t, "XHS", th4, 4), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_set_ladder(t, "Weibo", th4, 4), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 5);
    /* new platforms, after the presets, in the order first given, in
     * lower case; setting one again changes nothing in the list */
    assert_int_equal(kol_tiers_set_ladder(t, "YouTube", th4, 4),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_set_ladder(t, "twitch", th4, 4),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_set_ladder(t, "YOUTUBE", th4, 4),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_set_ladder(t, NULL, th4, 4), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 7);
    {
        /* a platform of its own is read back under any case; an unknown
         * one gets the generic ladder */
        double got[4];
        assert_int_equal(kol_tiers_ladder(t, "youTube", got, 4),
                         KOL_STATUS_OK);
        assert_memory_equal(got, th4, sizeof got);
        assert_int_equal(kol_tiers_ladder(t, "vimeo", got, 4), KOL_STATUS_OK);
        assert_memory_equal(got, th4, sizeof got);
    }
    assert_string_equal(kol_tiers_platform(t, 4), "weibo");
    assert_string_equal(kol_tiers_platform(t, 5), "youtube");
    assert_string_equal(kol_tiers_platform(t, 6), "twitch");
    assert_null(kol_tiers_platform(t, 7));
    /* a refused ladder adds no platform */
    assert_status(ctx, kol_tiers_set_ladder(t, "vimeo", th5, 5),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_platform_count(t), 7);
    /* every listed platform has a ladder of its own: replacing them and
     * the generic one puts every platform on the new ladder */
    for (i = 0; i < kol_tiers_platform_count(t); i++)
        assert_int_equal(kol_tiers_set_ladder(t, kol_tiers_platform(t, i),
                                              th4, 4),
                         KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 7);
    kol_tiers_free(t);
    /* with KOL_TIER_MAX_LADDERS platforms of its own besides the presets,
     * a scheme still takes a new ladder for every listed platform: a
     * preset's is replaced in place, not in one of those slots */
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t),
                     KOL_STATUS_OK);
    for (i = 0; i < KOL_TIER_MAX_LADDERS; i++) {
        char name[32];
        snprintf(name, sizeof name, "own-%u", (unsigned)i);
        assert_int_equal(kol_tiers_set_ladder(t, name, th4, 4),
                         KOL_STATUS_OK);
    }
    assert_int_equal(kol_tiers_platform_count(t), 5 + KOL_TIER_MAX_LADDERS);
    for (i = 0; i < kol_tiers_platform_count(t); i++)
        assert_int_equal(kol_tiers_set_ladder(t, kol_tiers_platform(t, i),
                                              th4, 4),
                         KOL_STATUS_OK);
    {
        double got[4];
        assert_int_equal(kol_tiers_ladder(t, "Redbook", got, 4),
                         KOL_STATUS_OK);
        assert_memory_equal(got, th4, sizeof got);
    }
    assert_status(ctx, kol_tiers_set_ladder(t, "one-more", th4, 4),
                  KOL_STATUS_TOO_LARGE);
    assert_last_error(ctx, KOL_STATUS_TOO_LARGE, "without a preset");
    kol_tiers_free(t);
    /* intl: one preset for every platform, so none of its own */
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_INTL, &t),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 0);
    assert_null(kol_tiers_platform(t, 0));
    assert_int_equal(kol_tiers_set_ladder(t, "douyin", th5, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_platform_count(t), 1);
    assert_string_equal(kol_tiers_platform(t, 0), "douyin");
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

static void test_params(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    double lo, hi, def, v;
    int p;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_tiers_new(ctx, 7, &t), KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "scheme");
    assert_null(t);
    assert_status(ctx, kol_tiers_new(ctx, 0, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_new(NULL, 0, &t), KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t),
                     KOL_STATUS_OK);
    for (p = 0; p < 8; p++) {
        assert_int_equal(kol_tier_param_bounds(p, &lo, &hi, &def),
                         KOL_STATUS_OK);
        assert_true(lo <= def && def <= hi);
        assert_int_equal(kol_tiers_get_param(t, p, &v), KOL_STATUS_OK);
        assert_true(v == def);
        assert_status(ctx, kol_tiers_set_param(t, p, hi * 2.0 + 1.0),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_tiers_set_param(t, p, NAN),
                      KOL_STATUS_NOT_FINITE);
        assert_int_equal(kol_tiers_set_param(t, p, lo), KOL_STATUS_OK);
        assert_int_equal(kol_tiers_get_param(t, p, &v), KOL_STATUS_OK);
        assert_true(v == lo);
    }
    assert_status(ctx, kol_tiers_set_param(t, 8, 1.0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_tier_param_bounds(-1, NULL, NULL, NULL),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_tiers_get_param(t, 99, &v), KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_tiers_set_param(t, KOL_TIER_PARAM_STAGE_FADE_RATE,
                                           0.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "stage_fade_rate");
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

static void test_koc(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    int32_t v;
    static const int m[6] = {KOL_METRIC_FOLLOWERS,
                             KOL_METRIC_AVG_LIKES,
                             KOL_METRIC_AVG_COMMENTS,
                             KOL_METRIC_AVG_SHARES,
                             KOL_METRIC_AVG_SAVES,
                             KOL_METRIC_REAL_FOLLOWER_RATIO};
    struct {
        double v[6];
        size_t n;
        int want;
    } cases[] = {
        /* 5K fans, 300 engagements (6%), 95% real, 30 comments / 240 likes */
        {{5000, 240, 30, 15, 15, 0.95}, 6, KOL_KOC_YES},
        /* too big */
        {{20000, 2400, 300, 150, 150, 0.95}, 6, KOL_KOC_NO},
        /* 9999 is below the 10K ceiling; 10000 is not */
        {{9999, 300, 30, 0, 0, 0.9}, 6, KOL_KOC_YES},
        {{10000, 300, 30, 0, 0, 0.9}, 6, KOL_KOC_NO},
        /* engagement 2% < 3% */
        {{5000, 90, 10, 0, 0, 0.95}, 6, KOL_KOC_NO},
        /* bought followers */
        {{5000, 240, 30, 15, 15, 0.5}, 6, KOL_KOC_NO},
        /* likes without conversation: 2 comments / 300 likes < 2% */
        {{5000, 300, 2, 0, 0, 0.95}, 6, KOL_KOC_NO},
        /* authenticity unknown */
        {{5000, 240, 30, 15, 15, 0}, 5, KOL_KOC_UNKNOWN},
        /* zero followers: no engagement rate */
        {{0, 240, 30, 15, 15, 0.9}, 6, KOL_KOC_NO},
        /* zero followers and no engagement known: still no rate, so no */
        {{0, 0, 0, 0, 0, 0}, 1, KOL_KOC_NO},
    };
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t), KOL_STATUS_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kol_record *r = rec_with(ctx, "k", NULL, m, cases[i].v, cases[i].n);
        v = -1;
        assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
        if (v != cases[i].want)
            print_error("case %zu: got %d want %d\n", i, v, cases[i].want);
        assert_int_equal(v, cases[i].want);
        kol_record_free(r);
    }
    /* only followers known and small: unknown; big: no */
    {
        double f = 100;
        kol_record *r = rec_with(ctx, "k", NULL, m, &f, 1);
        assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
        assert_int_equal(v, KOL_KOC_UNKNOWN);
        kol_record_free(r);
        f = 1e6;
        r = rec_with(ctx, "k", NULL, m, &f, 1);
        assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
        assert_int_equal(v, KOL_KOC_NO);
        kol_record_free(r);
    }
    /* followers missing: unknown unless another condition fails; comments
     * without likes, or zero likes, leave the comment depth unknown */
    {
        static const int m2[5] = {KOL_METRIC_AVG_LIKES, KOL_METRIC_AVG_COMMENTS,
                                  KOL_METRIC_REAL_FOLLOWER_RATIO,
                                  KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_SHARES};
        struct {
            double v[5];
            size_t n;
            int want;
        } more[] = {
            {{240, 30, 0.95, 0, 0}, 3, KOL_KOC_UNKNOWN},
            {{240, 30, 0.5, 0, 0}, 3, KOL_KOC_NO},
            {{240, 2, 0.95, 0, 0}, 3, KOL_KOC_NO},
            /* 0 likes: 200 comments + 100 shares on 5000 followers */
            {{0, 200, 0.95, 5000, 100}, 5, KOL_KOC_UNKNOWN},
        };
        for (i = 0; i < sizeof more / sizeof more[0]; i++) {
            kol_record *r = rec_with(ctx, "k2", NULL, m2, more[i].v, more[i].n);
            v = -1;
            assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
            if (v != more[i].want)
                print_error("case %zu: got %d want %d\n", i, v, more[i].want);
            assert_int_equal(v, more[i].want);
            kol_record_free(r);
        }
    }
    {
        /* likes unknown: the engagements present are a lower bound of E.
         * 50 comments on 5,000 followers (1%) cannot show the bar missed
         * (unknown; this was a "no" when the terms present were taken for
         * E); 200 comments (4%) show it met, the depth stays unknown; a
         * bought audience is still a "no" */
        static const int m4[3] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_COMMENTS,
                                  KOL_METRIC_REAL_FOLLOWER_RATIO};
        static const double v4[][3] = {
            {5000, 50, 0.95}, {5000, 200, 0.95}, {5000, 50, 0.5}};
        static const int want4[] = {KOL_KOC_UNKNOWN, KOL_KOC_UNKNOWN,
                                    KOL_KOC_NO};
        for (i = 0; i < 3; i++) {
            kol_record *r = rec_with(ctx, "k4", NULL, m4, v4[i], 3);
            v = -1;
            assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
            if (v != want4[i])
                print_error("likes unknown, case %zu: got %d want %d\n", i,
                            v, want4[i]);
            assert_int_equal(v, want4[i]);
            kol_record_free(r);
        }
    }
    {
        /* comments and shares without likes: depth unknown */
        static const int m3[4] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_COMMENTS,
                                  KOL_METRIC_AVG_SHARES,
                                  KOL_METRIC_REAL_FOLLOWER_RATIO};
        static const double v3[4] = {5000, 200, 100, 0.95};
        kol_record *r = rec_with(ctx, "k3", NULL, m3, v3, 4);
        assert_int_equal(kol_tiers_koc(t, r, &v), KOL_STATUS_OK);
        assert_int_equal(v, KOL_KOC_UNKNOWN);
        kol_record_free(r);
    }
    assert_string_equal(kol_koc_name(KOL_KOC_YES), "yes");
    assert_string_equal(kol_koc_name(KOL_KOC_UNKNOWN), "unknown");
    assert_null(kol_koc_name(3));
    assert_status(ctx, kol_tiers_koc(t, NULL, &v), KOL_STATUS_INVALID_ARGUMENT);
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

static void test_stage(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    static const int m[4] = {KOL_METRIC_FOLLOWERS,
                             KOL_METRIC_FOLLOWER_GROWTH_30D,
                             KOL_METRIC_ACCOUNT_AGE_DAYS,
                             KOL_METRIC_POSTS_30D};
    struct {
        double v[4];
        size_t n;
        int want;
    } cases[] = {
        /* young */
        {{5000, 2000, 60, 20}, 4, KOL_STAGE_INTRODUCED},
        /* old, small, flat */
        {{3000, 10, 900, 8}, 4, KOL_STAGE_INTRODUCED},
        /* growing: 100K from 90K is +11.1% */
        {{100000, 10000, 400, 15}, 4, KOL_STAGE_GROWING},
        /* +5% exactly is growing: 105000 from 100000 */
        {{105000, 5000, 400, 15}, 4, KOL_STAGE_GROWING},
        /* mature: +1% */
        {{500000, 5000, 1000, 12}, 4, KOL_STAGE_MATURE},
        /* fading: -2% */
        {{490000, -10000, 1000, 12}, 4, KOL_STAGE_FADING},
        /* fading: silent for 30 days */
        {{500000, 1000, 1000, 0}, 4, KOL_STAGE_FADING},
        /* losing fans beats being young */
        {{5000, -500, 30, 10}, 4, KOL_STAGE_FADING},
        /* age unknown: growth decides */
        {{50000, 100, 0, 0}, 2, KOL_STAGE_MATURE},
        {{50000, 5000, 0, 0}, 2, KOL_STAGE_GROWING},
        /* growth unknown */
        {{50000, 0, 0, 0}, 1, KOL_STAGE_UNKNOWN},
        /* all followers new: base clamps to 1 */
        {{800, 800, 400, 3}, 4, KOL_STAGE_GROWING},
    };
    size_t i;
    int32_t s;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_INTL, &t),
                     KOL_STATUS_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kol_record *r = rec_with(ctx, "s", NULL, m, cases[i].v, cases[i].n);
        s = -1;
        assert_int_equal(kol_tiers_stage(t, r, &s), KOL_STATUS_OK);
        if (s != cases[i].want)
            print_error("case %zu: got %s want %s\n", i, kol_stage_name(s),
                        kol_stage_name(cases[i].want));
        assert_int_equal(s, cases[i].want);
        kol_record_free(r);
    }
    {
        /* growth without followers: unknown; silence counts as fading only
         * when the age is known and not young */
        static const int m2[4] = {KOL_METRIC_FOLLOWER_GROWTH_30D,
                                  KOL_METRIC_FOLLOWERS, KOL_METRIC_POSTS_30D,
                                  KOL_METRIC_ACCOUNT_AGE_DAYS};
        struct {
            double v[4];
            size_t n;
            int want;
        } more[] = {
            {{1000, 0, 0, 0}, 1, KOL_STAGE_UNKNOWN},
            {{1000, 500000, 0, 0}, 3, KOL_STAGE_MATURE},
            {{1000, 500000, 0, 60}, 4, KOL_STAGE_INTRODUCED},
            {{1000, 500000, 0, 180}, 4, KOL_STAGE_FADING},
        };
        for (i = 0; i < sizeof more / sizeof more[0]; i++) {
            kol_record *r = rec_with(ctx, "s2", NULL, m2, more[i].v, more[i].n);
            s = -1;
            assert_int_equal(kol_tiers_stage(t, r, &s), KOL_STATUS_OK);
            if (s != more[i].want)
                print_error("case %zu: got %s want %s\n", i, kol_stage_name(s),
                            kol_stage_name(more[i].want));
            assert_int_equal(s, more[i].want);
            kol_record_free(r);
        }
    }
    assert_string_equal(kol_stage_name(KOL_STAGE_GROWING), "growing");
    assert_string_equal(kol_stage_name(KOL_STAGE_UNKNOWN), "unknown");
    assert_null(kol_stage_name(5));
    assert_status(ctx, kol_tiers_stage(t, NULL, &s),
                  KOL_STATUS_INVALID_ARGUMENT);
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

static void test_quantile_tiers(void **state)
{
    kol_ctx *ctx;
    double s[10] = {5, 1, 9, 3, 7, 2, 8, 4, 10, 6};
    double rev[10];
    double probs[3] = {0.5, 0.8, 0.95};
    int32_t lv[10], lv2[10], keep[10];
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tier_by_quantiles(ctx, s, 10, probs, 3, lv),
                     KOL_STATUS_OK);
    /* cuts (type 7): 5.5, 8.2, 9.55 */
    for (i = 0; i < 10; i++) {
        int want = s[i] >= 9.55 ? 3 : s[i] >= 8.2 ? 2 : s[i] >= 5.5 ? 1 : 0;
        assert_int_equal(lv[i], want);
    }
    /* order never matters */
    for (i = 0; i < 10; i++)
        rev[i] = s[9 - i];
    assert_int_equal(kol_tier_by_quantiles(ctx, rev, 10, probs, 3, lv2),
                     KOL_STATUS_OK);
    for (i = 0; i < 10; i++)
        assert_int_equal(lv2[i], lv[9 - i]);
    /* ties and one score */
    {
        double same[4] = {2, 2, 2, 2}, one = 3;
        int32_t l4[4], l1;
        assert_int_equal(kol_tier_by_quantiles(ctx, same, 4, probs, 3, l4),
                         KOL_STATUS_OK);
        for (i = 0; i < 4; i++)
            assert_int_equal(l4[i], 3);
        assert_int_equal(kol_tier_by_quantiles(ctx, &one, 1, probs, 1, &l1),
                         KOL_STATUS_OK);
        assert_int_equal(l1, 1);
    }
    /* bad input */
    for (i = 0; i < 10; i++)
        keep[i] = lv2[i] = 77;
    {
        double bad_p[2] = {0.5, 0.5}, out_p[1] = {1.0}, nan_p[1] = {NAN};
        double bad_s[3] = {1, NAN, 2};
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 0, probs, 3, lv2),
                      KOL_STATUS_EMPTY);
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 10, bad_p, 2, lv2),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "probs[1]");
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 10, out_p, 1, lv2),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 10, nan_p, 1, lv2),
                      KOL_STATUS_NOT_FINITE);
        assert_status(ctx, kol_tier_by_quantiles(ctx, bad_s, 3, probs, 1, lv2),
                      KOL_STATUS_NOT_FINITE);
        assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "scores[1]");
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 10, probs, 0, lv2),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                          "no cut point given, 1 to 15 accepted");
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 10, probs, 16, lv2),
                      KOL_STATUS_TOO_LARGE);
        assert_status(ctx, kol_tier_by_quantiles(ctx, NULL, 10, probs, 3, lv2),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_int_equal(kol_tier_by_quantiles(NULL, s, 10, probs, 3, lv2),
                         KOL_STATUS_INVALID_ARGUMENT);
        assert_memory_equal(lv2, keep, sizeof keep);
    }
    kol_ctx_free(ctx);
}

/* NULL handles and NULL outputs, out-of-range enum codes, and the lower
 * bound of every parameter: each call returns its documented status and
 * leaves its outputs and the scheme as they were. */
static void test_null_and_bounds(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    kol_record *r;
    double lo = 5, hi = 6, def = 7, v = 8, th[4] = {1, 2, 3, 4};
    double f[2] = {10, 20};
    int32_t out = 42, lv[2] = {9, 9};
    int fm = KOL_METRIC_FOLLOWERS;
    double fv = 5000;
    int p;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t), KOL_STATUS_OK);
    r = rec_with(ctx, "nullcase", NULL, &fm, &fv, 1);

    /* kol_tier_param_bounds: every output may be NULL; codes past the
     * last one are refused without touching the outputs */
    for (p = 0; p < 8; p++) {
        double one;
        assert_int_equal(kol_tier_param_bounds(p, &one, NULL, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(kol_tier_param_bounds(p, NULL, &one, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(kol_tier_param_bounds(p, NULL, NULL, &one),
                         KOL_STATUS_OK);
        assert_int_equal(kol_tier_param_bounds(p, NULL, NULL, NULL),
                         KOL_STATUS_OK);
    }
    assert_int_equal(kol_tier_param_bounds(8, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_true(lo == 5 && hi == 6 && def == 7);

    /* set_param / get_param */
    assert_int_equal(kol_tiers_set_param(NULL, 0, 1.0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_tiers_set_param(t, -1, 1.0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "parameter -1");
    /* below the lower bound: koc_max_followers >= 1, fade rate >= -1 */
    assert_status(ctx, kol_tiers_set_param(t, KOL_TIER_PARAM_KOC_MAX_FOLLOWERS,
                                           0.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "koc_max_followers");
    assert_status(ctx, kol_tiers_set_param(t, KOL_TIER_PARAM_STAGE_FADE_RATE,
                                           -1.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "stage_fade_rate");
    assert_int_equal(kol_tiers_get_param(t, KOL_TIER_PARAM_STAGE_FADE_RATE, &v),
                     KOL_STATUS_OK);
    assert_true(v == -0.01);
    assert_int_equal(kol_tiers_get_param(t, KOL_TIER_PARAM_KOC_MAX_FOLLOWERS,
                                         &v),
                     KOL_STATUS_OK);
    assert_true(v == 10000.0);
    v = 8;
    assert_int_equal(kol_tiers_get_param(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_get_param(t, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_get_param(t, -1, &v), KOL_STATUS_UNKNOWN_ENUM);
    assert_true(v == 8);

    /* level count and names of a NULL scheme */
    assert_int_equal(kol_tiers_level_count(NULL), 0);
    assert_null(kol_tiers_level_name(NULL, 0));

    /* ladders */
    assert_int_equal(kol_tiers_set_ladder(NULL, "douyin", th, 4),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_ladder(NULL, NULL, th, 4),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_tiers_ladder(t, NULL, NULL, 4),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_true(th[0] == 1 && th[3] == 4);
    assert_int_equal(kol_tiers_ladder(t, NULL, th, 4), KOL_STATUS_OK);
    assert_true(th[0] == 1e5 && th[3] == 3e6);

    /* classify */
    assert_int_equal(kol_tiers_classify(NULL, r, &out),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_tiers_classify(t, r, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "NULL");
    assert_int_equal(kol_tiers_classify_followers(NULL, NULL, f, 2, lv),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_tiers_classify_followers(t, NULL, f, 2, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "levels is NULL");
    assert_true(lv[0] == 9 && lv[1] == 9);

    /* KOC and stage */
    assert_int_equal(kol_tiers_koc(NULL, r, &out), KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_tiers_koc(t, r, NULL), KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "kol_tiers_koc");
    assert_int_equal(kol_tiers_stage(NULL, r, &out),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_tiers_stage(t, r, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "kol_tiers_stage");
    assert_int_equal(out, 42);
    assert_null(kol_stage_name(-1));
    assert_null(kol_koc_name(-1));

    /* quantile tiers: NULL cut points or outputs, a probability of 0 */
    {
        double s[3] = {1, 2, 3}, probs[1] = {0.5}, zero[1] = {0.0};
        double neg[2] = {-0.25, 0.5};
        int32_t l3[3] = {6, 6, 6};
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, NULL, 1, l3),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, probs, 1, NULL),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "levels is NULL");
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, zero, 1, l3),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "probs[0]");
        assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, neg, 2, l3),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "probs[0]");
        assert_true(l3[0] == 6 && l3[1] == 6 && l3[2] == 6);
    }
    kol_record_free(r);
    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

/* An empty cohort is EMPTY whatever its pointers (NULL is the usual
 * pointer of a 0-length array), as the other batch calls accept NULL with
 * a count of 0; a NULL array with values to read or write is
 * INVALID_ARGUMENT with a message that names it. */
static void test_empty_and_null_arrays(void **state)
{
    kol_ctx *ctx;
    kol_tiers *t;
    double s[3] = {1, 2, 3}, probs[2] = {0.5, 0.8}, f[2] = {10, 20};
    int32_t l3[3] = {6, 6, 6};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &t), KOL_STATUS_OK);

    /* n = 0: EMPTY with NULL or non-NULL pointers alike */
    assert_status(ctx, kol_tier_by_quantiles(ctx, NULL, 0, NULL, 0, NULL),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "empty cohort");
    assert_status(ctx, kol_tier_by_quantiles(ctx, NULL, 0, probs, 2, NULL),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "empty cohort");
    assert_status(ctx, kol_tier_by_quantiles(ctx, s, 0, NULL, 2, l3),
                  KOL_STATUS_EMPTY);
    assert_status(ctx, kol_tier_by_quantiles(ctx, s, 0, probs, 2, l3),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "empty cohort");

    /* a NULL array that would be read or written: named */
    assert_status(ctx, kol_tier_by_quantiles(ctx, NULL, 3, probs, 2, l3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "kol_tier_by_quantiles: scores is NULL");
    assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, NULL, 2, l3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "kol_tier_by_quantiles: probs is NULL");
    assert_status(ctx, kol_tier_by_quantiles(ctx, s, 3, probs, 2, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "kol_tier_by_quantiles: levels is NULL");
    assert_true(l3[0] == 6 && l3[1] == 6 && l3[2] == 6);

    /* the batch ladder call: NULL with n = 0 is fine, named otherwise */
    assert_int_equal(kol_tiers_classify_followers(t, NULL, NULL, 0, NULL),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_tiers_classify_followers(t, NULL, NULL, 2, l3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "kol_tiers_classify_followers: followers is NULL");
    assert_status(ctx, kol_tiers_classify_followers(t, NULL, f, 2, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "kol_tiers_classify_followers: levels is NULL");
    assert_true(l3[0] == 6 && l3[1] == 6 && l3[2] == 6);

    kol_tiers_free(t);
    kol_ctx_free(ctx);
}

/* Allocation failure. */
struct top {
    kol_ctx *ctx;
    kol_tiers *t;
    int variant;
    int32_t lv[8];
};

static kol_ctx *top_setup(void *user, testalloc *ta)
{
    struct top *o = user;
    assert_int_equal(testalloc_ctx_new(ta, &o->ctx), KOL_STATUS_OK);
    o->t = NULL;
    if (o->variant == 1)
        assert_int_equal(kol_tiers_new(o->ctx, 0, &o->t), KOL_STATUS_OK);
    return o->ctx;
}

static kol_status top_run(void *user)
{
    struct top *o = user;
    static const double s[8] = {3, 1, 4, 1, 5, 9, 2, 6};
    static const double p[2] = {0.25, 0.75};
    static const double th[4] = {1, 2, 3, 4};
    /* a refused allocation is reported under the call's name */
    switch (o->variant) {
    case 0:
        return assert_nomem_named(o->ctx, kol_tiers_new(o->ctx, 1, &o->t),
                                  "kol_tiers_new");
    case 1:
        return assert_nomem_named(
            o->ctx, kol_tiers_set_ladder(o->t, "newplatform", th, 4),
            "kol_tiers_set_ladder");
    default:
        return assert_nomem_named(
            o->ctx, kol_tier_by_quantiles(o->ctx, s, 8, p, 2, o->lv),
            "kol_tier_by_quantiles");
    }
}

static void top_snapshot(void *user, testbuf *b)
{
    struct top *o = user;
    double th[5];
    size_t i;
    testbuf_reset(b);
    if (o->t && kol_tiers_ladder(o->t, "newplatform", th, 5) == KOL_STATUS_OK)
        testbuf_printf(b, "%a %a\n", th[0], th[3]);
    /* the platforms with a ladder of their own: a failed set_ladder adds
     * none */
    for (i = 0; o->t && i < kol_tiers_platform_count(o->t); i++)
        testbuf_printf(b, "%s\n", kol_tiers_platform(o->t, i));
}

static void top_teardown(void *user)
{
    struct top *o = user;
    kol_tiers_free(o->t);
    o->t = NULL;
}

static void test_alloc_failure(void **state)
{
    static const char *const names[] = {"kol_tiers_new",
                                        "kol_tiers_set_ladder",
                                        "kol_tier_by_quantiles"};
    int v;
    (void)state;
    for (v = 0; v < 3; v++) {
        struct top o;
        testalloc_op op;
        memset(&o, 0, sizeof o);
        memset(&op, 0, sizeof op);
        o.variant = v;
        op.name = names[v];
        op.user = &o;
        op.setup = top_setup;
        op.run = top_run;
        op.snapshot = top_snapshot;
        op.teardown = top_teardown;
        if (testalloc_loop(&op, 0) == 0) {
            print_error("%s never failed\n", names[v]);
            fail();
        }
    }
}

/* Real data: the follower counts of the 994 real accounts of instafake
 * (Akyon and Kalfaoglu 2019) spread over the international ladder, mostly
 * at the bottom (these are ordinary users, not creators). */
static void test_real_followers(void **state)
{
    char path[1024];
    FILE *fp;
    char *buf;
    long len;
    double *f = NULL;
    int32_t *lv;
    size_t n = 0, cap = 0, i, counts[6] = {0, 0, 0, 0, 0, 0};
    const char *p;
    kol_ctx *ctx;
    kol_tiers *t;
    (void)state;
    snprintf(path, sizeof path, "%s/instafake/realAccountData.json",
             KOL_DATA_DIR);
    fp = fopen(path, "rb");
    if (!fp) {
        print_message("skipped: %s is absent\n", path);
        skip();
    }
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    buf[len] = '\0';
    fclose(fp);
    for (p = strstr(buf, "\"userFollowerCount\":"); p;
         p = strstr(p + 1, "\"userFollowerCount\":")) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            f = realloc(f, cap * sizeof *f);
            assert_non_null(f);
        }
        f[n++] = strtod(p + strlen("\"userFollowerCount\":"), NULL);
    }
    free(buf);
    assert_int_equal(n, 994);
    lv = malloc(n * sizeof *lv);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_tiers_new(ctx, KOL_TIER_SCHEME_INTL, &t),
                     KOL_STATUS_OK);
    assert_int_equal(kol_tiers_classify_followers(t, "instagram", f, n, lv),
                     KOL_STATUS_OK);
    for (i = 0; i < n; i++) {
        assert_true(lv[i] >= 0 && lv[i] <= 5);
        assert_true(lv[i] == 0 ? f[i] < 1000 : f[i] >= 1000);
        counts[lv[i]]++;
    }
    print_message("instafake real accounts by tier: sub-nano %zu, nano %zu, "
                  "micro %zu, mid %zu, macro %zu, mega %zu\n",
                  counts[0], counts[1], counts[2], counts[3], counts[4],
                  counts[5]);
    assert_true(counts[0] > n / 2); /* ordinary users */
    {
        /* cohort quartile tiers on the same counts: about a quarter each */
        double probs[3] = {0.25, 0.5, 0.75};
        size_t c4[4] = {0, 0, 0, 0};
        assert_int_equal(kol_tier_by_quantiles(ctx, f, n, probs, 3, lv),
                         KOL_STATUS_OK);
        for (i = 0; i < n; i++)
            c4[lv[i]]++;
        for (i = 0; i < 4; i++)
            assert_true(c4[i] > n / 5 && c4[i] < n / 3);
    }
    kol_tiers_free(t);
    kol_ctx_free(ctx);
    free(lv);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_custom_ladder_and_batch),
        cmocka_unit_test(test_platform_list),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_koc),
        cmocka_unit_test(test_stage),
        cmocka_unit_test(test_quantile_tiers),
        cmocka_unit_test(test_null_and_bounds),
        cmocka_unit_test(test_empty_and_null_arrays),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_real_followers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
