/* The library's one byte hash, frozen: XXH3-64 with a seed, from Debian's
 * libxxhash-dev used header-only (nothing is linked). Serialized sketches
 * depend on its output, so the function and its seeds never change; the
 * seeds of hash tables (kol__table_seed()) are another matter. */
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

/* The seed of one hash table's slot positions, never of a result or of
 * anything serialized: a hash of the addresses of the table's owner (on
 * the heap), of a local variable (on the stack) and of this function (in
 * the library's image). Where the system randomizes addresses (ASLR), it
 * differs from object to object and from run to run and cannot be known
 * to whoever writes the input, who therefore cannot choose keys in
 * advance that pile into one run of slots and make each insertion and
 * lookup walk them all (hash flooding; docs/reliability.md, "Hash
 * tables"). Without ASLR it still differs between objects, but can be
 * predicted. */
static inline uint64_t kol__table_seed(const void *owner)
{
    uintptr_t a[3];
    char here;
    a[0] = (uintptr_t)owner;
    a[1] = (uintptr_t)&here;
    a[2] = (uintptr_t)&kol__table_seed;
    return kol__hash_bytes(a, sizeof a, UINT64_C(0x4B4F4C5441424C45));
}

#endif /* KOL_INTERNAL_HASH_H */
