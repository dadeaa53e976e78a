/* The library's one byte hash, frozen: XXH3-64 with a seed, from Debian's
 * libxxhash-dev used header-only (nothing is linked). Serialized sketches
 * depend on its output, so the function and its seeds never change. */
#ifndef KOL_INTERNAL_HASH_H
#define KOL_INTERNAL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

static inline uint64_t kol__hash_bytes(const void *data, size_t len,
                                       uint64_t seed)
{
    return (uint64_t)XXH3_64bits_withSeed(data, len, (XXH64_hash_t)seed);
}

#endif /* KOL_INTERNAL_HASH_H */
