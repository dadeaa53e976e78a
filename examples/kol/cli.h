/*
 * cli.h - shared declarations of the `kol` command.
 *
 * The command is a dispatcher over a table of subcommands (commands.c). To
 * add a subcommand: write cmd_<name>.c with a run function and a help
 * function, declare them below, and add one line to the table in
 * commands.c. CMake compiles every examples/kol/ *.c file.
 *
 * Exit codes are the same for every subcommand: 0 success, 1 failure (a
 * file that cannot be read, a malformed input, a library error), 2 usage
 * error (unknown subcommand or option, missing argument).
 */
#ifndef KOL_CLI_H
#define KOL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes shared by every subcommand. */
enum {
    KOL_CLI_EXIT_OK = 0,
    KOL_CLI_EXIT_FAILURE = 1,
    KOL_CLI_EXIT_USAGE = 2
};

#if defined(__GNUC__)
#define KOL_CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KOL_CLI_PRINTF(f, a)
#endif

/*
 * One subcommand. run() receives the arguments after the subcommand name
 * (argv[0] is the subcommand name itself) and returns an exit code. help()
 * prints the full help text of the subcommand to out.
 */
typedef struct kol_cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
    const char *summary; /* one line for `kol help` */
} kol_cli_command;

/* The table of subcommands (commands.c), in the order `kol help` lists
 * them. */
extern const kol_cli_command kol_cli_commands[];
extern const size_t kol_cli_command_count;

/* Subcommands. */
int kol_cli_version_run(int argc, char **argv);
void kol_cli_version_help(FILE *out);
int kol_cli_records_run(int argc, char **argv);
void kol_cli_records_help(FILE *out);
int kol_cli_roi_run(int argc, char **argv);
void kol_cli_roi_help(FILE *out);
int kol_cli_overlap_run(int argc, char **argv);
void kol_cli_overlap_help(FILE *out);
int kol_cli_plan_run(int argc, char **argv);
void kol_cli_plan_help(FILE *out);
int kol_cli_report_run(int argc, char **argv);
void kol_cli_report_help(FILE *out);
int kol_cli_price_run(int argc, char **argv);
void kol_cli_price_help(FILE *out);
int kol_cli_score_run(int argc, char **argv);
void kol_cli_score_help(FILE *out);
int kol_cli_tier_run(int argc, char **argv);
void kol_cli_tier_help(FILE *out);
int kol_cli_traffic_run(int argc, char **argv);
void kol_cli_traffic_help(FILE *out);
int kol_cli_audience_run(int argc, char **argv);
void kol_cli_audience_help(FILE *out);

/* cmd_roi.c: read a deliveries CSV file (the columns of `kol roi`, with
 * its reader and rules) through kol_roi_fill(), batch deliveries at a
 * time (0: all at once): each batch goes into a fresh evaluator of ctx
 * (default parameters), on_batch(user, roi) is called with it, and it is
 * freed, so that memory stays bounded by the batch, not the file. Rows
 * are numbered across the whole file. Rejected rows are warned about on
 * standard error once the whole file is read. With no_impressions, each
 * row is read and checked (rejected or not) as kol roi does, then its
 * impressions are left out of the delivery, so that its exposure (in
 * kol_roi_feed_cost) is its views. A row whose likes, comments, shares
 * and saves add up to more than 2^53 (each may be 2^53) is rejected too:
 * a cost history refuses such engagements, and kol_roi_feed_cost() would
 * then refuse its whole batch. Sets *rows (data rows read), *loaded
 * (deliveries of every batch) and *rejected. Returns 0, or -1 after
 * printing the error (a file that cannot be read: on_batch may have been
 * called for the batches before it). */
struct kol_ctx;
struct kol_roi;
typedef void (*kol_cli_roi_batch_fn)(void *user, const struct kol_roi *roi);
int kol_cli_roi_stream(struct kol_ctx *ctx, const char *path, size_t batch,
                       int no_impressions, kol_cli_roi_batch_fn on_batch,
                       void *user, unsigned long long *rows,
                       unsigned long long *loaded, size_t *rejected);

/* ---- helpers (util.c) ---------------------------------------------- */

/* Name used as the prefix of diagnostics ("kol" or "kol records"); set by
 * the dispatcher before a subcommand runs. */
void kol_cli_set_prog(const char *name);
const char *kol_cli_prog(void);

/* "<prog>: <message>\n" on stderr, the message made printable
 * (kol_cli_make_printable()). */
void kol_cli_error(const char *fmt, ...) KOL_CLI_PRINTF(1, 2);
/* "<prog>: warning: <message>\n" on stderr, made printable too. */
void kol_cli_warn(const char *fmt, ...) KOL_CLI_PRINTF(1, 2);

/*
 * Match a long option that takes a value, in either form "--name VALUE" or
 * "--name=VALUE". *i indexes argv[]; on a match with a separate value it is
 * advanced past the value.
 * Returns 1 on a match (*value set), 0 when argv[*i] is another option, -1
 * when the option is given without a value (a usage error, already
 * reported on stderr).
 */
int kol_cli_opt_value(int argc, char **argv, int *i, const char *name,
                      const char **value);

/*
 * The one warning for the unknown columns of a header: "<prog>: warning:
 * <path>: ignoring unknown column: 'a'" or "... unknown columns: 'a', 'b'",
 * the first KOL_CLI_UNKNOWN_SHOWN names followed by "and N more". Collect
 * the names with kol_cli_unknown_add() as the header is read (they are made
 * printable, at most 40 bytes each), then print with kol_cli_unknown_warn()
 * (nothing when there are none); a header refused later prints nothing.
 */
#define KOL_CLI_UNKNOWN_SHOWN 10
typedef struct kol_cli_unknown {
    size_t n; /* unknown columns seen */
    char names[KOL_CLI_UNKNOWN_SHOWN][48];
} kol_cli_unknown;

void kol_cli_unknown_add(kol_cli_unknown *u, const char *cell, size_t len);
void kol_cli_unknown_warn(const kol_cli_unknown *u, const char *path);
/* The same warning from names already printable (n of them). */
void kol_cli_warn_unknown_columns(const char *path, const char *const *names,
                                  size_t n);

/*
 * Flush standard output and check that everything written to it went out
 * (a full disk, a closed pipe). On failure print "<prog>: error writing
 * the output[: reason]" once per process (later calls stay silent) and
 * return -1; return 0 otherwise. Commands call it before their summary;
 * main() calls it after every command.
 */
int kol_cli_check_output(void);

/* Whether s is "--help" or "-h". */
int kol_cli_is_help(const char *s);

/* malloc()/realloc() that never return NULL for a zero size; they return
 * NULL on failure or size overflow. */
void *kol_cli_alloc_array(size_t count, size_t size);
void *kol_cli_realloc_array(void *ptr, size_t count, size_t size);
/* Grow ptr (room for *cap elements of size bytes) so that it has room for
 * at least need (>= 1) elements, doubling. Returns the possibly moved
 * array, or NULL on failure (then ptr and *cap are unchanged). */
void *kol_cli_grow(void *ptr, size_t *cap, size_t need, size_t size);
/* Copy of len bytes of s plus a NUL, or NULL on failure. */
char *kol_cli_strndup(const char *s, size_t len);
/* Formatted string in fresh memory, or NULL on failure. */
char *kol_cli_asprintf(const char *fmt, ...) KOL_CLI_PRINTF(1, 2);
/* The message of a refused one-row kol_audience_score() call (msg, the
 * context's last error) followed by the status's name, in fresh memory
 * (NULL on failure), without the library's "kol_audience_score: row 0"
 * prefix: the caller's warning names the CSV row. */
char *kol_cli_audience_row_error(const char *msg, int status);

/* Length (1 to 4) of the valid UTF-8 sequence at s (len bytes left), its
 * code point in *cp_out when not NULL; 0 when the bytes there are not
 * valid UTF-8 (an overlong form, a surrogate, a code point above
 * U+10FFFF, a sequence cut by the end or by a byte that does not
 * continue it). It reads no byte past the first that is not a
 * continuation byte, so that on a NUL-terminated string any len >= 4 is
 * safe. The command's only UTF-8 decoder. */
size_t kol_cli_utf8_len(const unsigned char *s, size_t len,
                        unsigned long *cp_out);

/* A timestamp cell (kol traffic, kol report): seconds (Unix time; an
 * optional '-' or '+', at most 18 characters with it, then an optional
 * fraction: '.' and digits) or ISO 8601 YYYY-MM-DDTHH:MM[:SS[.fff]], a
 * space allowed for the T and ',' for the '.', in UTC or followed by Z
 * (UTC) or an offset from UTC (+HH:MM, +HHMM or +HH, or with '-'; at most
 * 23:59), converted to UTC; an impossible date is refused; second 60, a
 * leap second, reads as second 0 of the next minute, as Unix time counts
 * it. A fraction of a second is dropped: the time is the whole second at
 * or before it (1.5 is 1, -1.5 is -2). Returns 0 with *out set, or -1. */
int kol_cli_parse_time(const char *s, size_t len, int64_t *out);

/* Integer seconds from 3000-01-01 00:00:00 UTC on, which no campaign's
 * clock gives: milliseconds (1780315230000) or a compact date
 * (202606011200) read as seconds. */
#define KOL_CLI_FAR_TIME INT64_C(32503680000)

/* The first such timestamp of a file, kept as its rows are read
 * (kol_cli_far_time_note()) and warned about once at the end
 * (kol_cli_far_time_warn()). */
typedef struct {
    unsigned long long row; /* 0: none yet */
    char cell[48];
} kol_cli_far_time;

/* Note the timestamp t read from cell s (len bytes) of row `row` when it
 * is integer seconds at or after KOL_CLI_FAR_TIME and the first so. */
void kol_cli_far_time_note(kol_cli_far_time *f, unsigned long long row,
                           const char *s, size_t len, int64_t t);

/* Warn (kol_cli_warn) when a far timestamp was noted: path as shown,
 * column the timestamp column's name. */
void kol_cli_far_time_warn(const kol_cli_far_time *f, const char *path,
                           const char *column);

/* Ids (of KOLs, of followers) that begin or end with a space or a tab:
 * kept as written, so that ' k1' and 'k1' are two ids that a text table
 * shows alike. A reader counts them (kol_cli_id_spaces_note()) and warns
 * once per file and column at the end (kol_cli_id_spaces_warn()). */
typedef struct {
    unsigned long long n;   /* cells noted */
    unsigned long long row; /* the first one's row; 0: none */
    char cell[48];          /* the first one, printable */
} kol_cli_id_spaces;

/* Note the id cell s (len bytes) of row `row` when it begins or ends with
 * a space or a tab. */
void kol_cli_id_spaces_note(kol_cli_id_spaces *n, unsigned long long row,
                            const char *s, size_t len);

/* Warn (kol_cli_warn) when ids were noted: path as shown, column the id
 * column's name. */
void kol_cli_id_spaces_warn(const kol_cli_id_spaces *n, const char *path,
                            const char *column);

/* 1 when code point c is shown as '?' in text output: a C0 or C1 control
 * character, DEL, or a bidirectional mark, embedding, override or isolate
 * control (which would reorder the rest of the terminal line). */
int kol_cli_cp_hidden(unsigned long c);

/*
 * Copy at most max_bytes of a cell (len bytes, may hold anything) into out
 * (out_size bytes, NUL-terminated) for use in a message: valid UTF-8 is
 * kept, the characters kol_cli_cp_hidden() names and invalid bytes become
 * '?', and "..." marks a cut. Returns out.
 */
char *kol_cli_printable(char *out, size_t out_size, const char *s,
                        size_t len, size_t max_bytes);

/*
 * Make the NUL-terminated s printable in place, as kol_cli_printable()
 * does but without a cut: each character kol_cli_cp_hidden() names and
 * each invalid byte becomes '?'. Every message of the command goes
 * through it (kol_cli_error(), kol_cli_warn(), the reasons of rejected
 * rows), since a message may quote text from a file (an id, a name) or a
 * library message quoting it. Returns s.
 */
char *kol_cli_make_printable(char *s);

/* Write s to out as a JSON string (with the quotes); invalid UTF-8 becomes
 * U+FFFD. */
void kol_cli_json_string(FILE *out, const char *s);

#endif /* KOL_CLI_H */
