/*
 * report_model.h - what `kol report` computes, shared by the loaders
 * (report_data.c), the terminal printer (cmd_report.c) and the HTML writer
 * (report_html.c). Every figure is computed by libkol; this file only
 * holds the results.
 */
#ifndef KOL_CLI_REPORT_MODEL_H
#define KOL_CLI_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <kol.h>

#include "cmd_common.h"

/* Most channels of a traffic series (every kol_channel). */
#define RPT_MAX_CHANNELS KOL_CHANNEL_COUNT

/* One KOL of the roster, scored and tiered. */
typedef struct rpt_kol {
    const kol_record *rec; /* owned by the roster */
    const char *id, *name, *platform, *category; /* "" when unset */
    int32_t tier;          /* kol_tiers level, -1 without followers */
    double followers;      /* NaN when missing (printed "-") */
    double price;          /* NaN when missing (printed "-") */
    double real_ratio;     /* NaN when missing */
    double value[KOL_VALUE_OUT_COUNT];
    double match;          /* portrait match with the target, -1 if none */
    int chosen;            /* in the recommended portfolio */
    int excluded;          /* left out of the plan (low real ratio) */
    double gain;           /* marginal gain when chosen */
} rpt_kol;

/* One flagged interval of a series. */
typedef struct rpt_interval {
    int64_t start, end;
    uint32_t reasons;
    double peak;
    double inflated[RPT_MAX_CHANNELS];
} rpt_interval;

/* One traffic series (one post), with its per-slot results. */
typedef struct rpt_series {
    char *post_id;
    /* input samples */
    int64_t *in_ts;
    double *in_val; /* n_in rows of n_channels */
    size_t n_in, in_cap;
    /* results, one per slot */
    int64_t *ts;
    double *obs, *rest; /* n rows of n_channels */
    uint32_t *reasons;
    double *score;
    /* n rows of n_channels: whether a sample of the slot reports the
     * channel (the monitor gives 0 for a slot or channel without one,
     * which the chart leaves out rather than draw as 0) */
    unsigned char *have;
    size_t n, cap;
    /* totals per channel */
    double tot_obs[RPT_MAX_CHANNELS], tot_rest[RPT_MAX_CHANNELS];
    double tot_low[RPT_MAX_CHANNELS], tot_high[RPT_MAX_CHANNELS];
    /* whether the series reports the channel in any sample (its totals
     * are 0 otherwise, and shown as missing) */
    int reported[RPT_MAX_CHANNELS];
    uint64_t flagged;
    rpt_interval *iv;
    size_t n_iv;
    size_t main_channel; /* index of the channel shown in the chart */
    int error;           /* the monitor refused the series */
    char message[512];
} rpt_series;

typedef struct rpt_traffic {
    int32_t channels[RPT_MAX_CHANNELS]; /* kol_channel codes, file order */
    size_t n_channels;
    cc_map posts;
    rpt_series *series;
    size_t series_cap;
    uint64_t rows;
    cc_rejects rejects;
} rpt_traffic;

/* One ROI row (a tier, or the whole campaign). A figure no delivery
 * reports is NaN (printed "-", never 0). */
typedef struct rpt_roi_row {
    char *key;
    double deliveries, cost, revenue, exposure, engagements, orders;
    double cpm, cpe, cpa;
    int cpm_ok, cpe_ok, cpa_ok;
    double roi, roi_low, roi_high;
    int roi_ok;
    double net_roi, net_low, net_high, net_exposure, net_engagements;
    int net_ok;
} rpt_roi_row;

/* One key account. */
typedef struct rpt_key {
    char *kol_id;
    double revenue, share, cost, roi; /* cost NaN when not reported */
    int roi_ok;
} rpt_key;

/* Audience quality of one KOL's follower sample. */
typedef struct rpt_audience {
    char *kol_id;
    size_t rows, used, fakes;
    double ratio, low, high;
    int ok;
    double roster_ratio; /* NaN when the roster has none */
} rpt_audience;

typedef struct rpt_model {
    /* inputs */
    const char *roster_path, *deliveries_path, *traffic_path;
    const char *profiles_path, *followers_path;
    double budget;
    size_t top;
    /* roster, tiers, value */
    kol_tiers *tiers;
    rpt_kol *kols;
    size_t n_kols;
    uint64_t roster_rejected;
    size_t tier_count[16];
    size_t tier_none; /* KOLs without a follower count: no tier */
    size_t n_levels;
    size_t stage_count[5];
    size_t koc_yes;
    /* plan */
    double plan_spend, plan_value, plan_guarantee;
    size_t plan_size;
    int plan_ok;
    int plan_method;
    char plan_message[512];
    size_t *plan_order; /* kol indexes in pick order */
    /* traffic */
    rpt_traffic traffic;
    int have_traffic;
    /* ROI */
    rpt_roi_row total;
    rpt_roi_row *tier_rows;
    size_t n_tier_rows;
    rpt_key *keys;
    size_t n_keys, key_count;
    double key_total; /* the share of the revenue they bring */
    size_t deliveries, deliveries_restored;
    cc_rejects roi_rejects;
    int have_roi;
    size_t profiles_rejected; /* rows of the profile file rejected */
    size_t overlap_rejected;  /* rows of the follower-id file rejected */
    /* audience quality */
    rpt_audience *aq;
    size_t n_aq;
    int have_aq;
    /* overlap of the campaign's audiences */
    size_t overlap_kols;
    double audience_sum, unique_reach;
    int have_overlap;
} rpt_model;

#endif /* KOL_CLI_REPORT_MODEL_H */
