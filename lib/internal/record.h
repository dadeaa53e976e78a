/* The layout of a KOL record, shared by the modules that read records in
 * bulk (scoring, tiering). Never included by a public header. */
#ifndef KOL_INTERNAL_RECORD_H
#define KOL_INTERNAL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "kol/record.h"
#include "internal/base.h"

/* Metric codes known to this build: 0 .. KOL__METRIC_N - 1. */
#define KOL__METRIC_N 23
/* Text fields known to this build. */
#define KOL__TEXT_N 4
/* Portrait dimensions known to this build. */
#define KOL__DIMENSION_N 4

struct kol__portrait {
    size_t n;          /* categories; 0 when the dimension is unset */
    char **labels;     /* n NUL-terminated labels */
    double *shares;    /* n shares summing to 1 */
};

struct kol_record {
    kol_ctx *ctx;
    uint64_t present;                 /* bit m set: metric m is present */
    double metrics[KOL__METRIC_N];    /* value of metric m when present */
    char *text[KOL__TEXT_N];          /* NULL when unset */
    struct kol__portrait portrait[KOL__DIMENSION_N];
};

/* Whether metric m (known to be in range) is present. */
static inline int kol__has(const struct kol_record *r, int m)
{
    return (int)((r->present >> (unsigned)m) & 1u);
}

/* Return a record to its just-made state (no text, no metric, no
 * portrait), keeping its context. */
void kol__record_reset(struct kol_record *r);

/* Deep copy of src into a fresh record of the same context; on failure
 * records KOL_STATUS_NOMEM and returns it. */
kol_status kol__record_copy(const struct kol_record *src,
                            struct kol_record **out);

/* Mark a roster as read by a running call that runs host callbacks (the
 * value model's scoring and reference calls): its changing calls (add,
 * remove, fill) are then refused with kol__busy(), naming running, so
 * that a callback cannot free records the running call still reads. Pass
 * NULL to unmark. Returns the previous mark, to be put back. The roster
 * is heap memory made by kol_roster_new(), never defined const; only the
 * mark is written. */
struct kol_roster;
const char *kol__roster_mark(const struct kol_roster *roster,
                             const char *running);

/* The longest run of occupied slots in the roster's id index (0 when it
 * has none): how far a lookup may probe. For the tests of its seed. */
size_t kol__roster_longest_run(const struct kol_roster *roster);

#endif /* KOL_INTERNAL_RECORD_H */
