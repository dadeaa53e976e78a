/*
 * cmd_traffic.c - `kol traffic --csv FILE [--step SECONDS] [--snap |
 * --no-snap] [--counters] [--post ID]`: false-traffic detection on one
 * engagement series with libkol's streaming monitor
 * (include/kol/traffic.h, docs/model-traffic.md).
 *
 * Input: a header naming `timestamp` and channel columns (views, likes,
 * comments, shares, saves, follows, orders) or one column named `value`,
 * and optionally `post_id` (one post, or the one --post names);
 * timestamps are `YYYY-MM-DD HH:MM:SS` (UTC; a `T` separator, a fraction
 * of a second, a final `Z` or an offset are accepted) or epoch seconds
 * (kol_cli_parse_time). The rows are read (incrementally,
 * csv_reader) and kept, the step is inferred when --step is absent (the
 * smallest positive difference between consecutive timestamps, or the
 * step of the grid that fits a series regular but for a jitter of a few
 * seconds: infer_step), then every row is fed to the monitor one at a
 * time so that a refused row is reported with the library's message and
 * the others go on; when the monitor refuses rows, the step is inferred
 * again from the accepted ones (60 s when they have no positive
 * difference) and the rows fed again until it no longer changes; an
 * inferred step above the monitor's bound, 1e12 s, is an error. The
 * monitor emits one result per slot after a delay; each row is then
 * matched to its slot, floor((t - t0) / step), and rows merged into one
 * slot repeat that slot's result. A jittered series (a step inferred so,
 * or --snap) is fed with each row's timestamp snapped to the nearest
 * point of the grid that fits the timestamps (fit_grid), so that its slot
 * is the nearest one; the output keeps the row's own timestamp.
 *
 * Output: CSV `timestamp,<channel columns>,anomaly_score,reasons,
 * restored_<channel>...`, one row for every input row of the series (a
 * rejected one with no score and the reason `rejected`); a summary on
 * standard error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"

#define TWO53 9007199254740992.0

void kol_cli_traffic_help(FILE *out)
{
    fputs(
        "usage: kol traffic --csv FILE [--step SECONDS] [--snap | --no-snap]\n"
        "                   [--counters] [--measurements] [--post ID]\n"
        "                   [--strict]\n"
        "\n"
        "Find false (bought) traffic minute by minute in one engagement\n"
        "series and restore the organic figures (libkol's traffic monitor,\n"
        "docs/model-traffic.md).\n"
        "\n"
        "options:\n"
        "  --csv FILE       the series ('-' reads standard input): a header\n"
        "                   with 'timestamp' and channel columns named\n"
        "                   views, likes, comments, shares, saves, follows,\n"
        "                   orders, or a single column named 'value' (a\n"
        "                   measurement: see --measurements); other\n"
        "                   columns are ignored with a warning. Timestamps\n"
        "                   ('timestamp', or 'minute' as in kol report's\n"
        "                   traffic file) are 'YYYY-MM-DD HH:MM[:SS]' (UTC;\n"
        "                   'T' accepted, and a final 'Z' or an offset such\n"
        "                   as +08:00) or epoch seconds, in increasing\n"
        "                   order; a fraction of a second (.123) is\n"
        "                   dropped. An empty channel cell means 'not\n"
        "                   reported'.\n"
        "  --step SECONDS   the step, a whole number of seconds from 1 to\n"
        "                   1e12; without it, the smallest positive\n"
        "                   difference between consecutive timestamps (60\n"
        "                   when there is none), or, for timestamps regular\n"
        "                   but for a jitter of a few seconds (12:00:02,\n"
        "                   12:00:59, 12:02:01), the step of the grid that\n"
        "                   fits them (60), the rows then snapped to it\n"
        "  --snap           put each row in the slot nearest to it, on the\n"
        "                   grid that fits the timestamps, rather than in\n"
        "                   slot floor((t - t0) / step) (for a jittered\n"
        "                   series and --step)\n"
        "  --no-snap        never snap, not even an inferred jittered step\n"
        "  --counters       values are cumulative counters (default:\n"
        "                   increments per row)\n"
        "  --measurements   the values are measurements (rates, prices,\n"
        "                   gauges), not counts: no Poisson floor on their\n"
        "                   noise and no smallest excess in counts (always\n"
        "                   so for a 'value' column)\n"
        "  --post ID        monitor only the rows whose post_id is ID (a\n"
        "                   file of several posts, such as the traffic file\n"
        "                   of 'kol report'); without it, a post_id column\n"
        "                   must hold one post: a second one is an error\n"
        "  --strict         exit 1 when any row is rejected\n"
        "\n",
        out);
    fputs(
        "Output (CSV on standard output): timestamp, the channel columns as\n"
        "read, anomaly_score (0 to 1), reasons (burst, ratio, drip,\n"
        "plateau, drop, joined by ';'; empty when none), then\n"
        "restored_<channel>: the estimated organic increment of the row's\n"
        "time slot (with --counters, counters are turned into increments;\n"
        "empty when the row's cell is empty).\n"
        "One row for every input row, in the file's order, with its own\n"
        "timestamp; rows in the same slot (floor((t - t0) / step), t0 the\n"
        "first timestamp, or the nearest slot when snapped) are merged by\n"
        "the monitor and repeat the slot's result. A summary (step, and\n"
        "the jitter when there is one; slots, flagged slots, intervals,\n"
        "totals observed and restored with their band) goes to standard\n"
        "error.\n"
        "\n"
        "Rows with a bad timestamp or value, or refused by the monitor (out\n"
        "of order, infinite, a negative counter), are not monitored: a\n"
        "warning names the row, and its output row has no anomaly_score and\n"
        "the reason 'rejected'. An inferred step only counts the rows the\n"
        "monitor accepts: when it refuses some, the step is inferred again\n"
        "from the others and the rows fed again.\n"
        "\n"
        "Exit status: 0 on success (even with rejected rows, unless\n"
        "--strict); 1 when the file cannot be read, has no usable header,\n"
        "holds several posts without --post (or no row of the --post one),\n"
        "no row is accepted, a row is rejected with --strict, or, without\n"
        "--step, the timestamps are too far apart to infer a step (above\n"
        "1e12 s); 2 on a usage error.\n",
        out);
}

/* ---- timestamps -------------------------------------------------------- */

/* Write t (epoch seconds) as "YYYY-MM-DD HH:MM:SS" into buf (64 bytes):
 * the inverse of days_from_civil, by eras of 400 years from March. */
static void format_time(char *buf, size_t size, int64_t t)
{
    int64_t days = (t >= 0 ? t : t - 86399) / 86400, sod = t - days * 86400;
    int64_t z = days + 719468, era, doe, yoe, y, doy, mp, d, mo;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    mo = mp < 10 ? mp + 3 : mp - 9;
    if (mo <= 2)
        y++;
    snprintf(buf, size, "%04lld-%02d-%02d %02d:%02d:%02d", (long long)y,
             (int)(mo % 100), (int)(d % 100), (int)(sod / 3600 % 100),
             (int)(sod / 60 % 60), (int)(sod % 60));
}

/* ---- state -------------------------------------------------------------- */

typedef struct slot_result {
    int64_t ts;
    double score;
    uint32_t reasons;
} slot_result;

/* A rejected row, written in its place among the output rows (one output
 * row for every input row of the series): its timestamp as the file wrote
 * it, and its channel values that are finite numbers (the others, like
 * every cell of a row with the wrong number of cells, are left empty, so
 * that the numeric columns hold numbers only). */
typedef struct dropped_row {
    uint64_t row;
    char *ts;     /* NULL: an empty cell */
    double *vals; /* nch values, NaN for an empty cell */
} dropped_row;

typedef struct dropped_rows {
    dropped_row *v;
    size_t n, cap;
} dropped_rows;

static void dropped_row_free(dropped_row *d)
{
    free(d->ts);
    free(d->vals);
}

static void dropped_free(dropped_rows *dr)
{
    size_t i;
    for (i = 0; i < dr->n; i++)
        dropped_row_free(&dr->v[i]);
    free(dr->v);
    dr->v = NULL;
    dr->n = dr->cap = 0;
}

/* Keeps a rejected row: its number, its timestamp text (taken, NULL for
 * an empty cell) and its nch values (NULL: every cell empty). */
static int drop_row(dropped_rows *dr, uint64_t number, char *ts,
                    const double *vals, size_t nch)
{
    dropped_row d = {number, ts, NULL};
    dropped_row *v;
    size_t j;
    if ((d.vals = kol_cli_alloc_array(nch, sizeof *d.vals)) == NULL ||
        (v = kol_cli_grow(dr->v, &dr->cap, dr->n + 1, sizeof *dr->v)) ==
            NULL) {
        dropped_row_free(&d);
        return -1;
    }
    for (j = 0; j < nch; j++)
        d.vals[j] = vals != NULL && isfinite(vals[j]) ? vals[j] : NAN;
    dr->v = v;
    dr->v[dr->n++] = d;
    return 0;
}

/* Keeps a row rejected while parsing. Of a row with as many cells as the
 * header, the timestamp as written (unless it holds a NUL byte, which no
 * output cell carries) and the channel cells that are numbers; a
 * misaligned row's cells are not under their headers, and are left
 * empty. */
static int drop_parsed(dropped_rows *dr, const csv_row *row, size_t ncols,
                       long ts_col, const long *chcol, size_t nch)
{
    double vals[KOL_CHANNEL_COUNT];
    char *ts = NULL;
    size_t j;
    if (row->ncells != ncols)
        return drop_row(dr, row->number, NULL, NULL, nch);
    for (j = 0; j < nch; j++)
        if (cc_parse_number(row->cells[chcol[j]], row->lens[chcol[j]],
                            &vals[j]) != 0)
            vals[j] = NAN;
    if (row->lens[ts_col] > 0 &&
        memchr(row->cells[ts_col], '\0', row->lens[ts_col]) == NULL &&
        (ts = kol_cli_strndup(row->cells[ts_col], row->lens[ts_col])) ==
            NULL)
        return -1;
    if (drop_row(dr, row->number, ts, vals, nch) != 0)
        return -1; /* ts freed */
    return 0;
}

static int cmp_dropped(const void *a, const void *b)
{
    uint64_t x = ((const dropped_row *)a)->row,
             y = ((const dropped_row *)b)->row;
    return (x > y) - (x < y);
}

/* The output row of a rejected row: its cells, no score, the reason
 * `rejected`, no restored values. */
static void print_dropped(FILE *out, const dropped_row *d, size_t nch)
{
    size_t j;
    if (d->ts != NULL)
        cc_csv_cell(out, d->ts);
    for (j = 0; j < nch; j++) {
        fputc(',', out);
        if (!isnan(d->vals[j]))
            cc_print_num(out, d->vals[j]);
    }
    fputs(",,rejected", out);
    for (j = 0; j < nch; j++)
        fputc(',', out);
    fputc('\n', out);
}

typedef struct traffic_state {
    size_t nch;
    /* accepted rows */
    int64_t *ts;
    char **ts_text;
    double *vals; /* nrows x nch */
    uint64_t *rownum;
    size_t nrows, cap_ts, cap_text, cap_vals, cap_num;
    /* results, in slot order */
    slot_result *res;
    double *restored; /* nres x nch */
    size_t nres, cap_res, cap_restored;
    int nomem;
} traffic_state;

static int on_emit(void *user, int64_t timestamp, uint32_t n_samples,
                   double score, uint32_t reasons, const double *observed,
                   const double *restored, const uint32_t *channel_reasons,
                   size_t n_channels)
{
    traffic_state *st = user;
    slot_result *r;
    double *rv;
    (void)observed;
    (void)channel_reasons;
    if (n_samples == 0)
        return 0; /* a missing or filled slot has no input row */
    r = kol_cli_grow(st->res, &st->cap_res, st->nres + 1, sizeof *r);
    if (r == NULL) {
        st->nomem = 1;
        return 1;
    }
    st->res = r;
    rv = kol_cli_grow(st->restored, &st->cap_restored,
                      (st->nres + 1) * n_channels, sizeof *rv);
    if (rv == NULL) {
        st->nomem = 1;
        return 1;
    }
    st->restored = rv;
    r[st->nres].ts = timestamp;
    r[st->nres].score = score;
    r[st->nres].reasons = reasons;
    memcpy(rv + st->nres * n_channels, restored, n_channels * sizeof *rv);
    st->nres++;
    return 0;
}

static void print_reasons(FILE *out, uint32_t reasons)
{
    uint32_t bit;
    int first = 1;
    for (bit = 1; bit <= KOL_TRAFFIC_REASON_DROP; bit <<= 1)
        if (reasons & bit) {
            const char *n = kol_traffic_reason_name(bit);
            fprintf(out, "%s%s", first ? "" : ";", n ? n : "?");
            first = 0;
        }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Floor division and remainder (x / s rounded down; s > 0). */
static int64_t floor_div(int64_t x, int64_t s)
{
    int64_t q = x / s;
    if (x % s != 0 && x < 0)
        q--;
    return q;
}

static int64_t floor_mod(int64_t x, int64_t s)
{
    return x - floor_div(x, s) * s;
}

/* The grid that best explains the timestamps of the rows with ok[i] set
 * (every row when ok is NULL) as t0 + phase + k * step plus a jitter,
 * t0 the first of them: the residuals (t - t0) mod step lie on a circle
 * of length step, and the grid point is the centre of the shortest arc
 * holding them all (the largest gap between two of them left out), so
 * that the largest distance from a row to its grid point, *jitter, is
 * the smallest possible: each row is then as far as it can be from the
 * middle between two slots. When the arc's length is odd, of its two
 * centres the one on a multiple of the step since the epoch (whole
 * minutes for a 60 s step) is taken. *t0 receives the first timestamp,
 * *phase the offset in [-step/2, step/2). Returns 0, or -1 without
 * memory. */
static int fit_grid(const traffic_state *st, const unsigned char *ok,
                    int64_t step, int64_t *t0, int64_t *phase,
                    int64_t *jitter)
{
    int64_t *r = kol_cli_alloc_array(st->nrows, sizeof *r);
    int64_t a, len, gap, c;
    size_t i, n = 0, at;
    int have = 0;
    *t0 = 0;
    *phase = 0;
    *jitter = 0;
    if (r == NULL)
        return -1;
    for (i = 0; i < st->nrows; i++) {
        if (ok != NULL && !ok[i])
            continue;
        if (!have) {
            *t0 = st->ts[i];
            have = 1;
        }
        r[n++] = floor_mod(st->ts[i] - *t0, step);
    }
    if (n == 0) {
        free(r);
        return 0;
    }
    qsort(r, n, sizeof *r, cmp_i64);
    /* the gap from the last residual round to the first */
    gap = r[0] + step - r[n - 1];
    at = 0;
    for (i = 0; i + 1 < n; i++)
        if (r[i + 1] - r[i] > gap) {
            gap = r[i + 1] - r[i];
            at = i + 1;
        }
    a = r[at];
    len = step - gap; /* the arc from a holding every residual */
    c = a + len / 2;
    if (len % 2 != 0 && floor_mod(*t0 + c, step) != 0 &&
        floor_mod(*t0 + c + 1, step) == 0)
        c++;
    *jitter = len - len / 2;
    c = floor_mod(c, step);
    *phase = 2 * c >= step ? c - step : c;
    free(r);
    return 0;
}

/* The step fed to the monitor: --step's (given), else the inferred one,
 * at most the monitor's largest (a larger one finds the rows refused
 * whatever the step, then is an error). */
static double fed_step(const char *step_arg, double step, int64_t inferred,
                       double step_max)
{
    if (step_arg != NULL)
        return step;
    return (double)inferred > step_max ? step_max : (double)inferred;
}

/* Whether rows are snapped to the grid: --snap (1), never with --no-snap
 * (-1), else (0) when the step is inferred from a jittered series. */
static int snap_wanted(int snap_opt, const char *step_arg, int jittered)
{
    return snap_opt > 0 || (snap_opt == 0 && step_arg == NULL && jittered);
}

/* The grid point nearest to t: t0 + phase + k * step. */
static int64_t snap_time(int64_t t, int64_t t0, int64_t phase, int64_t step)
{
    return t0 + phase + floor_div(t - t0 - phase + step / 2, step) * step;
}

/* The step when --step is absent, from the positive differences between
 * each timestamp of the rows with ok[i] set (every row when ok is NULL)
 * and the latest one before it; *median receives their median (0
 * without one), *jittered whether the series is regular with jitter:
 *
 * - every difference a multiple of the smallest (a regular series, with
 *   or without missing slots): the smallest, as when the series is
 *   irregular;
 * - regular with jitter (a poller reading "every minute" at 12:00:02,
 *   12:00:59, 12:02:01): the smallest difference is more than half the
 *   median m, at least half of the differences lie within m +- tol
 *   (tol = max(2 s, m / 10)), and the step s below lies within m +- tol
 *   too and explains every timestamp within s / 4 (fit_grid); s is the
 *   mean difference per slot over the whole series: the differences
 *   within m +- tol give a first estimate, each difference is counted as
 *   round(d / estimate) slots (at least 1; a missing reading makes a
 *   difference of two slots), and the span divided by the number of
 *   slots, twice, rounded to whole seconds. The jitter of single rows
 *   cancels out over the span, which the median alone does not do (59 s
 *   or 61 s for a 60 s series);
 * - otherwise the smallest difference (the caller warns when it is at
 *   most half the median: one early row then makes most slots empty).
 *
 * The step is 0 without a difference. Returns 0, or -1 without memory. */
static int infer_step(const traffic_state *st, const unsigned char *ok,
                      double step_max, int64_t *step, int64_t *median,
                      int *jittered)
{
    int64_t best = 0, last = 0, span = 0, *d;
    size_t i, m = 0, near = 0, iter;
    int have_last = 0, aligned = 1;

    *step = 0;
    *median = 0;
    *jittered = 0;
    d = kol_cli_alloc_array(st->nrows, sizeof *d);
    if (d == NULL)
        return -1;
    /* Differences from the latest timestamp so far, not from the row
     * before: a row out of order (which the monitor refuses) would
     * otherwise make one difference from itself, too large (100, 50, 160
     * gave 110 s for rows 60 s apart) */
    for (i = 0; i < st->nrows; i++) {
        int64_t x;
        if (ok != NULL && !ok[i])
            continue;
        if (!have_last) {
            last = st->ts[i];
            have_last = 1;
            continue;
        }
        x = st->ts[i] - last;
        if (x <= 0)
            continue;
        last = st->ts[i];
        if (best == 0 || x < best)
            best = x;
        d[m++] = x;
        span += x;
    }
    *step = best;
    if (m == 0) {
        free(d);
        return 0;
    }
    for (i = 0; i < m; i++)
        if (d[i] % best != 0)
            aligned = 0;
    qsort(d, m, sizeof *d, cmp_i64);
    *median = d[m / 2];
    if (!aligned && 2 * best > *median && (double)*median <= step_max) {
        double md = (double)*median, tol = md / 10 < 2 ? 2 : md / 10;
        double sum = 0, s;
        int64_t t0, phase, jitter, cand;
        for (i = 0; i < m; i++)
            if (fabs((double)d[i] - md) <= tol) {
                sum += (double)d[i];
                near++;
            }
        s = sum / (double)near;
        for (iter = 0; iter < 2 && 2 * near >= m; iter++) {
            double slots = 0;
            for (i = 0; i < m; i++) {
                double k = floor((double)d[i] / s + 0.5);
                slots += k < 1 ? 1 : k;
            }
            s = (double)span / slots;
        }
        cand = (int64_t)floor(s + 0.5);
        if (2 * near >= m && cand >= 1 && fabs((double)cand - md) <= tol) {
            if (fit_grid(st, ok, cand, &t0, &phase, &jitter) != 0) {
                free(d);
                return -1;
            }
            if (jitter > 0 && 4 * jitter <= cand) {
                *step = cand;
                *jittered = 1;
            }
        }
    }
    free(d);
    return 0;
}

/* A timestamp the monitor was fed (epoch seconds), as the file writes
 * them: "YYYY-MM-DD HH:MM:SS" when `like` (a cell of the file) is an ISO
 * time, else the integer. */
static void fed_time(char *buf, size_t size, int64_t t, const char *like)
{
    if (strlen(like) >= 16 && like[4] == '-')
        format_time(buf, size, t);
    else
        snprintf(buf, size, "%lld", (long long)t);
}

/* The reason of a refusal whose library message (lm) begins with the
 * row's fed timestamp (an out-of-order row): the timestamp as the file
 * wrote it (and the grid point it was fed at, when snapped), and the
 * first timestamp of the series likewise, rather than epoch seconds
 * (first: the row that started the monitor, or none). NULL when lm names
 * no timestamp of the row, or when out of memory (*nomem set). */
static char *order_reason(const traffic_state *st, const int64_t *ts,
                          size_t ri, long first, const char *lm, int *nomem)
{
    char fed[40], own[64], at[64], start[64], grid[96];
    const char *rest;
    int fl = snprintf(fed, sizeof fed, "timestamp %lld ", (long long)ts[ri]);
    char *why;

    if (fl <= 0 || strncmp(lm, fed, (size_t)fl) != 0)
        return NULL;
    rest = lm + fl;
    kol_cli_printable(own, sizeof own, st->ts_text[ri],
                      strlen(st->ts_text[ri]), 40);
    grid[0] = '\0';
    if (ts[ri] != st->ts[ri]) {
        fed_time(at, sizeof at, ts[ri], st->ts_text[ri]);
        snprintf(grid, sizeof grid, " (snapped to %s)", at);
    }
    if (first >= 0) {
        /* "is before the first timestamp T0 (out of order)" */
        static const char before[] = "is before the first timestamp ";
        int sl = snprintf(fed, sizeof fed, "%lld ", (long long)ts[first]);
        if (strncmp(rest, before, sizeof before - 1) == 0 && sl > 0 &&
            strncmp(rest + sizeof before - 1, fed, (size_t)sl) == 0) {
            kol_cli_printable(start, sizeof start, st->ts_text[first],
                              strlen(st->ts_text[first]), 40);
            why = kol_cli_asprintf("timestamp %s%s %s%s %s", own, grid,
                                   before, start,
                                   rest + sizeof before - 1 + sl);
            *nomem = why == NULL;
            return why;
        }
    }
    why = kol_cli_asprintf("timestamp %s%s %s", own, grid, rest);
    *nomem = why == NULL;
    return why;
}

/* Feed the kept rows, one per call, to a new monitor (*mon, the previous
 * one freed) with this step, row i at timestamp ts[i] (its own, or
 * snapped to the nearest slot): ok[i] says whether it accepted row i, and
 * each refusal goes to refused with the library's message (naming the
 * `value` column when the series has one, and the row's timestamp as the
 * file writes it; the message says the reason: no status name is added
 * to it). The results kept in st start afresh. Returns 0, 1 when out of
 * memory, or -1 on another library error (*s set, the message in ctx). */
static int feed_rows(kol_ctx *ctx, const int32_t *channels, size_t nch,
                     double step, int counters, int measure,
                     int have_value_col, const int64_t *ts,
                     traffic_state *st, unsigned char *ok,
                     cc_rejects *refused, kol_traffic **mon, kol_status *s)
{
    size_t ri;
    long first = -1; /* the first row accepted: the monitor's start */

    kol_traffic_free(*mon);
    *mon = NULL;
    cc_rejects_free(refused);
    st->nres = 0;
    st->nomem = 0;
    if ((*s = kol_traffic_new(ctx, channels, nch, mon)) != KOL_STATUS_OK ||
        (*s = kol_traffic_set_param(*mon, KOL_TRAFFIC_PARAM_STEP, step)) !=
            KOL_STATUS_OK ||
        (*s = kol_traffic_set_param(*mon, KOL_TRAFFIC_PARAM_CUMULATIVE,
                                    counters ? 1.0 : 0.0)) != KOL_STATUS_OK)
        return *s == KOL_STATUS_NOMEM ? 1 : -1;
    /* measurements: their noise is learned from the series alone (no
     * Poisson floor), and an excess is not a number of views or likes
     * (docs/model-traffic.md: the NAB series are scored so) */
    if (measure &&
        ((*s = kol_traffic_set_param(
              *mon, KOL_TRAFFIC_PARAM_DISPERSION_FLOOR, 0.0)) !=
             KOL_STATUS_OK ||
         (*s = kol_traffic_set_param(*mon, KOL_TRAFFIC_PARAM_MIN_EXCESS,
                                     0.0)) != KOL_STATUS_OK))
        return -1;
    for (ri = 0; ri < st->nrows; ri++) {
        const char *lm;
        static const char pre[] = "kol_traffic_feed: row 0";
        static const char views[] = "channel views: ";
        size_t pl = sizeof pre - 1;
        const char *name = NULL;
        char *why;
        int nomem = 0;

        *s = kol_traffic_feed(*mon, &ts[ri], st->vals + ri * nch, 1,
                              on_emit, st);
        ok[ri] = *s == KOL_STATUS_OK;
        if (*s == KOL_STATUS_OK) {
            if (first < 0)
                first = (long)ri;
            continue;
        }
        if (*s == KOL_STATUS_NOMEM || st->nomem)
            return 1;
        if (*s == KOL_STATUS_CALLBACK)
            return -1;
        /* One row per call: the library's "row 0" is the CSV row named
         * by the warning, so leave it out. */
        lm = kol_ctx_last_error(ctx);
        if (strncmp(lm, pre, pl) == 0 && (lm[pl] == ',' || lm[pl] == ':') &&
            lm[pl + 1] == ' ')
            lm += pl + 2;
        /* the `value` column is monitored as views: name it */
        if (have_value_col && strncmp(lm, views, sizeof views - 1) == 0) {
            name = "column 'value': ";
            lm += sizeof views - 1;
        }
        /* a row out of order: its timestamp as the file writes it (not
         * the epoch seconds it was fed as), and the grid point it was fed
         * at when snapped */
        why = order_reason(st, ts, ri, first, lm, &nomem);
        if (nomem)
            return 1;
        if (why == NULL &&
            (why = kol_cli_asprintf("%s%s", name ? name : "", lm)) == NULL)
            return 1;
        if (cc_rejects_add(refused, st->rownum[ri], why) != 0)
            return 1;
    }
    *s = KOL_STATUS_OK;
    return 0;
}

/* Keep one parsed row. Returns 0 or -1 (no memory). */
static int keep_row(traffic_state *st, int64_t t, const char *text,
                    size_t len, const double *v, uint64_t number)
{
    void *p;
    char *copy;
    if ((p = kol_cli_grow(st->ts, &st->cap_ts, st->nrows + 1,
                          sizeof *st->ts)) == NULL)
        return -1;
    st->ts = p;
    if ((p = kol_cli_grow(st->ts_text, &st->cap_text, st->nrows + 1,
                          sizeof *st->ts_text)) == NULL)
        return -1;
    st->ts_text = p;
    if ((p = kol_cli_grow(st->rownum, &st->cap_num, st->nrows + 1,
                          sizeof *st->rownum)) == NULL)
        return -1;
    st->rownum = p;
    if ((p = kol_cli_grow(st->vals, &st->cap_vals,
                          (st->nrows + 1) * st->nch, sizeof *st->vals)) ==
        NULL)
        return -1;
    st->vals = p;
    if ((copy = kol_cli_strndup(text, len)) == NULL)
        return -1;
    st->ts[st->nrows] = t;
    st->ts_text[st->nrows] = copy;
    st->rownum[st->nrows] = number;
    memcpy(st->vals + st->nrows * st->nch, v, st->nch * sizeof *v);
    st->nrows++;
    return 0;
}

int kol_cli_traffic_run(int argc, char **argv)
{
    const char *path = NULL, *step_arg = NULL, *post_arg = NULL, *shown_path;
    int counters = 0, measure = 0, strict = 0, i, m,
        rc = KOL_CLI_EXIT_FAILURE, r;
    /* --snap 1, --no-snap -1, neither 0 (snap a jittered inferred step) */
    int snap_opt = 0, snap = 0, jittered = 0;
    double step = 0;
    const char *names[KOL_CHANNEL_COUNT + 4];
    long col[KOL_CHANNEL_COUNT + 4];
    int32_t channels[KOL_CHANNEL_COUNT];
    long chcol[KOL_CHANNEL_COUNT];
    const char *chname[KOL_CHANNEL_COUNT];
    size_t nch = 0, k, c, nnames, j, ri, ncols;
    char err[512];
    csv_reader *in = NULL;
    csv_row row;
    kol_cli_unknown unknown;
    cc_rejects rejects = {NULL, 0, 0};
    kol_cli_far_time far = {0, ""};
    const char *ts_name = "timestamp";
    traffic_state st;
    kol_ctx *ctx = NULL;
    kol_traffic *mon = NULL;
    kol_status s;
    cc_rejects refused = {NULL, 0, 0};
    dropped_rows dropped = {NULL, 0, 0};
    unsigned char *ok = NULL;
    int64_t median = 0, inferred = 0;
    /* the grid of the timestamps fed: t0 + phase + k * step */
    int64_t grid_t0 = 0, phase = 0, jitter = 0;
    int64_t *snapped = NULL;
    /* the monitor's largest step, 1e12 (the messages say so, as cli.md) */
    double step_max = 0;
    int pass;
    uint64_t nread = 0, slots = 0, flagged = 0, skipped = 0, ntotal = 0;
    uint64_t other_posts = 0, first_post_row = 0;
    char *first_post = NULL;
    size_t first_post_len = 0;
    long post_col;
    double row_vals[KOL_CHANNEL_COUNT];
    int have_value_col, iso = 0;

    memset(&st, 0, sizeof st);
    (void)kol_traffic_param_bounds(KOL_TRAFFIC_PARAM_STEP, NULL, &step_max,
                                   NULL);
    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--step", &step_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--post", &post_arg)) !=
                0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--counters") == 0) {
            counters = 1;
        } else if (strcmp(argv[i], "--measurements") == 0) {
            measure = 1;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else if (strcmp(argv[i], "--snap") == 0 ||
                   strcmp(argv[i], "--no-snap") == 0) {
            int want = argv[i][2] == 's' ? 1 : -1;
            if (snap_opt == -want) {
                kol_cli_error("--snap and --no-snap contradict each other "
                              "(see 'kol traffic --help')");
                return KOL_CLI_EXIT_USAGE;
            }
            snap_opt = want;
        } else {
            kol_cli_error(
                "unexpected argument '%s' (see 'kol traffic --help')",
                argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv (see 'kol traffic --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (step_arg != NULL &&
        (cc_parse_number(step_arg, strlen(step_arg), &step) != 0 ||
         !isfinite(step) || step < 1 || step > step_max ||
         floor(step) != step)) {
        kol_cli_error("--step '%s': expected a whole number of seconds from "
                      "1 to 1e12",
                      step_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (post_arg != NULL && *post_arg == '\0') {
        kol_cli_error("--post needs a post id");
        return KOL_CLI_EXIT_USAGE;
    }
    shown_path = strcmp(path, "-") == 0 ? "standard input" : path;

    /* Header. */
    nnames = 0;
    names[nnames++] = "timestamp";
    for (k = 0; k < KOL_CHANNEL_COUNT; k++)
        names[nnames++] = kol_channel_name((int)k);
    names[nnames++] = "value";
    names[nnames++] = "post_id";
    names[nnames++] = "minute"; /* another name of the timestamp */
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
                          "with timestamp and channel columns",
                          shown_path);
        goto out;
    }
    if (cc_header(&row, shown_path, names, nnames, col, &unknown, err,
                  sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    /* "minute", as kol report reads its traffic file, names the
     * timestamp too; both in one header are the same column twice */
    if (col[0] >= 0 && col[3 + KOL_CHANNEL_COUNT] >= 0) {
        kol_cli_error("%s: row 1: 'timestamp' and 'minute' name the same "
                      "column (columns %ld and %ld)",
                      shown_path, col[0] + 1, col[3 + KOL_CHANNEL_COUNT] + 1);
        goto out;
    }
    if (col[0] < 0) {
        col[0] = col[3 + KOL_CHANNEL_COUNT];
        ts_name = "minute";
    }
    if (col[0] < 0) {
        kol_cli_error("%s: row 1: no 'timestamp' column", shown_path);
        goto out;
    }
    ncols = row.ncells;
    have_value_col = col[1 + KOL_CHANNEL_COUNT] >= 0;
    post_col = col[2 + KOL_CHANNEL_COUNT];
    if (post_arg != NULL && post_col < 0) {
        kol_cli_error("%s: row 1: no 'post_id' column to select --post from",
                      shown_path);
        goto out;
    }
    /* Channels in the order of the input columns. */
    for (c = 0; c < row.ncells; c++)
        for (k = 1; k <= KOL_CHANNEL_COUNT; k++)
            if (col[k] == (long)c) {
                channels[nch] = (int32_t)(k - 1);
                chcol[nch] = (long)c;
                chname[nch] = names[k];
                nch++;
            }
    if (have_value_col) {
        if (nch > 0) {
            kol_cli_error("%s: row 1: a 'value' column cannot be combined "
                          "with channel columns",
                          shown_path);
            goto out;
        }
        channels[0] = KOL_CHANNEL_VIEWS;
        chcol[0] = col[1 + KOL_CHANNEL_COUNT];
        chname[0] = "value";
        nch = 1;
    }
    if (nch == 0) {
        kol_cli_error("%s: row 1: no channel column (views, likes, comments, "
                      "shares, saves, follows, orders, or value)",
                      shown_path);
        goto out;
    }
    kol_cli_unknown_warn(&unknown, shown_path);
    st.nch = nch;

    /* Rows. */
    while ((r = csv_reader_next(in, &row)) == CSV_READER_ROW) {
        int64_t t;
        char shown[64];
        const char *cell;
        size_t len;
        char *msg = NULL;
        nread++;
        /* A row with a cell too many or too few is misaligned: its cells
         * cannot be trusted to sit under their headers. */
        if (row.ncells != ncols) {
            msg = csv_cells_reason(row.ncells, ncols);
            if (cc_rejects_add(&rejects, row.number, msg) != 0 ||
                drop_parsed(&dropped, &row, ncols, col[0], chcol, nch) != 0)
                goto nomem;
            continue;
        }
        /* One series: the rows of one post. With --post, the rows of the
         * other posts are skipped; without it, a second post is an error
         * (its rows would be merged into the first post's series). */
        if (post_col >= 0) {
            const char *pc = row.cells[post_col];
            size_t pn = row.lens[post_col];
            if (post_arg != NULL) {
                if (pn != strlen(post_arg) || memcmp(pc, post_arg, pn) != 0) {
                    other_posts++;
                    continue;
                }
            } else if (first_post == NULL) {
                if ((first_post = kol_cli_strndup(pc, pn)) == NULL)
                    goto nomem;
                first_post_len = pn;
                first_post_row = row.number;
            } else if (pn != first_post_len ||
                       memcmp(pc, first_post, pn) != 0) {
                char a[64], b[64];
                kol_cli_printable(a, sizeof a, first_post, first_post_len,
                                  40);
                kol_cli_printable(b, sizeof b, pc, pn, 40);
                kol_cli_error("%s: column 'post_id' holds more than one post "
                              "('%s' in row %llu, '%s' in row %llu): kol "
                              "traffic monitors one series; choose one with "
                              "--post ID ('kol report --traffic FILE' "
                              "monitors every post)",
                              shown_path, a,
                              (unsigned long long)first_post_row, b,
                              (unsigned long long)row.number);
                goto out;
            }
        }
        cell = row.cells[col[0]];
        len = row.lens[col[0]];
        if (kol_cli_parse_time(cell, len, &t) != 0) {
            kol_cli_printable(shown, sizeof shown, cell, len, 40);
            msg = kol_cli_asprintf("column 'timestamp': '%s' is not "
                                   "'YYYY-MM-DD HH:MM:SS' nor epoch seconds",
                                   shown);
            if (cc_rejects_add(&rejects, row.number, msg) != 0 ||
                drop_parsed(&dropped, &row, ncols, col[0], chcol, nch) != 0)
                goto nomem;
            continue;
        }
        for (j = 0; j < nch; j++) {
            size_t cj = (size_t)chcol[j];
            if (row.lens[cj] == 0) {
                row_vals[j] = NAN; /* not reported */
                continue;
            }
            if (cc_parse_number(row.cells[cj], row.lens[cj], &row_vals[j]) !=
                0) {
                kol_cli_printable(shown, sizeof shown, row.cells[cj],
                                  row.lens[cj], 40);
                msg = kol_cli_asprintf("column '%s': '%s' is not a number",
                                       chname[j], shown);
                break;
            }
            if (isnan(row_vals[j])) {
                msg = kol_cli_asprintf("column '%s': 'nan' is not a value "
                                       "(leave the cell empty)",
                                       chname[j]);
                break;
            }
            /* the monitor refuses it too (and is worded the same way
             * below), but a row kept until then would count in the
             * inferred step */
            if (isinf(row_vals[j])) {
                msg = kol_cli_asprintf(
                    have_value_col ? "column '%s': value %s is not finite"
                                   : "channel %s: value %s is not finite",
                    chname[j], row_vals[j] > 0 ? "inf" : "-inf");
                break;
            }
        }
        if (j < nch) {
            if (cc_rejects_add(&rejects, row.number, msg) != 0 ||
                drop_parsed(&dropped, &row, ncols, col[0], chcol, nch) != 0)
                goto nomem;
            continue;
        }
        kol_cli_far_time_note(&far, row.number, cell, len, t);
        if (keep_row(&st, t, cell, len, row_vals, row.number) != 0)
            goto nomem;
    }
    if (r == CSV_READER_ERROR) {
        kol_cli_error("%s", csv_reader_error(in));
        goto out;
    }
    kol_cli_far_time_warn(&far, shown_path, ts_name);
    if (post_arg != NULL && nread == other_posts) {
        char p[64];
        kol_cli_printable(p, sizeof p, post_arg, strlen(post_arg), 40);
        kol_cli_error("%s: no row of post '%s' (%llu rows of other posts)",
                      shown_path, p, (unsigned long long)other_posts);
        goto out;
    }

    /* Step: given, or inferred from the timestamps. A row the monitor
     * refuses (a negative counter, a row out of order) must not set the
     * step: when it refuses rows, the step is inferred again from the rows
     * it accepted (60 s when they have no positive difference) and every
     * row fed again, until the step no longer changes (a few passes at
     * most; the last one stands). An inferred step above the monitor's
     * bound (step_max) is fed as step_max, which finds the rows refused
     * whatever the step (a negative counter), and the step is inferred
     * again from the others; when it is still above, the timestamps are
     * too far apart to infer a step.
     * Snapping (--snap, or a step inferred from a series regular with
     * jitter, unless --no-snap): each row is fed at the point of the grid
     * t0 + phase + k * step nearest to it (fit_grid, over the rows
     * accepted: fitted again with the step), so that its slot is the
     * nearest one rather than floor((t - t0) / step), which puts a row a
     * second earlier than the first one into the slot before. */
    ok = kol_cli_alloc_array(st.nrows, sizeof *ok);
    snapped = kol_cli_alloc_array(st.nrows, sizeof *snapped);
    if (ok == NULL || snapped == NULL)
        goto nomem;
    if (step_arg == NULL) {
        int64_t best;
        if (infer_step(&st, NULL, step_max, &best, &median, &jittered) != 0)
            goto nomem;
        inferred = best > 0 ? best : 60;
    }
    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str((int)s));
        goto out;
    }
    snap = snap_wanted(snap_opt, step_arg, jittered);
    if (snap && fit_grid(&st, NULL,
                         (int64_t)fed_step(step_arg, step, inferred, step_max),
                         &grid_t0, &phase, &jitter) != 0)
        goto nomem;
    for (pass = 0;; pass++) {
        int64_t again = inferred, again_t0 = grid_t0, again_phase = phase;
        int again_jit = jittered, again_snap;
        step = fed_step(step_arg, step, inferred, step_max);
        if (snap)
            for (ri = 0; ri < st.nrows; ri++)
                snapped[ri] =
                    snap_time(st.ts[ri], grid_t0, phase, (int64_t)step);
        r = feed_rows(ctx, channels, nch, step, counters,
                      measure || have_value_col, have_value_col,
                      snap ? snapped : st.ts, &st, ok, &refused, &mon, &s);
        if (r > 0)
            goto nomem;
        if (r < 0)
            goto libfail;
        if ((step_arg != NULL && !snap) || refused.n == 0 || pass == 3)
            break;
        if (step_arg == NULL) {
            if (infer_step(&st, ok, step_max, &again, &median, &again_jit) !=
                0)
                goto nomem;
            if (again <= 0)
                again = 60;
        }
        again_snap = snap_wanted(snap_opt, step_arg, again_jit);
        if (again_snap &&
            fit_grid(&st, ok,
                     (int64_t)fed_step(step_arg, step, again, step_max),
                     &again_t0, &again_phase, &jitter) != 0)
            goto nomem;
        if (again == inferred && again_snap == snap &&
            (!snap || (again_t0 == grid_t0 && again_phase == phase)))
            break;
        inferred = again;
        jittered = again_jit;
        snap = again_snap;
        grid_t0 = again_t0;
        phase = again_phase;
    }
    if (step_arg == NULL && (double)inferred > step_max) {
        kol_cli_error("%s: the timestamps are too far apart to infer a "
                      "step: the smallest difference between the rows "
                      "accepted is %lld s, above the monitor's largest "
                      "step, 1e12 s (give --step)",
                      shown_path, (long long)inferred);
        goto out;
    }
    if (step_arg == NULL) {
        int64_t again;
        int again_jit;
        if (infer_step(&st, ok, step_max, &again, &median, &again_jit) != 0)
            goto nomem;
        if (median > 0 && (double)(median / 2) >= step)
            fprintf(stderr,
                    "%s: warning: %s: the step inferred is the smallest "
                    "time difference, %.15g s, but the median difference is "
                    "%lld s: most slots will be empty (give --step)\n",
                    kol_cli_prog(), shown_path, step, (long long)median);
    }
    /* Keep the rows the monitor accepted; its refusals join the others. */
    {
        size_t kept = 0;
        for (ri = 0; ri < st.nrows; ri++) {
            if (!ok[ri]) {
                char *text = st.ts_text[ri];
                st.ts_text[ri] = NULL; /* moved (or freed on failure) */
                if (drop_row(&dropped, st.rownum[ri], text,
                             st.vals + ri * nch, nch) != 0)
                    goto nomem;
                continue;
            }
            if (kept != ri) {
                st.ts[kept] = st.ts[ri];
                snapped[kept] = snapped[ri];
                st.ts_text[kept] = st.ts_text[ri];
                st.rownum[kept] = st.rownum[ri];
                memmove(st.vals + kept * nch, st.vals + ri * nch,
                        nch * sizeof *st.vals);
                st.ts_text[ri] = NULL;
            }
            kept++;
        }
        st.nrows = kept;
        for (k = 0; k < refused.n; k++) {
            char *why = refused.v[k].reason;
            refused.v[k].reason = NULL; /* moved (or freed on failure) */
            if (cc_rejects_add(&rejects, refused.v[k].row, why) != 0)
                goto nomem;
        }
    }
    if (rejects.n > 0) {
        /* the parse found some, the monitor others: warn (and write them
         * out below) in row order */
        cc_rejects_sort(&rejects);
        qsort(dropped.v, dropped.n, sizeof *dropped.v, cmp_dropped);
        cc_rejects_warn(&rejects, shown_path);
    }
    if (st.nrows == 0) {
        kol_cli_error("%s: no row accepted (%llu read)", shown_path,
                      (unsigned long long)nread);
        goto out;
    }
    /* The jitter of the rows fed: the largest distance from a row to its
     * grid point. */
    jitter = 0;
    if (snap)
        for (ri = 0; ri < st.nrows; ri++) {
            int64_t e = st.ts[ri] - snapped[ri];
            if (e < 0)
                e = -e;
            if (e > jitter)
                jitter = e;
        }
    /* A --step given to a jittered series without --snap: say so when
     * counting slots from the first timestamp puts a row into the slot of
     * the row before while the grid that fits them (within a quarter of
     * the step) parts them. */
    if (step_arg != NULL && snap_opt == 0 && st.nrows > 1) {
        int64_t istep = (int64_t)step, t0 = st.ts[0], g0, ph, jit;
        size_t merged = 0;
        if (fit_grid(&st, NULL, istep, &g0, &ph, &jit) != 0)
            goto nomem;
        if (jit > 0 && 4 * jit <= istep)
            for (ri = 1; ri < st.nrows; ri++)
                if ((st.ts[ri] - t0) / istep ==
                        (st.ts[ri - 1] - t0) / istep &&
                    snap_time(st.ts[ri], g0, ph, istep) !=
                        snap_time(st.ts[ri - 1], g0, ph, istep))
                    merged++;
        if (merged > 0)
            fprintf(stderr,
                    "%s: warning: %s: the timestamps jitter up to %lld s "
                    "around a %.15g s grid, and %zu row%s share%s the slot "
                    "of the row before (slots counted from the first "
                    "timestamp): give --snap to put each row in its "
                    "nearest slot\n",
                    kol_cli_prog(), shown_path, (long long)jit, step, merged,
                    merged == 1 ? "" : "s", merged == 1 ? "s" : "");
    }
    if ((s = kol_traffic_finish(mon, on_emit, &st)) != KOL_STATUS_OK)
        goto nomem_or_lib;

    /* Output: match each row to its slot's result; a rejected row is
     * written in its place (row order), without a score. */
    fputs("timestamp", stdout);
    for (j = 0; j < nch; j++)
        printf(",%s", chname[j]);
    fputs(",anomaly_score,reasons", stdout);
    for (j = 0; j < nch; j++)
        printf(",restored_%s", chname[j]);
    fputc('\n', stdout);
    {
        size_t p = 0, q = 0;
        const int64_t *fed = snap ? snapped : st.ts;
        int64_t t0 = fed[0], istep = (int64_t)step;
        for (ri = 0; ri < st.nrows; ri++) {
            int64_t slot_ts = t0 + ((fed[ri] - t0) / istep) * istep;
            int found;
            for (; q < dropped.n && dropped.v[q].row < st.rownum[ri]; q++)
                print_dropped(stdout, &dropped.v[q], nch);
            while (p < st.nres && st.res[p].ts < slot_ts)
                p++;
            found = p < st.nres && st.res[p].ts == slot_ts;
            cc_csv_cell(stdout, st.ts_text[ri]);
            for (j = 0; j < nch; j++) {
                fputc(',', stdout);
                if (!isnan(st.vals[ri * nch + j]))
                    cc_print_num(stdout, st.vals[ri * nch + j]);
            }
            fputc(',', stdout);
            cc_print_num(stdout, found ? st.res[p].score : 0.0);
            fputc(',', stdout);
            if (found)
                print_reasons(stdout, st.res[p].reasons);
            for (j = 0; j < nch; j++) {
                /* a slot with no value on any channel (MISSING: with
                 * --counters, a reading that only re-anchors its counter
                 * after a gap) has no increment to restore */
                fputc(',', stdout);
                if (found && !isnan(st.vals[ri * nch + j]) &&
                    !(st.res[p].reasons & KOL_TRAFFIC_REASON_MISSING))
                    cc_print_num(stdout, st.restored[p * nch + j]);
            }
            fputc('\n', stdout);
        }
        for (; q < dropped.n; q++)
            print_dropped(stdout, &dropped.v[q], nch);
    }
    if (kol_cli_check_output() != 0)
        goto out;

    /* Summary. */
    /* ISO timestamps in, ISO intervals out (with or without seconds) */
    iso = strlen(st.ts_text[0]) >= 16 && st.ts_text[0][4] == '-';
    kol_traffic_counts(mon, &slots, &flagged, &skipped);
    {
        size_t nint = kol_traffic_interval_count(mon, &ntotal);
        fprintf(stderr, "traffic: %s: %llu rows read, %zu accepted, %zu "
                        "rejected",
                shown_path, (unsigned long long)nread, st.nrows, rejects.n);
        if (post_arg != NULL)
            fprintf(stderr, ", %llu of other posts skipped",
                    (unsigned long long)other_posts);
        fprintf(stderr, "; step %.15g s", step);
        if (jitter > 0 || (step_arg == NULL && jittered && !snap)) {
            /* the jitter of a series not snapped (--no-snap) */
            if (!snap && fit_grid(&st, NULL, (int64_t)step, &grid_t0, &phase,
                                  &jitter) != 0)
                goto nomem;
            fprintf(stderr, " (%stimestamps jitter up to %lld s, %s)",
                    step_arg ? "" : "inferred; ", (long long)jitter,
                    snap ? "snapped to the nearest slot" : "not snapped");
        } else if (step_arg == NULL) {
            fputs(" (inferred)", stderr);
        }
        fprintf(stderr, "%s\n", counters ? ", counters" : "");
        fprintf(stderr,
                "traffic: %llu slots, %llu flagged, %llu flagged "
                "interval%s\n",
                (unsigned long long)slots, (unsigned long long)flagged,
                (unsigned long long)ntotal, ntotal == 1 ? "" : "s");
        for (k = 0; k < nint && k < 20; k++) {
            int64_t a = 0, b = 0;
            uint32_t rs = 0;
            double peak = 0;
            if (kol_traffic_interval_at(mon, k, &a, &b, &rs, &peak, NULL) !=
                KOL_STATUS_OK)
                break;
            char ta[64], tb[64];
            if (iso) {
                format_time(ta, sizeof ta, a);
                format_time(tb, sizeof tb, b);
            } else {
                snprintf(ta, sizeof ta, "%lld", (long long)a);
                snprintf(tb, sizeof tb, "%lld", (long long)b);
            }
            fprintf(stderr, "traffic: interval %s to %s, peak score %.3f, ",
                    ta, tb, peak);
            print_reasons(stderr, rs);
            fputc('\n', stderr);
        }
        for (j = 0; j < nch; j++) {
            double ob = 0, rest = 0, lo = 0, hi = 0, dr = 0;
            kol_traffic_totals(mon, j, &ob, &rest, &lo, &hi, &dr);
            fprintf(stderr,
                    "traffic: %s: observed %.15g, restored %.15g "
                    "(band %.15g to %.15g), inflated %.15g, dropped "
                    "%.15g\n",
                    chname[j], ob, rest, lo, hi, ob - rest, dr);
        }
    }
    rc = KOL_CLI_EXIT_OK;
    if (strict && rejects.n > 0) {
        kol_cli_error("%zu row%s rejected (--strict)", rejects.n,
                      rejects.n > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
    goto out;

nomem_or_lib:
    if (st.nomem || s == KOL_STATUS_NOMEM)
        goto nomem;
libfail:
    kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str((int)s));
    goto out;
nomem:
    kol_cli_error("out of memory");
out:
    for (ri = 0; ri < st.nrows; ri++)
        free(st.ts_text[ri]);
    free(st.ts);
    free(st.ts_text);
    free(st.vals);
    free(st.rownum);
    free(st.res);
    free(st.restored);
    cc_rejects_free(&rejects);
    cc_rejects_free(&refused);
    dropped_free(&dropped);
    free(ok);
    free(snapped);
    free(first_post);
    csv_reader_close(in);
    kol_traffic_free(mon);
    kol_ctx_free(ctx);
    return rc;
}
