/* Unit tests of include/kol/roster.h: push (add) and pull (fill) filling,
 * lookup, iteration and removal; refused records; failing callbacks,
 * progress and cancellation; the chunk-size sweep; allocation failure;
 * calls on the roster from the callbacks of its own fill, refused. */
#include "testalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
    kol_ctx *ctx;
    kol_roster *roster;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    if (kol_ctx_new(&f->ctx) != KOL_STATUS_OK ||
        kol_roster_new(f->ctx, &f->roster) != KOL_STATUS_OK) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    kol_roster_free(f->roster);
    kol_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void snap_roster(testbuf *b, const kol_roster *roster)
{
    testbuf_reset(b);
    testbuf_roster(b, roster);
}

/* ------------------------------------------------------------------ */
/* Record generator: record i always has the same content              */
/* ------------------------------------------------------------------ */

static void make_id(char *buf, size_t size, int i)
{
    snprintf(buf, size, "kol-%05d", i);
}

/* Fill rec as record i; returns the first failing status. */
static kol_status gen_fill(kol_record *rec, int i)
{
    static const char *const platforms[] = {"douyin", "xiaohongshu",
                                            "bilibili", "weibo"};
    static const char *const gender[] = {"female", "male"};
    char buf[64];
    kol_status st;
    double gw[2];
    make_id(buf, sizeof buf, i);
    if ((st = kol_record_set_text(rec, KOL_TEXT_ID, buf)) != KOL_STATUS_OK)
        return st;
    snprintf(buf, sizeof buf, "达人 %d", i);
    if ((st = kol_record_set_text(rec, KOL_TEXT_NAME, buf)) != KOL_STATUS_OK)
        return st;
    if ((st = kol_record_set_text(rec, KOL_TEXT_PLATFORM, platforms[i % 4])) !=
        KOL_STATUS_OK)
        return st;
    if ((st = kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS,
                                    1000.0 * i + 7.0)) != KOL_STATUS_OK)
        return st;
    if (i % 3 == 0 &&
        (st = kol_record_set_metric(rec, KOL_METRIC_PRICE, 100.0 + i * 0.25)) !=
            KOL_STATUS_OK)
        return st;
    if (i % 2 == 1 &&
        (st = kol_record_set_metric(rec, KOL_METRIC_FOLLOWER_GROWTH_30D,
                                    -(double)i)) != KOL_STATUS_OK)
        return st;
    if (i % 5 == 0) {
        gw[0] = i + 1.0;
        gw[1] = 2.0;
        if ((st = kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, gender,
                                          gw, 2)) != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

/* Push record i into the roster. */
static void push(kol_ctx *ctx, kol_roster *roster, int i)
{
    kol_record *rec = NULL;
    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);
    assert_status(ctx, gen_fill(rec, i), KOL_STATUS_OK);
    assert_status(ctx, kol_roster_add(roster, rec), KOL_STATUS_OK);
    kol_record_free(rec);
}

static int record_is_empty(const kol_record *rec)
{
    uint32_t m, d;
    int t;
    for (t = 0; kol_text_name(t) != NULL; t++)
        if (kol_record_text(rec, t) != NULL)
            return 0;
    for (m = 0; m < kol_metric_count(); m++)
        if (kol_record_has_metric(rec, (int)m))
            return 0;
    for (d = 0; d < kol_dimension_count(); d++)
        if (kol_record_portrait_size(rec, (int)d) != 0)
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Script reader for kol_roster_fill                                   */
/* ------------------------------------------------------------------ */

enum { NO_ID = -1 };

struct item {
    int gen;      /* record number for gen_fill, or NO_ID: metrics only */
    int32_t what; /* KOL_READ_RECORD / SKIP / END */
};

#define MAX_REJECTS 64

struct reject_log {
    uint64_t index;
    int status;
    char message[600];
};

struct script {
    const struct item *items;
    size_t n;
    size_t pos;        /* next item */
    uint64_t calls;    /* read calls */
    long fail_at;      /* read call number (0-based) that returns fail_code */
    int fail_code;
    int not_empty;     /* a record arrived non-empty */
    size_t n_rejects;
    struct reject_log rejects[MAX_REJECTS];
    int reject_ret;    /* what the reject callback returns */
};

static void script_init(struct script *s, const struct item *items, size_t n)
{
    memset(s, 0, sizeof *s);
    s->items = items;
    s->n = n;
    s->fail_at = -1;
}

static int read_script(void *user, kol_record *rec, int32_t *what)
{
    struct script *s = user;
    const struct item *it;
    uint64_t call = s->calls++;
    if (*what != KOL_READ_RECORD || !record_is_empty(rec))
        s->not_empty = 1;
    if ((long)call == s->fail_at)
        return s->fail_code;
    if (s->pos >= s->n) {
        *what = KOL_READ_END;
        return 0;
    }
    it = &s->items[s->pos++];
    if (it->gen != NO_ID) {
        if (gen_fill(rec, it->gen) != KOL_STATUS_OK)
            return 99;
    } else if (kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 5.0) !=
               KOL_STATUS_OK) {
        return 98;
    }
    *what = it->what;
    return 0;
}

static int reject_script(void *user, uint64_t index, int status,
                         const char *message)
{
    struct script *s = user;
    if (s->n_rejects < MAX_REJECTS) {
        struct reject_log *r = &s->rejects[s->n_rejects];
        r->index = index;
        r->status = status;
        snprintf(r->message, sizeof r->message, "%s",
                 message != NULL ? message : "(null)");
    }
    s->n_rejects++;
    return s->reject_ret;
}

/* ------------------------------------------------------------------ */
/* Push                                                               */
/* ------------------------------------------------------------------ */

static void test_enum_values_fixed(void **state)
{
    (void)state;
    assert_int_equal(KOL_READ_RECORD, 0);
    assert_int_equal(KOL_READ_SKIP, 1);
    assert_int_equal(KOL_READ_END, 2);
    assert_int_equal(KOL_ROSTER_MAX_RECORDS, 100000000u);
}

static void test_roster_new_and_empty(void **state)
{
    struct fixture *f = *state;
    kol_roster *r = (kol_roster *)(void *)f;
    const kol_record *rec = NULL;
    assert_int_equal(kol_roster_new(NULL, &r), KOL_STATUS_INVALID_ARGUMENT);
    assert_null(r);
    assert_int_equal(kol_roster_new(NULL, NULL), KOL_STATUS_INVALID_ARGUMENT);
    assert_status(f->ctx, kol_roster_new(f->ctx, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    kol_roster_free(NULL);
    assert_int_equal(kol_roster_size(NULL), 0);
    assert_int_equal(kol_roster_size(f->roster), 0);
    assert_status(f->ctx, kol_roster_at(f->roster, 0, &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00001", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, "kol-00001");
}

static void test_add_copies(void **state)
{
    struct fixture *f = *state;
    kol_record *rec = NULL;
    const kol_record *in = NULL;
    static const char *const labels[] = {"x", "y"};
    static const double w[] = {1.0, 1.0};
    testbuf want, got;
    testbuf_init(&want);
    testbuf_init(&got);

    assert_status(f->ctx, kol_record_new(f->ctx, &rec), KOL_STATUS_OK);
    assert_status(f->ctx, gen_fill(rec, 10), KOL_STATUS_OK);
    testbuf_record(&want, rec);
    assert_status(f->ctx, kol_roster_add(f->roster, rec), KOL_STATUS_OK);
    assert_int_equal(kol_roster_size(f->roster), 1);
    assert_status(f->ctx, kol_roster_at(f->roster, 0, &in), KOL_STATUS_OK);
    assert_ptr_not_equal(in, rec);
    testbuf_record(&got, in);
    assert_snap_equal(want.text, got.text);

    /* Change the source in every way: the roster's copy stays. */
    assert_status(f->ctx, kol_record_set_text(rec, KOL_TEXT_ID, "changed"),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_set_text(rec, KOL_TEXT_NAME, NULL),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 1.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_clear_metric(rec, KOL_METRIC_PRICE),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_portrait(rec, KOL_DIMENSION_GENDER, labels,
                                          w, 2),
                  KOL_STATUS_OK);
    testbuf_reset(&got);
    testbuf_record(&got, in);
    assert_snap_equal(want.text, got.text);
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00010", &in),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_find(f->roster, "changed", &in),
                  KOL_STATUS_NOT_FOUND);

    /* Free the source: still intact. */
    kol_record_free(rec);
    assert_status(f->ctx, kol_roster_at(f->roster, 0, &in), KOL_STATUS_OK);
    testbuf_reset(&got);
    testbuf_record(&got, in);
    assert_snap_equal(want.text, got.text);
    testbuf_free(&want);
    testbuf_free(&got);
}

static void test_add_duplicate(void **state)
{
    struct fixture *f = *state;
    kol_record *dup = NULL;
    const kol_record *in = NULL;
    double v = 0.0;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    push(f->ctx, f->roster, 7);
    push(f->ctx, f->roster, 8);
    snap_roster(&before, f->roster);

    assert_status(f->ctx, kol_record_new(f->ctx, &dup), KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_set_text(dup, KOL_TEXT_ID, "kol-00007"),
                  KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_metric(dup, KOL_METRIC_FOLLOWERS, 1.0),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, dup),
                  KOL_STATUS_DUPLICATE);
    assert_last_error(f->ctx, KOL_STATUS_DUPLICATE, "kol-00007");
    snap_roster(&after, f->roster);
    assert_snap_equal(before.text, after.text);
    /* The one found is the original. */
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00007", &in),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_get_metric(in, KOL_METRIC_FOLLOWERS, &v),
                  KOL_STATUS_OK);
    assert_true(v == 7007.0);
    /* Adding the same record twice. */
    assert_status(f->ctx, kol_roster_add(f->roster, dup), KOL_STATUS_DUPLICATE);
    kol_record_free(dup);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_add_refusals(void **state)
{
    struct fixture *f = *state;
    kol_record *noid = NULL, *foreign = NULL;
    kol_ctx *other = NULL;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    push(f->ctx, f->roster, 1);
    snap_roster(&before, f->roster);

    /* A record without id. */
    assert_status(f->ctx, kol_record_new(f->ctx, &noid), KOL_STATUS_OK);
    assert_status(f->ctx,
                  kol_record_set_text(noid, KOL_TEXT_NAME, "nameless"),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, noid),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "id");
    /* An id set, then cleared, is no id. */
    assert_status(f->ctx, kol_record_set_text(noid, KOL_TEXT_ID, "x"),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_set_text(noid, KOL_TEXT_ID, NULL),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, noid),
                  KOL_STATUS_INVALID_ARGUMENT);

    /* NULL arguments. */
    assert_int_equal(kol_roster_add(NULL, noid), KOL_STATUS_INVALID_ARGUMENT);
    /* both NULL: no context to report in, the status alone */
    assert_int_equal(kol_roster_add(NULL, NULL), KOL_STATUS_INVALID_ARGUMENT);
    assert_status(f->ctx, kol_roster_add(f->roster, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);

    /* A record of another context. */
    assert_int_equal(kol_ctx_new(&other), KOL_STATUS_OK);
    assert_status(other, kol_record_new(other, &foreign), KOL_STATUS_OK);
    assert_status(other, gen_fill(foreign, 2), KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, foreign),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "context|ctx");
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "kol-00002");
    /* ... and one of another context without id */
    kol_record_free(foreign);
    assert_status(other, kol_record_new(other, &foreign), KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, foreign),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "another context");
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, "record (no id) belongs");

    snap_roster(&after, f->roster);
    assert_snap_equal(before.text, after.text);
    kol_record_free(foreign);
    kol_ctx_free(other);
    kol_record_free(noid);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_find_at_size(void **state)
{
    struct fixture *f = *state;
    const kol_record *rec = NULL, *rec2 = NULL;
    char id[32];
    int i;
    for (i = 0; i < 10; i++)
        push(f->ctx, f->roster, i);
    assert_int_equal(kol_roster_size(f->roster), 10);
    for (i = 0; i < 10; i++) {
        make_id(id, sizeof id, i);
        assert_status(f->ctx, kol_roster_at(f->roster, (size_t)i, &rec),
                      KOL_STATUS_OK);
        assert_string_equal(kol_record_text(rec, KOL_TEXT_ID), id);
        assert_status(f->ctx, kol_roster_find(f->roster, id, &rec2),
                      KOL_STATUS_OK);
        assert_ptr_equal(rec, rec2);
    }
    /* Out of range. */
    assert_status(f->ctx, kol_roster_at(f->roster, 10, &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, NULL);
    assert_msg_number(f->ctx, 10);
    assert_status(f->ctx, kol_roster_at(f->roster, SIZE_MAX, &rec),
                  KOL_STATUS_NOT_FOUND);
    /* Absent ids, near misses included. */
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00010", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, "kol-00010");
    assert_status(f->ctx, kol_roster_find(f->roster, "KOL-00001", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-0000", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-000011", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_status(f->ctx, kol_roster_find(f->roster, "", &rec),
                  KOL_STATUS_NOT_FOUND);
    /* NULL arguments: refused, with a message. */
    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx, kol_roster_at(f->roster, 0, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx, kol_roster_find(f->roster, NULL, &rec),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00001", NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT, NULL);
    assert_int_equal(kol_roster_at(NULL, 0, &rec),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_roster_find(NULL, "kol-00001", &rec),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(kol_roster_remove(NULL, "kol-00001"),
                     KOL_STATUS_INVALID_ARGUMENT);
}

/* Check that the roster holds exactly the ids of `want` (record numbers),
 * in that order, each findable. */
static void check_ids(kol_ctx *ctx, const kol_roster *roster, const int *want,
                      size_t n)
{
    size_t i;
    char id[32];
    assert_int_equal(kol_roster_size(roster), n);
    for (i = 0; i < n; i++) {
        const kol_record *at = NULL, *found = NULL;
        make_id(id, sizeof id, want[i]);
        assert_status(ctx, kol_roster_at(roster, i, &at), KOL_STATUS_OK);
        if (strcmp(kol_record_text(at, KOL_TEXT_ID), id) != 0) {
            print_error("position %zu holds %s, want %s\n", i,
                        kol_record_text(at, KOL_TEXT_ID), id);
            fail();
        }
        assert_status(ctx, kol_roster_find(roster, id, &found),
                      KOL_STATUS_OK);
        assert_ptr_equal(at, found);
    }
}

static void test_remove(void **state)
{
    struct fixture *f = *state;
    int i;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    for (i = 0; i < 10; i++)
        push(f->ctx, f->roster, i);
    /* Remove from the middle: later records move up one place. */
    assert_status(f->ctx, kol_roster_remove(f->roster, "kol-00003"),
                  KOL_STATUS_OK);
    {
        static const int want[] = {0, 1, 2, 4, 5, 6, 7, 8, 9};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    /* Gone. */
    {
        const kol_record *rec = NULL;
        assert_status(f->ctx, kol_roster_find(f->roster, "kol-00003", &rec),
                      KOL_STATUS_NOT_FOUND);
    }
    snap_roster(&before, f->roster);
    assert_status(f->ctx, kol_roster_remove(f->roster, "kol-00003"),
                  KOL_STATUS_NOT_FOUND);
    assert_last_error(f->ctx, KOL_STATUS_NOT_FOUND, "kol-00003");
    assert_status(f->ctx, kol_roster_remove(f->roster, NULL),
                  KOL_STATUS_INVALID_ARGUMENT);
    snap_roster(&after, f->roster);
    assert_snap_equal(before.text, after.text);

    /* First and last. */
    assert_status(f->ctx, kol_roster_remove(f->roster, "kol-00000"),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_remove(f->roster, "kol-00009"),
                  KOL_STATUS_OK);
    {
        static const int want[] = {1, 2, 4, 5, 6, 7, 8};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    /* Re-adding a removed id works and goes to the end. */
    push(f->ctx, f->roster, 3);
    push(f->ctx, f->roster, 0);
    {
        static const int want[] = {1, 2, 4, 5, 6, 7, 8, 3, 0};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    /* Its content is the re-added record's. */
    {
        kol_record *r = NULL;
        const kol_record *in = NULL;
        testbuf_reset(&before);
        testbuf_reset(&after);
        assert_status(f->ctx, kol_record_new(f->ctx, &r), KOL_STATUS_OK);
        assert_status(f->ctx, gen_fill(r, 3), KOL_STATUS_OK);
        testbuf_record(&before, r);
        assert_status(f->ctx, kol_roster_find(f->roster, "kol-00003", &in),
                      KOL_STATUS_OK);
        testbuf_record(&after, in);
        assert_snap_equal(before.text, after.text);
        kol_record_free(r);
    }
    /* Remove everything, then use the roster again. */
    for (i = 0; i < 10; i++) {
        char id[32];
        kol_status st;
        make_id(id, sizeof id, i);
        st = kol_roster_remove(f->roster, id);
        assert_true(st == KOL_STATUS_OK || (i == 9 && st == KOL_STATUS_NOT_FOUND));
    }
    assert_int_equal(kol_roster_size(f->roster), 0);
    push(f->ctx, f->roster, 5);
    {
        static const int want[] = {5};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    testbuf_free(&before);
    testbuf_free(&after);
}

/* KOL_TEST_SHRINK set to anything but "" or "0" (tests/valgrind.sh does,
 * to fit memcheck's time budget) makes the longest cases smaller, with
 * every assertion kept and every growth of the record array and the index
 * still crossed:
 *  - test_many_records adds 5,000 records instead of 100,000 (the index
 *    still grows through nine sizes);
 *  - test_alloc_fail_roster_add takes the roster sizes next to a growth
 *    (7 to 9, 15 to 17, ... 255 to 257) instead of every size up to 70
 *    and sizes up to 1025;
 *  - test_alloc_fail_roster_fill reads at most 20 records at a time
 *    (instead of 40 or 70; the roster still grows past 32 and 64 records
 *    when they are added to it);
 *  - the chunk-size sweeps read 250 records instead of 1,000 (the largest
 *    chunks still exceed them). */
static int shrink_tests(void)
{
    const char *shrink = getenv("KOL_TEST_SHRINK");
    return shrink != NULL && shrink[0] != '\0' && strcmp(shrink, "0") != 0;
}

/* Records in test_many_records. */
static size_t many_records_count(void)
{
    return shrink_tests() ? 5000 : 100000;
}

/* Add records 0 to N - 1 to the roster: id make_id(i), followers i.
 * Returns the record used to build them (the caller frees it). */
static kol_record *add_numbered(kol_ctx *ctx, kol_roster *roster, size_t N)
{
    kol_record *rec = NULL;
    char id[32];
    size_t i;
    assert_status(ctx, kol_record_new(ctx, &rec), KOL_STATUS_OK);
    for (i = 0; i < N; i++) {
        make_id(id, sizeof id, (int)i);
        assert_status(ctx, kol_record_set_text(rec, KOL_TEXT_ID, id),
                      KOL_STATUS_OK);
        assert_status(ctx,
                      kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS,
                                            (double)i),
                      KOL_STATUS_OK);
        assert_status(ctx, kol_roster_add(roster, rec), KOL_STATUS_OK);
    }
    return rec;
}

/* The roster holds records 0 to N - 1 (add_numbered) less those whose
 * number is a multiple of k, in order, and none of those is found.
 * order has room for N numbers and receives the kept ones; returns their
 * count. */
static size_t check_every_kth_removed(kol_ctx *ctx, const kol_roster *roster,
                                      size_t N, size_t k, int *order)
{
    size_t n = 0, i;
    char id[32];
    for (i = 0; i < N; i++)
        if (i % k != 0)
            order[n++] = (int)i;
    check_ids(ctx, roster, order, n);
    for (i = 0; i < N; i += k) {
        const kol_record *found = NULL;
        make_id(id, sizeof id, (int)i);
        assert_status(ctx, kol_roster_find(roster, id, &found),
                      KOL_STATUS_NOT_FOUND);
    }
    return n;
}

static void test_many_records(void **state)
{
    struct fixture *f = *state;
    const size_t N = many_records_count();
    int *order = malloc(N * sizeof *order);
    kol_record *rec;
    size_t n = 0, i;
    char id[32];
    assert_non_null(order);
    rec = add_numbered(f->ctx, f->roster, N);
    for (i = 0; i < N; i++)
        order[n++] = (int)i;
    assert_int_equal(kol_roster_size(f->roster), N);
    /* Every one found, at its place, with its value. */
    for (i = 0; i < N; i++) {
        const kol_record *at = NULL, *found = NULL;
        double v = -1.0;
        make_id(id, sizeof id, (int)i);
        assert_status(f->ctx, kol_roster_find(f->roster, id, &found),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_roster_at(f->roster, i, &at),
                      KOL_STATUS_OK);
        assert_ptr_equal(at, found);
        assert_status(f->ctx,
                      kol_record_get_metric(found, KOL_METRIC_FOLLOWERS, &v),
                      KOL_STATUS_OK);
        assert_true(v == (double)i);
    }
    /* Duplicates still refused at this size. */
    make_id(id, sizeof id, (int)(N / 2));
    assert_status(f->ctx, kol_record_set_text(rec, KOL_TEXT_ID, id),
                  KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, rec),
                  KOL_STATUS_DUPLICATE);

    /* Remove every 997th (from the end), then check all. */
    for (i = N; i-- > 0;) {
        if (i % 997 != 0)
            continue;
        make_id(id, sizeof id, (int)i);
        assert_status(f->ctx, kol_roster_remove(f->roster, id), KOL_STATUS_OK);
    }
    check_every_kth_removed(f->ctx, f->roster, N, 997, order);
    kol_record_free(rec);
    free(order);
}

/* ------------------------------------------------------------------ */
/* Pull                                                               */
/* ------------------------------------------------------------------ */

static void test_fill_basic(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {0, KOL_READ_RECORD}, {1, KOL_READ_RECORD}, {2, KOL_READ_RECORD}};
    struct script s;
    uint64_t added = 99;
    kol_roster *ref = NULL;
    testbuf want, got;
    int i;
    testbuf_init(&want);
    testbuf_init(&got);
    script_init(&s, items, COUNT_OF(items));
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);
    assert_int_equal(s.calls, 4); /* three records and the END call */
    assert_false(s.not_empty);
    assert_status(f->ctx, kol_roster_new(f->ctx, &ref), KOL_STATUS_OK);
    for (i = 0; i < 3; i++)
        push(f->ctx, ref, i);
    snap_roster(&want, ref);
    snap_roster(&got, f->roster);
    assert_snap_equal(want.text, got.text);

    /* A record filled on the END call is discarded; added may be NULL. */
    {
        static const struct item end_filled[] = {{3, KOL_READ_RECORD},
                                                 {4, KOL_READ_END},
                                                 {5, KOL_READ_RECORD}};
        script_init(&s, end_filled, COUNT_OF(end_filled));
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, NULL, &s, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(s.calls, 2); /* stops at END */
        push(f->ctx, ref, 3);
        snap_roster(&want, ref);
        snap_roster(&got, f->roster);
        assert_snap_equal(want.text, got.text);
    }
    /* An empty source. */
    script_init(&s, items, 0);
    added = 99;
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 0);
    assert_int_equal(kol_roster_size(f->roster), 4);

    /* NULL arguments. */
    script_init(&s, items, COUNT_OF(items));
    added = 99;
    assert_int_equal(kol_roster_fill(NULL, read_script, NULL, &s, &added),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_status(f->ctx, kol_roster_fill(f->roster, NULL, NULL, &s, &added),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(added, 0);
    assert_int_equal(kol_roster_size(f->roster), 4);
    assert_int_equal(s.calls, 0);

    kol_roster_free(ref);
    testbuf_free(&want);
    testbuf_free(&got);
}

static void test_fill_skip(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {0, KOL_READ_RECORD}, {1, KOL_READ_SKIP}, {2, KOL_READ_SKIP},
        {3, KOL_READ_RECORD}, {NO_ID, KOL_READ_SKIP}, {4, KOL_READ_RECORD}};
    static const int want[] = {0, 3, 4};
    struct script s;
    uint64_t added = 0;
    const kol_record *rec;
    script_init(&s, items, COUNT_OF(items));
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);
    /* Each call got an empty record, even after a filled, skipped one. */
    assert_false(s.not_empty);
    check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    assert_status(f->ctx, kol_roster_find(f->roster, "kol-00001", &rec),
                  KOL_STATUS_NOT_FOUND);
    /* A skipped id can come back as a record later. */
    {
        static const struct item again[] = {{1, KOL_READ_RECORD}};
        script_init(&s, again, 1);
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, NULL, &s,
                                      &added),
                      KOL_STATUS_OK);
        assert_int_equal(added, 1);
    }
}

static void test_fill_reject_callback(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {10, KOL_READ_SKIP},   /* call 0 */
        {1, KOL_READ_RECORD},  /* call 1: added */
        {NO_ID, KOL_READ_RECORD}, /* call 2: no id */
        {2, KOL_READ_RECORD},  /* call 3: added */
        {1, KOL_READ_RECORD},  /* call 4: duplicate within the fill */
        {99, KOL_READ_RECORD}, /* call 5: duplicate of an existing record */
        {3, KOL_READ_RECORD},  /* call 6: added */
    };
    static const int want[] = {99, 1, 2, 3};
    struct script s;
    uint64_t added = 0;
    push(f->ctx, f->roster, 99);
    script_init(&s, items, COUNT_OF(items));
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, reject_script, &s,
                                  &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);
    check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    assert_int_equal(s.n_rejects, 3);
    assert_int_equal(s.rejects[0].index, 2);
    assert_int_equal(s.rejects[0].status, KOL_STATUS_INVALID_ARGUMENT);
    assert_true(testmsg_has(s.rejects[0].message, "id"));
    assert_int_equal(s.rejects[1].index, 4);
    assert_int_equal(s.rejects[1].status, KOL_STATUS_DUPLICATE);
    if (!testmsg_has(s.rejects[1].message, "kol-00001")) {
        print_error("reject message \"%s\" does not name the id\n",
                    s.rejects[1].message);
        fail();
    }
    assert_int_equal(s.rejects[2].index, 5);
    assert_int_equal(s.rejects[2].status, KOL_STATUS_DUPLICATE);
    if (!testmsg_has(s.rejects[2].message, "kol-00099")) {
        print_error("reject message \"%s\" does not name the id\n",
                    s.rejects[2].message);
        fail();
    }
    /* The duplicate did not replace the first. */
    {
        const kol_record *rec = NULL;
        double v = 0.0;
        assert_status(f->ctx, kol_roster_find(f->roster, "kol-00099", &rec),
                      KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &v),
                      KOL_STATUS_OK);
        assert_true(v == 99007.0);
    }
}

static void check_fill_fails(struct fixture *f, const struct item *items,
                             size_t n, kol_roster_reject_fn reject,
                             int reject_ret, long fail_at, int fail_code,
                             kol_status want, const char *alts)
{
    struct script s;
    uint64_t added = 1234;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    snap_roster(&before, f->roster);
    script_init(&s, items, n);
    s.fail_at = fail_at;
    s.fail_code = fail_code;
    s.reject_ret = reject_ret;
    kol_ctx_clear_error(f->ctx);
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, reject, &s, &added),
                  want);
    assert_int_equal(added, 0);
    assert_last_error(f->ctx, want, alts);
    if (want == KOL_STATUS_CALLBACK)
        assert_int_equal(kol_ctx_callback_code(f->ctx),
                         fail_at >= 0 ? fail_code : reject_ret);
    else
        assert_int_equal(kol_ctx_callback_code(f->ctx), 0);
    snap_roster(&after, f->roster);
    assert_snap_equal(before.text, after.text);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_fill_refused_without_reject(void **state)
{
    struct fixture *f = *state;
    static const struct item dup_within[] = {
        {1, KOL_READ_RECORD}, {2, KOL_READ_RECORD}, {1, KOL_READ_RECORD},
        {3, KOL_READ_RECORD}};
    static const struct item dup_existing[] = {
        {1, KOL_READ_RECORD}, {50, KOL_READ_RECORD}, {2, KOL_READ_RECORD}};
    static const struct item no_id[] = {
        {1, KOL_READ_RECORD}, {NO_ID, KOL_READ_RECORD}, {2, KOL_READ_RECORD}};
    push(f->ctx, f->roster, 50);
    push(f->ctx, f->roster, 51);
    check_fill_fails(f, dup_within, COUNT_OF(dup_within), NULL, 0, -1, 0,
                     KOL_STATUS_DUPLICATE, "kol-00001");
    check_fill_fails(f, dup_existing, COUNT_OF(dup_existing), NULL, 0, -1, 0,
                     KOL_STATUS_DUPLICATE, "kol-00050");
    check_fill_fails(f, no_id, COUNT_OF(no_id), NULL, 0, -1, 0,
                     KOL_STATUS_INVALID_ARGUMENT, "id");
    /* A reject callback that returns non-zero stops the fill as a read
     * callback's non-zero return does. */
    check_fill_fails(f, dup_within, COUNT_OF(dup_within), reject_script, 5,
                     -1, 0, KOL_STATUS_CALLBACK, NULL);
    check_fill_fails(f, no_id, COUNT_OF(no_id), reject_script, -3, -1, 0,
                     KOL_STATUS_CALLBACK, NULL);
}

static void test_fill_read_callback_fails(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {1, KOL_READ_RECORD}, {2, KOL_READ_RECORD}, {3, KOL_READ_RECORD},
        {4, KOL_READ_RECORD}};
    long at;
    push(f->ctx, f->roster, 60);
    for (at = 0; at <= 4; at++) {
        check_fill_fails(f, items, COUNT_OF(items), NULL, 0, at, 42,
                         KOL_STATUS_CALLBACK, NULL);
        assert_msg_number(f->ctx, 42);
    }
    check_fill_fails(f, items, COUNT_OF(items), reject_script, 0, 2, -1,
                     KOL_STATUS_CALLBACK, NULL);
    assert_int_equal(kol_roster_size(f->roster), 1);
}

/* Progress log. */
#define MAX_PROGRESS 64
struct progress {
    size_t n;
    uint64_t done[MAX_PROGRESS];
    uint64_t total[MAX_PROGRESS];
    uint64_t cancel_at_done; /* cancel when done reaches this (0: never) */
    int code;
    uint64_t *read_calls;    /* to check no read happens after cancelling */
    uint64_t reads_at_cancel;
};

static int progress_cb(void *user, uint64_t done, uint64_t total)
{
    struct progress *p = user;
    if (p->n < MAX_PROGRESS) {
        p->done[p->n] = done;
        p->total[p->n] = total;
    }
    p->n++;
    if (p->cancel_at_done != 0 && done >= p->cancel_at_done) {
        if (p->read_calls != NULL)
            p->reads_at_cancel = *p->read_calls;
        return p->code;
    }
    return 0;
}

static struct item *make_items(size_t n, int first, int32_t what)
{
    struct item *items = malloc((n > 0 ? n : 1) * sizeof *items);
    size_t i;
    assert_non_null(items);
    for (i = 0; i < n; i++) {
        items[i].gen = first + (int)i;
        items[i].what = what;
    }
    return items;
}

static void test_fill_progress(void **state)
{
    struct fixture *f = *state;
    struct progress p;
    struct script s;
    struct item *items = make_items(3000, 0, KOL_READ_RECORD);
    uint64_t added = 0;
    size_t i;

    memset(&p, 0, sizeof p);
    assert_status(f->ctx, kol_ctx_set_progress(f->ctx, progress_cb, &p),
                  KOL_STATUS_OK);
    /* 3000 records and the END call: 3001 read calls. */
    script_init(&s, items, 3000);
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3000);
    assert_int_equal(s.calls, 3001);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.done[0], 1024);
    assert_int_equal(p.done[1], 2048);
    assert_int_equal(p.done[2], 3001);
    for (i = 0; i < 3; i++)
        assert_int_equal(p.total[i], 0);

    /* Skipped records are read calls too. */
    {
        struct item *mixed = make_items(1510, 5000, KOL_READ_SKIP);
        for (i = 1500; i < 1510; i++)
            mixed[i].what = KOL_READ_RECORD;
        memset(&p, 0, sizeof p);
        script_init(&s, mixed, 1510);
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, NULL, &s,
                                      &added),
                      KOL_STATUS_OK);
        assert_int_equal(added, 10);
        assert_int_equal(p.n, 2);
        assert_int_equal(p.done[0], 1024);
        assert_int_equal(p.done[1], 1511);
        free(mixed);
    }

    /* An empty source: one read call, one report. */
    memset(&p, 0, sizeof p);
    script_init(&s, items, 0);
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.done[0], 1);
    assert_int_equal(p.total[0], 0);

    /* Progress is also reported for a fill that ends on an exact multiple
     * of 1024 read calls; the last report has the number of read calls. */
    memset(&p, 0, sizeof p);
    {
        struct item *more = make_items(2047, 10000, KOL_READ_RECORD);
        script_init(&s, more, 2047);
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, NULL, &s,
                                      &added),
                      KOL_STATUS_OK);
        assert_true(p.n >= 2);
        assert_int_equal(p.done[0], 1024);
        assert_int_equal(p.done[p.n - 1], 2048);
        for (i = 1; i < p.n; i++)
            assert_true(p.done[i] >= p.done[i - 1]);
        free(more);
    }
    free(items);
}

static void test_fill_cancel(void **state)
{
    struct fixture *f = *state;
    struct progress p;
    struct script s;
    struct item *items = make_items(3000, 0, KOL_READ_RECORD);
    uint64_t added = 55;
    testbuf before, after;
    testbuf_init(&before);
    testbuf_init(&after);
    push(f->ctx, f->roster, 100000 - 1);
    push(f->ctx, f->roster, 5);
    snap_roster(&before, f->roster);

    /* Cancel at the second report. */
    memset(&p, 0, sizeof p);
    p.cancel_at_done = 2048;
    p.code = 7;
    assert_status(f->ctx, kol_ctx_set_progress(f->ctx, progress_cb, &p),
                  KOL_STATUS_OK);
    {
        struct item *src = make_items(3000, 10, KOL_READ_RECORD);
        script_init(&s, src, 3000);
        p.read_calls = &s.calls;
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, NULL, &s,
                                      &added),
                      KOL_STATUS_CANCELLED);
        assert_int_equal(added, 0);
        assert_int_equal(kol_ctx_callback_code(f->ctx), 7);
        assert_last_error(f->ctx, KOL_STATUS_CANCELLED, NULL);
        assert_msg_number(f->ctx, 7);
        /* Where it stopped: after 2048 read calls, of a total the fill
         * does not know (the progress callback is told 0 for it), not "of
         * 0". */
        assert_msg_number(f->ctx, 2048);
        assert_last_error(f->ctx, KOL_STATUS_CANCELLED, "total unknown");
        assert_null(strstr(kol_ctx_last_error(f->ctx), "of 0"));
        /* No read after the cancelling report. */
        assert_int_equal(s.calls, p.reads_at_cancel);
        assert_int_equal(s.calls, 2048);
        snap_roster(&after, f->roster);
        assert_snap_equal(before.text, after.text);

        /* Cancel at the final report (a short fill). */
        memset(&p, 0, sizeof p);
        p.cancel_at_done = 1;
        p.code = -2;
        script_init(&s, src, 10);
        added = 55;
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, reject_script,
                                      &s, &added),
                      KOL_STATUS_CANCELLED);
        assert_int_equal(added, 0);
        assert_int_equal(p.n, 1);
        assert_int_equal(kol_ctx_callback_code(f->ctx), -2);
        snap_roster(&after, f->roster);
        assert_snap_equal(before.text, after.text);

        /* Without cancelling, the same fill works afterwards. */
        memset(&p, 0, sizeof p);
        script_init(&s, src, 10);
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, read_script, reject_script,
                                      &s, &added),
                      KOL_STATUS_OK);
        assert_int_equal(added, 10);
        assert_int_equal(kol_roster_size(f->roster), 12);
        free(src);
    }
    free(items);
    testbuf_free(&before);
    testbuf_free(&after);
}

static void test_fill_bad_what(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {1, KOL_READ_RECORD}, {2, 7}, {3, KOL_READ_RECORD}};
    static const struct item negative[] = {{1, KOL_READ_RECORD}, {2, -1}};
    push(f->ctx, f->roster, 40);
    /* what set to a value that is no kol_read: refused as a bad argument
     * from the host, the roster unchanged. */
    check_fill_fails(f, items, COUNT_OF(items), reject_script, 0, -1, 0,
                     KOL_STATUS_INVALID_ARGUMENT, "what|7");
    check_fill_fails(f, negative, COUNT_OF(negative), NULL, 0, -1, 0,
                     KOL_STATUS_INVALID_ARGUMENT, NULL);
}

/* Records reported on the END call or skipped are never checked: no
 * reject for a duplicate or missing id there. */
static void test_fill_end_and_skip_not_checked(void **state)
{
    struct fixture *f = *state;
    static const struct item items[] = {
        {1, KOL_READ_RECORD}, {1, KOL_READ_SKIP}, {NO_ID, KOL_READ_SKIP},
        {1, KOL_READ_END}};
    static const struct item noid_end[] = {{2, KOL_READ_RECORD},
                                           {NO_ID, KOL_READ_END}};
    struct script s;
    uint64_t added = 0;
    script_init(&s, items, COUNT_OF(items));
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, reject_script, &s,
                                  &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 1);
    assert_int_equal(s.n_rejects, 0);
    script_init(&s, noid_end, COUNT_OF(noid_end));
    assert_status(f->ctx,
                  kol_roster_fill(f->roster, read_script, NULL, &s, &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 1);
    assert_int_equal(kol_roster_size(f->roster), 2);
}

/* A clone is of the same context, so it can join the roster. */
static void test_add_clone(void **state)
{
    struct fixture *f = *state;
    kol_record *rec = NULL, *copy = NULL;
    assert_status(f->ctx, kol_record_new(f->ctx, &rec), KOL_STATUS_OK);
    assert_status(f->ctx, gen_fill(rec, 3), KOL_STATUS_OK);
    assert_status(f->ctx, kol_record_clone(rec, &copy), KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, copy), KOL_STATUS_OK);
    assert_status(f->ctx, kol_roster_add(f->roster, rec),
                  KOL_STATUS_DUPLICATE);
    kol_record_free(copy);
    kol_record_free(rec);
    assert_int_equal(kol_roster_size(f->roster), 1);
}

/* Calls whose documented statuses do not include KOL_STATUS_NOMEM (at,
 * find, size, remove) must work with every allocation failing. */
static void test_calls_without_nomem_do_not_allocate(void **state)
{
    testalloc ta;
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    const kol_record *rec = NULL;
    char id[32];
    int i;
    (void)state;
    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &ctx), KOL_STATUS_OK);
    assert_status(ctx, kol_roster_new(ctx, &roster), KOL_STATUS_OK);
    for (i = 0; i < 100; i++)
        push(ctx, roster, i);
    testalloc_fail_from(&ta, 1);
    for (i = 0; i < 100; i += 3) {
        make_id(id, sizeof id, i);
        assert_status(ctx, kol_roster_find(roster, id, &rec), KOL_STATUS_OK);
        assert_status(ctx, kol_roster_at(roster, (size_t)i, &rec),
                      KOL_STATUS_OK);
    }
    for (i = 0; i < 100; i += 2) {
        make_id(id, sizeof id, i);
        assert_status(ctx, kol_roster_remove(roster, id), KOL_STATUS_OK);
    }
    assert_int_equal(kol_roster_size(roster), 50);
    assert_status(ctx, kol_roster_find(roster, "kol-00000", &rec),
                  KOL_STATUS_NOT_FOUND);
    assert_status(ctx, kol_roster_find(roster, "kol-00099", &rec),
                  KOL_STATUS_OK);
    assert_int_equal(ta.injected, 0);
    testalloc_disarm(&ta);
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    testalloc_assert_clean(&ta);
}

/* ------------------------------------------------------------------ */
/* Chunk-size sweep                                                   */
/* ------------------------------------------------------------------ */

/* Reads the source `items` from `pos` on, at most `chunk` records per
 * fill call (SKIP items count towards the chunk as read calls). */
struct chunked {
    const struct item *items;
    size_t n;
    size_t pos;
    size_t chunk;
    size_t in_this_call;
    int not_empty;
    size_t rejects;
};

static int read_chunked(void *user, kol_record *rec, int32_t *what)
{
    struct chunked *c = user;
    const struct item *it;
    if (!record_is_empty(rec))
        c->not_empty = 1;
    if (c->pos >= c->n || c->in_this_call >= c->chunk) {
        *what = KOL_READ_END;
        return 0;
    }
    it = &c->items[c->pos++];
    c->in_this_call++;
    if (it->gen != NO_ID && gen_fill(rec, it->gen) != KOL_STATUS_OK)
        return 99;
    *what = it->what;
    return 0;
}

static int reject_chunked(void *user, uint64_t index, int status,
                          const char *message)
{
    struct chunked *c = user;
    (void)index;
    (void)status;
    (void)message;
    c->rejects++;
    return 0;
}

static void sweep(kol_ctx *ctx, const struct item *items, size_t n,
                  const char *want, size_t want_rejects, int with_reject)
{
    static const size_t extra[] = {100, 127, 128, 129, 500, 999, 1000, 1001,
                                   4096};
    size_t k;
    testbuf got;
    testbuf_init(&got);
    for (k = 0; k < 64 + COUNT_OF(extra); k++) {
        size_t chunk = k < 64 ? k + 1 : extra[k - 64];
        kol_roster *roster = NULL;
        struct chunked c;
        size_t calls = 0, total = 0;
        memset(&c, 0, sizeof c);
        c.items = items;
        c.n = n;
        c.chunk = chunk;
        assert_status(ctx, kol_roster_new(ctx, &roster), KOL_STATUS_OK);
        while (c.pos < c.n) {
            uint64_t added = 0;
            c.in_this_call = 0;
            assert_status(ctx,
                          kol_roster_fill(roster, read_chunked,
                                          with_reject ? reject_chunked : NULL,
                                          &c, &added),
                          KOL_STATUS_OK);
            total += (size_t)added;
            calls++;
        }
        assert_int_equal(calls, (n + chunk - 1) / chunk);
        assert_false(c.not_empty);
        assert_int_equal(c.rejects, want_rejects);
        assert_int_equal(total, kol_roster_size(roster));
        testbuf_reset(&got);
        testbuf_roster(&got, roster);
        if (strcmp(want, got.text) != 0) {
            print_error("chunk size %zu gives another roster\n", chunk);
            assert_snap_equal(want, got.text);
        }
        kol_roster_free(roster);
    }
    testbuf_free(&got);
}

static void test_fill_chunk_sweep(void **state)
{
    struct fixture *f = *state;
    const int N = shrink_tests() ? 250 : 1000;
    struct item *items = make_items((size_t)N, 0, KOL_READ_RECORD);
    testbuf want;
    int i;
    testbuf_init(&want);
    for (i = 0; i < N; i++)
        push(f->ctx, f->roster, i);
    testbuf_roster(&want, f->roster);
    sweep(f->ctx, items, (size_t)N, want.text, 0, 0);
    sweep(f->ctx, items, (size_t)N, want.text, 0, 1);
    free(items);
    testbuf_free(&want);
}

/* The same with skipped records, records without id and duplicates mixed
 * in, refused through the reject callback. */
static void test_fill_chunk_sweep_mixed(void **state)
{
    struct fixture *f = *state;
    const size_t N = shrink_tests() ? 250 : 1000;
    struct item *items = make_items(N, 0, KOL_READ_RECORD);
    testbuf want;
    size_t i, rejects = 0;
    testbuf_init(&want);
    for (i = 0; i < N; i++) {
        if (i % 11 == 3) {
            items[i].what = KOL_READ_SKIP;
        } else if (i % 13 == 5) {
            items[i].gen = NO_ID;
            rejects++;
        } else if (i % 17 == 7 && i > 20) {
            items[i].gen = (int)(i - 20); /* a duplicate, unless that one
                                             was itself skipped or
                                             refused */
            if ((i - 20) % 11 == 3 || (i - 20) % 13 == 5 ||
                ((i - 20) % 17 == 7 && i - 20 > 20))
                items[i].gen = 100000 + (int)i; /* then a fresh id */
            else
                rejects++;
        }
    }
    for (i = 0; i < N; i++)
        if (items[i].what == KOL_READ_RECORD && items[i].gen != NO_ID &&
            !(i % 17 == 7 && i > 20 && items[i].gen < 100000))
            push(f->ctx, f->roster, items[i].gen);
    testbuf_roster(&want, f->roster);
    sweep(f->ctx, items, N, want.text, rejects, 1);
    free(items);
    testbuf_free(&want);
}

/* ------------------------------------------------------------------ */
/* Removal of many records: kol_roster_remove_if                       */
/* ------------------------------------------------------------------ */

#define MAX_SELECT_LOG 64

/* The select callback's script: removes the records whose id's number is
 * in drop[] (or, with every_k > 0, whose position is a multiple of
 * every_k, or with all set, every record); stops with stop_code at
 * position stop_at, or sets remove = bad_value there when bad_at matches.
 * Logs the positions and ids it was given. */
struct selector {
    const int *drop;
    size_t n_drop;
    size_t every_k;
    int all;
    long stop_at;
    int stop_code;
    long bad_at;
    int32_t bad_value;
    uint64_t calls;
    int entry_not_zero;   /* remove was not 0 on entry */
    int index_mismatch;   /* index was not the call's number */
    char ids[MAX_SELECT_LOG][32];
};

static void selector_init(struct selector *s)
{
    memset(s, 0, sizeof *s);
    s->stop_at = -1;
    s->bad_at = -1;
}

static int id_number(const kol_record *rec)
{
    const char *id = kol_record_text(rec, KOL_TEXT_ID);
    return id != NULL && strncmp(id, "kol-", 4) == 0 ? atoi(id + 4) : -1;
}

static int select_script(void *user, uint64_t index, const kol_record *rec,
                         int32_t *remove)
{
    struct selector *s = user;
    uint64_t call = s->calls++;
    size_t i;
    if (*remove != 0)
        s->entry_not_zero = 1;
    if (index != call)
        s->index_mismatch = 1;
    if (call < MAX_SELECT_LOG)
        snprintf(s->ids[call], sizeof s->ids[call], "%s",
                 kol_record_text(rec, KOL_TEXT_ID));
    if ((long)index == s->stop_at)
        return s->stop_code;
    if ((long)index == s->bad_at) {
        *remove = s->bad_value;
        return 0;
    }
    if (s->all || (s->every_k > 0 && index % s->every_k == 0)) {
        *remove = 1;
        return 0;
    }
    for (i = 0; i < s->n_drop; i++)
        if (id_number(rec) == s->drop[i])
            *remove = 1;
    return 0;
}

/* The progress callback of an empty remove_if: counts its calls, and
 * returns user[1] (non-zero cancels). */
static int empty_progress(void *user, uint64_t done, uint64_t total)
{
    uint64_t *c = user;
    c[0]++;
    assert_true(done == 0 && total == 0);
    return (int)c[1];
}

static void test_remove_if(void **state)
{
    struct fixture *f = *state;
    static const int drop[] = {0, 3, 4, 9};
    struct selector sel;
    testbuf before, after;
    uint64_t removed = 99;
    int i;
    testbuf_init(&before);
    testbuf_init(&after);

    /* An empty roster: no callback, nothing removed. */
    selector_init(&sel);
    sel.all = 1;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(sel.calls, 0);
    /* ... but its end is reported once, as every call with progress does
     * (kol/core.h): progress(0, 0); a cancel there is the call's */
    {
        uint64_t c[2] = {0, 0};
        assert_int_equal(kol_ctx_set_progress(f->ctx, empty_progress, c),
                         KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_roster_remove_if(f->roster, select_script, &sel,
                                           &removed),
                      KOL_STATUS_OK);
        assert_int_equal(c[0], 1);
        c[0] = 0;
        c[1] = 6;
        removed = 99;
        assert_status(f->ctx,
                      kol_roster_remove_if(f->roster, select_script, &sel,
                                           &removed),
                      KOL_STATUS_CANCELLED);
        assert_int_equal(c[0], 1);
        assert_int_equal(removed, 0);
        assert_int_equal(kol_ctx_callback_code(f->ctx), 6);
        assert_int_equal(kol_ctx_set_progress(f->ctx, NULL, NULL),
                         KOL_STATUS_OK);
    }

    for (i = 0; i < 10; i++)
        push(f->ctx, f->roster, i);

    /* Nothing selected: unchanged. */
    snap_roster(&before, f->roster);
    selector_init(&sel);
    removed = 99;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(sel.calls, 10);
    snap_roster(&after, f->roster);
    assert_snap_equal(before.text, after.text);

    /* First, middle and last: the others keep their order. */
    selector_init(&sel);
    sel.drop = drop;
    sel.n_drop = COUNT_OF(drop);
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, 4);
    assert_int_equal(sel.calls, 10);
    assert_false(sel.entry_not_zero);
    assert_false(sel.index_mismatch);
    for (i = 0; i < 10; i++) {
        char id[32];
        make_id(id, sizeof id, i);
        assert_string_equal(sel.ids[i], id);
    }
    {
        static const int want[] = {1, 2, 5, 6, 7, 8};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    for (i = 0; i < (int)COUNT_OF(drop); i++) {
        const kol_record *rec = NULL;
        char id[32];
        make_id(id, sizeof id, drop[i]);
        assert_status(f->ctx, kol_roster_find(f->roster, id, &rec),
                      KOL_STATUS_NOT_FOUND);
    }
    /* The records kept are the same records, content and all. */
    {
        kol_roster *ref = NULL;
        static const int kept[] = {1, 2, 5, 6, 7, 8};
        assert_status(f->ctx, kol_roster_new(f->ctx, &ref), KOL_STATUS_OK);
        for (i = 0; i < (int)COUNT_OF(kept); i++)
            push(f->ctx, ref, kept[i]);
        snap_roster(&before, ref);
        snap_roster(&after, f->roster);
        assert_snap_equal(before.text, after.text);
        kol_roster_free(ref);
    }
    /* A removed id can be added again; it goes to the end. */
    push(f->ctx, f->roster, 3);
    {
        static const int want[] = {1, 2, 5, 6, 7, 8, 3};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    /* The position given is the one before the call. */
    selector_init(&sel);
    sel.every_k = 2;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       NULL),
                  KOL_STATUS_OK);
    {
        static const int want[] = {2, 6, 8};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }
    /* Everything, then the roster is used again. */
    selector_init(&sel);
    sel.all = 1;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, 3);
    assert_int_equal(kol_roster_size(f->roster), 0);
    push(f->ctx, f->roster, 4);
    {
        static const int want[] = {4};
        check_ids(f->ctx, f->roster, want, COUNT_OF(want));
    }

    /* NULL arguments: refused, removed set to 0. */
    removed = 99;
    assert_int_equal(kol_roster_remove_if(NULL, select_script, &sel,
                                          &removed),
                     KOL_STATUS_INVALID_ARGUMENT);
    assert_int_equal(removed, 0);
    removed = 99;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, NULL, NULL, &removed),
                  KOL_STATUS_INVALID_ARGUMENT);
    assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT,
                      "select callback is NULL");
    assert_int_equal(removed, 0);
    testbuf_free(&before);
    testbuf_free(&after);
}

/* kol_roster_remove_if with sel fails with want, sets removed to 0 and
 * leaves the roster as snapshot `before` shows it. */
static void remove_if_refused(struct fixture *f, struct selector *sel,
                              kol_status want, const testbuf *before)
{
    testbuf after;
    uint64_t removed = 99;
    testbuf_init(&after);
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, sel,
                                       &removed),
                  want);
    assert_int_equal(removed, 0);
    snap_roster(&after, f->roster);
    assert_snap_equal(before->text, after.text);
    testbuf_free(&after);
}

/* A failed kol_roster_remove_if leaves the roster exactly as it was. */
static void test_remove_if_failures(void **state)
{
    struct fixture *f = *state;
    struct selector sel;
    struct progress p;
    testbuf before;
    uint64_t removed;
    int i;
    testbuf_init(&before);
    for (i = 0; i < 3000; i++)
        push(f->ctx, f->roster, i);
    snap_roster(&before, f->roster);

    /* The callback stops at position 5, after five records selected. */
    selector_init(&sel);
    sel.all = 1;
    sel.stop_at = 5;
    sel.stop_code = 42;
    remove_if_refused(f, &sel, KOL_STATUS_CALLBACK, &before);
    assert_int_equal(kol_ctx_callback_code(f->ctx), 42);
    assert_last_error(f->ctx, KOL_STATUS_CALLBACK,
                      "select callback returned 42 for record 5");
    assert_last_error(f->ctx, KOL_STATUS_CALLBACK, "kol-00005");
    assert_int_equal(sel.calls, 6);

    /* A remove value other than 0 or 1, at the last record. */
    {
        static const int32_t bad[] = {2, -1, 0x10000};
        size_t k;
        for (k = 0; k < COUNT_OF(bad); k++) {
            selector_init(&sel);
            sel.all = 1;
            sel.bad_at = 2999;
            sel.bad_value = bad[k];
            remove_if_refused(f, &sel, KOL_STATUS_INVALID_ARGUMENT, &before);
            assert_last_error(f->ctx, KOL_STATUS_INVALID_ARGUMENT,
                              "for record 2999 (id 'kol-02999'); expected 0 "
                              "(keep) or 1 (remove)");
            assert_msg_number(f->ctx, bad[k]);
        }
    }

    /* Progress: after 1024 and 2048 records, then at the end, with the
     * size as the total. */
    memset(&p, 0, sizeof p);
    assert_status(f->ctx, kol_ctx_set_progress(f->ctx, progress_cb, &p),
                  KOL_STATUS_OK);
    selector_init(&sel);
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.done[0], 1024);
    assert_int_equal(p.done[1], 2048);
    assert_int_equal(p.done[2], 3000);
    assert_int_equal(p.total[0], 3000);
    assert_int_equal(p.total[1], 3000);
    assert_int_equal(p.total[2], 3000);

    /* Cancelled in the middle, then at the very end (every record
     * decided): nothing removed either way. */
    {
        static const uint64_t at[] = {2048, 3000};
        size_t k;
        for (k = 0; k < COUNT_OF(at); k++) {
            memset(&p, 0, sizeof p);
            p.cancel_at_done = at[k];
            p.code = 7;
            selector_init(&sel);
            sel.all = 1;
            remove_if_refused(f, &sel, KOL_STATUS_CANCELLED, &before);
            assert_int_equal(kol_ctx_callback_code(f->ctx), 7);
            assert_last_error(f->ctx, KOL_STATUS_CANCELLED,
                              "kol_roster_remove_if: cancelled");
            assert_last_error(f->ctx, KOL_STATUS_CANCELLED, "of 3000");
            assert_int_equal(sel.calls, at[k]);
        }
    }
    assert_status(f->ctx, kol_ctx_set_progress(f->ctx, NULL, NULL),
                  KOL_STATUS_OK);

    /* After all that, a removal goes through. */
    selector_init(&sel);
    sel.every_k = 3;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, 1000);
    assert_int_equal(kol_roster_size(f->roster), 2000);
    testbuf_free(&before);
}

/* Many records, a third of them removed in one call: the same roster as
 * one built from the others, every id findable or gone. */
static void test_remove_if_many(void **state)
{
    struct fixture *f = *state;
    const size_t N = many_records_count();
    int *order = malloc(N * sizeof *order);
    kol_record *rec;
    struct selector sel;
    uint64_t removed = 0;
    size_t n, i;
    assert_non_null(order);
    rec = add_numbered(f->ctx, f->roster, N);
    selector_init(&sel);
    sel.every_k = 3;
    assert_status(f->ctx,
                  kol_roster_remove_if(f->roster, select_script, &sel,
                                       &removed),
                  KOL_STATUS_OK);
    assert_int_equal(removed, (N + 2) / 3);
    n = check_every_kth_removed(f->ctx, f->roster, N, 3, order);
    /* The values moved with their records. */
    for (i = 0; i < n; i++) {
        const kol_record *at = NULL;
        double v = -1.0;
        assert_status(f->ctx, kol_roster_at(f->roster, i, &at),
                      KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_record_get_metric(at, KOL_METRIC_FOLLOWERS, &v),
                      KOL_STATUS_OK);
        assert_true(v == (double)order[i]);
    }
    kol_record_free(rec);
    free(order);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                 */
/* ------------------------------------------------------------------ */

struct roster_op {
    kol_ctx *ctx;
    kol_roster *roster;
    kol_roster *out;
    kol_record *rec;
    int existing;      /* records in the roster before the operation */
    const struct item *items;
    size_t n_items;
    struct script s;
    uint64_t added;
    int with_progress;
    struct progress p;
};

static kol_ctx *rop_setup(void *user, testalloc *ta)
{
    struct roster_op *o = user;
    int i;
    o->roster = o->out = NULL;
    o->rec = NULL;
    assert_int_equal(testalloc_ctx_new(ta, &o->ctx), KOL_STATUS_OK);
    assert_status(o->ctx, kol_roster_new(o->ctx, &o->roster), KOL_STATUS_OK);
    for (i = 0; i < o->existing; i++)
        push(o->ctx, o->roster, 1000 + i);
    assert_status(o->ctx, kol_record_new(o->ctx, &o->rec), KOL_STATUS_OK);
    assert_status(o->ctx, gen_fill(o->rec, 5), KOL_STATUS_OK);
    if (o->with_progress) {
        memset(&o->p, 0, sizeof o->p);
        assert_status(o->ctx, kol_ctx_set_progress(o->ctx, progress_cb, &o->p),
                      KOL_STATUS_OK);
    }
    return o->ctx;
}

static void rop_snapshot(void *user, testbuf *b)
{
    struct roster_op *o = user;
    testbuf_roster(b, o->roster);
    if (o->out != NULL) {
        testbuf_printf(b, "out: ");
        testbuf_roster(b, o->out);
    } else {
        testbuf_printf(b, "no out\n");
    }
}

static void rop_teardown(void *user)
{
    struct roster_op *o = user;
    kol_roster_free(o->out);
    kol_roster_free(o->roster);
    kol_record_free(o->rec);
    o->out = o->roster = NULL;
    o->rec = NULL;
}

static void rop_out_null(void *user)
{
    struct roster_op *o = user;
    assert_null(o->out);
}

static void rop_added_zero(void *user)
{
    struct roster_op *o = user;
    assert_int_equal(o->added, 0);
}

/* A failed add or fill names itself in the message, whichever of its
 * allocations was refused (the record's copy in kol_roster_add, the
 * record handed to the read callback in kol_roster_fill), not an inner
 * function the host never called. */
static void rop_add_failed(void *user)
{
    struct roster_op *o = user;
    assert_last_error(o->ctx, KOL_STATUS_NOMEM, "kol_roster_add: ");
}

static void rop_fill_failed(void *user)
{
    struct roster_op *o = user;
    rop_added_zero(user);
    assert_true(strncmp(kol_ctx_last_error(o->ctx), "kol_roster_fill: ",
                        17) == 0);
}

static kol_status run_roster_new(void *user)
{
    struct roster_op *o = user;
    kol_roster_free(o->out);
    o->out = (kol_roster *)(void *)o; /* must be overwritten */
    return kol_roster_new(o->ctx, &o->out);
}

static kol_status run_roster_add(void *user)
{
    struct roster_op *o = user;
    return kol_roster_add(o->roster, o->rec);
}

static kol_status run_roster_fill(void *user)
{
    struct roster_op *o = user;
    script_init(&o->s, o->items, o->n_items);
    o->added = 777;
    return kol_roster_fill(o->roster, read_script, reject_script, &o->s,
                           &o->added);
}

static kol_status run_roster_remove_if(void *user)
{
    struct roster_op *o = user;
    struct selector sel;
    selector_init(&sel);
    sel.every_k = 2;
    o->added = 777;
    return kol_roster_remove_if(o->roster, select_script, &sel, &o->added);
}

static void test_alloc_fail_roster_new(void **state)
{
    struct roster_op o;
    testalloc_op op;
    (void)state;
    memset(&o, 0, sizeof o);
    memset(&op, 0, sizeof op);
    op.name = "kol_roster_new";
    op.user = &o;
    op.setup = rop_setup;
    op.run = run_roster_new;
    op.snapshot = rop_snapshot;
    op.check_failed = rop_out_null;
    op.teardown = rop_teardown;
    assert_true(testalloc_loop(&op, 0) >= 1);
}

static void test_alloc_fail_roster_add(void **state)
{
    /* Every size up to 70 (growth of the array and of the index at any
     * power of two or load factor), then around larger powers of two. */
    static const int big[] = {127, 128, 129, 255, 256, 257, 511, 512, 513,
                              1023, 1024, 1025};
    /* KOL_TEST_SHRINK: the sizes next to a growth, up to 257 */
    static const int growth[] = {0,  1,  2,   7,   8,   9,   15,  16,
                                 17, 31, 32,  33,  63,  64,  65,  127,
                                 128, 129, 255, 256, 257};
    const int shrink = shrink_tests();
    const size_t n_sizes = shrink ? COUNT_OF(growth) : 71 + COUNT_OF(big);
    struct roster_op o;
    testalloc_op op;
    char name[64];
    size_t k;
    (void)state;
    for (k = 0; k < n_sizes; k++) {
        memset(&o, 0, sizeof o);
        memset(&op, 0, sizeof op);
        o.existing = shrink ? growth[k] : (k < 71 ? (int)k : big[k - 71]);
        snprintf(name, sizeof name, "kol_roster_add to a roster of %d",
                 o.existing);
        op.name = name;
        op.user = &o;
        op.setup = rop_setup;
        op.run = run_roster_add;
        op.snapshot = rop_snapshot;
        op.check_failed = rop_add_failed;
        op.teardown = rop_teardown;
        /* A growth made before the failure may be kept for later (the
         * roster is unchanged as far as any call can tell). */
        op.allow_retained = 1;
        assert_true(testalloc_loop(&op, 0) >= 1);
    }
}

static void test_alloc_fail_roster_fill(void **state)
{
    static const struct {
        int existing;
        size_t n;
    } cases[] = {{0, 1}, {0, 5}, {3, 40}, {30, 40}, {0, 70}, {60, 10}};
    const int shrink = shrink_tests();
    struct roster_op o;
    testalloc_op op;
    char name[96];
    size_t c, i;
    (void)state;
    for (c = 0; c < COUNT_OF(cases); c++) {
        size_t n = shrink && cases[c].n > 20 ? 20 : cases[c].n;
        struct item *items = make_items(n, 0, KOL_READ_RECORD);
        /* A skip, a record without id and a duplicate (rejected), when
         * there is room for them. */
        if (n >= 5) {
            items[1].what = KOL_READ_SKIP;
            items[2].gen = NO_ID;
            items[3].gen = 0;
        }
        for (i = 0; i < 2; i++) {
            memset(&o, 0, sizeof o);
            memset(&op, 0, sizeof op);
            o.existing = cases[c].existing;
            o.items = items;
            o.n_items = n;
            o.with_progress = (int)i;
            snprintf(name, sizeof name,
                     "kol_roster_fill of %zu into a roster of %d%s",
                     n, cases[c].existing,
                     i ? " with progress" : "");
            op.name = name;
            op.user = &o;
            op.setup = rop_setup;
            op.run = run_roster_fill;
            op.snapshot = rop_snapshot;
            op.check_failed = rop_fill_failed;
            op.teardown = rop_teardown;
            /* The read callback's own setters allocate too: when one of
             * them fails, the callback stops the fill. */
            op.also_accept = KOL_STATUS_CALLBACK;
            op.allow_retained = 1;
            assert_true(testalloc_loop(&op, 0) >= 1);
        }
        free(items);
    }
}

static void test_alloc_fail_roster_remove_if(void **state)
{
    static const int sizes[] = {1, 63, 64, 65, 200};
    struct roster_op o;
    testalloc_op op;
    char name[96];
    size_t c, i;
    (void)state;
    for (c = 0; c < COUNT_OF(sizes); c++) {
        for (i = 0; i < 2; i++) {
            memset(&o, 0, sizeof o);
            memset(&op, 0, sizeof op);
            o.existing = sizes[c];
            o.with_progress = (int)i;
            snprintf(name, sizeof name,
                     "kol_roster_remove_if on a roster of %d%s", sizes[c],
                     i ? " with progress" : "");
            op.name = name;
            op.user = &o;
            op.setup = rop_setup;
            op.run = run_roster_remove_if;
            op.snapshot = rop_snapshot;
            op.check_failed = rop_added_zero;
            op.teardown = rop_teardown;
            assert_true(testalloc_loop(&op, 0) >= 1);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Calls on the roster from the callbacks of its own fill             */
/* ------------------------------------------------------------------ */

/* A host that, from inside a callback of kol_roster_fill(), tries every
 * call that changes the roster being filled. Each must be refused with
 * KOL_STATUS_BAD_STATE and a message naming itself and the fill; the
 * getters still work and see the roster unchanged. */
struct meddler {
    kol_ctx *ctx;
    kol_roster *roster;
    kol_record *other;   /* a valid record with a new id */
    int in_read, in_reject, in_progress; /* meddle from these callbacks */
    int rounds[3];       /* read, reject, progress callbacks that meddled */
    int bad;             /* calls not refused as promised */
    int inner_reads;     /* read calls of a refused nested fill */
    int inner_selects;   /* select calls of a refused nested remove_if */
    const char *running; /* the call whose callbacks meddle */
    char why[700];       /* the first broken promise */
    struct script s;     /* the script the read and reject callbacks play */
};

static void meddle_fail(struct meddler *m, const char *what)
{
    if (m->bad++ == 0)
        snprintf(m->why, sizeof m->why, "%s (last error %d: \"%s\")", what,
                 (int)kol_ctx_last_status(m->ctx), kol_ctx_last_error(m->ctx));
}

static void meddle_check(struct meddler *m, kol_status st, const char *fn)
{
    if (!testmsg_refused(m->ctx, st, fn, m->running))
        meddle_fail(m, fn);
}

static int never_read(void *user, kol_record *rec, int32_t *what)
{
    struct meddler *m = user;
    (void)rec;
    m->inner_reads++;
    *what = KOL_READ_END;
    return 0;
}

static int never_select(void *user, uint64_t index, const kol_record *rec,
                        int32_t *remove)
{
    struct meddler *m = user;
    (void)index;
    (void)rec;
    m->inner_selects++;
    *remove = 1;
    return 0;
}

/* Try every changing call on m->roster; handed is the record the fill
 * handed to its read callback (NULL elsewhere). */
static void meddle(struct meddler *m, const kol_record *handed, int kind)
{
    size_t n = kol_roster_size(m->roster);
    const kol_record *rec = NULL;
    uint64_t added = 77;
    /* Getters are allowed and see the roster as it was before the fill
     * (it holds kol-00050 first). */
    if (kol_roster_find(m->roster, "kol-00050", &rec) != KOL_STATUS_OK ||
        kol_roster_find(m->roster, "intruder", &rec) !=
            KOL_STATUS_NOT_FOUND ||
        kol_roster_at(m->roster, 0, &rec) != KOL_STATUS_OK ||
        strcmp(kol_record_text(rec, KOL_TEXT_ID), "kol-00050") != 0)
        meddle_fail(m, "a getter failed or saw a change");
    meddle_check(m, kol_roster_add(m->roster, m->other), "kol_roster_add");
    if (handed != NULL)
        meddle_check(m, kol_roster_add(m->roster, handed), "kol_roster_add");
    meddle_check(m, kol_roster_remove(m->roster, "kol-00050"),
                 "kol_roster_remove");
    meddle_check(m, kol_roster_remove(m->roster, "no-such-id"),
                 "kol_roster_remove");
    meddle_check(m,
                 kol_roster_fill(m->roster, never_read, NULL, m, &added),
                 "kol_roster_fill");
    if (added != 0)
        meddle_fail(m, "a refused fill set added");
    meddle_check(m, kol_roster_fill(m->roster, never_read, reject_script, m,
                                    NULL),
                 "kol_roster_fill");
    added = 77;
    meddle_check(m,
                 kol_roster_remove_if(m->roster, never_select, m, &added),
                 "kol_roster_remove_if");
    if (added != 0)
        meddle_fail(m, "a refused remove_if set removed");
    if (kol_roster_size(m->roster) != n)
        meddle_fail(m, "the size changed");
    m->rounds[kind]++;
}

static int meddling_read(void *user, kol_record *rec, int32_t *what)
{
    struct meddler *m = user;
    int rc = read_script(&m->s, rec, what);
    if (rc == 0 && m->in_read)
        meddle(m, rec, 0);
    return rc;
}

static int meddling_reject(void *user, uint64_t index, int status,
                           const char *message)
{
    struct meddler *m = user;
    /* The message is the context's: log it before the calls replace it. */
    int rc = reject_script(&m->s, index, status, message);
    if (m->in_reject)
        meddle(m, NULL, 1);
    return rc;
}

static int meddling_progress(void *user, uint64_t done, uint64_t total)
{
    struct meddler *m = user;
    (void)done;
    (void)total;
    if (m->in_progress)
        meddle(m, NULL, 2);
    return 0;
}

static void meddler_init(struct meddler *m, kol_ctx *ctx, kol_roster *roster,
                         const struct item *items, size_t n)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->roster = roster;
    assert_status(ctx, kol_record_new(ctx, &m->other), KOL_STATUS_OK);
    assert_status(ctx, kol_record_set_text(m->other, KOL_TEXT_ID, "intruder"),
                  KOL_STATUS_OK);
    script_init(&m->s, items, n);
    m->running = "kol_roster_fill";
}

static void meddler_done(struct meddler *m)
{
    kol_record_free(m->other);
    m->other = NULL;
    if (m->bad)
        fail_msg("%d broken promises; first: %s", m->bad, m->why);
    assert_int_equal(m->inner_reads, 0);
    assert_int_equal(m->inner_selects, 0);
}

static void test_reentry_fill(void **state)
{
    struct fixture *f = *state;
    /* Read calls 2, 4 and 5 are refused (no id, duplicate within the
     * fill, duplicate of a record already held). */
    static const struct item items[] = {
        {10, KOL_READ_SKIP},  {1, KOL_READ_RECORD},  {NO_ID, KOL_READ_RECORD},
        {2, KOL_READ_RECORD}, {1, KOL_READ_RECORD},  {50, KOL_READ_RECORD},
        {3, KOL_READ_RECORD}};
    static const int want_ids[] = {50, 51, 1, 2, 3};
    struct meddler m, plain;
    kol_roster *ref = NULL;
    testbuf want, got;
    uint64_t added = 0;
    int kind;
    size_t i;
    testbuf_init(&want);
    testbuf_init(&got);

    /* The same fill with callbacks that make no such calls. */
    assert_status(f->ctx, kol_roster_new(f->ctx, &ref), KOL_STATUS_OK);
    push(f->ctx, ref, 50);
    push(f->ctx, ref, 51);
    meddler_init(&plain, f->ctx, ref, items, COUNT_OF(items));
    assert_status(f->ctx,
                  kol_roster_fill(ref, meddling_read, meddling_reject, &plain,
                                  &added),
                  KOL_STATUS_OK);
    assert_int_equal(added, 3);
    meddler_done(&plain);
    check_ids(f->ctx, ref, want_ids, COUNT_OF(want_ids));
    snap_roster(&want, ref);

    /* From each kind of callback, then from all three in one fill. */
    for (kind = 0; kind <= 3; kind++) {
        kol_roster *r = NULL;
        assert_status(f->ctx, kol_roster_new(f->ctx, &r), KOL_STATUS_OK);
        push(f->ctx, r, 50);
        push(f->ctx, r, 51);
        meddler_init(&m, f->ctx, r, items, COUNT_OF(items));
        m.in_read = kind == 0 || kind == 3;
        m.in_reject = kind == 1 || kind == 3;
        m.in_progress = kind == 2 || kind == 3;
        assert_status(f->ctx,
                      kol_ctx_set_progress(f->ctx, meddling_progress, &m),
                      KOL_STATUS_OK);
        added = 0;
        assert_status(f->ctx,
                      kol_roster_fill(r, meddling_read, meddling_reject, &m,
                                      &added),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_ctx_set_progress(f->ctx, NULL, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(added, 3);
        /* 8 read calls (7 items and the end), 3 refused records, one
         * progress report at the end. */
        assert_int_equal(m.rounds[0], m.in_read ? 8 : 0);
        assert_int_equal(m.rounds[1], m.in_reject ? 3 : 0);
        assert_int_equal(m.rounds[2], m.in_progress ? 1 : 0);
        meddler_done(&m);
        assert_last_error(f->ctx, KOL_STATUS_BAD_STATE,
                          "called from a callback of kol_roster_fill");
        /* The reject callback saw the same refusals and messages. */
        assert_int_equal(m.s.n_rejects, plain.s.n_rejects);
        for (i = 0; i < m.s.n_rejects; i++) {
            assert_int_equal(m.s.rejects[i].index, plain.s.rejects[i].index);
            assert_int_equal(m.s.rejects[i].status, plain.s.rejects[i].status);
            assert_string_equal(m.s.rejects[i].message,
                                plain.s.rejects[i].message);
        }
        snap_roster(&got, r);
        assert_snap_equal(want.text, got.text);
        /* Once the fill has returned the same calls are accepted. */
        assert_status(f->ctx, kol_roster_remove(r, "kol-00050"),
                      KOL_STATUS_OK);
        push(f->ctx, r, 60);
        assert_int_equal(kol_roster_size(r), 5);
        kol_roster_free(r);
    }

    /* Many read calls: the progress reports after 1024 and 2048 read
     * calls meddle too; nothing changes. */
    {
        struct item *many = make_items(3000, 1000, KOL_READ_RECORD);
        kol_roster *r = NULL;
        push(f->ctx, f->roster, 50);
        push(f->ctx, f->roster, 51);
        testbuf_reset(&want);
        meddler_init(&plain, f->ctx, f->roster, many, 3000);
        assert_status(f->ctx,
                      kol_roster_fill(f->roster, meddling_read, NULL, &plain,
                                      &added),
                      KOL_STATUS_OK);
        meddler_done(&plain);
        snap_roster(&want, f->roster);
        assert_status(f->ctx, kol_roster_new(f->ctx, &r), KOL_STATUS_OK);
        push(f->ctx, r, 50);
        push(f->ctx, r, 51);
        meddler_init(&m, f->ctx, r, many, 3000);
        m.in_progress = 1;
        assert_status(f->ctx,
                      kol_ctx_set_progress(f->ctx, meddling_progress, &m),
                      KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_roster_fill(r, meddling_read, NULL, &m, &added),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_ctx_set_progress(f->ctx, NULL, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(added, 3000);
        assert_int_equal(m.rounds[2], 3);
        meddler_done(&m);
        snap_roster(&got, r);
        assert_snap_equal(want.text, got.text);
        kol_roster_free(r);
        free(many);
    }

    /* A fill that fails (the read callback stops it) ends the busy state
     * too: the roster accepts changes afterwards. */
    {
        kol_roster *r = NULL;
        assert_status(f->ctx, kol_roster_new(f->ctx, &r), KOL_STATUS_OK);
        push(f->ctx, r, 50);
        meddler_init(&m, f->ctx, r, items, COUNT_OF(items));
        m.in_read = 1;
        m.s.fail_at = 3;
        m.s.fail_code = 9;
        assert_status(f->ctx,
                      kol_roster_fill(r, meddling_read, meddling_reject, &m,
                                      &added),
                      KOL_STATUS_CALLBACK);
        assert_int_equal(added, 0);
        assert_int_equal(kol_ctx_callback_code(f->ctx), 9);
        assert_int_equal(m.rounds[0], 3);
        meddler_done(&m);
        push(f->ctx, r, 70);
        assert_status(f->ctx, kol_roster_remove(r, "kol-00050"),
                      KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_roster_fill(r, read_script, NULL, &m.s, &added),
                      KOL_STATUS_OK);
        assert_int_equal(added, 4);
        assert_int_equal(kol_roster_size(r), 5);
        kol_roster_free(r);
    }
    kol_roster_free(ref);
    testbuf_free(&want);
    testbuf_free(&got);
}

/* The same meddling from the select callback and the progress callback of
 * kol_roster_remove_if(): every changing call refused, the getters see the
 * roster whole until every record is decided, and the result is the one
 * of a run whose callbacks make no calls. */
struct select_meddler {
    struct meddler m;
    struct selector sel;
    int in_select;
};

static int meddling_select(void *user, uint64_t index, const kol_record *rec,
                           int32_t *remove)
{
    struct select_meddler *sm = user;
    int rc = select_script(&sm->sel, index, rec, remove);
    if (sm->in_select) {
        if (kol_roster_size(sm->m.roster) != 3000)
            meddle_fail(&sm->m, "the roster shrank during the decisions");
        meddle(&sm->m, NULL, 0);
    }
    return rc;
}

static void test_reentry_remove_if(void **state)
{
    struct fixture *f = *state;
    testbuf want, got;
    int kind, i;
    testbuf_init(&want);
    testbuf_init(&got);
    for (kind = -1; kind <= 2; kind++) {
        struct select_meddler sm;
        kol_roster *r = NULL;
        uint64_t removed = 0;
        assert_status(f->ctx, kol_roster_new(f->ctx, &r), KOL_STATUS_OK);
        push(f->ctx, r, 50);
        for (i = 0; i < 2999; i++)
            push(f->ctx, r, 1000 + i);
        meddler_init(&sm.m, f->ctx, r, NULL, 0);
        sm.m.running = "kol_roster_remove_if";
        selector_init(&sm.sel);
        sm.sel.every_k = 2; /* the even positions, kol-00050 among them */
        sm.sel.stop_at = -1;
        /* kind -1: no meddling (the reference); 0: from the select
         * callback; 1: from progress; 2: from both. */
        sm.in_select = kind == 0 || kind == 2;
        sm.m.in_progress = kind == 1 || kind == 2;
        assert_status(f->ctx,
                      kol_ctx_set_progress(f->ctx, meddling_progress, &sm.m),
                      KOL_STATUS_OK);
        assert_status(f->ctx,
                      kol_roster_remove_if(r, meddling_select, &sm, &removed),
                      KOL_STATUS_OK);
        assert_status(f->ctx, kol_ctx_set_progress(f->ctx, NULL, NULL),
                      KOL_STATUS_OK);
        assert_int_equal(removed, 1500);
        assert_int_equal(sm.m.rounds[0], sm.in_select ? 3000 : 0);
        assert_int_equal(sm.m.rounds[2], sm.m.in_progress ? 3 : 0);
        meddler_done(&sm.m);
        if (kind >= 0)
            assert_last_error(f->ctx, KOL_STATUS_BAD_STATE,
                              "called from a callback of "
                              "kol_roster_remove_if");
        testbuf_reset(kind < 0 ? &want : &got);
        snap_roster(kind < 0 ? &want : &got, r);
        if (kind >= 0)
            assert_snap_equal(want.text, got.text);
        /* Afterwards the roster accepts changes again. */
        push(f->ctx, r, 60);
        assert_int_equal(kol_roster_size(r), 1501);
        kol_roster_free(r);
    }
    testbuf_free(&want);
    testbuf_free(&got);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enum_values_fixed),
        T(test_roster_new_and_empty),
        T(test_add_copies),
        T(test_add_duplicate),
        T(test_add_refusals),
        T(test_find_at_size),
        T(test_remove),
        T(test_many_records),
        T(test_remove_if),
        T(test_remove_if_failures),
        T(test_remove_if_many),
        T(test_fill_basic),
        T(test_fill_skip),
        T(test_fill_reject_callback),
        T(test_fill_refused_without_reject),
        T(test_fill_read_callback_fails),
        T(test_fill_progress),
        T(test_fill_cancel),
        T(test_fill_bad_what),
        T(test_fill_end_and_skip_not_checked),
        T(test_add_clone),
        T(test_reentry_fill),
        T(test_reentry_remove_if),
        cmocka_unit_test(test_calls_without_nomem_do_not_allocate),
        T(test_fill_chunk_sweep),
        T(test_fill_chunk_sweep_mixed),
        cmocka_unit_test(test_alloc_fail_roster_new),
        cmocka_unit_test(test_alloc_fail_roster_add),
        cmocka_unit_test(test_alloc_fail_roster_fill),
        cmocka_unit_test(test_alloc_fail_roster_remove_if),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
