/* Bad-input catalogue rows of include/kol/sketch.h (see catalogue.h). */
#include "catalogue.h"

#include <string.h>

#define XXH_INLINE_ALL
#define XXH_NO_STREAM
#include <xxhash.h>

#define SEED KOL_SKETCH_DEFAULT_SEED
/* Seed of the byte format's checksum (sketch.c, frozen). */
#define CHECK_SEED 0x6b6f6c2d63686b31ULL

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static kol_sketch *new_sketch(cat_env *env, int p, uint64_t seed)
{
    kol_sketch *s = NULL;
    assert_int_equal(kol_sketch_new(env->ctx, p, seed, &s), KOL_STATUS_OK);
    return s;
}

static void put_le(uint8_t *b, uint64_t v, unsigned bytes)
{
    unsigned i;
    for (i = 0; i < bytes; i++)
        b[i] = (uint8_t)(v >> (8u * i));
}

/* Sketch bytes as the format describes them (docs/model-overlap.md):
 * header, payload of plen bytes, and a correct checksum, so that the
 * reader gets past the checksum to the field under test. Returns the
 * length. */
static size_t forge(uint8_t *b, unsigned version, unsigned p, unsigned enc,
                    unsigned reserved, const uint8_t *payload, size_t plen)
{
    b[0] = 'K';
    b[1] = 'O';
    b[2] = 'L';
    b[3] = 'H';
    b[4] = (uint8_t)version;
    b[5] = (uint8_t)p;
    b[6] = (uint8_t)enc;
    b[7] = (uint8_t)reserved;
    put_le(b + 8, SEED, 8);
    put_le(b + 16, (uint64_t)plen, 4);
    if (plen > 0)
        memcpy(b + 20, payload, plen);
    put_le(b + 20 + plen, XXH3_64bits_withSeed(b, 20 + plen, CHECK_SEED), 8);
    return 28 + plen;
}

/* Deserialize len bytes of b; frees what it made. */
static kol_status read_bytes(cat_env *env, const uint8_t *b, size_t len)
{
    kol_sketch *s = NULL;
    kol_status st = kol_sketch_deserialize(env->ctx, b, len, &s);
    kol_sketch_free(s);
    return st;
}

/* A valid serialized sketch of precision 4 holding three ids (sparse). */
static size_t valid_bytes(cat_env *env, uint8_t *b, size_t cap)
{
    static const uint64_t ids[3] = {1, 2, 3};
    kol_sketch *s = new_sketch(env, 4, SEED);
    size_t n = 0;
    assert_int_equal(kol_sketch_add_ids(s, ids, 3), KOL_STATUS_OK);
    assert_int_equal(kol_sketch_serialize(s, b, cap, &n), KOL_STATUS_OK);
    kol_sketch_free(s);
    return n;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                         */
/* ------------------------------------------------------------------ */

static kol_status bounds_unknown(cat_env *env)
{
    double lo, hi, def;
    (void)env;
    return kol_sketch_param_bounds(1, &lo, &hi, &def);
}

static kol_status stderr_null_out(cat_env *env)
{
    (void)env;
    return kol_sketch_standard_error(14, NULL);
}

static kol_status stderr_precision(cat_env *env)
{
    double e;
    (void)env;
    return kol_sketch_standard_error(19, &e);
}

/* ------------------------------------------------------------------ */
/* Objects                                                            */
/* ------------------------------------------------------------------ */

static kol_status new_null_ctx(cat_env *env)
{
    kol_sketch *s = NULL;
    (void)env;
    return kol_sketch_new(NULL, 14, SEED, &s);
}

static kol_status new_null_out(cat_env *env)
{
    return kol_sketch_new(env->ctx, 14, SEED, NULL);
}

static kol_status new_precision_low(cat_env *env)
{
    kol_sketch *s = NULL;
    kol_status st = kol_sketch_new(env->ctx, 3, SEED, &s);
    kol_sketch_free(s);
    return st;
}

static kol_status new_precision_high(cat_env *env)
{
    kol_sketch *s = NULL;
    kol_status st = kol_sketch_new(env->ctx, 19, SEED, &s);
    kol_sketch_free(s);
    return st;
}

static kol_status new_nomem(cat_env *env)
{
    kol_sketch *s = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_sketch_new(env->ctx, 14, SEED, &s);
    testalloc_disarm(env->ta);
    kol_sketch_free(s);
    return st;
}

static kol_status clone_null(cat_env *env)
{
    kol_sketch *c = NULL;
    (void)env;
    return kol_sketch_clone(NULL, &c);
}

static kol_status clone_null_out(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_clone(s, NULL);
    kol_sketch_free(s);
    return st;
}

static kol_status clone_nomem(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED), *c = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_sketch_clone(s, &c);
    testalloc_disarm(env->ta);
    kol_sketch_free(c);
    kol_sketch_free(s);
    return st;
}

static kol_status clear_null(cat_env *env)
{
    (void)env;
    return kol_sketch_clear(NULL);
}

/* ------------------------------------------------------------------ */
/* Adding                                                             */
/* ------------------------------------------------------------------ */

static kol_status add_ids_null_sketch(cat_env *env)
{
    static const uint64_t ids[2] = {1, 2};
    (void)env;
    return kol_sketch_add_ids(NULL, ids, 2);
}

static kol_status add_ids_null_ids(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_add_ids(s, NULL, 3);
    kol_sketch_free(s);
    return st;
}

static kol_status add_bytes_null_sketch(cat_env *env)
{
    (void)env;
    return kol_sketch_add_bytes(NULL, "alice", 5);
}

static kol_status add_bytes_null_data(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_add_bytes(s, NULL, 5);
    kol_sketch_free(s);
    return st;
}

static kol_status add_strings_null_sketch(cat_env *env)
{
    static const char *const items[1] = {"alice"};
    static const size_t lens[1] = {5};
    (void)env;
    return kol_sketch_add_strings(NULL, (const void *const *)items, lens, 1);
}

static kol_status add_strings_null_lens(cat_env *env)
{
    static const char *const items[2] = {"alice", "bob"};
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st =
        kol_sketch_add_strings(s, (const void *const *)items, NULL, 2);
    kol_sketch_free(s);
    return st;
}

static kol_status add_strings_null_item(cat_env *env)
{
    static const char *const items[3] = {"alice", NULL, "carol"};
    static const size_t lens[3] = {5, 3, 5};
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st =
        kol_sketch_add_strings(s, (const void *const *)items, lens, 3);
    kol_sketch_free(s);
    return st;
}

/* ------------------------------------------------------------------ */
/* Combining                                                          */
/* ------------------------------------------------------------------ */

static kol_status merge_null_dst(cat_env *env)
{
    (void)env;
    return kol_sketch_merge(NULL, NULL);
}

static kol_status merge_null_src(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_merge(s, NULL);
    kol_sketch_free(s);
    return st;
}

static kol_status merge_null_dst_only(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_merge(NULL, s);
    kol_sketch_free(s);
    return st;
}

static kol_status merge_precision(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 12, SEED);
    kol_status st = kol_sketch_merge(a, b);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status merge_seed(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 10, 7);
    kol_status st = kol_sketch_merge(a, b);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status estimate_null_sketch(cat_env *env)
{
    double e;
    (void)env;
    return kol_sketch_estimate(NULL, &e);
}

static kol_status estimate_null_out(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_estimate(s, NULL);
    kol_sketch_free(s);
    return st;
}

static kol_status union_null_array(cat_env *env)
{
    double e;
    (void)env;
    return kol_sketch_union_estimate(NULL, 2, &e);
}

static kol_status union_null_element(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[3];
    double e;
    kol_status st;
    v[0] = a;
    v[1] = a;
    v[2] = NULL;
    st = kol_sketch_union_estimate(v, 3, &e);
    kol_sketch_free(a);
    return st;
}

static kol_status union_null_first(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[3];
    double e;
    kol_status st;
    v[0] = NULL;
    v[1] = a;
    v[2] = a;
    st = kol_sketch_union_estimate(v, 3, &e);
    kol_sketch_free(a);
    return st;
}

static kol_status union_null_out(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[1];
    kol_status st;
    v[0] = a;
    st = kol_sketch_union_estimate(v, 1, NULL);
    kol_sketch_free(a);
    return st;
}

static kol_status union_mismatch(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 11, SEED);
    const kol_sketch *v[2];
    double e;
    kol_status st;
    v[0] = a;
    v[1] = b;
    st = kol_sketch_union_estimate(v, 2, &e);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status overlap_null_a(cat_env *env)
{
    double ov;
    (void)env;
    return kol_sketch_overlap(NULL, NULL, &ov, NULL, NULL);
}

static kol_status overlap_null_a_only(cat_env *env)
{
    kol_sketch *b = new_sketch(env, 10, SEED);
    double ov;
    kol_status st = kol_sketch_overlap(NULL, b, &ov, NULL, NULL);
    kol_sketch_free(b);
    return st;
}

static kol_status overlap_null_b(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    double ov;
    kol_status st = kol_sketch_overlap(a, NULL, &ov, NULL, NULL);
    kol_sketch_free(a);
    return st;
}

static kol_status overlap_seed(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 10, 99);
    double ov, j, u;
    kol_status st = kol_sketch_overlap(a, b, &ov, &j, &u);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

/* The matrix rows fill both outputs with -1 first: a row whose call wrote
 * anything before its error returns OK, which fails the row. */
static kol_status matrix_call(const kol_sketch *const *rows, size_t nr,
                              const kol_sketch *const *cols, size_t nc)
{
    double ov[9], jac[9];
    size_t i;
    kol_status st;
    for (i = 0; i < 9; i++)
        ov[i] = jac[i] = -1.0;
    st = kol_sketch_overlap_matrix(rows, nr, cols, nc, ov, jac);
    for (i = 0; i < 9; i++)
        if (ov[i] != -1.0 || jac[i] != -1.0)
            return KOL_STATUS_OK;
    return st;
}

static kol_status matrix_null_arrays(cat_env *env)
{
    (void)env;
    return matrix_call(NULL, 2, NULL, 2);
}

static kol_status matrix_null_rows(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[1];
    kol_status st;
    v[0] = a;
    st = matrix_call(NULL, 2, v, 1);
    kol_sketch_free(a);
    return st;
}

/* every pair of one list (rows = cols) of three, element k NULL */
static kol_status matrix_null_element(cat_env *env, size_t k)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[3];
    kol_status st;
    v[0] = v[1] = v[2] = a;
    v[k] = NULL;
    st = matrix_call(v, 3, v, 3);
    kol_sketch_free(a);
    return st;
}

static kol_status matrix_null_row2(cat_env *env)
{
    return matrix_null_element(env, 2);
}

static kol_status matrix_null_row0(cat_env *env)
{
    return matrix_null_element(env, 0);
}

static kol_status matrix_null_col(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *r[1], *c[2];
    kol_status st;
    r[0] = c[0] = a;
    c[1] = NULL;
    st = matrix_call(r, 1, c, 2);
    kol_sketch_free(a);
    return st;
}

static kol_status matrix_mismatch_col(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 10, 99);
    const kol_sketch *r[1], *c[2];
    kol_status st;
    r[0] = c[0] = a;
    c[1] = b;
    st = matrix_call(r, 1, c, 2);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status matrix_mismatch_row(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 11, SEED);
    const kol_sketch *v[2];
    kol_status st;
    v[0] = a;
    v[1] = b;
    st = matrix_call(v, 2, v, 2);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status matrix_too_large(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED);
    const kol_sketch *v[2];
    kol_status st;
    v[0] = v[1] = a;
    /* (refused before any element past the first is read) */
    st = matrix_call(v, SIZE_MAX, v, 2);
    kol_sketch_free(a);
    return st;
}

static kol_status matrix_nomem(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 10, SEED);
    const kol_sketch *v[2];
    kol_status st;
    v[0] = a;
    v[1] = b;
    testalloc_fail_from(env->ta, 1);
    st = matrix_call(v, 2, v, 2);
    testalloc_disarm(env->ta);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

static kol_status matrix_cancel(cat_env *env)
{
    kol_sketch *a = new_sketch(env, 10, SEED), *b = new_sketch(env, 10, SEED);
    const kol_sketch *v[2];
    double ov[4], jac[4];
    kol_status st;
    v[0] = a;
    v[1] = b;
    cat_cancel_after(env, 1);
    st = kol_sketch_overlap_matrix(v, 2, v, 2, ov, jac);
    kol_sketch_free(a);
    kol_sketch_free(b);
    return st;
}

/* ------------------------------------------------------------------ */
/* Bytes                                                              */
/* ------------------------------------------------------------------ */

static kol_status size_null_sketch(cat_env *env)
{
    size_t n;
    (void)env;
    return kol_sketch_serialized_size(NULL, &n);
}

static kol_status size_null_out(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 10, SEED);
    kol_status st = kol_sketch_serialized_size(s, NULL);
    kol_sketch_free(s);
    return st;
}

static kol_status serialize_null_sketch(cat_env *env)
{
    uint8_t b[64];
    size_t n;
    (void)env;
    return kol_sketch_serialize(NULL, b, sizeof b, &n);
}

static kol_status serialize_null_buf(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 4, SEED);
    size_t n;
    kol_status st = kol_sketch_serialize(s, NULL, 64, &n);
    kol_sketch_free(s);
    return st;
}

static kol_status serialize_small(cat_env *env)
{
    kol_sketch *s = new_sketch(env, 4, SEED);
    uint8_t b[27];
    size_t n;
    /* An empty sketch takes 28 bytes: header and checksum. */
    kol_status st = kol_sketch_serialize(s, b, sizeof b, &n);
    kol_sketch_free(s);
    return st;
}

static kol_status deser_null_ctx(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    kol_sketch *s = NULL;
    return kol_sketch_deserialize(NULL, b, n, &s);
}

static kol_status deser_null_out(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    return kol_sketch_deserialize(env->ctx, b, n, NULL);
}

static kol_status deser_null_buf(cat_env *env)
{
    return read_bytes(env, NULL, 32);
}

static kol_status deser_magic(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    b[3] = 'X';
    return read_bytes(env, b, n);
}

static kol_status deser_truncated(cat_env *env)
{
    uint8_t b[64];
    (void)valid_bytes(env, b, sizeof b);
    return read_bytes(env, b, 12);
}

static kol_status deser_trailing(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    b[n] = 0;
    return read_bytes(env, b, n + 1);
}

static kol_status deser_checksum(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    b[20] ^= 0x01; /* first payload byte */
    return read_bytes(env, b, n);
}

static kol_status deser_version(cat_env *env)
{
    uint8_t b[64];
    size_t n = forge(b, 2, 4, 1, 0, NULL, 0);
    return read_bytes(env, b, n);
}

static kol_status deser_precision(cat_env *env)
{
    uint8_t b[64];
    size_t n = forge(b, 1, 19, 1, 0, NULL, 0);
    return read_bytes(env, b, n);
}

static kol_status deser_reserved(cat_env *env)
{
    uint8_t b[64];
    size_t n = forge(b, 1, 4, 1, 5, NULL, 0);
    return read_bytes(env, b, n);
}

static kol_status deser_encoding(cat_env *env)
{
    uint8_t b[64];
    size_t n = forge(b, 1, 4, 2, 0, NULL, 0);
    return read_bytes(env, b, n);
}

static kol_status deser_dense_length(cat_env *env)
{
    uint8_t pay[15], b[64];
    size_t n;
    memset(pay, 1, sizeof pay);
    n = forge(b, 1, 4, 0, 0, pay, sizeof pay); /* p = 4 needs 16 */
    return read_bytes(env, b, n);
}

static kol_status deser_register(cat_env *env)
{
    uint8_t pay[16], b[64];
    size_t n;
    memset(pay, 1, sizeof pay);
    pay[5] = 62; /* the largest rank at p = 4 is 61 */
    n = forge(b, 1, 4, 0, 0, pay, sizeof pay);
    return read_bytes(env, b, n);
}

static kol_status deser_sparse_order(cat_env *env)
{
    uint8_t pay[8], b[64];
    size_t n;
    put_le(pay, (7u << 8) | 3u, 4);
    put_le(pay + 4, (2u << 8) | 3u, 4); /* register 2 after register 7 */
    n = forge(b, 1, 4, 1, 0, pay, sizeof pay);
    return read_bytes(env, b, n);
}

static kol_status deser_sparse_partial(cat_env *env)
{
    uint8_t pay[6], b[64];
    size_t n;
    memset(pay, 0, sizeof pay);
    put_le(pay, (1u << 8) | 3u, 4);
    n = forge(b, 1, 4, 1, 0, pay, sizeof pay); /* 1.5 entries */
    return read_bytes(env, b, n);
}

static kol_status deser_nomem(cat_env *env)
{
    uint8_t b[64];
    size_t n = valid_bytes(env, b, sizeof b);
    kol_sketch *s = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_sketch_deserialize(env->ctx, b, n, &s);
    testalloc_disarm(env->ta);
    kol_sketch_free(s);
    return st;
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

const cat_row cat_rows_sketch[] = {
    CAT_ROW("kol_sketch_param_bounds", KOL_STATUS_UNKNOWN_ENUM, "parameter code 1 (no context to report to)",
            NULL, bounds_unknown),
    CAT_ROW("kol_sketch_standard_error", KOL_STATUS_INVALID_ARGUMENT, "a NULL out (no context to report to)",
            NULL, stderr_null_out),
    CAT_ROW("kol_sketch_standard_error", KOL_STATUS_OUT_OF_RANGE, "precision 19 (no context to report to)",
            NULL, stderr_precision),

    CAT_ROW("kol_sketch_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, new_null_ctx),
    CAT_ROW("kol_sketch_new", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "out is NULL", new_null_out),
    CAT_ROW("kol_sketch_new", KOL_STATUS_OUT_OF_RANGE, "precision 3",
            "precision 3 outside [4, 18]", new_precision_low),
    CAT_ROW("kol_sketch_new", KOL_STATUS_OUT_OF_RANGE, "precision 19",
            "precision 19 outside [4, 18]", new_precision_high),
    CAT_ROW("kol_sketch_new", KOL_STATUS_NOMEM, "every allocation refused",
            "kol_sketch_new: out of memory", new_nomem),

    CAT_ROW("kol_sketch_clone", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, clone_null),
    CAT_ROW("kol_sketch_clone", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_sketch_clone: out is NULL", clone_null_out),
    CAT_ROW("kol_sketch_clone", KOL_STATUS_NOMEM, "every allocation refused",
            "kol_sketch_clone: out of memory", clone_nomem),

    CAT_ROW("kol_sketch_clear", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, clear_null),

    CAT_ROW("kol_sketch_add_ids", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, add_ids_null_sketch),
    CAT_ROW("kol_sketch_add_ids", KOL_STATUS_INVALID_ARGUMENT, "a NULL ids array with n = 3",
            "ids is NULL with n = 3", add_ids_null_ids),

    CAT_ROW("kol_sketch_add_bytes", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, add_bytes_null_sketch),
    CAT_ROW("kol_sketch_add_bytes", KOL_STATUS_INVALID_ARGUMENT, "NULL data with len = 5",
            "data is NULL with len = 5", add_bytes_null_data),

    CAT_ROW("kol_sketch_add_strings", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, add_strings_null_sketch),
    CAT_ROW("kol_sketch_add_strings", KOL_STATUS_INVALID_ARGUMENT, "a NULL lens array with n = 2",
            "lens is NULL with n = 2", add_strings_null_lens),
    CAT_ROW("kol_sketch_add_strings", KOL_STATUS_INVALID_ARGUMENT, "item 1 NULL with length 3",
            "item 1 is NULL with length 3", add_strings_null_item),

    CAT_ROW("kol_sketch_merge", KOL_STATUS_INVALID_ARGUMENT, "NULL dst and src (no context to report to)",
            NULL, merge_null_dst),
    CAT_ROW("kol_sketch_merge", KOL_STATUS_INVALID_ARGUMENT, "a NULL dst with a sketch as src (reported in the context of src)",
            "kol_sketch_merge: dst is NULL", merge_null_dst_only),
    CAT_ROW("kol_sketch_merge", KOL_STATUS_INVALID_ARGUMENT, "a NULL src",
            "src is NULL", merge_null_src),
    CAT_ROW("kol_sketch_merge", KOL_STATUS_MISMATCH, "precisions 10 and 12",
            "precision 10 and 12 differ", merge_precision),
    CAT_ROW("kol_sketch_merge", KOL_STATUS_MISMATCH, "equal precisions and hash seeds that differ",
            "hash seeds", merge_seed),

    CAT_ROW("kol_sketch_estimate", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, estimate_null_sketch),
    CAT_ROW("kol_sketch_estimate", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_sketch_estimate: out is NULL", estimate_null_out),

    CAT_ROW("kol_sketch_union_estimate", KOL_STATUS_INVALID_ARGUMENT, "a NULL array with n = 2 (no context to report to)",
            NULL, union_null_array),
    CAT_ROW("kol_sketch_union_estimate", KOL_STATUS_INVALID_ARGUMENT, "element 2 of 3 NULL",
            "sketch 2 is NULL", union_null_element),
    CAT_ROW("kol_sketch_union_estimate", KOL_STATUS_INVALID_ARGUMENT, "element 0 of 3 NULL (reported in the context of element 1)",
            "kol_sketch_union_estimate: sketch 0 is NULL", union_null_first),
    CAT_ROW("kol_sketch_union_estimate", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_sketch_union_estimate: out is NULL", union_null_out),
    CAT_ROW("kol_sketch_union_estimate", KOL_STATUS_MISMATCH, "sketch 1 of precision 11 after sketch 0 of precision 10",
            "sketch 1 (precision 11", union_mismatch),

    CAT_ROW("kol_sketch_overlap", KOL_STATUS_INVALID_ARGUMENT, "two NULL sketches (no context to report to)",
            NULL, overlap_null_a),
    CAT_ROW("kol_sketch_overlap", KOL_STATUS_INVALID_ARGUMENT, "a NULL first sketch with a second one (reported in the context of b)",
            "kol_sketch_overlap: a is NULL", overlap_null_a_only),
    CAT_ROW("kol_sketch_overlap", KOL_STATUS_INVALID_ARGUMENT, "a NULL second sketch",
            "b is NULL", overlap_null_b),
    CAT_ROW("kol_sketch_overlap", KOL_STATUS_MISMATCH, "hash seeds that differ",
            "kol_sketch_overlap: hash seeds", overlap_seed),

    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_INVALID_ARGUMENT, "NULL rows and cols with 2 of each (no context to report to)",
            NULL, matrix_null_arrays),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_INVALID_ARGUMENT, "NULL rows with n_rows = 2 (reported in the context of cols[0])",
            "kol_sketch_overlap_matrix: rows is NULL with n_rows = 2", matrix_null_rows),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_INVALID_ARGUMENT, "every pair of three, element 2 NULL",
            "kol_sketch_overlap_matrix: rows[2] is NULL", matrix_null_row2),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_INVALID_ARGUMENT, "every pair of three, element 0 NULL (reported in the context of element 1)",
            "kol_sketch_overlap_matrix: rows[0] is NULL", matrix_null_row0),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_INVALID_ARGUMENT, "cols[1] NULL",
            "kol_sketch_overlap_matrix: cols[1] is NULL", matrix_null_col),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_MISMATCH, "cols[1] of seed 99 after rows[0] of the default seed",
            "cols[1] (precision 10, seed 99) differs from rows[0]", matrix_mismatch_col),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_MISMATCH, "every pair of two, element 1 of precision 11 after element 0 of precision 10",
            "rows[1] (precision 11", matrix_mismatch_row),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_TOO_LARGE, "n_rows = SIZE_MAX",
            "by 2 doubles do not fit in memory", matrix_too_large),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_NOMEM, "every allocation refused",
            "out of memory", matrix_nomem),
    CAT_ROW("kol_sketch_overlap_matrix", KOL_STATUS_CANCELLED, "progress cancelling at the end of every pair of two",
            "kol_sketch_overlap_matrix: cancelled by the progress callback", matrix_cancel),

    CAT_ROW("kol_sketch_serialized_size", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, size_null_sketch),
    CAT_ROW("kol_sketch_serialized_size", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "kol_sketch_serialized_size: out is NULL", size_null_out),

    CAT_ROW("kol_sketch_serialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL sketch (no context to report to)",
            NULL, serialize_null_sketch),
    CAT_ROW("kol_sketch_serialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL buffer",
            "buf is NULL", serialize_null_buf),
    CAT_ROW("kol_sketch_serialize", KOL_STATUS_TOO_LARGE, "27 bytes of room for an empty sketch that needs 28",
            "needs 28 bytes, buffer has 27", serialize_small),

    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL context (no context to report to)",
            NULL, deser_null_ctx),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL out",
            "out is NULL", deser_null_out),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_INVALID_ARGUMENT, "a NULL buffer with len = 32",
            "buf is NULL", deser_null_buf),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "magic KOLX instead of KOLH",
            "bad magic", deser_magic),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "the first 12 bytes of a valid sketch",
            "truncated at 12 bytes", deser_truncated),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "a valid sketch with one trailing byte",
            "trailing bytes", deser_trailing),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "a valid sketch with one payload bit flipped",
            "checksum mismatch", deser_checksum),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_VERSION, "format version 2",
            "format version 2", deser_version),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "precision 19 with a valid checksum",
            "precision 19 outside", deser_precision),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "reserved byte 5 with a valid checksum",
            "reserved byte 7 is 5", deser_reserved),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "encoding 2 with a valid checksum",
            "unknown encoding 2", deser_encoding),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "a dense payload of 15 bytes at precision 4",
            "dense payload of 15 bytes", deser_dense_length),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "register 5 holding 62 at precision 4 (largest rank 61)",
            "register 5 holds 62", deser_register),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "sparse entries for registers 7 then 2",
            "sparse entry 1 (register 2", deser_sparse_order),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_CORRUPT, "a sparse payload of 6 bytes",
            "sparse payload of 6 bytes", deser_sparse_partial),
    CAT_ROW("kol_sketch_deserialize", KOL_STATUS_NOMEM, "valid bytes with every allocation refused",
            "kol_sketch_deserialize: out of memory", deser_nomem),
    CAT_END
};
