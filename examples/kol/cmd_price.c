/*
 * cmd_price.c - `kol price --history DELIVERIES --platform P --tier T
 * [--category C] --quote AMOUNT (--views N | --impressions N)`: is a
 * quote fair? The past deliveries (the columns of `kol roi`, read by
 * kol_cli_roi_stream in cmd_roi.c) go into a libkol cost history
 * (kol_roi_feed_cost: one DDSketch of CPM, CPE, CPA and price per
 * platform, tier and category); kol_cost_history_quote then gives the
 * quote's percentile and the fair price range. docs/model-roi.md section
 * 7 has the formulas.
 *
 * The quote and the past CPMs are on the same exposure. kol_roi_feed_cost
 * takes a delivery's impressions, or its views when it has none: that is
 * the exposure of --impressions. For --views the history is read without
 * the impressions column's values (each row still read and checked as
 * kol roi does), so that every past delivery's exposure is its views.
 *
 * The history is read and fed in batches of HISTORY_BATCH deliveries: the
 * summaries merge exactly (bucket counts add up, min and max are kept), so
 * the result is that of one feed of the whole file, while memory holds one
 * batch of deliveries instead of the whole file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"

#define TWO53 9007199254740992.0

/* Deliveries held at a time: a few tens of MB at most, while the merge of
 * each batch into the history (a pass over its cells) stays rare. */
#define HISTORY_BATCH 65536

void kol_cli_price_help(FILE *out)
{
    fputs(
        "usage: kol price --history DELIVERIES --platform P --tier T\n"
        "                 [--category C] --quote AMOUNT\n"
        "                 (--views N | --impressions N)\n"
        "                 [--low Q] [--high Q] [--alpha A]\n"
        "                 [--format text|json] [--strict]\n"
        "\n"
        "Judge a quote against past deliveries: its percentile among past\n"
        "prices of the same platform and tier (and category) and the fair\n"
        "price range. The quote's exposure N is given in views or in\n"
        "impressions, and the past CPMs are on the same exposure: with\n"
        "--views, 1000 x cost / views of each past delivery; with\n"
        "--impressions, 1000 x cost / impressions (/ views for a delivery\n"
        "without impressions). With N > 0 and past deliveries with that\n"
        "exposure, the quote's CPM (1000 x AMOUNT / N) is ranked among\n"
        "those past CPMs and the fair range is their quantiles x N / 1000;\n"
        "otherwise (N = 0: exposure unknown, or no past delivery with that\n"
        "exposure) the quote is ranked among past prices and the range is\n"
        "their quantiles. Quantiles come from libkol's mergeable DDSketch\n"
        "summaries, within relative error alpha of the exact ones. The\n"
        "formulas are in docs/model-roi.md section 7.\n"
        "\n"
        "options:\n"
        "  --history FILE   past deliveries, the columns of 'kol roi' ('-'\n"
        "                   reads standard input); platform, tier and cost\n"
        "                   are used, with views or impressions for the\n"
        "                   CPM (as the quote's exposure) and category when\n"
        "                   given; rows without a platform or a tier are\n"
        "                   not part of the history\n"
        "  --platform P     platform of the quote (required)\n"
        "  --tier T         tier of the quote (required); platform and tier\n"
        "                   names are compared without regard to ASCII case\n"
        "                   (Douyin is douyin) and shown in lower case\n"
        "  --category C     category; without it every category of the\n"
        "                   platform and tier is pooled\n"
        "  --quote AMOUNT   the quoted price, >= 0 (required)\n"
        "  --views N        planned views of the delivery, >= 0: past CPMs\n"
        "                   are per view (a delivery without views counts\n"
        "                   for prices only); 0 when unknown: ranks among\n"
        "                   prices\n"
        "  --impressions N  planned impressions, >= 0: past CPMs are per\n"
        "                   impression (per view for a delivery without\n"
        "                   impressions); 0 when unknown: ranks among\n"
        "                   prices. Exactly one of --views and\n"
        "                   --impressions is required.\n"
        "  --low Q          quantile of the low end of the fair range, 0 to\n"
        "                   0.5 (default 0.25)\n"
        "  --high Q         quantile of the high end, 0.5 to 1 (default 0.75)\n"
        "  --alpha A        relative accuracy of the summaries, 0.001 to 0.1\n"
        "                   (default 0.01)\n"
        "  --format FORMAT  text (the default) or json\n"
        "  --strict         exit 1 when any row of the history is rejected\n"
        "\n",
        out);
    fputs(
        "The percentile is the quote's mid-rank among the past values, from\n"
        "0 (cheaper than every past delivery) to 100 (dearer than every\n"
        "one). The verdict says whether the quote is below, within or above\n"
        "the fair range. Rows of the history that 'kol roi' would reject are\n"
        "rejected the same way, with a warning on standard error.\n"
        "\n"
        "Exit status: 0 when the quote was judged; 1 when the history cannot\n"
        "be read, is empty or malformed, or holds no past delivery of that\n"
        "platform and tier (and category), or with --strict and a rejected\n"
        "row; 2 on a usage error.\n",
        out);
}

/* Parse a required or optional number option within [lo, hi]. Returns 0,
 * or KOL_CLI_EXIT_USAGE after printing the error. */
static int number_opt(const char *opt, const char *arg, double lo, double hi,
                      double *out)
{
    double v;
    if (cc_parse_number(arg, strlen(arg), &v) != 0) {
        kol_cli_error("%s '%s': not a number (decimal notation: 12, 3.5, "
                      "1e6)",
                      opt, arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (!isfinite(v)) {
        kol_cli_error("%s '%s': not a finite number", opt, arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (!(v >= lo && v <= hi)) {
        char a[40], b[40];
        kol_cli_error("%s '%s': expected a number from %s to %s", opt, arg,
                      cc_fmt_num(a, sizeof a, lo), cc_fmt_num(b, sizeof b, hi));
        return KOL_CLI_EXIT_USAGE;
    }
    *out = v;
    return 0;
}

/* The cost history being fed, batch after batch. */
typedef struct price_feed {
    kol_ctx *ctx;
    kol_cost_history *hist;
    uint64_t in_history; /* deliveries added to hist */
    uint64_t before;     /* deliveries of the earlier batches */
    /* The first failure of kol_roi_feed_cost and its message (the context
     * is written again by the reading that goes on). The rest of the file
     * is still read, so that a file that cannot be read and the rejected
     * rows are reported first, as when the whole file was fed at once. */
    kol_status failed;
    char msg[640];
} price_feed;

/* kol_cli_roi_batch_fn: add one batch of deliveries to the history. */
static void feed_batch(void *user, const kol_roi *roi)
{
    static const char head[] = "kol_roi_feed_cost: delivery ";
    price_feed *f = user;
    uint64_t added = 0;
    const char *msg;
    kol_status s;

    if (f->failed == KOL_STATUS_OK) {
        s = kol_roi_feed_cost(roi, f->hist, &added);
        if (s == KOL_STATUS_OK) {
            f->in_history += added;
        } else {
            char *end;
            unsigned long long i;
            f->failed = s;
            msg = kol_ctx_last_error(f->ctx);
            /* The library numbers a delivery within the evaluator, which
             * holds one batch: renumber it within the whole file. */
            if (strncmp(msg, head, sizeof head - 1) == 0 &&
                msg[sizeof head - 1] >= '0' && msg[sizeof head - 1] <= '9') {
                i = strtoull(msg + sizeof head - 1, &end, 10);
                snprintf(f->msg, sizeof f->msg, "%s%llu%s", head,
                         i + (unsigned long long)f->before, end);
            } else {
                snprintf(f->msg, sizeof f->msg, "%s", msg);
            }
        }
    }
    f->before += kol_roi_size(roi);
}

int kol_cli_price_run(int argc, char **argv)
{
    const char *path = NULL, *platform = NULL, *tier = NULL,
               *category = NULL, *quote_arg = NULL, *views_arg = NULL,
               *impr_arg = NULL, *expo_arg, *expo_opt, *unit, *with_expo,
               *low_arg = NULL, *high_arg = NULL, *alpha_arg = NULL,
               *format = "text", *shown;
    /* expo: the quote's exposure, views (per_view) or impressions */
    double quote = 0, expo = 0, q_low = 0.25, q_high = 0.75,
           alpha = KOL_COST_ALPHA_DEFAULT, pct = 0, lo = 0, mid = 0, hi = 0,
           cpm = 0;
    int32_t basis = -1;
    int strict = 0, json, i, m, has_cpm, per_view,
        rc = KOL_CLI_EXIT_FAILURE;
    unsigned long long rows = 0, loaded = 0;
    size_t rejected = 0;
    uint64_t in_history = 0, n_price = 0, n_cpm = 0;
    kol_ctx *ctx = NULL;
    kol_cost_history *hist = NULL;
    price_feed feed;
    const char *verdict;
    char *platform_lc = NULL, *tier_lc = NULL;
    kol_status s;

    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--history", &path)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--platform",
                                   &platform)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--tier", &tier)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--category",
                                   &category)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--quote", &quote_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--views", &views_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--impressions",
                                   &impr_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--low", &low_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--high", &high_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--alpha", &alpha_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol price --help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    {
        static const char *const names[] = {"--history", "--platform",
                                            "--tier", "--quote"};
        const char *vals[4];
        size_t k;
        vals[0] = path;
        vals[1] = platform;
        vals[2] = tier;
        vals[3] = quote_arg;
        for (k = 0; k < 4; k++)
            if (vals[k] == NULL || *vals[k] == '\0') {
                kol_cli_error("missing %s (see 'kol price --help')",
                              names[k]);
                return KOL_CLI_EXIT_USAGE;
            }
    }
    /* The exposure: exactly one of views and impressions. */
    if (views_arg != NULL && impr_arg != NULL) {
        kol_cli_error("--views and --impressions: give one exposure, not "
                      "both (see 'kol price --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (views_arg == NULL && impr_arg == NULL) {
        kol_cli_error("missing --views or --impressions (see 'kol price "
                      "--help')");
        return KOL_CLI_EXIT_USAGE;
    }
    per_view = views_arg != NULL;
    expo_arg = per_view ? views_arg : impr_arg;
    expo_opt = per_view ? "--views" : "--impressions";
    unit = per_view ? "views" : "impressions";
    with_expo = per_view ? "views" : "impressions or views";
    if (*expo_arg == '\0') {
        kol_cli_error("missing %s (see 'kol price --help')", expo_opt);
        return KOL_CLI_EXIT_USAGE;
    }
    if (category != NULL && *category == '\0') {
        kol_cli_error("--category needs a value (leave it out to pool every "
                      "category)");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") == 0)
        json = 0;
    else if (strcmp(format, "json") == 0)
        json = 1;
    else {
        kol_cli_error("unknown format '%s' (expected text or json)", format);
        return KOL_CLI_EXIT_USAGE;
    }
    if ((m = number_opt("--quote", quote_arg, 0, TWO53, &quote)) != 0 ||
        (m = number_opt(expo_opt, expo_arg, 0, TWO53, &expo)) != 0 ||
        (low_arg && (m = number_opt("--low", low_arg, 0, 0.5, &q_low)) != 0) ||
        (high_arg &&
         (m = number_opt("--high", high_arg, 0.5, 1, &q_high)) != 0) ||
        (alpha_arg && (m = number_opt("--alpha", alpha_arg, KOL_COST_ALPHA_MIN,
                                      KOL_COST_ALPHA_MAX, &alpha)) != 0))
        return m;
    /* platform and tier names: ASCII case does not count, as in the
     * history (kol_cli_roi_load) and in tiering */
    platform_lc = cc_lower_dup(platform, strlen(platform));
    tier_lc = cc_lower_dup(tier, strlen(tier));
    if (platform_lc == NULL || tier_lc == NULL) {
        kol_cli_error("out of memory");
        goto out;
    }
    platform = platform_lc;
    tier = tier_lc;
    /* standard input is named so in every output, json included */
    shown = strcmp(path, "-") == 0 ? "standard input" : path;

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_cost_history_new(ctx, alpha, &hist)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    memset(&feed, 0, sizeof feed);
    feed.ctx = ctx;
    feed.hist = hist;
    feed.failed = KOL_STATUS_OK;
    /* --views: the deliveries without their impressions, so that
     * kol_roi_feed_cost's exposure is their views */
    if (kol_cli_roi_stream(ctx, path, HISTORY_BATCH, per_view, feed_batch,
                           &feed, &rows, &loaded, &rejected) != 0)
        goto out;
    if (feed.failed != KOL_STATUS_OK) {
        kol_cli_error("%s (%s)", feed.msg, kol_status_str(feed.failed));
        goto out;
    }
    in_history = feed.in_history;
    /* Only the library's quote is needed; the counts say how much history
     * it rests on. */
    if ((s = kol_cost_history_count(hist, platform, tier, category,
                                    KOL_COST_MEASURE_PRICE, &n_price)) !=
            KOL_STATUS_OK ||
        (s = kol_cost_history_count(hist, platform, tier, category,
                                    KOL_COST_MEASURE_CPM, &n_cpm)) !=
            KOL_STATUS_OK)
        goto libfail;
    s = kol_cost_history_quote(hist, platform, tier, category, quote, expo,
                               q_low, q_high, &pct, &lo, &mid, &hi, &basis);
    if (s == KOL_STATUS_EMPTY) {
        kol_cli_error("%s: no past delivery of platform '%s', tier '%s'%s%s%s "
                      "(%llu of %llu deliveries have a platform and a tier)",
                      shown, platform, tier, category ? ", category '" : "",
                      category ? category : "", category ? "'" : "",
                      (unsigned long long)in_history, loaded);
        goto out;
    }
    if (s != KOL_STATUS_OK)
        goto libfail;
    verdict = quote < lo ? "below" : quote > hi ? "above" : "within";
    /* The quote's own CPM: a tiny exposure can overflow it to inf, which
     * has no JSON spelling; like an unknown CPM it prints null / '-'. */
    has_cpm = 0;
    if (expo > 0) {
        cpm = 1000.0 * quote / expo;
        has_cpm = isfinite(cpm);
    }

    if (json) {
        fputs("{\n  \"history\": ", stdout);
        kol_cli_json_string(stdout, shown);
        printf(",\n  \"rows\": %llu,\n  \"loaded\": %llu,\n  \"rejected\": "
               "%zu,\n  \"in_history\": %llu,\n  \"platform\": ",
               rows, loaded, rejected, (unsigned long long)in_history);
        kol_cli_json_string(stdout, platform);
        fputs(",\n  \"tier\": ", stdout);
        kol_cli_json_string(stdout, tier);
        fputs(",\n  \"category\": ", stdout);
        if (category)
            kol_cli_json_string(stdout, category);
        else
            fputs("null", stdout);
        printf(",\n  \"past_prices\": %llu,\n  \"past_cpms\": %llu,\n"
               "  \"quote\": ",
               (unsigned long long)n_price, (unsigned long long)n_cpm);
        cc_json_num(stdout, quote);
        /* the exposure given, named; the other one is null */
        printf(",\n  \"exposure\": \"%s\",\n  \"views\": ", unit);
        if (per_view)
            cc_json_num(stdout, expo);
        else
            fputs("null", stdout);
        fputs(",\n  \"impressions\": ", stdout);
        if (per_view)
            fputs("null", stdout);
        else
            cc_json_num(stdout, expo);
        fputs(",\n  \"quote_cpm\": ", stdout);
        if (has_cpm)
            cc_json_num(stdout, cpm);
        else
            fputs("null", stdout);
        printf(",\n  \"basis\": \"%s\",\n  \"percentile\": ",
               basis == KOL_COST_BASIS_CPM ? "cpm" : "price");
        cc_json_num(stdout, 100.0 * pct);
        fputs(",\n  \"fair_low\": ", stdout);
        cc_json_num(stdout, lo);
        fputs(",\n  \"fair_median\": ", stdout);
        cc_json_num(stdout, mid);
        fputs(",\n  \"fair_high\": ", stdout);
        cc_json_num(stdout, hi);
        fputs(",\n  \"q_low\": ", stdout);
        cc_json_num(stdout, q_low);
        fputs(",\n  \"q_high\": ", stdout);
        cc_json_num(stdout, q_high);
        fputs(",\n  \"alpha\": ", stdout);
        cc_json_num(stdout, alpha);
        printf(",\n  \"verdict\": \"%s\"\n}\n", verdict);
    } else {
        printf("history: %s (%llu deliveries loaded, %zu rejected; %llu "
               "with a platform and a tier)\n",
               shown, loaded,
               rejected, (unsigned long long)in_history);
        printf("cell: platform %s, tier %s, category %s\n", platform, tier,
               category ? category : "(all, pooled)");
        printf("past deliveries: %llu (%llu with %s, for the CPM)\n",
               (unsigned long long)n_price, (unsigned long long)n_cpm,
               with_expo);
        if (has_cpm)
            printf("quote: %.15g for %.15g %s (CPM %.6g)\n", quote, expo,
                   unit, cpm);
        else if (expo > 0)
            printf("quote: %.15g for %.15g %s (CPM -)\n", quote, expo, unit);
        else
            printf("quote: %.15g (%s unknown)\n", quote, unit);
        if (basis == KOL_COST_BASIS_CPM)
            printf("basis: cpm (past CPMs x %.15g %s / 1000)\n", expo,
                   unit);
        else if (expo > 0)
            printf("basis: price (past prices; no past delivery with %s)\n",
                   with_expo);
        else
            fputs("basis: price (past prices)\n", stdout);
        printf("percentile: %.6g\n", 100.0 * pct);
        printf("fair range: %.6g to %.6g (quantiles %.6g and %.6g), median "
               "%.6g\n",
               lo, hi, q_low, q_high, mid);
        printf("verdict: %s the fair range\n", verdict);
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && rejected > 0) {
        kol_cli_error("%zu row%s rejected (--strict)", rejected,
                      rejected > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
    goto out;
libfail:
    kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str(s));
    rc = KOL_CLI_EXIT_FAILURE;
out:
    free(platform_lc);
    free(tier_lc);
    kol_cost_history_free(hist);
    kol_ctx_free(ctx);
    return rc;
}
