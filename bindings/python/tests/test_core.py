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
