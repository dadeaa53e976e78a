/*
 * cmd_common.c - helpers shared by `kol roi`, `kol overlap` and `kol plan`
 * (see cmd_common.h).
 */
#include "cmd_common.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

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

/* XXH3-64 (Debian's libxxhash-dev, header-only, as the library uses
 * it) with the map's seed. The keys come from the input files, so the
 * seed is drawn when the map takes its first slots, from the clock and
 * from addresses the system randomizes: whoever writes a file cannot pick
 * ids that share a run of slots (which would make each insertion walk
 * them all). The map is private to the command and never stored, so the
 * seed changes nothing else. */
static uint64_t hash_bytes(const cc_map *m, const char *s, size_t len)
{
    return (uint64_t)XXH3_64bits_withSeed(s, len, (XXH64_hash_t)m->seed);
}

static uint64_t map_seed(const cc_map *m)
{
    uint64_t a[5];
    char here;
    a[0] = (uint64_t)(uintptr_t)m;
    a[1] = (uint64_t)(uintptr_t)&here;
    a[2] = (uint64_t)(uintptr_t)&map_seed;
    a[3] = (uint64_t)time(NULL);
    a[4] = (uint64_t)clock();
    return (uint64_t)XXH3_64bits(a, sizeof a);
}

long cc_map_find(const cc_map *m, const char *key, size_t len)
{
    size_t mask, j;

    if (m->nslots == 0)
        return -1;
    mask = m->nslots - 1;
    for (j = (size_t)hash_bytes(m, key, len) & mask;; j = (j + 1) & mask) {
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
    if (m->nslots == 0)
        m->seed = map_seed(m);
    slots = calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (i = 0; i < m->n; i++) {
        size_t j = (size_t)hash_bytes(m, m->keys[i], m->lens[i]) & (nslots - 1);
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
    for (j = (size_t)hash_bytes(m, key, len) & (m->nslots - 1); m->slots[j];
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
    /* a reason may quote text from the file, or a library message quoting
     * it: kept printable for every output (text, csv's warnings, json) */
    kol_cli_make_printable(reason);
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

void cc_ascii_lower(char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] - 'A' + 'a');
}

char *cc_lower_dup(const char *s, size_t len)
{
    char *copy = kol_cli_strndup(s, len);
    if (copy != NULL)
        cc_ascii_lower(copy, len);
    return copy;
}

/* Unicode ranges of code points, first and last included. */
typedef struct cc_range {
    unsigned long first, last;
} cc_range;

/* Generated with Python's unicodedata (Unicode 14.0): wide_ranges are the
 * assigned code points of East_Asian_Width W or F, plus the blocks whose
 * unassigned code points default to W (CJK ideographs, planes 2 and 3)
 * and Symbols and Pictographs Extended-A (emoji, 1FA70-1FAFF);
 * zero_ranges are the combining marks (general category Mn, Me), the
 * format characters (Cf) but the soft hyphen, and the Hangul medial and
 * final jamo (1160-11FF), as glibc's wcwidth() counts them. */
static const cc_range wide_ranges[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
    {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
    {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
    {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x2E99},
    {0x2E9B, 0x2EF3}, {0x2F00, 0x2FD5}, {0x2FF0, 0x2FFB}, {0x3000, 0x3029},
    {0x302E, 0x303E}, {0x3041, 0x3096}, {0x309B, 0x30FF}, {0x3105, 0x312F},
    {0x3131, 0x318E}, {0x3190, 0x31E3}, {0x31F0, 0x321E}, {0x3220, 0x3247},
    {0x3250, 0x4DBF}, {0x4E00, 0xA48C}, {0xA490, 0xA4C6}, {0xA960, 0xA97C},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE52},
    {0xFE54, 0xFE66}, {0xFE68, 0xFE6B}, {0xFF01, 0xFF60}, {0xFFE0, 0xFFE6},
    {0x16FE0, 0x16FE3}, {0x16FF0, 0x16FF1}, {0x17000, 0x187F7},
    {0x18800, 0x18CD5}, {0x18D00, 0x18D08}, {0x1AFF0, 0x1AFF3},
    {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B150, 0x1B152}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B},
    {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F260, 0x1F265},
    {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
    {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
    {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
    {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
    {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DD, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
    {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};
static const cc_range zero_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0600, 0x0605},
    {0x0610, 0x061A}, {0x061C, 0x061C}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DD}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED},
    {0x070F, 0x070F}, {0x0711, 0x0711}, {0x0730, 0x074A}, {0x07A6, 0x07B0},
    {0x07EB, 0x07F3}, {0x07FD, 0x07FD}, {0x0816, 0x0819}, {0x081B, 0x0823},
    {0x0825, 0x0827}, {0x0829, 0x082D}, {0x0859, 0x085B}, {0x0890, 0x0891},
    {0x0898, 0x089F}, {0x08CA, 0x0902}, {0x093A, 0x093A}, {0x093C, 0x093C},
    {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0962, 0x0963},
    {0x0981, 0x0981}, {0x09BC, 0x09BC}, {0x09C1, 0x09C4}, {0x09CD, 0x09CD},
    {0x09E2, 0x09E3}, {0x09FE, 0x09FE}, {0x0A01, 0x0A02}, {0x0A3C, 0x0A3C},
    {0x0A41, 0x0A42}, {0x0A47, 0x0A48}, {0x0A4B, 0x0A4D}, {0x0A51, 0x0A51},
    {0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A82}, {0x0ABC, 0x0ABC},
    {0x0AC1, 0x0AC5}, {0x0AC7, 0x0AC8}, {0x0ACD, 0x0ACD}, {0x0AE2, 0x0AE3},
    {0x0AFA, 0x0AFF}, {0x0B01, 0x0B01}, {0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F},
    {0x0B41, 0x0B44}, {0x0B4D, 0x0B4D}, {0x0B55, 0x0B56}, {0x0B62, 0x0B63},
    {0x0B82, 0x0B82}, {0x0BC0, 0x0BC0}, {0x0BCD, 0x0BCD}, {0x0C00, 0x0C00},
    {0x0C04, 0x0C04}, {0x0C3C, 0x0C3C}, {0x0C3E, 0x0C40}, {0x0C46, 0x0C48},
    {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56}, {0x0C62, 0x0C63}, {0x0C81, 0x0C81},
    {0x0CBC, 0x0CBC}, {0x0CBF, 0x0CBF}, {0x0CC6, 0x0CC6}, {0x0CCC, 0x0CCD},
    {0x0CE2, 0x0CE3}, {0x0D00, 0x0D01}, {0x0D3B, 0x0D3C}, {0x0D41, 0x0D44},
    {0x0D4D, 0x0D4D}, {0x0D62, 0x0D63}, {0x0D81, 0x0D81}, {0x0DCA, 0x0DCA},
    {0x0DD2, 0x0DD4}, {0x0DD6, 0x0DD6}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD},
    {0x0F18, 0x0F19}, {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39},
    {0x0F71, 0x0F7E}, {0x0F80, 0x0F84}, {0x0F86, 0x0F87}, {0x0F8D, 0x0F97},
    {0x0F99, 0x0FBC}, {0x0FC6, 0x0FC6}, {0x102D, 0x1030}, {0x1032, 0x1037},
    {0x1039, 0x103A}, {0x103D, 0x103E}, {0x1058, 0x1059}, {0x105E, 0x1060},
    {0x1071, 0x1074}, {0x1082, 0x1082}, {0x1085, 0x1086}, {0x108D, 0x108D},
    {0x109D, 0x109D}, {0x1160, 0x11FF}, {0x135D, 0x135F}, {0x1712, 0x1714},
    {0x1732, 0x1733}, {0x1752, 0x1753}, {0x1772, 0x1773}, {0x17B4, 0x17B5},
    {0x17B7, 0x17BD}, {0x17C6, 0x17C6}, {0x17C9, 0x17D3}, {0x17DD, 0x17DD},
    {0x180B, 0x180F}, {0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1920, 0x1922},
    {0x1927, 0x1928}, {0x1932, 0x1932}, {0x1939, 0x193B}, {0x1A17, 0x1A18},
    {0x1A1B, 0x1A1B}, {0x1A56, 0x1A56}, {0x1A58, 0x1A5E}, {0x1A60, 0x1A60},
    {0x1A62, 0x1A62}, {0x1A65, 0x1A6C}, {0x1A73, 0x1A7C}, {0x1A7F, 0x1A7F},
    {0x1AB0, 0x1ACE}, {0x1B00, 0x1B03}, {0x1B34, 0x1B34}, {0x1B36, 0x1B3A},
    {0x1B3C, 0x1B3C}, {0x1B42, 0x1B42}, {0x1B6B, 0x1B73}, {0x1B80, 0x1B81},
    {0x1BA2, 0x1BA5}, {0x1BA8, 0x1BA9}, {0x1BAB, 0x1BAD}, {0x1BE6, 0x1BE6},
    {0x1BE8, 0x1BE9}, {0x1BED, 0x1BED}, {0x1BEF, 0x1BF1}, {0x1C2C, 0x1C33},
    {0x1C36, 0x1C37}, {0x1CD0, 0x1CD2}, {0x1CD4, 0x1CE0}, {0x1CE2, 0x1CE8},
    {0x1CED, 0x1CED}, {0x1CF4, 0x1CF4}, {0x1CF8, 0x1CF9}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x2066, 0x206F},
    {0x20D0, 0x20F0}, {0x2CEF, 0x2CF1}, {0x2D7F, 0x2D7F}, {0x2DE0, 0x2DFF},
    {0x302A, 0x302D}, {0x3099, 0x309A}, {0xA66F, 0xA672}, {0xA674, 0xA67D},
    {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1}, {0xA802, 0xA802}, {0xA806, 0xA806},
    {0xA80B, 0xA80B}, {0xA825, 0xA826}, {0xA82C, 0xA82C}, {0xA8C4, 0xA8C5},
    {0xA8E0, 0xA8F1}, {0xA8FF, 0xA8FF}, {0xA926, 0xA92D}, {0xA947, 0xA951},
    {0xA980, 0xA982}, {0xA9B3, 0xA9B3}, {0xA9B6, 0xA9B9}, {0xA9BC, 0xA9BD},
    {0xA9E5, 0xA9E5}, {0xAA29, 0xAA2E}, {0xAA31, 0xAA32}, {0xAA35, 0xAA36},
    {0xAA43, 0xAA43}, {0xAA4C, 0xAA4C}, {0xAA7C, 0xAA7C}, {0xAAB0, 0xAAB0},
    {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8}, {0xAABE, 0xAABF}, {0xAAC1, 0xAAC1},
    {0xAAEC, 0xAAED}, {0xAAF6, 0xAAF6}, {0xABE5, 0xABE5}, {0xABE8, 0xABE8},
    {0xABED, 0xABED}, {0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x101FD, 0x101FD},
    {0x102E0, 0x102E0}, {0x10376, 0x1037A}, {0x10A01, 0x10A03},
    {0x10A05, 0x10A06}, {0x10A0C, 0x10A0F}, {0x10A38, 0x10A3A},
    {0x10A3F, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27},
    {0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85},
    {0x11001, 0x11001}, {0x11038, 0x11046}, {0x11070, 0x11070},
    {0x11073, 0x11074}, {0x1107F, 0x11081}, {0x110B3, 0x110B6},
    {0x110B9, 0x110BA}, {0x110BD, 0x110BD}, {0x110C2, 0x110C2},
    {0x110CD, 0x110CD}, {0x11100, 0x11102}, {0x11127, 0x1112B},
    {0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181},
    {0x111B6, 0x111BE}, {0x111C9, 0x111CC}, {0x111CF, 0x111CF},
    {0x1122F, 0x11231}, {0x11234, 0x11234}, {0x11236, 0x11237},
    {0x1123E, 0x1123E}, {0x112DF, 0x112DF}, {0x112E3, 0x112EA},
    {0x11300, 0x11301}, {0x1133B, 0x1133C}, {0x11340, 0x11340},
    {0x11366, 0x1136C}, {0x11370, 0x11374}, {0x11438, 0x1143F},
    {0x11442, 0x11444}, {0x11446, 0x11446}, {0x1145E, 0x1145E},
    {0x114B3, 0x114B8}, {0x114BA, 0x114BA}, {0x114BF, 0x114C0},
    {0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD},
    {0x115BF, 0x115C0}, {0x115DC, 0x115DD}, {0x11633, 0x1163A},
    {0x1163D, 0x1163D}, {0x1163F, 0x11640}, {0x116AB, 0x116AB},
    {0x116AD, 0x116AD}, {0x116B0, 0x116B5}, {0x116B7, 0x116B7},
    {0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B},
    {0x1182F, 0x11837}, {0x11839, 0x1183A}, {0x1193B, 0x1193C},
    {0x1193E, 0x1193E}, {0x11943, 0x11943}, {0x119D4, 0x119D7},
    {0x119DA, 0x119DB}, {0x119E0, 0x119E0}, {0x11A01, 0x11A0A},
    {0x11A33, 0x11A38}, {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47},
    {0x11A51, 0x11A56}, {0x11A59, 0x11A5B}, {0x11A8A, 0x11A96},
    {0x11A98, 0x11A99}, {0x11C30, 0x11C36}, {0x11C38, 0x11C3D},
    {0x11C3F, 0x11C3F}, {0x11C92, 0x11CA7}, {0x11CAA, 0x11CB0},
    {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6}, {0x11D31, 0x11D36},
    {0x11D3A, 0x11D3A}, {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D45},
    {0x11D47, 0x11D47}, {0x11D90, 0x11D91}, {0x11D95, 0x11D95},
    {0x11D97, 0x11D97}, {0x11EF3, 0x11EF4}, {0x13430, 0x13438},
    {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36}, {0x16F4F, 0x16F4F},
    {0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E},
    {0x1BCA0, 0x1BCA3}, {0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46},
    {0x1D167, 0x1D169}, {0x1D173, 0x1D182}, {0x1D185, 0x1D18B},
    {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1DA00, 0x1DA36},
    {0x1DA3B, 0x1DA6C}, {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84},
    {0x1DA9B, 0x1DA9F}, {0x1DAA1, 0x1DAAF}, {0x1E000, 0x1E006},
    {0x1E008, 0x1E018}, {0x1E01B, 0x1E021}, {0x1E023, 0x1E024},
    {0x1E026, 0x1E02A}, {0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE},
    {0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6}, {0x1E944, 0x1E94A},
    {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

static int in_ranges(unsigned long c, const cc_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < r[mid].first)
            hi = mid;
        else if (c > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* Columns of code point c (see cc_display_width). */
static unsigned cp_width(unsigned long c)
{
    if (in_ranges(c, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
        return 0;
    if (in_ranges(c, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
        return 2;
    return 1;
}

#define cp_hidden kol_cli_cp_hidden

/* The character at p (NUL-terminated): its bytes in *n (1 for an invalid
 * byte), whether it is shown as '?' in *hidden, and its columns (one for
 * a '?'). */
static size_t char_cols(const unsigned char *p, size_t *n, int *hidden)
{
    unsigned long c = 0;
    /* (the decoder stops at the NUL, which continues no sequence) */
    size_t len = kol_cli_utf8_len(p, 4, &c);
    *hidden = len == 0 || cp_hidden(c);
    *n = len ? len : 1;
    return *hidden ? 1 : cp_width(c);
}

size_t cc_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0, n;
    int hidden;
    while (*p) {
        w += char_cols(p, &n, &hidden);
        p += n;
    }
    return w;
}

/* Print s as cc_print_text() does, up to the last whole character that
 * keeps it within max columns; returns the columns printed. */
static size_t print_cols(FILE *out, const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    while (*p) {
        size_t n;
        int hidden;
        size_t cw = char_cols(p, &n, &hidden);
        if (w + cw > max)
            break;
        if (hidden)
            fputc('?', out);
        else
            fwrite(p, 1, n, out);
        w += cw;
        p += n;
    }
    return w;
}

void cc_print_text(FILE *out, const char *s)
{
    (void)print_cols(out, s, (size_t)-1);
}

void cc_print_pad(FILE *out, const char *s, size_t width)
{
    size_t w = print_cols(out, s, (size_t)-1);
    for (; w < width; w++)
        fputc(' ', out);
}

void cc_print_left(FILE *out, const char *s, size_t width)
{
    size_t w;
    if (width >= 4 && cc_display_width(s) > width) {
        w = print_cols(out, s, width - 3) + 3;
        fputs("...", out);
    } else {
        w = print_cols(out, s, (size_t)-1);
    }
    for (; w < width; w++)
        fputc(' ', out);
}

int cc_header(const csv_row *row, const char *path, const char *const *names,
              size_t nnames, long *col, kol_cli_unknown *unknown, char *err,
              size_t err_size)
{
    size_t c, k;

    unknown->n = 0;
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
        if (!known)
            kol_cli_unknown_add(unknown, row->cells[c], row->lens[c]);
    }
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
