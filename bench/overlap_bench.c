/* Benchmark of the audience sketches and the planner (issue 6).
 *
 * Prints, in one run on one core:
 *  - HyperLogLog updates per second with 64-bit ids (kol_sketch_add_ids
 *    over a caller array), for several precisions, best of several passes;
 *  - the same ids counted exactly with an open-addressing hash set (what a
 *    host would otherwise write), with its rate and memory;
 *  - merge time, estimate time, union of 100 sketches, overlaps of every
 *    pair of 40 sketches (kol_sketch_overlap_matrix() beside a
 *    kol_sketch_overlap() call per pair);
 *  - the planner on a few sizes.
 * Usage: overlap_bench [n_ids] (default 10000000). */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kol.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Exact distinct count: open addressing, linear probing, 0 as the empty
 * slot (id 0 kept aside). */
struct hset {
    uint64_t *slot;
    size_t mask;
    size_t count;
    int has_zero;
};

static int hset_init(struct hset *h, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2)
        cap <<= 1;
    h->slot = calloc(cap, sizeof *h->slot);
    h->mask = cap - 1;
    h->count = 0;
    h->has_zero = 0;
    return h->slot != NULL;
}

static void hset_add(struct hset *h, uint64_t x)
{
    size_t i;
    if (x == 0) {
        h->count += !h->has_zero;
        h->has_zero = 1;
        return;
    }
    i = (size_t)((x * 0x9e3779b97f4a7c15ULL) >> 20) & h->mask;
    while (h->slot[i] != 0) {
        if (h->slot[i] == x)
            return;
        i = (i + 1) & h->mask;
    }
    h->slot[i] = x;
    h->count++;
}

static void die(const char *what, kol_ctx *ctx)
{
    fprintf(stderr, "overlap_bench: %s: %s\n", what, kol_ctx_last_error(ctx));
    exit(1);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000u;
    kol_ctx *ctx;
    uint64_t *ids, rs = 12345;
    size_t i;
    int p, pass;
    static const int precisions[] = {10, 12, 14, 16, 18};
    double exact_rate, t0, t1;
    struct hset hs;

    if (n == 0)
        n = 1;
    if (kol_ctx_new(&ctx) != KOL_STATUS_OK)
        return 1;
    ids = malloc(n * sizeof *ids);
    if (!ids)
        return 1;
    /* 80% distinct: every fifth id repeats an earlier one. */
    for (i = 0; i < n; i++)
        ids[i] = (i % 5 == 4) ? ids[i / 2] : splitmix(&rs);

    printf("overlap_bench: %zu ids (64-bit), one core\n", n);
    printf("%-34s %12s %14s %12s\n", "method", "seconds", "M updates/s",
           "estimate");

    /* Exact baseline. */
    if (!hset_init(&hs, n))
        return 1;
    t0 = now();
    for (i = 0; i < n; i++)
        hset_add(&hs, ids[i]);
    t1 = now();
    exact_rate = (double)n / (t1 - t0) / 1e6;
    printf("%-34s %12.4f %14.1f %12zu   (%zu MiB)\n",
           "exact hash set (open addressing)", t1 - t0, exact_rate, hs.count,
           ((hs.mask + 1) * sizeof(uint64_t)) >> 20);

    for (p = 0; p < (int)(sizeof precisions / sizeof precisions[0]); p++) {
        kol_sketch *s;
        double best = 1e300, e, err;
        char label[64];
        if (kol_sketch_new(ctx, precisions[p], KOL_SKETCH_DEFAULT_SEED, &s) !=
            KOL_STATUS_OK)
            die("kol_sketch_new", ctx);
        for (pass = 0; pass < 5; pass++) {
            kol_sketch_clear(s);
            t0 = now();
            kol_sketch_add_ids(s, ids, n);
            t1 = now();
            if (t1 - t0 < best)
                best = t1 - t0;
        }
        kol_sketch_estimate(s, &e);
        err = e / (double)hs.count - 1.0;
        snprintf(label, sizeof label, "kol_sketch_add_ids p=%d (%zu KiB)",
                 precisions[p], ((size_t)1 << precisions[p]) >> 10);
        printf("%-34s %12.4f %14.1f %12.0f   error %+.3f%% (standard error "
               "%.3f%%), %.1fx exact\n", label, best, (double)n / best / 1e6,
               e, 100.0 * err, 104.0 / sqrt((double)(1 << precisions[p])),
               (double)n / best / 1e6 / exact_rate);
        kol_sketch_free(s);
    }

    /* Merge, estimate, union of 100. */
    printf("\n%-34s %12s\n", "operation", "microseconds");
    for (p = 0; p < (int)(sizeof precisions / sizeof precisions[0]); p++) {
        kol_sketch *a, *b, *many[100];
        int reps = 2000 >> (precisions[p] > 14 ? 4 : 0), r;
        double e;
        kol_sketch_new(ctx, precisions[p], KOL_SKETCH_DEFAULT_SEED, &a);
        kol_sketch_new(ctx, precisions[p], KOL_SKETCH_DEFAULT_SEED, &b);
        kol_sketch_add_ids(a, ids, n / 2);
        kol_sketch_add_ids(b, ids + n / 2, n - n / 2);
        t0 = now();
        for (r = 0; r < reps; r++)
            kol_sketch_merge(a, b);
        t1 = now();
        printf("merge p=%-26d %12.2f\n", precisions[p],
               1e6 * (t1 - t0) / reps);
        t0 = now();
        for (r = 0; r < reps; r++)
            kol_sketch_estimate(a, &e);
        t1 = now();
        printf("estimate p=%-23d %12.2f\n", precisions[p],
               1e6 * (t1 - t0) / reps);
        for (r = 0; r < 100; r++) {
            kol_sketch_new(ctx, precisions[p], KOL_SKETCH_DEFAULT_SEED,
                           &many[r]);
            kol_sketch_add_ids(many[r], ids + (size_t)r * (n / 200),
                               n / 100);
        }
        t0 = now();
        kol_sketch_union_estimate((const kol_sketch *const *)many, 100, &e);
        t1 = now();
        printf("union of 100 p=%-19d %12.2f\n", precisions[p],
               1e6 * (t1 - t0));
        /* every pair of 40: the matrix, beside a kol_sketch_overlap() call
         * per pair (what a host would otherwise write), per pair */
        {
            static double mo[40 * 40], mj[40 * 40];
            int x, y;
            t0 = now();
            kol_sketch_overlap_matrix((const kol_sketch *const *)many, 40,
                                      (const kol_sketch *const *)many, 40,
                                      mo, mj);
            t1 = now();
            printf("overlap matrix of 40 p=%-11d %12.2f per pair\n",
                   precisions[p], 1e6 * (t1 - t0) / 780.0);
            t0 = now();
            for (x = 0; x < 40; x++)
                for (y = x + 1; y < 40; y++)
                    kol_sketch_overlap(many[x], many[y], &mo[x * 40 + y],
                                       &mj[x * 40 + y], NULL);
            t1 = now();
            printf("kol_sketch_overlap, 780 pairs p=%-2d %12.2f per pair\n",
                   precisions[p], 1e6 * (t1 - t0) / 780.0);
        }
        for (r = 0; r < 100; r++)
            kol_sketch_free(many[r]);
        kol_sketch_free(a);
        kol_sketch_free(b);
    }

    /* Planner. */
    printf("\n%-34s %12s %8s %6s %10s\n", "planner", "seconds", "method",
           "depth", "objective");
    {
        static const size_t sizes[] = {20, 60, 200, 1000};
        size_t k;
        for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t m = sizes[k];
            double *cost = malloc(m * sizeof *cost);
            double *value = malloc(m * sizeof *value);
            kol_planner *pl;
            kol_plan *plan;
            int obj;
            for (i = 0; i < m; i++) {
                cost[i] = 1.0 + (double)(splitmix(&rs) % 100);
                value[i] = (double)(splitmix(&rs) % 1000) / 10.0;
            }
            for (obj = 0; obj <= 2; obj += 2) {
                kol_sketch **sk = NULL;
                char label[64];
                kol_planner_new(ctx, &pl);
                kol_planner_set_candidates(pl, cost, value, NULL, NULL, NULL,
                                           NULL, m);
                kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET,
                                      10.0 * (double)m);
                kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE, obj);
                if (obj == 2) {
                    sk = malloc(m * sizeof *sk);
                    for (i = 0; i < m; i++) {
                        kol_sketch_new(ctx, 12, KOL_SKETCH_DEFAULT_SEED,
                                       &sk[i]);
                        kol_sketch_add_ids(sk[i],
                                           ids + (splitmix(&rs) % (n / 2)),
                                           n / 1000 + i % 500);
                    }
                    kol_planner_set_audiences(
                        pl, (const kol_sketch *const *)sk, m);
                }
                t0 = now();
                if (kol_planner_run(pl, &plan) != KOL_STATUS_OK)
                    die("kol_planner_run", ctx);
                t1 = now();
                snprintf(label, sizeof label, "%s, %zu candidates",
                         obj == 2 ? "reach p=12" : "value", m);
                printf("%-34s %12.4f %8s %6d %10.1f\n", label, t1 - t0,
                       kol_plan_method(plan) == KOL_PLAN_METHOD_EXACT
                           ? "exact"
                           : "greedy",
                       kol_plan_depth(plan), kol_plan_objective(plan));
                kol_plan_free(plan);
                kol_planner_free(pl);
                if (sk) {
                    for (i = 0; i < m; i++)
                        kol_sketch_free(sk[i]);
                    free(sk);
                }
            }
            free(cost);
            free(value);
        }
    }
    free(hs.slot);
    free(ids);
    kol_ctx_free(ctx);
    return 0;
}
