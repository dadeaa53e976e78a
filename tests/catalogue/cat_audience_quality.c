/* Bad-input catalogue: include/kol/audience_quality.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>

static kol_audience *make_model(cat_env *env)
{
    kol_audience *a = NULL;
    if (kol_audience_new(env->ctx, &a) != KOL_STATUS_OK)
        fail_msg("cat_audience_quality: cannot make the model");
    return a;
}

static kol_status feature_from_name_null(cat_env *env)
{
    (void)env;
    return kol_follower_feature_from_name(NULL, NULL);
}

static kol_status feature_from_name_unknown(cat_env *env)
{
    int32_t code = -1;
    (void)env;
    return kol_follower_feature_from_name("Followers", &code);
}

static kol_status param_bounds_unknown(cat_env *env)
{
    double lo, hi;
    (void)env;
    return kol_audience_param_bounds(KOL_AUDIENCE_PARAM_COUNT, &lo, &hi,
                                     NULL);
}

static kol_status audience_new_null_out(cat_env *env)
{
    return kol_audience_new(env->ctx, NULL);
}

static kol_status audience_new_nomem(cat_env *env)
{
    kol_audience *a = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_audience_new(env->ctx, &a);
    testalloc_disarm(env->ta);
    kol_audience_free(a);
    return st;
}

static kol_status set_param_call(cat_env *env, int param, double value)
{
    kol_audience *a = make_model(env);
    kol_status st = kol_audience_set_param(a, param, value);
    kol_audience_free(a);
    return st;
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_audience_set_param(NULL, KOL_AUDIENCE_PARAM_PRIOR, 0.2);
}

static kol_status set_param_unknown(cat_env *env)
{
    return set_param_call(env, 4, 0.5);
}

static kol_status set_param_nan(cat_env *env)
{
    return set_param_call(env, KOL_AUDIENCE_PARAM_THRESHOLD, NAN);
}

static kol_status set_param_prior_zero(cat_env *env)
{
    return set_param_call(env, KOL_AUDIENCE_PARAM_PRIOR, 0.0);
}

static kol_status get_param_null_out(cat_env *env)
{
    kol_audience *a = make_model(env);
    kol_status st = kol_audience_get_param(a, KOL_AUDIENCE_PARAM_PRIOR, NULL);
    kol_audience_free(a);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_audience *a = make_model(env);
    double v;
    kol_status st = kol_audience_get_param(a, 99, &v);
    kol_audience_free(a);
    return st;
}

/* Score two rows of the given columns (cells row-major). */
static kol_status score_call(cat_env *env, const int32_t *columns,
                             size_t n_columns, const double *values,
                             size_t n_rows)
{
    kol_audience *a = make_model(env);
    double prob[2];
    int32_t verdicts[2];
    kol_status st = kol_audience_score(a, columns, n_columns, values, n_rows,
                                       prob, verdicts);
    kol_audience_free(a);
    return st;
}

static kol_status score_null_values(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_FOLLOWERS,
                                    KOL_FOLLOWER_POSTS};
    return score_call(env, cols, 2, NULL, 2);
}

static kol_status score_too_many_columns(cat_env *env)
{
    /* The count is refused before the arrays are read. */
    static const int32_t cols[1] = {KOL_FOLLOWER_FOLLOWERS};
    static const double cells[1] = {1.0};
    return score_call(env, cols, KOL_FOLLOWER_FEATURE_COUNT + 1, cells, 0);
}

static kol_status score_bad_flag(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_FOLLOWERS,
                                    KOL_FOLLOWER_HAS_AVATAR};
    static const double cells[4] = {120.0, 1.0, 40.0, 2.0};
    return score_call(env, cols, 2, cells, 2);
}

static kol_status score_digits_above_length(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_USERNAME_DIGITS,
                                    KOL_FOLLOWER_USERNAME_LENGTH};
    static const double cells[4] = {2.0, 8.0, 9.0, 6.0};
    return score_call(env, cols, 2, cells, 2);
}

static kol_status score_unknown_column(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_FOLLOWERS, 9};
    static const double cells[4] = {1.0, 1.0, 1.0, 1.0};
    return score_call(env, cols, 2, cells, 2);
}

static kol_status score_duplicate_column(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_POSTS, KOL_FOLLOWER_POSTS};
    static const double cells[4] = {1.0, 1.0, 1.0, 1.0};
    return score_call(env, cols, 2, cells, 2);
}

static kol_status score_inf(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_FOLLOWERS,
                                    KOL_FOLLOWER_FOLLOWING};
    double cells[4];
    cells[0] = 10.0;
    cells[1] = 20.0;
    cells[2] = 30.0;
    cells[3] = INFINITY;
    return score_call(env, cols, 2, cells, 2);
}

static kol_status score_negative(cat_env *env)
{
    static const int32_t cols[2] = {KOL_FOLLOWER_FOLLOWERS,
                                    KOL_FOLLOWER_BIO_LENGTH};
    static const double cells[4] = {10.0, -4.0, 30.0, 5.0};
    return score_call(env, cols, 2, cells, 2);
}

static kol_status ratio_call(cat_env *env, const double *p,
                             const int32_t *verdicts, size_t n)
{
    kol_audience *a = make_model(env);
    double ratio;
    kol_status st =
        kol_audience_real_ratio(a, p, verdicts, n, &ratio, NULL, NULL, NULL);
    kol_audience_free(a);
    return st;
}

static kol_status ratio_null_prob(cat_env *env)
{
    return ratio_call(env, NULL, NULL, 3);
}

static kol_status ratio_nan(cat_env *env)
{
    double p[3];
    p[0] = 0.1;
    p[1] = NAN;
    p[2] = 0.3;
    return ratio_call(env, p, NULL, 3);
}

static kol_status ratio_above_one(cat_env *env)
{
    static const double p[3] = {0.1, 0.2, 1.25};
    return ratio_call(env, p, NULL, 3);
}

static kol_status ratio_unknown_verdict(cat_env *env)
{
    static const double p[3] = {0.1, 0.2, 0.3};
    static const int32_t v[3] = {KOL_AUDIENCE_REAL, 3, KOL_AUDIENCE_FAKE};
    return ratio_call(env, p, v, 3);
}

static kol_status ratio_all_unknown(cat_env *env)
{
    static const double p[2] = {0.1675, 0.1675};
    static const int32_t v[2] = {KOL_AUDIENCE_UNKNOWN, KOL_AUDIENCE_UNKNOWN};
    return ratio_call(env, p, v, 2);
}

const cat_row cat_rows_audience_quality[] = {
    CAT_ROW("kol_follower_feature_from_name", KOL_STATUS_INVALID_ARGUMENT, "name is NULL (no context to hold a message)",
            NULL, feature_from_name_null),
    CAT_ROW("kol_follower_feature_from_name", KOL_STATUS_NOT_FOUND, "the name \"Followers\" (names are lower case; no context)",
            NULL, feature_from_name_unknown),
    CAT_ROW("kol_audience_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 4, one past the last (no context)",
            NULL, param_bounds_unknown),
    CAT_ROW("kol_audience_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", audience_new_null_out),
    CAT_ROW("kol_audience_new", KOL_STATUS_NOMEM, "the allocator refuses the model",
            "kol_audience_new: out of memory", audience_new_nomem),
    CAT_ROW("kol_audience_set_param", KOL_STATUS_INVALID_ARGUMENT, "a is NULL (no context to hold a message)",
            NULL, set_param_null),
    CAT_ROW("kol_audience_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 4",
            "unknown parameter 4", set_param_unknown),
    CAT_ROW("kol_audience_set_param", KOL_STATUS_NOT_FINITE, "threshold = NaN",
            "threshold", set_param_nan),
    CAT_ROW("kol_audience_set_param", KOL_STATUS_OUT_OF_RANGE, "prior = 0 (the interval is open)",
            "prior", set_param_prior_zero),
    CAT_ROW("kol_audience_get_param", KOL_STATUS_INVALID_ARGUMENT, "value is NULL",
            "value is NULL", get_param_null_out),
    CAT_ROW("kol_audience_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 99",
            "unknown parameter 99", get_param_unknown),
    CAT_ROW("kol_audience_score", KOL_STATUS_INVALID_ARGUMENT, "values is NULL with 2 columns and 2 rows",
            "values is NULL", score_null_values),
    CAT_ROW("kol_audience_score", KOL_STATUS_INVALID_ARGUMENT, "10 columns (there are 9 features)",
            "10 columns", score_too_many_columns),
    CAT_ROW("kol_audience_score", KOL_STATUS_INVALID_ARGUMENT, "has_avatar = 2 in row 1 (a flag is 0 or 1)",
            "row 1, has_avatar", score_bad_flag),
    CAT_ROW("kol_audience_score", KOL_STATUS_INVALID_ARGUMENT, "username_digits 9 above username_length 6 in row 1",
            "row 1: username_digits", score_digits_above_length),
    CAT_ROW("kol_audience_score", KOL_STATUS_UNKNOWN_ENUM, "feature code 9 in column 1",
            "column 1: unknown feature 9", score_unknown_column),
    CAT_ROW("kol_audience_score", KOL_STATUS_DUPLICATE, "the posts column twice",
            "posts given twice", score_duplicate_column),
    CAT_ROW("kol_audience_score", KOL_STATUS_NOT_FINITE, "following = +infinity in row 1",
            "row 1, following", score_inf),
    CAT_ROW("kol_audience_score", KOL_STATUS_OUT_OF_RANGE, "bio_length = -4 in row 0",
            "row 0, bio_length", score_negative),
    CAT_ROW("kol_audience_real_ratio", KOL_STATUS_INVALID_ARGUMENT, "fake_prob is NULL with n = 3",
            "fake_prob is NULL", ratio_null_prob),
    CAT_ROW("kol_audience_real_ratio", KOL_STATUS_NOT_FINITE, "a NaN probability in row 1",
            "row 1", ratio_nan),
    CAT_ROW("kol_audience_real_ratio", KOL_STATUS_OUT_OF_RANGE, "a probability of 1.25 in row 2",
            "row 2", ratio_above_one),
    CAT_ROW("kol_audience_real_ratio", KOL_STATUS_UNKNOWN_ENUM, "verdict code 3 in row 1",
            "row 1: unknown verdict 3", ratio_unknown_verdict),
    CAT_ROW("kol_audience_real_ratio", KOL_STATUS_EMPTY, "every verdict is unknown",
            "no follower", ratio_all_unknown),
    CAT_END
};
