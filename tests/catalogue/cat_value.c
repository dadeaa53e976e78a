/* Bad-input catalogue: include/kol/value.h. */
#include "catalogue.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define NM 23 /* metric codes */

/* ---- fixtures ------------------------------------------------------- */

static kol_value_model *make_model(cat_env *env)
{
    kol_value_model *mo = NULL;
    if (kol_value_model_new(env->ctx, KOL_VALUE_GOAL_BALANCED, &mo) !=
        KOL_STATUS_OK)
        fail_msg("cat_value: cannot make a model");
    return mo;
}

/* Record i of a small cohort: 3,000 to 300,000 followers. */
static kol_record *make_record(cat_env *env, size_t i)
{
    kol_record *r = NULL;
    char id[16];
    double f = 3000.0 * pow(10.0, (double)(i % 5) * 0.5);
    snprintf(id, sizeof id, "kol-%zu", i);
    if (kol_record_new(env->ctx, &r) != KOL_STATUS_OK ||
        kol_record_set_text(r, KOL_TEXT_ID, id) != KOL_STATUS_OK ||
        kol_record_set_metric(r, KOL_METRIC_FOLLOWERS, f) != KOL_STATUS_OK ||
        kol_record_set_metric(r, KOL_METRIC_AVG_VIEWS, f * 0.4) !=
            KOL_STATUS_OK ||
        kol_record_set_metric(r, KOL_METRIC_AVG_LIKES,
                              f * 0.03 + (double)i) != KOL_STATUS_OK ||
        kol_record_set_metric(r, KOL_METRIC_POSTS, 20.0 + (double)i) !=
            KOL_STATUS_OK ||
        kol_record_set_metric(r, KOL_METRIC_PRICE, f * 0.02 + 100.0) !=
            KOL_STATUS_OK)
        fail_msg("cat_value: cannot make record %zu", i);
    return r;
}

static kol_roster *make_roster(cat_env *env, size_t n)
{
    kol_roster *ro = NULL;
    size_t i;
    if (kol_roster_new(env->ctx, &ro) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot make a roster");
    for (i = 0; i < n; i++) {
        kol_record *r = make_record(env, i);
        if (kol_roster_add(ro, r) != KOL_STATUS_OK)
            fail_msg("cat_value: cannot add record %zu", i);
        kol_record_free(r);
    }
    return ro;
}

/* Columns of 4 rows: followers, avg_views, avg_likes, posts, price. */
struct cols4 {
    double f[4], v[4], l[4], p[4], price[4];
    const double *c[NM];
};

static void make_cols(struct cols4 *k)
{
    static const double f[4] = {2000, 20000, 200000, 2000000};
    size_t i;
    memset(k, 0, sizeof *k);
    for (i = 0; i < 4; i++) {
        k->f[i] = f[i];
        k->v[i] = f[i] * 0.3;
        k->l[i] = f[i] * 0.02;
        k->p[i] = 30.0 + (double)i;
        k->price[i] = f[i] * 0.02 + 100.0;
    }
    k->c[KOL_METRIC_FOLLOWERS] = k->f;
    k->c[KOL_METRIC_AVG_VIEWS] = k->v;
    k->c[KOL_METRIC_AVG_LIKES] = k->l;
    k->c[KOL_METRIC_POSTS] = k->p;
    k->c[KOL_METRIC_PRICE] = k->price;
}

/* A custom sub-metric whose behaviour the row chooses: *mode 0 gives 0.5,
 * 1 stops with code 5, 2 gives NaN, 3 gives infinity, 4 gives 1.5. */
static int custom_metric(void *user, const kol_record *rec, double *value,
                         int32_t *present)
{
    const int *mode = user;
    (void)rec;
    if (*mode == 1)
        return 5;
    *value = *mode == 2   ? NAN
             : *mode == 3 ? INFINITY
             : *mode == 4 ? 1.5
                          : 0.5;
    *present = 1;
    return 0;
}

/* ---- parameters, model ---------------------------------------------- */

static kol_status param_bounds_unknown(cat_env *env)
{
    double lo;
    (void)env;
    return kol_value_param_bounds(12, &lo, NULL, NULL);
}

static kol_status new_null_out(cat_env *env)
{
    return kol_value_model_new(env->ctx, KOL_VALUE_GOAL_BALANCED, NULL);
}

static kol_status new_nomem(cat_env *env)
{
    kol_value_model *mo = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_value_model_new(env->ctx, KOL_VALUE_GOAL_BALANCED, &mo);
    testalloc_disarm(env->ta);
    kol_value_model_free(mo);
    return st;
}

static kol_status new_unknown_goal(cat_env *env)
{
    kol_value_model *mo = NULL;
    kol_status st = kol_value_model_new(env->ctx, 4, &mo);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_goal_null(cat_env *env)
{
    (void)env;
    return kol_value_model_set_goal(NULL, KOL_VALUE_GOAL_BALANCED);
}

static kol_status set_goal_unknown(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_goal(mo, -1);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_value_model_set_param(NULL, KOL_VALUE_PARAM_TAU_FLOOR, 0.2);
}

/* A model holding a reference stored from a roster of 20 records. */
static kol_value_model *model_with_reference(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 20);
    if (kol_value_model_set_reference(mo, ro) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot store a reference");
    kol_roster_free(ro);
    return mo;
}

static kol_status set_param_stored_reference(cat_env *env)
{
    kol_value_model *mo = model_with_reference(env);
    kol_status st =
        kol_value_model_set_param(mo, KOL_VALUE_PARAM_BAND_PRIOR_N, 5);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_bands_stored_reference(cat_env *env)
{
    static const double edges[2] = {2e4, 2e5};
    kol_value_model *mo = model_with_reference(env);
    kol_status st = kol_value_model_set_bands(mo, edges, 2);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_target_stored_reference(cat_env *env)
{
    static const char *const labels[2] = {"female", "male"};
    static const double weights[2] = {0.7, 0.3};
    kol_value_model *mo = model_with_reference(env);
    kol_status st = kol_value_model_set_target(mo, KOL_DIMENSION_GENDER,
                                               labels, weights, 2);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_param_nan(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st =
        kol_value_model_set_param(mo, KOL_VALUE_PARAM_POST_LOG_SD, NAN);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_param_out_of_range(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st =
        kol_value_model_set_param(mo, KOL_VALUE_PARAM_TAU_FLOOR, 2.0);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_param_unknown(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_param(mo, 12, 1.0);
    kol_value_model_free(mo);
    return st;
}

static kol_status get_param_null_out(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st =
        kol_value_model_get_param(mo, KOL_VALUE_PARAM_TAU_FLOOR, NULL);
    kol_value_model_free(mo);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    double v;
    kol_status st = kol_value_model_get_param(mo, -1, &v);
    kol_value_model_free(mo);
    return st;
}

/* ---- sub-metrics ---------------------------------------------------- */

static kol_status set_metric_null(cat_env *env)
{
    (void)env;
    return kol_value_model_set_metric(NULL, 0, 1.0, KOL_VALUE_NORM_COHORT);
}

static kol_status set_metric_inf(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_metric(mo, 0, INFINITY,
                                               KOL_VALUE_NORM_COHORT);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_metric_subnormal(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_metric(mo, 0, 4.9e-324,
                                               KOL_VALUE_NORM_COHORT);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_param_dim_subnormal(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_param(
        mo, KOL_VALUE_PARAM_DIM_WEIGHT_GENDER, 1e-310);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_metric_negative(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st =
        kol_value_model_set_metric(mo, 0, -1.0, KOL_VALUE_NORM_COHORT);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_metric_unknown(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st =
        kol_value_model_set_metric(mo, 18, 1.0, KOL_VALUE_NORM_COHORT);
    kol_value_model_free(mo);
    return st;
}

static kol_status get_metric_null(cat_env *env)
{
    double w;
    (void)env;
    return kol_value_model_get_metric(NULL, 0, &w, NULL, NULL);
}

static kol_status get_metric_unknown(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    double w;
    kol_status st = kol_value_model_get_metric(mo, 99, &w, NULL, NULL);
    kol_value_model_free(mo);
    return st;
}

static int zero_metric(void *user, const kol_record *rec, double *value,
                       int32_t *present)
{
    (void)user;
    (void)rec;
    *value = 0.0;
    *present = 1;
    return 0;
}

static kol_status add_metric_with(cat_env *env, const char *name,
                                  int component, double weight,
                                  kol_value_metric_fn fn, int nomem)
{
    kol_value_model *mo = make_model(env);
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_value_model_add_metric(mo, name, component, weight,
                                    KOL_VALUE_NORM_COHORT, fn, NULL, NULL);
    testalloc_disarm(env->ta);
    kol_value_model_free(mo);
    return st;
}

static kol_status add_metric_bad_text(cat_env *env)
{
    return add_metric_with(env, "", 0, 1.0, zero_metric, 0);
}

static kol_status add_metric_duplicate(cat_env *env)
{
    return add_metric_with(env, "reach", 0, 1.0, zero_metric, 0);
}

static kol_status add_metric_null_fn(cat_env *env)
{
    return add_metric_with(env, "mine", 0, 1.0, NULL, 0);
}

static kol_status add_metric_nomem(cat_env *env)
{
    return add_metric_with(env, "mine", 0, 1.0, zero_metric, 1);
}

static kol_status add_metric_nan(cat_env *env)
{
    return add_metric_with(env, "mine", 0, NAN, zero_metric, 0);
}

static kol_status add_metric_heavy(cat_env *env)
{
    return add_metric_with(env, "mine", 0, 2e6, zero_metric, 0);
}

static kol_status add_metric_unknown_component(cat_env *env)
{
    return add_metric_with(env, "mine", 3, 1.0, zero_metric, 0);
}

static kol_status add_metric_too_many(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    char name[16];
    int k;
    kol_status st;
    for (k = 0; k < KOL_VALUE_MAX_CUSTOM; k++) {
        snprintf(name, sizeof name, "m%d", k);
        if (kol_value_model_add_metric(mo, name, 0, 1.0,
                                       KOL_VALUE_NORM_COHORT, zero_metric,
                                       NULL, NULL) != KOL_STATUS_OK)
            fail_msg("cat_value: cannot add custom metric %d", k);
    }
    st = kol_value_model_add_metric(mo, "one_more", 0, 1.0,
                                    KOL_VALUE_NORM_COHORT, zero_metric, NULL,
                                    NULL);
    kol_value_model_free(mo);
    return st;
}

/* ---- bands and target ----------------------------------------------- */

static kol_status set_bands_with(cat_env *env, const double *e, size_t n)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_bands(mo, e, n);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_bands_decreasing(cat_env *env)
{
    static const double e[2] = {5000, 1000};
    return set_bands_with(env, e, 2);
}

static kol_status set_bands_nan(cat_env *env)
{
    const double e[1] = {NAN};
    return set_bands_with(env, e, 1);
}

static kol_status set_bands_zero(cat_env *env)
{
    static const double e[1] = {0.0};
    return set_bands_with(env, e, 1);
}

static kol_status set_bands_none(cat_env *env)
{
    static const double e[1] = {1000.0};
    return set_bands_with(env, e, 0);
}

static kol_status set_bands_sixteen(cat_env *env)
{
    double e[16];
    size_t i;
    for (i = 0; i < 16; i++)
        e[i] = 1000.0 * (double)(i + 1);
    return set_bands_with(env, e, 16);
}

static kol_status set_target_with(cat_env *env, int dim,
                                  const char *const *labels,
                                  const double *weights, size_t n, int nomem)
{
    kol_value_model *mo = make_model(env);
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_value_model_set_target(mo, dim, labels, weights, n);
    testalloc_disarm(env->ta);
    kol_value_model_free(mo);
    return st;
}

static const char *const gender[2] = {"female", "male"};

static kol_status set_target_bad_text(cat_env *env)
{
    static const char *const l[1] = {"bad\x01"};
    static const double w[1] = {1.0};
    return set_target_with(env, KOL_DIMENSION_GENDER, l, w, 1, 0);
}

static kol_status set_target_duplicate(cat_env *env)
{
    static const char *const l[2] = {"female", "female"};
    static const double w[2] = {1.0, 1.0};
    return set_target_with(env, KOL_DIMENSION_GENDER, l, w, 2, 0);
}

static kol_status set_target_zero_sum(cat_env *env)
{
    static const double w[2] = {0.0, 0.0};
    return set_target_with(env, KOL_DIMENSION_GENDER, gender, w, 2, 0);
}

static kol_status set_target_nomem(cat_env *env)
{
    static const double w[2] = {0.7, 0.3};
    return set_target_with(env, KOL_DIMENSION_GENDER, gender, w, 2, 1);
}

static kol_status set_target_nan(cat_env *env)
{
    const double w[2] = {0.7, NAN};
    return set_target_with(env, KOL_DIMENSION_GENDER, gender, w, 2, 0);
}

static kol_status set_target_negative(cat_env *env)
{
    static const double w[2] = {0.7, -0.3};
    return set_target_with(env, KOL_DIMENSION_GENDER, gender, w, 2, 0);
}

static kol_status set_target_too_many(cat_env *env)
{
    const char *l[KOL_PORTRAIT_MAX_CATEGORIES + 1];
    double w[KOL_PORTRAIT_MAX_CATEGORIES + 1];
    size_t i;
    for (i = 0; i <= KOL_PORTRAIT_MAX_CATEGORIES; i++) {
        l[i] = "x";
        w[i] = 1.0;
    }
    return set_target_with(env, KOL_DIMENSION_INTEREST, l, w,
                           KOL_PORTRAIT_MAX_CATEGORIES + 1, 0);
}

static kol_status set_target_unknown_dimension(cat_env *env)
{
    static const double w[2] = {0.7, 0.3};
    return set_target_with(env, 4, gender, w, 2, 0);
}

static kol_status portrait_match_null_record(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    double v;
    kol_status st = kol_value_portrait_match(mo, NULL, &v);
    kol_value_model_free(mo);
    return st;
}

static kol_status portrait_match_null_out(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_record *r = make_record(env, 0);
    kol_status st = kol_value_portrait_match(mo, r, NULL);
    kol_record_free(r);
    kol_value_model_free(mo);
    return st;
}

static kol_status portrait_match_missing(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_record *r = make_record(env, 0);
    double v;
    kol_status st = kol_value_portrait_match(mo, r, &v);
    kol_record_free(r);
    kol_value_model_free(mo);
    return st;
}

/* ---- stored reference ----------------------------------------------- */

/* set_reference over a roster of 5 with a custom metric of behaviour
 * mode (see custom_metric), a record with disputes above cooperations
 * (bad), cancellation or memory failure. */
static kol_status set_reference_with(cat_env *env, int mode, int bad,
                                     int cancel, int nomem)
{
    static int modes[3] = {0, 1, 2};
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 5);
    kol_status st;
    if (mode > 0 &&
        kol_value_model_add_metric(mo, "mine", KOL_VALUE_COMPONENT_FAN, 1.0,
                                   KOL_VALUE_NORM_ABSOLUTE, custom_metric,
                                   &modes[mode], NULL) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot add a custom metric");
    if (bad) {
        kol_record *r = make_record(env, 9);
        if (kol_record_set_metric(r, KOL_METRIC_COOPERATIONS, 1.0) !=
                KOL_STATUS_OK ||
            kol_record_set_metric(r, KOL_METRIC_DISPUTES, 2.0) !=
                KOL_STATUS_OK ||
            kol_roster_add(ro, r) != KOL_STATUS_OK)
            fail_msg("cat_value: cannot add the disputed record");
        kol_record_free(r);
    }
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_value_model_set_reference(mo, ro);
    testalloc_disarm(env->ta);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_reference_callback(cat_env *env)
{
    return set_reference_with(env, 1, 0, 0, 0);
}

static kol_status set_reference_cancel(cat_env *env)
{
    return set_reference_with(env, 0, 0, 1, 0);
}

static kol_status set_reference_empty(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 0);
    kol_status st = kol_value_model_set_reference(mo, ro);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    return st;
}

static kol_status set_reference_null(cat_env *env)
{
    kol_roster *ro = make_roster(env, 2);
    kol_status st = kol_value_model_set_reference(NULL, ro);
    kol_roster_free(ro);
    return st;
}

static kol_status set_reference_nomem(cat_env *env)
{
    return set_reference_with(env, 0, 0, 0, 1);
}

static kol_status set_reference_nan(cat_env *env)
{
    return set_reference_with(env, 2, 0, 0, 0);
}

static kol_status set_reference_disputes(cat_env *env)
{
    return set_reference_with(env, 0, 1, 0, 0);
}

/* set_reference_columns / score_columns over make_cols() with one change:
 * what 1 puts infinity in avg_views row 2, 2 a negative follower count in
 * row 1; cancel, nomem as above. */
static kol_status columns_with(cat_env *env, int score, int what,
                               int cancel, int nomem)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    double out[4 * KOL_VALUE_OUT_COUNT];
    kol_status st;
    make_cols(&k);
    if (what == 1)
        k.v[2] = INFINITY;
    if (what == 2)
        k.f[1] = -5.0;
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = score ? kol_value_score_columns(mo, k.c, NM, 4, out, NULL)
               : kol_value_model_set_reference_columns(mo, k.c, NM, 4);
    testalloc_disarm(env->ta);
    kol_value_model_free(mo);
    return st;
}

static kol_status ref_columns_cancel(cat_env *env)
{
    return columns_with(env, 0, 0, 1, 0);
}

static kol_status ref_columns_empty(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    kol_status st;
    make_cols(&k);
    st = kol_value_model_set_reference_columns(mo, k.c, NM, 0);
    kol_value_model_free(mo);
    return st;
}

static kol_status ref_columns_null(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_status st = kol_value_model_set_reference_columns(mo, NULL, NM, 4);
    kol_value_model_free(mo);
    return st;
}

static kol_status ref_columns_nomem(cat_env *env)
{
    return columns_with(env, 0, 0, 0, 1);
}

static kol_status ref_columns_inf(cat_env *env)
{
    return columns_with(env, 0, 1, 0, 0);
}

static kol_status ref_columns_negative(cat_env *env)
{
    return columns_with(env, 0, 2, 0, 0);
}

static kol_status ref_columns_too_many_rows(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    kol_status st;
    make_cols(&k); /* never read: the row count is refused first */
    st = kol_value_model_set_reference_columns(
        mo, k.c, NM, (size_t)KOL_ROSTER_MAX_RECORDS + 1);
    kol_value_model_free(mo);
    return st;
}

/* ---- batch scoring -------------------------------------------------- */

static kol_status score_columns_cancel(cat_env *env)
{
    return columns_with(env, 1, 0, 1, 0);
}

static kol_status score_columns_null_out(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    kol_status st;
    make_cols(&k);
    st = kol_value_score_columns(mo, k.c, NM, 4, NULL, NULL);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_columns_nomem(cat_env *env)
{
    return columns_with(env, 1, 0, 0, 1);
}

static kol_status score_columns_inf(cat_env *env)
{
    return columns_with(env, 1, 1, 0, 0);
}

/* against a stored reference: the columns are checked all the same */
static kol_status score_columns_inf_stored(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    double out[4 * KOL_VALUE_OUT_COUNT];
    kol_status st;
    make_cols(&k);
    if (kol_value_model_set_reference_columns(mo, k.c, NM, 4) !=
        KOL_STATUS_OK)
        fail_msg("cat_value: cannot store the reference");
    k.v[2] = INFINITY;
    st = kol_value_score_columns(mo, k.c, NM, 4, out, NULL);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_columns_negative(cat_env *env)
{
    return columns_with(env, 1, 2, 0, 0);
}

static kol_status score_columns_too_many_rows(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    struct cols4 k;
    double out[KOL_VALUE_OUT_COUNT];
    kol_status st;
    make_cols(&k); /* never read: the row count is refused first */
    st = kol_value_score_columns(mo, k.c, NM,
                                 (size_t)KOL_ROSTER_MAX_RECORDS + 1, out,
                                 NULL);
    kol_value_model_free(mo);
    return st;
}

/* ---- single records ------------------------------------------------- */

/* score_record of a record against a reference of 5; the custom metric
 * (present when mode >= 0) behaves as 0 while the reference is stored,
 * then as mode; bad: the record has disputes above cooperations. */
static kol_status score_record_with(cat_env *env, int mode, int bad,
                                    int cancel, int nomem, int no_ref)
{
    static int m;
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 5);
    kol_record *r = make_record(env, 7);
    double out[KOL_VALUE_OUT_COUNT];
    kol_status st;
    m = 0;
    if (mode >= 0 &&
        kol_value_model_add_metric(mo, "mine", KOL_VALUE_COMPONENT_FAN, 1.0,
                                   KOL_VALUE_NORM_ABSOLUTE, custom_metric, &m,
                                   NULL) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot add a custom metric");
    if (!no_ref && kol_value_model_set_reference(mo, ro) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot store the reference");
    m = mode;
    if (bad && (kol_record_set_metric(r, KOL_METRIC_COOPERATIONS, 1.0) !=
                    KOL_STATUS_OK ||
                kol_record_set_metric(r, KOL_METRIC_DISPUTES, 2.0) !=
                    KOL_STATUS_OK))
        fail_msg("cat_value: cannot set disputes");
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_value_score_record(mo, r, out, NULL, 0);
    testalloc_disarm(env->ta);
    kol_record_free(r);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_record_no_reference(cat_env *env)
{
    return score_record_with(env, -1, 0, 0, 0, 1);
}

static kol_status score_record_callback(cat_env *env)
{
    return score_record_with(env, 1, 0, 0, 0, 0);
}

static kol_status score_record_cancel(cat_env *env)
{
    return score_record_with(env, -1, 0, 1, 0, 0);
}

static kol_status score_record_null_record(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    double out[KOL_VALUE_OUT_COUNT];
    kol_status st = kol_value_score_record(mo, NULL, out, NULL, 0);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_record_null_out(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_record *r = make_record(env, 0);
    kol_status st = kol_value_score_record(mo, r, NULL, NULL, 0);
    kol_record_free(r);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_record_null_contributions(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_record *r = make_record(env, 0);
    double out[KOL_VALUE_OUT_COUNT];
    kol_status st = kol_value_score_record(mo, r, out, NULL, 3);
    kol_record_free(r);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_record_nomem(cat_env *env)
{
    return score_record_with(env, -1, 0, 0, 1, 0);
}

static kol_status score_record_nan(cat_env *env)
{
    return score_record_with(env, 2, 0, 0, 0, 0);
}

static kol_status score_record_disputes(cat_env *env)
{
    return score_record_with(env, -1, 1, 0, 0, 0);
}

/* ---- rosters -------------------------------------------------------- */

static kol_status score_roster_with(cat_env *env, int mode, int bad,
                                    int cancel, int nomem)
{
    static int m;
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 5);
    kol_value_result *res = NULL;
    kol_status st;
    m = mode;
    if (mode >= 0 &&
        kol_value_model_add_metric(mo, "mine", KOL_VALUE_COMPONENT_FAN, 1.0,
                                   KOL_VALUE_NORM_ABSOLUTE, custom_metric, &m,
                                   NULL) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot add a custom metric");
    if (bad) {
        kol_record *r = make_record(env, 9);
        if (kol_record_set_metric(r, KOL_METRIC_COOPERATIONS, 1.0) !=
                KOL_STATUS_OK ||
            kol_record_set_metric(r, KOL_METRIC_DISPUTES, 2.0) !=
                KOL_STATUS_OK ||
            kol_roster_add(ro, r) != KOL_STATUS_OK)
            fail_msg("cat_value: cannot add the disputed record");
        kol_record_free(r);
    }
    if (cancel)
        cat_cancel_after(env, 1);
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_value_score_roster(mo, ro, &res);
    testalloc_disarm(env->ta);
    kol_value_result_free(res);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_roster_callback(cat_env *env)
{
    return score_roster_with(env, 1, 0, 0, 0);
}

static kol_status score_roster_cancel(cat_env *env)
{
    return score_roster_with(env, -1, 0, 1, 0);
}

static kol_status score_roster_null_roster(cat_env *env)
{
    kol_value_model *mo = make_model(env);
    kol_value_result *res = NULL;
    kol_status st = kol_value_score_roster(mo, NULL, &res);
    kol_value_result_free(res);
    kol_value_model_free(mo);
    return st;
}

static kol_status score_roster_nomem(cat_env *env)
{
    return score_roster_with(env, -1, 0, 0, 1);
}

static kol_status score_roster_nan(cat_env *env)
{
    return score_roster_with(env, 2, 0, 0, 0);
}

static kol_status score_roster_inf(cat_env *env)
{
    return score_roster_with(env, 3, 0, 0, 0);
}

static kol_status score_roster_range(cat_env *env)
{
    return score_roster_with(env, 4, 0, 0, 0);
}

static kol_status score_roster_disputes(cat_env *env)
{
    return score_roster_with(env, -1, 1, 0, 0);
}

/* ---- results -------------------------------------------------------- */

/* A result of 3 records: which 0 get, 1 contribution, 2 rank; bad 0 a
 * NULL output, 1 an index or rank past the end, 2 an unknown field or
 * sub-metric. */
static kol_status result_with(cat_env *env, int which, int bad)
{
    kol_value_model *mo = make_model(env);
    kol_roster *ro = make_roster(env, 3);
    kol_value_result *res = NULL;
    double v;
    size_t idx;
    kol_status st;
    if (kol_value_score_roster(mo, ro, &res) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot score the roster");
    if (which == 0)
        st = kol_value_result_get(res, bad == 1 ? 3 : 0,
                                  bad == 2 ? KOL_VALUE_OUT_COUNT : 0,
                                  bad == 0 ? NULL : &v);
    else if (which == 1)
        st = kol_value_result_contribution(res, bad == 1 ? 3 : 0,
                                           bad == 2 ? 18 : 0,
                                           bad == 0 ? NULL : &v);
    else
        st = kol_value_result_rank(res, bad == 1 ? 3 : 0,
                                   bad == 0 ? NULL : &idx);
    kol_value_result_free(res);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    return st;
}

static kol_status result_get_null_out(cat_env *env)
{
    return result_with(env, 0, 0);
}

static kol_status result_get_past_end(cat_env *env)
{
    return result_with(env, 0, 1);
}

static kol_status result_get_unknown_field(cat_env *env)
{
    return result_with(env, 0, 2);
}

static kol_status contribution_null_out(cat_env *env)
{
    return result_with(env, 1, 0);
}

static kol_status contribution_past_end(cat_env *env)
{
    return result_with(env, 1, 1);
}

static kol_status contribution_unknown_metric(cat_env *env)
{
    return result_with(env, 1, 2);
}

static kol_status rank_null_index(cat_env *env)
{
    return result_with(env, 2, 0);
}

static kol_status rank_past_end(cat_env *env)
{
    return result_with(env, 2, 1);
}

/* ---- the table ------------------------------------------------------ */

/* ---- calls from inside the model's own callbacks ------------------- */

/* The call under test is made from inside a custom sub-metric callback of
 * kol_value_score_roster() on the same model (which must still succeed);
 * the row returns the inner call's status. */
enum reent_call {
    RE_SET_GOAL, RE_SET_PARAM, RE_SET_METRIC, RE_ADD_METRIC, RE_SET_BANDS,
    RE_SET_TARGET, RE_SET_REFERENCE, RE_SET_REFERENCE_COLUMNS,
    RE_SCORE_COLUMNS, RE_SCORE_RECORD, RE_SCORE_ROSTER
};

struct reent {
    kol_value_model *mo;
    kol_roster *ro;
    enum reent_call call;
    int done;
    kol_status inner;
};

static int reent_metric(void *user, const kol_record *rec, double *value,
                        int32_t *present)
{
    static const char *const lab[1] = {"female"};
    static const double wt[1] = {1.0}, edges[1] = {5000.0};
    struct reent *u = user;
    struct cols4 k;
    double out[KOL_VALUE_OUT_COUNT * 4];
    kol_value_result *res = NULL;
    if (!u->done) {
        u->done = 1;
        make_cols(&k);
        switch (u->call) {
        case RE_SET_GOAL:
            u->inner = kol_value_model_set_goal(u->mo, 1);
            break;
        case RE_SET_PARAM:
            u->inner = kol_value_model_set_param(
                u->mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 8.0);
            break;
        case RE_SET_METRIC:
            u->inner = kol_value_model_set_metric(
                u->mo, KOL_VALUE_METRIC_REACH, 2.0, 0);
            break;
        case RE_ADD_METRIC:
            u->inner = kol_value_model_add_metric(u->mo, "inner", 0, 1.0, 0,
                                                  reent_metric, u, NULL);
            break;
        case RE_SET_BANDS:
            u->inner = kol_value_model_set_bands(u->mo, edges, 1);
            break;
        case RE_SET_TARGET:
            u->inner = kol_value_model_set_target(
                u->mo, KOL_DIMENSION_GENDER, lab, wt, 1);
            break;
        case RE_SET_REFERENCE:
            u->inner = kol_value_model_set_reference(u->mo, u->ro);
            break;
        case RE_SET_REFERENCE_COLUMNS:
            u->inner = kol_value_model_set_reference_columns(u->mo, k.c, NM,
                                                             4);
            break;
        case RE_SCORE_COLUMNS:
            u->inner = kol_value_score_columns(u->mo, k.c, NM, 4, out, NULL);
            break;
        case RE_SCORE_RECORD:
            u->inner = kol_value_score_record(u->mo, rec, out, NULL, 0);
            break;
        case RE_SCORE_ROSTER:
            u->inner = kol_value_score_roster(u->mo, u->ro, &res);
            kol_value_result_free(res);
            break;
        }
    }
    *value = 0.5;
    *present = 1;
    return 0;
}

static kol_status reent_row(cat_env *env, enum reent_call call)
{
    struct reent u;
    kol_value_result *res = NULL;
    kol_status outer;
    memset(&u, 0, sizeof u);
    u.call = call;
    u.inner = KOL_STATUS_OK;
    u.mo = make_model(env);
    u.ro = make_roster(env, 5);
    if (kol_value_model_add_metric(u.mo, "outer", 1, 1.0, 0, reent_metric,
                                   &u, NULL) != KOL_STATUS_OK)
        fail_msg("cat_value: cannot add the custom metric");
    outer = kol_value_score_roster(u.mo, u.ro, &res);
    if (outer != KOL_STATUS_OK || !u.done)
        fail_msg("cat_value: the outer scoring failed (%d)", (int)outer);
    kol_value_result_free(res);
    kol_roster_free(u.ro);
    kol_value_model_free(u.mo);
    return u.inner;
}

#define REENT_ROW_FN(name, call)                                         \
    static kol_status name(cat_env *env) { return reent_row(env, call); }
REENT_ROW_FN(reent_set_goal, RE_SET_GOAL)
REENT_ROW_FN(reent_set_param, RE_SET_PARAM)
REENT_ROW_FN(reent_set_metric, RE_SET_METRIC)
REENT_ROW_FN(reent_add_metric, RE_ADD_METRIC)
REENT_ROW_FN(reent_set_bands, RE_SET_BANDS)
REENT_ROW_FN(reent_set_target, RE_SET_TARGET)
REENT_ROW_FN(reent_set_reference, RE_SET_REFERENCE)
REENT_ROW_FN(reent_set_reference_columns, RE_SET_REFERENCE_COLUMNS)
REENT_ROW_FN(reent_score_columns, RE_SCORE_COLUMNS)
REENT_ROW_FN(reent_score_record, RE_SCORE_RECORD)
REENT_ROW_FN(reent_score_roster, RE_SCORE_ROSTER)

const cat_row cat_rows_value[] = {
    CAT_ROW("kol_value_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 12, one past the last (no context)",
            NULL, param_bounds_unknown),
    CAT_ROW("kol_value_model_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", new_null_out),
    CAT_ROW("kol_value_model_new", KOL_STATUS_NOMEM, "the allocator refuses the model",
            "out of memory", new_nomem),
    CAT_ROW("kol_value_model_new", KOL_STATUS_UNKNOWN_ENUM, "goal 4",
            "unknown goal 4", new_unknown_goal),
    CAT_ROW("kol_value_model_set_goal", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_goal),
    CAT_ROW("kol_value_model_set_goal", KOL_STATUS_INVALID_ARGUMENT, "a NULL model (no context)",
            NULL, set_goal_null),
    CAT_ROW("kol_value_model_set_goal", KOL_STATUS_UNKNOWN_ENUM, "goal -1",
            "unknown goal -1", set_goal_unknown),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_param),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_BAD_STATE, "band_prior_n changed while a reference is stored",
            "kol_value_model_set_param: band_prior_n enters the stored reference's statistics", set_param_stored_reference),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL model (no context)",
            NULL, set_param_null),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_NOT_FINITE, "post_log_sd = NaN",
            "post_log_sd", set_param_nan),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_OUT_OF_RANGE, "tau_floor = 2 (at most 1)",
            "tau_floor", set_param_out_of_range),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_OUT_OF_RANGE, "dim_weight_gender = 1e-310 (positive, below 1e-300)",
            "kol_value_model_set_param: dim_weight_gender = 1e-310 is neither 0 nor at least 1e-300", set_param_dim_subnormal),
    CAT_ROW("kol_value_model_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 12",
            "unknown parameter 12", set_param_unknown),
    CAT_ROW("kol_value_model_get_param", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", get_param_null_out),
    CAT_ROW("kol_value_model_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code -1",
            "unknown parameter -1", get_param_unknown),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_metric),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_INVALID_ARGUMENT, "a NULL model (no context)",
            NULL, set_metric_null),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_NOT_FINITE, "weight +infinity",
            "weight", set_metric_inf),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_OUT_OF_RANGE, "weight -1",
            "outside [0, 1e6]", set_metric_negative),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_OUT_OF_RANGE, "weight 4.9e-324 (positive, below 1e-300)",
            "weight = 5e-324 is neither 0 nor at least 1e-300", set_metric_subnormal),
    CAT_ROW("kol_value_model_set_metric", KOL_STATUS_UNKNOWN_ENUM, "sub-metric 18 in a model without custom metrics",
            "unknown sub-metric 18", set_metric_unknown),
    CAT_ROW("kol_value_model_get_metric", KOL_STATUS_INVALID_ARGUMENT, "a NULL model (no context)",
            NULL, get_metric_null),
    CAT_ROW("kol_value_model_get_metric", KOL_STATUS_UNKNOWN_ENUM, "sub-metric 99",
            "unknown sub-metric 99", get_metric_unknown),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_add_metric),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_BAD_TEXT, "an empty name",
            "name", add_metric_bad_text),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_DUPLICATE, "the name \"reach\" of a built-in sub-metric",
            "already exists", add_metric_duplicate),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_INVALID_ARGUMENT, "fn is NULL",
            "fn is NULL", add_metric_null_fn),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_NOMEM, "the allocator refuses the copy of the name",
            "out of memory", add_metric_nomem),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_NOT_FINITE, "weight NaN",
            "weight", add_metric_nan),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_OUT_OF_RANGE, "weight 2e6 (at most 1e6)",
            "outside [0, 1e6]", add_metric_heavy),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_TOO_LARGE, "a 33rd custom sub-metric",
            "more than 32 custom", add_metric_too_many),
    CAT_ROW("kol_value_model_add_metric", KOL_STATUS_UNKNOWN_ENUM, "component 3",
            "unknown component 3", add_metric_unknown_component),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_bands),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_BAD_STATE, "new edges while a reference is stored",
            "kol_value_model_set_bands: the stored reference's statistics are by the current bands", set_bands_stored_reference),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_INVALID_ARGUMENT, "edges 5000 then 1000 (not increasing)",
            "not above edge 0", set_bands_decreasing),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_NOT_FINITE, "an edge NaN",
            "edge 0", set_bands_nan),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_OUT_OF_RANGE, "an edge 0",
            "outside (0, 2^53]", set_bands_zero),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_TOO_LARGE, "16 edges (at most 15)",
            "16 edges", set_bands_sixteen),
    CAT_ROW("kol_value_model_set_bands", KOL_STATUS_INVALID_ARGUMENT, "n = 0 (no edge; 1 to 15 accepted)",
            "no edge given, 1 to 15 accepted", set_bands_none),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_target),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_BAD_STATE, "a gender target set while a reference is stored",
            "kol_value_model_set_target: the stored reference's portrait-match statistics are against the current target", set_target_stored_reference),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_BAD_TEXT, "a label with a control character",
            "label 0", set_target_bad_text),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_DUPLICATE, "the label \"female\" twice",
            "female", set_target_duplicate),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_INVALID_ARGUMENT, "weights 0 and 0",
            "all 2 weights are 0; need a positive sum", set_target_zero_sum),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_NOMEM, "the allocator refuses the target's arrays",
            "out of memory", set_target_nomem),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_NOT_FINITE, "a weight NaN",
            "weight 1", set_target_nan),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_OUT_OF_RANGE, "a weight -0.3",
            "negative", set_target_negative),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_TOO_LARGE, "one category more than KOL_PORTRAIT_MAX_CATEGORIES",
            "categories", set_target_too_many),
    CAT_ROW("kol_value_model_set_target", KOL_STATUS_UNKNOWN_ENUM, "dimension 4",
            "unknown dimension 4", set_target_unknown_dimension),
    CAT_ROW("kol_value_portrait_match", KOL_STATUS_INVALID_ARGUMENT, "a NULL record",
            "rec is NULL", portrait_match_null_record),
    CAT_ROW("kol_value_portrait_match", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", portrait_match_null_out),
    CAT_ROW("kol_value_portrait_match", KOL_STATUS_MISSING, "a model without target portrait",
            "shares no portrait dimension", portrait_match_missing),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_reference),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_CALLBACK, "a custom sub-metric callback returns 5",
            "stopped", set_reference_callback),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "cancelled", set_reference_cancel),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_EMPTY, "an empty roster",
            "empty roster", set_reference_empty),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_INVALID_ARGUMENT, "a NULL model (no context)",
            NULL, set_reference_null),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_NOMEM, "the allocator refuses the records' array",
            "out of memory", set_reference_nomem),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_NOT_FINITE, "a custom sub-metric gives NaN as present",
            "gave NaN", set_reference_nan),
    CAT_ROW("kol_value_model_set_reference", KOL_STATUS_OUT_OF_RANGE, "a record with 2 disputes in 1 cooperation",
            "disputes", set_reference_disputes),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_set_reference_columns),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "cancelled", ref_columns_cancel),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_EMPTY, "n_rows = 0",
            "no rows", ref_columns_empty),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_INVALID_ARGUMENT, "columns is NULL with n_columns = 23",
            "columns is NULL", ref_columns_null),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_NOMEM, "the allocator refuses the statistics",
            "out of memory", ref_columns_nomem),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_NOT_FINITE, "avg_views +infinity in row 2",
            "avg_views", ref_columns_inf),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_OUT_OF_RANGE, "followers -5 in row 1",
            "followers", ref_columns_negative),
    CAT_ROW("kol_value_model_set_reference_columns", KOL_STATUS_TOO_LARGE, "n_rows one above KOL_ROSTER_MAX_RECORDS",
            "at most", ref_columns_too_many_rows),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_score_columns),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "cancelled", score_columns_cancel),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", score_columns_null_out),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_NOMEM, "the allocator refuses the statistics",
            "out of memory", score_columns_nomem),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_NOT_FINITE, "avg_views +infinity in row 2",
            "avg_views", score_columns_inf),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_NOT_FINITE, "avg_views +infinity in row 2, against a stored reference",
            "avg_views", score_columns_inf_stored),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_OUT_OF_RANGE, "followers -5 in row 1",
            "followers", score_columns_negative),
    CAT_ROW("kol_value_score_columns", KOL_STATUS_TOO_LARGE, "n_rows one above KOL_ROSTER_MAX_RECORDS",
            "at most", score_columns_too_many_rows),
    CAT_ROW("kol_value_score_record", KOL_STATUS_BAD_STATE, "a model without stored reference",
            "no reference", score_record_no_reference),
    CAT_ROW("kol_value_score_record", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_score_record),
    CAT_ROW("kol_value_score_record", KOL_STATUS_CALLBACK, "a custom sub-metric callback returns 5",
            "stopped", score_record_callback),
    CAT_ROW("kol_value_score_record", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "cancelled", score_record_cancel),
    CAT_ROW("kol_value_score_record", KOL_STATUS_INVALID_ARGUMENT, "a NULL record",
            "rec is NULL", score_record_null_record),
    CAT_ROW("kol_value_score_record", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", score_record_null_out),
    CAT_ROW("kol_value_score_record", KOL_STATUS_INVALID_ARGUMENT, "contributions is NULL with n_contributions = 3",
            "contributions is NULL", score_record_null_contributions),
    CAT_ROW("kol_value_score_record", KOL_STATUS_NOMEM, "the allocator refuses the record's columns",
            "out of memory", score_record_nomem),
    CAT_ROW("kol_value_score_record", KOL_STATUS_NOT_FINITE, "a custom sub-metric gives NaN as present",
            "gave NaN", score_record_nan),
    CAT_ROW("kol_value_score_record", KOL_STATUS_OUT_OF_RANGE, "a record with 2 disputes in 1 cooperation",
            "disputes", score_record_disputes),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_BAD_STATE, "called from a custom sub-metric callback of kol_value_score_roster on the same model",
            "called from a callback", reent_score_roster),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_CALLBACK, "a custom sub-metric callback returns 5",
            "stopped", score_roster_callback),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "cancelled", score_roster_cancel),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_INVALID_ARGUMENT, "roster is NULL",
            "roster is NULL", score_roster_null_roster),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_NOMEM, "the allocator refuses the result",
            "out of memory", score_roster_nomem),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_NOT_FINITE, "a custom sub-metric gives NaN as present",
            "gave NaN", score_roster_nan),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_NOT_FINITE, "a custom sub-metric gives infinity as present",
            "custom sub-metric 'mine' gave inf for record 0 ('kol-0'), outside [0, 1]", score_roster_inf),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_OUT_OF_RANGE, "a custom sub-metric of absolute normalization gives 1.5",
            "custom sub-metric 'mine' gave 1.5 for record 0 ('kol-0'), outside [0, 1]", score_roster_range),
    CAT_ROW("kol_value_score_roster", KOL_STATUS_OUT_OF_RANGE, "a record with 2 disputes in 1 cooperation",
            "disputes", score_roster_disputes),
    CAT_ROW("kol_value_result_get", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", result_get_null_out),
    CAT_ROW("kol_value_result_get", KOL_STATUS_NOT_FOUND, "index 3 of 3 records",
            "index 3", result_get_past_end),
    CAT_ROW("kol_value_result_get", KOL_STATUS_UNKNOWN_ENUM, "field 6",
            "unknown field 6", result_get_unknown_field),
    CAT_ROW("kol_value_result_contribution", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", contribution_null_out),
    CAT_ROW("kol_value_result_contribution", KOL_STATUS_NOT_FOUND, "index 3 of 3 records",
            "index 3", contribution_past_end),
    CAT_ROW("kol_value_result_contribution", KOL_STATUS_UNKNOWN_ENUM, "sub-metric 18 in a model without custom metrics",
            "unknown sub-metric 18", contribution_unknown_metric),
    CAT_ROW("kol_value_result_rank", KOL_STATUS_INVALID_ARGUMENT, "index is NULL",
            "index is NULL", rank_null_index),
    CAT_ROW("kol_value_result_rank", KOL_STATUS_NOT_FOUND, "rank 3 of 3 records",
            "rank 3", rank_past_end),
    CAT_END
};
