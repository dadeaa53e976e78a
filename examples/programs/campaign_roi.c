/* campaign_roi: evaluate a campaign of six deliveries: ROI with its
 * bootstrap interval, CPM reported and net of false views, ROI by tier, the
 * key accounts, and a new quote judged against the campaign's costs.
 * Returns 0 when every figure agrees with the hand computation, 1 otherwise. */
#include <kol.h>
#include <math.h>
#include <stdio.h>

static const struct { const char *kol, *tier; double cost, views, real_views, orders, revenue; }
    d[] = { /* real_views: the views the traffic monitor restored */
        {"ann", "head", 50000, 2400000, 1500000, 900, 98000},
        {"bo", "waist", 12000, 600000, 600000, 310, 30500},
        {"cy", "waist", 9000, 380000, 370000, 150, 14000},
        {"dee", "tail", 3000, 150000, 150000, 95, 8200},
        {"eli", "tail", 2500, 90000, 88000, 20, 1500}, {"fay", "koc", 800, 30000, 30000, 31, 2600},
};
enum { N = sizeof d / sizeof d[0], REP = KOL_ROI_BASIS_REPORTED, NET = KOL_ROI_BASIS_NET };

static int add(kol_roi *roi, kol_delivery *dv, int i)
{
    kol_delivery_reset(dv);
    return kol_delivery_set_key(dv, KOL_DELIVERY_KEY_KOL_ID, d[i].kol) ||
           kol_delivery_set_key(dv, KOL_DELIVERY_KEY_TIER, d[i].tier) ||
           kol_delivery_set_key(dv, KOL_DELIVERY_KEY_PLATFORM, "douyin") ||
           kol_delivery_set(dv, KOL_DELIVERY_COST, d[i].cost) ||
           kol_delivery_set(dv, KOL_DELIVERY_VIEWS, d[i].views) ||
           kol_delivery_set(dv, KOL_DELIVERY_RESTORED_VIEWS, d[i].real_views) ||
           kol_delivery_set(dv, KOL_DELIVERY_ORDERS, d[i].orders) ||
           kol_delivery_set(dv, KOL_DELIVERY_REVENUE, d[i].revenue) || kol_roi_add(roi, dv);
}

int main(void)
{
    kol_ctx *ctx = NULL;
    kol_delivery *dv = NULL;
    kol_roi *roi = NULL;
    kol_roi_report *all = NULL, *tier = NULL, *kol = NULL;
    kol_cost_history *hist = NULL;
    double cost = 0, revenue = 0, views = 0, real = 0, r, lo, hi, cpm, cpm_net, share[N], pct, p[3];
    uint32_t order[N];
    size_t key = 0;
    int32_t basis;
    int ok = 0;

    if (kol_ctx_new(&ctx) || kol_delivery_new(ctx, &dv) || kol_roi_new(ctx, &roi))
        goto out;
    for (int i = 0; i < N; i++) {
        if (add(roi, dv, i))
            goto out;
        cost += d[i].cost, revenue += d[i].revenue, views += d[i].views, real += d[i].real_views;
    }
    if (kol_roi_report_new(roi, KOL_ROI_GROUP_ALL, &all) ||
        kol_roi_report_get(all, 0, KOL_ROI_ROI, REP, &r) ||
        kol_roi_report_interval(all, 0, KOL_ROI_ROI, REP, &lo, &hi) ||
        kol_roi_report_get(all, 0, KOL_ROI_CPM, REP, &cpm) ||
        kol_roi_report_get(all, 0, KOL_ROI_CPM, NET, &cpm_net))
        goto out;
    printf("campaign: ROI %.4f [%.4f, %.4f], CPM %.2f reported, %.2f net of false views\n",
           r, lo, hi, cpm, cpm_net);
    if (fabs(r - (revenue - cost) / cost) > 1e-12 || !(lo <= r && r <= hi) ||
        fabs(cpm - 1000 * cost / views) > 1e-9 || fabs(cpm_net - 1000 * cost / real) > 1e-9)
        goto out;
    if (kol_roi_report_new(roi, KOL_ROI_GROUP_TIER, &tier) || kol_roi_report_size(tier) != 4)
        goto out;
    for (size_t row = 0; row < kol_roi_report_size(tier); row++)
        if (kol_roi_report_get(tier, row, KOL_ROI_ROI, REP, &r) == KOL_STATUS_OK)
            printf("  tier %-6s ROI %7.4f\n", kol_roi_report_key(tier, row), r);
    if (kol_roi_report_new(roi, KOL_ROI_GROUP_KOL, &kol) ||
        kol_roi_report_rank(kol, KOL_ROI_REVENUE, REP, order, share, N, &key))
        goto out;
    printf("key accounts (80%% of revenue): %zu, led by %s (%.0f%%)\n", key,
           kol_roi_report_key(kol, order[0]), 100 * share[0]);
    if (key != 2 || share[0] <= 0.6) /* ann and bo bring 83% of 154800; ann alone 63% */
        goto out;
    /* The campaign becomes the cost standard of the next one. */
    if (kol_cost_history_new(ctx, KOL_COST_ALPHA_DEFAULT, &hist) ||
        kol_roi_feed_cost(roi, hist, NULL) ||
        kol_cost_history_quote(hist, "douyin", "waist", NULL, 20000, 400000, 0.25, 0.75, &pct,
                               &p[0], &p[1], &p[2], &basis))
        goto out;
    printf("quote 20000 for 400000 views (waist): percentile %.2f, fair %.0f\n", pct, p[1]);
    ok = basis == KOL_COST_BASIS_CPM && pct > 0.9 && p[2] < 10000; /* CPM 50; past: 20, 23.7 */
out:
    if (!ok)
        fprintf(stderr, "campaign_roi: unexpected result (%s)\n", kol_ctx_last_error(ctx));
    kol_cost_history_free(hist);
    kol_roi_report_free(kol), kol_roi_report_free(tier), kol_roi_report_free(all);
    kol_roi_free(roi), kol_delivery_free(dv), kol_ctx_free(ctx);
    return ok ? 0 : 1;
}
