/*
 * report_html.c - the HTML page of `kol report` (see report_html.h).
 *
 * One file, no script, no external resource: a style sheet in <style>,
 * tables, and inline SVG charts whose elements carry stable ids and
 * classes (the test suite checks them):
 *   svg#chart-traffic-N.chart.traffic  rect.flagged (one per run of
 *                                      flagged minutes), polyline.observed,
 *                                      polyline.restored
 *   svg#chart-value-price.chart        circle.kol, circle.kol.chosen
 *   svg#chart-roi-tier.chart           line.interval, circle.roi,
 *                                      circle.roi-net
 */
#include "report_html.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_data.h"

void rpt_html_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        unsigned char c = *p;
        unsigned long cp = 0;
        size_t n;

        if (c < 0x80) {
            switch (c) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            case '\'': fputs("&#39;", out); break;
            default:
                if (c >= 0x20 && c != 0x7f)
                    fputc(c, out);
                else if (c == '\t' || c == '\n')
                    fputc(' ', out);
                break;
            }
            p++;
            continue;
        }
        /* (the decoder stops at the NUL, which continues no sequence) */
        n = kol_cli_utf8_len(p, 4, &cp);
        if (n == 0) {
            fputs("\xef\xbf\xbd", out); /* an invalid byte: U+FFFD */
            p++;
            continue;
        }
        /* U+FFFE and U+FFFF are valid UTF-8 but no XML characters (the
         * page is read as XML too): one U+FFFD each */
        if (cp == 0xfffe || cp == 0xffff)
            fputs("\xef\xbf\xbd", out);
        else
            fwrite(p, 1, n, out);
        p += n;
    }
}

/* ---- formatting ---------------------------------------------------- */

/* An amount (NaN, a missing figure, is "-"). */
static void amount(FILE *out, double v)
{
    if (!isfinite(v))
        fputs("-", out);
    else if (fabs(v) >= 1e6)
        fprintf(out, "%.2fM", v / 1e6);
    else if (fabs(v) >= 1e4)
        fprintf(out, "%.1fK", v / 1e3);
    else
        fprintf(out, "%.0f", v);
}

static const char *tier_name(const rpt_model *m, int32_t tier)
{
    const char *n = tier >= 0 ? kol_tiers_level_name(m->tiers, tier) : NULL;
    return n ? n : "-";
}

static const char STYLE[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
    "margin:2em auto;max-width:980px;color:#1d2330;line-height:1.45}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;"
    "border-bottom:2px solid #e3e7ef;padding-bottom:.2em}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}\n"
    "th,td{padding:.25em .7em;border-bottom:1px solid #e3e7ef;"
    "text-align:right}th{background:#f4f6fa}\n"
    "td.t,th.t{text-align:left}td{white-space:nowrap}\n"
    "tr.chosen td{background:#eaf6ee}\n"
    ".note{color:#5b6475;font-size:.9em}\n"
    ".warn{color:#b3261e;font-weight:600}\n"
    "svg.chart{background:#fff;border:1px solid #e3e7ef;margin:.4em 0;"
    "display:block}\n"
    "svg text{font-size:11px;fill:#5b6475}\n"
    "svg .axis{stroke:#9aa3b5;stroke-width:1}\n"
    "svg .grid{stroke:#eef0f5;stroke-width:1}\n"
    "svg .flagged{fill:#f6b8b3;fill-opacity:.55}\n"
    "svg .observed{fill:none;stroke:#d9534f;stroke-width:1.2}\n"
    "svg .restored{fill:none;stroke:#2b6cb0;stroke-width:1.4}\n"
    "svg .kol{fill:#9aa3b5;fill-opacity:.6}\n"
    "svg .kol.chosen{fill:#2f9e44;fill-opacity:.95;stroke:#1b5e2a}\n"
    "svg .kol.excluded{fill:#d9534f;fill-opacity:.7}\n"
    "svg .interval{stroke:#2b6cb0;stroke-width:2}\n"
    "svg .interval.net{stroke:#e8590c}\n"
    "svg .roi{fill:#2b6cb0}svg .roi-net{fill:#e8590c}\n"
    "svg .zero{stroke:#1d2330;stroke-dasharray:4 3}\n"
    ".legend span{display:inline-block;margin-right:1.2em;font-size:.85em}\n"
    ".sw{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
    "vertical-align:-.1em}\n";

/* ---- charts -------------------------------------------------------- */

#define W 900.0
#define H 260.0
#define ML 64.0
#define MR 16.0
#define MT 16.0
#define MB 36.0

/* A "nice" step for about n ticks over span. */
static double nice_step(double span, int n)
{
    double raw = span / n, mag, f;
    if (!(raw > 0))
        return 1;
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void y_axis(FILE *out, double lo, double hi, const char *label)
{
    double step = nice_step(hi - lo, 5), v;
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                 "y2=\"%.1f\"/>\n",
            ML, MT, ML, H - MB);
    for (v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        double y = H - MB - (v - lo) / (hi - lo) * (H - MT - MB);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
                     "x2=\"%.1f\" y2=\"%.1f\"/>",
                ML, y, W - MR, y);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                ML - 5, y + 4);
        if (fabs(v) < step * 1e-9)
            fputs("0", out);
        else if (fabs(step) < 1)
            fprintf(out, "%.2g", v);
        else
            amount(out, v);
        fputs("</text>\n", out);
    }
    fprintf(out, "<text x=\"12\" y=\"%.1f\" transform=\"rotate(-90 12 %.1f)\" "
                 "text-anchor=\"middle\">",
            (H - MB + MT) / 2, (H - MB + MT) / 2);
    rpt_html_text(out, label);
    fputs("</text>\n", out);
}

static void traffic_chart(FILE *out, const rpt_model *m, size_t idx)
{
    const rpt_traffic *tr = &m->traffic;
    const rpt_series *s = &tr->series[idx];
    size_t nch = tr->n_channels, ch = s->main_channel, i;
    double ymax = 1, xs;
    int64_t t0 = s->n ? s->ts[0] : 0;
    double span = s->n > 1 ? (double)(s->ts[s->n - 1] - t0) / 60.0 + 1 : 1;
    char label[96];

    for (i = 0; i < s->n; i++)
        if (s->obs[i * nch + ch] > ymax)
            ymax = s->obs[i * nch + ch];
    ymax *= 1.05;
    xs = (W - ML - MR) / span;
    fprintf(out,
            "<svg id=\"chart-traffic-%zu\" class=\"chart traffic\" "
            "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "data-post=\"",
            idx, W, H, W, H);
    rpt_html_text(out, s->post_id);
    fprintf(out, "\" data-channel=\"%s\">\n<title>",
            kol_channel_name(tr->channels[ch]));
    rpt_html_text(out, s->post_id);
    fprintf(out, ": %s per minute</title>\n",
            kol_channel_name(tr->channels[ch]));
    /* Shaded runs of flagged minutes. */
    for (i = 0; i < s->n;) {
        size_t j;
        if (!(s->reasons[i] & ~(uint32_t)KOL_TRAFFIC_REASON_MISSING)) {
            i++;
            continue;
        }
        for (j = i; j + 1 < s->n &&
                    (s->reasons[j + 1] & ~(uint32_t)KOL_TRAFFIC_REASON_MISSING);
             j++)
            ;
        fprintf(out,
                "<rect class=\"flagged\" x=\"%.1f\" y=\"%.1f\" "
                "width=\"%.1f\" height=\"%.1f\" data-start=\"%lld\" "
                "data-end=\"%lld\"/>\n",
                ML + (double)(s->ts[i] - t0) / 60.0 * xs, MT,
                (double)(s->ts[j] - s->ts[i] + 60) / 60.0 * xs,
                H - MT - MB, (long long)((s->ts[i] - t0) / 60),
                (long long)((s->ts[j] - t0) / 60));
        i = j + 1;
    }
    snprintf(label, sizeof label, "%s per minute",
             kol_channel_name(tr->channels[ch]));
    y_axis(out, 0, ymax, label);
    /* x axis: minutes since the first sample. */
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                 "y2=\"%.1f\"/>\n",
            ML, H - MB, W - MR, H - MB);
    {
        double step = nice_step(span, 8), v;
        for (v = 0; v <= span; v += step)
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" "
                         "text-anchor=\"middle\">%.0f</text>\n",
                    ML + v * xs, H - MB + 15, v);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                     "minutes since the first sample</text>\n",
                (W + ML) / 2, H - 4);
    }
    for (i = 0; i < 2; i++) {
        const double *v = i == 0 ? s->obs : s->rest;
        size_t k;
        int first = 1;
        fprintf(out, "<polyline class=\"%s\" points=\"",
                i == 0 ? "observed" : "restored");
        /* a minute with no sample of the channel is left out (the line
         * joins its neighbours), not drawn as 0 */
        for (k = 0; k < s->n; k++) {
            if (s->have != NULL && !s->have[k * nch + ch])
                continue;
            fprintf(out, "%s%.1f,%.1f", first ? "" : " ",
                    ML + ((double)(s->ts[k] - t0) / 60.0 + 0.5) * xs,
                    H - MB - v[k * nch + ch] / ymax * (H - MT - MB));
            first = 0;
        }
        fputs("\"/>\n", out);
    }
    fputs("</svg>\n", out);
}

static void value_price_chart(FILE *out, const rpt_model *m)
{
    double pmin = INFINITY, pmax = 0, vmax = 0, lx0, lx1, dec;
    size_t i;

    for (i = 0; i < m->n_kols; i++) {
        const rpt_kol *k = &m->kols[i];
        if (!rpt_has_price(k))
            continue;
        if (k->price < pmin)
            pmin = k->price;
        if (k->price > pmax)
            pmax = k->price;
        if (k->value[KOL_VALUE_OUT_TOTAL] > vmax)
            vmax = k->value[KOL_VALUE_OUT_TOTAL];
    }
    fprintf(out, "<svg id=\"chart-value-price\" class=\"chart\" "
                 "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                 "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n"
                 "<title>Value score against price (log scale); the chosen "
                 "portfolio in green</title>\n",
            W, H, W, H);
    if (pmax <= 0) {
        fputs("<text x=\"20\" y=\"40\">no KOL has a price</text></svg>\n",
              out);
        return;
    }
    lx0 = floor(log10(pmin));
    lx1 = ceil(log10(pmax));
    if (lx1 <= lx0)
        lx1 = lx0 + 1;
    vmax = vmax > 0 ? ceil(vmax / 10) * 10 : 100;
    y_axis(out, 0, vmax, "value score (0-100)");
    fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                 "y2=\"%.1f\"/>\n",
            ML, H - MB, W - MR, H - MB);
    for (dec = lx0; dec <= lx1; dec += 1) {
        double x = ML + (dec - lx0) / (lx1 - lx0) * (W - ML - MR);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, H - MB + 15);
        amount(out, pow(10, dec));
        fputs("</text>\n", out);
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">price "
                 "of one post (CNY, log scale)</text>\n",
            (W + ML) / 2, H - 4);
    /* Points: others first, chosen on top. */
    for (i = 0; i < 2 * m->n_kols; i++) {
        const rpt_kol *k = &m->kols[i % m->n_kols];
        double x, y;
        if (!rpt_has_price(k) || (i < m->n_kols) == (k->chosen != 0))
            continue;
        x = ML + (log10(k->price) - lx0) / (lx1 - lx0) * (W - ML - MR);
        y = H - MB - k->value[KOL_VALUE_OUT_TOTAL] / vmax * (H - MT - MB);
        fprintf(out, "<circle class=\"kol%s%s\" cx=\"%.1f\" cy=\"%.1f\" "
                     "r=\"%s\"><title>",
                k->chosen ? " chosen" : "", k->excluded ? " excluded" : "", x,
                y, k->chosen ? "5" : "3.5");
        rpt_html_text(out, k->id);
        fputs(" ", out);
        rpt_html_text(out, k->name);
        fputs(" (", out);
        rpt_html_text(out, k->platform);
        fputs(", ", out);
        rpt_html_text(out, tier_name(m, k->tier));
        fprintf(out, "): value %.1f, price ", k->value[KOL_VALUE_OUT_TOTAL]);
        amount(out, k->price);
        fputs("</title></circle>\n", out);
    }
    fputs("</svg>\n", out);
}

static void roi_chart(FILE *out, const rpt_model *m)
{
    double lo = 0, hi = 0, band;
    size_t i, n = m->n_tier_rows;

    for (i = 0; i < n; i++) {
        const rpt_roi_row *r = &m->tier_rows[i];
        if (r->roi_ok) {
            lo = fmin(lo, r->roi_low);
            hi = fmax(hi, r->roi_high);
        }
        if (r->net_ok) {
            lo = fmin(lo, r->net_low);
            hi = fmax(hi, r->net_high);
        }
    }
    if (hi - lo < 1e-9)
        hi = lo + 1;
    lo -= 0.05 * (hi - lo);
    hi += 0.05 * (hi - lo);
    fprintf(out, "<svg id=\"chart-roi-tier\" class=\"chart\" "
                 "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                 "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n"
                 "<title>ROI by tier with 95%% bootstrap intervals: reported "
                 "(blue) and net of false traffic (orange)</title>\n",
            W, H, W, H);
    y_axis(out, lo, hi, "ROI = (revenue - cost) / cost");
    {
        double y0 = H - MB - (0 - lo) / (hi - lo) * (H - MT - MB);
        fprintf(out, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" "
                     "x2=\"%.1f\" y2=\"%.1f\"/>\n",
                ML, y0, W - MR, y0);
    }
    band = n ? (W - ML - MR) / (double)n : 1;
    for (i = 0; i < n; i++) {
        const rpt_roi_row *r = &m->tier_rows[i];
        double cx = ML + band * ((double)i + 0.5);
        int b;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                cx, H - MB + 15);
        rpt_html_text(out, r->key);
        fprintf(out, " (%.0f)</text>\n", r->deliveries);
        for (b = 0; b < 2; b++) {
            int ok = b ? r->net_ok : r->roi_ok;
            double v = b ? r->net_roi : r->roi;
            double l = b ? r->net_low : r->roi_low;
            double h = b ? r->net_high : r->roi_high;
            double x = cx + (b ? 10 : -10);
#define Y(val) (H - MB - ((val) - lo) / (hi - lo) * (H - MT - MB))
            if (!ok)
                continue;
            fprintf(out, "<line class=\"interval%s\" x1=\"%.1f\" y1=\"%.1f\" "
                         "x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    b ? " net" : "", x, Y(l), x, Y(h));
            fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
                         "r=\"5\"><title>",
                    b ? "roi-net" : "roi", x, Y(v));
            rpt_html_text(out, r->key);
            fprintf(out, " %s ROI %.3f [%.3f, %.3f]</title></circle>\n",
                    b ? "net" : "reported", v, l, h);
#undef Y
        }
    }
    fputs("</svg>\n", out);
}

/* ---- page ---------------------------------------------------------- */

static void kol_row(FILE *out, const rpt_model *m, const rpt_kol *k,
                    size_t rank)
{
    fprintf(out, "<tr%s><td>%zu</td><td class=\"t\">",
            k->chosen ? " class=\"chosen\"" : "", rank);
    rpt_html_text(out, k->id);
    fputs("</td><td class=\"t\">", out);
    rpt_html_text(out, k->name);
    fputs("</td><td class=\"t\">", out);
    rpt_html_text(out, k->platform);
    fputs("</td><td class=\"t\">", out);
    rpt_html_text(out, tier_name(m, k->tier));
    fputs("</td><td>", out);
    amount(out, k->followers);
    fputs("</td><td>", out);
    amount(out, k->price);
    fprintf(out, "</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                 "<td>",
            k->value[KOL_VALUE_OUT_TOTAL],
            k->value[KOL_VALUE_OUT_COMMUNICATION],
            k->value[KOL_VALUE_OUT_FAN], k->value[KOL_VALUE_OUT_CONVERSION]);
    /* no price, no value per price (the library's 0 means "no price") */
    if (rpt_has_price(k))
        fprintf(out, "%.3f", 1000 * k->value[KOL_VALUE_OUT_VALUE_PER_COST]);
    else
        fputs("-", out);
    fputs("</td><td>", out);
    if (k->match >= 0)
        fprintf(out, "%.2f", k->match);
    else
        fputs("-", out);
    fputs("</td></tr>\n", out);
}

static const char KOL_HEAD[] =
    "<tr><th>#</th><th class=\"t\">id</th><th class=\"t\">name</th>"
    "<th class=\"t\">platform</th><th class=\"t\">tier</th><th>followers</th>"
    "<th>price</th><th>value</th><th>comm.</th><th>fan</th><th>conv.</th>"
    "<th>value / 1K CNY</th><th>target match</th></tr>\n";

static int top_table(FILE *out, const rpt_model *m, int field)
{
    size_t n, *ix = rpt_rank(m, field, &n), i;
    if (ix == NULL)
        return -2; /* out of memory */
    if (n > 0) {
        fprintf(out, "<table>\n%s", KOL_HEAD);
        for (i = 0; i < n && i < m->top; i++)
            kol_row(out, m, &m->kols[ix[i]], i + 1);
        fputs("</table>\n", out);
    }
    /* a KOL without a price has no value per price: not ranked by it */
    if (field == KOL_VALUE_OUT_VALUE_PER_COST && n == 0)
        fputs("<p class=\"note\">No KOL of the roster has a price.</p>\n",
              out);
    else if (field == KOL_VALUE_OUT_VALUE_PER_COST && n < m->n_kols)
        fprintf(out, "<p class=\"note\">%zu %s without a price not "
                     "ranked.</p>\n",
                m->n_kols - n, rpt_kols_word(m->n_kols - n));
    free(ix);
    return 0;
}

int rpt_html_write(FILE *out, const rpt_model *m)
{
    size_t i, l;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\"/>\n"
          "<title>libkol campaign report</title>\n<style>\n",
          out);
    fputs(STYLE, out);
    fputs("</style>\n</head>\n<body>\n<h1>libkol campaign report</h1>\n"
          "<p class=\"note\">Made by <code>kol report</code> with libkol ",
          out);
    rpt_html_text(out, kol_version_string());
    fputs(" from <code>", out);
    rpt_html_text(out, m->roster_path);
    fprintf(out, "</code> (%zu KOLs). Every figure is computed by the "
                 "library; the formulas are in the model reference.</p>\n",
            m->n_kols);

    /* Tiers */
    fputs("<h2 id=\"tiers\">Tiers</h2>\n<table>\n<tr><th class=\"t\">tier"
          "</th><th>KOLs</th></tr>\n",
          out);
    for (l = m->n_levels; l-- > 0;) {
        fputs("<tr><td class=\"t\">", out);
        rpt_html_text(out, kol_tiers_level_name(m->tiers, (int)l));
        fprintf(out, "</td><td>%zu</td></tr>\n", m->tier_count[l]);
    }
    /* no follower count, no tier (as in the text and `kol tier`) */
    if (m->tier_none > 0)
        fprintf(out, "<tr><td class=\"t\">(none)</td><td>%zu</td></tr>\n",
                m->tier_none);
    fprintf(out, "</table>\n<p class=\"note\">Lifecycle: %zu introduced, %zu "
                 "growing, %zu mature, %zu fading, %zu unknown; %zu accounts "
                 "pass the KOC rule.</p>\n",
            m->stage_count[KOL_STAGE_INTRODUCED],
            m->stage_count[KOL_STAGE_GROWING], m->stage_count[KOL_STAGE_MATURE],
            m->stage_count[KOL_STAGE_FADING], m->stage_count[KOL_STAGE_UNKNOWN],
            m->koc_yes);

    /* Candidates */
    fputs("<h2 id=\"candidates\">Top candidates</h2>\n<p>By value score "
          "(0-100: communication, fan and conversion value, balanced goal, "
          "with the brand's target audience):</p>\n",
          out);
    if (top_table(out, m, KOL_VALUE_OUT_TOTAL) != 0)
        return -2;
    fputs("<p>By value per price:</p>\n", out);
    if (top_table(out, m, KOL_VALUE_OUT_VALUE_PER_COST) != 0)
        return -2;

    /* Portfolio */
    fputs("<h2 id=\"portfolio\">Recommended portfolio</h2>\n", out);
    if (!m->plan_ok) {
        fputs("<p class=\"warn\">No plan: ", out);
        rpt_html_text(out, m->plan_message);
        fputs("</p>\n", out);
    } else {
        fprintf(out, "<p>%zu %s, spend ", m->plan_size,
                rpt_kols_word(m->plan_size));
        amount(out, m->plan_spend);
        fputs(" of a budget of ", out);
        amount(out, m->budget);
        fprintf(out, " CNY, total value %.1f (%s search; a pyramid of at "
                     "most 1 head, 3 shoulder, 8 waist, 12 tail and 10 KOC "
                     "accounts; accounts with an audited real-follower "
                     "ratio below 0.6 excluded).</p>\n<table>\n%s",
                m->plan_value,
                m->plan_method == KOL_PLAN_METHOD_EXACT ? "exact" : "greedy",
                KOL_HEAD);
        for (i = 0; i < m->plan_size; i++)
            kol_row(out, m, &m->kols[m->plan_order[i]], i + 1);
        fputs("</table>\n", out);
    }
    fputs("<div class=\"legend\"><span><i class=\"sw\" "
          "style=\"background:#2f9e44\"></i>chosen</span><span><i "
          "class=\"sw\" style=\"background:#9aa3b5\"></i>other "
          "candidates</span><span><i class=\"sw\" "
          "style=\"background:#d9534f\"></i>excluded (bought "
          "followers)</span></div>\n",
          out);
    value_price_chart(out, m);

    /* Traffic */
    fputs("<h2 id=\"traffic\">Traffic monitor</h2>\n", out);
    if (!m->have_traffic) {
        fputs("<p class=\"note\">No traffic file.</p>\n", out);
    } else {
        const rpt_traffic *tr = &m->traffic;
        fputs("<p>Minute increments of each post: observed (red) and "
              "restored organic estimate (blue); shaded minutes were "
              "flagged as bought traffic. Each chart shows the channel with "
              "the largest inflated share.</p>\n",
              out);
        for (i = 0; i < tr->posts.n; i++) {
            const rpt_series *s = &tr->series[i];
            size_t k;
            fputs("<h3>", out);
            rpt_html_text(out, s->post_id);
            fputs("</h3>\n", out);
            if (s->error) {
                fputs("<p class=\"warn\">Refused: ", out);
                rpt_html_text(out, s->message);
                fputs("</p>\n", out);
                continue;
            }
            fprintf(out, "<p class=\"note\">%zu minutes, %llu flagged in %zu "
                         "interval%s",
                    s->n, (unsigned long long)s->flagged, s->n_iv,
                    s->n_iv == 1 ? "" : "s");
            for (k = 0; k < s->n_iv; k++) {
                uint32_t bit;
                int first = 1;
                fprintf(out, "%s minutes %lld-%lld (", k ? ";" : ":",
                        (long long)((s->iv[k].start - s->ts[0]) / 60),
                        (long long)((s->iv[k].end - s->ts[0]) / 60));
                for (bit = 1; bit <= KOL_TRAFFIC_REASON_MISSING; bit <<= 1)
                    if (s->iv[k].reasons & bit) {
                        fprintf(out, "%s%s", first ? "" : ", ",
                                kol_traffic_reason_name(bit));
                        first = 0;
                    }
                fputs(")", out);
            }
            fputs(".</p>\n", out);
            traffic_chart(out, m, i);
            fputs("<table>\n<tr><th class=\"t\">channel</th><th>observed"
                  "</th><th>restored</th><th>95% band</th><th>inflated</th>"
                  "</tr>\n",
                  out);
            for (k = 0; k < tr->n_channels; k++) {
                fprintf(out, "<tr><td class=\"t\">%s</td>",
                        kol_channel_name(tr->channels[k]));
                /* a channel the post never reports has no totals, and
                 * nothing observed no inflated share: "-" */
                if (s->reported[k])
                    fprintf(out, "<td>%.0f</td><td>%.0f</td>"
                                 "<td>%.0f - %.0f</td>",
                            s->tot_obs[k], s->tot_rest[k], s->tot_low[k],
                            s->tot_high[k]);
                else
                    fputs("<td>-</td><td>-</td><td>-</td>", out);
                if (s->reported[k] && s->tot_obs[k] > 0)
                    fprintf(out, "<td>%.1f%%</td></tr>\n",
                            100 * (s->tot_obs[k] - s->tot_rest[k]) /
                                s->tot_obs[k]);
                else
                    fputs("<td>-</td></tr>\n", out);
            }
            fputs("</table>\n", out);
        }
    }

    /* ROI */
    fputs("<h2 id=\"roi\">Campaign ROI</h2>\n", out);
    if (!m->have_roi) {
        fputs("<p class=\"note\">No deliveries file.</p>\n", out);
    } else {
        const rpt_roi_row *t = &m->total;
        fprintf(out, "<p>%zu deliveries (%zu matched to a traffic series, "
                     "whose restored figures make the net basis): cost ",
                m->deliveries, m->deliveries_restored);
        amount(out, t->cost);
        fputs(", revenue ", out);
        amount(out, t->revenue);
        fputs(", exposure ", out);
        amount(out, t->exposure);
        fputs(".", out);
        if (t->cpm_ok)
            fprintf(out, " CPM %.2f.", t->cpm);
        if (t->cpe_ok)
            fprintf(out, " CPE %.3f.", t->cpe);
        if (t->cpa_ok)
            fprintf(out, " CPA %.2f.", t->cpa);
        if (t->roi_ok)
            fprintf(out, " ROI <b>%.3f</b> [%.3f, %.3f].", t->roi, t->roi_low,
                    t->roi_high);
        if (t->net_ok)
            fprintf(out, " Net of false traffic: %.3f [%.3f, %.3f].",
                    t->net_roi, t->net_low, t->net_high);
        fputs("</p>\n<div class=\"legend\"><span><i class=\"sw\" "
              "style=\"background:#2b6cb0\"></i>ROI on reported figures"
              "</span><span><i class=\"sw\" style=\"background:#e8590c\">"
              "</i>net of false traffic</span><span>bars: 95% bootstrap "
              "interval; (n) deliveries</span></div>\n",
              out);
        roi_chart(out, m);
        fputs("<table>\n<tr><th class=\"t\">tier</th><th>deliveries</th>"
              "<th>cost</th><th>revenue</th><th>ROI</th><th>95% interval"
              "</th></tr>\n",
              out);
        for (i = 0; i < m->n_tier_rows; i++) {
            const rpt_roi_row *r = &m->tier_rows[i];
            fputs("<tr><td class=\"t\">", out);
            rpt_html_text(out, r->key);
            fprintf(out, "</td><td>%.0f</td><td>", r->deliveries);
            amount(out, r->cost);
            fputs("</td><td>", out);
            amount(out, r->revenue);
            if (r->roi_ok)
                fprintf(out, "</td><td>%.3f</td><td>%.3f - %.3f</td></tr>\n",
                        r->roi, r->roi_low, r->roi_high);
            else
                fputs("</td><td>-</td><td>-</td></tr>\n", out);
        }
        fputs("</table>\n", out);
        if (m->key_count == 0) {
            fputs("<h3>Key accounts</h3>\n<p class=\"note\">No revenue "
                  "reported: no key accounts.</p>\n",
                  out);
        } else {
            fprintf(out, "<h3>Key accounts</h3>\n<p>%zu %s bring%s %.0f%% "
                         "of the revenue.</p>\n<table>\n<tr><th "
                         "class=\"t\">KOL</th><th>revenue</th><th>share"
                         "</th><th>cost</th><th>ROI</th></tr>\n",
                    m->key_count, rpt_kols_word(m->key_count),
                    m->key_count == 1 ? "s" : "", 100 * m->key_total);
        }
        for (i = 0; i < m->n_keys && m->key_count > 0; i++) {
            const rpt_key *k = &m->keys[i];
            fputs("<tr><td class=\"t\">", out);
            rpt_html_text(out, k->kol_id);
            fputs("</td><td>", out);
            amount(out, k->revenue);
            fprintf(out, "</td><td>%.1f%%</td><td>", 100 * k->share);
            amount(out, k->cost);
            if (k->roi_ok)
                fprintf(out, "</td><td>%.2f</td></tr>\n", k->roi);
            else
                fputs("</td><td>-</td></tr>\n", out);
        }
        if (m->key_count > 0)
            fputs("</table>\n", out);
    }

    /* Audience quality */
    fputs("<h2 id=\"audience\">Audience quality</h2>\n", out);
    if (!m->have_aq) {
        fputs("<p class=\"note\">No follower profile file.</p>\n", out);
    } else {
        fputs("<table>\n<tr><th class=\"t\">KOL</th><th>sampled</th>"
              "<th>judged fake</th><th>real-follower ratio</th>"
              "<th>95% interval</th><th>roster figure</th>"
              "<th class=\"t\"></th></tr>\n",
              out);
        for (i = 0; i < m->n_aq; i++) {
            const rpt_audience *q = &m->aq[i];
            fputs("<tr><td class=\"t\">", out);
            rpt_html_text(out, q->kol_id);
            fprintf(out, "</td><td>%zu</td><td>%zu</td>", q->rows, q->fakes);
            if (q->ok)
                fprintf(out, "<td>%.2f</td><td>%.2f - %.2f</td>", q->ratio,
                        q->low, q->high);
            else
                fputs("<td>-</td><td>-</td>", out);
            if (isfinite(q->roster_ratio))
                fprintf(out, "<td>%.2f</td>", q->roster_ratio);
            else
                fputs("<td>-</td>", out);
            fprintf(out, "<td class=\"t\">%s</td></tr>\n",
                    q->ok && q->ratio < 0.7
                        ? "<span class=\"warn\">suspicious</span>"
                        : "");
        }
        fputs("</table>\n", out);
    }
    if (m->have_overlap) {
        fprintf(out, "<p>Audience overlap: the sampled audiences of %zu "
                     "KOLs add up to ",
                m->overlap_kols);
        amount(out, m->audience_sum);
        fputs(" followers, of whom ", out);
        amount(out, m->unique_reach);
        fputs(" are unique (", out);
        /* no audience, no share counted more than once: "-" */
        if (m->audience_sum > 0)
            fprintf(out, "%.1f%%",
                    100 * (1 - m->unique_reach / m->audience_sum));
        else
            fputs("-", out);
        fputs(" counted more than once; HyperLogLog estimate).</p>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}
