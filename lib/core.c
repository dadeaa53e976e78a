/* Contexts, allocation, errors, progress and version. */
#include <stdlib.h>
#include <string.h>

#include "internal/base.h"

/* ---- status names ------------------------------------------------------ */

KOL_API const char *kol_status_str(int status)
{
    switch (status) {
    case KOL_STATUS_OK: return "ok";
    case KOL_STATUS_NOMEM: return "out of memory";
    case KOL_STATUS_INVALID_ARGUMENT: return "invalid argument";
    case KOL_STATUS_NOT_FINITE: return "not a finite number";
    case KOL_STATUS_OUT_OF_RANGE: return "value out of range";
    case KOL_STATUS_MISSING: return "value missing";
    case KOL_STATUS_NOT_FOUND: return "not found";
    case KOL_STATUS_DUPLICATE: return "duplicate";
    case KOL_STATUS_CALLBACK: return "stopped by a host callback";
    case KOL_STATUS_CANCELLED: return "cancelled by the progress callback";
    case KOL_STATUS_BAD_TEXT: return "bad text";
    case KOL_STATUS_TOO_LARGE: return "too large";
    case KOL_STATUS_UNKNOWN_ENUM: return "unknown enum value";
    case KOL_STATUS_EMPTY: return "empty input";
    case KOL_STATUS_BAD_STATE: return "bad state";
    case KOL_STATUS_CORRUPT: return "corrupt data";
    case KOL_STATUS_VERSION: return "unsupported format version";
    case KOL_STATUS_MISMATCH: return "incompatible objects";
    case KOL_STATUS_ORDER: return "timestamps out of order";
    case KOL_STATUS_INFEASIBLE: return "constraints cannot be met";
    default: return "unknown status";
    }
}

/* ---- default allocator ------------------------------------------------- */

static void *default_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void *default_realloc(void *user, void *ptr, size_t size)
{
    (void)user;
    return realloc(ptr, size);
}

static void default_free(void *user, void *ptr)
{
    (void)user;
    free(ptr);
}

/* ---- contexts ---------------------------------------------------------- */

KOL_API kol_status kol_ctx_new_with_allocator(kol_ctx **out,
                                              kol_malloc_fn alloc_fn,
                                              kol_realloc_fn realloc_fn,
                                              kol_free_fn free_fn, void *user)
{
    kol_ctx *ctx;

    if (out == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (alloc_fn == NULL || realloc_fn == NULL || free_fn == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = (kol_ctx *)alloc_fn(user, sizeof *ctx);
    if (ctx == NULL)
        return KOL_STATUS_NOMEM;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc_fn = alloc_fn;
    ctx->realloc_fn = realloc_fn;
    ctx->free_fn = free_fn;
    ctx->alloc_user = user;
    ctx->last_status = KOL_STATUS_OK;
    *out = ctx;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_ctx_new(kol_ctx **out)
{
    return kol_ctx_new_with_allocator(out, default_alloc, default_realloc,
                                      default_free, NULL);
}

KOL_API void kol_ctx_free(kol_ctx *ctx)
{
    if (ctx != NULL)
        ctx->free_fn(ctx->alloc_user, ctx);
}

KOL_API kol_status kol_ctx_last_status(const kol_ctx *ctx)
{
    return ctx != NULL ? ctx->last_status : KOL_STATUS_OK;
}

KOL_API const char *kol_ctx_last_error(const kol_ctx *ctx)
{
    return ctx != NULL ? ctx->message : "";
}

KOL_API int kol_ctx_callback_code(const kol_ctx *ctx)
{
    return ctx != NULL ? ctx->callback_code : 0;
}

KOL_API void kol_ctx_clear_error(kol_ctx *ctx)
{
    if (ctx != NULL) {
        ctx->last_status = KOL_STATUS_OK;
        ctx->callback_code = 0;
        ctx->message[0] = '\0';
    }
}

KOL_API kol_status kol_ctx_set_progress(kol_ctx *ctx, kol_progress_fn fn,
                                        void *user)
{
    if (ctx == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx->progress_fn = fn;
    ctx->progress_user = user;
    return KOL_STATUS_OK;
}

/* ---- errors ------------------------------------------------------------ */

kol_status kol__vfail(kol_ctx *ctx, kol_status status, const char *fmt,
                      va_list ap)
{
    if (ctx != NULL) {
        ctx->last_status = status;
        kol__vformat(ctx->message, sizeof ctx->message, fmt, ap);
    }
    return status;
}

kol_status kol__fail(kol_ctx *ctx, kol_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kol__vfail(ctx, status, fmt, ap);
    va_end(ap);
    return status;
}

kol_status kol__nomem_in(kol_ctx *ctx, kol_status st, const char *fn)
{
    char was[KOL__MSG_MAX];
    size_t n;
    /* cov: ctx == NULL never meets NOMEM (nothing is allocated without a
     * context); kept so that a NULL is never read */
    if (st != KOL_STATUS_NOMEM || ctx == NULL)
        return st;
    n = strlen(fn);
    /* cov: no call names itself in an out-of-memory message today (the
     * allocator's message comes unprefixed); kept so that a later one is
     * not prefixed twice */
    if (strncmp(ctx->message, fn, n) == 0 && ctx->message[n] == ':')
        return st;
    memcpy(was, ctx->message, sizeof was);
    return kol__fail(ctx, st, "%s: %s", fn, was);
}

kol_status kol__callback_stop(kol_ctx *ctx, kol_status status, int code,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kol__vfail(ctx, status, fmt, ap);
    va_end(ap);
    if (ctx != NULL)
        ctx->callback_code = code;
    return status;
}

kol_status kol__busy(kol_ctx *ctx, const char *fn, const char *running)
{
    return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                     "%s: called from a callback of %s, which is still "
                     "running and uses this object; make the call after %s "
                     "returns",
                     fn, running, running);
}

kol_status kol__progress(kol_ctx *ctx, uint64_t done, uint64_t total,
                         const char *what)
{
    int rc;
    if (ctx == NULL || ctx->progress_fn == NULL)
        return KOL_STATUS_OK;
    rc = ctx->progress_fn(ctx->progress_user, done, total);
    if (rc == 0)
        return KOL_STATUS_OK;
    /* A total of 0 means "not known in advance" (kol_progress_fn), not an
     * operation of 0 units. */
    if (total == 0)
        return kol__callback_stop(ctx, KOL_STATUS_CANCELLED, rc,
                                  "%s: cancelled by the progress callback "
                                  "(returned %d) at %L (total unknown)",
                                  what, rc, done);
    return kol__callback_stop(ctx, KOL_STATUS_CANCELLED, rc,
                              "%s: cancelled by the progress callback "
                              "(returned %d) at %L of %L",
                              what, rc, done, total);
}

/* ---- allocation -------------------------------------------------------- */

static void *nomem(kol_ctx *ctx, size_t count, size_t size)
{
    if (size == 1)
        kol__fail(ctx, KOL_STATUS_NOMEM, "out of memory allocating %z bytes",
                  count);
    else
        kol__fail(ctx, KOL_STATUS_NOMEM,
                  "out of memory allocating %z items of %z bytes", count,
                  size);
    return NULL;
}

void *kol__alloc(kol_ctx *ctx, size_t size)
{
    void *p = ctx->alloc_fn(ctx->alloc_user, size > 0 ? size : 1);
    return p != NULL ? p : nomem(ctx, size, 1);
}

void *kol__alloc_array(kol_ctx *ctx, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return nomem(ctx, count, size);
    return kol__alloc(ctx, count * size);
}

void *kol__calloc_array(kol_ctx *ctx, size_t count, size_t size)
{
    void *p = kol__alloc_array(ctx, count, size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void *kol__realloc_array(kol_ctx *ctx, void *ptr, size_t count, size_t size)
{
    size_t bytes;
    void *p;
    if (ptr == NULL)
        return kol__alloc_array(ctx, count, size);
    if (size != 0 && count > SIZE_MAX / size)
        return nomem(ctx, count, size);
    bytes = count * size;
    p = ctx->realloc_fn(ctx->alloc_user, ptr, bytes > 0 ? bytes : 1);
    return p != NULL ? p : nomem(ctx, count, size);
}

void kol__free(kol_ctx *ctx, void *ptr)
{
    if (ptr != NULL)
        ctx->free_fn(ctx->alloc_user, ptr);
}

char *kol__strndup(kol_ctx *ctx, const char *s, size_t len)
{
    char *p;
    if (len == SIZE_MAX)
        return (char *)nomem(ctx, len, 1);
    p = (char *)kol__alloc(ctx, len + 1);
    if (p != NULL) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ---- version ----------------------------------------------------------- */

KOL_API uint32_t kol_version(void)
{
    return (uint32_t)KOL_VERSION_NUMBER;
}

KOL_API const char *kol_version_string(void)
{
    return KOL_VERSION_STRING;
}
