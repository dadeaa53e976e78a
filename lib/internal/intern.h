/* Layout constants of the ROI evaluator's key table (lib/roi.c, "the
 * intern table and the value pool"), in a header of their own so that the
 * tests that build a table layout on purpose (tests/test_roi.c,
 * test_keys_rollback_shift) use the same values as the table. */
#ifndef KOL_INTERNAL_INTERN_H
#define KOL_INTERNAL_INTERN_H

#include <stdint.h>

#define KOL__INTERN_SEED UINT64_C(0x4B4F4C4B455953) /* "KOLKEYS" */
#define KOL__INTERN_SLOTS0 16   /* slots of a new table, doubled as it fills */
#define KOL__ABLOCK_MIN 256     /* bytes of the first arena block */
#define KOL__ABLOCK_MAX 65536   /* ... doubling up to this */

#endif /* KOL_INTERNAL_INTERN_H */
