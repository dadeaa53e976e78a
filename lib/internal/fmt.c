/* Error-message formatting without stdio: the library may not call
 * snprintf (the no-I/O rule covers all of stdio), so it formats the few
 * kinds of value its messages need itself. */
#include <math.h>
#include <string.h>

#include "internal/base.h"

struct out {
    char *buf;
    size_t size; /* capacity including the NUL */
    size_t len;  /* bytes written so far, excluding the NUL */
    int cut;     /* some byte did not fit */
};

static void put_char(struct out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len++] = c;
        o->buf[o->len] = '\0';
    } else {
        o->cut = 1;
    }
}

static void put_str(struct out *o, const char *s)
{
    while (*s)
        put_char(o, *s++);
}

static void put_u64(struct out *o, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    while (n > 0)
        put_char(o, tmp[--n]);
}

static void put_i64(struct out *o, int64_t v)
{
    if (v < 0) {
        put_char(o, '-');
        /* Negate in unsigned arithmetic so INT64_MIN is exact. */
        put_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        put_u64(o, (uint64_t)v);
    }
}

/* Length of the valid UTF-8 sequence starting at s (1 to 4), or 0 when
 * the bytes there do not form one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n, k;
    uint32_t cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 1;
        cp = s[0] & 0x1fu;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 2;
        cp = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 3;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (k = 1; k <= n; k++) {
        if ((s[k] & 0xc0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n + 1;
}

/* A quoted copy of host text that is always valid UTF-8: valid multi-byte
 * characters are kept, control bytes, quotes, backslashes and bytes that
 * are not valid UTF-8 are written as \xNN, and text past 48 bytes is cut
 * (at a character boundary) and marked with "...". */
static void put_quoted(struct out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (s == NULL) {
        put_str(o, "(null)");
        return;
    }
    put_char(o, '\'');
    while (p[i] != '\0') {
        unsigned char c = p[i];
        size_t n = utf8_len(p + i);
        if (i >= 48) {
            put_str(o, "...");
            break;
        }
        if (n == 0 || c < 0x20 || c == 0x7f || c == '\\' || c == '\'') {
            put_char(o, '\\');
            put_char(o, 'x');
            put_char(o, hex[c >> 4]);
            put_char(o, hex[c & 15u]);
            i++;
        } else {
            size_t k;
            for (k = 0; k < n; k++)
                put_char(o, (char)p[i + k]);
            i += n;
        }
    }
    put_char(o, '\'');
}

/* Whole numbers below 2^53 in magnitude are written exactly; anything
 * else with up to 15 significant digits (enough to tell apart any two
 * values a message is about), in fixed notation for exponents -5..14 and
 * scientific notation otherwise, trailing zeros trimmed. */
static void put_double(struct out *o, double x)
{
    char d[16];
    int e, nd, i;
    double scaled;
    uint64_t digits;

    if (isnan(x)) {
        put_str(o, "nan");
        return;
    }
    if (isinf(x)) {
        put_str(o, x < 0 ? "-inf" : "inf");
        return;
    }
    if (x == 0.0) {
        put_char(o, '0');
        return;
    }
    if (x < 0) {
        put_char(o, '-');
        x = -x;
    }
    if (x <= 9007199254740992.0 && x == floor(x)) {
        put_u64(o, (uint64_t)x);
        return;
    }
    e = (int)floor(log10(x));
    /* scaled = x * 10^(14 - e): a division by 10^(e - 14) for large x
     * (10^k is exact up to k = 22, where multiplying by the inexact
     * 10^-k could round the 15th digit the wrong way), in two steps where
     * 10^(14 - e) overflows. */
    if (e > 14)
        scaled = x / pow(10.0, (double)(e - 14));
    else if (14 - e > 300)
        scaled = x * 1e300 * pow(10.0, (double)(14 - e - 300));
    else
        scaled = x * pow(10.0, (double)(14 - e));
    digits = (uint64_t)floor(scaled + 0.5);
    if (digits >= 1000000000000000ull) {
        digits = (digits + 5u) / 10u;
        e++;
    } else if (digits < 100000000000000ull) {
        digits *= 10u;
        e--;
    }
    for (i = 14; i >= 0; i--) {
        d[i] = (char)('0' + (int)(digits % 10u));
        digits /= 10u;
    }
    d[15] = '\0';
    nd = 15;
    while (nd > 1 && d[nd - 1] == '0')
        nd--;

    if (e >= -5 && e < 15) {
        if (e >= 0) {
            for (i = 0; i <= e; i++)
                put_char(o, i < nd ? d[i] : '0');
            if (nd > e + 1) {
                put_char(o, '.');
                for (i = e + 1; i < nd; i++)
                    put_char(o, d[i]);
            }
        } else {
            put_str(o, "0.");
            for (i = 0; i < -e - 1; i++)
                put_char(o, '0');
            for (i = 0; i < nd; i++)
                put_char(o, d[i]);
        }
    } else {
        put_char(o, d[0]);
        if (nd > 1) {
            put_char(o, '.');
            for (i = 1; i < nd; i++)
                put_char(o, d[i]);
        }
        put_char(o, 'e');
        put_char(o, e < 0 ? '-' : '+');
        put_u64(o, (uint64_t)(e < 0 ? -e : e));
    }
}

size_t kol__vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o;
    const char *p;

    o.buf = buf;
    o.size = size;
    o.len = 0;
    o.cut = 0;
    if (size > 0)
        buf[0] = '\0';
    for (p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            put_char(&o, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            put_str(&o, s != NULL ? s : "(null)");
            break;
        }
        case 'q':
            put_quoted(&o, va_arg(ap, const char *));
            break;
        case 'd':
            put_i64(&o, (int64_t)va_arg(ap, int));
            break;
        case 'u':
            put_u64(&o, (uint64_t)va_arg(ap, unsigned int));
            break;
        case 'z':
            put_u64(&o, (uint64_t)va_arg(ap, size_t));
            break;
        case 'l':
            put_i64(&o, va_arg(ap, int64_t));
            break;
        case 'L':
            put_u64(&o, va_arg(ap, uint64_t));
            break;
        case 'g':
            put_double(&o, va_arg(ap, double));
            break;
        case '%':
            put_char(&o, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: print it and stop */
            put_char(&o, '%');
            break;
        default:
            put_char(&o, '%');
            put_char(&o, *p);
            break;
        }
    }
    /* Mark truncation so a reader knows the message was cut, without
     * leaving half a UTF-8 character before the mark (a text that just
     * fills the buffer is not cut). */
    if (o.cut && size > 4) {
        size_t cut = size - 4;
        while (cut > 0 && ((unsigned char)buf[cut] & 0xc0u) == 0x80u)
            cut--;
        memcpy(buf + cut, "...", 4);
        o.len = cut + 3;
    }
    return o.len;
}

size_t kol__format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t n;
    va_start(ap, fmt);
    n = kol__vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
