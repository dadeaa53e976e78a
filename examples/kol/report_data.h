/*
 * report_data.h - the input files of `kol report` other than the roster
 * (which roster_csv.c loads) and the follower ids (audience_csv.c):
 * minute traffic, deliveries and follower profile samples, each read
 * incrementally with csv_reader.c and handed to libkol.
 */
#ifndef KOL_CLI_REPORT_DATA_H
#define KOL_CLI_REPORT_DATA_H

#include <stddef.h>

#include "report_model.h"

/*
 * Traffic: header post_id, timestamp and one or more channel columns named
 * as kol_channel_name() names them (views, likes, comments, shares, saves,
 * follows, orders). timestamp is integer seconds (Unix time) or ISO 8601
 * UTC "YYYY-MM-DDTHH:MM[:SS][Z]". Values are increments per sample; an
 * empty cell is "not reported" (NaN to the library). Rows of one post need
 * not be contiguous, but must be in time order within the post. Bad rows
 * are rejected into tr->rejects. Returns 0, or -1 with a message in err.
 */
int rpt_traffic_load(const char *path, rpt_traffic *tr, char *err,
                     size_t err_size);
/* Run one kol_traffic monitor per series (step 60 s, increments, default
 * parameters) and keep every slot's result, the totals and the flagged
 * intervals. A series the library refuses gets error = 1 and its message.
 * Returns 0, or -1 when out of memory. */
int rpt_traffic_run(kol_ctx *ctx, rpt_traffic *tr);
void rpt_traffic_free(rpt_traffic *tr);

/*
 * Deliveries in the `kol roi` format (any key or field column the library
 * names: campaign, kol_id, ..., cost, views, ..., restored_views, ...).
 * When tr is given, a delivery whose post_id names a traffic series gets
 * restored figures: reported - (observed - restored) of the series, per
 * channel (follows -> restored_follower_gain), unless the file gives them.
 * *restored counts those deliveries. Returns 0, or -1 with err.
 */
int rpt_deliveries_load(kol_ctx *ctx, const char *path,
                        const rpt_traffic *tr, kol_roi *roi,
                        size_t *restored, cc_rejects *rejects, char *err,
                        size_t err_size);

/*
 * Follower profile samples: header kol_id and feature columns named as
 * kol_follower_feature_name() names them. Scores every follower with the
 * model and estimates each KOL's real-follower ratio (Wilson interval).
 * Fills m->aq (one entry per KOL, in order of first appearance); the
 * roster ratio is looked up in m->kols. Returns 0, or -1 with err.
 */
int rpt_profiles_load(kol_ctx *ctx, const char *path, rpt_model *m,
                      cc_rejects *rejects, char *err, size_t err_size);

/* Indexes of m->kols sorted by value output `field` (a kol_value_out),
 * best first, ties by id (byte order), in fresh memory (NULL when out of
 * memory); *n receives how many. Only the KOLs for which the figure is
 * defined are ranked: by KOL_VALUE_OUT_VALUE_PER_COST, the KOLs with a
 * price above 0 (the library's 0 for the others means "no price", as in
 * `kol score`). */
size_t *rpt_rank(const rpt_model *m, int field, size_t *n);

/* Whether a KOL has a price above 0, so that its value per price is
 * defined. */
int rpt_has_price(const rpt_kol *k);

/* "KOL" or "KOLs" after a count of n (the text report and the page). */
const char *rpt_kols_word(size_t n);

#endif /* KOL_CLI_REPORT_DATA_H */
