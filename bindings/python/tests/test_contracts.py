"""Contracts of docs/bindings.md kept across contexts and callbacks: the
record a custom metric receives belongs to the record's context, binding
objects refuse to be copied, out arrays are written in place or refused,
getters called in a callback leave the running call's exception alone,
column codes are checked, rows are rows.

The use-after-free cases run in a child interpreter: a regression there
fails one test instead of killing the run."""

import copy
import pickle
import re

import pytest

import kol
from conftest import run_child


# -- custom metrics of a model of another context -----------------------------

def test_custom_metric_error_carries_the_records_context_message():
    a, b = kol.Context(), kol.Context()
    try:
        model = kol.ValueModel(a)
        with pytest.raises(kol.DomainError):
            model.set_param("band_prior_n", -5)  # leaves a message on a
        model.add_metric("price_x", lambda rec: rec["price"])  # price missing
        roster = kol.Roster(b)
        roster.fill([{"id": "b1", "followers": 10}])
        rec = kol.Record(b, "b2", metrics={"followers": 20})
        calls = [lambda: model.score_roster(roster), lambda: model.set_reference(roster)]
        for call in calls:
            with pytest.raises(kol.NotFoundError,
                               match=r"^kol_record_get_metric: record 'b1': metric price "
                                     r"is missing$"):
                call()
        # score_record: against a reference stored without the metric
        model2 = kol.ValueModel(a)
        ref = kol.Roster(a)
        ref.fill([{"id": "a%d" % i, "followers": 100 * (i + 1)} for i in range(3)])
        model2.set_reference(ref)
        model2.add_metric("price_x", lambda rec: rec["price"], norm="absolute")
        with pytest.raises(kol.NotFoundError,
                           match=r"^kol_record_get_metric: record 'b2': metric price "
                                 r"is missing$"):
            model2.score_record(rec)
    finally:
        b.close()
        a.close()


def test_custom_metric_views_belong_to_the_records_context():
    a, b = kol.Context(), kol.Context()
    try:
        model = kol.ValueModel(a)
        seen = []

        def metric(rec):
            seen.append((rec.ctx, rec.id))
            return 1.0
        model.add_metric("m", metric, norm="absolute")
        roster_b = kol.Roster(b)
        roster_b.fill([{"id": "b%d" % i, "followers": 10 + i} for i in range(3)])
        roster_a = kol.Roster(a)
        roster_a.fill([{"id": "a%d" % i, "followers": 10 + i} for i in range(3)])
        model.score_roster(roster_b)
        model.score_roster(roster_a)
        model.set_reference(roster_b)
        model.score_record(kol.Record(b, "rb", metrics={"followers": 5}))
        model.score_record(kol.Record(a, "ra", metrics={"followers": 5}))
        model.score_record(roster_b[1])
        assert [(c is b, i) for c, i in seen] == (
            [(True, "b0"), (True, "b1"), (True, "b2"), (False, "a0"), (False, "a1"),
             (False, "a2"), (True, "b0"), (True, "b1"), (True, "b2"), (True, "rb"),
             (False, "ra"), (True, "b1")])
        assert all(c is a for c, i in seen if i.startswith(("a", "ra")))
        # after a call the model's own context is back for the next one
        model.score_roster(roster_a)
        assert all(c is a for c, _ in seen[-3:])
    finally:
        b.close()
        a.close()


def test_clone_of_a_custom_metric_view_of_another_context_is_that_contexts():
    rc, out = run_child("""
        a, b = kol.Context(), kol.Context()
        model = kol.ValueModel(a)
        kept = []
        model.add_metric("grab", lambda rec: kept.append(rec.clone()) or 1.0)
        roster = kol.Roster(b)
        roster.fill([{"id": "b1", "followers": 10}])
        model.score_roster(roster)
        clone = kept[0]
        assert clone.ctx is b, clone.ctx
        assert clone.id == "b1" and not clone.borrowed
        try:
            clone.set_metric("followers", -1)
        except kol.DomainError as e:
            assert b.last_error in str(e) and "followers" in str(e), (str(e), b.last_error)
        else:
            raise AssertionError("set_metric(-1) accepted")
        b.close()             # closes the clone first: it is one of b's objects
        gc.collect()
        assert clone.closed
        try:
            clone.id
        except ValueError as e:
            assert "closed" in str(e)
        else:
            raise AssertionError("closed clone readable")
        a.close()
        print("ok")
    """)
    assert rc == 0 and out.strip().endswith("ok"), out


# -- copies --------------------------------------------------------------------

def test_copy_deepcopy_and_pickle_are_refused(ctx):
    rec = kol.Record(ctx, "a", metrics={"followers": 5})
    sketch = kol.Sketch(ctx, ids=[1, 2, 3])
    roster = kol.Roster(ctx, [rec])
    view = roster[0]
    clone = r"use clone\(\) for an independent copy$"
    roster_copy = (r"kol\.Roster\(roster\.ctx, roster\) makes a new roster of copies of its "
                   r"records$")
    for obj, hints in ((rec, [clone] * 3), (view, [clone] * 3),
                       (sketch, [clone, clone, r"use serialize\(\) and kol\.Sketch\.deserialize"]),
                       (roster, [roster_copy] * 3), (ctx, ["make a new one$"] * 3),
                       (kol.ValueModel(ctx), ["make a new one$"] * 3),
                       (kol.CostHistory(ctx, 0.01),
                        [r"use serialize\(\) and kol\.CostHistory\.deserialize\(ctx, data\)$"]
                        * 3)):
        name = type(obj).__name__
        for (how, fn), hint in zip((("copied with copy.copy()", copy.copy),
                                    ("copied with copy.deepcopy()", copy.deepcopy),
                                    ("pickled", pickle.dumps)), hints):
            with pytest.raises(TypeError) as info:
                fn(obj)
            assert str(info.value).startswith("kol.%s cannot be %s: the copy would share its "
                                              "C object" % (name, how)), str(info.value)
            assert re.search(hint, str(info.value)), (str(info.value), hint)
        # inside a container too (deepcopy of a list of objects)
        with pytest.raises(TypeError, match=r"^kol\.%s cannot be copied with copy\.deepcopy"
                                            % name):
            copy.deepcopy([obj])
    assert rec["followers"] == 5 and not rec.closed
    assert rec.clone()["followers"] == 5
    assert sketch.clone().estimate() == sketch.estimate()


def test_closing_a_copy_cannot_free_the_original():
    rc, out = run_child("""
        import copy
        ctx = kol.Context()
        r = kol.Record(ctx, "a", metrics={"followers": 5})
        for fn in (copy.copy, copy.deepcopy):
            for obj in (r, ctx):
                try:
                    fn(obj).close()
                except TypeError:
                    pass
        r.set_metric("followers", 7)
        assert r["followers"] == 7 and not ctx.closed
        ctx.close()
        print("ok")
    """)
    assert rc == 0 and out.strip().endswith("ok"), out


# -- out arrays ------------------------------------------------------------------

def test_out_list_is_refused(ctx):
    model = kol.ValueModel(ctx)
    cols = {"followers": [1000.0, 2000.0, 3000.0]}
    out = [0.0] * 18
    with pytest.raises(ValueError, match=r"^out: a list cannot be written in place"):
        model.score_columns(cols, out=out)
    with pytest.raises(ValueError, match=r"^contributions: a tuple cannot be written in place"):
        model.score_columns(cols, contributions=(0.0,) * (3 * model.metric_count))
    assert out == [0.0] * 18
    # a ctypes array of doubles is written in place (numpy or not)
    import ctypes
    arr = (ctypes.c_double * 18)()
    assert model.score_columns(cols, out=arr) is arr
    assert arr[0] > 0 and list(arr[:6]) == list(model.score_columns(cols)[0])


# -- getters in a callback after an earlier one raised -------------------------

def test_getters_in_a_callback_keep_the_running_calls_exception(ctx):
    np = pytest.importorskip("numpy")
    roster = kol.Roster(ctx)
    roster.fill([{"id": "a", "followers": 10}])
    roi = kol.Roi(ctx, [{"kol_id": "k", "cost": 10, "views": 100}])
    rep = roi.report("all")
    getters = (("find", lambda: roster.find("a").id),
               ("find missing", lambda: roster.find("zz")),
               ("in", lambda: "a" in roster),
               ("get", lambda: rep.get(0, "cpm")),
               ("get default", lambda: rep.get(0, "cpa", default="none")))
    for name, getter in getters:
        t = kol.Traffic(ctx, ["views", "likes"])

        def chunks():
            for k in range(3):
                ts = np.arange(k * 600, (k + 1) * 600, 60, dtype=np.int64)
                yield ts, [[100.0, 5.0]] * len(ts)
            raise LookupError("source broke")
        log = []

        def on_block(_block):
            log.append(getter())
        with pytest.raises(LookupError, match="source broke"):
            t.run_blocks(chunks(), on_block)
        assert log, name
        want = {"find": "a", "find missing": None, "in": True, "get": 100.0,
                "get default": "none"}[name]
        assert log == [want] * len(log), (name, log)
    # a getter's own error is raised there, the running call's still comes first
    t = kol.Traffic(ctx, ["views", "likes"])
    errors = []

    def on_block2(_block):
        try:
            rep.get(0, "cpa")  # no orders: NotFoundError of its own
        except kol.KolError as e:
            errors.append(e)

    def chunks2():
        yield np.arange(0, 600 * 60, 60, dtype=np.int64), [[100.0, 5.0]] * 600
        raise KeyError("source broke")
    with pytest.raises(KeyError, match="source broke"):
        t.run_blocks(chunks2(), on_block2)
    assert errors and all(isinstance(e, kol.NotFoundError) for e in errors)
    assert all("kol_roi_report_get" in str(e) for e in errors)


# -- column codes -----------------------------------------------------------------

def test_column_codes_out_of_range_are_refused(ctx):
    model = kol.ValueModel(ctx)
    f = [1000.0, 2000.0, 3000.0]
    n_metrics = kol.record.metric_count()
    for code in (10**6, 2**31 - 1, 2**64, n_metrics, 63, kol.value.CUSTOM_COLUMN_BASE,
                 kol.value.CUSTOM_COLUMN_BASE + 40):
        with pytest.raises(ValueError, match=r"^kol: column code %d is no column of this "
                                             r"model \(" % code):
            model.score_columns({code: f})
        with pytest.raises(ValueError, match=r"column code %d is no column" % code):
            model.set_reference_columns({code: f})
    with pytest.raises(ValueError, match="is negative"):
        model.score_columns({-1: f})
    # a sequence indexed by code: the codes beyond the columns are refused too
    with pytest.raises(ValueError, match=r"column code %d is no column" % n_metrics):
        model.score_columns([f] * (n_metrics + 1))
    # valid codes: metrics, the portrait match, the custom metrics of the model
    want = model.score_columns({"followers": f})
    assert [list(r) for r in model.score_columns({0: f})] == [list(r) for r in want]
    model.score_columns({kol.value.PORTRAIT_MATCH_COLUMN: [0.5] * 3})
    model.add_metric("m", lambda rec: 1.0)
    model.score_columns({0: f, kol.value.CUSTOM_COLUMN_BASE: [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=r"column code %d is no column"
                                         % (kol.value.CUSTOM_COLUMN_BASE + 1)):
        model.score_columns({kol.value.CUSTOM_COLUMN_BASE + 1: f})


def test_record_docstring_names_existing_roster_methods():
    import re
    for ref in re.findall(r":meth:`kol\.Roster\.(\w+)`", kol.Record.__doc__):
        assert hasattr(kol.Roster, ref), ref


# -- rows ---------------------------------------------------------------------------

def test_flat_rows_are_refused_with_one_channel_or_column(ctx):
    calls = (("feed", lambda v: kol.Traffic(ctx, ["views"]).feed([0, 60, 120], v)),
             ("feed_blocks", lambda v: kol.Traffic(ctx, ["views"]).feed_blocks([0, 60, 120], v)),
             ("run", lambda v: kol.Traffic(ctx, ["views"]).run([([0, 60, 120], v)])),
             ("run_blocks", lambda v: kol.Traffic(ctx, ["views"]).run_blocks(
                 [([0, 60, 120], v)])),
             ("score", lambda v: kol.Audience(ctx).score(["followers"], v)))
    for name, call in calls:
        for flat in ([1.0, 2.0, 3.0], (1.0, 2.0, 3.0), [[1.0], 2.0, [3.0]]):
            with pytest.raises(ValueError, match=r"row [01](:| is) (an? )?float, not a row of "
                                                 r"1 value"):
                call(flat)
        call([[1.0], [2.0], [3.0]])  # rows go in
    # numpy arrays of shape (N,) still go in, as documented
    np = pytest.importorskip("numpy")
    kol.Traffic(ctx, ["views"]).feed(np.array([0, 60], np.int64), np.array([1.0, 2.0]))
    kol.Audience(ctx).score(["followers"], np.array([1.0, 2.0]))
