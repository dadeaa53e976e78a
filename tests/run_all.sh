#!/usr/bin/env bash
# The test command of libkol (README.md): everything, from a fresh Debian 12
# machine (as root) or any machine that already has the dependencies.
#
#   bash tests/run_all.sh
#
# 1. .ci/deps installs the missing build/test dependencies (no network when
#    nothing is missing);
# 2. build/          normal build (RelWithDebInfo: abidw needs debug info),
#                    then ctest: unit, allocation-failure, bad-input, header,
#                    no-I/O, symbols, ABI, consumers, Doxygen, examples...;
# 3. build-sanitize/ the same with -DKOL_SANITIZE=address,undefined (no
#                    docs), then ctest;
# 4. build-clang/    the same built with clang, with UndefinedBehaviorSanitizer
#                    trapping (no runtime, so the shared library and the
#                    Python and Lua bindings load it as they are): it also
#                    catches what gcc's does not (an offset added to a null
#                    pointer) and clang's warnings, then ctest;
# 5. tests/fuzz/run.sh (libFuzzer, bounded), tests/threads/run.sh (TSan),
#    tests/valgrind.sh (memcheck of build/'s unit tests), tests/coverage.sh
#    (gcovr branch coverage of lib/).
# Exits non-zero if anything fails; prints one summary line per build.
# Works from any directory. KOL_BUILD_ROOT (default: the repository root)
# is where build/, build-sanitize/ and build-clang/ go; KOL_JOBS (default 2) the
# parallelism.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
out=${KOL_BUILD_ROOT:-$root}
jobs=${KOL_JOBS:-2}
start_all=$(date +%s)

echo "== dependencies (.ci/deps)"
if ! bash "$root/.ci/deps" < /dev/null; then
  echo "run_all: FAIL: .ci/deps could not install the dependencies" >&2
  exit 1
fi

# Sanitizer runtime options: stop at the first report, with a stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

summary=()
failed=0

# run_build NAME DIR CMAKE_ARGS...
run_build() {
  local name=$1 dir=$2
  shift 2
  local t0 t1 log stage=ok line
  t0=$(date +%s)
  log=$dir/run_all.ctest.log
  rm -f "$log"
  echo
  echo "== $name: configure ($dir)"
  if ! cmake -S "$root" -B "$dir" "$@"; then
    stage="configure failed"
  else
    echo "== $name: build"
    if ! cmake --build "$dir" -j "$jobs"; then
      stage="build failed"
    else
      echo "== $name: test"
      ctest --test-dir "$dir" --output-on-failure -j "$jobs" 2>&1 | tee "$log"
      if [ "${PIPESTATUS[0]}" -ne 0 ]; then
        stage="tests failed"
      fi
    fi
  fi
  t1=$(date +%s)
  if [ "$stage" = ok ]; then
    line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1)
    summary+=("$(printf '%-16s PASS  %s (%ds)' "$name" "$line" $((t1 - t0)))")
  else
    line=""
    [ -f "$log" ] && line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1)
    summary+=("$(printf '%-16s FAIL  %s%s (%ds)' "$name" "$stage" "${line:+: $line}" $((t1 - t0)))")
    failed=1
  fi
}

run_build build "$out/build" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOL_SANITIZE= -DKOL_BUILD_DOCS=ON
run_build build-sanitize "$out/build-sanitize" \
  -DCMAKE_BUILD_TYPE=Debug -DKOL_SANITIZE=address,undefined \
  -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_BENCH=OFF
run_build build-clang "$out/build-clang" \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_C_FLAGS=-fsanitize=undefined -fsanitize-trap=all" \
  -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_BENCH=OFF

# run_script NAME COMMAND...: one of the whole-library reliability runs
# (docs/reliability.md); each prints "N passed, N failed" and exits
# non-zero on failure.
run_script() {
  local name=$1 t0 t1 line log
  shift
  t0=$(date +%s)
  mkdir -p "$out/build"
  log=$out/build/run_all.$name.log
  echo
  echo "== $name: $*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  t1=$(date +%s)
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    summary+=("$(printf '%-16s PASS  %s (%ds)' "$name" "$line" $((t1 - t0)))")
  else
    summary+=("$(printf '%-16s FAIL  %s (%ds)' "$name" "${line:-exit $rc}" $((t1 - t0)))")
    failed=1
  fi
}

# libFuzzer targets for a bounded time each, ThreadSanitizer pipelines,
# valgrind memcheck of the unit tests (reusing build/), and the branch
# coverage of lib/ (at least 95%, every untaken branch justified by a
# "cov:" comment; issue 9).
run_script fuzz bash "$root/tests/fuzz/run.sh"
run_script threads bash "$root/tests/threads/run.sh"
run_script valgrind bash "$root/tests/valgrind.sh" "$out/build"
run_script coverage bash "$root/tests/coverage.sh" 95

echo
echo "== summary ($(( $(date +%s) - start_all ))s in all)"
printf '%s\n' "${summary[@]}"
exit $failed
