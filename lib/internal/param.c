/* Numeric parameters of the handles: see param.h. */
#include "param.h"

#include <math.h>

kol_status kol__param_bounds(const struct kol__param *t, int n, int param,
                             double *min, double *max,
                             double *default_value)
{
    if (param < 0 || param >= n)
        return KOL_STATUS_UNKNOWN_ENUM;
    if (min)
        *min = t[param].min;
    if (max)
        *max = t[param].max;
    if (default_value)
        *default_value = t[param].def;
    return KOL_STATUS_OK;
}

kol_status kol__param_check(kol_ctx *ctx, const char *fn,
                            const struct kol__param *t, int n, int param,
                            double value)
{
    const struct kol__param *p;
    if (param < 0 || param >= n)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "%s: unknown parameter %d", fn, param);
    p = &t[param];
    if (!isfinite(value))
        return kol__fail(ctx, KOL_STATUS_NOT_FINITE,
                         "%s: %s = %g is not finite", fn, p->name, value);
    if (value < p->min || value > p->max)
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: %s = %g outside [%g, %g]", fn, p->name, value,
                         p->min, p->max);
    if (p->integer && value != floor(value))
        return kol__fail(ctx, KOL_STATUS_OUT_OF_RANGE,
                         "%s: %s = %g is not an integer in [%g, %g]", fn,
                         p->name, value, p->min, p->max);
    return KOL_STATUS_OK;
}

kol_status kol__param_get_check(kol_ctx *ctx, const char *fn,
                                const char *out_name, int n, int param,
                                const double *out)
{
    if (!out)
        return kol__fail(ctx, KOL_STATUS_INVALID_ARGUMENT, "%s: %s is NULL",
                         fn, out_name);
    if (param < 0 || param >= n)
        return kol__fail(ctx, KOL_STATUS_UNKNOWN_ENUM,
                         "%s: unknown parameter %d", fn, param);
    return KOL_STATUS_OK;
}
