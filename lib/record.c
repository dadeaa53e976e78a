/* KOL records: text, metrics with a missing state, audience portrait. */
#include <math.h>
#include <string.h>

#include "internal/record.h"

/* 2^53: the largest count a double holds exactly with every smaller one. */
#define KOL__COUNT_MAX 9007199254740992.0

enum metric_kind { COUNT, SIGNED, AMOUNT, RATIO };

struct metric_info {
    const char *name;
    enum metric_kind kind;
};

/* Indexed by kol_metric code; the order is the ABI. */
static const struct metric_info metric_table[KOL__METRIC_N] = {
    {"followers", COUNT},
    {"following", COUNT},
    {"posts", COUNT},
    {"posts_30d", COUNT},
    {"avg_views", COUNT},
    {"avg_likes", COUNT},
    {"avg_comments", COUNT},
    {"avg_shares", COUNT},
    {"avg_saves", COUNT},
    {"follower_growth_30d", SIGNED},
    {"price", AMOUNT},
    {"clicks", COUNT},
    {"orders", COUNT},
    {"revenue", AMOUNT},
    {"content_quality", RATIO},
    {"account_age_days", COUNT},
    {"real_follower_ratio", RATIO},
    {"on_time_rate", RATIO},
    {"hist_views", COUNT},
    {"hist_cost", AMOUNT},
    {"cooperations", COUNT},
    {"disputes", COUNT},
    {"fan_loyalty", RATIO},
};

static const char *const text_names[KOL__TEXT_N] = {"id", "name", "platform",
                                                    "category"};
static const char *const dimension_names[KOL__DIMENSION_N] = {
    "gender", "age", "region", "interest"};

static const char *kind_phrase(enum metric_kind k)
{
    switch (k) {
    case COUNT: return "a count in [0, 2^53]";
    case SIGNED: return "a signed count in [-2^53, 2^53]";
    case AMOUNT: return "an amount in [0, 2^53]";
    default: return "a ratio in [0, 1]";
    }
}

static void kind_bounds(enum metric_kind k, double *min, double *max)
{
    switch (k) {
    case SIGNED:
        *min = -KOL__COUNT_MAX;
        *max = KOL__COUNT_MAX;
        break;
    case RATIO:
        *min = 0.0;
        *max = 1.0;
        break;
    default:
        *min = 0.0;
        *max = KOL__COUNT_MAX;
        break;
    }
}

/* ---- names and bounds -------------------------------------------------- */

KOL_API uint32_t kol_metric_count(void)
{
    return KOL__METRIC_N;
}

KOL_API const char *kol_metric_name(int metric)
{
    if (metric < 0 || metric >= KOL__METRIC_N)
        return NULL;
    return metric_table[metric].name;
}

KOL_API kol_status kol_metric_from_name(const char *name, int32_t *out)
{
    int32_t m;
    if (name == NULL || out == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    for (m = 0; m < KOL__METRIC_N; m++) {
        if (strcmp(metric_table[m].name, name) == 0) {
            *out = m;
            return KOL_STATUS_OK;
        }
    }
    return KOL_STATUS_NOT_FOUND;
}

KOL_API kol_status kol_metric_bounds(int metric, double *min, double *max)
{
    if (min == NULL || max == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (metric < 0 || metric >= KOL__METRIC_N)
        return KOL_STATUS_UNKNOWN_ENUM;
    kind_bounds(metric_table[metric].kind, min, max);
    return KOL_STATUS_OK;
}

KOL_API const char *kol_text_name(int field)
{
    if (field < 0 || field >= KOL__TEXT_N)
        return NULL;
    return text_names[field];
}

KOL_API uint32_t kol_dimension_count(void)
{
    return KOL__DIMENSION_N;
}

KOL_API const char *kol_dimension_name(int dimension)
{
    if (dimension < 0 || dimension >= KOL__DIMENSION_N)
        return NULL;
    return dimension_names[dimension];
}

/* ---- lifetime ---------------------------------------------------------- */

/* How a record is named in messages. */
static const char *rec_label(const struct kol_record *r)
{
    return r->text[KOL_TEXT_ID]; /* NULL: %r prints "(no id)" */
}

static void portrait_clear(kol_ctx *ctx, struct kol__portrait *p)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        kol__free(ctx, p->labels[i]);
    kol__free(ctx, p->labels);
    kol__free(ctx, p->shares);
    p->n = 0;
    p->labels = NULL;
    p->shares = NULL;
}

void kol__record_reset(struct kol_record *r)
{
    int i;
    for (i = 0; i < KOL__TEXT_N; i++) {
        kol__free(r->ctx, r->text[i]);
        r->text[i] = NULL;
    }
    for (i = 0; i < KOL__DIMENSION_N; i++)
        portrait_clear(r->ctx, &r->portrait[i]);
    r->present = 0;
    memset(r->metrics, 0, sizeof r->metrics);
}

KOL_API kol_status kol_record_new(kol_ctx *ctx, kol_record **out)
{
    kol_record *r;
    if (out == NULL)
        return ctx != NULL ? kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                                       "kol_record_new: out is NULL")
                           : KOL_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (ctx == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    r = (kol_record *)kol__calloc_array(ctx, 1, sizeof *r);
    if (r == NULL)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_record_new");
    r->ctx = ctx;
    *out = r;
    return KOL_STATUS_OK;
}

KOL_API void kol_record_free(kol_record *rec)
{
    if (rec == NULL)
        return;
    kol__record_reset(rec);
    kol__free(rec->ctx, rec);
}

static kol_status portrait_copy(kol_ctx *ctx, struct kol__portrait *dst,
                                const struct kol__portrait *src)
{
    size_t i;
    dst->n = 0;
    dst->labels = NULL;
    dst->shares = NULL;
    if (src->n == 0)
        return KOL_STATUS_OK;
    dst->labels = (char **)kol__calloc_array(ctx, src->n, sizeof(char *));
    dst->shares = (double *)kol__alloc_array(ctx, src->n, sizeof(double));
    if (dst->labels == NULL || dst->shares == NULL)
        goto fail;
    for (i = 0; i < src->n; i++) {
        dst->labels[i] =
            kol__strndup(ctx, src->labels[i], strlen(src->labels[i]));
        if (dst->labels[i] == NULL)
            goto fail;
        dst->n = i + 1;
    }
    memcpy(dst->shares, src->shares, src->n * sizeof(double));
    return KOL_STATUS_OK;
fail:
    portrait_clear(ctx, dst);
    return KOL_STATUS_NOMEM;
}

kol_status kol__record_copy(const struct kol_record *src,
                            struct kol_record **out)
{
    kol_ctx *ctx = src->ctx;
    kol_record *r;
    int i;

    r = (kol_record *)kol__calloc_array(ctx, 1, sizeof *r);
    if (r == NULL)
        goto nomem;
    r->ctx = ctx;
    r->present = src->present;
    memcpy(r->metrics, src->metrics, sizeof r->metrics);
    for (i = 0; i < KOL__TEXT_N; i++) {
        if (src->text[i] != NULL) {
            r->text[i] =
                kol__strndup(ctx, src->text[i], strlen(src->text[i]));
            if (r->text[i] == NULL)
                goto nomem;
        }
    }
    for (i = 0; i < KOL__DIMENSION_N; i++) {
        if (portrait_copy(ctx, &r->portrait[i], &src->portrait[i]) !=
            KOL_STATUS_OK)
            goto nomem;
    }
    *out = r;
    return KOL_STATUS_OK;
nomem:
    kol_record_free(r);
    return kol__fail(ctx, KOL_STATUS_NOMEM,
                     "record %r: out of memory while copying it",
                     rec_label(src));
}

KOL_API kol_status kol_record_clone(const kol_record *rec, kol_record **out)
{
    if (out == NULL)
        return rec != NULL ? kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                       "kol_record_clone: out is NULL")
                           : KOL_STATUS_INVALID_ARGUMENT;
    *out = NULL;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    return kol__nomem_in(rec->ctx, kol__record_copy(rec, out),
                         "kol_record_clone");
}

/* ---- text -------------------------------------------------------------- */

KOL_API kol_status kol_record_set_text(kol_record *rec, int field,
                                       const char *value)
{
    const char *why;
    size_t len = 0;
    char *copy;

    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (field < 0 || field >= KOL__TEXT_N)
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown text field code %d",
                         rec_label(rec), field);
    if (value == NULL) {
        kol__free(rec->ctx, rec->text[field]);
        rec->text[field] = NULL;
        return KOL_STATUS_OK;
    }
    why = kol__check_text(value, KOL_TEXT_MAX_BYTES, &len);
    if (why != NULL)
        return kol__fail(rec->ctx, KOL_STATUS_BAD_TEXT,
                         "record %r: field %s: the text %s (%q)",
                         rec_label(rec), text_names[field], why, value);
    copy = kol__strndup(rec->ctx, value, len);
    if (copy == NULL)
        return kol__fail(rec->ctx, KOL_STATUS_NOMEM,
                         "kol_record_set_text: record %r: field %s: out of "
                         "memory copying %z bytes",
                         rec_label(rec), text_names[field], len + 1);
    kol__free(rec->ctx, rec->text[field]);
    rec->text[field] = copy;
    return KOL_STATUS_OK;
}

KOL_API const char *kol_record_text(const kol_record *rec, int field)
{
    if (rec == NULL || field < 0 || field >= KOL__TEXT_N)
        return NULL;
    return rec->text[field];
}

/* ---- metrics ----------------------------------------------------------- */

/* Check one metric value; on refusal record the error (naming where, with
 * the optional position of a batch) and return its status. */
static kol_status check_metric(const kol_record *rec, int metric,
                               double value, int64_t pos)
{
    double lo, hi;
    const char *where_fmt;

    if (metric < 0 || metric >= KOL__METRIC_N) {
        if (pos >= 0)
            return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "record %r: pair %l: unknown metric code %d",
                             rec_label(rec), pos, metric);
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown metric code %d", rec_label(rec),
                         metric);
    }
    where_fmt = pos >= 0 ? "record %r: pair %l: metric %s = %g %s"
                         : "record %r: metric %s = %g %s";
    if (!isfinite(value)) {
        if (pos >= 0)
            return kol__fail(rec->ctx, KOL_STATUS_NOT_FINITE, where_fmt,
                             rec_label(rec), pos, metric_table[metric].name,
                             value, "is not a finite number");
        return kol__fail(rec->ctx, KOL_STATUS_NOT_FINITE, where_fmt,
                         rec_label(rec), metric_table[metric].name, value,
                         "is not a finite number");
    }
    kind_bounds(metric_table[metric].kind, &lo, &hi);
    if (value < lo || value > hi) {
        const char *why = value < 0 && lo == 0.0 ? "is negative; expected"
                                                 : "is out of range; expected";
        if (pos >= 0)
            return kol__fail(rec->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "record %r: pair %l: metric %s = %g %s %s",
                             rec_label(rec), pos, metric_table[metric].name,
                             value, why,
                             kind_phrase(metric_table[metric].kind));
        return kol__fail(rec->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "record %r: metric %s = %g %s %s", rec_label(rec),
                         metric_table[metric].name, value, why,
                         kind_phrase(metric_table[metric].kind));
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_record_set_metric(kol_record *rec, int metric,
                                         double value)
{
    kol_status st;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = check_metric(rec, metric, value, -1);
    if (st != KOL_STATUS_OK)
        return st;
    /* Store +0.0 for -0.0 so equal inputs give bit-identical records. */
    rec->metrics[metric] = value == 0.0 ? 0.0 : value;
    rec->present |= (uint64_t)1 << (unsigned)metric;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_record_set_metrics(kol_record *rec,
                                          const int32_t *metrics,
                                          const double *values, size_t n)
{
    size_t i;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n == 0)
        return KOL_STATUS_OK;
    if (metrics == NULL || values == NULL)
        return kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: kol_record_set_metrics: NULL array "
                         "with n = %z",
                         rec_label(rec), n);
    for (i = 0; i < n; i++) {
        kol_status st = check_metric(rec, metrics[i], values[i], (int64_t)i);
        if (st != KOL_STATUS_OK)
            return st;
    }
    for (i = 0; i < n; i++) {
        rec->metrics[metrics[i]] = values[i] == 0.0 ? 0.0 : values[i];
        rec->present |= (uint64_t)1 << (unsigned)metrics[i];
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_record_clear_metric(kol_record *rec, int metric)
{
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (metric < 0 || metric >= KOL__METRIC_N)
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown metric code %d", rec_label(rec),
                         metric);
    rec->present &= ~((uint64_t)1 << (unsigned)metric);
    rec->metrics[metric] = 0.0;
    return KOL_STATUS_OK;
}

KOL_API int kol_record_has_metric(const kol_record *rec, int metric)
{
    if (rec == NULL || metric < 0 || metric >= KOL__METRIC_N)
        return 0;
    return kol__has(rec, metric);
}

KOL_API kol_status kol_record_get_metric(const kol_record *rec, int metric,
                                         double *out)
{
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (out == NULL)
        return kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: kol_record_get_metric: out is NULL",
                         rec_label(rec));
    if (metric < 0 || metric >= KOL__METRIC_N)
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown metric code %d", rec_label(rec),
                         metric);
    if (!kol__has(rec, metric))
        return kol__fail(rec->ctx, KOL_STATUS_MISSING,
                         "record %r: metric %s is missing", rec_label(rec),
                         metric_table[metric].name);
    *out = rec->metrics[metric];
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_record_get_metrics(const kol_record *rec,
                                          const int32_t *metrics,
                                          double *values, size_t n)
{
    size_t i;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n == 0)
        return KOL_STATUS_OK;
    if (metrics == NULL || values == NULL)
        return kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: kol_record_get_metrics: NULL array "
                         "with n = %z",
                         rec_label(rec), n);
    for (i = 0; i < n; i++) {
        if (metrics[i] < 0 || metrics[i] >= KOL__METRIC_N)
            return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "record %r: position %z: unknown metric code %d",
                             rec_label(rec), i, (int)metrics[i]);
    }
    for (i = 0; i < n; i++)
        values[i] = kol__has(rec, metrics[i]) ? rec->metrics[metrics[i]]
                                               : nan("");
    return KOL_STATUS_OK;
}

/* ---- portrait ---------------------------------------------------------- */

/* Sorts the positions 0..n-1 of labels by the labels' bytes (strcmp order),
 * equal labels by position: a bottom-up merge sort (stable, O(n log n)
 * comparisons, no recursion) between idx[0..n) and idx[n..2n). Returns the
 * half that holds the result. n >= 1. */
static const size_t *sort_label_positions(const char *const *labels,
                                          size_t *idx, size_t n)
{
    size_t *src = idx, *dst = idx + n, width, i;
    for (i = 0; i < n; i++)
        src[i] = i;
    for (width = 1; width < n; width *= 2) {
        size_t lo;
        size_t *t;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = n - lo > width ? lo + width : n;
            size_t hi = n - mid > width ? mid + width : n;
            size_t a = lo, b = mid, o = lo;
            /* the left run wins ties: stable */
            while (a < mid && b < hi)
                dst[o++] = strcmp(labels[src[b]], labels[src[a]]) < 0
                               ? src[b++]
                               : src[a++];
            while (a < mid)
                dst[o++] = src[a++];
            while (b < hi)
                dst[o++] = src[b++];
        }
        t = src;
        src = dst;
        dst = t;
    }
    return src;
}

KOL_API kol_status kol_record_set_portrait(kol_record *rec, int dimension,
                                           const char *const *labels,
                                           const double *weights, size_t n)
{
    struct kol__portrait np;
    const char *dname;
    double sum = 0.0, wmax = 0.0;
    size_t i, first, dup_i, dup_j;
    size_t *idx;
    const size_t *sorted;
    kol_ctx *ctx;

    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    ctx = rec->ctx;
    if (dimension < 0 || dimension >= KOL__DIMENSION_N)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown portrait dimension code %d",
                         rec_label(rec), dimension);
    dname = dimension_names[dimension];
    if (n == 0) {
        portrait_clear(ctx, &rec->portrait[dimension]);
        return KOL_STATUS_OK;
    }
    if (labels == NULL || weights == NULL)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: portrait %s: NULL array with n = %z",
                         rec_label(rec), dname, n);
    if (n > KOL_PORTRAIT_MAX_CATEGORIES)
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "record %r: portrait %s: %z categories; at most %d "
                         "are accepted",
                         rec_label(rec), dname, n,
                         KOL_PORTRAIT_MAX_CATEGORIES);
    for (i = 0; i < n; i++) {
        const char *why;
        if (labels[i] == NULL)
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "record %r: portrait %s: label %z is NULL",
                             rec_label(rec), dname, i);
        why = kol__check_text(labels[i], KOL_TEXT_MAX_BYTES, NULL);
        if (why != NULL)
            return kol__fail(ctx, KOL_STATUS_BAD_TEXT,
                             "record %r: portrait %s: label %z %s (%q)",
                             rec_label(rec), dname, i, why, labels[i]);
        if (!isfinite(weights[i]))
            return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                             "record %r: portrait %s: weight of %q = %g is "
                             "not a finite number",
                             rec_label(rec), dname, labels[i], weights[i]);
        if (weights[i] < 0)
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "record %r: portrait %s: weight of %q = %g is "
                             "negative",
                             rec_label(rec), dname, labels[i], weights[i]);
        if (weights[i] > wmax)
            wmax = weights[i];
    }
    if (!(wmax > 0.0))
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: portrait %s: all %z weights are 0; "
                         "need a positive sum",
                         rec_label(rec), dname, n);
    /* Duplicate labels: the positions sorted by label bytes (stable, so
     * equal labels keep their order), then one scan of neighbours. The
     * pair named is the one the pairwise check would find first: the
     * smallest position i whose label occurs before it, with the first
     * such position j. */
    idx = (size_t *)kol__alloc_array(ctx, 2 * n, sizeof(size_t));
    if (idx == NULL)
        return kol__fail(ctx, KOL_STATUS_NOMEM,
                         "kol_record_set_portrait: record %r: portrait %s: "
                         "out of memory checking %z labels for duplicates",
                         rec_label(rec), dname, n);
    sorted = sort_label_positions(labels, idx, n);
    dup_i = n;
    dup_j = 0;
    first = sorted[0];
    for (i = 1; i < n; i++) {
        if (strcmp(labels[sorted[i]], labels[first]) != 0)
            first = sorted[i];
        else if (sorted[i] < dup_i) {
            dup_i = sorted[i];
            dup_j = first;
        }
    }
    /* share_i = (w_i / max) / sum_j (w_j / max): the scaled sum lies in
     * [1, n], so it never overflows even for weights near DBL_MAX. Summed
     * in label order, so that the shares, and the portrait matches made
     * from them, do not depend on the order the labels were given in. */
    for (i = 0; i < n; i++)
        sum += weights[sorted[i]] / wmax;
    kol__free(ctx, idx);
    if (dup_i < n)
        return kol__fail(ctx, KOL_STATUS_DUPLICATE,
                         "record %r: portrait %s: label %q is given "
                         "twice (positions %z and %z)",
                         rec_label(rec), dname, labels[dup_i], dup_j, dup_i);
    np.n = 0;
    np.labels = (char **)kol__calloc_array(ctx, n, sizeof(char *));
    np.shares = (double *)kol__alloc_array(ctx, n, sizeof(double));
    if (np.labels == NULL || np.shares == NULL)
        goto nomem;
    for (i = 0; i < n; i++) {
        np.labels[i] = kol__strndup(ctx, labels[i], strlen(labels[i]));
        if (np.labels[i] == NULL)
            goto nomem;
        np.n = i + 1;
        np.shares[i] = (weights[i] / wmax) / sum + 0.0; /* -0 as 0 */
    }
    portrait_clear(ctx, &rec->portrait[dimension]);
    rec->portrait[dimension] = np;
    return KOL_STATUS_OK;
nomem:
    portrait_clear(ctx, &np);
    return kol__fail(ctx, KOL_STATUS_NOMEM,
                     "kol_record_set_portrait: record %r: portrait %s: out "
                     "of memory storing %z categories",
                     rec_label(rec), dname, n);
}

KOL_API size_t kol_record_portrait_size(const kol_record *rec, int dimension)
{
    if (rec == NULL || dimension < 0 || dimension >= KOL__DIMENSION_N)
        return 0;
    return rec->portrait[dimension].n;
}

KOL_API kol_status kol_record_portrait_at(const kol_record *rec,
                                          int dimension, size_t index,
                                          const char **label, double *share)
{
    const struct kol__portrait *p;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (dimension < 0 || dimension >= KOL__DIMENSION_N)
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown portrait dimension code %d",
                         rec_label(rec), dimension);
    p = &rec->portrait[dimension];
    if (index >= p->n)
        return kol__fail(rec->ctx, KOL_STATUS_NOT_FOUND,
                         "record %r: portrait %s: index %z is out of range "
                         "(%z categories)",
                         rec_label(rec), dimension_names[dimension], index,
                         p->n);
    if (label != NULL)
        *label = p->labels[index];
    if (share != NULL)
        *share = p->shares[index];
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_record_portrait_share(const kol_record *rec,
                                             int dimension, const char *label,
                                             double *share)
{
    const struct kol__portrait *p;
    size_t i;
    if (rec == NULL)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (label == NULL || share == NULL)
        return kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "record %r: kol_record_portrait_share: %s is NULL",
                         rec_label(rec), label == NULL ? "label" : "share");
    if (dimension < 0 || dimension >= KOL__DIMENSION_N)
        return kol__fail(rec->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "record %r: unknown portrait dimension code %d",
                         rec_label(rec), dimension);
    p = &rec->portrait[dimension];
    if (p->n == 0)
        return kol__fail(rec->ctx, KOL_STATUS_MISSING,
                         "record %r: portrait %s is not set", rec_label(rec),
                         dimension_names[dimension]);
    for (i = 0; i < p->n; i++) {
        if (strcmp(p->labels[i], label) == 0) {
            *share = p->shares[i];
            return KOL_STATUS_OK;
        }
    }
    return kol__fail(rec->ctx, KOL_STATUS_NOT_FOUND,
                     "record %r: portrait %s has no category %q",
                     rec_label(rec), dimension_names[dimension], label);
}
