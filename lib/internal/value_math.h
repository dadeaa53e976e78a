/* Fast elementary functions of the value model (docs/model-value.md,
 * "Elementary functions"): ln, ln(1 + x) and e^x with the reductions of
 * lib/internal/stats.h (kol__log, kol__exp) and shorter series, for the
 * block loops of lib/value.c, where the results only feed medians, the
 * logistic and sums of scores. Plain IEEE double arithmetic in a fixed
 * order, no branches, no tables, no libm; the library is compiled with
 * -ffp-contract=off (no contraction into FMA), so the same argument gives
 * the same bits on every conforming platform and on every vector width. */
#ifndef KOL_INTERNAL_VALUE_MATH_H
#define KOL_INTERNAL_VALUE_MATH_H

#include "stats.h"

/* ln x for a positive normal finite x: kol__log's reduction
 * (x = 2^k m, m in [sqrt(1/2), sqrt(2)), s = (m - 1) / (m + 1)) and the
 * series of 2 atanh s to the term s^13: R(z) = sum_{j=1..6} 2 z^j /
 * (2j + 1), z = s^2. Truncation: 2 |s|^15 / 15 / (1 - z) < 4.6e-13 for
 * |s| <= 0.1716 (absolute, on ln m). */
static inline double kol__vlog(double x)
{
    double k;
    double f = kol__log_reduce(x, &k);
    double s = f / (2.0 + f);
    double z = s * s;
    double r = z * (2.0 / 3.0 + z * (2.0 / 5.0 + z * (2.0 / 7.0 +
               z * (2.0 / 9.0 + z * (2.0 / 11.0 + z * (2.0 / 13.0))))));
    double hfsq = 0.5 * f * f;
    return k * KOL__LN2_HI - ((hfsq - (s * (hfsq + r) + k * KOL__LN2_LO)) - f);
}

/* ln(1 + x) for x >= 0 finite: kol__log1p's correction over kol__vlog. */
static inline double kol__vlog1p(double x)
{
    double u = 1.0 + x;
    return kol__vlog(u) - ((u - 1.0) - x) / u;
}

/* e^x for x in [-700, 709]: kol__exp's reduction (|r| <= 0.3466) and the
 * Taylor series of e^r - 1 to degree 10. Truncation: |r|^11 / 11! /
 * (1 - |r| / 12) < 2.4e-13 (relative). */
static inline double kol__vexp(double x)
{
    double p2, r = kol__exp_reduce(x, &p2);
    double e = r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 +
               r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040 +
               r * (1.0 / 40320 + r * (1.0 / 362880 +
               r * (1.0 / 3628800))))))))));
    return (1.0 + e) * p2;
}

#endif /* KOL_INTERNAL_VALUE_MATH_H */
