/* Test support: counting allocator, allocation-failure loop, snapshots and
 * message assertions. See testalloc.h. */
#include "testalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TESTALLOC_MAGIC 0x7e57a110u
#define BLOCK_MAGIC 0xb10cb10cu
#define BLOCK_DEAD 0xdeadb10cu

/* Header in front of every block; the union keeps the payload aligned as
 * malloc would. */
struct testalloc_block {
    union {
        struct {
            unsigned magic;
            size_t size;
            uint64_t serial;
            testalloc_block *prev;
            testalloc_block *next;
            testalloc *owner;
        } h;
        max_align_t align;
    } u;
};

static testalloc *owner_of(void *user)
{
    testalloc *ta = user;
    if (ta == NULL || ta->magic != TESTALLOC_MAGIC) {
        print_error("testalloc: the allocator's user pointer was not "
                    "passed unchanged (%p)\n", user);
        abort();
    }
    return ta;
}

void testalloc_init(testalloc *ta)
{
    memset(ta, 0, sizeof *ta);
    ta->magic = TESTALLOC_MAGIC;
}

/* Whether the next allocation call must fail; counts the call. */
static int should_fail(testalloc *ta)
{
    ta->calls++;
    switch (ta->fail_mode) {
    case TESTALLOC_FAIL_NTH:
        if (ta->calls == ta->fail_at) {
            ta->injected++;
            return 1;
        }
        return 0;
    case TESTALLOC_FAIL_FROM:
        if (ta->calls >= ta->fail_at) {
            ta->injected++;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

static void link_block(testalloc *ta, testalloc_block *b, size_t size)
{
    b->u.h.magic = BLOCK_MAGIC;
    b->u.h.size = size;
    b->u.h.serial = ++ta->serial;
    b->u.h.owner = ta;
    b->u.h.prev = NULL;
    b->u.h.next = ta->head;
    if (ta->head != NULL)
        ta->head->u.h.prev = b;
    ta->head = b;
    ta->live_blocks++;
    ta->live_bytes += size;
    if (ta->live_bytes > ta->peak_bytes)
        ta->peak_bytes = ta->live_bytes;
}

static void unlink_block(testalloc *ta, testalloc_block *b)
{
    if (b->u.h.prev != NULL)
        b->u.h.prev->u.h.next = b->u.h.next;
    else
        ta->head = b->u.h.next;
    if (b->u.h.next != NULL)
        b->u.h.next->u.h.prev = b->u.h.prev;
    ta->live_blocks--;
    ta->live_bytes -= b->u.h.size;
}

/* The block header of a payload pointer, or NULL (and a broken promise
 * counted) when the pointer is not a live block of this allocator. */
static testalloc_block *block_of(testalloc *ta, void *ptr, const char *who)
{
    testalloc_block *b;
    if (ptr == NULL) {
        print_error("testalloc: %s called with a NULL pointer\n", who);
        ta->bad_calls++;
        return NULL;
    }
    b = (testalloc_block *)ptr - 1;
    if (b->u.h.magic != BLOCK_MAGIC || b->u.h.owner != ta) {
        print_error("testalloc: %s called with a pointer that is not a live "
                    "block of this allocator (%p)%s\n",
                    who, ptr,
                    b->u.h.magic == BLOCK_DEAD ? ": double free" : "");
        ta->bad_calls++;
        return NULL;
    }
    return b;
}

void *testalloc_malloc(void *user, size_t size)
{
    testalloc *ta = owner_of(user);
    testalloc_block *b;
    ta->mallocs++;
    if (size == 0) {
        print_error("testalloc: malloc called with size 0\n");
        ta->bad_calls++;
    }
    if (should_fail(ta))
        return NULL;
    if (size > SIZE_MAX - sizeof *b)
        return NULL;
    b = malloc(sizeof *b + size);
    if (b == NULL)
        return NULL;
    link_block(ta, b, size);
    /* Garbage, so that reading memory never written shows up. */
    memset(b + 1, 0xA5, size);
    return b + 1;
}

void *testalloc_realloc(void *user, void *ptr, size_t size)
{
    testalloc *ta = owner_of(user);
    testalloc_block *old, *b;
    size_t keep;
    ta->reallocs++;
    if (size == 0) {
        print_error("testalloc: realloc called with size 0\n");
        ta->bad_calls++;
    }
    old = block_of(ta, ptr, "realloc");
    if (old == NULL) {
        ta->calls++;
        return NULL;
    }
    if (should_fail(ta))
        return NULL; /* ptr stays valid and unchanged */
    if (size > SIZE_MAX - sizeof *b)
        return NULL;
    /* Always move the block, so that a stale pointer to the old one is
     * caught by the sanitizers. */
    b = malloc(sizeof *b + size);
    if (b == NULL)
        return NULL;
    keep = old->u.h.size < size ? old->u.h.size : size;
    memcpy(b + 1, old + 1, keep);
    if (size > keep)
        memset((unsigned char *)(b + 1) + keep, 0xA5, size - keep);
    unlink_block(ta, old);
    link_block(ta, b, size);
    old->u.h.magic = BLOCK_DEAD;
    memset(old + 1, 0xDD, old->u.h.size);
    free(old);
    return b + 1;
}

void testalloc_free(void *user, void *ptr)
{
    testalloc *ta = owner_of(user);
    testalloc_block *b;
    ta->frees++;
    b = block_of(ta, ptr, "free");
    if (b == NULL)
        return;
    unlink_block(ta, b);
    b->u.h.magic = BLOCK_DEAD;
    memset(b + 1, 0xDD, b->u.h.size);
    free(b);
}

kol_status testalloc_ctx_new(testalloc *ta, kol_ctx **out)
{
    return kol_ctx_new_with_allocator(out, testalloc_malloc,
                                      testalloc_realloc, testalloc_free, ta);
}

void testalloc_fail_nth(testalloc *ta, uint64_t n)
{
    ta->fail_mode = TESTALLOC_FAIL_NTH;
    ta->fail_at = ta->calls + n;
    ta->injected = 0;
}

void testalloc_fail_from(testalloc *ta, uint64_t n)
{
    ta->fail_mode = TESTALLOC_FAIL_FROM;
    ta->fail_at = ta->calls + n;
    ta->injected = 0;
}

void testalloc_disarm(testalloc *ta)
{
    ta->fail_mode = TESTALLOC_FAIL_NONE;
    ta->fail_at = 0;
}

size_t testalloc_report_leaks(const testalloc *ta)
{
    size_t n = 0;
    const testalloc_block *b;
    for (b = ta->head; b != NULL; b = b->u.h.next) {
        if (n < 20)
            print_error("testalloc: leaked block #%llu of %zu bytes\n",
                        (unsigned long long)b->u.h.serial, b->u.h.size);
        n++;
    }
    if (n > 20)
        print_error("testalloc: ... %zu leaked blocks in all\n", n);
    return n;
}

void testalloc_assert_clean_at(const testalloc *ta, const char *file,
                               int line)
{
    int ok = 1;
    if (ta->live_blocks != 0 || ta->live_bytes != 0) {
        print_error("testalloc: %zu blocks (%zu bytes) still live\n",
                    ta->live_blocks, ta->live_bytes);
        testalloc_report_leaks(ta);
        ok = 0;
    }
    if (ta->bad_calls != 0) {
        print_error("testalloc: %llu calls broke the allocator contract\n",
                    (unsigned long long)ta->bad_calls);
        ok = 0;
    }
    if (!ok)
        _fail(file, line);
}

/* ------------------------------------------------------------------ */
/* testbuf                                                            */
/* ------------------------------------------------------------------ */

void testbuf_init(testbuf *b)
{
    b->cap = 256;
    b->len = 0;
    b->text = malloc(b->cap);
    if (b->text == NULL)
        abort();
    b->text[0] = '\0';
}

void testbuf_reset(testbuf *b)
{
    b->len = 0;
    b->text[0] = '\0';
}

void testbuf_free(testbuf *b)
{
    free(b->text);
    b->text = NULL;
    b->len = b->cap = 0;
}

void testbuf_printf(testbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(b->text + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    if ((size_t)n >= b->cap - b->len) {
        size_t need = b->len + (size_t)n + 1;
        size_t cap = b->cap;
        char *p;
        while (cap < need)
            cap *= 2;
        p = realloc(b->text, cap);
        if (p == NULL)
            abort();
        b->text = p;
        b->cap = cap;
        va_start(ap, fmt);
        vsnprintf(b->text + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Text with anything outside printable ASCII escaped, so that snapshots
 * print cleanly. */
static void put_text(testbuf *b, const char *s)
{
    const unsigned char *p;
    if (s == NULL) {
        testbuf_printf(b, "(unset)");
        return;
    }
    testbuf_printf(b, "'");
    for (p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\')
            testbuf_printf(b, "\\x%02x", *p);
        else
            testbuf_printf(b, "%c", *p);
    }
    testbuf_printf(b, "'");
}

void testbuf_record(testbuf *b, const kol_record *rec)
{
    uint32_t m, nm = kol_metric_count();
    uint32_t d, nd = kol_dimension_count();
    int f;
    if (rec == NULL) {
        testbuf_printf(b, "(null record)\n");
        return;
    }
    for (f = 0; kol_text_name(f) != NULL; f++) {
        testbuf_printf(b, "%s=", kol_text_name(f));
        put_text(b, kol_record_text(rec, f));
        testbuf_printf(b, " ");
    }
    testbuf_printf(b, "|");
    for (m = 0; m < nm; m++) {
        /* get_metric only for a set metric: a MISSING status would
         * replace the context's last error, which the caller may be about
         * to check. */
        double v = 0.0;
        int has = kol_record_has_metric(rec, (int)m);
        kol_status st = has ? kol_record_get_metric(rec, (int)m, &v)
                            : KOL_STATUS_MISSING;
        if (has && st == KOL_STATUS_OK)
            testbuf_printf(b, " %a", v);
        else if (!has)
            testbuf_printf(b, " -");
        else
            testbuf_printf(b, " <has=%d status=%d>", has, (int)st);
    }
    testbuf_printf(b, " |");
    for (d = 0; d < nd; d++) {
        size_t i, n = kol_record_portrait_size(rec, (int)d);
        if (n == 0)
            continue;
        testbuf_printf(b, " %s[%zu]:", kol_dimension_name((int)d), n);
        for (i = 0; i < n; i++) {
            const char *label = NULL;
            double share = -1.0;
            kol_status st =
                kol_record_portrait_at(rec, (int)d, i, &label, &share);
            if (st != KOL_STATUS_OK) {
                testbuf_printf(b, " <status=%d>", (int)st);
                continue;
            }
            testbuf_printf(b, " ");
            put_text(b, label);
            testbuf_printf(b, "=%a", share);
        }
    }
    testbuf_printf(b, "\n");
}

void testbuf_roster(testbuf *b, const kol_roster *roster)
{
    size_t i, n = kol_roster_size(roster);
    testbuf_printf(b, "roster of %zu\n", n);
    for (i = 0; i < n; i++) {
        const kol_record *rec = NULL, *found = NULL;
        kol_status st = kol_roster_at(roster, i, &rec);
        if (st != KOL_STATUS_OK || rec == NULL) {
            testbuf_printf(b, "#%zu <at status=%d>\n", i, (int)st);
            continue;
        }
        testbuf_printf(b, "#%zu ", i);
        testbuf_record(b, rec);
        st = kol_roster_find(roster, kol_record_text(rec, KOL_TEXT_ID),
                             &found);
        if (st != KOL_STATUS_OK || found != rec)
            testbuf_printf(b, "#%zu <find status=%d, %s>\n", i, (int)st,
                           found == rec ? "same" : "other record");
    }
}

/* ------------------------------------------------------------------ */
/* Allocation-failure loop                                            */
/* ------------------------------------------------------------------ */

static void take_snapshot(const testalloc_op *op, testbuf *b)
{
    testbuf_reset(b);
    if (op->snapshot != NULL)
        op->snapshot(op->user, b);
}

static void finish_run(const testalloc_op *op, kol_ctx *ctx, testalloc *ta,
                       const char *file, int line)
{
    if (op->teardown != NULL)
        op->teardown(op->user);
    kol_ctx_free(ctx);
    testalloc_assert_clean_at(ta, file, line);
}

static void loop_fail(const testalloc_op *op, const char *mode, uint64_t n,
                      const char *file, int line)
{
    print_error("allocation-failure loop '%s', %s allocation %llu\n",
                op->name != NULL ? op->name : "?", mode,
                (unsigned long long)n);
    _fail(file, line);
}

static unsigned run_mode(const testalloc_op *op, int mode, const char *before,
                         const char *after, uint64_t ref_calls,
                         const char *file, int line)
{
    const char *mname = mode == TESTALLOC_FAIL_NTH ? "failing only"
                                                   : "failing from";
    unsigned nomem = 0;
    uint64_t n;
    testbuf snap;
    testbuf_init(&snap);
    for (n = 1;; n++) {
        testalloc ta;
        kol_ctx *ctx;
        size_t live_before;
        kol_status st;

        if (n > ref_calls + 1000) {
            print_error("the loop does not end: the operation allocates more "
                        "than %llu times\n",
                        (unsigned long long)(ref_calls + 1000));
            loop_fail(op, mname, n, file, line);
        }
        testalloc_init(&ta);
        ctx = op->setup != NULL ? op->setup(op->user, &ta) : NULL;
        take_snapshot(op, &snap);
        if (strcmp(snap.text, before) != 0) {
            print_error("setup is not deterministic\n");
            testmsg_assert_snap(before, snap.text, file, line);
        }
        live_before = ta.live_blocks;
        if (mode == TESTALLOC_FAIL_NTH)
            testalloc_fail_nth(&ta, n);
        else
            testalloc_fail_from(&ta, n);
        st = op->run(op->user);
        testalloc_disarm(&ta);

        if (ta.injected == 0) {
            if (st != KOL_STATUS_OK) {
                print_error("no allocation failed, yet status %d (%s): %s\n",
                            (int)st, kol_status_str(st),
                            kol_ctx_last_error(ctx));
                loop_fail(op, mname, n, file, line);
            }
            take_snapshot(op, &snap);
            if (strcmp(snap.text, after) != 0)
                loop_fail(op, mname, n, file, line);
            if (op->check_success != NULL)
                op->check_success(op->user);
            finish_run(op, ctx, &ta, file, line);
            break;
        }
        if (st == KOL_STATUS_NOMEM ||
            (op->also_accept != KOL_STATUS_OK && st == op->also_accept)) {
            if (st == KOL_STATUS_NOMEM)
                nomem++;
            if (ctx != NULL && st != KOL_STATUS_NOMEM) {
                if (kol_ctx_last_status(ctx) != st ||
                    kol_ctx_last_error(ctx)[0] == '\0') {
                    print_error("after status %d the context holds status %d "
                                "and message \"%s\"\n",
                                (int)st, (int)kol_ctx_last_status(ctx),
                                kol_ctx_last_error(ctx));
                    loop_fail(op, mname, n, file, line);
                }
            } else if (ctx != NULL) {
                const char *msg = kol_ctx_last_error(ctx);
                if (kol_ctx_last_status(ctx) != KOL_STATUS_NOMEM ||
                    msg[0] == '\0' || !testmsg_has(msg, "memory|alloc")) {
                    print_error("after NOMEM the context holds status %d and "
                                "message \"%s\" (want status 1 and a message "
                                "naming memory or allocation)\n",
                                (int)kol_ctx_last_status(ctx), msg);
                    loop_fail(op, mname, n, file, line);
                }
            }
            take_snapshot(op, &snap);
            if (strcmp(snap.text, before) != 0) {
                print_error("the failed run changed the object\n");
                print_error("before: %s\nafter:  %s\n", before, snap.text);
                loop_fail(op, mname, n, file, line);
            }
            if (!op->allow_retained && ta.live_blocks != live_before) {
                print_error("the failed run left %zu live blocks, %zu before "
                            "it\n", ta.live_blocks, live_before);
                testalloc_report_leaks(&ta);
                loop_fail(op, mname, n, file, line);
            }
            if (op->check_failed != NULL)
                op->check_failed(op->user);
            /* Still usable: the same operation now succeeds. */
            st = op->run(op->user);
            if (st != KOL_STATUS_OK) {
                print_error("retry after NOMEM returned %d (%s): %s\n",
                            (int)st, kol_status_str(st),
                            kol_ctx_last_error(ctx));
                loop_fail(op, mname, n, file, line);
            }
            take_snapshot(op, &snap);
            if (strcmp(snap.text, after) != 0) {
                print_error("retry after NOMEM gave another state\n");
                print_error("want: %s\ngot:  %s\n", after, snap.text);
                loop_fail(op, mname, n, file, line);
            }
            if (op->check_success != NULL)
                op->check_success(op->user);
        } else if (st == KOL_STATUS_OK) {
            /* Recovered from the failure: must give the same result. */
            take_snapshot(op, &snap);
            if (strcmp(snap.text, after) != 0) {
                print_error("succeeded despite a failed allocation but gave "
                            "another state\nwant: %s\ngot:  %s\n",
                            after, snap.text);
                loop_fail(op, mname, n, file, line);
            }
            if (op->check_success != NULL)
                op->check_success(op->user);
        } else {
            print_error("an allocation failed and the call returned %d (%s), "
                        "not KOL_STATUS_NOMEM: %s\n",
                        (int)st, kol_status_str(st), kol_ctx_last_error(ctx));
            loop_fail(op, mname, n, file, line);
        }
        finish_run(op, ctx, &ta, file, line);
    }
    testbuf_free(&snap);
    return nomem;
}

unsigned testalloc_loop_at(const testalloc_op *op, int modes,
                           const char *file, int line)
{
    testalloc ta;
    kol_ctx *ctx;
    testbuf before, after;
    uint64_t calls0, ref_calls;
    unsigned nomem = 0;
    kol_status st;

    if (modes == 0)
        modes = TESTALLOC_MODE_NTH | TESTALLOC_MODE_FROM;
    testbuf_init(&before);
    testbuf_init(&after);

    /* Reference run, with no failure. */
    testalloc_init(&ta);
    ctx = op->setup != NULL ? op->setup(op->user, &ta) : NULL;
    take_snapshot(op, &before);
    calls0 = ta.calls;
    st = op->run(op->user);
    ref_calls = ta.calls - calls0;
    if (st != KOL_STATUS_OK) {
        print_error("reference run returned %d (%s): %s\n", (int)st,
                    kol_status_str(st), kol_ctx_last_error(ctx));
        loop_fail(op, "reference run", 0, file, line);
    }
    take_snapshot(op, &after);
    if (op->check_success != NULL)
        op->check_success(op->user);
    finish_run(op, ctx, &ta, file, line);

    if (modes & TESTALLOC_MODE_NTH)
        nomem += run_mode(op, TESTALLOC_FAIL_NTH, before.text, after.text,
                          ref_calls, file, line);
    if (modes & TESTALLOC_MODE_FROM)
        nomem += run_mode(op, TESTALLOC_FAIL_FROM, before.text, after.text,
                          ref_calls, file, line);
    testbuf_free(&before);
    testbuf_free(&after);
    return nomem;
}

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

static int has_ci(const char *hay, const char *needle, size_t nlen)
{
    size_t i, hlen = strlen(hay);
    if (nlen == 0)
        return 1;
    for (i = 0; i + nlen <= hlen; i++) {
        size_t j;
        for (j = 0; j < nlen; j++) {
            if (tolower((unsigned char)hay[i + j]) !=
                tolower((unsigned char)needle[j]))
                break;
        }
        if (j == nlen)
            return 1;
    }
    return 0;
}

int testmsg_has(const char *msg, const char *alts)
{
    const char *p = alts;
    if (msg == NULL)
        return 0;
    if (alts == NULL)
        return msg[0] != '\0';
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar != NULL ? (size_t)(bar - p) : strlen(p);
        if (has_ci(msg, p, len))
            return 1;
        if (bar == NULL)
            return 0;
        p = bar + 1;
    }
}

int testmsg_refused(const kol_ctx *ctx, int st, const char *fn,
                    const char *running)
{
    char head[256], tail[256];
    const char *msg = kol_ctx_last_error(ctx);
    snprintf(head, sizeof head, "%s: called from a callback of %s", fn,
             running);
    snprintf(tail, sizeof tail, "make the call after %s returns", running);
    return st == KOL_STATUS_BAD_STATE &&
           kol_ctx_last_status(ctx) == KOL_STATUS_BAD_STATE && msg &&
           strncmp(msg, head, strlen(head)) == 0 && strstr(msg, tail);
}

int testmsg_has_number(const char *msg, long long v)
{
    char num[32];
    size_t len, i, mlen;
    if (msg == NULL)
        return 0;
    snprintf(num, sizeof num, "%lld", v);
    len = strlen(num);
    mlen = strlen(msg);
    for (i = 0; i + len <= mlen; i++) {
        if (memcmp(msg + i, num, len) != 0)
            continue;
        if (i > 0 && isdigit((unsigned char)msg[i - 1]))
            continue;
        if (v >= 0 && i > 0 && msg[i - 1] == '-')
            continue;
        if (i + len < mlen && isdigit((unsigned char)msg[i + len]))
            continue;
        /* "7.5" is not the number 7. */
        if (i + len + 1 < mlen && msg[i + len] == '.' &&
            isdigit((unsigned char)msg[i + len + 1]))
            continue;
        return 1;
    }
    return 0;
}

void testmsg_assert_status(const kol_ctx *ctx, int got, int want,
                           const char *expr, const char *file, int line)
{
    if (got == want)
        return;
    print_error("%s returned %d (%s), want %d (%s); message: \"%s\"\n", expr,
                got, kol_status_str(got), want, kol_status_str(want),
                kol_ctx_last_error(ctx));
    _fail(file, line);
}

void testmsg_assert_last(const kol_ctx *ctx, int want, const char *alts,
                         const char *file, int line)
{
    int got = (int)kol_ctx_last_status(ctx);
    const char *msg = kol_ctx_last_error(ctx);
    if (got != want) {
        print_error("last status is %d (%s), want %d (%s); message: \"%s\"\n",
                    got, kol_status_str(got), want, kol_status_str(want),
                    msg);
        _fail(file, line);
    }
    if (msg == NULL || msg[0] == '\0') {
        print_error("the message of the failed call is empty\n");
        _fail(file, line);
    }
    if (alts != NULL && !testmsg_has(msg, alts)) {
        print_error("message \"%s\" contains none of \"%s\"\n", msg, alts);
        _fail(file, line);
    }
}

kol_status testmsg_nomem_named(const kol_ctx *ctx, kol_status st,
                               const char *fn, const char *file, int line)
{
    const char *msg = kol_ctx_last_error(ctx);
    size_t len = strlen(fn);
    if (st != KOL_STATUS_NOMEM)
        return st;
    if (msg == NULL || strncmp(msg, fn, len) != 0 || msg[len] != ':' ||
        msg[len + 1] != ' ' || !testmsg_has(msg, "out of memory")) {
        print_error("out-of-memory message \"%s\" does not start with "
                    "\"%s: \" or does not say \"out of memory\"\n",
                    msg ? msg : "(null)", fn);
        _fail(file, line);
    }
    return st;
}

void testmsg_assert_number(const kol_ctx *ctx, long long v, const char *file,
                           int line)
{
    const char *msg = kol_ctx_last_error(ctx);
    if (!testmsg_has_number(msg, v)) {
        print_error("message \"%s\" does not name %lld\n", msg, v);
        _fail(file, line);
    }
}

void testmsg_assert_double(double a, double b, double eps, const char *expr,
                           const char *file, int line)
{
    if (isnan(a) || isnan(b) || !(fabs(a - b) <= eps)) {
        if (!(a == b)) {
            print_error("%s is %.17g (%a), want %.17g (%a) within %g\n", expr,
                        a, a, b, b, eps);
            _fail(file, line);
        }
    }
}

void testmsg_assert_snap(const char *a, const char *b, const char *file,
                         int line)
{
    if (strcmp(a, b) == 0)
        return;
    print_error("states differ:\n--- want\n%s\n--- got\n%s\n", a, b);
    _fail(file, line);
}
