/* Streaming traffic monitor (include/kol/traffic.h).
 *
 * The model is written down in docs/model-traffic.md; the names below
 * follow it. Every per-sample step depends only on the state and the
 * sample, so results do not depend on how the host cuts the input.
 * Plain ISO C11: the lane loops use the vector extension of GCC and Clang
 * where present and an equivalent structure elsewhere (or with
 * -DKOL_TRAFFIC_PORTABLE), with bit-identical results (see below). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "kol/traffic.h"
#include "internal/base.h"
#include "internal/param.h"
#include "internal/stats.h"

#define NCH_MAX KOL_CHANNEL_COUNT
#define SIG_N 5 /* burst, ratio, drip, plateau, drop */
#define SIG_ALL 31u
#define MAX_COUNT 9007199254740992.0 /* 2^53 */
#define READ_ROWS 256

enum { S_BURST = 0, S_RATIO = 1, S_DRIP = 2, S_PLATEAU = 3, S_DROP = 4 };

static const char *const channel_names[NCH_MAX] = {
    "views", "likes", "comments", "shares", "saves", "follows", "orders"};

static const struct kol__param params[KOL_TRAFFIC_PARAM_COUNT] = {
    {"step", 1, 1e12, 60, 1},
    {"cumulative", 0, 1, 0, 1},
    {"order_policy", 0, 1, 0, 1},
    {"warmup", 1, 100000, 10, 1},
    {"burst_z", 1, 100, 4, 0},
    {"ratio_z", 1, 100, 4, 0},
    {"min_excess", 0, 1e15, 3, 0},
    {"drip_window", 4, 240, 20, 1},
    {"drip_dispersion", 1e-9, 1, 0.2, 0},
    {"drip_min_mean", 0, 1e15, 3, 0},
    {"plateau_length", 2, 240, 5, 1},
    {"plateau_min_expected", 0, 1e15, 5, 0},
    {"alpha", 1e-6, 1, 0.1, 0},
    {"max_gap", 0, 1e9, 10080, 1},
    {"max_intervals", 0, 1e6, 256, 1},
    {"signals", 0, 31, 31, 1},
    {"reference", -1, NCH_MAX - 1, -1, 1},
    {"dispersion_floor", 0, 1e6, 1, 0},
    {"season_period", 0, 1e12, 86400, 1},
    {"season_gamma", 1e-6, 1, 0.2, 0},
};

/* The lane loops run over four lanes at a time on the type v4d (four
 * doubles, 32 bytes) and its lane masks v4m, only through the small
 * functions and macros below (vadd, vmul, vlt, vand, vsel, ...). With GCC
 * or Clang they are the vector extension of those compilers (one AVX
 * register in the AVX2 and AVX-512 copies of the detectors, below; two
 * SSE2 halves on any other x86-64, two NEON halves on AArch64, plain code
 * elsewhere, as the compiler splits them): compares giving lane masks,
 * selects by masks, so that every lane takes the same instructions
 * whatever its data (no branch to mispredict). Any other ISO C11
 * compiler, or any compiler given -DKOL_TRAFFIC_PORTABLE, gets a
 * four-element structure instead, on which each function performs the
 * same IEEE operation on each lane. Lanes are independent and every
 * operation is an IEEE one (no contraction into fused multiply-adds:
 * internal/fp.h), so the results do not depend on the path or on the
 * vector width the compiler picks: both paths give bit-identical
 * results. The only places where lanes meet (the score's product in
 * emit_oldest, the lane counts of the coherence test, vany) take them in
 * a fixed order or are exact. */
#if defined(__GNUC__)
#define KOL_TR_INLINE static inline __attribute__((always_inline))
#else
#define KOL_TR_INLINE static inline
#endif
#define VW 4 /* lanes per vector */
#if defined(__GNUC__) && !defined(KOL_TRAFFIC_PORTABLE)
/* Returning a 32-byte vector changes the ABI without AVX (-Wpsabi): the
 * functions that do so are inlined, and no vector crosses a call. The
 * helpers that take vectors are macros, which GCC's note on passing
 * 32-byte aligned arguments (not silenced by the pragma) does not see. */
#if defined(__clang__)
#if __has_warning("-Wpsabi")
#pragma clang diagnostic ignored "-Wpsabi"
#endif
#else
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
typedef double v4d __attribute__((vector_size(32)));
typedef __typeof__((v4d){0, 0, 0, 0} > (v4d){0, 0, 0, 0}) v4m;
/* the same, at any address of a double and aliasing doubles */
typedef double v4du __attribute__((vector_size(32), aligned(8), may_alias));
/* half of a v4d, for the SSE2 builtins below */
typedef double v2d __attribute__((vector_size(16)));
/* four lanes' reasons (at any address of a uint32_t), and a mask narrowed
 * to them, for vreason */
typedef uint32_t v4r __attribute__((vector_size(16), aligned(4), may_alias));
typedef int32_t v4mi __attribute__((vector_size(16)));

KOL_TR_INLINE v4d vld(const double *p) { return *(const v4du *)(const void *)p; }
#define vst(p, x) ((void)(*(v4du *)(void *)(p) = (x)))
/* a in every lane (a macro: GCC builds the value of an inline function's
 * compound literal lane by lane) */
#define vb(a) ((v4d){(a), (a), (a), (a)})
/* the operators themselves (the structure path checks the types) */
#define vlane(x, i) ((x)[i])
#define vadd(a, b) ((a) + (b))
#define vsub(a, b) ((a) - (b))
#define vmul(a, b) ((a) * (b))
#define vdiv(a, b) ((a) / (b))
#define vneg(a) (-(a))
#define vlt(a, b) ((a) < (b))
#define vle(a, b) ((a) <= (b))
#define vgt(a, b) ((a) > (b))
#define vge(a, b) ((a) >= (b))
#define veq(a, b) ((a) == (b))
#define vand(a, b) ((a) & (b))
#define vor(a, b) ((a) | (b))
#define vnot(a) (~(a))
/* 1 when some lane of m is set */
#if defined(__SSE2__) && !defined(__clang__)
/* the sign bits of each half (SSE2, in every copy) */
#define vany(m)                                                            \
    __extension__({                                                        \
        const v4d vany_m_ = (v4d)(m);                                      \
        (__builtin_ia32_movmskpd((v2d){vany_m_[0], vany_m_[1]}) |          \
         __builtin_ia32_movmskpd((v2d){vany_m_[2], vany_m_[3]})) != 0;     \
    })
#else
#define vany(m)                                                            \
    __extension__({                                                        \
        const v4m vany_m_ = (m);                                           \
        ((vany_m_[0] | vany_m_[1]) | (vany_m_[2] | vany_m_[3])) != 0;      \
    })
#endif
/* m ? a : b, lane by lane (m has no side effects) */
#define vsel(m, a, b) ((v4d)(((m) & (v4m)(a)) | (~(m) & (v4m)(b))))
/* m ? 1.0 : 0.0, lane by lane */
#define vflag(m) ((v4d)((m) & (v4m)vb(1.0)))
/* p[i] |= bit for the lanes i of m that are set (p: four reasons) */
#define vreason(p, m, bit)                                                 \
    ((void)(*(v4r *)(void *)(p) |=                                        \
            (v4r)__builtin_convertvector((m), v4mi) & (uint32_t)(bit)))
#if defined(__NO_MATH_ERRNO__)
/* the square root of each lane: without errno to set (the build gives
 * this file -fno-math-errno), the compiler makes it one vector square
 * root per register, one AVX one in the AVX2 and AVX-512 copies */
#define vsqrt(x)                                                           \
    __extension__({                                                        \
        const v4d vsqrt_x_ = (x);                                          \
        (v4d){__builtin_sqrt(vsqrt_x_[0]), __builtin_sqrt(vsqrt_x_[1]),    \
              __builtin_sqrt(vsqrt_x_[2]), __builtin_sqrt(vsqrt_x_[3])};   \
    })
#elif defined(__SSE2__) && !defined(__clang__)
/* the SSE2 square root on each half (sqrt() would test its argument to
 * set errno, lane by lane): SSE2 is in every copy of the detectors, the
 * four-lane AVX one is not */
#define vsqrt(x)                                                           \
    __extension__({                                                        \
        const v4d vsqrt_x_ = (x);                                          \
        const v2d vsqrt_lo_ =                                              \
            __builtin_ia32_sqrtpd((v2d){vsqrt_x_[0], vsqrt_x_[1]});        \
        const v2d vsqrt_hi_ =                                              \
            __builtin_ia32_sqrtpd((v2d){vsqrt_x_[2], vsqrt_x_[3]});        \
        (v4d){vsqrt_lo_[0], vsqrt_lo_[1], vsqrt_hi_[0], vsqrt_hi_[1]};     \
    })
#else
#define vsqrt(x)                                                           \
    __extension__({                                                        \
        v4d vsqrt_x_ = (x);                                                \
        vsqrt_x_[0] = sqrt(vsqrt_x_[0]);                                   \
        vsqrt_x_[1] = sqrt(vsqrt_x_[1]);                                   \
        vsqrt_x_[2] = sqrt(vsqrt_x_[2]);                                   \
        vsqrt_x_[3] = sqrt(vsqrt_x_[3]);                                   \
        vsqrt_x_;                                                          \
    })
#endif
#else
typedef struct {
    double l[VW];
} v4d;
typedef struct {
    int l[VW]; /* 0 or 1 */
} v4m;

KOL_TR_INLINE v4d vld(const double *p)
{
    v4d x;
    int i;
    for (i = 0; i < VW; i++)
        x.l[i] = p[i];
    return x;
}
KOL_TR_INLINE void vst(double *p, v4d x)
{
    int i;
    for (i = 0; i < VW; i++)
        p[i] = x.l[i];
}
KOL_TR_INLINE v4d vb(double a)
{
    v4d x;
    int i;
    for (i = 0; i < VW; i++)
        x.l[i] = a;
    return x;
}
KOL_TR_INLINE double vlane(v4d x, int i) { return x.l[i]; }
/* one lane-by-lane operation of two vectors, or of two vectors to a mask */
#define KOL_TR_V2(name, type, op)                                           \
    KOL_TR_INLINE type name(v4d a, v4d b)                                  \
    {                                                                      \
        type r;                                                            \
        int i;                                                             \
        for (i = 0; i < VW; i++)                                           \
            r.l[i] = a.l[i] op b.l[i];                                     \
        return r;                                                          \
    }
KOL_TR_V2(vadd, v4d, +)
KOL_TR_V2(vsub, v4d, -)
KOL_TR_V2(vmul, v4d, *)
KOL_TR_V2(vdiv, v4d, /)
KOL_TR_V2(vlt, v4m, <)
KOL_TR_V2(vle, v4m, <=)
KOL_TR_V2(vgt, v4m, >)
KOL_TR_V2(vge, v4m, >=)
KOL_TR_V2(veq, v4m, ==)
#undef KOL_TR_V2
KOL_TR_INLINE v4d vneg(v4d a)
{
    int i;
    for (i = 0; i < VW; i++)
        a.l[i] = -a.l[i];
    return a;
}
KOL_TR_INLINE v4m vand(v4m a, v4m b)
{
    int i;
    for (i = 0; i < VW; i++)
        a.l[i] = a.l[i] & b.l[i];
    return a;
}
KOL_TR_INLINE v4m vor(v4m a, v4m b)
{
    int i;
    for (i = 0; i < VW; i++)
        a.l[i] = a.l[i] | b.l[i];
    return a;
}
KOL_TR_INLINE v4m vnot(v4m a)
{
    int i;
    for (i = 0; i < VW; i++)
        a.l[i] = !a.l[i];
    return a;
}
KOL_TR_INLINE int vany(v4m m)
{
    return ((m.l[0] | m.l[1]) | (m.l[2] | m.l[3])) != 0;
}
KOL_TR_INLINE v4d vsel(v4m m, v4d a, v4d b)
{
    v4d r;
    int i;
    for (i = 0; i < VW; i++)
        r.l[i] = m.l[i] ? a.l[i] : b.l[i];
    return r;
}
KOL_TR_INLINE v4d vflag(v4m m)
{
    v4d r;
    int i;
    for (i = 0; i < VW; i++)
        r.l[i] = m.l[i] ? 1.0 : 0.0;
    return r;
}
KOL_TR_INLINE void vreason(uint32_t *p, v4m m, uint32_t bit)
{
    int i;
    for (i = 0; i < VW; i++)
        p[i] |= m.l[i] ? bit : 0u;
}
KOL_TR_INLINE v4d vsqrt(v4d x)
{
    int i;
    for (i = 0; i < VW; i++)
        x.l[i] = sqrt(x.l[i]);
    return x;
}
#endif
/* all lanes false */
KOL_TR_INLINE v4m vnone(void) { return vgt(vb(0), vb(1.0)); }
/* the sum of the four lanes of x, exact when they are small integers
 * (lane counts) */
#define vcount(x)                                                          \
    ((vlane(x, 0) + vlane(x, 1)) + (vlane(x, 2) + vlane(x, 3)))
/* a & b & c, a & b & c & d */
#define vand3(a, b, c) vand(vand(a, b), c)
#define vand4(a, b, c, d) vand(vand3(a, b, c), d)

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define KOL_TRAFFIC_SANITIZED 1
#endif
/* The functions with lane loops (the detectors, ingest; the emission,
 * emit_oldest; closing a slot, close_slot; the input checks, check_chunk;
 * and the input loop, feed_impl) are compiled twice more, for AVX2 and
 * AVX-512, where a vector v4d is one register, and one copy is picked
 * when the library is loaded (as in lib/value.c). They use the same IEEE operations in the same order (no
 * contraction into fused multiply-adds under ISO C), so every copy gives
 * bit-identical results. */
/* Unoptimised builds (the coverage build among them) keep one copy. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&      \
    defined(__linux__) && defined(__GLIBC__) && defined(__OPTIMIZE__) &&   \
    !defined(KOL_TRAFFIC_NO_CLONES) && !defined(KOL_TRAFFIC_SANITIZED)
#if __GNUC__ >= 12
/* the AVX-512 copy for x86-64-v4 (AVX-512 F, VL, BW, DQ, CD): with VL,
 * four-lane operations have 32 registers instead of 16, and masks and
 * selects the mask registers (GCC 12 picks the copy by that ISA level) */
#define KOL_TR_HOT                                                         \
    __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define KOL_TR_HOT __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#else
#define KOL_TR_HOT
#endif

/* The detectors, the emission and the closing of a slot are compiled for
 * a constant lane count (and the detectors for grown lanes too) in
 * optimised builds; unoptimised builds (the coverage build among them)
 * keep one general copy of each, whose branches the tests cover. */
#if defined(__OPTIMIZE__)
#define KOL_TR_CONST_LANES 1
#else
#define KOL_TR_CONST_LANES 0
#endif

#define SEASON_MAX 1000000u /* most slots in a season */
#define SEASON_BINS 96u      /* most bins of a seasonal profile */

/* Channels are processed together: every per-channel quantity is an array
 * of LMAX lanes (lane = position of the channel in the order given to
 * kol_traffic_new()), and the detectors run over the lanes four at a time
 * (the channel count rounded up to a multiple of VW: 4 or 8 lanes) with
 * branch-free bodies on the vectors above. A lane beyond the channel count
 * is never present and stays at zero. LMAX is a multiple of VW. */
#define LMAX 8
#define OUT_ROWS 128 /* results per block handed to a block callback */

/* One slot waiting in the delay line. */
struct entry {
    double obs[LMAX];       /* increment */
    double res[LMAX];       /* restored before drip correction */
    double rv[LMAX];        /* variance of a restored value set by a
                               ratio break (alone or combined with the
                               burst's), 0 where none is */
    double drip[LMAX];      /* drip rate to remove (0: none) */
    double disp[LMAX];      /* dispersion at ingestion */
    double pr[LMAX];        /* 1: the channel had a sample in the slot */
    double drop[LMAX];      /* counter decrease in the slot (dropped) */
    double sig[SIG_N][LMAX]; /* strength of each signal per channel */
    uint32_t cre[LMAX];     /* reasons per channel */
    uint64_t slot;
    uint32_t n_samples;     /* samples merged, saturated at UINT32_MAX */
    uint32_t missing_all;
    uint32_t filled;        /* spread over a gap from a counter reading */
};

struct interval {
    int64_t start, end;
    uint32_t reasons;
    double peak;
};

/* Per-lane inputs of a slot that depend on how many slots a lane has
 * seen; constant once every lane has grown (kol_traffic.grown). */
struct lanein {
    double first[LMAX];  /* 1: the lane's first slot (level) */
    double warm[LMAX];   /* 1: past the warm-up (level) */
    double dwarm[LMAX];  /* 1: the drip window (this slot and the
                            drip_w - 1 present before it) past the warm-up */
    double a[LMAX];      /* smoothing weight of the level */
    double qinit[LMAX];  /* 1: the ratio sums are not started */
    double qreset[LMAX]; /* 1: second ratio slot, psi restarts at d0 */
    double qwarm[LMAX];  /* 1: past the warm-up (ratio) */
    double qa[LMAX];     /* smoothing weight of the ratio sums */
};

/* Where results go: one callback per slot, or blocks of results. */
struct sink {
    kol_traffic_emit_fn emit;
    kol_traffic_block_fn block;
    void *user;
};

struct kol_traffic {
    kol_ctx *ctx;
    size_t nch;
    int32_t channels[NCH_MAX];
    double p[KOL_TRAFFIC_PARAM_COUNT];
    /* derived from params at the first sample */
    int64_t step;
    int cumulative, order_skip;
    uint32_t lanes;         /* 4 or 8 */
    uint32_t warmup, drip_w, plat_len, delay, signals;
    double inv_w, inv_2w1;  /* 1 / drip_w, 1 / (2 (drip_w - 1)) */
    double drip_bias;       /* 1 / nu, nu = 2 (drip_w - 1) / 3 */
    uint64_t max_gap;
    uint64_t n_alpha;       /* weight(n) == alpha for every n >= n_alpha */
    size_t max_iv;
    int ref;                /* index of the reference channel, -1: none */
    double notref[LMAX];    /* 1 for the lanes compared with the reference */
    uint32_t season_n;      /* slots per season, 0: no seasonal term */
    uint32_t season_nb;     /* bins of the profile (a divisor of season_n) */
    uint32_t season_k;      /* slots per bin: season_n / season_nb */
    uint32_t season_bin;    /* bin of season_slot */
    uint32_t season_sub;    /* position of season_slot within its bin */
    uint64_t season_slot;   /* the last slot ingested */
    double gamma;           /* weight of one update: SEASON_GAMMA / k */
    double *season;         /* season_nb x LMAX indices, or NULL */
    double *ring;           /* drip_w x LMAX: the drip windows */
    uint32_t ring_pos;      /* next position written, shared by the lanes */
    int grown;              /* every lane past its first slots (weights are
                               alpha, warm-up done): lin_grown applies */
    uint32_t unseen;        /* while grown: the lanes never present (bit c),
                               which end it when one is (check_grown) */
    struct lanein lin_grown;
    /* state */
    int started, finished, stopped;
    int64_t t0;
    uint64_t cur;           /* open slot */
    uint64_t cur_lo;        /* cur * step: offset of its start from t0 */
    uint64_t cur_samples;   /* samples in the open slot: 64 bits, so that
                               2^32 samples in one slot do not wrap; the
                               entry keeps it saturated at UINT32_MAX */
    double acc[LMAX];
    double acc_present[LMAX];
    double acc_drop[LMAX];
    /* per-lane detector state */
    double mu[LMAX], phi[LMAX];         /* level and dispersion */
    uint64_t nobs[LMAX];
    double sc[LMAX], sr[LMAX], psi[LMAX]; /* ratio to the reference */
    uint64_t qn[LMAX];
    double ring_n[LMAX];                /* valid values in the window */
    double wsum[LMAX], wd2[LMAX];       /* window sums: x, squared steps */
    double ldix[LMAX], dix[LMAX];       /* usual dispersion index */
    uint64_t dn[LMAX];
    double dnpos[LMAX];                 /* 1 when dn > 0 */
    double flat_run[LMAX], step_ok[LMAX], step_b[LMAX], step_phi[LMAX];
    double counter[LMAX];
    int has_counter[LMAX]; /* 1: anchored; 0: not yet; -1: reset by a gap */
    double obs_total[LMAX], res_total[LMAX], var_total[LMAX];
    double dropped[LMAX];
    /* delay line: ring of cap entries, n of them in use from head */
    struct entry *line;
    uint32_t line_cap, line_head, line_n;
    void *block;            /* one allocation for every array */
    /* results handed to a block callback, waiting */
    size_t out_n;
    int64_t *out_ts;
    uint32_t *out_ns, *out_reasons, *out_cre;
    double *out_score, *out_obs, *out_res;
    /* results */
    uint64_t slots, flagged, skipped;
    struct interval *iv;
    double *iv_inflated;    /* max_iv * nch */
    size_t iv_n;
    uint64_t iv_total;
    int iv_open;            /* the last interval is still growing */
    uint64_t iv_last_slot;
    /* the public call whose host callbacks (emit, block, read, progress)
     * are running, NULL when idle: the changing calls refuse to run
     * meanwhile (kol__busy) */
    const char *busy;
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
    return kol__param_bounds(params, KOL_TRAFFIC_PARAM_COUNT, param, min, max,
                             default_value);
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
                         "kol_traffic_new: %s is NULL",
                         !out ? "out" : "channels");
    if (n_channels == 0 || n_channels > NCH_MAX)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "kol_traffic_new: %z channels given, 1 to %d "
                         "accepted",
                         n_channels, NCH_MAX);
    for (i = 0; i < n_channels; i++) {
        if (channels[i] < 0 || channels[i] >= NCH_MAX)
            return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                             "kol_traffic_new: channel %z: unknown code %d", i,
                             (int)channels[i]);
        for (j = 0; j < i; j++)
            if (channels[j] == channels[i])
                return kol__fail(ctx, KOL_STATUS_DUPLICATE,
                                 "kol_traffic_new: channel %z: %s given twice "
                                 "(also at %z)",
                                 i, channel_names[channels[i]], j);
    }
    t = kol__alloc(ctx, sizeof *t);
    if (!t)
        return kol__nomem_in(ctx, KOL_STATUS_NOMEM, "kol_traffic_new");
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
    t->line = NULL;
    t->ring = NULL;
    t->season = NULL;
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
    kol_status st;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (t->busy)
        return kol__busy(t->ctx, "kol_traffic_set_param", t->busy);
    st = kol__param_check(t->ctx, "kol_traffic_set_param", params,
                          KOL_TRAFFIC_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
    if (param == KOL_TRAFFIC_PARAM_REFERENCE && value >= 0) {
        size_t i;
        int found = 0;
        for (i = 0; i < t->nch; i++)
            if (t->channels[i] == (int32_t)value)
                found = 1;
        if (!found)
            return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                             "kol_traffic_set_param: reference: channel %s "
                             "is not one of the monitor's channels",
                             channel_names[(int)value]);
    }
    if (t->started || t->finished) /* a stopped series was started */
        return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                         "kol_traffic_set_param: %s: %s (reset the monitor "
                         "first)",
                         params[param].name,
                         t->started ? "samples were already fed"
                                    : "the series was finished");
    t->p[param] = value;
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_get_param(const kol_traffic *t, int param,
                                         double *value)
{
    kol_status st;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    st = kol__param_get_check(t->ctx, "kol_traffic_get_param", "value",
                              KOL_TRAFFIC_PARAM_COUNT, param, value);
    if (st != KOL_STATUS_OK)
        return st;
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
    size_t nch = t->nch, cap, total, i;
    uint32_t w = (uint32_t)t->p[KOL_TRAFFIC_PARAM_DRIP_WINDOW];
    unsigned char *b;

    t->delay = delay_of(t->p);
    cap = (size_t)t->delay + 1u;
    t->max_iv = (size_t)t->p[KOL_TRAFFIC_PARAM_MAX_INTERVALS];
    {
        /* the seasonal profile: kept when the period is a whole number of
         * steps, 2 to SEASON_MAX of them */
        double per = t->p[KOL_TRAFFIC_PARAM_SEASON_PERIOD];
        double stp = t->p[KOL_TRAFFIC_PARAM_STEP];
        double q = per / stp; /* exact when fmod(per, stp) == 0 */
        t->season_n = 0;
        t->season_nb = 0;
        t->season_k = 1;
        if (per > 0 && fmod(per, stp) == 0 && q >= 2 &&
            q <= (double)SEASON_MAX) {
            uint32_t nb;
            t->season_n = (uint32_t)q;
            /* the largest divisor of season_n not above SEASON_BINS */
            for (nb = SEASON_BINS; t->season_n % nb != 0; nb--)
                ;
            t->season_nb = nb;
            t->season_k = t->season_n / nb;
        }
    }
    total = align8(cap * sizeof(struct entry))
          + (size_t)w * LMAX * sizeof(double)
          + (size_t)t->season_nb * LMAX * sizeof(double)
          + OUT_ROWS * (sizeof(int64_t) + sizeof(double)) +
          (OUT_ROWS * nch + LMAX) * 2 * sizeof(double)
          + align8(OUT_ROWS * 2 * sizeof(uint32_t)) +
          align8((OUT_ROWS * nch + LMAX) * sizeof(uint32_t))
          + align8(t->max_iv * sizeof(struct interval))
          + t->max_iv * nch * sizeof(double);
    b = kol__alloc(t->ctx, total);
    if (!b)
        return KOL_STATUS_NOMEM;
    memset(b, 0, total);
    t->block = b;
    t->line = (struct entry *)(void *)b;
    b += align8(cap * sizeof(struct entry));
    t->ring = (double *)(void *)b;
    b += (size_t)w * LMAX * sizeof(double);
    t->season = t->season_n ? (double *)(void *)b : NULL;
    b += (size_t)t->season_nb * LMAX * sizeof(double);
    t->out_ts = (int64_t *)(void *)b;
    b += OUT_ROWS * sizeof(int64_t);
    t->out_score = (double *)(void *)b;
    b += OUT_ROWS * sizeof(double);
    /* the row arrays have LMAX spare values at the end: a row is copied as
     * a whole entry (LMAX lanes), the next row overwrites the excess */
    t->out_obs = (double *)(void *)b;
    b += (OUT_ROWS * nch + LMAX) * sizeof(double);
    t->out_res = (double *)(void *)b;
    b += (OUT_ROWS * nch + LMAX) * sizeof(double);
    t->out_ns = (uint32_t *)(void *)b;
    t->out_reasons = t->out_ns + OUT_ROWS;
    b += align8(OUT_ROWS * 2 * sizeof(uint32_t));
    t->out_cre = (uint32_t *)(void *)b;
    b += align8((OUT_ROWS * nch + LMAX) * sizeof(uint32_t));
    t->iv = (struct interval *)(void *)b;
    b += align8(t->max_iv * sizeof(struct interval));
    t->iv_inflated = (double *)(void *)b;
    t->out_n = 0;
    t->ring_pos = 0;
    t->season_bin = 0;
    t->season_sub = 0;
    t->season_slot = 0;
    t->gamma = t->p[KOL_TRAFFIC_PARAM_SEASON_GAMMA] / (double)t->season_k;
    t->line_cap = (uint32_t)cap;
    t->line_head = 0;
    t->line_n = 0;
    /* whole vectors */
    t->lanes = (uint32_t)((nch + VW - 1u) & ~(size_t)(VW - 1u));
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
        /* smallest n with (n + 1) alpha >= 1 in floating point (monotone
         * in n): from then on the weight is alpha, before it 1 / (n + 1),
         * which is then above alpha */
        double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
        uint64_t n = (uint64_t)ceil(1.0 / alpha) + 1u;
        while (n > 0 && (double)n * alpha >= 1.0)
            n--;
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
        if (t->ref < 0) /* no views: the first channel (a reference that
                           was set is always configured) */
            t->ref = 0;
        if (nch < 2)
            t->ref = -1;
    }
    for (i = 0; i < LMAX; i++)
        t->notref[i] = i < nch && (int)i != t->ref ? 1.0 : 0.0;
    t->grown = 0;
    t->unseen = 0;
    for (i = 0; i < LMAX; i++) {
        struct lanein *g = &t->lin_grown;
        g->first[i] = 0;
        g->warm[i] = 1;
        g->dwarm[i] = 1;
        g->a[i] = t->p[KOL_TRAFFIC_PARAM_ALPHA];
        g->qinit[i] = 0;
        g->qreset[i] = 0;
        g->qwarm[i] = 1;
        g->qa[i] = t->p[KOL_TRAFFIC_PARAM_ALPHA];
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

/* Start of slot s: t0 + s * step, computed modulo 2^64 (exact, since it
 * lies between t0 and a timestamp that was given). */
static int64_t slot_time(const kol_traffic *t, uint64_t s)
{
    uint64_t u = (uint64_t)t->t0 + s * (uint64_t)t->step;
    if (u <= (uint64_t)INT64_MAX)
        return (int64_t)u;
    return -(int64_t)(~u) - 1; /* two's complement, without overflow */
}

static void interval_add(kol_traffic *t, const struct entry *e, int64_t ts,
                         uint32_t reasons, double score)
{
    size_t c, nch = t->nch;
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
        struct interval *v = &t->iv[t->iv_n];
        double *inf = t->iv_inflated + t->iv_n * nch;
        v->start = ts;
        v->end = ts;
        v->reasons = reasons;
        v->peak = score;
        for (c = 0; c < nch; c++)
            inf[c] = e->obs[c] - e->res[c];
        t->iv_n++;
    }
}

/* Hand the waiting block of results to the block callback. */
static kol_status flush(kol_traffic *t, const struct sink *k)
{
    size_t n = t->out_n;
    int rc;
    if (n == 0) /* results wait here for a block callback only */
        return KOL_STATUS_OK;
    t->out_n = 0;
    rc = k->block(k->user, n, t->out_ts, t->out_ns, t->out_score,
                  t->out_reasons, t->out_obs, t->out_res, t->out_cre,
                  t->nch);
    if (rc != 0) {
        t->stopped = 1;
        return kol__callback_stop(t->ctx, KOL_STATUS_CALLBACK, rc,
                                  "%s: the block callback stopped the "
                                  "series after slot %L (code %d)",
                                  t->busy, t->slots - 1u, rc);
    }
    return KOL_STATUS_OK;
}

/* Emit the oldest entry of the delay line, for L lanes. */
KOL_TR_INLINE kol_status emit_lanes(kol_traffic *t, const struct sink *k,
                                    const size_t L)
{
    struct entry *e = &t->line[t->line_head];
    const size_t nch = t->nch;
    const double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
    const double d0p = d0 > 0 ? d0 : 0;
    double keep = 1.0, score;
    uint32_t reasons = 0;
    int64_t ts;
    size_t c, s;

    /* restored values, totals (a channel without a sample adds 0
     * everywhere), and the score: keep = product over channels and
     * signals of (1 - s), taken per lane over the signals, then over the
     * lanes as keep = (((keep (k0 k1)) (k2 k3)) (k4 k5)) (k6 k7), the
     * order of every revision (lanes beyond the channels give k = 1) */
    for (c = 0; c < L; c += VW) {
        const v4d zero = vb(0), one = vb(1.0);
        const v4d x = vld(e->obs + c), d = vld(e->drip + c);
        const v4d r0 = vld(e->res + c), rvv = vld(e->rv + c);
        v4d r = r0, rd = vsub(x, d), kp = one;
        rd = vsel(vlt(rd, zero), zero, rd);
        r = vsel(vand(vgt(d, zero), vlt(rd, r)), rd, r);
        r = vsel(vgt(r, x), x, r);
        r = vsel(vlt(r, zero), zero, r);
        r = vsel(vgt(vld(e->pr + c), zero), r, zero);
        vst(e->res + c, r);
        vst(t->obs_total + c, vadd(vld(t->obs_total + c), x));
        vst(t->dropped + c, vadd(vld(t->dropped + c), vld(e->drop + c)));
        vst(t->res_total + c, vadd(vld(t->res_total + c), r));
        vst(t->var_total + c,
            vadd(vld(t->var_total + c),
                 vsel(vlt(r, x),
                      /* a ratio break's estimate, unless the drip
                       * correction took the value lower */
                      vsel(vand(vgt(rvv, zero), veq(r, r0)), rvv,
                           vmul(vld(e->disp + c), vadd(r, vb(d0p)))),
                      zero)));
        for (s = 0; s < SIG_N; s++)
            kp = vmul(kp, vsub(one, vld(e->sig[s] + c)));
        keep *= vlane(kp, 0) * vlane(kp, 1);
        keep *= vlane(kp, 2) * vlane(kp, 3);
    }
    for (c = 0; c < LMAX; c++) /* zero beyond the channels */
        reasons |= e->cre[c];
    score = 1.0 - keep; /* in [0, 1]: every factor is */
    /* a signal that fired has s >= 0.5, so score >= 0.5 exactly when the
     * slot has a reason (soft strengths are at most 0.49 each, but two of
     * them can make 0.74) */
    if (reasons == 0 && score > 0.49)
        score = 0.49;
    if (e->missing_all) {
        reasons = KOL_TRAFFIC_REASON_MISSING;
        score = 0;
    }
    t->slots++;
    ts = slot_time(t, e->slot);
    if (reasons & SIG_ALL) {
        t->flagged++;
        interval_add(t, e, ts, reasons & SIG_ALL, score);
    } else {
        t->iv_open = 0;
    }
    t->line_head = t->line_head + 1u == t->line_cap ? 0 : t->line_head + 1u;
    t->line_n--;
    if (k->block) {
        size_t o = t->out_n;
        t->out_ts[o] = ts;
        t->out_ns[o] = e->n_samples;
        t->out_score[o] = score;
        t->out_reasons[o] = reasons;
        memcpy(t->out_obs + o * nch, e->obs, sizeof e->obs);
        memcpy(t->out_res + o * nch, e->res, sizeof e->res);
        memcpy(t->out_cre + o * nch, e->cre, sizeof e->cre);
        t->out_n = o + 1u;
        if (t->out_n == OUT_ROWS)
            return flush(t, k);
    } else if (k->emit) {
        int rc = k->emit(k->user, ts, e->n_samples, score, reasons, e->obs,
                         e->res, e->cre, nch);
        if (rc != 0) {
            t->stopped = 1;
            return kol__callback_stop(t->ctx, KOL_STATUS_CALLBACK, rc,
                                      "%s: the emit callback stopped "
                                      "the series at slot %L (code %d)",
                                      t->busy, e->slot, rc);
        }
    }
    return KOL_STATUS_OK;
}

/* Emit the oldest entry of the delay line, with the lane count as a
 * constant (KOL_TR_CONST_LANES). */
static KOL_TR_HOT kol_status emit_oldest(kol_traffic *t,
                                          const struct sink *k)
{
#if KOL_TR_CONST_LANES
    if (t->lanes == VW)
        return emit_lanes(t, k, VW);
    return emit_lanes(t, k, 2 * VW);
#else
    return emit_lanes(t, k, t->lanes);
#endif
}

/* Entry k slots back from the newest (k = 0: newest). */
static struct entry *back(kol_traffic *t, uint32_t k)
{
    uint32_t idx = t->line_head + t->line_n - 1u - k;
    if (idx >= t->line_cap)
        idx -= t->line_cap;
    return &t->line[idx];
}

static void mark(struct entry *e, size_t c, int s, double strength,
                 uint32_t reason)
{
    if (strength > e->sig[s][c])
        e->sig[s][c] = strength;
    e->cre[c] |= reason;
}

/* ------------------------------------------------------------------ */
/* Ingestion of one closed slot                                        */

/* sigma(x) for x > -4.5 (strengths are computed from z > K - 3 only,
 * and the drip's from a positive argument) */
/* The count variance model of docs/model-traffic.md ("Level and
 * dispersion"), shared by the level, the coherence test and the ratio
 * breaks: for an expected count e and a dispersion state disp,
 * phi = max(disp, d0), w = e + d0+ + eps (1 + e), and the variance
 * v = phi w, floored at 1e-12 (1 + e^2). Stores w and phi. */
KOL_TR_INLINE v4d count_var(const v4d *pe, const v4d *pdisp, double d0,
                            double d0p, double eps, v4d *w_out,
                            v4d *phi_out)
{
    const v4d one = vb(1.0), e = *pe, disp = *pdisp;
    v4d phi = vsel(vgt(disp, vb(d0)), disp, vb(d0));
    v4d w = vadd(vadd(e, vb(d0p)), vmul(vb(eps), vadd(one, e)));
    v4d v = vmul(phi, w);
    v4d vf = vmul(vb(1e-12), vadd(one, vmul(e, e)));
    *w_out = w;
    *phi_out = phi;
    return vsel(vlt(v, vf), vf, v);
}

static double logistic(double x)
{
    /* cov: only the drip's strength comes here now, from an argument of
     * at most 6 (the others use vlogistic); kept for the function's
     * whole domain */
    if (x > 40)
        return 1.0;
    /* cov: outside kol__exp's domain; never asked (see above) */
    if (x < -700)
        return 0.0;
    return 1.0 / (1.0 + kol__exp(-x));
}

/* logistic() on four lanes: the same IEEE operations as kol__exp and
 * logistic, lane by lane and in the same order (the table index and the
 * power of two are integer work on each lane's bits), the two limits by
 * selects. A lane outside the domain (x < -700, or x NaN) computes a
 * value that the select discards or the scalar function returns too. */
KOL_TR_INLINE v4d vlogistic(v4d x)
{
    const v4d one = vb(1.0), y = vneg(x);
    v4d kd = vadd(vmul(y, vb(0x1.71547652b82fep+5)), vb(KOL__SHIFT));
    double kdl[VW], tl[VW], p2l[VW];
    v4d r, r2, p, t, p2, s;
    int i;
    vst(kdl, kd);
    for (i = 0; i < VW; i++) {
        const uint64_t n = kol__bits(kdl[i]) - kol__bits(KOL__SHIFT);
        const uint64_t j = n & 31u;
        tl[i] = kol__exp2_32[j];
        p2l[i] = kol__from_bits(((n - j + 32u * 1023u) >> 5) << 52);
    }
    t = vld(tl);
    p2 = vld(p2l);
    kd = vsub(kd, vb(KOL__SHIFT));
    r = vsub(vsub(y, vmul(kd, vb(KOL__LN2_HI / 32))),
             vmul(kd, vb(KOL__LN2_LO / 32)));
    r2 = vmul(r, r);
    p = vadd(r, vmul(r2, vadd(vadd(vb(1.0 / 2), vmul(r, vb(1.0 / 6))),
                              vmul(r2, vadd(vadd(vb(1.0 / 24),
                                                 vmul(r, vb(1.0 / 120))),
                                            vmul(r2, vb(1.0 / 720)))))));
    s = vdiv(one, vadd(one, vmul(vadd(t, vmul(t, p)), p2)));
    s = vsel(vlt(x, vb(-700.0)), vb(0), s);
    return vsel(vgt(x, vb(40.0)), one, s);
}

/* Smoothing weight: a running mean over the first observations, then
 * alpha: max(alpha, 1 / (n + 1)), which is 1 / (n + 1) for n < n_alpha
 * (the only n it is asked for) and alpha from n_alpha on. */
static double weight_young(uint64_t n) { return 1.0 / (double)(n + 1u); }

static void lanes_in(const kol_traffic *t, struct lanein *in)
{
    const double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
    size_t c;
    for (c = 0; c < LMAX; c++) {
        const uint64_t n = t->nobs[c], q = t->qn[c];
        in->first[c] = n == 0;
        in->warm[c] = n >= t->warmup;
        /* the window's oldest slot is present slot n - (drip_w - 1) */
        in->dwarm[c] = n >= (uint64_t)t->warmup + t->drip_w - 1u;
        in->a[c] = n >= t->n_alpha ? alpha : weight_young(n);
        in->qinit[c] = q == 0;
        in->qreset[c] = q == 1;
        in->qwarm[c] = q >= t->warmup;
        in->qa[c] = q >= t->n_alpha ? alpha : weight_young(q);
    }
}

/* Lanes that have grown: every later slot sees the constant inputs.
 *
 * A lane never present yet (nobs 0) does not hold the others back: in a
 * slot where it is absent, nothing the detectors compute or keep for it
 * reads its lane inputs (every use is masked by its presence, or by
 * warmth and activity that need it), so it is left out and marked in
 * t->unseen, and the first slot where it is present ends the grown state
 * before the detectors run (ingest()), so that it starts as a first
 * slot. The same holds for the ratio slots when the reference has never
 * been present: the ratio test needs the reference in the slot, so no
 * lane's ratio inputs are read until it is. The counts are not kept while
 * grown; those of the other lanes are then past every threshold (need,
 * needq), so their inputs stay the grown constants. */
static void check_grown(kol_traffic *t)
{
    size_t c;
    uint32_t unseen = 0;
    /* a drip window past the warm-up needs warmup + drip_w - 1 slots
     * before its newest (which is at least warmup) */
    uint64_t dw = (uint64_t)t->warmup + t->drip_w - 1u;
    uint64_t need = t->n_alpha > dw ? t->n_alpha : dw;
    uint64_t needq = need > 2 ? need : 2; /* need >= warmup >= 1 */
    /* the ratio slots are counted only by the ratio test, and their
     * inputs (qinit, qreset, qwarm, qa) read only there: without it, they
     * never grow and need not */
    const int ratio = t->ref >= 0 &&
                      (t->signals & KOL_TRAFFIC_REASON_RATIO) &&
                      t->nobs[t->ref] > 0;
    for (c = 0; c < t->nch; c++) {
        if (t->nobs[c] == 0) {
            unseen |= 1u << c;
            continue;
        }
        if (t->nobs[c] < need)
            return;
        if (ratio && t->notref[c] > 0 && t->qn[c] < needq)
            return;
    }
    t->grown = 1;
    t->unseen = unseen;
}

static const double zeros[LMAX];

/* The detectors on the newest entry of the line, for L lanes
 * (docs/model-traffic.md, "Detectors"); G is t->grown (which changes only
 * at the end, in check_grown), a constant where the caller knows it. */
KOL_TR_INLINE void ingest_lanes(kol_traffic *t, const size_t L, const int G)
{
    struct entry *const e = back(t, 0);
    const size_t nch = t->nch;
    const double kb = t->p[KOL_TRAFFIC_PARAM_BURST_Z];
    const double kr = t->p[KOL_TRAFFIC_PARAM_RATIO_Z];
    const double kb2 = kb < 2.0 ? kb : 2.0, kr2 = kr < 2.0 ? kr : 2.0;
    const double minx = t->p[KOL_TRAFFIC_PARAM_MIN_EXCESS];
    const double d0 = t->p[KOL_TRAFFIC_PARAM_DISPERSION_FLOOR];
    const double d0p = d0 > 0 ? d0 : 0, eps = d0 > 0 ? 0.0 : 1e-9;
    const uint32_t sig = t->signals;
    const double on_b = ((sig) & (KOL_TRAFFIC_REASON_BURST)) ? 1.0 : 0.0;
    const double on_d = ((sig) & (KOL_TRAFFIC_REASON_DROP)) ? 1.0 : 0.0;
    const double gamma = t->gamma;
    const double alpha = t->p[KOL_TRAFFIC_PARAM_ALPHA];
    const double kcoh = 0.5 * kb;
    int coh = 0;
    double bexp[LMAX], zc[LMAX], phi_[LMAX], warm[LMAX], mu0_[LMAX],
        ph0_[LMAX], var_[LMAX];
    struct lanein young;
    const struct lanein *lin = &t->lin_grown;
    const double *sp_row = zeros;
    double *s_row = NULL;
    size_t c;

    if (!G) {
        lanes_in(t, &young);
        lin = &young;
    }
/* a lane input (struct lanein) of lanes c to c + VW - 1: once every lane
 * has grown, the constant value of t->lin_grown */
#define LANE_IN(f, grown_value)                                            \
    (G ? vb(grown_value) : vld(lin->f + c))
    if (t->season) {
        /* phase of this slot in the season: one more than the last slot's
         * (the usual case, no division), else recomputed */
        uint32_t bin;
        if (e->slot == t->season_slot + 1u) {
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
        s_row = t->season + (size_t)bin * LMAX;
        /* learned from the start, used once a whole season has passed */
        if (e->slot >= t->season_n)
            sp_row = s_row;
    }

    /* level, dispersion, bursts and drops */
    if (nch >= 3) {
        /* cross-channel consistency: with three channels or more (with
         * fewer, no slot is coherent and the test is not made), a rise
         * that every warm channel shares (each at least COHERENT_Z sd
         * above its baseline) is the post's own wave, which brings all
         * channels at once; bought traffic inflates some of them only */
        /* nw counts the warm lanes (a sum of 0 and 1, exact); low marks
         * a warm lane that is not high (the count of high lanes, a
         * subset of the warm ones, equals nw exactly when there is none) */
        v4d nw = vb(0);
        v4m low = vnone();
        for (c = 0; c < L; c += VW) {
            const v4d x = vld(e->obs + c), zero = vb(0);
            const v4d ph = vld(t->phi + c);
            v4d b = vadd(vld(t->mu + c), vld(sp_row + c)), phi, w, v, dx;
            v4m wm = vand(vgt(vld(e->pr + c), zero),
                          vgt(LANE_IN(warm, 1.0), zero));
            b = vsel(vlt(b, zero), zero, b);
            v = count_var(&b, &ph, d0, d0p, eps, &w, &phi);
            dx = vsub(x, b);
            nw = vadd(nw, vflag(wm));
            low = vor(low, vand(wm, vnot(vand(vgt(dx, zero),
                                              vge(vmul(dx, dx),
                                                  vmul(vb(kcoh * kcoh),
                                                       v))))));
        }
        coh = vcount(nw) >= 3.0 && !vany(low);
    }
    for (c = 0; c < L; c += VW) {
        const v4d x = vld(e->obs + c), pr = vld(e->pr + c);
        const v4d first = LANE_IN(first, 0.0);
        const v4d mu = vld(t->mu + c), ph = vld(t->phi + c);
        const v4d sdrop0 = vld(e->sig[S_DROP] + c), spv = vld(sp_row + c);
        const v4d zero = vb(0), one = vb(1.0), vkb = vb(kb), vd0 = vb(d0);
        const v4m pm = vgt(pr, zero), fm = vgt(first, zero);
        const v4m on_bm = vgt(vb(on_b), zero), on_dm = vgt(vb(on_d), zero);
        /* the expected increment, as in the coherence test above (which
         * the compiler then computes once with its variance); a lane's
         * first slot takes its own value as the level, and every quantity
         * below that comes from b in that lane is discarded (z, the tests
         * need a warm lane, the update is replaced) but bexp */
        v4d b = vadd(mu, spv);
        v4d phi, w, v, q, rs, sd, dx, dx2, z, az, lim, r, a, nph, nmu;
        v4m wm, inr, fb, fd, fdm, sideb, sided, sm, big, clip, flag;
        b = vsel(vlt(b, zero), zero, b);
        v = count_var(&b, &ph, d0, d0p, eps, &w, &phi);
        q = vdiv(one, vmul(v, w));
        dx = vsub(x, b);
        /* the tests on z = dx / sd are made on squares (dx^2 against
         * K^2 v), so that the state update, which the next slot waits for,
         * does not wait for a square root; z itself is only reported */
        dx2 = vmul(dx, dx);
        big = vge(dx2, vmul(vb(kb * kb), v));
        rs = vsqrt(vmul(w, q));
        z = vsel(fm, zero, vmul(dx, rs));
        az = vsel(vlt(z, zero), vneg(z), z);
        wm = vand(pm, vgt(LANE_IN(warm, 1.0), zero));
        inr = vand(wm, vgt(az, vb(kb - 3.0)));
        fb = vand(vand(vand4(on_bm, wm, big, vgt(dx, zero)),
                       vge(dx, vb(minx))),
                  vle(vb(coh ? 1.0 : 0.0), zero));
        fd = vand(vand4(on_dm, wm, big, vlt(dx, zero)),
                  vge(vneg(dx), vb(minx)));
        sideb = vand3(on_bm, inr, vgt(z, zero));
        sided = vand3(on_dm, inr, vlt(z, zero));
        /* s = sigma(1.5 (|z| - K)): at least 0.5 when the signal fires
         * (the clamp guards the last bit of the squared test: z >= K gives
         * s >= 0.5), at most 0.49 when it does not, given to the side of
         * the sign of z (sideb and sided never meet); the entry's burst
         * strengths are 0 (push_entry), its drop strengths may not be
         * (close_slot) */
        fdm = vand(vnot(fb), fd);
        sm = vand(vnot(vor(fb, fdm)), vor(sideb, sided));
        if (vany(vor(vor(fb, fdm), sm))) {
            const v4d s = vlogistic(vmul(vb(1.5), vsub(az, vkb)));
            const v4d sh = vsel(vlt(s, vb(0.5)), vb(0.5), s);
            const v4d ss = vsel(vgt(s, vb(0.49)), vb(0.49), s);
            const v4m sbm = vand(sm, sideb);
            v4d sdr = sdrop0;
            vst(e->sig[S_BURST] + c, vsel(sbm, ss, vsel(fb, sh, zero)));
            sdr = vsel(vand(fdm, vgt(sh, sdr)), sh, sdr);
            sdr = vsel(vand(vand(sm, vnot(sbm)), vgt(ss, sdr)), ss, sdr);
            vst(e->sig[S_DROP] + c, sdr);
            vreason(e->cre + c, fb, KOL_TRAFFIC_REASON_BURST);
            vreason(e->cre + c, fd, KOL_TRAFFIC_REASON_DROP);
        }
        vst(e->res + c, vsel(vand(fb, vlt(b, x)), b, x));
        vst(e->disp + c, phi);
        /* Huber clipping at lim sd: lim = 2 (at most K) for a flagged
         * slot, else K */
        flag = vor(vor(fb, fd), vge(sdrop0, vb(0.5)));
        lim = vsel(flag, vb(kb2), vkb);
        clip = vgt(dx2, vmul(vmul(lim, lim), v));
        r = dx;
        if (vany(clip)) {
            sd = vmul(lim, vsqrt(v));
            r = vsel(clip, vsel(vlt(dx, zero), vneg(sd), sd), dx);
        }
        a = LANE_IN(a, alpha);
        vst(mu0_ + c, mu);
        vst(ph0_ + c, ph);
        vst(var_ + c, v);
        nph = vadd(ph, vmul(a, vsub(vmul(vmul(r, r), vmul(v, q)), ph)));
        nmu = vadd(mu, vmul(a, r));
        nmu = vsel(vlt(nmu, zero), zero, nmu);
        vst(t->mu + c, vsel(pm, vsel(fm, x, nmu), mu));
        vst(t->phi + c, vsel(pm, vsel(fm, vd0, nph), ph));
        /* the seasonal index of the slot's bin (sp_row, when it is the
         * same row, was read above) */
        if (s_row)
            vst(s_row + c, vadd(vld(s_row + c),
                                vsel(vand(pm, vnot(fm)), vmul(vb(gamma), r),
                                     zero)));
        vst(bexp + c, vsel(pm, vsel(fm, x, b), zero));
        vst(zc + c, vsel(pm, z, zero));
        vst(phi_ + c, vsel(pm, phi, zero));
        vst(warm + c, vflag(wm));
    }

    /* ratio breaks against the reference channel */
    if (t->ref >= 0 && (sig & KOL_TRAFFIC_REASON_RATIO) &&
        e->pr[t->ref] > 0) {
        const size_t rf = (size_t)t->ref;
        const double xr = e->obs[rf], wr = warm[rf];
        double dn_[LMAX], s_[LMAX], rho_[LMAX], act_[LMAX], vdn_[LMAX];
        double ref_cap = -1, ref_var = 0;
        v4m brk = vnone(), brkd = vnone(); /* some lane broke (down) */
        for (c = 0; c < L; c += VW) {
            const v4d zero = vb(0), one = vb(1.0), vkr = vb(kr), vd0 = vb(d0);
            const v4d xc = vld(e->obs + c), sc = vld(t->sc + c);
            const v4d sr = vld(t->sr + c), psi0 = vld(t->psi + c);
            const v4d vxr = vb(xr);
            const v4m act = vand(vgt(vld(t->notref + c), zero),
                                 vgt(vld(e->pr + c), zero));
            const v4m init =
                vor(vgt(LANE_IN(qinit, 0.0), zero), vnot(vgt(sr, zero)));
            const v4d a = LANE_IN(qa, alpha);
            v4d rho = vdiv(sc, vsel(vgt(sr, zero), sr, one));
            v4d ec = vmul(rho, vxr), w, psi, v, q, rs, sdr, u, u2, rz, arz,
                p0, r3, resc;
            v4m gate, up, dn, big, clip;
            v = count_var(&ec, &psi0, d0, d0p, eps, &w, &psi);
            q = vdiv(one, vmul(v, w));
            u = vsub(xc, ec);
            u2 = vmul(u, u);
            big = vge(u2, vmul(vb(kr * kr), v)); /* |rz| >= RATIO_Z */
            rs = vsqrt(vmul(w, q));
            rz = vmul(u, rs);
            arz = vsel(vlt(rz, zero), vneg(rz), rz);
            gate = vand(vand(vand4(act, vnot(init),
                                   vgt(LANE_IN(qwarm, 1.0), zero),
                                   vgt(vld(warm + c), zero)),
                             vgt(vb(wr), zero)),
                        vgt(arz, vb(kr - 3.0)));
            /* a break counts where the channel said to be inflated is
             * also above its own baseline (z >= RATIO_Z / 2): otherwise
             * the other channel merely fell */
            up = vand(vand4(gate, big, vgt(u, zero), vge(u, vb(minx))),
                      vge(vld(zc + c), vb(0.5 * kr)));
            dn = vand(vand(vand4(gate, vnot(up), big, vlt(u, zero)),
                           vgt(rho, zero)),
                      vge(vb(zc[rf]), vb(0.5 * kr)));
            /* the strengths sigma(1.5 (|rz| - RATIO_Z)): at least 0.5 for
             * a lane that broke up (|rz| >= RATIO_Z; the clamp guards the
             * last bit), capped at 0.49 for a gated lane that did not
             * break; the lanes that broke down (all gated) are marked
             * below, lane by lane, as they mark the reference (whose lane
             * has no gate: it is not compared with itself) */
            if (vany(gate)) {
                const v4d sv = vlogistic(vmul(vb(1.5), vsub(arz, vkr)));
                const v4d sh = vsel(vlt(sv, vb(0.5)), vb(0.5), sv);
                v4d srt = vld(e->sig[S_RATIO] + c);
                vst(s_ + c, sv);
                srt = vsel(vand(up, vgt(sh, srt)), sh, srt);
                srt = vsel(vand(vand(gate, vnot(up)), vnot(dn)),
                           vsel(vgt(sv, vb(0.49)), vb(0.49), sv), srt);
                vst(e->sig[S_RATIO] + c, srt);
                vreason(e->cre + c, up, KOL_TRAFFIC_REASON_RATIO);
            }
            /* restored: e, or where the burst restored the channel too,
             * the precision-weighted mean of its b and e (two estimates
             * of the organic value: the smaller was biased low), with
             * the variance of the estimate kept for the band */
            if (vany(up)) {
                /* the burst restored the channel when res < x (only the
                 * burst has set res so far), to b with variance var_ */
                const v4d bvc = vld(var_ + c);
                v4m hb;
                v4d ib, ir, sw;
                resc = vld(e->res + c);
                hb = vlt(resc, xc);
                ib = vdiv(one, vsel(hb, bvc, one));
                ir = vdiv(one, v);
                sw = vadd(ib, ir);
                vst(e->res + c,
                    vsel(up,
                         vsel(hb, vdiv(vadd(vmul(resc, ib), vmul(ec, ir)), sw),
                              ec),
                         resc));
                vst(e->rv + c, vsel(up, vsel(hb, vdiv(one, sw), v),
                                    vld(e->rv + c)));
            }
            /* a break down restores the reference to x_c / rho, whose
             * variance is that of x_c around rho times the reference's
             * organic value, v at e = x_c, over rho^2 */
            if (vany(dn)) {
                v4d wd, pd;
                const v4d vd = count_var(&xc, &psi0, d0, d0p, eps, &wd, &pd);
                vst(vdn_ + c, vdiv(vd, vmul(rho, rho)));
            }
            /* clipped at RATIO_Z sd, or at 2 sd when the slot broke: a
             * break (|rz| >= RATIO_Z) is always clipped at min(2, RATIO_Z) */
            r3 = u;
            clip = vor(big, vgt(u2, vmul(vb(kr * kr), v)));
            if (vany(clip)) {
                sdr = vmul(vb(kr2), vsqrt(v));
                r3 = vsel(clip, vsel(vlt(u, zero), vneg(sdr), sdr), u);
            }
            p0 = vsel(vgt(LANE_IN(qreset, 0.0), zero), vd0, psi0);
            vst(t->psi + c,
                vsel(vand(act, vnot(init)),
                     vsel(big, p0,
                          vadd(p0, vmul(a, vsub(vmul(vmul(r3, r3),
                                                     vmul(v, q)),
                                                p0)))),
                     psi0));
            vst(t->sc + c,
                vsel(act,
                     vsel(init, vadd(sc, vmul(a, vsub(xc, sc))),
                          vadd(sc, vmul(a, vsub(vadd(ec, r3), sc)))),
                     sc));
            vst(t->sr + c, vsel(act, vadd(sr, vmul(a, vsub(vxr, sr))), sr));
            vst(dn_ + c, vflag(dn));
            brk = vor(brk, vor(up, dn));
            brkd = vor(brkd, dn);
            vst(rho_ + c, rho);
            vst(act_ + c, vflag(act));
        }
        /* lane by lane, only while the ratio slots are counted (young
         * lanes) or when a lane broke down (dn is never set with up: it is
         * computed with vnot(up); the reasons of the lanes that broke up
         * are set above; a lane beyond the channels is never active) */
        if (!G || vany(brkd))
            for (c = 0; c < L; c++) {
                if (!G)
                    t->qn[c] += act_[c] > 0;
                if (!(dn_[c] > 0))
                    continue;
                {
                    /* the reference moved without this channel */
                    const double s = s_[c];
                    double er = e->obs[c] / rho_[c];
                    if (xr - er >= minx) {
                        /* cov: as above */
                        mark(e, rf, S_RATIO, s < 0.5 ? 0.5 : s,
                             KOL_TRAFFIC_REASON_RATIO);
                        if (er > ref_cap) {
                            ref_cap = er;
                            ref_var = vdn_[c];
                        }
                    } else {
                        /* not enough volume: a soft strength on this channel
                         * (its only writer in the slot); |rz| >= RATIO_Z, so
                         * s >= 0.5 is capped at 0.49 */
                        e->sig[S_RATIO][c] = 0.49;
                    }
                }
            }
        /* the reference: the largest x_c / rho, or with the burst's b
         * their precision-weighted mean, as for a channel above (both
         * are below x_r: x_r - x_c / rho >= MIN_EXCESS > 0) */
        if (ref_cap >= 0) {
            /* a variance too small for its reciprocal (x_c / rho with a
             * rho above about 1e154: rho^2 overflows and the variance is
             * 0) would make the weighted mean inf / inf: the break's
             * estimate alone, which then weighs everything */
            const double ir = 1.0 / ref_var;
            if (e->res[rf] < xr && !isinf(ir)) { /* the burst restored it,
                                                   as above */
                const double ib = 1.0 / var_[rf];
                const double sw = ib + ir;
                e->res[rf] = (e->res[rf] * ib + ref_cap * ir) / sw;
                e->rv[rf] = 1.0 / sw;
            } else {
                e->res[rf] = ref_cap;
                e->rv[rf] = ref_var;
            }
        }
        /* a channel that the other channels say is inflated is learned
         * from its restored (organic) value, and its dispersion is not
         * widened by the bought part: the level update of this slot is
         * redone with r = clip(restored - b, +-2 sd); the ratio reason
         * is set above only, where a lane broke */
        if (vany(brk))
            for (c = 0; c < L; c++) {
                if (e->cre[c] & KOL_TRAFFIC_REASON_RATIO) {
                    const double lim = kb2 * sqrt(var_[c]);
                    double r = e->res[c] - bexp[c], m;
                    r = r < -lim ? -lim : (r > lim ? lim : r);
                    m = mu0_[c] + lin->a[c] * r;
                    /* cov: r >= -b, so m < 0 needs a positive seasonal index
                     * above 1 / ALPHA times the level */
                    t->mu[c] = m < 0 ? 0 : m;
                    t->phi[c] = ph0_[c];
                }
            }
    }
    if (!G) {
        for (c = 0; c < nch; c++)
            t->nobs[c] += e->pr[c] > 0;
        check_grown(t);
    }

    /* drips and plateaus: windows of consecutive present slots; a slot
     * filled across a gap restarts them for every channel, present in it
     * or not (one absent from the filled slots, a NaN in the row that
     * ended the gap, would otherwise keep a window that spans the gap,
     * and its marks would land on the filled slots) */
    if (e->filled) {
        for (c = 0; c < L; c++) {
            t->ring_n[c] = 0.0;
            t->flat_run[c] = 0.0;
            t->step_ok[c] = 0.0;
        }
        return;
    }
    {
        const uint32_t W = t->drip_w, pos = t->ring_pos;
        const uint32_t prevp = pos ? pos - 1u : W - 1u;
        const uint32_t nextp = pos + 1u == W ? 0 : pos + 1u;
        double *const rp = t->ring + (size_t)pos * LMAX;
        const double *const rprev = t->ring + (size_t)prevp * LMAX;
        const double *const rnext = t->ring + (size_t)nextp * LMAX;
        const double wd = (double)W;
        const double on_r = ((sig) & (KOL_TRAFFIC_REASON_DRIP)) ? 1.0 : 0.0;
        const double on_p = ((sig) & (KOL_TRAFFIC_REASON_PLATEAU)) ? 1.0 : 0.0;
        const double mm = t->p[KOL_TRAFFIC_PARAM_DRIP_MIN_MEAN];
        const double thr = t->p[KOL_TRAFFIC_PARAM_DRIP_DISPERSION];
        const double plen = (double)t->plat_len;
        double fire_[LMAX], learn_[LMAX], vn_[LMAX], mean_[LMAX], ref_[LMAX],
            pc_[LMAX];
        uint32_t any = 0;
        v4m anym = vnone();
        for (c = 0; c < L; c += VW) {
            const v4d zero = vb(0), one = vb(1.0), vwd = vb(wd);
            const v4d x = vld(e->obs + c), pr = vld(e->pr + c);
            const v4d ws0 = vld(t->wsum + c), wd20 = vld(t->wd2 + c);
            const v4d dix = vld(t->dix + c), wmv = vld(warm + c);
            const v4d sb0 = vld(t->step_b + c), sp0 = vld(t->step_phi + c);
            const v4d old = vld(rp + c), dd = vsub(vld(rnext + c), old);
            const v4d d = vsub(x, vld(rprev + c));
            v4d n = vld(t->ring_n + c), wsum, wd2, mean, vn, ref, so, fr;
            v4m has = vgt(n, zero), full = vge(n, vwd), cand, learn, fire,
                posx, stp, pc, pm = vgt(pr, zero),
                dnm = vgt(vld(t->dnpos + c), zero);
            wsum = vsel(has, ws0, zero);
            wd2 = vsel(has, vadd(wd20, vmul(d, d)), zero);
            wsum = vsub(wsum, vsel(full, old, zero));
            wd2 = vsub(wd2, vsel(full, vmul(dd, dd), zero));
            vst(rp + c, x);
            wsum = vadd(wsum, x);
            n = vsel(vlt(n, vwd), vadd(n, one), vwd);
            n = vsel(pm, n, zero);
            vst(t->ring_n + c, n);
            vst(t->wsum + c, wsum);
            vst(t->wd2 + c, wd2);
            /* the drip test on a full window */
            mean = vmul(wsum, vb(t->inv_w));
            vn = vmul(vsel(vgt(wd2, zero), wd2, zero), vb(t->inv_2w1));
            ref = vsel(dnm, vsel(vlt(dix, one), dix, one), one);
            ref = vsel(vlt(ref, vb(d0)), vb(d0), ref);
            /* every slot of the window past the warm-up: a drip marks
             * them all */
            cand = vand(vand4(vgt(vb(on_r), zero), vge(n, vwd),
                              vgt(wmv, zero), vge(mean, vb(mm))),
                        vand(vgt(mean, zero),
                             vgt(LANE_IN(dwarm, 1.0), zero)));
            learn = vand(vlt(vb(d0), one), vnot(dnm));
            fire = vand4(cand, vnot(learn), vgt(ref, zero),
                         vlt(vn, vmul(vmul(vb(thr), ref), mean)));
            learn = vand4(cand, vnot(fire),
                          vor(veq(vb((double)nextp), zero), learn),
                          vgt(vn, zero));
            vst(fire_ + c, vflag(fire));
            vst(learn_ + c, vflag(learn));
            vst(vn_ + c, vn);
            vst(mean_ + c, mean);
            vst(ref_ + c, ref);
            /* plateau: a step, then a flat run */
            so = vld(t->step_ok + c);
            fr = vld(t->flat_run + c);
            posx = vgt(x, zero);
            stp = vand3(vgt(wmv, zero), vge(vsub(x, vld(bexp + c)), vb(minx)),
                        vge(vld(zc + c), vb(kb)));
            fr = vsel(posx, zero, vsel(vgt(so, zero), vadd(fr, one), fr));
            /* (a flat slot is a present one: an absent channel ends the
             * run below and is never marked) */
            pc = vand(vand4(vgt(vb(on_p), zero), vnot(posx), vgt(so, zero),
                            vge(fr, vb(plen))),
                      pm);
            vst(pc_ + c, vflag(pc));
            anym = vor(anym, vor(vor(fire, learn), pc));
            vst(t->flat_run + c, vsel(pm, fr, zero));
            vst(t->step_ok + c, vsel(pm, vsel(posx, vflag(stp), so), zero));
            vst(t->step_b + c, vsel(posx, vld(bexp + c), sb0));
            vst(t->step_phi + c, vsel(posx, vld(phi_ + c), sp0));
        }
        any = (uint32_t)vany(anym);
        t->ring_pos = nextp;
        if (nextp == 0) {
            /* recompute the window sums exactly each time the ring wraps,
             * so that rounding cannot accumulate */
            uint32_t k;
            for (c = 0; c < L; c += VW) {
                v4d s0 = vld(t->ring + c), d20 = vb(0);
                v4m full;
                for (k = 1; k < W; k++) {
                    const v4d rk = vld(t->ring + (size_t)k * LMAX + c);
                    const v4d d =
                        vsub(rk, vld(t->ring + (size_t)(k - 1u) * LMAX + c));
                    s0 = vadd(s0, rk);
                    d20 = vadd(d20, vmul(d, d));
                }
                full = vge(vld(t->ring_n + c), vb(wd));
                vst(t->wsum + c, vsel(full, s0, vld(t->wsum + c)));
                vst(t->wd2 + c, vsel(full, d20, vld(t->wd2 + c)));
            }
        }
        if (!any)
            return;
        /* (a lane beyond the channels is never present: no window, no
         * step) */
        for (c = 0; c < L; c++) {
            if (fire_[c] > 0) {
                const double ratio = vn_[c] / mean_[c] / ref_[c];
                /* ratio < thr: s > 0.5, and rate = mean - vn / ref > 0
                 * (vn / ref < thr mean <= mean) */
                const double s = logistic(6.0 * (1.0 - ratio / thr));
                const double rate = mean_[c] - vn_[c] / ref_[c];
                uint32_t k;
                for (k = 0; k < W; k++) {
                    struct entry *o = back(t, k);
                    mark(o, c, S_DRIP, s, KOL_TRAFFIC_REASON_DRIP);
                    if (rate > o->drip[c])
                        o->drip[c] = rate;
                }
            } else if (learn_[c] > 0) {
                /* learned from disjoint windows, on the log scale (a
                 * geometric mean: a window that straddles a level shift
                 * cannot inflate it), corrected for the bias of the log of
                 * a chi-square / nu with nu = 2 (W - 1) / 3 degrees of
                 * freedom */
                double q = vn_[c] / mean_[c];
                /* cov: q is infinite only for a window whose mean is
                 * near the smallest double (DRIP_MIN_MEAN 0) */
                double lraw = kol__log_pos(q < DBL_MAX ? q : DBL_MAX);
                double le;
                double a = t->dn[c] >= t->n_alpha
                               ? alpha
                               : weight_young(t->dn[c]);
                t->ldix[c] += a * (lraw - t->ldix[c]);
                /* e^x on kol__exp's domain [-700, 709] */
                le = t->ldix[c] + t->drip_bias;
                /* cov: ln of a variance-to-mean ratio beyond e^+-700 */
                le = le < -700.0 ? -700.0 : (le > 709.0 ? 709.0 : le);
                t->dix[c] = kol__exp(le);
                t->dn[c]++;
                t->dnpos[c] = 1;
            }
            if (pc_[c] > 0) {
                const double lam = t->step_phi[c] > 0
                                       ? t->step_b[c] / t->step_phi[c]
                                       : 0;
                const double expect = lam * plen;
                if (expect >= t->p[KOL_TRAFFIC_PARAM_PLATEAU_MIN_EXPECTED] &&
                    expect > 0) {
                    /* 1 - e^-700 rounds to 1 */
                    double s = expect > 700.0 ? 1.0 : 1.0 - kol__exp(-expect);
                    uint32_t k, upto = (uint32_t)t->flat_run[c];
                    struct entry *st;
                    if (s < 0.5)
                        s = 0.5;
                    if (upto == t->plat_len) {
                        for (k = 0; k < upto; k++)
                            mark(back(t, k), c, S_PLATEAU, s,
                                 KOL_TRAFFIC_REASON_PLATEAU);
                        st = back(t, upto);
                        mark(st, c, S_PLATEAU, s, KOL_TRAFFIC_REASON_PLATEAU);
                        if (t->step_b[c] < st->res[c]) {
                            st->res[c] = t->step_b[c];
                            st->rv[c] = 0; /* the band's as for a burst */
                        }
                    } else {
                        mark(e, c, S_PLATEAU, s, KOL_TRAFFIC_REASON_PLATEAU);
                    }
                }
            }
        }
    }
}
#undef LANE_IN

/* The detectors with the lane count as a constant (one vector, or two;
 * KOL_TR_CONST_LANES): the lane loops are unrolled and their per-lane
 * arrays stay in registers; once every lane has grown, the lane inputs are
 * constants too (the first slots of a series take the general path) */
static KOL_TR_HOT void ingest(kol_traffic *t)
{
    if (t->unseen) {
        /* a lane never present until now ends the grown state */
        const struct entry *e = back(t, 0);
        size_t c;
        for (c = 0; c < t->nch; c++)
            if (((t->unseen >> c) & 1u) && e->pr[c] > 0) {
                t->grown = 0;
                t->unseen = 0;
                break;
            }
    }
#if KOL_TR_CONST_LANES
    if (!t->grown)
        ingest_lanes(t, t->lanes, 0);
    else if (t->lanes == VW)
        ingest_lanes(t, VW, 1);
    else
        ingest_lanes(t, 2 * VW, 1);
#else
    ingest_lanes(t, t->lanes, t->grown);
#endif
}

/* Emit every entry that no later slot can change: all but the newest
 * `delay`. */
static kol_status drain(kol_traffic *t, const struct sink *k)
{
    while (t->line_n > t->delay) {
        kol_status st = emit_oldest(t, k);
        if (st != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

/* Push a new entry for slot s at the end of the line (which always has
 * room: drain() leaves at most `delay` entries). The caller fills obs and
 * pr. Only the L = t->lanes lanes in use are cleared: no lane beyond them is
 * ever written, and they keep the zeros of start(). */
static struct entry *push_entry(kol_traffic *t, uint64_t s,
                                const size_t L)
{
    struct entry *e;
    size_t c, g;
    uint32_t idx = t->line_head + t->line_n;
    if (idx >= t->line_cap)
        idx -= t->line_cap;
    e = &t->line[idx];
    t->line_n++;
    e->slot = s;
    e->n_samples = 0;
    e->missing_all = 0;
    e->filled = 0;
    /* L is VW or 2 VW: a loop over the lanes would become a call to
     * memset */
    for (c = 0; c < 2 * VW; c += VW) {
        const v4d zero = vb(0);
        if (c >= L)
            break;
        vst(e->drip + c, zero);
        vst(e->drop + c, zero);
        vst(e->rv + c, zero);
        for (g = 0; g < SIG_N; g++)
            vst(e->sig[g] + c, zero);
    }
    memset(e->cre, 0, sizeof e->cre);
    return e;
}

/* Close the open slot: make its entry and run the detectors. The
 * accumulators of lanes beyond L = t->lanes are never written (zero). */
KOL_TR_INLINE kol_status close_lanes(kol_traffic *t, const struct sink *k,
                                     const size_t L)
{
    size_t c;
    struct entry *e = push_entry(t, t->cur, L);
    v4m anyp = vnone(), anyd = vnone();
    const uint64_t ns = t->cur_samples;
    /* cov: saturation needs 2^32 samples in one slot: tested by the
     * ctest traffic_n_samples (about 30 s), run in optimised builds only */
    e->n_samples = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
    for (c = 0; c < L; c += VW) {
        const v4d zero = vb(0), pr = vld(t->acc_present + c);
        vst(e->pr + c, pr);
        vst(e->obs + c, vld(t->acc + c));
        anyp = vor(anyp, vgt(pr, zero));
        anyd = vor(anyd, vgt(vld(t->acc_drop + c), zero));
        vst(t->acc + c, zero);
        vst(t->acc_present + c, zero);
    }
    if (vany(anyd)) {
        for (c = 0; c < t->nch; c++) {
            if (t->acc_drop[c] > 0) {
                double a = t->acc_drop[c];
                double b = t->nobs[c] ? t->mu[c] : 0;
                e->drop[c] = a; /* into the totals when emitted */
                if (t->signals & KOL_TRAFFIC_REASON_DROP)
                    mark(e, c, S_DROP, 0.5 + 0.5 * a / (a + b + 1.0),
                         KOL_TRAFFIC_REASON_DROP);
            }
        }
        for (c = 0; c < L; c += VW)
            vst(t->acc_drop + c, vb(0));
    }
    /* a lane is present when it had a sample (acc_present 0 or 1) */
    e->missing_all = !vany(anyp);
    t->cur_samples = 0;
    ingest(t);
    return drain(t, k);
}

/* close_lanes with the lane count as a constant (KOL_TR_CONST_LANES). */
static KOL_TR_HOT kol_status close_slot(kol_traffic *t,
                                         const struct sink *k)
{
#if KOL_TR_CONST_LANES
    if (t->lanes == VW)
        return close_lanes(t, k, VW);
    return close_lanes(t, k, 2 * VW);
#else
    return close_lanes(t, k, t->lanes);
#endif
}

/* Missing slot (increments, or counters with nothing to spread). */
static kol_status missing_slot(kol_traffic *t, uint64_t s,
                               const struct sink *k)
{
    struct entry *e = push_entry(t, s, t->lanes);
    size_t c;
    for (c = 0; c < LMAX; c++) {
        e->pr[c] = 0;
        e->obs[c] = 0;
    }
    e->missing_all = 1;
    ingest(t);
    return drain(t, k);
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

/* Move to slot s > cur: close the open slot and handle the gap. v is the
 * row that opens slot s. Returns the divisor of the counter increases of
 * that row (gap + 1 when they were spread over the gap). */
static kol_status open_slot(kol_traffic *t, uint64_t s, const double *v,
                            const struct sink *k, double *share_div)
{
    uint64_t gap = s - t->cur - 1u, g;
    size_t c, nch = t->nch;
    kol_status st = close_slot(t, k);
    *share_div = 1.0;
    if (st != KOL_STATUS_OK)
        return st;
    if (gap > t->max_gap) {
        for (c = 0; c < LMAX; c++) {
            t->ring_n[c] = 0;
            t->flat_run[c] = 0;
            t->step_ok[c] = 0;
            /* an anchored counter re-anchors at its next reading; one
             * never read still takes its first reading as a first */
            if (t->has_counter[c] != 0)
                t->has_counter[c] = -1;
        }
    } else if (gap > 0) {
        double share[LMAX];
        int spread = 0;
        for (c = 0; c < LMAX; c++)
            share[c] = -1;
        if (t->cumulative) {
            for (c = 0; c < nch; c++) {
                if (!isnan(v[c]) && t->has_counter[c] > 0 &&
                    v[c] >= t->counter[c]) {
                    share[c] = (v[c] - t->counter[c]) / (double)(gap + 1u);
                    spread = 1;
                }
            }
        }
        for (g = 1; g <= gap; g++) {
            if (!spread) {
                st = missing_slot(t, t->cur + g, k);
            } else {
                struct entry *e = push_entry(t, t->cur + g, t->lanes);
                e->filled = 1;
                for (c = 0; c < LMAX; c++) {
                    e->pr[c] = share[c] >= 0 ? 1.0 : 0.0;
                    e->obs[c] = share[c] >= 0 ? share[c] : 0.0;
                }
                ingest(t);
                st = drain(t, k);
            }
            if (st != KOL_STATUS_OK)
                return st;
        }
        if (spread)
            *share_div = (double)(gap + 1u);
    }
    t->cur = s;
    t->cur_lo = s * (uint64_t)t->step;
    return KOL_STATUS_OK;
}

/* Add one validated sample. */
KOL_TR_INLINE kol_status add_sample(kol_traffic *t, int64_t ts, const double *v,
                             const struct sink *k)
{
    size_t c, nch = t->nch;
    uint64_t s, d;
    double share_div = 1.0;

    if (ts < t->t0) {
        t->skipped++;
        return KOL_STATUS_OK;
    }
    d = (uint64_t)ts - (uint64_t)t->t0;
    if (d < t->cur_lo) { /* a slot before the open one */
        t->skipped++;
        return KOL_STATUS_OK;
    }
    s = slot_from(d, t->cur, t->cur_lo, (uint64_t)t->step);
    if (s > t->cur) {
        kol_status st = open_slot(t, s, v, k, &share_div);
        if (st != KOL_STATUS_OK)
            return st;
    }
    t->cur_samples++;
    if (!t->cumulative) {
        /* increments: a negative one is a drop; NaN adds nothing */
        if (nch % VW == 0) { /* whole vectors in the row: the same
                                operations on four lanes at a time */
            for (c = 0; c < nch; c += VW) {
                const v4d x = vld(v + c), zero = vb(0);
                vst(t->acc + c, vadd(vld(t->acc + c),
                                     vsel(vge(x, zero), x, zero)));
                vst(t->acc_drop + c, vadd(vld(t->acc_drop + c),
                                          vsel(vlt(x, zero), vneg(x), zero)));
                vst(t->acc_present + c,
                    vsel(veq(x, x), vb(1.0), vld(t->acc_present + c)));
            }
            return KOL_STATUS_OK;
        }
        for (c = 0; c < nch; c++) {
            const double x = v[c];
            t->acc[c] += x >= 0 ? x : 0.0;
            t->acc_drop[c] += x < 0 ? -x : 0.0;
            t->acc_present[c] = x == x ? 1.0 : t->acc_present[c];
        }
        return KOL_STATUS_OK;
    }
    for (c = 0; c < nch; c++) {
        const double x = v[c];
        if (isnan(x))
            continue;
        if (t->has_counter[c] < 0) {
            /* re-anchored after a gap above MAX_GAP: the reading only
             * anchors (its increase across the gap is in no slot), so it
             * does not make the slot present with an increment of 0,
             * which the detectors would take for a collapse */
            t->has_counter[c] = 1;
            t->counter[c] = x;
            continue;
        }
        t->acc_present[c] = 1;
        if (!t->has_counter[c]) {
            t->has_counter[c] = 1;
        } else if (x < t->counter[c]) {
            t->acc_drop[c] += t->counter[c] - x;
        } else {
            t->acc[c] += (x - t->counter[c]) / share_div;
        }
        t->counter[c] = x;
    }
    return KOL_STATUS_OK;
}

/* Check a chunk before applying any of it. */
/* Check n rows before any is taken (all or nothing); row0 is the number
 * of the first in the messages (rows already read by a run). */
static KOL_TR_HOT kol_status check_chunk(kol_traffic *t, const int64_t *ts,
                                         const double *values, size_t n,
                                         uint64_t row0)
{
    size_t i, c, nch = t->nch;
    int have = t->started;
    int64_t t0 = have ? t->t0 : ts[0]; /* n > 0 here */
    uint64_t last = have ? t->cur : 0;
    uint64_t last_lo = have ? t->cur_lo : 0;
    int order_skip = t->started ? t->order_skip
                                : t->p[KOL_TRAFFIC_PARAM_ORDER_POLICY] != 0;
    int cumulative = t->started ? t->cumulative
                                : t->p[KOL_TRAFFIC_PARAM_CUMULATIVE] != 0;
    uint64_t step = (uint64_t)t->p[KOL_TRAFFIC_PARAM_STEP];
    /* the usual case first, four values at a time over the whole chunk:
     * when every value passes the test below, the rows skip it */
    const size_t nv = n * nch;
    int checked = 0;
    {
        const v4d lim = vb(MAX_COUNT), nlim = vb(-MAX_COUNT), zero = vb(0);
        const v4m neg_ok = vgt(vb(cumulative ? 0.0 : 1.0), zero);
        v4m bad = vnone();
        size_t j;
        for (j = 0; j + VW <= nv; j += VW) {
            const v4d x = vld(values + j);
            /* -2^53 <= x <= 2^53 is fabs(x) <= 2^53; NaN passes */
            bad = vor(bad, vand(veq(x, x),
                                vnot(vand(vand(vle(x, lim), vge(x, nlim)),
                                          vor(vge(x, zero), neg_ok)))));
        }
        for (; j < nv; j++) {
            const double x = values[j];
            if (!(fabs(x) <= MAX_COUNT && (x >= 0 || !cumulative)) &&
                !isnan(x))
                break;
        }
        if (j == nv && !vany(bad))
            checked = 1;
    }
    for (i = 0; i < n; i++) {
        const double *v = values + i * nch;
        for (c = 0; c < nch && !checked; c++) {
            double x = v[c];
            /* one test for the usual case: finite, within 2^53, and not a
             * negative counter (NaN fails it and is then let through) */
            if (fabs(x) <= MAX_COUNT && (x >= 0 || !cumulative))
                continue;
            if (isnan(x))
                continue;
            if (isinf(x))
                return kol__fail(t->ctx, KOL_STATUS_NOT_FINITE,
                                 "%s: row %L, channel %s: value %g is not "
                                 "finite",
                                 t->busy, row0 + i,
                                 channel_names[t->channels[c]], x);
            if (fabs(x) > MAX_COUNT)
                return kol__fail(t->ctx, KOL_STATUS_OUT_OF_RANGE,
                                 "%s: row %L, channel %s: value %g %s2^53",
                                 t->busy, row0 + i,
                                 channel_names[t->channels[c]], x,
                                 x > 0 ? "above " : "below -");
            /* what is left: a finite negative counter reading */
            return kol__fail(t->ctx, KOL_STATUS_OUT_OF_RANGE,
                             "%s: row %L, channel %s: negative counter %g",
                             t->busy, row0 + i,
                             channel_names[t->channels[c]], x);
        }
        if (!order_skip) {
            uint64_t s;
            if (ts[i] < t0)
                return kol__fail(t->ctx, KOL_STATUS_ORDER,
                                 "%s: row %L: timestamp %l is before the "
                                 "first timestamp %l (out of order)",
                                 t->busy, row0 + i, ts[i], t0);
            {
                uint64_t d = (uint64_t)ts[i] - (uint64_t)t0;
                s = d < last_lo ? d / step
                                : slot_from(d, last, last_lo, step);
            }
            if (s < last)
                return kol__fail(t->ctx, KOL_STATUS_ORDER,
                                 "%s: row %L: timestamp %l falls in slot "
                                 "%L, before slot %L already seen (out of "
                                 "order)",
                                 t->busy, row0 + i, ts[i], s, last);
            if (s != last)
                last_lo = s * step;
            last = s;
        }
    }
    return KOL_STATUS_OK;
}

/* The refusal of feed, finish and run once the series has ended. */
static kol_status closed(kol_traffic *t)
{
    return kol__fail(t->ctx, KOL_STATUS_BAD_STATE,
                     "%s: the series was already %s (reset the monitor "
                     "first)",
                     t->busy,
                     t->finished ? "finished" : "stopped by a result callback");
}

/* The body of the feeds and of each chunk of a run (row0: rows the run
 * has read before it), with t->busy naming the public call. */
static KOL_TR_HOT kol_status feed_impl(kol_traffic *t,
                                       const int64_t *timestamps,
                                       const double *values, size_t n,
                                       const struct sink *k, uint64_t row0)
{
    size_t i;
    kol_status st;
    if (n > 0 && (!timestamps || !values))
        return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: %s is NULL with %z rows", t->busy,
                         !timestamps ? "timestamps" : "values", n);
    if (t->finished || t->stopped)
        return closed(t);
    if (n == 0)
        return KOL_STATUS_OK;
    st = check_chunk(t, timestamps, values, n, row0);
    if (st != KOL_STATUS_OK)
        return st;
    if (!t->started) {
        st = start(t, timestamps[0]);
        if (st != KOL_STATUS_OK)
            return st;
    }
    for (i = 0; i < n; i++) {
        st = add_sample(t, timestamps[i], values + i * t->nch, k);
        if (st != KOL_STATUS_OK)
            return st;
    }
    return KOL_STATUS_OK;
}

/* The public calls that run host callbacks: enter() refuses a call made
 * from inside a callback of a running one and otherwise marks the monitor
 * busy as fn; leave() clears the mark and passes the status on
 * (kol__enter, kol__leave). */
static kol_status enter(kol_traffic *t, const char *fn)
{
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    return kol__enter(t->ctx, &t->busy, fn);
}

/* Leave a public call: busy names it, also in an out-of-memory message
 * (the allocator's own names no call). */
static kol_status leave(kol_traffic *t, kol_status st)
{
    return kol__leave(&t->busy, kol__nomem_in(t->ctx, st, t->busy));
}

KOL_API kol_status kol_traffic_feed(kol_traffic *t, const int64_t *timestamps,
                                    const double *values, size_t n,
                                    kol_traffic_emit_fn emit, void *user)
{
    kol_status st = enter(t, "kol_traffic_feed");
    if (st != KOL_STATUS_OK)
        return st;
    return leave(t, feed_impl(t, timestamps, values, n,
                              &(struct sink){emit, NULL, user}, 0));
}

KOL_API kol_status kol_traffic_feed_blocks(kol_traffic *t,
                                           const int64_t *timestamps,
                                           const double *values, size_t n,
                                           kol_traffic_block_fn emit,
                                           void *user)
{
    const struct sink k = {NULL, emit, user};
    kol_status st = enter(t, "kol_traffic_feed_blocks");
    if (st != KOL_STATUS_OK)
        return st;
    st = feed_impl(t, timestamps, values, n, &k, 0);
    if (st == KOL_STATUS_OK)
        st = flush(t, &k);
    t->out_n = 0;
    return leave(t, st);
}

static kol_status finish_impl(kol_traffic *t, const struct sink *k)
{
    kol_status st;
    if (t->finished || t->stopped)
        return closed(t);
    t->finished = 1;
    if (!t->started)
        return KOL_STATUS_OK;
    st = close_slot(t, k);
    while (st == KOL_STATUS_OK && t->line_n > 0)
        st = emit_oldest(t, k);
    if (st == KOL_STATUS_OK)
        st = flush(t, k);
    t->out_n = 0;
    return st;
}

KOL_API kol_status kol_traffic_finish(kol_traffic *t,
                                      kol_traffic_emit_fn emit, void *user)
{
    kol_status st = enter(t, "kol_traffic_finish");
    if (st != KOL_STATUS_OK)
        return st;
    return leave(t, finish_impl(t, &(struct sink){emit, NULL, user}));
}

KOL_API kol_status kol_traffic_finish_blocks(kol_traffic *t,
                                             kol_traffic_block_fn emit,
                                             void *user)
{
    kol_status st = enter(t, "kol_traffic_finish_blocks");
    if (st != KOL_STATUS_OK)
        return st;
    return leave(t, finish_impl(t, &(struct sink){NULL, emit, user}));
}

static kol_status run_impl(kol_traffic *t, kol_traffic_read_fn read,
                           void *read_user, const struct sink *k)
{
    int64_t *ts;
    double *vals;
    kol_status st = KOL_STATUS_OK;
    uint64_t rows = 0, next_report = 65536;
    if (!read)
        return kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                         "%s: read callback is NULL", t->busy);
    if (t->finished || t->stopped)
        return closed(t);
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
                                    "%s: the read callback stopped the run "
                                    "after %L rows (code %d)",
                                    t->busy, rows, rc);
            break;
        }
        if (count > READ_ROWS) {
            st = kol__fail(t->ctx, KOL_STATUS_INVALID_ARGUMENT,
                           "%s: the read callback reported %z rows for a "
                           "capacity of %d",
                           t->busy, count, READ_ROWS);
            break;
        }
        if (count == 0) {
            /* the last report comes before the series is finished: a
             * cancel there leaves it open, as a cancel mid-run does, and
             * never returns CANCELLED for a series already finished */
            st = kol__progress(t->ctx, rows, rows, t->busy);
            if (st == KOL_STATUS_OK)
                st = finish_impl(t, k);
            break;
        }
        st = feed_impl(t, ts, vals, count, k, rows);
        if (st != KOL_STATUS_OK)
            break;
        rows += count;
        if (rows >= next_report) {
            next_report = rows + 65536u;
            st = kol__progress(t->ctx, rows, 0, t->busy);
            if (st != KOL_STATUS_OK)
                break;
        }
    }
    /* results still waiting when the run stopped early are handed over
     * (a stop by the block callback itself has emptied the block) */
    if (st != KOL_STATUS_OK && t->started && !t->stopped &&
        flush(t, k) != KOL_STATUS_OK)
        st = KOL_STATUS_CALLBACK;
    t->out_n = 0;
    kol__free(t->ctx, vals);
    kol__free(t->ctx, ts);
    return st;
}

KOL_API kol_status kol_traffic_run(kol_traffic *t, kol_traffic_read_fn read,
                                   void *read_user, kol_traffic_emit_fn emit,
                                   void *emit_user)
{
    kol_status st = enter(t, "kol_traffic_run");
    if (st != KOL_STATUS_OK)
        return st;
    return leave(t, run_impl(t, read, read_user,
                             &(struct sink){emit, NULL, emit_user}));
}

KOL_API kol_status kol_traffic_run_blocks(kol_traffic *t,
                                          kol_traffic_read_fn read,
                                          void *read_user,
                                          kol_traffic_block_fn emit,
                                          void *emit_user)
{
    kol_status st = enter(t, "kol_traffic_run_blocks");
    if (st != KOL_STATUS_OK)
        return st;
    return leave(t, run_impl(t, read, read_user,
                             &(struct sink){NULL, emit, emit_user}));
}

KOL_API kol_status kol_traffic_reset(kol_traffic *t)
{
    kol_ctx *ctx;
    size_t nch;
    int32_t channels[NCH_MAX];
    double p[KOL_TRAFFIC_PARAM_COUNT];
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (t->busy)
        return kol__busy(t->ctx, "kol_traffic_reset", t->busy);
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
    return KOL_STATUS_OK;
}

KOL_API kol_status kol_traffic_totals(const kol_traffic *t, size_t index,
                                      double *observed, double *restored,
                                      double *low, double *high,
                                      double *dropped)
{
    double half, lo, hi, res;
    if (!t)
        return KOL_STATUS_INVALID_ARGUMENT;
    if (index >= t->nch)
        return kol__fail(t->ctx, KOL_STATUS_NOT_FOUND,
                         "kol_traffic_totals: channel index %z, the monitor "
                         "has %z channels",
                         index, t->nch);
    res = t->res_total[index];
    half = 1.96 * sqrt(t->var_total[index]);
    lo = res - half;
    hi = res + half;
    if (lo < 0)
        lo = 0;
    if (hi > t->obs_total[index])
        hi = t->obs_total[index];
    if (hi < res) /* cov: restored <= observed slot by slot; guards the
                     last bit of the two sums */
        hi = res;
    if (observed)
        *observed = t->obs_total[index];
    if (restored)
        *restored = res;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    if (dropped)
        *dropped = t->dropped[index];
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
                         "kol_traffic_interval_at: index %z, %z intervals "
                         "kept",
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
    /* a sum of observed - restored >= 0 terms */
    if (inflated)
        for (c = 0; c < t->nch; c++)
            inflated[c] = t->iv_inflated[index * t->nch + c];
    return KOL_STATUS_OK;
}
