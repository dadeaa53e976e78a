/**
 * @file kol/roster.h
 * @brief Rosters: collections of KOL records, filled by the host through a
 *        read callback (pull) or add calls (push), with lookup by id and
 *        iteration in insertion order.
 */
#ifndef KOL_ROSTER_H
#define KOL_ROSTER_H

#include "kol/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque roster. See kol_roster_new(). */
typedef struct kol_roster kol_roster;

/** Most records a roster holds. */
#define KOL_ROSTER_MAX_RECORDS 100000000u

/**
 * @brief What a ::kol_roster_read_fn did, written to its @p what argument.
 *        Values are never renumbered or reused.
 */
typedef enum kol_read {
    /** The callback filled the record: add it. (The default: @p what is
     *  set to this before each call.) */
    KOL_READ_RECORD = 0,
    /** Discard this record (the host found it unusable) and go on. */
    KOL_READ_SKIP = 1,
    /** No more input: the record is discarded and the fill ends. */
    KOL_READ_END = 2
} kol_read;

/**
 * @brief Host callback that supplies one record per call to kol_roster_fill().
 *
 * @param user the pointer given to kol_roster_fill().
 * @param rec  an empty record to fill with the setters of kol/record.h; it
 *             belongs to the library and must not be freed or kept.
 * @param[out] what set to a ::kol_read value; ::KOL_READ_RECORD on entry.
 * @return 0 to go on; any other value stops the fill, which then returns
 *         ::KOL_STATUS_CALLBACK, leaves the roster unchanged and keeps the
 *         value for kol_ctx_callback_code().
 */
typedef int (*kol_roster_read_fn)(void *user, kol_record *rec, int32_t *what);

/**
 * @brief Host callback told of each record the roster refuses during
 *        kol_roster_fill() (no id, or an id already present).
 *
 * @param user    the pointer given to kol_roster_fill().
 * @param index   0-based number of the read call that produced the record.
 * @param status  why it was refused (::KOL_STATUS_INVALID_ARGUMENT,
 *                ::KOL_STATUS_DUPLICATE).
 * @param message the library's message: the context's last-error buffer,
 *                valid during the call only and until the callback makes
 *                another libkol call on the same context (which may
 *                record a new message there); copy it first if needed.
 * @return 0 to skip the record and go on; any other value stops the fill as
 *         a read callback's non-zero return does.
 */
typedef int (*kol_roster_reject_fn)(void *user, uint64_t index, int status,
                                    const char *message);

/**
 * @brief Make an empty roster.
 * @param ctx the context.
 * @param[out] out receives the roster; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roster_new(kol_ctx *ctx, kol_roster **out);

/**
 * @brief Free a roster and the records it holds. Accepts NULL.
 * @param roster the roster, or NULL.
 */
KOL_API void kol_roster_free(kol_roster *roster);

/**
 * @brief Add a copy of a record (push). The caller keeps @p rec.
 * @param roster the roster.
 * @param rec    the record to copy in; it needs an id.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL, a record
 *         without id, or a record of another context),
 *         ::KOL_STATUS_DUPLICATE, ::KOL_STATUS_TOO_LARGE,
 *         ::KOL_STATUS_BAD_STATE (called from a callback of
 *         kol_roster_fill() on the same roster, or of a value model call
 *         reading it: kol_value_score_roster(),
 *         kol_value_model_set_reference()), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roster_add(kol_roster *roster, const kol_record *rec);

/**
 * @brief Fill the roster from a host callback (pull), all or nothing.
 *
 * Calls @p read until it reports ::KOL_READ_END. Each record it fills is
 * checked; a record without id or with an id already present (in the roster
 * or earlier in this fill) is refused: with a @p reject callback it is
 * reported there and skipped, without one the whole fill fails with that
 * status. When the fill fails for any reason (a callback's non-zero return,
 * a refused record without @p reject, cancellation through the context's
 * progress callback, lack of memory) the roster is left exactly as it was.
 *
 * A refused record that the @p reject callback skips still records its
 * status and message as the context's last error (kol_ctx_last_status()),
 * even though the fill itself then succeeds.
 *
 * Progress: the context's progress callback is called after every 1024 read
 * calls and once at the end, with the number of read calls so far and a
 * total of 0 (unknown).
 *
 * @param roster the roster.
 * @param read   the read callback.
 * @param reject the reject callback, or NULL.
 * @param user   passed unchanged to both callbacks.
 * @param[out] added receives the number of records added (may be NULL);
 *                   0 on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_DUPLICATE, ::KOL_STATUS_CALLBACK,
 *         ::KOL_STATUS_CANCELLED, ::KOL_STATUS_TOO_LARGE,
 *         ::KOL_STATUS_BAD_STATE (called from a callback of
 *         kol_roster_fill() on the same roster, or of a value model call
 *         reading it), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roster_fill(kol_roster *roster, kol_roster_read_fn read,
                                   kol_roster_reject_fn reject, void *user,
                                   uint64_t *added);

/**
 * @brief Number of records held.
 * @param roster the roster, or NULL.
 * @return the count; 0 for NULL.
 */
KOL_API size_t kol_roster_size(const kol_roster *roster);

/**
 * @brief The record at a position, in insertion order.
 * @param roster the roster.
 * @param index  position, below kol_roster_size().
 * @param[out] out receives the record, owned by the roster and valid until
 *                 the roster is next changed or freed.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_roster_at(const kol_roster *roster, size_t index,
                                 const kol_record **out);

/**
 * @brief Find a record by id.
 * @param roster the roster.
 * @param id     the id.
 * @param[out] out receives the record, owned by the roster and valid until
 *                 the roster is next changed or freed.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOT_FOUND.
 */
KOL_API kol_status kol_roster_find(const kol_roster *roster, const char *id,
                                   const kol_record **out);

/**
 * @brief Remove the record with this id; later records move up one place.
 *
 * Costs time in proportion to the roster's size (the id index is rebuilt in
 * place, without allocating); to remove many records, use
 * kol_roster_remove_if(), which costs the same for any number of them.
 *
 * @param roster the roster.
 * @param id     the id of the record to remove.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_NOT_FOUND, or ::KOL_STATUS_BAD_STATE (called from a
 *         callback of kol_roster_fill() on the same roster, or of a value
 *         model call reading it).
 */
KOL_API kol_status kol_roster_remove(kol_roster *roster, const char *id);

/**
 * @brief Host callback that decides, for kol_roster_remove_if(), whether a
 *        record is removed.
 *
 * @param user  the pointer given to kol_roster_remove_if().
 * @param index the record's position (0-based, insertion order) in the
 *              roster as it was when kol_roster_remove_if() was called.
 * @param rec   the record, owned by the roster: read it with the getters of
 *              kol/record.h, do not keep it.
 * @param[out] remove set to 1 to remove the record, 0 (its value on entry)
 *                    to keep it.
 * @return 0 to go on; any other value stops the call, which then returns
 *         ::KOL_STATUS_CALLBACK, removes nothing and keeps the value for
 *         kol_ctx_callback_code().
 */
typedef int (*kol_roster_select_fn)(void *user, uint64_t index,
                                    const kol_record *rec, int32_t *remove);

/**
 * @brief Remove every record the host's callback selects, all or nothing;
 *        the records kept stay in their order.
 *
 * Calls @p select once for each record, in insertion order, and then
 * removes the selected ones in one pass: the cost is in proportion to the
 * roster's size whatever the number removed (where a kol_roster_remove()
 * per record would cost that much for each). When the call fails for any
 * reason (a callback's non-zero return, a @p remove value other than 0 or
 * 1, cancellation through the context's progress callback, lack of memory)
 * nothing is removed and the roster is left exactly as it was. An empty
 * roster makes no select callback and succeeds (its progress callback is
 * still called once, below).
 *
 * The callbacks may read the roster (kol_roster_size(), kol_roster_at(),
 * kol_roster_find()), which is unchanged until every record has been
 * decided; calls that change it return ::KOL_STATUS_BAD_STATE.
 *
 * Progress: the context's progress callback is called after every 1024
 * records decided and once at the end, with the number decided and the
 * roster's size as the total (0 and 0 for an empty roster).
 *
 * Memory: one bit per record for the decisions, freed before returning.
 *
 * @param roster the roster.
 * @param select the callback.
 * @param user   passed unchanged to @p select.
 * @param[out] removed receives the number of records removed (may be NULL);
 *                     0 on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL roster or
 *         @p select, or a @p remove value other than 0 or 1),
 *         ::KOL_STATUS_CALLBACK, ::KOL_STATUS_CANCELLED,
 *         ::KOL_STATUS_BAD_STATE (called from a callback of
 *         kol_roster_fill() or kol_roster_remove_if() on the same roster,
 *         or of a value model call reading it), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_roster_remove_if(kol_roster *roster,
                                        kol_roster_select_fn select,
                                        void *user, uint64_t *removed);

#ifdef __cplusplus
}
#endif

#endif /* KOL_ROSTER_H */
