/* The library's own pseudo-random generator, frozen: results that resample
 * (bootstrap intervals) depend on its exact output, so neither function
 * below nor the seeding rule may ever change.
 *
 * - splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 *   generators", OOPSLA 2014; constants as in Vigna's public-domain
 *   splitmix64.c) expands one 64-bit seed into the state.
 * - xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom
 *   number generators", ACM TOMS 47(4), 2021) draws the numbers.
 * - kol__rng_below(n) draws an integer uniform on [0, n) by rejection
 *   ("threshold" method: reject r < (2^64 - n) mod n, then r mod n), so it
 *   has no modulo bias.
 *
 * Never included by a public header. No global state: the caller owns the
 * struct. */
#ifndef KOL_INTERNAL_RNG_H
#define KOL_INTERNAL_RNG_H

#include <stdint.h>

struct kol__rng {
    uint64_t s[4];
};

/* One splitmix64 step: advances *x and returns the next output. */
static inline uint64_t kol__splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Seed: the four state words are four successive splitmix64 outputs from
 * the seed (never all zero, since splitmix64 is a bijection of a counter). */
static inline void kol__rng_seed(struct kol__rng *r, uint64_t seed)
{
    uint64_t x = seed;
    r->s[0] = kol__splitmix64(&x);
    r->s[1] = kol__splitmix64(&x);
    r->s[2] = kol__splitmix64(&x);
    r->s[3] = kol__splitmix64(&x);
}

static inline uint64_t kol__rotl64(uint64_t x, unsigned k)
{
    return (x << k) | (x >> (64u - k));
}

/* xoshiro256**: next 64-bit output. */
static inline uint64_t kol__rng_next(struct kol__rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = kol__rotl64(s[1] * 5u, 7u) * 9u;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = kol__rotl64(s[3], 45u);
    return result;
}

/* Uniform integer in [0, n), n >= 1, without modulo bias. */
static inline uint64_t kol__rng_below(struct kol__rng *r, uint64_t n)
{
    uint64_t threshold = (0u - n) % n;
    for (;;) {
        uint64_t x = kol__rng_next(r);
        /* cov: false with probability threshold / 2^64 < n / 2^64, never
         * in practice for the sizes the library draws below (resamples of
         * a campaign); tests/test_internal.c drives it with n = 2^63 + 1 */
        if (x >= threshold)
            return x % n;
    }
}

#endif /* KOL_INTERNAL_RNG_H */
