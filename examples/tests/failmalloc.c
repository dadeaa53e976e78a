/* An allocation-failure shim for the `kol` command's tests
 * (examples/tests/cli_oom_check.sh), loaded with LD_PRELOAD on Linux.
 *
 * It wraps malloc, calloc and realloc (the C library's, found with
 * dlsym(RTLD_NEXT)) and counts every call, in the command, in libkol and
 * in the C library itself (stdio buffers, fopen):
 *   KOL_FAIL_AT=N     the N-th call (1-based) returns NULL with errno
 *                     ENOMEM; every other call succeeds;
 *   KOL_FAIL_COUNT=1  the number of calls is written to standard error at
 *                     exit, as "kol-failmalloc: N allocations".
 * With neither set it changes nothing. Before dlsym has found the C
 * library's functions (dlsym itself may allocate), requests are served
 * from a small static arena that is never freed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static long fail_at = -1;
static long calls;
static int ready, starting;

/* the arena for the allocations made while dlsym runs */
static _Alignas(max_align_t) unsigned char arena[8192];
static size_t arena_used;

static int in_arena(const void *p)
{
    return (const unsigned char *)p >= arena &&
           (const unsigned char *)p < arena + sizeof arena;
}

static void *arena_alloc(size_t n)
{
    size_t a = _Alignof(max_align_t);
    size_t need = (n + a - 1) / a * a;
    void *p;
    if (need > sizeof arena - arena_used)
        return NULL;
    p = arena + arena_used;
    arena_used += need;
    return p;
}

/* The next definition of a function, stored into the function pointer
 * at fn (of size bytes): ISO C has no conversion from dlsym's object
 * pointer to a function pointer, POSIX guarantees the representation. */
static void symbol(void *fn, size_t size, const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    memcpy(fn, &p, size);
}

static void start(void)
{
    const char *v;
    if (ready || starting)
        return;
    starting = 1;
    symbol(&next_malloc, sizeof next_malloc, "malloc");
    symbol(&next_calloc, sizeof next_calloc, "calloc");
    symbol(&next_realloc, sizeof next_realloc, "realloc");
    symbol(&next_free, sizeof next_free, "free");
    v = getenv("KOL_FAIL_AT");
    fail_at = v != NULL ? strtol(v, NULL, 10) : -1;
    ready = next_malloc && next_calloc && next_realloc && next_free;
    starting = 0;
}

/* Whether this call is the one to fail. */
static int fails(void)
{
    return ++calls == fail_at;
}

__attribute__((destructor)) static void report(void)
{
    char line[64];
    int n;
    if (getenv("KOL_FAIL_COUNT") == NULL)
        return;
    n = snprintf(line, sizeof line, "kol-failmalloc: %ld allocations\n",
                 calls);
    if (n > 0)
        (void)!write(2, line, (size_t)n);
}

void *malloc(size_t n)
{
    start();
    if (!ready)
        return arena_alloc(n);
    if (fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return next_malloc(n);
}

void *calloc(size_t count, size_t size)
{
    start();
    if (!ready) {
        void *p;
        if (size != 0 && count > (size_t)-1 / size)
            return NULL;
        p = arena_alloc(count * size);
        if (p != NULL)
            memset(p, 0, count * size);
        return p;
    }
    if (fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return next_calloc(count, size);
}

void *realloc(void *p, size_t n)
{
    start();
    if (!ready || in_arena(p)) {
        /* a block of the arena moves to the C library's heap (its old
         * size is unknown, but never above what is left after it) */
        void *q = ready ? next_malloc(n) : arena_alloc(n);
        if (q != NULL && p != NULL) {
            size_t left = (size_t)(arena + sizeof arena -
                                   (const unsigned char *)p);
            memcpy(q, p, n < left ? n : left);
        }
        return q;
    }
    if (fails()) {
        errno = ENOMEM;
        return NULL;
    }
    return next_realloc(p, n);
}

void free(void *p)
{
    if (p == NULL || in_arena(p))
        return;
    start();
    if (next_free != NULL)
        next_free(p);
}
