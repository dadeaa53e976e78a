/* Numeric parameters of the handles (kol_*_param_bounds, kol_*_set_param,
 * kol_*_get_param): one table per module, and the checks and messages
 * shared by every module, so that the same mistake gets the same status
 * and the same words whichever handle it is made on. Never included by a
 * public header. */
#ifndef KOL_INTERNAL_PARAM_H
#define KOL_INTERNAL_PARAM_H

#include "base.h"

/* One parameter: its name in messages, its bounds (inclusive), its
 * default, and whether only whole numbers are accepted. */
struct kol__param {
    const char *name;
    double min, max, def;
    int integer;
};

/* The body of kol_*_param_bounds() over a table of n parameters:
 * KOL_STATUS_UNKNOWN_ENUM for a code outside [0, n) (nothing written),
 * else each non-NULL output receives its figure. */
kol_status kol__param_bounds(const struct kol__param *t, int n, int param,
                             double *min, double *max,
                             double *default_value);

/* The checks of kol_*_set_param() (fn names it in messages), after the
 * handle's own NULL and busy checks: KOL_STATUS_UNKNOWN_ENUM for a code
 * outside [0, n), KOL_STATUS_NOT_FINITE for NaN or an infinity,
 * KOL_STATUS_OUT_OF_RANGE for a value outside the bounds or a fraction
 * where only whole numbers are accepted. */
kol_status kol__param_check(kol_ctx *ctx, const char *fn,
                            const struct kol__param *t, int n, int param,
                            double value);

/* The checks of kol_*_get_param(): KOL_STATUS_INVALID_ARGUMENT when out
 * (named out_name in the message) is NULL, KOL_STATUS_UNKNOWN_ENUM for a
 * code outside [0, n). */
kol_status kol__param_get_check(kol_ctx *ctx, const char *fn,
                                const char *out_name, int n, int param,
                                const double *out);

#endif /* KOL_INTERNAL_PARAM_H */
