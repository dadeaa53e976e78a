/*
 * cmd_version.c - `kol version`: which libkol this is.
 *
 * The runtime version comes from the shared library actually loaded
 * (kol_version_string()); the header version is the one this command was
 * compiled against (KOL_VERSION_STRING). They differ when the command runs
 * against another build of libkol.so.KOL_ABI_MAJOR, which the ABI policy
 * allows.
 */
#include <stdio.h>

#include <kol.h>

#include "cli.h"

void kol_cli_version_help(FILE *out)
{
    fputs("usage: kol version\n"
          "\n"
          "Print the version of the libkol library loaded at run time, the\n"
          "version of the headers kol was compiled with, and the ABI major\n"
          "(the number in the library's SONAME, libkol.so.<ABI major>).\n",
          out);
}

int kol_cli_version_run(int argc, char **argv)
{
    uint32_t runtime = kol_version();

    (void)argv;
    if (argc > 1) {
        kol_cli_error("unexpected argument '%s'", argv[1]);
        kol_cli_version_help(stderr);
        return KOL_CLI_EXIT_USAGE;
    }
    printf("kol %s\n", kol_version_string());
    printf("library (runtime): %s (%lu)\n", kol_version_string(),
           (unsigned long)runtime);
    printf("headers (compile time): %s (%lu)\n", KOL_VERSION_STRING,
           (unsigned long)KOL_VERSION_NUMBER);
    printf("ABI major: %d (libkol.so.%d)\n", KOL_ABI_MAJOR, KOL_ABI_MAJOR);
    if (runtime / 1000000u != (uint32_t)KOL_VERSION_MAJOR ||
        runtime < (uint32_t)KOL_VERSION_NUMBER)
        printf("note: the library loaded is older than, or of another major "
               "version than, the headers\n");
    return KOL_CLI_EXIT_OK;
}
