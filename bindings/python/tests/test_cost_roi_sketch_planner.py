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
