/*
 * cmd_common.h - helpers shared by `kol roi`, `kol overlap` and `kol plan`:
 * whole-cell number parsing, number formatting that never prints "nan",
 * a string -> index map, a list of rejected rows, and header lookup.
 */
#ifndef KOL_CLI_CMD_COMMON_H
#define KOL_CLI_CMD_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "csv_reader.h"

/* Parse a whole cell as a number in decimal notation (an optional sign,
 * digits with an optional decimal point, an optional exponent; no spaces,
 * no hexadecimal), rounded to the nearest double (1e-400 reads as 0,
 * 1e400 as infinity). Returns 0, or -1 when the cell is not exactly one
 * such number. "nan", "inf" and "infinity" (any case, signed) parse: the
 * caller or the library judges them. */
int cc_parse_number(const char *s, size_t len, double *out);

/* Shortest "%.Ng" (N = 15, 16 or 17) that reads back as v; "-0" is "0".
 * A non-finite v (never expected) is written "" so that no "nan" can
 * leak. buf needs at least 32 bytes. Returns buf. */
char *cc_fmt_num(char *buf, size_t size, double v);
/* The same, written to out. */
void cc_print_num(FILE *out, double v);
/* A number as a JSON value: as cc_print_num, or null when not finite
 * (cc_print_num writes nothing for one, which is no JSON value). */
void cc_json_num(FILE *out, double v);

/* String -> dense index (0, 1, 2... in order of first insertion). */
typedef struct cc_map {
    char **keys;    /* keys[i], NUL-terminated copies */
    size_t *lens;   /* their lengths */
    size_t n, keys_cap, lens_cap;
    size_t *slots;  /* open addressing: index + 1, 0 = empty */
    size_t nslots;  /* power of two, or 0 */
    uint64_t seed;  /* of the slot positions, drawn with the first slots */
} cc_map;

/* Index of key, or -1 when absent. */
long cc_map_find(const cc_map *m, const char *key, size_t len);
/* Index of key, inserting it when absent (*added = 1 then; may be NULL).
 * Returns the index, or -1 when out of memory. */
long cc_map_add(cc_map *m, const char *key, size_t len, int *added);
void cc_map_free(cc_map *m);

/* Rejected rows. */
typedef struct cc_reject {
    uint64_t row;
    char *reason;
} cc_reject;
typedef struct cc_rejects {
    cc_reject *v;
    size_t n, cap;
} cc_rejects;

/* Keep a rejection; takes reason (fresh memory; NULL means out of
 * memory), made printable (kol_cli_make_printable()). Returns 0, or -1
 * when out of memory. */
int cc_rejects_add(cc_rejects *r, uint64_t row, char *reason);
void cc_rejects_free(cc_rejects *r);
/* Order the rejections by row (a row's own in the order kept), for
 * commands that find faults in more than one pass. */
void cc_rejects_sort(cc_rejects *r);
/* "row N: reason" lines, each preceded by prefix. */
void cc_rejects_print(FILE *out, const cc_rejects *r, const char *prefix);
/* "<prog>: warning: <path>: row N: reason" lines on standard error. */
void cc_rejects_warn(const cc_rejects *r, const char *path);
/* A JSON array of {"row": N, "reason": "..."}. */
void cc_rejects_json(FILE *out, const cc_rejects *r, const char *indent);

/*
 * Match a header row against known column names (case-insensitive).
 * col[k] receives the cell index of names[k] or -1. Unknown columns are
 * collected in *unknown, not reported: the caller warns about them
 * (kol_cli_unknown_warn()) once it has accepted the header (its required
 * columns are there), so that a refused header gives its error alone. A
 * known column named twice is fatal. Returns 0, or -1 with a message in
 * err.
 */
int cc_header(const csv_row *row, const char *path, const char *const *names,
              size_t nnames, long *col, kol_cli_unknown *unknown, char *err,
              size_t err_size);

/* Read a cell that must be a number within [lo, hi] into *out. Returns
 * 0, or -1 with *msg a fresh message naming the column ("column 'cost':
 * 'abc' is not a number"; NULL when out of memory). */
int cc_number_cell(const char *name, const char *cell, size_t len, double lo,
                   double hi, double *out, char **msg);

/* Write s as one CSV cell (quoted when it holds a comma, a quote or a
 * line break, or starts or ends with a space or a tab). */
void cc_csv_cell(FILE *out, const char *s);

/* Whether a cell holds a NUL byte (such a cell is refused). */
int cc_has_nul(const char *cell, size_t len);

/* 1 when the cell (len bytes) equals the lower-case name with ASCII
 * letters compared without regard to case. */
int cc_same_name(const char *cell, size_t len, const char *name);

/* Turn the ASCII letters of s (len bytes) to lower case, in place: how
 * platform and tier names are compared and shown (libkol's tiering
 * matches platforms so). */
void cc_ascii_lower(char *s, size_t len);
/* A copy of s (len bytes) with its ASCII letters in lower case, plus a
 * NUL; NULL when out of memory. */
char *cc_lower_dup(const char *s, size_t len);

/* Terminal columns of UTF-8 text as cc_print_text() shows it: 2 for an
 * East Asian wide or fullwidth character (CJK ideographs, kana, Hangul,
 * fullwidth forms, emoji: Unicode's East_Asian_Width W and F), 0 for a
 * combining mark or a zero-width format character, 1 for anything else
 * (a '?' that stands for a control character or an invalid byte
 * included). An approximation of what a terminal does (an emoji sequence
 * joined by U+200D counts each of its emoji). */
size_t cc_display_width(const char *s);

/* Write text from an input file (an id, a platform) to a terminal: valid
 * UTF-8 as is, but each control character (C0, DEL, C1), bidirectional
 * control and invalid byte as '?', so that no escape sequence, line break
 * or reordering reaches the terminal. */
void cc_print_text(FILE *out, const char *s);

/* cc_print_text(s), then spaces up to width columns (none when s is
 * wider: the rest of the line moves right, nothing of s is lost). */
void cc_print_pad(FILE *out, const char *s, size_t width);

/* cc_print_text(s), then spaces up to width columns. When s is wider and
 * width is at least 4, it is cut at the last character that leaves room
 * for "..." in width columns, so that a text table's columns stay
 * aligned (csv and json keep whole ids). */
void cc_print_left(FILE *out, const char *s, size_t width);

#endif /* KOL_CLI_CMD_COMMON_H */
