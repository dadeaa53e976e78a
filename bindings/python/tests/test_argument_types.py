"""Arguments of the wrong type, in every module: a number argument takes a
number (text, bytes and bool refused, where float() would parse "0.9"
or b"2"), an array of numbers refuses text and bytes (iterated, b"abc"
would be the values 97, 98 and 99), a list of objects refuses None, and
every such refusal is the binding's own error naming the argument.

The sweep at the end calls every public method and function with one bad
value in one argument at a time: each must raise TypeError, ValueError,
OverflowError or a kol.KolError naming the argument (or the bad name),
never a raw error from ctypes or from inside the binding."""

import ctypes
import inspect

import numpy as np
import pytest

import kol
from conftest import sample_records


# -- number arguments --------------------------------------------------------------

def _param_objects(ctx):
    """(class name, object, its module's PARAMS) of every class with
    set_param."""
    return [
        ("Sanity", kol.Sanity(ctx), kol.sanity.PARAMS),
        ("Tiers", kol.Tiers(ctx), kol.tier.PARAMS),
        ("Audience", kol.Audience(ctx), kol.audience_quality.PARAMS),
        ("Traffic", kol.Traffic(ctx), kol.traffic.PARAMS),
        ("ValueModel", kol.ValueModel(ctx), kol.value.PARAMS),
        ("Roi", kol.Roi(ctx), kol.roi.PARAMS),
        ("Planner", kol.Planner(ctx), kol.planner.PARAMS),
    ]


def test_set_param_of_every_class_refuses_text_bytes_and_bool(ctx):
    # float() took "0.9" and b"2" as numbers in every class but the planner
    for cls, obj, params in _param_objects(ctx):
        name = sorted(p for p in params if p != "objective")[0]
        before = obj.get_param(name)
        for bad, given in (("0.9", "str"), (b"2", "bytes"), (bytearray(b"2"), "bytearray"),
                           (True, "bool"), (np.bool_(True), "bool_"), (None, "NoneType"),
                           ([1.0], "list")):
            for param in (name, params[name]):
                with pytest.raises(TypeError, match=r"^%s: number expected, got %s"
                                   % (name, given)):
                    obj.set_param(param, bad)
        assert obj.get_param(name) == before, (cls, name)
        # numbers of every kind are still numbers
        for good in (before, int(before), np.float64(before), np.float32(before),
                     np.int64(int(before)), np.array(before)):
            if float(good) == before:
                obj.set_param(name, good)
                assert obj.get_param(name) == before, (cls, name, type(good))


def test_number_arguments_refuse_text_and_bytes(ctx):
    hist = kol.CostHistory(ctx)
    cell = ("douyin", "waist", "beauty")
    with pytest.raises(TypeError, match=r"^cost: number expected, got str$"):
        hist.add(*cell, "1000")
    with pytest.raises(TypeError, match=r"^exposure: number expected, got bytes$"):
        hist.add(*cell, 1000, exposure=b"5")
    with pytest.raises(TypeError, match=r"^orders: number expected, got bool$"):
        hist.add(*cell, 1000, orders=True)
    assert hist.cells == 0
    hist.add(*cell, 1000, exposure=100000)
    with pytest.raises(TypeError, match=r"^q: number expected, got str$"):
        hist.quantile(*cell, "cpm", "0.5")
    with pytest.raises(TypeError, match=r"^value: number expected, got str$"):
        hist.percentile(*cell, "cpm", "5")
    with pytest.raises(TypeError, match=r"^q_low: number expected, got str$"):
        hist.quote(*cell, 1000, q_low="0.25")
    with pytest.raises(TypeError, match=r"^alpha: number expected, got str$"):
        kol.CostHistory(ctx, alpha="0.01")
    with pytest.raises(TypeError, match=r"^followers: number expected, got str$"):
        kol.sanity.size_band_of("1000")
    with pytest.raises(TypeError, match=r"^median_rate: number expected, got bytes$"):
        kol.Sanity(ctx).set_benchmark("micro", b"1")
    model = kol.ValueModel(ctx)
    with pytest.raises(TypeError, match=r"^weight: number expected, got str$"):
        model.set_metric("reach", "2")
    with pytest.raises(TypeError, match=r"^weight: number expected, got str$"):
        model.add_metric("custom", lambda r: 1.0, weight="2")
    assert model.metric_count == 18
    with pytest.raises(TypeError, match=r"^shares\['female'\]: number expected, got str$"):
        model.set_target("gender", {"female": "0.6"})
    with pytest.raises(TypeError, match=r"^cost: number expected, got str$"):
        kol.Roi(ctx).incrementality([1.0, 2.0], [3.0], "50")
    with pytest.raises(TypeError, match=r"^min_share: number expected, got str$"):
        kol.Planner(ctx).set_platform_share(0, "0.1")
    rec = kol.Record(ctx, "a")
    with pytest.raises(TypeError, match=r"^followers: number expected, got str$"):
        rec.set_metric("followers", "12")
    with pytest.raises(TypeError, match=r"^metrics\['followers'\]: number expected, got bytes$"):
        rec.set_metrics({"followers": b"12"})
    with pytest.raises(TypeError, match=r"^shares\['female'\]: number expected, got str$"):
        rec.set_portrait("gender", {"female": "0.6"})
    assert rec.metrics() == {} and rec.portrait("gender") == {}
    with pytest.raises(TypeError, match=r"^cost: number expected, got str$"):
        kol.Delivery(ctx, kol_id="a", cost="10")
    roster = kol.Roster(ctx)
    with pytest.raises(TypeError, match=r"^followers: number expected, got str$"):
        roster.fill([{"id": "a", "followers": "12"}])
    assert len(roster) == 0
    # a number that a double cannot hold is named too
    with pytest.raises(OverflowError, match=r"^cost: .* too large for a double"):
        hist.add(*cell, 10**400)


def test_custom_metric_value_must_be_a_number(ctx):
    model = kol.ValueModel(ctx)
    model.add_metric("custom", lambda rec: "0.5")
    roster = kol.Roster(ctx)
    roster.fill(sample_records())
    with pytest.raises(TypeError, match=r"^custom metric 'custom': the value returned: number "
                                        r"expected, got str"):
        model.score_roster(roster)


def test_double_parameters_are_checked_before_any_call(ctx):
    # the safety net of every C double parameter: named by function and
    # parameter, not ctypes.ArgumentError
    from kol import _core
    with pytest.raises(TypeError, match=r"^kol_size_band_of: followers: number expected, "
                                        r"got str$"):
        _core.ccall("kol_size_band_of", "1000")
    with pytest.raises(TypeError, match=r"^kol_tiers_set_param: value: number expected, "
                                        r"got bool$"):
        kol.Tiers(ctx)._call("kol_tiers_set_param", 0, True)


# -- arrays ------------------------------------------------------------------------

TEXT_ARRAYS = [b"abc", bytearray(b"abc"), memoryview(b"abc"), "abc",
               memoryview(bytearray(b"abc")), memoryview(b"abc").cast("b")]


def test_number_arrays_refuse_text_and_bytes(ctx):
    # set_candidates(cost=b"abc") gave the costs 97, 98 and 99
    p = kol.Planner(ctx, budget=500)
    for bad in TEXT_ARRAYS:
        with pytest.raises(TypeError, match=r"^cost: an array of doubles \(float64\) expected, "
                                            r"got \w+"):
            p.set_candidates(cost=bad)
        with pytest.raises(TypeError, match=r"^value: an array of doubles"):
            p.set_candidates(cost=[1.0, 2.0, 3.0], value=bad)
        with pytest.raises(TypeError, match=r"^tier: an array of signed 32-bit integers"):
            p.set_candidates(cost=[1.0, 2.0, 3.0], tier=bad)
    with pytest.raises(kol.StateError):
        p.run()  # no candidates were set
    tiers = kol.Tiers(ctx)
    for call, name in ((lambda b: tiers.classify_followers(b), "followers"),
                       (lambda b: tiers.set_ladder("douyin", b), "thresholds"),
                       (lambda b: kol.tier_by_quantiles(ctx, b, [0.5]), "scores"),
                       (lambda b: kol.tier_by_quantiles(ctx, [1.0, 2.0], b), "probs"),
                       (lambda b: kol.Sanity(ctx).follower_spikes(b), "followers"),
                       (lambda b: kol.Audience(ctx).real_ratio(b), "fake_prob"),
                       (lambda b: kol.Audience(ctx).real_ratio([0.5] * 3, b), "verdicts"),
                       (lambda b: kol.Roi(ctx).incrementality(b, [1.0], 1.0), "baseline"),
                       (lambda b: kol.ValueModel(ctx).set_bands(b), "edges"),
                       (lambda b: kol.ValueModel(ctx).score_columns({"followers": b}),
                        r"columns\['followers'\] \(column 0\)"),
                       (lambda b: kol.Traffic(ctx).feed(b, [[1, 2]] * 3), "timestamps"),
                       (lambda b: kol.Traffic(ctx, ["views"]).feed([0, 60, 120], b), "values"),
                       (lambda b: kol.Audience(ctx).score(["followers"], b), "values")):
        for bad in TEXT_ARRAYS:
            with pytest.raises(TypeError, match=r"^%s: an array of .* expected, got " % name):
                call(bad)
    assert tiers.ladder("douyin") == kol.Tiers(ctx).ladder("douyin")
    # numbers in any container still go in; a uint8 numpy array is refused by dtype
    p.set_candidates(cost=np.array([1.0, 2.0]), value=(1, 2), tier=np.array([0, 1], np.int32))
    import array
    p.set_candidates(cost=array.array("d", [1.0, 2.0]),
                     value=memoryview(array.array("d", [1.0, 2.0])))
    assert p.run().spend == 3.0


def test_array_values_and_non_arrays_are_named(ctx):
    p = kol.Planner(ctx, budget=10)
    with pytest.raises(TypeError, match=r"^cost\[1\]: number expected, got str$"):
        p.set_candidates(cost=[1.0, "2"])
    with pytest.raises(TypeError, match=r"^value\[0\]: number expected, got NoneType$"):
        p.set_candidates(cost=[1.0], value=[None])
    with pytest.raises(TypeError, match=r"^cost: an array of doubles \(float64\) expected, "
                                        r"got int$"):
        p.set_candidates(cost=5)
    with pytest.raises(TypeError, match=r"^followers: an array of .* expected, got object$"):
        kol.Tiers(ctx).classify_followers(object())


def test_array_values_refuse_bools(ctx):
    # [True, 2.0] went in as 1.0 and 2.0 (and tier=[False, True] as 0
    # and 1), where a scalar number argument refuses a bool
    p = kol.Planner(ctx, budget=10)
    for bad, given in ((True, "bool"), (np.bool_(False), "bool_")):
        with pytest.raises(TypeError, match=r"^cost\[1\]: number expected, got %s$" % given):
            p.set_candidates(cost=[1.0, bad])
        with pytest.raises(TypeError, match=r"^tier\[0\]: integer expected, got %s$" % given):
            p.set_candidates(cost=[1.0, 2.0], tier=[bad, 1])
        with pytest.raises(TypeError, match=r"^ids\[0\]: integer expected, got %s$" % given):
            kol.Sketch(ctx).add_ids([bad])
        with pytest.raises(TypeError, match=r"^fake_prob\[2\]: number expected, got %s$"
                           % given):
            kol.Audience(ctx).real_ratio([0.5, 0.5, bad])
    # a numpy bool array is refused by its dtype
    with pytest.raises(TypeError, match=r"^cost: "):
        p.set_candidates(cost=np.array([True, False]))
    p.set_candidates(cost=[1.0, 2], value=[1, 2.5], tier=[0, np.int32(1)])
    assert p.run().spend == 3.0


# -- lists of objects and other containers -------------------------------------------

def test_lists_of_sketches_refuse_none_by_name(ctx):
    p = kol.Planner(ctx)
    for call in (p.set_audiences, kol.union_estimate, kol.overlap_matrix):
        for bad, given in ((None, "NoneType"), (5, "int"), ("ab", "str"), (b"ab", "bytes")):
            with pytest.raises(TypeError, match=r"^sketches: a sequence of kol.Sketch expected, "
                                                r"got %s$" % given):
                call(bad)
    assert kol.union_estimate([]) == 0.0
    assert [m.shape for m in kol.overlap_matrix([])] == [(0, 0), (0, 0)]
    sk = kol.Sketch(ctx, ids=[1, 2, 3])
    assert kol.union_estimate(iter([sk])) == sk.estimate()
    with pytest.raises(TypeError, match=r"^records: a sequence of kol.Record expected, got int$"):
        kol.Roster(ctx, 5)


def test_containers_and_callbacks_of_the_wrong_type_are_named(ctx):
    roster = kol.Roster(ctx)
    with pytest.raises(TypeError, match=r"^source: an iterable of record dicts or a function "
                                        r"expected, got int$"):
        roster.fill(5)
    with pytest.raises(TypeError, match=r"^source\[1\]: a dict of record fields expected, "
                                        r"got int \(None skips one\)$"):
        roster.fill([{"id": "a"}, 5])
    with pytest.raises(TypeError, match=r"^on_reject: a function expected, got int$"):
        roster.fill([{"id": "a"}], on_reject=5)
    with pytest.raises(TypeError, match=r"^predicate: a function expected, got NoneType$"):
        roster.remove_if(None)
    with pytest.raises(TypeError, match=r"^index: integer expected, got str$"):
        roster["a"]
    assert len(roster) == 0
    roi = kol.Roi(ctx)
    with pytest.raises(TypeError, match=r"^source\[0\]: a delivery dict expected, got int"):
        roi.fill([5])
    with pytest.raises(TypeError, match=r"^source: an iterable of delivery dicts expected, "
                                        r"got NoneType$"):
        roi.fill(None)
    with pytest.raises(TypeError, match=r"^deliveries: an iterable of delivery dicts expected"):
        kol.Roi(ctx, 5)
    with pytest.raises(TypeError, match=r"^fields: a mapping \{name: value\} expected, got list$"):
        kol.Delivery(ctx).update([("cost", 1)])
    assert len(roi) == 0
    with pytest.raises(TypeError, match=r"^metrics: a mapping \{metric: value\} expected, "
                                        r"got list$"):
        kol.Record(ctx, "a", metrics=[("followers", 1)])
    with pytest.raises(TypeError, match=r"^shares: a mapping \{label: weight\} expected, got str$"):
        kol.Record(ctx, "a").set_portrait("gender", "female")
    with pytest.raises(TypeError, match=r"^portrait: a mapping"):
        kol.Record(ctx, "a", portrait=[1])
    with pytest.raises(TypeError, match=r"^channels: a sequence of channel names or codes "
                                        r"expected, got str$"):
        kol.Traffic(ctx, "views")
    with pytest.raises(TypeError, match=r"^columns: a sequence of feature names or codes"):
        kol.Audience(ctx).score("followers", [[1.0]])
    t = kol.Traffic(ctx, ["views"])
    with pytest.raises(TypeError, match=r"^on_result: a function expected, got str$"):
        t.feed([0], [[1.0]], on_result="x")
    with pytest.raises(TypeError, match=r"^on_block: a function expected, got int$"):
        t.finish_blocks(on_block=5)
    with pytest.raises(TypeError, match=r"^chunks: an iterable of \(timestamps, rows\) pairs "
                                        r"expected, got int$"):
        t.run(5)
    with pytest.raises(TypeError, match=r"^chunks\[1\]: a \(timestamps, rows\) pair expected, "
                                        r"got int$"):
        t.run([([0], [[1.0]]), 5])
    with pytest.raises(TypeError, match=r"^fn: a function expected, got int$"):
        ctx.set_progress(5)
    model = kol.ValueModel(ctx)
    with pytest.raises(TypeError, match=r"^fn: a function expected, got str$"):
        model.add_metric("custom", "x")
    with pytest.raises(TypeError, match=r"^columns: a mapping \{column: array\} or a sequence "
                                        r"of arrays expected, got str$"):
        model.score_columns("abc")
    with pytest.raises(TypeError, match=r"^n_rows: integer expected, got str$"):
        model.score_columns({"followers": [1.0]}, n_rows="1")
    with pytest.raises(TypeError, match=r"^items: a sequence of str or bytes expected, "
                                        r"got NoneType$"):
        kol.Sketch(ctx).add_strings(None)


# -- the sweep ---------------------------------------------------------------------

OTHER = "other"     # an open object of a class no argument takes (a Plan)

#: Bad values of each kind of argument ("?": None is taken there).
BAD = {
    "num": ["0.9", b"2", True, None, [1.0], object(), OTHER],
    "int": ["1", 1.5, True, None, b"1", [1], OTHER],
    "text": [5, 1.5, [b"x"], object(), OTHER],
    "name": ["nosuch", 1.5, None, b"x", [1], OTHER],
    "array": ["abc", b"abc", bytearray(b"abc"), memoryview(b"abc"), 5, object(), ["x"],
              [None], None, OTHER],
    "rows": ["abc", b"abc", 5, ["x"], [[b"x"]], None, OTHER],
    "handle": [5, "x", None, object(), OTHER],
    "handles": [None, 5, "ab", b"ab", [5], [OTHER]],
    "names": [None, 5, "ab", b"ab", [1.5], [None], [object()], [OTHER]],
    "mapping": [[("a", 1)], "abc", 5, None, OTHER],
    "items": [None, 5, object(), [5], [object()]],
    "func": [5, "x", object(), OTHER],
    "bytes": [5, 1.5, None, object(), OTHER],
}


def _bad_values(kind):
    base = kind.rstrip("?")
    values = BAD[base]
    if kind.endswith("?"):
        values = [v for v in values if v is not None]
    if base == "func" and not kind.endswith("?"):
        values = values + [None]
    return values


def _fixture(ctx):
    f = {"ctx": ctx, "kol": kol}
    f["rec"] = kol.Record(ctx, "a", metrics={"followers": 12000.0})
    f["roster"] = kol.Roster(ctx)
    f["roster"].fill(sample_records())
    f["model"] = kol.ValueModel(ctx)
    f["result"] = f["model"].score_roster(f["roster"])
    f["tiers"], f["traffic"] = kol.Tiers(ctx), kol.Traffic(ctx)
    f["sanity"], f["audience"] = kol.Sanity(ctx), kol.Audience(ctx)
    f["hist"], f["hist2"] = kol.CostHistory(ctx), kol.CostHistory(ctx)
    f["delivery"] = kol.Delivery(ctx)
    f["roi"] = kol.Roi(ctx, [{"kol_id": "k", "cost": 10.0, "views": 100.0}])
    f["report"] = f["roi"].report("kol")
    f["sketch"], f["sketch2"] = kol.Sketch(ctx, 10), kol.Sketch(ctx, 10)
    f["planner"] = kol.Planner(ctx, budget=10)
    f["planner"].set_candidates([1.0], value=[1.0])
    f[OTHER] = f["planner"].run()
    return f


CELL = {"platform": "douyin", "tier": "waist", "category": "beauty"}
CELL_KINDS = {"platform": "text", "tier": "text", "category": "text?"}

#: (label, fixture object or "kol" module, attribute path, valid keyword
#: arguments (a str naming a fixture object where kind is handle), kinds
#: {argument: kind or (kind, name in the error)}).
SWEEP = [
    ("Context.set_progress", "ctx", "set_progress", {"fn": None}, {"fn": "func?"}),
    ("Record", "kol", "Record", {"ctx": "ctx", "id": "a", "metrics": {}, "portrait": {}},
     {"ctx": "handle", "id": "text?", "name": "text?", "platform": "text?",
      "category": "text?", "metrics": "mapping?", "portrait": "mapping?"}),
    ("Record.__getitem__", "rec", "__getitem__", {"metric": "followers"}, {"metric": "name"}),
    ("Record.set_text", "rec", "set_text", {"field": "name", "value": "x"},
     {"field": ("name", "text field"), "value": ("text?", "text field")}),
    ("Record.text", "rec", "text", {"field": "name"}, {"field": ("name", "text field")}),
    ("Record.set_metric", "rec", "set_metric", {"metric": "followers", "value": 1.0},
     {"metric": "name", "value": ("num", "followers")}),
    ("Record.set_metrics", "rec", "set_metrics", {"metrics": {}}, {"metrics": "mapping"}),
    ("Record.clear_metric", "rec", "clear_metric", {"metric": "posts"}, {"metric": "name"}),
    ("Record.has_metric", "rec", "has_metric", {"metric": "posts"}, {"metric": "name"}),
    ("Record.get_metric", "rec", "get_metric", {"metric": "followers"}, {"metric": "name"}),
    ("Record.set_portrait", "rec", "set_portrait", {"dimension": "gender", "shares": {}},
     {"dimension": ("name", "portrait dimension"), "shares": "mapping"}),
    ("Record.portrait", "rec", "portrait", {"dimension": "gender"},
     {"dimension": ("name", "portrait dimension")}),
    ("Record.portrait_share", "rec", "portrait_share", {"dimension": "gender", "label": "f"},
     {"dimension": ("name", "portrait dimension"), "label": "text"}),
    ("Roster", "kol", "Roster", {"ctx": "ctx", "records": []},
     {"ctx": "handle", "records": ("handles", "records")}),
    ("Roster.add", "roster", "add", {"rec": "rec"}, {"rec": "handle"}),
    ("Roster.fill", "roster", "fill", {"source": [], "on_reject": None},
     {"source": "items", "on_reject": "func?"}),
    ("Roster.find", "roster", "find", {"id": "a"}, {"id": "text"}),
    ("Roster.remove", "roster", "remove", {"id": "zz"}, {"id": "text"}),
    ("Roster.remove_if", "roster", "remove_if", {"predicate": lambda r: False},
     {"predicate": "func"}),
    ("Roster.__getitem__", "roster", "__getitem__", {"index": 0}, {"index": "int"}),
    ("ValueModel", "kol", "ValueModel", {"ctx": "ctx", "goal": "balanced"},
     {"ctx": "handle", "goal": "name"}),
    ("ValueModel.set_goal", "model", "set_goal", {"goal": "balanced"}, {"goal": "name"}),
    ("ValueModel.set_param", "model", "set_param", {"param": "band_floor", "value": 1.0},
     {"param": ("name", "parameter"), "value": ("num", "band_floor")}),
    ("ValueModel.get_param", "model", "get_param", {"param": "band_floor"},
     {"param": ("name", "parameter")}),
    ("ValueModel.metric_name", "model", "metric_name", {"code": 0}, {"code": ("int", "metric")}),
    ("ValueModel.set_metric", "model", "set_metric",
     {"metric": "reach", "weight": 1.0, "norm": "cohort"},
     {"metric": ("name", "sub-metric"), "weight": "num", "norm": "name"}),
    ("ValueModel.get_metric", "model", "get_metric", {"metric": "reach"},
     {"metric": ("name", "sub-metric")}),
    ("ValueModel.add_metric", "model", "add_metric",
     {"name": "c", "fn": lambda r: 1.0, "component": "fan", "weight": 1.0, "norm": "cohort"},
     {"name": "text", "fn": "func", "component": "name", "weight": "num", "norm": "name"}),
    ("ValueModel.set_bands", "model", "set_bands", {"edges": [10.0, 100.0]}, {"edges": "array"}),
    ("ValueModel.set_target", "model", "set_target", {"dimension": "gender", "shares": {}},
     {"dimension": ("name", "portrait dimension"), "shares": "mapping"}),
    ("ValueModel.portrait_match", "model", "portrait_match", {"rec": "rec"}, {"rec": "handle"}),
    ("ValueModel.set_reference", "model", "set_reference", {"roster": None},
     {"roster": "handle?"}),
    ("ValueModel.score_columns", "model", "score_columns",
     {"columns": {"followers": [1.0]}, "n_rows": None, "out": None, "contributions": False},
     {"columns": "mapping", "n_rows": "int?", "out": "array?", "contributions": "array?"}),
    ("ValueModel.set_reference_columns", "model", "set_reference_columns",
     {"columns": {"followers": [1.0]}, "n_rows": None},
     {"columns": "mapping", "n_rows": "int?"}),
    ("ValueModel.score_record", "model", "score_record", {"rec": "rec"}, {"rec": "handle"}),
    ("ValueModel.score_roster", "model", "score_roster", {"roster": "roster"},
     {"roster": "handle"}),
    ("ValueResult.get", "result", "get", {"index": 0, "field": "total"},
     {"index": "int", "field": "name"}),
    ("ValueResult.row", "result", "row", {"index": 0}, {"index": "int"}),
    ("ValueResult.contribution", "result", "contribution", {"index": 0, "metric": "reach"},
     {"index": "int", "metric": "name"}),
    ("ValueResult.contributions", "result", "contributions", {"index": 0}, {"index": "int"}),
    ("ValueResult.rank", "result", "rank", {"rank": 0}, {"rank": "int"}),
    ("Tiers", "kol", "Tiers", {"ctx": "ctx", "scheme": "cn"},
     {"ctx": "handle", "scheme": ("name", "tier scheme")}),
    ("Tiers.set_param", "tiers", "set_param", {"param": "koc_max_followers", "value": 1.0},
     {"param": ("name", "parameter"), "value": ("num", "koc_max_followers")}),
    ("Tiers.get_param", "tiers", "get_param", {"param": "koc_max_followers"},
     {"param": ("name", "parameter")}),
    ("Tiers.set_ladder", "tiers", "set_ladder",
     {"platform": "douyin", "thresholds": [1.0, 2.0, 3.0, 4.0]},
     {"platform": "text?", "thresholds": "array"}),
    ("Tiers.ladder", "tiers", "ladder", {"platform": "douyin"}, {"platform": "text?"}),
    ("Tiers.classify", "tiers", "classify", {"rec": "rec"}, {"rec": "handle"}),
    ("Tiers.level_name", "tiers", "level_name", {"level": 0}, {"level": "int"}),
    ("Tiers.classify_followers", "tiers", "classify_followers",
     {"followers": [1.0], "platform": None}, {"followers": "array", "platform": "text?"}),
    ("Tiers.koc", "tiers", "koc", {"rec": "rec"}, {"rec": "handle"}),
    ("Tiers.stage", "tiers", "stage", {"rec": "rec"}, {"rec": "handle"}),
    ("tier_by_quantiles", "kol", "tier_by_quantiles",
     {"ctx": "ctx", "scores": [1.0, 2.0], "probs": [0.5]},
     {"ctx": "handle", "scores": "array", "probs": "array"}),
    ("Traffic", "kol", "Traffic", {"ctx": "ctx", "channels": ["views"]},
     {"ctx": "handle", "channels": "names"}),
    ("Traffic.set_param", "traffic", "set_param", {"param": "step", "value": 60.0},
     {"param": ("name", "parameter"), "value": ("num", "step")}),
    ("Traffic.get_param", "traffic", "get_param", {"param": "step"},
     {"param": ("name", "parameter")}),
    ("Traffic.feed", "traffic", "feed",
     {"timestamps": [0], "values": [[1.0, 1.0]], "on_result": None},
     {"timestamps": "array", "values": "rows", "on_result": "func?"}),
    ("Traffic.finish", "traffic", "finish", {"on_result": None}, {"on_result": "func?"}),
    ("Traffic.run", "traffic", "run", {"chunks": [], "on_result": None},
     {"chunks": "items", "on_result": "func?"}),
    ("Traffic.feed_blocks", "traffic", "feed_blocks",
     {"timestamps": [0], "values": [[1.0, 1.0]], "on_block": None},
     {"timestamps": "array", "values": "rows", "on_block": "func?"}),
    ("Traffic.finish_blocks", "traffic", "finish_blocks", {"on_block": None},
     {"on_block": "func?"}),
    ("Traffic.run_blocks", "traffic", "run_blocks", {"chunks": [], "on_block": None},
     {"chunks": "items", "on_block": "func?"}),
    ("Traffic.totals", "traffic", "totals", {"channel": 0}, {"channel": "int"}),
    ("Sanity", "kol", "Sanity", {"ctx": "ctx"}, {"ctx": "handle", "tolerance": "num"}),
    ("Sanity.set_param", "sanity", "set_param", {"param": "tolerance", "value": 1.0},
     {"param": ("name", "parameter"), "value": ("num", "tolerance")}),
    ("Sanity.get_param", "sanity", "get_param", {"param": "tolerance"},
     {"param": ("name", "parameter")}),
    ("Sanity.set_benchmark", "sanity", "set_benchmark", {"band": "micro", "median_rate": 0.05},
     {"band": ("name", "band"), "median_rate": "num"}),
    ("Sanity.benchmark", "sanity", "benchmark", {"band": "micro"}, {"band": ("name", "band")}),
    ("Sanity.check", "sanity", "check", {"rec": "rec"}, {"rec": "handle"}),
    ("Sanity.follower_spikes", "sanity", "follower_spikes", {"followers": [1.0, 2.0]},
     {"followers": "array"}),
    ("Audience", "kol", "Audience", {"ctx": "ctx"}, {"ctx": "handle", "prior": "num"}),
    ("Audience.set_param", "audience", "set_param", {"param": "prior", "value": 0.5},
     {"param": ("name", "parameter"), "value": ("num", "prior")}),
    ("Audience.get_param", "audience", "get_param", {"param": "prior"},
     {"param": ("name", "parameter")}),
    ("Audience.score", "audience", "score", {"columns": ["followers"], "values": [[1.0]]},
     {"columns": "names", "values": "rows"}),
    ("Audience.real_ratio", "audience", "real_ratio", {"fake_prob": [0.5], "verdicts": None},
     {"fake_prob": "array", "verdicts": "array?"}),
    ("CostHistory", "kol", "CostHistory", {"ctx": "ctx", "alpha": 0.01},
     {"ctx": "handle", "alpha": "num?"}),
    ("CostHistory.add", "hist", "add", dict(CELL, cost=1.0),
     dict(CELL_KINDS, cost="num", exposure="num", engagements="num", orders="num")),
    ("CostHistory.merge", "hist", "merge", {"other": "hist2"}, {"other": "handle"}),
    ("CostHistory.count", "hist", "count", dict(CELL, measure="cpm"),
     dict(CELL_KINDS, measure=("name", "cost measure"))),
    ("CostHistory.quantile", "hist", "quantile", dict(CELL, measure="cpm", q=0.5),
     dict(CELL_KINDS, measure=("name", "cost measure"), q="num")),
    ("CostHistory.percentile", "hist", "percentile", dict(CELL, measure="cpm", value=1.0),
     dict(CELL_KINDS, measure=("name", "cost measure"), value="num")),
    ("CostHistory.quote", "hist", "quote", dict(CELL, quote=1.0),
     dict(CELL_KINDS, quote="num", exposure="num", q_low="num", q_high="num")),
    ("CostHistory.deserialize", "kol", "CostHistory.deserialize", {"ctx": "ctx", "data": b""},
     {"ctx": "handle", "data": "bytes"}),
    ("Delivery", "kol", "Delivery", {"ctx": "ctx"},
     {"ctx": "handle", "kol_id": ("text?", "delivery key"), "cost": "num"}),
    ("Delivery.update", "delivery", "update", {"fields": {}}, {"fields": "mapping"}),
    ("Delivery.set_key", "delivery", "set_key", {"key": "kol_id", "value": "a"},
     {"key": ("name", "delivery key"), "value": ("text?", "delivery key")}),
    ("Delivery.set", "delivery", "set", {"field": "cost", "value": 1.0},
     {"field": ("name", "delivery field"), "value": ("num", "cost")}),
    ("Delivery.clear", "delivery", "clear", {"field": "cost"},
     {"field": ("name", "delivery field")}),
    ("Roi", "kol", "Roi", {"ctx": "ctx", "deliveries": []},
     {"ctx": "handle", "deliveries": ("items", "deliveries")}),
    ("Roi.set_param", "roi", "set_param", {"param": "confidence", "value": 0.9},
     {"param": ("name", "parameter"), "value": ("num", "confidence")}),
    ("Roi.get_param", "roi", "get_param", {"param": "confidence"},
     {"param": ("name", "parameter")}),
    ("Roi.add", "roi", "add", {"delivery": "delivery"}, {"delivery": "handle"}),
    ("Roi.fill", "roi", "fill", {"source": [], "on_reject": None},
     {"source": "items", "on_reject": "func?"}),
    ("Roi.report", "roi", "report", {"group": "kol"}, {"group": ("name", "group")}),
    ("Roi.incrementality", "roi", "incrementality",
     {"baseline": [1.0, 2.0], "during": [3.0], "cost": 1.0},
     {"baseline": "array", "during": "array", "cost": "num"}),
    ("Roi.feed_cost", "roi", "feed_cost", {"history": "hist"}, {"history": "handle"}),
    ("RoiReport.key", "report", "key", {"row": 0}, {"row": "int"}),
    ("RoiReport.get", "report", "get", {"row": 0, "metric": "cpm", "basis": "reported"},
     {"row": "int", "metric": ("name", "metric"), "basis": "name"}),
    ("RoiReport.interval", "report", "interval", {"row": 0, "metric": "roi", "basis": "reported"},
     {"row": "int", "metric": ("name", "metric"), "basis": "name"}),
    ("RoiReport.row", "report", "row", {"row": 0, "basis": "reported"},
     {"row": "int", "basis": "name"}),
    ("RoiReport.rank", "report", "rank", {"metric": "roi", "basis": "reported"},
     {"metric": ("name", "metric"), "basis": "name"}),
    ("RoiReport.coverage", "report", "coverage", {"sketches": {}}, {"sketches": "mapping"}),
    ("RoiReport.outliers", "report", "outliers", {"metric": "cpm", "basis": "reported"},
     {"metric": ("name", "metric"), "basis": "name"}),
    ("Sketch", "kol", "Sketch", {"ctx": "ctx", "precision": 10, "seed": 7, "ids": None},
     {"ctx": "handle", "precision": "int?", "seed": "int", "ids": "array?"}),
    ("Sketch.add_ids", "sketch", "add_ids", {"ids": [1]}, {"ids": "array"}),
    ("Sketch.add", "sketch", "add", {"item": "x"}, {"item": "bytes"}),
    ("Sketch.add_strings", "sketch", "add_strings", {"items": ["x"]}, {"items": "items"}),
    ("Sketch.merge", "sketch", "merge", {"other": "sketch2"}, {"other": "handle"}),
    ("Sketch.overlap", "sketch", "overlap", {"other": "sketch2"}, {"other": "handle"}),
    ("Sketch.deserialize", "kol", "Sketch.deserialize", {"ctx": "ctx", "data": b""},
     {"ctx": "handle", "data": "bytes"}),
    ("union_estimate", "kol", "union_estimate", {"sketches": []}, {"sketches": "handles"}),
    ("overlap_matrix", "kol", "overlap_matrix", {"sketches": [], "cols": None},
     {"sketches": "handles", "cols": "handles?"}),
    ("Planner", "kol", "Planner", {"ctx": "ctx", "budget": 1.0, "objective": "value"},
     {"ctx": "handle", "budget": ("num?", "budget"), "objective": ("name?", "objective")}),
    ("Planner.set_param", "planner", "set_param", {"param": "budget", "value": 1.0},
     {"param": ("name", "parameter"), "value": ("num", "budget")}),
    ("Planner.get_param", "planner", "get_param", {"param": "budget"},
     {"param": ("name", "parameter")}),
    ("Planner.set_candidates", "planner", "set_candidates", {"cost": [1.0]},
     {"cost": "array", "value": "array?", "conversions": "array?", "tier": "array?",
      "platform": "array?", "category": "array?"}),
    ("Planner.set_audiences", "planner", "set_audiences", {"sketches": []},
     {"sketches": "handles"}),
    ("Planner.set_choice", "planner", "set_choice", {"index": 0, "choice": "require"},
     {"index": "int", "choice": "name"}),
    ("Planner.set_tier_limit", "planner", "set_tier_limit", {"tier": 0, "min": 0, "max": 1},
     {"tier": "int", "min": "int", "max": "int"}),
    ("Planner.set_platform_share", "planner", "set_platform_share",
     {"platform": 0, "min_share": 0.0, "max_share": 1.0},
     {"platform": "int", "min_share": "num", "max_share": "num"}),
    ("Planner.set_category_max", "planner", "set_category_max", {"category": 0, "max": 1},
     {"category": "int", "max": "int"}),
    ("metric_code", "kol", "metric_code", {"metric": "followers"}, {"metric": "name"}),
    ("metric_bounds", "kol", "metric_bounds", {"metric": "followers"}, {"metric": "name"}),
    ("metric_name", "kol", "metric_name", {"code": 0}, {"code": ("int", "metric")}),
    ("status_str", "kol", "status_str", {"status": 0}, {"status": "int"}),
    ("sanity.size_band_of", "kol", "sanity.size_band_of", {"followers": 1000.0},
     {"followers": "num"}),
    ("sanity.reason", "kol", "sanity.reason", {"verdict": 0}, {"verdict": "int"}),
    ("traffic.channel_code", "kol", "traffic.channel_code", {"name": "views"},
     {"name": ("text", "channel")}),
    ("traffic.channel_name", "kol", "traffic.channel_name", {"code": 0}, {"code": ("int", "channel")}),
    ("traffic.reason_names", "kol", "traffic.reason_names", {"bits": 1}, {"bits": "int"}),
    ("audience_quality.feature_code", "kol", "audience_quality.feature_code",
     {"name": "followers"}, {"name": ("text", "feature")}),
    ("audience_quality.feature_name", "kol", "audience_quality.feature_name", {"code": 0},
     {"code": ("int", "feature")}),
    ("planner.reason_name", "kol", "planner.reason_name", {"code": 0}, {"code": ("int", "reason")}),
    ("sketch.standard_error", "kol", "sketch.standard_error", {"precision": 10},
     {"precision": "int"}),
    ("cost.measure_name", "kol", "cost.measure_name", {"code": 0}, {"code": ("int", "measure")}),
    ("roi.field_name", "kol", "roi.field_name", {"code": 0}, {"code": ("int", "field")}),
    ("roi.key_name", "kol", "roi.key_name", {"code": 0}, {"code": ("int", "key")}),
    ("roi.metric_name", "kol", "roi.metric_name", {"code": 0}, {"code": ("int", "metric")}),
    ("record.text_name", "kol", "record.text_name", {"field": 0}, {"field": "int"}),
    ("record.dimension_name", "kol", "record.dimension_name", {"code": 0}, {"code": ("int", "dimension")}),
    ("value.metric_name", "kol", "value.metric_name", {"code": 0}, {"code": ("int", "metric")}),
    ("tier.stage_name", "kol", "tier.stage_name", {"code": 0}, {"code": ("int", "stage")}),
    ("tier.koc_name", "kol", "tier.koc_name", {"code": 0}, {"code": ("int", "verdict")}),
] + [("%s.param_bounds" % m, "kol", "%s.param_bounds" % m, {"param": p},
      {"param": ("name", "parameter")})
     for m, p in (("sanity", "tolerance"), ("tier", "koc_max_followers"), ("roi", "confidence"),
                  ("traffic", "step"), ("value", "band_floor"), ("audience_quality", "prior"),
                  ("planner", "budget"))] + [
    ("sketch.param_bounds", "kol", "sketch.param_bounds", {"param": 0}, {"param": "int"}),
]

#: Methods and functions the sweep leaves out: the binding's machinery.
SKIP = {"Context.check", "Context.call", "Context.callback", "Context.progress_bar",
        "Context", "kol.load_library"}

# the public classes and modules whose calls the sweep must cover
_CLASSES = [getattr(kol, n) for n in kol.__all__
            if inspect.isclass(getattr(kol, n)) and (issubclass(getattr(kol, n), kol.Handle)
                                                     or getattr(kol, n) is kol.Context)]
_MODULES = ["record", "roster", "cost", "roi", "sketch", "planner", "value", "tier", "traffic",
            "sanity", "audience_quality"]


def _takes_arguments(fn, bound):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    params = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY,
                                              p.POSITIONAL_ONLY)]
    return len(params) > (1 if bound else 0)


def _public_calls():
    names = set()
    for cls in _CLASSES:
        if cls is not kol.Context and _takes_arguments(cls.__init__, True):
            names.add(cls.__name__)
        for name, fn in vars(cls).items():
            if name.startswith("_") and name != "__getitem__":
                continue
            if isinstance(fn, classmethod):
                if _takes_arguments(fn.__func__, True):
                    names.add("%s.%s" % (cls.__name__, name))
            elif inspect.isfunction(fn):
                if _takes_arguments(fn, True):
                    names.add("%s.%s" % (cls.__name__, name))
    for mod_name in _MODULES:
        mod = getattr(kol, mod_name)
        for name, fn in vars(mod).items():
            if (inspect.isfunction(fn) and not name.startswith("_")
                    and fn.__module__ == mod.__name__ and _takes_arguments(fn, False)):
                names.add("%s.%s" % (mod_name, name))
    return names


def _swept_names():
    names = set()
    for label, target, path, _, _ in SWEEP:
        names.add(label)
        if target == "kol" and "." not in path:
            # a function exported by the package: its module's name too
            fn = getattr(kol, path)
            if inspect.isfunction(fn):
                names.add("%s.%s" % (fn.__module__.split(".")[-1], path))
    return names


def _resolve(f, target, path):
    obj = f[target]
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


_ERRORS = (TypeError, ValueError, OverflowError, LookupError, kol.KolError)


def _sweep_case(ctx, case):
    """The wrong answers of one call of the sweep to its bad values."""
    label, target, path, valid, kinds = case
    f = _fixture(ctx)
    fn = _resolve(f, target, path)
    wrong = []
    for arg, kind in kinds.items():
        kind, named = kind if isinstance(kind, tuple) else (kind, arg)
        for bad in _bad_values(kind):
            args = {}
            for k, v in valid.items():
                handle_kind = kinds.get(k, "")
                handle_kind = handle_kind[0] if isinstance(handle_kind, tuple) else handle_kind
                args[k] = f[v] if handle_kind.startswith("handle") and isinstance(v, str) else v
            args[arg] = f[OTHER] if bad is OTHER else (
                [f[OTHER]] if isinstance(bad, list) and bad == [OTHER] else bad)
            try:
                fn(**args)
            except ctypes.ArgumentError as e:
                wrong.append("%s=%r: raw ctypes error: %s" % (arg, bad, e))
            except _ERRORS as e:
                text = str(e)
                if named not in text and not (isinstance(bad, str) and repr(bad) in text):
                    wrong.append("%s=%r: %s not named: %s: %s"
                                 % (arg, bad, named, type(e).__name__, text))
            except Exception as e:  # noqa: B902 - any other is a raw error
                wrong.append("%s=%r: raw %s: %s" % (arg, bad, type(e).__name__, e))
            else:
                wrong.append("%s=%r: accepted" % (arg, bad))
    return ["%s: %s" % (label, w) for w in wrong]


def test_sweep_a_bad_value_in_any_argument_raises_the_bindings_error():
    # every public call that takes an argument is swept (a new one must be
    # added to SWEEP)
    assert sorted(_public_calls() - _swept_names() - SKIP) == [], "calls missing from SWEEP"
    wrong = []
    for case in SWEEP:
        # a context of its own: a bad value a call took cannot upset the next
        with kol.Context() as own:
            try:
                wrong += _sweep_case(own, case)
            except Exception as e:  # noqa: B902 - the case's valid objects failed
                wrong.append("%s: %s: %s" % (case[0], type(e).__name__, e))
    assert wrong == [], "%d wrong answers:\n%s" % (len(wrong), "\n".join(wrong))
