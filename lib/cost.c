/* Cost history: DDSketch summaries (Masson, Rim and Lee, PVLDB 12(12),
 * 2019) of CPM, CPE, CPA and price per (platform, tier, category) cell.
 * Formulas and the byte format: docs/model-roi.md. */
#include <math.h>
#include <string.h>

#include "kol/cost.h"
#include "kol/record.h"
#include "internal/base.h"
#include "internal/cost.h"
#include "internal/hash.h"
#include "internal/stats.h"

#define KOL__COST_MEASURES 4
#define KOL__COST_AMOUNT_MAX 9007199254740992.0 /* 2^53 */
#define KOL__COST_VALUE_MAX 1e19                /* above 1000 * 2^53 */
#define KOL__COST_HASH_SEED UINT64_C(0x4B4F4C434F535448) /* "KOLCOSTH" */

static const char kol__cost_magic[8] = {'K', 'O', 'L', 'C', 'O', 'S', 'T', 'H'};

/* One DDSketch with a dense bucket store: c[k] counts the values x with
 * gamma^(lo+k-1) < x <= gamma^(lo+k); zero counts the values below
 * KOL_COST_MIN_VALUE (zeros included). Buckets at either end may be zero
 * (capacity reserved by a call that later failed); they are never
 * serialized. */
struct kol__dd {
    uint64_t n;
    uint64_t zero;
    double min;
    double max;
    int32_t lo;
    uint32_t len;
    uint64_t *c;
};

/* The cells form an AVL tree ordered by key (Adelson-Velsky and Landis,
 * 1962), linked by index into the cell array: finding or adding a cell
 * takes O(log n) comparisons whatever the order cells come in, and the
 * array itself only grows at its end. */
#define KOL__NIL UINT32_MAX
/* Deepest path from the root: an AVL tree of height h holds at least
 * F(h + 2) - 1 cells (F the Fibonacci numbers), 1,346,268 for h = 29,
 * more than KOL_COST_MAX_CELLS; so 28 at most. */
#define KOL__TREE_DEPTH 48

struct kol__cell {
    /* key and links first, on the cache line a search reads */
    char *key[3]; /* platform, tier, category ("" for none) */
    uint32_t left, right; /* subtrees (smaller, larger keys); KOL__NIL */
    int32_t height;       /* of the subtree rooted here, 1 for a leaf */
    struct kol__dd s[KOL__COST_MEASURES];
};

struct kol_cost_history {
    kol_ctx *ctx;
    double alpha;
    double lng;    /* ln(gamma), gamma = (1 + alpha) / (1 - alpha) */
    int32_t imin;  /* index of KOL_COST_MIN_VALUE */
    int32_t imax;  /* index of KOL__COST_VALUE_MAX */
    size_t n;
    size_t cap;
    /* In the order they were made (by key after a merge or a read); the
     * key order is the tree's, from root. */
    struct kol__cell *cells;
    uint32_t root; /* KOL__NIL when there is no cell */
};

static const char *const kol__measure_names[KOL__COST_MEASURES] = {
    "cpm", "cpe", "cpa", "price"};

const char *kol_cost_measure_name(int measure)
{
    if (measure < 0 || measure >= KOL__COST_MEASURES)
        return NULL;
    return kol__measure_names[measure];
}

/* ---- sketch ---------------------------------------------------------- */

static int32_t kol__dd_index(double lng, double x)
{
    return (int32_t)ceil(kol__log_pos(x) / lng);
}

static double kol__dd_value(double alpha, double lng, int32_t i)
{
    /* 2 gamma^i / (gamma + 1) = gamma^i (1 - alpha): the point of bucket i
     * whose relative distance to both ends is alpha. */
    return kol__exp((double)i * lng) * (1.0 - alpha);
}

static void kol__dd_free(kol_ctx *ctx, struct kol__dd *d)
{
    kol__free(ctx, d->c);
    memset(d, 0, sizeof *d);
}

/* Make room for buckets lo..hi (inclusive); counts unchanged. */
static kol_status kol__dd_reserve(kol_ctx *ctx, struct kol__dd *d, int32_t lo,
                                  int32_t hi)
{
    int32_t nlo, nhi;
    size_t nlen, shift;
    uint64_t *c;
    if (d->len > 0) {
        int32_t chi = d->lo + (int32_t)d->len - 1;
        if (lo >= d->lo && hi <= chi)
            return KOL_STATUS_OK;
        nlo = lo < d->lo ? lo : d->lo;
        nhi = hi > chi ? hi : chi;
    } else {
        nlo = lo;
        nhi = hi;
    }
    nlen = (size_t)((int64_t)nhi - (int64_t)nlo + 1);
    c = kol__calloc_array(ctx, nlen, sizeof *c);
    if (!c)
        return KOL_STATUS_NOMEM;
    if (d->len > 0) {
        shift = (size_t)((int64_t)d->lo - (int64_t)nlo);
        memcpy(c + shift, d->c, d->len * sizeof *c);
    }
    kol__free(ctx, d->c);
    d->c = c;
    d->lo = nlo;
    d->len = (uint32_t)nlen;
    return KOL_STATUS_OK;
}

/* Add x (bucket i, or the zero bucket when zero_bucket) after reserve. */
static void kol__dd_put(struct kol__dd *d, double x, int zero_bucket,
                        int32_t i)
{
    /* -0.0 is stored as +0.0: min and max must not depend on which zero
     * came first, or merging would depend on its order. */
    if (x == 0.0)
        x = 0.0;
    if (d->n == 0) {
        d->min = x;
        d->max = x;
    } else {
        if (x < d->min)
            d->min = x;
        if (x > d->max)
            d->max = x;
    }
    d->n++;
    if (zero_bucket)
        d->zero++;
    else
        d->c[i - d->lo]++;
}

/* Trimmed range of non-zero buckets: first index k0 and count; count 0
 * when none. */
static void kol__dd_trim(const struct kol__dd *d, uint32_t *k0, uint32_t *cnt)
{
    uint32_t a = 0, b = d->len;
    while (a < b && d->c[a] == 0)
        a++;
    while (b > a && d->c[b - 1] == 0)
        b--;
    *k0 = a;
    *cnt = b - a;
}

/* dst += src (exact). */
static kol_status kol__dd_merge(kol_ctx *ctx, struct kol__dd *dst,
                                const struct kol__dd *src)
{
    uint32_t k0, cnt, k;
    if (src->n == 0)
        return KOL_STATUS_OK;
    /* Counts come from deserialized bytes too: never let them wrap (zero
     * and every bucket are at most n, so checking n is enough). */
    if (dst->n > UINT64_MAX - src->n)
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "cost history: %L + %L values overflow a summary's "
                         "count",
                         dst->n, src->n);
    kol__dd_trim(src, &k0, &cnt);
    if (cnt > 0) {
        kol_status st = kol__dd_reserve(ctx, dst, src->lo + (int32_t)k0,
                                        src->lo + (int32_t)(k0 + cnt - 1));
        if (st != KOL_STATUS_OK)
            return st;
        for (k = 0; k < cnt; k++)
            dst->c[src->lo + (int32_t)(k0 + k) - dst->lo] += src->c[k0 + k];
    }
    if (dst->n == 0) {
        dst->min = src->min;
        dst->max = src->max;
    } else {
        if (src->min < dst->min)
            dst->min = src->min;
        if (src->max > dst->max)
            dst->max = src->max;
    }
    dst->n += src->n;
    dst->zero += src->zero;
    return KOL_STATUS_OK;
}

/* The estimate of the order statistic of 0-based rank r (r < n): the
 * representative of the bucket holding it, clamped into the exact
 * [min, max]. */
static double kol__dd_order(const kol_cost_history *h,
                            const struct kol__dd *d, uint64_t r)
{
    uint64_t cum = d->zero;
    double v = 0.0;
    uint32_t k;
    if (r >= cum) {
        /* The buckets hold n - zero > r - zero values, so the loop always
         * breaks. cov: k never reaches len (loop bound kept for safety) */
        for (k = 0; k < d->len; k++) {
            cum += d->c[k];
            if (cum > r) {
                v = kol__dd_value(h->alpha, h->lng, d->lo + (int32_t)k);
                break;
            }
        }
    }
    if (v < d->min)
        v = d->min;
    if (v > d->max)
        v = d->max;
    return v;
}

/* The quantile of level q: linear interpolation between the estimates of
 * the order statistics of ranks floor(r) and floor(r) + 1, r = q (n - 1)
 * (Hyndman and Fan's definition 7). */
static double kol__dd_quantile(const kol_cost_history *h,
                               const struct kol__dd *d, double q)
{
    /* Clamped in double: above 2^53, n - 1 may round up to 2^64, which
     * does not convert to uint64_t. */
    const uint64_t last = d->n - 1;
    double r = q * (double)last, r0 = floor(r), f = r - r0, v0, v1, v;
    uint64_t k0 = r0 >= (double)last ? last : (uint64_t)r0;
    v0 = kol__dd_order(h, d, k0);
    /* k0 < last whenever f > 0: k0 = last needs r >= (double)last, so
     * r = (double)last, an integer (exactly last below 2^53, and every
     * double from 2^52 up is an integer), and f = 0. */
    if (!(f > 0.0))
        return v0;
    v1 = kol__dd_order(h, d, k0 + 1);
    /* v >= v0, as f (v1 - v0) >= 0. Kept at most v1, so that Q stays
     * monotone in q whatever the rounding. */
    v = v0 + f * (v1 - v0);
    /* cov: no input was found for which the rounding lifts v above v1
     * (5 million random v0 < v1 and f, f near 1 included); the clamp
     * costs one comparison */
    return v > v1 ? v1 : v;
}

static double kol__dd_rank(const kol_cost_history *h, const struct kol__dd *d,
                           double v)
{
    uint64_t below = 0, at;
    uint32_t k;
    if (v < KOL_COST_MIN_VALUE) {
        at = d->zero;
    } else {
        int32_t i = v > KOL__COST_VALUE_MAX ? h->imax
                                            : kol__dd_index(h->lng, v);
        below = d->zero;
        at = 0;
        for (k = 0; k < d->len; k++) {
            int32_t idx = d->lo + (int32_t)k;
            if (idx < i)
                below += d->c[k];
            else if (idx == i)
                at = d->c[k];
        }
    }
    return ((double)below + 0.5 * (double)at) / (double)d->n;
}

/* ---- cells ----------------------------------------------------------- */

static void kol__cell_free(kol_ctx *ctx, struct kol__cell *c)
{
    int m;
    for (m = 0; m < 3; m++)
        kol__free(ctx, c->key[m]);
    for (m = 0; m < KOL__COST_MEASURES; m++)
        kol__dd_free(ctx, &c->s[m]);
    memset(c, 0, sizeof *c);
}

static int kol__cell_cmp(const char *p, const char *t, const char *c,
                         const struct kol__cell *cell)
{
    int r = strcmp(p, cell->key[0]);
    if (r == 0)
        r = strcmp(t, cell->key[1]);
    if (r == 0 && c)
        r = strcmp(c, cell->key[2]);
    return r;
}

/* The way down the tree to a key: the cells passed, and whether it went
 * right of each. */
struct kol__path {
    uint32_t node[KOL__TREE_DEPTH];
    unsigned char right[KOL__TREE_DEPTH];
    int len;
};

/* The cell of key (p, t, c), or KOL__NIL; *path receives the way down to
 * it, or to the place a cell of that key would take. */
static uint32_t kol__cell_find(const kol_cost_history *h, const char *p,
                               const char *t, const char *c,
                               struct kol__path *path)
{
    uint32_t x = h->root;
    path->len = 0;
    while (x != KOL__NIL) {
        int r = kol__cell_cmp(p, t, c, &h->cells[x]);
        if (r == 0)
            break;
        path->node[path->len] = x;
        path->right[path->len++] = r > 0;
        x = r < 0 ? h->cells[x].left : h->cells[x].right;
    }
    return x;
}

/* ---- cell tree ------------------------------------------------------- */

static int32_t kol__tree_height(const struct kol__cell *cells, uint32_t x)
{
    return x == KOL__NIL ? 0 : cells[x].height;
}

static void kol__tree_fix(struct kol__cell *cells, uint32_t x)
{
    int32_t hl = kol__tree_height(cells, cells[x].left);
    int32_t hr = kol__tree_height(cells, cells[x].right);
    cells[x].height = 1 + (hl > hr ? hl : hr);
}

/* Rotations: the child on one side becomes the subtree's root. */
static uint32_t kol__tree_rot_right(struct kol__cell *cells, uint32_t x)
{
    uint32_t y = cells[x].left;
    cells[x].left = cells[y].right;
    cells[y].right = x;
    kol__tree_fix(cells, x);
    kol__tree_fix(cells, y);
    return y;
}

static uint32_t kol__tree_rot_left(struct kol__cell *cells, uint32_t x)
{
    uint32_t y = cells[x].right;
    cells[x].right = cells[y].left;
    cells[y].left = x;
    kol__tree_fix(cells, x);
    kol__tree_fix(cells, y);
    return y;
}

/* Restore the AVL balance at x after one insertion below it; the new root
 * of the subtree. */
static uint32_t kol__tree_balance(struct kol__cell *cells, uint32_t x)
{
    int32_t b;
    kol__tree_fix(cells, x);
    b = kol__tree_height(cells, cells[x].left) -
        kol__tree_height(cells, cells[x].right);
    if (b > 1) {
        uint32_t l = cells[x].left;
        if (kol__tree_height(cells, cells[l].left) <
            kol__tree_height(cells, cells[l].right))
            cells[x].left = kol__tree_rot_left(cells, l);
        return kol__tree_rot_right(cells, x);
    }
    if (b < -1) {
        uint32_t r = cells[x].right;
        if (kol__tree_height(cells, cells[r].right) <
            kol__tree_height(cells, cells[r].left))
            cells[x].right = kol__tree_rot_right(cells, r);
        return kol__tree_rot_left(cells, x);
    }
    return x;
}

/* Link the leaf x at the end of path (from kol__cell_find, its key
 * absent) and rebalance the cells passed, from the bottom up. */
static void kol__tree_link(kol_cost_history *h, const struct kol__path *path,
                           uint32_t x)
{
    uint32_t sub = x;
    int i = path->len;
    while (i-- > 0) {
        uint32_t y = path->node[i];
        if (path->right[i])
            h->cells[y].right = sub;
        else
            h->cells[y].left = sub;
        sub = kol__tree_balance(h->cells, y);
    }
    h->root = sub;
}

/* Link cells[a..b), in key order, into a tree balanced by size (so an AVL
 * tree); its root. */
static uint32_t kol__tree_build(struct kol__cell *cells, size_t a, size_t b)
{
    size_t m;
    if (a == b)
        return KOL__NIL;
    m = a + (b - a) / 2;
    cells[m].left = kol__tree_build(cells, a, m);
    cells[m].right = kol__tree_build(cells, m + 1, b);
    kol__tree_fix(cells, (uint32_t)m);
    return (uint32_t)m;
}

/* In-order walk of the cells: the path of cells still to visit. */
struct kol__walk {
    const struct kol__cell *cells;
    uint32_t stack[KOL__TREE_DEPTH];
    int sp;
};

static void kol__walk_down(struct kol__walk *w, uint32_t x)
{
    for (; x != KOL__NIL; x = w->cells[x].left)
        w->stack[w->sp++] = x;
}

/* From the first cell in key order. */
static void kol__walk_first(struct kol__walk *w, const kol_cost_history *h)
{
    w->cells = h->cells;
    w->sp = 0;
    kol__walk_down(w, h->root);
}

/* From the first cell of (p, t) or after, in key order. */
static void kol__walk_seek(struct kol__walk *w, const kol_cost_history *h,
                           const char *p, const char *t)
{
    uint32_t x = h->root;
    w->cells = h->cells;
    w->sp = 0;
    while (x != KOL__NIL) {
        if (kol__cell_cmp(p, t, NULL, &h->cells[x]) <= 0) {
            w->stack[w->sp++] = x;
            x = h->cells[x].left;
        } else {
            x = h->cells[x].right;
        }
    }
}

/* The next cell, or NULL after the last. */
static const struct kol__cell *kol__walk_next(struct kol__walk *w)
{
    uint32_t x;
    if (w->sp == 0)
        return NULL;
    x = w->stack[--w->sp];
    kol__walk_down(w, w->cells[x].right);
    return &w->cells[x];
}

static kol_status kol__cell_copy(kol_ctx *ctx, const struct kol__cell *src,
                                 struct kol__cell *dst)
{
    int m;
    memset(dst, 0, sizeof *dst);
    for (m = 0; m < 3; m++) {
        dst->key[m] = kol__strndup(ctx, src->key[m], strlen(src->key[m]));
        if (!dst->key[m])
            goto fail;
    }
    for (m = 0; m < KOL__COST_MEASURES; m++)
        if (kol__dd_merge(ctx, &dst->s[m], &src->s[m]) != KOL_STATUS_OK)
            goto fail;
    return KOL_STATUS_OK;
fail:
    kol__cell_free(ctx, dst);
    return KOL_STATUS_NOMEM;
}

/* ---- history --------------------------------------------------------- */

static int kol__bad_number(kol_ctx *ctx, const char *what, double v,
                           double lo, double hi, kol_status *st)
{
    if (!isfinite(v)) {
        *st = kol__fail(ctx, KOL_STATUS_NOT_FINITE, "cost history: %s is %g",
                        what, v);
        return 1;
    }
    if (v < lo || v > hi) {
        *st = kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                        "cost history: %s %g outside [%g, %g]", what, v, lo,
                        hi);
        return 1;
    }
    return 0;
}

static kol_status kol__history_make(kol_ctx *ctx, double alpha,
                                    kol_cost_history **out)
{
    kol_cost_history *h = kol__alloc(ctx, sizeof *h);
    if (!h)
        return KOL_STATUS_NOMEM;
    memset(h, 0, sizeof *h);
    h->ctx = ctx;
    h->alpha = alpha;
    h->lng = kol__log((1.0 + alpha) / (1.0 - alpha));
    h->imin = kol__dd_index(h->lng, KOL_COST_MIN_VALUE);
    h->imax = kol__dd_index(h->lng, KOL__COST_VALUE_MAX);
    h->root = KOL__NIL;
    *out = h;
    return KOL_STATUS_OK;
}

static kol_status cost_history_new_impl(kol_ctx *ctx, double alpha,
                                        kol_cost_history **out)
{
    kol_status st;
    if (out)
        *out = NULL;
    if (!ctx || !out)
        return ctx ? kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                               "kol_cost_history_new: out is NULL")
                   : KOL_STATUS_INVALID_ARGUMENT;
    if (kol__bad_number(ctx, "alpha", alpha, KOL_COST_ALPHA_MIN,
                        KOL_COST_ALPHA_MAX, &st))
        return st;
    return kol__history_make(ctx, alpha, out);
}

kol_status kol_cost_history_new(kol_ctx *ctx, double alpha,
                                kol_cost_history **out)
{
    return kol__nomem_in(ctx,
                         cost_history_new_impl(ctx, alpha, out),
                         "kol_cost_history_new");
}

void kol_cost_history_free(kol_cost_history *hist)
{
    size_t i;
    if (!hist)
        return;
    for (i = 0; i < hist->n; i++)
        kol__cell_free(hist->ctx, &hist->cells[i]);
    kol__free(hist->ctx, hist->cells);
    kol__free(hist->ctx, hist);
}

kol_ctx *kol__cost_history_ctx(const kol_cost_history *hist)
{
    return hist->ctx;
}

double kol_cost_history_alpha(const kol_cost_history *hist)
{
    return hist ? hist->alpha : 0.0;
}

size_t kol_cost_history_cells(const kol_cost_history *hist)
{
    return hist ? hist->n : 0;
}

static kol_status kol__check_label(kol_ctx *ctx, const char *what,
                                   const char *s, int optional)
{
    size_t len;
    const char *why;
    if (!s || (optional && s[0] == '\0')) {
        if (optional)
            return KOL_STATUS_OK;
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "cost history: %s is NULL", what);
    }
    why = kol__check_text(s, KOL_TEXT_MAX_BYTES, &len);
    if (why)
        return kol__fail(ctx, KOL_STATUS_BAD_TEXT, "cost history: %s %q: %s",
                         what, s, why);
    return KOL_STATUS_OK;
}

static kol_status kol__reserve_cells(kol_cost_history *h, size_t need)
{
    struct kol__cell *c;
    size_t cap;
    if (need <= h->cap)
        return KOL_STATUS_OK;
    /* Deserialize checks its count before calling this.
     * cov: needs a million cells (some 300 MB), too heavy for unit tests */
    if (need > KOL_COST_MAX_CELLS)
        return kol__fail(h->ctx, KOL_STATUS_TOO_LARGE,
                         "cost history: more than %u cells",
                         (unsigned)KOL_COST_MAX_CELLS);
    cap = h->cap ? h->cap * 2 : 8;
    if (cap < need)
        cap = need;
    /* cov: first true at 524289 cells (2^19 doubled), not run as above */
    if (cap > KOL_COST_MAX_CELLS)
        cap = KOL_COST_MAX_CELLS;
    c = kol__realloc_array(h->ctx, h->cells, cap, sizeof *c);
    if (!c)
        return KOL_STATUS_NOMEM;
    h->cells = c;
    h->cap = cap;
    return KOL_STATUS_OK;
}

static kol_status cost_history_add_impl(kol_cost_history *hist,
                                        const char *platform, const char *tier,
                                        const char *category, double cost,
                                        double exposure, double engagements,
                                        double orders)
{
    kol_ctx *ctx;
    kol_status st;
    double v[KOL__COST_MEASURES];
    int use[KOL__COST_MEASURES], zb[KOL__COST_MEASURES];
    int32_t idx[KOL__COST_MEASURES];
    struct kol__cell fresh, *cell;
    struct kol__path path;
    uint32_t pos;
    int found, m;
    const char *cat;

    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = hist->ctx;
    if ((st = kol__check_label(ctx, "platform", platform, 0)) != KOL_STATUS_OK ||
        (st = kol__check_label(ctx, "tier", tier, 0)) != KOL_STATUS_OK ||
        (st = kol__check_label(ctx, "category", category, 1)) != KOL_STATUS_OK)
        return st;
    if (kol__bad_number(ctx, "cost", cost, 0, KOL__COST_AMOUNT_MAX, &st) ||
        kol__bad_number(ctx, "exposure", exposure, 0, KOL__COST_AMOUNT_MAX,
                        &st) ||
        kol__bad_number(ctx, "engagements", engagements, 0,
                        KOL__COST_AMOUNT_MAX, &st) ||
        kol__bad_number(ctx, "orders", orders, 0, KOL__COST_AMOUNT_MAX, &st))
        return st;
    cat = category ? category : "";

    use[KOL_COST_MEASURE_CPM] = exposure > 0;
    v[KOL_COST_MEASURE_CPM] = exposure > 0 ? 1000.0 * cost / exposure : 0;
    use[KOL_COST_MEASURE_CPE] = engagements > 0;
    v[KOL_COST_MEASURE_CPE] = engagements > 0 ? cost / engagements : 0;
    use[KOL_COST_MEASURE_CPA] = orders > 0;
    v[KOL_COST_MEASURE_CPA] = orders > 0 ? cost / orders : 0;
    use[KOL_COST_MEASURE_PRICE] = 1;
    v[KOL_COST_MEASURE_PRICE] = cost;
    for (m = 0; m < KOL__COST_MEASURES; m++) {
        /* A tiny denominator can push a ratio past 1e19 (or to infinity):
         * such values are counted as 1e19, the top of the domain. */
        if (!(v[m] <= KOL__COST_VALUE_MAX))
            v[m] = KOL__COST_VALUE_MAX;
        zb[m] = v[m] < KOL_COST_MIN_VALUE;
        idx[m] = zb[m] ? 0 : kol__dd_index(hist->lng, v[m]);
    }

    pos = kol__cell_find(hist, platform, tier, cat, &path);
    found = pos != KOL__NIL;
    memset(&fresh, 0, sizeof fresh);
    if (found) {
        cell = &hist->cells[pos];
        /* Counts read from bytes may already be at the top: never wrap. */
        for (m = 0; m < KOL__COST_MEASURES; m++)
            if (use[m] && cell->s[m].n == UINT64_MAX)
                return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                                 "cost history: the %s summary of %q/%q/%q "
                                 "already holds 2^64 - 1 values",
                                 kol__measure_names[m], platform, tier, cat);
    } else {
        if ((st = kol__reserve_cells(hist, hist->n + 1)) != KOL_STATUS_OK)
            return st;
        fresh.key[0] = kol__strndup(ctx, platform, strlen(platform));
        fresh.key[1] = kol__strndup(ctx, tier, strlen(tier));
        fresh.key[2] = kol__strndup(ctx, cat, strlen(cat));
        if (!fresh.key[0] || !fresh.key[1] || !fresh.key[2]) {
            kol__cell_free(ctx, &fresh);
            return KOL_STATUS_NOMEM;
        }
        cell = &fresh;
    }
    for (m = 0; m < KOL__COST_MEASURES; m++) {
        if (!use[m] || zb[m])
            continue;
        st = kol__dd_reserve(ctx, &cell->s[m], idx[m], idx[m]);
        if (st != KOL_STATUS_OK) {
            if (!found)
                kol__cell_free(ctx, &fresh);
            return st;
        }
    }
    /* Commit. */
    if (!found) {
        pos = (uint32_t)hist->n;
        fresh.left = fresh.right = KOL__NIL;
        fresh.height = 1;
        hist->cells[pos] = fresh;
        hist->n++;
        kol__tree_link(hist, &path, pos);
        cell = &hist->cells[pos];
    }
    for (m = 0; m < KOL__COST_MEASURES; m++)
        if (use[m])
            kol__dd_put(&cell->s[m], v[m], zb[m], idx[m]);
    return KOL_STATUS_OK;
}

kol_status kol_cost_history_add(kol_cost_history *hist, const char *platform,
                                const char *tier, const char *category,
                                double cost, double exposure,
                                double engagements, double orders)
{
    return kol__nomem_in(hist ? hist->ctx : NULL,
                         cost_history_add_impl(hist, platform, tier, category,
                                               cost, exposure, engagements,
                                               orders),
                         "kol_cost_history_add");
}

static kol_status cost_history_merge_impl(kol_cost_history *dst,
                                          const kol_cost_history *src)
{
    kol_ctx *ctx;
    struct kol__cell *out;
    struct kol__walk wd, ws;
    const struct kol__cell *a, *b;
    size_t k = 0, cap, t;
    kol_status st = KOL_STATUS_OK;
    int m;
    if (!dst || !src)
        return dst ? kol__fail(dst->ctx, KOL_STATUS_INVALID_ARGUMENT,
                               "kol_cost_history_merge: src is NULL")
                   : KOL_STATUS_INVALID_ARGUMENT;
    ctx = dst->ctx;
    if (dst->alpha != src->alpha)
        return kol__fail(ctx, KOL_STATUS_MISMATCH,
                         "kol_cost_history_merge: alpha %g and %g differ",
                         dst->alpha, src->alpha);
    if (src->n == 0)
        return KOL_STATUS_OK;
    cap = dst->n + src->n;
    out = kol__calloc_array(ctx, cap, sizeof *out);
    if (!out)
        return KOL_STATUS_NOMEM;
    /* Both in key order, into out in key order. */
    kol__walk_first(&wd, dst);
    kol__walk_first(&ws, src);
    a = kol__walk_next(&wd);
    b = kol__walk_next(&ws);
    while (a || b) {
        int c;
        if (!a)
            c = 1;
        else if (!b)
            c = -1;
        else
            c = kol__cell_cmp(a->key[0], a->key[1], a->key[2], b);
        if (c <= 0) {
            st = kol__cell_copy(ctx, a, &out[k]);
            if (st == KOL_STATUS_OK && c == 0)
                for (m = 0; m < KOL__COST_MEASURES && st == KOL_STATUS_OK;
                     m++)
                    st = kol__dd_merge(ctx, &out[k].s[m], &b->s[m]);
            a = kol__walk_next(&wd);
            if (c == 0)
                b = kol__walk_next(&ws);
        } else {
            st = kol__cell_copy(ctx, b, &out[k]);
            b = kol__walk_next(&ws);
        }
        k++;
        if (st != KOL_STATUS_OK)
            break;
    }
    /* cov: needs more than a million cells, not run (see reserve_cells) */
    if (st == KOL_STATUS_OK && k > KOL_COST_MAX_CELLS)
        st = kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                       "kol_cost_history_merge: more than %u cells",
                       (unsigned)KOL_COST_MAX_CELLS);
    if (st != KOL_STATUS_OK) {
        for (t = 0; t < k; t++)
            kol__cell_free(ctx, &out[t]);
        kol__free(ctx, out);
        return st;
    }
    for (t = 0; t < dst->n; t++)
        kol__cell_free(ctx, &dst->cells[t]);
    kol__free(ctx, dst->cells);
    dst->cells = out;
    dst->n = k;
    dst->cap = cap;
    dst->root = kol__tree_build(out, 0, k);
    return KOL_STATUS_OK;
}

kol_status kol_cost_history_merge(kol_cost_history *dst,
                                  const kol_cost_history *src)
{
    return kol__nomem_in(dst ? dst->ctx : NULL,
                         cost_history_merge_impl(dst, src),
                         "kol_cost_history_merge");
}

/* The summary asked for: a pointer into the history (single cell), or a
 * pooled copy in *tmp (category NULL). *d is NULL-free: an absent cell
 * gives an empty summary. */
static kol_status kol__lookup(const kol_cost_history *h, const char *fn,
                              const char *platform, const char *tier,
                              const char *category, int measure,
                              struct kol__dd *tmp, const struct kol__dd **d)
{
    kol_ctx *ctx = h->ctx;
    struct kol__walk w;
    struct kol__path path;
    const struct kol__cell *c;
    uint32_t pos;
    kol_status st;
    memset(tmp, 0, sizeof *tmp);
    *d = tmp;
    if (!platform || !tier)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: platform or tier is NULL", fn);
    if (measure < 0 || measure >= KOL__COST_MEASURES)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM, "%s: measure %d unknown",
                         fn, measure);
    if (category) {
        pos = kol__cell_find(h, platform, tier, category, &path);
        if (pos != KOL__NIL)
            *d = &h->cells[pos].s[measure];
        return KOL_STATUS_OK;
    }
    /* The cells of (platform, tier), in key order. */
    kol__walk_seek(&w, h, platform, tier);
    while ((c = kol__walk_next(&w)) != NULL &&
           kol__cell_cmp(platform, tier, NULL, c) == 0) {
        st = kol__dd_merge(ctx, tmp, &c->s[measure]);
        if (st != KOL_STATUS_OK) {
            kol__dd_free(ctx, tmp);
            /* the one allocation of the readers: name the public call */
            return kol__nomem_in(ctx, st, fn);
        }
    }
    return KOL_STATUS_OK;
}

kol_status kol_cost_history_count(const kol_cost_history *hist,
                                  const char *platform, const char *tier,
                                  const char *category, int measure,
                                  uint64_t *count)
{
    struct kol__dd tmp;
    const struct kol__dd *d;
    kol_status st;
    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!count)
        return kol__fail(hist->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_count: count is NULL");
    st = kol__lookup(hist, "kol_cost_history_count", platform, tier, category,
                     measure, &tmp, &d);
    if (st != KOL_STATUS_OK)
        return st;
    *count = d->n;
    kol__dd_free(hist->ctx, &tmp);
    return KOL_STATUS_OK;
}


/* KOL_STATUS_EMPTY for a summary without values, naming the cell (or
 * the pooled categories) and the measure. */
static kol_status kol__no_values(kol_ctx *ctx, const char *fn, int measure,
                                 const char *platform, const char *tier,
                                 const char *category)
{
    if (category)
        return kol__fail(ctx, KOL_STATUS_EMPTY,
                         "%s: no %s value for %q/%q/%q", fn,
                         kol__measure_names[measure], platform, tier,
                         category);
    return kol__fail(ctx, KOL_STATUS_EMPTY,
                     "%s: no %s value for %q/%q (any category)", fn,
                     kol__measure_names[measure], platform, tier);
}

kol_status kol_cost_history_quantile(const kol_cost_history *hist,
                                     const char *platform, const char *tier,
                                     const char *category, int measure,
                                     double q, double *value)
{
    struct kol__dd tmp;
    const struct kol__dd *d;
    kol_status st;
    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!value)
        return kol__fail(hist->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_quantile: value is NULL");
    if (kol__bad_number(hist->ctx, "quantile level", q, 0, 1, &st))
        return st;
    st = kol__lookup(hist, "kol_cost_history_quantile", platform, tier,
                     category, measure, &tmp, &d);
    if (st != KOL_STATUS_OK)
        return st;
    if (d->n == 0)
        st = kol__no_values(hist->ctx, "kol_cost_history_quantile", measure,
                            platform, tier, category);
    else
        *value = kol__dd_quantile(hist, d, q);
    kol__dd_free(hist->ctx, &tmp);
    return st;
}


kol_status kol_cost_history_percentile(const kol_cost_history *hist,
                                       const char *platform, const char *tier,
                                       const char *category, int measure,
                                       double value, double *rank)
{
    struct kol__dd tmp;
    const struct kol__dd *d;
    kol_status st;
    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!rank)
        return kol__fail(hist->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_percentile: rank is NULL");
    if (kol__bad_number(hist->ctx, "value", value, 0, KOL__COST_VALUE_MAX, &st))
        return st;
    st = kol__lookup(hist, "kol_cost_history_percentile", platform, tier,
                     category, measure, &tmp, &d);
    if (st != KOL_STATUS_OK)
        return st;
    if (d->n == 0)
        st = kol__no_values(hist->ctx, "kol_cost_history_percentile", measure,
                            platform, tier, category);
    else
        *rank = kol__dd_rank(hist, d, value);
    kol__dd_free(hist->ctx, &tmp);
    return st;
}


kol_status kol_cost_history_quote(const kol_cost_history *hist,
                                  const char *platform, const char *tier,
                                  const char *category, double quote,
                                  double exposure, double q_low, double q_high,
                                  double *percentile, double *low, double *mid,
                                  double *high, int32_t *basis)
{
    struct kol__dd tcpm, tprice;
    const struct kol__dd *dcpm, *dprice;
    kol_status st;
    kol_ctx *ctx;
    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = hist->ctx;
    if (!percentile || !low || !mid || !high || !basis)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_quote: an output is NULL");
    if (kol__bad_number(ctx, "quote", quote, 0, KOL__COST_AMOUNT_MAX, &st) ||
        kol__bad_number(ctx, "exposure", exposure, 0, KOL__COST_AMOUNT_MAX,
                        &st) ||
        kol__bad_number(ctx, "q_low", q_low, 0, 0.5, &st) ||
        kol__bad_number(ctx, "q_high", q_high, 0.5, 1, &st))
        return st;
    st = kol__lookup(hist, "kol_cost_history_quote", platform, tier, category,
                     KOL_COST_MEASURE_CPM, &tcpm, &dcpm);
    if (st != KOL_STATUS_OK)
        return st;
    st = kol__lookup(hist, "kol_cost_history_quote", platform, tier, category,
                     KOL_COST_MEASURE_PRICE, &tprice, &dprice);
    if (st != KOL_STATUS_OK) {
        kol__dd_free(ctx, &tcpm);
        return st;
    }
    if (exposure > 0 && dcpm->n > 0) {
        double scale = exposure / 1000.0;
        *percentile = kol__dd_rank(hist, dcpm, 1000.0 * quote / exposure);
        *low = kol__dd_quantile(hist, dcpm, q_low) * scale;
        *mid = kol__dd_quantile(hist, dcpm, 0.5) * scale;
        *high = kol__dd_quantile(hist, dcpm, q_high) * scale;
        *basis = KOL_COST_BASIS_CPM;
    } else if (dprice->n > 0) {
        *percentile = kol__dd_rank(hist, dprice, quote);
        *low = kol__dd_quantile(hist, dprice, q_low);
        *mid = kol__dd_quantile(hist, dprice, 0.5);
        *high = kol__dd_quantile(hist, dprice, q_high);
        *basis = KOL_COST_BASIS_PRICE;
    } else {
        if (category)
            st = kol__fail(ctx, KOL_STATUS_EMPTY,
                           "kol_cost_history_quote: no history for "
                           "%q/%q/%q",
                           platform, tier, category);
        else
            st = kol__fail(ctx, KOL_STATUS_EMPTY,
                           "kol_cost_history_quote: no history for %q/%q "
                           "(any category)",
                           platform, tier);
    }
    kol__dd_free(ctx, &tcpm);
    kol__dd_free(ctx, &tprice);
    return st;
}


/* ---- bytes ----------------------------------------------------------- */

struct kol__wr {
    uint8_t *p; /* NULL: only count */
    size_t n;
};

static void kol__put(struct kol__wr *w, uint64_t v, unsigned bytes)
{
    unsigned b;
    if (w->p)
        for (b = 0; b < bytes; b++)
            w->p[w->n + b] = (uint8_t)(v >> (8u * b));
    w->n += bytes;
}

static void kol__put_f64(struct kol__wr *w, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    kol__put(w, u, 8);
}

static void kol__put_text(struct kol__wr *w, const char *s)
{
    size_t len = strlen(s);
    kol__put(w, (uint64_t)len, 4);
    if (w->p)
        memcpy(w->p + w->n, s, len);
    w->n += len;
}

static void kol__write_all(const kol_cost_history *h, struct kol__wr *w)
{
    struct kol__walk walk;
    const struct kol__cell *c;
    int m, k;
    uint32_t j;
    for (k = 0; k < 8; k++)
        kol__put(w, (uint8_t)kol__cost_magic[k], 1);
    kol__put(w, KOL_COST_FORMAT_VERSION, 4);
    kol__put(w, 0, 4);
    kol__put_f64(w, h->alpha);
    kol__put(w, (uint64_t)h->n, 4);
    kol__walk_first(&walk, h);
    while ((c = kol__walk_next(&walk)) != NULL) {
        for (k = 0; k < 3; k++)
            kol__put_text(w, c->key[k]);
        for (m = 0; m < KOL__COST_MEASURES; m++) {
            const struct kol__dd *d = &c->s[m];
            uint32_t k0, cnt;
            kol__dd_trim(d, &k0, &cnt);
            kol__put(w, d->n, 8);
            kol__put(w, d->zero, 8);
            kol__put_f64(w, d->n ? d->min : 0.0);
            kol__put_f64(w, d->n ? d->max : 0.0);
            kol__put(w, (uint32_t)(cnt ? d->lo + (int32_t)k0 : 0), 4);
            kol__put(w, cnt, 4);
            for (j = 0; j < cnt; j++)
                kol__put(w, d->c[k0 + j], 8);
        }
    }
}

kol_status kol_cost_history_serialize(const kol_cost_history *hist,
                                      uint8_t *buf, size_t cap, size_t *needed)
{
    struct kol__wr w = {NULL, 0};
    uint64_t sum;
    if (!hist)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!needed)
        return kol__fail(hist->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_serialize: needed is NULL");
    kol__write_all(hist, &w);
    *needed = w.n + 8;
    if (!buf)
        return KOL_STATUS_OK;
    if (cap < *needed)
        return kol__fail(hist->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_cost_history_serialize: %z bytes needed, %z given",
                         *needed, cap);
    w.p = buf;
    w.n = 0;
    kol__write_all(hist, &w);
    sum = kol__hash_bytes(buf, w.n, KOL__COST_HASH_SEED);
    kol__put(&w, sum, 8);
    return KOL_STATUS_OK;
}

struct kol__rd {
    const uint8_t *p;
    size_t n;
    size_t at;
};

static int kol__get(struct kol__rd *r, unsigned bytes, uint64_t *v)
{
    unsigned b;
    if (r->n - r->at < bytes)
        return 0;
    *v = 0;
    for (b = 0; b < bytes; b++)
        *v |= (uint64_t)r->p[r->at + b] << (8u * b);
    r->at += bytes;
    return 1;
}

static int kol__get_f64(struct kol__rd *r, double *d)
{
    uint64_t u;
    if (!kol__get(r, 8, &u))
        return 0;
    memcpy(d, &u, sizeof *d);
    return 1;
}

#define KOL__BAD(...)                                                       \
    do {                                                                    \
        st = kol__fail(ctx, KOL_STATUS_CORRUPT, __VA_ARGS__);               \
        goto fail;                                                          \
    } while (0)

static kol_status cost_history_deserialize_impl(kol_ctx *ctx,
                                                const uint8_t *buf, size_t len,
                                                kol_cost_history **out)
{
    struct kol__rd r;
    kol_cost_history *h = NULL;
    uint64_t v = 0, ncells = 0, sum = 0;
    double alpha = 0;
    size_t i;
    int k, m;
    kol_status st;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_deserialize: out is NULL");
    if (!buf && len > 0)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_cost_history_deserialize: buf is NULL with "
                         "len = %z",
                         len);
    if (len < 8 + 4 + 4 + 8 + 4 + 8)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: truncated (%z bytes)", len);
    if (memcmp(buf, kol__cost_magic, 8) != 0)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: bad magic");
    r.p = buf;
    r.n = len - 8;
    r.at = 8;
    (void)kol__get(&r, 4, &v);
    if (v != KOL_COST_FORMAT_VERSION)
        return kol__fail(ctx, KOL_STATUS_VERSION,
                         "cost history bytes: format version %L, this library "
                         "reads %u",
                         v, (unsigned)KOL_COST_FORMAT_VERSION);
    r.at = len - 8;
    r.n = len;
    (void)kol__get(&r, 8, &sum);
    if (sum != kol__hash_bytes(buf, len - 8, KOL__COST_HASH_SEED))
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: checksum mismatch");
    r.n = len - 8;
    r.at = 12;
    (void)kol__get(&r, 4, &v);
    if (v != 0)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: unknown flags %L", v);
    (void)kol__get_f64(&r, &alpha);
    if (!isfinite(alpha) || alpha < KOL_COST_ALPHA_MIN ||
        alpha > KOL_COST_ALPHA_MAX)
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: alpha %g invalid", alpha);
    (void)kol__get(&r, 4, &ncells);
    /* Each cell takes at least 3 * 4 + 4 * 40 bytes. */
    if (ncells > KOL_COST_MAX_CELLS ||
        ncells > (r.n - r.at) / (12 + KOL__COST_MEASURES * 40))
        return kol__fail(ctx, KOL_STATUS_CORRUPT,
                         "cost history bytes: %L cells do not fit", ncells);
    if ((st = kol__history_make(ctx, alpha, &h)) != KOL_STATUS_OK)
        return st;
    if (ncells > 0 &&
        (st = kol__reserve_cells(h, (size_t)ncells)) != KOL_STATUS_OK)
        goto fail;
    for (i = 0; i < (size_t)ncells; i++) {
        struct kol__cell *c = &h->cells[i];
        memset(c, 0, sizeof *c);
        h->n = i + 1;
        for (k = 0; k < 3; k++) {
            size_t tl;
            const char *why;
            if (!kol__get(&r, 4, &v) || v > r.n - r.at)
                KOL__BAD("cost history bytes: cell %z label %d truncated", i,
                         k);
            c->key[k] = kol__strndup(ctx, (const char *)buf + r.at, (size_t)v);
            if (!c->key[k]) {
                st = KOL_STATUS_NOMEM;
                goto fail;
            }
            r.at += (size_t)v;
            if (v == 0 && k == 2)
                continue;
            why = kol__check_text(c->key[k], KOL_TEXT_MAX_BYTES, &tl);
            if (why || tl != v)
                KOL__BAD("cost history bytes: cell %z label %d: %s", i, k,
                         why ? why : "embedded NUL");
        }
        if (i > 0 && kol__cell_cmp(c->key[0], c->key[1], c->key[2],
                                   &h->cells[i - 1]) <= 0)
            KOL__BAD("cost history bytes: cell %z out of order or repeated",
                     i);
        for (m = 0; m < KOL__COST_MEASURES; m++) {
            struct kol__dd *d = &c->s[m];
            uint64_t n, zero, lo, cnt, total, j;
            double mn, mx;
            int32_t ilo;
            if (!kol__get(&r, 8, &n) || !kol__get(&r, 8, &zero) ||
                !kol__get_f64(&r, &mn) || !kol__get_f64(&r, &mx) ||
                !kol__get(&r, 4, &lo) || !kol__get(&r, 4, &cnt))
                KOL__BAD("cost history bytes: cell %z %s truncated", i,
                         kol__measure_names[m]);
            ilo = (int32_t)(uint32_t)lo;
            if (cnt > (r.n - r.at) / 8)
                KOL__BAD("cost history bytes: cell %z %s: %L buckets do not "
                         "fit",
                         i, kol__measure_names[m], cnt);
            /* The library never writes a negative zero (see kol__dd_put);
             * accepting one would make merges depend on their order. */
            if (!isfinite(mn) || !isfinite(mx) || mn < 0 || mn > mx ||
                signbit(mn) || signbit(mx) ||
                mx > KOL__COST_VALUE_MAX || (n == 0 && (mn != 0 || mx != 0)))
                KOL__BAD("cost history bytes: cell %z %s: bad min/max", i,
                         kol__measure_names[m]);
            if (cnt > 0 && (ilo < h->imin || ilo > h->imax ||
                            (int64_t)ilo + (int64_t)cnt - 1 > h->imax))
                KOL__BAD("cost history bytes: cell %z %s: bucket index %d "
                         "out of range",
                         i, kol__measure_names[m], (int)ilo);
            /* the writer puts 0 there for no buckets: anything else is not
             * bytes the library wrote, and would decode to a history that
             * serializes to other bytes */
            if (cnt == 0 && ilo != 0)
                KOL__BAD("cost history bytes: cell %z %s: bucket index %d "
                         "without buckets",
                         i, kol__measure_names[m], (int)ilo);
            if (cnt > 0) {
                d->c = kol__alloc_array(ctx, (size_t)cnt, sizeof *d->c);
                if (!d->c) {
                    st = KOL_STATUS_NOMEM;
                    goto fail;
                }
                d->lo = ilo;
                d->len = (uint32_t)cnt;
            }
            total = zero;
            for (j = 0; j < cnt; j++) {
                (void)kol__get(&r, 8, &d->c[j]);
                if (total + d->c[j] < total)
                    KOL__BAD("cost history bytes: cell %z %s: count overflow",
                             i, kol__measure_names[m]);
                total += d->c[j];
            }
            if (cnt > 0 && (d->c[0] == 0 || d->c[cnt - 1] == 0))
                KOL__BAD("cost history bytes: cell %z %s: untrimmed buckets",
                         i, kol__measure_names[m]);
            if (total != n)
                KOL__BAD("cost history bytes: cell %z %s: count %L but "
                         "buckets hold %L",
                         i, kol__measure_names[m], n, total);
            /* min and max lie in the lowest and highest occupied buckets
             * (the zero bucket below the others), as the writer's do:
             * the quantiles are clamped into [min, max], so a min or max
             * at odds with the buckets would bend them silently */
            if (n > 0 &&
                ((zero > 0 ? !(mn < KOL_COST_MIN_VALUE)
                           : (mn < KOL_COST_MIN_VALUE ||
                              kol__dd_index(h->lng, mn) != ilo)) ||
                 (cnt > 0 ? (mx < KOL_COST_MIN_VALUE ||
                             kol__dd_index(h->lng, mx) !=
                                 ilo + (int32_t)cnt - 1)
                          : !(mx < KOL_COST_MIN_VALUE))))
                KOL__BAD("cost history bytes: cell %z %s: min or max "
                         "outside the buckets that hold the values",
                         i, kol__measure_names[m]);
            d->n = n;
            d->zero = zero;
            d->min = mn;
            d->max = mx;
        }
    }
    if (r.at != r.n)
        KOL__BAD("cost history bytes: %z trailing bytes", r.n - r.at);
    /* The cells came in key order (checked above). */
    h->root = kol__tree_build(h->cells, 0, h->n);
    *out = h;
    return KOL_STATUS_OK;
fail:
    kol_cost_history_free(h);
    return st;
}

kol_status kol_cost_history_deserialize(kol_ctx *ctx, const uint8_t *buf,
                                        size_t len, kol_cost_history **out)
{
    return kol__nomem_in(ctx,
                         cost_history_deserialize_impl(ctx, buf, len, out),
                         "kol_cost_history_deserialize");
}
