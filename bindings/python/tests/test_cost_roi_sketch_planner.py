import gc
import re

import pytest

import kol

np = pytest.importorskip("numpy")


def history(ctx):
    h = kol.CostHistory(ctx)
    for i in range(50):
        h.add("douyin", "waist", "beauty", 1000 + 20 * i, exposure=100000 + 1000 * i,
              engagements=3000, orders=20)
    return h


def test_cost_history(ctx):
    h = history(ctx)
    assert h.cells == 1 and h.alpha == pytest.approx(0.01)
    assert h.count("douyin", "waist", "beauty", "price") == 50
    assert h.count("douyin", "waist", None, "cpm") == 50
    med = h.quantile("douyin", "waist", "beauty", "price", 0.5)
    assert med == pytest.approx(1490, rel=0.02)
    assert 0 <= h.percentile("douyin", "waist", "beauty", "price", 1000) < 0.1
    q = h.quote("douyin", "waist", "beauty", 5000, exposure=120000)
    assert q.basis == "cpm" and q.percentile > 0.9 and q.low <= q.mid <= q.high
    with pytest.raises(kol.StateError):
        h.quantile("weibo", "head", None, "price", 0.5)
    with pytest.raises(kol.DomainError):
        h.add("douyin", "waist", None, -1)


def test_cost_history_bytes(ctx):
    h = history(ctx)
    data = h.serialize()
    h2 = kol.CostHistory.deserialize(ctx, data)
    assert h2.serialize() == data
    bad = bytearray(data)
    bad[-1] ^= 0xFF
    with pytest.raises(kol.DataError):
        kol.CostHistory.deserialize(ctx, bytes(bad))
    other = kol.CostHistory(ctx, 0.02)
    with pytest.raises(kol.ConflictError):
        h.merge(other)


DELIVERIES = [
    {"campaign": "c1", "kol_id": "a", "tier": "head", "platform": "douyin", "post_id": "p1",
     "cost": 10000, "views": 500000, "likes": 20000, "clicks": 5000, "orders": 300,
     "revenue": 30000, "restored_views": 400000},
    {"campaign": "c1", "kol_id": "b", "tier": "waist", "platform": "douyin", "post_id": "p2",
     "cost": 2000, "views": 80000, "likes": 5000, "clicks": 1500, "orders": 90,
     "revenue": 7000},
    {"campaign": "c1", "kol_id": "c", "tier": "tail", "platform": "xiaohongshu",
     "post_id": "p3", "cost": 500, "views": 10000, "likes": 900, "clicks": 200,
     "orders": 10, "revenue": 400},
]


def test_roi_report(ctx):
    roi = kol.Roi(ctx, DELIVERIES)
    assert len(roi) == 3
    rep = roi.report("all")
    assert len(rep) == 1
    assert rep.get(0, "cost") == 12500
    assert rep.get(0, "roi") == pytest.approx((37400 - 12500) / 12500)
    lo, hi = rep.interval(0, "ctr")
    assert lo <= rep.get(0, "ctr") <= hi
    assert rep.get(0, "views", "net") == 490000
    row = rep.row(0)
    assert row["deliveries"] == 3
    by_kol = roi.report("kol")
    assert by_kol.keys() == ["a", "b", "c"]
    order, share, key = by_kol.rank("revenue")
    assert list(order) == [0, 1, 2] and key >= 1
    assert share[0] == pytest.approx(30000 / 37400)
    score, flag, n = by_kol.outliers("cpm")
    assert len(score) == 3


def test_roi_errors_and_fill(ctx):
    roi = kol.Roi(ctx)
    with pytest.raises(kol.NotFoundError):
        roi.add({"kol_id": "x"})  # no cost
    with pytest.raises(kol.DomainError):
        roi.add({"kol_id": "x", "cost": 1, "views": 5, "restored_views": 9})
    assert roi.fill(DELIVERIES + [None]) == 3

    def bad():
        yield DELIVERIES[0]
        raise TypeError("feed broke")
    with pytest.raises(TypeError, match="feed broke"):
        roi.fill(bad())
    assert len(roi) == 3
    d = kol.Delivery(ctx, kol_id="z", cost=10)
    d.check()
    roi.add(d)
    assert len(roi) == 4
    # check() raises what add() would, and adds nothing.
    bad_views = kol.Delivery(ctx, kol_id="y", cost=1, views=5, restored_views=9)
    with pytest.raises(kol.DomainError, match="restored_views 9 above views 5"):
        bad_views.check()
    with pytest.raises(kol.NotFoundError, match="no cost"):
        kol.Delivery(ctx, kol_id="x").check()
    assert len(roi) == 4
    inc = roi.incrementality([100.0, 110, 90, 100], [200.0, 210], 50.0)
    assert inc.incremental == pytest.approx(210.0) and inc.roi_defined
    h = kol.CostHistory(ctx)
    assert roi.feed_cost(h) == 3


def test_roi_fill_with_rejects(ctx):
    items = [
        {"kol_id": "a", "cost": 10, "views": 100},
        {"kol_id": "b", "cost": 1, "views": 5, "restored_views": 9},
        None,
        {"kol_id": "c", "cost": -5},
        {"kol_id": "d"},
        {"kol_id": "e", "cost": 20, "views": 300},
    ]
    roi = kol.Roi(ctx)
    # all or nothing without on_reject
    with pytest.raises(kol.DomainError, match="restored_views"):
        roi.fill(items)
    assert len(roi) == 0
    seen = []
    assert roi.fill(items, lambda i, st, msg: seen.append((i, st, msg))) == 2
    assert len(roi) == 2
    assert [i for i, _, _ in seen] == [1, 3, 4]
    assert "restored_views 9 above views 5" in seen[0][2]
    assert "cost" in seen[1][2] and "-5" in seen[1][2]
    assert "no cost" in seen[2][2]
    assert all(st != 0 for _, st, _ in seen)
    # a truthy return stops the fill, which then adds nothing
    with pytest.raises(kol.CallbackError):
        roi.fill(items, lambda i, st, msg: True)
    assert len(roi) == 2


def test_sketch(ctx):
    a = kol.Sketch(ctx, ids=np.arange(0, 10000, dtype=np.uint64))
    b = kol.Sketch(ctx, ids=list(range(5000, 15000)))
    assert a.estimate() == pytest.approx(10000, rel=0.03)
    ov = a.overlap(b)
    assert ov.overlap == pytest.approx(5000, rel=0.1)
    assert kol.union_estimate([a, b]) == pytest.approx(15000, rel=0.03)
    c = kol.Sketch.deserialize(ctx, a.serialize())
    assert c.estimate() == a.estimate()
    c.add("handle_1")
    c.add_strings(["x", "y", b"z", ""])
    assert c.estimate() > a.estimate()
    with pytest.raises(kol.ConflictError):
        a.merge(kol.Sketch(ctx, precision=10))
    with pytest.raises(kol.DataError):
        kol.Sketch.deserialize(ctx, b"not a sketch at all")
    with pytest.raises(TypeError):
        a.add_ids(np.arange(5, dtype=np.int64))


def _audiences(ctx, precision=12):
    """Five overlapping audiences, an empty one and one added twice."""
    sk = [kol.Sketch(ctx, precision, ids=np.arange(i * 700, i * 700 + 2000, dtype=np.uint64))
          for i in range(5)]
    sk.append(kol.Sketch(ctx, precision))
    sk.append(sk[1])
    return sk


def test_overlap_matrix_is_the_overlap_of_every_pair(ctx):
    sk = _audiences(ctx)
    n = len(sk)
    res = kol.overlap_matrix(sk)
    assert isinstance(res, kol.OverlapMatrix)
    ov, jac = res
    assert ov is res.overlap and jac is res.jaccard
    for m in (ov, jac):
        assert isinstance(m, np.ndarray) and m.dtype == np.float64 and m.shape == (n, n)
    for i in range(n):
        for j in range(n):
            want = sk[i].overlap(sk[j])
            assert ov[i, j] == want.overlap, (i, j)
            assert jac[i, j] == want.jaccard, (i, j)
            assert ov[i, j] == ov[j, i] and jac[i, j] == jac[j, i], (i, j)
        # the diagonal: the estimate, Jaccard 1 (0 for the empty audience)
        assert ov[i, i] == sk[i].estimate()
        assert jac[i, i] == (0.0 if i == 5 else 1.0)
    assert ov[5].tolist() == [0.0] * n and jac[5].tolist() == [0.0] * n
    assert ov[1, 6] == sk[1].estimate() and jac[1, 6] == 1.0
    assert 0 < jac[0, 1] < 1 and ov[0, 4] < ov[0, 1]
    # the same list as the columns, a tuple or an iterator: the same matrices
    for again in (kol.overlap_matrix(sk, sk), kol.overlap_matrix(tuple(sk)),
                  kol.overlap_matrix(iter(sk))):
        assert np.array_equal(again.overlap, ov) and np.array_equal(again.jaccard, jac)


def test_overlap_matrix_of_rows_by_columns(ctx):
    sk = _audiences(ctx)
    rows, cols = sk[:2], sk[1:]
    ov, jac = kol.overlap_matrix(rows, cols)
    assert ov.shape == jac.shape == (2, len(cols))
    for i, a in enumerate(rows):
        for j, b in enumerate(cols):
            want = a.overlap(b)
            assert ov[i, j] == want.overlap and jac[i, j] == want.jaccard, (i, j)
    # sketches of other contexts: errors and progress are the first row's
    other = kol.Context()
    far = kol.Sketch(other, 12, ids=np.arange(1000, 4000, dtype=np.uint64))
    ov, jac = kol.overlap_matrix([far], sk[:3])
    assert ov.tolist() == [[far.overlap(b).overlap for b in sk[:3]]]
    assert jac.tolist() == [[far.overlap(b).jaccard for b in sk[:3]]]
    far.close()
    other.close()


def test_overlap_matrix_of_no_sketch_is_empty(ctx):
    sk = _audiences(ctx)[:3]
    for args, shape in ((([],), (0, 0)), (((),), (0, 0)), ((iter([]),), (0, 0)),
                        ((sk, []), (3, 0)), (([], sk), (0, 3))):
        ov, jac = kol.overlap_matrix(*args)
        assert ov.shape == jac.shape == shape and ov.dtype == jac.dtype == np.float64, args


def test_overlap_matrix_refuses_a_precision_or_seed_that_differs(ctx):
    sk = _audiences(ctx)[:3]
    ctx.clear_error()
    for bad, where in ((kol.Sketch(ctx, 10, ids=[1, 2]), "rows[3]"),
                       (kol.Sketch(ctx, 12, seed=7, ids=[1, 2]), "rows[3]")):
        with pytest.raises(kol.ConflictError, match=r"^kol_sketch_overlap_matrix: %s "
                                                    r"\(precision" % re.escape(where)) as info:
            kol.overlap_matrix(sk + [bad])
        assert info.value.function == "kol_sketch_overlap_matrix"
        assert ctx.last_status == info.value.status
        with pytest.raises(kol.ConflictError, match=r"cols\[1\] \(precision"):
            kol.overlap_matrix(sk, [sk[0], bad])
        with pytest.raises(kol.ConflictError, match=r": cols\[0\] \(precision 12, .*\) "
                                                    r"differs from rows\[0\]"):
            kol.overlap_matrix([bad], sk)


def test_overlap_matrix_refuses_other_objects_by_name(ctx):
    sk = _audiences(ctx)[:2]
    for bad, given in ((None, "NoneType"), (5, "int"), ("ab", "str"), (b"ab", "bytes")):
        with pytest.raises(TypeError, match=r"^sketches: a sequence of kol.Sketch expected, "
                                            r"got %s$" % given):
            kol.overlap_matrix(bad)
        if bad is not None:  # cols=None: the rows themselves
            with pytest.raises(TypeError, match=r"^cols: a sequence of kol.Sketch expected, "
                                                r"got %s$" % given):
                kol.overlap_matrix(sk, bad)
    with pytest.raises(TypeError, match=r"^sketches\[1\]: kol.Sketch expected, got int$"):
        kol.overlap_matrix([sk[0], 5])
    with pytest.raises(TypeError, match=r"^sketches\[2\]: kol.Sketch expected, "
                                        r"got kol.Planner$"):
        kol.overlap_matrix(sk + [kol.Planner(ctx)])
    with pytest.raises(TypeError, match=r"^cols\[0\]: kol.Sketch expected, got NoneType$"):
        kol.overlap_matrix(sk, [None])
    # checked even when the other list is empty
    with pytest.raises(TypeError, match=r"^cols\[0\]: kol.Sketch expected, got str$"):
        kol.overlap_matrix([], ["x"])
    with pytest.raises(TypeError, match=r"^sketches\[0\]: kol.Sketch expected, got str$"):
        kol.overlap_matrix(["x"], [])
    closed = kol.Sketch(ctx, 12)
    closed.close()
    with pytest.raises(ValueError, match="Sketch is closed"):
        kol.overlap_matrix([sk[0], closed])


def test_overlap_matrix_is_cancelled_by_the_progress_callback(ctx):
    # precision 18: a progress call every few pairs, not only at the end
    sk = [kol.Sketch(ctx, 18, ids=np.arange(i * 500, i * 500 + 3000, dtype=np.uint64))
          for i in range(8)]
    seen = []
    ctx.set_progress(lambda done, total: seen.append((done, total)))
    want = kol.overlap_matrix(sk)
    total = 8 * 7 // 2
    assert len(seen) >= 2 and seen[-1] == (total, total), seen
    assert all(0 < d < total and t == total for d, t in seen[:-1]), seen
    ctx.set_progress(lambda done, total: 7 if done < total else 0)
    with pytest.raises(kol.CancelledError, match="cancelled by the progress callback") as info:
        kol.overlap_matrix(sk)
    assert info.value.callback_code == 7 and ctx.callback_code == 7
    assert info.value.function == "kol_sketch_overlap_matrix"
    # rows by columns: the pairs counted are n_rows n_cols
    seen.clear()
    ctx.set_progress(lambda done, total: seen.append((done, total)))
    kol.overlap_matrix(sk[:2], sk)
    assert seen[-1] == (16, 16), seen
    # a stop at the last call (a small matrix) cancels too
    small = _audiences(ctx)[:3]
    ctx.set_progress(lambda done, total: True)
    with pytest.raises(kol.CancelledError) as info:
        kol.overlap_matrix(small)
    assert info.value.callback_code == 1

    def broke(done, total):
        raise RuntimeError("progress broke")
    ctx.set_progress(broke)
    with pytest.raises(RuntimeError, match="progress broke") as info:
        kol.overlap_matrix(small)
    assert isinstance(info.value.__cause__, kol.CancelledError)
    ctx.set_progress(None)
    again = kol.overlap_matrix(sk)
    assert np.array_equal(again.overlap, want.overlap)
    assert np.array_equal(again.jaccard, want.jaccard)


def test_overlap_matrix_holds_the_sketches_until_it_returns(ctx):
    other = kol.Context()
    sk = _audiences(other)[:4]
    want = kol.overlap_matrix(sk)
    refused = []

    def drop(done, total):
        for s in sk:
            try:
                s.close()
            except RuntimeError as e:
                refused.append(str(e))
        sk.clear()
        gc.collect()
    other.set_progress(drop)
    got = kol.overlap_matrix(sk)
    assert sk == []
    assert refused and "kol_sketch_overlap_matrix" in refused[0], refused
    assert np.array_equal(got.overlap, want.overlap)
    assert np.array_equal(got.jaccard, want.jaccard)
    other.set_progress(None)
    other.close()

def test_planner(ctx):
    p = kol.Planner(ctx, budget=100)
    p.set_candidates(cost=[60, 50, 50, 10], value=[10, 8, 8, 1])
    plan = p.run()
    assert sorted(plan.candidates) == [1, 2]
    assert plan.spend == 100 and plan.objective == 16
    assert plan.method == "exact" and plan.guarantee == 1
    assert plan.objective_name == "value"
    assert plan.rejected()[0].reason in ("over_budget", "outscored", "no_gain")
    p.set_choice(0, "require")
    assert 0 in p.run().candidates
    p.set_param("budget", 0)
    with pytest.raises(kol.StateError):
        p.run()
    with pytest.raises(ValueError):
        p.set_candidates(cost=[1, 2], value=[1])


def test_planner_reach(ctx):
    sk = [kol.Sketch(ctx, ids=np.arange(i * 1000, i * 1000 + 3000, dtype=np.uint64))
          for i in range(4)]
    p = kol.Planner(ctx, budget=2, objective="reach")
    p.set_candidates(cost=[1, 1, 1, 1])
    p.set_audiences(sk)
    del sk  # the planner copied the registers
    plan = p.run()
    assert len(plan) == 2 and sorted(plan.candidates) in ([0, 3], [0, 2], [1, 3])


def test_roi_report_coverage(ctx):
    roi = kol.Roi(ctx, DELIVERIES)
    other = kol.Context()   # sketches may come from another context
    sk = {"a": kol.Sketch(other, ids=np.arange(0, 20000, dtype=np.uint64)),
          "b": kol.Sketch(other, ids=np.arange(10000, 30000, dtype=np.uint64)),
          "zz": kol.Sketch(other, ids=np.arange(5, dtype=np.uint64))}
    by_tier = roi.report("platform")
    cov = by_tier.coverage(sk)
    assert by_tier.keys() == ["douyin", "xiaohongshu"]
    assert cov.coverage[0] == pytest.approx(30000, rel=0.05)
    assert list(cov.matched) == [2, 0] and list(cov.kols) == [2, 1]
    assert cov.coverage[1] == 0
    with pytest.raises(kol.ConflictError):
        by_tier.coverage({"a": sk["a"], "b": kol.Sketch(other, precision=10)})
    empty = by_tier.coverage({})
    assert list(empty.matched) == [0, 0]
    other.close()
