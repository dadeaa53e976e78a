"""Without numpy the binding takes and returns plain sequences."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    sys.modules["numpy"] = None          # import numpy -> ImportError
    sys.path.insert(0, %r)
    import kol
    assert not kol.have_numpy()
    with kol.Context() as ctx:
        model = kol.ValueModel(ctx)
        out = model.score_columns({"followers": [1e3, 1e4, 1e5],
                                   "avg_likes": [10.0, 100.0, 1000.0]})
        assert isinstance(out, list) and len(out) == 3 and len(out[0]) == 6, out
        assert all(0 <= row[0] <= 100 for row in out)
        levels = kol.Tiers(ctx).classify_followers([500.0, 5e6])
        assert levels == [0, 4], levels
        sk = kol.Sketch(ctx, ids=range(1000))
        assert 900 < sk.estimate() < 1100
        sks = [sk, kol.Sketch(ctx, ids=range(500, 1500)), kol.Sketch(ctx)]
        ov, jac = kol.overlap_matrix(sks)
        assert isinstance(ov, list) and all(type(row) is list for row in ov + jac), (ov, jac)
        assert [[sks[i].overlap(b).overlap for b in sks] for i in range(3)] == ov
        assert [[sks[i].overlap(b).jaccard for b in sks] for i in range(3)] == jac
        assert all(type(v) is float for row in ov + jac for v in row)
        assert kol.overlap_matrix(sks[:1], sks).overlap == [ov[0]]
        assert kol.overlap_matrix([]) == ([], [])
        ts = [i * 60 for i in range(300)]
        rows = [[100.0 + (i * 37) %% 21, 10.0 + (i * 13) %% 7] for i in range(300)]
        rows[150][0] += 3000
        want = []
        t = kol.Traffic(ctx, ["views", "likes"])
        t.feed(ts, rows, want.append)
        t.finish(want.append)
        t = kol.Traffic(ctx, ["views", "likes"])
        blocks = []
        t.feed_blocks(ts, rows, blocks.append)
        t.finish_blocks(blocks.append)
        assert all(isinstance(b.scores, list) and len(b.observed[0]) == 2 for b in blocks)
        assert [r for b in blocks for r in b.results()] == want
        got = kol.Traffic(ctx, ["views", "likes"]).run_blocks([(ts, rows)])
        assert isinstance(got.timestamps, list) and got.size == 300
        assert got.restored == [list(r.restored) for r in want]
        assert got.results() == want
        # ragged rows are refused without numpy too, before anything is fed
        for call, args, message in (
                (t.feed, ([0, 60], [[1.0, 2.0], [3.0]]), "values: row 1 has 1 values, 2 expected"),
                (sk.add_ids, ([[1, 2], [3]],), "ids: row 0 has 2 values, 1 expected")):
            try:
                call(*args)
            except ValueError as e:
                assert message in str(e), e
            else:
                raise AssertionError("%%s accepted ragged rows" %% call.__name__)
        assert t.interval_count() == (len(t.intervals()), len(t.intervals()))
    print("ok")
""")


def test_sequences_without_numpy():
    pkg = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    res = subprocess.run([sys.executable, "-c", SCRIPT % pkg], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True, env=os.environ)
    assert res.returncode == 0, res.stdout
    assert res.stdout.strip().endswith("ok")
