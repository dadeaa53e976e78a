/* Shared internals: the context, allocation through the context's
 * allocator, error reporting and progress. Never included by a public
 * header. */
#ifndef KOL_INTERNAL_BASE_H
#define KOL_INTERNAL_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kol/core.h"

#include "fp.h"

/* Longest error message kept, including the NUL. Messages are truncated
 * (with "...") beyond it; the buffer lives in the context so that reporting
 * an error never allocates. */
#define KOL__MSG_MAX 512

struct kol_ctx {
    kol_malloc_fn alloc_fn;
    kol_realloc_fn realloc_fn;
    kol_free_fn free_fn;
    void *alloc_user;
    kol_progress_fn progress_fn;
    void *progress_user;
    kol_status last_status;
    int callback_code;
    char message[KOL__MSG_MAX];
};

/* Allocation through the context. Each returns NULL on failure (or on a
 * size overflow) after recording KOL_STATUS_NOMEM with a message naming the
 * size; a caller that knows better may overwrite the message. A zero size
 * is allocated as one byte so that NULL always means failure. */
void *kol__alloc(kol_ctx *ctx, size_t size);
void *kol__alloc_array(kol_ctx *ctx, size_t count, size_t size);
void *kol__calloc_array(kol_ctx *ctx, size_t count, size_t size);
void *kol__realloc_array(kol_ctx *ctx, void *ptr, size_t count, size_t size);
void kol__free(kol_ctx *ctx, void *ptr);
/* Copy len bytes of s and a NUL. */
char *kol__strndup(kol_ctx *ctx, const char *s, size_t len);

/* Record an error and return its status. The format understands:
 *   %s  const char *          (NULL prints "(null)")
 *   %q  const char *, quoted  ('...', at most 48 bytes then "...",
 *                              control bytes as \xNN)
 *   %r  const char *, a record's id: quoted as %q; NULL prints "(no id)"
 *                    unquoted, which no id (always quoted) can read as
 *   %d  int        %u  unsigned int
 *   %z  size_t     %l  int64_t      %L  uint64_t
 *   %g  double     (whole numbers below 2^53 exactly, else the shortest
 *                   decimal that reads back as the same double, 1 to 17
 *                   significant digits; nan, inf, -inf; -0 as 0)
 *   %%  a percent sign
 * Messages name what was wrong and where: object, field, row. */
kol_status kol__fail(kol_ctx *ctx, kol_status status, const char *fmt, ...);
kol_status kol__vfail(kol_ctx *ctx, kol_status status, const char *fmt,
                      va_list ap);

/* When st is KOL_STATUS_NOMEM, puts "fn: " before the context's message
 * (the allocator's "out of memory allocating ..."), so that it names the
 * public call that ran out, unless it names it already. Returns st. */
kol_status kol__nomem_in(kol_ctx *ctx, kol_status st, const char *fn);

/* Record that a host callback stopped an operation: status is
 * KOL_STATUS_CALLBACK or KOL_STATUS_CANCELLED, code is what the callback
 * returned. */
kol_status kol__callback_stop(kol_ctx *ctx, kol_status status, int code,
                              const char *fmt, ...);

/* Calls on a handle from inside one of its own callbacks. A handle whose
 * call runs host callbacks (read, reject, emit, custom metric, progress)
 * keeps that call's name in a `busy` field for the duration; its public
 * functions that would change it check the field first and, when it is
 * set, return this: KOL_STATUS_BAD_STATE, with a message naming fn (the
 * refused call) and running (the call whose callback made it). Getters
 * stay allowed. */
kol_status kol__busy(kol_ctx *ctx, const char *fn, const char *running);

/* A public call that runs host callbacks over its whole length (a fill, a
 * run) enters with its handle's busy field: refused as above when the
 * field is set, else the field is set to fn. kol__leave() clears it and
 * passes the call's status on. */
static inline kol_status kol__enter(kol_ctx *ctx, const char **busy,
                                    const char *fn)
{
    if (*busy != NULL)
        return kol__busy(ctx, fn, *busy);
    *busy = fn;
    return KOL_STATUS_OK;
}

static inline kol_status kol__leave(const char **busy, kol_status st)
{
    *busy = NULL;
    return st;
}

/* Report progress through the context's callback, if any. Returns
 * KOL_STATUS_OK to go on, or KOL_STATUS_CANCELLED (recorded, with what
 * naming the operation) when the callback asked to stop. */
kol_status kol__progress(kol_ctx *ctx, uint64_t done, uint64_t total,
                         const char *what);

/* Format into buf (size bytes, always NUL-terminated when size > 0) with
 * the same specifiers as kol__fail. Returns the length written. */
size_t kol__format(char *buf, size_t size, const char *fmt, ...);
size_t kol__vformat(char *buf, size_t size, const char *fmt, va_list ap);

/* Text accepted in identity fields and labels: non-empty, at most max
 * bytes, valid UTF-8 (no overlongs, no surrogates, nothing above
 * U+10FFFF), no C0 control bytes and no DEL. Returns NULL when acceptable
 * (and stores the length), or a static phrase saying what is wrong. */
const char *kol__check_text(const char *s, size_t max, size_t *len);

#endif /* KOL_INTERNAL_BASE_H */
