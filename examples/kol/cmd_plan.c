/*
 * cmd_plan.c - `kol plan --csv CANDIDATES --budget B`: choose KOLs under a
 * budget with libkol's portfolio planner (kol_planner), maximizing total
 * value, expected conversions or unique reach (audience sketches from a
 * `kol_id,follower_id` file), under tier limits, platform shares, category
 * maximums and required or excluded candidates.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "audience_csv.h"
#include "cli.h"
#include "cmd_common.h"
#include "csv_reader.h"

#define AMOUNT_MAX 9007199254740992.0 /* 2^53 */
/* Largest count of a tier or category limit: the planner's limits are
 * uint32_t, UINT32_MAX meaning "no maximum". */
#define COUNT_MAX 4294967294.0
#define COUNT_MAX_TEXT "4294967294"

void kol_cli_plan_help(FILE *out)
{
    fputs(
        "usage: kol plan --csv CANDIDATES --budget B\n"
        "                [--objective value|conversions|reach]\n"
        "                [--audience FILE] [--precision P]\n"
        "                [--tier-limits TIER:MIN:MAX,...]\n"
        "                [--platform-share PLATFORM:MIN:MAX,...]\n"
        "                [--category-max CATEGORY:MAX,...]\n"
        "                [--require ID,...] [--exclude ID,...]\n"
        "                [--rejected N] [--work-limit W] [--strict]\n"
        "\n"
        "Choose KOLs under a budget with libkol's portfolio planner, and\n"
        "print the chosen ones, the spend and the objective, the method\n"
        "and its guarantee, and the best rejected candidates with the\n"
        "reason each lost.\n"
        "\n"
        "options:\n"
        "  --csv FILE            the candidates ('-' reads standard input)\n"
        "  --budget B            the most the plan may spend (> 0)\n"
        "  --objective OBJ       value (the default: sum of value scores),\n"
        "                        conversions (sum of expected conversions)\n"
        "                        or reach (unique audience, overlap counted\n"
        "                        once; needs --audience)\n"
        "  --audience FILE       'kol_id,follower_id' rows, as for\n"
        "                        'kol overlap': one audience sketch per\n"
        "                        candidate (a candidate without a row has an\n"
        "                        empty audience). With another objective the\n"
        "                        plan's unique reach is printed too.\n"
        "  --precision P         sketch precision for --audience, 4 to 18\n"
        "                        (default 14)\n"
        "  --tier-limits SPEC    TIER:MIN:MAX items separated by commas; an\n"
        "                        empty MIN is 0, an empty MAX no maximum:\n"
        "                        head:1:2,waist:3:,tail::10; MIN and MAX\n"
        "                        are whole numbers up to 4294967294\n"
        "  --platform-share SPEC PLATFORM:MIN:MAX shares of the budget in\n"
        "                        [0, 1]: douyin:0.2:0.6,weibo::0.3; a spend\n"
        "                        of exactly 0.3 of the budget meets 0.3\n"
        "  --category-max SPEC   CATEGORY:MAX items: beauty:2,food:1 (MAX a\n"
        "                        whole number up to 4294967294). A name\n"
        "                        holding ',' or ':' cannot be given to these\n"
        "                        three options, nor an id holding ',' to\n"
        "                        the next two\n"
        "  --require IDS         candidates that must be chosen\n"
        "  --exclude IDS         candidates that must not be chosen\n"
        "                        (ids separated by commas). An empty list or\n"
        "                        item, a name or id given twice in one list,\n"
        "                        or an id both required and excluded is a\n"
        "                        usage error\n"
        "  --rejected N          how many rejected candidates to list\n"
        "                        (default 10)\n"
        "  --work-limit W        elementary steps the greedy method may\n"
        "                        take, 1e3 to 1e15 (default 3e9, about a\n"
        "                        second); its search for a plan meeting\n"
        "                        the minimums says when it stopped there,\n"
        "                        and so does a reach plan too large for it\n"
        "  --strict              exit 1 when any row is rejected (of the\n"
        "                        candidates or of the --audience file)\n"
        "\n",
        out);
    fputs(
        "CANDIDATES has a header row naming its columns, in any order and\n"
        "any case: id,cost,value,conversions,tier,platform,category. id and\n"
        "cost are required; value is required by --objective value and\n"
        "conversions by --objective conversions (a row without it is then\n"
        "rejected); tier, platform and category are optional text (empty:\n"
        "none, not subject to that kind of limit); tier and platform names\n"
        "are compared without regard to ASCII case and shown in lower case,\n"
        "category names exactly. cost, value and\n"
        "conversions are numbers in [0, 2^53]. A row with the wrong number\n"
        "of cells, an empty or repeated id, or a bad number is rejected with\n"
        "a warning on standard error ('row N: reason', the header is row 1)\n"
        "and the others are still candidates.\n"
        "\n"
        "Output (standard output): the header\n"
        "  id,cost,value,tier,marginal_gain\n"
        "and one row per chosen KOL in pick order (required ones first); a\n"
        "pick's marginal gain is what it added to the objective given the\n"
        "picks before it, so the gains sum to the objective. An empty line,\n"
        "then one summary line:\n"
        "  spend S of budget B; objective O: X; picks N; method M (...)\n"
        "where the method is 'exact' (the optimum) or 'greedy' with its\n"
        "partial-enumeration depth and guaranteed fraction of the optimum\n"
        "(none is claimed with tier, platform or category limits). An empty\n"
        "line, then the best rejected candidates under the header\n"
        "  rejected,cost,value,tier,reason,marginal_gain\n"
        "with the first reason that applies: excluded, no_gain,\n"
        "over_budget, tier_max, category_max, platform_share, outscored;\n"
        "marginal_gain is what the candidate would add to the final plan.\n"
        "Numbers are written in full precision (up to 17 significant\n"
        "digits). The method and its guarantee are in\n"
        "docs/model-overlap.md, section 4.\n"
        "\n"
        "Exit status: 0 when a plan was made (even with rejected rows,\n"
        "unless --strict); 1 when a file cannot be read or is malformed, an\n"
        "id given to --require or --exclude is not a candidate, or no plan\n"
        "meets the constraints (the reason is printed); 2 on a usage error.\n",
        out);
}

/* One item of a NAME:A:B list option. */
typedef struct limit_item {
    char *name;
    double a, b; /* NaN: empty */
    int32_t code;
} limit_item;

typedef struct limit_list {
    limit_item *v;
    size_t n;
} limit_list;

static void limits_free(limit_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* Parse "NAME:A[:B],..." with nfields numbers per item (1 or 2). Empty
 * numbers are NaN. With fold, names are kept with their ASCII letters in
 * lower case (tier and platform names). A name given twice is a usage
 * error (which of the two limits was meant?), and so is an empty item,
 * a trailing comma's included, as check_choice_list() has it. Returns 0,
 * or an exit code (usage error reported). */
static int parse_limits(const char *opt, const char *spec, int nfields,
                        int fold, limit_list *out)
{
    const char *p = spec;

    memset(out, 0, sizeof *out);
    if (*spec == '\0') {
        kol_cli_error("%s: empty list", opt);
        return KOL_CLI_EXIT_USAGE;
    }
    for (;;) {
        const char *end = strchr(p, ','), *c;
        size_t len = end ? (size_t)(end - p) : strlen(p), k;
        const char *parts[3];
        size_t plen[3];
        int nparts = 0;
        limit_item *item;
        limit_item *grown;

        if (len == 0) {
            kol_cli_error("%s: empty item in '%s'", opt, spec);
            limits_free(out);
            return KOL_CLI_EXIT_USAGE;
        }
        for (c = p, parts[0] = p; c <= p + len; c++) {
            if (c == p + len || *c == ':') {
                if (nparts < 3)
                    plen[nparts] = (size_t)(c - parts[nparts]);
                nparts++;
                if (nparts < 3 && c < p + len)
                    parts[nparts] = c + 1;
            }
        }
        if (nparts != nfields + 1 || plen[0] == 0) {
            kol_cli_error("%s: '%.*s' is not NAME:%s", opt, (int)len, p,
                          nfields == 2 ? "MIN:MAX" : "MAX");
            limits_free(out);
            return KOL_CLI_EXIT_USAGE;
        }
        grown = realloc(out->v, (out->n + 1) * sizeof *out->v);
        if (grown == NULL) {
            kol_cli_error("out of memory");
            limits_free(out);
            return KOL_CLI_EXIT_FAILURE;
        }
        out->v = grown;
        item = &out->v[out->n];
        item->name = kol_cli_strndup(parts[0], plen[0]);
        item->a = item->b = NAN;
        item->code = -1;
        if (item->name == NULL) {
            kol_cli_error("out of memory");
            limits_free(out);
            return KOL_CLI_EXIT_FAILURE;
        }
        out->n++;
        if (fold)
            cc_ascii_lower(item->name, plen[0]);
        for (k = 0; k + 1 < out->n; k++) {
            if (strcmp(out->v[k].name, item->name) == 0) {
                char shown[48];
                kol_cli_printable(shown, sizeof shown, item->name, plen[0],
                                  40);
                kol_cli_error("%s: '%s' is given twice%s", opt, shown,
                              fold ? " (names are compared without regard "
                                     "to case)"
                                   : "");
                limits_free(out);
                return KOL_CLI_EXIT_USAGE;
            }
        }
        for (k = 1; k <= (size_t)nfields; k++) {
            double v;
            if (plen[k] == 0)
                continue;
            if (cc_parse_number(parts[k], plen[k], &v) != 0 || !isfinite(v) ||
                v < 0) {
                kol_cli_error("%s: '%.*s' in '%.*s' is not a number >= 0",
                              opt, (int)plen[k], parts[k], (int)len, p);
                limits_free(out);
                return KOL_CLI_EXIT_USAGE;
            }
            if (k == 1)
                item->a = v;
            else
                item->b = v;
        }
        if (end == NULL)
            return 0;
        p = end + 1;
    }
}

/* The candidates read from the file. */
typedef struct cand_set {
    cc_map ids;
    uint64_t *row; /* CSV row of each */
    double *cost, *value, *conv;
    unsigned char *has_value, *has_conv;
    int32_t *tier, *platform, *category;
    size_t cap[9];
    cc_map tiers, platforms, categories;
    cc_rejects rejects;
    uint64_t rows;
} cand_set;

static void cands_free(cand_set *c)
{
    cc_map_free(&c->ids);
    free(c->row);
    free(c->cost);
    free(c->value);
    free(c->conv);
    free(c->has_value);
    free(c->has_conv);
    free(c->tier);
    free(c->platform);
    free(c->category);
    cc_map_free(&c->tiers);
    cc_map_free(&c->platforms);
    cc_map_free(&c->categories);
    cc_rejects_free(&c->rejects);
    memset(c, 0, sizeof *c);
}

/* Code of a group name (added when new). Returns the code, -2 when there
 * would be more than KOL_PLAN_MAX_CODE + 1 names, -3 out of memory. */
static int32_t group_code(cc_map *m, const char *name, size_t len)
{
    long k = cc_map_find(m, name, len);
    if (k >= 0)
        return (int32_t)k;
    if (m->n > KOL_PLAN_MAX_CODE)
        return -2;
    k = cc_map_add(m, name, len, NULL);
    return k < 0 ? -3 : (int32_t)k;
}

enum { C_ID, C_COST, C_VALUE, C_CONV, C_TIER, C_PLATFORM, C_CATEGORY, NCOL };

/* Read the candidates. Returns 0, or -1 with a message in err. */
static int read_candidates(const char *path, int objective, cand_set *cs,
                           int *has_value_col, int *has_conv_col, char *err,
                           size_t err_size)
{
    static const char *const names[NCOL] = {
        "id", "cost", "value", "conversions", "tier", "platform", "category"};
    csv_reader *in = csv_reader_open(path, err, err_size);
    const char *shown;
    csv_row row;
    long col[NCOL];
    kol_cli_unknown unknown;
    kol_cli_id_spaces id_spaces = {0, 0, ""};
    size_t ncols;
    int rc;

    if (in == NULL)
        return -1;
    shown = csv_reader_path(in);
    rc = csv_reader_next(in, &row);
    if (rc != CSV_READER_ROW) {
        if (rc == CSV_READER_ERROR)
            snprintf(err, err_size, "%s", csv_reader_error(in));
        else
            snprintf(err, err_size, "%s: the file is empty: expected a "
                                    "header row 'id,cost,value,conversions,"
                                    "tier,platform,category'",
                     shown);
        goto fail;
    }
    if (cc_header(&row, shown, names, NCOL, col, &unknown, err, err_size) !=
        0)
        goto fail;
    {
        const char *need = col[C_ID] < 0     ? "id"
                           : col[C_COST] < 0 ? "cost"
                           : (objective == KOL_PLAN_OBJECTIVE_VALUE &&
                              col[C_VALUE] < 0)
                               ? "value"
                           : (objective == KOL_PLAN_OBJECTIVE_CONVERSIONS &&
                              col[C_CONV] < 0)
                               ? "conversions"
                               : NULL;
        if (need) {
            snprintf(err, err_size, "%s: row 1: the header has no '%s' "
                                    "column%s",
                     shown, need,
                     strcmp(need, "value") == 0 ? " (needed by --objective "
                                                  "value)"
                     : strcmp(need, "conversions") == 0
                         ? " (needed by --objective conversions)"
                         : "");
            goto fail;
        }
    }
    kol_cli_unknown_warn(&unknown, shown);
    *has_value_col = col[C_VALUE] >= 0;
    *has_conv_col = col[C_CONV] >= 0;
    ncols = row.ncells;
    while ((rc = csv_reader_next(in, &row)) == CSV_READER_ROW) {
        double num[3] = {0, 0, 0};
        unsigned char have[3] = {0, 0, 0};
        int32_t code[3] = {-1, -1, -1};
        const char *id;
        size_t idlen, n, k;
        char *why = NULL, shown_id[48];
        long found;

        cs->rows++;
        if (row.ncells != ncols) {
            why = csv_cells_reason(row.ncells, ncols);
            goto reject;
        }
        id = row.cells[col[C_ID]];
        idlen = row.lens[col[C_ID]];
        if (idlen == 0) {
            why = kol_cli_asprintf("empty id");
            goto reject;
        }
        for (k = 0; k < NCOL; k++) {
            if (col[k] >= 0 && cc_has_nul(row.cells[col[k]],
                                          row.lens[col[k]])) {
                why = kol_cli_asprintf("column '%s': the cell holds a NUL "
                                       "byte",
                                       names[k]);
                goto reject;
            }
        }
        /* the id as messages show it: any bytes may be an id */
        kol_cli_printable(shown_id, sizeof shown_id, id, idlen, 40);
        found = cc_map_find(&cs->ids, id, idlen);
        if (found >= 0) {
            why = kol_cli_asprintf("id '%s' already on row %llu", shown_id,
                                   (unsigned long long)cs->row[found]);
            goto reject;
        }
        for (k = 0; k < 3; k++) {
            long c = col[C_COST + k];
            if (c < 0 || row.lens[c] == 0)
                continue;
            if (cc_number_cell(names[C_COST + k], row.cells[c], row.lens[c],
                               0.0, AMOUNT_MAX, &num[k], &why) != 0)
                goto reject_id;
            have[k] = 1;
        }
        if (!have[0]) {
            why = kol_cli_asprintf("no cost (the column is required)");
            goto reject_id;
        }
        if (objective == KOL_PLAN_OBJECTIVE_VALUE && !have[1]) {
            why = kol_cli_asprintf("no value (needed by --objective value)");
            goto reject_id;
        }
        if (objective == KOL_PLAN_OBJECTIVE_CONVERSIONS && !have[2]) {
            why = kol_cli_asprintf("no conversions (needed by --objective "
                                   "conversions)");
            goto reject_id;
        }
        for (k = 0; k < 3; k++) {
            cc_map *m = k == 0 ? &cs->tiers
                        : k == 1 ? &cs->platforms
                                 : &cs->categories;
            long c = col[C_TIER + k];
            if (c < 0 || row.lens[c] == 0)
                continue;
            if (k < 2) {
                /* tier and platform names: ASCII case does not count */
                char *name = kol_cli_strndup(row.cells[c], row.lens[c]);
                if (name == NULL)
                    goto nomem;
                cc_ascii_lower(name, row.lens[c]);
                code[k] = group_code(m, name, row.lens[c]);
                free(name);
            } else {
                code[k] = group_code(m, row.cells[c], row.lens[c]);
            }
            if (code[k] == -3)
                goto nomem;
            if (code[k] == -2) {
                why = kol_cli_asprintf("more than %d distinct %ss",
                                       KOL_PLAN_MAX_CODE + 1,
                                       names[C_TIER + k]);
                goto reject_id;
            }
        }
        n = cs->ids.n;
        if (n >= KOL_PLAN_MAX_CANDIDATES) {
            snprintf(err, err_size, "%s: row %llu: more than %u candidates",
                     shown, (unsigned long long)row.number,
                     KOL_PLAN_MAX_CANDIDATES);
            goto fail;
        }
#define GROW(arr, i)                                                         \
    do {                                                                     \
        void *p_ = kol_cli_grow(cs->arr, &cs->cap[i], n + 1,                 \
                                sizeof *cs->arr);                            \
        if (p_ == NULL)                                                      \
            goto nomem;                                                      \
        cs->arr = p_;                                                        \
    } while (0)
        GROW(row, 0);
        GROW(cost, 1);
        GROW(value, 2);
        GROW(conv, 3);
        GROW(has_value, 4);
        GROW(has_conv, 5);
        GROW(tier, 6);
        GROW(platform, 7);
        GROW(category, 8);
#undef GROW
        if (cc_map_add(&cs->ids, id, idlen, NULL) < 0)
            goto nomem;
        kol_cli_id_spaces_note(&id_spaces, row.number, id, idlen);
        cs->row[n] = row.number;
        cs->cost[n] = num[0];
        cs->value[n] = num[1];
        cs->conv[n] = num[2];
        cs->has_value[n] = have[1];
        cs->has_conv[n] = have[2];
        cs->tier[n] = code[0];
        cs->platform[n] = code[1];
        cs->category[n] = code[2];
        continue;
    reject_id:
        if (why) {
            char *full = kol_cli_asprintf("candidate '%s': %s", shown_id,
                                          why);
            free(why);
            why = full;
        }
    reject:
        if (cc_rejects_add(&cs->rejects, row.number, why) != 0)
            goto nomem;
    }
    if (rc == CSV_READER_ERROR) {
        snprintf(err, err_size, "%s", csv_reader_error(in));
        goto fail;
    }
    if (cs->ids.n == 0) {
        snprintf(err, err_size, "%s: no candidate to choose from%s", shown,
                 cs->rejects.n ? " (every row was rejected)" : "");
        cc_rejects_warn(&cs->rejects, shown);
        goto fail;
    }
    kol_cli_id_spaces_warn(&id_spaces, shown, "id");
    csv_reader_close(in);
    return 0;
nomem:
    snprintf(err, err_size, "%s: out of memory", shown);
fail:
    csv_reader_close(in);
    return -1;
}

/* Mark the ids of a comma-separated list with a choice. Returns 0, or an
 * exit code (error reported). */
/* Whether the comma-separated list holds the id p (len bytes). */
static int in_list(const char *list, const char *p, size_t len)
{
    while (list && *list) {
        const char *end = strchr(list, ',');
        size_t n = end ? (size_t)(end - list) : strlen(list);
        if (n == len && memcmp(list, p, len) == 0)
            return 1;
        list += n;
        if (*list == ',')
            list++;
    }
    return 0;
}

/* Check a --require or --exclude list before anything is read, as the
 * NAME:MIN:MAX lists are checked: an empty list, an empty id, an id given
 * twice or also in the list `other` (--require against --exclude) is a
 * usage error. Returns 0 or KOL_CLI_EXIT_USAGE (reported). */
static int check_choice_list(const char *opt, const char *list,
                             const char *other)
{
    const char *p = list;
    if (*list == '\0') {
        kol_cli_error("%s: empty list", opt);
        return KOL_CLI_EXIT_USAGE;
    }
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0) {
            kol_cli_error("%s: empty id in '%s'", opt, list);
            return KOL_CLI_EXIT_USAGE;
        }
        if (end && in_list(end + 1, p, len)) {
            kol_cli_error("%s: '%.*s' is given twice", opt, (int)len, p);
            return KOL_CLI_EXIT_USAGE;
        }
        if (in_list(other, p, len)) {
            kol_cli_error("'%.*s' is both required and excluded", (int)len,
                          p);
            return KOL_CLI_EXIT_USAGE;
        }
        if (end == NULL)
            return 0;
        p = end + 1;
    }
}

/* Set the choice of every id of list (checked by check_choice_list). */
static int apply_choice(kol_planner *pl, const cand_set *cs, const char *opt,
                        const char *list, int choice)
{
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        long k = cc_map_find(&cs->ids, p, len);
        if (k < 0) {
            kol_cli_error("%s: '%.*s' is not a candidate", opt, (int)len, p);
            return KOL_CLI_EXIT_FAILURE;
        }
        if (kol_planner_set_choice(pl, (size_t)k, choice) != KOL_STATUS_OK) {
            kol_cli_error("%s", "cannot set a choice");
            return KOL_CLI_EXIT_FAILURE;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* One output row: id,cost,value,tier[,reason],marginal_gain. */
static void print_cand(const cand_set *cs, size_t k, const char *reason,
                       double gain)
{
    cc_csv_cell(stdout, cs->ids.keys[k]);
    fputc(',', stdout);
    cc_print_num(stdout, cs->cost[k]);
    fputc(',', stdout);
    if (cs->has_value[k])
        cc_print_num(stdout, cs->value[k]);
    fputc(',', stdout);
    if (cs->tier[k] >= 0)
        cc_csv_cell(stdout, cs->tiers.keys[cs->tier[k]]);
    fputc(',', stdout);
    if (reason) {
        fputs(reason, stdout);
        fputc(',', stdout);
    }
    cc_print_num(stdout, gain);
    fputc('\n', stdout);
}

/* The library's message with the tiers, platforms and categories it
 * names by code ("platform 0") named as in the candidates ("platform
 * 'douyin'"), the candidates it names by position ("candidate 1") by
 * their ids ("candidate 'h2'"), and its work limit parameter by the
 * option that sets it; a code or position without a name stays a
 * number. Written to buf (truncated to its size). */
static void named_message(const char *msg, const cand_set *cs, char *buf,
                          size_t size)
{
    static const char *const words[4] = {"tier ", "platform ", "category ",
                                         "candidate "};
    static const char param[] = "KOL_PLAN_PARAM_WORK_LIMIT";
    const cc_map *maps[4];
    size_t o = 0, i = 0;
    maps[0] = &cs->tiers;
    maps[1] = &cs->platforms;
    maps[2] = &cs->categories;
    maps[3] = &cs->ids;
    while (msg[i] != '\0' && o + 1 < size) {
        int w, done = 0;
        /* any bytes may be an id or a tier, platform or category name:
         * shown as other messages show them */
        char shown[48];
        if (strncmp(msg + i, param, sizeof param - 1) == 0) {
            o += (size_t)snprintf(buf + o, size - o, "--work-limit");
            if (o >= size)
                o = size - 1;
            i += sizeof param - 1;
            continue;
        }
        for (w = 0; w < 4 && !done; w++) {
            size_t wl = strlen(words[w]), j = i + wl, code = 0;
            if (strncmp(msg + i, words[w], wl) != 0 ||
                (i > 0 && isalnum((unsigned char)msg[i - 1])) ||
                !isdigit((unsigned char)msg[j]))
                continue;
            while (isdigit((unsigned char)msg[j]) && code < 100000000u)
                code = code * 10 + (size_t)(msg[j++] - '0');
            if (isalnum((unsigned char)msg[j]) || code >= maps[w]->n)
                continue;
            kol_cli_printable(shown, sizeof shown, maps[w]->keys[code],
                              maps[w]->lens[code], 40);
            o += (size_t)snprintf(buf + o, size - o, "%s'%s'", words[w],
                                  shown);
            if (o >= size)
                o = size - 1;
            i = j;
            done = 1;
        }
        if (!done)
            buf[o++] = msg[i++];
    }
    buf[o < size ? o : size - 1] = '\0';
}

int kol_cli_plan_run(int argc, char **argv)
{
    const char *path = NULL, *budget_arg = NULL, *obj_arg = "value",
               *aud_path = NULL, *tier_arg = NULL, *share_arg = NULL,
               *catmax_arg = NULL, *require_arg = NULL, *exclude_arg = NULL,
               *prec_arg = NULL, *rej_arg = NULL, *work_arg = NULL;
    int strict = 0, i, m, objective, precision = KOL_SKETCH_DEFAULT_PRECISION;
    int rc = KOL_CLI_EXIT_FAILURE, has_value_col = 0, has_conv_col = 0;
    double budget = 0.0, rejected_n = 10.0, work = 0.0;
    limit_list tiers, shares, catmax;
    kol_ctx *ctx = NULL;
    kol_planner *pl = NULL;
    kol_plan *plan = NULL;
    /* the audiences given to the planner, which copies them: borrowed
     * from aud, or the one empty sketch of the candidates without a row */
    const kol_sketch **sk = NULL;
    kol_sketch *empty = NULL;
    audience_set aud;
    cand_set cs;
    char err[1024];
    size_t k, n = 0;
    kol_status s;

    memset(&tiers, 0, sizeof tiers);
    memset(&shares, 0, sizeof shares);
    memset(&catmax, 0, sizeof catmax);
    memset(&aud, 0, sizeof aud);
    memset(&cs, 0, sizeof cs);
    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--budget",
                                   &budget_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--objective",
                                   &obj_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--audience",
                                   &aud_path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--tier-limits",
                                   &tier_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--platform-share",
                                   &share_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--category-max",
                                   &catmax_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--require",
                                   &require_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--exclude",
                                   &exclude_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--precision",
                                   &prec_arg)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--rejected", &rej_arg)) !=
                0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--work-limit",
                                   &work_arg)) != 0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol plan --help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv CANDIDATES (see 'kol plan --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (budget_arg == NULL) {
        kol_cli_error("missing --budget B (see 'kol plan --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (cc_parse_number(budget_arg, strlen(budget_arg), &budget) != 0 ||
        !isfinite(budget) || budget <= 0.0 || budget > AMOUNT_MAX) {
        kol_cli_error("--budget '%s': expected a number above 0 (at most "
                      "2^53)",
                      budget_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(obj_arg, "value") == 0)
        objective = KOL_PLAN_OBJECTIVE_VALUE;
    else if (strcmp(obj_arg, "conversions") == 0)
        objective = KOL_PLAN_OBJECTIVE_CONVERSIONS;
    else if (strcmp(obj_arg, "reach") == 0)
        objective = KOL_PLAN_OBJECTIVE_REACH;
    else {
        kol_cli_error("unknown --objective '%s' (expected value, conversions "
                      "or reach)",
                      obj_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (aud_path != NULL && *aud_path == '\0') {
        kol_cli_error("--audience needs a file name");
        return KOL_CLI_EXIT_USAGE;
    }
    if (objective == KOL_PLAN_OBJECTIVE_REACH && aud_path == NULL) {
        kol_cli_error("--objective reach needs --audience FILE");
        return KOL_CLI_EXIT_USAGE;
    }
    if (aud_path && strcmp(aud_path, "-") == 0 && strcmp(path, "-") == 0) {
        kol_cli_error("--csv and --audience cannot both read standard input");
        return KOL_CLI_EXIT_USAGE;
    }
    if (prec_arg) {
        double v;
        if (aud_path == NULL) {
            /* as kol roi: an option that would change nothing */
            kol_cli_error("--precision is for --audience, which is not "
                          "given");
            return KOL_CLI_EXIT_USAGE;
        }
        if (cc_parse_number(prec_arg, strlen(prec_arg), &v) != 0 ||
            !(v >= KOL_SKETCH_MIN_PRECISION && v <= KOL_SKETCH_MAX_PRECISION) ||
            v != floor(v)) {
            kol_cli_error("--precision '%s': expected an integer from %d to "
                          "%d",
                          prec_arg, KOL_SKETCH_MIN_PRECISION,
                          KOL_SKETCH_MAX_PRECISION);
            return KOL_CLI_EXIT_USAGE;
        }
        precision = (int)v;
    }
    if (rej_arg &&
        (cc_parse_number(rej_arg, strlen(rej_arg), &rejected_n) != 0 ||
         !(rejected_n >= 0 && rejected_n <= 1000000) ||
         rejected_n != floor(rejected_n))) {
        kol_cli_error("--rejected '%s': expected an integer from 0 to "
                      "1000000",
                      rej_arg);
        return KOL_CLI_EXIT_USAGE;
    }
    if (work_arg) {
        double lo = 0.0, hi = 0.0;
        kol_plan_param_bounds(KOL_PLAN_PARAM_WORK_LIMIT, &lo, &hi, NULL);
        if (cc_parse_number(work_arg, strlen(work_arg), &work) != 0 ||
            !(work >= lo && work <= hi)) {
            kol_cli_error("--work-limit '%s': expected a number from %g to "
                          "%g",
                          work_arg, lo, hi);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if ((exclude_arg && check_choice_list("--exclude", exclude_arg,
                                          require_arg) != 0) ||
        (require_arg && check_choice_list("--require", require_arg,
                                          exclude_arg) != 0))
        return KOL_CLI_EXIT_USAGE;
    if ((tier_arg && (m = parse_limits("--tier-limits", tier_arg, 2, 1,
                                       &tiers)) != 0) ||
        (share_arg && (m = parse_limits("--platform-share", share_arg, 2, 1,
                                        &shares)) != 0) ||
        (catmax_arg && (m = parse_limits("--category-max", catmax_arg, 1, 0,
                                         &catmax)) != 0)) {
        rc = m;
        goto out;
    }
    for (k = 0; k < tiers.n; k++) {
        limit_item *t = &tiers.v[k];
        const char *why =
            (!isnan(t->a) && t->a != floor(t->a)) ||
                    (!isnan(t->b) && t->b != floor(t->b))
                ? "MIN and MAX are whole numbers"
            : (!isnan(t->a) && t->a > COUNT_MAX) ||
                    (!isnan(t->b) && t->b > COUNT_MAX)
                ? "MIN and MAX are at most " COUNT_MAX_TEXT
                  " (an empty MAX is no maximum)"
            : (!isnan(t->a) && !isnan(t->b) && t->a > t->b)
                ? "MIN is above MAX"
                : NULL;
        if (why != NULL) {
            kol_cli_error("--tier-limits: '%s': %s", t->name, why);
            rc = KOL_CLI_EXIT_USAGE;
            goto out;
        }
    }
    for (k = 0; k < shares.n; k++) {
        limit_item *t = &shares.v[k];
        double lo = isnan(t->a) ? 0.0 : t->a, hi = isnan(t->b) ? 1.0 : t->b;
        if (lo > 1.0 || hi > 1.0 || lo > hi) {
            kol_cli_error("--platform-share: '%s': shares are in [0, 1] "
                          "with MIN <= MAX",
                          t->name);
            rc = KOL_CLI_EXIT_USAGE;
            goto out;
        }
    }
    for (k = 0; k < catmax.n; k++) {
        limit_item *t = &catmax.v[k];
        if (isnan(t->a) || t->a != floor(t->a) || t->a > COUNT_MAX) {
            kol_cli_error("--category-max: '%s': MAX is %s", t->name,
                          isnan(t->a) || t->a != floor(t->a)
                              ? "a whole number"
                              : "at most " COUNT_MAX_TEXT);
            rc = KOL_CLI_EXIT_USAGE;
            goto out;
        }
    }

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_planner_new(ctx, &pl)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    if (read_candidates(path, objective, &cs, &has_value_col, &has_conv_col,
                        err, sizeof err) != 0) {
        kol_cli_error("%s", err);
        goto out;
    }
    n = cs.ids.n;
    cc_rejects_warn(&cs.rejects,
                    strcmp(path, "-") ? path : "standard input");

    s = kol_planner_set_candidates(pl, cs.cost, has_value_col ? cs.value : NULL,
                                   has_conv_col ? cs.conv : NULL, cs.tier,
                                   cs.platform, cs.category, n);
    if (s != KOL_STATUS_OK)
        goto libfail;
    if ((s = kol_planner_set_param(pl, KOL_PLAN_PARAM_BUDGET, budget)) !=
            KOL_STATUS_OK ||
        (s = kol_planner_set_param(pl, KOL_PLAN_PARAM_OBJECTIVE,
                                   (double)objective)) != KOL_STATUS_OK ||
        (s = kol_planner_set_param(pl, KOL_PLAN_PARAM_REJECT_REPORT,
                                   rejected_n)) != KOL_STATUS_OK ||
        (work_arg &&
         (s = kol_planner_set_param(pl, KOL_PLAN_PARAM_WORK_LIMIT, work)) !=
             KOL_STATUS_OK))
        goto libfail;

    /* Group limits: names not among the candidates still get a code (a
     * minimum on them then makes the plan infeasible, as it should). */
    for (k = 0; k < tiers.n; k++) {
        limit_item *t = &tiers.v[k];
        int32_t code = group_code(&cs.tiers, t->name, strlen(t->name));
        if (code < 0) {
            kol_cli_error("--tier-limits: too many tiers");
            goto out;
        }
        s = kol_planner_set_tier_limit(
            pl, code, isnan(t->a) ? 0u : (uint32_t)t->a,
            isnan(t->b) ? UINT32_MAX : (uint32_t)t->b);
        if (s != KOL_STATUS_OK)
            goto libfail;
    }
    for (k = 0; k < shares.n; k++) {
        limit_item *t = &shares.v[k];
        int32_t code = group_code(&cs.platforms, t->name, strlen(t->name));
        if (code < 0) {
            kol_cli_error("--platform-share: too many platforms");
            goto out;
        }
        s = kol_planner_set_platform_share(pl, code,
                                           isnan(t->a) ? 0.0 : t->a,
                                           isnan(t->b) ? 1.0 : t->b);
        if (s != KOL_STATUS_OK)
            goto libfail;
    }
    for (k = 0; k < catmax.n; k++) {
        limit_item *t = &catmax.v[k];
        int32_t code = group_code(&cs.categories, t->name, strlen(t->name));
        if (code < 0) {
            kol_cli_error("--category-max: too many categories");
            goto out;
        }
        s = kol_planner_set_category_max(pl, code, (uint32_t)t->a);
        if (s != KOL_STATUS_OK)
            goto libfail;
    }
    if ((exclude_arg && (m = apply_choice(pl, &cs, "--exclude", exclude_arg,
                                          KOL_PLAN_CHOICE_EXCLUDE)) != 0) ||
        (require_arg && (m = apply_choice(pl, &cs, "--require", require_arg,
                                          KOL_PLAN_CHOICE_REQUIRE)) != 0)) {
        rc = m;
        goto out;
    }

    if (aud_path) {
        size_t missing = 0, unused = 0;
        if (audience_load(ctx, aud_path, precision, &aud, err, sizeof err) !=
            0) {
            kol_cli_error("%s", err);
            goto out;
        }
        cc_rejects_warn(&aud.rejects,
                        strcmp(aud_path, "-") ? aud_path : "standard input");
        sk = calloc(n, sizeof *sk);
        if (sk == NULL) {
            kol_cli_error("out of memory");
            goto out;
        }
        for (k = 0; k < n; k++) {
            long a = cc_map_find(&aud.kols, cs.ids.keys[k], cs.ids.lens[k]);
            if (a >= 0) {
                sk[k] = aud.sketches[a];
                continue;
            }
            missing++;
            if (empty == NULL &&
                (s = kol_sketch_new(ctx, precision, KOL_SKETCH_DEFAULT_SEED,
                                    &empty)) != KOL_STATUS_OK)
                goto libfail;
            sk[k] = empty;
        }
        for (k = 0; k < aud.kols.n; k++)
            if (cc_map_find(&cs.ids, aud.kols.keys[k], aud.kols.lens[k]) < 0)
                unused++;
        if (missing)
            kol_cli_warn("%s: %zu candidate%s no follower row: %s audience "
                         "counts 0",
                         aud_path, missing, missing > 1 ? "s have" : " has",
                         missing > 1 ? "their" : "its");
        if (unused)
            kol_cli_warn("%s: %zu KOL%s not a candidate: ignored", aud_path,
                         unused, unused > 1 ? "s are" : " is");
        s = kol_planner_set_audiences(pl, sk, n);
        if (s != KOL_STATUS_OK)
            goto libfail;
    }

    s = kol_planner_run(pl, &plan);
    if (s != KOL_STATUS_OK) {
        char named[2048];
        named_message(kol_ctx_last_error(ctx), &cs, named, sizeof named);
        /* a search that stopped at the work limit has not shown that the
         * constraints cannot be met (the status's own words): the message
         * says where it stopped */
        if (s == KOL_STATUS_INFEASIBLE && strstr(named, "at the work limit"))
            kol_cli_error("no plan: %s", named);
        else
            kol_cli_error("no plan: %s (%s)", named, kol_status_str(s));
        goto out;
    }

    fputs("id,cost,value,tier,marginal_gain\n", stdout);
    for (k = 0; k < kol_plan_size(plan); k++) {
        size_t c = 0;
        double g = 0.0;
        if ((s = kol_plan_pick(plan, k, &c, &g)) != KOL_STATUS_OK)
            goto libfail;
        print_cand(&cs, c, NULL, g);
    }
    {
        double g = kol_plan_guarantee(plan);
        char a[40], b[40], c[40];
        printf("\nspend %s of budget %s; objective %s: %s; picks %zu; ",
               cc_fmt_num(a, sizeof a, kol_plan_spend(plan)),
               cc_fmt_num(b, sizeof b, budget), obj_arg,
               cc_fmt_num(c, sizeof c, kol_plan_objective(plan)),
               kol_plan_size(plan));
        if (kol_plan_method(plan) == KOL_PLAN_METHOD_EXACT)
            printf("method exact (optimal)");
        else if (g > 0.0)
            printf("method greedy, depth %d (at least %.4g of the optimum)",
                   kol_plan_depth(plan), g);
        else
            printf("method greedy, depth %d (no guarantee claimed with tier, "
                   "platform or category limits)",
                   kol_plan_depth(plan));
        if (aud_path && objective != KOL_PLAN_OBJECTIVE_REACH) {
            /* The unique reach of the plan, for information. */
            size_t np = kol_plan_size(plan), j;
            const kol_sketch **chosen =
                kol_cli_alloc_array(np, sizeof *chosen);
            double reach = 0.0;
            if (chosen == NULL) {
                kol_cli_error("out of memory");
                goto out;
            }
            for (j = 0; j < np; j++) {
                size_t c2 = 0;
                kol_plan_pick(plan, j, &c2, NULL);
                chosen[j] = sk[c2];
            }
            s = kol_sketch_union_estimate(chosen, np, &reach);
            free(chosen);
            if (s != KOL_STATUS_OK)
                goto libfail;
            printf("; unique reach %s", cc_fmt_num(a, sizeof a, reach));
        }
        fputc('\n', stdout);
    }
    fputs("\nrejected,cost,value,tier,reason,marginal_gain\n", stdout);
    for (k = 0; k < kol_plan_rejected_count(plan); k++) {
        size_t c = 0;
        int32_t why = 0;
        double g = 0.0;
        const char *name;
        if ((s = kol_plan_rejected(plan, k, &c, &why, &g)) != KOL_STATUS_OK)
            goto libfail;
        name = kol_plan_reason_name(why);
        print_cand(&cs, c, name ? name : "unknown", g);
    }
    rc = KOL_CLI_EXIT_OK;
    /* the shared rule: any rejected row, of the candidates or of the
     * audience file (as kol roi counts them) */
    if (strict && cs.rejects.n + aud.rejects.n > 0) {
        kol_cli_error("%zu row%s rejected (--strict)",
                      cs.rejects.n + aud.rejects.n,
                      cs.rejects.n + aud.rejects.n > 1 ? "s" : "");
        rc = KOL_CLI_EXIT_FAILURE;
    }
    goto out;
libfail:
    kol_cli_error("%s (%s)", kol_ctx_last_error(ctx), kol_status_str(s));
    rc = KOL_CLI_EXIT_FAILURE;
out:
    kol_sketch_free(empty);
    free(sk);
    kol_plan_free(plan);
    kol_planner_free(pl);
    audience_free(&aud);
    cands_free(&cs);
    limits_free(&tiers);
    limits_free(&shares);
    limits_free(&catmax);
    kol_ctx_free(ctx);
    return rc;
}
