#!/usr/bin/env bash
# Checks of `kol traffic` and `kol audience`, run by ctest
# (examples/CMakeLists.txt) as:
#
#   cli3_check.sh CASE KOL_BINARY TESTS_DATA_DIR
#
# Cases:
#   traffic_burst     tests/data/traffic_burst.csv: 60 minutes of Poisson
#                     views (mean 50) and likes (mean 5) with 600 bought
#                     views added in minutes 40-42: exactly those minutes
#                     flagged (burst), restored views there near the
#                     organic level, restored total near 3016 (the organic
#                     sum); header, one row per input row, scores in [0,1]
#   traffic_post      tests/data/traffic_post.csv: minutes 240-359 of post
#                     spring-glow-dy-003 of examples/data/traffic.csv (a
#                     views burst at minutes 300-311, 9 times the expected
#                     views): recall and precision on those minutes, ISO
#                     'T...Z' timestamps echoed, the post_id column known;
#                     a file of two posts refused (naming the column),
#                     --post selecting one
#   traffic_counters  tests/data/traffic_counters.csv (epoch seconds,
#                     column 'value', cumulative): --counters turns them
#                     into increments, rows of one slot repeat the slot's
#                     result, a counter going back is a drop; the inferred
#                     step, from the rows the monitor accepts only (60 s
#                     when they have no positive difference, even when a
#                     refused row is far from the others)
#   traffic_bad_rows  tests/data/traffic_bad.csv: bad timestamps, a value
#                     that is not a number, an infinity and an
#                     out-of-order row reported with their row numbers and
#                     left out; an empty cell stays empty; rows with a
#                     cell too few or too many rejected; a row out of
#                     order named by its timestamp as written (ISO, and
#                     snapped), its reason said once; a stray quote in the
#                     last row: nothing on standard output, exit 1, as
#                     docs/cli.md's reader limits say
#   audience_values   tests/data/audience_sample.csv: a real-looking
#                     follower, a fake-looking one, one with no feature,
#                     one with a single feature; --summary's ratio and
#                     interval
#   audience_bad_rows tests/data/audience_bad.csv: rows the model refuses,
#                     reported with the library's message and row number;
#                     rows with a cell too few or too many rejected
#   cli3_usage        usage errors (exit 2), missing or empty files and bad
#                     headers (exit 1), timestamps too far apart to infer
#                     a step (exit 1), --help
#
# Exits 1 if any check failed.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
TDATA=${3:?tests/data dir}

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" cli3

no_nan() {
    ! grep -Eqi 'nan|inf' "$tmp/out" || fail "'nan' or 'inf' in the output"
}
# check NAME AWK_PROGRAM: the awk program (run on stdout, -F,) must exit 0.
check() {
    awk -F, "$2" "$tmp/out" || fail "$1"
}
# near NAME GOT WANT TOL
near() {
    awk -v g="$2" -v w="$3" -v t="$4" \
        'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }' ||
        fail "$1 = '$2', expected $3 +- $4"
}

case "$case_name" in
traffic_burst)
    run traffic --csv "$TDATA/traffic_burst.csv"
    expect_rc 0
    no_nan
    expect_line "timestamp,views,likes,anomaly_score,reasons,restored_views,restored_likes"
    [ "$(wc -l <"$tmp/out")" -eq 61 ] || fail "expected 61 lines (header + 60)"
    check "scores in [0,1]" \
        'NR > 1 && !($4 >= 0 && $4 <= 1) { exit 1 }'
    # Exactly minutes 40-42 (data rows 41-43, lines 42-44) flagged, burst.
    check "flags: only the burst minutes" \
        'NR > 1 { m = NR - 2; f = ($5 != "");
                  if ((m >= 40 && m <= 42) != f) { print "minute " m; exit 1 }
                  if (f && $5 !~ /burst/) exit 1 }'
    # Restored views in the burst minutes near the organic level (mean
    # 50; the observed values are about 650), restored likes untouched.
    check "restored burst minutes near 50" \
        'NR >= 42 && NR <= 44 && !($6 >= 10 && $6 <= 100) { exit 1 }'
    check "unflagged rows restored = observed" \
        'NR > 1 && $5 == "" && ($6 != $2 || $7 != $3) { exit 1 }'
    check "likes untouched" 'NR > 1 && $7 != $3 { exit 1 }'
    total=$(awk -F, 'NR > 1 { s += $6 } END { printf "%.3f", s }' "$tmp/out")
    # Organic sum: 4816 observed - 1800 bought = 3016; within 5%.
    near "restored views total" "$total" 3016 150
    expect_err '60 rows read, 60 accepted, 0 rejected; step 60 s \(inferred\)'
    expect_err '60 slots, 3 flagged, 1 flagged interval'
    expect_err 'interval 2026-06-01 12:40:00 to 2026-06-01 12:42:00'
    expect_err 'views: observed 4816, restored 30[01][0-9]\.'
    # The band holds the organic total (3016): the burst minutes are
    # restored by the views' baseline combined with likes / rho by
    # precision, not by the smaller of the two, which was biased low
    # (2983.8, band 2961.8 to 3005.7, without it).
    band=$(sed -n 's/.*views: observed 4816, restored [0-9.]* (band \([0-9.]*\) to \([0-9.]*\)).*/\1 \2/p' "$tmp/err")
    awk -v b="$band" 'BEGIN { split(b, a, " "); exit !(a[1] <= 3016 && 3016 <= a[2]) }' ||
        fail "views band '$band' does not hold the organic total 3016"
    expect_err 'likes: observed 288, restored 288 '
    # Explicit step gives the same output.
    cp "$tmp/out" "$tmp/inferred"
    run traffic --csv "$TDATA/traffic_burst.csv" --step=60
    expect_rc 0
    cmp -s "$tmp/out" "$tmp/inferred" || fail "--step 60 differs from inferred"
    expect_err 'step 60 s$'
    # Standard input.
    "$KOL" traffic --csv - <"$TDATA/traffic_burst.csv" >"$tmp/stdin" 2>/dev/null
    cmp -s "$tmp/stdin" "$tmp/inferred" || { last="kol traffic --csv -"; fail "stdin differs"; }
    # ... named as the other commands name it
    printf 'timestamp,views\n1,5\n2,x\n' >"$tmp/bad_in.csv"
    "$KOL" traffic --csv - <"$tmp/bad_in.csv" >"$tmp/out" 2>"$tmp/err"
    last="kol traffic --csv - (a bad row)"
    expect_err "^kol traffic: warning: standard input: row 3: column 'views'"
    expect_err '^traffic: standard input: 2 rows read'
    ;;
traffic_post)
    run traffic --csv "$TDATA/traffic_post.csv"
    expect_rc 0
    no_nan
    expect_line "timestamp,views,likes,comments,shares,follows,anomaly_score,reasons,restored_views,restored_likes,restored_comments,restored_shares,restored_follows"
    expect_no_err "unknown column"
    expect_out '^2026-06-01T17:00:00Z,990,20,0,0,0,'
    [ "$(wc -l <"$tmp/out")" -eq 121 ] || fail "expected 121 lines"
    # Minute m of the post is data row m - 239 (line m - 238); bought:
    # minutes 300-311.
    tp=$(awk -F, 'NR > 1 { m = NR + 238; if ($8 != "" && m >= 300 && m <= 311) n++ } END { print n + 0 }' "$tmp/out")
    fp=$(awk -F, 'NR > 1 { m = NR + 238; if ($8 != "" && (m < 300 || m > 311)) n++ } END { print n + 0 }' "$tmp/out")
    [ "$tp" -ge 11 ] || fail "recall: $tp of 12 bought minutes flagged"
    [ "$fp" -le 2 ] || fail "precision: $fp organic minutes flagged"
    # Restored views in the burst: about a ninth of the observed (the
    # organic level there is about 100), far below the observed 690-990.
    check "restored burst views near organic" \
        'NR >= 62 && NR <= 73 && !($9 >= 40 && $9 <= 250 && $2 >= 600) { exit 1 }'
    expect_err 'interval 2026-06-01 17:00:00 to 2026-06-01 17:11:00'
    # Two posts in one file (the traffic file of `kol report`): one
    # error naming the column and both posts, not a merged series with
    # thousands of out-of-order warnings.
    cp "$tmp/out" "$tmp/one_post"
    { cat "$TDATA/traffic_post.csv"
      sed -n '2,4s/^spring-glow-dy-003,/other-post,/p' "$TDATA/traffic_post.csv"
    } >"$tmp/two_posts.csv"
    run traffic --csv "$tmp/two_posts.csv"
    expect_rc 1
    expect_err "column 'post_id' holds more than one post \('spring-glow-dy-003' in row 2, 'other-post' in row 122\)"
    expect_err 'choose one with --post ID'
    expect_no_err 'out of order'
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "expected one line on stderr"
    # --post keeps the rows of one post: the output of that post alone.
    run traffic --csv "$tmp/two_posts.csv" --post spring-glow-dy-003
    expect_rc 0
    cmp -s "$tmp/out" "$tmp/one_post" || fail "--post output differs from the post alone"
    expect_err '123 rows read, 120 accepted, 0 rejected, 3 of other posts skipped; step 60 s \(inferred\)'
    run traffic --csv "$tmp/two_posts.csv" --post other-post
    expect_rc 0
    [ "$(wc -l <"$tmp/out")" -eq 4 ] || fail "expected header + 3 rows of other-post"
    run traffic --csv "$tmp/two_posts.csv" --post nothing
    expect_rc 1
    expect_err "no row of post 'nothing' \(123 rows of other posts\)"
    run traffic --csv "$TDATA/traffic_burst.csv" --post p1
    expect_rc 1
    expect_err "no 'post_id' column"
    run traffic --csv "$tmp/two_posts.csv" --post=
    expect_rc 2
    # kol report's traffic file as it is: its timestamps may lack the
    # seconds or hold a leap second, and the column may be named minute;
    # every row is accepted, the leap second as 12:04:00.
    printf 'post_id,minute,views,likes\np1,2026-06-01T12:00Z,50,5\np1,2026-06-01T12:01Z,52,4\np1,2026-06-01 12:02,49,6\np1,2026-06-01T12:03:00Z,51,5\np1,2026-06-01T12:03:60Z,51,5\n' \
        >"$tmp/report_traffic.csv"
    run traffic --csv "$tmp/report_traffic.csv" --post p1
    expect_rc 0
    expect_line "timestamp,views,likes,anomaly_score,reasons,restored_views,restored_likes"
    expect_err '5 rows read, 5 accepted, 0 rejected, 0 of other posts skipped; step 60 s \(inferred\)'
    expect_err '5 slots'
    printf 'timestamp,minute,views\n0,0,5\n' >"$tmp/both.csv"
    run traffic --csv "$tmp/both.csv"
    expect_rc 1
    expect_err "row 1: 'timestamp' and 'minute' name the same column \(columns 1 and 2\)"
    printf 'timestamp,views\n2026-02-30 00:00,5\n2026-06-01 24:00,5\n2026-06-01 12:00:61,5\n2026-06-01 12:00,5\n' >"$tmp/dates.csv"
    run traffic --csv "$tmp/dates.csv"
    expect_rc 0
    expect_err "row 2: "
    expect_err "row 3: "
    expect_err "row 4: "
    expect_err '4 rows read, 1 accepted, 3 rejected'
    # Measurements: a constant gauge (60 minutes at 42.5) is no drip. As
    # counts it is (its dispersion is far below Poisson's); as a 'value'
    # column or with --measurements, nothing is flagged.
    awk 'BEGIN { print "timestamp,views"; for (i = 0; i < 60; i++) print i * 60 ",42.5" }' \
        >"$tmp/gauge.csv"
    run traffic --csv "$tmp/gauge.csv"
    expect_rc 0
    expect_err 'drip'
    run traffic --csv "$tmp/gauge.csv" --measurements
    expect_rc 0
    expect_err '60 slots, 0 flagged'
    sed '1s/views/value/' "$tmp/gauge.csv" >"$tmp/gauge_value.csv"
    run traffic --csv "$tmp/gauge_value.csv"
    expect_rc 0
    expect_err '60 slots, 0 flagged'
    # Intervals of ISO timestamps without seconds are printed as dates.
    awk 'BEGIN { print "timestamp,views";
                 for (i = 0; i < 60; i++)
                     printf "2026-06-01T%02d:%02dZ,%d\n", 10 + int(i / 60), i % 60, i == 40 ? 900 : 100 + (i * 7) % 13 }' \
        >"$tmp/hhmm.csv"
    run traffic --csv "$tmp/hhmm.csv"
    expect_rc 0
    expect_err 'interval 2026-06-01 10:[0-9]{2}:00 to 2026-06-01 10:40:00'
    ;;
traffic_counters)
    run traffic --csv "$TDATA/traffic_counters.csv" --counters --step 60
    expect_rc 0
    no_nan
    expect_line "timestamp,value,anomaly_score,reasons,restored_value"
    # Slot 1 holds t=1060 and t=1090 (counters: last reading 170, so the
    # increment is 170 - 100 = 70), repeated on both rows.
    check "merged rows repeat the slot" \
        '$1 == 1060 || $1 == 1090 { if ($5 != 70) exit 1; n++ } END { exit n != 2 }'
    check "first counter reading: increment 0" '$1 == 1000 && $5 != 0 { exit 1 }'
    check "increments" \
        '($1 == 1120 && $5 != 40) || ($1 == 1180 && $5 != 50) || ($1 == 1360 && $5 != 50) { exit 1 }'
    check "drop flagged" '$1 == 1300 && ($4 != "drop" || $5 != 0 || $3 <= 0) { exit 1 }'
    check "only the drop flagged" 'NR > 1 && $1 != 1300 && $4 != "" { exit 1 }'
    expect_err 'step 60 s, counters'
    expect_err 'value: observed 250, restored 250 .*dropped 10$'
    # Without --step: the smallest difference, 30 s.
    run traffic --csv "$TDATA/traffic_counters.csv" --counters
    expect_rc 0
    expect_err 'step 30 s \(inferred\), counters'
    check "30 s slots" '($1 == 1060 && $5 != 25) || ($1 == 1090 && $5 != 20) { exit 1 }'
    # One pair 5 s apart in a minute series: the inferred step is 5 s,
    # under half the median difference (60 s), and the command says so.
    printf 'timestamp,views\n0,5\n60,6\n120,7\n180,8\n185,1\n240,9\n' \
        >"$tmp/jitter.csv"
    run traffic --csv "$tmp/jitter.csv"
    expect_rc 0
    expect_err "the step inferred is the smallest time difference, 5 s, but the median difference is 60 s"
    run traffic --csv "$tmp/jitter.csv" --step 60
    expect_rc 0
    expect_no_err "step inferred"
    # A row out of order (refused by the monitor) does not enter the
    # inferred step: 100, 50, 160 give 60 s, not 110 s (which would merge
    # the two rows kept into one slot).
    printf 'timestamp,views\n100,5\n50,6\n160,7\n' >"$tmp/back.csv"
    run traffic --csv "$tmp/back.csv"
    expect_rc 0
    expect_err 'step 60 s \(inferred\)'
    # Nor does a row refused for its value: a "missing" sentinel -5 as
    # the first counter reading, at t=0, then readings every 60 s from
    # t=30. The step is 60 s (from the rows accepted), not 30 s with
    # every other slot empty, and each reading restores its own increment.
    { echo timestamp,views; echo 0,-5
      for i in $(seq 0 9); do echo "$((30 + 60 * i)),$((100 + 10 * i))"; done
    } >"$tmp/sentinel.csv"
    run traffic --csv "$tmp/sentinel.csv" --counters
    expect_rc 0
    expect_err 'row 2: channel views: negative counter -5'
    expect_err '11 rows read, 10 accepted, 1 rejected; step 60 s \(inferred\), counters'
    expect_err '^traffic: 10 slots'
    expect_no_err 'most slots will be empty'
    expect_line "90,110,0,,10"
    expect_line "570,190,0,,10"
    # The rows accepted have no positive difference (both at t=0; the
    # refused one at t=30 gave the only one): the step is 60 s, as with
    # no difference at all, not 30 s from the refused row.
    printf 'timestamp,views\n0,5\n30,-1\n0,6\n' >"$tmp/refused_only.csv"
    run traffic --csv "$tmp/refused_only.csv" --counters
    expect_rc 0
    expect_err 'row 3: channel views: negative counter -1'
    expect_err '3 rows read, 2 accepted, 1 rejected; step 60 s \(inferred\), counters'
    # A refused row far from the others (a counter of -1 at t=3e12)
    # neither sets the step nor puts it above the monitor's bound: the
    # rows accepted, 60 s apart, give 60 s.
    printf 'timestamp,views\n0,5\n3000000000000,-1\n60,6\n120,8\n' \
        >"$tmp/far_refused.csv"
    run traffic --csv "$tmp/far_refused.csv" --counters
    expect_rc 0
    expect_err 'row 3: channel views: negative counter -1'
    expect_err '4 rows read, 3 accepted, 1 rejected; step 60 s \(inferred\), counters'
    expect_line "120,8,0,,2"
    # Without --counters the values are increments.
    run traffic --csv "$TDATA/traffic_counters.csv" --step 60
    expect_rc 0
    check "increments merged" '($1 == 1060 || $1 == 1090) && $5 != 320 { exit 1 }'
    # A reading after a gap longer than max_gap (10080 slots) only
    # re-anchors its counter: its slot has no increment (MISSING), so the
    # restored cell is empty, not 0; the next reading counts again.
    printf 'timestamp,likes\n0,100\n60,110\n120,120\n1000000,500\n1000060,510\n' \
        >"$tmp/gap.csv"
    run traffic --csv "$tmp/gap.csv" --counters --step 60
    expect_rc 0
    expect_line "120,120,0,,10"
    expect_line "1000000,500,0,,"
    expect_line "1000060,510,0,,10"
    ;;
traffic_bad_rows)
    # Integer seconds after the year 3000 (milliseconds, or a compact
    # date read as seconds) are kept but warned about once, naming the
    # first; seconds of this century are not
    printf 'timestamp,views\n1780315200000,5\n1780315260000,6\n' >"$tmp/ms.csv"
    run traffic --csv "$tmp/ms.csv"
    expect_rc 0
    expect_err "ms\.csv: row 2: timestamp '1780315200000' read as integer seconds is after the year 3000: milliseconds, or a compact date"
    [ "$(grep -c 'after the year 3000' "$tmp/err")" -eq 1 ] || fail "warned more than once"
    printf 'timestamp,views\n1780315200,5\n1780315260,6\n' >"$tmp/sec.csv"
    run traffic --csv "$tmp/sec.csv"
    expect_rc 0
    expect_no_err 'year 3000'
    # ISO times with an offset from UTC (+HH:MM, +HHMM, +HH, -HH:MM) or Z
    # are the same instants as in UTC: one slot a minute, the same
    # results; an offset beyond 23:59 or cut short rejects its row
    printf 'timestamp,views\n2026-06-01T20:00:00+08:00,5\n2026-06-01T20:01:00+0800,6\n2026-06-01 20:02+08,7\n2026-06-01T07:03:00-05:00,8\n2026-06-01T12:04:00Z,9\n2026-06-01T12:05:00+24:00,1\n2026-06-01T12:05:00+08:0,1\n' >"$tmp/tz.csv"
    printf 'timestamp,views\n2026-06-01 12:00:00,5\n2026-06-01 12:01:00,6\n2026-06-01 12:02:00,7\n2026-06-01 12:03:00,8\n2026-06-01 12:04:00,9\n' >"$tmp/utc.csv"
    run traffic --csv "$tmp/tz.csv"
    expect_rc 0
    expect_err '7 rows read, 5 accepted, 2 rejected; step 60 s \(inferred\)'
    expect_err "row 7: column 'timestamp': '2026-06-01T12:05:00\+24:00' is not"
    expect_err "row 8: column 'timestamp': '2026-06-01T12:05:00\+08:0' is not"
    expect_line "2026-06-01T07:03:00-05:00,8,0,,8"
    # the two refused rows are written in their place, without a score
    expect_line "2026-06-01T12:05:00+24:00,1,,rejected,"
    expect_line "2026-06-01T12:05:00+08:0,1,,rejected,"
    grep -v ',rejected,' "$tmp/out" | cut -d, -f2- >"$tmp/tz.res"
    run traffic --csv "$tmp/utc.csv"
    expect_rc 0
    cut -d, -f2- "$tmp/out" | cmp -s - "$tmp/tz.res" ||
        fail "times with offsets give other results than the same instants in UTC"
    # Fractions of a second (JavaScript's toISOString, databases, Python's
    # time.time()) are dropped: the whole second at or before the time,
    # so the same minutes give the same results. 1780315380 is 12:03:00
    # UTC; -0.5 is the second before the epoch, -1, and 00:00:59,5 (a
    # comma, as ISO 8601 allows) is 59: two slots of 60 s.
    printf 'timestamp,views\n2026-06-01T12:00:00.000Z,5\n2026-06-01T12:01:00.999Z,6\n2026-06-01 12:02:00.25,7\n1780315380.75,8\n+1780315440,9\n2026-06-01 12:05:00.,1\n' >"$tmp/frac.csv"
    run traffic --csv "$tmp/frac.csv"
    expect_rc 0
    expect_err '6 rows read, 5 accepted, 1 rejected; step 60 s \(inferred\)'
    expect_err "row 7: column 'timestamp': '2026-06-01 12:05:00\.' is not"
    expect_line "1780315380.75,8,0,,8"
    grep -v ',rejected,' "$tmp/out" | cut -d, -f2- | cmp -s - "$tmp/tz.res" ||
        fail "times with fractions of a second give other results than the whole seconds"
    printf 'timestamp,views\n-0.5,5\n"1970-01-01 00:00:59,5",6\n' >"$tmp/neg.csv"
    run traffic --csv "$tmp/neg.csv" --step 60
    expect_rc 0
    expect_err '^traffic: 2 slots'
    run traffic --csv "$TDATA/traffic_bad.csv"
    expect_rc 0
    no_nan
    # one output row for every input row: a rejected row in its place,
    # its timestamp as written and the cells that are numbers, no score
    cat >"$tmp/want" <<'EOF'
timestamp,views,likes,anomaly_score,reasons,restored_views,restored_likes
2026-06-01 12:00:00,50,5,0,,50,5
2026-06-01 12:01:00,48,4,0,,48,4
2026-13-01 12:02:00,47,5,,rejected,,
yesterday,47,5,,rejected,,
2026-06-01 12:03:00,,5,,rejected,,
2026-06-01 12:04:00,52,,,rejected,,
2026-06-01 12:00:30,40,4,,rejected,,
2026-06-01 12:05:00,,6,0,,,6
2026-06-01 12:06:00,51,5,0,,51,5
EOF
    cmp -s "$tmp/want" "$tmp/out" ||
        fail "not one row per input row: $(diff "$tmp/want" "$tmp/out" | head -6 | tr '\n' ' ')"
    expect_err "row 4: column 'timestamp': '2026-13-01 12:02:00' is not"
    expect_err "row 5: column 'timestamp': 'yesterday' is not"
    expect_err "row 6: column 'views': 'abc' is not a number"
    expect_err "row 7: channel likes: value inf is not finite"
    expect_err "row 8: .*out of order"
    # The timestamp as the file writes it, not the epoch seconds fed to
    # the monitor, and the reason once: it said "timestamp 1780315230 ...
    # (out of order) (timestamps out of order)".
    expect_err "row 8: timestamp 2026-06-01 12:00:30 falls in slot 0, before slot 1 already seen \\(out of order\\)\$"
    expect_err "row 7: channel likes: value inf is not finite\$"
    expect_no_err '1780315230'
    expect_no_err 'out of order\) \('
    expect_no_err "row (2|3|9|10):"
    expect_err '9 rows read, 4 accepted, 5 rejected'
    expect_line "2026-06-01 12:05:00,,6,0,,,6"
    expect_line "2026-06-01 12:06:00,51,5,0,,51,5"
    # before the first timestamp: both as written
    printf 'timestamp,views\n2026-06-01 12:05:00,5\n2026-06-01 12:06:00,5\n2026-06-01T12:00Z,4\n2026-06-01 12:07:00,5\n' \
        >"$tmp/first.csv"
    run traffic --csv "$tmp/first.csv"
    expect_rc 0
    expect_err "first\\.csv: row 4: timestamp 2026-06-01T12:00Z is before the first timestamp 2026-06-01 12:05:00 \\(out of order\\)\$"
    # snapped to the grid (seconds jitter by up to 2 s): the grid point
    # is written like the timestamp
    awk 'BEGIN { print "timestamp,views"
        for (i = 0; i < 60; i++) {
            printf "2026-06-01 %02d:%02d:%02d,%d\n", 12 + int(i / 60), i % 60, 1 + (i * 7) % 5, 50 + i % 5
            if (i == 30) print "2026-06-01T12:20:05Z,50"
        } }' >"$tmp/snap.csv"
    run traffic --csv "$tmp/snap.csv"
    expect_rc 0
    expect_err "snap\\.csv: row 33: timestamp 2026-06-01T12:20:05Z \\(snapped to 2026-06-01 12:20:0[0-9]\\) falls in slot 20, before slot 30 already seen \\(out of order\\)\$"
    # A stray quote in the last row ends the reading (exit 1): the rows
    # before it are not written either, since the whole file is read
    # before the first output row (docs/cli.md said they might be).
    { head -n 3 "$TDATA/traffic_bad.csv"; echo '2026-06-01 12:02:00,4"7,5'; } >"$tmp/quote.csv"
    run traffic --csv "$tmp/quote.csv"
    expect_rc 1
    expect_err 'quote\.csv: row 4: CSV parse error'
    [ ! -s "$tmp/out" ] || fail "rows written before the parse error"
    # and so does a cell longer than 1 MiB (the reader limits)
    { head -n 3 "$TDATA/traffic_bad.csv"; printf '2026-06-01 12:02:00,"'
      head -c 1100000 /dev/zero | tr '\0' 7; printf '",5\n'; } >"$tmp/long.csv"
    run traffic --csv "$tmp/long.csv"
    expect_rc 1
    expect_err 'long\.csv: row 4: a cell is longer than 1048576 bytes'
    [ ! -s "$tmp/out" ] || fail "rows written before the long cell"
    doc="$TDATA/../../docs/cli.md"
    if [ -f "$doc" ] && grep -q 'may have written the rows before the error' "$doc"; then
        last="docs/cli.md"
        fail "docs/cli.md says kol traffic may have written rows before an error"
    fi
    # A cell too few or too many: rejected, not read as "not reported"
    # nor with the extra cell dropped.
    printf 'timestamp,views,likes\n0,10,1\n60,11\n120,12,1,99\n180,13,2\n' \
        >"$tmp/cells.csv"
    run traffic --csv "$tmp/cells.csv"
    expect_rc 0
    expect_err "cells.csv: row 3: 2 cells, but the header has 3 columns"
    expect_err "cells.csv: row 4: 4 cells, but the header has 3 columns"
    expect_err '4 rows read, 2 accepted, 2 rejected'
    # written in their place with every cell empty (its cells are not
    # under their headers)
    [ "$(wc -l <"$tmp/out")" -eq 5 ] || fail "expected header + 4 rows"
    [ "$(sed -n '3p;4p' "$tmp/out" | tr '\n' ' ')" = \
        ",,,,rejected,, ,,,,rejected,, " ] ||
        fail "misaligned rows not written empty in their place"
    # With the single `value` column (monitored as views), the monitor's
    # refusals name that column.
    # The warnings come in row order, whichever pass found the fault: the
    # monitor refused rows 3 and 4 after the CSV parse refused row 5.
    printf 'timestamp,value\n0,5\n60,inf\n120,1e300\nsoon,7\n180,6\n' \
        >"$tmp/value.csv"
    run traffic --csv "$tmp/value.csv"
    expect_rc 0
    expect_err "row 3: column 'value': value inf is not finite"
    expect_err "row 4: column 'value': value 1e\\+300 above 2\\^53"
    expect_no_err "channel views"
    [ "$(grep -o 'row [0-9]*:' "$tmp/err" | tr -d 'row:' | tr '\n' ' ')" = \
        " 3  4  5 " ] || fail "warnings not in row order"
    # and the output rows too, whichever pass refused them: a value that
    # is not finite left empty, one the monitor refuses as written
    [ "$(cut -d, -f1-4 "$tmp/out" | tr '\n' ' ')" = \
        "timestamp,value,anomaly_score,reasons 0,5,0, 60,,,rejected 120,1e+300,,rejected soon,7,,rejected 180,6,0, " ] ||
        fail "output rows not in input order: $(cut -d, -f1-4 "$tmp/out" | tr '\n' ' ')"
    # A refused row does not count in the inferred step: 60 s apart, with
    # an infinite value at 100 s, is still 60 s.
    printf 'timestamp,views\n0,5\n60,1\n100,inf\n120,4\n180,6\n' >"$tmp/inf.csv"
    "$KOL" traffic --csv "$tmp/inf.csv" >"$tmp/out" 2>"$tmp/err"
    last="kol traffic --csv inf.csv"
    expect_err "row 4: channel views: value inf is not finite"
    expect_err '5 rows read, 4 accepted, 1 rejected; step 60 s \(inferred\)'
    # --strict: the same output and summary, then exit 1.
    run traffic --csv "$TDATA/traffic_bad.csv" --strict
    expect_rc 1
    expect_err 'rows rejected \(--strict\)'
    expect_err '^traffic: '
    ;;
audience_values)
    run audience --csv "$TDATA/audience_sample.csv" --summary
    expect_rc 0
    no_nan
    expect_line "row,fake_probability,verdict"
    [ "$(wc -l <"$tmp/out")" -eq 5 ] || fail "expected header + 4 rows"
    check "real-looking follower" '$1 == 2 && !($2 < 0.05 && $3 == "real") { exit 1 }'
    check "fake-looking follower" '$1 == 3 && !($2 > 0.95 && $3 == "fake") { exit 1 }'
    # No feature: the prior (0.1675) and unknown.
    expect_line "4,0.1675,unknown"
    check "one feature" '$1 == 5 && !($2 >= 0 && $2 < 0.5 && $3 == "real") { exit 1 }'
    expect_err '4 rows read, 4 scored, 0 rejected; 2 real, 1 fake, 1 unknown'
    ratio=$(sed -n 's/.*real-follower ratio \([0-9.]*\) .*/\1/p' "$tmp/err")
    # Mean of 1 - p over the 3 known rows: (0.999516 + 0.0000003 +
    # 0.991012) / 3 = 0.6635 (row 5, followers and avatar known, is
    # scored by the submodel of those two features: p = 0.008988).
    near "real-follower ratio" "$ratio" 0.6635 0.0002
    expect_err '95% interval 0\.[0-9]+ to 0\.[0-9]+, 3 followers'
    lo=$(sed -n 's/.*interval \([0-9.]*\) to .*/\1/p' "$tmp/err")
    hi=$(sed -n 's/.*interval [0-9.]* to \([0-9.]*\),.*/\1/p' "$tmp/err")
    awk -v l="$lo" -v h="$hi" -v r="$ratio" \
        'BEGIN { exit !(l < r && r < h && l > 0.1 && h < 1) }' ||
        fail "interval $lo to $hi does not hold $ratio or is not wide (n = 3)"
    # --prior: the share of fakes expected. At 0.5 every probability
    # rises (logit moves by logit(0.5) - logit(200/1194) = 1.6034), so the
    # ratio falls: row 5 from 0.008988 to 0.043132, the unknown row 4 to
    # 0.5 (left out of the ratio); 0.6515.
    run audience --csv "$TDATA/audience_sample.csv" --summary --prior 0.5
    expect_rc 0
    expect_line "4,0.5,unknown"
    ratio=$(sed -n 's/.*real-follower ratio \([0-9.]*\) .*/\1/p' "$tmp/err")
    near "real-follower ratio, prior 0.5" "$ratio" 0.6515 0.0002
    for bad in 0 1 -0.1 abc 1e-7; do
        run audience --csv "$TDATA/audience_sample.csv" --prior "$bad"
        expect_rc 2
        expect_err "--prior '$bad': expected a share of fakes from 1e-06 to 0.999999"
        [ -s "$tmp/out" ] && fail "--prior $bad wrote to stdout"
    done
    # Without --summary: the same rows, no summary.
    run audience --csv "$TDATA/audience_sample.csv" --summary
    cp "$tmp/out" "$tmp/with"
    run audience --csv "$TDATA/audience_sample.csv"
    expect_rc 0
    cmp -s "$tmp/out" "$tmp/with" || fail "output differs without --summary"
    expect_no_err 'ratio'
    ;;
audience_bad_rows)
    run audience --csv "$TDATA/audience_bad.csv" --summary
    expect_rc 0
    no_nan
    [ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "expected header + 2 rows"
    check "good rows" '($1 == 2 && $3 != "real") || ($1 == 7 && ($3 != "fake" || $2 < 0.9)) { exit 1 }'
    expect_err "ignoring unknown column: 'nickname'"
    expect_err "row 3: has_avatar: value 2 is not 0 or 1"
    expect_err "row 4: followers: value -5 outside"
    expect_err "row 5: username_digits 9 above username_length 8"
    expect_err "row 6: column 'following': 'abc' is not a number"
    expect_err '6 rows read, 2 scored, 4 rejected; 1 real, 1 fake, 0 unknown'
    expect_err '2 followers\)'
    # A cell too few or too many: rejected, not scored.
    printf 'followers,following,posts\n500,200,40\n1,4800\n10,20,30,40\n' \
        >"$tmp/cells.csv"
    run audience --csv "$tmp/cells.csv" --summary
    expect_rc 0
    expect_err "cells.csv: row 3: 2 cells, but the header has 3 columns"
    expect_err "cells.csv: row 4: 4 cells, but the header has 3 columns"
    expect_err '3 rows read, 1 scored, 2 rejected'
    [ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "expected header + 1 row"
    # A header refused after an unknown column: the refusal alone, on a
    # line of its own (the warning is for headers that are used).
    printf 'zz,followers,followers\n1,2,3\n' >"$tmp/twice.csv"
    run audience --csv "$tmp/twice.csv"
    expect_rc 1
    expect_err "^kol audience: .*twice\\.csv: row 1: column 'followers' appears twice in the header \\(columns 2 and 3\\)\$"
    expect_no_err 'ignoring'
    # --strict: the same output, exit 1 naming the count.
    run audience --csv "$TDATA/audience_bad.csv" --strict
    expect_rc 1
    expect_err "4 rows rejected \(--strict\)"
    [ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "--strict: expected header + 2 rows"
    # A file that cannot be read to its end (an unbalanced quote, a cell
    # over 1 MiB): exit 1 and no row on standard output, not the rows
    # before the error.
    printf 'followers,following
500,200
10,20
"30,40
50,60
' >"$tmp/quote.csv"
    run audience --csv "$tmp/quote.csv"
    expect_rc 1
    [ -s "$tmp/out" ] && fail "rows printed before a fatal read error"
    {
        printf 'followers,following
500,200
10,'
        head -c 1100000 /dev/zero | tr '\0' '7'
        printf '\n'
    } >"$tmp/long.csv"
    run audience --csv "$tmp/long.csv" --summary
    expect_rc 1
    expect_err "longer than 1048576 bytes"
    [ -s "$tmp/out" ] && fail "rows printed before a cell too long"
    ;;
cli3_usage)
    for args in "traffic" "traffic --csv" "traffic --csv $TDATA/traffic_burst.csv --bogus" \
                "traffic --csv $TDATA/traffic_burst.csv --step 0" \
                "traffic --csv $TDATA/traffic_burst.csv --step 1.5" \
                "traffic --csv $TDATA/traffic_burst.csv --step abc" \
                "traffic --csv $TDATA/traffic_burst.csv --step 1000000000001" \
                "audience" "audience --csv" "audience --csv $TDATA/audience_sample.csv --verbose"; do
        # shellcheck disable=SC2086
        run $args
        expect_rc 2
        [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
    done
    run traffic --csv "$tmp/none.csv"
    expect_rc 1
    expect_err 'none.csv'
    run audience --csv "$tmp/none.csv"
    expect_rc 1
    expect_err 'none.csv'
    : >"$tmp/empty.csv"
    run traffic --csv "$tmp/empty.csv"
    expect_rc 1
    expect_err 'empty'
    run audience --csv "$tmp/empty.csv"
    expect_rc 1
    expect_err 'empty'
    printf 'time,views\n1,2\n' >"$tmp/nots.csv"
    run traffic --csv "$tmp/nots.csv"
    expect_rc 1
    expect_err "no 'timestamp' column"
    printf 'timestamp,clicks\n1,2\n' >"$tmp/noch.csv"
    run traffic --csv "$tmp/noch.csv"
    expect_rc 1
    expect_err "no channel column"
    printf 'timestamp,value,views\n1,2,3\n' >"$tmp/both.csv"
    run traffic --csv "$tmp/both.csv"
    expect_rc 1
    expect_err "'value' column cannot be combined"
    printf 'timestamp,views\nnope,2\n' >"$tmp/allbad.csv"
    run traffic --csv "$tmp/allbad.csv"
    expect_rc 1
    expect_err 'no row accepted'
    # Rows 2e12 s apart: no step can be inferred (the monitor's largest is
    # 1e12 s). An error naming the cause, not the library's refusal of
    # the parameter; --step 1e12 monitors them.
    printf 'timestamp,views\n0,1\n2000000000000,2\n' >"$tmp/far.csv"
    run traffic --csv "$tmp/far.csv"
    expect_rc 1
    expect_err '^kol traffic: .*far\.csv: the timestamps are too far apart to infer a step: the smallest difference between the rows accepted is 2000000000000 s, above .*1e12 s \(give --step\)$'
    expect_no_err 'kol_traffic_set_param'
    [ -s "$tmp/out" ] && fail "the error wrote to stdout"
    run traffic --csv "$tmp/far.csv" --step 1e12
    expect_rc 0
    expect_err '2 rows read, 2 accepted, 0 rejected; step 1000000000000 s$'
    printf 'name,age\nx,3\n' >"$tmp/nofeat.csv"
    run audience --csv "$tmp/nofeat.csv"
    expect_rc 1
    expect_err 'no follower feature column'
    printf 'followers,posts\n,\n' >"$tmp/unknown.csv"
    run audience --csv "$tmp/unknown.csv" --summary
    expect_rc 1
    expect_err 'kol audience: .*unknown\.csv: no follower with a known feature'
    run traffic --help
    expect_rc 0
    expect_out 'usage: kol traffic --csv FILE'
    run audience --help
    expect_rc 0
    expect_out 'usage: kol audience --csv FILE'
    run help
    expect_out 'traffic'
    expect_out 'audience'
    ;;
*)
    echo "unknown case $case_name"
    exit 2
    ;;
esac

check_done
