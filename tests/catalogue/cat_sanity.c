/* Bad-input catalogue: include/kol/sanity.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>

static kol_sanity *make_sanity(cat_env *env)
{
    kol_sanity *s = NULL;
    if (kol_sanity_new(env->ctx, &s) != KOL_STATUS_OK)
        fail_msg("cat_sanity: cannot make the rule set");
    return s;
}

static kol_status param_bounds_unknown(cat_env *env)
{
    double def;
    (void)env;
    return kol_sanity_param_bounds(KOL_SANITY_PARAM_COUNT, NULL, NULL, &def);
}

static kol_status sanity_new_null_out(cat_env *env)
{
    return kol_sanity_new(env->ctx, NULL);
}

static kol_status sanity_new_nomem(cat_env *env)
{
    kol_sanity *s = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_sanity_new(env->ctx, &s);
    testalloc_disarm(env->ta);
    kol_sanity_free(s);
    return st;
}

static kol_status set_param_call(cat_env *env, int param, double value)
{
    kol_sanity *s = make_sanity(env);
    kol_status st = kol_sanity_set_param(s, param, value);
    kol_sanity_free(s);
    return st;
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_sanity_set_param(NULL, KOL_SANITY_PARAM_SPIKE_Z, 5.0);
}

static kol_status set_param_not_integral(cat_env *env)
{
    return set_param_call(env, KOL_SANITY_PARAM_SPIKE_WINDOW, 7.5);
}

static kol_status set_param_range_inverted(cat_env *env)
{
    return set_param_call(env, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, 0.6);
}

static kol_status set_param_unknown(cat_env *env)
{
    return set_param_call(env, 12, 1.0);
}

static kol_status set_param_inf(cat_env *env)
{
    return set_param_call(env, KOL_SANITY_PARAM_ENGAGEMENT_Z, INFINITY);
}

static kol_status set_param_out_of_range(cat_env *env)
{
    return set_param_call(env, KOL_SANITY_PARAM_COMMENT_LIKE_MIN, 1.5);
}

static kol_status get_param_null_out(cat_env *env)
{
    kol_sanity *s = make_sanity(env);
    kol_status st = kol_sanity_get_param(s, KOL_SANITY_PARAM_SPIKE_Z, NULL);
    kol_sanity_free(s);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_sanity *s = make_sanity(env);
    double v;
    kol_status st = kol_sanity_get_param(s, -1, &v);
    kol_sanity_free(s);
    return st;
}

static kol_status set_benchmark_call(cat_env *env, int band, double rate)
{
    kol_sanity *s = make_sanity(env);
    kol_status st = kol_sanity_set_benchmark(s, band, rate);
    kol_sanity_free(s);
    return st;
}

static kol_status set_benchmark_null(cat_env *env)
{
    (void)env;
    return kol_sanity_set_benchmark(NULL, KOL_SIZE_MID, 0.03);
}

static kol_status set_benchmark_unknown(cat_env *env)
{
    return set_benchmark_call(env, KOL_SIZE_BAND_COUNT, 0.03);
}

static kol_status set_benchmark_nan(cat_env *env)
{
    return set_benchmark_call(env, KOL_SIZE_MID, NAN);
}

static kol_status set_benchmark_zero(cat_env *env)
{
    return set_benchmark_call(env, KOL_SIZE_MID, 0.0);
}

static kol_status benchmark_null_out(cat_env *env)
{
    kol_sanity *s = make_sanity(env);
    kol_status st = kol_sanity_benchmark(s, KOL_SIZE_MID, NULL);
    kol_sanity_free(s);
    return st;
}

static kol_status benchmark_unknown(cat_env *env)
{
    kol_sanity *s = make_sanity(env);
    double v;
    kol_status st = kol_sanity_benchmark(s, -2, &v);
    kol_sanity_free(s);
    return st;
}

static kol_status check_call(cat_env *env, int with_metrics, int null_rec)
{
    kol_sanity *s = make_sanity(env);
    kol_record *rec = NULL;
    int32_t verdicts[8];
    size_t count = 99;
    kol_status st;
    if (kol_record_new(env->ctx, &rec) != KOL_STATUS_OK ||
        kol_record_set_text(rec, KOL_TEXT_ID, "kol-1") != KOL_STATUS_OK ||
        (with_metrics &&
         kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 50000.0) !=
             KOL_STATUS_OK))
        fail_msg("cat_sanity: cannot make the record");
    st = kol_sanity_check(s, null_rec ? NULL : rec, verdicts, NULL, NULL, 8,
                          &count);
    kol_record_free(rec);
    kol_sanity_free(s);
    return st;
}

static kol_status check_null_record(cat_env *env)
{
    return check_call(env, 1, 1);
}

static kol_status check_null_rules(cat_env *env)
{
    kol_record *rec = NULL;
    int32_t verdicts[8];
    size_t count = 99;
    kol_status st;
    if (kol_record_new(env->ctx, &rec) != KOL_STATUS_OK ||
        kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 50000.0) !=
            KOL_STATUS_OK)
        fail_msg("cat_sanity: cannot make the record");
    st = kol_sanity_check(NULL, rec, verdicts, NULL, NULL, 8, &count);
    kol_record_free(rec);
    return st;
}

static kol_status check_no_metrics(cat_env *env)
{
    return check_call(env, 0, 0);
}

static kol_status spikes_call(cat_env *env, const double *f, size_t n,
                              int with_verdicts)
{
    kol_sanity *s = make_sanity(env);
    int32_t verdicts[4];
    size_t spikes;
    kol_status st = kol_sanity_follower_spikes(
        s, f, n, with_verdicts ? verdicts : NULL, NULL, &spikes);
    kol_sanity_free(s);
    return st;
}

static kol_status spikes_null_verdicts(cat_env *env)
{
    static const double f[3] = {100.0, 110.0, 120.0};
    return spikes_call(env, f, 3, 0);
}

static kol_status spikes_inf(cat_env *env)
{
    double f[3];
    f[0] = 100.0;
    f[1] = INFINITY;
    f[2] = 120.0;
    return spikes_call(env, f, 3, 1);
}

static kol_status spikes_above_2p53(cat_env *env)
{
    static const double f[3] = {100.0, 110.0, 1e16};
    return spikes_call(env, f, 3, 1);
}

static kol_status spikes_nomem(cat_env *env)
{
    static const double f[3] = {100.0, 110.0, 120.0};
    kol_sanity *s = make_sanity(env);
    int32_t verdicts[3];
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_sanity_follower_spikes(s, f, 3, verdicts, NULL, NULL);
    testalloc_disarm(env->ta);
    kol_sanity_free(s);
    return st;
}

const cat_row cat_rows_sanity[] = {
    CAT_ROW("kol_sanity_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 12, one past the last (no context)",
            NULL, param_bounds_unknown),
    CAT_ROW("kol_sanity_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", sanity_new_null_out),
    CAT_ROW("kol_sanity_new", KOL_STATUS_NOMEM, "the allocator refuses the rule set",
            "kol_sanity_new: out of memory", sanity_new_nomem),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_INVALID_ARGUMENT, "s is NULL (no context to hold a message)",
            NULL, set_param_null),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_OUT_OF_RANGE, "spike_window = 7.5 (must be an integer)",
            "kol_sanity_set_param: spike_window = 7.5 is not an integer in [3, 365]", set_param_not_integral),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 12",
            "unknown parameter 12", set_param_unknown),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_NOT_FINITE, "engagement_z = +infinity",
            "not finite", set_param_inf),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_OUT_OF_RANGE, "comment_like_min = 1.5 (bounds 0 to 1)",
            "outside", set_param_out_of_range),
    CAT_ROW("kol_sanity_set_param", KOL_STATUS_OUT_OF_RANGE, "comment_like_min = 0.6, above comment_like_max (0.5)",
            "comment_like_min = 0.6 is above comment_like_max = 0.5", set_param_range_inverted),
    CAT_ROW("kol_sanity_get_param", KOL_STATUS_INVALID_ARGUMENT, "value is NULL",
            "value is NULL", get_param_null_out),
    CAT_ROW("kol_sanity_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code -1",
            "unknown parameter -1", get_param_unknown),
    CAT_ROW("kol_sanity_set_benchmark", KOL_STATUS_INVALID_ARGUMENT, "s is NULL (no context to hold a message)",
            NULL, set_benchmark_null),
    CAT_ROW("kol_sanity_set_benchmark", KOL_STATUS_UNKNOWN_ENUM, "size band code 6, one past the last",
            "unknown size band 6", set_benchmark_unknown),
    CAT_ROW("kol_sanity_set_benchmark", KOL_STATUS_NOT_FINITE, "a NaN rate",
            "not finite", set_benchmark_nan),
    CAT_ROW("kol_sanity_set_benchmark", KOL_STATUS_OUT_OF_RANGE, "a rate of 0 (bounds 1e-6 to 10)",
            "outside", set_benchmark_zero),
    CAT_ROW("kol_sanity_benchmark", KOL_STATUS_INVALID_ARGUMENT, "median_rate is NULL",
            "median_rate is NULL", benchmark_null_out),
    CAT_ROW("kol_sanity_benchmark", KOL_STATUS_UNKNOWN_ENUM, "size band code -2",
            "unknown size band -2", benchmark_unknown),
    CAT_ROW("kol_sanity_check", KOL_STATUS_INVALID_ARGUMENT, "s is NULL with a record (reported in the record's context)",
            "kol_sanity_check: the rule set is NULL", check_null_rules),
    CAT_ROW("kol_sanity_check", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL",
            "record is NULL", check_null_record),
    CAT_ROW("kol_sanity_check", KOL_STATUS_MISSING, "a record with an id and no metric",
            "no check possible", check_no_metrics),
    CAT_ROW("kol_sanity_follower_spikes", KOL_STATUS_INVALID_ARGUMENT, "verdicts is NULL with n = 3",
            "verdicts is NULL", spikes_null_verdicts),
    CAT_ROW("kol_sanity_follower_spikes", KOL_STATUS_NOT_FINITE, "a count of +infinity on day 1",
            "day 1", spikes_inf),
    CAT_ROW("kol_sanity_follower_spikes", KOL_STATUS_OUT_OF_RANGE, "a count of 1e16 (above 2^53) on day 2",
            "day 2", spikes_above_2p53),
    CAT_ROW("kol_sanity_follower_spikes", KOL_STATUS_NOMEM, "the allocator refuses the baseline window",
            "kol_sanity_follower_spikes: out of memory", spikes_nomem),
    CAT_END
};
