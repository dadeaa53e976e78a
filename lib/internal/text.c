/* Validation of identity text and labels. */
#include "internal/base.h"

const char *kol__check_text(const char *s, size_t max, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    if (p[0] == '\0')
        return "is empty";
    while (p[i] != '\0') {
        unsigned char c = p[i];
        uint32_t cp;
        size_t n, k;

        if (i >= max)
            return "is too long";
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return "contains a control character";
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return "is not valid UTF-8";
        }
        for (k = 1; k <= n; k++) {
            unsigned char cc = p[i + k];
            if ((cc & 0xc0u) != 0x80u)
                return "is not valid UTF-8";
            cp = (cp << 6) | (cc & 0x3fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000))
            return "is not valid UTF-8";
        if (cp >= 0xd800 && cp <= 0xdfff)
            return "is not valid UTF-8";
        if (cp > 0x10ffff)
            return "is not valid UTF-8";
        i += n + 1;
    }
    if (i > max)
        return "is too long";
    if (len != NULL)
        *len = i;
    return NULL;
}
