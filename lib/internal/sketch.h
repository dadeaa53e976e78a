/* HyperLogLog internals shared by the sketch and the planner (which
 * evaluates unique reach on register copies without allocating sketches).
 * Never included by a public header. */
#ifndef KOL_INTERNAL_SKETCH_H
#define KOL_INTERNAL_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "kol/sketch.h"

/* The m = 2^p registers of a sketch (read only). */
const uint8_t *kol__sketch_registers(const kol_sketch *s);
/* The context a sketch was made from. */
kol_ctx *kol__sketch_ctx(const kol_sketch *s);
/* hist[k] = number of the m registers equal to k. */
void kol__hll_histogram(const uint8_t *regs, size_t m, uint32_t hist[64]);
/* Ertl's improved estimate from a register histogram at precision p. */
double kol__hll_estimate(const uint32_t hist[64], int p);

#endif /* KOL_INTERNAL_SKETCH_H */
