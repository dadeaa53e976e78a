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
    {0, 1e12, 86400, 1, "season_period"},
    {1e-6, 1, 0.2, 0, "season_gamma"},
};

#define SEASON_MAX 1000000u /* most slots in a season */
#define SEASON_BINS 96u      /* most bins of a seasonal profile */

/* Per-channel detector state. */
struct chan {
    /* level: expected increment and dispersion (variance / mean) */
    double mu, phi;
    uint64_t nobs;
    /* ratio to the reference channel: smoothed sums and dispersion */
    double sc, sr, psi;
    uint64_t qn;
    /* seasonal profile: additive index per bin (season_nb of them) */
    double *season;
    /* drip window (ring of the last ring_n increments) */
    double *ring;
    uint32_t ring_n, ring_pos;
    double wsum, wd2; /* window sums: x, squared successive differences */
    double ldix;     /* mean log dispersion index of unflagged windows */
    double dix;      /* usual dispersion index: exp(ldix + 1 / nu) */
    uint64_t dn;
    /* plateau: the last step and the flat run after it */
    uint32_t flat_run;
    int step_ok;
    double step_b, step_phi;
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
    uint64_t smask;  /* bit c * SIG_N + s set when sig[c * SIG_N + s] > 0 */
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
    double drip_bias;       /* 1 / nu, nu = 2 (drip_w - 1) / 3 */
    uint64_t max_gap;
    uint64_t n_alpha; /* weight(n) == alpha for every n >= n_alpha */
    size_t max_iv;
    int ref;          /* index of the reference channel, -1 when none */
    uint32_t season_n;     /* slots per season, 0: no seasonal term */
    uint32_t season_nb;    /* bins of the profile (a divisor of season_n) */
    uint32_t season_k;     /* slots per bin: season_n / season_nb */
    uint32_t season_bin;   /* bin of season_slot */
    uint32_t season_sub;   /* position of season_slot within its bin */
    uint64_t season_slot;  /* the last slot ingested */
    double gamma;          /* weight of one update: SEASON_GAMMA / k */
    /* state */
    int started, finished, stopped;
    int64_t t0;
    uint64_t cur;          /* open slot */
    uint64_t cur_lo;       /* cur * step: offset of its start from t0 */
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
    {
        /* the seasonal profile: kept when the period is a whole number of
         * steps, 2 to SEASON_MAX of them */
        double per = t->p[KOL_TRAFFIC_PARAM_SEASON_PERIOD];
        double stp = t->p[KOL_TRAFFIC_PARAM_STEP];
        double q = per / stp;
        t->season_n = 0;
        t->season_nb = 0;
        t->season_k = 1;
        if (per > 0 && q == floor(q) && q >= 2 && q <= (double)SEASON_MAX &&
            fmod(per, stp) == 0) {
            uint32_t nb;
            t->season_n = (uint32_t)q;
            /* the largest divisor of season_n not above SEASON_BINS */
            for (nb = SEASON_BINS; t->season_n % nb != 0; nb--)
                ;
            t->season_nb = nb;
            t->season_k = t->season_n / nb;
        }
    }
    total = align8(cap * sizeof(struct entry)) + cap * per_entry
          + nch * align8(w * sizeof(double))
          + nch * align8(t->season_nb * sizeof(double))
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
    for (i = 0; i < nch; i++) {
        t->ch[i].season = t->season_n ? (double *)(void *)b : NULL;
        b += align8(t->season_nb * sizeof(double));
    }
    t->season_bin = 0;
    t->season_sub = 0;
    t->season_slot = 0;
    t->gamma = t->p[KOL_TRAFFIC_PARAM_SEASON_GAMMA] / (double)t->season_k;
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
    t->drip_bias = 3.0 / (2.0 * (double)(w - 1u));
    t->plat_len = (uint32_t)t->p[KOL_TRAFFIC_PARAM_PLATEAU_LENGTH];
    t->signals = (uint32_t)t->p[KOL_TRAFFIC_PARAM_SIGNALS];
    t->max_gap = (uint64_t)t->p[KOL_TRAFFIC_PARAM_MAX_GAP];
    {
        /* smallest n with (n + 1) alpha >= 1 in floating point (the test of
         * weight_slow, monotone in n) */
        double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
        uint64_t n = (uint64_t)ceil(1.0 / alpha);
        while (n > 0 && (double)n * alpha >= 1.0)
            n--;
        while ((double)(n + 1u) * alpha < 1.0)
            n++;
        t->n_alpha = n;
    }
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
    t->cur_lo = 0;
    t->cur_samples = 0;
    return KOL_STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Emission                                                            */

/* Index of the lowest set bit of m (m != 0), portable. */
static unsigned ctz64(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned k = 0;
    if (!(m & 0xFFFFFFFFu)) {
        m >>= 32;
        k += 32;
    }
    if (!(m & 0xFFFFu)) {
        m >>= 16;
        k += 16;
    }
    if (!(m & 0xFFu)) {
        m >>= 8;
        k += 8;
    }
    if (!(m & 0xFu)) {
        m >>= 4;
        k += 4;
    }
    if (!(m & 0x3u)) {
        m >>= 2;
        k += 2;
    }
    if (!(m & 0x1u))
        k += 1;
    return k;
#endif
}

static double logistic(double x)
{
    if (x > 40)
        return 1.0;
    if (x < -40)
        return 0.0;
    return 1.0 / (1.0 + exp(-x));
}

/* Strength of a z-type signal, sigma(1.5 (z - k)), is computed only
 * within 3 sd of its threshold (z > k - 3) and is 0 below, where it would
 * be under 0.011 (see ingest()). */

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
    const double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
    const double d0p = d0 > 0 ? d0 : 0;
    uint32_t reasons = 0;
    int64_t ts;

    for (c = 0; c < nch; c++) {
        struct chan *const h = &t->ch[c];
        const double x = e->obs[c];
        double r = e->res[c];
        if (!e->present[c]) {
            e->res[c] = 0;
            continue;
        }
        if (e->drip[c] > 0) {
            double rd = x - e->drip[c];
            if (rd < 0)
                rd = 0;
            if (rd < r)
                r = rd;
        }
        if (r > x)
            r = x;
        if (r < 0)
            r = 0;
        e->res[c] = r;
        reasons |= e->cre[c];
        /* totals */
        h->obs_total += x;
        h->res_total += r;
        if (r < x)
            h->var_total += e->disp[c] * (r + d0p);
    }
    /* the product over the non-zero strengths, in index order (the other
     * factors are exactly 1) */
    {
        uint64_t m = e->smask;
        while (m) {
            unsigned k = ctz64(m);
            m &= m - 1u;
            if (e->present[k / SIG_N])
                keep *= 1.0 - e->sig[k];
        }
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
    t->slots++;
    if (reasons & SIG_ALL) {
        t->flagged++;
        interval_add(t, e, reasons & SIG_ALL, score);
    } else {
        t->iv_open = 0;
    }
    ts = slot_time(t, e->slot);
    t->line_head = t->line_head + 1u == t->line_cap ? 0 : t->line_head + 1u;
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
    uint32_t idx = t->line_head + t->line_n - 1u - k;
    if (idx >= t->line_cap)
        idx -= t->line_cap;
    return &t->line[idx];
}

/* ------------------------------------------------------------------ */
/* Ingestion of one closed slot                                        */

static void mark(struct entry *e, size_t c, int s, double strength,
                 uint32_t reason)
{
    size_t k = c * SIG_N + (size_t)s;
    double *p = &e->sig[k];
    if (strength > *p) {
        *p = strength;
        e->smask |= (uint64_t)1 << k;
    }
    e->cre[c] |= reason;
}

static void soft(struct entry *e, size_t c, int s, double strength)
{
    size_t k = c * SIG_N + (size_t)s;
    double *p = &e->sig[k];
    if (strength > 0.49)
        strength = 0.49;
    if (strength > *p) {
        *p = strength;
        e->smask |= (uint64_t)1 << k;
    }
}

/* Smoothing weight: a running mean over the first observations, then
 * alpha (a quarter of it for a flagged observation). */
static double weight_slow(uint64_t n, double alpha)
{
    double w;
    if ((double)(n + 1u) * alpha >= 1.0)
        return alpha;
    w = 1.0 / (double)(n + 1u);
    return w > alpha ? w : alpha;
}

/* weight_slow(n) is alpha for every n >= t->n_alpha (computed at start by
 * the same test), so the hot path needs one integer comparison. */
#define weight(n, alpha) \
    ((n) >= t->n_alpha ? (alpha) : weight_slow((n), (alpha)))

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* The slot in the newest entry of the line is complete: run the
 * detectors on it (docs/model-traffic.md, "Detectors"). */
static void ingest(kol_traffic *t)
{
    struct entry *const e = back(t, 0);
    const size_t nch = t->nch;
    const double kb = t->p[KOL_TRAFFIC_PARAM_BURST_Z];
    const double kr = t->p[KOL_TRAFFIC_PARAM_RATIO_Z];
    const double minx = t->p[KOL_TRAFFIC_PARAM_MIN_EXCESS];
    const double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
    const double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
    const uint32_t sig = t->signals;
    const uint64_t warmup = t->warmup;
    const double *const obs = e->obs;
    const uint8_t *const present = e->present;
    double *const res = e->res;
    const double gamma = t->gamma;
    double bexp[NCH_MAX], zc[NCH_MAX], phi_[NCH_MAX];
    int warm[NCH_MAX];
    size_t c;
    uint32_t bin = 0; /* bin of the slot in the seasonal profile */
    /* the profile is learned from the start and used once a whole season
     * has passed since the first slot */
    const int season_use = t->season_n && e->slot >= t->season_n;

    if (t->season_n) {
        /* phase of this slot in the season: one more than the last slot's
         * (the usual case, no division), else recomputed */
        if (e->slot == t->season_slot + 1u && t->season_slot + 1u != 0) {
            bin = t->season_bin;
            if (++t->season_sub == t->season_k) {
                t->season_sub = 0;
                bin = bin + 1u == t->season_nb ? 0 : bin + 1u;
            }
        } else {
            uint32_t ph = (uint32_t)(e->slot % t->season_n);
            bin = ph / t->season_k;
            t->season_sub = ph % t->season_k;
        }
        t->season_bin = bin;
        t->season_slot = e->slot;
    }

    /* Every quantity of a channel is read into locals and written back once,
     * so that the stores into the entry (through double pointers) do not
     * force the compiler to reload it. */
    for (c = 0; c < nch; c++) {
        struct chan *const h = &t->ch[c];
        const double x = obs[c];
        const uint64_t nobs = h->nobs;
        double mu = h->mu, ph = h->phi, rc = x;
        double b, phi, w, v, z, sd, sp = 0;
        int wm;
        if (!present[c]) {
            warm[c] = 0;
            zc[c] = 0;
            bexp[c] = 0;
            phi_[c] = 0;
            res[c] = x;
            h->ring_n = 0;
            h->flat_run = 0;
            h->step_ok = 0;
            continue;
        }
        if (season_use)
            sp = h->season[bin];
        b = nobs ? mu + sp : x;
        if (b < 0)
            b = 0;
        phi = ph > d0 ? ph : d0;
        w = b + (d0 > 0 ? d0 : 1e-9 * (1.0 + b));
        v = phi * w;
        if (v < 1e-12 * (1.0 + b * b))
            v = 1e-12 * (1.0 + b * b);
        sd = sqrt(v);
        z = nobs ? (x - b) * (1.0 / sd) : 0;
        wm = nobs >= warmup;
        bexp[c] = b;
        phi_[c] = phi;
        zc[c] = z;
        warm[c] = wm;
        e->disp[c] = phi;
        /* zsig() is 0 at z <= K - 3: nothing to mark there */
        if (wm && (sig & KOL_TRAFFIC_REASON_BURST) && z > kb - 3.0) {
            double s = logistic(1.5 * (z - kb));
            if (z >= kb && x - b >= minx) {
                mark(e, c, S_BURST, s < 0.5 ? 0.5 : s,
                     KOL_TRAFFIC_REASON_BURST);
                if (b < rc)
                    rc = b;
            } else {
                soft(e, c, S_BURST, s);
            }
        }
        if (wm && (sig & KOL_TRAFFIC_REASON_DROP) && -z > kb - 3.0) {
            double s = logistic(1.5 * (-z - kb));
            if (-z >= kb && b - x >= minx)
                mark(e, c, S_DROP, s < 0.5 ? 0.5 : s,
                     KOL_TRAFFIC_REASON_DROP);
            else
                soft(e, c, S_DROP, s);
        }
        res[c] = rc;
        /* level and dispersion (Huber-clipped exponential smoothing) */
        if (nobs == 0) {
            mu = x;
            ph = d0;
        } else {
            const double a = weight(nobs, alpha);
            /* a flagged slot counts as a 2 sd residual */
            const int an = (e->cre[c] & (KOL_TRAFFIC_REASON_BURST |
                                         KOL_TRAFFIC_REASON_DROP)) != 0;
            double r = clampd(x - b, -kb * sd, kb * sd);
            if (an)
                r = clampd(r, -2.0 * sd, 2.0 * sd);
            ph += a * (r * r / w - ph);
            mu += a * r;
            if (mu < 0)
                mu = 0;
            /* additive seasonal index, error-correction form of Holt-Winters
             * with the same clipped residual */
            if (h->season)
                h->season[bin] = sp + gamma * r;
        }
        h->mu = mu;
        h->phi = ph;
        h->nobs = nobs + 1u;
    }

    /* ratio breaks against the reference channel */
    if (t->ref >= 0 && (sig & KOL_TRAFFIC_REASON_RATIO) &&
        present[t->ref]) {
        const size_t r = (size_t)t->ref;
        const double xr = obs[r];
        const int warm_r = warm[r];
        double ref_cap = -1;
        for (c = 0; c < nch; c++) {
            struct chan *const h = &t->ch[c];
            const uint64_t qn = h->qn;
            double sc = h->sc, sr = h->sr, psi0 = h->psi;
            double xc, rho, ec, w, psi, v, u, rz, a, sdr, r3;
            if (c == r || !present[c])
                continue;
            xc = obs[c];
            if (qn == 0 || sr <= 0) {
                sc += weight(qn, alpha) * (xc - sc);
                sr += weight(qn, alpha) * (xr - sr);
                h->sc = sc;
                h->sr = sr;
                h->qn = qn + 1u;
                continue;
            }
            rho = sc / sr;
            ec = rho * xr;
            w = ec + (d0 > 0 ? d0 : 1e-9 * (1.0 + ec));
            psi = psi0 > d0 ? psi0 : d0;
            v = psi * w;
            if (v < 1e-12 * (1.0 + ec * ec))
                v = 1e-12 * (1.0 + ec * ec);
            u = xc - ec;
            sdr = sqrt(v);
            rz = u * (1.0 / sdr);
            if (qn >= warmup && warm[c] && warm_r && fabs(rz) > kr - 3.0) {
                double s = logistic(1.5 * (fabs(rz) - kr));
                if (rz >= kr && u >= minx) {
                    mark(e, c, S_RATIO, s < 0.5 ? 0.5 : s,
                         KOL_TRAFFIC_REASON_RATIO);
                    if (zc[c] >= 0.5 * kr && ec < res[c])
                        res[c] = ec;
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
            a = weight(qn, alpha);
            r3 = clampd(u, -kr * sdr, kr * sdr);
            if (qn == 1)
                psi0 = d0;
            if (fabs(rz) >= kr)
                r3 = clampd(r3, -2.0 * sdr, 2.0 * sdr);
            psi0 += a * (r3 * r3 / w - psi0);
            sc += a * ((ec + r3) - sc);
            sr += a * (xr - sr);
            h->psi = psi0;
            h->sc = sc;
            h->sr = sr;
            h->qn = qn + 1u;
        }
        if (ref_cap >= 0 && ref_cap < res[r])
            res[r] = ref_cap;
    }

    /* drips and plateaus */
    if (e->filled) {
        for (c = 0; c < nch; c++) {
            struct chan *const h = &t->ch[c];
            if (!present[c])
                continue;
            h->ring_n = 0;
            h->flat_run = 0;
            h->step_ok = 0;
        }
        return;
    }
    for (c = 0; c < nch; c++) {
        struct chan *const h = &t->ch[c];
        const double x = obs[c];
        if (!present[c])
            continue;
        if (sig & KOL_TRAFFIC_REASON_DRIP) {
            const uint32_t w = t->drip_w;
            double *const ring = h->ring;
            uint32_t pos = h->ring_pos, n = h->ring_n;
            double wsum = h->wsum, wd2 = h->wd2;
            /* running sums over the window: x, and squared differences of
             * consecutive x; recomputed exactly each time the ring wraps so
             * that rounding cannot accumulate */
            if (n == 0) {
                wsum = 0;
                wd2 = 0;
            } else {
                double prev = ring[pos ? pos - 1u : w - 1u];
                wd2 += (x - prev) * (x - prev);
            }
            if (n == w) {
                double old = ring[pos];
                double next = ring[pos + 1u == w ? 0 : pos + 1u];
                wsum -= old;
                wd2 -= (next - old) * (next - old);
            }
            ring[pos] = x;
            wsum += x;
            pos = pos + 1u == w ? 0 : pos + 1u;
            if (n < w)
                n++;
            if (n == w && pos == 0) {
                double sum0 = 0, d20 = 0, prev = ring[0];
                uint32_t k;
                for (k = 0; k < w; k++) {
                    sum0 += ring[k];
                    if (k > 0)
                        d20 += (ring[k] - prev) * (ring[k] - prev);
                    prev = ring[k];
                }
                wsum = sum0;
                wd2 = d20;
            }
            h->ring_pos = pos;
            h->ring_n = n;
            h->wsum = wsum;
            h->wd2 = wd2;
            if (n == w && warm[c]) {
                const double d2 = wd2 > 0 ? wd2 : 0;
                const double mean = wsum * t->inv_w;
                const double vn = d2 * t->inv_2w1;
                const double thr = t->p[KOL_TRAFFIC_PARAM_DRIP_DISPERSION];
                double ref = h->dn ? (h->dix < 1.0 ? h->dix : 1.0) : 1.0;
                if (ref < d0)
                    ref = d0;
                if (mean >= t->p[KOL_TRAFFIC_PARAM_DRIP_MIN_MEAN] &&
                    mean > 0) {
                    /* with a floor below 1 the usual dispersion is
                     * learned first from the series' own windows */
                    int learn = d0 < 1.0 && h->dn == 0;
                    if (!learn && ref > 0 && vn < thr * ref * mean) {
                        double ratio = vn / mean / ref;
                        double s = logistic(6.0 * (1.0 - ratio / thr));
                        double rate = mean - (ref > 0 ? vn / ref : 0);
                        uint32_t k;
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
                    } else if ((pos == 0 || learn) && vn > 0) {
                        /* learned from disjoint windows, on the log scale
                         * (a geometric mean: a window that straddles a
                         * level shift cannot inflate it), corrected for
                         * the bias of the log of a chi-square / nu with
                         * nu = 2 (W - 1) / 3 degrees of freedom */
                        double lraw = log(vn / mean);
                        h->ldix += weight(h->dn, alpha) * (lraw - h->ldix);
                        h->dix = exp(h->ldix + t->drip_bias);
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
                h->step_phi = phi_[c];
                h->step_b = b;
            } else if (h->step_ok) {
                double lam = h->step_phi > 0 ? h->step_b / h->step_phi : 0;
                double expect = lam * (double)t->plat_len;
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
    {
        uint32_t idx = t->line_head + t->line_n;
        if (idx >= t->line_cap)
            idx -= t->line_cap;
        e = &t->line[idx];
    }
    t->line_n++;
    e->slot = s;
    e->n_samples = 0;
    e->missing_all = 0;
    e->filled = 0;
    /* the arrays of an entry are contiguous, from obs to present */
    e->smask = 0;
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

/* Slot of a sample at offset d = ts - t0 from the first timestamp, given a
 * slot `cur` starting at offset cur_lo = cur * step <= d: the same slot or
 * the next one without a division (the usual case). */
static uint64_t slot_from(uint64_t d, uint64_t cur, uint64_t cur_lo,
                          uint64_t step)
{
    uint64_t off = d - cur_lo;
    if (off < step)
        return cur;
    if (off - step < step)
        return cur + 1u;
    return d / step;
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
    {
        uint64_t d = (uint64_t)ts - (uint64_t)t->t0;
        if (d < t->cur_lo) { /* a slot before the open one */
            t->skipped++;
            return KOL_STATUS_OK;
        }
        s = slot_from(d, t->cur, t->cur_lo, (uint64_t)t->step);
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
        t->cur_lo = s * (uint64_t)t->step;
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
    uint64_t last_lo = have ? t->cur_lo : 0;
    int order_skip = t->started ? t->order_skip
                                : t->p[KOL_TRAFFIC_PARAM_ORDER_POLICY] != 0;
    int cumulative = t->started ? t->cumulative
                                : t->p[KOL_TRAFFIC_PARAM_CUMULATIVE] != 0;
    uint64_t step = (uint64_t)t->p[KOL_TRAFFIC_PARAM_STEP];
    for (i = 0; i < n; i++) {
        const double *v = values + i * nch;
        for (c = 0; c < nch; c++) {
            double x = v[c];
            /* one test for the usual case: finite, within 2^53, and not a
             * negative counter (NaN fails it and is then let through) */
            if (fabs(x) <= MAX_COUNT && (x >= 0 || !cumulative))
                continue;
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
            {
                uint64_t d = (uint64_t)ts[i] - (uint64_t)t0;
                s = d < last_lo ? d / step
                                : slot_from(d, last, last_lo, step);
            }
            if (s < last)
                return kol__fail(t->ctx, KOL_STATUS_ORDER,
                                 "traffic feed: row %z: timestamp %l falls "
                                 "in slot %L, before slot %L already seen "
                                 "(out of order)",
                                 i, ts[i], s, last);
            if (s != last)
                last_lo = s * step;
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
