/*
 * cmd_report.c - `kol report`: the whole of libkol over one campaign's
 * files, as a terminal report and a self-contained HTML page.
 *
 * Roster -> tiers (kol_tiers) and value scores (kol_value_model, with the
 * brand's target portrait) -> recommended portfolio under a budget
 * (kol_planner); minute traffic -> false-traffic flags and restored
 * figures (kol_traffic), which become the "net" figures of the deliveries
 * -> campaign ROI with intervals, by tier, and key accounts (kol_roi);
 * follower samples -> real-follower ratios (kol_audience); follower ids ->
 * unique reach of the campaign (kol_sketch).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kol.h>

#include "audience_csv.h"
#include "cli.h"
#include "cmd_common.h"
#include "report_data.h"
#include "report_html.h"
#include "report_model.h"
#include "roster_csv.h"

#define DEFAULT_DATA "examples/data"
#define DEFAULT_BUDGET 100000.0
/* Accounts whose audited real-follower ratio is below this are left out
 * of the recommended portfolio. */
#define MIN_REAL_RATIO 0.6

/* Most KOLs of each tier in the recommended portfolio (a pyramid). */
static const struct {
    const char *tier;
    uint32_t max;
} PYRAMID[] = {{"head", 1}, {"shoulder", 3}, {"waist", 8}, {"tail", 12},
               {"koc", 10}};
#define PYRAMID_TEXT "at most 1 head, 3 shoulder, 8 waist, 12 tail, 10 KOC"

void kol_cli_report_help(FILE *out)
{
    fputs(
        "usage: kol report [--data DIR] [--roster FILE] [--deliveries FILE]\n"
        "                  [--traffic FILE] [--profiles FILE]\n"
        "                  [--followers FILE] [--budget B] [--top N]\n"
        "                  [--html FILE | --no-html] [--strict]\n"
        "\n"
        "The whole of libkol over one campaign: prints a terminal report and\n"
        "writes a self-contained HTML page (inline SVG charts, no script, no\n"
        "network).\n"
        "\n"
        "  tiers          KOLs per tier (Chinese ladder: koc, tail, waist,\n"
        "                 shoulder, head), lifecycle stages, KOCs\n"
        "  candidates     top N by value score and by value per price\n"
        "                 (value model, balanced goal, with the brand's\n"
        "                 target portrait: women 18-30, beauty and fashion)\n"
        "  portfolio      the plan that maximizes total value under the\n"
        "                 budget (a pyramid: at most 1 head, 3 shoulder,\n"
        "                 8 waist, 12 tail and 10 KOC accounts; accounts\n"
        "                 with an audited real-follower ratio below 0.6 are\n"
        "                 excluded)\n"
        "  traffic        flagged minutes per post, observed and restored\n"
        "                 totals per channel\n"
        "  ROI            campaign and per-tier ROI with 95% bootstrap\n"
        "                 intervals, reported and net of false traffic\n"
        "                 (restored figures of the traffic monitor)\n"
        "  key accounts   the KOLs bringing 80% of the revenue\n"
        "  audience       real-follower ratio of each sampled audience\n"
        "                 (Wilson 95% interval) beside the roster's figure\n"
        "  overlap        unique reach of the campaign's KOLs\n"
        "\n"
        "Files (default: DIR/<name>, DIR = examples/data):\n"
        "  --roster FILE      roster.csv: the `kol records` format, with\n"
        "                     portrait_gender ... portrait_interest\n"
        "  --deliveries FILE  deliveries.csv: the `kol roi` format\n"
        "  --traffic FILE     traffic.csv: post_id,timestamp,views,likes,...\n"
        "                     (minute increments; timestamps in Unix\n"
        "                     seconds or YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM],\n"
        "                     so minute numbers 0, 1, 2... get a warning)\n"
        "  --profiles FILE    followers_profile.csv: kol_id and follower\n"
        "                     features (followers, following, posts, ...)\n"
        "  --followers FILE   followers.csv: kol_id,follower_id\n"
        "The roster is required; a missing optional file leaves its sections\n"
        "out (with a note). Pass an empty value (--traffic=) to skip one\n"
        "(an empty --roster or --data is a usage error); '-' reads one of\n"
        "them from standard input.\n"
        "\n"
        "  --budget B    the portfolio budget (default 100000)\n"
        "  --top N       candidates listed (default 10)\n"
        "  --html FILE   where to write the page (default build/report.html\n"
        "                when ./build is a directory, else report.html)\n"
        "  --no-html     do not write the page\n"
        "  --strict      exit 1 when a row of any file is rejected, or the\n"
        "                traffic monitor refuses a post's series (after the\n"
        "                report and the page)\n"
        "\n"
        "Exit status: 0 success (also with rejected rows, unless --strict);\n"
        "1 a file cannot be read or is malformed, no KOL of the roster could\n"
        "be loaded, the page cannot be written, or --strict and a rejected\n"
        "row; 2 usage error.\n",
        out);
}

/* ---- numbers ------------------------------------------------------- */

/* An amount (NaN, a missing figure, is "-"). */
static void fmt_amount(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        snprintf(buf, size, "-");
    else if (fabs(v) >= 1e6)
        snprintf(buf, size, "%.2fM", v / 1e6);
    else if (fabs(v) >= 1e4)
        snprintf(buf, size, "%.1fK", v / 1e3);
    else
        snprintf(buf, size, "%.0f", v);
}

/* A figure printed with `decimals` decimals, or "-" when missing. */
static void fmt_fixed(char *buf, size_t size, double v, int decimals)
{
    if (!isfinite(v))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f", decimals, v);
}

/* ---- model --------------------------------------------------------- */

static void model_free(rpt_model *m)
{
    size_t i;
    kol_tiers_free(m->tiers);
    free(m->kols);
    free(m->plan_order);
    rpt_traffic_free(&m->traffic);
    free(m->total.key);
    for (i = 0; i < m->n_tier_rows; i++)
        free(m->tier_rows[i].key);
    free(m->tier_rows);
    for (i = 0; i < m->n_keys; i++)
        free(m->keys[i].kol_id);
    free(m->keys);
    cc_rejects_free(&m->roi_rejects);
    for (i = 0; i < m->n_aq; i++)
        free(m->aq[i].kol_id);
    free(m->aq);
}

static const char *text_or_empty(const kol_record *rec, int field)
{
    const char *s = kol_record_text(rec, field);
    return s ? s : "";
}

/* A metric of the record, NaN when missing (printed "-"). */
static double metric_or_nan(const kol_record *rec, int metric)
{
    double v;
    return kol_record_get_metric(rec, metric, &v) == KOL_STATUS_OK ? v : NAN;
}

/* The brand's target audience (documented in docs/cli.md). */
static int set_target(kol_value_model *vm)
{
    static const char *const gender[] = {"female", "male"};
    static const double gender_w[] = {0.85, 0.15};
    static const char *const age[] = {"18-24", "25-30", "31-40", "41+"};
    static const double age_w[] = {0.40, 0.40, 0.15, 0.05};
    static const char *const interest[] = {"beauty", "fashion"};
    static const double interest_w[] = {0.6, 0.4};

    if (kol_value_model_set_target(vm, KOL_DIMENSION_GENDER, gender, gender_w,
                                   2) != KOL_STATUS_OK ||
        kol_value_model_set_target(vm, KOL_DIMENSION_AGE, age, age_w, 4) !=
            KOL_STATUS_OK ||
        kol_value_model_set_target(vm, KOL_DIMENSION_INTEREST, interest,
                                   interest_w, 2) != KOL_STATUS_OK)
        return -1;
    return 0;
}

/* Roster, tiers, stages, value scores. */
static int score_roster(kol_ctx *ctx, kol_roster *roster, rpt_model *m,
                        char *err, size_t err_size)
{
    kol_value_model *vm = NULL;
    kol_value_result *vr = NULL;
    size_t i, n = kol_roster_size(roster);
    kol_status s;

    if ((s = kol_tiers_new(ctx, KOL_TIER_SCHEME_CN, &m->tiers)) !=
        KOL_STATUS_OK)
        goto lib;
    m->n_levels = kol_tiers_level_count(m->tiers);
    if ((s = kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &vm)) !=
        KOL_STATUS_OK)
        goto lib;
    if (set_target(vm) != 0) {
        s = kol_ctx_last_status(ctx);
        goto lib;
    }
    if ((s = kol_value_score_roster(vm, roster, &vr)) != KOL_STATUS_OK)
        goto lib;
    m->kols = kol_cli_alloc_array(n, sizeof *m->kols);
    if (m->kols == NULL) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    m->n_kols = n;
    for (i = 0; i < n; i++) {
        rpt_kol *k = &m->kols[i];
        int32_t stage = KOL_STAGE_UNKNOWN, koc = KOL_KOC_UNKNOWN;
        int f;

        memset(k, 0, sizeof *k);
        kol_roster_at(roster, i, &k->rec);
        k->id = text_or_empty(k->rec, KOL_TEXT_ID);
        k->name = text_or_empty(k->rec, KOL_TEXT_NAME);
        k->platform = text_or_empty(k->rec, KOL_TEXT_PLATFORM);
        k->category = text_or_empty(k->rec, KOL_TEXT_CATEGORY);
        k->followers = metric_or_nan(k->rec, KOL_METRIC_FOLLOWERS);
        k->price = metric_or_nan(k->rec, KOL_METRIC_PRICE);
        k->real_ratio = metric_or_nan(k->rec, KOL_METRIC_REAL_FOLLOWER_RATIO);
        if (kol_tiers_classify(m->tiers, k->rec, &k->tier) != KOL_STATUS_OK)
            k->tier = -1;
        if (k->tier >= 0 && (size_t)k->tier < 16)
            m->tier_count[k->tier]++;
        else
            m->tier_none++; /* no follower count: the "(none)" row */
        kol_tiers_stage(m->tiers, k->rec, &stage);
        if (stage >= 0 && stage < 5)
            m->stage_count[stage]++;
        kol_tiers_koc(m->tiers, k->rec, &koc);
        if (koc == KOL_KOC_YES)
            m->koc_yes++;
        for (f = 0; f < KOL_VALUE_OUT_COUNT; f++)
            kol_value_result_get(vr, i, f, &k->value[f]);
        if (kol_value_portrait_match(vm, k->rec, &k->match) != KOL_STATUS_OK)
            k->match = -1;
    }
    kol_value_result_free(vr);
    kol_value_model_free(vm);
    return 0;
lib:
    snprintf(err, err_size, "libkol: %s",
             *kol_ctx_last_error(ctx) ? kol_ctx_last_error(ctx)
                                      : kol_status_str((int)s));
fail:
    kol_value_result_free(vr);
    kol_value_model_free(vm);
    return -1;
}

/* The recommended portfolio. A failure to plan is reported, not fatal. */
static int plan_portfolio(kol_ctx *ctx, rpt_model *m)
{
    kol_planner *pl = NULL;
    kol_plan *plan = NULL;
    double *cost = NULL, *value = NULL;
    int32_t *tier = NULL, *platform = NULL;
    size_t *idx = NULL, n = 0, i;
    cc_map plat;
    kol_status s = KOL_STATUS_NOMEM;
    int level;

    memset(&plat, 0, sizeof plat);
    cost = kol_cli_alloc_array(m->n_kols, sizeof *cost);
    value = kol_cli_alloc_array(m->n_kols, sizeof *value);
    tier = kol_cli_alloc_array(m->n_kols, sizeof *tier);
    platform = kol_cli_alloc_array(m->n_kols, sizeof *platform);
    idx = kol_cli_alloc_array(m->n_kols, sizeof *idx);
    if (!cost || !value || !tier || !platform || !idx)
        goto done;
    for (i = 0; i < m->n_kols; i++) {
        const rpt_kol *k = &m->kols[i];
        long p;
        if (!rpt_has_price(k))
            continue;
        p = cc_map_add(&plat, k->platform, strlen(k->platform), NULL);
        if (p < 0)
            goto done;
        cost[n] = k->price;
        value[n] = k->value[KOL_VALUE_OUT_TOTAL];
        tier[n] = k->tier;
        platform[n] = (int32_t)(p > KOL_PLAN_MAX_CODE ? -1 : p);
        idx[n++] = i;
    }
    if (n == 0) {
        snprintf(m->plan_message, sizeof m->plan_message,
                 "no KOL of the roster has a price");
        s = KOL_STATUS_OK;
        goto done;
    }
    if ((s = kol_planner_new(ctx, &pl)) != KOL_STATUS_OK ||
        (s = kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, m->budget)) !=
            KOL_STATUS_OK ||
        (s = kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 3e8)) !=
            KOL_STATUS_OK ||
        (s = kol_planner_set_candidates(pl, cost, value, NULL, tier, platform,
                                        NULL, n)) != KOL_STATUS_OK)
        goto done;
    /* A pyramid: few head and shoulder accounts for reach, more waist,
     * tail and KOC accounts for conversion (PYRAMID). */
    for (level = 0; level < (int)m->n_levels; level++) {
        const char *name = kol_tiers_level_name(m->tiers, level);
        uint32_t max = UINT32_MAX;
        size_t t;
        for (t = 0; name && t < sizeof PYRAMID / sizeof PYRAMID[0]; t++)
            if (strcmp(name, PYRAMID[t].tier) == 0)
                max = PYRAMID[t].max;
        if (max != UINT32_MAX &&
            (s = kol_planner_set_tier_limit(pl, level, 0, max)) !=
                KOL_STATUS_OK)
            goto done;
    }
    for (i = 0; i < n; i++) {
        rpt_kol *k = &m->kols[idx[i]];
        if (k->real_ratio >= 0 && k->real_ratio < MIN_REAL_RATIO) {
            k->excluded = 1;
            if ((s = kol_planner_set_choice(pl, i, KOL_PLAN_CHOICE_EXCLUDE)) !=
                KOL_STATUS_OK)
                goto done;
        }
    }
    if ((s = kol_planner_run(pl, &plan)) != KOL_STATUS_OK)
        goto done;
    m->plan_ok = 1;
    m->plan_spend = kol_plan_spend(plan);
    m->plan_value = kol_plan_objective(plan);
    m->plan_method = kol_plan_method(plan);
    m->plan_guarantee = kol_plan_guarantee(plan);
    m->plan_size = kol_plan_size(plan);
    m->plan_order = kol_cli_alloc_array(m->plan_size, sizeof *m->plan_order);
    if (m->plan_order == NULL) {
        s = KOL_STATUS_NOMEM;
        m->plan_ok = 0;
        goto done;
    }
    for (i = 0; i < m->plan_size; i++) {
        size_t c = 0;
        double gain = 0;
        kol_plan_pick(plan, i, &c, &gain);
        m->plan_order[i] = idx[c];
        m->kols[idx[c]].chosen = 1;
        m->kols[idx[c]].gain = gain;
    }
done:
    if (s != KOL_STATUS_OK)
        snprintf(m->plan_message, sizeof m->plan_message, "%s",
                 *kol_ctx_last_error(ctx) ? kol_ctx_last_error(ctx)
                                          : kol_status_str((int)s));
    kol_plan_free(plan);
    kol_planner_free(pl);
    cc_map_free(&plat);
    free(cost);
    free(value);
    free(tier);
    free(platform);
    free(idx);
    return s == KOL_STATUS_NOMEM ? -1 : 0;
}

/* One ROI row from a report. */
static int roi_row(const kol_roi_report *rep, size_t row, rpt_roi_row *r)
{
    const char *key = kol_roi_report_key(rep, row);
    double v;

    memset(r, 0, sizeof *r);
    r->key = kol_cli_asprintf("%s", key && *key ? key : "(none)");
    if (r->key == NULL)
        return -1;
#define GET(metric, dst)                                                       \
    (kol_roi_report_get(rep, row, metric, KOL_ROI_BASIS_REPORTED, &(dst)) ==   \
     KOL_STATUS_OK)
    (void)GET(KOL_ROI_DELIVERIES, r->deliveries);
    /* a figure no delivery reported is NaN, printed "-" (not 0: cli.md) */
    if (!GET(KOL_ROI_COST, r->cost))
        r->cost = NAN;
    if (!GET(KOL_ROI_REVENUE, r->revenue))
        r->revenue = NAN;
    if (!GET(KOL_ROI_EXPOSURE, r->exposure))
        r->exposure = NAN;
    if (!GET(KOL_ROI_ENGAGEMENTS, r->engagements))
        r->engagements = NAN;
    if (!GET(KOL_ROI_ORDERS, r->orders))
        r->orders = NAN;
    r->cpm_ok = GET(KOL_ROI_CPM, r->cpm);
    r->cpe_ok = GET(KOL_ROI_CPE, r->cpe);
    r->cpa_ok = GET(KOL_ROI_CPA, r->cpa);
    r->roi_ok = GET(KOL_ROI_ROI, r->roi) &&
                kol_roi_report_interval(rep, row, KOL_ROI_ROI,
                                        KOL_ROI_BASIS_REPORTED, &r->roi_low,
                                        &r->roi_high) == KOL_STATUS_OK;
#undef GET
    r->net_ok = kol_roi_report_get(rep, row, KOL_ROI_ROI, KOL_ROI_BASIS_NET,
                                   &r->net_roi) == KOL_STATUS_OK &&
                kol_roi_report_interval(rep, row, KOL_ROI_ROI,
                                        KOL_ROI_BASIS_NET, &r->net_low,
                                        &r->net_high) == KOL_STATUS_OK;
    r->net_exposure = kol_roi_report_get(rep, row, KOL_ROI_EXPOSURE,
                                         KOL_ROI_BASIS_NET,
                                         &v) == KOL_STATUS_OK
                          ? v
                          : NAN;
    r->net_engagements = kol_roi_report_get(rep, row, KOL_ROI_ENGAGEMENTS,
                                            KOL_ROI_BASIS_NET,
                                            &v) == KOL_STATUS_OK
                             ? v
                             : NAN;
    return 0;
}

/* Level of a tier name in the scheme, or a large number. */
static int level_of(const rpt_model *m, const char *name)
{
    int l;
    for (l = 0; l < (int)m->n_levels; l++) {
        const char *n = kol_tiers_level_name(m->tiers, l);
        if (n && strcmp(n, name) == 0)
            return l;
    }
    return 1000;
}

static int evaluate_roi(kol_ctx *ctx, rpt_model *m, char *err,
                        size_t err_size)
{
    kol_roi *roi = NULL;
    kol_roi_report *all = NULL, *bytier = NULL, *bykol = NULL;
    uint32_t *order = NULL;
    double *share = NULL;
    size_t i, j, n;
    kol_status s;
    int rc = -1;

    if ((s = kol_roi_new(ctx, &roi)) != KOL_STATUS_OK)
        goto lib;
    if (rpt_deliveries_load(ctx, m->deliveries_path,
                            m->have_traffic ? &m->traffic : NULL, roi,
                            &m->deliveries_restored, &m->roi_rejects, err,
                            err_size) != 0)
        goto out;
    m->deliveries = kol_roi_size(roi);
    if ((s = kol_roi_report_new(roi, KOL_ROI_GROUP_ALL, &all)) !=
            KOL_STATUS_OK ||
        (s = kol_roi_report_new(roi, KOL_ROI_GROUP_TIER, &bytier)) !=
            KOL_STATUS_OK ||
        (s = kol_roi_report_new(roi, KOL_ROI_GROUP_KOL, &bykol)) !=
            KOL_STATUS_OK)
        goto lib;
    if (roi_row(all, 0, &m->total) != 0)
        goto nomem;
    free(m->total.key);
    m->total.key = NULL;
    n = kol_roi_report_size(bytier);
    m->tier_rows = kol_cli_alloc_array(n, sizeof *m->tier_rows);
    if (m->tier_rows == NULL)
        goto nomem;
    for (i = 0; i < n; i++) {
        if (roi_row(bytier, i, &m->tier_rows[i]) != 0)
            goto nomem;
        m->n_tier_rows++;
    }
    /* Tiers in ladder order (koc first, head last). */
    for (i = 1; i < m->n_tier_rows; i++) {
        rpt_roi_row v = m->tier_rows[i];
        int lv = level_of(m, v.key);
        for (j = i; j > 0 && level_of(m, m->tier_rows[j - 1].key) > lv; j--)
            m->tier_rows[j] = m->tier_rows[j - 1];
        m->tier_rows[j] = v;
    }
    /* Key accounts: KOLs ranked by revenue. */
    n = kol_roi_report_size(bykol);
    order = kol_cli_alloc_array(n, sizeof *order);
    share = kol_cli_alloc_array(n, sizeof *share);
    if (order == NULL || share == NULL)
        goto nomem;
    if (n > 0 &&
        (s = kol_roi_report_rank(bykol, KOL_ROI_REVENUE, KOL_ROI_BASIS_REPORTED,
                                 order, share, n, &m->key_count)) !=
            KOL_STATUS_OK)
        goto lib;
    m->keys = kol_cli_alloc_array(m->key_count, sizeof *m->keys);
    if (m->keys == NULL)
        goto nomem;
    for (i = 0; i < m->key_count; i++) {
        rpt_key *k = &m->keys[i];
        memset(k, 0, sizeof *k);
        k->kol_id = kol_cli_asprintf("%s", kol_roi_report_key(bykol, order[i]));
        if (k->kol_id == NULL)
            goto nomem;
        m->n_keys++;
        k->share = share[i];
        /* the share they bring, not the threshold they reach */
        m->key_total += share[i];
        if (kol_roi_report_get(bykol, order[i], KOL_ROI_REVENUE,
                               KOL_ROI_BASIS_REPORTED,
                               &k->revenue) != KOL_STATUS_OK)
            k->revenue = NAN;
        if (kol_roi_report_get(bykol, order[i], KOL_ROI_COST,
                               KOL_ROI_BASIS_REPORTED,
                               &k->cost) != KOL_STATUS_OK)
            k->cost = NAN;
        k->roi_ok = kol_roi_report_get(bykol, order[i], KOL_ROI_ROI,
                                       KOL_ROI_BASIS_REPORTED,
                                       &k->roi) == KOL_STATUS_OK;
    }
    m->have_roi = 1;
    rc = 0;
    goto out;
nomem:
    snprintf(err, err_size, "out of memory");
    goto out;
lib:
    snprintf(err, err_size, "libkol: %s",
             *kol_ctx_last_error(ctx) ? kol_ctx_last_error(ctx)
                                      : kol_status_str((int)s));
out:
    free(order);
    free(share);
    kol_roi_report_free(all);
    kol_roi_report_free(bytier);
    kol_roi_report_free(bykol);
    kol_roi_free(roi);
    return rc;
}

static int overlap(kol_ctx *ctx, rpt_model *m, char *err, size_t err_size)
{
    audience_set set;
    size_t i;

    if (audience_load(ctx, m->followers_path, KOL_SKETCH_DEFAULT_PRECISION,
                      &set, err, err_size) != 0)
        return -1;
    m->overlap_kols = set.kols.n;
    m->audience_sum = 0;
    for (i = 0; i < set.kols.n; i++) {
        double e = 0;
        kol_sketch_estimate(set.sketches[i], &e);
        m->audience_sum += e;
    }
    if (set.kols.n > 0 &&
        kol_sketch_union_estimate((const kol_sketch *const *)set.sketches,
                                  set.kols.n, &m->unique_reach) !=
            KOL_STATUS_OK) {
        snprintf(err, err_size, "libkol: %s", kol_ctx_last_error(ctx));
        audience_free(&set);
        return -1;
    }
    if (set.rejects.n > 0)
        cc_rejects_warn(&set.rejects, m->followers_path);
    m->overlap_rejected = set.rejects.n;
    audience_free(&set);
    m->have_overlap = 1;
    return 0;
}

/* ---- terminal report ----------------------------------------------- */

static void heading(const char *title)
{
    printf("\n== %s ==\n", title);
}

static void print_kol_line(const rpt_model *m, const rpt_kol *k, size_t rank)
{
    char price[32], fol[32], per[32];
    const char *tier = k->tier >= 0 ? kol_tiers_level_name(m->tiers, k->tier)
                                    : "-";
    fmt_amount(price, sizeof price, k->price);
    fmt_amount(fol, sizeof fol, k->followers);
    /* no price, no value per price (the library's 0 means "no price") */
    fmt_fixed(per, sizeof per,
              rpt_has_price(k)
                  ? 1000.0 * k->value[KOL_VALUE_OUT_VALUE_PER_COST]
                  : NAN,
              3);
    /* ids, platforms and tiers come from the files: shown printably and
     * padded by display columns (cmd_common.h) */
    printf("  %2zu. ", rank);
    cc_print_pad(stdout, k->id, 9);
    fputc(' ', stdout);
    cc_print_pad(stdout, k->platform, 12);
    fputc(' ', stdout);
    cc_print_pad(stdout, tier ? tier : "-", 9);
    printf(" %8s fans  price %7s  value %5.1f  "
           "per 1K %6s  match %s\n",
           fol, price,
           k->value[KOL_VALUE_OUT_TOTAL], per,
           k->match >= 0 ? (k->match >= 0.75 ? "high" : k->match >= 0.55
                                                            ? "fair"
                                                            : "low")
                         : "-");
}

static int print_report(const rpt_model *m)
{
    size_t i, l, n, *ix;
    char a[32], b[32], c[32];

    printf("libkol campaign report (libkol %s)\n", kol_version_string());
    printf("roster: %s (%zu KOLs", m->roster_path, m->n_kols);
    if (m->roster_rejected)
        printf(", %llu rows rejected",
               (unsigned long long)m->roster_rejected);
    printf(")\n");

    heading("Tiers (follower ladder, Chinese scheme)");
    for (l = m->n_levels; l-- > 0;)
        printf("  %-9s %4zu\n", kol_tiers_level_name(m->tiers, (int)l),
               m->tier_count[l]);
    /* no follower count, no tier: counted as `kol tier` shows them, so
     * that the rows add up to the roster */
    if (m->tier_none > 0)
        printf("  %-9s %4zu\n", "(none)", m->tier_none);
    printf("  lifecycle: %zu introduced, %zu growing, %zu mature, %zu fading, "
           "%zu unknown; %zu pass the KOC rule\n",
           m->stage_count[KOL_STAGE_INTRODUCED],
           m->stage_count[KOL_STAGE_GROWING], m->stage_count[KOL_STAGE_MATURE],
           m->stage_count[KOL_STAGE_FADING], m->stage_count[KOL_STAGE_UNKNOWN],
           m->koc_yes);

    heading("Top candidates by value (0-100; balanced goal, brand target)");
    ix = rpt_rank(m, KOL_VALUE_OUT_TOTAL, &n);
    if (ix == NULL)
        return -1;
    for (i = 0; i < n && i < m->top; i++)
        print_kol_line(m, &m->kols[ix[i]], i + 1);
    free(ix);
    heading("Top candidates by value per price (value per 1000 CNY)");
    ix = rpt_rank(m, KOL_VALUE_OUT_VALUE_PER_COST, &n);
    if (ix == NULL)
        return -1;
    for (i = 0; i < n && i < m->top; i++)
        print_kol_line(m, &m->kols[ix[i]], i + 1);
    free(ix);
    /* a KOL without a price has no value per price: not ranked here */
    if (n == 0)
        printf("  (no KOL of the roster has a price)\n");
    else if (n < m->n_kols)
        printf("  (%zu %s without a price not ranked)\n", m->n_kols - n,
               rpt_kols_word(m->n_kols - n));

    fmt_amount(a, sizeof a, m->budget);
    printf("\n== Recommended portfolio (budget %s; %s; real-follower "
           "ratio >= %.1f) ==\n",
           a, PYRAMID_TEXT, MIN_REAL_RATIO);
    if (!m->plan_ok) {
        printf("  no plan: %s\n", m->plan_message);
    } else {
        for (i = 0; i < m->plan_size; i++)
            print_kol_line(m, &m->kols[m->plan_order[i]], i + 1);
        fmt_amount(b, sizeof b, m->plan_spend);
        printf("  %zu %s, spend %s of %s, total value %.1f (%s", m->plan_size,
               rpt_kols_word(m->plan_size), b, a, m->plan_value,
               m->plan_method == KOL_PLAN_METHOD_EXACT ? "exact" : "greedy");
        if (m->plan_method != KOL_PLAN_METHOD_EXACT && m->plan_guarantee > 0)
            printf(", at least %.0f%% of the optimum",
                   100 * m->plan_guarantee);
        printf(")\n");
    }

    heading("Traffic monitor (minute series; restored = organic estimate)");
    if (!m->have_traffic) {
        printf("  (no traffic file)\n");
    } else {
        const rpt_traffic *tr = &m->traffic;
        for (i = 0; i < tr->posts.n; i++) {
            const rpt_series *s = &tr->series[i];
            char post[64];
            size_t k;
            /* the post id is a cell of the traffic file, never checked by
             * libkol: shown printably (line breaks, invalid bytes) */
            kol_cli_printable(post, sizeof post, s->post_id,
                              strlen(s->post_id), 48);
            if (s->error) {
                printf("  %s: refused: %s\n", post, s->message);
                continue;
            }
            printf("  %s: %zu minutes, %llu flagged in %zu interval%s\n",
                   post, s->n, (unsigned long long)s->flagged, s->n_iv,
                   s->n_iv == 1 ? "" : "s");
            for (k = 0; k < s->n_iv; k++) {
                const rpt_interval *iv = &s->iv[k];
                uint32_t bit;
                int first = 1;
                printf("    minutes %lld-%lld:",
                       (long long)((iv->start - s->ts[0]) / 60),
                       (long long)((iv->end - s->ts[0]) / 60));
                for (bit = 1; bit <= KOL_TRAFFIC_REASON_MISSING; bit <<= 1)
                    if (iv->reasons & bit) {
                        printf("%s%s", first ? " " : "+",
                               kol_traffic_reason_name(bit));
                        first = 0;
                    }
                printf(" (peak score %.2f)\n", iv->peak);
            }
            for (k = 0; k < tr->n_channels; k++) {
                if (s->tot_obs[k] <= 0)
                    continue;
                printf("    %-9s observed %10.0f  restored %10.0f  "
                       "[%.0f, %.0f]%s\n",
                       kol_channel_name(tr->channels[k]), s->tot_obs[k],
                       s->tot_rest[k], s->tot_low[k], s->tot_high[k],
                       s->tot_obs[k] > s->tot_rest[k] + 0.5 ? "  inflated"
                                                            : "");
            }
        }
        if (tr->rejects.n)
            cc_rejects_print(stdout, &tr->rejects, "  rejected ");
    }

    heading("Campaign ROI (95% bootstrap intervals)");
    if (!m->have_roi) {
        printf("  (no deliveries file)\n");
    } else {
        const rpt_roi_row *t = &m->total;
        fmt_amount(a, sizeof a, t->cost);
        fmt_amount(b, sizeof b, t->revenue);
        fmt_amount(c, sizeof c, t->exposure);
        printf("  %zu deliveries (%zu matched to a traffic series): cost %s, "
               "revenue %s, exposure %s\n",
               m->deliveries, m->deliveries_restored, a, b, c);
        /* a figure the deliveries do not define is "-" (cli.md) */
        fmt_fixed(a, sizeof a, t->cpm_ok ? t->cpm : NAN, 2);
        fmt_fixed(b, sizeof b, t->cpe_ok ? t->cpe : NAN, 3);
        fmt_fixed(c, sizeof c, t->cpa_ok ? t->cpa : NAN, 2);
        printf("  CPM %s  CPE %s  CPA %s\n", a, b, c);
        if (t->roi_ok)
            printf("  ROI reported %.3f [%.3f, %.3f]\n", t->roi, t->roi_low,
                   t->roi_high);
        else
            printf("  ROI reported -\n");
        if (t->net_ok)
            printf("  ROI net of false traffic %.3f [%.3f, %.3f]", t->net_roi,
                   t->net_low, t->net_high);
        else
            printf("  ROI net of false traffic -");
        /* engagements no delivery reports are missing, not 0 -> 0 */
        fmt_fixed(a, sizeof a, t->engagements, 0);
        fmt_fixed(b, sizeof b, t->net_engagements, 0);
        if (isfinite(t->engagements))
            printf("; engagements %s -> %s\n", a, b);
        else
            printf("; engagements -\n");
        printf("  by tier:\n");
        for (i = 0; i < m->n_tier_rows; i++) {
            const rpt_roi_row *r = &m->tier_rows[i];
            fmt_amount(a, sizeof a, r->cost);
            fmt_amount(b, sizeof b, r->revenue);
            fputs("    ", stdout);
            cc_print_pad(stdout, r->key, 9);
            printf(" %3.0f deliveries  cost %8s  revenue %8s  ",
                   r->deliveries, a, b);
            if (r->roi_ok)
                printf("ROI %7.3f [%.3f, %.3f]\n", r->roi, r->roi_low,
                       r->roi_high);
            else
                printf("ROI -\n");
        }
        if (m->key_count == 0)
            printf("\n  key accounts: none (no revenue reported)\n");
        else
            printf("\n  key accounts (%zu %s bring%s %.0f%% of the "
                   "revenue):\n",
                   m->key_count, rpt_kols_word(m->key_count),
                   m->key_count == 1 ? "s" : "", 100 * m->key_total);
        for (i = 0; i < m->n_keys && i < m->top; i++) {
            const rpt_key *k = &m->keys[i];
            fmt_amount(a, sizeof a, k->revenue);
            fputs("    ", stdout);
            cc_print_pad(stdout, k->kol_id, 9);
            printf(" revenue %8s  share %5.1f%%", a, 100 * k->share);
            if (k->roi_ok)
                printf("  ROI %.2f", k->roi);
            printf("\n");
        }
        if (m->n_keys > m->top)
            printf("    ... and %zu more\n", m->n_keys - m->top);
        if (m->roi_rejects.n)
            cc_rejects_print(stdout, &m->roi_rejects, "  rejected ");
    }

    heading("Audience quality (sampled followers; Wilson 95% interval)");
    if (!m->have_aq) {
        printf("  (no follower profile file)\n");
    } else {
        for (i = 0; i < m->n_aq; i++) {
            const rpt_audience *q = &m->aq[i];
            fputs("  ", stdout);
            cc_print_pad(stdout, q->kol_id, 9);
            printf(" %4zu followers  ", q->rows);
            if (q->ok)
                printf("real %.2f [%.2f, %.2f]", q->ratio, q->low, q->high);
            else
                printf("real -");
            if (isfinite(q->roster_ratio))
                printf("  (roster: %.2f)", q->roster_ratio);
            if (q->ok && q->ratio < 0.7)
                printf("  SUSPICIOUS");
            printf("\n");
        }
    }
    if (m->have_overlap) {
        fmt_amount(a, sizeof a, m->audience_sum);
        fmt_amount(b, sizeof b, m->unique_reach);
        /* no audience, no share counted twice: "-" */
        if (m->audience_sum > 0)
            snprintf(c, sizeof c, "%.1f%%",
                     100 * (1 - m->unique_reach / m->audience_sum));
        else
            snprintf(c, sizeof c, "-");
        printf("\n  overlap: %zu KOLs' sampled audiences add up to %s "
               "followers, %s unique (%s counted twice)\n",
               m->overlap_kols, a, b, c);
    }
    return 0;
}

/* ---- main ---------------------------------------------------------- */

static const char *join(const char *dir, const char *name, char *buf,
                        size_t size)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* Whether path does not exist (no such file or directory). A file that
 * exists but cannot be opened (no permission, a symbolic link loop, out
 * of memory) is not absent: its reader fails with the reason, rather than
 * the report leaving its sections out as if there were no such file. */
static int absent(const char *path)
{
    FILE *f;
    errno = 0;
    f = fopen(path, "rb");
    if (f != NULL) {
        fclose(f);
        return 0;
    }
    return errno == ENOENT || errno == ENOTDIR;
}

/* An optional input: NULL when skipped (empty value) or absent by default. */
static const char *optional(const char *given, const char *dflt,
                            const char *what)
{
    if (given != NULL)
        return *given ? given : NULL;
    if (!absent(dflt))
        return dflt;
    printf("note: no %s file (%s); its sections are left out\n", what, dflt);
    return NULL;
}

/* --strict: whether a row of any file was rejected, or the monitor
 * refused a post's series; says how many of each, per file, on standard
 * error (the rows themselves were named by the warnings). */
static int strict_refusal(const rpt_model *m)
{
    const uint64_t n[5] = {m->roster_rejected, m->roi_rejects.n,
                           m->traffic.rejects.n, m->profiles_rejected,
                           m->overlap_rejected};
    static const char *const what[5] = {"roster", "deliveries", "traffic",
                                        "profiles", "followers"};
    char buf[512];
    size_t k, len = 0, series = 0;
    uint64_t rows = 0;
    for (k = 0; k < m->traffic.posts.n; k++)
        series += m->traffic.series[k].error != 0;
    buf[0] = '\0';
    for (k = 0; k < 5; k++) {
        rows += n[k];
        if (n[k] > 0 && len < sizeof buf)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s %llu",
                                    len ? ", " : "", what[k],
                                    (unsigned long long)n[k]);
    }
    if (rows > 0)
        kol_cli_error("%llu row%s rejected (--strict): %s",
                      (unsigned long long)rows, rows == 1 ? "" : "s", buf);
    if (series > 0)
        kol_cli_error("%zu post%s whose traffic series the monitor refused "
                      "(--strict)",
                      series, series == 1 ? "" : "s");
    return rows > 0 || series > 0 ? -1 : 0;
}

int kol_cli_report_run(int argc, char **argv)
{
    const char *data = DEFAULT_DATA, *roster_arg = NULL, *del_arg = NULL,
               *tr_arg = NULL, *prof_arg = NULL, *fol_arg = NULL,
               *budget_arg = NULL, *top_arg = NULL, *html_arg = NULL;
    char b1[4096], b2[4096], b3[4096], b4[4096], b5[4096], err[1024];
    int i, m_, no_html = 0, strict = 0, rc = KOL_CLI_EXIT_FAILURE;
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    roster_csv_result res;
    rpt_model m;
    struct stat st;

    memset(&m, 0, sizeof m);
    memset(&res, 0, sizeof res);
    m.budget = DEFAULT_BUDGET;
    m.top = 10;
    for (i = 1; i < argc; i++) {
        if ((m_ = kol_cli_opt_value(argc, argv, &i, "--data", &data)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--roster",
                                    &roster_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--deliveries",
                                    &del_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--traffic", &tr_arg)) !=
                0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--profiles",
                                    &prof_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--followers",
                                    &fol_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--budget",
                                    &budget_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--top", &top_arg)) != 0 ||
            (m_ = kol_cli_opt_value(argc, argv, &i, "--html", &html_arg)) !=
                0) {
            if (m_ < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--no-html") == 0) {
            no_html = 1;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol report --help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (budget_arg != NULL &&
        (cc_parse_number(budget_arg, strlen(budget_arg), &m.budget) != 0 ||
         !isfinite(m.budget) || m.budget <= 0 ||
         m.budget > 9007199254740992.0)) {
        kol_cli_error("--budget '%s': expected a number above 0", budget_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (top_arg != NULL) {
        double t;
        if (cc_parse_number(top_arg, strlen(top_arg), &t) != 0 || t < 1 ||
            t > 1000 || t != floor(t)) {
            kol_cli_error("--top '%s': expected an integer from 1 to 1000",
                          top_arg);
            return KOL_CLI_EXIT_USAGE;
        }
        m.top = (size_t)t;
    }
    if (html_arg != NULL && *html_arg == '\0') {
        kol_cli_error("--html needs a file name (or use --no-html)");
        return KOL_CLI_EXIT_USAGE;
    }
    if (html_arg != NULL && no_html) {
        /* alternatives in the synopsis: which one was meant is unknown */
        kol_cli_error("--html and --no-html contradict each other (see "
                      "'kol report --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (*data == '\0') {
        /* an unset shell variable: never the files of the root directory */
        kol_cli_error("--data needs a directory (use --data . for the "
                      "current one)");
        return KOL_CLI_EXIT_USAGE;
    }
    if (roster_arg != NULL && *roster_arg == '\0') {
        /* the other inputs may be skipped with an empty value; the roster
         * is the one the report cannot do without */
        kol_cli_error("--roster needs a file name (the report cannot skip "
                      "the roster)");
        return KOL_CLI_EXIT_USAGE;
    }
    {
        /* '-' reads standard input, which only one file can be */
        const char *in[5];
        int k, n_std = 0;
        in[0] = roster_arg;
        in[1] = del_arg;
        in[2] = tr_arg;
        in[3] = prof_arg;
        in[4] = fol_arg;
        for (k = 0; k < 5; k++)
            n_std += in[k] != NULL && strcmp(in[k], "-") == 0;
        if (n_std > 1) {
            kol_cli_error("only one of --roster, --deliveries, --traffic, "
                          "--profiles and --followers can read standard "
                          "input ('-')");
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (html_arg == NULL)
        html_arg = stat("build", &st) == 0 && S_ISDIR(st.st_mode)
                       ? "build/report.html"
                       : "report.html";

    m.roster_path = roster_arg ? roster_arg
                               : join(data, "roster.csv", b1, sizeof b1);
    m.deliveries_path = optional(
        del_arg, join(data, "deliveries.csv", b2, sizeof b2), "deliveries");
    m.traffic_path = optional(tr_arg, join(data, "traffic.csv", b3, sizeof b3),
                              "traffic");
    m.profiles_path =
        optional(prof_arg, join(data, "followers_profile.csv", b4, sizeof b4),
                 "follower profile");
    m.followers_path = optional(
        fol_arg, join(data, "followers.csv", b5, sizeof b5), "follower id");

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK ||
        kol_roster_new(ctx, &roster) != KOL_STATUS_OK) {
        kol_cli_error("out of memory");
        goto out;
    }
    if (roster_csv_load(ctx, roster, m.roster_path, &res) != 0) {
        kol_cli_error("%s", res.error);
        goto out;
    }
    m.roster_rejected = res.nrejects;
    for (i = 0; (size_t)i < res.nrejects; i++)
        kol_cli_warn("%s: row %llu: %s", m.roster_path,
                     (unsigned long long)res.rejects[i].row,
                     res.rejects[i].reason);
    if (kol_roster_size(roster) == 0) {
        kol_cli_error("%s: no KOL could be loaded", m.roster_path);
        goto out;
    }
    if (score_roster(ctx, roster, &m, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    if (plan_portfolio(ctx, &m) != 0) {
        kol_cli_error("out of memory");
        goto out;
    }
    if (m.traffic_path != NULL) {
        if (rpt_traffic_load(m.traffic_path, &m.traffic, err, sizeof err) !=
            0) {
            kol_cli_error("%s", err);
            goto out;
        }
        if (rpt_traffic_run(ctx, &m.traffic) != 0) {
            kol_cli_error("out of memory");
            goto out;
        }
        m.have_traffic = 1;
    }
    if (m.deliveries_path != NULL &&
        evaluate_roi(ctx, &m, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    if (m.profiles_path != NULL) {
        cc_rejects rej;
        memset(&rej, 0, sizeof rej);
        if (rpt_profiles_load(ctx, m.profiles_path, &m, &rej, err,
                              sizeof err) != 0) {
            cc_rejects_free(&rej);
            kol_cli_error("%s", err);
            goto out;
        }
        if (rej.n)
            cc_rejects_warn(&rej, m.profiles_path);
        m.profiles_rejected = rej.n;
        cc_rejects_free(&rej);
        m.have_aq = 1;
    }
    if (m.followers_path != NULL && overlap(ctx, &m, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    if (print_report(&m) != 0) {
        kol_cli_error("out of memory");
        goto out;
    }
    if (!no_html) {
        FILE *f = fopen(html_arg, "wb");
        int wrc, werr;
        if (f == NULL) {
            kol_cli_error("%s: cannot write: %s", html_arg, strerror(errno));
            goto out;
        }
        errno = 0;
        wrc = rpt_html_write(f, &m);
        werr = errno;
        if (fclose(f) != 0 && wrc == 0) {
            wrc = -1;
            werr = errno;
        }
        if (wrc == -2) {
            kol_cli_error("%s: out of memory writing the page", html_arg);
            goto out;
        }
        if (wrc != 0) {
            /* the reason when the C library gave one (a full disk, no
             * memory for the stream's buffer) */
            kol_cli_error("%s: error writing the page%s%s", html_arg,
                          werr ? ": " : "", werr ? strerror(werr) : "");
            goto out;
        }
        printf("\nHTML report: %s\n", html_arg);
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && strict_refusal(&m) != 0)
        rc = KOL_CLI_EXIT_FAILURE;
out:
    model_free(&m);
    roster_csv_result_free(&res);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return rc;
}
