/*
 * cmd_roi.c - `kol roi --csv DELIVERIES`: campaign delivery metrics (CPM,
 * CPV, CPE, CPC, CPA, CTR, CVR, engagement rate, ROI with its bootstrap
 * interval, ROAS) grouped by KOL, tier, platform or campaign, with
 * --baseline FILE the incremental revenue and incremental ROI, and with
 * --audience FILE the coverage (unique reach) of each group through the
 * KOLs' audience sketches (kol_roi_report_coverage).
 *
 * The deliveries reader is shared with `kol price` (cmd_price.c) through
 * kol_cli_roi_stream() (cli.h), which hands the deliveries over in
 * batches so that a long history is never held whole.
 *
 * Deliveries are pulled by the library (kol_roi_fill) through a read
 * callback that takes one CSV row per call from the incremental reader, so
 * the file is never held in memory whole. kol_roi_fill() is all or
 * nothing, so the callback skips (KOL_ROI_READ_SKIP) every row the library
 * would refuse, with the library's own message (kol_delivery_set_key,
 * kol_delivery_set, then kol_delivery_check for what only kol_roi_add
 * would refuse: no cost, a restored count above its reported count).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "audience_csv.h"
#include "cli.h"
#include "cmd_common.h"
#include "csv_reader.h"

/* Codes scanned when matching header names to the library's key and field
 * names (codes are small; unknown codes have no name). */
#define NAME_SCAN 64

/* Most days in a baseline file. */
#define MAX_DAYS 1000000u

void kol_cli_roi_help(FILE *out)
{
    fputs(
        "usage: kol roi --csv DELIVERIES [--baseline FILE]\n"
        "               [--group-by kol|tier|platform|campaign]\n"
        "               [--format text|csv|json] [--basis reported|net]\n"
        "               [--confidence C] [--bootstrap B] [--seed S]\n"
        "               [--audience FILE [--precision P]] [--strict]\n"
        "\n"
        "Evaluate a campaign's deliveries (one KOL's post or livestream\n"
        "each): cost, exposure, engagements, clicks, orders and revenue, and\n"
        "CPM, CPV, CPE, CPC, CPA, CTR, CVR, engagement rate, ROI = (revenue\n"
        "- cost) / cost with its bootstrap interval, and ROAS, per group.\n"
        "The formulas are in docs/model-roi.md.\n"
        "\n"
        "options:\n"
        "  --csv FILE         the deliveries ('-' reads standard input)\n"
        "  --baseline FILE    daily revenue before and during the campaign,\n"
        "                     for incremental revenue and incremental ROI\n"
        "  --group-by KEY     kol (the default), tier, platform or campaign\n"
        "  --format FORMAT    text (the default), csv or json\n"
        "  --basis BASIS      reported (the default) or net: net of false\n"
        "                     traffic, using restored_* columns where given\n"
        "  --confidence C     level of every interval (default 0.95)\n"
        "  --bootstrap B      bootstrap resamples of the ROI interval\n"
        "                     (default 1000; 0: the interval is [roi, roi]).\n"
        "                     Its time grows as B x deliveries: lower B for\n"
        "                     files of hundreds of thousands of rows.\n"
        "  --seed S           bootstrap seed (default 1): the same input and\n"
        "                     seed give the same interval on every run\n"
        "  --audience FILE    kol_id,follower_id rows (as kol overlap reads):\n"
        "                     text and json then show each group's coverage,\n"
        "                     its unique reach (distinct followers of its\n"
        "                     KOLs, a shared follower counted once); csv\n"
        "                     output keeps its fixed header and has none\n"
        "  --precision P      sketch precision for --audience, 4 to 18\n"
        "                     (default 14: relative standard error 0.81%)\n"
        "  --strict           exit 1 when any row is rejected\n"
        "\n"
        "DELIVERIES starts with a header row naming its columns, in any\n"
        "order and any case:\n"
        "  campaign,kol_id,platform,tier,post_id,cost,impressions,views,\n"
        "  likes,comments,shares,saves,clicks,orders,revenue,follower_gain\n"
        "kol_id and cost are required (a row without them is rejected); the\n"
        "others are optional. The library's other delivery columns are also\n"
        "read: category, followers, content_quality and restored_<field>\n"
        "(restored_impressions ... restored_follower_gain, the figures net of\n"
        "false traffic). Other columns are ignored with a warning. An empty\n"
        "cell is a missing value, not zero: a ratio only pairs deliveries\n"
        "that have both of its figures. Counts and cost are >= 0; revenue\n"
        "and follower_gain may be negative (refunds, lost followers).\n"
        "Platform and tier names are compared without regard to ASCII case\n"
        "and shown in lower case (Douyin and douyin are one platform).\n"
        "\n"
        "A row is rejected, and the others still count, when it has a\n"
        "different number of cells than the header, no kol_id or no cost, a\n"
        "cell that is not a number, a value libkol refuses (its message is\n"
        "shown), or a restored count above its reported count. Rows are\n",
        out);
    fputs(
        "numbered from the header (row 1). Text format lists them at the\n"
        "end, csv format on standard error, json format in 'rejected_rows'.\n"
        "\n"
        "Groups are in byte order of their key; a delivery without the\n"
        "grouping key falls in the group '' (shown as '(none)' in text).\n"
        "A metric that cannot be computed (no delivery has its figures:\n"
        "missing; or its denominator is zero, such as CPA with no orders or\n"
        "ROI with zero cost: undefined) is an empty cell in csv, null in\n"
        "json and '-' in text; never 'nan'.\n"
        "\n",
        out);
    fputs(
        "csv format: one row per group under the header\n"
        "  group,cost,impressions,views,engagements,clicks,orders,revenue,\n"
        "  cpm,cpv,cpe,cpc,cpa,ctr,cvr,engagement_rate,roi,roi_low,\n"
        "  roi_high,roas\n"
        "with numbers in full precision (up to 17 significant digits). With\n"
        "--baseline, an empty line and a second table follow:\n"
        "  incremental,incremental_low,incremental_high,incremental_roi,\n"
        "  incremental_roi_low,incremental_roi_high,baseline_days,\n"
        "  campaign_days,cost\n"
        "json format: every metric of libkol (also deliveries,\n"
        "follower_gain, exposure, emv, follower_growth_rate,\n"
        "content_quality) with the intervals of the rates and of ROI and\n"
        "ROAS, per group and for the total. text format: the same per group\n"
        "and the total, sums to 15 significant digits, ratios and\n"
        "intervals to 6.\n"
        "\n",
        out);
    fputs(
        "The baseline FILE is a CSV file with a header naming the columns\n"
        "'phase' and 'revenue' (a 'date' column may be present and is only\n"
        "informative): one row per day, phase 'baseline' (or 'before') for a\n"
        "day before the campaign and 'campaign' (or 'during') for a day of\n"
        "it; revenue is that day's total revenue (or any daily outcome in\n"
        "money). Incremental revenue = sum(campaign days) - campaign days x\n"
        "mean(baseline days), with a normal prediction interval;\n"
        "incremental ROI = (incremental - cost) / cost, with cost the total\n"
        "cost of every delivery read. With a single baseline day the spread\n"
        "of the days is unknown: so are the intervals ('interval unknown:\n"
        "one baseline day' in text, empty cells in csv, null in json), with\n"
        "a warning. Any bad row of the baseline file is an error (exit 1): a\n"
        "skipped day would bias the result.\n"
        "\n",
        out);
    fputs(
        "Coverage (--audience FILE): one HyperLogLog sketch per KOL of the\n"
        "file (rows as kol overlap reads them; bad rows are warned about and\n"
        "count for --strict); a group's coverage is the estimated size of the\n"
        "union of the audiences of its distinct KOLs, with the sketch's\n"
        "relative standard error 1.04 / sqrt(2^P). A KOL without an audience\n"
        "adds nothing: text shows 'k of n KOLs with an audience', json\n"
        "'coverage_matched' and 'coverage_kols'; with k < n the coverage is\n"
        "a lower bound. docs/model-roi.md section 10 has the formula.\n"
        "\n"
        "Exit status: 0 when the files were read (even with rejected rows,\n"
        "unless --strict); 1 when a file cannot be read, is empty or\n"
        "malformed, lacks a required column, or a baseline row is bad; 2 on\n"
        "a usage error.\n",
        out);
}

/* ---- reading the deliveries ---------------------------------------- */

typedef enum col_kind { COL_IGNORED = 0, COL_KEY, COL_FIELD } col_kind;

typedef struct column {
    col_kind kind;
    int code;
    const char *name; /* the library's name (static) */
} column;

typedef struct read_state {
    kol_ctx *ctx;
    csv_reader *in;
    const char *path;
    column *cols;
    size_t ncols;
    size_t *order; /* known columns: keys (kol_id first), then fields */
    size_t norder;
    long kol_col, cost_col;
    uint64_t rows, last_row;
    /* batch_max > 0: a fill ends after that many deliveries (batch_n so
     * far), and the next fill goes on from the next row */
    uint64_t batch_max, batch_n;
    int at_end; /* the reader is at the end of the file */
    /* 1: once a row is checked (as kol roi checks it), its impressions
     * are left out of the delivery, whose exposure is then its views
     * (kol price --views) */
    int no_impressions;
    int for_history; /* read for a cost history (kol price) */
    cc_rejects rejects;
    kol_cli_id_spaces kol_spaces; /* kol_ids with leading or trailing
                                     spaces, warned about at the end */
    int fatal;
    char err[1024];
} read_state;

/* Out of memory while reading the row: the reading stops (never a bad
 * row: rejecting it would lose it and still exit 0). Returns the read
 * callback's value that stops it. */
static int fatal_nomem(read_state *st)
{
    snprintf(st->err, sizeof st->err, "%s: row %llu: out of memory",
             st->path, (unsigned long long)st->last_row);
    st->fatal = 1;
    return 1;
}

/* Reject the row being read: skip it and keep the reason. */
static int skip_row(read_state *st, int32_t *what, char *reason)
{
    *what = KOL_ROI_READ_SKIP;
    if (cc_rejects_add(&st->rejects, st->last_row, reason) != 0)
        return fatal_nomem(st);
    return 0;
}

/* The kol_id cell of a row made safe for a message (it may be the very
 * cell libkol refused: a line break, invalid UTF-8). */
static const char *shown_kol(const read_state *st, const csv_row *row,
                             char *buf, size_t size)
{
    return kol_cli_printable(buf, size, row->cells[st->kol_col],
                             row->lens[st->kol_col], 40);
}

/* The library's message for a refused call, as fresh memory, naming the
 * KOL (the library's message names the field and the value). */
static char *lib_message(const read_state *st, const csv_row *row,
                         kol_status s)
{
    const char *msg = kol_ctx_last_error(st->ctx);
    char kol[48];
    return kol_cli_asprintf("kol '%s': %s",
                            shown_kol(st, row, kol, sizeof kol),
                            msg && *msg ? msg : kol_status_str(s));
}

/* kol_roi_read_fn: describe the delivery of the next CSV row. */
static int read_row(void *user, kol_delivery *d, int32_t *what)
{
    read_state *st = user;
    csv_row row;
    size_t k;
    double eng;
    int rc;

    /* A full batch: end this fill before reading the next row. */
    if (st->batch_max != 0 && st->batch_n == st->batch_max) {
        *what = KOL_ROI_READ_END;
        return 0;
    }
    rc = csv_reader_next(st->in, &row);
    if (rc == CSV_READER_END) {
        st->at_end = 1;
        *what = KOL_ROI_READ_END;
        return 0;
    }
    if (rc == CSV_READER_ERROR) {
        snprintf(st->err, sizeof st->err, "%s", csv_reader_error(st->in));
        st->fatal = 1;
        return 1;
    }
    st->rows++;
    st->last_row = row.number;

    if (row.ncells != st->ncols)
        return skip_row(st, what,
                        csv_cells_reason(row.ncells, st->ncols));
    if (row.lens[st->kol_col] == 0)
        return skip_row(st, what,
                        kol_cli_asprintf("no kol_id (the column is "
                                         "required)"));
    kol_cli_id_spaces_note(&st->kol_spaces, row.number,
                           row.cells[st->kol_col], row.lens[st->kol_col]);
    eng = 0.0;
    for (k = 0; k < st->norder; k++) {
        size_t c = st->order[k];
        const column *col = &st->cols[c];
        const char *cell = row.cells[c];
        size_t len = row.lens[c];
        kol_status s;
        double v;

        if (len == 0)
            continue; /* missing */
        if (cc_has_nul(cell, len))
            return skip_row(st, what,
                            kol_cli_asprintf("column '%s': the cell holds a "
                                             "NUL byte",
                                             col->name));
        if (col->kind == COL_KEY && (col->code == KOL_DELIVERY_KEY_PLATFORM ||
                                     col->code == KOL_DELIVERY_KEY_TIER)) {
            /* platform and tier names: ASCII case does not count (as in
             * tiering), so "Douyin" and "douyin" are one platform */
            char *name = cc_lower_dup(cell, len);
            if (name == NULL)
                return fatal_nomem(st);
            s = kol_delivery_set_key(d, col->code, name);
            free(name);
        } else if (col->kind == COL_KEY) {
            s = kol_delivery_set_key(d, col->code, cell);
        } else if (cc_parse_number(cell, len, &v) == 0) {
            s = kol_delivery_set(d, col->code, v);
            /* the reported engagements, as kol_roi_feed_cost sums them */
            if (col->code >= KOL_DELIVERY_LIKES &&
                col->code <= KOL_DELIVERY_SAVES)
                eng += v;
        } else {
            char shown[48], kol[48];
            kol_cli_printable(shown, sizeof shown, cell, len, 40);
            return skip_row(st, what,
                            kol_cli_asprintf("kol '%s': column '%s': '%s' is "
                                             "not a number",
                                             shown_kol(st, &row, kol,
                                                       sizeof kol),
                                             col->name, shown));
        }
        if (s == KOL_STATUS_NOMEM)
            return fatal_nomem(st);
        if (s != KOL_STATUS_OK)
            return skip_row(st, what, lib_message(st, &row, s));
    }
    /* What only kol_roi_add() would refuse (no cost, a restored count
     * above its reported count): kol_roi_fill() would then fail whole, so
     * skip the row with the library's own message. */
    if (kol_delivery_check(d) != KOL_STATUS_OK)
        return skip_row(st, what,
                        kol_cli_asprintf("%s", kol_ctx_last_error(st->ctx)));
    /* A cost history refuses engagements that add up to more than 2^53
     * (each count is at most 2^53, their sum need not be), and
     * kol_roi_feed_cost() is all or nothing: read for a history (kol
     * price), such a row is rejected alone. */
    if (st->for_history && eng > 9007199254740992.0) {
        char kol[48];
        return skip_row(st, what,
                        kol_cli_asprintf("kol '%s': likes, comments, shares "
                                         "and saves add up to %.17g, more "
                                         "than 2^53 (a cost history's "
                                         "largest count)",
                                         shown_kol(st, &row, kol, sizeof kol),
                                         eng));
    }
    if (st->no_impressions &&
        kol_delivery_clear(d, KOL_DELIVERY_IMPRESSIONS) != KOL_STATUS_OK) {
        snprintf(st->err, sizeof st->err, "%s: row %llu: %s", st->path,
                 (unsigned long long)st->last_row,
                 kol_ctx_last_error(st->ctx));
        st->fatal = 1;
        return 1;
    }
    st->batch_n++;
    return 0;
}

/* Match a (lower-case) header name with the library's names. */
static void classify(const char *lower, column *col)
{
    int c;

    col->kind = COL_IGNORED;
    for (c = 0; c < NAME_SCAN; c++) {
        const char *name = kol_delivery_key_name(c);
        if (name && strcmp(name, lower) == 0) {
            col->kind = COL_KEY;
            col->code = c;
            col->name = name;
            return;
        }
    }
    for (c = 0; c < NAME_SCAN; c++) {
        const char *name = kol_delivery_field_name(c);
        if (name && strcmp(name, lower) == 0) {
            col->kind = COL_FIELD;
            col->code = c;
            col->name = name;
            return;
        }
    }
}

/* Read the header. Returns 0, or -1 (message in st->err). */
static int read_header(read_state *st)
{
    csv_row row;
    size_t c, d;
    kol_cli_unknown unknown = {0};
    int rc = csv_reader_next(st->in, &row);

    if (rc == CSV_READER_ERROR) {
        snprintf(st->err, sizeof st->err, "%s", csv_reader_error(st->in));
        return -1;
    }
    if (rc == CSV_READER_END) {
        snprintf(st->err, sizeof st->err,
                 "%s: the file is empty: expected a header row naming the "
                 "columns (campaign,kol_id,platform,tier,post_id,cost,...)",
                 st->path);
        return -1;
    }
    st->ncols = row.ncells;
    st->cols = calloc(row.ncells, sizeof *st->cols);
    st->order = kol_cli_alloc_array(row.ncells + 1, sizeof *st->order);
    if (st->cols == NULL || st->order == NULL) {
        snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
        return -1;
    }
    st->kol_col = st->cost_col = -1;
    for (c = 0; c < row.ncells; c++) {
        column *col = &st->cols[c];
        char *lower = kol_cli_strndup(row.cells[c], row.lens[c]);
        if (lower == NULL) {
            snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
            return -1;
        }
        for (d = 0; d < row.lens[c]; d++)
            if (lower[d] >= 'A' && lower[d] <= 'Z')
                lower[d] = (char)(lower[d] - 'A' + 'a');
        if (!cc_has_nul(row.cells[c], row.lens[c]))
            classify(lower, col);
        free(lower);
        if (col->kind == COL_IGNORED) {
            kol_cli_unknown_add(&unknown, row.cells[c], row.lens[c]);
            continue;
        }
        for (d = 0; d < c; d++) {
            if (st->cols[d].kind == col->kind &&
                st->cols[d].code == col->code) {
                snprintf(st->err, sizeof st->err,
                         "%s: row 1: column '%s' appears twice in the header "
                         "(columns %zu and %zu)",
                         st->path, col->name, d + 1, c + 1);
                return -1;
            }
        }
        if (col->kind == COL_KEY && col->code == KOL_DELIVERY_KEY_KOL_ID)
            st->kol_col = (long)c;
        if (col->kind == COL_FIELD && col->code == KOL_DELIVERY_COST)
            st->cost_col = (long)c;
        st->order[st->norder++] = c;
    }
    if (st->kol_col < 0 || st->cost_col < 0) {
        snprintf(st->err, sizeof st->err,
                 "%s: row 1: the header has no '%s' column (every delivery "
                 "needs a kol_id and a cost)",
                 st->path, st->kol_col < 0 ? "kol_id" : "cost");
        return -1;
    }
    kol_cli_unknown_warn(&unknown, st->path);
    /* Keys before fields, kol_id first of all, so that the library's
     * messages about a field can name the KOL. */
    {
        size_t i, j;
        for (i = 1; i < st->norder; i++) {
            size_t v = st->order[i];
            for (j = i; j > 0; j--) {
                const column *x = &st->cols[st->order[j - 1]];
                const column *y = &st->cols[v];
                int xr = x->kind == COL_KEY
                             ? (x->code == KOL_DELIVERY_KEY_KOL_ID ? 0 : 1)
                             : 2;
                int yr = y->kind == COL_KEY
                             ? (y->code == KOL_DELIVERY_KEY_KOL_ID ? 0 : 1)
                             : 2;
                if (xr <= yr)
                    break;
                st->order[j] = st->order[j - 1];
            }
            st->order[j] = v;
        }
    }
    return 0;
}

/* Open path and read its header. Returns 0, or -1 after printing the
 * error. st must be zeroed; free it with free_state() in every case. */
static int open_deliveries(read_state *st, kol_ctx *ctx, const char *path)
{
    st->ctx = ctx;
    st->in = csv_reader_open(path, st->err, sizeof st->err);
    if (st->in == NULL) {
        kol_cli_error("%s", st->err);
        return -1;
    }
    st->path = csv_reader_path(st->in);
    if (read_header(st) != 0) {
        kol_cli_error("%s", st->err);
        return -1;
    }
    return 0;
}

/* Fill roi with the next deliveries of st (the rest of the file, or at
 * most st->batch_max of them when it is not 0) through kol_roi_fill() (all
 * or nothing; the rows the library would refuse are skipped and kept in
 * st->rejects). Returns 0, or -1 after printing the error. */
static int fill_deliveries(read_state *st, kol_roi *roi, uint64_t *added)
{
    kol_ctx *ctx = st->ctx;
    kol_status s;

    st->batch_n = 0;
    s = kol_roi_fill(roi, read_row, st, added);
    if (s != KOL_STATUS_OK) {
        if (st->fatal)
            kol_cli_error("%s", st->err);
        else
            kol_cli_error("%s: row %llu: %s (%s)", st->path,
                          (unsigned long long)st->last_row,
                          kol_ctx_last_error(ctx), kol_status_str(s));
        return -1;
    }
    if (st->at_end) /* the whole file read (a stream's last batch) */
        kol_cli_id_spaces_warn(&st->kol_spaces, st->path, "kol_id");
    return 0;
}

/* Open path, read its header and fill roi with every delivery. Returns 0,
 * or -1 after printing the error. st must be zeroed; free it with
 * free_state() in every case. */
static int load_deliveries(read_state *st, kol_ctx *ctx, kol_roi *roi,
                           const char *path, uint64_t *added)
{
    if (open_deliveries(st, ctx, path) != 0)
        return -1;
    return fill_deliveries(st, roi, added);
}

static void free_state(read_state *st)
{
    free(st->cols);
    free(st->order);
    cc_rejects_free(&st->rejects);
    csv_reader_close(st->in);
    memset(st, 0, sizeof *st);
}

int kol_cli_roi_stream(kol_ctx *ctx, const char *path, size_t batch,
                       int no_impressions, kol_cli_roi_batch_fn on_batch,
                       void *user, unsigned long long *rows,
                       unsigned long long *loaded, size_t *rejected)
{
    read_state st;
    kol_roi *part = NULL;
    uint64_t added = 0, total = 0;
    kol_status s;
    int rc;

    memset(&st, 0, sizeof st);
    rc = open_deliveries(&st, ctx, path);
    st.batch_max = batch;
    st.no_impressions = no_impressions;
    st.for_history = 1; /* every batch goes to kol_roi_feed_cost */
    /* A fresh evaluator per batch: the library has no way to empty one,
     * and freeing it is what gives the memory back. */
    while (rc == 0) {
        if ((s = kol_roi_new(ctx, &part)) != KOL_STATUS_OK) {
            kol_cli_error("%s (%s)", kol_ctx_last_error(ctx),
                          kol_status_str(s));
            rc = -1;
            break;
        }
        rc = fill_deliveries(&st, part, &added);
        if (rc == 0) {
            total += added;
            on_batch(user, part);
        }
        kol_roi_free(part);
        part = NULL;
        if (st.at_end)
            break;
    }
    if (rc == 0) {
        cc_rejects_warn(&st.rejects, st.path);
        *rows = st.rows;
        *loaded = total;
        *rejected = st.rejects.n;
    }
    free_state(&st);
    return rc;
}

/* ---- the baseline file ----------------------------------------------- */

typedef struct baseline {
    double *before, *during;
    size_t nb, nd, cap_b, cap_d;
} baseline;

static int same_word(const char *cell, size_t len, const char *w)
{
    size_t i;
    if (strlen(w) != len)
        return 0;
    for (i = 0; i < len; i++) {
        char c = cell[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[i])
            return 0;
    }
    return 1;
}

/* Read the baseline file. Returns 0, or -1 with a message in err. */
static int read_baseline(const char *path, baseline *bl, char *err,
                         size_t err_size)
{
    static const char *const names[] = {"phase", "revenue", "date"};
    csv_reader *in = csv_reader_open(path, err, err_size);
    const char *shown;
    csv_row row;
    long col[3];
    kol_cli_unknown unknown;
    size_t ncols;
    int rc;

    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc != CSV_READER_ROW) {
        if (rc == CSV_READER_ERROR)
            snprintf(err, err_size, "%s", csv_reader_error(in));
        else
            snprintf(err, err_size, "%s: the file is empty: expected a "
                                    "header row 'date,phase,revenue'",
                     shown);
        goto fail;
    }
    if (cc_header(&row, shown, names, 3, col, &unknown, err, err_size) != 0)
        goto fail;
    if (col[0] < 0 || col[1] < 0) {
        snprintf(err, err_size, "%s: row 1: the header has no '%s' column",
                 shown, col[0] < 0 ? "phase" : "revenue");
        goto fail;
    }
    kol_cli_unknown_warn(&unknown, shown);
    ncols = row.ncells;
    while ((rc = csv_reader_next(in, &row)) == CSV_READER_ROW) {
        const char *ph;
        size_t plen;
        double v;
        char *msg = NULL;
        int during;

        if (row.ncells != ncols) {
            snprintf(err, err_size, "%s: row %llu: %zu cells, but the header "
                                    "has %zu columns",
                     shown, (unsigned long long)row.number, row.ncells,
                     ncols);
            goto fail;
        }
        ph = row.cells[col[0]];
        plen = row.lens[col[0]];
        if (same_word(ph, plen, "baseline") || same_word(ph, plen, "before"))
            during = 0;
        else if (same_word(ph, plen, "campaign") ||
                 same_word(ph, plen, "during"))
            during = 1;
        else {
            char q[48];
            kol_cli_printable(q, sizeof q, ph, plen, 40);
            snprintf(err, err_size, "%s: row %llu: column 'phase': '%s' is "
                                    "neither 'baseline' (or 'before') nor "
                                    "'campaign' (or 'during')",
                     shown, (unsigned long long)row.number, q);
            goto fail;
        }
        if (cc_number_cell("revenue", row.cells[col[1]], row.lens[col[1]],
                           -9007199254740992.0, 9007199254740992.0, &v,
                           &msg) != 0) {
            snprintf(err, err_size, "%s: row %llu: %s", shown,
                     (unsigned long long)row.number,
                     msg ? msg : "out of memory");
            free(msg);
            goto fail;
        }
        if (bl->nb + bl->nd >= MAX_DAYS) {
            snprintf(err, err_size, "%s: row %llu: more than %u days", shown,
                     (unsigned long long)row.number, MAX_DAYS);
            goto fail;
        }
        {
            double **arr = during ? &bl->during : &bl->before;
            size_t *n = during ? &bl->nd : &bl->nb;
            size_t *cap = during ? &bl->cap_d : &bl->cap_b;
            double *p = kol_cli_grow(*arr, cap, *n + 1, sizeof *p);
            if (p == NULL) {
                snprintf(err, err_size, "%s: out of memory", shown);
                goto fail;
            }
            *arr = p;
            p[(*n)++] = v;
        }
    }
    if (rc == CSV_READER_ERROR) {
        snprintf(err, err_size, "%s", csv_reader_error(in));
        goto fail;
    }
    if (bl->nb == 0 || bl->nd == 0) {
        snprintf(err, err_size, "%s: no '%s' day: incrementality needs at "
                                "least one baseline day and one campaign day",
                 shown, bl->nb == 0 ? "baseline" : "campaign");
        goto fail;
    }
    csv_reader_close(in);
    return 0;
fail:
    csv_reader_close(in);
    return -1;
}

/* ---- output -------------------------------------------------------- */

typedef struct value {
    int ok;       /* 1: v is defined */
    double v;
    int has_int;  /* 1: [lo, hi] is defined */
    double lo, hi;
} value;

/* A metric of a row. Returns 0, or -1 on a library error (message in the
 * context). MISSING and EMPTY give ok = 0. */
static int get_metric(const kol_roi_report *rep, size_t row, int metric,
                      int basis, value *out)
{
    kol_status s = kol_roi_report_get(rep, row, metric, basis, &out->v);

    out->ok = s == KOL_STATUS_OK;
    out->has_int = 0;
    if (s != KOL_STATUS_OK && s != KOL_STATUS_MISSING &&
        s != KOL_STATUS_EMPTY)
        return -1;
    if (!out->ok)
        return 0;
    switch (metric) {
    case KOL_ROI_CTR:
    case KOL_ROI_CVR:
    case KOL_ROI_ENGAGEMENT_RATE:
    case KOL_ROI_ROI:
    case KOL_ROI_ROAS:
    case KOL_ROI_FOLLOWER_GROWTH_RATE:
        s = kol_roi_report_interval(rep, row, metric, basis, &out->lo,
                                    &out->hi);
        if (s == KOL_STATUS_OK)
            out->has_int = 1;
        else if (s != KOL_STATUS_MISSING && s != KOL_STATUS_EMPTY)
            return -1;
        break;
    default:
        break;
    }
    return 0;
}

static const int csv_metrics[] = {
    KOL_ROI_COST,   KOL_ROI_IMPRESSIONS,     KOL_ROI_VIEWS,
    KOL_ROI_ENGAGEMENTS, KOL_ROI_CLICKS,     KOL_ROI_ORDERS,
    KOL_ROI_REVENUE, KOL_ROI_CPM,            KOL_ROI_CPV,
    KOL_ROI_CPE,    KOL_ROI_CPC,             KOL_ROI_CPA,
    KOL_ROI_CTR,    KOL_ROI_CVR,             KOL_ROI_ENGAGEMENT_RATE,
    KOL_ROI_ROI,    KOL_ROI_ROAS};

#define METRIC_COUNT 23 /* kol_roi_metric codes 0 .. 22 */

static void csv_opt(FILE *out, const value *v, int which)
{
    fputc(',', out);
    if (which == 0 && v->ok)
        cc_print_num(out, v->v);
    else if (which == 1 && v->has_int)
        cc_print_num(out, v->lo);
    else if (which == 2 && v->has_int)
        cc_print_num(out, v->hi);
}

static int print_csv_row(const kol_roi_report *rep, size_t row, int basis)
{
    size_t k;
    cc_csv_cell(stdout, kol_roi_report_key(rep, row));
    for (k = 0; k < sizeof csv_metrics / sizeof csv_metrics[0]; k++) {
        value v;
        if (get_metric(rep, row, csv_metrics[k], basis, &v) != 0)
            return -1;
        csv_opt(stdout, &v, 0);
        if (csv_metrics[k] == KOL_ROI_ROI) {
            csv_opt(stdout, &v, 1);
            csv_opt(stdout, &v, 2);
        }
    }
    fputc('\n', stdout);
    return 0;
}

/* ---- coverage (--audience) ------------------------------------------ */

/* The audience ids and sketches handed to the library. */
typedef struct audience_ids {
    const char **ids;
    const kol_sketch **sketches;
    size_t n;
    int precision;
    double se; /* relative standard error of one sketch */
} audience_ids;

/* Coverage of the rows of one report. */
typedef struct cov_rows {
    double *v;
    uint32_t *matched; /* KOLs of the row with an audience */
    uint32_t *kols;    /* distinct KOLs of the row */
} cov_rows;

static void cov_rows_free(cov_rows *c)
{
    free(c->v);
    free(c->matched);
    free(c->kols);
    memset(c, 0, sizeof *c);
}

/* The ids of set usable as KOL ids: an id the library's text rules refuse
 * (as kol_delivery_set_key checks it) cannot name a delivery, so it is
 * left out with a warning. Returns 0, or -1 after printing the error. */
static int audience_ids_make(kol_ctx *ctx, const audience_set *set,
                             const char *path, audience_ids *out)
{
    kol_delivery *probe = NULL;
    size_t i;
    kol_status s;

    out->ids = kol_cli_alloc_array(set->kols.n, sizeof *out->ids);
    out->sketches = kol_cli_alloc_array(set->kols.n, sizeof *out->sketches);
    if (out->ids == NULL || out->sketches == NULL) {
        kol_cli_error("out of memory");
        return -1;
    }
    if ((s = kol_delivery_new(ctx, &probe)) != KOL_STATUS_OK) {
        kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str(s));
        return -1;
    }
    for (i = 0; i < set->kols.n; i++) {
        s = kol_delivery_set_key(probe, KOL_DELIVERY_KEY_KOL_ID,
                                 set->kols.keys[i]);
        if (s == KOL_STATUS_NOMEM) {
            kol_cli_error("out of memory");
            kol_delivery_free(probe);
            return -1;
        }
        if (s != KOL_STATUS_OK) {
            kol_cli_warn("%s: row %llu: kol_id ignored: %s", path,
                         (unsigned long long)set->first_row[i],
                         kol_ctx_last_error(ctx));
            continue;
        }
        out->ids[out->n] = set->kols.keys[i];
        out->sketches[out->n] = set->sketches[i];
        out->n++;
    }
    kol_delivery_free(probe);
    return 0;
}

/* Coverage of every row of rep. Returns 0, or -1 after printing the
 * error. */
static int coverage_of(kol_ctx *ctx, const kol_roi_report *rep,
                       const audience_ids *aud, cov_rows *out)
{
    size_t n = kol_roi_report_size(rep);
    kol_status s;

    out->v = kol_cli_alloc_array(n, sizeof *out->v);
    out->matched = kol_cli_alloc_array(n, sizeof *out->matched);
    out->kols = kol_cli_alloc_array(n, sizeof *out->kols);
    if (out->v == NULL || out->matched == NULL || out->kols == NULL) {
        kol_cli_error("out of memory");
        return -1;
    }
    s = kol_roi_report_coverage(rep, aud->ids, aud->sketches, aud->n, out->v,
                                out->matched, out->kols, n);
    if (s != KOL_STATUS_OK) {
        kol_cli_error("coverage: %s (%s)", kol_ctx_last_error(ctx),
                      kol_status_str(s));
        return -1;
    }
    return 0;
}

/* A JSON number, or null when undefined or not finite. */
static void json_num(FILE *out, int ok, double v)
{
    if (ok)
        cc_json_num(out, v);
    else
        fputs("null", out);
}

/* cov: the report's coverage (--audience), or NULL. */
static int print_json_row(const kol_roi_report *rep, size_t row, int basis,
                          const char *indent, int with_key,
                          const cov_rows *cov)
{
    int m;

    fputs("{", stdout);
    if (with_key) {
        fprintf(stdout, "\n%s  \"group\": ", indent);
        kol_cli_json_string(stdout, kol_roi_report_key(rep, row));
        fputc(',', stdout);
    }
    for (m = 0; m < METRIC_COUNT; m++) {
        value v;
        const char *name = kol_roi_metric_name(m);
        if (name == NULL)
            continue;
        if (get_metric(rep, row, m, basis, &v) != 0)
            return -1;
        fprintf(stdout, "%s\n%s  \"%s\": ", m ? "," : "", indent, name);
        json_num(stdout, v.ok, v.v);
        if (m == KOL_ROI_CTR || m == KOL_ROI_CVR ||
            m == KOL_ROI_ENGAGEMENT_RATE || m == KOL_ROI_ROI ||
            m == KOL_ROI_ROAS || m == KOL_ROI_FOLLOWER_GROWTH_RATE) {
            fprintf(stdout, ",\n%s  \"%s_low\": ", indent, name);
            json_num(stdout, v.has_int, v.lo);
            fprintf(stdout, ",\n%s  \"%s_high\": ", indent, name);
            json_num(stdout, v.has_int, v.hi);
        }
    }
    if (cov != NULL) {
        fprintf(stdout, ",\n%s  \"coverage\": ", indent);
        cc_print_num(stdout, cov->v[row]);
        fprintf(stdout, ",\n%s  \"coverage_matched\": %lu,\n%s  "
                        "\"coverage_kols\": %lu",
                indent, (unsigned long)cov->matched[row], indent,
                (unsigned long)cov->kols[row]);
    }
    fprintf(stdout, "\n%s}", indent);
    return 0;
}

/* The coverage line of a text block. */
static void print_text_coverage(const cov_rows *cov, size_t row, double se)
{
    printf("  %-20s %.0f  (+/- %.2f%%; %lu of %lu KOL%s with an audience)\n",
           "coverage", cov->v[row], 100.0 * se,
           (unsigned long)cov->matched[row], (unsigned long)cov->kols[row],
           cov->kols[row] == 1 ? "" : "s");
}

static int print_text_row(const kol_roi_report *rep, size_t row, int basis,
                          const char *title)
{
    int m;
    for (m = 0; m < METRIC_COUNT; m++) {
        value v;
        const char *name = kol_roi_metric_name(m);
        if (name == NULL)
            continue;
        if (get_metric(rep, row, m, basis, &v) != 0)
            return -1;
        if (m == KOL_ROI_DELIVERIES) {
            /* after an empty line, the title: the group's key comes from
             * the file, so it is shown printably */
            fputc('\n', stdout);
            cc_print_text(stdout, title);
            printf(" (%.0f deliver%s)\n", v.ok ? v.v : 0.0,
                   v.ok && v.v == 1.0 ? "y" : "ies");
            continue;
        }
        printf("  %-20s ", name);
        if (!v.ok)
            fputs("-", stdout);
        else if (m <= KOL_ROI_EMV)
            printf("%.15g", v.v == 0.0 ? 0.0 : v.v);
        else
            printf("%.6g", v.v == 0.0 ? 0.0 : v.v);
        if (v.has_int)
            printf("  [%.6g, %.6g]", v.lo == 0.0 ? 0.0 : v.lo,
                   v.hi == 0.0 ? 0.0 : v.hi);
        fputc('\n', stdout);
    }
    return 0;
}

/* Whether output k of kol_roi_incrementality (incremental, its low and
 * high, then the same of incremental ROI) is defined: the ROI ones need a
 * cost (roi_defined), the interval ends (k 1, 2, 4, 5) more than one
 * baseline day (known). */
static int incr_shown(int k, int32_t roi_defined, int known)
{
    return (k < 3 || roi_defined) && (k % 3 == 0 || known);
}

/* Parse a number option into a library parameter. Returns 0, or the exit
 * code of a usage error. */
static int set_param(kol_roi *roi, kol_ctx *ctx, const char *opt,
                     const char *arg, int param)
{
    double v;
    kol_status s;
    if (arg == NULL)
        return 0;
    if (cc_parse_number(arg, strlen(arg), &v) != 0) {
        kol_cli_error("%s '%s': not a number", opt, arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (fabs(v) >= 9007199254740992.0 && fabs(v) < INFINITY) {
        /* from 2^53 up a double skips integers: 9007199254740993 reads as
         * 2^53, another seed than the one asked for */
        char exact[32];
        const char *a = arg;
        snprintf(exact, sizeof exact, "%.0f", fabs(v));
        if (*a == '+' || *a == '-') /* the number fills the cell */
            a++;
        while (*a == '0' && a[1] != '\0')
            a++;
        if (strspn(a, "0123456789") == strlen(a) && strcmp(a, exact) != 0) {
            kol_cli_error("%s '%s': not exactly a double (from 2^53 up, "
                          "doubles skip integers: it reads as %s)",
                          opt, arg, exact);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    s = kol_roi_set_param(roi, param, v);
    if (s != KOL_STATUS_OK) {
        kol_cli_error("%s '%s': %s", opt, arg, kol_ctx_last_error(ctx));
        return KOL_CLI_EXIT_USAGE;
    }
    return 0;
}

int kol_cli_roi_run(int argc, char **argv)
{
    static const struct {
        const char *name;
        int code;
    } groups[] = {{"kol", KOL_ROI_GROUP_KOL},
                  {"tier", KOL_ROI_GROUP_TIER},
                  {"platform", KOL_ROI_GROUP_PLATFORM},
                  {"campaign", KOL_ROI_GROUP_CAMPAIGN}};
    const char *path = NULL, *format = "text", *group_by = "kol",
               *basis_arg = "reported", *bl_path = NULL, *conf = NULL,
               *boot = NULL, *seed = NULL, *aud_path = NULL, *aud_shown = NULL,
               *prec_arg = NULL;
    int strict = 0, i, m, group = -1, basis, fmt, rc = KOL_CLI_EXIT_FAILURE;
    int precision = KOL_SKETCH_DEFAULT_PRECISION;
    audience_set aud;
    audience_ids aud_ids;
    cov_rows cov, cov_all;
    const cov_rows *covp = NULL, *cov_allp = NULL;
    kol_ctx *ctx = NULL;
    kol_roi *roi = NULL;
    kol_roi_report *rep = NULL, *all = NULL;
    read_state st;
    baseline bl;
    double incr[6] = {0, 0, 0, 0, 0, 0}, total_cost = 0.0;
    int32_t roi_defined = 0;
    int incr_known = 0; /* the incrementality intervals are known */
    uint64_t added = 0;
    size_t r, nrows;
    kol_status s;
    char err[1024];

    memset(&st, 0, sizeof st);
    memset(&bl, 0, sizeof bl);
    memset(&aud, 0, sizeof aud);
    memset(&aud_ids, 0, sizeof aud_ids);
    memset(&cov, 0, sizeof cov);
    memset(&cov_all, 0, sizeof cov_all);
    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--group-by",
                                   &group_by)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--baseline",
                                   &bl_path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--basis", &basis_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--confidence", &conf)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--bootstrap", &boot)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--seed", &seed)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--audience",
                                   &aud_path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--precision",
                                   &prec_arg)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol roi --help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv DELIVERIES (see 'kol roi --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") == 0)
        fmt = 0;
    else if (strcmp(format, "csv") == 0)
        fmt = 1;
    else if (strcmp(format, "json") == 0)
        fmt = 2;
    else {
        kol_cli_error("unknown format '%s' (expected text, csv or json)",
                      format);
        return KOL_CLI_EXIT_USAGE;
    }
    for (r = 0; r < sizeof groups / sizeof groups[0]; r++)
        if (strcmp(group_by, groups[r].name) == 0)
            group = groups[r].code;
    if (group < 0) {
        kol_cli_error("unknown --group-by '%s' (expected kol, tier, platform "
                      "or campaign)",
                      group_by);
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(basis_arg, "reported") == 0)
        basis = KOL_ROI_BASIS_REPORTED;
    else if (strcmp(basis_arg, "net") == 0)
        basis = KOL_ROI_BASIS_NET;
    else {
        kol_cli_error("unknown --basis '%s' (expected reported or net)",
                      basis_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (bl_path != NULL && *bl_path == '\0') {
        kol_cli_error("--baseline needs a file name");
        return KOL_CLI_EXIT_USAGE;
    }
    if (bl_path != NULL && strcmp(bl_path, "-") == 0 &&
        strcmp(path, "-") == 0) {
        kol_cli_error("--csv and --baseline cannot both read standard "
                      "input");
        return KOL_CLI_EXIT_USAGE;
    }
    if (aud_path != NULL && *aud_path == '\0') {
        kol_cli_error("--audience needs a file name");
        return KOL_CLI_EXIT_USAGE;
    }
    if (aud_path != NULL && strcmp(aud_path, "-") == 0 &&
        ((bl_path != NULL && strcmp(bl_path, "-") == 0) ||
         strcmp(path, "-") == 0)) {
        kol_cli_error("only one of --csv, --baseline and --audience can "
                      "read standard input");
        return KOL_CLI_EXIT_USAGE;
    }
    if (prec_arg != NULL) {
        double v;
        if (aud_path == NULL) {
            kol_cli_error("--precision is for --audience, which is not "
                          "given");
            return KOL_CLI_EXIT_USAGE;
        }
        if (cc_parse_number(prec_arg, strlen(prec_arg), &v) != 0 ||
            !(v >= KOL_SKETCH_MIN_PRECISION &&
              v <= KOL_SKETCH_MAX_PRECISION) ||
            v != floor(v)) {
            kol_cli_error("--precision '%s': expected an integer from %d to "
                          "%d",
                          prec_arg, KOL_SKETCH_MIN_PRECISION,
                          KOL_SKETCH_MAX_PRECISION);
            return KOL_CLI_EXIT_USAGE;
        }
        precision = (int)v;
    }
    if (aud_path != NULL && fmt == 1) {
        /* The csv header is fixed (issue 5): no coverage column. The file
         * is still read, so that its errors and rejected rows count (exit
         * 1, --strict) as in the other formats. */
        kol_cli_warn("--audience: csv output has no coverage column (its "
                     "header is fixed); use --format text or json to see "
                     "coverage");
    }

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_roi_new(ctx, &roi)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    if ((m = set_param(roi, ctx, "--confidence", conf,
                       KOL_ROI_PARAM_CONFIDENCE)) != 0 ||
        (m = set_param(roi, ctx, "--bootstrap", boot,
                       KOL_ROI_PARAM_BOOTSTRAP)) != 0 ||
        (m = set_param(roi, ctx, "--seed", seed, KOL_ROI_PARAM_SEED)) != 0) {
        rc = m;
        goto out;
    }

    /* The deliveries, pulled by the library one row per call. */
    if (load_deliveries(&st, ctx, roi, path, &added) != 0)
        goto out;

    if (bl_path && read_baseline(bl_path, &bl, err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    /* One baseline day tells nothing of how the days spread: the library
     * takes its variance as 0 (docs/model-roi.md section 5), which would
     * print an interval of no width. The intervals are unknown instead. */
    incr_known = bl.nb > 1;
    if (bl_path && !incr_known)
        kol_cli_warn("%s: one baseline day: the spread of daily revenue is "
                     "unknown, and so are the incrementality intervals "
                     "(give at least two baseline days)",
                     strcmp(bl_path, "-") == 0 ? "standard input" : bl_path);
    if (aud_path) {
        /* standard input is named as every other file of the command */
        aud_shown = strcmp(aud_path, "-") == 0 ? "standard input" : aud_path;
        if (audience_load(ctx, aud_path, precision, &aud, err, sizeof err) !=
            0) {
            kol_cli_error("%s", err);
            goto out;
        }
        cc_rejects_warn(&aud.rejects, aud_shown);
        if (audience_ids_make(ctx, &aud, aud_path, &aud_ids) != 0)
            goto out;
        aud_ids.precision = precision;
        if ((s = kol_sketch_standard_error(precision, &aud_ids.se)) !=
            KOL_STATUS_OK)
            goto libfail;
    }

    if ((s = kol_roi_report_new(roi, group, &rep)) != KOL_STATUS_OK) {
        kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str(s));
        goto out;
    }
    /* The total: printed in text and json; in csv only its cost is used
     * (by --baseline), so it is made without the bootstrap, whose cost is
     * resamples x deliveries. */
    if (fmt != 1 || bl_path) {
        double saved = 0.0;
        value v;
        if (fmt == 1 &&
            ((s = kol_roi_get_param(roi, KOL_ROI_PARAM_BOOTSTRAP, &saved)) !=
                 KOL_STATUS_OK ||
             (s = kol_roi_set_param(roi, KOL_ROI_PARAM_BOOTSTRAP, 0.0)) !=
                 KOL_STATUS_OK))
            goto libfail;
        s = kol_roi_report_new(roi, KOL_ROI_GROUP_ALL, &all);
        if (fmt == 1)
            kol_roi_set_param(roi, KOL_ROI_PARAM_BOOTSTRAP, saved);
        if (s != KOL_STATUS_OK)
            goto libfail;
        if (get_metric(all, 0, KOL_ROI_COST, basis, &v) != 0)
            goto libfail;
        total_cost = v.ok ? v.v : 0.0;
    }
    if (bl_path) {
        s = kol_roi_incrementality(roi, bl.before, bl.nb, bl.during, bl.nd,
                                   total_cost, incr, &roi_defined);
        if (s != KOL_STATUS_OK)
            goto libfail;
    }
    nrows = kol_roi_report_size(rep);
    if (aud_path && fmt != 1) {
        if (coverage_of(ctx, rep, &aud_ids, &cov) != 0 ||
            coverage_of(ctx, all, &aud_ids, &cov_all) != 0)
            goto out;
        covp = &cov;
        cov_allp = &cov_all;
    }

    if (fmt == 1) {
        fputs("group,cost,impressions,views,engagements,clicks,orders,"
              "revenue,cpm,cpv,cpe,cpc,cpa,ctr,cvr,engagement_rate,roi,"
              "roi_low,roi_high,roas\n",
              stdout);
        for (r = 0; r < nrows; r++)
            if (print_csv_row(rep, r, basis) != 0)
                goto libfail;
        if (bl_path) {
            int k;
            fputs("\nincremental,incremental_low,incremental_high,"
                  "incremental_roi,incremental_roi_low,incremental_roi_high,"
                  "baseline_days,campaign_days,cost\n",
                  stdout);
            for (k = 0; k < 6; k++) {
                if (k)
                    fputc(',', stdout);
                if (incr_shown(k, roi_defined, incr_known))
                    cc_print_num(stdout, incr[k]);
            }
            printf(",%zu,%zu,", bl.nb, bl.nd);
            cc_print_num(stdout, total_cost);
            fputc('\n', stdout);
        }
        cc_rejects_warn(&st.rejects, st.path);
    } else if (fmt == 2) {
        fputs("{\n  \"file\": ", stdout);
        kol_cli_json_string(stdout, st.path);
        fputs(",\n  \"group_by\": ", stdout);
        kol_cli_json_string(stdout, group_by);
        fputs(",\n  \"basis\": ", stdout);
        kol_cli_json_string(stdout, basis_arg);
        if (aud_path) {
            fputs(",\n  \"audience\": {\n    \"file\": ", stdout);
            kol_cli_json_string(stdout, aud_shown);
            printf(",\n    \"kols\": %zu,\n    \"follower_rows\": %llu,\n"
                   "    \"rejected\": %zu,\n    \"precision\": %d,\n"
                   "    \"relative_standard_error\": ",
                   aud_ids.n, (unsigned long long)aud.followers,
                   aud.rejects.n, precision);
            cc_print_num(stdout, aud_ids.se);
            fputs("\n  }", stdout);
        }
        printf(",\n  \"rows\": %llu,\n  \"loaded\": %llu,\n"
               "  \"rejected\": %zu,\n  \"groups\": [",
               (unsigned long long)st.rows, (unsigned long long)added,
               st.rejects.n);
        for (r = 0; r < nrows; r++) {
            fputs(r ? ",\n    " : "\n    ", stdout);
            if (print_json_row(rep, r, basis, "    ", 1, covp) != 0)
                goto libfail;
        }
        fputs(nrows ? "\n  ],\n  \"total\": " : "],\n  \"total\": ", stdout);
        if (print_json_row(all, 0, basis, "  ", 0, cov_allp) != 0)
            goto libfail;
        fputs(",\n  \"incrementality\": ", stdout);
        if (bl_path) {
            static const char *const names[6] = {
                "incremental",     "incremental_low",
                "incremental_high", "incremental_roi",
                "incremental_roi_low", "incremental_roi_high"};
            int k;
            fputs("{", stdout);
            for (k = 0; k < 6; k++) {
                printf("\n    \"%s\": ", names[k]);
                json_num(stdout, incr_shown(k, roi_defined, incr_known),
                         incr[k]);
                fputc(',', stdout);
            }
            printf("\n    \"baseline_days\": %zu,\n    \"campaign_days\": "
                   "%zu,\n    \"cost\": ",
                   bl.nb, bl.nd);
            cc_print_num(stdout, total_cost);
            fputs("\n  }", stdout);
        } else {
            fputs("null", stdout);
        }
        fputs(",\n  \"rejected_rows\": ", stdout);
        cc_rejects_json(stdout, &st.rejects, "  ");
        fputs("\n}\n", stdout);
    } else {
        printf("file: %s\n", st.path);
        printf("deliveries loaded: %llu, rejected: %zu\n",
               (unsigned long long)added, st.rejects.n);
        printf("grouped by: %s; basis: %s\n", group_by, basis_arg);
        if (aud_path)
            printf("audience: %s (%zu KOLs, %llu follower rows; sketch "
                   "precision %d, relative standard error %.2f%%)\n",
                   aud_shown, aud_ids.n, (unsigned long long)aud.followers,
                   precision, 100.0 * aud_ids.se);
        for (r = 0; r < nrows; r++) {
            const char *key = kol_roi_report_key(rep, r);
            char *title = kol_cli_asprintf("%s %s", group_by,
                                           key && *key ? key : "(none)");
            if (title == NULL) {
                kol_cli_error("out of memory");
                goto out;
            }
            m = print_text_row(rep, r, basis, title);
            free(title);
            if (m != 0)
                goto libfail;
            if (covp)
                print_text_coverage(covp, r, aud_ids.se);
        }
        if (print_text_row(all, 0, basis, "total") != 0)
            goto libfail;
        if (cov_allp)
            print_text_coverage(cov_allp, 0, aud_ids.se);
        if (bl_path) {
            static const char unknown[] =
                "interval unknown: one baseline day";
            printf("\nincrementality (%zu baseline day%s, %zu campaign "
                   "day%s, cost %.15g):\n",
                   bl.nb, bl.nb == 1 ? "" : "s", bl.nd,
                   bl.nd == 1 ? "" : "s", total_cost);
            if (incr_known)
                printf("  %-20s %.15g  [%.6g, %.6g]\n",
                       "incremental_revenue", incr[0], incr[1], incr[2]);
            else
                printf("  %-20s %.15g  (%s)\n", "incremental_revenue",
                       incr[0], unknown);
            if (!roi_defined)
                printf("  %-20s -\n", "incremental_roi");
            else if (incr_known)
                printf("  %-20s %.6g  [%.6g, %.6g]\n", "incremental_roi",
                       incr[3], incr[4], incr[5]);
            else
                printf("  %-20s %.6g  (%s)\n", "incremental_roi", incr[3],
                       unknown);
        }
        if (st.rejects.n) {
            printf("\nrejected rows:\n");
            cc_rejects_print(stdout, &st.rejects, "");
        }
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && st.rejects.n + aud.rejects.n > 0) {
        kol_cli_error("%zu row%s rejected (--strict)",
                      st.rejects.n + aud.rejects.n,
                      st.rejects.n + aud.rejects.n > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
    goto out;
libfail:
    kol_cli_error("%s", kol_ctx_last_error(ctx));
    rc = KOL_CLI_EXIT_FAILURE;
out:
    kol_roi_report_free(rep);
    kol_roi_report_free(all);
    kol_roi_free(roi);
    free_state(&st);
    audience_free(&aud);
    cov_rows_free(&cov);
    cov_rows_free(&cov_all);
    free(aud_ids.ids);
    free(aud_ids.sketches);
    free(bl.before);
    free(bl.during);
    kol_ctx_free(ctx);
    return rc;
}
