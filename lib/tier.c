/* Tiering: follower ladders, cohort quantile tiers, KOC rule, lifecycle
 * stage. Formulas and sources: docs/model-value.md, "Tiering". */
#include "kol/tier.h"

#include <math.h>
#include <string.h>

#include "internal/base.h"
#include "internal/param.h"
#include "internal/record.h"
#include "internal/stats.h"

#define TIER_PARAM_N 8
#define TWO53 9007199254740992.0

struct ladder {
    char *platform;                         /* owned; lower-case ASCII */
    double t[KOL_TIER_MAX_THRESHOLDS];
};

#define N_PRESET 5 /* platforms with a preset ladder (scheme cn) */

struct kol_tiers {
    kol_ctx *ctx;
    int scheme;
    uint32_t levels;
    double generic[KOL_TIER_MAX_THRESHOLDS];
    /* the ladders of the scheme's preset platforms (cn_presets, in that
     * order), replaced in place by kol_tiers_set_ladder() */
    double preset[N_PRESET][KOL_TIER_MAX_THRESHOLDS];
    /* ladders of other platforms */
    size_t n_ladders;
    struct ladder ladders[KOL_TIER_MAX_LADDERS];
    double param[TIER_PARAM_N];
};

static const char *const cn_names[] = {"koc", "tail", "waist", "shoulder",
                                       "head"};
static const char *const intl_names[] = {"sub-nano", "nano", "micro",
                                         "mid",      "macro", "mega"};

/* Presets (docs/model-value.md, "Follower ladders"). */
struct preset {
    const char *platform;
    double t[4];
};
/* CN generic = short-video ladder of CaasData (卡思数据) 2020 for Douyin and
 * Kuaishou: tail from 100K, waist 300K, shoulder 1M, head 3M. */
static const double cn_generic[4] = {1e5, 3e5, 1e6, 3e6};
static const struct preset cn_presets[N_PRESET] = {
    {"douyin", {1e5, 3e5, 1e6, 3e6}},
    {"kuaishou", {1e5, 3e5, 1e6, 3e6}},
    {"xiaohongshu", {5e3, 5e4, 5e5, 1e6}},
    {"bilibili", {1e4, 1e5, 5e5, 1e6}},
    {"weibo", {1e5, 5e5, 1e6, 5e6}},
};
static const double intl_generic[5] = {1e3, 1e4, 5e4, 5e5, 1e6};

static const struct kol__param tier_params[TIER_PARAM_N] = {
    {"koc_max_followers", 1.0, TWO53, 10000.0, 0},
    {"koc_min_engagement", 0.0, 100.0, 0.03, 0},
    {"koc_min_real_ratio", 0.0, 1.0, 0.8, 0},
    {"koc_min_comment_depth", 0.0, 1000.0, 0.02, 0},
    {"stage_intro_days", 0.0, 36500.0, 180.0, 0},
    {"stage_influence_min", 0.0, TWO53, 10000.0, 0},
    {"stage_growth_rate", 0.0, 100.0, 0.05, 0},
    {"stage_fade_rate", -1.0, 0.0, -0.01, 0},
};

kol_status kol_tier_param_bounds(int param, double *min, double *max,
                                 double *default_value)
{
    return kol__param_bounds(tier_params, TIER_PARAM_N, param, min, max,
                             default_value);
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int same_platform(const char *a, const char *b)
{
    for (;; a++, b++) {
        if (lower_ascii(*a) != lower_ascii(*b))
            return 0;
        if (*a == '\0')
            return 1;
    }
}

/* Aliases map to the preset names. */
static const char *canonical_platform(const char *p)
{
    static const char *const alias[][2] = {
        {"xhs", "xiaohongshu"}, {"redbook", "xiaohongshu"},
        {"red", "xiaohongshu"}, {"tiktok_cn", "douyin"},
        {"bili", "bilibili"},   {"kwai", "kuaishou"},
    };
    size_t i;
    for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (same_platform(p, alias[i][0]))
            return alias[i][1];
    return p;
}

kol_status kol_tiers_new(kol_ctx *ctx, int scheme, kol_tiers **out)
{
    kol_tiers *t;
    size_t i;
    if (out)
        *out = NULL;
    if (!ctx || !out)
        return ctx ? kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                               "kol_tiers_new: out is NULL")
                   : KOL_STATUS_INVALID_ARGUMENT;
    if (scheme != KOL_TIER_SCHEME_CN && scheme != KOL_TIER_SCHEME_INTL)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_tiers_new: unknown scheme %d", scheme);
    t = kol__alloc(ctx, sizeof *t);
    if (!t)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_tiers_new");
    memset(t, 0, sizeof *t);
    t->ctx = ctx;
    t->scheme = scheme;
    if (scheme == KOL_TIER_SCHEME_CN) {
        t->levels = 5;
        memcpy(t->generic, cn_generic, sizeof cn_generic);
        for (i = 0; i < N_PRESET; i++)
            memcpy(t->preset[i], cn_presets[i].t, sizeof cn_presets[i].t);
    } else {
        t->levels = 6;
        memcpy(t->generic, intl_generic, sizeof intl_generic);
    }
    for (i = 0; i < TIER_PARAM_N; i++)
        t->param[i] = tier_params[i].def;
    *out = t;
    return KOL_STATUS_OK;
}

void kol_tiers_free(kol_tiers *tiers)
{
    size_t i;
    if (!tiers)
        return;
    for (i = 0; i < tiers->n_ladders; i++)
        kol__free(tiers->ctx, tiers->ladders[i].platform);
    kol__free(tiers->ctx, tiers);
}

kol_status kol_tiers_set_param(kol_tiers *tiers, int param, double value)
{
    kol_status st;
    if (!tiers)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_check(tiers->ctx, "kol_tiers_set_param", tier_params,
                          TIER_PARAM_N, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    tiers->param[param] = value;
    return KOL_STATUS_OK;
}

kol_status kol_tiers_get_param(const kol_tiers *tiers, int param, double *out)
{
    kol_status st;
    if (!tiers)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(tiers->ctx, "kol_tiers_get_param", "out",
                              TIER_PARAM_N, param, out);
    if (st != KOL_STATUS_OK)
        return st;
    *out = tiers->param[param];
    return KOL_STATUS_OK;
}

uint32_t kol_tiers_level_count(const kol_tiers *tiers)
{
    return tiers ? tiers->levels : 0u;
}

const char *kol_tiers_level_name(const kol_tiers *tiers, int level)
{
    if (!tiers || level < 0 || (uint32_t)level >= tiers->levels)
        return NULL;
    return tiers->scheme == KOL_TIER_SCHEME_CN ? cn_names[level]
                                               : intl_names[level];
}

/* Platforms with a preset ladder in the scheme: N_PRESET for cn, none for
 * intl. */
static size_t preset_count(const kol_tiers *t)
{
    return t->scheme == KOL_TIER_SCHEME_CN ? N_PRESET : 0;
}

/* Index of a platform (canonical name) among the scheme's presets, or -1. */
static int preset_of(const kol_tiers *t, const char *canon)
{
    size_t i;
    for (i = 0; i < preset_count(t); i++)
        if (same_platform(cn_presets[i].platform, canon))
            return (int)i;
    return -1;
}

/* The ladder for a platform: its preset (as replaced), else its own, else
 * the generic one. */
static const double *find_ladder(const kol_tiers *t, const char *platform)
{
    size_t i;
    int p;
    const char *canon;
    if (!platform)
        return t->generic;
    canon = canonical_platform(platform);
    if ((p = preset_of(t, canon)) >= 0)
        return t->preset[p];
    for (i = 0; i < t->n_ladders; i++)
        if (same_platform(t->ladders[i].platform, canon))
            return t->ladders[i].t;
    return t->generic;
}

kol_status kol_tiers_set_ladder(kol_tiers *tiers, const char *platform,
                                const double *thresholds, size_t n)
{
    size_t i, len = 0, need;
    int p;
    const char *why;
    const char *canon = NULL;
    struct ladder *slot = NULL;
    char *copy = NULL;
    if (!tiers)
        return KOL_STATUS_INVALID_ARGUMENT;
    need = (size_t)tiers->levels - 1;
    if (!thresholds)
        return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tiers_set_ladder: thresholds is NULL");
    if (n != need)
        return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tiers_set_ladder: %z thresholds given, the "
                         "scheme needs %z",
                         n, need);
    for (i = 0; i < n; i++) {
        double v = thresholds[i];
        if (!isfinite(v))
            return kol__fail(tiers->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_tiers_set_ladder: threshold %z = %g is "
                             "not finite",
                             i, v);
        if (v <= 0.0 || v > TWO53)
            return kol__fail(tiers->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_tiers_set_ladder: threshold %z = %g "
                             "outside (0, 2^53]",
                             i, v);
        if (i > 0 && !(v > thresholds[i - 1]))
            return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_tiers_set_ladder: threshold %z = %g not "
                             "above threshold %z = %g",
                             i, v, i - 1, thresholds[i - 1]);
    }
    if (platform) {
        why = kol__check_text(platform, KOL_TEXT_MAX_BYTES, &len);
        if (why)
            return kol__fail(tiers->ctx, KOL_STATUS_BAD_TEXT,
                             "kol_tiers_set_ladder: platform %q: %s",
                             platform, why);
        canon = canonical_platform(platform);
        if ((p = preset_of(tiers, canon)) >= 0) {
            /* a preset platform: its ladder is replaced in place */
            memcpy(tiers->preset[p], thresholds, n * sizeof *thresholds);
            return KOL_STATUS_OK;
        }
        for (i = 0; i < tiers->n_ladders; i++)
            if (same_platform(tiers->ladders[i].platform, canon))
                slot = &tiers->ladders[i];
        if (!slot) {
            if (tiers->n_ladders >= KOL_TIER_MAX_LADDERS)
                return kol__fail(tiers->ctx, KOL_STATUS_TOO_LARGE,
                                 "kol_tiers_set_ladder: more than %u "
                                 "ladders of platforms without a preset",
                                 (unsigned)KOL_TIER_MAX_LADDERS);
            len = strlen(canon);
            copy = kol__strndup(tiers->ctx, canon, len);
            if (!copy)
                return kol__nomem_in(tiers->ctx, KOL_STATUS_NOMEM,
                                     "kol_tiers_set_ladder");
            for (i = 0; i < len; i++)
                copy[i] = lower_ascii(copy[i]);
            slot = &tiers->ladders[tiers->n_ladders++];
            slot->platform = copy;
        }
        memcpy(slot->t, thresholds, n * sizeof *thresholds);
    } else {
        memcpy(tiers->generic, thresholds, n * sizeof *thresholds);
    }
    return KOL_STATUS_OK;
}

kol_status kol_tiers_ladder(const kol_tiers *tiers, const char *platform,
                            double *thresholds, size_t cap)
{
    size_t need;
    if (!tiers)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!thresholds)
        return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tiers_ladder: thresholds is NULL");
    need = (size_t)tiers->levels - 1;
    if (cap < need)
        return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tiers_ladder: room for %z thresholds, %z needed",
                         cap, need);
    memcpy(thresholds, find_ladder(tiers, platform), need * sizeof(double));
    return KOL_STATUS_OK;
}

size_t kol_tiers_platform_count(const kol_tiers *tiers)
{
    return tiers ? preset_count(tiers) + tiers->n_ladders : 0;
}

const char *kol_tiers_platform(const kol_tiers *tiers, size_t index)
{
    size_t np;
    if (!tiers)
        return NULL;
    np = preset_count(tiers);
    if (index < np)
        return cn_presets[index].platform;
    index -= np;
    return index < tiers->n_ladders ? tiers->ladders[index].platform : NULL;
}

static int32_t level_of(const double *ladder, uint32_t levels, double f)
{
    int32_t lv = 0;
    uint32_t i;
    for (i = 0; i + 1 < levels; i++)
        if (f >= ladder[i])
            lv = (int32_t)(i + 1);
    return lv;
}

kol_status kol_tiers_classify(const kol_tiers *tiers, const kol_record *rec,
                              int32_t *level)
{
    if (!tiers || !rec || !level)
        return tiers ? kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                 "kol_tiers_classify: %s is NULL",
                                 !rec ? "rec" : "level")
                     : KOL_STATUS_INVALID_ARGUMENT;
    if (!kol__has(rec, KOL_METRIC_FOLLOWERS))
        return kol__fail(tiers->ctx, KOL_STATUS_MISSING,
                         "kol_tiers_classify: record %r has no followers",
                         rec->text[KOL_TEXT_ID]);
    *level = level_of(find_ladder(tiers, rec->text[KOL_TEXT_PLATFORM]),
                      tiers->levels, rec->metrics[KOL_METRIC_FOLLOWERS]);
    return KOL_STATUS_OK;
}

kol_status kol_tiers_classify_followers(const kol_tiers *tiers,
                                        const char *platform,
                                        const double *followers, size_t n,
                                        int32_t *levels)
{
    size_t i;
    const double *ladder;
    if (!tiers)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n > 0 && (!followers || !levels))
        return kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tiers_classify_followers: %s is NULL",
                         !followers ? "followers" : "levels");
    for (i = 0; i < n; i++) {
        double f = followers[i];
        if (isnan(f))
            continue;
        if (isinf(f))
            return kol__fail(tiers->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_tiers_classify_followers: followers[%z] = "
                             "%g",
                             i, f);
        if (f < 0.0)
            return kol__fail(tiers->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_tiers_classify_followers: followers[%z] = "
                             "%g is negative",
                             i, f);
    }
    ladder = find_ladder(tiers, platform);
    for (i = 0; i < n; i++)
        levels[i] = isnan(followers[i])
                        ? -1
                        : level_of(ladder, tiers->levels, followers[i]);
    return KOL_STATUS_OK;
}

/* Sum of the per-post engagement counts present: likes, comments, shares,
 * saves. Returns 0 when none is present. */
static int engagements(const struct kol_record *r, double *out)
{
    static const int m[4] = {KOL_METRIC_AVG_LIKES, KOL_METRIC_AVG_COMMENTS,
                             KOL_METRIC_AVG_SHARES, KOL_METRIC_AVG_SAVES};
    double s = 0.0;
    int any = 0, i;
    for (i = 0; i < 4; i++)
        if (kol__has(r, m[i])) {
            s += r->metrics[m[i]];
            any = 1;
        }
    *out = s;
    return any;
}

kol_status kol_tiers_koc(const kol_tiers *tiers, const kol_record *rec,
                         int32_t *verdict)
{
    int unknown = 0;
    double e, f;
    const double *p;
    if (!tiers || !rec || !verdict)
        return tiers ? kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                 "kol_tiers_koc: %s is NULL",
                                 !rec ? "rec" : "verdict")
                     : KOL_STATUS_INVALID_ARGUMENT;
    p = tiers->param;
    /* 1. small */
    if (!kol__has(rec, KOL_METRIC_FOLLOWERS)) {
        unknown = 1;
    } else {
        f = rec->metrics[KOL_METRIC_FOLLOWERS];
        if (!(f < p[KOL_TIER_PARAM_KOC_MAX_FOLLOWERS])) {
            *verdict = KOL_KOC_NO;
            return KOL_STATUS_OK;
        }
        /* 2. engaged: engagements per post / followers; with no
         * followers there is no engagement rate to meet the bar, whether
         * the engagements are known or not */
        if (f <= 0.0) {
            *verdict = KOL_KOC_NO;
            return KOL_STATUS_OK;
        }
        if (!engagements(rec, &e)) {
            unknown = 1;
        } else if (!kol__has(rec, KOL_METRIC_AVG_LIKES)) {
            /* likes, the bulk of the engagements, unknown: the terms
             * present are a lower bound of E, which can show the bar met
             * but never missed (comments alone would read as a rate far
             * below any account's) */
            if (!(e / f >= p[KOL_TIER_PARAM_KOC_MIN_ENGAGEMENT]))
                unknown = 1;
        } else if (e / f < p[KOL_TIER_PARAM_KOC_MIN_ENGAGEMENT]) {
            *verdict = KOL_KOC_NO;
            return KOL_STATUS_OK;
        }
    }
    /* 3. authentic */
    if (!kol__has(rec, KOL_METRIC_REAL_FOLLOWER_RATIO))
        unknown = 1;
    else if (rec->metrics[KOL_METRIC_REAL_FOLLOWER_RATIO] <
             p[KOL_TIER_PARAM_KOC_MIN_REAL_RATIO]) {
        *verdict = KOL_KOC_NO;
        return KOL_STATUS_OK;
    }
    /* 4. consumer-like: comments per like */
    if (!kol__has(rec, KOL_METRIC_AVG_COMMENTS) ||
        !kol__has(rec, KOL_METRIC_AVG_LIKES) ||
        rec->metrics[KOL_METRIC_AVG_LIKES] <= 0.0)
        unknown = 1;
    else if (rec->metrics[KOL_METRIC_AVG_COMMENTS] /
                 rec->metrics[KOL_METRIC_AVG_LIKES] <
             p[KOL_TIER_PARAM_KOC_MIN_COMMENT_DEPTH]) {
        *verdict = KOL_KOC_NO;
        return KOL_STATUS_OK;
    }
    *verdict = unknown ? KOL_KOC_UNKNOWN : KOL_KOC_YES;
    return KOL_STATUS_OK;
}

kol_status kol_tiers_stage(const kol_tiers *tiers, const kol_record *rec,
                           int32_t *stage)
{
    double f, g, base;
    const double *p;
    int has_age, has_p30;
    double age = 0.0, p30 = 0.0;
    if (!tiers || !rec || !stage)
        return tiers ? kol__fail(tiers->ctx, KOL_STATUS_INVALID_ARGUMENT,
                                 "kol_tiers_stage: %s is NULL",
                                 !rec ? "rec" : "stage")
                     : KOL_STATUS_INVALID_ARGUMENT;
    p = tiers->param;
    if (!kol__has(rec, KOL_METRIC_FOLLOWERS) ||
        !kol__has(rec, KOL_METRIC_FOLLOWER_GROWTH_30D)) {
        *stage = KOL_STAGE_UNKNOWN;
        return KOL_STATUS_OK;
    }
    f = rec->metrics[KOL_METRIC_FOLLOWERS];
    g = rec->metrics[KOL_METRIC_FOLLOWER_GROWTH_30D];
    base = f - g;
    if (base < 1.0)
        base = 1.0;
    g = g / base;
    has_age = kol__has(rec, KOL_METRIC_ACCOUNT_AGE_DAYS);
    if (has_age)
        age = rec->metrics[KOL_METRIC_ACCOUNT_AGE_DAYS];
    has_p30 = kol__has(rec, KOL_METRIC_POSTS_30D);
    if (has_p30)
        p30 = rec->metrics[KOL_METRIC_POSTS_30D];
    if (g <= p[KOL_TIER_PARAM_STAGE_FADE_RATE] ||
        (has_p30 && p30 == 0.0 && has_age &&
         age >= p[KOL_TIER_PARAM_STAGE_INTRO_DAYS]))
        *stage = KOL_STAGE_FADING;
    else if (has_age && age < p[KOL_TIER_PARAM_STAGE_INTRO_DAYS])
        *stage = KOL_STAGE_INTRODUCED;
    else if (g >= p[KOL_TIER_PARAM_STAGE_GROWTH_RATE])
        *stage = KOL_STAGE_GROWING;
    else if (f < p[KOL_TIER_PARAM_STAGE_INFLUENCE_MIN])
        *stage = KOL_STAGE_INTRODUCED;
    else
        *stage = KOL_STAGE_MATURE;
    return KOL_STATUS_OK;
}

const char *kol_stage_name(int stage)
{
    static const char *const names[] = {"unknown", "introduced", "growing",
                                        "mature", "fading"};
    if (stage < 0 || stage > 4)
        return NULL;
    return names[stage];
}

const char *kol_koc_name(int verdict)
{
    static const char *const names[] = {"no", "yes", "unknown"};
    if (verdict < 0 || verdict > 2)
        return NULL;
    return names[verdict];
}

kol_status kol_tier_by_quantiles(kol_ctx *ctx, const double *scores, size_t n,
                                 const double *probs, size_t n_probs,
                                 int32_t *levels)
{
    double *sorted;
    double cut[KOL_TIER_MAX_THRESHOLDS];
    size_t i, j;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    /* an empty cohort is EMPTY whatever its pointers (NULL is the usual
     * pointer of a 0-length array) */
    if (n == 0)
        return kol__fail(ctx, KOL_STATUS_EMPTY,
                         "kol_tier_by_quantiles: empty cohort");
    if (!scores || !probs || !levels)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tier_by_quantiles: %s is NULL",
                         !scores ? "scores" : !probs ? "probs" : "levels");
    if (n_probs == 0)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_tier_by_quantiles: no cut point given, 1 to "
                         "%u accepted",
                         (unsigned)KOL_TIER_MAX_THRESHOLDS);
    if (n_probs > KOL_TIER_MAX_THRESHOLDS)
        return kol__fail(ctx, KOL_STATUS_TOO_LARGE,
                         "kol_tier_by_quantiles: %z cut points, 1 to %u "
                         "accepted",
                         n_probs, (unsigned)KOL_TIER_MAX_THRESHOLDS);
    for (j = 0; j < n_probs; j++) {
        if (!isfinite(probs[j]))
            return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                             "kol_tier_by_quantiles: probs[%z] = %g", j,
                             probs[j]);
        if (!(probs[j] > 0.0 && probs[j] < 1.0))
            return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_tier_by_quantiles: probs[%z] = %g outside "
                             "(0, 1)",
                             j, probs[j]);
        if (j > 0 && !(probs[j] > probs[j - 1]))
            return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_tier_by_quantiles: probs[%z] = %g not above "
                             "probs[%z]",
                             j, probs[j], j - 1);
    }
    for (i = 0; i < n; i++)
        if (!isfinite(scores[i]))
            return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                             "kol_tier_by_quantiles: scores[%z] = %g", i,
                             scores[i]);
    sorted = kol__alloc_array(ctx, n, sizeof *sorted);
    if (!sorted)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_tier_by_quantiles");
    memcpy(sorted, scores, n * sizeof *sorted);
    kol__sort(sorted, n);
    for (j = 0; j < n_probs; j++)
        cut[j] = kol__quantile_sorted(sorted, n, probs[j]);
    kol__free(ctx, sorted);
    for (i = 0; i < n; i++) {
        int32_t lv = 0;
        for (j = 0; j < n_probs; j++)
            if (scores[i] >= cut[j])
                lv = (int32_t)(j + 1);
        levels[i] = lv;
    }
    return KOL_STATUS_OK;
}
