/* Writes seed corpora: for the fuzz targets that read serialized bytes
 * (fuzz_sketch, fuzz_cost), valid objects made through the public API,
 * wrapped in each target's input layout; for fuzz_sanity, hand-made
 * programs (one per kind of call, see the comment at the top of the
 * target). Run once by hand; the output is committed under
 * tests/fuzz/corpus/<target>/:
 *
 *   build-fuzz/make_seeds tests/fuzz/corpus
 *
 * Test code: uses stdio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kol.h"

static int write_file(const char *dir, const char *target, const char *name,
                      const uint8_t *a, size_t na, const uint8_t *b,
                      size_t nb, size_t material)
{
    char path[1024];
    FILE *fp;
    size_t i;
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    fp = fopen(path, "wb");
    if (!fp) {
        perror(path);
        return 1;
    }
    fputc(0, fp); /* no allocation failure */
    fputc(0, fp); /* no cancellation */
    fputc(0, fp); /* flags */
    for (i = 0; i < material; i++)
        fputc((int)((i * 37u + 11u) & 0xffu), fp);
    fputc((int)(na & 0xffu), fp);
    fputc((int)((na >> 8) & 0xffu), fp);
    fwrite(a, 1, na, fp);
    if (nb)
        fwrite(b, 1, nb, fp);
    return fclose(fp) != 0;
}

/* A seed given as its bytes. */
static int write_raw(const char *dir, const char *target, const char *name,
                     const uint8_t *b, size_t n)
{
    char path[1024];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    fp = fopen(path, "wb");
    if (!fp) {
        perror(path);
        return 1;
    }
    fwrite(b, 1, n, fp);
    return fclose(fp) != 0;
}

/* fuzz_sanity programs. Each starts with the two configuration bytes of
 * fuzz_common.h (below 200: no allocation failure; below 224: no
 * cancellation), then operation bytes (op % 8: 0-1 parameter, 2
 * benchmark, 3 static lookups, 4-5 check a record, 6 follower series,
 * 7 bad arguments). */
static int sanity_seeds(const char *dir)
{
    static const char *const t = "fuzz_sanity";
    /* check: set all five metrics (mask 0x55, count bytes below 64 read a
     * 16-bit count): followers 50000, following 200, views 10000, likes
     * 1000, comments 20; no other metric, no id, capacity 10. */
    static const uint8_t check_plain[] = {
        0, 0, 4, 0x55, 0, 0x10, 0x50, 0xc3, 0x10, 0xc8, 0x00, 0x10, 0x10,
        0x27, 0x10, 0xe8, 0x03, 0x10, 0x14, 0x00, 0, 0, 10};
    /* check: every finding at once: 1000 followers, following 5000,
     * views 1, likes 900, comments 0; capacity 2 then 0. */
    static const uint8_t check_all[] = {
        0, 0, 4, 0x55, 0, 0x10, 0xe8, 0x03, 0x10, 0x88, 0x13, 0x10, 0x01,
        0x00, 0x10, 0x84, 0x03, 0x88, 0, 0, 2,
        5, 0x00, 0x01, 0, 0, 0};
    /* check: only followers (MISSING), then NULL arguments. */
    static const uint8_t check_missing[] = {
        0, 0, 4, 0xa9, 0x80, 0x10, 0x10, 0x27, 0, 0, 3,
        7, 0, 7, 1, 7, 2, 7, 3, 7, 4};
    /* series: 60 days from 10000, +5 a day, a spike of 4096, a drop of
     * 4096, a day without a count. */
    static const uint8_t series[] = {
        0, 0, 6, 0x00, 0x00, 60, 0x10, 0x27,
        5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
        160, 0x00, 0x10, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
        185, 0x00, 0x10, 5, 5, 5, 5, 5, 5, 5, 5, 220, 5, 5, 5, 5, 5, 5,
        5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    /* parameters (spike_z within bounds, window at its lower bound,
     * min_history just outside, an unknown code), a benchmark, the
     * static lookups, then a series with z and the count not asked for. */
    static const uint8_t params[] = {
        0, 0, 0, 7, 10, 128, 1, 8, 150, 0, 1, 11, 170, 1, 0, 0xe9, 200,
        2, 3, 10, 0x00, 0x10, 3, 9, 3, 0x00, 0x50, 0xc3, 0x00, 0x00,
        6, 0x00, 0x03, 40, 0x00, 0x01,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        170, 0x00, 0x20, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3};
    /* A long series (shape 0xe0 with window 14, so at most 96 days) and
     * edge values in it: an infinity, a negative count. */
    static const uint8_t series_bad[] = {
        0, 0, 6, 0xe1, 0x00, 30, 0x00, 0x00, 0x01, 0x00,
        1, 1, 1, 1, 1, 230, 24, 1, 1, 1,
        6, 0x00, 0x00, 10, 0x00, 0x01, 1, 1, 1, 190, 0xff, 0xff, 1, 1, 1,
        1, 1};
    /* Allocation failure at the context's first allocation, then at the
     * series' baseline (the third allocation), and a cancel. */
    static const uint8_t nomem_ctx[] = {200, 0, 0, 6, 0, 0, 20, 0, 1};
    static const uint8_t nomem_series[] = {
        201, 2, 230, 6, 0x00, 0x00, 20, 0x10, 0x27, 5, 5, 5, 5, 5, 5, 5,
        5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    int bad = 0;
    bad |= write_raw(dir, t, "check_plain", check_plain, sizeof check_plain);
    bad |= write_raw(dir, t, "check_all", check_all, sizeof check_all);
    bad |= write_raw(dir, t, "check_missing", check_missing,
                     sizeof check_missing);
    bad |= write_raw(dir, t, "series", series, sizeof series);
    bad |= write_raw(dir, t, "params", params, sizeof params);
    bad |= write_raw(dir, t, "series_bad", series_bad, sizeof series_bad);
    bad |= write_raw(dir, t, "nomem_ctx", nomem_ctx, sizeof nomem_ctx);
    bad |= write_raw(dir, t, "nomem_series", nomem_series,
                     sizeof nomem_series);
    return bad;
}

static uint8_t *sketch_bytes(kol_ctx *ctx, int p, uint64_t seed, size_t n,
                             size_t *len)
{
    kol_sketch *s = NULL;
    uint8_t *buf;
    size_t i;
    if (kol_sketch_new(ctx, p, seed, &s) != KOL_STATUS_OK)
        exit(1);
    for (i = 0; i < n; i++) {
        uint64_t id = i * 2654435761u + 7u;
        kol_sketch_add_ids(s, &id, 1);
    }
    kol_sketch_serialized_size(s, len);
    buf = malloc(*len);
    if (!buf || kol_sketch_serialize(s, buf, *len, len) != KOL_STATUS_OK)
        exit(1);
    kol_sketch_free(s);
    return buf;
}

static uint8_t *cost_bytes(kol_ctx *ctx, double alpha, int n, size_t *len)
{
    static const char *const plat[] = {"douyin", "instagram"};
    static const char *const tier[] = {"head", "waist", "tail"};
    kol_cost_history *h = NULL;
    uint8_t *buf;
    int i;
    if (kol_cost_history_new(ctx, alpha, &h) != KOL_STATUS_OK)
        exit(1);
    for (i = 0; i < n; i++)
        kol_cost_history_add(h, plat[i % 2], tier[i % 3],
                             i % 4 ? "beauty" : NULL, 100.0 + 37.0 * i,
                             10000.0 + 1000.0 * (i % 7), 300.0 + i,
                             (double)(i % 5));
    kol_cost_history_serialize(h, NULL, 0, len);
    buf = malloc(*len);
    if (!buf ||
        kol_cost_history_serialize(h, buf, *len, len) != KOL_STATUS_OK)
        exit(1);
    kol_cost_history_free(h);
    return buf;
}

int main(int argc, char **argv)
{
    kol_ctx *ctx = NULL;
    const char *dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";
    int bad = 0;
    size_t la, lb;
    uint8_t *a, *b;

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK)
        return 1;

    /* fuzz_sketch: 32 bytes of material. */
    a = sketch_bytes(ctx, 4, KOL_SKETCH_DEFAULT_SEED, 40, &la);
    b = sketch_bytes(ctx, 4, KOL_SKETCH_DEFAULT_SEED, 3, &lb);
    bad |= write_file(dir, "fuzz_sketch", "p4_dense_sparse", a, la, b, lb, 32);
    free(a);
    free(b);
    a = sketch_bytes(ctx, 6, KOL_SKETCH_DEFAULT_SEED, 1000, &la);
    b = sketch_bytes(ctx, 6, 12345u, 1000, &lb);
    bad |= write_file(dir, "fuzz_sketch", "p6_seed_mismatch", a, la, b, lb,
                      32);
    free(a);
    free(b);
    a = sketch_bytes(ctx, 8, KOL_SKETCH_DEFAULT_SEED, 20, &la);
    b = sketch_bytes(ctx, 5, KOL_SKETCH_DEFAULT_SEED, 20, &lb);
    bad |= write_file(dir, "fuzz_sketch", "p8_p5_mismatch", a, la, b, lb, 32);
    free(a);
    free(b);
    a = sketch_bytes(ctx, 10, KOL_SKETCH_DEFAULT_SEED, 0, &la);
    bad |= write_file(dir, "fuzz_sketch", "p10_empty", a, la, NULL, 0, 32);
    free(a);

    /* fuzz_cost: 48 bytes of material. */
    a = cost_bytes(ctx, 0.01, 12, &la);
    b = cost_bytes(ctx, 0.01, 5, &lb);
    bad |= write_file(dir, "fuzz_cost", "two_histories", a, la, b, lb, 48);
    free(a);
    free(b);
    a = cost_bytes(ctx, 0.05, 3, &la);
    b = cost_bytes(ctx, 0.01, 3, &lb);
    bad |= write_file(dir, "fuzz_cost", "alpha_mismatch", a, la, b, lb, 48);
    free(a);
    free(b);
    a = cost_bytes(ctx, 0.02, 0, &la);
    bad |= write_file(dir, "fuzz_cost", "empty", a, la, NULL, 0, 48);
    free(a);

    bad |= sanity_seeds(dir);

    kol_ctx_free(ctx);
    return bad;
}
