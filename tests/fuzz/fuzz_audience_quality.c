/* libFuzzer target: audience-quality rows (include/kol/audience_quality.h).
 *
 * Input: configuration bytes (fuzz_common.h), parameters, a column list
 * (usually distinct codes, sometimes repeated or unknown), then rows of
 * follower features (NaN, infinities, negatives, fractional flags, huge
 * counts, more digits than characters...). Checks:
 *  - kol_audience_score(): on error the outputs are untouched (sentinels
 *    kept); on success every probability is finite in [0, 1] and every
 *    verdict is a known code, consistent with the threshold;
 *  - kol_audience_real_ratio() on those results: ratio, low and high
 *    finite, 0 <= low <= ratio <= high <= 1, rows used <= rows; EMPTY
 *    leaves the outputs untouched;
 *  - scoring the rows one at a time gives the same results as the batch. */
#include "fuzz_common.h"

#define MAXROWS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_audience *a = NULL;
    int32_t cols[KOL_FOLLOWER_FEATURE_COUNT + 2];
    static double cells[MAXROWS * (KOL_FOLLOWER_FEATURE_COUNT + 2)];
    double prob[MAXROWS], one_prob;
    int32_t verdict[MAXROWS], one_verdict;
    size_t ncol, nrow, i, c;
    kol_status st;
    double threshold = 0.5;

    if (!fz_env_init(&env, &f))
        return 0;
    if (fz_status(&env, kol_audience_new(env.ctx, &a)) != KOL_STATUS_OK) {
        fz_env_done(&env);
        return 0;
    }
    {
        int k, np = fz_u8(&f) % 4;
        for (k = 0; k < np; k++)
            (void)fz_status(&env,
                            kol_audience_set_param(
                                a, fz_code(&f, KOL_AUDIENCE_PARAM_COUNT),
                                fz_u8(&f) < 128 ? (double)fz_u8(&f) / 255.0
                                                : fz_double(&f)));
        FZ_CHECK(kol_audience_get_param(a, KOL_AUDIENCE_PARAM_THRESHOLD,
                                        &threshold) == KOL_STATUS_OK);
    }

    ncol = fz_u8(&f) % (KOL_FOLLOWER_FEATURE_COUNT + 3);
    {
        uint8_t rot = fz_u8(&f);
        for (c = 0; c < ncol; c++)
            cols[c] = rot >= 230 ? fz_code(&f, KOL_FOLLOWER_FEATURE_COUNT)
                                 : (int32_t)((c + rot) %
                                             KOL_FOLLOWER_FEATURE_COUNT);
    }
    nrow = fz_u8(&f) % (MAXROWS + 1);
    for (i = 0; i < nrow; i++)
        for (c = 0; c < ncol; c++) {
            uint8_t k = fz_u8(&f);
            double v;
            if (k < 120)
                v = (double)(k % 2u); /* flags and small counts */
            else if (k < 200)
                v = (double)fz_u16(&f);
            else if (k < 215)
                v = NAN;
            else
                v = fz_double(&f);
            cells[i * ncol + c] = v;
        }
    for (i = 0; i < MAXROWS; i++) {
        prob[i] = -7;
        verdict[i] = -7;
    }

    st = fz_status(&env, kol_audience_score(a, ncol ? cols : NULL, ncol,
                                            ncol ? cells : NULL, nrow, prob,
                                            verdict));
    if (st != KOL_STATUS_OK) {
        for (i = 0; i < nrow; i++)
            FZ_CHECK(prob[i] == -7 && verdict[i] == -7);
    } else {
        for (i = 0; i < nrow; i++) {
            FZ_FINITE(prob[i]);
            FZ_CHECK(prob[i] >= 0.0 && prob[i] <= 1.0);
            FZ_CHECK(verdict[i] >= KOL_AUDIENCE_UNKNOWN &&
                     verdict[i] <= KOL_AUDIENCE_FAKE);
            if (verdict[i] == KOL_AUDIENCE_FAKE)
                FZ_CHECK(prob[i] >= threshold);
            if (verdict[i] == KOL_AUDIENCE_REAL)
                FZ_CHECK(prob[i] < threshold);
            /* Row by row: the same. */
            FZ_CHECK(kol_audience_score(a, ncol ? cols : NULL, ncol,
                                        ncol ? cells + i * ncol : NULL, 1,
                                        &one_prob,
                                        &one_verdict) == KOL_STATUS_OK);
            FZ_CHECK(one_prob == prob[i] && one_verdict == verdict[i]);
        }
        for (c = 0; c < 2; c++) {
            double ratio = -5, lo = -5, hi = -5;
            size_t used = 999;
            st = fz_status(&env, kol_audience_real_ratio(
                                     a, prob, c ? verdict : NULL, nrow,
                                     &ratio, &lo, &hi, &used));
            if (st == KOL_STATUS_OK) {
                FZ_FINITE(ratio);
                FZ_FINITE(lo);
                FZ_FINITE(hi);
                FZ_CHECK(0.0 <= lo && lo <= ratio && ratio <= hi &&
                         hi <= 1.0);
                FZ_CHECK(used >= 1 && used <= nrow);
            } else {
                FZ_CHECK(st == KOL_STATUS_EMPTY);
                FZ_CHECK(ratio == -5 && lo == -5 && hi == -5);
            }
        }
    }
    /* Hostile probabilities and verdicts. */
    if (nrow > 0) {
        for (i = 0; i < nrow; i++) {
            prob[i] = fz_u8(&f) < 200 ? (double)fz_u8(&f) / 255.0
                                      : fz_double(&f);
            verdict[i] = fz_code(&f, 3);
        }
        {
            double ratio = 0, lo = 0, hi = 0;
            size_t used = 0;
            st = fz_status(&env, kol_audience_real_ratio(a, prob, verdict,
                                                         nrow, &ratio, &lo,
                                                         &hi, &used));
            if (st == KOL_STATUS_OK) {
                FZ_FINITE(ratio);
                FZ_CHECK(0.0 <= lo && lo <= ratio && ratio <= hi &&
                         hi <= 1.0);
            }
        }
    }

    kol_audience_free(a);
    fz_env_done(&env);
    return 0;
}
