/*
 * commands.c - the table of `kol` subcommands.
 *
 * To add a subcommand, write examples/kol/cmd_<name>.c with its run and
 * help functions, declare them in cli.h and add one line here. The order
 * here is the order of `kol help`.
 */
#include "cli.h"

const kol_cli_command kol_cli_commands[] = {
    {"version", kol_cli_version_run, kol_cli_version_help,
     "print the library, header and ABI versions"},
    {"records", kol_cli_records_run, kol_cli_records_help,
     "load KOL records from a CSV file and summarize them"},
    {"roi", kol_cli_roi_run, kol_cli_roi_help,
     "campaign metrics (CPM, CPE, ROI...) by KOL, tier, platform..."},
    {"price", kol_cli_price_run, kol_cli_price_help,
     "is a quote fair? its percentile and fair range from past deliveries"},
    {"score", kol_cli_score_run, kol_cli_score_help,
     "value scores (0-100) of KOLs, ranked; tier and lifecycle stage"},
    {"tier", kol_cli_tier_run, kol_cli_tier_help,
     "tier (follower ladder or score quantile), KOC and stage of KOLs"},
    {"overlap", kol_cli_overlap_run, kol_cli_overlap_help,
     "audience size, pairwise overlap and unique reach of KOLs"},
    {"plan", kol_cli_plan_run, kol_cli_plan_help,
     "choose KOLs under a budget (value, conversions or unique reach)"},
    {"report", kol_cli_report_run, kol_cli_report_help,
     "campaign report: tiers, picks, traffic, ROI, audience; HTML charts"},
    {"traffic", kol_cli_traffic_run, kol_cli_traffic_help,
     "find bought traffic in a time series and restore organic figures"},
    {"audience", kol_cli_audience_run, kol_cli_audience_help,
     "fake probability per follower and the real-follower ratio"},
};

const size_t kol_cli_command_count =
    sizeof kol_cli_commands / sizeof kol_cli_commands[0];
