#!/usr/bin/env bash
# Checks of `kol traffic` on series whose timestamps jitter by a few
# seconds around a regular grid (a poller reading a post's counters
# "every minute" at 12:00:02, 12:00:59, 12:02:01...), run by ctest
# (examples/CMakeLists.txt) as:
#
#   cli_traffic_jitter_check.sh CASE KOL_BINARY TESTS_DATA_DIR SHARED_DATA_DIR
#
# Each jittered series is an aligned one with every timestamp moved by -3
# to +3 s (a fixed pseudo-random sequence, the first row +2 s); the
# output of the jittered series must be that of the aligned one, but for
# the timestamps (each row keeps its own).
#
# Cases:
#   jitter_minutes   tests/data/traffic_burst.csv (epoch seconds) and
#                    traffic_post.csv (ISO 'T...Z', seconds jittered):
#                    without --step the step inferred is 60 s and the
#                    summary gives the jitter; every output column but the
#                    timestamp, the slots, flagged intervals and totals
#                    are those of the aligned series (the bought minutes
#                    flagged, nothing else); likewise with --step 60
#                    --snap, with missing minutes, with --counters;
#                    --step 60 alone warns and names --snap; --no-snap;
#                    a row out of order names its own timestamp
#   jitter_cascades  ten organic retweet cascades of SHARED_DATA_DIR/tideh
#                    (RT1-RT10, retweets per minute over 6 hours), clean
#                    and with a bought burst at minutes 200-202: the
#                    jittered series flag exactly what the aligned ones
#                    do, and the burst minutes; skipped (77) without the
#                    data
#   jitter_irregular series that are not jittered keep the smallest
#                    difference as the step and slots counted from the
#                    first timestamp: aligned ones (--snap and --no-snap
#                    change nothing, byte for byte), minutes with missing
#                    minutes, events at random times, differences spread
#                    over 40-80 s, one pair 5 s apart in a minute series
#   jitter_usage     --snap with --no-snap, --snap with a bad --step, a
#                    value given to --snap: exit 2 with a message; --help
#
# Exits 1 if any check failed, 77 when a case's data is absent.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
TDATA=${3:?tests/data dir}
SHARED=${4:-}

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" jitter


# keep NAME: save the last run's stdout and stderr as $tmp/NAME.out/.err
keep() { cp "$tmp/out" "$tmp/$1.out"; cp "$tmp/err" "$tmp/$1.err"; }

# same_rows REF: every stdout column but the timestamp is REF's, row by
# row (scores, reasons, restored values of the aligned series)
same_rows() {
    cut -d, -f2- "$tmp/$1.out" >"$tmp/ref.cols"
    cut -d, -f2- "$tmp/out" >"$tmp/got.cols"
    cmp -s "$tmp/ref.cols" "$tmp/got.cols" ||
        fail "output columns differ from the aligned series': $(diff "$tmp/ref.cols" "$tmp/got.cols" | head -6 | tr '\n' ' ')"
}

# same_summary REF: the summary after its first line (slots, flagged
# intervals with their times, totals) is REF's
same_summary() {
    grep '^traffic: ' "$tmp/$1.err" | sed 1d >"$tmp/ref.sum"
    grep '^traffic: ' "$tmp/err" | sed 1d >"$tmp/got.sum"
    cmp -s "$tmp/ref.sum" "$tmp/got.sum" ||
        fail "summary differs from the aligned series': $(diff "$tmp/ref.sum" "$tmp/got.sum" | head -6 | tr '\n' ' ')"
}

# own_times FILE COLUMN: the output's timestamps are those of the input
# (column COLUMN of FILE), each row its own
own_times() {
    cut -d, -f"$2" "$1" >"$tmp/in.ts"
    cut -d, -f1 "$tmp/out" >"$tmp/out.ts"
    cmp -s "$tmp/in.ts" "$tmp/out.ts" || fail "timestamps not echoed as read"
}

# jitter COLUMN < aligned > jittered: move the timestamps of column COLUMN
# (epoch seconds, or ISO with seconds within one day) by -3 to +3 s, the
# first row by +2 s (Park-Miller sequence, seed SEED)
jitter() {
    awk -F, -v OFS=, -v c="$1" -v seed="${SEED:-1}" '
        function two(n) { return n < 10 ? "0" n : n }
        BEGIN { x = seed }
        NR == 1 { print; next }
        {
            x = (x * 16807) % 2147483647
            j = NR == 2 ? 2 : x % 7 - 3
            t = $c
            if (t ~ /^[0-9]+$/) {
                $c = t + j
            } else {
                # YYYY-MM-DD?HH:MM:SS[Z]
                s = substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + \
                    substr(t, 18, 2) + j
                $c = substr(t, 1, 11) two(int(s / 3600)) ":" \
                     two(int(s % 3600 / 60)) ":" two(s % 60) substr(t, 20)
            }
            print
        }'
}

# to_epoch < ISO series (timestamp first) > epoch seconds from 2026-06-01
to_epoch() {
    awk -F, -v OFS=, 'NR == 1 { print; next }
        { $1 = 1780272000 + substr($1, 12, 2) * 3600 + \
               substr($1, 15, 2) * 60 + substr($1, 18, 2); print }'
}

case "$case_name" in
jitter_minutes)
    # 60 minutes of Poisson views and likes, 600 bought views in minutes
    # 40-42 (epoch seconds)
    to_epoch <"$TDATA/traffic_burst.csv" >"$tmp/burst.csv"
    jitter 1 <"$tmp/burst.csv" >"$tmp/burst_j.csv"
    run traffic --csv "$tmp/burst.csv"
    expect_rc 0
    expect_err '; step 60 s \(inferred\)$'
    keep burst
    run traffic --csv "$tmp/burst_j.csv"
    expect_rc 0
    expect_err '60 rows read, 60 accepted, 0 rejected; step 60 s \(inferred; timestamps jitter up to 3 s, snapped to the nearest slot\)$'
    expect_no_err 'warning'
    same_rows burst
    same_summary burst
    own_times "$tmp/burst_j.csv" 1
    awk -F, 'NR >= 42 && NR <= 44 && $5 !~ /burst/ { exit 1 }
             (NR < 42 || NR > 44) && NR > 1 && $5 != "" { exit 1 }' \
        "$tmp/out" || fail "minutes 40-42 flagged (burst), no other"
    # the step given: the same, snapped on request
    run traffic --csv "$tmp/burst_j.csv" --step 60 --snap
    expect_rc 0
    expect_err '; step 60 s \(timestamps jitter up to 3 s, snapped to the nearest slot\)$'
    same_rows burst
    same_summary burst
    # the step given alone: slots counted from the first timestamp (+2 s)
    # take rows into the slot before; the command says so
    run traffic --csv "$tmp/burst_j.csv" --step 60
    expect_rc 0
    expect_err 'warning: .*burst_j.csv: the timestamps jitter up to 3 s around a 60 s grid, and [0-9]+ rows share the slot of the row before .*give --snap'
    expect_err '; step 60 s$'
    # --no-snap: the grid's step, slots counted from the first timestamp
    run traffic --csv "$tmp/burst_j.csv" --no-snap
    expect_rc 0
    expect_err '; step 60 s \(inferred; timestamps jitter up to 3 s, not snapped\)$'
    expect_no_err 'warning'
    # missing minutes (every fifth row left out): a difference of two
    # slots, still 60 s
    awk 'NR == 1 || NR % 5 != 0' "$tmp/burst.csv" >"$tmp/gaps.csv"
    awk 'NR == 1 || NR % 5 != 0' "$tmp/burst_j.csv" >"$tmp/gaps_j.csv"
    run traffic --csv "$tmp/gaps.csv"
    keep gaps
    run traffic --csv "$tmp/gaps_j.csv"
    expect_rc 0
    expect_err '; step 60 s \(inferred; timestamps jitter up to 3 s, snapped to the nearest slot\)$'
    same_rows gaps
    same_summary gaps
    # counters: the readings of the same minutes
    awk -F, -v OFS=, 'NR > 1 { v += $2; l += $3; $2 = v; $3 = l } 1' \
        "$tmp/burst.csv" >"$tmp/counters.csv"
    awk -F, -v OFS=, 'NR > 1 { v += $2; l += $3; $2 = v; $3 = l } 1' \
        "$tmp/burst_j.csv" >"$tmp/counters_j.csv"
    run traffic --csv "$tmp/counters.csv" --counters
    keep counters
    run traffic --csv "$tmp/counters_j.csv" --counters
    expect_rc 0
    expect_err 'step 60 s \(inferred; timestamps jitter up to 3 s, snapped to the nearest slot\), counters$'
    same_rows counters
    same_summary counters
    # a row out of order (597 s before the row above) is refused, naming its own
    # timestamp and the grid point it was fed at
    awk -F, -v OFS=, '{ print } NR == 31 { $1 -= 597; print }' \
        "$tmp/burst_j.csv" >"$tmp/back_j.csv"
    t=$(awk -F, 'NR == 31 { print $1 - 597 }' "$tmp/burst_j.csv")
    run traffic --csv "$tmp/back_j.csv"
    expect_rc 0
    expect_err "row 32: timestamp $t \\(snapped to [0-9]+\\) falls in slot 19, before slot 29 already seen"
    expect_err '61 rows read, 60 accepted, 1 rejected; step 60 s \(inferred; timestamps jitter up to 3 s'
    # written in its place, without a score; the other rows as before
    want="$(sed -n 32p "$tmp/back_j.csv"),,rejected,,"
    [ "$(sed -n 32p "$tmp/out")" = "$want" ] ||
        fail "row 32 is not written in its place as '$want': '$(sed -n 32p "$tmp/out")'"
    sed -i 32d "$tmp/out"
    same_rows burst
    # ISO timestamps with their seconds jittered (2026-06-01T16:00:02Z):
    # the post of the sample with its bought views at minutes 300-311
    run traffic --csv "$TDATA/traffic_post.csv"
    keep post
    jitter 2 <"$TDATA/traffic_post.csv" >"$tmp/post_j.csv"
    grep -q '^spring-glow-dy-003,2026-06-01T16:00:02Z,' "$tmp/post_j.csv" ||
        { last="jitter"; fail "the jittered series is not as built"; }
    run traffic --csv "$tmp/post_j.csv"
    expect_rc 0
    expect_err '120 rows read, 120 accepted, 0 rejected; step 60 s \(inferred; timestamps jitter up to 3 s, snapped to the nearest slot\)$'
    same_rows post
    same_summary post
    own_times "$tmp/post_j.csv" 2
    expect_err '^traffic: interval 2026-06-01 17:00:00 to'
    ;;
jitter_cascades)
    if [ -z "$SHARED" ] || [ ! -f "$SHARED/tideh/RT1.txt" ]; then
        echo "SKIP: no tideh cascades under '$SHARED'"
        exit 77
    fi
    for k in 1 2 3 4 5 6 7 8 9 10; do
        # retweets per minute over the first 6 hours; "burst": 30 + 3
        # times the organic retweets added in minutes 200-202
        for kind in clean burst; do
            awk -v kind="$kind" 'NR == 1 { next }
                $1 >= 0 && $1 < 21600 { c[int($1 / 60)]++ }
                END {
                    print "timestamp,shares"
                    for (m = 0; m < 360; m++) {
                        v = c[m] + 0
                        if (kind == "burst" && m >= 200 && m <= 202)
                            v += 30 + 3 * v
                        print 1780272000 + 60 * m "," v
                    }
                }' "$SHARED/tideh/RT$k.txt" >"$tmp/$kind.csv"
            SEED=$k jitter 1 <"$tmp/$kind.csv" >"$tmp/${kind}_j.csv"
            run traffic --csv "$tmp/$kind.csv"
            expect_rc 0
            keep "$kind"
            run traffic --csv "$tmp/${kind}_j.csv"
            expect_rc 0
            expect_err '360 rows read, 360 accepted, 0 rejected; step 60 s \(inferred; timestamps jitter up to 3 s, snapped to the nearest slot\)$'
            same_rows "$kind"
            same_summary "$kind"
            if [ "$kind" = burst ]; then
                awk -F, 'NR >= 202 && NR <= 204 && $4 !~ /burst/ { exit 1 }' \
                    "$tmp/out" || fail "RT$k: minutes 200-202 not flagged"
            fi
            run traffic --csv "$tmp/${kind}_j.csv" --step 60 --snap
            expect_rc 0
            same_rows "$kind"
            same_summary "$kind"
        done
    done
    ;;
jitter_irregular)
    # aligned: --snap and --no-snap change nothing
    for extra in --snap --no-snap "--step 60 --snap" "--step 60 --no-snap"; do
        run traffic --csv "$TDATA/traffic_burst.csv"
        keep plain
        # shellcheck disable=SC2086
        run traffic --csv "$TDATA/traffic_burst.csv" $extra
        cmp -s "$tmp/plain.out" "$tmp/out" || fail "stdout changed by $extra"
        # the step given or inferred shows in the first summary line only
        same_summary plain
    done
    run traffic --csv "$TDATA/traffic_burst.csv"
    expect_err '; step 60 s \(inferred\)$'
    # minutes with missing minutes: every difference a multiple of 60
    awk 'NR == 1 || NR % 4 != 0' "$TDATA/traffic_burst.csv" >"$tmp/gaps.csv"
    run traffic --csv "$tmp/gaps.csv"
    expect_rc 0
    expect_err '; step 60 s \(inferred\)$'
    expect_no_err 'timestamps jitter'
    # irregular_check FILE: the step is the smallest difference, with the
    # old warning when it is at most half the median, and the slots are
    # counted from the first timestamp: floor((last - first) / step) + 1
    irregular_check() {
        read -r dmin med nslots < <(awk -F, 'NR == 2 { first = $1 }
            NR > 2 { d[++n] = $1 - prev; if (!m || d[n] < m) m = d[n] }
            NR > 1 { prev = $1 }
            END {
                for (i = 1; i <= n; i++)       # sort (small n)
                    for (j = i + 1; j <= n; j++)
                        if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x }
                print m, d[int(n / 2) + 1], int((prev - first) / m) + 1
            }' "$1")
        run traffic --csv "$1"
        expect_rc 0
        expect_err "; step $dmin s \\(inferred\\)\$"
        expect_err "^traffic: $nslots slots,"
        expect_no_err 'timestamps jitter'
        if [ $((med / 2)) -ge "$dmin" ]; then
            expect_err "the step inferred is the smallest time difference, $dmin s, but the median difference is $med s"
        else
            expect_no_err 'the step inferred is the smallest'
        fi
    }
    # events at random times (exponential gaps, mean 60 s)
    awk 'BEGIN { x = 7; t = 1000; print "timestamp,views"
        for (i = 0; i < 300; i++) {
            x = (x * 16807) % 2147483647
            t += int(-60 * log((x + 0.5) / 2147483647)) + 1
            print t ",1" } }' >"$tmp/events.csv"
    irregular_check "$tmp/events.csv"
    # differences spread evenly over 40-80 s: the smallest is more than
    # half the median, but most lie away from it: not a jittered grid
    awk 'BEGIN { x = 11; t = 0; print "timestamp,views"
        for (i = 0; i < 300; i++) {
            x = (x * 16807) % 2147483647
            t += 40 + x % 41
            print t "," 50 + x % 7 } }' >"$tmp/spread.csv"
    irregular_check "$tmp/spread.csv"
    # one pair 5 s apart in a minute series: 5 s slots and the warning
    printf 'timestamp,views\n0,5\n60,6\n120,7\n180,8\n185,1\n240,9\n' \
        >"$tmp/pair.csv"
    irregular_check "$tmp/pair.csv"
    ;;
jitter_usage)
    for args in "--snap --no-snap" "--no-snap --snap"; do
        # shellcheck disable=SC2086
        run traffic --csv "$TDATA/traffic_burst.csv" $args
        expect_rc 2
        expect_err '^kol traffic: --snap and --no-snap contradict each other'
        [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
    done
    for step in 0 1.5 abc -60 1000000000001; do
        run traffic --csv "$TDATA/traffic_burst.csv" --snap --step "$step"
        expect_rc 2
        expect_err "^kol traffic: --step '$step': expected a whole number of seconds from 1 to 1e12"
        [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
    done
    run traffic --csv "$TDATA/traffic_burst.csv" --snap=1
    expect_rc 2
    expect_err "unexpected argument '--snap=1'"
    run traffic --csv "$TDATA/traffic_burst.csv" --step
    expect_rc 2
    run traffic --help
    expect_rc 0
    expect_out '\[--snap \| --no-snap\]'
    expect_out '^  --snap '
    expect_out '^  --no-snap '
    ;;
*)
    echo "unknown case $case_name"
    exit 2
    ;;
esac

check_done
