/**
 * @file kol/tier.h
 * @brief Tiering of KOLs: follower-count ladders (Chinese head / shoulder /
 *        waist / tail with KOC below, international nano to mega), presets
 *        per platform, custom thresholds, tiers relative to a cohort by
 *        score quantiles, the KOC recognition rule and the lifecycle stage.
 *
 * Every threshold, preset and rule is given with its source in the model
 * reference (docs/model-value.md, "Tiering").
 */
#ifndef KOL_TIER_H
#define KOL_TIER_H

#include "kol/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque tiering scheme: ladders and rule parameters. */
typedef struct kol_tiers kol_tiers;

/** Most cut points of kol_tier_by_quantiles() (so at most 16 relative
 *  tiers). A follower ladder has no such choice: it has exactly
 *  kol_tiers_level_count() - 1 thresholds (4 or 5; kol_tiers_set_ladder()),
 *  well below this bound. */
#define KOL_TIER_MAX_THRESHOLDS 15
/** Most ladders a scheme holds for platforms without a preset (one per
 *  platform); replacing a preset platform's ladder does not count. */
#define KOL_TIER_MAX_LADDERS 64

/**
 * @brief Tier schemes. Values are never renumbered or reused.
 */
typedef enum kol_tier_scheme {
    /** Chinese industry ladder, 5 levels: 0 koc (below the tail; KOC
     *  territory), 1 tail (尾部), 2 waist (腰部), 3 shoulder (肩部),
     *  4 head (头部). Platform presets: douyin, kuaishou, xiaohongshu,
     *  bilibili, weibo; any other platform uses the generic ladder. */
    KOL_TIER_SCHEME_CN = 0,
    /** International ladder, 6 levels: 0 sub-nano (below 1K), 1 nano,
     *  2 micro, 3 mid, 4 macro, 5 mega. One preset for every platform. */
    KOL_TIER_SCHEME_INTL = 1
} kol_tier_scheme;

/**
 * @brief Lifecycle stages. Values are never renumbered or reused.
 */
typedef enum kol_stage {
    /** Not enough data (followers or follower growth missing). */
    KOL_STAGE_UNKNOWN = 0,
    /** Introduced (导入期): young or not yet influential. */
    KOL_STAGE_INTRODUCED = 1,
    /** Growing (成长期, being empowered): followers rising fast. */
    KOL_STAGE_GROWING = 2,
    /** Mature (成熟期, delivering value): established and stable. */
    KOL_STAGE_MATURE = 3,
    /** Fading (衰退期, retention): losing followers or gone quiet. */
    KOL_STAGE_FADING = 4
} kol_stage;

/**
 * @brief Verdicts of the KOC rule. Values are never renumbered or reused.
 */
typedef enum kol_koc {
    /** The account is not a KOC under the rule. */
    KOL_KOC_NO = 0,
    /** The account is a KOC under the rule. */
    KOL_KOC_YES = 1,
    /** A metric the rule needs is missing. */
    KOL_KOC_UNKNOWN = 2
} kol_koc;

/**
 * @brief Parameters of a tiering scheme (rules for KOC and stages).
 *        Values are never renumbered or reused. Bounds and defaults from
 *        kol_tier_param_bounds().
 */
typedef enum kol_tier_param {
    /** KOC: followers strictly below this. Default 10000; [1, 2^53]. */
    KOL_TIER_PARAM_KOC_MAX_FOLLOWERS = 0,
    /** KOC: engagement per follower at least this. Default 0.03; [0, 100]. */
    KOL_TIER_PARAM_KOC_MIN_ENGAGEMENT = 1,
    /** KOC: real-follower ratio at least this. Default 0.8; [0, 1]. */
    KOL_TIER_PARAM_KOC_MIN_REAL_RATIO = 2,
    /** KOC: comments per like at least this. Default 0.02; [0, 1000]. */
    KOL_TIER_PARAM_KOC_MIN_COMMENT_DEPTH = 3,
    /** Stage: accounts younger than this many days are introduced.
     *  Default 180; [0, 36500]. */
    KOL_TIER_PARAM_STAGE_INTRO_DAYS = 4,
    /** Stage: accounts with fewer followers (and not growing) are
     *  introduced. Default 10000; [0, 2^53]. */
    KOL_TIER_PARAM_STAGE_INFLUENCE_MIN = 5,
    /** Stage: 30-day relative follower growth at least this is growing.
     *  Default 0.05; [0, 100]. */
    KOL_TIER_PARAM_STAGE_GROWTH_RATE = 6,
    /** Stage: 30-day relative follower growth at most this is fading.
     *  Default -0.01; [-1, 0]. */
    KOL_TIER_PARAM_STAGE_FADE_RATE = 7
} kol_tier_param;

/**
 * @brief Bounds and default of a tiering parameter.
 * @param param a ::kol_tier_param code.
 * @param[out] min receives the smallest accepted value (may be NULL).
 * @param[out] max receives the largest accepted value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_tier_param_bounds(int param, double *min, double *max,
                                         double *default_value);

/**
 * @brief Make a tiering scheme with its presets and default parameters.
 * @param ctx    the context.
 * @param scheme a ::kol_tier_scheme code.
 * @param[out] out receives the scheme; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_tiers_new(kol_ctx *ctx, int scheme, kol_tiers **out);

/** @brief Free a tiering scheme. Accepts NULL.
 *  @param tiers the scheme, or NULL. */
KOL_API void kol_tiers_free(kol_tiers *tiers);

/**
 * @brief Set a parameter.
 * @param tiers the scheme.
 * @param param a ::kol_tier_param code.
 * @param value the value, within kol_tier_param_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM, ::KOL_STATUS_NOT_FINITE, or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_tiers_set_param(kol_tiers *tiers, int param,
                                       double value);

/**
 * @brief Read a parameter.
 * @param tiers the scheme.
 * @param param a ::kol_tier_param code.
 * @param[out] out receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_tiers_get_param(const kol_tiers *tiers, int param,
                                       double *out);

/** @brief Number of levels of the scheme (5 for CN, 6 for INTL).
 *  @param tiers the scheme.
 *  @return the count; 0 for NULL. */
KOL_API uint32_t kol_tiers_level_count(const kol_tiers *tiers);

/**
 * @brief Name of a level ("koc", "tail", "waist", "shoulder", "head";
 *        "sub-nano", "nano", "micro", "mid", "macro", "mega").
 * @param tiers the scheme.
 * @param level 0 to kol_tiers_level_count() - 1.
 * @return a static string, or NULL for a level out of range or NULL
 *         @p tiers.
 */
KOL_API const char *kol_tiers_level_name(const kol_tiers *tiers, int level);

/**
 * @brief Replace the ladder of one platform (or the generic ladder) with
 *        custom thresholds.
 *
 * A ladder has kol_tiers_level_count() - 1 thresholds: the smallest
 * follower count of levels 1, 2, ... A record belongs to the highest level
 * whose threshold its follower count reaches.
 *
 * @param tiers      the scheme.
 * @param platform   the platform name (matched ASCII case-insensitively),
 *                   or NULL for the generic ladder.
 * @param thresholds strictly increasing, finite, positive counts.
 * @param n          number of thresholds: must equal
 *                   kol_tiers_level_count() - 1.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, wrong
 *         @p n, thresholds not strictly increasing), ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE (a threshold <= 0 or above 2^53),
 *         ::KOL_STATUS_BAD_TEXT, ::KOL_STATUS_TOO_LARGE (a ladder for one
 *         more platform without a preset when ::KOL_TIER_MAX_LADDERS of
 *         them have one), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_tiers_set_ladder(kol_tiers *tiers, const char *platform,
                                        const double *thresholds, size_t n);

/**
 * @brief Read the ladder used for a platform (its own, or the generic one).
 * @param tiers    the scheme.
 * @param platform the platform, or NULL for the generic ladder.
 * @param[out] thresholds receives kol_tiers_level_count() - 1 values.
 * @param cap      room in @p thresholds.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, or @p cap
 *         too small).
 */
KOL_API kol_status kol_tiers_ladder(const kol_tiers *tiers,
                                    const char *platform, double *thresholds,
                                    size_t cap);

/**
 * @brief Number of platforms with a ladder of their own in this scheme.
 *
 * Those are the scheme's preset platforms (scheme cn: douyin, kuaishou,
 * xiaohongshu, bilibili, weibo; scheme intl: none), and the platforms
 * given a ladder with kol_tiers_set_ladder() (a preset platform, or an
 * alias of one such as "xhs", counts once). Every other platform uses the
 * generic ladder. A host that replaces the ladders ("these thresholds on
 * every platform") sets the generic ladder and the ladder of each of
 * these platforms.
 *
 * @param tiers the scheme.
 * @return the count; 0 for NULL @p tiers.
 */
KOL_API size_t kol_tiers_platform_count(const kol_tiers *tiers);

/**
 * @brief Name of a platform with a ladder of its own.
 * @param tiers the scheme.
 * @param index 0 to kol_tiers_platform_count() - 1: the preset platforms
 *              first, in the order listed there, then the other platforms
 *              given a ladder, in the order they were first given one.
 * @return the platform's name with its ASCII letters in lower case (an
 *         alias given to kol_tiers_set_ladder() appears under its
 *         platform's name),
 *         valid until kol_tiers_free(); NULL for NULL @p tiers or an
 *         @p index out of range.
 */
KOL_API const char *kol_tiers_platform(const kol_tiers *tiers, size_t index);

/**
 * @brief Tier level of a record from its follower count and platform.
 * @param tiers the scheme.
 * @param rec   the record (its platform text picks the ladder).
 * @param[out] level receives the level, 0 to kol_tiers_level_count() - 1.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_MISSING (no follower count).
 */
KOL_API kol_status kol_tiers_classify(const kol_tiers *tiers,
                                      const kol_record *rec, int32_t *level);

/**
 * @brief Tier levels of many follower counts on one platform (batch).
 *
 * A NaN count (missing) gets level -1.
 *
 * @param tiers     the scheme.
 * @param platform  the platform, or NULL for the generic ladder.
 * @param followers @p n counts (may be NULL when @p n is 0).
 * @param n         number of counts; 0 does nothing and gives
 *                  ::KOL_STATUS_OK.
 * @param[out] levels receives @p n levels (may be NULL when @p n is 0).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (@p tiers NULL,
 *         or @p followers or @p levels NULL with @p n above 0: the message
 *         names the array), ::KOL_STATUS_NOT_FINITE (an infinity), or
 *         ::KOL_STATUS_OUT_OF_RANGE (a negative count); on error
 *         @p levels is left as it was.
 */
KOL_API kol_status kol_tiers_classify_followers(const kol_tiers *tiers,
                                                const char *platform,
                                                const double *followers,
                                                size_t n, int32_t *levels);

/**
 * @brief Apply the KOC rule to a record.
 *
 * KOC (key opinion consumer) when all hold: followers below
 * ::KOL_TIER_PARAM_KOC_MAX_FOLLOWERS; engagement per follower (likes +
 * comments + shares + saves per post, over followers) at least
 * ::KOL_TIER_PARAM_KOC_MIN_ENGAGEMENT (the terms present; without likes
 * they only show the bar met, never missed); real-follower ratio at least
 * ::KOL_TIER_PARAM_KOC_MIN_REAL_RATIO (authentic); comments per like at
 * least ::KOL_TIER_PARAM_KOC_MIN_COMMENT_DEPTH (conversational,
 * consumer-like engagement). A failed condition gives ::KOL_KOC_NO even
 * when others cannot be checked; otherwise a missing input gives
 * ::KOL_KOC_UNKNOWN.
 *
 * @param tiers the scheme (for its parameters).
 * @param rec   the record.
 * @param[out] verdict receives a ::kol_koc value.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_tiers_koc(const kol_tiers *tiers, const kol_record *rec,
                                 int32_t *verdict);

/**
 * @brief Lifecycle stage of a record, by the documented rules.
 *
 * With g = follower_growth_30d / max(followers - follower_growth_30d, 1)
 * (growth relative to the follower count 30 days ago), checked in order:
 * fading when g <= ::KOL_TIER_PARAM_STAGE_FADE_RATE, or when posts_30d is
 * 0 and the account is at least ::KOL_TIER_PARAM_STAGE_INTRO_DAYS old;
 * introduced when younger than ::KOL_TIER_PARAM_STAGE_INTRO_DAYS;
 * growing when g >= ::KOL_TIER_PARAM_STAGE_GROWTH_RATE; introduced when
 * followers are below ::KOL_TIER_PARAM_STAGE_INFLUENCE_MIN; mature
 * otherwise. A missing account age or posts_30d skips the clauses that
 * use it.
 *
 * @param tiers the scheme (for its parameters).
 * @param rec   the record.
 * @param[out] stage receives a ::kol_stage value (::KOL_STAGE_UNKNOWN when
 *                   followers or follower_growth_30d is missing).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_tiers_stage(const kol_tiers *tiers,
                                   const kol_record *rec, int32_t *stage);

/**
 * @brief Name of a lifecycle stage ("unknown", "introduced", "growing",
 *        "mature", "fading").
 * @param stage a ::kol_stage code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_stage_name(int stage);

/**
 * @brief Name of a KOC verdict ("no", "yes", "unknown").
 * @param verdict a ::kol_koc code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_koc_name(int verdict);

/**
 * @brief Tiers relative to a cohort: levels by score quantiles.
 *
 * The cut points are the cohort's quantiles q_j = Q(probs[j]) (Hyndman and
 * Fan definition 7, as numpy's default): on the sorted scores
 * x_(0) <= ... <= x_(n-1), h = (n - 1) p and
 * Q(p) = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)).
 * A score's level is the number of cut points it reaches (score >= q_j),
 * so 0 to @p n_probs. Equal scores get the same level, and a score equal
 * to a cut point counts as reaching it: ties at a cut point all take the
 * higher level. With probs = {0.5, 0.8, 0.95} the levels of a large
 * cohort of distinct scores are 0 (bottom half) to 3 (top 5%). But every
 * q_j is at most the largest score, so the top level is never empty: the
 * highest score (and every score tied with it) always gets level
 * @p n_probs. In a small or tied cohort the top level therefore holds far
 * more than its share: a single score is at the top level, of two
 * scores the higher one is (both when they are equal), and when all
 * scores are equal, all of them are.
 * Levels depend only on the multiset of scores, never on their order.
 *
 * @param ctx     the context (allocation and errors).
 * @param scores  @p n finite scores (may be NULL when @p n is 0).
 * @param n       cohort size; 0 gives ::KOL_STATUS_EMPTY whatever the
 *                other arguments (but @p ctx).
 * @param probs   @p n_probs strictly increasing probabilities in (0, 1).
 * @param n_probs number of cut points, 1 to ::KOL_TIER_MAX_THRESHOLDS.
 * @param[out] levels receives @p n levels, 0 to @p n_probs (may be NULL
 *                    when @p n is 0).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (@p ctx NULL; with
 *         @p n above 0, @p scores, @p probs or @p levels NULL, the message
 *         naming it; @p n_probs 0; probabilities not increasing),
 *         ::KOL_STATUS_EMPTY (@p n is 0), ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE (a probability outside (0, 1)),
 *         ::KOL_STATUS_TOO_LARGE (@p n_probs above
 *         ::KOL_TIER_MAX_THRESHOLDS), or ::KOL_STATUS_NOMEM; on error
 *         @p levels is left as it was.
 */
KOL_API kol_status kol_tier_by_quantiles(kol_ctx *ctx, const double *scores,
                                         size_t n, const double *probs,
                                         size_t n_probs, int32_t *levels);

#ifdef __cplusplus
}
#endif

#endif /* KOL_TIER_H */
