/*
 * cmd_common.c - helpers shared by `kol roi`, `kol overlap` and `kol plan`
 * (see cmd_common.h).
 */
#include "cmd_common.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Longest piece of a cell quoted in a message, in bytes. */
#define QUOTE_MAX 40

/* 1 when s[0..len) is a number in decimal notation: an optional sign,
 * digits with an optional decimal point (at least one digit), an optional
 * exponent (e or E, an optional sign, digits); or, after an optional sign,
 * nan, inf or infinity in any case (read, and left to libkol to judge).
 * Not hexadecimal (0x10, 0x1p4), nan(...), spaces or anything else that
 * strtod() would also take. */
static int is_word(const char *s, size_t len, const char *word)
{
    size_t i;
    if (len != strlen(word))
        return 0;
    for (i = 0; i < len; i++)
        if (tolower((unsigned char)s[i]) != word[i])
            return 0;
    return 1;
}

static int decimal_syntax(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    if (is_word(s + i, len - i, "nan") || is_word(s + i, len - i, "inf") ||
        is_word(s + i, len - i, "infinity"))
        return 1;
    while (i < len && isdigit((unsigned char)s[i])) {
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        e0 = i;
        while (i < len && isdigit((unsigned char)s[i]))
            i++;
        if (i == e0)
            return 0;
    }
    return i == len;
}

int cc_parse_number(const char *s, size_t len, double *out)
{
    char *end;
    double v;

    /* The whole cell must be the number, in decimal notation. The command
     * never calls setlocale(), so the decimal point is '.'. */
    if (len == 0 || cc_has_nul(s, len) || !decimal_syntax(s, len))
        return -1;
    v = strtod(s, &end);
    if (end == s || (size_t)(end - s) != len)
        return -1;
    *out = v;
    return 0;
}

void cc_json_num(FILE *out, double v)
{
    if (isfinite(v))
        cc_print_num(out, v);
    else
        fputs("null", out);
}

char *cc_fmt_num(char *buf, size_t size, double v)
{
    int prec;

    if (!isfinite(v)) {
        if (size > 0)
            buf[0] = '\0';
        return buf;
    }
    if (v == 0.0)
        v = 0.0; /* no "-0" */
    for (prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void cc_print_num(FILE *out, double v)
{
    char buf[40];
    fputs(cc_fmt_num(buf, sizeof buf, v), out);
}

/* FNV-1a, 64 bits (any decent string hash would do: the map is private
 * to the command and never stored). */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

long cc_map_find(const cc_map *m, const char *key, size_t len)
{
    size_t mask, j;

    if (m->nslots == 0)
        return -1;
    mask = m->nslots - 1;
    for (j = (size_t)hash_bytes(key, len) & mask;; j = (j + 1) & mask) {
        size_t s = m->slots[j];
        if (s == 0)
            return -1;
        if (m->lens[s - 1] == len && memcmp(m->keys[s - 1], key, len) == 0)
            return (long)(s - 1);
    }
}

/* Make room for one more key, keeping the table at most half full. */
static int map_grow(cc_map *m)
{
    size_t *slots, nslots, i;

    if ((m->n + 1) * 2 <= m->nslots)
        return 0;
    nslots = m->nslots ? m->nslots * 2 : 64;
    slots = calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (i = 0; i < m->n; i++) {
        size_t j = (size_t)hash_bytes(m->keys[i], m->lens[i]) & (nslots - 1);
        while (slots[j] != 0)
            j = (j + 1) & (nslots - 1);
        slots[j] = i + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
    return 0;
}

long cc_map_add(cc_map *m, const char *key, size_t len, int *added)
{
    long found = cc_map_find(m, key, len);
    char **keys;
    size_t *lens, j;
    char *copy;

    if (added)
        *added = 0;
    if (found >= 0)
        return found;
    if (map_grow(m) != 0)
        return -1;
    keys = kol_cli_grow(m->keys, &m->keys_cap, m->n + 1, sizeof *keys);
    if (keys == NULL)
        return -1;
    m->keys = keys;
    lens = kol_cli_grow(m->lens, &m->lens_cap, m->n + 1, sizeof *lens);
    if (lens == NULL)
        return -1;
    m->lens = lens;
    copy = kol_cli_strndup(key, len);
    if (copy == NULL)
        return -1;
    m->keys[m->n] = copy;
    m->lens[m->n] = len;
    for (j = (size_t)hash_bytes(key, len) & (m->nslots - 1); m->slots[j];
         j = (j + 1) & (m->nslots - 1))
        ;
    m->slots[j] = m->n + 1;
    if (added)
        *added = 1;
    return (long)m->n++;
}

void cc_map_free(cc_map *m)
{
    size_t i;
    for (i = 0; i < m->n; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->lens);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

int cc_rejects_add(cc_rejects *r, uint64_t row, char *reason)
{
    cc_reject *v;

    if (reason == NULL)
        return -1;
    v = kol_cli_grow(r->v, &r->cap, r->n + 1, sizeof *v);
    if (v == NULL) {
        free(reason);
        return -1;
    }
    r->v = v;
    r->v[r->n].row = row;
    r->v[r->n].reason = reason;
    r->n++;
    return 0;
}

void cc_rejects_free(cc_rejects *r)
{
    size_t i;
    for (i = 0; i < r->n; i++)
        free(r->v[i].reason);
    free(r->v);
    memset(r, 0, sizeof *r);
}

void cc_rejects_print(FILE *out, const cc_rejects *r, const char *prefix)
{
    size_t i;
    for (i = 0; i < r->n; i++)
        fprintf(out, "%srow %llu: %s\n", prefix,
                (unsigned long long)r->v[i].row, r->v[i].reason);
}

void cc_rejects_sort(cc_rejects *r)
{
    size_t i, j;
    /* insertion sort: stable, and the lists are short and nearly sorted
     * (each pass keeps row order) */
    for (i = 1; i < r->n; i++) {
        cc_reject x = r->v[i];
        for (j = i; j > 0 && r->v[j - 1].row > x.row; j--)
            r->v[j] = r->v[j - 1];
        r->v[j] = x;
    }
}

void cc_rejects_warn(const cc_rejects *r, const char *path)
{
    size_t i;
    for (i = 0; i < r->n; i++)
        fprintf(stderr, "%s: warning: %s: row %llu: %s\n", kol_cli_prog(),
                path, (unsigned long long)r->v[i].row, r->v[i].reason);
}

void cc_csv_cell(FILE *out, const char *s)
{
    const char *c;
    size_t len = strlen(s);
    /* quoted when a reader would otherwise split it or drop its edge
     * spaces (unquoted cells lose them, docs/cli.md) */
    if (strpbrk(s, ",\"\r\n") == NULL &&
        (len == 0 || (s[0] != ' ' && s[0] != '\t' && s[len - 1] != ' ' &&
                      s[len - 1] != '\t'))) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (c = s; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

void cc_rejects_json(FILE *out, const cc_rejects *r, const char *indent)
{
    size_t i;
    fputc('[', out);
    for (i = 0; i < r->n; i++) {
        fprintf(out, "%s\n%s  {\"row\": %llu, \"reason\": ", i ? "," : "",
                indent, (unsigned long long)r->v[i].row);
        kol_cli_json_string(out, r->v[i].reason);
        fputc('}', out);
    }
    if (r->n)
        fprintf(out, "\n%s", indent);
    fputc(']', out);
}

int cc_has_nul(const char *cell, size_t len)
{
    return len > 0 && memchr(cell, '\0', len) != NULL;
}

int cc_same_name(const char *cell, size_t len, const char *name)
{
    size_t i;
    if (strlen(name) != len)
        return 0;
    for (i = 0; i < len; i++)
        if (tolower((unsigned char)cell[i]) != (unsigned char)name[i])
            return 0;
    return 1;
}

/* Columns of code point c (see cc_display_width). */
static unsigned cp_width(unsigned long c)
{
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
        (c >= 0xFE00 && c <= 0xFE0F))
        return 0;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

size_t cc_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    while (*p) {
        unsigned long c;
        int k, n = *p >= 0xF0 && *p <= 0xF4   ? 3
                   : *p >= 0xE0 && *p <= 0xEF ? 2
                   : *p >= 0xC2 && *p <= 0xDF ? 1
                                               : 0;
        c = n == 3 ? (*p & 0x07u) : n == 2 ? (*p & 0x0Fu) : (*p & 0x1Fu);
        for (k = 1; k <= n; k++) {
            if ((p[k] & 0xC0u) != 0x80u)
                break;
            c = (c << 6) | (p[k] & 0x3Fu);
        }
        if (n == 0 || k <= n) { /* ASCII, or an invalid byte: one column */
            w++;
            p++;
            continue;
        }
        w += cp_width(c);
        p += n + 1;
    }
    return w;
}

void cc_print_left(FILE *out, const char *s, size_t width)
{
    size_t w = cc_display_width(s);
    fputs(s, out);
    for (; w < width; w++)
        fputc(' ', out);
}

int cc_header(const csv_row *row, const char *path, const char *const *names,
              size_t nnames, long *col, char *err, size_t err_size)
{
    size_t c, k, nunknown = 0;
    char shown[QUOTE_MAX + 8];

    for (k = 0; k < nnames; k++)
        col[k] = -1;
    for (c = 0; c < row->ncells; c++) {
        int known = 0;
        for (k = 0; k < nnames; k++) {
            if (!cc_same_name(row->cells[c], row->lens[c], names[k]))
                continue;
            known = 1;
            if (col[k] >= 0) {
                snprintf(err, err_size,
                         "%s: row %llu: column '%s' appears twice in the "
                         "header (columns %ld and %zu)",
                         path, (unsigned long long)row->number, names[k],
                         col[k] + 1, c + 1);
                return -1;
            }
            col[k] = (long)c;
        }
        if (!known) {
            kol_cli_printable(shown, sizeof shown, row->cells[c],
                              row->lens[c], QUOTE_MAX);
            if (nunknown == 0)
                fprintf(stderr, "%s: warning: %s: ignoring unknown column",
                        kol_cli_prog(), path);
            fprintf(stderr, "%s'%s'", nunknown ? ", " : ": ", shown);
            nunknown++;
        }
    }
    if (nunknown)
        fputc('\n', stderr);
    return 0;
}

int cc_number_cell(const char *name, const char *cell, size_t len, double lo,
                   double hi, double *out, char **msg)
{
    char shown[QUOTE_MAX + 8];
    double v;

    *msg = NULL;
    if (cc_parse_number(cell, len, &v) != 0) {
        kol_cli_printable(shown, sizeof shown, cell, len, QUOTE_MAX);
        *msg = kol_cli_asprintf("column '%s': '%s' is not a number", name,
                                shown);
        return -1;
    }
    if (!isfinite(v)) {
        kol_cli_printable(shown, sizeof shown, cell, len, QUOTE_MAX);
        *msg = kol_cli_asprintf("column '%s': '%s' is not a finite number",
                                name, shown);
        return -1;
    }
    if (v < lo || v > hi) {
        char a[40], b[40];
        kol_cli_printable(shown, sizeof shown, cell, len, QUOTE_MAX);
        *msg = kol_cli_asprintf("column '%s': %s is outside [%s, %s]", name,
                                shown, cc_fmt_num(a, sizeof a, lo),
                                cc_fmt_num(b, sizeof b, hi));
        return -1;
    }
    *out = v;
    return 0;
}
