#!/usr/bin/env bash
# Valgrind memcheck over the unit test programs of a build directory.
#
#   bash tests/valgrind.sh              # build/ if it holds the unit tests,
#                                       # otherwise builds build-valgrind/
#   bash tests/valgrind.sh BUILD_DIR    # the test_* programs of BUILD_DIR
#   bash tests/valgrind.sh --all [DIR]  # no time bound: every program
#
# Each program first runs natively (it must pass); then under
#   valgrind --error-exitcode=99 --leak-check=full
#            --errors-for-leak-kinds=definite,indirect
# where any invalid read or write, use of an uninitialised value, bad free
# or definite/indirect leak fails it. To keep the run bounded, the
# programs run under memcheck quickest first (by their native time), and a
# program whose estimated memcheck time (native time x KOL_VALGRIND_FACTOR,
# default 30) no longer fits in what is left of KOL_VALGRIND_BUDGET
# (default 420 s) is skipped and listed with the reason; one stopped by the
# budget without any error reported is listed as skipped too. Both runs
# have KOL_TEST_SHRINK=1 in their environment: test_roster then makes its
# longest cases smaller (100,000 records become 5,000, fewer roster sizes
# under allocation failure, every assertion kept: see shrink_tests() in
# tests/test_roster.c), which brings it within the budget. (TEST_FILTER,
# honoured by test_roi and test_cost, only selects tests by name.)
# --all (or KOL_VALGRIND_BUDGET=0) runs everything at full size
# (KOL_TEST_SHRINK=0); KOL_VALGRIND_TIMEOUT (default 900 s) still bounds
# each program. A KOL_TEST_SHRINK set by the caller is kept as it is.
# KOL_JOBS (default 2) programs run under memcheck at a time.
# The build must not use sanitizers (valgrind cannot run ASan programs).
# Needs valgrind (Debian: valgrind), cmake, gcc, cmocka; installs nothing.
# Ends with "N passed, N failed" (skipped programs are counted apart).
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
all=0
dir=
for a in "$@"; do
  case $a in
    --all) all=1 ;;
    -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) dir=$a ;;
  esac
done
budget=${KOL_VALGRIND_BUDGET:-420}
[ $all = 1 ] && budget=0
# Smaller sizes where a test offers them (see above), unless unbounded.
if [ -z "${KOL_TEST_SHRINK+set}" ]; then
  if [ "$budget" -gt 0 ]; then KOL_TEST_SHRINK=1; else KOL_TEST_SHRINK=0; fi
fi
export KOL_TEST_SHRINK
factor=${KOL_VALGRIND_FACTOR:-30}
per_test_timeout=${KOL_VALGRIND_TIMEOUT:-900}
jobs=${KOL_JOBS:-2}
passed=0
failed=0
skipped=()
t0=$(date +%s)
finish() {
  if [ ${#skipped[@]} -gt 0 ]; then
    echo "valgrind: skipped to stay within the time budget (run with --all to include):"
    printf '  %s\n' "${skipped[@]}"
  fi
  echo "valgrind: total $(( $(date +%s) - t0 )) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if ! command -v valgrind > /dev/null; then
  echo "valgrind: FAIL: valgrind not found (Debian: apt-get install -y valgrind)" >&2
  failed=1; finish
fi

has_tests() { [ -n "$(find "$1/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x 2>/dev/null | head -1)" ]; }

if [ -z "$dir" ]; then
  if [ -d "$root/build" ] && has_tests "$root/build" &&
     ! grep -q '^KOL_SANITIZE:STRING=.\+' "$root/build/CMakeCache.txt" 2>/dev/null; then
    dir=$root/build
  else
    dir=$root/build-valgrind
    echo "== valgrind: build ($dir)"
    mkdir -p "$dir"
    if ! { cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
             -DKOL_BUILD_EXAMPLES=OFF -DKOL_BUILD_DOCS=OFF -DKOL_BUILD_BENCH=OFF \
             > "$dir/configure.log" 2>&1 &&
           cmake --build "$dir" -j "$jobs" > "$dir/build.log" 2>&1; }; then
      tail -30 "$dir/configure.log" "$dir/build.log" >&2 2>/dev/null
      echo "valgrind: FAIL: build (logs in $dir)" >&2
      failed=1; finish
    fi
  fi
fi
dir=$(cd "$dir" 2>/dev/null && pwd) || { echo "valgrind: no directory $dir" >&2; failed=1; finish; }
if grep -q '^KOL_SANITIZE:STRING=.\+' "$dir/CMakeCache.txt" 2>/dev/null; then
  echo "valgrind: FAIL: $dir is a sanitizer build; valgrind needs a plain one" >&2
  failed=1; finish
fi
if ! has_tests "$dir"; then
  echo "valgrind: FAIL: no test_* programs in $dir/tests" >&2
  failed=1; finish
fi

echo "== valgrind: unit tests of $dir (budget ${budget} s; 0 = none)"
logdir=$dir/valgrind
mkdir -p "$logdir"
mapfile -t progs < <(find "$dir/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort)

# 1. Native runs: each must pass; their times order the valgrind runs
#    (quickest first) and estimate their cost under memcheck.
timed=()
for exe in "${progs[@]}"; do
  name=$(basename "$exe")
  s=$(date +%s%N)
  if ! (cd "$dir/tests" && "$exe") > "$logdir/$name.native.log" 2>&1; then
    echo "FAIL $name: fails without valgrind (log: $logdir/$name.native.log)"
    failed=$((failed + 1))
    continue
  fi
  timed+=("$(( ($(date +%s%N) - s) / 1000000 )) $exe")
done
mapfile -t timed < <(printf '%s\n' "${timed[@]}" | sort -n)

# 2. Memcheck, quickest first, KOL_JOBS programs at a time, while the
#    estimate fits what is left of the budget.
vg_one() { # exe limit log
  (cd "$dir/tests" && timeout "$2" valgrind -q \
      --error-exitcode=99 --leak-check=full \
      --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect \
      --num-callers=30 "$1") > "$3" 2>&1
  echo $? > "$3.rc"
}
vg_start=$(date +%s)
launched=()
for entry in "${timed[@]}"; do
  [ -n "$entry" ] || continue
  native_ms=${entry%% *}
  exe=${entry#* }
  name=$(basename "$exe")
  native=$(awk -v ms="$native_ms" 'BEGIN { printf "%.2f", ms / 1000 }')
  estimate=$(( (native_ms * factor + 999) / 1000 ))
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  used=$(( $(date +%s) - vg_start ))
  left=$(( budget - used ))
  limit=$per_test_timeout
  if [ "$budget" -gt 0 ]; then
    if [ "$estimate" -gt "$left" ]; then
      skipped+=("$name: ${native} s natively, about ${estimate} s under memcheck; ${left} s of the budget left")
      continue
    fi
    [ "$left" -lt "$limit" ] && limit=$left
  fi
  rm -f "$logdir/$name.log.rc"
  echo "$(date +%s)" > "$logdir/$name.start"
  vg_one "$exe" "$limit" "$logdir/$name.log" &
  launched+=("$name $native")
done
wait

for entry in "${launched[@]}"; do
  name=${entry%% *}
  native=${entry#* }
  log=$logdir/$name.log
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  took=$(( $(stat -c %Y "$log.rc" 2>/dev/null || date +%s) - $(cat "$logdir/$name.start") ))
  errors=$(grep -c -E '^==[0-9]+== (Invalid|Conditional|Use of|Mismatched|Source and destination|Syscall param)' "$log")
  if [ "$rc" -eq 0 ]; then
    echo "ok   $name (${took} s under memcheck; ${native} s natively)"
    passed=$((passed + 1))
  elif [ "$rc" -eq 124 ] && [ "$errors" -eq 0 ]; then
    skipped+=("$name: stopped after ${took} s under memcheck (time bound), no error reported until then")
  else
    grep -m5 -E '^==[0-9]+== (Invalid|Conditional|Use of|Mismatched|.*definitely lost|.*indirectly lost)' "$log"
    echo "FAIL $name: exit $rc under valgrind (log: $log)"
    failed=$((failed + 1))
  fi
done
finish
