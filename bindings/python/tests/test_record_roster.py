import pytest

import kol
from conftest import sample_records


def test_metric_names_roundtrip():
    n = kol.metric_count()
    assert n >= 23
    for code in range(n):
        assert kol.metric_code(kol.metric_name(code)) == code
    assert kol.metric_name(n) is None
    with pytest.raises(kol.NotFoundError):
        kol.metric_code("no_such_metric")
    assert kol.metric_bounds("real_follower_ratio") == (0.0, 1.0)


def test_record_fields_and_metrics(ctx):
    rec = kol.Record(ctx, "k1", name="Alice", platform="douyin", category="beauty",
                     metrics={"followers": 12000, "avg_likes": 800})
    assert (rec.id, rec.name, rec.platform, rec.category) == ("k1", "Alice", "douyin", "beauty")
    assert rec["followers"] == 12000
    assert "avg_likes" in rec and "price" not in rec
    rec["price"] = 300
    assert rec.metrics() == {"followers": 12000.0, "avg_likes": 800.0, "price": 300.0}
    rec.clear_metric("price")
    with pytest.raises(kol.NotFoundError):
        rec.get_metric("price")
    assert rec.get_metric("price", None) is None
    rec.name = None
    assert rec.name is None


def test_record_text_rules(ctx):
    rec = kol.Record(ctx)
    with pytest.raises(kol.InvalidArgumentError) as info:
        rec.set_text("id", "")
    assert info.value.status == 10  # BAD_TEXT
    with pytest.raises(kol.InvalidArgumentError):
        rec.set_text("name", "x" * 2000)
    rec.set_text("name", "李佳琦")
    assert rec.name == "李佳琦"


def test_set_metrics_all_or_nothing(ctx):
    rec = kol.Record(ctx, "k", metrics={"followers": 1})
    with pytest.raises(kol.DomainError):
        rec.set_metrics({"followers": 5, "avg_likes": float("nan")})
    assert rec.metrics() == {"followers": 1.0}


def test_portrait(ctx):
    rec = kol.Record(ctx, "k", portrait={"gender": {"female": 3, "male": 1}})
    p = rec.portrait("gender")
    assert p == pytest.approx({"female": 0.75, "male": 0.25})
    assert rec.portrait_share("gender", "male") == pytest.approx(0.25)
    with pytest.raises(kol.NotFoundError):
        rec.portrait_share("gender", "other")
    with pytest.raises(kol.DomainError):
        rec.set_portrait("age", {"18-24": -1.0, "25-34": 2.0})
    rec.set_portrait("gender", {})
    assert rec.portrait("gender") == {}


def test_clone_is_independent(ctx):
    rec = kol.Record(ctx, "k", metrics={"followers": 10})
    copy = rec.clone()
    copy["followers"] = 20
    assert rec["followers"] == 10 and copy["followers"] == 20


def test_roster_push_and_lookup(ctx):
    roster = kol.Roster(ctx, [kol.Record(ctx, "a"), kol.Record(ctx, "b")])
    assert len(roster) == 2 and roster.ids() == ["a", "b"]
    assert roster.find("b").id == "b"
    assert roster.find("zzz") is None
    assert "a" in roster
    with pytest.raises(kol.ConflictError):
        roster.add(kol.Record(ctx, "a"))
    with pytest.raises(kol.InvalidArgumentError):
        roster.add(kol.Record(ctx))
    roster.remove("a")
    assert roster.ids() == ["b"]
    with pytest.raises(kol.NotFoundError):
        roster.remove("a")
    assert roster[-1].id == "b"
    with pytest.raises(IndexError):
        roster[5]


def test_roster_remove_if(ctx):
    roster = kol.Roster(ctx)
    assert roster.fill(sample_records()) == 6
    before = roster.ids()
    small = [r.id for r in roster if r["followers"] < 100000]
    assert 0 < len(small) < len(before)
    seen = []

    def small_account(rec):
        seen.append(rec.id)
        return rec["followers"] < 100000
    assert roster.remove_if(small_account) == len(small)
    assert seen == before
    assert roster.ids() == [i for i in before if i not in small]
    assert all(roster.find(i) is None for i in small)
    # Python's truth: falsy returns (0, None, "") keep every record.
    for falsy in (0, None, ""):
        assert roster.remove_if(lambda rec, v=falsy: v) == 0
    assert roster.ids() == [i for i in before if i not in small]
    # A predicate that raises: the exception comes out, nothing removed.
    kept = roster.ids()

    def boom(rec):
        raise RuntimeError("predicate failed on " + rec.id)
    with pytest.raises(RuntimeError, match="predicate failed on " + kept[0]):
        roster.remove_if(boom)
    assert roster.ids() == kept
    # The roster cannot be changed from inside the predicate.
    with pytest.raises(kol.KolError, match="called from a callback of kol_roster_remove_if"):
        roster.remove_if(lambda rec: roster.remove(rec.id))
    assert roster.ids() == kept
    assert roster.remove_if(lambda rec: True) == len(kept)
    assert len(roster) == 0


def test_roster_views_go_stale(ctx):
    roster = kol.Roster(ctx, [kol.Record(ctx, "a")])
    view = roster[0]
    assert view.borrowed and view.id == "a"
    kept = view.clone()
    roster.add(kol.Record(ctx, "b"))
    with pytest.raises(ValueError, match="no longer valid"):
        view.id
    assert kept.id == "a"


def test_roster_fill_from_dicts(ctx):
    roster = kol.Roster(ctx)
    specs = sample_records()
    assert roster.fill(specs + [None]) == 6
    assert roster.find("mega-1")["followers"] == 3000000
    assert len(roster) == 6


def test_roster_fill_function_source(ctx):
    roster = kol.Roster(ctx)
    items = iter(range(5))

    def read(rec):
        try:
            i = next(items)
        except StopIteration:
            return kol.READ_END
        if i == 2:
            return kol.READ_SKIP
        rec.id = "r%d" % i
        rec["followers"] = i * 100
        return kol.READ_RECORD
    assert roster.fill(read) == 4
    assert roster.ids() == ["r0", "r1", "r3", "r4"]


def test_roster_fill_rejects(ctx):
    roster = kol.Roster(ctx, [kol.Record(ctx, "a")])
    with pytest.raises(kol.ConflictError):
        roster.fill([{"id": "b"}, {"id": "a"}])
    assert roster.ids() == ["a"]  # all or nothing
    rejected = []
    n = roster.fill([{"id": "b"}, {"id": "a"}, {"followers": 5}],
                    on_reject=lambda i, st, msg: rejected.append((i, st, msg)))
    assert n == 1 and roster.ids() == ["a", "b"]
    assert [(i, st) for i, st, _ in rejected] == [(1, 7), (2, 2)]
    assert all(msg for _, _, msg in rejected)


def test_roster_fill_callback_raises(ctx):
    roster = kol.Roster(ctx, [kol.Record(ctx, "a")])

    def gen():
        yield {"id": "b"}
        raise RuntimeError("source broke")
    with pytest.raises(RuntimeError, match="source broke") as info:
        roster.fill(gen())
    assert isinstance(info.value.__cause__, kol.CallbackError)
    assert roster.ids() == ["a"]
    with pytest.raises(kol.DomainError):  # a setter error inside the source
        roster.fill([{"id": "c", "followers": -1}])
    assert roster.ids() == ["a"]

    def reject_raises(i, st, msg):
        raise ValueError("reject broke")
    with pytest.raises(ValueError, match="reject broke"):
        roster.fill([{"id": "a"}], on_reject=reject_raises)
    assert roster.ids() == ["a"]


def test_views_of_roster_records_are_read_only(ctx):
    r = kol.Roster(ctx)
    r.fill([{"id": "a", "followers": 12000}, {"id": "b", "followers": 800000}])
    v = r[0]
    assert v.readonly and v.borrowed
    with pytest.raises(TypeError, match="read-only"):
        v.id = "zzz"
    with pytest.raises(TypeError, match="read-only"):
        r.find("b").set_metric("followers", 5)
    with pytest.raises(TypeError, match="read-only"):
        r[1].id = None
    with pytest.raises(TypeError, match="read-only"):
        r[1].set_portrait("gender", {"female": 1.0})
    # nothing changed: the index still finds both, and removal works
    assert r.find("a")["followers"] == 12000
    assert r.find("b")["followers"] == 800000
    r.remove("b")
    assert len(r) == 1
    # a clone is writable; a record filled by a source is too
    c = r[0].clone()
    c.id = "zzz"
    assert not c.readonly and c.id == "zzz" and r.find("a") is not None

    calls = []

    def source(rec):
        calls.append(rec.readonly)
        if len(calls) > 1:
            return kol.READ_END
        rec.id = "filled"
        return None
    r.fill(source)
    assert calls == [False, False]
    assert r.find("filled") is not None
