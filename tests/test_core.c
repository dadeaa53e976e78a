/* Unit tests of include/kol/core.h: statuses, contexts and allocators, the
 * last error, callback codes, progress registration and versions. */
#include "testalloc.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define N_KNOWN_STATUSES 20 /* KOL_STATUS_OK .. KOL_STATUS_INFEASIBLE */

/* ------------------------------------------------------------------ */
/* Statuses                                                           */
/* ------------------------------------------------------------------ */

static void test_status_str_known(void **state)
{
    int a, b;
    (void)state;
    assert_int_equal(KOL_STATUS_INFEASIBLE, N_KNOWN_STATUSES - 1);
    for (a = 0; a < N_KNOWN_STATUSES; a++) {
        const char *s = kol_status_str(a);
        const char *p;
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, "unknown status");
        /* "short, static, lower-case" */
        for (p = s; *p != '\0'; p++)
            assert_false(*p >= 'A' && *p <= 'Z');
        assert_true(strlen(s) < 64);
        /* Static: the same text on every call. */
        assert_string_equal(s, kol_status_str(a));
        for (b = 0; b < a; b++)
            assert_string_not_equal(s, kol_status_str(b));
    }
    /* The example the header gives. */
    assert_string_equal(kol_status_str(KOL_STATUS_NOMEM), "out of memory");
}

static void test_status_str_unknown(void **state)
{
    static const int unknown[] = {-1, -2, N_KNOWN_STATUSES,
                                  N_KNOWN_STATUSES + 1, 100, 1000, INT_MAX,
                                  INT_MIN};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = kol_status_str(unknown[i]);
        assert_non_null(s);
        assert_string_equal(s, "unknown status");
    }
}

static void test_status_values_are_fixed(void **state)
{
    (void)state;
    /* The ABI: these numbers never change. */
    assert_int_equal(KOL_STATUS_OK, 0);
    assert_int_equal(KOL_STATUS_NOMEM, 1);
    assert_int_equal(KOL_STATUS_INVALID_ARGUMENT, 2);
    assert_int_equal(KOL_STATUS_NOT_FINITE, 3);
    assert_int_equal(KOL_STATUS_OUT_OF_RANGE, 4);
    assert_int_equal(KOL_STATUS_MISSING, 5);
    assert_int_equal(KOL_STATUS_NOT_FOUND, 6);
    assert_int_equal(KOL_STATUS_DUPLICATE, 7);
    assert_int_equal(KOL_STATUS_CALLBACK, 8);
    assert_int_equal(KOL_STATUS_CANCELLED, 9);
    assert_int_equal(KOL_STATUS_BAD_TEXT, 10);
    assert_int_equal(KOL_STATUS_TOO_LARGE, 11);
    assert_int_equal(KOL_STATUS_UNKNOWN_ENUM, 12);
    assert_int_equal(KOL_STATUS_EMPTY, 13);
    assert_int_equal(KOL_STATUS_BAD_STATE, 14);
    assert_int_equal(KOL_STATUS_CORRUPT, 15);
    assert_int_equal(KOL_STATUS_VERSION, 16);
    assert_int_equal(KOL_STATUS_MISMATCH, 17);
    assert_int_equal(KOL_STATUS_ORDER, 18);
    assert_int_equal(KOL_STATUS_INFEASIBLE, 19);
    assert_int_equal(sizeof(kol_status), sizeof(int));
}

/* ------------------------------------------------------------------ */
/* Contexts                                                           */
/* ------------------------------------------------------------------ */

static void test_ctx_new_default(void **state)
{
    kol_ctx *ctx = NULL;
    (void)state;
    assert_int_equal(kol_ctx_new(NULL), KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_non_null(ctx);
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_OK);
    assert_non_null(kol_ctx_last_error(ctx));
    assert_string_equal(kol_ctx_last_error(ctx), "");
    assert_int_equal(kol_ctx_callback_code(ctx), 0);
    kol_ctx_free(ctx);
    kol_ctx_free(NULL); /* accepted */
}

static void test_ctx_with_allocator_refuses_null(void **state)
{
    testalloc ta;
    kol_ctx *ctx;
    int dummy;
    (void)state;
    testalloc_init(&ta);

    assert_int_equal(kol_ctx_new_with_allocator(NULL, testalloc_malloc,
                                                testalloc_realloc,
                                                testalloc_free, &ta),
                     KOL_STATUS_INVALID_ARGUMENT);

    ctx = (kol_ctx *)(void *)&dummy;
    assert_int_equal(kol_ctx_new_with_allocator(&ctx, NULL, testalloc_realloc,
                                                testalloc_free, &ta),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(ctx);

    ctx = (kol_ctx *)(void *)&dummy;
    assert_int_equal(kol_ctx_new_with_allocator(&ctx, testalloc_malloc, NULL,
                                                testalloc_free, &ta),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(ctx);

    ctx = (kol_ctx *)(void *)&dummy;
    assert_int_equal(kol_ctx_new_with_allocator(&ctx, testalloc_malloc,
                                                testalloc_realloc, NULL, &ta),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(ctx);

    ctx = (kol_ctx *)(void *)&dummy;
    assert_int_equal(kol_ctx_new_with_allocator(&ctx, NULL, NULL, NULL, &ta),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_null(ctx);

    /* Nothing was allocated, nothing leaked. */
    testalloc_assert_clean(&ta);

    /* A NULL user pointer is fine for the library (our allocator needs
     * its own, so only the default-allocator path is checked here). */
    ctx = NULL;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    kol_ctx_free(ctx);
}

/* A read callback producing n records "r0", "r1", ... */
struct seq {
    int n;
    int next;
};

static int read_seq(void *user, kol_record *rec, int32_t *what)
{
    struct seq *s = user;
    char id[32];
    if (s->next >= s->n) {
        *what = KOL_READ_END;
        return 0;
    }
    snprintf(id, sizeof id, "r%d", s->next);
    s->next++;
    if (kol_record_set_text(rec, KOL_TEXT_ID, id) != KOL_STATUS_OK)
        return 99;
    if (kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 1000.0 * s->next) !=
        KOL_STATUS_OK)
        return 98;
    return 0;
}

static void test_ctx_allocator_used_for_everything(void **state)
{
    testalloc ta;
    kol_ctx *ctx = NULL;
    kol_record *rec = NULL, *copy = NULL;
    kol_roster *roster = NULL;
    size_t blocks_ctx, blocks, bytes;
    static const char *const labels[] = {"female", "male"};
    static const double weights[] = {70.0, 30.0};
    struct seq s = {50, 0};
    uint64_t added = 0;
    (void)state;

    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &ctx), KOL_STATUS_OK);
    assert_non_null(ctx);
    /* The context itself comes from the host allocator. */
    assert_true(ta.live_blocks >= 1);
    blocks_ctx = ta.live_blocks;

    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);
    assert_true(ta.live_blocks > blocks_ctx);

    bytes = ta.live_bytes;
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_ID, "kol-1"),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_NAME, "李佳琦"),
                  KOL_STATUS_OK);
    assert_true(ta.live_bytes > bytes);

    bytes = ta.live_bytes;
    assert_status(ctx,
                  kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, labels,
                                          weights, 2),
                  KOL_STATUS_OK);
    assert_true(ta.live_bytes > bytes);

    blocks = ta.live_blocks;
    assert_status(ctx, kol_record_clone(rec, &copy), KOL_STATUS_OK);
    assert_true(ta.live_blocks > blocks);

    blocks = ta.live_blocks;
    assert_status(ctx, kol_roster_new(ctx, &roster), KOL_STATUS_OK);
    assert_true(ta.live_blocks > blocks);

    bytes = ta.live_bytes;
    assert_status(ctx, kol_roster_add(roster, rec), KOL_STATUS_OK);
    assert_true(ta.live_bytes > bytes);

    bytes = ta.live_bytes;
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 50);
    assert_true(ta.live_bytes > bytes);

    kol_roster_free(roster);
    kol_record_free(copy);
    kol_record_free(rec);
    /* Only the context is left. */
    assert_int_equal(ta.live_blocks, blocks_ctx);
    kol_ctx_free(ctx);
    testalloc_assert_clean(&ta);
    assert_true(ta.mallocs > 0);
    assert_true(ta.frees > 0);
}

static void test_null_ctx_queries(void **state)
{
    (void)state;
    assert_int_equal(kol_ctx_last_status(NULL), KOL_STATUS_OK);
    assert_non_null(kol_ctx_last_error(NULL));
    assert_string_equal(kol_ctx_last_error(NULL), "");
    assert_int_equal(kol_ctx_callback_code(NULL), 0);
    kol_ctx_clear_error(NULL); /* accepted */
    assert_int_equal(kol_ctx_set_progress(NULL, NULL, NULL),
                     KOL_STATUS_INVALID_ARGUMENT);
}

static void test_last_error_semantics(void **state)
{
    kol_ctx *ctx = NULL;
    kol_record *rec = NULL;
    char saved[600];
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);
    /* Success does not set an error. */
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_OK);
    assert_string_equal(kol_ctx_last_error(ctx), "");

    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, -5.0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_last_error(ctx, KOL_STATUS_OUT_OF_RANGE, "followers");
    assert_msg_number(ctx, -5);
    snprintf(saved, sizeof saved, "%s", kol_ctx_last_error(ctx));

    /* Successful calls do not clear it. */
    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 5.0),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_ID, "a"),
                  KOL_STATUS_OK);
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_OUT_OF_RANGE);
    assert_string_equal(kol_ctx_last_error(ctx), saved);
    assert_int_equal(kol_ctx_callback_code(ctx), 0);

    /* A later failure replaces it. */
    assert_status(ctx, kol_record_set_metric(rec, 1000, 1.0),
                  KOL_STATUS_UNKNOWN_ENUM);
    assert_last_error(ctx, KOL_STATUS_UNKNOWN_ENUM, NULL);
    assert_msg_number(ctx, 1000);
    assert_string_not_equal(kol_ctx_last_error(ctx), saved);

    kol_ctx_clear_error(ctx);
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_OK);
    assert_string_equal(kol_ctx_last_error(ctx), "");
    assert_int_equal(kol_ctx_callback_code(ctx), 0);

    kol_record_free(rec);
    kol_ctx_free(ctx);
}

static void test_contexts_share_nothing(void **state)
{
    kol_ctx *a = NULL, *b = NULL;
    kol_record *ra = NULL, *rb = NULL;
    (void)state;
    assert_int_equal(kol_ctx_new(&a), KOL_STATUS_OK);
    assert_int_equal(kol_ctx_new(&b), KOL_STATUS_OK);
    assert_status(a, kol_record_new(a, &ra), KOL_STATUS_OK);
    assert_status(b, kol_record_new(b, &rb), KOL_STATUS_OK);
    assert_status(a, kol_record_set_metric(ra, KOL_METRIC_PRICE, -1.0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_int_equal(kol_ctx_last_status(a), KOL_STATUS_OUT_OF_RANGE);
    assert_int_equal(kol_ctx_last_status(b), KOL_STATUS_OK);
    assert_string_equal(kol_ctx_last_error(b), "");
    kol_record_free(ra);
    kol_record_free(rb);
    kol_ctx_free(a);
    kol_ctx_free(b);
}

/* Read callback that stops with a given code after `after` records. */
struct stopper {
    int after;
    int code;
    int calls;
};

static int read_stop(void *user, kol_record *rec, int32_t *what)
{
    struct stopper *s = user;
    char id[32];
    (void)what;
    if (s->calls == s->after)
        return s->code;
    snprintf(id, sizeof id, "s%d", s->calls);
    s->calls++;
    return kol_record_set_text(rec, KOL_TEXT_ID, id) == KOL_STATUS_OK ? 0
                                                                      : 77;
}

struct progress_log {
    int calls;
    uint64_t last_done;
    uint64_t last_total;
    void *seen_user;
    int cancel_code; /* returned on the first call when non-zero */
};

static int progress_cb(void *user, uint64_t done, uint64_t total)
{
    struct progress_log *p = user;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    p->seen_user = user;
    return p->cancel_code;
}

static void test_callback_code(void **state)
{
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    kol_record *rec = NULL;
    struct stopper st = {3, 42, 0};
    struct progress_log pl;
    struct seq s = {5, 0};
    uint64_t added = 123;
    (void)state;
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_roster_new(ctx, &roster), KOL_STATUS_OK);
    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);

    assert_status(ctx, kol_roster_fill(roster, read_stop, NULL, &st, &added),
                  KOL_STATUS_CALLBACK);
    assert_int_equal(added, 0);
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_CALLBACK);
    assert_int_equal(kol_ctx_callback_code(ctx), 42);
    assert_last_error(ctx, KOL_STATUS_CALLBACK, NULL);
    assert_msg_number(ctx, 42);
    assert_int_equal(kol_roster_size(roster), 0);

    /* A later failure that is not a callback's keeps the code: it is the
     * code of the callback that last stopped an operation. */
    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_POSTS, -1.0),
                  KOL_STATUS_OUT_OF_RANGE);
    assert_int_equal(kol_ctx_callback_code(ctx), 42);
    /* So does a success. */
    assert_status(ctx, kol_record_set_metric(rec, KOL_METRIC_POSTS, 1.0),
                  KOL_STATUS_OK);
    assert_int_equal(kol_ctx_callback_code(ctx), 42);

    kol_ctx_clear_error(ctx);
    assert_int_equal(kol_ctx_callback_code(ctx), 0);

    /* A negative code is kept as it is. */
    st.after = 0;
    st.code = -7;
    st.calls = 0;
    assert_status(ctx, kol_roster_fill(roster, read_stop, NULL, &st, NULL),
                  KOL_STATUS_CALLBACK);
    assert_int_equal(kol_ctx_callback_code(ctx), -7);

    /* Cancellation through the progress callback keeps its code too. */
    memset(&pl, 0, sizeof pl);
    pl.cancel_code = 9;
    assert_status(ctx, kol_ctx_set_progress(ctx, progress_cb, &pl),
                  KOL_STATUS_OK);
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_CANCELLED);
    assert_int_equal(added, 0);
    assert_int_equal(kol_ctx_last_status(ctx), KOL_STATUS_CANCELLED);
    assert_int_equal(kol_ctx_callback_code(ctx), 9);
    assert_last_error(ctx, KOL_STATUS_CANCELLED, NULL);
    assert_int_equal(kol_roster_size(roster), 0);

    kol_record_free(rec);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
}

static void test_progress_registration(void **state)
{
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    struct progress_log a, b;
    struct seq s = {3, 0};
    uint64_t added = 0;
    (void)state;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(kol_ctx_new(&ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_roster_new(ctx, &roster), KOL_STATUS_OK);

    /* No callback registered: nothing to call, the fill works. */
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);

    assert_status(ctx, kol_ctx_set_progress(ctx, progress_cb, &a),
                  KOL_STATUS_OK);
    s.n = 6;
    s.next = 3;
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);
    assert_true(a.calls >= 1);
    assert_ptr_equal(a.seen_user, &a);
    /* At the end: read calls so far (3 records and the END call), total
     * unknown. */
    assert_int_equal(a.last_done, 4);
    assert_int_equal(a.last_total, 0);

    /* Replacing the callback: only the new one is called. */
    a.calls = 0;
    assert_status(ctx, kol_ctx_set_progress(ctx, progress_cb, &b),
                  KOL_STATUS_OK);
    s.n = 8;
    s.next = 6;
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(a.calls, 0);
    assert_true(b.calls >= 1);
    assert_ptr_equal(b.seen_user, &b);

    /* NULL: no progress reported. */
    b.calls = 0;
    assert_status(ctx, kol_ctx_set_progress(ctx, NULL, NULL), KOL_STATUS_OK);
    s.n = 10;
    s.next = 8;
    assert_status(ctx, kol_roster_fill(roster, read_seq, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(b.calls, 0);
    assert_int_equal(kol_roster_size(roster), 10);

    kol_roster_free(roster);
    kol_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Versions                                                           */
/* ------------------------------------------------------------------ */

static void test_version(void **state)
{
    char expect[64];
    (void)state;
    assert_int_equal(kol_version(), KOL_VERSION_NUMBER);
    assert_int_equal(KOL_VERSION_NUMBER, KOL_VERSION_MAJOR * 1000000 +
                                             KOL_VERSION_MINOR * 1000 +
                                             KOL_VERSION_PATCH);
    assert_non_null(kol_version_string());
    assert_string_equal(kol_version_string(), KOL_VERSION_STRING);
    snprintf(expect, sizeof expect, "%d.%d.%d", KOL_VERSION_MAJOR,
             KOL_VERSION_MINOR, KOL_VERSION_PATCH);
    assert_string_equal(KOL_VERSION_STRING, expect);
    assert_true(KOL_VERSION_MINOR < 1000);
    assert_true(KOL_VERSION_PATCH < 1000);
    assert_true(KOL_ABI_MAJOR >= 1);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                 */
/* ------------------------------------------------------------------ */

struct ctx_op {
    testalloc *ta;
    kol_ctx *ctx;
};

static kol_ctx *ctx_op_setup(void *user, testalloc *ta)
{
    struct ctx_op *o = user;
    o->ta = ta;
    o->ctx = NULL;
    return NULL;
}

static kol_status ctx_op_run(void *user)
{
    struct ctx_op *o = user;
    kol_ctx_free(o->ctx);
    o->ctx = (kol_ctx *)(void *)o; /* must be overwritten */
    return testalloc_ctx_new(o->ta, &o->ctx);
}

static void ctx_op_failed(void *user)
{
    struct ctx_op *o = user;
    assert_null(o->ctx);
}

static void ctx_op_success(void *user)
{
    struct ctx_op *o = user;
    assert_non_null(o->ctx);
    assert_int_equal(kol_ctx_last_status(o->ctx), KOL_STATUS_OK);
    assert_string_equal(kol_ctx_last_error(o->ctx), "");
}

static void ctx_op_teardown(void *user)
{
    struct ctx_op *o = user;
    kol_ctx_free(o->ctx);
    o->ctx = NULL;
}

static void test_alloc_fail_ctx_new(void **state)
{
    struct ctx_op o;
    testalloc_op op;
    (void)state;
    memset(&o, 0, sizeof o);
    memset(&op, 0, sizeof op);
    op.name = "kol_ctx_new_with_allocator";
    op.user = &o;
    op.setup = ctx_op_setup;
    op.run = ctx_op_run;
    op.check_failed = ctx_op_failed;
    op.check_success = ctx_op_success;
    op.teardown = ctx_op_teardown;
    assert_true(testalloc_loop(&op, 0) >= 1);
}

/* The counting allocator itself: the loop relies on it. */
static void test_testalloc_counts_and_fails(void **state)
{
    testalloc ta;
    void *a, *b, *c;
    (void)state;
    testalloc_init(&ta);
    a = testalloc_malloc(&ta, 10);
    b = testalloc_malloc(&ta, 20);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(ta.live_blocks, 2);
    assert_int_equal(ta.live_bytes, 30);
    testalloc_fail_nth(&ta, 2);
    c = testalloc_malloc(&ta, 5); /* first after arming: succeeds */
    assert_non_null(c);
    assert_null(testalloc_realloc(&ta, c, 50)); /* second: fails */
    assert_int_equal(ta.live_bytes, 35);        /* c untouched */
    c = testalloc_realloc(&ta, c, 50);          /* third: succeeds */
    assert_non_null(c);
    assert_int_equal(ta.live_bytes, 80);
    testalloc_fail_from(&ta, 1);
    assert_null(testalloc_malloc(&ta, 1));
    assert_null(testalloc_malloc(&ta, 1));
    assert_int_equal(ta.injected, 2);
    testalloc_disarm(&ta);
    testalloc_free(&ta, a);
    testalloc_free(&ta, b);
    print_message("(one leaked block is expected in the report below)\n");
    assert_int_equal(testalloc_report_leaks(&ta), 1);
    testalloc_free(&ta, c);
    testalloc_assert_clean(&ta);
}

static void test_testmsg_helpers(void **state)
{
    (void)state;
    assert_true(testmsg_has("Metric 'followers': -3", "FOLLOWERS"));
    assert_true(testmsg_has("abc", "x|b"));
    assert_false(testmsg_has("abc", "x|y"));
    assert_true(testmsg_has_number("position 7 of 9", 7));
    assert_false(testmsg_has_number("position 17 of 9", 7));
    assert_false(testmsg_has_number("value 7.5", 7));
    assert_true(testmsg_has_number("value -3 refused", -3));
    assert_false(testmsg_has_number("value -3 refused", 3));
    assert_true(testmsg_has_number("[11]", 11));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_str_known),
        cmocka_unit_test(test_status_str_unknown),
        cmocka_unit_test(test_status_values_are_fixed),
        cmocka_unit_test(test_ctx_new_default),
        cmocka_unit_test(test_ctx_with_allocator_refuses_null),
        cmocka_unit_test(test_ctx_allocator_used_for_everything),
        cmocka_unit_test(test_null_ctx_queries),
        cmocka_unit_test(test_last_error_semantics),
        cmocka_unit_test(test_contexts_share_nothing),
        cmocka_unit_test(test_callback_code),
        cmocka_unit_test(test_progress_registration),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_testalloc_counts_and_fails),
        cmocka_unit_test(test_testmsg_helpers),
        cmocka_unit_test(test_alloc_fail_ctx_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
