/* Numeric extremes across the library (issue 9, item 7): counts near 2^53,
 * tiny and denormal values, every metric missing, one-record cohorts,
 * constant series, and a series of ten million samples through the
 * traffic monitor.
 *
 * The rule every test applies to every call: it either returns a
 * documented status with a message in the context, or KOL_STATUS_OK with
 * every number it gives back finite and within its documented range
 * (scores in [0, 100], probabilities and shares in [0, 1], restored
 * traffic between 0 and the observed traffic...). A NaN or an infinity
 * escaping, or a crash, is a library bug. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kol.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define BIG 9007199254740992.0             /* 2^53 */
#define DEN 4.9406564584124654e-324        /* smallest denormal */

/* Counts to try wherever a count in [0, 2^53] is accepted. */
static const double counts[] = {BIG, BIG - 1.0, 1e15, DEN, DBL_MIN, 1e-300,
                                0.0, -0.0, 0.5, 1.0};
#define NCOUNTS (sizeof counts / sizeof counts[0])

static kol_ctx *ctx;
static unsigned long n_ok, n_refused; /* calls checked by OK_OR() */

static int setup(void **state)
{
    (void)state;
    return kol_ctx_new(&ctx) == KOL_STATUS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kol_ctx_free(ctx);
    ctx = NULL;
    return 0;
}

/* ---- checks --------------------------------------------------------- */

#define S(x) (1u << (x))

/* A call's status: OK, or one of `allowed` (a mask of S(status)) with the
 * context holding that status and a message. Returns 1 for OK. */
static int status_at(kol_status st, unsigned allowed, const char *what,
                     const char *file, int line)
{
    if (st == KOL_STATUS_OK) {
        n_ok++;
        return 1;
    }
    n_refused++;
    if ((int)st < 0 || (int)st > 31 || !(allowed & S(st))) {
        print_error("%s:%d: %s: status %d (%s) is not one of those "
                    "expected; message: %s\n",
                    file, line, what, (int)st, kol_status_str(st),
                    kol_ctx_last_error(ctx));
        fail();
    }
    if (kol_ctx_last_status(ctx) != st || kol_ctx_last_error(ctx)[0] == 0) {
        print_error("%s:%d: %s: status %d without its message (context "
                    "says %d, \"%s\")\n",
                    file, line, what, (int)st,
                    (int)kol_ctx_last_status(ctx), kol_ctx_last_error(ctx));
        fail();
    }
    return 0;
}

#define OK_OR(st, allowed) status_at((st), (allowed), #st, __FILE__, __LINE__)

static void in_range_at(double v, double lo, double hi, const char *what,
                        const char *file, int line)
{
    if (!isfinite(v) || !(v >= lo && v <= hi)) {
        print_error("%s:%d: %s = %.17g, expected finite in [%g, %g]\n", file,
                    line, what, v, lo, hi);
        fail();
    }
}

#define FINITE(v) in_range_at((v), -DBL_MAX, DBL_MAX, #v, __FILE__, __LINE__)
#define IN(v, lo, hi) in_range_at((v), (lo), (hi), #v, __FILE__, __LINE__)

static kol_record *record_with(const char *id, const int *metrics,
                               const double *values, size_t n)
{
    kol_record *rec = NULL;
    size_t i;
    assert_int_equal(kol_record_new(ctx, &rec), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(rec, KOL_TEXT_ID, id),
                     KOL_STATUS_OK);
    for (i = 0; i < n; i++)
        assert_int_equal(kol_record_set_metric(rec, metrics[i], values[i]),
                         KOL_STATUS_OK);
    return rec;
}

/* Every metric at the given count, bounded metrics ([0, 1]) at the count
 * clamped into their bounds. */
static kol_record *record_all(const char *id, double v)
{
    kol_record *rec = NULL;
    uint32_t m, nm = kol_metric_count();
    assert_int_equal(kol_record_new(ctx, &rec), KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(rec, KOL_TEXT_ID, id),
                     KOL_STATUS_OK);
    assert_int_equal(kol_record_set_text(rec, KOL_TEXT_PLATFORM, "douyin"),
                     KOL_STATUS_OK);
    for (m = 0; m < nm; m++) {
        double lo = 0, hi = 0, x = v;
        assert_int_equal(kol_metric_bounds((int)m, &lo, &hi), KOL_STATUS_OK);
        if (x > hi)
            x = hi;
        if (x < lo)
            x = lo;
        assert_int_equal(kol_record_set_metric(rec, (int)m, x),
                         KOL_STATUS_OK);
    }
    return rec;
}

/* ---- record and roster ---------------------------------------------- */

static void test_record_counts(void **state)
{
    uint32_t m, nm = kol_metric_count();
    kol_record *rec = NULL;
    size_t i;
    (void)state;
    assert_int_equal(kol_record_new(ctx, &rec), KOL_STATUS_OK);
    for (m = 0; m < nm; m++) {
        double lo = 0, hi = 0;
        assert_int_equal(kol_metric_bounds((int)m, &lo, &hi), KOL_STATUS_OK);
        FINITE(lo);
        FINITE(hi);
        for (i = 0; i < NCOUNTS; i++) {
            double got = NAN;
            kol_status st = kol_record_set_metric(rec, (int)m, counts[i]);
            if (OK_OR(st, S(KOL_STATUS_OUT_OF_RANGE))) {
                assert_int_equal(kol_record_get_metric(rec, (int)m, &got),
                                 KOL_STATUS_OK);
                IN(got, lo, hi);
                assert_true(got == counts[i]);
            } else {
                assert_true(counts[i] < lo || counts[i] > hi);
            }
        }
        /* Just above the largest count: refused. */
        if (hi == BIG)
            assert_int_equal(kol_record_set_metric(rec, (int)m, BIG * 2),
                             KOL_STATUS_OUT_OF_RANGE);
    }
    kol_record_free(rec);
}

static void test_record_portrait_weights(void **state)
{
    static const double sets[][3] = {
        {BIG, DEN, 1.0},  {DEN, DEN, DEN},   {DBL_MAX, DBL_MAX, DBL_MAX},
        {1e308, 1e308, 0}, {DBL_MIN, 0, 0}, {BIG, BIG, BIG},
    };
    const char *labels[3] = {"a", "b", "c"};
    kol_record *rec = NULL;
    size_t s, i;
    (void)state;
    assert_int_equal(kol_record_new(ctx, &rec), KOL_STATUS_OK);
    for (s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        kol_status st = kol_record_set_portrait(rec, KOL_DIMENSION_GENDER,
                                                labels, sets[s], 3);
        if (OK_OR(st, S(KOL_STATUS_OUT_OF_RANGE) | S(KOL_STATUS_EMPTY) |
                          S(KOL_STATUS_INVALID_ARGUMENT))) {
            double sum = 0;
            size_t n = kol_record_portrait_size(rec, KOL_DIMENSION_GENDER);
            assert_int_equal(n, 3);
            for (i = 0; i < n; i++) {
                const char *l = NULL;
                double share = NAN;
                assert_int_equal(kol_record_portrait_at(
                                     rec, KOL_DIMENSION_GENDER, i, &l,
                                     &share),
                                 KOL_STATUS_OK);
                IN(share, 0.0, 1.0);
                sum += share;
            }
            IN(sum, 1.0 - 1e-9, 1.0 + 1e-9);
        }
    }
    kol_record_free(rec);
}

static void test_roster_extremes(void **state)
{
    kol_roster *roster = NULL;
    size_t i;
    char id[16];
    (void)state;
    assert_int_equal(kol_roster_new(ctx, &roster), KOL_STATUS_OK);
    for (i = 0; i < NCOUNTS; i++) {
        kol_record *rec;
        snprintf(id, sizeof id, "k%zu", i);
        rec = record_all(id, counts[i]);
        assert_int_equal(kol_roster_add(roster, rec), KOL_STATUS_OK);
        kol_record_free(rec);
    }
    assert_int_equal(kol_roster_size(roster), NCOUNTS);
    for (i = 0; i < NCOUNTS; i++) {
        const kol_record *rec = NULL;
        double v = NAN;
        snprintf(id, sizeof id, "k%zu", i);
        assert_int_equal(kol_roster_find(roster, id, &rec), KOL_STATUS_OK);
        assert_int_equal(kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS,
                                               &v),
                         KOL_STATUS_OK);
        assert_true(v == counts[i]);
    }
    kol_roster_free(roster);
}

/* ---- tiers ---------------------------------------------------------- */

static void test_tier_extremes(void **state)
{
    int scheme;
    size_t i;
    (void)state;
    for (scheme = KOL_TIER_SCHEME_CN; scheme <= KOL_TIER_SCHEME_INTL;
         scheme++) {
        kol_tiers *t = NULL;
        uint32_t nl;
        int32_t levels[NCOUNTS + 1];
        double fol[NCOUNTS + 1];
        assert_int_equal(kol_tiers_new(ctx, scheme, &t), KOL_STATUS_OK);
        nl = kol_tiers_level_count(t);
        for (i = 0; i < NCOUNTS; i++) {
            kol_record *rec = record_all("t", counts[i]);
            int32_t lv = -9, v = -9, stage = -9;
            if (OK_OR(kol_tiers_classify(t, rec, &lv),
                      S(KOL_STATUS_MISSING)))
                assert_true(lv >= 0 && (uint32_t)lv < nl);
            if (OK_OR(kol_tiers_koc(t, rec, &v), S(KOL_STATUS_MISSING)))
                assert_non_null(kol_koc_name(v));
            if (OK_OR(kol_tiers_stage(t, rec, &stage),
                      S(KOL_STATUS_MISSING)))
                assert_non_null(kol_stage_name(stage));
            kol_record_free(rec);
            fol[i] = counts[i];
        }
        fol[NCOUNTS] = NAN; /* missing */
        if (OK_OR(kol_tiers_classify_followers(t, "douyin", fol, NCOUNTS + 1,
                                               levels),
                  S(KOL_STATUS_OUT_OF_RANGE)))
            for (i = 0; i <= NCOUNTS; i++)
                assert_true(levels[i] >= -1 && levels[i] < (int32_t)nl);
        kol_tiers_free(t);
    }
}

static void test_tier_quantiles_extremes(void **state)
{
    static const double probs_sets[][3] = {
        {0.5, 0.8, 0.95}, {DEN, 0.5, 1.0 - DBL_EPSILON},
        {1e-300, 2e-300, 3e-300}};
    double scores[NCOUNTS], constant[5] = {BIG, BIG, BIG, BIG, BIG};
    int32_t levels[NCOUNTS];
    size_t i, p;
    (void)state;
    for (i = 0; i < NCOUNTS; i++)
        scores[i] = counts[i];
    for (p = 0; p < 3; p++) {
        size_t n;
        for (n = 1; n <= NCOUNTS; n++) {
            if (OK_OR(kol_tier_by_quantiles(ctx, scores, n, probs_sets[p], 3,
                                            levels),
                      S(KOL_STATUS_OUT_OF_RANGE)))
                for (i = 0; i < n; i++)
                    assert_true(levels[i] >= 0 && levels[i] <= 3);
        }
        if (OK_OR(kol_tier_by_quantiles(ctx, constant, 5, probs_sets[p], 3,
                                        levels),
                  S(KOL_STATUS_OUT_OF_RANGE)))
            for (i = 1; i < 5; i++) /* equal scores, equal levels */
                assert_int_equal(levels[i], levels[0]);
    }
}

/* ---- value model ---------------------------------------------------- */

static void check_value_row(const double *out)
{
    IN(out[KOL_VALUE_OUT_TOTAL], 0.0, 100.0);
    IN(out[KOL_VALUE_OUT_COMMUNICATION], 0.0, 100.0);
    IN(out[KOL_VALUE_OUT_FAN], 0.0, 100.0);
    IN(out[KOL_VALUE_OUT_CONVERSION], 0.0, 100.0);
    IN(out[KOL_VALUE_OUT_CONFIDENCE], 0.0, 1.0);
    IN(out[KOL_VALUE_OUT_VALUE_PER_COST], 0.0, DBL_MAX);
}

/* Score a roster (as records, then as columns) with every goal. */
static void score_cohort(const kol_roster *roster)
{
    uint32_t nm = kol_metric_count();
    size_t n = kol_roster_size(roster), i, k;
    double **store = calloc(nm, sizeof *store);
    const double **cols = calloc(nm, sizeof *cols);
    double *out = calloc(n * KOL_VALUE_OUT_COUNT + 1, sizeof *out);
    int goal;
    assert_non_null(store);
    assert_non_null(cols);
    assert_non_null(out);
    for (k = 0; k < nm; k++) {
        store[k] = calloc(n + 1, sizeof **store);
        assert_non_null(store[k]);
        for (i = 0; i < n; i++) {
            const kol_record *rec = NULL;
            double v = NAN;
            assert_int_equal(kol_roster_at(roster, i, &rec), KOL_STATUS_OK);
            if (kol_record_has_metric(rec, (int)k))
                assert_int_equal(kol_record_get_metric(rec, (int)k, &v),
                                 KOL_STATUS_OK);
            store[k][i] = v;
        }
        cols[k] = store[k];
    }
    for (goal = KOL_VALUE_GOAL_BALANCED; goal <= KOL_VALUE_GOAL_CONVERSION;
         goal++) {
        kol_value_model *model = NULL;
        kol_value_result *res = NULL;
        uint32_t nsub;
        assert_int_equal(kol_value_model_new(ctx, goal, &model),
                         KOL_STATUS_OK);
        nsub = kol_value_model_metric_count(model);
        if (OK_OR(kol_value_score_roster(model, roster, &res),
                  S(KOL_STATUS_EMPTY) | S(KOL_STATUS_MISSING))) {
            assert_int_equal(kol_value_result_size(res), n);
            for (i = 0; i < n; i++) {
                double row[KOL_VALUE_OUT_COUNT];
                int o;
                for (o = 0; o < KOL_VALUE_OUT_COUNT; o++)
                    assert_int_equal(kol_value_result_get(res, i, o, &row[o]),
                                     KOL_STATUS_OK);
                check_value_row(row);
                for (o = 0; o < (int)nsub; o++) {
                    double c = NAN;
                    if (kol_value_result_contribution(res, i, o, &c) ==
                        KOL_STATUS_OK)
                        IN(c, 0.0, 100.0);
                }
            }
            kol_value_result_free(res);
        }
        /* Columns: the same cohort. */
        for (i = 0; i < n * KOL_VALUE_OUT_COUNT; i++)
            out[i] = -1.0;
        if (OK_OR(kol_value_score_columns(model, cols, nm, n, out, NULL),
                  S(KOL_STATUS_EMPTY) | S(KOL_STATUS_MISSING)))
            for (i = 0; i < n; i++)
                check_value_row(out + i * KOL_VALUE_OUT_COUNT);
        /* Against a stored reference: the cohort itself, then each
         * record alone. */
        if (OK_OR(kol_value_model_set_reference(model, roster),
                  S(KOL_STATUS_EMPTY) | S(KOL_STATUS_MISSING))) {
            for (i = 0; i < n; i++) {
                const kol_record *rec = NULL;
                double row[KOL_VALUE_OUT_COUNT];
                assert_int_equal(kol_roster_at(roster, i, &rec),
                                 KOL_STATUS_OK);
                if (OK_OR(kol_value_score_record(model, rec, row, NULL, 0),
                          S(KOL_STATUS_EMPTY) | S(KOL_STATUS_MISSING)))
                    check_value_row(row);
            }
        }
        kol_value_model_free(model);
    }
    for (k = 0; k < nm; k++)
        free(store[k]);
    free(store);
    free(cols);
    free(out);
}

static kol_roster *roster_of(kol_record **recs, size_t n)
{
    kol_roster *roster = NULL;
    size_t i;
    assert_int_equal(kol_roster_new(ctx, &roster), KOL_STATUS_OK);
    for (i = 0; i < n; i++) {
        assert_int_equal(kol_roster_add(roster, recs[i]), KOL_STATUS_OK);
        kol_record_free(recs[i]);
    }
    return roster;
}

static void test_value_one_record(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < NCOUNTS; i++) {
        kol_record *rec = record_all("solo", counts[i]);
        kol_roster *roster = roster_of(&rec, 1);
        score_cohort(roster);
        kol_roster_free(roster);
    }
}

static void test_value_all_missing(void **state)
{
    kol_record *recs[3];
    kol_roster *roster;
    (void)state;
    recs[0] = record_with("a", NULL, NULL, 0);
    recs[1] = record_with("b", NULL, NULL, 0);
    recs[2] = record_with("c", NULL, NULL, 0);
    roster = roster_of(recs, 3);
    score_cohort(roster);
    kol_roster_free(roster);
}

static void test_value_constant_cohort(void **state)
{
    size_t i, k;
    char id[16];
    (void)state;
    for (k = 0; k < NCOUNTS; k++) {
        kol_record *recs[6];
        kol_roster *roster;
        for (i = 0; i < 6; i++) {
            snprintf(id, sizeof id, "c%zu", i);
            recs[i] = record_all(id, counts[k]);
        }
        roster = roster_of(recs, 6);
        score_cohort(roster);
        kol_roster_free(roster);
    }
}

static void test_value_mixed_extremes(void **state)
{
    kol_record *recs[NCOUNTS];
    kol_roster *roster;
    size_t i;
    char id[16];
    (void)state;
    for (i = 0; i < NCOUNTS; i++) {
        snprintf(id, sizeof id, "m%zu", i);
        recs[i] = record_all(id, counts[i]);
        /* a tiny price under a large score: value per cost */
        assert_int_equal(kol_record_set_metric(recs[i], KOL_METRIC_PRICE,
                                               counts[NCOUNTS - 1 - i]),
                         KOL_STATUS_OK);
    }
    roster = roster_of(recs, NCOUNTS);
    score_cohort(roster);
    kol_roster_free(roster);
}

/* ---- engagement sanity ---------------------------------------------- */

static void check_sanity(const kol_sanity *s, const kol_record *rec)
{
    int32_t v[8];
    double obs[8], exp_[8];
    size_t n = 99, i;
    if (!OK_OR(kol_sanity_check(s, rec, v, obs, exp_, 8, &n),
               S(KOL_STATUS_MISSING)))
        return;
    assert_true(n <= 8);
    for (i = 0; i < n; i++) {
        assert_non_null(kol_sanity_reason(v[i]));
        FINITE(obs[i]);
        FINITE(exp_[i]);
    }
}

static void test_sanity_check_extremes(void **state)
{
    kol_sanity *s = NULL;
    size_t a, b;
    (void)state;
    assert_int_equal(kol_sanity_new(ctx, &s), KOL_STATUS_OK);
    for (a = 0; a < NCOUNTS; a++) {
        kol_record *rec = record_all("all", counts[a]);
        check_sanity(s, rec);
        kol_record_free(rec);
        rec = record_with("none", NULL, NULL, 0);
        assert_int_equal(kol_sanity_check(s, rec, NULL, NULL, NULL, 0, &b),
                         KOL_STATUS_MISSING);
        kol_record_free(rec);
    }
    kol_sanity_free(s);
}

/* LIBRARY BUG (lib/sanity.c, kol_sanity_check): a denormal follower count
 * with large likes gives ENGAGEMENT_TOO_HIGH with observed = likes /
 * followers = inf; a denormal avg_views gives LIKES_ABOVE_VIEWS with
 * observed = likes / views = inf. */
static void test_sanity_check_ratio_overflow(void **state)
{
    static const int ms[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_LIKES,
                             KOL_METRIC_AVG_VIEWS};
    kol_sanity *s = NULL;
    size_t a, b, c;
    (void)state;
    assert_int_equal(kol_sanity_new(ctx, &s), KOL_STATUS_OK);
    for (a = 0; a < NCOUNTS; a++)
        for (b = 0; b < NCOUNTS; b++)
            for (c = 0; c < NCOUNTS; c++) {
                double vals[3];
                kol_record *rec;
                vals[0] = counts[a];
                vals[1] = counts[b];
                vals[2] = counts[c];
                rec = record_with("r", ms, vals, 3);
                check_sanity(s, rec);
                kol_record_free(rec);
            }
    kol_sanity_free(s);
}

/* LIBRARY BUG (lib/sanity.c, kol_size_band_of): sanity.h says "::
 * KOL_SIZE_SMALL for negative or non-finite input"; +inf gives
 * KOL_SIZE_MEGA. */
static void test_sanity_band_of_non_finite(void **state)
{
    (void)state;
    assert_int_equal(kol_size_band_of(NAN), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(-INFINITY), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(-DEN), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(BIG), KOL_SIZE_MEGA);
    assert_int_equal(kol_size_band_of(DEN), KOL_SIZE_SMALL);
    assert_int_equal(kol_size_band_of(INFINITY), KOL_SIZE_SMALL);
}

static void check_spikes(const kol_sanity *s, const double *f, size_t n,
                         unsigned allowed)
{
    int32_t *v = malloc((n + 1) * sizeof *v);
    double *z = malloc((n + 1) * sizeof *z);
    size_t spikes = 99, i, flagged = 0;
    assert_non_null(v);
    assert_non_null(z);
    if (OK_OR(kol_sanity_follower_spikes(s, f, n, v, z, &spikes), allowed)) {
        for (i = 0; i < n; i++) {
            FINITE(z[i]);
            assert_true(v[i] == KOL_SANITY_NONE ||
                        v[i] == KOL_SANITY_FOLLOWER_SPIKE ||
                        v[i] == KOL_SANITY_FOLLOWER_DROP);
            flagged += v[i] != KOL_SANITY_NONE;
        }
        assert_int_equal(spikes, flagged);
    }
    free(v);
    free(z);
}

static void test_sanity_series_extremes(void **state)
{
    kol_sanity *s = NULL;
    double f[64];
    size_t i, k;
    (void)state;
    assert_int_equal(kol_sanity_new(ctx, &s), KOL_STATUS_OK);
    for (k = 0; k < NCOUNTS; k++) {
        /* constant series */
        for (i = 0; i < 64; i++)
            f[i] = counts[k];
        check_spikes(s, f, 64, 0);
        check_spikes(s, f, 1, 0);
        check_spikes(s, f, 2, 0);
        /* alternating with 2^53: growths of +-2^53 */
        for (i = 0; i < 64; i++)
            f[i] = i % 2 ? BIG : counts[k];
        check_spikes(s, f, 64, 0);
        /* flat, then a jump to the value, then flat */
        for (i = 0; i < 64; i++)
            f[i] = i < 40 ? 0.0 : counts[k];
        check_spikes(s, f, 64, 0);
        /* steady growth of a denormal per day from the value */
        for (i = 0; i < 64; i++)
            f[i] = counts[k] + (double)i * DEN;
        check_spikes(s, f, 64, 0);
    }
    /* every day missing, or every other */
    for (i = 0; i < 64; i++)
        f[i] = NAN;
    check_spikes(s, f, 64, 0);
    for (i = 0; i < 64; i++)
        f[i] = i % 2 ? NAN : BIG - (double)i;
    check_spikes(s, f, 64, 0);
    /* just outside */
    f[10] = BIG * 2;
    check_spikes(s, f, 64, S(KOL_STATUS_OUT_OF_RANGE));
    f[10] = -DEN;
    check_spikes(s, f, 64, S(KOL_STATUS_OUT_OF_RANGE));
    kol_sanity_free(s);
}

/* ---- audience quality ----------------------------------------------- */

static void test_audience_extremes(void **state)
{
    enum { NF = KOL_FOLLOWER_FEATURE_COUNT, ROWS = NCOUNTS + 2 };
    kol_audience *a = NULL;
    int32_t cols[NF], verdict[ROWS];
    double cells[ROWS * NF], prob[ROWS];
    size_t i, c, n;
    (void)state;
    assert_int_equal(kol_audience_new(ctx, &a), KOL_STATUS_OK);
    for (c = 0; c < NF; c++)
        cols[c] = (int32_t)c;
    for (i = 0; i < NCOUNTS; i++)
        for (c = 0; c < NF; c++)
            cells[i * NF + c] = counts[i];
    for (c = 0; c < NF; c++) {
        cells[NCOUNTS * NF + c] = NAN;      /* every feature missing */
        cells[(NCOUNTS + 1) * NF + c] = c % 2 ? BIG : DEN;
    }
    for (n = 1; n <= ROWS; n++) {
        /* rows whose flags are not 0/1 may be refused */
        if (!OK_OR(kol_audience_score(a, cols, NF, cells + (ROWS - n) * NF,
                                      n, prob, verdict),
                   S(KOL_STATUS_OUT_OF_RANGE) |
                       S(KOL_STATUS_INVALID_ARGUMENT)))
            continue;
        for (i = 0; i < n; i++) {
            IN(prob[i], 0.0, 1.0);
            assert_true(verdict[i] >= KOL_AUDIENCE_UNKNOWN &&
                        verdict[i] <= KOL_AUDIENCE_FAKE);
        }
    }
    /* Row by row, so that the accepted rows are scored. */
    for (i = 0; i < ROWS; i++) {
        if (!OK_OR(kol_audience_score(a, cols, NF, cells + i * NF, 1, prob,
                                      verdict),
                   S(KOL_STATUS_OUT_OF_RANGE) |
                       S(KOL_STATUS_INVALID_ARGUMENT)))
            continue;
        IN(prob[0], 0.0, 1.0);
    }
    /* Real ratio from extreme probabilities, one row and many. */
    {
        static const double ps[] = {0.0, 1.0, DEN, 1.0 - DBL_EPSILON / 2,
                                    DBL_MIN, 0.5};
        for (n = 1; n <= 6; n++) {
            double ratio = NAN, lo = NAN, hi = NAN;
            size_t used = 0;
            if (OK_OR(kol_audience_real_ratio(a, ps, NULL, n, &ratio, &lo,
                                              &hi, &used),
                      S(KOL_STATUS_EMPTY))) {
                IN(ratio, 0.0, 1.0);
                IN(lo, 0.0, ratio);
                IN(hi, ratio, 1.0);
                assert_true(used >= 1 && used <= n);
            }
        }
    }
    kol_audience_free(a);
}

/* ---- traffic -------------------------------------------------------- */

typedef struct traffic_check {
    uint64_t slots;
    size_t nch;
} traffic_check;

static int check_block(void *user, size_t n, const int64_t *ts,
                       const uint32_t *ns, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored, const uint32_t *ch_reasons,
                       size_t n_channels)
{
    traffic_check *tc = (traffic_check *)user;
    size_t i, c;
    (void)ts;
    (void)ns;
    (void)reasons;
    (void)ch_reasons;
    assert_int_equal(n_channels, tc->nch);
    for (i = 0; i < n; i++) {
        IN(scores[i], 0.0, 1.0);
        for (c = 0; c < n_channels; c++) {
            double o = observed[i * n_channels + c];
            double r = restored[i * n_channels + c];
            FINITE(o);
            IN(r, 0.0, o > 0 ? o : 0.0);
        }
    }
    tc->slots += n;
    return 0;
}

static void check_totals(const kol_traffic *t, size_t nch)
{
    size_t c, k, ni;
    uint64_t total = 0, slots = 0, flagged = 0, skipped = 0;
    for (c = 0; c < nch; c++) {
        double o = NAN, r = NAN, lo = NAN, hi = NAN, d = NAN;
        assert_int_equal(kol_traffic_totals(t, c, &o, &r, &lo, &hi, &d),
                         KOL_STATUS_OK);
        FINITE(o);
        FINITE(r);
        FINITE(lo);
        FINITE(hi);
        FINITE(d);
        assert_true(lo <= hi);
    }
    assert_int_equal(kol_traffic_counts(t, &slots, &flagged, &skipped),
                     KOL_STATUS_OK);
    assert_true(flagged <= slots);
    ni = kol_traffic_interval_count(t, &total);
    for (k = 0; k < ni; k++) {
        int64_t s = 0, e = 0;
        uint32_t reasons = 0;
        double peak = NAN, inflated[KOL_CHANNEL_COUNT];
        assert_int_equal(kol_traffic_interval_at(t, k, &s, &e, &reasons,
                                                 &peak, inflated),
                         KOL_STATUS_OK);
        IN(peak, 0.0, 1.0);
        for (c = 0; c < nch; c++)
            FINITE(inflated[c]);
    }
}

/* Ten million samples of one channel (views, increments, no seasonal
 * profile), pushed in chunks of 65536, with bursts every so often. */
static void test_traffic_ten_million(void **state)
{
    enum { CHUNK = 65536 };
    const uint64_t total = 10000000u;
    int32_t ch = KOL_CHANNEL_VIEWS;
    kol_traffic *t = NULL;
    int64_t *ts = malloc(CHUNK * sizeof *ts);
    double *vals = malloc(CHUNK * sizeof *vals);
    traffic_check tc = {0, 1};
    uint64_t done = 0, x = 12345u, slots = 0, flagged = 0, skipped = 0;
    (void)state;
    assert_non_null(ts);
    assert_non_null(vals);
    assert_int_equal(kol_traffic_new(ctx, &ch, 1, &t), KOL_STATUS_OK);
    assert_int_equal(kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_SEASON_PERIOD,
                                           0),
                     KOL_STATUS_OK);
    while (done < total) {
        size_t n = total - done < CHUNK ? (size_t)(total - done) : CHUNK, i;
        for (i = 0; i < n; i++) {
            uint64_t k = done + i;
            x = x * 6364136223846793005u + 1442695040888963407u;
            ts[i] = (int64_t)k * 60;
            vals[i] = (double)(20u + (x >> 59)); /* 20 to 51 */
            if (k % 100003u < 5u)
                vals[i] += 5000.0; /* a burst */
            if (k % 1000033u == 7u)
                vals[i] = BIG; /* a count at 2^53 */
            if (k % 999983u == 11u)
                vals[i] = DEN;
        }
        assert_int_equal(kol_traffic_feed_blocks(t, ts, vals, n, check_block,
                                                 &tc),
                         KOL_STATUS_OK);
        done += n;
    }
    assert_int_equal(kol_traffic_finish_blocks(t, check_block, &tc),
                     KOL_STATUS_OK);
    assert_true(tc.slots == total);
    assert_int_equal(kol_traffic_counts(t, &slots, &flagged, &skipped),
                     KOL_STATUS_OK);
    assert_true(slots == total);
    assert_true(flagged > 0);
    check_totals(t, 1);
    kol_traffic_free(t);
    free(ts);
    free(vals);
}

static void traffic_series(int cumulative, const double *vals, size_t n,
                           size_t nch, unsigned allowed)
{
    static const int32_t chs[3] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                                   KOL_CHANNEL_COMMENTS};
    kol_traffic *t = NULL;
    int64_t *ts = malloc((n + 1) * sizeof *ts);
    traffic_check tc = {0, nch};
    size_t i;
    assert_non_null(ts);
    for (i = 0; i < n; i++)
        ts[i] = (int64_t)i * 60;
    for (i = 0; i < n * nch; i++)
        if (fabs(vals[i]) > BIG)
            allowed |= S(KOL_STATUS_OUT_OF_RANGE); /* documented */
    assert_int_equal(kol_traffic_new(ctx, chs, nch, &t), KOL_STATUS_OK);
    assert_int_equal(kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_CUMULATIVE,
                                           cumulative),
                     KOL_STATUS_OK);
    assert_int_equal(kol_traffic_set_param(t, KOL_TRAFFIC_PARAM_WARMUP, 3),
                     KOL_STATUS_OK);
    if (OK_OR(kol_traffic_feed_blocks(t, ts, vals, n, check_block, &tc),
              allowed)) {
        assert_int_equal(kol_traffic_finish_blocks(t, check_block, &tc),
                         KOL_STATUS_OK);
        assert_true(tc.slots == n);
    }
    check_totals(t, nch);
    kol_traffic_free(t);
    free(ts);
}

static void test_traffic_extremes(void **state)
{
    enum { N = 200 };
    static double vals[N * 3];
    size_t i, c, k;
    int cum;
    (void)state;
    for (cum = 0; cum <= 1; cum++) {
        for (k = 0; k < NCOUNTS; k++) {
            /* constant */
            for (i = 0; i < N * 3; i++)
                vals[i] = counts[k];
            traffic_series(cum, vals, N, 3, 0);
            traffic_series(cum, vals, 1, 1, 0);
            /* one slot at the value in a quiet series */
            for (i = 0; i < N; i++)
                for (c = 0; c < 3; c++)
                    vals[i * 3 + c] =
                        cum ? fmin((double)i * 10.0 +
                                       (i >= 150 ? counts[k] : 0), BIG)
                            : (i == 150 ? counts[k] : 10.0);
            traffic_series(cum, vals, N, 3, 0);
            /* the value against a denormal on the other channels */
            for (i = 0; i < N; i++) {
                vals[i * 3] = cum ? (double)i * counts[k] / N : counts[k];
                vals[i * 3 + 1] = DEN;
                vals[i * 3 + 2] = i % 3 ? NAN : DEN;
            }
            traffic_series(cum, vals, N, 3, 0);
        }
        /* counters climbing to 2^53 and falling back */
        for (i = 0; i < N; i++)
            for (c = 0; c < 3; c++)
                vals[i * 3 + c] = i < N / 2 ? BIG - (double)(N - i) : 1.0;
        traffic_series(cum, vals, N, 3, 0);
        /* every value missing */
        for (i = 0; i < N * 3; i++)
            vals[i] = NAN;
        traffic_series(cum, vals, N, 3, 0);
    }
}

/* ---- roi and cost --------------------------------------------------- */

static void check_report(const kol_roi_report *rep)
{
    size_t rows = kol_roi_report_size(rep), r;
    int metric, basis;
    uint32_t *order = malloc((rows + 1) * sizeof *order);
    double *share = malloc((rows + 1) * sizeof *share);
    double *score = malloc((rows + 1) * sizeof *score);
    int32_t *flag = malloc((rows + 1) * sizeof *flag);
    size_t keys = 0, outl = 0;
    assert_true(order && share && score && flag);
    for (r = 0; r < rows; r++)
        for (metric = KOL_ROI_DELIVERIES; metric <= KOL_ROI_CONTENT_QUALITY;
             metric++)
            for (basis = 0; basis < 2; basis++) {
                double v = NAN, lo = NAN, hi = NAN;
                if (OK_OR(kol_roi_report_get(rep, r, metric, basis, &v),
                          S(KOL_STATUS_MISSING) | S(KOL_STATUS_EMPTY)))
                    FINITE(v);
                if (OK_OR(kol_roi_report_interval(rep, r, metric, basis, &lo,
                                                  &hi),
                          S(KOL_STATUS_MISSING) | S(KOL_STATUS_EMPTY) |
                              S(KOL_STATUS_INVALID_ARGUMENT))) {
                    FINITE(lo);
                    FINITE(hi);
                    assert_true(lo <= hi);
                }
            }
    for (metric = KOL_ROI_DELIVERIES; metric <= KOL_ROI_EMV; metric++)
        if (OK_OR(kol_roi_report_rank(rep, metric, KOL_ROI_BASIS_NET, order,
                                      share, rows, &keys),
                  S(KOL_STATUS_MISSING) | S(KOL_STATUS_EMPTY) |
                      S(KOL_STATUS_INVALID_ARGUMENT)))
            for (r = 0; r < rows; r++)
                IN(share[r], -DBL_MAX, 1.0);
    for (metric = KOL_ROI_CPM; metric <= KOL_ROI_CONTENT_QUALITY; metric++)
        if (OK_OR(kol_roi_report_outliers(rep, metric, KOL_ROI_BASIS_REPORTED,
                                          score, flag, rows, &outl),
                  S(KOL_STATUS_MISSING) | S(KOL_STATUS_EMPTY) |
                      S(KOL_STATUS_INVALID_ARGUMENT)))
            for (r = 0; r < rows; r++)
                FINITE(score[r]);
    free(order);
    free(share);
    free(score);
    free(flag);
}

static void test_roi_extremes(void **state)
{
    kol_roi *roi = NULL;
    kol_delivery *d = NULL;
    kol_cost_history *h = NULL;
    size_t i, f, g;
    uint64_t added = 0;
    char id[16];
    (void)state;
    assert_int_equal(kol_roi_new(ctx, &roi), KOL_STATUS_OK);
    assert_int_equal(kol_delivery_new(ctx, &d), KOL_STATUS_OK);
    for (i = 0; i < NCOUNTS * 2; i++) {
        kol_delivery_reset(d);
        snprintf(id, sizeof id, "k%zu", i % 3);
        assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, id),
                         KOL_STATUS_OK);
        assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM,
                                              "douyin"),
                         KOL_STATUS_OK);
        assert_int_equal(kol_delivery_set_key(d, KOL_DELIVERY_KEY_TIER,
                                              "head"),
                         KOL_STATUS_OK);
        /* every field at one count, the cost at another */
        for (f = KOL_DELIVERY_IMPRESSIONS;
             f <= KOL_DELIVERY_RESTORED_FOLLOWER_GAIN; f++)
            (void)OK_OR(kol_delivery_set(d, (int)f, counts[i % NCOUNTS]),
                        S(KOL_STATUS_OUT_OF_RANGE) |
                            S(KOL_STATUS_INVALID_ARGUMENT));
        assert_int_equal(kol_delivery_set(d, KOL_DELIVERY_COST,
                                          counts[(i / 2 + 3) % NCOUNTS]),
                         KOL_STATUS_OK);
        (void)OK_OR(kol_roi_add(roi, d), S(KOL_STATUS_OUT_OF_RANGE) |
                                             S(KOL_STATUS_INVALID_ARGUMENT));
    }
    assert_true(kol_roi_size(roi) > 0);
    for (g = KOL_ROI_GROUP_DELIVERY; g <= KOL_ROI_GROUP_ALL; g++) {
        kol_roi_report *rep = NULL;
        if (OK_OR(kol_roi_report_new(roi, (int)g, &rep),
                  S(KOL_STATUS_EMPTY))) {
            check_report(rep);
            kol_roi_report_free(rep);
        }
    }
    /* into a cost history */
    assert_int_equal(kol_cost_history_new(ctx, KOL_COST_ALPHA_DEFAULT, &h),
                     KOL_STATUS_OK);
    if (OK_OR(kol_roi_feed_cost(roi, h, &added), S(KOL_STATUS_OUT_OF_RANGE))) {
        int m;
        for (m = KOL_COST_MEASURE_CPM; m <= KOL_COST_MEASURE_PRICE; m++) {
            double q = NAN;
            if (OK_OR(kol_cost_history_quantile(h, "douyin", "head", NULL, m,
                                                0.5, &q),
                      S(KOL_STATUS_NOT_FOUND) | S(KOL_STATUS_EMPTY) |
                          S(KOL_STATUS_MISSING)))
                FINITE(q);
        }
    }
    kol_cost_history_free(h);
    kol_delivery_free(d);
    kol_roi_free(roi);
}

static void test_roi_incrementality_extremes(void **state)
{
    kol_roi *roi = NULL;
    double base[8], during[8], out[6];
    size_t a, b, c, n;
    int32_t defined = -1;
    (void)state;
    assert_int_equal(kol_roi_new(ctx, &roi), KOL_STATUS_OK);
    for (a = 0; a < NCOUNTS; a++)
        for (b = 0; b < NCOUNTS; b++) {
            for (n = 0; n < 8; n++) {
                base[n] = counts[a];      /* constant baseline */
                during[n] = counts[b];    /* constant campaign */
            }
            for (c = 0; c < NCOUNTS; c++)
                for (n = 1; n <= 8; n += 7) {
                    if (!OK_OR(kol_roi_incrementality(roi, base, n, during,
                                                      n, counts[c], out,
                                                      &defined),
                               S(KOL_STATUS_OUT_OF_RANGE)))
                        continue;
                    FINITE(out[0]);
                    FINITE(out[1]);
                    FINITE(out[2]);
                    FINITE(out[3]);
                    FINITE(out[4]);
                    FINITE(out[5]);
                    assert_true(out[1] <= out[2]);
                    assert_true(defined == 0 || defined == 1);
                }
        }
    kol_roi_free(roi);
}

static void test_cost_extremes(void **state)
{
    kol_cost_history *h = NULL, *back = NULL;
    size_t a, b, need = 0, len = 0;
    uint8_t *buf;
    int m;
    (void)state;
    assert_int_equal(kol_cost_history_new(ctx, KOL_COST_ALPHA_DEFAULT, &h),
                     KOL_STATUS_OK);
    for (a = 0; a < NCOUNTS; a++)
        for (b = 0; b < NCOUNTS; b++)
            (void)OK_OR(kol_cost_history_add(h, "douyin", "head", "beauty",
                                             counts[a], counts[b], counts[b],
                                             counts[a]),
                        S(KOL_STATUS_OUT_OF_RANGE) |
                            S(KOL_STATUS_INVALID_ARGUMENT));
    for (m = KOL_COST_MEASURE_CPM; m <= KOL_COST_MEASURE_PRICE; m++) {
        for (a = 0; a <= 4; a++) {
            double q = NAN, rank = NAN;
            if (OK_OR(kol_cost_history_quantile(h, "douyin", "head", NULL, m,
                                                (double)a / 4.0, &q),
                      S(KOL_STATUS_NOT_FOUND) | S(KOL_STATUS_EMPTY)))
                FINITE(q);
            if (OK_OR(kol_cost_history_percentile(h, "douyin", "head",
                                                  "beauty", m, counts[a],
                                                  &rank),
                      S(KOL_STATUS_NOT_FOUND) | S(KOL_STATUS_EMPTY)))
                IN(rank, 0.0, 1.0);
        }
    }
    for (a = 0; a < NCOUNTS; a++)
        for (b = 0; b < NCOUNTS; b++) {
            double pct = NAN, lo = NAN, mid = NAN, hi = NAN;
            int32_t basis = -1;
            if (OK_OR(kol_cost_history_quote(h, "douyin", "head", "beauty",
                                             counts[a], counts[b], DEN,
                                             1.0 - DBL_EPSILON, &pct, &lo,
                                             &mid, &hi, &basis),
                      S(KOL_STATUS_NOT_FOUND) | S(KOL_STATUS_EMPTY) |
                          S(KOL_STATUS_OUT_OF_RANGE))) {
                IN(pct, 0.0, 1.0);
                FINITE(lo);
                FINITE(mid);
                FINITE(hi);
                assert_true(lo <= mid && mid <= hi);
            }
        }
    assert_int_equal(kol_cost_history_serialize(h, NULL, 0, &need),
                     KOL_STATUS_OK);
    buf = malloc(need);
    assert_non_null(buf);
    assert_int_equal(kol_cost_history_serialize(h, buf, need, &len),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_deserialize(ctx, buf, len, &back),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_cells(back), kol_cost_history_cells(h));
    free(buf);
    kol_cost_history_free(back);
    kol_cost_history_free(h);
}

/* ---- sketch --------------------------------------------------------- */

static void sketch_checks(const kol_sketch *s, const kol_sketch *other)
{
    double e = NAN, ov = NAN, jac = NAN, un = NAN;
    const kol_sketch *both[2];
    assert_int_equal(kol_sketch_estimate(s, &e), KOL_STATUS_OK);
    IN(e, 0.0, DBL_MAX);
    both[0] = s;
    both[1] = other;
    if (OK_OR(kol_sketch_union_estimate(both, 2, &un), S(KOL_STATUS_MISMATCH)))
        IN(un, 0.0, DBL_MAX);
    if (OK_OR(kol_sketch_overlap(s, other, &ov, &jac, &un),
              S(KOL_STATUS_MISMATCH))) {
        IN(ov, 0.0, DBL_MAX);
        IN(jac, 0.0, 1.0);
        IN(un, 0.0, DBL_MAX);
    }
}

/* Registers forged to the largest rank (65 - p), checksum made good: the
 * estimate of an absurdly large set must stay finite. */
static void test_sketch_saturated(void **state)
{
    int p;
    (void)state;
    for (p = KOL_SKETCH_MIN_PRECISION; p <= KOL_SKETCH_MAX_PRECISION; p++) {
        kol_sketch *s = NULL, *t = NULL, *u = NULL;
        size_t need = 0, len = 0, m = (size_t)1 << p, i;
        uint8_t *buf;
        uint64_t ids[64], hsum;
        double se = NAN;
        assert_int_equal(kol_sketch_standard_error(p, &se), KOL_STATUS_OK);
        IN(se, 0.0, 1.0);
        assert_int_equal(kol_sketch_new(ctx, p, KOL_SKETCH_DEFAULT_SEED, &s),
                         KOL_STATUS_OK);
        for (i = 0; i < 64; i++)
            ids[i] = i == 0   ? 0
                     : i == 1 ? UINT64_MAX
                              : i * 0x9e3779b97f4a7c15u;
        assert_int_equal(kol_sketch_add_ids(s, ids, 64), KOL_STATUS_OK);
        sketch_checks(s, s);
        /* a dense blob: header 20 bytes, m registers, 8 bytes of check */
        buf = calloc(20 + m + 8, 1);
        assert_non_null(buf);
        assert_int_equal(kol_sketch_serialized_size(s, &need), KOL_STATUS_OK);
        {
            uint8_t *tmp = malloc(need);
            assert_non_null(tmp);
            assert_int_equal(kol_sketch_serialize(s, tmp, need, &len),
                             KOL_STATUS_OK);
            memcpy(buf, tmp, 16); /* magic, version, p, encoding, seed */
            free(tmp);
        }
        buf[6] = 0; /* dense */
        buf[16] = (uint8_t)(m & 0xffu);
        buf[17] = (uint8_t)((m >> 8) & 0xffu);
        buf[18] = (uint8_t)((m >> 16) & 0xffu);
        buf[19] = 0;
        memset(buf + 20, 65 - p, m);
        hsum = XXH3_64bits_withSeed(buf, 20 + m, 0x6b6f6c2d63686b31ULL);
        for (i = 0; i < 8; i++)
            buf[20 + m + i] = (uint8_t)(hsum >> (8 * i));
        if (OK_OR(kol_sketch_deserialize(ctx, buf, 20 + m + 8, &t),
                  S(KOL_STATUS_CORRUPT))) {
            sketch_checks(t, s);
            sketch_checks(t, t);
            assert_int_equal(kol_sketch_clone(t, &u), KOL_STATUS_OK);
            assert_int_equal(kol_sketch_merge(u, s), KOL_STATUS_OK);
            sketch_checks(u, t);
            kol_sketch_free(u);
            kol_sketch_free(t);
        }
        /* and with one register one rank lower */
        buf[20] = (uint8_t)(64 - p);
        hsum = XXH3_64bits_withSeed(buf, 20 + m, 0x6b6f6c2d63686b31ULL);
        for (i = 0; i < 8; i++)
            buf[20 + m + i] = (uint8_t)(hsum >> (8 * i));
        if (OK_OR(kol_sketch_deserialize(ctx, buf, 20 + m + 8, &t),
                  S(KOL_STATUS_CORRUPT))) {
            sketch_checks(t, s);
            kol_sketch_free(t);
        }
        free(buf);
        kol_sketch_free(s);
    }
}

static void test_sketch_empty_and_one(void **state)
{
    kol_sketch *a = NULL, *b = NULL;
    uint64_t id = 42;
    double e = NAN;
    (void)state;
    assert_int_equal(kol_sketch_new(ctx, KOL_SKETCH_MIN_PRECISION,
                                    KOL_SKETCH_DEFAULT_SEED, &a),
                     KOL_STATUS_OK);
    assert_int_equal(kol_sketch_new(ctx, KOL_SKETCH_MIN_PRECISION,
                                    KOL_SKETCH_DEFAULT_SEED, &b),
                     KOL_STATUS_OK);
    sketch_checks(a, b); /* both empty */
    assert_int_equal(kol_sketch_estimate(a, &e), KOL_STATUS_OK);
    assert_true(e == 0.0);
    assert_int_equal(kol_sketch_add_ids(b, &id, 1), KOL_STATUS_OK);
    sketch_checks(a, b);
    sketch_checks(b, b);
    kol_sketch_free(a);
    kol_sketch_free(b);
}

/* ---- planner -------------------------------------------------------- */

/* A candidate audience with a register at the largest rank (65 - p,
 * forged): the planner's lazy reach gains rest on a bound that does not
 * cover that rank, so it weighs every candidate at every pick there
 * (docs/model-overlap.md 4.3, "Lazy gains"). The picks are still those of
 * a greedy on kol_sketch_union_estimate (cost 1 each: the largest gain,
 * the first on a tie). */
static void test_planner_reach_top_rank(void **state)
{
    enum { N = 12, P = 8, M = 1 << P, K = 6 };
    kol_sketch *sk[N];
    const kol_sketch *set[N + 1];
    kol_planner *pl = NULL;
    kol_plan *plan = NULL;
    double cost[N];
    uint8_t buf[20 + M + 8], hdr[64];
    size_t i, j, len = 0, pick[N], npick = 0;
    unsigned char in[N] = {0};
    uint64_t ids[300], hsum, x = 99;
    (void)state;
    for (i = 0; i < N; i++) {
        cost[i] = 1.0;
        assert_int_equal(kol_sketch_new(ctx, P, KOL_SKETCH_DEFAULT_SEED,
                                        &sk[i]),
                         KOL_STATUS_OK);
        for (j = 0; j < 300; j++)
            ids[j] = i * 97 + j * (i % 3 + 1);
        assert_int_equal(kol_sketch_add_ids(sk[i], ids, 100 + 15 * i),
                         KOL_STATUS_OK);
    }
    /* candidate 4: dense registers 0 to 6, register 9 at rank 57 */
    assert_int_equal(kol_sketch_serialize(sk[4], hdr, sizeof hdr, &len),
                     KOL_STATUS_TOO_LARGE);
    {
        size_t need = 0;
        uint8_t *tmp;
        assert_int_equal(kol_sketch_serialized_size(sk[4], &need),
                         KOL_STATUS_OK);
        tmp = malloc(need);
        assert_non_null(tmp);
        assert_int_equal(kol_sketch_serialize(sk[4], tmp, need, &len),
                         KOL_STATUS_OK);
        memcpy(buf, tmp, 16); /* magic, version, p, encoding, seed */
        free(tmp);
    }
    buf[6] = 0; /* dense */
    buf[16] = (uint8_t)(M & 0xff);
    buf[17] = (uint8_t)(M >> 8);
    buf[18] = buf[19] = 0;
    for (j = 0; j < M; j++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        buf[20 + j] = (uint8_t)((x >> 33) % 7);
    }
    buf[20 + 9] = 65 - P;
    hsum = XXH3_64bits_withSeed(buf, 20 + M, 0x6b6f6c2d63686b31ULL);
    for (j = 0; j < 8; j++)
        buf[20 + M + j] = (uint8_t)(hsum >> (8 * j));
    kol_sketch_free(sk[4]);
    sk[4] = NULL;
    assert_int_equal(kol_sketch_deserialize(ctx, buf, sizeof buf, &sk[4]),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, NULL, NULL, NULL,
                                                NULL, NULL, N),
                     KOL_STATUS_OK);
    assert_int_equal(
        kol_planner_set_audiences(pl, (const kol_sketch *const *)sk, N),
        KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_REACH),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, K),
                     KOL_STATUS_OK);
    assert_int_equal(
        kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT_REACH, 0),
        KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    while (npick < K) {
        size_t best = (size_t)-1;
        double base = 0.0, bg = 0.0, u;
        for (j = 0; j < npick; j++)
            set[j] = sk[pick[j]];
        if (npick > 0)
            assert_int_equal(kol_sketch_union_estimate(set, npick, &base),
                             KOL_STATUS_OK);
        for (i = 0; i < N; i++) {
            if (in[i])
                continue;
            set[npick] = sk[i];
            assert_int_equal(kol_sketch_union_estimate(set, npick + 1, &u),
                             KOL_STATUS_OK);
            if (u - base > 0.0 && (best == (size_t)-1 || u - base > bg)) {
                best = i;
                bg = u - base;
            }
        }
        if (best == (size_t)-1)
            break;
        in[best] = 1;
        pick[npick++] = best;
    }
    assert_true(in[4]); /* the forged candidate is weighed and taken */
    assert_int_equal(kol_plan_size(plan), npick);
    for (i = 0; i < npick; i++) {
        size_t c = N;
        assert_int_equal(kol_plan_pick(plan, i, &c, NULL), KOL_STATUS_OK);
        assert_int_equal(c, pick[i]);
    }
    kol_plan_free(plan);
    kol_planner_free(pl);
    for (i = 0; i < N; i++)
        kol_sketch_free(sk[i]);
}

static void test_planner_extremes(void **state)
{
    enum { N = 8 };
    double cost[N], value[N], conv[N];
    int32_t tier[N];
    size_t a, b, i;
    int obj;
    (void)state;
    for (a = 0; a < NCOUNTS; a++)
        for (b = 0; b < NCOUNTS; b++)
            for (obj = KOL_PLAN_OBJECTIVE_VALUE;
                 obj <= KOL_PLAN_OBJECTIVE_CONVERSIONS; obj++) {
                kol_planner *pl = NULL;
                kol_plan *plan = NULL;
                size_t n;
                for (i = 0; i < N; i++) {
                    cost[i] = i % 2 ? counts[a] : counts[b];
                    value[i] = i % 2 ? counts[b] : counts[a];
                    conv[i] = counts[(a + i) % NCOUNTS];
                    tier[i] = (int32_t)(i % 3);
                }
                assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
                n = b % 2 ? 1 : N; /* one candidate, or eight */
                if (!OK_OR(kol_planner_set_candidates(pl, cost, value, conv,
                                                      tier, NULL, NULL, n),
                           S(KOL_STATUS_OUT_OF_RANGE))) {
                    kol_planner_free(pl);
                    continue;
                }
                (void)OK_OR(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                                  counts[(a + b) % NCOUNTS]),
                            S(KOL_STATUS_OUT_OF_RANGE));
                assert_int_equal(kol_planner_set_param(
                                     pl, KOL_PLAN_PARAM_OBJECTIVE, obj),
                                 KOL_STATUS_OK);
                /* BAD_STATE: a zero budget */
                if (OK_OR(kol_planner_run(pl, &plan),
                          S(KOL_STATUS_INFEASIBLE) | S(KOL_STATUS_EMPTY) |
                              S(KOL_STATUS_BAD_STATE))) {
                    size_t k, c;
                    double gain;
                    FINITE(kol_plan_spend(plan));
                    FINITE(kol_plan_objective(plan));
                    IN(kol_plan_guarantee(plan), 0.0, 1.0);
                    for (k = 0; k < kol_plan_size(plan); k++) {
                        assert_int_equal(kol_plan_pick(plan, k, &c, &gain),
                                         KOL_STATUS_OK);
                        FINITE(gain);
                    }
                    for (k = 0; k < kol_plan_rejected_count(plan); k++) {
                        int32_t reason;
                        assert_int_equal(kol_plan_rejected(plan, k, &c,
                                                           &reason, &gain),
                                         KOL_STATUS_OK);
                        FINITE(gain);
                    }
                    kol_plan_free(plan);
                }
                kol_planner_free(pl);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_counts),
        cmocka_unit_test(test_record_portrait_weights),
        cmocka_unit_test(test_roster_extremes),
        cmocka_unit_test(test_tier_extremes),
        cmocka_unit_test(test_tier_quantiles_extremes),
        cmocka_unit_test(test_value_one_record),
        cmocka_unit_test(test_value_all_missing),
        cmocka_unit_test(test_value_constant_cohort),
        cmocka_unit_test(test_value_mixed_extremes),
        cmocka_unit_test(test_sanity_check_extremes),
        cmocka_unit_test(test_sanity_check_ratio_overflow),
        cmocka_unit_test(test_sanity_band_of_non_finite),
        cmocka_unit_test(test_sanity_series_extremes),
        cmocka_unit_test(test_audience_extremes),
        cmocka_unit_test(test_traffic_extremes),
        cmocka_unit_test(test_traffic_ten_million),
        cmocka_unit_test(test_roi_extremes),
        cmocka_unit_test(test_roi_incrementality_extremes),
        cmocka_unit_test(test_cost_extremes),
        cmocka_unit_test(test_sketch_empty_and_one),
        cmocka_unit_test(test_sketch_saturated),
        cmocka_unit_test(test_planner_extremes),
        cmocka_unit_test(test_planner_reach_top_rank),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
