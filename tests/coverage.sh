#!/usr/bin/env bash
# Branch coverage of lib/ by the unit tests, with gcc --coverage and gcovr.
#
#   bash tests/coverage.sh          # print the figures; fail only if a
#                                   # unit test fails
#   bash tests/coverage.sh 95       # ... and fail below 95% branch coverage
#
# Builds the project with --coverage -O0 in build-cov/ (KOL_COV_BUILD to
# change it; no docs, examples or benchmarks), runs the unit tests (ctest
# label "unit"), then prints gcovr's per-file branch table and summary for
# lib/ (gcovr --exclude-unreachable-branches). The threshold may also come
# from KOL_COVERAGE_MIN. Uncovered branches that cannot be reached must be
# justified in a comment holding "cov:" on their line or the line above
# (issue 9; tests/coverage_justify.py checks it and lists the lines that
# lack one). gcovr's exclusion markers are honoured but not used by lib/.
# Needs gcc, cmake, cmocka, gcovr (Debian: gcovr); installs nothing.
# Ends with "N passed, N failed" (checks: build, unit tests, threshold).
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
build=${KOL_COV_BUILD:-$root/build-cov}
jobs=${KOL_JOBS:-2}
min=${1:-${KOL_COVERAGE_MIN:-0}}
passed=0
failed=0
t0=$(date +%s)
finish() {
  echo "coverage: total $(( $(date +%s) - t0 )) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
case $min in
  ''|*[!0-9.]*) echo "usage: bash tests/coverage.sh [MIN_BRANCH_PERCENT]" >&2; exit 2 ;;
esac
if ! command -v gcovr > /dev/null; then
  echo "coverage: FAIL: gcovr not found (Debian: apt-get install -y gcovr)" >&2
  failed=1; finish
fi

echo "== coverage: build ($build)"
mkdir -p "$build"
# Old counters would add up with the new ones.
find "$build" -name '*.gcda' -delete 2>/dev/null
if cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_FLAGS="--coverage -O0" \
      -DCMAKE_EXE_LINKER_FLAGS="--coverage" \
      -DCMAKE_SHARED_LINKER_FLAGS="--coverage" \
      -DKOL_BUILD_EXAMPLES=OFF -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_BENCH=OFF \
      > "$build/configure.log" 2>&1 &&
   cmake --build "$build" -j "$jobs" > "$build/build.log" 2>&1; then
  passed=$((passed + 1))
else
  tail -30 "$build/configure.log" "$build/build.log" >&2 2>/dev/null
  echo "coverage: FAIL: build (logs in $build)" >&2
  failed=$((failed + 1)); finish
fi

echo "== coverage: unit tests"
if (cd "$build" && ctest -L unit -j "$jobs" --output-on-failure) > "$build/ctest.log" 2>&1; then
  passed=$((passed + 1))
  tail -3 "$build/ctest.log"
else
  grep -E 'Failed|\*\*\*' "$build/ctest.log" >&2
  echo "coverage: FAIL: unit tests (log: $build/ctest.log); coverage below is partial" >&2
  failed=$((failed + 1))
fi

echo "== coverage: branch coverage of lib/ (gcovr)"
# -b: the table shows branches; -s: the summary adds lines and branches.
# Both libraries' objects: the unit tests link the shared one, and the
# tests of internal code (test_internal) the static one; gcovr adds up the
# counters of the same source line.
objdirs=()
for d in "$build/lib/CMakeFiles/kol.dir" "$build/lib/CMakeFiles/kol_static.dir"; do
  [ -d "$d" ] && objdirs+=("$d")
done
if ! gcovr -r "$root" --filter "$root/lib/" --exclude-unreachable-branches \
      -b -s --json "$build/gcovr.json" --txt "$build/gcovr.txt" \
      "${objdirs[@]}" > "$build/gcovr.summary" 2>"$build/gcovr.err"; then
  cat "$build/gcovr.err" >&2
  echo "coverage: FAIL: gcovr" >&2
  failed=$((failed + 1)); finish
fi
cat "$build/gcovr.txt" "$build/gcovr.summary"
pct=$(sed -n 's/^branches: *\([0-9.]*\)%.*/\1/p' "$build/gcovr.summary" | tail -1)
if [ -z "$pct" ]; then
  echo "coverage: FAIL: no branch figure in gcovr's output" >&2
  failed=$((failed + 1)); finish
fi
echo "coverage: lib/ branch coverage ${pct}% (threshold ${min}%)"
if awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p + 0 >= m + 0) }'; then
  passed=$((passed + 1))
else
  echo "coverage: FAIL: ${pct}% is below ${min}%" >&2
  failed=$((failed + 1))
fi

# Every line with a branch never taken must say why in a comment holding
# "cov:" on that line or the line above (tests/coverage_justify.py lists
# the others). Counted as a check only with a threshold, so that a plain
# run still prints the figures while the work is in progress.
echo "== coverage: justification of uncovered branches"
if python3 "$root/tests/coverage_justify.py" "$root" "$build/gcovr.json" \
      > "$build/justify.txt" 2>&1; then
  tail -1 "$build/justify.txt"
  [ "$min" != 0 ] && passed=$((passed + 1))
else
  cat "$build/justify.txt"
  if [ "$min" != 0 ]; then
    echo "coverage: FAIL: uncovered branches without a cov: comment" >&2
    failed=$((failed + 1))
  fi
fi
finish
