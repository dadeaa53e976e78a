/* Robust order statistics over plain double arrays: selection, median,
 * quantiles (Hyndman-Fan type 7), median absolute deviation, sorting.
 * General-purpose: no knowledge of records or metrics. Every function is
 * deterministic and depends only on the multiset of values (never on their
 * order), so callers get row-order invariance for free. Inputs must be
 * finite; NaN is never accepted (callers filter it out first). */
#ifndef KOL_INTERNAL_STATS_H
#define KOL_INTERNAL_STATS_H

#include <stddef.h>

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
 * values when n is even (computed as lo + (hi - lo) / 2 so that it never
 * overflows). Reorders a. */
double kol__median(double *a, size_t n);

/* Sample quantile of a[0..n), n > 0, p in [0, 1], by Hyndman and Fan (1996)
 * definition 7 (the default of R and numpy): h = (n - 1) p,
 * Q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the sorted
 * values. Reorders a. */
double kol__quantile(double *a, size_t n, double p);

/* Same as kol__quantile on values already sorted ascending (no reordering). */
double kol__quantile_sorted(const double *sorted, size_t n, double p);

/* Median absolute deviation about center: median_i |a[i] - center|,
 * unscaled (multiply by KOL__MAD_NORMAL for a normal-consistent scale).
 * Overwrites a with the absolute deviations. n > 0. */
double kol__mad(double *a, size_t n, double center);

/* Median and unscaled MAD of a[0..n) in one call (n > 0). Overwrites a.
 * Writes the median to *median and the MAD to *mad. */
void kol__median_mad(double *a, size_t n, double *median, double *mad);

#endif /* KOL_INTERNAL_STATS_H */
