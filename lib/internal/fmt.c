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

/* Exact arithmetic for put_double: unsigned integers of up to
 * BIG_WORDS * 32 bits, least significant word first, n words in use (no
 * leading zero words). The conversion's numbers stay below 2^900 (5^324
 * times 2^53, a few bits of scaling and a digit), so 40 words leave room. */
#define BIG_WORDS 40

struct big {
    int n;
    uint32_t w[BIG_WORDS];
};

static void big_set(struct big *a, uint64_t v)
{
    a->n = 0;
    while (v != 0) {
        a->w[a->n++] = (uint32_t)v;
        v >>= 32;
    }
}

static void big_shl(struct big *a, int bits)
{
    int words = bits / 32, b = bits % 32, i;
    /* cov: never true: r, s and m are positive when shifted (kept so that
     * a zero never gains leading zero words) */
    if (a->n == 0)
        return;
    if (b != 0) {
        uint32_t carry = 0;
        for (i = 0; i < a->n; i++) {
            uint32_t w = a->w[i];
            a->w[i] = (w << b) | carry;
            carry = w >> (32 - b);
        }
        if (carry != 0)
            a->w[a->n++] = carry;
    }
    if (words != 0) {
        for (i = a->n - 1; i >= 0; i--)
            a->w[i + words] = a->w[i];
        for (i = 0; i < words; i++)
            a->w[i] = 0;
        a->n += words;
    }
}

static void big_mul_small(struct big *a, uint32_t m)
{
    uint32_t *w = a->w;
    uint64_t carry = 0;
    int i, n = a->n;
    for (i = 0; i < n; i++) {
        carry += (uint64_t)w[i] * m;
        w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    if (carry != 0)
        w[a->n++] = (uint32_t)carry;
}

static void big_mul_pow5(struct big *a, int k)
{
    static const uint32_t p5[14] = {
        1u,       5u,        25u,        125u,       625u,
        3125u,    15625u,    78125u,     390625u,    1953125u,
        9765625u, 48828125u, 244140625u, 1220703125u};
    for (; k >= 13; k -= 13)
        big_mul_small(a, p5[13]);
    if (k > 0)
        big_mul_small(a, p5[k]);
}

/* One digit step: r = 10 r - q s and m = 10 m, where r < s, m < s,
 * q s <= 10 r, and s < 2^(32 s->n) / 10 (so both results fit in s->n
 * words). */
static void big_digit_step(struct big *r, struct big *m, const struct big *s,
                           uint32_t q)
{
    uint32_t *w = r->w, *mw = m->w;
    const uint32_t *v = s->w;
    uint64_t ten = 0, prod = 0, mten = 0, t;
    uint32_t borrow = 0;
    int i, n = s->n;
    for (i = r->n; i < n; i++)
        w[i] = 0;
    for (i = m->n; i < n; i++)
        mw[i] = 0;
    for (i = 0; i < n; i++) {
        ten += (uint64_t)w[i] * 10u;
        prod += (uint64_t)v[i] * q;
        mten += (uint64_t)mw[i] * 10u;
        t = (uint64_t)(uint32_t)ten - (uint32_t)prod - borrow;
        w[i] = (uint32_t)t;
        mw[i] = (uint32_t)mten;
        borrow = (uint32_t)(t >> 63);
        ten >>= 32;
        prod >>= 32;
        mten >>= 32;
    }
    r->n = n;
    /* cov: the n > 0 tests stay true: m (a half gap) is never 0, and a
     * remainder of 0 comes out of the correction in shortest_digits()
     * (big_sub), not out of this step, in every test; kept for safety */
    while (r->n > 0 && w[r->n - 1] == 0)
        r->n--;
    m->n = n;
    /* cov: as above */
    while (m->n > 0 && mw[m->n - 1] == 0)
        m->n--;
}

/* a -= b, where b <= a. */
static void big_sub(struct big *a, const struct big *b)
{
    uint32_t *w = a->w;
    uint64_t t;
    uint32_t borrow = 0;
    int i, n = a->n;
    for (i = 0; i < n; i++) {
        /* cov: i < b->n stays true: the only caller subtracts s from an
         * r >= s of as many words */
        t = (uint64_t)w[i] - (i < b->n ? b->w[i] : 0u) - borrow;
        w[i] = (uint32_t)t;
        borrow = (uint32_t)(t >> 63);
    }
    while (a->n > 0 && w[a->n - 1] == 0)
        a->n--;
}

static int big_cmp(const struct big *a, const struct big *b)
{
    int i;
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (i = a->n - 1; i >= 0; i--) {
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

/* The sign of a + (m << sh) - b, sh 0 or 1, from the top word down
 * (usually decided by the first word or two). */
static int big_cmp_sum(const struct big *a, const struct big *m, int sh,
                       const struct big *b)
{
    int64_t diff = 0;
    int top = a->n > b->n ? a->n : b->n, i;
    if (m->n + 1 > top)
        top = m->n + 1;
    for (i = top - 1; i >= 0; i--) {
        uint64_t mw = i < m->n ? (uint64_t)m->w[i] << sh : 0u;
        /* cov: i - 1 < m->n stays true: top is at most m->n + 1 */
        if (sh != 0 && i > 0 && i - 1 < m->n)
            mw |= m->w[i - 1] >> 31;
        mw &= 0xffffffffu;
        /* The words below i add less than 2^(32 i) to a + (m << sh)
         * and to b, so diff >= 1 or diff <= -2 decides; otherwise diff is
         * -1 or 0 and this stays far inside int64_t. */
        diff = diff * ((int64_t)1 << 32) + (int64_t)(i < a->n ? a->w[i] : 0u) +
               (int64_t)mw - (int64_t)(i < b->n ? b->w[i] : 0u);
        if (diff >= 1)
            return 1;
        if (diff <= -2)
            return -1;
    }
    return diff < 0 ? -1 : 0;
}

/* The shortest decimal that reads back as x (finite, positive): the
 * fewest significant digits whose value rounds to x under round-to-
 * nearest-even, and among those the one nearest x (an exact tie goes to
 * the even digit). Free-format printing of Steele and White, "How to
 * print floating-point numbers accurately" (1990), with the boundary and
 * scaling corrections of Burger and Dybvig (1996), in exact integer
 * arithmetic. Writes the digits (no trailing zeros) to d and returns
 * their count; *exp10 is the decimal exponent of the first digit. */
static int shortest_digits(double x, char d[17], int *exp10)
{
    struct big r, s, m;
    uint64_t bits, f;
    int be, k, nd = 0, inclusive, unequal, er, es, em, emin;

    memcpy(&bits, &x, sizeof bits);
    f = bits & ((UINT64_C(1) << 52) - 1u);
    be = (int)((bits >> 52) & 0x7ffu);
    if (be == 0) {
        be = -1074;
    } else {
        f |= UINT64_C(1) << 52;
        be -= 1075;
    }
    /* x = f * 2^be. The numbers that read back as x are those within
     * half a gap of it; the gap below is half the gap above when x is a
     * power of two other than the smallest normal ("unequal"). With
     * everything scaled by 2 (by 4 when unequal): x = r / s, the half gap
     * below is m / s and the half gap above (m << unequal) / s. The
     * boundaries themselves read back as x when f is even (ties go to
     * the even significand). */
    inclusive = (f & 1u) == 0;
    unequal = f == (UINT64_C(1) << 52) && be > -1074;

    /* k: the smallest integer with x plus the upper half gap below 10^k
     * (at most 10^k when that boundary does not read back as x), so that
     * the first digit is that of 10^(k-1). An estimate from the binary
     * exponent (78913 / 2^18 is just below log10(2)), corrected below. */
    {
        int bitlen = 0;
        uint64_t v = f;
        while (v != 0) {
            bitlen++;
            v >>= 1;
        }
        k = bitlen + be; /* 2^(k-1) <= x < 2^k */
        k = k >= 0 ? (int)(((int64_t)k * 78913) >> 18)
                   : -(int)(((int64_t)-k * 78913) >> 18);
    }
    /* r, s and m are odd parts times 2^er, 2^es and 2^em; s takes 10^k
     * (r and m 10^-k). The common power of two is left out, which keeps
     * the numbers a third shorter. */
    big_set(&r, f);
    big_set(&s, 1);
    big_set(&m, 1);
    er = (be >= 0 ? be : 0) + 1 + unequal;
    es = (be >= 0 ? 0 : -be) + 1 + unequal;
    em = be >= 0 ? be : 0;
    if (k >= 0) {
        big_mul_pow5(&s, k);
        es += k;
    } else {
        big_mul_pow5(&r, -k);
        big_mul_pow5(&m, -k);
        er -= k;
        em -= k;
    }
    emin = er < es ? er : es;
    emin = em < emin ? em : emin;
    big_shl(&r, er - emin);
    big_shl(&s, es - emin);
    big_shl(&m, em - emin);

    for (;;) { /* estimate too low */
        int c = big_cmp_sum(&r, &m, unequal, &s);
        /* cov: a boundary exactly at 10^k (c == 0) comes with 4 test
         * values only, all of one parity: one side of the parity test is
         * untaken */
        if (c < 0 || (c == 0 && !inclusive))
            break;
        big_mul_small(&s, 10);
        k++;
    }
    for (;;) { /* estimate too high: compare 10 (r + upper gap) with s */
        struct big tr = r, tm = m;
        int c;
        big_mul_small(&tr, 10);
        big_mul_small(&tm, 10);
        c = big_cmp_sum(&tr, &tm, unequal, &s);
        /* cov: as above, one side of the parity test is untaken */
        if (c > 0 || (c == 0 && inclusive))
            break;
        big_mul_small(&r, 10);
        big_mul_small(&m, 10);
        k--;
    }

    /* Scale r, s and m alike so that the top word of s lies in
     * [2^27, 2^28): then 10 r < 10 s has as many words as s, and the top
     * words give each digit exactly or one too low. */
    {
        uint32_t top = s.w[s.n - 1];
        int bit = 31, sh;
        while (!(top >> bit))
            bit--;
        sh = bit <= 27 ? 27 - bit : 59 - bit;
        big_shl(&r, sh);
        big_shl(&s, sh);
        big_shl(&m, sh);
    }

    for (;;) {
        uint32_t digit = 0;
        int low, high, c;
        /* r = 10 r - digit s, the digit estimated from the top words,
         * then corrected */
        if (r.n == s.n)
            digit = (uint32_t)(((uint64_t)r.w[r.n - 1] * 10u) /
                               (s.w[s.n - 1] + 1u));
        big_digit_step(&r, &m, &s, digit);
        while (big_cmp(&r, &s) >= 0) {
            big_sub(&r, &s);
            digit++;
        }
        c = big_cmp(&r, &m);
        low = c < 0 || (c == 0 && inclusive);
        c = big_cmp_sum(&r, &m, unequal, &s);
        high = c > 0 || (c == 0 && inclusive);
        if (!low && !high) {
            d[nd++] = (char)('0' + digit);
            continue;
        }
        if (low && high) {
            /* both digit and digit + 1 read back as x: the nearer one */
            c = big_cmp_sum(&r, &r, 0, &s);
            if (c > 0 || (c == 0 && digit % 2 != 0))
                digit++;
        } else if (high) {
            digit++;
        }
        d[nd++] = (char)('0' + digit);
        break;
    }
    /* cov: never loops: free-format digits end at the first digit that
     * makes the number read back, never a 0 (kept for safety) */
    while (nd > 1 && d[nd - 1] == '0')
        nd--;
    *exp10 = k - 1;
    return nd;
}

/* Whole numbers below 2^53 in magnitude are written exactly; anything
 * else as the shortest decimal that reads back as the same double (1 to
 * 17 significant digits, so two different values never print the same),
 * in fixed notation for exponents -5..14 and scientific notation
 * otherwise. */
static void put_double(struct out *o, double x)
{
    char d[17];
    int e, nd, i;

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
    nd = shortest_digits(x, d, &e);

    if (e >= -5 && e < 15) {
        if (e >= 0) {
            /* A value here is not a whole number below 2^53 (written
             * above) and is below 10^15, so its shortest digits reach
             * past the point: nd > e + 1. The two tests below are kept so
             * that no unwritten digit is ever read. */
            for (i = 0; i <= e; i++)
                /* cov: the '0' is never taken (nd > e + 1) */
                put_char(o, i < nd ? d[i] : '0');
            /* cov: never false (nd > e + 1) */
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
        case 'r': {
            const char *id = va_arg(ap, const char *);
            if (id != NULL)
                put_quoted(&o, id);
            else
                put_str(&o, "(no id)");
            break;
        }
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
