/*
 * csv_reader.h - an incremental CSV row reader over libcsv.
 *
 * The file is read in blocks and handed to libcsv up to one line at a
 * time, so only the rows not yet consumed are kept in memory (usually one),
 * never the whole file. It understands RFC 4180 quoting (cells may hold
 * commas, quotes and line breaks), LF, CRLF and CR line endings and a UTF-8
 * byte order mark at the start of the file. Spaces and tabs around unquoted
 * cells are trimmed (libcsv's default). Blank lines are not records and are
 * not counted.
 *
 * Rows are numbered by CSV record: the first record (a header, if the file
 * has one) is row 1. A record may span several lines when a quoted cell
 * holds a line break, so a row number is not always a line number.
 *
 * Errors are fatal for the reader (libcsv cannot resume after one): a read
 * error, malformed quoting (libcsv strict mode), a cell longer than
 * CSV_READER_MAX_CELL (libcsv holds a cell whole before handing it over,
 * so it cannot be skipped), a first record (the header) of more than
 * CSV_READER_MAX_CELLS cells, lack of memory. The message names the file
 * and the row. A later record of more than CSV_READER_MAX_CELLS cells is
 * not an error: it is handed out with its true number of cells and only
 * the first CSV_READER_MAX_CELLS of them (see csv_row), for the caller to
 * reject as a row whose number of cells differs from the header's.
 */
#ifndef KOL_CLI_CSV_READER_H
#define KOL_CLI_CSV_READER_H

#include <stddef.h>
#include <stdint.h>

/* Longest cell accepted, in bytes; longer is a fatal error (such a cell is
 * almost always an unbalanced quote swallowing the rest of the file). */
#define CSV_READER_MAX_CELL (1024u * 1024u)
/* Most cells kept of one row: more in the header is a fatal error; a later
 * row with more is handed out with only these (csv_row). */
#define CSV_READER_MAX_CELLS 65536u

typedef struct csv_reader csv_reader;

/* One row, valid until the next call on the reader. cells and lens hold
 * ncells entries, except for a row (never the first) of more than
 * CSV_READER_MAX_CELLS cells: they then hold its first
 * CSV_READER_MAX_CELLS only. Its ncells is above any header's count (at
 * most CSV_READER_MAX_CELLS), so a caller that checks ncells against the
 * header's count before reading a cell, as every caller does, rejects it
 * unread. */
typedef struct csv_row {
    uint64_t number;          /* CSV record number, 1-based */
    size_t ncells;            /* number of cells, at least 1 */
    const char *const *cells; /* each NUL-terminated (may hold NUL bytes) */
    const size_t *lens;       /* byte length of each cell */
} csv_row;

/* What csv_reader_next() returns. */
enum {
    CSV_READER_ERROR = -1, /* see csv_reader_error() */
    CSV_READER_ROW = 0,    /* *row holds the next row */
    CSV_READER_END = 1     /* no more rows */
};

/*
 * Open path for reading ("-" reads standard input). Returns the reader, or
 * NULL with a message in err (err_size bytes) naming the file and the
 * reason.
 */
csv_reader *csv_reader_open(const char *path, char *err, size_t err_size);

/* Next row: CSV_READER_ROW, CSV_READER_END or CSV_READER_ERROR. After an
 * error or the end, every later call returns the same. */
int csv_reader_next(csv_reader *r, csv_row *row);

/* Message of the error that stopped the reader ("" when none): names the
 * file and, when it is about the content, the row. */
const char *csv_reader_error(const csv_reader *r);

/* The path as given to csv_reader_open() ("standard input" for "-"). */
const char *csv_reader_path(const csv_reader *r);

/* Close the file and free the reader. Accepts NULL. */
void csv_reader_close(csv_reader *r);

/* The reason given for a row whose number of cells differs from the
 * header's ("N cells, but the header has M columns"): its cells cannot be
 * trusted to sit under their headers. Allocated (kol_cli_asprintf); NULL
 * when out of memory. */
char *csv_cells_reason(size_t cells, size_t columns);

#endif /* KOL_CLI_CSV_READER_H */
