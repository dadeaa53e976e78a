/* libFuzzer target: rosters (include/kol/roster.h), filled through the
 * read callback whose every answer comes from the fuzzer's bytes.
 *
 * Operations: fill (with or without a reject callback; the read callback
 * fills records with ids from a small set so that duplicates happen, skips,
 * ends, sets an invalid `what`, or stops with a code; the reject callback
 * skips or stops), add, remove, remove_if (each decision, an invalid
 * decision or a stop from the bytes), find, at. After every call:
 *  - a failure leaves the roster exactly as it was (fingerprint of every
 *    record in order);
 *  - a successful fill grows the roster by `added`, a failed one reports 0;
 *  - a successful remove_if keeps exactly the records not selected, the
 *    same records in the same order, and reports the number removed;
 *  - every record is findable by its id at its position, with valid
 *    metrics and portrait. */
#include "fuzz_common.h"

typedef struct fill_state {
    fz_env *env;
    fz *f;
    uint64_t calls;
    uint64_t rejects;
    char text[FZ_TEXT_CAP];
} fill_state;

/* Fill rec from the bytes: an id (usually from a small set), then a few
 * setters whose failures are simply ignored (as a host would). */
static void fill_record(fz *f, kol_record *rec, char *text)
{
    uint8_t idsel = fz_u8(f);
    int k, n;
    if (idsel < 200) {
        snprintf(text, FZ_TEXT_CAP, "k%u", (unsigned)(idsel % 24u));
        (void)kol_record_set_text(rec, KOL_TEXT_ID, text);
    } else if (idsel < 240) {
        (void)kol_record_set_text(rec, KOL_TEXT_ID,
                                  fz_text(f, text, FZ_TEXT_CAP));
    } /* else: no id */
    n = fz_u8(f) % 4;
    for (k = 0; k < n; k++) {
        uint8_t what = fz_u8(f) % 3;
        if (what == 0)
            (void)kol_record_set_metric(
                rec, fz_code(f, (int)kol_metric_count()), fz_double(f));
        else if (what == 1)
            (void)kol_record_set_text(rec, fz_code(f, 4),
                                      fz_text(f, text, FZ_TEXT_CAP));
        else {
            const char *labels[3] = {"x", "y", "z"};
            double w[3];
            w[0] = fz_nice(f);
            w[1] = fz_nice(f);
            w[2] = fz_nice(f);
            (void)kol_record_set_portrait(rec, fz_code(f, 4), labels, w,
                                          fz_u8(f) % 4u);
        }
    }
}

static int read_cb(void *user, kol_record *rec, int32_t *what)
{
    fill_state *s = (fill_state *)user;
    uint8_t c;
    FZ_CHECK(*what == KOL_READ_RECORD);
    FZ_CHECK(rec != NULL);
    /* An empty record on every call. */
    FZ_CHECK(kol_record_text(rec, KOL_TEXT_ID) == NULL);
    s->calls++;
    if (s->f->n == 0 || s->calls > 3000) {
        *what = KOL_READ_END;
        return 0;
    }
    c = fz_u8(s->f);
    switch (c % 16) {
    case 12:
        *what = KOL_READ_SKIP;
        fill_record(s->f, rec, s->text); /* filled, then skipped */
        return 0;
    case 13:
        *what = KOL_READ_END;
        return 0;
    case 14:
        *what = (c & 16) ? 3 : -1; /* not a kol_read value */
        return 0;
    case 15:
        return (c >> 4) + 1; /* stop */
    default:
        fill_record(s->f, rec, s->text);
        return 0;
    }
}

static int reject_cb(void *user, uint64_t index, int status,
                     const char *message)
{
    fill_state *s = (fill_state *)user;
    FZ_CHECK(index < s->calls);
    FZ_CHECK(status == KOL_STATUS_INVALID_ARGUMENT ||
             status == KOL_STATUS_DUPLICATE);
    FZ_CHECK(message != NULL && message[0] != '\0');
    s->rejects++;
    return fz_u8(s->f) >= 240 ? 5 : 0;
}

/* The select callback of remove_if: every answer from the bytes. It sees
 * the roster whole (the records before the call, at their positions) and
 * logs its decisions. */
typedef struct select_state {
    fz *f;
    const kol_roster *roster;
    size_t n;
    const kol_record **recs; /* the records before the call */
    unsigned char *remove;   /* the decisions given */
    uint64_t calls;
} select_state;

static int select_cb(void *user, uint64_t index, const kol_record *rec,
                     int32_t *remove)
{
    select_state *s = (select_state *)user;
    uint8_t c = fz_u8(s->f);
    FZ_CHECK(index == s->calls && index < s->n);
    FZ_CHECK(*remove == 0);
    FZ_CHECK(rec == s->recs[index]);
    FZ_CHECK(kol_roster_size(s->roster) == s->n);
    s->calls++;
    if (c >= 250)
        return c - 249; /* stop */
    if (c >= 240) {
        *remove = (c & 1) ? 2 : -1; /* neither keep nor remove */
        return 0;
    }
    *remove = c >= 120;
    s->remove[index] = (unsigned char)*remove;
    return 0;
}

static uint64_t roster_state(const kol_roster *r)
{
    size_t i, n = kol_roster_size(r);
    uint64_t h = fz_hash(0, &n, sizeof n);
    for (i = 0; i < n; i++) {
        const kol_record *rec = NULL;
        FZ_CHECK(kol_roster_at(r, i, &rec) == KOL_STATUS_OK && rec);
        h ^= fz_record_state(rec) + i;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void roster_validate(const kol_roster *r)
{
    size_t i, n = kol_roster_size(r);
    const kol_record *rec = NULL;
    for (i = 0; i < n; i++) {
        const kol_record *found = NULL;
        const char *id;
        FZ_CHECK(kol_roster_at(r, i, &rec) == KOL_STATUS_OK);
        id = kol_record_text(rec, KOL_TEXT_ID);
        FZ_CHECK(id != NULL);
        FZ_CHECK(kol_roster_find(r, id, &found) == KOL_STATUS_OK);
        FZ_CHECK(found == rec);
        fz_record_validate(rec);
    }
    FZ_CHECK(kol_roster_at(r, n, &rec) == KOL_STATUS_NOT_FOUND);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz f = {data, size};
    fz_env env;
    kol_roster *roster = NULL;
    kol_status st;
    fill_state fs;
    int steps = 0;
    uint64_t state;

    if (!fz_env_init(&env, &f))
        return 0;
    memset(&fs, 0, sizeof fs);
    fs.env = &env;
    fs.f = &f;
    st = fz_status(&env, kol_roster_new(env.ctx, &roster));
    if (st != KOL_STATUS_OK) {
        FZ_CHECK(roster == NULL);
        fz_env_done(&env);
        return 0;
    }

    /* The roster's fingerprint, taken once after each call: what a failed
     * call must leave, and the state before the next call. */
    state = roster_state(roster);
    while (f.n > 0 && steps++ < 64) {
        uint8_t op = fz_u8(&f) % 7;
        uint64_t before = state;
        size_t size_before = kol_roster_size(roster);
        st = KOL_STATUS_OK;
        switch (op) {
        case 0:
        case 1: { /* fill */
            uint64_t added = 99;
            fs.calls = 0;
            st = fz_status(&env, kol_roster_fill(roster, read_cb,
                                                 op == 0 ? reject_cb : NULL,
                                                 &fs, &added));
            if (st == KOL_STATUS_OK)
                FZ_CHECK(kol_roster_size(roster) == size_before + added);
            else
                FZ_CHECK(added == 0);
            break;
        }
        case 2: { /* add a record built from the bytes */
            kol_record *rec = NULL;
            if (kol_record_new(env.ctx, &rec) != KOL_STATUS_OK)
                break;
            fill_record(&f, rec, fs.text);
            st = fz_status(&env, kol_roster_add(roster, rec));
            if (st == KOL_STATUS_OK) {
                const kol_record *in = NULL;
                FZ_CHECK(kol_roster_size(roster) == size_before + 1);
                FZ_CHECK(kol_roster_at(roster, size_before, &in) ==
                         KOL_STATUS_OK);
                FZ_CHECK(in != rec);
                FZ_CHECK(fz_record_state(in) == fz_record_state(rec));
            }
            kol_record_free(rec);
            break;
        }
        case 3: { /* remove */
            char id[16];
            snprintf(id, sizeof id, "k%u", (unsigned)(fz_u8(&f) % 24u));
            st = fz_status(&env, kol_roster_remove(roster, id));
            if (st == KOL_STATUS_OK) {
                const kol_record *gone = NULL;
                FZ_CHECK(kol_roster_size(roster) == size_before - 1);
                FZ_CHECK(kol_roster_find(roster, id, &gone) ==
                         KOL_STATUS_NOT_FOUND);
            }
            break;
        }
        case 4: { /* find by any text */
            const kol_record *rec = NULL;
            const char *id = fz_text(&f, fs.text, sizeof fs.text);
            if (kol_roster_find(roster, id, &rec) == KOL_STATUS_OK)
                FZ_CHECK(strcmp(kol_record_text(rec, KOL_TEXT_ID), id) ==
                         0);
            break;
        }
        case 6: { /* remove_if */
            select_state ss;
            uint64_t removed = 99;
            size_t i, k = 0, n_removed = 0;
            memset(&ss, 0, sizeof ss);
            ss.f = &f;
            ss.roster = roster;
            ss.n = size_before;
            ss.recs = (const kol_record **)calloc(size_before + 1,
                                                  sizeof *ss.recs);
            ss.remove = (unsigned char *)calloc(size_before + 1, 1);
            FZ_CHECK(ss.recs != NULL && ss.remove != NULL);
            for (i = 0; i < size_before; i++)
                FZ_CHECK(kol_roster_at(roster, i, &ss.recs[i]) ==
                         KOL_STATUS_OK);
            st = fz_status(&env, kol_roster_remove_if(roster, select_cb, &ss,
                                                      &removed));
            if (st == KOL_STATUS_OK) {
                FZ_CHECK(ss.calls == size_before);
                for (i = 0; i < size_before; i++) {
                    const kol_record *in = NULL;
                    if (ss.remove[i]) {
                        n_removed++;
                        continue;
                    }
                    FZ_CHECK(kol_roster_at(roster, k++, &in) ==
                             KOL_STATUS_OK);
                    FZ_CHECK(in == ss.recs[i]);
                }
                FZ_CHECK(removed == n_removed);
                FZ_CHECK(kol_roster_size(roster) == k);
            } else {
                FZ_CHECK(removed == 0);
            }
            free(ss.recs);
            free(ss.remove);
            break;
        }
        default: { /* 5: at */
            const kol_record *rec = NULL;
            size_t i = fz_u8(&f);
            kol_status a = kol_roster_at(roster, i, &rec);
            FZ_CHECK((a == KOL_STATUS_OK) == (i < size_before));
            break;
        }
        }
        state = roster_state(roster);
        /* A failure changes nothing, and neither does find or at. */
        if (st != KOL_STATUS_OK || op == 4 || op == 5)
            FZ_CHECK(state == before);
        roster_validate(roster);
    }

    kol_roster_free(roster);
    fz_env_done(&env);
    return 0;
}
