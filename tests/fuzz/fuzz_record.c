/* libFuzzer target: KOL records (include/kol/record.h).
 *
 * The input is a program: after the configuration bytes (fuzz_common.h),
 * each operation byte picks a call (text, metric, batch metrics, clear,
 * reads, portrait, portrait lookups, clone, name lookups) whose arguments
 * are read from the following bytes. After every call:
 *  - a failure leaves the record exactly as it was (fingerprint);
 *  - every stored metric is finite and within kol_metric_bounds();
 *  - every portrait share is finite, in [0, 1], and they sum to 1;
 *  - reads agree with what was written (a successful set_metric is read
 *    back bit for bit, a clone fingerprints equal to its source). */
#include "fuzz_common.h"

static void op_portrait(fz_env *e, fz *f, kol_record *rec, uint64_t before)
{
    enum { MAXN = 320, LABELS = 24 };
    static char store[LABELS][FZ_TEXT_CAP];
    static const char *labels[MAXN];
    static double weights[MAXN];
    int dim = fz_code(f, (int)kol_dimension_count());
    uint8_t sel = fz_u8(f);
    size_t n, i;
    kol_status st;

    if (sel < 240) {
        n = sel % (LABELS + 1);
        for (i = 0; i < n; i++) {
            labels[i] = fz_text(f, store[i], sizeof store[i]);
            weights[i] = fz_u8(f) < 200 ? fz_nice(f) : fz_double(f);
        }
    } else {
        /* Many generated categories (up to 300, some repeated). Sizes near
         * KOL_PORTRAIT_MAX_CATEGORIES are left to tests/test_record.c: the
         * duplicate-label check of lib/record.c is quadratic (8 million
         * comparisons at 4096 labels, about 50 ms under the sanitizers),
         * which would slow the fuzzer a hundredfold. */
        static char many[MAXN][8];
        uint8_t dup = fz_u8(f);
        n = 100u + (size_t)fz_u8(f) % 201u;
        for (i = 0; i < n; i++) {
            snprintf(many[i], sizeof many[i], "c%zu",
                     dup < 32 && i == n - 1 ? (size_t)dup : i);
            labels[i] = many[i];
            weights[i] = (double)(i % 7u);
        }
    }
    if (fz_u8(f) < 8) /* NULL arrays */
        st = kol_record_set_portrait(rec, dim, NULL, NULL, n);
    else
        st = kol_record_set_portrait(rec, dim, labels, weights, n);
    fz_status(e, st);
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(fz_record_state(rec) == before);
    } else {
        FZ_CHECK(kol_record_portrait_size(rec, dim) == n);
        for (i = 0; i < n; i++) {
            const char *l = NULL;
            double s = -1;
            FZ_CHECK(kol_record_portrait_at(rec, dim, i, &l, &s) ==
                     KOL_STATUS_OK);
            FZ_CHECK(l && strcmp(l, labels[i]) == 0);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_record *rec = NULL;
    kol_status st;
    char text[FZ_TEXT_CAP];
    int steps = 0;
    uint64_t state;
    const int nmetric = (int)kol_metric_count();

    if (!fz_env_init(&env, &f))
        return 0;
    st = fz_status(&env, kol_record_new(env.ctx, &rec));
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(rec == NULL);
        fz_env_done(&env);
        return 0;
    }

    /* The record's fingerprint, taken once after each call: it is both
     * what the call must not have changed on failure and the state before
     * the next call. */
    state = fz_record_state(rec);
    while (f.n > 0 && steps++ < 96) {
        uint8_t op = fz_u8(&f) % 11;
        uint64_t before = state;
        st = KOL_STATUS_OK;
        switch (op) {
        case 0: { /* set or clear a text field */
            int field = fz_code(&f, 4);
            const char *v = fz_text(&f, text, sizeof text);
            st = fz_status(&env, kol_record_set_text(rec, field, v));
            if (st == KOL_STATUS_OK) {
                const char *got = kol_record_text(rec, field);
                if (v)
                    FZ_CHECK(got && strcmp(got, v) == 0);
                else
                    FZ_CHECK(got == NULL);
            }
            break;
        }
        case 1: { /* set one metric */
            int m = fz_code(&f, nmetric);
            double v = fz_u8(&f) < 128 ? fz_nice(&f) : fz_double(&f);
            st = fz_status(&env, kol_record_set_metric(rec, m, v));
            if (st == KOL_STATUS_OK) {
                double got = -1;
                FZ_CHECK(kol_record_get_metric(rec, m, &got) ==
                         KOL_STATUS_OK);
                FZ_CHECK(memcmp(&got, &v, sizeof v) == 0 || got == v);
            }
            break;
        }
        case 2: { /* set several metrics, all or nothing */
            int32_t codes[12];
            double vals[12];
            size_t n = fz_u8(&f) % 13u, i;
            for (i = 0; i < n; i++) {
                codes[i] = fz_code(&f, nmetric);
                vals[i] = fz_u8(&f) < 160 ? fz_nice(&f) : fz_double(&f);
            }
            st = fz_status(&env, kol_record_set_metrics(
                                     rec, n ? codes : NULL,
                                     n ? vals : NULL, n));
            break;
        }
        case 3: /* clear a metric */
            st = fz_status(&env,
                           kol_record_clear_metric(rec, fz_code(&f, nmetric)));
            break;
        case 4: { /* read one metric */
            int m = fz_code(&f, nmetric);
            double v = 12345.0;
            kol_status g = kol_record_get_metric(rec, m, &v);
            if (g == KOL_STATUS_OK) {
                FZ_FINITE(v);
                FZ_CHECK(kol_record_has_metric(rec, m) == 1);
            } else {
                FZ_CHECK(v == 12345.0);
                FZ_CHECK(kol_record_has_metric(rec, m) == 0);
            }
            break;
        }
        case 5: { /* read several metrics */
            int32_t codes[8];
            double vals[8];
            size_t n = fz_u8(&f) % 9u, i;
            for (i = 0; i < n; i++)
                codes[i] = fz_code(&f, nmetric);
            if (kol_record_get_metrics(rec, codes, vals, n) ==
                KOL_STATUS_OK) {
                for (i = 0; i < n; i++)
                    FZ_CHECK(isnan(vals[i]) ==
                             !kol_record_has_metric(rec, codes[i]));
            }
            break;
        }
        case 6:
            op_portrait(&env, &f, rec, before);
            break;
        case 7: { /* portrait lookups */
            int dim = fz_code(&f, (int)kol_dimension_count());
            size_t idx = fz_u8(&f);
            const char *l = NULL;
            double s = -1;
            if (kol_record_portrait_at(rec, dim, idx, &l, &s) ==
                KOL_STATUS_OK) {
                double s2 = -2;
                FZ_FINITE(s);
                FZ_CHECK(kol_record_portrait_share(rec, dim, l, &s2) ==
                         KOL_STATUS_OK);
                FZ_CHECK(s2 == s);
            }
            s = -1;
            if (kol_record_portrait_share(rec, dim,
                                          fz_text(&f, text, sizeof text),
                                          &s) == KOL_STATUS_OK)
                FZ_CHECK(s >= 0.0 && s <= 1.0);
            break;
        }
        case 8: { /* clone */
            kol_record *copy = NULL;
            st = fz_status(&env, kol_record_clone(rec, &copy));
            if (st == KOL_STATUS_OK) {
                FZ_CHECK(fz_record_state(copy) == before);
                kol_record_free(copy);
            } else {
                FZ_CHECK(copy == NULL);
            }
            break;
        }
        case 9: { /* name lookups */
            const char *name = fz_text(&f, text, sizeof text);
            int32_t code = -5;
            if (kol_metric_from_name(name, &code) == KOL_STATUS_OK) {
                const char *back = kol_metric_name(code);
                FZ_CHECK(back && name && strcmp(back, name) == 0);
            }
            (void)kol_metric_name(fz_code(&f, nmetric));
            (void)kol_text_name(fz_code(&f, 4));
            (void)kol_dimension_name(
                fz_code(&f, (int)kol_dimension_count()));
            break;
        }
        default: { /* bounds of a metric */
            double lo = 1, hi = 0;
            if (kol_metric_bounds(fz_code(&f, nmetric), &lo, &hi) ==
                KOL_STATUS_OK) {
                FZ_FINITE(lo);
                FZ_FINITE(hi);
                FZ_CHECK(lo <= hi);
            }
            break;
        }
        }
        state = fz_record_state(rec);
        /* A failure changes nothing, and neither does a read or a
         * clone. */
        if (st != KOL_STATUS_OK || op == 4 || op == 5 || op >= 7)
            FZ_CHECK(state == before);
        fz_record_validate(rec);
    }

    kol_record_free(rec);
    fz_env_done(&env);
    return 0;
}
