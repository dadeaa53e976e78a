/* Audience quality: fake-follower probabilities and the real-follower
 * ratio (include/kol/audience_quality.h; model in docs/model-traffic.md,
 * "Audience quality"). */
#include <math.h>
#include <string.h>

#include "kol/audience_quality.h"
#include "internal/base.h"
#include "internal/param.h"
#include "internal/stats.h"

#define NF KOL_FOLLOWER_FEATURE_COUNT
#define MAX_COUNT 9007199254740992.0 /* 2^53 */

static const char *const feature_names[NF] = {
    "followers",   "following",       "posts",
    "has_avatar",  "bio_length",      "private",
    "username_digits", "username_length", "account_age_days"};

/* Logistic regression fitted on instafake (1194 accounts, 200 fake) with
 * ridge penalty 1 on the slopes, features centred on their means; see
 * docs/model-traffic.md for the procedure. Index: feature code; the age
 * feature has no fitted weight (see KOL_AUDIENCE_PARAM_AGE_WEIGHT). */
static const double coef_intercept = -3.83532809;
static const double coef_mean[NF] = {
    5.35905024,  /* ln(1 + followers) */
    6.07547161,  /* ln(1 + following) */
    2.81495181,  /* ln(1 + posts) */
    0.922948074, /* has_avatar */
    1.85989412,  /* ln(1 + bio_length) */
    0.657453936, /* private */
    0.495812395, /* username_digits */
    11.1239531,  /* username_length */
    0.0};
static const double coef_slope[NF] = {
    -1.60973039, 1.26964835, -0.769337374, -1.69308529, -0.0966634813,
    -1.40788033, 0.427482726, -0.080581347, 0.0};
/* Share of fake accounts in the fitting data: 200 / 1194. */
static const double train_prior = 200.0 / 1194.0;

static const struct kol__param params[KOL_AUDIENCE_PARAM_COUNT] = {
    {"prior", 1e-6, 1.0 - 1e-6, 0.1675, 0},
    {"threshold", 1e-6, 1.0 - 1e-6, 0.5, 0},
    {"confidence", 0.5, 0.999, 0.95, 0},
    {"age_weight", 0.0, 5.0, 0.3, 0},
};

struct kol_audience {
    kol_ctx *ctx;
    double p[KOL_AUDIENCE_PARAM_COUNT];
};

KOL_API const char *kol_follower_feature_name(int feature)
{
    if (feature < 0 || feature >= NF)
        return NULL;
    return feature_names[feature];
}

KOL_API kol_status kol_follower_feature_from_name(const char *name,
                                                  int32_t *out)
{
    int i;
    if (!name || !out)
        return KOL_STATUS_INVALID_ARGUMENT;
    for (i = 0; i < NF; i++) {
        if (strcmp(name, feature_names[i]) == 0) {
            *out = i;
            return KOL_STATUS_OK;
        }
    }
    return KOL_STATUS_NOT_FOUND;
}

KOL_API kol_status kol_audience_param_bounds(int param, double *min,
                                             double *max,
                                             double *default_value)
{
    return kol__param_bounds(params, KOL_AUDIENCE_PARAM_COUNT, param, min,
                             max, default_value);
}

KOL_API kol_status kol_audience_new(kol_ctx *ctx, kol_audience **out)
{
    kol_audience *a;
    int i;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_audience_new: out is NULL");
    a = kol__alloc(ctx, sizeof *a);
    if (!a)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_audience_new");
    a->ctx = ctx;
    for (i = 0; i < KOL_AUDIENCE_PARAM_COUNT; i++)
        a->p[i] = params[i].def;
    *out = a;
    return KOL_STATUS_OK;
}

KOL_API void kol_audience_free(kol_audience *a)
{
    if (a)
        kol__free(a->ctx, a);
}

KOL_API kol_status kol_audience_set_param(kol_audience *a, int param,
                                          double value)
{
    kol_status st;
    if (!a)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_check(a->ctx, "kol_audience_set_param", params,
                          KOL_AUDIENCE_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    a->p[param] = value;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_audience_get_param(const kol_audience *a, int param,
                                          double *value)
{
    kol_status st;
    if (!a)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(a->ctx, "kol_audience_get_param", "value",
                              KOL_AUDIENCE_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    *value = a->p[param];
    return KOL_STATUS_OK;
}

static int is_flag(int f)
{
    return f == KOL_FOLLOWER_HAS_AVATAR || f == KOL_FOLLOWER_PRIVATE;
}

static double logit(double p) { return kol__log(p / (1.0 - p)); }

static double sigmoid(double x)
{
    /* e^-|x| with kol__exp, whose domain ends at -700: beyond it the
     * result is 1 (exactly, as 1 / (1 + e^-700) rounds to 1) or 0 (below
     * e^-700, about 1e-304) */
    if (x >= 0) {
        double e = kol__exp(x > 700.0 ? -700.0 : -x);
        return 1.0 / (1.0 + e);
    } else {
        double e;
        if (x < -700.0)
            return 0.0;
        e = kol__exp(x);
        return e / (1.0 + e);
    }
}

/* The model's term for feature f at value x (x known and valid). */
static double term(int f, double x, double age_weight)
{
    double v;
    switch (f) {
    case KOL_FOLLOWER_FOLLOWERS:
    case KOL_FOLLOWER_FOLLOWING:
    case KOL_FOLLOWER_POSTS:
    case KOL_FOLLOWER_BIO_LENGTH:
        v = kol__log1p(x);
        break;
    case KOL_FOLLOWER_ACCOUNT_AGE_DAYS:
        if (x >= 364.0)
            return 0.0;
        return age_weight * kol__log(365.0 / (x + 1.0));
    default:
        v = x;
        break;
    }
    return coef_slope[f] * (v - coef_mean[f]);
}

KOL_API kol_status kol_audience_score(const kol_audience *a,
                                      const int32_t *columns,
                                      size_t n_columns, const double *values,
                                      size_t n_rows, double *fake_prob,
                                      int32_t *verdicts)
{
    size_t i, j;
    int col_of[NF], dig_col, len_col, f;
    double shift;
    if (!a)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n_columns > NF)
        return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_audience_score: %z columns, at most %d",
                         n_columns, NF);
    if ((n_columns > 0 && !columns) ||
        (n_rows > 0 && n_columns > 0 && !values))
        return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_audience_score: %s is NULL",
                         !columns ? "columns" : "values");
    /* the column of each feature (-1: not given) */
    for (f = 0; f < NF; f++)
        col_of[f] = -1;
    for (j = 0; j < n_columns; j++) {
        if (columns[j] < 0 || columns[j] >= NF)
            return kol__fail(a->ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "kol_audience_score: column %z: unknown "
                             "feature %d",
                             j, (int)columns[j]);
        if (col_of[columns[j]] >= 0)
            return kol__fail(a->ctx, KOL_STATUS_DUPLICATE,
                             "kol_audience_score: column %z: %s given "
                             "twice",
                             j, feature_names[columns[j]]);
        col_of[columns[j]] = (int)j;
    }
    dig_col = col_of[KOL_FOLLOWER_USERNAME_DIGITS];
    len_col = col_of[KOL_FOLLOWER_USERNAME_LENGTH];
    /* check every cell first. Without columns there is no cell, and
     * values may be NULL: no row pointer is made from it (NULL + 0 is
     * undefined in C). */
    for (i = 0; n_columns > 0 && i < n_rows; i++) {
        const double *row = values + i * n_columns;
        for (j = 0; j < n_columns; j++) {
            double x = row[j];
            f = columns[j];
            if (isnan(x))
                continue;
            if (isinf(x))
                return kol__fail(a->ctx, KOL_STATUS_NOT_FINITE,
                                 "kol_audience_score: row %z, %s: value %g is "
                                 "not finite",
                                 i, feature_names[f], x);
            /* a flag is 0 or 1, whatever else it is (a negative one
             * included): INVALID_ARGUMENT, as the header says; the range
             * below is that of the counts */
            if (is_flag(f) && x != 0 && x != 1)
                return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                 "kol_audience_score: row %z, %s: value %g is "
                                 "not 0 or 1",
                                 i, feature_names[f], x);
            if (x < 0 || x > MAX_COUNT)
                return kol__fail(a->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "kol_audience_score: row %z, %s: value %g "
                                 "outside [0, 2^53]",
                                 i, feature_names[f], x);
        }
        if (dig_col >= 0 && len_col >= 0 && !isnan(row[dig_col]) &&
            !isnan(row[len_col]) && row[dig_col] > row[len_col])
            return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_audience_score: row %z: username_digits %g "
                             "above username_length %g",
                             i, row[dig_col], row[len_col]);
    }
    shift = logit(a->p[KOL_AUDIENCE_PARAM_PRIOR]) - logit(train_prior);
    for (i = 0; i < n_rows; i++) {
        const double *row = n_columns > 0 ? values + i * n_columns : NULL;
        double z = coef_intercept + shift, age = 0.0, p;
        int fitted = 0;
        /* the terms in feature-code order, so a row's probability does
         * not depend on the order of the caller's columns */
        for (f = 0; f < NF; f++) {
            double t;
            if (col_of[f] < 0 || isnan(row[col_of[f]]))
                continue;
            t = term(f, row[col_of[f]], a->p[KOL_AUDIENCE_PARAM_AGE_WEIGHT]);
            z += t;
            if (f == KOL_FOLLOWER_ACCOUNT_AGE_DAYS)
                age = t;
            else
                fitted = 1;
        }
        /* The intercept is the fitted model at the mean follower, which
         * looks real (p 0.02): it stands for the unknown features only
         * beside a known one. Without any fitted feature the base is the
         * prior (with the age heuristic on top), and the verdict unknown:
         * an account's age alone is no evidence either way. */
        p = fitted ? sigmoid(z)
                   : (age != 0.0
                          ? sigmoid(logit(a->p[KOL_AUDIENCE_PARAM_PRIOR]) + age)
                          : a->p[KOL_AUDIENCE_PARAM_PRIOR]);
        if (fake_prob)
            fake_prob[i] = p;
        if (verdicts)
            verdicts[i] = !fitted ? KOL_AUDIENCE_UNKNOWN
                                  : (p >= a->p[KOL_AUDIENCE_PARAM_THRESHOLD]
                                         ? KOL_AUDIENCE_FAKE
                                         : KOL_AUDIENCE_REAL);
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_audience_real_ratio(const kol_audience *a,
                                           const double *fake_prob,
                                           const int32_t *verdicts, size_t n,
                                           double *ratio, double *low,
                                           double *high, size_t *used)
{
    size_t i, m = 0;
    double sum = 0, r, z, z2, nn, centre, half, lo, hi;
    if (!a)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n > 0 && !fake_prob)
        return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_audience_real_ratio: fake_prob is NULL with "
                         "%z rows",
                         n);
    for (i = 0; i < n; i++) {
        double p = fake_prob[i];
        if (verdicts && (verdicts[i] < KOL_AUDIENCE_UNKNOWN ||
                         verdicts[i] > KOL_AUDIENCE_FAKE))
            return kol__fail(a->ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "kol_audience_real_ratio: row %z: unknown "
                             "verdict %d",
                             i, (int)verdicts[i]);
        if (!isfinite(p))
            return kol__fail(a->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_audience_real_ratio: row %z: probability "
                             "%g is not finite",
                             i, p);
        if (p < 0 || p > 1)
            return kol__fail(a->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_audience_real_ratio: row %z: probability %g "
                             "outside [0, 1]",
                             i, p);
        if (verdicts && verdicts[i] == KOL_AUDIENCE_UNKNOWN)
            continue;
        sum += 1.0 - p;
        m++;
    }
    if (m == 0)
        return kol__fail(a->ctx, KOL_STATUS_EMPTY,
                         "kol_audience_real_ratio: no follower with a known "
                         "feature among %z rows",
                         n);
    nn = (double)m;
    /* In [0, 1] without clamping: each term 1 - p is in [0, 1], so by
     * monotone rounding the k-th partial sum is in [0, k] (k < 2^53 is
     * exact) and sum / m in [0, 1]. */
    r = sum / nn;
    z = kol__normal_z(a->p[KOL_AUDIENCE_PARAM_CONFIDENCE]);
    z2 = z * z;
    centre = (r + z2 / (2.0 * nn)) / (1.0 + z2 / nn);
    half = z / (1.0 + z2 / nn) * sqrt(r * (1.0 - r) / nn + z2 / (4.0 * nn * nn));
    lo = centre - half;
    hi = centre + half;
    /* Rounding can put the bounds a hair outside [0, 1] or on the wrong
     * side of r when r is 0 or 1 (the exact bound is r itself there). */
    if (lo < 0)
        lo = 0;
    if (hi > 1)
        hi = 1;
    if (lo > r)
        lo = r;
    if (hi < r)
        hi = r;
    if (ratio)
        *ratio = r;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    if (used)
        *used = m;
    return KOL_STATUS_OK;
}
