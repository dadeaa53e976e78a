/* quickstart: a context, a roster of four KOLs, their tiers, a value model
 * that ranks them, and the error message of a refused value.
 * Returns 0 when every result is as expected, 1 otherwise. */
#include <kol.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "quickstart: failed: %s (%s)\n", \
    #cond, kol_ctx_last_error(ctx)); goto out; } } while (0)

static const struct { const char *id, *platform; double followers, views, likes, comments, price; }
    kols[] = {
        {"star", "douyin", 4200000, 900000, 52000, 2100, 300000},
        {"mid", "douyin", 450000, 120000, 6100, 380, 40000},
        {"small", "xiaohongshu", 8000, 6500, 900, 120, 1500},
        {"quiet", "douyin", 150000, 2100, 25, 1, 30000},
};

int main(void)
{
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    kol_record *rec = NULL;
    kol_tiers *tiers = NULL;
    kol_value_model *model = NULL;
    kol_value_result *res = NULL;
    int ok = 0;
    const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_VIEWS, KOL_METRIC_AVG_LIKES,
                             KOL_METRIC_AVG_COMMENTS, KOL_METRIC_PRICE};
    static const int expected_level[] = {4, 2, 1, 1}; /* head, waist, tail, tail */

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK)
        return 1;
    printf("libkol %s\n", kol_version_string());
    CHECK(kol_roster_new(ctx, &roster) == KOL_STATUS_OK);
    CHECK(kol_record_new(ctx, &rec) == KOL_STATUS_OK);
    for (size_t i = 0; i < sizeof kols / sizeof kols[0]; i++) {
        const double v[] = {kols[i].followers, kols[i].views, kols[i].likes,
                            kols[i].comments, kols[i].price};
        CHECK(kol_record_set_text(rec, KOL_TEXT_ID, kols[i].id) == KOL_STATUS_OK);
        CHECK(kol_record_set_text(rec, KOL_TEXT_PLATFORM, kols[i].platform) == KOL_STATUS_OK);
        CHECK(kol_record_set_metrics(rec, codes, v, 5) == KOL_STATUS_OK);
        CHECK(kol_roster_add(roster, rec) == KOL_STATUS_OK); /* the roster keeps a copy */
    }
    /* A refused value changes nothing and says why. */
    CHECK(kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, -5) == KOL_STATUS_OUT_OF_RANGE);
    printf("refused as expected: %s\n", kol_ctx_last_error(ctx));
    CHECK(strlen(kol_ctx_last_error(ctx)) > 0);

    CHECK(kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &tiers) == KOL_STATUS_OK);
    CHECK(kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &model) == KOL_STATUS_OK);
    CHECK(kol_value_score_roster(model, roster, &res) == KOL_STATUS_OK);
    CHECK(kol_value_result_size(res) == kol_roster_size(roster));
    for (size_t rank = 0; rank < kol_value_result_size(res); rank++) {
        size_t i;
        const kol_record *r;
        int32_t level;
        double total, per_cost;
        CHECK(kol_value_result_rank(res, rank, &i) == KOL_STATUS_OK);
        CHECK(kol_roster_at(roster, i, &r) == KOL_STATUS_OK);
        CHECK(kol_tiers_classify(tiers, r, &level) == KOL_STATUS_OK);
        CHECK(level == expected_level[i]);
        CHECK(kol_value_result_get(res, i, KOL_VALUE_OUT_TOTAL, &total) == KOL_STATUS_OK);
        CHECK(kol_value_result_get(res, i, KOL_VALUE_OUT_VALUE_PER_COST, &per_cost) ==
              KOL_STATUS_OK);
        CHECK(total >= 0 && total <= 100);
        printf("%zu. %-6s %-9s value %5.1f  per 1000 of price %.3f\n", rank + 1,
               kol_record_text(r, KOL_TEXT_ID), kol_tiers_level_name(tiers, level), total,
               1000 * per_cost);
        /* The account with views and engagement far below its size ranks last. */
        if (rank + 1 == kol_value_result_size(res))
            CHECK(strcmp(kol_record_text(r, KOL_TEXT_ID), "quiet") == 0);
    }
    ok = 1;
out:
    kol_value_result_free(res);
    kol_value_model_free(model);
    kol_tiers_free(tiers);
    kol_record_free(rec);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return ok ? 0 : 1;
}
