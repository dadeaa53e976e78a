/* Robust order statistics: see stats.h. */
#include "internal/stats.h"

#include <float.h>
#include <math.h>

static void swap_d(double *a, size_t i, size_t j)
{
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void insertion_sort(double *a, size_t n)
{
    size_t i;
    for (i = 1; i < n; i++) {
        double v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static void sift_down(double *a, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 < end) {
        size_t child = 2 * root + 1;
        if (child + 1 < end && a[child] < a[child + 1])
            child++;
        if (a[root] < a[child]) {
            swap_d(a, root, child);
            root = child;
        } else {
            return;
        }
    }
}

/* Heapsort of a[0..n), n >= 2 (both callers sort ranges of more than 16
 * values). */
static void heap_sort(double *a, size_t n)
{
    size_t i, end;
    for (i = n / 2; i > 0; i--)
        sift_down(a, i - 1, n);
    for (end = n - 1; end > 0; end--) {
        swap_d(a, 0, end);
        sift_down(a, 0, end);
    }
}

void kol__sort(double *a, size_t n)
{
    if (n <= 16)
        insertion_sort(a, n);
    else
        heap_sort(a, n);
}

/* Normalize a negative zero to +0 so that results never depend on which of
 * two equal-comparing zeros the selection happened to keep. */
static double plus_zero(double v)
{
    return v == 0.0 ? 0.0 : v;
}

/* lo + t (hi - lo) for lo <= hi and t in [0, 1], as a negative zero-free
 * value that never overflows: when hi - lo exceeds DBL_MAX (only possible
 * for lo < 0 < hi), (1 - t) lo + t hi, whose two terms have opposite signs
 * and cannot overflow either. */
static double between(double lo, double hi, double t)
{
    double d = hi - lo;
    if (d <= DBL_MAX)
        return plus_zero(lo + t * d);
    return plus_zero((1.0 - t) * lo + t * hi);
}

double kol__select(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1; /* inclusive range holding position k */
    unsigned budget = 0;
    size_t m = n;
    while (m > 1) {
        budget += 2;
        m >>= 1;
    }
    for (;;) {
        size_t len = hi - lo + 1;
        if (len <= 16) {
            insertion_sort(a + lo, len);
            return plus_zero(a[k]);
        }
        if (budget == 0) {
            heap_sort(a + lo, len);
            return plus_zero(a[k]);
        }
        budget--;
        {
            /* Median of three as pivot, moved to a[lo]. */
            size_t mid = lo + len / 2;
            double pivot;
            size_t i, j;
            if (a[mid] < a[lo])
                swap_d(a, mid, lo);
            if (a[hi] < a[lo])
                swap_d(a, hi, lo);
            if (a[hi] < a[mid])
                swap_d(a, hi, mid);
            /* now a[lo] <= a[mid] <= a[hi] */
            swap_d(a, lo, mid);
            pivot = a[lo];
            /* Hoare partition of (lo, hi]: elements equal to the pivot go
             * to both sides, which keeps many duplicates balanced. The
             * scans need no bounds check: a[hi] >= pivot stops the first
             * upward scan and a[lo] == pivot every downward one; after a
             * swap, a[j] >= pivot and a[i] <= pivot stop the next ones. */
            i = lo;
            j = hi + 1;
            for (;;) {
                do {
                    i++;
                } while (a[i] < pivot);
                do {
                    j--;
                } while (a[j] > pivot);
                if (i >= j)
                    break;
                swap_d(a, i, j);
            }
            swap_d(a, lo, j);
            /* a[lo..j-1] <= pivot == a[j] <= a[j+1..hi] */
            if (k == j)
                return plus_zero(a[j]);
            if (k < j)
                hi = j - 1;
            else
                lo = j + 1;
        }
    }
}

double kol__median(double *a, size_t n)
{
    size_t k = n / 2;
    double hi = kol__select(a, n, k);
    if (n % 2 == 1)
        return hi;
    {
        /* After selection, a[0..k) are all <= a[k]: the lower middle value
         * is their maximum. */
        double lo = a[0];
        size_t i;
        for (i = 1; i < k; i++)
            if (a[i] > lo)
                lo = a[i];
        return between(lo, hi, 0.5);
    }
}

double kol__quantile_sorted(const double *s, size_t n, double p)
{
    double h, fl;
    size_t i;
    if (n == 1 || p <= 0.0)
        return plus_zero(s[0]);
    h = (double)(n - 1) * (p < 1.0 ? p : 1.0);
    fl = floor(h);
    i = (size_t)fl;
    if (i + 1 >= n)
        return plus_zero(s[n - 1]);
    return between(s[i], s[i + 1], h - fl);
}

/* Where quantile p of n > 1 values falls (type 7): between ranks i and
 * i + 1, at fraction *frac from rank i (0: rank i itself; i = n - 1
 * only with *frac = 0). */
static size_t quantile_rank(size_t n, double p, double *frac)
{
    double h, fl;
    size_t i;
    if (p <= 0.0)
        p = 0.0;
    if (p >= 1.0)
        p = 1.0;
    h = (double)(n - 1) * p;
    fl = floor(h);
    i = (size_t)fl;
    if (i >= n - 1) {
        *frac = 0.0;
        return n - 1;
    }
    *frac = h - fl;
    return i;
}

double kol__quantile(double *a, size_t n, double p)
{
    double frac, lo, hi;
    size_t i, j;
    if (n == 1)
        return plus_zero(a[0]);
    i = quantile_rank(n, p, &frac);
    lo = kol__select(a, n, i);
    if (frac == 0.0)
        return lo;
    /* a[i+1..n) are all >= a[i]: the next order statistic is their
     * minimum. */
    hi = a[i + 1];
    for (j = i + 2; j < n; j++)
        if (a[j] < hi)
            hi = a[j];
    return between(lo, hi, frac);
}

double kol__mad(double *a, size_t n, double center)
{
    size_t i;
    for (i = 0; i < n; i++)
        a[i] = fabs(a[i] - center);
    return kol__median(a, n);
}

void kol__median_mad(double *a, size_t n, double *median, double *mad)
{
    double med = kol__median(a, n);
    *median = med;
    *mad = kol__mad(a, n, med);
}

/* Selection by histograms: the order statistics of ranks k and k + 1
 * (or k alone) of a[0..n), found with passes that have no
 * data-dependent branches (quickselect's comparisons are unpredictable,
 * and a mispredicted branch costs as much as a few passes over a value).
 * A level maps each value to one of nbk buckets by
 * (v - min) * (nbk / (max - min)): rounding is monotone, so the buckets
 * are ordered like the values (a value in a lower bucket is never above
 * one in a higher bucket), and the histogram tells which bucket holds
 * rank k; that bucket's values are gathered to the front of a, and the
 * next level looks among them only. When ranks k and k + 1 fall in
 * different buckets, they are the largest value of the first and the
 * smallest of the second. The result is the exact order statistic, the
 * same value as kol__select()'s: only the time depends on the buckets.
 * The minimum is in bucket 0 and the maximum in bucket nbk - 1, so each
 * level leaves out at least one value; after HS_LEVELS levels (values
 * spread over many orders of magnitude), and when max - min or the
 * bucket scale overflows, quickselect finishes. */
#define HS_SMALL 32u   /* insertion sort at or below */
#define HS_LEVELS 6
#define HS_MAXB 2048u  /* buckets per level, at most */
#define HS_WAYS 4u     /* interleaved histograms (repeated values) */
#if HS_WAYS * HS_MAXB != KOL__HIST_WORDS
#error "KOL__HIST_WORDS must hold HS_WAYS histograms of HS_MAXB buckets"
#endif

static size_t hs_bucket(double v, double mn, double scale, size_t top)
{
    double x = (v - mn) * scale;
    return x < (double)top ? (size_t)x : top;
}

/* cnt[0..nbk) = the number of values of a[0..n) in each of nbk buckets
 * from mn (hs_bucket), counted in HS_WAYS interleaved histograms (cnt has
 * HS_WAYS nbk entries) so that repeated values do not wait on one
 * counter, then summed. */
static void hs_count(uint32_t *cnt, const double *a, size_t n, double mn,
                     double scale, size_t nbk)
{
    size_t i, b;
    memset(cnt, 0, HS_WAYS * nbk * sizeof cnt[0]);
    for (i = 0; i + HS_WAYS <= n; i += HS_WAYS) {
        cnt[hs_bucket(a[i], mn, scale, nbk - 1)]++;
        cnt[nbk + hs_bucket(a[i + 1], mn, scale, nbk - 1)]++;
        cnt[2 * nbk + hs_bucket(a[i + 2], mn, scale, nbk - 1)]++;
        cnt[3 * nbk + hs_bucket(a[i + 3], mn, scale, nbk - 1)]++;
    }
    for (; i < n; i++)
        cnt[hs_bucket(a[i], mn, scale, nbk - 1)]++;
    for (b = 0; b < nbk; b++)
        cnt[b] += cnt[nbk + b] + cnt[2 * nbk + b] + cnt[3 * nbk + b];
}

/* The smallest and the largest of a[0..n), n > 0. */
static void hs_range(const double *a, size_t n, double *mn, double *mx)
{
    double lo = a[0], hi = a[0];
    size_t i;
    for (i = 1; i < n; i++) {
        double v = a[i];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    *mn = lo;
    *mx = hi;
}

/* The number of buckets for n values: 64, doubled while under n / 4, at
 * most HS_MAXB. */
static size_t hs_buckets(size_t n)
{
    size_t nbk = 64;
    while (nbk < HS_MAXB && nbk * 4 < n)
        nbk *= 2;
    return nbk;
}

/* Values of ranks k (to *xk) and, when xk1 is not NULL, k + 1 (to *xk1;
 * k + 1 < n) of a[0..n), n > 0, finite values; a is overwritten. Zeros
 * keep their sign (callers make them +0). bounds: the caller knows the
 * smallest and the largest value, *mn0 and *mx0 (mn0 NULL: it does not),
 * which saves the first level's pass that finds them. */
static void hist_select_in(uint32_t *cnt, double *a, size_t n, size_t k,
                           double *xk, double *xk1, const double *mn0,
                           const double *mx0)
{
    int level;
    for (level = 0;; level++) {
        double mn, mx, range, scale;
        size_t nbk, i, b1, b2, below, m;
        if (n <= HS_SMALL) {
            insertion_sort(a, n);
            *xk = a[k];
            if (xk1)
                *xk1 = a[k + 1];
            return;
        }
        if (level == 0 && mn0) {
            mn = *mn0;
            mx = *mx0;
        } else {
            hs_range(a, n, &mn, &mx);
        }
        if (mn == mx) {
            *xk = mn;
            if (xk1)
                *xk1 = mn;
            return;
        }
        nbk = hs_buckets(n);
        range = mx - mn;
        scale = (double)nbk / range;
        if (level == HS_LEVELS || !(range <= DBL_MAX) ||
            !(scale <= DBL_MAX)) {
            *xk = kol__select(a, n, k);
            if (xk1) {
                /* a[k+1..n) are all >= a[k]: rank k + 1 is their
                 * minimum */
                double lo = a[k + 1];
                for (i = k + 2; i < n; i++)
                    lo = a[i] < lo ? a[i] : lo;
                *xk1 = lo;
            }
            return;
        }
        hs_count(cnt, a, n, mn, scale, nbk);
        /* the buckets of ranks k and k + 1 */
        below = 0;
        for (b1 = 0; below + cnt[b1] <= k; b1++)
            below += cnt[b1];
        b2 = b1;
        if (xk1 && below + cnt[b1] == k + 1)
            for (b2 = b1 + 1; cnt[b2] == 0; b2++)
                ;
        if (b2 != b1) {
            /* rank k is the largest of bucket b1, k + 1 the smallest of
             * bucket b2 */
            double hi1 = mn, lo2 = mx;
            for (i = 0; i < n; i++) {
                double v = a[i];
                size_t bv = hs_bucket(v, mn, scale, nbk - 1);
                hi1 = ((bv == b1) & (v > hi1)) ? v : hi1;
                lo2 = ((bv == b2) & (v < lo2)) ? v : lo2;
            }
            *xk = hi1;
            *xk1 = lo2;
            return;
        }
        /* gather bucket b1 */
        m = 0;
        for (i = 0; i < n; i++) {
            double v = a[i];
            a[m] = v;
            m += (size_t)(hs_bucket(v, mn, scale, nbk - 1) == b1);
        }
        n = m;
        k -= below;
    }
}

static void hist_select(uint32_t *cnt, double *a, size_t n, size_t k,
                        double *xk, double *xk1)
{
    hist_select_in(cnt, a, n, k, xk, xk1, NULL, NULL);
}

/* Median of a[0..n), n > 0, by hist_select(): the value of
 * kol__median(). a is reordered. */
static double hist_median(uint32_t *cnt, double *a, size_t n)
{
    double lo, hi;
    if (n % 2 == 1) {
        hist_select(cnt, a, n, n / 2, &hi, NULL);
        return plus_zero(hi);
    }
    hist_select(cnt, a, n, n / 2 - 1, &lo, &hi);
    return between(lo, hi, 0.5);
}

double kol__quantile_fast(double *a, size_t n, double p, uint32_t *hist)
{
    double frac, lo, hi;
    size_t i;
    if (n == 1)
        return plus_zero(a[0]);
    i = quantile_rank(n, p, &frac);
    if (frac == 0.0) {
        hist_select(hist, a, n, i, &lo, NULL);
        return plus_zero(lo);
    }
    hist_select(hist, a, n, i, &lo, &hi);
    return between(plus_zero(lo), hi, frac);
}

/* The first level of hist_select() for two ranks k1 < k2 of a[0..n),
 * n > HS_SMALL, finite values, with one histogram for both: it tells the
 * bucket of each rank, and one pass gathers the two buckets, the first
 * to the front of a (*m1 values, among which rank k1 is rank *r1) and
 * the second to b (room for n values; *m2, rank *r2). When the values
 * cannot be bucketed (one value, or a range too wide), a stays whole and
 * b is a copy of it. The caller then selects in each part. a is
 * overwritten; cnt is the histogram (KOL__HIST_WORDS entries). */
static void hist_split_two(uint32_t *cnt, double *a, size_t n, size_t k1,
                           size_t k2, double *b, size_t *m1, size_t *r1,
                           size_t *m2, size_t *r2)
{
    double mn, mx, range, scale;
    size_t nbk = hs_buckets(n), i, c1, c2, below1 = 0, below2, n1 = 0,
           n2 = 0;
    hs_range(a, n, &mn, &mx);
    range = mx - mn;
    scale = (double)nbk / range;
    if (mn == mx || !(range <= DBL_MAX) || !(scale <= DBL_MAX)) {
        /* one value (the pass below would divide by a zero range), or a
         * range too wide for the buckets: two plain selections */
        for (i = 0; i < n; i++)
            b[i] = a[i];
        *m1 = *m2 = n;
        *r1 = k1;
        *r2 = k2;
        return;
    }
    hs_count(cnt, a, n, mn, scale, nbk);
    for (c1 = 0; below1 + cnt[c1] <= k1; c1++)
        below1 += cnt[c1];
    below2 = below1;
    for (c2 = c1; below2 + cnt[c2] <= k2; c2++)
        below2 += cnt[c2];
    for (i = 0; i < n; i++) {
        const double v = a[i];
        const size_t bv = hs_bucket(v, mn, scale, nbk - 1);
        a[n1] = v;
        n1 += (size_t)(bv == c1);
        b[n2] = v;
        n2 += (size_t)(bv == c2);
    }
    *m1 = n1;
    *r1 = k1 - below1;
    *m2 = n2;
    *r2 = k2 - below2;
}

/* Value i of the values a median is selected among: a[i] itself, or when
 * dev, its absolute deviation from c (for the MAD). */
static inline double fr_value(const double *a, size_t i, double c, int dev)
{
    return dev ? fabs(a[i] - c) : a[i];
}

/* Median of the n > 0 values fr_value(a, i, c, dev), by sampling (Floyd
 * and Rivest 1975, "Expected time bounds for selection", CACM 18(3)): the
 * order statistics of a sample of about n^(2/3) values bracket the
 * median (both ends selected together, hist_split_two()); one pass counts
 * the values below the bracket and gathers those inside it into tmp (n
 * values); the median is selected among those few, whose smallest and
 * largest values are the bracket's ends. When the bracket misses (rare),
 * selection over a copy of all values. The sample changes only the
 * speed: the result is the same value as kol__median()'s of the values.
 * Small n: selection over a copy. */
#define FR_MIN 4096u

static double fr_median(const double *a, size_t n, double *tmp,
                        uint32_t *hist, double c, int dev)
{
    size_t k = n / 2, s, stride, i, ks, d, less = 0, mid = 0;
    double lo, hi, top;
    if (n < FR_MIN) {
        for (i = 0; i < n; i++)
            tmp[i] = fr_value(a, i, c, dev);
        return hist_median(hist, tmp, n);
    }
    /* sample: s values at a fixed stride */
    s = (size_t)kol__exp(kol__log((double)n) * (2.0 / 3.0));
    if (s < 1024)
        s = 1024;
    stride = n / s;
    for (i = 0; i < s; i++)
        tmp[i] = fr_value(a, i * stride, c, dev);
    ks = (size_t)((double)k * (double)s / (double)n);
    /* Bracket ks +- d in the sample. s < 2^52, so the square root is
     * exact to the unit (and d only sets the width anyway). With
     * s >= 1024, ks >= s / 2 - 1 > d = 2 sqrt(s) + 8 and ks + d < s, so
     * the bracket lies inside the sample. tmp + s has room for the
     * sample's second copy: s <= n / 4 for n >= FR_MIN. */
    d = 2 * (size_t)sqrt((double)s) + 8;
    {
        /* both ends from one first level (hist_split_two()) */
        size_t m1, r1, m2, r2;
        hist_split_two(hist, tmp, s, ks - d, ks + d, tmp + s, &m1, &r1, &m2,
                       &r2);
        hist_select(hist, tmp, m1, r1, &lo, NULL);
        hist_select(hist, tmp + s, m2, r2, &hi, NULL);
    }
    /* one pass without branches (the comparisons are unpredictable):
     * below the bracket counted, inside it appended to tmp */
    for (i = 0; i < n; i++) {
        double v = fr_value(a, i, c, dev);
        less += (size_t)(v < lo);
        tmp[mid] = v;
        mid += (size_t)((v >= lo) & (v <= hi));
    }
    if (k < less || k >= less + mid) {
        for (i = 0; i < n; i++)
            tmp[i] = fr_value(a, i, c, dev);
        return hist_median(hist, tmp, n);
    }
    /* (lo and hi are values of the sample, so the smallest and the
     * largest of the mid gathered ones) */
    if (n % 2 == 1) {
        hist_select_in(hist, tmp, mid, k - less, &top, NULL, &lo, &hi);
        return plus_zero(top);
    }
    {
        /* the lower middle value: the one ranked just below position k */
        double low;
        if (k == less) {
            /* the largest value below the bracket (rare: another pass) */
            hist_select_in(hist, tmp, mid, 0, &top, NULL, &lo, &hi);
            low = -HUGE_VAL;
            for (i = 0; i < n; i++) {
                double v = fr_value(a, i, c, dev);
                if (v < lo && v > low)
                    low = v;
            }
        } else {
            hist_select_in(hist, tmp, mid, k - less - 1, &low, &top, &lo, &hi);
        }
        return between(low, top, 0.5);
    }
}

double kol__median_fast(const double *a, size_t n, double *tmp,
                        uint32_t *hist)
{
    return fr_median(a, n, tmp, hist, 0.0, 0);
}

void kol__median_mad_fast(const double *a, size_t n, double *tmp,
                          uint32_t *hist, double *median, double *mad)
{
    double med = fr_median(a, n, tmp, hist, 0.0, 0);
    *median = med;
    /* the deviations are computed where they are read, never stored */
    *mad = fr_median(a, n, tmp, hist, med, 1);
}

/* ------------------------------------------------------------------ */
/* Normal distribution                                                 */

/* phi(x) = e^(-x^2/2) / sqrt(2 pi) for 0 <= x <= 37.4, with x^2 taken
 * exactly as h + l (kol__two_prod), so that the rounding of x^2 does not
 * cost up to x^2 units of the last place: e^(-h/2) e^(-l/2). */
static double normal_pdf(double x)
{
    const double inv_sqrt_2pi = 0.398942280401432677939946;
    double h, l;
    kol__two_prod(x, x, &h, &l);
    return inv_sqrt_2pi * kol__exp(-0.5 * h) * kol__exp(-0.5 * l);
}

double kol__normal_upper(double x)
{
    double phi, f;
    int k, n;
    if (x > 37.4)
        return 0.0;
    phi = normal_pdf(x);
    if (x < 1.0) {
        /* every term positive, the sum below 2, the terms falling
         * geometrically (ratio x^2 / k < 1 / 3): about 20 terms */
        double sum = x, term = x, x2 = x * x, next;
        for (k = 3;; k += 2) {
            term = term * x2 / (double)k;
            next = sum + term;
            if (next == sum)
                break;
            sum = next;
        }
        return 0.5 - phi * sum;
    }
    /* x >= 1: the continued fraction from its n-th term back; n such
     * that the truncation is below 1e-16 (relative) on each range */
    n = x < 1.5 ? 400 : x < 2.5 ? 200 : x < 3.0 ? 100 : 50;
    f = x;
    for (k = n; k >= 1; k--)
        f = x + (double)k / f;
    return phi / f;
}

double kol__normal_z(double conf)
{
    /* Newton's method on the convex, decreasing Q(z) - tail from z = 0:
     * each step lands at or left of the root, so z rises to it; stop at
     * the first step that does not (rounding), at most 100 steps (about
     * 15 are taken for conf up to 1 - 1e-9) */
    double tail = (1.0 - conf) / 2.0, z = 0.0;
    int i;
    /* cov: the bound only guarantees the end; the rise stops first */
    for (i = 0; i < 100; i++) {
        double next = z + (kol__normal_upper(z) - tail) / normal_pdf(z);
        if (!(next > z))
            break;
        z = next;
    }
    return z;
}
