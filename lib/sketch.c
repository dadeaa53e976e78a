/* Audience sketches: HyperLogLog with Ertl's improved estimator.
 *
 * Sources (docs/model-overlap.md gives the formulas):
 *  - P. Flajolet, E. Fusy, O. Gandouet, F. Meunier, "HyperLogLog: the
 *    analysis of a near-optimal cardinality estimation algorithm", AofA 2007
 *    (registers, ranks, the 1.04 / sqrt(m) standard error).
 *  - O. Ertl, "New cardinality estimation algorithms for HyperLogLog
 *    sketches", arXiv:1702.01284, 2017 (the improved estimator with the
 *    sigma and tau functions, Algorithm 6 there; valid over the whole range
 *    without bias-correction tables).
 */
#include <math.h>
#include <string.h>

#include "kol/sketch.h"
#include "internal/base.h"
#include "internal/hash.h"
#include "internal/sketch.h"

struct kol_sketch {
    kol_ctx *ctx;
    int p;          /* precision */
    uint64_t seed;  /* hash seed */
    size_t m;       /* 2^p */
    uint8_t *regs;  /* m registers, each in [0, 65 - p] */
};

/* Byte format (version 1), all integers little-endian:
 *   0  4  magic "KOLH"
 *   4  1  format version (1)
 *   5  1  precision p (4..18)
 *   6  1  encoding: 0 dense (m bytes), 1 sparse (4-byte entries)
 *   7  1  reserved, 0
 *   8  8  hash seed
 *  16  4  payload length L in bytes
 *  20  L  payload
 * 20+L 8  XXH3-64 of bytes [0, 20 + L) with seed KOL__SKETCH_CHECK_SEED
 * A sparse entry is (index << 8) | value, indexes strictly increasing,
 * values in [1, 65 - p]. */
#define KOL__SKETCH_HEADER 20u
#define KOL__SKETCH_TRAILER 8u
/* "kol-chk1" read as a big-endian number; frozen. */
#define KOL__SKETCH_CHECK_SEED 0x6b6f6c2d63686b31ULL
#define KOL__ENC_DENSE 0u
#define KOL__ENC_SPARSE 1u

/* 1 / (2 ln 2): alpha_infinity of Ertl 2017, eq. (9). */
#define KOL__ALPHA_INF 0.72134752044448170368

kol_status kol_sketch_param_bounds(int param, double *min, double *max,
                                   double *default_value)
{
    if (param != KOL_SKETCH_PARAM_PRECISION)
        return KOL_STATUS_UNKNOWN_ENUM;
    if (min)
        *min = KOL_SKETCH_MIN_PRECISION;
    if (max)
        *max = KOL_SKETCH_MAX_PRECISION;
    if (default_value)
        *default_value = KOL_SKETCH_DEFAULT_PRECISION;
    return KOL_STATUS_OK;
}

kol_status kol_sketch_standard_error(int precision, double *out)
{
    if (!out)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (precision < KOL_SKETCH_MIN_PRECISION ||
        precision > KOL_SKETCH_MAX_PRECISION)
        return KOL_STATUS_OUT_OF_RANGE;
    *out = 1.04 / sqrt((double)((size_t)1 << precision));
    return KOL_STATUS_OK;
}

/* A zeroed sketch of a checked precision; on failure the message names
 * fn, the public call that wanted it. */
static kol_status sketch_make(kol_ctx *ctx, int precision, uint64_t seed,
                              const char *fn, kol_sketch **out)
{
    kol_sketch *s = kol__alloc(ctx, sizeof *s);
    size_t m = (size_t)1 << precision;
    *out = NULL; /* (also tells an optimizer that it is set on failure) */
    if (s) {
        s->regs = kol__calloc_array(ctx, m, 1);
        if (!s->regs) {
            kol__free(ctx, s);
            s = NULL;
        }
    }
    if (!s)
        return kol__fail(ctx, KOL_STATUS_NOMEM,
                         "%s: out of memory for a sketch of precision %d "
                         "(%z registers)",
                         fn, precision, m);
    s->ctx = ctx;
    s->p = precision;
    s->seed = seed;
    s->m = m;
    *out = s;
    return KOL_STATUS_OK;
}

kol_status kol_sketch_new(kol_ctx *ctx, int precision, uint64_t seed,
                          kol_sketch **out)
{
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_new: out is NULL");
    if (precision < KOL_SKETCH_MIN_PRECISION ||
        precision > KOL_SKETCH_MAX_PRECISION)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "kol_sketch_new: precision %d outside [%d, %d]",
                         precision, KOL_SKETCH_MIN_PRECISION,
                         KOL_SKETCH_MAX_PRECISION);
    return sketch_make(ctx, precision, seed, "kol_sketch_new", out);
}

void kol_sketch_free(kol_sketch *sketch)
{
    if (!sketch)
        return;
    kol__free(sketch->ctx, sketch->regs);
    kol__free(sketch->ctx, sketch);
}

kol_status kol_sketch_clone(const kol_sketch *sketch, kol_sketch **out)
{
    kol_sketch *c;
    kol_status st;
    if (out)
        *out = NULL;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_clone: out is NULL");
    st = sketch_make(sketch->ctx, sketch->p, sketch->seed,
                     "kol_sketch_clone", &c);
    if (st != KOL_STATUS_OK)
        return st;
    memcpy(c->regs, sketch->regs, sketch->m);
    *out = c;
    return KOL_STATUS_OK;
}

kol_status kol_sketch_clear(kol_sketch *sketch)
{
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    memset(sketch->regs, 0, sketch->m);
    return KOL_STATUS_OK;
}

int kol_sketch_precision(const kol_sketch *sketch)
{
    return sketch ? sketch->p : 0;
}

uint64_t kol_sketch_seed(const kol_sketch *sketch)
{
    return sketch ? sketch->seed : 0;
}

/* Number of leading zero bits of a non-zero x. */
static inline unsigned clz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_clzll(x);
#else
    unsigned n = 0;
    while (!(x & 0x8000000000000000ULL)) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

/* Register update for hash h: index = top p bits; rank = 1 + leading zeros
 * of the remaining 64 - p bits (a sentinel bit caps it at 65 - p). The max
 * is written branch-free. */
static inline void hll_update(uint8_t *regs, unsigned p, uint64_t h)
{
    size_t idx = (size_t)(h >> (64u - p));
    uint64_t w = (h << p) | ((uint64_t)1 << (p - 1u));
    uint8_t r = (uint8_t)(clz64(w) + 1u);
    uint8_t old = regs[idx];
    regs[idx] = old > r ? old : r;
}

/* XXH3-64 of the 8 little-endian bytes of x. */
static inline uint64_t hash_id(uint64_t x, uint64_t seed)
{
    uint8_t b[8];
    b[0] = (uint8_t)x;
    b[1] = (uint8_t)(x >> 8);
    b[2] = (uint8_t)(x >> 16);
    b[3] = (uint8_t)(x >> 24);
    b[4] = (uint8_t)(x >> 32);
    b[5] = (uint8_t)(x >> 40);
    b[6] = (uint8_t)(x >> 48);
    b[7] = (uint8_t)(x >> 56);
    return kol__hash_bytes(b, 8, seed);
}

kol_status kol_sketch_add_ids(kol_sketch *sketch, const uint64_t *ids,
                              size_t n)
{
    uint8_t *regs;
    unsigned p;
    uint64_t seed;
    size_t i;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n == 0)
        return KOL_STATUS_OK;
    if (!ids)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_add_ids: ids is NULL with n = %z", n);
    regs = sketch->regs;
    p = (unsigned)sketch->p;
    seed = sketch->seed;
    for (i = 0; i + 4 <= n; i += 4) {
        uint64_t h0 = hash_id(ids[i], seed);
        uint64_t h1 = hash_id(ids[i + 1], seed);
        uint64_t h2 = hash_id(ids[i + 2], seed);
        uint64_t h3 = hash_id(ids[i + 3], seed);
        hll_update(regs, p, h0);
        hll_update(regs, p, h1);
        hll_update(regs, p, h2);
        hll_update(regs, p, h3);
    }
    for (; i < n; i++)
        hll_update(regs, p, hash_id(ids[i], seed));
    return KOL_STATUS_OK;
}

kol_status kol_sketch_add_bytes(kol_sketch *sketch, const void *data,
                                size_t len)
{
    static const uint8_t empty = 0;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!data) {
        if (len > 0)
            return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_sketch_add_bytes: data is NULL with "
                             "len = %z", len);
        data = &empty;
    }
    hll_update(sketch->regs, (unsigned)sketch->p,
               kol__hash_bytes(data, len, sketch->seed));
    return KOL_STATUS_OK;
}

kol_status kol_sketch_add_strings(kol_sketch *sketch, const void *const *data,
                                  const size_t *lens, size_t n)
{
    static const uint8_t empty = 0;
    size_t i;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n == 0)
        return KOL_STATUS_OK;
    if (!data || !lens)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_add_strings: %s is NULL with n = %z",
                         !data ? "data" : "lens", n);
    for (i = 0; i < n; i++)
        if (!data[i] && lens[i] > 0)
            return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_sketch_add_strings: item %z is NULL with "
                             "length %z", i, lens[i]);
    for (i = 0; i < n; i++) {
        const void *d = data[i] ? data[i] : (const void *)&empty;
        hll_update(sketch->regs, (unsigned)sketch->p,
                   kol__hash_bytes(d, lens[i], sketch->seed));
    }
    return KOL_STATUS_OK;
}

static kol_status check_pair(kol_ctx *ctx, const kol_sketch *a,
                             const kol_sketch *b, const char *where)
{
    if (a->p != b->p)
        return kol__fail(ctx, KOL_STATUS_MISMATCH,
                         "%s: precision %d and %d differ", where, a->p, b->p);
    if (a->seed != b->seed)
        return kol__fail(ctx, KOL_STATUS_MISMATCH,
                         "%s: hash seeds %L and %L differ", where, a->seed,
                         b->seed);
    return KOL_STATUS_OK;
}

kol_status kol_sketch_merge(kol_sketch *dst, const kol_sketch *src)
{
    kol_status st;
    size_t i;
    if (!dst)
        return src ? kol__fail(src->ctx, KOL_STATUS_INVALID_ARGUMENT,
                               "kol_sketch_merge: dst is NULL")
                   : KOL_STATUS_INVALID_ARGUMENT;
    if (!src)
        return kol__fail(dst->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_merge: src is NULL");
    st = check_pair(dst->ctx, dst, src, "kol_sketch_merge");
    if (st != KOL_STATUS_OK)
        return st;
    for (i = 0; i < dst->m; i++) {
        uint8_t a = dst->regs[i], b = src->regs[i];
        dst->regs[i] = a > b ? a : b;
    }
    return KOL_STATUS_OK;
}

/* ---- estimator (Ertl 2017) ------------------------------------------- */

/* Counts the len registers at regs into four histograms side by side
 * (h4[j] takes the registers j mod 4; summed by hist_sum(), the same
 * counts as one histogram): most registers hold one of a few values, and
 * with one histogram each count would wait on the one before it. len is
 * a multiple of 4 (of 16 in fact: m = 2^p with p >= 4, and the blocks of
 * union_of() are 4096 registers or what is left of m). */
static void hist_add4(uint32_t h4[4][64], const uint8_t *regs, size_t len)
{
    size_t i;
    for (i = 0; i < len; i += 4) {
        h4[0][regs[i] & 63u]++;
        h4[1][regs[i + 1] & 63u]++;
        h4[2][regs[i + 2] & 63u]++;
        h4[3][regs[i + 3] & 63u]++;
    }
}

static void hist_sum(uint32_t h4[4][64], uint32_t hist[64])
{
    size_t k;
    for (k = 0; k < 64; k++)
        hist[k] = h4[0][k] + h4[1][k] + h4[2][k] + h4[3][k];
}

void kol__hll_histogram(const uint8_t *regs, size_t m, uint32_t hist[64])
{
    uint32_t h4[4][64];
    memset(h4, 0, sizeof h4);
    hist_add4(h4, regs, m);
    hist_sum(h4, hist);
}

/* sigma(x) = x + sum_{k >= 1} x^(2^k) 2^(k-1), for 0 <= x < 1. */
static double hll_sigma(double x)
{
    double y = 1.0, z = x, zp;
    do {
        x *= x;
        zp = z;
        z += x * y;
        y += y;
    } while (z != zp);
    return z;
}

/* tau(x) = (1 - x - sum_{k >= 1} (1 - x^(2^-k))^2 2^-k) / 3, 0 < x <= 1
 * (x = 0, every register saturated, is handled by the caller). */
static double hll_tau(double x)
{
    double y = 1.0, z, zp;
    if (x == 1.0)
        return 0.0;
    z = 1.0 - x;
    do {
        x = sqrt(x);
        zp = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != zp);
    return z / 3.0;
}

double kol__hll_estimate(const uint32_t hist[64], int p)
{
    int q = 64 - p, k;
    double m = (double)((size_t)1 << p);
    double z, top = (double)hist[q + 1], next = (double)hist[q];
    if ((double)hist[0] == m)
        return 0.0;
    /* Every register at the largest rank q + 1 (only forged or absurdly
     * large inputs get there): the estimator's value is infinite (z = 0).
     * Report instead the largest finite estimate, that of one register one
     * rank lower, so that the estimate stays finite and monotone. */
    if (top == m) {
        top = m - 1.0;
        next = 1.0;
    }
    z = m * hll_tau(1.0 - top / m);
    for (k = q; k >= 1; k--)
        z = 0.5 * (z + (k == q ? next : (double)hist[k]));
    z += m * hll_sigma((double)hist[0] / m);
    return KOL__ALPHA_INF * m * m / z;
}

const uint8_t *kol__sketch_registers(const kol_sketch *s)
{
    return s->regs;
}

kol_ctx *kol__sketch_ctx(const kol_sketch *s)
{
    return s->ctx;
}

kol_status kol_sketch_estimate(const kol_sketch *sketch, double *out)
{
    uint32_t hist[64];
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_estimate: out is NULL");
    kol__hll_histogram(sketch->regs, sketch->m, hist);
    *out = kol__hll_estimate(hist, sketch->p);
    return KOL_STATUS_OK;
}

/* dst[k] = max(dst[k], src[k]) over len registers. */
static void max_into(uint8_t *restrict dst, const uint8_t *restrict src,
                     size_t len)
{
    size_t k;
    for (k = 0; k < len; k++) /* (a vector loop: the two cannot alias) */
        dst[k] = src[k] > dst[k] ? src[k] : dst[k];
}

/* The estimate of the union of the n > 0 sketches s (of equal precision
 * and seed): block by block the register-wise maxima, so that each sketch
 * is read sequentially, then their histogram. */
static double union_of(const kol_sketch *const *s, size_t n)
{
    uint32_t h4[4][64], hist[64];
    uint8_t block[4096];
    size_t i, j, m = s[0]->m;
    memset(h4, 0, sizeof h4);
    for (j = 0; j < m; j += sizeof block) {
        size_t len = m - j < sizeof block ? m - j : sizeof block;
        memcpy(block, s[0]->regs + j, len);
        for (i = 1; i < n; i++)
            max_into(block, s[i]->regs + j, len);
        hist_add4(h4, block, len);
    }
    hist_sum(h4, hist);
    return kol__hll_estimate(hist, s[0]->p);
}

kol_status kol_sketch_union_estimate(const kol_sketch *const *sketches,
                                     size_t n, double *out)
{
    kol_ctx *ctx;
    size_t i;
    /* n = 0 is the empty union (0), whatever the array pointer is. */
    if (n > 0 && !sketches)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n > 0 && !sketches[0]) {
        /* reported in the context of the first sketch there is */
        for (i = 1; i < n; i++)
            if (sketches[i])
                return kol__fail(sketches[i]->ctx,
                                 KOL_STATUS_INVALID_ARGUMENT,
                                 "kol_sketch_union_estimate: sketch 0 is "
                                 "NULL");
        return KOL_STATUS_INVALID_ARGUMENT;
    }
    if (n == 0) {
        if (!out)
            return KOL_STATUS_INVALID_ARGUMENT;
        *out = 0.0;
        return KOL_STATUS_OK;
    }
    ctx = sketches[0]->ctx;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_union_estimate: out is NULL");
    for (i = 1; i < n; i++) {
        if (!sketches[i])
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_sketch_union_estimate: sketch %z is NULL",
                             i);
        if (sketches[i]->p != sketches[0]->p ||
            sketches[i]->seed != sketches[0]->seed)
            return kol__fail(ctx, KOL_STATUS_MISMATCH,
                             "kol_sketch_union_estimate: sketch %z (precision "
                             "%d, seed %L) differs from sketch 0 (precision "
                             "%d, seed %L)", i, sketches[i]->p,
                             sketches[i]->seed, sketches[0]->p,
                             sketches[0]->seed);
    }
    *out = union_of(sketches, n);
    return KOL_STATUS_OK;
}

/* The union estimate of a pair (kol_sketch_overlap(), the matrices). */
static double union_pair(const kol_sketch *a, const kol_sketch *b)
{
    const kol_sketch *pair[2];
    pair[0] = a;
    pair[1] = b;
    return union_of(pair, 2);
}

/* Overlap and Jaccard index of two audiences of estimates ea and eb whose
 * union's estimate is eu (kol_sketch_overlap()); returns the union, kept
 * at least max(ea, eb). */
static double overlap_of(double ea, double eb, double eu, double *overlap,
                         double *jaccard)
{
    double ov, lo;
    /* The union estimate of registers that dominate both is at least
     * max(A, B) in exact arithmetic; keep it so after rounding. The
     * estimator is monotone in the registers and every step but the sigma
     * and tau series rounds monotonically, so these two guards have never
     * fired (test_overlap_clamps checks the contract on hundreds of pairs);
     * they stay against a series rounding one ulp the wrong way.
     * cov: not reachable by any known input */
    if (eu < ea)
        eu = ea;
    if (eu < eb) /* cov: as the guard above */
        eu = eb;
    ov = ea + eb - eu;
    lo = ea < eb ? ea : eb;
    if (ov < 0.0)
        ov = 0.0;
    if (ov > lo)
        ov = lo;
    if (overlap)
        *overlap = ov;
    if (jaccard)
        *jaccard = eu > 0.0 ? ov / eu : 0.0;
    return eu;
}

kol_status kol_sketch_overlap(const kol_sketch *a, const kol_sketch *b,
                              double *overlap, double *jaccard,
                              double *union_size)
{
    double ea, eb, eu;
    kol_status st;
    if (!a)
        return b ? kol__fail(b->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_sketch_overlap: a is NULL")
                 : KOL_STATUS_INVALID_ARGUMENT;
    if (!b)
        return kol__fail(a->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_overlap: b is NULL");
    st = check_pair(a->ctx, a, b, "kol_sketch_overlap");
    if (st != KOL_STATUS_OK)
        return st;
    kol_sketch_estimate(a, &ea);
    kol_sketch_estimate(b, &eb);
    eu = overlap_of(ea, eb, union_pair(a, b), overlap, jaccard);
    if (union_size)
        *union_size = eu;
    return KOL_STATUS_OK;
}

/* The checks of kol_sketch_overlap_matrix() (n_rows, n_cols > 0), in the
 * order its catalogue rows give: the arrays, their size (before any
 * element past the first is read), then every element. */
static kol_status check_matrix(const kol_sketch *const *rows, size_t nr,
                               const kol_sketch *const *cols, size_t nc,
                               const char *fn)
{
    const int sym = rows == cols && nr == nc;
    const kol_sketch *r0;
    kol_ctx *ctx = NULL;
    size_t i, k;
    /* the context of the first sketch there is, element 0 first */
    if (rows && rows[0])
        ctx = rows[0]->ctx;
    else if (cols && cols[0])
        ctx = cols[0]->ctx;
    if (!rows || !cols) {
        if (!ctx)
            return KOL_STATUS_INVALID_ARGUMENT;
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: %s is NULL with %s = %z", fn,
                         !rows ? "rows" : "cols",
                         !rows ? "n_rows" : "n_cols", !rows ? nr : nc);
    }
    if (nr > SIZE_MAX / sizeof(double) / nc) {
        if (!ctx)
            return KOL_STATUS_INVALID_ARGUMENT;
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "%s: %z by %z doubles do not fit in memory", fn, nr,
                         nc);
    }
    for (k = 0; k < 2 && !ctx; k++) {
        const kol_sketch *const *v = k ? cols : rows;
        for (i = 0; i < (k ? nc : nr) && !ctx; i++)
            if (v[i])
                ctx = v[i]->ctx;
    }
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    r0 = rows[0];
    for (k = 0; k < (sym ? 1u : 2u); k++) {
        const kol_sketch *const *v = k ? cols : rows;
        for (i = 0; i < (k ? nc : nr); i++) {
            if (!v[i])
                return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                                 "%s: %s[%z] is NULL", fn,
                                 k ? "cols" : "rows", i);
            /* (r0 is not NULL here: rows[0] is checked first) */
            if (v[i]->p != r0->p || v[i]->seed != r0->seed)
                return kol__fail(ctx, KOL_STATUS_MISMATCH,
                                 "%s: %s[%z] (precision %d, seed %L) differs "
                                 "from rows[0] (precision %d, seed %L)", fn,
                                 k ? "cols" : "rows", i, v[i]->p, v[i]->seed,
                                 r0->p, r0->seed);
        }
    }
    return KOL_STATUS_OK;
}

/* Entry (i, j) of the matrices of kol_sketch_overlap_matrix(). */
static void matrix_put(double *overlap, double *jaccard, size_t at,
                       double ov, double jac)
{
    if (overlap)
        overlap[at] = ov;
    if (jaccard)
        jaccard[at] = jac;
}

kol_status kol_sketch_overlap_matrix(const kol_sketch *const *rows,
                                     size_t n_rows,
                                     const kol_sketch *const *cols,
                                     size_t n_cols, double *overlap,
                                     double *jaccard)
{
    static const char fn[] = "kol_sketch_overlap_matrix";
    const int sym = rows == cols && n_rows == n_cols;
    kol_ctx *ctx;
    double *er, *ec;
    uint64_t total, done = 0, step, tick = 0;
    size_t i, j;
    kol_status st = KOL_STATUS_OK;
    if (n_rows == 0 || n_cols == 0)
        return KOL_STATUS_OK;
    st = check_matrix(rows, n_rows, cols, n_cols, fn);
    if (st != KOL_STATUS_OK)
        return st;
    ctx = rows[0]->ctx;
    total = sym ? (uint64_t)n_rows * (uint64_t)(n_rows - 1) / 2u
                : (uint64_t)n_rows * (uint64_t)n_cols;
    if (!overlap && !jaccard) /* nothing to compute; the sketches fit */
        return kol__progress(ctx, total, total, fn);
    /* about every 2^22 registers read: 2^21 / m pairs (m <= 2^18) */
    step = ((uint64_t)1 << 21) / rows[0]->m;
    er = kol__alloc_array(ctx, sym ? n_rows : n_rows + n_cols, sizeof *er);
    if (!er)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, fn);
    ec = sym ? er : er + n_rows;
    for (i = 0; i < n_rows; i++)
        kol_sketch_estimate(rows[i], &er[i]);
    if (!sym)
        for (j = 0; j < n_cols; j++)
            kol_sketch_estimate(cols[j], &ec[j]);
    for (i = 0; i < n_rows && st == KOL_STATUS_OK; i++) {
        for (j = sym ? i : 0; j < n_cols; j++) {
            double ov, jac;
            /* a sketch's union with itself is its own registers:
             * kol_sketch_overlap() gives its estimate, Jaccard 1 */
            if (rows[i] == cols[j])
                overlap_of(er[i], er[i], er[i], &ov, &jac);
            else
                overlap_of(er[i], ec[j], union_pair(rows[i], cols[j]), &ov,
                           &jac);
            matrix_put(overlap, jaccard, i * n_cols + j, ov, jac);
            if (sym) {
                if (j == i)
                    continue; /* the diagonal is not a pair */
                matrix_put(overlap, jaccard, j * n_cols + i, ov, jac);
            }
            done++;
            if (++tick == step && done < total) {
                tick = 0;
                st = kol__progress(ctx, done, total, fn);
                if (st != KOL_STATUS_OK)
                    break;
            }
        }
    }
    kol__free(ctx, er);
    if (st != KOL_STATUS_OK)
        return st;
    return kol__progress(ctx, total, total, fn);
}

/* ---- byte format ------------------------------------------------------- */

static size_t count_nonzero(const kol_sketch *s)
{
    size_t i, k = 0;
    for (i = 0; i < s->m; i++)
        k += s->regs[i] != 0;
    return k;
}

/* Sparse when it is smaller than dense. */
static size_t payload_size(const kol_sketch *s, unsigned *enc)
{
    size_t k = count_nonzero(s);
    if (4 * k < s->m) {
        *enc = KOL__ENC_SPARSE;
        return 4 * k;
    }
    *enc = KOL__ENC_DENSE;
    return s->m;
}

kol_status kol_sketch_serialized_size(const kol_sketch *sketch, size_t *out)
{
    unsigned enc;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_serialized_size: out is NULL");
    *out = KOL__SKETCH_HEADER + payload_size(sketch, &enc) +
           KOL__SKETCH_TRAILER;
    return KOL_STATUS_OK;
}

static void put_le(uint8_t *b, uint64_t v, unsigned bytes)
{
    unsigned i;
    for (i = 0; i < bytes; i++)
        b[i] = (uint8_t)(v >> (8u * i));
}

static uint64_t get_le(const uint8_t *b, unsigned bytes)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 0; i < bytes; i++)
        v |= (uint64_t)b[i] << (8u * i);
    return v;
}

kol_status kol_sketch_serialize(const kol_sketch *sketch, uint8_t *buf,
                                size_t cap, size_t *written)
{
    unsigned enc;
    size_t len, total, i, k;
    if (written)
        *written = 0;
    if (!sketch)
        return KOL_STATUS_INVALID_ARGUMENT;
    len = payload_size(sketch, &enc);
    total = KOL__SKETCH_HEADER + len + KOL__SKETCH_TRAILER;
    if (!buf)
        return kol__fail(sketch->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sketch_serialize: buf is NULL");
    if (cap < total)
        return kol__fail(sketch->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_sketch_serialize: needs %z bytes, buffer has "
                         "%z", total, cap);
    buf[0] = 'K';
    buf[1] = 'O';
    buf[2] = 'L';
    buf[3] = 'H';
    buf[4] = KOL_SKETCH_FORMAT_VERSION;
    buf[5] = (uint8_t)sketch->p;
    buf[6] = (uint8_t)enc;
    buf[7] = 0;
    put_le(buf + 8, sketch->seed, 8);
    put_le(buf + 16, (uint64_t)len, 4);
    if (enc == KOL__ENC_DENSE) {
        memcpy(buf + KOL__SKETCH_HEADER, sketch->regs, sketch->m);
    } else {
        for (i = 0, k = 0; i < sketch->m; i++)
            if (sketch->regs[i]) {
                put_le(buf + KOL__SKETCH_HEADER + 4 * k,
                       ((uint64_t)i << 8) | sketch->regs[i], 4);
                k++;
            }
    }
    put_le(buf + KOL__SKETCH_HEADER + len,
           kol__hash_bytes(buf, KOL__SKETCH_HEADER + len,
                           KOL__SKETCH_CHECK_SEED), 8);
    if (written)
        *written = total;
    return KOL_STATUS_OK;
}

kol_status kol_sketch_deserialize(kol_ctx *ctx, const uint8_t *buf,
                                  size_t len, kol_sketch **out)
{
    static const char *const W = "kol_sketch_deserialize";
    kol_sketch *s;
    kol_status st;
    uint64_t plen, check, seed;
    unsigned p, enc, maxv;
    size_t m, i;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out || (!buf && len > 0))
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT, "%s: %s is NULL",
                         W, !out ? "out" : "buf");
    if (len < 4 || memcmp(buf, "KOLH", 4) != 0)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: not a sketch (bad magic; %z bytes)", W, len);
    if (len < 5)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: truncated at %z bytes (header is %u)", W, len,
                         KOL__SKETCH_HEADER);
    if (buf[4] != KOL_SKETCH_FORMAT_VERSION)
        return kol__fail(ctx, KOL_STATUS_VERSION,
                         "%s: format version %u, this library reads %u", W,
                         (unsigned)buf[4], (unsigned)KOL_SKETCH_FORMAT_VERSION);
    if (len < KOL__SKETCH_HEADER + KOL__SKETCH_TRAILER)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: truncated at %z bytes (header and checksum "
                         "need %u)", W, len,
                         KOL__SKETCH_HEADER + KOL__SKETCH_TRAILER);
    plen = get_le(buf + 16, 4);
    if (plen != (uint64_t)(len - KOL__SKETCH_HEADER - KOL__SKETCH_TRAILER))
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: payload length field says %L bytes but %z "
                         "bytes were given (%s)", W, plen,
                         len - KOL__SKETCH_HEADER - KOL__SKETCH_TRAILER,
                         plen > (uint64_t)(len - KOL__SKETCH_HEADER -
                                           KOL__SKETCH_TRAILER)
                             ? "truncated"
                             : "trailing bytes");
    check = get_le(buf + KOL__SKETCH_HEADER + plen, 8);
    if (check != kol__hash_bytes(buf, KOL__SKETCH_HEADER + (size_t)plen,
                                 KOL__SKETCH_CHECK_SEED))
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: checksum mismatch (bytes damaged)", W);
    p = buf[5];
    enc = buf[6];
    if (p < KOL_SKETCH_MIN_PRECISION || p > KOL_SKETCH_MAX_PRECISION)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: precision %u outside [%d, %d]", W, p,
                         KOL_SKETCH_MIN_PRECISION, KOL_SKETCH_MAX_PRECISION);
    if (buf[7] != 0)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "%s: reserved byte 7 is %u, not 0", W,
                         (unsigned)buf[7]);
    m = (size_t)1 << p;
    maxv = 65u - p;
    if (enc == KOL__ENC_DENSE) {
        if (plen != m)
            return kol__fail(ctx, KOL_STATUS_CORRUPT,
                             "%s: dense payload of %L bytes, precision %u "
                             "needs %z", W, plen, p, m);
        for (i = 0; i < m; i++)
            if (buf[KOL__SKETCH_HEADER + i] > maxv)
                return kol__fail(ctx, KOL_STATUS_CORRUPT,
                                 "%s: register %z holds %u, above the "
                                 "largest rank %u", W, i,
                                 (unsigned)buf[KOL__SKETCH_HEADER + i], maxv);
    } else if (enc == KOL__ENC_SPARSE) {
        uint64_t prev = 0;
        if (plen % 4 != 0 || plen / 4 > m)
            return kol__fail(ctx, KOL_STATUS_CORRUPT,
                             "%s: sparse payload of %L bytes is not a "
                             "whole number of entries, at most %z", W, plen,
                             m);
        for (i = 0; i < plen / 4; i++) {
            uint64_t e = get_le(buf + KOL__SKETCH_HEADER + 4 * i, 4);
            uint64_t idx = e >> 8;
            unsigned v = (unsigned)(e & 0xffu);
            if (idx >= m || (i > 0 && idx <= prev) || v == 0 || v > maxv)
                return kol__fail(ctx, KOL_STATUS_CORRUPT,
                                 "%s: sparse entry %z (register %L, value "
                                 "%u) is out of order or out of range", W, i,
                                 idx, v);
            prev = idx;
        }
    } else {
        return kol__fail(ctx, KOL_STATUS_CORRUPT, "%s: unknown encoding %u",
                         W, enc);
    }
    seed = get_le(buf + 8, 8);
    st = sketch_make(ctx, (int)p, seed, W, &s);
    if (st != KOL_STATUS_OK)
        return st;
    if (enc == KOL__ENC_DENSE) {
        memcpy(s->regs, buf + KOL__SKETCH_HEADER, m);
    } else {
        for (i = 0; i < plen / 4; i++) {
            uint64_t e = get_le(buf + KOL__SKETCH_HEADER + 4 * i, 4);
            s->regs[e >> 8] = (uint8_t)(e & 0xffu);
        }
    }
    *out = s;
    return KOL_STATUS_OK;
}
