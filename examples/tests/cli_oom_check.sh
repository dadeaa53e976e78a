#!/bin/bash
# Allocation failures in the `kol` command: every allocation of a run (the
# command's, libkol's and the C library's: stdio, fopen) is made to fail
# in turn, through the LD_PRELOAD shim examples/tests/failmalloc.c, and
# the run must then either give exactly the output of the run without a
# failure (an allocation whose failure changes nothing, such as a stdio
# buffer), or exit 1 with a message saying that memory ran out. Never a
# crash, a hang, an exit 0 with other output (a row dropped as if it were
# bad, an optional file taken for absent), nor another error.
#
# Usage: cli_oom_check.sh CASE KOL SHIM TESTDATA EXAMPLEDATA
#   CASE: traffic, score, roi, plan, report (the commands each one runs
#   are listed below). The report makes about 10,000 allocations, so
#   there every 37th is failed (each allocation site is met many times),
#   and with --html every one of the last 80 (the page's).
#
# Exits 1 if any check failed.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
SHIM=${3:?failmalloc shim}
TDATA=${4:?tests/data dir}
EXDATA=${5:?examples/data dir}

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" oom

# sweep STRIDE FIRST ARGS...: run kol ARGS... once to count its
# allocations, then once per allocation n = FIRST, FIRST + STRIDE, ...
# with the n-th failing (FIRST -K: the last K allocations)
sweep() {
    local stride=$1 first=$2 total n out_rc runs=0
    shift 2
    last="kol $*"
    KOL_FAIL_COUNT=1 LD_PRELOAD="$SHIM" "$KOL" "$@" >"$tmp/base.out" \
        2>"$tmp/base.err"
    out_rc=$?
    total=$(sed -n 's/^kol-failmalloc: \([0-9]*\) allocations$/\1/p' \
        "$tmp/base.err")
    if [ -z "$total" ] || [ "$total" -lt 5 ]; then
        fail "the shim counted no allocations ('${total}'): not preloaded?"
        return
    fi
    grep -v '^kol-failmalloc: ' "$tmp/base.err" >"$tmp/base.err2"
    [ "$first" -lt 0 ] && first=$((total + first + 1))
    [ "$first" -lt 1 ] && first=1
    for ((n = first; n <= total; n += stride)); do
        runs=$((runs + 1))
        KOL_FAIL_AT=$n LD_PRELOAD="$SHIM" timeout 60 "$KOL" "$@" \
            >"$tmp/out" 2>"$tmp/err"
        rc=$?
        last="KOL_FAIL_AT=$n kol $*"
        if [ "$rc" -ge 124 ]; then
            fail "exit status $rc (a crash or a hang)"
        elif cmp -s "$tmp/out" "$tmp/base.out" &&
            cmp -s "$tmp/err" "$tmp/base.err2" && [ "$rc" -eq "$out_rc" ]; then
            : # the failure changed nothing
        elif [ "$rc" -eq 0 ]; then
            fail "exit status 0, but the output differs from the run without a failure: $(diff "$tmp/base.out" "$tmp/out" | head -4 | tr '\n' ' ')"
        elif [ "$rc" -ne 1 ] || ! grep -qi 'memory' "$tmp/err"; then
            fail "exit status $rc without an out-of-memory message"
        fi
    done
    echo "kol $*: $total allocations, $runs runs"
}

case "$case_name" in
traffic)
    sweep 1 1 traffic --csv "$TDATA/traffic_bad.csv"
    sweep 1 1 traffic --csv "$TDATA/traffic_counters.csv" --counters
    sweep 1 1 audience --csv "$TDATA/audience_bad.csv" --summary
    ;;
score)
    # the record reader: a libkol allocation failing while a row is set
    # (a portrait) was taken for a bad row, and the command exited 0
    sweep 1 1 score --csv "$TDATA/score_roster.csv" --format json \
        --target-portrait "$TDATA/target_portrait.csv"
    sweep 1 1 tier --csv "$TDATA/score_roster.csv"
    sweep 1 1 records --csv "$TDATA/bad_rows.csv"
    ;;
roi)
    # the deliveries reader, as the record reader
    sweep 1 1 roi --csv "$TDATA/deliveries_bad.csv" --format json
    sweep 1 1 price --history "$TDATA/deliveries.csv" --platform douyin \
        --tier waist --quote 1000 --views 50000
    sweep 1 1 overlap --csv "$TDATA/followers.csv"
    ;;
plan)
    sweep 1 1 plan --csv "$TDATA/candidates.csv" --budget 100
    sweep 1 1 plan --csv "$TDATA/candidates.csv" --budget 100 \
        --objective reach --audience "$TDATA/followers.csv"
    ;;
report)
    # the first allocation (fopen's, probing deliveries.csv) made the
    # report leave the deliveries out as if there were no such file
    sweep 37 1 report --data "$EXDATA" --no-html
    # the page, written last: every allocation from the end of the text
    # report on ("error writing the page" gave no reason)
    sweep 1 -80 report --data "$EXDATA" --html "$tmp/page.html"
    ;;
*)
    echo "unknown case '$case_name'"
    exit 2
    ;;
esac
check_done
