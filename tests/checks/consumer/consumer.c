/* A program outside the libkol tree, built against an installed libkol
 * (once through pkg-config, once through find_package(libkol)). It checks
 * that the installed headers and library agree and that a few calls work;
 * it returns non-zero on any mismatch. */
#include <kol.h>

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "consumer: check failed: %s (line %d)\n",    \
                    #cond, __LINE__);                                    \
            failures++;                                                  \
        }                                                                \
    } while (0)

int main(void)
{
    int failures = 0;
    kol_ctx *ctx = NULL;
    kol_record *rec = NULL;
    double followers = 0.0;

    CHECK(kol_version() == KOL_VERSION_NUMBER);
    CHECK(strcmp(kol_version_string(), KOL_VERSION_STRING) == 0);

    CHECK(kol_ctx_new(&ctx) == KOL_STATUS_OK);
    if (ctx == NULL)
        return 1;
    CHECK(kol_record_new(ctx, &rec) == KOL_STATUS_OK);
    if (rec == NULL) {
        kol_ctx_free(ctx);
        return 1;
    }
    CHECK(kol_record_set_text(rec, KOL_TEXT_ID, "consumer-1") ==
          KOL_STATUS_OK);
    CHECK(kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 12345.0) ==
          KOL_STATUS_OK);
    CHECK(kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &followers) ==
          KOL_STATUS_OK);
    CHECK(followers == 12345.0);
    CHECK(kol_record_has_metric(rec, KOL_METRIC_PRICE) == 0);
    CHECK(kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, -1.0) ==
          KOL_STATUS_OUT_OF_RANGE);
    CHECK(strlen(kol_ctx_last_error(ctx)) > 0);

    kol_record_free(rec);
    kol_ctx_free(ctx);

    if (failures == 0)
        printf("consumer: OK (libkol %s)\n", kol_version_string());
    return failures == 0 ? 0 : 1;
}
