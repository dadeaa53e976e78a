/* Bad-input catalogue rows of include/kol/planner.h (see catalogue.h). */
#include "catalogue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TWO54 18014398509481984.0

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Three candidates: costs 100, 200, 300; values 5, 8, 9; conversions
 * 1, 2, 3; tiers 0, 1, 0; platforms 0, 0, 1; categories none, 2, 2. */
static const double COST3[3] = {100, 200, 300};
static const double VALUE3[3] = {5, 8, 9};
static const double CONV3[3] = {1, 2, 3};
static const int32_t TIER3[3] = {0, 1, 0};
static const int32_t PLAT3[3] = {0, 0, 1};
static const int32_t CAT3[3] = {-1, 2, 2};

static kol_planner *new_planner(cat_env *env)
{
    kol_planner *pl = NULL;
    assert_int_equal(kol_planner_new(env->ctx, &pl), KOL_STATUS_OK);
    return pl;
}

/* The three candidates, values only (no conversions), budget 400. */
static kol_planner *sample_planner(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    assert_int_equal(kol_planner_set_candidates(pl, COST3, VALUE3, NULL,
                                                TIER3, PLAT3, CAT3, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 400),
                     KOL_STATUS_OK);
    return pl;
}

static kol_sketch *new_sketch(cat_env *env, int p, uint64_t first)
{
    uint64_t ids[4];
    kol_sketch *s = NULL;
    size_t i;
    for (i = 0; i < 4; i++)
        ids[i] = first + i;
    assert_int_equal(kol_sketch_new(env->ctx, p, KOL_SKETCH_DEFAULT_SEED, &s),
                     KOL_STATUS_OK);
    assert_int_equal(kol_sketch_add_ids(s, ids, 4), KOL_STATUS_OK);
    return s;
}

/* Run the planner and free the plan, if any. */
static kol_status run_plan(kol_planner *pl)
{
    kol_plan *plan = NULL;
    kol_status st = kol_planner_run(pl, &plan);
    kol_plan_free(plan);
    return st;
}

/* ------------------------------------------------------------------ */
/* Parameters and the planner                                         */
/* ------------------------------------------------------------------ */

static kol_status bounds_unknown(cat_env *env)
{
    double lo, hi, def;
    (void)env;
    return kol_plan_param_bounds(7, &lo, &hi, &def);
}

static kol_status new_null_ctx(cat_env *env)
{
    kol_planner *pl = NULL;
    (void)env;
    return kol_planner_new(NULL, &pl);
}

static kol_status new_null_out(cat_env *env)
{
    return kol_planner_new(env->ctx, NULL);
}

static kol_status new_nomem(cat_env *env)
{
    kol_planner *pl = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_planner_new(env->ctx, &pl);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

static kol_status set_param_call(cat_env *env, int param, double value)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_set_param(pl, param, value);
    kol_planner_free(pl);
    return st;
}

static kol_status set_param_null(cat_env *env)
{
    (void)env;
    return kol_planner_set_param(NULL, KOL_PLAN_PARAM_BUDGET, 1000);
}

static kol_status set_param_unknown(cat_env *env)
{
    return set_param_call(env, 7, 1);
}

static kol_status set_param_objective(cat_env *env)
{
    return set_param_call(env, KOL_PLAN_PARAM_OBJECTIVE, 3);
}

static kol_status set_param_nan(cat_env *env)
{
    return set_param_call(env, KOL_PLAN_PARAM_BUDGET, NAN);
}

static kol_status set_param_negative(cat_env *env)
{
    return set_param_call(env, KOL_PLAN_PARAM_BUDGET, -1);
}

static kol_status set_param_fraction(cat_env *env)
{
    return set_param_call(env, KOL_PLAN_PARAM_ENUM_DEPTH, 1.5);
}

static kol_status get_param_null(cat_env *env)
{
    (void)env;
    return kol_planner_get_param(NULL, KOL_PLAN_PARAM_BUDGET, NULL);
}

static kol_status get_param_null_out(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_get_param(pl, KOL_PLAN_PARAM_BUDGET, NULL);
    kol_planner_free(pl);
    return st;
}

static kol_status get_param_unknown(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    double v;
    kol_status st = kol_planner_get_param(pl, -1, &v);
    kol_planner_free(pl);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_planner_set_candidates                                         */
/* ------------------------------------------------------------------ */

static kol_status cand_call(cat_env *env, const double *cost,
                            const double *value, const double *conv,
                            const int32_t *tier, const int32_t *plat,
                            size_t n, int nomem)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_planner_set_candidates(pl, cost, value, conv, tier, plat, CAT3,
                                    n);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

static kol_status cand_null_planner(cat_env *env)
{
    (void)env;
    return kol_planner_set_candidates(NULL, COST3, VALUE3, NULL, NULL, NULL,
                                      NULL, 3);
}

static kol_status cand_null_cost(cat_env *env)
{
    return cand_call(env, NULL, VALUE3, NULL, TIER3, PLAT3, 3, 0);
}

static kol_status cand_empty(cat_env *env)
{
    return cand_call(env, COST3, VALUE3, NULL, TIER3, PLAT3, 0, 0);
}

static kol_status cand_too_many(cat_env *env)
{
    size_t n = (size_t)KOL_PLAN_MAX_CANDIDATES + 1;
    double *cost = calloc(n, sizeof *cost);
    kol_planner *pl = new_planner(env);
    kol_status st;
    assert_non_null(cost);
    st = kol_planner_set_candidates(pl, cost, NULL, NULL, NULL, NULL, NULL,
                                    n);
    kol_planner_free(pl);
    free(cost);
    return st;
}

static kol_status cand_value_inf(cat_env *env)
{
    const double value[3] = {5, INFINITY, 9};
    return cand_call(env, COST3, value, NULL, TIER3, PLAT3, 3, 0);
}

static kol_status cand_cost_negative(cat_env *env)
{
    const double cost[3] = {100, 200, -5};
    return cand_call(env, cost, VALUE3, NULL, TIER3, PLAT3, 3, 0);
}

static kol_status cand_conv_huge(cat_env *env)
{
    const double conv[3] = {1, TWO54, 3};
    return cand_call(env, COST3, VALUE3, conv, TIER3, PLAT3, 3, 0);
}

static kol_status cand_tier_code(cat_env *env)
{
    const int32_t tier[3] = {4096, 1, 0};
    return cand_call(env, COST3, VALUE3, NULL, tier, PLAT3, 3, 0);
}

static kol_status cand_platform_code(cat_env *env)
{
    const int32_t plat[3] = {0, -2, 1};
    return cand_call(env, COST3, VALUE3, NULL, TIER3, plat, 3, 0);
}

static kol_status cand_nomem(cat_env *env)
{
    return cand_call(env, COST3, VALUE3, CONV3, TIER3, PLAT3, 3, 1);
}

/* ------------------------------------------------------------------ */
/* kol_planner_set_audiences                                          */
/* ------------------------------------------------------------------ */

/* The first n audiences for the three sample candidates; sketch 2 has
 * precision p2, and sketch 1 is passed as NULL when null1. */
static kol_status aud_call(cat_env *env, size_t n, int p2, int null1,
                           int nomem)
{
    kol_planner *pl = sample_planner(env);
    kol_sketch *s[3];
    const kol_sketch *v[3];
    kol_status st;
    size_t i;
    s[0] = new_sketch(env, 10, 0);
    s[1] = new_sketch(env, 10, 2);
    s[2] = new_sketch(env, p2, 4);
    for (i = 0; i < 3; i++)
        v[i] = s[i];
    if (null1)
        v[1] = NULL;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_planner_set_audiences(pl, v, n);
    testalloc_disarm(env->ta);
    for (i = 0; i < 3; i++)
        kol_sketch_free(s[i]);
    kol_planner_free(pl);
    return st;
}

static kol_status aud_null_planner(cat_env *env)
{
    (void)env;
    return kol_planner_set_audiences(NULL, NULL, 0);
}

static kol_status aud_null_array(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st = kol_planner_set_audiences(pl, NULL, 3);
    kol_planner_free(pl);
    return st;
}

static kol_status aud_count(cat_env *env)
{
    return aud_call(env, 2, 10, 0, 0);
}

static kol_status aud_null_sketch(cat_env *env)
{
    return aud_call(env, 3, 10, 1, 0);
}

static kol_status aud_mismatch(cat_env *env)
{
    return aud_call(env, 3, 11, 0, 0);
}

static kol_status aud_seed_mismatch(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_sketch *s[3] = {NULL, NULL, NULL};
    const kol_sketch *v[3];
    kol_status st;
    size_t i;
    s[0] = new_sketch(env, 10, 0);
    s[1] = new_sketch(env, 10, 2);
    assert_int_equal(kol_sketch_new(env->ctx, 10, 7, &s[2]), KOL_STATUS_OK);
    for (i = 0; i < 3; i++)
        v[i] = s[i];
    st = kol_planner_set_audiences(pl, v, 3);
    for (i = 0; i < 3; i++)
        kol_sketch_free(s[i]);
    kol_planner_free(pl);
    return st;
}

static kol_status aud_nomem(cat_env *env)
{
    return aud_call(env, 3, 10, 0, 1);
}

/* ------------------------------------------------------------------ */
/* Choices and limits                                                 */
/* ------------------------------------------------------------------ */

static kol_status choice_null(cat_env *env)
{
    (void)env;
    return kol_planner_set_choice(NULL, 0, KOL_PLAN_CHOICE_REQUIRE);
}

static kol_status choice_index(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st = kol_planner_set_choice(pl, 5, KOL_PLAN_CHOICE_REQUIRE);
    kol_planner_free(pl);
    return st;
}

static kol_status choice_unknown(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st = kol_planner_set_choice(pl, 1, 3);
    kol_planner_free(pl);
    return st;
}

static kol_status tier_null(cat_env *env)
{
    (void)env;
    return kol_planner_set_tier_limit(NULL, 0, 1, 2);
}

static kol_status tier_code(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_set_tier_limit(pl, 4096, 0, 2);
    kol_planner_free(pl);
    return st;
}

static kol_status tier_negative(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_set_tier_limit(pl, -1, 0, 2);
    kol_planner_free(pl);
    return st;
}

static kol_status tier_min_max(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_set_tier_limit(pl, 2, 5, 3);
    kol_planner_free(pl);
    return st;
}

static kol_status tier_nomem(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_planner_set_tier_limit(pl, 2, 1, 3);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

static kol_status share_call(cat_env *env, int32_t platform, double lo,
                             double hi, int nomem)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_planner_set_platform_share(pl, platform, lo, hi);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

static kol_status share_null(cat_env *env)
{
    (void)env;
    return kol_planner_set_platform_share(NULL, 0, 0.1, 0.5);
}

static kol_status share_code(cat_env *env)
{
    return share_call(env, 5000, 0.1, 0.5, 0);
}

static kol_status share_nan(cat_env *env)
{
    return share_call(env, 1, NAN, 0.5, 0);
}

static kol_status share_order(cat_env *env)
{
    return share_call(env, 1, 0.6, 0.4, 0);
}

static kol_status share_above_one(cat_env *env)
{
    return share_call(env, 1, 0.2, 1.5, 0);
}

static kol_status share_nomem(cat_env *env)
{
    return share_call(env, 1, 0.1, 0.5, 1);
}

static kol_status catmax_null(cat_env *env)
{
    (void)env;
    return kol_planner_set_category_max(NULL, 2, 1);
}

static kol_status catmax_code(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st = kol_planner_set_category_max(pl, 5000, 1);
    kol_planner_free(pl);
    return st;
}

static kol_status catmax_nomem(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_planner_set_category_max(pl, 2, 1);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

static kol_status clear_null(cat_env *env)
{
    (void)env;
    return kol_planner_clear_constraints(NULL);
}

/* ------------------------------------------------------------------ */
/* kol_planner_run                                                    */
/* ------------------------------------------------------------------ */

static kol_status run_null(cat_env *env)
{
    kol_plan *plan = NULL;
    (void)env;
    return kol_planner_run(NULL, &plan);
}

static kol_status run_null_out(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st = kol_planner_run(pl, NULL);
    kol_planner_free(pl);
    return st;
}

static kol_status run_no_candidates(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 400),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_zero_budget(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 0),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_no_values(cat_env *env)
{
    kol_planner *pl = new_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_candidates(pl, COST3, NULL, CONV3, NULL,
                                                NULL, NULL, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 400),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_no_conversions(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_CONVERSIONS),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_no_audiences(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_REACH),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_required_budget(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 250),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_choice(pl, 2, KOL_PLAN_CHOICE_REQUIRE),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_required_tier(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 0, 1), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_choice(pl, 0, KOL_PLAN_CHOICE_REQUIRE),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_choice(pl, 2, KOL_PLAN_CHOICE_REQUIRE),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_tier_minimum(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_tier_limit(pl, 1, 2, UINT32_MAX),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_platform_minimum_greedy(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.9, 1.0),
                     KOL_STATUS_OK);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_cancel_end(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    cat_cancel_after(env, 1);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_cancel_greedy(cat_env *env)
{
    double cost[10], value[10];
    kol_planner *pl = new_planner(env);
    kol_status st;
    size_t i;
    for (i = 0; i < 10; i++) {
        cost[i] = 100.0 + 10.0 * (double)i;
        value[i] = 1.0 + (double)(i % 4);
    }
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, 10),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 500),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                     KOL_STATUS_OK);
    /* Depth 3 over 10 free candidates: 176 seed sets, progress after 64. */
    cat_cancel_after(env, 1);
    st = run_plan(pl);
    kol_planner_free(pl);
    return st;
}

static kol_status run_nomem(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = run_plan(pl);
    testalloc_disarm(env->ta);
    kol_planner_free(pl);
    return st;
}

/* ------------------------------------------------------------------ */
/* Plans                                                              */
/* ------------------------------------------------------------------ */

static kol_plan *sample_plan(cat_env *env)
{
    kol_planner *pl = sample_planner(env);
    kol_plan *plan = NULL;
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    kol_planner_free(pl);
    return plan;
}

static kol_status pick_null(cat_env *env)
{
    size_t c;
    (void)env;
    return kol_plan_pick(NULL, 0, &c, NULL);
}

static kol_status pick_position(cat_env *env)
{
    kol_plan *plan = sample_plan(env);
    size_t c;
    /* Budget 400 over costs 100, 200, 300: at most 2 picks. */
    kol_status st = kol_plan_pick(plan, 2, &c, NULL);
    kol_plan_free(plan);
    return st;
}

static kol_status rejected_null(cat_env *env)
{
    size_t c;
    (void)env;
    return kol_plan_rejected(NULL, 0, &c, NULL, NULL);
}

static kol_status rejected_position(cat_env *env)
{
    kol_plan *plan = sample_plan(env);
    size_t c;
    kol_status st = kol_plan_rejected(plan, 3, &c, NULL, NULL);
    kol_plan_free(plan);
    return st;
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Calls from inside the planner's own run                            */
/* ------------------------------------------------------------------ */

/* The call under test is made from the progress callback of
 * kol_planner_run() on the same planner (which must still succeed); the
 * row returns the inner call's status. */
enum reent_call {
    RE_SET_PARAM, RE_SET_CANDIDATES, RE_SET_AUDIENCES, RE_SET_CHOICE,
    RE_SET_TIER_LIMIT, RE_SET_PLATFORM_SHARE, RE_SET_CATEGORY_MAX,
    RE_CLEAR_CONSTRAINTS, RE_RUN
};

struct reent {
    kol_planner *pl;
    enum reent_call call;
    int done;
    kol_status inner;
};

static int reent_progress(void *user, uint64_t done, uint64_t total)
{
    struct reent *u = user;
    const kol_sketch *none[1] = {NULL};
    (void)done;
    (void)total;
    if (u->done)
        return 0;
    u->done = 1;
    switch (u->call) {
    case RE_SET_PARAM:
        u->inner = kol_planner_set_param(u->pl, KOL_PLAN_PARAM_BUDGET, 50);
        break;
    case RE_SET_CANDIDATES:
        u->inner = kol_planner_set_candidates(u->pl, COST3, VALUE3, NULL,
                                              NULL, NULL, NULL, 2);
        break;
    case RE_SET_AUDIENCES:
        u->inner = kol_planner_set_audiences(u->pl, none, 1);
        break;
    case RE_SET_CHOICE:
        u->inner = kol_planner_set_choice(u->pl, 0,
                                          KOL_PLAN_CHOICE_EXCLUDE);
        break;
    case RE_SET_TIER_LIMIT:
        u->inner = kol_planner_set_tier_limit(u->pl, 0, 0, 1);
        break;
    case RE_SET_PLATFORM_SHARE:
        u->inner = kol_planner_set_platform_share(u->pl, 0, 0.0, 0.5);
        break;
    case RE_SET_CATEGORY_MAX:
        u->inner = kol_planner_set_category_max(u->pl, 2, 1);
        break;
    case RE_CLEAR_CONSTRAINTS:
        u->inner = kol_planner_clear_constraints(u->pl);
        break;
    case RE_RUN:
        u->inner = run_plan(u->pl);
        break;
    }
    return 0;
}

static kol_status reent_row(cat_env *env, enum reent_call call)
{
    struct reent u;
    memset(&u, 0, sizeof u);
    u.call = call;
    u.inner = KOL_STATUS_OK;
    u.pl = sample_planner(env);
    assert_int_equal(kol_ctx_set_progress(env->ctx, reent_progress, &u),
                     KOL_STATUS_OK);
    assert_int_equal(run_plan(u.pl), KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(env->ctx, NULL, NULL),
                     KOL_STATUS_OK);
    assert_true(u.done);
    kol_planner_free(u.pl);
    return u.inner;
}

#define REENT_ROW_FN(name, call)                                         \
    static kol_status name(cat_env *env) { return reent_row(env, call); }
REENT_ROW_FN(reent_set_param, RE_SET_PARAM)
REENT_ROW_FN(reent_set_candidates, RE_SET_CANDIDATES)
REENT_ROW_FN(reent_set_audiences, RE_SET_AUDIENCES)
REENT_ROW_FN(reent_set_choice, RE_SET_CHOICE)
REENT_ROW_FN(reent_set_tier_limit, RE_SET_TIER_LIMIT)
REENT_ROW_FN(reent_set_platform_share, RE_SET_PLATFORM_SHARE)
REENT_ROW_FN(reent_set_category_max, RE_SET_CATEGORY_MAX)
REENT_ROW_FN(reent_clear_constraints, RE_CLEAR_CONSTRAINTS)
REENT_ROW_FN(reent_run, RE_RUN)

const cat_row cat_rows_planner[] = {
    CAT_ROW("kol_plan_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 7 (no context to report to)",
            NULL, bounds_unknown),

    CAT_ROW("kol_planner_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, new_null_ctx),
    CAT_ROW("kol_planner_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_planner_new: out is NULL", new_null_out),
    CAT_ROW("kol_planner_new", KOL_STATUS_NOMEM, "every allocation refused",
            "kol_planner_new: out of memory", new_nomem),

    CAT_ROW("kol_planner_set_param", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_param),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, set_param_null),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code 7",
            "unknown parameter 7", set_param_unknown),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_UNKNOWN_ENUM, "objective code 3",
            "unknown objective 3", set_param_objective),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_NOT_FINITE, "budget NaN",
            "kol_planner_set_param: budget = nan is not finite", set_param_nan),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_OUT_OF_RANGE, "budget -1",
            "kol_planner_set_param: budget = -1 outside [0, 9007199254740992]", set_param_negative),
    CAT_ROW("kol_planner_set_param", KOL_STATUS_OUT_OF_RANGE, "enum_depth 1.5 (not an integer)",
            "enum_depth = 1.5 is not an integer in [0, 3]", set_param_fraction),

    CAT_ROW("kol_planner_get_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, get_param_null),
    CAT_ROW("kol_planner_get_param", KOL_STATUS_INVALID_ARGUMENT, "a NULL value",
            "kol_planner_get_param: value is NULL", get_param_null_out),
    CAT_ROW("kol_planner_get_param", KOL_STATUS_UNKNOWN_ENUM, "parameter code -1",
            "unknown parameter -1", get_param_unknown),

    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_candidates),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, cand_null_planner),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_INVALID_ARGUMENT, "a NULL cost array",
            "cost is NULL", cand_null_cost),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_EMPTY, "n = 0",
            "no candidates (n = 0)", cand_empty),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_TOO_LARGE, "1000001 candidates",
            "1000001 candidates, at most 1000000", cand_too_many),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_NOT_FINITE, "value[1] +inf",
            "value[1] is inf", cand_value_inf),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_OUT_OF_RANGE, "cost[2] -5",
            "cost[2] = -5 is outside [0, 2^53]", cand_cost_negative),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_OUT_OF_RANGE, "conversions[1] 2^54",
            "conversions[1] = 1.8014398509481984e+16 is outside", cand_conv_huge),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_OUT_OF_RANGE, "tier code 4096 at index 0",
            "tier[0] = 4096 is outside [-1, 4095]", cand_tier_code),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_OUT_OF_RANGE, "platform code -2 at index 1",
            "platform[1] = -2 is outside [-1, 4095]", cand_platform_code),
    CAT_ROW("kol_planner_set_candidates", KOL_STATUS_NOMEM, "three candidates with every allocation refused",
            "kol_planner_set_candidates: out of memory", cand_nomem),

    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_audiences),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner and no sketches (no context to report to)",
            NULL, aud_null_planner),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch array",
            "sketches is NULL", aud_null_array),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_INVALID_ARGUMENT, "2 sketches for 3 candidates",
            "2 sketches for 3 candidates", aud_count),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_INVALID_ARGUMENT, "sketch 1 NULL",
            "sketch 1 is NULL", aud_null_sketch),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_MISMATCH, "sketch 2 of precision 11 after sketch 0 of precision 10",
            "sketch 2 (precision 11) differs from sketch 0 (precision 10) in precision", aud_mismatch),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_MISMATCH, "sketch 2 made with seed 7 after sketch 0 made with the default seed",
            "sketch 2 (seed 7) differs from sketch 0 (seed", aud_seed_mismatch),
    CAT_ROW("kol_planner_set_audiences", KOL_STATUS_NOMEM, "three sketches with every allocation refused",
            "kol_planner_set_audiences: out of memory", aud_nomem),

    CAT_ROW("kol_planner_set_choice", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_choice),
    CAT_ROW("kol_planner_set_choice", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, choice_null),
    CAT_ROW("kol_planner_set_choice", KOL_STATUS_NOT_FOUND, "candidate 5 of 3",
            "no candidate 5 (3 candidates)", choice_index),
    CAT_ROW("kol_planner_set_choice", KOL_STATUS_UNKNOWN_ENUM, "choice code 3",
            "unknown choice 3 for candidate 1", choice_unknown),

    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_tier_limit),
    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, tier_null),
    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_OUT_OF_RANGE, "tier code 4096",
            "tier code 4096 outside [0, 4095]", tier_code),
    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_OUT_OF_RANGE, "tier code -1",
            "tier code -1 outside [0, 4095]", tier_negative),
    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_OUT_OF_RANGE, "minimum 5 above maximum 3",
            "tier 2 minimum 5 above maximum 3", tier_min_max),
    CAT_ROW("kol_planner_set_tier_limit", KOL_STATUS_NOMEM, "a new tier code with every allocation refused",
            "kol_planner_set_tier_limit: out of memory", tier_nomem),

    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_platform_share),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, share_null),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_OUT_OF_RANGE, "platform code 5000",
            "platform code 5000 outside [0, 4095]", share_code),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_NOT_FINITE, "min_share NaN",
            "platform 1 shares nan and 0.5", share_nan),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_OUT_OF_RANGE, "min_share 0.6 above max_share 0.4",
            "platform 1 shares [0.6, 0.4]", share_order),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_OUT_OF_RANGE, "max_share 1.5",
            "platform 1 shares [0.2, 1.5]", share_above_one),
    CAT_ROW("kol_planner_set_platform_share", KOL_STATUS_NOMEM, "a new platform code with every allocation refused",
            "kol_planner_set_platform_share: out of memory", share_nomem),

    CAT_ROW("kol_planner_set_category_max", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_set_category_max),
    CAT_ROW("kol_planner_set_category_max", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, catmax_null),
    CAT_ROW("kol_planner_set_category_max", KOL_STATUS_OUT_OF_RANGE, "category code 5000",
            "category code 5000 outside [0, 4095]", catmax_code),
    CAT_ROW("kol_planner_set_category_max", KOL_STATUS_NOMEM, "a new category code with every allocation refused",
            "kol_planner_set_category_max: out of memory", catmax_nomem),

    CAT_ROW("kol_planner_clear_constraints", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_clear_constraints),
    CAT_ROW("kol_planner_clear_constraints", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, clear_null),

    CAT_ROW("kol_planner_run", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_planner_run on the same planner",
            "called from a callback", reent_run),
    CAT_ROW("kol_planner_run", KOL_STATUS_INVALID_ARGUMENT, "a NULL planner (no context to report to)",
            NULL, run_null),
    CAT_ROW("kol_planner_run", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_planner_run: out is NULL", run_null_out),
    CAT_ROW("kol_planner_run", KOL_STATUS_EMPTY, "a planner never given candidates",
            "no candidates were given", run_no_candidates),
    CAT_ROW("kol_planner_run", KOL_STATUS_BAD_STATE, "budget 0",
            "the budget is 0", run_zero_budget),
    CAT_ROW("kol_planner_run", KOL_STATUS_BAD_STATE, "the value objective without candidate values",
            "objective value, but candidate values were not given", run_no_values),
    CAT_ROW("kol_planner_run", KOL_STATUS_BAD_STATE, "the conversions objective without candidate conversions",
            "objective conversions, but candidate conversions were not given", run_no_conversions),
    CAT_ROW("kol_planner_run", KOL_STATUS_BAD_STATE, "the reach objective without audiences",
            "objective reach, but no audiences were given", run_no_audiences),
    CAT_ROW("kol_planner_run", KOL_STATUS_INFEASIBLE, "a required candidate of cost 300 under budget 250",
            "required candidate 2 (cost 300) breaks the budget", run_required_budget),
    CAT_ROW("kol_planner_run", KOL_STATUS_INFEASIBLE, "two required candidates of tier 0 with at most 1 allowed",
            "required candidate 2 (cost 300) breaks its tier maximum", run_required_tier),
    CAT_ROW("kol_planner_run", KOL_STATUS_INFEASIBLE, "at least 2 of tier 1 with one such candidate (exact search)",
            "tier 1 needs at least 2", run_tier_minimum),
    CAT_ROW("kol_planner_run", KOL_STATUS_INFEASIBLE, "90% of the budget on a platform whose only candidate costs 75% of it (greedy)",
            "platform 1 needs a spend of at least 0.9 of the budget of 400", run_platform_minimum_greedy),
    CAT_ROW("kol_planner_run", KOL_STATUS_CANCELLED, "progress cancelling at the end of an exact search",
            "kol_planner_run: cancelled by the progress callback", run_cancel_end),
    CAT_ROW("kol_planner_run", KOL_STATUS_CANCELLED, "progress cancelling after 64 seed sets of the greedy search",
            "kol_planner_run (greedy): cancelled by the progress callback (returned 1) at 64 of 176", run_cancel_greedy),
    CAT_ROW("kol_planner_run", KOL_STATUS_NOMEM, "every allocation refused",
            "kol_planner_run: out of memory", run_nomem),

    CAT_ROW("kol_plan_pick", KOL_STATUS_INVALID_ARGUMENT, "a NULL plan (no context to report to)",
            NULL, pick_null),
    CAT_ROW("kol_plan_pick", KOL_STATUS_NOT_FOUND, "position 2 of a plan of 2 picks",
            "no pick 2 (the plan has 2)", pick_position),

    CAT_ROW("kol_plan_rejected", KOL_STATUS_INVALID_ARGUMENT, "a NULL plan (no context to report to)",
            NULL, rejected_null),
    CAT_ROW("kol_plan_rejected", KOL_STATUS_NOT_FOUND, "position 3 of a plan reporting 1 rejected candidate",
            "no rejected candidate 3 (the plan reports 1)", rejected_position),
    CAT_END
};
