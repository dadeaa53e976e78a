/**
 * @file kol/traffic.h
 * @brief Streaming traffic monitor: finds false (bought) traffic step by
 *        step in the engagement series of one post or account and restores
 *        the organic figures.
 *
 * A ::kol_traffic monitors one series: up to ::KOL_CHANNEL_COUNT channels
 * (views, likes, comments, ...) sampled at a fixed step. The host feeds
 * samples (push, kol_traffic_feed()) or lets the monitor pull them through a
 * read callback (kol_traffic_run()); results are identical for any chunk
 * size. Every slot (one step of time) produces one result, handed to the
 * host's ::kol_traffic_emit_fn once it is final, a fixed number of slots
 * after it closed (kol_traffic_delay()); kol_traffic_finish() flushes the
 * rest. The *_blocks variants hand the same results over in blocks of up
 * to 128 slots (::kol_traffic_block_fn), the fastest way to receive them.
 * Memory is fixed once the first sample arrives and does not grow
 * with the length of the series.
 *
 * Input policy (docs/model-traffic.md gives the detail):
 * - Time: a sample's slot is floor((t - t0) / step), t0 the first sample's
 *   timestamp. Timestamps are integers in any unit; the step is in the same
 *   unit (seconds by default, step 60).
 * - Repeated slot (a repeated timestamp, or two samples within one step):
 *   merged. Increments are added; counters take the last reading.
 * - Out of order (a slot earlier than the newest one seen): refused with
 *   ::KOL_STATUS_ORDER by default (nothing of the call applied), or skipped
 *   and counted when ::KOL_TRAFFIC_PARAM_ORDER_POLICY is 1.
 * - Missing slots: with counters, the increase across the gap is spread
 *   evenly over the missing slots and the slot that ends it; with
 *   increments, missing slots are emitted as missing (reason
 *   ::KOL_TRAFFIC_REASON_MISSING, score 0, values 0) and do not move the
 *   baselines. Gaps longer than ::KOL_TRAFFIC_PARAM_MAX_GAP slots are not
 *   emitted slot by slot: the windows restart after them, and a counter
 *   is re-anchored at its next reading, so what it gained or lost across
 *   such a gap is in no slot and no total (not in the dropped total
 *   either).
 * - Counters going backwards (or negative increments): reason
 *   ::KOL_TRAFFIC_REASON_DROP on that channel; the decrease adds nothing
 *   to the slot's increment, but the slot's other readings still add
 *   their increases (+10 then -3 in one slot is an increment of 10 and a
 *   drop of 3; so is a counter read 100, 110, 107 with the last two in
 *   one slot). The counter is re-anchored at the lower value and the
 *   amount lost is added to the dropped total of kol_traffic_totals()
 *   when the slot's result is emitted.
 * - A per-channel value may be NaN to mean "this channel was not reported
 *   in this sample" (the only meaning NaN has in a sample); infinities are
 *   refused with ::KOL_STATUS_NOT_FINITE.
 */
#ifndef KOL_TRAFFIC_H
#define KOL_TRAFFIC_H

#include "kol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque traffic monitor for one series. See kol_traffic_new(). */
typedef struct kol_traffic kol_traffic;

/**
 * @brief Engagement channels. Values are never renumbered or reused.
 */
typedef enum kol_channel {
    /** [views] Views, plays or impressions. */
    KOL_CHANNEL_VIEWS = 0,
    /** [likes] Likes. */
    KOL_CHANNEL_LIKES = 1,
    /** [comments] Comments. */
    KOL_CHANNEL_COMMENTS = 2,
    /** [shares] Shares, reposts. */
    KOL_CHANNEL_SHARES = 3,
    /** [saves] Saves, favourites, collects. */
    KOL_CHANNEL_SAVES = 4,
    /** [follows] New follows. */
    KOL_CHANNEL_FOLLOWS = 5,
    /** [orders] Orders. */
    KOL_CHANNEL_ORDERS = 6
} kol_channel;

/** Number of channel codes this version knows (codes 0 .. count - 1). */
#define KOL_CHANNEL_COUNT 7

/**
 * @brief Reason bits of a result. Values are never renumbered or reused.
 *
 * A slot's reasons are the OR of the bits below; 0 means nothing was found.
 */
typedef enum kol_traffic_reason {
    /** A burst: the increment lies far above the robust baseline that
     *  follows the post's natural rise and decay. */
    KOL_TRAFFIC_REASON_BURST = 1,
    /** A ratio break: one channel moved without the others that organic
     *  traffic brings with it (likes without views, or the reverse). */
    KOL_TRAFFIC_REASON_RATIO = 2,
    /** A drip: increments too regular to be organic (their dispersion is
     *  far below that of Poisson counts). */
    KOL_TRAFFIC_REASON_DRIP = 4,
    /** A plateau: a step up followed by a flat run, where the baseline
     *  expected organic increments. */
    KOL_TRAFFIC_REASON_PLATEAU = 8,
    /** A drop: a counter went backwards (removed likes or follows), or the
     *  increments collapsed far below the baseline. */
    KOL_TRAFFIC_REASON_DROP = 16,
    /** Not a signal: the slot has no known value on any channel: it had
     *  no sample, or its samples' values were all NaN (in either mode),
     *  or (counters) its readings went backwards across a gap, or only
     *  re-anchored the counters after a gap longer than
     *  ::KOL_TRAFFIC_PARAM_MAX_GAP. */
    KOL_TRAFFIC_REASON_MISSING = 32
} kol_traffic_reason;

/**
 * @brief Parameters of a monitor. Values are never renumbered or reused.
 *
 * Set with kol_traffic_set_param() before the first sample; bounds and
 * defaults from kol_traffic_param_bounds(). Integer parameters must be
 * given integral values.
 */
typedef enum kol_traffic_param {
    /** Step, in timestamp units, integral, [1, 1e12]. Default 60. */
    KOL_TRAFFIC_PARAM_STEP = 0,
    /** 1: values are cumulative counters; 0: increments per sample.
     *  Default 0. */
    KOL_TRAFFIC_PARAM_CUMULATIVE = 1,
    /** 0: refuse out-of-order samples (::KOL_STATUS_ORDER); 1: skip and
     *  count them. Default 0. */
    KOL_TRAFFIC_PARAM_ORDER_POLICY = 2,
    /** Slots observed before any signal may fire, integral, [1, 100000].
     *  Default 10. A drip, which marks its whole window, fires only once
     *  that window lies past the warm-up. A counter going backwards (or a
     *  negative increment) is marked ::KOL_TRAFFIC_REASON_DROP from the
     *  first slot: it needs no baseline. */
    KOL_TRAFFIC_PARAM_WARMUP = 3,
    /** Burst threshold in robust standard deviations, [1, 100].
     *  Default 4. */
    KOL_TRAFFIC_PARAM_BURST_Z = 4,
    /** Ratio-break threshold in robust standard deviations, [1, 100].
     *  Default 4. */
    KOL_TRAFFIC_PARAM_RATIO_Z = 5,
    /** Smallest excess over the expected organic value (in counts) for a
     *  burst, ratio break or plateau step to count, [0, 1e15]. Default 3. */
    KOL_TRAFFIC_PARAM_MIN_EXCESS = 6,
    /** Slots in the drip window, integral, [4, 240]. Default 20. */
    KOL_TRAFFIC_PARAM_DRIP_WINDOW = 7,
    /** Drip threshold on the dispersion index (noise variance / mean),
     *  [1e-9, 1]. Default 0.2. */
    KOL_TRAFFIC_PARAM_DRIP_DISPERSION = 8,
    /** Smallest mean increment (counts per slot) for the drip test,
     *  [0, 1e15]. Default 3. */
    KOL_TRAFFIC_PARAM_DRIP_MIN_MEAN = 9,
    /** Flat slots after a step that make a plateau, integral, [2, 240].
     *  Default 5. */
    KOL_TRAFFIC_PARAM_PLATEAU_LENGTH = 10,
    /** Smallest organic volume the baseline expected over the flat run
     *  (counts) for a plateau to count, [0, 1e15]. Default 5 (a flat run
     *  then has Poisson probability at most e^-5). */
    KOL_TRAFFIC_PARAM_PLATEAU_MIN_EXPECTED = 11,
    /** Smoothing weight of the baselines, [1e-6, 1]. Default 0.1. */
    KOL_TRAFFIC_PARAM_ALPHA = 12,
    /** Longest gap emitted slot by slot, integral, [0, 1e9]. Default
     *  10080 (a week of minutes). */
    KOL_TRAFFIC_PARAM_MAX_GAP = 13,
    /** Most flagged intervals kept (later ones are counted only),
     *  integral, [0, 1e6]. Default 256. Space for them is reserved when
     *  the first sample arrives: 32 + 8 x channels bytes each. */
    KOL_TRAFFIC_PARAM_MAX_INTERVALS = 14,
    /** Signals enabled: OR of ::kol_traffic_reason bits BURST to DROP,
     *  integral, [0, 31]. Default 31 (all). */
    KOL_TRAFFIC_PARAM_SIGNALS = 15,
    /** Reference channel of the ratio test (a configured ::kol_channel
     *  code), or -1: views when configured, else the first channel.
     *  Default -1. */
    KOL_TRAFFIC_PARAM_REFERENCE = 16,
    /** Smallest dispersion (variance / mean) assumed for a channel,
     *  [0, 1e6]. Default 1: counts are at least as noisy as Poisson
     *  counts. Set 0 for measurements that are not counts (rates, prices,
     *  gauges); then the dispersion is learned from the series alone. */
    KOL_TRAFFIC_PARAM_DISPERSION_FLOOR = 17,
    /** Period of the seasonal (daily) profile of the baseline, in
     *  timestamp units, integral, [0, 1e12]. Default 86400 (a day of
     *  seconds). The profile (at most 96 bins per channel, each pooling
     *  period / step / bins consecutive slots) is kept when the period is
     *  a multiple of the step and holds 2 to 1,000,000 slots; it is used
     *  once a whole period has passed since the first sample. Otherwise,
     *  and with 0, the baseline has no seasonal term. */
    KOL_TRAFFIC_PARAM_SEASON_PERIOD = 18,
    /** Smoothing weight of the seasonal profile per period, [1e-6, 1];
     *  one update weighs SEASON_GAMMA / (slots per bin). Default 0.2. */
    KOL_TRAFFIC_PARAM_SEASON_GAMMA = 19
} kol_traffic_param;

/** Number of parameter codes this version knows. */
#define KOL_TRAFFIC_PARAM_COUNT 20

/**
 * @brief Host callback that receives the result of one slot.
 *
 * The callback may read the monitor through its getters. The calls that
 * would change it (kol_traffic_set_param(), feed, finish, run, their
 * block forms, kol_traffic_reset()) return ::KOL_STATUS_BAD_STATE from
 * inside the callback and change nothing; it must not free the monitor.
 *
 * @param user       the pointer given with the callback.
 * @param timestamp  start of the slot: t0 + slot * step.
 * @param n_samples  input samples merged into the slot (0: no sample,
 *                   filled across a gap; a ::KOL_TRAFFIC_REASON_MISSING
 *                   slot may still have samples, all of whose values were
 *                   NaN). The count saturates: a slot of UINT32_MAX
 *                   samples or more reports UINT32_MAX, so it never wraps
 *                   and 0 always means no sample.
 * @param score      anomaly score in [0, 1].
 * @param reasons    OR of ::kol_traffic_reason bits.
 * @param observed   per channel, in the order given to kol_traffic_new():
 *                   the slot's increment (counters are turned into
 *                   increments).
 * @param restored   per channel: the estimated organic increment,
 *                   0 <= restored <= observed.
 * @param channel_reasons per channel: the reasons that concern it.
 * @param n_channels number of channels.
 * @return 0 to go on; non-zero stops the call, which returns
 *         ::KOL_STATUS_CALLBACK and keeps the value for
 *         kol_ctx_callback_code(). The series is then stopped: feed and
 *         finish return ::KOL_STATUS_BAD_STATE until kol_traffic_reset();
 *         the getters cover the results emitted so far.
 */
typedef int (*kol_traffic_emit_fn)(void *user, int64_t timestamp,
                                   uint32_t n_samples, double score,
                                   uint32_t reasons, const double *observed,
                                   const double *restored,
                                   const uint32_t *channel_reasons,
                                   size_t n_channels);

/**
 * @brief Host callback that receives the results of consecutive slots in
 *        one block (kol_traffic_feed_blocks(), kol_traffic_finish_blocks(),
 *        kol_traffic_run_blocks()).
 *
 * The same results as ::kol_traffic_emit_fn, in slot order, @p n of them
 * at a time (1 to 128): the monitor gathers them and hands them over when
 * the block is full and before the feed, finish or run call returns. The
 * arrays are valid during the call only.
 *
 * The callback may read the monitor through its getters. The calls that
 * would change it (kol_traffic_set_param(), feed, finish, run, their
 * block forms, kol_traffic_reset()) return ::KOL_STATUS_BAD_STATE from
 * inside the callback and change nothing; it must not free the monitor.
 *
 * @param user       the pointer given with the callback.
 * @param n          results in the block.
 * @param timestamps @p n slot starts.
 * @param n_samples  @p n counts of merged samples (saturated at UINT32_MAX
 *                   as for ::kol_traffic_emit_fn).
 * @param scores     @p n anomaly scores in [0, 1].
 * @param reasons    @p n OR of ::kol_traffic_reason bits.
 * @param observed   @p n rows of @p n_channels increments (row-major).
 * @param restored   @p n rows of @p n_channels restored increments.
 * @param channel_reasons @p n rows of @p n_channels reasons.
 * @param n_channels number of channels.
 * @return 0 to go on; non-zero stops the call, which returns
 *         ::KOL_STATUS_CALLBACK and keeps the value for
 *         kol_ctx_callback_code(). The series is then stopped (as with
 *         ::kol_traffic_emit_fn); the getters cover every result handed
 *         over, this block included.
 */
typedef int (*kol_traffic_block_fn)(void *user, size_t n,
                                    const int64_t *timestamps,
                                    const uint32_t *n_samples,
                                    const double *scores,
                                    const uint32_t *reasons,
                                    const double *observed,
                                    const double *restored,
                                    const uint32_t *channel_reasons,
                                    size_t n_channels);

/**
 * @brief Host callback that supplies samples to kol_traffic_run() (pull).
 *
 * The callback may read the monitor through its getters. The calls that
 * would change it (kol_traffic_set_param(), feed, finish, run, their
 * block forms, kol_traffic_reset()) return ::KOL_STATUS_BAD_STATE from
 * inside the callback and change nothing; it must not free the monitor.
 *
 * @param user       the pointer given to kol_traffic_run().
 * @param timestamps room for @p capacity timestamps.
 * @param values     room for @p capacity rows of n_channels values,
 *                   row-major, channels in the order given to
 *                   kol_traffic_new().
 * @param capacity   rows the buffers hold (at least 1).
 * @param[out] count rows written, 0 to @p capacity; 0 means end of input.
 * @return 0 to go on; non-zero stops the run with ::KOL_STATUS_CALLBACK.
 */
typedef int (*kol_traffic_read_fn)(void *user, int64_t *timestamps,
                                   double *values, size_t capacity,
                                   size_t *count);

/**
 * @brief Name of a channel ("views", "likes", "comments", "shares",
 *        "saves", "follows", "orders").
 * @param channel a ::kol_channel code.
 * @return a static string, or NULL for an unknown code.
 */
KOL_API const char *kol_channel_name(int channel);

/**
 * @brief Look a channel up by name (as kol_channel_name() gives it).
 * @param name the name.
 * @param[out] out receives the code.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT for NULL, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_channel_from_name(const char *name, int32_t *out);

/**
 * @brief Name of one reason bit ("burst", "ratio", "drip", "plateau",
 *        "drop", "missing").
 * @param reason one ::kol_traffic_reason bit.
 * @return a static string, or NULL when @p reason is not exactly one known
 *         bit.
 */
KOL_API const char *kol_traffic_reason_name(uint32_t reason);

/**
 * @brief Bounds and default of a parameter.
 * @param param a ::kol_traffic_param code.
 * @param[out] min receives the smallest value (may be NULL).
 * @param[out] max receives the largest value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_traffic_param_bounds(int param, double *min,
                                            double *max,
                                            double *default_value);

/**
 * @brief Make a monitor for one series.
 * @param ctx        the context.
 * @param channels   @p n_channels distinct ::kol_channel codes; the order
 *                   is the order of values in every row.
 * @param n_channels 1 to ::KOL_CHANNEL_COUNT.
 * @param[out] out   receives the monitor; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL pointer, no
 *         channel, too many), ::KOL_STATUS_UNKNOWN_ENUM,
 *         ::KOL_STATUS_DUPLICATE (a channel twice), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_traffic_new(kol_ctx *ctx, const int32_t *channels,
                                   size_t n_channels, kol_traffic **out);

/**
 * @brief Free a monitor. Accepts NULL.
 * @param t the monitor, or NULL.
 */
KOL_API void kol_traffic_free(kol_traffic *t);

/**
 * @brief Set a parameter. Only before the first sample (or after
 *        kol_traffic_reset()).
 * @param t     the monitor.
 * @param param a ::kol_traffic_param code.
 * @param value the value, within kol_traffic_param_bounds().
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, or a
 *         reference channel not configured), ::KOL_STATUS_UNKNOWN_ENUM,
 *         ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE (outside the
 *         bounds, or not an integer where one is required), or
 *         ::KOL_STATUS_BAD_STATE (samples
 *         were already fed, or called from a callback of the same
 *         monitor).
 */
KOL_API kol_status kol_traffic_set_param(kol_traffic *t, int param,
                                         double value);

/**
 * @brief Read a parameter.
 * @param t     the monitor.
 * @param param a ::kol_traffic_param code.
 * @param[out] value receives the value.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_traffic_get_param(const kol_traffic *t, int param,
                                         double *value);

/**
 * @brief Slots a result waits after its slot closed before it is emitted.
 * @param t the monitor.
 * @return max(drip window - 1, plateau length + 1) with the present
 *         parameters; 0 for NULL.
 */
KOL_API uint32_t kol_traffic_delay(const kol_traffic *t);

/**
 * @brief Feed samples (push).
 *
 * The whole chunk is checked before anything is applied: on a refused
 * value or timestamp nothing of the call is applied. Results that become
 * final are passed to @p emit in slot order. The whole chunk is applied
 * unless @p emit stops it; the series is then stopped (see
 * ::kol_traffic_emit_fn) and its getters cover the results emitted.
 *
 * @param t          the monitor.
 * @param timestamps @p n timestamps.
 * @param values     @p n rows of n_channels values (row-major).
 * @param n          rows; 0 does nothing.
 * @param emit       result callback, or NULL to discard results (totals
 *                   and intervals are still kept).
 * @param user       passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL pointer with
 *         n > 0), ::KOL_STATUS_NOT_FINITE (an infinity),
 *         ::KOL_STATUS_OUT_OF_RANGE (a negative counter, a magnitude above
 *         2^53), ::KOL_STATUS_ORDER (out-of-order timestamp under policy
 *         0), ::KOL_STATUS_BAD_STATE (after kol_traffic_finish() or a
 *         stop, or called from a callback of the same monitor; nothing
 *         applied), ::KOL_STATUS_CALLBACK, or ::KOL_STATUS_NOMEM (first
 *         feed only; nothing applied).
 */
KOL_API kol_status kol_traffic_feed(kol_traffic *t, const int64_t *timestamps,
                                    const double *values, size_t n,
                                    kol_traffic_emit_fn emit, void *user);

/**
 * @brief Emit every pending result and close the series. Afterwards only
 *        the getters and kol_traffic_reset() are valid.
 * @param t    the monitor.
 * @param emit result callback, or NULL.
 * @param user passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_BAD_STATE (already finished or stopped, or called
 *         from a callback of the same monitor), or
 *         ::KOL_STATUS_CALLBACK (the series is then stopped).
 */
KOL_API kol_status kol_traffic_finish(kol_traffic *t,
                                      kol_traffic_emit_fn emit, void *user);

/**
 * @brief Pull a whole series through @p read, then finish it.
 *
 * Equivalent to kol_traffic_feed() on each chunk the callback gives, then
 * kol_traffic_finish(). The context's progress callback is called after
 * every 65536 rows (total 0), and once more when the input ends (total =
 * the rows read), before the series is finished. It can cancel: the
 * chunks before stay applied and the series is not finished, wherever
 * the cancel comes. Like the other callbacks, it cannot change the
 * monitor (::KOL_STATUS_BAD_STATE).
 *
 * @param t          the monitor.
 * @param read       the read callback; a non-zero return stops the run
 *                   with ::KOL_STATUS_CALLBACK, the chunks before stay
 *                   applied and the series may go on.
 * @param read_user  passed to @p read.
 * @param emit       result callback, or NULL.
 * @param emit_user  passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL monitor
 *         or read callback, or the callback reports more rows than the
 *         capacity), ::KOL_STATUS_NOT_FINITE, ::KOL_STATUS_OUT_OF_RANGE
 *         and ::KOL_STATUS_ORDER (a refused chunk, as kol_traffic_feed()),
 *         ::KOL_STATUS_BAD_STATE (already finished or stopped, or called
 *         from a callback of the same monitor),
 *         ::KOL_STATUS_CALLBACK (the read or the emit callback stopped),
 *         ::KOL_STATUS_CANCELLED, or ::KOL_STATUS_NOMEM; on a failure the
 *         chunks before the failing one stay applied.
 */
KOL_API kol_status kol_traffic_run(kol_traffic *t, kol_traffic_read_fn read,
                                   void *read_user, kol_traffic_emit_fn emit,
                                   void *emit_user);

/**
 * @brief Feed samples (push), results handed over in blocks.
 *
 * As kol_traffic_feed(), with the results of the call given to @p emit in
 * blocks of consecutive slots (::kol_traffic_block_fn) rather than one
 * call per slot: the same results, in the same order, for any chunk size.
 * This is the fastest way to receive every result. Results that become
 * final during the call are all handed over before it returns.
 *
 * @param t          the monitor.
 * @param timestamps @p n timestamps.
 * @param values     @p n rows of n_channels values (row-major).
 * @param n          rows; 0 does nothing.
 * @param emit       block callback, or NULL to discard results.
 * @param user       passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_ORDER,
 *         ::KOL_STATUS_BAD_STATE (after a finish or a stop, or called
 *         from a callback of the same monitor), ::KOL_STATUS_CALLBACK, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_traffic_feed_blocks(kol_traffic *t,
                                           const int64_t *timestamps,
                                           const double *values, size_t n,
                                           kol_traffic_block_fn emit,
                                           void *user);

/**
 * @brief As kol_traffic_finish(), with the results handed over in blocks.
 * @param t    the monitor.
 * @param emit block callback, or NULL.
 * @param user passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_BAD_STATE (already finished or stopped, or called
 *         from a callback of the same monitor), or
 *         ::KOL_STATUS_CALLBACK (the series is then stopped).
 */
KOL_API kol_status kol_traffic_finish_blocks(kol_traffic *t,
                                             kol_traffic_block_fn emit,
                                             void *user);

/**
 * @brief As kol_traffic_run(), with the results handed over in blocks.
 *
 * Blocks may span the chunks of the read callback. When the run fails or
 * is stopped by the read or progress callback, the results of the chunks
 * applied are handed over before it returns.
 *
 * @param t          the monitor.
 * @param read       the read callback.
 * @param read_user  passed to @p read.
 * @param emit       block callback, or NULL.
 * @param emit_user  passed to @p emit.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FINITE,
 *         ::KOL_STATUS_OUT_OF_RANGE, ::KOL_STATUS_ORDER,
 *         ::KOL_STATUS_BAD_STATE (already finished or stopped, or called
 *         from a callback of the same monitor), ::KOL_STATUS_CALLBACK,
 *         ::KOL_STATUS_CANCELLED, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_traffic_run_blocks(kol_traffic *t,
                                          kol_traffic_read_fn read,
                                          void *read_user,
                                          kol_traffic_block_fn emit,
                                          void *emit_user);

/**
 * @brief Forget the series (keep channels and parameters); frees the
 *        series' memory until the next sample.
 * @param t the monitor.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_BAD_STATE (called from a callback of the same
 *         monitor; nothing forgotten).
 */
KOL_API kol_status kol_traffic_reset(kol_traffic *t);

/**
 * @brief Totals of one channel over the results emitted so far.
 *
 * The band is an approximate 95% interval for the organic total: it
 * carries the estimation noise of the restored values of flagged slots
 * (a baseline's, or a ratio break's estimate, alone or combined with the
 * baseline by precision: docs/model-traffic.md 1.4 and 1.5), and always
 * holds restored; it does not cover bought traffic that was not detected,
 * nor organic traffic removed by a false alarm.
 *
 * @param t       the monitor.
 * @param index   position of the channel in the order of kol_traffic_new().
 * @param[out] observed total observed increments (may be NULL).
 * @param[out] restored total restored (organic) increments (may be NULL).
 * @param[out] low  lower end of the band (may be NULL).
 * @param[out] high upper end of the band (may be NULL).
 * @param[out] dropped total lost by counters going backwards (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND (index out of range).
 */
KOL_API kol_status kol_traffic_totals(const kol_traffic *t, size_t index,
                                      double *observed, double *restored,
                                      double *low, double *high,
                                      double *dropped);

/**
 * @brief Counters of the series so far.
 * @param t the monitor.
 * @param[out] slots   slots emitted (may be NULL).
 * @param[out] flagged slots emitted with a signal reason (may be NULL).
 * @param[out] skipped samples skipped as out of order (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_traffic_counts(const kol_traffic *t, uint64_t *slots,
                                      uint64_t *flagged, uint64_t *skipped);

/**
 * @brief Number of flagged intervals kept (runs of consecutive flagged
 *        slots).
 * @param t the monitor.
 * @param[out] total receives how many there were in all, kept or not (may
 *             be NULL).
 * @return the number kept, at most ::KOL_TRAFFIC_PARAM_MAX_INTERVALS; 0
 *         for NULL.
 */
KOL_API size_t kol_traffic_interval_count(const kol_traffic *t,
                                          uint64_t *total);

/**
 * @brief Read one flagged interval, oldest first.
 * @param t      the monitor.
 * @param index  below kol_traffic_interval_count().
 * @param[out] start timestamp of its first slot (may be NULL).
 * @param[out] end   timestamp of its last slot (may be NULL).
 * @param[out] reasons OR of the reasons of its slots (may be NULL).
 * @param[out] peak  its highest score (may be NULL).
 * @param[out] inflated per channel, observed minus restored over the
 *                   interval: an array of n_channels (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_traffic_interval_at(const kol_traffic *t, size_t index,
                                           int64_t *start, int64_t *end,
                                           uint32_t *reasons, double *peak,
                                           double *inflated);

#ifdef __cplusplus
}
#endif

#endif /* KOL_TRAFFIC_H */
