/*
 * cmd_audience.c - `kol audience --csv FILE [--summary] [--prior P]
 * [--strict]`: a fake
 * probability and a verdict for each follower of a sample, from profile
 * features, with libkol's audience-quality model
 * (include/kol/audience_quality.h, docs/model-traffic.md); --summary adds
 * the real-follower ratio with its Wilson interval.
 *
 * Each row is scored on its own (kol_audience_score with one row) so that a
 * row the library refuses is reported with its message and the others go
 * on.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"

void kol_cli_audience_help(FILE *out)
{
    fputs(
        "usage: kol audience --csv FILE [--summary] [--prior P] [--strict]\n"
        "\n"
        "Estimate how fake each follower of a sample looks from its profile\n"
        "(libkol's audience-quality model, docs/model-traffic.md).\n"
        "\n"
        "options:\n"
        "  --csv FILE   one follower per row ('-' reads standard input),\n"
        "               with"
        " a header naming any of the columns followers,\n"
        "               following, posts, has_avatar (0/1), bio_length,\n"
        "               private (0/1), username_digits, username_length,\n"
        "               account_age_days; other columns are ignored with a\n"
        "               warning; an empty cell is unknown\n"
        "  --summary    also print the real-follower ratio of the sample\n"
        "               with its interval (Wilson, 95%) on standard error\n"
        "  --prior P    the share of fakes expected in the audience, in\n"
        "               (0, 1) (default 0.1675, that of the fitting data);\n"
        "               the ratio is unbiased only when it is about right\n"
        "  --strict     exit 1 when any row is rejected\n"
        "\n"
        "Output (CSV on standard output): row,fake_probability,verdict with\n"
        "row the CSV row number (the header is row 1), fake_probability in\n"
        "[0, 1] and verdict real, fake (probability >= 0.5) or unknown (no\n"
        "fitted feature known: an account's age alone is no evidence). A\n"
        "follower is scored by the model fitted on the features it has.\n"
        "Rows with a cell that is not a number, or that the\n"
        "model refuses (a flag other than 0 or 1, a negative count, more\n"
        "username digits than characters), are left out with a warning\n"
        "naming the row.\n"
        "\n"
        "The rows are printed once the whole file is read: a file that\n"
        "cannot be read to its end prints none.\n"
        "\n"
        "Exit status: 0 on success (even with rejected rows, unless\n"
        "--strict); 1 when the file cannot be read or has no usable header,\n"
        "or (with --summary) when no follower has a known feature; 2 on a\n"
        "usage error.\n",
        out);
}

int kol_cli_audience_run(int argc, char **argv)
{
    const char *path = NULL, *shown_path, *prior_arg = NULL;
    int summary = 0, strict = 0, i, m, r, rc = KOL_CLI_EXIT_FAILURE;
    const char *names[KOL_FOLLOWER_FEATURE_COUNT];
    long col[KOL_FOLLOWER_FEATURE_COUNT];
    int32_t feats[KOL_FOLLOWER_FEATURE_COUNT];
    long fcol[KOL_FOLLOWER_FEATURE_COUNT];
    double vals[KOL_FOLLOWER_FEATURE_COUNT];
    size_t nf = 0, k, c, j, cap_p = 0, cap_v = 0, n = 0, ncols;
    double *probs = NULL;
    int32_t *verdicts = NULL;
    uint64_t *rownum = NULL;
    size_t cap_r = 0;
    uint64_t nread = 0;
    char err[512];
    csv_reader *in = NULL;
    csv_row row;
    cc_rejects rejects = {NULL, 0, 0};
    kol_cli_unknown unknown;
    kol_ctx *ctx = NULL;
    kol_audience *model = NULL;
    kol_status s;

    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if ((m = kol_cli_opt_value(argc, argv, &i, "--prior",
                                          &prior_arg)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--summary") == 0) {
            summary = 1;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error(
                "unexpected argument '%s' (see 'kol audience --help')",
                argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv (see 'kol audience --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    shown_path = strcmp(path, "-") == 0 ? "standard input" : path;
    for (k = 0; k < KOL_FOLLOWER_FEATURE_COUNT; k++)
        names[k] = kol_follower_feature_name((int)k);

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_audience_new(ctx, &model)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str((int)s));
        goto out;
    }
    if (prior_arg) {
        double v = 0.0;
        if (cc_parse_number(prior_arg, strlen(prior_arg), &v) != 0 ||
            kol_audience_set_param(model, KOL_AUDIENCE_PARAM_PRIOR, v) !=
                KOL_STATUS_OK) {
            double lo = 0, hi = 0, def = 0;
            kol_audience_param_bounds(KOL_AUDIENCE_PARAM_PRIOR, &lo, &hi,
                                      &def);
            kol_cli_error("--prior '%s': expected a share of fakes from %g "
                          "to %g",
                          prior_arg, lo, hi);
            rc = KOL_CLI_EXIT_USAGE;
            goto out;
        }
    }
    in = csv_reader_open(path, err, sizeof err);
    if (in == NULL) {
        kol_cli_error("%s", err);
        goto out;
    }
    r = csv_reader_next(in, &row);
    if (r != CSV_READER_ROW) {
        if (r == CSV_READER_ERROR)
            kol_cli_error("%s", csv_reader_error(in));
        else
            kol_cli_error("%s: the file is empty: expected a header row "
                          "naming follower features",
                          shown_path);
        goto out;
    }
    if (cc_header(&row, shown_path, names, KOL_FOLLOWER_FEATURE_COUNT, col,
                  &unknown, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    for (c = 0; c < row.ncells; c++)
        for (k = 0; k < KOL_FOLLOWER_FEATURE_COUNT; k++)
            if (col[k] == (long)c) {
                feats[nf] = (int32_t)k;
                fcol[nf] = (long)c;
                nf++;
            }
    if (nf == 0) {
        kol_cli_error("%s: row 1: no follower feature column (followers, "
                      "following, posts, has_avatar, bio_length, private, "
                      "username_digits, username_length, account_age_days)",
                      shown_path);
        goto out;
    }
    kol_cli_unknown_warn(&unknown, shown_path);

    ncols = row.ncells;
    while ((r = csv_reader_next(in, &row)) == CSV_READER_ROW) {
        char *msg = NULL;
        char shown[64];
        double p = 0;
        int32_t v = 0;
        nread++;
        /* A row with a cell too many or too few is misaligned: its cells
         * cannot be trusted to sit under their headers. */
        if (row.ncells != ncols) {
            msg = csv_cells_reason(row.ncells, ncols);
            if (cc_rejects_add(&rejects, row.number, msg) != 0)
                goto nomem;
            continue;
        }
        for (j = 0; j < nf; j++) {
            size_t cj = (size_t)fcol[j];
            if (row.lens[cj] == 0) {
                vals[j] = NAN; /* unknown */
                continue;
            }
            if (cc_parse_number(row.cells[cj], row.lens[cj], &vals[j]) != 0 ||
                isnan(vals[j])) {
                kol_cli_printable(shown, sizeof shown, row.cells[cj],
                                  row.lens[cj], 40);
                msg = kol_cli_asprintf("column '%s': '%s' is not a number",
                                       names[feats[j]], shown);
                break;
            }
        }
        if (j == nf) {
            s = kol_audience_score(model, feats, nf, vals, 1, &p, &v);
            if (s == KOL_STATUS_NOMEM)
                goto nomem;
            if (s != KOL_STATUS_OK) {
                /* One row per call: the library's "row 0" is the CSV row
                 * named by the warning, so leave it out. */
                msg = kol_cli_audience_row_error(kol_ctx_last_error(ctx),
                                                 (int)s);
            }
        }
        if (j < nf || s != KOL_STATUS_OK) {
            if (cc_rejects_add(&rejects, row.number, msg) != 0)
                goto nomem;
            continue;
        }
        {
            void *q;
            if ((q = kol_cli_grow(probs, &cap_p, n + 1, sizeof *probs)) ==
                NULL)
                goto nomem;
            probs = q;
            if ((q = kol_cli_grow(verdicts, &cap_v, n + 1,
                                  sizeof *verdicts)) == NULL)
                goto nomem;
            verdicts = q;
            if ((q = kol_cli_grow(rownum, &cap_r, n + 1, sizeof *rownum)) ==
                NULL)
                goto nomem;
            rownum = q;
            probs[n] = p;
            verdicts[n] = v;
            rownum[n] = row.number;
            n++;
        }
    }
    if (r == CSV_READER_ERROR) {
        /* nothing of the file is used: no row was printed yet */
        kol_cli_error("%s", csv_reader_error(in));
        goto out;
    }
    fputs("row,fake_probability,verdict\n", stdout);
    for (k = 0; k < n; k++) {
        printf("%llu,", (unsigned long long)rownum[k]);
        cc_print_num(stdout, probs[k]);
        printf(",%s\n", verdicts[k] == KOL_AUDIENCE_FAKE   ? "fake"
                        : verdicts[k] == KOL_AUDIENCE_REAL ? "real"
                                                           : "unknown");
    }
    if (kol_cli_check_output() != 0)
        goto out;
    if (rejects.n > 0)
        cc_rejects_warn(&rejects, shown_path);
    if (summary) {
        double ratio = 0, lo = 0, hi = 0, conf = 0.95;
        size_t used = 0, nfake = 0, nreal = 0;
        for (k = 0; k < n; k++) {
            nfake += verdicts[k] == KOL_AUDIENCE_FAKE;
            nreal += verdicts[k] == KOL_AUDIENCE_REAL;
        }
        kol_audience_get_param(model, KOL_AUDIENCE_PARAM_CONFIDENCE, &conf);
        s = kol_audience_real_ratio(model, probs, verdicts, n, &ratio, &lo,
                                    &hi, &used);
        fprintf(stderr,
                "audience: %s: %llu rows read, %zu scored, %zu rejected; "
                "%zu real, %zu fake, %zu unknown\n",
                shown_path, (unsigned long long)nread, n, rejects.n, nreal,
                nfake, n - nreal - nfake);
        if (s == KOL_STATUS_EMPTY) {
            kol_cli_error("%s: no follower with a known feature: no "
                          "real-follower ratio",
                          shown_path);
            goto out;
        }
        if (s != KOL_STATUS_OK)
            goto libfail;
        fprintf(stderr,
                "audience: real-follower ratio %.4f (%.0f%% interval %.4f to "
                "%.4f, %zu followers)\n",
                ratio, 100.0 * conf, lo, hi, used);
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && rejects.n > 0) {
        kol_cli_error("%zu row%s rejected (--strict)", rejects.n,
                      rejects.n > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
    goto out;
libfail:
    kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str((int)s));
    goto out;
nomem:
    kol_cli_error("out of memory");
out:
    free(probs);
    free(verdicts);
    free(rownum);
    cc_rejects_free(&rejects);
    csv_reader_close(in);
    kol_audience_free(model);
    kol_ctx_free(ctx);
    return rc;
}
