/* Traffic monitor benchmark (issue 4): samples per second on one core with
 * four channels, pushed in chunks, with results handed over in blocks
 * (kol_traffic_feed_blocks(), the fastest documented path) and, for
 * comparison, one callback per slot (kol_traffic_feed()), beside a pandas
 * rolling-median baseline
 * (bench/traffic_pandas.py through Debian's /usr/bin/python3) run in the
 * same invocation on the same number of points. Prints only; not a test.
 *
 * The rate per core is samples over the process's CPU time during the
 * timed loop (CLOCK_PROCESS_CPUTIME_ID), which other processes on a shared
 * machine do not inflate; the wall-clock rate is printed beside it. The
 * timed loop runs REPEAT times per path (best CPU time kept).
 *
 * Usage: traffic_bench [samples] [--no-baseline]   (default 10,000,000) */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kol.h"

#ifndef TRAFFIC_PANDAS_SCRIPT
#define TRAFFIC_PANDAS_SCRIPT "traffic_pandas.py"
#endif

#define NCH 4
#define CHUNK 4096

static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(uint64_t *s)
{
    return (double)(rng(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Poisson draw (Knuth below 50, rounded normal above). */
static double poisson(uint64_t *s, double lambda)
{
    double l, p = 1.0;
    int k = 0;
    if (lambda > 50) {
        double u1 = unif(s), u2 = unif(s);
        double z = sqrt(-2.0 * log(u1 + 1e-300)) * cos(6.283185307179586 * u2);
        double v = floor(lambda + sqrt(lambda) * z + 0.5);
        return v < 0 ? 0 : v;
    }
    l = exp(-lambda);
    do {
        k++;
        p *= unif(s);
    } while (p > l);
    return (double)(k - 1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define REPEAT 5

static int count_flags(void *user, int64_t ts, uint32_t n_samples,
                       double score, uint32_t reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    uint64_t *flagged = user;
    (void)ts;
    (void)n_samples;
    (void)score;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    if (reasons & 31u)
        (*flagged)++;
    return 0;
}

static int count_block(void *user, size_t n, const int64_t *timestamps,
                       const uint32_t *n_samples, const double *scores,
                       const uint32_t *reasons, const double *observed,
                       const double *restored,
                       const uint32_t *channel_reasons, size_t n_channels)
{
    uint64_t *flagged = user;
    size_t i;
    (void)timestamps;
    (void)n_samples;
    (void)scores;
    (void)observed;
    (void)restored;
    (void)channel_reasons;
    (void)n_channels;
    for (i = 0; i < n; i++)
        if (reasons[i] & 31u)
            (*flagged)++;
    return 0;
}

int main(int argc, char **argv)
{
    size_t total = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000u;
    int baseline = !(argc > 2 && strcmp(argv[2], "--no-baseline") == 0);
    int32_t ch[NCH] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES,
                       KOL_CHANNEL_COMMENTS, KOL_CHANNEL_SHARES};
    static int64_t ts[CHUNK];
    static double v[CHUNK * NCH];
    /* a pool of pre-drawn chunks so that generation is not timed */
    enum { POOL = 16 };
    double *pool = malloc((size_t)POOL * CHUNK * NCH * sizeof *pool);
    kol_ctx *ctx = NULL;
    kol_traffic *t = NULL;
    uint64_t seed = 11, flagged = 0;
    size_t done, i;
    double best_cpu = 0, best_wall = 0;
    int rep, mode;
    char cmd[1024];
    if (!pool || kol_ctx_new(&ctx) != KOL_STATUS_OK ||
        kol_traffic_new(ctx, ch, NCH, &t) != KOL_STATUS_OK) {
        fprintf(stderr, "traffic_bench: setup failed\n");
        return 1;
    }
    for (i = 0; i < (size_t)POOL * CHUNK * NCH; i++) {
        /* organic-looking counts: Poisson around a level per channel,
         * and a bought burst now and then */
        size_t c = i % NCH;
        double base = c == 0 ? 200 : (c == 1 ? 20 : (c == 2 ? 2 : 5));
        pool[i] = poisson(&seed, base) +
                  (rng(&seed) % 5000 == 0 ? 10 * base : 0);
    }
    for (mode = 0; mode < 2; mode++) {
        best_cpu = 0;
        best_wall = 0;
        for (rep = 0; rep < REPEAT; rep++) {
            double w0, w1, c0, c1;
            kol_status st = KOL_STATUS_OK;
            kol_traffic_reset(t);
            flagged = 0;
            done = 0;
            w0 = now();
            c0 = cpu_now();
            while (done < total && st == KOL_STATUS_OK) {
                size_t k = total - done < CHUNK ? total - done : CHUNK;
                size_t p = (done / CHUNK) % POOL;
                for (i = 0; i < k; i++)
                    ts[i] = (int64_t)(done + i) * 60;
                memcpy(v, pool + p * CHUNK * NCH, k * NCH * sizeof *v);
                st = mode == 0 ? kol_traffic_feed_blocks(t, ts, v, k,
                                                         count_block,
                                                         &flagged)
                               : kol_traffic_feed(t, ts, v, k, count_flags,
                                                  &flagged);
                done += k;
            }
            if (st == KOL_STATUS_OK)
                st = mode == 0
                         ? kol_traffic_finish_blocks(t, count_block, &flagged)
                         : kol_traffic_finish(t, count_flags, &flagged);
            c1 = cpu_now();
            w1 = now();
            if (st != KOL_STATUS_OK) {
                fprintf(stderr, "traffic_bench: %s\n",
                        kol_ctx_last_error(ctx));
                return 1;
            }
            if (rep == 0 || c1 - c0 < best_cpu)
                best_cpu = c1 - c0;
            if (rep == 0 || w1 - w0 < best_wall)
                best_wall = w1 - w0;
        }
        printf("libkol traffic monitor, %s: %zu samples x %d channels, best "
               "of %d: %.3f s CPU, %.2f million samples/s per core (%.2f "
               "million channel values/s); wall clock %.3f s, %.2f million "
               "samples/s; %llu slots flagged\n",
               mode == 0 ? "result blocks (kol_traffic_feed_blocks)"
                         : "one callback per slot (kol_traffic_feed)",
               total, NCH, REPEAT, best_cpu, (double)total / best_cpu / 1e6,
               (double)total * NCH / best_cpu / 1e6, best_wall,
               (double)total / best_wall / 1e6, (unsigned long long)flagged);
    }
    kol_traffic_free(t);
    kol_ctx_free(ctx);
    free(pool);
    fflush(stdout);
    if (!baseline)
        return 0;
    /* the baseline, same invocation */
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %zu",
             TRAFFIC_PANDAS_SCRIPT, total < 5000000u ? total : 5000000u);
    if (system(cmd) != 0)
        printf("pandas baseline: not run (needs /usr/bin/python3 with "
               "pandas: apt-get install python3-pandas)\n");
    return 0;
}
