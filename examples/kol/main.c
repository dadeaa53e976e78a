/*
 * main.c - the `kol` command: dispatch to a subcommand.
 *
 *   kol help | --help | -h       list the subcommands (also
 *                                "kol help help")
 *   kol help <command>           help of one subcommand
 *   kol <command> --help         the same
 *   kol <command> [options]      run it
 *
 * An unknown subcommand prints the usage on stderr and exits 2.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    size_t i;

    fputs("usage: kol <command> [options]\n"
          "       kol help [<command>]\n"
          "       kol <command> --help\n"
          "\n"
          "The libkol command line: KOL (influencer) marketing analytics "
          "over CSV files.\n"
          "\n"
          "commands:\n",
          out);
    for (i = 0; i < kol_cli_command_count; i++)
        fprintf(out, "  %-10s %s\n", kol_cli_commands[i].name,
                kol_cli_commands[i].summary);
    fputs("\n"
          "Exit status: 0 success, 1 failure, 2 usage error.\n",
          out);
}

static const kol_cli_command *find(const char *name)
{
    size_t i;
    for (i = 0; i < kol_cli_command_count; i++)
        if (strcmp(kol_cli_commands[i].name, name) == 0)
            return &kol_cli_commands[i];
    return NULL;
}

/* Print the help of one command on stdout. */
static int help_of(const kol_cli_command *cmd)
{
    cmd->help(stdout);
    return kol_cli_check_output() == 0 ? KOL_CLI_EXIT_OK
                                       : KOL_CLI_EXIT_FAILURE;
}

int main(int argc, char **argv)
{
    const kol_cli_command *cmd;
    const char *name;
    static char prog[64];
    int i, rc;

    if (argc < 2) {
        usage(stderr);
        return KOL_CLI_EXIT_USAGE;
    }
    if (kol_cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0 &&
            strcmp(argv[2], "help") != 0 && !kol_cli_is_help(argv[2])) {
            /* "kol help help" (and "kol help --help") is this list */
            cmd = find(argv[2]);
            if (cmd == NULL) {
                kol_cli_error("unknown command '%s'", argv[2]);
                usage(stderr);
                return KOL_CLI_EXIT_USAGE;
            }
            return help_of(cmd);
        }
        usage(stdout);
        return kol_cli_check_output() == 0 ? KOL_CLI_EXIT_OK
                                           : KOL_CLI_EXIT_FAILURE;
    }
    name = strcmp(argv[1], "--version") == 0 ? "version" : argv[1];
    cmd = find(name);
    if (cmd == NULL) {
        kol_cli_error("unknown command '%s'", name);
        usage(stderr);
        return KOL_CLI_EXIT_USAGE;
    }
    /* "--help" anywhere among the command's arguments shows its help. */
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (kol_cli_is_help(argv[i]))
            return help_of(cmd);
    }
    snprintf(prog, sizeof prog, "kol %s", cmd->name);
    kol_cli_set_prog(prog);
    rc = cmd->run(argc - 1, argv + 1);
    /* Output that could not be written (a full disk, a closed pipe) is a
     * failure, not a silent truncation. */
    if (kol_cli_check_output() != 0 && rc == KOL_CLI_EXIT_OK)
        rc = KOL_CLI_EXIT_FAILURE;
    return rc;
}
