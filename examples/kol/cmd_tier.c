/*
 * cmd_tier.c - `kol tier --csv FILE`: the tier of every KOL of a record
 * CSV (follower ladders of kol/tier.h, Chinese or international, custom
 * thresholds, or score quantiles within the file), with the KOC verdict
 * and the lifecycle stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"
#include "roster_csv.h"

/* Cut points of --scheme quantile and the names of its levels. */
static const double quantile_probs[] = {0.5, 0.8, 0.95};
static const char *const quantile_names[] = {"p0-50", "p50-80", "p80-95",
                                             "p95-100"};

/* Replace the generic ladder and the ladder of every platform that has
 * one of its own (the scheme's presets win over the generic ladder, so
 * --thresholds must replace each of them too). Returns the first status
 * that is not KOL_STATUS_OK, else KOL_STATUS_OK. */
static kol_status set_every_ladder(kol_tiers *tiers, const double *thr,
                                   size_t n)
{
    size_t k;
    kol_status s = kol_tiers_set_ladder(tiers, NULL, thr, n);

    for (k = 0; s == KOL_STATUS_OK && k < kol_tiers_platform_count(tiers);
         k++)
        s = kol_tiers_set_ladder(tiers, kol_tiers_platform(tiers, k), thr, n);
    return s;
}

void kol_cli_tier_help(FILE *out)
{
    fputs(
        "usage: kol tier --csv FILE [--scheme cn|intl|quantile]\n"
        "                [--thresholds T1,T2,...] [--goal GOAL]\n"
        "                [--format text|csv|json] [--strict]\n"
        "\n"
        "Print the tier of every KOL of a record CSV (the columns of\n"
        "'kol records'), in file order, with its KOC verdict and lifecycle\n"
        "stage, and the number of KOLs per tier.\n"
        "\n"
        "options:\n"
        "  --csv FILE          the records ('-' reads standard input)\n"
        "  --scheme SCHEME     cn (the default): follower ladder koc < tail\n"
        "                      < waist < shoulder < head, per platform\n"
        "                      (generic/douyin/kuaishou: 100K, 300K, 1M, 3M);\n"
        "                      intl: sub-nano < nano < micro < mid < macro <\n"
        "                      mega (1K, 10K, 50K, 500K, 1M on every\n"
        "                      platform); quantile: by value score within the\n"
        "                      file, p0-50, p50-80, p80-95, p95-100 (cut at\n"
        "                      the 0.5, 0.8 and 0.95 quantiles)\n"
        "  --thresholds LIST   replace the ladder of every platform (cn: 4\n"
        "                      counts, intl: 5), strictly increasing, e.g.\n"
        "                      --thresholds 1000,10000,50000,500000,1000000;\n"
        "                      a usage error with --scheme quantile\n"
        "  --goal GOAL         with --scheme quantile: the weight preset of\n"
        "                      the score (balanced, acquisition, activation,\n"
        "                      conversion; default balanced)\n"
        "  --format FORMAT     text (the default), csv or json\n"
        "  --strict            exit 1 when any row is rejected\n"
        "\n"
        "csv format: the header\n"
        "  id,platform,followers,level,tier,koc,stage\n"
        "then one row per KOL in file order. level is the tier's number (0 =\n"
        "lowest); a KOL without a follower count has empty level and tier\n"
        "cells (null in json, '-' in text). koc is yes, no or unknown (the\n"
        "KOC rule of docs/model-value.md 1.3); stage is introduced, growing,\n"
        "mature, fading or unknown (1.4).\n"
        "\n"
        "Exit status: 0 when the file was read (even with rejected rows,\n"
        "unless --strict); 1 when it cannot be read or is malformed; 2 on a\n"
        "usage error.\n",
        out);
}

/* One KOL's verdicts. */
typedef struct tiered {
    const char *id, *platform;
    double followers;
    int has_followers;
    int32_t level; /* -1: none */
    const char *tier, *koc, *stage;
} tiered;

/* Parse "a,b,c" into at most cap numbers. Returns the count, -1 for a
 * list that is not numbers separated by commas, or -2 for more than cap
 * numbers. */
static int parse_list(const char *s, double *out, int cap)
{
    int n = 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (n >= cap)
            return -2;
        if (cc_parse_number(s, len, &out[n]) != 0)
            return -1;
        n++;
        s += len;
        if (*s == ',') {
            s++;
            if (*s == '\0')
                return -1;
        }
    }
    return n;
}

static int parse_goal(const char *goal)
{
    if (strcmp(goal, "balanced") == 0)
        return KOL_VALUE_GOAL_BALANCED;
    if (strcmp(goal, "acquisition") == 0)
        return KOL_VALUE_GOAL_ACQUISITION;
    if (strcmp(goal, "activation") == 0)
        return KOL_VALUE_GOAL_ACTIVATION;
    if (strcmp(goal, "conversion") == 0)
        return KOL_VALUE_GOAL_CONVERSION;
    return -1;
}

/* Quantile tiers: score the roster and cut the scores. Levels in roster
 * order into levels[]. Returns 0, or -1 after printing the error. */
static int quantile_levels(kol_ctx *ctx, const kol_roster *roster, int goal,
                           int32_t *levels, const char *shown)
{
    kol_value_model *model = NULL;
    kol_value_result *result = NULL;
    double *scores = NULL;
    size_t *who = NULL;
    int32_t *cohort_levels = NULL;
    size_t n = kol_roster_size(roster), m = 0, i;
    int rc = -1;

    if (n == 0)
        return 0;
    if (kol_value_model_new(ctx, goal, &model) != KOL_STATUS_OK ||
        kol_value_score_roster(model, roster, &result) != KOL_STATUS_OK) {
        kol_cli_error("%s: scoring failed: %s", shown,
                      kol_ctx_last_error(ctx));
        goto out;
    }
    scores = kol_cli_alloc_array(n, sizeof *scores);
    who = kol_cli_alloc_array(n, sizeof *who);
    cohort_levels = kol_cli_alloc_array(n, sizeof *cohort_levels);
    if (scores == NULL || who == NULL || cohort_levels == NULL) {
        kol_cli_error("out of memory");
        goto out;
    }
    /* the cohort: the KOLs with something to score (confidence above 0);
     * a KOL without any sub-metric has no level */
    for (i = 0; i < n; i++) {
        double total, conf;
        levels[i] = -1;
        if (kol_value_result_get(result, i, KOL_VALUE_OUT_TOTAL, &total) ==
                KOL_STATUS_OK &&
            kol_value_result_get(result, i, KOL_VALUE_OUT_CONFIDENCE,
                                 &conf) == KOL_STATUS_OK &&
            conf > 0.0) {
            who[m] = i;
            scores[m++] = total;
        }
    }
    if (m > 0 &&
        kol_tier_by_quantiles(ctx, scores, m, quantile_probs,
                              sizeof quantile_probs / sizeof *quantile_probs,
                              cohort_levels) != KOL_STATUS_OK) {
        kol_cli_error("%s: quantile tiers failed: %s", shown,
                      kol_ctx_last_error(ctx));
        goto out;
    }
    for (i = 0; i < m; i++)
        levels[who[i]] = cohort_levels[i];
    rc = 0;
out:
    free(scores);
    free(who);
    free(cohort_levels);
    kol_value_result_free(result);
    kol_value_model_free(model);
    return rc;
}

static void print_csv(const tiered *t, size_t n)
{
    size_t i;

    fputs("id,platform,followers,level,tier,koc,stage\n", stdout);
    for (i = 0; i < n; i++) {
        cc_csv_cell(stdout, t[i].id);
        putchar(',');
        if (t[i].platform)
            cc_csv_cell(stdout, t[i].platform);
        putchar(',');
        if (t[i].has_followers)
            cc_print_num(stdout, t[i].followers);
        putchar(',');
        if (t[i].level >= 0)
            printf("%d,", (int)t[i].level);
        else
            putchar(',');
        if (t[i].tier)
            cc_csv_cell(stdout, t[i].tier);
        printf(",%s,%s\n", t[i].koc, t[i].stage);
    }
}

static void print_json(const char *shown, const char *scheme,
                       const roster_csv_result *res, const tiered *t,
                       size_t n, const char *const *names,
                       const size_t *counts, size_t nlevels)
{
    size_t i;

    fputs("{\n  \"file\": ", stdout);
    kol_cli_json_string(stdout, shown);
    printf(",\n  \"scheme\": \"%s\",\n  \"rows\": %llu,\n  \"loaded\": "
           "%zu,\n  \"rejected\": %zu,\n  \"tiers\": [",
           scheme, (unsigned long long)res->rows, n, res->nrejects);
    for (i = 0; i < nlevels; i++) {
        printf("%s\n    {\"level\": %zu, \"tier\": ", i ? "," : "", i);
        kol_cli_json_string(stdout, names[i]);
        printf(", \"kols\": %zu}", counts[i]);
    }
    fputs(nlevels ? "\n  ],\n  \"kols\": [" : "],\n  \"kols\": [", stdout);
    for (i = 0; i < n; i++) {
        fputs(i ? ",\n    {\"id\": " : "\n    {\"id\": ", stdout);
        kol_cli_json_string(stdout, t[i].id);
        fputs(", \"platform\": ", stdout);
        if (t[i].platform)
            kol_cli_json_string(stdout, t[i].platform);
        else
            fputs("null", stdout);
        fputs(", \"followers\": ", stdout);
        if (t[i].has_followers)
            cc_json_num(stdout, t[i].followers);
        else
            fputs("null", stdout);
        if (t[i].level >= 0) {
            printf(", \"level\": %d, \"tier\": ", (int)t[i].level);
            kol_cli_json_string(stdout, t[i].tier);
        } else {
            fputs(", \"level\": null, \"tier\": null", stdout);
        }
        printf(", \"koc\": \"%s\", \"stage\": \"%s\"}", t[i].koc,
               t[i].stage);
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

static void print_text(const char *shown, const char *scheme,
                       const roster_csv_result *res, const tiered *t,
                       size_t n, const char *const *names,
                       const size_t *counts, size_t nlevels, size_t none)
{
    size_t i, w = 2;

    printf("file: %s\n", shown);
    printf("scheme: %s\n", scheme);
    printf("records loaded: %zu\n", n);
    printf("records rejected: %zu\n\n", res->nrejects);
    printf("KOLs per tier:\n");
    for (i = nlevels; i-- > 0;)
        printf("  %-9s %6zu\n", names[i], counts[i]);
    if (none > 0)
        printf("  %-9s %6zu\n", "(none)", none);
    putchar('\n');
    for (i = 0; i < n; i++)
        if (cc_display_width(t[i].id) > w)
            w = cc_display_width(t[i].id);
    if (w > 32)
        w = 32;
    cc_print_left(stdout, "id", w);
    printf(" %-12s %12s %-9s %-7s %s\n", "platform", "followers", "tier",
           "koc", "stage");
    for (i = 0; i < n; i++) {
        char num[40] = "-";
        if (t[i].has_followers)
            cc_fmt_num(num, sizeof num, t[i].followers);
        cc_print_left(stdout, t[i].id, w);
        putchar(' ');
        cc_print_left(stdout, t[i].platform ? t[i].platform : "-", 12);
        printf(" %12s %-9s %-7s %s\n", num, t[i].tier ? t[i].tier : "-",
               t[i].koc, t[i].stage);
    }
}

int kol_cli_tier_run(int argc, char **argv)
{
    const char *path = NULL, *format = "text", *scheme = "cn";
    const char *goal = NULL, *thresholds = NULL, *shown;
    int strict = 0, i, m, igoal, ischeme, quantile = 0, loaded = 0;
    int rc = KOL_CLI_EXIT_FAILURE, nthr = 0;
    double thr[KOL_TIER_MAX_THRESHOLDS + 1];
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    kol_tiers *tiers = NULL;
    tiered *rows = NULL;
    int32_t *qlevels = NULL;
    roster_csv_result res;
    const char *names[KOL_TIER_MAX_THRESHOLDS + 1];
    size_t counts[KOL_TIER_MAX_THRESHOLDS + 1];
    size_t n, r, k, nlevels, none = 0;
    kol_status s;

    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--scheme", &scheme)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--goal", &goal)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--thresholds",
                                   &thresholds)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol tier "
                          "--help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv FILE (see 'kol tier --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "json") != 0) {
        kol_cli_error("unknown format '%s' (expected text, csv or json)",
                      format);
        return KOL_CLI_EXIT_USAGE;
    }
    if ((igoal = parse_goal(goal ? goal : "balanced")) < 0) {
        kol_cli_error("unknown goal '%s' (expected balanced, acquisition, "
                      "activation or conversion)",
                      goal);
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(scheme, "cn") == 0) {
        ischeme = KOL_TIER_SCHEME_CN;
    } else if (strcmp(scheme, "intl") == 0) {
        ischeme = KOL_TIER_SCHEME_INTL;
    } else if (strcmp(scheme, "quantile") == 0) {
        ischeme = KOL_TIER_SCHEME_CN; /* for the KOC and stage rules */
        quantile = 1;
    } else {
        kol_cli_error("unknown scheme '%s' (expected cn, intl or quantile)",
                      scheme);
        return KOL_CLI_EXIT_USAGE;
    }
    if (goal != NULL && !quantile) {
        /* the ladders, the KOC rule and the stages use no weights */
        kol_cli_error("--goal applies to --scheme quantile only");
        return KOL_CLI_EXIT_USAGE;
    }
    if (thresholds != NULL) {
        if (quantile) {
            kol_cli_error("--thresholds does not apply to --scheme "
                          "quantile");
            return KOL_CLI_EXIT_USAGE;
        }
        nthr = parse_list(thresholds, thr, KOL_TIER_MAX_THRESHOLDS + 1);
        if (nthr == -2) {
            kol_cli_error("--thresholds '%s': more than %d values",
                          thresholds, KOL_TIER_MAX_THRESHOLDS + 1);
            return KOL_CLI_EXIT_USAGE;
        }
        if (nthr <= 0) {
            kol_cli_error("--thresholds '%s' is not a list of numbers",
                          thresholds);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    shown = strcmp(path, "-") == 0 ? "standard input" : path;

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_roster_new(ctx, &roster)) != KOL_STATUS_OK ||
        (s = kol_tiers_new(ctx, ischeme, &tiers)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    if (nthr > 0 &&
        set_every_ladder(tiers, thr, (size_t)nthr) != KOL_STATUS_OK) {
        kol_cli_error("--thresholds: %s (the %s scheme takes %u strictly "
                      "increasing positive counts)",
                      kol_ctx_last_error(ctx), scheme,
                      (unsigned)(kol_tiers_level_count(tiers) - 1));
        rc = KOL_CLI_EXIT_USAGE;
        goto out;
    }
    if (roster_csv_load(ctx, roster, path, &res) != 0) {
        kol_cli_error("%s", res.error);
        roster_csv_result_free(&res);
        goto out;
    }
    loaded = 1;
    kol_cli_warn_unknown_columns(
        shown, (const char *const *)res.unknown_columns, res.nunknown);
    for (k = 0; k < res.nrejects; k++)
        kol_cli_warn("%s: row %llu: %s", shown,
                     (unsigned long long)res.rejects[k].row,
                     res.rejects[k].reason);

    n = kol_roster_size(roster);
    rows = kol_cli_alloc_array(n, sizeof *rows);
    qlevels = kol_cli_alloc_array(n, sizeof *qlevels);
    if (rows == NULL || qlevels == NULL) {
        kol_cli_error("out of memory");
        goto out;
    }
    if (quantile) {
        nlevels = sizeof quantile_names / sizeof *quantile_names;
        for (k = 0; k < nlevels; k++)
            names[k] = quantile_names[k];
        if (quantile_levels(ctx, roster, igoal, qlevels, shown) != 0)
            goto out;
    } else {
        nlevels = kol_tiers_level_count(tiers);
        if (nlevels > KOL_TIER_MAX_THRESHOLDS + 1)
            nlevels = KOL_TIER_MAX_THRESHOLDS + 1;
        for (k = 0; k < nlevels; k++)
            names[k] = kol_tiers_level_name(tiers, (int)k);
    }
    memset(counts, 0, sizeof counts);
    for (r = 0; r < n; r++) {
        const kol_record *rec = NULL;
        int32_t level = -1, stage = KOL_STAGE_UNKNOWN, koc = KOL_KOC_UNKNOWN;
        tiered *t = &rows[r];

        if (kol_roster_at(roster, r, &rec) != KOL_STATUS_OK) {
            kol_cli_error("internal error: record %zu", r);
            goto out;
        }
        t->id = kol_record_text(rec, KOL_TEXT_ID);
        if (t->id == NULL)
            t->id = "";
        t->platform = kol_record_text(rec, KOL_TEXT_PLATFORM);
        t->has_followers = kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS,
                                                 &t->followers) ==
                           KOL_STATUS_OK;
        if (quantile)
            level = qlevels[r];
        else if (kol_tiers_classify(tiers, rec, &level) != KOL_STATUS_OK)
            level = -1;
        if (level >= 0 && (size_t)level >= nlevels)
            level = -1;
        t->level = level;
        t->tier = level >= 0 ? names[level] : NULL;
        if (level >= 0)
            counts[level]++;
        else
            none++;
        if (kol_tiers_koc(tiers, rec, &koc) != KOL_STATUS_OK)
            koc = KOL_KOC_UNKNOWN;
        t->koc = kol_koc_name(koc) ? kol_koc_name(koc) : "unknown";
        if (kol_tiers_stage(tiers, rec, &stage) != KOL_STATUS_OK)
            stage = KOL_STAGE_UNKNOWN;
        t->stage = kol_stage_name(stage) ? kol_stage_name(stage) : "unknown";
    }
    if (strcmp(format, "csv") == 0)
        print_csv(rows, n);
    else if (strcmp(format, "json") == 0)
        print_json(shown, scheme, &res, rows, n, names, counts, nlevels);
    else
        print_text(shown, scheme, &res, rows, n, names, counts, nlevels,
                   none);
    if (strict && res.nrejects > 0)
        kol_cli_error("%zu row%s rejected (--strict)", res.nrejects,
                      res.nrejects > 1 ? "s" : "");
    else
        rc = KOL_CLI_EXIT_OK;
out:
    if (loaded)
        roster_csv_result_free(&res);
    free(rows);
    free(qlevels);
    kol_tiers_free(tiers);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return rc;
}
