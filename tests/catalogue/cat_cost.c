/* Bad-input catalogue rows of include/kol/cost.h (see catalogue.h). */
#include "catalogue.h"

#include <math.h>
#include <string.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

/* Seed of the byte format's checksum (cost.c, frozen): "KOLCOSTH". */
#define COST_SEED 0x4B4F4C434F535448ULL
#define TWO54 18014398509481984.0

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static kol_cost_history *new_hist(cat_env *env, double alpha)
{
    kol_cost_history *h = NULL;
    assert_int_equal(kol_cost_history_new(env->ctx, alpha, &h),
                     KOL_STATUS_OK);
    return h;
}

/* A history with two deliveries of douyin/head (categories beauty and
 * food) and none with orders, so that its CPA summaries are empty. */
static kol_cost_history *sample_hist(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    assert_int_equal(kol_cost_history_add(h, "douyin", "head", "beauty",
                                          50000, 2000000, 80000, 0),
                     KOL_STATUS_OK);
    assert_int_equal(kol_cost_history_add(h, "douyin", "head", "food", 42000,
                                          1500000, 61000, 0),
                     KOL_STATUS_OK);
    return h;
}

/* A little-endian writer for forged bytes. */
struct wr {
    uint8_t b[512];
    size_t n;
};

static void w_int(struct wr *w, uint64_t v, unsigned bytes)
{
    unsigned i;
    for (i = 0; i < bytes; i++)
        w->b[w->n++] = (uint8_t)(v >> (8u * i));
}

static void w_f64(struct wr *w, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    w_int(w, u, 8);
}

static void w_text(struct wr *w, const char *s)
{
    size_t len = strlen(s);
    w_int(w, (uint64_t)len, 4);
    memcpy(w->b + w->n, s, len);
    w->n += len;
}

/* Header: magic, version, flags, alpha, cell count. */
static void w_header(struct wr *w, uint32_t version, uint32_t flags,
                     double alpha, uint32_t cells)
{
    static const char magic[8] = {'K', 'O', 'L', 'C', 'O', 'S', 'T', 'H'};
    w->n = 0;
    memcpy(w->b, magic, 8);
    w->n = 8;
    w_int(w, version, 4);
    w_int(w, flags, 4);
    w_f64(w, alpha);
    w_int(w, cells, 4);
}

/* One summary: count, zero count, min, max, first bucket index, no
 * bucket. */
static void w_summary(struct wr *w, uint64_t n, uint64_t zero)
{
    w_int(w, n, 8);
    w_int(w, zero, 8);
    w_f64(w, 0.0);
    w_f64(w, 0.0);
    w_int(w, 0, 4);
    w_int(w, 0, 4);
}

/* A cell whose four summaries are empty. */
static void w_empty_cell(struct wr *w, const char *p, const char *t,
                         const char *c)
{
    int m;
    w_text(w, p);
    w_text(w, t);
    w_text(w, c);
    for (m = 0; m < 4; m++)
        w_summary(w, 0, 0);
}

/* Append the checksum of everything written so far. */
static void w_seal(struct wr *w)
{
    w_int(w, XXH3_64bits_withSeed(w->b, w->n, COST_SEED), 8);
}

static kol_status read_bytes(cat_env *env, const uint8_t *b, size_t len)
{
    kol_cost_history *h = NULL;
    kol_status st = kol_cost_history_deserialize(env->ctx, b, len, &h);
    kol_cost_history_free(h);
    return st;
}

/* A history read from bytes, with the cells douyin/head/a and, when
 * two, douyin/head/b, each price summary holding n values (all in the
 * zero bucket; the format allows any count up to 2^64 - 1). */
static kol_cost_history *huge_hist(cat_env *env, uint64_t n, int two)
{
    struct wr w;
    kol_cost_history *h = NULL;
    int c, m;
    w_header(&w, 1, 0, 0.01, two ? 2u : 1u);
    for (c = 0; c < (two ? 2 : 1); c++) {
        w_text(&w, "douyin");
        w_text(&w, "head");
        w_text(&w, c == 0 ? "a" : "b");
        for (m = 0; m < 3; m++)
            w_summary(&w, 0, 0);
        w_summary(&w, n, n); /* price */
    }
    w_seal(&w);
    assert_int_equal(kol_cost_history_deserialize(env->ctx, w.b, w.n, &h),
                     KOL_STATUS_OK);
    return h;
}

/* 2^63: two such counts overflow a summary's 64-bit count. */
#define HALF_COUNT (UINT64_C(1) << 63)

/* ------------------------------------------------------------------ */
/* kol_cost_history_new                                               */
/* ------------------------------------------------------------------ */

static kol_status new_null_ctx(cat_env *env)
{
    kol_cost_history *h = NULL;
    (void)env;
    return kol_cost_history_new(NULL, 0.01, &h);
}

static kol_status new_null_out(cat_env *env)
{
    return kol_cost_history_new(env->ctx, 0.01, NULL);
}

static kol_status new_alpha_nan(cat_env *env)
{
    kol_cost_history *h = NULL;
    kol_status st = kol_cost_history_new(env->ctx, NAN, &h);
    kol_cost_history_free(h);
    return st;
}

static kol_status new_alpha_high(cat_env *env)
{
    kol_cost_history *h = NULL;
    kol_status st = kol_cost_history_new(env->ctx, 0.5, &h);
    kol_cost_history_free(h);
    return st;
}

static kol_status new_nomem(cat_env *env)
{
    kol_cost_history *h = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_new(env->ctx, 0.01, &h);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_add                                               */
/* ------------------------------------------------------------------ */

static kol_status add_null_hist(cat_env *env)
{
    (void)env;
    return kol_cost_history_add(NULL, "douyin", "head", NULL, 100, 1000, 10,
                                1);
}

static kol_status add_null_platform(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, NULL, "head", NULL, 100, 1000,
                                         10, 1);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_empty_tier(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, "douyin", "", NULL, 100, 1000,
                                         10, 1);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_bad_utf8_category(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, "douyin", "head", "be\xC3(uty",
                                         100, 1000, 10, 1);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_cost_inf(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, "douyin", "head", NULL, INFINITY,
                                         1000, 10, 1);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_exposure_negative(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, "douyin", "head", NULL, 100, -1,
                                         10, 1);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_orders_huge(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st = kol_cost_history_add(h, "douyin", "head", NULL, 100,
                                         1000, 10, TWO54);
    kol_cost_history_free(h);
    return st;
}

static kol_status add_nomem(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_add(h, "douyin", "head", "beauty", 100, 1000, 10,
                              1);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_merge                                             */
/* ------------------------------------------------------------------ */

static kol_status merge_null_dst(cat_env *env)
{
    (void)env;
    return kol_cost_history_merge(NULL, NULL);
}

static kol_status merge_null_src(cat_env *env)
{
    kol_cost_history *dst = sample_hist(env);
    kol_status st = kol_cost_history_merge(dst, NULL);
    kol_cost_history_free(dst);
    return st;
}

static kol_status merge_alpha(cat_env *env)
{
    kol_cost_history *dst = new_hist(env, 0.01), *src = new_hist(env, 0.02);
    kol_status st = kol_cost_history_merge(dst, src);
    kol_cost_history_free(dst);
    kol_cost_history_free(src);
    return st;
}

static kol_status merge_count_overflow(cat_env *env)
{
    kol_cost_history *dst = huge_hist(env, HALF_COUNT, 0);
    kol_cost_history *src = huge_hist(env, HALF_COUNT, 0);
    kol_status st = kol_cost_history_merge(dst, src);
    kol_cost_history_free(dst);
    kol_cost_history_free(src);
    return st;
}

static kol_status merge_nomem(cat_env *env)
{
    kol_cost_history *dst = new_hist(env, 0.01), *src = sample_hist(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_merge(dst, src);
    testalloc_disarm(env->ta);
    kol_cost_history_free(dst);
    kol_cost_history_free(src);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_count                                             */
/* ------------------------------------------------------------------ */

static kol_status count_null_hist(cat_env *env)
{
    uint64_t n;
    (void)env;
    return kol_cost_history_count(NULL, "douyin", "head", NULL,
                                  KOL_COST_MEASURE_CPM, &n);
}

static kol_status count_null_out(cat_env *env)
{
    kol_cost_history *h = sample_hist(env);
    kol_status st = kol_cost_history_count(h, "douyin", "head", NULL,
                                           KOL_COST_MEASURE_CPM, NULL);
    kol_cost_history_free(h);
    return st;
}

static kol_status count_null_tier(cat_env *env)
{
    kol_cost_history *h = sample_hist(env);
    uint64_t n;
    kol_status st = kol_cost_history_count(h, "douyin", NULL, NULL,
                                           KOL_COST_MEASURE_CPM, &n);
    kol_cost_history_free(h);
    return st;
}

static kol_status count_measure(cat_env *env)
{
    kol_cost_history *h = sample_hist(env);
    uint64_t n;
    kol_status st = kol_cost_history_count(h, "douyin", "head", NULL, 4, &n);
    kol_cost_history_free(h);
    return st;
}

static kol_status count_overflow(cat_env *env)
{
    kol_cost_history *h = huge_hist(env, HALF_COUNT, 1);
    uint64_t n;
    kol_status st = kol_cost_history_count(h, "douyin", "head", NULL,
                                           KOL_COST_MEASURE_PRICE, &n);
    kol_cost_history_free(h);
    return st;
}

static kol_status count_nomem(cat_env *env)
{
    kol_cost_history *h = sample_hist(env);
    uint64_t n;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_count(h, "douyin", "head", NULL,
                                KOL_COST_MEASURE_PRICE, &n);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_quantile                                          */
/* ------------------------------------------------------------------ */

static kol_status quantile_call(cat_env *env, const char *tier,
                                const char *category, int measure, double q,
                                int null_out, int nomem)
{
    kol_cost_history *h = sample_hist(env);
    double v;
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_quantile(h, "douyin", tier, category, measure, q,
                                   null_out ? NULL : &v);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

static kol_status quantile_null_hist(cat_env *env)
{
    double v;
    (void)env;
    return kol_cost_history_quantile(NULL, "douyin", "head", NULL,
                                     KOL_COST_MEASURE_CPM, 0.5, &v);
}

static kol_status quantile_null_out(cat_env *env)
{
    return quantile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, 0.5, 1, 0);
}

static kol_status quantile_null_tier(cat_env *env)
{
    return quantile_call(env, NULL, NULL, KOL_COST_MEASURE_CPM, 0.5, 0, 0);
}

static kol_status quantile_measure(cat_env *env)
{
    return quantile_call(env, "head", NULL, -1, 0.5, 0, 0);
}

static kol_status quantile_q_nan(cat_env *env)
{
    return quantile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, NAN, 0, 0);
}

static kol_status quantile_q_high(cat_env *env)
{
    return quantile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, 1.5, 0, 0);
}

static kol_status quantile_empty(cat_env *env)
{
    return quantile_call(env, "head", "beauty", KOL_COST_MEASURE_CPA, 0.5, 0,
                         0);
}

static kol_status quantile_overflow(cat_env *env)
{
    kol_cost_history *h = huge_hist(env, HALF_COUNT, 1);
    double v;
    kol_status st = kol_cost_history_quantile(
        h, "douyin", "head", NULL, KOL_COST_MEASURE_PRICE, 0.5, &v);
    kol_cost_history_free(h);
    return st;
}

static kol_status quantile_nomem(cat_env *env)
{
    return quantile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, 0.5, 0, 1);
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_percentile                                        */
/* ------------------------------------------------------------------ */

static kol_status percentile_call(cat_env *env, const char *tier,
                                  const char *category, int measure,
                                  double value, int null_out, int nomem)
{
    kol_cost_history *h = sample_hist(env);
    double r;
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_percentile(h, "douyin", tier, category, measure,
                                     value, null_out ? NULL : &r);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

static kol_status percentile_null_hist(cat_env *env)
{
    double r;
    (void)env;
    return kol_cost_history_percentile(NULL, "douyin", "head", NULL,
                                       KOL_COST_MEASURE_CPM, 25, &r);
}

static kol_status percentile_null_out(cat_env *env)
{
    return percentile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, 25, 1, 0);
}

static kol_status percentile_null_tier(cat_env *env)
{
    return percentile_call(env, NULL, NULL, KOL_COST_MEASURE_CPM, 25, 0, 0);
}

static kol_status percentile_measure(cat_env *env)
{
    return percentile_call(env, "head", NULL, 9, 25, 0, 0);
}

static kol_status percentile_value_inf(cat_env *env)
{
    return percentile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, INFINITY,
                           0, 0);
}

static kol_status percentile_value_negative(cat_env *env)
{
    return percentile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, -3, 0, 0);
}

static kol_status percentile_empty(cat_env *env)
{
    return percentile_call(env, "head", NULL, KOL_COST_MEASURE_CPA, 25, 0, 0);
}

static kol_status percentile_overflow(cat_env *env)
{
    kol_cost_history *h = huge_hist(env, HALF_COUNT, 1);
    double r;
    kol_status st = kol_cost_history_percentile(
        h, "douyin", "head", NULL, KOL_COST_MEASURE_PRICE, 10, &r);
    kol_cost_history_free(h);
    return st;
}

static kol_status percentile_nomem(cat_env *env)
{
    return percentile_call(env, "head", NULL, KOL_COST_MEASURE_CPM, 25, 0, 1);
}

/* ------------------------------------------------------------------ */
/* kol_cost_history_quote                                             */
/* ------------------------------------------------------------------ */

static kol_status quote_call(cat_env *env, const char *platform,
                             const char *category, double quote,
                             double exposure, double q_low, double q_high,
                             int null_out, int nomem)
{
    kol_cost_history *h = sample_hist(env);
    double pct, low, mid, high;
    int32_t basis;
    kol_status st;
    if (nomem)
        testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_quote(h, platform, "head", category, quote,
                                exposure, q_low, q_high, &pct, &low, &mid,
                                &high, null_out ? NULL : &basis);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

static kol_status quote_null_hist(cat_env *env)
{
    double pct, low, mid, high;
    int32_t basis;
    (void)env;
    return kol_cost_history_quote(NULL, "douyin", "head", NULL, 45000, 1e6,
                                  0.25, 0.75, &pct, &low, &mid, &high,
                                  &basis);
}

static kol_status quote_null_basis(cat_env *env)
{
    return quote_call(env, "douyin", NULL, 45000, 1e6, 0.25, 0.75, 1, 0);
}

static kol_status quote_null_platform(cat_env *env)
{
    return quote_call(env, NULL, NULL, 45000, 1e6, 0.25, 0.75, 0, 0);
}

static kol_status quote_nan(cat_env *env)
{
    return quote_call(env, "douyin", NULL, NAN, 1e6, 0.25, 0.75, 0, 0);
}

static kol_status quote_exposure_inf(cat_env *env)
{
    return quote_call(env, "douyin", NULL, 45000, INFINITY, 0.25, 0.75, 0,
                      0);
}

static kol_status quote_negative(cat_env *env)
{
    return quote_call(env, "douyin", NULL, -1, 1e6, 0.25, 0.75, 0, 0);
}

static kol_status quote_q_low(cat_env *env)
{
    return quote_call(env, "douyin", NULL, 45000, 1e6, 0.7, 0.75, 0, 0);
}

static kol_status quote_q_high(cat_env *env)
{
    return quote_call(env, "douyin", NULL, 45000, 1e6, 0.25, 0.2, 0, 0);
}

static kol_status quote_empty(cat_env *env)
{
    return quote_call(env, "bilibili", NULL, 45000, 1e6, 0.25, 0.75, 0, 0);
}

static kol_status quote_empty_category(cat_env *env)
{
    return quote_call(env, "douyin", "travel", 45000, 1e6, 0.25, 0.75, 0, 0);
}

static kol_status quote_overflow(cat_env *env)
{
    kol_cost_history *h = huge_hist(env, HALF_COUNT, 1);
    double pct, low, mid, high;
    int32_t basis;
    kol_status st = kol_cost_history_quote(h, "douyin", "head", NULL, 100, 0,
                                           0.25, 0.75, &pct, &low, &mid,
                                           &high, &basis);
    kol_cost_history_free(h);
    return st;
}

static kol_status quote_nomem(cat_env *env)
{
    return quote_call(env, "douyin", NULL, 45000, 1e6, 0.25, 0.75, 0, 1);
}

/* ------------------------------------------------------------------ */
/* Bytes                                                              */
/* ------------------------------------------------------------------ */

static kol_status serialize_null_hist(cat_env *env)
{
    size_t need;
    (void)env;
    return kol_cost_history_serialize(NULL, NULL, 0, &need);
}

static kol_status serialize_null_needed(cat_env *env)
{
    kol_cost_history *h = sample_hist(env);
    kol_status st = kol_cost_history_serialize(h, NULL, 0, NULL);
    kol_cost_history_free(h);
    return st;
}

static kol_status serialize_small(cat_env *env)
{
    kol_cost_history *h = new_hist(env, 0.01);
    uint8_t b[64];
    size_t need = 0;
    kol_status st;
    /* An empty history takes 8 + 4 + 4 + 8 + 4 + 8 = 36 bytes. */
    st = kol_cost_history_serialize(h, b, 35, &need);
    kol_cost_history_free(h);
    return st;
}

static kol_status deser_null_ctx(cat_env *env)
{
    struct wr w;
    kol_cost_history *h = NULL;
    (void)env;
    w_header(&w, 1, 0, 0.01, 0);
    w_seal(&w);
    return kol_cost_history_deserialize(NULL, w.b, w.n, &h);
}

static kol_status deser_null_out(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 0);
    w_seal(&w);
    return kol_cost_history_deserialize(env->ctx, w.b, w.n, NULL);
}

static kol_status deser_null_buf(cat_env *env)
{
    return read_bytes(env, NULL, 36);
}

static kol_status deser_truncated(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 0);
    w_seal(&w);
    return read_bytes(env, w.b, 20);
}

static kol_status deser_magic(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 0);
    w.b[0] = 'X';
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_version(cat_env *env)
{
    struct wr w;
    w_header(&w, 2, 0, 0.01, 0);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_checksum(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 1);
    w_empty_cell(&w, "douyin", "head", "beauty");
    w_seal(&w);
    w.b[33] ^= 0x20; /* "douyin" becomes "dOuyin" (label text at 32) */
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_flags(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 1, 0.01, 0);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_alpha(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.5, 0);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_cells(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 1000);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_label(cat_env *env)
{
    struct wr w;
    int m;
    w_header(&w, 1, 0, 0.01, 1);
    /* A platform label claiming 300 bytes, in a buffer that holds far
     * fewer after it. */
    w_int(&w, 300, 4);
    w_text(&w, "head");
    w_text(&w, "");
    for (m = 0; m < 4; m++)
        w_summary(&w, 0, 0);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_order(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 2);
    w_empty_cell(&w, "douyin", "head", "");
    w_empty_cell(&w, "douyin", "head", "");
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}


/* Bytes of one cell douyin/head/"" whose CPM summary has the given
 * fields and no bucket counts, the other three empty, read back. */
static kol_status read_cpm(cat_env *env, uint64_t n, uint64_t zero, double mn,
                           double mx, uint32_t ilo)
{
    struct wr w;
    int m;
    w_header(&w, 1, 0, 0.01, 1);
    w_text(&w, "douyin");
    w_text(&w, "head");
    w_text(&w, "");
    w_int(&w, n, 8);
    w_int(&w, zero, 8);
    w_f64(&w, mn);
    w_f64(&w, mx);
    w_int(&w, ilo, 4);
    w_int(&w, 0, 4);
    for (m = 1; m < 4; m++)
        w_summary(&w, 0, 0);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

/* cpm: 5 values but only 3 zeros, no bucket */
static kol_status deser_count(cat_env *env)
{
    return read_cpm(env, 5, 3, 0.0, 0.0, 0);
}

/* cpm: 2 values, both in the zero bucket; no bucket, but index 7 */
static kol_status deser_index_without_buckets(cat_env *env)
{
    return read_cpm(env, 2, 2, 0.0, 0.0, 7);
}

/* cpm: 2 values in the zero bucket, but a max of 500 */
static kol_status deser_max_outside(cat_env *env)
{
    return read_cpm(env, 2, 2, 0.0, 500.0, 0);
}

static kol_status deser_trailing(cat_env *env)
{
    struct wr w;
    w_header(&w, 1, 0, 0.01, 0);
    w_int(&w, 0, 3);
    w_seal(&w);
    return read_bytes(env, w.b, w.n);
}

static kol_status deser_nomem(cat_env *env)
{
    struct wr w;
    kol_cost_history *h = NULL;
    kol_status st;
    w_header(&w, 1, 0, 0.01, 1);
    w_empty_cell(&w, "douyin", "head", "beauty");
    w_seal(&w);
    testalloc_fail_from(env->ta, 1);
    st = kol_cost_history_deserialize(env->ctx, w.b, w.n, &h);
    testalloc_disarm(env->ta);
    kol_cost_history_free(h);
    return st;
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

/* CAT_UNTESTED kol_cost_history_add KOL_STATUS_TOO_LARGE: needs a history
 * that already holds KOL_COST_MAX_CELLS (10^6) cells: 3 million label
 * allocations and about 580 MB (measured: 180 MB of bytes deserialized,
 * then one more cell refused with "more than 1000000 cells", 7 s), too
 * much for a catalogue row that also runs under valgrind and the
 * sanitizers. */

const cat_row cat_rows_cost[] = {
    CAT_ROW("kol_cost_history_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, new_null_ctx),
    CAT_ROW("kol_cost_history_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "out is NULL", new_null_out),
    CAT_ROW("kol_cost_history_new", KOL_STATUS_NOT_FINITE, "alpha NaN",
            "alpha is nan", new_alpha_nan),
    CAT_ROW("kol_cost_history_new", KOL_STATUS_OUT_OF_RANGE, "alpha 0.5 (above 0.1)",
            "alpha 0.5 outside", new_alpha_high),
    CAT_ROW("kol_cost_history_new", KOL_STATUS_NOMEM, "every allocation refused",
            "kol_cost_history_new: out of memory", new_nomem),

    CAT_ROW("kol_cost_history_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, add_null_hist),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL platform",
            "platform is NULL", add_null_platform),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_BAD_TEXT, "an empty tier",
            "tier '': is empty", add_empty_tier),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_BAD_TEXT, "a category that is not valid UTF-8",
            "category 'be", add_bad_utf8_category),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_NOT_FINITE, "cost +inf",
            "cost is inf", add_cost_inf),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_OUT_OF_RANGE, "exposure -1",
            "exposure -1 outside", add_exposure_negative),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_OUT_OF_RANGE, "orders 2^54 (above 2^53)",
            "orders 1.8014398509481984e+16 outside", add_orders_huge),
    CAT_ROW("kol_cost_history_add", KOL_STATUS_NOMEM, "a new cell with every allocation refused",
            "kol_cost_history_add: out of memory", add_nomem),

    CAT_ROW("kol_cost_history_merge", KOL_STATUS_INVALID_ARGUMENT, "NULL dst and src (no context to report to)",
            NULL, merge_null_dst),
    CAT_ROW("kol_cost_history_merge", KOL_STATUS_INVALID_ARGUMENT, "a NULL src",
            "src is NULL", merge_null_src),
    CAT_ROW("kol_cost_history_merge", KOL_STATUS_MISMATCH, "alpha 0.01 and alpha 0.02",
            "alpha 0.01 and 0.02 differ", merge_alpha),
    CAT_ROW("kol_cost_history_merge", KOL_STATUS_TOO_LARGE, "two histories whose douyin/head/a price summaries hold 2^63 values each",
            "9223372036854775808 + 9223372036854775808 values overflow a summary's count", merge_count_overflow),
    CAT_ROW("kol_cost_history_merge", KOL_STATUS_NOMEM, "a non-empty src with every allocation refused",
            "kol_cost_history_merge: out of memory", merge_nomem),

    CAT_ROW("kol_cost_history_count", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, count_null_hist),
    CAT_ROW("kol_cost_history_count", KOL_STATUS_INVALID_ARGUMENT, "a NULL count",
            "count is NULL", count_null_out),
    CAT_ROW("kol_cost_history_count", KOL_STATUS_INVALID_ARGUMENT, "a NULL tier",
            "platform or tier is NULL", count_null_tier),
    CAT_ROW("kol_cost_history_count", KOL_STATUS_UNKNOWN_ENUM, "measure 4",
            "measure 4 unknown", count_measure),
    CAT_ROW("kol_cost_history_count", KOL_STATUS_TOO_LARGE, "categories pooled (category NULL) over two price summaries of 2^63 values each",
            "values overflow a summary's count", count_overflow),
    CAT_ROW("kol_cost_history_count", KOL_STATUS_NOMEM, "categories pooled (category NULL) with every allocation refused",
            "kol_cost_history_count: out of memory", count_nomem),

    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, quantile_null_hist),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_INVALID_ARGUMENT, "a NULL value",
            "value is NULL", quantile_null_out),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_INVALID_ARGUMENT, "a NULL tier",
            "platform or tier is NULL", quantile_null_tier),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_UNKNOWN_ENUM, "measure -1",
            "measure -1 unknown", quantile_measure),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_NOT_FINITE, "q NaN",
            "quantile level is nan", quantile_q_nan),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_OUT_OF_RANGE, "q 1.5",
            "quantile level 1.5 outside [0, 1]", quantile_q_high),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_EMPTY, "the CPA summary of a cell whose deliveries had no orders",
            "kol_cost_history_quantile: no cpa value for 'douyin'/'head'/'beauty'", quantile_empty),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_TOO_LARGE, "categories pooled (category NULL) over two price summaries of 2^63 values each",
            "values overflow a summary's count", quantile_overflow),
    CAT_ROW("kol_cost_history_quantile", KOL_STATUS_NOMEM, "categories pooled (category NULL) with every allocation refused",
            "kol_cost_history_quantile: out of memory", quantile_nomem),

    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, percentile_null_hist),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_INVALID_ARGUMENT, "a NULL rank",
            "rank is NULL", percentile_null_out),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_INVALID_ARGUMENT, "a NULL tier",
            "platform or tier is NULL", percentile_null_tier),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_UNKNOWN_ENUM, "measure 9",
            "measure 9 unknown", percentile_measure),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_NOT_FINITE, "value +inf",
            "value is inf", percentile_value_inf),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_OUT_OF_RANGE, "value -3",
            "value -3 outside", percentile_value_negative),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_EMPTY, "the pooled CPA summary of deliveries without orders",
            "kol_cost_history_percentile: no cpa value for 'douyin'/'head' (any category)", percentile_empty),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_TOO_LARGE, "categories pooled (category NULL) over two price summaries of 2^63 values each",
            "values overflow a summary's count", percentile_overflow),
    CAT_ROW("kol_cost_history_percentile", KOL_STATUS_NOMEM, "categories pooled (category NULL) with every allocation refused",
            "kol_cost_history_percentile: out of memory", percentile_nomem),

    CAT_ROW("kol_cost_history_quote", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, quote_null_hist),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_INVALID_ARGUMENT, "a NULL basis output",
            "an output is NULL", quote_null_basis),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_INVALID_ARGUMENT, "a NULL platform",
            "platform or tier is NULL", quote_null_platform),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_NOT_FINITE, "quote NaN",
            "quote is nan", quote_nan),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_NOT_FINITE, "exposure +inf",
            "exposure is inf", quote_exposure_inf),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_OUT_OF_RANGE, "quote -1",
            "quote -1 outside", quote_negative),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_OUT_OF_RANGE, "q_low 0.7 (above 0.5)",
            "q_low 0.7 outside [0, 0.5]", quote_q_low),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_OUT_OF_RANGE, "q_high 0.2 (below 0.5)",
            "q_high 0.2 outside [0.5, 1]", quote_q_high),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_EMPTY, "a platform with no history (categories pooled)",
            "no history for 'bilibili'/'head' (any category)", quote_empty),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_EMPTY, "a category with no history",
            "no history for 'douyin'/'head'/'travel'", quote_empty_category),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_TOO_LARGE, "categories pooled (category NULL) over two price summaries of 2^63 values each",
            "values overflow a summary's count", quote_overflow),
    CAT_ROW("kol_cost_history_quote", KOL_STATUS_NOMEM, "categories pooled (category NULL) with every allocation refused",
            "kol_cost_history_quote: out of memory", quote_nomem),

    CAT_ROW("kol_cost_history_serialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL history (no context to report to)",
            NULL, serialize_null_hist),
    CAT_ROW("kol_cost_history_serialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL needed",
            "needed is NULL", serialize_null_needed),
    CAT_ROW("kol_cost_history_serialize", KOL_STATUS_TOO_LARGE, "35 bytes of room for an empty history that needs 36",
            "36 bytes needed, 35 given", serialize_small),

    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, deser_null_ctx),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_cost_history_deserialize: out is NULL", deser_null_out),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL buffer with len = 36",
            "kol_cost_history_deserialize: buf is NULL with len = 36", deser_null_buf),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "20 bytes (shorter than the 36-byte header and checksum)",
            "truncated (20 bytes)", deser_truncated),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "magic XOLCOSTH",
            "bad magic", deser_magic),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_VERSION, "format version 2",
            "format version 2", deser_version),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a label byte changed after the checksum was made",
            "checksum mismatch", deser_checksum),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "flags 1 with a valid checksum",
            "unknown flags 1", deser_flags),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "alpha 0.5 with a valid checksum",
            "alpha 0.5 invalid", deser_alpha),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a count of 1000 cells and no cell bytes",
            "1000 cells do not fit", deser_cells),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a platform label length of 300 past the end",
            "cell 0 label 0 truncated", deser_label),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "the same cell twice",
            "cell 1 out of order or repeated", deser_order),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a CPM summary counting 5 values with 3 in its buckets",
            "cell 0 cpm: count 5 but buckets hold 3", deser_count),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a first bucket index of 7 in a CPM summary with no bucket (the writer puts 0)",
            "cell 0 cpm: bucket index 7 without buckets", deser_index_without_buckets),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "a CPM summary of 2 values in the zero bucket with a max of 500",
            "cell 0 cpm: min or max outside the buckets that hold the values", deser_max_outside),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_CORRUPT, "3 bytes between the last cell and the checksum",
            "3 trailing bytes", deser_trailing),
    CAT_ROW("kol_cost_history_deserialize", KOL_STATUS_NOMEM, "valid bytes of one cell with every allocation refused",
            "kol_cost_history_deserialize: out of memory", deser_nomem),
    CAT_END
};
