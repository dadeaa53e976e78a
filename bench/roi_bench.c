/* ROI benchmark (issue 5). Prints only; never a test.
 *
 * n synthetic deliveries (default 1000000) over 10000 KOLs and 36 cost
 * cells (3 platforms x 3 tiers x 4 categories). Times, in CPU seconds of
 * this process (the machine is shared):
 *   - kol_roi_add of every delivery (setters included);
 *   - kol_roi_report_new by KOL with the bootstrap off, and on (B = 200);
 *   - kol_roi_feed_cost into a cost history (alpha 0.01);
 *   - serialize + deserialize + merge of that history.
 * Then the memory an evaluator holds per delivery, through a counting
 * allocator (kol_ctx_new_with_allocator): n deliveries of a realistic
 * history (5,000 KOLs, 20 campaigns, 4 platforms, 5 tiers, 10
 * categories, a unique post id each, 8 numeric fields) pulled by
 * kol_roi_fill(), as bytes asked of the allocator and as glibc malloc
 * chunks (each block with its 8-byte header rounded up to 16 bytes, at
 * least 32: the heap a malloc-based host pays), and the fill's time.
 * Then runs bench/roi_numpy.py on the same rows: numpy group-by sums
 * (np.bincount) and exact per-cell CPM quantiles (np.quantile), and the
 * largest relative error of the sketch's quantiles against them.
 *
 * Usage: roi_bench [deliveries] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kol.h"

#ifndef ROI_NUMPY_SCRIPT
#define ROI_NUMPY_SCRIPT "bench/roi_numpy.py"
#endif

static uint64_t rs = 99;

static double unif(void)
{
    uint64_t z = (rs += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *const PL[3] = {"douyin", "xiaohongshu", "bilibili"};
static const char *const TI[3] = {"head", "waist", "tail"};
static const char *const CA[4] = {"beauty", "food", "tech", "travel"};

#define NCOL 8 /* kol, cell, cost, expo, eng, clicks, orders, revenue */

/* ---- memory per delivery ----------------------------------------------- */

/* A counting allocator: each block carries its size in a 16-byte header,
 * so that free (which is not told the size) can subtract it. */
struct counter {
    size_t bytes;  /* bytes asked for, live */
    size_t chunks; /* the same blocks as glibc malloc chunks, live */
    size_t blocks; /* live blocks */
};

static size_t chunk_of(size_t n)
{
    size_t c = (n + 8 + 15) & ~(size_t)15;
    return c < 32 ? 32 : c;
}

static void *cnt_malloc(void *user, size_t n)
{
    struct counter *c = user;
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    c->bytes += n;
    c->chunks += chunk_of(n);
    c->blocks++;
    return (char *)p + 16;
}

static void cnt_free(void *user, void *ptr)
{
    struct counter *c = user;
    size_t *p = (size_t *)((char *)ptr - 16);
    c->bytes -= p[0];
    c->chunks -= chunk_of(p[0]);
    c->blocks--;
    free(p);
}

static void *cnt_realloc(void *user, void *ptr, size_t n)
{
    struct counter *c = user;
    size_t *p = (size_t *)((char *)ptr - 16), old = p[0];
    p = realloc(p, n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    c->bytes = c->bytes - old + n;
    c->chunks = c->chunks - chunk_of(old) + chunk_of(n);
    return (char *)p + 16;
}

struct hist_feed {
    size_t n, at;
    char kol[5000][8], camp[20][8];
};

static const char *const MPL[4] = {"douyin", "xiaohongshu", "bilibili",
                                   "kuaishou"};
static const char *const MTI[5] = {"head", "shoulder", "waist", "tail", "koc"};
static const char *const MCA[10] = {"beauty", "food", "tech", "travel",
                                    "fashion", "parenting", "games", "home",
                                    "fitness", "finance"};

/* The read callback of the history: one delivery per call. */
static int hist_read(void *user, kol_delivery *d, int32_t *what)
{
    struct hist_feed *h = user;
    char post[24];
    double expo;
    if (h->at == h->n) {
        *what = KOL_ROI_READ_END;
        return 0;
    }
    snprintf(post, sizeof post, "p%zu", 7000000 + h->at);
    h->at++;
    expo = floor(exp(8 + 6 * unif()));
    if (kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID,
                             h->kol[(size_t)(unif() * 5000)]) ||
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_CAMPAIGN,
                             h->camp[(size_t)(unif() * 20)]) ||
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM,
                             MPL[(size_t)(unif() * 4)]) ||
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_TIER,
                             MTI[(size_t)(unif() * 5)]) ||
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_CATEGORY,
                             MCA[(size_t)(unif() * 10)]) ||
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_POST_ID, post) ||
        kol_delivery_set(d, KOL_DELIVERY_COST, floor(expo * 0.05)) ||
        kol_delivery_set(d, KOL_DELIVERY_IMPRESSIONS, expo) ||
        kol_delivery_set(d, KOL_DELIVERY_VIEWS, floor(expo * 0.4)) ||
        kol_delivery_set(d, KOL_DELIVERY_LIKES, floor(expo * 0.03 * unif())) ||
        kol_delivery_set(d, KOL_DELIVERY_COMMENTS,
                         floor(expo * 0.003 * unif())) ||
        kol_delivery_set(d, KOL_DELIVERY_CLICKS, floor(expo * 0.02 * unif())) ||
        kol_delivery_set(d, KOL_DELIVERY_ORDERS, floor(expo * 0.001 * unif())) ||
        kol_delivery_set(d, KOL_DELIVERY_REVENUE, floor(expo * 0.1 * unif())))
        return 1;
    return 0;
}

/* Bytes an evaluator holds per delivery after kol_roi_fill() of n
 * deliveries: what is live once the fill has returned, less what was
 * live before kol_roi_new() (the context). */
static int memory_per_delivery(size_t n)
{
    struct counter c = {0, 0, 0};
    struct hist_feed *h = calloc(1, sizeof *h);
    kol_ctx *ctx = NULL;
    kol_roi *roi = NULL;
    size_t bytes0, chunks0, blocks0, i;
    uint64_t added = 0;
    double t0, t_fill;
    if (!h || kol_ctx_new_with_allocator(&ctx, cnt_malloc, cnt_realloc,
                                         cnt_free, &c))
        return 1;
    h->n = n;
    for (i = 0; i < 5000; i++)
        snprintf(h->kol[i], sizeof h->kol[i], "u%zu", 100000 + i * 7);
    for (i = 0; i < 20; i++)
        snprintf(h->camp[i], sizeof h->camp[i], "c%02zu", i);
    bytes0 = c.bytes;
    chunks0 = c.chunks;
    blocks0 = c.blocks;
    if (kol_roi_new(ctx, &roi))
        return 1;
    t0 = now();
    if (kol_roi_fill(roi, hist_read, h, &added) || added != n) {
        fprintf(stderr, "fill: %s\n", kol_ctx_last_error(ctx));
        return 1;
    }
    t_fill = now() - t0;
    printf("  evaluator memory, %zu deliveries (5000 KOLs, 20 campaigns, 4 "
           "platforms,\n    5 tiers, 10 categories, unique post ids, 8 "
           "fields; kol_roi_fill %.3f s):\n",
           n, t_fill);
    printf("    %.1f bytes/delivery asked of the allocator, %.1f as glibc "
           "chunks (%zu blocks)\n",
           (double)(c.bytes - bytes0) / (double)n,
           (double)(c.chunks - chunks0) / (double)n, c.blocks - blocks0);
    kol_roi_free(roi);
    kol_ctx_free(ctx);
    free(h);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000u;
    double *rows = malloc(n * NCOL * sizeof *rows);
    char ids[10000][8];
    kol_ctx *ctx = NULL;
    kol_roi *roi = NULL;
    kol_delivery *d = NULL;
    kol_roi_report *rep = NULL;
    kol_cost_history *h = NULL, *h2 = NULL;
    double t0, t_add, t_rep0, t_rep1, t_cost, t_bytes;
    size_t i, nb = 0;
    uint8_t *bytes;
    char data_path[256], q_path[256], cmd[1024];
    FILE *fp;
    int k;
    if (!rows || n == 0)
        return 1;
    for (i = 0; i < 10000; i++)
        snprintf(ids[i], sizeof ids[i], "k%zu", i);
    for (i = 0; i < n; i++) {
        double *r = rows + i * NCOL;
        double expo = floor(exp(8 + 6 * unif()));
        r[0] = (double)(size_t)(unif() * 10000);
        r[1] = (double)(size_t)(unif() * 36);
        r[2] = floor(expo * exp(-4 + 1.5 * unif()) * (1 + (double)((int)r[1] % 3)));
        r[3] = expo;
        r[4] = floor(expo * 0.06 * unif());
        r[5] = floor(expo * 0.02 * unif());
        r[6] = floor(r[5] * 0.05 * unif());
        r[7] = floor(r[6] * 80 * unif()) - (unif() < 0.02 ? 500 : 0);
    }
    if (kol_ctx_new(&ctx) || kol_roi_new(ctx, &roi) || kol_delivery_new(ctx, &d))
        return 1;
    t0 = now();
    for (i = 0; i < n; i++) {
        const double *r = rows + i * NCOL;
        int cell = (int)r[1];
        kol_delivery_reset(d);
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_KOL_ID, ids[(size_t)r[0]]);
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_PLATFORM, PL[cell / 12]);
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_TIER, TI[(cell / 4) % 3]);
        kol_delivery_set_key(d, KOL_DELIVERY_KEY_CATEGORY, CA[cell % 4]);
        kol_delivery_set(d, KOL_DELIVERY_COST, r[2]);
        kol_delivery_set(d, KOL_DELIVERY_IMPRESSIONS, r[3]);
        kol_delivery_set(d, KOL_DELIVERY_LIKES, r[4]);
        kol_delivery_set(d, KOL_DELIVERY_CLICKS, r[5]);
        kol_delivery_set(d, KOL_DELIVERY_ORDERS, r[6]);
        kol_delivery_set(d, KOL_DELIVERY_REVENUE, r[7]);
        if (kol_roi_add(roi, d) != KOL_STATUS_OK) {
            fprintf(stderr, "add: %s\n", kol_ctx_last_error(ctx));
            return 1;
        }
    }
    t_add = now() - t0;
    kol_roi_set_param(roi, KOL_ROI_PARAM_BOOTSTRAP, 0);
    t0 = now();
    if (kol_roi_report_new(roi, KOL_ROI_GROUP_KOL, &rep))
        return 1;
    t_rep0 = now() - t0;
    kol_roi_report_free(rep);
    kol_roi_set_param(roi, KOL_ROI_PARAM_BOOTSTRAP, 200);
    t0 = now();
    if (kol_roi_report_new(roi, KOL_ROI_GROUP_KOL, &rep))
        return 1;
    t_rep1 = now() - t0;
    kol_roi_report_free(rep);
    kol_cost_history_new(ctx, 0.01, &h);
    t0 = now();
    if (kol_roi_feed_cost(roi, h, NULL))
        return 1;
    t_cost = now() - t0;
    t0 = now();
    kol_cost_history_serialize(h, NULL, 0, &nb);
    bytes = malloc(nb);
    kol_cost_history_serialize(h, bytes, nb, &nb);
    kol_cost_history_deserialize(ctx, bytes, nb, &h2);
    kol_cost_history_merge(h2, h);
    t_bytes = now() - t0;

    printf("roi_bench: %zu deliveries, 10000 KOLs, 36 cost cells, CPU seconds\n", n);
    printf("  libkol add (setters + kol_roi_add)  %8.3f s  %10.0f deliveries/s\n",
           t_add, (double)n / t_add);
    printf("  libkol report by KOL, no bootstrap  %8.3f s  %10.0f deliveries/s\n",
           t_rep0, (double)n / t_rep0);
    printf("  libkol report by KOL, B = 200       %8.3f s  %10.0f deliveries/s\n",
           t_rep1, (double)n / t_rep1);
    printf("  libkol cost history (feed)          %8.3f s  %10.0f deliveries/s\n",
           t_cost, (double)n / t_cost);
    printf("  history bytes %zu; serialize+read+merge %.4f s\n", nb, t_bytes);
    if (memory_per_delivery(n))
        return 1;

    /* Rows and sketch quantiles for the numpy side. */
    snprintf(data_path, sizeof data_path, "/tmp/kol_roi_bench_%ld.data",
             (long)getpid());
    snprintf(q_path, sizeof q_path, "/tmp/kol_roi_bench_%ld.q", (long)getpid());
    fp = fopen(data_path, "wb");
    if (!fp || fwrite(rows, sizeof *rows, n * NCOL, fp) != n * NCOL)
        return 1;
    fclose(fp);
    fp = fopen(q_path, "wb");
    if (!fp)
        return 1;
    for (k = 0; k < 36; k++) {
        static const double qs[5] = {0.1, 0.25, 0.5, 0.75, 0.9};
        int j;
        for (j = 0; j < 5; j++) {
            double v = 0;
            kol_cost_history_quantile(h, PL[k / 12], TI[(k / 4) % 3], CA[k % 4],
                                      KOL_COST_MEASURE_CPM, qs[j], &v);
            fwrite(&v, sizeof v, 1, fp);
        }
    }
    fclose(fp);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s %s %zu", ROI_NUMPY_SCRIPT,
             data_path, q_path, n);
    fflush(stdout);
    if (system(cmd) != 0)
        printf("  (numpy baseline not run: /usr/bin/python3 with numpy needed)\n");
    remove(data_path);
    remove(q_path);
    free(bytes);
    kol_cost_history_free(h);
    kol_cost_history_free(h2);
    kol_delivery_free(d);
    kol_roi_free(roi);
    kol_ctx_free(ctx);
    free(rows);
    return 0;
}
