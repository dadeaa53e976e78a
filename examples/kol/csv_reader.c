/*
 * csv_reader.c - incremental CSV row reader over libcsv (see csv_reader.h).
 *
 * libcsv is push-based: csv_parse() calls a field callback for every cell
 * and a row callback at the end of every record. We turn that into a pull
 * interface: csv_reader_next() feeds the parser one line (up to and
 * including the next '\n' of the read buffer) at a time until at least one
 * complete row is queued, then hands out the queued rows one by one. A line
 * completes at most one record, except in files with bare CR line endings,
 * where one block may complete several; the queue holds them.
 */
#include "csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define READ_BLOCK 65536u

/* A queued row: its cells are cells[first .. first + ncells), followed
 * in the file by extra cells that were counted, not kept (beyond
 * CSV_READER_MAX_CELLS). */
typedef struct queued_row {
    size_t first;
    size_t ncells;
    size_t extra;
    uint64_t number;
} queued_row;

struct csv_reader {
    FILE *fp;
    int owns_fp;
    char *path;
    struct csv_parser parser;
    int parser_ready;

    unsigned char *block; /* read buffer */
    size_t block_len, block_pos;
    int started;  /* first block read (byte order mark checked) */
    int eof;      /* fread() reported the end of the file */
    int finished; /* csv_fini() called: no more rows will come */
    int failed;   /* an error stopped the reader */

    /* Queue of parsed cells: text in bytes[], one NUL after each cell. */
    char *bytes;
    size_t bytes_len, bytes_cap;
    size_t *cell_off, *cell_len;
    size_t ncells, off_cap, len_cap;
    size_t row_start; /* first cell of the row being parsed */
    size_t row_extra; /* its cells beyond CSV_READER_MAX_CELLS, not kept */
    queued_row *rows;
    size_t nrows, rows_cap, rows_head;
    uint64_t records; /* records completed so far */

    /* Set by the libcsv callbacks, which cannot return an error. */
    int cb_error; /* 0, or one of CB_* */

    /* The row handed out by csv_reader_next(). */
    const char **ptrs;
    size_t ptrs_cap;
    int header_out; /* the first row (the header) was handed out */

    char err[768];
};

enum { CB_OK = 0, CB_NOMEM, CB_CELL_TOO_LONG, CB_TOO_MANY_CELLS };

static void fail(csv_reader *r, const char *fmt, ...) KOL_CLI_PRINTF(2, 3);

/* Record the reader's fatal error: "<path>: <message>". */
static void fail(csv_reader *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, sizeof r->err, "%s: ", r->path);
    if (n < 0 || (size_t)n >= sizeof r->err)
        n = 0;
    va_start(ap, fmt);
    vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
    va_end(ap);
    r->failed = 1;
}

/* libcsv field callback: queue one cell. */
static void on_cell(void *data, size_t len, void *user)
{
    csv_reader *r = user;

    if (r->cb_error)
        return;
    if (len > CSV_READER_MAX_CELL) {
        r->cb_error = CB_CELL_TOO_LONG;
        return;
    }
    if (r->ncells - r->row_start >= CSV_READER_MAX_CELLS) {
        /* The header (the first record) is the file's shape: fatal. A
         * later row is handed out with its true count and only its first
         * cells, so that the caller rejects it, as any row whose count
         * differs from the header's, and goes on. */
        if (r->records == 0)
            r->cb_error = CB_TOO_MANY_CELLS;
        else
            r->row_extra++;
        return;
    }
    {
        char *b = kol_cli_grow(r->bytes, &r->bytes_cap, r->bytes_len + len + 1,
                               1);
        size_t *off, *lens;
        if (b == NULL) {
            r->cb_error = CB_NOMEM;
            return;
        }
        r->bytes = b;
        off = kol_cli_grow(r->cell_off, &r->off_cap, r->ncells + 1,
                           sizeof *off);
        if (off == NULL) {
            r->cb_error = CB_NOMEM;
            return;
        }
        r->cell_off = off;
        lens = kol_cli_grow(r->cell_len, &r->len_cap, r->ncells + 1,
                            sizeof *lens);
        if (lens == NULL) {
            r->cb_error = CB_NOMEM;
            return;
        }
        r->cell_len = lens;
    }
    if (len > 0)
        memcpy(r->bytes + r->bytes_len, data, len);
    r->bytes[r->bytes_len + len] = '\0';
    r->cell_off[r->ncells] = r->bytes_len;
    r->cell_len[r->ncells] = len;
    r->ncells++;
    r->bytes_len += len + 1;
}

/* libcsv row callback: the cells queued since row_start form a record. */
static void on_row(int terminator, void *user)
{
    csv_reader *r = user;
    (void)terminator;

    if (r->cb_error)
        return;
    {
        queued_row *q = kol_cli_grow(r->rows, &r->rows_cap, r->nrows + 1,
                                     sizeof *q);
        if (q == NULL) {
            r->cb_error = CB_NOMEM;
            return;
        }
        r->rows = q;
    }
    r->records++;
    r->rows[r->nrows].first = r->row_start;
    r->rows[r->nrows].ncells = r->ncells - r->row_start;
    r->rows[r->nrows].extra = r->row_extra;
    r->rows[r->nrows].number = r->records;
    r->nrows++;
    r->row_start = r->ncells;
    r->row_extra = 0;
}

csv_reader *csv_reader_open(const char *path, char *err, size_t err_size)
{
    csv_reader *r = calloc(1, sizeof *r);
    int from_stdin = strcmp(path, "-") == 0;

    if (r == NULL) {
        snprintf(err, err_size, "%s: out of memory", path);
        return NULL;
    }
    r->path = kol_cli_strndup(from_stdin ? "standard input" : path,
                              strlen(from_stdin ? "standard input" : path));
    r->block = malloc(READ_BLOCK);
    if (r->path == NULL || r->block == NULL) {
        snprintf(err, err_size, "%s: out of memory", path);
        csv_reader_close(r);
        return NULL;
    }
    if (from_stdin) {
        r->fp = stdin;
    } else {
        errno = 0;
        r->fp = fopen(path, "rb");
        if (r->fp == NULL) {
            snprintf(err, err_size, "cannot open %s: %s", path,
                     errno ? strerror(errno) : "unknown error");
            csv_reader_close(r);
            return NULL;
        }
        r->owns_fp = 1;
    }
    /* Strict mode: malformed quoting is an error, not silently accepted;
     * STRICT_FINI: an unterminated quoted cell at the end too. APPEND_NULL
     * is not needed: on_cell copies with an explicit length. */
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        snprintf(err, err_size, "%s: out of memory", path);
        csv_reader_close(r);
        return NULL;
    }
    r->parser_ready = 1;
    csv_set_blk_size(&r->parser, 4096);
    return r;
}

/* Turn a callback error into the reader's error. Returns -1 when there was
 * one. */
static int check_cb(csv_reader *r)
{
    switch (r->cb_error) {
    case CB_OK:
        return 0;
    case CB_NOMEM:
        fail(r, "row %llu: out of memory",
             (unsigned long long)(r->records + 1));
        break;
    case CB_CELL_TOO_LONG:
        fail(r, "row %llu: a cell is longer than %u bytes (an unbalanced "
                "quote?)",
             (unsigned long long)(r->records + 1), CSV_READER_MAX_CELL);
        break;
    default:
        fail(r, "row %llu: the header has more than %u columns",
             (unsigned long long)(r->records + 1), CSV_READER_MAX_CELLS);
        break;
    }
    return -1;
}

/* Forget the rows already handed out, keeping the cells of the row being
 * parsed (libcsv may have delivered some of its cells already). */
static void compact(csv_reader *r)
{
    size_t keep = r->ncells - r->row_start, base, i;

    r->nrows = 0;
    r->rows_head = 0;
    if (r->row_start == 0)
        return; /* no completed row holds cells */
    base = keep ? r->cell_off[r->row_start] : r->bytes_len;
    memmove(r->bytes, r->bytes + base, r->bytes_len - base);
    r->bytes_len -= base;
    for (i = 0; i < keep; i++) {
        r->cell_off[i] = r->cell_off[r->row_start + i] - base;
        r->cell_len[i] = r->cell_len[r->row_start + i];
    }
    r->ncells = keep;
    r->row_start = 0;
}

/* A printable ASCII byte or a tab. */
static int ascii(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t';
}

/* Whether the first block is UTF-16 or UTF-32 text (a spreadsheet's
 * "Unicode text" export): its byte order mark, or, without one, ASCII
 * characters each followed or preceded by zero bytes. Read as bytes it
 * would only give "no such column" errors, so it is refused by name, with
 * the iconv name of its encoding (without a mark, iconv's "UTF-16" means
 * big-endian, so the byte order is named).
 * Returns -1 after recording the error, 0 otherwise. */
static int wide_text(csv_reader *r)
{
    const unsigned char *b = r->block;
    size_t n = r->block_len;
    const char *enc = NULL, *how = NULL, *from = NULL;

    if (n >= 4 && memcmp(b, "\xFF\xFE\0\0", 4) == 0)
        enc = "UTF-32", how = "byte order mark FF FE 00 00";
    else if (n >= 4 && memcmp(b, "\0\0\xFE\xFF", 4) == 0)
        enc = "UTF-32", how = "byte order mark 00 00 FE FF";
    else if (n >= 2 && memcmp(b, "\xFF\xFE", 2) == 0)
        enc = "UTF-16", how = "byte order mark FF FE";
    else if (n >= 2 && memcmp(b, "\xFE\xFF", 2) == 0)
        enc = "UTF-16", how = "byte order mark FE FF";
    else if (n >= 8 && ascii(b[0]) && memcmp(b + 1, "\0\0\0", 3) == 0 &&
             ascii(b[4]) && memcmp(b + 5, "\0\0\0", 3) == 0)
        enc = "UTF-32", how = "three zero bytes after each character",
        from = "UTF-32LE";
    else if (n >= 8 && memcmp(b, "\0\0\0", 3) == 0 && ascii(b[3]) &&
             memcmp(b + 4, "\0\0\0", 3) == 0 && ascii(b[7]))
        enc = "UTF-32", how = "three zero bytes before each character",
        from = "UTF-32BE";
    else if (n >= 4 && ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0)
        enc = "UTF-16", how = "a zero byte after each character",
        from = "UTF-16LE";
    else if (n >= 4 && b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3]))
        enc = "UTF-16", how = "a zero byte before each character",
        from = "UTF-16BE";
    if (enc == NULL)
        return 0;
    fail(r, "the file is %s text (%s); CSV input must be UTF-8: save it as "
            "\"CSV UTF-8\" or convert it (iconv -f %s -t UTF-8)",
         enc, how, from ? from : enc);
    return -1;
}

/* Whether the first block starts as a workbook or a compressed file: a
 * spreadsheet given as it was saved (.xlsx and .ods are ZIP archives,
 * .xls an OLE2 compound file) or a gzip-compressed export. Read as text
 * it would give a header of binary bytes and "no such column" errors, so
 * it is refused by name. Returns -1 after recording the error, 0
 * otherwise. */
static int container(csv_reader *r)
{
    const unsigned char *b = r->block;
    size_t n = r->block_len;

    if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
        fail(r, "the file is a ZIP archive (an .xlsx or .ods workbook, or "
                "a zipped file), not CSV text: save the sheet as \"CSV "
                "UTF-8\", or unzip it");
    else if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        fail(r, "the file is an Excel 97-2003 workbook (.xls), not CSV "
                "text: save the sheet as \"CSV UTF-8\"");
    else if (n >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        fail(r, "the file is gzip-compressed, not CSV text: decompress it "
                "first (gunzip, or zcat FILE | kol ... --csv -)");
    else
        return 0;
    return -1;
}

/* Read the next block. Returns 0, or -1 on a read error. */
static int read_block(csv_reader *r)
{
    size_t n;

    errno = 0;
    n = fread(r->block, 1, READ_BLOCK, r->fp);
    if (n == 0) {
        if (ferror(r->fp)) {
            fail(r, "read error: %s", errno ? strerror(errno) : "I/O error");
            return -1;
        }
        r->eof = 1;
    }
    r->block_len = n;
    r->block_pos = 0;
    if (!r->started) {
        r->started = 1;
        /* A UTF-8 byte order mark (EF BB BF) is not part of the first
         * cell. fread() returns a short count only at the end of the file
         * or on an error, so a first block shorter than 3 bytes is the
         * whole file. */
        if (n >= 3 && memcmp(r->block, "\xEF\xBB\xBF", 3) == 0)
            r->block_pos = 3;
        else if (wide_text(r) || container(r))
            return -1;
    }
    return 0;
}

/* Feed the parser until a row is queued or the input ends. Returns 0 (a
 * row is queued, or r->finished), or -1 on error. */
static int fill_queue(csv_reader *r)
{
    while (r->rows_head == r->nrows && !r->finished) {
        if (r->block_pos == r->block_len) {
            if (r->eof) {
                int rc = csv_fini(&r->parser, on_cell, on_row, r);
                r->finished = 1;
                if (check_cb(r) != 0)
                    return -1;
                if (rc != 0) {
                    fail(r, "row %llu: CSV parse error at the end of the "
                            "file: %s (an unterminated quoted cell?)",
                         (unsigned long long)(r->records + 1),
                         csv_strerror(csv_error(&r->parser)));
                    return -1;
                }
                continue;
            }
            if (read_block(r) != 0)
                return -1;
            continue;
        }
        {
            const unsigned char *start = r->block + r->block_pos;
            size_t left = r->block_len - r->block_pos;
            const unsigned char *nl = memchr(start, '\n', left);
            size_t want = nl ? (size_t)(nl - start) + 1 : left;
            size_t done = csv_parse(&r->parser, start, want, on_cell, on_row,
                                    r);

            r->block_pos += want;
            if (check_cb(r) != 0)
                return -1;
            if (done != want) {
                fail(r, "row %llu: CSV parse error: %s (a quote inside an "
                        "unquoted cell, or text after a closing quote?)",
                     (unsigned long long)(r->records + 1),
                     csv_strerror(csv_error(&r->parser)));
                return -1;
            }
            /* libcsv grows its cell buffer as a cell is read; stop a runaway
             * cell before it eats the memory. */
            if (csv_get_buffer_size(&r->parser) >
                (size_t)CSV_READER_MAX_CELL + 2u * 4096u) {
                r->cb_error = CB_CELL_TOO_LONG;
                check_cb(r);
                return -1;
            }
        }
    }
    return 0;
}

/* The header (the first row) as one cell holding ';' or a tab: a file
 * written with another separator (a spreadsheet in a locale whose decimal
 * mark is the comma writes ';'; a "tab-separated" export). Every command
 * then reports a missing column; this warning, given first, says why. No
 * command's column name holds either character. */
static void separator_hint(const csv_reader *r, const csv_row *row)
{
    const char *c = row->cells[0];
    size_t n = row->lens[0];
    const char *sep;
    char shown[64];
    if (row->ncells != 1 || n == 0)
        return;
    if (memchr(c, ';', n) != NULL)
        sep = "';'";
    else if (memchr(c, '\t', n) != NULL)
        sep = "tabs";
    else
        return;
    kol_cli_printable(shown, sizeof shown, c, n, 40);
    kol_cli_warn("%s: row %llu: the header is one column, '%s': the file "
                 "seems to separate its columns with %s, but kol reads "
                 "comma-separated values (export the file as CSV with "
                 "commas)",
                 r->path, (unsigned long long)row->number, shown, sep);
}

int csv_reader_next(csv_reader *r, csv_row *row)
{
    queued_row *q;
    size_t i;

    if (r->failed)
        return CSV_READER_ERROR;
    if (r->rows_head == r->nrows)
        compact(r);
    if (fill_queue(r) != 0)
        return CSV_READER_ERROR;
    if (r->rows_head == r->nrows)
        return CSV_READER_END;

    q = &r->rows[r->rows_head++];
    {
        const char **p = kol_cli_grow(r->ptrs, &r->ptrs_cap, q->ncells + 1,
                                      sizeof *p);
        if (p == NULL) {
            fail(r, "row %llu: out of memory", (unsigned long long)q->number);
            return CSV_READER_ERROR;
        }
        r->ptrs = p;
    }
    for (i = 0; i < q->ncells; i++)
        r->ptrs[i] = r->bytes + r->cell_off[q->first + i];
    row->number = q->number;
    row->ncells = q->ncells + q->extra;
    row->cells = r->ptrs;
    row->lens = r->cell_len + q->first;
    if (!r->header_out) {
        r->header_out = 1;
        separator_hint(r, row);
    }
    return CSV_READER_ROW;
}

const char *csv_reader_error(const csv_reader *r)
{
    return r->err;
}

const char *csv_reader_path(const csv_reader *r)
{
    return r->path;
}

char *csv_cells_reason(size_t cells, size_t columns)
{
    return kol_cli_asprintf("%zu cells, but the header has %zu columns",
                            cells, columns);
}

void csv_reader_close(csv_reader *r)
{
    if (r == NULL)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->owns_fp)
        fclose(r->fp);
    free(r->path);
    free(r->block);
    free(r->bytes);
    free(r->cell_off);
    free(r->cell_len);
    free(r->rows);
    free(r->ptrs);
    free(r);
}
