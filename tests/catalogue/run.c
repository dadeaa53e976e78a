/* Runs the bad-input catalogue (issue 9; tests/catalogue/catalogue.h):
 * every row of every module table, one cmocka test per row, grouped by
 * module, each named "FUNCTION: STATUS: INPUT" so that a failure says
 * which function, status and input broke.
 *
 * For each row: a fresh context on the counting allocator, the row's run
 * function, then the checks of catalogue.h (status, context status and
 * message, nothing left live, no broken allocator promise), plus two that
 * prove the cause: a KOL_STATUS_NOMEM row must have had an allocation
 * refused (and, with a message, one that starts with the function's
 * name), and a KOL_STATUS_CANCELLED row must have had its progress
 * callback ask to cancel.
 *
 * Usage: test_catalogue [MODULE...]  (no argument: every module). The
 * module tables come from the registry that tests/module_catalogue.cmake
 * generates from the cat_*.c files present. */
#include "catalogue.h"
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Cancellation                                                       */
/* ------------------------------------------------------------------ */

/* The code the progress callback returns when it cancels (kept by
 * kol_ctx_callback_code()). */
#define CAT_CANCEL_CODE 1

static int cat_progress(void *user, uint64_t done, uint64_t total)
{
    cat_env *env = (cat_env *)user;
    (void)done;
    (void)total;
    env->calls++;
    if (env->cancel_at != 0 && env->calls >= env->cancel_at)
        return CAT_CANCEL_CODE;
    return 0;
}

void cat_cancel_after(cat_env *env, uint64_t n)
{
    env->cancel_at = n;
    env->calls = 0;
    if (kol_ctx_set_progress(env->ctx, cat_progress, env) != KOL_STATUS_OK)
        fail_msg("cat_cancel_after: kol_ctx_set_progress failed");
}

/* ------------------------------------------------------------------ */
/* One row                                                            */
/* ------------------------------------------------------------------ */

static void run_row(void **state)
{
    const cat_row *row = (const cat_row *)*state;
    testalloc ta;
    cat_env env;
    kol_status st, last;
    int code;
    char msg[1024];
    const char *m;

    assert_non_null(row->function);
    assert_non_null(row->input);
    assert_non_null(row->run);
    if (row->status == KOL_STATUS_OK)
        fail_msg("%s: a catalogue row cannot expect KOL_STATUS_OK",
                 row->function);

    memset(&env, 0, sizeof env);
    testalloc_init(&ta);
    assert_int_equal(testalloc_ctx_new(&ta, &env.ctx), KOL_STATUS_OK);
    env.ta = &ta;

    st = row->run(&env);

    /* Take what the checks need, then free the context, so that a failed
     * check leaves nothing behind. */
    testalloc_disarm(&ta);
    last = kol_ctx_last_status(env.ctx);
    code = kol_ctx_callback_code(env.ctx);
    m = kol_ctx_last_error(env.ctx);
    if (m == NULL) {
        msg[0] = '\0';
    } else {
        strncpy(msg, m, sizeof msg - 1);
        msg[sizeof msg - 1] = '\0';
    }
    kol_ctx_free(env.ctx);
    env.ctx = NULL;

    if (st != row->status)
        fail_msg("%s (%s): returned %s (%d), expected %s (%d); context "
                 "message: \"%s\"",
                 row->function, row->input, kol_status_str((int)st), (int)st,
                 kol_status_str((int)row->status), (int)row->status, msg);
    if (row->message != NULL) {
        if (last != row->status)
            fail_msg("%s (%s): context status %s, expected %s; message: "
                     "\"%s\"",
                     row->function, row->input, kol_status_str((int)last),
                     kol_status_str((int)row->status), msg);
        if (msg[0] == '\0' || !testmsg_has(msg, row->message))
            fail_msg("%s (%s): context message \"%s\" contains none of "
                     "\"%s\"",
                     row->function, row->input, msg, row->message);
        /* A refused allocation is reported under the public call's
         * name (kol/core.h: the message names where): "<function>: ". */
        if (row->status == KOL_STATUS_NOMEM &&
            (strncmp(msg, row->function, strlen(row->function)) != 0 ||
             msg[strlen(row->function)] != ':'))
            fail_msg("%s (%s): out-of-memory message \"%s\" does not "
                     "start with \"%s: \"",
                     row->function, row->input, msg, row->function);
        if ((row->status == KOL_STATUS_CALLBACK ||
             row->status == KOL_STATUS_CANCELLED) && code == 0)
            fail_msg("%s (%s): stopped by a callback but "
                     "kol_ctx_callback_code() is 0",
                     row->function, row->input);
    }
    if (row->status == KOL_STATUS_NOMEM && ta.injected == 0)
        fail_msg("%s (%s): KOL_STATUS_NOMEM although no allocation was "
                 "refused (arm testalloc_fail_from(env->ta, 1) before the "
                 "call)",
                 row->function, row->input);
    if (row->status == KOL_STATUS_CANCELLED &&
        (env.cancel_at == 0 || env.calls < env.cancel_at))
        fail_msg("%s (%s): KOL_STATUS_CANCELLED although the progress "
                 "callback never asked (call cat_cancel_after() before the "
                 "call)",
                 row->function, row->input);
    testalloc_assert_clean(&ta);
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */
/* ------------------------------------------------------------------ */

/* Status names as the headers spell them, for the test names. */
static const char *status_name(kol_status s)
{
    static const char *const names[] = {
        "KOL_STATUS_OK",           "KOL_STATUS_NOMEM",
        "KOL_STATUS_INVALID_ARGUMENT", "KOL_STATUS_NOT_FINITE",
        "KOL_STATUS_OUT_OF_RANGE", "KOL_STATUS_MISSING",
        "KOL_STATUS_NOT_FOUND",    "KOL_STATUS_DUPLICATE",
        "KOL_STATUS_CALLBACK",     "KOL_STATUS_CANCELLED",
        "KOL_STATUS_BAD_TEXT",     "KOL_STATUS_TOO_LARGE",
        "KOL_STATUS_UNKNOWN_ENUM", "KOL_STATUS_EMPTY",
        "KOL_STATUS_BAD_STATE",    "KOL_STATUS_CORRUPT",
        "KOL_STATUS_VERSION",      "KOL_STATUS_MISMATCH",
        "KOL_STATUS_ORDER",        "KOL_STATUS_INFEASIBLE"};
    if ((int)s >= 0 && (size_t)s < sizeof names / sizeof names[0])
        return names[s];
    return "unknown status";
}

static int wanted(const char *module, int argc, char **argv)
{
    int i;
    if (argc < 2)
        return 1;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], module) == 0)
            return 1;
    return 0;
}

static int run_module(const cat_module *mod)
{
    size_t n = 0, i;
    struct CMUnitTest *tests;
    char **names;
    int failed;

    while (mod->rows[n].function != NULL)
        n++;
    if (n == 0) {
        printf("[ MODULE   ] %s: no rows yet (tests/catalogue/cat_%s.c %s)\n",
               mod->name, mod->name,
               mod->has_file ? "has an empty table" : "does not exist");
        return 0;
    }
    tests = (struct CMUnitTest *)calloc(n, sizeof *tests);
    names = (char **)calloc(n, sizeof *names);
    if (tests == NULL || names == NULL) {
        fprintf(stderr, "test_catalogue: out of memory\n");
        exit(1);
    }
    for (i = 0; i < n; i++) {
        const cat_row *row = &mod->rows[i];
        const char *input = row->input != NULL ? row->input : "(no input)";
        size_t len = strlen(row->function) + strlen(input) + 64;
        names[i] = (char *)malloc(len);
        if (names[i] == NULL) {
            fprintf(stderr, "test_catalogue: out of memory\n");
            exit(1);
        }
        snprintf(names[i], len, "%s: %s: %s", row->function,
                 status_name(row->status), input);
        tests[i].name = names[i];
        tests[i].test_func = run_row;
        tests[i].initial_state = (void *)(uintptr_t)row;
    }
    failed = _cmocka_run_group_tests(mod->name, tests, n, NULL, NULL);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(tests);
    return failed;
}

int main(int argc, char **argv)
{
    const cat_module *mod;
    int failed = 0, i, found;

    for (i = 1; i < argc; i++) {
        found = 0;
        for (mod = cat_modules; mod->name != NULL; mod++)
            if (strcmp(mod->name, argv[i]) == 0)
                found = 1;
        if (!found) {
            fprintf(stderr, "test_catalogue: no module \"%s\"\n", argv[i]);
            return 2;
        }
    }
    for (mod = cat_modules; mod->name != NULL; mod++)
        if (wanted(mod->name, argc, argv))
            failed += run_module(mod);
    return failed != 0 ? 1 : 0;
}
