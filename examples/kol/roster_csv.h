/*
 * roster_csv.h - load KOL records from a CSV file into a kol_roster through
 * the library's callback API (kol_roster_fill).
 *
 * The CSV has a header row naming its columns, in any order. Only `id` is
 * required. Text columns: id, name, platform, category (kol_text_name());
 * metric columns: every name kol_metric_name() knows (followers, price,
 * real_follower_ratio, ...); portrait columns: portrait_gender,
 * portrait_age, portrait_region, portrait_interest (portrait_ followed by a
 * kol_dimension_name()), each cell "label:share;label:share..." (shares in
 * any unit, normalized by the library; kol_record_set_portrait). Header
 * names are matched without regard to
 * ASCII case. Unknown columns are ignored (and listed in the result so the
 * caller can warn); a column named twice, or a header without `id`, is a
 * fatal error.
 *
 * Each data row becomes one record. An empty cell is a missing value. A
 * number must fill its whole cell, in decimal notation (12, 3.5, 1e6; see
 * cc_parse_number() in cmd_common.h);
 * "nan" and "inf" are passed to the library, which refuses them with its
 * own message. A row is rejected, and loading goes on, when: its number of
 * cells differs from the header's, a cell holds a NUL byte, a metric cell
 * is not a number, a portrait cell is not label:share items, the library
 * refuses a value (kol_record_set_text, kol_record_set_metric,
 * kol_record_set_portrait), disputes is above cooperations, or the roster
 * refuses the record (no id, an id already present). Each rejection keeps the row number (the CSV record
 * number; the header is row 1, so the first data row is row 2) and the
 * reason: the library's message (kol_ctx_last_error) or the parse problem;
 * for an id given twice in the file, followed by ", at row N", the row of
 * the record that was loaded under it. A reason is made printable
 * (kol_cli_make_printable(): it may quote an id or a cell).
 *
 * Fatal errors (the file cannot be opened or read, malformed CSV, an empty
 * file, a bad header, lack of memory) leave the roster unchanged.
 */
#ifndef KOL_CLI_ROSTER_CSV_H
#define KOL_CLI_ROSTER_CSV_H

#include <stddef.h>
#include <stdint.h>

#include <kol.h>

/* One rejected row. */
typedef struct roster_csv_reject {
    uint64_t row; /* CSV record number (header = 1) */
    char *reason;
} roster_csv_reject;

/* What a load did. Free with roster_csv_result_free(). */
typedef struct roster_csv_result {
    uint64_t rows;      /* data rows read (loaded + rejected) */
    uint64_t loaded;    /* records added to the roster */
    roster_csv_reject *rejects; /* sorted by row */
    size_t nrejects;
    char **unknown_columns; /* header names ignored, in file order */
    size_t nunknown;
    char error[1024];   /* the fatal error's message, "" when none */
} roster_csv_result;

/*
 * Load path ("-": standard input) into roster (made from ctx). Returns 0
 * when the file was read (rows may have been rejected), -1 on a fatal error
 * (message in res->error, naming the file; roster unchanged). res is
 * always initialized and must be freed with roster_csv_result_free().
 */
int roster_csv_load(kol_ctx *ctx, kol_roster *roster, const char *path,
                    roster_csv_result *res);

/* Free what a result holds. Accepts NULL. */
void roster_csv_result_free(roster_csv_result *res);

#endif /* KOL_CLI_ROSTER_CSV_H */
