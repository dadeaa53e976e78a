/**
 * @file kol/planner.h
 * @brief Portfolio planner: choose KOLs under a budget to maximize total
 *        value, expected conversions, or unique reach with overlapping
 *        audiences counted once, under tier, platform, category and
 *        include/exclude constraints.
 *
 * A ::kol_planner holds candidates (caller arrays copied in, candidate i
 * being position i), constraints and parameters; kol_planner_run() makes a
 * ::kol_plan, an immutable result: the chosen candidates in pick order with
 * each pick's marginal gain, the spend, the objective, the method used and
 * its guarantee, and the best rejected candidates with the reason each
 * could not be added.
 *
 * Methods (docs/model-overlap.md gives the details and sources):
 *  - exact search (::KOL_PLAN_METHOD_EXACT) when the number of free
 *    candidates (neither required nor excluded) is at most
 *    ::KOL_PLAN_PARAM_EXACT_LIMIT (additive objectives; depth-first
 *    branch and bound with the fractional-knapsack bound) or
 *    ::KOL_PLAN_PARAM_EXACT_LIMIT_REACH (reach; full enumeration with
 *    budget pruning): the optimum of the objective under every constraint
 *    (an additive objective is summed without rounding error unless the
 *    values lie about 2^53 or more apart, as the spend), ties going to
 *    the lower spend, then the fewer candidates, then the
 *    first plan in search order (so no zero-gain candidate is bought when
 *    leaving it out gives the same objective);
 *  - otherwise greedy by gain per cost with partial enumeration of every
 *    seed set of up to ::KOL_PLAN_PARAM_ENUM_DEPTH candidates
 *    (::KOL_PLAN_METHOD_GREEDY; at depth 0, the greedy plan or the best
 *    single candidate, whichever is better). Under a budget alone (plus
 *    required and excluded candidates) it guarantees, for reach, (1 - 1/e)
 *    of the optimum at depth 3 and (1 - 1/sqrt(e)) below (Khuller, Moss
 *    and Naor 1999), and for additive objectives d / (d + 1) at depth
 *    d >= 1 and 1/2 at depth 0 (Sahni 1975); kol_plan_guarantee() says
 *    which bound applies to a plan, and 0 when tier, platform or category
 *    constraints are set (the result then meets them but no ratio is
 *    claimed). For reach the bound is on the estimated objective, which is
 *    submodular only up to the sketches' error.
 *
 * Group codes: tiers, platforms and categories are small integer codes the
 * host assigns (0 to ::KOL_PLAN_MAX_CODE); -1 means "none" (not subject to
 * that kind of limit).
 */
#ifndef KOL_PLANNER_H
#define KOL_PLANNER_H

#include "kol/core.h"
#include "kol/sketch.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque planner. See kol_planner_new(). */
typedef struct kol_planner kol_planner;
/** @brief An opaque plan, the result of kol_planner_run(). */
typedef struct kol_plan kol_plan;

/** Most candidates a planner accepts. */
#define KOL_PLAN_MAX_CANDIDATES 1000000u
/** Largest tier, platform or category code. */
#define KOL_PLAN_MAX_CODE 4095

/**
 * @brief What a plan maximizes. Values are never renumbered or reused.
 */
typedef enum kol_planner_objective {
    /** Sum of the candidates' value scores. */
    KOL_PLAN_OBJECTIVE_VALUE = 0,
    /** Sum of the candidates' expected conversions. */
    KOL_PLAN_OBJECTIVE_CONVERSIONS = 1,
    /** Unique reach: estimated distinct audience of the chosen set, from
     *  the sketches given to kol_planner_set_audiences(). */
    KOL_PLAN_OBJECTIVE_REACH = 2
} kol_planner_objective;

/**
 * @brief Planner parameters for kol_planner_set_param(). Values are never
 *        renumbered or reused.
 */
typedef enum kol_planner_param {
    /** Budget: the spend never exceeds it. Amount in [0, 2^53]; default 0
     *  (kol_planner_run() refuses a zero budget). */
    KOL_PLAN_PARAM_BUDGET = 0,
    /** Objective, a ::kol_planner_objective code; default 0 (value). */
    KOL_PLAN_PARAM_OBJECTIVE = 1,
    /** Exact search for additive objectives when the free candidates are
     *  at most this many. Integer in [0, 40]; default 24. The exact search
     *  has no work limit (KOL_PLAN_PARAM_WORK_LIMIT bounds the greedy
     *  method): on inputs that defeat its bound (equal gains per cost) its
     *  time about doubles with each candidate, 0.3 s for 24, 18 s for 30,
     *  71 s for 32 on one core, so a limit far above the default can take
     *  hours; the progress callback can cancel it. */
    KOL_PLAN_PARAM_EXACT_LIMIT = 2,
    /** Exact search for reach when the free candidates are at most this
     *  many. Integer in [0, 20]; default 12. No work limit either: every
     *  set that fits is weighed (2^n unions of m registers at most; 16
     *  candidates at precision 18 take about 26 s). */
    KOL_PLAN_PARAM_EXACT_LIMIT_REACH = 3,
    /** Partial-enumeration depth d of the greedy method: every seed set of
     *  up to d free candidates is completed greedily. Integer in [0, 3];
     *  default 3. */
    KOL_PLAN_PARAM_ENUM_DEPTH = 4,
    /** Work limit of the greedy method, in elementary steps of about
     *  0.3 ns: for reach, seed sets x free candidates^2 x registers; for
     *  additive objectives, seed sets x (2 x free + all candidates) x 12.
     *  The depth is lowered until the estimate fits, and the plan's
     *  guarantee follows the depth used (kol_plan_depth()). For reach,
     *  when even depth 0's estimate exceeds it, the greedy counts the
     *  registers its marginal gains weigh (m per gain computed, even
     *  where a sparse candidate's gain reads fewer; a pick computes the
     *  gains that bounds from earlier picks do not rule out, at most
     *  free candidates x registers) and stops with
     *  ::KOL_STATUS_INFEASIBLE when the count
     *  would pass it. When no seed set gives a plan meeting every tier
     *  and platform minimum, it is also the most steps (candidates
     *  examined, and words of its table of reachable sums) of the search
     *  for such a plan (docs/model-overlap.md, section 4.3). Number in
     *  [1e3, 1e15]; default 3e9 (about a second on one core). */
    KOL_PLAN_PARAM_WORK_LIMIT = 5,
    /** How many rejected candidates a plan reports (the best by marginal
     *  gain). Integer in [0, 1000000]; default 10. */
    KOL_PLAN_PARAM_REJECT_REPORT = 6
} kol_planner_param;

/**
 * @brief Method a plan was found with. Values are never renumbered or
 *        reused.
 */
typedef enum kol_planner_method {
    /** Exact search: the plan is optimal for its objective. */
    KOL_PLAN_METHOD_EXACT = 0,
    /** Greedy with partial enumeration. */
    KOL_PLAN_METHOD_GREEDY = 1
} kol_planner_method;

/**
 * @brief What a candidate must be. Values are never renumbered or reused.
 */
typedef enum kol_planner_choice {
    /** The planner decides (the default). */
    KOL_PLAN_CHOICE_FREE = 0,
    /** Must be in the plan. */
    KOL_PLAN_CHOICE_REQUIRE = 1,
    /** Must not be in the plan. */
    KOL_PLAN_CHOICE_EXCLUDE = 2
} kol_planner_choice;

/**
 * @brief Why a candidate is not in the plan, judged against the final
 *        plan. Values are never renumbered or reused.
 *
 * The first that applies, in this order: excluded; no gain (it would add
 * nothing); over budget; tier maximum; category maximum; platform share;
 * outscored.
 */
typedef enum kol_planner_reason {
    /** Excluded by the host. */
    KOL_PLAN_REASON_EXCLUDED = 1,
    /** Its cost exceeds the budget left. */
    KOL_PLAN_REASON_OVER_BUDGET = 2,
    /** Its tier is at its maximum count. */
    KOL_PLAN_REASON_TIER_MAX = 3,
    /** Its category is at its maximum count. */
    KOL_PLAN_REASON_CATEGORY_MAX = 4,
    /** Its cost would take its platform above its share of the budget. */
    KOL_PLAN_REASON_PLATFORM_SHARE = 5,
    /** It would add nothing (for reach: its audience is already covered
     *  by the plan). */
    KOL_PLAN_REASON_NO_GAIN = 6,
    /** It could be added, but the search found a better plan without it
     *  (possible only where the objective estimate is not monotone, or
     *  where its value is lost to rounding in a sum of values about
     *  2^53 or more apart: docs/model-overlap.md 4.1). */
    KOL_PLAN_REASON_OUTSCORED = 7
} kol_planner_reason;

/**
 * @brief Static name of a reason code ("excluded", "over_budget",
 *        "tier_max", "category_max", "platform_share", "no_gain",
 *        "outscored").
 * @param reason a ::kol_planner_reason code.
 * @return the name, or NULL for an unknown code.
 */
KOL_API const char *kol_plan_reason_name(int reason);

/**
 * @brief The accepted range and default of a planner parameter.
 * @param param a ::kol_planner_param code.
 * @param[out] min receives the smallest value (may be NULL).
 * @param[out] max receives the largest value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_plan_param_bounds(int param, double *min, double *max,
                                         double *default_value);

/**
 * @brief Make an empty planner with default parameters and no constraint.
 * @param ctx the context.
 * @param[out] out receives the planner; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_planner_new(kol_ctx *ctx, kol_planner **out);

/**
 * @brief Free a planner. Accepts NULL. Plans it made stay valid.
 * @param planner the planner, or NULL.
 */
KOL_API void kol_planner_free(kol_planner *planner);

/**
 * @brief Set a parameter.
 * @param planner the planner.
 * @param param   a ::kol_planner_param code.
 * @param value   the value, within kol_plan_param_bounds() (integers where
 *                the parameter says so).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_UNKNOWN_ENUM (the parameter, or an objective code),
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE (outside the
 *         bounds, or not an integer where one is required), or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_param(kol_planner *planner, int param,
                                         double value);

/**
 * @brief Read a parameter.
 * @param planner the planner.
 * @param param   a ::kol_planner_param code.
 * @param[out] value receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_planner_get_param(const kol_planner *planner, int param,
                                         double *value);

/**
 * @brief Replace the candidates (caller arrays are copied). Also forgets
 *        the audiences and resets every candidate to
 *        ::KOL_PLAN_CHOICE_FREE; group limits are kept.
 *
 * @param planner     the planner.
 * @param cost        @p n costs, finite, in [0, 2^53].
 * @param value       @p n value scores, finite, in [0, 2^53], or NULL when
 *                    the value objective will not be used.
 * @param conversions @p n expected conversions, finite, in [0, 2^53], or
 *                    NULL.
 * @param tier        @p n tier codes in [-1, ::KOL_PLAN_MAX_CODE], or NULL
 *                    (all -1).
 * @param platform    @p n platform codes, or NULL (all -1).
 * @param category    @p n category codes, or NULL (all -1).
 * @param n           number of candidates, in [1, ::KOL_PLAN_MAX_CANDIDATES].
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL planner or
 *         cost), ::KOL_STATUS_EMPTY (n = 0), ::KOL_STATUS_TOO_LARGE,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE (a negative
 *         or too large amount, a code outside its range; the message names
 *         the array and index), ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner). On error nothing
 *         changes.
 */
KOL_API kol_status kol_planner_set_candidates(
    kol_planner *planner, const double *cost, const double *value,
    const double *conversions, const int32_t *tier, const int32_t *platform,
    const int32_t *category, size_t n);

/**
 * @brief Give the audience sketch of every candidate, for the reach
 *        objective. The registers are copied: the sketches may be freed
 *        afterwards.
 * @param planner  the planner.
 * @param sketches one sketch per candidate, all of equal precision and
 *                 seed.
 * @param n        must equal the number of candidates.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, or @p n
 *         not the number of candidates), ::KOL_STATUS_MISMATCH (the
 *         message names the index), ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_audiences(kol_planner *planner,
                                             const kol_sketch *const *sketches,
                                             size_t n);

/**
 * @brief Require or exclude a candidate, or free it again.
 * @param planner the planner.
 * @param index   candidate position.
 * @param choice  a ::kol_planner_choice code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FOUND (no such candidate),
 *         ::KOL_STATUS_UNKNOWN_ENUM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_choice(kol_planner *planner, size_t index,
                                          int choice);

/**
 * @brief Limit how many chosen candidates may have a tier (for a pyramid:
 *        few head, many waist and tail accounts).
 * @param planner the planner.
 * @param tier    tier code in [0, ::KOL_PLAN_MAX_CODE].
 * @param min     least number (0: no minimum).
 * @param max     largest number, >= @p min (UINT32_MAX: no maximum).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_OUT_OF_RANGE (code, or @p min > @p max),
 *         ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_tier_limit(kol_planner *planner,
                                              int32_t tier, uint32_t min,
                                              uint32_t max);

/**
 * @brief Bound the spend on a platform as shares of the budget:
 *        min_share * budget <= spend on the platform <= max_share * budget.
 *
 * Each product is taken with a relative slack of 2^-50 in the plan's
 * favour (shares of 0 and 1 exactly), so that a spend of exactly the
 * amount a decimal share names meets it: 29 is 0.29 of 100, though
 * 0.29 * 100 is 28.999999999999996 in doubles (docs/model-overlap.md,
 * section 4.1).
 *
 * @param planner   the planner.
 * @param platform  platform code in [0, ::KOL_PLAN_MAX_CODE].
 * @param min_share in [0, 1] (0: no minimum).
 * @param max_share in [min_share, 1] (1: no maximum).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE,
 *         ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_platform_share(kol_planner *planner,
                                                  int32_t platform,
                                                  double min_share,
                                                  double max_share);

/**
 * @brief Limit how many chosen candidates may have a category.
 * @param planner  the planner.
 * @param category category code in [0, ::KOL_PLAN_MAX_CODE].
 * @param max      largest number (UINT32_MAX: no limit).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_NOMEM, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_set_category_max(kol_planner *planner,
                                                int32_t category,
                                                uint32_t max);

/**
 * @brief Forget every tier, platform and category limit and free every
 *        candidate (choices back to ::KOL_PLAN_CHOICE_FREE).
 * @param planner the planner.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same planner).
 */
KOL_API kol_status kol_planner_clear_constraints(kol_planner *planner);

/**
 * @brief Choose the candidates.
 *
 * Progress: the context's progress callback is called every 65536 search
 * nodes (exact; for reach every 4194304 / m nodes, m the registers per
 * sketch, as a node weighs a union of m registers; total 0) or every 64
 * seed sets (greedy; total = number of seed sets), at depth 0 also every 1024 single candidates (total = free
 * candidates), every 65536 steps of the greedy method's search for a plan
 * meeting the minimums (total 0), for reach every 4194304 (2^22)
 * registers weighed by the greedy method's marginal gains and by the
 * gains of the rejected candidates (m per gain; total 0; done, the
 * registers weighed so far, only grows), and once at the end; a non-zero return cancels.
 *
 * @param planner the planner (unchanged by the call).
 * @param[out] out receives the plan; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_EMPTY (no candidates), ::KOL_STATUS_BAD_STATE
 *         (zero budget; the objective's data was not given: values,
 *         conversions or audiences; called from a callback of the same
 *         planner), ::KOL_STATUS_INFEASIBLE (the required
 *         candidates break a constraint, or no plan meets every minimum,
 *         or the greedy method's search for one stopped at
 *         ::KOL_PLAN_PARAM_WORK_LIMIT, or for reach its greedy
 *         completions did; the message says which),
 *         ::KOL_STATUS_CANCELLED, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_planner_run(const kol_planner *planner, kol_plan **out);

/**
 * @brief Free a plan. Accepts NULL.
 * @param plan the plan, or NULL.
 */
KOL_API void kol_plan_free(kol_plan *plan);

/**
 * @brief Number of chosen candidates.
 * @param plan the plan.
 * @return the count; 0 for NULL.
 */
KOL_API size_t kol_plan_size(const kol_plan *plan);

/**
 * @brief Total cost of the chosen candidates: their costs summed without
 *        rounding error and rounded once, the amount the search held to
 *        the budget (never above it). It does not depend on the order of
 *        the picks (unless the costs lie about 2^53 or more apart, when
 *        the sum is within a unit of the last place of it).
 * @param plan the plan.
 * @return the spend; 0 for NULL.
 */
KOL_API double kol_plan_spend(const kol_plan *plan);

/**
 * @brief Objective of the plan: sum of values or conversions (summed
 *        without rounding error and rounded once, as the spend, with the
 *        same limit for values about 2^53 or more apart), or the
 *        estimated unique reach.
 * @param plan the plan.
 * @return the objective; 0 for NULL.
 */
KOL_API double kol_plan_objective(const kol_plan *plan);

/**
 * @brief The objective the plan maximized.
 * @param plan the plan.
 * @return a ::kol_planner_objective code; -1 for NULL.
 */
KOL_API int kol_plan_objective_code(const kol_plan *plan);

/**
 * @brief The method the plan was found with.
 * @param plan the plan.
 * @return a ::kol_planner_method code; -1 for NULL.
 */
KOL_API int kol_plan_method(const kol_plan *plan);

/**
 * @brief Guaranteed fraction of the optimum: 1 for exact search;
 *        1 - 1/e (reach, depth 3), 1 - 1/sqrt(e) (reach, depth 0 to 2),
 *        d / (d + 1) (additive, depth d >= 1) or 1/2 (additive, depth 0)
 *        for the greedy method with only budget, required and excluded
 *        constraints; 0 when no bound is claimed (tier, platform or
 *        category limits set).
 * @param plan the plan.
 * @return the fraction; 0 for NULL.
 */
KOL_API double kol_plan_guarantee(const kol_plan *plan);

/**
 * @brief Partial-enumeration depth actually used (after the work limit).
 * @param plan the plan.
 * @return the depth; 0 for exact search and NULL.
 */
KOL_API int kol_plan_depth(const kol_plan *plan);

/**
 * @brief One chosen candidate, in pick order: required candidates first
 *        (by index), then, for the greedy method, in the order the search
 *        added them; for the exact method, greedily by marginal gain per
 *        cost among the chosen (docs/model-overlap.md 4.4).
 * @param plan  the plan.
 * @param i     position, below kol_plan_size().
 * @param[out] candidate receives the candidate index (may be NULL).
 * @param[out] marginal_gain receives the objective gained by adding it to
 *             the picks before it (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_plan_pick(const kol_plan *plan, size_t i,
                                 size_t *candidate, double *marginal_gain);

/**
 * @brief Number of rejected candidates reported (at most
 *        ::KOL_PLAN_PARAM_REJECT_REPORT).
 * @param plan the plan.
 * @return the count; 0 for NULL.
 */
KOL_API size_t kol_plan_rejected_count(const kol_plan *plan);

/**
 * @brief One rejected candidate, best first (by marginal gain against the
 *        final plan, ties by index).
 * @param plan the plan.
 * @param i    position, below kol_plan_rejected_count().
 * @param[out] candidate receives the candidate index (may be NULL).
 * @param[out] reason receives a ::kol_planner_reason (may be NULL).
 * @param[out] marginal_gain receives what it would have added to the final
 *             plan (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_plan_rejected(const kol_plan *plan, size_t i,
                                     size_t *candidate, int32_t *reason,
                                     double *marginal_gain);

#ifdef __cplusplus
}
#endif

#endif /* KOL_PLANNER_H */
