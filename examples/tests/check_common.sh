# Helpers of the examples/tests/*_check.sh scripts, sourced by them (not
# run): `. "$HERE/check_common.sh" NAME` after KOL is set makes a scratch
# directory $tmp (kol-NAME-check.XXXXXX, removed on exit), sets
# failures=0 and defines:
#
#   run ARGS...    run "$KOL" ARGS..., keeping stdout in $tmp/out, stderr
#                  in $tmp/err, the exit status in $rc; in a sanitizer
#                  build any report is a failure, whatever the status
#   fail MESSAGE   count a failure, showing the last command's output
#   expect_rc N    the last exit status is N
#   expect_out RE / expect_err RE
#                  an extended regex matches a line of stdout / stderr
#   expect_no_out RE / expect_no_err RE
#                  no line of stdout / stderr matches it
#   expect_line TEXT
#                  a line of stdout is exactly TEXT
#   check_done [STATUS]
#                  the end of a script: exit 1 with the count of failures,
#                  or say that every check of case $case_name passed and
#                  exit STATUS (0 by default; 77 for a skipped case)

failures=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kol-${1:?check name}-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

run() {
    "$KOL" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    last="kol $*"
    if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"
    then
        fail "sanitizer report"
    fi
}

fail() {
    echo "FAIL: $last: $*"
    echo "--- stdout:"; head -c 4000 "$tmp/out"
    echo "--- stderr:"; head -c 3000 "$tmp/err"
    echo "---"
    failures=$((failures + 1))
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_out() { grep -Eq -- "$1" "$tmp/out" || fail "no stdout line matches /$1/"; }
expect_err() { grep -Eq -- "$1" "$tmp/err" || fail "no stderr line matches /$1/"; }
expect_no_out() { ! grep -Eq -- "$1" "$tmp/out" || fail "a stdout line matches /$1/"; }
expect_no_err() { ! grep -Eq -- "$1" "$tmp/err" || fail "a stderr line matches /$1/"; }
expect_line() { grep -Fxq -- "$1" "$tmp/out" || fail "no stdout line is exactly '$1'"; }

check_done() {
    if [ "$failures" -ne 0 ]; then
        echo "$case_name: $failures check(s) failed"
        exit 1
    fi
    case "${1:-0}" in
    0) echo "$case_name: all checks passed" ;;
    77) echo "$case_name: skipped" ;;
    *) echo "$case_name: ended with status $1" ;;
    esac
    exit "${1:-0}"
}
