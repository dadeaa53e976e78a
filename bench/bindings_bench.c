/* Bindings benchmark (issue 7): batch scoring of N records (default
 * 10 million) with kol_value_score_columns() called from C, beside the
 * same call made from Python through the ctypes binding with numpy arrays
 * (bench/bindings_bench.py, run by this program in the same invocation
 * with Debian's /usr/bin/python3). The C twin writes the rows it scored to
 * a file; the Python side maps them into numpy arrays and scores the very
 * same rows, so the two timings differ only by the binding. Prints only;
 * never a test.
 *
 * Usage: bindings_bench [rows] [repetitions]   (defaults 10000000, 3) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kol.h"

#ifndef BINDINGS_BENCH_SCRIPT
#define BINDINGS_BENCH_SCRIPT "bench/bindings_bench.py"
#endif
#ifndef BINDINGS_PYTHON_DIR
#define BINDINGS_PYTHON_DIR "bindings/python"
#endif
#ifndef BINDINGS_PYTHON
#define BINDINGS_PYTHON "/usr/bin/python3"
#endif

/* The columns scored, in file order (metric codes of kol/record.h). */
static const int32_t COLUMNS[] = {
    KOL_METRIC_FOLLOWERS,  KOL_METRIC_AVG_VIEWS,   KOL_METRIC_AVG_LIKES,
    KOL_METRIC_AVG_COMMENTS, KOL_METRIC_AVG_SHARES, KOL_METRIC_POSTS_30D,
    KOL_METRIC_FOLLOWER_GROWTH_30D, KOL_METRIC_PRICE,
};
#define NCOL (sizeof COLUMNS / sizeof COLUMNS[0])

static uint64_t rng_state = 20261122;

static double unif(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* CPU time of the process: the machine is shared. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000u;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    const double *cols[KOL_METRIC_PRICE + 1] = {0};
    double *block, *out, best = 1e30, checksum = 0.0;
    size_t i, c;
    int r, rc;
    kol_ctx *ctx = NULL;
    kol_value_model *model = NULL;
    char data_path[256], cmd[2048];
    FILE *fp;

    if (n == 0 || reps < 1) {
        fprintf(stderr, "usage: bindings_bench [rows] [repetitions]\n");
        return 2;
    }
    block = malloc(n * NCOL * sizeof(double));
    out = malloc(n * KOL_VALUE_OUT_COUNT * sizeof(double));
    if (!block || !out) {
        fprintf(stderr, "bindings_bench: out of memory\n");
        return 1;
    }
    for (i = 0; i < n; i++) {
        double f = round(pow(10.0, 2.5 + 4.5 * unif()));
        double v = round(f * (0.05 + 0.6 * unif()));
        double l = round(v * (0.01 + 0.1 * unif()));
        block[0 * n + i] = f;
        block[1 * n + i] = v;
        block[2 * n + i] = l;
        block[3 * n + i] = round(l * 0.05 * unif());
        block[4 * n + i] = unif() < 0.1 ? NAN : round(l * 0.1 * unif());
        block[5 * n + i] = round(30.0 * unif());
        block[6 * n + i] = round(f * (0.08 * unif() - 0.02));
        block[7 * n + i] = unif() < 0.05 ? NAN : round(pow(f, 0.85) * (0.5 + unif()));
    }
    for (c = 0; c < NCOL; c++)
        cols[COLUMNS[c]] = block + c * n;

    snprintf(data_path, sizeof data_path, "/tmp/kol_bindings_bench_%ld.f64", (long)getpid());
    fp = fopen(data_path, "wb");
    if (!fp || fwrite(block, sizeof(double), n * NCOL, fp) != n * NCOL) {
        fprintf(stderr, "bindings_bench: cannot write %s\n", data_path);
        return 1;
    }
    fclose(fp);

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK ||
        kol_value_model_new(ctx, KOL_VALUE_GOAL_BALANCED, &model) != KOL_STATUS_OK) {
        fprintf(stderr, "bindings_bench: cannot make the model\n");
        return 1;
    }
    for (r = 0; r < reps; r++) {
        double t0 = now(), t;
        kol_status st = kol_value_score_columns(model, cols, KOL_METRIC_PRICE + 1, n, out, NULL);
        t = now() - t0;
        if (st != KOL_STATUS_OK) {
            fprintf(stderr, "bindings_bench: %s\n", kol_ctx_last_error(ctx));
            return 1;
        }
        if (t < best)
            best = t;
    }
    for (i = 0; i < n; i++)
        checksum += out[i * KOL_VALUE_OUT_COUNT];
    printf("bindings_bench: %zu records, %zu columns, best of %d\n", n, (size_t)NCOL, reps);
    printf("  C       kol_value_score_columns   %8.3f s  %12.0f records/s  (sum of totals %.6e)\n",
           best, (double)n / best, checksum);
    fflush(stdout);
    kol_value_model_free(model);
    kol_ctx_free(ctx);
    free(out);
    free(block);

    snprintf(cmd, sizeof cmd,
             "KOL_LIBRARY='%s' PYTHONDONTWRITEBYTECODE=1 '%s' '%s' --data '%s' --rows %zu "
             "--reps %d --c-seconds %.9f --c-checksum %.17g --package '%s'",
             argc > 3 ? argv[3] : KOL_LIBRARY_FILE, BINDINGS_PYTHON, BINDINGS_BENCH_SCRIPT,
             data_path, n, reps, best, checksum, BINDINGS_PYTHON_DIR);
    rc = system(cmd);
    remove(data_path);
    return rc == 0 ? 0 : 1;
}
