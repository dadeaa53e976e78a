/* value_hash: scores a synthetic cohort of 20,000 rows with the value model
 * (every sub-metric fed, a custom column, a portrait match column;
 * cohort normalization on the sampled statistics, then against a stored
 * reference, with the contributions), tiers the totals by quantiles and
 * prints an FNV-1a hash of every output.
 *
 * The ctest test fp_contract_value builds it twice, against the library
 * as built and against a copy built as a host asking for fused
 * multiply-adds would build it, and requires the same output: the library
 * promises the same bits on every platform (docs/model-value.md,
 * "Elementary functions"). Test code: stdio is fine here. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "kol/core.h"
#include "kol/tier.h"
#include "kol/value.h"

#define NM 23
#define N 20000

static uint64_t H = 1469598103934665603ull;
static void hd(double x)
{
    const unsigned char *b = (const unsigned char *)&x;
    size_t i;
    for (i = 0; i < sizeof x; i++) {
        H ^= b[i];
        H *= 1099511628211ull;
    }
}
static uint64_t rs = 88172645463325252ull;
static double rnd(void) /* [0,1) */
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

static int quality(void *user, const kol_record *rec, double *value,
                   int32_t *present)
{
    (void)user;
    (void)rec;
    (void)value;
    (void)present;
    return 0;
}

static int fail(kol_ctx *ctx, const char *what)
{
    fprintf(stderr, "value_hash: %s: %s\n", what, kol_ctx_last_error(ctx));
    return 1;
}

int main(void)
{
    static double col[NM][N], custom[N], pm[N], out[N * KOL_VALUE_OUT_COUNT],
        con[N * 19], totals[N];
    static int32_t levels[N];
    const double *cols[KOL_VALUE_COLUMN_CUSTOM_BASE + 1] = {0};
    const double probs[3] = {0.5, 0.8, 0.95};
    kol_ctx *ctx;
    kol_value_model *mo;
    size_t i, m, pass;
    for (i = 0; i < N; i++) {
        double f = floor(pow(10.0, 2.5 + 4.5 * rnd()));
        double e = f * 0.06 * pow(f / 1000.0, -0.2) * (0.5 + rnd());
        col[KOL_METRIC_FOLLOWERS][i] = f;
        col[KOL_METRIC_FOLLOWING][i] = floor(1000.0 * rnd());
        col[KOL_METRIC_POSTS][i] = floor(1.0 + 400.0 * rnd());
        col[KOL_METRIC_POSTS_30D][i] = floor(30.0 * rnd());
        col[KOL_METRIC_AVG_VIEWS][i] = floor(f * 0.4 * (0.2 + 2.0 * rnd()));
        col[KOL_METRIC_AVG_LIKES][i] = floor(e * 0.8);
        col[KOL_METRIC_AVG_COMMENTS][i] = floor(e * 0.08 * rnd());
        col[KOL_METRIC_AVG_SHARES][i] = floor(e * 0.06 * rnd());
        col[KOL_METRIC_AVG_SAVES][i] = rnd() < 0.3 ? NAN : floor(e * 0.06);
        col[KOL_METRIC_FOLLOWER_GROWTH_30D][i] = floor(f * (0.06 * rnd() - 0.02));
        col[KOL_METRIC_PRICE][i] = floor(f * 0.02 + 100.0 * rnd());
        col[KOL_METRIC_CLICKS][i] = rnd() < 0.5 ? NAN : floor(f * 0.01 * rnd());
        col[KOL_METRIC_ORDERS][i] = floor(f * 0.0005 * rnd());
        col[KOL_METRIC_REVENUE][i] = floor(f * 0.05 * rnd());
        col[KOL_METRIC_CONTENT_QUALITY][i] = rnd();
        col[KOL_METRIC_ACCOUNT_AGE_DAYS][i] = floor(2000.0 * rnd());
        col[KOL_METRIC_REAL_FOLLOWER_RATIO][i] = 0.5 + 0.5 * rnd();
        col[KOL_METRIC_ON_TIME_RATE][i] = rnd();
        col[KOL_METRIC_HIST_VIEWS][i] = floor(f * 2.0 * rnd());
        col[KOL_METRIC_HIST_COST][i] = floor(f * 0.05 * rnd());
        col[KOL_METRIC_COOPERATIONS][i] = floor(20.0 * rnd());
        col[KOL_METRIC_DISPUTES][i] =
            floor(col[KOL_METRIC_COOPERATIONS][i] * 0.2 * rnd());
        col[KOL_METRIC_FAN_LOYALTY][i] = rnd();
        custom[i] = 3.0 * rnd() - 1.0;
        pm[i] = rnd();
    }
    for (m = 0; m < NM; m++)
        cols[m] = col[m];
    cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = pm;
    cols[KOL_VALUE_COLUMN_CUSTOM_BASE] = custom;
    if (kol_ctx_new(&ctx) != KOL_STATUS_OK)
        return 1;
    if (kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &mo) !=
            KOL_STATUS_OK ||
        kol_value_model_add_metric(mo, "quality", KOL_VALUE_COMPONENT_FAN, 0.2,
                                   KOL_VALUE_NORM_BAND, quality, NULL,
                                   NULL) != KOL_STATUS_OK)
        return fail(ctx, "model");
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1 && kol_value_model_set_reference_columns(
                             mo, cols, KOL_VALUE_COLUMN_CUSTOM_BASE + 1,
                             N / 2) != KOL_STATUS_OK)
            return fail(ctx, "reference");
        if (kol_value_score_columns(mo, cols, KOL_VALUE_COLUMN_CUSTOM_BASE + 1,
                                    N, out, con) != KOL_STATUS_OK)
            return fail(ctx, "score");
        for (i = 0; i < N * KOL_VALUE_OUT_COUNT; i++)
            hd(out[i]);
        for (i = 0; i < N * 19; i++)
            hd(con[i]);
        for (i = 0; i < N; i++)
            totals[i] = out[i * KOL_VALUE_OUT_COUNT + KOL_VALUE_OUT_TOTAL];
        if (kol_tier_by_quantiles(ctx, totals, N, probs, 3, levels) !=
            KOL_STATUS_OK)
            return fail(ctx, "quantile tiers");
        for (i = 0; i < N; i++)
            hd((double)levels[i]);
        printf("pass %zu: first total %.17g\n", pass, totals[0]);
    }
    printf("hash %016llx\n", (unsigned long long)H);
    kol_value_model_free(mo);
    kol_ctx_free(ctx);
    return 0;
}
