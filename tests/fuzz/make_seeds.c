/* Writes the seed corpora of the fuzz targets that read serialized bytes
 * (fuzz_sketch, fuzz_cost): valid objects made through the public API,
 * wrapped in each target's input layout (see the comment at the top of
 * each target). Run once by hand; the output is committed under
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

    kol_ctx_free(ctx);
    return bad;
}
