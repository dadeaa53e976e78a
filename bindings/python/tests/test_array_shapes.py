"""Row tables and numpy arrays given to batch calls: ragged or wrongly
nested rows are refused by name before anything reaches C, and numpy
arrays C cannot read in place (misaligned, strided, byte-swapped) are
copied into an aligned, C-contiguous, native-endian buffer."""

import ctypes

import pytest

import kol
from kol._core import array_in

np = pytest.importorskip("numpy")


# -- ragged and wrongly nested rows ------------------------------------------

def test_ragged_value_column_is_refused(ctx):
    model = kol.ValueModel(ctx)
    with pytest.raises(ValueError, match=r"columns\['followers'\] \(column \d+\): "
                                         r"row 1 has 2 values, 1 expected"):
        model.score_columns({"followers": [[1000.0], [2000.0, 3000.0]]})
    with pytest.raises(ValueError, match=r"columns\['followers'\].*row 0 is a float, "
                                         r"not a row of 1 value"):
        model.score_columns({"followers": [1000.0, [2000.0]]})
    with pytest.raises(ValueError, match=r"row 0 has 2 values, 1 expected"):
        model.set_reference_columns({"followers": [[1000.0, 2000.0], [3000.0, 4000.0]]})
    assert not model.has_reference
    # one value per row, as single values or as 1-value rows, is one column
    flat = model.score_columns({"followers": [1000.0, 2000.0]})
    rows = model.score_columns({"followers": [[1000.0], [2000.0]]})
    assert np.array_equal(flat, rows)


def test_ragged_traffic_samples_are_refused(ctx):
    t = kol.Traffic(ctx, ["views", "likes"])
    # nested timestamps used to be flattened: 3 timestamps for 3 rows
    with pytest.raises(ValueError, match=r"timestamps: row 0 has 2 values, 1 expected"):
        t.feed([[0, 60], [120]], [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    # a flat sequence for two channels is not rows
    with pytest.raises(ValueError, match=r"values: row 0 is a float, not a row of 2 values"):
        t.feed([0, 60], [100.0, 1.0, 200.0, 2.0])
    with pytest.raises(ValueError, match=r"values: row 1, value 0 is a list, not a number"):
        t.feed_blocks([0, 60], [[100.0, 1.0], [[200.0], 2.0]])
    with pytest.raises(ValueError, match=r"values: 1 rows for 2 timestamps"):
        t.feed_blocks([0, 60], [[100.0, 1.0]])
    with pytest.raises(ValueError, match=r"chunk row 0: float, not a row of 2 values"):
        t.run([([0, 60], [100.0, 1.0, 200.0, 2.0])])
    assert t.counts() == (0, 0, 0)
    assert t.interval_count() == (0, 0)
    # the monitor is as it was: the same samples, well formed, go through
    t2 = kol.Traffic(ctx, ["views", "likes"])
    t2.feed([0, 60], [[100.0, 1.0], [200.0, 2.0]])
    t.feed([0, 60], [[100.0, 1.0], [200.0, 2.0]])
    t.finish()
    t2.finish()
    assert t.counts() == t2.counts()
    assert t.totals(0) == t2.totals(0)


def test_ragged_audience_features_are_refused(ctx):
    a = kol.Audience(ctx)
    cols = list(kol.audience_quality.FEATURES)[:2]
    with pytest.raises(ValueError, match=r"values: row 1 has 1 values, 2 expected"):
        a.score(cols, [[10.0, 20.0], [30.0]])
    with pytest.raises(ValueError, match=r"values: row 0 is a float, not a row of 2 values"):
        a.score(cols, [10.0, 20.0])
    # no column: rows hold no value, and there are as many results as rows
    with pytest.raises(ValueError, match=r"values: row 0 has 1 values, 0 expected"):
        a.score([], [[1.0], [2.0]])
    with pytest.raises(ValueError, match=r"values: 2 values are not rows of 0"):
        a.score([], np.ones(2))
    p, v = a.score([], [[], [], []])
    assert len(p) == 3 and len(v) == 3
    p, v = a.score([], np.zeros((2, 0)))
    assert len(p) == 2
    with pytest.raises(ValueError, match=r"fake_prob: row 0 has 2 values, 1 expected"):
        a.real_ratio([[0.1, 0.2], [0.3]])
    with pytest.raises(ValueError, match=r"verdicts: row 1 has 2 values, 1 expected"):
        a.real_ratio([0.1, 0.2], [[1], [1, 2]])


def test_ragged_ids_and_other_arrays_are_refused(ctx):
    s = kol.Sketch(ctx)
    with pytest.raises(ValueError, match=r"ids: row 0 has 2 values, 1 expected"):
        s.add_ids([[1, 2], [3]])
    with pytest.raises(ValueError, match=r"ids: row 1 is an int, not a row of 1 value"):
        s.add_ids([[1], 3])
    assert s.estimate() == 0
    with pytest.raises(ValueError, match=r"followers: row 0 is a float"):
        kol.Tiers(ctx).classify_followers([500.0, [5e6]])
    with pytest.raises(ValueError, match=r"baseline: row 1 has 2 values, 1 expected"):
        kol.Roi(ctx).incrementality([[10.0], [11.0, 12.0]], [20.0], 5.0)
    p = kol.Planner(ctx, budget=100)
    with pytest.raises(ValueError, match=r"cost: row 1 has 0 values, 1 expected"):
        p.set_candidates([[10.0], []])
    with pytest.raises(ValueError, match=r"value: row 0 has 2 values, 1 expected"):
        p.set_candidates([10.0, 20.0], value=[[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"x: row 0, value 0 is a list, not a number"):
        array_in([[[1.0]], [[2.0]]], ctypes.c_double, "x")


# -- numpy arrays C cannot read in place ---------------------------------------

def _misaligned(values, dtype="<f8"):
    """A C-contiguous numpy view of @p values one byte off alignment."""
    raw = np.asarray(values, dtype=dtype).tobytes()
    view = np.frombuffer(b"\0" + raw, dtype=dtype, offset=1)
    assert not view.flags.aligned and view.flags.c_contiguous
    return view


def _address(ptr):
    return ctypes.cast(ptr, ctypes.c_void_p).value


def test_misaligned_array_is_copied_aligned():
    want = [1.0, 2.5, -3.0]
    view = _misaligned(want)
    p, n, keep = array_in(view, ctypes.c_double, "x")
    assert n == 3
    assert _address(p) % ctypes.alignment(ctypes.c_double) == 0
    assert keep is not view and keep.flags.aligned and keep.flags.c_contiguous
    assert list(keep) == want
    # an array C can read as it is is still passed without a copy
    ok = np.array(want)
    p, n, keep = array_in(ok, ctypes.c_double, "x")
    assert keep is ok and _address(p) == ok.ctypes.data


def test_misaligned_ctypes_array_is_copied_aligned():
    buf = bytearray(8 * 4 + 1)
    view = (ctypes.c_double * 3).from_buffer(buf, 1)
    view[:] = [1.0, 2.0, 3.0]
    assert ctypes.addressof(view) % ctypes.alignment(ctypes.c_double)
    p, n, keep = array_in(view, ctypes.c_double, "x")
    assert n == 3 and _address(p) % ctypes.alignment(ctypes.c_double) == 0
    assert list(keep) == [1.0, 2.0, 3.0]


def test_unaligned_strided_and_swapped_columns_score_the_same(ctx):
    model = kol.ValueModel(ctx)
    followers = [1500.0, 18000.0, 90000.0, 3e6]
    likes = [120.0, 700.0, 2500.0, 20000.0]
    want = model.score_columns({"followers": np.array(followers),
                                "avg_likes": np.array(likes)})
    packed = np.zeros(4, dtype=[("tag", "u1"), ("f", "<f8"), ("l", "<f8")])
    packed["f"], packed["l"] = followers, likes
    assert not packed["f"].flags.aligned and not packed["f"].flags.c_contiguous
    strided = np.repeat(np.array(followers), 2)[::2]
    assert not strided.flags.c_contiguous
    for cols in ({"followers": _misaligned(followers), "avg_likes": _misaligned(likes)},
                 {"followers": packed["f"], "avg_likes": packed["l"]},
                 {"followers": strided, "avg_likes": np.array(likes)[:, None]},
                 {"followers": np.array(followers, dtype=">f8"),
                  "avg_likes": np.array(likes, dtype=">f8")}):
        before = {k: v.copy() for k, v in cols.items()}
        got = model.score_columns(cols)
        assert np.array_equal(got, want)
        for k, v in cols.items():  # the caller's arrays are left as they were
            assert np.array_equal(v, before[k]) and v.dtype == before[k].dtype


def test_unaligned_and_swapped_traffic_samples_give_the_same_results(ctx):
    n = 200
    ts = np.arange(n, dtype=np.int64) * 60
    vals = np.column_stack([100.0 + (np.arange(n) * 37) % 21, 10.0 + (np.arange(n) * 13) % 7])
    vals[120, 0] += 3000
    ref = kol.Traffic(ctx, ["views", "likes"])
    want = ref.feed_blocks(ts, vals)
    for t_in, v_in in ((_misaligned(ts, "<i8"), _misaligned(vals).reshape(n, 2)),
                       (ts.astype(">i8"), vals.astype(">f8")),
                       (ts, np.asfortranarray(vals))):
        assert not (v_in.flags.aligned and v_in.flags.c_contiguous and v_in.dtype.isnative)
        t = kol.Traffic(ctx, ["views", "likes"])
        got = t.feed_blocks(t_in, v_in)
        assert got.results() == want.results()
        assert t.counts() == ref.counts()
        pulled = kol.Traffic(ctx, ["views", "likes"])
        got = pulled.run_blocks([(t_in[:70], v_in[:70]), (t_in[70:], v_in[70:])])
        assert got.results()[:want.size] == want.results()


def test_swapped_ids_and_follower_series(ctx):
    ids = np.arange(0, 5000, dtype=np.uint64)
    a = kol.Sketch(ctx, ids=ids)
    b = kol.Sketch(ctx, ids=ids.astype(">u8"))
    c = kol.Sketch(ctx, ids=_misaligned(ids, "<u8"))
    assert a.serialize() == b.serialize() == c.serialize()
    with pytest.raises(TypeError, match="dtype"):  # another type is still refused
        a.add_ids(ids.astype(np.int64))
    series = np.array([1000.0, 1010.0, 1020.0, 5000.0, 5010.0, 5020.0, 5030.0])
    sanity = kol.Sanity(ctx)
    want = sanity.follower_spikes(series)
    got = sanity.follower_spikes(series.astype(">f8"))
    assert np.array_equal(got.verdicts, want.verdicts) and got.count == want.count


def test_output_arrays_c_cannot_write_in_place_are_refused(ctx):
    model = kol.ValueModel(ctx)
    cols = {"followers": np.array([1000.0, 2000.0])}
    raw = bytearray(2 * 6 * 8 + 1)
    misaligned = np.frombuffer(raw, dtype="<f8", offset=1).reshape(2, 6)
    with pytest.raises(ValueError, match=r"out: numpy array data is not aligned"):
        model.score_columns(cols, out=misaligned)
    assert not any(raw)
    with pytest.raises(ValueError, match="contiguous"):
        model.score_columns(cols, out=np.zeros((2, 12))[:, ::2])
    swapped = np.zeros((2, 6), dtype=">f8")
    with pytest.raises(TypeError, match="byte order"):
        model.score_columns(cols, out=swapped)
    assert not swapped.any()
    out = np.zeros((2, 6))
    assert model.score_columns(cols, out=out) is out and out.any()
