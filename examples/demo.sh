#!/usr/bin/env bash
# The main job of libkol, in one command, on a fresh Debian 12 machine as
# root: install the build dependencies, build the `kol` command and run it
# on the bundled sample roster (examples/data/roster.csv).
#
#   bash examples/demo.sh
#
# .ci/deps installs only the packages that are missing (as root, or
# through sudo); when everything is installed it does nothing.
set -euo pipefail

# Work from the repository root, wherever the script is called from.
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

bash .ci/deps

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target kol_cli

echo
echo "+ build/examples/kol records --csv examples/data/roster.csv"
build/examples/kol records --csv examples/data/roster.csv
