/**
 * @file kol/roi.h
 * @brief ROI evaluation: deliveries (one KOL's post in a campaign), their
 *        metrics per delivery and by KOL, tier, platform and campaign,
 *        reported and net of false traffic, with intervals; incrementality
 *        against a daily baseline; key accounts, key content and cost
 *        outliers.
 *
 * Every formula, its source and the rule for zero denominators, refunds and
 * missing values is in docs/model-roi.md. In short: a metric whose inputs
 * are missing gives ::KOL_STATUS_MISSING, a ratio whose denominator is zero
 * gives ::KOL_STATUS_EMPTY; in both cases the output is set to 0. No NaN or
 * infinity is ever returned.
 */
#ifndef KOL_ROI_H
#define KOL_ROI_H

#include "kol/core.h"
#include "kol/cost.h"
#include "kol/sketch.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One delivery being described; reused by the host. See
 *         kol_delivery_new(). */
typedef struct kol_delivery kol_delivery;
/** @brief An ROI evaluator: the deliveries of one or more campaigns and the
 *         evaluation parameters. See kol_roi_new(). */
typedef struct kol_roi kol_roi;
/** @brief A computed report: one row per group. See kol_roi_report_new(). */
typedef struct kol_roi_report kol_roi_report;

/** Most deliveries an evaluator holds. */
#define KOL_ROI_MAX_DELIVERIES 50000000u

/**
 * @brief Text keys of a delivery. Values are never renumbered or reused.
 *        Text rules are those of record.h (non-empty UTF-8, at most
 *        ::KOL_TEXT_MAX_BYTES bytes, no control characters).
 */
typedef enum kol_delivery_key {
    /** [campaign] Campaign identifier. */
    KOL_DELIVERY_KEY_CAMPAIGN = 0,
    /** [kol_id] KOL identifier. Required. */
    KOL_DELIVERY_KEY_KOL_ID = 1,
    /** [platform] Platform. */
    KOL_DELIVERY_KEY_PLATFORM = 2,
    /** [tier] Tier (head, waist, tail, koc...). */
    KOL_DELIVERY_KEY_TIER = 3,
    /** [category] Content category. */
    KOL_DELIVERY_KEY_CATEGORY = 4,
    /** [post_id] Post or livestream identifier. */
    KOL_DELIVERY_KEY_POST_ID = 5
} kol_delivery_key;

/**
 * @brief Numeric fields of a delivery. Values are never renumbered or
 *        reused. Domains: count [0, 2^53]; amount [0, 2^53]; signed
 *        [-2^53, 2^53]; ratio [0, 1]. A field never set is missing.
 *
 * A restored field is the false-traffic-free figure (from the traffic
 * monitor); it must not exceed its reported field when both are counts.
 * Metrics "net of false traffic" use the restored field where given and the
 * reported one otherwise.
 */
typedef enum kol_delivery_field {
    /** [cost] Amount paid. Amount. Required. */
    KOL_DELIVERY_COST = 0,
    /** [impressions] Count. */
    KOL_DELIVERY_IMPRESSIONS = 1,
    /** [views] Views (plays). Count. */
    KOL_DELIVERY_VIEWS = 2,
    /** [likes] Count. */
    KOL_DELIVERY_LIKES = 3,
    /** [comments] Count. */
    KOL_DELIVERY_COMMENTS = 4,
    /** [shares] Count. */
    KOL_DELIVERY_SHARES = 5,
    /** [saves] Count. */
    KOL_DELIVERY_SAVES = 6,
    /** [clicks] Count. */
    KOL_DELIVERY_CLICKS = 7,
    /** [orders] Count. */
    KOL_DELIVERY_ORDERS = 8,
    /** [revenue] Revenue attributed; negative for net refunds. Signed. */
    KOL_DELIVERY_REVENUE = 9,
    /** [follower_gain] Net followers gained; negative for a loss. Signed. */
    KOL_DELIVERY_FOLLOWER_GAIN = 10,
    /** [followers] Followers when the post went out (base of the follower
     *  growth rate). Count. */
    KOL_DELIVERY_FOLLOWERS = 11,
    /** [content_quality] Content quality rating, 0 worst to 1 best. Ratio. */
    KOL_DELIVERY_CONTENT_QUALITY = 12,
    /** [restored_impressions] Count, at most impressions. */
    KOL_DELIVERY_RESTORED_IMPRESSIONS = 13,
    /** [restored_views] Count, at most views. */
    KOL_DELIVERY_RESTORED_VIEWS = 14,
    /** [restored_likes] Count, at most likes. */
    KOL_DELIVERY_RESTORED_LIKES = 15,
    /** [restored_comments] Count, at most comments. */
    KOL_DELIVERY_RESTORED_COMMENTS = 16,
    /** [restored_shares] Count, at most shares. */
    KOL_DELIVERY_RESTORED_SHARES = 17,
    /** [restored_saves] Count, at most saves. */
    KOL_DELIVERY_RESTORED_SAVES = 18,
    /** [restored_clicks] Count, at most clicks. */
    KOL_DELIVERY_RESTORED_CLICKS = 19,
    /** [restored_orders] Count, at most orders. */
    KOL_DELIVERY_RESTORED_ORDERS = 20,
    /** [restored_revenue] Signed. */
    KOL_DELIVERY_RESTORED_REVENUE = 21,
    /** [restored_follower_gain] Signed. */
    KOL_DELIVERY_RESTORED_FOLLOWER_GAIN = 22
} kol_delivery_field;

/**
 * @brief Metrics of a report row. Values are never renumbered or reused.
 *
 * "Sum" metrics (codes 0 to 10) add the field over the row's deliveries
 * where it is present. Ratio metrics (11 to 22) divide the sum of the
 * numerator by the sum of the denominator over the deliveries where both
 * are present. Exposure of a delivery is its impressions, or its views when
 * impressions are missing; engagements are likes + comments + shares +
 * saves (those present).
 */
typedef enum kol_roi_metric {
    /** [deliveries] Number of deliveries in the row. */
    KOL_ROI_DELIVERIES = 0,
    /** [cost] Sum of cost. */
    KOL_ROI_COST = 1,
    /** [impressions] Sum of impressions. */
    KOL_ROI_IMPRESSIONS = 2,
    /** [views] Sum of views. */
    KOL_ROI_VIEWS = 3,
    /** [engagements] Sum of engagements. */
    KOL_ROI_ENGAGEMENTS = 4,
    /** [clicks] Sum of clicks. */
    KOL_ROI_CLICKS = 5,
    /** [orders] Sum of orders. */
    KOL_ROI_ORDERS = 6,
    /** [revenue] Sum of revenue (refunds lower it). */
    KOL_ROI_REVENUE = 7,
    /** [follower_gain] Sum of follower gain. */
    KOL_ROI_FOLLOWER_GAIN = 8,
    /** [exposure] Sum of exposure. */
    KOL_ROI_EXPOSURE = 9,
    /** [emv] Earned media value from the value table (the EMV
     *  parameters). */
    KOL_ROI_EMV = 10,
    /** [cpm] 1000 * cost / exposure. */
    KOL_ROI_CPM = 11,
    /** [cpv] cost / views. */
    KOL_ROI_CPV = 12,
    /** [cpe] cost / engagements. */
    KOL_ROI_CPE = 13,
    /** [cpc] cost / clicks. */
    KOL_ROI_CPC = 14,
    /** [cpa] cost / orders. */
    KOL_ROI_CPA = 15,
    /** [ctr] clicks / exposure. Wilson interval. */
    KOL_ROI_CTR = 16,
    /** [cvr] orders / clicks. Wilson interval. */
    KOL_ROI_CVR = 17,
    /** [engagement_rate] engagements / exposure. Wilson interval. */
    KOL_ROI_ENGAGEMENT_RATE = 18,
    /** [roi] (revenue - cost) / cost. Bootstrap interval. */
    KOL_ROI_ROI = 19,
    /** [roas] revenue / cost. Bootstrap interval, from the same resamples
     *  as ROI's (revenue / cost of each). */
    KOL_ROI_ROAS = 20,
    /** [follower_growth_rate] follower_gain / followers; negative for a
     *  net loss. Wilson interval of |gain| / followers (|gain| clamped to
     *  followers), negated for a net loss. */
    KOL_ROI_FOLLOWER_GROWTH_RATE = 21,
    /** [content_quality] Mean content quality rating. */
    KOL_ROI_CONTENT_QUALITY = 22
} kol_roi_metric;

/** @brief Figures a metric is computed from. Values never reused. */
typedef enum kol_roi_basis {
    /** The reported figures. */
    KOL_ROI_BASIS_REPORTED = 0,
    /** Net of false traffic: restored figures where given. */
    KOL_ROI_BASIS_NET = 1
} kol_roi_basis;

/** @brief How deliveries are grouped into report rows. Values never
 *         reused. */
typedef enum kol_roi_group {
    /** One row per delivery, in insertion order; key = post_id or "". */
    KOL_ROI_GROUP_DELIVERY = 0,
    /** One row per KOL id. */
    KOL_ROI_GROUP_KOL = 1,
    /** One row per tier. */
    KOL_ROI_GROUP_TIER = 2,
    /** One row per platform. */
    KOL_ROI_GROUP_PLATFORM = 3,
    /** One row per campaign. */
    KOL_ROI_GROUP_CAMPAIGN = 4,
    /** One row holding every delivery; key "". */
    KOL_ROI_GROUP_ALL = 5,
    /** One row per category. */
    KOL_ROI_GROUP_CATEGORY = 6
} kol_roi_group;

/**
 * @brief Parameters of an evaluator (kol_roi_set_param()). Values never
 *        reused. Defaults beside each; bounds from kol_roi_param_bounds().
 */
typedef enum kol_roi_param {
    /** Confidence level of every interval. Default 0.95, in [0.5, 0.9999]. */
    KOL_ROI_PARAM_CONFIDENCE = 0,
    /** Bootstrap resamples for the ROI and ROAS intervals; 0 gives the
     *  degenerate intervals [roi, roi] and [roas, roas]. Default 1000, in
     *  [0, 100000], integer. */
    KOL_ROI_PARAM_BOOTSTRAP = 1,
    /** Seed of the bootstrap. Default 1, in [0, 2^53], integer. */
    KOL_ROI_PARAM_SEED = 2,
    /** Share of the outcome the key set must reach. Default 0.8, in
     *  [0.01, 1]. */
    KOL_ROI_PARAM_KEY_SHARE = 3,
    /** Robust z-score beyond which a cost is an outlier (Iglewicz and
     *  Hoaglin). Default 3.5, in [0.5, 100]. */
    KOL_ROI_PARAM_OUTLIER_Z = 4,
    /** EMV value of 1000 exposures. Default 5.0, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_MILLE = 5,
    /** EMV value of a like. Default 0.05, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_LIKE = 6,
    /** EMV value of a comment. Default 0.5, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_COMMENT = 7,
    /** EMV value of a share. Default 1.0, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_SHARE = 8,
    /** EMV value of a save. Default 0.5, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_SAVE = 9,
    /** EMV value of a click. Default 0.5, in [0, 1e9]. */
    KOL_ROI_PARAM_EMV_CLICK = 10
} kol_roi_param;

/**
 * @brief What a ::kol_roi_read_fn did, written to its @p what argument.
 *        Values never reused.
 */
typedef enum kol_roi_read {
    /** The callback filled the delivery: add it (the value on entry). */
    KOL_ROI_READ_DELIVERY = 0,
    /** Discard this delivery and go on. */
    KOL_ROI_READ_SKIP = 1,
    /** No more input: the delivery is discarded and the fill ends. */
    KOL_ROI_READ_END = 2
} kol_roi_read;

/**
 * @brief Host callback that describes one delivery per call to
 *        kol_roi_fill().
 * @param user the pointer given to kol_roi_fill().
 * @param d    an empty delivery to fill with kol_delivery_set_key() and
 *             kol_delivery_set(); owned by the library.
 * @param[out] what a ::kol_roi_read value; ::KOL_ROI_READ_DELIVERY on entry.
 * @return 0 to go on; non-zero stops the fill (::KOL_STATUS_CALLBACK, the
 *         evaluator unchanged, the value kept for kol_ctx_callback_code()).
 */
typedef int (*kol_roi_read_fn)(void *user, kol_delivery *d, int32_t *what);

/**
 * @brief Name of a delivery key ("campaign", "kol_id", ...).
 * @param key a ::kol_delivery_key.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_delivery_key_name(int key);
/**
 * @brief Name of a delivery field ("cost", "restored_views", ...).
 * @param field a ::kol_delivery_field.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_delivery_field_name(int field);
/**
 * @brief Name of a metric ("cpm", "roi", ...), as in the brackets of
 *        ::kol_roi_metric.
 * @param metric a ::kol_roi_metric.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_roi_metric_name(int metric);

/**
 * @brief Make an empty delivery description.
 * @param ctx the context.
 * @param[out] out receives it; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_delivery_new(kol_ctx *ctx, kol_delivery **out);
/**
 * @brief Free a delivery. Accepts NULL.
 * @param d the delivery.
 */
KOL_API void kol_delivery_free(kol_delivery *d);
/**
 * @brief Clear every key and field. Accepts NULL.
 * @param d the delivery.
 */
KOL_API void kol_delivery_reset(kol_delivery *d);

/**
 * @brief Set (copy in) or clear (NULL) a text key.
 * @param d     the delivery.
 * @param key   a ::kol_delivery_key.
 * @param value the text, or NULL to clear the key.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_BAD_TEXT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_delivery_set_key(kol_delivery *d, int key,
                                        const char *value);

/**
 * @brief Set a numeric field.
 * @param d     the delivery.
 * @param field a ::kol_delivery_field.
 * @param value the value, within the field's domain.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_delivery_set(kol_delivery *d, int field, double value);

/**
 * @brief Make a field missing again.
 * @param d     the delivery.
 * @param field a ::kol_delivery_field.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_delivery_clear(kol_delivery *d, int field);

/**
 * @brief Check a delivery as kol_roi_add() and kol_roi_fill() will check
 *        it: a kol_id, a cost, and no restored count above its reported
 *        count.
 *
 * kol_roi_fill() is all or nothing: one refused delivery fails it whole.
 * A read callback that takes rows from a file can call this on the
 * delivery it has filled and answer ::KOL_ROI_READ_SKIP (keeping the
 * message) for a row the evaluator would refuse, so that the other rows
 * still count. The values themselves were checked when they were set.
 *
 * @param d the delivery.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL: no context
 *         to report to), ::KOL_STATUS_MISSING (no kol_id or no cost), or
 *         ::KOL_STATUS_OUT_OF_RANGE (a restored count above its reported
 *         count); the message, on the delivery's context, names the kol
 *         (or the post when there is no kol_id), the fields and values.
 */
KOL_API kol_status kol_delivery_check(const kol_delivery *d);

/**
 * @brief Make an empty evaluator with default parameters.
 * @param ctx the context.
 * @param[out] out receives the evaluator; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roi_new(kol_ctx *ctx, kol_roi **out);
/**
 * @brief Free an evaluator. Accepts NULL.
 * @param roi the evaluator.
 */
KOL_API void kol_roi_free(kol_roi *roi);
/**
 * @brief Number of deliveries held.
 * @param roi the evaluator.
 * @return the number; 0 for NULL.
 */
KOL_API size_t kol_roi_size(const kol_roi *roi);

/**
 * @brief The default and bounds of a parameter.
 * @param param a ::kol_roi_param.
 * @param[out] min receives the smallest accepted value (may be NULL).
 * @param[out] max receives the largest accepted value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM (nothing written).
 */
KOL_API kol_status kol_roi_param_bounds(int param, double *min, double *max,
                                        double *default_value);
/**
 * @brief Set a parameter; reports made afterwards use it.
 * @param roi   the evaluator.
 * @param param a ::kol_roi_param.
 * @param value the value, within kol_roi_param_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE (outside its bounds, or not an integer
 *         where one is required), or ::KOL_STATUS_BAD_STATE (called from a
 *         callback of the same evaluator: kol_roi_fill(),
 *         kol_roi_report_new()).
 */
KOL_API kol_status kol_roi_set_param(kol_roi *roi, int param, double value);
/**
 * @brief Read a parameter.
 * @param roi   the evaluator.
 * @param param a ::kol_roi_param.
 * @param[out] value receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_roi_get_param(const kol_roi *roi, int param,
                                     double *value);

/**
 * @brief Add a copy of a delivery (push). The caller keeps @p d.
 *
 * The delivery needs a kol_id and a cost; a restored count above its
 * reported count is refused.
 *
 * Memory: the evaluator keeps only the fields that are set (8 bytes
 * each) and holds each distinct key text once, shared by every delivery
 * that has it: a campaign, platform, tier, category or KOL id that
 * repeats costs each further delivery only a pointer (figures:
 * docs/model-roi.md, section 1). On failure nothing is added, key texts
 * included.
 *
 * @param roi the evaluator.
 * @param d   the delivery, made from the same context.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, another
 *         context), ::KOL_STATUS_MISSING (no kol_id or no cost),
 *         ::KOL_STATUS_OUT_OF_RANGE (restored above reported),
 *         ::KOL_STATUS_TOO_LARGE, ::KOL_STATUS_BAD_STATE (called from a
 *         callback of the same evaluator: kol_roi_fill(),
 *         kol_roi_report_new()), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roi_add(kol_roi *roi, const kol_delivery *d);

/**
 * @brief Fill from a host callback (pull), all or nothing.
 *
 * Calls @p read until it reports ::KOL_ROI_READ_END; each delivery is
 * checked as kol_roi_add() does, and the first refused one fails the fill.
 * On any failure the evaluator is left as it was. Progress: the context's
 * callback after every 1024 read calls and at the end (total 0).
 *
 * @param roi  the evaluator.
 * @param read the callback.
 * @param user passed to @p read.
 * @param[out] added receives the number added (may be NULL); 0 on failure.
 * @return as kol_roi_add() (::KOL_STATUS_BAD_STATE when called from a
 *         callback of the same evaluator: a read or progress callback of
 *         kol_roi_fill(), a progress callback of kol_roi_report_new()),
 *         and ::KOL_STATUS_CALLBACK or ::KOL_STATUS_CANCELLED.
 */
KOL_API kol_status kol_roi_fill(kol_roi *roi, kol_roi_read_fn read,
                                void *user, uint64_t *added);

/**
 * @brief Compute a report: group the deliveries, sum them, and draw the
 *        bootstrap intervals with the evaluator's seed.
 *
 * Rows are in byte order of their key (insertion order for
 * ::KOL_ROI_GROUP_DELIVERY); a delivery without the grouping key falls in
 * the row with key "". Progress: the context's callback once per row
 * (total = rows), or once with 0 and 0 for a report with no row.
 *
 * @param roi   the evaluator.
 * @param group a ::kol_roi_group.
 * @param[out] out receives the report; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_CANCELLED, or
 *         ::KOL_STATUS_NOMEM. An evaluator with no delivery gives a report
 *         with no row (::KOL_ROI_GROUP_ALL: one row with 0 deliveries).
 */
KOL_API kol_status kol_roi_report_new(const kol_roi *roi, int group,
                                      kol_roi_report **out);
/**
 * @brief Free a report. Accepts NULL.
 * @param rep the report.
 */
KOL_API void kol_roi_report_free(kol_roi_report *rep);
/**
 * @brief Number of rows.
 * @param rep the report.
 * @return the number; 0 for NULL.
 */
KOL_API size_t kol_roi_report_size(const kol_roi_report *rep);
/**
 * @brief Key of a row.
 * @param rep the report.
 * @param row the row.
 * @return the key, owned by the report; NULL when @p row is out of range
 *         or @p rep is NULL.
 */
KOL_API const char *kol_roi_report_key(const kol_roi_report *rep,
                                       size_t row);

/**
 * @brief A metric of a row.
 * @param rep    the report.
 * @param row    the row.
 * @param metric a ::kol_roi_metric.
 * @param basis  a ::kol_roi_basis.
 * @param[out] value receives the value; 0 with ::KOL_STATUS_MISSING or
 *                   ::KOL_STATUS_EMPTY.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FOUND (row), ::KOL_STATUS_UNKNOWN_ENUM,
 *         ::KOL_STATUS_MISSING (no delivery of the row has the inputs), or
 *         ::KOL_STATUS_EMPTY (the denominator sums to zero: zero cost, zero
 *         views...; or is so small that the ratio would overflow).
 */
KOL_API kol_status kol_roi_report_get(const kol_roi_report *rep, size_t row,
                                      int metric, int basis, double *value);

/**
 * @brief The interval of a rate (Wilson score) or of ROI / ROAS (seeded
 *        percentile bootstrap over the row's deliveries) at the
 *        evaluator's confidence.
 * @param rep    the report.
 * @param row    the row.
 * @param metric ctr, cvr, engagement_rate, follower_growth_rate, roi or
 *               roas.
 * @param basis  a ::kol_roi_basis.
 * @param[out] low  receives the lower end (0 on error, a NULL @p rep
 *                  included).
 * @param[out] high receives the upper end (0 on error, a NULL @p rep
 *                  included).
 * @return as kol_roi_report_get(), and ::KOL_STATUS_INVALID_ARGUMENT for a
 *         metric without interval; one exception: a rate whose
 *         denominator is positive but so small that the rate overflows
 *         (::KOL_STATUS_EMPTY from kol_roi_report_get()) has the Wilson
 *         interval [0, 1] with ::KOL_STATUS_OK (model reference, ROI
 *         page).
 */
KOL_API kol_status kol_roi_report_interval(const kol_roi_report *rep,
                                           size_t row, int metric, int basis,
                                           double *low, double *high);

/**
 * @brief Rank rows by an additive outcome (a sum metric): key accounts
 *        (rows by KOL) and key content (rows by delivery).
 *
 * Rows are ordered by outcome, largest first, ties by row. A row whose
 * outcome is missing counts 0. share[i] = outcome / total of the positive
 * outcomes (0 when that total is 0; -DBL_MAX for a negative outcome so
 * large against a tiny positive total that the ratio overflows), so every
 * share is finite and at most 1. @p key_count receives the size of the
 * smallest set of rows whose outcomes reach the key share
 * (::KOL_ROI_PARAM_KEY_SHARE) of the positive total, to within a relative
 * 2^-50 (so that 55 of 100 reaches a share of 0.55, whose double is a
 * little above 0.55; a share of 1 is exact and takes every row with a
 * positive outcome): the first rows of @p order (0 when the positive
 * total is 0).
 *
 * @param rep    the report.
 * @param metric a sum ::kol_roi_metric (codes 0 to 10).
 * @param basis  a ::kol_roi_basis.
 * @param[out] order  n row numbers, largest outcome first (may be NULL).
 * @param[out] share  n shares, in the order of @p order (may be NULL).
 * @param n      room in the arrays; at least kol_roi_report_size() when
 *               either is given.
 * @param[out] key_count receives the key-set size (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_TOO_LARGE (n too small),
 *         or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roi_report_rank(const kol_roi_report *rep, int metric,
                                       int basis, uint32_t *order,
                                       double *share, size_t n,
                                       size_t *key_count);

/**
 * @brief Cost-efficiency outliers: robust z-scores (Iglewicz and Hoaglin's
 *        modified z on the log of the metric) of each row.
 *
 * Rows whose metric is missing, undefined or not positive get score 0 and
 * flag 0 and are left out of the median. Flag +1: expensive
 * (score > ::KOL_ROI_PARAM_OUTLIER_Z); -1: cheap (score < -threshold).
 * Fewer than 3 usable rows, or no spread: every score 0.
 *
 * @param rep    the report.
 * @param metric a ratio ::kol_roi_metric (codes 11 to 22).
 * @param basis  a ::kol_roi_basis.
 * @param[out] score n scores (row order).
 * @param[out] flag  n flags (row order).
 * @param n      room; at least kol_roi_report_size().
 * @param[out] outliers receives the number of flagged rows (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_TOO_LARGE, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roi_report_outliers(const kol_roi_report *rep,
                                           int metric, int basis,
                                           double *score, int32_t *flag,
                                           size_t n, size_t *outliers);

/**
 * @brief Incremental revenue (or traffic) against a daily baseline.
 *
 * incremental = sum(during) - nd * mean(baseline); its interval is the
 * normal interval with variance s^2 (nd + nd^2 / nb), s the sample standard
 * deviation of the baseline (0 when nb = 1). With @p cost > 0 the
 * incremental ROI = (incremental - cost) / cost and its interval follow
 * from the same ends; with @p cost 0 (or so small that the ratio
 * overflows) the three ROI outputs are 0 and @p roi_defined is 0.
 *
 * @param roi        the evaluator (context and confidence).
 * @param baseline   nb daily values before the campaign.
 * @param nb         at least 1.
 * @param during     nd daily values during the campaign.
 * @param nd         at least 1.
 * @param cost       campaign cost, in [0, 2^53].
 * @param[out] out   6 values: incremental, its low, its high, incremental
 *                   ROI, its low, its high.
 * @param[out] roi_defined 1 when cost > 0, else 0 (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_EMPTY (nb or nd is 0), ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE (a value beyond 2^53 in size, a negative
 *         cost).
 */
KOL_API kol_status kol_roi_incrementality(const kol_roi *roi,
                                          const double *baseline, size_t nb,
                                          const double *during, size_t nd,
                                          double cost, double *out,
                                          int32_t *roi_defined);

/**
 * @brief Add every delivery to a cost history (reported figures): price =
 *        cost, exposure, engagements and orders as the metrics define them
 *        (a missing field counts as 0, "not measured"); a delivery without
 *        platform or tier is skipped. All or nothing.
 * @param roi  the evaluator.
 * @param hist the history.
 * @param[out] added receives the number added (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL roi or
 *         hist), ::KOL_STATUS_OUT_OF_RANGE (a delivery's engagements add
 *         up to more than 2^53), ::KOL_STATUS_TOO_LARGE (a summary would
 *         hold more than 2^64 - 1 values, or the history more cells than
 *         kol_cost_history_add() allows), or ::KOL_STATUS_NOMEM; the
 *         history is unchanged on error. Every error is reported to the
 *         evaluator's context (even when @p hist has another), and the
 *         message names the delivery that failed (its index in the
 *         evaluator, kol_id and post_id), or says that the final merge
 *         into @p hist failed.
 */
KOL_API kol_status kol_roi_feed_cost(const kol_roi *roi,
                                     kol_cost_history *hist, uint64_t *added);

/**
 * @brief Coverage (unique reach) of every row: the estimated number of
 *        distinct followers in the union of the audiences of the row's
 *        KOLs, a follower shared by several of them counted once.
 *
 * The host gives one audience sketch (kol/sketch.h) per KOL id, as two
 * parallel arrays, in any order. For each row, the sketches of the distinct
 * KOL ids of its deliveries are united with kol_sketch_union_estimate();
 * a KOL of the row without a sketch adds nothing (the row's coverage is
 * then a lower bound: compare @p matched with @p kols), and a row none of
 * whose KOLs has a sketch gets coverage 0 and matched 0. Ids given for
 * KOLs that are in no row are ignored. Coverage counts followers, not
 * traffic, so it is the same under both ::kol_roi_basis values. Its
 * relative standard error is that of one sketch, 1.04 / sqrt(2^p)
 * (kol_sketch_standard_error(); docs/model-roi.md, "Coverage"). The result
 * does not depend on the order of the arrays. Progress: the context's
 * callback once per row (total = rows), or once with 0 and 0 for a report
 * with no row.
 *
 * @param rep      the report.
 * @param kol_ids  @p n KOL ids, distinct (text rules of record.h); may be
 *                 NULL when @p n is 0.
 * @param sketches @p n sketches, @p sketches[i] the audience of
 *                 @p kol_ids[i]; all of equal precision and seed; only read
 *                 (they may come from another context); may be NULL when
 *                 @p n is 0.
 * @param n        number of KOLs given.
 * @param[out] coverage @p cap values, one per row (row order).
 * @param[out] matched  @p cap counts: KOLs of the row that had a sketch
 *                      (may be NULL).
 * @param[out] kols     @p cap counts: distinct KOLs of the row (may be
 *                      NULL).
 * @param cap      room in the output arrays; at least
 *                 kol_roi_report_size().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL report,
 *         output, array or element), ::KOL_STATUS_BAD_TEXT (an id),
 *         ::KOL_STATUS_DUPLICATE (an id given twice; the message names both
 *         indices), ::KOL_STATUS_MISMATCH (a sketch whose precision or
 *         seed differs from sketch 0), ::KOL_STATUS_TOO_LARGE (@p cap too
 *         small), ::KOL_STATUS_CANCELLED, or ::KOL_STATUS_NOMEM. On error
 *         nothing is written to the output arrays.
 */
KOL_API kol_status kol_roi_report_coverage(const kol_roi_report *rep,
                                           const char *const *kol_ids,
                                           const kol_sketch *const *sketches,
                                           size_t n, double *coverage,
                                           uint32_t *matched, uint32_t *kols,
                                           size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* KOL_ROI_H */
