/**
 * @file kol/record.h
 * @brief KOL records: identity, numeric metrics with a "missing" state of
 *        their own, and the audience portrait.
 *
 * A ::kol_record holds what is known of one KOL (key opinion leader:
 * creator, influencer or KOC). Text fields are copied in. Metrics are set
 * and read by a stable ::kol_metric code; a metric that was never set is
 * missing, which is not the same as zero. Every setter validates its input
 * and, on refusal, leaves the record exactly as it was.
 */
#ifndef KOL_RECORD_H
#define KOL_RECORD_H

#include "kol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque KOL record. See kol_record_new(). */
typedef struct kol_record kol_record;

/** Longest text field accepted, in bytes, excluding the terminating NUL. */
#define KOL_TEXT_MAX_BYTES 1024
/** Most categories accepted in one portrait dimension. */
#define KOL_PORTRAIT_MAX_CATEGORIES 4096

/**
 * @brief Text fields of a record. Values are never renumbered or reused.
 *
 * Text is UTF-8, non-empty, at most ::KOL_TEXT_MAX_BYTES bytes, with no
 * control characters (bytes below 0x20 and 0x7F).
 */
typedef enum kol_text {
    /** Identifier, unique within a roster; required to join one. */
    KOL_TEXT_ID = 0,
    /** Display name. */
    KOL_TEXT_NAME = 1,
    /** Platform, as the host names it (for example "douyin", "instagram"). */
    KOL_TEXT_PLATFORM = 2,
    /** Content category (for example "beauty", "gaming"). */
    KOL_TEXT_CATEGORY = 3
} kol_text;

/**
 * @brief Numeric metrics of a record. Values are never renumbered or reused;
 *        later releases add codes after the last one.
 *
 * Each metric has a domain, given beside it and by kol_metric_bounds():
 * "count" is [0, 2^53], "signed count" is [-2^53, 2^53], "amount" (money,
 * in the host's currency) is [0, 2^53], "ratio" is [0, 1]. NaN and
 * infinities are always refused. The name in brackets is the one
 * kol_metric_name() returns and kol_metric_from_name() accepts.
 */
typedef enum kol_metric {
    /** [followers] Followers (fans). Count. */
    KOL_METRIC_FOLLOWERS = 0,
    /** [following] Accounts this account follows. Count. */
    KOL_METRIC_FOLLOWING = 1,
    /** [posts] Posts published in the account's life. Count. */
    KOL_METRIC_POSTS = 2,
    /** [posts_30d] Posts published in the last 30 days. Count. */
    KOL_METRIC_POSTS_30D = 3,
    /** [avg_views] Average views (plays) per post. Count. */
    KOL_METRIC_AVG_VIEWS = 4,
    /** [avg_likes] Average likes per post. Count. */
    KOL_METRIC_AVG_LIKES = 5,
    /** [avg_comments] Average comments per post. Count. */
    KOL_METRIC_AVG_COMMENTS = 6,
    /** [avg_shares] Average shares (reposts) per post. Count. */
    KOL_METRIC_AVG_SHARES = 7,
    /** [avg_saves] Average saves (favourites, collects) per post. Count. */
    KOL_METRIC_AVG_SAVES = 8,
    /** [follower_growth_30d] Net change in followers over the last 30
     *  days; negative when the account lost followers. Signed count. */
    KOL_METRIC_FOLLOWER_GROWTH_30D = 9,
    /** [price] Quoted price of one sponsored post. Amount. */
    KOL_METRIC_PRICE = 10,
    /** [clicks] Clicks from past sponsored posts. Count. */
    KOL_METRIC_CLICKS = 11,
    /** [orders] Orders from past sponsored posts. Count. */
    KOL_METRIC_ORDERS = 12,
    /** [revenue] Revenue from past sponsored posts. Amount. */
    KOL_METRIC_REVENUE = 13,
    /** [content_quality] Content quality rating, 0 worst to 1 best. Ratio. */
    KOL_METRIC_CONTENT_QUALITY = 14,
    /** [account_age_days] Days since the account was created. Count. */
    KOL_METRIC_ACCOUNT_AGE_DAYS = 15,
    /** [real_follower_ratio] Share of followers judged real. Ratio. */
    KOL_METRIC_REAL_FOLLOWER_RATIO = 16,
    /** [on_time_rate] Share of past deliveries made on time. Ratio. */
    KOL_METRIC_ON_TIME_RATE = 17,
    /** [hist_views] Views of past sponsored posts (the base of the
     *  historical click-through rate). Count. */
    KOL_METRIC_HIST_VIEWS = 18,
    /** [hist_cost] Amount paid for past sponsored posts (the base of the
     *  historical ROI). Amount. */
    KOL_METRIC_HIST_COST = 19,
    /** [cooperations] Past cooperations with this KOL. Count. */
    KOL_METRIC_COOPERATIONS = 20,
    /** [disputes] Past cooperations that ended in a dispute. Count. */
    KOL_METRIC_DISPUTES = 21,
    /** [fan_loyalty] Share of engaged fans who engage again (repeat
     *  engagers), as the host measures it. Ratio. */
    KOL_METRIC_FAN_LOYALTY = 22
} kol_metric;

/**
 * @brief Dimensions of the audience portrait. Values are never renumbered
 *        or reused.
 */
typedef enum kol_dimension {
    /** [gender] Gender distribution of the audience. */
    KOL_DIMENSION_GENDER = 0,
    /** [age] Age-band distribution of the audience. */
    KOL_DIMENSION_AGE = 1,
    /** [region] Regional distribution of the audience. */
    KOL_DIMENSION_REGION = 2,
    /** [interest] Interest distribution of the audience. */
    KOL_DIMENSION_INTEREST = 3
} kol_dimension;

/**
 * @brief Number of metric codes this library knows.
 * @return the count; codes 0 to kol_metric_count() - 1 are all valid.
 */
KOL_API uint32_t kol_metric_count(void);

/**
 * @brief Name of a metric, as in the brackets of ::kol_metric (the CSV
 *        column name of the `kol` command).
 * @param metric a ::kol_metric code.
 * @return a static string, or NULL for a code this version does not know.
 */
KOL_API const char *kol_metric_name(int metric);

/**
 * @brief Look a metric up by name.
 * @param name  the name, as kol_metric_name() gives it.
 * @param[out] out receives the code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT for a NULL pointer,
 *         or ::KOL_STATUS_NOT_FOUND for an unknown name (then @p out is left
 *         as it was).
 */
KOL_API kol_status kol_metric_from_name(const char *name, int32_t *out);

/**
 * @brief The closed interval of values a metric accepts.
 * @param metric the code.
 * @param[out] min receives the smallest accepted value.
 * @param[out] max receives the largest accepted value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT for a NULL pointer,
 *         or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_metric_bounds(int metric, double *min, double *max);

/**
 * @brief Name of a text field ("id", "name", "platform", "category").
 * @param field a ::kol_text code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_text_name(int field);

/**
 * @brief Number of portrait dimensions this library knows.
 * @return the count; codes 0 to kol_dimension_count() - 1 are all valid.
 */
KOL_API uint32_t kol_dimension_count(void);

/**
 * @brief Name of a portrait dimension ("gender", "age", "region",
 *        "interest").
 * @param dimension a ::kol_dimension code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_dimension_name(int dimension);

/**
 * @brief Make an empty record: no text, every metric missing, no portrait.
 * @param ctx the context that allocates it and keeps its errors.
 * @param[out] out receives the record; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_record_new(kol_ctx *ctx, kol_record **out);

/**
 * @brief Free a record. Accepts NULL.
 * @param rec the record, or NULL.
 */
KOL_API void kol_record_free(kol_record *rec);

/**
 * @brief Make an independent copy of a record, in the same context.
 * @param rec the record to copy.
 * @param[out] out receives the copy; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_record_clone(const kol_record *rec, kol_record **out);

/**
 * @brief Set (copy in) or clear a text field.
 * @param rec   the record.
 * @param field a ::kol_text code.
 * @param value the text, or NULL to clear the field.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_BAD_TEXT (empty, longer
 *         than ::KOL_TEXT_MAX_BYTES, control characters or invalid UTF-8),
 *         or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_record_set_text(kol_record *rec, int field,
                                       const char *value);

/**
 * @brief Read a text field.
 * @param rec   the record.
 * @param field a ::kol_text code.
 * @return the text, owned by the record and valid until the field is set
 *         again or the record freed; NULL when the field is not set, the
 *         code is unknown or @p rec is NULL.
 */
KOL_API const char *kol_record_text(const kol_record *rec, int field);

/**
 * @brief Set one metric.
 * @param rec    the record.
 * @param metric a ::kol_metric code.
 * @param value  the value, within kol_metric_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_record_set_metric(kol_record *rec, int metric,
                                         double value);

/**
 * @brief Set several metrics at once, all or nothing.
 *
 * Every pair is checked before any is stored: on error the record is
 * unchanged and the message names the offending position. A code given
 * twice takes the later value.
 *
 * @param rec     the record.
 * @param metrics @p n ::kol_metric codes.
 * @param values  @p n values.
 * @param n       number of pairs; 0 is accepted and does nothing.
 * @return as kol_record_set_metric().
 */
KOL_API kol_status kol_record_set_metrics(kol_record *rec,
                                          const int32_t *metrics,
                                          const double *values, size_t n);

/**
 * @brief Make a metric missing again.
 * @param rec    the record.
 * @param metric a ::kol_metric code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_record_clear_metric(kol_record *rec, int metric);

/**
 * @brief Whether a metric is set.
 * @param rec    the record.
 * @param metric a ::kol_metric code.
 * @return 1 when set, 0 when missing, unknown, or @p rec is NULL.
 */
KOL_API int kol_record_has_metric(const kol_record *rec, int metric);

/**
 * @brief Read one metric.
 * @param rec    the record.
 * @param metric a ::kol_metric code.
 * @param[out] out receives the value; left as it was unless the call
 *                 succeeds.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, or ::KOL_STATUS_MISSING.
 */
KOL_API kol_status kol_record_get_metric(const kol_record *rec, int metric,
                                         double *out);

/**
 * @brief Read several metrics into a caller array; a missing metric is
 *        written as a quiet NaN (a record never holds NaN as a value: the
 *        setters refuse it, so here NaN means "missing" and nothing
 *        else).
 * @param rec     the record.
 * @param metrics @p n ::kol_metric codes.
 * @param[out] values receives @p n values.
 * @param n       number of codes.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM (then @p values is left as it was).
 */
KOL_API kol_status kol_record_get_metrics(const kol_record *rec,
                                          const int32_t *metrics,
                                          double *values, size_t n);

/**
 * @brief Set (replace) one dimension of the audience portrait.
 *
 * Weights are shares in any unit (fractions, percentages or counts): they
 * are stored divided by their sum, so the stored shares sum to 1. Labels are
 * text as for kol_record_set_text() and unique within the call. Passing
 * @p n = 0 clears the dimension.
 *
 * @param rec     the record.
 * @param dimension a ::kol_dimension code.
 * @param labels  @p n category labels (for example "female", "18-24").
 * @param weights @p n weights, each finite and >= 0, with a positive sum.
 * @param n       number of categories, at most
 *                ::KOL_PORTRAIT_MAX_CATEGORIES.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL arrays with
 *         n > 0, weights summing to 0), ::KOL_STATUS_UNKNOWN_ENUM,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE (a negative
 *         weight), ::KOL_STATUS_BAD_TEXT, ::KOL_STATUS_DUPLICATE (a label
 *         given twice), ::KOL_STATUS_TOO_LARGE, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_record_set_portrait(kol_record *rec, int dimension,
                                           const char *const *labels,
                                           const double *weights, size_t n);

/**
 * @brief Number of categories in one portrait dimension.
 * @param rec       the record.
 * @param dimension a ::kol_dimension code.
 * @return the count; 0 when unset, unknown or @p rec is NULL.
 */
KOL_API size_t kol_record_portrait_size(const kol_record *rec, int dimension);

/**
 * @brief Read one category of a portrait dimension, in the order given.
 * @param rec       the record.
 * @param dimension a ::kol_dimension code.
 * @param index     position, below kol_record_portrait_size().
 * @param[out] label receives the label, owned by the record (may be NULL).
 * @param[out] share receives the normalized share (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, or ::KOL_STATUS_NOT_FOUND when
 *         @p index is out of range.
 */
KOL_API kol_status kol_record_portrait_at(const kol_record *rec,
                                          int dimension, size_t index,
                                          const char **label, double *share);

/**
 * @brief The normalized share of one category, found by label.
 * @param rec       the record.
 * @param dimension a ::kol_dimension code.
 * @param label     the category.
 * @param[out] share receives the share.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_MISSING when the dimension
 *         is not set, or ::KOL_STATUS_NOT_FOUND when the label is absent
 *         from a set dimension.
 */
KOL_API kol_status kol_record_portrait_share(const kol_record *rec,
                                             int dimension, const char *label,
                                             double *share);

#ifdef __cplusplus
}
#endif

#endif /* KOL_RECORD_H */
