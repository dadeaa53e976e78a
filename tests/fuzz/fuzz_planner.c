/* libFuzzer target: the portfolio planner (include/kol/planner.h), with
 * candidates, audiences (sketches built from ids in the input),
 * parameters, constraints and choices all read from the fuzzer's bytes.
 *
 * Every plan kol_planner_run() returns is checked against its input:
 *  - picks are distinct candidates; required ones are in, excluded ones
 *    out; spend equals the sum of their costs and never exceeds the budget;
 *  - tier minimums and maximums, category maximums and platform shares
 *    hold;
 *  - for the value and conversions objectives the objective is the sum
 *    over the picks; every number is finite; the guarantee is in [0, 1];
 *  - rejected candidates are not picked, have a known reason, and are no
 *    more than KOL_PLAN_PARAM_REJECT_REPORT;
 *  - a second run gives the same plan (determinism).
 * Harness limits, for speed (milliseconds per input): at most 40
 * candidates, exact limits capped at 16 (additive) and 8 (reach), work
 * limit at most 1e5, sketch precision 4 to 7. */
#include "fuzz_common.h"

#define MAXC 40

typedef struct plan_input {
    size_t n;
    double cost[MAXC], value[MAXC], conv[MAXC];
    int32_t tier[MAXC], platform[MAXC], category[MAXC];
    int has_value, has_conv, has_tier, has_platform, has_category;
    int choice[MAXC];
    double budget;
    int objective;
    uint32_t tmin[4], tmax[4], cmax[4];
    double pmin[4], pmax[4];
    double reject_report;
} plan_input;

static int32_t code(fz *f)
{
    uint8_t c = fz_u8(f);
    if (c < 240)
        return (int32_t)(c % 5) - 1; /* -1 .. 3 */
    return c & 1 ? KOL_PLAN_MAX_CODE + 1 : -2;
}

static void check_plan(const plan_input *in, const kol_plan *plan)
{
    size_t k, np = kol_plan_size(plan), nr = kol_plan_rejected_count(plan);
    unsigned char picked[MAXC] = {0};
    double spend = 0, obj = 0, sum_abs = 0;
    uint32_t tcount[4] = {0}, ccount[4] = {0};
    double pspend[4] = {0};
    double g = kol_plan_guarantee(plan);

    FZ_CHECK(np <= in->n);
    for (k = 0; k < np; k++) {
        size_t c = (size_t)-1;
        double gain = NAN;
        FZ_CHECK(kol_plan_pick(plan, k, &c, &gain) == KOL_STATUS_OK);
        FZ_CHECK(c < in->n && !picked[c]);
        FZ_FINITE(gain);
        picked[c] = 1;
        spend += in->cost[c];
        sum_abs += fabs(in->cost[c]);
        if (in->objective == KOL_PLAN_OBJECTIVE_VALUE)
            obj += in->value[c];
        else if (in->objective == KOL_PLAN_OBJECTIVE_CONVERSIONS)
            obj += in->conv[c];
        if (in->has_tier && in->tier[c] >= 0 && in->tier[c] < 4)
            tcount[in->tier[c]]++;
        if (in->has_category && in->category[c] >= 0 && in->category[c] < 4)
            ccount[in->category[c]]++;
        if (in->has_platform && in->platform[c] >= 0 && in->platform[c] < 4)
            pspend[in->platform[c]] += in->cost[c];
    }
    FZ_CHECK(kol_plan_pick(plan, np, NULL, NULL) == KOL_STATUS_NOT_FOUND);
    for (k = 0; k < in->n; k++) {
        if (in->choice[k] == KOL_PLAN_CHOICE_REQUIRE)
            FZ_CHECK(picked[k]);
        if (in->choice[k] == KOL_PLAN_CHOICE_EXCLUDE)
            FZ_CHECK(!picked[k]);
    }
    FZ_FINITE(kol_plan_spend(plan));
    FZ_FINITE(kol_plan_objective(plan));
    FZ_CHECK(fabs(kol_plan_spend(plan) - spend) <= 1e-9 * (1.0 + sum_abs));
    FZ_CHECK(kol_plan_spend(plan) <= in->budget * (1.0 + 1e-12));
    FZ_CHECK(kol_plan_objective(plan) >= 0.0);
    if (in->objective != KOL_PLAN_OBJECTIVE_REACH)
        FZ_CHECK(fabs(kol_plan_objective(plan) - obj) <=
                 1e-9 * (1.0 + obj));
    FZ_CHECK(kol_plan_objective_code(plan) == in->objective);
    FZ_CHECK(kol_plan_method(plan) == KOL_PLAN_METHOD_EXACT ||
             kol_plan_method(plan) == KOL_PLAN_METHOD_GREEDY);
    FZ_FINITE(g);
    FZ_CHECK(g >= 0.0 && g <= 1.0);
    FZ_CHECK(kol_plan_depth(plan) >= 0 && kol_plan_depth(plan) <= 3);
    for (k = 0; k < 4; k++) {
        FZ_CHECK(tcount[k] >= in->tmin[k] && tcount[k] <= in->tmax[k]);
        FZ_CHECK(ccount[k] <= in->cmax[k]);
        FZ_CHECK(pspend[k] <= in->pmax[k] * in->budget * (1.0 + 1e-9) +
                                  1e-9);
        FZ_CHECK(pspend[k] >= in->pmin[k] * in->budget * (1.0 - 1e-9) -
                                  1e-9);
    }
    FZ_CHECK((double)nr <= in->reject_report);
    for (k = 0; k < nr; k++) {
        size_t c = (size_t)-1;
        int32_t reason = -1;
        double gain = NAN;
        FZ_CHECK(kol_plan_rejected(plan, k, &c, &reason, &gain) ==
                 KOL_STATUS_OK);
        FZ_CHECK(c < in->n && !picked[c]);
        FZ_CHECK(reason >= KOL_PLAN_REASON_EXCLUDED &&
                 reason <= KOL_PLAN_REASON_OUTSCORED);
        FZ_CHECK(kol_plan_reason_name(reason) != NULL);
        FZ_FINITE(gain);
    }
}

static int same_plan(const kol_plan *a, const kol_plan *b)
{
    size_t k;
    if (kol_plan_size(a) != kol_plan_size(b) ||
        kol_plan_objective(a) != kol_plan_objective(b) ||
        kol_plan_spend(a) != kol_plan_spend(b))
        return 0;
    for (k = 0; k < kol_plan_size(a); k++) {
        size_t x, y;
        double gx, gy;
        kol_plan_pick(a, k, &x, &gx);
        kol_plan_pick(b, k, &y, &gy);
        if (x != y || gx != gy)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_planner *pl = NULL;
    kol_status st;
    static plan_input in;
    kol_sketch *sk[MAXC];
    size_t i, nsk = 0;
    uint8_t shape;
    kol_plan *plan = NULL;

    if (!fz_env_init(&env, &f))
        return 0;
    memset(&in, 0, sizeof in);
    memset(sk, 0, sizeof sk);
    if (fz_status(&env, kol_planner_new(env.ctx, &pl)) != KOL_STATUS_OK) {
        fz_env_done(&env);
        return 0;
    }

    /* Candidates. */
    shape = fz_u8(&f);
    in.n = fz_u8(&f) % (MAXC + 1);
    in.has_value = !(shape & 1);
    in.has_conv = !(shape & 2);
    in.has_tier = !(shape & 4);
    in.has_platform = !(shape & 8);
    in.has_category = !(shape & 16);
    for (i = 0; i < in.n; i++) {
        in.cost[i] = fz_u8(&f) < 240 ? fz_nice(&f) : fz_double(&f);
        in.value[i] = fz_u8(&f) < 240 ? fz_nice(&f) : fz_double(&f);
        in.conv[i] = fz_nice(&f);
        in.tier[i] = in.has_tier ? code(&f) : -1;
        in.platform[i] = in.has_platform ? code(&f) : -1;
        in.category[i] = in.has_category ? code(&f) : -1;
    }
    st = fz_status(&env, kol_planner_set_candidates(
                             pl, in.cost, in.has_value ? in.value : NULL,
                             in.has_conv ? in.conv : NULL,
                             in.has_tier ? in.tier : NULL,
                             in.has_platform ? in.platform : NULL,
                             in.has_category ? in.category : NULL, in.n));
    if (st != KOL_STATUS_OK)
        in.n = 0; /* the planner holds no candidate */
    if (!in.has_value)
        memset(in.value, 0, sizeof in.value);
    if (!in.has_conv)
        memset(in.conv, 0, sizeof in.conv);

    /* Audiences: one sketch per candidate from a few ids each. */
    if (in.n > 0 && (shape & 32)) {
        int p = 4 + fz_u8(&f) % 4;
        for (i = 0; i < in.n; i++) {
            uint64_t ids[6];
            size_t k, nid = fz_u8(&f) % 7u;
            if (kol_sketch_new(env.ctx, p, KOL_SKETCH_DEFAULT_SEED,
                               &sk[i]) != KOL_STATUS_OK)
                break;
            nsk++;
            for (k = 0; k < nid; k++)
                ids[k] = fz_u8(&f) % 64u; /* small id space: overlaps */
            (void)kol_sketch_add_ids(sk[i], ids, nid);
        }
        if (nsk == in.n)
            (void)fz_status(&env, kol_planner_set_audiences(
                                      pl, (const kol_sketch *const *)sk,
                                      nsk));
    }

    /* Parameters. */
    in.budget = fz_u8(&f) < 200 ? fz_nice(&f) * 10.0 : fz_double(&f);
    if (fz_status(&env, kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                              in.budget)) != KOL_STATUS_OK)
        in.budget = 0;
    in.objective = fz_code(&f, 3);
    if (fz_status(&env, kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                              in.objective)) !=
        KOL_STATUS_OK)
        in.objective = KOL_PLAN_OBJECTIVE_VALUE;
    (void)fz_status(&env, kol_planner_set_param(pl, KOL_PLAN_PARAM_EXACT_LIMIT,
                                                (double)(fz_u8(&f) % 17u)));
    (void)fz_status(&env, kol_planner_set_param(
                              pl, KOL_PLAN_PARAM_EXACT_LIMIT_REACH,
                              (double)(fz_u8(&f) % 9u)));
    (void)fz_status(&env, kol_planner_set_param(pl, KOL_PLAN_PARAM_ENUM_DEPTH,
                                                (double)(fz_u8(&f) % 5u)));
    /* 1e3, 3e3, 1e4, 3e4 or 1e5: every greedy depth (0 to 3) is still
     * reached (smaller candidate sets go deeper), while a limit of 1e7
     * cost tens of milliseconds per input under the sanitizers. */
    (void)fz_status(&env,
                    kol_planner_set_param(
                        pl, KOL_PLAN_PARAM_WORK_LIMIT,
                        1e3 * pow(10.0, (double)(fz_u8(&f) % 5u) / 2.0)));
    in.reject_report = (double)(fz_u8(&f) % 50u);
    FZ_CHECK(fz_status(&env, kol_planner_set_param(
                                 pl, KOL_PLAN_PARAM_REJECT_REPORT,
                                 in.reject_report)) == KOL_STATUS_OK);
    {
        /* A bad parameter changes nothing. */
        double before = -1, after = -2;
        int param = fz_code(&f, 7);
        if (param != KOL_PLAN_PARAM_WORK_LIMIT &&
            kol_planner_get_param(pl, param, &before) == KOL_STATUS_OK) {
            double v = fz_double(&f);
            if (kol_planner_set_param(pl, param, v) != KOL_STATUS_OK) {
                FZ_CHECK(kol_planner_get_param(pl, param, &after) ==
                         KOL_STATUS_OK);
                FZ_CHECK(after == before);
            } else {
                /* keep the harness limits and our copy in step */
                (void)kol_planner_set_param(pl, param, before);
            }
        }
    }

    /* Constraints and choices. */
    for (i = 0; i < 4; i++) {
        in.tmax[i] = UINT32_MAX;
        in.cmax[i] = UINT32_MAX;
        in.pmax[i] = 1.0;
    }
    {
        int k, nc = fz_u8(&f) % 8;
        for (k = 0; k < nc; k++) {
            uint8_t kind = fz_u8(&f) % 4;
            int32_t g = code(&f);
            if (kind == 0) {
                uint32_t lo = fz_u8(&f) % 4u, hi = fz_u8(&f) % 6u;
                if (fz_u8(&f) > 200)
                    hi = UINT32_MAX;
                st = fz_status(&env,
                               kol_planner_set_tier_limit(pl, g, lo, hi));
                if (st == KOL_STATUS_OK) {
                    in.tmin[g] = lo;
                    in.tmax[g] = hi;
                }
            } else if (kind == 1) {
                double lo = fz_u8(&f) < 220 ? (double)(fz_u8(&f) % 6u) / 10.0
                                            : fz_double(&f);
                double hi = fz_u8(&f) < 220
                                ? 0.3 + (double)(fz_u8(&f) % 8u) / 10.0
                                : fz_double(&f);
                st = fz_status(&env, kol_planner_set_platform_share(pl, g, lo,
                                                                   hi));
                if (st == KOL_STATUS_OK) {
                    in.pmin[g] = lo;
                    in.pmax[g] = hi;
                }
            } else if (kind == 2) {
                uint32_t mx = fz_u8(&f) % 5u;
                st = fz_status(&env, kol_planner_set_category_max(pl, g, mx));
                if (st == KOL_STATUS_OK)
                    in.cmax[g] = mx;
            } else {
                size_t idx = fz_u8(&f) % (MAXC + 2);
                int choice = fz_code(&f, 3);
                st = fz_status(&env,
                               kol_planner_set_choice(pl, idx, choice));
                if (st == KOL_STATUS_OK)
                    in.choice[idx] = choice;
                else
                    FZ_CHECK(idx >= in.n || choice < 0 || choice > 2 ||
                             st == KOL_STATUS_NOMEM);
            }
        }
    }

    st = fz_status(&env, kol_planner_run(pl, &plan));
    if (st == KOL_STATUS_OK) {
        kol_plan *again = NULL;
        FZ_CHECK(plan != NULL);
        check_plan(&in, plan);
        if (kol_planner_run(pl, &again) == KOL_STATUS_OK) {
            FZ_CHECK(same_plan(plan, again));
            kol_plan_free(again);
        }
    } else {
        FZ_CHECK(plan == NULL);
    }

    kol_plan_free(plan);
    kol_planner_free(pl);
    for (i = 0; i < nsk; i++)
        kol_sketch_free(sk[i]);
    fz_env_done(&env);
    return 0;
}
