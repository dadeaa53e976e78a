/**
 * @file kol/sanity.h
 * @brief Engagement sanity: is an account's engagement plausible for its
 *        size, and does its daily follower series hold growth spikes?
 *
 * Each finding is a ::kol_sanity_verdict code with a static reason text
 * (kol_sanity_reason()), the value observed and the benchmark it was
 * compared with. The benchmarks and rules are documented, with their
 * sources, in docs/model-traffic.md ("Engagement sanity").
 */
#ifndef KOL_SANITY_H
#define KOL_SANITY_H

#include "kol/core.h"
#include "kol/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque set of sanity rules and benchmarks. */
typedef struct kol_sanity kol_sanity;

/**
 * @brief Findings. Values are never renumbered or reused; 0 is "nothing
 *        found".
 */
typedef enum kol_sanity_verdict {
    /** Nothing found. */
    KOL_SANITY_NONE = 0,
    /** Engagement rate far below the benchmark of the size band. */
    KOL_SANITY_ENGAGEMENT_TOO_LOW = 1,
    /** Engagement rate far above the benchmark of the size band. */
    KOL_SANITY_ENGAGEMENT_TOO_HIGH = 2,
    /** Likes far above views. */
    KOL_SANITY_LIKES_ABOVE_VIEWS = 3,
    /** Likes with almost no comments. */
    KOL_SANITY_COMMENTS_TOO_FEW = 4,
    /** Comments far above likes. */
    KOL_SANITY_COMMENTS_TOO_MANY = 5,
    /** Views far below followers. */
    KOL_SANITY_VIEWS_TOO_LOW = 6,
    /** Following far more accounts than follow it. */
    KOL_SANITY_FOLLOWING_TOO_HIGH = 7,
    /** A day of follower growth far above the usual. */
    KOL_SANITY_FOLLOWER_SPIKE = 8,
    /** A day of follower loss far beyond the usual. */
    KOL_SANITY_FOLLOWER_DROP = 9
} kol_sanity_verdict;

/**
 * @brief Size bands by followers. Values are never renumbered or reused.
 */
typedef enum kol_size_band {
    /** Below 1,000 followers. */
    KOL_SIZE_SMALL = 0,
    /** 1,000 to 4,999 followers. */
    KOL_SIZE_NANO = 1,
    /** 5,000 to 19,999. */
    KOL_SIZE_MICRO = 2,
    /** 20,000 to 99,999. */
    KOL_SIZE_MID = 3,
    /** 100,000 to 999,999. */
    KOL_SIZE_MACRO = 4,
    /** 1,000,000 and more. */
    KOL_SIZE_MEGA = 5
} kol_size_band;

/** Number of size bands. */
#define KOL_SIZE_BAND_COUNT 6

/**
 * @brief Parameters. Values are never renumbered or reused; defaults
 *        beside each, bounds from kol_sanity_param_bounds().
 */
typedef enum kol_sanity_param {
    /** Robust z beyond which the engagement rate is judged too low or too
     *  high, [1, 20]. Default 2.5. */
    KOL_SANITY_PARAM_ENGAGEMENT_Z = 0,
    /** Spread of ln(engagement rate) within a size band (a robust standard
     *  deviation), [0.05, 5]. Default 0.8. */
    KOL_SANITY_PARAM_ENGAGEMENT_SPREAD = 1,
    /** Largest plausible likes / views, [0.01, 10]. Default 0.5. */
    KOL_SANITY_PARAM_LIKE_VIEW_MAX = 2,
    /** Smallest plausible comments / likes, [0, 1], at most
     *  ::KOL_SANITY_PARAM_COMMENT_LIKE_MAX. Default 0.002. */
    KOL_SANITY_PARAM_COMMENT_LIKE_MIN = 3,
    /** Largest plausible comments / likes, [0.01, 100], at least
     *  ::KOL_SANITY_PARAM_COMMENT_LIKE_MIN. Default 0.5. */
    KOL_SANITY_PARAM_COMMENT_LIKE_MAX = 4,
    /** Smallest plausible views / followers, [0, 1]. Default 0.01. */
    KOL_SANITY_PARAM_VIEW_FOLLOWER_MIN = 5,
    /** Largest plausible following / followers, [0.1, 1000]. Default 2. */
    KOL_SANITY_PARAM_FOLLOWING_RATIO_MAX = 6,
    /** Robust z of a day's growth beyond which it is a spike or a drop,
     *  [1, 100]. Default 5. */
    KOL_SANITY_PARAM_SPIKE_Z = 7,
    /** Known past daily growths the spike baseline looks at (the last
     *  ones, skipping days whose growth is unknown), integral, [3, 365].
     *  Default 14. */
    KOL_SANITY_PARAM_SPIKE_WINDOW = 8,
    /** Smallest excess growth (followers) for a spike or a drop,
     *  [0, 1e15]. Default 50. */
    KOL_SANITY_PARAM_SPIKE_MIN_ABS = 9,
    /** Smallest excess growth as a share of the followers the day before,
     *  [0, 1]. Default 0.01. */
    KOL_SANITY_PARAM_SPIKE_MIN_REL = 10,
    /** Smallest number of past daily growths known before a day can be
     *  judged, integral, [2, 365]. Default 7. Capped at
     *  ::KOL_SANITY_PARAM_SPIKE_WINDOW: a window of W growths never holds
     *  more than W, so a larger value counts as W. */
    KOL_SANITY_PARAM_SPIKE_MIN_HISTORY = 11
} kol_sanity_param;

/** Number of parameter codes this version knows. */
#define KOL_SANITY_PARAM_COUNT 12

/**
 * @brief The reason text of a verdict, e.g. "engagement far too low for
 *        its size: inactive or bought followers".
 * @param verdict a ::kol_sanity_verdict code.
 * @return a static string; NULL for an unknown code.
 */
KOL_API const char *kol_sanity_reason(int verdict);

/**
 * @brief The size band of an account with @p followers followers.
 * @param followers the number of followers.
 * @return a ::kol_size_band code; ::KOL_SIZE_SMALL for negative or
 *         non-finite input.
 */
KOL_API int32_t kol_size_band_of(double followers);

/**
 * @brief Bounds and default of a parameter.
 * @param param a ::kol_sanity_param code.
 * @param[out] min receives the smallest value (may be NULL).
 * @param[out] max receives the largest value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_sanity_param_bounds(int param, double *min,
                                           double *max,
                                           double *default_value);

/**
 * @brief Make a rule set with the documented default benchmarks.
 * @param ctx the context.
 * @param[out] out receives the rule set; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_sanity_new(kol_ctx *ctx, kol_sanity **out);

/**
 * @brief Free a rule set. Accepts NULL.
 * @param s the rule set, or NULL.
 */
KOL_API void kol_sanity_free(kol_sanity *s);

/**
 * @brief Set a parameter.
 * @param s     the rule set.
 * @param param a ::kol_sanity_param code.
 * @param value the value, within kol_sanity_param_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL),
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE (outside the bounds, not an integer
 *         where one is required, or a comments-per-like minimum above the
 *         maximum set, or a maximum below the minimum: set the other one
 *         first).
 */
KOL_API kol_status kol_sanity_set_param(kol_sanity *s, int param,
                                        double value);

/**
 * @brief Read a parameter.
 * @param s     the rule set.
 * @param param a ::kol_sanity_param code.
 * @param[out] value receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_sanity_get_param(const kol_sanity *s, int param,
                                        double *value);

/**
 * @brief Replace the typical engagement rate ((likes + comments) per post /
 *        followers) of a size band, for a platform or a year the defaults
 *        do not fit.
 *
 * The check uses the rate as the band's median: the centre of ln(rate),
 * around which the limits lie (docs/model-traffic.md). The default rates
 * are the source's averages per tier, used as medians as they are; with
 * a log-normal spread of 0.8 an average is about 1.38 times the median.
 *
 * @param s      the rule set.
 * @param band   a ::kol_size_band code.
 * @param median_rate the typical rate, used as the median, in [1e-6, 10].
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_sanity_set_benchmark(kol_sanity *s, int band,
                                            double median_rate);

/**
 * @brief Read the typical engagement rate of a size band (the rate the
 *        check uses as the band's median).
 * @param s      the rule set.
 * @param band   a ::kol_size_band code.
 * @param[out] median_rate receives the rate.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_sanity_benchmark(const kol_sanity *s, int band,
                                        double *median_rate);

/**
 * @brief Check an account's engagement against the benchmarks.
 *
 * Reads the record's metrics followers, following, avg_views, avg_likes
 * and avg_comments; a check whose metrics are missing is not made. The
 * engagement-rate check needs followers (above 0) and avg_likes;
 * avg_comments is added when present, and when it is missing the rate is
 * avg_likes / followers (without avg_likes the check is not made, whatever
 * the comments). Writes up to @p capacity findings, in the order of
 * ::kol_sanity_verdict codes; @p count receives how many there are in all
 * (0: nothing implausible).
 *
 * @param s        the rule set.
 * @param rec      the account.
 * @param[out] verdicts  receives verdict codes (may be NULL if capacity 0).
 * @param[out] observed  receives the value judged (may be NULL): the
 *                 engagement rate or the ratio of the check, capped at
 *                 DBL_MAX (a ratio over a denormal count stays finite);
 *                 where the ratio's denominator is 0 (likes with 0 views,
 *                 comments with 0 likes), the numerator count itself;
 *                 following against followers divides by
 *                 max(followers, 1).
 * @param[out] expected  receives the benchmark it was judged against (may
 *                 be NULL): the band's typical rate (used as its median)
 *                 or the ratio's limit.
 * @param capacity room in the output arrays.
 * @param[out] count receives the number of findings.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_MISSING (no check could be made: every rule lacks
 *         a metric it needs, or the metric is zero, or, for views against
 *         followers, the account has fewer than 1,000 followers).
 */
KOL_API kol_status kol_sanity_check(const kol_sanity *s,
                                    const kol_record *rec, int32_t *verdicts,
                                    double *observed, double *expected,
                                    size_t capacity, size_t *count);

/**
 * @brief Find growth spikes and drops in a daily follower series.
 *
 * Day t's growth g_t = f_t - f_(t-1); it is judged against the median and
 * the median absolute deviation of the last ::KOL_SANITY_PARAM_SPIKE_WINDOW
 * known growths before it (docs/model-traffic.md), however many days they
 * span. NaN marks a day without a count (the only meaning NaN has in the
 * series): the growths that need it are unknown, and a gap is skipped
 * rather than emptying the window.
 *
 * @param s         the rule set.
 * @param followers @p n daily counts, oldest first.
 * @param n         days.
 * @param[out] verdicts receives @p n codes: ::KOL_SANITY_NONE,
 *                  ::KOL_SANITY_FOLLOWER_SPIKE or ::KOL_SANITY_FOLLOWER_DROP.
 * @param[out] z    receives @p n robust z scores of the growth, 0 where a
 *                  day cannot be judged (may be NULL).
 * @param[out] spikes receives the number of spikes and drops (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE (an infinity), ::KOL_STATUS_OUT_OF_RANGE
 *         (a negative count or one above 2^53), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_sanity_follower_spikes(const kol_sanity *s,
                                              const double *followers,
                                              size_t n, int32_t *verdicts,
                                              double *z, size_t *spikes);

#ifdef __cplusplus
}
#endif

#endif /* KOL_SANITY_H */
