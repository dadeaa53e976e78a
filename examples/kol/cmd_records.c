/*
 * cmd_records.c - `kol records --csv FILE`: load KOL records from a CSV
 * file into a roster (through the library's callback API, see
 * roster_csv.c) and summarize what was loaded and what was rejected.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kol.h>

#include "cli.h"
#include "cmd_common.h"
#include "roster_csv.h"

/* Print the metric names libkol knows, wrapped, those whose bounds match
 * pick(min, max). */
static void list_metrics(FILE *out, int (*pick)(double, double))
{
    uint32_t m, n = kol_metric_count();
    size_t col = 4;

    fputs("    ", out);
    for (m = 0; m < n; m++) {
        const char *name = kol_metric_name((int)m);
        double lo, hi;
        if (name == NULL ||
            kol_metric_bounds((int)m, &lo, &hi) != KOL_STATUS_OK ||
            !pick(lo, hi))
            continue;
        if (col > 4 && col + strlen(name) + 2 > 76) {
            fputs(",\n    ", out);
            col = 4;
        } else if (col > 4) {
            fputs(", ", out);
            col += 2;
        }
        fputs(name, out);
        col += strlen(name);
    }
    fputc('\n', out);
}

static int is_ratio(double lo, double hi)
{
    return lo == 0.0 && hi == 1.0;
}

static int is_signed(double lo, double hi)
{
    (void)hi;
    return lo < 0.0;
}

static int is_plain(double lo, double hi)
{
    return !is_ratio(lo, hi) && !is_signed(lo, hi);
}

void kol_cli_records_help(FILE *out)
{
    fputs(
        "usage: kol records --csv FILE [--strict] [--format text|json]\n"
        "\n"
        "Load KOL records from a CSV file and print a summary: records\n"
        "loaded, records rejected, records per platform, and every rejected\n"
        "row as 'row N: <reason>'.\n"
        "\n"
        "options:\n"
        "  --csv FILE       the CSV file to read ('-' reads standard input)\n"
        "  --strict         exit 1 when any row is rejected\n"
        "  --format FORMAT  'text' (the default) or 'json'\n"
        "\n"
        "The file starts with a header row naming its columns, in any order\n"
        "(names are matched without regard to case). Every column is\n"
        "optional except 'id'.\n"
        "  Text: id, name, platform, category.\n"
        "  Metrics, named as libkol names them; counts and amounts (money,\n"
        "  in one currency, e.g. CNY) >= 0:\n",
        out);
    list_metrics(out, is_plain);
    fputs("  signed counts:\n", out);
    list_metrics(out, is_signed);
    fputs("  ratios in [0, 1]:\n", out);
    list_metrics(out, is_ratio);
    fputs(
        "  Portrait: portrait_gender, portrait_age, portrait_region,\n"
        "  portrait_interest (portrait_ and a libkol dimension name): the\n"
        "  audience portrait, each cell 'label:share' items separated by\n"
        "  ';', e.g. female:0.62;male:0.38 or 18-24:0.57;25-30:0.43. Shares\n"
        "  are in any unit (libkol divides them by their sum); spaces\n"
        "  around items are ignored; the label is everything before the\n"
        "  item's last ':'; an empty cell leaves the dimension unset.\n"
        "\n"
        "Other columns are ignored with a warning. An empty cell is a\n"
        "missing value (not zero). A number must fill its whole cell\n"
        "(12, 3.5, 1e6); NaN, infinities and values outside a metric's\n"
        "domain are refused by libkol with its own message.\n"
        "\n"
        "Row numbers count CSV records: the header is row 1, so the first\n"
        "data row is row 2. Blank lines are not records and are not\n"
        "counted; a quoted cell may span lines, but libkol refuses a line\n"
        "break (a control character) in every text cell: id, name,\n"
        "platform, category and portrait labels; a multi-line cell is only\n"
        "usable in a column that is ignored. A row is rejected (and the\n"
        "others still load) when:\n"
        "  - it has a different number of cells than the header (a row of\n"
        "    more than 65536 cells too);\n"
        "  - a cell holds a NUL byte;\n"
        "  - a metric cell is not a number, or libkol refuses a value (a\n"
        "    number out of its domain; a text with a control character,\n"
        "    invalid UTF-8 or more than 1024 bytes);\n"
        "  - a portrait cell has an item that is not label:share, a label\n"
        "    given twice or refused as text is, a negative or non-finite\n"
        "    share, only shares of 0, or more than 4096 labels;\n"
        "  - disputes is above cooperations (the value model refuses the\n"
        "    pair);\n"
        "  - the record has no id, or an id already loaded.\n"
        "A reason that quotes text from the file (an id, a cell) shows a\n"
        "control character, a bidirectional control or an invalid byte in\n"
        "it as '?'.\n"
        "\n"
        "The file is UTF-8 text (libkol refuses other encodings, such as\n"
        "GBK, in text cells); it may use LF, CRLF or CR line endings and\n"
        "may start with a byte order mark. It is read incrementally, never\n"
        "whole. A cell longer than 1 MiB (1048576 bytes, an unbalanced\n"
        "quote?) or a header of more than 65536 columns ends the reading:\n"
        "exit 1, with a message naming the row.\n"
        "\n"
        "Exit status: 0 when the file was read (even with rejected rows,\n"
        "unless --strict); 1 when it cannot be opened or read, is empty,\n"
        "malformed (a stray quote, a cell or header over the limits above),\n"
        "or has no 'id' column, or with --strict and a rejected row; 2 on a\n"
        "usage error.\n",
        out);
}

/* Records per platform. */
typedef struct platform_count {
    const char *name; /* owned by a record of the roster; NULL: none */
    size_t count;
} platform_count;


/* Platform names compare with ASCII letters in lower case, as tiering
 * matches them ("Douyin" is douyin). */
static int name_cmp(const char *x, const char *y)
{
    for (;; x++, y++) {
        int a = tolower((unsigned char)*x), b = tolower((unsigned char)*y);
        if (a != b || a == 0)
            return (a > b) - (a < b);
    }
}

static int cmp_platform(const void *a, const void *b)
{
    const platform_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if (x->name == NULL || y->name == NULL) /* "no platform" goes last */
        return (x->name == NULL) - (y->name == NULL);
    return name_cmp(x->name, y->name);
}

/* Order of platform names: by name, "no platform" (NULL) last. */
static int cmp_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (x == NULL || y == NULL)
        return (x == NULL) - (y == NULL);
    return name_cmp(x, y);
}


/* Count the records of roster per platform, sorted by count (descending)
 * then name. Sorting the names first keeps this O(n log n) however many
 * distinct platforms there are. Returns the array (*n entries; NULL with
 * *n = 0 for an empty roster); sets *nomem on allocation failure. */
static platform_count *count_platforms(const kol_roster *roster, size_t *n,
                                       int *nomem)
{
    size_t size = kol_roster_size(roster), i, m = 0;
    const char **names;
    platform_count *pc;

    *n = 0;
    *nomem = 0;
    if (size == 0)
        return NULL;
    names = kol_cli_alloc_array(size, sizeof *names);
    pc = kol_cli_alloc_array(size, sizeof *pc);
    if (names == NULL || pc == NULL) {
        free(names);
        free(pc);
        *nomem = 1;
        return NULL;
    }
    for (i = 0; i < size; i++) {
        const kol_record *rec = NULL;
        names[i] = kol_roster_at(roster, i, &rec) == KOL_STATUS_OK
                       ? kol_record_text(rec, KOL_TEXT_PLATFORM)
                       : NULL;
    }
    qsort(names, size, sizeof *names, cmp_name);
    for (i = 0; i < size; i++) {
        if (m > 0 && cmp_name(&names[i], &pc[m - 1].name) == 0) {
            pc[m - 1].count++;
        } else {
            pc[m].name = names[i];
            pc[m].count = 1;
            m++;
        }
    }
    free(names);
    qsort(pc, m, sizeof *pc, cmp_platform);
    *n = m;
    return pc;
}

static void print_text(const char *path, const roster_csv_result *res,
                       const platform_count *pc, size_t npc)
{
    size_t i, width = 8;

    printf("file: %s\n", path);
    printf("records loaded: %llu\n", (unsigned long long)res->loaded);
    printf("records rejected: %zu\n", res->nrejects);
    for (i = 0; i < npc; i++)
        if (pc[i].name && cc_display_width(pc[i].name) > width)
            width = cc_display_width(pc[i].name); /* (case keeps widths) */
    if (npc > 0) {
        printf("\nrecords per platform:\n");
        for (i = 0; i < npc; i++) {
            char *low = pc[i].name ? cc_lower_dup(pc[i].name, strlen(pc[i].name)) : NULL;
            fputs("  ", stdout);
            cc_print_left(stdout,
                          low ? low : (pc[i].name ? pc[i].name : "(none)"),
                          width);
            printf(" %6zu\n", pc[i].count);
            free(low);
        }
    }
    if (res->nrejects > 0) {
        printf("\nrejected rows:\n");
        for (i = 0; i < res->nrejects; i++)
            printf("row %llu: %s\n", (unsigned long long)res->rejects[i].row,
                   res->rejects[i].reason);
    }
}

static void print_json(const char *path, const roster_csv_result *res,
                       const platform_count *pc, size_t npc)
{
    size_t i;

    fputs("{\n  \"file\": ", stdout);
    kol_cli_json_string(stdout, path);
    printf(",\n  \"rows\": %llu,\n  \"loaded\": %llu,\n  \"rejected\": %zu,\n",
           (unsigned long long)res->rows, (unsigned long long)res->loaded,
           res->nrejects);
    fputs("  \"platforms\": [", stdout);
    for (i = 0; i < npc; i++) {
        fputs(i ? ",\n    {\"platform\": " : "\n    {\"platform\": ", stdout);
        if (pc[i].name) {
            char *low = cc_lower_dup(pc[i].name, strlen(pc[i].name));
            kol_cli_json_string(stdout, low ? low : pc[i].name);
            free(low);
        } else {
            fputs("null", stdout);
        }
        printf(", \"records\": %zu}", pc[i].count);
    }
    fputs(npc ? "\n  ],\n" : "],\n", stdout);
    fputs("  \"rejected_rows\": [", stdout);
    for (i = 0; i < res->nrejects; i++) {
        printf("%s    {\"row\": %llu, \"reason\": ", i ? ",\n" : "\n",
               (unsigned long long)res->rejects[i].row);
        kol_cli_json_string(stdout, res->rejects[i].reason);
        fputs("}", stdout);
    }
    fputs(res->nrejects ? "\n  ],\n" : "],\n", stdout);
    fputs("  \"ignored_columns\": [", stdout);
    for (i = 0; i < res->nunknown; i++) {
        if (i)
            fputs(", ", stdout);
        kol_cli_json_string(stdout, res->unknown_columns[i]);
    }
    fputs("]\n}\n", stdout);
}

int kol_cli_records_run(int argc, char **argv)
{
    const char *path = NULL, *format = "text", *shown;
    int strict = 0, json, i, m, nomem, rc = KOL_CLI_EXIT_FAILURE;
    kol_ctx *ctx = NULL;
    kol_roster *roster = NULL;
    roster_csv_result res;
    platform_count *pc = NULL;
    size_t npc = 0;
    kol_status s;

    for (i = 1; i < argc; i++) {
        if ((m = kol_cli_opt_value(argc, argv, &i, "--csv", &path)) != 0 ||
            (m = kol_cli_opt_value(argc, argv, &i, "--format", &format)) !=
                0) {
            if (m < 0)
                return KOL_CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = 1;
        } else {
            kol_cli_error("unexpected argument '%s' (see 'kol records "
                          "--help')",
                          argv[i]);
            return KOL_CLI_EXIT_USAGE;
        }
    }
    if (path == NULL || *path == '\0') {
        kol_cli_error("missing --csv FILE (see 'kol records --help')");
        return KOL_CLI_EXIT_USAGE;
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        kol_cli_error("unknown format '%s' (expected text or json)", format);
        return KOL_CLI_EXIT_USAGE;
    }
    json = format[0] == 'j';
    shown = strcmp(path, "-") == 0 ? "standard input" : path;

    if ((s = kol_ctx_new(&ctx)) != KOL_STATUS_OK ||
        (s = kol_roster_new(ctx, &roster)) != KOL_STATUS_OK) {
        kol_cli_error("cannot start libkol: %s", kol_status_str(s));
        goto out;
    }
    if (roster_csv_load(ctx, roster, path, &res) != 0) {
        kol_cli_error("%s", res.error);
        roster_csv_result_free(&res);
        goto out;
    }
    kol_cli_warn_unknown_columns(
        shown, (const char *const *)res.unknown_columns, res.nunknown);
    pc = count_platforms(roster, &npc, &nomem);
    if (nomem) {
        kol_cli_error("out of memory");
    } else {
        if (json)
            print_json(shown, &res, pc, npc);
        else
            print_text(shown, &res, pc, npc);
        rc = (strict && res.nrejects > 0) ? KOL_CLI_EXIT_FAILURE
                                          : KOL_CLI_EXIT_OK;
        if (strict && res.nrejects > 0)
            kol_cli_error("%zu row%s rejected (--strict)", res.nrejects,
                          res.nrejects > 1 ? "s" : "");
    }
    free(pc);
    roster_csv_result_free(&res);
out:
    kol_roster_free(roster);
    kol_ctx_free(ctx);
    return rc;
}
