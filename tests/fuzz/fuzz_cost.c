/* libFuzzer target: cost history reading and merge (include/kol/cost.h).
 *
 * Input: configuration bytes (fuzz_common.h), a flags byte, 48 bytes of
 * "material" (deliveries to add and queries to make), a 16-bit length,
 * then two blobs given to kol_cost_history_deserialize(). With flag bit 0
 * the harness first repairs each blob's trailing XXH3 checksum (format of
 * lib/cost.c, documented in docs/model-roi.md) so that mutations reach the
 * parser behind it. Checks:
 *  - a refused blob yields no history; an accepted one serializes to a
 *    fixed point (serialize -> deserialize -> serialize gives equal bytes);
 *  - merge is commutative (equal bytes both ways, as cost.h promises), a
 *    failed merge or add leaves the history byte-equal;
 *  - quantiles are monotone in their level;
 *  - every quantile, percentile and quote is finite; percentiles in
 *    [0, 1]; quote low <= mid <= high. */
#include "fuzz_common.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define COST_HASH_SEED 0x4B4F4C434F535448ULL

static uint8_t *repair(const uint8_t *b, size_t len)
{
    uint8_t *c = (uint8_t *)malloc(len ? len : 1);
    FZ_CHECK(c != NULL);
    if (len)
        memcpy(c, b, len);
    if (len >= 16) {
        uint64_t h = XXH3_64bits_withSeed(c, len - 8, COST_HASH_SEED);
        int i;
        for (i = 0; i < 8; i++)
            c[len - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    return c;
}

static uint8_t *ser(fz_env *e, const kol_cost_history *h, size_t *len)
{
    size_t need = 0, again = 0;
    uint8_t *buf;
    FZ_CHECK(fz_status(e, kol_cost_history_serialize(h, NULL, 0, &need)) ==
             KOL_STATUS_OK);
    FZ_CHECK(need > 0);
    buf = (uint8_t *)malloc(need);
    FZ_CHECK(buf != NULL);
    FZ_CHECK(kol_cost_history_serialize(h, buf, need - 1, &again) ==
             KOL_STATUS_TOO_LARGE);
    FZ_CHECK(fz_status(e, kol_cost_history_serialize(h, buf, need,
                                                     &again)) ==
             KOL_STATUS_OK);
    FZ_CHECK(again == need);
    *len = need;
    return buf;
}

static uint64_t state(fz_env *e, const kol_cost_history *h)
{
    size_t len;
    uint8_t *b = ser(e, h, &len);
    uint64_t s = fz_hash(0, b, len);
    free(b);
    return s;
}

static kol_cost_history *load(fz_env *e, const uint8_t *b, size_t len)
{
    kol_cost_history *h = (kol_cost_history *)&h, *t = NULL;
    kol_status st =
        fz_status(e, kol_cost_history_deserialize(e->ctx, b, len, &h));
    size_t l1, l2;
    uint8_t *b1, *b2;
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(h == NULL);
        return NULL;
    }
    FZ_CHECK(kol_cost_history_alpha(h) >= KOL_COST_ALPHA_MIN &&
             kol_cost_history_alpha(h) <= KOL_COST_ALPHA_MAX);
    b1 = ser(e, h, &l1);
    if (kol_cost_history_deserialize(e->ctx, b1, l1, &t) == KOL_STATUS_OK) {
        b2 = ser(e, t, &l2);
        FZ_CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
        free(b2);
        kol_cost_history_free(t);
    }
    free(b1);
    return h;
}

static const char *label(fz *m, int kind)
{
    static const char *const plat[] = {"douyin", "instagram", "x", ""};
    static const char *const tier[] = {"head", "waist", "tail", "koc"};
    static const char *const cat[] = {"beauty", "gaming", "", "food"};
    uint8_t v = fz_u8(m);
    if (v == 255)
        return NULL;
    if (kind == 0)
        return plat[v % 4];
    if (kind == 1)
        return tier[v % 4];
    return cat[v % 4];
}

static void queries(fz_env *e, fz *m, const kol_cost_history *h)
{
    int k;
    for (k = 0; k < 3; k++) {
        const char *p = label(m, 0), *t = label(m, 1);
        const char *c = (fz_u8(m) & 1) ? NULL : label(m, 2);
        int measure = fz_code(m, 4);
        double q = fz_u8(m) < 200 ? (double)fz_u8(m) / 255.0 : fz_double(m);
        double v = -1, rank = -1, pct = -1, lo = -1, mid = -1, hi = -1;
        uint64_t count = 0;
        int32_t basis = -1;
        kol_status st;
        st = fz_status(e, kol_cost_history_count(h, p, t, c, measure,
                                                 &count));
        st = fz_status(e, kol_cost_history_quantile(h, p, t, c, measure, q,
                                                    &v));
        if (st == KOL_STATUS_OK) {
            /* Monotone in q: Q(0) <= Q(q) <= Q(q2) <= Q(1), q2 >= q. A
             * pooled query merges the categories' sketches, so the
             * allocator may refuse any of the three (fz_status checks it
             * really did). */
            double q2 = q + (1.0 - q) * (double)fz_u8(m) / 255.0;
            double v0 = -1, v1 = -1, w = -1;
            kol_status s0, s1, s2;
            FZ_FINITE(v);
            FZ_CHECK(v >= 0.0);
            s0 = fz_status(e, kol_cost_history_quantile(h, p, t, c, measure,
                                                        0.0, &v0));
            s1 = fz_status(e, kol_cost_history_quantile(h, p, t, c, measure,
                                                        1.0, &v1));
            s2 = fz_status(e, kol_cost_history_quantile(
                                  h, p, t, c, measure, q2 > 1.0 ? 1.0 : q2,
                                  &w));
            FZ_CHECK(s0 == KOL_STATUS_OK || s0 == KOL_STATUS_NOMEM);
            FZ_CHECK(s1 == KOL_STATUS_OK || s1 == KOL_STATUS_NOMEM);
            FZ_CHECK(s2 == KOL_STATUS_OK || s2 == KOL_STATUS_NOMEM);
            if (s0 == KOL_STATUS_OK && s1 == KOL_STATUS_OK &&
                s2 == KOL_STATUS_OK)
                FZ_CHECK(v0 <= v && v <= w && w <= v1);
        }
        st = fz_status(e, kol_cost_history_percentile(h, p, t, c, measure,
                                                      fz_double(m), &rank));
        if (st == KOL_STATUS_OK) {
            FZ_FINITE(rank);
            FZ_CHECK(rank >= 0.0 && rank <= 1.0);
        }
        st = fz_status(e, kol_cost_history_quote(
                              h, p, t, c, fz_nice(m),
                              fz_u8(m) < 128 ? 0.0 : fz_nice(m),
                              (double)(fz_u8(m) % 6u) / 10.0,
                              0.5 + (double)(fz_u8(m) % 6u) / 10.0, &pct,
                              &lo, &mid, &hi, &basis));
        if (st == KOL_STATUS_OK) {
            FZ_FINITE(pct);
            FZ_FINITE(lo);
            FZ_FINITE(mid);
            FZ_FINITE(hi);
            FZ_CHECK(pct >= 0.0 && pct <= 1.0);
            FZ_CHECK(lo <= mid && mid <= hi);
            FZ_CHECK(basis == KOL_COST_BASIS_CPM ||
                     basis == KOL_COST_BASIS_PRICE);
        }
    }
}

static void adds(fz_env *e, fz *m, kol_cost_history *h)
{
    int k, n = fz_u8(m) % 4;
    for (k = 0; k < n; k++) {
        uint64_t before = state(e, h);
        size_t cells = kol_cost_history_cells(h);
        const char *p = label(m, 0), *t = label(m, 1), *c = label(m, 2);
        kol_status st = fz_status(
            e, kol_cost_history_add(h, p, t, c,
                                    fz_u8(m) < 200 ? fz_nice(m) : fz_double(m),
                                    fz_nice(m), fz_nice(m),
                                    fz_u8(m) < 128 ? 0.0 : fz_double(m)));
        if (st != KOL_STATUS_OK) {
            FZ_CHECK(state(e, h) == before);
            FZ_CHECK(kol_cost_history_cells(h) == cells);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size}, m;
    fz_env env;
    uint8_t flags, material[48] = {0};
    size_t len1, n1, n2, i;
    const uint8_t *blob1, *blob2;
    uint8_t *r1 = NULL, *r2 = NULL;
    kol_cost_history *a = NULL, *b = NULL, *fresh = NULL;

    if (!fz_env_init(&env, &f))
        return 0;
    flags = fz_u8(&f);
    for (i = 0; i < sizeof material; i++)
        material[i] = fz_u8(&f);
    len1 = fz_u16(&f);
    if (len1 > f.n)
        len1 = f.n;
    blob1 = f.p;
    n1 = len1;
    blob2 = f.p + len1;
    n2 = f.n - len1;
    if (flags & 1) {
        r1 = repair(blob1, n1);
        r2 = repair(blob2, n2);
        blob1 = r1;
        blob2 = r2;
    }
    a = load(&env, blob1, n1);
    b = load(&env, blob2, n2);
    m.p = material;
    m.n = sizeof material;

    if (!b) {
        /* Something to merge with: a fresh history, from the material. */
        double alpha = (flags & 2) && a ? kol_cost_history_alpha(a)
                                        : fz_double(&m);
        if (fz_status(&env, kol_cost_history_new(env.ctx, alpha, &fresh)) ==
            KOL_STATUS_OK) {
            adds(&env, &m, fresh);
            b = fresh;
        }
    }
    if (a) {
        adds(&env, &m, a);
        queries(&env, &m, a);
    }
    if (a && b) {
        kol_cost_history *ab = NULL, *ba = NULL;
        uint64_t sa = state(&env, a), sb = state(&env, b);
        size_t la, lb;
        uint8_t *ba_bytes, *ab_bytes;
        kol_status st;
        /* Copies through the byte format. */
        ab_bytes = ser(&env, a, &la);
        ba_bytes = ser(&env, b, &lb);
        if (kol_cost_history_deserialize(env.ctx, ab_bytes, la, &ab) ==
                KOL_STATUS_OK &&
            kol_cost_history_deserialize(env.ctx, ba_bytes, lb, &ba) ==
                KOL_STATUS_OK) {
            st = fz_status(&env, kol_cost_history_merge(ab, b));
            if (st == KOL_STATUS_OK) {
                st = fz_status(&env, kol_cost_history_merge(ba, a));
                if (st == KOL_STATUS_OK)
                    FZ_CHECK(state(&env, ab) == state(&env, ba));
                else
                    FZ_CHECK(state(&env, ba) == sb);
                queries(&env, &m, ab);
            } else {
                FZ_CHECK(state(&env, ab) == sa);
            }
        }
        FZ_CHECK(state(&env, a) == sa && state(&env, b) == sb);
        kol_cost_history_free(ab);
        kol_cost_history_free(ba);
        free(ab_bytes);
        free(ba_bytes);
    }

    kol_cost_history_free(a);
    if (b != fresh)
        kol_cost_history_free(b);
    kol_cost_history_free(fresh);
    free(r1);
    free(r2);
    fz_env_done(&env);
    return 0;
}
