/* roster_callback: fill a roster from the host's rows through a read
 * callback (pull). The host skips a row it cannot parse; the roster refuses
 * a row without id and a repeated id, and tells the reject callback. A
 * second fill is stopped by the host: the roster is then left unchanged.
 * Returns 0 when every result is as expected, 1 otherwise. */
#include <kol.h>
#include <stdio.h>
#include <string.h>

static const char *const rows[] = { /* id,platform,followers,avg_views,price */
    "lily,xiaohongshu,52000,31000,6000",  "max,douyin,1250000,480000,90000",
    "nana,bilibili,8800,12000,1200",      "broken,douyin,lots,1,1",
    ",douyin,4000,900,300",               "max,douyin,1300000,500000,95000",
    "kai,weibo,310000,41000,22000",
};
enum { NROWS = sizeof rows / sizeof rows[0] };

typedef struct { size_t next, stop_at; unsigned rejected; } source;

static int read_row(void *user, kol_record *rec, int32_t *what)
{
    source *src = user;
    char id[64] = "", platform[32];
    const int32_t codes[] = {KOL_METRIC_FOLLOWERS, KOL_METRIC_AVG_VIEWS, KOL_METRIC_PRICE};
    double v[3];
    int used = 0;
    if (src->next == src->stop_at)
        return 7; /* the host's own reason to stop, kept by kol_ctx_callback_code() */
    if (src->next == NROWS) {
        *what = KOL_READ_END;
        return 0;
    }
    const char *row = rows[src->next++], *comma = strchr(row, ',');
    if (sscanf(comma + 1, "%31[^,],%lf,%lf,%lf%n", platform, &v[0], &v[1], &v[2], &used) != 4 ||
        comma[1 + used] != '\0') {
        *what = KOL_READ_SKIP; /* a row the host cannot parse */
        return 0;
    }
    memcpy(id, row, (size_t)(comma - row)); /* may be empty: the roster refuses it */
    if ((id[0] && kol_record_set_text(rec, KOL_TEXT_ID, id)) ||
        kol_record_set_text(rec, KOL_TEXT_PLATFORM, platform) ||
        kol_record_set_metrics(rec, codes, v, 3))
        return 1;
    return 0;
}

static int on_reject(void *user, uint64_t index, int status, const char *message)
{
    ((source *)user)->rejected++;
    printf("row %llu refused (%s): %s\n", (unsigned long long)index, kol_status_str(status),
           message);
    return 0; /* skip it and go on */
}

int main(void)
{
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    const kol_record *rec = NULL;
    source src = {0, (size_t)-1, 0};
    uint64_t added = 0;
    double views = 0;
    int ok = 0;

    if (kol_ctx_new(&ctx) != KOL_STATUS_OK || kol_roster_new(ctx, &roster) != KOL_STATUS_OK)
        goto out;
    if (kol_roster_fill(roster, read_row, on_reject, &src, &added) != KOL_STATUS_OK)
        goto out;
    printf("added %llu records, %u refused\n", (unsigned long long)added, src.rejected);
    if (added != 4 || src.rejected != 2 || kol_roster_size(roster) != 4 ||
        kol_roster_find(roster, "max", &rec) != KOL_STATUS_OK ||
        kol_record_get_metric(rec, KOL_METRIC_AVG_VIEWS, &views) || views != 480000 ||
        kol_roster_find(roster, "broken", &rec) != KOL_STATUS_NOT_FOUND)
        goto out;
    /* A fill the host stops at its third row: all or nothing. */
    src = (source){0, 2, 0};
    if (kol_roster_fill(roster, read_row, on_reject, &src, &added) != KOL_STATUS_CALLBACK ||
        kol_ctx_callback_code(ctx) != 7 || added != 0 || kol_roster_size(roster) != 4)
        goto out;
    printf("stopped fill: %s; roster still holds %zu records\n", kol_ctx_last_error(ctx),
           kol_roster_size(roster));
    ok = 1;
out:
    if (!ok)
        fprintf(stderr, "roster_callback: unexpected result (%s)\n", kol_ctx_last_error(ctx));
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return ok ? 0 : 1;
}
