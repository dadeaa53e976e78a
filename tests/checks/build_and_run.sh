#!/usr/bin/env bash
# Build one check program at test time, then run it (a ctest helper), so
# that a header that fails to compile is reported as a failing test, with
# the compiler's messages, rather than breaking the whole build.
#   build_and_run.sh BUILD_DIR TARGET PROGRAM
set -u
build=$1
target=$2
program=$3
if ! cmake --build "$build" --target "$target" 2>&1; then
  echo "$target: FAIL: the public headers do not compile (messages above)" >&2
  exit 1
fi
exec "$program"
