import gc
import math

import pytest

import kol
from conftest import sample_records

np = pytest.importorskip("numpy")


@pytest.fixture
def roster(ctx):
    r = kol.Roster(ctx)
    r.fill(sample_records())
    return r


def columns_of(specs, names):
    return {n: np.array([float(s.get(n, math.nan)) for s in specs]) for n in names}


NAMES = ["followers", "avg_views", "avg_likes", "avg_comments", "follower_growth_30d",
         "price", "posts_30d", "account_age_days"]


def test_score_roster_ranking(ctx, roster):
    model = kol.ValueModel(ctx, goal="balanced")
    res = model.score_roster(roster)
    assert len(res) == 6
    ranking = res.ranking()
    totals = [t for _, t in ranking]
    assert totals == sorted(totals, reverse=True)
    assert sorted(i for i, _ in ranking) == sorted(roster.ids())
    row = res.row(0)
    assert set(row) == set(kol.value.OUTPUTS)
    assert 0 <= row["total"] <= 100
    assert sum(res.contributions(0).values()) == pytest.approx(row["total"])
    assert res.contribution(0, "reach") == res.contributions(0)["reach"]


def test_score_columns_matches_roster(ctx, roster):
    model = kol.ValueModel(ctx)
    res = model.score_roster(roster)
    cols = columns_of(sample_records(), NAMES)
    out = model.score_columns(cols)
    assert out.shape == (6, 6)
    for i in range(6):
        assert out[i, 0] == pytest.approx(res.get(i, "total"), abs=1e-9)


def test_score_columns_writes_into_caller_array(ctx):
    model = kol.ValueModel(ctx)
    cols = columns_of(sample_records(), NAMES)
    out = np.full((6, 6), -1.0)
    got = model.score_columns(cols, out=out)
    assert got is out and (out[:, 0] >= 0).all()
    outs, con = model.score_columns(cols, contributions=True)
    assert con.shape == (6, model.metric_count)
    assert np.allclose(con.sum(axis=1), outs[:, 0])


def test_score_columns_without_numpy_inputs(ctx):
    model = kol.ValueModel(ctx)
    specs = sample_records()
    cols = {n: [float(s[n]) for s in specs] for n in NAMES}
    out = model.score_columns(cols)
    ref = model.score_columns(columns_of(specs, NAMES))
    assert np.array_equal(np.asarray(out), ref)


def test_numpy_dtype_and_contiguity_checked(ctx):
    model = kol.ValueModel(ctx)
    with pytest.raises(TypeError, match="dtype"):
        model.score_columns({"followers": np.array([1, 2, 3], dtype=np.int64)})
    # a strided input is read through a contiguous copy, never in place
    strided = (np.arange(12, dtype=np.float64) * 1000.0)[::2]
    assert not strided.flags.c_contiguous
    assert np.array_equal(model.score_columns({"followers": strided}),
                          model.score_columns({"followers": strided.copy()}))
    # an output array is written in place: a strided one is refused
    with pytest.raises(ValueError, match="contiguous"):
        model.score_columns({"followers": np.ones(3)}, out=np.zeros((3, 12))[:, ::2])
    with pytest.raises(ValueError, match="rows"):
        model.score_columns({"followers": np.ones(3), "avg_likes": np.ones(4)})
    with pytest.raises(ValueError, match="read-only"):
        ro = np.zeros((3, 6))
        ro.flags.writeable = False
        model.score_columns({"followers": np.ones(3)}, out=ro)


def test_score_columns_domain_error(ctx):
    model = kol.ValueModel(ctx)
    with pytest.raises(kol.DomainError) as info:
        model.score_columns({"followers": np.array([1.0, -3.0])})
    assert "followers" in str(info.value)


def test_model_parameters_and_metrics(ctx):
    model = kol.ValueModel(ctx, "conversion")
    ident = model.id
    assert ident.startswith("kol-value/5:")
    lo, hi, default = kol.value.param_bounds("post_log_sd")
    assert lo <= default <= hi
    model.set_param("post_log_sd", 2.0)
    assert model.get_param("post_log_sd") == 2.0
    assert model.id != ident
    with pytest.raises(kol.DomainError):
        model.set_param("post_log_sd", hi * 10)
    with pytest.raises(ValueError):
        model.set_param("no_such_param", 1)
    assert model.metric_names()[:2] == ["reach", "avg_views"]
    model.set_metric("reach", 0.0, "cohort")
    assert model.get_metric("reach")[0] == 0.0
    model.set_goal("balanced")
    model.set_bands([1e3, 1e4, 1e5])
    with pytest.raises(kol.InvalidArgumentError):
        model.set_bands([10.0, 5.0])


def test_reference_and_score_record(ctx, roster):
    model = kol.ValueModel(ctx)
    rec = kol.Record(ctx, "new", metrics={"followers": 50000, "avg_views": 20000,
                                          "avg_likes": 2000, "avg_comments": 100})
    with pytest.raises(kol.StateError):
        model.score_record(rec)
    model.set_reference(roster)
    assert model.has_reference
    r = model.score_record(rec)
    assert 0 <= r["total"] <= 100
    assert sum(r["contributions"].values()) == pytest.approx(r["total"])
    model.set_reference(None)
    assert not model.has_reference
    model.set_reference_columns(columns_of(sample_records(), NAMES))
    assert model.has_reference


def test_target_portrait_match(ctx):
    model = kol.ValueModel(ctx)
    model.set_target("gender", {"female": 0.8, "male": 0.2})
    rec = kol.Record(ctx, "x", portrait={"gender": {"female": 0.5, "male": 0.5}})
    assert model.portrait_match(rec) == pytest.approx(0.7)
    with pytest.raises(kol.NotFoundError):
        model.portrait_match(kol.Record(ctx, "y"))


def test_custom_metric_callback(ctx, roster):
    model = kol.ValueModel(ctx)
    seen = []

    def brand_safety(rec):
        seen.append(rec.id)
        return None if rec.id == "nano-1" else 0.5
    code = model.add_metric("brand_safety", brand_safety, component="fan", weight=2.0,
                            norm="absolute")
    assert code == 18 and model.metric_name(code) == "brand_safety"
    res = model.score_roster(roster)
    assert sorted(seen) == sorted(roster.ids())
    assert res.contribution(roster.ids().index("nano-1"), "brand_safety") == 0.0
    assert res.contribution(roster.ids().index("mega-1"), "brand_safety") > 0
    # the batch path reads the custom metric from its column
    cols = columns_of(sample_records(), NAMES)
    cols["brand_safety"] = np.full(6, 0.5)
    out = model.score_columns(cols)
    assert out.shape == (6, 6)


def test_custom_metric_that_raises(ctx, roster):
    model = kol.ValueModel(ctx)

    def broken(rec):
        raise ArithmeticError("bad metric for %s" % rec.id)
    model.add_metric("broken", broken)
    with pytest.raises(ArithmeticError, match="bad metric") as info:
        model.score_roster(roster)
    assert isinstance(info.value.__cause__, kol.CallbackError)
    assert info.value.__cause__.status == 8


def test_custom_metric_returning_stop_code(ctx, roster):
    model = kol.ValueModel(ctx)
    model.add_metric("m", lambda rec: 1.0)
    assert len(model.score_roster(roster)) == 6


def test_gc_while_callback_registered(ctx, roster):
    model = kol.ValueModel(ctx)

    def install():
        calls = []
        model.add_metric("local", lambda rec: calls.append(1) or 0.25, norm="absolute")
        return calls
    calls = install()
    for _ in range(3):
        gc.collect()
    model.score_roster(roster)
    assert len(calls) == 6
    # The model alone keeps the callback: drop every other reference.
    ids = roster.ids()
    del calls
    gc.collect()
    res = model.score_roster(roster)
    assert len(res) == len(ids)


def test_tiers(ctx):
    tiers = kol.Tiers(ctx, "cn")
    assert tiers.levels == ["koc", "tail", "waist", "shoulder", "head"]
    levels = tiers.classify_followers(np.array([500.0, 2e6, 1e8, math.nan]), "douyin")
    assert list(levels) == sorted(levels[:3]) + [-1]
    assert levels[3] == -1
    rec = kol.Record(ctx, "k", platform="douyin", metrics={"followers": 5e6})
    assert tiers.level_name(tiers.classify(rec)) == "head"
    with pytest.raises(kol.NotFoundError):
        tiers.classify(kol.Record(ctx, "none"))
    assert tiers.platforms == ["douyin", "kuaishou", "xiaohongshu", "bilibili", "weibo"]
    tiers.set_ladder("douyin", [10, 20, 30, 40])
    assert tiers.ladder("douyin") == [10, 20, 30, 40]
    tiers.set_ladder("YouTube", [10, 20, 30, 40])
    assert tiers.platforms[5:] == ["youtube"]
    with pytest.raises(kol.InvalidArgumentError):
        tiers.set_ladder("douyin", [1, 2])
    intl = kol.Tiers(ctx, "intl")
    assert len(intl.levels) == 6
    assert intl.platforms == []


def test_koc_and_stage(ctx):
    tiers = kol.Tiers(ctx)
    koc = kol.Record(ctx, "k", metrics={"followers": 3000, "avg_likes": 300,
                                        "avg_comments": 30, "real_follower_ratio": 0.95})
    assert tiers.koc(koc) == "yes"
    assert tiers.koc(kol.Record(ctx, "u", metrics={"followers": 3000})) == "unknown"
    assert tiers.stage(kol.Record(ctx, "g", metrics={"followers": 3000,
                                                     "follower_growth_30d": 1000})) == "growing"
    assert tiers.stage(kol.Record(ctx, "n")) == "unknown"
    tiers.set_param("koc_max_followers", 1000)
    assert tiers.get_param("koc_max_followers") == 1000
    assert tiers.koc(koc) == "no"


def test_tier_by_quantiles(ctx):
    levels = kol.tier_by_quantiles(ctx, np.arange(1.0, 11.0), [0.5, 0.8])
    assert list(levels) == [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
    with pytest.raises(kol.StateError):
        kol.tier_by_quantiles(ctx, [], [0.5])
    with pytest.raises(kol.DomainError):
        kol.tier_by_quantiles(ctx, [1.0, 2.0], [1.5])


def test_gc_inside_callbacks(ctx, roster):
    """Collections while C is inside a call that holds Python callbacks:
    trampolines, borrowed views and the objects being used survive."""
    model = kol.ValueModel(ctx)

    def churn(rec):
        junk = [kol.Record(ctx, "tmp%d" % i) for i in range(20)]
        del junk
        gc.collect()
        return 0.5
    model.add_metric("churn", churn, norm="absolute")
    ctx.set_progress(lambda d, t: gc.collect() and None)
    res = model.score_roster(roster)
    assert len(res) == 6
    ctx.set_progress(None)
    r2 = kol.Roster(ctx)

    def source():
        for spec in sample_records():
            gc.collect()
            yield spec
    assert r2.fill(source()) == 6


def test_dropping_the_model_frees_its_callbacks(ctx, roster):
    import weakref as _weakref

    class Metric:
        def __call__(self, rec):
            return 0.5
    metric = Metric()
    ref = _weakref.ref(metric)
    model = kol.ValueModel(ctx)
    model.add_metric("m", metric, norm="absolute")
    del metric
    gc.collect()
    assert ref() is not None          # held by the model
    assert len(model.score_roster(roster)) == 6
    del model
    gc.collect()
    assert ref() is None              # released with it
