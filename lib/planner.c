/* Portfolio planner: budgeted selection of KOLs.
 *
 * Sources (docs/model-overlap.md gives the details):
 *  - S. Khuller, A. Moss, J. Naor, "The budgeted maximum coverage problem",
 *    Information Processing Letters 70 (1999) 39-45: greedy by gain per
 *    cost with partial enumeration of all seed sets of size 3 gives
 *    (1 - 1/e) of the optimum for a monotone submodular objective (there:
 *    coverage) under a budget; the greedy with best singletons gives
 *    (1 - 1/sqrt(e)).
 *  - S. Sahni, "Approximate algorithms for the 0/1 knapsack problem",
 *    JACM 22 (1975) 115-124: partial enumeration of depth d with greedy
 *    completion gives d / (d + 1) of the optimum for additive objectives.
 *  - Exact search: depth-first branch and bound with the fractional
 *    (Dantzig 1957) knapsack bound, which ignores the side constraints and
 *    so stays a valid upper bound.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kol/planner.h"
#include "internal/base.h"
#include "internal/param.h"
#include "internal/sketch.h"
#include "internal/stats.h"

#define MAX_AMOUNT 9007199254740992.0 /* 2^53 */
#define NO_MAX UINT32_MAX

struct kol_planner {
    kol_ctx *ctx;
    /* kol_planner_run while its progress callback runs, else NULL: the
     * calls that would change the planner are refused meanwhile */
    const char *busy;
    double budget;
    int objective;
    int exact_limit;
    int exact_limit_reach;
    int depth;
    double work_limit;
    size_t reject_report;

    size_t n;
    double *cost;
    double *value;  /* NULL when not given */
    double *conv;   /* NULL when not given */
    int32_t *tier;
    int32_t *plat;
    int32_t *cat;
    uint8_t *choice;

    int p;          /* audiences: precision, seed, registers (n * m) */
    uint64_t seed;
    size_t m;
    uint8_t *regs;  /* NULL when not given */

    size_t ntier;   /* limits by code: arrays of ntier / nplat / ncat */
    uint32_t *tier_min;
    uint32_t *tier_max;
    size_t nplat;
    double *plat_min;
    double *plat_max;
    size_t ncat;
    uint32_t *cat_max;
};

struct kol_plan {
    kol_ctx *ctx;
    size_t n;
    size_t *pick;
    double *gain;
    double spend;
    double obj;
    int objective;
    int method;
    int depth;
    double guarantee;
    size_t nrej;
    size_t *rej;
    int32_t *reason;
    double *rgain;
};

/* ---- parameters -------------------------------------------------------- */

static const struct kol__param PARAMS[] = {
    {"budget", 0.0, MAX_AMOUNT, 0.0, 0},
    {"objective", 0.0, 2.0, 0.0, 1},
    {"exact_limit", 0.0, 40.0, 24.0, 1},
    {"exact_limit_reach", 0.0, 20.0, 12.0, 1},
    {"enum_depth", 0.0, 3.0, 3.0, 1},
    {"work_limit", 1e3, 1e15, 3e9, 0},
    {"reject_report", 0.0, 1e6, 10.0, 1},
};
#define NPARAMS ((int)(sizeof PARAMS / sizeof PARAMS[0]))

kol_status kol_plan_param_bounds(int param, double *min, double *max,
                                 double *default_value)
{
    return kol__param_bounds(PARAMS, NPARAMS, param, min, max,
                             default_value);
}

const char *kol_plan_reason_name(int reason)
{
    switch (reason) {
    case KOL_PLAN_REASON_EXCLUDED: return "excluded";
    case KOL_PLAN_REASON_OVER_BUDGET: return "over_budget";
    case KOL_PLAN_REASON_TIER_MAX: return "tier_max";
    case KOL_PLAN_REASON_CATEGORY_MAX: return "category_max";
    case KOL_PLAN_REASON_PLATFORM_SHARE: return "platform_share";
    case KOL_PLAN_REASON_NO_GAIN: return "no_gain";
    case KOL_PLAN_REASON_OUTSCORED: return "outscored";
    default: return NULL;
    }
}

static kol_status planner_new_impl(kol_ctx *ctx, kol_planner **out)
{
    kol_planner *pl;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_planner_new: out is NULL");
    pl = kol__alloc(ctx, sizeof *pl);
    if (!pl)
        return KOL_STATUS_NOMEM;
    memset(pl, 0, sizeof *pl);
    pl->ctx = ctx;
    pl->budget = PARAMS[KOL_PLAN_PARAM_BUDGET].def;
    pl->objective = (int)PARAMS[KOL_PLAN_PARAM_OBJECTIVE].def;
    pl->exact_limit = (int)PARAMS[KOL_PLAN_PARAM_EXACT_LIMIT].def;
    pl->exact_limit_reach = (int)PARAMS[KOL_PLAN_PARAM_EXACT_LIMIT_REACH].def;
    pl->depth = (int)PARAMS[KOL_PLAN_PARAM_ENUM_DEPTH].def;
    pl->work_limit = PARAMS[KOL_PLAN_PARAM_WORK_LIMIT].def;
    pl->reject_report = (size_t)PARAMS[KOL_PLAN_PARAM_REJECT_REPORT].def;
    *out = pl;
    return KOL_STATUS_OK;
}

kol_status kol_planner_new(kol_ctx *ctx, kol_planner **out)
{
    return kol__nomem_in(ctx,
                         planner_new_impl(ctx, out),
                         "kol_planner_new");
}

static void free_candidates(kol_planner *pl)
{
    kol_ctx *ctx = pl->ctx;
    kol__free(ctx, pl->cost);
    kol__free(ctx, pl->value);
    kol__free(ctx, pl->conv);
    kol__free(ctx, pl->tier);
    kol__free(ctx, pl->plat);
    kol__free(ctx, pl->cat);
    kol__free(ctx, pl->choice);
    kol__free(ctx, pl->regs);
}

void kol_planner_free(kol_planner *planner)
{
    kol_ctx *ctx;
    if (!planner)
        return;
    ctx = planner->ctx;
    free_candidates(planner);
    kol__free(ctx, planner->tier_min);
    kol__free(ctx, planner->tier_max);
    kol__free(ctx, planner->plat_min);
    kol__free(ctx, planner->plat_max);
    kol__free(ctx, planner->cat_max);
    kol__free(ctx, planner);
}

kol_status kol_planner_set_param(kol_planner *planner, int param, double value)
{
    kol_status st;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_param", planner->busy);
    st = kol__param_check(planner->ctx, "kol_planner_set_param", PARAMS,
                          NPARAMS, param, value);
    /* A whole number outside the objectives names no objective. */
    if (st == KOL_STATUS_OUT_OF_RANGE && param == KOL_PLAN_PARAM_OBJECTIVE &&
        value == floor(value))
        return kol__fail(planner->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_planner_set_param: unknown objective %g", value);
    if (st != KOL_STATUS_OK)
        return st;
    switch (param) {
    case KOL_PLAN_PARAM_BUDGET: planner->budget = value; break;
    case KOL_PLAN_PARAM_OBJECTIVE: planner->objective = (int)value; break;
    case KOL_PLAN_PARAM_EXACT_LIMIT: planner->exact_limit = (int)value; break;
    case KOL_PLAN_PARAM_EXACT_LIMIT_REACH:
        planner->exact_limit_reach = (int)value;
        break;
    case KOL_PLAN_PARAM_ENUM_DEPTH: planner->depth = (int)value; break;
    case KOL_PLAN_PARAM_WORK_LIMIT: planner->work_limit = value; break;
    default: planner->reject_report = (size_t)value; break;
    }
    return KOL_STATUS_OK;
}

kol_status kol_planner_get_param(const kol_planner *planner, int param,
                                 double *value)
{
    kol_status st;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(planner->ctx, "kol_planner_get_param", "value",
                              NPARAMS, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    switch (param) {
    case KOL_PLAN_PARAM_BUDGET: *value = planner->budget; break;
    case KOL_PLAN_PARAM_OBJECTIVE: *value = planner->objective; break;
    case KOL_PLAN_PARAM_EXACT_LIMIT: *value = planner->exact_limit; break;
    case KOL_PLAN_PARAM_EXACT_LIMIT_REACH:
        *value = planner->exact_limit_reach;
        break;
    case KOL_PLAN_PARAM_ENUM_DEPTH: *value = planner->depth; break;
    case KOL_PLAN_PARAM_WORK_LIMIT: *value = planner->work_limit; break;
    default: /* KOL_PLAN_PARAM_REJECT_REPORT */
        *value = (double)planner->reject_report;
        break;
    }
    return KOL_STATUS_OK;
}

/* ---- candidates and constraints -------------------------------------- */

static kol_status check_amounts(kol_ctx *ctx, const char *name,
                                const double *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!isfinite(a[i]))
            return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                             "kol_planner_set_candidates: %s[%z] is %g", name,
                             i, a[i]);
        if (a[i] < 0.0 || a[i] > MAX_AMOUNT)
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_planner_set_candidates: %s[%z] = %g is "
                             "outside [0, 2^53]", name, i, a[i]);
    }
    return KOL_STATUS_OK;
}

static kol_status check_codes(kol_ctx *ctx, const char *name,
                              const int32_t *a, size_t n)
{
    size_t i;
    if (!a)
        return KOL_STATUS_OK;
    for (i = 0; i < n; i++)
        if (a[i] < -1 || a[i] > KOL_PLAN_MAX_CODE)
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_planner_set_candidates: %s[%z] = %d is "
                             "outside [-1, %d]", name, i, (int)a[i],
                             KOL_PLAN_MAX_CODE);
    return KOL_STATUS_OK;
}

static double *dup_doubles(kol_ctx *ctx, const double *a, size_t n, int *bad)
{
    double *d;
    if (!a)
        return NULL;
    d = kol__alloc_array(ctx, n, sizeof *d);
    if (!d) {
        *bad = 1;
        return NULL;
    }
    memcpy(d, a, n * sizeof *d);
    return d;
}

static int32_t *dup_codes(kol_ctx *ctx, const int32_t *a, size_t n, int *bad)
{
    int32_t *d = kol__alloc_array(ctx, n, sizeof *d);
    size_t i;
    if (!d) {
        *bad = 1;
        return NULL;
    }
    if (a)
        memcpy(d, a, n * sizeof *d);
    else
        for (i = 0; i < n; i++)
            d[i] = -1;
    return d;
}

static kol_status
planner_set_candidates_impl(kol_planner *planner, const double *cost,
                            const double *value, const double *conversions,
                            const int32_t *tier, const int32_t *platform,
                            const int32_t *category, size_t n)
{
    kol_planner next;
    kol_ctx *ctx;
    kol_status st;
    int bad = 0;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_candidates",
                         planner->busy);
    ctx = planner->ctx;
    if (n == 0)
        return kol__fail(ctx, KOL_STATUS_EMPTY,
                         "kol_planner_set_candidates: no candidates (n = 0)");
    if (!cost)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_planner_set_candidates: cost is NULL");
    if (n > KOL_PLAN_MAX_CANDIDATES)
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "kol_planner_set_candidates: %z candidates, at most "
                         "%u", n, (unsigned)KOL_PLAN_MAX_CANDIDATES);
    if ((st = check_amounts(ctx, "cost", cost, n)) != KOL_STATUS_OK)
        return st;
    if (value && (st = check_amounts(ctx, "value", value, n)) != KOL_STATUS_OK)
        return st;
    if (conversions && (st = check_amounts(ctx, "conversions", conversions,
                                           n)) != KOL_STATUS_OK)
        return st;
    if ((st = check_codes(ctx, "tier", tier, n)) != KOL_STATUS_OK ||
        (st = check_codes(ctx, "platform", platform, n)) != KOL_STATUS_OK ||
        (st = check_codes(ctx, "category", category, n)) != KOL_STATUS_OK)
        return st;
    memset(&next, 0, sizeof next);
    next.ctx = ctx;
    next.cost = dup_doubles(ctx, cost, n, &bad);
    if (!bad)
        next.value = dup_doubles(ctx, value, n, &bad);
    if (!bad)
        next.conv = dup_doubles(ctx, conversions, n, &bad);
    if (!bad)
        next.tier = dup_codes(ctx, tier, n, &bad);
    if (!bad)
        next.plat = dup_codes(ctx, platform, n, &bad);
    if (!bad)
        next.cat = dup_codes(ctx, category, n, &bad);
    if (!bad) {
        next.choice = kol__calloc_array(ctx, n, 1);
        bad = next.choice == NULL;
    }
    if (bad) {
        free_candidates(&next);
        return KOL_STATUS_NOMEM;
    }
    free_candidates(planner);
    planner->n = n;
    planner->cost = next.cost;
    planner->value = next.value;
    planner->conv = next.conv;
    planner->tier = next.tier;
    planner->plat = next.plat;
    planner->cat = next.cat;
    planner->choice = next.choice;
    planner->regs = NULL;
    planner->p = 0;
    planner->seed = 0;
    planner->m = 0;
    return KOL_STATUS_OK;
}

kol_status kol_planner_set_candidates(kol_planner *planner, const double *cost,
                                      const double *value,
                                      const double *conversions,
                                      const int32_t *tier,
                                      const int32_t *platform,
                                      const int32_t *category, size_t n)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_set_candidates_impl(planner, cost, value,
                                                     conversions, tier,
                                                     platform, category, n),
                         "kol_planner_set_candidates");
}

static kol_status planner_set_audiences_impl(kol_planner *planner,
                                             const kol_sketch *const *sketches,
                                             size_t n)
{
    kol_ctx *ctx;
    uint8_t *regs;
    size_t i, m;
    int p;
    uint64_t seed;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_audiences",
                         planner->busy);
    ctx = planner->ctx;
    if (!sketches)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_planner_set_audiences: sketches is NULL");
    if (n != planner->n || n == 0)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_planner_set_audiences: %z sketches for %z "
                         "candidates", n, planner->n);
    for (i = 0; i < n; i++)
        if (!sketches[i])
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_planner_set_audiences: sketch %z is NULL",
                             i);
    p = kol_sketch_precision(sketches[0]);
    seed = kol_sketch_seed(sketches[0]);
    for (i = 1; i < n; i++) {
        if (kol_sketch_precision(sketches[i]) != p)
            return kol__fail(ctx, KOL_STATUS_MISMATCH,
                             "kol_planner_set_audiences: sketch %z (precision "
                             "%d) differs from sketch 0 (precision %d) in "
                             "precision",
                             i, kol_sketch_precision(sketches[i]), p);
        if (kol_sketch_seed(sketches[i]) != seed)
            return kol__fail(ctx, KOL_STATUS_MISMATCH,
                             "kol_planner_set_audiences: sketch %z (seed %L) "
                             "differs from sketch 0 (seed %L) in seed: their "
                             "users hash differently and cannot be merged",
                             i, kol_sketch_seed(sketches[i]), seed);
    }
    m = (size_t)1 << p;
    regs = kol__alloc_array(ctx, n, m);
    if (!regs)
        return KOL_STATUS_NOMEM;
    for (i = 0; i < n; i++)
        memcpy(regs + i * m, kol__sketch_registers(sketches[i]), m);
    kol__free(ctx, planner->regs);
    planner->regs = regs;
    planner->p = p;
    planner->seed = seed;
    planner->m = m;
    return KOL_STATUS_OK;
}

kol_status kol_planner_set_audiences(kol_planner *planner,
                                     const kol_sketch *const *sketches,
                                     size_t n)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_set_audiences_impl(planner, sketches, n),
                         "kol_planner_set_audiences");
}

kol_status kol_planner_set_choice(kol_planner *planner, size_t index,
                                  int choice)
{
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_choice",
                         planner->busy);
    if (index >= planner->n)
        return kol__fail(planner->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_planner_set_choice: no candidate %z (%z "
                         "candidates)", index, planner->n);
    if (choice < KOL_PLAN_CHOICE_FREE || choice > KOL_PLAN_CHOICE_EXCLUDE)
        return kol__fail(planner->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_planner_set_choice: unknown choice %d for "
                         "candidate %z", choice, index);
    planner->choice[index] = (uint8_t)choice;
    return KOL_STATUS_OK;
}

/* Grow a limit array family to hold code; new entries get defaults. */
static kol_status grow_u32(kol_ctx *ctx, uint32_t **a, size_t old,
                           size_t want, uint32_t fill)
{
    uint32_t *b = kol__realloc_array(ctx, *a, want, sizeof *b);
    size_t i;
    if (!b)
        return KOL_STATUS_NOMEM;
    for (i = old; i < want; i++)
        b[i] = fill;
    *a = b;
    return KOL_STATUS_OK;
}

static kol_status grow_dbl(kol_ctx *ctx, double **a, size_t old, size_t want,
                           double fill)
{
    double *b = kol__realloc_array(ctx, *a, want, sizeof *b);
    size_t i;
    if (!b)
        return KOL_STATUS_NOMEM;
    for (i = old; i < want; i++)
        b[i] = fill;
    *a = b;
    return KOL_STATUS_OK;
}

static kol_status check_code(kol_ctx *ctx, const char *where, const char *what,
                             int32_t code)
{
    if (code < 0 || code > KOL_PLAN_MAX_CODE)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: %s code %d outside [0, %d]", where, what,
                         (int)code, KOL_PLAN_MAX_CODE);
    return KOL_STATUS_OK;
}

static kol_status planner_set_tier_limit_impl(kol_planner *planner,
                                              int32_t tier, uint32_t min,
                                              uint32_t max)
{
    static const char *const W = "kol_planner_set_tier_limit";
    kol_status st;
    size_t want;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_tier_limit",
                         planner->busy);
    if ((st = check_code(planner->ctx, W, "tier", tier)) != KOL_STATUS_OK)
        return st;
    if (min > max)
        return kol__fail(planner->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: tier %d minimum %u above maximum %u", W,
                         (int)tier, (unsigned)min, (unsigned)max);
    want = (size_t)tier + 1;
    if (want > planner->ntier) {
        /* Both arrays grow before ntier moves: a failure between them
         * leaves a longer array whose extra entries are never read. */
        if ((st = grow_u32(planner->ctx, &planner->tier_min, planner->ntier,
                           want, 0)) != KOL_STATUS_OK ||
            (st = grow_u32(planner->ctx, &planner->tier_max, planner->ntier,
                           want, NO_MAX)) != KOL_STATUS_OK)
            return st;
        planner->ntier = want;
    }
    planner->tier_min[tier] = min;
    planner->tier_max[tier] = max;
    return KOL_STATUS_OK;
}

kol_status kol_planner_set_tier_limit(kol_planner *planner, int32_t tier,
                                      uint32_t min, uint32_t max)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_set_tier_limit_impl(planner, tier, min, max),
                         "kol_planner_set_tier_limit");
}

static kol_status planner_set_platform_share_impl(kol_planner *planner,
                                                  int32_t platform,
                                                  double min_share,
                                                  double max_share)
{
    static const char *const W = "kol_planner_set_platform_share";
    kol_status st;
    size_t want;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_platform_share",
                         planner->busy);
    if ((st = check_code(planner->ctx, W, "platform", platform)) !=
        KOL_STATUS_OK)
        return st;
    if (!isfinite(min_share) || !isfinite(max_share))
        return kol__fail(planner->ctx, KOL_STATUS_NOT_FINITE,
                         "%s: platform %d shares %g and %g", W, (int)platform,
                         min_share, max_share);
    if (min_share < 0.0 || max_share > 1.0 || min_share > max_share)
        return kol__fail(planner->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: platform %d shares [%g, %g] are not within "
                         "0 <= min <= max <= 1", W, (int)platform, min_share,
                         max_share);
    want = (size_t)platform + 1;
    if (want > planner->nplat) {
        if ((st = grow_dbl(planner->ctx, &planner->plat_min, planner->nplat,
                           want, 0.0)) != KOL_STATUS_OK ||
            (st = grow_dbl(planner->ctx, &planner->plat_max, planner->nplat,
                           want, 1.0)) != KOL_STATUS_OK)
            return st;
        planner->nplat = want;
    }
    planner->plat_min[platform] = min_share;
    planner->plat_max[platform] = max_share;
    return KOL_STATUS_OK;
}

kol_status kol_planner_set_platform_share(kol_planner *planner,
                                          int32_t platform, double min_share,
                                          double max_share)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_set_platform_share_impl(planner, platform,
                                                         min_share, max_share),
                         "kol_planner_set_platform_share");
}

static kol_status planner_set_category_max_impl(kol_planner *planner,
                                                int32_t category, uint32_t max)
{
    static const char *const W = "kol_planner_set_category_max";
    kol_status st;
    size_t want;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_set_category_max",
                         planner->busy);
    if ((st = check_code(planner->ctx, W, "category", category)) !=
        KOL_STATUS_OK)
        return st;
    want = (size_t)category + 1;
    if (want > planner->ncat) {
        if ((st = grow_u32(planner->ctx, &planner->cat_max, planner->ncat,
                           want, NO_MAX)) != KOL_STATUS_OK)
            return st;
        planner->ncat = want;
    }
    planner->cat_max[category] = max;
    return KOL_STATUS_OK;
}

kol_status kol_planner_set_category_max(kol_planner *planner,
                                        int32_t category, uint32_t max)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_set_category_max_impl(planner, category, max),
                         "kol_planner_set_category_max");
}

kol_status kol_planner_clear_constraints(kol_planner *planner)
{
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_clear_constraints",
                         planner->busy);
    planner->ntier = planner->nplat = planner->ncat = 0;
    if (planner->choice)
        memset(planner->choice, 0, planner->n);
    return KOL_STATUS_OK;
}

/* ---- search ------------------------------------------------------------ */

/* Amounts (the spend, the spend per platform) are kept as a pair of
 * doubles hi + lo that holds the sum of the costs without rounding error
 * (Knuth's TwoSum: lo collects what each addition rounded away), and
 * compared and reported as hi + lo rounded once. So whether a set of
 * candidates fits the budget, and the spend reported, do not depend on the
 * order in which its costs were added. */
static void amt_add(double *hi, double *lo, double c)
{
    double s = *hi + c, bv = s - *hi;
    *lo += (*hi - (s - bv)) + (c - bv);
    *hi = s;
}

/* hi + lo + c rounded once. */
static double amt_with(double hi, double lo, double c)
{
    double s = hi + c, bv = s - hi;
    return s + (lo + ((hi - (s - bv)) + (c - bv)));
}

struct state {
    double spend, spend_lo; /* an amount (amt_add) */
    double obj, obj_lo;     /* the objective; additive: a sum (obj_add) */
    uint32_t *tcnt;   /* ntier */
    uint32_t *ccnt;   /* ncat */
    double *pspend, *pspend_lo; /* nplat amounts */
    uint8_t *U;       /* m, reach only */
    uint8_t *in;      /* n flags */
    size_t *order;    /* picks in order */
    size_t k;         /* number of picks */
};

/* The spend of s, and its spend on platform f, rounded once. */
static double spend_of(const struct state *s)
{
    return s->spend + s->spend_lo;
}

static double pspend_of(const struct state *s, size_t f)
{
    return s->pspend[f] + s->pspend_lo[f];
}

/* An additive objective is a sum of gains up to 2^53 each, which can pass
 * 2^53 where adding 1 rounds to nothing: it is kept as a pair hi + lo
 * like the amounts, renormalised after each addition (Dekker's FastTwoSum
 * of hi and lo, exact since |hi| >= |lo|) so that hi is the sum rounded
 * and lo the rest. Equal sums then have equal pairs, and pairs compare
 * as their sums do, lexicographically. (For reach, lo stays 0.) */
static void obj_add(struct state *s, double w)
{
    double hi, lo = s->obj_lo;
    amt_add(&s->obj, &lo, w);
    hi = s->obj + lo;
    s->obj_lo = lo - (hi - s->obj);
    s->obj = hi;
}

/* The objective of s rounded once. */
static double obj_of(const struct state *s)
{
    return s->obj + s->obj_lo;
}

/* Whether the objective of a is above b's, and whether they are equal. */
static int obj_gt(const struct state *a, const struct state *b)
{
    return a->obj > b->obj || (a->obj == b->obj && a->obj_lo > b->obj_lo);
}

static int obj_eq(const struct state *a, const struct state *b)
{
    return a->obj == b->obj && a->obj_lo == b->obj_lo;
}

struct run {
    const kol_planner *pl;
    kol_ctx *ctx;
    size_t n;
    double B;
    int reach;
    const double *w;   /* additive gains */
    size_t m;
    int p;
    const uint8_t *R;  /* candidate registers */
    const size_t *F;   /* free candidates; by gain per cost when additive */
    size_t nf;
    uint64_t nodes;
    int have_best;
    struct state best;
    kol_status cancel;
    /* the exact search's closest miss when no plan meets the minimums:
     * the latest first unmet minimum (first_unmet()) a leaf had, and its
     * count or spend there (the largest); miss_mn -1: no leaf yet */
    long miss_mn;
    double miss_had;
    /* the greedy method's reach gains: registers read so far (m per
     * marginal gain), the most they may read (0: no limit), and when
     * progress is next reported */
    uint64_t steps, step_limit, next_tick;
    /* the greedy method's reach gains, sparse candidates (sparse_build()):
     * when sp[c], the non-empty registers of candidate c are at positions
     * nz[nzoff[c]] .. nz[nzoff[c + 1] - 1]; NULL for the exact method
     * (every gain then reads all m registers) */
    const uint8_t *sp;
    const size_t *nzoff;
    const uint32_t *nz;
    /* the greedy method's lazy reach gains (lazy_build(); NULL for the
     * exact method and for additive objectives): lz[c] bounds candidate
     * c's decrement of the estimator's denominator (reach_bound()), +inf
     * until its gain is computed in the current completion; hk and hc
     * the heap of a pick (keys and candidates) */
    double *lz;
    double *hk;
    size_t *hc;
    int lazy; /* 0: no bounds kept (lz stays +inf), every gain computed */
};

/* The spend bounds of platform f's shares: min_share * B and max_share *
 * B, widened by a relative 2^-50 (about 9e-16): the double nearest a
 * decimal share is not that share, and the product can round past the
 * amount it names (0.29 * 100 is 28.999999999999996, 0.07 * 100 is
 * 7.000000000000001), so that a spend of exactly 29 would break a
 * maximum of 29% of 100 and one of 7 would miss a minimum of 7%. The
 * slack covers those roundings (each at most 2^-53) with room to spare,
 * and is far below any difference of amounts that a host means. Shares
 * of 0 and 1 are exact (0 and B). docs/model-overlap.md, section 4.1. */
static double share_min(const struct run *r, size_t f)
{
    const double s = r->pl->plat_min[f];
    return s >= 1.0 ? r->B : s * r->B * (1.0 - 0x1p-50);
}

static double share_max(const struct run *r, size_t f)
{
    const double s = r->pl->plat_max[f];
    return s >= 1.0 ? r->B : s * r->B * (1.0 + 0x1p-50);
}

static kol_status state_alloc(struct run *r, struct state *s)
{
    const kol_planner *pl = r->pl;
    memset(s, 0, sizeof *s);
    s->tcnt = kol__calloc_array(r->ctx, pl->ntier + 1, sizeof *s->tcnt);
    s->ccnt = kol__calloc_array(r->ctx, pl->ncat + 1, sizeof *s->ccnt);
    s->pspend = kol__calloc_array(r->ctx, pl->nplat + 1, sizeof *s->pspend);
    s->pspend_lo =
        kol__calloc_array(r->ctx, pl->nplat + 1, sizeof *s->pspend_lo);
    s->in = kol__calloc_array(r->ctx, r->n, 1);
    s->order = kol__alloc_array(r->ctx, r->n, sizeof *s->order);
    if (r->reach)
        s->U = kol__calloc_array(r->ctx, r->m, 1);
    if (!s->tcnt || !s->ccnt || !s->pspend || !s->pspend_lo || !s->in ||
        !s->order || (r->reach && !s->U))
        return KOL_STATUS_NOMEM;
    return KOL_STATUS_OK;
}

static void state_free(struct run *r, struct state *s)
{
    kol__free(r->ctx, s->tcnt);
    kol__free(r->ctx, s->ccnt);
    kol__free(r->ctx, s->pspend);
    kol__free(r->ctx, s->pspend_lo);
    kol__free(r->ctx, s->in);
    kol__free(r->ctx, s->order);
    kol__free(r->ctx, s->U);
    memset(s, 0, sizeof *s);
}

static void state_copy(const struct run *r, struct state *d,
                       const struct state *s)
{
    const kol_planner *pl = r->pl;
    d->spend = s->spend;
    d->spend_lo = s->spend_lo;
    d->obj = s->obj;
    d->obj_lo = s->obj_lo;
    memcpy(d->tcnt, s->tcnt, (pl->ntier + 1) * sizeof *d->tcnt);
    memcpy(d->ccnt, s->ccnt, (pl->ncat + 1) * sizeof *d->ccnt);
    memcpy(d->pspend, s->pspend, (pl->nplat + 1) * sizeof *d->pspend);
    memcpy(d->pspend_lo, s->pspend_lo,
           (pl->nplat + 1) * sizeof *d->pspend_lo);
    memcpy(d->in, s->in, r->n);
    memcpy(d->order, s->order, s->k * sizeof *d->order);
    d->k = s->k;
    if (r->reach)
        memcpy(d->U, s->U, r->m);
}

/* 0 when candidate c can join state s; otherwise the reason it cannot. */
static int blocker(const struct run *r, const struct state *s, size_t c)
{
    const kol_planner *pl = r->pl;
    int32_t t = pl->tier[c], g = pl->cat[c], f = pl->plat[c];
    if (amt_with(s->spend, s->spend_lo, pl->cost[c]) > r->B)
        return KOL_PLAN_REASON_OVER_BUDGET;
    if (t >= 0 && (size_t)t < pl->ntier && s->tcnt[t] >= pl->tier_max[t])
        return KOL_PLAN_REASON_TIER_MAX;
    if (g >= 0 && (size_t)g < pl->ncat && s->ccnt[g] >= pl->cat_max[g])
        return KOL_PLAN_REASON_CATEGORY_MAX;
    if (f >= 0 && (size_t)f < pl->nplat &&
        amt_with(s->pspend[f], s->pspend_lo[f], pl->cost[c]) >
            share_max(r, (size_t)f))
        return KOL_PLAN_REASON_PLATFORM_SHARE;
    return 0;
}

/* Estimated reach of U joined with candidate c; writes the union into dst
 * when dst is not NULL. The registers are counted into four histograms
 * side by side, summed at the end (the same counts): most registers hold
 * one of a few values, and one histogram would make each count wait on
 * the one before it. m is a power of 2, at least 16. */
static double reach_with(const struct run *r, const uint8_t *U, size_t c,
                         uint8_t *dst)
{
    uint32_t h4[4][64], hist[64];
    const uint8_t *C = r->R + c * r->m;
    size_t j, k;
    memset(h4, 0, sizeof h4);
    for (j = 0; j < r->m; j += 4) {
        uint8_t v0 = U[j] > C[j] ? U[j] : C[j];
        uint8_t v1 = U[j + 1] > C[j + 1] ? U[j + 1] : C[j + 1];
        uint8_t v2 = U[j + 2] > C[j + 2] ? U[j + 2] : C[j + 2];
        uint8_t v3 = U[j + 3] > C[j + 3] ? U[j + 3] : C[j + 3];
        if (dst) {
            dst[j] = v0;
            dst[j + 1] = v1;
            dst[j + 2] = v2;
            dst[j + 3] = v3;
        }
        h4[0][v0 & 63u]++;
        h4[1][v1 & 63u]++;
        h4[2][v2 & 63u]++;
        h4[3][v3 & 63u]++;
    }
    for (k = 0; k < 64; k++)
        hist[k] = h4[0][k] + h4[1][k] + h4[2][k] + h4[3][k];
    return kol__hll_estimate(hist, r->p);
}

/* The estimated reach of state s joined with candidate c, for the greedy
 * method: hu is the histogram of s->U. A sparse candidate's union with U differs
 * from U only where its registers are above U's, all among its non-empty
 * ones: the union's histogram is hu moved there, the same counts that
 * reach_with() gives, so the same estimate, read from the candidate's
 * few registers instead of all m. */
static double reach_union(const struct run *r, const struct state *s,
                          const uint32_t hu[64], size_t c)
{
    uint32_t hist[64];
    const uint8_t *C = r->R + c * r->m, *U = s->U;
    size_t k;
    if (!r->sp || !r->sp[c])
        return reach_with(r, U, c, NULL);
    memcpy(hist, hu, sizeof hist);
    /* without a branch: whether a register moves is data, as random as
     * the users' hashes */
    for (k = r->nzoff[c]; k < r->nzoff[c + 1]; k++) {
        uint32_t j = r->nz[k], up = C[j] > U[j];
        hist[U[j] & 63u] -= up;
        hist[C[j] & 63u] += up;
    }
    return kol__hll_estimate(hist, r->p);
}

/* The marginal reach of candidate c on state s (reach_union() less the
 * state's estimate). */
static double reach_gain(const struct run *r, const struct state *s,
                         const uint32_t hu[64], size_t c)
{
    return reach_union(r, s, hu, c) - s->obj;
}

/* The sparse candidates of a reach run (those with at most m / 4
 * non-empty registers: a sketch of fewer users than a quarter of its
 * registers, the usual follower sample) and the positions of their
 * non-empty registers, for reach_union(); and r->lazy, 0 when a
 * register holds the top rank. Returns NOMEM with nothing allocated. */
static kol_status sparse_build(struct run *r, uint8_t **sp, size_t **nzoff,
                               uint32_t **nz)
{
    /* the lazy gains' bounds exclude the top rank q + 1 (lazy_build()):
     * looked for in the same pass */
    const uint8_t top = (uint8_t)(65 - r->p);
    unsigned at_top = 0;
    size_t c, j, total = 0, at = 0;
    *sp = kol__calloc_array(r->ctx, r->n, 1);
    *nzoff = kol__alloc_array(r->ctx, r->n + 1, sizeof **nzoff);
    *nz = NULL;
    if (!*sp || !*nzoff)
        goto nomem;
    for (c = 0; c < r->n; c++) {
        const uint8_t *C = r->R + c * r->m;
        size_t cnt = 0;
        for (j = 0; j < r->m; j++) {
            cnt += C[j] != 0;
            at_top |= C[j] >= top;
        }
        if (cnt * 4 <= r->m) {
            (*sp)[c] = 1;
            total += cnt;
        }
    }
    r->lazy = !at_top;
    *nz = kol__alloc_array(r->ctx, total ? total : 1, sizeof **nz);
    if (!*nz)
        goto nomem;
    for (c = 0; c < r->n; c++) {
        const uint8_t *C = r->R + c * r->m;
        (*nzoff)[c] = at;
        if ((*sp)[c])
            for (j = 0; j < r->m; j++)
                if (C[j] != 0)
                    (*nz)[at++] = (uint32_t)j;
    }
    (*nzoff)[r->n] = at;
    r->sp = *sp;
    r->nzoff = *nzoff;
    r->nz = *nz;
    return KOL_STATUS_OK;
nomem:
    kol__free(r->ctx, *sp);
    kol__free(r->ctx, *nzoff);
    *sp = NULL;
    *nzoff = NULL;
    return KOL_STATUS_NOMEM;
}

static double gain_of(const struct run *r, const struct state *s, size_t c)
{
    if (!r->reach)
        return r->w[c];
    return reach_with(r, s->U, c, NULL) - s->obj;
}

/* What adding a candidate changes in a state's spends, objective and
 * counts: saved before (sums_save), taken back exactly after
 * (sums_undo). */
struct saved {
    double spend, spend_lo, obj, obj_lo, ps, ps_lo;
};

static void sums_save(const struct run *r, const struct state *s, size_t c,
                      struct saved *v)
{
    int32_t f = r->pl->plat[c];
    v->spend = s->spend;
    v->spend_lo = s->spend_lo;
    v->obj = s->obj;
    v->obj_lo = s->obj_lo;
    v->ps = v->ps_lo = 0.0;
    if (f >= 0 && (size_t)f < r->pl->nplat) {
        v->ps = s->pspend[f];
        v->ps_lo = s->pspend_lo[f];
    }
}

/* The spend and counts of s with c added (not the objective). */
static void sums_add(const struct run *r, struct state *s, size_t c)
{
    const kol_planner *pl = r->pl;
    int32_t t = pl->tier[c], g = pl->cat[c], f = pl->plat[c];
    amt_add(&s->spend, &s->spend_lo, pl->cost[c]);
    if (t >= 0 && (size_t)t < pl->ntier)
        s->tcnt[t]++;
    if (g >= 0 && (size_t)g < pl->ncat)
        s->ccnt[g]++;
    if (f >= 0 && (size_t)f < pl->nplat)
        amt_add(&s->pspend[f], &s->pspend_lo[f], pl->cost[c]);
}

static void sums_undo(const struct run *r, struct state *s, size_t c,
                      const struct saved *v)
{
    const kol_planner *pl = r->pl;
    int32_t t = pl->tier[c], g = pl->cat[c], f = pl->plat[c];
    s->spend = v->spend;
    s->spend_lo = v->spend_lo;
    s->obj = v->obj;
    s->obj_lo = v->obj_lo;
    if (t >= 0 && (size_t)t < pl->ntier)
        s->tcnt[t]--;
    if (g >= 0 && (size_t)g < pl->ncat)
        s->ccnt[g]--;
    if (f >= 0 && (size_t)f < pl->nplat) {
        s->pspend[f] = v->ps;
        s->pspend_lo[f] = v->ps_lo;
    }
}

/* Add c to s (the caller checked blocker). Returns the gain (additive:
 * the candidate's own, exactly). */
static double state_add(const struct run *r, struct state *s, size_t c)
{
    double before = s->obj;
    sums_add(r, s, c);
    s->in[c] = 1;
    s->order[s->k++] = c;
    if (r->reach) {
        s->obj = reach_with(r, s->U, c, s->U);
        return s->obj - before;
    }
    obj_add(s, r->w[c]);
    return r->w[c];
}

/* The first minimum s misses: tier t as t, platform f as ntier + f; -1
 * when s meets every minimum. */
static long first_unmet(const struct run *r, const struct state *s)
{
    const kol_planner *pl = r->pl;
    size_t i;
    for (i = 0; i < pl->ntier; i++)
        if (s->tcnt[i] < pl->tier_min[i])
            return (long)i;
    for (i = 0; i < pl->nplat; i++)
        if (pspend_of(s, i) < share_min(r, i))
            return (long)(pl->ntier + i);
    return -1;
}

/* Whether s meets every minimum. */
static int mins_met(const struct run *r, const struct state *s)
{
    return first_unmet(r, s) < 0;
}

/* What a state that misses minimum mn (first_unmet()) has of it: its
 * count of the tier, or its spend on the platform. */
static double unmet_had(const struct run *r, const struct state *s, long mn)
{
    const size_t i = (size_t)mn;
    if (i < r->pl->ntier)
        return (double)s->tcnt[i];
    return pspend_of(s, i - r->pl->ntier);
}

/* INFEASIBLE naming minimum mn (first_unmet()) and what the attempt the
 * message reports had of it. A platform's minimum is named as its share
 * of the budget: the product (share_min()) can read 7.000000000000001
 * for 0.07 of 100. */
static kol_status infeasible_at(const struct run *r, long mn, double had,
                                const char *method, const char *tail)
{
    const kol_planner *pl = r->pl;
    size_t i = (size_t)mn;
    if (i < pl->ntier)
        return kol__fail(r->ctx, KOL_STATUS_INFEASIBLE,
                         "kol_planner_run: %s found no plan meeting "
                         "every constraint (tier %z needs at least %u, "
                         "best attempt had %u)%s", method, i,
                         (unsigned)pl->tier_min[i], (unsigned)had, tail);
    i -= pl->ntier;
    return kol__fail(r->ctx, KOL_STATUS_INFEASIBLE,
                     "kol_planner_run: %s found no plan meeting "
                     "every constraint (platform %z needs a spend "
                     "of at least %g of the budget of %g, best attempt "
                     "spent %g)%s",
                     method, i, pl->plat_min[i], r->B, had, tail);
}

/* Ratio comparison g/c > gb/cb without division, on the exact products
 * g cb and gb c (kol__two_prod; gains and costs are at most 2^53 or so): the sign of (p1 - p2) + (e1 - e2). p1 - p2 is exact when
 * the two are within a factor 2 of each other (Sterbenz), and otherwise
 * far larger than the error terms; so the order is that of the exact
 * ratios, a consistent (transitive) order for the sorts below. Ties:
 * larger gain, then smaller cost. */
static int better(double g, double c, double gb, double cb)
{
    double p1, e1, p2, e2, dp, de;
    kol__two_prod(g, cb, &p1, &e1);
    kol__two_prod(gb, c, &p2, &e2);
    dp = p1 - p2;
    de = e2 - e1;
    if (dp != de)
        return dp > de;
    if (g != gb)
        return g > gb;
    return c < cb;
}

static kol_status tick(struct run *r, uint64_t done, uint64_t total,
                       const char *what)
{
    /* The run reads the planner through a const pointer; its busy mark is
     * no part of what it plans with, and the planner is heap memory,
     * never defined const, so it is written through a cast. */
    kol_planner *pl = (kol_planner *)r->pl;
    kol_status st;
    pl->busy = "kol_planner_run";
    st = kol__progress(r->ctx, done, total, what);
    pl->busy = NULL;
    if (st != KOL_STATUS_OK)
        r->cancel = st;
    return st;
}

/* Progress of the greedy method's reach gains: every 2^22 registers
 * read (a few milliseconds), total 0. */
#define REACH_TICK ((uint64_t)1 << 22)

/* Counts the m registers that one reach gain of the greedy method reads,
 * before it is computed. 1 when the run must stop: the count would pass
 * r->step_limit, or the progress callback, called every REACH_TICK
 * registers, cancelled (r->cancel set). */
static int reach_step(struct run *r)
{
    r->steps += r->m;
    if (r->step_limit != 0 && r->steps > r->step_limit)
        return 1;
    if (r->steps >= r->next_tick) {
        r->next_tick = r->steps + REACH_TICK;
        if (tick(r, r->steps, 0, "kol_planner_run (greedy, reach)") !=
            KOL_STATUS_OK)
            return 1;
    }
    return 0;
}

/* The status of a run that reach_step() stopped: the cancel, or
 * INFEASIBLE at the work limit. */
static kol_status reach_stopped(const struct run *r)
{
    if (r->cancel != KOL_STATUS_OK)
        return r->cancel;
    return kol__fail(r->ctx, KOL_STATUS_INFEASIBLE,
                     "kol_planner_run: the greedy search for reach stopped "
                     "at the work limit (%g steps) before it completed a "
                     "plan: each pick weighs up to %z free candidates of "
                     "%z registers each; raise KOL_PLAN_PARAM_WORK_LIMIT",
                     r->pl->work_limit, r->nf, r->m);
}

/* -- exact search -- */

struct exact {
    struct run *r;
    size_t *F;      /* free candidates, by ratio (additive) or index */
    size_t nf;
    uint8_t *Ustack; /* (nf + 1) * m for reach */
    struct state cur;
    /* progress every tick_mask + 1 nodes: 65536, or for reach 2^22 / m
     * (a node weighs a union of m registers; about 2^22 registers) */
    uint64_t tick_mask;
};

/* The fractional-knapsack bound on what F[i..] can add to a state of
 * spend hi + lo. Whether an item fits is tested as blocker() tests it, on
 * the total with it (amt_with(...) <= B): a test on the room left
 * (B - spend) rounds differently, and could call an item that the search
 * accepts a fraction, make the bound too low and cut a plan that ties. */
static double frac_bound(const struct exact *e, size_t i, double hi,
                         double lo)
{
    const struct run *r = e->r;
    double sum = 0.0;
    for (; i < e->nf; i++) {
        size_t c = e->F[i];
        double cost = r->pl->cost[c];
        if (amt_with(hi, lo, cost) <= r->B) {
            amt_add(&hi, &lo, cost);
            sum += r->w[c];
        } else {
            /* the room as up to half a unit above B (a plan fits when
             * its exact spend rounds to B): B (1 + 2^-52) */
            sum += r->w[c] * ((r->B * (1.0 + 0x1p-52) - (hi + lo)) / cost);
            break;
        }
    }
    return sum;
}

/* Whether a plan of state s, or one extending it with the same objective
 * value, would beat the best plan on a tie of objective values: the lower
 * spend wins, then the fewer picks (extensions only add spend and picks, and
 * costs are non-negative, so neither decreases below the state's). Ties on
 * all three keep the plan met first in search order. */
static int tie_better(const struct run *r, const struct state *s)
{
    const double a = spend_of(s), b = spend_of(&r->best);
    return a < b || (a == b && s->k < r->best.k);
}

/* Whether the complete plan of state s replaces the best plan. */
static int improves(const struct run *r, const struct state *s)
{
    if (!r->have_best || obj_gt(s, &r->best))
        return 1;
    return obj_eq(s, &r->best) && tie_better(r, s);
}

static void exact_dfs(struct exact *e, size_t i, size_t level)
{
    struct run *r = e->r;
    struct state *s = &e->cur;
    size_t c;
    if (r->cancel != KOL_STATUS_OK)
        return;
    if ((++r->nodes & e->tick_mask) == 0 &&
        tick(r, r->nodes, 0, "kol_planner_run (exact search)") !=
            KOL_STATUS_OK)
        return;
    if (i == e->nf) {
        long mn = first_unmet(r, s);
        if (mn < 0) {
            if (improves(r, s)) {
                state_copy(r, &r->best, s);
                r->have_best = 1;
            }
        } else {
            /* the closest miss, for the message when no leaf meets the
             * minimums: the one meeting the most of them in order, then
             * the one with the most of the first it misses */
            double had = unmet_had(r, s, mn);
            if (mn > r->miss_mn || (mn == r->miss_mn && had > r->miss_had)) {
                r->miss_mn = mn;
                r->miss_had = had;
            }
        }
        return;
    }
    /* Cut when no plan below can do better: a higher objective, or an equal
     * one with less spend or fewer picks. */
    if (!r->reach && r->have_best) {
        /* Raised by a relative 2^-45: the bound's sum runs in another order
         * than a plan's objective, and a plan fits when its exact spend
         * rounds to B, up to half a unit above it; both could otherwise
         * put the bound a few units of the last place below a plan that
         * ties or wins, and cut it. */
        double ub =
            (obj_of(s) + frac_bound(e, i, s->spend, s->spend_lo)) *
            (1.0 + 0x1p-45);
        double best = obj_of(&r->best);
        if (ub < best || (ub == best && !tie_better(r, s)))
            return;
    }
    c = e->F[i];
    if (blocker(r, s, c) == 0) {
        struct saved v;
        uint8_t *U = s->U;
        sums_save(r, s, c, &v);
        if (r->reach) {
            uint8_t *next = e->Ustack + (level + 1) * r->m;
            memcpy(next, U, r->m);
            s->U = next;
        }
        state_add(r, s, c);
        exact_dfs(e, i + 1, level + 1);
        /* undo exactly */
        s->k--;
        s->in[c] = 0;
        s->U = U;
        sums_undo(r, s, c, &v);
    }
    exact_dfs(e, i + 1, level);
}

/* Sort helpers: ratio order for the exact search, gain order for the
 * rejected report. qsort's comparators get no context, so the keys are
 * copied beside the index. */
struct keyed {
    double g;
    double c;
    size_t i;
};

static int cmp_ratio(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (better(x->g, x->c, y->g, y->c))
        return -1;
    if (better(y->g, y->c, x->g, x->c))
        return 1;
    /* glibc's merge sort always passes the earlier element first.
     * cov: tie order depends on the C library's qsort */
    return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_gain(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->g != y->g)
        return x->g > y->g ? -1 : 1;
    /* cov: tie order depends on the C library's qsort, as above */
    return x->i < y->i ? -1 : x->i > y->i;
}

/* -- greedy with partial enumeration -- */

/* Complete s greedily: first candidates that help an unmet minimum, then
 * the best gain per cost among every addable candidate with a positive
 * gain (Khuller, Moss and Naor 1999; Sahni 1975). */
static int helps_min(const struct run *r, const struct state *s, size_t c)
{
    const kol_planner *pl = r->pl;
    int32_t t = pl->tier[c], f = pl->plat[c];
    return (t >= 0 && (size_t)t < pl->ntier &&
            s->tcnt[t] < pl->tier_min[t]) ||
           (f >= 0 && (size_t)f < pl->nplat &&
            pspend_of(s, (size_t)f) < share_min(r, (size_t)f));
}

/* The additive case in one pass per phase over F in gain-per-cost order:
 * gains never change and a candidate that cannot be added (or does not
 * help a minimum) never can later, so this picks exactly what repeated
 * best-ratio selection picks, in the same order. */
static void greedy_complete_sorted(struct run *r, struct state *s)
{
    size_t i;
    for (i = 0; i < r->nf; i++) {
        size_t c = r->F[i];
        if (!s->in[c] && helps_min(r, s, c) && blocker(r, s, c) == 0)
            state_add(r, s, c);
    }
    for (i = 0; i < r->nf; i++) {
        size_t c = r->F[i];
        if (!s->in[c] && r->w[c] > 0.0 && blocker(r, s, c) == 0)
            state_add(r, s, c);
    }
}

/* -- lazy reach gains --
 *
 * The estimate is E = alpha m^2 / D, D the denominator of section 1.3
 * of docs/model-overlap.md. Adding candidate c to a union U lowers D by
 * delta_c(U) >= 0, and as U grows (register by register) delta_c(U)
 * never grows: a register above 0 adds 2^-U_j - 2^-C_j where C_j is
 * above it, which falls as U_j rises; the zero registers that c fills
 * lower m sigma(C_0 / m), sigma convex with slope at least 1, by at least
 * what they add (at most 1/2 each) once another candidate has filled
 * them. (The top rank q + 1, where tau enters, is excluded: lazy_build()
 * leaves the gains eager when any register holds it.) With
 * rho = delta / (alpha m^2) = 1/E(U) - 1/E(U + c), the gain at a later
 * union of estimate E is then at most rho E^2 / (1 - rho E). So a gain
 * computed once bounds the candidate's gain for the rest of the
 * completion, and a pick computes only the gains whose bounds could
 * reach the best gain per cost found (Minoux 1978, "Accelerated greedy
 * algorithms"; Leskovec et al. 2007, "Cost-effective outbreak detection
 * in networks", CELF). The estimates are computed in floating point:
 * LZ_EPS bounds their relative error (the sigma series, squared up to
 * 2^18 times at p = 18, loses about m ulps: 3e-11) with room to spare,
 * and the bounds are widened by it, so that they hold for the computed
 * gains, not only the exact ones. The pick is then the one every gain
 * would give: the same plans, bit for bit. */
#define LZ_EPS 0x1p-30

/* The bound kept for a gain computed at a state of estimate e, where the
 * union with the candidate estimates v. */
static double lz_of(double e, double v)
{
    if (!(e > 0.0)) /* the empty union (E = 0) bounds nothing */
        return HUGE_VAL;
    return (1.0 / e - 1.0 / v) + 3.0 * LZ_EPS / e;
}

/* The most the computed gain of a candidate with bound lz can be at a
 * state of estimate e; HUGE_VAL when nothing bounds it. */
static double reach_bound(double lz, double e)
{
    double x, den;
    if (lz == HUGE_VAL)
        return HUGE_VAL;
    x = e * (1.0 + LZ_EPS);
    den = 1.0 - lz * x;
    if (!(den > 0x1p-20))
        return HUGE_VAL;
    return (lz * x * x + 3.0 * LZ_EPS * x) / den;
}

/* The allocations of the lazy gains: n each. Returns NOMEM with nothing
 * allocated. When sparse_build() found a register of some candidate at
 * the top rank q + 1 (only forged sketches get there), r->lazy is 0: no
 * bounds are kept, and every gain is computed, in index order, as the
 * bounds all stay +inf. */
static kol_status lazy_build(struct run *r)
{
    r->lz = kol__alloc_array(r->ctx, r->n, sizeof *r->lz);
    r->hk = kol__alloc_array(r->ctx, r->n, sizeof *r->hk);
    r->hc = kol__alloc_array(r->ctx, r->n, sizeof *r->hc);
    if (!r->lz || !r->hk || !r->hc) {
        kol__free(r->ctx, r->lz);
        kol__free(r->ctx, r->hk);
        kol__free(r->ctx, r->hc);
        r->lz = r->hk = NULL;
        r->hc = NULL;
        return KOL_STATUS_NOMEM;
    }
    return KOL_STATUS_OK;
}

/* The heap of a pick: the largest key first, the lower candidate on a
 * tie (a fixed order, so the gains computed, and counted, are the same
 * on every run). */
static int heap_above(const struct run *r, size_t a, size_t b)
{
    if (r->hk[a] != r->hk[b])
        return r->hk[a] > r->hk[b];
    return r->hc[a] < r->hc[b];
}

static void heap_down(struct run *r, size_t i, size_t nh)
{
    for (;;) {
        size_t l = 2 * i + 1, t = i;
        double k;
        size_t c;
        if (l < nh && heap_above(r, l, t))
            t = l;
        if (l + 1 < nh && heap_above(r, l + 1, t))
            t = l + 1;
        if (t == i)
            return;
        k = r->hk[i];
        r->hk[i] = r->hk[t];
        r->hk[t] = k;
        c = r->hc[i];
        r->hc[i] = r->hc[t];
        r->hc[t] = c;
        i = t;
    }
}

#define PICK_NONE ((size_t)-1)
#define PICK_STOP ((size_t)-2)

/* One pick of the greedy completion for reach: among the free candidates
 * that can be added (and, with mins, help an unmet minimum; a gain below
 * 0 then counts as 0; without, only positive gains), the best gain per
 * cost, the lowest index on a tie. PICK_NONE when there is none,
 * PICK_STOP when reach_step() stopped the run. */
static size_t reach_pick(struct run *r, const struct state *s, int mins)
{
    const kol_planner *pl = r->pl;
    size_t c, best = PICK_NONE, nh = 0, i;
    double bg = 0.0;
    uint32_t hu[64];
    kol__hll_histogram(s->U, r->m, hu);
    for (c = 0; c < r->n; c++) {
        if (s->in[c] || pl->choice[c] != KOL_PLAN_CHOICE_FREE)
            continue;
        if ((mins && !helps_min(r, s, c)) || blocker(r, s, c) != 0)
            continue;
        /* A bound is above 0 (lz_of() adds 3 eps / e to rho), so no key
         * is 0 / 0; a cost of 0 makes it +inf. */
        r->hk[nh] = reach_bound(r->lz[c], s->obj) / pl->cost[c];
        r->hc[nh++] = c;
    }
    for (i = nh / 2; i-- > 0;)
        heap_down(r, i, nh);
    while (nh > 0) {
        double key = r->hk[0], g, v;
        c = r->hc[0];
        /* A key is a bound per cost, rounded. Every key left is at most
         * key, so its candidate's gain per cost is at most key (1 +
         * 2^-53): below the best's when the best's gain per cost, rounded,
         * exceeds key by more than the two roundings. A key of +inf (no
         * bound yet, or a cost of 0) never stops the pick. */
        if (best != PICK_NONE &&
            bg / pl->cost[best] > key * (1.0 + 0x1p-40))
            break;
        nh--;
        r->hk[0] = r->hk[nh];
        r->hc[0] = r->hc[nh];
        heap_down(r, 0, nh);
        if (reach_step(r))
            return PICK_STOP;
        v = reach_union(r, s, hu, c);
        g = v - s->obj;
        if (r->lazy)
            r->lz[c] = lz_of(s->obj, v);
        /* A union's estimate is never below its part's (monotone
         * estimator, see kol_sketch_overlap); kept against rounding.
         * cov: never true for any known input */
        if (mins && g < 0.0)
            g = 0.0;
        if (!mins && !(g > 0.0))
            continue;
        /* the first of equals in index order, as a pass over every
         * gain in index order would keep (the gains not computed are
         * below the best) */
        if (best == PICK_NONE ||
            better(g, pl->cost[c], bg, pl->cost[best]) ||
            (c < best && !better(bg, pl->cost[best], g, pl->cost[c]))) {
            best = c;
            bg = g;
        }
    }
    return best;
}

/* 1 when reach_step() stopped it (s then partly completed); 0 when
 * complete. */
static int greedy_complete(struct run *r, struct state *s)
{
    size_t c;
    if (!r->reach) {
        greedy_complete_sorted(r, s);
        return 0;
    }
    for (c = 0; c < r->n; c++)
        r->lz[c] = HUGE_VAL;
    for (;;) { /* minimums first, then the best gain per cost */
        c = reach_pick(r, s, 1);
        if (c == PICK_STOP)
            return 1;
        if (c == PICK_NONE)
            break;
        state_add(r, s, c);
    }
    for (;;) {
        c = reach_pick(r, s, 0);
        if (c == PICK_STOP)
            return 1;
        if (c == PICK_NONE)
            break;
        state_add(r, s, c);
    }
    return 0;
}

/* Whether base + c (c addable) meets every minimum and beats the best
 * plan so far (any plan when there is none). base is changed for the
 * test and restored exactly. */
static int single_beats(struct run *r, struct state *base, size_t c)
{
    struct saved v;
    int beats;
    sums_save(r, base, c, &v);
    sums_add(r, base, c);
    if (r->reach)
        base->obj = reach_with(r, base->U, c, NULL);
    else
        obj_add(base, r->w[c]);
    beats = mins_met(r, base) && (!r->have_best || obj_gt(base, &r->best));
    sums_undo(r, base, c, &v);
    return beats;
}

/* -- repair: a plan meeting the minimums when the greedy found none -- */

/* Greedy completion takes, for a minimum, the candidate of the best gain
 * per cost, which can spend the room another minimum needs. When no seed
 * gave a plan meeting every minimum, a depth-first search looks for a set
 * of free candidates that meets them all within the budget and the
 * maximums, the cheapest candidates first; its set is then filled
 * greedily. The search is complete: at each node it branches on every
 * candidate that helps the first unmet minimum (the candidates helping
 * the same minimum taken in increasing position, so each set is met
 * once), and every subset of a plan also fits. So it ends with a plan,
 * with a proof that none exists, or at the work limit. */
/* The work area of shared_room(): the unmet tiers (u) and the
 * categories of their candidates (g) in compact indices, and the
 * tier-category pairs (u * ng + g), at most CFLOW_PAIRS of them. */
#define CFLOW_PAIRS 65536u
struct cflow {
    int32_t *gidx;    /* ncat + 1: compact index of a category, -1 */
    uint32_t *gcode;  /* compact index -> category (ncat: none) */
    uint64_t *want;   /* ntier: candidates each unmet tier still needs */
    uint64_t *room;   /* ncat + 1: room each category leaves */
    uint64_t *uflow, *gflow; /* flow out of each tier, into each category */
    uint32_t *pcnt;   /* CFLOW_PAIRS: candidates of a pair that can be added */
    uint64_t *pflow;  /* CFLOW_PAIRS: how many of them the flow takes */
    int32_t *par;     /* ntier + ncat + 1: breadth-first parents */
    uint32_t *queue;  /* ntier + ncat + 1 */
    /* share_cost(): each pair's candidates by cost (pcost[pstart[p] ..
     * pstart[p + 1]), from the cheapest), how many of them its flow
     * takes (the cheapest), shortest distances and their arcs, and the
     * prices of the categories */
    uint32_t *acc;    /* nc: the pair of each candidate counted, in order */
    uint32_t *accc;   /* nc: and the candidate */
    uint32_t *pstart; /* CFLOW_PAIRS + 1 */
    double *pcost;    /* nc */
    uint32_t *xf;     /* CFLOW_PAIRS */
    double *du, *dg, *price; /* ntier, ncat + 1, ncat + 1 */
    int32_t *pu, *pg; /* ntier, ncat + 1: the pair of the last arc */
};

struct repair {
    struct run *r;
    const size_t *C;  /* free candidates by cost, then index */
    size_t nc;
    size_t *pick;     /* the candidates added on the current path */
    size_t k;
    uint32_t *cuse;   /* ncat + 1: repair_hopeless's count by category */
    uint32_t *tuse;   /* ntier + 1: and by tier */
    double *puse;     /* 2 (nplat + 1): its spend by platform, hi and lo */
    double *miss;     /* nplat + 1: each platform's missing spend at the
                       * node repair_hopeless() bounds */
    struct cflow *cf; /* shared_room()'s work area; NULL: not made */
    struct pnet *pn;  /* both_room()'s work area; NULL: not made */
    uint64_t steps, limit, next_tick;
    int cut;          /* stopped at the work limit */
};

static int cmp_cost(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    /* cov: tie order depends on the C library's qsort, as above */
    return x->i < y->i ? -1 : x->i > y->i;
}

static int helps(const struct run *r, long mn, size_t c)
{
    const kol_planner *pl = r->pl;
    if ((size_t)mn < pl->ntier)
        return pl->tier[c] == (int32_t)mn;
    return pl->plat[c] == (int32_t)((size_t)mn - pl->ntier);
}

/* The caps of tier_need(). */
enum need_cap {
    NEED_CAT,  /* at most as many of one category as its maximum leaves */
    NEED_PLAT, /* at most the spend a platform's share maximum leaves */
    NEED_FREE  /* NEED_CAT, with the candidates of a platform whose
                * minimum spend is unmet counted at no cost */
};

/* Whether candidate c counts at no cost for NEED_FREE: its platform still
 * misses its minimum spend (q->miss > 0). */
static int need_free(const struct repair *q, size_t c)
{
    int32_t f = q->r->pl->plat[c];
    return f >= 0 && (size_t)f < q->r->pl->nplat && q->miss[f] > 0.0;
}

/* The cost of the cheapest want candidates of tier i that are still out
 * of s and could be added now (blocker() 0), under one kind of cap
 * (enum need_cap); -1 when fewer remain. Spends and counts only grow
 * down the search, so a candidate blocked now stays blocked and a
 * category or platform never takes more than its room. Under either cap
 * alone, cheapest first is the cheapest choice of that many: the
 * categories are a partition matroid, and a platform's cheapest k
 * candidates fit its room whenever any k of them do (its marginal costs
 * only rise), so the greedy sum is the least cost of want candidates
 * meeting that cap, a lower bound of what the tier costs under both.
 * (One greedy under both caps at once would not be: a cheap candidate it
 * takes can use the room that a cheaper plan keeps for another.) For
 * NEED_FREE the free candidates are taken first (pass 0), then the
 * others by cost (pass 1): the same greedy, in the order of the costs it
 * counts. A platform's room is compared with a relative slack of 2^-40,
 * like the budget below; the slack only admits more candidates, which
 * lowers the bound. */
static double tier_need(struct repair *q, const struct state *s, size_t i,
                        uint32_t want, enum need_cap cap)
{
    const struct run *r = q->r;
    const kol_planner *pl = r->pl;
    double sum = 0.0;
    size_t j, e, seen = 0, end = 0;
    int pass;
    for (pass = cap == NEED_FREE ? 0 : 1; pass < 2 && want > 0; pass++) {
        for (j = 0; j < q->nc && want > 0; j++) {
            size_t c = q->C[j];
            int32_t g = pl->cat[c], f = pl->plat[c];
            int free_c = cap == NEED_FREE && need_free(q, c);
            if (s->in[c] || pl->tier[c] != (int32_t)i ||
                free_c != (pass == 0) || blocker(r, s, c) != 0)
                continue;
            if (cap != NEED_PLAT && g >= 0 && (size_t)g < pl->ncat) {
                if (s->ccnt[g] + q->cuse[g] >= pl->cat_max[g])
                    continue;
                q->cuse[g]++;
            } else if (cap == NEED_PLAT && f >= 0 &&
                       (size_t)f < pl->nplat) {
                double *u = q->puse + 2 * (size_t)f;
                if (pspend_of(s, (size_t)f) +
                        amt_with(u[0], u[1], pl->cost[c]) >
                    share_max(r, (size_t)f) * (1.0 + 0x1p-40))
                    continue;
                amt_add(&u[0], &u[1], pl->cost[c]);
            }
            sum += free_c ? 0.0 : pl->cost[c];
            want--;
        }
        seen += j;
        end = j > end ? j : end;
    }
    for (e = 0; e < end; e++) {
        int32_t g = pl->cat[q->C[e]], f = pl->plat[q->C[e]];
        if (g >= 0 && (size_t)g < pl->ncat)
            q->cuse[g] = 0;
        if (f >= 0 && (size_t)f < pl->nplat)
            q->puse[2 * (size_t)f] = q->puse[2 * (size_t)f + 1] = 0.0;
    }
    q->steps += seen + end;
    return want > 0 ? -1.0 : sum;
}

/* Whether the candidates of platform f that are still out of s and could
 * be added now can bring it a spend of target: the most expensive first,
 * at most as many of one tier as its maximum leaves room for (by_cat 0)
 * or of one category as its maximum leaves (by_cat 1). Under either cap
 * alone that greedy gives the largest spend any choice of them can (a
 * partition matroid), so 0 proves that the platform's minimum spend
 * cannot be met. The spend is compared with a relative slack of 2^-40 of
 * the budget, which only lets more through. */
static int plat_reach(struct repair *q, const struct state *s, size_t f,
                      double target, int by_cat)
{
    const struct run *r = q->r;
    const kol_planner *pl = r->pl;
    const double goal = target - r->B * 0x1p-40;
    double hi = 0.0, lo = 0.0;
    size_t j, e;
    for (j = q->nc; j > 0 && hi + lo < goal; j--) {
        size_t c = q->C[j - 1];
        int32_t t = pl->tier[c], g = pl->cat[c];
        if (s->in[c] || pl->plat[c] != (int32_t)f || blocker(r, s, c) != 0)
            continue;
        if (!by_cat && t >= 0 && (size_t)t < pl->ntier) {
            if (s->tcnt[t] + q->tuse[t] >= pl->tier_max[t])
                continue;
            q->tuse[t]++;
        } else if (by_cat && g >= 0 && (size_t)g < pl->ncat) {
            if (s->ccnt[g] + q->cuse[g] >= pl->cat_max[g])
                continue;
            q->cuse[g]++;
        }
        amt_add(&hi, &lo, pl->cost[c]);
    }
    for (e = j; e < q->nc; e++) {
        int32_t t = pl->tier[q->C[e]], g = pl->cat[q->C[e]];
        if (t >= 0 && (size_t)t < pl->ntier)
            q->tuse[t] = 0;
        if (g >= 0 && (size_t)g < pl->ncat)
            q->cuse[g] = 0;
    }
    q->steps += 2 * (q->nc - j);
    return hi + lo >= goal;
}

/* Shortest distances in the residual network of share_cost()'s flow,
 * by Bellman-Ford from the distances du, dg it is given: a tier reaches a
 * category through the pair's next candidate (its cost), a category a
 * tier by taking the pair's last one back (less its cost); pu, pg get the
 * pair of each node's last arc. An infinite distance stays so (inf + c
 * and inf - c are inf). Returns the rounds made. */
static size_t settle(struct cflow *f, size_t nu, size_t ng)
{
    const size_t nv = nu + ng + 2;
    size_t round, u, g;
    /* cov: without a negative cycle (none in exact arithmetic at a
     * minimum-cost flow) Bellman-Ford settles before nv rounds */
    for (round = 1; round < nv; round++) {
        int changed = 0;
        for (u = 0; u < nu; u++)
            for (g = 0; g < ng; g++) {
                const size_t p = u * ng + g;
                const double *pc = f->pcost + f->pstart[p];
                const uint32_t x = f->xf[p];
                if (x < f->pcnt[p] && f->du[u] + pc[x] < f->dg[g]) {
                    f->dg[g] = f->du[u] + pc[x];
                    f->pg[g] = (int32_t)p;
                    changed = 1;
                }
                if (x > 0 && f->dg[g] - pc[x - 1] < f->du[u]) {
                    f->du[u] = f->dg[g] - pc[x - 1];
                    f->pu[u] = (int32_t)p;
                    changed = 1;
                }
            }
        if (!changed)
            break;
    }
    return round;
}

/* A lower bound of the least cost of the unmet tiers' candidates taken
 * together under the category maximums, for shared_room() (whose counted
 * flow fits, so every tier can get what it needs): 0 when no choice of
 * them could cost more than room. The least cost is a minimum-cost flow
 * from the tiers to the categories through the candidates (each pair's
 * candidates as unit arcs, the cheapest first), found by successive
 * shortest paths (Bellman-Ford over the pairs, one unit at a time). Its
 * floating-point distances only steer the search: the bound returned is
 * the Lagrangian relaxation of the category maximums at the prices the
 * final flow's potentials give, beta_g = max(0, -pi(g)) (pi(g): the
 * distance of category g from a source joined to every node at no cost,
 * in the final flow's residual network; no price without a maximum),
 *   L(beta) = sum over tiers u of the want_u least (cost + beta_g) of its
 *             candidates - sum over categories g of room_g beta_g,
 * which is at most the least cost for every beta >= 0 (weak duality) and
 * equal to it at the optimal prices (the problem is a flow, so its linear
 * relaxation is exact). L is summed in double precision and lowered by
 * the rounding error bound of the sum, 4 (n + 4) 2^-53 times the sum of
 * the magnitudes of its n terms, so that rounding never makes it cut a
 * plan that fits. */
static double share_cost(struct repair *q, size_t nu, size_t ng,
                         uint64_t total, double room)
{
    struct cflow *f = q->cf;
    const size_t np = nu * ng, nv = nu + ng + 2;
    const double inf = HUGE_VAL;
    double most = 0.0, sum = 0.0, mag = 0.0, terms = 0.0;
    size_t u, g, k;
    /* the most any choice could cost: each tier's dearest candidates */
    for (u = 0; u < nu; u++) {
        uint64_t w = f->want[u];
        for (g = 0; g < ng; g++)
            f->xf[u * ng + g] = f->pcnt[u * ng + g];
        while (w > 0) {
            size_t bp = SIZE_MAX;
            for (g = 0; g < ng; g++) {
                size_t p = u * ng + g;
                if (f->xf[p] > 0 &&
                    (bp == SIZE_MAX ||
                     f->pcost[f->pstart[p] + f->xf[p] - 1] >
                         f->pcost[f->pstart[bp] + f->xf[bp] - 1]))
                    bp = p;
            }
            most += f->pcost[f->pstart[bp] + --f->xf[bp]];
            w--;
        }
        q->steps += f->want[u] * ng;
    }
    if (!(most > room))
        return 0.0;
    memset(f->xf, 0, np * sizeof *f->xf);
    memset(f->uflow, 0, nu * sizeof *f->uflow);
    memset(f->gflow, 0, ng * sizeof *f->gflow);
    /* successive shortest paths, one unit each */
    for (k = 0; k < total; k++) {
        size_t end = SIZE_MAX, v, len;
        for (u = 0; u < nu; u++) {
            f->du[u] = f->uflow[u] < f->want[u] ? 0.0 : inf;
            f->pu[u] = -1;
        }
        for (g = 0; g < ng; g++) {
            f->dg[g] = inf;
            f->pg[g] = -1;
        }
        q->steps += 2 * np * settle(f, nu, ng);
        for (g = 0; g < ng; g++)
            if (f->gflow[g] < f->room[g] && f->dg[g] < inf &&
                (end == SIZE_MAX || f->dg[g] < f->dg[end]))
                end = g;
        /* cov: the counted flow fits, so a path exists */
        if (end == SIZE_MAX)
            return 0.0;
        f->gflow[end]++;
        /* back along the path: into a category by a tier's next
         * candidate, into a tier by returning a category's last one, from
         * a tier the source feeds (at most nv arcs; more would be a cycle
         * of rounding-level length, and the bound is then given up) */
        for (g = end, len = 0;; len++) {
            size_t p = (size_t)f->pg[g];
            /* cov: a cycle needs distances that rounding made negative */
            if (len > nv)
                return 0.0;
            f->xf[p]++;
            u = p / ng;
            if (f->pu[u] < 0) {
                f->uflow[u]++;
                break;
            }
            v = (size_t)f->pu[u];
            f->xf[v]--;
            g = v % ng;
        }
    }
    /* potentials of the final flow: shortest distances from a source
     * joined to every node at no cost. The source's own arcs are full,
     * and the sink's distance is 0: a category with room to spare is at
     * distance 0 (a shorter path to it would close a cycle of negative
     * cost through the sink, and the flow is of least cost), and the
     * sink is reached only from those. So the arcs between the tiers and
     * the categories are all that is relaxed. */
    for (u = 0; u < nu; u++)
        f->du[u] = 0.0;
    for (g = 0; g < ng; g++)
        f->dg[g] = 0.0;
    q->steps += 2 * np * settle(f, nu, ng);
    /* the Lagrangian bound at those prices */
    for (g = 0; g < ng; g++) {
        double b = -f->dg[g];
        f->price[g] = f->room[g] != UINT64_MAX && b > 0.0 ? b : 0.0;
        if (f->price[g] > 0.0) {
            double t = (double)f->room[g] * f->price[g];
            sum -= t;
            mag += t;
            terms += 2.0;
        }
    }
    for (u = 0; u < nu; u++) {
        uint64_t w = f->want[u];
        for (g = 0; g < ng; g++)
            f->xf[u * ng + g] = 0;
        while (w > 0) {
            size_t bp = SIZE_MAX;
            double bc = 0.0;
            for (g = 0; g < ng; g++) {
                size_t p = u * ng + g;
                double c;
                if (f->xf[p] >= f->pcnt[p])
                    continue;
                c = f->pcost[f->pstart[p] + f->xf[p]] + f->price[g];
                if (bp == SIZE_MAX || c < bc) {
                    bp = p;
                    bc = c;
                }
            }
            f->xf[bp]++;
            sum += bc;
            mag += fabs(bc);
            terms += 2.0;
            w--;
        }
        q->steps += f->want[u] * ng;
    }
    return sum - 4.0 * (terms + 4.0) * 0x1p-53 * mag;
}

/* Whether the unmet tier minimums of s cannot all be met together under
 * the category maximums. First counting candidates only: the largest number of
 * candidates that can be assigned to the unmet tiers, at most the number
 * each still needs and at most the room each category leaves (no limit
 * without a category, or for a code beyond those with limits), is a
 * maximum flow from the tiers to the categories, each tier-category pair
 * carrying at most its candidates that can be added now. P (below) holds
 * such an assignment, so a flow short of the total needed proves the
 * minimums unreachable. Exact integer arithmetic; augmenting paths found
 * breadth first (Edmonds and Karp 1972). A single unmet tier needs no
 * flow (tier_need()'s NEED_CAT already counts it exactly), and more
 * than CFLOW_PAIRS possible pairs (unmet tiers times the categories with
 * limits and none) skip the bound (0: nothing proved). When the counts
 * allow the minimums, their cheapest cost together (share_cost()) is
 * compared with the budget left, room. */
static int shared_room(struct repair *q, const struct state *s,
                       double room)
{
    const struct run *r = q->r;
    const kol_planner *pl = r->pl;
    struct cflow *f = q->cf;
    size_t i, j, nu = 0, ng = 0, np, head, tail, na = 0;
    uint64_t total = 0, flow = 0;
    int32_t *uidx;
    if (!f)
        return 0;
    for (i = 0; i < pl->ntier; i++)
        if (s->tcnt[i] < pl->tier_min[i])
            nu++;
    /* cov: more than 65,536 pairs takes thousands of categories with
     * limits and 16 unmet tiers or more */
    if (nu < 2 || nu * (pl->ncat + 1) > CFLOW_PAIRS)
        return 0;
    /* compact tiers: uidx[t] reuses par[] (ntier + ncat + 1 entries) */
    uidx = f->par;
    for (i = 0, nu = 0; i < pl->ntier; i++) {
        uidx[i] = -1;
        if (s->tcnt[i] < pl->tier_min[i]) {
            f->want[nu] = pl->tier_min[i] - s->tcnt[i];
            total += f->want[nu];
            uidx[i] = (int32_t)nu++;
        }
    }
    /* When every category leaves room for all that the tiers need, each
     * tier's own choice under the category maximums (which tier_need()
     * found) fits together with the others': nothing to prove. */
    for (i = 0; i < pl->ncat; i++)
        if (pl->cat_max[i] - s->ccnt[i] < total)
            break;
    q->steps += pl->ncat;
    if (i == pl->ncat)
        return 0;
    /* the candidates of the unmet tiers that can be added (accc, in
     * cost order), and their categories in compact indices */
    for (j = 0; j < q->nc; j++) {
        size_t c = q->C[j];
        int32_t t = pl->tier[c], g = pl->cat[c];
        size_t gi = g >= 0 && (size_t)g < pl->ncat ? (size_t)g : pl->ncat;
        if (s->in[c] || t < 0 || (size_t)t >= pl->ntier || uidx[t] < 0 ||
            blocker(r, s, c) != 0)
            continue;
        if (f->gidx[gi] < 0) {
            f->gidx[gi] = (int32_t)ng;
            f->gcode[ng] = (uint32_t)gi;
            f->room[ng] = gi < pl->ncat ? pl->cat_max[gi] - s->ccnt[gi]
                                        : UINT64_MAX;
            ng++;
        }
        f->accc[na++] = (uint32_t)c;
    }
    q->steps += q->nc;
    /* their pairs (acc) and each pair's count */
    np = nu * ng;
    memset(f->pcnt, 0, np * sizeof *f->pcnt);
    memset(f->pflow, 0, np * sizeof *f->pflow);
    memset(f->uflow, 0, nu * sizeof *f->uflow);
    memset(f->gflow, 0, ng * sizeof *f->gflow);
    for (j = 0; j < na; j++) {
        size_t c = f->accc[j];
        int32_t g = pl->cat[c];
        size_t gi = g >= 0 && (size_t)g < pl->ncat ? (size_t)g : pl->ncat;
        size_t pr = (size_t)uidx[pl->tier[c]] * ng + (size_t)f->gidx[gi];
        f->pcnt[pr]++;
        f->acc[j] = (uint32_t)pr;
    }
    q->steps += na;
    for (j = 0; j < ng; j++)
        f->gidx[f->gcode[j]] = -1;
    /* augmenting paths: nodes 0 .. nu - 1 the tiers, nu .. nu + ng - 1
     * the categories; par[] now holds the search's parents */
    for (;;) {
        size_t end = SIZE_MAX, v;
        uint64_t add;
        head = tail = 0;
        for (i = 0; i < nu + ng; i++)
            f->par[i] = -2; /* not reached */
        for (i = 0; i < nu; i++)
            if (f->uflow[i] < f->want[i]) {
                f->par[i] = -1; /* from the source */
                f->queue[tail++] = (uint32_t)i;
            }
        while (head < tail && end == SIZE_MAX) {
            size_t x = f->queue[head++];
            if (x < nu) {
                for (j = 0; j < ng; j++)
                    if (f->par[nu + j] == -2 &&
                        f->pflow[x * ng + j] < f->pcnt[x * ng + j]) {
                        f->par[nu + j] = (int32_t)x;
                        if (f->gflow[j] < f->room[j]) {
                            end = nu + j;
                            break;
                        }
                        f->queue[tail++] = (uint32_t)(nu + j);
                    }
            } else {
                for (j = 0; j < nu; j++)
                    if (f->par[j] == -2 && f->pflow[j * ng + x - nu] > 0) {
                        f->par[j] = (int32_t)x;
                        f->queue[tail++] = (uint32_t)j;
                    }
            }
        }
        q->steps += np + 1;
        if (end == SIZE_MAX)
            break;
        /* the bottleneck along the path, then the push */
        add = f->room[end - nu] - f->gflow[end - nu];
        for (v = end; f->par[v] != -1; v = (size_t)f->par[v]) {
            size_t p = (size_t)f->par[v];
            uint64_t res = v >= nu ? f->pcnt[p * ng + v - nu] -
                                         f->pflow[p * ng + v - nu]
                                   : f->pflow[v * ng + p - nu];
            add = res < add ? res : add;
        }
        add = f->want[v] - f->uflow[v] < add ? f->want[v] - f->uflow[v]
                                              : add;
        f->uflow[v] += add;
        f->gflow[end - nu] += add;
        for (v = end; f->par[v] != -1; v = (size_t)f->par[v]) {
            size_t p = (size_t)f->par[v];
            if (v >= nu)
                f->pflow[p * ng + v - nu] += add;
            else
                f->pflow[v * ng + p - nu] -= add;
        }
        flow += add;
        if (flow >= total)
            break;
    }
    if (flow < total)
        return 1;
    /* each pair's candidates, cheapest first (C is in increasing cost) */
    f->pstart[0] = 0;
    for (j = 0; j < np; j++) {
        f->pstart[j + 1] = f->pstart[j] + f->pcnt[j];
        f->xf[j] = 0;
    }
    for (j = 0; j < na; j++)
        f->pcost[f->pstart[f->acc[j]] + f->xf[f->acc[j]]++] =
            pl->cost[f->accc[j]];
    q->steps += na + np;
    return share_cost(q, nu, ng, total, room) > room;
}

/* The work area of both_room(): the unmet tiers (u), the categories (g)
 * and the platforms (f) of their candidates in compact indices, the
 * tier-category and category-platform counts (at most PNET_PAIRS of
 * each), and the flow network, its arcs grouped by node. */
#define PNET_PAIRS 65536u
struct pnet {
    uint64_t *want;   /* ntier: candidates each unmet tier still needs */
    uint64_t *groom;  /* ncat + 1: room a category's maximum leaves */
    uint64_t *fcnt;   /* nplat + 1: candidates a platform's room takes */
    double *fsum;     /* 2 (nplat + 1): their spend, hi and lo */
    uint64_t *res;    /* arcs: residual capacity */
    int32_t *uidx;    /* ntier: compact index of a tier, -1 */
    int32_t *gidx;    /* ncat + 1: compact index of a category, -1 */
    int32_t *fidx;    /* nplat + 1: compact index of a platform, -1 */
    uint32_t *gcode;  /* ncat + 1: compact index -> category (ncat: none) */
    uint32_t *fcode;  /* nplat + 1: compact index -> platform (nplat: none) */
    uint32_t *fmore;  /* nplat + 1: the platform's room still takes one */
    uint32_t *ug, *gf; /* PNET_PAIRS at most, each: the pairs' candidates */
    uint32_t *acc;    /* nc: the candidates counted */
    uint32_t *ag, *af; /* nc: their categories and platforms, compact */
    uint32_t *start;  /* nodes + 1: a node's arcs, start[v] .. */
    uint32_t *fill;   /* nodes: where its next arc goes */
    uint32_t *to, *rev; /* arcs: head, and the index of the reverse arc */
    int32_t *parc;    /* nodes: the arc a search reached the node by */
    uint32_t *queue;  /* nodes */
    /* pn_cost(): each category-platform pair's candidates by cost
     * (pcost[pstart[p] .. pstart[p + 1]), from the cheapest) and how many
     * of them the flow takes; the pair of each arc (grp: p for the arc
     * into the platform, -2 - p for its reverse, -1 for the others);
     * distances; the prices; a tier's costs at those prices */
    int32_t *grp;     /* arcs */
    uint32_t *pstart; /* PNET_PAIRS + 1 at most */
    uint32_t *xf;     /* PNET_PAIRS at most */
    double *pcost;    /* nc */
    double *dist;     /* nodes */
    double *beta, *gam; /* ncat + 1, nplat + 1 */
    double *adj;      /* nc */
};

/* The category and the platform of candidate c in both_room()'s network:
 * its own codes, or ncat (no category maximum) and nplat (no platform
 * share maximum below 1). */
static void pn_codes(const kol_planner *pl, size_t c, size_t *gi,
                     size_t *fi)
{
    const int32_t g = pl->cat[c], f = pl->plat[c];
    *gi = g >= 0 && (size_t)g < pl->ncat ? (size_t)g : pl->ncat;
    *fi = f >= 0 && (size_t)f < pl->nplat && pl->plat_max[f] < 1.0
              ? (size_t)f
              : pl->nplat;
}

static void pn_arc(struct pnet *p, uint32_t a, uint32_t b, uint64_t cap)
{
    const uint32_t ea = p->fill[a]++, eb = p->fill[b]++;
    p->to[ea] = b;
    p->res[ea] = cap;
    p->rev[ea] = eb;
    p->to[eb] = a;
    p->res[eb] = 0;
    p->rev[eb] = ea;
}

/* The network of both_room() from its counts (nu tiers, ng categories, nf
 * platforms): each node's arcs, a forward and a reverse arc per link, at
 * full residual capacity; the arc into a platform knows its
 * category-platform pair (grp). Nodes: 0 the source, 1 the sink, then
 * the tiers, the categories' inputs and outputs, and the platforms. */
static void pn_build(struct pnet *p, uint32_t nu, uint32_t ng, uint32_t nf)
{
    const uint32_t nodes = 2u + nu + 2u * ng + nf;
    const uint32_t gi = 2u + nu, go = 2u + nu + ng, fo = 2u + nu + 2u * ng;
    uint32_t v, e;
    memset(p->start, 0, ((size_t)nodes + 1) * sizeof *p->start);
    for (v = 0; v < nu; v++) {
        p->start[0]++;
        p->start[2u + v]++;
        for (e = 0; e < ng; e++)
            if (p->ug[v * ng + e]) {
                p->start[2u + v]++;
                p->start[gi + e]++;
            }
    }
    for (v = 0; v < ng; v++) {
        p->start[gi + v]++;
        p->start[go + v]++;
        for (e = 0; e < nf; e++)
            if (p->gf[v * nf + e]) {
                p->start[go + v]++;
                p->start[fo + e]++;
            }
    }
    for (v = 0; v < nf; v++) {
        p->start[fo + v]++;
        p->start[1]++;
    }
    for (v = 0, e = 0; v <= nodes; v++) {
        uint32_t d = v < nodes ? p->start[v] : 0;
        p->start[v] = e;
        if (v < nodes)
            p->fill[v] = e;
        e += d;
    }
    for (e = 0; e < p->start[nodes]; e++)
        p->grp[e] = -1;
    for (v = 0; v < nu; v++) {
        pn_arc(p, 0, 2u + v, p->want[v]);
        for (e = 0; e < ng; e++)
            if (p->ug[v * ng + e])
                pn_arc(p, 2u + v, gi + e, p->ug[v * ng + e]);
    }
    for (v = 0; v < ng; v++) {
        pn_arc(p, gi + v, go + v, p->groom[v]);
        for (e = 0; e < nf; e++)
            if (p->gf[v * nf + e]) {
                const uint32_t a = p->fill[go + v];
                pn_arc(p, go + v, fo + e, p->gf[v * nf + e]);
                p->grp[a] = (int32_t)(v * nf + e);
                p->grp[p->rev[a]] = -2 - (int32_t)(v * nf + e);
            }
    }
    for (v = 0; v < nf; v++)
        pn_arc(p, fo + v, 1, p->fcnt[v]);
}

/* A maximum flow of the built network, up to total (augmenting paths
 * found breadth first; Edmonds and Karp 1972). */
static uint64_t pn_maxflow(struct repair *q, uint32_t nodes, uint64_t total)
{
    struct pnet *p = q->pn;
    uint64_t flow = 0;
    uint32_t v, e, head, tail;
    for (;;) {
        uint64_t add = UINT64_MAX;
        for (v = 0; v < nodes; v++)
            p->parc[v] = -1;
        p->parc[0] = INT32_MAX; /* the source, reached */
        head = tail = 0;
        p->queue[tail++] = 0;
        while (head < tail && p->parc[1] < 0) {
            const uint32_t x = p->queue[head++];
            for (e = p->start[x]; e < p->start[x + 1]; e++)
                if (p->res[e] > 0 && p->parc[p->to[e]] < 0) {
                    p->parc[p->to[e]] = (int32_t)e;
                    p->queue[tail++] = p->to[e];
                }
        }
        q->steps += p->start[nodes];
        if (p->parc[1] < 0)
            break;
        for (v = 1; v != 0; v = p->to[p->rev[p->parc[v]]])
            add = p->res[p->parc[v]] < add ? p->res[p->parc[v]] : add;
        for (v = 1; v != 0; v = p->to[p->rev[p->parc[v]]]) {
            p->res[p->parc[v]] -= add;
            p->res[p->rev[p->parc[v]]] += add;
        }
        flow += add;
        if (flow >= total)
            break;
    }
    return flow;
}

/* The cost of a unit on arc e of the network with residual capacity:
 * the next candidate of its category-platform pair into the platform,
 * minus the last one taken on the way back, 0 on the other arcs. */
static double pn_arc_cost(const struct pnet *p, uint32_t e)
{
    const int32_t g = p->grp[e];
    if (g >= 0)
        return p->pcost[p->pstart[g] + p->xf[g]];
    if (g <= -2)
        return -p->pcost[p->pstart[-2 - g] + p->xf[-2 - g] - 1];
    return 0.0;
}

/* Bellman-Ford over the residual arcs from the distances in dist (parc
 * gets each node's last arc); 1 when they settled within nodes rounds, 0
 * otherwise (a cycle of negative cost, which only rounding can make at
 * a least-cost flow). */
static int pn_settle(struct repair *q, uint32_t nodes)
{
    struct pnet *p = q->pn;
    uint32_t round, v, e;
    /* cov: without a negative cycle (none in exact arithmetic at a
     * least-cost flow) Bellman-Ford settles before nodes rounds */
    for (round = 0; round < nodes; round++) {
        int changed = 0;
        for (v = 0; v < nodes; v++) {
            if (p->dist[v] == HUGE_VAL)
                continue;
            for (e = p->start[v]; e < p->start[v + 1]; e++) {
                double d;
                if (p->res[e] == 0)
                    continue;
                d = p->dist[v] + pn_arc_cost(p, e);
                if (d < p->dist[p->to[e]]) {
                    p->dist[p->to[e]] = d;
                    p->parc[p->to[e]] = (int32_t)e;
                    changed = 1;
                }
            }
        }
        q->steps += p->start[nodes];
        if (!changed)
            return 1;
    }
    return 0;
}

/* A lower bound on the cost of the candidates the unmet tiers need under
 * the category maximums and the platforms' counts together (both_room()),
 * or -HUGE_VAL when none is computed: the Lagrangian relaxation of those
 * caps at prices beta_g (category g) and gamma_f (platform f),
 *
 *     L = sum over tiers u of the want_u least (cost + beta_g + gamma_f)
 *         of u's candidates
 *         - sum over g of room_g beta_g - sum over f of count_f gamma_f,
 *
 * at most the least cost for any prices >= 0 (each tier's part of a plan
 * takes want_u of its candidates, and the plan keeps every cap). The
 * prices come from a least-cost flow of the network (successive shortest
 * paths, one unit each, Bellman-Ford; Ahuja, Magnanti and Orlin 1993,
 * chapter 9), each pair's candidates into its platform cheapest first:
 * its final residual network's shortest distances d from a source joined
 * to every node at no cost give beta_g = max(0, d(g out) - d(g in)) and
 * gamma_f = max(0, d(sink) - d(f)), the prices at which the flow's
 * saturated caps are worth their room. Floating point only guides the
 * prices; L is lowered by the rounding bound of its sum,
 * 4 (n + 4) 2^-53 times the sum of the magnitudes of its n terms. Computed
 * only when the dearest choice the tiers could make exceeds the budget
 * left (else no bound can cut). */
static double pn_cost(struct repair *q, uint32_t nu, uint32_t ng,
                      uint32_t nf, size_t na, uint64_t total, double room)
{
    const kol_planner *pl = q->r->pl;
    struct pnet *p = q->pn;
    const uint32_t nodes = 2u + nu + 2u * ng + nf;
    const uint32_t go = 2u + nu + ng, fo = 2u + nu + 2u * ng;
    double most = 0.0, sum = 0.0, mag = 0.0, terms = 0.0;
    size_t j;
    uint32_t u, v, k;
    /* the most any choice could cost: each tier's dearest candidates */
    for (u = 0; u < nu; u++) {
        uint64_t w = p->want[u];
        for (j = na; j > 0 && w > 0; j--)
            if ((uint32_t)p->uidx[pl->tier[p->acc[j - 1]]] == u) {
                most += pl->cost[p->acc[j - 1]];
                w--;
            }
    }
    q->steps += (uint64_t)nu * na;
    if (!(most > room))
        return -HUGE_VAL;
    /* each pair's candidates, cheapest first (acc is in increasing cost) */
    p->pstart[0] = 0;
    for (v = 0; v < ng * nf; v++) {
        p->pstart[v + 1] = p->pstart[v] + p->gf[v];
        p->xf[v] = 0;
    }
    for (j = 0; j < na; j++) {
        const uint32_t pr = p->ag[j] * nf + p->af[j];
        p->pcost[p->pstart[pr] + p->xf[pr]++] = pl->cost[p->acc[j]];
    }
    for (v = 0; v < ng * nf; v++)
        p->xf[v] = 0;
    q->steps += na + (uint64_t)ng * nf;
    /* successive shortest paths, one unit each, from an empty flow */
    pn_build(p, nu, ng, nf);
    for (k = 0; k < total; k++) {
        for (v = 0; v < nodes; v++) {
            p->dist[v] = HUGE_VAL;
            p->parc[v] = -1;
        }
        p->dist[0] = 0.0;
        /* cov: no negative cycle without rounding, and the counted flow
         * fits, so a path exists */
        if (!pn_settle(q, nodes) || p->dist[1] == HUGE_VAL)
            return -HUGE_VAL;
        for (v = 1; v != 0; v = p->to[p->rev[p->parc[v]]]) {
            const uint32_t e = (uint32_t)p->parc[v];
            const int32_t g = p->grp[e];
            p->res[e]--;
            p->res[p->rev[e]]++;
            if (g >= 0)
                p->xf[g]++;
            else if (g <= -2)
                p->xf[-2 - g]--;
        }
    }
    /* the final residual network's potentials */
    for (v = 0; v < nodes; v++)
        p->dist[v] = 0.0;
    /* cov: as above */
    if (!pn_settle(q, nodes))
        return -HUGE_VAL;
    for (v = 0; v < ng; v++) {
        const double b = p->dist[go + v] - p->dist[2u + nu + v];
        p->beta[v] = p->groom[v] != UINT64_MAX && b > 0.0 ? b : 0.0;
        if (p->beta[v] > 0.0) {
            const double t = (double)p->groom[v] * p->beta[v];
            sum -= t;
            mag += t;
            terms += 2.0;
        }
    }
    for (v = 0; v < nf; v++) {
        const double b = p->dist[1] - p->dist[fo + v];
        p->gam[v] = p->fcnt[v] != UINT64_MAX && b > 0.0 ? b : 0.0;
        if (p->gam[v] > 0.0) {
            const double t = (double)p->fcnt[v] * p->gam[v];
            sum -= t;
            mag += t;
            terms += 2.0;
        }
    }
    /* each tier's want_u least costs at those prices: the want_u-th
     * least (selected), the ones below it, and as many of it as make
     * want_u */
    for (u = 0; u < nu; u++) {
        size_t m = 0, below = 0;
        double kth, part = 0.0;
        for (j = 0; j < na; j++) {
            const size_t c = p->acc[j];
            if ((uint32_t)p->uidx[pl->tier[c]] != u)
                continue;
            p->adj[m++] = pl->cost[c] + p->beta[p->ag[j]] + p->gam[p->af[j]];
        }
        /* cov: tier_need() has cut a tier with fewer candidates */
        if (m < p->want[u])
            return -HUGE_VAL;
        kth = kol__select(p->adj, m, (size_t)p->want[u] - 1);
        for (j = 0; j < na; j++) {
            const size_t c = p->acc[j];
            double a;
            if ((uint32_t)p->uidx[pl->tier[c]] != u)
                continue;
            a = pl->cost[c] + p->beta[p->ag[j]] + p->gam[p->af[j]];
            if (a < kth) {
                part += a;
                mag += a;
                terms += 2.0;
                below++;
            }
        }
        part += (double)(p->want[u] - below) * kth;
        mag += (double)(p->want[u] - below) * kth;
        terms += 2.0;
        sum += part;
        q->steps += 3 * na;
    }
    return sum - 4.0 * (terms + 4.0) * 0x1p-53 * mag;
}

/* Whether the unmet tiers of s cannot get the candidates they need under
 * the category maximums and the platform share maximums together, which
 * the other bounds see one at a time (tier_need(), for each tier alone)
 * or for the categories only (shared_room()). Let P be the candidates a
 * plan adds to s, each unmet tier's part cut to what it needs. Each could
 * be added now on its own (blocker() 0), and
 *  - a category with a maximum takes no more of them than its maximum
 *    leaves room for;
 *  - a platform with a share maximum takes no more of them than the
 *    number of the cheapest candidates of the unmet tiers on it whose
 *    costs fit the room its maximum leaves (any k of them that fit cost
 *    at least its k cheapest).
 * So P is a flow of value the sum of what the tiers need in the network
 * source -> tier (what it needs) -> category (the tier's candidates in
 * it) -> category (the room its maximum leaves) -> platform (the
 * category's candidates on it) -> sink (the platform's count), where the
 * candidates without a category, or of a code beyond those with limits,
 * form one category without a limit, and those without a platform share
 * maximum one platform without a limit. A maximum flow below that sum (augmenting paths found breadth
 * first; Edmonds and Karp 1972) proves the minimums unreachable. (The
 * network forgets which tier a category's flow came from, so it may find
 * room that no plan has: it only bounds.) When the counts fit, the
 * least cost of what the tiers need under both caps is bounded by
 * pn_cost() and compared with room, the budget left. It is built where
 * it can see more than the other bounds: some platform's count is below
 * what the tiers need in all, and two tiers or more miss their minimum
 * or some category's room is below that sum too. Skipped (nothing
 * proved) where the pairs of either kind exceed PNET_PAIRS. */
static int both_room(struct repair *q, const struct state *s, double room)
{
    const struct run *r = q->r;
    const kol_planner *pl = r->pl;
    struct pnet *p = q->pn;
    size_t i, j, na = 0;
    uint32_t nu = 0, ng = 0, nf = 0, v;
    uint64_t total = 0, flow = 0;
    int short_plat = 0, short_cat, fits;
    if (!p)
        return 0;
    for (i = 0; i < pl->ntier; i++) {
        p->uidx[i] = -1;
        if (s->tcnt[i] < pl->tier_min[i]) {
            p->want[nu] = pl->tier_min[i] - s->tcnt[i];
            total += p->want[nu];
            p->uidx[i] = (int32_t)nu++;
        }
    }
    q->steps += pl->ntier;
    if (nu == 0)
        return 0;
    /* the candidates of the unmet tiers that can be added, in cost order:
     * their categories and platforms in compact indices, and each
     * platform's count (its cheapest candidates while they fit) */
    for (j = 0; j < q->nc; j++) {
        size_t c = q->C[j], gi, fi;
        int32_t t = pl->tier[c];
        if (s->in[c] || t < 0 || (size_t)t >= pl->ntier || p->uidx[t] < 0 ||
            blocker(r, s, c) != 0)
            continue;
        pn_codes(pl, c, &gi, &fi);
        if (p->gidx[gi] < 0) {
            p->gidx[gi] = (int32_t)ng;
            p->gcode[ng] = (uint32_t)gi;
            p->groom[ng] = gi < pl->ncat ? pl->cat_max[gi] - s->ccnt[gi]
                                         : UINT64_MAX;
            ng++;
        }
        if (p->fidx[fi] < 0) {
            p->fidx[fi] = (int32_t)nf;
            p->fcode[nf] = (uint32_t)fi;
            p->fcnt[nf] = fi < pl->nplat ? 0 : UINT64_MAX;
            p->fsum[2 * nf] = p->fsum[2 * nf + 1] = 0.0;
            p->fmore[nf] = fi < pl->nplat;
            nf++;
        }
        if (p->fmore[p->fidx[fi]]) {
            /* (the same slack of 2^-40 as tier_need()'s platform room) */
            double *u = p->fsum + 2 * (size_t)p->fidx[fi];
            if (pspend_of(s, fi) + amt_with(u[0], u[1], pl->cost[c]) >
                share_max(r, fi) * (1.0 + 0x1p-40)) {
                p->fmore[p->fidx[fi]] = 0;
            } else {
                amt_add(&u[0], &u[1], pl->cost[c]);
                p->fcnt[p->fidx[fi]]++;
            }
        }
        p->ag[na] = (uint32_t)p->gidx[gi];
        p->af[na] = (uint32_t)p->fidx[fi];
        p->acc[na++] = (uint32_t)c;
    }
    q->steps += q->nc;
    for (v = 0; v < nf; v++)
        short_plat |= p->fcnt[v] < total;
    short_cat = nu >= 2;
    for (v = 0; v < ng; v++)
        short_cat |= p->groom[v] < total;
    /* more than 65,536 pairs takes hundreds of categories and of tiers
     * or platforms with limits */
    fits = ((uint64_t)nu * ng <= PNET_PAIRS) &
           ((uint64_t)ng * nf <= PNET_PAIRS);
    /* cov: (fits, as above) */
    if (short_plat && short_cat && fits) {
        memset(p->ug, 0, (size_t)nu * ng * sizeof *p->ug);
        memset(p->gf, 0, (size_t)ng * nf * sizeof *p->gf);
        for (j = 0; j < na; j++) {
            p->ug[(uint32_t)p->uidx[pl->tier[p->acc[j]]] * ng + p->ag[j]]++;
            p->gf[p->ag[j] * nf + p->af[j]]++;
        }
        q->steps += na;
        pn_build(p, nu, ng, nf);
        q->steps += (uint64_t)nu * ng + (uint64_t)ng * nf + 2u + nu +
                    2u * ng + nf;
        flow = pn_maxflow(q, 2u + nu + 2u * ng + nf, total);
        /* the counts fit: the cost of the cheapest choice under both
         * caps, when the dearest could exceed the budget left */
        if (flow >= total && pn_cost(q, nu, ng, nf, na, total, room) > room)
            flow = 0;
    } else {
        flow = total; /* (not built: nothing proved) */
    }
    for (v = 0; v < ng; v++)
        p->gidx[p->gcode[v]] = -1;
    for (v = 0; v < nf; v++)
        p->fidx[p->fcode[v]] = -1;
    return flow < total;
}

/* both_room()'s work area, in one allocation (its arrays after the
 * struct, the 8-byte ones first), or NULL (*st OK) where the bound cannot
 * cut: no tier minimum or no platform share maximum. nc: the free
 * candidates. */
static struct pnet *pnet_new(kol_ctx *ctx, const kol_planner *pl, size_t nc,
                             kol_status *st)
{
    const size_t nt = pl->ntier, ng = pl->ncat + 1, nf = pl->nplat + 1;
    const size_t pug = nt * ng < PNET_PAIRS ? nt * ng : PNET_PAIRS;
    const size_t pgf = ng * nf < PNET_PAIRS ? ng * nf : PNET_PAIRS;
    const size_t nodes = 2 + nt + 2 * ng + nf;
    const size_t arcs = 2 * (nt + pug + ng + pgf + nf);
    /* 8-byte words: want (nt); groom, beta (ng); fcnt, gam (nf); fsum
     * (2 nf); res (arcs); pcost, adj (nc); dist (nodes). 4-byte words:
     * uidx (nt); gidx, gcode (ng); fidx, fcode, fmore (nf); ug (pug); gf,
     * xf (pgf); pstart (pgf + 1); acc, ag, af (nc); start (nodes + 1); fill,
     * parc, queue (nodes); to, rev, grp (arcs). */
    const size_t n8 = nt + 2 * ng + 4 * nf + arcs + 2 * nc + nodes;
    const size_t n4 = nt + 2 * ng + 3 * nf + pug + 3 * pgf + 1 + 3 * nc +
                      4 * nodes + 1 + 3 * arcs;
    const size_t head = (sizeof(struct pnet) + 7u) & ~(size_t)7u;
    struct pnet *p;
    uint64_t *w8;
    uint32_t *w4;
    size_t i;
    int tmin = 0, pmax = 0;
    *st = KOL_STATUS_OK;
    for (i = 0; i < nt; i++)
        tmin |= pl->tier_min[i] > 0;
    for (i = 0; i < pl->nplat; i++)
        pmax |= pl->plat_max[i] < 1.0;
    if (!tmin || !pmax)
        return NULL;
    p = kol__alloc_array(ctx, 1, head + 8 * n8 + 4 * n4);
    if (!p) {
        *st = KOL_STATUS_NOMEM;
        return NULL;
    }
    w8 = (uint64_t *)(void *)((unsigned char *)p + head);
    p->want = w8;
    p->groom = w8 += nt;
    p->fcnt = w8 += ng;
    p->fsum = (double *)(void *)(w8 += nf);
    p->res = (uint64_t *)(void *)(p->fsum + 2 * nf);
    p->pcost = (double *)(void *)(p->res + arcs);
    p->adj = p->pcost + nc;
    p->dist = p->adj + nc;
    p->beta = p->dist + nodes;
    p->gam = p->beta + ng;
    w4 = (uint32_t *)(void *)(p->gam + nf);
    p->uidx = (int32_t *)(void *)w4;
    p->gidx = (int32_t *)(void *)(w4 += nt);
    p->fidx = (int32_t *)(void *)(w4 += ng);
    p->gcode = w4 += nf;
    p->fcode = w4 += ng;
    p->fmore = w4 += nf;
    p->ug = w4 += nf;
    p->gf = w4 += pug;
    p->acc = w4 += pgf;
    p->ag = w4 += nc;
    p->af = w4 += nc;
    p->start = w4 += nc;
    p->fill = w4 += nodes + 1;
    p->parc = (int32_t *)(void *)(w4 += nodes);
    p->queue = w4 += nodes;
    p->to = w4 += nodes;
    p->rev = w4 += arcs;
    p->grp = (int32_t *)(void *)(w4 += arcs);
    p->xf = w4 += arcs;
    p->pstart = w4 + pgf;
    for (i = 0; i < ng; i++)
        p->gidx[i] = -1;
    for (i = 0; i < nf; i++)
        p->fidx[i] = -1;
    return p;
}

/* Whether the minimums s misses cannot be met in the budget left. Let P
 * be the candidates a plan adds to s. The tiers partition P, and P's
 * part in tier i meets both caps of tier_need(), so the sum over the
 * tiers of the larger of their NEED_CAT and NEED_PLAT costs is a lower
 * bound on P's cost; too few candidates for a tier under either cap
 * proves the minimum cannot be met. And P spends on a platform at least
 * its missing spend, so P costs at least the sum of the missing spends
 * plus what it spends on the other platforms (and on none), which is at
 * least the sum over the tiers of their NEED_FREE costs: the second
 * bound, which sees a tier's cheapest candidates and a platform's
 * minimum spend compete for the budget. Each bound is compared with the
 * budget left with a relative slack of 2^-40, so that its rounding
 * never cuts a plan that fits. Last, a platform's missing spend that its
 * candidates cannot bring under the tier or the category maximums
 * (plat_reach()) proves its minimum cannot be met. */
static int repair_hopeless(struct repair *q, const struct state *s)
{
    const struct run *r = q->r;
    const kol_planner *pl = r->pl;
    const double room = r->B * (1.0 + 0x1p-40) - spend_of(s);
    double need = 0.0, plat = 0.0, cat_sum = 0.0, free_sum = 0.0;
    size_t i;
    for (i = 0; i < pl->nplat; i++) {
        q->miss[i] = share_min(r, i) - pspend_of(s, i);
        if (q->miss[i] > 0.0)
            plat += q->miss[i];
    }
    for (i = 0; i < pl->ntier; i++) {
        double cat, by_plat;
        if (s->tcnt[i] >= pl->tier_min[i])
            continue;
        /* -1: too few candidates of the tier are left */
        cat = tier_need(q, s, i, pl->tier_min[i] - s->tcnt[i], NEED_CAT);
        if (cat < 0.0)
            return 1;
        by_plat = tier_need(q, s, i, pl->tier_min[i] - s->tcnt[i], NEED_PLAT);
        if (by_plat < 0.0)
            return 1;
        need += cat > by_plat ? cat : by_plat;
        cat_sum += cat;
    }
    if (need > room || shared_room(q, s, room) || both_room(q, s, room))
        return 1;
    for (i = 0; i < pl->nplat; i++)
        if (q->miss[i] > 0.0 && (!plat_reach(q, s, i, q->miss[i], 0) ||
                                 !plat_reach(q, s, i, q->miss[i], 1)))
            return 1; /* the platform cannot reach its minimum spend */
    /* A tier's NEED_FREE sum is at most its NEED_CAT sum, so the second
     * bound can only cut where plat + cat_sum would; it is computed only
     * then. A greedy in any order takes as many candidates under the
     * categories' maximums (a matroid), so it is never -1 here. */
    if (!(plat > 0.0) || !(plat + cat_sum > room))
        return 0;
    for (i = 0; i < pl->ntier; i++)
        if (s->tcnt[i] < pl->tier_min[i])
            free_sum += tier_need(q, s, i, pl->tier_min[i] - s->tcnt[i],
                                  NEED_FREE);
    return plat + free_sum > room;
}

/* One level of repair_dfs()'s search: the minimum it branches on, the
 * position of its current candidate, and the sums that candidate's
 * addition changed. */
struct rframe {
    long mn;
    size_t j;
    struct saved v;
};

/* Adds C[j] to s (the state a search level branches from). */
static void repair_push(struct repair *q, struct state *s, size_t j,
                        struct saved *v)
{
    size_t c = q->C[j];
    sums_save(q->r, s, c, v);
    sums_add(q->r, s, c);
    s->in[c] = 1;
    q->pick[q->k++] = c;
}

/* Takes the last pick back out of s. */
static void repair_pop(struct repair *q, struct state *s,
                       const struct saved *v)
{
    size_t c = q->pick[--q->k];
    s->in[c] = 0;
    sums_undo(q->r, s, c, v);
}

/* Whether C[j] can branch the level of minimum mn at s. */
static int repair_can(struct repair *q, const struct state *s, long mn,
                      size_t j)
{
    size_t c = q->C[j];
    q->steps++;
    return !s->in[c] && helps(q->r, mn, c) && blocker(q->r, s, c) == 0;
}

/* 1 when the search must stop: at the work limit (q->cut set), or
 * cancelled by the progress callback (r->cancel set), which it calls
 * every 65,536 steps. */
static int repair_stop(struct repair *q)
{
    if (q->steps >= q->limit) {
        q->cut = 1;
        return 1;
    }
    if (q->steps >= q->next_tick) {
        q->next_tick = q->steps + 65536u;
        if (tick(q->r, q->steps, 0, "kol_planner_run (greedy, minimums)") !=
            KOL_STATUS_OK)
            return 1;
    }
    return 0;
}

/* Takes every pick back out of s (fr: the levels that made them). */
static void repair_unwind(struct repair *q, struct state *s,
                          const struct rframe *fr)
{
    while (q->k > 0)
        repair_pop(q, s, &fr[q->k - 1].v);
}

/* The search's first path, taken without its bounds: at each level the
 * first candidate that helps the first unmet minimum (after the previous
 * level's, for the same minimum). A minimum once met stays met, so the
 * unmet one only moves forward and each is scanned once: about the
 * candidates times the minimums, where the search evaluates its bounds
 * at every level of the path. The bounds never cut a level from which
 * some plan meets the minimums, so when this path meets them the search
 * would take it too, with the same picks. 1 when it does (the picks in
 * q->pick, s holding them); on 0 s is as it was. */
static int repair_first_path(struct repair *q, struct state *s,
                             struct rframe *fr)
{
    long mn, last = -1;
    size_t j = 0;
    while ((mn = first_unmet(q->r, s)) >= 0) {
        if (repair_stop(q)) {
            repair_unwind(q, s, fr);
            return 0;
        }
        if (mn != last)
            j = 0;
        while (j < q->nc && !repair_can(q, s, mn, j))
            j++;
        if (j == q->nc) {
            repair_unwind(q, s, fr);
            return 0;
        }
        repair_push(q, s, j, &fr[q->k].v);
        last = mn;
        j++;
    }
    return 1;
}

/* 1 when s, extended by candidates of C, can meet every minimum: the
 * candidates are then in q->pick[0..q->k) and s holds them. On 0 s is as
 * it was. At each level it branches on every candidate that helps the
 * first unmet minimum (those for the same minimum as the level above in
 * increasing position, so each set is met once). The levels are kept in
 * fr (q->nc + 1 of them, from the heap: the depth is the number of picks,
 * which the stack could not bound). */
static int repair_dfs(struct repair *q, struct state *s, struct rframe *fr)
{
    struct run *r = q->r;
    size_t d = 0;     /* the level being entered */
    long last = -1;   /* the level above's minimum */
    size_t from = 0;  /* and the position after its pick */
    if (repair_first_path(q, s, fr))
        return 1;
    if (q->cut || r->cancel != KOL_STATUS_OK)
        return 0;
    for (;;) {
        /* enter level d at s */
        long mn = first_unmet(r, s);
        if (mn < 0)
            return 1;
        if (repair_stop(q)) {
            repair_unwind(q, s, fr);
            return 0;
        }
        if (!repair_hopeless(q, s)) {
            fr[d].mn = mn;
            fr[d].j = mn == last ? from : 0;
        } else {
            /* cut: back to the level above, whose next candidate follows */
            if (d == 0)
                return 0;
            repair_pop(q, s, &fr[--d].v);
            fr[d].j++;
        }
        /* the next candidate of level d, backing up while none is left */
        for (;;) {
            while (fr[d].j < q->nc && !repair_can(q, s, fr[d].mn, fr[d].j))
                fr[d].j++;
            if (fr[d].j < q->nc)
                break;
            if (d == 0)
                return 0;
            repair_pop(q, s, &fr[--d].v);
            fr[d].j++;
        }
        repair_push(q, s, fr[d].j, &fr[d].v);
        last = fr[d].mn;
        from = fr[d].j + 1;
        d++;
    }
}

/* shared_room()'s work area, in one allocation (its arrays after the
 * struct, the 8-byte ones first), or NULL (*st OK) when the planner has
 * fewer than two tiers with limits or no category with a maximum, where
 * the bound cannot cut. nc: the free candidates. */
static struct cflow *cflow_new(kol_ctx *ctx, const kol_planner *pl,
                               size_t nc, kol_status *st)
{
    const size_t nt = pl->ntier, ng = pl->ncat + 1;
    const size_t pairs = nt * ng < CFLOW_PAIRS ? nt * ng : CFLOW_PAIRS;
    /* 8-byte words: want, uflow (nt); room, gflow (ng); pflow (pairs);
     * pcost (nc); du (nt); dg, price (ng). 4-byte words: gidx, gcode
     * (ng); pcnt, xf (pairs); pstart (pairs + 1); par, queue (nt + ng);
     * acc, accc (nc); pu (nt); pg (ng). */
    const size_t n8 = 3 * nt + 4 * ng + pairs + nc;
    const size_t n4 = 2 * ng + 3 * pairs + 1 + 2 * (nt + ng) + 2 * nc +
                      nt + ng;
    const size_t head = (sizeof(struct cflow) + 7u) & ~(size_t)7u;
    struct cflow *f;
    uint64_t *w8;
    uint32_t *w4;
    size_t i;
    *st = KOL_STATUS_OK;
    if (nt < 2 || pl->ncat == 0)
        return NULL;
    f = kol__alloc_array(ctx, 1, head + 8 * n8 + 4 * n4);
    if (!f) {
        *st = KOL_STATUS_NOMEM;
        return NULL;
    }
    w8 = (uint64_t *)(void *)((unsigned char *)f + head);
    f->want = w8;
    f->uflow = w8 += nt;
    f->room = w8 += nt;
    f->gflow = w8 += ng;
    f->pflow = w8 += ng;
    f->pcost = (double *)(void *)(w8 += pairs);
    f->du = f->pcost + nc;
    f->dg = f->du + nt;
    f->price = f->dg + ng;
    w4 = (uint32_t *)(void *)(f->price + ng);
    f->gidx = (int32_t *)(void *)w4;
    f->gcode = w4 += ng;
    f->pcnt = w4 += ng;
    f->xf = w4 += pairs;
    f->pstart = w4 += pairs;
    f->par = (int32_t *)(void *)(w4 += pairs + 1);
    f->queue = w4 += nt + ng;
    f->acc = w4 += nt + ng;
    f->accc = w4 += nc;
    f->pu = (int32_t *)(void *)(w4 += nc);
    f->pg = f->pu + nt;
    for (i = 0; i < ng; i++)
        f->gidx[i] = -1;
    return f;
}

/* -- exact sums: a platform minimum no sum of costs meets -- */

#define SUMS_BITS (1u << 23) /* most bits of sums_gap()'s table: 1 MB */
#define SUMS_DIGITS 6        /* most decimal digits of its scale */

/* a q rounded to the nearest integer (*n; a q <= 2^48), and how far a q
 * is from it, to a relative 2^-50 (kol__two_prod: a q = p + e exactly,
 * and p - *n is exact) */
static double scaled(double a, double q, int64_t *n)
{
    double p, e, r;
    kol__two_prod(a, q, &p, &e);
    r = floor(p + 0.5);
    *n = (int64_t)r;
    return fabs((p - r) + e) * (1.0 + 0x1p-50);
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The bounds above count candidates and add least costs, so they pass a
 * platform minimum that only an exact sum of costs could meet (a
 * platform that must receive exactly 50 from candidates of cost 3). At
 * the root of the search, for each platform f that misses its minimum,
 * sums_gap() lists the sums that f's candidates which can be added
 * reach, as a table of bits (Bellman's dynamic programming for subset
 * sums, 1957, 64 sums at a time).
 *
 * The amounts are counted in units: the least scale q = 10^d (d = 0 to
 * SUMS_DIGITS) at which each cost c of those candidates, f's spend p0
 * and the spend s0 so far are within R <= 2^-5 in all of integers n(c),
 * n(p0), n(s0), with q B <= 2^48; each table entry k is a sum of costs
 * with n = k G, G the greatest common divisor of the n(c). A plan's
 * candidates on f, S, meet p0 + S >= m (f's minimum, share_min();
 * first_unmet() rounds p0 + S once, so within half an ulp of m), p0 + S
 * <= M (the share maximum, share_max()) and s0 + S <= B (the budget;
 * the plan's other candidates cost more or nothing); at scale q these
 * hold for the
 * integers to within R, the half ulp by which p0, s0 and the planner's
 * sums are rounded once (each at most 2^-5 units, since q B <= 2^48),
 * and the roundings of q m, q M and q B, together below 1/2. So n(S) = k G with
 * ceil(q m - 1/2) <= n(p0) + k G <= floor(q M + 1/2) and n(s0) + k G <=
 * floor(q B + 1/2), and a table without such a k proves that no plan
 * meets f's minimum. Ignoring the tier and category maximums and the
 * other platforms only adds sums, which keeps the test sound. Skipped
 * (nothing proved) for a platform with no such scale, whose table would
 * exceed SUMS_BITS bits, or whose table's words times candidates exceed
 * the work left (each word a candidate updates is a step, and so is each
 * candidate examined for a scale). Returns INFEASIBLE (with the message)
 * when a platform cannot meet its minimum, NOMEM, or OK. */
static kol_status sums_gap(struct repair *q, const struct state *s)
{
    struct run *r = q->r;
    const kol_planner *pl = r->pl;
    const double B = r->B, s0 = spend_of(s);
    size_t f, j;
    for (f = 0; f < pl->nplat; f++) {
        const double m = share_min(r, f), M = share_max(r, f);
        const double p0 = pspend_of(s, f);
        double qs = 1.0, R = 1.0;
        int64_t np0 = 0, ns0 = 0, n, lo, hi;
        uint64_t *bits, G = 0, kmax, k, words, nf = 0;
        int d;
        if (!(p0 < m))
            continue;
        for (d = 0; d <= SUMS_DIGITS && qs * B <= 0x1p48; d++) {
            R = scaled(p0, qs, &np0) + scaled(s0, qs, &ns0);
            G = 0;
            nf = 0;
            for (j = 0; j < q->nc && R <= 0x1p-5; j++) {
                size_t c = q->C[j];
                if (pl->plat[c] != (int32_t)f || blocker(r, s, c) != 0)
                    continue;
                R += scaled(pl->cost[c], qs, &n);
                G = gcd64(G, (uint64_t)n);
                nf++;
            }
            q->steps += nf;
            if (R <= 0x1p-5)
                break;
            qs *= 10.0;
        }
        /* cov: no scale fits, or nothing to add (plat_reach() cuts a
         * platform whose candidates add nothing) */
        if (!(R <= 0x1p-5) || G == 0)
            continue;
        lo = (int64_t)ceil(qs * m - 0.5) - np0;
        hi = (int64_t)floor(qs * M + 0.5) - np0;
        if ((int64_t)floor(qs * B + 0.5) - ns0 < hi)
            hi = (int64_t)floor(qs * B + 0.5) - ns0;
        /* the k that fit are 0 to kmax; the first that meets m, k. The
         * required candidates fit (p0 <= M, s0 <= B), so hi >= 0. */
        kmax = (uint64_t)hi / G;
        k = lo <= 0 ? 0u : ((uint64_t)lo + G - 1u) / G;
        if (k <= kmax) {
            if (kmax >= SUMS_BITS)
                continue;
            words = kmax / 64u + 1u;
            if (words * nf > q->limit - q->steps)
                continue;
            q->steps += words * nf;
            bits = kol__calloc_array(r->ctx, words, sizeof *bits);
            if (!bits)
                return KOL_STATUS_NOMEM;
            bits[0] = 1u;
            for (j = 0; j < q->nc; j++) {
                size_t c = q->C[j], w, sw, sb;
                uint64_t u;
                if (pl->plat[c] != (int32_t)f || blocker(r, s, c) != 0)
                    continue;
                (void)scaled(pl->cost[c], qs, &n);
                u = (uint64_t)n / G;
                /* bits |= bits << u, from the top word down (u > kmax
                 * cannot be, since blocker() keeps c within M - p0 and
                 * B - s0, and would change nothing; u = 0 changes
                 * nothing). The bits from the word below come in by two
                 * shifts, which give 0 when sb is 0. */
                sw = (size_t)(u / 64u);
                sb = (size_t)(u % 64u);
                for (w = (size_t)words; w-- > sw;) {
                    uint64_t v = bits[w - sw] << sb;
                    if (w > sw)
                        v |= bits[w - sw - 1] >> 1 >> (63u - sb);
                    bits[w] |= v;
                }
            }
            while (k <= kmax && !(bits[k / 64u] >> (k % 64u) & 1u))
                k++;
            kol__free(r->ctx, bits);
            if (k <= kmax)
                continue;
        }
        /* The bounds named as shares of the budget, as infeasible_at()
         * names them; the budget left as an amount where it binds (as
         * it does without a share maximum). */
        if (p0 + (B - s0) <= M)
            return kol__fail(r->ctx, KOL_STATUS_INFEASIBLE,
                             "kol_planner_run: the greedy search found no "
                             "plan meeting every constraint (platform %z "
                             "needs a spend of at least %g of the budget of "
                             "%g, the budget left allows it at most %g, and "
                             "no set of its candidates adds up to a spend "
                             "in between); no plan meets them all",
                             f, pl->plat_min[f], B, p0 + (B - s0));
        return kol__fail(r->ctx, KOL_STATUS_INFEASIBLE,
                         "kol_planner_run: the greedy search found no plan "
                         "meeting every constraint (platform %z needs a "
                         "spend of at least %g and at most %g of the budget "
                         "of %g, and no set of its candidates adds up to a "
                         "spend in between); no plan meets them all",
                         f, pl->plat_min[f], pl->plat_max[f], B);
    }
    return KOL_STATUS_OK;
}

/* The repair search from base (see above). On success best holds base,
 * the picks and the greedy filling, and have_best is set; *cut tells
 * whether a failed search stopped at the work limit. INFEASIBLE (with
 * its message) when sums_gap() proves a platform minimum unreachable. */
static kol_status repair_run(struct run *r, const struct state *base,
                             struct state *work, int *cut)
{
    const kol_planner *pl = r->pl;
    struct repair q;
    struct keyed *k;
    struct rframe *fr;
    size_t *C, i;
    kol_status st = KOL_STATUS_OK;
    *cut = 0;
    memset(&q, 0, sizeof q);
    /* the greedy method runs with at least one free candidate */
    k = kol__alloc_array(r->ctx, r->nf, sizeof *k);
    C = kol__alloc_array(r->ctx, 2 * r->nf, sizeof *C);
    fr = kol__alloc_array(r->ctx, r->nf + 1, sizeof *fr);
    q.cuse = kol__calloc_array(r->ctx, pl->ncat + 1, sizeof *q.cuse);
    q.puse = kol__calloc_array(r->ctx, 2 * (pl->nplat + 1), sizeof *q.puse);
    q.miss = kol__alloc_array(r->ctx, pl->nplat + 1, sizeof *q.miss);
    q.tuse = kol__calloc_array(r->ctx, pl->ntier + 1, sizeof *q.tuse);
    q.cf = cflow_new(r->ctx, pl, r->nf, &st);
    if (st == KOL_STATUS_OK)
        q.pn = pnet_new(r->ctx, pl, r->nf, &st);
    if (!k || !C || !fr || !q.cuse || !q.puse || !q.miss || !q.tuse ||
        st != KOL_STATUS_OK) {
        kol__free(r->ctx, k);
        kol__free(r->ctx, C);
        kol__free(r->ctx, fr);
        kol__free(r->ctx, q.cuse);
        kol__free(r->ctx, q.puse);
        kol__free(r->ctx, q.miss);
        kol__free(r->ctx, q.tuse);
        kol__free(r->ctx, q.cf);
        kol__free(r->ctx, q.pn);
        return KOL_STATUS_NOMEM;
    }
    for (i = 0; i < r->nf; i++) {
        k[i].g = 0.0;
        k[i].c = pl->cost[r->F[i]];
        k[i].i = r->F[i];
    }
    qsort(k, r->nf, sizeof *k, cmp_cost);
    for (i = 0; i < r->nf; i++)
        C[i] = k[i].i;
    kol__free(r->ctx, k);
    q.r = r;
    q.C = C;
    q.nc = r->nf;
    q.pick = C + r->nf;
    q.limit = (uint64_t)pl->work_limit; /* at most 1e15 */
    q.next_tick = 65536u;
    state_copy(r, work, base);
    st = sums_gap(&q, work);
    if (st == KOL_STATUS_OK && repair_dfs(&q, work, fr)) {
        state_copy(r, work, base);
        for (i = 0; i < q.k; i++)
            state_add(r, work, q.pick[i]);
        if (greedy_complete(r, work)) {
            st = reach_stopped(r);
        } else {
            state_copy(r, &r->best, work);
            r->have_best = 1;
        }
    } else if (st == KOL_STATUS_OK && r->cancel != KOL_STATUS_OK) {
        st = r->cancel;
    }
    *cut = q.cut;
    kol__free(r->ctx, C);
    kol__free(r->ctx, fr);
    kol__free(r->ctx, q.cuse);
    kol__free(r->ctx, q.puse);
    kol__free(r->ctx, q.miss);
    kol__free(r->ctx, q.tuse);
    kol__free(r->ctx, q.cf);
    kol__free(r->ctx, q.pn);
    return st;
}

static double n_choose_upto(double nf, int d)
{
    double total = 0.0, term = 1.0;
    int k;
    /* nf is a whole number: term reaches 0 at k = nf and stays 0 (or
     * -0), so no negative term is ever added. */
    for (k = 0; k <= d; k++) {
        total += term;
        term = term * (nf - k) / (k + 1);
    }
    return total;
}

static int has_side(const kol_planner *pl)
{
    size_t i;
    for (i = 0; i < pl->ntier; i++)
        if (pl->tier_min[i] > 0 || pl->tier_max[i] != NO_MAX)
            return 1;
    for (i = 0; i < pl->nplat; i++)
        if (pl->plat_min[i] > 0.0 || pl->plat_max[i] < 1.0)
            return 1;
    for (i = 0; i < pl->ncat; i++)
        if (pl->cat_max[i] != NO_MAX)
            return 1;
    return 0;
}

static const char *const BLOCK_NAMES[] = {
    "", "", "the budget", "its tier maximum", "its category maximum",
    "its platform share"};

/* ---- run ----------------------------------------------------------- */

static void plan_free_parts(kol_ctx *ctx, kol_plan *plan)
{
    kol__free(ctx, plan->pick);
    kol__free(ctx, plan->gain);
    kol__free(ctx, plan->rej);
    kol__free(ctx, plan->reason);
    kol__free(ctx, plan->rgain);
    kol__free(ctx, plan);
}

static kol_status planner_run_impl(const kol_planner *planner, kol_plan **out)
{
    struct run r;
    struct state base, work, fin;
    struct exact ex;
    struct keyed *keys = NULL;
    size_t *F = NULL, nf = 0, i, c, nrej = 0;
    uint8_t *sp = NULL;
    size_t *nzoff = NULL;
    uint32_t *nz = NULL, hu[64];
    kol_plan *plan = NULL;
    kol_ctx *ctx;
    kol_status st = KOL_STATUS_OK;
    int method, depth = 0;
    double guarantee;
    if (out)
        *out = NULL;
    if (!planner)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (planner->busy)
        return kol__busy(planner->ctx, "kol_planner_run", planner->busy);
    ctx = planner->ctx;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_planner_run: out is NULL");
    if (planner->n == 0)
        return kol__fail(ctx, KOL_STATUS_EMPTY,
                         "kol_planner_run: no candidates were given");
    if (!(planner->budget > 0.0))
        return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                         "kol_planner_run: the budget is 0; set "
                         "KOL_PLAN_PARAM_BUDGET");
    if (planner->objective == KOL_PLAN_OBJECTIVE_VALUE && !planner->value)
        return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                         "kol_planner_run: objective value, but candidate "
                         "values were not given");
    if (planner->objective == KOL_PLAN_OBJECTIVE_CONVERSIONS &&
        !planner->conv)
        return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                         "kol_planner_run: objective conversions, but "
                         "candidate conversions were not given");
    if (planner->objective == KOL_PLAN_OBJECTIVE_REACH && !planner->regs)
        return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                         "kol_planner_run: objective reach, but no "
                         "audiences were given (kol_planner_set_audiences)");

    memset(&r, 0, sizeof r);
    memset(&base, 0, sizeof base);
    memset(&work, 0, sizeof work);
    memset(&fin, 0, sizeof fin);
    memset(&ex, 0, sizeof ex);
    r.pl = planner;
    r.ctx = ctx;
    r.n = planner->n;
    r.B = planner->budget;
    r.reach = planner->objective == KOL_PLAN_OBJECTIVE_REACH;
    r.w = planner->objective == KOL_PLAN_OBJECTIVE_CONVERSIONS
              ? planner->conv
              : planner->value;
    r.m = planner->m;
    r.p = planner->p;
    r.R = planner->regs;
    r.cancel = KOL_STATUS_OK;
    r.miss_mn = -1;
    r.next_tick = REACH_TICK;

    if ((st = state_alloc(&r, &base)) != KOL_STATUS_OK ||
        (st = state_alloc(&r, &work)) != KOL_STATUS_OK ||
        (st = state_alloc(&r, &r.best)) != KOL_STATUS_OK)
        goto done;
    F = kol__alloc_array(ctx, r.n, sizeof *F);
    keys = kol__alloc_array(ctx, r.n, sizeof *keys);
    if (!F || !keys) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }

    /* Required candidates first, by index. */
    for (c = 0; c < r.n; c++) {
        int why;
        if (planner->choice[c] != KOL_PLAN_CHOICE_REQUIRE)
            continue;
        why = blocker(&r, &base, c);
        if (why) {
            st = kol__fail(ctx, KOL_STATUS_INFEASIBLE,
                           "kol_planner_run: required candidate %z (cost "
                           "%g) breaks %s", c, planner->cost[c],
                           BLOCK_NAMES[why]);
            goto done;
        }
        state_add(&r, &base, c);
    }
    for (c = 0; c < r.n; c++)
        if (planner->choice[c] == KOL_PLAN_CHOICE_FREE)
            F[nf++] = c;

    if (!r.reach) {
        for (i = 0; i < nf; i++) {
            keys[i].g = r.w[F[i]];
            keys[i].c = planner->cost[F[i]];
            keys[i].i = F[i];
        }
        qsort(keys, nf, sizeof *keys, cmp_ratio);
        for (i = 0; i < nf; i++)
            F[i] = keys[i].i;
    }
    r.F = F;
    r.nf = nf;
    if (nf <= (size_t)(r.reach ? planner->exact_limit_reach
                               : planner->exact_limit)) {
        method = KOL_PLAN_METHOD_EXACT;
        guarantee = 1.0;
        if (r.reach) {
            ex.Ustack = kol__alloc_array(ctx, nf + 1, r.m);
            if (!ex.Ustack) {
                st = KOL_STATUS_NOMEM;
                goto done;
            }
        }
        ex.r = &r;
        ex.F = F;
        ex.nf = nf;
        ex.cur = work;
        state_copy(&r, &ex.cur, &base);
        if (r.reach) {
            memcpy(ex.Ustack, base.U, r.m);
            ex.cur.U = ex.Ustack;
        }
        /* m is at most 2^18 (precision 18) */
        ex.tick_mask =
            r.reach ? ((uint64_t)1 << 22) / r.m - 1u : (uint64_t)0xffffu;
        exact_dfs(&ex, 0, 0);
        kol__free(ctx, ex.Ustack);
        ex.Ustack = NULL;
        if (r.cancel != KOL_STATUS_OK) {
            st = r.cancel;
            goto done;
        }
        if (!r.have_best) {
            /* Report the closest miss among the plans the search
             * examined. It examined one at least, the required set
             * alone (the bound that cuts nodes needs a best plan), so
             * miss_mn is set. */
            st = infeasible_at(&r, r.miss_mn, r.miss_had, "exact search",
                               "");
            goto done;
        }
    } else {
        double seeds, work_units, unit = r.reach ? (double)r.m : 1.0;
        double nfd = (double)nf, plain_had = 0.0;
        long plain_mn = -1;
        uint64_t done = 0;
        method = KOL_PLAN_METHOD_GREEDY;
        depth = planner->depth;
        if (r.reach &&
            ((st = sparse_build(&r, &sp, &nzoff, &nz)) != KOL_STATUS_OK ||
             (st = lazy_build(&r)) != KOL_STATUS_OK))
            goto done;
        for (;;) {
            seeds = n_choose_upto(nfd, depth);
            /* reach: up to nf steps of nf gains over m registers each;
             * additive: a state copy and two passes over F per seed,
             * weighted 12 to keep the units comparable in time (about
             * 0.3 ns each on the reference machine). */
            work_units = r.reach ? seeds * nfd * nfd * unit
                                 : seeds * (2.0 * nfd + (double)r.n) * 12.0;
            if (work_units <= planner->work_limit)
                break;
            if (depth == 0) {
                /* Even depth 0's estimate passes the limit, so it no
                 * longer bounds the work: for reach, the greedy counts
                 * the registers its gains weigh (m each) and stops at the
                 * limit (additive depth 0 is linear in the candidates
                 * and always runs). */
                if (r.reach)
                    r.step_limit = (uint64_t)planner->work_limit;
                break;
            }
            depth--;
        }
        /* Seeds: every set of up to depth free candidates (positions in
         * F, strictly increasing), smallest sets first. */
        {
            size_t idx[3];
            int k;
            for (k = 0; k <= depth; k++) {
                int j;
                if ((size_t)k > nf)
                    break;
                for (j = 0; j < k; j++)
                    idx[j] = (size_t)j;
                for (;;) {
                    int ok = 1;
                    state_copy(&r, &work, &base);
                    for (j = 0; j < k && ok; j++) {
                        if (blocker(&r, &work, F[idx[j]]))
                            ok = 0;
                        else
                            state_add(&r, &work, F[idx[j]]);
                    }
                    if (ok) {
                        if (greedy_complete(&r, &work)) {
                            st = reach_stopped(&r);
                            goto done;
                        }
                        /* the plain completion (the first seed, none),
                         * named by the message when no plan is found */
                        if (done == 0 &&
                            (plain_mn = first_unmet(&r, &work)) >= 0)
                            plain_had = unmet_had(&r, &work, plain_mn);
                        if (mins_met(&r, &work) &&
                            (!r.have_best || obj_gt(&work, &r.best))) {
                            state_copy(&r, &r.best, &work);
                            r.have_best = 1;
                        }
                    }
                    done++;
                    if ((done & 63u) == 0 &&
                        tick(&r, done, (uint64_t)seeds,
                             "kol_planner_run (greedy)") != KOL_STATUS_OK) {
                        st = r.cancel;
                        goto done;
                    }
                    /* next combination of k positions out of nf */
                    j = k - 1;
                    while (j >= 0 && idx[j] == nf - (size_t)(k - j))
                        j--;
                    if (j < 0)
                        break;
                    idx[j]++;
                    for (j = j + 1; j < k; j++)
                        idx[j] = idx[j - 1] + 1;
                }
            }
        }
        if (depth == 0) {
            /* The modified greedy of Khuller, Moss and Naor: also every
             * single free candidate on its own (with the required ones).
             * When one beats the greedy plan, it is filled greedily (once,
             * for the winner only, so depth 0 stays the cheap fallback):
             * leaving room unused that a candidate with a positive gain
             * could take would report that candidate "outscored" for an
             * objective that never decreases. */
            /* Each single is judged on base itself (added, measured,
             * taken back), not on a copy of the state: a copy costs the
             * candidate count, which made this loop quadratic. */
            size_t single = (size_t)-1;
            for (i = 0; i < nf; i++) {
                if ((i & 1023u) == 1023u &&
                    tick(&r, (uint64_t)i, (uint64_t)nf,
                         "kol_planner_run (greedy, single candidates)") !=
                        KOL_STATUS_OK) {
                    st = r.cancel;
                    goto done;
                }
                if (blocker(&r, &base, F[i]))
                    continue;
                if (r.reach && reach_step(&r)) {
                    st = reach_stopped(&r);
                    goto done;
                }
                if (single_beats(&r, &base, F[i])) {
                    /* the new best: base + F[i] */
                    state_copy(&r, &r.best, &base);
                    state_add(&r, &r.best, F[i]);
                    r.have_best = 1;
                    single = i;
                }
            }
            if (single != (size_t)-1) {
                state_copy(&r, &work, &r.best);
                if (greedy_complete(&r, &work)) {
                    st = reach_stopped(&r);
                    goto done;
                }
                /* cov: greedy additions never lower the objective (gains
                 * are non-negative), so the else is the mins failing */
                if (mins_met(&r, &work) && !obj_gt(&r.best, &work))
                    state_copy(&r, &r.best, &work);
            }
        }
        if (!r.have_best) {
            int cut;
            st = repair_run(&r, &base, &work, &cut);
            if (st != KOL_STATUS_OK)
                goto done;
            if (!r.have_best) {
                /* The plain completion missed a minimum: had it met
                 * them all, it would be the best plan. */
                st = infeasible_at(&r, plain_mn, plain_had,
                                   "the greedy search",
                                   cut ? "; the search for a plan meeting "
                                         "the minimums stopped at the "
                                         "work limit"
                                       : "; no plan meets them all");
                goto done;
            }
        }
        if (has_side(planner))
            guarantee = 0.0;
        else if (r.reach)
            guarantee = depth >= 3 ? -kol__expm1(-1.0) : -kol__expm1(-0.5);
        else
            guarantee = depth >= 1 ? (double)depth / (double)(depth + 1)
                                   : 0.5;
    }

    /* Final order: required (by index), then the rest; for the exact
     * method the rest is ordered greedily by gain per cost. */
    if ((st = state_alloc(&r, &fin)) != KOL_STATUS_OK)
        goto done;
    plan = kol__alloc(ctx, sizeof *plan);
    if (!plan) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }
    memset(plan, 0, sizeof *plan);
    plan->ctx = ctx;
    plan->pick = kol__alloc_array(ctx, r.best.k, sizeof *plan->pick);
    plan->gain = kol__alloc_array(ctx, r.best.k, sizeof *plan->gain);
    if (!plan->pick || !plan->gain) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }
    for (i = 0; i < base.k; i++) {
        plan->gain[plan->n] = state_add(&r, &fin, base.order[i]);
        plan->pick[plan->n++] = base.order[i];
    }
    if (method == KOL_PLAN_METHOD_GREEDY) {
        for (i = base.k; i < r.best.k; i++) {
            c = r.best.order[i];
            plan->gain[plan->n] = state_add(&r, &fin, c);
            plan->pick[plan->n++] = c;
        }
    } else {
        while (fin.k < r.best.k) {
            size_t best = (size_t)-1;
            double bg = 0.0;
            for (i = base.k; i < r.best.k; i++) {
                double g;
                c = r.best.order[i];
                if (fin.in[c])
                    continue;
                g = gain_of(&r, &fin, c);
                if (best == (size_t)-1 ||
                    better(g, planner->cost[c], bg, planner->cost[best])) {
                    best = c;
                    bg = g;
                }
            }
            plan->gain[plan->n] = state_add(&r, &fin, best);
            plan->pick[plan->n++] = best;
        }
    }
    /* The plan's costs summed without rounding error, rounded once: the
     * amount held to the budget, whatever order the picks were added in. */
    plan->spend = spend_of(&r.best);
    plan->obj = obj_of(&fin);
    plan->objective = planner->objective;
    plan->method = method;
    plan->depth = depth;
    plan->guarantee = guarantee;

    /* Rejected candidates, best marginal gain first. For reach their
     * gains report progress as the greedy's do, but count against no
     * limit: the plan is made, and this pass reads the registers once. */
    r.step_limit = 0;
    if (r.reach)
        kol__hll_histogram(fin.U, r.m, hu);
    for (c = 0; c < r.n; c++) {
        if (fin.in[c])
            continue;
        if (r.reach && reach_step(&r)) {
            st = r.cancel;
            goto done;
        }
        keys[nrej].g = r.reach ? reach_gain(&r, &fin, hu, c) : r.w[c];
        keys[nrej].c = planner->cost[c];
        keys[nrej].i = c;
        nrej++;
    }
    qsort(keys, nrej, sizeof *keys, cmp_gain);
    if (nrej > planner->reject_report)
        nrej = planner->reject_report;
    if (nrej > 0) {
        plan->rej = kol__alloc_array(ctx, nrej, sizeof *plan->rej);
        plan->reason = kol__alloc_array(ctx, nrej, sizeof *plan->reason);
        plan->rgain = kol__alloc_array(ctx, nrej, sizeof *plan->rgain);
        if (!plan->rej || !plan->reason || !plan->rgain) {
            st = KOL_STATUS_NOMEM;
            goto done;
        }
    }
    for (i = 0; i < nrej; i++) {
        int why;
        c = keys[i].i;
        if (planner->choice[c] == KOL_PLAN_CHOICE_EXCLUDE)
            why = KOL_PLAN_REASON_EXCLUDED;
        else if (!(keys[i].g > 0.0))
            why = KOL_PLAN_REASON_NO_GAIN;
        else if ((why = blocker(&r, &fin, c)) == 0)
            why = KOL_PLAN_REASON_OUTSCORED;
        plan->rej[i] = c;
        plan->reason[i] = why;
        plan->rgain[i] = keys[i].g;
    }
    plan->nrej = nrej;
    st = tick(&r, 1, 1, "kol_planner_run");

done:
    state_free(&r, &base);
    state_free(&r, &work);
    state_free(&r, &r.best);
    state_free(&r, &fin);
    kol__free(ctx, ex.Ustack);
    kol__free(ctx, F);
    kol__free(ctx, keys);
    kol__free(ctx, sp);
    kol__free(ctx, nzoff);
    kol__free(ctx, nz);
    kol__free(ctx, r.lz);
    kol__free(ctx, r.hk);
    kol__free(ctx, r.hc);
    if (st != KOL_STATUS_OK) {
        if (plan)
            plan_free_parts(ctx, plan);
        return st;
    }
    *out = plan;
    return KOL_STATUS_OK;
}

kol_status kol_planner_run(const kol_planner *planner, kol_plan **out)
{
    return kol__nomem_in(planner ? planner->ctx : NULL,
                         planner_run_impl(planner, out),
                         "kol_planner_run");
}

/* ---- plan ------------------------------------------------------------ */

void kol_plan_free(kol_plan *plan)
{
    if (plan)
        plan_free_parts(plan->ctx, plan);
}

size_t kol_plan_size(const kol_plan *plan)
{
    return plan ? plan->n : 0;
}

double kol_plan_spend(const kol_plan *plan)
{
    return plan ? plan->spend : 0.0;
}

double kol_plan_objective(const kol_plan *plan)
{
    return plan ? plan->obj : 0.0;
}

int kol_plan_objective_code(const kol_plan *plan)
{
    return plan ? plan->objective : -1;
}

int kol_plan_method(const kol_plan *plan)
{
    return plan ? plan->method : -1;
}

double kol_plan_guarantee(const kol_plan *plan)
{
    return plan ? plan->guarantee : 0.0;
}

int kol_plan_depth(const kol_plan *plan)
{
    return plan ? plan->depth : 0;
}

kol_status kol_plan_pick(const kol_plan *plan, size_t i, size_t *candidate,
                         double *marginal_gain)
{
    if (!plan)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (i >= plan->n)
        return kol__fail(plan->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_plan_pick: no pick %z (the plan has %z)", i,
                         plan->n);
    if (candidate)
        *candidate = plan->pick[i];
    if (marginal_gain)
        *marginal_gain = plan->gain[i];
    return KOL_STATUS_OK;
}

size_t kol_plan_rejected_count(const kol_plan *plan)
{
    return plan ? plan->nrej : 0;
}

kol_status kol_plan_rejected(const kol_plan *plan, size_t i, size_t *candidate,
                             int32_t *reason, double *marginal_gain)
{
    if (!plan)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (i >= plan->nrej)
        return kol__fail(plan->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_plan_rejected: no rejected candidate %z (the "
                         "plan reports %z)", i, plan->nrej);
    if (candidate)
        *candidate = plan->rej[i];
    if (reason)
        *reason = plan->reason[i];
    if (marginal_gain)
        *marginal_gain = plan->rgain[i];
    return KOL_STATUS_OK;
}
