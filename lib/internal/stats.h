/* Robust order statistics over plain double arrays: selection, median,
 * quantiles (Hyndman-Fan type 7), median absolute deviation, sorting; and
 * (at the end) vectorizable elementary functions ln, ln1p, exp, expm1,
 * and the normal tail and its two-sided quantile. The library computes
 * every transcendental function with these, never with the C library's
 * (whose last bits differ between implementations), so results are the
 * same bits on every platform.
 * General-purpose: no knowledge of records or metrics. Every function is
 * deterministic and depends only on the multiset of values (never on their
 * order), so callers get row-order invariance for free. Inputs must be
 * finite; NaN is never accepted (callers filter it out first). */
#ifndef KOL_INTERNAL_STATS_H
#define KOL_INTERNAL_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fp.h"

/* Scale factor that makes the MAD a consistent estimator of the standard
 * deviation of a normal distribution: 1 / Phi^-1(3/4). */
#define KOL__MAD_NORMAL 1.482602218505602

/* Rearrange a[0..n) so that a[k] holds the value it would hold if sorted
 * ascending, everything before it is <= a[k] and everything after >= a[k].
 * Introselect: median-of-three quickselect that falls back to heapsort of
 * the remaining range after 2*log2(n) rounds, so O(n) expected and
 * O(n log n) worst case. n > 0, k < n. Returns a[k]. */
double kol__select(double *a, size_t n, size_t k);

/* Sort a[0..n) ascending in place (heapsort after insertion sort for small
 * ranges; O(n log n), no allocation). */
void kol__sort(double *a, size_t n);

/* Median of a[0..n), n > 0: the middle value, or the mean of the two middle
 * values when n is even (computed as lo + (hi - lo) / 2, or as
 * lo / 2 + hi / 2 when hi - lo would overflow, so that it never
 * overflows). Reorders a. */
double kol__median(double *a, size_t n);

/* Sample quantile of a[0..n), n > 0, p in [0, 1], by Hyndman and Fan (1996)
 * definition 7 (the default of R and numpy): h = (n - 1) p,
 * Q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the sorted
 * values. Reorders a. */
double kol__quantile(double *a, size_t n, double p);

/* Entries of the histogram scratch of the selections by histograms
 * (kol__quantile_fast(), kol__median_fast(), kol__median_mad_fast()):
 * 32 KB, which the caller allocates once and passes, so that these
 * functions keep off the stack (docs/reliability.md, "Stack"). */
#define KOL__HIST_WORDS 8192u

/* The same value as kol__quantile(a, n, p), found by histograms (passes
 * without data-dependent branches) instead of quickselect. Overwrites a:
 * afterwards it no longer holds all of its values. hist (KOL__HIST_WORDS
 * entries) is scratch. */
double kol__quantile_fast(double *a, size_t n, double p, uint32_t *hist);

/* Same as kol__quantile on values already sorted ascending (no reordering). */
double kol__quantile_sorted(const double *sorted, size_t n, double p);

/* Median absolute deviation about center: median_i |a[i] - center|,
 * unscaled (multiply by KOL__MAD_NORMAL for a normal-consistent scale).
 * Overwrites a with the absolute deviations. n > 0. */
double kol__mad(double *a, size_t n, double center);

/* Median and unscaled MAD of a[0..n) in one call (n > 0). Overwrites a.
 * Writes the median to *median and the MAD to *mad. */
void kol__median_mad(double *a, size_t n, double *median, double *mad);

/* The same value as kol__median(a, n), faster: for large n a sample of
 * about n^(2/3) values brackets the median and a single pass gathers the
 * values inside the bracket (Floyd and Rivest 1975); the selections (in
 * the sample, among the gathered values, and of all values for small n
 * or when the bracket misses) by histograms, as kol__quantile_fast().
 * a is not modified; tmp (n values) and hist (KOL__HIST_WORDS entries)
 * are scratch. n > 0. */
double kol__median_fast(const double *a, size_t n, double *tmp,
                        uint32_t *hist);

/* kol__median_mad() with kol__median_fast(): the same two values; a is
 * not modified (the deviations are never stored), tmp (n values) and
 * hist (KOL__HIST_WORDS entries) are scratch. */
void kol__median_mad_fast(const double *a, size_t n, double *tmp,
                          uint32_t *hist, double *median, double *mad);

/* ------------------------------------------------------------------ */
/* Elementary functions (docs/model-value.md, "Elementary functions") */
/* ------------------------------------------------------------------ */

/* Our own ln, ln(1 + x), e^x and e^x - 1 (no libm): plain IEEE double
 * arithmetic in a fixed order (the reductions and kol__log without
 * branches or tables, so that the value model's loops can run them on
 * several values at once; kol__exp with a table of 32 values), so the same
 * argument gives the same bits on every conforming platform (the build
 * uses -ffp-contract=off: no a * b + c contracted into an FMA). Range
 * reduction after Cody and Waite (1980) with ln 2 split in a high part of
 * 32 significant bits and a low part; ln(m) by the odd series of
 * 2 atanh(s), s = (m - 1) / (m + 1), arranged as in Sun's fdlibm; e^r by
 * its Taylor series. Measured error against glibc: at most 1 ulp (see the
 * model reference; tests/test_value.c checks a bound of 2 ulp). Domains:
 * kol__log: positive normal finite x; kol__log1p: finite x >= 0;
 * kol__exp, kol__expm1: x in [-700, 709]. Outside them the result is
 * unspecified (but no trap, no undefined behaviour). */
#define KOL__LN2_HI 0x1.62e42feep-1
#define KOL__LN2_LO 0x1.a39ef35793c76p-33
#define KOL__SHIFT 0x1.8p52

static inline uint64_t kol__bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double kol__from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* ln x for a positive normal finite x. x = 2^k m, m in [sqrt(1/2),
 * sqrt(2)); ln m = f - f^2/2 + s (f^2/2 + R(s^2)), f = m - 1,
 * R(z) = sum_{j=1..10} 2 z^j / (2j + 1) (truncation below 1e-18 for
 * |s| <= 0.1716). */
/* The reduction shared by kol__log and the value model's kol__vlog
 * (value_math.h): returns f = m - 1 and stores k, for x = 2^k m. */
static inline double kol__log_reduce(double x, double *k)
{
    uint64_t ix = kol__bits(x);
    uint64_t tmp = ix - UINT64_C(0x3fe6a09e667f3bcd);
    uint64_t top = tmp & UINT64_C(0xfff0000000000000);
    double m = kol__from_bits(ix - top);
    /* k, the signed top 12 bits of tmp, as a double without an integer
     * conversion: 2^52 + (k + 2048) - (2^52 + 2048). */
    *k = kol__from_bits(UINT64_C(0x4330000000000000) |
                        ((tmp >> 52) ^ UINT64_C(0x800))) -
         4503599627372544.0;
    return m - 1.0;
}

/* ln(2^k (1 + f)) from the reduction above. */
static inline double kol__log_kernel(double f, double k)
{
    double s = f / (2.0 + f);
    double z = s * s;
    double r = z * (2.0 / 3.0 + z * (2.0 / 5.0 + z * (2.0 / 7.0 +
               z * (2.0 / 9.0 + z * (2.0 / 11.0 + z * (2.0 / 13.0 +
               z * (2.0 / 15.0 + z * (2.0 / 17.0 + z * (2.0 / 19.0 +
               z * (2.0 / 21.0))))))))));
    double hfsq = 0.5 * f * f;
    return k * KOL__LN2_HI - ((hfsq - (s * (hfsq + r) + k * KOL__LN2_LO)) - f);
}

static inline double kol__log(double x)
{
    double k;
    double f = kol__log_reduce(x, &k);
    return kol__log_kernel(f, k);
}

/* ln x for any positive finite x, subnormals included: a subnormal x is
 * scaled by 2^54 (exactly) before the reduction and k lowered by 54.
 * Gives kol__log(x) for a normal x. */
static inline double kol__log_pos(double x)
{
    double k, f;
    if (x < 0x1p-1022) {
        f = kol__log_reduce(x * 0x1p54, &k);
        k -= 54.0;
    } else {
        f = kol__log_reduce(x, &k);
    }
    return kol__log_kernel(f, k);
}

/* ln(1 + x) for x >= 0 finite: u = 1 + x, ln u corrected by the rounding
 * of u: ln u - ((u - 1) - x) / u (exact to first order). */
static inline double kol__log1p(double x)
{
    double u = 1.0 + x;
    return kol__log(u) - ((u - 1.0) - x) / u;
}

/* Reduction of e^x: x = k ln 2 + r, |r| <= ln 2 / 2; writes 2^k to *p2
 * and returns r. x in [-1000, 709]. */
static inline double kol__exp_reduce(double x, double *p2)
{
    double kd = x * 0x1.71547652b82fep+0 + KOL__SHIFT;
    uint64_t ki = kol__bits(kd) - kol__bits(KOL__SHIFT);
    kd -= KOL__SHIFT;
    *p2 = kol__from_bits((ki + 1023u) << 52);
    return (x - kd * KOL__LN2_HI) - kd * KOL__LN2_LO;
}

/* e^r - 1 for |r| <= 0.35, Taylor to degree 13 (truncation < 5e-18). */
static inline double kol__expm1_small(double r)
{
    return r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 +
           r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040 +
           r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800 +
           r * (1.0 / 39916800 + r * (1.0 / 479001600 +
           r * (1.0 / 6227020800.0)))))))))))));
}

/* 2^(j/32) for j = 0..31, each the double nearest the exact value
 * (computed with 50 significant digits: mpmath, float(mpf(2) ** (j / 32))),
 * for kol__exp. In the header, so that code linked to the shared library
 * (which exports none of these) can inline kol__exp too. */
static const double kol__exp2_32[32] = {
    0x1.0000000000000p+0, 0x1.059b0d3158574p+0,
    0x1.0b5586cf9890fp+0, 0x1.11301d0125b51p+0,
    0x1.172b83c7d517bp+0, 0x1.1d4873168b9aap+0,
    0x1.2387a6e756238p+0, 0x1.29e9df51fdee1p+0,
    0x1.306fe0a31b715p+0, 0x1.371a7373aa9cbp+0,
    0x1.3dea64c123422p+0, 0x1.44e086061892dp+0,
    0x1.4bfdad5362a27p+0, 0x1.5342b569d4f82p+0,
    0x1.5ab07dd485429p+0, 0x1.6247eb03a5585p+0,
    0x1.6a09e667f3bcdp+0, 0x1.71f75e8ec5f74p+0,
    0x1.7a11473eb0187p+0, 0x1.82589994cce13p+0,
    0x1.8ace5422aa0dbp+0, 0x1.93737b0cdc5e5p+0,
    0x1.9c49182a3f090p+0, 0x1.a5503b23e255dp+0,
    0x1.ae89f995ad3adp+0, 0x1.b7f76f2fb5e47p+0,
    0x1.c199bdd85529cp+0, 0x1.cb720dcef9069p+0,
    0x1.d5818dcfba487p+0, 0x1.dfc97337b9b5fp+0,
    0x1.ea4afa2a490dap+0, 0x1.f50765b6e4540p+0};

/* e^x for x in [-700, 709], table-driven (Tang 1989): n = round(32 x /
 * ln 2), r = x - n ln2/32 (|r| <= ln2/64, Cody-Waite with ln 2 / 32 split
 * as KOL__LN2_HI / 32 and KOL__LN2_LO / 32, exact scalings), n = 32 k + j,
 * e^x = 2^k T[j] (1 + p(r)), p the Taylor series of e^r - 1 to degree 6
 * (truncation below 4e-18) in Estrin's grouping. For scalar paths: the value
 * model's vectorized loops use kol__vexp (value_math.h), which needs no
 * table. */
static inline double kol__exp(double x)
{
    double kd = x * 0x1.71547652b82fep+5 + KOL__SHIFT; /* 32 / ln 2 */
    uint64_t n = kol__bits(kd) - kol__bits(KOL__SHIFT);
    uint64_t j = n & 31u;
    double r, r2, t, p, p2;
    kd -= KOL__SHIFT;
    r = (x - kd * (KOL__LN2_HI / 32)) - kd * (KOL__LN2_LO / 32);
    /* 2^k, k = (n - j) / 32: n - j + 32 * 1023 is positive for x >= -700
     * (n >= -32316), so its top bits are k + 1023 in unsigned arithmetic */
    p2 = kol__from_bits(((n - j + 32u * 1023u) >> 5) << 52);
    t = kol__exp2_32[j];
    /* p = r + r^2 (1/2 + r/6) + r^4 (1/24 + r/120 + r^2/720), grouped so
     * that its operations do not wait on each other (Estrin) */
    r2 = r * r;
    p = r + r2 * ((1.0 / 2 + r * (1.0 / 6)) +
                  r2 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720)));
    return (t + t * p) * p2;
}

/* e^x - 1 for x in [-700, 709]: 2^k (e^r - 1) + (2^k - 1), where
 * 2^k - 1 is exact for |k| <= 53. */
static inline double kol__expm1(double x)
{
    double p2, r = kol__exp_reduce(x, &p2);
    return p2 * kol__expm1_small(r) + (p2 - 1.0);
}

/* a * b = p + e exactly (Dekker 1971, with Veltkamp's split of each
 * factor in two halves of 26 bits; no fused multiply-add): p = fl(a b),
 * e the rounding error. For |a|, |b| below 2^996 and products clear of
 * the subnormal range. */
static inline void kol__two_prod(double a, double b, double *p, double *e)
{
    const double split = 134217729.0; /* 2^27 + 1 */
    double t = split * a, ah = t - (t - a), al = a - ah;
    double u = split * b, bh = u - (u - b), bl = b - bh;
    *p = a * b;
    *e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* Upper tail of the standard normal distribution, Q(x) = P(Z > x), for
 * x >= 0 (docs/model-value.md, "Elementary functions"): below 1,
 * 1/2 - phi(x) (x + x^3/3 + x^5/(3 5) + ...) summed until a term no
 * longer changes the sum (Marsaglia 2004); from 1 on, phi(x) over
 * Laplace's continued fraction x + 1/(x + 2/(x + 3/(x + ...))), 400 to 50
 * terms; 0 above 37.4 (Q < 3e-306). phi(x) = e^(-x^2/2) / sqrt(2 pi)
 * with kol__exp and x^2 split exactly in two parts. Relative error
 * below 2e-15 on [0, 37.4] against 40-digit values. */
double kol__normal_upper(double x);

/* z >= 0 with P(|Z| <= z) = conf for a standard normal Z, conf in
 * [0.5, 1): Newton's method on Q(z) = (1 - conf) / 2 from z = 0, which
 * rises monotonically to the root (Q is convex); within 1e-14 relative of
 * the exact quantile (a unit or two of the last place at the usual levels,
 * 0.8 to 0.9999). */
double kol__normal_z(double conf);

#endif /* KOL_INTERNAL_STATS_H */
