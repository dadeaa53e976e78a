"""Arguments the C library cannot check itself are checked by the binding:
handles of the right class, callback return codes by one rule, sketch
items as text or bytes, unknown metric / channel / feature names as
ValueError.

The wrong-handle cases run in a child interpreter: a regression there
(C reading an object of another class) crashes it, which fails one test
instead of killing the run."""

import ast
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kol
from conftest import sample_records

PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# -- handles of the wrong class ------------------------------------------------

# (call, argument named in the TypeError, class expected, class given)
WRONG_HANDLES = [
    ("tiers.classify(model)", "rec", "Record", "kol.ValueModel"),
    ("tiers.koc(sk)", "rec", "Record", "kol.Sketch"),
    ("tiers.stage(roster)", "rec", "Record", "kol.Roster"),
    ("tiers.classify(None)", "rec", "Record", "NoneType"),
    ("model.portrait_match(roster)", "rec", "Record", "kol.Roster"),
    ("model.score_record(hist)", "rec", "Record", "kol.CostHistory"),
    ("model.score_roster(sk)", "roster", "Roster", "kol.Sketch"),
    ("model.set_reference(tiers)", "roster", "Roster", "kol.Tiers"),
    ("model.set_reference(rec)", "roster", "Roster", "kol.Record"),
    ("roster.add(sk)", "rec", "Record", "kol.Sketch"),
    ("roster.add('a')", "rec", "Record", "str"),
    ("kol.Roster(ctx, [rec, sk])", r"records\[1\]", "Record", "kol.Sketch"),
    ("sk.merge(hist)", "other", "Sketch", "kol.CostHistory"),
    ("sk.overlap(roster)", "other", "Sketch", "kol.Roster"),
    ("kol.overlap_matrix([sk, roster])", r"sketches\[1\]", "Sketch", "kol.Roster"),
    ("kol.overlap_matrix([sk], [sk, sk, hist])", r"cols\[2\]", "Sketch", "kol.CostHistory"),
    ("kol.overlap_matrix([sk], [None])", r"cols\[0\]", "Sketch", "NoneType"),
    ("hist.merge(sk)", "other", "CostHistory", "kol.Sketch"),
    ("san.check(roster)", "rec", "Record", "kol.Roster"),
    ("roi.add(sk)", "delivery", "Delivery", "kol.Sketch"),
    ("roi.feed_cost(sk)", "history", "CostHistory", "kol.Sketch"),
    ("kol.Roster(model)", "ctx", "Context", "kol.ValueModel"),
    ("kol.Sketch.deserialize(roster, sk.serialize())", "ctx", "Context", "kol.Roster"),
    ("kol.CostHistory.deserialize(sk, hist.serialize())", "ctx", "Context", "kol.Sketch"),
    ("kol.tier_by_quantiles(roster, [1.0, 2.0], [0.5])", "ctx", "Context", "kol.Roster"),
]


def test_handles_of_another_class_raise_type_error():
    script = "import sys\nsys.path.insert(0, %r)\n" % PKG + textwrap.dedent("""
        import kol
        ctx = kol.Context()
        rec = kol.Record(ctx, "a", metrics={"followers": 12000, "avg_views": 10,
                                             "avg_likes": 5000})
        roster = kol.Roster(ctx)
        roster.fill([{"id": "a", "followers": 12000}])
        model = kol.ValueModel(ctx)
        tiers = kol.Tiers(ctx)
        sk = kol.Sketch(ctx, ids=[1, 2, 3])
        hist = kol.CostHistory(ctx)
        san = kol.Sanity(ctx)
        roi = kol.Roi(ctx)
        for case in sys.argv[1:]:
            print("CASE", case, flush=True)
            try:
                print("accepted:", eval(case), flush=True)
            except Exception as e:
                print("%s: %s" % (type(e).__name__, e), flush=True)
        # nothing was changed by the refused calls
        assert len(roster) == 1 and sk.estimate() > 2.5 and hist.cells == 0
        assert len(roi) == 0 and not model.has_reference
        # the right class is taken, a borrowed view included; None where
        # the call takes it; a closed object is refused
        assert tiers.classify(roster[0]) == tiers.classify(roster.find("a"))
        model.set_reference(roster)
        model.set_reference(None)
        assert not model.has_reference
        rec.close()
        try:
            tiers.classify(rec)
        except ValueError as e:
            assert "Record is closed" in str(e), e
        else:
            raise AssertionError("a closed record was taken")
        print("done")
    """)
    res = subprocess.run([sys.executable, "-c", script] + [c for c, _, _, _ in WRONG_HANDLES],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, env=os.environ, timeout=300)
    out = res.stdout
    assert res.returncode == 0 and out.rstrip().endswith("done"), out
    got = dict(block.split("\n", 1) for block in out.split("CASE ")[1:])
    for case, arg, cls, given in WRONG_HANDLES:
        line = got[case].splitlines()[0]
        want = r"TypeError: %s: kol\.%s expected, got %s$" % (arg, cls, given)
        assert re.match(want, line), (case, line)


def _argument_ptr_uses():
    """(file, line, expression) of every ``<parameter>.ptr`` in the
    package outside kol._core.handle_arg: a handle argument whose class
    nothing checked."""
    found = []
    pkg = os.path.join(PKG, "kol")
    for name in sorted(os.listdir(pkg)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(pkg, name), encoding="utf-8") as f:
            tree = ast.parse(f.read(), name)
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.Lambda)):
                continue
            if getattr(fn, "name", "") == "handle_arg":
                continue
            a = fn.args
            params = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs} - {"self", "cls"}
            for node in ast.walk(fn):
                if (isinstance(node, ast.Attribute) and node.attr == "ptr"
                        and isinstance(node.value, ast.Name) and node.value.id in params):
                    found.append((name, node.lineno, node.value.id + ".ptr"))
    return sorted(set(found))


def test_every_handle_argument_goes_through_handle_arg():
    assert _argument_ptr_uses() == []


# -- callback return codes -------------------------------------------------------

def _progress(ctx, ret):
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    ctx.set_progress(lambda done, total: ret)
    try:
        kol.ValueModel(ctx).score_roster(roster)
    except kol.CancelledError as e:
        return e.callback_code
    finally:
        ctx.set_progress(None)
    return None


def _roster_reject(ctx, ret):
    roster = kol.Roster(ctx)
    try:
        n = roster.fill([{"id": "a"}, {"id": "a"}, {"id": "b"}],
                        on_reject=lambda i, st, msg: ret)
    except kol.CallbackError as e:
        assert len(roster) == 0
        return e.callback_code
    assert n == 2 and roster.ids() == ["a", "b"]
    return None


def _roi_reject(ctx, ret):
    roi = kol.Roi(ctx)
    items = [{"kol_id": "a", "cost": 100, "views": -1}, {"kol_id": "b", "cost": 50, "views": 10}]
    try:
        n = roi.fill(items, on_reject=lambda i, st, msg: ret)
    except kol.CallbackError as e:
        assert len(roi) == 0
        return e.callback_code
    assert n == 1 and len(roi) == 1
    return None


def _series():
    return [i * 60 for i in range(400)], [[1.0, 1.0]] * 400


def _traffic_slot(ctx, ret):
    t = kol.Traffic(ctx)
    try:
        t.feed(*_series(), on_result=lambda r: ret)
    except kol.CallbackError as e:
        return e.callback_code
    return None


def _traffic_block(ctx, ret):
    t = kol.Traffic(ctx)
    try:
        t.feed_blocks(*_series(), on_block=lambda b: ret)
    except kol.CallbackError as e:
        return e.callback_code
    return None


SITES = [_progress, _roster_reject, _roi_reject, _traffic_slot, _traffic_block]

# what a callback returns -> the code it stops with (None: it goes on)
RETURNS = [
    (None, None), (False, None), (0, None), (0.0, None), (-0.0, None),
    (np.int64(0), None), (np.float64(0.0), None), (np.False_, None), ("", None), ([], None),
    (True, 1), (np.True_, 1), (1, 1), (7, 7), (-7, -7),
    (np.int64(5), 5), (np.int32(-4), -4), (np.uint8(9), 9),
    (2.0, 2), (np.float64(3.0), 3), (np.float32(6.0), 6), (-2.0, -2),
    (0.5, 1), (float("nan"), 1), (float("inf"), 1), ("0", 1), ("yes", 1), ([0], 1),
    (2**40, 2**31 - 1), (-2**40, -2**31), (np.int64(2**40), 2**31 - 1), (1e300, 2**31 - 1),
]


@pytest.mark.parametrize("site", SITES, ids=lambda f: f.__name__.strip("_"))
def test_callback_return_codes_follow_one_rule(ctx, site):
    wrong = [(ret, code, got) for ret, code in RETURNS
             for got in [site(ctx, ret)] if got != code]
    assert wrong == [], "(returned, code expected, code got)"


def test_callback_result_is_the_one_rule():
    from kol import _core
    # numbers by value, anything else by its truth value
    assert _core.callback_result(np.int16(-3)) == -3
    assert _core.callback_result(np.array(4)) == 4
    with pytest.raises(ValueError):  # truth of several values is ambiguous
        _core.callback_result(np.array([1, 2]))


def test_roi_reject_code_is_reported_as_roster_fill_reports_it(ctx):
    with pytest.raises(kol.CallbackError) as info:
        kol.Roi(ctx).fill([{"kol_id": "a", "cost": 100, "views": -1}],
                          on_reject=lambda i, st, msg: 7)
    assert info.value.callback_code == 7 and ctx.callback_code == 7


# -- sketch items ----------------------------------------------------------------

def test_sketch_add_refuses_integers_and_other_types(ctx):
    sk = kol.Sketch(ctx)
    for bad in (5, 10**12, np.int64(3), True, 2.5, None, ["a"]):
        with pytest.raises(TypeError, match=r"^item: str or bytes expected, got "):
            sk.add(bad)
    with pytest.raises(TypeError, match=r"integer ids go through add_ids\(\)"):
        sk.add(7)
    with pytest.raises(TypeError, match=r"^items\[1\]: str or bytes expected, got int"):
        sk.add_strings(["a", 7, "b"])
    with pytest.raises(TypeError, match=r"^items\[0\]: str or bytes expected, got int"):
        sk.add_strings(b"abc")  # iterating bytes gives integers
    # a single str would be iterated into its characters: refused
    with pytest.raises(TypeError, match=r"^items: a sequence of str or bytes expected, got str"):
        sk.add_strings("abc")
    assert sk.estimate() == 0  # nothing was added
    # text and bytes alike
    want = kol.Sketch(ctx)
    want.add_strings([b"kol", b"\x00\x01", b""])
    for items in (["kol", b"\x00\x01", ""],
                  [bytearray(b"kol"), memoryview(b"\x00\x01"), b""]):
        a, b = kol.Sketch(ctx), kol.Sketch(ctx)
        for it in items:
            a.add(it)
        b.add_strings(items)
        assert a.serialize() == b.serialize() == want.serialize()


def test_sketch_add_ids_refuses_text_and_bytes(ctx):
    # iterated, bytes give their byte values: b"abc" would add the ids 97,
    # 98 and 99 (add() and add_strings() take byte items)
    sk = kol.Sketch(ctx)
    for bad in (b"abc", bytearray(b"abc"), memoryview(b"abc"), "abc"):
        with pytest.raises(TypeError, match=r"^ids: integers or an integer array expected, got "
                           r"\w+ \(text and byte items go through add\(\) or add_strings\(\)\)"):
            sk.add_ids(bad)
    with pytest.raises(TypeError, match=r"^ids: .* got bytes "):
        kol.Sketch(ctx, ids=b"\x01\x02")
    assert sk.estimate() == 0  # nothing was added
    # integers still go in as before, whatever holds them
    import array
    want = kol.Sketch(ctx, ids=[1, 2, 3])
    for ids in ((1, 2, 3), np.array([1, 2, 3], dtype=np.uint64), array.array("Q", [1, 2, 3]),
                memoryview(array.array("Q", [1, 2, 3]))):
        assert kol.Sketch(ctx, ids=ids).serialize() == want.serialize()


@pytest.mark.parametrize("cls", [kol.Sketch, kol.CostHistory], ids=["sketch", "cost_history"])
def test_deserialize_takes_any_bytes_like_object(ctx, cls):
    if cls is kol.Sketch:
        obj = kol.Sketch(ctx, 10, ids=[1, 2, 3])
    else:
        obj = kol.CostHistory(ctx)
        obj.add("douyin", "waist", "beauty", 1000, exposure=100000)
    data = obj.serialize()
    spread = bytearray(2 * len(data))
    spread[::2] = data
    import array
    for buf in (data, bytearray(data), memoryview(data), memoryview(bytearray(data)),
                memoryview(b"x" + data)[1:], array.array("B", data),
                np.frombuffer(data, dtype=np.uint8),
                memoryview(spread)[::2]):          # not contiguous: read in order
        assert cls.deserialize(ctx, buf).serialize() == data, type(buf)
    for bad in ("text", 5, None, [1, 2]):
        with pytest.raises(TypeError, match=r"^data: bytes-like object expected, got "):
            cls.deserialize(ctx, bad)
    with pytest.raises(kol.DataError):
        cls.deserialize(ctx, memoryview(b"not serialized bytes"))


def test_planner_set_param_takes_a_name_for_the_objective_only(ctx):
    # any text was taken as an objective name: "reach" set the budget to 2
    p = kol.Planner(ctx, budget=5)
    budget = kol.planner.PARAMS["budget"]
    for param, value, named in (("budget", "reach", "budget"),
                                ("enum_depth", "conversions", "enum_depth"),
                                (budget, "value", "budget"),
                                ("budget", "2.5", "budget"),
                                ("budget", b"2", "budget"),
                                ("exact_limit", None, "exact_limit")):
        with pytest.raises(TypeError, match=r"^%s: number expected, got " % named):
            p.set_param(param, value)
    with pytest.raises(TypeError, match=r"got str \(a name is taken for the objective only\)"):
        p.set_param("budget", "reach")
    assert p.get_param("budget") == 5 and p.get_param("enum_depth") == 3
    # the objective by name or code, its parameter by name or code
    p.set_param("objective", "reach")
    assert p.get_param("objective") == 2
    p.set_param(kol.planner.PARAMS["objective"], "conversions")
    assert p.get_param("objective") == 1
    p.set_param("objective", 0)
    assert p.get_param("objective") == 0
    with pytest.raises(ValueError, match=r"unknown objective 'nosuch'"):
        p.set_param("objective", "nosuch")
    with pytest.raises(TypeError, match=r"^objective: number expected, got bytes"):
        p.set_param("objective", b"reach")
    assert p.get_param("objective") == 0
    p.set_param("budget", np.float64(7.5))
    assert p.get_param("budget") == 7.5


# -- unknown names ---------------------------------------------------------------

METRICS = "metrics: followers, following, posts"


@pytest.mark.parametrize("call, kind, name, listed", [
    (lambda ctx: kol.Record(ctx, "a", metrics={"folowers": 1}), "metric", "folowers", METRICS),
    (lambda ctx: kol.Record(ctx, "a").set_metric("folowers", 1), "metric", "folowers", METRICS),
    (lambda ctx: kol.Record(ctx, "a").get_metric("nosuch", None), "metric", "nosuch", METRICS),
    (lambda ctx: kol.Roster(ctx).fill([{"id": "a", "folowers": 1}]), "metric", "folowers",
     METRICS),
    (lambda ctx: kol.metric_bounds("nosuch"), "metric", "nosuch", METRICS),
    (lambda ctx: kol.metric_code("nosuch"), "metric", "nosuch", METRICS),
    (lambda ctx: kol.traffic.channel_code("view"), "channel", "view",
     "channels: views, likes, comments"),
    (lambda ctx: kol.Traffic(ctx, ["views", "likez"]), "channel", "likez",
     "channels: views, likes, comments"),
    (lambda ctx: kol.audience_quality.feature_code("post"), "feature", "post",
     "features: followers, following, posts"),
    (lambda ctx: kol.Audience(ctx).score(["nosuch"], [[1.0]]), "feature", "nosuch",
     "features: followers, following, posts"),
])
def test_unknown_metric_channel_feature_names_raise_value_error(ctx, call, kind, name, listed):
    with pytest.raises(ValueError) as info:
        call(ctx)
    err = info.value
    text = str(err)
    assert text.startswith("kol: unknown %s %r" % (kind, name)), text
    assert listed in text, text
    # as these lookups always raised: a kol.NotFoundError (a LookupError) too
    assert isinstance(err, kol.UnknownNameError) and isinstance(err, kol.NotFoundError)
    assert err.status == 6 and err.function.endswith("_from_name")


def test_unknown_name_suggests_the_nearest():
    with pytest.raises(ValueError, match=r"did you mean 'followers'\?"):
        kol.metric_code("folowers")
    with pytest.raises(ValueError, match=r"did you mean 'views'\?"):
        kol.traffic.channel_code("view")
    import pickle
    try:
        kol.metric_code("folowers")
    except kol.UnknownNameError as e:
        again = pickle.loads(pickle.dumps(e))
        assert str(again) == str(e) and type(again) is kol.UnknownNameError


def test_coverage_takes_a_mapping(ctx):
    # a list of sketches has no KOL ids: refused by name (it was an
    # AttributeError from inside the binding)
    roi = kol.Roi(ctx, [{"kol_id": "k1", "cost": 10.0}])
    rep = roi.report("kol")
    sk = kol.Sketch(ctx, ids=[1, 2, 3])
    with pytest.raises(TypeError, match=r"^sketches: a mapping \{KOL id: kol.Sketch\} expected, got list"):
        rep.coverage([sk])
    assert list(rep.coverage({"k1": sk}).matched) == [1]
