/* Bad-input catalogue: include/kol/roster.h. */
#include "catalogue.h"

#include <stddef.h>

/* A record of env's context; id may be NULL for a record without id. */
static kol_record *make_record(cat_env *env, const char *id)
{
    kol_record *rec = NULL;
    if (kol_record_new(env->ctx, &rec) != KOL_STATUS_OK ||
        (id != NULL &&
         kol_record_set_text(rec, KOL_TEXT_ID, id) != KOL_STATUS_OK))
        fail_msg("cat_roster: cannot make the record");
    return rec;
}

/* A roster of env's context holding "kol-1" and "kol-2". */
static kol_roster *make_roster(cat_env *env)
{
    kol_roster *r = NULL;
    kol_record *a = make_record(env, "kol-1"), *b = make_record(env, "kol-2");
    if (kol_roster_new(env->ctx, &r) != KOL_STATUS_OK ||
        kol_roster_add(r, a) != KOL_STATUS_OK ||
        kol_roster_add(r, b) != KOL_STATUS_OK)
        fail_msg("cat_roster: cannot make the roster");
    kol_record_free(a);
    kol_record_free(b);
    kol_ctx_clear_error(env->ctx);
    return r;
}

/* ---- new ------------------------------------------------------------ */

static kol_status roster_new_null_out(cat_env *env)
{
    return kol_roster_new(env->ctx, NULL);
}

static kol_status roster_new_nomem(cat_env *env)
{
    kol_roster *r = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roster_new(env->ctx, &r);
    testalloc_disarm(env->ta);
    kol_roster_free(r);
    return st;
}

/* ---- add ------------------------------------------------------------ */

static kol_status add_null_record(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_add(r, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status add_no_id(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_record *rec = make_record(env, NULL);
    kol_status st;
    kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 10.0);
    st = kol_roster_add(r, rec);
    kol_record_free(rec);
    kol_roster_free(r);
    return st;
}

static kol_status add_other_context(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_ctx *other = NULL;
    kol_record *rec = NULL;
    kol_status st;
    if (testalloc_ctx_new(env->ta, &other) != KOL_STATUS_OK ||
        kol_record_new(other, &rec) != KOL_STATUS_OK ||
        kol_record_set_text(rec, KOL_TEXT_ID, "kol-9") != KOL_STATUS_OK)
        fail_msg("cat_roster: cannot make the other context's record");
    st = kol_roster_add(r, rec);
    kol_record_free(rec);
    kol_ctx_free(other);
    kol_roster_free(r);
    return st;
}

static kol_status add_null_roster(cat_env *env)
{
    kol_record *rec = make_record(env, "kol-1");
    kol_status st = kol_roster_add(NULL, rec);
    kol_record_free(rec);
    return st;
}

static kol_status add_duplicate(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_record *rec = make_record(env, "kol-2");
    kol_status st = kol_roster_add(r, rec);
    kol_record_free(rec);
    kol_roster_free(r);
    return st;
}

static kol_status add_nomem(cat_env *env)
{
    kol_roster *r = NULL;
    kol_record *rec = make_record(env, "kol-1");
    kol_status st;
    if (kol_roster_new(env->ctx, &r) != KOL_STATUS_OK)
        fail_msg("cat_roster: cannot make the roster");
    testalloc_fail_from(env->ta, 1);
    st = kol_roster_add(r, rec);
    testalloc_disarm(env->ta);
    kol_record_free(rec);
    kol_roster_free(r);
    return st;
}

/* ---- fill ----------------------------------------------------------- */

/* The read callback's script: ids[i] for call i (NULL: a record without
 * id), until n calls, then KOL_READ_END; stop_at (1-based, 0: never)
 * makes that call return stop_code instead; what_at sets a bad `what`. */
typedef struct fill_script {
    const char *const *ids;
    size_t n;
    size_t calls;
    size_t stop_at;
    int stop_code;
    size_t what_at;
    int reject_code;
} fill_script;

static int script_read(void *user, kol_record *rec, int32_t *what)
{
    fill_script *s = (fill_script *)user;
    size_t i = s->calls++;
    if (s->stop_at != 0 && s->calls == s->stop_at)
        return s->stop_code;
    if (s->what_at != 0 && s->calls == s->what_at) {
        *what = 7;
        return 0;
    }
    if (i >= s->n) {
        *what = KOL_READ_END;
        return 0;
    }
    if (s->ids[i] != NULL &&
        kol_record_set_text(rec, KOL_TEXT_ID, s->ids[i]) != KOL_STATUS_OK)
        return -1;
    return 0;
}

static int script_reject(void *user, uint64_t index, int status,
                         const char *message)
{
    fill_script *s = (fill_script *)user;
    (void)index;
    (void)status;
    (void)message;
    return s->reject_code;
}

static kol_status fill_run(cat_env *env, fill_script *s, int with_reject)
{
    kol_roster *r = make_roster(env);
    uint64_t added = 99;
    kol_status st = kol_roster_fill(r, script_read,
                                    with_reject ? script_reject : NULL, s,
                                    &added);
    kol_roster_free(r);
    return st;
}

static kol_status fill_null_read(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_fill(r, NULL, NULL, NULL, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status fill_no_id(cat_env *env)
{
    static const char *const ids[] = {"kol-3", NULL};
    fill_script s = {ids, 2, 0, 0, 0, 0, 0};
    return fill_run(env, &s, 0);
}

static kol_status fill_bad_what(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-4"};
    fill_script s = {ids, 2, 0, 0, 0, 2, 0};
    return fill_run(env, &s, 0);
}

static kol_status fill_duplicate_in_roster(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-1"};
    fill_script s = {ids, 2, 0, 0, 0, 0, 0};
    return fill_run(env, &s, 0);
}

static kol_status fill_duplicate_in_fill(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-4", "kol-3"};
    fill_script s = {ids, 3, 0, 0, 0, 0, 0};
    return fill_run(env, &s, 0);
}

static kol_status fill_read_stops(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-4"};
    fill_script s = {ids, 2, 0, 2, 5, 0, 0};
    return fill_run(env, &s, 0);
}

static kol_status fill_reject_stops(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-1"};
    fill_script s = {ids, 2, 0, 0, 0, 0, 3};
    return fill_run(env, &s, 1);
}

static kol_status fill_cancel(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-4"};
    fill_script s = {ids, 2, 0, 0, 0, 0, 0};
    kol_roster *r = make_roster(env);
    kol_status st;
    cat_cancel_after(env, 1);
    st = kol_roster_fill(r, script_read, NULL, &s, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status fill_nomem(cat_env *env)
{
    static const char *const ids[] = {"kol-3", "kol-4"};
    fill_script s = {ids, 2, 0, 0, 0, 0, 0};
    kol_roster *r = make_roster(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roster_fill(r, script_read, NULL, &s, NULL);
    testalloc_disarm(env->ta);
    kol_roster_free(r);
    return st;
}

/* ---- changing calls from a callback of the roster's own fill -------- */

enum { REENT_ADD = 0, REENT_REMOVE = 1, REENT_FILL = 2, REENT_REMOVE_IF = 3 };

/* The call under test, made once from the first call of the chosen
 * callback of a fill of r. */
typedef struct reent {
    kol_roster *r;
    kol_record *rec; /* for kol_roster_add: id "kol-9" */
    int which;
    int from;        /* 0: read, 1: reject, 2: progress */
    int made;        /* the call was made (it is made once) */
    int reads;
    kol_status inner;
} reent;

static int select_all(void *user, uint64_t index, const kol_record *rec,
                      int32_t *remove)
{
    (void)user;
    (void)index;
    (void)rec;
    *remove = 1;
    return 0;
}

static void reent_call(reent *re)
{
    fill_script inner = {NULL, 0, 0, 0, 0, 0, 0};
    if (re->made)
        return;
    re->made = 1;
    switch (re->which) {
    case REENT_ADD:
        re->inner = kol_roster_add(re->r, re->rec);
        break;
    case REENT_REMOVE:
        re->inner = kol_roster_remove(re->r, "kol-1");
        break;
    case REENT_REMOVE_IF:
        re->inner = kol_roster_remove_if(re->r, select_all, NULL, NULL);
        break;
    default:
        re->inner = kol_roster_fill(re->r, script_read, NULL, &inner, NULL);
        break;
    }
}

/* Read callback: "kol-3", then "kol-1" (already held: refused) for the
 * reject row or "kol-4" for the others (so that no later refusal replaces
 * the inner call's message), then the end. */
static int reent_read(void *user, kol_record *rec, int32_t *what)
{
    reent *re = (reent *)user;
    int call = re->reads++;
    if (re->from == 0)
        reent_call(re);
    if (call >= 2) {
        *what = KOL_READ_END;
        return 0;
    }
    return kol_record_set_text(rec, KOL_TEXT_ID,
                               call == 0       ? "kol-3"
                               : re->from == 1 ? "kol-1"
                                               : "kol-4") == KOL_STATUS_OK
               ? 0
               : -1;
}

static int reent_reject(void *user, uint64_t index, int status,
                        const char *message)
{
    reent *re = (reent *)user;
    (void)index;
    (void)status;
    (void)message;
    if (re->from == 1)
        reent_call(re);
    return 0;
}

static int reent_progress(void *user, uint64_t done, uint64_t total)
{
    reent *re = (reent *)user;
    (void)done;
    (void)total;
    if (re->from == 2)
        reent_call(re);
    return 0;
}

/* Fill make_roster()'s roster with reent_read, reent_reject and
 * reent_progress; the fill succeeds (two records added, or one added and
 * one refused). Returns the status of the inner call. */
static kol_status reent_run(cat_env *env, int which, int from)
{
    reent re;
    uint64_t added = 0;
    kol_status st;
    re.r = make_roster(env);
    re.rec = make_record(env, "kol-9");
    re.which = which;
    re.from = from;
    re.made = 0;
    re.reads = 0;
    re.inner = KOL_STATUS_OK;
    if (kol_ctx_set_progress(env->ctx, reent_progress, &re) != KOL_STATUS_OK)
        fail_msg("cat_roster: kol_ctx_set_progress failed");
    st = kol_roster_fill(re.r, reent_read, reent_reject, &re, &added);
    (void)kol_ctx_set_progress(env->ctx, NULL, NULL);
    if (st != KOL_STATUS_OK || added != (from == 1 ? 1u : 2u) ||
        re.made != 1 || kol_roster_size(re.r) != 2 + added)
        fail_msg("cat_roster: the outer fill returned %d, added %d",
                 (int)st, (int)added);
    kol_record_free(re.rec);
    kol_roster_free(re.r);
    return re.inner;
}

static kol_status reent_add_from_read(cat_env *env)
{
    return reent_run(env, REENT_ADD, 0);
}

static kol_status reent_remove_from_reject(cat_env *env)
{
    return reent_run(env, REENT_REMOVE, 1);
}

static kol_status reent_fill_from_progress(cat_env *env)
{
    return reent_run(env, REENT_FILL, 2);
}

static kol_status reent_remove_if_from_read(cat_env *env)
{
    return reent_run(env, REENT_REMOVE_IF, 0);
}

/* ---- at, find, remove ----------------------------------------------- */

static kol_status at_null_out(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_at(r, 0, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status at_out_of_range(cat_env *env)
{
    kol_roster *r = make_roster(env);
    const kol_record *rec = NULL;
    kol_status st = kol_roster_at(r, 2, &rec);
    kol_roster_free(r);
    return st;
}

static kol_status find_null_id(cat_env *env)
{
    kol_roster *r = make_roster(env);
    const kol_record *rec = NULL;
    kol_status st = kol_roster_find(r, NULL, &rec);
    kol_roster_free(r);
    return st;
}

static kol_status find_null_out(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_find(r, "kol-1", NULL);
    kol_roster_free(r);
    return st;
}

static kol_status find_absent(cat_env *env)
{
    kol_roster *r = make_roster(env);
    const kol_record *rec = NULL;
    kol_status st = kol_roster_find(r, "kol-7", &rec);
    kol_roster_free(r);
    return st;
}

static kol_status remove_null_id(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_remove(r, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status remove_absent(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_remove(r, "KOL-1");
    kol_roster_free(r);
    return st;
}

/* ---- remove_if ------------------------------------------------------ */

/* The select callback's script: record `stop_at` (0-based; -1: never)
 * makes it return stop_code; record `bad_at` gets remove = 2; the others
 * are removed when their index is odd. */
typedef struct select_script {
    long stop_at;
    int stop_code;
    long bad_at;
} select_script;

static int script_select(void *user, uint64_t index, const kol_record *rec,
                         int32_t *remove)
{
    select_script *s = (select_script *)user;
    (void)rec;
    if ((long)index == s->stop_at)
        return s->stop_code;
    *remove = (long)index == s->bad_at ? 2 : (int32_t)(index % 2);
    return 0;
}

static kol_status remove_if_run(cat_env *env, select_script *s)
{
    kol_roster *r = make_roster(env);
    uint64_t removed = 99;
    kol_status st = kol_roster_remove_if(r, script_select, s, &removed);
    if (st != KOL_STATUS_OK && (removed != 0 || kol_roster_size(r) != 2))
        fail_msg("cat_roster: a failed kol_roster_remove_if changed the "
                 "roster or set removed");
    kol_roster_free(r);
    return st;
}

static kol_status remove_if_null_select(cat_env *env)
{
    kol_roster *r = make_roster(env);
    kol_status st = kol_roster_remove_if(r, NULL, NULL, NULL);
    kol_roster_free(r);
    return st;
}

static kol_status remove_if_bad_remove(cat_env *env)
{
    select_script s = {-1, 0, 1};
    return remove_if_run(env, &s);
}

static kol_status remove_if_select_stops(cat_env *env)
{
    select_script s = {1, 4, -1};
    return remove_if_run(env, &s);
}

static kol_status remove_if_cancel(cat_env *env)
{
    select_script s = {-1, 0, -1};
    cat_cancel_after(env, 1);
    return remove_if_run(env, &s);
}

static kol_status remove_if_nomem(cat_env *env)
{
    select_script s = {-1, 0, -1};
    kol_roster *r = make_roster(env);
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_roster_remove_if(r, script_select, &s, NULL);
    testalloc_disarm(env->ta);
    kol_roster_free(r);
    return st;
}

/* CAT_UNTESTED kol_roster_add KOL_STATUS_TOO_LARGE: a roster that already
 * holds KOL_ROSTER_MAX_RECORDS (100 million) records; building one takes
 * tens of gigabytes, more than a test may use. */
/* CAT_UNTESTED kol_roster_fill KOL_STATUS_TOO_LARGE: a fill that would take
 * the roster past KOL_ROSTER_MAX_RECORDS (100 million) records; tens of
 * gigabytes, more than a test may use. */

const cat_row cat_rows_roster[] = {
    CAT_ROW("kol_roster_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", roster_new_null_out),
    CAT_ROW("kol_roster_new", KOL_STATUS_NOMEM, "the allocator refuses the roster",
            "out of memory", roster_new_nomem),
    CAT_ROW("kol_roster_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL roster with a record (reported in the record's context)",
            "kol_roster_add: roster is NULL", add_null_roster),
    CAT_ROW("kol_roster_add", KOL_STATUS_INVALID_ARGUMENT, "a NULL record",
            "record is NULL", add_null_record),
    CAT_ROW("kol_roster_add", KOL_STATUS_INVALID_ARGUMENT, "a record without id",
            "no id", add_no_id),
    CAT_ROW("kol_roster_add", KOL_STATUS_INVALID_ARGUMENT, "a record made from another context",
            "another context", add_other_context),
    CAT_ROW("kol_roster_add", KOL_STATUS_DUPLICATE, "a record with the id \"kol-2\", already in the roster",
            "kol-2", add_duplicate),
    CAT_ROW("kol_roster_add", KOL_STATUS_NOMEM, "the allocator refuses room for the first record",
            "kol_roster_add: out of memory", add_nomem),
    CAT_ROW("kol_roster_add", KOL_STATUS_BAD_STATE, "called from the read callback of kol_roster_fill on the same roster",
            "kol_roster_add: called from a callback of kol_roster_fill", reent_add_from_read),
    CAT_ROW("kol_roster_fill", KOL_STATUS_INVALID_ARGUMENT, "read is NULL",
            "read callback is NULL", fill_null_read),
    CAT_ROW("kol_roster_fill", KOL_STATUS_INVALID_ARGUMENT, "read call 1 fills a record without id, no reject callback",
            "read call 1: the record has no id", fill_no_id),
    CAT_ROW("kol_roster_fill", KOL_STATUS_INVALID_ARGUMENT, "the read callback sets what = 7",
            "what = 7", fill_bad_what),
    CAT_ROW("kol_roster_fill", KOL_STATUS_DUPLICATE, "read call 1 gives the id \"kol-1\", already in the roster, no reject callback",
            "kol-1", fill_duplicate_in_roster),
    CAT_ROW("kol_roster_fill", KOL_STATUS_DUPLICATE, "the id \"kol-3\" at read calls 0 and 2, no reject callback",
            "earlier in this fill", fill_duplicate_in_fill),
    CAT_ROW("kol_roster_fill", KOL_STATUS_CALLBACK, "the read callback returns 5 at its second call",
            "read callback returned 5", fill_read_stops),
    CAT_ROW("kol_roster_fill", KOL_STATUS_CALLBACK, "the reject callback returns 3 for a duplicate id",
            "reject callback returned 3", fill_reject_stops),
    CAT_ROW("kol_roster_fill", KOL_STATUS_CANCELLED, "the progress callback cancels at the end of the fill",
            "kol_roster_fill: cancelled", fill_cancel),
    CAT_ROW("kol_roster_fill", KOL_STATUS_NOMEM, "the allocator refuses the first record to fill",
            "kol_roster_fill: out of memory", fill_nomem),
    CAT_ROW("kol_roster_fill", KOL_STATUS_BAD_STATE, "called from the progress callback of kol_roster_fill on the same roster",
            "kol_roster_fill: called from a callback of kol_roster_fill", reent_fill_from_progress),
    CAT_ROW("kol_roster_at", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", at_null_out),
    CAT_ROW("kol_roster_at", KOL_STATUS_NOT_FOUND, "position 2 of a roster of 2 records",
            "position 2", at_out_of_range),
    CAT_ROW("kol_roster_find", KOL_STATUS_INVALID_ARGUMENT, "id is NULL",
            "id is NULL", find_null_id),
    CAT_ROW("kol_roster_find", KOL_STATUS_INVALID_ARGUMENT, "out is NULL",
            "out is NULL", find_null_out),
    CAT_ROW("kol_roster_find", KOL_STATUS_NOT_FOUND, "the id \"kol-7\", not in the roster",
            "kol-7", find_absent),
    CAT_ROW("kol_roster_remove", KOL_STATUS_INVALID_ARGUMENT, "id is NULL",
            "id is NULL", remove_null_id),
    CAT_ROW("kol_roster_remove", KOL_STATUS_NOT_FOUND, "the id \"KOL-1\" (ids are case-sensitive; \"kol-1\" is present)",
            "KOL-1", remove_absent),
    CAT_ROW("kol_roster_remove", KOL_STATUS_BAD_STATE, "called from the reject callback of kol_roster_fill on the same roster",
            "kol_roster_remove: called from a callback of kol_roster_fill", reent_remove_from_reject),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_INVALID_ARGUMENT, "select is NULL",
            "select callback is NULL", remove_if_null_select),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_INVALID_ARGUMENT, "the select callback sets remove = 2 for record 1",
            "remove = 2 for record 1 (id 'kol-2')", remove_if_bad_remove),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_CALLBACK, "the select callback returns 4 for record 1",
            "select callback returned 4 for record 1", remove_if_select_stops),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_CANCELLED, "the progress callback cancels at the end",
            "kol_roster_remove_if: cancelled", remove_if_cancel),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_NOMEM, "the allocator refuses the decisions' bitmap",
            "out of memory", remove_if_nomem),
    CAT_ROW("kol_roster_remove_if", KOL_STATUS_BAD_STATE, "called from the read callback of kol_roster_fill on the same roster",
            "kol_roster_remove_if: called from a callback of kol_roster_fill", reent_remove_if_from_read),
    CAT_END
};
