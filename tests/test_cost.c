/* Tests of the cost history (include/kol/cost.h): the worked quote of
 * docs/model-roi.md, the DDSketch error guarantee, merging two histories
 * against one built from all their deliveries, the byte format under
 * hostile input, the bad-input table, many cells added in any order
 * against the same cells in key order, the allocation-failure loop and a
 * sanity run on real ad-exchange CPMs (NAB realAdExchange). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

#include "testalloc.h"

static uint8_t *ser(const kol_cost_history *h, size_t *n)
{
    uint8_t *b;
    assert_int_equal(kol_cost_history_serialize(h, NULL, 0, n), KOL_STATUS_OK);
    b = malloc(*n);
    assert_non_null(b);
    assert_int_equal(kol_cost_history_serialize(h, b, *n, n), KOL_STATUS_OK);
    return b;
}

static void assert_same_bytes(const kol_cost_history *a,
                              const kol_cost_history *b)
{
    size_t na, nb;
    uint8_t *ba = ser(a, &na), *bb = ser(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ba, bb, na);
    free(ba);
    free(bb);
}

/* ---- worked example -------------------------------------------------- */

static void test_worked_quote(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL;
    double pct, lo, mid, hi, q;
    int32_t basis = -1;
    char buf[128];
    static const double cpm[4] = {16, 20, 25, 40};
    int i;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    for (i = 0; i < 4; i++)
        assert_int_equal(kol_cost_history_add(h, "douyin", "waist", "beauty",
                                              cpm[i] * 10, 10000, 0, 0),
                         KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_cells(h), 1);
    assert_int_equal(kol_cost_history_quote(h, "douyin", "waist", "beauty", 500,
                                            20000, 0.25, 0.75, &pct, &lo, &mid,
                                            &hi, &basis),
                     KOL_STATUS_OK);
    assert_int_equal(basis, KOL_COST_BASIS_CPM);
    snprintf(buf, sizeof buf, "%.6f %.6f %.6f %.6f", pct, lo, mid, hi);
    assert_string_equal(buf, "0.625000 378.300054 446.671690 571.707482");
    /* The bucket representatives quoted in the docs: at q = 1/3, rank
     * 1 exactly (1/3 * 3 is 1 in double), no interpolation. */
    assert_int_equal(kol_cost_history_quantile(h, "douyin", "waist", "beauty",
                                               KOL_COST_MEASURE_CPM, 1.0 / 3.0,
                                               &q),
                     KOL_STATUS_OK);
    snprintf(buf, sizeof buf, "%.6f", q);
    assert_string_equal(buf, "19.886670");
    assert_true(fabs(q - 20) <= 0.01 * 20);
    /* The median: halfway between ranks 1 and 2, within 1% of the exact
     * (20 + 25) / 2. */
    assert_int_equal(kol_cost_history_quantile(h, "douyin", "waist", "beauty",
                                               KOL_COST_MEASURE_CPM, 0.5, &q),
                     KOL_STATUS_OK);
    snprintf(buf, sizeof buf, "%.6f", q);
    assert_string_equal(buf, "22.333585");
    assert_true(fabs(q - 22.5) <= 0.01 * 22.5);
    /* Pooled over categories (only one here) gives the same. */
    assert_int_equal(kol_cost_history_quote(h, "douyin", "waist", NULL, 500,
                                            20000, 0.25, 0.75, &pct, &lo, &mid,
                                            &hi, &basis),
                     KOL_STATUS_OK);
    snprintf(buf, sizeof buf, "%.6f %.6f %.6f %.6f", pct, lo, mid, hi);
    assert_string_equal(buf, "0.625000 378.300054 446.671690 571.707482");
    /* No exposure: price basis (prices 160, 200, 250, 400). */
    assert_int_equal(kol_cost_history_quote(h, "douyin", "waist", "beauty", 500,
                                            0, 0.25, 0.75, &pct, &lo, &mid, &hi,
                                            &basis),
                     KOL_STATUS_OK);
    assert_int_equal(basis, KOL_COST_BASIS_PRICE);
    assert_true(pct == 1.0);
    /* Within 1% of numpy's quantiles of the exact prices: 190, 225,
     * 287.5 (the top rank clamped to the exact maximum, 400). */
    assert_true(fabs(lo - 190) <= 1.9 && fabs(mid - 225) <= 2.25 &&
                fabs(hi - 287.5) <= 2.875);
    kol_cost_history_free(h);
    kol_ctx_free(ctx);
}

/* ---- merge property and error guarantee -------------------------------- */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

static double unif(uint64_t *s)
{
    return ((double)lcg(s) + 0.5) / 9007199254740992.0;
}

struct past {
    const char *p, *t, *c;
    double cost, expo, eng, ord;
};

static const char *const P[3] = {"douyin", "instagram", "xiaohongshu"};
static const char *const T[3] = {"head", "waist", "koc"};
static const char *const C[3] = {"beauty", "food", ""};

static void make_past(struct past *x, size_t n, uint64_t seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double u = unif(&seed);
        x[i].p = P[lcg(&seed) % 3];
        x[i].t = T[lcg(&seed) % 3];
        x[i].c = C[lcg(&seed) % 3];
        /* Log-normal-ish prices over four decades, some zero. */
        x[i].cost = lcg(&seed) % 50 == 0 ? 0 : floor(exp(4 + 8 * u));
        x[i].expo = lcg(&seed) % 10 == 0 ? 0 : floor(exp(7 + 7 * unif(&seed)));
        x[i].eng = floor(x[i].expo * 0.05 * unif(&seed));
        x[i].ord = floor(x[i].eng * 0.02 * unif(&seed));
    }
}

static void add_past(kol_cost_history *h, const struct past *x, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        assert_int_equal(kol_cost_history_add(h, x[i].p, x[i].t, x[i].c,
                                               x[i].cost, x[i].expo, x[i].eng,
                                               x[i].ord),
                         KOL_STATUS_OK);
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Exact values of a measure for a (platform, tier, category|NULL). */
static size_t exact_values(const struct past *x, size_t n, const char *p,
                           const char *t, const char *c, int m, double *out)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        if (strcmp(x[i].p, p) || strcmp(x[i].t, t) || (c && strcmp(x[i].c, c)))
            continue;
        switch (m) {
        case KOL_COST_MEASURE_CPM:
            if (x[i].expo > 0)
                out[k++] = 1000.0 * x[i].cost / x[i].expo;
            break;
        case KOL_COST_MEASURE_CPE:
            if (x[i].eng > 0)
                out[k++] = x[i].cost / x[i].eng;
            break;
        case KOL_COST_MEASURE_CPA:
            if (x[i].ord > 0)
                out[k++] = x[i].cost / x[i].ord;
            break;
        default:
            out[k++] = x[i].cost;
        }
    }
    qsort(out, k, sizeof *out, dcmp);
    return k;
}

/* The exact quantile of level q of the sorted v[0..k) as the library
 * defines it (linear interpolation between the order statistics of ranks
 * floor(q (k - 1)) and the next; numpy's default), and the error the
 * guarantee allows its estimate: alpha times each of the two values (or
 * KOL_COST_MIN_VALUE for one in the zero bucket), interpolated the same
 * way, plus rounding. */
static double exact_quantile(const double *v, size_t k, double q,
                             double alpha, double *bound)
{
    double r = q * (double)(k - 1), r0 = floor(r), f = r - r0;
    size_t i = (size_t)r0;
    double b0 = v[i] < KOL_COST_MIN_VALUE ? KOL_COST_MIN_VALUE
                                          : alpha * v[i];
    if (f == 0.0 || i + 1 >= k) {
        *bound = b0 * (1 + 1e-12);
        return v[i];
    }
    *bound = ((1 - f) * b0 +
              f * (v[i + 1] < KOL_COST_MIN_VALUE ? KOL_COST_MIN_VALUE
                                                 : alpha * v[i + 1])) *
                 (1 + 1e-12) +
             1e-15 * v[i + 1];
    return v[i] + f * (v[i + 1] - v[i]);
}

/* Every quantile level 0, 0.01, ..., 1 within the documented error. */
static void check_guarantee(const kol_cost_history *h, const struct past *x,
                            size_t n, double alpha, double *scratch)
{
    int pi, ti, ci, m, qi;
    for (pi = 0; pi < 3; pi++)
        for (ti = 0; ti < 3; ti++)
            for (ci = 0; ci <= 3; ci++)
                for (m = 0; m < 4; m++) {
                    const char *c = ci < 3 ? C[ci] : NULL;
                    size_t k = exact_values(x, n, P[pi], T[ti], c, m, scratch);
                    uint64_t cnt = 99;
                    assert_int_equal(kol_cost_history_count(h, P[pi], T[ti], c,
                                                            m, &cnt),
                                     KOL_STATUS_OK);
                    assert_int_equal(cnt, k);
                    for (qi = 0; qi <= 100; qi++) {
                        double q = qi / 100.0, est = -1, truth, bound;
                        kol_status st = kol_cost_history_quantile(
                            h, P[pi], T[ti], c, m, q, &est);
                        if (k == 0) {
                            assert_int_equal(st, KOL_STATUS_EMPTY);
                            continue;
                        }
                        assert_int_equal(st, KOL_STATUS_OK);
                        truth = exact_quantile(scratch, k, q, alpha, &bound);
                        if (!(fabs(est - truth) <= bound))
                            fail_msg("%s/%s/%s m%d q%.2f: %.17g vs %.17g",
                                     P[pi], T[ti], c ? c : "*", m, q, est,
                                     truth);
                    }
                }
}

#define MERGE_N 3000

/* Negative zero: a -0.0 cost (accepted: it is not below 0) is stored as
 * +0.0, so merging histories that saw -0.0 and +0.0 gives the same bytes
 * in either order; bytes carrying a negative-zero min are refused
 * (tests/fuzz/regressions/fuzz_cost/merge-negative-zero). */
static void test_negative_zero(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *a = NULL, *b = NULL, *ab = NULL, *ba = NULL;
    uint8_t b1[4096], b2[4096];
    size_t n1 = 0, n2 = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &a), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &b), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(a, "douyin", "waist", "beauty",
                                          -0.0, 1000, 10, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(b, "douyin", "waist", "beauty",
                                          0.0, 1000, 10, 1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_serialize(a, b1, sizeof b1, &n1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_serialize(b, b2, sizeof b2, &n2),
                     KOL_STATUS_OK);
    assert_true(n1 == n2 && memcmp(b1, b2, n1) == 0);
    assert_int_equal(kol_cost_history_deserialize(ctx, b1, n1, &ab),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_deserialize(ctx, b2, n2, &ba),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_merge(ab, b), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_merge(ba, a), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_serialize(ab, b1, sizeof b1, &n1),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_serialize(ba, b2, sizeof b2, &n2),
                     KOL_STATUS_OK);
    assert_true(n1 == n2 && memcmp(b1, b2, n1) == 0);
    kol_cost_history_free(a);
    kol_cost_history_free(b);
    kol_cost_history_free(ab);
    kol_cost_history_free(ba);
    kol_ctx_free(ctx);
}

static void test_merge_equals_all(void **state)
{
    static struct past x[MERGE_N];
    static double scratch[MERGE_N];
    kol_ctx *ctx = NULL;
    kol_cost_history *all = NULL, *a = NULL, *b = NULL, *rev = NULL;
    size_t i;
    uint64_t s = 77;
    double alphas[2] = {0.01, 0.002};
    int ai;
    (void)state;
    make_past(x, MERGE_N, 12345);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (ai = 0; ai < 2; ai++) {
        double alpha = alphas[ai];
        assert_int_equal(kol_cost_history_new(ctx, alpha, &all), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_new(ctx, alpha, &a), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_new(ctx, alpha, &b), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_new(ctx, alpha, &rev), KOL_STATUS_OK);
        add_past(all, x, MERGE_N);
        for (i = 0; i < MERGE_N; i++)
            add_past(lcg(&s) % 3 ? a : b, &x[i], 1);
        for (i = MERGE_N; i-- > 0;)
            add_past(rev, &x[i], 1);
        /* Order of deliveries does not matter. */
        assert_same_bytes(all, rev);
        /* The guarantee on the one built from all, and on the merge. */
        check_guarantee(all, x, MERGE_N, alpha, scratch);
        assert_int_equal(kol_cost_history_merge(a, b), KOL_STATUS_OK);
        assert_same_bytes(all, a);
        check_guarantee(a, x, MERGE_N, alpha, scratch);
        /* Merging into an empty history, and an empty one into it. */
        kol_cost_history_free(rev);
        assert_int_equal(kol_cost_history_new(ctx, alpha, &rev), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_merge(a, rev), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_merge(rev, a), KOL_STATUS_OK);
        assert_same_bytes(all, rev);
        kol_cost_history_free(all);
        kol_cost_history_free(a);
        kol_cost_history_free(b);
        kol_cost_history_free(rev);
    }
    kol_ctx_free(ctx);
}

/* ---- byte format -------------------------------------------------------- */

struct w {
    uint8_t b[4096];
    size_t n;
};

static void w_u(struct w *w, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++)
        w->b[w->n++] = (uint8_t)(v >> (8 * i));
}

static void w_f(struct w *w, double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    w_u(w, u, 8);
}

static void w_s(struct w *w, const char *s)
{
    size_t l = strlen(s);
    w_u(w, l, 4);
    memcpy(w->b + w->n, s, l);
    w->n += l;
}

static void w_head(struct w *w, uint32_t version, uint32_t flags, double alpha,
                   uint32_t ncells)
{
    w->n = 0;
    memcpy(w->b, "KOLCOSTH", 8);
    w->n = 8;
    w_u(w, version, 4);
    w_u(w, flags, 4);
    w_f(w, alpha);
    w_u(w, ncells, 4);
}

static void w_empty_sketch(struct w *w)
{
    w_u(w, 0, 8);
    w_u(w, 0, 8);
    w_f(w, 0);
    w_f(w, 0);
    w_u(w, 0, 4);
    w_u(w, 0, 4);
}

/* A sketch with one bucket. */
static void w_sketch1(struct w *w, uint64_t n, uint64_t zero, double mn,
                      double mx, int32_t lo, uint64_t count)
{
    w_u(w, n, 8);
    w_u(w, zero, 8);
    w_f(w, mn);
    w_f(w, mx);
    w_u(w, (uint32_t)lo, 4);
    w_u(w, 1, 4);
    w_u(w, count, 8);
}

/* A sketch with cnt buckets from lo. */
static void w_sketchk(struct w *w, uint64_t n, uint64_t zero, double mn,
                      double mx, int32_t lo, uint32_t cnt,
                      const uint64_t *counts)
{
    uint32_t k;
    w_u(w, n, 8);
    w_u(w, zero, 8);
    w_f(w, mn);
    w_f(w, mx);
    w_u(w, (uint32_t)lo, 4);
    w_u(w, cnt, 4);
    for (k = 0; k < cnt; k++)
        w_u(w, counts[k], 8);
}

/* Bucket index of x at alpha 0.01, as the library computes it. */
static int32_t idx01(double x)
{
    return (int32_t)ceil(log(x) / log(1.01 / 0.99));
}

static void w_cell(struct w *w, const char *p, const char *t, const char *c)
{
    int m;
    w_s(w, p);
    w_s(w, t);
    w_s(w, c);
    for (m = 0; m < 4; m++)
        w_empty_sketch(w);
}

static void w_end(struct w *w)
{
    uint64_t h = XXH3_64bits_withSeed(w->b, w->n, 0x4B4F4C434F535448u);
    w_u(w, h, 8);
}

static void expect_bad(kol_ctx *ctx, const struct w *w, kol_status want,
                       const char *msg)
{
    kol_cost_history *h = (kol_cost_history *)1;
    assert_status(ctx, kol_cost_history_deserialize(ctx, w->b, w->n, &h), want);
    assert_null(h);
    assert_last_error(ctx, want, msg);
}

static void test_bytes(void **state)
{
    static struct past x[200];
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL, *back = NULL;
    uint8_t *b, *c;
    size_t n, i, bad = 0;
    struct w w;
    (void)state;
    make_past(x, 200, 9);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    add_past(h, x, 200);
    b = ser(h, &n);
    /* Round trip. */
    assert_int_equal(kol_cost_history_deserialize(ctx, b, n, &back),
                     KOL_STATUS_OK);
    assert_same_bytes(h, back);
    assert_int_equal(kol_cost_history_cells(back), kol_cost_history_cells(h));
    kol_cost_history_free(back);
    free(b);
    /* The damage loops below run on a small history (12 deliveries). */
    kol_cost_history_free(h);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    add_past(h, x, 12);
    b = ser(h, &n);
    /* Too small a buffer. */
    {
        size_t need = 0;
        assert_status(ctx, kol_cost_history_serialize(h, b, n - 1, &need),
                      KOL_STATUS_TOO_LARGE);
        assert_int_equal(need, n);
    }
    /* Every truncation. */
    for (i = 0; i < n; i++) {
        back = (kol_cost_history *)1;
        assert_int_equal(kol_cost_history_deserialize(ctx, b, i, &back),
                         KOL_STATUS_CORRUPT);
        assert_null(back);
    }
    /* Every single-bit flip in every byte is refused. */
    c = malloc(n);
    for (i = 0; i < n; i++) {
        int bit;
        for (bit = 0; bit < 8; bit += 3) {
            kol_status st;
            memcpy(c, b, n);
            c[i] ^= (uint8_t)(1u << bit);
            back = NULL;
            st = kol_cost_history_deserialize(ctx, c, n, &back);
            assert_true(st == KOL_STATUS_CORRUPT || st == KOL_STATUS_VERSION);
            assert_null(back);
            bad++;
        }
    }
    assert_true(bad > 0);
    free(c);
    free(b);

    /* Crafted bytes with a valid checksum. */
    w_head(&w, 2, 0, 0.01, 0);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_VERSION, "version");
    w_head(&w, 1, 1, 0.01, 0);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "flags");
    w_head(&w, 1, 0, 0.5, 0);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "alpha");
    w_head(&w, 1, 0, NAN, 0);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "alpha");
    w_head(&w, 1, 0, 0.01, 0xFFFFFFFFu);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "cells");
    /* Duplicate and out-of-order cells. */
    w_head(&w, 1, 0, 0.01, 2);
    w_cell(&w, "douyin", "head", "");
    w_cell(&w, "douyin", "head", "");
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "order");
    w_head(&w, 1, 0, 0.01, 2);
    w_cell(&w, "douyin", "waist", "");
    w_cell(&w, "douyin", "head", "");
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "order");
    /* Bad labels. */
    w_head(&w, 1, 0, 0.01, 1);
    w_cell(&w, "", "head", "");
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "label");
    w_head(&w, 1, 0, 0.01, 1);
    w_cell(&w, "dou\x01yin", "head", "");
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "label");
    w_head(&w, 1, 0, 0.01, 1);
    w_s(&w, "douyin");
    w_u(&w, 3, 4);
    memcpy(w.b + w.n, "a\0b", 3);
    w.n += 3;
    w_s(&w, "");
    for (i = 0; i < 4; i++)
        w_empty_sketch(&w);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "NUL");
    /* Sketch content. */
    {
        struct {
            uint64_t n, zero;
            double mn, mx;
            int32_t lo;
            uint64_t count;
            const char *msg;
        } cases[] = {
            {3, 0, 19, 20, 150, 2, "count"},        /* n != sum */
            {2, 0, 19, 20, 150, 0, "untrimmed"},    /* zero end bucket */
            {2, 0, 19, 20, 100000, 2, "range"},     /* index beyond 1e19 */
            {2, 0, 19, 20, -100000, 2, "range"},    /* index below 1e-6 */
            {2, 0, 21, 20, 150, 2, "min"},          /* min > max */
            {2, 0, -1, 20, 150, 2, "min"},          /* negative */
            {2, 0, NAN, 20, 150, 2, "min"},         /* NaN */
            {UINT64_MAX, UINT64_MAX, 19, 20, 150, 2, "overflow|count"},
        };
        size_t k;
        for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            int m;
            w_head(&w, 1, 0, 0.01, 1);
            w_s(&w, "douyin");
            w_s(&w, "head");
            w_s(&w, "");
            w_sketch1(&w, cases[k].n, cases[k].zero, cases[k].mn, cases[k].mx,
                      cases[k].lo, cases[k].count);
            for (m = 1; m < 4; m++)
                w_empty_sketch(&w);
            w_end(&w);
            expect_bad(ctx, &w, KOL_STATUS_CORRUPT, cases[k].msg);
        }
        /* A huge bucket count. */
        w_head(&w, 1, 0, 0.01, 1);
        w_s(&w, "douyin");
        w_s(&w, "head");
        w_s(&w, "");
        w_u(&w, 1, 8);
        w_u(&w, 0, 8);
        w_f(&w, 20);
        w_f(&w, 20);
        w_u(&w, 150, 4);
        w_u(&w, 0xFFFFFFF0u, 4);
        w_u(&w, 1, 8);
        w_end(&w);
        expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "fit|truncated");
        /* A good crafted one is accepted, then trailing bytes are not. */
        w_head(&w, 1, 0, 0.01, 1);
        w_s(&w, "douyin");
        w_s(&w, "head");
        w_s(&w, "");
        w_sketch1(&w, 2, 0, 19.9, 20, 150, 2);
        for (i = 1; i < 4; i++)
            w_empty_sketch(&w);
        {
            struct w w2 = w;
            w_end(&w2);
            assert_int_equal(kol_cost_history_deserialize(ctx, w2.b, w2.n,
                                                          &back),
                             KOL_STATUS_OK);
            kol_cost_history_free(back);
        }
        w_u(&w, 0, 1);
        w_end(&w);
        expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "trailing");
    }
    /* Truncated inside a cell although the cell count fits: a 60-byte
     * platform label keeps the cell above the 172-byte floor the count
     * check uses, then the bytes stop inside a label or inside the fourth
     * summary at each of its six fields. */
    {
        static const char long_p[] =
            "platform-with-a-long-name-0123456789012345678901234567890123";
        static const size_t cut[6] = {0, 8, 16, 24, 32, 36};
        for (i = 0; i < 6; i++) {
            int m;
            size_t k;
            w_head(&w, 1, 0, 0.01, 1);
            w_s(&w, long_p);
            w_s(&w, "head");
            w_s(&w, "");
            for (m = 0; m < 3; m++)
                w_empty_sketch(&w);
            for (k = 0; k < cut[i]; k++)
                w_u(&w, 0, 1);
            w_end(&w);
            expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "price truncated");
        }
        /* a label length beyond the bytes left, then no room for one */
        w_head(&w, 1, 0, 0.01, 1);
        w_s(&w, long_p);
        w_u(&w, 100000, 4);
        for (i = 0; i < 160; i++)
            w_u(&w, 'a', 1);
        w_end(&w);
        expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "label 1 truncated");
        w_head(&w, 1, 0, 0.01, 1);
        w_u(&w, 170, 4);
        for (i = 0; i < 170; i++)
            w_u(&w, 'a', 1);
        w_u(&w, 0, 2);
        w_end(&w);
        expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "label 1 truncated");
        /* a bucket count larger than the bytes left */
        w_head(&w, 1, 0, 0.01, 1);
        w_s(&w, long_p);
        w_s(&w, "head");
        w_s(&w, "");
        w_u(&w, 1, 8);
        w_u(&w, 0, 8);
        w_f(&w, 20);
        w_f(&w, 20);
        w_u(&w, 150, 4);
        w_u(&w, 100, 4);
        for (i = 0; i < 120; i++)
            w_u(&w, 0, 1);
        w_end(&w);
        expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "buckets do not fit");
    }
    /* More summary content: negative zero min or max, max above 1e19, an
     * empty summary with a min, buckets running past the top index, an
     * empty last bucket. */
    {
        int32_t top = idx01(1e19);
        uint64_t two[2] = {1, 1}, tail0[2] = {2, 0};
        struct {
            uint64_t n;
            double mn, mx;
            int32_t lo;
            uint32_t cnt;
            const uint64_t *counts;
            const char *msg;
        } cases[] = {
            {2, -0.0, 20, 150, 2, two, "min/max"},
            {2, 0.0, -0.0, 150, 2, two, "min/max"},
            {2, 19, 2e19, 150, 2, two, "min/max"},
            {0, 1, 1, 0, 0, NULL, "min/max"},
            {0, 0, 1, 0, 0, NULL, "min/max"},
            {2, 19, INFINITY, 150, 2, two, "min/max"},
            {2, 19, 20, 0, 2, two, "range"},
            {2, 19, 20, 150, 2, tail0, "untrimmed"},
        };
        size_t k;
        cases[6].lo = top;
        for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            int m;
            w_head(&w, 1, 0, 0.01, 1);
            w_s(&w, "douyin");
            w_s(&w, "head");
            w_s(&w, "");
            w_sketchk(&w, cases[k].n, 0, cases[k].mn, cases[k].mx,
                      cases[k].lo, cases[k].cnt, cases[k].counts);
            for (m = 1; m < 4; m++)
                w_empty_sketch(&w);
            w_end(&w);
            expect_bad(ctx, &w, KOL_STATUS_CORRUPT, cases[k].msg);
        }
        /* min and max must lie in the lowest and highest occupied
         * buckets, the zero bucket below the others: each way of missing
         * them, then the same buckets with a right min and max */
        {
            const double in150 = exp(150 * log(1.01 / 0.99)) * 0.99;
            const double in151 = exp(151 * log(1.01 / 0.99)) * 0.99;
            const struct {
                uint64_t zero;
                double mn, mx;
            } mm[] = {
                {0, 1e-7, in151},  /* min in the zero range, no zero */
                {0, 1, in151},     /* min below the first bucket */
                {0, in150, 1000},  /* max above the last bucket */
                {1, 1e-7, 1e-7},   /* max in the zero range over buckets */
                {1, in150, in151}, /* zeros, but min in a bucket */
                {0, in150, in151}, /* right */
            };
            for (k = 0; k < sizeof mm / sizeof mm[0]; k++) {
                int m;
                w_head(&w, 1, 0, 0.01, 1);
                w_s(&w, "douyin");
                w_s(&w, "head");
                w_s(&w, "");
                w_sketchk(&w, 2 + mm[k].zero, mm[k].zero, mm[k].mn, mm[k].mx,
                          150, 2, two);
                for (m = 1; m < 4; m++)
                    w_empty_sketch(&w);
                w_end(&w);
                if (k + 1 < sizeof mm / sizeof mm[0]) {
                    expect_bad(ctx, &w, KOL_STATUS_CORRUPT,
                               "outside the buckets");
                } else {
                    assert_int_equal(
                        kol_cost_history_deserialize(ctx, w.b, w.n, &back),
                        KOL_STATUS_OK);
                    kol_cost_history_free(back);
                }
            }
        }
        /* the top bucket itself is accepted */
        w_head(&w, 1, 0, 0.01, 1);
        w_s(&w, "douyin");
        w_s(&w, "head");
        w_s(&w, "");
        w_sketchk(&w, 1, 0, 1e19, 1e19, top, 1, two);
        for (i = 1; i < 4; i++)
            w_empty_sketch(&w);
        w_end(&w);
        assert_int_equal(kol_cost_history_deserialize(ctx, w.b, w.n, &back),
                         KOL_STATUS_OK);
        kol_cost_history_free(back);
    }
    /* Alpha below the smallest accepted. */
    w_head(&w, 1, 0, 0.0001, 0);
    w_end(&w);
    expect_bad(ctx, &w, KOL_STATUS_CORRUPT, "alpha");
    /* An empty history round-trips. */
    {
        kol_cost_history *e = NULL;
        size_t ne;
        uint8_t *be;
        assert_int_equal(kol_cost_history_new(ctx, 0.02, &e), KOL_STATUS_OK);
        be = ser(e, &ne);
        assert_int_equal(ne, 8 + 4 + 4 + 8 + 4 + 8);
        assert_int_equal(kol_cost_history_deserialize(ctx, be, ne, &back),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_cells(back), 0);
        assert_true(kol_cost_history_alpha(back) == 0.02);
        assert_same_bytes(e, back);
        kol_cost_history_free(back);
        kol_cost_history_free(e);
        free(be);
    }
    /* Different alpha: no merge. */
    {
        kol_cost_history *o = NULL;
        assert_int_equal(kol_cost_history_new(ctx, 0.02, &o), KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_add(o, "a", "b", NULL, 1, 1, 1, 1),
                         KOL_STATUS_OK);
        assert_status(ctx, kol_cost_history_merge(h, o), KOL_STATUS_MISMATCH);
        assert_last_error(ctx, KOL_STATUS_MISMATCH, "alpha");
        kol_cost_history_free(o);
    }
    kol_cost_history_free(h);
    kol_ctx_free(ctx);
}

/* ---- bad inputs --------------------------------------------------------- */

static void test_bad_inputs(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL;
    double v, pct, lo, mid, hi;
    int32_t basis;
    uint64_t cnt;
    uint8_t *b1;
    size_t n1;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_cost_history_new(ctx, 0.5, &h),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "alpha");
    assert_status(ctx, kol_cost_history_new(ctx, NAN, &h),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_cost_history_new(ctx, 0.01, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_cost_history_new(NULL, 0.01, &h),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "douyin", "head", "beauty", 100,
                                          1000, 10, 1),
                     KOL_STATUS_OK);
    b1 = NULL;
    {
        size_t n;
        assert_int_equal(kol_cost_history_serialize(h, NULL, 0, &n),
                         KOL_STATUS_OK);
        b1 = malloc(n);
        assert_int_equal(kol_cost_history_serialize(h, b1, n, &n1),
                         KOL_STATUS_OK);
    }
    assert_status(ctx, kol_cost_history_add(h, NULL, "head", NULL, 1, 1, 1, 1),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "platform");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "", NULL, 1, 1, 1, 1),
                  KOL_STATUS_BAD_TEXT);
    assert_last_error(ctx, KOL_STATUS_BAD_TEXT, "tier");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", "\xc0\x80", 1,
                                            1, 1, 1),
                  KOL_STATUS_BAD_TEXT);
    assert_last_error(ctx, KOL_STATUS_BAD_TEXT, "category");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", NULL, NAN, 1,
                                            1, 1),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "cost");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", NULL, -1, 1,
                                            1, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "cost");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", NULL, 1,
                                            INFINITY, 1, 1),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "exposure");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", NULL, 1, 1,
                                            -3, 1),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "engagements");
    assert_status(ctx, kol_cost_history_add(h, "douyin", "head", NULL, 1, 1, 1,
                                            1e300),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "orders");
    /* Queries. */
    assert_status(ctx, kol_cost_history_quantile(h, "douyin", "head", NULL, 4,
                                                 0.5, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "measure");
    assert_status(ctx, kol_cost_history_quantile(h, "douyin", "head", NULL, 0,
                                                 1.5, &v),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "quantile");
    assert_status(ctx, kol_cost_history_quantile(h, "douyin", "head", NULL, 0,
                                                 NAN, &v),
                  KOL_STATUS_NOT_FINITE);
    assert_status(ctx, kol_cost_history_quantile(h, "douyin", "koc", NULL, 0,
                                                 0.5, &v),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "koc");
    assert_status(ctx, kol_cost_history_quantile(h, NULL, "koc", NULL, 0, 0.5,
                                                 &v),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_percentile(h, "douyin", "head", NULL,
                                                   0, -1, &v),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_status(ctx, kol_cost_history_count(h, "douyin", "head", NULL, -1,
                                               &cnt),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_status(ctx, kol_cost_history_quote(h, "douyin", "koc", NULL, 100,
                                              1000, 0.25, 0.75, &pct, &lo,
                                              &mid, &hi, &basis),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "no history");
    assert_status(ctx, kol_cost_history_quote(h, "douyin", "head", NULL, -5,
                                              1000, 0.25, 0.75, &pct, &lo,
                                              &mid, &hi, &basis),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "quote");
    assert_status(ctx, kol_cost_history_quote(h, "douyin", "head", NULL, 5,
                                              1000, 0.75, 0.75, &pct, &lo,
                                              &mid, &hi, &basis),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "q_low");
    assert_status(ctx, kol_cost_history_quote(h, "douyin", "head", NULL, 5,
                                              1000, 0.25, 0.75, NULL, &lo,
                                              &mid, &hi, &basis),
                  KOL_STATUS_INVALID_ARGUMENT);
    {
        kol_cost_history *d = NULL;
        assert_status(ctx, kol_cost_history_deserialize(ctx, NULL, 5, &d),
                      KOL_STATUS_INVALID_ARGUMENT);
        assert_null(d);
    }
    /* Zero cost and zero denominators: the price summary counts the zero;
     * the ratio summaries skip what has no denominator. */
    assert_int_equal(kol_cost_history_add(h, "douyin", "head", "beauty", 0, 0,
                                          0, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_count(h, "douyin", "head", "beauty",
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_int_equal(cnt, 2);
    assert_int_equal(kol_cost_history_count(h, "douyin", "head", "beauty",
                                            KOL_COST_MEASURE_CPM, &cnt),
                     KOL_STATUS_OK);
    assert_int_equal(cnt, 1);
    assert_int_equal(kol_cost_history_quantile(h, "douyin", "head", "beauty",
                                               KOL_COST_MEASURE_PRICE, 0, &v),
                     KOL_STATUS_OK);
    assert_true(v == 0);
    /* A tiny denominator: the ratio is counted at the top of the domain,
     * never infinite. */
    assert_int_equal(kol_cost_history_add(h, "weibo", "koc", NULL, 1e15, 1e-300,
                                          1e-300, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_quantile(h, "weibo", "koc", NULL,
                                               KOL_COST_MEASURE_CPM, 1, &v),
                     KOL_STATUS_OK);
    assert_true(isfinite(v) && v <= 1e19 && v >= 0.98e19);
    assert_int_equal(kol_cost_history_quote(h, "weibo", "koc", NULL, 1e15,
                                            1e-300, 0.25, 0.75, &pct, &lo,
                                            &mid, &hi, &basis),
                     KOL_STATUS_OK);
    assert_true(isfinite(pct) && isfinite(lo) && isfinite(hi));
    /* ... and so is a quote's: the same deal ranks where its capped CPM
     * does, in the top bucket beside the recorded one (mid-rank), not
     * above every recorded value (1). */
    assert_int_equal(kol_cost_history_percentile(h, "weibo", "koc", NULL,
                                                 KOL_COST_MEASURE_CPM, 1e19,
                                                 &v),
                     KOL_STATUS_OK);
    assert_true(pct == v);
    assert_true(pct < 1);
    kol_cost_history_free(h);
    (void)n1;
    free(b1);
    kol_ctx_free(ctx);
}

/* ---- counts near 2^64 (regressions) ------------------------------------- */

/* One cell douyin/head/<cat> whose price summary holds n values: zero in
 * the zero bucket, the rest in cnt buckets from lo. */
static void w_big_cell(struct w *w, const char *cat, uint64_t n, uint64_t zero,
                       double mn, double mx, int32_t lo, uint32_t cnt,
                       const uint64_t *counts)
{
    int m;
    w_s(w, "douyin");
    w_s(w, "head");
    w_s(w, cat);
    for (m = 0; m < 3; m++)
        w_empty_sketch(w);
    w_sketchk(w, n, zero, mn, mx, lo, cnt, counts);
}

static void test_huge_counts(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL, *h2 = NULL;
    struct w w;
    uint8_t *before, *after;
    size_t nb, na;
    uint64_t cnt = 0;
    double v = -1, small = -2;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);

    /* n = 2^64 - 1 in two buckets: 2^63 + 5, then 2^63 - 6. The top rank
     * n - 1 lies in the second bucket. Computing it as (uint64_t) of
     * floor(1.0 * (double)(n - 1)) = 2^64 was undefined behaviour (on x86
     * it gave 2^63, inside the first bucket). */
    {
        uint64_t c2[2] = {(UINT64_C(1) << 63) + 5, (UINT64_C(1) << 63) - 6};
        uint64_t s2[2] = {5, 3};
        /* min and max in buckets 150 and 151, as the library writes them:
         * their representatives gamma^i (1 - alpha), gamma = 1.01 / 0.99 */
        const double lng = log(1.01 / 0.99);
        const double mn = exp(150 * lng) * 0.99, mx = exp(151 * lng) * 0.99;
        w_head(&w, 1, 0, 0.01, 2);
        w_big_cell(&w, "huge", UINT64_MAX, 0, mn, mx, 150, 2, c2);
        w_big_cell(&w, "small", 8, 0, mn, mx, 150, 2, s2);
        w_end(&w);
        assert_int_equal(kol_cost_history_deserialize(ctx, w.b, w.n, &h),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_count(h, "douyin", "head", "huge",
                                                KOL_COST_MEASURE_PRICE, &cnt),
                         KOL_STATUS_OK);
        assert_true(cnt == UINT64_MAX);
        assert_int_equal(kol_cost_history_quantile(h, "douyin", "head", "huge",
                                                   KOL_COST_MEASURE_PRICE, 1.0,
                                                   &v),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_quantile(h, "douyin", "head",
                                                   "small",
                                                   KOL_COST_MEASURE_PRICE, 1.0,
                                                   &small),
                         KOL_STATUS_OK);
        assert_true(v == small); /* the second bucket's value */
        assert_int_equal(kol_cost_history_quantile(h, "douyin", "head",
                                                   "small",
                                                   KOL_COST_MEASURE_PRICE, 0.0,
                                                   &small),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_quantile(h, "douyin", "head", "huge",
                                                   KOL_COST_MEASURE_PRICE, 0.5,
                                                   &v),
                         KOL_STATUS_OK);
        assert_true(v == small); /* the median is in the first bucket */
        /* Pooling the two cells would wrap the count: refused. */
        cnt = 7;
        assert_status(ctx, kol_cost_history_count(h, "douyin", "head", NULL,
                                                  KOL_COST_MEASURE_PRICE,
                                                  &cnt),
                      KOL_STATUS_TOO_LARGE);
        assert_last_error(ctx, KOL_STATUS_TOO_LARGE, "overflow");
        assert_true(cnt == 7);
        /* The other measures are empty: pooling them is fine. */
        assert_int_equal(kol_cost_history_count(h, "douyin", "head", NULL,
                                                KOL_COST_MEASURE_CPM, &cnt),
                         KOL_STATUS_OK);
        assert_true(cnt == 0);
        /* One more price in the full cell would wrap its count: refused,
         * the history unchanged, and still readable back. */
        before = ser(h, &nb);
        assert_status(ctx, kol_cost_history_add(h, "douyin", "head", "huge",
                                                5, 0, 0, 0),
                      KOL_STATUS_TOO_LARGE);
        assert_last_error(ctx, KOL_STATUS_TOO_LARGE, "price summary");
        assert_true(testmsg_has(kol_ctx_last_error(ctx), "douyin"));
        after = ser(h, &na);
        assert_int_equal(na, nb);
        assert_memory_equal(after, before, na);
        assert_int_equal(kol_cost_history_deserialize(ctx, after, na, &h2),
                         KOL_STATUS_OK);
        kol_cost_history_free(h2);
        h2 = NULL;
        free(after);
        free(before);
        kol_cost_history_free(h);
        h = NULL;
    }

    /* Merging two histories whose counts add past 2^64 - 1: refused, the
     * destination unchanged, then still usable. */
    {
        uint64_t one = UINT64_C(1) << 63;
        w_head(&w, 1, 0, 0.01, 1);
        w_big_cell(&w, "", one, one, 0, 0, 0, 0, NULL);
        w_end(&w);
        assert_int_equal(kol_cost_history_deserialize(ctx, w.b, w.n, &h),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_deserialize(ctx, w.b, w.n, &h2),
                         KOL_STATUS_OK);
        before = ser(h, &nb);
        assert_status(ctx, kol_cost_history_merge(h, h2), KOL_STATUS_TOO_LARGE);
        assert_last_error(ctx, KOL_STATUS_TOO_LARGE, "overflow");
        after = ser(h, &na);
        assert_int_equal(na, nb);
        assert_memory_equal(after, before, na);
        free(after);
        free(before);
        assert_int_equal(kol_cost_history_add(h, "douyin", "head", NULL, 0, 0,
                                              0, 0),
                         KOL_STATUS_OK);
        assert_int_equal(kol_cost_history_count(h, "douyin", "head", "",
                                                KOL_COST_MEASURE_PRICE, &cnt),
                         KOL_STATUS_OK);
        assert_true(cnt == one + 1);
        kol_cost_history_free(h);
        kol_cost_history_free(h2);
    }
    kol_ctx_free(ctx);
}

/* ---- NULL handles, absent cells, every output of the queries ------------ */

/* The deliveries added without a category (NULL or "", both stored as
 * "") are the cell of category "" in every query; NULL pools every
 * category (cost.h). */
static void test_no_category_cell(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL;
    uint64_t cnt = 0;
    double v = 0, rank = 0;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, KOL_COST_ALPHA_DEFAULT, &h),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "douyin", "waist", NULL, 100,
                                          1000, 0, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "douyin", "waist", "", 300, 1000,
                                          0, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "douyin", "waist", "beauty",
                                          5000, 1000, 0, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_count(h, "douyin", "waist", "",
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_int_equal(cnt, 2);
    assert_int_equal(kol_cost_history_count(h, "douyin", "waist", NULL,
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_int_equal(cnt, 3);
    /* the largest price without a category is 300, not the 5000 */
    assert_int_equal(kol_cost_history_quantile(h, "douyin", "waist", "",
                                               KOL_COST_MEASURE_PRICE, 1, &v),
                     KOL_STATUS_OK);
    assert_true(v == 300);
    assert_int_equal(kol_cost_history_percentile(h, "douyin", "waist", "",
                                                 KOL_COST_MEASURE_PRICE, 1000,
                                                 &rank),
                     KOL_STATUS_OK);
    assert_true(rank == 1.0);
    kol_cost_history_free(h);
    kol_ctx_free(ctx);
}

static void test_queries(void **state)
{
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL, *o = NULL;
    double v = -1, pct = -1, lo = -1, mid = -1, hi = -1;
    int32_t basis = -1;
    uint64_t cnt = 99;
    uint8_t buf[64];
    size_t need = 0;
    static const double prices[4] = {10, 20, 30, 40};
    int i;
    (void)state;
    assert_string_equal(kol_cost_measure_name(KOL_COST_MEASURE_CPM), "cpm");
    assert_string_equal(kol_cost_measure_name(KOL_COST_MEASURE_PRICE),
                        "price");
    assert_null(kol_cost_measure_name(-1));
    assert_null(kol_cost_measure_name(4));
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    /* prices only (no exposure, engagements or orders), then one zero */
    for (i = 0; i < 4; i++)
        assert_int_equal(kol_cost_history_add(h, "weibo", "waist", "travel",
                                              prices[i], 0, 0, 0),
                         KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "weibo", "waist", "travel", 0, 0,
                                          0, 0),
                     KOL_STATUS_OK);

    /* Percentiles: mid-rank, (below + at / 2) / n. */
    assert_int_equal(kol_cost_history_percentile(h, "weibo", "waist", "travel",
                                                 KOL_COST_MEASURE_PRICE, 0,
                                                 &v),
                     KOL_STATUS_OK);
    assert_double_near(v, 0.1, 1e-15); /* the zero: 0.5 / 5 */
    assert_int_equal(kol_cost_history_percentile(h, "weibo", "waist", "travel",
                                                 KOL_COST_MEASURE_PRICE, 20,
                                                 &v),
                     KOL_STATUS_OK);
    assert_double_near(v, 0.5, 1e-15); /* 0, 10 below; 20 at: 2.5 / 5 */
    assert_int_equal(kol_cost_history_percentile(h, "weibo", "waist", NULL,
                                                 KOL_COST_MEASURE_PRICE, 25,
                                                 &v),
                     KOL_STATUS_OK);
    assert_double_near(v, 0.6, 1e-15); /* 3 below */
    assert_int_equal(kol_cost_history_percentile(h, "weibo", "waist", NULL,
                                                 KOL_COST_MEASURE_PRICE, 1e19,
                                                 &v),
                     KOL_STATUS_OK);
    assert_true(v == 1.0);
    v = -1;
    assert_status(ctx, kol_cost_history_percentile(h, "weibo", "waist",
                                                   "travel",
                                                   KOL_COST_MEASURE_CPM, 5,
                                                   &v),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "no cpm value");
    assert_true(v == -1);
    assert_int_equal(kol_cost_history_percentile(NULL, "weibo", "waist", NULL,
                                                 0, 5, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_percentile(h, "weibo", "waist", NULL,
                                                   0, 5, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "rank");
    assert_status(ctx, kol_cost_history_percentile(h, "weibo", "waist", NULL,
                                                   7, 5, &v),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, "measure 7");

    /* Quantiles and counts: NULL handle, NULL output, NULL tier, an
     * absent category (count 0, quantile EMPTY). */
    assert_int_equal(kol_cost_history_quantile(NULL, "weibo", "waist", NULL,
                                               0, 0.5, &v),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_quantile(h, "weibo", "waist", NULL, 0,
                                                 0.5, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "value is NULL");
    assert_status(ctx, kol_cost_history_quantile(h, "weibo", NULL, NULL,
                                                 KOL_COST_MEASURE_PRICE, 0.5,
                                                 &v),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "tier");
    assert_int_equal(kol_cost_history_count(h, "weibo", "waist", "food",
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_true(cnt == 0);
    assert_status(ctx, kol_cost_history_quantile(h, "weibo", "waist", "food",
                                                 KOL_COST_MEASURE_PRICE, 0.5,
                                                 &v),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "no price value");
    assert_int_equal(kol_cost_history_count(h, "weibo", "waist", "travel",
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_true(cnt == 5);
    cnt = 99;
    assert_int_equal(kol_cost_history_count(NULL, "weibo", "waist", NULL, 0,
                                            &cnt),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_count(h, "weibo", "waist", NULL, 0,
                                              NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "count is NULL");
    assert_true(cnt == 99);

    /* Quotes: no CPM history, so exposure or not, the price basis. */
    assert_int_equal(kol_cost_history_quote(h, "weibo", "waist", "travel", 25,
                                            5000, 0.25, 0.75, &pct, &lo, &mid,
                                            &hi, &basis),
                     KOL_STATUS_OK);
    assert_int_equal(basis, KOL_COST_BASIS_PRICE);
    assert_double_near(pct, 0.6, 1e-15);
    assert_true(lo <= mid && mid <= hi && lo >= 10 * 0.99 && hi <= 30 * 1.01);
    assert_int_equal(kol_cost_history_quote(NULL, "weibo", "waist", NULL, 25,
                                            0, 0.25, 0.75, &pct, &lo, &mid,
                                            &hi, &basis),
                     KOL_STATUS_INVALID_ARGUMENT);
    {
        double *outs[4] = {&pct, &lo, &mid, &hi};
        int k;
        for (k = 0; k < 5; k++) {
            double *o4[4];
            int j;
            for (j = 0; j < 4; j++)
                o4[j] = j == k ? NULL : outs[j];
            assert_status(ctx, kol_cost_history_quote(h, "weibo", "waist",
                                                      NULL, 25, 0, 0.25, 0.75,
                                                      o4[0], o4[1], o4[2],
                                                      o4[3],
                                                      k == 4 ? NULL : &basis),
                          KOL_STATUS_INVALID_ARGUMENT);
            assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT,
                              "output is NULL");
        }
    }
    assert_status(ctx, kol_cost_history_quote(h, "weibo", "waist", NULL, 25,
                                              NAN, 0.25, 0.75, &pct, &lo, &mid,
                                              &hi, &basis),
                  KOL_STATUS_NOT_FINITE);
    assert_last_error(ctx, KOL_STATUS_NOT_FINITE, "exposure");
    assert_status(ctx, kol_cost_history_quote(h, "weibo", "waist", NULL, 25,
                                              0, 0.25, 0.4, &pct, &lo, &mid,
                                              &hi, &basis),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "q_high");
    assert_status(ctx, kol_cost_history_quote(h, "weibo", "waist", "food", 25,
                                              0, 0.25, 0.75, &pct, &lo, &mid,
                                              &hi, &basis),
                  KOL_STATUS_EMPTY);
    assert_last_error(ctx, KOL_STATUS_EMPTY, "'food'");

    /* Add, merge, serialize and deserialize with NULL arguments. */
    assert_int_equal(kol_cost_history_add(NULL, "weibo", "waist", NULL, 1, 1,
                                          1, 1),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_cost_history_merge(NULL, h),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_merge(h, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "src is NULL");
    assert_int_equal(kol_cost_history_serialize(NULL, buf, sizeof buf, &need),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(ctx, kol_cost_history_serialize(h, buf, sizeof buf, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(ctx, KOL_STATUS_INVALID_ARGUMENT, "needed is NULL");
    assert_int_equal(kol_cost_history_deserialize(NULL, buf, sizeof buf, &o),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(o);
    assert_status(ctx, kol_cost_history_deserialize(ctx, buf, sizeof buf,
                                                    NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    o = (kol_cost_history *)&o;
    assert_status(ctx, kol_cost_history_deserialize(ctx, NULL, 0, &o),
                  KOL_STATUS_CORRUPT);
    assert_last_error(ctx, KOL_STATUS_CORRUPT, "truncated (0 bytes)");
    assert_null(o);
    assert_true(kol_cost_history_alpha(NULL) == 0.0);
    assert_int_equal(kol_cost_history_cells(NULL), 0);
    assert_true(kol_cost_history_alpha(h) == 0.01);
    assert_int_equal(kol_cost_history_cells(h), 1);
    assert_int_equal(kol_cost_history_count(h, "weibo", "waist", "travel",
                                            KOL_COST_MEASURE_PRICE, &cnt),
                     KOL_STATUS_OK);
    assert_true(cnt == 5);
    kol_cost_history_free(h);
    kol_ctx_free(ctx);
}

/* ---- many cells in any order ------------------------------------------ */

/* Cell k of MANY_N: platform "pPP", tier "tTT", category "cCC" or none
 * for CC = 0, so that key order is the order of k. */
#define MANY_P 20
#define MANY_T 25
#define MANY_C 40
#define MANY_N (MANY_P * MANY_T * MANY_C)

static void many_key(uint32_t k, char *p, char *t, char *c)
{
    snprintf(p, 16, "p%02u", (unsigned)(k / (MANY_T * MANY_C)));
    snprintf(t, 16, "t%02u", (unsigned)(k / MANY_C % MANY_T));
    if (k % MANY_C)
        snprintf(c, 16, "c%02u", (unsigned)(k % MANY_C));
    else
        c[0] = '\0';
}

/* Delivery j of cell k: j = 0 for every cell, j = 1 for every 7th. */
static void many_add(kol_cost_history *h, uint32_t k, int j)
{
    char p[16], t[16], c[16];
    many_key(k, p, t, c);
    assert_int_equal(kol_cost_history_add(h, p, t, k % MANY_C ? c : NULL,
                                          100 + (k * 37 + (uint32_t)j * 11) %
                                                    1000,
                                          1000 + k % 5000, k % 7,
                                          (double)(k % 3) * j),
                     KOL_STATUS_OK);
}

/* Deliveries of the cells ord[a..b): first deliveries, then seconds. */
static void many_add_all(kol_cost_history *h, const uint32_t *ord, size_t a,
                         size_t b)
{
    size_t i;
    for (i = a; i < b; i++)
        many_add(h, ord[i], 0);
    for (i = a; i < b; i++)
        if (ord[i] % 7 == 0)
            many_add(h, ord[i], 1);
}

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

/* The cells of serialized bytes are listed in the order of k. */
static void many_check_listing(const uint8_t *b, size_t n)
{
    size_t at = 28;
    uint32_t k;
    assert_int_equal(rd32(b + 24), MANY_N);
    for (k = 0; k < MANY_N; k++) {
        char want[3][16];
        int f, m;
        many_key(k, want[0], want[1], want[2]);
        for (f = 0; f < 3; f++) {
            uint32_t len = rd32(b + at);
            at += 4;
            assert_int_equal(len, strlen(want[f]));
            assert_memory_equal(b + at, want[f], len);
            at += len;
        }
        for (m = 0; m < 4; m++)
            at += 40 + 8 * (size_t)rd32(b + at + 36);
    }
    assert_int_equal(at + 8, n);
}

/* Adding cells out of key order (shuffled, reversed, split and merged,
 * added to a history read from bytes) gives the history of adding them in
 * key order: same cell listing, same bytes, same answers. */
static void test_many_cells_any_order(void **state)
{
    static uint32_t ord[MANY_N];
    enum { SORTED, REVERSED, SHUFFLED, MERGED, READ, NH };
    kol_cost_history *h[NH] = {NULL}, *half = NULL;
    kol_ctx *ctx = NULL;
    uint64_t s = 2024;
    uint8_t *bytes;
    size_t nbytes, i;
    uint32_t k;
    int x;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    for (x = 0; x < NH; x++)
        if (x != READ)
            assert_int_equal(kol_cost_history_new(ctx, 0.01, &h[x]),
                             KOL_STATUS_OK);
    for (k = 0; k < MANY_N; k++)
        ord[k] = k;
    many_add_all(h[SORTED], ord, 0, MANY_N);
    for (k = 0; k < MANY_N; k++)
        ord[k] = MANY_N - 1 - k;
    many_add_all(h[REVERSED], ord, 0, MANY_N);
    for (i = MANY_N; i > 1; i--) {
        size_t j = lcg(&s) % i;
        uint32_t t = ord[i - 1];
        ord[i - 1] = ord[j];
        ord[j] = t;
    }
    many_add_all(h[SHUFFLED], ord, 0, MANY_N);
    /* Two interleaved halves, merged; the first half through bytes too. */
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &half), KOL_STATUS_OK);
    many_add_all(half, ord, 0, MANY_N / 2);
    many_add_all(h[MERGED], ord, MANY_N / 2, MANY_N);
    assert_int_equal(kol_cost_history_merge(h[MERGED], half), KOL_STATUS_OK);
    bytes = ser(half, &nbytes);
    assert_int_equal(kol_cost_history_deserialize(ctx, bytes, nbytes, &h[READ]),
                     KOL_STATUS_OK);
    free(bytes);
    many_add_all(h[READ], ord, MANY_N / 2, MANY_N);
    bytes = ser(h[SORTED], &nbytes);
    many_check_listing(bytes, nbytes);
    free(bytes);
    for (x = 0; x < NH; x++) {
        assert_int_equal(kol_cost_history_cells(h[x]), MANY_N);
        assert_same_bytes(h[SORTED], h[x]);
    }
    /* Answers: every (platform, tier) pooled, every 13th cell alone, and
     * absent keys before, between and after the cells. */
    for (x = 0; x < NH; x++) {
        for (k = 0; k < MANY_N; k += MANY_C) {
            char p[16], t[16], c[16];
            uint64_t cnt = 0, want = MANY_C;
            double q0 = -1, q1 = -2;
            uint32_t j;
            for (j = k; j < k + MANY_C; j++)
                want += j % 7 == 0;
            many_key(k, p, t, c);
            assert_int_equal(kol_cost_history_count(h[x], p, t, NULL,
                                                    KOL_COST_MEASURE_PRICE,
                                                    &cnt),
                             KOL_STATUS_OK);
            assert_int_equal(cnt, want);
            assert_int_equal(kol_cost_history_quantile(h[SORTED], p, t, NULL,
                                                       KOL_COST_MEASURE_CPM,
                                                       0.3, &q0),
                             KOL_STATUS_OK);
            assert_int_equal(kol_cost_history_quantile(h[x], p, t, NULL,
                                                       KOL_COST_MEASURE_CPM,
                                                       0.3, &q1),
                             KOL_STATUS_OK);
            assert_true(q0 == q1);
        }
        for (k = 0; k < MANY_N; k += 13) {
            char p[16], t[16], c[16];
            uint64_t cnt = 0;
            double r0 = -1, r1 = -2;
            many_key(k, p, t, c);
            assert_int_equal(kol_cost_history_count(h[x], p, t, c,
                                                    KOL_COST_MEASURE_PRICE,
                                                    &cnt),
                             KOL_STATUS_OK);
            assert_int_equal(cnt, 1 + (k % 7 == 0));
            assert_int_equal(kol_cost_history_percentile(
                                 h[SORTED], p, t, c, KOL_COST_MEASURE_PRICE,
                                 600, &r0),
                             KOL_STATUS_OK);
            assert_int_equal(kol_cost_history_percentile(
                                 h[x], p, t, c, KOL_COST_MEASURE_PRICE, 600,
                                 &r1),
                             KOL_STATUS_OK);
            assert_true(r0 == r1);
        }
        {
            static const char *const absent[][3] = {
                {"p", "t00", ""},     {"p00", "t", NULL},
                {"p00", "t00", "c"},  {"p07", "t99", NULL},
                {"p07", "t12", "c99"}, {"p19", "t24", "c40"},
                {"p20", "t00", NULL}, {"q", "t00", ""}};
            size_t a;
            for (a = 0; a < sizeof absent / sizeof absent[0]; a++) {
                uint64_t cnt = 99;
                assert_int_equal(kol_cost_history_count(
                                     h[x], absent[a][0], absent[a][1],
                                     absent[a][2], KOL_COST_MEASURE_PRICE,
                                     &cnt),
                                 KOL_STATUS_OK);
                assert_int_equal(cnt, 0);
            }
        }
    }
    kol_cost_history_free(half);
    for (x = 0; x < NH; x++)
        kol_cost_history_free(h[x]);
    kol_ctx_free(ctx);
}

/* ---- allocation failures ------------------------------------------------ */

struct cfx {
    int op;
    kol_ctx *ctx;
    kol_cost_history *h, *h2, *out;
    uint8_t *bytes;
    size_t nbytes;
    struct past x[40];
};

enum {
    COP_NEW,
    COP_ADD_NEW_CELL,
    COP_ADD_GROW,
    COP_ADD_FILL,
    COP_MERGE,
    COP_DESERIALIZE,
    COP_QUANTILE_POOLED,
    COP_QUOTE_POOLED,
    COP_N
};

static kol_ctx *cfx_setup(void *user, testalloc *ta)
{
    struct cfx *f = user;
    f->h = f->h2 = f->out = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &f->ctx), KOL_STATUS_OK);
    make_past(f->x, 40, 3);
    if (f->op == COP_NEW)
        return f->ctx;
    assert_int_equal(kol_cost_history_new(f->ctx, 0.01, &f->h), KOL_STATUS_OK);
    add_past(f->h, f->x, 20);
    assert_int_equal(kol_cost_history_new(f->ctx, 0.01, &f->h2), KOL_STATUS_OK);
    add_past(f->h2, f->x + 20, 20);
    /* A cell with prices only: its CPM, CPE and CPA summaries are empty. */
    if (f->op == COP_ADD_FILL)
        assert_int_equal(kol_cost_history_add(f->h, "bilibili", "koc", "games",
                                              300, 0, 0, 0),
                         KOL_STATUS_OK);
    return f->ctx;
}

static kol_status cfx_call(void *user)
{
    struct cfx *f = user;
    double v, a, b, c, d;
    int32_t basis;
    switch (f->op) {
    case COP_NEW:
        kol_cost_history_free(f->out);
        f->out = NULL;
        return kol_cost_history_new(f->ctx, 0.01, &f->out);
    case COP_ADD_NEW_CELL:
        return kol_cost_history_add(f->h, "weibo", "mega", "cars", 5000, 1e6,
                                    1e4, 10);
    case COP_ADD_GROW:
        /* An existing cell, values far outside its bucket range. */
        return kol_cost_history_add(f->h, f->x[0].p, f->x[0].t, f->x[0].c,
                                    1e12, 1, 1, 1);
    case COP_ADD_FILL:
        /* The same price (its bucket exists); CPM, CPE and CPA need their
         * first bucket each: a failure after the first leaves an empty
         * summary with room, which must serialize as before. */
        return kol_cost_history_add(f->h, "bilibili", "koc", "games", 300,
                                    20000, 600, 3);
    case COP_MERGE:
        return kol_cost_history_merge(f->h, f->h2);
    case COP_DESERIALIZE:
        kol_cost_history_free(f->out);
        f->out = NULL;
        return kol_cost_history_deserialize(f->ctx, f->bytes, f->nbytes,
                                            &f->out);
    case COP_QUANTILE_POOLED:
        return kol_cost_history_quantile(f->h, f->x[0].p, f->x[0].t, NULL,
                                         KOL_COST_MEASURE_PRICE, 0.5, &v);
    case COP_QUOTE_POOLED:
        return kol_cost_history_quote(f->h, f->x[0].p, f->x[0].t, NULL, 100,
                                      1000, 0.25, 0.75, &a, &b, &c, &d, &basis);
    default:
        return KOL_STATUS_INVALID_ARGUMENT;
    }
}

/* cfx_call(), with the check that a refused allocation is reported
 * under the public call's name. */
static kol_status cfx_run(void *user)
{
    static const char *const fn[COP_N] = {
        "kol_cost_history_new",   "kol_cost_history_add",
        "kol_cost_history_add",   "kol_cost_history_add",
        "kol_cost_history_merge", "kol_cost_history_deserialize",
        "kol_cost_history_quantile", "kol_cost_history_quote"};
    struct cfx *f = user;
    kol_status st = cfx_call(user);
    if (st == KOL_STATUS_NOMEM) {
        const char *msg = kol_ctx_last_error(f->ctx);
        const size_t n = strlen(fn[f->op]);
        assert_true(strncmp(msg, fn[f->op], n) == 0 && msg[n] == ':');
        assert_non_null(strstr(msg, "out of memory"));
    }
    return st;
}

static void cfx_snapshot(void *user, testbuf *out)
{
    struct cfx *f = user;
    const kol_cost_history *hs[2] = {f->h, f->h2};
    int k;
    for (k = 0; k < 2; k++) {
        size_t n, i;
        uint8_t *b;
        uint64_t hash = 1469598103934665603u;
        if (!hs[k])
            continue;
        b = ser(hs[k], &n);
        for (i = 0; i < n; i++)
            hash = (hash ^ b[i]) * 1099511628211u;
        testbuf_printf(out, "h%d %zu %016llx\n", k, n, (unsigned long long)hash);
        free(b);
    }
}

static void cfx_teardown(void *user)
{
    struct cfx *f = user;
    kol_cost_history_free(f->h);
    kol_cost_history_free(f->h2);
    kol_cost_history_free(f->out);
    f->h = f->h2 = f->out = NULL;
}

static void test_alloc_failures(void **state)
{
    static const char *const names[COP_N] = {
        "new", "add_new_cell", "add_grow", "add_fill", "merge", "deserialize",
        "quantile_pooled", "quote_pooled"};
    uint8_t *bytes;
    size_t nbytes;
    int op;
    kol_ctx *ctx = NULL;
    kol_cost_history *h = NULL;
    static struct past x[40];
    (void)state;
    /* Bytes for the deserialize run. */
    make_past(x, 40, 3);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &h), KOL_STATUS_OK);
    add_past(h, x, 40);
    bytes = ser(h, &nbytes);
    kol_cost_history_free(h);
    kol_ctx_free(ctx);
    for (op = 0; op < COP_N; op++) {
        static struct cfx f;
        testalloc_op t;
        unsigned fails;
        memset(&f, 0, sizeof f);
        memset(&t, 0, sizeof t);
        f.op = op;
        f.bytes = bytes;
        f.nbytes = nbytes;
        t.name = names[op];
        t.user = &f;
        t.setup = cfx_setup;
        t.run = cfx_run;
        t.snapshot = cfx_snapshot;
        t.teardown = cfx_teardown;
        /* A failed add may keep bucket room or cell-array room. */
        t.allow_retained = op == COP_ADD_NEW_CELL || op == COP_ADD_GROW ||
                           op == COP_ADD_FILL;
        fails = testalloc_loop(&t, 0);
        assert_true(fails > 0);
    }
    free(bytes);
}

/* ---- real data: NAB realAdExchange hourly CPMs ---------------------------- */

static void test_real_exchange_cpm(void **state)
{
    static const char *const files[3] = {"exchange-2_cpm_results.csv",
                                         "exchange-3_cpm_results.csv",
                                         "exchange-4_cpm_results.csv"};
    static struct past x[20000];
    static double scratch[20000];
    size_t n = 0;
    int fi;
    kol_ctx *ctx = NULL;
    kol_cost_history *all = NULL, *a = NULL, *b = NULL;
    (void)state;
    for (fi = 0; fi < 3; fi++) {
        char path[1024], line[256];
        FILE *fp;
        snprintf(path, sizeof path, "%s/nab/realAdExchange/%s",
                 KOL_SHARED_DATA_DIR, files[fi]);
        fp = fopen(path, "r");
        if (!fp) {
            print_message("skipped: real data %s not found\n", path);
            skip();
        }
        while (fgets(line, sizeof line, fp) && n < 20000) {
            char *comma = strchr(line, ',');
            double v;
            if (!comma || sscanf(comma + 1, "%lf", &v) != 1)
                continue;
            x[n].p = "exchange";
            x[n].t = files[fi] + 9; /* "2_cpm...", "3_cpm...", "4_cpm..." */
            x[n].c = "";
            x[n].cost = v;
            x[n].expo = 1000;
            x[n].eng = 0;
            x[n].ord = 0;
            n++;
        }
        fclose(fp);
    }
    assert_true(n > 1000);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &all), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &a), KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_new(ctx, 0.01, &b), KOL_STATUS_OK);
    add_past(all, x, n);
    add_past(a, x, n / 2);
    add_past(b, x + n / 2, n - n / 2);
    assert_int_equal(kol_cost_history_merge(b, a), KOL_STATUS_OK);
    assert_same_bytes(all, b);
    for (fi = 0; fi < 3; fi++) {
        const char *t = files[fi] + 9;
        size_t k = exact_values(x, n, "exchange", t, "", KOL_COST_MEASURE_CPM,
                                scratch);
        int qi;
        assert_true(k > 100);
        for (qi = 0; qi <= 100; qi++) {
            double q = qi / 100.0, est, bound;
            double truth = exact_quantile(scratch, k, q, 0.01, &bound);
            assert_int_equal(kol_cost_history_quantile(b, "exchange", t, "",
                                                       KOL_COST_MEASURE_CPM, q,
                                                       &est),
                             KOL_STATUS_OK);
            assert_true(fabs(est - truth) <= bound);
        }
    }
    kol_cost_history_free(all);
    kol_cost_history_free(a);
    kol_cost_history_free(b);
    kol_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_quote),
        cmocka_unit_test(test_merge_equals_all),
        cmocka_unit_test(test_negative_zero),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_huge_counts),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_no_category_cell),
        cmocka_unit_test(test_many_cells_any_order),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_real_exchange_cpm),
    };
    /* TEST_FILTER=<pattern> runs only the matching tests (debugging). */
    if (getenv("TEST_FILTER"))
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
