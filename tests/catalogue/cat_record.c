/* Bad-input catalogue: include/kol/record.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>

/* A record of env's context with the id "kol-1" and 1000 followers. */
static kol_record *make_record(cat_env *env)
{
    kol_record *rec = NULL;
    if (kol_record_new(env->ctx, &rec) != KOL_STATUS_OK ||
        kol_record_set_text(rec, KOL_TEXT_ID, "kol-1") != KOL_STATUS_OK ||
        kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 1000.0) !=
            KOL_STATUS_OK)
        fail_msg("cat_record: cannot make the record");
    kol_ctx_clear_error(env->ctx);
    return rec;
}

/* The record with a gender portrait of two categories. */
static kol_record *make_portrait_record(cat_env *env)
{
    static const char *const labels[] = {"female", "male"};
    static const double weights[] = {60.0, 40.0};
    kol_record *rec = make_record(env);
    if (kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, labels, weights,
                                2) != KOL_STATUS_OK)
        fail_msg("cat_record: cannot set the portrait");
    return rec;
}

/* ---- names and bounds (no context) --------------------------------- */

static kol_status metric_from_name_null(cat_env *env)
{
    (void)env;
    return kol_metric_from_name(NULL, NULL);
}

static kol_status metric_from_name_unknown(cat_env *env)
{
    int32_t code = -1;
    (void)env;
    return kol_metric_from_name("fans", &code);
}

static kol_status metric_bounds_null(cat_env *env)
{
    double lo;
    (void)env;
    return kol_metric_bounds(KOL_METRIC_FOLLOWERS, &lo, NULL);
}

static kol_status metric_bounds_unknown(cat_env *env)
{
    double lo, hi;
    (void)env;
    return kol_metric_bounds(23, &lo, &hi);
}

/* ---- new, clone ----------------------------------------------------- */

static kol_status record_new_null_out(cat_env *env)
{
    return kol_record_new(env->ctx, NULL);
}

static kol_status record_new_nomem(cat_env *env)
{
    kol_record *rec = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_record_new(env->ctx, &rec);
    testalloc_disarm(env->ta);
    kol_record_free(rec);
    return st;
}

static kol_status record_clone_null_out(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_clone(rec, NULL);
    kol_record_free(rec);
    return st;
}

static kol_status record_clone_nomem(cat_env *env)
{
    kol_record *rec = make_portrait_record(env), *copy = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_record_clone(rec, &copy);
    testalloc_disarm(env->ta);
    kol_record_free(copy);
    kol_record_free(rec);
    return st;
}

/* ---- text ----------------------------------------------------------- */

static kol_status set_text_null_rec(cat_env *env)
{
    (void)env;
    return kol_record_set_text(NULL, KOL_TEXT_ID, "kol-1");
}

static kol_status set_text_unknown_field(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_text(rec, 4, "x");
    kol_record_free(rec);
    return st;
}

static kol_status set_text_empty(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_text(rec, KOL_TEXT_NAME, "");
    kol_record_free(rec);
    return st;
}

static kol_status set_text_bad_utf8(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_text(rec, KOL_TEXT_NAME, "caf\xc3(");
    kol_record_free(rec);
    return st;
}

static kol_status set_text_nomem(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_record_set_text(rec, KOL_TEXT_NAME, "Lin");
    testalloc_disarm(env->ta);
    kol_record_free(rec);
    return st;
}

/* ---- metrics -------------------------------------------------------- */

static kol_status set_metric_null_rec(cat_env *env)
{
    (void)env;
    return kol_record_set_metric(NULL, KOL_METRIC_FOLLOWERS, 1.0);
}

static kol_status set_metric_unknown(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metric(rec, -1, 1.0);
    kol_record_free(rec);
    return st;
}

static kol_status set_metric_nan(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metric(rec, KOL_METRIC_AVG_VIEWS, NAN);
    kol_record_free(rec);
    return st;
}

static kol_status set_metric_ratio_above_1(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st =
        kol_record_set_metric(rec, KOL_METRIC_REAL_FOLLOWER_RATIO, 1.5);
    kol_record_free(rec);
    return st;
}

static kol_status set_metric_above_2p53(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS,
                                          9007199254740994.0);
    kol_record_free(rec);
    return st;
}

static kol_status set_metrics_null_values(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS};
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metrics(rec, codes, NULL, 1);
    kol_record_free(rec);
    return st;
}

static kol_status set_metrics_unknown(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, 99};
    static const double values[] = {10.0, 1.0};
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metrics(rec, codes, values, 2);
    kol_record_free(rec);
    return st;
}

static kol_status set_metrics_inf(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_PRICE};
    kol_record *rec = make_record(env);
    double values[2];
    kol_status st;
    values[0] = 10.0;
    values[1] = INFINITY;
    st = kol_record_set_metrics(rec, codes, values, 2);
    kol_record_free(rec);
    return st;
}

static kol_status set_metrics_negative(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_POSTS};
    static const double values[] = {10.0, -3.0};
    kol_record *rec = make_record(env);
    kol_status st = kol_record_set_metrics(rec, codes, values, 2);
    kol_record_free(rec);
    return st;
}

static kol_status clear_metric_null_rec(cat_env *env)
{
    (void)env;
    return kol_record_clear_metric(NULL, KOL_METRIC_FOLLOWERS);
}

static kol_status clear_metric_unknown(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_clear_metric(rec, 23);
    kol_record_free(rec);
    return st;
}

static kol_status get_metric_null_out(cat_env *env)
{
    kol_record *rec = make_record(env);
    kol_status st = kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, NULL);
    kol_record_free(rec);
    return st;
}

static kol_status get_metric_unknown(cat_env *env)
{
    kol_record *rec = make_record(env);
    double v;
    kol_status st = kol_record_get_metric(rec, 1000, &v);
    kol_record_free(rec);
    return st;
}

static kol_status get_metric_missing(cat_env *env)
{
    kol_record *rec = make_record(env);
    double v;
    kol_status st = kol_record_get_metric(rec, KOL_METRIC_PRICE, &v);
    kol_record_free(rec);
    return st;
}

static kol_status get_metrics_null_values(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS};
    kol_record *rec = make_record(env);
    kol_status st = kol_record_get_metrics(rec, codes, NULL, 1);
    kol_record_free(rec);
    return st;
}

static kol_status get_metrics_unknown(cat_env *env)
{
    static const int32_t codes[] = {KOL_METRIC_FOLLOWERS, -7};
    kol_record *rec = make_record(env);
    double values[2];
    kol_status st = kol_record_get_metrics(rec, codes, values, 2);
    kol_record_free(rec);
    return st;
}

/* ---- portrait ------------------------------------------------------- */

static kol_status portrait_call(cat_env *env, int dimension,
                                const char *const *labels,
                                const double *weights, size_t n)
{
    kol_record *rec = make_record(env);
    kol_status st =
        kol_record_set_portrait(rec, dimension, labels, weights, n);
    kol_record_free(rec);
    return st;
}

static kol_status set_portrait_null_weights(cat_env *env)
{
    static const char *const labels[] = {"female"};
    return portrait_call(env, KOL_DIMENSION_GENDER, labels, NULL, 1);
}

static kol_status set_portrait_zero_sum(cat_env *env)
{
    static const char *const labels[] = {"female", "male"};
    static const double weights[] = {0.0, 0.0};
    return portrait_call(env, KOL_DIMENSION_GENDER, labels, weights, 2);
}

static kol_status set_portrait_unknown_dim(cat_env *env)
{
    static const char *const labels[] = {"female"};
    static const double weights[] = {1.0};
    return portrait_call(env, 4, labels, weights, 1);
}

static kol_status set_portrait_nan(cat_env *env)
{
    static const char *const labels[] = {"18-24", "25-34"};
    double weights[2];
    weights[0] = 0.5;
    weights[1] = NAN;
    return portrait_call(env, KOL_DIMENSION_AGE, labels, weights, 2);
}

static kol_status set_portrait_negative(cat_env *env)
{
    static const char *const labels[] = {"18-24", "25-34"};
    static const double weights[] = {0.5, -0.1};
    return portrait_call(env, KOL_DIMENSION_AGE, labels, weights, 2);
}

static kol_status set_portrait_control_char(cat_env *env)
{
    static const char *const labels[] = {"north", "so\tuth"};
    static const double weights[] = {1.0, 1.0};
    return portrait_call(env, KOL_DIMENSION_REGION, labels, weights, 2);
}

static kol_status set_portrait_duplicate(cat_env *env)
{
    static const char *const labels[] = {"games", "music", "games"};
    static const double weights[] = {1.0, 2.0, 3.0};
    return portrait_call(env, KOL_DIMENSION_INTEREST, labels, weights, 3);
}

static kol_status set_portrait_too_large(cat_env *env)
{
    /* The size is refused before the arrays are read: one label and one
     * weight stand for all of them. */
    static const char *const labels[] = {"x"};
    static const double weights[] = {1.0};
    return portrait_call(env, KOL_DIMENSION_INTEREST, labels, weights,
                         (size_t)KOL_PORTRAIT_MAX_CATEGORIES + 1);
}

static kol_status set_portrait_nomem(cat_env *env)
{
    static const char *const labels[] = {"female", "male"};
    static const double weights[] = {3.0, 1.0};
    kol_record *rec = make_record(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, labels, weights,
                                 2);
    testalloc_disarm(env->ta);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_at_null_rec(cat_env *env)
{
    (void)env;
    return kol_record_portrait_at(NULL, KOL_DIMENSION_GENDER, 0, NULL, NULL);
}

static kol_status portrait_at_unknown_dim(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    kol_status st = kol_record_portrait_at(rec, -1, 0, NULL, NULL);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_at_out_of_range(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    const char *label;
    kol_status st =
        kol_record_portrait_at(rec, KOL_DIMENSION_GENDER, 2, &label, NULL);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_share_null_out(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    kol_status st =
        kol_record_portrait_share(rec, KOL_DIMENSION_GENDER, "female", NULL);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_share_null_label(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    double share;
    kol_status st =
        kol_record_portrait_share(rec, KOL_DIMENSION_GENDER, NULL, &share);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_share_unknown_dim(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    double share;
    kol_status st = kol_record_portrait_share(rec, 9, "female", &share);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_share_unset(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    double share;
    kol_status st =
        kol_record_portrait_share(rec, KOL_DIMENSION_AGE, "18-24", &share);
    kol_record_free(rec);
    return st;
}

static kol_status portrait_share_absent(cat_env *env)
{
    kol_record *rec = make_portrait_record(env);
    double share;
    kol_status st =
        kol_record_portrait_share(rec, KOL_DIMENSION_GENDER, "other", &share);
    kol_record_free(rec);
    return st;
}

const cat_row cat_rows_record[] = {
    CAT_ROW("kol_metric_from_name", KOL_STATUS_INVALID_ARGUMENT, "name is NULL (no context to hold a message)",
            NULL, metric_from_name_null),
    CAT_ROW("kol_metric_from_name", KOL_STATUS_NOT_FOUND, "the name \"fans\", which no metric has (no context)",
            NULL, metric_from_name_unknown),
    CAT_ROW("kol_metric_bounds", KOL_STATUS_INVALID_ARGUMENT, "max is NULL (no context to hold a message)",
            NULL, metric_bounds_null),
    CAT_ROW("kol_metric_bounds", KOL_STATUS_UNKNOWN_ENUM, "metric code 23, one past the last (no context)",
            NULL, metric_bounds_unknown),
    CAT_ROW("kol_record_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", record_new_null_out),
    CAT_ROW("kol_record_new", KOL_STATUS_NOMEM, "the allocator refuses the record",
            "out of memory", record_new_nomem),
    CAT_ROW("kol_record_clone", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", record_clone_null_out),
    CAT_ROW("kol_record_clone", KOL_STATUS_NOMEM, "the allocator refuses the copy of a record with a portrait",
            "kol-1", record_clone_nomem),
    CAT_ROW("kol_record_set_text", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL (no context to hold a message)",
            NULL, set_text_null_rec),
    CAT_ROW("kol_record_set_text", KOL_STATUS_UNKNOWN_ENUM, "text field code 4, one past the last",
            "unknown text field code 4", set_text_unknown_field),
    CAT_ROW("kol_record_set_text", KOL_STATUS_BAD_TEXT, "an empty name",
            "field name", set_text_empty),
    CAT_ROW("kol_record_set_text", KOL_STATUS_BAD_TEXT, "a name with invalid UTF-8 (0xC3 then an ASCII byte)",
            "utf-8", set_text_bad_utf8),
    CAT_ROW("kol_record_set_text", KOL_STATUS_NOMEM, "the allocator refuses the copy of the text",
            "field name: out of memory", set_text_nomem),
    CAT_ROW("kol_record_set_metric", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL (no context to hold a message)",
            NULL, set_metric_null_rec),
    CAT_ROW("kol_record_set_metric", KOL_STATUS_UNKNOWN_ENUM, "metric code -1",
            "unknown metric code -1", set_metric_unknown),
    CAT_ROW("kol_record_set_metric", KOL_STATUS_NOT_FINITE, "avg_views = NaN",
            "avg_views", set_metric_nan),
    CAT_ROW("kol_record_set_metric", KOL_STATUS_OUT_OF_RANGE, "real_follower_ratio = 1.5 (a ratio above 1)",
            "real_follower_ratio", set_metric_ratio_above_1),
    CAT_ROW("kol_record_set_metric", KOL_STATUS_OUT_OF_RANGE, "followers = 2^53 + 2 (a count above 2^53)",
            "followers", set_metric_above_2p53),
    CAT_ROW("kol_record_set_metrics", KOL_STATUS_INVALID_ARGUMENT, "values is NULL with n = 1",
            "NULL array", set_metrics_null_values),
    CAT_ROW("kol_record_set_metrics", KOL_STATUS_UNKNOWN_ENUM, "metric code 99 in pair 1",
            "pair 1: unknown metric code 99", set_metrics_unknown),
    CAT_ROW("kol_record_set_metrics", KOL_STATUS_NOT_FINITE, "price = +infinity in pair 1",
            "pair 1: metric price", set_metrics_inf),
    CAT_ROW("kol_record_set_metrics", KOL_STATUS_OUT_OF_RANGE, "posts = -3 in pair 1",
            "pair 1: metric posts", set_metrics_negative),
    CAT_ROW("kol_record_clear_metric", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL (no context to hold a message)",
            NULL, clear_metric_null_rec),
    CAT_ROW("kol_record_clear_metric", KOL_STATUS_UNKNOWN_ENUM, "metric code 23, one past the last",
            "unknown metric code 23", clear_metric_unknown),
    CAT_ROW("kol_record_get_metric", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", get_metric_null_out),
    CAT_ROW("kol_record_get_metric", KOL_STATUS_UNKNOWN_ENUM, "metric code 1000",
            "unknown metric code 1000", get_metric_unknown),
    CAT_ROW("kol_record_get_metric", KOL_STATUS_MISSING, "price, never set",
            "price is missing", get_metric_missing),
    CAT_ROW("kol_record_get_metrics", KOL_STATUS_INVALID_ARGUMENT, "values is NULL with n = 1",
            "NULL array", get_metrics_null_values),
    CAT_ROW("kol_record_get_metrics", KOL_STATUS_UNKNOWN_ENUM, "metric code -7 at position 1",
            "position 1: unknown metric code -7", get_metrics_unknown),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_INVALID_ARGUMENT, "weights is NULL with n = 1",
            "NULL array", set_portrait_null_weights),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_INVALID_ARGUMENT, "weights 0 and 0 (a zero sum)",
            "weights are 0", set_portrait_zero_sum),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_UNKNOWN_ENUM, "dimension code 4, one past the last",
            "unknown portrait dimension code 4", set_portrait_unknown_dim),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_NOT_FINITE, "age weight of \"25-34\" = NaN",
            "25-34", set_portrait_nan),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_OUT_OF_RANGE, "age weight of \"25-34\" = -0.1",
            "negative", set_portrait_negative),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_BAD_TEXT, "region label \"so(TAB)uth\" with a control character",
            "label 1", set_portrait_control_char),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_DUPLICATE, "interest labels games, music, games",
            "games", set_portrait_duplicate),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_TOO_LARGE, "n = 4097 categories (the limit is 4096)",
            "4097", set_portrait_too_large),
    CAT_ROW("kol_record_set_portrait", KOL_STATUS_NOMEM, "the allocator refuses the new categories",
            "out of memory", set_portrait_nomem),
    CAT_ROW("kol_record_portrait_at", KOL_STATUS_INVALID_ARGUMENT, "rec is NULL (no context to hold a message)",
            NULL, portrait_at_null_rec),
    CAT_ROW("kol_record_portrait_at", KOL_STATUS_UNKNOWN_ENUM, "dimension code -1",
            "unknown portrait dimension code -1", portrait_at_unknown_dim),
    CAT_ROW("kol_record_portrait_at", KOL_STATUS_NOT_FOUND, "index 2 of a gender portrait of 2 categories",
            "index 2", portrait_at_out_of_range),
    CAT_ROW("kol_record_portrait_share", KOL_STATUS_INVALID_ARGUMENT, "label is NULL",
            "label is NULL", portrait_share_null_label),
    CAT_ROW("kol_record_portrait_share", KOL_STATUS_INVALID_ARGUMENT, "share is NULL",
            "share is NULL", portrait_share_null_out),
    CAT_ROW("kol_record_portrait_share", KOL_STATUS_UNKNOWN_ENUM, "dimension code 9",
            "unknown portrait dimension code 9", portrait_share_unknown_dim),
    CAT_ROW("kol_record_portrait_share", KOL_STATUS_MISSING, "the age portrait, never set",
            "age is not set", portrait_share_unset),
    CAT_ROW("kol_record_portrait_share", KOL_STATUS_NOT_FOUND, "the label \"other\" in a gender portrait of female and male",
            "no category", portrait_share_absent),
    CAT_END
};
