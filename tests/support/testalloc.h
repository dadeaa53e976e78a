/* Test support shared by every libkol unit test program.
 *
 *  - testalloc: a counting allocator for kol_ctx_new_with_allocator(). It
 *    counts live blocks and bytes, can fail the Nth allocation (malloc and
 *    realloc calls both count) or every allocation from the Nth on, checks
 *    the promises of core.h (size never 0, pointers never NULL, blocks only
 *    from this allocator, the user pointer passed unchanged) and reports
 *    leaks block by block.
 *  - testalloc_loop(): the allocation-failure loop (SQLite test_malloc.c,
 *    expat alloc_tests.c style), generic over function pointers and user
 *    data so that every module's tests can reuse it.
 *  - testbuf: a growable text buffer (plain malloc, never the counted
 *    allocator) used to take snapshots of object state, with dumpers for
 *    records and rosters that show every observable value exactly (%a).
 *  - message and status assertions that print the context's message.
 *
 * The support code itself uses stdio; only lib/ is forbidden I/O. */
#ifndef KOL_TEST_SUPPORT_TESTALLOC_H
#define KOL_TEST_SUPPORT_TESTALLOC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kol.h"

/* ------------------------------------------------------------------ */
/* Counting allocator                                                 */
/* ------------------------------------------------------------------ */

/* Failure modes of the allocator. */
enum {
    TESTALLOC_FAIL_NONE = 0,
    /* Fail exactly one allocation (the Nth after arming); later ones
     * succeed again, which exercises recovery paths. */
    TESTALLOC_FAIL_NTH = 1,
    /* Fail the Nth allocation after arming and every one after it. */
    TESTALLOC_FAIL_FROM = 2
};

typedef struct testalloc_block testalloc_block;

typedef struct testalloc {
    unsigned magic;         /* checks that the user pointer is passed as is */
    size_t live_blocks;     /* blocks handed out and not yet freed */
    size_t live_bytes;      /* bytes in those blocks */
    size_t peak_bytes;      /* largest live_bytes seen */
    uint64_t calls;         /* malloc + realloc calls, failed ones included */
    uint64_t mallocs;       /* malloc calls */
    uint64_t reallocs;      /* realloc calls */
    uint64_t frees;         /* free calls */
    uint64_t injected;      /* failures injected since the last arming */
    uint64_t bad_calls;     /* broken promises: size 0, NULL or foreign
                               pointer, double free, wrong user pointer */
    int fail_mode;          /* TESTALLOC_FAIL_* */
    uint64_t fail_at;       /* value of calls that fails (1-based) */
    uint64_t serial;        /* serial number of the last block made */
    testalloc_block *head;  /* live blocks, newest first */
} testalloc;

/* Start counting from zero (nothing live, no failure armed). */
void testalloc_init(testalloc *ta);

/* The three functions for kol_ctx_new_with_allocator(); user is the
 * testalloc. */
void *testalloc_malloc(void *user, size_t size);
void *testalloc_realloc(void *user, void *ptr, size_t size);
void testalloc_free(void *user, void *ptr);

/* kol_ctx_new_with_allocator() with the three functions above. */
kol_status testalloc_ctx_new(testalloc *ta, kol_ctx **out);

/* Fail the nth allocation call from now on (n >= 1): only that one, or
 * that one and all later ones. */
void testalloc_fail_nth(testalloc *ta, uint64_t n);
void testalloc_fail_from(testalloc *ta, uint64_t n);
/* Let every allocation succeed again. */
void testalloc_disarm(testalloc *ta);

/* Print every live block (serial number and size) through cmocka's
 * print_error and return how many there are. */
size_t testalloc_report_leaks(const testalloc *ta);

/* Assert that nothing is live and no promise was broken; prints the leaks
 * otherwise. */
#define testalloc_assert_clean(ta) \
    testalloc_assert_clean_at((ta), __FILE__, __LINE__)
void testalloc_assert_clean_at(const testalloc *ta, const char *file,
                               int line);

/* ------------------------------------------------------------------ */
/* Snapshot buffer                                                    */
/* ------------------------------------------------------------------ */

typedef struct testbuf {
    char *text;  /* always NUL-terminated after testbuf_init() */
    size_t len;
    size_t cap;
} testbuf;

void testbuf_init(testbuf *b);
void testbuf_reset(testbuf *b);   /* empty it, keep the storage */
void testbuf_free(testbuf *b);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void testbuf_printf(testbuf *b, const char *fmt, ...);

/* Every observable value of a record: text fields, every metric (exact,
 * "-" for missing), every portrait dimension in order. Taking a snapshot
 * of a consistent object makes no failing call, so it leaves the
 * context's last error alone. */
void testbuf_record(testbuf *b, const kol_record *rec);
/* Size, then every record in order; also checks that kol_roster_find()
 * finds each record at its position. */
void testbuf_roster(testbuf *b, const kol_roster *roster);

/* ------------------------------------------------------------------ */
/* Allocation-failure loop                                            */
/* ------------------------------------------------------------------ */

/* One operation to run under allocation failure. Only run is required.
 *
 * The loop first makes one reference run with no failure: setup, snapshot
 * ("before"), run (must return KOL_STATUS_OK), snapshot ("after"), then
 * check_success, teardown, and the context freed. It counts A, the
 * allocations run made. Then, for n = 1, 2, ...:
 *   setup; snapshot, which must equal "before"; allocation n fails
 *   (TESTALLOC_FAIL_NTH: that one only; TESTALLOC_FAIL_FROM: it and all
 *   later ones); run.
 *   - If no failure was injected, run must return OK and the state must
 *     equal "after"; the loop ends.
 *   - If run returned KOL_STATUS_NOMEM: the context (when setup gave one)
 *     must hold KOL_STATUS_NOMEM and a non-empty message naming memory or
 *     allocation; the snapshot must equal "before"; the live blocks must be
 *     as many as before the run (unless allow_retained); check_failed is
 *     called; then run is called again with no failure and must succeed
 *     and give "after" (the object is still usable).
 *   - If run returned OK although an allocation failed (the operation
 *     recovered), the state must equal "after".
 *   - Any other status fails the test.
 *   teardown; the context is freed; nothing may be left live.
 *
 * Callbacks get op->user. */
typedef struct testalloc_op {
    const char *name;  /* printed in failure messages */
    void *user;
    /* Make the objects the operation works on, allocating through ta (use
     * testalloc_ctx_new). Return the context made, or NULL when run makes
     * its own. May be NULL. */
    kol_ctx *(*setup)(void *user, testalloc *ta);
    /* The operation. */
    kol_status (*run)(void *user);
    /* Describe the observable state. May be NULL. */
    void (*snapshot)(void *user, testbuf *out);
    /* Extra checks after a run that returned KOL_STATUS_NOMEM (for
     * example "out set to NULL"). May be NULL. */
    void (*check_failed)(void *user);
    /* Extra checks after a successful run. May be NULL. */
    void (*check_success)(void *user);
    /* Free every object setup and run made, except the context returned by
     * setup (the loop frees it). May be NULL. */
    void (*teardown)(void *user);
    /* Accept a failed run that leaves more live blocks than before it (for
     * example a growth kept for later); leaks at the end are still
     * refused. */
    int allow_retained;
    /* A second status accepted from a run in which an allocation failed,
     * checked like KOL_STATUS_NOMEM except for the message (0: none). For
     * an operation that calls host callbacks which allocate through the
     * same context: a setter in the callback gets KOL_STATUS_NOMEM, the
     * callback returns non-zero, and the operation returns
     * KOL_STATUS_CALLBACK; it must still leave the object unchanged. */
    kol_status also_accept;
} testalloc_op;

/* Which modes testalloc_loop() runs (both by default: pass 0). */
#define TESTALLOC_MODE_NTH 1
#define TESTALLOC_MODE_FROM 2

/* Run the loop; returns the number of runs that returned
 * KOL_STATUS_NOMEM (over the modes run). A test normally asserts that
 * this is positive, which proves the operation allocates at all. */
#define testalloc_loop(op, modes) \
    testalloc_loop_at((op), (modes), __FILE__, __LINE__)
unsigned testalloc_loop_at(const testalloc_op *op, int modes,
                           const char *file, int line);

/* ------------------------------------------------------------------ */
/* Messages and statuses                                              */
/* ------------------------------------------------------------------ */

/* Whether msg contains, ignoring ASCII case, any of the alternatives in
 * alts, separated by '|'. */
int testmsg_has(const char *msg, const char *alts);
/* Whether msg contains the decimal number v as a whole token (not part of
 * a longer run of digits; a '-' before it counts only for negative v). */
int testmsg_has_number(const char *msg, long long v);
/* Whether st and the context's last error are the refusal of a call made
 * from a callback of a running call that uses the same object (the
 * callback rules of kol/core.h): status KOL_STATUS_BAD_STATE returned and recorded,
 * and a message that starts "<fn>: called from a callback of <running>"
 * and says to "make the call after <running> returns". */
int testmsg_refused(const kol_ctx *ctx, int st, const char *fn,
                    const char *running);

/* A refused allocation is reported under the public call's name (the
 * message of kol__nomem_in, lib/core.c): when st is KOL_STATUS_NOMEM,
 * assert that the context's message starts with "<fn>: " and names memory.
 * Returns st, so that it wraps the call under test:
 *     return assert_nomem_named(ctx, kol_tiers_new(ctx, 0, &t),
 *                               "kol_tiers_new"); */
#define assert_nomem_named(ctx, expr, fn) \
    testmsg_nomem_named((ctx), (expr), (fn), __FILE__, __LINE__)
kol_status testmsg_nomem_named(const kol_ctx *ctx, kol_status st,
                               const char *fn, const char *file, int line);

/* Assert the call's status; on mismatch print both names and the
 * context's message. */
#define assert_status(ctx, expr, want) \
    testmsg_assert_status((ctx), (int)(expr), (int)(want), #expr, __FILE__, \
                          __LINE__)
void testmsg_assert_status(const kol_ctx *ctx, int got, int want,
                           const char *expr, const char *file, int line);

/* Assert that the context's last status is want and its message is
 * non-empty and contains one of alts (NULL: any non-empty message). */
#define assert_last_error(ctx, want, alts) \
    testmsg_assert_last((ctx), (int)(want), (alts), __FILE__, __LINE__)
void testmsg_assert_last(const kol_ctx *ctx, int want, const char *alts,
                         const char *file, int line);

/* Assert that the context's message contains the number v as a token. */
#define assert_msg_number(ctx, v) \
    testmsg_assert_number((ctx), (long long)(v), __FILE__, __LINE__)
void testmsg_assert_number(const kol_ctx *ctx, long long v, const char *file,
                           int line);

/* Assert two doubles are within eps (exact when eps is 0; NaN never
 * equal). */
#define assert_double_near(a, b, eps) \
    testmsg_assert_double((a), (b), (eps), #a, __FILE__, __LINE__)
void testmsg_assert_double(double a, double b, double eps, const char *expr,
                           const char *file, int line);

/* Assert two snapshots are equal; on mismatch print both. */
#define assert_snap_equal(a, b) \
    testmsg_assert_snap((a), (b), __FILE__, __LINE__)
void testmsg_assert_snap(const char *a, const char *b, const char *file,
                         int line);

#endif /* KOL_TEST_SUPPORT_TESTALLOC_H */
