#!/usr/bin/env bash
# Checks of `kol score` and `kol tier`, run by ctest
# (examples/CMakeLists.txt). Expected values are worked out by hand in the
# comments from tests/data/score_roster.csv and the rules of
# docs/model-value.md; see also docs/cli.md.
#
#   cli4_check.sh CASE KOL_BINARY TESTS_DATA_DIR
#
# CASE is one of:
#   score_csv       exact csv header, one row per KOL, ranks 1..n, tiers and
#                   stages by the documented rules, value_per_cost = score /
#                   price (empty without a positive price), never nan/inf
#   score_goals     the ranking the goal presets imply: under activation
#                   the 10K account with 15% engagement outranks the 2M
#                   account with 0.1%; acquisition lifts the 3M account
#   score_target    --target-portrait: raises the fan value of the matching
#                   account, changes the model id; bad target files
#                   (a row with the wrong number of cells too) exit 1,
#                   a share cell that is no number said to be so
#   score_formats   text and json show the same figures as csv; identical
#                   output across two runs and from standard input
#   score_bad_rows  tests/data/score_bad.csv: each bad row reported with its
#                   number, the good rows scored; --strict exits 1; a row
#                   with disputes above cooperations rejected alike; ids
#                   with C1 or bidirectional controls printable in the
#                   warnings of score and tier
#   tier_values     cn and intl ladders at their documented thresholds,
#                   KOC verdicts, stages, custom --thresholds (on every
#                   platform, presets included), quantiles; text tables
#                   aligned with CJK ids and emoji (two columns each)
#   score_tier_usage usage errors exit 2 (--thresholds with --scheme
#                   quantile among them), missing files exit 1
#
# Exits 1 if any check failed, 77 (skipped) when a tool it needs is
# missing.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
TDATA=${3:?tests/data dir}

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" cli4

ROSTER=$TDATA/score_roster.csv
HEADER='rank,id,tier,stage,score,communication,fan,conversion,confidence,value_per_cost'

expect_first_line() {
    [ "$(head -n 1 "$tmp/out")" = "$1" ] ||
        fail "first line is '$(head -n 1 "$tmp/out")', expected '$1'"
}
no_nan() {
    # (as a word: the id nano-999 is fine)
    ! grep -Eqi '(^|[^a-z])-?(nan|inf|infinity)([^a-z-]|$)' "$tmp/out" ||
        fail "'nan' or 'inf' in the output"
}

# col ID NAME [FILE]: the cell of column NAME in the csv row whose 'id'
# cell is ID.
col() {
    awk -F, -v key="$1" -v name="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == name) c = i;
                                              if ($i == "id") k = i }
                  next }
        $k == key && c { print $c; exit }' "${3:-$tmp/out}"
}

# order FILE: the ids of a score csv, in row order, space-separated.
order() { awk -F, 'NR > 1 { printf "%s%s", sep, $2; sep = " " }' "${1:-$tmp/out}"; }

# is NAME GOT WANT: exact text.
is() { [ "$2" = "$3" ] || fail "$1 = '$2', expected '$3'"; }

# near NAME GOT WANT RELTOL
near() {
    if [ -z "$2" ]; then
        fail "$1: empty, expected $3"
        return
    fi
    awk -v g="$2" -v w="$3" -v t="$4" \
        'BEGIN { d = g - w; if (d < 0) d = -d; m = w < 0 ? -w : w;
                 if (m < 1) m = 1; exit !(d <= t * m) }' ||
        fail "$1 = $2, expected $3 (rel. tol. $4)"
}

# gt NAME A B: A > B numerically.
gt() {
    awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 > b + 0) }' ||
        fail "$1: $2 is not above $3"
}

case_score_csv() {
    run score --csv "$ROSTER" --format csv
    expect_rc 0
    no_nan
    expect_first_line "$HEADER"
    is "data rows" "$(($(wc -l <"$tmp/out") - 1))" 7
    is "ranks" "$(awk -F, 'NR > 1 { printf "%s ", $1 }' "$tmp/out")" \
        "1 2 3 4 5 6 7 "
    # Scores are best first, every score in [0, 100], confidence in [0, 1].
    awk -F, 'NR > 2 && $5 + 0 > prev + 0 { bad = 1 }
             NR > 1 { prev = $5; if ($5 < 0 || $5 > 100 || $9 < 0 ||
                                     $9 > 1) bad = 1 }
             END { exit bad }' "$tmp/out" ||
        fail "scores not descending or out of range"
    # Tiers on the Chinese ladder (generic / douyin: tail 100K, waist 300K,
    # shoulder 1M, head 3M; xiaohongshu: tail 5K): a count at a threshold
    # belongs to the higher level.
    is "tier small-hot" "$(col small-hot tier)" koc
    is "tier big-cold" "$(col big-cold tier)" shoulder
    is "tier head-3m" "$(col head-3m tier)" head
    is "tier waist-300k" "$(col waist-300k tier)" waist
    is "tier tail-150k" "$(col tail-150k tier)" tail
    is "tier young-50k" "$(col young-50k tier)" koc
    is "tier nano-999" "$(col nano-999 tier)" koc
    # Stages, g = growth / (followers - growth):
    #   small-hot 600/9400 = 0.064 >= 0.05 -> growing
    #   big-cold 0, 2M followers, 2000 days -> mature
    #   head-3m 100000/2900000 = 0.034 -> mature
    #   waist-300k -6000/306000 = -0.0196 <= -0.01 -> fading
    #   tail-150k 9000/141000 = 0.064 -> growing
    #   young-50k 100 days < 180 -> introduced
    #   nano-999 10/989 = 0.0101, 999 < 10000 followers -> introduced
    is "stage small-hot" "$(col small-hot stage)" growing
    is "stage big-cold" "$(col big-cold stage)" mature
    is "stage head-3m" "$(col head-3m stage)" mature
    is "stage waist-300k" "$(col waist-300k stage)" fading
    is "stage tail-150k" "$(col tail-150k stage)" growing
    is "stage young-50k" "$(col young-50k stage)" introduced
    is "stage nano-999" "$(col nano-999 stage)" introduced
    # value_per_cost = score / price; tail-150k has no price and young-50k
    # a price of 0: empty cells.
    near "vpc small-hot" "$(col small-hot value_per_cost)" \
        "$(awk -v s="$(col small-hot score)" 'BEGIN { printf "%.17g", s / 2000 }')" 1e-12
    near "vpc big-cold" "$(col big-cold value_per_cost)" \
        "$(awk -v s="$(col big-cold score)" 'BEGIN { printf "%.17g", s / 200000 }')" 1e-12
    near "vpc nano-999" "$(col nano-999 value_per_cost)" \
        "$(awk -v s="$(col nano-999 score)" 'BEGIN { printf "%.17g", s / 300 }')" 1e-12
    is "vpc tail-150k (no price)" "$(col tail-150k value_per_cost)" ""
    is "vpc young-50k (price 0)" "$(col young-50k value_per_cost)" ""
    # Confidence: records without price lose the cost-effectiveness
    # weight, so their confidence is below the others'.
    gt "confidence small-hot vs tail-150k" "$(col small-hot confidence)" \
        "$(col tail-150k confidence)"
    # Without --target-portrait, portrait_match is out of the model, so it
    # costs no record confidence. Balanced (1/3 per component), small-hot:
    # communication all present (1); fan er_view, er_follower,
    # comment_depth, authenticity (0.80 of 0.90, loyalty absent);
    # conversion cost_effectiveness only (0.20 of 1.00):
    # (1 + 0.8 / 0.9 + 0.2) / 3 = 0.69630; without the price,
    # (1 + 0.8 / 0.9) / 3 = 0.62963. (With portrait_match's 0.10 kept in
    # the fan weight, they were 2/3 and 0.6.)
    near "confidence small-hot" "$(col small-hot confidence)" 0.696296296 1e-8
    near "confidence tail-150k" "$(col tail-150k confidence)" 0.629629630 1e-8
    # The balanced ranking of this roster.
    is "balanced order" "$(order)" \
        "small-hot nano-999 young-50k head-3m tail-150k waist-300k big-cold"
    # --scheme intl: international tier names in the tier column.
    run score --csv "$ROSTER" --format csv --scheme intl
    expect_rc 0
    is "intl tier small-hot" "$(col small-hot tier)" micro
    is "intl tier big-cold" "$(col big-cold tier)" mega
    is "intl tier nano-999" "$(col nano-999 tier)" sub-nano
}

case_score_goals() {
    local pos_small pos_big
    run score --csv "$ROSTER" --format csv --goal activation
    expect_rc 0
    expect_first_line "$HEADER"
    # small-hot: 10K followers, 30 posts, engagement (1200+200+50+50)/10000
    # = 15% per follower; big-cold: 2M followers, 30 posts, (1700+150+100+
    # 50)/2000000 = 0.1%. Activation weighs the fan component 0.70.
    pos_small=$(col small-hot rank)
    pos_big=$(col big-cold rank)
    gt "activation: big-cold rank vs small-hot rank" "$pos_big" "$pos_small"
    is "activation rank 1" "$pos_small" 1
    is "activation order" "$(order)" \
        "small-hot nano-999 young-50k head-3m tail-150k waist-300k big-cold"
    gt "activation: fan small-hot vs big-cold" "$(col small-hot fan)" \
        "$(col big-cold fan)"
    # The sub-scores do not depend on the goal; the total does, and is
    # the weighted mean of the sub-scores over present components:
    # activation 0.15 / 0.70 / 0.15.
    cp "$tmp/out" "$tmp/act.csv"
    run score --csv "$ROSTER" --format csv --goal acquisition
    expect_rc 0
    cp "$tmp/out" "$tmp/acq.csv"
    is "fan small-hot across goals" "$(col small-hot fan "$tmp/acq.csv")" \
        "$(col small-hot fan "$tmp/act.csv")"
    is "communication head-3m across goals" \
        "$(col head-3m communication "$tmp/acq.csv")" \
        "$(col head-3m communication "$tmp/act.csv")"
    # Acquisition (communication 0.60) lifts the 3M account, with the
    # best communication value, from 4th to 2nd, and big-cold (second best
    # communication) above waist-300k.
    is "acquisition order" "$(order)" \
        "small-hot head-3m nano-999 young-50k tail-150k big-cold waist-300k"
    gt "acquisition vs activation score of head-3m" \
        "$(col head-3m score "$tmp/acq.csv")" "$(col head-3m score "$tmp/act.csv")"
    # Conversion (0.65): big-cold's poor conversion value drops its score
    # below its activation score.
    run score --csv "$ROSTER" --format csv --goal conversion
    expect_rc 0
    gt "big-cold activation vs conversion" "$(col big-cold score "$tmp/act.csv")" \
        "$(col big-cold score)"
    # Balanced = mean of the three sub-scores when all three are present
    # (weights 1/3): check small-hot.
    run score --csv "$ROSTER" --format csv --goal balanced
    near "balanced small-hot" "$(col small-hot score)" \
        "$(awk -v a="$(col small-hot communication)" -v b="$(col small-hot fan)" \
               -v c="$(col small-hot conversion)" \
               'BEGIN { printf "%.17g", (a + b + c) / 3 }')" 1e-9
}

case_score_target() {
    local fan0 fan1 id0 conf0
    run score --csv "$ROSTER" --format json --goal activation
    expect_rc 0
    id0=$(grep -E '"model"' "$tmp/out")
    run score --csv "$ROSTER" --format csv --goal activation
    fan0=$(col small-hot fan)
    conf0=$(col tail-150k confidence)
    # Target: gender female 80, male 20 (normalized to 0.8 / 0.2), which
    # is exactly small-hot's portrait: histogram intersection 1; big-cold
    # (0.3 / 0.7): min(0.8,0.3) + min(0.2,0.7) = 0.5.
    run score --csv "$ROSTER" --format csv --goal activation \
        --target-portrait "$TDATA/target_portrait.csv"
    expect_rc 0
    expect_first_line "$HEADER"
    no_nan
    fan1=$(col small-hot fan)
    gt "fan of small-hot with a matching target" "$fan1" "$fan0"
    is "rank 1 with target" "$(col small-hot rank)" 1
    # With a target, portrait_match is in the model: small-hot has a
    # portrait, activation (0.15 / 0.70 / 0.15): 0.15 + 0.70 (0.80 + 0.10)
    # + 0.15 0.20 = 0.81; tail-150k has none and loses its weight.
    near "confidence small-hot with target" "$(col small-hot confidence)" 0.81 1e-9
    gt "confidence tail-150k without target vs with" "$conf0" \
        "$(col tail-150k confidence)"
    # tail-150k has no portrait: its fan value is unchanged.
    run score --csv "$ROSTER" --format json --goal activation \
        --target-portrait "$TDATA/target_portrait.csv"
    expect_rc 0
    [ "$(grep -E '"model"' "$tmp/out")" != "$id0" ] ||
        fail "the model id does not change with a target portrait"
    # Bad target files: fatal, exit 1, with the row.
    printf 'dimension,label,share\ngender,female,0.5\nshoe,red,1\n' >"$tmp/t1.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t1.csv"
    expect_rc 1
    expect_err "row 3: unknown dimension 'shoe'"
    printf 'dimension,label,share\ngender,female,abc\n' >"$tmp/t2.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t2.csv"
    expect_rc 1
    expect_err "row 2: share 'abc' is not a number"
    # What the message says comes from what was read: a cell that is no
    # number sets no share (the message read the unset share, and said
    # "not a number >= 0", or "not finite" when the garbage was large);
    # a number below 0, or nan, is "not a number >= 0".
    expect_err "row 2: share 'abc' is not a number\$"
    printf 'dimension,label,share\ngender,female,1\ngender,male,x1\n' >"$tmp/t2x.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t2x.csv"
    expect_rc 1
    expect_err "row 3: share 'x1' is not a number\$"
    printf 'dimension,label,share\ngender,female,1\ngender,male,-1\n' >"$tmp/t2n.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t2n.csv"
    expect_rc 1
    expect_err "row 3: share '-1' is not a number >= 0\$"
    printf 'dimension,label,share\ngender,female,1\ngender,female,2\n' >"$tmp/t3.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t3.csv"
    expect_rc 1
    expect_err "row 3: label 'female' given twice"
    printf 'dimension,label\ngender,female\n' >"$tmp/t4.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t4.csv"
    expect_rc 1
    expect_err "needs the columns dimension, label and share"
    printf 'dimension,label,share\ngender,female,0\ngender,male,0\n' >"$tmp/t5.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t5.csv"
    expect_rc 1
    expect_err "target portrait, gender"
    # A row with a cell too many or too few is as fatal as any other.
    printf 'dimension,label,share\ngender,female,80,x\ngender,male,20\n' \
        >"$tmp/t6.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t6.csv"
    expect_rc 1
    expect_err "t6.csv: row 2: 4 cells, but the header has 3 columns"
    printf 'dimension,label,share\ngender,female,80\ngender,male\n' \
        >"$tmp/t7.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t7.csv"
    expect_rc 1
    expect_err "t7.csv: row 3: 2 cells, but the header has 3 columns"
    run score --csv "$ROSTER" --target-portrait "$tmp/absent.csv"
    expect_rc 1
    # A label the library refuses is reported at its row, not as its
    # position in the dimension.
    printf 'dimension,label,share\ngender,female,1\nage,18-24,1\nage,"bad\001",1\n' \
        >"$tmp/t8.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t8.csv"
    expect_rc 1
    expect_err "t8.csv: row 4: age: .*control character"
    # Dimension names without regard to case; any finite share, however
    # large (only the proportions count): the same scores as 0.8 / 0.2.
    printf 'dimension,label,share\nGENDER,female,1.6e308\nGender,male,4e307\n' \
        >"$tmp/t9.csv"
    printf 'dimension,label,share\ngender,female,0.8\ngender,male,0.2\n' \
        >"$tmp/t10.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t9.csv" --format csv
    expect_rc 0
    cp "$tmp/out" "$tmp/big.out"
    run score --csv "$ROSTER" --target-portrait "$tmp/t10.csv" --format csv
    expect_rc 0
    cmp -s "$tmp/out" "$tmp/big.out" ||
        fail "shares 1.6e308 / 4e307 score differently from 0.8 / 0.2"
    printf 'dimension,label,share\ngender,female,1e999\n' >"$tmp/t11.csv"
    run score --csv "$ROSTER" --target-portrait "$tmp/t11.csv"
    expect_rc 1
    expect_err "row 2: share '1e999' is not finite \\(too large\\)"
}

case_score_formats() {
    run score --csv "$ROSTER" --format csv --goal activation
    expect_rc 0
    cp "$tmp/out" "$tmp/a.csv"
    run score --csv "$ROSTER" --format csv --goal activation
    cmp -s "$tmp/out" "$tmp/a.csv" || fail "two runs differ"
    "$KOL" score --csv - --format csv --goal activation <"$ROSTER" >"$tmp/out" 2>"$tmp/err"
    cmp -s "$tmp/out" "$tmp/a.csv" || fail "standard input differs from the file"
    # Row order never changes a score: reverse the data rows.
    { head -n 1 "$ROSTER"; tail -n +2 "$ROSTER" | tac; } >"$tmp/rev.csv"
    run score --csv "$tmp/rev.csv" --format csv --goal activation
    cmp -s "$tmp/out" "$tmp/a.csv" || fail "reversed rows give other scores"
    # text: the same rounded figures.
    run score --csv "$ROSTER" --goal activation
    expect_rc 0
    no_nan
    expect_out '^records scored: 7$'
    expect_out "^ +1  small-hot +koc +growing +$(awk -v s="$(col small-hot score "$tmp/a.csv")" 'BEGIN { printf "%.2f", s }') "
    expect_out '^ +3  young-50k .* -$'
    # json: parse and compare with csv.
    if ! command -v python3 >/dev/null 2>&1; then
        echo "python3 not found: json part skipped"
        [ "$failures" -eq 0 ] && return 77
        return
    fi
    run score --csv "$ROSTER" --format json --goal activation
    expect_rc 0
    python3 - "$tmp/out" "$tmp/a.csv" <<'EOF' || fail "json differs from csv"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert doc["goal"] == "activation" and doc["scored"] == 7, doc
assert doc["model"].startswith("kol-value/5:"), doc["model"]
assert len(doc["ranking"]) == len(rows) == 7
for j, r in zip(doc["ranking"], rows):
    assert j["rank"] == int(r["rank"]) and j["id"] == r["id"], (j, r)
    assert (j["tier"] or "") == r["tier"] and j["stage"] == r["stage"]
    for k in ("score", "communication", "fan", "conversion", "confidence"):
        assert j[k] == float(r[k]), (k, j, r)
    if r["value_per_cost"] == "":
        assert j["value_per_cost"] is None, j
    else:
        assert j["value_per_cost"] == float(r["value_per_cost"]), j
EOF
}

case_score_bad_rows() {
    # score_bad.csv: rows 2, 3 good; row 4 followers 'abc'; row 5 repeats
    # id ok-1; row 6 has 3 cells; row 7 followers -5.
    run score --csv "$TDATA/score_bad.csv" --format csv
    expect_rc 0
    expect_first_line "$HEADER"
    is "data rows" "$(($(wc -l <"$tmp/out") - 1))" 2
    expect_err "row 4: .*'abc' is not a number"
    expect_err "row 5: .*ok-1"
    expect_err "row 6: 3 cells"
    expect_err "row 7: .*negative"
    is "rejections" "$(grep -c 'warning: .*row [0-9]' "$tmp/err")" 4
    # Bigger account, but ok-1 has the better engagement per follower and
    # per view, and the better cost-effectiveness (3000 views / 1000 vs
    # 40000 / 20000): balanced ranks it first.
    is "order" "$(order)" "ok-1 ok-2"
    run score --csv "$TDATA/score_bad.csv" --format json
    expect_rc 0
    expect_out '"rejected": 4'
    expect_out '"row": 7'
    run score --csv "$TDATA/score_bad.csv" --strict --format csv
    expect_rc 1
    expect_err '4 rows rejected'
    run tier --csv "$TDATA/score_bad.csv" --format csv
    expect_rc 0
    expect_err "row 6: 3 cells"
    is "tier rows" "$(($(wc -l <"$tmp/out") - 1))" 2
    # Disputes above cooperations: each value is in its domain, but the
    # value model refuses the pair. The row is rejected when the file is
    # read, as other bad rows are; the model used to refuse the whole
    # roster, so that one such row made score, tier --scheme quantile and
    # records disagree (records loaded it, score exited 1). A missing
    # cooperations count leaves disputes unchecked (credit from the
    # on-time rate alone).
    printf '%s\n' 'id,followers,avg_views,cooperations,disputes' \
        'a,1000,300,2,5' 'b,2000,500,3,1' 'c,3000,900,,4' 'd,4000,800,2,2' \
        >"$tmp/disputes.csv"
    for sub in "score" "tier --scheme quantile"; do
        # shellcheck disable=SC2086
        run $sub --csv "$tmp/disputes.csv" --format csv
        expect_rc 0
        expect_err "warning: .*row 2: record 'a': disputes 5 above cooperations 2$"
        is "$sub rejections" "$(grep -c 'row [0-9]' "$tmp/err")" 1
        is "$sub rows" "$(($(wc -l <"$tmp/out") - 1))" 3
    done
    run records --csv "$tmp/disputes.csv"
    expect_rc 0
    expect_out '^records rejected: 1$'
    expect_out "^row 2: record 'a': disputes 5 above cooperations 2$"
    # Two numbers that differ are printed differently (%g gave "disputes
    # 1e+06 above cooperations 1e+06").
    printf '%s\n' 'id,cooperations,disputes' 'a,1000000,1000000.5' 'b,12,12.0000001' \
        >"$tmp/disputes2.csv"
    run records --csv "$tmp/disputes2.csv"
    expect_out "^row 2: record 'a': disputes 1000000.5 above cooperations 1000000$"
    expect_out "^row 3: record 'b': disputes 12.0000001 above cooperations 12$"
    run score --csv "$tmp/disputes.csv" --strict --format csv
    expect_rc 1
    # A rejected row's reason quotes the id printably on standard error:
    # a C1 control (U+009B, the one-byte CSI) and a bidirectional
    # override (U+202E) become '?', as in text tables.
    printf 'id,followers\nk\302\23331mRED\342\200\256,lots\nb,5\n' >"$tmp/c1.csv"
    for sub in "tier" "score"; do
        # shellcheck disable=SC2086
        run $sub --csv "$tmp/c1.csv" --format csv
        expect_rc 0
        expect_err "warning: .*row 2: record 'k\\?31mRED\\?': column 'followers': 'lots' is not a number$"
        ! LC_ALL=C grep -q -e $'\302\233' -e $'\342\200\256' "$tmp/err" ||
            fail "a raw C1 or bidirectional control on stderr"
    done
}

case_tier_values() {
    run tier --csv "$ROSTER" --format csv
    expect_rc 0
    no_nan
    expect_first_line 'id,platform,followers,level,tier,koc,stage'
    # cn ladder (see score_csv); nano-999 passes the KOC rule: 999 < 10000
    # followers, engagement (60+10+3+5)/999 = 0.078 >= 0.03, real ratio
    # 0.97 >= 0.8, comments per like 10/60 = 0.17 >= 0.02. small-hot fails
    # it at 10000 followers (not below 10000).
    expect_line 'small-hot,douyin,10000,0,koc,no,growing'
    expect_line 'big-cold,douyin,2000000,3,shoulder,no,mature'
    expect_line 'head-3m,douyin,3000000,4,head,no,mature'
    expect_line 'waist-300k,douyin,300000,2,waist,no,fading'
    expect_line 'tail-150k,douyin,150000,1,tail,no,growing'
    expect_line 'young-50k,douyin,50000,0,koc,no,introduced'
    expect_line 'nano-999,xiaohongshu,999,0,koc,yes,introduced'
    # intl: 1K, 10K, 50K, 500K, 1M; 10000 is micro, 50000 mid.
    run tier --csv "$ROSTER" --scheme intl --format csv
    expect_rc 0
    expect_line 'small-hot,douyin,10000,2,micro,no,growing'
    expect_line 'big-cold,douyin,2000000,5,mega,no,mature'
    expect_line 'waist-300k,douyin,300000,3,mid,no,fading'
    expect_line 'young-50k,douyin,50000,3,mid,no,introduced'
    expect_line 'nano-999,xiaohongshu,999,0,sub-nano,yes,introduced'
    # Custom ladder: raise the micro threshold to 10001: small-hot is nano.
    run tier --csv "$ROSTER" --scheme intl --thresholds 1000,10001,50000,500000,1000000 --format csv
    expect_rc 0
    expect_line 'small-hot,douyin,10000,1,nano,no,growing'
    # A cn ladder replaces the presets too (douyin, kuaishou, xiaohongshu
    # and its alias xhs, bilibili, weibo), not only the generic ladder:
    # 10000 followers is head everywhere.
    printf '%s\n' id,platform,followers d,douyin,10000 k,kuaishou,10000 \
        x,xiaohongshu,10000 r,xhs,10000 b,bilibili,10000 w,weibo,10000 \
        y,youtube,10000 n,,10000 >"$tmp/thr.csv"
    run tier --csv "$tmp/thr.csv" --thresholds 1000,2000,3000,4000 \
        --format csv
    expect_rc 0
    is "tiers with --thresholds" \
        "$(awk -F, 'NR > 1 { printf "%s:%s ", $1, $5 }' "$tmp/out")" \
        "d:head k:head x:head r:head b:head w:head y:head n:head "
    run tier --csv "$ROSTER" --scheme intl --thresholds 1000,10000 --format csv
    expect_rc 2
    expect_err 'takes 5 strictly increasing'
    run tier --csv "$ROSTER" --thresholds 5,4,3,2
    expect_rc 2
    # more values than any ladder holds: the count is the complaint
    run tier --csv "$ROSTER" --thresholds 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
    expect_rc 2
    expect_err "--thresholds '1,2,.*,17': more than 16 values"
    # text summary: counts per tier.
    run tier --csv "$ROSTER"
    expect_rc 0
    expect_out '^  koc +3$'
    expect_out '^  head +1$'
    # Quantiles of the 7 balanced scores (Hyndman-Fan 7): sorted s(1..7),
    # q(0.5) = s(4) (head-3m's), q(0.8) = s(5) + 0.8 (s(6) - s(5)),
    # q(0.95) = s(6) + 0.7 (s(7) - s(6)): small-hot (s7) top 5%, nano-999
    # (s6) 80-95, young-50k (s5) and head-3m (s4, at the cut) 50-80, the
    # rest below the median.
    run tier --csv "$ROSTER" --scheme quantile --format csv
    expect_rc 0
    expect_line 'small-hot,douyin,10000,3,p95-100,no,growing'
    expect_line 'nano-999,xiaohongshu,999,2,p80-95,yes,introduced'
    expect_line 'young-50k,douyin,50000,1,p50-80,no,introduced'
    expect_line 'head-3m,douyin,3000000,1,p50-80,no,mature'
    expect_line 'big-cold,douyin,2000000,0,p0-50,no,mature'
    expect_line 'waist-300k,douyin,300000,0,p0-50,no,fading'
    expect_line 'tail-150k,douyin,150000,0,p0-50,no,growing'
    run tier --csv "$ROSTER" --format json
    expect_rc 0
    expect_out '"tier": "koc", "kols": 3'
    expect_out '"id": "nano-999", "platform": "xiaohongshu", "followers": 999, "level": 0, "tier": "koc", "koc": "yes", "stage": "introduced"'
    # A record without followers: no tier (empty cells), stage unknown.
    printf 'id,platform\nx,douyin\n' >"$tmp/nof.csv"
    run tier --csv "$tmp/nof.csv" --format csv
    expect_rc 0
    expect_line 'x,douyin,,,,unknown,unknown'
    run score --csv "$tmp/nof.csv" --format csv
    expect_rc 0
    no_nan
    expect_out '^1,x,,unknown,'
    # Quantile tiers: KOLs with nothing to score have no tier and stay out
    # of the cohort. Balanced scores of the four others, from the model:
    # d4 > d2 > d1 and d3, so q(0.5) lies below d2 (d2 and d4 at or
    # above it), q(0.8) and q(0.95) between d2 and d4 (only d4).
    printf 'id,followers,avg_likes\nn1,,\nn2,,\nd1,1000,10\nn3,,\nd2,2000,50\nd3,3000,20\nd4,4000,100\n' \
        >"$tmp/qn.csv"
    run tier --csv "$tmp/qn.csv" --scheme quantile --format csv
    expect_rc 0
    expect_line 'n1,,,,,unknown,unknown'
    expect_line 'n3,,,,,unknown,unknown'
    expect_line 'd1,,1000,0,p0-50,no,unknown'
    expect_line 'd3,,3000,0,p0-50,no,unknown'
    expect_line 'd2,,2000,1,p50-80,no,unknown'
    expect_line 'd4,,4000,3,p95-100,no,unknown'
    # Text tables count a CJK character as two columns: the 3-character
    # id 小红薯 takes 6 of the 7 the widest id needs, so one space pads it.
    printf 'id,platform,followers\n小红薯,xiaohongshu,50000\nabcdefg,douyin,2000000\n' \
        >"$tmp/cjk.csv"
    run tier --csv "$tmp/cjk.csv"
    expect_rc 0
    expect_line 'id      platform        followers tier      koc     stage'
    expect_line '小红薯  xiaohongshu         50000 waist     no      unknown'
    expect_line 'abcdefg douyin            2000000 shoulder  no      unknown'
    # So do emoji and wide symbols of every block (Unicode East Asian
    # Width W: U+1F680 rocket, U+2728 sparkles, U+2B50 star, U+1FAF6
    # heart hands, U+2615 coffee), not only U+1F300-1F64F (a face).
    printf 'id,followers\nplain,1000\n\360\237\230\200face,2000\n\360\237\232\200rocket,3000\n\342\234\250spark,4000\n\342\255\220star,5000\n\360\237\253\266hands,6000\n\342\230\225cafe,7000\n' \
        >"$tmp/wide.csv"
    run tier --csv "$tmp/wide.csv"
    expect_rc 0
    expect_line 'plain    -                    1000 koc       unknown unknown'
    expect_line '😀face   -                    2000 koc       unknown unknown'
    expect_line '🚀rocket -                    3000 koc       unknown unknown'
    expect_line '✨spark  -                    4000 koc       unknown unknown'
    expect_line '⭐star   -                    5000 koc       unknown unknown'
    expect_line '🫶hands  -                    6000 koc       unknown unknown'
    expect_line '☕cafe   -                    7000 koc       unknown unknown'
    # An id wider than the 32 columns of the id column is cut with "..."
    # (whole characters, so a CJK id stops at 28 columns and one space
    # pads it), and the columns after it stay in place in both commands;
    # csv keeps the whole id. It used to be printed whole, pushing the
    # rest of its row to the right.
    long=$(printf 'x%.0s' $(seq 40))
    printf 'id,followers\n%s,1000\nshort,2000\n%s,3000\n' "$long" \
        '中文很长的标识符中文很长的标识符中文很长的标识符' >"$tmp/long.csv"
    run tier --csv "$tmp/long.csv"
    expect_rc 0
    expect_line 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx... -                    1000 koc       unknown unknown'
    expect_line 'short                            -                    2000 koc       unknown unknown'
    expect_line '中文很长的标识符中文很长的标...  -                    3000 koc       unknown unknown'
    run score --csv "$tmp/long.csv"
    expect_rc 0
    expect_out '^    3  xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\.\.\. koc '
    expect_out '^    2  short                            koc '
    run tier --csv "$tmp/long.csv" --format csv
    expect_out "^$long,"
    # Ids with edge spaces are quoted in csv output, so they read back.
    printf 'id,followers\n" a",100\na,200\n"b\t",300\n' >"$tmp/sp.csv"
    run tier --csv "$tmp/sp.csv" --format csv
    expect_rc 0
    expect_line '" a",,100,0,koc,unknown,unknown'
    expect_line 'a,,200,0,koc,unknown,unknown'
    cp "$tmp/out" "$tmp/sp_out.csv"
    run tier --csv "$tmp/sp_out.csv" --format csv
    expect_rc 0
    cmp -s "$tmp/out" "$tmp/sp_out.csv" ||
        fail "tier csv output does not read back as the same ids"
}

case_score_tier_usage() {
    run score
    expect_rc 2
    expect_err 'missing --csv'
    run score --csv
    expect_rc 2
    run score --csv "$ROSTER" --goal fame
    expect_rc 2
    expect_err "unknown goal 'fame'"
    run score --csv "$ROSTER" --format xml
    expect_rc 2
    run score --csv "$ROSTER" --scheme us
    expect_rc 2
    run score --csv "$ROSTER" --bogus
    expect_rc 2
    run score --csv - --target-portrait -
    expect_rc 2
    run tier
    expect_rc 2
    run tier --csv "$ROSTER" --scheme tall
    expect_rc 2
    run tier --csv "$ROSTER" --scheme quantile --thresholds 1,2
    expect_rc 2
    expect_err -- '--thresholds does not apply to --scheme quantile'
    # --goal weighs the quantile scheme's scores; elsewhere it would be
    # silently ignored
    run tier --csv "$ROSTER" --scheme cn --goal conversion
    expect_rc 2
    expect_err '--goal applies to --scheme quantile only'
    run tier --csv "$ROSTER" --goal activation
    expect_rc 2
    run tier --csv "$ROSTER" --scheme quantile --goal activation --format csv
    expect_rc 0
    run tier --csv "$ROSTER" --format xml
    expect_rc 2
    run score --help
    expect_rc 0
    expect_out 'rank,id,tier,stage,score,communication,fan,conversion,confidence,value_per_cost'
    run tier --help
    expect_rc 0
    expect_out 'a usage error with --scheme quantile'
    # Missing or unreadable files: exit 1.
    run score --csv "$tmp/absent.csv"
    expect_rc 1
    expect_err 'absent.csv'
    run tier --csv "$tmp/absent.csv"
    expect_rc 1
    : >"$tmp/empty.csv"
    run score --csv "$tmp/empty.csv"
    expect_rc 1
    printf 'name,followers\na,10\n' >"$tmp/noid.csv"
    run tier --csv "$tmp/noid.csv"
    expect_rc 1
}

status=0
case "$case_name" in
score_csv | score_goals | score_target | score_formats | score_bad_rows | \
    tier_values | score_tier_usage)
    "case_$case_name" || status=$?
    ;;
*)
    echo "unknown case '$case_name'" >&2
    exit 2
    ;;
esac

check_done "$status"
