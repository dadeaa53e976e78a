#!/usr/bin/env bash
# Thread test of libkol under ThreadSanitizer (tests/threads/test_threads.c):
# full pipelines of every module (tests/threads/test_threads.c lists them) in
# several threads at once, each with its own context, results compared with
# a single-thread run; plus a handoff of objects between threads.
#
#   bash tests/threads/run.sh
#
# Builds the library with -DKOL_SANITIZE=thread (the project's own option)
# in build-tsan/ (only the static library: no tests, docs, examples,
# benchmarks), then the test program against it, and runs it with
# TSAN_OPTIONS=halt_on_error=1 (any race report fails the run).
# Environment: KOL_THREADS (threads, default 4), KOL_THREAD_ROUNDS (rounds
# of every pipeline per thread, default 2), KOL_TSAN_BUILD (build dir,
# default <repo>/build-tsan), KOL_JOBS (default 2). Needs gcc with
# libtsan (Debian: libtsan2, part of gcc-12's dependencies) and cmake;
# installs nothing. Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
build=${KOL_TSAN_BUILD:-$root/build-tsan}
jobs=${KOL_JOBS:-2}
cc=${CC:-cc}
t0=$(date +%s)

fail() {
  echo "threads: FAIL: $1" >&2
  echo "threads: total $(( $(date +%s) - t0 )) s"
  echo "0 passed, 1 failed"
  exit 1
}

echo "== threads: build the library with ThreadSanitizer ($build)"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DKOL_SANITIZE=thread -DBUILD_TESTING=OFF \
      -DKOL_BUILD_EXAMPLES=OFF -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_BENCH=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build/configure.log" 2>&1 ||
  { tail -30 "$build/configure.log" >&2; fail "configure (log: $build/configure.log)"; }
cmake --build "$build" -j "$jobs" --target kol_static > "$build/build.log" 2>&1 ||
  { tail -30 "$build/build.log" >&2; fail "library build (log: $build/build.log)"; }
lib=$(find "$build/lib" -maxdepth 1 -name 'libkol.a' | head -1)
[ -n "$lib" ] || fail "no libkol.a under $build/lib"

echo "== threads: build the test"
$cc -std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=thread \
    -fno-omit-frame-pointer -pthread -DKOL_STATIC_DEFINE \
    -I "$root/include" -I "$build/include" \
    "$root/tests/threads/test_threads.c" "$lib" -lm \
    -o "$build/test_threads" > "$build/test_build.log" 2>&1 ||
  { cat "$build/test_build.log" >&2; fail "test build"; }

echo "== threads: run"
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:history_size=4}
"$build/test_threads" 2>&1 | tee "$build/test_threads.log"
rc=${PIPESTATUS[0]}
echo "threads: total $(( $(date +%s) - t0 )) s"
if [ "$rc" -ne 0 ]; then
  # The program prints its own summary unless TSan stopped it first.
  if ! tail -1 "$build/test_threads.log" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
    grep -m1 'WARNING: ThreadSanitizer' "$build/test_threads.log" >&2
    echo "0 passed, 1 failed"
  fi
  exit 1
fi
exit 0
