/* Rosters: records in insertion order plus an open-addressing index by id.
 *
 * The index maps an id to a position: a power-of-two table of slots, each
 * 0 (empty) or position + 1, probed linearly, kept at most half full.
 * Every change that can fail allocates first and commits afterwards, so a
 * failed call leaves the roster exactly as it was. */
#include <string.h>

#include "internal/hash.h"
#include "internal/record.h"
#include "kol/roster.h"

struct index {
    size_t *slots;
    size_t cap;    /* 0 or a power of two */
    uint64_t seed; /* of the slot positions: kol__table_seed(), drawn
                    * with the first slots (index_reserve()) */
};

struct kol_roster {
    kol_ctx *ctx;
    kol_record **recs;
    size_t n;
    size_t cap;
    struct index idx;
    /* Name of the public call whose host callbacks are running (read,
     * reject, progress), or NULL: changing calls are refused while it is
     * set. */
    const char *busy;
};

const char *kol__roster_mark(const kol_roster *roster, const char *running)
{
    kol_roster *w = (kol_roster *)roster;
    const char *old = w->busy;
    w->busy = running;
    return old;
}

size_t kol__roster_longest_run(const kol_roster *roster)
{
    /* twice round the table, so that a run that wraps from its end to
     * its start is seen whole (the index is at most half full: every run
     * ends) */
    const size_t cap = roster->idx.cap, mask = cap - 1;
    size_t i, run = 0, best = 0;
    for (i = 0; i < 2 * cap; i++) {
        run = (run + 1) * (size_t)(roster->idx.slots[i & mask] != 0);
        best = run > best ? run : best;
    }
    return best;
}

static uint64_t id_hash(const struct index *idx, const char *id)
{
    return kol__hash_bytes(id, strlen(id), idx->seed);
}

/* Position of id among recs[0..n) through idx, or SIZE_MAX. */
static size_t index_find(const struct index *idx, kol_record *const *recs,
                         const char *id)
{
    size_t mask, i;
    if (idx->cap == 0)
        return SIZE_MAX;
    mask = idx->cap - 1;
    for (i = (size_t)id_hash(idx, id) & mask; idx->slots[i] != 0;
         i = (i + 1) & mask) {
        size_t pos = idx->slots[i] - 1;
        if (strcmp(recs[pos]->text[KOL_TEXT_ID], id) == 0)
            return pos;
    }
    return SIZE_MAX;
}

/* Insert position pos (whose id is absent); the table has room. */
static void index_put(struct index *idx, kol_record *const *recs, size_t pos)
{
    size_t mask = idx->cap - 1;
    size_t i = (size_t)id_hash(idx, recs[pos]->text[KOL_TEXT_ID]) & mask;
    while (idx->slots[i] != 0)
        i = (i + 1) & mask;
    idx->slots[i] = pos + 1;
}

static void index_rebuild(struct index *idx, kol_record *const *recs,
                          size_t n)
{
    size_t i;
    memset(idx->slots, 0, idx->cap * sizeof(size_t));
    for (i = 0; i < n; i++)
        index_put(idx, recs, i);
}

/* Make the index able to hold want entries at most half full, re-indexing
 * recs[0..n) into a larger table when it must grow. want is at most
 * KOL_ROSTER_MAX_RECORDS (the callers check it), so cap stays below 2^29
 * and doubling it cannot overflow. */
static kol_status index_reserve(kol_ctx *ctx, struct index *idx,
                                kol_record *const *recs, size_t n,
                                size_t want)
{
    size_t cap = idx->cap > 0 ? idx->cap : 16;
    size_t *slots;
    while (cap / 2 < want)
        cap *= 2;
    if (cap == idx->cap)
        return KOL_STATUS_OK;
    slots = (size_t *)kol__calloc_array(ctx, cap, sizeof(size_t));
    if (slots == NULL)
        return KOL_STATUS_NOMEM;
    if (idx->cap == 0) /* its first slots: no id is placed yet */
        idx->seed = kol__table_seed(idx);
    kol__free(ctx, idx->slots);
    idx->slots = slots;
    idx->cap = cap;
    index_rebuild(idx, recs, n);
    return KOL_STATUS_OK;
}

/* Make the record array able to hold want records (at most
 * KOL_ROSTER_MAX_RECORDS, so doubling cannot overflow). */
static kol_status recs_reserve(kol_ctx *ctx, kol_record ***recs, size_t *cap,
                               size_t want)
{
    size_t ncap = *cap > 0 ? *cap : 16;
    kol_record **p;
    while (ncap < want)
        ncap *= 2;
    if (ncap == *cap)
        return KOL_STATUS_OK;
    p = (kol_record **)kol__realloc_array(ctx, *recs, ncap, sizeof *p);
    if (p == NULL)
        return KOL_STATUS_NOMEM;
    *recs = p;
    *cap = ncap;
    return KOL_STATUS_OK;
}

/* Room for `more` further records in both the array and the index; fn
 * names the public call in messages. */
static kol_status roster_reserve(kol_roster *r, size_t more, const char *fn)
{
    /* cov: true only with KOL_ROSTER_MAX_RECORDS (10^8) records in memory,
     * tens of gigabytes: beyond what a unit test can hold */
    if (more > KOL_ROSTER_MAX_RECORDS - r->n)
        return kol__fail(r->ctx, KOL_STATUS_TOO_LARGE,
                         "%s: %z records would exceed the limit of %u", fn,
                         r->n + more, (unsigned)KOL_ROSTER_MAX_RECORDS);
    if (recs_reserve(r->ctx, &r->recs, &r->cap, r->n + more) !=
            KOL_STATUS_OK ||
        index_reserve(r->ctx, &r->idx, r->recs, r->n, r->n + more) !=
            KOL_STATUS_OK)
        return kol__fail(r->ctx, KOL_STATUS_NOMEM,
                         "%s: out of memory making room for %z records", fn,
                         r->n + more);
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_roster_new(kol_ctx *ctx, kol_roster **out)
{
    kol_roster *r;
    if (out == NULL)
        return ctx != NULL ? kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                                       "kol_roster_new: out is NULL")
                           : KOL_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (ctx == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    r = (kol_roster *)kol__calloc_array(ctx, 1, sizeof *r);
    if (r == NULL)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_roster_new");
    r->ctx = ctx;
    *out = r;
    return KOL_STATUS_OK;
}

KOL_API void kol_roster_free(kol_roster *roster)
{
    size_t i;
    if (roster == NULL)
        return;
    for (i = 0; i < roster->n; i++)
        kol_record_free(roster->recs[i]);
    kol__free(roster->ctx, roster->recs);
    kol__free(roster->ctx, roster->idx.slots);
    kol__free(roster->ctx, roster);
}

KOL_API kol_status kol_roster_add(kol_roster *roster, const kol_record *rec)
{
    kol_record *copy = NULL;
    kol_status st;
    const char *id;

    if (roster == NULL)
        return rec != NULL ? kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                       "kol_roster_add: roster is NULL")
                           : KOL_STATUS_INVALID_ARGUMENT;
    if (roster->busy != NULL)
        return kol__busy(roster->ctx, "kol_roster_add", roster->busy);
    if (rec == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_add: record is NULL");
    if (rec->ctx != roster->ctx)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_add: record %r belongs to another "
                         "context",
                         rec->text[KOL_TEXT_ID]);
    id = rec->text[KOL_TEXT_ID];
    if (id == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_add: record has no id (position %z)",
                         roster->n);
    if (index_find(&roster->idx, roster->recs, id) != SIZE_MAX)
        return kol__fail(roster->ctx, KOL_STATUS_DUPLICATE,
                         "kol_roster_add: id %q is already in the roster",
                         id);
    st = roster_reserve(roster, 1, "kol_roster_add");
    if (st != KOL_STATUS_OK)
        return st;
    st = kol__record_copy(rec, &copy);
    if (st != KOL_STATUS_OK)
        return kol__fail(roster->ctx, st,
                         "kol_roster_add: out of memory copying record %r",
                         id);
    roster->recs[roster->n] = copy;
    index_put(&roster->idx, roster->recs, roster->n);
    roster->n++;
    return KOL_STATUS_OK;
}

/* Records read by a fill, not yet committed. */
struct pending {
    kol_record **recs;
    size_t n;
    size_t cap;
    struct index idx;
};

static void pending_free(kol_ctx *ctx, struct pending *p)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        kol_record_free(p->recs[i]);
    kol__free(ctx, p->recs);
    kol__free(ctx, p->idx.slots);
}

/* Record why a filled record is refused. With a reject callback the host
 * is given the read-call index separately, so the message names only the
 * problem; without one the message must say where the fill failed. */
static kol_status refuse(kol_ctx *ctx, int has_reject, uint64_t call,
                         kol_status status, const char *why, const char *id)
{
    if (id == NULL)
        return has_reject
                   ? kol__fail(ctx, status, "kol_roster_fill: %s", why)
                   : kol__fail(ctx, status, "kol_roster_fill: read call %L: %s",
                               call, why);
    return has_reject ? kol__fail(ctx, status, "kol_roster_fill: id %q %s", id,
                                  why)
                      : kol__fail(ctx, status,
                                  "kol_roster_fill: read call %L: id %q %s",
                                  call, id, why);
}

/* The work of kol_roster_fill(), its arguments checked; runs the host
 * callbacks while roster->busy is set. */
static kol_status roster_fill(kol_roster *roster, kol_roster_read_fn read,
                              kol_roster_reject_fn reject, void *user,
                              uint64_t *added)
{
    struct pending pend;
    kol_record *cur = NULL;
    kol_status st = KOL_STATUS_OK;
    uint64_t calls;
    kol_ctx *ctx = roster->ctx;
    size_t i;

    memset(&pend, 0, sizeof pend);

    for (calls = 0;; calls++) {
        int32_t what = KOL_READ_RECORD;
        kol_status rej = KOL_STATUS_OK;
        const char *id;
        int rc;

        if (calls > 0 && calls % 1024 == 0) {
            st = kol__progress(ctx, calls, 0, "kol_roster_fill");
            if (st != KOL_STATUS_OK)
                goto fail;
        }
        if (cur == NULL) {
            st = kol_record_new(ctx, &cur);
            if (st != KOL_STATUS_OK) {
                st = kol__fail(ctx, st,
                               "kol_roster_fill: out of memory for the "
                               "record of read call %L",
                               calls);
                goto fail;
            }
        } else {
            kol__record_reset(cur);
        }
        rc = read(user, cur, &what);
        if (rc != 0) {
            st = kol__callback_stop(ctx, KOL_STATUS_CALLBACK, rc,
                                    "kol_roster_fill: the read callback "
                                    "returned %d at read call %L",
                                    rc, calls);
            goto fail;
        }
        if (what == KOL_READ_END)
            break;
        if (what == KOL_READ_SKIP)
            continue;
        if (what != KOL_READ_RECORD) {
            st = kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                           "kol_roster_fill: the read callback set what = "
                           "%d at read call %L; expected 0 (record), 1 "
                           "(skip) or 2 (end)",
                           (int)what, calls);
            goto fail;
        }
        id = cur->text[KOL_TEXT_ID];
        if (id == NULL)
            rej = refuse(ctx, reject != NULL, calls, KOL_STATUS_INVALID_ARGUMENT,
                         "the record has no id", NULL);
        else if (index_find(&roster->idx, roster->recs, id) != SIZE_MAX)
            rej = refuse(ctx, reject != NULL, calls, KOL_STATUS_DUPLICATE,
                         "is already in the roster", id);
        else if (index_find(&pend.idx, pend.recs, id) != SIZE_MAX)
            rej = refuse(ctx, reject != NULL, calls, KOL_STATUS_DUPLICATE,
                         "was given earlier in this fill", id);
        if (rej != KOL_STATUS_OK) {
            if (reject == NULL) {
                st = rej;
                goto fail;
            }
            rc = reject(user, calls, (int)rej, ctx->message);
            if (rc != 0) {
                st = kol__callback_stop(ctx, KOL_STATUS_CALLBACK, rc,
                                        "kol_roster_fill: the reject callback "
                                        "returned %d at read call %L",
                                        rc, calls);
                goto fail;
            }
            continue;
        }
        /* cov: true only with KOL_ROSTER_MAX_RECORDS (10^8) records read,
         * tens of gigabytes: beyond what a unit test can hold */
        if (pend.n >= KOL_ROSTER_MAX_RECORDS - roster->n) {
            st = kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                           "kol_roster_fill: more than %u records",
                           (unsigned)KOL_ROSTER_MAX_RECORDS);
            goto fail;
        }
        if (recs_reserve(ctx, &pend.recs, &pend.cap, pend.n + 1) !=
                KOL_STATUS_OK ||
            index_reserve(ctx, &pend.idx, pend.recs, pend.n, pend.n + 1) !=
                KOL_STATUS_OK) {
            st = kol__fail(ctx, KOL_STATUS_NOMEM,
                           "kol_roster_fill: out of memory at read call %L",
                           calls);
            goto fail;
        }
        pend.recs[pend.n] = cur;
        index_put(&pend.idx, pend.recs, pend.n);
        pend.n++;
        cur = NULL;
    }

    /* calls + 1 read calls were made, the last one reporting the end. */
    st = kol__progress(ctx, calls + 1, 0, "kol_roster_fill");
    if (st != KOL_STATUS_OK)
        goto fail;
    st = roster_reserve(roster, pend.n, "kol_roster_fill");
    if (st != KOL_STATUS_OK)
        goto fail;
    /* Commit: nothing below can fail. */
    for (i = 0; i < pend.n; i++) {
        roster->recs[roster->n] = pend.recs[i];
        index_put(&roster->idx, roster->recs, roster->n);
        roster->n++;
    }
    if (added != NULL)
        *added = pend.n;
    pend.n = 0; /* the records now belong to the roster */
    kol_record_free(cur);
    pending_free(ctx, &pend);
    return KOL_STATUS_OK;

fail:
    kol_record_free(cur);
    pending_free(ctx, &pend);
    return st;
}

KOL_API kol_status kol_roster_fill(kol_roster *roster, kol_roster_read_fn read,
                                   kol_roster_reject_fn reject, void *user,
                                   uint64_t *added)
{
    kol_status st;
    if (added != NULL)
        *added = 0;
    if (roster == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (read == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_fill: read callback is NULL");
    st = kol__enter(roster->ctx, &roster->busy, "kol_roster_fill");
    if (st != KOL_STATUS_OK)
        return st;
    return kol__leave(&roster->busy,
                      roster_fill(roster, read, reject, user, added));
}

KOL_API size_t kol_roster_size(const kol_roster *roster)
{
    return roster != NULL ? roster->n : 0;
}

KOL_API kol_status kol_roster_at(const kol_roster *roster, size_t index,
                                 const kol_record **out)
{
    if (roster == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (out == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_at: out is NULL");
    if (index >= roster->n)
        return kol__fail(roster->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_roster_at: position %z is out of range (%z "
                         "records)",
                         index, roster->n);
    *out = roster->recs[index];
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_roster_find(const kol_roster *roster, const char *id,
                                   const kol_record **out)
{
    size_t pos;
    if (roster == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (id == NULL || out == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_find: %s is NULL",
                         id == NULL ? "id" : "out");
    pos = index_find(&roster->idx, roster->recs, id);
    if (pos == SIZE_MAX)
        return kol__fail(roster->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_roster_find: no record with id %q", id);
    *out = roster->recs[pos];
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_roster_remove(kol_roster *roster, const char *id)
{
    size_t pos;
    if (roster == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (roster->busy != NULL)
        return kol__busy(roster->ctx, "kol_roster_remove", roster->busy);
    if (id == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_remove: id is NULL");
    pos = index_find(&roster->idx, roster->recs, id);
    if (pos == SIZE_MAX)
        return kol__fail(roster->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_roster_remove: no record with id %q", id);
    kol_record_free(roster->recs[pos]);
    memmove(roster->recs + pos, roster->recs + pos + 1,
            (roster->n - pos - 1) * sizeof(kol_record *));
    roster->n--;
    /* Positions after pos moved: re-index in place (no allocation). */
    index_rebuild(&roster->idx, roster->recs, roster->n);
    return KOL_STATUS_OK;
}

/* Decide every record into a bitmap (the roster untouched, so a failure
 * needs no undo), then free the selected records and close the gaps in one
 * pass, keeping the others' order. The callbacks run while roster->busy is
 * set. */
static kol_status roster_remove_if(kol_roster *roster,
                                   kol_roster_select_fn select, void *user,
                                   uint64_t *removed)
{
    kol_ctx *ctx = roster->ctx;
    const size_t n = roster->n;
    uint64_t *gone;
    size_t i, kept = 0;
    uint64_t count = 0;
    kol_status st = KOL_STATUS_OK;

    /* nothing to decide: the end is still reported once (kol/core.h) */
    if (n == 0)
        return kol__progress(ctx, 0, 0, "kol_roster_remove_if");
    gone = (uint64_t *)kol__calloc_array(ctx, (n + 63) / 64,
                                         sizeof(uint64_t));
    if (gone == NULL)
        return kol__fail(ctx, KOL_STATUS_NOMEM,
                         "kol_roster_remove_if: out of memory for the "
                         "decisions on %z records",
                         n);
    for (i = 0; i < n; i++) {
        int32_t remove = 0;
        int rc;
        if (i > 0 && i % 1024 == 0) {
            st = kol__progress(ctx, i, n, "kol_roster_remove_if");
            if (st != KOL_STATUS_OK)
                goto done;
        }
        rc = select(user, (uint64_t)i, roster->recs[i], &remove);
        if (rc != 0) {
            st = kol__callback_stop(ctx, KOL_STATUS_CALLBACK, rc,
                                    "kol_roster_remove_if: the select "
                                    "callback returned %d for record %z "
                                    "(id %q)",
                                    rc, i,
                                    roster->recs[i]->text[KOL_TEXT_ID]);
            goto done;
        }
        if (remove != 0 && remove != 1) {
            st = kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                           "kol_roster_remove_if: the select callback set "
                           "remove = %d for record %z (id %q); expected 0 "
                           "(keep) or 1 (remove)",
                           (int)remove, i,
                           roster->recs[i]->text[KOL_TEXT_ID]);
            goto done;
        }
        gone[i / 64] |= (uint64_t)remove << (i % 64);
        count += (uint64_t)remove;
    }
    st = kol__progress(ctx, n, n, "kol_roster_remove_if");
    if (st != KOL_STATUS_OK)
        goto done;
    /* Commit: nothing below can fail. */
    if (count > 0) {
        for (i = 0; i < n; i++) {
            if ((gone[i / 64] >> (i % 64)) & 1u)
                kol_record_free(roster->recs[i]);
            else
                roster->recs[kept++] = roster->recs[i];
        }
        roster->n = kept;
        index_rebuild(&roster->idx, roster->recs, roster->n);
    }
    if (removed != NULL)
        *removed = count;
done:
    kol__free(ctx, gone);
    return st;
}

KOL_API kol_status kol_roster_remove_if(kol_roster *roster,
                                        kol_roster_select_fn select,
                                        void *user, uint64_t *removed)
{
    kol_status st;
    if (removed != NULL)
        *removed = 0;
    if (roster == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (select == NULL)
        return kol__fail(roster->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roster_remove_if: select callback is NULL");
    st = kol__enter(roster->ctx, &roster->busy, "kol_roster_remove_if");
    if (st != KOL_STATUS_OK)
        return st;
    return kol__leave(&roster->busy,
                      roster_remove_if(roster, select, user, removed));
}
