#!/usr/bin/env bash
# libFuzzer targets of libkol (tests/fuzz/fuzz_*.c): build with clang
# (ASan + UBSan + libFuzzer) in build-fuzz/, replay every committed
# regression input, then fuzz each target for a bounded time.
#
#   bash tests/fuzz/run.sh              # short: 10 s per target (the test
#                                       # command's run)
#   bash tests/fuzz/run.sh --long       # 10 million executions per target
#   bash tests/fuzz/run.sh fuzz_sketch  # only the targets named, in that
#                                       # order
#
# Long mode (issue 9: 10 million executions per target without a crash or
# leak) takes hours of CPU in all; run it at low priority, in its own build
# directory, a few targets at a time, fastest first:
#
#   KOL_FUZZ_BUILD=/tmp/fz-long nice -n 19 bash tests/fuzz/run.sh --long \
#       fuzz_audience_quality fuzz_cost fuzz_sketch
#
# Measured rates (executions per CPU second with -max_len=8192 and
# -len_control=0, from the corpus a long run grew where one ran; 2-core VM,
# clang 14, ASan + UBSan), the CPU time 10 million executions take, and
# the rate before the changes below (same method, a young corpus):
#   fuzz_audience_quality 21,000/s   8 min
#   fuzz_cost             23,000/s   7 min
#   fuzz_sketch            8,900/s  19 min   (was  1,200/s)
#   fuzz_planner           7,100/s  23 min   (was  1,450/s)
#   fuzz_roster            5,300/s  32 min   (was    790/s)
#   fuzz_sanity            5,900/s  28 min   (new)
#   fuzz_record            4,400/s  38 min   (was    760/s)
#   fuzz_roi               2,300/s  73 min   (was  1,600/s)
#   fuzz_traffic           3,900/s  43 min
#   fuzz_value             2,800/s  59 min   (was    980/s)
# (record, traffic, value, roi, roster and cost: the whole of their
# 10-million-execution long runs of 2026-11-22, default length control;
# roster now with kol_roster_remove_if, cost with its monotonicity check.)
# What made them slow, and was removed without dropping a check: refused
# calls format a message (lib/internal/fmt.c), and the harnesses
# fingerprinted records through get_metric on missing metrics and read
# every cell of 48 report rows, unknown codes included, so the formatter
# under comparison tracing was most of their time (fmt.c is now built
# without trace-cmp, fingerprints ask has_metric first and are taken once
# per call, fuzz_roi reads every cell of 16 rows from a row the input picks
# and the unknown codes once per report); lib/sketch.c's loops over up to
# 2^18 registers made a comparison callback per register (sketch.c is
# built without trace-cmp too), and fuzz_sketch drew the precision of its
# third sketch uniformly up to 2^18 (now up to 2^12 seven times in eight);
# the planner let the work limit reach 1e7 (now 1e5, every greedy depth
# still reached); ASan's 256 MB quarantine grew each process to ~400 MB
# RSS (now 64 MB). fuzz_value spent 40% of its time in comparison
# callbacks of the value model's 128-row block loops (value.c is built
# without trace-cmp) and a third in mapping and faulting a 167 KB work area
# per model (now 72 KB, sized for the model's custom metrics).
#
# Environment: KOL_FUZZ_SECONDS (short mode time per target, default 10),
# KOL_FUZZ_TIMEOUT (seconds of wall-clock time one input may take before
# libFuzzer calls it a hang; default 10, 120 in --long mode),
# KOL_FUZZ_SEED (short mode libFuzzer seed, default 1),
# KOL_FUZZ_RUNS (executions per target; default 10000000 in --long mode,
# unbounded by count in short mode), KOL_FUZZ_JOBS (build parallelism,
# default KOL_JOBS or 2), KOL_FUZZ_BUILD (build dir, default <repo>/build-fuzz).
#
# The committed corpora (tests/fuzz/corpus/<target>/) are read, never
# written: new inputs go to build-fuzz/corpus/<target>/, crashes to
# build-fuzz/artifacts/<target>/. A crash is a failure: copy the input to
# tests/fuzz/regressions/<target>/ so that every later run replays it.
# Needs: clang, libclang-rt-14-dev (libFuzzer and sanitizer runtimes),
# cmake, libxxhash-dev. Installs nothing. Ends with "N passed, N failed".
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
build=${KOL_FUZZ_BUILD:-$root/build-fuzz}
jobs=${KOL_FUZZ_JOBS:-${KOL_JOBS:-2}}
long=0
only=()
for a in "$@"; do
  case $a in
    --long) long=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d'; exit 0 ;;
    *) only+=("$a") ;;
  esac
done
if [ $long = 1 ]; then
  runs=${KOL_FUZZ_RUNS:-10000000}
  seconds=${KOL_FUZZ_SECONDS:-0}          # 0: no time limit
  # libFuzzer's per-input timeout is wall-clock time: at nice 19 on a busy
  # machine an input of a tenth of a second can wait many seconds for a
  # core, which a 10 s limit reports as a hang. A real hang still trips 120 s.
  timeout=${KOL_FUZZ_TIMEOUT:-120}
else
  runs=${KOL_FUZZ_RUNS:--1}               # -1: no count limit
  seconds=${KOL_FUZZ_SECONDS:-10}
  timeout=${KOL_FUZZ_TIMEOUT:-10}
fi

passed=0
failed=0
t0=$(date +%s)
finish() {
  echo "fuzz: total $(( $(date +%s) - t0 )) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

cc=${CC:-}
if [ -z "$cc" ] || ! "$cc" --version 2>/dev/null | grep -qi clang; then
  cc=$(command -v clang || command -v clang-14 || true)
fi
if [ -z "$cc" ]; then
  echo "fuzz: FAIL: clang not found (Debian: apt-get install -y clang libclang-rt-14-dev)" >&2
  failed=$((failed + 1)); finish
fi

echo "== fuzz: build ($build, $cc)"
mkdir -p "$build"
if ! CC=$cc cmake -S "$root/tests/fuzz" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build/configure.log" 2>&1; then
  tail -40 "$build/configure.log" >&2
  echo "fuzz: FAIL: configure (log: $build/configure.log)" >&2
  failed=$((failed + 1)); finish
fi
if ! cmake --build "$build" -j "$jobs" > "$build/build.log" 2>&1; then
  tail -40 "$build/build.log" >&2
  echo "fuzz: FAIL: build (log: $build/build.log)" >&2
  failed=$((failed + 1)); finish
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
# Speed, not checks: a 64 MB quarantine (default 256 MB: ~400 MB RSS per
# target and page faults on fresh memory) still holds thousands of inputs'
# frees; 10 frames of allocation stack (default 30) in reports. Added
# unless the caller chose them.
case ":$ASAN_OPTIONS:" in *:quarantine_size_mb=*) ;; *)
  ASAN_OPTIONS=$ASAN_OPTIONS:quarantine_size_mb=64 ;; esac
case ":$ASAN_OPTIONS:" in *:malloc_context_size=*) ;; *)
  ASAN_OPTIONS=$ASAN_OPTIONS:malloc_context_size=10 ;; esac
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Targets: the ones named, in the order given (long mode: fastest first),
# else every tests/fuzz/fuzz_*.c.
targets=()
if [ ${#only[@]} -gt 0 ]; then
  for t in "${only[@]}"; do
    [ -f "$root/tests/fuzz/$t.c" ] && targets+=("$t")
  done
else
  for src in "$root"/tests/fuzz/fuzz_*.c; do
    targets+=("$(basename "$src" .c)")
  done
fi

if [ ${#targets[@]} -eq 0 ] || [ ${#targets[@]} -lt ${#only[@]} ]; then
  echo "fuzz: FAIL: unknown target among: ${only[*]:-(none found)}" >&2
  failed=$((failed + 1)); finish
fi

for t in "${targets[@]}"; do
  exe=$build/$t
  seeds=$root/tests/fuzz/corpus/$t
  regs=$root/tests/fuzz/regressions/$t
  work=$build/corpus/$t
  arts=$build/artifacts/$t
  log=$build/$t.log
  mkdir -p "$work" "$arts" "$seeds"
  start=$(date +%s)

  # 1. Regressions: every committed input, once each.
  if [ -d "$regs" ] && [ -n "$(ls -A "$regs" 2>/dev/null | grep -v '^README')" ]; then
    mapfile -t inputs < <(find "$regs" -type f ! -name 'README*' | sort)
    if ! "$exe" -timeout=60 -rss_limit_mb=4096 "${inputs[@]}" > "$log.regressions" 2>&1; then
      tail -40 "$log.regressions" >&2
      echo "FAIL $t: a regression input crashes again (log: $log.regressions)"
      failed=$((failed + 1))
      continue
    fi
  fi

  # 2. Fuzz from the committed seeds plus what earlier runs found.
  args=(-timeout="$timeout" -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1
        -artifact_prefix="$arts/" -runs="$runs")
  [ "$seconds" != 0 ] && args+=(-max_total_time="$seconds")
  # The short run is a gate in the test command: a fixed seed makes every
  # run replay the same mutation sequence (only where it stops depends on
  # the machine's speed), so it cannot fail at random. --long explores
  # with a fresh seed each time.
  [ $long = 0 ] && args+=(-seed="${KOL_FUZZ_SEED:-1}")
  if "$exe" "${args[@]}" "$work" "$seeds" > "$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "ok   $t: ${execs:-?} executions in $(( $(date +%s) - start )) s"
    passed=$((passed + 1))
  else
    grep -E 'ERROR|invariant|runtime error|SUMMARY' "$log" | head -5 >&2
    echo "FAIL $t: crash; input in $arts/ (log: $log); copy it to tests/fuzz/regressions/$t/"
    failed=$((failed + 1))
  fi
done
finish
