/* libFuzzer target: engagement sanity (include/kol/sanity.h): parameters,
 * band benchmarks, the per-account check of a record, and the spikes of a
 * daily follower series, all read from the fuzzer's bytes.
 *
 * The input is a program: after the configuration bytes (fuzz_common.h),
 * each operation byte picks a call whose arguments follow. Checks:
 *  - a failed call leaves the rule set exactly as it was (fingerprint of
 *    every parameter and benchmark), and so does every check and series
 *    call (they take it const); a set value reads back bit for bit;
 *  - parameter bounds are finite with min <= default <= max; reasons are
 *    static text for the codes 0 to 9 and NULL outside; the size band of a
 *    count is the documented one, KOL_SIZE_SMALL for negative, NaN and
 *    infinite counts;
 *  - kol_sanity_check(): on success the findings are known codes 1 to 7 in
 *    increasing order, observed and expected values finite, at most
 *    `capacity` written and nothing past them, and the same findings as a
 *    call with room for all; on error nothing is written; MISSING exactly
 *    when the record has none of the pairs a check needs; the record is
 *    unchanged;
 *  - kol_sanity_follower_spikes(): on success every verdict is NONE,
 *    SPIKE or DROP, every z finite (0 where a day cannot be judged: the
 *    first day and days next to a NaN), the spike count matches, and a
 *    second call gives the same bits; on error nothing is written, and
 *    NOT_FINITE / OUT_OF_RANGE only for a series that holds an infinity /
 *    a count outside [0, 2^53].
 * Harness limit, for speed: series of up to 96 days, or up to 1000 days
 * when the baseline window is at most 30 days (the baseline sort is
 * quadratic in the window). */
#include "fuzz_common.h"

#define MAXDAYS 1000
#define NPARAM KOL_SANITY_PARAM_COUNT
#define NBAND KOL_SIZE_BAND_COUNT

static uint64_t rules_state(const kol_sanity *s)
{
    uint64_t h = 0;
    int k;
    for (k = 0; k < NPARAM; k++) {
        double v = NAN;
        FZ_CHECK(kol_sanity_get_param(s, k, &v) == KOL_STATUS_OK);
        FZ_FINITE(v);
        h = fz_hash_double(h, v);
    }
    for (k = 0; k < NBAND; k++) {
        double v = NAN;
        FZ_CHECK(kol_sanity_benchmark(s, k, &v) == KOL_STATUS_OK);
        FZ_FINITE(v);
        FZ_CHECK(v >= 1e-6 && v <= 10.0);
        h = fz_hash_double(h, v);
    }
    return h;
}

/* A count for the record's metrics: mostly plausible, sometimes an edge. */
static double count_value(fz *f)
{
    uint8_t k = fz_u8(f);
    if (k < 64)
        return (double)fz_u16(f);
    if (k < 128)
        return (double)fz_u32(f);
    if (k < 144)
        return 0.0;
    if (k < 160)
        return (double)fz_u8(f) / 16.0;
    return fz_double(f);
}

/* The comments-per-like range of the rule set. */
static void comment_range(const kol_sanity *s, double *cmin, double *cmax)
{
    FZ_CHECK(kol_sanity_get_param(s, KOL_SANITY_PARAM_COMMENT_LIKE_MIN,
                                  cmin) == KOL_STATUS_OK);
    FZ_CHECK(kol_sanity_get_param(s, KOL_SANITY_PARAM_COMMENT_LIKE_MAX,
                                  cmax) == KOL_STATUS_OK);
}

static void op_param(fz_env *e, fz *f, kol_sanity *s)
{
    int param = fz_code(f, NPARAM);
    double v, lo = NAN, hi = NAN, def = NAN, old = NAN, got = NAN;
    uint64_t before = rules_state(s);
    kol_status st;
    int known = kol_sanity_param_bounds(param, &lo, &hi, &def) ==
                KOL_STATUS_OK;
    uint8_t how = fz_u8(f);
    if (known && how < 128) /* within bounds, integral or not */
        v = lo + (hi - lo) * ((double)fz_u8(f) / 255.0);
    else if (known && how < 160)
        v = fz_u8(f) & 1 ? lo : hi;
    else if (known && how < 176) /* just inside or just outside */
        v = nextafter(how & 1 ? lo : hi, how & 2 ? -INFINITY : INFINITY);
    else
        v = fz_double(f);
    (void)kol_sanity_get_param(s, param, &old);
    st = fz_status(e, kol_sanity_set_param(s, param, v));
    if (st == KOL_STATUS_OK) {
        FZ_CHECK(known);
        FZ_CHECK(v >= lo && v <= hi);
        FZ_CHECK(kol_sanity_get_param(s, param, &got) == KOL_STATUS_OK);
        FZ_CHECK(memcmp(&got, &v, sizeof v) == 0 || got == v);
        {
            /* the comments-per-like range is never inside out */
            double cmin, cmax;
            comment_range(s, &cmin, &cmax);
            FZ_CHECK(cmin <= cmax);
        }
    } else {
        FZ_CHECK(rules_state(s) == before);
        if (!known)
            FZ_CHECK(st == KOL_STATUS_UNKNOWN_ENUM);
        else if (isnan(v) || isinf(v))
            FZ_CHECK(st == KOL_STATUS_NOT_FINITE);
        else
            FZ_CHECK(st == KOL_STATUS_OUT_OF_RANGE);
        /* outside the bounds, or a fraction for an integral parameter
         * (lib/internal/param.c: the same status in every module), or
         * the comments-per-like range turned inside out */
        if (st == KOL_STATUS_OUT_OF_RANGE) {
            double cmin, cmax;
            comment_range(s, &cmin, &cmax);
            FZ_CHECK(v < lo || v > hi || v != floor(v) ||
                     (param == KOL_SANITY_PARAM_COMMENT_LIKE_MIN &&
                      v > cmax) ||
                     (param == KOL_SANITY_PARAM_COMMENT_LIKE_MAX &&
                      v < cmin));
        }
        if (known) {
            FZ_CHECK(kol_sanity_get_param(s, param, &got) == KOL_STATUS_OK);
            FZ_CHECK(got == old);
        }
    }
}

static void op_benchmark(fz_env *e, fz *f, kol_sanity *s)
{
    int band = fz_code(f, NBAND);
    uint8_t how = fz_u8(f);
    double v = how < 160   ? 1e-6 + (double)fz_u16(f) / 6553.5
               : how < 192 ? (how & 1 ? 1e-6 : 10.0)
                           : fz_double(f);
    double old = NAN, got = NAN;
    uint64_t before = rules_state(s);
    int known = kol_sanity_benchmark(s, band, &old) == KOL_STATUS_OK;
    kol_status st = fz_status(e, kol_sanity_set_benchmark(s, band, v));
    if (st == KOL_STATUS_OK) {
        FZ_CHECK(known && v >= 1e-6 && v <= 10.0);
        FZ_CHECK(kol_sanity_benchmark(s, band, &got) == KOL_STATUS_OK);
        FZ_CHECK(got == v);
    } else {
        FZ_CHECK(rules_state(s) == before);
        if (!known)
            FZ_CHECK(st == KOL_STATUS_UNKNOWN_ENUM);
        else if (!isfinite(v))
            FZ_CHECK(st == KOL_STATUS_NOT_FINITE);
        else
            FZ_CHECK(st == KOL_STATUS_OUT_OF_RANGE && !(v >= 1e-6 &&
                                                         v <= 10.0));
    }
}

static void op_static(fz *f, const kol_sanity *s)
{
    int code = fz_code(f, 10), param = fz_code(f, NPARAM);
    double x = fz_u8(f) < 128 ? (double)fz_u32(f) : fz_double(f);
    double lo = NAN, hi = NAN, def = NAN, v = NAN;
    int32_t band = kol_size_band_of(x);
    const char *r = kol_sanity_reason(code);
    FZ_CHECK((r != NULL) == (code >= 0 && code <= 9));
    if (r)
        FZ_CHECK(r[0] != '\0');
    FZ_CHECK(band >= 0 && band < NBAND);
    if (!(x >= 0) || isinf(x)) {
        FZ_CHECK(band == KOL_SIZE_SMALL);
    } else {
        static const double floors[NBAND] = {0, 1000, 5000, 20000, 100000,
                                             1000000};
        FZ_CHECK(x >= floors[band]);
        if (band + 1 < NBAND)
            FZ_CHECK(x < floors[band + 1]);
    }
    if (kol_sanity_param_bounds(param, &lo, &hi, &def) == KOL_STATUS_OK) {
        FZ_FINITE(lo);
        FZ_FINITE(hi);
        FZ_FINITE(def);
        FZ_CHECK(lo <= def && def <= hi);
        FZ_CHECK(kol_sanity_get_param(s, param, &v) == KOL_STATUS_OK);
        FZ_CHECK(v >= lo && v <= hi);
        FZ_CHECK(kol_sanity_param_bounds(param, NULL, NULL, NULL) ==
                 KOL_STATUS_OK);
    } else {
        FZ_CHECK(param < 0 || param >= NPARAM);
        FZ_CHECK(isnan(lo) && isnan(hi) && isnan(def));
        FZ_CHECK(kol_sanity_get_param(s, param, &v) ==
                 KOL_STATUS_UNKNOWN_ENUM);
        FZ_CHECK(isnan(v));
    }
}

/* Whether the record holds a pair of metrics some check reads. */
static int any_check(const kol_record *rec)
{
    double fol = 0;
    int has_f = kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &fol) ==
                KOL_STATUS_OK;
    int has_g = kol_record_has_metric(rec, KOL_METRIC_FOLLOWING);
    int has_v = kol_record_has_metric(rec, KOL_METRIC_AVG_VIEWS);
    int has_l = kol_record_has_metric(rec, KOL_METRIC_AVG_LIKES);
    int has_c = kol_record_has_metric(rec, KOL_METRIC_AVG_COMMENTS);
    return (has_f && fol > 0 && has_l) || (has_l && has_v) ||
           (has_l && has_c) || (has_v && has_f && fol >= 1000) ||
           (has_g && has_f);
}

static void op_check(fz_env *e, fz *f, const kol_sanity *s, kol_record *rec,
                     char *text)
{
    static const int metrics[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_FOLLOWING,
                                  KOL_METRIC_AVG_VIEWS, KOL_METRIC_AVG_LIKES,
                                  KOL_METRIC_AVG_COMMENTS};
    int32_t verdicts[12], all_v[12];
    double observed[12], expected[12], all_o[12], all_e[12];
    size_t cap, count = 999, all = 999, i;
    uint8_t mask = fz_u8(f), outs = fz_u8(f);
    uint64_t rules = rules_state(s), rec_before;
    kol_status st;
    int k;

    /* Change the record: each of the five metrics set, cleared, or left;
     * sometimes another metric or the id. */
    for (k = 0; k < 5; k++) {
        int what = (mask >> (k % 4 * 2)) & 3;
        if (k == 4)
            what = mask & 1 ? 1 : (mask & 128 ? 2 : 0);
        if (what == 1)
            (void)kol_record_set_metric(rec, metrics[k], count_value(f));
        else if (what == 2)
            (void)kol_record_clear_metric(rec, metrics[k]);
    }
    if (fz_u8(f) >= 224)
        (void)kol_record_set_metric(rec,
                                    fz_code(f, (int)kol_metric_count()),
                                    count_value(f));
    if (fz_u8(f) >= 240)
        (void)kol_record_set_text(rec, KOL_TEXT_ID,
                                  fz_text(f, text, FZ_TEXT_CAP));
    rec_before = fz_record_state(rec);

    cap = fz_u8(f) % 11u;
    for (i = 0; i < 12; i++) {
        verdicts[i] = -7;
        observed[i] = expected[i] = -7.5;
    }
    st = fz_status(e, kol_sanity_check(
                          s, rec, cap || !(outs & 1) ? verdicts : NULL,
                          outs & 2 ? NULL : observed,
                          outs & 4 ? NULL : expected, cap, &count));
    FZ_CHECK(fz_record_state(rec) == rec_before);
    FZ_CHECK(rules_state(s) == rules);
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(st == KOL_STATUS_MISSING);
        FZ_CHECK(!any_check(rec));
        FZ_CHECK(count == 999);
        for (i = 0; i < 12; i++)
            FZ_CHECK(verdicts[i] == -7 && observed[i] == -7.5 &&
                     expected[i] == -7.5);
        return;
    }
    FZ_CHECK(any_check(rec));
    FZ_CHECK(count <= 7);
    /* Room for all: the same findings, and their values. */
    FZ_CHECK(kol_sanity_check(s, rec, all_v, all_o, all_e, 12, &all) ==
             KOL_STATUS_OK);
    FZ_CHECK(all == count);
    for (i = 0; i < all; i++) {
        FZ_CHECK(all_v[i] >= KOL_SANITY_ENGAGEMENT_TOO_LOW &&
                 all_v[i] <= KOL_SANITY_FOLLOWING_TOO_HIGH);
        if (i > 0)
            FZ_CHECK(all_v[i] > all_v[i - 1]);
        FZ_CHECK(kol_sanity_reason(all_v[i]) != NULL);
        FZ_FINITE(all_o[i]);
        FZ_FINITE(all_e[i]);
        FZ_CHECK(all_e[i] >= 0.0);
    }
    for (i = 0; i < 12; i++) {
        int written = i < count && i < cap;
        if (cap || !(outs & 1))
            FZ_CHECK(written ? verdicts[i] == all_v[i] : verdicts[i] == -7);
        if (!(outs & 2))
            FZ_CHECK(written ? observed[i] == all_o[i]
                             : observed[i] == -7.5);
        if (!(outs & 4))
            FZ_CHECK(written ? expected[i] == all_e[i]
                             : expected[i] == -7.5);
    }
}

static void op_spikes(fz_env *e, fz *f, const kol_sanity *s)
{
    static double days[MAXDAYS], z[MAXDAYS], z2[MAXDAYS];
    static int32_t verdicts[MAXDAYS], v2[MAXDAYS];
    uint8_t shape = fz_u8(f), outs = fz_u8(f);
    size_t n, i, spikes = 999, again = 999, flagged = 0;
    double level, window = 0;
    int has_inf = 0, has_out = 0;
    uint64_t rules = rules_state(s);
    kol_status st;

    FZ_CHECK(kol_sanity_get_param(s, KOL_SANITY_PARAM_SPIKE_WINDOW,
                                  &window) == KOL_STATUS_OK);
    n = (shape & 0xe0) == 0xe0 && window <= 30.0 ? fz_u16(f) % (MAXDAYS + 1)
                                                 : fz_u8(f) % 97u;
    /* A level plus daily steps: steady growth, a spike, a drop, a gap
     * (NaN), or an edge value from the bytes. */
    level = shape & 1 ? (double)fz_u32(f) : (double)fz_u16(f);
    for (i = 0; i < n; i++) {
        uint8_t k = f->n ? fz_u8(f) : (uint8_t)(i * 37u);
        if (k < 150)
            level += (double)(k % 16u);
        else if (k < 180)
            level += (double)fz_u16(f);
        else if (k < 200)
            level -= (double)fz_u16(f);
        else if (k < 215)
            level = (double)fz_u32(f) * 1024.0;
        if (k >= 215 && k < 230) {
            days[i] = NAN;
            continue;
        }
        if (k >= 230) {
            days[i] = fz_double(f);
        } else {
            days[i] = level;
        }
        if (isinf(days[i]))
            has_inf = 1;
        else if (!isnan(days[i]) &&
                 (days[i] < 0 || days[i] > 9007199254740992.0))
            has_out = 1;
    }
    for (i = 0; i < MAXDAYS; i++) {
        verdicts[i] = -7;
        z[i] = -7.5;
    }
    st = fz_status(e, kol_sanity_follower_spikes(
                          s, n || !(outs & 8) ? days : NULL, n,
                          n || !(outs & 16) ? verdicts : NULL,
                          outs & 1 ? NULL : z, outs & 2 ? NULL : &spikes));
    FZ_CHECK(rules_state(s) == rules);
    if (st != KOL_STATUS_OK) {
        if (st == KOL_STATUS_NOT_FINITE)
            FZ_CHECK(has_inf);
        else if (st == KOL_STATUS_OUT_OF_RANGE)
            FZ_CHECK(has_out);
        else
            FZ_CHECK(st == KOL_STATUS_NOMEM);
        FZ_CHECK(spikes == 999);
        for (i = 0; i < MAXDAYS && i < n + 4; i++)
            FZ_CHECK(verdicts[i] == -7 && z[i] == -7.5);
        return;
    }
    FZ_CHECK(!has_inf && !has_out);
    for (i = 0; i < n; i++) {
        FZ_CHECK(verdicts[i] == KOL_SANITY_NONE ||
                 verdicts[i] == KOL_SANITY_FOLLOWER_SPIKE ||
                 verdicts[i] == KOL_SANITY_FOLLOWER_DROP);
        flagged += verdicts[i] != KOL_SANITY_NONE;
        if (!(outs & 1)) {
            FZ_FINITE(z[i]);
            if (i == 0 || isnan(days[i]) || isnan(days[i - 1]))
                FZ_CHECK(z[i] == 0.0 && verdicts[i] == KOL_SANITY_NONE);
            if (verdicts[i] == KOL_SANITY_FOLLOWER_SPIKE)
                FZ_CHECK(z[i] > 0.0);
            if (verdicts[i] == KOL_SANITY_FOLLOWER_DROP)
                FZ_CHECK(z[i] < 0.0);
        }
    }
    for (i = n; i < n + 4 && i < MAXDAYS; i++)
        FZ_CHECK(verdicts[i] == -7 && z[i] == -7.5);
    if (!(outs & 2))
        FZ_CHECK(spikes == flagged);
    /* Determinism: the same bits again. */
    if (n > 0 && kol_sanity_follower_spikes(s, days, n, v2, z2, &again) ==
                     KOL_STATUS_OK) {
        FZ_CHECK(again == flagged);
        FZ_CHECK(memcmp(v2, verdicts, n * sizeof v2[0]) == 0);
        if (!(outs & 1))
            FZ_CHECK(memcmp(z2, z, n * sizeof z2[0]) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_sanity *s = NULL;
    kol_record *rec = NULL;
    kol_status st;
    char text[FZ_TEXT_CAP];
    int steps = 0;

    if (!fz_env_init(&env, &f))
        return 0;
    st = fz_status(&env, kol_sanity_new(env.ctx, &s));
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(s == NULL);
        fz_env_done(&env);
        return 0;
    }
    {
        /* Defaults: the documented ones. */
        int k;
        for (k = 0; k < NPARAM; k++) {
            double v = NAN, def = NAN;
            FZ_CHECK(kol_sanity_param_bounds(k, NULL, NULL, &def) ==
                     KOL_STATUS_OK);
            FZ_CHECK(kol_sanity_get_param(s, k, &v) == KOL_STATUS_OK);
            FZ_CHECK(v == def);
        }
    }
    if (kol_record_new(env.ctx, &rec) != KOL_STATUS_OK) {
        kol_sanity_free(s);
        fz_env_done(&env);
        return 0;
    }

    while (f.n > 0 && steps++ < 48) {
        uint8_t op = fz_u8(&f) % 8;
        switch (op) {
        case 0:
        case 1:
            op_param(&env, &f, s);
            break;
        case 2:
            op_benchmark(&env, &f, s);
            break;
        case 3:
            op_static(&f, s);
            break;
        case 4:
        case 5:
            op_check(&env, &f, s, rec, text);
            break;
        case 6:
            op_spikes(&env, &f, s);
            break;
        default: { /* bad arguments: refused, nothing written */
            int32_t v = -7;
            double d = -7.5;
            size_t count = 999;
            uint64_t before = rules_state(s);
            uint8_t which = fz_u8(&f) % 5;
            if (which == 0)
                st = kol_sanity_check(s, NULL, &v, &d, &d, 1, &count);
            else if (which == 1)
                st = kol_sanity_check(s, rec, &v, &d, &d, 1, NULL);
            else if (which == 2)
                st = kol_sanity_check(s, rec, NULL, &d, &d, 1, &count);
            else if (which == 3)
                st = kol_sanity_follower_spikes(s, NULL, 3, &v, &d, &count);
            else
                st = kol_sanity_follower_spikes(s, &d, 1, NULL, &d, &count);
            FZ_CHECK(fz_status(&env, st) == KOL_STATUS_INVALID_ARGUMENT);
            FZ_CHECK(v == -7 && d == -7.5 && count == 999);
            FZ_CHECK(rules_state(s) == before);
            FZ_CHECK(kol_sanity_set_param(NULL, 0, 1.0) ==
                     KOL_STATUS_INVALID_ARGUMENT);
            FZ_CHECK(kol_sanity_get_param(s, 0, NULL) ==
                     KOL_STATUS_INVALID_ARGUMENT);
            FZ_CHECK(kol_sanity_benchmark(s, 0, NULL) ==
                     KOL_STATUS_INVALID_ARGUMENT);
            break;
        }
        }
    }

    kol_record_free(rec);
    kol_sanity_free(s);
    fz_env_done(&env);
    return 0;
}
