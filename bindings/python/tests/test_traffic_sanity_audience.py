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
    # a name the monitor was not given: a message in the binding's form
    # (it was list.index's "'shares' is not in list")
    with pytest.raises(ValueError, match=r"^kol: channel 'shares' is not one of the monitor's channels"):
        t.totals("shares")
    slots, flagged, skipped = t.counts()
    assert slots == 120 and flagged >= 1 and skipped == 0
    assert any(iv.start == 3600 for iv in t.intervals())


def test_traffic_interval_count_has_the_total(ctx):
    ts, vals = series(n=200)
    vals[100, 0] += 3000
    vals[150, 0] += 3000
    every = kol.Traffic(ctx, ["views", "likes"])
    assert every.interval_count() == (0, 0)
    every.feed(ts, vals)
    every.finish()
    kept, total = every.interval_count()
    assert kept == total == len(every.intervals()) >= 3
    # only the first interval kept: the others are counted in the total
    one = kol.Traffic(ctx, ["views", "likes"], max_intervals=1)
    one.feed(ts, vals)
    one.finish()
    count = one.interval_count()
    assert isinstance(count, kol.traffic.IntervalCount)
    assert (count.kept, count.total) == (1, total)
    assert one.intervals() == every.intervals()[:1]
    one.reset()
    assert one.interval_count() == (0, 0)
    one.close()
    with pytest.raises(ValueError, match="closed"):
        one.interval_count()


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


def per_slot(ctx, ts, vals, channels=("views", "likes"), **params):
    """The reference: every result through the per-slot path."""
    t = kol.Traffic(ctx, list(channels), **params)
    out = []
    t.feed(ts, vals, out.append)
    t.finish(out.append)
    return out, t


def joined(*blocks):
    """Blocks joined field by field."""
    return kol.traffic.SlotBlock(*[np.concatenate([b[k] for b in blocks]) for k in range(7)])


def assert_same_as_slots(block, slots):
    """A SlotBlock equals the per-slot results, field by field, bit for
    bit."""
    assert block.size == len(slots)
    assert block.results() == slots
    assert block.timestamps.dtype == np.int64 and block.scores.dtype == np.float64
    assert block.observed.shape == (len(slots), len(slots[0].observed))
    assert block.timestamps.tolist() == [r.timestamp for r in slots]
    assert block.n_samples.tolist() == [r.n_samples for r in slots]
    assert block.scores.tolist() == [r.score for r in slots]
    assert block.reasons.tolist() == [r.reasons for r in slots]
    assert block.observed.tolist() == [list(r.observed) for r in slots]
    assert block.restored.tolist() == [list(r.restored) for r in slots]
    assert block.channel_reasons.tolist() == [list(r.channel_reasons) for r in slots]


def test_traffic_blocks_equal_per_slot(ctx):
    ts, vals = series(n=1000, burst_at=400, seed=3)
    vals[700, 1] = math.nan          # a channel not reported
    vals[701:705] *= 5               # a few more anomalies
    want, t0 = per_slot(ctx, ts, vals)
    assert any(r.reasons for r in want)
    # whole series in one call, results collected and returned
    t = kol.Traffic(ctx, ["views", "likes"])
    fed = t.feed_blocks(ts, vals)
    done = t.finish_blocks()
    assert fed.size + done.size == 1000
    assert done.size == t.delay + 1  # the open slot and the delayed ones
    whole = joined(fed, done)
    assert_same_as_slots(whole, want)
    assert t.counts() == t0.counts()
    assert t.totals("views") == t0.totals("views")
    assert t.totals("likes") == t0.totals("likes")
    assert t.intervals() == t0.intervals()
    # odd chunks, a callback per block: blocks of at most 128 slots
    t2 = kol.Traffic(ctx, ["views", "likes"])
    blocks = []
    for i in range(0, 1000, 77):
        assert t2.feed_blocks(ts[i:i + 77], vals[i:i + 77], blocks.append) is None
    t2.finish_blocks(blocks.append)
    assert all(1 <= b.size <= 128 for b in blocks)
    assert [r for b in blocks for r in b.results()] == want
    # pulled
    t3 = kol.Traffic(ctx, ["views", "likes"])
    chunks = [(ts[i:i + 50].tolist(), vals[i:i + 50].tolist()) for i in range(0, 1000, 50)]
    assert_same_as_slots(t3.run_blocks(chunks), want)
    t4 = kol.Traffic(ctx, ["views", "likes"])
    pulled = []
    t4.run_blocks(iter(chunks), pulled.append)
    assert [r for b in pulled for r in b.results()] == want
    assert t4.totals("views") == t0.totals("views")


def test_traffic_blocks_failed_run_keeps_partial(ctx):
    ts, vals = series(n=1000, burst_at=400, seed=3)
    chunks = [(ts[i:i + 100].tolist(), vals[i:i + 100].tolist()) for i in range(0, 1000, 100)]

    def broken():
        yield from chunks[:6]
        raise OSError("the feed went away")
    t = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(OSError, match="went away") as info:
        t.run_blocks(broken())
    partial = info.value.partial
    # the results of the 600 samples applied: those a feed of them gives
    ref = kol.Traffic(ctx, ["views", "likes"])
    want = ref.feed_blocks(ts[:600], vals[:600])
    assert partial.size == want.size > 0
    assert partial.results() == want.results()
    assert t.counts() == ref.counts()
    # a refusal by the library (a bad sample) carries the attribute too:
    # a feed is checked before any sample is applied, so it is empty
    t2 = kol.Traffic(ctx, ["views", "likes"])
    bad = vals[:300].copy()
    bad[250, 0] = math.inf
    with pytest.raises(kol.DomainError, match="row 250") as info2:
        t2.feed_blocks(ts[:300], bad)
    assert isinstance(info2.value.partial, kol.traffic.SlotBlock)
    assert info2.value.partial.size == 0 and t2.counts()[0] == 0


def test_traffic_blocks_counters_and_gaps(ctx):
    # counters with a gap and a drop: the block path restores the same
    ts = np.array([0, 10, 20, 50, 60, 70, 80, 90], dtype=np.int64)
    vals = np.array([[5.0], [9.0], [15.0], [45.0], [40.0], [900.0], [905.0], [910.0]])
    want, t0 = per_slot(ctx, ts, vals, ("views",), step=10, cumulative=1)
    t = kol.Traffic(ctx, ["views"], step=10, cumulative=1)
    blocks = [t.feed_blocks(ts[:3], vals[:3]), t.feed_blocks(ts[3:], vals[3:]),
              t.finish_blocks()]
    assert_same_as_slots(joined(*blocks), want)
    assert t.totals(0) == t0.totals(0)
    # empty: an empty block with the right shapes
    t = kol.Traffic(ctx, ["views", "likes"])
    empty = t.finish_blocks()
    assert empty.size == 0 and empty.observed.shape == (0, 2)
    assert empty.results() == []


def test_traffic_block_stop_is_reported(ctx):
    ts, vals = series(n=600)
    want, _ = per_slot(ctx, ts, vals)
    t = kol.Traffic(ctx, ["views", "likes"])
    seen = []

    def on_block(b):
        seen.append(b)
        return 7 if len(seen) == 2 else None
    with pytest.raises(kol.CallbackError) as info:
        t.feed_blocks(ts, vals, on_block)
    assert info.value.callback_code == 7 and ctx.callback_code == 7
    assert len(seen) == 2
    handed = [r for b in seen for r in b.results()]
    assert handed == want[:len(handed)]
    # the getters cover every result handed over, the last block included
    assert t.counts()[0] == len(handed)
    assert t.totals("views").observed == sum(r.observed[0] for r in handed)
    # stopped: feed and finish refuse until reset
    with pytest.raises(kol.StateError):
        t.feed_blocks(ts[-1:] + 60, vals[-1:])
    with pytest.raises(kol.StateError):
        t.finish_blocks()
    t.reset()
    fed = t.feed_blocks(ts, vals)
    assert_same_as_slots(joined(fed, t.finish_blocks()), want)
    # stop in finish_blocks
    t = kol.Traffic(ctx, ["views", "likes"])
    t.feed_blocks(ts, vals)
    with pytest.raises(kol.CallbackError) as info:
        t.finish_blocks(lambda b: True)
    assert info.value.callback_code == 1
    with pytest.raises(kol.StateError):
        t.finish_blocks()


def test_traffic_block_callback_that_raises(ctx):
    ts, vals = series()
    t = kol.Traffic(ctx, ["views", "likes"])

    def on_block(b):
        raise OverflowError("block broke")
    with pytest.raises(OverflowError, match="block broke") as info:
        t.feed_blocks(ts, vals, on_block)
    assert isinstance(info.value.__cause__, kol.CallbackError)
    with pytest.raises(kol.StateError):
        t.finish_blocks()
    # pull: the emit callback stops the run
    t = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(OverflowError, match="block broke"):
        t.run_blocks([(ts.tolist(), vals.tolist())], on_block)


def test_traffic_block_errors(ctx):
    t = kol.Traffic(ctx, ["views"], step=10)
    t.feed_blocks([0, 10, 20], [[5], [9], [15]])
    with pytest.raises(kol.StateError) as info:  # ORDER: nothing applied
        t.feed_blocks([30, 5], [[1], [1]])
    assert info.value.status == 18
    assert "kol_traffic_feed_blocks" in str(info.value)
    with pytest.raises(kol.DomainError) as info:  # infinity refused
        t.feed_blocks([30], [[math.inf]])
    assert info.value.status == 3
    with pytest.raises(kol.DomainError) as info:  # magnitude above 2^53
        t.feed_blocks([30], [[1e300]])
    assert info.value.status == 4
    with pytest.raises(ValueError):
        t.feed_blocks([1, 2], [[1]])
    with pytest.raises(TypeError):
        t.feed_blocks(np.array([30], dtype=np.int32), [[1.0]])
    assert t.counts()[0] + len(t.finish_blocks().timestamps) == 3
    with pytest.raises(kol.StateError):  # finished
        t.feed_blocks([100], [[1]])
    with pytest.raises(kol.StateError):
        t.run_blocks([])
    # run_blocks: a refused chunk keeps the chunks before, handed over first
    t = kol.Traffic(ctx, ["views"])
    got = []
    good = (list(range(0, 600 * 60, 60)), [[1.0]] * 600)
    with pytest.raises(kol.StateError):
        t.run_blocks([good, ([0], [[1.0]])], got.append)
    assert sum(b.size for b in got) == t.counts()[0] > 0
    # the read callback raises
    t = kol.Traffic(ctx, ["views"])

    def chunks():
        yield [0, 60], [[1.0], [2.0]]
        raise LookupError("reader broke")
    with pytest.raises(LookupError, match="reader broke"):
        t.run_blocks(chunks())
    # progress cancels a run_blocks
    t = kol.Traffic(ctx, ["views"])
    ctx.set_progress(lambda done, total: True)
    n = 70000
    with pytest.raises(kol.CancelledError):
        t.run_blocks([(list(range(0, n * 60, 60)), [[1.0]] * n)])
    ctx.set_progress(None)
    t.close()
    with pytest.raises(ValueError):
        t.finish_blocks()


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
