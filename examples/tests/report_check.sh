#!/usr/bin/env bash
# Checks of `kol report`, run by ctest (examples/CMakeLists.txt).
#
#   report_check.sh CASE KOL_BINARY EXAMPLES_DATA_DIR
#
# CASE is one of:
#   report_sample      the report over the bundled sample: every section is
#                      printed with the expected findings (the bought
#                      traffic of three posts, the two accounts with bought
#                      followers, the portfolio within its budget); the
#                      HTML page is well formed, self-contained and holds
#                      the charts (report_html_check.py); two runs give
#                      identical output
#   report_options     --no-html, skipped files, --budget, --top, usage
#                      errors (an empty --data too), a missing roster, an
#                      unwritable page; a follower profile row the model
#                      refuses is rejected alone, and --strict then exits 1
#                      after the same report and page (also for rows of the
#                      deliveries and follower-id files); minute numbers in
#                      the traffic file warned about
#   report_escape      names and platforms holding <, >, &, " and ' are
#                      escaped in the page, which stays well formed;
#                      traffic timestamps as integer seconds; a bad traffic
#                      row is rejected; bidirectional and C1 controls shown
#                      as '?' in the terminal, CJK ids padded by columns,
#                      U+FFFF replaced in the page
#   report_missing     a figure the files do not give is "-" in the text
#                      and the page, never -1 or 0: followers, price and
#                      value per price of a KOL without them (who is not
#                      ranked by value per price, and the list says so),
#                      CPM / CPE / CPA, engagements, the inflated share of
#                      a channel observed at 0 or never reported, the
#                      overlap of no audience
#   report_key_share   the key accounts line gives the share of the
#                      revenue they bring (not the 80% threshold), with
#                      "1 KOL brings"
#   report_tier_none   the Tiers section has a (none) row for the KOLs
#                      without a follower count, as kol tier does, so that
#                      it adds up to the roster (text and page)
#   report_screenshot  (optional) headless Chromium renders the page to a
#                      PNG of plausible size; skipped (77) without chromium
#
# The script exits 1 if any check failed, 77 (skipped) when a tool it needs
# (python3, chromium) is missing.
set -u

case_name=${1:?case}
KOL=${2:?kol binary}
DATA=${3:?examples/data dir}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHECK="$HERE/report_html_check.py"

. "$(dirname "${BASH_SOURCE[0]}")/check_common.sh" report

need_python() {
    command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
}
html_check() {
    local out
    if ! out=$(python3 "$CHECK" "$@" 2>&1); then
        fail "HTML check: $out"
    fi
}
# A page too small for html_check's charts: an XML parser reads it.
xml_check() {
    python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' \
        "$1" 2>/dev/null || fail "the page $1 is not read by an XML parser"
}

case "$case_name" in
report_sample)
    need_python
    run report --data "$DATA" --html "$tmp/r.html"
    expect_rc 0
    for section in '^== Tiers' '^== Top candidates by value ' \
        '^== Top candidates by value per price' '^== Recommended portfolio' \
        '^== Traffic monitor' '^== Campaign ROI' 'key accounts \(' \
        '^== Audience quality' 'overlap: 37 KOLs'; do
        expect_out "$section"
    done
    expect_out "^HTML report: $tmp/r.html\$"
    expect_out 'roster: .*roster.csv \(200 KOLs\)'
    # The bought traffic of the sample: a views burst, a likes drip, a
    # follows injection; the two clean posts are not flagged.
    expect_out '^  spring-glow-dy-003: 720 minutes, [0-9]+ flagged'
    expect_out '^    minutes 30[0-9]-31[0-9]: burst'
    expect_out '^    minutes 4[0-9][0-9]-6[0-9][0-9]: .*drip'
    expect_out '^    minutes 18[0-9]-1[89][0-9]: burst\+ratio'
    expect_out '^  spring-glow-wb-016: 720 minutes, 0 flagged in 0 intervals'
    expect_out '^  spring-glow-ig-019: 720 minutes, 0 flagged in 0 intervals'
    expect_out '^    likes +observed +[0-9]+ +restored +[0-9]+ .*inflated'
    expect_out '^    follows +observed +[0-9]+ +restored +[0-9]+ .*inflated'
    expect_out '^  37 deliveries \(5 matched to a traffic series\)'
    expect_out '^  ROI reported -?[0-9.]+ \[-?[0-9.]+, -?[0-9.]+\]'
    expect_out '^    head +2 deliveries'
    expect_out '^  xhs-016 .*SUSPICIOUS'
    expect_out '^  dy-014 .*SUSPICIOUS'
    expect_no_out '^  dy-003 .*SUSPICIOUS'
    # The portfolio spends at most the budget.
    spend=$(sed -n 's/^  [0-9]* KOLs, spend \([0-9.]*\)K of 100.0K.*/\1/p' "$tmp/out")
    if [ -z "$spend" ] || ! awk -v s="$spend" 'BEGIN { exit !(s > 0 && s <= 100) }'; then
        fail "portfolio spend '$spend'K not within the budget of 100K"
    fi
    html_check "$tmp/r.html" --series 5 --chosen-min 5 \
        --flagged spring-glow-dy-003 spring-glow-xhs-016 spring-glow-xhs-009
    grep -q 'data-post="spring-glow-xhs-016" data-channel="likes"' "$tmp/r.html" ||
        fail "the drip chart does not show the likes channel"
    # Deterministic: a second run writes the same page and text.
    cp "$tmp/out" "$tmp/out1"
    run report --data "$DATA" --html "$tmp/r2.html"
    cmp -s "$tmp/r.html" "$tmp/r2.html" || fail "two runs wrote different pages"
    diff <(grep -v '^HTML report' "$tmp/out1") <(grep -v '^HTML report' "$tmp/out") >/dev/null ||
        fail "two runs printed different reports"
    ;;
report_options)
    run report --data "$DATA" --no-html --top 3
    expect_rc 0
    expect_no_out '^HTML report'
    n=$(sed -n '/^== Top candidates by value (/,/^$/p' "$tmp/out" | grep -c '^ *[0-9]*\. ')
    [ "$n" -eq 3 ] || fail "--top 3: $n lines in the top list"
    run report --data "$DATA" --no-html --traffic= --profiles= --followers=
    expect_rc 0
    expect_out '^  \(no traffic file\)'
    expect_out '^  \(no follower profile file\)'
    expect_out '^  37 deliveries \(0 matched to a traffic series\)'
    run report --data "$tmp/nowhere" --no-html
    expect_rc 1
    expect_err 'roster.csv'
    # A default file that exists but cannot be opened (here a symbolic
    # link loop; also no permission, or no memory for the stream) is an
    # error naming it, not "no deliveries file" with its sections left
    # out and exit 0.
    mkdir "$tmp/loop"
    cp "$DATA"/*.csv "$tmp/loop/"
    rm "$tmp/loop/deliveries.csv"
    ln -s deliveries.csv "$tmp/loop/deliveries.csv"
    run report --data "$tmp/loop" --no-html
    expect_rc 1
    expect_err "cannot open .*loop/deliveries\.csv"
    expect_no_out 'no deliveries file'
    rm "$tmp/loop/deliveries.csv"
    run report --data "$tmp/loop" --no-html
    expect_rc 0
    expect_out '^note: no deliveries file'
    # A page that cannot be written says why (it said only "error writing
    # the page").
    if [ -w /dev/full ]; then
        run report --data "$DATA" --html /dev/full
        expect_rc 1
        expect_err '/dev/full: error writing the page: No space left on device$'
    fi
    # A figure no delivery reports is "-", not 0, as in kol roi: without a
    # revenue column the revenue of the total and of each tier, and no key
    # accounts (they printed "revenue 0" and "0 KOLs bring 80% of the
    # revenue"); the page says so too.
    printf 'kol_id,tier,cost,views\nk1,tail,50,600\nk2,waist,100,800\n' \
        >"$tmp/norev.csv"
    run report --roster "$DATA/roster.csv" --deliveries "$tmp/norev.csv" \
        --traffic= --profiles= --followers= --html "$tmp/norev.html"
    expect_rc 0
    expect_out '^  2 deliveries \(0 matched to a traffic series\): cost 150, revenue -, exposure 1400$'
    expect_out '^    tail +1 deliveries  cost +50  revenue +-  ROI -$'
    expect_out '^  key accounts: none \(no revenue reported\)$'
    expect_no_out 'bring 80%'
    grep -q 'No revenue reported: no key accounts' "$tmp/norev.html" ||
        fail "the page does not say that no revenue was reported"
    grep -q 'revenue -, exposure 1400' "$tmp/norev.html" ||
        fail "the page shows a revenue where none was reported"
    # An empty --data (an unset shell variable) is a usage error, not the
    # root directory.
    run report --data= --no-html
    expect_rc 2
    expect_err '^kol report: --data needs a directory'
    expect_no_out '/roster\.csv|/deliveries\.csv'
    # --html FILE and --no-html are alternatives: both is a usage error,
    # and no page is written
    run report --data "$DATA" --html "$tmp/both.html" --no-html
    expect_rc 2
    expect_err '^kol report: --html and --no-html contradict each other'
    [ ! -e "$tmp/both.html" ] || fail "a page was written with --no-html"
    # A follower row the audience model refuses (has_avatar 2, more
    # username digits than characters) is rejected with its row number,
    # as kol audience does; the KOL's other rows still give its ratio.
    awk -F, -v OFS=, 'NR == 2 { $5 = 2 } NR == 7 { $8 = 99 } { print }' \
        "$DATA/followers_profile.csv" >"$tmp/prof_bad.csv"
    run report --data "$DATA" --no-html --profiles "$tmp/prof_bad.csv"
    expect_rc 0
    expect_err "prof_bad\.csv: row 2: has_avatar: value 2 is not 0 or 1"
    expect_err "prof_bad\.csv: row 7: .*username_digits"
    expect_out '^  wb-016 +198 followers +real 0\.[0-9]+ \[0\.[0-9]+, 0\.[0-9]+\]'
    run report --data "$DATA" --profiles "$tmp/prof_bad.csv" --html "$tmp/pb.html"
    expect_rc 0
    grep -q '<tr><td class="t">wb-016</td><td>198</td><td>[0-9]*</td><td>0\.[0-9]*</td>' "$tmp/pb.html" ||
        fail "the page has no real-follower ratio for wb-016"
    # --strict: the same report and page, then exit 1 saying how many
    # rows of which file were rejected; the sample alone passes it.
    cp "$tmp/out" "$tmp/pb.out"
    run report --data "$DATA" --profiles "$tmp/prof_bad.csv" --html "$tmp/pbs.html" --strict
    expect_rc 1
    expect_err '^kol report: 2 rows rejected \(--strict\): profiles 2$'
    cmp -s "$tmp/pb.html" "$tmp/pbs.html" || fail "--strict changed the page"
    sed 's#pbs\.html#pb.html#' "$tmp/out" | cmp -s - "$tmp/pb.out" ||
        fail "--strict changed the report"
    { cat "$DATA/deliveries.csv"; echo 'bad,row'; } >"$tmp/del_bad.csv"
    { cat "$DATA/followers.csv"; echo 'one-cell'; } >"$tmp/fol_bad.csv"
    run report --data "$DATA" --no-html --deliveries "$tmp/del_bad.csv" \
        --followers "$tmp/fol_bad.csv" --strict
    expect_rc 1
    expect_err '^kol report: 2 rows rejected \(--strict\): deliveries 1, followers 1$'
    run report --data "$DATA" --no-html --deliveries "$tmp/del_bad.csv" \
        --followers "$tmp/fol_bad.csv"
    expect_rc 0
    run report --data "$DATA" --no-html --strict
    expect_rc 0
    expect_no_err 'strict'
    # Minute numbers in a traffic file (a `minute` column holding 0, 1,
    # 2...) are read as seconds, as documented; the report warns.
    { echo post_id,minute,views
      for i in $(seq 0 119); do echo "p1,$i,50"; done
    } >"$tmp/tmin.csv"
    run report --data "$DATA" --no-html --traffic "$tmp/tmin.csv"
    expect_rc 0
    expect_err "tmin\.csv: the minute column holds integers below 1000000 that step by 1: they look like minute numbers"
    expect_out '^  p1: 2 minutes,'
    # Unix seconds a minute apart, or minute numbers x 60: no warning.
    { echo post_id,minute,views
      for i in $(seq 0 119); do echo "p1,$((60 * i)),50"; done
    } >"$tmp/tsec.csv"
    run report --data "$DATA" --no-html --traffic "$tmp/tsec.csv"
    expect_rc 0
    expect_no_err 'minute numbers'
    expect_out '^  p1: 120 minutes,'
    # A quoted kol_id with a trailing space in the deliveries: another
    # KOL than the roster's, warned about.
    { head -1 "$DATA/deliveries.csv"
      sed -n 2p "$DATA/deliveries.csv" | awk -F, -v OFS=, '{ $2 = "\"" $2 " \""; print }'
    } >"$tmp/dsp.csv"
    run report --data "$DATA" --no-html --deliveries "$tmp/dsp.csv"
    expect_rc 0
    expect_err "dsp\.csv: column 'kol_id': 1 id begins or ends with a space"
    # and in the follower profiles
    { head -1 "$DATA/followers_profile.csv"
      sed -n 2p "$DATA/followers_profile.csv" | awk -F, -v OFS=, '{ $1 = "\" " $1 "\""; print }'
    } >"$tmp/psp.csv"
    run report --data "$DATA" --no-html --profiles "$tmp/psp.csv"
    expect_rc 0
    expect_err "psp\.csv: column 'kol_id': 1 id begins or ends with a space"
    # Milliseconds read as seconds: after the year 3000, warned about.
    { echo post_id,timestamp,views
      for i in $(seq 0 9); do echo "p1,$((1780315200000 + 60000 * i)),50"; done
    } >"$tmp/tms.csv"
    run report --data "$DATA" --no-html --traffic "$tmp/tms.csv"
    expect_rc 0
    expect_err "tms\.csv: row 2: timestamp '1780315200000' read as integer seconds is after the year 3000"
    # The roster cannot be skipped: an empty --roster is a usage error.
    run report --data "$DATA" --no-html --roster=
    expect_rc 2
    expect_err '^kol report: --roster needs a file name'
    # Standard input can be one file, not two.
    run report --data "$DATA" --no-html --roster - --deliveries -
    expect_rc 2
    expect_err '^kol report: only one of --roster, .* can read standard input'
    # An empty optional file is an error naming the file.
    : >"$tmp/empty.csv"
    for opt in traffic deliveries profiles followers; do
        run report --data "$DATA" --no-html "--$opt" "$tmp/empty.csv"
        expect_rc 1
        expect_err "^kol report: $tmp/empty\\.csv: the .*file is empty"
    done
    # A column named twice is an error naming it, as in the other
    # commands: the report would otherwise read one of the two silently.
    printf 'post_id,timestamp,views,POST_ID\np1,60,5,p2\n' >"$tmp/t2.csv"
    printf 'post_id,timestamp,views,minute\np1,60,5,1\n' >"$tmp/t3.csv"
    printf 'kol_id,cost,views,Cost\nk1,10,5,20\n' >"$tmp/d2.csv"
    printf 'kol_id,followers,posts,followers\nk1,1,2,3\n' >"$tmp/p2.csv"
    printf 'kol_id,followers,KOL_ID\nk1,1,k2\n' >"$tmp/p3.csv"
    for spec in "traffic t2 post_id 1 4" "traffic t3 timestamp 2 4" \
        "deliveries d2 cost 2 4" "profiles p2 followers 2 4" \
        "profiles p3 kol_id 1 3"; do
        set -- $spec
        run report --data "$DATA" --no-html "--$1" "$tmp/$2.csv"
        expect_rc 1
        expect_err "$2\\.csv: row 1: column '$3' appears twice in the header \\(columns $4 and $5\\)"
    done
    # An impossible date is a rejected row, not the next month's day.
    printf 'post_id,timestamp,views\np1,2026-02-28T23:58Z,5\np1,2026-02-28T23:59Z,5\np1,2026-02-29T00:00Z,5\np1,2024-02-30T00:00Z,5\np1,2026-03-01T00:00:00Z,5\np1,2026-04-31T00:00:00Z,5\n' >"$tmp/t4.csv"
    run report --data "$DATA" --no-html --traffic "$tmp/t4.csv"
    expect_rc 0
    expect_out "^  rejected row 4: timestamp '2026-02-29T00:00Z'"
    expect_out "^  rejected row 5: timestamp '2024-02-30T00:00Z'"
    expect_out "^  rejected row 7: timestamp '2026-04-31T00:00:00Z'"
    expect_out '^    views +observed +15 '
    # Post ids (cells of the traffic file) are shown printably: a line
    # break in a quoted id is one line, in the summary and in a refusal.
    printf 'post_id,timestamp,views\n"a\nb",2026-06-01T00:00Z,5\n"a\nb",2026-06-01T00:01Z,6\n"c\nd",2026-06-01T00:03Z,6\n"c\nd",2026-06-01T00:01Z,6\n' >"$tmp/t5.csv"
    run report --data "$DATA" --no-html --traffic "$tmp/t5.csv"
    expect_rc 0
    expect_out '^  a[?]b: 2 minutes, 0 flagged in 0 intervals$'
    expect_out "^  c[?]d: refused: the rows of post 'c[?]d' are not in time order$"
    # with --strict a refused series is a failure too (rows 3 and 4 were
    # accepted, so it is counted as a post, not as rows)
    run report --data "$DATA" --no-html --traffic "$tmp/t5.csv" --strict
    expect_rc 1
    expect_err '^kol report: 1 post whose traffic series the monitor refused \(--strict\)$'
    expect_no_err 'rows rejected'
    # An unknown column is named printably: one line, no raw bytes.
    printf 'kol_id,followers,"bio\ntext",\377x\nk1,10,a,b\n' >"$tmp/p4.csv"
    run report --data "$DATA" --no-html --profiles "$tmp/p4.csv"
    expect_rc 0
    # One warning names every unknown column of the file (docs/cli.md).
    expect_err "p4\\.csv: ignoring unknown columns: 'bio\\?text', '\\?x'\$"
    [ "$(grep -c 'ignoring unknown' "$tmp/err")" = 1 ] ||
        fail "more than one warning for the unknown columns"
    ! LC_ALL=C grep -q $'\377' "$tmp/err" || fail "a raw invalid byte on stderr"
    run report --data "$DATA" --budget 0
    expect_rc 2
    expect_err 'budget'
    run report --data "$DATA" --top x
    expect_rc 2
    run report --bogus
    expect_rc 2
    expect_err "unexpected argument '--bogus'"
    run report --data "$DATA" --html "$tmp/no/such/dir/r.html"
    expect_rc 1
    expect_err 'cannot write'
    run report --help
    expect_rc 0
    expect_out '^usage: kol report'
    run help
    expect_out '^  report '
    ;;
report_escape)
    need_python
    cat >"$tmp/roster.csv" <<'EOF'
id,name,platform,category,followers,price,avg_views,avg_likes,avg_comments,portrait_gender
k1,"<script>alert(""x"")</script> & 'co'",douyin,beauty,20000,500,4000,200,20,female:0.8;male:0.2
k2,"Tom & Jerry <b>",weibo,fashion,200000,3000,20000,500,50,female:1;male:1
k3,plain,douyin,beauty,2000000,20000,300000,9000,400,
k4,"B&Q ""x""",<img src=x onerror=alert(1)> & 'co',food,50000,1000,8000,300,30,
EOF
    {
        echo "post_id,timestamp,views,likes"
        for i in $(seq 0 59); do
            v=$((100 + i % 7)); l=$((5 + i % 3))
            [ "$i" -ge 30 ] && [ "$i" -lt 34 ] && v=$((v + 5000))
            echo "p<1>&,$((1780315200 + 60 * i)),$v,$l"
        done
        echo "p<1>&,not-a-time,1,1"
    } >"$tmp/traffic.csv"
    run report --roster "$tmp/roster.csv" --deliveries= --profiles= \
        --followers= --traffic "$tmp/traffic.csv" --html "$tmp/e.html"
    expect_rc 0
    expect_out 'rejected row 62: timestamp .not-a-time.'
    expect_out '^  p<1>&: 60 minutes, [1-9][0-9]* flagged'
    html_check "$tmp/e.html" --series 1 --no-roi --flagged 'p<1>&'
    grep -q '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;' "$tmp/e.html" ||
        fail "the name with markup is not escaped"
    grep -q 'data-post="p&lt;1&gt;&amp;"' "$tmp/e.html" || fail "the post id is not escaped"
    ! grep -q '<script>' "$tmp/e.html" || fail "raw <script> in the page"
    # The platform too: in the value chart's tooltips and in the tables.
    grep -q 'k4 B&amp;Q &quot;x&quot; (&lt;img src=x onerror=alert(1)&gt; &amp; &#39;co&#39;, ' "$tmp/e.html" ||
        fail "the platform with markup is not escaped in the chart"
    ! grep -q '<img' "$tmp/e.html" || fail "raw <img> in the page"
    # Text the terminal must not act on: a right-to-left override (U+202E)
    # and a C1 control (U+009B, CSI) in ids and tiers of the deliveries
    # are shown as '?' in the terminal report, as in kol score, and ids
    # are padded by display columns (a CJK character is two); U+FFFF in a
    # name, valid UTF-8 but no XML character, becomes U+FFFD in the page,
    # which an XML parser then reads. (The terminal got the raw bytes, a
    # CJK id was padded by bytes, and the page was not XML.)
    printf 'id,name,platform,followers,price\nk1,n\357\277\277x,douyin,20000,500\n' \
        >"$tmp/nc.csv"
    printf 'kol_id,platform,tier,cost,revenue\nab\342\200\256cba,douyin,t\302\233ier,100,1500\n\345\260\217\347\272\242\344\271\246,douyin,waist,100,500\nk2,douyin,waist,100,400\n' \
        >"$tmp/bidi.csv"
    run report --roster "$tmp/nc.csv" --deliveries "$tmp/bidi.csv" \
        --profiles= --followers= --traffic= --html "$tmp/n.html"
    expect_rc 0
    ! LC_ALL=C grep -q $'\342\200\256\|\302\233' "$tmp/out" ||
        fail "a bidirectional override or a C1 control reached the terminal"
    expect_out '^    t\?ier +1 deliveries'
    expect_out '^    ab\?cba +revenue +1500'
    grep -qx '    小红书    revenue      500  share  20.8%  ROI 4.00' "$tmp/out" ||
        fail "the CJK id is not padded to 9 columns"
    grep -q 'n\xef\xbf\xbdx' "$tmp/n.html" || grep -q $'n\357\277\275x' "$tmp/n.html" ||
        fail "U+FFFF is not replaced in the page"
    python3 - "$tmp/n.html" <<'PY' || fail "the page is not read by an XML parser"
import sys
import xml.etree.ElementTree as ET
ET.parse(sys.argv[1])
PY
    ;;
report_missing)
    need_python
    # k1 has neither followers nor price; no delivery reports exposure or
    # engagements (the audit's case). They printed "-1 fans  price -1 ...
    # per 1K 0.000", ranked k1 second by value per price, "engagements
    # 0 -> 0", and the page showed <td>-1</td> and 0.000.
    printf 'id,platform,followers,price,avg_views,avg_likes\nk1,douyin,,,5000,300\nk2,douyin,20000,1000,100,3\n' \
        >"$tmp/roster.csv"
    printf 'kol_id,cost,revenue,tier\nk1,100,300,head\nk2,50,,\n' \
        >"$tmp/deliv.csv"
    run report --roster "$tmp/roster.csv" --deliveries "$tmp/deliv.csv" \
        --traffic= --profiles= --followers= --html "$tmp/m.html"
    expect_rc 0
    expect_out '^   1\. k1 +douyin +- +- fans  price +-  value +[0-9.]+  per 1K +-  match -$'
    expect_no_out '(^| )-1( |$)'
    expect_no_out 'per 1K +0\.000'
    # ranked by value per price: k2 alone, and the list says why
    n=$(sed -n '/^== Top candidates by value per price/,/^$/p' "$tmp/out" | grep -c '^ *[0-9]*\. ')
    [ "$n" -eq 1 ] || fail "$n KOLs ranked by value per price, expected 1 (k2)"
    sed -n '/^== Top candidates by value per price/,/^$/p' "$tmp/out" |
        grep -q '^   1\. k2 ' || fail "k2 is not first by value per price"
    expect_line '  (1 KOL without a price not ranked)'
    expect_line '  CPM -  CPE -  CPA -'
    expect_out '^  ROI net of false traffic [0-9.]+ \[[0-9.]+, [0-9.]+\]; engagements -$'
    expect_no_out 'engagements 0 -> 0'
    xml_check "$tmp/m.html"
    grep -q '<td class="t">k1</td><td class="t"></td><td class="t">douyin</td><td class="t">-</td><td>-</td><td>-</td><td>[0-9.]*</td><td>[0-9.]*</td><td>[0-9.]*</td><td>[0-9.]*</td><td>-</td>' \
        "$tmp/m.html" || fail "the page's row of k1 does not show - for followers, price and value per price"
    ! grep -q '<td>-1</td>' "$tmp/m.html" || fail "-1 in the page"
    grep -q '<p class="note">1 KOL without a price not ranked.</p>' "$tmp/m.html" ||
        fail "the page does not say that k1 is not ranked by value per price"
    sed -n '/By value per price/,/id="portfolio"/p' "$tmp/m.html" |
        grep -q '<td class="t">k1</td>' && fail "k1 is in the page's value-per-price table"
    # No KOL with a price: nothing ranked by value per price, said so.
    printf 'id,platform,followers,avg_views\nk1,douyin,20000,5000\n' >"$tmp/noprice.csv"
    run report --roster "$tmp/noprice.csv" --deliveries= --traffic= \
        --profiles= --followers= --html "$tmp/np.html"
    expect_rc 0
    expect_line '  (no KOL of the roster has a price)'
    grep -q 'No KOL of the roster has a price' "$tmp/np.html" ||
        fail "the page does not say that no KOL has a price"
    # A channel never reported (likes) has no totals, and one observed at
    # 0 (shares) no inflated share: "-" in the page, not 0 and 0.0%; the
    # minutes whose views are not reported (10 to 12) are left out of the
    # chart, not drawn at 0. A follower-id file with no row: no share
    # counted twice ("-", not 0.0%).
    { echo "post_id,timestamp,views,likes,shares"
      for i in $(seq 0 59); do
          v=$((100 + i % 7)); [ "$i" -ge 10 ] && [ "$i" -le 12 ] && v=
          echo "p1,$((1780315200 + 60 * i)),$v,,0"
      done
    } >"$tmp/traffic.csv"
    printf 'kol_id,follower_id\n' >"$tmp/fol.csv"
    run report --roster "$tmp/roster.csv" --deliveries= --profiles= \
        --traffic "$tmp/traffic.csv" --followers "$tmp/fol.csv" --html "$tmp/t.html"
    expect_rc 0
    grep -q '<tr><td class="t">likes</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>' "$tmp/t.html" ||
        fail "the page shows totals of a channel never reported"
    grep -q '<tr><td class="t">shares</td><td>0</td><td>0</td><td>0 - 0</td><td>-</td></tr>' "$tmp/t.html" ||
        fail "the page shows an inflated share of nothing observed"
    n=$(sed -n 's/.*<polyline class="observed" points="\([^"]*\)".*/\1/p' "$tmp/t.html" | wc -w)
    [ "$n" -eq 57 ] || fail "the views chart has $n points, expected 57 (60 minutes, 3 not reported)"
    grep -q 'data-post="p1" data-channel="views"' "$tmp/t.html" ||
        fail "the chart of p1 does not show the views"
    expect_out '^  overlap: 0 KOLs.* \(- counted twice\)$'
    grep -q 'are unique (- counted more than once' "$tmp/t.html" ||
        fail "the page shows a share counted twice of no audience"
    ;;
report_key_share)
    # One KOL brings all the revenue: the line said "1 KOLs bring 80%".
    printf 'id,platform,followers,price\nk1,douyin,20000,100\nk2,douyin,30000,50\n' \
        >"$tmp/roster.csv"
    printf 'kol_id,cost,revenue,tier\nk1,100,300,head\nk2,50,,\n' \
        >"$tmp/deliv.csv"
    run report --roster "$tmp/roster.csv" --deliveries "$tmp/deliv.csv" \
        --traffic= --profiles= --followers= --html "$tmp/k.html"
    expect_rc 0
    expect_line '  key accounts (1 KOL brings 100% of the revenue):'
    grep -q '<p>1 KOL brings 100% of the revenue.</p>' "$tmp/k.html" ||
        fail "the page does not give the key account's share"
    # 60 + 30 of 100 reach 80%: two KOLs bring 90%.
    printf 'kol_id,cost,revenue\na,10,60\nb,10,30\nc,10,10\n' >"$tmp/d3.csv"
    run report --roster "$tmp/roster.csv" --deliveries "$tmp/d3.csv" \
        --traffic= --profiles= --followers= --no-html
    expect_rc 0
    expect_line '  key accounts (2 KOLs bring 90% of the revenue):'
    # The sample: the share given is the sum of the shares listed.
    run report --data "$DATA" --no-html
    expect_rc 0
    got=$(sed -n 's/^  key accounts ([0-9]* KOLs bring \([0-9]*\)% of the revenue):$/\1/p' "$tmp/out")
    want=$(sed -n '/^  key accounts (/,/^$/p' "$tmp/out" |
        sed -n 's/.* share *\([0-9.]*\)%.*/\1/p' | awk '{ s += $1 } END { printf "%.0f", s }')
    [ -n "$got" ] && [ "$got" = "$want" ] ||
        fail "key accounts bring '$got'%, their shares add up to $want%"
    ;;
report_tier_none)
    need_python
    # k1 has no follower count: no tier. The rows summed to 1 of 2 KOLs.
    printf 'id,platform,followers,price,avg_views\nk1,douyin,,100,5000\nk2,douyin,20000,1000,100\nk3,weibo,,200,50\n' \
        >"$tmp/roster.csv"
    run report --roster "$tmp/roster.csv" --deliveries= --traffic= \
        --profiles= --followers= --html "$tmp/n.html"
    expect_rc 0
    expect_line '  (none)       2'
    sum=$(sed -n '/^== Tiers/,/lifecycle/p' "$tmp/out" |
        awk '$NF ~ /^[0-9]+$/ && NF == 2 { s += $2 } END { print s + 0 }')
    [ "$sum" -eq 3 ] || fail "the tier rows add up to $sum, the roster has 3 KOLs"
    # as kol tier shows them
    run tier --csv "$tmp/roster.csv"
    expect_out '^  \(none\) +2$'
    grep -q '<tr><td class="t">(none)</td><td>2</td></tr>' "$tmp/n.html" ||
        fail "the page has no (none) tier row"
    xml_check "$tmp/n.html"
    # every KOL has a follower count: no (none) row
    run report --data "$DATA" --no-html
    expect_rc 0
    expect_no_out '^  \(none\) +[0-9]+$'
    ;;
report_screenshot)
    browser=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$browser" ] || { echo "chromium not found: skipped"; exit 77; }
    run report --data "$DATA" --html "$tmp/r.html"
    expect_rc 0
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --no-first-run \
        --window-size=1000,4200 --screenshot="$tmp/r.png" \
        "file://$tmp/r.html" >"$tmp/chromium.log" 2>&1
    size=$(stat -c %s "$tmp/r.png" 2>/dev/null || echo 0)
    [ "$size" -gt 50000 ] || { last="chromium --screenshot"; fail "PNG of $size bytes"; cat "$tmp/chromium.log"; }
    # Keep the picture for a human to look at.
    [ -n "${KOL_REPORT_PNG:-}" ] && cp "$tmp/r.png" "$KOL_REPORT_PNG"
    ;;
*)
    echo "unknown case '$case_name'"
    exit 2
    ;;
esac

check_done
