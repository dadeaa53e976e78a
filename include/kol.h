/**
 * @file kol.h
 * @brief libkol umbrella header: includes every public module header.
 *
 * libkol is a pure-computation C11 library for influencer (KOL) marketing
 * analytics. It does no I/O: hosts supply data through callbacks or feed
 * calls and read results through getters or into arrays they own.
 */
#ifndef KOL_H
#define KOL_H

#include "kol/core.h"
#include "kol/record.h"
#include "kol/roster.h"
#include "kol/tier.h"
#include "kol/value.h"
#include "kol/traffic.h"
#include "kol/sanity.h"
#include "kol/audience_quality.h"
#include "kol/cost.h"
#include "kol/roi.h"
#include "kol/sketch.h"
#include "kol/planner.h"

#endif /* KOL_H */
