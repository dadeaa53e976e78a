#!/usr/bin/env bash
# The main job of libkol, in one command, on a fresh Debian 12 machine as
# root: install what is missing, build the `kol` command, and run
# `kol report` over the bundled sample campaign (examples/data/: a roster
# of 200 KOLs with audience portraits, the campaign's deliveries, minute
# traffic of five posts, follower samples and follower ids). It prints the
# terminal report and writes a self-contained HTML page with the charts.
#
#   bash examples/demo.sh            # page in build/report.html
#   bash examples/demo.sh OUT.html   # page where you say (a relative path
#                                    # from the directory you call from)
#
# .ci/deps installs only the packages that are missing (as root, or
# through sudo); when everything is installed it does nothing.
set -euo pipefail

# Work from the repository root, wherever the script is called from; a
# page path given relative is taken from the caller's directory.
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ $# -gt 0 ] && [ "${1#/}" = "$1" ]; then
    set -- "$PWD/$1"
fi
cd "$root"

bash .ci/deps

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target kol_cli

html="${1:-build/report.html}"
echo
echo "+ build/examples/kol report --data examples/data --html $html"
build/examples/kol report --data examples/data --html "$html"

page="$(readlink -f "$html")"
echo
echo "Open the HTML report (no network needed): file://$page"
