/* Bad-input catalogue: include/kol/core.h. */
#include "catalogue.h"

#include <stddef.h>

static kol_status ctx_new_null_out(cat_env *env)
{
    (void)env;
    return kol_ctx_new(NULL);
}

static kol_status ctx_new_alloc_null_out(cat_env *env)
{
    return kol_ctx_new_with_allocator(NULL, testalloc_malloc,
                                      testalloc_realloc, testalloc_free,
                                      env->ta);
}

static kol_status ctx_new_alloc_null_free(cat_env *env)
{
    kol_ctx *c = NULL;
    kol_status st = kol_ctx_new_with_allocator(&c, testalloc_malloc,
                                               testalloc_realloc, NULL,
                                               env->ta);
    kol_ctx_free(c); /* NULL when the call fails as it should */
    return st;
}

static kol_status ctx_new_alloc_nomem(cat_env *env)
{
    kol_ctx *c = NULL;
    kol_status st;
    testalloc_fail_from(env->ta, 1);
    st = kol_ctx_new_with_allocator(&c, testalloc_malloc, testalloc_realloc,
                                    testalloc_free, env->ta);
    testalloc_disarm(env->ta);
    kol_ctx_free(c);
    return st;
}

static kol_status set_progress_null_ctx(cat_env *env)
{
    (void)env;
    return kol_ctx_set_progress(NULL, NULL, NULL);
}

/* CAT_UNTESTED kol_ctx_new KOL_STATUS_NOMEM: the C library's malloc()
 * refusing the context's few hundred bytes; a test cannot make it fail
 * without replacing malloc() for the whole program. The same code path is
 * the row of kol_ctx_new_with_allocator() with a refusing allocator. */

const cat_row cat_rows_core[] = {
    CAT_ROW("kol_ctx_new", KOL_STATUS_INVALID_ARGUMENT, "out is NULL (no context to hold a message)",
            NULL, ctx_new_null_out),
    CAT_ROW("kol_ctx_new_with_allocator", KOL_STATUS_INVALID_ARGUMENT, "out is NULL (no context to hold a message)",
            NULL, ctx_new_alloc_null_out),
    CAT_ROW("kol_ctx_new_with_allocator", KOL_STATUS_INVALID_ARGUMENT, "free_fn is NULL (no context to hold a message)",
            NULL, ctx_new_alloc_null_free),
    CAT_ROW("kol_ctx_new_with_allocator", KOL_STATUS_NOMEM, "the host allocator refuses the context (no context to hold a message)",
            NULL, ctx_new_alloc_nomem),
    CAT_ROW("kol_ctx_set_progress", KOL_STATUS_INVALID_ARGUMENT, "ctx is NULL (no context to hold a message)",
            NULL, set_progress_null_ctx),
    CAT_END
};
