/**
 * @file kol/value.h
 * @brief The KOL value model: communication, fan and conversion value from
 *        documented sub-metrics, normalized against a reference cohort and
 *        within follower-size bands, with empirical-Bayes shrinkage of
 *        per-post rates, goal presets, renormalization over missing
 *        metrics, per-metric contributions that sum to the total, and a
 *        batch call over caller-owned columns.
 *
 * Every formula, its source and a worked example are in the model
 * reference, docs/model-value.md. In short, for each record and each
 * sub-metric m that is present and has a positive weight:
 *
 *     t_m = transform of the raw value (log for counts and rates)
 *     t~_m = shrunk toward the band prior when m is a per-post average
 *     z_m = (t~_m - loc) / scale     (robust: median and 1.4826 MAD of the
 *                                     reference, by band where configured)
 *     u_m = 1 / (1 + exp(-z_m))     (in (0, 1); absolute metrics use the
 *                                     value itself, clamped to [0, 1])
 *     contribution_m = 100 * (W_c / sum W over present components)
 *                          * (w_m / sum w over present metrics of c) * u_m
 *                      (in code order, the last ones capped so that the
 *                       running sum never rounds above 100)
 *     total = sum of contributions (0 to 100)
 *
 * Results are deterministic: the same input gives bit-identical output,
 * and the order of the rows never changes any score (the reference
 * statistics are order statistics).
 */
#ifndef KOL_VALUE_H
#define KOL_VALUE_H

#include "kol/roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque value model: weights, parameters, bands, target
 *         portrait, custom sub-metrics and an optional stored reference. */
typedef struct kol_value_model kol_value_model;

/** @brief An opaque set of scores of a roster, with its ranking. */
typedef struct kol_value_result kol_value_result;

/** Number of values per row in the output of the scoring calls
 *  (::kol_value_out). */
#define KOL_VALUE_OUT_COUNT 6
/** Most follower-band edges (so at most 16 bands). */
#define KOL_VALUE_MAX_BAND_EDGES 15
/** Most custom sub-metrics one model holds. */
#define KOL_VALUE_MAX_CUSTOM 32

/**
 * @brief Campaign goals: weight presets. Values are never renumbered or
 *        reused.
 */
typedef enum kol_value_goal {
    /** Equal component weights (1/3 each). */
    KOL_VALUE_GOAL_BALANCED = 0,
    /** Acquisition (拉新): reach-heavy; components 0.60 / 0.25 / 0.15. */
    KOL_VALUE_GOAL_ACQUISITION = 1,
    /** Activation (促活): engagement-heavy; components 0.15 / 0.70 /
     *  0.15. */
    KOL_VALUE_GOAL_ACTIVATION = 2,
    /** Conversion (转付费): conversion-heavy; components 0.10 / 0.25 /
     *  0.65. */
    KOL_VALUE_GOAL_CONVERSION = 3
} kol_value_goal;

/** @brief The three components. Values are never renumbered or reused. */
typedef enum kol_value_component {
    /** Communication value: reach and spread. */
    KOL_VALUE_COMPONENT_COMMUNICATION = 0,
    /** Fan value: engagement, audience quality and match. */
    KOL_VALUE_COMPONENT_FAN = 1,
    /** Conversion value: clicks, orders, revenue, cost, credit. */
    KOL_VALUE_COMPONENT_CONVERSION = 2
} kol_value_component;

/**
 * @brief How a sub-metric is normalized. Values are never renumbered or
 *        reused.
 */
typedef enum kol_value_norm {
    /** Robust z against the whole reference cohort, then logistic. */
    KOL_VALUE_NORM_COHORT = 0,
    /** Robust z against the record's follower band of the reference
     *  (blended with the cohort by ::KOL_VALUE_PARAM_BAND_PRIOR_N), then
     *  logistic. */
    KOL_VALUE_NORM_BAND = 1,
    /** The value is already a score in [0, 1] (clamped), not compared
     *  with anyone. */
    KOL_VALUE_NORM_ABSOLUTE = 2
} kol_value_norm;

/**
 * @brief Built-in sub-metrics (codes 0 to 17). Custom sub-metrics added
 *        with kol_value_model_add_metric() take the codes after them.
 *        Values are never renumbered or reused. E = avg_likes +
 *        avg_comments + avg_shares + avg_saves (those present).
 */
typedef enum kol_value_metric {
    /** [reach] ln(1 + followers). Communication, cohort. */
    KOL_VALUE_METRIC_REACH = 0,
    /** [avg_views] ln(1 + avg_views), shrunk. Communication, cohort. */
    KOL_VALUE_METRIC_AVG_VIEWS = 1,
    /** [view_rate] ln(avg_views / followers + eps), shrunk.
     *  Communication, band. */
    KOL_VALUE_METRIC_VIEW_RATE = 2,
    /** [share_rate] ln(avg_shares / avg_views + eps), shrunk.
     *  Communication, band. */
    KOL_VALUE_METRIC_SHARE_RATE = 3,
    /** [activity] ln(1 + posts_30d). Communication, cohort. */
    KOL_VALUE_METRIC_ACTIVITY = 4,
    /** [growth] follower_growth_30d / max(followers - growth, 1).
     *  Communication, band. */
    KOL_VALUE_METRIC_GROWTH = 5,
    /** [er_view] ln(E / avg_views + eps), shrunk. Fan, band. */
    KOL_VALUE_METRIC_ER_VIEW = 6,
    /** [er_follower] ln(E / followers + eps), shrunk. Fan, band. */
    KOL_VALUE_METRIC_ER_FOLLOWER = 7,
    /** [comment_depth] ln(avg_comments / avg_likes + eps), shrunk. Fan,
     *  band. */
    KOL_VALUE_METRIC_COMMENT_DEPTH = 8,
    /** [authenticity] real_follower_ratio. Fan, absolute. */
    KOL_VALUE_METRIC_AUTHENTICITY = 9,
    /** [portrait_match] histogram intersection with the target portrait.
     *  Fan, absolute. */
    KOL_VALUE_METRIC_PORTRAIT_MATCH = 10,
    /** [loyalty] fan_loyalty. Fan, absolute. */
    KOL_VALUE_METRIC_LOYALTY = 11,
    /** [ctr] ln(clicks / hist_views + eps). Conversion, band. */
    KOL_VALUE_METRIC_CTR = 12,
    /** [cvr] ln(orders / clicks + eps). Conversion, cohort. */
    KOL_VALUE_METRIC_CVR = 13,
    /** [rpm] ln(1 + 1000 revenue / hist_views). Conversion, cohort. */
    KOL_VALUE_METRIC_RPM = 14,
    /** [roi] (revenue - hist_cost) / hist_cost. Conversion, cohort. */
    KOL_VALUE_METRIC_ROI = 15,
    /** [cost_effectiveness] ln(avg_views / price + eps) (expected views
     *  per unit of price), shrunk. Conversion, cohort. */
    KOL_VALUE_METRIC_COST_EFFECTIVENESS = 16,
    /** [credit] on_time_rate * (cooperations - disputes + 1) /
     *  (cooperations + 2). Conversion, absolute. */
    KOL_VALUE_METRIC_CREDIT = 17
} kol_value_metric;

/** @brief The values per row of the scoring calls, in this order. Values
 *         are never renumbered or reused. */
typedef enum kol_value_out {
    /** Total score, 0 to 100: the sum of the contributions. */
    KOL_VALUE_OUT_TOTAL = 0,
    /** Communication sub-score, 0 to 100 (0 when absent). */
    KOL_VALUE_OUT_COMMUNICATION = 1,
    /** Fan sub-score, 0 to 100 (0 when absent). */
    KOL_VALUE_OUT_FAN = 2,
    /** Conversion sub-score, 0 to 100 (0 when absent). */
    KOL_VALUE_OUT_CONVERSION = 3,
    /** Confidence, 0 to 1: the share of the configured weight whose
     *  metric was present. */
    KOL_VALUE_OUT_CONFIDENCE = 4,
    /** Total score per unit of price (total / price, at most 1e300, the
     *  clamp of every quotient of the model: a price below about 1e-298
     *  gives 1e300); 0 when the price is missing or 0. */
    KOL_VALUE_OUT_VALUE_PER_COST = 5
} kol_value_out;

/**
 * @brief Column codes of the batch calls beyond the ::kol_metric codes
 *        (0 .. kol_metric_count() - 1). Values are never renumbered or
 *        reused.
 */
typedef enum kol_value_column {
    /** A precomputed portrait match in [0, 1] (the record path computes it
     *  from the portraits). */
    KOL_VALUE_COLUMN_PORTRAIT_MATCH = 64,
    /** Custom sub-metric k (in the order added) has column 65 + k. */
    KOL_VALUE_COLUMN_CUSTOM_BASE = 65
} kol_value_column;

/**
 * @brief Model parameters. Values are never renumbered or reused; bounds
 *        and defaults from kol_value_param_bounds().
 */
typedef enum kol_value_param {
    /** Weight of the communication component. Default 1 (balanced goal;
     *  the goal presets set 0.60 / 0.15 / 0.10); [0, 1e6]. */
    KOL_VALUE_PARAM_WEIGHT_COMMUNICATION = 0,
    /** Weight of the fan component. Default 1; [0, 1e6]. */
    KOL_VALUE_PARAM_WEIGHT_FAN = 1,
    /** Weight of the conversion component. Default 1; [0, 1e6]. */
    KOL_VALUE_PARAM_WEIGHT_CONVERSION = 2,
    /** Pseudo-count k with which band statistics are blended with the
     *  cohort's: (n_b x_b + k x_all) / (n_b + k). Default 20; [0, 1e9]. */
    KOL_VALUE_PARAM_BAND_PRIOR_N = 3,
    /** sigma_w, log-scale standard deviation of one post's value around
     *  the account's mean (the within-account noise of the empirical-Bayes
     *  shrinkage). Default 1.5; [0.01, 10]. */
    KOL_VALUE_PARAM_POST_LOG_SD = 4,
    /** Floor of the between-account prior variance, as a fraction of the
     *  band's robust variance. Default 0.1; [0, 1]. */
    KOL_VALUE_PARAM_TAU_FLOOR = 5,
    /** eps, the offset in ln(rate + eps). Default 1e-6; [1e-12, 1]. */
    KOL_VALUE_PARAM_RATE_EPSILON = 6,
    /** Weight of the gender dimension in the portrait match. Default 1;
     *  [0, 1e6]. */
    KOL_VALUE_PARAM_DIM_WEIGHT_GENDER = 7,
    /** Weight of the age dimension. Default 1; [0, 1e6]. */
    KOL_VALUE_PARAM_DIM_WEIGHT_AGE = 8,
    /** Weight of the region dimension. Default 1; [0, 1e6]. */
    KOL_VALUE_PARAM_DIM_WEIGHT_REGION = 9,
    /** Weight of the interest dimension. Default 1; [0, 1e6]. */
    KOL_VALUE_PARAM_DIM_WEIGHT_INTEREST = 10,
    /** S, the size of the reference sample: the statistics of a group
     *  (a band, or the whole cohort) of more than S rows are computed from
     *  about S of its rows, chosen by a hash of their contents (never by
     *  position, so row order still changes nothing); smaller groups use
     *  every row, and so does a call whose rows repeat so much that a
     *  sample by content is not a sample of rows; a sub-metric whose
     *  sampled median or scale sits by a tie that could move it has its
     *  statistics from every row, the others keeping the sample (see
     *  the model reference, 2.2). 0 uses every row always (exact,
     *  slower). Default 16384;
     *  [0, 1e9]. */
    KOL_VALUE_PARAM_REFERENCE_SAMPLE = 11
} kol_value_param;

/**
 * @brief Host callback computing a custom sub-metric from a record.
 *
 * It runs inside the model's scoring and reference calls, so it must not
 * change the model: calls that would (setters, scoring, references) are
 * refused with ::KOL_STATUS_BAD_STATE (see @ref kol_callbacks "callbacks").
 * @param user  the pointer given to kol_value_model_add_metric().
 * @param rec   the record (read it with the getters of kol/record.h).
 * @param[out] value   receives the value (finite, within +-1e300; in
 *                     [0, 1] for ::KOL_VALUE_NORM_ABSOLUTE).
 * @param[out] present set to 1 when @p value was computed, 0 when the
 *                     metric is missing for this record (0 on entry).
 * @return 0 to go on; non-zero stops the scoring call, which returns
 *         ::KOL_STATUS_CALLBACK and keeps the code for
 *         kol_ctx_callback_code().
 */
typedef int (*kol_value_metric_fn)(void *user, const kol_record *rec,
                                   double *value, int32_t *present);

/**
 * @brief Bounds and default of a model parameter.
 * @param param a ::kol_value_param code.
 * @param[out] min receives the smallest accepted value (may be NULL).
 * @param[out] max receives the largest accepted value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_value_param_bounds(int param, double *min, double *max,
                                          double *default_value);

/**
 * @brief Name of a built-in sub-metric, as in the brackets of
 *        ::kol_value_metric.
 * @param metric a ::kol_value_metric code.
 * @return a static string, or NULL for a code that is not built in.
 */
KOL_API const char *kol_value_metric_name(int metric);

/**
 * @brief Make a value model with the weights of a goal preset, the
 *        default parameters, the default bands (1K, 10K, 50K, 500K, 1M
 *        followers), no target portrait and no stored reference.
 * @param ctx  the context.
 * @param goal a ::kol_value_goal code.
 * @param[out] out receives the model; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_value_model_new(kol_ctx *ctx, int goal,
                                       kol_value_model **out);

/** @brief Free a model (and its work area). Accepts NULL.
 *  @param model the model, or NULL. */
KOL_API void kol_value_model_free(kol_value_model *model);

/**
 * @brief The model identifier: "kol-value/5:" followed by 16 hexadecimal
 *        digits that hash the whole configuration (weights, norms,
 *        parameters, bands, target portrait, custom metric names, stored
 *        reference). Two models with the same identifier score alike,
 *        as long as their custom metrics' callbacks (known to the
 *        identifier by name only) compute the same values: a host that
 *        changes a callback should change its name. The identifier can
 *        also change with a setting that happens not to change any score
 *        (a dimension weight without a target portrait).
 *        The target portrait enters in a canonical order, each dimension's
 *        labels sorted by their bytes (strcmp) with their normalized
 *        weights, so the identifier does not depend on the order in which
 *        kol_value_model_set_target() received the labels.
 * @param model the model.
 * @return a string owned by the model, valid until the model is next
 *         changed or freed; "" for NULL.
 */
KOL_API const char *kol_value_model_id(const kol_value_model *model);

/**
 * @brief Reset component and sub-metric weights and norms to a goal
 *        preset (parameters other than the component weights, bands,
 *        target, custom metrics and reference are kept; custom metrics
 *        keep their own weights).
 * @param model the model.
 * @param goal  a ::kol_value_goal code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model).
 */
KOL_API kol_status kol_value_model_set_goal(kol_value_model *model, int goal);

/**
 * @brief Set a parameter.
 * @param model the model.
 * @param param a ::kol_value_param code.
 * @param value within kol_value_param_bounds(); a portrait dimension
 *              weight is 0 or at least 1e-300.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, or ::KOL_STATUS_BAD_STATE (called
 *         from a callback of the same model; or a new value of
 *         ::KOL_VALUE_PARAM_BAND_PRIOR_N, ::KOL_VALUE_PARAM_POST_LOG_SD,
 *         ::KOL_VALUE_PARAM_TAU_FLOOR, ::KOL_VALUE_PARAM_RATE_EPSILON,
 *         ::KOL_VALUE_PARAM_REFERENCE_SAMPLE or a portrait dimension
 *         weight while a reference is stored: its statistics were
 *         computed with them; clear it, set the parameter, then store it
 *         again).
 */
KOL_API kol_status kol_value_model_set_param(kol_value_model *model,
                                             int param, double value);

/**
 * @brief Read a parameter.
 * @param model the model.
 * @param param a ::kol_value_param code.
 * @param[out] out receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_value_model_get_param(const kol_value_model *model,
                                             int param, double *out);

/**
 * @brief Set the weight and normalization of a sub-metric (built-in or
 *        custom). A weight of 0 leaves the metric out of the model.
 * @param model  the model.
 * @param metric a sub-metric code, below kol_value_model_metric_count().
 * @param weight finite: 0, or in [1e-300, 1e6].
 * @param norm   a ::kol_value_norm code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model).
 */
KOL_API kol_status kol_value_model_set_metric(kol_value_model *model,
                                              int metric, double weight,
                                              int norm);

/**
 * @brief Read the configuration of a sub-metric.
 * @param model  the model.
 * @param metric a sub-metric code.
 * @param[out] weight    receives its weight (may be NULL).
 * @param[out] norm      receives its ::kol_value_norm (may be NULL).
 * @param[out] component receives its ::kol_value_component (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_value_model_get_metric(const kol_value_model *model,
                                              int metric, double *weight,
                                              int32_t *norm,
                                              int32_t *component);

/** @brief Number of sub-metrics of the model: 18 built-in plus the custom
 *         ones.
 *  @param model the model.
 *  @return the count; 0 for NULL. */
KOL_API uint32_t kol_value_model_metric_count(const kol_value_model *model);

/**
 * @brief Name of a sub-metric of the model (built-in or custom).
 * @param model  the model.
 * @param metric a sub-metric code.
 * @return a string owned by the model or static; NULL for an unknown code.
 */
KOL_API const char *kol_value_model_metric_name(const kol_value_model *model,
                                                int metric);

/**
 * @brief Add a custom sub-metric computed by a host callback.
 *
 * Its value is used as given (no transform, no shrinkage) and normalized
 * as @p norm says. In the batch calls it is read from column
 * ::KOL_VALUE_COLUMN_CUSTOM_BASE + k (k = its code - 18); a batch that
 * gives no such column treats it as missing.
 *
 * Added while the model holds a stored reference, the metric has no
 * statistics in it: normalized against the cohort or the bands, it is then
 * missing from every score (a contribution of 0; its weight still counts
 * in the confidence, which drops) until the reference is stored again;
 * an absolute metric needs no reference and is scored at once. The
 * reference is kept, not refused or cleared: the statistics of the other
 * metrics stay valid.
 *
 * @param model     the model.
 * @param name      its name (text rules of kol/record.h), unique in the
 *                  model.
 * @param component a ::kol_value_component code.
 * @param weight    finite: 0, or in [1e-300, 1e6].
 * @param norm      a ::kol_value_norm code.
 * @param fn        the callback.
 * @param user      passed unchanged to @p fn.
 * @param[out] code receives the sub-metric code (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_BAD_TEXT,
 *         ::KOL_STATUS_DUPLICATE, ::KOL_STATUS_TOO_LARGE (more than
 *         ::KOL_VALUE_MAX_CUSTOM), ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model).
 */
KOL_API kol_status kol_value_model_add_metric(kol_value_model *model,
                                              const char *name, int component,
                                              double weight, int norm,
                                              kol_value_metric_fn fn,
                                              void *user, int32_t *code);

/**
 * @brief Set the follower-band edges used by band normalization and the
 *        shrinkage priors. Band j holds followers in [edge[j-1], edge[j]);
 *        band 0 is below edge[0]; a record without followers uses the
 *        cohort statistics.
 * @param model the model.
 * @param edges strictly increasing, finite, in (0, 2^53].
 * @param n     1 to ::KOL_VALUE_MAX_BAND_EDGES.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, @p n 0,
 *         not increasing), ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE,
 *         ::KOL_STATUS_TOO_LARGE (@p n above ::KOL_VALUE_MAX_BAND_EDGES), or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model;
 *         or edges other than the current ones while a reference is
 *         stored: its statistics are by band; clear it, set the bands,
 *         then store it again).
 */
KOL_API kol_status kol_value_model_set_bands(kol_value_model *model,
                                             const double *edges, size_t n);

/**
 * @brief Set (replace) one dimension of the target audience portrait;
 *        @p n = 0 clears it. Weights are normalized to sum to 1, as
 *        kol_record_set_portrait() does. The model keeps the categories
 *        sorted by label bytes (strcmp), and normalizes in that order: the
 *        order of @p labels changes neither scores nor the model identifier.
 * @param model     the model.
 * @param dimension a ::kol_dimension code.
 * @param labels    @p n distinct labels.
 * @param weights   @p n finite, non-negative weights with a positive sum.
 * @param n         number of categories, at most
 *                  ::KOL_PORTRAIT_MAX_CATEGORIES.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_BAD_TEXT,
 *         ::KOL_STATUS_DUPLICATE, ::KOL_STATUS_TOO_LARGE, ::KOL_STATUS_NOMEM,
 *         or ::KOL_STATUS_BAD_STATE (called from a callback of the same
 *         model; or a target other than the current one, a clearing
 *         included, while a reference is stored: its portrait-match
 *         statistics are against the current target; clear it, set the
 *         target, then store it again). The same target (the same labels
 *         and normalized weights, in any order) is accepted.
 */
KOL_API kol_status kol_value_model_set_target(kol_value_model *model,
                                              int dimension,
                                              const char *const *labels,
                                              const double *weights, size_t n);

/**
 * @brief Portrait match of a record with the model's target: for each
 *        dimension set on both, the histogram intersection
 *        sum_k min(p_k, q_k) (1 - total variation distance), averaged with
 *        the dimension weights.
 * @param model the model.
 * @param rec   the record.
 * @param[out] out receives the match in [0, 1].
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_MISSING (no dimension set on both, or every
 *         dimension set on both has weight 0).
 */
KOL_API kol_status kol_value_portrait_match(const kol_value_model *model,
                                            const kol_record *rec,
                                            double *out);

/**
 * @brief Store a reference cohort taken from a roster: its statistics
 *        (not its records) are kept, and later scoring normalizes against
 *        them instead of against the cohort being scored. NULL clears the
 *        stored reference.
 *
 * The statistics of every sub-metric of the model are kept, whatever its
 * weight and normalization now, so that later weights, normalizations and
 * goals use them: storing asks every custom metric's callback, weightless
 * ones included. A custom metric added later has none
 * (kol_value_model_add_metric()). They are computed with the bands, the target portrait and the
 * parameters band_prior_n, post_log_sd, tau_floor, rate_epsilon,
 * reference_sample and the portrait dimension weights in force now, which
 * cannot change while the reference is stored
 * (kol_value_model_set_bands(), kol_value_model_set_target() and
 * kol_value_model_set_param() refuse with ::KOL_STATUS_BAD_STATE). Absolute metrics do not use it, except
 * that the shrunk ones (per-post averages, docs/model-value.md 2.3) are
 * shrunk toward its band prior before they are clamped.
 * @param model  the model.
 * @param roster the reference roster, or NULL.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_EMPTY, ::KOL_STATUS_CALLBACK (a custom metric
 *         callback stopped), ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE (a custom value out of its domain, or
 *         disputes above cooperations), ::KOL_STATUS_CANCELLED,
 *         ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model); on error the model is unchanged.
 */
KOL_API kol_status kol_value_model_set_reference(kol_value_model *model,
                                                 const kol_roster *roster);

/**
 * @brief Store a reference cohort given as columns (see
 *        kol_value_score_columns() for the column layout).
 * @param model     the model.
 * @param columns   column pointers, each to @p n_rows doubles.
 * @param n_columns length of @p columns.
 * @param n_rows    number of rows, at least 1.
 * @return as kol_value_score_columns(), plus ::KOL_STATUS_EMPTY for
 *         @p n_rows = 0; on error the model is unchanged.
 */
KOL_API kol_status kol_value_model_set_reference_columns(
    kol_value_model *model, const double *const *columns, size_t n_columns,
    size_t n_rows);

/** @brief Whether the model holds a stored reference.
 *  @param model the model.
 *  @return 1 when it does, 0 when it normalizes each scored cohort against
 *          itself (or @p model is NULL). */
KOL_API int kol_value_model_has_reference(const kol_value_model *model);

/**
 * @brief Score N records given as caller-owned columns (batch).
 *
 * @p columns is an array of @p n_columns pointers indexed by column code:
 * codes 0 .. kol_metric_count() - 1 are ::kol_metric values,
 * ::KOL_VALUE_COLUMN_PORTRAIT_MATCH a precomputed match, and
 * ::KOL_VALUE_COLUMN_CUSTOM_BASE + k custom metric k. A NULL pointer (or a
 * code at or beyond @p n_columns) is a column absent for every row; a NaN
 * entry is a value missing for that row. Each present value must be in
 * its metric's domain (kol_metric_bounds()), with disputes not above
 * cooperations.
 *
 * Normalization is against the stored reference when there is one, else
 * against the N rows themselves (cohort normalization). The model keeps
 * the work area of its statistics between calls (about 190 bytes per row
 * used for them: all rows, or about ::KOL_VALUE_PARAM_REFERENCE_SAMPLE per
 * band, plus a copy of those rows' input columns, about 190 bytes each,
 * when sampling; plus 16 bytes per scored row when sampling, and a fixed
 * block area of about 170 KB, also used when scoring against a stored
 * reference) and
 * releases it in kol_value_model_free().
 *
 * @param model     the model.
 * @param columns   column pointers, each to @p n_rows doubles.
 * @param n_columns length of @p columns.
 * @param n_rows    number of rows (0 is accepted: nothing is read or
 *                  written, and the progress callback is called once, with
 *                  0 and 0).
 * @param[out] out  receives @p n_rows x ::KOL_VALUE_OUT_COUNT values, row
 *                  by row in ::kol_value_out order.
 * @param[out] contributions receives @p n_rows x
 *                  kol_value_model_metric_count() contributions, row by
 *                  row in sub-metric code order (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE (an infinity), ::KOL_STATUS_OUT_OF_RANGE,
 *         ::KOL_STATUS_TOO_LARGE (more rows than
 *         ::KOL_ROSTER_MAX_RECORDS), ::KOL_STATUS_CANCELLED,
 *         ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model). A refused input or lack of memory leaves the
 *         outputs as they were; after cancellation (the progress callback
 *         is called every 65536 rows and at the end) their contents are
 *         unspecified.
 */
KOL_API kol_status kol_value_score_columns(kol_value_model *model,
                                           const double *const *columns,
                                           size_t n_columns, size_t n_rows,
                                           double *out,
                                           double *contributions);

/**
 * @brief Score one record against the stored reference.
 * @param model the model (must hold a reference).
 * @param rec   the record.
 * @param[out] out receives ::KOL_VALUE_OUT_COUNT values.
 * @param[out] contributions receives the contributions of the first
 *             min(@p n_contributions, kol_value_model_metric_count())
 *             sub-metrics, in code order (may be NULL when
 *             @p n_contributions is 0; NULL with room is
 *             ::KOL_STATUS_INVALID_ARGUMENT); the sub-metrics
 *             beyond @p n_contributions are not written, and neither is the
 *             room beyond kol_value_model_metric_count().
 * @param n_contributions room in @p contributions.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_BAD_STATE (no stored reference, or called from a
 *         callback of the same model),
 *         ::KOL_STATUS_CALLBACK, ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_CANCELLED (the progress
 *         callback, called once at the end, stopped), or
 *         ::KOL_STATUS_NOMEM. On error @p out and @p contributions are
 *         unchanged.
 */
KOL_API kol_status kol_value_score_record(kol_value_model *model,
                                          const kol_record *rec, double *out,
                                          double *contributions,
                                          size_t n_contributions);

/**
 * @brief Score every record of a roster and rank them.
 *
 * Normalization is against the stored reference when there is one, else
 * against the roster itself. Progress: the context's progress callback is
 * called every 65536 records and at the end (done, total = roster size).
 *
 * @param model  the model.
 * @param roster the roster (may be empty).
 * @param[out] out receives the result; NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_CALLBACK, ::KOL_STATUS_CANCELLED,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE,
 *         ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same model).
 */
KOL_API kol_status kol_value_score_roster(kol_value_model *model,
                                          const kol_roster *roster,
                                          kol_value_result **out);

/** @brief Free a result. Accepts NULL.
 *  @param result the result, or NULL. */
KOL_API void kol_value_result_free(kol_value_result *result);

/** @brief Number of scored records.
 *  @param result the result.
 *  @return the count; 0 for NULL. */
KOL_API size_t kol_value_result_size(const kol_value_result *result);

/**
 * @brief One output value of one record (by roster position).
 * @param result the result.
 * @param index  roster position.
 * @param field  a ::kol_value_out code.
 * @param[out] out receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FOUND, or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_value_result_get(const kol_value_result *result,
                                        size_t index, int field, double *out);

/**
 * @brief Contribution of one sub-metric to one record's total (0 when the
 *        metric was missing).
 * @param result the result.
 * @param index  roster position.
 * @param metric a sub-metric code.
 * @param[out] out receives the contribution.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FOUND, or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_value_result_contribution(
    const kol_value_result *result, size_t index, int metric, double *out);

/**
 * @brief The roster position of the record at a rank (0 = best): by total
 *        descending, ties by id ascending (byte order), so the ranking does
 *        not depend on the roster's order.
 * @param result the result.
 * @param rank   0 .. size - 1.
 * @param[out] index receives the roster position.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_value_result_rank(const kol_value_result *result,
                                         size_t rank, size_t *index);

#ifdef __cplusplus
}
#endif

#endif /* KOL_VALUE_H */
