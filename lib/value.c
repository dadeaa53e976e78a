/* The KOL value model. Every formula, with its source, is in
 * docs/model-value.md; the comments here name the section. */
/* The block loops of this file are vectorized by GCC only when it may
 * evaluate both arms of a select, which -ftrapping-math (the default)
 * forbids, and when its cost model may version a loop for aliasing
 * ("cheap"; -O2 uses "very-cheap"). Ignoring floating-point traps changes
 * no result (no reassociation, no contraction, no reciprocal
 * approximations: unlike -ffast-math it keeps IEEE semantics); the
 * library never reads the exception flags. Set before the includes so
 * that the inline functions of stats.h get the same options. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math", "vect-cost-model=cheap")
#endif
#include "kol/value.h"

#include <math.h>
#include <string.h>

#include "internal/base.h"
#include "internal/param.h"
#include "internal/hash.h"
#include "internal/record.h"
#include "internal/stats.h"
#include "internal/value_math.h"

/* Wider vectors where the processor has them: GCC compiles the hot block
 * loops twice (AVX2 and baseline) and picks one when the library is
 * loaded (an ifunc, so x86-64 with glibc only). AVX2 and AVX-512
 * without FMA perform the same IEEE operations in the same order: the
 * results are bit-identical on every path. -DKOL_VALUE_NO_CLONES builds
 * the baseline path alone (to compare). Sanitizer builds take the
 * baseline path too: an ifunc resolver runs while the dynamic loader
 * relocates the library, before ThreadSanitizer's runtime is up, and
 * crashes there. */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define KOL_VALUE_SANITIZED 1
#endif
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&      \
    defined(__linux__) && defined(__GLIBC__) &&                            \
    !defined(KOL_VALUE_NO_CLONES) && !defined(KOL_VALUE_SANITIZED)
#define KOL_HOT __attribute__((target_clones("avx512f", "avx2", "default")))
#define KOL_VALUE_PERMUTE 1 /* look2() */
/* integer loops with 64-bit multiplications: AVX-512 DQ multiplies 64-bit
 * lanes in one instruction (avx512f alone takes three and some shifts) */
#define KOL_HOT_MUL64                                                      \
    __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define KOL_HOT
#define KOL_HOT_MUL64
#endif

#define NB 18                                  /* built-in sub-metrics */
#define MAXM (NB + KOL_VALUE_MAX_CUSTOM)
#define NPARAM 12
#define MAXB (KOL_VALUE_MAX_BAND_EDGES + 1)    /* follower bands */
#define NCOMP 3
#define TWO53 9007199254740992.0
#define BIG 1e300
#define PROGRESS_STEP 65536u
#define ISP(x) ((x) == (x))       /* present: not NaN */

struct mdef {
    const char *name;
    int comp;
    int norm;
    int shrink;
};

/* Sub-metric table: "Sub-metrics" in the model reference. */
static const struct mdef mdefs[NB] = {
    {"reach", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_COHORT, 0},
    {"avg_views", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_COHORT, 1},
    {"view_rate", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_BAND, 1},
    {"share_rate", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_BAND, 1},
    {"activity", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_COHORT, 0},
    {"growth", KOL_VALUE_COMPONENT_COMMUNICATION, KOL_VALUE_NORM_BAND, 0},
    {"er_view", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_BAND, 1},
    {"er_follower", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_BAND, 1},
    {"comment_depth", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_BAND, 1},
    {"authenticity", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_ABSOLUTE, 0},
    {"portrait_match", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_ABSOLUTE, 0},
    {"loyalty", KOL_VALUE_COMPONENT_FAN, KOL_VALUE_NORM_ABSOLUTE, 0},
    {"ctr", KOL_VALUE_COMPONENT_CONVERSION, KOL_VALUE_NORM_BAND, 0},
    {"cvr", KOL_VALUE_COMPONENT_CONVERSION, KOL_VALUE_NORM_COHORT, 0},
    {"rpm", KOL_VALUE_COMPONENT_CONVERSION, KOL_VALUE_NORM_COHORT, 0},
    {"roi", KOL_VALUE_COMPONENT_CONVERSION, KOL_VALUE_NORM_COHORT, 0},
    {"cost_effectiveness", KOL_VALUE_COMPONENT_CONVERSION,
     KOL_VALUE_NORM_COHORT, 1},
    {"credit", KOL_VALUE_COMPONENT_CONVERSION, KOL_VALUE_NORM_ABSOLUTE, 0},
};

/* Default sub-metric weights (the same under every goal). */
static const double default_w[NB] = {
    0.25, 0.25, 0.15, 0.15, 0.10, 0.10, /* communication */
    0.25, 0.25, 0.15, 0.15, 0.10, 0.10, /* fan */
    0.15, 0.15, 0.15, 0.20, 0.20, 0.15  /* conversion */
};

/* Component weights of the goal presets. */
static const double goal_w[4][NCOMP] = {
    {1.0, 1.0, 1.0},    /* balanced */
    {0.60, 0.25, 0.15}, /* acquisition */
    {0.15, 0.70, 0.15}, /* activation */
    {0.10, 0.25, 0.65}, /* conversion */
};

static const double default_edges[5] = {1e3, 1e4, 5e4, 5e5, 1e6};

static const struct kol__param vparams[NPARAM] = {
    {"weight_communication", 0.0, 1e6, 1.0, 0},
    {"weight_fan", 0.0, 1e6, 1.0, 0},
    {"weight_conversion", 0.0, 1e6, 1.0, 0},
    {"band_prior_n", 0.0, 1e9, 20.0, 0},
    {"post_log_sd", 0.01, 10.0, 1.5, 0},
    {"tau_floor", 0.0, 1.0, 0.1, 0},
    {"rate_epsilon", 1e-12, 1.0, 1e-6, 0},
    {"dim_weight_gender", 0.0, 1e6, 1.0, 0},
    {"dim_weight_age", 0.0, 1e6, 1.0, 0},
    {"dim_weight_region", 0.0, 1e6, 1.0, 0},
    {"dim_weight_interest", 0.0, 1e6, 1.0, 0},
    {"reference_sample", 0.0, 1e9, 16384.0, 0},
};

struct custom {
    char *name;
    kol_value_metric_fn fn;
    void *user;
};

struct target_dim {
    size_t n;
    char **labels;
    double *shares;
};

/* Reference statistics of one sub-metric ("Normalization"). Index nb of the
 * band arrays is "no band" (record without followers): cohort values. */
struct mref {
    int present;
    double loc[MAXB + 1], sc[MAXB + 1];       /* normalization, blended */
    double prior[MAXB + 1], tau2[MAXB + 1];   /* shrinkage */
};

struct ref {
    uint32_t nb;
    struct mref m[MAXM];
};

/* The work area of scoring passes, kept by the model between calls so that
 * repeated batches neither allocate nor fault pages in. */
struct blockws;

struct wcache {
    size_t rows;
    size_t cells;         /* feat holds this many values */
    double *feat, *vpost, *a, *b, *t;
    uint8_t *band;
    uint64_t *key;
    uint32_t *hist;       /* KOL__HIST_WORDS: the selections' histogram */
    struct blockws *blk;  /* block work area of the columnar passes */
    size_t *idx;          /* sampled row indices, idx_cap entries */
    uint64_t *skey;       /* their content keys, idx_cap entries */
    size_t idx_cap;
    double *samp;         /* the sampled rows' input columns, samp_cap */
    size_t samp_cap;      /* values */
};

struct kol_value_model {
    kol_ctx *ctx;
    /* the call whose host callback (custom metric, progress) is running,
     * or NULL: calls that would change the model are refused meanwhile */
    const char *busy;
    struct wcache wc;
    double param[NPARAM];
    double w[MAXM];
    int32_t norm[MAXM];
    int32_t comp[MAXM];
    size_t n_custom;
    struct custom custom[KOL_VALUE_MAX_CUSTOM];
    size_t n_edges;
    double edges[KOL_VALUE_MAX_BAND_EDGES];
    struct target_dim target[KOL__DIMENSION_N];
    struct ref *ref;
    char id[48];
};

struct kol_value_result {
    kol_ctx *ctx;
    size_t n;
    uint32_t m;
    double *out;      /* n x KOL_VALUE_OUT_COUNT */
    double *contrib;  /* n x m */
    size_t *order;    /* ranking */
};

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

static void update_id(kol_value_model *mo)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = 0x6b6f6c76616c7565u; /* "kolvalue" */
    size_t i, d, k;
    h = kol__hash_bytes(mo->param, sizeof mo->param, h);
    h = kol__hash_bytes(mo->w, sizeof mo->w, h);
    h = kol__hash_bytes(mo->norm, sizeof mo->norm, h);
    h = kol__hash_bytes(mo->comp, sizeof mo->comp, h);
    h = kol__hash_bytes(mo->edges, mo->n_edges * sizeof(double), h ^ 1u);
    for (i = 0; i < mo->n_custom; i++)
        h = kol__hash_bytes(mo->custom[i].name, strlen(mo->custom[i].name) + 1,
                            h);
    for (d = 0; d < KOL__DIMENSION_N; d++) {
        h = kol__hash_bytes(&mo->target[d].n, sizeof(size_t), h + d);
        for (k = 0; k < mo->target[d].n; k++) {
            h = kol__hash_bytes(mo->target[d].labels[k],
                                strlen(mo->target[d].labels[k]) + 1, h);
            h = kol__hash_bytes(&mo->target[d].shares[k], sizeof(double), h);
        }
    }
    if (mo->ref)
        h = kol__hash_bytes(mo->ref, sizeof *mo->ref, h ^ 2u);
    memcpy(mo->id, "kol-value/5:", 12);
    for (i = 0; i < 16; i++)
        mo->id[12 + i] = hex[(h >> (60 - 4 * i)) & 15u];
    mo->id[28] = '\0';
}

static void apply_goal(kol_value_model *mo, int goal)
{
    size_t m;
    for (m = 0; m < NB; m++) {
        mo->w[m] = default_w[m];
        mo->norm[m] = mdefs[m].norm;
        mo->comp[m] = mdefs[m].comp;
    }
    mo->param[KOL_VALUE_PARAM_WEIGHT_COMMUNICATION] = goal_w[goal][0];
    mo->param[KOL_VALUE_PARAM_WEIGHT_FAN] = goal_w[goal][1];
    mo->param[KOL_VALUE_PARAM_WEIGHT_CONVERSION] = goal_w[goal][2];
}

kol_status kol_value_param_bounds(int param, double *min, double *max,
                                  double *default_value)
{
    return kol__param_bounds(vparams, NPARAM, param, min, max,
                             default_value);
}

const char *kol_value_metric_name(int metric)
{
    if (metric < 0 || metric >= NB)
        return NULL;
    return mdefs[metric].name;
}

kol_status kol_value_model_new(kol_ctx *ctx, int goal, kol_value_model **out)
{
    kol_value_model *mo;
    size_t i;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_new: out is NULL");
    if (goal < 0 || goal > KOL_VALUE_GOAL_CONVERSION)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_new: unknown goal %d", goal);
    mo = kol__alloc(ctx, sizeof *mo);
    if (!mo)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_value_model_new");
    memset(mo, 0, sizeof *mo);
    mo->ctx = ctx;
    for (i = 0; i < NPARAM; i++)
        mo->param[i] = vparams[i].def;
    apply_goal(mo, goal);
    mo->n_edges = 5;
    memcpy(mo->edges, default_edges, sizeof default_edges);
    update_id(mo);
    *out = mo;
    return KOL_STATUS_OK;
}

static void free_target(kol_ctx *ctx, struct target_dim *t)
{
    size_t k;
    for (k = 0; k < t->n; k++)
        kol__free(ctx, t->labels[k]);
    kol__free(ctx, t->labels);
    kol__free(ctx, t->shares);
    t->n = 0;
    t->labels = NULL;
    t->shares = NULL;
}

/* Free the row arrays of a work area (get_work()), not its histogram. */
static void free_rows(kol_ctx *ctx, struct wcache *c)
{
    kol__free(ctx, c->feat);
    kol__free(ctx, c->vpost);
    kol__free(ctx, c->a);
    kol__free(ctx, c->b);
    kol__free(ctx, c->t);
    kol__free(ctx, c->band);
    kol__free(ctx, c->key);
}

/* Free the work area of the reference passes (get_work()). */
static void free_work(kol_value_model *mo)
{
    struct wcache *c = &mo->wc;
    free_rows(mo->ctx, c);
    kol__free(mo->ctx, c->hist);
    c->feat = c->vpost = c->a = c->b = c->t = NULL;
    c->band = NULL;
    c->key = NULL;
    c->hist = NULL;
    c->rows = 0;
    c->cells = 0;
}

void kol_value_model_free(kol_value_model *mo)
{
    size_t i;
    kol_ctx *ctx;
    if (!mo)
        return;
    ctx = mo->ctx;
    for (i = 0; i < mo->n_custom; i++)
        kol__free(ctx, mo->custom[i].name);
    for (i = 0; i < KOL__DIMENSION_N; i++)
        free_target(ctx, &mo->target[i]);
    kol__free(ctx, mo->ref);
    free_work(mo);
    kol__free(ctx, mo->wc.blk);
    kol__free(ctx, mo->wc.idx);
    kol__free(ctx, mo->wc.skey);
    kol__free(ctx, mo->wc.samp);
    kol__free(ctx, mo);
}

const char *kol_value_model_id(const kol_value_model *mo)
{
    return mo ? mo->id : "";
}

kol_status kol_value_model_set_goal(kol_value_model *mo, int goal)
{
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_goal", mo->busy);
    if (goal < 0 || goal > KOL_VALUE_GOAL_CONVERSION)
        return kol__fail(mo->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_set_goal: unknown goal %d", goal);
    apply_goal(mo, goal);
    update_id(mo);
    return KOL_STATUS_OK;
}

/* Smallest positive weight of a sub-metric or a portrait dimension: the
 * score factors divide by sums of weights (100 / p_c, "Weights, goals,
 * missing metrics, contributions"; the portrait match's sum of w_d), and
 * a subnormal sum overflows them to inf or rounds them to nonsense. */
#define MIN_WEIGHT 1e-300

/* The rule of MIN_WEIGHT for the weight `what` given to fn. */
static kol_status check_floor(kol_ctx *ctx, const char *fn, const char *what,
                              double weight)
{
    if (weight > 0.0 && weight < MIN_WEIGHT)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: %s = %g is neither 0 nor at least 1e-300", fn,
                         what, weight);
    return KOL_STATUS_OK;
}

/* The parameters a stored reference's statistics are computed with: the
 * band prior weight, the shrinkage (post_log_sd, tau_floor), the offset
 * of the rates, the sample size, and the dimension weights of the
 * portrait match (whose statistics are kept like every sub-metric's,
 * for a later band or cohort normalization). */
static int enters_reference(int param)
{
    return (param >= KOL_VALUE_PARAM_DIM_WEIGHT_GENDER &&
            param <= KOL_VALUE_PARAM_DIM_WEIGHT_INTEREST) ||
           param == KOL_VALUE_PARAM_BAND_PRIOR_N ||
           param == KOL_VALUE_PARAM_POST_LOG_SD ||
           param == KOL_VALUE_PARAM_TAU_FLOOR ||
           param == KOL_VALUE_PARAM_RATE_EPSILON ||
           param == KOL_VALUE_PARAM_REFERENCE_SAMPLE;
}

kol_status kol_value_model_set_param(kol_value_model *mo, int param,
                                     double value)
{
    kol_status st;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_param", mo->busy);
    st = kol__param_check(mo->ctx, "kol_value_model_set_param", vparams,
                          NPARAM, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    if (param >= KOL_VALUE_PARAM_DIM_WEIGHT_GENDER &&
        param <= KOL_VALUE_PARAM_DIM_WEIGHT_INTEREST &&
        (st = check_floor(mo->ctx, "kol_value_model_set_param",
                          vparams[param].name, value)) != KOL_STATUS_OK)
        return st;
    if (mo->ref && enters_reference(param) && value != mo->param[param])
        return kol__fail(mo->ctx, KOL_STATUS_BAD_STATE,
                         "kol_value_model_set_param: %s enters the stored "
                         "reference's statistics; clear it "
                         "(kol_value_model_set_reference with NULL), set it, "
                         "then store the reference again",
                         vparams[param].name);
    mo->param[param] = value + 0.0; /* -0 stored as 0: the id hashes bits */
    update_id(mo);
    return KOL_STATUS_OK;
}

kol_status kol_value_model_get_param(const kol_value_model *mo, int param,
                                     double *out)
{
    kol_status st;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(mo->ctx, "kol_value_model_get_param", "out",
                              NPARAM, param, out);
    if (st != KOL_STATUS_OK)
        return st;
    *out = mo->param[param];
    return KOL_STATUS_OK;
}

uint32_t kol_value_model_metric_count(const kol_value_model *mo)
{
    return mo ? (uint32_t)(NB + mo->n_custom) : 0u;
}

const char *kol_value_model_metric_name(const kol_value_model *mo, int metric)
{
    if (!mo || metric < 0 || (size_t)metric >= NB + mo->n_custom)
        return NULL;
    if (metric < NB)
        return mdefs[metric].name;
    return mo->custom[metric - NB].name;
}

static kol_status check_weight(kol_ctx *ctx, const char *fn, double weight,
                               int norm)
{
    if (!isfinite(weight))
        return kol__fail(ctx, KOL_STATUS_NOT_FINITE, "%s: weight %g", fn,
                         weight);
    if (weight < 0.0 || weight > 1e6)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: weight %g outside [0, 1e6]", fn, weight);
    if (check_floor(ctx, fn, "weight", weight) != KOL_STATUS_OK)
        return KOL_STATUS_OUT_OF_RANGE;
    if (norm < 0 || norm > KOL_VALUE_NORM_ABSOLUTE)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "%s: unknown normalization %d", fn, norm);
    return KOL_STATUS_OK;
}

kol_status kol_value_model_set_metric(kol_value_model *mo, int metric,
                                      double weight, int norm)
{
    kol_status st;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_metric", mo->busy);
    if (metric < 0 || (size_t)metric >= NB + mo->n_custom)
        return kol__fail(mo->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_set_metric: unknown sub-metric %d",
                         metric);
    st = check_weight(mo->ctx, "kol_value_model_set_metric", weight, norm);
    if (st != KOL_STATUS_OK)
        return st;
    mo->w[metric] = weight + 0.0; /* -0 as 0 (the id) */
    mo->norm[metric] = norm;
    update_id(mo);
    return KOL_STATUS_OK;
}

kol_status kol_value_model_get_metric(const kol_value_model *mo, int metric,
                                      double *weight, int32_t *norm,
                                      int32_t *component)
{
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (metric < 0 || (size_t)metric >= NB + mo->n_custom)
        return kol__fail(mo->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_get_metric: unknown sub-metric %d",
                         metric);
    if (weight)
        *weight = mo->w[metric];
    if (norm)
        *norm = mo->norm[metric];
    if (component)
        *component = mo->comp[metric];
    return KOL_STATUS_OK;
}

kol_status kol_value_model_add_metric(kol_value_model *mo, const char *name,
                                      int component, double weight, int norm,
                                      kol_value_metric_fn fn, void *user,
                                      int32_t *code)
{
    const char *why;
    size_t len, i, m;
    char *copy;
    kol_status st;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_add_metric", mo->busy);
    if (!name || !fn)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_add_metric: %s is NULL",
                         name ? "fn" : "name");
    why = kol__check_text(name, KOL_TEXT_MAX_BYTES, &len);
    if (why)
        return kol__fail(mo->ctx, KOL_STATUS_BAD_TEXT,
                         "kol_value_model_add_metric: name %q: %s", name, why);
    if (component < 0 || component >= NCOMP)
        return kol__fail(mo->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_add_metric: %q: unknown component "
                         "%d",
                         name, component);
    st = check_weight(mo->ctx, "kol_value_model_add_metric", weight, norm);
    if (st != KOL_STATUS_OK)
        return st;
    for (i = 0; i < NB + mo->n_custom; i++)
        if (strcmp(kol_value_model_metric_name(mo, (int)i), name) == 0)
            return kol__fail(mo->ctx, KOL_STATUS_DUPLICATE,
                             "kol_value_model_add_metric: sub-metric %q "
                             "already exists (code %z)",
                             name, i);
    if (mo->n_custom >= KOL_VALUE_MAX_CUSTOM)
        return kol__fail(mo->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_value_model_add_metric: more than %u custom "
                         "sub-metrics",
                         (unsigned)KOL_VALUE_MAX_CUSTOM);
    copy = kol__strndup(mo->ctx, name, len);
    if (!copy)
        return kol__nomem_in(mo->ctx, KOL_STATUS_NOMEM,
                             "kol_value_model_add_metric");
    m = NB + mo->n_custom;
    mo->custom[mo->n_custom].name = copy;
    mo->custom[mo->n_custom].fn = fn;
    mo->custom[mo->n_custom].user = user;
    mo->n_custom++;
    mo->w[m] = weight + 0.0; /* -0 as 0 (the id) */
    mo->norm[m] = norm;
    mo->comp[m] = component;
    /* A stored reference knows nothing of the new metric. */
    if (mo->ref)
        mo->ref->m[m].present = 0;
    update_id(mo);
    if (code)
        *code = (int32_t)m;
    return KOL_STATUS_OK;
}

kol_status kol_value_model_set_bands(kol_value_model *mo, const double *edges,
                                     size_t n)
{
    size_t i;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_bands", mo->busy);
    if (!edges)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_set_bands: edges is NULL");
    if (n == 0)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_set_bands: no edge given, 1 to %u "
                         "accepted",
                         (unsigned)KOL_VALUE_MAX_BAND_EDGES);
    if (n > KOL_VALUE_MAX_BAND_EDGES)
        return kol__fail(mo->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_value_model_set_bands: %z edges, 1 to %u "
                         "accepted",
                         n, (unsigned)KOL_VALUE_MAX_BAND_EDGES);
    for (i = 0; i < n; i++) {
        if (!isfinite(edges[i]))
            return kol__fail(mo->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_value_model_set_bands: edge %z = %g", i,
                             edges[i]);
        if (edges[i] <= 0.0 || edges[i] > TWO53)
            return kol__fail(mo->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_value_model_set_bands: edge %z = %g outside "
                             "(0, 2^53]",
                             i, edges[i]);
        if (i > 0 && !(edges[i] > edges[i - 1]))
            return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_value_model_set_bands: edge %z = %g not "
                             "above edge %z = %g",
                             i, edges[i], i - 1, edges[i - 1]);
    }
    /* The stored statistics are by band: new edges would leave them
     * describing other bands. */
    if (mo->ref && (n != mo->n_edges ||
                    memcmp(edges, mo->edges, n * sizeof *edges) != 0))
        return kol__fail(mo->ctx, KOL_STATUS_BAD_STATE,
                         "kol_value_model_set_bands: the stored reference's "
                         "statistics are by the current bands; clear it "
                         "(kol_value_model_set_reference with NULL), set "
                         "the bands, then store it again");
    memcpy(mo->edges, edges, n * sizeof *edges);
    mo->n_edges = n;
    update_id(mo);
    return KOL_STATUS_OK;
}

/* Whether two canonical targets (labels sorted, shares normalized) are the
 * same: the same labels with bit-identical shares. */
static int same_target(const struct target_dim *a, const struct target_dim *b)
{
    size_t i;
    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (strcmp(a->labels[i], b->labels[i]) != 0 ||
            memcmp(&a->shares[i], &b->shares[i], sizeof a->shares[i]) != 0)
            return 0;
    return 1;
}

/* The portrait match enters the stored reference's statistics like every
 * sub-metric, so the target it is measured against stays while the
 * reference is stored (as the bands and the parameters of
 * enters_reference() do). */
static kol_status target_stored_reference(kol_ctx *ctx)
{
    return kol__fail(ctx, KOL_STATUS_BAD_STATE,
                     "kol_value_model_set_target: the stored reference's "
                     "portrait-match statistics are against the current "
                     "target; clear it (kol_value_model_set_reference with "
                     "NULL), set the target, then store it again");
}

kol_status kol_value_model_set_target(kol_value_model *mo, int dimension,
                                      const char *const *labels,
                                      const double *weights, size_t n)
{
    struct target_dim t;
    size_t i, j, len;
    double sum = 0.0, wmax = 0.0;
    const char *why;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_target", mo->busy);
    if (dimension < 0 || dimension >= KOL__DIMENSION_N)
        return kol__fail(mo->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_model_set_target: unknown dimension %d",
                         dimension);
    if (n == 0) {
        if (mo->ref && mo->target[dimension].n > 0)
            return target_stored_reference(mo->ctx);
        free_target(mo->ctx, &mo->target[dimension]);
        update_id(mo);
        return KOL_STATUS_OK;
    }
    if (!labels || !weights)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_set_target: NULL array with n = %z",
                         n);
    if (n > KOL_PORTRAIT_MAX_CATEGORIES)
        return kol__fail(mo->ctx, KOL_STATUS_TOO_LARGE,
                         "kol_value_model_set_target: %z categories, at most "
                         "%u",
                         n, (unsigned)KOL_PORTRAIT_MAX_CATEGORIES);
    for (i = 0; i < n; i++) {
        if (!isfinite(weights[i]))
            return kol__fail(mo->ctx, KOL_STATUS_NOT_FINITE,
                             "kol_value_model_set_target: weight %z = %g", i,
                             weights[i]);
        if (weights[i] < 0.0)
            return kol__fail(mo->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "kol_value_model_set_target: weight %z = %g is "
                             "negative",
                             i, weights[i]);
        if (!labels[i])
            return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_value_model_set_target: label %z is NULL",
                             i);
        why = kol__check_text(labels[i], KOL_TEXT_MAX_BYTES, &len);
        if (why)
            return kol__fail(mo->ctx, KOL_STATUS_BAD_TEXT,
                             "kol_value_model_set_target: label %z %q: %s", i,
                             labels[i], why);
        for (j = 0; j < i; j++)
            if (strcmp(labels[i], labels[j]) == 0)
                return kol__fail(mo->ctx, KOL_STATUS_DUPLICATE,
                                 "kol_value_model_set_target: label %q at %z "
                                 "and %z",
                                 labels[i], j, i);
        if (weights[i] > wmax)
            wmax = weights[i];
    }
    if (!(wmax > 0.0))
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_set_target: all %z weights are 0; "
                         "need a positive sum",
                         n);
    t.n = n;
    t.labels = kol__calloc_array(mo->ctx, n, sizeof *t.labels);
    t.shares = kol__alloc_array(mo->ctx, n, sizeof *t.shares);
    if (!t.labels || !t.shares) {
        kol__free(mo->ctx, t.labels);
        kol__free(mo->ctx, t.shares);
        return kol__nomem_in(mo->ctx, KOL_STATUS_NOMEM,
                             "kol_value_model_set_target");
    }
    /* Stored in canonical order, sorted by the labels' bytes (they are
     * distinct), whatever the caller's order: the shares' normalization,
     * the portrait match's sums and the model identifier then depend on the
     * set of (label, weight) pairs only. Insertion sort: n is at most
     * KOL_PORTRAIT_MAX_CATEGORIES. */
    for (i = 0; i < n; i++) {
        char *lab = kol__strndup(mo->ctx, labels[i], strlen(labels[i]));
        if (!lab) {
            free_target(mo->ctx, &t);
            return kol__nomem_in(mo->ctx, KOL_STATUS_NOMEM,
                                 "kol_value_model_set_target");
        }
        for (j = i; j > 0 && strcmp(t.labels[j - 1], lab) > 0; j--) {
            t.labels[j] = t.labels[j - 1];
            t.shares[j] = t.shares[j - 1];
        }
        t.labels[j] = lab;
        t.shares[j] = weights[i] / wmax;
    }
    /* share = (w / max) / sum of (w / max), as kol_record_set_portrait()
     * does: the scaled sum lies in [1, n], so weights near DBL_MAX do not
     * overflow it. Summed in label order; + 0.0 makes a weight of -0.0 a
     * share of +0.0, so that it hashes like 0 in the identifier. */
    for (i = 0; i < n; i++)
        sum += t.shares[i];
    for (i = 0; i < n; i++)
        t.shares[i] = t.shares[i] / sum + 0.0;
    if (mo->ref && !same_target(&t, &mo->target[dimension])) {
        free_target(mo->ctx, &t);
        return target_stored_reference(mo->ctx);
    }
    free_target(mo->ctx, &mo->target[dimension]);
    mo->target[dimension] = t;
    update_id(mo);
    return KOL_STATUS_OK;
}

/* Histogram intersection of one dimension ("Portrait match"). */
static double intersection(const struct kol__portrait *p,
                           const struct target_dim *q)
{
    double s = 0.0;
    size_t i, j;
    for (j = 0; j < q->n; j++)
        for (i = 0; i < p->n; i++)
            if (strcmp(p->labels[i], q->labels[j]) == 0) {
                s += p->shares[i] < q->shares[j] ? p->shares[i]
                                                 : q->shares[j];
                break;
            }
    /* cov: rounding guard. Both distributions sum to 1, so the sum of the
     * minima is at most 1 in exact arithmetic; rounded, it can exceed 1 by
     * an ulp for some share vectors, which the tests' portraits (summed in
     * label order since targets are stored sorted) no longer produce. */
    return s > 1.0 ? 1.0 : s;
}

static int portrait_match(const kol_value_model *mo,
                          const struct kol_record *r, double *out)
{
    double num = 0.0, den = 0.0;
    int d, any = 0;
    for (d = 0; d < KOL__DIMENSION_N; d++) {
        double w = mo->param[KOL_VALUE_PARAM_DIM_WEIGHT_GENDER + d];
        if (mo->target[d].n == 0 || r->portrait[d].n == 0 || !(w > 0.0))
            continue;
        num += w * intersection(&r->portrait[d], &mo->target[d]);
        den += w;
        any = 1;
    }
    if (!any)
        return 0;
    /* at most 1: each w * s <= w (s <= 1, rounding is monotone), so
     * num <= den */
    *out = num / den;
    return 1;
}

kol_status kol_value_portrait_match(const kol_value_model *mo,
                                    const kol_record *rec, double *out)
{
    if (!mo || !rec || !out)
        return mo ? kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                              "kol_value_portrait_match: %s is NULL",
                              !rec ? "rec" : "out")
                  : KOL_STATUS_INVALID_ARGUMENT;
    if (!portrait_match(mo, rec, out))
        return kol__fail(mo->ctx, KOL_STATUS_MISSING,
                         "kol_value_portrait_match: record %r shares no "
                         "portrait dimension with the target",
                         rec->text[KOL_TEXT_ID]);
    return KOL_STATUS_OK;
}

int kol_value_model_has_reference(const kol_value_model *mo)
{
    return mo && mo->ref ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Features                                                            */
/* ------------------------------------------------------------------ */

/* The work area of one scoring pass (pointers into the model's cache). */
struct work {
    size_t n;
    uint32_t nm;        /* sub-metrics */
    double *feat;       /* nm x n, column-major; NaN = missing */
    double *vpost;      /* n: sampling variance of a per-post mean, log */
    uint8_t *band;      /* n: 0 .. nb-1, nb = no follower count */
    uint64_t *key;      /* n: content key of the row (reference sample) */
    double *a, *b, *t;  /* n each: scratch for the statistics */
    uint32_t *hist;     /* KOL__HIST_WORDS: scratch for the statistics */
    size_t at[MAXM];    /* sub-metric m's column: feat + at[m] */
};

/* Point wk at a cache of at least n rows and nm columns of features
 * (sub-metric m in column m), growing it all or nothing. */
static kol_status get_work(kol_value_model *mo, size_t n, uint32_t nm,
                           struct work *wk)
{
    struct wcache *c = &mo->wc;
    size_t rows = n; /* n >= 1: a reference pass has at least one row */
    size_t cells = (size_t)nm * n; /* (at most 50 x 1e8) */
    uint32_t m;
    if (c->rows < rows || c->cells < cells) {
        struct wcache g;
        g.rows = rows > c->rows ? rows : c->rows;
        g.cells = cells > c->cells ? cells : c->cells;
        g.feat = kol__alloc_array(mo->ctx, g.cells, sizeof(double));
        g.vpost = kol__alloc_array(mo->ctx, g.rows, sizeof(double));
        g.a = kol__alloc_array(mo->ctx, g.rows, sizeof(double));
        g.b = kol__alloc_array(mo->ctx, g.rows, sizeof(double));
        g.t = kol__alloc_array(mo->ctx, g.rows, sizeof(double));
        g.band = kol__alloc_array(mo->ctx, g.rows, sizeof(uint8_t));
        g.key = kol__alloc_array(mo->ctx, g.rows, sizeof(uint64_t));
        /* (fixed size: made with the first rows, then kept) */
        g.hist = c->hist ? c->hist
                         : kol__alloc_array(mo->ctx, KOL__HIST_WORDS,
                                            sizeof(uint32_t));
        if (!g.feat || !g.vpost || !g.a || !g.b || !g.t || !g.band ||
            !g.key || !g.hist) {
            free_rows(mo->ctx, &g);
            if (g.hist != c->hist)
                kol__free(mo->ctx, g.hist);
            return KOL_STATUS_NOMEM;
        }
        free_rows(mo->ctx, c);
        g.blk = c->blk;
        g.idx = c->idx;
        g.skey = c->skey;
        g.idx_cap = c->idx_cap;
        g.samp = c->samp;
        g.samp_cap = c->samp_cap;
        *c = g;
    }
    wk->n = n;
    wk->nm = nm;
    for (m = 0; m < nm; m++)
        wk->at[m] = (size_t)m * n;
    wk->feat = c->feat;
    wk->vpost = c->vpost;
    wk->band = c->band;
    wk->key = c->key;
    wk->a = c->a;
    wk->t = c->t;
    wk->b = c->b;
    wk->hist = c->hist;
    return KOL_STATUS_OK;
}

/* Content key of a row ("Reference sample"): a 64-bit mix of the bits of
 * followers, avg_views, avg_likes, avg_comments, posts and price (NaN and
 * -0 made canonical), so that the sample depends on the rows' contents and
 * never on their order. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Whether some value of col[0..n) is outside [lo, hi] (lo, hi finite, so
 * an infinity is outside; NaN, a missing value, is not). */
KOL_HOT static int any_outside(const double *col, size_t n, double lo,
                               double hi)
{
    size_t i;
    uint64_t bad = 0;
    for (i = 0; i < n; i++)
        bad |= (uint64_t)((col[i] < lo) | (col[i] > hi));
    return bad != 0;
}

/* The sample of the reference pass ("Reference sample"), planned before
 * the columns are read in full: which rows (idx, in row order, with their
 * keys), and, gathered while the columns are validated, their input
 * columns in samp (slot s at samp + s * ns). */
struct plan {
    int sampled;
    size_t ns;                /* rows in the sample (n when not sampled) */
    const size_t *idx;        /* NULL when not sampled */
    const uint64_t *skey;
    double *samp;
    size_t cnt[MAXB + 2];     /* rows by band */
    size_t insample[MAXB + 2];
    size_t incohort;          /* rows in the cohort's sample */
    uint64_t thr[MAXB + 1];
};

/* Input slot of column code c (metric code, IN_PM, IN_PM + 1 + k), or -1
 * for a code the model does not read. */
#define IN_PM_SLOT KOL__METRIC_N
static int slot_of(const kol_value_model *mo, size_t c)
{
    if (c < KOL__METRIC_N)
        return (int)c;
    if (c == KOL_VALUE_COLUMN_PORTRAIT_MATCH)
        return IN_PM_SLOT;
    if (c >= KOL_VALUE_COLUMN_CUSTOM_BASE &&
        c - KOL_VALUE_COLUMN_CUSTOM_BASE < mo->n_custom)
        return IN_PM_SLOT + 1 + (int)(c - KOL_VALUE_COLUMN_CUSTOM_BASE);
    return -1;
}

/* Rows validated (and gathered) at a time: a chunk of a column stays in
 * the cache between the check and the gather. */
#define VCHUNK 4096

/* The values custom sub-metric k may take: [0, 1] under absolute
 * normalization, else [-1e300, 1e300]. */
static void custom_domain(const kol_value_model *mo, size_t k, double *lo,
                          double *hi)
{
    if (mo->norm[NB + k] == KOL_VALUE_NORM_ABSOLUTE) {
        *lo = 0.0;
        *hi = 1.0;
    } else {
        *lo = -BIG;
        *hi = BIG;
    }
}

/* Validate every present value of every column used; when pl is given and
 * sampled, copy the sampled rows of each column read into pl->samp. */
static kol_status validate_columns(const kol_value_model *mo,
                                   const double *const *cols, size_t ncols,
                                   size_t n, const struct plan *pl,
                                   const char *fn)
{
    size_t c, i;
    const int gather = pl && pl->sampled;
    for (c = 0; c < ncols; c++) {
        double lo, hi;
        const char *name;
        const double *col = cols[c];
        int slot = slot_of(mo, c), bad = 0;
        if (!col || slot < 0)
            continue; /* absent, or a column this model does not read */
        if (c < KOL__METRIC_N) {
            kol_metric_bounds((int)c, &lo, &hi);
            name = kol_metric_name((int)c);
        } else if (c == KOL_VALUE_COLUMN_PORTRAIT_MATCH) {
            lo = 0.0;
            hi = 1.0;
            name = "portrait_match";
        } else {
            size_t k = c - KOL_VALUE_COLUMN_CUSTOM_BASE;
            name = mo->custom[k].name;
            custom_domain(mo, k, &lo, &hi);
        }
        if (gather) {
            double *dst = pl->samp + (size_t)slot * pl->ns;
            const size_t *idx = pl->idx;
            size_t c0, k = 0;
            for (c0 = 0; c0 < n; c0 += VCHUNK) {
                size_t end = n - c0 < VCHUNK ? n : c0 + VCHUNK;
                bad |= any_outside(col + c0, end - c0, lo, hi);
                for (; k < pl->ns && idx[k] < end; k++)
                    dst[k] = col[idx[k]];
            }
        } else {
            bad = any_outside(col, n, lo, hi);
        }
        if (!bad)
            continue; /* the common case, checked without branches */
        /* cov: the loop always returns: any_outside() found a value that
         * the same comparisons refuse below (its exit is never taken) */
        for (i = 0; i < n; i++) {
            double v = col[i];
            if (isnan(v))
                continue;
            if (isinf(v))
                return kol__fail(mo->ctx, KOL_STATUS_NOT_FINITE,
                                 "%s: column %z (%s) row %z = %g", fn, c,
                                 name, i, v);
            if (v < lo || v > hi)
                return kol__fail(mo->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "%s: column %z (%s) row %z = %g outside "
                                 "[%g, %g]",
                                 fn, c, name, i, v, lo, hi);
        }
    }
    /* (cooperations has the lower code: present when disputes is) */
    if (KOL_METRIC_DISPUTES < ncols && cols[KOL_METRIC_DISPUTES] &&
        cols[KOL_METRIC_COOPERATIONS])
        for (i = 0; i < n; i++) {
            double d = cols[KOL_METRIC_DISPUTES][i];
            double c2 = cols[KOL_METRIC_COOPERATIONS][i];
            if (d > c2) /* false when either is NaN */
                return kol__fail(mo->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "%s: row %z: disputes %g above "
                                 "cooperations %g",
                                 fn, i, d, c2);
        }
    return KOL_STATUS_OK;
}

/* Follower bands of f[0..len) (len <= BLK; f NULL: no follower count):
 * the number of edges at or below the count, or n_edges + 1 ("no band")
 * when the count is missing. */
KOL_HOT static void block_bands(const double *restrict f, size_t len,
                                const double *edges, size_t n_edges,
                                uint8_t *restrict band)
{
    size_t i, j;
    if (!f) {
        memset(band, (int)(n_edges + 1), len);
        return;
    }
    for (i = 0; i < len; i++)
        band[i] = 0;
    for (j = 0; j < n_edges; j++) {
        const double e = edges[j];
        for (i = 0; i < len; i++)
            band[i] = (uint8_t)(band[i] + (f[i] >= e));
    }
    for (i = 0; i < len; i++)
        band[i] = ISP(f[i]) ? band[i] : (uint8_t)(n_edges + 1);
}

/* What every row computation needs, fixed for one call. */
struct fctx {
    const kol_value_model *mo;
    const double *const *cols;
    size_t ncols;
    double eps, cv;
    uint32_t nm;
    int all;      /* building a stored reference: every metric */
    int use[MAXM];
    const double *kcol[6]; /* the columns of the row key, NULL if absent */
};

/* all: the call builds a reference to store, which keeps the statistics
 * of every metric, whatever its weight and norm now, so that later
 * weights, norms and goals find them ("Normalization"). */
static void fctx_init(struct fctx *fc, const kol_value_model *mo,
                      const double *const *cols, size_t ncols, int all)
{
    const double sw = mo->param[KOL_VALUE_PARAM_POST_LOG_SD];
    uint32_t k;
    fc->mo = mo;
    fc->cols = cols;
    fc->ncols = ncols;
    fc->eps = mo->param[KOL_VALUE_PARAM_RATE_EPSILON];
    fc->cv = kol__expm1(sw * sw);
    fc->nm = (uint32_t)(NB + mo->n_custom);
    fc->all = all;
    {
        static const int kc[6] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_VIEWS,
                                  KOL_METRIC_AVG_LIKES,
                                  KOL_METRIC_AVG_COMMENTS, KOL_METRIC_POSTS,
                                  KOL_METRIC_PRICE};
        for (k = 0; k < 6; k++)
            fc->kcol[k] = (size_t)kc[k] < ncols ? cols[kc[k]] : NULL;
    }
    for (k = 0; k < fc->nm; k++) {
        double wc = mo->param[KOL_VALUE_PARAM_WEIGHT_COMMUNICATION +
                              mo->comp[k]];
        fc->use[k] = all || (mo->w[k] > 0.0 && wc > 0.0);
    }
}

/* Content keys of rows start .. start + len (len <= BLK), column by
 * column: a 64-bit mix of the bits of the six key columns (NaN and -0
 * made canonical), so that the sample depends on the rows' contents and
 * never on their order. nanb holds BLK NaN values (for absent key
 * columns). */
KOL_HOT_MUL64 static void block_keys(const struct fctx *fc, size_t start,
                               size_t len, const double *nanb,
                               uint64_t *restrict key)
{
    const double *restrict x[6];
    size_t i;
    int c;
    for (c = 0; c < 6; c++)
        x[c] = fc->kcol[c] ? fc->kcol[c] + start : nanb;
    /* row by row, the six columns together: their six streams from
     * memory advance side by side, which the prefetchers follow better
     * than a short run of each column in turn */
    for (i = 0; i < len; i++) {
        uint64_t k = UINT64_C(0x243F6A8885A308D3);
        for (c = 0; c < 6; c++) {
            double v = x[c][i];
            uint64_t u;
            memcpy(&u, &v, sizeof u);
            u = v == 0.0 ? 0u : u;
            u = v != v ? UINT64_C(0x7ff8000000000000) : u;
            k = mix64(k ^ u);
        }
        key[i] = k;
    }
}

/* ------------------------------------------------------------------ */
/* Features, block by block                                            */
/* ------------------------------------------------------------------ */

/* Rows are processed in blocks of BLK: every step is a loop of fixed
 * length over one column of the block, which the compiler vectorizes. A
 * short last block is padded with missing values. */
#define BLK 128
#define NIN (KOL__METRIC_N + 1 + KOL_VALUE_MAX_CUSTOM) /* input slots */
#define IN_PM KOL__METRIC_N                             /* portrait slot */

/* The block work area. Its per-slot rows (input copies, features,
 * normalized scores) are sized for the model's custom metrics when it is
 * made: 72 KB without custom metrics, against 167 KB for the most a model
 * can have. Under 128 KB, malloc serves it from its heap instead of a
 * fresh mapping whose pages fault in on first use. */
struct blockws {
    double (*in)[BLK];   /* gathered or padded input columns, nin rows */
    double (*feat)[BLK]; /* features (then shrunk), nm rows */
    double (*u)[BLK];    /* normalized scores, -1 = absent, nm rows */
    size_t n_custom;     /* custom metrics the rows have room for */
    double vpost[BLK], e[BLK], nanb[BLK];
    double pw[NCOMP][BLK], ps[NCOMP][BLK], conf[BLK];
    int64_t bidx[BLK];   /* band, as look_permute()'s index (perm only) */
    uint8_t band[BLK];
};

/* The context's progress callback, with the model marked busy meanwhile
 * (kol__busy). */
static kol_status model_progress(kol_value_model *mo, uint64_t done,
                                 uint64_t total, const char *fn)
{
    kol_status st;
    mo->busy = fn;
    st = kol__progress(mo->ctx, done, total, fn);
    mo->busy = NULL;
    return st;
}

/* The model's block work area, made (or remade larger, when custom
 * metrics were added since) on first use. On NOMEM the old one stays. */
static kol_status get_block(kol_value_model *mo, struct blockws **out)
{
    struct blockws *w = mo->wc.blk;
    if (!w || w->n_custom < mo->n_custom) {
        const size_t nin = IN_PM + 1 + mo->n_custom, nm = NB + mo->n_custom;
        size_t i;
        /* the rows follow the struct, whose size is a multiple of
         * sizeof(double) since it holds doubles */
        w = kol__alloc(mo->ctx,
                       sizeof *w + (nin + 2 * nm) * BLK * sizeof(double));
        if (!w)
            return KOL_STATUS_NOMEM;
        w->in = (double (*)[BLK])(void *)(w + 1);
        w->feat = w->in + nin;
        w->u = w->feat + nm;
        w->n_custom = mo->n_custom;
        for (i = 0; i < BLK; i++)
            w->nanb[i] = NAN;
        kol__free(mo->ctx, mo->wc.blk);
        mo->wc.blk = w;
    }
    *out = w;
    return KOL_STATUS_OK;
}

/* Input column of slot s (metric code, IN_PM, or IN_PM + 1 + k), or NULL
 * when absent. */
static const double *in_col(const double *const *cols, size_t ncols,
                            size_t s)
{
    size_t code = s < KOL__METRIC_N ? s
                  : s == IN_PM      ? (size_t)KOL_VALUE_COLUMN_PORTRAIT_MATCH
                                    : (size_t)KOL_VALUE_COLUMN_CUSTOM_BASE +
                                     (s - IN_PM - 1);
    return code < ncols ? cols[code] : NULL;
}

/* Point ip[s] at BLK values of each input slot for rows start .. start +
 * len: the column itself when len == BLK, else a copy padded with NaN. */
static void block_inputs(struct blockws *w, const double *const *cols,
                         size_t ncols, size_t nin, size_t start, size_t len,
                         const double **ip)
{
    size_t s, i;
    for (s = 0; s < NIN; s++) {
        const double *c = s < nin ? in_col(cols, ncols, s) : NULL;
        if (!c) {
            ip[s] = w->nanb;
        } else if (len == BLK) {
            ip[s] = c + start;
        } else {
            double *d = w->in[s];
            for (i = 0; i < len; i++)
                d[i] = c[start + i];
            for (; i < BLK; i++)
                d[i] = NAN;
            ip[s] = d;
        }
    }
}

static double safe_div(double a, double b)
{
    double r = a / b;
    return r > BIG ? BIG : r;
}

/* dst = ok ? ln(min(num / den, BIG) + eps) : NaN, over one block. */
#define LOGRATIO(dst, num, den, ok)                                     \
    do {                                                                \
        for (i = 0; i < BLK; i++) {                                     \
            int ok_ = (ok);                                             \
            double q_ = safe_div((num)[i], (den)[i]) + eps;             \
            double y_ = kol__vlog(ok_ ? q_ : 1.0);                      \
            (dst)[i] = ok_ ? y_ : NAN;                                  \
        }                                                               \
    } while (0)

/* Features of one block ("Sub-metrics"), from the input slots ip: w->feat,
 * w->vpost, w->band. */
KOL_HOT static void block_features(const struct fctx *fc, struct blockws *w,
                                   const double *const *ip)
{
    const double eps = fc->eps, cv = fc->cv;
    const double *restrict F = ip[KOL_METRIC_FOLLOWERS];
    const double *restrict V = ip[KOL_METRIC_AVG_VIEWS];
    const double *restrict L = ip[KOL_METRIC_AVG_LIKES];
    const double *restrict C = ip[KOL_METRIC_AVG_COMMENTS];
    const double *restrict S = ip[KOL_METRIC_AVG_SHARES];
    const double *restrict SV = ip[KOL_METRIC_AVG_SAVES];
    const double *restrict p30 = ip[KOL_METRIC_POSTS_30D];
    const double *restrict posts = ip[KOL_METRIC_POSTS];
    const double *restrict G = ip[KOL_METRIC_FOLLOWER_GROWTH_30D];
    const double *restrict price = ip[KOL_METRIC_PRICE];
    const double *restrict clk = ip[KOL_METRIC_CLICKS];
    const double *restrict ord = ip[KOL_METRIC_ORDERS];
    const double *restrict rev = ip[KOL_METRIC_REVENUE];
    const double *restrict hv = ip[KOL_METRIC_HIST_VIEWS];
    const double *restrict hc = ip[KOL_METRIC_HIST_COST];
    const double *restrict ot = ip[KOL_METRIC_ON_TIME_RATE];
    const double *restrict coop = ip[KOL_METRIC_COOPERATIONS];
    const double *restrict disp = ip[KOL_METRIC_DISPUTES];
    double *restrict E = w->e;
    const kol_value_model *mo = fc->mo;
    size_t i;
    uint32_t m;

    for (i = 0; i < BLK; i++) {
        int has = ISP(L[i]) | ISP(C[i]) | ISP(S[i]) | ISP(SV[i]);
        double e = 0.0;
        e += ISP(L[i]) ? L[i] : 0.0;
        e += ISP(C[i]) ? C[i] : 0.0;
        e += ISP(S[i]) ? S[i] : 0.0;
        e += ISP(SV[i]) ? SV[i] : 0.0;
        E[i] = has ? e : NAN;
    }
    for (m = 0; m < fc->nm; m++) {
        double *restrict t = w->feat[m];
        if (!fc->use[m]) {
            memcpy(t, w->nanb, sizeof w->nanb);
            continue;
        }
        switch (m) {
        case KOL_VALUE_METRIC_REACH:
        case KOL_VALUE_METRIC_AVG_VIEWS:
        case KOL_VALUE_METRIC_ACTIVITY: {
            const double *restrict x = m == KOL_VALUE_METRIC_REACH ? F
                              : m == KOL_VALUE_METRIC_AVG_VIEWS ? V
                                                                : p30;
            for (i = 0; i < BLK; i++) {
                double y = kol__vlog1p(ISP(x[i]) ? x[i] : 0.0);
                t[i] = ISP(x[i]) ? y : NAN;
            }
            break;
        }
        case KOL_VALUE_METRIC_VIEW_RATE:
            LOGRATIO(t, V, F, ISP(V[i]) & (F[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_SHARE_RATE:
            LOGRATIO(t, S, V, ISP(S[i]) & (V[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_GROWTH:
            for (i = 0; i < BLK; i++) {
                double d = F[i] - G[i];
                double y = G[i] / (d > 1.0 ? d : 1.0);
                t[i] = (ISP(G[i]) & ISP(F[i])) ? y : NAN;
            }
            break;
        case KOL_VALUE_METRIC_ER_VIEW:
            LOGRATIO(t, E, V, ISP(E[i]) & (V[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_ER_FOLLOWER:
            LOGRATIO(t, E, F, ISP(E[i]) & (F[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_COMMENT_DEPTH:
            LOGRATIO(t, C, L, ISP(C[i]) & (L[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_AUTHENTICITY:
            memcpy(t, ip[KOL_METRIC_REAL_FOLLOWER_RATIO], sizeof w->nanb);
            break;
        case KOL_VALUE_METRIC_PORTRAIT_MATCH:
            memcpy(t, ip[IN_PM], sizeof w->nanb);
            break;
        case KOL_VALUE_METRIC_LOYALTY:
            memcpy(t, ip[KOL_METRIC_FAN_LOYALTY], sizeof w->nanb);
            break;
        case KOL_VALUE_METRIC_CTR:
            LOGRATIO(t, clk, hv, ISP(clk[i]) & (hv[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_CVR:
            LOGRATIO(t, ord, clk, ISP(ord[i]) & (clk[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_RPM:
            for (i = 0; i < BLK; i++) {
                int ok = ISP(rev[i]) & (hv[i] > 0.0);
                double q = safe_div(1000.0 * rev[i], hv[i]);
                double y = kol__vlog1p(ok ? q : 0.0);
                t[i] = ok ? y : NAN;
            }
            break;
        case KOL_VALUE_METRIC_ROI:
            for (i = 0; i < BLK; i++) {
                double y = safe_div(rev[i] - hc[i], hc[i]);
                t[i] = (ISP(rev[i]) & (hc[i] > 0.0)) ? y : NAN;
            }
            break;
        case KOL_VALUE_METRIC_COST_EFFECTIVENESS:
            LOGRATIO(t, V, price, ISP(V[i]) & (price[i] > 0.0));
            break;
        case KOL_VALUE_METRIC_CREDIT:
            for (i = 0; i < BLK; i++) {
                double a = ISP(ot[i]) ? ot[i] : 1.0;
                double dd = ISP(disp[i]) ? disp[i] : 0.0;
                double b = ISP(coop[i])
                               ? (coop[i] - dd + 1.0) / (coop[i] + 2.0)
                               : 1.0;
                t[i] = (ISP(ot[i]) | ISP(coop[i])) ? a * b : NAN;
            }
            break;
        default: /* custom: the value as given */
            memcpy(t, ip[IN_PM + 1 + (m - NB)], sizeof w->nanb);
            break;
        }
    }
    /* Posts behind the per-post averages ("Shrinkage"). */
    for (i = 0; i < BLK; i++) {
        double np = posts[i] >= 1.0 ? posts[i]
                                    : (p30[i] >= 1.0 ? p30[i] : 1.0);
        w->vpost[i] = kol__vlog1p(cv / np);
    }
    /* edge by edge over the block, vectorized (block_bands(); the loop
     * over the edges inside the loop over the rows compiled to scalar
     * code) */
    block_bands(F, BLK, mo->edges, mo->n_edges, w->band);
}
#undef LOGRATIO

/* ------------------------------------------------------------------ */
/* Reference statistics                                                */
/* ------------------------------------------------------------------ */

/* Whether the p-quantile q of the n values x_i of a sample (x_i = a_i,
 * or |a_i - c| when dev) could lie more than d from the whole group's:
 * the group's quantile lies, but for a chance of about 6e-5, between the
 * sample's order statistics of ranks n p - w and n p + w, w = 4 sqrt(n p
 * (1 - p)) (four standard deviations of the rank); it is within d of q
 * when at most n p - w values lie below q - d and at most n (1 - p) - w
 * above q + d. docs/model-value.md 2.2, "Ties at the median". */
static int order_unstable(const double *a, size_t n, int dev, double c,
                          double q, double p, double d)
{
    size_t i, lo = 0, hi = 0;
    const double w = 4.0 * sqrt((double)n * p * (1.0 - p));
    for (i = 0; i < n; i++) {
        const double x = dev ? fabs(a[i] - c) : a[i];
        lo += (size_t)(x < q - d);
        hi += (size_t)(x > q + d);
    }
    return (double)lo > p * (double)n - w ||
           (double)hi > (1.0 - p) * (double)n - w;
}

/* The tolerance of the checks of a sample of n values whose scale is sc:
 * max(0.1, 10 / sqrt(n)) scales. */
static double check_tol(size_t n, double sc)
{
    return fmax(10.0 / sqrt((double)n), 0.1) * sc;
}

/* Robust scale of values a[0..n) (n > 0) of median med and MAD mad:
 * 1.4826 MAD; when the MAD is 0, the 90% quantile of the absolute
 * deviations from the median / 1.644854; when that is 0, the largest
 * deviation / 3; 0 only when all values are equal. a is not modified;
 * tmp (n values) is scratch. When unstable is given (a sample's values)
 * and the 90% quantile is used, *unstable is set where that quantile
 * could jump (order_unstable(); samples of fewer than 64 values are not
 * judged). */
static double robust_scale(const double *a, size_t n, double med,
                           double mad, double *tmp, uint32_t *hist,
                           int *unstable)
{
    double q, mx;
    size_t i;
    if (mad > 0.0)
        return KOL__MAD_NORMAL * mad;
    /* the deviations into tmp; the largest first, since the selection
     * overwrites them */
    mx = 0.0;
    for (i = 0; i < n; i++) {
        tmp[i] = fabs(a[i] - med);
        mx = tmp[i] > mx ? tmp[i] : mx;
    }
    q = kol__quantile_fast(tmp, n, 0.9, hist);
    if (unstable && n >= 64)
        *unstable |= order_unstable(a, n, 1, med, q, 0.9,
                                    check_tol(n, q / 1.6448536269514722));
    if (q > 0.0)
        return q / 1.6448536269514722;
    return mx / 3.0;
}

/* Which rows feed the statistics ("Reference sample"): a group (a band,
 * or the whole cohort) of at most S rows uses every row; a larger one the
 * rows whose key is at most S / count * 2^64, about S rows, chosen by
 * content. S = 0 uses every row always. */
struct scratch {
    size_t start[MAXB + 2];   /* band b of the work rows: start[b] .. */
    uint64_t thr[MAXB + 1];   /* per band; thr[nb] for the cohort */
    double scale[MAXB + 1];   /* band rows / band rows in its sample */
    int unstable;             /* a sampled median or scale may jump */
};

/* Whether the median med or the MAD mad of the n values a[] of a sample
 * could lie far from the whole group's: more than d = max(0.1, 10 /
 * sqrt(n)) scales away, the scale 1.4826 mad (d = 0 when the MAD is 0:
 * then whether the values on one side of the tie at the median could be
 * half the group, or the values off the median half of it), by
 * order_unstable() at p = 1/2, on the values for the median and on their
 * absolute deviations from med for the MAD. The group's median (MAD)
 * lies, but for a chance of about 6e-5, between the sample's order
 * statistics of ranks n/2 - 2 sqrt(n) and n/2 + 2 sqrt(n). A continuous
 * distribution passes (those order statistics are about 5 / sqrt(n)
 * scales from the median for a normal one; d is at least twice that); a
 * tie at or next to the median (half the accounts with no post in 30
 * days) fails, as the sample's median can fall on either side of the jump
 * that the tie makes, and so does a MAD at a jump between two levels of
 * discrete deviations. Samples of fewer than 64 values are not judged
 * (their window is most of the sample). docs/model-value.md 2.2. */
static int sample_unstable(const double *a, size_t n, double med,
                           double mad)
{
    double d;
    if (n < 64)
        return 0;
    d = check_tol(n, KOL__MAD_NORMAL * mad);
    return order_unstable(a, n, 0, 0.0, med, 0.5, d) ||
           order_unstable(a, n, 1, med, mad, 0.5, d);
}

static uint64_t sample_threshold(size_t count, double cap)
{
    double p;
    if (!(cap > 0.0) || (double)count <= cap)
        return UINT64_MAX;
    p = cap / (double)count;
    return (uint64_t)(p * 18446744073709551616.0);
}

/* Location and scale of the present values of column col, overall and by
 * band, blended: fills loc/sc[0..nb] (nb = no band = overall). bands = 0:
 * the overall figures only (a metric normalized by cohort, scored now; a
 * band's medians would cost six times the cohort's), which every band
 * then takes, as an empty band does. Returns the number of present
 * values seen. */
static size_t loc_scale(const double *col, const struct work *wk,
                        struct scratch *s, uint32_t nb, double k,
                        int bands, double *loc, double *sc)
{
    size_t cur[MAXB + 2], nall = 0, present = 0, b, i;
    double med_all, mad_all, sc_all;
    const uint64_t tall = s->thr[nb];
    int sampled = tall != UINT64_MAX;
    for (b = 0; b <= nb; b++)
        cur[b] = s->start[b];
    /* Without branches (whether a value is present, and whether its
     * row is in the cohort sample, are unpredictable): every value is
     * written at its band's and the cohort's cursor, which advance only
     * for a present value (and for the cohort, one in its sample). Every
     * row of wk is in its band's sample (wk holds the union of the band
     * and cohort samples, and a band's threshold is at least the
     * cohort's, its count being at most the cohort's). The writes stay
     * inside their segments: before the j-th row of band b, cur[b] <=
     * start[b] + j - 1 < start[b + 1], and nall <= i < n. (The test of
     * bands is the same for every row; the compiler moves it out of the
     * loop.) */
    for (i = 0; i < wk->n; i++) {
        const double v = col[i];
        const size_t p = (size_t)!isnan(v);
        if (bands) {
            const uint8_t bi = wk->band[i];
            wk->a[cur[bi]] = v;
            cur[bi] += p;
        }
        wk->b[nall] = v;
        nall += p & (size_t)(wk->key[i] <= tall);
        present += p;
    }
    if (present == 0)
        return 0;
    if (nall == 0) {
        /* the cohort sample missed every present value: use them all */
        for (i = 0; i < wk->n; i++)
            if (!isnan(col[i]))
                wk->b[nall++] = col[i];
        sampled = 0;
    }
    kol__median_mad_fast(wk->b, nall, wk->t, wk->hist, &med_all, &mad_all);
    if (sampled)
        s->unstable |= sample_unstable(wk->b, nall, med_all, mad_all);
    sc_all = robust_scale(wk->b, nall, med_all, mad_all, wk->t, wk->hist,
                          sampled ? &s->unstable : NULL);
    loc[nb] = med_all;
    sc[nb] = sc_all;
    for (b = 0; b < nb; b++) {
        size_t len = cur[b] - s->start[b];
        double med, mad, sb, nbd = (double)len * s->scale[b];
        if (len == 0) {
            loc[b] = med_all;
            sc[b] = sc_all;
            continue;
        }
        kol__median_mad_fast(wk->a + s->start[b], len, wk->t, wk->hist,
                             &med, &mad);
        if (s->thr[b] != UINT64_MAX)
            s->unstable |=
                sample_unstable(wk->a + s->start[b], len, med, mad);
        sb = robust_scale(wk->a + s->start[b], len, med, mad, wk->t,
                          wk->hist,
                          s->thr[b] != UINT64_MAX ? &s->unstable : NULL);
        loc[b] = (nbd * med + k * med_all) / (nbd + k);
        sc[b] = (nbd * sb + k * sc_all) / (nbd + k);
        /* values near 1e300 with a prior weight k up to 1e9 overflow the
         * products: the same blend as a step from the cohort's figure by
         * the band's share, whose terms stay below 4e300 (used only
         * then, so that every other score keeps its bits) */
        if (!isfinite(loc[b]) || !isfinite(sc[b])) {
            double a = nbd / (nbd + k);
            loc[b] = med_all + a * (med - med_all);
            sc[b] = sc_all + a * (sb - sc_all);
        }
    }
    return present;
}

/* Median of vpost over the rows of each band (overall at nb), from the
 * same sample. */
static void band_vbar(const struct work *wk, const struct scratch *s,
                      uint32_t nb, double *vbar)
{
    size_t cur[MAXB + 2], nall = 0, b, i;
    for (b = 0; b <= nb; b++)
        cur[b] = s->start[b];
    for (i = 0; i < wk->n; i++) { /* see loc_scale() */
        wk->a[cur[wk->band[i]]++] = wk->vpost[i];
        wk->b[nall] = wk->vpost[i];
        nall += (size_t)(wk->key[i] <= s->thr[nb]);
    }
    if (nall == 0)
        for (i = 0; i < wk->n; i++)
            wk->b[nall++] = wk->vpost[i];
    vbar[nb] = kol__median_fast(wk->b, nall, wk->t, wk->hist);
    for (b = 0; b < nb; b++) {
        size_t len = cur[b] - s->start[b];
        vbar[b] =
            len ? kol__median_fast(wk->a + s->start[b], len, wk->t, wk->hist)
                : vbar[nb];
    }
}

/* Shrink one value toward its band prior ("Shrinkage"). */
static double shrink_one(const struct mref *r, uint8_t b, double vpost,
                         double t)
{
    double tau2 = r->tau2[b];
    double w = tau2 / (tau2 + vpost);
    return r->prior[b] + w * (t - r->prior[b]);
}

static void shrink_column(const struct mref *r, const struct work *wk,
                          double *col)
{
    size_t i;
    for (i = 0; i < wk->n; i++)
        if (!isnan(col[i]))
            col[i] = shrink_one(r, wk->band[i], wk->vpost[i], col[i]);
}

static int is_shrunk(uint32_t m)
{
    return m < NB && mdefs[m].shrink;
}

/* The reference statistics of sub-metric m (r, cleared first) from the
 * rows of wk, given the median of v of each band (vbar); s->unstable is
 * set when one of its sampled medians or scales could jump. See
 * build_ref(). */
static void build_metric(const kol_value_model *mo, struct work *wk,
                         struct scratch *s, const double *vbar, uint32_t m,
                         struct mref *r, int all)
{
    const uint32_t nb = (uint32_t)mo->n_edges + 1;
    const double k = mo->param[KOL_VALUE_PARAM_BAND_PRIOR_N];
    const double floor_frac = mo->param[KOL_VALUE_PARAM_TAU_FLOOR];
    double *col = wk->feat + wk->at[m];
    uint32_t b;
    memset(r, 0, sizeof *r);
    if (mo->norm[m] == KOL_VALUE_NORM_ABSOLUTE && !is_shrunk(m) && !all) {
        r->present = 1;
        return;
    }
    if (is_shrunk(m)) {
        double loc[MAXB + 1], sc[MAXB + 1];
        if (loc_scale(col, wk, s, nb, k, 1, loc, sc) == 0)
            return;
        for (b = 0; b <= nb; b++) {
            double s2 = sc[b] * sc[b];
            double t2 = s2 - vbar[b];
            if (t2 < floor_frac * s2)
                t2 = floor_frac * s2;
            r->prior[b] = loc[b];
            r->tau2[b] = t2;
        }
        shrink_column(r, wk, col);
    }
    if (mo->norm[m] == KOL_VALUE_NORM_ABSOLUTE && !all) {
        r->present = 1;
        return;
    }
    if (loc_scale(col, wk, s, nb, k,
                  all || mo->norm[m] == KOL_VALUE_NORM_BAND, r->loc,
                  r->sc) > 0)
        r->present = 1;
}

/* Build the reference statistics from the rows of wk (the whole cohort,
 * or its sample), with the thresholds and scales of s (start is filled
 * here). The shrinkable features of wk are shrunk in place. all: a
 * reference to store, with the location and scale of the absolute metrics
 * too (present when they have values), for a later change of norm.
 * only: NULL for every sub-metric; otherwise the sub-metrics m with
 * only[m] set are built again and the others of ref are left as they
 * are. unstable[m] (when unstable is given) says whether a sampled median
 * or scale of m could jump (sample_unstable(), robust_scale()). */
static void build_ref(const kol_value_model *mo, struct work *wk,
                      struct scratch *s, struct ref *ref, int all,
                      const uint8_t *only, uint8_t *unstable)
{
    const uint32_t nb = (uint32_t)mo->n_edges + 1;
    size_t cnt[MAXB + 2], i, b;
    double vbar[MAXB + 1] = {0};
    int need_vbar = only == NULL;
    uint32_t m;
    if (!only)
        memset(ref, 0, sizeof *ref);
    ref->nb = nb;
    memset(cnt, 0, sizeof cnt);
    for (i = 0; i < wk->n; i++)
        cnt[wk->band[i]]++;
    s->start[0] = 0;
    for (b = 0; b <= nb; b++)
        s->start[b + 1] = s->start[b] + cnt[b];
    for (m = 0; only && m < wk->nm; m++)
        need_vbar |= only[m] && is_shrunk(m);
    if (need_vbar)
        band_vbar(wk, s, nb, vbar);
    for (m = 0; m < wk->nm; m++) {
        if (only && !only[m])
            continue;
        s->unstable = 0;
        build_metric(mo, wk, s, vbar, m, &ref->m[m], all);
        if (unstable)
            unstable[m] = (uint8_t)s->unstable;
    }
}

/* ------------------------------------------------------------------ */
/* Scores                                                              */
/* ------------------------------------------------------------------ */

/* Per-call constants of the score formula ("Scores"). */
struct sctx {
    int perm;            /* look2() may permute */
    double wc[NCOMP];
    double full[MAXM];   /* share of each metric in the full weight */
};

static void sctx_init(struct sctx *sc, const kol_value_model *mo,
                      uint32_t nm)
{
    double wsum_c[NCOMP], wc_all = 0.0;
    uint32_t m;
    int c;
    for (c = 0; c < NCOMP; c++) {
        sc->wc[c] = mo->param[KOL_VALUE_PARAM_WEIGHT_COMMUNICATION + c];
        wsum_c[c] = 0.0;
    }
    for (m = 0; m < nm; m++)
        if (mo->w[m] > 0.0)
            wsum_c[mo->comp[m]] += mo->w[m];
    for (c = 0; c < NCOMP; c++)
        if (wsum_c[c] > 0.0)
            wc_all += sc->wc[c];
    for (m = 0; m < nm; m++) {
        int cm = mo->comp[m];
        /* (w_m > 0 makes wsum_c[cm] > 0) */
        sc->full[m] = (mo->w[m] > 0.0 && wc_all > 0.0)
                          ? (sc->wc[cm] / wc_all) * (mo->w[m] / wsum_c[cm])
                          : 0.0;
    }
}

/* u = 1 / (1 + e^((loc - t) / scale)) with is = 1 / scale, 0 marking a
 * zero scale (u = 1/2); NaN t gives a value that is masked out. */
static inline double logistic(double loc, double is, double t)
{
    double z = (loc - t) * is;
    double zc = z > 709.0 ? 709.0 : (z < -40.0 ? -40.0 : z);
    double y = 1.0 / (1.0 + kol__vexp(ISP(zc) ? zc : 0.0));
    y = z > 709.0 ? 0.0 : y;
    return is > 0.0 ? y : 0.5;
}

/* The per-band statistics of a block's rows, two tables at a time:
 * d1[i] = t1[band[i]], d2[i] = t2[band[i]], each table holding MAXB + 1
 * = 17 entries (at most 16 bands, then the cohort's, for the rows
 * without followers). With perm (AVX-512, and GCC's target clones) the
 * first 16 entries of a table are held in two vector registers and
 * permuted, eight rows at a time (one instruction), and the cohort's is
 * selected after; elsewhere one entry is loaded per row (the permutes
 * of AVX2 and of the baseline compile to scalar moves, and the gathers
 * that the vectorizer would make of the loads are slower). The same
 * values either way. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noinline, optimize("no-tree-vectorize")))
#endif
static void look_rows(double *restrict d1, double *restrict d2,
                      const double *t1, const double *t2,
                      const uint8_t *restrict band)
{
    size_t i;
    /* cov: not run where the processor has AVX-512 (look2()) */
    for (i = 0; i < BLK; i++) {
        d1[i] = t1[band[i]];
        d2[i] = t2[band[i]];
    }
}

#ifdef KOL_VALUE_PERMUTE
/* The bands of a block as the 64-bit indices look_permute() takes, once
 * per block of the scoring pass (the reference pass does not look up). */
__attribute__((target("avx512f"))) static void
band_index(int64_t *restrict bidx, const uint8_t *restrict band)
{
    size_t i;
    for (i = 0; i < BLK; i++)
        bidx[i] = band[i];
}

__attribute__((target("avx512f"))) static void
look_permute(double *restrict d1, double *restrict d2, const double *t1,
             const double *t2, const int64_t *restrict bidx)
{
    typedef double v8d __attribute__((vector_size(64)));
    typedef int64_t v8l __attribute__((vector_size(64)));
    _Static_assert(MAXB + 1 == 17, "two vectors of bands, then the cohort");
    v8d lo1, hi1, lo2, hi2, r1, r2;
    v8l ix, sel, c1, c2;
    int64_t c;
    size_t i;
    memcpy(&lo1, t1, sizeof lo1);
    memcpy(&hi1, t1 + 8, sizeof hi1);
    memcpy(&lo2, t2, sizeof lo2);
    memcpy(&hi2, t2 + 8, sizeof hi2);
    memcpy(&c, t1 + 16, sizeof c);
    c1 = (v8l){0} + c;
    memcpy(&c, t2 + 16, sizeof c);
    c2 = (v8l){0} + c;
    for (i = 0; i < BLK; i += 8) {
        memcpy(&ix, bidx + i, sizeof ix);
        sel = ix > 15; /* (the permute takes the index modulo 16) */
        r1 = __builtin_shuffle(lo1, hi1, ix);
        r2 = __builtin_shuffle(lo2, hi2, ix);
        r1 = (v8d)(((v8l)r1 & ~sel) | (c1 & sel));
        r2 = (v8d)(((v8l)r2 & ~sel) | (c2 & sel));
        memcpy(d1 + i, &r1, sizeof r1);
        memcpy(d2 + i, &r2, sizeof r2);
    }
}
#endif

static inline void look2(double *restrict d1, double *restrict d2,
                         const double *t1, const double *t2,
                         const int64_t *restrict bidx,
                         const uint8_t *restrict band, int perm)
{
#ifdef KOL_VALUE_PERMUTE
    /* cov: one side only, by the processor's instructions */
    if (perm) {
        look_permute(d1, d2, t1, t2, bidx);
        return;
    }
#else
    (void)perm;
#endif
    (void)bidx;
    look_rows(d1, d2, t1, t2, band);
}

/* One metric of the scores, per call: its reference statistics (with
 * the reciprocals of the scales), weights and norm. */
struct kmet {
    const struct mref *r;
    double isc[MAXB + 1];  /* 1 / scale, 0 for a zero scale */
    double lc, ic;         /* the cohort's location and 1 / scale */
    double wm, full;
    int active; /* weighted, and scored against a reference that has it
                 * (an absolute metric that is not shrunk needs none) */
    int shrunk, norm;
};

static void kmet_init(struct kmet *q, const kol_value_model *mo,
                      const struct ref *ref, const struct sctx *sx,
                      uint32_t m)
{
    uint32_t b;
    q->r = &ref->m[m];
    for (b = 0; b <= MAXB; b++)
        q->isc[b] = b <= ref->nb && q->r->sc[b] > 0.0 ? 1.0 / q->r->sc[b]
                                                        : 0.0;
    q->lc = q->r->loc[ref->nb];
    q->ic = q->isc[ref->nb];
    q->wm = mo->w[m];
    q->full = sx->full[m];
    q->shrunk = is_shrunk(m);
    q->norm = mo->norm[m];
    q->active = sx->full[m] > 0.0 &&
                (q->r->present ||
                 (q->norm == KOL_VALUE_NORM_ABSOLUTE && !q->shrunk));
}

/* Metric m over one block ("Shrinkage", "Normalization"): the feature t
 * shrunk toward its band prior, its score y (the logistic of its z
 * against the band's or the cohort's statistics, or t clamped to [0,
 * 1]), then added (where t is present) to the row sums of present
 * weights, weighted scores and confidence, in code order; u = y, or -1
 * where absent. z = (t - loc) / scale is computed as (t - loc) * (1 /
 * scale). The loops are in one function whose restrict parameters let
 * the compiler vectorize them; its arrays stay in the first-level cache.
 * (The shrinkage in the loop of the logistic ran slower with AVX2, whose
 * 16 registers did not hold the constants of both.) */
KOL_HOT static void block_metric(const struct kmet *q,
                                 const double *restrict tin,
                                 const double *restrict vp,
                                 const int64_t *restrict bidx,
                                 const uint8_t *restrict band, int perm,
                                 double *restrict pw, double *restrict ps,
                                 double *restrict conf, double *restrict u)
{
    const struct mref *r = q->r;
    const double wm = q->wm, full = q->full, lc = q->lc, ic = q->ic;
    double ts[BLK], y[BLK], g1[BLK], g2[BLK];
    const double *t = tin;
    size_t i;
    if (q->shrunk) {
        look2(g1, g2, r->prior, r->tau2, bidx, band, perm);
        for (i = 0; i < BLK; i++) {
            double wt = g2[i] / (g2[i] + vp[i]);
            double s = g1[i] + wt * (tin[i] - g1[i]);
            ts[i] = ISP(tin[i]) ? s : tin[i];
        }
        t = ts;
    }
    if (q->norm == KOL_VALUE_NORM_ABSOLUTE) {
        for (i = 0; i < BLK; i++)
            y[i] = t[i] < 0.0 ? 0.0 : (t[i] > 1.0 ? 1.0 : t[i]);
    } else if (q->norm == KOL_VALUE_NORM_COHORT) {
        for (i = 0; i < BLK; i++)
            y[i] = logistic(lc, ic, t[i]);
    } else {
        look2(g1, g2, r->loc, q->isc, bidx, band, perm);
        for (i = 0; i < BLK; i++)
            y[i] = logistic(g1[i], g2[i], t[i]);
    }
    for (i = 0; i < BLK; i++) {
        int p = ISP(t[i]);
        pw[i] += p ? wm : 0.0;
        ps[i] += p ? wm * y[i] : 0.0;
        conf[i] += p ? full : 0.0;
        u[i] = p ? y[i] : -1.0;
    }
}

/* The contribution of one metric, into con, and total += it
 * (docs/model-value.md 2.4): x = f_c w_m u_m (0 where absent), unless the
 * total would then round above 100, where it is 100 - total instead. The
 * total stays the sum of the contributions in code order and at most 100:
 * for 0 <= total <= 100, total + (100 - total) rounds to 100 exactly. The
 * test leaves every row whose sum does not pass 100 as it was; the rows it
 * changes are those where rounding took the sum of a full row (every u_m
 * near 1) one or a few ulps above 100. */
KOL_HOT static void add_contributions(double *restrict total,
                                      double *restrict con,
                                      const double *restrict u,
                                      const double *restrict fc, double wm)
{
    size_t i;
    for (i = 0; i < BLK; i++) {
        const double x = u[i] >= 0.0 ? fc[i] * wm * u[i] : 0.0;
        const double c = total[i] + x > 100.0 ? 100.0 - total[i] : x;
        con[i] = c;
        total[i] += c;
    }
}

/* Per row: f_c = 100 (W_c / sum of present W) / (sum of present w in c),
 * 0 when component c has nothing present; total = 0. A present metric
 * has W_c > 0 (sctx_init), so p_c > 0 implies a positive wpres. */
KOL_HOT static void component_factors(double *restrict f0,
                                      double *restrict f1,
                                      double *restrict f2,
                                      double *restrict total,
                                      const double *restrict pw0,
                                      const double *restrict pw1,
                                      const double *restrict pw2,
                                      const double *wc)
{
    const double w0 = wc[0], w1 = wc[1], w2 = wc[2];
    size_t i;
    for (i = 0; i < BLK; i++) {
        double wpres = 0.0;
        wpres += pw0[i] > 0.0 ? w0 : 0.0;
        wpres += pw1[i] > 0.0 ? w1 : 0.0;
        wpres += pw2[i] > 0.0 ? w2 : 0.0;
        f0[i] = pw0[i] > 0.0 ? 100.0 * (w0 / wpres) / pw0[i] : 0.0;
        f1[i] = pw1[i] > 0.0 ? 100.0 * (w1 / wpres) / pw1[i] : 0.0;
        f2[i] = pw2[i] > 0.0 ? 100.0 * (w2 / wpres) / pw2[i] : 0.0;
        total[i] = 0.0;
    }
}

/* Sub-score of one component: 100 (ps / pw), 0 when nothing is present.
 * ps <= pw (each w_m y_m <= w_m, summed in the same order, and rounding is
 * monotone), so ps / pw <= 1 and the sub-score is at most 100; (100 ps) /
 * pw could round one ulp above it. */
KOL_HOT static void sub_scores(double *restrict out,
                               const double *restrict ps,
                               const double *restrict pw)
{
    size_t i;
    for (i = 0; i < BLK; i++)
        out[i] = pw[i] > 0.0 ? 100.0 * (ps[i] / pw[i]) : 0.0;
}

/* Confidence capped at 1; value per cost = total / price (0 without a
 * price). */
KOL_HOT static void finish_rows(double *restrict vpc, double *restrict conf,
                                const double *restrict total,
                                const double *restrict price)
{
    size_t i;
    for (i = 0; i < BLK; i++) {
        conf[i] = conf[i] > 1.0 ? 1.0 : conf[i];
        vpc[i] = price[i] > 0.0 ? safe_div(total[i], price[i]) : 0.0;
    }
}

/* The six outputs of rows 0 .. len (len <= BLK) in row order at o, from
 * their columns a .. f (::kol_value_out order). Eight rows at a time are
 * transposed in vector registers (18 two-vector shuffles, 6 stores of 64
 * bytes, against 48 scalar stores): the output is written while it is
 * out of the cache, and fewer, wider stores keep more of its lines in
 * flight. The rows after the last multiple of 8, and every row where the
 * compiler has no vector shuffles, are copied one value at a time. */
#if defined(__GNUC__) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define KOL_VALUE_SHUFFLE 1
#endif
#endif
KOL_HOT static void rows_out(double *restrict o, size_t len,
                             const double *restrict a,
                             const double *restrict b,
                             const double *restrict c,
                             const double *restrict d,
                             const double *restrict e,
                             const double *restrict f)
{
    size_t i = 0;
#ifdef KOL_VALUE_SHUFFLE
    typedef double v8d __attribute__((vector_size(64)));
    _Static_assert(KOL_VALUE_OUT_COUNT == 6 && KOL_VALUE_OUT_TOTAL == 0 &&
                       KOL_VALUE_OUT_VALUE_PER_COST == 5,
                   "rows_out() writes the six outputs in code order");
    for (; i + 8 <= len; i += 8) {
        v8d va, vb, vc, vd, ve, vf, ab[2], cd[2], ef[2], t, r;
        int h;
        memcpy(&va, a + i, sizeof va);
        memcpy(&vb, b + i, sizeof vb);
        memcpy(&vc, c + i, sizeof vc);
        memcpy(&vd, d + i, sizeof vd);
        memcpy(&ve, e + i, sizeof ve);
        memcpy(&vf, f + i, sizeof vf);
        /* pairs: ab[0] = a0 b0 a1 b1 a2 b2 a3 b3, ab[1] = a4 b4 .. a7 b7 */
        ab[0] = __builtin_shufflevector(va, vb, 0, 8, 1, 9, 2, 10, 3, 11);
        ab[1] = __builtin_shufflevector(va, vb, 4, 12, 5, 13, 6, 14, 7, 15);
        cd[0] = __builtin_shufflevector(vc, vd, 0, 8, 1, 9, 2, 10, 3, 11);
        cd[1] = __builtin_shufflevector(vc, vd, 4, 12, 5, 13, 6, 14, 7, 15);
        ef[0] = __builtin_shufflevector(ve, vf, 0, 8, 1, 9, 2, 10, 3, 11);
        ef[1] = __builtin_shufflevector(ve, vf, 4, 12, 5, 13, 6, 14, 7, 15);
        /* each half (rows 0 to 3, then 4 to 7) gives three vectors:
         * a0 b0 c0 d0 e0 f0 a1 b1 | c1 d1 e1 f1 a2 b2 c2 d2 |
         * e2 f2 a3 b3 c3 d3 e3 f3 */
        for (h = 0; h < 2; h++) {
            double *oh = o + (i + 4 * (size_t)h) * KOL_VALUE_OUT_COUNT;
            t = __builtin_shufflevector(ab[h], cd[h], 0, 1, 8, 9, 2, 3, 0, 0);
            r = __builtin_shufflevector(t, ef[h], 0, 1, 2, 3, 8, 9, 4, 5);
            memcpy(oh, &r, sizeof r);
            t = __builtin_shufflevector(cd[h], ef[h], 2, 3, 10, 11, 4, 5, 0,
                                        0);
            r = __builtin_shufflevector(t, ab[h], 0, 1, 2, 3, 12, 13, 4, 5);
            memcpy(oh + 8, &r, sizeof r);
            t = __builtin_shufflevector(ef[h], ab[h], 4, 5, 14, 15, 6, 7, 0,
                                        0);
            r = __builtin_shufflevector(t, cd[h], 0, 1, 2, 3, 14, 15, 4, 5);
            memcpy(oh + 16, &r, sizeof r);
        }
    }
#endif
    for (; i < len; i++) {
        double *oi = o + i * KOL_VALUE_OUT_COUNT;
        oi[KOL_VALUE_OUT_TOTAL] = a[i];
        oi[KOL_VALUE_OUT_COMMUNICATION] = b[i];
        oi[KOL_VALUE_OUT_FAN] = c[i];
        oi[KOL_VALUE_OUT_CONVERSION] = d[i];
        oi[KOL_VALUE_OUT_CONFIDENCE] = e[i];
        oi[KOL_VALUE_OUT_VALUE_PER_COST] = f[i];
    }
}

/* Scores of the rows of one block whose features are final; writes rows
 * start .. start + len of out (and contrib). */
static void block_scores(const kol_value_model *mo, const struct kmet *km,
                         const struct sctx *sx, uint32_t nm,
                         struct blockws *w, const double *price,
                         size_t len, double *o, double *contrib)
{
    double total[BLK], f[NCOMP][BLK], vpc[BLK];
    size_t i;
    uint32_t m;
    int c;
    memset(w->pw, 0, sizeof w->pw);
    memset(w->ps, 0, sizeof w->ps);
    memset(w->conf, 0, sizeof w->conf);
    for (m = 0; m < nm; m++) {
        if (km[m].active)
            block_metric(&km[m], w->feat[m], w->vpost, w->bidx, w->band,
                         sx->perm, w->pw[mo->comp[m]], w->ps[mo->comp[m]],
                         w->conf, w->u[m]);
        else
            for (i = 0; i < BLK; i++)
                w->u[m][i] = -1.0;
    }
    component_factors(f[0], f[1], f[2], total, w->pw[0], w->pw[1], w->pw[2],
                      sx->wc);
    for (m = 0; m < nm; m++) {
        /* vpc holds the metric's contributions until finish_rows() */
        add_contributions(total, vpc, w->u[m], f[mo->comp[m]], mo->w[m]);
        if (contrib)
            for (i = 0; i < len; i++)
                contrib[i * nm + m] = vpc[i];
    }
    for (c = 0; c < NCOMP; c++)
        sub_scores(f[c], w->ps[c], w->pw[c]); /* f is free again */
    finish_rows(vpc, w->conf, total, price);
    rows_out(o, len, total, f[0], f[1], f[2], w->conf, vpc);
}

/* Pass 2: every row, block by block: features, shrinkage with the
 * reference priors, scores. */
static kol_status score_pass(kol_value_model *mo, const struct fctx *fc,
                             const struct ref *ref, size_t n, double *out,
                             double *contrib, const char *fn)
{
    struct sctx sx;
    struct kmet km[MAXM];
    struct blockws *w;
    const double *ip[NIN];
    const uint32_t nm = fc->nm;
    size_t start;
    uint32_t m;
    kol_status st;
    /* The reference pass that built ref (this call's, or the one that
     * stored the model's reference) made the block area; it grows here
     * when custom metrics were added since the stored one. */
    st = get_block(mo, &w);
    if (st != KOL_STATUS_OK)
        return st;
    sctx_init(&sx, mo, nm);
#ifdef KOL_VALUE_PERMUTE
    /* the test by which the target clones' resolver picks AVX-512 */
    sx.perm = __builtin_cpu_supports("avx512f");
#else
    sx.perm = 0;
#endif
    for (m = 0; m < nm; m++)
        kmet_init(&km[m], mo, ref, &sx, m);
    for (start = 0; start < n; start += BLK) {
        size_t len = n - start < BLK ? n - start : BLK;
        block_inputs(w, fc->cols, fc->ncols, IN_PM + 1 + mo->n_custom, start,
                     len, ip);
        block_features(fc, w, ip);
#ifdef KOL_VALUE_PERMUTE
        /* cov: one side only, by the processor's instructions */
        if (sx.perm)
            band_index(w->bidx, w->band);
#endif
        block_scores(mo, km, &sx, nm, w, ip[KOL_METRIC_PRICE], len,
                     out + start * KOL_VALUE_OUT_COUNT,
                     contrib ? contrib + start * nm : NULL);
        /* every PROGRESS_STEP rows, but not at the end: the caller
         * reports the end once */
        if ((start + len) % PROGRESS_STEP == 0 && start + len < n) {
            st = model_progress(mo, (uint64_t)(start + len),
                               (uint64_t)n, fn);
            if (st != KOL_STATUS_OK)
                return st;
        }
    }
    return KOL_STATUS_OK;
}

/* Whether a content sample is a poor sample of the rows ("Reference
 * sample"). Rows with the same key (the same followers, views, likes,
 * comments, posts and price) are all in the sample or all out of it, so
 * the sample is one of clusters of rows: a large cluster is then either
 * over-represented (in it, at up to 1 / p times its share) or missing.
 * Two checks, both independent of row order:
 *  - a group's sampled rows (each band's and the cohort's) differ from
 *    their expectation count * p by more than 4 standard deviations of
 *    a sample of distinct rows (4 sqrt(count * p) + 2): a missing or an
 *    included cluster of a few percent of the group;
 *  - the design effect of the sample, the sum of the squared sizes of
 *    its clusters over its rows (1 for distinct rows, about 1.04 when 2%
 *    of the rows come in pairs, 1 + (m^2 - m) / ns with one cluster of m
 *    rows), is above 1.5 (beyond a slack of 16 rows).
 * Rows of distinct contents pass both (the first fails by chance with a
 * probability near 6e-5 per group). */
static kol_status sample_skewed(kol_value_model *mo, const struct plan *pl,
                                uint32_t nb, size_t n, size_t ns,
                                int *skewed)
{
    const double two64 = 18446744073709551616.0;
    const double limit = 1.5 * (double)ns + 16.0;
    size_t b, i, size = 16;
    double sumsq = 0.0;
    uint64_t *key, seed;
    uint32_t *cnt;
    *skewed = 1;
    for (b = 0; b <= nb + 1; b++) {
        const int coh = b == nb + 1;
        const uint64_t thr = pl->thr[coh ? nb : b];
        const double count = (double)(coh ? n : pl->cnt[b]);
        const double got = (double)(coh ? pl->incohort : pl->insample[b]);
        double expect;
        if (thr == UINT64_MAX)
            continue; /* the whole group */
        expect = count * ((double)thr / two64);
        if (fabs(got - expect) > 4.0 * sqrt(expect) + 2.0)
            return KOL_STATUS_OK;
    }
    /* cluster sizes, by an open-addressing table of the sampled keys (a
     * count of 0 marks a free slot). The keys are content hashes, which
     * whoever writes the rows can steer, so the slot of a key is its mix
     * with a seed of this table's own (kol__table_seed()): rows made to
     * share the low bits of their keys do not share a run of slots. */
    while (size < 2 * ns)
        size *= 2;
    key = kol__alloc_array(mo->ctx, size, sizeof *key);
    cnt = kol__alloc_array(mo->ctx, size, sizeof *cnt);
    if (!key || !cnt) {
        kol__free(mo->ctx, key);
        kol__free(mo->ctx, cnt);
        return KOL_STATUS_NOMEM;
    }
    memset(cnt, 0, size * sizeof *cnt);
    seed = kol__table_seed(key);
    for (i = 0; i < ns && sumsq <= limit; i++) {
        const uint64_t k = mo->wc.skey[i];
        size_t h = (size_t)mix64(k ^ seed) & (size - 1);
        while (cnt[h] != 0 && key[h] != k)
            h = (h + 1) & (size - 1);
        key[h] = k;
        /* a cluster of c rows growing to c + 1 adds 2c + 1 */
        sumsq += 2.0 * (double)cnt[h] + 1.0;
        cnt[h]++;
    }
    kol__free(mo->ctx, key);
    kol__free(mo->ctx, cnt);
    *skewed = sumsq > limit;
    return KOL_STATUS_OK;
}

/* Make pl the plan of exact statistics over the n rows (nb bands). */
static void plan_every_row(struct plan *pl, uint32_t nb, size_t n)
{
    uint32_t b;
    pl->sampled = 0;
    for (b = 0; b <= nb; b++)
        pl->thr[b] = UINT64_MAX;
    memset(pl->insample, 0, sizeof pl->insample);
    pl->incohort = 0;
    pl->ns = n;
    pl->idx = NULL;
    pl->skey = NULL;
    pl->samp = NULL;
}

/* Pass 0 ("Reference sample"): the follower bands of every row, and, when
 * a group is larger than the sample size, the content keys of every row
 * and the sampled rows (indices and keys kept in the model's cache, with
 * room for their input columns, gathered by validate_columns()). All or
 * nothing: on failure the cache is as before. */
static kol_status plan_sample(kol_value_model *mo, const struct fctx *fc,
                              size_t n, struct plan *pl)
{
    const uint32_t nb = (uint32_t)mo->n_edges + 1;
    const double cap = mo->param[KOL_VALUE_PARAM_REFERENCE_SAMPLE];
    const double *fcol = in_col(fc->cols, fc->ncols, KOL_METRIC_FOLLOWERS);
    const size_t nslot = IN_PM + 1 + mo->n_custom;
    size_t i, j, b, ns = 0;
    uint8_t bb[BLK];
    uint64_t kk[BLK];
    struct blockws *w;
    kol_status st;
    memset(pl, 0, sizeof *pl);
    for (j = 0; j < n; j += BLK) {
        size_t len = n - j < BLK ? n - j : BLK;
        block_bands(fcol ? fcol + j : NULL, len, mo->edges, mo->n_edges, bb);
        for (i = 0; i < len; i++)
            pl->cnt[bb[i]]++;
    }
    for (b = 0; b <= nb; b++)
        pl->thr[b] = sample_threshold(pl->cnt[b], cap);
    pl->thr[nb] = sample_threshold(n, cap);
    for (b = 0; b <= nb; b++)
        if (pl->thr[b] != UINT64_MAX)
            pl->sampled = 1;
    if (!pl->sampled) {
        pl->ns = n;
        return KOL_STATUS_OK;
    }
    /* the block area (for its NaN block), the index and key arrays */
    st = get_block(mo, &w);
    if (st != KOL_STATUS_OK)
        return st;
    if (mo->wc.idx_cap < n) {
        size_t *g = kol__alloc_array(mo->ctx, n, sizeof *g);
        uint64_t *gk = kol__alloc_array(mo->ctx, n, sizeof *gk);
        if (!g || !gk) {
            kol__free(mo->ctx, g);
            kol__free(mo->ctx, gk);
            return KOL_STATUS_NOMEM;
        }
        kol__free(mo->ctx, mo->wc.idx);
        kol__free(mo->ctx, mo->wc.skey);
        mo->wc.idx = g;
        mo->wc.skey = gk;
        mo->wc.idx_cap = n;
    }
    for (j = 0; j < n; j += BLK) {
        size_t len = n - j < BLK ? n - j : BLK;
        block_bands(fcol ? fcol + j : NULL, len, mo->edges, mo->n_edges, bb);
        block_keys(fc, j, len, w->nanb, kk);
        for (i = 0; i < len; i++) {
            uint8_t bi = bb[i];
            int in_band = kk[i] <= pl->thr[bi];
            const int in_cohort = kk[i] <= pl->thr[nb];
            pl->insample[bi] += (size_t)in_band;
            pl->incohort += (size_t)in_cohort;
            mo->wc.idx[ns] = j + i;
            mo->wc.skey[ns] = kk[i];
            ns += (size_t)(in_band | in_cohort);
        }
    }
    if (ns > 0) {
        int skewed;
        st = sample_skewed(mo, pl, nb, n, ns, &skewed);
        if (st != KOL_STATUS_OK)
            return st;
        if (skewed)
            ns = 0;
    }
    if (ns == 0) {
        /* a tiny sample size drew no row at all, or the rows repeat so
         * much that a content sample is not a sample of rows: use every
         * row */
        plan_every_row(pl, nb, n);
        return KOL_STATUS_OK;
    }
    if (mo->wc.samp_cap < ns * nslot) {
        double *g = kol__alloc_array(mo->ctx, ns * nslot, sizeof *g);
        if (!g)
            return KOL_STATUS_NOMEM;
        kol__free(mo->ctx, mo->wc.samp);
        mo->wc.samp = g;
        mo->wc.samp_cap = ns * nslot;
    }
    pl->ns = ns;
    pl->idx = mo->wc.idx;
    pl->skey = mo->wc.skey;
    pl->samp = mo->wc.samp;
    return KOL_STATUS_OK;
}

/* The features of rows [0, n) of the columns cols (ncols codes) into wk:
 * the sub-metrics m with wk->at[m] set (every one when only is NULL, else
 * those with only[m]), v, the bands; keys from key (NULL: 0, every row
 * in every sample). */
static void work_features(kol_value_model *mo, const struct fctx *fc,
                          struct blockws *w, const double *const *cols,
                          size_t ncols, const uint64_t *key,
                          const uint8_t *only, struct work *wk)
{
    const size_t n = wk->n;
    const double *ip[NIN];
    size_t i, j;
    for (j = 0; j < n; j += BLK) {
        size_t len = n - j < BLK ? n - j : BLK;
        uint32_t m;
        block_inputs(w, cols, ncols, IN_PM + 1 + mo->n_custom, j, len, ip);
        block_features(fc, w, ip);
        for (m = 0; m < fc->nm; m++)
            if (!only || only[m])
                memcpy(wk->feat + wk->at[m] + j, w->feat[m],
                       len * sizeof(double));
        memcpy(wk->vpost + j, w->vpost, len * sizeof(double));
        memcpy(wk->band + j, w->band, len);
        for (i = 0; i < len; i++)
            wk->key[j + i] = key ? key[j + i] : 0u;
    }
}

/* Pass 1: the reference statistics of the rows themselves, from all of
 * them or from the sample that validate_columns() gathered; unstable[m]
 * says whether a sampled median or scale of sub-metric m could jump. */
static kol_status reference_pass(kol_value_model *mo, const struct fctx *fc,
                                 const struct plan *pl, struct ref *ref,
                                 uint8_t *unstable)
{
    const uint32_t nb = (uint32_t)mo->n_edges + 1;
    const size_t ns = pl->ns;
    const double *scols[KOL_VALUE_COLUMN_CUSTOM_BASE + KOL_VALUE_MAX_CUSTOM];
    const double *const *cols = fc->cols;
    size_t ncols = fc->ncols, b;
    struct scratch sc;
    struct work wk;
    struct blockws *w;
    kol_status st;
    if (pl->sampled) {
        /* the gathered columns, by column code */
        size_t c;
        ncols = ncols < KOL_VALUE_COLUMN_CUSTOM_BASE + mo->n_custom
                    ? ncols
                    : KOL_VALUE_COLUMN_CUSTOM_BASE + mo->n_custom;
        for (c = 0; c < ncols; c++) {
            int slot = slot_of(mo, c);
            scols[c] = slot >= 0 && fc->cols[c]
                           ? pl->samp + (size_t)slot * ns
                           : NULL;
        }
        cols = scols;
    }
    for (b = 0; b <= nb; b++) {
        sc.thr[b] = pl->thr[b];
        sc.scale[b] = (pl->thr[b] != UINT64_MAX && pl->insample[b] > 0)
                          ? (double)pl->cnt[b] / (double)pl->insample[b]
                          : 1.0;
    }
    st = get_block(mo, &w);
    if (st == KOL_STATUS_OK)
        st = get_work(mo, ns, fc->nm, &wk);
    if (st != KOL_STATUS_OK)
        return st;
    work_features(mo, fc, w, cols, ncols, pl->sampled ? pl->skey : NULL,
                  NULL, &wk);
    build_ref(mo, &wk, &sc, ref, fc->all, NULL, unstable);
    return KOL_STATUS_OK;
}

/* The statistics of the sub-metrics m with only[m] set again, from every
 * one of the n rows (exact, as with a reference sample of 0), into ref;
 * the others are left as they are. The work area (the model's cache, as
 * for the other reference passes) holds the features of those
 * sub-metrics alone: 8 k + 41 bytes a row for k of them, where every
 * sub-metric's would take 8 x 18 + 41. */
static kol_status exact_metrics(kol_value_model *mo, const struct fctx *fc,
                                size_t n, const uint8_t *only,
                                struct ref *ref)
{
    const uint32_t nb = (uint32_t)mo->n_edges + 1;
    struct fctx fo = *fc;
    struct scratch sc;
    struct work wk;
    struct blockws *w;
    uint32_t m, k = 0;
    size_t b;
    kol_status st;
    for (m = 0; m < fc->nm; m++)
        k += only[m] != 0;
    if (k == 0) /* every sampled median and scale held */
        return KOL_STATUS_OK;
    st = get_block(mo, &w);
    if (st != KOL_STATUS_OK) /* cov: the reference pass made the block area */
        return st;
    st = get_work(mo, n, k, &wk);
    if (st != KOL_STATUS_OK)
        return st;
    /* column j of the cache for the j-th sub-metric flagged; the
     * features of the others are not computed (NaN) */
    wk.nm = fc->nm;
    k = 0;
    for (m = 0; m < fc->nm; m++) {
        fo.use[m] = (fc->use[m] != 0) & (only[m] != 0);
        if (only[m])
            wk.at[m] = (size_t)k++ * n;
    }
    for (b = 0; b <= nb; b++) {
        sc.thr[b] = UINT64_MAX;
        sc.scale[b] = 1.0;
    }
    work_features(mo, &fo, w, fc->cols, fc->ncols, NULL, only, &wk);
    build_ref(mo, &wk, &sc, ref, fc->all, only, NULL);
    return KOL_STATUS_OK;
}

/* The whole computation over columns: validate, reference, scores. When
 * ref_out is given, build a reference from the rows and hand it out
 * instead of scoring. */
static kol_status run_columns(kol_value_model *mo, const double *const *cols,
                              size_t ncols, size_t n, double *out,
                              double *contrib, struct ref **ref_out,
                              const char *fn)
{
    struct fctx fc;
    struct plan pl;
    struct ref *own = NULL;
    const struct ref *use;
    const int had_blk = mo->wc.blk != NULL, had_idx = mo->wc.idx != NULL;
    const int had_samp = mo->wc.samp != NULL;
    const int had_work = mo->wc.feat != NULL;
    uint8_t unstable[MAXM];
    kol_status st;
    if (n > KOL_ROSTER_MAX_RECORDS)
        return kol__fail(mo->ctx, KOL_STATUS_TOO_LARGE,
                         "%s: %z rows, at most %u", fn, n,
                         (unsigned)KOL_ROSTER_MAX_RECORDS);
    fctx_init(&fc, mo, cols, ncols, ref_out != NULL);
    if (ref_out || !mo->ref) {
        /* the statistics of these rows: plan the sample first, so that
         * the check of the columns gathers it */
        own = kol__alloc(mo->ctx, sizeof *own);
        if (!own)
            return KOL_STATUS_NOMEM;
        st = plan_sample(mo, &fc, n, &pl);
        if (st == KOL_STATUS_OK)
            st = validate_columns(mo, cols, ncols, n, &pl, fn);
        if (st == KOL_STATUS_OK)
            st = reference_pass(mo, &fc, &pl, own, unstable);
        if (st == KOL_STATUS_OK && pl.sampled)
            /* a sampled median or scale that sits by a tie that could
             * move it (sample_unstable(), robust_scale()): that
             * sub-metric's statistics from every row */
            st = exact_metrics(mo, &fc, n, unstable, own);
        if (st != KOL_STATUS_OK)
            goto done;
        use = own;
    } else {
        st = validate_columns(mo, cols, ncols, n, NULL, fn);
        if (st != KOL_STATUS_OK)
            return st;
        use = mo->ref;
    }
    if (ref_out) {
        st = model_progress(mo, (uint64_t)n, (uint64_t)n, fn);
        if (st != KOL_STATUS_OK)
            goto done;
        *ref_out = own;
        own = NULL;
    } else {
        st = score_pass(mo, &fc, use, n, out, contrib, fn);
        if (st == KOL_STATUS_OK)
            st = model_progress(mo, (uint64_t)n, (uint64_t)n, fn);
    }
done:
    kol__free(mo->ctx, own);
    if (st != KOL_STATUS_OK) {
        /* all or nothing: a failed call leaves no new block in the cache
         * (a grown one replaced its predecessor and stays) */
        if (!had_blk) { /* (no block area: no stored reference either) */
            kol__free(mo->ctx, mo->wc.blk);
            mo->wc.blk = NULL;
        }
        if (!had_idx) {
            kol__free(mo->ctx, mo->wc.idx);
            kol__free(mo->ctx, mo->wc.skey);
            mo->wc.idx = NULL;
            mo->wc.skey = NULL;
            mo->wc.idx_cap = 0;
        }
        if (!had_samp) {
            kol__free(mo->ctx, mo->wc.samp);
            mo->wc.samp = NULL;
            mo->wc.samp_cap = 0;
        }
        if (!had_work)
            free_work(mo);
    }
    return st;
}

kol_status kol_value_score_columns(kol_value_model *mo,
                                   const double *const *columns,
                                   size_t n_columns, size_t n_rows,
                                   double *out, double *contributions)
{
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_score_columns", mo->busy);
    /* no row: nothing to check or score; the end is reported once
     * (kol/core.h), progress(0, 0) */
    if (n_rows == 0)
        return model_progress(mo, 0, 0, "kol_value_score_columns");
    if (!out || (n_columns > 0 && !columns))
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_score_columns: %s is NULL",
                         out ? "columns" : "out");
    return kol__nomem_in(mo->ctx,
                         run_columns(mo, columns, n_columns, n_rows, out,
                                     contributions, NULL,
                                     "kol_value_score_columns"),
                         "kol_value_score_columns");
}

kol_status kol_value_model_set_reference_columns(kol_value_model *mo,
                                                 const double *const *columns,
                                                 size_t n_columns,
                                                 size_t n_rows)
{
    struct ref *r = NULL;
    kol_status st;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_reference_columns",
                         mo->busy);
    if (n_columns > 0 && !columns)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_model_set_reference_columns: columns is "
                         "NULL");
    if (n_rows == 0)
        return kol__fail(mo->ctx, KOL_STATUS_EMPTY,
                         "kol_value_model_set_reference_columns: no rows");
    st = run_columns(mo, columns, n_columns, n_rows, NULL, NULL, &r,
                     "kol_value_model_set_reference_columns");
    if (st != KOL_STATUS_OK)
        return kol__nomem_in(mo->ctx, st,
                             "kol_value_model_set_reference_columns");
    kol__free(mo->ctx, mo->ref);
    mo->ref = r;
    update_id(mo);
    return KOL_STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

/* Records as columns: KOL_VALUE_COLUMN_CUSTOM_BASE + n_custom pointers
 * into one block. */
struct rcols {
    size_t ncols;
    const double **cols;
    double *block;
};

static void free_rcols(kol_ctx *ctx, struct rcols *rc)
{
    kol__free(ctx, (void *)rc->cols);
    kol__free(ctx, rc->block);
}

/* all: a reference to store, whose custom metrics are computed whatever
 * their weight now (see fctx_init). */
static kol_status records_to_columns(kol_value_model *mo,
                                     const kol_record *const *recs, size_t n,
                                     struct rcols *rc, const char *fn,
                                     int all)
{
    size_t nc = KOL__METRIC_N + 1 + mo->n_custom; /* stored columns */
    size_t i, c, k;
    double *blk;
    rc->ncols = KOL_VALUE_COLUMN_CUSTOM_BASE + mo->n_custom;
    rc->cols = kol__calloc_array(mo->ctx, rc->ncols, sizeof(double *));
    /* n >= 1: callers never convert an empty set of records */
    rc->block = kol__alloc_array(mo->ctx, nc * n, sizeof(double));
    if (!rc->cols || !rc->block) {
        free_rcols(mo->ctx, rc);
        return KOL_STATUS_NOMEM;
    }
    blk = rc->block;
    for (c = 0; c < KOL__METRIC_N; c++)
        rc->cols[c] = blk + c * n;
    rc->cols[KOL_VALUE_COLUMN_PORTRAIT_MATCH] = blk + KOL__METRIC_N * n;
    for (k = 0; k < mo->n_custom; k++)
        rc->cols[KOL_VALUE_COLUMN_CUSTOM_BASE + k] =
            blk + (KOL__METRIC_N + 1 + k) * n;
    for (i = 0; i < n; i++) {
        const struct kol_record *r = recs[i];
        double pm;
        for (c = 0; c < KOL__METRIC_N; c++)
            blk[c * n + i] = kol__has(r, (int)c) ? r->metrics[c] : NAN;
        /* validate_columns() checks this too, naming the row only */
        if (blk[KOL_METRIC_DISPUTES * n + i] >
            blk[KOL_METRIC_COOPERATIONS * n + i]) { /* false for NaN */
            double d = blk[KOL_METRIC_DISPUTES * n + i];
            double co = blk[KOL_METRIC_COOPERATIONS * n + i];
            free_rcols(mo->ctx, rc);
            return kol__fail(mo->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "%s: record %z (%r): disputes %g above "
                             "cooperations %g",
                             fn, i, r->text[KOL_TEXT_ID], d, co);
        }
        blk[KOL__METRIC_N * n + i] = portrait_match(mo, r, &pm) ? pm : NAN;
        for (k = 0; k < mo->n_custom; k++) {
            double v = 0.0;
            int32_t present = 0;
            int code;
            if (!all && !(mo->w[NB + k] > 0.0)) {
                blk[(KOL__METRIC_N + 1 + k) * n + i] = NAN;
                continue;
            }
            mo->busy = fn;
            code = mo->custom[k].fn(mo->custom[k].user, r, &v, &present);
            mo->busy = NULL;
            if (code != 0) {
                free_rcols(mo->ctx, rc);
                return kol__callback_stop(
                    mo->ctx, KOL_STATUS_CALLBACK, code,
                    "%s: custom sub-metric %q stopped at record %z (%r) "
                    "with code %d",
                    fn, mo->custom[k].name, i, r->text[KOL_TEXT_ID], code);
            }
            if (present && isnan(v)) {
                free_rcols(mo->ctx, rc);
                return kol__fail(mo->ctx, KOL_STATUS_NOT_FINITE,
                                 "%s: custom sub-metric %q gave NaN for "
                                 "record %z (%r)",
                                 fn, mo->custom[k].name, i,
                                 r->text[KOL_TEXT_ID]);
            }
            if (present) {
                /* the domain validate_columns() checks, reported here
                 * with the record rather than an internal column code */
                double lo, hi;
                custom_domain(mo, k, &lo, &hi);
                if (!(v >= lo && v <= hi)) {
                    free_rcols(mo->ctx, rc);
                    return kol__fail(
                        mo->ctx,
                        isinf(v) ? KOL_STATUS_NOT_FINITE
                                 : KOL_STATUS_OUT_OF_RANGE,
                        "%s: custom sub-metric %q gave %g for record %z "
                        "(%r), outside [%g, %g]",
                        fn, mo->custom[k].name, v, i, r->text[KOL_TEXT_ID],
                        lo, hi);
                }
            }
            blk[(KOL__METRIC_N + 1 + k) * n + i] = present ? v : NAN;
        }
    }
    return KOL_STATUS_OK;
}

static kol_status roster_records(kol_value_model *mo, const kol_roster *ro,
                                 const kol_record ***recs, size_t *n)
{
    size_t i, sz = kol_roster_size(ro);
    const kol_record **a = kol__alloc_array(mo->ctx, sz ? sz : 1, sizeof *a);
    if (!a)
        return KOL_STATUS_NOMEM;
    for (i = 0; i < sz; i++)
        kol_roster_at(ro, i, &a[i]);
    *recs = a;
    *n = sz;
    return KOL_STATUS_OK;
}

kol_status kol_value_model_set_reference(kol_value_model *mo,
                                         const kol_roster *roster)
{
    const kol_record **recs = NULL;
    struct rcols rc;
    struct ref *r = NULL;
    size_t n;
    kol_status st;
    const char *fn = "kol_value_model_set_reference", *prev;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_model_set_reference", mo->busy);
    if (!roster) {
        kol__free(mo->ctx, mo->ref);
        mo->ref = NULL;
        update_id(mo);
        return KOL_STATUS_OK;
    }
    if (kol_roster_size(roster) == 0)
        return kol__fail(mo->ctx, KOL_STATUS_EMPTY, "%s: empty roster", fn);
    /* the callbacks must not change the roster whose records are read */
    prev = kol__roster_mark(roster, fn);
    st = roster_records(mo, roster, &recs, &n);
    if (st == KOL_STATUS_OK) {
        st = records_to_columns(mo, recs, n, &rc, fn, 1);
        kol__free(mo->ctx, (void *)recs);
    }
    if (st == KOL_STATUS_OK) {
        st = run_columns(mo, rc.cols, rc.ncols, n, NULL, NULL, &r, fn);
        free_rcols(mo->ctx, &rc);
    }
    (void)kol__roster_mark(roster, prev);
    if (st != KOL_STATUS_OK)
        return kol__nomem_in(mo->ctx, st, fn);
    kol__free(mo->ctx, mo->ref);
    mo->ref = r;
    update_id(mo);
    return KOL_STATUS_OK;
}

kol_status kol_value_score_record(kol_value_model *mo, const kol_record *rec,
                                  double *out, double *contributions,
                                  size_t n_contributions)
{
    struct rcols rc;
    double o[KOL_VALUE_OUT_COUNT], con[MAXM];
    kol_status st;
    const char *fn = "kol_value_score_record";
    uint32_t nm;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_score_record", mo->busy);
    if (!rec || !out || (n_contributions > 0 && !contributions))
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: %s is NULL", fn,
                         !rec ? "rec" : !out ? "out" : "contributions");
    if (!mo->ref)
        return kol__fail(mo->ctx, KOL_STATUS_BAD_STATE,
                         "%s: the model holds no reference cohort (see "
                         "kol_value_model_set_reference)",
                         fn);
    st = records_to_columns(mo, &rec, 1, &rc, fn, 0);
    if (st != KOL_STATUS_OK)
        return kol__nomem_in(mo->ctx, st, fn);
    st = run_columns(mo, rc.cols, rc.ncols, 1, o, con, NULL, fn);
    free_rcols(mo->ctx, &rc);
    if (st != KOL_STATUS_OK)
        return kol__nomem_in(mo->ctx, st, fn);
    memcpy(out, o, sizeof o);
    nm = NB + (uint32_t)mo->n_custom;
    if (contributions)
        memcpy(contributions, con,
               (n_contributions < nm ? n_contributions : nm) * sizeof(double));
    return KOL_STATUS_OK;
}

/* Ranking: total descending, then id ascending (merge sort, stable). */
static int rank_before(const double *out, const kol_record *const *recs,
                       size_t a, size_t b)
{
    double ta = out[a * KOL_VALUE_OUT_COUNT], tb = out[b * KOL_VALUE_OUT_COUNT];
    if (ta != tb)
        return ta > tb;
    return strcmp(recs[a]->text[KOL_TEXT_ID], recs[b]->text[KOL_TEXT_ID]) < 0;
}

static void merge_rank(size_t *idx, size_t *tmp, size_t n, const double *out,
                       const kol_record *const *recs)
{
    size_t width, i;
    for (width = 1; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            size_t lo = i, mid = i + width < n ? i + width : n;
            size_t hi = i + 2 * width < n ? i + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                tmp[k++] = rank_before(out, recs, idx[b], idx[a]) ? idx[b++]
                                                                  : idx[a++];
            while (a < mid)
                tmp[k++] = idx[a++];
            while (b < hi)
                tmp[k++] = idx[b++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

kol_status kol_value_score_roster(kol_value_model *mo,
                                  const kol_roster *roster,
                                  kol_value_result **out)
{
    const kol_record **recs = NULL;
    struct rcols rc;
    kol_value_result *res;
    size_t n, i, *tmp;
    kol_status st;
    const char *fn = "kol_value_score_roster", *prev;
    if (out)
        *out = NULL;
    if (!mo)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (mo->busy)
        return kol__busy(mo->ctx, "kol_value_score_roster", mo->busy);
    if (!roster || !out)
        return kol__fail(mo->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: %s is NULL", fn, roster ? "out" : "roster");
    res = kol__alloc(mo->ctx, sizeof *res);
    if (!res)
        return kol__nomem_in(mo->ctx, KOL_STATUS_NOMEM, fn);
    memset(res, 0, sizeof *res);
    res->ctx = mo->ctx;
    res->m = NB + (uint32_t)mo->n_custom;
    /* the callbacks must not change the roster whose records are read
     * (the ranking reads their ids after the last callback) */
    prev = kol__roster_mark(roster, fn);
    st = roster_records(mo, roster, &recs, &n);
    if (st != KOL_STATUS_OK)
        goto fail;
    res->n = n;
    res->out = kol__alloc_array(mo->ctx, (n ? n : 1) * KOL_VALUE_OUT_COUNT,
                                sizeof(double));
    res->contrib = kol__alloc_array(mo->ctx, (n ? n : 1) * res->m,
                                    sizeof(double));
    res->order = kol__alloc_array(mo->ctx, n ? n : 1, sizeof(size_t));
    tmp = kol__alloc_array(mo->ctx, n ? n : 1, sizeof(size_t));
    if (!res->out || !res->contrib || !res->order || !tmp) {
        kol__free(mo->ctx, tmp);
        st = KOL_STATUS_NOMEM;
        goto fail;
    }
    if (n > 0) {
        st = records_to_columns(mo, recs, n, &rc, fn, 0);
        if (st == KOL_STATUS_OK) {
            st = run_columns(mo, rc.cols, rc.ncols, n, res->out, res->contrib,
                             NULL, fn);
            free_rcols(mo->ctx, &rc);
        }
        if (st != KOL_STATUS_OK) {
            kol__free(mo->ctx, tmp);
            goto fail;
        }
    } else {
        st = model_progress(mo, 0, 0, fn);
        if (st != KOL_STATUS_OK) {
            kol__free(mo->ctx, tmp);
            goto fail;
        }
    }
    for (i = 0; i < n; i++)
        res->order[i] = i;
    merge_rank(res->order, tmp, n, res->out, recs);
    (void)kol__roster_mark(roster, prev);
    kol__free(mo->ctx, tmp);
    kol__free(mo->ctx, (void *)recs);
    *out = res;
    return KOL_STATUS_OK;
fail:
    (void)kol__roster_mark(roster, prev);
    kol__free(mo->ctx, (void *)recs);
    kol_value_result_free(res);
    return kol__nomem_in(mo->ctx, st, fn);
}

void kol_value_result_free(kol_value_result *res)
{
    if (!res)
        return;
    kol__free(res->ctx, res->out);
    kol__free(res->ctx, res->contrib);
    kol__free(res->ctx, res->order);
    kol__free(res->ctx, res);
}

size_t kol_value_result_size(const kol_value_result *res)
{
    return res ? res->n : 0u;
}

kol_status kol_value_result_get(const kol_value_result *res, size_t index,
                                int field, double *out)
{
    if (!res)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(res->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_result_get: out is NULL");
    if (field < 0 || field >= KOL_VALUE_OUT_COUNT)
        return kol__fail(res->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_result_get: unknown field %d", field);
    if (index >= res->n)
        return kol__fail(res->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_value_result_get: index %z, size %z", index,
                         res->n);
    *out = res->out[index * KOL_VALUE_OUT_COUNT + (size_t)field];
    return KOL_STATUS_OK;
}

kol_status kol_value_result_contribution(const kol_value_result *res,
                                         size_t index, int metric, double *out)
{
    if (!res)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out)
        return kol__fail(res->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_result_contribution: out is NULL");
    if (metric < 0 || (uint32_t)metric >= res->m)
        return kol__fail(res->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "kol_value_result_contribution: unknown sub-metric "
                         "%d",
                         metric);
    if (index >= res->n)
        return kol__fail(res->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_value_result_contribution: index %z, size %z",
                         index, res->n);
    *out = res->contrib[index * res->m + (size_t)metric];
    return KOL_STATUS_OK;
}

kol_status kol_value_result_rank(const kol_value_result *res, size_t rank,
                                 size_t *index)
{
    if (!res)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!index)
        return kol__fail(res->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_value_result_rank: index is NULL");
    if (rank >= res->n)
        return kol__fail(res->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_value_result_rank: rank %z, size %z", rank,
                         res->n);
    *index = res->order[rank];
    return KOL_STATUS_OK;
}
