/* Tests of the fake-follower model (include/kol/audience_quality.h).
 *
 * Real data: the instafake labelled accounts (Akyon and Kalfaoglu, 2019,
 * CC BY-NC 4.0) under KOL_DATA_DIR/instafake; the tests that need them
 * skip when they are absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testalloc.h"

#ifndef KOL_DATA_DIR
#define KOL_DATA_DIR "../shared/data"
#endif

#define NF KOL_FOLLOWER_FEATURE_COUNT

static const int32_t all_cols[8] = {
    KOL_FOLLOWER_FOLLOWERS,       KOL_FOLLOWER_FOLLOWING,
    KOL_FOLLOWER_BIO_LENGTH,      KOL_FOLLOWER_POSTS,
    KOL_FOLLOWER_HAS_AVATAR,      KOL_FOLLOWER_PRIVATE,
    KOL_FOLLOWER_USERNAME_DIGITS, KOL_FOLLOWER_USERNAME_LENGTH};

/* JSON keys of instafake, in the order of all_cols. */
static const char *const keys[8] = {
    "userFollowerCount", "userFollowingCount", "userBiographyLength",
    "userMediaCount",    "userHasProfilPic",   "userIsPrivate",
    "usernameDigitCount", "usernameLength"};

typedef struct {
    double *x; /* n rows of 8, in the order of all_cols */
    int *fake;
    size_t n;
} dataset;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    long len;
    char *buf;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = 0;
    fclose(f);
    return buf;
}

/* Read the flat objects of one instafake file into d. */
static int load_file(dataset *d, const char *name)
{
    char path[512];
    char *text, *p;
    snprintf(path, sizeof path, "%s/instafake/%s", KOL_DATA_DIR, name);
    text = slurp(path);
    if (!text)
        return 0;
    p = text;
    while ((p = strchr(p, '{')) != NULL) {
        char *end = strchr(p, '}');
        int k;
        assert_non_null(end);
        *end = 0;
        d->x = realloc(d->x, (d->n + 1) * 8 * sizeof *d->x);
        d->fake = realloc(d->fake, (d->n + 1) * sizeof *d->fake);
        assert_non_null(d->x);
        assert_non_null(d->fake);
        for (k = 0; k < 8; k++) {
            char *q = strstr(p, keys[k]);
            assert_non_null(q);
            q = strchr(q, ':');
            assert_non_null(q);
            d->x[d->n * 8 + (size_t)k] = strtod(q + 1, NULL);
        }
        {
            char *q = strstr(p, "isFake");
            assert_non_null(q);
            d->fake[d->n] = (int)strtol(strchr(q, ':') + 1, NULL, 10);
        }
        d->n++;
        p = end + 1;
    }
    free(text);
    return 1;
}

static int load_instafake(dataset *d)
{
    memset(d, 0, sizeof *d);
    return load_file(d, "fakeAccountData.json") &&
           load_file(d, "realAccountData.json");
}

/* Area under the ROC curve (Mann-Whitney, ties counted one half). */
static double auc(const double *p, const int *y, size_t n)
{
    size_t i, j;
    double wins = 0, pairs = 0;
    for (i = 0; i < n; i++) {
        if (!y[i])
            continue;
        for (j = 0; j < n; j++) {
            if (y[j])
                continue;
            pairs += 1;
            wins += p[i] > p[j] ? 1.0 : (p[i] == p[j] ? 0.5 : 0.0);
        }
    }
    return wins / pairs;
}

/* Score the dataset with a subset of the columns (the others NaN). */
static void score_subset(kol_audience *a, const dataset *d, const int *use,
                         double *prob, int32_t *verdicts)
{
    size_t i, k;
    double *x = malloc(d->n * 8 * sizeof *x);
    assert_non_null(x);
    for (i = 0; i < d->n; i++)
        for (k = 0; k < 8; k++)
            x[i * 8 + k] = use[k] ? d->x[i * 8 + k] : NAN;
    assert_int_equal(kol_audience_score(a, all_cols, 8, x, d->n, prob,
                                        verdicts),
                     KOL_STATUS_OK);
    free(x);
}

static void test_names_params(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    int32_t code;
    double v, lo, hi, def;
    int p;
    (void)state;
    assert_string_equal(kol_follower_feature_name(KOL_FOLLOWER_HAS_AVATAR),
                        "has_avatar");
    assert_string_equal(
        kol_follower_feature_name(KOL_FOLLOWER_ACCOUNT_AGE_DAYS),
        "account_age_days");
    assert_null(kol_follower_feature_name(NF));
    assert_int_equal(kol_follower_feature_from_name("username_digits", &code),
                     KOL_STATUS_OK);
    assert_int_equal(code, KOL_FOLLOWER_USERNAME_DIGITS);
    assert_int_equal(kol_follower_feature_from_name("avatar", &code),
                     KOL_STATUS_NOT_FOUND);
    for (p = 0; p < KOL_AUDIENCE_PARAM_COUNT; p++) {
        assert_int_equal(kol_audience_param_bounds(p, &lo, &hi, &def),
                         KOL_STATUS_OK);
        assert_true(lo <= def && def <= hi);
    }
    assert_int_equal(kol_audience_param_bounds(9, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_get_param(a, KOL_AUDIENCE_PARAM_PRIOR,
                                              &v),
                  KOL_STATUS_OK);
    assert_true(fabs(v - 0.1675) < 1e-12);
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_PRIOR, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "prior");
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_THRESHOLD,
                                              INFINITY),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_audience_set_param(a, 17, 0.5),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_CONFIDENCE,
                                              0.9),
                  KOL_STATUS_OK);
    kol_audience_free(a);
    assert_int_equal(kol_audience_new(NULL, &a), KOL_STATUS_INVALID_ARGUMENT);
    assert_null(a);
    kol_audience_free(NULL);
    kol_ctx_free(ctx);
}

/* instafake loaded, with room for a probability and a verdict per
 * account and a default model: 0 (the test skipped) when the data is not
 * there. */
typedef struct {
    dataset d;
    double *prob;
    int32_t *verdicts;
    kol_ctx *ctx;
    kol_audience *a;
} insta;

static int insta_open(insta *t)
{
    memset(t, 0, sizeof *t);
    if (!load_instafake(&t->d)) {
        print_message("SKIP: instafake data not found under %s\n",
                      KOL_DATA_DIR);
        free(t->d.x);
        free(t->d.fake);
        skip();
        return 0;
    }
    assert_int_equal(t->d.n, 1194u);
    t->prob = malloc(t->d.n * sizeof *t->prob);
    t->verdicts = malloc(t->d.n * sizeof *t->verdicts);
    assert_non_null(t->prob);
    assert_non_null(t->verdicts);
    assert_int_equal(kol_ctx_new(&t->ctx), KOL_STATUS_OK);
    assert_status(t->ctx, kol_audience_new(t->ctx, &t->a), KOL_STATUS_OK);
    return 1;
}

static void insta_close(insta *t)
{
    kol_audience_free(t->a);
    kol_ctx_free(t->ctx);
    free(t->prob);
    free(t->verdicts);
    free(t->d.x);
    free(t->d.fake);
}

/* Held-out quality floor on the labelled accounts, with every feature and
 * with subsets. */
static void test_instafake(void **state)
{
    insta t;
    kol_ctx *ctx;
    kol_audience *a;
    double *prob;
    int32_t *verdicts;
    size_t i, correct = 0;
    double area, ratio_real, lo, hi, ratio_fake;
    static const int use_all[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    static const int use_counts[8] = {1, 1, 0, 0, 0, 0, 0, 0};
    static const int use_profile[8] = {0, 0, 1, 0, 1, 1, 1, 1};
    (void)state;
    if (!insta_open(&t))
        return;
    ctx = t.ctx;
    a = t.a;
    prob = t.prob;
    verdicts = t.verdicts;

    score_subset(a, &t.d, use_all, prob, verdicts);
    area = auc(prob, t.d.fake, t.d.n);
    for (i = 0; i < t.d.n; i++)
        correct += (verdicts[i] == KOL_AUDIENCE_FAKE) == (t.d.fake[i] == 1);
    print_message("instafake, all features: AUC %.4f, accuracy %.4f\n", area,
                  (double)correct / (double)t.d.n);
    /* docs/model-traffic.md: 5-fold held-out AUC 0.986, accuracy 0.956 */
    assert_true(area >= 0.95);
    assert_true((double)correct / (double)t.d.n >= 0.90);

    score_subset(a, &t.d, use_counts, prob, verdicts);
    area = auc(prob, t.d.fake, t.d.n);
    print_message("instafake, followers and following only: AUC %.4f\n",
                  area);
    assert_true(area >= 0.90);
    score_subset(a, &t.d, use_profile, prob, verdicts);
    area = auc(prob, t.d.fake, t.d.n);
    print_message("instafake, profile fields only: AUC %.4f\n", area);
    assert_true(area >= 0.80);

    /* real-follower ratio of the real accounts and of the fake ones */
    score_subset(a, &t.d, use_all, prob, verdicts);
    assert_status(ctx, kol_audience_real_ratio(a, prob + 200, verdicts + 200,
                                               t.d.n - 200, &ratio_real, &lo,
                                               &hi, NULL),
                  KOL_STATUS_OK);
    print_message("real accounts: real ratio %.4f [%.4f, %.4f]\n",
                  ratio_real, lo, hi);
    assert_true(ratio_real > 0.9 && lo < ratio_real && ratio_real < hi);
    assert_status(ctx, kol_audience_real_ratio(a, prob, verdicts, 200,
                                               &ratio_fake, &lo, &hi, NULL),
                  KOL_STATUS_OK);
    print_message("fake accounts: real ratio %.4f [%.4f, %.4f]\n",
                  ratio_fake, lo, hi);
    assert_true(ratio_fake < 0.3);
    /* the whole set: 994 real of 1194 */
    assert_status(ctx, kol_audience_real_ratio(a, prob, verdicts, t.d.n,
                                               &ratio_real, &lo, &hi, NULL),
                  KOL_STATUS_OK);
    assert_true(lo <= 994.0 / 1194.0 && 994.0 / 1194.0 <= hi);

    insta_close(&t);
}

/* Calibration in the large of every set of known features (the pattern
 * submodels, docs/model-traffic.md 3.1): with PRIOR at the fitting
 * share 200 / 1194, the mean fake probability over instafake is 200 /
 * 1194 whichever of the 255 non-empty sets of the eight fitted features
 * is given (the intercept of a logistic fit makes the mean of p equal the
 * share of fakes; the constants have nine digits). With each missing
 * feature taken at its mean inside one model, the profile fields alone
 * gave a real ratio of 0.956 on these accounts, whose real share is
 * 0.8325, and followers and following alone 0.901. */
static void test_subsets_calibrated(void **state)
{
    insta t;
    kol_ctx *ctx;
    kol_audience *a;
    double *prob, worst = 0.0, ratio, lo, hi;
    int32_t *verdicts;
    int use[8];
    unsigned mask, worst_mask = 0;
    size_t i, k;
    (void)state;
    if (!insta_open(&t))
        return;
    ctx = t.ctx;
    a = t.a;
    prob = t.prob;
    verdicts = t.verdicts;
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_PRIOR,
                                              200.0 / 1194.0),
                  KOL_STATUS_OK);
    for (mask = 1; mask < 256; mask++) {
        double mean = 0.0;
        for (k = 0; k < 8; k++)
            use[k] = (int)(mask >> k & 1u);
        score_subset(a, &t.d, use, prob, verdicts);
        for (i = 0; i < t.d.n; i++) {
            mean += prob[i];
            assert_int_not_equal(verdicts[i], KOL_AUDIENCE_UNKNOWN);
        }
        mean /= (double)t.d.n;
        if (fabs(mean - 200.0 / 1194.0) > worst) {
            worst = fabs(mean - 200.0 / 1194.0);
            worst_mask = mask;
        }
    }
    print_message("mean fake probability, worst of 255 feature sets: %.3g "
                  "from 200 / 1194 (set %u)\n", worst, worst_mask);
    assert_true(worst < 1e-6);
    /* the profile fields alone (avatar, biography, private, username
     * digits and length): the real ratio's interval holds the truth */
    for (k = 0; k < 8; k++) /* (all_cols order) */
        use[k] = k == 2 || k >= 4;
    score_subset(a, &t.d, use, prob, verdicts);
    assert_status(ctx, kol_audience_real_ratio(a, prob, verdicts, t.d.n,
                                               &ratio, &lo, &hi, NULL),
                  KOL_STATUS_OK);
    print_message("profile fields only: real ratio %.4f [%.4f, %.4f]\n",
                  ratio, lo, hi);
    assert_true(fabs(ratio - 994.0 / 1194.0) < 1e-6);
    insta_close(&t);
}

/* Evidence moves the probability its way from the prior: a follower
 * known only to have no profile picture (86% of such accounts are fake
 * in the fitting data) is more suspect than one of whom nothing is known,
 * and one with a picture less. With the missing features taken at their
 * means inside the full model, "no picture" alone gave p = 0.093, below
 * the prior 0.1675. */
static void test_evidence_direction(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    const int32_t cols[1] = {KOL_FOLLOWER_HAS_AVATAR};
    const double rows[3] = {0, 1, NAN};
    double p[3];
    int32_t v[3];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 1, rows, 3, p, v),
                  KOL_STATUS_OK);
    print_message("no avatar %.4f, avatar %.4f, unknown %.4f\n", p[0], p[1],
                  p[2]);
    assert_true(p[2] == 0.1675);
    assert_true(p[0] > 0.5);
    assert_int_equal(v[0], KOL_AUDIENCE_FAKE);
    assert_true(p[1] < p[2]);
    assert_int_equal(v[1], KOL_AUDIENCE_REAL);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* The columns of the worked example and of the model's rules. */
static const int32_t example_cols[5] = {
    KOL_FOLLOWER_FOLLOWERS, KOL_FOLLOWER_FOLLOWING, KOL_FOLLOWER_POSTS,
    KOL_FOLLOWER_HAS_AVATAR, KOL_FOLLOWER_ACCOUNT_AGE_DAYS};

/* The worked example of docs/model-traffic.md 3.2, to its printed digits:
 * followers, following, posts and avatar known (submodel 15), with and
 * without a young account's age term. */
static void test_worked_example(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    const int32_t *cols = example_cols;
    const double rows[2 * 5] = {3, 4100, 0, 0, 20, 400, 350, 120, 1, 730};
    double p[2], z0, z1, t;
    int32_t v[2];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 5, rows, 2, p, v),
                  KOL_STATUS_OK);
    z0 = log(p[0] / (1.0 - p[0]));
    z1 = log(p[1] / (1.0 - p[1]));
    print_message("worked example: logit %.4f p %.6f; logit %.4f p %.6f\n",
                  z0, p[0], z1, p[1]);
    /* the terms by hand: 6.935 + 3.182 + 2.238 + 1.429 + 0.857 = 14.640 */
    t = -1.74559626 * (log(4.0) - 5.35905024) +
        1.41816453 * (log(4101.0) - 6.07547161) +
        -0.794966506 * (0.0 - 2.81495181) + -1.54808981 * (0.0 - 0.922948074) +
        0.3 * log(365.0 / 21.0);
    assert_true(fabs(t - 14.640) < 0.0005);
    assert_true(fabs(z0 - 11.26) < 0.005);
    assert_true(fabs(p[0] - 0.99999) < 0.000005);
    assert_int_equal(v[0], KOL_AUDIENCE_FAKE);
    assert_true(fabs(z1 - -6.49) < 0.005);
    assert_true(fabs(p[1] - 0.0015) < 0.00005);
    assert_int_equal(v[1], KOL_AUDIENCE_REAL);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

static void test_model_rules(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    /* a typical real account and a typical fake one (follows thousands,
     * no posts, no avatar, digits in the name) */
    const int32_t *cols = example_cols;
    const double rows[4 * 5] = {
        400, 350, 120, 1, 2000,  /* real */
        3, 4100, 0, 0, 20,       /* fake */
        NAN, NAN, NAN, NAN, NAN, /* unknown */
        3, 4100, 0, 0, NAN,      /* fake, age unknown */
    };
    double p[4], q[4], one;
    int32_t v[4];
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 5, rows, 4, p, v),
                  KOL_STATUS_OK);
    assert_true(p[0] < 0.05);
    assert_int_equal(v[0], KOL_AUDIENCE_REAL);
    assert_true(p[1] > 0.95);
    assert_int_equal(v[1], KOL_AUDIENCE_FAKE);
    assert_true(fabs(p[2] - 0.1675) < 1e-12);
    assert_int_equal(v[2], KOL_AUDIENCE_UNKNOWN);
    /* a young account is more suspect than the same one of unknown age */
    assert_true(p[1] > p[3]);
    /* one row at a time gives the same bits as the batch */
    for (i = 0; i < 4; i++) {
        assert_status(ctx, kol_audience_score(a, cols, 5, rows + 5 * i, 1,
                                              &one, NULL),
                      KOL_STATUS_OK);
        assert_memory_equal(&one, &p[i], sizeof one);
    }
    /* a higher prior raises every probability */
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_PRIOR,
                                              0.5),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 5, rows, 4, q, NULL),
                  KOL_STATUS_OK);
    for (i = 0; i < 4; i++)
        assert_true(q[i] > p[i]);
    /* age weight 0 ignores age */
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_PRIOR,
                                              0.1675),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_set_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              0),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 5, rows, 4, q, NULL),
                  KOL_STATUS_OK);
    assert_memory_equal(&q[1], &q[3], sizeof q[1]);
    /* no columns at all: every row unknown */
    assert_status(ctx, kol_audience_score(a, NULL, 0, NULL, 2, q, v),
                  KOL_STATUS_OK);
    assert_int_equal(v[0], KOL_AUDIENCE_UNKNOWN);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* The account's age alone is not evidence: the fitted model's intercept
 * is the mean follower, which looks real (p 0.02), and it used to give
 * an age-only row that p and the verdict real, even with AGE_WEIGHT 0.
 * Without a fitted feature the verdict is unknown and the probability
 * the prior, moved by the age heuristic: logit p = logit(0.1675) +
 * 0.3 ln(365 / (age + 1)) below 364 days. */
/* The columns' order does not change a probability by a bit: the terms
 * are added in feature-code order. 500 varied followers with all nine
 * features, in code order, reversed and rotated (adding the terms in
 * the columns' order made the last digits differ). */
static void test_column_order(void **state)
{
    enum { N = 500, F = KOL_FOLLOWER_FEATURE_COUNT };
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    int32_t cols[F], perm[F];
    static double x[N * F], y[N * F];
    double p[N], q[N];
    uint64_t s = 7;
    size_t i, j, r;
    (void)state;
    for (i = 0; i < N; i++) {
        double v[F];
        for (j = 0; j < F; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            v[j] = (double)(s >> 40) / 16777216.0; /* [0, 1) */
        }
        x[i * F + KOL_FOLLOWER_FOLLOWERS] = floor(v[0] * 5000);
        x[i * F + KOL_FOLLOWER_FOLLOWING] = floor(v[1] * 7000);
        x[i * F + KOL_FOLLOWER_POSTS] = floor(v[2] * 900);
        x[i * F + KOL_FOLLOWER_HAS_AVATAR] = v[3] < 0.7;
        x[i * F + KOL_FOLLOWER_BIO_LENGTH] = floor(v[4] * 150);
        x[i * F + KOL_FOLLOWER_PRIVATE] = v[5] < 0.3;
        x[i * F + KOL_FOLLOWER_USERNAME_LENGTH] = 4 + floor(v[6] * 20);
        x[i * F + KOL_FOLLOWER_USERNAME_DIGITS] =
            floor(v[7] * x[i * F + KOL_FOLLOWER_USERNAME_LENGTH]);
        x[i * F + KOL_FOLLOWER_ACCOUNT_AGE_DAYS] = floor(v[8] * 3000);
    }
    for (j = 0; j < F; j++)
        cols[j] = (int32_t)j;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, F, x, N, p, NULL),
                  KOL_STATUS_OK);
    for (r = 0; r < 4; r++) {
        /* r 0: reversed; 1 to 3: rotated by 2, 4, 7 */
        for (j = 0; j < F; j++)
            perm[j] = r == 0 ? (int32_t)(F - 1 - j)
                             : (int32_t)((j + (r == 1 ? 2 : r == 2 ? 4 : 7)) %
                                         F);
        for (i = 0; i < N; i++)
            for (j = 0; j < F; j++)
                y[i * F + j] = x[i * F + (size_t)perm[j]];
        assert_status(ctx, kol_audience_score(a, perm, F, y, N, q, NULL),
                      KOL_STATUS_OK);
        assert_memory_equal(p, q, sizeof p);
    }
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

static void test_age_alone(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    const int32_t cols[2] = {KOL_FOLLOWER_ACCOUNT_AGE_DAYS,
                             KOL_FOLLOWER_FOLLOWERS};
    const double rows[3 * 2] = {
        1000, NAN, /* old account, nothing else */
        10, NAN,   /* young account, nothing else */
        10, 400,   /* young, with a fitted feature */
    };
    double p[3], lo, hi, ratio, want;
    int32_t v[3];
    size_t used;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 2, rows, 3, p, v),
                  KOL_STATUS_OK);
    assert_true(p[0] == 0.1675);
    assert_int_equal(v[0], KOL_AUDIENCE_UNKNOWN);
    want = 1.0 / (1.0 + exp(-(log(0.1675 / 0.8325) +
                              0.3 * log(365.0 / 11.0))));
    assert_true(fabs(p[1] - want) < 1e-12);
    assert_int_equal(v[1], KOL_AUDIENCE_UNKNOWN);
    assert_true(v[2] == KOL_AUDIENCE_REAL || v[2] == KOL_AUDIENCE_FAKE);
    /* the ratio leaves the unknown rows out */
    assert_status(ctx, kol_audience_real_ratio(a, p, v, 3, &ratio, &lo, &hi,
                                               &used),
                  KOL_STATUS_OK);
    assert_int_equal(used, 1);
    /* with AGE_WEIGHT 0 the young age-only row is the prior too */
    assert_status(ctx, kol_audience_set_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              0),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 2, rows, 3, p, v),
                  KOL_STATUS_OK);
    assert_true(p[1] == 0.1675);
    assert_int_equal(v[1], KOL_AUDIENCE_UNKNOWN);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

static void test_real_ratio(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    double p[100], r, lo, hi;
    int32_t v[3] = {KOL_AUDIENCE_REAL, KOL_AUDIENCE_UNKNOWN,
                    KOL_AUDIENCE_FAKE};
    size_t used, i;
    (void)state;
    for (i = 0; i < 100; i++)
        p[i] = 0.2;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    /* Wilson by hand: r 0.8, n 100, z 1.959964:
     * centre (0.8 + z^2/200) / (1 + z^2/100) = 0.788921,
     * half z/(1 + z^2/100) sqrt(0.0016 + z^2/40000) = 0.077731 */
    assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 100, &r, &lo, &hi,
                                               &used),
                  KOL_STATUS_OK);
    assert_true(fabs(r - 0.8) < 1e-12);
    assert_int_equal(used, 100u);
    assert_double_near(lo, 0.711190, 2e-5);
    assert_double_near(hi, 0.866652, 2e-5);
    /* a smaller sample gives a wider interval */
    {
        double lo2, hi2;
        assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 10, &r, &lo2,
                                                   &hi2, NULL),
                      KOL_STATUS_OK);
        assert_true(hi2 - lo2 > hi - lo);
    }
    /* unknown verdicts are left out */
    p[0] = 0.1;
    p[1] = 0.9;
    p[2] = 0.7;
    assert_status(ctx, kol_audience_real_ratio(a, p, v, 3, &r, NULL, NULL,
                                               &used),
                  KOL_STATUS_OK);
    assert_int_equal(used, 2u);
    assert_true(fabs(r - 0.6) < 1e-12);
    /* all unknown */
    v[0] = v[2] = KOL_AUDIENCE_UNKNOWN;
    r = -1;
    assert_status(ctx, kol_audience_real_ratio(a, p, v, 3, &r, NULL, NULL,
                                               NULL),
                  KOL_STATUS_EMPTY);
    assert_true(r == -1);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "no follower");
    assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 0, &r, NULL, NULL,
                                               NULL),
                  KOL_STATUS_EMPTY);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* Every refusal of the small functions, and the arguments that may be
 * NULL. */
static void test_arguments(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    int32_t code = -1;
    double v, lo, hi, def;
    (void)state;
    assert_null(kol_follower_feature_name(-1));
    assert_string_equal(kol_follower_feature_name(KOL_FOLLOWER_FOLLOWERS),
                        "followers");
    assert_int_equal(kol_follower_feature_from_name(NULL, &code),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_follower_feature_from_name("posts", NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(code, -1);
    assert_int_equal(kol_follower_feature_from_name("account_age_days",
                                                    &code),
                     KOL_STATUS_OK);
    assert_int_equal(code, KOL_FOLLOWER_ACCOUNT_AGE_DAYS);
    assert_int_equal(kol_audience_param_bounds(-1, &lo, &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_audience_param_bounds(KOL_AUDIENCE_PARAM_COUNT, &lo,
                                               &hi, &def),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_audience_param_bounds(KOL_AUDIENCE_PARAM_CONFIDENCE,
                                               NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_audience_param_bounds(KOL_AUDIENCE_PARAM_CONFIDENCE,
                                               &lo, &hi, &def),
                     KOL_STATUS_OK);
    assert_true(lo == 0.5 && hi == 0.999 && def == 0.95);

    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "out is NULL");
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_int_equal(kol_audience_set_param(NULL, 0, 0.5),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_audience_set_param(a, -1, 0.5),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_msg_number(ctx, -1);
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_COUNT,
                                              0.5),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_audience_set_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              -0.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "age_weight");
    assert_status(ctx, kol_audience_set_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              5),
                  KOL_STATUS_OK);
    assert_int_equal(kol_audience_get_param(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_audience_get_param(a, 0, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_audience_get_param(a, -1, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_int_equal(kol_audience_get_param(a, KOL_AUDIENCE_PARAM_COUNT, &v),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_audience_get_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              &v),
                  KOL_STATUS_OK);
    assert_true(v == 5);

    /* score: values may be NULL only without rows or columns */
    assert_status(ctx, kol_audience_score(a, all_cols, 2, NULL, 1, NULL,
                                          NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "values is NULL");
    assert_status(ctx, kol_audience_score(a, NULL, 2, NULL, 1, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "columns is NULL");
    assert_status(ctx, kol_audience_score(a, all_cols, 2, NULL, 0, NULL,
                                          NULL),
                  KOL_STATUS_OK);
    {
        const int32_t neg[1] = {-1};
        const double x[1] = {1};
        assert_status(ctx, kol_audience_score(a, neg, 1, x, 1, NULL, NULL),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_msg_number(ctx, -1);
    }
    /* real_ratio */
    {
        const double p[2] = {0.25, -0.5};
        const int32_t bad_v[2] = {KOL_AUDIENCE_REAL, -1};
        assert_int_equal(kol_audience_real_ratio(NULL, p, NULL, 1, NULL, NULL,
                                                 NULL, NULL),
                         KOL_STATUS_INVALID_ARGUMENT);
        assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 2, NULL, NULL,
                                                   NULL, NULL),
                      KOL_STATUS_OUT_OF_RANGE);
        assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "row 1");
        assert_status(ctx, kol_audience_real_ratio(a, p, bad_v, 2, NULL, NULL,
                                                   NULL, NULL),
                      KOL_STATUS_UNKNOWN_ENUM);
        assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "row 1");
        assert_msg_number(ctx, -1);
    }
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* No column: values may be NULL (there is no cell to read), and every
 * row gets the prior and the verdict unknown. lib/audience_quality.c once
 * made each row's pointer as values + i * 0, which is NULL + 0 here:
 * undefined behaviour, reported by clang's -fsanitize=undefined. */
static void test_no_columns(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    double p[3] = {-1, -1, -1}, prior = 0;
    int32_t v[3] = {-1, -1, -1};
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_get_param(a, KOL_AUDIENCE_PARAM_PRIOR,
                                              &prior),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, NULL, 0, NULL, 3, p, v),
                  KOL_STATUS_OK);
    for (i = 0; i < 3; i++) {
        assert_true(p[i] == prior);
        assert_int_equal(v[i], KOL_AUDIENCE_UNKNOWN);
    }
    assert_status(ctx, kol_audience_score(a, NULL, 0, NULL, 0, p, v),
                  KOL_STATUS_OK);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* The username rule compares only known values; the age term; a score
 * with verdicts only. */
static void test_score_details(void **state)
{
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    const int32_t cols[3] = {KOL_FOLLOWER_USERNAME_DIGITS,
                             KOL_FOLLOWER_USERNAME_LENGTH,
                             KOL_FOLLOWER_ACCOUNT_AGE_DAYS};
    const double rows[5 * 3] = {
        5,   NAN, 10,  /* length unknown: not compared */
        NAN, 3,   10,  /* digits unknown */
        4,   4,   364, /* all digits: allowed; a year old: no age term */
        0,   8,   5000,
        2,   8,   0,   /* a day old */
    };
    double p[5], q[5];
    int32_t v[5];
    size_t i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 3, rows, 5, p, NULL),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 3, rows, 5, NULL, v),
                  KOL_STATUS_OK);
    for (i = 0; i < 5; i++) {
        assert_true(p[i] > 0 && p[i] < 1);
        assert_int_equal(v[i], p[i] >= 0.5 ? KOL_AUDIENCE_FAKE
                                           : KOL_AUDIENCE_REAL);
    }
    /* age from 364 days on adds nothing: 364 and 5000 days differ only by
     * the username terms; with age weight 0 the day-old account scores as
     * if its age were unknown */
    assert_status(ctx, kol_audience_set_param(a,
                                              KOL_AUDIENCE_PARAM_AGE_WEIGHT,
                                              0),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_audience_score(a, cols, 3, rows, 5, q, NULL),
                  KOL_STATUS_OK);
    assert_memory_equal(&q[2], &p[2], sizeof q[2]);
    assert_memory_equal(&q[3], &p[3], sizeof q[3]);
    assert_true(q[4] < p[4]);
    /* digits without a length column: nothing to compare them with */
    {
        const int32_t dig[1] = {KOL_FOLLOWER_USERNAME_DIGITS};
        const double many[1] = {40};
        assert_status(ctx, kol_audience_score(a, dig, 1, many, 1, q, v),
                      KOL_STATUS_OK);
        assert_int_equal(v[0], KOL_AUDIENCE_FAKE);
    }
    /* the logit beyond +-700 (e^x's domain): a probability of exactly 1
     * or 0, not NaN. 1e4 digits give about +4,300; a length of 2^53
     * without digits about -7e14. */
    {
        const double far[2 * 2] = {1e4, 1e4, 0, 9007199254740992.0};
        assert_status(ctx, kol_audience_score(a, cols, 2, far, 2, q, v),
                      KOL_STATUS_OK);
        assert_true(q[0] == 1.0);
        assert_int_equal(v[0], KOL_AUDIENCE_FAKE);
        assert_true(q[1] == 0.0);
        assert_int_equal(v[1], KOL_AUDIENCE_REAL);
    }
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

/* The Wilson interval at several confidence levels (z from the normal
 * quantile), and at r = 0 and r = 1, where the bounds are exactly r on
 * one side whatever the rounding. */
static void test_wilson(void **state)
{
    static const double conf[5] = {0.5, 0.9, 0.95, 0.99, 0.999};
    static const double zs[5] = {0.6744897501960817, 1.6448536269514722,
                                 1.959963984540054, 2.5758293035489004,
                                 3.2905267314918945};
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    double p[300], r, lo, hi;
    size_t i, n;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    for (i = 0; i < 300; i++)
        p[i] = 0.5;
    for (i = 0; i < 5; i++) {
        double z = zs[i], z2 = z * z, nn = 100;
        double centre = (0.5 + z2 / (2 * nn)) / (1 + z2 / nn);
        double half = z / (1 + z2 / nn) * sqrt(0.25 / nn + z2 / (4 * nn * nn));
        assert_status(ctx,
                      kol_audience_set_param(a, KOL_AUDIENCE_PARAM_CONFIDENCE,
                                             conf[i]),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 100, &r, &lo,
                                                   &hi, NULL),
                      KOL_STATUS_OK);
        assert_true(r == 0.5);
        assert_double_near(lo, centre - half, 1e-12);
        assert_double_near(hi, centre + half, 1e-12);
        /* the bounds alone, without the ratio */
        {
            double lo2 = -1, hi2 = -1;
            size_t used = 0;
            assert_status(ctx, kol_audience_real_ratio(a, p, NULL, 100, NULL,
                                                       &lo2, &hi2, &used),
                          KOL_STATUS_OK);
            assert_memory_equal(&lo2, &lo, sizeof lo);
            assert_memory_equal(&hi2, &hi, sizeof hi);
            assert_int_equal(used, 100u);
        }
    }
    assert_status(ctx, kol_audience_set_param(a, KOL_AUDIENCE_PARAM_CONFIDENCE,
                                              0.95),
                  KOL_STATUS_OK);
    for (n = 1; n <= 300; n++) {
        for (i = 0; i < n; i++)
            p[i] = 1; /* every follower fake */
        assert_status(ctx, kol_audience_real_ratio(a, p, NULL, n, &r, &lo,
                                                   &hi, NULL),
                      KOL_STATUS_OK);
        assert_true(r == 0);
        assert_true(lo == 0);
        assert_true(hi > 0 && hi < 1);
        for (i = 0; i < n; i++)
            p[i] = 0; /* every follower real */
        assert_status(ctx, kol_audience_real_ratio(a, p, NULL, n, &r, &lo,
                                                   &hi, NULL),
                      KOL_STATUS_OK);
        assert_true(r == 1);
        assert_true(hi == 1);
        assert_true(lo > 0 && lo < 1);
    }
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

typedef struct {
    const char *what;
    int32_t cols[3];
    size_t ncols;
    double row[3];
    int want;
    const char *msg;
} bad_case;

static void test_bad_input(void **state)
{
    static const bad_case cases[] = {
        {"inf", {KOL_FOLLOWER_FOLLOWERS}, 1, {INFINITY}, KOL_STATUS_NOT_FINITE,
         "followers|not finite"},
        {"negative", {KOL_FOLLOWER_POSTS}, 1, {-1}, KOL_STATUS_OUT_OF_RANGE,
         "posts"},
        {"absurd", {KOL_FOLLOWER_FOLLOWING}, 1, {1e300},
         KOL_STATUS_OUT_OF_RANGE, "2^53"},
        {"flag 2", {KOL_FOLLOWER_PRIVATE}, 1, {2}, KOL_STATUS_INVALID_ARGUMENT,
         "private|0 or 1"},
        /* a negative flag or one beyond 2^53 is a flag other than 0 or 1
         * too (it was OUT_OF_RANGE, as for a count) */
        {"flag -1", {KOL_FOLLOWER_HAS_AVATAR}, 1, {-1},
         KOL_STATUS_INVALID_ARGUMENT, "0 or 1"},
        {"flag 1e300", {KOL_FOLLOWER_PRIVATE}, 1, {1e300},
         KOL_STATUS_INVALID_ARGUMENT, "0 or 1"},
        {"digits > length",
         {KOL_FOLLOWER_USERNAME_LENGTH, KOL_FOLLOWER_USERNAME_DIGITS},
         2,
         {3, 5},
         KOL_STATUS_INVALID_ARGUMENT,
         "username_digits"},
        {"duplicate", {KOL_FOLLOWER_POSTS, KOL_FOLLOWER_POSTS}, 2, {1, 1},
         KOL_STATUS_DUPLICATE, "posts|twice"},
        {"unknown column", {42}, 1, {1}, KOL_STATUS_UNKNOWN_ENUM, "42"},
        {"nan is unknown", {KOL_FOLLOWER_POSTS}, 1, {NAN}, KOL_STATUS_OK,
         NULL},
    };
    kol_ctx *ctx = NULL;
    kol_audience *a = NULL;
    size_t i;
    double bad_p[2] = {0.5, 1.5};
    int32_t bad_v[2] = {1, 7};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_audience_new(ctx, &a), KOL_STATUS_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double p = -7;
        int32_t v = -7;
        kol_status st = kol_audience_score(a, cases[i].cols, cases[i].ncols,
                                           cases[i].row, 1, &p, &v);
        if ((int)st != cases[i].want)
            fail_msg("case %s: got %s (%s)", cases[i].what,
                     kol_status_str(st), kol_ctx_last_error(ctx));
        if (cases[i].msg)
            assert_last_error(ctx, cases[i].want, cases[i].msg);
        if (cases[i].want != KOL_STATUS_OK) {
            assert_true(p == -7); /* outputs untouched */
            assert_int_equal(v, -7);
        }
    }
    assert_status(ctx, kol_audience_score(a, NULL, 2, NULL, 1, NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_audience_score(a, all_cols, 10, NULL, 1, NULL,
                                          NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_audience_score(NULL, NULL, 0, NULL, 0, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_audience_real_ratio(a, bad_p, NULL, 2, NULL, NULL,
                                               NULL, NULL),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_msg_number(ctx, 1);
    bad_p[1] = NAN;
    assert_status(ctx, kol_audience_real_ratio(a, bad_p, NULL, 2, NULL, NULL,
                                               NULL, NULL),
                  KOL_STATUS_NOT_FINITE);
    bad_p[1] = 0.5;
    assert_status(ctx, kol_audience_real_ratio(a, bad_p, bad_v, 2, NULL, NULL,
                                               NULL, NULL),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_audience_real_ratio(a, NULL, NULL, 2, NULL, NULL,
                                               NULL, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    kol_audience_free(a);
    kol_ctx_free(ctx);
}

typedef struct {
    kol_ctx *ctx;
    kol_audience *a;
} alloc_fx;

static kol_ctx *alloc_setup(void *user, testalloc *ta)
{
    alloc_fx *f = user;
    f->a = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &f->ctx), KOL_STATUS_OK);
    return f->ctx;
}

static kol_status alloc_run(void *user)
{
    alloc_fx *f = user;
    kol_audience *a = NULL;
    kol_status st = kol_audience_new(f->ctx, &a);
    if (st == KOL_STATUS_OK) {
        kol_audience_free(f->a);
        f->a = a;
    } else {
        assert_null(a);
    }
    return st;
}

static void alloc_teardown(void *user)
{
    alloc_fx *f = user;
    kol_audience_free(f->a);
    f->a = NULL;
}

static void test_alloc_failures(void **state)
{
    alloc_fx f;
    testalloc_op op;
    (void)state;
    memset(&f, 0, sizeof f);
    memset(&op, 0, sizeof op);
    op.name = "kol_audience_new";
    op.user = &f;
    op.setup = alloc_setup;
    op.run = alloc_run;
    op.teardown = alloc_teardown;
    assert_true(testalloc_loop(&op, 0) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_params),
        cmocka_unit_test(test_instafake),
        cmocka_unit_test(test_subsets_calibrated),
        cmocka_unit_test(test_evidence_direction),
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_model_rules),
        cmocka_unit_test(test_column_order),
        cmocka_unit_test(test_age_alone),
        cmocka_unit_test(test_real_ratio),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_score_details),
        cmocka_unit_test(test_no_columns),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
