/* monitor_push: feed a post's views and likes minute by minute (push) to
 * the traffic monitor; 3,000 bought likes arrive in minutes 150 to 154.
 * The monitor must flag those minutes and restore the organic likes.
 * Returns 0 when it does, 1 otherwise. */
#include <kol.h>
#include <math.h>
#include <stdio.h>

#define MINUTES 360
#define T0 INT64_C(1700000000)

static uint64_t seed = 42;
static double noise(void) /* about N(0, 1): sum of 4 uniforms, centred */
{
    double s = 0;
    for (int k = 0; k < 4; k++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        s += (double)(seed >> 11) / 9007199254740992.0;
    }
    return (s - 2.0) * 1.7320508;
}

typedef struct { unsigned flagged, flagged_in_burst; } tally;

static int on_slot(void *user, int64_t ts, uint32_t n_samples, double score, uint32_t reasons,
                   const double *observed, const double *restored, const uint32_t *ch_reasons,
                   size_t n_channels)
{
    tally *t = user;
    int64_t minute = (ts - T0) / 60;
    (void)n_samples; (void)ch_reasons; (void)n_channels;
    if (reasons & ~(uint32_t)KOL_TRAFFIC_REASON_MISSING) {
        t->flagged++;
        t->flagged_in_burst += minute >= 150 && minute <= 154;
        printf("minute %3lld  score %.2f  likes %5.0f -> %5.0f  (%s)\n", (long long)minute, score,
               observed[1], restored[1], kol_traffic_reason_name(reasons & -reasons));
    }
    return 0;
}

int main(void)
{
    const int32_t channels[] = {KOL_CHANNEL_VIEWS, KOL_CHANNEL_LIKES};
    int64_t ts[MINUTES];
    double rows[MINUTES][2], organic_likes = 0, obs, res, low, high;
    kol_ctx *ctx = NULL;
    kol_traffic *mon = NULL;
    tally t = {0, 0};
    int ok = 0;

    for (int i = 0; i < MINUTES; i++) { /* organic rise and decay, plus noise */
        double views = 2000 * (1 - exp(-i / 15.0)) * exp(-i / 200.0) + 100;
        ts[i] = T0 + 60 * i;
        rows[i][0] = floor(views + sqrt(views) * noise() + 0.5);
        rows[i][1] = floor(0.05 * rows[i][0] + sqrt(0.05 * rows[i][0]) * noise() + 0.5);
        organic_likes += rows[i][1];
        if (i >= 150 && i <= 154)
            rows[i][1] += 600; /* bought likes, without the views that come with them */
    }
    if (kol_ctx_new(&ctx) || kol_traffic_new(ctx, channels, 2, &mon))
        goto out;
    for (int i = 0; i < MINUTES; i += 10) /* as the host receives them: ten minutes at a time */
        if (kol_traffic_feed(mon, ts + i, rows[i], 10, on_slot, &t) != KOL_STATUS_OK)
            goto out;
    if (kol_traffic_finish(mon, on_slot, &t) != KOL_STATUS_OK ||
        kol_traffic_totals(mon, 1, &obs, &res, &low, &high, NULL) != KOL_STATUS_OK)
        goto out;
    printf("likes observed %.0f, restored %.0f [%.0f, %.0f], organic %.0f; %u minutes flagged\n",
           obs, res, low, high, organic_likes, t.flagged);
    ok = t.flagged_in_burst == 5                  /* every bought minute found */
         && t.flagged <= 8                        /* and few organic minutes flagged */
         && fabs(res - organic_likes) < 0.02 * organic_likes /* organic figure restored */
         && obs - res > 0.9 * 3000;
out:
    if (!ok)
        fprintf(stderr, "monitor_push: unexpected result (%s)\n", kol_ctx_last_error(ctx));
    kol_traffic_free(mon);
    kol_ctx_free(ctx);
    return ok ? 0 : 1;
}
