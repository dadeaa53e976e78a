/*
 * report_data.c - traffic, deliveries and follower-profile files of
 * `kol report` (see report_data.h).
 */
#include "report_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_common.h"
#include "csv_reader.h"

#define QUOTE_MAX 40

/* ---- small helpers ------------------------------------------------- */

typedef struct rank_item {
    double v;
    const char *id;
    size_t index;
} rank_item;

static int cmp_rank(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    int c;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    c = strcmp(x->id, y->id);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

int rpt_has_price(const rpt_kol *k)
{
    return k->price > 0; /* false for NaN, the missing price */
}

const char *rpt_kols_word(size_t n)
{
    return n == 1 ? "KOL" : "KOLs";
}

size_t *rpt_rank(const rpt_model *m, int field, size_t *n)
{
    rank_item *it = kol_cli_alloc_array(m->n_kols, sizeof *it);
    size_t *ix = kol_cli_alloc_array(m->n_kols, sizeof *ix);
    size_t i, k = 0;

    *n = 0;
    if (it == NULL || ix == NULL) {
        free(it);
        free(ix);
        return NULL;
    }
    for (i = 0; i < m->n_kols; i++) {
        const rpt_kol *kol = &m->kols[i];
        /* no price, no value per price (not a value per price of 0) */
        if (!isfinite(kol->value[field]) ||
            (field == KOL_VALUE_OUT_VALUE_PER_COST && !rpt_has_price(kol)))
            continue;
        it[k].v = kol->value[field];
        it[k].id = kol->id;
        it[k].index = i;
        k++;
    }
    if (k > 1)
        qsort(it, k, sizeof *it, cmp_rank);
    for (i = 0; i < k; i++)
        ix[i] = it[i].index;
    free(it);
    *n = k;
    return ix;
}

static int reject(cc_rejects *r, uint64_t row, char *reason)
{
    return cc_rejects_add(r, row, reason);
}

/* The header error of a known column named twice (at 0-based columns
 * first and again), worded as the shared header reader words it. */
static void twice(char *err, size_t err_size, const char *shown,
                  const char *column, size_t first, size_t again)
{
    snprintf(err, err_size,
             "%s: row 1: column '%s' appears twice in the header "
             "(columns %zu and %zu)",
             shown, column, first + 1, again + 1);
}

/* ---- traffic ------------------------------------------------------- */

/* Integer timestamps below this (seconds, 1970-01-12T13:46:40Z) are no
 * Unix time of a campaign: with samples 1 apart, they look like minute
 * numbers, which the loader warns about. */
#define RPT_SMALL_TIME 1000000

int rpt_traffic_load(const char *path, rpt_traffic *tr, char *err,
                     size_t err_size)
{
    csv_reader *in;
    csv_row row;
    long post_col = -1, ts_col = -1, ch_col[RPT_MAX_CHANNELS];
    size_t c, k, ncols;
    const char *shown, *ts_name = "timestamp";
    kol_cli_far_time far = {0, ""};
    int rc, small_ints = 1;
    kol_cli_unknown unknown = {0};

    memset(tr, 0, sizeof *tr);
    in = csv_reader_open(path, err, err_size);
    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc != CSV_READER_ROW) {
        if (rc == CSV_READER_ERROR)
            snprintf(err, err_size, "%s", csv_reader_error(in));
        else
            snprintf(err, err_size,
                     "%s: the traffic file is empty: expected a header "
                     "'post_id,timestamp,views,...'",
                     shown);
        goto fail;
    }
    ncols = row.ncells;
    for (c = 0; c < row.ncells; c++) {
        int32_t code;
        char *name = kol_cli_strndup(row.cells[c], row.lens[c]);
        if (name == NULL)
            goto nomem;
        for (k = 0; name[k]; k++)
            if (name[k] >= 'A' && name[k] <= 'Z')
                name[k] = (char)(name[k] - 'A' + 'a');
        if (strcmp(name, "post_id") == 0 || strcmp(name, "timestamp") == 0 ||
            strcmp(name, "minute") == 0) {
            long *at = name[0] == 'p' ? &post_col : &ts_col;
            if (*at >= 0) {
                /* "minute" is another name of the timestamp */
                twice(err, err_size, shown,
                      name[0] == 'p' ? "post_id" : "timestamp",
                      (size_t)*at, c);
                free(name);
                goto fail;
            }
            *at = (long)c;
            if (name[0] == 'm')
                ts_name = "minute";
        } else if (kol_channel_from_name(name, &code) == KOL_STATUS_OK) {
            for (k = 0; k < tr->n_channels; k++)
                if (tr->channels[k] == code)
                    break;
            if (k < tr->n_channels) {
                twice(err, err_size, shown, kol_channel_name(code),
                      (size_t)ch_col[k], c);
                free(name);
                goto fail;
            }
            ch_col[tr->n_channels] = (long)c;
            tr->channels[tr->n_channels++] = code;
        } else {
            kol_cli_unknown_add(&unknown, row.cells[c], row.lens[c]);
        }
        free(name);
    }
    if (post_col < 0 || ts_col < 0 || tr->n_channels == 0) {
        snprintf(err, err_size,
                 "%s: row 1: the header needs post_id, timestamp and at least "
                 "one channel column (views, likes, comments, shares, saves, "
                 "follows, orders)",
                 shown);
        goto fail;
    }
    kol_cli_unknown_warn(&unknown, shown);

    for (;;) {
        rpt_series *s;
        long idx;
        int added;
        int64_t ts;
        double vals[RPT_MAX_CHANNELS];
        char *msg = NULL;

        rc = csv_reader_next(in, &row);
        if (rc == CSV_READER_END)
            break;
        if (rc == CSV_READER_ERROR) {
            snprintf(err, err_size, "%s", csv_reader_error(in));
            goto fail;
        }
        tr->rows++;
        if (row.ncells != ncols) {
            if (reject(&tr->rejects, row.number,
                       csv_cells_reason(row.ncells, ncols)))
                goto nomem;
            continue;
        }
        if (row.lens[post_col] == 0 ||
            cc_has_nul(row.cells[post_col], row.lens[post_col])) {
            if (reject(&tr->rejects, row.number,
                       kol_cli_asprintf("empty or bad post_id")))
                goto nomem;
            continue;
        }
        if (kol_cli_parse_time(row.cells[ts_col], row.lens[ts_col], &ts) != 0) {
            char p[QUOTE_MAX + 8];
            kol_cli_printable(p, sizeof p, row.cells[ts_col],
                              row.lens[ts_col], QUOTE_MAX);
            if (reject(&tr->rejects, row.number,
                       kol_cli_asprintf("timestamp '%s' is neither "
                                        "seconds nor YYYY-MM-DDTHH:MM[:SS] "
                                        "(Z or +HH:MM)",
                                        p)))
                goto nomem;
            continue;
        }
        kol_cli_far_time_note(&far, row.number, row.cells[ts_col],
                              row.lens[ts_col], ts);
        /* integer seconds before 1970-01-12: no Unix time of a campaign */
        if (memchr(row.cells[ts_col], ':', row.lens[ts_col]) != NULL ||
            ts < 0 || ts >= RPT_SMALL_TIME)
            small_ints = 0;
        for (k = 0; k < tr->n_channels; k++) {
            size_t cc = (size_t)ch_col[k];
            if (row.lens[cc] == 0) {
                vals[k] = NAN; /* not reported in this sample */
                continue;
            }
            if (cc_number_cell(kol_channel_name(tr->channels[k]),
                               row.cells[cc], row.lens[cc], -9007199254740992.0,
                               9007199254740992.0, &vals[k], &msg) != 0)
                break;
        }
        if (k < tr->n_channels) {
            if (msg == NULL || reject(&tr->rejects, row.number, msg))
                goto nomem;
            continue;
        }
        idx = cc_map_add(&tr->posts, row.cells[post_col], row.lens[post_col],
                         &added);
        if (idx < 0)
            goto nomem;
        if (added) {
            rpt_series *v = kol_cli_grow(tr->series, &tr->series_cap,
                                         tr->posts.n, sizeof *v);
            if (v == NULL)
                goto nomem;
            tr->series = v;
            memset(&v[idx], 0, sizeof v[idx]);
            v[idx].post_id = tr->posts.keys[idx];
        }
        s = &tr->series[idx];
        if (s->n_in == s->in_cap) {
            size_t cap = s->in_cap;
            int64_t *t2 = kol_cli_grow(s->in_ts, &cap, s->n_in + 1,
                                       sizeof *t2);
            double *v2;
            if (t2 == NULL)
                goto nomem;
            s->in_ts = t2;
            v2 = kol_cli_realloc_array(s->in_val, cap * tr->n_channels,
                                       sizeof *v2);
            if (v2 == NULL)
                goto nomem;
            s->in_val = v2;
            s->in_cap = cap;
        }
        s->in_ts[s->n_in] = ts;
        memcpy(&s->in_val[s->n_in * tr->n_channels], vals,
               tr->n_channels * sizeof vals[0]);
        s->n_in++;
    }
    kol_cli_far_time_warn(&far, shown, ts_name);
    if (small_ints && tr->posts.n > 0) {
        /* Minute numbers (0, 1, 2...) read as seconds put 60 samples in
         * one minute: warn when every timestamp is a small integer and
         * some post has two samples 1 apart (the rule of docs/cli.md). */
        int64_t step = 0;
        size_t i, j;
        for (i = 0; i < tr->posts.n; i++) {
            const rpt_series *se = &tr->series[i];
            for (j = 1; j < se->n_in; j++) {
                int64_t d = se->in_ts[j] - se->in_ts[j - 1];
                if (d > 0 && (step == 0 || d < step))
                    step = d;
            }
        }
        if (step == 1)
            kol_cli_warn("%s: the %s column holds integers below %d that "
                         "step by 1: they look like minute numbers, but "
                         "integer timestamps are seconds (Unix time), so "
                         "60 of them make one minute; write minute x 60 "
                         "or YYYY-MM-DDTHH:MM times",
                         shown, ts_name, RPT_SMALL_TIME);
    }
    csv_reader_close(in);
    return 0;
nomem:
    snprintf(err, err_size, "%s: out of memory", path);
fail:
    csv_reader_close(in);
    rpt_traffic_free(tr);
    return -1;
}

typedef struct emit_state {
    rpt_series *s;
    size_t nch;
    int nomem;
} emit_state;

static int on_slot(void *user, int64_t timestamp, uint32_t n_samples,
                   double score, uint32_t reasons, const double *observed,
                   const double *restored, const uint32_t *channel_reasons,
                   size_t n_channels)
{
    emit_state *es = user;
    rpt_series *s = es->s;
    (void)n_samples;
    (void)channel_reasons;

    if (s->n == s->cap) {
        size_t cap = s->cap;
        int64_t *t2 = kol_cli_grow(s->ts, &cap, s->n + 1, sizeof *t2);
        double *o2, *r2, *sc2;
        uint32_t *re2;
        if (t2 == NULL)
            goto nomem;
        s->ts = t2;
        o2 = kol_cli_realloc_array(s->obs, cap * es->nch, sizeof *o2);
        if (o2 == NULL)
            goto nomem;
        s->obs = o2;
        r2 = kol_cli_realloc_array(s->rest, cap * es->nch, sizeof *r2);
        if (r2 == NULL)
            goto nomem;
        s->rest = r2;
        re2 = kol_cli_realloc_array(s->reasons, cap, sizeof *re2);
        if (re2 == NULL)
            goto nomem;
        s->reasons = re2;
        sc2 = kol_cli_realloc_array(s->score, cap, sizeof *sc2);
        if (sc2 == NULL)
            goto nomem;
        s->score = sc2;
        s->cap = cap;
    }
    s->ts[s->n] = timestamp;
    memcpy(&s->obs[s->n * es->nch], observed, n_channels * sizeof *observed);
    memcpy(&s->rest[s->n * es->nch], restored, n_channels * sizeof *restored);
    s->reasons[s->n] = reasons;
    s->score[s->n] = score;
    s->n++;
    return 0;
nomem:
    es->nomem = 1;
    return 1;
}

/* Whether the samples of a series are in time order (the monitor refuses
 * them otherwise; the report names the post instead). Returns 0 or -1. */
static int series_in_order(const rpt_series *s)
{
    size_t i;
    for (i = 1; i < s->n_in; i++)
        if (s->in_ts[i] < s->in_ts[i - 1])
            return -1;
    return 0;
}

/* s->have: which slots and channels a sample reports (an empty cell is
 * NaN, "not reported"), and s->reported: which channels some sample
 * reports. Samples and slots are both in time order; a sample belongs to
 * slot floor((t - t0) / step), t0 the first sample. Returns 0, or -1 when
 * out of memory. */
static int mark_reported(const kol_traffic *t, rpt_series *s, size_t nch)
{
    double step = 60;
    int64_t st, t0;
    size_t j, p = 0, k;

    if (s->n == 0 || s->n_in == 0)
        return 0;
    s->have = kol_cli_alloc_array(s->n * nch, sizeof *s->have);
    if (s->have == NULL)
        return -1;
    memset(s->have, 0, s->n * nch * sizeof *s->have);
    kol_traffic_get_param(t, KOL_TRAFFIC_PARAM_STEP, &step);
    st = step >= 1 ? (int64_t)step : 60;
    t0 = s->in_ts[0];
    for (j = 0; j < s->n_in; j++) {
        int64_t slot_ts = t0 + (s->in_ts[j] - t0) / st * st;
        while (p < s->n && s->ts[p] < slot_ts)
            p++;
        if (p == s->n)
            break;
        if (s->ts[p] != slot_ts)
            continue;
        for (k = 0; k < nch; k++)
            if (!isnan(s->in_val[j * nch + k])) {
                s->have[p * nch + k] = 1;
                s->reported[k] = 1;
            }
    }
    return 0;
}

int rpt_traffic_run(kol_ctx *ctx, rpt_traffic *tr)
{
    size_t i, k;

    for (i = 0; i < tr->posts.n; i++) {
        rpt_series *s = &tr->series[i];
        kol_traffic *t = NULL;
        emit_state es;
        kol_status st;
        double best = 0.0;

        es.s = s;
        es.nch = tr->n_channels;
        es.nomem = 0;
        if (series_in_order(s) != 0) {
            char post[64];
            s->error = 1;
            snprintf(s->message, sizeof s->message,
                     "the rows of post '%s' are not in time order",
                     kol_cli_printable(post, sizeof post, s->post_id,
                                       strlen(s->post_id), 48));
            continue;
        }
        st = kol_traffic_new(ctx, tr->channels, tr->n_channels, &t);
        if (st == KOL_STATUS_OK)
            st = kol_traffic_feed(t, s->in_ts, s->in_val, s->n_in, on_slot,
                                  &es);
        if (st == KOL_STATUS_OK)
            st = kol_traffic_finish(t, on_slot, &es);
        if (es.nomem || st == KOL_STATUS_NOMEM) {
            /* not a series the monitor refuses: the report cannot go on */
            kol_traffic_free(t);
            return -1;
        }
        if (st != KOL_STATUS_OK) {
            s->error = 1;
            snprintf(s->message, sizeof s->message, "%s",
                     *kol_ctx_last_error(ctx) ? kol_ctx_last_error(ctx)
                                              : kol_status_str((int)st));
            kol_traffic_free(t);
            continue;
        }
        for (k = 0; k < tr->n_channels; k++)
            kol_traffic_totals(t, k, &s->tot_obs[k], &s->tot_rest[k],
                               &s->tot_low[k], &s->tot_high[k], NULL);
        if (mark_reported(t, s, tr->n_channels) != 0) {
            kol_traffic_free(t);
            return -1;
        }
        kol_traffic_counts(t, NULL, &s->flagged, NULL);
        s->n_iv = kol_traffic_interval_count(t, NULL);
        if (s->n_iv > 0) {
            s->iv = kol_cli_alloc_array(s->n_iv, sizeof *s->iv);
            if (s->iv == NULL) {
                kol_traffic_free(t);
                return -1;
            }
            for (k = 0; k < s->n_iv; k++) {
                rpt_interval *iv = &s->iv[k];
                memset(iv, 0, sizeof *iv);
                kol_traffic_interval_at(t, k, &iv->start, &iv->end,
                                        &iv->reasons, &iv->peak,
                                        iv->inflated);
            }
        }
        /* The channel shown in the chart: the one with the largest share
         * of inflated traffic; views (or the first channel) when none. */
        s->main_channel = 0;
        for (k = 0; k < tr->n_channels; k++)
            if (tr->channels[k] == KOL_CHANNEL_VIEWS)
                s->main_channel = k;
        for (k = 0; k < tr->n_channels; k++) {
            double share = s->tot_obs[k] > 0
                               ? (s->tot_obs[k] - s->tot_rest[k]) /
                                     s->tot_obs[k]
                               : 0.0;
            if (share > best + 1e-12) {
                best = share;
                s->main_channel = k;
            }
        }
        kol_traffic_free(t);
    }
    return 0;
}

void rpt_traffic_free(rpt_traffic *tr)
{
    size_t i;
    if (tr == NULL)
        return;
    for (i = 0; i < tr->posts.n && tr->series; i++) {
        rpt_series *s = &tr->series[i];
        free(s->in_ts);
        free(s->in_val);
        free(s->ts);
        free(s->obs);
        free(s->rest);
        free(s->reasons);
        free(s->score);
        free(s->have);
        free(s->iv);
    }
    free(tr->series);
    cc_map_free(&tr->posts);
    cc_rejects_free(&tr->rejects);
    memset(tr, 0, sizeof *tr);
}

/* ---- deliveries ---------------------------------------------------- */

#define MAX_CODES 64

/* The restored field of a traffic channel, or -1. */
static int restored_field(int32_t channel, int *reported)
{
    switch (channel) {
    case KOL_CHANNEL_VIEWS:
        *reported = KOL_DELIVERY_VIEWS;
        return KOL_DELIVERY_RESTORED_VIEWS;
    case KOL_CHANNEL_LIKES:
        *reported = KOL_DELIVERY_LIKES;
        return KOL_DELIVERY_RESTORED_LIKES;
    case KOL_CHANNEL_COMMENTS:
        *reported = KOL_DELIVERY_COMMENTS;
        return KOL_DELIVERY_RESTORED_COMMENTS;
    case KOL_CHANNEL_SHARES:
        *reported = KOL_DELIVERY_SHARES;
        return KOL_DELIVERY_RESTORED_SHARES;
    case KOL_CHANNEL_SAVES:
        *reported = KOL_DELIVERY_SAVES;
        return KOL_DELIVERY_RESTORED_SAVES;
    case KOL_CHANNEL_FOLLOWS:
        *reported = KOL_DELIVERY_FOLLOWER_GAIN;
        return KOL_DELIVERY_RESTORED_FOLLOWER_GAIN;
    case KOL_CHANNEL_ORDERS:
        *reported = KOL_DELIVERY_ORDERS;
        return KOL_DELIVERY_RESTORED_ORDERS;
    default:
        return -1;
    }
}

int rpt_deliveries_load(kol_ctx *ctx, const char *path,
                        const rpt_traffic *tr, kol_roi *roi,
                        size_t *restored, cc_rejects *rejects, char *err,
                        size_t err_size)
{
    csv_reader *in;
    csv_row row;
    kol_delivery *d = NULL;
    int *key_of = NULL, *field_of = NULL;
    size_t c, ncols;
    long post_col = -1, kol_col = -1, cost_col = -1;
    const char *shown;
    int rc;
    kol_cli_unknown unknown = {0};
    kol_cli_id_spaces kol_spaces = {0, 0, ""};

    *restored = 0;
    in = csv_reader_open(path, err, err_size);
    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc != CSV_READER_ROW) {
        if (rc == CSV_READER_ERROR)
            snprintf(err, err_size, "%s", csv_reader_error(in));
        else
            snprintf(err, err_size,
                     "%s: the deliveries file is empty: expected a header "
                     "naming kol_id, cost, ...",
                     shown);
        goto fail;
    }
    ncols = row.ncells;
    key_of = kol_cli_alloc_array(ncols, sizeof *key_of);
    field_of = kol_cli_alloc_array(ncols, sizeof *field_of);
    if (key_of == NULL || field_of == NULL ||
        kol_delivery_new(ctx, &d) != KOL_STATUS_OK)
        goto nomem;
    for (c = 0; c < ncols; c++) {
        int k;
        key_of[c] = field_of[c] = -1;
        for (k = 0; k < MAX_CODES; k++) {
            const char *n = kol_delivery_key_name(k);
            if (n != NULL && cc_same_name(row.cells[c], row.lens[c], n)) {
                key_of[c] = k;
                break;
            }
        }
        for (k = 0; key_of[c] < 0 && k < MAX_CODES; k++) {
            const char *n = kol_delivery_field_name(k);
            if (n != NULL && cc_same_name(row.cells[c], row.lens[c], n)) {
                field_of[c] = k;
                break;
            }
        }
        if (key_of[c] >= 0 || field_of[c] >= 0) {
            size_t e;
            for (e = 0; e < c; e++)
                if ((key_of[c] >= 0 && key_of[e] == key_of[c]) ||
                    (field_of[c] >= 0 && field_of[e] == field_of[c]))
                    break;
            if (e < c) {
                twice(err, err_size, shown,
                      key_of[c] >= 0 ? kol_delivery_key_name(key_of[c])
                                     : kol_delivery_field_name(field_of[c]),
                      e, c);
                goto fail;
            }
        }
        if (key_of[c] == KOL_DELIVERY_KEY_POST_ID)
            post_col = (long)c;
        if (key_of[c] == KOL_DELIVERY_KEY_KOL_ID)
            kol_col = (long)c;
        if (field_of[c] == KOL_DELIVERY_COST)
            cost_col = (long)c;
        if (key_of[c] < 0 && field_of[c] < 0) {
            kol_cli_unknown_add(&unknown, row.cells[c], row.lens[c]);
        }
    }
    if (kol_col < 0 || cost_col < 0) {
        snprintf(err, err_size,
                 "%s: row 1: the header needs kol_id and cost columns", shown);
        goto fail;
    }
    kol_cli_unknown_warn(&unknown, shown);

    for (;;) {
        double val[MAX_CODES];
        unsigned char have[MAX_CODES];
        kol_status st = KOL_STATUS_OK;
        char *msg = NULL;
        int bad = 0;

        rc = csv_reader_next(in, &row);
        if (rc == CSV_READER_END)
            break;
        if (rc == CSV_READER_ERROR) {
            snprintf(err, err_size, "%s", csv_reader_error(in));
            goto fail;
        }
        if (row.ncells != ncols) {
            if (reject(rejects, row.number,
                       csv_cells_reason(row.ncells, ncols)))
                goto nomem;
            continue;
        }
        kol_cli_id_spaces_note(&kol_spaces, row.number, row.cells[kol_col],
                               row.lens[kol_col]);
        kol_delivery_reset(d);
        memset(have, 0, sizeof have);
        for (c = 0; c < ncols && !bad; c++) {
            if (row.lens[c] == 0)
                continue;
            if (cc_has_nul(row.cells[c], row.lens[c])) {
                msg = kol_cli_asprintf("a cell holds a NUL byte");
                bad = 1;
            } else if (key_of[c] == KOL_DELIVERY_KEY_PLATFORM ||
                       key_of[c] == KOL_DELIVERY_KEY_TIER) {
                /* ASCII case does not count, as in `kol roi` */
                char *name = cc_lower_dup(row.cells[c], row.lens[c]);
                if (name == NULL)
                    goto nomem;
                st = kol_delivery_set_key(d, key_of[c], name);
                free(name);
                bad = st != KOL_STATUS_OK;
            } else if (key_of[c] >= 0) {
                st = kol_delivery_set_key(d, key_of[c], row.cells[c]);
                bad = st != KOL_STATUS_OK;
            } else if (field_of[c] >= 0) {
                double v;
                if (cc_parse_number(row.cells[c], row.lens[c], &v) != 0) {
                    char p[QUOTE_MAX + 8];
                    kol_cli_printable(p, sizeof p, row.cells[c], row.lens[c],
                                      QUOTE_MAX);
                    msg = kol_cli_asprintf("column '%s': '%s' is not a number",
                                           kol_delivery_field_name(
                                               field_of[c]),
                                           p);
                    bad = 1;
                } else {
                    st = kol_delivery_set(d, field_of[c], v);
                    bad = st != KOL_STATUS_OK;
                    val[field_of[c]] = v;
                    have[field_of[c]] = 1;
                }
            }
        }
        if (!bad && tr != NULL && post_col >= 0 && row.lens[post_col] > 0) {
            long idx = cc_map_find(&tr->posts, row.cells[post_col],
                                   row.lens[post_col]);
            const rpt_series *s = idx >= 0 ? &tr->series[idx] : NULL;
            int any = 0;
            size_t k;
            for (k = 0; s != NULL && !s->error && k < tr->n_channels; k++) {
                int rep = -1;
                int f = restored_field(tr->channels[k], &rep);
                double r;
                if (f < 0 || rep < 0 || !have[rep] || have[f])
                    continue;
                r = val[rep] - (s->tot_obs[k] - s->tot_rest[k]);
                if (f != KOL_DELIVERY_RESTORED_FOLLOWER_GAIN) {
                    if (r < 0)
                        r = 0;
                    if (r > val[rep])
                        r = val[rep];
                }
                st = kol_delivery_set(d, f, r);
                if (st != KOL_STATUS_OK) {
                    bad = 1;
                    break;
                }
                any = 1;
            }
            if (any && !bad)
                (*restored)++;
        }
        if (!bad) {
            st = kol_roi_add(roi, d);
            bad = st != KOL_STATUS_OK;
        }
        if (bad && msg == NULL && st == KOL_STATUS_NOMEM)
            goto nomem; /* not a bad row: the reading cannot go on */
        if (bad) {
            if (msg == NULL)
                msg = kol_cli_asprintf("%s", *kol_ctx_last_error(ctx)
                                                 ? kol_ctx_last_error(ctx)
                                                 : kol_status_str((int)st));
            if (reject(rejects, row.number, msg))
                goto nomem;
        }
    }
    kol_cli_id_spaces_warn(&kol_spaces, shown, "kol_id");
    kol_delivery_free(d);
    free(key_of);
    free(field_of);
    csv_reader_close(in);
    return 0;
nomem:
    snprintf(err, err_size, "%s: out of memory", path);
fail:
    kol_delivery_free(d);
    free(key_of);
    free(field_of);
    csv_reader_close(in);
    return -1;
}

/* ---- follower profiles --------------------------------------------- */

/* The followers of one KOL, each scored as its row was read (a row the
 * model refuses is rejected with its number, as `kol audience` does). */
typedef struct prof_kol {
    double *prob;   /* fake probability of each accepted row */
    int32_t *verd;  /* its verdict */
    size_t rows, cap;
} prof_kol;

int rpt_profiles_load(kol_ctx *ctx, const char *path, rpt_model *m,
                      cc_rejects *rejects, char *err, size_t err_size)
{
    csv_reader *in;
    csv_row row;
    kol_audience *aud = NULL;
    cc_map kols;
    prof_kol *pk = NULL;
    size_t pk_cap = 0, n_pk = 0; /* n_pk: entries of pk initialised */
    int32_t feat[KOL_FOLLOWER_FEATURE_COUNT];
    long fcol[KOL_FOLLOWER_FEATURE_COUNT];
    size_t nfeat = 0, ncols, c, i;
    long kol_col = -1;
    const char *shown;
    int rc;
    kol_cli_unknown unknown = {0};
    kol_cli_id_spaces kol_spaces = {0, 0, ""};

    memset(&kols, 0, sizeof kols);
    in = csv_reader_open(path, err, err_size);
    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc != CSV_READER_ROW) {
        if (rc == CSV_READER_ERROR)
            snprintf(err, err_size, "%s", csv_reader_error(in));
        else
            snprintf(err, err_size,
                     "%s: the follower profile file is empty: expected a "
                     "header naming kol_id and follower features",
                     shown);
        goto fail;
    }
    ncols = row.ncells;
    for (c = 0; c < ncols; c++) {
        int32_t code;
        char *name = kol_cli_strndup(row.cells[c], row.lens[c]);
        size_t k;
        if (name == NULL)
            goto nomem;
        for (k = 0; name[k]; k++)
            if (name[k] >= 'A' && name[k] <= 'Z')
                name[k] = (char)(name[k] - 'A' + 'a');
        if (strcmp(name, "kol_id") == 0) {
            if (kol_col >= 0) {
                twice(err, err_size, shown, "kol_id", (size_t)kol_col, c);
                free(name);
                goto fail;
            }
            kol_col = (long)c;
        } else if (kol_follower_feature_from_name(name, &code) ==
                   KOL_STATUS_OK) {
            for (k = 0; k < nfeat && feat[k] != code; k++)
                ;
            if (k < nfeat) {
                twice(err, err_size, shown, kol_follower_feature_name(code),
                      (size_t)fcol[k], c);
                free(name);
                goto fail;
            }
            feat[nfeat] = code;
            fcol[nfeat++] = (long)c;
        } else {
            kol_cli_unknown_add(&unknown, row.cells[c], row.lens[c]);
        }
        free(name);
    }
    if (kol_col < 0 || nfeat == 0) {
        snprintf(err, err_size,
                 "%s: row 1: the header needs kol_id and at least one "
                 "follower feature (followers, following, posts, ...)",
                 shown);
        goto fail;
    }
    kol_cli_unknown_warn(&unknown, shown);
    if (kol_audience_new(ctx, &aud) != KOL_STATUS_OK)
        goto nomem;
    for (;;) {
        double v[KOL_FOLLOWER_FEATURE_COUNT];
        char *msg = NULL;
        long idx;
        int added;
        size_t k;
        double prob = 0;
        int32_t verd = KOL_AUDIENCE_UNKNOWN;
        kol_status st;

        rc = csv_reader_next(in, &row);
        if (rc == CSV_READER_END)
            break;
        if (rc == CSV_READER_ERROR) {
            snprintf(err, err_size, "%s", csv_reader_error(in));
            goto fail;
        }
        if (row.ncells != ncols || row.lens[kol_col] == 0) {
            if (reject(rejects, row.number,
                       kol_cli_asprintf(row.ncells != ncols
                                            ? "wrong number of cells"
                                            : "empty kol_id")))
                goto nomem;
            continue;
        }
        for (k = 0; k < nfeat; k++) {
            size_t cc = (size_t)fcol[k];
            if (row.lens[cc] == 0) {
                v[k] = NAN; /* unknown for this follower */
                continue;
            }
            if (cc_number_cell(kol_follower_feature_name(feat[k]),
                               row.cells[cc], row.lens[cc], 0.0,
                               9007199254740992.0, &v[k], &msg) != 0)
                break;
        }
        if (k < nfeat) {
            if (msg == NULL || reject(rejects, row.number, msg))
                goto nomem;
            continue;
        }
        /* One row per call: a row the model refuses (a flag other than 0
         * or 1, more digits than characters in the username...) is
         * rejected on its own, the KOL's other rows still count. */
        st = kol_audience_score(aud, feat, nfeat, v, 1, &prob, &verd);
        if (st == KOL_STATUS_NOMEM)
            goto nomem;
        if (st != KOL_STATUS_OK) {
            /* the library's "row 0" is the CSV row the rejection names */
            if (reject(rejects, row.number,
                       kol_cli_audience_row_error(kol_ctx_last_error(ctx),
                                                  (int)st)))
                goto nomem;
            continue;
        }
        kol_cli_id_spaces_note(&kol_spaces, row.number, row.cells[kol_col],
                               row.lens[kol_col]);
        idx = cc_map_add(&kols, row.cells[kol_col], row.lens[kol_col], &added);
        if (idx < 0)
            goto nomem;
        if (added) {
            prof_kol *p2 = kol_cli_grow(pk, &pk_cap, kols.n, sizeof *p2);
            if (p2 == NULL)
                goto nomem;
            pk = p2;
            memset(&pk[idx], 0, sizeof pk[idx]);
            n_pk = (size_t)idx + 1;
        }
        {
            prof_kol *p = &pk[idx];
            if (p->rows == p->cap) {
                size_t cap = p->cap ? 2 * p->cap : 64;
                double *np;
                int32_t *nv;
                np = kol_cli_realloc_array(p->prob, cap, sizeof *np);
                if (np == NULL)
                    goto nomem;
                p->prob = np;
                nv = kol_cli_realloc_array(p->verd, cap, sizeof *nv);
                if (nv == NULL)
                    goto nomem;
                p->verd = nv;
                p->cap = cap;
            }
            p->prob[p->rows] = prob;
            p->verd[p->rows] = verd;
            p->rows++;
        }
    }
    kol_cli_id_spaces_warn(&kol_spaces, shown, "kol_id");
    csv_reader_close(in);
    in = NULL;

    m->aq = kol_cli_alloc_array(kols.n, sizeof *m->aq);
    if (m->aq == NULL)
        goto nomem;
    for (i = 0; i < kols.n; i++) {
        rpt_audience *a = &m->aq[i];
        prof_kol *p = &pk[i];
        size_t r, j;
        kol_status st;

        memset(a, 0, sizeof *a);
        a->kol_id = kols.keys[i];
        kols.keys[i] = NULL; /* moved */
        a->rows = p->rows;
        a->roster_ratio = NAN;
        m->n_aq++;
        for (j = 0; j < m->n_kols; j++)
            if (strcmp(m->kols[j].id, a->kol_id) == 0)
                a->roster_ratio = m->kols[j].real_ratio;
        st = kol_audience_real_ratio(aud, p->prob, p->verd, p->rows,
                                     &a->ratio, &a->low, &a->high, &a->used);
        a->ok = st == KOL_STATUS_OK;
        for (r = 0; r < p->rows; r++)
            if (p->verd[r] == KOL_AUDIENCE_FAKE)
                a->fakes++;
    }
    kol_audience_free(aud);
    for (i = 0; i < kols.n; i++) {
        free(pk[i].prob);
        free(pk[i].verd);
    }
    free(pk);
    /* keys moved out were set to NULL: cc_map_free frees the rest */
    cc_map_free(&kols);
    return 0;
nomem:
    snprintf(err, err_size, "%s: out of memory", path);
fail:
    kol_audience_free(aud);
    for (i = 0; i < n_pk; i++) {
        free(pk[i].prob);
        free(pk[i].verd);
    }
    free(pk);
    cc_map_free(&kols);
    csv_reader_close(in);
    return -1;
}
