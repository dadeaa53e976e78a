/*
 * audience_csv.c - `kol_id,follower_id` CSV -> one sketch per KOL (see
 * audience_csv.h).
 */
#include "audience_csv.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv_reader.h"

/* Whether s is a canonical decimal uint64 (no sign, no leading zero). */
static int canonical_id(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
        return 0;
    for (i = 0; i < len; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9')
            return 0;
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10u)
            return 0;
        v = v * 10u + d;
    }
    *out = v;
    return 1;
}

void audience_free(audience_set *set)
{
    size_t i;
    for (i = 0; i < set->kols.n; i++)
        kol_sketch_free(set->sketches[i]);
    free(set->sketches);
    free(set->first_row);
    cc_map_free(&set->kols);
    cc_rejects_free(&set->rejects);
    memset(set, 0, sizeof *set);
}

int audience_load(kol_ctx *ctx, const char *path, int precision,
                  audience_set *set, char *err, size_t err_size)
{
    static const char *const names[] = {"kol_id", "follower_id"};
    csv_reader *in;
    csv_row row;
    long col[2];
    const char *shown;
    kol_cli_unknown unknown;
    kol_cli_id_spaces kol_spaces = {0, 0, ""}, fol_spaces = {0, 0, ""};
    int rc;

    memset(set, 0, sizeof *set);
    in = csv_reader_open(path, err, err_size);
    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc == CSV_READER_ERROR) {
        snprintf(err, err_size, "%s", csv_reader_error(in));
        goto fail;
    }
    if (rc == CSV_READER_END) {
        snprintf(err, err_size, "%s: the file is empty: expected a header "
                                "row 'kol_id,follower_id'",
                 shown);
        goto fail;
    }
    if (cc_header(&row, shown, names, 2, col, &unknown, err, err_size) != 0)
        goto fail;
    if (col[0] < 0 || col[1] < 0) {
        snprintf(err, err_size, "%s: row %llu: the header has no '%s' column",
                 shown, (unsigned long long)row.number,
                 col[0] < 0 ? "kol_id" : "follower_id");
        goto fail;
    }
    kol_cli_unknown_warn(&unknown, shown);
    {
        size_t ncols = row.ncells;
        for (;;) {
            const char *kid, *fid;
            size_t klen, flen;
            long k;
            int added;
            uint64_t id;
            kol_status s;
            char *why = NULL;

            rc = csv_reader_next(in, &row);
            if (rc == CSV_READER_END)
                break;
            if (rc == CSV_READER_ERROR) {
                snprintf(err, err_size, "%s", csv_reader_error(in));
                goto fail;
            }
            set->rows++;
            if (row.ncells != ncols) {
                /* Checked before any cell is read: a short row has no
                 * cell at col[0] or col[1]. */
                why = csv_cells_reason(row.ncells, ncols);
                if (cc_rejects_add(&set->rejects, row.number, why) != 0)
                    goto nomem;
                continue;
            }
            kid = row.cells[col[0]];
            klen = row.lens[col[0]];
            fid = row.cells[col[1]];
            flen = row.lens[col[1]];
            if (klen == 0)
                why = kol_cli_asprintf("empty kol_id");
            else if (flen == 0)
                why = kol_cli_asprintf("empty follower_id");
            else if (cc_has_nul(kid, klen) || cc_has_nul(fid, flen))
                why = kol_cli_asprintf("a cell holds a NUL byte");
            else
                goto good;
            if (cc_rejects_add(&set->rejects, row.number, why) != 0)
                goto nomem;
            continue;
        good:
            kol_cli_id_spaces_note(&kol_spaces, row.number, kid, klen);
            kol_cli_id_spaces_note(&fol_spaces, row.number, fid, flen);
            k = cc_map_add(&set->kols, kid, klen, &added);
            if (k < 0)
                goto nomem;
            if (added) {
                kol_sketch **p = kol_cli_grow(set->sketches,
                                              &set->sketches_cap,
                                              set->kols.n,
                                              sizeof *p);
                if (p == NULL)
                    goto nomem;
                set->sketches = p;
                set->sketches[k] = NULL;
                {
                    uint64_t *fr = kol_cli_grow(set->first_row,
                                                &set->first_row_cap,
                                                set->kols.n, sizeof *fr);
                    if (fr == NULL)
                        goto nomem; /* sketches[k] is NULL: freed safely */
                    set->first_row = fr;
                    fr[k] = row.number;
                }
                s = kol_sketch_new(ctx, precision, KOL_SKETCH_DEFAULT_SEED,
                                   &set->sketches[k]);
                if (s != KOL_STATUS_OK) {
                    snprintf(err, err_size, "%s: row %llu: %s (%s)", shown,
                             (unsigned long long)row.number,
                             kol_ctx_last_error(ctx), kol_status_str(s));
                    goto fail;
                }
            }
            if (canonical_id(fid, flen, &id))
                s = kol_sketch_add_ids(set->sketches[k], &id, 1);
            else
                s = kol_sketch_add_bytes(set->sketches[k], fid, flen);
            if (s != KOL_STATUS_OK) {
                snprintf(err, err_size, "%s: row %llu: %s (%s)", shown,
                         (unsigned long long)row.number,
                         kol_ctx_last_error(ctx), kol_status_str(s));
                goto fail;
            }
            set->followers++;
        }
    }
    kol_cli_id_spaces_warn(&kol_spaces, shown, "kol_id");
    kol_cli_id_spaces_warn(&fol_spaces, shown, "follower_id");
    csv_reader_close(in);
    return 0;
nomem:
    snprintf(err, err_size, "%s: out of memory", shown);
fail:
    /* sketches[0 .. min(n, cap)) are set: a KOL whose slot could not be
     * made lies beyond the capacity, and one whose sketch failed is NULL
     * (kol_sketch_new() sets it). */
    {
        size_t i, have = set->kols.n < set->sketches_cap ? set->kols.n
                                                         : set->sketches_cap;
        for (i = 0; i < have; i++)
            kol_sketch_free(set->sketches[i]);
        free(set->sketches);
        set->sketches = NULL;
        free(set->first_row);
        set->first_row = NULL;
        cc_map_free(&set->kols);
        cc_rejects_free(&set->rejects);
    }
    csv_reader_close(in);
    return -1;
}
