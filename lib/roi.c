/* ROI evaluation: deliveries, grouped metrics, Wilson and bootstrap
 * intervals, incrementality, key accounts/content, cost outliers.
 * Every formula: docs/model-roi.md. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kol/roi.h"
#include "kol/record.h"
#include "internal/base.h"
#include "internal/cost.h"
#include "internal/param.h"
#include "internal/hash.h"
#include "internal/intern.h"
#include "internal/rng.h"
#include "internal/stats.h"

#define KOL__DF_N 23 /* delivery fields */
#define KOL__DK_N 6  /* delivery keys */
#define KOL__RM_N 23 /* report metrics */
#define KOL__RP_N 11 /* parameters */
#define KOL__TWO53 9007199254740992.0

/* ---- names and domains ------------------------------------------------ */

static const char *const kol__dk_names[KOL__DK_N] = {
    "campaign", "kol_id", "platform", "tier", "category", "post_id"};

static const char *const kol__df_names[KOL__DF_N] = {
    "cost", "impressions", "views", "likes", "comments", "shares", "saves",
    "clicks", "orders", "revenue", "follower_gain", "followers",
    "content_quality", "restored_impressions", "restored_views",
    "restored_likes", "restored_comments", "restored_shares",
    "restored_saves", "restored_clicks", "restored_orders",
    "restored_revenue", "restored_follower_gain"};

static const char *const kol__rm_names[KOL__RM_N] = {
    "deliveries", "cost", "impressions", "views", "engagements", "clicks",
    "orders", "revenue", "follower_gain", "exposure", "emv", "cpm", "cpv",
    "cpe", "cpc", "cpa", "ctr", "cvr", "engagement_rate", "roi", "roas",
    "follower_growth_rate", "content_quality"};

/* Domain of a field: 0 count/amount [0, 2^53], 1 signed, 2 ratio. */
static int kol__df_domain(int f)
{
    if (f == KOL_DELIVERY_REVENUE || f == KOL_DELIVERY_FOLLOWER_GAIN ||
        f == KOL_DELIVERY_RESTORED_REVENUE ||
        f == KOL_DELIVERY_RESTORED_FOLLOWER_GAIN)
        return 1;
    if (f == KOL_DELIVERY_CONTENT_QUALITY)
        return 2;
    return 0;
}

const char *kol_delivery_key_name(int key)
{
    return key >= 0 && key < KOL__DK_N ? kol__dk_names[key] : NULL;
}

const char *kol_delivery_field_name(int field)
{
    return field >= 0 && field < KOL__DF_N ? kol__df_names[field] : NULL;
}

const char *kol_roi_metric_name(int metric)
{
    return metric >= 0 && metric < KOL__RM_N ? kol__rm_names[metric] : NULL;
}

/* ---- parameters ------------------------------------------------------ */

static const struct kol__param kol__rp[KOL__RP_N] = {
    {"confidence", 0.5, 0.9999, 0.95, 0},
    {"bootstrap", 0, 100000, 1000, 1},
    {"seed", 0, KOL__TWO53, 1, 1},
    {"key_share", 0.01, 1, 0.8, 0},
    {"outlier_z", 0.5, 100, 3.5, 0},
    {"emv_mille", 0, 1e9, 5.0, 0},
    {"emv_like", 0, 1e9, 0.05, 0},
    {"emv_comment", 0, 1e9, 0.5, 0},
    {"emv_share", 0, 1e9, 1.0, 0},
    {"emv_save", 0, 1e9, 0.5, 0},
    {"emv_click", 0, 1e9, 0.5, 0},
};

kol_status kol_roi_param_bounds(int param, double *min, double *max,
                                double *default_value)
{
    return kol__param_bounds(kol__rp, KOL__RP_N, param, min, max,
                             default_value);
}

/* ---- objects --------------------------------------------------------- */

/* A delivery being described (kol_delivery), and the unpacked form of a
 * held one that the derived quantities are computed from (kol__sd_load;
 * its keys are then not set). */
struct kol__dl {
    uint32_t present; /* bit f: field f set */
    double v[KOL__DF_N];
    char *key[KOL__DK_N]; /* NULL when unset */
};

struct kol_delivery {
    kol_ctx *ctx;
    struct kol__dl d;
};

/* A delivery held by an evaluator: 56 bytes on a 64-bit host. Only its
 * present fields are kept, in field order, in the evaluator's value pool
 * from val[at]; its keys point into the evaluator's intern table, one
 * shared copy of each distinct string (a history repeats its campaigns,
 * platforms, tiers, categories and KOL ids over and over). */
struct kol__sd {
    uint32_t present; /* bit f: field f set */
    uint32_t at;      /* index of its first value in the pool */
    const char *key[KOL__DK_N]; /* NULL when unset */
};

/* at is 32 bits: the pool never holds more than 23 values of each of the
 * most deliveries an evaluator takes. */
_Static_assert((uint64_t)KOL_ROI_MAX_DELIVERIES * KOL__DF_N <= UINT32_MAX,
               "value pool index fits 32 bits");

/* One block of the string arena: NUL-terminated strings packed one after
 * another in the order they were interned. */
struct kol__ablock {
    struct kol__ablock *prev; /* the block before, or NULL */
    size_t size, used;        /* bytes of data, bytes taken */
    char data[];
};

/* The intern table: an open-addressing (linear probing) hash set of the
 * distinct key strings, which live in the arena blocks. Nothing that
 * reaches a result depends on where a string sits in the table or in
 * memory: reports order their keys with strcmp. */
struct kol__intern {
    const char **slot; /* mask + 1 slots (a power of 2), NULL: free */
    size_t mask;
    uint64_t seed;             /* of the slot positions: kol__table_seed() */
    size_t count;              /* strings held */
    struct kol__ablock *head;  /* the newest block, or NULL */
};

/* The state of the table before an add or a fill, to undo it. */
struct kol__imark {
    struct kol__ablock *head;
    size_t used;
};

struct kol_roi {
    kol_ctx *ctx;
    double param[KOL__RP_N];
    size_t n;
    size_t cap;
    struct kol__sd *d;
    /* Value pool: the present fields of the deliveries, nval in use. */
    double *val;
    size_t nval, valcap;
    struct kol__intern keys;
    /* Name of the public call whose host callbacks are running (read,
     * progress), or NULL: changing calls are refused while it is set. */
    const char *busy;
};

static void kol__dl_free_keys(kol_ctx *ctx, struct kol__dl *d)
{
    int k;
    for (k = 0; k < KOL__DK_N; k++) {
        kol__free(ctx, d->key[k]);
        d->key[k] = NULL;
    }
}

kol_status kol_delivery_new(kol_ctx *ctx, kol_delivery **out)
{
    kol_delivery *d;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_delivery_new: out is NULL");
    d = kol__alloc(ctx, sizeof *d);
    if (!d)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_delivery_new");
    memset(d, 0, sizeof *d);
    d->ctx = ctx;
    *out = d;
    return KOL_STATUS_OK;
}

void kol_delivery_free(kol_delivery *d)
{
    if (!d)
        return;
    kol__dl_free_keys(d->ctx, &d->d);
    kol__free(d->ctx, d);
}

void kol_delivery_reset(kol_delivery *d)
{
    if (!d)
        return;
    kol__dl_free_keys(d->ctx, &d->d);
    memset(&d->d, 0, sizeof d->d);
}

kol_status kol_delivery_set_key(kol_delivery *d, int key, const char *value)
{
    const char *why;
    size_t len;
    char *copy;
    if (!d)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (key < 0 || key >= KOL__DK_N)
        return kol__fail(d->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "delivery: key %d unknown", key);
    if (!value) {
        kol__free(d->ctx, d->d.key[key]);
        d->d.key[key] = NULL;
        return KOL_STATUS_OK;
    }
    why = kol__check_text(value, KOL_TEXT_MAX_BYTES, &len);
    if (why)
        return kol__fail(d->ctx, KOL_STATUS_BAD_TEXT, "delivery: %s %q: %s",
                         kol__dk_names[key], value, why);
    copy = kol__strndup(d->ctx, value, len);
    if (!copy)
        return kol__nomem_in(d->ctx, KOL_STATUS_NOMEM, "kol_delivery_set_key");
    kol__free(d->ctx, d->d.key[key]);
    d->d.key[key] = copy;
    return KOL_STATUS_OK;
}

kol_status kol_delivery_set(kol_delivery *d, int field, double value)
{
    int dom;
    double lo, hi;
    if (!d)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (field < 0 || field >= KOL__DF_N)
        return kol__fail(d->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "delivery: field %d unknown", field);
    if (!isfinite(value))
        return kol__fail(d->ctx, KOL_STATUS_NOT_FINITE, "delivery: %s is %g",
                         kol__df_names[field], value);
    dom = kol__df_domain(field);
    lo = dom == 1 ? -KOL__TWO53 : 0.0;
    hi = dom == 2 ? 1.0 : KOL__TWO53;
    if (value < lo || value > hi)
        return kol__fail(d->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "delivery: %s %g outside [%g, %g]",
                         kol__df_names[field], value, lo, hi);
    d->d.v[field] = value;
    d->d.present |= 1u << (unsigned)field;
    return KOL_STATUS_OK;
}

kol_status kol_delivery_clear(kol_delivery *d, int field)
{
    if (!d)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (field < 0 || field >= KOL__DF_N)
        return kol__fail(d->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "delivery: field %d unknown", field);
    d->d.present &= ~(1u << (unsigned)field);
    d->d.v[field] = 0;
    return KOL_STATUS_OK;
}

kol_status kol_roi_new(kol_ctx *ctx, kol_roi **out)
{
    kol_roi *r;
    int i;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_new: out is NULL");
    r = kol__alloc(ctx, sizeof *r);
    if (!r)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_roi_new");
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->keys.seed = kol__table_seed(r);
    for (i = 0; i < KOL__RP_N; i++)
        r->param[i] = kol__rp[i].def;
    *out = r;
    return KOL_STATUS_OK;
}

static void kol__intern_free(kol_ctx *ctx, struct kol__intern *t);

void kol_roi_free(kol_roi *roi)
{
    if (!roi)
        return;
    kol__intern_free(roi->ctx, &roi->keys);
    kol__free(roi->ctx, roi->val);
    kol__free(roi->ctx, roi->d);
    kol__free(roi->ctx, roi);
}

size_t kol_roi_size(const kol_roi *roi)
{
    return roi ? roi->n : 0;
}

kol_status kol_roi_set_param(kol_roi *roi, int param, double value)
{
    kol_status st;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (roi->busy)
        return kol__busy(roi->ctx, "kol_roi_set_param", roi->busy);
    st = kol__param_check(roi->ctx, "kol_roi_set_param", kol__rp, KOL__RP_N,
                          param, value);
    if (st != KOL_STATUS_OK)
        return st;
    roi->param[param] = value;
    return KOL_STATUS_OK;
}

kol_status kol_roi_get_param(const kol_roi *roi, int param, double *value)
{
    kol_status st;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(roi->ctx, "kol_roi_get_param", "value",
                              KOL__RP_N, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    *value = roi->param[param];
    return KOL_STATUS_OK;
}

/* ---- adding ---------------------------------------------------------- */

static int kol__has_f(const struct kol__dl *d, int f)
{
    return (int)((d->present >> (unsigned)f) & 1u);
}

/* "delivery N" for the messages of kol__check_dl (only "delivery" for
 * index -1), written into buf; formatted only when a check fails. */
static const char *kol__dl_who(char *buf, size_t size, int64_t index)
{
    if (index < 0)
        return "delivery";
    kol__format(buf, size, "delivery %l", index);
    return buf;
}

/* The checks of kol_roi_add(), kol_roi_fill() and kol_delivery_check();
 * index is the delivery's number in the message, or -1 for none. */
static kol_status kol__check_dl(kol_ctx *ctx, const struct kol__dl *d,
                                int64_t index)
{
    char who[32];
    int f;
    if (!d->key[KOL_DELIVERY_KEY_KOL_ID]) {
        if (!d->key[KOL_DELIVERY_KEY_POST_ID])
            return kol__fail(ctx, KOL_STATUS_MISSING, "%s: no kol_id",
                             kol__dl_who(who, sizeof who, index));
        return kol__fail(ctx, KOL_STATUS_MISSING, "%s (post %q): no kol_id",
                         kol__dl_who(who, sizeof who, index),
                         d->key[KOL_DELIVERY_KEY_POST_ID]);
    }
    if (!kol__has_f(d, KOL_DELIVERY_COST))
        return kol__fail(ctx, KOL_STATUS_MISSING, "%s (kol %q): no cost",
                         kol__dl_who(who, sizeof who, index),
                         d->key[KOL_DELIVERY_KEY_KOL_ID]);
    for (f = KOL_DELIVERY_RESTORED_IMPRESSIONS;
         f <= KOL_DELIVERY_RESTORED_ORDERS; f++) {
        int rep = f - 12;
        if (kol__has_f(d, f) && kol__has_f(d, rep) && d->v[f] > d->v[rep])
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "%s (kol %q): %s %g above %s %g",
                             kol__dl_who(who, sizeof who, index),
                             d->key[KOL_DELIVERY_KEY_KOL_ID], kol__df_names[f],
                             d->v[f], kol__df_names[rep], d->v[rep]);
    }
    return KOL_STATUS_OK;
}

kol_status kol_delivery_check(const kol_delivery *d)
{
    if (!d)
        return KOL_STATUS_INVALID_ARGUMENT;
    return kol__check_dl(d->ctx, &d->d, -1);
}

/* ---- the intern table and the value pool ------------------------------- */

/* (its sizes: internal/intern.h) */

static uint64_t kol__intern_hash(const struct kol__intern *t, const char *s,
                                 size_t len)
{
    return kol__hash_bytes(s, len, t->seed);
}

uint64_t kol__roi_key_seed(const kol_roi *roi)
{
    return roi->keys.seed;
}

static void kol__intern_free(kol_ctx *ctx, struct kol__intern *t)
{
    struct kol__ablock *b = t->head;
    while (b) {
        struct kol__ablock *prev = b->prev;
        kol__free(ctx, b);
        b = prev;
    }
    kol__free(ctx, t->slot);
    memset(t, 0, sizeof *t);
}

static struct kol__imark kol__intern_mark(const struct kol__intern *t)
{
    struct kol__imark m;
    m.head = t->head;
    m.used = t->head ? t->head->used : 0;
    return m;
}

/* Room for one more string: the slots doubled (from KOL__INTERN_SLOTS0)
 * when it would take more than 3/4 of them. On failure the table is as it
 * was. */
static kol_status kol__intern_grow(kol_ctx *ctx, struct kol__intern *t)
{
    const char **slot;
    size_t n, i, j;
    if (t->slot && (t->count + 1) * 4 <= (t->mask + 1) * 3)
        return KOL_STATUS_OK;
    n = t->slot ? 2 * (t->mask + 1) : KOL__INTERN_SLOTS0;
    slot = kol__calloc_array(ctx, n, sizeof *slot);
    if (!slot)
        return KOL_STATUS_NOMEM;
    for (i = 0; t->slot && i <= t->mask; i++) {
        const char *s = t->slot[i];
        if (!s)
            continue;
        j = (size_t)kol__intern_hash(t, s, strlen(s)) & (n - 1);
        while (slot[j])
            j = (j + 1) & (n - 1);
        slot[j] = s;
    }
    kol__free(ctx, t->slot);
    t->slot = slot;
    t->mask = n - 1;
    return KOL_STATUS_OK;
}

/* The shared copy of s: found, or added at the end of the arena. On
 * failure the table holds the strings it held (its slots may have
 * grown). */
static kol_status kol__intern(kol_ctx *ctx, struct kol__intern *t,
                              const char *s, const char **out)
{
    size_t len = strlen(s), i;
    uint64_t h = kol__intern_hash(t, s, len);
    struct kol__ablock *b = t->head;
    char *copy;
    if (t->slot)
        for (i = (size_t)h & t->mask; t->slot[i]; i = (i + 1) & t->mask)
            if (strcmp(t->slot[i], s) == 0) {
                *out = t->slot[i];
                return KOL_STATUS_OK;
            }
    if (kol__intern_grow(ctx, t) != KOL_STATUS_OK)
        return KOL_STATUS_NOMEM;
    if (!b || b->size - b->used <= len) {
        /* A new block; what is left of the old one stays unused (at most
         * a text's length, KOL_TEXT_MAX_BYTES, of a block that soon is
         * 64 KiB). */
        size_t size = b ? 2 * b->size : KOL__ABLOCK_MIN;
        if (size > KOL__ABLOCK_MAX)
            size = KOL__ABLOCK_MAX;
        if (size <= len)
            size = len + 1;
        b = kol__alloc(ctx, sizeof *b + size);
        if (!b)
            return KOL_STATUS_NOMEM;
        b->prev = t->head;
        b->size = size;
        b->used = 0;
        t->head = b;
    }
    copy = b->data + b->used;
    memcpy(copy, s, len + 1);
    b->used += len + 1;
    for (i = (size_t)h & t->mask; t->slot[i]; i = (i + 1) & t->mask)
        ;
    t->slot[i] = copy;
    t->count++;
    *out = copy;
    return KOL_STATUS_OK;
}

/* Take string s (held, at its own address) out of the slots. */
static void kol__intern_remove(struct kol__intern *t, const char *s)
{
    size_t i = (size_t)kol__intern_hash(t, s, strlen(s)) & t->mask, j;
    while (t->slot[i] != s)
        i = (i + 1) & t->mask;
    /* Backward shift: each later string of the run moves into the hole
     * when the hole lies between its home and its slot (cyclically), so
     * that every string stays reachable from its home. */
    for (j = i;;) {
        const char *x;
        size_t home;
        j = (j + 1) & t->mask;
        x = t->slot[j];
        if (!x)
            break;
        home = (size_t)kol__intern_hash(t, x, strlen(x)) & t->mask;
        if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
            t->slot[i] = x;
            i = j;
        }
    }
    t->slot[i] = NULL;
    t->count--;
}

/* Put the table back as it was at m: the strings interned since are
 * removed and the blocks made since freed. Allocates nothing, so an add
 * or a fill that fails can always undo its keys. */
static void kol__intern_undo(kol_ctx *ctx, struct kol__intern *t,
                             struct kol__imark m)
{
    while (t->head) {
        struct kol__ablock *b = t->head;
        size_t at = b == m.head ? m.used : 0;
        while (at < b->used) {
            kol__intern_remove(t, b->data + at);
            at += strlen(b->data + at) + 1;
        }
        if (b == m.head) {
            b->used = m.used;
            return;
        }
        t->head = b->prev;
        kol__free(ctx, b);
    }
}

static size_t kol__popcount(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (size_t)((((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

/* The fields of held delivery s, unpacked for kol__q (absent ones 0, no
 * keys). */
static void kol__sd_load(const kol_roi *roi, const struct kol__sd *s,
                         struct kol__dl *d)
{
    const double *v = roi->val + s->at;
    int f;
    d->present = s->present;
    for (f = 0; f < KOL__DF_N; f++)
        d->v[f] = (s->present >> (unsigned)f) & 1u ? *v++ : 0.0;
    for (f = 0; f < KOL__DK_N; f++)
        d->key[f] = NULL;
}

/* Room for need deliveries and nval values. Growth is kept on failure
 * (nothing held changes). */
static kol_status kol__roi_reserve(kol_roi *roi, size_t need, size_t nval)
{
    if (need > roi->cap) {
        struct kol__sd *d;
        size_t cap;
        /* cov: needs 50 million deliveries (several GB), not run */
        if (need > KOL_ROI_MAX_DELIVERIES)
            return kol__fail(roi->ctx, KOL_STATUS_TOO_LARGE,
                             "roi: more than %u deliveries",
                             (unsigned)KOL_ROI_MAX_DELIVERIES);
        /* need is at most cap + 1 (one delivery at a time), so growing by
         * half (or to 16) is always enough. */
        cap = roi->cap ? roi->cap + roi->cap / 2 : 16;
        /* cov: first true past 33 million deliveries, not run as above */
        if (cap > KOL_ROI_MAX_DELIVERIES)
            cap = KOL_ROI_MAX_DELIVERIES;
        d = kol__realloc_array(roi->ctx, roi->d, cap, sizeof *d);
        if (!d)
            return KOL_STATUS_NOMEM;
        roi->d = d;
        roi->cap = cap;
    }
    if (nval > roi->valcap) {
        /* nval is at most valcap + 23 (one delivery at a time): growing
         * by half from 64 is always enough. */
        size_t cap = roi->valcap ? roi->valcap + roi->valcap / 2 : 64;
        double *v = kol__realloc_array(roi->ctx, roi->val, cap, sizeof *v);
        if (!v)
            return KOL_STATUS_NOMEM;
        roi->val = v;
        roi->valcap = cap;
    }
    return KOL_STATUS_OK;
}

/* Hold delivery src as number idx (roi->n, or a staged one past it in a
 * fill): its keys interned, its present fields appended to the pool. On
 * failure the pool is as it was and the caller undoes the keys. */
static kol_status kol__roi_store(kol_roi *roi, const struct kol__dl *src,
                                 size_t idx)
{
    struct kol__sd *sd;
    kol_status st;
    int k, f;
    st = kol__roi_reserve(roi, idx + 1,
                          roi->nval + kol__popcount(src->present));
    if (st != KOL_STATUS_OK)
        return st;
    sd = &roi->d[idx];
    for (k = 0; k < KOL__DK_N; k++) {
        sd->key[k] = NULL;
        if (src->key[k] &&
            kol__intern(roi->ctx, &roi->keys, src->key[k], &sd->key[k]) !=
                KOL_STATUS_OK)
            return KOL_STATUS_NOMEM;
    }
    sd->present = src->present;
    sd->at = (uint32_t)roi->nval;
    for (f = 0; f < KOL__DF_N; f++)
        if (kol__has_f(src, f))
            roi->val[roi->nval++] = src->v[f];
    return KOL_STATUS_OK;
}

kol_status kol_roi_add(kol_roi *roi, const kol_delivery *d)
{
    kol_status st;
    struct kol__imark mark;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (roi->busy)
        return kol__busy(roi->ctx, "kol_roi_add", roi->busy);
    if (!d || d->ctx != roi->ctx)
        return kol__fail(roi->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_add: delivery is NULL or of another context");
    if ((st = kol__check_dl(roi->ctx, &d->d, (int64_t)roi->n)) != KOL_STATUS_OK)
        return st;
    mark = kol__intern_mark(&roi->keys);
    if ((st = kol__roi_store(roi, &d->d, roi->n)) != KOL_STATUS_OK) {
        kol__intern_undo(roi->ctx, &roi->keys, mark);
        return kol__nomem_in(roi->ctx, st, "kol_roi_add");
    }
    roi->n++;
    return KOL_STATUS_OK;
}

/* The work of kol_roi_fill(), its arguments checked; runs the read and
 * progress callbacks while roi->busy is set. The deliveries are staged
 * past roi->n, their keys interned and values pooled as they come; a
 * failure undoes both. */
static kol_status kol__roi_fill(kol_roi *roi, kol_roi_read_fn read,
                                void *user, uint64_t *added)
{
    kol_delivery *tmp = NULL;
    kol_status st;
    size_t base, m = 0, nval0 = roi->nval;
    struct kol__imark mark = kol__intern_mark(&roi->keys);
    uint64_t calls = 0;
    if ((st = kol_delivery_new(roi->ctx, &tmp)) != KOL_STATUS_OK)
        return st;
    base = roi->n;
    for (;;) {
        int32_t what = KOL_ROI_READ_DELIVERY;
        int rc;
        kol_delivery_reset(tmp);
        rc = read(user, tmp, &what);
        calls++;
        if (rc != 0) {
            st = kol__callback_stop(roi->ctx, KOL_STATUS_CALLBACK, rc,
                                    "kol_roi_fill: read callback returned %d "
                                    "at call %L",
                                    rc, calls - 1);
            goto fail;
        }
        if (what == KOL_ROI_READ_END)
            break;
        if (what == KOL_ROI_READ_DELIVERY) {
            if ((st = kol__check_dl(roi->ctx, &tmp->d, (int64_t)(calls - 1))) !=
                    KOL_STATUS_OK ||
                (st = kol__roi_store(roi, &tmp->d, base + m)) != KOL_STATUS_OK)
                goto fail;
            m++;
        } else if (what != KOL_ROI_READ_SKIP) {
            st = kol__fail(roi->ctx, KOL_STATUS_INVALID_ARGUMENT,
                           "kol_roi_fill: read callback set what = %d at "
                           "call %L",
                           (int)what, calls - 1);
            goto fail;
        }
        if (calls % 1024 == 0 &&
            (st = kol__progress(roi->ctx, calls, 0, "kol_roi_fill")) !=
                KOL_STATUS_OK)
            goto fail;
    }
    if ((st = kol__progress(roi->ctx, calls, 0, "kol_roi_fill")) !=
        KOL_STATUS_OK)
        goto fail;
    kol_delivery_free(tmp);
    roi->n = base + m;
    if (added)
        *added = m;
    return KOL_STATUS_OK;
fail:
    kol__intern_undo(roi->ctx, &roi->keys, mark);
    roi->nval = nval0;
    kol_delivery_free(tmp);
    return st;
}

kol_status kol_roi_fill(kol_roi *roi, kol_roi_read_fn read, void *user,
                        uint64_t *added)
{
    kol_status st;
    if (added)
        *added = 0;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!read)
        return kol__fail(roi->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_fill: read callback is NULL");
    if ((st = kol__enter(roi->ctx, &roi->busy, "kol_roi_fill")) !=
        KOL_STATUS_OK)
        return st;
    return kol__nomem_in(
        roi->ctx, kol__leave(&roi->busy, kol__roi_fill(roi, read, user, added)),
        "kol_roi_fill");
}

/* ---- derived quantities ----------------------------------------------- */

enum {
    Q_NONE = -1,
    Q_COST = 0,
    Q_IMPR,
    Q_VIEWS,
    Q_ENG,
    Q_CLICKS,
    Q_ORDERS,
    Q_REV,
    Q_FGAIN,
    Q_EXPO,
    Q_EMV,
    Q_FOLLOWERS,
    Q_QUALITY,
    Q_PROFIT,
    Q_ONE
};

/* Field f under a basis: restored where given (net), else reported. */
static int kol__fld(const struct kol__dl *d, int basis, int f, double *v)
{
    if (basis == KOL_ROI_BASIS_NET && f >= KOL_DELIVERY_IMPRESSIONS &&
        f <= KOL_DELIVERY_FOLLOWER_GAIN && kol__has_f(d, f + 12)) {
        *v = d->v[f + 12];
        return 1;
    }
    if (!kol__has_f(d, f))
        return 0;
    *v = d->v[f];
    return 1;
}

static int kol__q(const struct kol__dl *d, int basis, const double *param,
                  int q, double *out)
{
    double a, s;
    int any, f;
    switch (q) {
    case Q_COST:
        return kol__fld(d, basis, KOL_DELIVERY_COST, out);
    case Q_IMPR:
        return kol__fld(d, basis, KOL_DELIVERY_IMPRESSIONS, out);
    case Q_VIEWS:
        return kol__fld(d, basis, KOL_DELIVERY_VIEWS, out);
    case Q_CLICKS:
        return kol__fld(d, basis, KOL_DELIVERY_CLICKS, out);
    case Q_ORDERS:
        return kol__fld(d, basis, KOL_DELIVERY_ORDERS, out);
    case Q_REV:
        return kol__fld(d, basis, KOL_DELIVERY_REVENUE, out);
    case Q_FGAIN:
        return kol__fld(d, basis, KOL_DELIVERY_FOLLOWER_GAIN, out);
    case Q_FOLLOWERS:
        return kol__fld(d, basis, KOL_DELIVERY_FOLLOWERS, out);
    case Q_QUALITY:
        return kol__fld(d, basis, KOL_DELIVERY_CONTENT_QUALITY, out);
    case Q_ONE:
        *out = 1.0;
        return 1;
    case Q_EXPO:
        if (kol__fld(d, basis, KOL_DELIVERY_IMPRESSIONS, out))
            return 1;
        return kol__fld(d, basis, KOL_DELIVERY_VIEWS, out);
    case Q_ENG:
        s = 0;
        any = 0;
        for (f = KOL_DELIVERY_LIKES; f <= KOL_DELIVERY_SAVES; f++)
            if (kol__fld(d, basis, f, &a)) {
                s += a;
                any = 1;
            }
        *out = s;
        return any;
    case Q_PROFIT:
        /* Every delivery has a cost (kol__check_dl), never restored. */
        if (!kol__fld(d, basis, KOL_DELIVERY_REVENUE, &a))
            return 0;
        *out = a - d->v[KOL_DELIVERY_COST];
        return 1;
    default: /* Q_EMV, the last quantity */
        s = 0;
        any = 0;
        if (kol__q(d, basis, param, Q_EXPO, &a)) {
            s += a / 1000.0 * param[KOL_ROI_PARAM_EMV_MILLE];
            any = 1;
        }
        for (f = KOL_DELIVERY_LIKES; f <= KOL_DELIVERY_CLICKS; f++) {
            static const int pm[5] = {
                KOL_ROI_PARAM_EMV_LIKE, KOL_ROI_PARAM_EMV_COMMENT,
                KOL_ROI_PARAM_EMV_SHARE, KOL_ROI_PARAM_EMV_SAVE,
                KOL_ROI_PARAM_EMV_CLICK};
            if (kol__fld(d, basis, f, &a)) {
                s += a * param[pm[f - KOL_DELIVERY_LIKES]];
                any = 1;
            }
        }
        *out = s;
        return any;
    }
}

/* Metric table: numerator, denominator (Q_NONE for sums), scale. */
static const struct {
    int num, den;
    double scale;
} kol__mt[KOL__RM_N] = {
    {Q_ONE, Q_NONE, 1},         /* deliveries */
    {Q_COST, Q_NONE, 1},        /* cost */
    {Q_IMPR, Q_NONE, 1},        /* impressions */
    {Q_VIEWS, Q_NONE, 1},       /* views */
    {Q_ENG, Q_NONE, 1},         /* engagements */
    {Q_CLICKS, Q_NONE, 1},      /* clicks */
    {Q_ORDERS, Q_NONE, 1},      /* orders */
    {Q_REV, Q_NONE, 1},         /* revenue */
    {Q_FGAIN, Q_NONE, 1},       /* follower_gain */
    {Q_EXPO, Q_NONE, 1},        /* exposure */
    {Q_EMV, Q_NONE, 1},         /* emv */
    {Q_COST, Q_EXPO, 1000},     /* cpm */
    {Q_COST, Q_VIEWS, 1},       /* cpv */
    {Q_COST, Q_ENG, 1},         /* cpe */
    {Q_COST, Q_CLICKS, 1},      /* cpc */
    {Q_COST, Q_ORDERS, 1},      /* cpa */
    {Q_CLICKS, Q_EXPO, 1},      /* ctr */
    {Q_ORDERS, Q_CLICKS, 1},    /* cvr */
    {Q_ENG, Q_EXPO, 1},         /* engagement_rate */
    {Q_PROFIT, Q_COST, 1},      /* roi */
    {Q_REV, Q_COST, 1},         /* roas */
    {Q_FGAIN, Q_FOLLOWERS, 1},  /* follower_growth_rate */
    {Q_QUALITY, Q_ONE, 1},      /* content_quality */
};

/* ---- report ---------------------------------------------------------- */

struct kol__row {
    char *key;
    double num[2][KOL__RM_N];
    double den[2][KOL__RM_N];
    uint64_t cnt[2][KOL__RM_N];
    int roi_st[2]; /* status of the ROI (and ROAS) interval */
    double roi_lo[2], roi_hi[2];
    double roas_lo[2], roas_hi[2];
    size_t d0, d1; /* the row's deliveries: dk[d0 .. d1) of the report */
};

struct kol_roi_report {
    kol_ctx *ctx;
    double z;
    double key_share;
    double outlier_z;
    size_t n;
    struct kol__row *rows;
    /* KOL ids, for coverage: nkol distinct ids in byte order, the id k at
     * kolbuf + kolofs[k]; dk[j] is the id of the j-th delivery in row
     * order (rows[r] holds dk[rows[r].d0 .. rows[r].d1)). */
    size_t nkol;
    char *kolbuf;
    size_t *kolofs;
    uint32_t *dk;
};

struct kol__sortkey {
    const char *key;
    size_t i;
};

static int kol__sortkey_cmp(const void *a, const void *b)
{
    const struct kol__sortkey *x = a, *y = b;
    int r = strcmp(x->key, y->key);
    if (r != 0)
        return r;
    /* glibc's merge sort always passes the earlier element first.
     * cov: which way ties are compared depends on the C library's qsort */
    return x->i < y->i ? -1 : x->i > y->i;
}

static int kol__dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Linear-interpolated order statistic (Hyndman and Fan type 7) of sorted
 * v[0..n-1], n >= 1. */
static double kol__type7(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p, lo, hi, d, f, x;
    size_t k = (size_t)floor(h);
    if (k + 1 >= n)
        return v[n - 1];
    lo = v[k];
    hi = v[k + 1];
    f = h - (double)k;
    d = hi - lo;
    /* the difference of two finite values of opposite signs near the
     * largest double overflows: then the weighted form, which cannot;
     * either way the result stays between its two neighbours */
    x = isfinite(d) ? lo + f * d : (1.0 - f) * lo + f * hi;
    /* cov: kept against rounding; never outside for any input tried */
    return x < lo ? lo : (x > hi ? hi : x);
}

void kol_roi_report_free(kol_roi_report *rep)
{
    size_t i;
    if (!rep)
        return;
    for (i = 0; i < rep->n; i++)
        kol__free(rep->ctx, rep->rows[i].key);
    kol__free(rep->ctx, rep->rows);
    kol__free(rep->ctx, rep->kolbuf);
    kol__free(rep->ctx, rep->kolofs);
    kol__free(rep->ctx, rep->dk);
    kol__free(rep->ctx, rep);
}

/* Percentile bootstrap of ROI and ROAS for the deliveries sk[a..b) of a
 * row. ROAS* = sum(revenue) / sum(cost) is computed from its own sums,
 * not as ROI* + 1, which would lose the digits of a small ROAS to the
 * cancellation in ROI* (and could put the interval of a one-delivery row
 * beside its point). */
static void kol__bootstrap(const kol_roi *roi, const struct kol__sortkey *sk,
                           size_t a, size_t b, struct kol__row *row, int basis,
                           double *cbuf, double *rbuf, double *stat,
                           double *stat2)
{
    size_t m = 0, i, j, got = 0;
    uint64_t nb = (uint64_t)roi->param[KOL_ROI_PARAM_BOOTSTRAP], t;
    double sc = 0, sp = 0, sr = 0, point, point2;
    double conf = roi->param[KOL_ROI_PARAM_CONFIDENCE];
    struct kol__rng rng;
    uint64_t seed;
    for (i = a; i < b; i++) {
        struct kol__dl d;
        double c, r;
        kol__sd_load(roi, &roi->d[sk[i].i], &d);
        c = d.v[KOL_DELIVERY_COST]; /* a cost is always there */
        if (kol__fld(&d, basis, KOL_DELIVERY_REVENUE, &r)) {
            cbuf[m] = c;
            rbuf[m] = r;
            sc += c;
            sp += r - c;
            sr += r;
            m++;
        }
    }
    row->roi_lo[basis] = row->roi_hi[basis] = 0;
    row->roas_lo[basis] = row->roas_hi[basis] = 0;
    if (m == 0) {
        row->roi_st[basis] = KOL_STATUS_MISSING;
        return;
    }
    if (sc == 0) {
        row->roi_st[basis] = KOL_STATUS_EMPTY;
        return;
    }
    point = sp / sc;
    point2 = sr / sc;
    /* cov: one overflows where the other does (they differ by 1) */
    if (!isfinite(point) || !isfinite(point2)) {
        row->roi_st[basis] = KOL_STATUS_EMPTY;
        return;
    }
    row->roi_st[basis] = KOL_STATUS_OK;
    row->roi_lo[basis] = row->roi_hi[basis] = point;
    row->roas_lo[basis] = row->roas_hi[basis] = point2;
    if (nb == 0)
        return;
    /* the same draws under both bases (paired resamples): the two
     * intervals differ only where the bases' figures do */
    seed = (uint64_t)roi->param[KOL_ROI_PARAM_SEED] ^
           kol__hash_bytes(row->key, strlen(row->key), UINT64_C(0x524F4900));
    kol__rng_seed(&rng, seed);
    for (t = 0; t < nb; t++) {
        double bc = 0, bp = 0, br = 0;
        for (j = 0; j < m; j++) {
            size_t k = (size_t)kol__rng_below(&rng, (uint64_t)m);
            bc += cbuf[k];
            bp += rbuf[k] - cbuf[k];
            br += rbuf[k];
        }
        /* cov: as above, the two ratios overflow together */
        if (bc > 0 && isfinite(bp / bc) && isfinite(br / bc)) {
            stat[got] = bp / bc;
            stat2[got] = br / bc;
            got++;
        }
    }
    if (got == 0)
        return;
    qsort(stat, got, sizeof *stat, kol__dbl_cmp);
    qsort(stat2, got, sizeof *stat2, kol__dbl_cmp);
    row->roi_lo[basis] = kol__type7(stat, got, (1.0 - conf) / 2.0);
    row->roi_hi[basis] = kol__type7(stat, got, 1.0 - (1.0 - conf) / 2.0);
    row->roas_lo[basis] = kol__type7(stat2, got, (1.0 - conf) / 2.0);
    row->roas_hi[basis] = kol__type7(stat2, got, 1.0 - (1.0 - conf) / 2.0);
}

/* The distinct KOL ids of the evaluator, copied into the report (byte
 * order), and kidx[i] = the index of delivery i's id. kidx has roi->n
 * entries. */
static kol_status kol__report_kols(const kol_roi *roi, kol_roi_report *rep,
                                   uint32_t *kidx)
{
    kol_ctx *ctx = roi->ctx;
    struct kol__sortkey *ks;
    size_t i, k = 0, bytes = 0, at = 0;
    ks = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *ks);
    if (!ks)
        return KOL_STATUS_NOMEM;
    for (i = 0; i < roi->n; i++) {
        ks[i].key = roi->d[i].key[KOL_DELIVERY_KEY_KOL_ID];
        ks[i].i = i;
    }
    if (roi->n > 1)
        qsort(ks, roi->n, sizeof *ks, kol__sortkey_cmp);
    for (i = 0; i < roi->n; i++)
        if (i == 0 || strcmp(ks[i].key, ks[i - 1].key) != 0) {
            k++;
            bytes += strlen(ks[i].key) + 1;
        }
    rep->kolbuf = kol__alloc(ctx, bytes ? bytes : 1);
    rep->kolofs = kol__alloc_array(ctx, k ? k : 1, sizeof *rep->kolofs);
    if (!rep->kolbuf || !rep->kolofs) {
        kol__free(ctx, ks);
        return KOL_STATUS_NOMEM;
    }
    k = 0;
    for (i = 0; i < roi->n; i++) {
        if (i == 0 || strcmp(ks[i].key, ks[i - 1].key) != 0) {
            size_t len = strlen(ks[i].key);
            rep->kolofs[k++] = at;
            memcpy(rep->kolbuf + at, ks[i].key, len + 1);
            at += len + 1;
        }
        kidx[ks[i].i] = (uint32_t)(k - 1);
    }
    rep->nkol = k;
    kol__free(ctx, ks);
    return KOL_STATUS_OK;
}

static const int kol__group_key[7] = {
    KOL_DELIVERY_KEY_POST_ID, KOL_DELIVERY_KEY_KOL_ID,
    KOL_DELIVERY_KEY_TIER,    KOL_DELIVERY_KEY_PLATFORM,
    KOL_DELIVERY_KEY_CAMPAIGN, -1,
    KOL_DELIVERY_KEY_CATEGORY};

/* The work of kol_roi_report_new(), its arguments checked; runs the
 * progress callback while roi->busy is set. */
static kol_status kol__report_new(const kol_roi *roi, int group,
                                  kol_roi_report **out)
{
    kol_ctx *ctx = roi->ctx;
    kol_roi_report *rep = NULL;
    struct kol__sortkey *sk = NULL;
    double *cbuf = NULL, *rbuf = NULL, *stat = NULL, *stat2 = NULL;
    uint32_t *kidx = NULL;
    size_t i, a, nrows = 0, r;
    kol_status st = KOL_STATUS_OK;
    int kf = kol__group_key[group];
    rep = kol__alloc(ctx, sizeof *rep);
    if (!rep)
        return KOL_STATUS_NOMEM;
    memset(rep, 0, sizeof *rep);
    rep->ctx = ctx;
    rep->z = kol__normal_z(roi->param[KOL_ROI_PARAM_CONFIDENCE]);
    rep->key_share = roi->param[KOL_ROI_PARAM_KEY_SHARE];
    rep->outlier_z = roi->param[KOL_ROI_PARAM_OUTLIER_Z];

    sk = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *sk);
    kidx = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *kidx);
    rep->dk = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *rep->dk);
    cbuf = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *cbuf);
    rbuf = kol__alloc_array(ctx, roi->n ? roi->n : 1, sizeof *rbuf);
    stat = kol__alloc_array(
        ctx, (size_t)roi->param[KOL_ROI_PARAM_BOOTSTRAP] + 1, sizeof *stat);
    stat2 = kol__alloc_array(
        ctx, (size_t)roi->param[KOL_ROI_PARAM_BOOTSTRAP] + 1, sizeof *stat2);
    if (!sk || !kidx || !rep->dk || !cbuf || !rbuf || !stat || !stat2) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }
    /* The KOL ids, for kol_roi_report_coverage(). */
    if ((st = kol__report_kols(roi, rep, kidx)) != KOL_STATUS_OK)
        goto done;
    for (i = 0; i < roi->n; i++) {
        const char *k = kf >= 0 ? roi->d[i].key[kf] : NULL;
        sk[i].key = k ? k : "";
        sk[i].i = i;
    }
    if (group != KOL_ROI_GROUP_DELIVERY && roi->n > 1)
        qsort(sk, roi->n, sizeof *sk, kol__sortkey_cmp);
    for (i = 0; i < roi->n; i++)
        rep->dk[i] = kidx[sk[i].i]; /* in row order */
    /* Count rows. */
    if (group == KOL_ROI_GROUP_DELIVERY)
        nrows = roi->n;
    else if (group == KOL_ROI_GROUP_ALL)
        nrows = 1;
    else
        for (i = 0; i < roi->n; i++)
            if (i == 0 || strcmp(sk[i].key, sk[i - 1].key) != 0)
                nrows++;
    rep->rows = kol__calloc_array(ctx, nrows ? nrows : 1, sizeof *rep->rows);
    if (!rep->rows) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }
    a = 0;
    for (r = 0; r < nrows; r++) {
        struct kol__row *row = &rep->rows[r];
        size_t b;
        int basis, m;
        if (group == KOL_ROI_GROUP_ALL)
            b = roi->n;
        else if (group == KOL_ROI_GROUP_DELIVERY)
            b = a + 1;
        else
            for (b = a + 1; b < roi->n && strcmp(sk[b].key, sk[a].key) == 0;
                 b++)
                ;
        row->key = kol__strndup(ctx, a < roi->n ? sk[a].key : "",
                                a < roi->n ? strlen(sk[a].key) : 0);
        if (!row->key) {
            st = KOL_STATUS_NOMEM;
            goto done;
        }
        rep->n = r + 1;
        row->d0 = a;
        row->d1 = b;
        for (basis = 0; basis < 2; basis++) {
            for (i = a; i < b; i++) {
                struct kol__dl d;
                double qv[Q_ONE + 1];
                int qp[Q_ONE + 1], q;
                kol__sd_load(roi, &roi->d[sk[i].i], &d);
                /* Each derived quantity once, then every metric from them
                 * (same values and order of additions as computing each
                 * metric on its own). */
                for (q = 0; q <= Q_ONE; q++)
                    qp[q] = kol__q(&d, basis, roi->param, q, &qv[q]);
                for (m = 0; m < KOL__RM_N; m++) {
                    int qn = kol__mt[m].num, qd = kol__mt[m].den;
                    if (!qp[qn] || (qd != Q_NONE && !qp[qd]))
                        continue;
                    row->num[basis][m] += qv[qn];
                    row->den[basis][m] += qd != Q_NONE ? qv[qd] : 0.0;
                    row->cnt[basis][m]++;
                }
            }
            kol__bootstrap(roi, sk, a, b, row, basis, cbuf, rbuf, stat,
                           stat2);
        }
        a = b;
        st = kol__progress(ctx, r + 1, nrows, "kol_roi_report_new");
        if (st != KOL_STATUS_OK)
            goto done;
    }
    /* A report with no row still reports its end once (kol/core.h):
     * progress(0, 0). */
    if (nrows == 0 &&
        (st = kol__progress(ctx, 0, 0, "kol_roi_report_new")) !=
            KOL_STATUS_OK)
        goto done;
    rep->n = nrows;
done:
    kol__free(ctx, sk);
    kol__free(ctx, kidx);
    kol__free(ctx, cbuf);
    kol__free(ctx, rbuf);
    kol__free(ctx, stat);
    kol__free(ctx, stat2);
    if (st != KOL_STATUS_OK) {
        kol_roi_report_free(rep);
        return st;
    }
    *out = rep;
    return KOL_STATUS_OK;
}

kol_status kol_roi_report_new(const kol_roi *roi, int group,
                              kol_roi_report **out)
{
    kol_roi *self;
    const char *outer;
    kol_status st;
    if (out)
        *out = NULL;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(roi->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_new: out is NULL");
    if (group < 0 || group > KOL_ROI_GROUP_CATEGORY)
        return kol__fail(roi->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_roi_report_new: group %d unknown", group);
    /* Mark the evaluator busy while the progress callback may run, so that
     * a callback cannot change what the report is being computed from.
     * Casting the const away to write busy is defined behaviour: every
     * evaluator is allocated by kol_roi_new(), never defined const, and
     * busy is the only field written. The marker of an outer call (a
     * report made from the read callback of kol_roi_fill(), say) is put
     * back afterwards, so that call stays protected. */
    self = (kol_roi *)roi;
    outer = self->busy;
    self->busy = "kol_roi_report_new";
    st = kol__report_new(roi, group, out);
    self->busy = outer;
    return kol__nomem_in(roi->ctx, st, "kol_roi_report_new");
}

size_t kol_roi_report_size(const kol_roi_report *rep)
{
    return rep ? rep->n : 0;
}

const char *kol_roi_report_key(const kol_roi_report *rep, size_t row)
{
    if (!rep || row >= rep->n)
        return NULL;
    return rep->rows[row].key;
}

static kol_status kol__get_checks(const kol_roi_report *rep, const char *fn,
                                  size_t row, int metric, int basis)
{
    if (row >= rep->n)
        return kol__fail(rep->ctx, KOL_STATUS_NOT_FOUND,
                         "%s: row %z of %z", fn, row, rep->n);
    if (metric < 0 || metric >= KOL__RM_N)
        return kol__fail(rep->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "%s: metric %d unknown", fn, metric);
    if (basis != KOL_ROI_BASIS_REPORTED && basis != KOL_ROI_BASIS_NET)
        return kol__fail(rep->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "%s: basis %d unknown", fn, basis);
    return KOL_STATUS_OK;
}

/* Value of a metric without touching the context: status and value. */
static kol_status kol__value(const kol_roi_report *rep, size_t row, int m,
                             int basis, double *v)
{
    const struct kol__row *r = &rep->rows[row];
    *v = 0;
    if (m == KOL_ROI_DELIVERIES) {
        *v = (double)r->cnt[basis][m];
        return KOL_STATUS_OK;
    }
    if (r->cnt[basis][m] == 0)
        return KOL_STATUS_MISSING;
    if (kol__mt[m].den == Q_NONE) {
        *v = r->num[basis][m];
        return KOL_STATUS_OK;
    }
    if (r->den[basis][m] == 0)
        return KOL_STATUS_EMPTY;
    *v = kol__mt[m].scale * r->num[basis][m] / r->den[basis][m];
    if (!isfinite(*v)) {
        /* A denominator so small that the ratio overflows: treated as 0. */
        *v = 0;
        return KOL_STATUS_EMPTY;
    }
    return KOL_STATUS_OK;
}

static kol_status kol__undefined(const kol_roi_report *rep, const char *fn,
                                 size_t row, int m, kol_status st)
{
    if (st == KOL_STATUS_MISSING)
        return kol__fail(rep->ctx, st,
                         "%s: row %z (%q): %s missing: no delivery has its "
                         "inputs",
                         fn, row, rep->rows[row].key, kol__rm_names[m]);
    return kol__fail(rep->ctx, st,
                     "%s: row %z (%q): %s undefined: its denominator sums "
                     "to 0",
                     fn, row, rep->rows[row].key, kol__rm_names[m]);
}

kol_status kol_roi_report_get(const kol_roi_report *rep, size_t row,
                              int metric, int basis, double *value)
{
    kol_status st;
    if (!rep)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!value)
        return kol__fail(rep->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_get: value is NULL");
    if ((st = kol__get_checks(rep, "kol_roi_report_get", row, metric,
                              basis)) != KOL_STATUS_OK)
        return st;
    st = kol__value(rep, row, metric, basis, value);
    if (st != KOL_STATUS_OK)
        return kol__undefined(rep, "kol_roi_report_get", row, metric, st);
    return KOL_STATUS_OK;
}

kol_status kol_roi_report_interval(const kol_roi_report *rep, size_t row,
                                   int metric, int basis, double *low,
                                   double *high)
{
    kol_status st;
    const struct kol__row *r;
    /* 0 on every error, as the header says, a NULL report included. */
    if (low)
        *low = 0;
    if (high)
        *high = 0;
    if (!rep)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!low || !high)
        return kol__fail(rep->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_interval: low or high is NULL");
    if ((st = kol__get_checks(rep, "kol_roi_report_interval", row, metric,
                              basis)) != KOL_STATUS_OK)
        return st;
    r = &rep->rows[row];
    switch (metric) {
    case KOL_ROI_CTR:
    case KOL_ROI_CVR:
    case KOL_ROI_ENGAGEMENT_RATE:
    case KOL_ROI_FOLLOWER_GROWTH_RATE: {
        double n = r->den[basis][metric], k = r->num[basis][metric], p, z2, c,
               h, u, lo, hi, z = rep->z;
        /* A net follower loss: the followers lost are a share of the
         * followers, so the interval is that share's, negated (the other
         * rates' numerators are not signed) */
        const int loss = metric == KOL_ROI_FOLLOWER_GROWTH_RATE && k < 0;
        if (r->cnt[basis][metric] == 0)
            st = KOL_STATUS_MISSING;
        else if (n <= 0)
            st = KOL_STATUS_EMPTY;
        if (st != KOL_STATUS_OK)
            return kol__undefined(rep, "kol_roi_report_interval", row, metric,
                                  st);
        if (loss)
            k = -k;
        if (k > n)
            k = n;
        p = k / n;
        z2 = z * z;
        c = (p + z2 / (2 * n)) / (1 + z2 / n);
        h = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        if (isnan(c) || isnan(h)) {
            /* Denominator too small for the formula: no information. */
            *low = loss ? -1 : 0;
            *high = loss ? 0 : 1;
            return KOL_STATUS_OK;
        }
        /* At k = 0 the lower bound is 0 and at k = n the upper bound is 1
         * exactly; rounding would otherwise leave values like 5e-20. The
         * lower bound is taken from the product of the two roots,
         * low * high = p^2 / (1 + z^2/n), not as c - h: for a small p
         * the two nearly cancel and c - h keeps only their rounding
         * (1e-19 for p = 1e-303), which can lie above p itself. Above
         * p = 1/2 the upper bound is found the same way from the other
         * side, 1 - high being the lower bound of the rate of q = 1 - p
         * ((n - k) / n, exact as k >= n / 2): c + h rounds to 1 - 2^-52
         * for p = 1 - 2^-53, below p. */
        u = c + h;
        if (p > 0.5) {
            double q = (n - k) / n;
            u = 1 - q * q /
                        ((1 + z2 / n) * ((q + z2 / (2 * n)) / (1 + z2 / n) + h));
        }
        lo = k == 0 ? 0 : p * p / ((1 + z2 / n) * u);
        hi = (k == n || u > 1) ? 1 : u;
        *low = loss ? 0 - hi : lo; /* (0 - x: no -0 for a bound of 0) */
        *high = loss ? 0 - lo : hi;
        return KOL_STATUS_OK;
    }
    case KOL_ROI_ROI:
    case KOL_ROI_ROAS:
        if (r->roi_st[basis] != KOL_STATUS_OK)
            return kol__undefined(rep, "kol_roi_report_interval", row, metric,
                                  (kol_status)r->roi_st[basis]);
        *low = metric == KOL_ROI_ROAS ? r->roas_lo[basis] : r->roi_lo[basis];
        *high = metric == KOL_ROI_ROAS ? r->roas_hi[basis] : r->roi_hi[basis];
        return KOL_STATUS_OK;
    default:
        return kol__fail(rep->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_interval: %s has no interval",
                         kol__rm_names[metric]);
    }
}

struct kol__rankitem {
    double v;
    uint32_t row;
};

static int kol__rank_cmp(const void *a, const void *b)
{
    const struct kol__rankitem *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    /* cov: tie order depends on the C library's qsort, as above */
    return x->row < y->row ? -1 : x->row > y->row;
}

kol_status kol_roi_report_rank(const kol_roi_report *rep, int metric,
                               int basis, uint32_t *order, double *share,
                               size_t n, size_t *key_count)
{
    struct kol__rankitem *it;
    size_t i, kc = 0;
    double pos = 0, cum = 0;
    if (!rep)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (metric < 0 || metric > KOL_ROI_EMV)
        return kol__fail(rep->ctx,
                         metric < 0 || metric >= KOL__RM_N
                             ? KOL_STATUS_UNKNOWN_ENUM
                             : KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_rank: metric %d is not a sum metric",
                         metric);
    if (basis != KOL_ROI_BASIS_REPORTED && basis != KOL_ROI_BASIS_NET)
        return kol__fail(rep->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_roi_report_rank: basis %d unknown", basis);
    if ((order || share) && n < rep->n)
        return kol__fail(rep->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_roi_report_rank: room for %z rows, %z needed", n,
                         rep->n);
    it = kol__alloc_array(rep->ctx, rep->n ? rep->n : 1, sizeof *it);
    if (!it)
        return kol__nomem_in(rep->ctx, KOL_STATUS_NOMEM,
                             "kol_roi_report_rank");
    for (i = 0; i < rep->n; i++) {
        (void)kol__value(rep, i, metric, basis, &it[i].v);
        it[i].row = (uint32_t)i;
    }
    if (rep->n > 1)
        qsort(it, rep->n, sizeof *it, kol__rank_cmp);
    for (i = 0; i < rep->n && it[i].v > 0; i++)
        pos += it[i].v;
    /* The target, key_share P, less a relative 2^-50: the product of the
     * double nearest a decimal share and P can round above the decimal
     * share of P (0.55 * 100 = 55.000000000000007), and a prefix at
     * exactly that share (55 of 100) must reach it. A share of 1 is
     * exact: its target is pos itself, so every positive row is in the
     * set. cum adds the positive values in the order pos did, so it equals
     * pos (>= the target, key_share <= 1) at the last positive value at
     * the latest: the loop stops there (the bound on i only guards against
     * a compiler that keeps cum in a wider format than pos). */
    if (pos > 0) {
        const double target = rep->key_share >= 1.0
                                  ? pos
                                  : rep->key_share * pos * (1.0 - 0x1p-50);
        /* cov: i < rep->n always holds (above) */
        for (i = 0; i < rep->n; i++) {
            cum += it[i].v;
            kc = i + 1;
            if (cum >= target)
                break;
        }
    }
    for (i = 0; i < rep->n; i++) {
        if (order)
            order[i] = it[i].row;
        if (share) {
            double s = pos > 0 ? it[i].v / pos : 0.0;
            /* A loss so large against a tiny positive total (follower
             * gains of 1e-300 against a loss of 1e10) that the ratio
             * overflows: the most negative finite share. Positive shares
             * are at most 1. */
            share[i] = s < -DBL_MAX ? -DBL_MAX : s;
        }
    }
    if (key_count)
        *key_count = kc;
    kol__free(rep->ctx, it);
    return KOL_STATUS_OK;
}

kol_status kol_roi_report_outliers(const kol_roi_report *rep, int metric,
                                   int basis, double *score, int32_t *flag,
                                   size_t n, size_t *outliers)
{
    double *s, med = 0, mad = 0, meanad = 0, scale = 0;
    size_t i, m = 0, cnt = 0;
    if (!rep)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!score || !flag)
        return kol__fail(rep->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_outliers: score or flag is NULL");
    if (metric < KOL_ROI_CPM || metric >= KOL__RM_N)
        return kol__fail(rep->ctx,
                         metric < 0 || metric >= KOL__RM_N
                             ? KOL_STATUS_UNKNOWN_ENUM
                             : KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_report_outliers: metric %d is not a ratio",
                         metric);
    if (basis != KOL_ROI_BASIS_REPORTED && basis != KOL_ROI_BASIS_NET)
        return kol__fail(rep->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_roi_report_outliers: basis %d unknown", basis);
    if (n < rep->n)
        return kol__fail(rep->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_roi_report_outliers: room for %z rows, %z "
                         "needed",
                         n, rep->n);
    s = kol__alloc_array(rep->ctx, rep->n ? rep->n : 1, sizeof *s);
    if (!s)
        return kol__nomem_in(rep->ctx, KOL_STATUS_NOMEM,
                             "kol_roi_report_outliers");
    for (i = 0; i < rep->n; i++) {
        double v;
        if (kol__value(rep, i, metric, basis, &v) == KOL_STATUS_OK && v > 0)
            s[m++] = kol__log_pos(v);
    }
    if (m >= 3) {
        /* Shared robust statistics (lib/internal/stats.h): s is left
         * holding the absolute deviations from the median. */
        kol__median_mad(s, m, &med, &mad);
        for (i = 0; i < m; i++)
            meanad += s[i];
        meanad /= (double)m;
        if (mad > 0)
            scale = mad / 0.6745;
        else if (meanad > 0)
            scale = 1.253314 * meanad;
    }
    for (i = 0; i < rep->n; i++) {
        double v;
        score[i] = 0;
        flag[i] = 0;
        if (scale > 0 &&
            kol__value(rep, i, metric, basis, &v) == KOL_STATUS_OK && v > 0) {
            score[i] = (kol__log_pos(v) - med) / scale;
            if (score[i] > rep->outlier_z)
                flag[i] = 1;
            else if (score[i] < -rep->outlier_z)
                flag[i] = -1;
            if (flag[i])
                cnt++;
        }
    }
    if (outliers)
        *outliers = cnt;
    kol__free(rep->ctx, s);
    return KOL_STATUS_OK;
}

static kol_status kol__check_series(kol_ctx *ctx, const char *what,
                                    const double *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                             "kol_roi_incrementality: %s day %z is %g", what,
                             i, v[i]);
        if (fabs(v[i]) > KOL__TWO53)
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_roi_incrementality: %s day %z is %g", what,
                             i, v[i]);
    }
    return KOL_STATUS_OK;
}

kol_status kol_roi_incrementality(const kol_roi *roi, const double *baseline,
                                  size_t nb, const double *during, size_t nd,
                                  double cost, double *out,
                                  int32_t *roi_defined)
{
    kol_ctx *ctx;
    kol_status st;
    double mean = 0, ss = 0, sum = 0, inc, half, z;
    size_t i;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = roi->ctx;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_incrementality: out is NULL");
    if (nb && !baseline)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_incrementality: baseline is NULL but "
                         "nb = %z",
                         nb);
    if (nd && !during)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_incrementality: during is NULL but "
                         "nd = %z",
                         nd);
    if (nb == 0 || nd == 0)
        return kol__fail(ctx, KOL_STATUS_EMPTY,
                         "kol_roi_incrementality: %z baseline days, %z "
                         "campaign days (at least 1 each)",
                         nb, nd);
    if ((st = kol__check_series(ctx, "baseline", baseline, nb)) !=
            KOL_STATUS_OK ||
        (st = kol__check_series(ctx, "campaign", during, nd)) != KOL_STATUS_OK)
        return st;
    if (!isfinite(cost))
        return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                         "kol_roi_incrementality: cost is %g", cost);
    if (cost < 0 || cost > KOL__TWO53)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "kol_roi_incrementality: cost %g outside [0, 2^53]",
                         cost);
    for (i = 0; i < nb; i++)
        mean += baseline[i];
    mean /= (double)nb;
    for (i = 0; i < nb; i++)
        ss += (baseline[i] - mean) * (baseline[i] - mean);
    for (i = 0; i < nd; i++)
        sum += during[i];
    inc = sum - (double)nd * mean;
    z = kol__normal_z(roi->param[KOL_ROI_PARAM_CONFIDENCE]);
    half = nb > 1 ? z * sqrt(ss / (double)(nb - 1) *
                             ((double)nd + (double)nd * (double)nd / (double)nb))
                  : 0.0;
    out[0] = inc;
    out[1] = inc - half;
    out[2] = inc + half;
    out[3] = out[4] = out[5] = 0;
    if (cost > 0) {
        out[3] = (inc - cost) / cost;
        out[4] = (inc - half - cost) / cost;
        out[5] = (inc + half - cost) / cost;
        /* out[4] <= out[3] <= out[5] (half >= 0 and rounding is
         * monotone), so the ROI overflows only if a bound does. */
        if (!isfinite(out[4]) || !isfinite(out[5])) {
            /* A cost so small that the ratio overflows: undefined. */
            out[3] = out[4] = out[5] = 0;
            cost = 0;
        }
    }
    if (roi_defined)
        *roi_defined = cost > 0;
    return KOL_STATUS_OK;
}

/* Report a failure of kol_roi_feed_cost()'s inner add (d, delivery i) or
 * merge (d NULL) to ctx: the reason recorded in from (the context of the
 * call that failed) after the delivery or "merging into the history". */
static kol_status feed_fail(kol_ctx *ctx, const kol_ctx *from, kol_status st,
                            const struct kol__sd *d, size_t i)
{
    char why[KOL__MSG_MAX];
    memcpy(why, from->message, sizeof why);
    if (!d)
        return kol__fail(ctx, st,
                         "kol_roi_feed_cost: merging into the history: %s",
                         why);
    if (!d->key[KOL_DELIVERY_KEY_POST_ID])
        return kol__fail(ctx, st,
                         "kol_roi_feed_cost: delivery %z (kol %q, no "
                         "post_id): %s",
                         i, d->key[KOL_DELIVERY_KEY_KOL_ID], why);
    return kol__fail(ctx, st,
                     "kol_roi_feed_cost: delivery %z (kol %q, post %q): %s",
                     i, d->key[KOL_DELIVERY_KEY_KOL_ID],
                     d->key[KOL_DELIVERY_KEY_POST_ID], why);
}

kol_status kol_roi_feed_cost(const kol_roi *roi, kol_cost_history *hist,
                             uint64_t *added)
{
    kol_cost_history *tmp = NULL;
    kol_status st;
    size_t i;
    uint64_t m = 0;
    if (added)
        *added = 0;
    if (!roi)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!hist)
        return kol__fail(roi->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_roi_feed_cost: history is NULL");
    st = kol_cost_history_new(roi->ctx, kol_cost_history_alpha(hist), &tmp);
    if (st != KOL_STATUS_OK)
        return kol__nomem_in(roi->ctx, st, "kol_roi_feed_cost");
    for (i = 0; i < roi->n; i++) {
        const struct kol__sd *d = &roi->d[i];
        struct kol__dl f;
        double cost = 0, expo = 0, eng = 0, ord = 0;
        if (!d->key[KOL_DELIVERY_KEY_PLATFORM] || !d->key[KOL_DELIVERY_KEY_TIER])
            continue;
        kol__sd_load(roi, d, &f);
        (void)kol__q(&f, KOL_ROI_BASIS_REPORTED, roi->param, Q_COST, &cost);
        (void)kol__q(&f, KOL_ROI_BASIS_REPORTED, roi->param, Q_EXPO, &expo);
        (void)kol__q(&f, KOL_ROI_BASIS_REPORTED, roi->param, Q_ENG, &eng);
        (void)kol__q(&f, KOL_ROI_BASIS_REPORTED, roi->param, Q_ORDERS, &ord);
        st = kol_cost_history_add(tmp, d->key[KOL_DELIVERY_KEY_PLATFORM],
                                  d->key[KOL_DELIVERY_KEY_TIER],
                                  d->key[KOL_DELIVERY_KEY_CATEGORY], cost, expo,
                                  eng, ord);
        if (st != KOL_STATUS_OK) {
            st = feed_fail(roi->ctx, roi->ctx, st, d, i);
            goto done;
        }
        m++;
    }
    st = kol_cost_history_merge(hist, tmp);
    if (st != KOL_STATUS_OK)
        st = feed_fail(roi->ctx, kol__cost_history_ctx(hist), st, NULL,
                       0);
done:
    kol_cost_history_free(tmp);
    if (st == KOL_STATUS_OK && added)
        *added = m;
    return st;
}

/* ---- coverage (unique reach) ------------------------------------------ */

kol_status kol_roi_report_coverage(const kol_roi_report *rep,
                                   const char *const *kol_ids,
                                   const kol_sketch *const *sketches,
                                   size_t n, double *coverage,
                                   uint32_t *matched, uint32_t *kols,
                                   size_t cap)
{
    static const char fn[] = "kol_roi_report_coverage";
    kol_ctx *ctx;
    struct kol__sortkey *hs = NULL;
    const kol_sketch **map = NULL, **ptrs = NULL;
    size_t *stamp = NULL;
    double *single = NULL, *tcov = NULL;
    uint32_t *tcnt = NULL;
    size_t i, j, r;
    kol_status st = KOL_STATUS_OK;
    if (!rep)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = rep->ctx;
    if (!coverage)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: coverage is NULL", fn);
    if (n && (!kol_ids || !sketches))
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: kol_ids or sketches is NULL with n = %z", fn, n);
    if (cap < rep->n)
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "%s: room for %z rows, %z needed", fn, cap, rep->n);
    /* Check every id and sketch before allocating anything. */
    for (i = 0; i < n; i++) {
        const char *why;
        size_t len;
        if (!kol_ids[i])
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "%s: kol_ids[%z] is NULL", fn, i);
        why = kol__check_text(kol_ids[i], KOL_TEXT_MAX_BYTES, &len);
        if (why)
            return kol__fail(ctx, KOL_STATUS_BAD_TEXT,
                             "%s: kol_ids[%z] %q: %s", fn, i, kol_ids[i], why);
        if (!sketches[i])
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "%s: sketches[%z] (kol %q) is NULL", fn, i,
                             kol_ids[i]);
        if (kol_sketch_precision(sketches[i]) !=
                kol_sketch_precision(sketches[0]) ||
            kol_sketch_seed(sketches[i]) != kol_sketch_seed(sketches[0]))
            return kol__fail(ctx, KOL_STATUS_MISMATCH,
                             "%s: sketches[%z] (kol %q): precision %d, seed "
                             "%L; sketches[0] (kol %q): precision %d, seed %L",
                             fn, i, kol_ids[i],
                             kol_sketch_precision(sketches[i]),
                             kol_sketch_seed(sketches[i]), kol_ids[0],
                             kol_sketch_precision(sketches[0]),
                             kol_sketch_seed(sketches[0]));
    }
    hs = kol__alloc_array(ctx, n ? n : 1, sizeof *hs);
    map = kol__calloc_array(ctx, rep->nkol ? rep->nkol : 1, sizeof *map);
    ptrs = kol__alloc_array(ctx, rep->nkol ? rep->nkol : 1, sizeof *ptrs);
    stamp = kol__calloc_array(ctx, rep->nkol ? rep->nkol : 1, sizeof *stamp);
    single = kol__alloc_array(ctx, rep->nkol ? rep->nkol : 1, sizeof *single);
    tcov = kol__alloc_array(ctx, rep->n ? rep->n : 1, sizeof *tcov);
    tcnt = kol__alloc_array(ctx, rep->n ? 2 * rep->n : 1, sizeof *tcnt);
    if (!hs || !map || !ptrs || !stamp || !single || !tcov || !tcnt) {
        st = KOL_STATUS_NOMEM;
        goto done;
    }
    /* The host's ids in byte order (ties by index, so a repeated id is
     * named by its two first positions). */
    for (i = 0; i < n; i++) {
        hs[i].key = kol_ids[i];
        hs[i].i = i;
    }
    if (n > 1)
        qsort(hs, n, sizeof *hs, kol__sortkey_cmp);
    for (i = 1; i < n; i++)
        if (strcmp(hs[i].key, hs[i - 1].key) == 0) {
            st = kol__fail(ctx, KOL_STATUS_DUPLICATE,
                           "%s: kol_ids[%z] and kol_ids[%z] are both %q", fn,
                           hs[i - 1].i, hs[i].i, hs[i].key);
            goto done;
        }
    /* Both lists are sorted: one merge pass finds each report KOL's
     * sketch. */
    for (i = 0, j = 0; i < rep->nkol && j < n;) {
        int c = strcmp(rep->kolbuf + rep->kolofs[i], hs[j].key);
        if (c == 0)
            map[i++] = sketches[hs[j++].i];
        else if (c < 0)
            i++;
        else
            j++;
    }
    for (i = 0; i < rep->nkol; i++)
        single[i] = -1.0; /* not estimated yet */
    for (r = 0; r < rep->n; r++) {
        const struct kol__row *row = &rep->rows[r];
        size_t cnt = 0, nk = 0, last = 0;
        double est = 0;
        for (i = row->d0; i < row->d1; i++) {
            size_t k = rep->dk[i];
            if (stamp[k] == r + 1)
                continue;
            stamp[k] = r + 1;
            nk++;
            if (map[k]) {
                ptrs[cnt++] = map[k];
                last = k;
            }
        }
        if (cnt == 1 && single[last] >= 0) {
            est = single[last]; /* the same call made for an earlier row */
        } else if (cnt > 0) {
            st = kol_sketch_union_estimate(ptrs, cnt, &est);
            /* cov: every sketch was checked above, so this never fails */
            if (st != KOL_STATUS_OK) {
                st = kol__fail(ctx, st, "%s: row %z (%q): union of %z "
                                        "sketches failed",
                               fn, r, row->key, cnt);
                goto done;
            }
            if (cnt == 1)
                single[last] = est;
        }
        tcov[r] = est;
        tcnt[2 * r] = (uint32_t)cnt;
        tcnt[2 * r + 1] = (uint32_t)nk;
        st = kol__progress(ctx, r + 1, rep->n, fn);
        if (st != KOL_STATUS_OK)
            goto done;
    }
    /* a report with no row: the end is reported once, progress(0, 0) */
    if (rep->n == 0 && (st = kol__progress(ctx, 0, 0, fn)) != KOL_STATUS_OK)
        goto done;
    for (r = 0; r < rep->n; r++) {
        coverage[r] = tcov[r];
        if (matched)
            matched[r] = tcnt[2 * r];
        if (kols)
            kols[r] = tcnt[2 * r + 1];
    }
done:
    kol__free(ctx, hs);
    kol__free(ctx, map);
    kol__free(ctx, ptrs);
    kol__free(ctx, stamp);
    kol__free(ctx, single);
    kol__free(ctx, tcov);
    kol__free(ctx, tcnt);
    return kol__nomem_in(ctx, st, fn);
}
