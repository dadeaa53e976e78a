#!/usr/bin/env bash
# Build every benchmark under bench/ in Release mode and run them all, in
# one invocation, each printing its figures beside its baseline (numpy,
# pandas, an exact hash set, or the same call from C). Benchmarks are not
# tests: nothing here passes or fails on a figure.
#
# Usage: bash bench/run.sh [--quick] [--no-install] [--build-dir DIR]
#   --quick        small inputs (a smoke run of a minute or so; the figures
#                  are then not representative)
#   --no-install   never run apt-get, even as root (a missing baseline
#                  package is then reported and that baseline skipped)
#   --build-dir    build directory (default: build-bench/ at the repository
#                  root)
#
# Needs: a C compiler, cmake, and for the baselines Debian's /usr/bin/python3
# with python3-numpy and python3-pandas. Run as root on Debian, the script
# installs the two Python packages when they are missing.
#
# The machine description printed first (CPU, cores, load, date, commit)
# is what bench/BENCHMARKS.md records beside each run; the whole output is
# also kept in <build dir>/bench-run.log.
set -u -o pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-bench"
quick=0
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-install) install=0 ;;
    --build-dir) shift; build=$(realpath -m "${1:?--build-dir needs a directory}") ;;
    --build-dir=*) build=$(realpath -m "${1#--build-dir=}") ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

py=/usr/bin/python3
have_py_module() { [ -x "$py" ] && "$py" -c "import $1" 2>/dev/null; }

# --- baselines' dependencies ------------------------------------------------
missing=()
have_py_module numpy || missing+=(python3-numpy)
have_py_module pandas || missing+=(python3-pandas)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench/run.sh: installing ${missing[*]} for the baselines"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null; } ||
      echo "bench/run.sh: apt-get install ${missing[*]} failed; those baselines will be skipped" >&2
  else
    echo "bench/run.sh: ${missing[*]} not installed (apt-get install -y ${missing[*]});" \
         "those baselines will be skipped" >&2
  fi
fi

# --- build -----------------------------------------------------------------
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
echo "== building the benchmarks (Release) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKOL_BUILD_BENCH=ON \
      -DBUILD_TESTING=OFF -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_EXAMPLES=OFF >"$build.cmake.log" 2>&1 ||
  { cat "$build.cmake.log" >&2; echo "bench/run.sh: cmake configure failed" >&2; exit 1; }
rm -f "$build.cmake.log"

# Every bench/<name>.cmake adds a program <name>_bench (bench/CMakeLists.txt).
benches=()
for order in value traffic roi overlap bindings; do
  [ -f "$root/bench/$order.cmake" ] && benches+=("${order}_bench")
done
for f in "$root"/bench/*.cmake; do
  name=$(basename "$f" .cmake)_bench
  case " ${benches[*]} " in *" $name "*) ;; *) benches+=("$name") ;; esac
done
cmake --build "$build" -j"$jobs" --target "${benches[@]}" >"$build/bench-build.log" 2>&1 ||
  { tail -40 "$build/bench-build.log" >&2; echo "bench/run.sh: build failed" >&2; exit 1; }

# --- sizes -----------------------------------------------------------------
# Defaults are each program's own (the figures of BENCHMARKS.md); --quick
# divides them by 10 to 100.
declare -A args=()
if [ "$quick" = 1 ]; then
  args=([value_bench]=100000 [traffic_bench]=500000 [roi_bench]=100000
        [overlap_bench]=1000000 [bindings_bench]="1000000 1")
fi

# --- run -------------------------------------------------------------------
log="$build/bench-run.log"
{
  echo "== machine"
  echo "date (UTC):   $(date -u '+%Y-%m-%d %H:%M')"
  echo "cpu:          $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
  echo "nproc:        $(nproc 2>/dev/null)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (1, 5, 15 min, at start)"
  echo "compiler:     $(cc --version 2>/dev/null | head -1)"
  echo "commit:       $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
                        git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
  echo "python:       $("$py" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__, end="")' 2>/dev/null)$(
                        "$py" -c 'import pandas; print(" pandas", pandas.__version__, end="")' 2>/dev/null)"
  [ "$quick" = 1 ] && echo "mode:         --quick (small inputs; not representative)"
} | tee "$log"

failed=()
for b in "${benches[@]}"; do
  exe="$build/bench/$b"
  echo | tee -a "$log"
  echo "== $b ${args[$b]:-}" | tee -a "$log"
  start=$(date +%s)
  # shellcheck disable=SC2086  # the size arguments are meant to split
  if (cd "$build/bench" && "$exe" ${args[$b]:-}) 2>&1 | tee -a "$log"; then
    echo "-- $b: $(( $(date +%s) - start )) s wall" | tee -a "$log"
  else
    echo "-- $b: FAILED (exit status ${PIPESTATUS[0]})" | tee -a "$log"
    failed+=("$b")
  fi
done
echo | tee -a "$log"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a "$log"
echo "== output kept in $log"
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench/run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
