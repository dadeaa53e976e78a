/**
 * @file kol/core.h
 * @brief Contexts, allocators, status codes, error messages, progress and
 *        version queries: what every other libkol module stands on.
 *
 * Every libkol object is made from a ::kol_ctx. The context carries the
 * allocator (chosen per context, never process-global), the last error's
 * status and message, the host's own code from the last callback that
 * stopped an operation, and the progress callback used by long operations.
 *
 * Thread rules: objects made from one context are used by one thread at a
 * time; different contexts share nothing and may be used from different
 * threads at once. Free every object of a context before the context.
 *
 * Stack: work areas come from the context's allocator; a call uses at
 * most 32 KB of stack below the caller's frame in an optimised build (64
 * KB unoptimised, -O0), the frames of the host's callbacks aside
 * (docs/reliability.md, "Stack").
 *
 * @anchor kol_callbacks
 * Callback rules: host callbacks (read, reject, emit, block, custom
 * metric, progress) run inside the call that was given them, on its
 * thread, before it returns. A callback may read any object and fill what
 * it is handed (the record of a roster read, the delivery of an ROI read),
 * but it must not change or free the object whose call is running (the
 * roster being filled, the monitor being fed, the evaluator being filled
 * or reported on, the value model scoring and the roster it reads, the
 * planner running): the calls that would change it are refused with
 * ::KOL_STATUS_BAD_STATE and a message naming both calls, and the running
 * call goes on as if they had not been made.
 * Freeing that object from its callback is undefined. Other objects are
 * the host's to order, as the thread rules say.
 */
#ifndef KOL_CORE_H
#define KOL_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "kol/kol_export.h"
#include "kol/kol_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Status returned by every fallible libkol call.
 *
 * Values are explicit and are never renumbered or reused: a retired code
 * keeps its number forever. ::KOL_STATUS_OK is zero; every other value is an
 * error, and the call that returned it left its object as it was before the
 * call, except where the call documents otherwise: a traffic series whose
 * result callback stops it is stopped, with the results emitted so far
 * (kol_traffic_feed()); a pulled run keeps the chunks it applied before a
 * stop or a cancel (kol_traffic_run()); a cancelled batch score or
 * overlap matrix leaves its outputs unspecified (kol_value_score_columns(),
 * kol_sketch_overlap_matrix()). The context's message
 * (kol_ctx_last_error()) says what was wrong and where.
 */
typedef enum kol_status {
    /** Success. */
    KOL_STATUS_OK = 0,
    /** An allocation failed. Nothing was changed. */
    KOL_STATUS_NOMEM = 1,
    /** A required pointer was NULL, or an argument was not acceptable. */
    KOL_STATUS_INVALID_ARGUMENT = 2,
    /** A number was NaN or an infinity. */
    KOL_STATUS_NOT_FINITE = 3,
    /** A finite number lay outside its documented domain (a negative count,
     *  a ratio above 1, a count above 2^53). */
    KOL_STATUS_OUT_OF_RANGE = 4,
    /** The value asked for is missing (never set, or cleared). */
    KOL_STATUS_MISSING = 5,
    /** No object with that identifier or position exists. */
    KOL_STATUS_NOT_FOUND = 6,
    /** An object with that identifier already exists. */
    KOL_STATUS_DUPLICATE = 7,
    /** A host callback returned non-zero and so stopped the operation; its
     *  code is kept by kol_ctx_callback_code(). */
    KOL_STATUS_CALLBACK = 8,
    /** The progress callback returned non-zero and so cancelled the
     *  operation; its code is kept by kol_ctx_callback_code(). */
    KOL_STATUS_CANCELLED = 9,
    /** A string was empty where text is required, too long, or not valid
     *  UTF-8. */
    KOL_STATUS_BAD_TEXT = 10,
    /** A size exceeded a documented limit. */
    KOL_STATUS_TOO_LARGE = 11,
    /** An enum value unknown to this version of the library (for example a
     *  metric code added by a later release). */
    KOL_STATUS_UNKNOWN_ENUM = 12,
    /** The input holds nothing to compute from (an empty cohort, a series
     *  with no sample). */
    KOL_STATUS_EMPTY = 13,
    /** The call is not valid in the object's present state (for example
     *  feeding a series that was already finished, or changing an object
     *  from a callback of its own running call). */
    KOL_STATUS_BAD_STATE = 14,
    /** Serialized bytes are malformed, truncated or fail their checksum. */
    KOL_STATUS_CORRUPT = 15,
    /** Serialized bytes carry a format version this library cannot read. */
    KOL_STATUS_VERSION = 16,
    /** Two objects cannot be combined (for example sketches of different
     *  precision, summaries of different parameters). */
    KOL_STATUS_MISMATCH = 17,
    /** Timestamps out of order or repeated where the documented policy
     *  refuses them. */
    KOL_STATUS_ORDER = 18,
    /** The constraints cannot all be met. */
    KOL_STATUS_INFEASIBLE = 19
} kol_status;

/**
 * @brief The static name of a status code.
 *
 * @param status any value, known or not.
 * @return a short, static, lower-case description such as
 *         "out of memory"; "unknown status" for a value this version does
 *         not know. Never NULL; never to be freed.
 */
KOL_API const char *kol_status_str(int status);

/** @brief An opaque library context. See kol_ctx_new(). */
typedef struct kol_ctx kol_ctx;

/**
 * @brief Host allocation function: like malloc().
 * @param user the pointer given to kol_ctx_new_with_allocator().
 * @param size bytes wanted, never 0.
 * @return the block, or NULL on failure.
 */
typedef void *(*kol_malloc_fn)(void *user, size_t size);

/**
 * @brief Host reallocation function: like realloc().
 * @param user the pointer given to kol_ctx_new_with_allocator().
 * @param ptr a block from this allocator, never NULL.
 * @param size new size in bytes, never 0.
 * @return the moved or grown block, or NULL on failure (then @p ptr must
 *         still be valid and unchanged).
 */
typedef void *(*kol_realloc_fn)(void *user, void *ptr, size_t size);

/**
 * @brief Host free function: like free().
 * @param user the pointer given to kol_ctx_new_with_allocator().
 * @param ptr a block from this allocator, never NULL.
 */
typedef void (*kol_free_fn)(void *user, void *ptr);

/**
 * @brief Progress callback used by every long operation of a context.
 *
 * Called with the units done so far and the total, at points the operation
 * documents (always at least once, when it finishes).
 *
 * @param user  the pointer given to kol_ctx_set_progress().
 * @param done  units completed so far.
 * @param total total units, or 0 when the total is not known in advance.
 * @return 0 to continue; any other value cancels the operation, which then
 *         returns ::KOL_STATUS_CANCELLED and keeps the returned value for
 *         kol_ctx_callback_code(). The operation's object is left as it
 *         was, except where the operation documents otherwise: a pulled
 *         traffic run keeps the chunks it applied before the cancel
 *         (kol_traffic_run()), and the outputs of a batch score or an
 *         overlap matrix are then unspecified (kol_value_score_columns(),
 *         kol_sketch_overlap_matrix()).
 */
typedef int (*kol_progress_fn)(void *user, uint64_t done, uint64_t total);

/**
 * @brief Make a context using the C library's malloc(), realloc() and free().
 *
 * @param[out] out receives the context; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT when @p out is
 *         NULL, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_ctx_new(kol_ctx **out);

/**
 * @brief Make a context with a host allocator.
 *
 * The context itself and every object made from it are allocated through
 * these functions. All three must be given.
 *
 * @param[out] out   receives the context; set to NULL on failure.
 * @param  alloc_fn  allocation function.
 * @param  realloc_fn reallocation function.
 * @param  free_fn   release function.
 * @param  user      passed unchanged to the three functions.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT when @p out or a
 *         function is NULL, or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_ctx_new_with_allocator(kol_ctx **out,
                                              kol_malloc_fn alloc_fn,
                                              kol_realloc_fn realloc_fn,
                                              kol_free_fn free_fn,
                                              void *user);

/**
 * @brief Free a context. Accepts NULL.
 *
 * Every object made from the context must have been freed before.
 *
 * @param ctx the context, or NULL.
 */
KOL_API void kol_ctx_free(kol_ctx *ctx);

/**
 * @brief The status of the last failed call made through this context.
 * @param ctx the context, or NULL.
 * @return ::KOL_STATUS_OK when no call has failed since the context was
 *         made or kol_ctx_clear_error() was called; also for a NULL
 *         context.
 */
KOL_API kol_status kol_ctx_last_status(const kol_ctx *ctx);

/**
 * @brief The message of the last failed call made through this context.
 *
 * The message names what was wrong and where: the object (record id,
 * roster), the field or metric, the row or index. Successful calls do not
 * clear it.
 *
 * @param ctx the context, or NULL.
 * @return a NUL-terminated string owned by the context, valid until the next
 *         call that uses the context; "" when there is none or @p ctx is
 *         NULL. Never NULL.
 */
KOL_API const char *kol_ctx_last_error(const kol_ctx *ctx);

/**
 * @brief The code a host callback returned when it last stopped an
 *        operation (::KOL_STATUS_CALLBACK or ::KOL_STATUS_CANCELLED).
 * @param ctx the context, or NULL.
 * @return that code, or 0 when no callback has stopped an operation since
 *         the context was made or last cleared; 0 for a NULL context.
 */
KOL_API int kol_ctx_callback_code(const kol_ctx *ctx);

/**
 * @brief Forget the last error: status, message and callback code.
 * @param ctx the context, or NULL (then nothing happens).
 */
KOL_API void kol_ctx_clear_error(kol_ctx *ctx);

/**
 * @brief Register the progress callback for the long operations of this
 *        context.
 *
 * @param ctx  the context.
 * @param fn   the callback, or NULL to report no progress.
 * @param user passed unchanged to @p fn.
 * @return ::KOL_STATUS_OK, or ::KOL_STATUS_INVALID_ARGUMENT when @p ctx is
 *         NULL.
 */
KOL_API kol_status kol_ctx_set_progress(kol_ctx *ctx, kol_progress_fn fn,
                                        void *user);

/**
 * @brief The version of the library linked at run time.
 * @return the version as ::KOL_VERSION_NUMBER encodes it
 *         (major * 1000000 + minor * 1000 + patch).
 */
KOL_API uint32_t kol_version(void);

/**
 * @brief The version of the library linked at run time, as text.
 * @return "MAJOR.MINOR.PATCH"; static, never NULL.
 */
KOL_API const char *kol_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* KOL_CORE_H */
