/**
 * @file kol/cost.h
 * @brief Cost history: mergeable quantile summaries of CPM, CPE, CPA and
 *        price by platform, tier and category, built from past deliveries;
 *        percentile and fair price range of a new quote; a versioned,
 *        checksummed byte format so hosts can pool histories.
 *
 * A ::kol_cost_history keeps, for every (platform, tier, category) cell, one
 * DDSketch (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", PVLDB 12(12), 2019) per
 * ::kol_cost_measure. Every quantile it returns lies within a relative error
 * @c alpha of the true quantile (up to floating-point rounding in the
 * bucket index and the bucket's value: at most a relative 2e-12 of alpha
 * at alpha 0.001, less at larger alpha; values below 1e-6 within 1e-6
 * absolute; docs/model-roi.md, "Cost benchmarks").
 * Merging is exact: merging two histories gives bit for bit the history
 * built from all their deliveries.
 */
#ifndef KOL_COST_H
#define KOL_COST_H

#include "kol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque cost history. See kol_cost_history_new(). */
typedef struct kol_cost_history kol_cost_history;

/** Smallest relative accuracy accepted by kol_cost_history_new(). */
#define KOL_COST_ALPHA_MIN 0.001
/** Largest relative accuracy accepted by kol_cost_history_new(). */
#define KOL_COST_ALPHA_MAX 0.1
/** Default relative accuracy (1%). */
#define KOL_COST_ALPHA_DEFAULT 0.01
/** Positive values below this are counted as zero (absolute error below
 *  it). */
#define KOL_COST_MIN_VALUE 1e-6
/** Most cells (platform, tier, category triples) a history holds. */
#define KOL_COST_MAX_CELLS 1000000u
/** Current version of the serialized format. */
#define KOL_COST_FORMAT_VERSION 1u

/**
 * @brief What a summary measures. Values are never renumbered or reused.
 */
typedef enum kol_cost_measure {
    /** [cpm] Cost per thousand exposures: 1000 * cost / exposure; recorded
     *  only for deliveries with exposure > 0. */
    KOL_COST_MEASURE_CPM = 0,
    /** [cpe] Cost per engagement: cost / engagements; recorded only for
     *  deliveries with engagements > 0. */
    KOL_COST_MEASURE_CPE = 1,
    /** [cpa] Cost per order (acquisition): cost / orders; recorded only
     *  for deliveries with orders > 0. */
    KOL_COST_MEASURE_CPA = 2,
    /** [price] The price paid for the delivery (its cost). */
    KOL_COST_MEASURE_PRICE = 3
} kol_cost_measure;

/**
 * @brief What the fair range of kol_cost_history_quote() was built from.
 *        Values are never renumbered or reused.
 */
typedef enum kol_cost_basis {
    /** From the CPM summary scaled by the planned exposure. */
    KOL_COST_BASIS_CPM = 0,
    /** From the price summary (no exposure given, or no CPM history). */
    KOL_COST_BASIS_PRICE = 1
} kol_cost_basis;

/**
 * @brief Name of a measure ("cpm", "cpe", "cpa", "price").
 * @param measure a ::kol_cost_measure.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_cost_measure_name(int measure);

/**
 * @brief Make an empty cost history.
 * @param ctx   the context.
 * @param alpha relative accuracy of every summary, in
 *              [::KOL_COST_ALPHA_MIN, ::KOL_COST_ALPHA_MAX]; histories
 *              merge only when their alpha is identical.
 * @param[out] out receives the history; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_new(kol_ctx *ctx, double alpha,
                                        kol_cost_history **out);

/**
 * @brief Free a history. Accepts NULL.
 * @param hist the history.
 */
KOL_API void kol_cost_history_free(kol_cost_history *hist);

/**
 * @brief The relative accuracy the history was made with.
 * @param hist the history.
 * @return alpha; 0 for NULL.
 */
KOL_API double kol_cost_history_alpha(const kol_cost_history *hist);

/**
 * @brief Number of (platform, tier, category) cells.
 * @param hist the history.
 * @return the number; 0 for NULL.
 */
KOL_API size_t kol_cost_history_cells(const kol_cost_history *hist);

/**
 * @brief Add one past delivery (incremental update), all or nothing.
 *
 * The price summary gets @p cost; CPM, CPE and CPA summaries get their
 * ratio when its denominator is positive (a zero denominator means "not
 * measured" and records nothing for that measure).
 *
 * @param hist        the history.
 * @param platform    platform label (text rules of ::KOL_TEXT_MAX_BYTES).
 * @param tier        tier label.
 * @param category    category label, or NULL / "" for none (stored as "").
 * @param cost        amount paid, in [0, 2^53].
 * @param exposure    impressions (or views when impressions are unknown),
 *                    in [0, 2^53]; 0 when unknown.
 * @param engagements likes + comments + shares + saves, in [0, 2^53]; 0
 *                    when unknown.
 * @param orders      orders, in [0, 2^53]; 0 when unknown.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_BAD_TEXT, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_TOO_LARGE (more than
 *         ::KOL_COST_MAX_CELLS cells, or a summary of the cell that
 *         already holds 2^64 - 1 values, as deserialized bytes may), or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_add(kol_cost_history *hist,
                                        const char *platform,
                                        const char *tier,
                                        const char *category, double cost,
                                        double exposure, double engagements,
                                        double orders);

/**
 * @brief Merge @p src into @p dst (pooling across hosts), all or nothing.
 *
 * Exact: the result is the history that adding the deliveries of both
 * would have built (same bytes from kol_cost_history_serialize()).
 *
 * @param dst the history that receives.
 * @param src the history added; unchanged.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_MISMATCH (different alpha), ::KOL_STATUS_TOO_LARGE
 *         (more than ::KOL_COST_MAX_CELLS cells, or a summary would hold
 *         more than 2^64 - 1 values), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_merge(kol_cost_history *dst,
                                          const kol_cost_history *src);

/**
 * @brief Number of values a summary holds.
 * @param hist     the history.
 * @param platform platform label.
 * @param tier     tier label.
 * @param category category label, "" for the deliveries added without one, or NULL for all categories pooled.
 * @param measure  a ::kol_cost_measure.
 * @param[out] count receives the number (0 when the cell is absent).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_TOO_LARGE (pooled
 *         categories hold more than 2^64 - 1 values in all), or
 *         ::KOL_STATUS_NOMEM (pooling categories allocates).
 */
KOL_API kol_status kol_cost_history_count(const kol_cost_history *hist,
                                          const char *platform,
                                          const char *tier,
                                          const char *category, int measure,
                                          uint64_t *count);

/**
 * @brief A quantile of a summary, within relative error alpha: at rank
 *        r = q (n - 1), the estimates of the values of ranks floor(r) and
 *        floor(r) + 1 (0-based) interpolated linearly (numpy's default
 *        definition; docs/model-roi.md, "Cost benchmarks").
 * @param hist     the history.
 * @param platform platform label.
 * @param tier     tier label.
 * @param category category label, "" for the deliveries added without one, or NULL for all categories pooled.
 * @param measure  a ::kol_cost_measure.
 * @param q        quantile level in [0, 1].
 * @param[out] value receives the estimate.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE (q outside [0, 1]),
 *         ::KOL_STATUS_EMPTY (no value in the summary),
 *         ::KOL_STATUS_TOO_LARGE (pooled categories hold more than
 *         2^64 - 1 values in all), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_quantile(const kol_cost_history *hist,
                                             const char *platform,
                                             const char *tier,
                                             const char *category,
                                             int measure, double q,
                                             double *value);

/**
 * @brief The percentile rank of a value in a summary, in [0, 1]:
 *        (values in lower buckets + half of those in the value's bucket)
 *        / n.
 * @param hist     the history.
 * @param platform platform label.
 * @param tier     tier label.
 * @param category category label, "" for the deliveries added without one, or NULL for all categories pooled.
 * @param measure  a ::kol_cost_measure.
 * @param value    the value to rank, in [0, 1e19].
 * @param[out] rank receives the percentile rank.
 * @return as kol_cost_history_quantile(); ::KOL_STATUS_OUT_OF_RANGE for a
 *         value outside [0, 1e19].
 */
KOL_API kol_status kol_cost_history_percentile(const kol_cost_history *hist,
                                               const char *platform,
                                               const char *tier,
                                               const char *category,
                                               int measure, double value,
                                               double *rank);

/**
 * @brief Judge a new quote against the history.
 *
 * With @p exposure > 0 and a non-empty CPM summary, the quote's CPM
 * (1000 * quote / exposure) is ranked in the CPM summary and the fair range
 * is the CPM quantiles at @p q_low, 0.5 and @p q_high times exposure / 1000
 * (basis ::KOL_COST_BASIS_CPM). Otherwise the quote is ranked among past
 * prices and the range is the price quantiles (::KOL_COST_BASIS_PRICE).
 *
 * @param hist       the history.
 * @param platform   platform label.
 * @param tier       tier label.
 * @param category   category label, "" for the deliveries added without one, or NULL for all categories pooled.
 * @param quote      the quoted price, in [0, 2^53].
 * @param exposure   planned exposure, in [0, 2^53], in the unit of the
 *                   history's CPMs (kol_cost_history_add: impressions, or
 *                   views for a delivery without them; a host that feeds
 *                   views gives planned views); 0 if unknown.
 * @param q_low      lower quantile level of the fair range, in [0, 0.5].
 * @param q_high     upper quantile level, in [0.5, 1].
 * @param[out] percentile receives the quote's percentile rank in [0, 1]
 *                   (high: expensive).
 * @param[out] low   receives the low end of the fair price range.
 * @param[out] mid   receives the median fair price.
 * @param[out] high  receives the high end.
 * @param[out] basis receives a ::kol_cost_basis.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE,
 *         ::KOL_STATUS_EMPTY (neither summary holds a value),
 *         ::KOL_STATUS_TOO_LARGE (pooled categories hold more than
 *         2^64 - 1 values in all), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_quote(const kol_cost_history *hist,
                                          const char *platform,
                                          const char *tier,
                                          const char *category, double quote,
                                          double exposure, double q_low,
                                          double q_high, double *percentile,
                                          double *low, double *mid,
                                          double *high, int32_t *basis);

/**
 * @brief Serialize the history (format ::KOL_COST_FORMAT_VERSION,
 *        little-endian, XXH3-64 checksum; layout in docs/model-roi.md).
 *
 * Call with @p buf NULL to learn the size: @p needed is always set.
 * Equal histories give equal bytes, whatever the order of their deliveries
 * and merges.
 *
 * @param hist   the history.
 * @param buf    destination, or NULL to ask only for the size.
 * @param cap    bytes available at @p buf.
 * @param[out] needed receives the size of the serialized form.
 * @return ::KOL_STATUS_OK (bytes written, or size given when @p buf is
 *         NULL), ::KOL_STATUS_INVALID_ARGUMENT, or ::KOL_STATUS_TOO_LARGE
 *         (@p cap below @p needed; nothing written).
 */
KOL_API kol_status kol_cost_history_serialize(const kol_cost_history *hist,
                                              uint8_t *buf, size_t cap,
                                              size_t *needed);

/**
 * @brief Read a serialized history. Safe on hostile bytes: every length,
 *        count, label and number is checked before use.
 * @param ctx the context.
 * @param buf the bytes.
 * @param len their number.
 * @param[out] out receives the new history; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_CORRUPT (bad magic, truncated, checksum mismatch,
 *         inconsistent content), ::KOL_STATUS_VERSION, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_cost_history_deserialize(kol_ctx *ctx,
                                                const uint8_t *buf,
                                                size_t len,
                                                kol_cost_history **out);

#ifdef __cplusplus
}
#endif

#endif /* KOL_COST_H */
