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
 *    levels in [0, n_probs] or untouched on error;
 *  - then the model's target portrait and stored reference:
 *    kol_value_model_set_target() (the identifier unchanged on error),
 *    kol_value_portrait_match() on a record with a portrait (in [0, 1], or
 *    MISSING only when no dimension is set on both),
 *    kol_value_model_set_reference() / _set_reference_columns() / clearing
 *    (has_reference() and the identifier unchanged on error),
 *    kol_value_score_record() (BAD_STATE exactly when no reference is
 *    stored; outputs finite, or untouched on error) and
 *    kol_value_score_columns() against the stored reference. */
#include "fuzz_common.h"

#define MAXR 24
#define MAXT 6 /* categories of a fuzzed portrait */

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
    int have_cols = 0;

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
            have_cols = 1;
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

    /* Target portrait, portrait match, stored reference, single records
     * and columns against the reference. */
    if (model) {
        static char lab[MAXT][32];
        const char *labels[MAXT];
        double weights[MAXT], o[KOL_VALUE_OUT_COUNT], con[60], v;
        char before[64];
        kol_record *pr = NULL;
        int nd = fz_u8(&f) % 4, d, dims_set = 0, rec_dims = 0, ref_before;
        size_t nc, c, ncon;
        /* the target: up to three dimensions */
        for (d = 0; d < nd; d++) {
            int dim = fz_code(&f, 4);
            nc = fz_u8(&f) % (MAXT + 1);
            for (c = 0; c < nc; c++) {
                labels[c] = fz_text(&f, lab[c], sizeof lab[c]);
                weights[c] = fz_u8(&f) < 200 ? fz_nice(&f) : fz_double(&f);
            }
            snprintf(before, sizeof before, "%s", kol_value_model_id(model));
            st = fz_status(&env, kol_value_model_set_target(
                                     model, dim, labels, weights, nc));
            if (st != KOL_STATUS_OK)
                FZ_CHECK(strcmp(before, kol_value_model_id(model)) == 0);
            else if (nc > 0)
                dims_set |= 1 << dim;
            else
                dims_set &= ~(1 << dim);
        }
        /* a record with a portrait, metrics copied from a roster record */
        if (fz_status(&env, kol_record_new(env.ctx, &pr)) == KOL_STATUS_OK) {
            (void)kol_record_set_text(pr, KOL_TEXT_ID, "portrait");
            if (n > 0) {
                const kol_record *src = NULL;
                FZ_CHECK(kol_roster_at(roster, fz_u8(&f) % n, &src) ==
                         KOL_STATUS_OK);
                for (k = 0; k < nm; k++)
                    if (kol_record_get_metric(src, (int)k, &v) ==
                        KOL_STATUS_OK)
                        (void)kol_record_set_metric(pr, (int)k, v);
            }
            nd = fz_u8(&f) % 4;
            for (d = 0; d < nd; d++) {
                int dim = fz_u8(&f) % 4;
                nc = 1 + fz_u8(&f) % MAXT;
                for (c = 0; c < nc; c++) {
                    labels[c] = fz_text(&f, lab[c], sizeof lab[c]);
                    weights[c] = fz_nice(&f);
                }
                if (kol_record_set_portrait(pr, dim, labels, weights, nc) ==
                    KOL_STATUS_OK)
                    rec_dims |= 1 << dim;
            }
            v = -1.0;
            st = fz_status(&env, kol_value_portrait_match(model, pr, &v));
            if (st == KOL_STATUS_OK) {
                FZ_CHECK(v >= 0.0 && v <= 1.0);
                FZ_CHECK((dims_set & rec_dims) != 0);
            } else {
                FZ_CHECK(st == KOL_STATUS_MISSING);
                FZ_CHECK(v == -1.0);
            }
        }
        /* store a reference from the roster or the columns, or clear it */
        {
            uint8_t how = fz_u8(&f);
            ref_before = kol_value_model_has_reference(model);
            snprintf(before, sizeof before, "%s", kol_value_model_id(model));
            if (how < 110)
                st = fz_status(&env,
                               kol_value_model_set_reference(model, roster));
            else if (how < 220 && have_cols)
                st = fz_status(&env, kol_value_model_set_reference_columns(
                                         model, cols, nm, n));
            else
                st = fz_status(&env,
                               kol_value_model_set_reference(model, NULL));
            if (st == KOL_STATUS_OK) {
                FZ_CHECK(kol_value_model_has_reference(model) ==
                         (how < 110 || (how < 220 && have_cols)));
            } else {
                FZ_CHECK(kol_value_model_has_reference(model) == ref_before);
                FZ_CHECK(strcmp(before, kol_value_model_id(model)) == 0);
                if (n == 0)
                    FZ_CHECK(st == KOL_STATUS_EMPTY ||
                             st == KOL_STATUS_NOMEM);
            }
        }
        /* single records against it */
        for (i = 0; i < 3; i++) {
            const kol_record *rec = NULL;
            int m;
            if (i < 2 && i < n)
                FZ_CHECK(kol_roster_at(roster, i, &rec) == KOL_STATUS_OK);
            else if (i == 2)
                rec = pr;
            if (!rec)
                continue;
            ncon = fz_u8(&f) % 61u;
            for (m = 0; m < KOL_VALUE_OUT_COUNT; m++)
                o[m] = -12345.0;
            for (c = 0; c < 60; c++)
                con[c] = -12345.0;
            st = fz_status(&env, kol_value_score_record(model, rec, o, con,
                                                        ncon));
            if (!kol_value_model_has_reference(model))
                FZ_CHECK(st == KOL_STATUS_BAD_STATE);
            for (m = 0; m < KOL_VALUE_OUT_COUNT; m++) {
                if (st == KOL_STATUS_OK)
                    FZ_FINITE(o[m]);
                else
                    FZ_CHECK(o[m] == -12345.0);
            }
            for (c = 0; c < 60; c++) {
                if (st == KOL_STATUS_OK &&
                    c < ncon && c < kol_value_model_metric_count(model))
                    FZ_FINITE(con[c]);
                else
                    FZ_CHECK(con[c] == -12345.0);
            }
        }
        kol_record_free(pr);
        /* the columns against the stored reference */
        if (have_cols && kol_value_model_has_reference(model)) {
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
    }

done:
    kol_tiers_free(tiers);
    kol_value_result_free(res);
    kol_value_model_free(model);
    kol_roster_free(roster);
    fz_env_done(&env);
    return 0;
}
