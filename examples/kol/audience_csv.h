/*
 * audience_csv.h - a `kol_id,follower_id` CSV file -> one HyperLogLog
 * sketch per KOL (used by `kol overlap` and `kol plan --audience`).
 *
 * The file is read incrementally (csv_reader.c). Its header names the
 * columns kol_id and follower_id (any order, any case; other columns are
 * ignored with a warning). A follower id that is a canonical decimal
 * number (digits only, no leading zero, at most 18446744073709551615) is
 * added as a 64-bit id (kol_sketch_add_ids); any other id is added as its
 * bytes (kol_sketch_add_bytes), as docs/model-overlap.md section 6 says.
 * So "42" and "042" are two different followers. A row with the wrong
 * number of cells, an empty kol_id or an empty follower_id is rejected and
 * the others still count.
 */
#ifndef KOL_CLI_AUDIENCE_CSV_H
#define KOL_CLI_AUDIENCE_CSV_H

#include <kol.h>

#include "cmd_common.h"

typedef struct audience_set {
    cc_map kols;           /* KOL ids, in order of first appearance */
    kol_sketch **sketches; /* one per KOL */
    size_t sketches_cap;
    uint64_t *first_row;   /* per KOL: the CSV row it first appears on */
    size_t first_row_cap;
    uint64_t rows;         /* data rows read */
    uint64_t followers;    /* rows added to a sketch */
    cc_rejects rejects;
} audience_set;

/* Load path. Returns 0, or -1 with a message in err (cannot open, empty,
 * malformed CSV, a missing column, a library error, out of memory). On
 * failure *set is freed. */
int audience_load(kol_ctx *ctx, const char *path, int precision,
                  audience_set *set, char *err, size_t err_size);
void audience_free(audience_set *set);

#endif /* KOL_CLI_AUDIENCE_CSV_H */
