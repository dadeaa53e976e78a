/* Bad-input catalogue: include/kol/tier.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

static kol_tiers *make_tiers(cat_env *env)
{
    kol_tiers *t = NULL;
    if (kol_tiers_new(env->ctx, KOL_TIER_SCHEME_CN, &t) != KOL_STATUS_OK)
        fail_msg("cat_tier: cannot make the scheme");
    return t;
}

/* The four thresholds of a CN ladder. */
static const double cn_ladder[4] = {5000.0, 50000.0, 500000.0, 5000000.0};

/* ---- parameters ----------------------------------------------------- */

static kol_status param_bounds_unknown(cat_env *env)
{
    double lo;
    (void)env;
    return kol_tier_param_bounds(8, &lo, NULL, NULL);
}

static kol_status tiers_new_null_out(cat_env *env)
{
    return kol_tiers_new(env->ctx, KOL_TIER_SCHEME_INTL, NULL);
}

static kol_status tiers_new_unknown_scheme(cat_env *env)
{
    kol_tiers *t = NULL;
    kol_status st = kol_tiers_new(env->ctx, 2, &t);
    kol_tiers_free(t);
    return st;
}

static kol_status tiers_new_nomem(cat_env *env)
{
    kol_tiers *t = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_tiers_new(env->ctx, KOL_TIER_SCHEME_CN, &t);
    testalloc_disarm(env->ta);
    kol_tiers_free(t);
    return st;
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_tiers_set_param(NULL, KOL_TIER_PARAM_KOC_MAX_FOLLOWERS, 1.0);
}

static kol_status set_param_unknown(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st = kol_tiers_set_param(t, -1, 1.0);
    kol_tiers_free(t);
    return st;
}

static kol_status set_param_nan(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st =
        kol_tiers_set_param(t, KOL_TIER_PARAM_KOC_MIN_ENGAGEMENT, NAN);
    kol_tiers_free(t);
    return st;
}

static kol_status set_param_out_of_range(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st =
        kol_tiers_set_param(t, KOL_TIER_PARAM_STAGE_FADE_RATE, 0.5);
    kol_tiers_free(t);
    return st;
}

static kol_status get_param_null_out(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st =
        kol_tiers_get_param(t, KOL_TIER_PARAM_KOC_MAX_FOLLOWERS, NULL);
    kol_tiers_free(t);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    double v;
    kol_status st = kol_tiers_get_param(t, 8, &v);
    kol_tiers_free(t);
    return st;
}

/* ---- ladders -------------------------------------------------------- */

static kol_status ladder_call(cat_env *env, const char *platform,
                             const double *thresholds, size_t n)
{
    kol_tiers *t = make_tiers(env);
    kol_status st = kol_tiers_set_ladder(t, platform, thresholds, n);
    kol_tiers_free(t);
    return st;
}

static kol_status set_ladder_wrong_n(cat_env *env)
{
    return ladder_call(env, "douyin", cn_ladder, 3);
}

static kol_status set_ladder_not_increasing(cat_env *env)
{
    static const double t[4] = {5000.0, 50000.0, 50000.0, 5000000.0};
    return ladder_call(env, "douyin", t, 4);
}

static kol_status set_ladder_inf(cat_env *env)
{
    double t[4];
    t[0] = 5000.0;
    t[1] = 50000.0;
    t[2] = 500000.0;
    t[3] = INFINITY;
    return ladder_call(env, "douyin", t, 4);
}

static kol_status set_ladder_zero(cat_env *env)
{
    static const double t[4] = {0.0, 50000.0, 500000.0, 5000000.0};
    return ladder_call(env, NULL, t, 4);
}

static kol_status set_ladder_empty_platform(cat_env *env)
{
    return ladder_call(env, "", cn_ladder, 4);
}

static kol_status set_ladder_too_many(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st = KOL_STATUS_OK;
    char name[32];
    int i;
    for (i = 0; i < KOL_TIER_MAX_LADDERS; i++) {
        snprintf(name, sizeof name, "platform-%d", i);
        if (kol_tiers_set_ladder(t, name, cn_ladder, 4) != KOL_STATUS_OK)
            fail_msg("cat_tier: cannot set ladder %d", i);
    }
    st = kol_tiers_set_ladder(t, "one-more", cn_ladder, 4);
    kol_tiers_free(t);
    return st;
}

static kol_status set_ladder_nomem(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_tiers_set_ladder(t, "twitch", cn_ladder, 4);
    testalloc_disarm(env->ta);
    kol_tiers_free(t);
    return st;
}

static kol_status ladder_small_cap(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    double out[3];
    kol_status st = kol_tiers_ladder(t, "douyin", out, 3);
    kol_tiers_free(t);
    return st;
}

static kol_status ladder_null_out(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_status st = kol_tiers_ladder(t, "douyin", NULL, 4);
    kol_tiers_free(t);
    return st;
}

/* ---- classification ------------------------------------------------- */

static kol_record *make_record(cat_env *env, int with_followers)
{
    kol_record *rec = NULL;
    if (kol_record_new(env->ctx, &rec) != KOL_STATUS_OK ||
        kol_record_set_text(rec, KOL_TEXT_ID, "kol-1") != KOL_STATUS_OK ||
        kol_record_set_text(rec, KOL_TEXT_PLATFORM, "douyin") !=
            KOL_STATUS_OK ||
        (with_followers &&
         kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 12000.0) !=
             KOL_STATUS_OK))
        fail_msg("cat_tier: cannot make the record");
    return rec;
}

static kol_status classify_null_level(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_record *rec = make_record(env, 1);
    kol_status st = kol_tiers_classify(t, rec, NULL);
    kol_record_free(rec);
    kol_tiers_free(t);
    return st;
}

static kol_status classify_null_record(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    int32_t level;
    kol_status st = kol_tiers_classify(t, NULL, &level);
    kol_tiers_free(t);
    return st;
}

static kol_status classify_no_followers(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_record *rec = make_record(env, 0);
    int32_t level = -1;
    kol_status st = kol_tiers_classify(t, rec, &level);
    kol_record_free(rec);
    kol_tiers_free(t);
    return st;
}

static kol_status followers_call(cat_env *env, const double *f, size_t n,
                                 int with_levels)
{
    kol_tiers *t = make_tiers(env);
    int32_t levels[4];
    kol_status st = kol_tiers_classify_followers(
        t, "kuaishou", f, n, with_levels ? levels : NULL);
    kol_tiers_free(t);
    return st;
}

static kol_status followers_null_levels(cat_env *env)
{
    static const double f[2] = {10.0, 20.0};
    return followers_call(env, f, 2, 0);
}

static kol_status followers_null_counts(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    int32_t levels[2];
    kol_status st =
        kol_tiers_classify_followers(t, "kuaishou", NULL, 2, levels);
    kol_tiers_free(t);
    return st;
}

static kol_status followers_inf(cat_env *env)
{
    double f[3];
    f[0] = 10.0;
    f[1] = -INFINITY;
    f[2] = 30.0;
    return followers_call(env, f, 3, 1);
}

static kol_status followers_negative(cat_env *env)
{
    static const double f[3] = {10.0, 20.0, -1.0};
    return followers_call(env, f, 3, 1);
}

static kol_status koc_null_record(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    int32_t verdict;
    kol_status st = kol_tiers_koc(t, NULL, &verdict);
    kol_tiers_free(t);
    return st;
}

static kol_status koc_null_out(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_record *rec = make_record(env, 1);
    kol_status st = kol_tiers_koc(t, rec, NULL);
    kol_record_free(rec);
    kol_tiers_free(t);
    return st;
}

static kol_status stage_null_record(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    int32_t stage;
    kol_status st = kol_tiers_stage(t, NULL, &stage);
    kol_tiers_free(t);
    return st;
}

static kol_status stage_null_out(cat_env *env)
{
    kol_tiers *t = make_tiers(env);
    kol_record *rec = make_record(env, 1);
    kol_status st = kol_tiers_stage(t, rec, NULL);
    kol_record_free(rec);
    kol_tiers_free(t);
    return st;
}

/* ---- quantile tiers ------------------------------------------------- */

static const double scores5[5] = {0.1, 0.4, 0.2, 0.9, 0.5};

static kol_status quantiles_call(cat_env *env, const double *scores,
                                 size_t n, const double *probs,
                                 size_t n_probs)
{
    int32_t levels[5];
    return kol_tier_by_quantiles(env->ctx, scores, n, probs, n_probs,
                                 levels);
}

static kol_status quantiles_null_probs(cat_env *env)
{
    int32_t levels[5];
    return kol_tier_by_quantiles(env->ctx, scores5, 5, NULL, 1, levels);
}

static kol_status quantiles_null_scores(cat_env *env)
{
    static const double probs[1] = {0.5};
    int32_t levels[5];
    return kol_tier_by_quantiles(env->ctx, NULL, 5, probs, 1, levels);
}

static kol_status quantiles_null_levels(cat_env *env)
{
    static const double probs[1] = {0.5};
    return kol_tier_by_quantiles(env->ctx, scores5, 5, probs, 1, NULL);
}

static kol_status quantiles_empty_null(cat_env *env)
{
    return kol_tier_by_quantiles(env->ctx, NULL, 0, NULL, 0, NULL);
}

static kol_status quantiles_not_increasing(cat_env *env)
{
    static const double probs[2] = {0.8, 0.5};
    return quantiles_call(env, scores5, 5, probs, 2);
}

static kol_status quantiles_empty(cat_env *env)
{
    static const double probs[1] = {0.5};
    return quantiles_call(env, scores5, 0, probs, 1);
}

static kol_status quantiles_nan_score(cat_env *env)
{
    static const double probs[1] = {0.5};
    double scores[5];
    size_t i;
    for (i = 0; i < 5; i++)
        scores[i] = scores5[i];
    scores[3] = NAN;
    return quantiles_call(env, scores, 5, probs, 1);
}

static kol_status quantiles_prob_one(cat_env *env)
{
    static const double probs[2] = {0.5, 1.0};
    return quantiles_call(env, scores5, 5, probs, 2);
}

static kol_status quantiles_too_many(cat_env *env)
{
    double probs[KOL_TIER_MAX_THRESHOLDS + 1];
    size_t j;
    for (j = 0; j < KOL_TIER_MAX_THRESHOLDS + 1; j++)
        probs[j] = (double)(j + 1) / (KOL_TIER_MAX_THRESHOLDS + 2);
    return quantiles_call(env, scores5, 5, probs,
                          KOL_TIER_MAX_THRESHOLDS + 1);
}

static kol_status quantiles_no_cut(cat_env *env)
{
    static const double probs[1] = {0.5};
    return quantiles_call(env, scores5, 5, probs, 0);
}

static kol_status quantiles_nomem(cat_env *env)
{
    static const double probs[2] = {0.5, 0.8};
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = quantiles_call(env, scores5, 5, probs, 2);
    testalloc_disarm(env->ta);
    return st;
}

const cat_row cat_rows_tier[] = {
    CAT_ROW("kol_tier_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 8, one past the last (no context)",
            NULL, param_bounds_unknown),
    CAT_ROW("kol_tiers_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", tiers_new_null_out),
    CAT_ROW("kol_tiers_new", KOL_STATUS_UNKNOWN_ENUM, "scheme code 2",
            "unknown scheme 2", tiers_new_unknown_scheme),
    CAT_ROW("kol_tiers_new", KOL_STATUS_NOMEM, "the allocator refuses the scheme",
            "out of memory", tiers_new_nomem),
    CAT_ROW("kol_tiers_set_param", KOL_STATUS_INVALID_ARGUMENT, "tiers is NULL (no context to hold a message)",
            NULL, set_param_null),
    CAT_ROW("kol_tiers_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code -1",
            "unknown parameter -1", set_param_unknown),
    CAT_ROW("kol_tiers_set_param", KOL_STATUS_NOT_FINITE, "koc_min_engagement = NaN",
            "koc_min_engagement", set_param_nan),
    CAT_ROW("kol_tiers_set_param", KOL_STATUS_OUT_OF_RANGE, "stage_fade_rate = 0.5 (bounds -1 to 0)",
            "stage_fade_rate", set_param_out_of_range),
    CAT_ROW("kol_tiers_get_param", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", get_param_null_out),
    CAT_ROW("kol_tiers_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 8",
            "unknown parameter 8", get_param_unknown),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_INVALID_ARGUMENT, "3 thresholds for the 5-level CN scheme (4 needed)",
            "3 thresholds given", set_ladder_wrong_n),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_INVALID_ARGUMENT, "thresholds 5000, 50000, 50000, 5000000 (not strictly increasing)",
            "threshold 2", set_ladder_not_increasing),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_NOT_FINITE, "a threshold of +infinity",
            "threshold 3", set_ladder_inf),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_OUT_OF_RANGE, "a threshold of 0 in the generic ladder",
            "threshold 0", set_ladder_zero),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_BAD_TEXT, "an empty platform name",
            "platform", set_ladder_empty_platform),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_TOO_LARGE, "a ladder for a 65th platform without a preset (the limit is 64)",
            "64", set_ladder_too_many),
    CAT_ROW("kol_tiers_set_ladder", KOL_STATUS_NOMEM, "the allocator refuses the copy of a new platform name",
            "out of memory", set_ladder_nomem),
    CAT_ROW("kol_tiers_ladder", KOL_STATUS_INVALID_ARGUMENT, "room for 3 thresholds where 4 are needed",
            "room for 3", ladder_small_cap),
    CAT_ROW("kol_tiers_ladder", KOL_STATUS_INVALID_ARGUMENT, "thresholds is NULL",
            "thresholds is NULL", ladder_null_out),
    CAT_ROW("kol_tiers_classify", KOL_STATUS_INVALID_ARGUMENT, "level is NULL",
            "level is NULL", classify_null_level),
    CAT_ROW("kol_tiers_classify", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL",
            "rec is NULL", classify_null_record),
    CAT_ROW("kol_tiers_classify", KOL_STATUS_MISSING, "a record with no follower count",
            "no followers", classify_no_followers),
    CAT_ROW("kol_tiers_classify_followers", KOL_STATUS_INVALID_ARGUMENT, "levels is NULL with n = 2",
            "levels is NULL", followers_null_levels),
    CAT_ROW("kol_tiers_classify_followers", KOL_STATUS_INVALID_ARGUMENT, "followers is NULL with n = 2",
            "followers is NULL", followers_null_counts),
    CAT_ROW("kol_tiers_classify_followers", KOL_STATUS_NOT_FINITE, "a count of -infinity at position 1",
            "followers[1]", followers_inf),
    CAT_ROW("kol_tiers_classify_followers", KOL_STATUS_OUT_OF_RANGE, "a count of -1 at position 2",
            "followers[2]", followers_negative),
    CAT_ROW("kol_tiers_koc", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL",
            "rec is NULL", koc_null_record),
    CAT_ROW("kol_tiers_koc", KOL_STATUS_INVALID_ARGUMENT, "verdict is NULL",
            "verdict is NULL", koc_null_out),
    CAT_ROW("kol_tiers_stage", KOL_STATUS_INVALID_ARGUMENT, "stage is NULL",
            "stage is NULL", stage_null_out),
    CAT_ROW("kol_tiers_stage", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL",
            "rec is NULL", stage_null_record),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_INVALID_ARGUMENT, "probs is NULL",
            "probs is NULL", quantiles_null_probs),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_INVALID_ARGUMENT, "scores is NULL with n = 5",
            "scores is NULL", quantiles_null_scores),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_INVALID_ARGUMENT, "levels is NULL with n = 5",
            "levels is NULL", quantiles_null_levels),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_INVALID_ARGUMENT, "probabilities 0.8 then 0.5 (not increasing)",
            "probs[1]", quantiles_not_increasing),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_EMPTY, "n = 0 scores",
            "empty cohort", quantiles_empty),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_EMPTY, "n = 0 with scores, probs and levels all NULL and n_probs = 0",
            "empty cohort", quantiles_empty_null),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_NOT_FINITE, "a NaN score at position 3",
            "scores[3]", quantiles_nan_score),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_OUT_OF_RANGE, "a probability of 1",
            "probs[1]", quantiles_prob_one),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_TOO_LARGE, "16 cut points (the limit is 15)",
            "16 cut points", quantiles_too_many),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_INVALID_ARGUMENT, "n_probs = 0 (no cut point; 1 to 15 accepted)",
            "no cut point given, 1 to 15 accepted", quantiles_no_cut),
    CAT_ROW("kol_tier_by_quantiles", KOL_STATUS_NOMEM, "the allocator refuses the sorted copy of the scores",
            "out of memory", quantiles_nomem),
    CAT_END
};
