/**
 * @file kol/audience_quality.h
 * @brief Audience quality: a fake probability for each follower of a
 *        sample, from the profile features the host has, and the
 *        audience's real-follower ratio with an interval.
 *
 * The model is a logistic regression on profile features, fitted on the
 * labelled "instafake" accounts (Akyon and Kalfaoglu, 2019, CC BY-NC 4.0)
 * and shipped as documented constants; docs/model-traffic.md gives the
 * coefficients, the fitting procedure and the held-out accuracy. Any
 * subset of features may be given: a follower is scored by the model
 * fitted on the features known for it (one fit per set of features, a
 * pattern submodel), so that its probability stays calibrated whatever is
 * missing.
 */
#ifndef KOL_AUDIENCE_QUALITY_H
#define KOL_AUDIENCE_QUALITY_H

#include "kol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque fake-follower model. See kol_audience_new(). */
typedef struct kol_audience kol_audience;

/**
 * @brief Profile features of a follower. Values are never renumbered or
 *        reused. The name in brackets is the one
 *        kol_follower_feature_name() gives (the CSV column of the `kol`
 *        command).
 */
typedef enum kol_follower_feature {
    /** [followers] Accounts following this follower. Count. */
    KOL_FOLLOWER_FOLLOWERS = 0,
    /** [following] Accounts this follower follows. Count. */
    KOL_FOLLOWER_FOLLOWING = 1,
    /** [posts] Posts (media) published. Count. */
    KOL_FOLLOWER_POSTS = 2,
    /** [has_avatar] 1 when the profile has a picture, else 0. */
    KOL_FOLLOWER_HAS_AVATAR = 3,
    /** [bio_length] Characters in the biography. Count. */
    KOL_FOLLOWER_BIO_LENGTH = 4,
    /** [private] 1 when the account is private, else 0. */
    KOL_FOLLOWER_PRIVATE = 5,
    /** [username_digits] Digits in the username. Count, at most the
     *  username length when both are given. */
    KOL_FOLLOWER_USERNAME_DIGITS = 6,
    /** [username_length] Characters in the username. Count. */
    KOL_FOLLOWER_USERNAME_LENGTH = 7,
    /** [account_age_days] Days since the account was made. Count. */
    KOL_FOLLOWER_ACCOUNT_AGE_DAYS = 8
} kol_follower_feature;

/** Number of follower feature codes this version knows. */
#define KOL_FOLLOWER_FEATURE_COUNT 9

/** @brief Verdict on one follower. Values are never renumbered or reused. */
typedef enum kol_audience_verdict {
    /** No feature of the follower was known. */
    KOL_AUDIENCE_UNKNOWN = 0,
    /** Fake probability below the threshold. */
    KOL_AUDIENCE_REAL = 1,
    /** Fake probability at or above the threshold. */
    KOL_AUDIENCE_FAKE = 2
} kol_audience_verdict;

/**
 * @brief Parameters of the model. Values are never renumbered or reused.
 */
typedef enum kol_audience_param {
    /** Share of fake accounts expected among followers before looking at
     *  them (the prior), [1e-6, 1 - 1e-6]. The model's log-odds move by
     *  logit(prior) - logit(200 / 1194), 200 / 1194 being the share of
     *  fake accounts in the fitting data. Default 0.1675, that share to
     *  four places (a shift of -3.0e-5 in log-odds). */
    KOL_AUDIENCE_PARAM_PRIOR = 0,
    /** Fake probability at or above which a follower is judged fake,
     *  [1e-6, 1 - 1e-6]. Default 0.5. */
    KOL_AUDIENCE_PARAM_THRESHOLD = 1,
    /** Confidence of the interval of the real-follower ratio, [0.5, 0.999].
     *  Default 0.95. */
    KOL_AUDIENCE_PARAM_CONFIDENCE = 2,
    /** Weight of account age, a heuristic not fitted on data (the fitting
     *  set has no age): log-odds rise by weight * ln(365 / (age + 1)) for
     *  accounts younger than a year, [0, 5]. Default 0.3; 0 ignores age. */
    KOL_AUDIENCE_PARAM_AGE_WEIGHT = 3
} kol_audience_param;

/** Number of parameter codes this version knows. */
#define KOL_AUDIENCE_PARAM_COUNT 4

/**
 * @brief Name of a follower feature ("followers", "following", "posts",
 *        "has_avatar", "bio_length", "private", "username_digits",
 *        "username_length", "account_age_days").
 * @param feature a ::kol_follower_feature code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_follower_feature_name(int feature);

/**
 * @brief Look a follower feature up by name.
 * @param name the name, as kol_follower_feature_name() gives it.
 * @param[out] out receives the code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT for NULL, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_follower_feature_from_name(const char *name,
                                                  int32_t *out);

/**
 * @brief Bounds and default of a parameter.
 * @param param a ::kol_audience_param code.
 * @param[out] min smallest value (may be NULL); open bounds are given as
 *             the nearest accepted value.
 * @param[out] max largest value (may be NULL).
 * @param[out] default_value the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_audience_param_bounds(int param, double *min,
                                             double *max,
                                             double *default_value);

/**
 * @brief Make a model with the shipped coefficients and default parameters.
 * @param ctx the context.
 * @param[out] out receives the model; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_audience_new(kol_ctx *ctx, kol_audience **out);

/**
 * @brief Free a model. Accepts NULL.
 * @param a the model, or NULL.
 */
KOL_API void kol_audience_free(kol_audience *a);

/**
 * @brief Set a parameter.
 * @param a     the model.
 * @param param a ::kol_audience_param code.
 * @param value the value, within kol_audience_param_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_audience_set_param(kol_audience *a, int param,
                                          double value);

/**
 * @brief Read a parameter.
 * @param a     the model.
 * @param param a ::kol_audience_param code.
 * @param[out] value receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_audience_get_param(const kol_audience *a, int param,
                                          double *value);

/**
 * @brief Fake probability and verdict of each follower of a sample.
 *
 * @p values holds @p n_rows rows of @p n_columns values (row-major); the
 * column codes say which feature each column holds. NaN in a cell means
 * "unknown for this follower" (the only meaning NaN has here); a row
 * with no known fitted feature (every feature but the account's age) gets
 * the verdict ::KOL_AUDIENCE_UNKNOWN and as its probability the prior,
 * moved by the age heuristic when the age is known (docs/model-traffic.md,
 * 3.1). Everything is checked before anything is written: on error the
 * outputs are left as they were. The order of the columns never changes a
 * result, not even in its last bit (the terms are added in feature-code
 * order).
 *
 * @param a         the model.
 * @param columns   @p n_columns distinct ::kol_follower_feature codes.
 * @param n_columns 0 to ::KOL_FOLLOWER_FEATURE_COUNT.
 * @param values    the cells.
 * @param n_rows    followers; 0 is accepted.
 * @param[out] fake_prob receives @p n_rows probabilities in [0, 1] (may be
 *                  NULL).
 * @param[out] verdicts receives @p n_rows ::kol_audience_verdict values
 *                  (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL arrays, a
 *         flag other than 0 or 1, a negative one or one above 2^53
 *         included, more digits than characters in the username),
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_DUPLICATE (a column
 *         twice), ::KOL_STATUS_NOT_FINITE (an infinity), or
 *         ::KOL_STATUS_OUT_OF_RANGE (a negative count, a count above
 *         2^53).
 */
KOL_API kol_status kol_audience_score(const kol_audience *a,
                                      const int32_t *columns,
                                      size_t n_columns, const double *values,
                                      size_t n_rows, double *fake_prob,
                                      int32_t *verdicts);

/**
 * @brief The real-follower ratio of an audience from the fake
 *        probabilities of a random sample of its followers, with a Wilson
 *        score interval for the sample size.
 *
 * ratio = mean of (1 - p) over the rows used; the interval is Wilson's
 * (1927) at the model's confidence, with n the rows used
 * (docs/model-traffic.md).
 *
 * @param a         the model (gives the confidence).
 * @param fake_prob @p n probabilities in [0, 1].
 * @param verdicts  @p n verdicts, or NULL; rows with
 *                  ::KOL_AUDIENCE_UNKNOWN are left out.
 * @param n         rows.
 * @param[out] ratio receives the ratio (may be NULL).
 * @param[out] low  receives the lower end (may be NULL).
 * @param[out] high receives the upper end (may be NULL).
 * @param[out] used receives the rows used (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE (a probability
 *         outside [0, 1]), ::KOL_STATUS_UNKNOWN_ENUM (a verdict code), or
 *         ::KOL_STATUS_EMPTY (no row to use; the outputs are left as they
 *         were).
 */
KOL_API kol_status kol_audience_real_ratio(const kol_audience *a,
                                           const double *fake_prob,
                                           const int32_t *verdicts, size_t n,
                                           double *ratio, double *low,
                                           double *high, size_t *used);

#ifdef __cplusplus
}
#endif

#endif /* KOL_AUDIENCE_QUALITY_H */
