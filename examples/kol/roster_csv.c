/*
 * roster_csv.c - CSV file -> kol_roster, through kol_roster_fill() (see
 * roster_csv.h for the rules).
 *
 * The read callback pulls one CSV row per call from the incremental reader
 * (csv_reader.c), so the file is never held in memory whole. Every read
 * call consumes exactly one data row, which is what lets the reject
 * callback turn the library's 0-based read-call index back into a row
 * number: row = first data row + index.
 */
#include "roster_csv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_common.h"
#include "csv_reader.h"

/* Longest piece of a cell quoted in a message, in bytes. */
#define QUOTE_MAX 40

typedef enum col_kind {
    COL_IGNORED = 0,
    COL_TEXT,
    COL_METRIC,
    COL_PORTRAIT /* portrait_<dimension>: "label:share;label:share..." */
} col_kind;

typedef struct column {
    col_kind kind;
    int32_t code; /* kol_text, kol_metric or kol_dimension code */
    char *name;   /* header name as written (printable copy) */
} column;

/* A rejection for a duplicate id: its index in res->rejects and the id. */
typedef struct dup_reject {
    size_t reject;
    char *id;
} dup_reject;

typedef struct load_state {
    kol_ctx *ctx;
    csv_reader *in;
    column *cols;
    size_t ncols;
    size_t *order; /* known columns: text (id first) then metrics */
    size_t norder;
    uint64_t first_data_row;
    size_t rejects_cap;
    roster_csv_result *res;
    int fatal; /* a fatal error stopped the fill; message in res->error */
    /* Rows of the records the library kept, in the order it added them,
     * so that a duplicate id's message can name the row of its first
     * record: the last row handed over as a record counts once the
     * library has moved on without rejecting it. */
    uint64_t *kept;
    size_t nkept, kept_cap;
    uint64_t last_row;
    int last_pending;
    char *last_id; /* id of that row (NULL: none) */
    dup_reject *dups;
    size_t ndups, dups_cap;
    kol_cli_id_spaces id_spaces; /* ids with leading or trailing spaces */
} load_state;

static void set_error(roster_csv_result *res, const char *fmt, ...)
    KOL_CLI_PRINTF(2, 3);

static void set_error(roster_csv_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
}

/* Out of memory while reading row: the load stops (never a bad row:
 * rejecting it would lose it and still exit 0). Returns the read
 * callback's value that stops it. */
static int fatal_nomem(load_state *st, uint64_t row)
{
    set_error(st->res, "%s: row %llu: out of memory",
              csv_reader_path(st->in), (unsigned long long)row);
    st->fatal = 1;
    return 1;
}

/* Keep one rejection. Returns 0, or -1 when out of memory (then the load
 * is fatal). */
static int add_reject(load_state *st, uint64_t row, char *reason)
{
    roster_csv_result *res = st->res;
    roster_csv_reject *p;

    if (reason == NULL)
        goto nomem;
    /* The reason may quote the id or a cell, or be libkol's message,
     * which escapes C0 controls but keeps C1 controls and bidirectional
     * controls: every output shows it printable. */
    kol_cli_make_printable(reason);
    p = kol_cli_grow(res->rejects, &st->rejects_cap, res->nrejects + 1,
                     sizeof *p);
    if (p == NULL) {
        free(reason);
        goto nomem;
    }
    res->rejects = p;
    res->rejects[res->nrejects].row = row;
    res->rejects[res->nrejects].reason = reason;
    res->nrejects++;
    return 0;
nomem:
    fatal_nomem(st, row);
    return -1;
}


/*
 * Parse a portrait cell "label:share;label:share..." (spaces around items,
 * labels and shares are ignored; an empty item, as after a final ';', is
 * skipped) and set it on the record. Shares are weights in any unit: the
 * library divides them by their sum. Returns KOL_STATUS_OK, the library's
 * status (message in the context), or -1 with *msg a fresh message about
 * the syntax (NULL when out of memory).
 */
static int set_portrait_cell(kol_record *rec, int32_t dimension,
                             const char *cell, size_t len, char **msg)
{
    char *buf = kol_cli_strndup(cell, len);
    const char **labels = NULL;
    double *weights = NULL;
    size_t n = 0, cap = 1, i;
    char *p, *item;
    int rc;

    *msg = NULL;
    if (buf == NULL)
        return -1;
    for (i = 0; i < len; i++)
        if (buf[i] == ';')
            cap++;
    labels = kol_cli_alloc_array(cap, sizeof *labels);
    weights = kol_cli_alloc_array(cap, sizeof *weights);
    if (labels == NULL || weights == NULL) {
        rc = -1;
        goto out;
    }
    for (p = buf; p != NULL;) {
        char *end = strchr(p, ';');
        char *colon, *lab, *num, *e;
        char shown[QUOTE_MAX + 8];

        if (end != NULL)
            *end = '\0';
        item = p;
        p = end ? end + 1 : NULL;
        while (*item == ' ' || *item == '\t')
            item++;
        e = item + strlen(item);
        while (e > item && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*item == '\0')
            continue;
        kol_cli_printable(shown, sizeof shown, item, strlen(item), QUOTE_MAX);
        colon = strrchr(item, ':');
        if (colon == NULL) {
            *msg = kol_cli_asprintf("'%s' is not label:share", shown);
            rc = -1;
            goto out;
        }
        *colon = '\0';
        lab = item;
        e = colon;
        while (e > lab && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        num = colon + 1;
        while (*num == ' ' || *num == '\t')
            num++;
        if (*lab == '\0' || cc_parse_number(num, strlen(num), &weights[n]) != 0) {
            *msg = kol_cli_asprintf("'%s' is not label:share", shown);
            rc = -1;
            goto out;
        }
        labels[n++] = lab;
    }
    rc = (int)kol_record_set_portrait(rec, dimension, labels, weights, n);
out:
    free(labels);
    free(weights);
    free(buf);
    return rc;
}

/* Reject the row being read: tell the library to skip the record and keep
 * the reason (fresh memory, or NULL when out of memory). Returns the read
 * callback's return value: 0 to go on, 1 to stop (out of memory). */
static int skip_row(load_state *st, const csv_row *row, int32_t *what,
                    char *reason)
{
    *what = KOL_READ_SKIP;
    return add_reject(st, row->number, reason) ? 1 : 0;
}

/* The row last handed over as a record was kept (the library asked for
 * the next row without rejecting it). Returns 0, or
 * -1 when out of memory (then the load is fatal). */
static int keep_last(load_state *st)
{
    uint64_t *p;

    if (!st->last_pending)
        return 0;
    st->last_pending = 0;
    p = kol_cli_grow(st->kept, &st->kept_cap, st->nkept + 1, sizeof *p);
    if (p == NULL) {
        fatal_nomem(st, st->last_row);
        return -1;
    }
    st->kept = p;
    st->kept[st->nkept++] = st->last_row;
    return 0;
}

/* kol_roster_read_fn: fill rec from the next CSV row. */
static int read_row(void *user, kol_record *rec, int32_t *what)
{
    load_state *st = user;
    csv_row row;
    size_t k;
    int rc;
    const char *rid;

    if (keep_last(st) != 0)
        return 1;
    rc = csv_reader_next(st->in, &row);

    if (rc == CSV_READER_END) {
        *what = KOL_READ_END;
        return 0;
    }
    if (rc == CSV_READER_ERROR) {
        set_error(st->res, "%s", csv_reader_error(st->in));
        st->fatal = 1;
        return 1;
    }
    st->res->rows++;

    if (row.ncells != st->ncols)
        return skip_row(st, &row, what,
                        csv_cells_reason(row.ncells, st->ncols));

    /* Known columns in st->order: text first (id first of all), so the
     * record's id is set before any metric is judged and the library's
     * messages can name it. */
    for (k = 0; k < st->norder; k++) {
        size_t c = st->order[k];
        const column *col = &st->cols[c];
        const char *cell = row.cells[c];
        size_t len = row.lens[c];
        kol_status s;
        double v;

        if (len == 0)
            continue; /* empty cell: missing */
        if (memchr(cell, '\0', len) != NULL)
            return skip_row(st, &row, what,
                            kol_cli_asprintf("column '%s': the cell holds a "
                                             "NUL byte",
                                             col->name));
        if (col->kind == COL_TEXT) {
            if (col->code == KOL_TEXT_ID)
                kol_cli_id_spaces_note(&st->id_spaces, row.number, cell,
                                       len);
            s = kol_record_set_text(rec, col->code, cell);
        } else if (col->kind == COL_PORTRAIT) {
            char *msg = NULL;
            int prc = set_portrait_cell(rec, col->code, cell, len, &msg);

            if (prc < 0) {
                const char *id = kol_record_text(rec, KOL_TEXT_ID);
                char *reason =
                    msg == NULL
                        ? NULL
                        : kol_cli_asprintf("%s%s%scolumn '%s': %s",
                                           id ? "record '" : "",
                                           id ? id : "", id ? "': " : "",
                                           col->name, msg);
                free(msg);
                return skip_row(st, &row, what, reason);
            }
            s = (kol_status)prc;
        } else if (cc_parse_number(cell, len, &v) == 0) {
            s = kol_record_set_metric(rec, col->code, v);
        } else {
            const char *id = kol_record_text(rec, KOL_TEXT_ID);
            char shown[QUOTE_MAX + 8];

            kol_cli_printable(shown, sizeof shown, cell, len, QUOTE_MAX);
            return skip_row(st, &row, what,
                            kol_cli_asprintf("%s%s%scolumn '%s': '%s' is not "
                                             "a number",
                                             id ? "record '" : "",
                                             id ? id : "", id ? "': " : "",
                                             col->name, shown));
        }
        if (s == KOL_STATUS_NOMEM)
            return fatal_nomem(st, row.number);
        if (s != KOL_STATUS_OK) {
            /* The library's own message says what and where. */
            const char *msg = kol_ctx_last_error(st->ctx);
            return skip_row(st, &row, what,
                            kol_cli_asprintf("%s", *msg ? msg
                                                        : kol_status_str(s)));
        }
    }
    /* Disputes above cooperations: each value is in its domain, but the
     * value model refuses the pair (docs/model-value.md, credit), and it
     * would refuse the whole roster at scoring time; the row is rejected
     * here instead, as every other bad row is. */
    {
        double disputes, coops;

        if (kol_record_get_metric(rec, KOL_METRIC_DISPUTES, &disputes) ==
                KOL_STATUS_OK &&
            kol_record_get_metric(rec, KOL_METRIC_COOPERATIONS, &coops) ==
                KOL_STATUS_OK &&
            disputes > coops) {
            const char *id = kol_record_text(rec, KOL_TEXT_ID);
            char dn[40], cn[40];

            /* the fewest digits that read back exactly: two numbers that
             * differ print differently (%g made 1000000.5 "1e+06") */
            return skip_row(st, &row, what,
                            kol_cli_asprintf("%s%s%sdisputes %s above "
                                             "cooperations %s",
                                             id ? "record '" : "",
                                             id ? id : "", id ? "': " : "",
                                             cc_fmt_num(dn, sizeof dn,
                                                        disputes),
                                             cc_fmt_num(cn, sizeof cn,
                                                        coops)));
        }
    }
    free(st->last_id);
    st->last_id = NULL;
    rid = kol_record_text(rec, KOL_TEXT_ID);
    if (rid != NULL &&
        (st->last_id = kol_cli_strndup(rid, strlen(rid))) == NULL)
        return fatal_nomem(st, row.number);
    st->last_row = row.number;
    st->last_pending = 1;
    return 0;
}

/* kol_roster_reject_fn: the roster refused a record (no id, duplicate). */
static int on_reject(void *user, uint64_t index, int status,
                     const char *message)
{
    load_state *st = user;
    uint64_t row = st->first_data_row + index;

    st->last_pending = 0;
    if (status == KOL_STATUS_DUPLICATE && st->last_id != NULL) {
        dup_reject *p = kol_cli_grow(st->dups, &st->dups_cap, st->ndups + 1,
                                     sizeof *p);
        if (p == NULL)
            return add_reject(st, row, NULL), 1;
        st->dups = p;
        st->dups[st->ndups].reject = st->res->nrejects;
        st->dups[st->ndups].id = st->last_id;
        st->last_id = NULL;
        st->ndups++;
    }
    return add_reject(st, row,
                      kol_cli_asprintf("%s", message && *message
                                                 ? message
                                                 : kol_status_str(status)))
               ? 1
               : 0;
}

/* A record of the roster and its position. */
typedef struct placed {
    const kol_record *rec;
    size_t pos;
} placed;

static int cmp_placed(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    uintptr_t p = (uintptr_t)x->rec, q = (uintptr_t)y->rec;
    return p < q ? -1 : p > q;
}

/* Name, in each duplicate id's message, the row of the record this load
 * kept under that id: the roster's records from position base on are the
 * rows in st->kept, in order. The records are found by id, then their
 * positions by address. Returns 0, or -1 when out of memory (then the
 * load fails, as for any other lack of memory, rather than go on with
 * messages that lack what they should say). */
static int name_first_rows(load_state *st, const kol_roster *roster,
                           size_t base)
{
    size_t n = kol_roster_size(roster), i;
    placed *all;
    int rc = 0;

    if (st->ndups == 0 || n < base || n - base != st->nkept)
        return 0;
    all = kol_cli_alloc_array(n - base, sizeof *all);
    if (all == NULL)
        return -1;
    for (i = base; i < n; i++) {
        all[i - base].pos = i - base;
        if (kol_roster_at(roster, i, &all[i - base].rec) != KOL_STATUS_OK)
            goto out;
    }
    qsort(all, n - base, sizeof *all, cmp_placed);
    for (i = 0; i < st->ndups; i++) {
        placed key, *hit;
        roster_csv_reject *r = &st->res->rejects[st->dups[i].reject];
        char *reason;

        if (kol_roster_find(roster, st->dups[i].id, &key.rec) != KOL_STATUS_OK)
            continue;
        hit = bsearch(&key, all, n - base, sizeof *all, cmp_placed);
        if (hit == NULL)
            continue; /* a record that was in the roster before the load */
        reason = kol_cli_asprintf("%s, at row %llu", r->reason,
                                  (unsigned long long)st->kept[hit->pos]);
        if (reason == NULL) {
            rc = -1;
            break;
        }
        free(r->reason);
        r->reason = reason;
    }
out:
    free(all);
    return rc;
}

/* Look a header name up. */
static void classify(const char *lower, column *col)
{
    int32_t code;
    int f;

    col->kind = COL_IGNORED;
    for (f = 0; f < 64; f++) {
        const char *name = kol_text_name(f);
        if (name == NULL)
            break;
        if (strcmp(name, lower) == 0) {
            col->kind = COL_TEXT;
            col->code = f;
            return;
        }
    }
    if (kol_metric_from_name(lower, &code) == KOL_STATUS_OK) {
        col->kind = COL_METRIC;
        col->code = code;
        return;
    }
    /* portrait_gender, portrait_age, ...: kol_dimension_name() after the
     * prefix. */
    if (strncmp(lower, "portrait_", 9) == 0) {
        for (f = 0; f < (int)kol_dimension_count(); f++) {
            const char *name = kol_dimension_name(f);
            if (name != NULL && strcmp(name, lower + 9) == 0) {
                col->kind = COL_PORTRAIT;
                col->code = f;
                return;
            }
        }
    }
}

static int cmp_order(const void *a, const void *b, const column *cols)
{
    const column *x = &cols[*(const size_t *)a];
    const column *y = &cols[*(const size_t *)b];
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->code < y->code ? -1 : x->code > y->code;
}

/* Insertion sort of the known columns (a header has few). */
static void sort_order(size_t *order, size_t n, const column *cols)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        size_t v = order[i];
        for (j = i; j > 0 && cmp_order(&order[j - 1], &v, cols) > 0; j--)
            order[j] = order[j - 1];
        order[j] = v;
    }
}

/* Read and check the header row. Returns 0 or -1 (fatal, message set). */
static int read_header(load_state *st)
{
    roster_csv_result *res = st->res;
    const char *path = csv_reader_path(st->in);
    csv_row row;
    size_t c, d;
    int have_id = 0;
    int rc = csv_reader_next(st->in, &row);

    if (rc == CSV_READER_ERROR) {
        set_error(res, "%s", csv_reader_error(st->in));
        return -1;
    }
    if (rc == CSV_READER_END) {
        set_error(res, "%s: the file is empty: expected a header row "
                       "naming the columns (id,name,platform,...)",
                  path);
        return -1;
    }
    st->first_data_row = row.number + 1;
    st->ncols = row.ncells;
    st->cols = calloc(row.ncells, sizeof *st->cols);
    st->order = kol_cli_alloc_array(row.ncells, sizeof *st->order);
    res->unknown_columns =
        kol_cli_alloc_array(row.ncells, sizeof *res->unknown_columns);
    if (st->cols == NULL || st->order == NULL || res->unknown_columns == NULL)
        goto nomem;

    for (c = 0; c < row.ncells; c++) {
        column *col = &st->cols[c];
        char shown[QUOTE_MAX + 8];
        char *lower;

        kol_cli_printable(shown, sizeof shown, row.cells[c], row.lens[c],
                          QUOTE_MAX);
        col->name = row.lens[c] ? kol_cli_strndup(shown, strlen(shown))
                                : kol_cli_asprintf("(column %zu, no name)",
                                                   c + 1);
        lower = cc_lower_dup(row.cells[c], row.lens[c]);
        if (col->name == NULL || lower == NULL) {
            free(lower);
            goto nomem;
        }
        /* A name with a NUL byte matches nothing. */
        if (memchr(row.cells[c], '\0', row.lens[c]) == NULL)
            classify(lower, col);
        free(lower);

        if (col->kind == COL_IGNORED) {
            res->unknown_columns[res->nunknown] =
                kol_cli_strndup(col->name, strlen(col->name));
            if (res->unknown_columns[res->nunknown] == NULL)
                goto nomem;
            res->nunknown++;
            continue;
        }
        for (d = 0; d < c; d++) {
            if (st->cols[d].kind == col->kind &&
                st->cols[d].code == col->code) {
                set_error(res, "%s: row 1: column '%s' appears twice in the "
                               "header (columns %zu and %zu)",
                          path, col->name, d + 1, c + 1);
                return -1;
            }
        }
        if (col->kind == COL_TEXT && col->code == KOL_TEXT_ID)
            have_id = 1;
        st->order[st->norder++] = c;
    }
    if (!have_id) {
        set_error(res, "%s: row %llu: the header has no 'id' column (each "
                       "record needs an id)",
                  path, (unsigned long long)row.number);
        return -1;
    }
    sort_order(st->order, st->norder, st->cols);
    return 0;
nomem:
    set_error(res, "%s: out of memory", path);
    return -1;
}

static int cmp_reject(const void *a, const void *b)
{
    const roster_csv_reject *x = a, *y = b;
    return x->row < y->row ? -1 : x->row > y->row;
}

int roster_csv_load(kol_ctx *ctx, kol_roster *roster, const char *path,
                    roster_csv_result *res)
{
    load_state st;
    uint64_t added = 0;
    kol_status s;
    size_t c, base;
    int ret = -1;

    memset(res, 0, sizeof *res);
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.res = res;

    st.in = csv_reader_open(path, res->error, sizeof res->error);
    if (st.in == NULL)
        return -1;
    if (read_header(&st) != 0)
        goto out;

    base = kol_roster_size(roster);
    s = kol_roster_fill(roster, read_row, on_reject, &st, &added);
    if (s == KOL_STATUS_OK && /* the read that ended it kept the last row */
        name_first_rows(&st, roster, base) != 0) {
        set_error(res, "%s: out of memory", csv_reader_path(st.in));
        goto out;
    }
    if (s != KOL_STATUS_OK) {
        if (!st.fatal)
            set_error(res, "%s: loading the roster failed: %s (%s)",
                      csv_reader_path(st.in), kol_ctx_last_error(ctx),
                      kol_status_str(s));
        goto out;
    }
    res->loaded = added;
    kol_cli_id_spaces_warn(&st.id_spaces, csv_reader_path(st.in), "id");
    if (res->nrejects > 1)
        qsort(res->rejects, res->nrejects, sizeof *res->rejects, cmp_reject);
    ret = 0;
out:
    free(st.kept);
    free(st.last_id);
    for (c = 0; c < st.ndups; c++)
        free(st.dups[c].id);
    free(st.dups);
    for (c = 0; c < st.ncols && st.cols; c++)
        free(st.cols[c].name);
    free(st.cols);
    free(st.order);
    csv_reader_close(st.in);
    return ret;
}

void roster_csv_result_free(roster_csv_result *res)
{
    size_t i;

    if (res == NULL)
        return;
    for (i = 0; i < res->nrejects; i++)
        free(res->rejects[i].reason);
    free(res->rejects);
    for (i = 0; i < res->nunknown; i++)
        free(res->unknown_columns[i]);
    free(res->unknown_columns);
    res->rejects = NULL;
    res->nrejects = 0;
    res->unknown_columns = NULL;
    res->nunknown = 0;
}
