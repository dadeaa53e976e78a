/**
 * @file kol/sketch.h
 * @brief Audience sketches: HyperLogLog counters of distinct follower ids,
 *        with merge, pairwise overlap and Jaccard, unique reach of any set
 *        of KOLs, and a portable, versioned, checksummed byte format.
 *
 * A ::kol_sketch estimates how many distinct ids were added to it, in a
 * fixed amount of memory: m = 2^p one-byte registers for a precision p
 * between ::KOL_SKETCH_MIN_PRECISION and ::KOL_SKETCH_MAX_PRECISION. Its
 * relative standard error is about 1.04 / sqrt(m) at every cardinality
 * (kol_sketch_standard_error()); small cardinalities are estimated more
 * precisely still. The estimator is Ertl's improved estimator (Ertl 2017,
 * "New cardinality estimation algorithms for HyperLogLog sketches",
 * arXiv:1702.01284); docs/model-overlap.md gives every formula.
 *
 * Hash (frozen forever, because serialized sketches outlive versions):
 * every item is hashed with XXH3-64 (xxHash 0.8) and the sketch's 64-bit
 * seed. A byte string is hashed as given; a 64-bit id is hashed as its 8
 * bytes in little-endian order, so adding the id x and adding those 8 bytes
 * are the same update. The top p bits of the hash select the register; the
 * register keeps the largest rank seen, where the rank is 1 + the number of
 * leading zero bits among the remaining 64 - p bits (64 - p + 1 when they
 * are all zero).
 */
#ifndef KOL_SKETCH_H
#define KOL_SKETCH_H

#include "kol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque HyperLogLog sketch. See kol_sketch_new(). */
typedef struct kol_sketch kol_sketch;

/** Smallest precision p (m = 16 registers, standard error 26%). */
#define KOL_SKETCH_MIN_PRECISION 4
/** Largest precision p (m = 262144 registers, standard error 0.2%). */
#define KOL_SKETCH_MAX_PRECISION 18
/** Default precision p (m = 16384 registers, standard error 0.81%). */
#define KOL_SKETCH_DEFAULT_PRECISION 14
/** Default hash seed, frozen: the ASCII bytes "kolhll01" read as a
 *  big-endian number. */
#define KOL_SKETCH_DEFAULT_SEED 0x6b6f6c686c6c3031ULL
/** Version of the byte format written by kol_sketch_serialize(). */
#define KOL_SKETCH_FORMAT_VERSION 1
/** Largest byte size kol_sketch_serialize() can produce (a dense sketch of
 *  precision ::KOL_SKETCH_MAX_PRECISION): 28 + 2^18. */
#define KOL_SKETCH_MAX_BYTES (28u + 262144u)

/**
 * @brief Parameters of the sketch module, for kol_sketch_param_bounds().
 *        Values are never renumbered or reused.
 */
typedef enum kol_sketch_param {
    /** Precision p: the sketch has 2^p registers. Integer in
     *  [4, 18]; default 14. Chosen at kol_sketch_new(). */
    KOL_SKETCH_PARAM_PRECISION = 0
} kol_sketch_param;

/**
 * @brief The accepted range and default of a sketch parameter.
 * @param param a ::kol_sketch_param code.
 * @param[out] min receives the smallest value (may be NULL).
 * @param[out] max receives the largest value (may be NULL).
 * @param[out] default_value receives the default (may be NULL).
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_UNKNOWN_ENUM.
 */
KOL_API kol_status kol_sketch_param_bounds(int param, double *min, double *max,
                                           double *default_value);

/**
 * @brief The theoretical relative standard error of a sketch of precision
 *        p: 1.04 / sqrt(2^p) (Flajolet et al. 2007).
 * @param precision p, in [4, 18].
 * @param[out] out receives the error as a fraction (0.0081 for p = 14).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL @p out), or
 *         ::KOL_STATUS_OUT_OF_RANGE.
 */
KOL_API kol_status kol_sketch_standard_error(int precision, double *out);

/**
 * @brief Make an empty sketch.
 * @param ctx       the context.
 * @param precision p, in [::KOL_SKETCH_MIN_PRECISION,
 *                  ::KOL_SKETCH_MAX_PRECISION].
 * @param seed      hash seed; ::KOL_SKETCH_DEFAULT_SEED unless the host
 *                  salts its sketches. Only sketches with equal precision
 *                  and seed can be merged or compared.
 * @param[out] out  receives the sketch; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_OUT_OF_RANGE (precision), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_sketch_new(kol_ctx *ctx, int precision, uint64_t seed,
                                  kol_sketch **out);

/**
 * @brief Free a sketch. Accepts NULL.
 * @param sketch the sketch, or NULL.
 */
KOL_API void kol_sketch_free(kol_sketch *sketch);

/**
 * @brief Make an independent copy of a sketch, in the same context.
 * @param sketch the sketch.
 * @param[out] out receives the copy; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_sketch_clone(const kol_sketch *sketch,
                                    kol_sketch **out);

/**
 * @brief Forget every item: the sketch becomes empty.
 * @param sketch the sketch.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_sketch_clear(kol_sketch *sketch);

/**
 * @brief Precision of a sketch.
 * @param sketch the sketch.
 * @return p, or 0 for NULL.
 */
KOL_API int kol_sketch_precision(const kol_sketch *sketch);

/**
 * @brief Hash seed of a sketch.
 * @param sketch the sketch.
 * @return the seed, or 0 for NULL.
 */
KOL_API uint64_t kol_sketch_seed(const kol_sketch *sketch);

/**
 * @brief Add a batch of 64-bit ids (push), from a caller-owned array.
 *
 * Each id is hashed as its 8 little-endian bytes. Adding an id twice, or in
 * any order, or in any batch split, gives the same sketch.
 *
 * @param sketch the sketch.
 * @param ids    @p n ids (may be NULL when @p n is 0).
 * @param n      number of ids.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_sketch_add_ids(kol_sketch *sketch, const uint64_t *ids,
                                      size_t n);

/**
 * @brief Add one item given as bytes (for example a follower handle).
 * @param sketch the sketch.
 * @param data   @p len bytes (may be NULL when @p len is 0; the empty
 *               string is a valid item).
 * @param len    number of bytes.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_sketch_add_bytes(kol_sketch *sketch, const void *data,
                                        size_t len);

/**
 * @brief Add a batch of byte strings: item i is the @p lens[i] bytes at
 *        @p data[i].
 * @param sketch the sketch.
 * @param data   @p n item pointers (an item may be NULL when its length
 *               is 0).
 * @param lens   @p n lengths in bytes.
 * @param n      number of items.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT (NULL arrays
 *         with n > 0, or a NULL item of non-zero length; then nothing is
 *         added).
 */
KOL_API kol_status kol_sketch_add_strings(kol_sketch *sketch,
                                          const void *const *data,
                                          const size_t *lens, size_t n);

/**
 * @brief Merge @p src into @p dst: @p dst then sketches the union of both
 *        streams. Merge is commutative, associative and idempotent.
 * @param dst the sketch merged into.
 * @param src the sketch merged from (unchanged).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_MISMATCH (different precision or seed; @p dst is
 *         unchanged).
 */
KOL_API kol_status kol_sketch_merge(kol_sketch *dst, const kol_sketch *src);

/**
 * @brief Estimated number of distinct items added.
 * @param sketch the sketch.
 * @param[out] out receives the estimate: 0 for an empty sketch, otherwise
 *                 a finite positive number.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_sketch_estimate(const kol_sketch *sketch, double *out);

/**
 * @brief Estimated number of distinct items in the union of several
 *        sketches: the unique reach of a set of KOLs, overlap counted once.
 *        Allocates nothing.
 * @param sketches @p n sketches of equal precision and seed (may be NULL
 *                 when @p n is 0).
 * @param n        number of sketches; 0 gives 0.
 * @param[out] out receives the estimate.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL array or
 *         element), or ::KOL_STATUS_MISMATCH (the message names the first
 *         index that differs from sketch 0).
 */
KOL_API kol_status kol_sketch_union_estimate(const kol_sketch *const *sketches,
                                             size_t n, double *out);

/**
 * @brief Pairwise overlap of two audiences by inclusion-exclusion.
 *
 * With A = estimate(a), B = estimate(b) and U = the estimate of their
 * union: overlap = A + B - U, clamped to [0, min(A, B)]; Jaccard =
 * overlap / U, defined as 0 when U is 0. Its error is absolute: a
 * standard error of about e sqrt(A^2 + B^2 + U^2), e = 1.04 / sqrt(m)
 * the relative error of one estimate, taking the three estimates' errors
 * as independent (docs/model-overlap.md, section 2; they are positively
 * correlated, which makes the real error smaller), so small overlaps of
 * large audiences are imprecise.
 *
 * @param a first sketch.
 * @param b second sketch, same precision and seed.
 * @param[out] overlap receives the overlap estimate (may be NULL).
 * @param[out] jaccard receives the Jaccard index in [0, 1] (may be NULL).
 * @param[out] union_size receives U (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_MISMATCH.
 */
KOL_API kol_status kol_sketch_overlap(const kol_sketch *a, const kol_sketch *b,
                                      double *overlap, double *jaccard,
                                      double *union_size);

/**
 * @brief Overlaps of every audience of @p rows with every audience of
 *        @p cols: the matrices of kol_sketch_overlap(), each audience
 *        estimated once.
 *
 * Entry (i, j), at index i n_cols + j of each row-major n_rows by n_cols
 * array, is what kol_sketch_overlap(rows[i], cols[j], ...) gives, bit for
 * bit. An audience with itself (the same sketch pointer) gives its
 * estimate (kol_sketch_estimate()) and a Jaccard index of 1 (0 for an
 * empty sketch), without a union. When @p cols is @p rows and @p n_cols
 * is @p n_rows (every pair of one list), the matrices are symmetric and
 * each pair's union is computed once. Each audience is estimated once,
 * where a call of kol_sketch_overlap() per pair estimates both audiences
 * again (three register scans a pair instead of one): every pair of 40
 * sketches at p = 18 takes 113 us a pair in the matrix against 296 us a
 * call (bench/BENCHMARKS.md).
 *
 * Errors are reported in the context of the first sketch there is (rows
 * first), progress in that of rows[0] (kol_ctx_set_progress()), counting
 * pairs: total n (n - 1) / 2 for every pair of one list of n, else n_rows
 * n_cols; called about every 2^22 registers read and once at the end.
 * The sketches must not be changed or freed from the callback.
 *
 * @param rows   @p n_rows sketches (may be NULL when @p n_rows is 0).
 * @param n_rows number of rows; 0 (or 0 columns) writes nothing, checks
 *               nothing and reports no progress.
 * @param cols   @p n_cols sketches (may be NULL when @p n_cols is 0), of
 *               the precision and seed of the rows.
 * @param n_cols number of columns; 0 writes nothing.
 * @param[out] overlap receives the n_rows n_cols overlaps, row-major (may
 *                     be NULL).
 * @param[out] jaccard receives the n_rows n_cols Jaccard indices,
 *                     row-major (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT (NULL array or
 *         element, named by its list and index), ::KOL_STATUS_MISMATCH
 *         (the message names the first sketch whose precision or seed
 *         differs from rows[0]), ::KOL_STATUS_TOO_LARGE (n_rows n_cols
 *         doubles do not fit in memory's address range),
 *         ::KOL_STATUS_NOMEM (the estimates: n_rows + n_cols doubles, or
 *         n_rows for every pair of one list), or
 *         ::KOL_STATUS_CANCELLED. Before any error but a cancel nothing is
 *         written; after a cancel the arrays' contents are unspecified.
 */
KOL_API kol_status kol_sketch_overlap_matrix(const kol_sketch *const *rows,
                                             size_t n_rows,
                                             const kol_sketch *const *cols,
                                             size_t n_cols, double *overlap,
                                             double *jaccard);

/**
 * @brief Exact number of bytes kol_sketch_serialize() writes for this
 *        sketch now (it depends on how many registers are non-zero).
 * @param sketch the sketch.
 * @param[out] out receives the size in bytes.
 * @return ::KOL_STATUS_OK or ::KOL_STATUS_INVALID_ARGUMENT.
 */
KOL_API kol_status kol_sketch_serialized_size(const kol_sketch *sketch,
                                              size_t *out);

/**
 * @brief Write the sketch in the portable byte format (version
 *        ::KOL_SKETCH_FORMAT_VERSION, specified in docs/model-overlap.md):
 *        little-endian, with an XXH3-64 checksum.
 * @param sketch the sketch.
 * @param buf    destination of @p cap bytes.
 * @param cap    its size; at least kol_sketch_serialized_size().
 * @param[out] written receives the number of bytes written (may be NULL).
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT, or
 *         ::KOL_STATUS_TOO_LARGE (@p cap too small; nothing written).
 */
KOL_API kol_status kol_sketch_serialize(const kol_sketch *sketch, uint8_t *buf,
                                        size_t cap, size_t *written);

/**
 * @brief Read a sketch from bytes that may be hostile.
 *
 * Every field is checked before anything is allocated; no byte outside
 * [@p buf, @p buf + @p len) is read.
 *
 * @param ctx the context.
 * @param buf the bytes.
 * @param len their number; exactly the serialized size (trailing bytes are
 *            refused).
 * @param[out] out receives the sketch; set to NULL on failure.
 * @return ::KOL_STATUS_OK, ::KOL_STATUS_INVALID_ARGUMENT,
 *         ::KOL_STATUS_CORRUPT (bad magic, truncated, wrong length,
 *         checksum failure, or a field outside its domain: precision,
 *         encoding, reserved byte, register value, sparse order),
 *         ::KOL_STATUS_VERSION (a format version this library cannot
 *         read), or ::KOL_STATUS_NOMEM.
 */
KOL_API kol_status kol_sketch_deserialize(kol_ctx *ctx, const uint8_t *buf,
                                          size_t len, kol_sketch **out);

#ifdef __cplusplus
}
#endif

#endif /* KOL_SKETCH_H */
