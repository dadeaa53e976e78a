/* Included by base.h and stats.h, one of which every source file of lib/
 * includes before its own code, so that the pragma below holds in every
 * translation unit of the library. */
#ifndef KOL_INTERNAL_FP_H
#define KOL_INTERNAL_FP_H

/* No contraction of a * b + c into a fused multiply-add, whatever the
 * build (the same bits on every platform, docs/model-value.md section
 * 2.8). CMake passes -ffp-contract=off. For a build outside CMake the
 * standard pragma says it in the source for Clang (which contracts within
 * an expression by default) and other compilers that know it; GCC does
 * not know it (and would warn), so a GCC build outside CMake needs
 * -std=c11 or -ffp-contract=off, as docs/getting-started.md says. */
#if !defined(__GNUC__) || defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#endif
