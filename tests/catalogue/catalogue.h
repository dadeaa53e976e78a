/* The bad-input catalogue (issue 9): for every public function of libkol,
 * every status other than KOL_STATUS_OK that its documentation promises,
 * with one input that causes it. Each row is run by tests/catalogue/run.c
 * (ctest test_catalogue) and listed in docs/bad-input.md, which
 * tests/catalogue/check.py generates from the rows and keeps in step with
 * the @return lists of the public headers (ctest catalogue_check).
 *
 * One file per module, tests/catalogue/cat_<module>.c, defines
 *
 *     const cat_row cat_rows_<module>[] = {
 *         CAT_ROW("kol_roster_add", KOL_STATUS_INVALID_ARGUMENT,
 *                 "a NULL record", "record", roster_add_null),
 *         ...
 *         CAT_END
 *     };
 *
 * Write each CAT_ROW( on one line up to the input text (check.py reads the
 * function name, the status and the input string with a regular
 * expression; the message and the function may follow on later lines).
 * The input text is plain words for the docs table: no '|' and no
 * newline.
 *
 * How run.c runs a row: a fresh context made with the counting allocator
 * of tests/support/testalloc.h (env->ctx, env->ta), then row->run(env),
 * which builds what the call needs (allocations allowed), arms failures
 * when the row is about memory (testalloc_fail_from(env->ta, 1) just
 * before the call) or cancellation (cat_cancel_after()), makes exactly the
 * one call under test, disarms, frees every object it made (not the
 * context) and returns the status of that call. run.c then checks:
 *  - the returned status equals row->status;
 *  - when row->message is not NULL: kol_ctx_last_status(env->ctx) equals
 *    row->status and kol_ctx_last_error(env->ctx) contains one of the
 *    '|'-separated alternatives of row->message (testmsg_has: ASCII case
 *    ignored). A row may pass NULL only when the call cannot reach the
 *    context (for example a NULL handle); say so in the input text;
 *  - nothing is left live in the allocator and no promise was broken;
 *  - a KOL_STATUS_NOMEM row had an allocation refused (env->ta->injected)
 *    and, when row->message is not NULL, a context message that starts
 *    with "<function>:" (the public call's name, as kol__nomem_in puts it),
 *    a KOL_STATUS_CANCELLED row had its progress callback cancel
 *    (cat_cancel_after()), and a KOL_STATUS_CALLBACK or _CANCELLED row
 *    with a message left a non-zero kol_ctx_callback_code().
 * Each row is one cmocka test named "FUNCTION: STATUS: INPUT";
 * `test_catalogue MODULE...` runs the rows of some modules only.
 *
 * A status that the header documents and the code can return, but that no
 * test can provoke (for example a limit that takes tens of gigabytes to
 * reach), is declared in the module's file by a comment, which check.py
 * reads and docs/bad-input.md lists as "not run" with the reason:
 *
 *     / * CAT_UNTESTED kol_roster_add KOL_STATUS_TOO_LARGE: the reason,
 *      * on as many comment lines as needed. * /
 *
 * (written without the spaces inside the comment markers). A status the
 * code can never return gets no row and no CAT_UNTESTED: the header is
 * wrong, and the check fails until it is fixed.
 *
 * Check a module's rows against its header:
 *     python3 tests/catalogue/check.py --check --module roster
 * and regenerate the page after changing rows:
 *     python3 tests/catalogue/check.py --write
 */
#ifndef KOL_TEST_CATALOGUE_H
#define KOL_TEST_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "kol.h"
#include "testalloc.h"

typedef struct cat_env {
    kol_ctx *ctx;   /* fresh for each row, made through ta */
    testalloc *ta;  /* the context's counting allocator */
    /* Set by cat_cancel_after(): the progress callback cancels (returns
     * non-zero) on its calls number cancel_at and later (1-based; 0: never
     * cancels). calls counts the callback's calls. */
    uint64_t cancel_at;
    uint64_t calls;
} cat_env;

typedef struct cat_row {
    const char *function;  /* the public function, e.g. "kol_roster_add" */
    kol_status status;     /* the status the row provokes (never OK) */
    const char *input;     /* the input in words (docs/bad-input.md) */
    const char *message;   /* expected in the context message, or NULL */
    kol_status (*run)(cat_env *env);
} cat_row;

#define CAT_ROW(function, status, input, message, run) \
    { (function), (status), (input), (message), (run) }
#define CAT_END { NULL, KOL_STATUS_OK, NULL, NULL, NULL }

/* Install on env->ctx a progress callback that cancels from its nth call
 * on (n >= 1). The next long operation returns KOL_STATUS_CANCELLED. */
void cat_cancel_after(cat_env *env, uint64_t n);

/* The tables, one per module (a module with no file yet has an empty
 * table in run.c until its file exists). */
extern const cat_row cat_rows_core[];
extern const cat_row cat_rows_record[];
extern const cat_row cat_rows_roster[];
extern const cat_row cat_rows_tier[];
extern const cat_row cat_rows_value[];
extern const cat_row cat_rows_sanity[];
extern const cat_row cat_rows_audience_quality[];
extern const cat_row cat_rows_traffic[];
extern const cat_row cat_rows_cost[];
extern const cat_row cat_rows_roi[];
extern const cat_row cat_rows_sketch[];
extern const cat_row cat_rows_planner[];

#endif /* KOL_TEST_CATALOGUE_H */
