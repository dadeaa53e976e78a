/* Shared code of the libkol libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 *  - fz: a reader that turns the fuzzer's bytes into typed values (small
 *    integers, enum codes around their valid range, doubles biased towards
 *    the edges: 0, -0, 2^53, NaN, infinities, denormals, DBL_MAX; text
 *    from a small dictionary so that duplicates happen, or raw bytes so
 *    that bad UTF-8 and control characters happen). Reading past the end
 *    gives zeros, so every input is valid.
 *  - fz_env: one context per input, made with a checking allocator that
 *    can fail the Nth allocation (or every one from the Nth on) and a
 *    progress callback that can cancel after K calls, both chosen by the
 *    first bytes of the input. When the input is done, fz_env_done()
 *    frees the context and checks that every block was given back.
 *  - FZ_CHECK: an invariant; a broken one prints where and aborts, which
 *    libFuzzer reports as a crash (and saves the input).
 *
 * The invariants checked for every call (fz_status()):
 *  - the status is one of the values core.h knows (0 to 19);
 *  - a failure is recorded as the context's last status, with a message;
 *  - KOL_STATUS_NOMEM only when the allocator really refused a block;
 *  - KOL_STATUS_CANCELLED only when the progress callback asked for it.
 * Each target adds its own (nothing changed on error, no NaN or infinity
 * in any result, documented ranges).
 *
 * This is test code: it uses stdio and abort(); only lib/ may not. */
#ifndef KOL_FUZZ_COMMON_H
#define KOL_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kol.h"

#define FZ_CHECK(cond)                                                     \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n",        \
                    __FILE__, __LINE__, #cond);                            \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* A number given back to the host must be finite. */
#define FZ_FINITE(x) FZ_CHECK(isfinite(x))

/* ------------------------------------------------------------------ */
/* Byte reader                                                        */
/* ------------------------------------------------------------------ */

typedef struct fz {
    const uint8_t *p;
    size_t n;
} fz;

static inline uint8_t fz_u8(fz *f)
{
    if (f->n == 0)
        return 0;
    f->n--;
    return *f->p++;
}

static inline uint16_t fz_u16(fz *f)
{
    uint16_t lo = fz_u8(f);
    return (uint16_t)(lo | (uint16_t)(fz_u8(f) << 8));
}

static inline uint32_t fz_u32(fz *f)
{
    uint32_t lo = fz_u16(f);
    return lo | ((uint32_t)fz_u16(f) << 16);
}

static inline uint64_t fz_u64(fz *f)
{
    uint64_t lo = fz_u32(f);
    return lo | ((uint64_t)fz_u32(f) << 32);
}

/* An integer in [lo, hi] (hi - lo below 65536). */
static inline int fz_range(fz *f, int lo, int hi)
{
    unsigned span = (unsigned)(hi - lo) + 1u;
    unsigned v = span <= 256u ? fz_u8(f) : fz_u16(f);
    return lo + (int)(v % span);
}

/* An enum code: mostly within [0, count), sometimes just outside it or
 * far away. */
static inline int fz_code(fz *f, int count)
{
    uint8_t c = fz_u8(f);
    if (c < 232)
        return c % count;
    switch (c % 6) {
    case 0: return -1;
    case 1: return count;
    case 2: return count + 1;
    case 3: return INT32_MIN;
    case 4: return INT32_MAX;
    default: return -1000;
    }
}

/* A double: edge values, small integers, ratios, or raw bits. */
static inline double fz_double(fz *f)
{
    static const double edges[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1000.0,
        9007199254740992.0,            /* 2^53 */
        9007199254740994.0,            /* 2^53 + 2 */
        -9007199254740992.0,
        1e-6, 1e-7, 1e19, 1e300, -1e300,
        DBL_MIN, 4.9406564584124654e-324, DBL_MAX, -DBL_MAX,
        0.999999999999, 1.0000000001, 0.001, 0.1,
        NAN, INFINITY, -INFINITY,
    };
    uint8_t sel = fz_u8(f);
    if (sel < 96)
        return edges[sel % (sizeof edges / sizeof edges[0])];
    if (sel < 160)
        return (double)fz_u16(f);
    if (sel < 192)
        return (double)fz_u16(f) / 65535.0;
    if (sel < 208)
        return -(double)fz_u16(f);
    {
        uint64_t bits = fz_u64(f);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
}

/* A double that is mostly in [0, 2^16], for values that must be valid
 * for the call to reach its deeper code. */
static inline double fz_nice(fz *f)
{
    uint8_t sel = fz_u8(f);
    if (sel < 200)
        return (double)(sel % 100) + (double)fz_u8(f) / 256.0;
    if (sel < 240)
        return (double)fz_u16(f);
    return fz_double(f);
}

/* Text into buf (cap bytes, cap > 1), NUL-terminated. Returns buf, or NULL
 * (which the setters read as "clear"). Mostly a short label from a small
 * dictionary, so that equal keys happen; sometimes raw bytes (bad UTF-8,
 * control characters, empty), sometimes very long. */
static inline const char *fz_text(fz *f, char *buf, size_t cap)
{
    static const char *const dict[] = {
        "a", "b", "c", "kol1", "kol2", "douyin", "instagram", "beauty",
        "head", "waist", "tail", "koc", "gaming", "\xe5\xbe\xae\xe5\x8d\x9a",
        "followers", "price", "cpm", "x y", "", "\xc3\x28", "\x7f",
    };
    uint8_t sel = fz_u8(f);
    if (sel < 8)
        return NULL;
    if (sel < 176) {
        const char *s = dict[sel % (sizeof dict / sizeof dict[0])];
        size_t l = strlen(s);
        if (l >= cap)
            l = cap - 1;
        memcpy(buf, s, l);
        buf[l] = '\0';
        return buf;
    }
    if (sel < 248) {
        size_t want = fz_u8(f) % 40u, i;
        if (want >= cap)
            want = cap - 1;
        for (i = 0; i < want && f->n > 0; i++)
            buf[i] = (char)fz_u8(f);
        buf[i] = '\0';
        return buf;
    }
    {
        /* Long: around the 1024-byte limit. */
        size_t want = 1020u + fz_u8(f) % 8u;
        if (want >= cap)
            want = cap - 1;
        memset(buf, 'L', want);
        buf[want] = '\0';
        return buf;
    }
}

#define FZ_TEXT_CAP 1100

/* ------------------------------------------------------------------ */
/* Checking allocator and context                                     */
/* ------------------------------------------------------------------ */

typedef struct fz_env {
    kol_ctx *ctx;
    uint64_t calls;      /* malloc + realloc calls */
    uint64_t fail_at;    /* 0: never fail */
    int fail_from;       /* fail every call from fail_at on */
    uint64_t failed;     /* failures injected */
    long live;           /* blocks handed out, not yet freed */
    uint64_t progress_calls;
    uint64_t cancel_at;  /* 0: never cancel */
    int cancel_code;
    uint64_t cancelled;  /* cancellations asked for */
} fz_env;

/* Every block carries a header with a magic, so that a foreign or freed
 * pointer is caught. */
typedef struct fz_block {
    uint64_t magic;
    size_t size;
} fz_block;

#define FZ_MAGIC 0x6b6f6c66757a7a21ULL
#define FZ_DEAD 0xdeadbeefdeadbeefULL

static inline int fz_should_fail(fz_env *e)
{
    e->calls++;
    if (e->fail_at == 0)
        return 0;
    if (e->calls == e->fail_at || (e->fail_from && e->calls > e->fail_at)) {
        e->failed++;
        return 1;
    }
    return 0;
}

static inline void *fz_malloc(void *user, size_t size)
{
    fz_env *e = (fz_env *)user;
    fz_block *b;
    FZ_CHECK(size != 0);
    if (fz_should_fail(e))
        return NULL;
    if (size > ((size_t)1 << 34))
        return NULL; /* absurd: refuse as a host allocator would */
    b = (fz_block *)malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->magic = FZ_MAGIC;
    b->size = size;
    e->live++;
    return b + 1;
}

static inline void *fz_realloc(void *user, void *ptr, size_t size)
{
    fz_env *e = (fz_env *)user;
    fz_block *b, *nb;
    FZ_CHECK(ptr != NULL);
    FZ_CHECK(size != 0);
    b = (fz_block *)ptr - 1;
    FZ_CHECK(b->magic == FZ_MAGIC);
    if (fz_should_fail(e))
        return NULL;
    if (size > ((size_t)1 << 34))
        return NULL;
    nb = (fz_block *)realloc(b, sizeof *b + size);
    if (!nb)
        return NULL;
    nb->size = size;
    return nb + 1;
}

static inline void fz_free(void *user, void *ptr)
{
    fz_env *e = (fz_env *)user;
    fz_block *b;
    FZ_CHECK(ptr != NULL);
    b = (fz_block *)ptr - 1;
    FZ_CHECK(b->magic == FZ_MAGIC);
    b->magic = FZ_DEAD;
    e->live--;
    free(b);
}

static inline int fz_progress(void *user, uint64_t done, uint64_t total)
{
    fz_env *e = (fz_env *)user;
    (void)done;
    (void)total;
    e->progress_calls++;
    if (e->cancel_at != 0 && e->progress_calls >= e->cancel_at) {
        e->cancelled++;
        return e->cancel_code;
    }
    return 0;
}

/* Read the configuration from the first two bytes and make the context.
 * Byte 0: allocation failures (below 200: none; otherwise fail call
 * number byte1 + 1, alone or from then on). Byte 1 (when failures):
 * where. Then one byte for cancellation (below 224: never). Returns 0 when
 * the context could not be made (only possible under injected failure). */
static inline int fz_env_init(fz_env *e, fz *f)
{
    uint8_t a = fz_u8(f), c;
    kol_status st;
    memset(e, 0, sizeof *e);
    if (a >= 200) {
        e->fail_at = (uint64_t)fz_u8(f) + 1u;
        e->fail_from = a & 1;
    }
    c = fz_u8(f);
    if (c >= 224) {
        e->cancel_at = (uint64_t)(c - 223);
        e->cancel_code = (c & 1) ? -7 : 42;
    }
    st = kol_ctx_new_with_allocator(&e->ctx, fz_malloc, fz_realloc, fz_free,
                                    e);
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(st == KOL_STATUS_NOMEM && e->failed > 0);
        FZ_CHECK(e->ctx == NULL);
        FZ_CHECK(e->live == 0);
        return 0;
    }
    FZ_CHECK(kol_ctx_set_progress(e->ctx, fz_progress, e) == KOL_STATUS_OK);
    return 1;
}

/* Free the context; every block must be back. */
static inline void fz_env_done(fz_env *e)
{
    kol_ctx_free(e->ctx);
    e->ctx = NULL;
    if (e->live != 0)
        fprintf(stderr, "fuzz: %ld blocks not freed\n", e->live);
    FZ_CHECK(e->live == 0);
}

/* Check a status returned by a call made through e->ctx. Returns it. */
static inline kol_status fz_status_at(fz_env *e, kol_status st,
                                      const char *file, int line)
{
    if ((int)st < 0 || (int)st > 19) {
        fprintf(stderr, "%s:%d: unknown status %d\n", file, line, (int)st);
        abort();
    }
    if (st == KOL_STATUS_OK)
        return st;
    if (kol_ctx_last_status(e->ctx) != st ||
        kol_ctx_last_error(e->ctx)[0] == '\0') {
        fprintf(stderr,
                "%s:%d: status %d (%s) but the context says %d, \"%s\"\n",
                file, line, (int)st, kol_status_str(st),
                (int)kol_ctx_last_status(e->ctx), kol_ctx_last_error(e->ctx));
        abort();
    }
    if (st == KOL_STATUS_NOMEM && e->failed == 0) {
        fprintf(stderr, "%s:%d: out of memory without a failed allocation: "
                "%s\n", file, line, kol_ctx_last_error(e->ctx));
        abort();
    }
    if (st == KOL_STATUS_CANCELLED && e->cancelled == 0) {
        fprintf(stderr, "%s:%d: cancelled without a cancel: %s\n", file, line,
                kol_ctx_last_error(e->ctx));
        abort();
    }
    if (st == KOL_STATUS_CANCELLED || st == KOL_STATUS_CALLBACK)
        FZ_CHECK(kol_ctx_callback_code(e->ctx) != 0);
    return st;
}

#define fz_status(e, st) fz_status_at((e), (st), __FILE__, __LINE__)

/* 64-bit FNV-1a, to fingerprint object state. */
static inline uint64_t fz_hash(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    size_t i;
    if (h == 0)
        h = 0xcbf29ce484222325ULL;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static inline uint64_t fz_hash_str(uint64_t h, const char *s)
{
    if (!s)
        return fz_hash(h, "\xff\xfe", 2);
    return fz_hash(h, s, strlen(s) + 1);
}

static inline uint64_t fz_hash_double(uint64_t h, double d)
{
    return fz_hash(h, &d, sizeof d);
}

/* Fingerprint of every observable value of a record. */
static inline uint64_t fz_record_state(const kol_record *rec)
{
    uint64_t h = 0;
    uint32_t m, nm = kol_metric_count(), nd = kol_dimension_count();
    int t;
    for (t = 0; t < 4; t++)
        h = fz_hash_str(h, kol_record_text(rec, t));
    for (m = 0; m < nm; m++) {
        double v = 0;
        /* has_metric first: a missing metric read through get_metric is a
         * failure whose message the library formats, which made this
         * fingerprint (taken at every call) the main cost of the record
         * and roster targets. */
        if (kol_record_has_metric(rec, (int)m)) {
            FZ_CHECK(kol_record_get_metric(rec, (int)m, &v) ==
                     KOL_STATUS_OK);
            h = fz_hash_double(h, v);
        } else {
            h = fz_hash(h, "-", 1);
        }
    }
    for (m = 0; m < nd; m++) {
        size_t i, n = kol_record_portrait_size(rec, (int)m);
        h = fz_hash(h, &n, sizeof n);
        for (i = 0; i < n; i++) {
            const char *label = NULL;
            double share = -1;
            FZ_CHECK(kol_record_portrait_at(rec, (int)m, i, &label, &share) ==
                     KOL_STATUS_OK);
            h = fz_hash_str(h, label);
            h = fz_hash_double(h, share);
        }
    }
    return h;
}

/* Check what a record holds: metrics finite and within their bounds,
 * portrait shares finite, in [0, 1], summing to 1. */
static inline void fz_record_validate(const kol_record *rec)
{
    uint32_t m, nm = kol_metric_count(), nd = kol_dimension_count();
    for (m = 0; m < nm; m++) {
        double v = 0, lo = 0, hi = 0;
        if (!kol_record_has_metric(rec, (int)m))
            continue;
        FZ_CHECK(kol_record_get_metric(rec, (int)m, &v) == KOL_STATUS_OK);
        FZ_FINITE(v);
        FZ_CHECK(kol_metric_bounds((int)m, &lo, &hi) == KOL_STATUS_OK);
        FZ_CHECK(v >= lo && v <= hi);
    }
    for (m = 0; m < nd; m++) {
        size_t i, n = kol_record_portrait_size(rec, (int)m);
        double sum = 0;
        for (i = 0; i < n; i++) {
            double share = -1;
            const char *label = NULL;
            FZ_CHECK(kol_record_portrait_at(rec, (int)m, i, &label, &share) ==
                     KOL_STATUS_OK);
            FZ_CHECK(label != NULL);
            FZ_FINITE(share);
            FZ_CHECK(share >= 0.0 && share <= 1.0);
            sum += share;
        }
        if (n > 0)
            FZ_CHECK(fabs(sum - 1.0) < 1e-9);
    }
}

#endif /* KOL_FUZZ_COMMON_H */
