/*
 * cmd_score.c - `kol score --csv FILE`: score every KOL of a record CSV
 * with the libkol value model (kol/value.h) and print the ranking, best
 * first, with each KOL's follower tier and lifecycle stage (kol/tier.h).
 *
 * The records are read by roster_csv.c (the columns of `kol records`,
 * portrait columns included); the optional target portrait is a small
 * CSV of `dimension,label,share` rows (see the help text and docs/cli.md).
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"
#include "csv_reader.h"
#include "roster_csv.h"

void kol_cli_score_help(FILE *out)
{
    fputs(
        "usage: kol score --csv FILE [--goal GOAL] [--target-portrait FILE]\n"
        "                 [--scheme cn|intl] [--format text|csv|json]\n"
        "                 [--strict]\n"
        "\n"
        "Score every KOL of a record CSV with the libkol value model\n"
        "(communication, fan and conversion value, 0-100, normalized against\n"
        "the file's own records) and print them best first, with the\n"
        "follower tier and lifecycle stage of each.\n"
        "\n"
        "options:\n"
        "  --csv FILE              the records ('-' reads standard input); the\n"
        "                          columns of 'kol records' (see its help)\n"
        "  --goal GOAL             weight preset: balanced (the default),\n"
        "                          acquisition (reach-heavy), activation\n"
        "                          (engagement-heavy) or conversion\n"
        "  --target-portrait FILE  the target audience: a CSV with the header\n"
        "                          'dimension,label,share' and one row per\n"
        "                          category (dimension: gender, age, region or\n"
        "                          interest; share >= 0, any unit, normalized\n"
        "                          per dimension); enables portrait_match\n"
        "  --scheme SCHEME         the tier ladder of the tier column: cn\n"
        "                          (koc, tail, waist, shoulder, head; the\n"
        "                          default) or intl (sub-nano ... mega)\n"
        "  --format FORMAT         text (the default), csv or json\n"
        "  --strict                exit 1 when any record row is rejected\n"
        "\n"
        "csv format: the header\n"
        "  rank,id,tier,stage,score,communication,fan,conversion,confidence,"
        "value_per_cost\n"
        "then one row per KOL, best first (ties by id). score and the three\n"
        "sub-scores are 0-100, confidence 0-1 (the share of the model's weight\n"
        "whose metric was present; without --target-portrait the portrait\n"
        "match is not part of the model), value_per_cost the score per unit of\n"
        "price. A value that does not exist (no follower count for the tier,\n"
        "no price for value_per_cost) is an empty cell in csv, '-' in text\n"
        "and null in json. Numbers in csv and json are written with enough\n"
        "digits to read back exactly.\n"
        "\n"
        "Rejected record rows are reported on standard error as\n"
        "'row N: <reason>' and the others are scored.\n"
        "\n"
        "Exit status: 0 when the file was read (even with rejected rows,\n"
        "unless --strict); 1 when a file cannot be read or is malformed, or\n"
        "the target portrait is invalid; 2 on a usage error.\n",
        out);
}

/* ---- target portrait ----------------------------------------------- */

/* One dimension of the target portrait being read. */
typedef struct target_dim {
    char **labels;
    double *shares;
    uint64_t *rows; /* the file row of each label, for messages */
    size_t n, cap_labels, cap_shares, cap_rows;
} target_dim;

static void target_free(target_dim *dims, size_t ndims)
{
    size_t d, k;
    for (d = 0; d < ndims; d++) {
        for (k = 0; k < dims[d].n; k++)
            free(dims[d].labels[k]);
        free(dims[d].labels);
        free(dims[d].shares);
        free(dims[d].rows);
    }
}

/* Read the target portrait file into model. Returns 0, or -1 after
 * printing the error (any bad row is fatal: the target is configuration,
 * not data). */
static int load_target(kol_ctx *ctx, kol_value_model *model,
                       const char *path)
{
    static const char *const names[] = {"dimension", "label", "share"};
    target_dim dims[8];
    size_t ndims = kol_dimension_count(), d, k;
    char err[1024], label_buf[64];
    csv_reader *in;
    csv_row row;
    long col[3];
    kol_cli_unknown unknown;
    int r, rc = -1, header = 1;
    size_t ncols = 0;
    uint64_t nrows = 0;

    if (ndims > sizeof dims / sizeof dims[0])
        ndims = sizeof dims / sizeof dims[0];
    memset(dims, 0, sizeof dims);
    in = csv_reader_open(path, err, sizeof err);
    if (in == NULL) {
        kol_cli_error("%s", err);
        return -1;
    }
    while ((r = csv_reader_next(in, &row)) == CSV_READER_ROW) {
        const char *dcell, *lcell;
        double share = 0.0;
        int parsed;
        long dim = -1;
        target_dim *t;
        char **lp;
        double *sp;
        uint64_t *rp;

        if (header) {
            if (cc_header(&row, csv_reader_path(in), names, 3, col,
                          &unknown, err, sizeof err) != 0) {
                kol_cli_error("%s", err);
                goto out;
            }
            if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
                kol_cli_error("%s: the target portrait needs the columns "
                              "dimension, label and share",
                              csv_reader_path(in));
                goto out;
            }
            kol_cli_unknown_warn(&unknown, csv_reader_path(in));
            ncols = row.ncells;
            header = 0;
            continue;
        }
        /* An extra cell is as suspect as a missing one: the row does not
         * line up with the header. */
        if (row.ncells != ncols) {
            kol_cli_error("%s: row %llu: %zu cells, but the header has %zu "
                          "columns",
                          csv_reader_path(in),
                          (unsigned long long)row.number, row.ncells, ncols);
            goto out;
        }
        dcell = row.cells[col[0]];
        lcell = row.cells[col[1]];
        for (d = 0; d < ndims; d++) {
            const char *name = kol_dimension_name((int)d);
            if (name != NULL && cc_same_name(dcell, row.lens[col[0]], name))
                dim = (long)d;
        }
        if (dim < 0) {
            kol_cli_error("%s: row %llu: unknown dimension '%s' (expected "
                          "gender, age, region or interest)",
                          csv_reader_path(in), (unsigned long long)row.number,
                          kol_cli_printable(label_buf, sizeof label_buf,
                                            dcell, row.lens[col[0]], 40));
            goto out;
        }
        if (row.lens[col[1]] == 0 || cc_has_nul(lcell, row.lens[col[1]])) {
            kol_cli_error("%s: row %llu: empty or invalid label",
                          csv_reader_path(in),
                          (unsigned long long)row.number);
            goto out;
        }
        /* the reason is decided by what was read: a cell that is no
         * number sets no share */
        parsed = cc_parse_number(row.cells[col[2]], row.lens[col[2]],
                                 &share) == 0;
        if (!parsed || !(share >= 0.0 && share <= DBL_MAX)) {
            kol_cli_error("%s: row %llu: share '%s' is %s",
                          csv_reader_path(in), (unsigned long long)row.number,
                          kol_cli_printable(label_buf, sizeof label_buf,
                                            row.cells[col[2]],
                                            row.lens[col[2]], 40),
                          !parsed           ? "not a number"
                          : share > DBL_MAX ? "not finite (too large)"
                                            : "not a number >= 0");
            goto out;
        }
        t = &dims[dim];
        for (k = 0; k < t->n; k++)
            if (strcmp(t->labels[k], lcell) == 0) {
                kol_cli_error("%s: row %llu: label '%s' given twice for %s",
                              csv_reader_path(in),
                              (unsigned long long)row.number,
                              kol_cli_printable(label_buf, sizeof label_buf,
                                                lcell, row.lens[col[1]], 40),
                              dcell);
                goto out;
            }
        lp = kol_cli_grow(t->labels, &t->cap_labels, t->n + 1,
                          sizeof *t->labels);
        if (lp != NULL)
            t->labels = lp;
        sp = kol_cli_grow(t->shares, &t->cap_shares, t->n + 1,
                          sizeof *t->shares);
        if (sp != NULL)
            t->shares = sp;
        rp = kol_cli_grow(t->rows, &t->cap_rows, t->n + 1, sizeof *t->rows);
        if (rp != NULL)
            t->rows = rp;
        if (lp == NULL || sp == NULL || rp == NULL ||
            (t->labels[t->n] = kol_cli_strndup(lcell, row.lens[col[1]])) ==
                NULL) {
            kol_cli_error("out of memory");
            goto out;
        }
        t->shares[t->n] = share;
        t->rows[t->n] = row.number;
        t->n++;
        nrows++;
    }
    if (r == CSV_READER_ERROR) {
        kol_cli_error("%s", csv_reader_error(in));
        goto out;
    }
    if (header || nrows == 0) {
        kol_cli_error("%s: the target portrait has no rows",
                      csv_reader_path(in));
        goto out;
    }
    for (d = 0; d < ndims; d++) {
        kol_status s;
        if (dims[d].n == 0)
            continue;
        s = kol_value_model_set_target(model, (int)d,
                                       (const char *const *)dims[d].labels,
                                       dims[d].shares, dims[d].n);
        if (s != KOL_STATUS_OK) {
            /* name the row: the library numbers the labels of the
             * dimension; the first label refused alone is the culprit
             * (the model is dropped on this error, so the trial targets
             * set on the way do not matter) */
            const double one = 1.0;
            for (k = 0; k < dims[d].n; k++)
                if (kol_value_model_set_target(
                        model, (int)d,
                        (const char *const *)&dims[d].labels[k], &one,
                        1) != KOL_STATUS_OK) {
                    kol_cli_error("%s: row %llu: %s: %s", csv_reader_path(in),
                                  (unsigned long long)dims[d].rows[k],
                                  kol_dimension_name((int)d),
                                  kol_ctx_last_error(ctx));
                    goto out;
                }
            kol_cli_error("%s: target portrait, %s: %s", csv_reader_path(in),
                          kol_dimension_name((int)d),
                          kol_ctx_last_error(ctx));
            goto out;
        }
    }
    rc = 0;
out:
    target_free(dims, ndims);
    csv_reader_close(in);
    return rc;
}

/* ---- output --------------------------------------------------------- */

/* One ranked KOL. */
typedef struct scored {
    const char *id;
    const char *tier;  /* NULL: no follower count */
    const char *stage;
    double v[KOL_VALUE_OUT_COUNT];
    int has_vpc;       /* price present and > 0 */
} scored;

static void print_csv(const scored *s, size_t n)
{
    size_t i;
    int k;

    fputs("rank,id,tier,stage,score,communication,fan,conversion,"
          "confidence,value_per_cost\n",
          stdout);
    for (i = 0; i < n; i++) {
        printf("%zu,", i + 1);
        cc_csv_cell(stdout, s[i].id);
        putchar(',');
        if (s[i].tier)
            cc_csv_cell(stdout, s[i].tier);
        putchar(',');
        cc_csv_cell(stdout, s[i].stage);
        for (k = 0; k <= KOL_VALUE_OUT_CONFIDENCE; k++) {
            putchar(',');
            cc_print_num(stdout, s[i].v[k]);
        }
        putchar(',');
        if (s[i].has_vpc)
            cc_print_num(stdout, s[i].v[KOL_VALUE_OUT_VALUE_PER_COST]);
        putchar('\n');
    }
}

static void print_text(const char *shown, const char *goal,
                       const char *model_id, const roster_csv_result *res,
                       const scored *s, size_t n)
{
    size_t i, w = 2;

    printf("file: %s\n", shown);
    printf("model: %s (goal %s)\n", model_id, goal);
    printf("records scored: %zu\n", n);
    printf("records rejected: %zu\n\n", res->nrejects);
    for (i = 0; i < n; i++)
        if (cc_display_width(s[i].id) > w)
            w = cc_display_width(s[i].id);
    if (w > 32)
        w = 32;
    printf("%5s  ", "rank");
    cc_print_left(stdout, "id", w);
    printf(" %-9s %-10s %6s %6s %6s %6s %5s %12s\n", "tier", "stage", "score",
           "comm", "fan", "conv", "conf", "value/cost");
    for (i = 0; i < n; i++) {
        printf("%5zu  ", i + 1);
        cc_print_left(stdout, s[i].id, w);
        printf(" %-9s %-10s %6.2f %6.2f %6.2f %6.2f %5.2f ",
               s[i].tier ? s[i].tier : "-", s[i].stage, s[i].v[0], s[i].v[1],
               s[i].v[2], s[i].v[3], s[i].v[4]);
        if (s[i].has_vpc)
            printf("%12.6g\n", s[i].v[KOL_VALUE_OUT_VALUE_PER_COST]);
        else
            printf("%12s\n", "-");
    }
}

static void print_json(const char *shown, const char *goal,
                       const char *scheme, const char *model_id,
                       const roster_csv_result *res, const scored *s,
                       size_t n)
{
    static const char *const keys[] = {"score", "communication", "fan",
                                       "conversion", "confidence"};
    size_t i;
    int k;

    fputs("{\n  \"file\": ", stdout);
    kol_cli_json_string(stdout, shown);
    fputs(",\n  \"model\": ", stdout);
    kol_cli_json_string(stdout, model_id);
    printf(",\n  \"goal\": \"%s\",\n  \"scheme\": \"%s\",\n", goal, scheme);
    printf("  \"rows\": %llu,\n  \"scored\": %zu,\n  \"rejected\": %zu,\n",
           (unsigned long long)res->rows, n, res->nrejects);
    fputs("  \"ranking\": [", stdout);
    for (i = 0; i < n; i++) {
        printf("%s    {\"rank\": %zu, \"id\": ", i ? ",\n" : "\n", i + 1);
        kol_cli_json_string(stdout, s[i].id);
        fputs(", \"tier\": ", stdout);
        if (s[i].tier)
            kol_cli_json_string(stdout, s[i].tier);
        else
            fputs("null", stdout);
        fputs(", \"stage\": ", stdout);
        kol_cli_json_string(stdout, s[i].stage);
        for (k = 0; k <= KOL_VALUE_OUT_CONFIDENCE; k++) {
            printf(", \"%s\": ", keys[k]);
            cc_json_num(stdout, s[i].v[k]);
        }
        fputs(", \"value_per_cost\": ", stdout);
        if (s[i].has_vpc)
            cc_json_num(stdout, s[i].v[KOL_VALUE_OUT_VALUE_PER_COST]);
        else
            fputs("null", stdout);
        fputs("}", stdout);
    }
    fputs(n ? "\n  ],\n" : "],\n", stdout);
    fputs("  \"rejected_rows\": [", stdout);
    for (i = 0; i < res->nrejects; i++) {
        printf("%s    {\"row\": %llu, \"reason\": ", i ? ",\n" : "\n",
               (unsigned long long)res->rejects[i].row);
        kol_cli_json_string(stdout, res->rejects[i].reason);
        fputs("}", stdout);
    }
    fputs(res->nrejects ? "\n  ]\n}\n" : "]\n}\n", stdout);
}

/* Warn about ignored columns and rejected rows (standard error). */
static void warn_load(const char *shown, const roster_csv_result *res)
{
    size_t k;

    kol_cli_warn_unknown_columns(
        shown, (const char *const *)res->unknown_columns, res->nunknown);
    for (k = 0; k < res->nrejects; k++)
        kol_cli_warn("%s: row %llu: %s", shown,
                     (unsigned long long)res->rejects[k].row,
                     res->rejects[k].reason);
}

int kol_cli_score_run(int argc, char **argv)
{
    const char *path = NULL, *format = "text", *goal = "balanced";
    const char *target = NULL, *scheme = "cn", *shown;
    int strict = 0, i, m, igoal, ischeme, loaded = 0;
    int rc = KOL_CLI_EXIT_FAILURE;
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    kol_value_model *model = NULL;
    kol_tiers *tiers = NULL;
    kol_value_result *result = NULL;
    scored *rows = NULL;
    roster_csv_result res;
    size_t n, r;
    kol_status s;

    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--goal", &goal)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--scheme", &scheme)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--target-portrait",
                                   &target)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol score "
                          "--help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv FILE (see 'kol score --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "json") != 0) {
        kol_cli_error("unknown format '%s' (expected text, csv or json)",
                      format);
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(goal, "balanced") == 0)
        igoal = KOL_VALUE_GOAL_BALANCED;
    else if (strcmp(goal, "acquisition") == 0)
        igoal = KOL_VALUE_GOAL_ACQUISITION;
    else if (strcmp(goal, "activation") == 0)
        igoal = KOL_VALUE_GOAL_ACTIVATION;
    else if (strcmp(goal, "conversion") == 0)
        igoal = KOL_VALUE_GOAL_CONVERSION;
    else {
        kol_cli_error("unknown goal '%s' (expected balanced, acquisition, "
                      "activation or conversion)",
                      goal);
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(scheme, "cn") == 0)
        ischeme = KOL_TIER_SCHEME_CN;
    else if (strcmp(scheme, "intl") == 0)
        ischeme = KOL_TIER_SCHEME_INTL;
    else {
        kol_cli_error("unknown scheme '%s' (expected cn or intl)", scheme);
        return KOL_CLI_EXIT_USAGE;
    }
    if (target != NULL && *target == '\0') {
        kol_cli_error("empty --target-portrait FILE");
        return KOL_CLI_EXIT_USAGE;
    }
    if (target != NULL && strcmp(target, "-") == 0 && strcmp(path, "-") == 0) {
        kol_cli_error("--csv and --target-portrait cannot both read "
                      "standard input");
        return KOL_CLI_EXIT_USAGE;
    }
    shown = strcmp(path, "-") == 0 ? "standard input" : path;

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_roster_new(ctx, &roster)) != KOL_STATUS_OK ||
        (s = kol_value_model_new(ctx, igoal, &model)) != KOL_STATUS_OK ||
        (s = kol_tiers_new(ctx, ischeme, &tiers)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    if (target != NULL && load_target(ctx, model, target) != 0)
        goto out;
    if (target == NULL) {
        /* without a target no record has a portrait match: the metric is
         * left out of the model (weight 0), so that the confidence is the
         * share of what could be computed that was present. The scores do
         * not change: they are renormalized over the present metrics. */
        double w = 0.0;
        int32_t norm = 0;
        if ((s = kol_value_model_get_metric(
                 model, KOL_VALUE_METRIC_PORTRAIT_MATCH, &w, &norm, NULL)) !=
                KOL_STATUS_OK ||
            (s = kol_value_model_set_metric(
                 model, KOL_VALUE_METRIC_PORTRAIT_MATCH, 0.0, norm)) !=
                KOL_STATUS_OK) {
            kol_cli_error("cannot configure the model: %s",
                          kol_ctx_last_error(ctx));
            goto out;
        }
    }
    if (roster_csv_load(ctx, roster, path, &res) != 0) {
        kol_cli_error("%s", res.error);
        roster_csv_result_free(&res);
        goto out;
    }
    loaded = 1;
    warn_load(shown, &res);
    if ((s = kol_value_score_roster(model, roster, &result)) !=
        KOL_STATUS_OK) {
        kol_cli_error("%s: scoring failed: %s", shown,
                      kol_ctx_last_error(ctx));
        goto out;
    }
    n = kol_value_result_size(result);
    rows = kol_cli_alloc_array(n, sizeof *rows);
    if (rows == NULL) {
        kol_cli_error("out of memory");
        goto out;
    }
    for (r = 0; r < n; r++) {
        const kol_record *rec = NULL;
        size_t idx = 0;
        int32_t level = -1, stage = KOL_STAGE_UNKNOWN;
        double price = 0.0;
        int k;

        if (kol_value_result_rank(result, r, &idx) != KOL_STATUS_OK ||
            kol_roster_at(roster, idx, &rec) != KOL_STATUS_OK) {
            kol_cli_error("internal error: rank %zu", r);
            goto out;
        }
        rows[r].id = kol_record_text(rec, KOL_TEXT_ID);
        if (rows[r].id == NULL)
            rows[r].id = "";
        for (k = 0; k < KOL_VALUE_OUT_COUNT; k++)
            if (kol_value_result_get(result, idx, k, &rows[r].v[k]) !=
                KOL_STATUS_OK)
                rows[r].v[k] = 0.0;
        rows[r].tier = kol_tiers_classify(tiers, rec, &level) ==
                               KOL_STATUS_OK
                           ? kol_tiers_level_name(tiers, level)
                           : NULL;
        if (kol_tiers_stage(tiers, rec, &stage) != KOL_STATUS_OK)
            stage = KOL_STAGE_UNKNOWN;
        rows[r].stage = kol_stage_name(stage);
        if (rows[r].stage == NULL)
            rows[r].stage = "unknown";
        rows[r].has_vpc =
            kol_record_get_metric(rec, KOL_METRIC_PRICE, &price) ==
                KOL_STATUS_OK &&
            price > 0.0;
    }
    if (strcmp(format, "csv") == 0)
        print_csv(rows, n);
    else if (strcmp(format, "json") == 0)
        print_json(shown, goal, scheme, kol_value_model_id(model), &res,
                   rows, n);
    else
        print_text(shown, goal, kol_value_model_id(model), &res, rows, n);
    if (strict && res.nrejects > 0) {
        kol_cli_error("%zu row%s rejected (--strict)", res.nrejects,
                      res.nrejects > 1 ? "s" : "");
    } else {
        rc = KOL_CLI_EXIT_OK;
    }
out:
    if (loaded)
        roster_csv_result_free(&res);
    free(rows);
    kol_value_result_free(result);
    kol_tiers_free(tiers);
    kol_value_model_free(model);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return rc;
}
