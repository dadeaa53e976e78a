/* libFuzzer target: the value model and tiering (include/kol/value.h,
 * include/kol/tier.h) over cohorts of records read from the fuzzer's
 * bytes: numeric extremes (2^53, denormals, zeros), every metric missing,
 * one-record cohorts, constant cohorts.
 *
 * Checks:
 *  - kol_value_score_roster(): every output of every record finite, the
 *    ranking a permutation; kol_value_score_columns() on the same cohort:
 *    outputs finite, or untouched on error;
 *  - kol_tiers_classify(), _koc(), _stage(): known codes; the batch
 *    classify_followers() agrees with classify(); kol_tier_by_quantiles()
 *    levels in [0, n_probs] or untouched on error. */
#include "fuzz_common.h"

#define MAXR 24

static double metric_value(fz *f)
{
    uint8_t k = fz_u8(f);
    if (k < 100)
        return (double)fz_u16(f);
    if (k < 140)
        return (double)fz_u8(f) / 255.0;
    if (k < 150)
        return 0.0;
    return fz_double(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const plats[] = {"douyin", "instagram", "xhs",
                                        "youtube"};
    fz f = {data, size};
    fz_env env;
    kol_roster *roster = NULL;
    kol_value_model *model = NULL;
    kol_value_result *res = NULL;
    kol_tiers *tiers = NULL;
    size_t n, i, k;
    uint32_t nm = kol_metric_count();
    static double cols_store[64][MAXR];
    const double *cols[64];
    static double out[MAXR * KOL_VALUE_OUT_COUNT];
    double totals[MAXR], followers[MAXR];
    int32_t levels[MAXR], batch[MAXR];
    char id[16];
    kol_status st;

    if (!fz_env_init(&env, &f))
        return 0;
    if (fz_status(&env, kol_roster_new(env.ctx, &roster)) != KOL_STATUS_OK)
        goto done;

    /* The cohort. A constant cohort when the shape byte says so. */
    {
        uint8_t shape = fz_u8(&f);
        n = fz_u8(&f) % (MAXR + 1);
        for (i = 0; i < n && nm <= 64; i++) {
            kol_record *rec = NULL;
            const uint8_t *mark = f.p;
            size_t left = f.n;
            if (fz_status(&env, kol_record_new(env.ctx, &rec)) !=
                KOL_STATUS_OK)
                break;
            snprintf(id, sizeof id, "k%zu", i);
            (void)kol_record_set_text(rec, KOL_TEXT_ID, id);
            (void)kol_record_set_text(rec, KOL_TEXT_PLATFORM,
                                      plats[fz_u8(&f) % 4]);
            for (k = 0; k < nm; k++)
                if (fz_u8(&f) < 170)
                    (void)kol_record_set_metric(rec, (int)k,
                                                metric_value(&f));
            if (shape & 1) { /* every record reads the same bytes */
                f.p = mark;
                f.n = left;
            }
            if (fz_status(&env, kol_roster_add(roster, rec)) !=
                KOL_STATUS_OK) {
                kol_record_free(rec);
                break;
            }
            kol_record_free(rec);
        }
        if (shape & 1) /* move past the record bytes once */
            for (k = 0; k < 1 + nm * 2 && f.n; k++)
                (void)fz_u8(&f);
    }
    n = kol_roster_size(roster);

    /* Value model. */
    st = fz_status(&env, kol_value_model_new(env.ctx, fz_code(&f, 4),
                                             &model));
    if (st == KOL_STATUS_OK) {
        int p, np = fz_u8(&f) % 4;
        for (p = 0; p < np; p++)
            (void)fz_status(&env, kol_value_model_set_param(
                                      model, fz_code(&f, 12),
                                      fz_u8(&f) < 128 ? fz_nice(&f) / 10.0
                                                      : fz_double(&f)));
        st = fz_status(&env, kol_value_score_roster(model, roster, &res));
        if (st == KOL_STATUS_OK) {
            unsigned char seen[MAXR] = {0};
            FZ_CHECK(kol_value_result_size(res) == n);
            for (i = 0; i < n; i++) {
                int o;
                size_t idx = (size_t)-1;
                for (o = 0; o < KOL_VALUE_OUT_COUNT; o++) {
                    double v = NAN;
                    FZ_CHECK(kol_value_result_get(res, i, o, &v) ==
                             KOL_STATUS_OK);
                    FZ_FINITE(v);
                    if (o == KOL_VALUE_OUT_TOTAL)
                        totals[i] = v;
                }
                FZ_CHECK(kol_value_result_rank(res, i, &idx) ==
                         KOL_STATUS_OK);
                FZ_CHECK(idx < n && !seen[idx]);
                seen[idx] = 1;
                for (o = 0; o < (int)kol_value_model_metric_count(model);
                     o++) {
                    double c = NAN;
                    if (kol_value_result_contribution(res, i, o, &c) ==
                        KOL_STATUS_OK)
                        FZ_FINITE(c);
                }
            }
            kol_value_result_free(res);
            res = NULL;
        } else {
            FZ_CHECK(res == NULL);
            for (i = 0; i < n; i++)
                totals[i] = (double)i;
        }

        /* The same cohort as columns. */
        if (nm <= 64) {
            for (k = 0; k < nm; k++) {
                for (i = 0; i < n; i++) {
                    const kol_record *rec = NULL;
                    double v = NAN;
                    FZ_CHECK(kol_roster_at(roster, i, &rec) ==
                             KOL_STATUS_OK);
                    if (kol_record_get_metric(rec, (int)k, &v) !=
                        KOL_STATUS_OK)
                        v = NAN;
                    cols_store[k][i] = v;
                }
                cols[k] = fz_u8(&f) < 230 ? cols_store[k] : NULL;
            }
            for (i = 0; i < n * KOL_VALUE_OUT_COUNT; i++)
                out[i] = -12345.0;
            st = fz_status(&env, kol_value_score_columns(model, cols, nm, n,
                                                         out, NULL));
            for (i = 0; i < n * KOL_VALUE_OUT_COUNT; i++) {
                if (st == KOL_STATUS_OK)
                    FZ_FINITE(out[i]);
                else if (st != KOL_STATUS_CANCELLED)
                    FZ_CHECK(out[i] == -12345.0);
            }
        }
    } else {
        for (i = 0; i < n; i++)
            totals[i] = (double)i;
    }

    /* Tiers. */
    st = fz_status(&env, kol_tiers_new(env.ctx, fz_code(&f, 2), &tiers));
    if (st == KOL_STATUS_OK) {
        uint32_t nl = kol_tiers_level_count(tiers);
        const char *plat = plats[fz_u8(&f) % 4];
        for (i = 0; i < n; i++) {
            const kol_record *rec = NULL;
            int32_t lv = -9, v = -9, stage = -9;
            FZ_CHECK(kol_roster_at(roster, i, &rec) == KOL_STATUS_OK);
            st = fz_status(&env, kol_tiers_classify(tiers, rec, &lv));
            if (st == KOL_STATUS_OK)
                FZ_CHECK(lv >= 0 && (uint32_t)lv < nl);
            else
                FZ_CHECK(st == KOL_STATUS_MISSING);
            FZ_CHECK(fz_status(&env, kol_tiers_koc(tiers, rec, &v)) ==
                     KOL_STATUS_OK);
            FZ_CHECK(kol_koc_name(v) != NULL);
            FZ_CHECK(fz_status(&env, kol_tiers_stage(tiers, rec, &stage)) ==
                     KOL_STATUS_OK);
            FZ_CHECK(kol_stage_name(stage) != NULL);
            if (kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS,
                                      &followers[i]) != KOL_STATUS_OK)
                followers[i] = NAN;
            levels[i] = lv;
        }
        for (i = 0; i < n; i++)
            batch[i] = -9;
        st = fz_status(&env, kol_tiers_classify_followers(
                                 tiers, plat, followers, n, batch));
        if (st == KOL_STATUS_OK)
            for (i = 0; i < n; i++)
                FZ_CHECK(batch[i] >= -1 && batch[i] < (int32_t)nl);
        (void)levels;
        {
            double probs[4];
            size_t np = fz_u8(&f) % 5u;
            for (k = 0; k < np; k++)
                probs[k] = fz_u8(&f) < 200 ? (double)(k + 1) / (np + 1.0)
                                           : fz_double(&f);
            for (i = 0; i < n; i++)
                batch[i] = -9;
            st = fz_status(&env, kol_tier_by_quantiles(env.ctx, totals, n,
                                                       probs, np, batch));
            for (i = 0; i < n; i++) {
                if (st == KOL_STATUS_OK)
                    FZ_CHECK(batch[i] >= 0 && (size_t)batch[i] <= np);
                else
                    FZ_CHECK(batch[i] == -9);
            }
        }
    }

done:
    kol_tiers_free(tiers);
    kol_value_result_free(res);
    kol_value_model_free(model);
    kol_roster_free(roster);
    fz_env_done(&env);
    return 0;
}
