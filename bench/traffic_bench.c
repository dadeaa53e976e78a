/* Traffic monitor benchmark (issue 4): samples per second on one core with
 * four channels, pushed in chunks, beside a pandas rolling-median baseline
 * (bench/traffic_pandas.py through Debian's /usr/bin/python3) run in the
 * same invocation on the same number of points. Prints only; not a test.
 *
 * Usage: traffic_bench [samples]   (default 10,000,000) */
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

int main(int argc, char **argv)
{
    size_t total = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000u;
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
    size_t done = 0, i;
    double t0, t1, rate;
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
    t0 = now();
    while (done < total) {
        size_t k = total - done < CHUNK ? total - done : CHUNK;
        size_t p = (done / CHUNK) % POOL;
        for (i = 0; i < k; i++)
            ts[i] = (int64_t)(done + i) * 60;
        memcpy(v, pool + p * CHUNK * NCH, k * NCH * sizeof *v);
        if (kol_traffic_feed(t, ts, v, k, count_flags, &flagged) !=
            KOL_STATUS_OK) {
            fprintf(stderr, "traffic_bench: %s\n", kol_ctx_last_error(ctx));
            return 1;
        }
        done += k;
    }
    kol_traffic_finish(t, count_flags, &flagged);
    t1 = now();
    rate = (double)total / (t1 - t0);
    printf("libkol traffic monitor: %zu samples x %d channels in %.3f s: "
           "%.2f million samples/s (%.2f million channel values/s), "
           "%llu slots flagged\n",
           total, NCH, t1 - t0, rate / 1e6, rate * NCH / 1e6,
           (unsigned long long)flagged);
    kol_traffic_free(t);
    kol_ctx_free(ctx);
    free(pool);
    fflush(stdout);
    /* the baseline, same invocation */
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %zu",
             TRAFFIC_PANDAS_SCRIPT, total < 5000000u ? total : 5000000u);
    if (system(cmd) != 0)
        printf("pandas baseline: not run (needs /usr/bin/python3 with "
               "pandas: apt-get install python3-pandas)\n");
    return 0;
}
