/* What other modules need of a cost history beyond its public API. Never
 * included by a public header. */
#ifndef KOL_INTERNAL_COST_H
#define KOL_INTERNAL_COST_H

#include "kol/cost.h"

/* The context a history reports its errors to (hist not NULL). */
kol_ctx *kol__cost_history_ctx(const kol_cost_history *hist);

#endif /* KOL_INTERNAL_COST_H */
