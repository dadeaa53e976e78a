/* Streaming traffic monitor (include/kol/traffic.h).
 *
 * The model is written down in docs/model-traffic.md; the names below
 * follow it. Every per-sample step depends only on the state and the
 * sample, so results do not depend on how the host cuts the input. */
#include <math.h>
#include <string.h>

#include "kol/traffic.h"
#include "internal/base.h"

#define NCH_MAX KOL_CHANNEL_COUNT
#define SIG_N 5 /* burst, ratio, drip, plateau, drop */
#define SIG_ALL 31u
#define MAX_COUNT 9007199254740992.0 /* 2^53 */
#define READ_ROWS 256

enum { S_BURST = 0, S_RATIO = 1, S_DRIP = 2, S_PLATEAU = 3, S_DROP = 4 };

static const char *const channel_names[NCH_MAX] = {
    "views", "likes", "comments", "shares", "saves", "follows", "orders"};

struct param_info {
    double min, max, def;
    int integral;
    const char *name;
};

static const struct param_info params[KOL_TRAFFIC_PARAM_COUNT] = {
    {1, 1e12, 60, 1, "step"},
    {0, 1, 0, 1, "cumulative"},
    {0, 1, 0, 1, "order_policy"},
    {1, 100000, 10, 1, "warmup"},
    {1, 100, 4, 0, "burst_z"},
    {1, 100, 4, 0, "ratio_z"},
    {0, 1e15, 3, 0, "min_excess"},
    {4, 240, 20, 1, "drip_window"},
    {1e-9, 1, 0.2, 0, "drip_dispersion"},
    {0, 1e15, 3, 0, "drip_min_mean"},
    {2, 240, 5, 1, "plateau_length"},
    {0, 1e15, 5, 0, "plateau_min_expected"},
    {1e-6, 1, 0.1, 0, "alpha"},
    {0, 1e9, 10080, 1, "max_gap"},
    {0, 1e6, 256, 1, "max_intervals"},
    {0, 31, 31, 1, "signals"},
    {-1, NCH_MAX - 1, -1, 1, "reference"},
    {0, 1e6, 1, 0, "dispersion_floor"},
};

/* Per-channel detector state. */
struct chan {
    /* level: expected increment and dispersion (variance / mean) */
    double mu, phi;
    uint64_t nobs;
    /* ratio to the reference channel: smoothed sums and dispersion */
    double sc, sr, psi;
    uint64_t qn;
    /* drip window (ring of the last ring_n increments) */
    double *ring;
    uint32_t ring_n, ring_pos;
    double wsum, wd2; /* window sums: x, squared successive differences */
    double dix;      /* usual dispersion index of unflagged windows */
    uint64_t dn;
    /* plateau: the last step and the flat run after it */
    uint32_t flat_run;
    int step_ok;
    double step_b, step_lam;
    /* counters */
    double counter;
    int has_counter;
    /* totals over emitted slots */
    double obs_total, res_total, var_total, dropped;
};

/* One slot waiting in the delay line. Arrays are n_channels long. */
struct entry {
    uint64_t slot;
    uint32_t n_samples;
    uint32_t missing_all;
    uint32_t filled;  /* spread over a gap from a counter reading */
    double *obs;     /* increment */
    double *res;     /* restored before drip correction */
    double *drip;    /* drip rate to remove (0: none) */
    double *disp;    /* dispersion at ingestion */
    double *sig;     /* SIG_N strengths per channel */
    uint32_t *cre;   /* reasons per channel */
    uint8_t *present;
};

struct interval {
    int64_t start, end;
    uint32_t reasons;
    double peak;
};

struct kol_traffic {
    kol_ctx *ctx;
    size_t nch;
    int32_t channels[NCH_MAX];
    double p[KOL_TRAFFIC_PARAM_COUNT];
    /* derived from params at the first sample */
    int64_t step;
    int cumulative, order_skip;
    uint32_t warmup, drip_w, plat_len, delay, signals;
    double inv_w, inv_2w1;  /* 1 / drip_w, 1 / (2 (drip_w - 1)) */
    uint64_t max_gap;
    size_t max_iv;
    int ref;          /* index of the reference channel, -1 when none */
    /* state */
    int started, finished, stopped;
    int64_t t0;
    uint64_t cur;          /* open slot */
    uint32_t cur_samples;
    double acc[NCH_MAX];
    uint8_t acc_present[NCH_MAX];
    double acc_drop[NCH_MAX];
    struct chan ch[NCH_MAX];
    /* delay line: ring of cap entries, n of them in use from head */
    struct entry *line;
    uint32_t line_cap, line_head, line_n;
    void *block;           /* one allocation for every array above */
    /* results */
    uint64_t slots, flagged, skipped;
    struct interval *iv;
    double *iv_inflated;   /* max_iv * nch */
    size_t iv_n;
    uint64_t iv_total;
    int iv_open;           /* the last interval is still growing */
    uint64_t iv_last_slot;
};

/* ------------------------------------------------------------------ */

KOL_API const char *kol_channel_name(int channel)
{
    if (channel < 0 || channel >= NCH_MAX)
        return NULL;
    return channel_names[channel];
}

KOL_API kol_status kol_channel_from_name(const char *name, int32_t *out)
{
    int i;
    if (!name || !out)
        return KOL_STATUS_INVALID_ARGUMENT;
    for (i = 0; i < NCH_MAX; i++) {
        if (strcmp(name, channel_names[i]) == 0) {
            *out = i;
            return KOL_STATUS_OK;
        }
    }
    return KOL_STATUS_NOT_FOUND;
}

KOL_API const char *kol_traffic_reason_name(uint32_t reason)
{
    switch (reason) {
    case KOL_TRAFFIC_REASON_BURST: return "burst";
    case KOL_TRAFFIC_REASON_RATIO: return "ratio";
    case KOL_TRAFFIC_REASON_DRIP: return "drip";
    case KOL_TRAFFIC_REASON_PLATEAU: return "plateau";
    case KOL_TRAFFIC_REASON_DROP: return "drop";
    case KOL_TRAFFIC_REASON_MISSING: return "missing";
    default: return NULL;
    }
}

KOL_API kol_status kol_traffic_param_bounds(int param, double *min,
                                            double *max,
                                            double *default_value)
{
    if (param < 0 || param >= KOL_TRAFFIC_PARAM_COUNT)
        return KOL_STATUS_UNKNOWN_ENUM;
    if (min)
        *min = params[param].min;
    if (max)
        *max = params[param].max;
    if (default_value)
        *default_value = params[param].def;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_new(kol_ctx *ctx, const int32_t *channels,
                                   size_t n_channels, kol_traffic **out)
{
    kol_traffic *t;
    size_t i, j;
    if (out)
        *out = NULL;
    if (!ctx)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!out || !channels)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "traffic new: %s is NULL",
                         !out ? "out" : "channels");
    if (n_channels == 0 || n_channels > NCH_MAX)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "traffic new: %z channels given, 1 to %d accepted",
                         n_channels, NCH_MAX);
    for (i = 0; i < n_channels; i++) {
        if (channels[i] < 0 || channels[i] >= NCH_MAX)
            return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "traffic new: channel %z: unknown code %d", i,
                             (int)channels[i]);
        for (j = 0; j < i; j++)
            if (channels[j] == channels[i])
                return kol__fail(ctx, KOL_STATUS_DUPLICATE,
                                 "traffic new: channel %z: %s given twice "
                                 "(also at %z)",
                                 i, channel_names[channels[i]], j);
    }
    t = kol__alloc(ctx, sizeof *t);
    if (!t)
        return KOL_STATUS_NOMEM;
    memset(t, 0, sizeof *t);
    t->ctx = ctx;
    t->nch = n_channels;
    for (i = 0; i < n_channels; i++)
        t->channels[i] = channels[i];
    for (i = 0; i < KOL_TRAFFIC_PARAM_COUNT; i++)
        t->p[i] = params[i].def;
    *out = t;
    return KOL_STATUS_OK;
}

static void release_state(kol_traffic *t)
{
    kol__free(t->ctx, t->block);
    t->block = NULL;
    t->iv = NULL;
    t->iv_inflated = NULL;
}

KOL_API void kol_traffic_free(kol_traffic *t)
{
    if (!t)
        return;
    release_state(t);
    kol__free(t->ctx, t);
}

KOL_API kol_status kol_traffic_set_param(kol_traffic *t, int param,
                                         double value)
{
    const struct param_info *pi;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (param < 0 || param >= KOL_TRAFFIC_PARAM_COUNT)
        return kol__fail(t->ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "traffic set_param: unknown parameter %d", param);
    pi = &params[param];
    if (!isfinite(value))
        return kol__fail(t->ctx, KOL_STATUS_NOT_FINITE,
                         "traffic set_param: %s: value %g is not finite",
                         pi->name, value);
    if (value < pi->min || value > pi->max)
        return kol__fail(t->ctx, KOL_STATUS_OUT_OF_RANGE,
                         "traffic set_param: %s: value %g outside [%g, %g]",
                         pi->name, value, pi->min, pi->max);
    if (pi->integral && value != floor(value))
        return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "traffic set_param: %s: value %g is not an integer",
                         pi->name, value);
    if (param == KOL_TRAFFIC_PARAM_REFERENCE && value >= 0) {
        size_t i;
        int found = 0;
        for (i = 0; i < t->nch; i++)
            if (t->channels[i] == (int32_t)value)
                found = 1;
        if (!found)
            return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "traffic set_param: reference: channel %s is "
                             "not one of the monitor's channels",
                             channel_names[(int)value]);
    }
    if (t->started || t->finished || t->stopped)
        return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                         "traffic set_param: %s: samples were already fed "
                         "(reset the monitor first)",
                         pi->name);
    t->p[param] = value;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_get_param(const kol_traffic *t, int param,
                                         double *value)
{
    if (!t || !value)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (param < 0 || param >= KOL_TRAFFIC_PARAM_COUNT)
        return KOL_STATUS_UNKNOWN_ENUM;
    *value = t->p[param];
    return KOL_STATUS_OK;
}

static uint32_t delay_of(const double *p)
{
    uint32_t a = (uint32_t)p[KOL_TRAFFIC_PARAM_DRIP_WINDOW] - 1u;
    uint32_t b = (uint32_t)p[KOL_TRAFFIC_PARAM_PLATEAU_LENGTH] + 1u;
    return a > b ? a : b;
}

KOL_API uint32_t kol_traffic_delay(const kol_traffic *t)
{
    return t ? delay_of(t->p) : 0;
}

/* ------------------------------------------------------------------ */
/* Start: derive parameters and allocate every array in one block.     */

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

static kol_status start(kol_traffic *t, int64_t t0)
{
    size_t nch = t->nch, cap, per_entry, total, i;
    uint32_t w = (uint32_t)t->p[KOL_TRAFFIC_PARAM_DRIP_WINDOW];
    unsigned char *b;
    struct entry *line;

    t->delay = delay_of(t->p);
    cap = (size_t)t->delay + 1u;
    per_entry = align8(nch * sizeof(double)) * 4u
              + align8(nch * SIG_N * sizeof(double))
              + align8(nch * sizeof(uint32_t)) + align8(nch);
    t->max_iv = (size_t)t->p[KOL_TRAFFIC_PARAM_MAX_INTERVALS];
    total = align8(cap * sizeof(struct entry)) + cap * per_entry
          + nch * align8(w * sizeof(double))
          + align8(t->max_iv * sizeof(struct interval))
          + t->max_iv * nch * sizeof(double);
    b = kol__alloc(t->ctx, total);
    if (!b)
        return KOL_STATUS_NOMEM;
    memset(b, 0, total);
    line = (struct entry *)(void *)b;
    b += align8(cap * sizeof(struct entry));
    for (i = 0; i < cap; i++) {
        line[i].obs = (double *)(void *)b;
        b += align8(nch * sizeof(double));
        line[i].res = (double *)(void *)b;
        b += align8(nch * sizeof(double));
        line[i].drip = (double *)(void *)b;
        b += align8(nch * sizeof(double));
        line[i].disp = (double *)(void *)b;
        b += align8(nch * sizeof(double));
        line[i].sig = (double *)(void *)b;
        b += align8(nch * SIG_N * sizeof(double));
        line[i].cre = (uint32_t *)(void *)b;
        b += align8(nch * sizeof(uint32_t));
        line[i].present = b;
        b += align8(nch);
    }
    for (i = 0; i < nch; i++) {
        t->ch[i].ring = (double *)(void *)b;
        b += align8(w * sizeof(double));
    }
    t->iv = (struct interval *)(void *)b;
    b += align8(t->max_iv * sizeof(struct interval));
    t->iv_inflated = (double *)(void *)b;
    t->block = line;
    t->line = line;
    t->line_cap = (uint32_t)cap;
    t->line_head = 0;
    t->line_n = 0;
    t->step = (int64_t)t->p[KOL_TRAFFIC_PARAM_STEP];
    t->cumulative = t->p[KOL_TRAFFIC_PARAM_CUMULATIVE] != 0;
    t->order_skip = t->p[KOL_TRAFFIC_PARAM_ORDER_POLICY] != 0;
    t->warmup = (uint32_t)t->p[KOL_TRAFFIC_PARAM_WARMUP];
    t->drip_w = w;
    t->inv_w = 1.0 / (double)w;
    t->inv_2w1 = 1.0 / (2.0 * (double)(w - 1u));
    t->plat_len = (uint32_t)t->p[KOL_TRAFFIC_PARAM_PLATEAU_LENGTH];
    t->signals = (uint32_t)t->p[KOL_TRAFFIC_PARAM_SIGNALS];
    t->max_gap = (uint64_t)t->p[KOL_TRAFFIC_PARAM_MAX_GAP];
    t->ref = -1;
    {
        int want = (int)t->p[KOL_TRAFFIC_PARAM_REFERENCE];
        if (want < 0)
            want = KOL_CHANNEL_VIEWS;
        for (i = 0; i < nch; i++)
            if (t->channels[i] == want)
                t->ref = (int)i;
        if (t->ref < 0 && t->p[KOL_TRAFFIC_PARAM_REFERENCE] < 0)
            t->ref = 0;
        if (nch < 2)
            t->ref = -1;
    }
    t->started = 1;
    t->t0 = t0;
    t->cur = 0;
    t->cur_samples = 0;
    return KOL_STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Emission                                                            */

static double logistic(double x)
{
    if (x > 40)
        return 1.0;
    if (x < -40)
        return 0.0;
    return 1.0 / (1.0 + exp(-x));
}

/* Strength of a z-type signal: sigma(1.5 (z - k)) within 3 sd of its
 * threshold, 0 below (where it would be under 0.011). */
static double zsig(double z, double k)
{
    if (z <= k - 3.0)
        return 0.0;
    return logistic(1.5 * (z - k));
}

/* Start of slot s: t0 + s * step, computed modulo 2^64 (exact, since it
 * lies between t0 and a timestamp that was given). */
static int64_t slot_time(const kol_traffic *t, uint64_t s)
{
    uint64_t u = (uint64_t)t->t0 + s * (uint64_t)t->step;
    if (u <= (uint64_t)INT64_MAX)
        return (int64_t)u;
    return -(int64_t)(~u) - 1; /* two's complement, without overflow */
}

static void interval_add(kol_traffic *t, const struct entry *e,
                               uint32_t reasons, double score)
{
    size_t c, nch = t->nch;
    int64_t ts = slot_time(t, e->slot);
    if (t->iv_open && e->slot == t->iv_last_slot + 1u) {
        if (t->iv_n > 0 && t->iv_total == t->iv_n) {
            struct interval *v = &t->iv[t->iv_n - 1];
            double *inf = t->iv_inflated + (t->iv_n - 1) * nch;
            v->end = ts;
            v->reasons |= reasons;
            if (score > v->peak)
                v->peak = score;
            for (c = 0; c < nch; c++)
                inf[c] += e->obs[c] - e->res[c];
        }
        t->iv_last_slot = e->slot;
        return;
    }
    t->iv_total++;
    t->iv_open = 1;
    t->iv_last_slot = e->slot;
    if (t->iv_n < t->max_iv) {
        struct interval *v;
        double *inf;
        v = &t->iv[t->iv_n];
        inf = t->iv_inflated + t->iv_n * nch;
        v->start = ts;
        v->end = ts;
        v->reasons = reasons;
        v->peak = score;
        for (c = 0; c < nch; c++)
            inf[c] = e->obs[c] - e->res[c];
        t->iv_n++;
    }
}

/* Emit the oldest entry of the delay line. */
static kol_status emit_oldest(kol_traffic *t, kol_traffic_emit_fn emit,
                              void *user)
{
    struct entry *e = &t->line[t->line_head];
    size_t c, nch = t->nch;
    double keep = 1.0, score;
    uint32_t reasons = 0;
    int64_t ts;

    for (c = 0; c < nch; c++) {
        int s;
        if (!e->present[c]) {
            e->res[c] = 0;
            continue;
        }
        if (e->drip[c] > 0) {
            double r = e->obs[c] - e->drip[c];
            if (r < 0)
                r = 0;
            if (r < e->res[c])
                e->res[c] = r;
        }
        if (e->res[c] > e->obs[c])
            e->res[c] = e->obs[c];
        if (e->res[c] < 0)
            e->res[c] = 0;
        for (s = 0; s < SIG_N; s++)
            keep *= 1.0 - e->sig[c * SIG_N + (size_t)s];
        reasons |= e->cre[c];
    }
    score = 1.0 - keep;
    if (score < 0)
        score = 0;
    if (score > 1)
        score = 1;
    if (reasons == 0 && score >= 0.5)
        score = 0.49;
    if (reasons != 0 && score < 0.5)
        score = 0.5;
    if (e->missing_all) {
        reasons = KOL_TRAFFIC_REASON_MISSING;
        score = 0;
    }
    /* totals */
    for (c = 0; c < nch; c++) {
        struct chan *h = &t->ch[c];
        if (!e->present[c])
            continue;
        h->obs_total += e->obs[c];
        h->res_total += e->res[c];
        if (e->res[c] < e->obs[c]) {
            double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
            h->var_total += e->disp[c] * (e->res[c] + (d0 > 0 ? d0 : 0));
        }
    }
    t->slots++;
    if (reasons & SIG_ALL) {
        t->flagged++;
        interval_add(t, e, reasons & SIG_ALL, score);
    } else {
        t->iv_open = 0;
    }
    ts = slot_time(t, e->slot);
    t->line_head = (t->line_head + 1u) % t->line_cap;
    t->line_n--;
    if (emit) {
        int rc = emit(user, ts, e->n_samples, score, reasons, e->obs, e->res,
                      e->cre, nch);
        if (rc != 0) {
            t->stopped = 1;
            return kol__callback_stop(t->ctx, KOL_STATUS_CALLBACK, rc,
                                      "traffic: the emit callback stopped "
                                      "the series at slot %L (code %d)",
                                      e->slot, rc);
        }
    }
    return KOL_STATUS_OK;
}

/* Entry k slots back from the newest (k = 0: newest). */
static struct entry *back(kol_traffic *t, uint32_t k)
{
    uint32_t idx = (t->line_head + t->line_n - 1u - k) % t->line_cap;
    return &t->line[idx];
}

/* ------------------------------------------------------------------ */
/* Ingestion of one closed slot                                        */

static void mark(struct entry *e, size_t c, int s, double strength,
                 uint32_t reason)
{
    double *p = &e->sig[c * SIG_N + (size_t)s];
    if (strength > *p)
        *p = strength;
    e->cre[c] |= reason;
}

static void soft(struct entry *e, size_t c, int s, double strength)
{
    double *p = &e->sig[c * SIG_N + (size_t)s];
    if (strength > 0.49)
        strength = 0.49;
    if (strength > *p)
        *p = strength;
}

/* Smoothing weight: a running mean over the first observations, then
 * alpha (a quarter of it for a flagged observation). */
static double weight(uint64_t n, double alpha)
{
    double w;
    if ((double)(n + 1u) * alpha >= 1.0)
        return alpha;
    w = 1.0 / (double)(n + 1u);
    return w > alpha ? w : alpha;
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* The slot in the newest entry of the line is complete: run the
 * detectors on it (docs/model-traffic.md, "Detectors"). */
static void ingest(kol_traffic *t)
{
    struct entry *e = back(t, 0);
    size_t c, nch = t->nch;
    const double kb = t->p[KOL_TRAFFIC_PARAM_BURST_Z];
    const double kr = t->p[KOL_TRAFFIC_PARAM_RATIO_Z];
    const double minx = t->p[KOL_TRAFFIC_PARAM_MIN_EXCESS];
    const double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
    const double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
    const uint32_t sig = t->signals;
    double bexp[NCH_MAX], zc[NCH_MAX], phi_[NCH_MAX];
    int warm[NCH_MAX];

    for (c = 0; c < nch; c++) {
        struct chan *h = &t->ch[c];
        double x = e->obs[c], b, phi, w, v, z, sd, inv;
        warm[c] = 0;
        zc[c] = 0;
        bexp[c] = 0;
        phi_[c] = 0;
        e->res[c] = x;
        if (!e->present[c]) {
            h->ring_n = 0;
            h->flat_run = 0;
            h->step_ok = 0;
            continue;
        }
        b = h->nobs ? h->mu : x;
        phi = h->phi > d0 ? h->phi : d0;
        w = b + (d0 > 0 ? d0 : 1e-9 * (1.0 + b));
        v = phi * w;
        if (v < 1e-12 * (1.0 + b * b))
            v = 1e-12 * (1.0 + b * b);
        sd = sqrt(v);
        inv = 1.0 / sd;
        z = h->nobs ? (x - b) * inv : 0;
        bexp[c] = b;
        phi_[c] = phi;
        zc[c] = z;
        e->disp[c] = phi;
        warm[c] = h->nobs >= t->warmup;
        if (warm[c] && (sig & KOL_TRAFFIC_REASON_BURST)) {
            double s = zsig(z, kb);
            if (z >= kb && x - b >= minx) {
                mark(e, c, S_BURST, s < 0.5 ? 0.5 : s,
                     KOL_TRAFFIC_REASON_BURST);
                if (b < e->res[c])
                    e->res[c] = b;
            } else {
                soft(e, c, S_BURST, s);
            }
        }
        if (warm[c] && (sig & KOL_TRAFFIC_REASON_DROP)) {
            double s = zsig(-z, kb);
            if (-z >= kb && b - x >= minx)
                mark(e, c, S_DROP, s < 0.5 ? 0.5 : s,
                     KOL_TRAFFIC_REASON_DROP);
            else
                soft(e, c, S_DROP, s);
        }
        /* level and dispersion (Huber-clipped exponential smoothing) */
        {
            double a = weight(h->nobs, alpha);
            if (h->nobs == 0) {
                h->mu = x;
                h->phi = d0;
            } else {
                /* a flagged slot counts as a 2 sd residual */
                int an = (e->cre[c] & (KOL_TRAFFIC_REASON_BURST |
                                       KOL_TRAFFIC_REASON_DROP)) != 0;
                double r = clampd(x - b, -kb * sd, kb * sd);
                if (an)
                    r = clampd(r, -2.0 * sd, 2.0 * sd);
                h->phi += a * (r * r / w - h->phi);
                h->mu += a * r;
                if (h->mu < 0)
                    h->mu = 0;
            }
            h->nobs++;
        }
    }

    /* ratio breaks against the reference channel */
    if (t->ref >= 0 && (sig & KOL_TRAFFIC_REASON_RATIO)) {
        size_t r = (size_t)t->ref;
        double ref_cap = -1;
        for (c = 0; c < nch; c++) {
            struct chan *h = &t->ch[c];
            double xc, xr, rho, ec, w, psi, v, u, rz, a, sdr, invr;
            if (c == r || !e->present[c] || !e->present[r])
                continue;
            xc = e->obs[c];
            xr = e->obs[r];
            if (h->qn == 0 || h->sr <= 0) {
                h->sc += weight(h->qn, alpha) * (xc - h->sc);
                h->sr += weight(h->qn, alpha) * (xr - h->sr);
                h->qn++;
                continue;
            }
            rho = h->sc / h->sr;
            ec = rho * xr;
            w = ec + (d0 > 0 ? d0 : 1e-9 * (1.0 + ec));
            psi = h->psi > d0 ? h->psi : d0;
            v = psi * w;
            if (v < 1e-12 * (1.0 + ec * ec))
                v = 1e-12 * (1.0 + ec * ec);
            u = xc - ec;
            sdr = sqrt(v);
            invr = 1.0 / sdr;
            rz = u * invr;
            if (h->qn >= t->warmup && warm[c] && warm[r]) {
                double s = zsig(fabs(rz), kr);
                if (rz >= kr && u >= minx) {
                    mark(e, c, S_RATIO, s < 0.5 ? 0.5 : s,
                         KOL_TRAFFIC_REASON_RATIO);
                    if (zc[c] >= 0.5 * kr && ec < e->res[c])
                        e->res[c] = ec;
                } else if (rz <= -kr && rho > 0 && xr - xc / rho >= minx) {
                    double er = xc / rho;
                    mark(e, r, S_RATIO, s < 0.5 ? 0.5 : s,
                         KOL_TRAFFIC_REASON_RATIO);
                    if (zc[r] >= 0.5 * kr && er > ref_cap)
                        ref_cap = er;
                } else {
                    soft(e, c, S_RATIO, s);
                }
            }
            a = weight(h->qn, alpha);
            {
                double sd = sdr, r3 = clampd(u, -kr * sd, kr * sd);
                double xcc;
                if (h->qn == 1)
                    h->psi = d0;
                if (fabs(rz) >= kr)
                    r3 = clampd(r3, -2.0 * sd, 2.0 * sd);
                h->psi += a * (r3 * r3 / w - h->psi);
                xcc = ec + r3;
                h->sc += a * (xcc - h->sc);
                h->sr += a * (xr - h->sr);
            }
            h->qn++;
        }
        if (ref_cap >= 0 && ref_cap < e->res[r])
            e->res[r] = ref_cap;
    }

    /* drips and plateaus */
    for (c = 0; c < nch; c++) {
        struct chan *h = &t->ch[c];
        double x = e->obs[c];
        if (!e->present[c])
            continue;
        if (e->filled) {
            h->ring_n = 0;
            h->flat_run = 0;
            h->step_ok = 0;
            continue;
        }
        if (sig & KOL_TRAFFIC_REASON_DRIP) {
            uint32_t w = t->drip_w;
            /* running sums over the window: x, and squared differences of
             * consecutive x; recomputed exactly each time the ring wraps so
             * that rounding cannot accumulate */
            if (h->ring_n == 0) {
                h->wsum = 0;
                h->wd2 = 0;
            } else {
                double prev = h->ring[h->ring_pos ? h->ring_pos - 1u
                                                  : w - 1u];
                h->wd2 += (x - prev) * (x - prev);
            }
            if (h->ring_n == w) {
                double old = h->ring[h->ring_pos];
                double next = h->ring[h->ring_pos + 1u == w
                                          ? 0
                                          : h->ring_pos + 1u];
                h->wsum -= old;
                h->wd2 -= (next - old) * (next - old);
            }
            h->ring[h->ring_pos] = x;
            h->wsum += x;
            h->ring_pos = h->ring_pos + 1u == w ? 0 : h->ring_pos + 1u;
            if (h->ring_n < w)
                h->ring_n++;
            if (h->ring_n == w && h->ring_pos == 0) {
                double sum0 = 0, d20 = 0, prev = h->ring[0];
                uint32_t k;
                for (k = 0; k < w; k++) {
                    sum0 += h->ring[k];
                    if (k > 0)
                        d20 += (h->ring[k] - prev) * (h->ring[k] - prev);
                    prev = h->ring[k];
                }
                h->wsum = sum0;
                h->wd2 = d20;
            }
            if (h->ring_n == w && warm[c]) {
                double sum = h->wsum, d2 = h->wd2 > 0 ? h->wd2 : 0;
                double mean, v, ratio, ref;
                const double thr = t->p[KOL_TRAFFIC_PARAM_DRIP_DISPERSION];
                uint32_t k;
                mean = sum * t->inv_w;
                v = d2 * t->inv_2w1;
                ref = h->dn ? (h->dix < 1.0 ? h->dix : 1.0) : 1.0;
                if (ref < d0)
                    ref = d0;
                if (mean >= t->p[KOL_TRAFFIC_PARAM_DRIP_MIN_MEAN] &&
                    mean > 0) {
                    /* with a floor below 1 the usual dispersion is
                     * learned first from the series' own windows */
                    int learn = d0 < 1.0 && h->dn == 0;
                    if (!learn && ref > 0 && v < thr * ref * mean) {
                        ratio = v / mean / ref;
                        double s = logistic(6.0 * (1.0 - ratio / thr));
                        double rate = mean - (ref > 0 ? v / ref : 0);
                        if (s < 0.5)
                            s = 0.5;
                        if (rate < 0)
                            rate = 0;
                        for (k = 0; k < w; k++) {
                            struct entry *o = back(t, k);
                            mark(o, c, S_DRIP, s, KOL_TRAFFIC_REASON_DRIP);
                            if (rate > o->drip[c])
                                o->drip[c] = rate;
                        }
                    } else if (h->ring_pos == 0 || learn) {
                        /* learned from disjoint windows */
                        double raw = v / mean;
                        h->dix += weight(h->dn, alpha) * (raw - h->dix);
                        h->dn++;
                    }
                }
            }
        }
        if (sig & KOL_TRAFFIC_REASON_PLATEAU) {
            if (x > 0) {
                double b = bexp[c];
                h->flat_run = 0;
                h->step_ok = warm[c] && x - b >= minx && zc[c] >= kb;
                h->step_lam = phi_[c] > 0 ? b / phi_[c] : 0;
                h->step_b = b;
            } else if (h->step_ok) {
                double expect = h->step_lam * (double)t->plat_len;
                h->flat_run++;
                if (h->flat_run >= t->plat_len &&
                    expect >= t->p[KOL_TRAFFIC_PARAM_PLATEAU_MIN_EXPECTED] &&
                    expect > 0) {
                    double s = 1.0 - exp(-expect);
                    uint32_t k, upto = h->flat_run;
                    struct entry *st;
                    if (s < 0.5)
                        s = 0.5;
                    if (h->flat_run == t->plat_len) {
                        for (k = 0; k < upto; k++)
                            mark(back(t, k), c, S_PLATEAU, s,
                                 KOL_TRAFFIC_REASON_PLATEAU);
                        st = back(t, upto);
                        mark(st, c, S_PLATEAU, s, KOL_TRAFFIC_REASON_PLATEAU);
                        if (h->step_b < st->res[c])
                            st->res[c] = h->step_b;
                    } else {
                        mark(e, c, S_PLATEAU, s, KOL_TRAFFIC_REASON_PLATEAU);
                    }
                }
            }
        }
    }
}

/* Emit every entry that no later slot can change: all but the newest
 * `delay`. */
static kol_status drain(kol_traffic *t, kol_traffic_emit_fn emit, void *user)
{
    while (t->line_n > t->delay) {
        kol_status st = emit_oldest(t, emit, user);
        if (st != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

/* Push a new entry for slot s at the end of the line (which always has
 * room: drain() leaves at most `delay` entries). */
static struct entry *push_entry(kol_traffic *t, uint64_t s)
{
    struct entry *e;
    size_t nch = t->nch;
    e = &t->line[(t->line_head + t->line_n) % t->line_cap];
    t->line_n++;
    e->slot = s;
    e->n_samples = 0;
    e->missing_all = 0;
    e->filled = 0;
    /* the arrays of an entry are contiguous, from obs to present */
    memset(e->obs, 0, (size_t)(e->present - (uint8_t *)(void *)e->obs) + nch);
    return e;
}

/* Close the open slot: make its entry and run the detectors. */
static kol_status close_slot(kol_traffic *t, kol_traffic_emit_fn emit,
                             void *user)
{
    size_t c, nch = t->nch;
    struct entry *e = push_entry(t, t->cur);
    kol_status st;
    int any = 0;
    e->n_samples = t->cur_samples;
    for (c = 0; c < nch; c++) {
        e->present[c] = t->acc_present[c];
        e->obs[c] = t->acc[c];
        any |= t->acc_present[c];
        if (t->acc_drop[c] > 0) {
            struct chan *h = &t->ch[c];
            double a = t->acc_drop[c];
            double b = h->nobs ? h->mu : 0;
            h->dropped += a;
            if (t->signals & KOL_TRAFFIC_REASON_DROP)
                mark(e, c, S_DROP, 0.5 + 0.5 * a / (a + b + 1.0),
                     KOL_TRAFFIC_REASON_DROP);
        }
    }
    e->missing_all = !any;
    ingest(t);
    st = drain(t, emit, user);
    for (c = 0; c < nch; c++) {
        t->acc[c] = 0;
        t->acc_present[c] = 0;
        t->acc_drop[c] = 0;
    }
    t->cur_samples = 0;
    return st;
}

/* Missing slot (increments, or counters with nothing to spread). */
static kol_status missing_slot(kol_traffic *t, uint64_t s,
                               kol_traffic_emit_fn emit, void *user)
{
    push_entry(t, s)->missing_all = 1;
    ingest(t);
    return drain(t, emit, user);
}

static uint64_t slot_of(const kol_traffic *t, int64_t ts)
{
    return ((uint64_t)ts - (uint64_t)t->t0) / (uint64_t)t->step;
}

/* Add one validated sample. */
static kol_status add_sample(kol_traffic *t, int64_t ts, const double *v,
                             kol_traffic_emit_fn emit, void *user)
{
    size_t c, nch = t->nch;
    uint64_t s;
    kol_status st;
    double share_div = 1.0;

    if (ts < t->t0) {
        t->skipped++;
        return KOL_STATUS_OK;
    }
    s = slot_of(t, ts);
    if (s < t->cur) {
        t->skipped++;
        return KOL_STATUS_OK;
    }
    if (s > t->cur) {
        uint64_t gap = s - t->cur - 1u, g;
        st = close_slot(t, emit, user);
        if (st != KOL_STATUS_OK)
            return st;
        if (gap > t->max_gap) {
            for (c = 0; c < nch; c++) {
                t->ch[c].ring_n = 0;
                t->ch[c].flat_run = 0;
                t->ch[c].step_ok = 0;
                t->ch[c].has_counter = 0;
            }
        } else if (gap > 0) {
            double share[NCH_MAX];
            int spread = 0;
            if (t->cumulative) {
                for (c = 0; c < nch; c++) {
                    share[c] = 0;
                    if (!isnan(v[c]) && t->ch[c].has_counter &&
                        v[c] >= t->ch[c].counter) {
                        share[c] = (v[c] - t->ch[c].counter) /
                                   (double)(gap + 1u);
                        spread = 1;
                    }
                }
            }
            for (g = 1; g <= gap; g++) {
                if (!spread) {
                    st = missing_slot(t, t->cur + g, emit, user);
                } else {
                    struct entry *e = push_entry(t, t->cur + g);
                    e->filled = 1;
                    for (c = 0; c < nch; c++) {
                        if (!isnan(v[c]) && t->ch[c].has_counter &&
                            v[c] >= t->ch[c].counter) {
                            e->present[c] = 1;
                            e->obs[c] = share[c];
                        }
                    }
                    ingest(t);
                    st = drain(t, emit, user);
                }
                if (st != KOL_STATUS_OK)
                    return st;
            }
            if (spread)
                share_div = (double)(gap + 1u);
        }
        t->cur = s;
    }
    t->cur_samples++;
    for (c = 0; c < nch; c++) {
        double x = v[c];
        struct chan *h = &t->ch[c];
        if (isnan(x))
            continue;
        if (t->cumulative) {
            if (!h->has_counter) {
                h->has_counter = 1;
                h->counter = x;
                t->acc_present[c] = 1;
                continue;
            }
            if (x < h->counter) {
                t->acc_drop[c] += h->counter - x;
                h->counter = x;
                t->acc_present[c] = 1;
                continue;
            }
            t->acc[c] += (x - h->counter) / share_div;
            h->counter = x;
            t->acc_present[c] = 1;
        } else {
            if (x < 0) {
                t->acc_drop[c] += -x;
            } else {
                t->acc[c] += x;
            }
            t->acc_present[c] = 1;
        }
    }
    return KOL_STATUS_OK;
}

/* Check a chunk before applying any of it. */
static kol_status check_chunk(kol_traffic *t, const int64_t *ts,
                              const double *values, size_t n)
{
    size_t i, c, nch = t->nch;
    int have = t->started;
    int64_t t0 = have ? t->t0 : (n ? ts[0] : 0);
    uint64_t last = have ? t->cur : 0;
    int order_skip = t->started ? t->order_skip
                                : t->p[KOL_TRAFFIC_PARAM_ORDER_POLICY] != 0;
    int cumulative = t->started ? t->cumulative
                                : t->p[KOL_TRAFFIC_PARAM_CUMULATIVE] != 0;
    uint64_t step = (uint64_t)t->p[KOL_TRAFFIC_PARAM_STEP];
    for (i = 0; i < n; i++) {
        const double *v = values + i * nch;
        for (c = 0; c < nch; c++) {
            double x = v[c];
            if (isnan(x))
                continue;
            if (isinf(x))
                return kol__fail(t->ctx, KOL_STATUS_NOT_FINITE,
                                 "traffic feed: row %z, channel %s: value "
                                 "%g is not finite",
                                 i, channel_names[t->channels[c]], x);
            if (fabs(x) > MAX_COUNT)
                return kol__fail(t->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "traffic feed: row %z, channel %s: value "
                                 "%g above 2^53",
                                 i, channel_names[t->channels[c]], x);
            if (cumulative && x < 0)
                return kol__fail(t->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "traffic feed: row %z, channel %s: "
                                 "negative counter %g",
                                 i, channel_names[t->channels[c]], x);
        }
        if (!order_skip) {
            uint64_t s;
            if (ts[i] < t0)
                return kol__fail(t->ctx, KOL_STATUS_ORDER,
                                 "traffic feed: row %z: timestamp %l is "
                                 "before the first timestamp %l (out of "
                                 "order)",
                                 i, ts[i], t0);
            s = ((uint64_t)ts[i] - (uint64_t)t0) / step;
            if (s < last)
                return kol__fail(t->ctx, KOL_STATUS_ORDER,
                                 "traffic feed: row %z: timestamp %l falls "
                                 "in slot %L, before slot %L already seen "
                                 "(out of order)",
                                 i, ts[i], s, last);
            last = s;
        }
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_feed(kol_traffic *t, const int64_t *timestamps,
                                    const double *values, size_t n,
                                    kol_traffic_emit_fn emit, void *user)
{
    size_t i;
    kol_status st;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (n > 0 && (!timestamps || !values))
        return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "traffic feed: %s is NULL with %z rows",
                         !timestamps ? "timestamps" : "values", n);
    if (t->finished || t->stopped)
        return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                         "traffic feed: the series was already %s (reset "
                         "the monitor first)",
                         t->finished ? "finished" : "stopped by the emit "
                                                    "callback");
    if (n == 0)
        return KOL_STATUS_OK;
    st = check_chunk(t, timestamps, values, n);
    if (st != KOL_STATUS_OK)
        return st;
    if (!t->started) {
        st = start(t, timestamps[0]);
        if (st != KOL_STATUS_OK)
            return st;
    }
    for (i = 0; i < n; i++) {
        st = add_sample(t, timestamps[i], values + i * t->nch, emit, user);
        if (st != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_finish(kol_traffic *t,
                                      kol_traffic_emit_fn emit, void *user)
{
    kol_status st;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (t->finished || t->stopped)
        return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                         "traffic finish: the series was already %s",
                         t->finished ? "finished" : "stopped by the emit "
                                                    "callback");
    t->finished = 1;
    if (!t->started)
        return KOL_STATUS_OK;
    st = close_slot(t, emit, user);
    if (st != KOL_STATUS_OK)
        return st;
    while (t->line_n > 0) {
        st = emit_oldest(t, emit, user);
        if (st != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_run(kol_traffic *t, kol_traffic_read_fn read,
                                   void *read_user, kol_traffic_emit_fn emit,
                                   void *emit_user)
{
    int64_t *ts;
    double *vals;
    kol_status st = KOL_STATUS_OK;
    uint64_t rows = 0, next_report = 65536;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (!read)
        return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "traffic run: read callback is NULL");
    if (t->finished || t->stopped)
        return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                         "traffic run: the series was already %s",
                         t->finished ? "finished" : "stopped by the emit "
                                                    "callback");
    ts = kol__alloc_array(t->ctx, READ_ROWS, sizeof *ts);
    if (!ts)
        return KOL_STATUS_NOMEM;
    vals = kol__alloc_array(t->ctx, READ_ROWS * t->nch, sizeof *vals);
    if (!vals) {
        kol__free(t->ctx, ts);
        return KOL_STATUS_NOMEM;
    }
    for (;;) {
        size_t count = 0;
        int rc = read(read_user, ts, vals, READ_ROWS, &count);
        if (rc != 0) {
            st = kol__callback_stop(t->ctx, KOL_STATUS_CALLBACK, rc,
                                    "traffic run: the read callback stopped "
                                    "the run after %L rows (code %d)",
                                    rows, rc);
            break;
        }
        if (count > READ_ROWS) {
            st = kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                           "traffic run: the read callback reported %z rows "
                           "for a capacity of %d",
                           count, READ_ROWS);
            break;
        }
        if (count == 0) {
            st = kol_traffic_finish(t, emit, emit_user);
            if (st == KOL_STATUS_OK)
                st = kol__progress(t->ctx, rows, rows, "traffic run");
            break;
        }
        st = kol_traffic_feed(t, ts, vals, count, emit, emit_user);
        if (st != KOL_STATUS_OK)
            break;
        rows += count;
        if (rows >= next_report) {
            next_report = rows + 65536u;
            st = kol__progress(t->ctx, rows, 0, "traffic run");
            if (st != KOL_STATUS_OK)
                break;
        }
    }
    kol__free(t->ctx, vals);
    kol__free(t->ctx, ts);
    return st;
}

KOL_API kol_status kol_traffic_reset(kol_traffic *t)
{
    kol_ctx *ctx;
    size_t nch, i;
    int32_t channels[NCH_MAX];
    double p[KOL_TRAFFIC_PARAM_COUNT];
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    release_state(t);
    ctx = t->ctx;
    nch = t->nch;
    memcpy(channels, t->channels, sizeof channels);
    memcpy(p, t->p, sizeof p);
    memset(t, 0, sizeof *t);
    t->ctx = ctx;
    t->nch = nch;
    memcpy(t->channels, channels, sizeof channels);
    memcpy(t->p, p, sizeof p);
    for (i = 0; i < nch; i++)
        t->ch[i].ring = NULL;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_totals(const kol_traffic *t, size_t index,
                                      double *observed, double *restored,
                                      double *low, double *high,
                                      double *dropped)
{
    const struct chan *h;
    double half, lo, hi;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (index >= t->nch)
        return kol__fail(t->ctx, KOL_STATUS_NOT_FOUND,
                         "traffic totals: channel index %z, the monitor has "
                         "%z channels",
                         index, t->nch);
    h = &t->ch[index];
    half = 1.96 * sqrt(h->var_total);
    lo = h->res_total - half;
    hi = h->res_total + half;
    if (lo < 0)
        lo = 0;
    if (hi > h->obs_total)
        hi = h->obs_total;
    if (hi < h->res_total)
        hi = h->res_total;
    if (observed)
        *observed = h->obs_total;
    if (restored)
        *restored = h->res_total;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    if (dropped)
        *dropped = h->dropped;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_counts(const kol_traffic *t, uint64_t *slots,
                                      uint64_t *flagged, uint64_t *skipped)
{
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (slots)
        *slots = t->slots;
    if (flagged)
        *flagged = t->flagged;
    if (skipped)
        *skipped = t->skipped;
    return KOL_STATUS_OK;
}

KOL_API size_t kol_traffic_interval_count(const kol_traffic *t,
                                          uint64_t *total)
{
    if (total)
        *total = t ? t->iv_total : 0;
    return t ? t->iv_n : 0;
}

KOL_API kol_status kol_traffic_interval_at(const kol_traffic *t, size_t index,
                                           int64_t *start, int64_t *end,
                                           uint32_t *reasons, double *peak,
                                           double *inflated)
{
    const struct interval *v;
    size_t c;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (index >= t->iv_n)
        return kol__fail(t->ctx, KOL_STATUS_NOT_FOUND,
                         "traffic interval_at: index %z, %z intervals kept",
                         index, t->iv_n);
    v = &t->iv[index];
    if (start)
        *start = v->start;
    if (end)
        *end = v->end;
    if (reasons)
        *reasons = v->reasons;
    if (peak)
        *peak = v->peak;
    if (inflated)
        for (c = 0; c < t->nch; c++) {
            double x = t->iv_inflated[index * t->nch + c];
            inflated[c] = x < 0 ? 0 : x;
        }
    return KOL_STATUS_OK;
}
