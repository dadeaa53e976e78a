#!/usr/bin/env bash
# Checks of `kol price` and of `kol roi --audience` (coverage), run by ctest
# (examples/CMakeLists.txt) as:
#
#   price_check.sh CASE KOL_BINARY TESTS_DATA_DIR
#
# Cases:
#   price_values    the cost worked example of docs/model-roi.md section 7
#                   (douyin / waist / beauty, CPMs 16, 20, 25, 40 per
#                   impression; a quote of 500 for 20000 impressions:
#                   percentile 62.5, fair range 378.300054 to 571.707482,
#                   median 446.671690), written to a temporary file with
#                   other cells around it; json figures in full precision;
#                   the same history per view (--views: past CPMs on
#                   views); pooled categories; the price basis (exposure
#                   0, or no past delivery with that exposure); the
#                   verdicts; stdin; platform and tier names without
#                   regard to ASCII case; the sample examples/data (a past
#                   delivery re-quoted with its own impressions, then its
#                   own views); a history longer than one batch of the
#                   reader (65536 deliveries): every batch counts, min and
#                   max exact
#   price_errors    rejected rows (warned, --strict; with --views too),
#                   no history for the cell, usage errors (exit 2; both or
#                   neither of --views and --impressions), unreadable or
#                   empty files;
#                   in a history longer than one batch, rejected rows of
#                   every batch, a delivery the cost history refuses named
#                   by its place in the file, a file that cannot be read
#                   reported first
#   roi_coverage    `kol roi --audience tests/data/followers.csv`: coverage
#                   of each group against the exact unique reach (kA 60, kB
#                   60, kC 40; kA and kB share 20, kA and kC 10), within
#                   the sketch's error; json keys; the csv header unchanged;
#                   --precision; bad audience rows (also read, and
#                   counted for --strict, in csv format); the quote CPM
#                   too large for a double printed null / '-'
#
# Exits 1 if any check failed.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
TDATA=${3:?tests/data dir}
# the sample of examples/data (beside this script's directory)
EXDATA=$(cd "$(dirname "$0")/../data" && pwd) || exit 1

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" price

no_nan() {
    ! grep -Eqi 'nan|inf' "$tmp/out" || fail "'nan' or 'inf' in the output"
}

# json NAME: the value of the first '"NAME": value' line of stdout.
json() {
    sed -n "s/^ *\"$1\": \\([^,]*\\),\\{0,1\\}\$/\\1/p" "$tmp/out" | head -n 1
}

# near NAME GOT WANT TOL: |GOT - WANT| <= TOL (awk arithmetic, doubles).
near() {
    if [ -z "$2" ]; then
        fail "$1: empty, expected $3"
        return
    fi
    awk -v g="$2" -v w="$3" -v t="$4" \
        'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t) }' ||
        fail "$1 = $2, expected $3 +- $4"
}

# is NAME GOT WANT: exact text.
is() { [ "$2" = "$3" ] || fail "$1 = '$2', expected '$3'"; }

# The cost worked example (docs/model-roi.md section 7): four douyin /
# waist / beauty deliveries with CPM 16, 20, 25 and 40 (cost / 10000
# exposures; p3 has only views, which then are its exposure), plus
# deliveries of other cells that must not count, and one bad row. Per
# view (--views), the beauty CPMs are 20 (p1), 25 (p3) and 44.444444
# (p4); p2, without views, counts for prices only.
write_history() {
    cat >"$tmp/hist.csv" <<'EOF'
campaign,kol_id,platform,tier,category,post_id,cost,impressions,views
c1,k1,douyin,waist,beauty,p1,160,10000,8000
c1,k2,douyin,waist,beauty,p2,200,10000,
c1,k3,douyin,waist,beauty,p3,250,,10000
c2,k4,douyin,waist,beauty,p4,400,10000,9000
c2,k5,douyin,head,beauty,p5,5000,1000000,
c2,k6,douyin,waist,food,p6,900,20000,
c2,k7,xiaohongshu,waist,,p7,300,,
c2,k8,,waist,beauty,p8,300,10000,
EOF
    cp "$tmp/hist.csv" "$tmp/hist_bad.csv"
    echo 'c2,k9,douyin,waist,beauty,p9,abc,10000,' >>"$tmp/hist_bad.csv"
}

# A history longer than one batch of deliveries of the reader (65536):
# data rows 1 .. 70000 of douyin / waist / beauty with 10000 impressions
# each, costs 50 (row 1), 1000 (row 70000), else 100 (even) and 300 (odd):
# CPMs 5, 100, and 34999 each of 10 and 30. A row with a bad cost follows
# data rows 10 and 69000 (file rows 12 and 69003, the second in the second
# batch). BIG=N gives data row N likes and comments of 2^53 each, whose
# engagements (2^54) the cost history refuses.
write_long_history() {
    awk -v big="${BIG:-0}" 'BEGIN {
        print "kol_id,platform,tier,category,cost,impressions,likes,comments"
        for (i = 1; i <= 70000; i++) {
            cost = i == 1 ? 50 : i == 70000 ? 1000 : i % 2 ? 300 : 100
            eng = i == big ? "9007199254740992" : ""
            printf "k%d,douyin,waist,beauty,%d,10000,%s,%s\n", i, cost, eng, eng
            if (i == 10 || i == 69000)
                printf "bad%d,douyin,waist,beauty,abc,10000,,\n", i
        }
    }' >"$tmp/long.csv"
}

case_price_values() {
    write_history
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000
    expect_rc 0
    expect_line 'history: '"$tmp"'/hist.csv (8 deliveries loaded, 0 rejected; 7 with a platform and a tier)'
    expect_line 'cell: platform douyin, tier waist, category beauty'
    expect_line 'past deliveries: 4 (4 with impressions or views, for the CPM)'
    expect_line 'quote: 500 for 20000 impressions (CPM 25)'
    expect_line 'basis: cpm (past CPMs x 20000 impressions / 1000)'
    # (2 CPMs below 25 + half of the one in its bucket) / 4 = 0.625.
    expect_line 'percentile: 62.5'
    # Ranks 0.75, 1.5 and 2.25 of the sorted CPMs (16 clamped to the exact
    # minimum, bucket 150 = 19.886670, bucket 161 = 24.780499, bucket 185
    # clamped to the exact maximum 40), interpolated, x 20000 / 1000.
    expect_line 'fair range: 378.3 to 571.707 (quantiles 0.25 and 0.75), median 446.672'
    expect_line 'verdict: within the fair range'
    no_nan

    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000 --format json
    expect_rc 0
    is basis "$(json basis)" '"cpm"'
    is percentile "$(json percentile)" 62.5
    near fair_low "$(json fair_low)" 378.300054 0.0000005
    near fair_median "$(json fair_median)" 446.671690 0.0000005
    near fair_high "$(json fair_high)" 571.707482 0.0000005
    is quote_cpm "$(json quote_cpm)" 25
    is past_prices "$(json past_prices)" 4
    is in_history "$(json in_history)" 7
    is category "$(json category)" '"beauty"'
    is verdict "$(json verdict)" '"within"'
    # the exposure is named; the other one is null
    is exposure "$(json exposure)" '"impressions"'
    is impressions "$(json impressions)" 20000
    is views "$(json views)" null
    is past_cpms "$(json past_cpms)" 4
    # Within alpha (1%) of the exact quantiles (numpy's) of the CPMs x 20:
    # 19 x 20 = 380, 22.5 x 20 = 450, 28.75 x 20 = 575.
    near "fair_low vs exact" "$(json fair_low)" 380 3.8
    near "fair_median vs exact" "$(json fair_median)" 450 4.5
    near "fair_high vs exact" "$(json fair_high)" 575 5.75
    no_nan

    # The same quote for 20000 views: the past CPMs are per view, 20, 25
    # and 44.444444 (p2 has no views). CPM 25: (1 below + 1/2 in its
    # bucket) / 3 = 50%. Ranks 0.5, 1 and 1.5 of 20 (the exact minimum),
    # 24.780499 (bucket 161, as above) and bucket 190 = 1.0202020202^190
    # x 0.99 = 44.259780 (below the exact maximum, kept): 22.390250,
    # 24.780499 and 34.520140, x 20000 / 1000.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --views 20000
    expect_rc 0
    expect_line 'past deliveries: 4 (3 with views, for the CPM)'
    expect_line 'quote: 500 for 20000 views (CPM 25)'
    expect_line 'basis: cpm (past CPMs x 20000 views / 1000)'
    expect_line 'percentile: 50'
    expect_line 'fair range: 447.805 to 690.403 (quantiles 0.25 and 0.75), median 495.61'
    expect_line 'verdict: within the fair range'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --views 20000 --format json
    expect_rc 0
    is "per view exposure" "$(json exposure)" '"views"'
    is "per view views" "$(json views)" 20000
    is "per view impressions" "$(json impressions)" null
    is "per view past_prices" "$(json past_prices)" 4
    is "per view past_cpms" "$(json past_cpms)" 3
    is "per view percentile" "$(json percentile)" 50
    near "per view fair_low" "$(json fair_low)" 447.804988 0.0000005
    near "per view fair_median" "$(json fair_median)" 495.609975 0.0000005
    near "per view fair_high" "$(json fair_high)" 690.402776 0.0000005
    # within 1% of numpy's quantiles of the exact CPMs 20, 25, 44.444444
    # (22.5, 25, 34.722222) x 20
    near "per view fair_high vs exact" "$(json fair_high)" 694.444444 6.95
    no_nan

    # Platform and tier names: ASCII case does not count, in the option
    # and in the history alike (Douyin is douyin, as in kol records and
    # tiering); the cell is shown in lower case. The category is exact.
    sed -e 's/^c1,k1,douyin,waist,/c1,k1,Douyin,Waist,/' \
        -e 's/^c2,k4,douyin,/c2,k4,DOUYIN,/' "$tmp/hist.csv" >"$tmp/hist_case.csv"
    run price --history "$tmp/hist_case.csv" --platform DouYin --tier WAIST \
        --category beauty --quote 500 --impressions 20000
    expect_rc 0
    expect_line 'cell: platform douyin, tier waist, category beauty'
    expect_line 'past deliveries: 4 (4 with impressions or views, for the CPM)'
    expect_line 'percentile: 62.5'
    expect_line 'fair range: 378.3 to 571.707 (quantiles 0.25 and 0.75), median 446.672'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category Beauty --quote 500 --impressions 20000
    expect_rc 1
    expect_err "no past delivery of platform 'douyin', tier 'waist', category 'Beauty'"

    # A dearer quote is above the range; a cheaper one within, then below.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 600 --impressions 20000
    expect_rc 0
    expect_line 'quote: 600 for 20000 impressions (CPM 30)'
    expect_line 'verdict: above the fair range'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 400 --impressions 20000
    expect_rc 0
    expect_line 'verdict: within the fair range'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 200 --impressions 20000
    expect_rc 0
    expect_line 'percentile: 0'
    expect_line 'verdict: below the fair range'
    # A wider range: quantiles 0 and 1 are the exact min and max CPMs.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000 --low 0 --high 1
    expect_rc 0
    expect_line 'fair range: 320 to 800 (quantiles 0 and 1), median 446.672'
    expect_line 'verdict: within the fair range'

    # A quote CPM beyond the doubles (1000 x 1e10 / 1e-300) is undefined:
    # null in json, which stays valid JSON, and '-' in text, never inf.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 1e10 --views 1e-300 --format json
    expect_rc 0
    is "overflowing quote_cpm" "$(json quote_cpm)" null
    if command -v python3 >/dev/null 2>&1; then
        python3 -m json.tool "$tmp/out" >/dev/null 2>&1 ||
            fail "the json output does not parse"
    fi
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 1e10 --views 1e-300
    expect_rc 0
    expect_line 'quote: 10000000000 for 1e-300 views (CPM -)'

    # --views 0: ranked among past prices 160, 200, 250, 400.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --views 0 --format json
    expect_rc 0
    is basis "$(json basis)" '"price"'
    is percentile "$(json percentile)" 100
    is quote_cpm "$(json quote_cpm)" null
    # Within 1% of numpy's quantiles of the prices: 190, 225, 287.5.
    near fair_low "$(json fair_low)" 190 1.9
    near fair_median "$(json fair_median)" 225 2.25
    near fair_high "$(json fair_high)" 287.5 2.875
    # --impressions 0 as well: exposure unknown, ranked among prices.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 0 --format json
    expect_rc 0
    is "impressions 0 basis" "$(json basis)" '"price"'
    is "impressions 0 exposure" "$(json exposure)" '"impressions"'
    is "impressions 0 percentile" "$(json percentile)" 100
    is "impressions 0 quote_cpm" "$(json quote_cpm)" null
    near "impressions 0 fair_median" "$(json fair_median)" 225 2.25
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 0
    expect_rc 0
    expect_line 'quote: 500 (impressions unknown)'
    expect_line 'basis: price (past prices)'
    expect_line 'percentile: 100'

    # No --category: beauty and food pooled (CPMs 16, 20, 25, 40, 45).
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 500 --impressions 20000 --format json
    expect_rc 0
    is category "$(json category)" null
    is past_prices "$(json past_prices)" 5
    is percentile "$(json percentile)" 50
    near fair_median "$(json fair_median)" 500 5
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 500 --impressions 20000
    expect_line 'cell: platform douyin, tier waist, category (all, pooled)'

    # No past exposure in the cell: the price basis, said so.
    run price --history "$tmp/hist.csv" --platform xiaohongshu --tier waist \
        --quote 100 --views 1000
    expect_rc 0
    expect_line 'basis: price (past prices; no past delivery with views)'
    expect_line 'fair range: 300 to 300 (quantiles 0.25 and 0.75), median 300'
    expect_line 'verdict: below the fair range'
    run price --history "$tmp/hist.csv" --platform xiaohongshu --tier waist \
        --quote 100 --impressions 1000
    expect_rc 0
    expect_line 'basis: price (past prices; no past delivery with impressions or views)'
    expect_line 'verdict: below the fair range'
    # douyin / waist / food (p6) has impressions but no views: per view it
    # has no CPM, per impression its CPM is 900 / 20000 x 1000 = 45.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category food --quote 500 --views 1000
    expect_rc 0
    expect_line 'past deliveries: 1 (0 with views, for the CPM)'
    expect_line 'basis: price (past prices; no past delivery with views)'
    expect_line 'fair range: 900 to 900 (quantiles 0.25 and 0.75), median 900'
    expect_line 'verdict: below the fair range'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category food --quote 500 --impressions 1000
    expect_rc 0
    expect_line 'past deliveries: 1 (1 with impressions or views, for the CPM)'
    expect_line 'basis: cpm (past CPMs x 1000 impressions / 1000)'
    expect_line 'fair range: 45 to 45 (quantiles 0.25 and 0.75), median 45'
    expect_line 'verdict: above the fair range'

    # Standard input gives the same figures, and a coarser alpha too
    # within its own error.
    "$KOL" price --history - --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000 --format json \
        <"$tmp/hist.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    last="kol price --history - (stdin)"
    expect_rc 0
    near "stdin fair_high" "$(json fair_high)" 571.707482 0.0000005
    # named as in the text output and the messages, not "-"
    is "stdin history" "$(json history)" '"standard input"'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000 --alpha 0.05 --format json
    expect_rc 0
    is alpha "$(json alpha)" 0.05
    near "alpha 0.05 fair_median" "$(json fair_median)" 450 22.5

    # The shared sample: kB's two douyin / waist deliveries have CPM 20.
    run price --history "$TDATA/deliveries.csv" --platform douyin \
        --tier waist --quote 3000 --impressions 100000
    expect_rc 0
    expect_line 'past deliveries: 2 (2 with impressions or views, for the CPM)'
    expect_line 'quote: 3000 for 100000 impressions (CPM 30)'
    expect_line 'percentile: 100'
    expect_line 'verdict: above the fair range'
    # Per view they cost more: 2000 / 50000 views = CPM 40, 3000 / 90000
    # = CPM 33.333333; CPM 30 is below both. Ranks 0.25, 0.5 and 0.75
    # between bucket 176 = 33.450509 (above the exact minimum, kept) and
    # bucket 185 clamped to the exact maximum 40, x 100000 / 1000.
    run price --history "$TDATA/deliveries.csv" --platform douyin \
        --tier waist --quote 3000 --views 100000
    expect_rc 0
    expect_line 'past deliveries: 2 (2 with views, for the CPM)'
    expect_line 'quote: 3000 for 100000 views (CPM 30)'
    expect_line 'percentile: 0'
    expect_line 'fair range: 3508.79 to 3836.26 (quantiles 0.25 and 0.75), median 3672.53'
    expect_line 'verdict: below the fair range'

    # The sample of examples/data: xhs-009 (cost 22000, 246594
    # impressions, 114147 views) re-quoted against the history that holds
    # it, in its xiaohongshu / waist cell of 5 deliveries. Per impression
    # its CPM 89.215472 is the 4th of 37.940884, 53.566733, 79.500249,
    # 89.215472, 189.625748: (3 + 1/2) / 5 = 70%.
    run price --history "$EXDATA/deliveries.csv" --platform xiaohongshu \
        --tier waist --quote 22000 --impressions 246594
    expect_rc 0
    expect_line 'past deliveries: 5 (5 with impressions or views, for the CPM)'
    expect_line 'quote: 22000 for 246594 impressions (CPM 89.2155)'
    expect_line 'percentile: 70'
    expect_line 'fair range: 13330.7 to 21979 (quantiles 0.25 and 0.75), median 19493.6'
    # Per view its CPM 192.733931 is the 4th of 77.763920, 113.328068,
    # 182.634289, 192.733931, 328.221042: 70% again. Ranks 1, 2 and 3 are
    # buckets 237, 261 and 264 (1.0202020202^k x 0.99 = 113.307762,
    # 183.116704, 194.440397), x 114147 / 1000; the quote, 22000, is
    # 192.733931 x 114.147 itself, within the range.
    run price --history "$EXDATA/deliveries.csv" --platform xiaohongshu \
        --tier waist --quote 22000 --views 114147
    expect_rc 0
    expect_line 'past deliveries: 5 (5 with views, for the CPM)'
    expect_line 'quote: 22000 for 114147 views (CPM 192.734)'
    expect_line 'basis: cpm (past CPMs x 114147 views / 1000)'
    expect_line 'percentile: 70'
    expect_line 'fair range: 12933.7 to 22194.8 (quantiles 0.25 and 0.75), median 20902.2'
    expect_line 'verdict: within the fair range'
    run price --history "$EXDATA/deliveries.csv" --platform xiaohongshu \
        --tier waist --quote 22000 --views 114147 --format json
    expect_rc 0
    is "xhs-009 percentile" "$(json percentile)" 70
    # within 1% of numpy's quantiles of the exact CPMs per view, x 114.147:
    # 12936.058931, 20847.156173, 22000
    near "xhs-009 fair_low" "$(json fair_low)" 12936.058931 129.37
    near "xhs-009 fair_median" "$(json fair_median)" 20847.156173 208.48
    near "xhs-009 fair_high" "$(json fair_high)" 22000 220
    is "xhs-009 verdict" "$(json verdict)" '"within"'

    # Longer than one batch: the batches add up to the whole file (a quote
    # CPM of 20 has 1 + 34999 of 70000 past CPMs below it), and quantiles
    # 0 and 1 are the minimum (5, only in the first batch; its bucket's
    # value, within 1%) and the exact maximum (100, only in the second)
    # x 20000 / 1000.
    write_long_history
    run price --history "$tmp/long.csv" --platform douyin --tier waist \
        --category beauty --quote 400 --impressions 20000 --low 0 --high 1
    expect_rc 0
    expect_line 'history: '"$tmp"'/long.csv (70000 deliveries loaded, 2 rejected; 70000 with a platform and a tier)'
    expect_line 'past deliveries: 70000 (70000 with impressions or views, for the CPM)'
    expect_line 'percentile: 50'
    expect_out '^fair range: 100(\.0[0-9]*)? to 2000 \(quantiles 0 and 1\), median '

    run price --help
    expect_rc 0
    expect_out '^usage: kol price --history DELIVERIES --platform P --tier T'
    run --help
    expect_rc 0
    expect_out '^  price '
}

case_price_errors() {
    write_history
    # A bad row is warned about and the others count; --strict fails.
    run price --history "$tmp/hist_bad.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000
    expect_rc 0
    expect_err "warning: .*hist_bad.csv: row 10: kol 'k9': column 'cost': 'abc' is not a number"
    expect_line 'percentile: 62.5'
    expect_out '8 deliveries loaded, 1 rejected'
    run price --history "$tmp/hist_bad.csv" --platform douyin --tier waist \
        --category beauty --quote 500 --impressions 20000 --strict
    expect_rc 1
    expect_err '1 row rejected \(--strict\)'
    # --views leaves a delivery's impressions out only once its row has
    # been checked as kol roi checks it: restored_impressions above
    # impressions is still rejected (else its CPM per view, 100 / 50000
    # x 1000 = 2, would count and lower the percentile from 50).
    {
        sed -n '1s/$/,restored_impressions/p' "$tmp/hist.csv"
        sed -n '2,$s/$/,/p' "$tmp/hist.csv"
        echo 'c2,k10,douyin,waist,beauty,p10,100,1000,50000,2000'
    } >"$tmp/hist_restored.csv"
    run price --history "$tmp/hist_restored.csv" --platform douyin \
        --tier waist --category beauty --quote 500 --views 20000
    expect_rc 0
    expect_err "hist_restored\.csv: row 10: .*restored_impressions 2000 above impressions 1000"
    expect_out '8 deliveries loaded, 1 rejected'
    expect_line 'past deliveries: 4 (3 with views, for the CPM)'
    expect_line 'percentile: 50'

    # Longer than one batch (65536 deliveries): the rejected rows of both
    # batches are warned about with their file rows, and count for
    # --strict.
    write_long_history
    run price --history "$tmp/long.csv" --platform douyin --tier waist \
        --quote 400 --impressions 20000 --strict
    expect_rc 1
    expect_err "long\\.csv: row 12: kol 'bad10': column 'cost': 'abc'"
    expect_err "long\\.csv: row 69003: kol 'bad69000': column 'cost': 'abc'"
    expect_err '2 rows rejected \(--strict\)'
    expect_line 'percentile: 50'
    # A delivery of the second batch whose engagements a cost history
    # refuses (likes + comments = 2^54, each at most 2^53, as kol roi
    # accepts them): rejected alone with its row, like any other bad row;
    # the other 69,999 deliveries are judged (it made the whole file fail,
    # kol_roi_feed_cost being all or nothing).
    BIG=68000 write_long_history
    run price --history "$tmp/long.csv" --platform douyin --tier waist \
        --quote 400 --views 20000
    expect_rc 0
    expect_err "long\\.csv: row 68002: kol 'k68000': likes, comments, shares and saves add up to 18014398509481984, more than 2\\^53"
    expect_err "row 69003: kol 'bad69000'"
    expect_no_err 'kol_roi_feed_cost'
    expect_out '69999 deliveries loaded, 3 rejected'
    expect_line 'percentile: 99.9986'
    run price --history "$tmp/long.csv" --platform douyin --tier waist \
        --quote 400 --impressions 20000
    expect_rc 0
    expect_err "row 68002: kol 'k68000': likes, comments, shares and saves add up"
    expect_out '69999 deliveries loaded, 3 rejected'
    # ... and a file that cannot be read past it is reported, as when
    # nothing is fed before the whole file is read.
    printf 'k"x,douyin,waist,beauty,1,1,,\n' >>"$tmp/long.csv"
    run price --history "$tmp/long.csv" --platform douyin --tier waist \
        --quote 400 --views 20000
    expect_rc 1
    expect_err "long\\.csv: row 70004: CSV parse error"
    expect_no_err 'kol_roi_feed_cost|warning'

    # No history for the cell.
    run price --history "$tmp/hist.csv" --platform douyin --tier koc \
        --quote 500 --views 20000
    expect_rc 1
    expect_err "no past delivery of platform 'douyin', tier 'koc' \\(7 of 8"
    expect_no_out 'percentile'
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --category tech --quote 500 --views 20000
    expect_rc 1
    expect_err "tier 'waist', category 'tech'"

    # Files.
    run price --history "$tmp/none.csv" --platform douyin --tier waist \
        --quote 1 --views 1
    expect_rc 1
    : >"$tmp/empty.csv"
    run price --history "$tmp/empty.csv" --platform douyin --tier waist \
        --quote 1 --views 1
    expect_rc 1
    expect_err 'empty'
    printf 'kol_id,platform,tier\nk1,douyin,waist\n' >"$tmp/nocost.csv"
    run price --history "$tmp/nocost.csv" --platform douyin --tier waist \
        --quote 1 --views 1
    expect_rc 1
    expect_err "no 'cost' column"

    # Usage errors: exit 2, nothing on stdout.
    local args
    for args in \
        "--platform douyin --tier waist --quote 1 --views 1" \
        "--history $tmp/hist.csv --tier waist --quote 1 --views 1" \
        "--history $tmp/hist.csv --platform douyin --quote 1 --views 1" \
        "--history $tmp/hist.csv --platform douyin --tier waist --views 1" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote -5 --views 1" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote nan --views 1" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views inf" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views abc" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --low 0.6" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --high 0.4" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --alpha 0.5" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --format csv" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --bogus" \
        "--history $tmp/hist.csv --platform douyin --tier waist --quote 1 --views 1 --category="
    do
        # shellcheck disable=SC2086
        run price $args
        expect_rc 2
        [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
        expect_err '^kol price: '
    done
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote -5 --views 1
    expect_err "--quote '-5': expected a number from 0 to"
    # What is wrong is named: not a number at all, or not finite.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 0x10 --views 1
    expect_rc 2
    expect_err "^kol price: --quote '0x10': not a number \\(decimal notation"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --views 1e400
    expect_rc 2
    expect_err "^kol price: --views '1e400': not a finite number\$"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1
    expect_err 'missing --views'
    # The exposure: exactly one of --views and --impressions.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1
    expect_rc 2
    expect_err "^kol price: missing --views or --impressions \\(see 'kol price --help'\\)\$"
    [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --views 1 --impressions 2
    expect_rc 2
    expect_err "^kol price: --views and --impressions: give one exposure, not both"
    [ -s "$tmp/out" ] && fail "usage error wrote to stdout"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --impressions 0 --views 0
    expect_rc 2
    expect_err "give one exposure, not both"
    # --impressions is checked as --views is.
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --impressions abc
    expect_rc 2
    expect_err "^kol price: --impressions 'abc': not a number \\(decimal notation"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --impressions -1
    expect_rc 2
    expect_err "^kol price: --impressions '-1': expected a number from 0 to"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --impressions 1e400
    expect_rc 2
    expect_err "^kol price: --impressions '1e400': not a finite number\$"
    run price --history "$tmp/hist.csv" --platform douyin --tier waist \
        --quote 1 --impressions=
    expect_rc 2
    expect_err "^kol price: missing --impressions "
}

case_roi_coverage() {
    local se
    # An audience from standard input is named so in json, as in text.
    "$KOL" roi --csv "$TDATA/deliveries.csv" --audience - --format json \
        <"$TDATA/followers.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    last="kol roi --audience - --format json (stdin)"
    expect_rc 0
    is "stdin audience file" "$(sed -n '/"audience": {/,/}/s/^ *"file": \(.*\),$/\1/p' "$tmp/out" | head -n 1)" '"standard input"'
    run roi --csv "$TDATA/deliveries.csv" --group-by platform \
        --audience "$TDATA/followers.csv"
    expect_rc 0
    expect_line 'audience: '"$TDATA"'/followers.csv (3 KOLs, 160 follower rows; sketch precision 14, relative standard error 0.81%)'
    # bilibili: kD, no audience; douyin: kA and kB (60 + 60 - 20 shared =
    # 100); xiaohongshu: kC (40); total: 130 (kD without audience).
    expect_line '  coverage             0  (+/- 0.81%; 0 of 1 KOL with an audience)'
    expect_out '^  coverage +(99|100|101)  \(\+/- 0\.81%; 2 of 2 KOLs with an audience\)$'
    expect_out '^  coverage +(39|40|41)  \(\+/- 0\.81%; 1 of 1 KOL with an audience\)$'
    expect_out '^  coverage +1(29|30|31|32)  \(\+/- 0\.81%; 3 of 4 KOLs with an audience\)$'
    no_nan

    run roi --csv "$TDATA/deliveries.csv" --group-by campaign \
        --audience "$TDATA/followers.csv" --format json
    expect_rc 0
    se=$(json relative_standard_error)
    near relative_standard_error "$se" 0.008125 0.000001
    # spring: kA, kB, kC: 130; summer: kB and kD: 60 (1 of 2 matched).
    near "spring coverage" "$(json coverage)" 130 $((130 * 3 / 100 + 1))
    is "spring matched" "$(json coverage_matched)" 3
    is "spring kols" "$(json coverage_kols)" 3
    sed -n 's/^ *"coverage": \([^,]*\),$/\1/p' "$tmp/out" >"$tmp/cov"
    near "summer coverage" "$(sed -n 2p "$tmp/cov")" 60 2
    near "total coverage" "$(sed -n 3p "$tmp/cov")" 130 4
    is "coverage lines" "$(wc -l <"$tmp/cov" | tr -d ' ')" 3
    expect_out '^  "audience": \{$'
    is "audience kols" "$(json kols)" 3
    no_nan
    # Without --audience, no coverage key at all.
    run roi --csv "$TDATA/deliveries.csv" --format json
    expect_rc 0
    expect_no_out 'coverage|"audience"'

    # csv: the header of issue 5 unchanged; a warning says why.
    run roi --csv "$TDATA/deliveries.csv" --format csv \
        --audience "$TDATA/followers.csv"
    expect_rc 0
    expect_line 'group,cost,impressions,views,engagements,clicks,orders,revenue,cpm,cpv,cpe,cpc,cpa,ctr,cvr,engagement_rate,roi,roi_low,roi_high,roas'
    expect_no_out coverage
    expect_err 'csv output has no coverage column'

    # A coarser sketch: still within its (larger) error; same figures by
    # stdin.
    run roi --csv "$TDATA/deliveries.csv" --group-by campaign \
        --audience "$TDATA/followers.csv" --precision 8 --format json
    expect_rc 0
    is precision "$(json precision)" 8
    near "p8 spring coverage" "$(json coverage)" 130 $((130 * 20 / 100))
    cp "$tmp/out" "$tmp/p8"
    "$KOL" roi --csv "$TDATA/deliveries.csv" --group-by campaign \
        --audience - --precision 8 --format json \
        <"$TDATA/followers.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    last="kol roi --audience - (stdin)"
    expect_rc 0
    is "stdin coverage" "$(json coverage)" "$(sed -n 's/^ *"coverage": \([^,]*\),$/\1/p' "$tmp/p8" | head -n 1)"

    # Bad audience rows: warned, the others used; --strict fails.
    run roi --csv "$TDATA/deliveries.csv" --audience "$TDATA/followers_bad.csv"
    expect_rc 0
    expect_err 'followers_bad.csv: row [0-9]+'
    expect_out '^  coverage '
    run roi --csv "$TDATA/deliveries.csv" \
        --audience "$TDATA/followers_bad.csv" --strict
    expect_rc 1
    expect_err 'rejected \(--strict\)'

    # Usage and file errors.
    run roi --csv "$TDATA/deliveries.csv" --precision 12
    expect_rc 2
    expect_err '--precision is for --audience'
    run roi --csv "$TDATA/deliveries.csv" --audience "$TDATA/followers.csv" \
        --precision 3
    expect_rc 2
    expect_err "--precision '3': expected an integer from 4 to 18"
    # csv has no coverage column, but it still reads the audience file:
    # its rejected rows count for --strict and a file that cannot be
    # opened fails, as in the other formats.
    run roi --csv "$TDATA/deliveries.csv" --format csv \
        --audience "$TDATA/followers_bad.csv"
    expect_rc 0
    expect_err 'followers_bad.csv: row 4: 1 cells, but the header has 2 columns'
    expect_no_out coverage
    run roi --csv "$TDATA/deliveries.csv" --format csv \
        --audience "$TDATA/followers_bad.csv" --strict
    expect_rc 1
    expect_err 'rejected \(--strict\)'
    run roi --csv "$TDATA/deliveries.csv" --format csv \
        --audience "$tmp/none.csv"
    expect_rc 1
    expect_err 'none.csv'
    run roi --csv - --audience -
    expect_rc 2
    run roi --csv "$TDATA/deliveries.csv" --audience "$tmp/none.csv"
    expect_rc 1
    expect_no_out 'coverage'
    # An audience kol_id libkol refuses is left out with a warning naming
    # the row where the KOL first appears.
    printf 'kol_id,follower_id\nkA,1\n"k\nX",2\nkA,3\n"k\nX",4\n' >"$tmp/badkol.csv"
    run roi --csv "$TDATA/deliveries.csv" --audience "$tmp/badkol.csv"
    expect_rc 0
    expect_err "badkol\\.csv: row 3: kol_id ignored: .*control character"
    expect_out 'coverage'
}

case "$case_name" in
price_values | price_errors | roi_coverage)
    "case_$case_name"
    ;;
*)
    echo "unknown case '$case_name'" >&2
    exit 2
    ;;
esac

check_done
