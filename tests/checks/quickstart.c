#include <kol.h>
#include <stdio.h>

int main(void)
{
    kol_ctx *ctx = NULL;
    kol_record *rec = NULL;
    double followers = 0, views = 0, price = 0;

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK ||
        kol_record_new(ctx, &rec) != KOL_STATUS_OK)
        return 1;
    kol_record_set_text(rec, KOL_TEXT_ID, "kol-001");
    kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 250000);
    kol_record_set_metric(rec, KOL_METRIC_AVG_VIEWS, 48000);

    /* Refused with a status and a message; the record keeps 250000. */
    if (kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, -5) != KOL_STATUS_OK)
        printf("refused: %s\n", kol_ctx_last_error(ctx));

    /* A metric never set is "missing", which is not zero. */
    if (kol_record_get_metric(rec, KOL_METRIC_PRICE, &price) == KOL_STATUS_MISSING)
        printf("price: missing\n");

    kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &followers);
    kol_record_get_metric(rec, KOL_METRIC_AVG_VIEWS, &views);
    printf("views per follower: %.3f\n", views / followers);
    kol_record_free(rec);
    kol_ctx_free(ctx);
    return 0;
}
