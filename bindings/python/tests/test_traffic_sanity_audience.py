import math

import pytest

import kol

np = pytest.importorskip("numpy")


def series(n=120, burst_at=60, seed=1):
    rng = np.random.default_rng(seed)
    ts = np.arange(n, dtype=np.int64) * 60
    views = rng.poisson(100, n).astype(np.float64)
    likes = rng.poisson(10, n).astype(np.float64)
    views[burst_at] += 3000
    return ts, np.ascontiguousarray(np.stack([views, likes], axis=1))


def test_traffic_finds_burst(ctx):
    ts, vals = series()
    t = kol.Traffic(ctx, ["views", "likes"])
    out = []
    t.feed(ts, vals, out.append)
    t.finish(out.append)
    assert len(out) == 120
    assert [r.timestamp for r in out] == list(ts)
    burst = out[60]
    assert "burst" in burst.reason_names
    assert burst.restored[0] < burst.observed[0]
    tot = t.totals("views")
    assert tot.observed == pytest.approx(vals[:, 0].sum())
    assert tot.low <= tot.restored <= tot.high
    slots, flagged, skipped = t.counts()
    assert slots == 120 and flagged >= 1 and skipped == 0
    assert any(iv.start == 3600 for iv in t.intervals())


def test_traffic_chunking_gives_same_results(ctx):
    ts, vals = series()
    whole = []
    t1 = kol.Traffic(ctx, ["views", "likes"])
    t1.feed(ts, vals, whole.append)
    t1.finish(whole.append)
    pulled = []
    t2 = kol.Traffic(ctx, ["views", "likes"])
    chunks = [(ts[i:i + 7].tolist(), vals[i:i + 7].tolist()) for i in range(0, 120, 7)]
    t2.run(chunks, pulled.append)
    assert pulled == whole


def test_traffic_sequences_and_params(ctx):
    t = kol.Traffic(ctx, ["views"], step=10, cumulative=1)
    assert t.get_param("step") == 10
    t.feed([0, 10, 20], [[5], [9], [15]])
    with pytest.raises(kol.StateError):
        t.set_param("step", 60)
    with pytest.raises(kol.StateError) as info:
        t.feed([5], [[20]])
    assert info.value.status == 18  # ORDER
    t.finish()
    with pytest.raises(kol.StateError):
        t.feed([100], [[30]])
    t.reset()
    t.feed([0], [[1]])
    with pytest.raises(ValueError):
        t.feed([1, 2], [[1]])
    with pytest.raises(kol.ConflictError):
        kol.Traffic(ctx, ["views", "views"])


def test_traffic_emit_that_raises_stops_series(ctx):
    ts, vals = series()
    t = kol.Traffic(ctx, ["views", "likes"])
    seen = []

    def emit(r):
        seen.append(r)
        if len(seen) == 3:
            raise OverflowError("emit broke")
    with pytest.raises(OverflowError, match="emit broke") as info:
        t.feed(ts, vals, emit)
    assert isinstance(info.value.__cause__, kol.CallbackError)
    assert len(seen) == 3
    with pytest.raises(kol.StateError):  # stopped until reset
        t.finish()
    t.reset()


def test_traffic_read_that_raises(ctx):
    t = kol.Traffic(ctx, ["views"])

    def chunks():
        yield [0, 60], [[1.0], [2.0]]
        raise LookupError("reader broke")
    with pytest.raises(LookupError, match="reader broke"):
        t.run(chunks())


def test_traffic_progress_cancels_run(ctx):
    t = kol.Traffic(ctx, ["views"])
    ctx.set_progress(lambda done, total: True)
    n = 70000
    chunk = (list(range(0, n * 60, 60)), [[1.0]] * n)
    with pytest.raises(kol.CancelledError):
        t.run([chunk])
    ctx.set_progress(None)


def test_sanity_check(ctx):
    s = kol.Sanity(ctx)
    bought = kol.Record(ctx, "x", metrics={"followers": 100000, "avg_views": 500,
                                           "avg_likes": 900, "avg_comments": 1})
    found = {f.verdict for f in s.check(bought)}
    assert "likes_above_views" in found
    assert all(f.reason for f in s.check(bought))
    with pytest.raises(kol.NotFoundError):
        s.check(kol.Record(ctx, "empty"))
    s.set_param("like_view_max", 10)
    assert "likes_above_views" not in {f.verdict for f in s.check(bought)}
    s.set_benchmark("micro", 0.05)
    assert s.benchmark("micro") == 0.05
    assert kol.sanity.size_band_of(2e6) == 5


def test_follower_spikes(ctx):
    s = kol.Sanity(ctx)
    f = [1000.0 + 10 * i for i in range(30)]
    f[20] += 5000
    res = s.follower_spikes(f)
    assert res.count == 2
    assert list(res.verdicts[20:22]) == [8, 9]
    with pytest.raises(kol.DomainError):
        s.follower_spikes([1.0, -2.0])


def test_audience_quality(ctx):
    a = kol.Audience(ctx)
    rows = np.array([[10, 2000, 0, 0], [500, 300, 80, 1], [math.nan] * 4], dtype=np.float64)
    prob, verdict = a.score(["followers", "following", "posts", "has_avatar"], rows)
    assert prob[0] > 0.5 > prob[1]
    assert list(verdict) == [2, 1, 0]
    rr = a.real_ratio(prob, verdict)
    assert rr.used == 2 and rr.low <= rr.ratio <= rr.high
    with pytest.raises(kol.InvalidArgumentError):
        a.score(["has_avatar"], [[2.0]])
    with pytest.raises(kol.StateError):
        a.real_ratio([0.5], [0])
    a.set_param("threshold", 0.999)
    assert a.get_param("threshold") == 0.999
