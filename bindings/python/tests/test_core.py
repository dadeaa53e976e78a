import gc
import os
import re

import pytest

import kol
from kol import _ffi


def test_version_matches_library():
    assert re.fullmatch(r"\d+\.\d+\.\d+", kol.version_string())
    major, minor, patch = map(int, kol.version_string().split("."))
    assert kol.version() == major * 1000000 + minor * 1000 + patch


def test_library_from_env():
    assert os.path.realpath(kol.library_path()) == os.path.realpath(os.environ["KOL_LIBRARY"])


def test_every_declared_function_is_exported():
    assert _ffi.lib().kol_missing_symbols == []
    assert len(_ffi.declarations().functions) > 150


def test_constants_from_declaration_file():
    c = kol.constants()
    assert c["KOL_STATUS_OK"] == 0
    assert c["KOL_STATUS_INFEASIBLE"] == 19
    assert c["KOL_TEXT_MAX_BYTES"] == 1024
    assert c["KOL_COST_ALPHA_DEFAULT"] == pytest.approx(0.01)
    assert c["KOL_SKETCH_DEFAULT_SEED"] == 0x6B6F6C686C6C3031


def test_status_names():
    assert kol.status_str(0)
    assert kol.status_str(1) != kol.status_str(2)
    assert kol.status_str(12345) == kol.status_str(54321)  # "unknown status"


def test_error_classes_per_family():
    from kol.errors import error_class
    assert error_class(1) is kol.NoMemoryError
    assert issubclass(kol.NoMemoryError, MemoryError)
    assert error_class(2) is kol.InvalidArgumentError
    assert error_class(4) is kol.DomainError and issubclass(kol.DomainError, ValueError)
    assert error_class(6) is kol.NotFoundError and issubclass(kol.NotFoundError, LookupError)
    assert error_class(7) is kol.ConflictError
    assert error_class(9) is kol.CancelledError
    assert issubclass(kol.CancelledError, kol.CallbackError)
    assert error_class(14) is kol.StateError
    assert error_class(15) is kol.DataError
    assert error_class(999) is kol.KolError


def test_error_carries_library_message(ctx):
    rec = kol.Record(ctx, "acct-9")
    with pytest.raises(kol.DomainError) as info:
        rec.set_metric("followers", -5)
    err = info.value
    assert err.status == 4
    assert err.name == kol.status_str(4)
    assert err.message == ctx.last_error
    assert "followers" in err.message and "acct-9" in err.message
    assert ctx.last_status == 4
    ctx.clear_error()
    assert ctx.last_error == "" and ctx.last_status == 0


def test_context_manager_and_close():
    with kol.Context() as c:
        rec = kol.Record(c, "x")
        assert not c.closed
    assert c.closed and rec.closed
    with pytest.raises(ValueError):
        rec.id
    c.close()  # twice is fine


def test_close_is_idempotent(ctx):
    rec = kol.Record(ctx, "x")
    rec.close()
    rec.close()
    assert rec.closed
    with pytest.raises(ValueError, match="closed"):
        rec.set_metric("followers", 1)


def test_finalizer_frees_objects():
    c = kol.Context()
    rec = kol.Record(c, "x")
    fin = rec._finalizer
    assert fin.alive
    del rec
    gc.collect()
    assert not fin.alive
    cfin = c._finalizer
    del c
    gc.collect()
    assert not cfin.alive


def test_context_outlives_its_objects():
    c = kol.Context()
    rec = kol.Record(c, "x", metrics={"followers": 10})
    cfin = c._finalizer
    del c
    gc.collect()
    assert cfin.alive  # the record keeps its context
    assert rec.get_metric("followers") == 10
    del rec
    gc.collect()
    assert not cfin.alive


def test_progress_callback_and_cancel(ctx):
    from conftest import sample_records
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    model = kol.ValueModel(ctx)
    seen = []
    ctx.set_progress(lambda done, total: seen.append((done, total)))
    model.score_roster(roster)
    assert seen and seen[-1] == (6, 6)
    ctx.set_progress(lambda done, total: 7)
    with pytest.raises(kol.CancelledError) as info:
        model.score_roster(roster)
    assert info.value.callback_code == 7
    assert ctx.callback_code == 7
    ctx.set_progress(None)
    assert len(model.score_roster(roster)) == 6


def test_progress_callback_that_raises(ctx):
    from conftest import sample_records
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    model = kol.ValueModel(ctx)

    def bad(done, total):
        raise KeyError("from progress")
    ctx.set_progress(bad)
    with pytest.raises(KeyError, match="from progress") as info:
        model.score_roster(roster)
    assert isinstance(info.value.__cause__, kol.CancelledError)
    ctx.set_progress(None)
    assert len(model.score_roster(roster)) == 6  # usable afterwards


def test_progress_callback_survives_gc(ctx):
    from conftest import sample_records
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    calls = []

    def make():
        return lambda d, t: calls.append(d)
    ctx.set_progress(make())
    gc.collect()
    kol.ValueModel(ctx).score_roster(roster)
    assert calls


def test_progress_bar_without_or_with_tqdm(ctx):
    from conftest import sample_records
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    with ctx.progress_bar("scoring", disable=True):
        assert len(kol.ValueModel(ctx).score_roster(roster)) == 6
    assert ctx.progress is None


def test_explicit_library_path_must_match():
    with pytest.raises(RuntimeError):
        kol.load_library("/nonexistent/libkol.so")
    assert kol.load_library(os.environ["KOL_LIBRARY"]) is _ffi.lib()


def test_every_c_function_is_wrapped():
    """Each function of the declaration file is called somewhere in the
    package (kol_ctx_new_with_allocator aside: a host allocator written in
    Python would run under the GIL on every allocation of the library)."""
    pkg = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "kol")
    source = ""
    for name in os.listdir(pkg):
        if name.endswith(".py"):
            with open(os.path.join(pkg, name), encoding="utf-8") as f:
                source += f.read()
    missing = [fn for fn in _ffi.declarations().functions
               if fn not in source and fn != "kol_ctx_new_with_allocator"]
    assert missing == []


def test_name_lookups():
    from kol import audience_quality, roi, sketch, traffic
    assert traffic.channel_name(traffic.channel_code("likes")) == "likes"
    assert audience_quality.feature_name(audience_quality.feature_code("posts")) == "posts"
    with pytest.raises(kol.NotFoundError):
        traffic.channel_code("nope")
    assert roi.key_name(1) == "kol_id"
    assert sketch.param_bounds() == (4.0, 18.0, 14.0)
    assert kol.errors.error_class(3) is kol.DomainError


def test_ctypes_array_of_another_type_is_refused(ctx):
    import ctypes
    tiers = kol.Tiers(ctx, "cn")
    with pytest.raises(TypeError, match=r"doubles \(float64\) expected, got one of floats \(float32\)"):
        tiers.classify_followers((ctypes.c_float * 3)(1000.0, 5e4, 2e6))
    with pytest.raises(TypeError, match="unsigned 64-bit integers expected, got one of unsigned 8-bit"):
        kol.Sketch(ctx).add_ids((ctypes.c_uint8 * 4)(1, 2, 3, 4))
    same = (ctypes.c_double * 3)(1000.0, 5e4, 2e6)
    assert list(tiers.classify_followers(same)) == list(
        tiers.classify_followers([1000.0, 5e4, 2e6]))


def test_integers_out_of_range_are_refused(ctx):
    t = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(OverflowError, match=r"timestamps\[0\]: 18446744073709551616"):
        t.feed([2**64, 2**64 + 60], [[1.0, 1.0], [2.0, 2.0]])
    with pytest.raises(OverflowError, match=r"ids\[0\]: -1 does not fit an unsigned 64-bit"):
        kol.Sketch(ctx).add_ids([-1])
    with pytest.raises(OverflowError, match="tier"):
        kol.Planner(ctx).set_candidates([1.0, 2.0], value=[1.0, 1.0], tier=[0, 2**32 + 1])
    # the largest values that fit still go through
    s = kol.Sketch(ctx)
    s.add_ids([0, 2**64 - 1])
    assert s.estimate() == pytest.approx(2, abs=0.1)


def test_numpy_shapes_are_checked(ctx):
    np = pytest.importorskip("numpy")
    ts = np.arange(0, 4 * 60, 60, dtype=np.int64)
    t = kol.Traffic(ctx, ["views", "likes"])
    # channel-major (C x N) is not rows of C values
    with pytest.raises(ValueError, match=r"shape \(n,\) or \(rows, 2\)"):
        t.feed(ts, np.vstack([np.full(4, 100.0), np.full(4, 2.0)]))
    a = kol.Audience(ctx)
    cols = list(kol.audience_quality.FEATURES)[:2]
    with pytest.raises(ValueError, match=r"rows, 2"):
        a.score(cols, np.ones((4, 3)))
    with pytest.raises(ValueError, match="column"):
        kol.ValueModel(ctx).score_columns({"followers": np.full((3, 2), 1000.0)})
    # rows of C values, flat rows and (n, 1) columns are accepted
    t.feed(ts, np.column_stack([np.full(4, 100.0), np.full(4, 2.0)]))
    t.feed(ts + 240, np.full(8, 100.0))
    p, v = a.score(cols, np.ones((4, 2)))
    assert len(p) == 4
    out = kol.ValueModel(ctx).score_columns({"followers": np.full((3, 1), 1000.0)})
    assert out.shape[0] == 3


def test_ragged_rows_are_refused(ctx):
    t = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(ValueError, match="row 0 has 3 values, 2 expected"):
        t.feed([0, 60], [[100.0, 1.0, 999.0], [2.0]])
    t2 = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(ValueError, match="chunk row 1: 3 values for 2 channels"):
        t2.run([([0, 60], [[100.0, 1.0], [200.0, 2.0, 777.0]])])


def test_close_inside_a_callback_raises_instead_of_freeing(ctx):
    np = pytest.importorskip("numpy")
    t = kol.Traffic(ctx, ["views", "likes"])
    ts = np.arange(0, 600 * 60, 60, dtype=np.int64)
    vals = np.full((len(ts), 2), 100.0)

    def close_monitor(_result):
        t.close()
    with pytest.raises(RuntimeError, match="Traffic cannot be closed inside a callback"):
        t.feed(ts, vals, close_monitor)
    assert not t.closed
    assert not ctx.in_call

    # an object made inside the callback is the callback's own to close
    made = []

    def scratch(_result):
        with kol.Record(ctx, "scratch") as rec:
            made.append(rec.id)
    t.reset()
    t.feed(ts, vals, scratch)
    assert made and all(m == "scratch" for m in made)

    def close_context(_result):
        ctx.close()
    t2 = kol.Traffic(ctx, ["views", "likes"])
    with pytest.raises(RuntimeError, match="the context cannot be closed"):
        t2.feed(ts, vals, close_context)
    assert not ctx.closed
    t.close()
    t2.close()


def test_getter_in_a_callback_keeps_the_first_exception(ctx):
    np = pytest.importorskip("numpy")
    t = kol.Traffic(ctx, ["views", "likes"])

    def chunks():
        for k in range(3):
            ts = np.arange(k * 600, (k + 1) * 600, 60, dtype=np.int64)
            yield ts, [[100.0, 5.0]] * len(ts)
        raise LookupError("source broke")

    def on_block(_block):
        t.counts()  # a getter, allowed inside the block callback
    with pytest.raises(LookupError, match="source broke"):
        t.run_blocks(chunks(), on_block)
