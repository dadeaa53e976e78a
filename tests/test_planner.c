/* Unit tests of include/kol/planner.h: the planner against exhaustive
 * search on many small random instances (exact mode: the optimum; greedy
 * mode: never below its stated guarantee, at least 0.98 of the optimum on
 * average, every constraint always met), reach through sketches, reasons
 * for rejected candidates, marginal gains, cancellation through the
 * progress callback, determinism, the bad-input table and the
 * allocation-failure loop. */
#include "testalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 14

/* splitmix64 (Steele, Lea, Flood 2014), the tests' own generator. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned rng_below(uint64_t *s, unsigned n)
{
    return (unsigned)(rng_next(s) % n);
}

struct inst {
    size_t n;
    int objective;
    double B;
    double cost[MAXN], value[MAXN], conv[MAXN];
    int32_t tier[MAXN], plat[MAXN], cat[MAXN];
    int choice[MAXN];
    int has_tier, has_plat, has_cat;
    uint32_t tmin[3], tmax[3];
    double pmin[2], pmax[2];
    uint32_t cmax[3];
    kol_sketch *sk[MAXN];
};

static void inst_free(struct inst *I)
{
    size_t i;
    for (i = 0; i < I->n; i++)
        kol_sketch_free(I->sk[i]);
}

/* kind: 0 budget only; 1 + required/excluded; 2 + tier and category
 * limits; 3 + platform shares. */
static void inst_make(kol_ctx *ctx, uint64_t *rs, struct inst *I, size_t n,
                      int objective, int kind)
{
    size_t i;
    double total = 0.0;
    memset(I, 0, sizeof *I);
    I->n = n;
    I->objective = objective;
    for (i = 0; i < n; i++) {
        I->cost[i] = 1 + rng_below(rs, 30);
        I->value[i] = rng_below(rs, 60);
        I->conv[i] = rng_below(rs, 25);
        I->tier[i] = (int32_t)rng_below(rs, 3);
        I->plat[i] = (int32_t)rng_below(rs, 2);
        I->cat[i] = (int32_t)rng_below(rs, 3) - (rng_below(rs, 5) == 0);
        total += I->cost[i];
    }
    I->B = floor(total * (0.2 + 0.5 * (double)rng_below(rs, 100) / 100.0));
    if (I->B < 1)
        I->B = 1;
    if (kind >= 1) {
        I->choice[rng_below(rs, (unsigned)n)] = KOL_PLAN_CHOICE_EXCLUDE;
        if (rng_below(rs, 2)) {
            size_t r = rng_below(rs, (unsigned)n);
            if (I->choice[r] == 0 && I->cost[r] <= I->B / 2)
                I->choice[r] = KOL_PLAN_CHOICE_REQUIRE;
        }
    }
    if (kind >= 2) {
        I->has_tier = 1;
        I->has_cat = 1;
        for (i = 0; i < 3; i++) {
            I->tmin[i] = rng_below(rs, 3) == 0 ? 1 : 0;
            I->tmax[i] = I->tmin[i] + 1 + rng_below(rs, 3);
            I->cmax[i] = 1 + rng_below(rs, 3);
        }
    }
    if (kind >= 3) {
        I->has_plat = 1;
        for (i = 0; i < 2; i++) {
            I->pmin[i] = rng_below(rs, 3) == 0 ? 0.1 : 0.0;
            I->pmax[i] = rng_below(rs, 2) ? 0.7 : 1.0;
        }
    }
    if (objective == KOL_PLAN_OBJECTIVE_REACH) {
        /* Audiences: each candidate follows 1 to 3 of 8 communities (id
         * blocks of different sizes), plus its own fans. */
        for (i = 0; i < n; i++) {
            unsigned k, nc = 1 + rng_below(rs, 3);
            uint64_t ids[512];
            assert_int_equal(kol_sketch_new(ctx, 8, KOL_SKETCH_DEFAULT_SEED,
                                            &I->sk[i]), KOL_STATUS_OK);
            for (k = 0; k < nc; k++) {
                unsigned c = rng_below(rs, 8), j;
                unsigned size = 50 + 60 * c;
                for (j = 0; j < size; j++)
                    ids[j] = ((uint64_t)(c + 1) << 32) | j;
                kol_sketch_add_ids(I->sk[i], ids, size);
            }
            {
                unsigned j, own = rng_below(rs, 300);
                for (j = 0; j < own; j++)
                    ids[j] = ((uint64_t)(100 + i) << 32) | j;
                kol_sketch_add_ids(I->sk[i], ids, own);
            }
        }
    }
}

static void inst_apply(const struct inst *I, kol_planner *pl)
{
    size_t i;
    assert_int_equal(kol_planner_set_candidates(pl, I->cost, I->value,
                                                I->conv, I->tier, I->plat,
                                                I->cat, I->n), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, I->B),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           I->objective), KOL_STATUS_OK);
    for (i = 0; i < I->n; i++)
        assert_int_equal(kol_planner_set_choice(pl, i, I->choice[i]),
                         KOL_STATUS_OK);
    for (i = 0; i < 3; i++) {
        if (I->has_tier)
            assert_int_equal(kol_planner_set_tier_limit(pl, (int32_t)i,
                                                        I->tmin[i],
                                                        I->tmax[i]),
                             KOL_STATUS_OK);
        if (I->has_cat)
            assert_int_equal(kol_planner_set_category_max(pl, (int32_t)i,
                                                          I->cmax[i]),
                             KOL_STATUS_OK);
    }
    for (i = 0; i < 2 && I->has_plat; i++)
        assert_int_equal(kol_planner_set_platform_share(pl, (int32_t)i,
                                                        I->pmin[i],
                                                        I->pmax[i]),
                         KOL_STATUS_OK);
    if (I->objective == KOL_PLAN_OBJECTIVE_REACH)
        assert_int_equal(kol_planner_set_audiences(
                             pl, (const kol_sketch *const *)I->sk, I->n),
                         KOL_STATUS_OK);
}

/* Whether the set is feasible; *obj receives its objective. */
static int feasible(const struct inst *I, const int *in, double *obj)
{
    double spend = 0.0, pspend[2] = {0, 0}, sum = 0.0;
    uint32_t tc[3] = {0, 0, 0}, cc[3] = {0, 0, 0};
    const kol_sketch *chosen[MAXN];
    size_t i, k = 0;
    for (i = 0; i < I->n; i++) {
        if (I->choice[i] == KOL_PLAN_CHOICE_REQUIRE && !in[i])
            return 0;
        if (I->choice[i] == KOL_PLAN_CHOICE_EXCLUDE && in[i])
            return 0;
        if (!in[i])
            continue;
        spend += I->cost[i];
        pspend[I->plat[i]] += I->cost[i];
        tc[I->tier[i]]++;
        if (I->cat[i] >= 0)
            cc[I->cat[i]]++;
        sum += I->objective == KOL_PLAN_OBJECTIVE_VALUE ? I->value[i]
                                                        : I->conv[i];
        chosen[k++] = I->sk[i];
    }
    if (spend > I->B)
        return 0;
    for (i = 0; i < 3; i++) {
        if (I->has_tier && (tc[i] < I->tmin[i] || tc[i] > I->tmax[i]))
            return 0;
        if (I->has_cat && cc[i] > I->cmax[i])
            return 0;
    }
    for (i = 0; i < 2 && I->has_plat; i++)
        if (pspend[i] < I->pmin[i] * I->B || pspend[i] > I->pmax[i] * I->B)
            return 0;
    if (I->objective == KOL_PLAN_OBJECTIVE_REACH)
        assert_int_equal(kol_sketch_union_estimate(chosen, k, &sum),
                         KOL_STATUS_OK);
    *obj = sum;
    return 1;
}

/* a and b pick the same candidates in the same order with the same
 * marginal gains and objective, bit for bit. */
static void assert_same_picks(const kol_plan *a, const kol_plan *b)
{
    size_t i;
    assert_int_equal(kol_plan_size(a), kol_plan_size(b));
    assert_true(kol_plan_objective(a) == kol_plan_objective(b));
    for (i = 0; i < kol_plan_size(a); i++) {
        size_t ca, cb;
        double ga, gb;
        assert_int_equal(kol_plan_pick(a, i, &ca, &ga), KOL_STATUS_OK);
        assert_int_equal(kol_plan_pick(b, i, &cb, &gb), KOL_STATUS_OK);
        assert_int_equal(ca, cb);
        assert_true(ga == gb);
    }
}

/* Exhaustive optimum; returns 0 when nothing is feasible. */
static int exhaustive(const struct inst *I, double *best)
{
    uint32_t mask;
    int found = 0, in[MAXN];
    for (mask = 0; mask < (1u << I->n); mask++) {
        double obj;
        size_t i;
        for (i = 0; i < I->n; i++)
            in[i] = (int)((mask >> i) & 1u);
        if (feasible(I, in, &obj) && (!found || obj > *best)) {
            *best = obj;
            found = 1;
        }
    }
    return found;
}

/* Check a plan's internal consistency and feasibility; returns its
 * objective as recomputed by the test. */
static double check_plan(const struct inst *I, const kol_plan *plan)
{
    int in[MAXN];
    size_t i, k = kol_plan_size(plan);
    double spend = 0.0, gains = 0.0, obj = -1.0;
    memset(in, 0, sizeof in);
    for (i = 0; i < k; i++) {
        size_t c = (size_t)-1;
        double g = -1.0;
        assert_int_equal(kol_plan_pick(plan, i, &c, &g), KOL_STATUS_OK);
        assert_true(c < I->n);
        assert_false(in[c]);
        in[c] = 1;
        spend += I->cost[c];
        gains += g;
        assert_true(isfinite(g));
    }
    assert_true(feasible(I, in, &obj));
    assert_double_near(kol_plan_spend(plan), spend, 1e-9);
    assert_double_near(kol_plan_objective(plan), obj, 1e-9 * (1 + obj));
    assert_double_near(gains, obj, 1e-6 * (1 + obj));
    /* Rejected: never a chosen one, reasons known, gains descending. */
    for (i = 0; i < kol_plan_rejected_count(plan); i++) {
        size_t c;
        int32_t why;
        double g, prev = INFINITY;
        assert_int_equal(kol_plan_rejected(plan, i, &c, &why, &g),
                         KOL_STATUS_OK);
        assert_false(in[c]);
        assert_non_null(kol_plan_reason_name(why));
        assert_true(g <= prev);
        prev = g;
        if (I->choice[c] == KOL_PLAN_CHOICE_EXCLUDE)
            assert_int_equal(why, KOL_PLAN_REASON_EXCLUDED);
        if (why == KOL_PLAN_REASON_OVER_BUDGET)
            assert_true(spend + I->cost[c] > I->B);
    }
    return obj;
}

static void compare_many(int objective, size_t nmin, size_t nmax,
                         int instances, uint64_t seed)
{
    kol_ctx *ctx;
    uint64_t rs = seed;
    int t, exact_runs = 0, greedy_runs = 0;
    int guaranteed = 0, depth, shallow_runs[3] = {0, 0, 0};
    double shallow_sum[3] = {0, 0, 0};
    double ratio_sum = 0.0, worst = 1.0, worst_guaranteed = 1.0;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (t = 0; t < instances; t++) {
        struct inst I;
        kol_planner *pl;
        kol_plan *plan = NULL;
        double opt = 0.0;
        int has_opt, kind = t % 4;
        size_t n = nmin + (size_t)t % (nmax - nmin + 1);
        kol_status st;
        inst_make(ctx, &rs, &I, n, objective, kind);
        has_opt = exhaustive(&I, &opt);
        assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
        inst_apply(&I, pl);
        /* Exact mode (the defaults for these sizes). */
        st = kol_planner_run(pl, &plan);
        if (!has_opt) {
            assert_int_equal(st, KOL_STATUS_INFEASIBLE);
            assert_null(plan);
        } else {
            double got;
            assert_status(ctx, st, KOL_STATUS_OK);
            assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
            assert_true(kol_plan_guarantee(plan) == 1.0);
            got = check_plan(&I, plan);
            assert_double_near(got, opt, 1e-9 * (1 + opt));
            exact_runs++;
        }
        kol_plan_free(plan);
        plan = NULL;
        /* Greedy mode with partial enumeration. */
        kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0);
        kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT_REACH, 0);
        st = kol_planner_run(pl, &plan);
        if (has_opt) {
            double got = 0.0, ratio;
            /* A plan exists, so the greedy method finds one: when its
             * completions miss a minimum, its search for the minimums
             * (complete on instances this small) does not. */
            assert_status(ctx, st, KOL_STATUS_OK);
            assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
            got = check_plan(&I, plan);
            assert_true(got <= opt + 1e-9 * (1 + opt));
            ratio = opt > 0.0 ? got / opt : 1.0;
            if (st == KOL_STATUS_OK && kol_plan_guarantee(plan) > 0.0) {
                guaranteed++;
                assert_true(ratio >= kol_plan_guarantee(plan) - 1e-12);
                if (ratio < worst_guaranteed)
                    worst_guaranteed = ratio;
            }
            ratio_sum += ratio;
            if (ratio < worst)
                worst = ratio;
            greedy_runs++;
        } else {
            /* no plan exists: refused with the proof, or for the
             * required candidates alone */
            assert_int_equal(st, KOL_STATUS_INFEASIBLE);
            assert_null(plan);
            assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                              "no plan meets them all|required candidate");
        }
        kol_plan_free(plan);
        plan = NULL;
        /* Shallower depths keep their own (weaker) guarantees. */
        for (depth = 0; depth <= 2 && has_opt; depth++) {
            double got, ratio;
            kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, depth);
            st = kol_planner_run(pl, &plan);
            assert_status(ctx, st, KOL_STATUS_OK);
            assert_int_equal(kol_plan_depth(plan), depth);
            got = check_plan(&I, plan);
            ratio = opt > 0.0 ? got / opt : 1.0;
            assert_true(ratio >= kol_plan_guarantee(plan) - 1e-12);
            if (kind <= 1)
                assert_true(kol_plan_guarantee(plan) > 0.0);
            shallow_sum[depth] += ratio;
            shallow_runs[depth]++;
            kol_plan_free(plan);
            plan = NULL;
        }
        kol_planner_free(pl);
        inst_free(&I);
    }
    print_message("  depth 0/1/2 mean ratios %.4f %.4f %.4f\n",
                  shallow_sum[0] / shallow_runs[0],
                  shallow_sum[1] / shallow_runs[1],
                  shallow_sum[2] / shallow_runs[2]);
    print_message("  objective %d: %d instances (n %zu..%zu), exact %d/%d "
                  "optimal; greedy mean ratio %.4f, worst %.4f, worst with "
                  "a guarantee %.4f (%d runs)\n",
                  objective, instances, nmin, nmax, exact_runs, exact_runs,
                  ratio_sum / greedy_runs, worst, worst_guaranteed,
                  guaranteed);
    assert_true(greedy_runs > instances / 2);
    assert_true(guaranteed > instances / 4);
    assert_true(ratio_sum / greedy_runs >= 0.98);
    kol_ctx_free(ctx);
}

static void test_vs_exhaustive_value(void **state)
{
    (void)state;
    compare_many(KOL_PLAN_OBJECTIVE_VALUE, 4, 12, 400, 11);
}

static void test_vs_exhaustive_conversions(void **state)
{
    (void)state;
    compare_many(KOL_PLAN_OBJECTIVE_CONVERSIONS, 4, 12, 200, 12);
}

static void test_vs_exhaustive_reach(void **state)
{
    (void)state;
    compare_many(KOL_PLAN_OBJECTIVE_REACH, 4, 10, 200, 13);
}

/* ------------------------------------------------------------------ */
/* Known instances                                                    */
/* ------------------------------------------------------------------ */

/* Reach counts overlap once: two KOLs with the same audience are worth one;
 * the third, cheaper and disjoint, wins. Reasons for the rejected. */
static void test_reach_and_reasons(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan;
    kol_sketch *sk[7];
    uint64_t ids[3000];
    double cost[7] = {10, 10, 8, 50, 5, 5, 5};
    int32_t tier[7] = {0, 0, 1, 1, 2, 2, 1};
    int32_t plat[7] = {0, 0, 0, 0, 1, 0, 0};
    int32_t cat[7] = {0, 0, 0, 0, 1, 2, 2};
    size_t i, c;
    int32_t why;
    double g;
    int seen[8] = {0};
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < 7; i++) {
        size_t j, size = 1000 + 200 * i;
        uint64_t base = (i == 1) ? 0 : (uint64_t)i << 32; /* 1 copies 0 */
        kol_sketch_new(ctx, 12, KOL_SKETCH_DEFAULT_SEED, &sk[i]);
        if (i == 1)
            size = 1000;
        for (j = 0; j < size; j++)
            ids[j] = base | j;
        kol_sketch_add_ids(sk[i], ids, size);
    }
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, NULL, NULL, tier,
                                                plat, cat, 7), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_audiences(
                         pl, (const kol_sketch *const *)sk, 7),
                     KOL_STATUS_OK);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                          KOL_PLAN_OBJECTIVE_REACH);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 30);
    kol_planner_set_choice(pl, 4, KOL_PLAN_CHOICE_EXCLUDE);
    kol_planner_set_platform_share(pl, 1, 0.0, 0.1);   /* 3 s on plat 1 */
    kol_planner_set_category_max(pl, 2, 1);            /* 5 or 6 */
    kol_planner_set_tier_limit(pl, 1, 0, 1);           /* 2, 3 or 6 */
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    /* Best: 0 (or 1, same audience), 2 and 5 -> cost 23; 1 then adds
     * nothing. */
    assert_int_equal(kol_plan_size(plan), 3);
    for (i = 0; i < kol_plan_size(plan); i++) {
        kol_plan_pick(plan, i, &c, &g);
        seen[c] = 1;
        assert_true(g > 0.0);
    }
    assert_true(seen[0] != seen[1]);
    assert_true(seen[2] && seen[5]);
    {
        const kol_sketch *set[3] = {sk[seen[0] ? 0 : 1], sk[2], sk[5]};
        double u;
        kol_sketch_union_estimate(set, 3, &u);
        assert_true(kol_plan_objective(plan) == u);
    }
    assert_int_equal(kol_plan_rejected_count(plan), 4);
    for (i = 0; i < 4; i++) {
        assert_int_equal(kol_plan_rejected(plan, i, &c, &why, &g),
                         KOL_STATUS_OK);
        switch (c) {
        case 0: case 1: assert_int_equal(why, KOL_PLAN_REASON_NO_GAIN);
            assert_true(g == 0.0);
            break;
        case 3: assert_int_equal(why, KOL_PLAN_REASON_OVER_BUDGET); break;
        case 4: assert_int_equal(why, KOL_PLAN_REASON_EXCLUDED); break;
        case 6: assert_int_equal(why, KOL_PLAN_REASON_TIER_MAX); break;
        default: fail_msg("candidate %zu should be chosen", c);
        }
    }
    assert_string_equal(kol_plan_reason_name(KOL_PLAN_REASON_NO_GAIN),
                        "no_gain");
    assert_null(kol_plan_reason_name(0));
    assert_null(kol_plan_reason_name(99));
    {
        /* every reason has its name (OUTSCORED needs an objective that can
         * decrease, which no run here produces) */
        static const struct {
            int code;
            const char *name;
        } names[] = {
            {KOL_PLAN_REASON_EXCLUDED, "excluded"},
            {KOL_PLAN_REASON_OVER_BUDGET, "over_budget"},
            {KOL_PLAN_REASON_TIER_MAX, "tier_max"},
            {KOL_PLAN_REASON_CATEGORY_MAX, "category_max"},
            {KOL_PLAN_REASON_PLATFORM_SHARE, "platform_share"},
            {KOL_PLAN_REASON_NO_GAIN, "no_gain"},
            {KOL_PLAN_REASON_OUTSCORED, "outscored"},
        };
        size_t k;
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            assert_string_equal(kol_plan_reason_name(names[k].code),
                                names[k].name);
    }
    kol_plan_free(plan);
    /* Category and platform reasons. */
    kol_planner_clear_constraints(pl);
    kol_planner_set_category_max(pl, 2, 1);
    kol_planner_set_platform_share(pl, 1, 0.0, 0.1);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 200);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    for (i = 0; i < kol_plan_rejected_count(plan); i++) {
        kol_plan_rejected(plan, i, &c, &why, &g);
        if (c == 4)
            assert_int_equal(why, KOL_PLAN_REASON_PLATFORM_SHARE);
        if (c == 5 || c == 6)
            assert_int_equal(why, KOL_PLAN_REASON_CATEGORY_MAX);
    }
    kol_plan_free(plan);
    kol_planner_free(pl);
    for (i = 0; i < 7; i++)
        kol_sketch_free(sk[i]);
    kol_ctx_free(ctx);
}

/* Exact search, ties on the objective: a candidate with zero marginal gain
 * is not bought even when the budget allows it. For reach, 0 is a subset of
 * 2's audience and 4 a zero-cost copy of 3's (the fewer picks win when the
 * spend ties too); for the value objective, 1 and 4 have value 0. */
static void test_exact_zero_gain(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan;
    kol_sketch *sk[5];
    uint64_t ids[2000];
    /* audiences: 0 = ids [0, 1000), 1 = [1M, 1M + 1500), 2 = [0, 2000),
     * 3 = [2M, 2M + 800), 4 = 3's */
    static const uint64_t base[5] = {0, 1000000, 0, 2000000, 2000000};
    static const size_t size[5] = {1000, 1500, 2000, 800, 800};
    double cost[5] = {3, 10, 10, 5, 0};
    double value[5] = {4, 0, 9, 2, 0};
    size_t i, j, c;
    double g, u;
    int seen[5];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < 5; i++) {
        assert_int_equal(
            kol_sketch_new(ctx, 12, KOL_SKETCH_DEFAULT_SEED, &sk[i]),
            KOL_STATUS_OK);
        for (j = 0; j < size[i]; j++)
            ids[j] = base[i] + j;
        assert_int_equal(kol_sketch_add_ids(sk[i], ids, size[i]),
                         KOL_STATUS_OK);
    }
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_audiences(
                         pl, (const kol_sketch *const *)sk, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_REACH),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 100),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    memset(seen, 0, sizeof seen);
    for (i = 0; i < kol_plan_size(plan); i++) {
        assert_int_equal(kol_plan_pick(plan, i, &c, &g), KOL_STATUS_OK);
        seen[c] = 1;
        assert_true(g > 0.0);
    }
    /* 1, 2 and one of 3 / 4: the zero-cost 4 and 3 tie on spend when 3 is
     * bought (spend 25 with 3 vs 20 with 4): 4 is cheaper */
    assert_int_equal(kol_plan_size(plan), 3);
    assert_true(!seen[0] && seen[1] && seen[2] && !seen[3] && seen[4]);
    assert_true(kol_plan_spend(plan) == 20.0);
    {
        const kol_sketch *all[5] = {sk[0], sk[1], sk[2], sk[3], sk[4]};
        assert_int_equal(kol_sketch_union_estimate(all, 5, &u),
                         KOL_STATUS_OK);
        assert_true(kol_plan_objective(plan) == u);
    }
    kol_plan_free(plan);
    /* 3 costs nothing too: spend ties, the fewer picks win */
    cost[3] = 0.0;
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_audiences(
                         pl, (const kol_sketch *const *)sk, 5),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), 3);
    assert_true(kol_plan_spend(plan) == 20.0);
    assert_true(kol_plan_objective(plan) == u);
    kol_plan_free(plan);
    /* value objective: 1 and 4 are worth nothing */
    cost[3] = 5.0;
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, 5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_VALUE),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    memset(seen, 0, sizeof seen);
    for (i = 0; i < kol_plan_size(plan); i++) {
        assert_int_equal(kol_plan_pick(plan, i, &c, &g), KOL_STATUS_OK);
        seen[c] = 1;
    }
    assert_int_equal(kol_plan_size(plan), 3);
    assert_true(seen[0] && !seen[1] && seen[2] && seen[3] && !seen[4]);
    assert_true(kol_plan_spend(plan) == 18.0);
    assert_true(kol_plan_objective(plan) == 15.0);
    kol_plan_free(plan);
    kol_planner_free(pl);
    for (i = 0; i < 5; i++)
        kol_sketch_free(sk[i]);
    kol_ctx_free(ctx);
}

/* A pyramid: at most 1 head, at least 3 tail; the value objective. */
static void test_pyramid(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan;
    double cost[8] = {100, 90, 30, 30, 10, 10, 10, 10};
    double value[8] = {200, 190, 50, 45, 12, 11, 10, 9};
    int32_t tier[8] = {0, 0, 1, 1, 2, 2, 2, 2};
    size_t i, c, heads = 0, tails = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    kol_planner_new(ctx, &pl);
    kol_planner_set_candidates(pl, cost, value, NULL, tier, NULL, NULL, 8);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 200);
    kol_planner_set_tier_limit(pl, 0, 0, 1);
    kol_planner_set_tier_limit(pl, 2, 3, UINT32_MAX);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    for (i = 0; i < kol_plan_size(plan); i++) {
        kol_plan_pick(plan, i, &c, NULL);
        heads += tier[c] == 0;
        tails += tier[c] == 2;
    }
    assert_int_equal(heads, 1);
    assert_true(tails >= 3);
    /* 0 + 2 + 3 + 4..7: cost 100 + 60 + 40 = 200, value 200 + 95 + 42. */
    assert_double_near(kol_plan_objective(plan), 337.0, 0.0);
    assert_double_near(kol_plan_spend(plan), 200.0, 0.0);
    kol_plan_free(plan);
    /* Required candidate 1 and excluded 0. */
    kol_planner_set_choice(pl, 1, KOL_PLAN_CHOICE_REQUIRE);
    kol_planner_set_choice(pl, 0, KOL_PLAN_CHOICE_EXCLUDE);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    kol_plan_pick(plan, 0, &c, NULL);
    assert_int_equal(c, 1);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* Same input, same plan; the greedy guarantee for large instances. */
static void test_determinism_and_large(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *a, *b;
    uint64_t rs = 99;
    size_t n = 200, i;
    double *cost = malloc(n * sizeof *cost), *value = malloc(n * sizeof *value);
    (void)state;
    assert_non_null(cost);
    assert_non_null(value);
    for (i = 0; i < n; i++) {
        cost[i] = 1 + rng_below(&rs, 100);
        value[i] = rng_below(&rs, 1000) / 7.0;
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    kol_planner_new(ctx, &pl);
    kol_planner_set_candidates(pl, cost, value, NULL, NULL, NULL, NULL, n);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 500);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e9);
    assert_status(ctx, kol_planner_run(pl, &a), KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &b), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(a), KOL_PLAN_METHOD_GREEDY);
    print_message("  n = 200: depth %d, guarantee %.3f, objective %.4f\n",
                  kol_plan_depth(a), kol_plan_guarantee(a),
                  kol_plan_objective(a));
    assert_true(kol_plan_depth(a) >= 1);
    assert_double_near(kol_plan_guarantee(a),
                       kol_plan_depth(a) / (kol_plan_depth(a) + 1.0), 1e-15);
    assert_same_picks(a, b);
    assert_true(kol_plan_spend(a) <= 500);
    kol_plan_free(a);
    kol_plan_free(b);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
    free(cost);
    free(value);
}

/* ------------------------------------------------------------------ */
/* Cancellation                                                       */
/* ------------------------------------------------------------------ */

struct prog {
    int calls;
    int stop_at;
};

static int on_progress(void *user, uint64_t done, uint64_t total)
{
    struct prog *p = user;
    (void)done;
    (void)total;
    p->calls++;
    return p->calls >= p->stop_at ? 7 : 0;
}

static void test_cancel(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = (kol_plan *)&plan;
    double cost[40], value[40];
    size_t i;
    struct prog pr = {0, 3};
    (void)state;
    for (i = 0; i < 40; i++) {
        cost[i] = 1 + (double)(i % 7);
        value[i] = (double)((i * 37) % 11);
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    kol_planner_new(ctx, &pl);
    kol_planner_set_candidates(pl, cost, value, NULL, NULL, NULL, NULL, 40);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 30);
    kol_ctx_set_progress(ctx, on_progress, &pr);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(kol_ctx_callback_code(ctx), 7);
    assert_int_equal(pr.calls, 3);
    /* Exact mode too; and at the final report. */
    pr.calls = 0;
    pr.stop_at = 1;
    kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 40);
    kol_planner_set_candidates(pl, cost, value, NULL, NULL, NULL, NULL, 10);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    /* Without cancellation the run succeeds and reports at least once. */
    pr.calls = 0;
    pr.stop_at = 1000000;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(pr.calls >= 1);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* From the progress callback of a run, every call that would change the
 * planner: each refused with BAD_STATE naming both calls, the run's plan
 * the same as a run whose callback makes no call. */
struct reentry {
    kol_planner *pl;
    kol_ctx *ctx;
    int rounds, refused, wrong;
};

static void reentry_check(struct reentry *u, const char *fn, kol_status st)
{
    if (testmsg_refused(u->ctx, st, fn, "kol_planner_run"))
        u->refused++;
    else
        u->wrong++;
}

static int reentry_progress(void *user, uint64_t done, uint64_t total)
{
    struct reentry *u = user;
    static const double c[2] = {1, 1}, v[2] = {1, 1};
    const kol_sketch *none[1] = {NULL};
    kol_plan *plan = NULL;
    (void)done;
    (void)total;
    u->rounds++;
/* the call, refused, and its name for the message check */
#define REFUSED(fn, args) reentry_check(u, #fn, fn args)
    REFUSED(kol_planner_set_param, (u->pl, KOL_PLAN_PARAM_BUDGET, 1));
    REFUSED(kol_planner_set_candidates,
            (u->pl, c, v, NULL, NULL, NULL, NULL, 2));
    REFUSED(kol_planner_set_audiences, (u->pl, none, 1));
    REFUSED(kol_planner_set_choice, (u->pl, 0, KOL_PLAN_CHOICE_REQUIRE));
    REFUSED(kol_planner_set_tier_limit, (u->pl, 0, 0, 0));
    REFUSED(kol_planner_set_platform_share, (u->pl, 0, 0.0, 0.0));
    REFUSED(kol_planner_set_category_max, (u->pl, 0, 0));
    REFUSED(kol_planner_clear_constraints, (u->pl));
    REFUSED(kol_planner_run, (u->pl, &plan));
#undef REFUSED
    assert_null(plan);
    return 0;
}

static void test_callback_reentry(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *a, *b;
    struct reentry u;
    uint64_t rs = 7;
    double cost[60], value[60], param;
    size_t i;
    int exact;
    (void)state;
    for (i = 0; i < 60; i++) {
        cost[i] = 1 + rng_below(&rs, 30);
        value[i] = rng_below(&rs, 500) / 3.0;
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    memset(&u, 0, sizeof u);
    u.pl = pl;
    u.ctx = ctx;
    /* greedy (progress per seed and at the end), then exact search */
    for (exact = 0; exact < 2; exact++) {
        size_t n = exact ? 14 : 60;
        int before = u.rounds;
        assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                    NULL, NULL, NULL, n),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                               exact ? 40 : 120),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl,
                                               KOL_PLAN_PARAM_EXACT_LIMIT,
                                               exact ? 20 : 0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_category_max(pl, 3, 2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_ctx_set_progress(ctx, NULL, NULL),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &b), KOL_STATUS_OK);
        assert_int_equal(kol_ctx_set_progress(ctx, reentry_progress, &u),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &a), KOL_STATUS_OK);
        assert_true(u.rounds > before);
        assert_int_equal(kol_plan_method(a), kol_plan_method(b));
        assert_int_equal(kol_plan_method(a), exact ? KOL_PLAN_METHOD_EXACT
                                                   : KOL_PLAN_METHOD_GREEDY);
        assert_same_picks(a, b);
        assert_true(kol_plan_spend(a) == kol_plan_spend(b));
        kol_plan_free(a);
        kol_plan_free(b);
    }
    assert_int_equal(u.refused, 9 * u.rounds);
    assert_int_equal(u.wrong, 0);
    /* the planner kept its settings, and takes changes again */
    assert_int_equal(kol_planner_get_param(pl, KOL_PLAN_PARAM_BUDGET, &param),
                     KOL_STATUS_OK);
    assert_true(param == 40.0);
    assert_int_equal(kol_ctx_set_progress(ctx, NULL, NULL), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 10),
                     KOL_STATUS_OK);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                          */
/* ------------------------------------------------------------------ */

static void test_bad_input(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl, *none = (kol_planner *)&none;
    kol_plan *plan = (kol_plan *)&plan;
    double cost[3] = {1, 2, 3}, value[3] = {1, 1, 1}, bad[3] = {1, 2, 3};
    int32_t codes[3] = {0, 1, 2};
    double v, mn, mx, df;
    kol_sketch *sk[3];
    size_t i, c;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(NULL, &none),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(none);
    assert_status(ctx, kol_planner_new(ctx, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);

    /* Run with nothing. */
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_EMPTY);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "no candidates");
    /* Candidates: NaN, inf, negative, absurd, codes, empty, NULL. */
    bad[1] = NAN;
    assert_status(ctx, kol_planner_set_candidates(pl, bad, NULL, NULL, NULL,
                                                  NULL, NULL, 3),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "cost[1]");
    bad[1] = INFINITY;
    assert_status(ctx, kol_planner_set_candidates(pl, cost, bad, NULL, NULL,
                                                  NULL, NULL, 3),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "value[1]");
    bad[1] = -1;
    assert_status(ctx, kol_planner_set_candidates(pl, cost, NULL, bad, NULL,
                                                  NULL, NULL, 3),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "conversions[1]");
    bad[1] = 1e300;
    assert_status(ctx, kol_planner_set_candidates(pl, bad, NULL, NULL, NULL,
                                                  NULL, NULL, 3),
                  KOL_STATUS_OUT_OF_RANGE);
    codes[2] = 4096;
    assert_status(ctx, kol_planner_set_candidates(pl, cost, NULL, NULL, codes,
                                                  NULL, NULL, 3),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "tier[2]");
    codes[2] = -2;
    assert_status(ctx, kol_planner_set_candidates(pl, cost, NULL, NULL, NULL,
                                                  NULL, codes, 3),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "category[2]");
    codes[2] = 2;
    assert_status(ctx, kol_planner_set_candidates(pl, cost, NULL, NULL, NULL,
                                                  NULL, NULL, 0),
                  KOL_STATUS_EMPTY);
    assert_status(ctx, kol_planner_set_candidates(pl, NULL, NULL, NULL, NULL,
                                                  NULL, NULL, 3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_planner_set_candidates(
                           pl, cost, NULL, NULL, NULL, NULL, NULL,
                           (size_t)KOL_PLAN_MAX_CANDIDATES + 1),
                  KOL_STATUS_TOO_LARGE);
    /* Still empty after all those refusals. */
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_EMPTY);
    assert_int_equal(kol_planner_set_candidates(pl, cost, NULL, NULL, codes,
                                                codes, codes, 3),
                     KOL_STATUS_OK);
    /* Parameters. */
    assert_status(ctx, kol_planner_set_param(pl, 99, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "99");
    assert_status(ctx, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, NAN),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "budget");
    assert_status(ctx, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, -5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH,
                                             1.5), KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "integer");
    assert_status(ctx, kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, 3),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "objective");
    assert_status(ctx, kol_planner_get_param(pl, 99, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_planner_get_param(pl, 0, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    for (i = 0; i <= KOL_PLAN_PARAM_REJECT_REPORT; i++) {
        assert_int_equal(kol_plan_param_bounds((int)i, &mn, &mx, &df),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_get_param(pl, (int)i, &v),
                         KOL_STATUS_OK);
        assert_true(v == df && mn <= df && df <= mx);
    }
    assert_int_equal(kol_plan_param_bounds(-1, &mn, &mx, &df),
                     KOL_STATUS_UNKNOWN_ENUM);
    /* Zero budget; missing objective data. */
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "budget");
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 10);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "values");
    kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, 1);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "conversions");
    kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, 2);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_BAD_STATE);
    assert_last_error(ctx, KOL_STATUS_BAD_STATE, "audiences");
    /* Audiences: NULL, wrong count, NULL element, mismatch. */
    for (i = 0; i < 3; i++)
        kol_sketch_new(ctx, i == 2 ? 9 : 8, 0, &sk[i]);
    assert_status(ctx, kol_planner_set_audiences(pl, NULL, 3),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_planner_set_audiences(
                           pl, (const kol_sketch *const *)sk, 2),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "2 sketches");
    assert_status(ctx, kol_planner_set_audiences(
                           pl, (const kol_sketch *const *)sk, 3),
                  KOL_STATUS_MISMATCH);
    assert_last_error(ctx, KOL_STATUS_MISMATCH, "sketch 2");
    {
        const kol_sketch *withnull[3] = {sk[0], NULL, sk[1]};
        assert_status(ctx, kol_planner_set_audiences(pl, withnull, 3),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "sketch 1");
    }
    /* Choices and limits. */
    assert_status(ctx, kol_planner_set_choice(pl, 3, 1), KOL_STATUS_NOT_FOUND);
    assert_last_error(ctx, KOL_STATUS_NOT_FOUND, "candidate 3");
    assert_status(ctx, kol_planner_set_choice(pl, 0, 3),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_planner_set_tier_limit(pl, 0, 3, 2),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "minimum");
    assert_status(ctx, kol_planner_set_tier_limit(pl, -1, 0, 2),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_planner_set_tier_limit(pl, 4096, 0, 2),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "tier code 4096");
    assert_status(ctx, kol_planner_set_platform_share(pl, 0, NAN, 1),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_planner_set_platform_share(pl, 0, 0.5, 0.4),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_planner_set_platform_share(pl, 0, 0, 1.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_planner_set_platform_share(pl, 0, -0.1, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_planner_set_category_max(pl, 5000, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "category code 5000");
    /* Infeasible: a required candidate over budget; impossible minimum. */
    kol_planner_set_candidates(pl, cost, value, NULL, codes, codes, codes, 3);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, 0);
    kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 2.5);
    kol_planner_set_choice(pl, 2, KOL_PLAN_CHOICE_REQUIRE);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "required candidate 2");
    kol_planner_set_choice(pl, 2, KOL_PLAN_CHOICE_FREE);
    kol_planner_set_tier_limit(pl, 1, 2, 5);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 1");
    kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "greedy");
    kol_planner_clear_constraints(pl);
    kol_planner_set_platform_share(pl, 0, 0.9, 1.0);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "platform 0");
    kol_planner_clear_constraints(pl);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_status(ctx, kol_plan_pick(plan, 99, &c, NULL),
                  KOL_STATUS_NOT_FOUND);
    assert_status(ctx, kol_plan_rejected(plan, 99, &c, NULL, NULL),
                  KOL_STATUS_NOT_FOUND);
    assert_int_equal(kol_plan_objective_code(plan), 0);
    kol_plan_free(plan);
    assert_status(ctx, kol_planner_run(pl, NULL), KOL_STATUS_INVALID_ARGUMENT);
    /* NULL objects. */
    assert_int_equal(kol_planner_run(NULL, &plan), KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_param(NULL, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_plan_size(NULL), 0);
    assert_true(kol_plan_spend(NULL) == 0.0);
    assert_true(kol_plan_objective(NULL) == 0.0);
    assert_int_equal(kol_plan_method(NULL), -1);
    assert_int_equal(kol_plan_objective_code(NULL), -1);
    assert_int_equal(kol_plan_rejected_count(NULL), 0);
    assert_int_equal(kol_plan_pick(NULL, 0, &c, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_plan_free(NULL);
    kol_planner_free(NULL);
    for (i = 0; i < 3; i++)
        kol_sketch_free(sk[i]);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Edges: NULL handles and outputs, codes out of range, limits set     */
/* twice, guarantees under side constraints, depth 0, long searches    */
/* cancelled                                                           */
/* ------------------------------------------------------------------ */

static void test_edges(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    double cost[4] = {4, 3, 2, 1}, value[4] = {8, 5, 3, 1};
    int32_t cats[4] = {0, 0, 0, 1}, bad[4] = {0, 0, 0, 4096};
    double v = 7, mn = 1, mx = 2, df = 3, g = -1;
    size_t c = 99;
    int32_t why = -9;
    int p;
    (void)state;
    /* bounds: every output may be NULL; the code past the last refused */
    assert_int_equal(kol_plan_param_bounds(KOL_PLAN_PARAM_REJECT_REPORT + 1,
                                           &mn, &mx, &df),
                     KOL_STATUS_UNKNOWN_ENUM);
    assert_true(mn == 1 && mx == 2 && df == 3);
    assert_int_equal(kol_plan_param_bounds(0, NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    /* parameters: every one set and read back; -1 unknown; a fractional
     * objective is out of range, not an unknown objective */
    {
        static const double want[7] = {25, 1, 30, 6, 2, 5e4, 3};
        for (p = 0; p < 7; p++) {
            assert_int_equal(kol_planner_set_param(pl, p, want[p]),
                             KOL_STATUS_OK);
            assert_int_equal(kol_planner_get_param(pl, p, &v), KOL_STATUS_OK);
            assert_true(v == want[p]);
        }
    }
    assert_status(ctx, kol_planner_set_param(pl, -1, 1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "parameter -1");
    assert_status(ctx, kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                             0.5),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "objective = 0.5");
    assert_int_equal(kol_planner_get_param(pl, KOL_PLAN_PARAM_OBJECTIVE, &v),
                     KOL_STATUS_OK);
    assert_true(v == 1);
    assert_int_equal(kol_planner_get_param(NULL, 0, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 3e9),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 3),
                     KOL_STATUS_OK);

    /* a planner without candidates: no audiences, constraints clear */
    {
        kol_sketch *one = NULL;
        const kol_sketch *set1[1];
        assert_int_equal(kol_sketch_new(ctx, 8, 0, &one), KOL_STATUS_OK);
        set1[0] = one;
        assert_status(ctx, kol_planner_set_audiences(pl, set1, 0),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                          "0 sketches for 0");
        kol_sketch_free(one);
    }
    assert_int_equal(kol_planner_clear_constraints(pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_clear_constraints(NULL),
                     KOL_STATUS_INVALID_ARGUMENT);

    /* NULL planner everywhere */
    assert_int_equal(kol_planner_set_candidates(NULL, cost, value, NULL, NULL,
                                                NULL, NULL, 4),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_audiences(NULL, NULL, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_choice(NULL, 0, 0),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_tier_limit(NULL, 0, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_platform_share(NULL, 0, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_planner_set_category_max(NULL, 0, 1),
                     KOL_STATUS_INVALID_ARGUMENT);

    /* candidates: a platform code out of range */
    assert_status(ctx, kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                  bad, NULL, 4),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "platform[3]");
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                cats, cats, 4),
                     KOL_STATUS_OK);
    /* audiences of one precision but two seeds */
    {
        kol_sketch *sk[4];
        int k;
        for (k = 0; k < 4; k++)
            assert_int_equal(kol_sketch_new(ctx, 8, k == 3 ? 1 : 0, &sk[k]),
                             KOL_STATUS_OK);
        assert_status(ctx, kol_planner_set_audiences(
                               pl, (const kol_sketch *const *)sk, 4),
                      KOL_STATUS_MISMATCH);
        assert_last_error(ctx, KOL_STATUS_MISMATCH, "sketch 3");
        for (k = 0; k < 4; k++)
            kol_sketch_free(sk[k]);
    }
    /* choices and limits */
    assert_status(ctx, kol_planner_set_choice(pl, 0, -1),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "choice -1");
    assert_status(ctx, kol_planner_set_platform_share(pl, -1, 0, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "platform code -1");
    assert_status(ctx, kol_planner_set_platform_share(pl, 0, 0, INFINITY),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "platform 0");

    /* Budget 6: the best plan is {0, 2} (value 11). A category maximum of
     * 1 on category 0, then raised to 2 on the same code (no growth):
     * set twice, the last one counts. */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 6),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 1), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 2), KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(kol_plan_objective(plan) == 11);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    assert_true(kol_plan_guarantee(plan) == 1.0);
    /* outputs may be NULL */
    assert_int_equal(kol_plan_pick(plan, 0, NULL, &g), KOL_STATUS_OK);
    assert_true(g == 8);
    assert_int_equal(kol_plan_pick(plan, 0, &c, NULL), KOL_STATUS_OK);
    assert_int_equal(c, 0);
    assert_int_equal(kol_plan_rejected(plan, 0, NULL, NULL, NULL),
                     KOL_STATUS_OK);
    assert_int_equal(kol_plan_rejected(plan, 0, &c, &why, &g), KOL_STATUS_OK);
    assert_int_equal(kol_plan_rejected(NULL, 0, &c, &why, &g),
                     KOL_STATUS_INVALID_ARGUMENT);
    kol_plan_free(plan);
    assert_true(kol_plan_guarantee(NULL) == 0.0);
    assert_int_equal(kol_plan_depth(NULL), 0);

    /* Greedy (exact limit 0) with side constraints: no ratio claimed. A
     * platform share of [0, 1] and a category maximum of UINT32_MAX are
     * no constraint: the depth's ratio, 3 / 4, is claimed. */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_clear_constraints(pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 1, UINT32_MAX),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
    assert_true(kol_plan_guarantee(plan) == 0.75);
    assert_true(kol_plan_objective(plan) == 11);
    kol_plan_free(plan);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0, 0.9),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(kol_plan_guarantee(plan) == 0.0);
    assert_true(kol_plan_spend(plan) <= 0.9 * 6);
    kol_plan_free(plan);
    /* a minimum share alone is a side constraint too */
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.1, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(kol_plan_guarantee(plan) == 0.0);
    assert_true(kol_plan_objective(plan) == 11);
    kol_plan_free(plan);
    assert_int_equal(kol_planner_clear_constraints(pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 1), KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(kol_plan_guarantee(plan) == 0.0);
    assert_true(kol_plan_objective(plan) == 9); /* {0, 3}: 8 + 1 */
    kol_plan_free(plan);

    /* No rejected candidate reported when reject_report is 0. */
    assert_int_equal(kol_planner_clear_constraints(pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_REJECT_REPORT,
                                           0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_rejected_count(plan), 0);
    assert_status(ctx, kol_plan_rejected(plan, 0, &c, &why, &g),
                  KOL_STATUS_NOT_FOUND);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* A work limit so small that even depth 0 exceeds it: depth 0 is used
 * (the modified greedy), with its ratio 1/2. */
/* A planner in ctx over n candidates (value NULL: reach, audiences to
 * come) with budget B. */
static kol_planner *budget_planner(kol_ctx *ctx, const double *cost,
                                   const double *value, size_t n, double B)
{
    kol_planner *pl = NULL;
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, n),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, B),
                     KOL_STATUS_OK);
    return pl;
}

/* Give pl the audiences sk[0..n) and the reach objective; the caller
 * keeps (and frees) the sketches. */
static void reach_keep(kol_planner *pl, kol_sketch *const *sk, size_t n)
{
    assert_int_equal(kol_planner_set_audiences(
                         pl, (const kol_sketch *const *)sk, n),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_REACH),
                     KOL_STATUS_OK);
}

/* Give pl the audiences sk[0..n) (the planner keeps copies, so they are
 * freed here) and the reach objective. */
static void reach_audiences(kol_planner *pl, kol_sketch **sk, size_t n)
{
    size_t i;
    reach_keep(pl, sk, n);
    for (i = 0; i < n; i++)
        kol_sketch_free(sk[i]);
}

/* The greedy method at depth 0 for pl (no exact search). */
static void greedy_depth0(kol_planner *pl)
{
    assert_int_equal(
        kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT_REACH, 0),
        KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                     KOL_STATUS_OK);
}

static void test_depth_zero(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    double cost[40], value[40];
    size_t i;
    (void)state;
    for (i = 0; i < 40; i++) {
        cost[i] = 1 + (double)(i % 5);
        value[i] = 1 + (double)((i * 7) % 13);
    }
    /* one candidate worth more than all the rest that fit with it */
    cost[39] = 20;
    value[39] = 1000;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = budget_planner(ctx, cost, value, 40, 20);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
    assert_int_equal(kol_plan_depth(plan), 0);
    assert_true(kol_plan_guarantee(plan) == 0.5);
    /* the single big candidate beats the greedy by ratio */
    assert_int_equal(kol_plan_size(plan), 1);
    assert_true(kol_plan_objective(plan) == 1000);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* At depth 0 the best single candidate that beats the greedy plan is then
 * filled greedily: with costs 10, 0.5, 0.2 and values 10, 1, 1 under a
 * budget of 10.3, candidate 0 alone (10) beats the greedy plan {1, 2} (2),
 * and candidate 2 still fits beside it. Before, the plan stopped at {0}
 * and reported candidate 2 "outscored", which the header allows only for
 * an objective that can decrease. */
static void test_depth_zero_fills_single(void **state)
{
    static const double cost[3] = {10, 0.5, 0.2}, value[3] = {10, 1, 1};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    size_t i, c;
    int32_t why;
    double g;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = budget_planner(ctx, cost, value, 3, 10.3);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
    assert_int_equal(kol_plan_depth(plan), 0);
    assert_true(kol_plan_objective(plan) == 11);
    assert_int_equal(kol_plan_size(plan), 2);
    assert_int_equal(kol_plan_pick(plan, 0, &c, &g), KOL_STATUS_OK);
    assert_int_equal(c, 0);
    assert_int_equal(kol_plan_pick(plan, 1, &c, &g), KOL_STATUS_OK);
    assert_int_equal(c, 2);
    assert_int_equal(kol_plan_rejected_count(plan), 1);
    for (i = 0; i < kol_plan_rejected_count(plan); i++) {
        assert_int_equal(kol_plan_rejected(plan, i, &c, &why, &g),
                         KOL_STATUS_OK);
        assert_int_equal(c, 1);
        assert_int_equal(why, KOL_PLAN_REASON_OVER_BUDGET);
    }
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* Values whose sum passes 2^53, where adding 1 to 2^53 rounds to
 * nothing: the plan {2^53, 1, 1} is worth 2^53 + 2 and {2^53, 1} is worth
 * 2^53 + 1, both more than 2^53 alone. With a rounded sum the search took
 * them for ties of {2^53} and kept the fewer picks, reporting the small
 * ones "outscored" under "exact (optimal)". Every method takes them all. */
static void test_objective_above_2_53(void **state)
{
    static const double cost[3] = {1, 1, 1};
    static const double value[3] = {9007199254740992.0, 1, 1};
    kol_ctx *ctx;
    int mode;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (mode = 0; mode < 3; mode++) {
        /* exact; greedy with partial enumeration; greedy at depth 0 */
        size_t n;
        for (n = 2; n <= 3; n++) {
            kol_planner *pl = budget_planner(ctx, cost, value, n, (double)n);
            kol_plan *plan = NULL;
            size_t i, c;
            double g;
            if (mode > 0)
                assert_int_equal(
                    kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                    KOL_STATUS_OK);
            if (mode > 1)
                assert_int_equal(
                    kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                    KOL_STATUS_OK);
            assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
            assert_int_equal(kol_plan_method(plan), mode == 0
                                                        ? KOL_PLAN_METHOD_EXACT
                                                        : KOL_PLAN_METHOD_GREEDY);
            assert_int_equal(kol_plan_size(plan), n);
            assert_int_equal(kol_plan_rejected_count(plan), 0);
            /* 2^53 + 2 exactly; 2^53 + 1 rounds to 2^53 (to even) */
            assert_true(kol_plan_objective(plan) ==
                        (n == 3 ? 9007199254740994.0 : 9007199254740992.0));
            for (i = 0; i < n; i++) {
                assert_int_equal(kol_plan_pick(plan, i, &c, &g),
                                 KOL_STATUS_OK);
                assert_true(g == value[c]); /* each its own value */
            }
            kol_plan_free(plan);
            kol_planner_free(pl);
        }
    }
    kol_ctx_free(ctx);
}

/* At depth 0 the pass over single candidates reports progress every 1024
 * of them (total = free candidates), so that a long one can be cancelled:
 * 3000 candidates give calls at 1023 and 2047. */
struct single_prog {
    int calls, stop;
    uint64_t total;
};

static int on_single_progress(void *user, uint64_t done, uint64_t total)
{
    struct single_prog *p = user;
    (void)done;
    if (total != 3000)
        return 0;
    p->calls++;
    p->total = total;
    return p->calls >= p->stop ? 5 : 0;
}

static void test_depth_zero_progress(void **state)
{
    enum { N = 3000 };
    static double cost[N], value[N];
    struct single_prog pr = {0, 1000, 0};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = (kol_plan *)&plan;
    size_t i;
    (void)state;
    for (i = 0; i < N; i++) {
        cost[i] = 1 + (double)(i % 13);
        value[i] = 1 + (double)((i * 7) % 17);
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = budget_planner(ctx, cost, value, N, 500);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, on_single_progress, &pr),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_depth(plan), 0);
    assert_int_equal(pr.calls, 2);
    kol_plan_free(plan);
    plan = (kol_plan *)&plan;
    pr.calls = 0;
    pr.stop = 1;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(kol_ctx_callback_code(ctx), 5);
    assert_int_equal(pr.calls, 1);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* The exact reach search adds candidates by index; the plan lists them by
 * gain per cost. Costs 0.3 + 0.2 + 0.1 sum to 0.6 in index order but to
 * 0.6000000000000001 in the listed order (0.1 + 0.2 + 0.3): the reported
 * spend is the one the search held to the budget of 0.6. */
static void test_exact_reach_spend_within_budget(void **state)
{
    static const double cost[3] = {0.3, 0.2, 0.1};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    kol_sketch *sk[3];
    uint64_t j, id;
    int i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < 3; i++) {
        assert_int_equal(kol_sketch_new(ctx, 14, KOL_SKETCH_DEFAULT_SEED,
                                        &sk[i]),
                         KOL_STATUS_OK);
        for (j = 0; j < 100; j++) {
            id = 1000u * (uint64_t)i + j;
            assert_int_equal(kol_sketch_add_ids(sk[i], &id, 1),
                             KOL_STATUS_OK);
        }
    }
    pl = budget_planner(ctx, cost, NULL, 3, 0.6);
    assert_int_equal(kol_planner_set_audiences(pl,
                                               (const kol_sketch *const *)sk,
                                               3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                           KOL_PLAN_OBJECTIVE_REACH),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    assert_int_equal(kol_plan_size(plan), 3);
    assert_true(kol_plan_spend(plan) <= 0.6);
    kol_plan_free(plan);
    kol_planner_free(pl);
    for (i = 0; i < 3; i++)
        kol_sketch_free(sk[i]);
    kol_ctx_free(ctx);
}

/* Two plans of the same objective and spend: the one with fewer
 * candidates wins (the documented tie-break). Decimal costs made the
 * exact search's bound, which tested room left (B - spend) where the
 * search tests the running total (spend + cost <= B), round low and cut
 * the subtree of the 3-candidate plan {7, 1, 5}, keeping a 4-candidate
 * one of the same objective 6.4 and spend 6.5. */
static void test_exact_tie_fewer_picks(void **state)
{
    static const int ci[10] = {0, 13, 2, 10, 2, 23, 27, 29, 30, 28};
    static const int vi[10] = {0, 13, 7, 0, 0, 21, 23, 30, 1, 0};
    double cost[10], value[10];
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    int i;
    (void)state;
    for (i = 0; i < 10; i++) {
        cost[i] = ci[i] * 0.1;
        value[i] = vi[i] * 0.1;
    }
    cost[5] = 2.3000000000000003;
    value[6] = 2.3000000000000003;
    cost[6] = 2.7000000000000002;
    cost[7] = 2.9000000000000004;
    cost[9] = 2.8000000000000003;
    value[2] = 0.70000000000000007;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = budget_planner(ctx, cost, value, 10, 6.5);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    /* The optimum under "the plan's costs, summed exactly and rounded
     * once, are at most the budget", found by enumerating the 1,024 sets
     * in exact rational arithmetic: {2, 6, 7}, value 6, spend
     * 5.8000000000000007, tied with {0, 2, 6, 7} (candidate 0 costs 0)
     * and so 3 picks. ({1, 5, 7}, value 6.4, which a running sum used to
     * round to 6.5, costs 6.5 + 6.7e-16 exactly: 2.3000000000000003 and
     * 2.9000000000000004 lie above 2.3 and 2.9.) */
    assert_true(kol_plan_objective(plan) == 6.0);
    assert_true(kol_plan_spend(plan) == 5.8000000000000007);
    assert_int_equal(kol_plan_size(plan), 3);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* The exact search's cut must not drop a plan that ties or wins by a unit
 * of the last place. (1) {1, 0} costs 1 + 2^-53 exactly, which rounds to
 * the budget 1, so it fits, with value 1 in 2 picks; at the node holding
 * {1}, a bound taking the room as exactly 1 came out 2^-52 short of the
 * value 1 already found ({1, 3, 2}, 3 picks) and cut it. (2) {0, 5, 2},
 * value 1.3 in 3 picks, ties {1, 0, 2, 3} in 4; the bound, summed in
 * another order than the plan's value, came out a unit below it. Both
 * answers checked by enumerating every set in exact arithmetic. */
/* Run a budget-only planner and check its plan: the method is exact, the
 * objective and the spend are exactly obj and spend, and the picks are
 * want[0..k) in that order. */
static void expect_exact_plan(kol_ctx *ctx, const double *cost,
                              const double *value, size_t n, double budget,
                              double obj, double spend, const size_t *want,
                              size_t k)
{
    kol_planner *pl = budget_planner(ctx, cost, value, n, budget);
    kol_plan *plan = NULL;
    size_t i, c;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    assert_true(kol_plan_objective(plan) == obj);
    assert_true(kol_plan_spend(plan) == spend);
    assert_int_equal(kol_plan_size(plan), k);
    for (i = 0; i < k; i++) {
        assert_int_equal(kol_plan_pick(plan, i, &c, NULL), KOL_STATUS_OK);
        assert_int_equal(c, want[i]);
    }
    kol_plan_free(plan);
    kol_planner_free(pl);
}

static void test_exact_cut_keeps_ties(void **state)
{
    static const double c1[4] = {0.40000000000000013, 0.6,
                                 0.30000000000000004, 0.1};
    static const double v1[4] = {0.4, 0.6, 0.3, 0.1};
    static const double c2[6] = {0.6, 0.09999999999999999, 0.3, 0.3,
                                 0.30000000000000004, 0.4};
    static const double v2[6] = {0.6, 0.1, 0.3, 0.3, 0.3, 0.4};
    static const size_t want1[2] = {1, 0}, want2[3] = {0, 5, 2};
    kol_ctx *ctx;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    expect_exact_plan(ctx, c1, v1, 4, 1.0, 1.0, 1.0, want1, 2);
    expect_exact_plan(ctx, c2, v2, 6, 1.3, 1.3, 1.3, want2, 3);
    kol_ctx_free(ctx);
}

/* Whether a set fits the budget does not depend on the order its costs
 * are added in: 0.4 + 4.4 + 1.7 is 6.500000000000001 in index order but
 * 6.5 summed exactly and rounded once. Required (added by index) and free
 * (added by the search's order), the three fit a budget of 6.5 and the
 * spend is 6.5. (Required, they used to be refused as INFEASIBLE.) */
static void test_spend_order_free(void **state)
{
    const double cost[3] = {0.4, 4.4, 1.7}, value[3] = {1, 2, 3};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    int req;
    (void)state;
    assert_true((0.4 + 4.4) + 1.7 > 6.5);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (req = 0; req < 2; req++) {
        size_t i;
        pl = budget_planner(ctx, cost, value, 3, 6.5);
        for (i = 0; req && i < 3; i++)
            assert_int_equal(kol_planner_set_choice(pl, i,
                                                    KOL_PLAN_CHOICE_REQUIRE),
                             KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
        assert_int_equal(kol_plan_size(plan), 3);
        assert_true(kol_plan_spend(plan) == 6.5);
        assert_true(kol_plan_objective(plan) == 6.0);
        kol_plan_free(plan);
        plan = NULL;
        kol_planner_free(pl);
    }
    kol_ctx_free(ctx);
}

/* An exact search long enough to report progress (every 65536 nodes):
 * 20 candidates of cost 2 and value 1 under a budget of 19 leave the
 * bound no room to prune. Cancelled at the first report. */
static int cancel_now(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (void)done;
    (void)total;
    (*calls)++;
    return 9;
}

static void test_exact_cancel(void **state)
{
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = (kol_plan *)&plan;
    double cost[20], value[20];
    size_t i;
    int calls = 0;
    (void)state;
    for (i = 0; i < 20; i++) {
        cost[i] = 2;
        value[i] = 1;
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, NULL,
                                                NULL, NULL, 20),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 19),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, cancel_now, &calls),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(calls, 1);
    assert_int_equal(kol_ctx_callback_code(ctx), 9);
    assert_last_error(ctx, KOL_STATUS_CANCELLED, "exact");
    /* without the callback: 9 picks, value 9 */
    assert_int_equal(kol_ctx_set_progress(ctx, NULL, NULL), KOL_STATUS_OK);
    assert_int_equal(kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_true(kol_plan_objective(plan) == 9);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* pl's run is refused with the proof that no plan meets the minimums
 * (the plan pointer set to NULL). */
static void assert_proved(kol_ctx *ctx, kol_planner *pl)
{
    kol_plan *plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "no plan meets them all");
}

/* pl's run gives a plan: its size (and spend), the plan freed. */
static size_t run_found(kol_ctx *ctx, kol_planner *pl, double *spend)
{
    kol_plan *plan = NULL;
    size_t n;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    n = kol_plan_size(plan);
    if (spend)
        *spend = kol_plan_spend(plan);
    kol_plan_free(plan);
    return n;
}

/* pl's run gives a plan: its spend, the plan freed. */
static double run_spend(kol_ctx *ctx, kol_planner *pl)
{
    double spend = 0.0;
    run_found(ctx, pl, &spend);
    return spend;
}

/* The greedy method's completions take, for a minimum, the candidate of
 * the best gain per cost, which can spend the room another minimum needs.
 * Budget 14.9, at least one KOL of tier 0 and one of tier 2: completion
 * takes the tier-0 candidate of cost 9.8 and then the only tier-2 one
 * (8.35) no longer fits, though the tier-0 candidate of cost 5.2 and the
 * tier-2 one make a plan. It used to answer INFEASIBLE at depth 0; the
 * search for the minimums finds that plan. */
static void test_greedy_minimums_repair(void **state)
{
    static const double cost[3] = {9.8, 5.2, 8.35}, value[3] = {10, 1, 1};
    static const int32_t tier[3] = {0, 0, 2};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    size_t c, k, picked[2];
    int depth;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, tier,
                                                NULL, NULL, 3),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 14.9),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 1, 3), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 2, 1, 3), KOL_STATUS_OK);
    for (depth = 0; depth <= 3; depth++) {
        assert_int_equal(
            kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, depth),
            KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
        assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
        assert_int_equal(kol_plan_size(plan), 2);
        for (k = 0; k < 2; k++) {
            assert_int_equal(kol_plan_pick(plan, k, &c, NULL),
                             KOL_STATUS_OK);
            picked[k] = c;
        }
        assert_true((picked[0] == 1 && picked[1] == 2) ||
                    (picked[0] == 2 && picked[1] == 1));
        assert_double_near(kol_plan_spend(plan), 5.2 + 8.35, 0);
        assert_true(kol_plan_objective(plan) == 2);
        assert_true(kol_plan_guarantee(plan) == 0.0);
        kol_plan_free(plan);
        plan = NULL;
    }
    /* one unit less and no plan exists: the search proves it */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 13.5),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 2");
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

static int count_steps(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    assert_true(done >= 65536u * (uint64_t)(*calls + 1));
    assert_true(total == 0);
    (*calls)++;
    return 0;
}

/* A planner of the 40 candidates for test_greedy_minimums_limit: the
 * greedy method at depth 0, a work limit of 1e3 steps. */
static kol_planner *limit_planner(kol_ctx *ctx, const double *cost,
                                  const double *value, const int32_t *tier,
                                  const int32_t *plat, const int32_t *cat,
                                  double budget)
{
    kol_planner *pl;
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, tier,
                                                plat, cat, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                           budget),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e3),
                     KOL_STATUS_OK);
    return pl;
}

/* limit_planner() whose platform 0 must receive exactly half the budget. */
static kol_planner *half_planner(kol_ctx *ctx, const double *cost,
                                 const double *value, const int32_t *tier,
                                 const int32_t *plat, const int32_t *cat,
                                 double budget)
{
    kol_planner *pl = limit_planner(ctx, cost, value, tier, plat, cat, budget);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.5, 0.5),
                     KOL_STATUS_OK);
    return pl;
}

/* What the bounds of the search for the minimums prove at once, and
 * what they do not see. Proved at the root: a tier minimum beyond its
 * category's maximum, or beyond what a platform's share maximum leaves;
 * a tier minimum and a platform's minimum spend that each fit the budget
 * but not together; a platform's minimum spend out of reach under a
 * tier's or a category's maximum; two tiers that compete for one
 * category's room, by count or by the cost of what is left outside it;
 * a category maximum and a platform's share maximum that limit one tier
 * together, by count and by cost, and a platform's share maximum that
 * two tiers share. With a budget or a room that fits, the plan is found.
 * A platform's minimum spend that only an exact sum of costs could meet
 * is proved out of reach by the table of sums, for whole costs, decimal
 * ones and thousands; with costs no decimal scale makes whole the search
 * stops at the work limit and says so, and with a larger limit the
 * progress callback is called during the search and can cancel it. */
static void test_greedy_minimums_limit(void **state)
{
    double cost[40], value[40];
    int32_t tier[40], cat[40], plat[40];
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    size_t i;
    int calls = 0;
    (void)state;
    for (i = 0; i < 40; i++) {
        cost[i] = 1 + (double)(i % 7);
        value[i] = (double)(i % 5);
        tier[i] = 0;
        cat[i] = 0;
        plat[i] = 0;
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 1000);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 9), KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 0");
    /* one more in the category: the 10 cheapest (6 of cost 1 and 4 of
     * cost 2: 14) fit the budget, not platform 0's cap of 13.9, which the
     * bound sees too: proved at once */
    assert_int_equal(kol_planner_set_category_max(pl, 0, 10), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 0.0139),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    kol_planner_free(pl);
    /* A tier's cheapest 10 (5 of cost 1, 5 of cost 2: 15) and platform
     * 1's minimum spend (12.5, met by tier-1 candidates of cost 10 only)
     * each fit the budget of 25, not both (15 + 20): the bound that
     * counts the missing spend with the tier's candidates on the other
     * platforms (15 + 12.5) proves it at once. */
    for (i = 0; i < 40; i++) {
        tier[i] = i < 30 ? 0 : 1;
        plat[i] = i < 30 ? 0 : 1;
        cost[i] = i < 30 ? 1 + (double)(i % 7) : 10;
    }
    pl = limit_planner(ctx, cost, value, tier, plat, NULL, 25);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.5, 1.0),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "platform 1");
    /* with a budget of 35 both fit exactly (15 + 20; platform 1 then
     * needs 17.5), and the bound, 15 + 17.5, lets the search find it */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 35),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e6),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) == 35.0);
    kol_planner_free(pl);
    /* A platform's minimum spend out of reach: platform 0 must receive 50
     * of the budget of 100, but tier 0's maximum of 3 lets at most three
     * candidates in (7 + 7 + 7 = 21 at most); then the same through
     * category 0's maximum. Both proved at once, under a work limit that
     * the search over the cheap candidates would reach first. */
    for (i = 0; i < 40; i++) {
        tier[i] = 0;
        plat[i] = 0;
        cat[i] = 0;
        cost[i] = 1 + (double)(i % 7);
    }
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 100);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.5, 1.0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 0, 3), KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "platform 0");
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 0, 40), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 3), KOL_STATUS_OK);
    assert_proved(ctx, pl);
    /* with room for 8 of the category (8 x 7 = 56), a plan exists */
    assert_int_equal(kol_planner_set_category_max(pl, 0, 8), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e9),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) >= 50.0);
    kol_planner_free(pl);
    /* Two tiers that compete for one category's room: each needs 10 of
     * the 15 that category 0 allows, so each fits alone, not both. The
     * count of candidates the tiers can share (a flow from the tiers to
     * the categories) proves it at once; one more room (20) finds the
     * plan. */
    for (i = 0; i < 40; i++) {
        tier[i] = i < 20 ? 0 : 1;
        cat[i] = 0;
        cost[i] = 1 + (double)(i % 7);
    }
    pl = limit_planner(ctx, cost, value, tier, NULL, cat, 1000);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 1, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 15), KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 0");
    assert_int_equal(kol_planner_set_category_max(pl, 0, 20), KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), 20u); /* the room, all of it */
    kol_plan_free(plan);
    plan = NULL;
    kol_planner_free(pl);
    /* Two tiers whose cheap candidates share a category's room: each
     * has 10 of cost 1 in category 0 (room 8 in all) and 10 of cost 10
     * in category 1, and needs 8. Each tier's own cheapest 8 cost 8, but
     * together the room gives 8 cheap ones and 8 of cost 10: 88. The
     * least cost of the tiers together (a minimum-cost flow, bounded by
     * its Lagrangian) proves a budget of 87 short at once; 88 finds the
     * plan. */
    for (i = 0; i < 40; i++) {
        tier[i] = i < 20 ? 0 : 1;
        cat[i] = i % 20 < 10 ? 0 : 1;
        cost[i] = i % 20 < 10 ? 1 : 10;
    }
    pl = limit_planner(ctx, cost, value, tier, NULL, cat, 87);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 8, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 1, 8, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 8), KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 88),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) == 88.0);
    kol_planner_free(pl);
    /* One tier whose candidates a category maximum and a platform's
     * share maximum limit together. Tier 0 needs 10; category 0 (all on
     * platform 0) allows 4, platform 1 (all of category 1, cost 1 each)
     * a spend of 4.5, so 4 candidates: 8 in all, though either cap
     * alone leaves 24. The maximum flow through the categories and the
     * platforms proves it at once; with a spend of 6.5 on platform 1 the
     * plan is found. */
    for (i = 0; i < 40; i++) {
        tier[i] = 0;
        cat[i] = i < 20 ? 0 : 1;
        plat[i] = i < 20 ? 0 : 1;
        cost[i] = i < 20 ? 1 + (double)(i % 7) : 1;
    }
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 1000);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 4), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.0, 0.0045),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 0");
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.0, 0.0065),
                     KOL_STATUS_OK);
    assert_true(run_found(ctx, pl, NULL) >= 10u);
    kol_planner_free(pl);
    /* Two tiers that share a platform's room: each needs 6 and has 10
     * candidates of cost 1, all on platform 0, whose share maximum
     * allows a spend of 10.5 (10 candidates). Each tier fits it alone;
     * together they need 12: proved at once, and found with a spend of
     * 12. */
    for (i = 0; i < 40; i++) {
        tier[i] = i < 10 ? 0 : (i < 20 ? 1 : 2);
        cat[i] = 0;
        plat[i] = i < 20 ? 0 : 1;
        cost[i] = 1;
    }
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 100);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 6, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 1, 6, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 0.105),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 0.12),
                     KOL_STATUS_OK);
    assert_true(run_found(ctx, pl, NULL) >= 12u);
    kol_planner_free(pl);
    /* The cost of one tier under a category maximum and a platform's
     * share maximum together. Tier 0 needs 10; 13 candidates of cost 1
     * in category 0 (which allows 4) on platform 0, 13 of cost 1 in
     * category 1 on platform 1 (whose share allows a spend of 4.5), 14
     * of cost 10 in category 1 on platform 0. Either cap alone leaves 10
     * of cost 1; both leave 8 of them and 2 of cost 10, 28 in all. The
     * counts fit (22); the least cost through the categories and the
     * platforms proves a budget of 27 short at once, and 28 finds the
     * plan. */
    for (i = 0; i < 40; i++) {
        tier[i] = 0;
        cat[i] = i < 13 ? 0 : 1;
        plat[i] = i < 13 || i >= 26 ? 0 : 1;
        cost[i] = i < 26 ? 1 : 10;
    }
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 27);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 10, 40),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_category_max(pl, 0, 4), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.0, 4.5 / 27),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "tier 0");
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 28),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.0, 4.5 / 28),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) == 28.0);
    kol_planner_free(pl);
    /* A platform's minimum spend that only an exact sum of costs meets:
     * platform 0 must receive exactly half of a budget of 100 (its share
     * at least and at most 0.5), and its 30 candidates cost 3 each: 48
     * or 51, never 50. Every count and cost bound holds (they can bring
     * 90); the table of the sums its candidates reach proves it at once,
     * within the work limit of 1e3. */
    for (i = 0; i < 40; i++) {
        tier[i] = 0;
        cat[i] = 0;
        plat[i] = i < 30 ? 0 : 1;
        cost[i] = 3;
    }
    pl = half_planner(ctx, cost, value, tier, plat, cat, 100);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "platform 0 needs a spend of at least 0.5 and at most "
                      "0.5 of the budget of 100, and no set of its "
                      "candidates adds up");
    /* a share of 0.48 to 0.49 (48 is 16 of them) is met */
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.48, 0.49),
                     KOL_STATUS_OK);
    assert_true(run_found(ctx, pl, NULL) > 0);
    kol_planner_free(pl);
    /* The same in decimals: costs of 0.3 (in tenths: 3) for exactly 5
     * of 10 are proved impossible, costs of 0.25 (in hundredths, whose
     * greatest common divisor is 25) give 5 with 20 of them. */
    for (i = 0; i < 40; i++)
        cost[i] = 0.3;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 10);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "platform 0 needs a spend of at least 0.5 and at most "
                      "0.5 of the budget of 10,");
    kol_planner_free(pl);
    for (i = 0; i < 40; i++)
        cost[i] = 0.25;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 10);
    assert_true(run_found(ctx, pl, NULL) >= 20);
    kol_planner_free(pl);
    /* Prices in thousands: 2,000 and 4,000 never make 5,000 (in units of
     * 2,000), 2,000 and 3,000 do, and so do two of 2,000 and one of 3,000
     * for 7,000 (the required one of 3,000 counted in the spend so
     * far). */
    for (i = 0; i < 40; i++)
        cost[i] = i % 2 ? 4000 : 2000;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 10000);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "at least 0.5 and at most 0.5 of the budget of 10000,");
    kol_planner_free(pl);
    cost[1] = 3000;
    pl = limit_planner(ctx, cost, value, tier, plat, cat, 10000);
    /* (the search for them tries the pairs of 2,000 first) */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.5, 0.5),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) >= 5000.0);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.7, 0.7),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_choice(pl, 1, KOL_PLAN_CHOICE_REQUIRE),
                     KOL_STATUS_OK);
    assert_true(run_spend(ctx, pl) >= 7000.0);
    kol_planner_free(pl);
    /* The window out of reach of the budget left: a required candidate
     * of platform 1 spends 60 of 100, and platform 0 needs exactly 50
     * (no table needed). */
    for (i = 0; i < 40; i++)
        cost[i] = i < 30 ? 5 : 60;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 100);
    assert_int_equal(kol_planner_set_choice(pl, 35, KOL_PLAN_CHOICE_REQUIRE),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "at least 0.5 of the budget of 100, the budget left "
                      "allows it at most 40,");
    kol_planner_free(pl);
    /* Where no table is made: its words times the candidates (782 x 30
     * for exactly 50,000 in units of 1 from costs of 3,000 and 3,001)
     * exceed the work limit of 1e3, and the search stops there; with
     * 1e6 the table proves it (16 of them make at most 48,016, 17 at
     * least 51,000). */
    for (i = 0; i < 40; i++)
        cost[i] = i % 2 ? 3001 : 3000;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 100000);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "work limit");
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e6),
                     KOL_STATUS_OK);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "at least 0.5 and at most 0.5 of the budget of "
                      "100000, and no set");
    kol_planner_free(pl);
    /* nor where it would exceed 2^23 units (10^7 in units of 1: the
     * platform's reach proves it instead), nor where q B > 2^48 (a
     * budget of 2^50 with costs of 3 x 2^44: the search stops at the
     * work limit) */
    for (i = 0; i < 40; i++)
        cost[i] = i % 2 ? 3 : 4;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 2e7);
    assert_proved(ctx, pl);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "needs a spend of at least 0.5 of the budget of "
                      "20000000, best attempt");
    kol_planner_free(pl);
    for (i = 0; i < 40; i++)
        cost[i] = 3 * 0x1p44;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 0x1p50);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "work limit");
    kol_planner_free(pl);
    /* An instance of the sweeps against exhaustive search whose search
     * for the minimums computes the cost under both caps along a path
     * where the least-cost flow sends a unit back through a
     * category-platform pair: a plan exists and is found. */
    {
        static const double c16[16] = {5, 2, 2, 7, 13, 2, 16, 2,
                                       2, 1, 1, 12, 2, 2, 2, 3};
        static const double v16[16] = {18, 10, 40, 17, 42, 8, 44, 7,
                                       11, 37, 25, 47, 32, 49, 46, 37};
        static const int32_t t16[16] = {0, 2, 1, 1, 2, 1, 2, 1,
                                        0, 2, 0, 1, 1, 0, 0, 0};
        static const int32_t p16[16] = {3, 0, 3, 1, 3, 0, 1, 0,
                                        1, 0, 1, 1, 0, 0, 0, 0};
        static const int32_t g16[16] = {2, 3, 0, 1, 1, 2, 3, 2,
                                        0, 2, 0, 1, 2, 2, 1, 1};
        assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_candidates(pl, c16, v16, NULL, t16,
                                                    p16, g16, 16),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 60),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT,
                                               0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH,
                                               0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_tier_limit(pl, 0, 4, 8),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_tier_limit(pl, 1, 3, 3),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_tier_limit(pl, 2, 2, 6),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_category_max(pl, 0, 5),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_category_max(pl, 1, 1),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_category_max(pl, 2, 3),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 0.1),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 1, 0.15, 1.0),
                         KOL_STATUS_OK);
        assert_true(run_found(ctx, pl, NULL) >= 9);
        kol_planner_free(pl);
    }
    /* What the table does not see: costs that no decimal scale up to
     * 10^6 makes whole, here 22/7 each (15 of them 47.1, 16 of them
     * 50.3, never 50). Every bound holds, and the search stops at the
     * work limit. */
    for (i = 0; i < 40; i++)
        cost[i] = 22.0 / 7.0;
    pl = half_planner(ctx, cost, value, tier, plat, cat, 100);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "work limit");
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "platform 0");
    /* the search reports its steps (of an unknown total) as it goes */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 2e5),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, count_steps, &calls),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "work limit");
    assert_int_equal(calls, 3); /* at 65536, 131072 and 196608 steps */
    calls = 0;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e9),
                     KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, cancel_now, &calls),
                     KOL_STATUS_OK);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(calls, 1);
    assert_last_error(ctx, KOL_STATUS_CANCELLED, "minimums");
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* A plan 70,000 picks deep: 70,001 candidates of tier 0, which needs
 * 70,000, within a budget of 70,000. The greedy method takes the one of
 * cost 2 first (by far the best value per cost) and falls short; the
 * search for the minimums finds the plan along its first path, whose
 * levels are on the heap (a level per pick on the stack took about 300
 * bytes each) and which it takes without evaluating its bounds at each
 * level (with them, the work limit stopped it). Its steps are counted:
 * the progress callback can cancel it, and a work limit below them stops
 * it. */
static int cancel_minimums(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    if (total != 0)
        return 0; /* the greedy method's seed sets */
    assert_true(done >= 65536u);
    (*calls)++;
    return 9;
}

static void test_greedy_minimums_deep(void **state)
{
    enum { N = 70001 };
    double *cost = malloc(N * sizeof *cost), *value = malloc(N * sizeof *value);
    int32_t *tier = malloc(N * sizeof *tier);
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    size_t i;
    int calls = 0;
    (void)state;
    assert_non_null(cost);
    assert_non_null(value);
    assert_non_null(tier);
    for (i = 0; i < N; i++) {
        cost[i] = i == 0 ? 2 : 1;
        value[i] = i == 0 ? 1000 : 1;
        tier[i] = 0;
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, tier,
                                                NULL, NULL, N),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, N - 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, N - 1, N),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), N - 1);
    assert_true(kol_plan_spend(plan) == N - 1);
    for (i = 0; i < kol_plan_size(plan); i++) {
        size_t c = 0;
        assert_int_equal(kol_plan_pick(plan, i, &c, NULL), KOL_STATUS_OK);
        assert_true(c != 0);
    }
    kol_plan_free(plan);
    /* the first path's 70,000 levels examine as many candidates: a
     * cancel at its first progress call (at 65,536 steps, total 0), and
     * a work limit of 1e4 */
    assert_int_equal(kol_ctx_set_progress(ctx, cancel_minimums, &calls),
                     KOL_STATUS_OK);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(calls, 1);
    assert_int_equal(kol_ctx_set_progress(ctx, NULL, NULL), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e4),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "work limit");
    kol_planner_free(pl);
    kol_ctx_free(ctx);
    free(cost);
    free(value);
    free(tier);
}

/* The search for the minimums against exhaustive search, on instances
 * whose minimums bind: up to 3 of a tier, platform minimum spends up to
 * 0.4 of the budget, tier and category maximums from the minimum up and
 * platform share maximums from 0.15. Some candidates have no tier, no
 * platform or no category, or codes beyond those with limits (tier 3,
 * platform 2 or 3, category 3). 200 instances have their cheap
 * candidates in category 0 only, up to 5 of a tier and smaller budgets,
 * so that the tiers compete for the cheap room, and 200 more theirs on
 * platform 0 only, whose share maximum is 0.05 to 0.4 (1,000 in all). The
 * greedy method must find a plan meeting every constraint whenever one
 * exists, and prove it otherwise. */
static int mins_feasible(size_t n, uint32_t mask, const double *cost,
                         const int32_t *tier, const int32_t *plat,
                         const int32_t *cat, double B, const uint32_t *tmin,
                         const uint32_t *tmax, const uint32_t *cmax,
                         const double *pmin, const double *pmax, size_t np)
{
    double spend = 0.0, ps[2] = {0.0, 0.0};
    uint32_t tc[3] = {0, 0, 0}, cc[3] = {0, 0, 0};
    size_t i;
    for (i = 0; i < n; i++) {
        if (!((mask >> i) & 1u))
            continue;
        spend += cost[i];
        if (plat[i] >= 0 && (size_t)plat[i] < np)
            ps[plat[i]] += cost[i];
        if (tier[i] >= 0 && tier[i] < 3)
            tc[tier[i]]++;
        if (cat[i] >= 0 && cat[i] < 3)
            cc[cat[i]]++;
    }
    if (spend > B)
        return 0;
    for (i = 0; i < 3; i++)
        if (tc[i] < tmin[i] || tc[i] > tmax[i] || cc[i] > cmax[i])
            return 0;
    for (i = 0; i < np; i++)
        if (ps[i] < pmin[i] * B || ps[i] > pmax[i] * B)
            return 0;
    return 1;
}

static void test_greedy_minimums_sweep(void **state)
{
    kol_ctx *ctx;
    uint64_t rs = 2026;
    int t, found = 0, proved = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (t = 0; t < 1000; t++) {
        /* from 600 on: cheap candidates in category 0 only, larger tier
         * minimums and smaller budgets, where the tiers compete for the
         * cheap room (the cost bound of the shared room); from 800 on,
         * the same with the cheap candidates on platform 0 only, whose
         * share maximum is small (the flow through the categories and
         * the platforms) */
        const int dear = t >= 600 && t < 800, shp = t >= 800;
        const int tight = dear || shp;
        size_t n = 8 + rng_below(&rs, 7), np = 1 + rng_below(&rs, 2), i;
        double cost[MAXN], value[MAXN], total = 0.0, B, pmin[2], pmax[2];
        int32_t tier[MAXN], plat[MAXN], cat[MAXN];
        uint32_t tmin[3], tmax[3], cmax[3], mask;
        int exists = 0;
        kol_planner *pl;
        kol_plan *plan = NULL;
        kol_status st;
        for (i = 0; i < n; i++) {
            cost[i] = 1 + rng_below(&rs, 20);
            value[i] = rng_below(&rs, 50);
            tier[i] = (int32_t)rng_below(&rs, 3);
            plat[i] = (int32_t)rng_below(&rs, 2);
            cat[i] = (int32_t)rng_below(&rs, 3);
            /* tiers and platforms go together on half the instances */
            if (t % 2 && rng_below(&rs, 10) < 8)
                plat[i] = tier[i] % 2;
            if (rng_below(&rs, 12) == 0)
                tier[i] = rng_below(&rs, 2) ? -1 : 3;
            if (rng_below(&rs, 12) == 0)
                plat[i] = rng_below(&rs, 2) ? -1 : 3;
            if (rng_below(&rs, 8) == 0)
                cat[i] = rng_below(&rs, 2) ? -1 : 3;
            if (dear)
                cost[i] = cat[i] == 0 ? 1 + rng_below(&rs, 3)
                                      : 6 + rng_below(&rs, 12);
            if (shp)
                cost[i] = plat[i] == 0 ? 1 + rng_below(&rs, 3)
                                       : 6 + rng_below(&rs, 12);
            total += cost[i];
        }
        B = floor(total * ((tight ? 0.15 : 0.2) +
                           (tight ? 0.5 : 0.6) * rng_below(&rs, 100) / 100.0));
        if (B < 1)
            B = 1;
        for (i = 0; i < 3; i++) {
            tmin[i] = rng_below(&rs, tight ? 6 : 4);
            tmax[i] = tmin[i] + rng_below(&rs, 4);
            cmax[i] = 1 + rng_below(&rs, tight ? 7 : 4);
        }
        for (i = 0; i < np; i++) {
            pmin[i] = rng_below(&rs, 3) == 0 ? 0.0 : 0.05 * rng_below(&rs, 9);
            pmax[i] = rng_below(&rs, 2) ? 1.0
                                        : pmin[i] + 0.15 +
                                              0.05 * rng_below(&rs, 10);
            if (pmax[i] > 1.0)
                pmax[i] = 1.0;
        }
        if (shp) {
            pmin[0] = 0.0;
            pmax[0] = 0.05 + 0.05 * rng_below(&rs, 8);
        }
        for (mask = 0; mask < (1u << n) && !exists; mask++)
            exists = mins_feasible(n, mask, cost, tier, plat, cat, B, tmin,
                                   tmax, cmax, pmin, pmax, np);
        assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                    tier, plat, cat, n),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, B),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT,
                                               0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl,
                                               KOL_PLAN_PARAM_ENUM_DEPTH,
                                               t % 4),
                         KOL_STATUS_OK);
        for (i = 0; i < 3; i++) {
            assert_int_equal(kol_planner_set_tier_limit(pl, (int32_t)i,
                                                        tmin[i], tmax[i]),
                             KOL_STATUS_OK);
            assert_int_equal(kol_planner_set_category_max(pl, (int32_t)i,
                                                          cmax[i]),
                             KOL_STATUS_OK);
        }
        for (i = 0; i < np; i++)
            assert_int_equal(kol_planner_set_platform_share(
                                 pl, (int32_t)i, pmin[i], pmax[i]),
                             KOL_STATUS_OK);
        st = kol_planner_run(pl, &plan);
        if (exists) {
            int32_t in[MAXN];
            uint32_t m = 0;
            size_t c;
            assert_status(ctx, st, KOL_STATUS_OK);
            memset(in, 0, sizeof in);
            for (i = 0; i < kol_plan_size(plan); i++) {
                assert_int_equal(kol_plan_pick(plan, i, &c, NULL),
                                 KOL_STATUS_OK);
                m |= 1u << c;
            }
            assert_true(mins_feasible(n, m, cost, tier, plat, cat, B, tmin,
                                      tmax, cmax, pmin, pmax, np));
            found++;
        } else {
            assert_int_equal(st, KOL_STATUS_INFEASIBLE);
            assert_null(plan);
            assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                              "no plan meets them all");
            proved++;
        }
        kol_plan_free(plan);
        kol_planner_free(pl);
    }
    print_message("  minimums sweep: %d plans found, %d proved impossible\n",
                  found, proved);
    assert_true(found > 100 && proved > 100);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Platform shares as the decimals they name                          */
/* ------------------------------------------------------------------ */

/* A platform's share bounds are share x budget widened by a relative
 * 2^-50 (docs/model-overlap.md 4.1): the double nearest a decimal share
 * times the budget rounds past the amount it names (0.29 x 100 =
 * 28.999999999999996, 0.07 x 100 = 7.000000000000001, 0.1 x 3 =
 * 0.30000000000000004), and a spend of exactly that amount broke a
 * maximum or missed a minimum. Each case: candidate 0 (platform 0, value
 * 10) costs the amount, candidate 1 (platform 1, value 1) the rest of
 * the budget; both are taken, by the exact and the greedy method (at
 * depth 0 and 3). A cost clearly past the bound is still refused. */
static void test_share_rounding(void **state)
{
    static const struct {
        double share, budget, amount;
        int is_max;
    } cases[] = {
        {0.29, 100, 29, 1},   {0.57, 100, 57, 1},  {0.58, 50, 29, 1},
        {0.07, 100, 7, 0},    {0.14, 100, 14, 0},  {0.55, 100, 55, 0},
        {0.14, 50, 7, 0},     {0.1, 3, 0.3, 0},
    };
    static const int32_t plat[2] = {0, 1};
    kol_ctx *ctx;
    size_t k;
    int mode;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const double value[2] = {10, 1};
        double cost[2];
        cost[0] = cases[k].amount;
        cost[1] = cases[k].budget - cases[k].amount;
        for (mode = 0; mode < 3; mode++) {
            kol_planner *pl = NULL;
            kol_plan *plan = NULL;
            assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
            assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                        NULL, plat, NULL, 2),
                             KOL_STATUS_OK);
            assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                                   cases[k].budget),
                             KOL_STATUS_OK);
            assert_int_equal(
                kol_planner_set_platform_share(
                    pl, 0, cases[k].is_max ? 0.0 : cases[k].share,
                    cases[k].is_max ? cases[k].share : 1.0),
                KOL_STATUS_OK);
            if (mode > 0)
                assert_int_equal(
                    kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0),
                    KOL_STATUS_OK);
            assert_int_equal(kol_planner_set_param(pl,
                                                   KOL_PLAN_PARAM_ENUM_DEPTH,
                                                   mode == 1 ? 0 : 3),
                             KOL_STATUS_OK);
            assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
            assert_int_equal(kol_plan_size(plan), 2);
            assert_true(kol_plan_objective(plan) == 11);
            kol_plan_free(plan);
            kol_planner_free(pl);
        }
    }
    /* Clearly past the bounds: 29.01 of a maximum of 0.29 x 100 is
     * refused (candidate 1 alone), 6.99 misses a minimum of 0.07 x 100,
     * and 7 one of 0.08 x 100; the message names the share. */
    {
        const double value[2] = {10, 1};
        double cost[2] = {29.01, 70.99};
        kol_planner *pl = NULL;
        kol_plan *plan = NULL;
        size_t c;
        int32_t why;
        assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                    NULL, plat, NULL, 2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 100),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 0.29),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
        assert_int_equal(kol_plan_size(plan), 1);
        assert_int_equal(kol_plan_rejected(plan, 0, &c, &why, NULL),
                         KOL_STATUS_OK);
        assert_int_equal(c, 0);
        assert_int_equal(why, KOL_PLAN_REASON_PLATFORM_SHARE);
        kol_plan_free(plan);
        cost[0] = 6.99;
        cost[1] = 93.01;
        assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                    NULL, plat, NULL, 2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.07, 1.0),
                         KOL_STATUS_OK);
        plan = (kol_plan *)&plan;
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
        assert_null(plan);
        cost[0] = 7;
        cost[1] = 93;
        assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL,
                                                    NULL, plat, NULL, 2),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.08, 1.0),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
        assert_null(plan);
        assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                          "(platform 0 needs a spend of at least 0.08 of the "
                          "budget of 100, best attempt spent 7)");
        /* A share of 1 is the budget itself, without slack: 60 + 40 on
         * platform 1 meet a minimum of all of 100, 60 + 39.5 do not. */
        cost[0] = 60;
        cost[1] = 40;
        assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.0, 1.0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_platform_share(pl, 1, 1.0, 1.0),
                         KOL_STATUS_OK);
        {
            const int32_t one[2] = {1, 1};
            assert_int_equal(kol_planner_set_candidates(pl, cost, value,
                                                        NULL, NULL, one,
                                                        NULL, 2),
                             KOL_STATUS_OK);
            assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
            assert_true(kol_plan_spend(plan) == 100);
            kol_plan_free(plan);
            cost[1] = 39.5;
            assert_int_equal(kol_planner_set_candidates(pl, cost, value,
                                                        NULL, NULL, one,
                                                        NULL, 2),
                             KOL_STATUS_OK);
            plan = (kol_plan *)&plan;
            assert_status(ctx, kol_planner_run(pl, &plan),
                          KOL_STATUS_INFEASIBLE);
            assert_null(plan);
            assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                              "(platform 1 needs a spend of at least 1 of "
                              "the budget of 100, best attempt spent "
                              "99.5)");
        }
        kol_planner_free(pl);
    }
    kol_ctx_free(ctx);
}

/* When no plan meets the minimums, the exact search names the attempt
 * that came closest among those it examined: the one meeting the most
 * minimums in order (tiers by code, then platforms), then with the most
 * of the first it misses. It used to name the required set alone ("best
 * attempt had 0"), an attempt it never weighed as such. */
static void test_exact_infeasible_message(void **state)
{
    double cost[10], value[10];
    int32_t tier[10], plat[10];
    kol_ctx *ctx;
    kol_planner *pl = NULL;
    kol_plan *plan = (kol_plan *)&plan;
    size_t i;
    (void)state;
    for (i = 0; i < 10; i++) {
        cost[i] = 1 + (double)(i % 4);
        value[i] = 1 + (double)((i * 7) % 5);
        tier[i] = i < 2 ? 0 : 1;    /* two of tier 0 */
        plat[i] = i % 5 == 0 ? 0 : 1; /* 0 and 5 on platform 0: 1 + 2 */
    }
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, value, NULL, tier,
                                                plat, NULL, 10),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, 100),
                     KOL_STATUS_OK);
    /* tier 0 needs 3 of its 2 candidates: the closest attempts have 2 */
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 3, UINT32_MAX),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "exact search found no plan meeting every constraint "
                      "(tier 0 needs at least 3, best attempt had 2)");
    /* tier 0 needs 1 (easy), platform 0 a spend of 0.05 of 100 (its
     * candidates cost 3 in all): the closest attempts meet the tier and
     * spend 3 on the platform */
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 1, UINT32_MAX),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_platform_share(pl, 0, 0.05, 1.0),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "(platform 0 needs a spend of at least 0.05 of the "
                      "budget of 100, best attempt spent 3)");
    /* and with candidate 0 excluded, at most 2 */
    assert_int_equal(kol_planner_set_choice(pl, 0, KOL_PLAN_CHOICE_EXCLUDE),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE, "best attempt spent 2)");
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Reach: the work limit and progress of the greedy completions        */
/* ------------------------------------------------------------------ */

/* The progress calls of a run: how many, the last, whether the calls of
 * total 0 (the reach gains' registers read) only grew, and when to
 * cancel (0: never). */
struct reach_prog {
    int calls, stop, grew;
    uint64_t first, done, total, last0;
};

static int on_reach_progress(void *user, uint64_t done, uint64_t total)
{
    struct reach_prog *p = user;
    p->calls++;
    if (p->calls == 1)
        p->first = done;
    if (total == 0) {
        if (done < p->last0 + 4194304u)
            p->grew = 0; /* at least 2^22 registers between calls */
        p->last0 = done;
    }
    p->done = done;
    p->total = total;
    return p->stop != 0 && p->calls >= p->stop ? 6 : 0;
}

/* 200 candidates of cost 1 with audiences of 60 out of 6000 followers
 * (sketches of precision p), budget 60: the greedy method at depth 0,
 * whose completion picks 60 of them. Weighing every free candidate at
 * every pick would be 10,230 gains; the bounds on stale gains
 * (docs/model-overlap.md 4.3, "Lazy gains") leave 3,504 of them at
 * precision 10. */
static kol_planner *reach_planner_p(kol_ctx *ctx, int p, double work_limit)
{
    enum { N = 200 };
    double cost[N];
    kol_sketch *sk[N];
    kol_planner *pl = NULL;
    uint64_t rs = 4242, ids[60];
    size_t i, j;
    for (i = 0; i < N; i++) {
        cost[i] = 1;
        assert_int_equal(kol_sketch_new(ctx, p, KOL_SKETCH_DEFAULT_SEED,
                                        &sk[i]),
                         KOL_STATUS_OK);
        for (j = 0; j < 60; j++)
            ids[j] = rng_below(&rs, 6000);
        assert_int_equal(kol_sketch_add_ids(sk[i], ids, 60), KOL_STATUS_OK);
    }
    pl = budget_planner(ctx, cost, NULL, N, 60);
    reach_audiences(pl, sk, N);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT,
                                           work_limit),
                     KOL_STATUS_OK);
    return pl;
}

/* reach_planner_p() at precision 10 (1,024 registers). */
static kol_planner *reach_planner(kol_ctx *ctx, double work_limit)
{
    return reach_planner_p(ctx, 10, work_limit);
}

/* The reach of the sketches of cand[0 .. k-1] and of c beside them (c
 * (size_t)-1: none), through the public union estimate. */
static double union_of(kol_sketch *const *sk, const size_t *cand, size_t k,
                       size_t c)
{
    const kol_sketch *set[64];
    size_t i;
    double est = -1.0;
    for (i = 0; i < k; i++)
        set[i] = sk[cand[i]];
    if (c != (size_t)-1)
        set[k++] = sk[c];
    if (k == 0)
        return 0.0;
    assert_int_equal(kol_sketch_union_estimate(set, k, &est), KOL_STATUS_OK);
    return est;
}

/* The greedy method reads a sparse candidate's gain from the histogram of
 * the plan's registers (docs/model-overlap.md 4.3, "Sparse gains"): the
 * same gain, to the bit, as the union's estimate. Candidates of cost 1
 * and 3 to 200 users (sparse at precision 10: at most 256 of 1,024
 * registers set), 3,000 users (dense), none (empty): the picks are those
 * of a greedy on kol_sketch_union_estimate (largest gain per cost, the
 * first on a tie), and every rejected candidate's gain is its union's
 * estimate minus the plan's, exactly. A second run has dense candidates
 * only. */
static void test_reach_sparse_gains(void **state)
{
    enum { N = 40, K = 12 };
    kol_ctx *ctx;
    kol_sketch *sk[N];
    double cost[N];
    size_t i, j, pick[N], npick = 0;
    uint64_t seed = 12345;
    int run;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (run = 0; run < 2; run++) {
        kol_planner *pl;
        kol_plan *plan = NULL;
        unsigned char in[N];
        size_t nsparse = 0;
        for (i = 0; i < N; i++) {
            uint64_t ids[3000];
            size_t k = run == 1 || (i >= 30 && i < 35) ? 3000
                       : i == 35 || i == 36           ? 0
                                                      : 3 + i * 5;
            assert_int_equal(kol_sketch_new(ctx, 10, KOL_SKETCH_DEFAULT_SEED,
                                            &sk[i]),
                             KOL_STATUS_OK);
            for (j = 0; j < k; j++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                ids[j] = (seed >> 33) % 6000;
            }
            if (k)
                assert_int_equal(kol_sketch_add_ids(sk[i], ids, k),
                                 KOL_STATUS_OK);
            nsparse += k > 0 && k <= 256;
            cost[i] = 1.0;
        }
        assert_true(run == 1 ? nsparse == 0 : nsparse >= 30);
        assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
        assert_int_equal(kol_planner_set_candidates(pl, cost, NULL, NULL, NULL,
                                                    NULL, NULL, N),
                         KOL_STATUS_OK);
        reach_keep(pl, sk, N);
        assert_int_equal(
            kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, (double)K),
            KOL_STATUS_OK);
        greedy_depth0(pl);
        assert_int_equal(
            kol_planner_set_param(pl, KOL_PLAN_PARAM_REJECT_REPORT, N),
            KOL_STATUS_OK);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
        assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_GREEDY);
        /* the greedy on public estimates */
        memset(in, 0, sizeof in);
        npick = 0;
        while (npick < K) {
            size_t best = (size_t)-1;
            double base = union_of(sk, pick, npick, (size_t)-1), bg = 0.0;
            for (i = 0; i < N; i++) {
                double g;
                if (in[i])
                    continue;
                g = union_of(sk, pick, npick, i) - base;
                if (g > 0.0 && (best == (size_t)-1 || g > bg)) {
                    best = i;
                    bg = g;
                }
            }
            if (best == (size_t)-1)
                break;
            in[best] = 1;
            pick[npick++] = best;
        }
        assert_int_equal(kol_plan_size(plan), npick);
        for (i = 0; i < npick; i++) {
            size_t c;
            double g;
            assert_int_equal(kol_plan_pick(plan, i, &c, &g), KOL_STATUS_OK);
            if (c != pick[i])
                print_error("run %d, pick %zu: %zu, want %zu\n", run, i, c,
                            pick[i]);
            assert_int_equal(c, pick[i]);
        }
        assert_int_equal(kol_plan_rejected_count(plan), N - npick);
        for (i = 0; i < N - npick; i++) {
            size_t c;
            int32_t why;
            double g, want;
            assert_int_equal(kol_plan_rejected(plan, i, &c, &why, &g),
                             KOL_STATUS_OK);
            want = union_of(sk, pick, npick, c) -
                   union_of(sk, pick, npick, (size_t)-1);
            if (g != want)
                print_error("run %d, rejected %zu: gain %.17g, want %.17g\n",
                            run, c, g, want);
            assert_true(g == want);
        }
        kol_plan_free(plan);
        kol_planner_free(pl);
        for (i = 0; i < N; i++)
            kol_sketch_free(sk[i]);
    }
    kol_ctx_free(ctx);
}

/* Whether gain g at cost c beats gain gb at cost cb as the greedy
 * method ranks them: g cb against gb c without rounding error (the
 * products split into a rounded part and its exact error), then the
 * larger gain, then the lower cost. */
static int ranks_above(double g, double c, double gb, double cb)
{
    double p1 = g * cb, e1 = fma(g, cb, -p1);
    double p2 = gb * c, e2 = fma(gb, c, -p2);
    if (p1 - p2 != e2 - e1)
        return p1 - p2 > e2 - e1;
    if (g != gb)
        return g > gb;
    return c < cb;
}

/* The greedy method computes only the gains whose bounds (from a gain
 * computed earlier in the completion) could reach the best gain per cost
 * found (docs/model-overlap.md 4.3, "Lazy gains"); its picks must be
 * those of weighing every candidate at every pick. 60 random instances:
 * precisions 4 to 12, 6 to 45 candidates of 0 to 400 users from pools of
 * 300 to 30,000, some the same audience twice (equal gains: the first
 * wins), costs 0 to 3 in whole units (equal gains per cost) or
 * fractional, against a greedy on kol_sketch_union_estimate. */
static void test_reach_lazy_gains(void **state)
{
    enum { N = 45 };
    kol_ctx *ctx;
    kol_sketch *sk[N];
    double cost[N];
    uint64_t rs = 77;
    size_t pick[N];
    int inst;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (inst = 0; inst < 60; inst++) {
        size_t n = 6 + rng_below(&rs, N - 5), i, j, npick = 0;
        int p = 4 + (int)rng_below(&rs, 9);
        unsigned pool = 300u + rng_below(&rs, 30000), frac = inst % 3 == 0;
        double budget = 0.0, spend = 0.0;
        unsigned char in[N];
        kol_planner *pl;
        kol_plan *plan = NULL;
        for (i = 0; i < n; i++) {
            uint64_t ids[400];
            size_t k = rng_below(&rs, 8) == 0 ? 0 : rng_below(&rs, 401);
            cost[i] = frac ? 0.25 + rng_below(&rs, 1000) / 100.0
                           : (double)rng_below(&rs, 4);
            budget += cost[i];
            if (i > 0 && rng_below(&rs, 6) == 0) {
                /* the audience of an earlier candidate, at its cost */
                size_t o = rng_below(&rs, (unsigned)i);
                assert_int_equal(kol_sketch_clone(sk[o], &sk[i]),
                                 KOL_STATUS_OK);
                cost[i] = cost[o];
                continue;
            }
            assert_int_equal(kol_sketch_new(ctx, p, KOL_SKETCH_DEFAULT_SEED,
                                            &sk[i]),
                             KOL_STATUS_OK);
            for (j = 0; j < k; j++)
                ids[j] = rng_below(&rs, pool);
            if (k)
                assert_int_equal(kol_sketch_add_ids(sk[i], ids, k),
                                 KOL_STATUS_OK);
        }
        budget = budget * (0.2 + rng_below(&rs, 50) / 100.0) + 0.5;
        pl = budget_planner(ctx, cost, NULL, n, budget);
        reach_keep(pl, sk, n);
        greedy_depth0(pl);
        assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
        /* the completion of the plain greedy, on public estimates */
        memset(in, 0, sizeof in);
        for (;;) {
            size_t best = (size_t)-1;
            double base = union_of(sk, pick, npick, (size_t)-1), bg = 0.0;
            for (i = 0; i < n; i++) {
                double g;
                if (in[i] || spend + cost[i] > budget)
                    continue;
                g = union_of(sk, pick, npick, i) - base;
                if (g > 0.0 && (best == (size_t)-1 ||
                                ranks_above(g, cost[i], bg, cost[best]))) {
                    best = i;
                    bg = g;
                }
            }
            if (best == (size_t)-1)
                break;
            in[best] = 1;
            spend += cost[best];
            pick[npick++] = best;
        }
        /* at depth 0 a single candidate can beat the completion; then
         * the plan is that one, filled, and is not compared here */
        if (kol_plan_objective(plan) ==
            union_of(sk, pick, npick, (size_t)-1)) {
            assert_int_equal(kol_plan_size(plan), npick);
            for (i = 0; i < npick; i++) {
                size_t c;
                assert_int_equal(kol_plan_pick(plan, i, &c, NULL),
                                 KOL_STATUS_OK);
                if (c != pick[i])
                    print_error("instance %d, pick %zu: %zu, want %zu\n",
                                inst, i, c, pick[i]);
                assert_int_equal(c, pick[i]);
            }
        } else {
            assert_true(kol_plan_objective(plan) >
                        union_of(sk, pick, npick, (size_t)-1));
        }
        kol_plan_free(plan);
        kol_planner_free(pl);
        for (i = 0; i < n; i++)
            kol_sketch_free(sk[i]);
    }
    kol_ctx_free(ctx);
}

/* The greedy completions for reach weigh m registers per marginal gain
 * (counted so even where a sparse candidate's gain reads fewer,
 * docs/model-overlap.md 4.3), picks x candidates x m in all: with many
 * candidates, far beyond the
 * work limit, which the depth could no longer lower at depth 0, and with
 * no progress call until the end. Now they call the progress callback
 * every 2^22 registers read (total 0), which can cancel, and when even
 * depth 0's estimate (200^2 x 1024 = 4.1e7 here) passes the limit they
 * count the registers against it: a limit of 1e6 stops the run
 * (INFEASIBLE, saying so), one of 3e7 lets it finish with the plan of an
 * unlimited run. */
static void test_reach_work_limit(void **state)
{
    struct reach_prog pr;
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = (kol_plan *)&plan, *ref = NULL;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, on_reach_progress, &pr),
                     KOL_STATUS_OK);
    /* the limit of the estimate (depth 0 fits 4.2e7): no count */
    pl = reach_planner(ctx, 4.2e7);
    memset(&pr, 0, sizeof pr);
    assert_status(ctx, kol_planner_run(pl, &ref), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(ref), KOL_PLAN_METHOD_GREEDY);
    assert_int_equal(kol_plan_depth(ref), 0);
    assert_int_equal(kol_plan_size(ref), 60);
    kol_planner_free(pl);
    /* The same instance at precision 12 (depth 0's estimate 200^2 x 4096
     * = 1.6e8 fits 1.7e8): its completion reads 5,087 gains of 4,096
     * registers, 2.1e7, so progress comes during it, growing, then the
     * end. */
    pl = reach_planner_p(ctx, 12, 1.7e8);
    memset(&pr, 0, sizeof pr);
    pr.grew = 1;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_depth(plan), 0);
    assert_int_equal(kol_plan_size(plan), 60);
    kol_plan_free(plan);
    assert_true(pr.calls >= 4);
    assert_true(pr.first == 4194304u);
    assert_true(pr.grew);
    assert_true(pr.done == 1 && pr.total == 1);
    /* cancelled at the first call, inside the completion */
    memset(&pr, 0, sizeof pr);
    pr.stop = 1;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(pr.calls, 1);
    assert_true(pr.done == 4194304u && pr.total == 0);
    assert_int_equal(kol_ctx_callback_code(ctx), 6);
    assert_last_error(ctx, KOL_STATUS_CANCELLED, "greedy, reach");
    kol_planner_free(pl);
    /* a limit the completion passes: stopped, no plan */
    pl = reach_planner(ctx, 1e6);
    memset(&pr, 0, sizeof pr);
    pr.grew = 1;
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "the greedy search for reach stopped at the work "
                      "limit (1000000 steps) before it completed a plan: "
                      "each pick weighs up to 200 free candidates of 1024 "
                      "registers each");
    assert_int_equal(pr.calls, 0); /* stopped before 2^22 */
    kol_planner_free(pl);
    /* one it does not: counted, and the same plan bit for bit */
    pl = reach_planner(ctx, 3e7);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_depth(plan), 0);
    assert_same_picks(plan, ref);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_plan_free(ref);
    kol_ctx_free(ctx);
}

/* A reach planner over candidates whose audiences are the ids lo .. lo +
 * cnt - 1 and lo2 .. lo2 + cnt2 - 1 (sketches of precision 10), the
 * greedy method at depth 0 with the given tiers (NULL: none). */
struct aud {
    double cost;
    int32_t tier;
    uint64_t lo, cnt, lo2, cnt2;
};

static kol_planner *aud_planner(kol_ctx *ctx, const struct aud *a, size_t n,
                                double budget)
{
    double cost[16];
    int32_t tier[16];
    kol_sketch *sk[16];
    kol_planner *pl = NULL;
    uint64_t id;
    size_t i;
    assert_true(n <= 16);
    for (i = 0; i < n; i++) {
        cost[i] = a[i].cost;
        tier[i] = a[i].tier;
        assert_int_equal(kol_sketch_new(ctx, 10, KOL_SKETCH_DEFAULT_SEED,
                                        &sk[i]),
                         KOL_STATUS_OK);
        for (id = a[i].lo; id < a[i].lo + a[i].cnt; id++)
            assert_int_equal(kol_sketch_add_ids(sk[i], &id, 1),
                             KOL_STATUS_OK);
        for (id = a[i].lo2; id < a[i].lo2 + a[i].cnt2; id++)
            assert_int_equal(kol_sketch_add_ids(sk[i], &id, 1),
                             KOL_STATUS_OK);
    }
    assert_int_equal(kol_planner_new(ctx, &pl), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_candidates(pl, cost, NULL, NULL, tier,
                                                NULL, NULL, n),
                     KOL_STATUS_OK);
    reach_audiences(pl, sk, n);
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, budget),
                     KOL_STATUS_OK);
    greedy_depth0(pl);
    return pl;
}

/* The least work limit, in whole gains of 1024 registers, at which pl's
 * run makes a plan (every limit tried is below depth 0's estimate, so
 * the registers are counted); then one step less stops it, at the last
 * gain the run counts. Returns that limit. */
static double least_limit(kol_ctx *ctx, kol_planner *pl)
{
    kol_plan *plan = NULL;
    double limit;
    kol_status st = KOL_STATUS_INFEASIBLE;
    for (limit = 1024; st != KOL_STATUS_OK; limit += 1024) {
        assert_true(limit < 1e5);
        assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT,
                                               limit),
                         KOL_STATUS_OK);
        st = kol_planner_run(pl, &plan);
        if (st != KOL_STATUS_OK)
            assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                              "for reach stopped at the work limit");
    }
    kol_plan_free(plan);
    limit -= 1024;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT,
                                           limit - 1),
                     KOL_STATUS_OK);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "for reach stopped at the work limit");
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT,
                                           limit),
                     KOL_STATUS_OK);
    return limit;
}

/* The registers are counted in every greedy phase of a reach run: the
 * completion's minimums step and its filling, the pass over single
 * candidates, the filling of a single that beats the greedy plan, and
 * the filling of the plan the search for the minimums found. Each phase
 * is stopped by a limit just below what the run reads; at the limit the
 * plan is made. */
static void test_reach_work_limit_phases(void **state)
{
    /* a single (0: 150 followers for 10) beats the greedy plan (a small
     * one, 1 + 20 followers for 1, then 2 (3 for 0.5) and small ones of
     * one new follower each, after which 0 no longer fits 10.5); it is
     * filled with 1, the last gain the run counts */
    static const struct aud single[11] = {
        {10, -1, 10000, 150, 0, 0}, {0.5, -1, 20000, 3, 0, 0},
        {1, -1, 0, 20, 100, 1},     {1, -1, 0, 20, 101, 1},
        {1, -1, 0, 20, 102, 1},     {1, -1, 0, 20, 103, 1},
        {1, -1, 0, 20, 104, 1},     {1, -1, 0, 20, 105, 1},
        {1, -1, 0, 20, 106, 1},     {1, -1, 0, 20, 107, 1},
        {1, -1, 0, 20, 108, 1}};
    /* test_greedy_minimums_repair's instance for reach, with a fourth
     * candidate of tier 1: the completion takes 0 (the best ratio) for
     * tier 0 and 3, and 2 no longer fits for tier 2; the search for the
     * minimums finds {1, 2}, filled with 3, the last gain counted */
    static const struct aud repair[4] = {{9.8, 0, 0, 100, 0, 0},
                                         {5.2, 0, 1000, 20, 0, 0},
                                         {8.35, 2, 2000, 10, 0, 0},
                                         {1, 1, 3000, 5, 0, 0}};
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = NULL;
    size_t c;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    pl = aud_planner(ctx, single, 11, 10.5);
    print_message("  single filled: %g registers\n", least_limit(ctx, pl));
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), 2);
    assert_int_equal(kol_plan_pick(plan, 0, &c, NULL), KOL_STATUS_OK);
    assert_int_equal(c, 0);
    assert_int_equal(kol_plan_pick(plan, 1, &c, NULL), KOL_STATUS_OK);
    assert_int_equal(c, 1);
    kol_plan_free(plan);
    kol_planner_free(pl);

    pl = aud_planner(ctx, repair, 4, 14.9);
    assert_int_equal(kol_planner_set_tier_limit(pl, 0, 1, 3), KOL_STATUS_OK);
    assert_int_equal(kol_planner_set_tier_limit(pl, 2, 1, 3), KOL_STATUS_OK);
    print_message("  minimums filled: %g registers\n", least_limit(ctx, pl));
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), 3);
    assert_int_equal(kol_plan_pick(plan, 2, &c, NULL), KOL_STATUS_OK);
    assert_int_equal(c, 3);
    kol_plan_free(plan);
    /* the limit of 1e3 stops the minimums step at its first gain */
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, 1e3),
                     KOL_STATUS_OK);
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    assert_last_error(ctx, KOL_STATUS_INFEASIBLE,
                      "for reach stopped at the work limit (1000 steps)");
    kol_planner_free(pl);

    /* the pass over single candidates: reach_planner()'s run reads
     * 3,504 gains in its completion (of the 10,230 that weighing every
     * free candidate at each of its 60 picks would read, 200 + 199 + ...
     * + 141) and 200 in the pass, 3,704 x 1024 = 3,792,896 registers: one
     * less stops the pass at its last gain */
    pl = reach_planner(ctx, 3792896);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_size(plan), 60);
    kol_plan_free(plan);
    plan = (kol_plan *)&plan;
    assert_int_equal(kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT,
                                           3792895),
                     KOL_STATUS_OK);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_INFEASIBLE);
    assert_null(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* The gains of the rejected candidates report progress too (not counted
 * against the limit): an exact reach search over 10 free candidates
 * among 300, the other 290 excluded, reads 295 x 16384 registers for
 * them, and the progress call at 2^22 can cancel. The exact search
 * itself reports every 2^22 / m nodes for reach (a node weighs a union
 * of m registers): every 256 here. */
static void test_reach_rejected_progress(void **state)
{
    enum { N = 300 };
    double cost[N];
    kol_sketch *sk[N];
    struct reach_prog pr;
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan = (kol_plan *)&plan;
    uint64_t id;
    size_t i;
    int calls;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        cost[i] = 1;
        assert_int_equal(kol_sketch_new(ctx, 14, KOL_SKETCH_DEFAULT_SEED,
                                        &sk[i]),
                         KOL_STATUS_OK);
        for (id = i * 10; id < i * 10 + 20; id++)
            assert_int_equal(kol_sketch_add_ids(sk[i], &id, 1),
                             KOL_STATUS_OK);
    }
    pl = budget_planner(ctx, cost, NULL, N, 3);
    reach_audiences(pl, sk, N);
    for (i = 10; i < N; i++)
        assert_int_equal(kol_planner_set_choice(pl, i,
                                                KOL_PLAN_CHOICE_EXCLUDE),
                         KOL_STATUS_OK);
    assert_int_equal(kol_ctx_set_progress(ctx, on_reach_progress, &pr),
                     KOL_STATUS_OK);
    /* uncancelled: the plan, exact; progress from the search (every
     * 2^22 / 16384 = 256 nodes, done = nodes), then at 2^22 registers of
     * the rejected gains, then the end */
    memset(&pr, 0, sizeof pr);
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_OK);
    assert_int_equal(kol_plan_method(plan), KOL_PLAN_METHOD_EXACT);
    assert_int_equal(kol_plan_size(plan), 3);
    assert_true(pr.calls >= 3);
    assert_true(pr.first == 256u);
    calls = pr.calls;
    kol_plan_free(plan);
    /* cancelled at the rejected gains' call */
    memset(&pr, 0, sizeof pr);
    pr.stop = calls - 1;
    plan = (kol_plan *)&plan;
    assert_status(ctx, kol_planner_run(pl, &plan), KOL_STATUS_CANCELLED);
    assert_null(plan);
    assert_int_equal(pr.calls, calls - 1);
    assert_true(pr.done == 4194304u && pr.total == 0);
    kol_plan_free(plan);
    kol_planner_free(pl);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                 */
/* ------------------------------------------------------------------ */

struct aop {
    kol_ctx *ctx;
    kol_planner *pl;
    kol_plan *plan;
    kol_sketch *sk[24];
    size_t n;
    int which;
};

static const double A_COST[24] = {5, 3, 8, 2, 7, 4, 6, 1, 9, 3, 5, 2,
                                  8, 6, 4, 7, 3, 9, 2, 5, 1, 6, 4, 8};

static kol_ctx *aop_setup(void *user, testalloc *ta)
{
    struct aop *a = user;
    size_t i;
    int32_t tier[24];
    double value[24];
    assert_int_equal(testalloc_ctx_new(ta, &a->ctx), KOL_STATUS_OK);
    a->plan = NULL;
    a->pl = NULL;
    a->n = a->which >= 5 ? 24 : 12;
    for (i = 0; i < a->n; i++) {
        uint64_t ids[200];
        size_t j;
        tier[i] = (int32_t)(i % 3);
        value[i] = (double)((i * 7) % 10);
        kol_sketch_new(a->ctx, 6, 1, &a->sk[i]);
        for (j = 0; j < 200; j++)
            ids[j] = (i % 5) * 1000 + j * (1 + i % 3);
        kol_sketch_add_ids(a->sk[i], ids, 200);
    }
    if (a->which == 0)
        return a->ctx;
    assert_int_equal(kol_planner_new(a->ctx, &a->pl), KOL_STATUS_OK);
    if (a->which == 1)
        return a->ctx;
    if (a->which == 7) {
        /* test_greedy_minimums_repair's instance: the plan comes from
         * the search for the minimums */
        static const double c7[3] = {9.8, 5.2, 8.35}, v7[3] = {10, 1, 1};
        static const int32_t t7[3] = {0, 0, 2}, g7[3] = {0, 0, 1},
                             p7[3] = {0, 0, 0};
        assert_int_equal(kol_planner_set_candidates(a->pl, c7, v7, NULL, t7,
                                                    p7, g7, 3),
                         KOL_STATUS_OK);
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_BUDGET, 14.9);
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_EXACT_LIMIT, 0);
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_ENUM_DEPTH, 0);
        kol_planner_set_tier_limit(a->pl, 0, 1, 3);
        kol_planner_set_tier_limit(a->pl, 2, 1, 3);
        /* a category maximum and a platform share that bind nothing:
         * the search's counts of shared room (two unmet tiers) and of
         * room under both caps allocate too, and so does the table of
         * the platform's sums (its minimum spend is met by any plan) */
        kol_planner_set_category_max(a->pl, 1, 1);
        kol_planner_set_platform_share(a->pl, 0, 0.3, 0.99);
        return a->ctx;
    }
    assert_int_equal(kol_planner_set_candidates(a->pl, A_COST, value, value,
                                                tier, tier, NULL, a->n),
                     KOL_STATUS_OK);
    kol_planner_set_param(a->pl, KOL_PLAN_PARAM_BUDGET, 20);
    kol_planner_set_tier_limit(a->pl, 1, 1, 3);
    if (a->which >= 4)
        assert_int_equal(kol_planner_set_audiences(
                             a->pl, (const kol_sketch *const *)a->sk, a->n),
                         KOL_STATUS_OK);
    if (a->which == 4 || a->which == 6)
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_OBJECTIVE,
                              KOL_PLAN_OBJECTIVE_REACH);
    if (a->which == 5)
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_EXACT_LIMIT, 10);
    if (a->which == 6)
        kol_planner_set_param(a->pl, KOL_PLAN_PARAM_ENUM_DEPTH, 1);
    return a->ctx;
}

/* A refused allocation is reported under the public call's name. */
static kol_status named(kol_ctx *ctx, kol_status st, const char *fn)
{
    if (st == KOL_STATUS_NOMEM) {
        const char *msg = kol_ctx_last_error(ctx);
        assert_true(strncmp(msg, fn, strlen(fn)) == 0 &&
                    msg[strlen(fn)] == ':');
        assert_non_null(strstr(msg, "out of memory"));
    }
    return st;
}

static kol_status aop_run(void *user)
{
    struct aop *a = user;
    int32_t tier[24];
    size_t i;
    for (i = 0; i < 24; i++)
        tier[i] = (int32_t)(i % 4);
    switch (a->which) {
    case 0:
        kol_planner_free(a->pl);
        a->pl = NULL;
        return named(a->ctx, kol_planner_new(a->ctx, &a->pl),
                     "kol_planner_new");
    case 1:
        return named(a->ctx,
                     kol_planner_set_candidates(a->pl, A_COST, A_COST, NULL,
                                                tier, tier, tier, 24),
                     "kol_planner_set_candidates");
    case 2: {
        kol_status st =
            named(a->ctx, kol_planner_set_tier_limit(a->pl, 40, 0, 2),
                  "kol_planner_set_tier_limit");
        if (st == KOL_STATUS_OK)
            st = named(a->ctx,
                       kol_planner_set_platform_share(a->pl, 30, 0, 0.5),
                       "kol_planner_set_platform_share");
        if (st == KOL_STATUS_OK)
            st = named(a->ctx, kol_planner_set_category_max(a->pl, 50, 2),
                       "kol_planner_set_category_max");
        return st;
    }
    case 3:
        return named(a->ctx,
                     kol_planner_set_audiences(
                         a->pl, (const kol_sketch *const *)a->sk, a->n),
                     "kol_planner_set_audiences");
    default:
        kol_plan_free(a->plan);
        a->plan = NULL;
        return named(a->ctx, kol_planner_run(a->pl, &a->plan),
                     "kol_planner_run");
    }
}

static void aop_snapshot(void *user, testbuf *out)
{
    struct aop *a = user;
    double v;
    int i;
    testbuf_printf(out, "pl %d plan %d", a->pl != NULL, a->plan != NULL);
    for (i = 0; a->pl && i <= KOL_PLAN_PARAM_REJECT_REPORT; i++) {
        kol_planner_get_param(a->pl, i, &v);
        testbuf_printf(out, " %a", v);
    }
    if (a->plan) {
        size_t k;
        testbuf_printf(out, " size %zu obj %a spend %a",
                       kol_plan_size(a->plan), kol_plan_objective(a->plan),
                       kol_plan_spend(a->plan));
        for (k = 0; k < kol_plan_size(a->plan); k++) {
            size_t c;
            kol_plan_pick(a->plan, k, &c, NULL);
            testbuf_printf(out, " %zu", c);
        }
    }
}

static void aop_teardown(void *user)
{
    struct aop *a = user;
    size_t i;
    kol_plan_free(a->plan);
    kol_planner_free(a->pl);
    for (i = 0; i < a->n; i++)
        kol_sketch_free(a->sk[i]);
    a->plan = NULL;
    a->pl = NULL;
}

static void test_alloc_failure(void **state)
{
    static const char *const names[] = {
        "kol_planner_new", "kol_planner_set_candidates", "limits",
        "kol_planner_set_audiences", "run exact reach", "run greedy value",
        "run greedy reach", "run greedy minimums search"};
    int w;
    (void)state;
    for (w = 0; w < 8; w++) {
        struct aop a;
        testalloc_op op;
        memset(&a, 0, sizeof a);
        memset(&op, 0, sizeof op);
        a.which = w;
        op.name = names[w];
        op.user = &a;
        op.setup = aop_setup;
        op.run = aop_run;
        op.snapshot = aop_snapshot;
        op.teardown = aop_teardown;
        /* Growing limit arrays may keep a longer block after a failure. */
        op.allow_retained = w == 2;
        assert_true(testalloc_loop(&op, 0) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vs_exhaustive_value),
        cmocka_unit_test(test_vs_exhaustive_conversions),
        cmocka_unit_test(test_vs_exhaustive_reach),
        cmocka_unit_test(test_reach_and_reasons),
        cmocka_unit_test(test_exact_zero_gain),
        cmocka_unit_test(test_pyramid),
        cmocka_unit_test(test_determinism_and_large),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_callback_reentry),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_depth_zero),
        cmocka_unit_test(test_depth_zero_fills_single),
        cmocka_unit_test(test_objective_above_2_53),
        cmocka_unit_test(test_depth_zero_progress),
        cmocka_unit_test(test_exact_reach_spend_within_budget),
        cmocka_unit_test(test_exact_tie_fewer_picks),
        cmocka_unit_test(test_spend_order_free),
        cmocka_unit_test(test_exact_cut_keeps_ties),
        cmocka_unit_test(test_exact_cancel),
        cmocka_unit_test(test_greedy_minimums_repair),
        cmocka_unit_test(test_greedy_minimums_limit),
        cmocka_unit_test(test_greedy_minimums_deep),
        cmocka_unit_test(test_greedy_minimums_sweep),
        cmocka_unit_test(test_share_rounding),
        cmocka_unit_test(test_exact_infeasible_message),
        cmocka_unit_test(test_reach_sparse_gains),
        cmocka_unit_test(test_reach_lazy_gains),
        cmocka_unit_test(test_reach_work_limit),
        cmocka_unit_test(test_reach_work_limit_phases),
        cmocka_unit_test(test_reach_rejected_progress),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
