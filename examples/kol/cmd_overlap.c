/*
 * cmd_overlap.c - `kol overlap --csv FILE`: one HyperLogLog sketch per KOL
 * from `kol_id,follower_id` rows; each KOL's estimated audience, the
 * pairwise overlap and Jaccard index, and the unique reach of all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "audience_csv.h"
#include "cli.h"
#include "cmd_common.h"

void kol_cli_overlap_help(FILE *out)
{
    fputs(
        "usage: kol overlap --csv FILE [--precision P] [--format text|csv]\n"
        "                   [--strict]\n"
        "\n"
        "Estimate audience overlap between KOLs from their follower lists.\n"
        "Each KOL's followers go into a HyperLogLog sketch (libkol's\n"
        "kol_sketch); the command prints each KOL's estimated audience\n"
        "(distinct followers), the overlap and Jaccard index of every pair\n"
        "of KOLs, and the unique reach of all of them together (overlap\n"
        "counted once).\n"
        "\n"
        "options:\n"
        "  --csv FILE       rows 'kol_id,follower_id' ('-' reads standard\n"
        "                   input); a header row names the two columns\n"
        "  --precision P    sketch precision, 4 to 18 (default 14: 2^14\n"
        "                   registers, relative standard error 1.04/sqrt(2^P)\n"
        "                   = 0.81%)\n"
        "  --format FORMAT  'text' (the default) or 'csv'\n"
        "  --strict         exit 1 when any row is rejected\n"
        "\n"
        "A follower id made only of digits (no leading zero, at most\n"
        "18446744073709551615) is hashed as a 64-bit number, any other as\n"
        "its bytes: '42' and '042' are different followers. libkol hashes a\n"
        "64-bit number as its 8 bytes in little-endian order (a frozen\n"
        "rule), so an id of exactly 8 bytes that is not such a number is\n"
        "the same follower as one number: 'abcdefgh' and\n"
        "7523094288207667809 count once (docs/cli.md). A row with the\n"
        "wrong number of cells, an empty kol_id or an empty follower_id is\n"
        "rejected ('row N: reason'; the header is row 1) and the others\n"
        "still count.\n"
        "\n"
        "The estimates are approximate. An audience is known to about\n"
        "1.04/sqrt(2^P) of its size (better for small audiences). An overlap\n"
        "is A + B - U (A, B the two audiences, U their union), so its error\n"
        "is absolute, of order 1.04/sqrt(2^P) * sqrt(A^2 + B^2 + U^2): small\n"
        "overlaps of large audiences need a higher precision. Jaccard =\n"
        "overlap / U. See docs/model-overlap.md.\n"
        "\n"
        "csv format: three tables separated by one empty line: first\n"
        "'a,b,overlap,jaccard' (one row per pair, a before b in order of\n"
        "first appearance in the file), then 'kol_id,audience', then\n"
        "'kols,unique_reach'. Rejected rows go to standard error.\n"
        "Numbers are written with up to 17 significant digits (enough to\n"
        "read back the exact double); text format rounds them.\n"
        "\n"
        "Exit status: 0 when the file was read (even with rejected rows,\n"
        "unless --strict); 1 when it cannot be read, is empty, malformed or\n"
        "lacks a column, or no row is accepted (a header alone, or every\n"
        "row rejected: the rejected rows are warned about); 2 on a usage\n"
        "error.\n",
        out);
}

/* Most cells of each overlap matrix computed at a time (kol overlap holds
 * two: overlaps and Jaccard indices, 32 MiB each). */
#define PAIR_CELLS ((size_t)1 << 22)

static void print_pair(int csv, size_t width, const char *ka, const char *kb,
                       double ov, double jac)
{
    if (csv) {
        cc_csv_cell(stdout, ka);
        fputc(',', stdout);
        cc_csv_cell(stdout, kb);
        fputc(',', stdout);
        cc_print_num(stdout, ov);
        fputc(',', stdout);
        cc_print_num(stdout, jac);
        fputc('\n', stdout);
    } else {
        fputs("  ", stdout);
        cc_print_left(stdout, ka, width);
        putchar(' ');
        cc_print_left(stdout, kb, width);
        printf(" %12.0f %8.4f\n", ov, jac);
    }
}

int kol_cli_overlap_run(int argc, char **argv)
{
    const char *path = NULL, *format = "text", *prec_arg = NULL;
    int strict = 0, csv, i, m, precision = KOL_SKETCH_DEFAULT_PRECISION;
    int rc = KOL_CLI_EXIT_FAILURE;
    kol_ctx *ctx = NULL;
    audience_set set;
    char err[1024];
    size_t a, b, n, r0, k = 0, width = 6;
    double se = 0.0, reach = 0.0, *ov = NULL, *jac = NULL;
    kol_status s;

    memset(&set, 0, sizeof set);
    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--precision",
                                   &prec_arg)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol overlap "
                          "--help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv FILE (see 'kol overlap --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0) {
        kol_cli_error("unknown format '%s' (expected text or csv)", format);
        return KOL_CLI_EXIT_USAGE;
    }
    csv = format[0] == 'c';
    if (prec_arg) {
        double v;
        /* the range first: (int)v is undefined for NaN or out of range */
        if (cc_parse_number(prec_arg, strlen(prec_arg), &v) != 0 ||
            !(v >= KOL_SKETCH_MIN_PRECISION &&
              v <= KOL_SKETCH_MAX_PRECISION) ||
            v != (double)(int)v) {
            kol_cli_error("--precision '%s': expected an integer from %d to "
                          "%d",
                          prec_arg, KOL_SKETCH_MIN_PRECISION,
                          KOL_SKETCH_MAX_PRECISION);
            return KOL_CLI_EXIT_USAGE;
        }
        precision = (int)v;
    }

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        return KOL_CLI_EXIT_FAILURE;
    }
    if (audience_load(ctx, path, precision, &set, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    n = set.kols.n;
    if (n == 0) {
        /* nothing to estimate: an error, as kol traffic and kol plan have
         * it, not an empty table (the rejected rows say why) */
        const char *shown = strcmp(path, "-") ? path : "standard input";
        cc_rejects_warn(&set.rejects, shown);
        kol_cli_error("%s: no row accepted (%llu read)", shown,
                      (unsigned long long)set.rows);
        goto out;
    }
    if ((s = kol_sketch_standard_error(precision, &se)) != KOL_STATUS_OK ||
        (s = kol_sketch_union_estimate(
             (const kol_sketch *const *)set.sketches, n, &reach)) !=
            KOL_STATUS_OK) {
        kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str(s));
        goto out;
    }
    for (a = 0; a < n; a++)
        if (cc_display_width(set.kols.keys[a]) > width)
            width = cc_display_width(set.kols.keys[a]);

    if (csv) {
        fputs("a,b,overlap,jaccard\n", stdout);
    } else {
        printf("file: %s\n", strcmp(path, "-") ? path : "standard input");
        printf("rows read: %llu, rejected: %zu\n",
               (unsigned long long)set.rows, set.rejects.n);
        printf("precision: %d (relative standard error %.2f%%)\n", precision,
               100.0 * se);
        printf("\naudience (estimated distinct followers):\n");
        for (a = 0; a < n; a++) {
            double e = 0.0;
            kol_sketch_estimate(set.sketches[a], &e);
            fputs("  ", stdout);
            cc_print_left(stdout, set.kols.keys[a], width);
            printf(" %12.0f\n", e);
        }
        if (n > 1)
            printf("\npairwise overlap:\n  %-*s %-*s %12s %8s\n", (int)width,
                   "a", (int)width, "b", "overlap", "jaccard");
    }
    /* the pairs by bands of rows (kol_sketch_overlap_matrix(): each
     * audience estimated once per band, not once per pair): band rows
     * r0 .. r0 + k against themselves (A) and against the rows after them
     * (B), at most PAIR_CELLS cells of each matrix at a time */
    for (r0 = 0; r0 < n; r0 += k) {
        const kol_sketch *const *band =
            (const kol_sketch *const *)set.sketches + r0;
        size_t rest;
        k = n - r0 <= PAIR_CELLS / (n - r0) ? n - r0
                                            : PAIR_CELLS / (n - r0);
        k = k ? k : 1;
        rest = n - r0 - k;
        if (!ov) {
            /* every band has at most PAIR_CELLS cells, all of them when
             * the pairs fit in one */
            size_t cells = n <= PAIR_CELLS / n ? n * n : PAIR_CELLS;
            ov = malloc(2 * cells * sizeof *ov);
            if (!ov) {
                kol_cli_error("out of memory for %zu overlaps", cells);
                goto out;
            }
            jac = ov + cells;
        }
        if ((s = kol_sketch_overlap_matrix(band, k, band, k, ov, jac)) !=
                KOL_STATUS_OK ||
            (rest > 0 && (s = kol_sketch_overlap_matrix(
                              band, k, band + k, rest, ov + k * k,
                              jac + k * k)) != KOL_STATUS_OK)) {
            kol_cli_error("%s (%s)", kol_ctx_last_error(ctx),
                          kol_status_str(s));
            goto out;
        }
        for (a = 0; a < k; a++)
            for (b = a + 1; b < n - r0; b++) {
                /* (a, b) of A, or (a, b - k) of B */
                size_t at = b < k ? a * k + b : k * k + a * rest + (b - k);
                print_pair(csv, width, set.kols.keys[r0 + a],
                           set.kols.keys[r0 + b], ov[at], jac[at]);
            }
    }
    if (csv) {
        fputs("\nkol_id,audience\n", stdout);
        for (a = 0; a < n; a++) {
            double e = 0.0;
            kol_sketch_estimate(set.sketches[a], &e);
            cc_csv_cell(stdout, set.kols.keys[a]);
            fputc(',', stdout);
            cc_print_num(stdout, e);
            fputc('\n', stdout);
        }
        printf("\nkols,unique_reach\n%zu,", n);
        cc_print_num(stdout, reach);
        fputc('\n', stdout);
        cc_rejects_warn(&set.rejects,
                        strcmp(path, "-") ? path : "standard input");
    } else {
        printf("\nunique reach of all %zu KOLs: %.0f\n", n, reach);
        if (set.rejects.n) {
            printf("\nrejected rows:\n");
            cc_rejects_print(stdout, &set.rejects, "");
        }
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && set.rejects.n > 0) {
        kol_cli_error("%zu row%s rejected (--strict)", set.rejects.n,
                      set.rejects.n > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
out:
    free(ov);
    audience_free(&set);
    kol_ctx_free(ctx);
    return rc;
}
