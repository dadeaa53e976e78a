/* Engagement sanity (include/kol/sanity.h; rules and sources in
 * docs/model-traffic.md, "Engagement sanity"). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "kol/sanity.h"
#include "internal/base.h"
#include "internal/param.h"
#include "internal/record.h"
#include "internal/stats.h"

#define MAX_COUNT 9007199254740992.0 /* 2^53 */
#define MAX_WINDOW 365

static const char *const reasons[] = {
    "nothing implausible",
    "engagement far too low for its size: inactive or bought followers",
    "engagement far too high for its size: bought likes or comments, or "
    "an engagement pod",
    "likes far above views: bought likes",
    "likes with almost no comments: bought likes",
    "comments far above likes: bought or pod comments",
    "views far below followers: inactive or bought followers",
    "follows far more accounts than follow it: follow-for-follow growth",
    "follower growth far above the usual daily growth: bought followers",
    "followers lost far beyond the usual: a purge of fake followers or a "
    "mass unfollow",
};

/* Average Instagram engagement rate per follower tier, HypeAuditor
 * benchmark of about 37,000 accounts (2018), see docs/model-traffic.md. */
static const double default_bench[KOL_SIZE_BAND_COUNT] = {
    0.1058, 0.0426, 0.0228, 0.0162, 0.0155, 0.0154};
static const double band_floor[KOL_SIZE_BAND_COUNT] = {
    0, 1000, 5000, 20000, 100000, 1000000};

static const struct kol__param params[KOL_SANITY_PARAM_COUNT] = {
    {"engagement_z", 1, 20, 2.5, 0},
    {"engagement_spread", 0.05, 5, 0.8, 0},
    {"like_view_max", 0.01, 10, 0.5, 0},
    {"comment_like_min", 0, 1, 0.002, 0},
    {"comment_like_max", 0.01, 100, 0.5, 0},
    {"view_follower_min", 0, 1, 0.01, 0},
    {"following_ratio_max", 0.1, 1000, 2, 0},
    {"spike_z", 1, 100, 5, 0},
    {"spike_window", 3, MAX_WINDOW, 14, 1},
    {"spike_min_abs", 0, 1e15, 50, 0},
    {"spike_min_rel", 0, 1, 0.01, 0},
    {"spike_min_history", 2, MAX_WINDOW, 7, 1},
};

struct kol_sanity {
    kol_ctx *ctx;
    double p[KOL_SANITY_PARAM_COUNT];
    double bench[KOL_SIZE_BAND_COUNT];
};

KOL_API const char *kol_sanity_reason(int verdict)
{
    if (verdict < 0 || verdict > KOL_SANITY_FOLLOWER_DROP)
        return NULL;
    return reasons[verdict];
}

KOL_API int32_t kol_size_band_of(double followers)
{
    int32_t b;
    if (!(followers >= 0 && followers <= DBL_MAX)) /* NaN, negative, inf */
        return KOL_SIZE_SMALL;
    for (b = KOL_SIZE_BAND_COUNT - 1; b > 0; b--)
        if (followers >= band_floor[b])
            return b;
    return KOL_SIZE_SMALL;
}

KOL_API kol_status kol_sanity_param_bounds(int param, double *min,
                                           double *max,
                                           double *default_value)
{
    return kol__param_bounds(params, KOL_SANITY_PARAM_COUNT, param, min, max,
                             default_value);
}

KOL_API kol_status kol_sanity_new(kol_ctx *ctx, kol_sanity **out)
{
    kol_sanity *s;
    int i;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sanity_new: out is NULL");
    s = kol__alloc(ctx, sizeof *s);
    if (!s)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_sanity_new");
    s->ctx = ctx;
    for (i = 0; i < KOL_SANITY_PARAM_COUNT; i++)
        s->p[i] = params[i].def;
    for (i = 0; i < KOL_SIZE_BAND_COUNT; i++)
        s->bench[i] = default_bench[i];
    *out = s;
    return KOL_STATUS_OK;
}

KOL_API void kol_sanity_free(kol_sanity *s)
{
    if (s)
        kol__free(s->ctx, s);
}

KOL_API kol_status kol_sanity_set_param(kol_sanity *s, int param,
                                        double value)
{
    kol_status st;
    if (!s)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_check(s->ctx, "kol_sanity_set_param", params,
                          KOL_SANITY_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    /* the comments-per-like range: a minimum above the maximum would judge
     * every account from 100 likes up implausible, one way or the other */
    if (param == KOL_SANITY_PARAM_COMMENT_LIKE_MIN &&
        value > s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX])
        return kol__fail(s->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "kol_sanity_set_param: comment_like_min = %g is "
                         "above comment_like_max = %g (raise the maximum "
                         "first)",
                         value, s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX]);
    if (param == KOL_SANITY_PARAM_COMMENT_LIKE_MAX &&
        value < s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MIN])
        return kol__fail(s->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "kol_sanity_set_param: comment_like_max = %g is "
                         "below comment_like_min = %g (lower the minimum "
                         "first)",
                         value, s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MIN]);
    s->p[param] = value;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_sanity_get_param(const kol_sanity *s, int param,
                                        double *value)
{
    kol_status st;
    if (!s)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(s->ctx, "kol_sanity_get_param", "value",
                              KOL_SANITY_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    *value = s->p[param];
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_sanity_set_benchmark(kol_sanity *s, int band,
                                            double median_rate)
{
    if (!s)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (band < 0 || band >= KOL_SIZE_BAND_COUNT)
        return kol__fail(s->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_sanity_set_benchmark: unknown size band %d",
                         band);
    if (!isfinite(median_rate))
        return kol__fail(s->ctx, KOL_STATUS_NOT_FINITE,
                         "kol_sanity_set_benchmark: band %d: rate %g is not "
                         "finite",
                         band, median_rate);
    if (median_rate < 1e-6 || median_rate > 10)
        return kol__fail(s->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "kol_sanity_set_benchmark: band %d: rate %g outside "
                         "[1e-06, 10]",
                         band, median_rate);
    s->bench[band] = median_rate;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_sanity_benchmark(const kol_sanity *s, int band,
                                        double *median_rate)
{
    if (!s)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!median_rate)
        return kol__fail(s->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sanity_benchmark: median_rate is NULL");
    if (band < 0 || band >= KOL_SIZE_BAND_COUNT)
        return kol__fail(s->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_sanity_benchmark: unknown size band %d", band);
    *median_rate = s->bench[band];
    return KOL_STATUS_OK;
}

struct findings {
    int32_t *v;
    double *obs, *exp_;
    size_t cap, n;
};

/* A ratio as reported: a count divided by a tiny one (a denormal follower
 * count, say) overflows to infinity, which never escapes; the largest
 * double stands for it. */
static double capped(double ratio)
{
    return ratio <= DBL_MAX ? ratio : DBL_MAX;
}

static void add(struct findings *f, int32_t code, double obs, double ex)
{
    if (f->n < f->cap) {
        f->v[f->n] = code; /* not NULL: capacity > 0 */
        if (f->obs)
            f->obs[f->n] = obs;
        if (f->exp_)
            f->exp_[f->n] = ex;
    }
    f->n++;
}

KOL_API kol_status kol_sanity_check(const kol_sanity *s,
                                    const kol_record *rec, int32_t *verdicts,
                                    double *observed, double *expected,
                                    size_t capacity, size_t *count)
{
    struct findings f;
    int has_f, has_g, has_v, has_l, has_c, checks = 0;
    double fol, fing, views, likes, comm;
    if (!s)
        return rec ? kol__fail(rec->ctx, KOL_STATUS_INVALID_ARGUMENT,
                               "kol_sanity_check: the rule set is NULL")
                   : KOL_STATUS_INVALID_ARGUMENT;
    if (!rec || !count || (capacity > 0 && !verdicts))
        return kol__fail(s->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sanity_check: %s is NULL",
                         !rec ? "record" : (!count ? "count" : "verdicts"));
    f.v = verdicts;
    f.obs = observed;
    f.exp_ = expected;
    f.cap = capacity;
    f.n = 0;
    has_f = kol__has(rec, KOL_METRIC_FOLLOWERS);
    has_g = kol__has(rec, KOL_METRIC_FOLLOWING);
    has_v = kol__has(rec, KOL_METRIC_AVG_VIEWS);
    has_l = kol__has(rec, KOL_METRIC_AVG_LIKES);
    has_c = kol__has(rec, KOL_METRIC_AVG_COMMENTS);
    fol = rec->metrics[KOL_METRIC_FOLLOWERS];
    fing = rec->metrics[KOL_METRIC_FOLLOWING];
    views = rec->metrics[KOL_METRIC_AVG_VIEWS];
    likes = rec->metrics[KOL_METRIC_AVG_LIKES];
    comm = rec->metrics[KOL_METRIC_AVG_COMMENTS];

    /* 1, 2: engagement rate against the size band: needs the likes (a
     * rate from comments alone would be far below any benchmark, a false
     * "too low"); the comments are added when present */
    if (has_f && fol > 0 && has_l) {
        double er = capped((likes + (has_c ? comm : 0)) / fol);
        double med = s->bench[kol_size_band_of(fol)];
        double lim = s->p[KOL_SANITY_PARAM_ENGAGEMENT_Z] *
                     s->p[KOL_SANITY_PARAM_ENGAGEMENT_SPREAD];
        double lz = er > 0 ? kol__log_pos(er / med) : -INFINITY;
        checks++;
        if (lz < -lim)
            add(&f, KOL_SANITY_ENGAGEMENT_TOO_LOW, er, med);
        else if (lz > lim)
            add(&f, KOL_SANITY_ENGAGEMENT_TOO_HIGH, er, med);
    }
    /* 3: likes against views */
    if (has_l && has_v) {
        checks++;
        if (views > 0 ? likes / views > s->p[KOL_SANITY_PARAM_LIKE_VIEW_MAX]
                      : likes > 0)
            add(&f, KOL_SANITY_LIKES_ABOVE_VIEWS,
                views > 0 ? capped(likes / views) : likes,
                s->p[KOL_SANITY_PARAM_LIKE_VIEW_MAX]);
    }
    /* 4, 5: comments against likes (judged from 100 likes up, where a
     * ratio of 0.002 means at least a fifth of a comment per post) */
    if (has_l && has_c) {
        checks++;
        if (likes >= 100) {
            double r = comm / likes;
            if (r < s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MIN])
                add(&f, KOL_SANITY_COMMENTS_TOO_FEW, r,
                    s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MIN]);
            else if (r > s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX])
                add(&f, KOL_SANITY_COMMENTS_TOO_MANY, r,
                    s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX]);
        } else if (comm >= 50 &&
                   comm > likes * s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX]) {
            /* below 100 likes only many comments are judged */
            add(&f, KOL_SANITY_COMMENTS_TOO_MANY,
                likes > 0 ? capped(comm / likes) : comm,
                s->p[KOL_SANITY_PARAM_COMMENT_LIKE_MAX]);
        }
    }
    /* 6: views against followers (from 1,000 followers up) */
    if (has_v && has_f && fol >= 1000) {
        double r = views / fol;
        checks++;
        if (r < s->p[KOL_SANITY_PARAM_VIEW_FOLLOWER_MIN])
            add(&f, KOL_SANITY_VIEWS_TOO_LOW, r,
                s->p[KOL_SANITY_PARAM_VIEW_FOLLOWER_MIN]);
    }
    /* 7: following against followers (from 100 following up) */
    if (has_g && has_f) {
        checks++;
        if (fing >= 100 &&
            fing > s->p[KOL_SANITY_PARAM_FOLLOWING_RATIO_MAX] *
                       (fol > 1 ? fol : 1))
            add(&f, KOL_SANITY_FOLLOWING_TOO_HIGH, fing / (fol > 1 ? fol : 1),
                s->p[KOL_SANITY_PARAM_FOLLOWING_RATIO_MAX]);
    }
    if (checks == 0)
        return kol__fail(s->ctx, KOL_STATUS_MISSING,
                         "kol_sanity_check: record %r: no check possible "
                         "(each rule needs metrics among followers, "
                         "following, avg_views, avg_likes and avg_comments "
                         "that are missing or zero, or, for views against "
                         "followers, at least 1,000 followers)",
                         rec->text[KOL_TEXT_ID]);
    *count = f.n;
    return KOL_STATUS_OK;
}

/* In-place insertion sort of a small array. */
static void sort_small(double *a, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        double x = a[i];
        j = i;
        while (j > 0 && a[j - 1] > x) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

static double median_sorted(const double *a, size_t n)
{
    return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

KOL_API kol_status kol_sanity_follower_spikes(const kol_sanity *s,
                                              const double *followers,
                                              size_t n, int32_t *verdicts,
                                              double *z, size_t *spikes)
{
    size_t i, w, need, found = 0;
    double *hist, *buf;
    size_t hn = 0, hpos = 0;
    double kz, min_abs, min_rel;
    if (!s)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n > 0 && (!followers || !verdicts))
        return kol__fail(s->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_sanity_follower_spikes: %s is NULL",
                         !followers ? "followers" : "verdicts");
    for (i = 0; i < n; i++) {
        double x = followers[i];
        if (isnan(x))
            continue;
        if (isinf(x))
            return kol__fail(s->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_sanity_follower_spikes: day %z: count %g "
                             "is not finite",
                             i, x);
        if (x < 0 || x > MAX_COUNT)
            return kol__fail(s->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_sanity_follower_spikes: day %z: count %g "
                             "outside [0, 2^53]",
                             i, x);
    }
    w = (size_t)s->p[KOL_SANITY_PARAM_SPIKE_WINDOW];
    need = (size_t)s->p[KOL_SANITY_PARAM_SPIKE_MIN_HISTORY];
    if (need > w)
        need = w;
    kz = s->p[KOL_SANITY_PARAM_SPIKE_Z];
    min_abs = s->p[KOL_SANITY_PARAM_SPIKE_MIN_ABS];
    min_rel = s->p[KOL_SANITY_PARAM_SPIKE_MIN_REL];
    hist = kol__alloc_array(s->ctx, 2 * w, sizeof *hist);
    if (!hist)
        return kol__fail(s->ctx, KOL_STATUS_NOMEM,
                         "kol_sanity_follower_spikes: out of memory for "
                         "the baseline window of %z growths",
                         w);
    buf = hist + w;
    for (i = 0; i < n; i++) {
        double g, med = 0, mad, scale = 1, zz = 0;
        int32_t code = KOL_SANITY_NONE;
        size_t k;
        if (i == 0 || isnan(followers[i]) || isnan(followers[i - 1])) {
            verdicts[i] = KOL_SANITY_NONE;
            if (z)
                z[i] = 0;
            continue;
        }
        g = followers[i] - followers[i - 1];
        if (hn >= need) {
            double excess, floor_;
            memcpy(buf, hist, hn * sizeof *buf);
            sort_small(buf, hn);
            med = median_sorted(buf, hn);
            for (k = 0; k < hn; k++)
                buf[k] = fabs(buf[k] - med);
            sort_small(buf, hn);
            mad = median_sorted(buf, hn);
            /* scale: 1.4826 MAD, at least the Poisson-like sqrt of the
             * usual growth and 1 follower */
            scale = 1.4826 * mad;
            floor_ = sqrt(fabs(med) + 1.0);
            if (scale < floor_)
                scale = floor_;
            zz = (g - med) / scale;
            excess = min_rel * followers[i - 1];
            if (excess < min_abs)
                excess = min_abs;
            if (zz >= kz && g - med >= excess)
                code = KOL_SANITY_FOLLOWER_SPIKE;
            else if (zz <= -kz && med - g >= excess)
                code = KOL_SANITY_FOLLOWER_DROP;
        }
        verdicts[i] = code;
        if (z)
            z[i] = zz;
        if (code != KOL_SANITY_NONE) {
            /* a flagged day enters the baseline clipped at the threshold,
             * so that a lasting change of pace is learned slowly */
            found++;
            g = code == KOL_SANITY_FOLLOWER_SPIKE ? med + kz * scale
                                                  : med - kz * scale;
        }
        hist[hpos] = g;
        hpos = (hpos + 1) % w;
        if (hn < w)
            hn++;
    }
    kol__free(s->ctx, hist);
    if (spikes)
        *spikes = found;
    return KOL_STATUS_OK;
}
