/* Layout constants of the ROI evaluator's key table (lib/roi.c, "the
 * intern table and the value pool"), and its seed, in a header of their
 * own so that the tests that build a table layout on purpose
 * (tests/test_roi.c, test_keys_rollback_shift) use the same values as the
 * table. */
#ifndef KOL_INTERNAL_INTERN_H
#define KOL_INTERNAL_INTERN_H

#include <stdint.h>

#include "kol/roi.h"

#define KOL__INTERN_SLOTS0 16   /* slots of a new table, doubled as it fills */
#define KOL__ABLOCK_MIN 256     /* bytes of the first arena block */
#define KOL__ABLOCK_MAX 65536   /* ... doubling up to this */

/* The seed of roi's table (kol__table_seed(), taken when the evaluator is
 * made): the slot of a key is kol__hash_bytes(key, length, seed) modulo
 * the number of slots. For the tests that build a layout. */
uint64_t kol__roi_key_seed(const kol_roi *roi);

#endif /* KOL_INTERNAL_INTERN_H */
