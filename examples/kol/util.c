/*
 * util.c - small helpers of the `kol` command: diagnostics, option
 * matching, checked allocation, text made safe for messages and JSON.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kol.h"

static const char *prog_name = "kol";

void kol_cli_set_prog(const char *name)
{
    prog_name = name ? name : "kol";
}

const char *kol_cli_prog(void)
{
    return prog_name;
}

/* "<prog>: <what><message>\n" on stderr, the message made printable
 * (kol_cli_make_printable): it may quote text from a file, or a library
 * message quoting it. */
static void message(const char *what, const char *fmt, va_list ap)
{
    char small[1024], *buf = small;
    va_list again;
    int n;

    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL)
            vsnprintf(buf, (size_t)n + 1, fmt, again);
        else
            buf = small; /* out of memory: the message cut */
    }
    va_end(again);
    if (n < 0)
        small[0] = '\0';
    fprintf(stderr, "%s: %s%s\n", prog_name, what,
            kol_cli_make_printable(buf));
    if (buf != small)
        free(buf);
}

void kol_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("", fmt, ap);
    va_end(ap);
}

void kol_cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message("warning: ", fmt, ap);
    va_end(ap);
}

void kol_cli_unknown_add(kol_cli_unknown *u, const char *cell, size_t len)
{
    if (u->n < KOL_CLI_UNKNOWN_SHOWN)
        kol_cli_printable(u->names[u->n], sizeof u->names[u->n], cell, len,
                          40);
    u->n++;
}

static void warn_unknown(const char *path, const char *const *names,
                         size_t nshown, size_t n)
{
    size_t k;
    if (n == 0)
        return;
    fprintf(stderr, "%s: warning: %s: ignoring unknown column%s: ",
            prog_name, path, n > 1 ? "s" : "");
    for (k = 0; k < nshown; k++)
        fprintf(stderr, "%s'%s'", k ? ", " : "", names[k]);
    if (n > nshown)
        fprintf(stderr, " and %zu more", n - nshown);
    fputc('\n', stderr);
}

void kol_cli_unknown_warn(const kol_cli_unknown *u, const char *path)
{
    const char *names[KOL_CLI_UNKNOWN_SHOWN];
    size_t k, nshown =
        u->n < KOL_CLI_UNKNOWN_SHOWN ? u->n : KOL_CLI_UNKNOWN_SHOWN;
    for (k = 0; k < nshown; k++)
        names[k] = u->names[k];
    warn_unknown(path, names, nshown, u->n);
}

void kol_cli_warn_unknown_columns(const char *path, const char *const *names,
                                  size_t n)
{
    warn_unknown(path, names,
                 n < KOL_CLI_UNKNOWN_SHOWN ? n : KOL_CLI_UNKNOWN_SHOWN, n);
}

int kol_cli_check_output(void)
{
    static int reported;
    int err = 0;

    errno = 0;
    if (fflush(stdout) != 0)
        err = errno;
    if (!ferror(stdout))
        return 0;
    if (!reported) {
        if (err != 0)
            kol_cli_error("error writing the output: %s", strerror(err));
        else
            kol_cli_error("error writing the output");
        reported = 1;
    }
    return -1;
}

int kol_cli_opt_value(int argc, char **argv, int *i, const char *name,
                      const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0; /* a longer option that merely starts with name */
    if (*i + 1 >= argc) {
        kol_cli_error("option %s needs a value", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

int kol_cli_is_help(const char *s)
{
    return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

void *kol_cli_alloc_array(size_t count, size_t size)
{
    size_t bytes;
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    bytes = count * size;
    return malloc(bytes != 0 ? bytes : 1);
}

void *kol_cli_realloc_array(void *ptr, size_t count, size_t size)
{
    size_t bytes;
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    bytes = count * size;
    return realloc(ptr, bytes != 0 ? bytes : 1);
}

void *kol_cli_grow(void *ptr, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 16;
    void *p;

    if (need <= *cap && ptr != NULL)
        return ptr;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    p = kol_cli_realloc_array(ptr, n, size);
    if (p == NULL)
        return NULL;
    *cap = n;
    return p;
}

char *kol_cli_strndup(const char *s, size_t len)
{
    char *p;
    if (len == SIZE_MAX)
        return NULL;
    p = malloc(len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kol_cli_asprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    p = malloc((size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

char *kol_cli_audience_row_error(const char *msg, int status)
{
    static const char pre[] = "kol_audience_score: row 0";
    const size_t pl = sizeof pre - 1;
    if (strncmp(msg, pre, pl) == 0 && (msg[pl] == ',' || msg[pl] == ':') &&
        msg[pl + 1] == ' ')
        msg += pl + 2;
    return kol_cli_asprintf("%s (%s)", msg, kol_status_str(status));
}

size_t kol_cli_utf8_len(const unsigned char *s, size_t len,
                        unsigned long *cp_out)
{
    uint32_t cp;
    size_t n, k;

    if (s[0] < 0x80) {
        if (cp_out)
            *cp_out = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    if (cp_out)
        *cp_out = cp;
    return n;
}

int kol_cli_cp_hidden(unsigned long c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C ||
           c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* s[0 .. len) into out, each hidden or invalid character as '?', cut
 * with "..." where the next one would pass max_bytes; NUL-terminated.
 * out may be s (a '?' never takes more bytes than what it stands for, so
 * the copy never overtakes what it reads). Returns out. */
static char *printable_into(char *out, const char *s, size_t len,
                            size_t max_bytes)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;

    while (i < len) {
        unsigned long cp = 0;
        size_t n = kol_cli_utf8_len(u + i, len - i, &cp);
        if (o + (n ? n : 1) > max_bytes) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (n == 0 || kol_cli_cp_hidden(cp)) {
            out[o++] = '?';
            i += n ? n : 1;
        } else {
            memmove(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return out;
}

char *kol_cli_printable(char *out, size_t out_size, const char *s,
                        size_t len, size_t max_bytes)
{
    if (out_size == 0)
        return out;
    if (max_bytes > out_size - 4)
        max_bytes = out_size > 4 ? out_size - 4 : 0;
    return printable_into(out, s, len, max_bytes);
}

char *kol_cli_make_printable(char *s)
{
    /* never longer, so never cut */
    return printable_into(s, s, strlen(s), SIZE_MAX);
}

void kol_cli_json_string(FILE *out, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;

    fputc('"', out);
    while (i < len) {
        size_t n = kol_cli_utf8_len(u + i, len - i, NULL);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD */
            i += 1;
        } else if (n > 1) {
            fwrite(s + i, 1, n, out);
            i += n;
        } else {
            unsigned char c = u[i++];
            switch (c) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fprintf(out, "\\u%04x", (unsigned)c);
                else
                    fputc(c, out);
            }
        }
    }
    fputc('"', out);
}

/* ---- timestamps ------------------------------------------------------ */

static int time_digits(const char *s, size_t n, int64_t *out)
{
    size_t i;
    int64_t v = 0;
    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard
 * Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The length of a fraction of a second at s (n bytes): a '.' or ',' and
 * one digit or more; 0 when there is none. *nonzero is set when a digit
 * is not 0. */
static size_t time_fraction(const char *s, size_t n, int *nonzero)
{
    size_t i = 1;
    *nonzero = 0;
    if (n < 2 || (s[0] != '.' && s[0] != ',') || s[1] < '0' || s[1] > '9')
        return 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        *nonzero |= s[i++] != '0';
    return i;
}

int kol_cli_parse_time(const char *s, size_t len, int64_t *out)
{
    int64_t y, mo, d, h, mi, se = 0, off = 0;
    size_t i, w;
    int neg = 0, frac = 0;

    if (len > 0) {
        /* Seconds: an optional sign, at most 18 characters with it, then
         * an optional fraction, dropped (the whole second before). */
        i = s[0] == '-' || s[0] == '+';
        neg = s[0] == '-';
        for (w = i; w < len && s[w] >= '0' && s[w] <= '9'; w++)
            ;
        if (w > i && w <= 18 &&
            (w == len || (s[w] == '.' &&
                          time_fraction(s + w, len - w, &frac) == len - w)) &&
            time_digits(s + i, w - i, &y) == 0) {
            *out = neg ? -y - (frac != 0) : y;
            return 0;
        }
    }
    /* YYYY-MM-DDTHH:MM[:SS][Z|+-HH[[:]MM]] (a space may replace the T). */
    if (len < 16 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
        return -1;
    if (time_digits(s, 4, &y) || time_digits(s + 5, 2, &mo) || time_digits(s + 8, 2, &d) ||
        time_digits(s + 11, 2, &h) || time_digits(s + 14, 2, &mi))
        return -1;
    i = 16;
    if (i < len && s[i] == ':') {
        if (len < 19 || time_digits(s + 17, 2, &se))
            return -1;
        i = 19;
        /* a fraction of a second (.123 or ,5), dropped */
        i += time_fraction(s + i, len - i, &frac);
    }
    if (i < len && s[i] == 'Z') {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        /* an offset from UTC, +HH:MM, +HHMM or +HH (ISO 8601: local time
         * = UTC + offset, so UTC = local - offset), at most 23:59 */
        int64_t oh, om = 0;
        const int sign = s[i] == '-' ? -1 : 1;
        if (len - i < 3 || time_digits(s + i + 1, 2, &oh))
            return -1;
        i += 3;
        if (i < len && s[i] == ':')
            i++;
        if (i < len) {
            if (len - i != 2 || time_digits(s + i, 2, &om))
                return -1;
            i += 2;
        }
        if (oh > 23 || om > 59)
            return -1;
        off = sign * (oh * 3600 + om * 60);
    }
    if (i != len || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 ||
        se > 60)
        return -1;
    {
        /* no 31st of a 30-day month, no 29 February of a common year */
        static const int mdays[] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (d > mdays[mo - 1] + (mo == 2 && leap))
            return -1;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
           off;
    return 0;
}

void kol_cli_far_time_note(kol_cli_far_time *f, unsigned long long row,
                           const char *s, size_t len, int64_t t)
{
    if (f->row != 0 || t < KOL_CLI_FAR_TIME || memchr(s, ':', len) != NULL)
        return;
    f->row = row;
    kol_cli_printable(f->cell, sizeof f->cell, s, len, 24);
}

void kol_cli_far_time_warn(const kol_cli_far_time *f, const char *path,
                           const char *column)
{
    if (f->row == 0)
        return;
    kol_cli_warn("%s: row %llu: %s '%s' read as integer seconds is after "
                 "the year 3000: milliseconds, or a compact date such as "
                 "202606011200? Integer timestamps are seconds (Unix "
                 "time); write YYYY-MM-DD HH:MM:SS times",
                 path, f->row, column, f->cell);
}

void kol_cli_id_spaces_note(kol_cli_id_spaces *n, unsigned long long row,
                            const char *s, size_t len)
{
    if (len == 0 || (s[0] != ' ' && s[0] != '\t' && s[len - 1] != ' ' &&
                     s[len - 1] != '\t'))
        return;
    if (n->n++ == 0) {
        n->row = row;
        kol_cli_printable(n->cell, sizeof n->cell, s, len, 24);
    }
}

void kol_cli_id_spaces_warn(const kol_cli_id_spaces *n, const char *path,
                            const char *column)
{
    if (n->n == 0)
        return;
    kol_cli_warn("%s: column '%s': %llu id%s begin%s or end%s with a space "
                 "or a tab (the first in row %llu: '%s'); ids are compared "
                 "as written, so ' k1' and 'k1' are two ids",
                 path, column, n->n, n->n == 1 ? "" : "s",
                 n->n == 1 ? "s" : "", n->n == 1 ? "s" : "", n->row,
                 n->cell);
}
