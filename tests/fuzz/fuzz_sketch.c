/* libFuzzer target: sketch reading and merge (include/kol/sketch.h).
 *
 * Input: configuration bytes (fuzz_common.h), a flags byte, 32 bytes of
 * "material" (ids and operation choices), a 16-bit length, then two blobs
 * that are given to kol_sketch_deserialize(). With flag bit 0 the harness
 * first repairs each blob's length field and XXH3 checksum (format of
 * lib/sketch.c, documented in docs/model-overlap.md), so that mutations
 * reach the field checks behind the checksum; without it the bytes are
 * given as they are. Checks:
 *  - a refused blob yields no sketch; an accepted one has a finite,
 *    non-negative estimate, and serialize -> deserialize -> serialize is a
 *    fixed point with the same estimate;
 *  - merge is commutative and idempotent (byte-equal serializations), a
 *    failed merge leaves the destination byte-equal, and the union
 *    estimate equals the estimate of the merged sketch;
 *  - overlap, Jaccard and union are finite, Jaccard in [0, 1], overlap in
 *    [0, min(A, B)]. */
#include "fuzz_common.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#define SKETCH_CHECK_SEED 0x6b6f6c2d63686b31ULL

static uint8_t *repair(const uint8_t *b, size_t len)
{
    uint8_t *c = (uint8_t *)malloc(len ? len : 1);
    FZ_CHECK(c != NULL);
    if (len)
        memcpy(c, b, len);
    if (len >= 28) {
        uint64_t plen = len - 28, h;
        int i;
        for (i = 0; i < 4; i++)
            c[16 + i] = (uint8_t)(plen >> (8 * i));
        h = XXH3_64bits_withSeed(c, len - 8, SKETCH_CHECK_SEED);
        for (i = 0; i < 8; i++)
            c[len - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    return c;
}

/* Serialize a sketch into a fresh malloc'd buffer. */
static uint8_t *ser(fz_env *e, const kol_sketch *s, size_t *len)
{
    size_t need = 0, w = 0;
    uint8_t *buf;
    FZ_CHECK(fz_status(e, kol_sketch_serialized_size(s, &need)) ==
             KOL_STATUS_OK);
    FZ_CHECK(need >= 28 && need <= KOL_SKETCH_MAX_BYTES);
    buf = (uint8_t *)malloc(need);
    FZ_CHECK(buf != NULL);
    if (need > 28) /* too small a buffer is refused, nothing written */
        FZ_CHECK(kol_sketch_serialize(s, buf, need - 1, &w) ==
                 KOL_STATUS_TOO_LARGE);
    FZ_CHECK(fz_status(e, kol_sketch_serialize(s, buf, need, &w)) ==
             KOL_STATUS_OK);
    FZ_CHECK(w == need);
    *len = need;
    return buf;
}

static int same_bytes(fz_env *e, const kol_sketch *a, const kol_sketch *b)
{
    size_t la, lb;
    uint8_t *x = ser(e, a, &la), *y = ser(e, b, &lb);
    int same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static double estimate(fz_env *e, const kol_sketch *s)
{
    double v = -1;
    FZ_CHECK(fz_status(e, kol_sketch_estimate(s, &v)) == KOL_STATUS_OK);
    FZ_FINITE(v);
    FZ_CHECK(v >= 0.0);
    return v;
}

/* Deserialize and check the round trip. */
static kol_sketch *load(fz_env *e, const uint8_t *b, size_t len)
{
    kol_sketch *s = (kol_sketch *)&s, *t = NULL, *u = NULL;
    kol_status st = fz_status(e, kol_sketch_deserialize(e->ctx, b, len, &s));
    size_t l1, l2;
    uint8_t *b1, *b2;
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(s == NULL);
        return NULL;
    }
    FZ_CHECK(kol_sketch_precision(s) >= KOL_SKETCH_MIN_PRECISION &&
             kol_sketch_precision(s) <= KOL_SKETCH_MAX_PRECISION);
    b1 = ser(e, s, &l1);
    if (kol_sketch_deserialize(e->ctx, b1, l1, &t) == KOL_STATUS_OK) {
        b2 = ser(e, t, &l2);
        FZ_CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
        FZ_CHECK(estimate(e, s) == estimate(e, t));
        free(b2);
        kol_sketch_free(t);
    }
    if (kol_sketch_clone(s, &u) == KOL_STATUS_OK) {
        FZ_CHECK(same_bytes(e, s, u));
        kol_sketch_free(u);
    }
    free(b1);
    return s;
}

static void pair(fz_env *e, const kol_sketch *a, const kol_sketch *b)
{
    kol_sketch *ab = NULL, *ba = NULL;
    double ov = -1, jac = -1, un = -1;
    kol_status st;
    if (kol_sketch_clone(a, &ab) != KOL_STATUS_OK)
        return;
    if (kol_sketch_clone(b, &ba) != KOL_STATUS_OK) {
        kol_sketch_free(ab);
        return;
    }
    st = fz_status(e, kol_sketch_merge(ab, b));
    if (st == KOL_STATUS_OK) {
        const kol_sketch *both[2];
        double ue = -1, mo[4], mj[4];
        FZ_CHECK(fz_status(e, kol_sketch_merge(ba, a)) == KOL_STATUS_OK);
        FZ_CHECK(same_bytes(e, ab, ba));           /* commutative */
        FZ_CHECK(kol_sketch_merge(ba, b) == KOL_STATUS_OK);
        FZ_CHECK(same_bytes(e, ab, ba));           /* idempotent */
        both[0] = a;
        both[1] = b;
        FZ_CHECK(fz_status(e, kol_sketch_union_estimate(both, 2, &ue)) ==
                 KOL_STATUS_OK);
        FZ_CHECK(ue == estimate(e, ab));
        st = fz_status(e, kol_sketch_overlap(a, b, &ov, &jac, &un));
        FZ_CHECK(st == KOL_STATUS_OK);
        FZ_FINITE(ov);
        FZ_FINITE(jac);
        FZ_FINITE(un);
        FZ_CHECK(jac >= 0.0 && jac <= 1.0);
        FZ_CHECK(ov >= 0.0);
        FZ_CHECK(ov <= estimate(e, a) && ov <= estimate(e, b));
        /* the matrix of the pair: entry (0, 1) and (1, 0) are the
         * overlap's, bit for bit; the diagonal the estimates (unless an
         * injected allocation failure made it NOMEM, which fz_status
         * checks was real) */
        if (fz_status(e, kol_sketch_overlap_matrix(both, 2, both, 2, mo,
                                                   mj)) == KOL_STATUS_OK) {
            FZ_CHECK(memcmp(&mo[1], &ov, sizeof ov) == 0 &&
                     memcmp(&mo[2], &ov, sizeof ov) == 0);
            FZ_CHECK(memcmp(&mj[1], &jac, sizeof jac) == 0 &&
                     memcmp(&mj[2], &jac, sizeof jac) == 0);
            FZ_CHECK(mo[0] == estimate(e, a) && mo[3] == estimate(e, b));
        }
    } else {
        const kol_sketch *both[2];
        double mo[4] = {-1, -1, -1, -1};
        FZ_CHECK(st == KOL_STATUS_MISMATCH);
        FZ_CHECK(same_bytes(e, ab, a)); /* unchanged */
        FZ_CHECK(fz_status(e, kol_sketch_overlap(a, b, &ov, &jac, &un)) ==
                 KOL_STATUS_MISMATCH);
        both[0] = a;
        both[1] = b;
        FZ_CHECK(fz_status(e, kol_sketch_overlap_matrix(both, 2, both, 2, mo,
                                                        NULL)) ==
                 KOL_STATUS_MISMATCH);
        FZ_CHECK(mo[0] == -1 && mo[3] == -1); /* nothing written */
    }
    kol_sketch_free(ab);
    kol_sketch_free(ba);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size}, mat;
    fz_env env;
    uint8_t flags;
    uint8_t material[32] = {0};
    size_t len1, i;
    const uint8_t *blob1, *blob2;
    size_t n1, n2;
    uint8_t *r1 = NULL, *r2 = NULL;
    kol_sketch *a = NULL, *b = NULL, *c = NULL;

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

    /* A third sketch from ids and strings of the material, with the
     * precision and seed of a (or from the material). */
    mat.p = material;
    mat.n = sizeof material;
    {
        /* Without a: usually a precision from MIN - 1 (refused) to 12,
         * one time in eight anything from MIN - 1 to MAX + 1. The large
         * precisions cost 2^p register reads per estimate (and 2^p bytes
         * zeroed per sketch) under the sanitizers, which made them most of
         * the target's time when drawn uniformly; they add no code path
         * that 12 does not take, and the blobs reach them too. */
        uint8_t psel = fz_u8(&mat);
        int p = a ? kol_sketch_precision(a)
                  : psel < 224
                        ? KOL_SKETCH_MIN_PRECISION - 1 + psel % 10
                        : KOL_SKETCH_MIN_PRECISION - 1 +
                              psel % (KOL_SKETCH_MAX_PRECISION -
                                      KOL_SKETCH_MIN_PRECISION + 3);
        uint64_t seed = a ? kol_sketch_seed(a) : KOL_SKETCH_DEFAULT_SEED;
        kol_status st = fz_status(&env, kol_sketch_new(env.ctx, p, seed, &c));
        if (st == KOL_STATUS_OK) {
            uint64_t ids[4];
            const void *items[2];
            size_t lens[2];
            double before, after;
            for (i = 0; i < 4; i++)
                ids[i] = fz_u64(&mat);
            FZ_CHECK(fz_status(&env, kol_sketch_add_ids(c, ids, 4)) ==
                     KOL_STATUS_OK);
            items[0] = material;
            lens[0] = material[0] % 16u;
            items[1] = NULL;
            lens[1] = 0;
            FZ_CHECK(fz_status(&env, kol_sketch_add_strings(c, items, lens,
                                                            2)) ==
                     KOL_STATUS_OK);
            before = estimate(&env, c);
            /* Adding again changes nothing. */
            FZ_CHECK(kol_sketch_add_ids(c, ids, 4) == KOL_STATUS_OK);
            after = estimate(&env, c);
            FZ_CHECK(before == after);
        } else {
            FZ_CHECK(c == NULL);
        }
    }

    if (a && b)
        pair(&env, a, b);
    if (a && c)
        pair(&env, a, c);
    if (b && c)
        pair(&env, c, b);
    if (a) {
        const kol_sketch *one[1];
        double u = -1;
        one[0] = a;
        FZ_CHECK(kol_sketch_union_estimate(one, 1, &u) == KOL_STATUS_OK);
        FZ_CHECK(u == estimate(&env, a));
        FZ_CHECK(kol_sketch_clear(a) == KOL_STATUS_OK);
        FZ_CHECK(estimate(&env, a) == 0.0);
    }

    kol_sketch_free(a);
    kol_sketch_free(b);
    kol_sketch_free(c);
    free(r1);
    free(r2);
    fz_env_done(&env);
    return 0;
}
