/* Unit tests of include/kol/value.h: the value model. Property tests of
 * issue 3 (monotonicity of fan value in engagement, row-order invariance,
 * contributions summing to the total, bit-identical repeats, the
 * 10K@15% vs 2M@0.1% activation case, the lucky 3-post vs steady 60-post
 * case), the worked example of docs/model-value.md, the bad-input table,
 * allocation-failure loops and a chunk-size sweep of callback-fed rosters. */
#include "testalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model's own elementary functions (static inline, internal): their
 * error bound is part of the model reference. */
#include "../lib/internal/stats.h"
#include "../lib/internal/value_math.h"

#define NM 23 /* metric codes */
#define NOUT KOL_VALUE_OUT_COUNT

/* ------------------------------------------------------------------ */
/* Synthetic cohorts                                                  */
/* ------------------------------------------------------------------ */

static uint64_t sm_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(uint64_t *x)
{
    return (double)(sm_next(x) >> 11) * (1.0 / 9007199254740992.0);
}

/* Standard normal by Box-Muller. */
static double gauss(uint64_t *x)
{
    double u1 = unif(x), u2 = unif(x);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

struct cohort {
    size_t n, cap;
    double *col[NM];
    double *pm; /* portrait match column, or NULL */
};

static void cohort_init(struct cohort *c, size_t cap)
{
    size_t m, i;
    memset(c, 0, sizeof *c);
    c->cap = cap;
    for (m = 0; m < NM; m++) {
        c->col[m] = malloc(cap * sizeof(double));
        assert_non_null(c->col[m]);
        for (i = 0; i < cap; i++)
            c->col[m][i] = NAN;
    }
}

static void cohort_free(struct cohort *c)
{
    size_t m;
    for (m = 0; m < NM; m++)
        free(c->col[m]);
    free(c->pm);
}

/* One account from its engagement per follower er (E / followers), view
 * rate vr (views / followers), posts. */
static size_t add_account(struct cohort *c, double followers, double vr,
                          double er, double posts, double posts30,
                          double growth_rate, double real)
{
    size_t i = c->n++;
    double views = followers * vr, E = followers * er;
    assert_true(i < c->cap);
    c->col[KOL_METRIC_FOLLOWERS][i] = round(followers);
    c->col[KOL_METRIC_AVG_VIEWS][i] = round(views);
    c->col[KOL_METRIC_AVG_LIKES][i] = round(E * 0.80);
    c->col[KOL_METRIC_AVG_COMMENTS][i] = round(E * 0.08);
    c->col[KOL_METRIC_AVG_SHARES][i] = round(E * 0.06);
    c->col[KOL_METRIC_AVG_SAVES][i] = round(E * 0.06);
    c->col[KOL_METRIC_POSTS][i] = posts;
    c->col[KOL_METRIC_POSTS_30D][i] = posts30;
    c->col[KOL_METRIC_FOLLOWER_GROWTH_30D][i] = round(followers * growth_rate);
    c->col[KOL_METRIC_REAL_FOLLOWER_RATIO][i] = real;
    c->col[KOL_METRIC_PRICE][i] = round(followers * 0.02 + 100.0);
    return i;
}

/* n accounts from 300 to 10M followers, engagement falling with size as
 * the industry benchmarks describe, lognormal noise. */
static void synth(struct cohort *c, size_t n, uint64_t seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double lf = 2.5 + 4.5 * unif(&seed);
        double f = pow(10.0, lf);
        double er = 0.06 * pow(f / 1000.0, -0.2) * exp(0.5 * gauss(&seed));
        double vr = 0.4 * exp(0.6 * gauss(&seed));
        double posts = floor(20.0 + 400.0 * unif(&seed));
        double p30 = floor(2.0 + 25.0 * unif(&seed));
        double g = 0.01 + 0.02 * gauss(&seed);
        double real = 0.6 + 0.38 * unif(&seed);
        size_t r = add_account(c, f, vr, er > 2.0 ? 2.0 : er, posts, p30, g,
                               real);
        if (unif(&seed) < 0.5) {
            double hv = round(f * vr * 3.0);
            double clicks = round(hv * 0.01 * exp(0.5 * gauss(&seed)));
            double orders = round(clicks * 0.05 * exp(0.5 * gauss(&seed)));
            c->col[KOL_METRIC_HIST_VIEWS][r] = hv;
            c->col[KOL_METRIC_CLICKS][r] = clicks;
            c->col[KOL_METRIC_ORDERS][r] = orders;
            c->col[KOL_METRIC_REVENUE][r] = orders * 80.0;
            c->col[KOL_METRIC_HIST_COST][r] = c->col[KOL_METRIC_PRICE][r] * 3;
            c->col[KOL_METRIC_COOPERATIONS][r] = 3.0;
            c->col[KOL_METRIC_DISPUTES][r] = unif(&seed) < 0.2 ? 1.0 : 0.0;
            c->col[KOL_METRIC_ON_TIME_RATE][r] = 0.7 + 0.3 * unif(&seed);
        }
    }
}

static double *score_cohort(kol_value_model *mo, const struct cohort *c,
                            double **contrib)
{
    const double *cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH + 1];
    size_t m;
    uint32_t nm = kol_value_model_metric_count(mo);
    double *out = malloc(c->n * NOUT * sizeof(double));
    assert_non_null(out);
    memset(cols, 0, sizeof cols);
    for (m = 0; m < NM; m++)
        cols[m] = c->col[m];
    cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = c->pm;
    if (contrib) {
        *contrib = malloc(c->n * nm * sizeof(double));
        assert_non_null(*contrib);
    }
    assert_int_equal(kol_value_score_columns(
                         mo, cols, KOL_VALUE_COLUMN_PORTRAIT_MATCH + 1, c->n,
                         out, contrib ? *contrib : NULL),
                     KOL_STATUS_OK);
    return out;
}

static kol_record *row_record(kol_ctx *ctx, const struct cohort *c, size_t i)
{
    kol_record *r;
    char id[32];
    size_t m;
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    snprintf(id, sizeof id, "k%06zu", i);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, id), KOL_STATUS_OK);
    for (m = 0; m < NM; m++)
        if (!isnan(c->col[m][i]))
            assert_int_equal(kol_record_set_metric(r, (int)m, c->col[m][i]),
                             KOL_STATUS_OK);
    return r;
}

/* A roster of the cohort's rows in the order given by perm (NULL: in
 * order). */
static kol_roster *cohort_roster(kol_ctx *ctx, const struct cohort *c,
                                 const size_t *perm)
{
    kol_roster *ro;
    size_t k;
    assert_int_equal(kol_roster_new(ctx, &ro), KOL_STATUS_OK);
    for (k = 0; k < c->n; k++) {
        kol_record *r = row_record(ctx, c, perm ? perm[k] : k);
        assert_int_equal(kol_roster_add(ro, r), KOL_STATUS_OK);
        kol_record_free(r);
    }
    return ro;
}

/* Weights of -0 are stored as 0 (the identifier hashes bits, and the
 * scores are the same); positive weights below 1e-300 are refused (the
 * score factors divide by sums of weights: a subnormal sum made totals
 * inf or NaN and a lone portrait dimension's match 1), and 1e-300 still
 * scores finite. */
static void test_weight_edges(void **state)
{
    static const char *g[2] = {"female", "male"};
    static const double t0[2] = {1, 0}, tn[2] = {1, -0.0};
    struct cohort c;
    kol_ctx *ctx;
    kol_value_model *mo;
    char id[64];
    double *out;
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_metric(mo, KOL_VALUE_METRIC_GROWTH,
                                                0.0, KOL_VALUE_NORM_BAND),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_DIM_WEIGHT_AGE, 0.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, g,
                                                t0, 2),
                     KOL_STATUS_OK);
    snprintf(id, sizeof id, "%s", kol_value_model_id(mo));
    assert_int_equal(kol_value_model_set_metric(mo, KOL_VALUE_METRIC_GROWTH,
                                                -0.0, KOL_VALUE_NORM_BAND),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_DIM_WEIGHT_AGE, -0.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, g,
                                                tn, 2),
                     KOL_STATUS_OK);
    assert_string_equal(kol_value_model_id(mo), id);

    assert_status(ctx, kol_value_model_set_metric(mo, KOL_VALUE_METRIC_REACH,
                                                  4.9e-324,
                                                  KOL_VALUE_NORM_COHORT),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "at least 1e-300");
    assert_status(ctx, kol_value_model_set_param(
                           mo, KOL_VALUE_PARAM_DIM_WEIGHT_GENDER, 1e-310),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_string_equal(kol_value_model_id(mo), id);
    /* the smallest weight accepted, alone in its component: finite */
    assert_int_equal(kol_value_model_set_metric(mo, KOL_VALUE_METRIC_REACH,
                                                1e-300, KOL_VALUE_NORM_COHORT),
                     KOL_STATUS_OK);
    for (i = 1; i < 6; i++)
        assert_int_equal(kol_value_model_set_metric(
                             mo, (int)i, 0.0, KOL_VALUE_NORM_COHORT),
                         KOL_STATUS_OK);
    cohort_init(&c, 100);
    synth(&c, 100, 5);
    out = score_cohort(mo, &c, NULL);
    for (i = 0; i < c.n * NOUT; i++)
        assert_true(isfinite(out[i]));
    for (i = 0; i < c.n; i++)
        assert_true(out[i * NOUT + KOL_VALUE_OUT_TOTAL] >= 0.0 &&
                    out[i * NOUT + KOL_VALUE_OUT_TOTAL] <= 100.0);
    free(out);
    cohort_free(&c);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* Every record's outputs and contributions under mo (stored reference),
 * into out (n x NOUT) and con (n x 18). */
static void score_each(kol_value_model *mo, kol_roster *ro, double *out,
                       double *con)
{
    size_t i, n = kol_roster_size(ro);
    for (i = 0; i < n; i++) {
        const kol_record *r;
        assert_int_equal(kol_roster_at(ro, i, &r), KOL_STATUS_OK);
        assert_int_equal(kol_value_score_record(mo, r, out + i * NOUT,
                                                con + i * 18, 18),
                         KOL_STATUS_OK);
    }
}

/* mo scores every record of ro exactly as the model of id `id` did into
 * oa and ca (stored references both); ob and cb are room for mo's. */
static void assert_scores_like(kol_value_model *mo, kol_roster *ro,
                               const char *id, const double *oa,
                               const double *ca, double *ob, double *cb)
{
    size_t n = kol_roster_size(ro);
    assert_string_equal(kol_value_model_id(mo), id);
    score_each(mo, ro, ob, cb);
    assert_memory_equal(oa, ob, n * NOUT * sizeof *oa);
    assert_memory_equal(ca, cb, n * 18 * sizeof *ca);
}

/* A stored reference keeps the statistics of every sub-metric, so the
 * weights, norms and goal in force when it was stored do not matter: a
 * metric weighted 0, or normalized as absolute, at that time scores
 * exactly as if it had had its later setting all along. (Before, reach
 * stored at weight 0 stayed missing for every record, and reach stored
 * as absolute gave u = 1/2 for every record once made cohort again.) */
static void test_stored_reference_all_metrics(void **state)
{
    struct cohort c;
    kol_ctx *ctx;
    kol_roster *ro;
    kol_value_model *a, *b, *d, *g;
    double *oa, *ob, *ca, *cb;
    size_t n = 200;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, n);
    synth(&c, n, 11);
    ro = cohort_roster(ctx, &c, NULL);
    oa = malloc(n * NOUT * sizeof *oa);
    ob = malloc(n * NOUT * sizeof *ob);
    ca = malloc(n * 18 * sizeof *ca);
    cb = malloc(n * 18 * sizeof *cb);
    assert_true(oa && ob && ca && cb);
    assert_int_equal(kol_value_model_new(ctx, 0, &a), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference(a, ro), KOL_STATUS_OK);
    score_each(a, ro, oa, ca);
    /* reach weighted 0 when stored, then given its weight back */
    assert_int_equal(kol_value_model_new(ctx, 0, &b), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_metric(b, KOL_VALUE_METRIC_REACH, 0.0,
                                                KOL_VALUE_NORM_COHORT),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference(b, ro), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_metric(b, KOL_VALUE_METRIC_REACH,
                                                0.25, KOL_VALUE_NORM_COHORT),
                     KOL_STATUS_OK);
    assert_scores_like(b, ro, kol_value_model_id(a), oa, ca, ob, cb);
    /* reach absolute when stored, then cohort again */
    assert_int_equal(kol_value_model_new(ctx, 0, &d), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_metric(d, KOL_VALUE_METRIC_REACH,
                                                0.25, KOL_VALUE_NORM_ABSOLUTE),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference(d, ro), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_metric(d, KOL_VALUE_METRIC_REACH,
                                                0.25, KOL_VALUE_NORM_COHORT),
                     KOL_STATUS_OK);
    assert_scores_like(d, ro, kol_value_model_id(a), oa, ca, ob, cb);
    /* a component weighted 0 when stored (no metric of it in use), then a
     * goal that weights it */
    assert_int_equal(kol_value_model_new(ctx, 0, &g), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_param(
                         g, KOL_VALUE_PARAM_WEIGHT_CONVERSION, 0.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference(g, ro), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_goal(g, KOL_VALUE_GOAL_BALANCED),
                     KOL_STATUS_OK);
    assert_scores_like(g, ro, kol_value_model_id(a), oa, ca, ob, cb);
    /* What the statistics were computed with cannot change under them:
     * refused, the model as it was; an unchanged value, or a parameter the
     * statistics do not use, is accepted. */
    {
        static const double edges[2] = {2e4, 2e5};
        double same;
        char id[64];
        snprintf(id, sizeof id, "%s", kol_value_model_id(a));
        assert_status(ctx, kol_value_model_set_param(
                               a, KOL_VALUE_PARAM_BAND_PRIOR_N, 5),
                      KOL_STATUS_BAD_STATE);
        assert_last_error(ctx, KOL_STATUS_BAD_STATE,
                          "band_prior_n enters the stored reference");
        static const int stat_params[4] = {
            KOL_VALUE_PARAM_RATE_EPSILON, KOL_VALUE_PARAM_POST_LOG_SD,
            KOL_VALUE_PARAM_TAU_FLOOR, KOL_VALUE_PARAM_REFERENCE_SAMPLE};
        static const double stat_values[4] = {1e-3, 2.0, 0.3, 100};
        static const double five[5] = {1e3, 1e4, 5e4, 5e5, 2e6};
        double cur[5];
        size_t k;
        for (k = 0; k < 4; k++)
            assert_status(ctx, kol_value_model_set_param(a, stat_params[k],
                                                         stat_values[k]),
                          KOL_STATUS_BAD_STATE);
        /* other edges: a different count, or the same count */
        assert_status(ctx, kol_value_model_set_bands(a, edges, 2),
                      KOL_STATUS_BAD_STATE);
        assert_last_error(ctx, KOL_STATUS_BAD_STATE, "by the current bands");
        assert_status(ctx, kol_value_model_set_bands(a, five, 5),
                      KOL_STATUS_BAD_STATE);
        /* the current edges (the default ladder) are accepted */
        cur[0] = 1e3;
        cur[1] = 1e4;
        cur[2] = 5e4;
        cur[3] = 5e5;
        cur[4] = 1e6;
        assert_int_equal(kol_value_model_set_bands(a, cur, 5), KOL_STATUS_OK);
        assert_string_equal(kol_value_model_id(a), id);
        assert_int_equal(kol_value_model_has_reference(a), 1);
        assert_int_equal(kol_value_model_get_param(
                             a, KOL_VALUE_PARAM_TAU_FLOOR, &same),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(
                             a, KOL_VALUE_PARAM_TAU_FLOOR, same),
                         KOL_STATUS_OK);
        assert_string_equal(kol_value_model_id(a), id);
        /* the portrait match's statistics are kept too: its dimension
         * weights and the target are frozen like the bands; the
         * component weights are not in the statistics */
        assert_status(ctx, kol_value_model_set_param(
                               a, KOL_VALUE_PARAM_DIM_WEIGHT_AGE, 2),
                      KOL_STATUS_BAD_STATE);
        assert_last_error(ctx, KOL_STATUS_BAD_STATE,
                          "dim_weight_age enters the stored reference");
        assert_int_equal(kol_value_model_set_param(
                             a, KOL_VALUE_PARAM_DIM_WEIGHT_AGE, 1),
                         KOL_STATUS_OK);
        assert_string_equal(kol_value_model_id(a), id);
        {
            static const char *const lab[2] = {"male", "female"};
            static const char *const rev[2] = {"female", "male"};
            static const double w1[2] = {1.0, 3.0}, w2[2] = {3.0, 1.0};
            static const char *const other[2] = {"female", "other"};
            static const double w3[2] = {6.0, 2.0}, w4[2] = {1.0, 1.0};
            /* no target on the dimension when stored: setting one, or
             * clearing another dimension that has one, is refused */
            assert_status(ctx, kol_value_model_set_target(
                                   a, KOL_DIMENSION_GENDER, lab, w1, 2),
                          KOL_STATUS_BAD_STATE);
            assert_last_error(ctx, KOL_STATUS_BAD_STATE,
                              "portrait-match statistics are against the "
                              "current target");
            assert_string_equal(kol_value_model_id(a), id);
            /* clearing an empty dimension changes nothing */
            assert_int_equal(kol_value_model_set_target(
                                 a, KOL_DIMENSION_GENDER, NULL, NULL, 0),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_reference(a, NULL),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_target(
                                 a, KOL_DIMENSION_GENDER, lab, w1, 2),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_reference(a, ro),
                             KOL_STATUS_OK);
            snprintf(id, sizeof id, "%s", kol_value_model_id(a));
            /* the same target, in another order and scale: accepted */
            assert_int_equal(kol_value_model_set_target(
                                 a, KOL_DIMENSION_GENDER, rev, w3, 2),
                             KOL_STATUS_OK);
            assert_string_equal(kol_value_model_id(a), id);
            /* other weights, other labels, another count, or clearing
             * it: refused, the model as it was */
            {
                const char *const *const rl[5] = {lab, lab, other, lab, NULL};
                const double *const rw[5] = {w2, w4, w2, w1, NULL};
                static const size_t rn[5] = {2, 2, 2, 1, 0};
                for (k = 0; k < 5; k++) {
                    assert_status(ctx, kol_value_model_set_target(
                                           a, KOL_DIMENSION_GENDER, rl[k],
                                           rw[k], rn[k]),
                                  KOL_STATUS_BAD_STATE);
                    assert_string_equal(kol_value_model_id(a), id);
                }
            }
            /* back to the model the scores above came from */
            assert_int_equal(kol_value_model_set_reference(a, NULL),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_target(
                                 a, KOL_DIMENSION_GENDER, NULL, NULL, 0),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_reference(a, ro),
                             KOL_STATUS_OK);
        }
        assert_int_equal(kol_value_model_set_param(
                             a, KOL_VALUE_PARAM_WEIGHT_FAN, 2),
                         KOL_STATUS_OK);
        /* cleared, the same calls go through */
        assert_int_equal(kol_value_model_set_reference(a, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(
                             a, KOL_VALUE_PARAM_BAND_PRIOR_N, 5),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_bands(a, edges, 2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_reference(a, ro), KOL_STATUS_OK);
    }
    kol_value_model_free(a);
    kol_value_model_free(b);
    kol_value_model_free(d);
    kol_value_model_free(g);
    free(oa);
    free(ob);
    free(ca);
    free(cb);
    kol_roster_free(ro);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Configuration                                                      */
/* ------------------------------------------------------------------ */

static void test_names_params(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    double lo, hi, def, v, w;
    int32_t norm, comp;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_string_equal(kol_value_metric_name(KOL_VALUE_METRIC_ER_FOLLOWER),
                        "er_follower");
    assert_string_equal(kol_value_metric_name(KOL_VALUE_METRIC_CREDIT),
                        "credit");
    assert_null(kol_value_metric_name(18));
    assert_null(kol_value_metric_name(-1));
    assert_int_equal(kol_value_param_bounds(KOL_VALUE_PARAM_POST_LOG_SD, &lo,
                                            &hi, &def),
                     KOL_STATUS_OK);
    assert_true(lo == 0.01 && hi == 10.0 && def == 1.5);
    assert_int_equal(kol_value_param_bounds(99, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);

    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_metric_count(mo), 18);
    assert_int_equal(
        kol_value_model_get_param(mo, KOL_VALUE_PARAM_WEIGHT_FAN, &v),
        KOL_STATUS_OK);
    assert_true(v == 0.70);
    assert_int_equal(kol_value_model_get_metric(mo, KOL_VALUE_METRIC_ER_VIEW,
                                                &w, &norm, &comp),
                     KOL_STATUS_OK);
    assert_true(w == 0.25);
    assert_int_equal(norm, KOL_VALUE_NORM_BAND);
    assert_int_equal(comp, KOL_VALUE_COMPONENT_FAN);
    assert_true(strncmp(kol_value_model_id(mo), "kol-value/5:", 12) == 0);
    assert_int_equal(strlen(kol_value_model_id(mo)), 28);
    {
        char id1[64];
        strcpy(id1, kol_value_model_id(mo));
        assert_int_equal(kol_value_model_set_goal(mo, KOL_VALUE_GOAL_BALANCED),
                         KOL_STATUS_OK);
        assert_string_not_equal(id1, kol_value_model_id(mo));
        assert_int_equal(
            kol_value_model_set_goal(mo, KOL_VALUE_GOAL_ACTIVATION),
            KOL_STATUS_OK);
        assert_string_equal(id1, kol_value_model_id(mo));
    }
    assert_int_equal(kol_value_model_has_reference(mo), 0);
    assert_string_equal(kol_value_model_id(NULL), "");
    kol_value_model_free(mo);
    kol_value_model_free(NULL);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Properties                                                         */
/* ------------------------------------------------------------------ */

static void test_contributions_sum_and_ranges(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    double *out, *con;
    size_t i, m;
    int goal;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 500);
    synth(&c, 500, 42);
    for (goal = 0; goal <= 3; goal++) {
        double wc[3], wsum = 0.0;
        assert_int_equal(kol_value_model_new(ctx, goal, &mo), KOL_STATUS_OK);
        out = score_cohort(mo, &c, &con);
        for (m = 0; m < 3; m++) {
            assert_int_equal(kol_value_model_get_param(mo, (int)m, &wc[m]),
                             KOL_STATUS_OK);
        }
        for (i = 0; i < c.n; i++) {
            double s = 0.0, mix = 0.0, wp = 0.0;
            const double *o = out + i * NOUT;
            for (m = 0; m < 18; m++) {
                assert_true(con[i * 18 + m] >= 0.0);
                s += con[i * 18 + m];
            }
            /* the total is the sum of the contributions, in code order */
            assert_true(s == o[KOL_VALUE_OUT_TOTAL]);
            assert_true(o[0] >= 0.0 && o[0] <= 100.0);
            assert_true(o[4] > 0.0 && o[4] <= 1.0);
            /* and the mix of the sub-scores by component weight */
            for (m = 0; m < 3; m++) {
                int present = o[1 + m] > 0.0;
                assert_true(o[1 + m] >= 0.0 && o[1 + m] <= 100.0);
                if (present) {
                    mix += wc[m] * o[1 + m];
                    wp += wc[m];
                }
            }
            assert_double_near(mix / wp, o[0], 1e-9);
            assert_true(isfinite(o[5]) && o[5] >= 0.0);
        }
        (void)wsum;
        free(out);
        free(con);
        kol_value_model_free(mo);
    }
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* Scores never pass 100 (docs/model-value.md 2.4). When every u_m is 1,
 * the factor 100 (W_c / W_P) / p_c times w_m, summed over the row, and
 * 100 ps / pw can round one ulp or a few above 100: the default model gave
 * 100.00000000000001 for a record whose only metric was a real-follower
 * ratio of 1 (authenticity, weight 0.15). The contributions are capped so
 * that their sum in code order, the total, stays at most 100, and the
 * sub-score is 100 (ps / pw). */
static int full_metric(void *user, const kol_record *rec, double *value,
                       int32_t *present)
{
    (void)user;
    (void)rec;
    *value = 1.0;
    *present = 1;
    return 0;
}

static void check_at_most_100(const double *o, const double *con, size_t nm)
{
    double s = 0.0;
    size_t m;
    int c;
    for (m = 0; m < nm; m++) {
        assert_true(con[m] >= 0.0 && con[m] <= 100.0);
        s += con[m];
    }
    /* the total is the sum of the contributions, in code order */
    assert_true(s == o[KOL_VALUE_OUT_TOTAL]);
    assert_true(o[KOL_VALUE_OUT_TOTAL] >= 0.0 &&
                o[KOL_VALUE_OUT_TOTAL] <= 100.0);
    for (c = KOL_VALUE_OUT_COMMUNICATION; c <= KOL_VALUE_OUT_CONVERSION; c++)
        assert_true(o[c] >= 0.0 && o[c] <= 100.0);
}

static void test_scores_at_most_100(void **state)
{
    enum { RFR = KOL_METRIC_REAL_FOLLOWER_RATIO, NCUST = 6 };
    kol_ctx *ctx;
    kol_value_model *mo;
    kol_roster *ro;
    kol_record *rec;
    kol_value_result *res;
    const double real = 1.0, one = 1.0;
    const double *cols[KOL_VALUE_COLUMN_CUSTOM_BASE + NCUST] = {0};
    double out[NOUT], con[18 + NCUST], v;
    uint64_t seed = 2024;
    size_t m;
    int trial, k;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);

    /* the default model, one row whose only metric is authenticity at 1:
     * by columns, by roster, and by record against a stored reference */
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    cols[RFR] = &real;
    assert_int_equal(kol_value_score_columns(mo, cols, RFR + 1, 1, out, con),
                     KOL_STATUS_OK);
    check_at_most_100(out, con, 18);
    assert_true(out[KOL_VALUE_OUT_TOTAL] == 100.0);
    assert_true(out[KOL_VALUE_OUT_FAN] == 100.0);
    assert_true(con[KOL_VALUE_METRIC_AUTHENTICITY] == 100.0);
    assert_int_equal(kol_record_new(ctx, &rec), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(rec, KOL_TEXT_ID, "a"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_set_metric(rec, RFR, 1.0), KOL_STATUS_OK);
    assert_int_equal(kol_roster_new(ctx, &ro), KOL_STATUS_OK);
    assert_int_equal(kol_roster_add(ro, rec), KOL_STATUS_OK);
    assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
    assert_int_equal(kol_value_result_get(res, 0, KOL_VALUE_OUT_TOTAL, &v),
                     KOL_STATUS_OK);
    assert_true(v == 100.0);
    assert_int_equal(kol_value_result_contribution(
                         res, 0, KOL_VALUE_METRIC_AUTHENTICITY, &v),
                     KOL_STATUS_OK);
    assert_true(v == 100.0);
    kol_value_result_free(res);
    assert_int_equal(kol_value_model_set_reference(mo, ro), KOL_STATUS_OK);
    assert_int_equal(kol_value_score_record(mo, rec, out, con, 18),
                     KOL_STATUS_OK);
    check_at_most_100(out, con, 18);
    assert_true(out[KOL_VALUE_OUT_TOTAL] == 100.0);
    assert_int_equal(kol_value_model_set_reference(mo, NULL), KOL_STATUS_OK);
    /* a weight of 0.69: (100 * 0.69) / 0.69 was one ulp above 100 */
    assert_int_equal(kol_value_model_set_metric(mo,
                                                KOL_VALUE_METRIC_AUTHENTICITY,
                                                0.69, KOL_VALUE_NORM_ABSOLUTE),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, RFR + 1, 1, out, con),
                     KOL_STATUS_OK);
    check_at_most_100(out, con, 18);
    assert_true(out[KOL_VALUE_OUT_FAN] == 100.0);
    kol_roster_free(ro);
    kol_record_free(rec);
    kol_value_model_free(mo);

    /* Full rows of several metrics: custom absolute metrics at 1, two per
     * component, under random sub-metric and component weights (some 0,
     * so that metrics and components drop out). */
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    for (m = 0; m < 18; m++)
        assert_int_equal(kol_value_model_set_metric(mo, (int)m, 0.0,
                                                    KOL_VALUE_NORM_ABSOLUTE),
                         KOL_STATUS_OK);
    for (k = 0; k < NCUST; k++) {
        char name[8];
        snprintf(name, sizeof name, "full%d", k);
        assert_int_equal(kol_value_model_add_metric(mo, name, k / 2, 1.0,
                                                    KOL_VALUE_NORM_ABSOLUTE,
                                                    full_metric, NULL, NULL),
                         KOL_STATUS_OK);
        cols[KOL_VALUE_COLUMN_CUSTOM_BASE + k] = &one;
    }
    cols[RFR] = NULL;
    for (trial = 0; trial < 3000; trial++) {
        for (k = 0; k < NCUST; k++) {
            /* two decimals, as weights are usually written, or any */
            double w = trial % 2 ? (double)(sm_next(&seed) % 100 + 1) / 100.0
                                 : unif(&seed) + 1e-3;
            if (sm_next(&seed) % 5 == 0)
                w = 0.0;
            assert_int_equal(kol_value_model_set_metric(
                                 mo, 18 + k, w, KOL_VALUE_NORM_ABSOLUTE),
                             KOL_STATUS_OK);
        }
        for (k = 0; k < 3; k++) {
            double wc = trial % 3 == 0 ? 1.0 : unif(&seed);
            assert_int_equal(kol_value_model_set_param(mo, k, wc),
                             KOL_STATUS_OK);
        }
        assert_int_equal(kol_value_score_columns(
                             mo, cols, KOL_VALUE_COLUMN_CUSTOM_BASE + NCUST,
                             1, out, con),
                         KOL_STATUS_OK);
        check_at_most_100(out, con, 18 + NCUST);
    }
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* kol_value_score_columns() with no row reports its end once, as every
 * call with progress does (kol/core.h): progress(0, 0); it made no call.
 * A cancel there is the call's, and writes nothing. */
static int count_end(void *user, uint64_t done, uint64_t total)
{
    uint64_t *c = user;
    c[0]++;
    c[1] = done;
    c[2] = total;
    return (int)c[3];
}

static void test_progress_no_rows(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    uint64_t c[4] = {0, 9, 9, 0};
    double out[NOUT] = {-1};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, count_end, c),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, NULL, 0, 0, NULL, NULL),
                     KOL_STATUS_OK);
    assert_true(c[0] == 1 && c[1] == 0 && c[2] == 0);
    c[0] = 0;
    c[3] = 4;
    assert_status(ctx, kol_value_score_columns(mo, NULL, 0, 0, out, NULL),
                  KOL_STATUS_CANCELLED);
    assert_true(c[0] == 1 && out[0] == -1);
    assert_int_equal(kol_ctx_callback_code(ctx), 4);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* A custom metric added while a reference is stored has no statistics in
 * it (value.h, kol_value_model_add_metric()): normalized against the
 * cohort, it is missing from every score and lowers the confidence;
 * absolute, it is scored at once. */
static int half_metric(void *user, const kol_record *rec, double *value,
                       int32_t *present)
{
    (void)user;
    (void)rec;
    *value = 0.5;
    *present = 1;
    return 0;
}

static void test_add_metric_after_reference(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro;
    const kol_record *r0;
    double o[NOUT], con[20];
    int32_t late, abs_code;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 60);
    synth(&c, 60, 11);
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference(mo, ro), KOL_STATUS_OK);
    assert_int_equal(kol_roster_at(ro, 0, &r0), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "late", 1, 1.0,
                                                KOL_VALUE_NORM_COHORT,
                                                half_metric, NULL, &late),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_has_reference(mo), 1);
    assert_int_equal(kol_value_score_record(mo, r0, o, con, 19),
                     KOL_STATUS_OK);
    assert_true(con[late] == 0.0);
    assert_true(o[KOL_VALUE_OUT_CONFIDENCE] < 1.0);
    /* absolute: no reference needed */
    assert_int_equal(kol_value_model_add_metric(mo, "late_abs", 1, 1.0,
                                                KOL_VALUE_NORM_ABSOLUTE,
                                                half_metric, NULL, &abs_code),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_record(mo, r0, o, con, 20),
                     KOL_STATUS_OK);
    assert_true(con[late] == 0.0 && con[abs_code] > 0.0);
    /* stored again, the reference has the cohort metric's statistics */
    assert_int_equal(kol_value_model_set_reference(mo, ro), KOL_STATUS_OK);
    assert_int_equal(kol_value_score_record(mo, r0, o, con, 20),
                     KOL_STATUS_OK);
    assert_true(con[late] > 0.0);
    kol_value_model_free(mo);
    kol_roster_free(ro);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

static void test_bit_identical_repeat(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    double *a, *b, *ca, *cb;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 800);
    synth(&c, 800, 7);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, &ca);
    b = score_cohort(mo, &c, &cb);
    assert_memory_equal(a, b, c.n * NOUT * sizeof(double));
    assert_memory_equal(ca, cb, c.n * 18 * sizeof(double));
    free(a);
    free(b);
    free(ca);
    free(cb);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

static void test_row_order_invariance(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c, p;
    double *a, *b;
    size_t *perm, i, m;
    uint64_t seed = 99;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 600);
    synth(&c, 600, 3);
    cohort_init(&p, 600);
    perm = malloc(c.n * sizeof *perm);
    for (i = 0; i < c.n; i++)
        perm[i] = i;
    for (i = c.n - 1; i > 0; i--) {
        size_t j = (size_t)(sm_next(&seed) % (i + 1)), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (i = 0; i < c.n; i++)
        for (m = 0; m < NM; m++)
            p.col[m][i] = c.col[m][perm[i]];
    p.n = c.n;
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, NULL);
    b = score_cohort(mo, &p, NULL);
    for (i = 0; i < c.n; i++)
        assert_memory_equal(b + i * NOUT, a + perm[i] * NOUT,
                            NOUT * sizeof(double));
    free(a);
    free(b);

    /* Rosters in two orders: same scores per id, same ranking of ids. */
    {
        kol_roster *r1 = cohort_roster(ctx, &c, NULL);
        kol_roster *r2 = cohort_roster(ctx, &c, perm);
        kol_value_result *s1, *s2;
        assert_int_equal(kol_value_score_roster(mo, r1, &s1), KOL_STATUS_OK);
        assert_int_equal(kol_value_score_roster(mo, r2, &s2), KOL_STATUS_OK);
        for (i = 0; i < c.n; i++) {
            size_t x1, x2;
            const kol_record *q1, *q2;
            double t1, t2;
            assert_int_equal(kol_value_result_rank(s1, i, &x1), KOL_STATUS_OK);
            assert_int_equal(kol_value_result_rank(s2, i, &x2), KOL_STATUS_OK);
            kol_roster_at(r1, x1, &q1);
            kol_roster_at(r2, x2, &q2);
            assert_string_equal(kol_record_text(q1, KOL_TEXT_ID),
                                kol_record_text(q2, KOL_TEXT_ID));
            kol_value_result_get(s1, x1, KOL_VALUE_OUT_TOTAL, &t1);
            kol_value_result_get(s2, x2, KOL_VALUE_OUT_TOTAL, &t2);
            assert_memory_equal(&t1, &t2, sizeof t1);
            if (i > 0) {
                size_t prev;
                double tp;
                kol_value_result_rank(s1, i - 1, &prev);
                kol_value_result_get(s1, prev, KOL_VALUE_OUT_TOTAL, &tp);
                assert_true(tp >= t1);
            }
        }
        kol_value_result_free(s1);
        kol_value_result_free(s2);
        kol_roster_free(r1);
        kol_roster_free(r2);
    }
    free(perm);
    kol_value_model_free(mo);
    cohort_free(&c);
    cohort_free(&p);
    kol_ctx_free(ctx);
}

/* With a reference sample smaller than the cohort: still independent of
 * row order (the sample is chosen by content), and close to the exact
 * statistics. */
static void test_reference_sample(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c, p;
    double *exact, *a, *b, worst = 0.0;
    size_t i, m, n = 6000;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, n);
    synth(&c, n, 606);
    cohort_init(&p, n);
    for (i = 0; i < n; i++)
        for (m = 0; m < NM; m++)
            p.col[m][i] = c.col[m][n - 1 - i];
    p.n = n;
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    exact = score_cohort(mo, &c, NULL); /* 6000 < 16384: exact */
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 400.0),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, NULL);
    b = score_cohort(mo, &p, NULL);
    for (i = 0; i < n; i++) {
        double d = fabs(a[i * NOUT] - exact[i * NOUT]);
        assert_memory_equal(a + i * NOUT, b + (n - 1 - i) * NOUT,
                            NOUT * sizeof(double));
        if (d > worst)
            worst = d;
    }
    print_message("reference sample 400 of 6000: largest change %.3f\n",
                  worst);
    assert_true(worst > 0.0); /* the sample was used */
    assert_true(worst < 5.0);
    free(a);
    /* a sample size so small that no row is drawn: every row is used */
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 1e-9),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, NULL);
    assert_memory_equal(a, exact, n * NOUT * sizeof(double));
    free(exact);
    free(a);
    free(b);
    kol_value_model_free(mo);
    cohort_free(&c);
    cohort_free(&p);
    kol_ctx_free(ctx);
}

/* Row i of the cohorts of test_reference_sample_repeated_rows() is a copy
 * of row repeated_source(kind, r, i): kind 0, 30% of the rows (i % 10 < 3)
 * copies of row r; kind 1, the rows in fours; kind 2, 2% of the rows in
 * pairs. */
static size_t repeated_source(int kind, size_t r, size_t i)
{
    if (kind == 0)
        return i % 10 < 3 ? r : i;
    if (kind == 1)
        return i - i % 4;
    return i % 50 == 1 ? i - 1 : i;
}

/* Scores cohort c (freed here) with exact statistics and with a sample
 * of 2000, in both row orders: the sampled scores equal the exact ones
 * when exact_expected, differ from them otherwise, and never depend on
 * the row order. */
static void check_sampled(kol_value_model *mo, struct cohort *c,
                          int exact_expected)
{
    struct cohort p;
    double *exact, *a, *b;
    size_t i, m, n = c->n;
    cohort_init(&p, n);
    for (i = 0; i < n; i++)
        for (m = 0; m < NM; m++)
            p.col[m][i] = c->col[m][n - 1 - i];
    p.n = n;
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 0.0),
                     KOL_STATUS_OK);
    exact = score_cohort(mo, c, NULL);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 2000.0),
                     KOL_STATUS_OK);
    a = score_cohort(mo, c, NULL);
    b = score_cohort(mo, &p, NULL);
    if (exact_expected)
        assert_memory_equal(a, exact, n * NOUT * sizeof(double));
    else
        assert_memory_not_equal(a, exact, n * NOUT * sizeof(double));
    for (i = 0; i < n; i++)
        assert_memory_equal(a + i * NOUT, b + (n - 1 - i) * NOUT,
                            NOUT * sizeof(double));
    free(exact);
    free(a);
    free(b);
    cohort_free(c);
    cohort_free(&p);
}

/* A cohort of n synthetic rows (seed) repeated as kind says, through
 * check_sampled(). */
static void check_repeated(kol_value_model *mo, size_t n, uint64_t seed,
                           int kind, size_t r, int exact_expected)
{
    struct cohort c;
    size_t i, m;
    cohort_init(&c, n);
    synth(&c, n, seed);
    for (i = 0; i < n; i++)
        for (m = 0; m < NM; m++)
            c.col[m][i] = c.col[m][repeated_source(kind, r, i)];
    check_sampled(mo, &c, exact_expected);
}

/* Rows that repeat: a content sample takes all copies of a row or none,
 * so a row repeated in a large share of the cohort would be over-
 * represented or missing in the statistics. The call finds it and uses
 * every row: the scores are those of the exact statistics (before, up to
 * 19 points away at 40% copies). Whichever row is repeated (its key in
 * the sample or out of it, which the count of each group's sample finds),
 * and in any row order; likewise rows that all come in fours (which the
 * design effect finds), while a few pairs (a KOL listed twice) keep the
 * sample. */
static void test_reference_sample_repeated_rows(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    size_t r;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    for (r = 0; r < 6; r++)
        check_repeated(mo, 20000, 1700 + r, 0, r, 1);
    check_repeated(mo, 20000, 1800, 1, 0, 1);
    check_repeated(mo, 20000, 1801, 2, 0, 0);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* A tie at the median: posts in 30 days 0 for a share of the rows near
 * one half (inactive accounts), so the sample's median of activity can
 * fall on the tie or on the next value, and every score's activity term
 * moves with it (up to 8 points on such a roster before). The call sees
 * that its sampled median could jump (docs/model-value.md 2.2) and takes
 * activity's statistics from every row: for shares of 0.48 to 0.52 its
 * contributions are those of the exact statistics bit for bit, while
 * every other sub-metric keeps the sample (its contributions are those
 * of the same rows without the tie, which pass the check: posts_30d is
 * not in the content key, so the sample is the same rows, and the rows
 * all have lifetime posts, so it does not enter v), and the scores do
 * not depend on the row order. With a share of 0.3 activity keeps the
 * sample too. The same for a shrunk sub-metric: no share on half the
 * accounts puts share_rate's median on the tie ln(eps) before the
 * shrinkage (its prior, then its shrunk values, from every row); the
 * shares are in the engagement too, so the two engagement rates are not
 * compared with the rows without the tie. */
struct tie_case {
    int32_t column;   /* the input column set to 0 */
    size_t metric;    /* the sub-metric it ties */
    size_t skip[2];   /* sub-metrics that the column also enters */
    int draw;         /* TIE_ZERO, TIE_MAD or TIE_Q90: how (tie_value()) */
    double near;      /* the share at which the statistic is at a jump */
};

enum { TIE_ZERO, TIE_MAD, TIE_Q90 };

/* The column's value in one row for a share s (u uniform in [0, 1), j a
 * jitter factor within 0.5% of 1): TIE_ZERO, 0 for a share s of the rows
 * and the row's own value otherwise; TIE_MAD, posts in 30 days about 10
 * for 30% of the rows (the median, with 35% on either side), about 5 for
 * s, about 40 for 35% and 0 for the rest, so that the absolute deviations
 * of activity from its median are near 0 (30%), 0.61 (s), 1.32 (35%) and
 * 2.40: for s near 0.2 their median, the MAD, is at the jump from 0.61
 * to 1.32; TIE_Q90, 10 exactly for 60% of the rows (so the MAD is 0),
 * about 5 for s and about 40 for the rest, so that for s near 0.3 the
 * 90% quantile of the deviations, the scale then, is at the same jump. */
static double tie_value(int draw, double s, double u, double j, double own)
{
    switch (draw) {
    case TIE_MAD:
        return u < 0.35 - s ? 0.0
               : u < 0.35   ? 5.0 * j
               : u < 0.65   ? 10.0 * j
                            : 40.0 * j;
    case TIE_Q90:
        return u < 0.6 ? 10.0 : u < 0.6 + s ? 5.0 * j : 40.0 * j;
    default:
        return u < s ? 0.0 : own;
    }
}

/* Scores the synthetic rows of seed with a share of tc's column set to 0,
 * exactly and with a sample of 2000, and checks the contributions as
 * test_reference_sample_tied_median() says. */
static void check_tie(kol_value_model *mo, const struct tie_case *tc,
                      double share, uint64_t seed)
{
    const size_t act = tc->metric, nm = kol_value_model_metric_count(mo);
    const int tied = fabs(share - tc->near) < 0.025;
    struct cohort c, u, p;
    double *exact, *ce, *a, *ca, *ua, *cu, *b;
    size_t i, m, n = 20000, act_exact = 0, other_sampled = 0;
    cohort_init(&c, n);
    synth(&c, n, seed);
    /* comments per like of their own: synth()'s are a fixed share of the
     * engagement, so comment depth is constant but for rounding, and its
     * sampled scale fails the check whatever the tie */
    for (i = 0; i < n; i++)
        c.col[KOL_METRIC_AVG_COMMENTS][i] =
            round(c.col[KOL_METRIC_AVG_COMMENTS][i] *
                  exp(unif(&seed) - 0.5));
    cohort_init(&u, n);
    cohort_init(&p, n);
    for (m = 0; m < NM; m++)
        for (i = 0; i < n; i++)
            u.col[m][i] = c.col[m][i];
    u.n = n;
    for (i = 0; i < n; i++) {
        const double u_ = unif(&seed);
        const double j =
            tc->draw == TIE_ZERO ? 1.0 : 1.0 + 0.01 * (unif(&seed) - 0.5);
        assert_true(c.col[KOL_METRIC_POSTS][i] >= 1.0);
        c.col[tc->column][i] =
            tie_value(tc->draw, share, u_, j, c.col[tc->column][i]);
    }
    for (m = 0; m < NM; m++)
        for (i = 0; i < n; i++)
            p.col[m][i] = c.col[m][n - 1 - i];
    p.n = n;
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 0.0),
                     KOL_STATUS_OK);
    exact = score_cohort(mo, &c, &ce);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 2000.0),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, &ca);
    ua = score_cohort(mo, &u, &cu);
    b = score_cohort(mo, &p, NULL);
    for (i = 0; i < n; i++) {
        act_exact += memcmp(&ca[i * nm + act], &ce[i * nm + act],
                            sizeof(double)) == 0;
        for (m = 0; m < nm; m++) {
            if (m == act || m == tc->skip[0] || m == tc->skip[1])
                continue;
            /* the sample's statistics, untouched by the tie */
            assert_memory_equal(&ca[i * nm + m], &cu[i * nm + m],
                                sizeof(double));
            other_sampled += memcmp(&ca[i * nm + m], &ce[i * nm + m],
                                    sizeof(double)) != 0;
        }
        assert_memory_equal(a + i * NOUT, b + (n - 1 - i) * NOUT,
                            NOUT * sizeof(double));
    }
    if (tied)
        assert_int_equal(act_exact, n);
    else
        assert_true(act_exact < n);
    assert_true(other_sampled > 0);
    free(exact);
    free(ce);
    free(a);
    free(ca);
    free(ua);
    free(cu);
    free(b);
    cohort_free(&c);
    cohort_free(&u);
    cohort_free(&p);
}

static void test_reference_sample_tied_median(void **state)
{
    static const double shares[] = {0.48, 0.495, 0.5, 0.505, 0.52, 0.3};
    static const struct tie_case cases[] = {
        {KOL_METRIC_POSTS_30D, KOL_VALUE_METRIC_ACTIVITY,
         {KOL_VALUE_METRIC_ACTIVITY, KOL_VALUE_METRIC_ACTIVITY}, TIE_ZERO,
         0.5},
        {KOL_METRIC_AVG_SHARES, KOL_VALUE_METRIC_SHARE_RATE,
         {KOL_VALUE_METRIC_ER_VIEW, KOL_VALUE_METRIC_ER_FOLLOWER}, TIE_ZERO,
         0.5},
    };
    kol_ctx *ctx;
    kol_value_model *mo;
    size_t k, t;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    for (t = 0; t < sizeof cases / sizeof cases[0]; t++)
        for (k = 0; k < sizeof shares / sizeof shares[0]; k++)
            check_tie(mo, &cases[t], shares[k], 4100 + k);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* A jump at the MAD, or at the 90% quantile of the deviations that is
 * the scale when the MAD is 0: posts in 30 days in clusters (tie_value())
 * put the sample's scale of activity on one or the other side of a jump
 * by chance, and every row's activity term moves with it (before, a
 * factor of up to 2 on its scale). The call sees it (docs/model-value.md
 * 2.2, "Ties at the median") and takes activity's statistics from every
 * row: within 0.01 of the share at the jump its contributions are those
 * of the exact statistics bit for bit; further away they keep the sample
 * (the clusters are jittered, so the sampled statistics differ from the
 * exact ones); every other sub-metric keeps the sample in every case, and
 * the scores do not depend on the row order. */
static void test_reference_sample_tied_scale(void **state)
{
    static const double mad_shares[] = {0.19, 0.2, 0.21, 0.1, 0.3};
    static const double q90_shares[] = {0.29, 0.3, 0.31, 0.2, 0.38};
    static const struct tie_case mad = {
        KOL_METRIC_POSTS_30D, KOL_VALUE_METRIC_ACTIVITY,
        {KOL_VALUE_METRIC_ACTIVITY, KOL_VALUE_METRIC_ACTIVITY}, TIE_MAD, 0.2};
    static const struct tie_case q90 = {
        KOL_METRIC_POSTS_30D, KOL_VALUE_METRIC_ACTIVITY,
        {KOL_VALUE_METRIC_ACTIVITY, KOL_VALUE_METRIC_ACTIVITY}, TIE_Q90, 0.3};
    kol_ctx *ctx;
    kol_value_model *mo;
    size_t k;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    for (k = 0; k < sizeof mad_shares / sizeof mad_shares[0]; k++)
        check_tie(mo, &mad, mad_shares[k], 4200 + k);
    for (k = 0; k < sizeof q90_shares / sizeof q90_shares[0]; k++)
        check_tie(mo, &q90, q90_shares[k], 4300 + k);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* The roster path and the column path give the same bits. */
static void test_roster_matches_columns(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro;
    kol_value_result *res;
    double *a, *ca;
    size_t i, m;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 300);
    synth(&c, 300, 11);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_CONVERSION, &mo),
                     KOL_STATUS_OK);
    a = score_cohort(mo, &c, &ca);
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
    assert_int_equal(kol_value_result_size(res), c.n);
    for (i = 0; i < c.n; i++) {
        for (m = 0; m < NOUT; m++) {
            double v;
            assert_int_equal(kol_value_result_get(res, i, (int)m, &v),
                             KOL_STATUS_OK);
            assert_memory_equal(&v, &a[i * NOUT + m], sizeof v);
        }
        for (m = 0; m < 18; m++) {
            double v;
            assert_int_equal(
                kol_value_result_contribution(res, i, (int)m, &v),
                KOL_STATUS_OK);
            assert_memory_equal(&v, &ca[i * 18 + m], sizeof v);
        }
    }
    kol_value_result_free(res);
    kol_roster_free(ro);
    free(a);
    free(ca);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* More engagement never lowers fan value, all else equal: against the
 * cohort itself and against a stored reference. */
static void test_fan_monotone_in_engagement(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    size_t rows[6] = {0, 17, 123, 250, 333, 399};
    size_t r, step;
    int with_ref;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 400);
    synth(&c, 400, 5);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    for (with_ref = 0; with_ref <= 1; with_ref++) {
        if (with_ref) {
            kol_roster *ro = cohort_roster(ctx, &c, NULL);
            assert_int_equal(kol_value_model_set_reference(mo, ro),
                             KOL_STATUS_OK);
            kol_roster_free(ro);
        }
        for (r = 0; r < 6; r++) {
            size_t i = rows[r];
            double base[4], prev_fan = -1.0, prev_c = -1.0;
            int e;
            for (e = 0; e < 4; e++)
                base[e] = c.col[KOL_METRIC_AVG_LIKES + e][i];
            /* scale every engagement count */
            for (step = 0; step <= 30; step++) {
                double f = 0.2 + 0.2 * (double)step, *o;
                for (e = 0; e < 4; e++)
                    c.col[KOL_METRIC_AVG_LIKES + e][i] = base[e] * f;
                o = score_cohort(mo, &c, NULL);
                if (!(o[i * NOUT + KOL_VALUE_OUT_FAN] >= prev_fan))
                    print_error("ref %d row %zu step %zu: %.17g < %.17g\n",
                                with_ref, i, step,
                                o[i * NOUT + KOL_VALUE_OUT_FAN], prev_fan);
                assert_true(o[i * NOUT + KOL_VALUE_OUT_FAN] >= prev_fan);
                prev_fan = o[i * NOUT + KOL_VALUE_OUT_FAN];
                free(o);
            }
            for (e = 0; e < 4; e++)
                c.col[KOL_METRIC_AVG_LIKES + e][i] = base[e];
            /* more comments alone (likes fixed) */
            for (step = 0; step <= 20; step++) {
                double *o;
                c.col[KOL_METRIC_AVG_COMMENTS][i] =
                    round(base[1] * (0.5 + 0.25 * (double)step));
                o = score_cohort(mo, &c, NULL);
                assert_true(o[i * NOUT + KOL_VALUE_OUT_FAN] >= prev_c);
                prev_c = o[i * NOUT + KOL_VALUE_OUT_FAN];
                free(o);
            }
            c.col[KOL_METRIC_AVG_COMMENTS][i] = base[1];
        }
    }
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* Under the activation preset a 10K-follower account with 15% engagement
 * on 30 posts outranks a 2M-follower account with 0.1% engagement. */
static void test_activation_small_beats_big(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    size_t a, b;
    double *o;
    int variant;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    for (variant = 0; variant < 3; variant++) {
        cohort_init(&c, 402);
        if (variant == 1)
            synth(&c, 400, 21);
        if (variant == 2)
            synth(&c, 400, 1234);
        /* 15% engagement per follower; views half the followers. */
        a = add_account(&c, 10000, 0.5, 0.15, 30, 10, 0.02, 0.9);
        /* 0.1% engagement per follower; views 30% of the followers. */
        b = add_account(&c, 2000000, 0.3, 0.001, 30, 10, 0.02, 0.9);
        o = score_cohort(mo, &c, NULL);
        assert_true(o[a * NOUT] > o[b * NOUT]);
        assert_true(o[a * NOUT + KOL_VALUE_OUT_FAN] >
                    o[b * NOUT + KOL_VALUE_OUT_FAN]);
        /* the big account still wins on communication */
        assert_true(o[b * NOUT + KOL_VALUE_OUT_COMMUNICATION] >
                    o[a * NOUT + KOL_VALUE_OUT_COMMUNICATION]);
        free(o);
        cohort_free(&c);
    }
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* A 3-post account with one lucky viral post does not outrank a 60-post
 * account with steady strong engagement; without the shrinkage it would. */
static void test_lucky_does_not_top_steady(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    size_t lucky, steady, i;
    double *o;
    int goal;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 402);
    synth(&c, 400, 77);
    /* Steady: 10K followers, 60 posts, 10000 views and 1200 engagements
     * per post (12% per view). */
    steady = add_account(&c, 10000, 1.0, 0.12, 60, 12, 0.02, 0.9);
    /* Lucky: two posts of 3000 views and 90 engagements, one viral post of
     * 45000 views and 6750 engagements: averages 17000 views and 2310
     * engagements (13.6% per view, 23.1% per follower). */
    lucky = add_account(&c, 10000, 1.7, 0.231, 3, 3, 0.02, 0.9);
    for (goal = 0; goal <= 3; goal++) {
        assert_int_equal(kol_value_model_new(ctx, goal, &mo), KOL_STATUS_OK);
        o = score_cohort(mo, &c, NULL);
        /* Under every preset, the conversion one included (where, with no
         * conversion history, the expected views per unit of price carry
         * the conversion component: they are shrunk like the rates,
         * docs/model-value.md, "Shrinkage"). */
        assert_true(o[steady * NOUT] > o[lucky * NOUT]);
        /* the conversion value too (cost-effectiveness alone) */
        if (goal == KOL_VALUE_GOAL_CONVERSION)
            assert_true(o[steady * NOUT + KOL_VALUE_OUT_CONVERSION] >
                        o[lucky * NOUT + KOL_VALUE_OUT_CONVERSION]);
        /* the fan value is the steady account's under every preset */
        assert_true(o[steady * NOUT + KOL_VALUE_OUT_FAN] >
                    o[lucky * NOUT + KOL_VALUE_OUT_FAN]);
        /* and the lucky one does not top the ranking */
        for (i = 0; i < c.n && o[lucky * NOUT] < o[i * NOUT]; i++)
            ;
        assert_true(i < c.n);
        free(o);
        if (goal == KOL_VALUE_GOAL_ACTIVATION) {
            /* Without shrinkage (a tiny within-account noise) the lucky
             * account wins: the test above is not vacuous. */
            assert_int_equal(kol_value_model_set_param(
                                 mo, KOL_VALUE_PARAM_POST_LOG_SD, 0.01),
                             KOL_STATUS_OK);
            o = score_cohort(mo, &c, NULL);
            assert_true(o[lucky * NOUT] > o[steady * NOUT]);
            free(o);
        }
        if (goal == KOL_VALUE_GOAL_CONVERSION) {
            /* Likewise the conversion value: unshrunk, the lucky account's
             * views per unit of price are the higher. */
            assert_int_equal(kol_value_model_set_param(
                                 mo, KOL_VALUE_PARAM_POST_LOG_SD, 0.01),
                             KOL_STATUS_OK);
            o = score_cohort(mo, &c, NULL);
            assert_true(o[lucky * NOUT + KOL_VALUE_OUT_CONVERSION] >
                        o[steady * NOUT + KOL_VALUE_OUT_CONVERSION]);
            free(o);
        }
        kol_value_model_free(mo);
    }
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* An account with few fans and extraordinary engagement can score high:
 * the top of the ranking under activation holds a small account. */
static void test_small_can_score_high(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    size_t s, i, better = 0;
    double *o;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 401);
    synth(&c, 400, 8);
    s = add_account(&c, 3000, 1.5, 0.4, 200, 20, 0.08, 0.97);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    o = score_cohort(mo, &c, NULL);
    for (i = 0; i < c.n; i++)
        if (o[i * NOUT] > o[s * NOUT])
            better++;
    assert_true(better < 8); /* top 2% */
    free(o);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* Missing metrics: weights renormalized, confidence says how much. */
static void test_missing_metrics(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    size_t thin, empty, i;
    double *o, *con;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 302);
    synth(&c, 300, 9);
    thin = c.n++;
    c.col[KOL_METRIC_FOLLOWERS][thin] = 50000;
    c.col[KOL_METRIC_AVG_VIEWS][thin] = 20000;
    empty = c.n++;
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    o = score_cohort(mo, &c, &con);
    /* thin: reach, avg_views, view_rate present: 3 of the communication
     * weights (0.25 + 0.25 + 0.15) / 3 components */
    assert_double_near(o[thin * NOUT + KOL_VALUE_OUT_CONFIDENCE],
                       (0.25 + 0.25 + 0.15) / 3.0, 1e-12);
    assert_true(o[thin * NOUT + KOL_VALUE_OUT_FAN] == 0.0);
    assert_true(o[thin * NOUT + KOL_VALUE_OUT_CONVERSION] == 0.0);
    /* the total is the communication sub-score alone (renormalized) */
    assert_double_near(o[thin * NOUT],
                       o[thin * NOUT + KOL_VALUE_OUT_COMMUNICATION], 1e-9);
    for (i = 0; i < 18; i++)
        if (i > 2)
            assert_true(con[thin * 18 + i] == 0.0);
    assert_true(o[empty * NOUT] == 0.0);
    assert_true(o[empty * NOUT + KOL_VALUE_OUT_CONFIDENCE] == 0.0);
    assert_true(o[empty * NOUT + KOL_VALUE_OUT_VALUE_PER_COST] == 0.0);
    free(o);
    free(con);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Portrait match                                                     */
/* ------------------------------------------------------------------ */

/* The portrait match of a record does not depend on the order in which
 * its portrait's labels were given: 300 random portraits of 2 to 9
 * categories, each set in its order and reversed, give the same bits
 * (the shares are normalized over a sum taken in label order). */
static void test_portrait_label_order(void **state)
{
    static const char *lab[9] = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
    const char *rl[9];
    double w[9], rw[9], tw[9], v1, v2;
    kol_ctx *ctx;
    kol_value_model *mo;
    kol_record *r;
    uint64_t seed = 99;
    size_t k, i, n;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    for (i = 0; i < 9; i++)
        tw[i] = 0.05 + unif(&seed);
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_REGION, lab,
                                                tw, 9),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    for (k = 0; k < 300; k++) {
        n = 2 + (size_t)(unif(&seed) * 8.0);
        for (i = 0; i < n; i++) {
            w[i] = 0.1 * (double)(1 + (int)(unif(&seed) * 9.0));
            rl[n - 1 - i] = lab[i];
            rw[n - 1 - i] = w[i];
        }
        assert_int_equal(kol_record_set_portrait(r, KOL_DIMENSION_REGION, lab,
                                                 w, n),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_portrait_match(mo, r, &v1), KOL_STATUS_OK);
        assert_int_equal(kol_record_set_portrait(r, KOL_DIMENSION_REGION, rl,
                                                 rw, n),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_portrait_match(mo, r, &v2), KOL_STATUS_OK);
        assert_memory_equal(&v1, &v2, sizeof v1);
    }
    kol_record_free(r);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

static void test_portrait_match(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    kol_record *r;
    const char *g[] = {"female", "male"};
    const char *a[] = {"18-24", "25-34", "35+"};
    double tg[] = {80, 20}, rg[] = {0.6, 0.4};
    double ta[] = {0.5, 0.5, 0.0}, ra[] = {0.2, 0.3, 0.5};
    double v;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, "p1"), KOL_STATUS_OK);
    assert_status(ctx, kol_value_portrait_match(mo, r, &v),
                  KOL_STATUS_MISSING);
    assert_int_equal(
        kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, g, tg, 2),
        KOL_STATUS_OK);
    assert_int_equal(kol_record_set_portrait(r, KOL_DIMENSION_GENDER, g, rg, 2),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_portrait_match(mo, r, &v), KOL_STATUS_OK);
    /* min(0.6, 0.8) + min(0.4, 0.2) */
    assert_double_near(v, 0.8, 1e-15);
    assert_int_equal(
        kol_value_model_set_target(mo, KOL_DIMENSION_AGE, a, ta, 3),
        KOL_STATUS_OK);
    assert_int_equal(kol_record_set_portrait(r, KOL_DIMENSION_AGE, a, ra, 3),
                     KOL_STATUS_OK);
    /* age: 0.2 + 0.3 + 0 = 0.5; mean with weights 1, 1 */
    assert_int_equal(kol_value_portrait_match(mo, r, &v), KOL_STATUS_OK);
    assert_double_near(v, 0.65, 1e-15);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_DIM_WEIGHT_AGE, 3.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_portrait_match(mo, r, &v), KOL_STATUS_OK);
    assert_double_near(v, (0.8 + 3 * 0.5) / 4.0, 1e-15);
    /* a label absent from the record counts 0; disjoint gives 0 */
    {
        const char *x[] = {"other"};
        double one[] = {1.0};
        assert_int_equal(
            kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, x, one, 1),
            KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_AGE,
                                                    NULL, NULL, 0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_portrait_match(mo, r, &v), KOL_STATUS_OK);
        assert_true(v == 0.0);
    }
    kol_record_free(r);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* The model identifier (and the portrait match) depend on the target's
 * (label, weight) pairs, not on the order they were given in. The weights
 * 0.1, 0.2, 0.3 sum to different doubles in different orders, so the
 * normalized shares would differ in their last bits if the order leaked. */
static void test_model_id_target_order(void **state)
{
    kol_ctx *ctx;
    kol_value_model *m1, *m2;
    kol_record *r;
    const char *l1[] = {"b", "\xe5\xa5\xb3", "a"};
    double w1[] = {0.2, 0.3, 0.1};
    const char *l2[] = {"\xe5\xa5\xb3", "a", "b"};
    double w2[] = {0.3, 0.1, 0.2};
    double w3[] = {0.3, 0.2, 0.2};
    const char *rl[] = {"a", "b", "\xe5\xa5\xb3"};
    double rw[] = {0.15, 0.15, 0.7};
    char id0[64], id1[64];
    double v1, v2;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &m1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &m2),
                     KOL_STATUS_OK);
    snprintf(id0, sizeof id0, "%s", kol_value_model_id(m1));
    assert_int_equal(
        kol_value_model_set_target(m1, KOL_DIMENSION_GENDER, l1, w1, 3),
        KOL_STATUS_OK);
    assert_int_equal(
        kol_value_model_set_target(m2, KOL_DIMENSION_GENDER, l2, w2, 3),
        KOL_STATUS_OK);
    snprintf(id1, sizeof id1, "%s", kol_value_model_id(m1));
    assert_string_not_equal(id1, id0);
    assert_true(strncmp(id1, "kol-value/5:", 12) == 0);
    assert_int_equal(strlen(id1), 28);
    assert_string_equal(kol_value_model_id(m2), id1);
    /* scores agree to the bit as well */
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, "p1"), KOL_STATUS_OK);
    assert_int_equal(
        kol_record_set_portrait(r, KOL_DIMENSION_GENDER, rl, rw, 3),
        KOL_STATUS_OK);
    assert_int_equal(kol_value_portrait_match(m1, r, &v1), KOL_STATUS_OK);
    assert_int_equal(kol_value_portrait_match(m2, r, &v2), KOL_STATUS_OK);
    assert_memory_equal(&v1, &v2, sizeof v1);
    /* other weights on the same labels: another identifier */
    assert_int_equal(
        kol_value_model_set_target(m2, KOL_DIMENSION_GENDER, l2, w3, 3),
        KOL_STATUS_OK);
    assert_string_not_equal(kol_value_model_id(m2), id1);
    /* the same pairs on another dimension: another identifier */
    assert_int_equal(
        kol_value_model_set_target(m2, KOL_DIMENSION_GENDER, NULL, NULL, 0),
        KOL_STATUS_OK);
    assert_string_equal(kol_value_model_id(m2), id0);
    assert_int_equal(
        kol_value_model_set_target(m2, KOL_DIMENSION_AGE, l2, w2, 3),
        KOL_STATUS_OK);
    assert_string_not_equal(kol_value_model_id(m2), id1);
    /* the same order again: deterministic */
    assert_int_equal(
        kol_value_model_set_target(m1, KOL_DIMENSION_GENDER, l2, w2, 3),
        KOL_STATUS_OK);
    assert_string_equal(kol_value_model_id(m1), id1);
    kol_record_free(r);
    kol_value_model_free(m1);
    kol_value_model_free(m2);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Custom sub-metrics, stored reference, single records               */
/* ------------------------------------------------------------------ */

struct cm_user {
    int calls;
    int stop_at;
};

static int quality_metric(void *user, const kol_record *rec, double *value,
                          int32_t *present)
{
    struct cm_user *u = user;
    double q;
    u->calls++;
    if (u->stop_at > 0 && u->calls == u->stop_at)
        return 42;
    if (kol_record_get_metric(rec, KOL_METRIC_CONTENT_QUALITY, &q) ==
        KOL_STATUS_OK) {
        *value = q;
        *present = 1;
    }
    return 0;
}

static void test_custom_metric_and_reference(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro;
    kol_value_result *res;
    struct cm_user u = {0, 0};
    int32_t code;
    size_t i;
    double o[NOUT], con[19], v;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 100);
    synth(&c, 100, 31);
    for (i = 0; i < c.n; i++)
        c.col[KOL_METRIC_CONTENT_QUALITY][i] = (double)(i % 10) / 10.0;
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(
                         mo, "quality", KOL_VALUE_COMPONENT_FAN, 0.5,
                         KOL_VALUE_NORM_ABSOLUTE, quality_metric, &u, &code),
                     KOL_STATUS_OK);
    assert_int_equal(code, 18);
    assert_int_equal(kol_value_model_metric_count(mo), 19);
    assert_string_equal(kol_value_model_metric_name(mo, 18), "quality");
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "quality", 0, 1.0, 0,
                                             quality_metric, &u, NULL),
                  KOL_STATUS_DUPLICATE);
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "reach", 0, 1.0, 0,
                                             quality_metric, &u, NULL),
                  KOL_STATUS_DUPLICATE);
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
    assert_int_equal(u.calls, (int)c.n);
    /* record 7 has quality 0.7: its contribution is the fan share times
     * 0.7 */
    for (i = 0; i < c.n; i++) {
        double s = 0.0, t;
        int m;
        for (m = 0; m < 19; m++) {
            assert_int_equal(kol_value_result_contribution(res, i, m, &v),
                             KOL_STATUS_OK);
            s += v;
        }
        kol_value_result_get(res, i, KOL_VALUE_OUT_TOTAL, &t);
        assert_true(s == t);
        kol_value_result_contribution(res, i, 18, &v);
        assert_true((i % 10 == 0) ? v == 0.0 : v > 0.0);
    }
    kol_value_result_free(res);

    /* a callback that stops */
    u.calls = 0;
    u.stop_at = 5;
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_CALLBACK);
    assert_null(res);
    assert_int_equal(kol_ctx_callback_code(ctx), 42);
    assert_last_error(ctx, KOL_STATUS_CALLBACK, "quality");
    u.stop_at = 0;

    /* score_record needs a reference */
    {
        const kol_record *r0;
        kol_roster_at(ro, 7, &r0);
        assert_status(ctx, kol_value_score_record(mo, r0, o, con, 19),
                      KOL_STATUS_BAD_STATE);
        assert_last_error(ctx, KOL_STATUS_BAD_STATE, "reference");
        assert_int_equal(kol_value_model_set_reference(mo, ro),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_has_reference(mo), 1);
        assert_int_equal(kol_value_score_record(mo, r0, o, con, 19),
                         KOL_STATUS_OK);
        /* with the roster as stored reference, scoring the roster or one
         * record gives the same bits as self-normalization */
        assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
        for (i = 0; i < NOUT; i++) {
            kol_value_result_get(res, 7, (int)i, &v);
            assert_memory_equal(&v, &o[i], sizeof v);
        }
        kol_value_result_free(res);
        {
            kol_value_model *m2;
            kol_value_result *r2;
            assert_int_equal(kol_value_model_new(ctx, 0, &m2), KOL_STATUS_OK);
            assert_int_equal(kol_value_model_add_metric(
                                 m2, "quality", KOL_VALUE_COMPONENT_FAN, 0.5,
                                 KOL_VALUE_NORM_ABSOLUTE, quality_metric, &u,
                                 NULL),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_score_roster(m2, ro, &r2),
                             KOL_STATUS_OK);
            kol_value_result_get(r2, 7, KOL_VALUE_OUT_TOTAL, &v);
            assert_memory_equal(&v, &o[0], sizeof v);
            kol_value_result_free(r2);
            kol_value_model_free(m2);
        }
        assert_int_equal(kol_value_model_set_reference(mo, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_has_reference(mo), 0);
    }
    /* a custom column in the batch call */
    {
        const double *cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 1];
        double *out = malloc(c.n * NOUT * sizeof(double));
        double *cc = malloc(c.n * 19 * sizeof(double));
        size_t m;
        memset(cols, 0, sizeof cols);
        for (m = 0; m < NM; m++)
            cols[m] = c.col[m];
        cols[KOL_VALUE_COLUMN_CUSTOM_BASE] = c.col[KOL_METRIC_CONTENT_QUALITY];
        assert_int_equal(kol_value_score_columns(mo, cols,
                                                 KOL_VALUE_COLUMN_CUSTOM_BASE +
                                                     1,
                                                 c.n, out, cc),
                         KOL_STATUS_OK);
        assert_true(cc[3 * 19 + 18] > 0.0 && cc[0 * 19 + 18] == 0.0);
        free(out);
        free(cc);
    }
    kol_roster_free(ro);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* A stored reference from columns scores a new cohort against it. */
static void test_reference_columns(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort ref, c;
    const double *cols[NM];
    double *a, *b;
    size_t m;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&ref, 500);
    synth(&ref, 500, 1);
    cohort_init(&c, 50);
    synth(&c, 50, 2);
    for (m = 0; m < NM; m++)
        cols[m] = ref.col[m];
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                     KOL_STATUS_OK);
    assert_int_equal(
        kol_value_model_set_reference_columns(mo, cols, NM, ref.n),
        KOL_STATUS_OK);
    a = score_cohort(mo, &c, NULL);
    /* scoring rows one at a time gives the same bits (no cohort effect) */
    {
        struct cohort one;
        size_t i, k;
        cohort_init(&one, 1);
        for (i = 0; i < c.n; i++) {
            for (k = 0; k < NM; k++)
                one.col[k][0] = c.col[k][i];
            one.n = 1;
            b = score_cohort(mo, &one, NULL);
            assert_memory_equal(b, a + i * NOUT, NOUT * sizeof(double));
            free(b);
        }
        cohort_free(&one);
    }
    free(a);
    kol_value_model_free(mo);
    cohort_free(&ref);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* The worked example of docs/model-value.md                          */
/* ------------------------------------------------------------------ */

/* Five accounts, two sub-metrics (reach in communication, er_follower in
 * fan), activation goal, one band edge at 50K followers. */
/* The elementary functions of the model (docs/model-value.md,
 * "Elementary functions"): exact at the special points, within 2 ulp of
 * the C library everywhere on their domains (the documented bound; 1 ulp
 * measured), and monotone where the scores need it. */
static double ulp_distance(double got, double want)
{
    double a = fabs(want);
    if (got == want)
        return 0.0;
    return fabs(got - want) / (nextafter(a, INFINITY) - a);
}

static uint64_t em_state = 0x1234567u;

static double em_unif(void)
{
    uint64_t z = (em_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

static void test_elementary_functions(void **state)
{
    double worst[4] = {0.0, 0.0, 0.0, 0.0};
    int i;
    (void)state;
    assert_true(kol__log(1.0) == 0.0);
    assert_true(kol__log1p(0.0) == 0.0);
    assert_true(kol__exp(0.0) == 1.0);
    assert_true(kol__expm1(0.0) == 0.0);
    assert_true(ulp_distance(kol__exp(1.0), exp(1.0)) <= 1.0);
    assert_true(fabs(kol__log(2.0) - 0.6931471805599453) < 1e-16);
    for (i = 0; i < 400000; i++) {
        /* ln over the whole normal range, densely near 1 */
        double x = i % 2 ? exp(-700.0 + 1400.0 * em_unif())
                         : 1.0 + (em_unif() - 0.5) * 1e-3;
        double y = -700.0 + 1409.0 * em_unif();
        double yz = (em_unif() - 0.5) * (i % 3 ? 2.0 : 1e-6);
        double z = em_unif() * pow(10.0, -30.0 + 60.0 * em_unif());
        double d;
        d = ulp_distance(kol__log(x), log(x));
        worst[0] = d > worst[0] ? d : worst[0];
        d = ulp_distance(kol__exp(y), exp(y));
        worst[1] = d > worst[1] ? d : worst[1];
        d = ulp_distance(kol__log1p(z), log1p(z));
        worst[2] = d > worst[2] ? d : worst[2];
        d = ulp_distance(kol__expm1(i % 2 ? y : yz), expm1(i % 2 ? y : yz));
        worst[3] = d > worst[3] ? d : worst[3];
    }
    for (i = 0; i < 4; i++) {
        if (worst[i] > 2.0)
            print_error("function %d: %g ulp\n", i, worst[i]);
        assert_true(worst[i] <= 2.0);
    }
    /* The block loops' short-series variants (formula version 2): ln
     * within 6e-13 absolute plus 8 ulp, e^x within 5e-13 relative. */
    {
        double wl = 0.0, wl1 = 0.0, we = 0.0;
        assert_true(kol__vlog(1.0) == 0.0);
        assert_true(kol__vlog1p(0.0) == 0.0);
        assert_true(kol__vexp(0.0) == 1.0);
        for (i = 0; i < 400000; i++) {
            double x = i % 2 ? exp(-700.0 + 1400.0 * em_unif())
                             : 0.5 + 1.5 * em_unif();
            double z = em_unif() * pow(10.0, -30.0 + 60.0 * em_unif());
            double y = -700.0 + 1409.0 * em_unif();
            double r = log(x), r1 = log1p(z), d;
            d = fabs(kol__vlog(x) - r) /
                (6e-13 + 8.0 * (nextafter(fabs(r), INFINITY) - fabs(r)));
            wl = d > wl ? d : wl;
            d = fabs(kol__vlog1p(z) - r1) /
                (6e-13 + 8.0 * (nextafter(r1, INFINITY) - r1));
            wl1 = d > wl1 ? d : wl1;
            d = fabs(kol__vexp(y) - exp(y)) / exp(y);
            we = d > we ? d : we;
        }
        if (wl > 1.0 || wl1 > 1.0 || we > 5e-13)
            print_error("vlog %g, vlog1p %g (of the bound), vexp %g\n", wl,
                        wl1, we);
        assert_true(wl <= 1.0);
        assert_true(wl1 <= 1.0);
        assert_true(we <= 5e-13);
    }
    /* monotone across the reduction boundaries of ln and exp */
    {
        double x = 0.7071067811865475, prev = kol__log(x);
        for (i = 0; i < 64; i++) {
            double v;
            x = nextafter(x, 2.0);
            v = kol__log(x);
            assert_true(v >= prev);
            prev = v;
        }
        x = 0.34657359027997264; /* ln 2 / 2 */
        prev = kol__exp(x);
        for (i = 0; i < 64; i++) {
            double v;
            x = nextafter(x, 1.0);
            v = kol__exp(x);
            assert_true(v >= prev);
            prev = v;
        }
    }
}

static void test_worked_example(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    double *o, *con;
    char buf[256];
    size_t i;
    int m;
    double edges[1] = {50000};
    static const double F[5] = {8000, 20000, 40000, 300000, 1200000};
    static const double L[5] = {900, 1000, 1500, 6000, 9000};
    static const double P[5] = {40, 5, 120, 200, 300};
    /* total, communication, fan, confidence; contributions of reach and
     * er_follower: as printed in docs/model-value.md, "Worked example" */
    static const char *const want[5] = {
        "66.9603 33.7492 74.0770 1.0000 5.9557 61.0046",
        "51.2194 42.7883 53.0261 1.0000 7.5509 43.6685",
        "46.2676 50.0000 45.4678 1.0000 8.8235 37.4441",
        "50.9776 69.9403 46.9141 1.0000 12.3424 38.6352",
        "31.7905 80.6194 21.3272 1.0000 14.2270 17.5636",
    };
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    for (m = 0; m < 18; m++)
        if (m != KOL_VALUE_METRIC_REACH && m != KOL_VALUE_METRIC_ER_FOLLOWER)
            assert_int_equal(kol_value_model_set_metric(mo, m, 0.0, 0),
                             KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_bands(mo, edges, 1), KOL_STATUS_OK);
    assert_int_equal(
        kol_value_model_set_param(mo, KOL_VALUE_PARAM_BAND_PRIOR_N, 2.0),
        KOL_STATUS_OK);
    cohort_init(&c, 5);
    for (i = 0; i < 5; i++) {
        c.col[KOL_METRIC_FOLLOWERS][i] = F[i];
        c.col[KOL_METRIC_AVG_LIKES][i] = L[i];
        c.col[KOL_METRIC_POSTS][i] = P[i];
    }
    c.n = 5;
    o = score_cohort(mo, &c, &con);
    for (i = 0; i < 5; i++) {
        snprintf(buf, sizeof buf, "%.4f %.4f %.4f %.4f %.4f %.4f", o[i * NOUT],
                 o[i * NOUT + 1], o[i * NOUT + 2], o[i * NOUT + 4],
                 con[i * 18 + KOL_VALUE_METRIC_REACH],
                 con[i * 18 + KOL_VALUE_METRIC_ER_FOLLOWER]);
        assert_string_equal(buf, want[i]);
    }
    /* the ranking the text states: 0, 1 (by 0.24 points), 3, 2, 4 */
    {
        static const size_t rank[5] = {0, 1, 3, 2, 4};
        kol_roster *ro = cohort_roster(ctx, &c, NULL);
        kol_value_result *res;
        size_t at;
        assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
        for (i = 0; i < 5; i++) {
            assert_int_equal(kol_value_result_rank(res, i, &at),
                             KOL_STATUS_OK);
            assert_int_equal(at, rank[i]);
        }
        assert_true(o[1 * NOUT] - o[3 * NOUT] > 0.24 &&
                    o[1 * NOUT] - o[3 * NOUT] < 0.25);
        kol_value_result_free(res);
        kol_roster_free(ro);
    }
    free(o);
    free(con);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* A shrunk metric under absolute normalization is shrunk toward the
 * reference's band prior before it is clamped: it is missing against a
 * reference without its values, and its score moves with the reference,
 * while an absolute metric that is not shrunk (authenticity) uses no
 * reference at all. */
static void test_absolute_shrunk_uses_reference(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    static const double F[3] = {1000, 5000, 20000}, P[3] = {3, 3, 3};
    static const double none[3] = {NAN, NAN, NAN}, low[3] = {100, 500, 2000};
    static const double high[3] = {900, 4500, 18000}, real[3] = {.9, .9, .9};
    static const double F1[1] = {4000}, L1[1] = {2000}, P1[1] = {3};
    static const double R1[1] = {0.7};
    const double *ref[NM], *one[NM];
    double o[3][NOUT];
    int m;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    for (m = 0; m < 18; m++)
        assert_int_equal(
            kol_value_model_set_metric(
                mo, m, m == KOL_VALUE_METRIC_ER_FOLLOWER ? 1.0 : 0.0,
                m == KOL_VALUE_METRIC_ER_FOLLOWER ? KOL_VALUE_NORM_ABSOLUTE
                                                  : KOL_VALUE_NORM_COHORT),
            KOL_STATUS_OK);
    /* eps = 1: ln(E / F + 1) lies in (0, 1) for these rows */
    assert_int_equal(
        kol_value_model_set_param(mo, KOL_VALUE_PARAM_RATE_EPSILON, 1.0),
        KOL_STATUS_OK);
    memset(ref, 0, sizeof ref);
    memset(one, 0, sizeof one);
    ref[KOL_METRIC_FOLLOWERS] = F;
    ref[KOL_METRIC_POSTS] = P;
    ref[KOL_METRIC_REAL_FOLLOWER_RATIO] = real;
    one[KOL_METRIC_FOLLOWERS] = F1;
    one[KOL_METRIC_AVG_LIKES] = L1;
    one[KOL_METRIC_POSTS] = P1;
    one[KOL_METRIC_REAL_FOLLOWER_RATIO] = R1;
    ref[KOL_METRIC_AVG_LIKES] = none;
    assert_int_equal(kol_value_model_set_reference_columns(mo, ref, NM, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, one, NM, 1, o[0], NULL),
                     KOL_STATUS_OK);
    ref[KOL_METRIC_AVG_LIKES] = low;
    assert_int_equal(kol_value_model_set_reference_columns(mo, ref, NM, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, one, NM, 1, o[1], NULL),
                     KOL_STATUS_OK);
    ref[KOL_METRIC_AVG_LIKES] = high;
    assert_int_equal(kol_value_model_set_reference_columns(mo, ref, NM, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, one, NM, 1, o[2], NULL),
                     KOL_STATUS_OK);
    /* missing against the reference without likes */
    assert_true(o[0][KOL_VALUE_OUT_CONFIDENCE] == 0.0);
    assert_true(o[0][KOL_VALUE_OUT_TOTAL] == 0.0);
    /* present against the others, and pulled toward their priors */
    assert_true(o[1][KOL_VALUE_OUT_CONFIDENCE] == 1.0);
    assert_true(o[2][KOL_VALUE_OUT_CONFIDENCE] == 1.0);
    assert_true(o[1][KOL_VALUE_OUT_TOTAL] > 0.0);
    assert_true(o[2][KOL_VALUE_OUT_TOTAL] > o[1][KOL_VALUE_OUT_TOTAL] + 1.0);
    /* authenticity, absolute and not shrunk, needs no reference value */
    assert_int_equal(kol_value_model_set_metric(
                         mo, KOL_VALUE_METRIC_AUTHENTICITY, 1.0,
                         KOL_VALUE_NORM_ABSOLUTE),
                     KOL_STATUS_OK);
    ref[KOL_METRIC_REAL_FOLLOWER_RATIO] = none;
    assert_int_equal(kol_value_model_set_reference_columns(mo, ref, NM, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, one, NM, 1, o[0], NULL),
                     KOL_STATUS_OK);
    assert_true(o[0][KOL_VALUE_OUT_CONFIDENCE] == 1.0);
    assert_true(o[0][KOL_VALUE_OUT_FAN] > 0.0);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                          */
/* ------------------------------------------------------------------ */

static void test_bad_input(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    const double *cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH + 1];
    double out[3 * NOUT], keep[3 * NOUT];
    size_t m;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(NULL, 0, &mo),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_model_new(ctx, 0, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_model_new(ctx, 9, &mo),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "goal");
    assert_null(mo);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);

    /* parameters */
    assert_status(ctx, kol_value_model_set_param(mo, 99, 1.0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx,
                  kol_value_model_set_param(mo, KOL_VALUE_PARAM_POST_LOG_SD,
                                            NAN),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "post_log_sd");
    assert_status(ctx,
                  kol_value_model_set_param(mo, KOL_VALUE_PARAM_POST_LOG_SD,
                                            0.0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx,
                  kol_value_model_set_param(mo, KOL_VALUE_PARAM_WEIGHT_FAN,
                                            -1.0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "weight_fan");
    assert_status(ctx, kol_value_model_set_metric(mo, 40, 1.0, 0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_model_set_metric(mo, 0, INFINITY, 0),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_value_model_set_metric(mo, 0, -0.5, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_value_model_set_metric(mo, 0, 0.5, 7),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_model_set_goal(mo, -1),
                  KOL_STATUS_UNKNOWN_ENUM);
    /* bands */
    {
        double e2[2] = {100, 50}, e0[1] = {0}, en[1] = {NAN}, e16[16];
        assert_status(ctx, kol_value_model_set_bands(mo, e2, 2),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "edge 1");
        assert_status(ctx, kol_value_model_set_bands(mo, e0, 1),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_value_model_set_bands(mo, en, 1),
                      KOL_STATUS_NOT_FINITE);
        assert_status(ctx, kol_value_model_set_bands(mo, e16, 16),
                      KOL_STATUS_TOO_LARGE);
        assert_status(ctx, kol_value_model_set_bands(mo, e2, 0),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                          "no edge given, 1 to 15 accepted");
        assert_status(ctx, kol_value_model_set_bands(mo, NULL, 1),
                      KOL_STATUS_INVALID_ARGUMENT);
    }
    /* target portrait */
    {
        const char *l2[] = {"a", "a"}, *lb[] = {"bad\x01"}, *l1[] = {"a"};
        double w2[] = {1, 1}, wneg[] = {-1}, wz[] = {0}, wn[] = {NAN};
        assert_status(ctx, kol_value_model_set_target(mo, 0, l2, w2, 2),
                      KOL_STATUS_DUPLICATE);
        assert_status(ctx, kol_value_model_set_target(mo, 0, lb, w2, 1),
                      KOL_STATUS_BAD_TEXT);
        assert_status(ctx, kol_value_model_set_target(mo, 0, l1, wneg, 1),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_value_model_set_target(mo, 0, l1, wz, 1),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_value_model_set_target(mo, 0, l1, wn, 1),
                      KOL_STATUS_NOT_FINITE);
        assert_status(ctx, kol_value_model_set_target(mo, 9, l1, w2, 1),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_status(ctx, kol_value_model_set_target(mo, 0, NULL, w2, 1),
                      KOL_STATUS_INVALID_ARGUMENT);
    }
    /* custom metrics */
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "x", 5, 1.0, 0,
                                             quality_metric, NULL, NULL),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "", 0, 1.0, 0,
                                             quality_metric, NULL, NULL),
                  KOL_STATUS_BAD_TEXT);
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "x", 0, 1.0, 0, NULL, NULL,
                                             NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_metric_count(mo), 18);

    /* columns: NaN is missing, infinities and out-of-domain refused */
    cohort_init(&c, 3);
    synth(&c, 3, 4);
    memset(cols, 0, sizeof cols);
    for (m = 0; m < NM; m++)
        cols[m] = c.col[m];
    for (m = 0; m < 3 * NOUT; m++)
        out[m] = keep[m] = -7.0;
    c.col[KOL_METRIC_AVG_VIEWS][1] = INFINITY;
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "avg_views");
    assert_msg_number(ctx, 1);
    assert_memory_equal(out, keep, sizeof out);
    c.col[KOL_METRIC_AVG_VIEWS][1] = -5.0;
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "avg_views");
    c.col[KOL_METRIC_AVG_VIEWS][1] = NAN; /* missing: fine */
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                     KOL_STATUS_OK);
    c.col[KOL_METRIC_REAL_FOLLOWER_RATIO][2] = 1.5;
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "real_follower_ratio");
    c.col[KOL_METRIC_REAL_FOLLOWER_RATIO][2] = 0.5;
    c.col[KOL_METRIC_COOPERATIONS][0] = 2;
    c.col[KOL_METRIC_DISPUTES][0] = 3;
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "disputes");
    c.col[KOL_METRIC_DISPUTES][0] = 1;
    {
        double pm[3] = {0.5, 2.0, NAN};
        cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = pm;
        assert_status(ctx,
                      kol_value_score_columns(
                          mo, cols, KOL_VALUE_COLUMN_PORTRAIT_MATCH + 1, 3,
                          out, NULL),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "portrait_match");
        cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = NULL;
    }
    /* zero denominators: followers 0, views 0, price 0 are defined */
    c.col[KOL_METRIC_FOLLOWERS][0] = 0;
    c.col[KOL_METRIC_AVG_VIEWS][0] = 0;
    c.col[KOL_METRIC_PRICE][0] = 0;
    c.col[KOL_METRIC_AVG_LIKES][0] = 0;
    c.col[KOL_METRIC_HIST_COST][0] = 0;
    c.col[KOL_METRIC_CLICKS][0] = 0;
    c.col[KOL_METRIC_HIST_VIEWS][0] = 0;
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                     KOL_STATUS_OK);
    for (m = 0; m < 3 * NOUT; m++)
        assert_true(isfinite(out[m]));
    assert_true(out[KOL_VALUE_OUT_VALUE_PER_COST] == 0.0);
    /* huge and tiny values stay finite */
    c.col[KOL_METRIC_FOLLOWERS][1] = 9007199254740992.0;
    c.col[KOL_METRIC_AVG_VIEWS][1] = 9007199254740992.0;
    c.col[KOL_METRIC_PRICE][1] = 1e-300;
    c.col[KOL_METRIC_REVENUE][1] = 9007199254740992.0;
    c.col[KOL_METRIC_HIST_COST][1] = 1e-300;
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 3, out, NULL),
                     KOL_STATUS_OK);
    for (m = 0; m < 3 * NOUT; m++)
        assert_true(isfinite(out[m]));
    /* NULL arguments, no rows */
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 3, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_score_columns(mo, NULL, NM, 3, out, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_score_columns(mo, NULL, 0, 0, NULL, NULL),
                     KOL_STATUS_OK);
    /* no column at all: every row scores 0 with confidence 0 */
    assert_int_equal(kol_value_score_columns(mo, NULL, 0, 3, out, NULL),
                     KOL_STATUS_OK);
    assert_true(out[0] == 0.0 && out[KOL_VALUE_OUT_CONFIDENCE] == 0.0);
    assert_status(ctx, kol_value_model_set_reference_columns(mo, cols, NM, 0),
                  KOL_STATUS_EMPTY);
    {
        kol_roster *ro;
        kol_value_result *res;
        double v;
        size_t ix;
        assert_int_equal(kol_roster_new(ctx, &ro), KOL_STATUS_OK);
        assert_status(ctx, kol_value_model_set_reference(mo, ro),
                      KOL_STATUS_EMPTY);
        assert_last_error(ctx, KOL_STATUS_EMPTY, "empty");
        assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
        assert_int_equal(kol_value_result_size(res), 0);
        assert_status(ctx, kol_value_result_get(res, 0, 0, &v),
                      KOL_STATUS_NOT_FOUND);
        assert_status(ctx, kol_value_result_rank(res, 0, &ix),
                      KOL_STATUS_NOT_FOUND);
        kol_value_result_free(res);
        assert_status(ctx, kol_value_score_roster(mo, NULL, &res),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_value_score_roster(mo, ro, NULL),
                      KOL_STATUS_INVALID_ARGUMENT);
        kol_roster_free(ro);
    }
    assert_int_equal(kol_value_model_has_reference(mo), 0);
    cohort_free(&c);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

static double bad_value;

static int bad_metric(void *user, const kol_record *rec, double *value,
                      int32_t *present)
{
    (void)user;
    (void)rec;
    *value = bad_value;
    *present = 1;
    return 0;
}

/* Custom metrics that misbehave, and a record with more disputes than
 * cooperations: refused with a message naming the metric or field. */
static void test_bad_custom_and_records(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro;
    kol_value_result *res = NULL;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 10);
    synth(&c, 10, 10);
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "shaky",
                                                KOL_VALUE_COMPONENT_FAN, 1.0,
                                                KOL_VALUE_NORM_ABSOLUTE,
                                                bad_metric, NULL, NULL),
                     KOL_STATUS_OK);
    bad_value = 1.5;
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "shaky");
    assert_null(res);
    bad_value = NAN;
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "shaky");
    bad_value = -INFINITY;
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_value_model_set_reference(mo, ro),
                  KOL_STATUS_NOT_FINITE);
    assert_int_equal(kol_value_model_has_reference(mo), 0);
    /* a cohort-normalized custom metric takes any finite value */
    assert_int_equal(kol_value_model_set_metric(mo, 18, 1.0,
                                                KOL_VALUE_NORM_COHORT),
                     KOL_STATUS_OK);
    bad_value = -1e9;
    assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
    kol_value_result_free(res);
    kol_roster_free(ro);
    /* disputes above cooperations in a record */
    c.col[KOL_METRIC_COOPERATIONS][4] = 1;
    c.col[KOL_METRIC_DISPUTES][4] = 2;
    ro = cohort_roster(ctx, &c, NULL);
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "disputes");
    assert_msg_number(ctx, 4);
    /* named by the record's id, not only by its position */
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "record 4 ('k000004')");
    kol_roster_free(ro);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Callbacks that call back into the model                            */
/* ------------------------------------------------------------------ */

/* From inside one of the model's callbacks, every call that would change
 * the model; each must be refused with BAD_STATE, naming both calls, and
 * change nothing. */
static int absent_metric(void *user, const kol_record *rec, double *value,
                         int32_t *present);

struct reentry {
    kol_value_model *mo;
    kol_ctx *ctx;
    kol_roster *ro;
    const double *const *cols;
    int armed;   /* make the calls at the next callback */
    int made;    /* rounds of calls made */
    int refused; /* calls refused as they should be */
    int wrong;   /* calls that were not */
    int roster_rounds; /* rounds that also tried to change the roster */
    const char *running;
};

static void reentry_check(struct reentry *u, const char *fn, kol_status st)
{
    if (testmsg_refused(u->ctx, st, fn, u->running))
        u->refused++;
    else
        u->wrong++;
}

/* A select callback for kol_roster_remove_if(): every record. */
static int select_every(void *user, uint64_t index, const kol_record *rec,
                        int32_t *remove)
{
    (void)user;
    (void)index;
    (void)rec;
    *remove = 1;
    return 0;
}

static void reentry_calls(struct reentry *u)
{
    static const char *const lab[2] = {"female", "male"};
    static const double wt[2] = {0.5, 0.5};
    static const double edges[2] = {1000.0, 100000.0};
    double out[NOUT * 4];
    kol_value_result *res = NULL;
    const kol_record *r;
    if (!u || !u->armed) /* the plain model's callbacks */
        return;
    u->armed = 0;
    u->made++;
/* the call, refused, and its name for the message check */
#define REFUSED(fn, args) reentry_check(u, #fn, fn args)
    REFUSED(kol_value_model_set_goal, (u->mo, 1));
    REFUSED(kol_value_model_set_param,
            (u->mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 8.0));
    REFUSED(kol_value_model_set_metric,
            (u->mo, KOL_VALUE_METRIC_REACH, 3.0, 0));
    REFUSED(kol_value_model_add_metric,
            (u->mo, "inner", 0, 1.0, 0, absent_metric, NULL, NULL));
    REFUSED(kol_value_model_set_bands, (u->mo, edges, 2));
    REFUSED(kol_value_model_set_target,
            (u->mo, KOL_DIMENSION_GENDER, lab, wt, 2));
    REFUSED(kol_value_model_set_reference, (u->mo, u->ro));
    REFUSED(kol_value_model_set_reference, (u->mo, NULL));
    REFUSED(kol_value_model_set_reference_columns, (u->mo, u->cols, NM, 4));
    REFUSED(kol_value_score_columns, (u->mo, u->cols, NM, 4, out, NULL));
    assert_int_equal(kol_roster_at(u->ro, 0, &r), KOL_STATUS_OK);
    REFUSED(kol_value_score_record, (u->mo, r, out, NULL, 0));
    REFUSED(kol_value_score_roster, (u->mo, u->ro, &res));
    assert_null(res);
    /* the roster being read may not change either (its records are read
     * after the callbacks, by the ranking) */
    if (strcmp(u->running, "kol_value_score_roster") == 0 ||
        strcmp(u->running, "kol_value_model_set_reference") == 0) {
        kol_record *nr;
        assert_int_equal(kol_record_new(u->ctx, &nr), KOL_STATUS_OK);
        assert_int_equal(kol_record_set_text(nr, KOL_TEXT_ID, "new"),
                         KOL_STATUS_OK);
        REFUSED(kol_roster_remove, (u->ro, "k000000"));
        REFUSED(kol_roster_remove_if, (u->ro, select_every, NULL, NULL));
        REFUSED(kol_roster_add, (u->ro, nr));
        kol_record_free(nr);
        u->roster_rounds++;
    }
    /* getters stay allowed */
    assert_non_null(kol_value_model_id(u->mo));
    assert_int_equal(kol_value_model_metric_count(u->mo), 19);
#undef REFUSED
}

static int reentry_metric(void *user, const kol_record *rec, double *value,
                          int32_t *present)
{
    double q;
    reentry_calls(user);
    if (kol_record_get_metric(rec, KOL_METRIC_CONTENT_QUALITY, &q) ==
        KOL_STATUS_OK) {
        *value = q;
        *present = 1;
    }
    return 0;
}

static int reentry_progress(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    reentry_calls(user);
    return 0;
}

static void test_callback_reentry(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo, *plain;
    kol_roster *ro;
    kol_value_result *res, *want;
    struct cohort c;
    struct reentry u;
    const double *cols[NM];
    double *o, *o2, rec_o[NOUT], rec_w[NOUT];
    const kol_record *r0;
    size_t m, i, n = 200;
    int call;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, n);
    synth(&c, n, 31);
    for (m = 0; m < NM; m++)
        cols[m] = c.col[m];
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_roster_at(ro, 0, &r0), KOL_STATUS_OK);
    o = malloc(n * NOUT * sizeof(double));
    o2 = malloc(n * NOUT * sizeof(double));
    assert_non_null(o);
    assert_non_null(o2);
    memset(&u, 0, sizeof u);
    u.ctx = ctx;
    u.ro = ro;
    u.cols = cols;
    /* the same model twice: one whose callbacks call back, one whose
     * callbacks do not */
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &plain), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "quality", 1, 1.0, 0,
                                                reentry_metric, &u, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(plain, "quality", 1, 1.0, 0,
                                                reentry_metric, NULL, NULL),
                     KOL_STATUS_OK);
    u.mo = mo;
    /* 1. the custom metric's callback, in each call that runs it */
    for (call = 0; call < 3; call++) {
        const char *names[3] = {"kol_value_score_roster",
                                "kol_value_model_set_reference",
                                "kol_value_score_record"};
        u.running = names[call];
        u.armed = 1;
        if (call == 0) {
            assert_int_equal(kol_value_score_roster(mo, ro, &res),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_score_roster(plain, ro, &want),
                             KOL_STATUS_OK);
            for (i = 0; i < n; i++) {
                int k;
                for (k = 0; k < NOUT; k++) {
                    double a, b;
                    assert_int_equal(kol_value_result_get(res, i, k, &a),
                                     KOL_STATUS_OK);
                    assert_int_equal(kol_value_result_get(want, i, k, &b),
                                     KOL_STATUS_OK);
                    assert_memory_equal(&a, &b, sizeof a);
                }
            }
            kol_value_result_free(res);
            kol_value_result_free(want);
        } else if (call == 1) {
            assert_int_equal(kol_value_model_set_reference(mo, ro),
                             KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_reference(plain, ro),
                             KOL_STATUS_OK);
        } else {
            assert_int_equal(kol_value_score_record(mo, r0, rec_o, NULL, 0),
                             KOL_STATUS_OK);
            assert_int_equal(
                kol_value_score_record(plain, r0, rec_w, NULL, 0),
                KOL_STATUS_OK);
            assert_memory_equal(rec_o, rec_w, sizeof rec_o);
        }
        assert_int_equal(u.made, call + 1);
    }
    /* nothing changed: the identifiers agree, and so do the scores */
    assert_string_equal(kol_value_model_id(mo), kol_value_model_id(plain));
    assert_int_equal(kol_value_model_metric_count(mo), 19);
    /* 2. the progress callback, in the batch and reference calls */
    assert_int_equal(kol_ctx_set_progress(ctx, reentry_progress, &u),
                     KOL_STATUS_OK);
    u.running = "kol_value_score_columns";
    u.armed = 1;
    assert_int_equal(kol_value_score_columns(mo, cols, NM, n, o, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(u.made, 4);
    u.running = "kol_value_model_set_reference_columns";
    u.armed = 1;
    assert_int_equal(kol_value_model_set_reference_columns(mo, cols, NM, n),
                     KOL_STATUS_OK);
    assert_int_equal(u.made, 5);
    assert_int_equal(kol_ctx_set_progress(ctx, NULL, NULL), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_reference_columns(plain, cols, NM,
                                                           n),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(plain, cols, NM, n, o2, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, n, o, NULL),
                     KOL_STATUS_OK);
    assert_memory_equal(o, o2, n * NOUT * sizeof(double));
    assert_string_equal(kol_value_model_id(mo), kol_value_model_id(plain));
    /* 12 refused calls per round, 3 more on the roster in the rounds of
     * the calls reading one, none let through */
    assert_int_equal(u.roster_rounds, 2);
    assert_int_equal(u.refused, 12 * u.made + 3 * u.roster_rounds);
    assert_int_equal(kol_roster_size(ro), n);
    assert_int_equal(u.wrong, 0);
    /* and the model takes the same calls once its call has returned */
    assert_int_equal(kol_value_model_set_goal(mo, 1), KOL_STATUS_OK);
    kol_value_model_free(mo);
    kol_value_model_free(plain);
    kol_roster_free(ro);
    free(o);
    free(o2);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Edges: argument checks, fallbacks, extreme values (issue 9)        */
/* ------------------------------------------------------------------ */

static int absent_metric(void *user, const kol_record *rec, double *value,
                         int32_t *present)
{
    (void)user;
    (void)rec;
    *value = NAN; /* ignored: not present */
    *present = 0;
    return 0;
}

/* Getters, setters and their argument checks. */
static void test_config_edges(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    double v, lo, hi, def, w;
    int32_t norm, comp, code;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    /* parameter bounds */
    assert_int_equal(kol_value_param_bounds(-1, NULL, NULL, NULL),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_param_bounds(12, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_param_bounds(11, NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_param_bounds(11, &lo, &hi, &def),
                     KOL_STATUS_OK);
    assert_true(lo == 0.0 && hi == 1e9 && def == 16384.0);
    assert_null(kol_value_metric_name(-1));
    assert_null(kol_value_metric_name(18));
    assert_string_equal(kol_value_metric_name(16), "cost_effectiveness");
    assert_status(ctx, kol_value_model_new(ctx, -1, &mo),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    /* NULL handles */
    assert_int_equal(kol_value_model_set_goal(NULL, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_param(NULL, 0, 1.0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_get_param(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_get_param(mo, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_metric(NULL, 0, 1.0, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_get_metric(NULL, 0, &w, &norm, &comp),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_add_metric(NULL, "x", 0, 1.0, 0,
                                                absent_metric, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_bands(NULL, &v, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_target(NULL, 0, NULL, NULL, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_portrait_match(NULL, NULL, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_reference(NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_set_reference_columns(NULL, NULL, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_score_columns(NULL, NULL, 0, 1, &v, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_score_record(NULL, NULL, &v, NULL, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_score_roster(NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_model_has_reference(NULL), 0);
    assert_int_equal(kol_value_model_metric_count(NULL), 0);
    assert_null(kol_value_model_metric_name(NULL, 0));
    assert_string_equal(kol_value_model_id(NULL), "");
    kol_value_model_free(NULL);
    kol_value_result_free(NULL);
    /* goals and parameters */
    assert_status(ctx, kol_value_model_set_goal(mo, 4),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_model_set_param(mo, -1, 1.0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx,
                  kol_value_model_set_param(mo, KOL_VALUE_PARAM_WEIGHT_FAN,
                                            2e6),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "weight_fan");
    assert_int_equal(kol_value_model_get_param(mo, -1, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_get_param(mo, 12, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_get_param(mo, 4, &v), KOL_STATUS_OK);
    assert_true(v == 1.5);
    /* sub-metrics */
    assert_null(kol_value_model_metric_name(mo, -1));
    assert_null(kol_value_model_metric_name(mo, 18));
    assert_status(ctx, kol_value_model_set_metric(mo, -1, 1.0, 0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_model_set_metric(mo, 0, 2e6, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_value_model_set_metric(mo, 0, 1.0, -1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_get_metric(mo, -1, NULL, NULL, NULL),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_get_metric(mo, 18, NULL, NULL, NULL),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_value_model_get_metric(mo, 16, NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_get_metric(mo, 16, &w, &norm, &comp),
                     KOL_STATUS_OK);
    assert_true(w == 0.20);
    assert_int_equal(norm, KOL_VALUE_NORM_COHORT);
    assert_int_equal(comp, KOL_VALUE_COMPONENT_CONVERSION);
    /* custom sub-metrics */
    assert_status(ctx,
                  kol_value_model_add_metric(mo, NULL, 0, 1.0, 0,
                                             absent_metric, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "name");
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "x", -1, 1.0, 0,
                                             absent_metric, NULL, NULL),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "x", 0, NAN, 0,
                                             absent_metric, NULL, NULL),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx,
                  kol_value_model_add_metric(mo, "reach", 0, 1.0, 0,
                                             absent_metric, NULL, NULL),
                  KOL_STATUS_DUPLICATE);
    {
        int k;
        char name[16];
        for (k = 0; k < KOL_VALUE_MAX_CUSTOM; k++) {
            snprintf(name, sizeof name, "c%d", k);
            assert_int_equal(kol_value_model_add_metric(
                                 mo, name, k % 3, 0.5, k % 3, absent_metric,
                                 NULL, k % 2 ? &code : NULL),
                             KOL_STATUS_OK);
        }
        assert_int_equal(code, 18 + KOL_VALUE_MAX_CUSTOM - 1);
        assert_string_equal(kol_value_model_metric_name(mo, 18), "c0");
        assert_status(ctx,
                      kol_value_model_add_metric(mo, "one_more", 0, 1.0, 0,
                                                 absent_metric, NULL, NULL),
                      KOL_STATUS_TOO_LARGE);
        assert_int_equal(kol_value_model_metric_count(mo),
                         18 + KOL_VALUE_MAX_CUSTOM);
    }
    /* bands */
    {
        double big[1] = {1e17}, eq[2] = {10, 10}, ok[2] = {10, 20};
        char id[64];
        assert_status(ctx, kol_value_model_set_bands(mo, big, 1),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_status(ctx, kol_value_model_set_bands(mo, eq, 2),
                      KOL_STATUS_INVALID_ARGUMENT);
        snprintf(id, sizeof id, "%s", kol_value_model_id(mo));
        assert_int_equal(kol_value_model_set_bands(mo, ok, 2), KOL_STATUS_OK);
        assert_string_not_equal(kol_value_model_id(mo), id);
    }
    /* target portrait */
    {
        const char *l1[] = {"a"}, *ln[] = {"a", NULL};
        const char *many[KOL_PORTRAIT_MAX_CATEGORIES + 1];
        double w1[] = {1}, w2[] = {1, 1}, whuge[] = {1e308, 1e308};
        const char *l2[] = {"a", "b"};
        double wm[KOL_PORTRAIT_MAX_CATEGORIES + 1];
        size_t k;
        for (k = 0; k <= KOL_PORTRAIT_MAX_CATEGORIES; k++) {
            many[k] = "a";
            wm[k] = 1.0;
        }
        assert_status(ctx, kol_value_model_set_target(mo, -1, l1, w1, 1),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_status(ctx, kol_value_model_set_target(mo, 0, l1, NULL, 1),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_value_model_set_target(mo, 0, ln, w2, 2),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "label 1");
        assert_status(ctx,
                      kol_value_model_set_target(
                          mo, 0, many, wm, KOL_PORTRAIT_MAX_CATEGORIES + 1),
                      KOL_STATUS_TOO_LARGE);
        /* weights whose sum overflows a double: normalized through the
         * largest weight, as kol_record_set_portrait() does, so they give
         * the same shares (and identifier) as the same ratio in small
         * numbers */
        {
            static const double wone[2] = {1, 1};
            char id[64];
            assert_int_equal(kol_value_model_set_target(mo, 0, l2, wone, 2),
                             KOL_STATUS_OK);
            snprintf(id, sizeof id, "%s", kol_value_model_id(mo));
            assert_status(ctx, kol_value_model_set_target(mo, 0, l2, whuge, 2),
                          KOL_STATUS_OK);
            assert_string_equal(kol_value_model_id(mo), id);
        }
        assert_int_equal(kol_value_model_set_target(mo, 0, l1, w1, 1),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_target(mo, 0, NULL, NULL, 0),
                         KOL_STATUS_OK); /* cleared */
    }
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

/* Portrait match: rounding never lifts the intersection above 1, a
 * dimension weight of 0 leaves the dimension out, NULL arguments. */
static void test_portrait_edges(void **state)
{
    /* shares (w / max) / sum in the record and w / sum in the target,
     * summed in the opposite order, add up to 1 + 2^-52 */
    static const char *const lab[] = {"a", "b", "c", "d", "e"};
    static const char *const rev[] = {"e", "d", "c", "b", "a"};
    const double rw[] = {51, 30, 21, 63, 77}, tw[] = {77, 63, 21, 30, 51};
    const char *g[] = {"f"};
    double one[] = {1}, v;
    kol_ctx *ctx;
    kol_value_model *mo;
    kol_record *r;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_record_new(ctx, &r), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(r, KOL_TEXT_ID, "p"), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_portrait(r, KOL_DIMENSION_REGION, lab,
                                             rw, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_REGION,
                                                 rev, tw, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_portrait_match(mo, r, &v), KOL_STATUS_OK);
    assert_true(v == 1.0);
    /* a gender target the record lacks, and a zero region weight */
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, g,
                                                one, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_DIM_WEIGHT_REGION, 0.0),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_value_portrait_match(mo, r, &v),
                  KOL_STATUS_MISSING);
    assert_last_error(ctx, KOL_STATUS_MISSING, "portrait");
    assert_status(ctx, kol_value_portrait_match(mo, NULL, &v),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_portrait_match(mo, r, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    kol_record_free(r);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
}

struct count_prog {
    int calls;
    uint64_t last_done, last_total;
};

static int count_calls(void *user, uint64_t done, uint64_t total)
{
    struct count_prog *p = user;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    return 0;
}

static int cancel_all(void *user, uint64_t done, uint64_t total)
{
    (void)user;
    (void)done;
    (void)total;
    return 3;
}

/* The batch call's edges: absent columns, unused column codes, growth of
 * the work area, sampling corner cases, extreme values, confidence
 * rounding, progress in the scoring pass. */
static void test_columns_edges(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    const double *cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 2];
    double *o, *o2, *custom, extra[40], con2[40 * 19];
    size_t i, m, n;
    int32_t code;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    n = 40;
    cohort_init(&c, n);
    synth(&c, n, 99);
    o = malloc(n * NOUT * sizeof(double));
    o2 = malloc(n * NOUT * sizeof(double));
    custom = malloc(n * sizeof(double));
    assert_non_null(o);
    assert_non_null(o2);
    assert_non_null(custom);
    memset(cols, 0, sizeof cols);
    for (m = 0; m < NM; m++)
        cols[m] = c.col[m];
    for (i = 0; i < n; i++)
        custom[i] = (double)i;
    for (i = 0; i < 40; i++)
        extra[i] = 1e300; /* a column no model reads */

    /* too many rows: refused before any column is read */
    assert_status(ctx,
                  kol_value_score_columns(mo, cols, NM,
                                          (size_t)KOL_ROSTER_MAX_RECORDS + 1,
                                          o, NULL),
                  KOL_STATUS_TOO_LARGE);
    /* NULL out or columns */
    assert_status(ctx, kol_value_score_columns(mo, NULL, NM, n, o, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, n, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx,
                  kol_value_model_set_reference_columns(mo, NULL, NM, n),
                  KOL_STATUS_INVALID_ARGUMENT);
    /* a bad value after missing ones: the slow check skips the NaN */
    c.col[KOL_METRIC_PRICE][0] = NAN;
    c.col[KOL_METRIC_PRICE][5] = -1.0;
    assert_status(ctx,
                  kol_value_model_set_reference_columns(mo, cols, NM, n),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_msg_number(ctx, 5);
    c.col[KOL_METRIC_PRICE][5] = 0.0; /* a zero price: no cost metric */
    /* the work area grows with the number of sub-metrics; a custom
     * column beyond the model's custom metrics is not read */
    assert_int_equal(kol_value_score_columns(mo, cols, NM, n, o, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "mine", 1, 0.5,
                                                KOL_VALUE_NORM_COHORT,
                                                absent_metric, NULL, &code),
                     KOL_STATUS_OK);
    cols[KOL_VALUE_COLUMN_CUSTOM_BASE] = custom;
    cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 1] = extra;
    cols[30] = extra; /* no metric has code 30 */
    assert_int_equal(kol_value_score_columns(mo, cols,
                                             KOL_VALUE_COLUMN_CUSTOM_BASE + 2,
                                             n, o2, con2),
                     KOL_STATUS_OK);
    for (i = 0; i < n; i++) {
        assert_true(o2[i * NOUT] >= 0.0 && o2[i * NOUT] <= 100.0);
        /* the custom metric (value i, cohort-normalized) contributes,
         * more for a larger value */
        assert_true(con2[i * 19 + 18] > 0.0);
        if (i > 6) /* (rows 0 and 5 have no price: other weights) */
            assert_true(con2[i * 19 + 18] > con2[(i - 1) * 19 + 18]);
        assert_true(o2[i * NOUT + KOL_VALUE_OUT_VALUE_PER_COST] ==
                    (i == 5 || i == 0 ? 0.0
                                      : o2[i * NOUT] /
                                            c.col[KOL_METRIC_PRICE][i]));
    }
    cols[KOL_VALUE_COLUMN_CUSTOM_BASE] = NULL;
    cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 1] = NULL;
    cols[30] = NULL;
    /* a reference of one row and no columns: every metric compared with
     * the reference is missing (only the absolute ones are left, none of
     * them in communication) */
    assert_int_equal(kol_value_model_set_reference_columns(mo, NULL, 0, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, n, o, NULL),
                     KOL_STATUS_OK);
    for (i = 0; i < n; i++) {
        assert_true(o[i * NOUT + KOL_VALUE_OUT_COMMUNICATION] == 0.0);
        assert_true(o[i * NOUT + KOL_VALUE_OUT_CONFIDENCE] < 0.5);
    }
    kol_value_model_free(mo);

    /* No follower column, few posts, sampled statistics of tiny groups
     * (reference_sample 1): the cohort sample may miss a metric's few
     * present values, or every row, and falls back to all of them; the
     * same rows in any order give the same bits. */
    {
        uint64_t seed;
        for (seed = 1; seed <= 12; seed++) {
            struct cohort d;
            size_t perm[30];
            const double *pc[NM];
            double a[30 * NOUT], b[30 * NOUT];
            cohort_init(&d, 30);
            synth(&d, 30, seed);
            for (i = 0; i < 30; i++) {
                d.col[KOL_METRIC_POSTS][i] = (double)(i % 3 == 0 ? 0 : i);
                d.col[KOL_METRIC_POSTS_30D][i] = (double)(i % 2);
                if (i % 7 == 0)
                    d.col[KOL_METRIC_AVG_COMMENTS][i] = 0.0;
                if (i != 3) { /* one row with a click-through rate */
                    d.col[KOL_METRIC_CLICKS][i] = NAN;
                    d.col[KOL_METRIC_HIST_VIEWS][i] = NAN;
                }
                perm[i] = (i * 7 + 3) % 30;
            }
            if (seed % 2)
                d.col[KOL_METRIC_FOLLOWERS][0] = 500.0; /* alone in band 0 */
            assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
            assert_int_equal(kol_value_model_set_param(
                                 mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE,
                                 seed == 4 ? 0.0
                                 : seed % 3 == 0 ? 1e-6
                                                 : 1.0),
                             KOL_STATUS_OK);
            for (m = 0; m < NM; m++)
                pc[m] = d.col[m];
            if (seed > 8) {
                pc[KOL_METRIC_FOLLOWERS] = NULL;
                pc[KOL_METRIC_AVG_LIKES] = NULL;
            }
            if (seed == 10)
                pc[KOL_METRIC_DISPUTES] = NULL;
            if (seed == 11)
                pc[KOL_METRIC_COOPERATIONS] = NULL;
            assert_int_equal(kol_value_score_columns(mo, pc, NM, 30, a,
                                                     NULL),
                             KOL_STATUS_OK);
            /* the same rows permuted */
            {
                struct cohort e;
                const double *pe[NM];
                cohort_init(&e, 30);
                for (m = 0; m < NM; m++)
                    for (i = 0; i < 30; i++)
                        e.col[m][i] = d.col[m][perm[i]];
                for (m = 0; m < NM; m++)
                    pe[m] = pc[m] ? e.col[m] : NULL;
                assert_int_equal(kol_value_score_columns(mo, pe, NM, 30, b,
                                                         NULL),
                                 KOL_STATUS_OK);
                for (i = 0; i < 30; i++)
                    assert_memory_equal(&a[perm[i] * NOUT], &b[i * NOUT],
                                        NOUT * sizeof(double));
                cohort_free(&e);
            }
            kol_value_model_free(mo);
            cohort_free(&d);
        }
    }

    /* Extreme values: a robust scale far below the distance of an outlier
     * drives the logistic to its ends (u = 0 below z = -709, u = 1 above
     * z = 40); an all-but-one-equal metric takes the largest-deviation
     * scale; a shrunk metric normalized as absolute is clamped to [0, 1];
     * a component without weight is left out. */
    {
        struct cohort d;
        const double *pc[NM];
        double a[22 * NOUT], con[22 * 18];
        assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
        cohort_init(&d, 22);
        for (i = 0; i < 20; i++) {
            d.col[KOL_METRIC_FOLLOWERS][i] = 10000.0 + (double)i;
            d.col[KOL_METRIC_AVG_VIEWS][i] =
                (i < 10 ? 30000.0 : 5000.0) + (double)i;
            d.col[KOL_METRIC_POSTS][i] = 1000.0;
            d.col[KOL_METRIC_POSTS_30D][i] = 5.0;
        }
        d.col[KOL_METRIC_POSTS_30D][19] = 9.0;
        d.col[KOL_METRIC_FOLLOWERS][20] = 0.0;
        d.col[KOL_METRIC_FOLLOWERS][21] = 1e12;
        d.col[KOL_METRIC_AVG_VIEWS][20] = 0.0;
        d.n = 22;
        for (m = 0; m < NM; m++)
            pc[m] = d.col[m];
        for (m = 0; m < 18; m++)
            assert_int_equal(kol_value_model_set_metric(mo, (int)m, 0.0, 0),
                             KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_metric(
                             mo, KOL_VALUE_METRIC_REACH, 1.0,
                             KOL_VALUE_NORM_COHORT),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_metric(
                             mo, KOL_VALUE_METRIC_ACTIVITY, 1.0,
                             KOL_VALUE_NORM_COHORT),
                         KOL_STATUS_OK);
        /* view_rate: ln 3 > 1 (clamped to 1) or ln 0.5 < 0 (to 0) */
        assert_int_equal(kol_value_model_set_metric(
                             mo, KOL_VALUE_METRIC_VIEW_RATE, 1.0,
                             KOL_VALUE_NORM_ABSOLUTE),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(
                             mo, KOL_VALUE_PARAM_WEIGHT_CONVERSION, 0.0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_score_columns(mo, pc, NM, 22, a, con),
                         KOL_STATUS_OK);
        /* row 20: reach u = 0; row 21: u = 1 exactly, and reach is its
         * only metric present (no views, no posts_30d): 100 points */
        assert_true(con[20 * 18 + KOL_VALUE_METRIC_REACH] == 0.0);
        assert_true(con[21 * 18 + KOL_VALUE_METRIC_REACH] == 100.0);
        assert_true(a[21 * NOUT] == 100.0);
        assert_true(con[0 * 18 + KOL_VALUE_METRIC_VIEW_RATE] > 0.0);
        assert_true(con[0 * 18 + KOL_VALUE_METRIC_VIEW_RATE] ==
                    con[1 * 18 + KOL_VALUE_METRIC_VIEW_RATE]);
        assert_true(con[15 * 18 + KOL_VALUE_METRIC_VIEW_RATE] == 0.0);
        for (i = 0; i < 22; i++) {
            double u = con[i * 18 + KOL_VALUE_METRIC_VIEW_RATE];
            assert_true(u >= 0.0 && u <= 100.0);
            assert_true(a[i * NOUT + KOL_VALUE_OUT_CONVERSION] == 0.0);
        }
        /* activity: 5 everywhere but 9 once: u = 1/2 for the 5s */
        assert_true(con[0 * 18 + KOL_VALUE_METRIC_ACTIVITY] ==
                    con[1 * 18 + KOL_VALUE_METRIC_ACTIVITY]);
        assert_true(con[19 * 18 + KOL_VALUE_METRIC_ACTIVITY] >
                    con[0 * 18 + KOL_VALUE_METRIC_ACTIVITY]);
        /* no component with weight: every total is 0 */
        assert_int_equal(kol_value_model_set_param(
                             mo, KOL_VALUE_PARAM_WEIGHT_COMMUNICATION, 0.0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(
                             mo, KOL_VALUE_PARAM_WEIGHT_FAN, 0.0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_score_columns(mo, pc, NM, 22, a, NULL),
                         KOL_STATUS_OK);
        for (i = 0; i < 22; i++) {
            assert_true(a[i * NOUT] == 0.0);
            assert_true(a[i * NOUT + KOL_VALUE_OUT_CONFIDENCE] == 0.0);
        }
        kol_value_model_free(mo);
        cohort_free(&d);
    }

    /* Confidence is capped at 1: with component weights 0.2 / 0.7 / 0.15
     * and every sub-metric present, the shares add up to 1 + 2^-52. */
    {
        double pm[40], loy[40];
        assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(mo, 0, 0.2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(mo, 1, 0.7),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_param(mo, 2, 0.15),
                         KOL_STATUS_OK);
        for (i = 0; i < n; i++) {
            pm[i] = 0.5 + 0.01 * (double)i;
            loy[i] = 0.3;
        }
        c.col[KOL_METRIC_PRICE][0] = 200.0;
        c.col[KOL_METRIC_PRICE][5] = 200.0;
        cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = pm;
        cols[KOL_METRIC_FAN_LOYALTY] = loy;
        assert_int_equal(kol_value_score_columns(
                             mo, cols, KOL_VALUE_COLUMN_PORTRAIT_MATCH + 1, n,
                             o, NULL),
                         KOL_STATUS_OK);
        for (i = 0; i < n; i++) {
            assert_true(o[i * NOUT + KOL_VALUE_OUT_CONFIDENCE] <= 1.0);
            if (!isnan(c.col[KOL_METRIC_CLICKS][i]))
                assert_true(o[i * NOUT + KOL_VALUE_OUT_CONFIDENCE] == 1.0);
        }
        cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = NULL;
        cols[KOL_METRIC_FAN_LOYALTY] = c.col[KOL_METRIC_FAN_LOYALTY];
        kol_value_model_free(mo);
    }

    /* Progress in the scoring pass: 65,537 rows against a stored
     * reference; cancelled at the first report (after 65,536 rows, within
     * the pass). */
    {
        size_t big = 65537;
        double *f = malloc(big * sizeof(double));
        double *ob = malloc(big * NOUT * sizeof(double));
        const double *fc[1];
        assert_non_null(f);
        assert_non_null(ob);
        for (i = 0; i < big; i++)
            f[i] = (double)(1000 + i);
        fc[0] = f;
        assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_reference_columns(mo, fc, 1, 50),
                         KOL_STATUS_OK);
        assert_int_equal(kol_ctx_set_progress(ctx, cancel_all, NULL),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_value_score_columns(mo, fc, 1, big, ob, NULL),
                      KOL_STATUS_CANCELLED);
        assert_int_equal(kol_ctx_callback_code(ctx), 3);
        kol_ctx_set_progress(ctx, NULL, NULL);
        assert_int_equal(kol_value_score_columns(mo, fc, 1, big, ob, NULL),
                         KOL_STATUS_OK);
        assert_true(ob[(big - 1) * NOUT] > ob[0]);
        /* one report of the end, however the row count falls on the
         * reporting step (65,536 rows used to report 65536/65536 twice);
         * 65,535 rows: the same single report */
        {
            struct count_prog cp = {0, 0, 0};
            size_t k;
            for (k = 0; k < 2; k++) {
                size_t rows = 65536 - k;
                cp.calls = 0;
                assert_int_equal(kol_ctx_set_progress(ctx, count_calls, &cp),
                                 KOL_STATUS_OK);
                assert_int_equal(
                    kol_value_score_columns(mo, fc, 1, rows, ob, NULL),
                    KOL_STATUS_OK);
                assert_int_equal(cp.calls, 1);
                assert_true(cp.last_done == rows && cp.last_total == rows);
            }
            kol_ctx_set_progress(ctx, NULL, NULL);
        }
        assert_int_equal(kol_ctx_set_progress(ctx, cancel_all, NULL),
                         KOL_STATUS_OK);
        /* storing a reference is cancelled at its final report, and the
         * stored one is kept */
        {
            char id[64];
            snprintf(id, sizeof id, "%s", kol_value_model_id(mo));
            assert_status(ctx,
                          kol_value_model_set_reference_columns(mo, fc, 1, 10),
                          KOL_STATUS_CANCELLED);
            assert_string_equal(kol_value_model_id(mo), id);
        }
        kol_ctx_set_progress(ctx, NULL, NULL);
        kol_value_model_free(mo);
        free(f);
        free(ob);
    }
    free(o);
    free(o2);
    free(custom);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* Records: portraits, custom metrics that are missing or weightless,
 * ties in the ranking, the result getters' checks. */
static void test_records_edges(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro, *empty;
    kol_value_result *res;
    const kol_record *r0;
    kol_record *twin, *pr;
    const char *g[] = {"female", "male"};
    double tg[] = {0.7, 0.3}, v, o[NOUT];
    size_t i, idx, idx2;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 12);
    synth(&c, 10, 5);
    ro = cohort_roster(ctx, &c, NULL);
    /* a twin of record 2 under another id: the same total, ranked by id */
    twin = row_record(ctx, &c, 2);
    assert_int_equal(kol_record_set_text(twin, KOL_TEXT_ID, "a-twin"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_roster_add(ro, twin), KOL_STATUS_OK);
    /* a copy of record 5 with an audience portrait (position 11) */
    pr = row_record(ctx, &c, 5);
    assert_int_equal(kol_record_set_text(pr, KOL_TEXT_ID, "p5"),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_set_portrait(pr, KOL_DIMENSION_GENDER, g,
                                             tg, 2),
                     KOL_STATUS_OK);
    assert_int_equal(kol_roster_add(ro, pr), KOL_STATUS_OK);
    kol_record_free(pr);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_target(mo, KOL_DIMENSION_GENDER, g,
                                                tg, 2),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "gone", 0, 1.0, 0,
                                                absent_metric, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_add_metric(mo, "off", 1, 0.0, 0,
                                                bad_metric, NULL, NULL),
                     KOL_STATUS_OK);
    bad_value = NAN; /* never asked for by scoring: its weight is 0 */
    assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
    assert_int_equal(kol_value_result_size(res), 12);
    assert_int_equal(kol_value_result_contribution(
                         res, 11, KOL_VALUE_METRIC_PORTRAIT_MATCH, &v),
                     KOL_STATUS_OK);
    assert_true(v > 0.0);
    assert_int_equal(kol_value_result_contribution(res, 11, 18, &v),
                     KOL_STATUS_OK);
    assert_true(v == 0.0); /* "gone" is missing */
    /* the twins (positions 2 and 10) tie and are adjacent in the
     * ranking, "a-twin" first */
    {
        double t2, t10;
        assert_int_equal(kol_value_result_get(res, 2, 0, &t2), KOL_STATUS_OK);
        assert_int_equal(kol_value_result_get(res, 10, 0, &t10),
                         KOL_STATUS_OK);
        assert_true(t2 == t10);
    }
    for (i = 0; i < 12; i++) {
        assert_int_equal(kol_value_result_rank(res, i, &idx), KOL_STATUS_OK);
        if (idx == 10 || idx == 2)
            break;
    }
    assert_true(i < 11);
    assert_int_equal(idx, 10);
    assert_int_equal(kol_value_result_rank(res, i + 1, &idx2), KOL_STATUS_OK);
    assert_int_equal(idx2, 2);
    /* result getters */
    assert_int_equal(kol_value_result_size(NULL), 0);
    assert_int_equal(kol_value_result_get(NULL, 0, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_result_get(res, 0, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_result_get(res, 0, -1, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_result_get(res, 0, NOUT, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_result_get(res, 12, 0, &v),
                  KOL_STATUS_NOT_FOUND);
    assert_int_equal(kol_value_result_contribution(NULL, 0, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_result_contribution(res, 0, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_result_contribution(res, 0, -1, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_result_contribution(res, 0, 20, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_value_result_contribution(res, 12, 0, &v),
                  KOL_STATUS_NOT_FOUND);
    assert_int_equal(kol_value_result_rank(NULL, 0, &idx),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_value_result_rank(res, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_result_rank(res, 12, &idx),
                  KOL_STATUS_NOT_FOUND);
    kol_value_result_free(res);
    /* single records: argument checks, a refused record. A reference to
     * store asks every custom metric, weightless ones included (their
     * statistics serve a later weight), so "off" must now give a value. */
    assert_int_equal(kol_roster_at(ro, 0, &r0), KOL_STATUS_OK);
    assert_status(ctx, kol_value_model_set_reference(mo, ro),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "'off' gave NaN");
    assert_int_equal(kol_value_model_has_reference(mo), 0);
    bad_value = 0.5;
    assert_int_equal(kol_value_model_set_reference(mo, ro), KOL_STATUS_OK);
    assert_status(ctx, kol_value_score_record(mo, NULL, o, NULL, 0),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_score_record(mo, r0, NULL, NULL, 0),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_score_record(mo, r0, o, NULL, 3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_record_set_metric(twin, KOL_METRIC_COOPERATIONS, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_set_metric(twin, KOL_METRIC_DISPUTES, 3),
                     KOL_STATUS_OK);
    for (i = 0; i < NOUT; i++)
        o[i] = -3.0;
    assert_status(ctx, kol_value_score_record(mo, twin, o, NULL, 0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "disputes");
    assert_true(o[0] == -3.0);
    /* adding a metric after storing a reference: missing in it */
    assert_int_equal(kol_value_model_add_metric(mo, "late", 1, 1.0, 0,
                                                absent_metric, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_model_has_reference(mo), 1);
    assert_int_equal(kol_value_score_record(mo, r0, o, NULL, 0),
                     KOL_STATUS_OK);
    /* an empty roster, cancelled at its only progress report */
    assert_int_equal(kol_roster_new(ctx, &empty), KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, cancel_all, NULL),
                     KOL_STATUS_OK);
    res = (kol_value_result *)&v;
    assert_status(ctx, kol_value_score_roster(mo, empty, &res),
                  KOL_STATUS_CANCELLED);
    assert_null(res);
    kol_ctx_set_progress(ctx, NULL, NULL);
    assert_status(ctx, kol_value_score_roster(mo, NULL, &res),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_score_roster(mo, empty, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_value_model_set_reference(mo, empty),
                  KOL_STATUS_EMPTY);
    kol_roster_free(empty);
    kol_record_free(twin);
    kol_roster_free(ro);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* A call that must grow the kept work area and cannot leaves the area of
 * the earlier calls in place, and the outputs as they were. */
static void test_cache_growth_failure(void **state)
{
    testalloc ta;
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    const double *cols[NM];
    double *o, *o2;
    size_t m, i;
    (void)state;
    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &ctx), KOL_STATUS_OK);
    cohort_init(&c, 300);
    synth(&c, 300, 8);
    for (m = 0; m < NM; m++)
        cols[m] = c.col[m];
    o = malloc(300 * NOUT * sizeof(double));
    o2 = malloc(300 * NOUT * sizeof(double));
    assert_non_null(o);
    assert_non_null(o2);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 10, o, NULL),
                     KOL_STATUS_OK);
    for (i = 0; i < 300 * NOUT; i++)
        o[i] = -1.0;
    /* the first allocation (the statistics) succeeds, the growth of the
     * work area fails */
    testalloc_fail_from(&ta, 2);
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                  KOL_STATUS_NOMEM);
    testalloc_disarm(&ta);
    for (i = 0; i < 300 * NOUT; i++)
        assert_true(o[i] == -1.0);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                     KOL_STATUS_OK);
    /* the same as a fresh model's scores */
    kol_value_model_free(mo);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 300, o2, NULL),
                     KOL_STATUS_OK);
    assert_memory_equal(o, o2, 300 * NOUT * sizeof(double));
    /* likewise with sampled statistics: the sample's index grows */
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 4.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 30, o2, NULL),
                     KOL_STATUS_OK);
    for (i = 0; i < 300 * NOUT; i++)
        o[i] = -1.0;
    testalloc_fail_from(&ta, 2);
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                  KOL_STATUS_NOMEM);
    testalloc_disarm(&ta);
    for (i = 0; i < 300 * NOUT; i++)
        assert_true(o[i] == -1.0);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                     KOL_STATUS_OK);
    kol_value_model_free(mo);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_value_model_set_param(
                         mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE, 4.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 300, o2, NULL),
                     KOL_STATUS_OK);
    assert_memory_equal(o, o2, 300 * NOUT * sizeof(double));
    /* a custom metric added after the reference was stored: scoring
     * against that reference grows the work area for the new metric's
     * rows, and a failure to grow it changes nothing */
    assert_int_equal(kol_value_model_set_reference_columns(mo, cols, NM,
                                                           300),
                     KOL_STATUS_OK);
    for (i = 0; i < 3; i++)
        assert_int_equal(kol_value_model_add_metric(
                             mo, i == 0 ? "late0" : i == 1 ? "late1" : "late2",
                             (int)i, 1.0, 0, absent_metric, NULL, NULL),
                         KOL_STATUS_OK);
    for (i = 0; i < 300 * NOUT; i++)
        o[i] = -1.0;
    testalloc_fail_from(&ta, 1);
    assert_status(ctx, kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                  KOL_STATUS_NOMEM);
    testalloc_disarm(&ta);
    for (i = 0; i < 300 * NOUT; i++)
        assert_true(o[i] == -1.0);
    assert_int_equal(kol_value_model_has_reference(mo), 1);
    assert_int_equal(kol_value_score_columns(mo, cols, NM, 300, o, NULL),
                     KOL_STATUS_OK);
    for (i = 0; i < 300 * NOUT; i++)
        assert_true(isfinite(o[i]));
    kol_value_model_free(mo);
    free(o);
    free(o2);
    cohort_free(&c);
    kol_ctx_free(ctx);
    testalloc_assert_clean(&ta);
}

/* ------------------------------------------------------------------ */
/* Progress and cancellation                                          */
/* ------------------------------------------------------------------ */

static int cancel_progress(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (void)done;
    (void)total;
    (*calls)++;
    return 7;
}

static void test_cancel(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    kol_roster *ro;
    kol_value_result *res;
    int calls = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 20);
    synth(&c, 20, 4);
    ro = cohort_roster(ctx, &c, NULL);
    assert_int_equal(kol_value_model_new(ctx, 0, &mo), KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, cancel_progress, &calls),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_value_score_roster(mo, ro, &res),
                  KOL_STATUS_CANCELLED);
    assert_null(res);
    assert_int_equal(kol_ctx_callback_code(ctx), 7);
    assert_true(calls > 0);
    assert_status(ctx, kol_value_model_set_reference(mo, ro),
                  KOL_STATUS_CANCELLED);
    assert_int_equal(kol_value_model_has_reference(mo), 0);
    kol_ctx_set_progress(ctx, NULL, NULL);
    kol_value_model_free(mo);
    kol_roster_free(ro);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Chunk-size sweep of a callback-fed roster                          */
/* ------------------------------------------------------------------ */

struct feed {
    const struct cohort *c;
    size_t next, chunk, in_chunk;
};

static int feed_read(void *user, kol_record *rec, int32_t *what)
{
    struct feed *f = user;
    char id[32];
    size_t m, i;
    if (f->next >= f->c->n || f->in_chunk >= f->chunk) {
        *what = KOL_READ_END;
        return 0;
    }
    i = f->next++;
    f->in_chunk++;
    snprintf(id, sizeof id, "k%06zu", i);
    kol_record_set_text(rec, KOL_TEXT_ID, id);
    for (m = 0; m < NM; m++)
        if (!isnan(f->c->col[m][i]))
            kol_record_set_metric(rec, (int)m, f->c->col[m][i]);
    return 0;
}

static void test_chunk_sweep(void **state)
{
    kol_ctx *ctx;
    kol_value_model *mo;
    struct cohort c;
    double *want;
    size_t chunk, i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    cohort_init(&c, 41);
    synth(&c, 41, 12);
    assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_ACTIVATION, &mo),
                     KOL_STATUS_OK);
    want = score_cohort(mo, &c, NULL);
    for (chunk = 1; chunk <= c.n + 1; chunk++) {
        kol_roster *ro;
        kol_value_result *res;
        struct feed f = {&c, 0, chunk, 0};
        assert_int_equal(kol_roster_new(ctx, &ro), KOL_STATUS_OK);
        while (f.next < c.n) {
            uint64_t added = 0;
            f.in_chunk = 0;
            assert_int_equal(kol_roster_fill(ro, feed_read, NULL, &f, &added),
                             KOL_STATUS_OK);
            assert_true(added > 0);
        }
        assert_int_equal(kol_value_score_roster(mo, ro, &res), KOL_STATUS_OK);
        for (i = 0; i < c.n; i++) {
            double v;
            kol_value_result_get(res, i, KOL_VALUE_OUT_TOTAL, &v);
            assert_memory_equal(&v, &want[i * NOUT], sizeof v);
        }
        kol_value_result_free(res);
        kol_roster_free(ro);
    }
    free(want);
    kol_value_model_free(mo);
    cohort_free(&c);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                 */
/* ------------------------------------------------------------------ */

struct aop {
    kol_ctx *ctx;
    kol_value_model *mo;
    kol_roster *ro;
    kol_value_result *res;
    struct cohort *c;
    int variant;
    double out[1000 * NOUT];
};

static struct cohort alloc_cohort, alloc_tied;

static kol_ctx *aop_setup(void *user, testalloc *ta)
{
    struct aop *o = user;
    const char *g[] = {"female", "male"};
    double tg[] = {0.7, 0.3};
    assert_int_equal(testalloc_ctx_new(ta, &o->ctx), KOL_STATUS_OK);
    o->mo = NULL;
    o->res = NULL;
    o->ro = cohort_roster(o->ctx, o->c, NULL);
    if (o->variant != 0) {
        assert_int_equal(kol_value_model_new(o->ctx, 2, &o->mo),
                         KOL_STATUS_OK);
        assert_int_equal(kol_value_model_set_target(o->mo, 0, g, tg, 2),
                         KOL_STATUS_OK);
    }
    if (o->variant == 6)
        assert_int_equal(kol_value_model_set_reference(o->mo, o->ro),
                         KOL_STATUS_OK);
    if (o->variant == 7 || o->variant == 9)
        assert_int_equal(kol_value_model_set_param(
                             o->mo, KOL_VALUE_PARAM_REFERENCE_SAMPLE,
                             o->variant == 7 ? 4.0 : 100.0),
                         KOL_STATUS_OK);
    return o->ctx;
}

static kol_status aop_run_call(struct aop *o);

/* A refused allocation is reported under the public call's name. */
static kol_status aop_run(void *user)
{
    static const char *const fn[] = {
        "kol_value_model_new",           "kol_value_model_set_target",
        "kol_value_model_add_metric",    "kol_value_model_set_reference",
        "kol_value_score_roster",        "kol_value_score_columns",
        "kol_value_score_record",        "kol_value_score_columns",
        "kol_value_model_set_reference_columns",
        "kol_value_score_columns"};
    struct aop *o = user;
    return assert_nomem_named(o->ctx, aop_run_call(o), fn[o->variant]);
}

static kol_status aop_run_call(struct aop *o)
{
    switch (o->variant) {
    case 0:
        return kol_value_model_new(o->ctx, 1, &o->mo);
    case 1: {
        const char *a[] = {"18-24", "25-34"};
        double w[] = {1, 2};
        return kol_value_model_set_target(o->mo, 1, a, w, 2);
    }
    case 2:
        return kol_value_model_add_metric(o->mo, "q", 1, 1.0, 2,
                                          quality_metric, &o->variant, NULL);
    case 3:
        return kol_value_model_set_reference(o->mo, o->ro);
    case 4:
        return kol_value_score_roster(o->mo, o->ro, &o->res);
    case 5: {
        const double *cols[NM];
        size_t m;
        for (m = 0; m < NM; m++)
            cols[m] = o->c->col[m];
        return kol_value_score_columns(o->mo, cols, NM, o->c->n, o->out,
                                       NULL);
    }
    case 6: {
        const kol_record *r;
        kol_roster_at(o->ro, 3, &r);
        return kol_value_score_record(o->mo, r, o->out, NULL, 0);
    }
    case 7: /* sampled statistics (reference_sample 4) */
    case 9: { /* sampled (about 100 of 1000), activity tied */
        const double *cols[NM];
        size_t m;
        for (m = 0; m < NM; m++)
            cols[m] = o->c->col[m];
        return kol_value_score_columns(o->mo, cols, NM, o->c->n, o->out,
                                       NULL);
    }
    default: {
        const double *cols[NM];
        size_t m;
        for (m = 0; m < NM; m++)
            cols[m] = o->c->col[m];
        return kol_value_model_set_reference_columns(o->mo, cols, NM,
                                                     o->c->n);
    }
    }
}

static void aop_snapshot(void *user, testbuf *b)
{
    struct aop *o = user;
    testbuf_reset(b);
    if (o->mo) {
        testbuf_printf(b, "id %s ref %d n %u\n", kol_value_model_id(o->mo),
                       kol_value_model_has_reference(o->mo),
                       kol_value_model_metric_count(o->mo));
    }
    testbuf_printf(b, "res %d\n", o->res != NULL);
}

static void aop_teardown(void *user)
{
    struct aop *o = user;
    kol_value_result_free(o->res);
    kol_value_model_free(o->mo);
    kol_roster_free(o->ro);
    o->res = NULL;
    o->mo = NULL;
    o->ro = NULL;
}

static void test_alloc_failure(void **state)
{
    static const char *const names[] = {
        "kol_value_model_new",          "kol_value_model_set_target",
        "kol_value_model_add_metric",   "kol_value_model_set_reference",
        "kol_value_score_roster",       "kol_value_score_columns",
        "kol_value_score_record",       "kol_value_score_columns (sampled)",
        "kol_value_model_set_reference_columns",
        "kol_value_score_columns (sampled, a median tied)"};
    int v;
    size_t i;
    (void)state;
    cohort_init(&alloc_cohort, 30);
    synth(&alloc_cohort, 30, 6);
    /* half the accounts without a post in 30 days: activity's sampled
     * median could jump, and its statistics come from every row
     * (exact_metrics(), whose work area then grows from the sample's
     * rows to all of them) */
    cohort_init(&alloc_tied, 1000);
    synth(&alloc_tied, 1000, 7);
    for (i = 0; i < 1000; i += 2)
        alloc_tied.col[KOL_METRIC_POSTS_30D][i] = 0.0;
    for (v = 0; v <= 9; v++) {
        struct aop o;
        testalloc_op op;
        memset(&o, 0, sizeof o);
        memset(&op, 0, sizeof op);
        o.c = v == 9 ? &alloc_tied : &alloc_cohort;
        o.variant = v;
        op.name = names[v];
        op.user = &o;
        op.setup = aop_setup;
        op.run = aop_run;
        op.snapshot = aop_snapshot;
        op.teardown = aop_teardown;
        if (testalloc_loop(&op, 0) == 0) {
            print_error("%s never failed\n", names[v]);
            fail();
        }
    }
    cohort_free(&alloc_cohort);
    cohort_free(&alloc_tied);
}

/* Band blending with values near 1e300 and a prior weight of 1e9 (both
 * in their documented domains): the products n_b med + k med_all
 * overflowed, the band's scale became infinite and every band score 0.5.
 * With k = 1e9 the band statistics are the cohort's, so the scores equal
 * those of cohort normalization. */
static int no_value(void *user, const kol_record *rec, double *value,
                    int32_t *present)
{
    (void)user;
    (void)rec;
    (void)value;
    *present = 0;
    return 0;
}

static void test_band_blend_extremes(void **state)
{
    static const double F[4] = {100, 200, 300, 400};
    /* the first overflows the location and the scale, the second (median
     * 0) the scale only */
    static const double X[2][4] = {{-1e300, 0, 1e300, 5e299},
                                   {-1e300, 0, 0, 1e300}};
    const double *cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 1];
    double band[4 * NOUT], cohort[4 * NOUT];
    kol_ctx *ctx = NULL;
    int32_t code, m;
    size_t i, x;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (x = 0; x < 2; x++) {
        kol_value_model *mo = NULL;
        memset(cols, 0, sizeof cols);
        cols[KOL_METRIC_FOLLOWERS] = F;
        cols[KOL_VALUE_COLUMN_CUSTOM_BASE] = X[x];
        assert_int_equal(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo),
                         KOL_STATUS_OK);
        for (m = 0; m <= KOL_VALUE_METRIC_CREDIT; m++)
            assert_int_equal(kol_value_model_set_metric(mo, m, 0, 0),
                             KOL_STATUS_OK);
        assert_int_equal(kol_value_model_add_metric(mo, "x", 0, 1.0,
                                                    KOL_VALUE_NORM_BAND, no_value,
                                                    NULL, &code),
                         KOL_STATUS_OK);
        assert_int_equal(
            kol_value_model_set_param(mo, KOL_VALUE_PARAM_BAND_PRIOR_N, 1e9),
            KOL_STATUS_OK);
        assert_status(ctx,
                      kol_value_score_columns(mo, cols,
                                              KOL_VALUE_COLUMN_CUSTOM_BASE + 1, 4,
                                              band, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(
            kol_value_model_set_metric(mo, code, 1.0, KOL_VALUE_NORM_COHORT),
            KOL_STATUS_OK);
        assert_status(ctx,
                      kol_value_score_columns(mo, cols,
                                              KOL_VALUE_COLUMN_CUSTOM_BASE + 1, 4,
                                              cohort, NULL),
                      KOL_STATUS_OK);
        for (i = 0; i < 4; i++) {
            double b = band[i * NOUT + KOL_VALUE_OUT_COMMUNICATION];
            assert_true(isfinite(b));
            assert_true(fabs(b - cohort[i * NOUT + KOL_VALUE_OUT_COMMUNICATION]) <
                        1e-6);
        }
        assert_true(band[0 * NOUT + KOL_VALUE_OUT_COMMUNICATION] < 40 &&
                    band[3 * NOUT + KOL_VALUE_OUT_COMMUNICATION] > 55);
        kol_value_model_free(mo);
    }
    kol_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_params),
        cmocka_unit_test(test_contributions_sum_and_ranges),
        cmocka_unit_test(test_scores_at_most_100),
        cmocka_unit_test(test_progress_no_rows),
        cmocka_unit_test(test_add_metric_after_reference),
        cmocka_unit_test(test_bit_identical_repeat),
        cmocka_unit_test(test_row_order_invariance),
        cmocka_unit_test(test_reference_sample),
        cmocka_unit_test(test_reference_sample_repeated_rows),
        cmocka_unit_test(test_reference_sample_tied_median),
        cmocka_unit_test(test_reference_sample_tied_scale),
        cmocka_unit_test(test_roster_matches_columns),
        cmocka_unit_test(test_fan_monotone_in_engagement),
        cmocka_unit_test(test_activation_small_beats_big),
        cmocka_unit_test(test_lucky_does_not_top_steady),
        cmocka_unit_test(test_small_can_score_high),
        cmocka_unit_test(test_missing_metrics),
        cmocka_unit_test(test_portrait_match),
        cmocka_unit_test(test_portrait_label_order),
        cmocka_unit_test(test_model_id_target_order),
        cmocka_unit_test(test_custom_metric_and_reference),
        cmocka_unit_test(test_reference_columns),
        cmocka_unit_test(test_elementary_functions),
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_absolute_shrunk_uses_reference),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_bad_custom_and_records),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_chunk_sweep),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_config_edges),
        cmocka_unit_test(test_portrait_edges),
        cmocka_unit_test(test_columns_edges),
        cmocka_unit_test(test_records_edges),
        cmocka_unit_test(test_stored_reference_all_metrics),
        cmocka_unit_test(test_weight_edges),
        cmocka_unit_test(test_cache_growth_failure),
        cmocka_unit_test(test_callback_reentry),
        cmocka_unit_test(test_band_blend_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
